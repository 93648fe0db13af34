//! Publishing through the store's [`Writer`], a partition at a time: a
//! freshly read document's cache entry and inspect pages as soon as it is
//! read ([`Publisher::fresh`]); a partition's rows and its page of the
//! quality report once all its documents are there
//! ([`Publisher::partition`]); at the end the tables written whole
//! (dimensions, KOSTRA), the quality report's index (from the manifest: a
//! line per document, no document read), the cache entries of documents
//! that left, and the manifest, last ([`Publisher::finish`]).

use std::collections::{BTreeMap, BTreeSet};

use kommunetall_inspect::QualityIndexRow;
use kommunetall_model::{Diagnostic, Severity};
use kommunetall_store::{Catalog, Lock, WriteSummary, Writer};

use crate::quality::{self, INSPECT_DIR};
use crate::rows;
use crate::run::manifest::{
    CACHE_DIR, Manifest, ManifestDocument, QUALITY_DIR, cache_name, quality_page,
};
use crate::run::read::Entry;
use crate::{Error, kostra};

/// What writing a partition learnt about one of its documents.
#[derive(Debug)]
pub struct Written {
    /// The document's job.
    pub job: usize,
    /// The years its facts are about and its report year.
    pub years: Vec<i32>,
    /// Its findings of severity `error`.
    pub error_findings: usize,
    /// Tables found.
    pub tables: usize,
    /// Value cells over its tables.
    pub value_cells: usize,
    /// Its findings by rule.
    pub findings: BTreeMap<String, usize>,
}

/// A write of the warehouse in progress.
pub struct Publisher<'l> {
    writer: Writer<'l>,
    catalog: &'l Catalog,
    full: bool,
    /// Partitions written or removed.
    pub partitions: usize,
}

impl<'l> Publisher<'l> {
    /// Starts a write under `lock`; `full` rewrites every partition (and
    /// drops every file no document refers to).
    ///
    /// # Errors
    /// [`Error::Store`].
    pub fn begin(lock: &'l Lock, catalog: &'l Catalog, full: bool) -> Result<Publisher<'l>, Error> {
        Ok(Publisher {
            writer: Writer::begin(lock, catalog, full)?,
            catalog,
            full,
            partitions: 0,
        })
    }

    /// Stages what a freshly read document brings — its cache entry and its
    /// inspect pages (whose files then leave memory) — before its partition
    /// is written.
    ///
    /// # Errors
    /// [`Error::Store`].
    pub fn fresh(&mut self, e: &mut Entry) -> Result<(), Error> {
        let id = e.doc.document_id.clone();
        let json = serde_json::to_vec(&e.doc).unwrap_or_default();
        self.writer.file(&cache_name(&id), json)?;
        let dir = format!("{INSPECT_DIR}/{id}");
        for (n, b) in std::mem::take(&mut e.inspect.files) {
            self.writer.file(&format!("{dir}/{n}"), b)?;
        }
        // Pages of an earlier reading of the same bytes that are not drawn now.
        self.writer.remove_folder(&dir)?;
        Ok(())
    }

    /// The cache entry of a document as this write leaves it.
    ///
    /// # Errors
    /// [`Error::Store`].
    pub fn cached(&self, document_id: &str) -> Result<Option<Vec<u8>>, Error> {
        Ok(self.writer.read(&cache_name(document_id))?)
    }

    /// Writes the partition `key` from its documents (all of them, in
    /// warehouse order, reconciled) and its page of the quality report.
    ///
    /// # Errors
    /// [`Error::Store`] when a row does not fit its table or writing fails.
    pub fn partition(&mut self, key: &str, entries: &[Entry]) -> Result<Vec<Written>, Error> {
        for e in entries {
            log_findings(&e.doc.source_path, &e.findings);
        }
        let t = std::time::Instant::now();
        let docs = entries.iter().map(|e| (&e.doc, &e.facts, &e.findings[..]));
        let tables = rows::partition(self.catalog, docs)?;
        tracing::debug!(secs = t.elapsed().as_secs_f64(), %key, "partition: rows made");
        self.writer.partition(key, &tables)?;
        tracing::debug!(secs = t.elapsed().as_secs_f64(), %key, "partition: Parquet staged");
        drop(tables);
        self.partitions += 1;
        let docs: Vec<_> = entries
            .iter()
            .map(|e| (&e.doc, &e.findings[..], &e.inspect.pages))
            .collect();
        let (md, html) = quality::page(&docs);
        let page = quality_page(key);
        self.writer.file(&format!("{page}.md"), md.into_bytes())?;
        self.writer
            .file(&format!("{page}.html"), html.into_bytes())?;
        tracing::debug!(secs = t.elapsed().as_secs_f64(), %key, "partition: quality page staged");
        Ok(entries.iter().map(written).collect())
    }

    /// Removes the partition `key` (its last document left).
    ///
    /// # Errors
    /// [`Error::Store`].
    pub fn remove_partition(&mut self, key: &str) -> Result<(), Error> {
        self.writer.remove_partition(key);
        let page = quality_page(key);
        self.writer.remove(&format!("{page}.md"))?;
        self.writer.remove(&format!("{page}.html"))?;
        self.partitions += 1;
        Ok(())
    }

    /// Finishes the write: the tables written whole, the quality report,
    /// the files of documents that left, and `manifest`, committed last.
    ///
    /// # Errors
    /// [`Error::Store`], [`Error::Kostra`].
    pub fn finish(
        mut self,
        previous: Option<&Manifest>,
        manifest: &Manifest,
        kostra: &kostra::Loaded,
    ) -> Result<WriteSummary, Error> {
        let t = std::time::Instant::now();
        let years: BTreeSet<i32> = manifest
            .documents
            .iter()
            .flat_map(|d| d.period_years.iter().copied().chain([d.report_year]))
            .collect();
        let mut whole = rows::dimensions(self.catalog, &years)?;
        kostra::fill(&mut whole, kostra)?;
        for t in &whole {
            self.writer.table(t)?;
            tracing::info!(table = %t.def().name, rows = t.len(), "written");
        }
        drop(whole);
        tracing::debug!(
            secs = t.elapsed().as_secs_f64(),
            "finish: whole tables staged"
        );
        self.quality_report(&manifest.documents)?;
        tracing::debug!(
            secs = t.elapsed().as_secs_f64(),
            "finish: quality report staged"
        );
        self.drop_departed(previous, manifest)?;
        let json = serde_json::to_vec_pretty(manifest).unwrap_or_default();
        tracing::debug!(secs = t.elapsed().as_secs_f64(), "finish: manifest made");
        let written = self.writer.commit(&json)?;
        tracing::debug!(secs = t.elapsed().as_secs_f64(), "finish: committed");
        Ok(written)
    }

    /// `quality.md` and `quality.html`, the quality report's index: a line
    /// per document from the manifest, linked to its partition's page.
    fn quality_report(&mut self, docs: &[ManifestDocument]) -> Result<(), Error> {
        let pages: Vec<String> = docs
            .iter()
            .map(|d| d.partition().map(|p| quality_page(&p)))
            .collect::<Result<_, _>>()?;
        let rows: Vec<QualityIndexRow<'_>> = docs
            .iter()
            .zip(&pages)
            .map(|(d, page)| QualityIndexRow {
                source_path: &d.source_path,
                document_id: &d.document_id,
                municipality_code: &d.municipality_code,
                report_year: d.report_year,
                tables: d.tables,
                value_cells: d.value_cells,
                findings: &d.findings,
                errors: d.error_findings,
                page,
            })
            .collect();
        let md = kommunetall_inspect::quality_index_markdown(&rows);
        let html = kommunetall_inspect::quality_index_html(&rows);
        self.writer.file("quality.md", md.into_bytes())?;
        self.writer.file("quality.html", html.into_bytes())?;
        if self.full {
            // Pages of partitions no document is in any more.
            self.writer.remove_folder(QUALITY_DIR)?;
        }
        Ok(())
    }

    /// Deletes the cache entries and inspect pages of documents no longer
    /// in the warehouse (and, in a full write, every file no document refers to).
    fn drop_departed(
        &mut self,
        previous: Option<&Manifest>,
        manifest: &Manifest,
    ) -> Result<(), Error> {
        let now: BTreeSet<&str> = manifest
            .documents
            .iter()
            .map(|d| d.document_id.as_str())
            .collect();
        let mut gone: BTreeSet<String> = previous
            .into_iter()
            .flat_map(|p| &p.documents)
            .map(|d| d.document_id.clone())
            .filter(|id| !now.contains(id.as_str()))
            .collect();
        if self.full {
            let objects = self.writer.objects();
            for name in objects
                .list(CACHE_DIR)?
                .into_iter()
                .chain(objects.list(INSPECT_DIR)?)
            {
                let id = name
                    .split('/')
                    .nth(1)
                    .map(|f| f.split('.').next().unwrap_or(f).to_owned())
                    .unwrap_or_default();
                if !now.contains(id.as_str()) {
                    gone.insert(id);
                } else if name.ends_with(".quality.json") {
                    // A document's part of the report as earlier versions kept it.
                    self.writer.remove(&name)?;
                }
            }
        }
        for id in gone.iter().filter(|id| !id.is_empty()) {
            self.writer.remove(&cache_name(id))?;
            self.writer
                .remove(&format!("{CACHE_DIR}/{id}.quality.json"))?;
            self.writer.remove_folder(&format!("{INSPECT_DIR}/{id}"))?;
        }
        Ok(())
    }
}

/// What writing its partition learnt about a document.
fn written(e: &Entry) -> Written {
    let mut findings = BTreeMap::new();
    for f in &e.findings {
        *findings.entry(f.rule.clone()).or_insert(0) += 1;
    }
    let tables = &e.doc.extraction.tables;
    Written {
        job: e.job,
        years: rows::years_of(&e.doc, &e.facts).into_iter().collect(),
        error_findings: e
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count(),
        tables: tables.len(),
        value_cells: tables.iter().map(|t| t.rows.len() * t.n_cols).sum(),
        findings,
    }
}

/// One log event per finding (target `kommunetall::finding`), at the finding's severity.
fn log_findings(source_path: &str, findings: &[Diagnostic]) {
    for d in findings {
        macro_rules! ev {
            ($lvl:ident) => {
                tracing::$lvl!(target: "kommunetall::finding", document = %source_path, rule = %d.rule, severity = d.severity.as_str(), table = ?d.table_id, page = ?d.page, sheet = ?d.sheet, row = ?d.row_label, column = ?d.column_label, expected = ?d.expected, actual = ?d.actual, "{}", d.message)
            };
        }
        match d.severity {
            Severity::Error => ev!(error),
            Severity::Warning => ev!(warn),
            Severity::Info => ev!(info),
        }
    }
}
