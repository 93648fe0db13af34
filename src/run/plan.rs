//! What a run reads and where it writes ([`Plan`]), how ([`Options`]) and
//! what it did ([`Summary`]); and what changed since the warehouse was last
//! written ([`changes`]): every input is hashed and compared with the
//! manifest; a document whose bytes and hints are the same is taken from the
//! cache instead of being read again.

use std::path::PathBuf;
use std::time::Duration;

use kommunetall_store::WriteSummary;

use crate::ingest::{Document, Hints, sha256_hex};
use crate::pipeline::Loaded;
use crate::quality::Inspect;
use crate::run::manifest::{self, Manifest, ManifestDocument};
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
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// The documents.
    pub jobs: Vec<Job>,
    /// The warehouse folder.
    pub warehouse: PathBuf,
    /// KOSTRA response stores and query files to load.
    pub kostra: Vec<kostra::Source>,
    /// Text that identifies the job definitions (pipeline files); part of the manifest.
    pub definition: String,
}

impl Plan {
    /// The plan of `kommunetall extract`: `files` (named as given), read
    /// with `hints`, into `warehouse`.
    #[must_use]
    pub fn of_files(files: Vec<PathBuf>, warehouse: PathBuf, hints: &Hints) -> Plan {
        let jobs = files.into_iter().map(|path| Job {
            source_path: path.to_string_lossy().replace('\\', "/"),
            path,
            hints: hints.clone(),
        });
        Plan {
            jobs: jobs.collect(),
            warehouse,
            kostra: Vec::new(),
            definition: "extract".into(),
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
    pub documents: Vec<Document>,
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
        plan.warehouse = l.root.join(&p.warehouse);
        plan.definition.push_str(&format!("{p:?}\n"));
    }
    plan
}

/// What to do with one job. `before` is the previous warehouse's entry for
/// the same source path: the version kept when the file cannot be read now.
#[derive(Debug)]
pub enum Change {
    /// Unchanged: the document as cached, with its inspect pages.
    Same(Box<(Document, Inspect)>),
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
/// [`Change`] per job. With `force` every readable input is read again.
/// Bytes are not kept between hashing and reading (100 reports would be
/// hundreds of MB): the reader reads the file again.
#[must_use]
pub fn changes(plan: &Plan, previous: Option<&Manifest>, force: bool) -> Vec<Change> {
    plan.jobs
        .iter()
        .map(|job| {
            let before = previous
                .and_then(|m| {
                    m.documents
                        .iter()
                        .find(|d| d.source_path == job.source_path)
                })
                .cloned();
            let sha = match std::fs::read(&job.path) {
                Ok(bytes) => sha256_hex(&bytes),
                Err(e) => {
                    let error = Error::unreadable(&job.source_path, e);
                    return Change::Unreadable { error, before };
                }
            };
            let same = previous
                .filter(|_| !force)
                .and_then(|m| {
                    m.documents
                        .iter()
                        .find(|d| d.is(&job.source_path, &sha, &job.hints))
                })
                .and_then(|m| manifest::cached(&plan.warehouse, m));
            match same {
                Some(d) => Change::Same(Box::new(d)),
                None => Change::Read { before },
            }
        })
        .collect()
}
