//! One input file → one [`Document`]: fingerprint, kind, municipality, report
//! year and the extracted tables with diagnostics; then its facts and
//! findings ([`Document::facts`], [`Document::findings`]).

use std::path::Path;

use kommunetall_facts::{Facts, Mappings};
use kommunetall_kostra::RegionHistory;
use kommunetall_lexicon::year::{report_year, years_in};
use kommunetall_model::{Diagnostic, Extraction};
use sha2::{Digest, Sha256};

use crate::Error;
use crate::pipeline::Kind;

/// What the caller knows about a document before reading it.
#[derive(Debug, Clone, Default)]
pub struct Hints {
    /// Kind; from the extension when `None`.
    pub kind: Option<Kind>,
    /// Municipality code; read from the document when `None`.
    pub municipality_code: Option<String>,
    /// Municipality name.
    pub municipality_name: Option<String>,
    /// Report year; read from the document (then the file name) when `None`.
    pub report_year: Option<i32>,
}

/// A read document. Serialisable: the run keeps each one in the warehouse's
/// `cache/` so an unchanged input is not read again.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Document {
    /// Path as given (relative to the project folder for pipelines).
    pub source_path: String,
    /// SHA-256, lower-case hex.
    pub sha256: String,
    /// First 16 hex digits of the SHA-256.
    pub document_id: String,
    /// The kind.
    pub kind: Kind,
    /// Four-digit municipality code.
    pub municipality_code: String,
    /// Municipality name, when known.
    pub municipality_name: Option<String>,
    /// Report year.
    pub report_year: i32,
    /// When it was read (microseconds since the epoch, UTC; `document.ingested_at`).
    #[serde(default)]
    pub ingested_at_us: i64,
    /// Tables, diagnostics, page/sheet count and producer.
    pub extraction: Extraction,
}

impl Document {
    /// The facts of the document (spreadsheets too: the views prefer the
    /// PDF's value when both hold a line). Computed from the tables each run,
    /// never cached: they depend on the mappings compiled in.
    #[must_use]
    pub fn facts(&self, mappings: &Mappings) -> Facts {
        kommunetall_facts::extract_facts(&self.extraction.tables, self.report_year, mappings)
    }

    /// Every finding about the document: the extractor's and the checks'
    /// diagnostics, then the facts' (`unmapped_label`, …) — the rows of
    /// `quality_finding`, in this order.
    #[must_use]
    pub fn findings(&self, facts: &Facts) -> Vec<Diagnostic> {
        let mut out = self.extraction.diagnostics.clone();
        out.extend(facts.diagnostics.iter().cloned());
        out
    }
}

/// Reads `path` (shown as `source_path` in messages and in the warehouse).
///
/// # Errors
/// [`Error::Document`] when the file is missing, of an unknown kind, cannot be
/// parsed at all, or its municipality/year cannot be told.
pub fn ingest(path: &Path, source_path: &str, hints: &Hints) -> Result<Document, Error> {
    let bytes = std::fs::read(path).map_err(|e| Error::unreadable(source_path, e))?;
    ingest_with_pages(&bytes, path, source_path, hints).map(|(d, _)| d)
}

/// SHA-256 of `bytes`, lower-case hex.
#[must_use]
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// [`ingest`] for bytes already read from `path`, also returning the PDF's
/// positioned pages (empty for workbooks), for drawing inspect pages without
/// reading the PDF twice.
///
/// # Errors
/// As [`ingest`].
pub fn ingest_with_pages(
    bytes: &[u8],
    path: &Path,
    source_path: &str,
    hints: &Hints,
) -> Result<(Document, Vec<kommunetall_pdf::Page>), Error> {
    let derr = |reason: String| Error::Document {
        path: source_path.to_owned(),
        reason,
    };
    let kind = hints
        .kind
        .or_else(|| Kind::from_path(path))
        .ok_or_else(|| derr("unknown file kind (expected .pdf, .xlsx, .xls or .ods)".into()))?;
    let sha256 = sha256_hex(bytes);
    let mut pages = Vec::new();
    let (extraction, text) = match kind {
        Kind::Pdf => {
            let (ex, text, p) = extract_pdf(bytes).map_err(derr)?;
            pages = p;
            (ex, text)
        }
        Kind::Xlsx | Kind::Xls | Kind::Ods => {
            let sk = match kind {
                Kind::Xlsx => kommunetall_sheet::Kind::Xlsx,
                Kind::Xls => kommunetall_sheet::Kind::Xls,
                _ => kommunetall_sheet::Kind::Ods,
            };
            let ex =
                kommunetall_sheet::extract_bytes(bytes, sk).map_err(|e| derr(e.to_string()))?;
            let text: String = ex
                .tables
                .iter()
                .filter_map(|t| t.caption.clone())
                .collect::<Vec<_>>()
                .join("\n");
            (ex, text)
        }
    };
    let report_year = hints
        .report_year
        .or(extraction.report_year)
        .or_else(|| report_year(&text))
        .or_else(|| file_year(path))
        .ok_or_else(|| {
            derr("cannot tell the report year from the document or its name; pass --year".into())
        })?;
    let (municipality_code, municipality_name) = match &hints.municipality_code {
        Some(c) => (c.clone(), hints.municipality_name.clone()),
        None => {
            let (c, n) = municipality_in(&text, report_year).ok_or_else(|| {
                derr("cannot tell which municipality the document is about; pass --municipality CODE (e.g. 5001)".into())
            })?;
            (c, hints.municipality_name.clone().or(Some(n)))
        }
    };
    let mut extraction = extraction;
    extraction.report_year = Some(report_year);
    let findings = kommunetall_check::check_tables(&extraction.tables, Some(report_year));
    extraction.diagnostics.extend(findings);
    let doc = Document {
        source_path: source_path.to_owned(),
        document_id: sha256[..16].to_owned(),
        sha256,
        kind,
        municipality_code,
        municipality_name,
        report_year,
        ingested_at_us: 0,
        extraction,
    };
    Ok((doc, pages))
}

/// PDF → tables. Returns the extraction and the text of the first pages (for
/// year and municipality recognition).
type PdfRead = (Extraction, String, Vec<kommunetall_pdf::Page>);

fn extract_pdf(bytes: &[u8]) -> Result<PdfRead, String> {
    let kommunetall_pdf::Read {
        pages,
        mut diagnostics,
        page_count: n,
        title,
        producer,
    } = kommunetall_pdf::read(bytes).map_err(|e| e.to_string())?;
    if pages.is_empty() && n > 0 {
        return Err(format!("none of its {n} pages could be read"));
    }
    let mut text = title.unwrap_or_default();
    for page in pages.iter().take(3) {
        for w in &page.words {
            text.push(' ');
            text.push_str(&w.text);
        }
    }
    let grid = kommunetall_grid::extract(&pages);
    diagnostics.extend(grid.diagnostics);
    Ok((
        Extraction {
            tables: grid.tables,
            diagnostics,
            report_year: report_year(&text),
            pages_or_sheets: n,
            producer,
        },
        text,
        pages,
    ))
}

/// The first year (1990 or later) in a file name, digits glued to letters
/// included: "arsberetning-2024.pdf", "tabeller2024.xlsx" → 2024.
fn file_year(path: &Path) -> Option<i32> {
    let digits = path
        .file_stem()?
        .to_str()?
        .replace(|c: char| !c.is_ascii_digit(), "/");
    years_in(&digits).into_iter().find(|y| *y >= 1990)
}

/// "<Name> kommune" in the text → (code valid in `year`, name), from the one
/// region history (`schemas/municipalities.csv`, `kommunetall_kostra::regions`).
#[must_use]
pub fn municipality_in(text: &str, year: i32) -> Option<(String, String)> {
    let history = RegionHistory::builtin().ok()?;
    let words: Vec<&str> = text.split_whitespace().collect();
    for w in words.windows(2) {
        if !w[1].to_lowercase().starts_with("kommune") {
            continue;
        }
        let name = w[0].trim_matches(|c: char| !c.is_alphabetic());
        if let Some(m) = history
            .rows()
            .iter()
            .find(|m| m.name.eq_ignore_ascii_case(name) && m.covers(year))
        {
            return Some((m.code.clone(), m.name.clone()));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn year_and_municipality_from_text() {
        assert_eq!(
            municipality_in("Årsberetning Trondheim kommune", 2024),
            Some(("5001".into(), "Trondheim".into()))
        );
        assert_eq!(
            municipality_in("Trondheim kommune", 2016),
            Some(("1601".into(), "Trondheim".into()))
        );
        assert_eq!(
            municipality_in("Bergen kommune", 2024).map(|m| m.0),
            Some("4601".into())
        );
        assert_eq!(municipality_in("Ukjent kommune", 2024), None);
        assert_eq!(
            file_year(Path::new("raw/arsberetning-2024.pdf")),
            Some(2024)
        );
    }
}
