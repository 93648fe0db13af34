//! The quality report of a warehouse, as Markdown (`quality.md`) and as one
//! HTML page (`quality.html`): per document the tables found and the findings
//! grouped by rule; in the HTML each finding's table is linked to its inspect
//! page when that page was drawn.

use std::collections::{BTreeMap, BTreeSet};

use kommunetall_model::{Diagnostic, Location, Table};

use crate::html::{esc, page_file_name};

/// One document of the quality report.
#[derive(Debug, Clone)]
pub struct QualityDoc<'a> {
    /// The document as named in the warehouse (`document.source_path`).
    pub source_path: &'a str,
    /// `document.document_id`.
    pub document_id: &'a str,
    /// What it is made of: "pages" (PDF) or "sheets" (workbook).
    pub made_of: &'a str,
    /// How many pages or sheets.
    pub pages_or_sheets: u32,
    /// Report year.
    pub report_year: i32,
    /// Municipality code.
    pub municipality_code: &'a str,
    /// The tables found.
    pub tables: &'a [Table],
    /// Every finding about the document.
    pub findings: &'a [Diagnostic],
    /// The folder of its inspect pages relative to the report
    /// (`inspect/<document_id>`).
    pub inspect_dir: String,
    /// The pages that have an inspect page.
    pub drawn: &'a BTreeSet<u32>,
}

impl QualityDoc<'_> {
    /// Value cells over all tables.
    fn value_cells(&self) -> usize {
        self.tables.iter().map(|t| t.rows.len() * t.n_cols).sum()
    }

    /// The relative link to a finding's inspect page, if that page was drawn.
    fn link(&self, f: &Diagnostic) -> Option<String> {
        let table = f.table_id.as_ref().and_then(|id| {
            self.tables
                .iter()
                .find(|t| &t.table_id == id)
                .map(|t| (t, id))
        });
        let (page, anchor) = match table {
            Some((t, id)) => match t.location {
                Location::Pages { first, .. } => (first, format!("#table-{id}")),
                Location::Sheet { .. } => return None,
            },
            None => (f.page?, String::new()),
        };
        self.drawn
            .contains(&page)
            .then(|| format!("{}/{}{anchor}", self.inspect_dir, page_file_name(page)))
    }
}

/// Where a finding points, in words: "table 1.1, page 3, row \"Sum\"".
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

/// Findings grouped by rule, rules in name order.
fn by_rule(fs: &[Diagnostic]) -> BTreeMap<&str, Vec<&Diagnostic>> {
    let mut m: BTreeMap<&str, Vec<&Diagnostic>> = BTreeMap::new();
    for f in fs {
        m.entry(&f.rule).or_default().push(f);
    }
    m
}

/// One document's part of the quality report, in both forms; the report
/// is its head, the parts in warehouse order, and its tail
/// ([`QUALITY_MD_HEAD`], [`quality_html_head`], [`QUALITY_HTML_TAIL`]). A
/// run keeps each document's part beside its cache and assembles the report
/// without reading the documents again.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QualitySection {
    /// The document's section of `quality.md`.
    pub markdown: String,
    /// The document's section of `quality.html`.
    pub html: String,
}

/// The start of `quality.md`.
pub const QUALITY_MD_HEAD: &str = "# Quality report\n\n";

/// A document's section of the report.
#[must_use]
pub fn quality_section(d: &QualityDoc<'_>) -> QualitySection {
    let mut html = String::new();
    document_section(&mut html, d);
    QualitySection {
        markdown: markdown_section(d),
        html,
    }
}

fn markdown_section(d: &QualityDoc<'_>) -> String {
    let mut s = String::new();
    s.push_str(&format!(
        "## {}\n\n- document_id `{}`, {} {}, report year {}, municipality {}\n- {} tables, {} value cells, {} findings\n\n",
        d.source_path,
        d.document_id,
        d.pages_or_sheets,
        d.made_of,
        d.report_year,
        d.municipality_code,
        d.tables.len(),
        d.value_cells(),
        d.findings.len()
    ));
    for (rule, fs) in by_rule(d.findings) {
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
    s
}

/// `quality.md`: the documents in warehouse order, each with its counts and
/// its findings by rule.
#[must_use]
pub fn quality_markdown(docs: &[QualityDoc<'_>]) -> String {
    let mut s = String::from(QUALITY_MD_HEAD);
    for d in docs {
        s.push_str(&markdown_section(d));
    }
    s
}

const HEAD: &str = "<!DOCTYPE html>\n<html lang=\"no\"><head><meta charset=\"utf-8\"><title>Quality report</title>\n<style>\
     body{font:14px/1.4 system-ui,sans-serif;margin:2em;max-width:75em}\
     table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ccc;padding:2px 6px;text-align:left;vertical-align:top}\
     .error{color:#b00;font-weight:bold}.warning{color:#a60}.info{color:#555}\
     nav a{margin-right:1em}</style></head><body>\n<h1>Quality report</h1>\n<nav>";

/// The start of `quality.html`: the page head and the links to every
/// document's section, (document_id, source_path) in warehouse order.
#[must_use]
pub fn quality_html_head<'a>(docs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut s = String::from(HEAD);
    for (id, source_path) in docs {
        s.push_str(&format!(
            "<a href=\"#doc-{}\">{}</a>",
            esc(id),
            esc(source_path)
        ));
    }
    s.push_str("</nav>\n");
    s
}

/// The end of `quality.html`.
pub const QUALITY_HTML_TAIL: &str = "</body></html>\n";

/// `quality.html`: the documents in warehouse order, each with its tables
/// and its findings by rule.
#[must_use]
pub fn quality_html(docs: &[QualityDoc<'_>]) -> String {
    let mut s = quality_html_head(docs.iter().map(|d| (d.document_id, d.source_path)));
    for d in docs {
        document_section(&mut s, d);
    }
    s.push_str(QUALITY_HTML_TAIL);
    s
}

fn document_section(s: &mut String, d: &QualityDoc<'_>) {
    s.push_str(&format!(
        "<section id=\"doc-{id}\"><h2>{src}</h2>\n<p>document_id <code>{id}</code>, {n} {unit}, report year {y}, municipality {m}: \
         <b>{t}</b> tables, <b>{c}</b> value cells, <b>{f}</b> findings.</p>\n",
        id = esc(d.document_id),
        src = esc(d.source_path),
        n = d.pages_or_sheets,
        unit = d.made_of,
        y = d.report_year,
        m = esc(d.municipality_code),
        t = d.tables.len(),
        c = d.value_cells(),
        f = d.findings.len()
    ));
    s.push_str("<details><summary>Tables found</summary><table><tr><th>table</th><th>where</th><th>rows × cols</th><th>caption</th></tr>\n");
    for t in d.tables {
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
    for (rule, fs) in by_rule(d.findings) {
        s.push_str(&format!(
            "<h3>{} ({})</h3>\n<table><tr><th>severity</th><th>where</th><th>expected</th><th>actual</th><th>message</th></tr>\n",
            esc(rule),
            fs.len()
        ));
        for f in fs {
            let sev = f.severity.as_str();
            let where_ = match d.link(f) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use kommunetall_model::Severity;

    #[test]
    fn findings_link_to_drawn_pages_only_and_text_is_escaped() {
        let table = Table {
            table_id: "1.1".into(),
            caption: Some("Tabell 1.1 <drift>".into()),
            unit: None,
            location: Location::Pages { first: 3, last: 4 },
            header: Vec::new(),
            rows: Vec::new(),
            n_cols: 0,
            notes: Vec::new(),
        };
        let mut on_table = Diagnostic::new("sum_mismatch", Severity::Error, "a & b");
        on_table.table_id = Some("1.1".into());
        let mut on_page = Diagnostic::new("page_unreadable", Severity::Error, "p9");
        on_page.page = Some(9);
        let tables = [table];
        let findings = [on_table, on_page];
        let drawn = BTreeSet::from([3]);
        let doc = QualityDoc {
            source_path: "r.pdf",
            document_id: "abc",
            made_of: "pages",
            pages_or_sheets: 9,
            report_year: 2024,
            municipality_code: "5001",
            tables: &tables,
            findings: &findings,
            inspect_dir: "inspect/abc".into(),
            drawn: &drawn,
        };
        let html = quality_html(std::slice::from_ref(&doc));
        assert!(html.contains("<a href=\"inspect/abc/page-003.html#table-1.1\">table 1.1</a>"));
        assert!(
            html.contains("<td>page 9</td>"),
            "page 9 was not drawn: no link"
        );
        assert!(html.contains("Tabell 1.1 &lt;drift&gt;"));
        assert!(html.contains("a &amp; b"));
        assert!(html.contains("<b>1</b> tables"));
        let part = quality_section(&doc);
        let assembled = quality_html_head([("abc", "r.pdf")]) + &part.html + QUALITY_HTML_TAIL;
        assert_eq!(assembled, html, "the report is its parts");
        assert_eq!(
            format!("{QUALITY_MD_HEAD}{}", part.markdown),
            quality_markdown(std::slice::from_ref(&doc))
        );
        let md = quality_markdown(&[doc]);
        assert!(
            md.contains("### sum_mismatch (1)\n\n- [error] table 1.1: a & b\n"),
            "{md}"
        );
    }
}
