//! The readable quality reports written after every run: `quality.md` and
//! `quality.html` — per document the tables found, cells and findings grouped
//! by rule, each finding's table linked to its inspect page
//! (`inspect/<document_id>/page-NNN.html#table-<id>`, drawn by
//! `kommunetall-inspect` for the pages of tables that have findings).

use std::collections::{BTreeMap, BTreeSet};

use kommunetall_model::{Diagnostic, Location, Table};

use crate::ingest::Document;

/// The folder of inspect pages in the warehouse.
pub const INSPECT_DIR: &str = "inspect";

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

/// The relative link to a finding's inspect page, if that page was drawn.
fn link(d: &Document, f: &Diagnostic, drawn: &BTreeSet<u32>) -> Option<String> {
    let (page, anchor) = match f.table_id.as_ref().and_then(|id| {
        d.extraction
            .tables
            .iter()
            .find(|t| &t.table_id == id)
            .map(|t| (t, id))
    }) {
        Some((t, id)) => match t.location {
            Location::Pages { first, .. } => (first, format!("#table-{id}")),
            Location::Sheet { .. } => return None,
        },
        None => (f.page?, String::new()),
    };
    drawn.contains(&page).then(|| {
        format!(
            "{INSPECT_DIR}/{}/{}{anchor}",
            d.document_id,
            kommunetall_inspect::page_file_name(page)
        )
    })
}

fn place(f: &Diagnostic) -> String {
    [
        f.table_id.as_ref().map(|t| format!("table {t}")),
        f.page.map(|p| format!("page {p}")),
        f.sheet.as_ref().map(|x| format!("sheet {x}")),
        f.row_label.as_ref().map(|r| format!("row \"{r}\"")),
        f.column_label.as_ref().map(|c| format!("column \"{c}\"")),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(", ")
}

fn by_rule(fs: &[Diagnostic]) -> BTreeMap<&str, Vec<&Diagnostic>> {
    let mut m: BTreeMap<&str, Vec<&Diagnostic>> = BTreeMap::new();
    for f in fs {
        m.entry(&f.rule).or_default().push(f);
    }
    m
}

fn value_cells(d: &Document) -> usize {
    d.extraction
        .tables
        .iter()
        .map(|t| t.rows.len() * t.n_cols)
        .sum()
}

fn unit_word(d: &Document) -> &'static str {
    if d.kind.as_str() == "pdf" {
        "pages"
    } else {
        "sheets"
    }
}

/// `quality.md`. `findings[i]` are the findings of `docs[i]`.
#[must_use]
pub fn markdown(docs: &[Document], findings: &[Vec<Diagnostic>]) -> String {
    let mut s = String::from("# Quality report\n\n");
    for (d, fs) in docs.iter().zip(findings) {
        let ex = &d.extraction;
        s.push_str(&format!(
            "## {}\n\n- document_id `{}`, {} {}, report year {}, municipality {}\n- {} tables, {} value cells, {} findings\n\n",
            d.source_path,
            d.document_id,
            ex.pages_or_sheets,
            unit_word(d),
            d.report_year,
            d.municipality_code,
            ex.tables.len(),
            value_cells(d),
            fs.len()
        ));
        for (rule, fs) in by_rule(fs) {
            s.push_str(&format!("### {rule} ({})\n\n", fs.len()));
            for f in fs {
                s.push_str(&format!(
                    "- [{}] {}: {}\n",
                    f.severity.as_str(),
                    place(f),
                    f.message
                ));
            }
            s.push('\n');
        }
    }
    s
}

fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

/// `quality.html`. `drawn[i]` are the pages of `docs[i]` that have inspect pages.
#[must_use]
pub fn html(docs: &[Document], findings: &[Vec<Diagnostic>], drawn: &[BTreeSet<u32>]) -> String {
    let mut s = String::from(
        "<!DOCTYPE html>\n<html lang=\"no\"><head><meta charset=\"utf-8\"><title>Quality report</title>\n<style>\
         body{font:14px/1.4 system-ui,sans-serif;margin:2em;max-width:75em}\
         table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ccc;padding:2px 6px;text-align:left;vertical-align:top}\
         .error{color:#b00;font-weight:bold}.warning{color:#a60}.info{color:#555}\
         nav a{margin-right:1em}</style></head><body>\n<h1>Quality report</h1>\n<nav>",
    );
    for d in docs {
        s.push_str(&format!(
            "<a href=\"#doc-{}\">{}</a>",
            esc(&d.document_id),
            esc(&d.source_path)
        ));
    }
    s.push_str("</nav>\n");
    let empty = BTreeSet::new();
    for (i, (d, fs)) in docs.iter().zip(findings).enumerate() {
        let drawn = drawn.get(i).unwrap_or(&empty);
        let ex = &d.extraction;
        s.push_str(&format!(
            "<section id=\"doc-{id}\"><h2>{src}</h2>\n<p>document_id <code>{id}</code>, {n} {unit}, report year {y}, municipality {m}: \
             <b>{t}</b> tables, <b>{c}</b> value cells, <b>{f}</b> findings.</p>\n",
            id = esc(&d.document_id),
            src = esc(&d.source_path),
            n = ex.pages_or_sheets,
            unit = unit_word(d),
            y = d.report_year,
            m = esc(&d.municipality_code),
            t = ex.tables.len(),
            c = value_cells(d),
            f = fs.len()
        ));
        s.push_str("<details><summary>Tables found</summary><table><tr><th>table</th><th>where</th><th>rows × cols</th><th>caption</th></tr>\n");
        for t in &ex.tables {
            let place = match &t.location {
                Location::Pages { first, last } if first == last => format!("page {first}"),
                Location::Pages { first, last } => format!("pages {first}–{last}"),
                Location::Sheet { name } => format!("sheet {name}"),
            };
            s.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td>{} × {}</td><td>{}</td></tr>\n",
                esc(&t.table_id),
                esc(&place),
                t.rows.len(),
                t.n_cols,
                esc(t.caption.as_deref().unwrap_or("(no caption)"))
            ));
        }
        s.push_str("</table></details>\n");
        for (rule, fs) in by_rule(fs) {
            s.push_str(&format!(
                "<h3>{} ({})</h3>\n<table><tr><th>severity</th><th>where</th><th>expected</th><th>actual</th><th>message</th></tr>\n",
                esc(rule),
                fs.len()
            ));
            for f in fs {
                let sev = f.severity.as_str();
                let where_ = match link(d, f, drawn) {
                    Some(href) => format!("<a href=\"{}\">{}</a>", esc(&href), esc(&place(f))),
                    None => esc(&place(f)),
                };
                s.push_str(&format!(
                    "<tr><td class=\"{sev}\">{sev}</td><td>{where_}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                    esc(f.expected.as_deref().unwrap_or("")),
                    esc(f.actual.as_deref().unwrap_or("")),
                    esc(&f.message)
                ));
            }
            s.push_str("</table>\n");
        }
        s.push_str("</section>\n");
    }
    s.push_str("</body></html>\n");
    s
}
