//! Publishing through the store's [`Writer`], a partition at a time: a
//! freshly read document's cache entry and inspect pages as soon as it is
//! read ([`Publisher::fresh`]); a partition's rows and its documents' parts
//! of the quality report once all its documents are there
//! ([`Publisher::partition`]); at the end the tables written whole
//! (dimensions, KOSTRA), the quality report assembled from every document's
//! part, the cache entries of documents that left, and the manifest, last
//! ([`Publisher::finish`]).

use std::collections::{BTreeSet, HashMap};

use kommunetall_inspect::{QUALITY_HTML_TAIL, QUALITY_MD_HEAD, QualitySection};
use kommunetall_model::{Diagnostic, Severity};
use kommunetall_store::{Catalog, Lock, WriteSummary, Writer};
use serde::{Deserialize, Serialize};

use crate::quality::{self, INSPECT_DIR};
use crate::rows;
use crate::run::manifest::{CACHE_DIR, Manifest, ManifestDocument, cache_name, section_name};
use crate::run::read::Entry;
use crate::{Error, kostra};

/// A document's part of the quality report as kept in the cache.
#[derive(Serialize, Deserialize)]
struct Section {
    markdown: String,
    html: String,
}

/// Bytes of quality-report parts kept in memory between a partition and the
/// report; beyond it they are read back from the staged cache.
const SECTION_BUDGET: usize = 8 << 20;

/// What writing a partition learnt about one of its documents.
#[derive(Debug)]
pub struct Written {
    /// The document's job.
    pub job: usize,
    /// The years its facts are about and its report year.
    pub years: Vec<i32>,
    /// Its findings of severity `error`.
    pub error_findings: usize,
}

/// A write of the warehouse in progress.
pub struct Publisher<'l> {
    writer: Writer<'l>,
    catalog: &'l Catalog,
    full: bool,
    sections: HashMap<String, QualitySection>,
    section_bytes: usize,
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
            sections: HashMap::new(),
            section_bytes: 0,
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
    /// warehouse order, reconciled); their parts of the quality report are
    /// rendered now.
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
        let mut out = Vec::with_capacity(entries.len());
        for e in entries {
            let id = &e.doc.document_id;
            let s = quality::section(&e.doc, &e.findings, &e.inspect.pages);
            // A cached PDF's part is as before; a spreadsheet's findings
            // depend on the PDFs beside it.
            if e.fresh || self.full || e.doc.kind != crate::pipeline::Kind::Pdf {
                let json = serde_json::to_vec(&Section {
                    markdown: s.markdown.clone(),
                    html: s.html.clone(),
                })
                .unwrap_or_default();
                self.writer.file(&section_name(id), json)?;
            }
            let size = s.markdown.len() + s.html.len();
            if self.section_bytes + size <= SECTION_BUDGET {
                self.section_bytes += size;
                self.sections.insert(id.clone(), s);
            }
            out.push(Written {
                job: e.job,
                years: rows::years_of(&e.doc, &e.facts).into_iter().collect(),
                error_findings: e
                    .findings
                    .iter()
                    .filter(|f| f.severity == Severity::Error)
                    .count(),
            });
        }
        tracing::debug!(secs = t.elapsed().as_secs_f64(), %key, "partition: quality parts staged");
        Ok(out)
    }

    /// Removes the partition `key` (its last document left).
    pub fn remove_partition(&mut self, key: &str) {
        self.writer.remove_partition(key);
        self.partitions += 1;
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

    /// `quality.md` and `quality.html`: every document's part in warehouse
    /// order, streamed (parts of documents not written now come from the
    /// cache).
    fn quality_report(&mut self, docs: &[ManifestDocument]) -> Result<(), Error> {
        let mut md = self.writer.file_parts("quality.md")?;
        let mut html = self.writer.file_parts("quality.html")?;
        md.write(QUALITY_MD_HEAD.as_bytes())?;
        let head = kommunetall_inspect::quality_html_head(
            docs.iter()
                .map(|d| (d.document_id.as_str(), d.source_path.as_str())),
        );
        html.write(head.as_bytes())?;
        // Parts not in memory are fetched a chunk at a time and parsed on
        // every core (at national scale they are thousands of files of
        // ~80 KB: a chunk of 256 instead of 64 cost ~20 MB of peak RSS).
        for chunk in docs.chunks(64) {
            let missing: Vec<String> = chunk
                .iter()
                .filter(|d| !self.sections.contains_key(&d.document_id))
                .map(|d| section_name(&d.document_id))
                .collect();
            let fetched = self.writer.read_many(&missing)?;
            let mut parsed = {
                use rayon::prelude::*;
                let parsed: Vec<Option<Section>> = fetched
                    .into_par_iter()
                    .map(|b| b.and_then(|b| serde_json::from_slice::<Section>(&b).ok()))
                    .collect();
                parsed.into_iter()
            };
            for d in chunk {
                if let Some(s) = self.sections.get(&d.document_id) {
                    md.write(s.markdown.as_bytes())?;
                    html.write(s.html.as_bytes())?;
                    continue;
                }
                let s = parsed.next().flatten().unwrap_or_else(|| lost_section(d));
                md.write(s.markdown.as_bytes())?;
                html.write(s.html.as_bytes())?;
            }
        }
        html.write(QUALITY_HTML_TAIL.as_bytes())?;
        md.finish()?;
        html.finish()?;
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
                }
            }
        }
        for id in gone.iter().filter(|id| !id.is_empty()) {
            self.writer.remove(&cache_name(id))?;
            self.writer.remove(&section_name(id))?;
            self.writer.remove_folder(&format!("{INSPECT_DIR}/{id}"))?;
        }
        Ok(())
    }
}

/// The part of a document whose part is missing from the cache (deleted by
/// hand): says so, and how to get it back.
fn lost_section(d: &ManifestDocument) -> Section {
    Section {
        markdown: format!(
            "## {}\n\n- document_id `{}`: its part of this report is missing from the cache; `kommunetall run --force` writes it again\n\n",
            d.source_path, d.document_id
        ),
        html: format!(
            "<section id=\"doc-{0}\"><h2>{1}</h2>\n<p>document_id <code>{0}</code>: its part of this report is missing from the cache; <code>kommunetall run --force</code> writes it again.</p>\n</section>\n",
            d.document_id,
            d.source_path.replace('&', "&amp;").replace('<', "&lt;")
        ),
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
