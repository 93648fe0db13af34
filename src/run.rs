//! A run: read every input, build the warehouse tables, write them atomically.
//!
//! A run holds the warehouse lock from start to end. It hashes every input and
//! compares with `manifest.json` in the warehouse: a document whose bytes,
//! hints and tool version are unchanged is taken from `cache/<document_id>.json`
//! instead of being read again; when nothing changed at all (inputs, schemas,
//! mappings, views, KOSTRA responses, tool version) no file is written.
//! Otherwise the changed documents are read (in parallel), every table is
//! rebuilt from the documents and swapped in atomically, with the manifest,
//! the cache and the quality report.
//!
//! A document that cannot be read does not stop the others: its previous
//! version (if the warehouse had one) is kept, the failure is reported, and the
//! run ends with [`Summary::failures`] non-empty (exit code 1).

use std::io::IsTerminal;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use kommunetall_facts::Mappings;
use kommunetall_model::Severity;
use kommunetall_store::{Catalog, Lock, View, WriteSummary};
use serde::{Deserialize, Serialize};

use crate::ingest::{Document, Hints, ingest_with_pages, sha256_hex};
use crate::pipeline::{Kind, Loaded};
use crate::quality::{self, INSPECT_DIR};
use crate::{Error, kostra, rows};

/// Files of one document's inspect folder: (name inside it, bytes).
type InspectFiles = Vec<(String, Vec<u8>)>;

/// The manifest's file name in the warehouse folder.
pub const MANIFEST: &str = "manifest.json";
/// The document cache folder in the warehouse folder.
pub const CACHE_DIR: &str = "cache";

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

/// The run's timestamp: `SOURCE_DATE_EPOCH` (seconds) when set, else now.
#[must_use]
pub fn ingested_at_us() -> i64 {
    if let Some(s) = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
    {
        return s.saturating_mul(1_000_000);
    }
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_micros()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// The manifest: what the warehouse was built from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// kommunetall version that wrote it.
    pub tool_version: String,
    /// Hash of the schemas, mappings and views compiled in, and of the job definitions.
    pub config_sha256: String,
    /// The documents, in warehouse order.
    pub documents: Vec<ManifestDocument>,
    /// The KOSTRA response files loaded: (path, sha256).
    pub kostra_files: Vec<(String, String)>,
    /// When it was written (RFC 3339 UTC); not compared.
    #[serde(default)]
    pub written_at: String,
}

/// One document of the manifest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ManifestDocument {
    /// As in `document.source_path`.
    pub source_path: String,
    /// SHA-256 of the bytes the warehouse holds for it.
    pub sha256: String,
    /// `document.document_id`.
    pub document_id: String,
    /// The hints it was read with (municipality, year, kind), as text.
    pub hints: String,
}

impl Manifest {
    fn same_content(&self, o: &Manifest) -> bool {
        self.tool_version == o.tool_version
            && self.config_sha256 == o.config_sha256
            && self.documents == o.documents
            && self.kostra_files == o.kostra_files
    }
}

/// Hash of everything compiled in that shapes the output: schemas, mappings, views.
fn config_hash(definition: &str) -> String {
    let mut text = String::from(definition);
    for (name, body) in kommunetall_store::schema::SCHEMA_FILES {
        text.push_str(name);
        text.push_str(body);
    }
    for (name, body) in VIEWS {
        text.push_str(name);
        text.push_str(body);
    }
    text.push_str(kommunetall_facts::STATEMENT_LINES_TOML);
    text.push_str(kommunetall_facts::SERVICE_AREAS_TOML);
    text.push_str(kommunetall_facts::KOSTRA_INDICATORS_TOML);
    text.push_str(kostra::MAPPING_TOML);
    sha256_hex(text.as_bytes())
}

/// Reads the warehouse's manifest, if there is a valid one.
#[must_use]
pub fn read_manifest(warehouse: &Path) -> Option<Manifest> {
    let text = std::fs::read_to_string(warehouse.join(MANIFEST)).ok()?;
    serde_json::from_str(&text).ok()
}

fn cached(warehouse: &Path, m: &ManifestDocument) -> Option<Document> {
    let p = warehouse
        .join(CACHE_DIR)
        .join(format!("{}.json", m.document_id));
    let bytes = std::fs::read(&p).ok()?;
    let d: Document = serde_json::from_slice(&bytes)
        .map_err(|e| tracing::warn!(cache = %p.display(), "unreadable cache entry, reading the document again: {e}"))
        .ok()?;
    (d.sha256 == m.sha256 && d.source_path == m.source_path).then_some(d)
}

fn hints_text(h: &Hints) -> String {
    format!(
        "kind={:?};municipality={:?};name={:?};year={:?}",
        h.kind.map(Kind::as_str),
        h.municipality_code,
        h.municipality_name,
        h.report_year
    )
}

/// Reads the documents that changed and writes the warehouse if anything did.
///
/// # Errors
/// [`Error::Store`] when the lock cannot be taken or writing fails (the previous
/// warehouse is then untouched); [`Error::Kostra`] for unreadable KOSTRA
/// responses. A document that cannot be read is not an error of the run: see
/// [`Summary::failures`].
pub fn run(plan: &Plan, opts: &Options) -> Result<Summary, Error> {
    let warehouse = &plan.warehouse;
    std::fs::create_dir_all(warehouse).map_err(|e| {
        Error::Store(kommunetall_store::StoreError::Io {
            path: warehouse.clone(),
            source: e,
        })
    })?;
    let lock = Lock::acquire_waiting(warehouse, opts.wait)?;
    kommunetall_store::swap::recover(warehouse)?;
    let catalog = Catalog::embedded()?;
    let mappings = Mappings::embedded().map_err(|e| Error::Pipeline {
        path: "schemas/mappings".into(),
        reason: e.to_string(),
    })?;
    let build = tool_build();
    let previous = read_manifest(warehouse).filter(|m| m.tool_version == build);
    let mut summary = Summary::default();

    // 1. Hash every input; decide what must be read.
    // Bytes are not kept between hashing and reading (100 reports would be
    // hundreds of MB): the reader reads the file again.
    struct Todo<'a> {
        job: &'a Job,
    }
    let mut slots: Vec<Option<(Document, InspectFiles)>> = vec![None; plan.jobs.len()];
    let mut todo: Vec<(usize, Todo<'_>)> = Vec::new();
    for (i, job) in plan.jobs.iter().enumerate() {
        let bytes = match std::fs::read(&job.path) {
            Ok(b) => b,
            Err(e) => {
                summary.failures.push(Error::Document {
                    path: job.source_path.clone(),
                    reason: format!("cannot read: {e}"),
                });
                slots[i] = previous_version(warehouse, previous.as_ref(), job)
                    .map(|d| with_old_inspect(warehouse, d));
                continue;
            }
        };
        let sha = sha256_hex(&bytes);
        let hit = (!opts.force)
            .then_some(previous.as_ref())
            .flatten()
            .and_then(|m| {
                m.documents.iter().find(|d| {
                    d.source_path == job.source_path
                        && d.sha256 == sha
                        && d.hints == hints_text(&job.hints)
                })
            })
            .and_then(|m| cached(warehouse, m));
        if let Some(d) = hit {
            summary.reused.push(job.source_path.clone());
            slots[i] = Some(with_old_inspect(warehouse, d));
        } else {
            drop(bytes);
            todo.push((i, Todo { job }));
        }
    }

    // 2. Read the changed documents, in parallel.
    let now = ingested_at_us();
    let bar = (std::io::stderr().is_terminal() && todo.len() > 1).then(|| {
        let b = indicatif::ProgressBar::new(todo.len() as u64);
        b.set_style(
            indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        b
    });
    let read_one = |t: &Todo<'_>| -> Result<(Document, InspectFiles), Error> {
        let span = tracing::info_span!("document", path = %t.job.source_path);
        let _g = span.enter();
        let bytes = std::fs::read(&t.job.path).map_err(|e| Error::Document {
            path: t.job.source_path.clone(),
            reason: format!("cannot read: {e}"),
        })?;
        let caught = std::panic::catch_unwind(AssertUnwindSafe(|| {
            ingest_with_pages(&bytes, &t.job.path, &t.job.source_path, &t.job.hints)
        }));
        drop(bytes);
        if let Some(b) = &bar {
            b.inc(1);
        }
        let (mut d, pages) = caught.unwrap_or_else(|p| {
            let what = p
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| p.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            Err(Error::Document {
                path: t.job.source_path.clone(),
                reason: format!("internal error while reading (please report): {what}"),
            })
        })?;
        d.ingested_at_us = now;
        log_document(&d);
        let files = inspect_files(&d, &pages, &mappings);
        Ok((d, files))
    };
    type Read = Result<(Document, InspectFiles), Error>;
    let results: Vec<(usize, Read)> = {
        use rayon::prelude::*;
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(opts.threads)
            .build();
        match pool {
            Ok(pool) => pool.install(|| todo.par_iter().map(|(i, t)| (*i, read_one(t))).collect()),
            Err(_) => todo.iter().map(|(i, t)| (*i, read_one(t))).collect(),
        }
    };
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    for (i, r) in results {
        let job = &plan.jobs[i];
        match r {
            Ok(d) => {
                summary.extracted.push(job.source_path.clone());
                slots[i] = Some(d);
            }
            Err(e) => {
                tracing::error!(document = %job.source_path, "{e}");
                summary.failures.push(e);
                slots[i] = previous_version(warehouse, previous.as_ref(), job)
                    .map(|d| with_old_inspect(warehouse, d));
            }
        }
    }
    let (mut docs, inspect): (Vec<Document>, Vec<InspectFiles>) =
        slots.into_iter().flatten().unzip();
    if docs.is_empty() && !summary.failures.is_empty() {
        tracing::error!(warehouse = %warehouse.display(), "no document could be read; the warehouse is left as it was");
        return Ok(summary);
    }
    reconcile(&mut docs);

    // 3. KOSTRA responses.
    let kostra_loaded = kostra::load(&plan.kostra)?;
    summary.kostra_rows = kostra_loaded.rows.len();

    // 4. Compare with the manifest; write when anything changed.
    let manifest = Manifest {
        tool_version: build.clone(),
        config_sha256: config_hash(&plan.definition),
        documents: docs
            .iter()
            .map(|d| ManifestDocument {
                source_path: d.source_path.clone(),
                sha256: d.sha256.clone(),
                document_id: d.document_id.clone(),
                hints: plan
                    .jobs
                    .iter()
                    .find(|j| j.source_path == d.source_path)
                    .map(|j| hints_text(&j.hints))
                    .unwrap_or_default(),
            })
            .collect(),
        kostra_files: kostra_loaded.files.clone(),
        written_at: kommunetall_store::rfc3339(u64::try_from(now / 1_000_000).unwrap_or(0)),
    };
    let facts: Vec<kommunetall_facts::Facts> =
        docs.iter().map(|d| rows::facts_of(d, &mappings)).collect();
    let findings: Vec<Vec<kommunetall_model::Diagnostic>> = docs
        .iter()
        .zip(&facts)
        .map(|(d, f)| rows::findings_of(d, f))
        .collect();
    summary.error_findings = findings
        .iter()
        .flatten()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let complete = warehouse.join(kommunetall_store::DUCKDB_FILE).exists();
    if !opts.force && complete && previous.as_ref().is_some_and(|p| p.same_content(&manifest)) {
        tracing::info!(warehouse = %warehouse.display(), documents = docs.len(), "warehouse is up to date; nothing written");
        summary.documents = docs;
        drop(lock);
        return Ok(summary);
    }
    for (d, fs) in docs.iter().zip(&findings) {
        log_findings(d, fs);
    }
    let mut tables = rows::build(&catalog, &docs, &facts, &findings)?;
    kostra::fill(&mut tables, &kostra_loaded)?;
    let drawn: Vec<std::collections::BTreeSet<u32>> = inspect
        .iter()
        .map(|files| {
            files
                .iter()
                .filter_map(|(n, _)| n.strip_prefix("page-")?.strip_suffix(".html")?.parse().ok())
                .collect()
        })
        .collect();
    let mut extra = vec![
        (
            "quality.md".to_owned(),
            quality::markdown(&docs, &findings).into_bytes(),
        ),
        (
            "quality.html".to_owned(),
            quality::html(&docs, &findings, &drawn).into_bytes(),
        ),
    ];
    for (d, files) in docs.iter().zip(inspect) {
        for (name, bytes) in files {
            extra.push((format!("{INSPECT_DIR}/{}/{name}", d.document_id), bytes));
        }
    }
    for d in &docs {
        extra.push((
            format!("{CACHE_DIR}/{}.json", d.document_id),
            serde_json::to_vec(d).unwrap_or_default(),
        ));
    }
    // Last: swapped in only when everything it describes is in place.
    extra.push((
        MANIFEST.to_owned(),
        serde_json::to_vec_pretty(&manifest).unwrap_or_default(),
    ));
    let written = kommunetall_store::write_locked(&lock, &tables, &views(), &extra)?;
    for (t, n) in &written.rows {
        tracing::info!(table = %t, rows = n, "written");
    }
    summary.written = Some(written);
    summary.documents = docs;
    Ok(summary)
}

/// The inspect pages of a freshly read PDF: the pages of tables with findings.
fn inspect_files(
    d: &Document,
    pages: &[kommunetall_pdf::Page],
    mappings: &Mappings,
) -> InspectFiles {
    if pages.is_empty() {
        return Vec::new();
    }
    let findings = rows::findings_of(d, &rows::facts_of(d, mappings));
    let wanted = quality::pages_to_inspect(&d.extraction.tables, &findings);
    if wanted.is_empty() {
        return Vec::new();
    }
    let ex = kommunetall_grid::Extraction {
        tables: d.extraction.tables.clone(),
        diagnostics: findings,
    };
    let opts = kommunetall_inspect::Options {
        pages: Some(wanted.into_iter().collect()),
        table: None,
    };
    let rendered = kommunetall_inspect::render(pages, &ex, &d.source_path, &opts);
    let mut files = vec![(
        "index.html".to_owned(),
        kommunetall_inspect::index_html(&d.source_path, &rendered, &ex).into_bytes(),
    )];
    files.extend(
        rendered
            .into_iter()
            .map(|p| (p.file_name, p.html.into_bytes())),
    );
    files
}

/// A cached document with the inspect pages the previous run drew for it.
fn with_old_inspect(warehouse: &Path, d: Document) -> (Document, InspectFiles) {
    let dir = warehouse.join(INSPECT_DIR).join(&d.document_id);
    let mut files: InspectFiles = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            std::fs::read(e.path()).ok().map(|b| (name, b))
        })
        .collect();
    files.sort();
    (d, files)
}

fn previous_version(warehouse: &Path, m: Option<&Manifest>, job: &Job) -> Option<Document> {
    let md = m?
        .documents
        .iter()
        .find(|d| d.source_path == job.source_path)?;
    let d = cached(warehouse, md)?;
    tracing::warn!(document = %job.source_path, "keeping the version read before (sha256 {})", &md.sha256[..16]);
    Some(d)
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
            kommunetall_model::Location::Pages { first, last } => (Some(*first), Some(*last)),
            kommunetall_model::Location::Sheet { .. } => (None, None),
        };
        tracing::info!(target: "kommunetall::table", document = %doc.source_path, table = %t.table_id, rows = t.rows.len(), cols = t.n_cols, page_first = ?first, page_last = ?last, caption = ?t.caption, "table");
    }
}

/// One log event per finding (target `kommunetall::finding`), at the finding's severity.
fn log_findings(doc: &Document, findings: &[kommunetall_model::Diagnostic]) {
    for d in findings {
        macro_rules! ev {
            ($lvl:ident) => {
                tracing::$lvl!(target: "kommunetall::finding", document = %doc.source_path, rule = %d.rule, severity = d.severity.as_str(), table = ?d.table_id, page = ?d.page, sheet = ?d.sheet, row = ?d.row_label, column = ?d.column_label, expected = ?d.expected, actual = ?d.actual, "{}", d.message)
            };
        }
        match d.severity {
            Severity::Error => ev!(error),
            Severity::Warning => ev!(warn),
            Severity::Info => ev!(info),
        }
    }
}

/// The package version.
pub const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");

/// This build, as recorded in the manifest: the version plus the executable's
/// size and modification time, so that a rebuilt or upgraded binary (whose
/// extraction may differ) reads every document again instead of trusting the
/// cache. Cheap: no hashing of the binary.
#[must_use]
pub fn tool_build() -> String {
    let exe = std::env::current_exe()
        .ok()
        .and_then(|p| std::fs::metadata(p).ok())
        .map(|m| {
            let t = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_secs());
            format!(" (build {}-{t})", m.len())
        })
        .unwrap_or_default();
    format!("{TOOL_VERSION}{exe}")
}

/// The views created in the DuckDB file (`schemas/views/*.sql`).
#[must_use]
pub fn views() -> Vec<View> {
    VIEWS
        .iter()
        .map(|(name, sql)| View {
            name: (*name).to_owned(),
            sql: (*sql).to_owned(),
        })
        .collect()
}

const VIEWS: &[(&str, &str)] = &[
    (
        "v_pdf_vs_excel",
        include_str!("../schemas/views/v_pdf_vs_excel.sql"),
    ),
    (
        "v_statement_across_years",
        include_str!("../schemas/views/v_statement_across_years.sql"),
    ),
    (
        "v_restatement",
        include_str!("../schemas/views/v_restatement.sql"),
    ),
    (
        "v_service_area_deviation",
        include_str!("../schemas/views/v_service_area_deviation.sql"),
    ),
    (
        "v_kostra_report_vs_ssb",
        include_str!("../schemas/views/v_kostra_report_vs_ssb.sql"),
    ),
    (
        "v_kostra_peers",
        include_str!("../schemas/views/v_kostra_peers.sql"),
    ),
];

/// Compares every spreadsheet document with the PDF reports of the same
/// municipality and year; findings go to the spreadsheet document.
fn reconcile(docs: &mut [Document]) {
    let pdfs: Vec<(String, i32, Vec<kommunetall_model::Table>)> = docs
        .iter()
        .filter(|d| d.kind == Kind::Pdf)
        .map(|d| {
            (
                d.municipality_code.clone(),
                d.report_year,
                d.extraction.tables.clone(),
            )
        })
        .collect();
    for d in docs.iter_mut().filter(|d| d.kind != Kind::Pdf) {
        d.extraction
            .diagnostics
            .retain(|f| f.rule != "pdf_excel_mismatch");
        for (code, year, tables) in &pdfs {
            if *code == d.municipality_code && *year == d.report_year {
                let found = kommunetall_check::reconcile(tables, &d.extraction.tables);
                tracing::info!(document = %d.source_path, mismatches = found.len(), "reconciled against the PDF report");
                d.extraction.diagnostics.extend(found);
            }
        }
    }
}
