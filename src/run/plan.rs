//! What a run reads and where it writes ([`Plan`]), how ([`Options`]) and
//! what it did ([`Summary`]); and what changed since the warehouse was last
//! written ([`changes`]): every input is hashed and compared with the
//! manifest; a document whose bytes and hints are the same is not read
//! again (and not even loaded from the cache unless its partition is
//! written).

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
    /// Unchanged: the previous warehouse's entry (the document is in its cache).
    Same(ManifestDocument),
    /// New or changed: read it.
    Read {
        /// The previous version.
        before: Option<ManifestDocument>,
    },
    /// The file cannot be read at all.
    Unreadable {
        /// Why, naming the file.
        error: Error,
        /// The previous version.
        before: Option<ManifestDocument>,
    },
}

/// Hashes every input and compares it with the previous manifest; one
/// [`Change`] per job, in job order. With `force` every readable input is
/// read again. The files are hashed on `threads` threads (0 = one per core):
/// at national scale they are a gigabyte. Bytes are not kept between hashing
/// and reading (3 600 reports would be gigabytes): the reader reads the file
/// again.
#[must_use]
pub fn changes(
    plan: &Plan,
    previous: Option<&Manifest>,
    force: bool,
    threads: usize,
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
        let sha = match std::fs::read(&job.path) {
            Ok(bytes) => sha256_hex(&bytes),
            Err(e) => {
                let error = Error::unreadable(&job.source_path, e);
                return Change::Unreadable { error, before };
            }
        };
        match before {
            Some(b) if !force && b.is(&job.source_path, &sha, &job.hints) => Change::Same(b),
            before => Change::Read { before },
        }
    };
    match rayon::ThreadPoolBuilder::new().num_threads(threads).build() {
        Ok(pool) => pool.install(|| plan.jobs.par_iter().map(&one).collect()),
        Err(_) => plan.jobs.iter().map(&one).collect(),
    }
}
