//! The inspect pages of one PDF: the selected pages drawn ([`render`]), the
//! index linking their tables ([`index_html`]), written to a folder ([`write()`]).

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use kommunetall_model::{Diagnostic, Extraction, Table};
use kommunetall_pdf::Page;

use crate::html::{esc, frag, page_file_name};
use crate::page::{self, table_pages};
use crate::style;

/// What is drawn of a PDF: the tables read from it and the findings about
/// them (the extractor's, the checks' and the facts', as the warehouse has them).
#[derive(Debug, Clone, Copy)]
pub struct Extracted<'a> {
    /// Tables in reading order.
    pub tables: &'a [Table],
    /// Findings; those naming a table, row and cell are drawn on it.
    pub findings: &'a [Diagnostic],
}

impl<'a> From<&'a Extraction> for Extracted<'a> {
    fn from(ex: &'a Extraction) -> Self {
        Extracted {
            tables: &ex.tables,
            findings: &ex.diagnostics,
        }
    }
}

/// Which pages to render.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// Only these 1-based page numbers; all pages when `None`.
    pub pages: Option<Vec<u32>>,
    /// Only the pages holding the table with this id ("1.4"); when no table
    /// has the id, nothing is rendered.
    pub table: Option<String>,
}

/// One rendered page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InspectPage {
    /// 1-based page number.
    pub page: u32,
    /// File name of the page in the output directory ("page-007.html").
    pub file_name: String,
    /// The self-contained HTML document.
    pub html: String,
    /// Number of cell outlines (`class="cell"` rectangles: row labels and
    /// value cells with a position on this page) in [`InspectPage::html`].
    pub cells_outlined: usize,
    /// Ids of the tables shown on this page, in reading order.
    pub tables: Vec<String>,
}

/// Renders the selected pages. `pages` are the pages the extraction was run
/// on; `source_name` (the PDF's file name) goes into titles.
#[must_use]
pub fn render(
    pages: &[Page],
    extraction: Extracted<'_>,
    source_name: &str,
    opts: &Options,
) -> Vec<InspectPage> {
    let wanted_by_table: Option<Vec<u32>> = opts.table.as_ref().map(|id| {
        let mut v: Vec<u32> = extraction
            .tables
            .iter()
            .filter(|t| &t.table_id == id)
            .flat_map(table_pages)
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    });
    let selected: Vec<&Page> = pages
        .iter()
        .filter(|p| opts.pages.as_ref().is_none_or(|v| v.contains(&p.number)))
        .filter(|p| {
            wanted_by_table
                .as_ref()
                .is_none_or(|v| v.contains(&p.number))
        })
        .collect();
    selected
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let view = page::PageView {
                page: p,
                tables: extraction.tables,
                diagnostics: extraction.findings,
                source_name,
                prev: i
                    .checked_sub(1)
                    .and_then(|j| selected.get(j))
                    .map(|q| q.number),
                next: selected.get(i + 1).map(|q| q.number),
            };
            let r = page::render_page(&view);
            InspectPage {
                page: p.number,
                file_name: page_file_name(p.number),
                html: r.html,
                cells_outlined: r.cells_outlined,
                tables: r.tables,
            }
        })
        .collect()
}

/// The index page: every table of the extraction (id, caption, pages,
/// shape, findings by rule) linking to its first rendered page, the
/// rendered pages, and the findings not tied to a table.
#[must_use]
pub fn index_html(source_name: &str, pages: &[InspectPage], extraction: Extracted<'_>) -> String {
    let rendered: HashMap<u32, &InspectPage> = pages.iter().map(|p| (p.page, p)).collect();
    let mut s = String::with_capacity(16 * 1024);
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"no\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>{src} — inspection</title>\n<style>{css}</style>\n</head>\n\
         <body class=\"index\">\n<h1>{src}</h1>\n<p>{} table(s), {} finding(s), {} page(s) rendered, {} cells outlined.</p>\n",
        extraction.tables.len(),
        extraction.findings.len(),
        pages.len(),
        pages.iter().map(|p| p.cells_outlined).sum::<usize>(),
        src = esc(source_name),
        css = style::CSS
    );
    s.push_str(
        "<h2>Tables</h2>\n<table>\n<tr><th>table</th><th>caption</th><th>pages</th>\
         <th>rows</th><th>value columns</th><th>unit</th><th>findings</th></tr>\n",
    );
    for t in extraction.tables {
        let tp = table_pages(t);
        let id = esc(&t.table_id);
        s.push_str("<tr><td>");
        match tp.iter().find(|p| rendered.contains_key(p)) {
            Some(p) => {
                let _ = write!(
                    s,
                    "<a href=\"{}#{}\">{id}</a>",
                    page_file_name(*p),
                    frag(&format!("table-{}", t.table_id))
                );
            }
            None => s.push_str(&id),
        }
        let _ = write!(
            s,
            "</td><td>{}</td><td>",
            t.caption.as_deref().map(esc).unwrap_or_default()
        );
        let links: Vec<String> = tp
            .iter()
            .map(|p| {
                if rendered.contains_key(p) {
                    format!("<a href=\"{}\">{p}</a>", page_file_name(*p))
                } else {
                    p.to_string()
                }
            })
            .collect();
        s.push_str(&links.join(", "));
        let mut by_rule: BTreeMap<&str, usize> = BTreeMap::new();
        for d in extraction.findings {
            if d.table_id.as_deref() == Some(t.table_id.as_str()) {
                *by_rule.entry(d.rule.as_str()).or_default() += 1;
            }
        }
        let findings: Vec<String> = by_rule
            .iter()
            .map(|(r, n)| format!("{} ×{n}", esc(r)))
            .collect();
        let _ = writeln!(
            s,
            "</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td><td{}>{}</td></tr>",
            t.rows.len(),
            t.n_cols,
            t.unit.map(|u| esc(u.as_str())).unwrap_or_default(),
            if findings.is_empty() {
                ""
            } else {
                " class=\"bad\""
            },
            findings.join(", ")
        );
    }
    s.push_str("</table>\n<h2>Pages</h2>\n<ul>\n");
    for p in pages {
        let ids: Vec<String> = p.tables.iter().map(|t| esc(t)).collect();
        let _ = writeln!(
            s,
            "<li><a href=\"{}\">page {}</a>: {} · {} cells outlined</li>",
            p.file_name,
            p.page,
            if ids.is_empty() {
                "no table".to_owned()
            } else {
                format!("tables {}", ids.join(", "))
            },
            p.cells_outlined
        );
    }
    s.push_str("</ul>\n");
    let loose: Vec<_> = extraction
        .findings
        .iter()
        .filter(|d| {
            d.table_id
                .as_deref()
                .is_none_or(|id| !extraction.tables.iter().any(|t| t.table_id == id))
        })
        .collect();
    if !loose.is_empty() {
        s.push_str("<h2>Findings not tied to a table</h2>\n<ul>\n");
        for d in loose {
            let _ = write!(s, "<li><b>{}</b> ({})", esc(&d.rule), d.severity.as_str());
            if let Some(p) = d.page {
                if rendered.contains_key(&p) {
                    let _ = write!(s, " <a href=\"{}\">page {p}</a>", page_file_name(p));
                } else {
                    let _ = write!(s, " page {p}");
                }
            }
            if let Some(id) = &d.table_id {
                let _ = write!(s, " table {}", esc(id));
            }
            let _ = writeln!(s, ": {}</li>", esc(&d.message));
        }
        s.push_str("</ul>\n");
    }
    s.push_str("</body>\n</html>\n");
    s
}

/// Writes `index.html` and the rendered pages into `out_dir` (created when
/// missing) and returns the paths written, the index first.
///
/// # Errors
/// When the directory cannot be created or a file cannot be written.
pub fn write(
    out_dir: &Path,
    source_name: &str,
    pages: &[InspectPage],
    extraction: Extracted<'_>,
) -> std::io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(out_dir)?;
    let mut written = Vec::with_capacity(pages.len() + 1);
    let index = out_dir.join("index.html");
    std::fs::write(&index, index_html(source_name, pages, extraction))?;
    written.push(index);
    for p in pages {
        let path = out_dir.join(&p.file_name);
        std::fs::write(&path, &p.html)?;
        written.push(path);
    }
    Ok(written)
}
