//! Reading: the documents that changed are read in parallel (rayon; a
//! progress bar on a terminal), a few at a time, each into its [`Entry`] —
//! the document, its facts and findings, and the inspect pages of its tables
//! with findings — with a panic while reading one caught and reported as an
//! internal error naming the file. Unchanged documents come from the cache
//! ([`Entry::cached`]) when their partition is written.

use std::io::IsTerminal;
use std::panic::AssertUnwindSafe;

use kommunetall_facts::{Facts, Mappings};
use kommunetall_model::{Diagnostic, Location};

use crate::Error;
use crate::ingest::{Document, ingest_with_pages};
use crate::quality::{self, Inspect};
use crate::run::manifest::ManifestDocument;
use crate::run::plan::Job;

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
    /// The inspect pages drawn of it (the files only while they are not yet
    /// staged).
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

    /// The document of job `job` from its cache entry `bytes`, if it is the
    /// one `m` describes; with the pages drawn of it then (not the files).
    #[must_use]
    pub fn cached(
        job: usize,
        m: &ManifestDocument,
        bytes: &[u8],
        mappings: &Mappings,
    ) -> Option<Entry> {
        let d: Document = serde_json::from_slice(bytes)
            .map_err(|e| tracing::warn!(document = %m.source_path, "unreadable cache entry, reading the document again: {e}"))
            .ok()?;
        if d.sha256 != m.sha256 || d.source_path != m.source_path {
            return None;
        }
        let inspect = Inspect {
            pages: m.inspect_pages.iter().copied().collect(),
            files: Vec::new(),
        };
        Some(Entry::new(job, d, inspect, mappings))
    }
}

/// Reads documents in parallel on a pool of threads, a batch at a time,
/// with one progress bar (on a terminal) over the whole run.
pub struct Reader {
    pool: Option<rayon::ThreadPool>,
    bar: Option<indicatif::ProgressBar>,
}

impl Reader {
    /// A reader for `total` documents on `threads` threads (0 = one per core).
    #[must_use]
    pub fn new(total: usize, threads: usize) -> Reader {
        let bar = (std::io::stderr().is_terminal() && total > 1).then(|| {
            let b = indicatif::ProgressBar::new(total as u64);
            b.set_style(
                indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {msg}")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            b
        });
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .ok();
        Reader { pool, bar }
    }

    /// Threads reading at once.
    #[must_use]
    pub fn threads(&self) -> usize {
        self.pool
            .as_ref()
            .map_or(1, rayon::ThreadPool::current_num_threads)
    }

    /// Reads the jobs `todo` of `jobs`; `now_us` is the time of reading. One
    /// result per job, in the order given.
    pub fn read(
        &self,
        jobs: &[Job],
        todo: &[usize],
        mappings: &Mappings,
        now_us: i64,
    ) -> Vec<Result<Entry, Error>> {
        use rayon::prelude::*;
        let one = |&i: &usize| {
            let r = read_one(&jobs[i], i, mappings, now_us);
            if let Some(b) = &self.bar {
                b.inc(1);
            }
            r
        };
        match &self.pool {
            Some(pool) => pool.install(|| todo.par_iter().map(one).collect()),
            None => todo.iter().map(one).collect(),
        }
    }
}

impl Drop for Reader {
    fn drop(&mut self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
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
