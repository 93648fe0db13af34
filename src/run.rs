//! A run: read every input, build the warehouse tables, write them atomically.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use kommunetall_store::{Catalog, View, WriteSummary};

use crate::ingest::{Document, Hints, ingest};
use crate::pipeline::{Kind, Loaded};
use crate::{Error, rows};

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

/// The jobs of a pipeline and its warehouse folder.
#[must_use]
pub fn jobs_of(loaded: &Loaded) -> (Vec<Job>, PathBuf) {
    let p = &loaded.pipeline;
    let jobs = p
        .inputs
        .iter()
        .map(|i| Job {
            path: loaded.root.join(&i.path),
            source_path: i.path.to_string_lossy().replace('\\', "/"),
            hints: Hints {
                kind: i.kind,
                municipality_code: Some(p.municipality.code.clone()),
                municipality_name: p.municipality.name.clone(),
                report_year: i.report_year,
            },
        })
        .collect();
    (jobs, loaded.root.join(&p.warehouse))
}

/// What a run did.
#[derive(Debug, Default)]
pub struct Summary {
    /// Documents read.
    pub documents: Vec<Document>,
    /// What was written.
    pub written: WriteSummary,
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

/// Reads every job and writes a complete warehouse into `warehouse`, replacing
/// what it held. Nothing is written unless every document was read.
///
/// # Errors
/// The first [`Error`] met; the previous warehouse is then untouched.
pub fn run(jobs: &[Job], warehouse: &Path) -> Result<Summary, Error> {
    let catalog = Catalog::embedded()?;
    let bar = (std::io::stderr().is_terminal() && jobs.len() > 1).then(|| {
        let b = indicatif::ProgressBar::new(jobs.len() as u64);
        b.set_style(
            indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        b
    });
    let mut docs = Vec::with_capacity(jobs.len());
    for job in jobs {
        if let Some(b) = &bar {
            b.set_message(job.source_path.clone());
        }
        let span = tracing::info_span!("document", path = %job.source_path);
        let _g = span.enter();
        let doc = ingest(&job.path, &job.source_path, &job.hints)?;
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
        for d in &doc.extraction.diagnostics {
            tracing::warn!(rule = %d.rule, table = ?d.table_id, page = ?d.page, sheet = ?d.sheet, "{}", d.message);
        }
        docs.push(doc);
        if let Some(b) = &bar {
            b.inc(1);
        }
    }
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    reconcile(&mut docs);
    let tables = rows::build(&catalog, &docs, ingested_at_us())?;
    let report = quality_markdown(&docs);
    let written = kommunetall_store::write(
        warehouse,
        &tables,
        &views(),
        &[("quality.md".to_owned(), report.into_bytes())],
    )?;
    for (t, n) in &written.rows {
        tracing::info!(table = %t, rows = n, "written");
    }
    Ok(Summary {
        documents: docs,
        written,
    })
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

const VIEWS: &[(&str, &str)] = &[(
    "v_pdf_vs_excel",
    include_str!("../schemas/views/v_pdf_vs_excel.sql"),
)];

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
        for (code, year, tables) in &pdfs {
            if *code == d.municipality_code && *year == d.report_year {
                let found = kommunetall_check::reconcile(tables, &d.extraction.tables);
                tracing::info!(document = %d.source_path, mismatches = found.len(), "reconciled against the PDF report");
                d.extraction.diagnostics.extend(found);
            }
        }
    }
}

/// A short readable report: per document, tables and findings by rule.
#[must_use]
pub fn quality_markdown(docs: &[Document]) -> String {
    let mut s = String::from("# Quality report\n\n");
    for d in docs {
        let ex = &d.extraction;
        let cells: usize = ex.tables.iter().map(|t| t.rows.len() * t.n_cols).sum();
        s.push_str(&format!(
            "## {}\n\n- document_id `{}`, {} {}, report year {}, municipality {}\n- {} tables, {} value cells, {} findings\n\n",
            d.source_path,
            d.document_id,
            ex.pages_or_sheets,
            if d.kind.as_str() == "pdf" { "pages" } else { "sheets" },
            d.report_year,
            d.municipality_code,
            ex.tables.len(),
            cells,
            ex.diagnostics.len()
        ));
        let mut by_rule: BTreeMap<&str, Vec<&kommunetall_model::Diagnostic>> = BTreeMap::new();
        for f in &ex.diagnostics {
            by_rule.entry(&f.rule).or_default().push(f);
        }
        for (rule, fs) in by_rule {
            s.push_str(&format!("### {rule} ({})\n\n", fs.len()));
            for f in fs {
                let place = [
                    f.table_id.as_ref().map(|t| format!("table {t}")),
                    f.page.map(|p| format!("page {p}")),
                    f.sheet.as_ref().map(|x| format!("sheet {x}")),
                    f.row_label.as_ref().map(|r| format!("row \"{r}\"")),
                ]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", ");
                s.push_str(&format!("- {place}: {}\n", f.message));
            }
            s.push('\n');
        }
    }
    s
}
