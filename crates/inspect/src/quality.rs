//! The quality report of a warehouse, as Markdown and as HTML: per document
//! the tables found and the findings grouped by rule ([`quality_markdown`],
//! [`quality_html`]: a run writes one such page per partition); in the HTML
//! each finding's table is linked to its inspect page when that page was
//! drawn. The index over all documents ([`quality_index_markdown`],
//! [`quality_index_html`]: `quality.md`, `quality.html`) gives the totals,
//! the findings by rule and one line per document, linked to its page.

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

/// One document's line in the quality report's index (`quality.md`,
/// `quality.html`): its counts, its findings by rule, and the page of its
/// partition where its tables and findings are listed.
#[derive(Debug, Clone)]
pub struct QualityIndexRow<'a> {
    /// `document.source_path`.
    pub source_path: &'a str,
    /// `document.document_id`.
    pub document_id: &'a str,
    /// Municipality code.
    pub municipality_code: &'a str,
    /// Report year.
    pub report_year: i32,
    /// Tables found.
    pub tables: usize,
    /// Value cells over all its tables.
    pub value_cells: usize,
    /// Its findings: rule → how many.
    pub findings: &'a BTreeMap<String, usize>,
    /// Its findings of severity `error`.
    pub errors: usize,
    /// The page of its partition, relative to the index and without the
    /// extension (`quality/5001-2024`: `.md` and `.html` beside each other).
    pub page: &'a str,
}

/// Totals over the rows: documents, tables, value cells, findings, errors,
/// and per rule (findings, documents).
fn totals<'a>(rows: &[QualityIndexRow<'a>]) -> ([usize; 4], BTreeMap<&'a str, (usize, usize)>) {
    let mut t = [0; 4];
    let mut rules: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for r in rows {
        t[0] += r.tables;
        t[1] += r.value_cells;
        t[2] += r.findings.values().sum::<usize>();
        t[3] += r.errors;
        for (rule, n) in r.findings {
            let e = rules.entry(rule).or_default();
            e.0 += n;
            e.1 += 1;
        }
    }
    (t, rules)
}

fn md_cell(s: &str) -> String {
    s.replace('|', "\\|")
}

/// `quality.md`, the index of the quality report: totals, findings by rule,
/// and one line per document (in warehouse order) linking to its
/// partition's page, which lists its tables and findings.
#[must_use]
pub fn quality_index_markdown(rows: &[QualityIndexRow<'_>]) -> String {
    let ([tables, cells, findings, errors], rules) = totals(rows);
    let mut s = String::from(QUALITY_MD_HEAD);
    s.push_str(&format!(
        "{} documents, {tables} tables, {cells} value cells, {findings} findings ({errors} errors). \
         Each document's tables and findings are on its partition's page under `quality/`.\n\n\
         ## Findings by rule\n\n| rule | findings | documents |\n|---|---:|---:|\n",
        rows.len()
    ));
    for (rule, (n, docs)) in &rules {
        s.push_str(&format!("| {} | {n} | {docs} |\n", md_cell(rule)));
    }
    s.push_str(
        "\n## Documents\n\n| document | municipality | report year | tables | value cells | findings | errors |\n\
         |---|---|---:|---:|---:|---:|---:|\n",
    );
    for r in rows {
        s.push_str(&format!(
            "| [{}]({}.md) | {} | {} | {} | {} | {} | {} |\n",
            md_cell(r.source_path),
            r.page,
            md_cell(r.municipality_code),
            r.report_year,
            r.tables,
            r.value_cells,
            r.findings.values().sum::<usize>(),
            r.errors
        ));
    }
    s
}

/// `quality.html`, the index of the quality report: as
/// [`quality_index_markdown`], each document linked to its section of its
/// partition's page.
#[must_use]
pub fn quality_index_html(rows: &[QualityIndexRow<'_>]) -> String {
    let ([tables, cells, findings, errors], rules) = totals(rows);
    let mut s = String::from(HEAD);
    s.push_str(&format!(
        "</nav>\n<p><b>{}</b> documents, <b>{tables}</b> tables, <b>{cells}</b> value cells, \
         <b>{findings}</b> findings (<b>{errors}</b> errors). Each document's tables and findings \
         are on its partition's page.</p>\n<h2>Findings by rule</h2>\n<table><tr><th>rule</th>\
         <th>findings</th><th>documents</th></tr>\n",
        rows.len()
    ));
    for (rule, (n, docs)) in &rules {
        s.push_str(&format!(
            "<tr><td>{}</td><td>{n}</td><td>{docs}</td></tr>\n",
            esc(rule)
        ));
    }
    s.push_str(
        "</table>\n<h2>Documents</h2>\n<table><tr><th>document</th><th>municipality</th>\
         <th>report year</th><th>tables</th><th>value cells</th><th>findings</th><th>errors</th></tr>\n",
    );
    for r in rows {
        let href = format!("{}.html#doc-{}", r.page, r.document_id);
        s.push_str(&format!(
            "<tr><td><a href=\"{}\">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"{}\">{}</td></tr>\n",
            esc(&href),
            esc(r.source_path),
            esc(r.municipality_code),
            r.report_year,
            r.tables,
            r.value_cells,
            r.findings.values().sum::<usize>(),
            if r.errors > 0 { "error" } else { "info" },
            r.errors
        ));
    }
    s.push_str("</table>\n");
    s.push_str(QUALITY_HTML_TAIL);
    s
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

    #[test]
    fn the_index_totals_findings_by_rule_and_links_each_document_to_its_page() {
        let a = BTreeMap::from([
            ("sum_mismatch".to_owned(), 2),
            ("unmapped_label".to_owned(), 1),
        ]);
        let b = BTreeMap::from([("sum_mismatch".to_owned(), 1)]);
        let row = |source_path, document_id, findings, page| QualityIndexRow {
            source_path,
            document_id,
            municipality_code: "5001",
            report_year: 2024,
            tables: 3,
            value_cells: 10,
            findings,
            errors: 1,
            page,
        };
        let rows = [
            row("raw/a|b.pdf", "a1", &a, "quality/5001-2024"),
            row("raw/<c>.xlsx", "c1", &b, "quality/5001-2024"),
        ];
        let md = quality_index_markdown(&rows);
        assert!(
            md.contains("2 documents, 6 tables, 20 value cells, 4 findings (2 errors)"),
            "{md}"
        );
        assert!(
            md.contains("| sum_mismatch | 3 | 2 |\n| unmapped_label | 1 | 1 |\n"),
            "{md}"
        );
        assert!(
            md.contains("| [raw/a\\|b.pdf](quality/5001-2024.md) | 5001 | 2024 | 3 | 10 | 3 | 1 |"),
            "{md}"
        );
        let html = quality_index_html(&rows);
        assert!(
            html.contains("<a href=\"quality/5001-2024.html#doc-c1\">raw/&lt;c&gt;.xlsx</a>"),
            "{html}"
        );
        assert!(html.ends_with(QUALITY_HTML_TAIL));
    }
}
