//! What a person checks after a run: the inspect pages of a PDF (drawn by
//! `kommunetall-inspect`, for runs and for `kommunetall inspect` alike) and
//! each partition's page of the quality report (`quality/5001-2024.md`,
//! `.html`; its index `quality.md`, `quality.html` is made by the run from
//! the manifest), each finding's table linked to its inspect page
//! (`inspect/<document_id>/page-NNN.html#table-<id>`).

use std::collections::BTreeSet;
use std::path::Path;

use kommunetall_facts::Mappings;
use kommunetall_inspect::{Extracted, InspectPage, Options, QualityDoc};
use kommunetall_model::{Diagnostic, Location, Table};
use kommunetall_pdf::Page;

use crate::Error;
use crate::ingest::{Document, Hints, ingest_with_pages};
use crate::pipeline::Kind;

/// The folder of inspect pages in the warehouse.
pub const INSPECT_DIR: &str = "inspect";

/// The inspect pages of one document: which PDF pages were drawn, and the
/// files (`index.html`, `page-NNN.html`).
#[derive(Debug, Clone, Default)]
pub struct Inspect {
    /// The pages drawn.
    pub pages: BTreeSet<u32>,
    /// (file name inside the document's inspect folder, bytes).
    pub files: Vec<(String, Vec<u8>)>,
}

impl Inspect {
    fn of(rendered: Vec<InspectPage>, index: String) -> Inspect {
        let pages = rendered.iter().map(|p| p.page).collect();
        let mut files = vec![("index.html".to_owned(), index.into_bytes())];
        files.extend(
            rendered
                .into_iter()
                .map(|p| (p.file_name, p.html.into_bytes())),
        );
        Inspect { pages, files }
    }
}

/// The pages worth drawing for a document: those of tables with findings and
/// those findings name.
#[must_use]
pub fn pages_to_inspect(tables: &[Table], findings: &[Diagnostic]) -> BTreeSet<u32> {
    let mut out = BTreeSet::new();
    for f in findings {
        if let Some(p) = f.page {
            out.insert(p);
        }
        if let Some(id) = &f.table_id {
            for t in tables.iter().filter(|t| &t.table_id == id) {
                if let Location::Pages { first, last } = t.location {
                    out.extend(first..=last);
                }
            }
        }
    }
    out
}

/// Draws the pages of a read PDF that `opts` selects, with every finding
/// about it; returns the pages and the index page.
#[must_use]
pub fn draw(
    doc: &Document,
    pages: &[Page],
    findings: &[Diagnostic],
    opts: &Options,
) -> (Vec<InspectPage>, String) {
    let ex = Extracted {
        tables: &doc.extraction.tables,
        findings,
    };
    let rendered = kommunetall_inspect::render(pages, ex, &doc.source_path, opts);
    let index = kommunetall_inspect::index_html(&doc.source_path, &rendered, ex);
    (rendered, index)
}

/// The inspect pages a run keeps of a freshly read document: the pages of
/// tables with findings (none for a workbook, whose `pages` are empty).
#[must_use]
pub fn for_run(doc: &Document, pages: &[Page], findings: &[Diagnostic]) -> Inspect {
    let wanted = pages_to_inspect(&doc.extraction.tables, findings);
    if pages.is_empty() || wanted.is_empty() {
        return Inspect::default();
    }
    let opts = Options {
        pages: Some(wanted.into_iter().collect()),
        table: None,
    };
    let (rendered, index) = draw(doc, pages, findings, &opts);
    Inspect::of(rendered, index)
}

/// The quality report's page of some documents (a run: a partition's), as
/// Markdown and HTML: each with its tables and findings by rule, findings
/// linked to the pages drawn of it (`drawn`), the page being one folder
/// below the inspect pages (`quality/`).
#[must_use]
pub fn page(docs: &[(&Document, &[Diagnostic], &BTreeSet<u32>)]) -> (String, String) {
    let docs: Vec<QualityDoc<'_>> = docs
        .iter()
        .map(|&(d, findings, drawn)| QualityDoc {
            source_path: &d.source_path,
            document_id: &d.document_id,
            made_of: if d.kind == Kind::Pdf {
                "pages"
            } else {
                "sheets"
            },
            pages_or_sheets: d.extraction.pages_or_sheets,
            report_year: d.report_year,
            municipality_code: &d.municipality_code,
            tables: &d.extraction.tables,
            findings,
            inspect_dir: format!("../{INSPECT_DIR}/{}", d.document_id),
            drawn,
        })
        .collect();
    (
        kommunetall_inspect::quality_markdown(&docs),
        kommunetall_inspect::quality_html(&docs),
    )
}

/// `kommunetall inspect`: reads the PDF at `file`, draws the pages that
/// `opts` selects into the folder `out` and says what was written.
///
/// # Errors
/// [`Error::Document`] when the file is not a readable PDF, the table asked
/// for does not exist, no page matched, or `out` cannot be written.
pub fn inspect_file(file: &Path, opts: &Options, out: &Path) -> Result<String, Error> {
    let name = file.to_string_lossy();
    let derr = |path: &Path, reason: String| Error::Document {
        path: path.display().to_string(),
        reason,
    };
    if Kind::from_path(file) != Some(Kind::Pdf) {
        let reason =
            "inspect draws PDF pages; this is not a .pdf (use `kommunetall tables` for workbooks)";
        return Err(derr(file, reason.into()));
    }
    let bytes = std::fs::read(file).map_err(|e| derr(file, format!("cannot read: {e}")))?;
    let hints = Hints {
        municipality_code: Some("0000".into()),
        ..Hints::default()
    };
    let (doc, pages) = ingest_with_pages(&bytes, file, &name, &hints).or_else(|_| {
        // The year is only needed for the period check; draw all the same.
        let hints = Hints {
            report_year: Some(0),
            ..hints.clone()
        };
        ingest_with_pages(&bytes, file, &name, &hints)
    })?;
    if let Some(t) = &opts.table
        && !doc.extraction.tables.iter().any(|x| &x.table_id == t)
    {
        let reason = format!("no table {t}; `kommunetall tables {name}` lists them");
        return Err(derr(file, reason));
    }
    let findings = doc.findings(&doc.facts(&Mappings::embedded()?));
    let (rendered, index) = draw(&doc, &pages, &findings, opts);
    if rendered.is_empty() {
        return Err(derr(file, "no page matched".into()));
    }
    let (n, cells) = (
        rendered.len(),
        rendered.iter().map(|p| p.cells_outlined).sum::<usize>(),
    );
    std::fs::create_dir_all(out).map_err(|e| derr(out, e.to_string()))?;
    for (f, bytes) in Inspect::of(rendered, index).files {
        let path = out.join(f);
        std::fs::write(&path, bytes).map_err(|e| derr(&path, e.to_string()))?;
    }
    let index = out.join("index.html");
    let found = findings.len();
    Ok(format!(
        "{n} pages, {cells} cells outlined, {found} findings: open {}",
        index.display()
    ))
}
