//! What a run reads and where it writes ([`Plan`]), how ([`Options`]) and
//! what it did ([`Summary`]); and what changed since the warehouse was last
//! written ([`changes`]): every input is compared with the manifest — by
//! its stat when the manifest recorded one, else by its SHA-256 —; a
//! document whose bytes and hints are the same is not read again (and not
//! even loaded from the cache unless its partition is written).

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Duration;

use kommunetall_store::{Target, WriteSummary};

use crate::ingest::{Hints, sha256_hex};
use crate::pipeline::Loaded;
use crate::run::manifest::{Manifest, ManifestDocument};
use crate::{Error, kostra};

/// One file to read.
#[derive(Debug, Clone)]
pub struct Job {
    /// Where to read it.
    pub path: PathBuf,
    /// How to name it in messages and in `document.source_path`.
    pub source_path: String,
    /// What is known beforehand.
    pub hints: Hints,
}

/// Everything a run reads and where it writes.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The documents.
    pub jobs: Vec<Job>,
    /// The warehouse: a folder or an object store URL, and the local DuckDB file.
    pub warehouse: Target,
    /// KOSTRA response stores and query files to load.
    pub kostra: Vec<kostra::Source>,
}

impl Plan {
    /// The plan of `kommunetall extract`: `files` (named as given), read
    /// with `hints`, into `warehouse`.
    #[must_use]
    pub fn of_files(files: Vec<PathBuf>, warehouse: Target, hints: &Hints) -> Plan {
        let jobs = files.into_iter().map(|path| Job {
            source_path: path.to_string_lossy().replace('\\', "/"),
            path,
            hints: hints.clone(),
        });
        Plan {
            jobs: jobs.collect(),
            warehouse,
            kostra: Vec::new(),
        }
    }
}

impl Default for Plan {
    fn default() -> Plan {
        Plan {
            jobs: Vec::new(),
            warehouse: Target::dir(std::path::Path::new("warehouse")),
            kostra: Vec::new(),
        }
    }
}

/// How to run.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Wait this long for another run's lock; `None` fails at once.
    pub wait: Option<Duration>,
    /// Read every document again and rewrite the warehouse even when nothing changed.
    pub force: bool,
    /// Threads for reading documents; 0 = one per core.
    pub threads: usize,
}

/// What a run did.
#[derive(Debug, Default)]
pub struct Summary {
    /// Documents in the warehouse after the run.
    pub documents: usize,
    /// What was written; `None` when the warehouse was already up to date.
    pub written: Option<WriteSummary>,
    /// Source paths read in this run.
    pub extracted: Vec<String>,
    /// Source paths taken unchanged from the cache.
    pub reused: Vec<String>,
    /// Documents that could not be read (each names the file); their previous
    /// version, if any, was kept.
    pub failures: Vec<Error>,
    /// KOSTRA rows loaded.
    pub kostra_rows: usize,
    /// Findings of severity `error` over all documents.
    pub error_findings: usize,
    /// Partitions (municipality and report year) written or removed.
    pub partitions: usize,
}

/// The plan of one or more loaded pipelines (one warehouse).
#[must_use]
pub fn plan_of(loaded: &[Loaded]) -> Plan {
    let mut plan = Plan::default();
    for l in loaded {
        let p = &l.pipeline;
        plan.jobs.extend(p.inputs.iter().map(|i| Job {
            path: l.root.join(&i.path),
            source_path: i.path.to_string_lossy().replace('\\', "/"),
            hints: Hints {
                kind: i.kind,
                municipality_code: Some(p.municipality.code.clone()),
                municipality_name: p.municipality.name.clone(),
                report_year: i.report_year,
            },
        }));
        if let Some(k) = kostra::Source::of(l)
            && !plan.kostra.contains(&k)
        {
            plan.kostra.push(k);
        }
        plan.warehouse = Target::resolve(&l.root, &p.warehouse, p.duckdb.as_deref());
    }
    plan
}

/// What to do with one job. `before` is the previous warehouse's entry for
/// the same source path: the version kept when the file cannot be read now.
#[derive(Debug)]
pub enum Change {
    /// Unchanged: the previous warehouse's entry (the document is in its
    /// cache), with the stat to record now.
    Same(ManifestDocument),
    /// New or changed: read it.
    Read {
        /// The previous version.
        before: Option<ManifestDocument>,
        /// The file's stat to record once it is read ([`stat_of`]; `None`
        /// when it was modified too recently to be trusted next time).
        stat: Option<String>,
    },
    /// The file cannot be read at all.
    Unreadable {
        /// Why, naming the file.
        error: Error,
        /// The previous version.
        before: Option<ManifestDocument>,
    },
}

/// A file modified less than this before a run started may be modified
/// again within the same timestamp tick after it was hashed ("racy", as git
/// calls it): its stat is not recorded, so the next run hashes it again.
const RACY: Duration = Duration::from_secs(2);

/// What a file looks like without reading it: size, modification and
/// change times (ns) and inode — `None` when it changed less than
/// [`RACY`] before `start`. The change time moves on every write and
/// cannot be set back (unlike the modification time, which `touch -d`,
/// `cp -p` or `rsync -t` set), so equal stats mean the bytes hashed before.
#[must_use]
pub fn stat_of(meta: &std::fs::Metadata, start: std::time::SystemTime) -> Option<String> {
    use std::time::UNIX_EPOCH;
    let ns = |t: std::time::SystemTime| t.duration_since(UNIX_EPOCH).ok().map(|d| d.as_nanos());
    let modified = meta.modified().ok()?;
    #[cfg(unix)]
    let (changed, ino) = {
        use std::os::unix::fs::MetadataExt;
        let secs = u64::try_from(meta.ctime()).ok()?;
        let nanos = u32::try_from(meta.ctime_nsec()).ok()?;
        (UNIX_EPOCH + Duration::new(secs, nanos), meta.ino())
    };
    #[cfg(not(unix))]
    let (changed, ino) = (modified, 0u64);
    let latest = modified.max(changed);
    if latest + RACY >= start {
        return None;
    }
    Some(format!(
        "size={};mtime={};ctime={};ino={ino}",
        meta.len(),
        ns(modified)?,
        ns(changed)?
    ))
}

/// Compares every input with the previous manifest; one [`Change`] per job,
/// in job order. A file whose path, hints and stat ([`stat_of`]) equal the
/// manifest's is unchanged without being read; any other is hashed (on
/// `threads` threads, 0 = one per core: at national scale the inputs are a
/// gigabyte) and compared by its SHA-256. With `rehash` (`--force`, a
/// changed configuration) every file is hashed, and with `force` every
/// readable one is read again. Bytes are not kept between hashing and
/// reading (3 600 reports would be gigabytes): the reader reads the file
/// again.
#[must_use]
pub fn changes(
    plan: &Plan,
    previous: Option<&Manifest>,
    force: bool,
    rehash: bool,
    threads: usize,
) -> Vec<Change> {
    changes_at(
        plan,
        previous,
        (force, rehash),
        threads,
        std::time::SystemTime::now(),
    )
}

/// [`changes`] of a run started at `start`; `(force, rehash)`.
fn changes_at(
    plan: &Plan,
    previous: Option<&Manifest>,
    (force, rehash): (bool, bool),
    threads: usize,
    start: std::time::SystemTime,
) -> Vec<Change> {
    use rayon::prelude::*;
    let by_path: HashMap<&str, &ManifestDocument> = previous
        .map(|m| {
            m.documents
                .iter()
                .map(|d| (d.source_path.as_str(), d))
                .collect()
        })
        .unwrap_or_default();
    let one = |job: &Job| {
        let before = by_path.get(job.source_path.as_str()).map(|d| (*d).clone());
        // The stat is taken before the bytes are read: a write in between
        // leaves a newer stat than the one recorded, so the next run hashes.
        let stat = match std::fs::metadata(&job.path) {
            Ok(m) => stat_of(&m, start),
            Err(e) => {
                let error = Error::unreadable(&job.source_path, e);
                return Change::Unreadable { error, before };
            }
        };
        if let (Some(b), Some(s), false) = (&before, &stat, rehash || force)
            && b.is_by_stat(&job.source_path, s, &job.hints)
        {
            return Change::Same(b.clone());
        }
        let sha = match std::fs::read(&job.path) {
            Ok(bytes) => sha256_hex(&bytes),
            Err(e) => {
                let error = Error::unreadable(&job.source_path, e);
                return Change::Unreadable { error, before };
            }
        };
        match before {
            Some(mut b) if !force && b.is(&job.source_path, &sha, &job.hints) => {
                b.stat = stat;
                Change::Same(b)
            }
            before => Change::Read { before, stat },
        }
    };
    match rayon::ThreadPoolBuilder::new().num_threads(threads).build() {
        Ok(pool) => pool.install(|| plan.jobs.par_iter().map(&one).collect()),
        Err(_) => plan.jobs.iter().map(&one).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::SystemTime;

    fn entry(job: &Job, sha256: &str, stat: Option<String>) -> ManifestDocument {
        let mut d: ManifestDocument = serde_json::from_value(serde_json::json!({
            "source_path": job.source_path, "sha256": sha256, "document_id": "d",
            "hints": "", "kind": "pdf", "municipality_code": "5001", "report_year": 2024,
        }))
        .expect("entry");
        d.hints = ManifestDocument::of_hints(&job.hints);
        d.stat = stat;
        d
    }

    /// A recorded stat stands for the bytes hashed before (the file is not
    /// read: a wrong recorded hash is believed); a rewrite of the same size,
    /// `rehash` or a file changed just before the run is hashed again.
    #[test]
    fn a_recorded_stat_spares_the_hash_until_the_file_changes() {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("a.pdf");
        std::fs::write(&path, b"one").expect("w");
        let job = Job {
            path: path.clone(),
            source_path: "raw/a.pdf".into(),
            hints: Hints::default(),
        };
        let plan = Plan {
            jobs: vec![job.clone()],
            ..Plan::default()
        };
        let later = SystemTime::now() + Duration::from_secs(3600);
        let meta = || std::fs::metadata(&path).expect("meta");
        assert_eq!(
            stat_of(&meta(), SystemTime::now()),
            None,
            "just written: racy"
        );
        let stat = stat_of(&meta(), later).expect("old enough");
        let manifest = |sha: &str, stat: Option<String>| {
            Manifest::new(vec![entry(&job, sha, stat)], Vec::new(), 0)
        };
        let is_same = |m: &Manifest, rehash: bool| {
            matches!(
                changes_at(&plan, Some(m), (false, rehash), 1, later)[..],
                [Change::Same(_)]
            )
        };
        let believed = manifest("not-the-hash", Some(stat.clone()));
        assert!(is_same(&believed, false), "trusted by its stat");
        assert!(!is_same(&believed, true), "rehash: hashed");
        let sha = sha256_hex(b"one");
        let unrecorded = manifest(&sha, None);
        match &changes_at(&plan, Some(&unrecorded), (false, false), 1, later)[..] {
            [Change::Same(d)] => assert_eq!(d.stat.as_deref(), Some(stat.as_str()), "recorded now"),
            other => panic!("{other:?}"),
        }
        std::thread::sleep(Duration::from_millis(20));
        std::fs::write(&path, b"two").expect("w");
        let recorded = manifest(&sha, Some(stat));
        assert!(
            !is_same(&recorded, false),
            "same size, new bytes: hashed and read"
        );
        match &changes_at(&plan, Some(&recorded), (false, false), 1, SystemTime::now())[..] {
            [Change::Read { stat, .. }] => assert_eq!(*stat, None, "racy: not recorded"),
            other => panic!("{other:?}"),
        }
    }
}
