//! Reading: the documents that changed are read in parallel (rayon; a
//! progress bar on a terminal), each into its [`Entry`] — the document, its
//! facts and findings, and the inspect pages of its tables with findings —
//! with a panic while reading one caught and reported as an internal error
//! naming the file. Unchanged documents come from the cache; a document that
//! cannot be read keeps the version read before, if there is one.

use std::io::IsTerminal;
use std::panic::AssertUnwindSafe;

use kommunetall_facts::{Facts, Mappings};
use kommunetall_model::{Diagnostic, Location};

use crate::Error;
use crate::ingest::{Document, ingest_with_pages};
use crate::quality::{self, Inspect};
use crate::run::manifest;
use crate::run::plan::{Change, Job, Options, Plan, Summary};

/// One document of the warehouse, read now or taken from the cache.
#[derive(Debug)]
pub struct Entry {
    /// Its job in the plan.
    pub job: usize,
    /// The document.
    pub doc: Document,
    /// Its facts (computed once).
    pub facts: Facts,
    /// Every finding about it (`Document::findings`).
    pub findings: Vec<Diagnostic>,
    /// The inspect pages drawn of it.
    pub inspect: Inspect,
}

impl Entry {
    fn new(job: usize, doc: Document, inspect: Inspect, mappings: &Mappings) -> Entry {
        let facts = doc.facts(mappings);
        let findings = doc.findings(&facts);
        Entry {
            job,
            doc,
            facts,
            findings,
            inspect,
        }
    }
}

/// Reads what `changes` says changed (on `opts.threads` threads) and takes
/// the rest from the cache; `now_us` is the time of reading. Returns the
/// documents of the warehouse in job order; `out` gets what was read, what
/// was reused and what failed.
pub fn read(
    plan: &Plan,
    changes: Vec<Change>,
    mappings: &Mappings,
    opts: &Options,
    now_us: i64,
    out: &mut Summary,
) -> Vec<Entry> {
    let todo: Vec<usize> = (0..changes.len())
        .filter(|&i| matches!(changes[i], Change::Read { .. }))
        .collect();
    let mut fresh = read_parallel(&plan.jobs, &todo, mappings, opts.threads, now_us).into_iter();
    let mut entries = Vec::new();
    for (i, change) in changes.into_iter().enumerate() {
        let job = &plan.jobs[i];
        let (error, before) = match change {
            Change::Same(cached) => {
                out.reused.push(job.source_path.clone());
                let (doc, inspect) = *cached;
                entries.push(Entry::new(i, doc, inspect, mappings));
                continue;
            }
            Change::Read { before } => match fresh.next() {
                Some(Ok(entry)) => {
                    out.extracted.push(job.source_path.clone());
                    entries.push(Entry { job: i, ..entry });
                    continue;
                }
                Some(Err(e)) => {
                    tracing::error!(document = %job.source_path, "{e}");
                    (e, before)
                }
                None => continue,
            },
            Change::Unreadable { error, before } => (error, before),
        };
        out.failures.push(error);
        // The version read before, if the warehouse has it.
        if let Some((doc, inspect)) = before.and_then(|m| {
            let cached = manifest::cached(&plan.warehouse, &m)?;
            tracing::warn!(document = %job.source_path, "keeping the version read before (sha256 {})", &m.sha256[..16]);
            Some(cached)
        }) {
            entries.push(Entry::new(i, doc, inspect, mappings));
        }
    }
    entries
}

/// Reads the jobs `todo` in parallel; one result each, in the order given.
fn read_parallel(
    jobs: &[Job],
    todo: &[usize],
    mappings: &Mappings,
    threads: usize,
    now_us: i64,
) -> Vec<Result<Entry, Error>> {
    use rayon::prelude::*;
    let bar = (std::io::stderr().is_terminal() && todo.len() > 1).then(|| {
        let b = indicatif::ProgressBar::new(todo.len() as u64);
        b.set_style(
            indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        b
    });
    let one = |&i: &usize| {
        let r = read_one(&jobs[i], i, mappings, now_us);
        if let Some(b) = &bar {
            b.inc(1);
        }
        r
    };
    let results = match rayon::ThreadPoolBuilder::new().num_threads(threads).build() {
        Ok(pool) => pool.install(|| todo.par_iter().map(one).collect()),
        Err(_) => todo.iter().map(one).collect(),
    };
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    results
}

/// Reads one document; a panic inside becomes an error naming the file.
fn read_one(job: &Job, i: usize, mappings: &Mappings, now_us: i64) -> Result<Entry, Error> {
    let span = tracing::info_span!("document", path = %job.source_path);
    let _g = span.enter();
    let bytes = std::fs::read(&job.path).map_err(|e| Error::unreadable(&job.source_path, e))?;
    let caught = std::panic::catch_unwind(AssertUnwindSafe(|| {
        ingest_with_pages(&bytes, &job.path, &job.source_path, &job.hints)
    }));
    drop(bytes);
    let (mut doc, pages) = caught.unwrap_or_else(|p| {
        let what = p
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| p.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(Error::Document {
            path: job.source_path.clone(),
            reason: format!("internal error while reading (please report): {what}"),
        })
    })?;
    doc.ingested_at_us = now_us;
    log_document(&doc);
    let mut entry = Entry::new(i, doc, Inspect::default(), mappings);
    entry.inspect = quality::for_run(&entry.doc, &pages, &entry.findings);
    Ok(entry)
}

fn log_document(doc: &Document) {
    let cells: usize = doc
        .extraction
        .tables
        .iter()
        .map(|t| t.rows.len() * (t.n_cols + 1))
        .sum();
    tracing::info!(
        document_id = %doc.document_id,
        kind = doc.kind.as_str(),
        report_year = doc.report_year,
        tables = doc.extraction.tables.len(),
        cells,
        diagnostics = doc.extraction.diagnostics.len(),
        "document read"
    );
    for t in &doc.extraction.tables {
        let (first, last) = match &t.location {
            Location::Pages { first, last } => (Some(*first), Some(*last)),
            Location::Sheet { .. } => (None, None),
        };
        tracing::info!(target: "kommunetall::table", document = %doc.source_path, table = %t.table_id, rows = t.rows.len(), cols = t.n_cols, page_first = ?first, page_last = ?last, caption = ?t.caption, "table");
    }
}
