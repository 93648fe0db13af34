//! The real-documents benchmark: every file in `../shared/real` (PDFs read by
//! `kommunetall-pdf` → `kommunetall-grid`, workbooks by `kommunetall-sheet`)
//! measured for what a data team would see — pages or sheets, tables found,
//! numeric cells, printed sum rows checked and how many add up (the
//! consistency rate, by `kommunetall-check`'s sum rule), seconds — and the
//! hand truth in `tests/real/<stem>.truth.json` scored cell by cell by
//! [`kommunetall_fixture::score`].
//!
//! Published accounts add up, so a sum row that does not is almost always a
//! reading error; the hand truth tells which cells.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use kommunetall_check::SumCount;
use kommunetall_fixture::score::{Outcome, Score, n_numeric, score};
use kommunetall_fixture::{TruthTable, parse_truth};
use kommunetall_model::{Extraction, Location, Table};

/// Where the real documents are, relative to the workspace root.
pub const SHARED_REAL: &str = "../shared/real";
/// Where their hand truth is, relative to the workspace root.
pub const TRUTH_DIR: &str = "tests/real";

/// Why a document could not be measured.
#[derive(Debug, thiserror::Error)]
pub enum RealError {
    /// The file or the folder could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder.
        path: String,
        /// What failed.
        source: std::io::Error,
    },
    /// The document is not readable as a PDF or workbook.
    #[error("{path}: {reason}")]
    Unreadable {
        /// The file.
        path: String,
        /// What the reader said.
        reason: String,
    },
    /// The truth file is not a JSON list of truth tables.
    #[error("{path}: not a truth file: {reason}")]
    Truth {
        /// The truth file.
        path: String,
        /// What the parser said.
        reason: String,
    },
}

/// One truth table's result.
#[derive(Debug, Clone)]
pub struct TableResult {
    /// The truth table's id.
    pub id: String,
    /// "p57" or "sheet Ark1": where the truth says it is.
    pub place: String,
    /// The extracted table scored against it ("p57-t1 p57-58"), or "-".
    pub read_as: String,
    /// Its cell counts.
    pub score: Score,
    /// Other extracted tables holding some of its cells (the engine split it).
    pub split: Vec<String>,
}

impl TableResult {
    /// One line: `id place → read_as  expected matched wrong missing extra [split …]`.
    #[must_use]
    pub fn line(&self) -> String {
        let s = self.score;
        let split = if self.split.is_empty() {
            String::new()
        } else {
            format!("  split also into {}", self.split.join(", "))
        };
        format!(
            "{:<34} {:<10} read as {:<18} expected {:>4} matched {:>4} wrong {:>3} missing {:>4} extra {:>3} labels {:>3}/{:<3}{split}",
            self.id,
            self.place,
            self.read_as,
            s.expected,
            s.matched,
            s.wrong,
            s.missing,
            s.extra,
            s.labels_found,
            s.labels
        )
    }
}

/// The measurements of one document.
#[derive(Debug, Clone)]
pub struct DocResult {
    /// File name.
    pub name: String,
    /// "pdf" or "xlsx"/"xls"/"ods".
    pub kind: String,
    /// Pages (PDF) or sheets (workbook).
    pub pages_or_sheets: u32,
    /// Tables found.
    pub tables: usize,
    /// Numeric body cells in them.
    pub numeric: usize,
    /// Printed sum rows checked and how many add up.
    pub sums: SumCount,
    /// The `sum_mismatch` findings ("table … row … column …: printed …"),
    /// those of the document's own figures marked.
    pub sum_findings: Vec<String>,
    /// Sum rows that do not add up because the document's own printed
    /// figures disagree, each checked by hand (`<stem>.sums.json`,
    /// [`crate::own_sums`]).
    pub own_sums: usize,
    /// Entries of `<stem>.sums.json` no finding matches any more.
    pub stale_own: Vec<String>,
    /// Wall seconds to read the file into tables (not the checks, not scoring).
    pub seconds: f64,
    /// Error-severity diagnostics of the extraction (unreadable pages, sheets).
    pub errors: usize,
    /// Per truth table, when the document has a truth file.
    pub truth: Option<Vec<TableResult>>,
    /// The truth totals.
    pub truth_total: Score,
}

/// The documents of the folder, sorted by name: `.pdf`, `.xlsx`, `.xls`, `.ods`.
///
/// # Errors
/// When the folder cannot be listed.
pub fn documents(dir: &Path) -> Result<Vec<PathBuf>, RealError> {
    let rd = std::fs::read_dir(dir).map_err(|source| RealError::Io {
        path: dir.display().to_string(),
        source,
    })?;
    let mut out: Vec<PathBuf> = rd
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                matches!(
                    e.to_ascii_lowercase().as_str(),
                    "pdf" | "xlsx" | "xls" | "ods"
                )
            })
        })
        .collect();
    out.sort();
    Ok(out)
}

/// Reads one document into tables as the pipeline does (PDF pages that fail
/// become `page_unreadable` diagnostics).
///
/// # Errors
/// When the file cannot be read at all.
pub fn read(path: &Path) -> Result<Extraction, RealError> {
    let name = path.display().to_string();
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    if let Some(kind) = kommunetall_sheet::Kind::from_extension(&ext) {
        let bytes = std::fs::read(path).map_err(|source| RealError::Io {
            path: name.clone(),
            source,
        })?;
        return kommunetall_sheet::extract_bytes(&bytes, kind).map_err(|e| RealError::Unreadable {
            path: name,
            reason: e.to_string(),
        });
    }
    let bytes = std::fs::read(path).map_err(|source| RealError::Io {
        path: name.clone(),
        source,
    })?;
    let doc = kommunetall_pdf::Document::open(&bytes).map_err(|e| RealError::Unreadable {
        path: name.clone(),
        reason: e.to_string(),
    })?;
    let n = doc.page_count();
    let mut pages = Vec::new();
    let mut diagnostics = Vec::new();
    for p in 1..=n {
        match doc.page(p) {
            Ok(page) => pages.push(page),
            Err(e) => {
                let mut d = kommunetall_model::Diagnostic::new(
                    "page_unreadable",
                    kommunetall_model::Severity::Error,
                    format!("{name} page {p} could not be read: {e}"),
                );
                d.page = Some(p);
                diagnostics.push(d);
            }
        }
    }
    let grid = kommunetall_grid::extract(&pages);
    diagnostics.extend(grid.diagnostics);
    Ok(Extraction {
        tables: grid.tables,
        diagnostics,
        report_year: None,
        pages_or_sheets: n,
        producer: doc.producer(),
    })
}

/// The truth file of a document (`<truth_dir>/<stem>.truth.json`), if any.
///
/// # Errors
/// When the file exists but cannot be read or parsed.
pub fn truth_of(doc: &Path, truth_dir: &Path) -> Result<Option<Vec<TruthTable>>, RealError> {
    let stem = doc
        .file_stem()
        .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
    let path = truth_dir.join(format!("{stem}.truth.json"));
    if !path.is_file() {
        return Ok(None);
    }
    let text = std::fs::read_to_string(&path).map_err(|source| RealError::Io {
        path: path.display().to_string(),
        source,
    })?;
    parse_truth(&text).map(Some).map_err(|e| RealError::Truth {
        path: path.display().to_string(),
        reason: e.to_string(),
    })
}

/// "p57-58", "p57" or "sheet Ark1".
#[must_use]
pub fn place_of(t: &Table) -> String {
    match &t.location {
        Location::Pages { first, last } if first == last => format!("p{first}"),
        Location::Pages { first, last } => format!("p{first}-{last}"),
        Location::Sheet { name } => format!("sheet {name}"),
    }
}

fn truth_place(tt: &TruthTable) -> String {
    match (&tt.page, &tt.sheet) {
        (Some(p), _) => format!("p{p}"),
        (None, Some(s)) => format!("sheet {s}"),
        (None, None) => "-".into(),
    }
}

/// Scores an extraction against hand truth, one [`TableResult`] per truth table.
#[must_use]
pub fn score_truth(truth: &[TruthTable], tables: &[Table]) -> (Vec<TableResult>, Outcome) {
    let out = score(truth, tables);
    let rows = truth
        .iter()
        .zip(out.tables.iter().zip(&out.split))
        .map(|(tt, ((_, idx, s), split))| TableResult {
            id: tt.id.clone(),
            place: truth_place(tt),
            read_as: idx.map_or_else(
                || "-".to_owned(),
                |i| format!("{} {}", tables[i].table_id, place_of(&tables[i])),
            ),
            score: *s,
            split: split.iter().map(|&i| tables[i].table_id.clone()).collect(),
        })
        .collect();
    (rows, out)
}

/// Measures one document (and scores its truth, when `truth_dir` has one).
///
/// # Errors
/// When the document or its truth file cannot be read.
pub fn measure(path: &Path, truth_dir: &Path) -> Result<DocResult, RealError> {
    let truth = truth_of(path, truth_dir)?;
    let own = crate::own_sums::own_sums_of(path, truth_dir)?;
    let t0 = Instant::now();
    let ex = read(path)?;
    let seconds = t0.elapsed().as_secs_f64();
    let mut sums = SumCount::default();
    let mut sum_findings = Vec::new();
    let mut findings = Vec::new();
    for t in &ex.tables {
        let (f, n) = kommunetall_check::check_sums(t);
        sums.add(n);
        for d in f {
            let mark = own
                .iter()
                .find(|o| o.matches(&d))
                .map_or_else(String::new, |o| {
                    format!(" — the document's own figures (checked by hand): {}", o.why)
                });
            sum_findings.push(format!("{} {}{mark}", place_of(t), d.message));
            findings.push(d);
        }
    }
    let (own_sums, stale_own) = crate::own_sums::classify(&findings, &own);
    let (truth, truth_total) = match truth {
        Some(tt) => {
            let (rows, out) = score_truth(&tt, &ex.tables);
            (Some(rows), out.total)
        }
        None => (None, Score::default()),
    };
    Ok(DocResult {
        name: path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
        kind: path
            .extension()
            .map_or_else(String::new, |e| e.to_string_lossy().to_ascii_lowercase()),
        pages_or_sheets: ex.pages_or_sheets,
        tables: ex.tables.len(),
        numeric: ex.tables.iter().map(n_numeric).sum(),
        sums,
        sum_findings,
        own_sums,
        stale_own,
        seconds,
        errors: ex
            .diagnostics
            .iter()
            .filter(|d| d.severity == kommunetall_model::Severity::Error)
            .count(),
        truth,
        truth_total,
    })
}

fn pct(a: usize, b: usize) -> String {
    if b == 0 {
        "–".into()
    } else {
        #[allow(clippy::cast_precision_loss)]
        let p = 100.0 * a as f64 / b as f64;
        format!("{p:.1} %")
    }
}

/// Date, commit and command of a report.
#[derive(Debug, Clone)]
pub struct Meta {
    /// "2026-12-06".
    pub date: String,
    /// Short commit hash, when known.
    pub commit: Option<String>,
    /// The command that made the report.
    pub command: String,
}

/// The markdown report.
#[must_use]
pub fn markdown(docs: &[DocResult], meta: &Meta) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# Real documents: kommunetall on files it was never tuned on\n"
    );
    let _ = writeln!(
        s,
        "Generated by `{}` on {} at commit `{}`.\n",
        meta.command,
        meta.date,
        meta.commit.as_deref().unwrap_or("?")
    );
    let _ = writeln!(
        s,
        "Every file in `../shared/real` (see its SOURCES.md): PDFs through `kommunetall-pdf` → `kommunetall-grid`, workbooks through `kommunetall-sheet`. \
*Sum rows* are the printed total rows `kommunetall-check`'s sum rule compares with the rows they cover (`check_sums`: rows labelled as totals — Sum, I alt, Summa, Totalt, yhteensä — and rows classed as sums, bold say, that some column confirms; the rows a total covers are worked out from the table: items above it or, for a total printed first, below it, nested sub-totals, indentation, costs printed positive); published accounts add up, so a sum row that does not is our error — of reading the table, or of the sum rule working out which rows it totals — unless the document's own figures disagree (`kommunetall-bench real --only FILE --sums` lists them). *The document's own*: sum rows that do not add up in print — a note itemising only part of its total, a typo in a printed figure — each read by eye on the page and listed with its figures and why in `tests/real/<stem>.sums.json`; a row counts here only when every column of it that does not add up is listed with exactly the figures read. *Consistency*: sum rows that add up, of those checked that are not the document's own. \
*Seconds*: wall time to read the file into tables. Hand truth: `tests/real/<stem>.truth.json`, transcribed from the page; scored cell by cell (`kommunetall_fixture::score`): each truth table against the extracted table on its page or sheet with the most matched cells; *matched* = numeric truth cell read in the same row label and value column with the same value, *wrong* = same place, other value, *missing* = not read there, *extra* = numeric cell in that extracted table the truth does not have; *labels* = truth rows found by their label (for a text-only truth table, the only score). An empty truth file says the document holds no table.\n"
    );
    let _ = writeln!(
        s,
        "| file | pages/sheets | tables | numeric cells | sum rows checked | add up | the document's own | consistency | seconds | truth tables | truth cells | matched | wrong | missing | extra | labels |"
    );
    let _ = writeln!(
        s,
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    );
    let mut own = 0;
    let mut tot = Score::default();
    let mut sums = SumCount::default();
    let mut n_truth = 0;
    for d in docs {
        let unit = if d.kind == "pdf" { "p" } else { "sheets" };
        let (nt, t) = match &d.truth {
            Some(rows) => (rows.len().to_string(), d.truth_total),
            None => ("–".into(), Score::default()),
        };
        let cells = |x: usize| {
            if d.truth.is_some() {
                x.to_string()
            } else {
                "–".into()
            }
        };
        let labels = if d.truth.is_some() {
            format!("{}/{}", t.labels_found, t.labels)
        } else {
            "–".into()
        };
        let _ = writeln!(
            s,
            "| {} | {} {unit} | {} | {} | {} | {} | {} | {} | {:.2} | {nt} | {} | {} | {} | {} | {} | {labels} |",
            d.name,
            d.pages_or_sheets,
            d.tables,
            d.numeric,
            d.sums.checked,
            d.sums.matched,
            d.own_sums,
            pct(d.sums.matched, d.sums.checked - d.own_sums),
            d.seconds,
            cells(t.expected),
            cells(t.matched),
            cells(t.wrong),
            cells(t.missing),
            cells(t.extra),
        );
        tot.add(t);
        sums.add(d.sums);
        own += d.own_sums;
        n_truth += d.truth.as_ref().map_or(0, Vec::len);
    }
    let _ = writeln!(
        s,
        "| **total** | | {} | {} | {} | {} | {own} | **{}** | {:.2} | {n_truth} | {} | **{}** | **{}** | {} | {} | {}/{} |",
        docs.iter().map(|d| d.tables).sum::<usize>(),
        docs.iter().map(|d| d.numeric).sum::<usize>(),
        sums.checked,
        sums.matched,
        pct(sums.matched, sums.checked - own),
        docs.iter().map(|d| d.seconds).sum::<f64>(),
        tot.expected,
        tot.matched,
        tot.wrong,
        tot.missing,
        tot.extra,
        tot.labels_found,
        tot.labels,
    );
    let _ = writeln!(
        s,
        "\nHand truth: **{} of {} numeric cells right ({})**, {} wrong. Goal (issue 12): ≥ 99 % right, 0 wrong; consistency ≥ 99 % on the Finnish, Swedish and county documents.\n",
        tot.matched,
        tot.expected,
        pct(tot.matched, tot.expected),
        tot.wrong
    );
    let _ = writeln!(s, "## Per truth table\n");
    let _ = writeln!(
        s,
        "`read as`: the extracted table scored (id and pages); `labels found`: truth rows with numbers (every row of a text-only table) whose label was found in it, after collapsing whitespace; `split also into`: other extracted tables on its page (or the next) holding cells of it the scored one misses.\n"
    );
    for d in docs {
        let Some(rows) = &d.truth else { continue };
        let _ = writeln!(s, "### {}\n", d.name);
        if rows.is_empty() {
            let _ = writeln!(
                s,
                "Its truth holds no table (prose only): {} tables found, {} numeric cells read.\n",
                d.tables, d.numeric
            );
            continue;
        }
        let _ = writeln!(
            s,
            "| truth table | where | read as | cells | matched | wrong | missing | extra | labels found | split also into |"
        );
        let _ = writeln!(s, "|---|---|---|---:|---:|---:|---:|---:|---:|---|");
        for r in rows {
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} | {} | {} | {} | {} | {}/{} | {} |",
                r.id,
                r.place,
                r.read_as,
                r.score.expected,
                r.score.matched,
                r.score.wrong,
                r.score.missing,
                r.score.extra,
                r.score.labels_found,
                r.score.labels,
                r.split.join(", ")
            );
        }
        let _ = writeln!(s);
    }
    let without: Vec<&str> = docs
        .iter()
        .filter(|d| d.truth.is_none())
        .map(|d| d.name.as_str())
        .collect();
    if !without.is_empty() {
        let _ = writeln!(s, "No hand truth yet: {}.\n", without.join(", "));
    }
    if docs.iter().any(|d| !d.sum_findings.is_empty()) {
        let _ = writeln!(s, "## Sum rows that do not add up\n");
        let _ = writeln!(
            s,
            "Every `sum_mismatch` finding (one per column), as `kommunetall-bench real --only FILE --sums` prints it: our reading error, the sum rule's, or the document's own figures.\n"
        );
        for d in docs.iter().filter(|d| !d.sum_findings.is_empty()) {
            let _ = writeln!(s, "### {}\n", d.name);
            for f in &d.sum_findings {
                let _ = writeln!(s, "- {f}");
            }
            let _ = writeln!(s);
        }
    }
    if docs.iter().any(|d| !d.stale_own.is_empty()) {
        let _ = writeln!(
            s,
            "## Listed as the document's own, no longer found so

The reading changed: check these pages again.
"
        );
        for d in docs {
            for e in &d.stale_own {
                let _ = writeln!(s, "- {}: {e}", d.name);
            }
        }
    }
    s
}
