//! Tables as JSON or CSV for `kommunetall tables FILE --format json|csv`: every
//! table as rows of cells, header rows included and marked, so a table can be
//! piped out without a warehouse (and any scorer can read the engine's output).
//!
//! Rows and columns count as in `report_cell`: `col` 0 is the row-label column,
//! 1…n the value columns left to right; body rows (`kind` "body", "section" or
//! "sum") are numbered from 0 in printed order. Header rows (`kind` "header")
//! are numbered from 0 top to bottom, separately; a header cell starts at grid
//! column `col` and covers `span` columns.
//!
//! # JSON
//!
//! One array of tables:
//!
//! ```json
//! [{"table_id": "1.1", "caption": "Tabell 1.1 …", "unit": "millioner kroner",
//!   "page_first": 3, "page_last": 4, "sheet": null, "n_cols": 5,
//!   "rows": [
//!     {"kind": "header", "row": 0, "cells": [{"col": 0, "span": 1, "text": ""},
//!                                             {"col": 1, "span": 1, "text": "Regnskap 2024"}]},
//!     {"kind": "section", "row": 0, "label": "Driftsinntekter", "cells": [
//!       {"col": 0, "text": "Driftsinntekter", "value": null}, {"col": 1, "text": "", "value": null}]},
//!     {"kind": "body", "row": 1, "label": "Rammetilskudd", "cells": [
//!       {"col": 0, "text": "Rammetilskudd", "value": null},
//!       {"col": 1, "text": "−5 253", "value": -5253.0, "column_label": "Regnskap 2024",
//!        "unit": "millioner kroner", "page": 3}]}],
//!   "notes": ["Kilde: …"]}]
//! ```
//!
//! `page_first`/`page_last` are null for a workbook table and `sheet` null for
//! a PDF table. A value cell carries `column_label` (the header texts above it
//! joined with " / "), `unit` (its own, e.g. "prosent", else the table's, when
//! known), and `page` (PDF) or `cell_ref` (workbook, "B7") when known.
//!
//! # CSV
//!
//! One line per cell (header cells, row labels and value cells) under a header
//! line, RFC 4180 quoting (a field with a comma, a double quote or a line break
//! is quoted and its quotes doubled), lines ending in LF:
//!
//! `table_id,caption,page,sheet,kind,row,col,span,row_label,column_label,text,value,unit,cell_ref`
//!
//! `value` is empty when the cell is not a number; `page` is the cell's page,
//! else the table's first page.

use kommunetall_model::{Location, Table, Unit};

/// A table in the JSON output (fields in this order).
#[derive(serde::Serialize)]
struct JsonTable<'a> {
    table_id: &'a str,
    caption: Option<&'a str>,
    unit: Option<&'a str>,
    page_first: Option<u32>,
    page_last: Option<u32>,
    sheet: Option<&'a str>,
    n_cols: usize,
    rows: Vec<JsonRow<'a>>,
    notes: &'a [String],
}

#[derive(serde::Serialize)]
struct JsonRow<'a> {
    kind: &'static str,
    row: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    label: Option<&'a str>,
    cells: Vec<JsonCell<'a>>,
}

#[derive(serde::Serialize)]
#[serde(untagged)]
enum JsonCell<'a> {
    Header {
        col: usize,
        span: usize,
        text: &'a str,
    },
    Body {
        col: usize,
        text: &'a str,
        value: Option<f64>,
        #[serde(skip_serializing_if = "Option::is_none")]
        column_label: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        unit: Option<&'a str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        page: Option<u32>,
        #[serde(skip_serializing_if = "Option::is_none")]
        cell_ref: Option<&'a str>,
    },
}

/// One table as the JSON object described in the module docs.
fn json_table(t: &Table) -> JsonTable<'_> {
    let (page_first, page_last, sheet) = t.location.parts();
    let mut rows: Vec<JsonRow<'_>> = Vec::new();
    for (hi, h) in t.header.iter().enumerate() {
        let mut col = 0usize;
        let cells = h
            .iter()
            .map(|c| {
                let span = c.span.max(1);
                let cell = JsonCell::Header {
                    col,
                    span,
                    text: &c.text,
                };
                col += span;
                cell
            })
            .collect();
        rows.push(JsonRow {
            kind: "header",
            row: hi,
            label: None,
            cells,
        });
    }
    for (ri, r) in t.rows.iter().enumerate() {
        let mut cells = vec![JsonCell::Body {
            col: 0,
            text: &r.label,
            value: None,
            column_label: None,
            unit: None,
            page: r.page,
            cell_ref: None,
        }];
        for (ci, c) in r.cells.iter().enumerate() {
            let label = t.column_label(ci + 1);
            cells.push(JsonCell::Body {
                col: ci + 1,
                text: &c.text,
                value: c.value.filter(|v| v.is_finite()),
                column_label: (!label.is_empty()).then_some(label),
                unit: c.unit.or(t.unit).map(Unit::as_str),
                page: c.page,
                cell_ref: c.sheet_ref.as_deref(),
            });
        }
        rows.push(JsonRow {
            kind: r.class.as_str(),
            row: ri,
            label: Some(&r.label),
            cells,
        });
    }
    JsonTable {
        table_id: &t.table_id,
        caption: t.caption.as_deref(),
        unit: t.unit.map(Unit::as_str),
        page_first,
        page_last,
        sheet,
        n_cols: t.n_cols,
        rows,
        notes: &t.notes,
    }
}

/// Every table as one pretty-printed JSON array (module docs), ending in a newline.
#[must_use]
pub fn tables_json(tables: &[Table]) -> String {
    let v: Vec<JsonTable<'_>> = tables.iter().map(json_table).collect();
    let mut s = serde_json::to_string_pretty(&v).unwrap_or_else(|_| "[]".to_owned());
    s.push('\n');
    s
}

/// The CSV header line's fields.
pub const CSV_COLUMNS: [&str; 14] = [
    "table_id",
    "caption",
    "page",
    "sheet",
    "kind",
    "row",
    "col",
    "span",
    "row_label",
    "column_label",
    "text",
    "value",
    "unit",
    "cell_ref",
];

/// A field with RFC 4180 quoting: quoted when it holds a comma, a double
/// quote, CR or LF, with its quotes doubled.
#[must_use]
pub fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

fn csv_line(out: &mut String, fields: &[String]) {
    let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
    out.push_str(&line.join(","));
    out.push('\n');
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map_or_else(String::new, |x| x.to_string())
}

/// Every cell of every table as CSV (module docs), header line first.
#[must_use]
pub fn tables_csv(tables: &[Table]) -> String {
    let mut out = String::new();
    csv_line(
        &mut out,
        &CSV_COLUMNS
            .iter()
            .map(|s| (*s).to_owned())
            .collect::<Vec<_>>(),
    );
    for t in tables {
        let (first, _, sheet) = t.location.parts();
        let caption = t.caption.clone().unwrap_or_default();
        let base = |kind: &str, row: usize, col: usize, span: usize| {
            vec![
                t.table_id.clone(),
                caption.clone(),
                opt(first),
                sheet.unwrap_or("").to_owned(),
                kind.to_owned(),
                row.to_string(),
                col.to_string(),
                span.to_string(),
            ]
        };
        for (hi, h) in t.header.iter().enumerate() {
            let mut col = 0usize;
            for c in h {
                let span = c.span.max(1);
                let mut f = base("header", hi, col, span);
                f.extend([
                    String::new(),
                    String::new(),
                    c.text.clone(),
                    String::new(),
                    String::new(),
                    String::new(),
                ]);
                csv_line(&mut out, &f);
                col += span;
            }
        }
        for (ri, r) in t.rows.iter().enumerate() {
            let mut f = base(r.class.as_str(), ri, 0, 1);
            f.extend([
                r.label.clone(),
                t.column_label(0),
                r.label.clone(),
                String::new(),
                String::new(),
                String::new(),
            ]);
            if let Some(p) = r.page {
                f[2] = p.to_string();
            }
            csv_line(&mut out, &f);
            for (ci, c) in r.cells.iter().enumerate() {
                let mut f = base(r.class.as_str(), ri, ci + 1, 1);
                if let Some(p) = c.page {
                    f[2] = p.to_string();
                }
                f.extend([
                    r.label.clone(),
                    t.column_label(ci + 1),
                    c.text.clone(),
                    opt(c.value),
                    c.unit
                        .or(t.unit)
                        .map_or_else(String::new, |u| u.as_str().to_owned()),
                    c.sheet_ref.clone().unwrap_or_default(),
                ]);
                csv_line(&mut out, &f);
            }
        }
    }
    out
}

/// The human listing of `kommunetall tables`: one line per table (id, pages
/// or sheet, shape, caption), and with `rows` its header and rows.
#[must_use]
pub fn tables_human(tables: &[Table], rows: bool) -> String {
    let mut s = String::new();
    for t in tables {
        let place = match &t.location {
            Location::Pages { first, last } if first == last => format!("p{first}"),
            Location::Pages { first, last } => format!("p{first}-{last}"),
            Location::Sheet { name } => format!("sheet {name}"),
        };
        s.push_str(&format!(
            "{:<12} {:<10} {:>3} rows x {:>2} cols  {}\n",
            t.table_id,
            place,
            t.rows.len(),
            t.n_cols,
            t.caption.as_deref().unwrap_or("(no caption)")
        ));
        if rows {
            let head: Vec<String> = (0..=t.n_cols).map(|c| t.column_label(c)).collect();
            s.push_str(&format!("    | {}\n", head.join(" | ")));
            for r in &t.rows {
                let cells: Vec<&str> = r.cells.iter().map(|c| c.text.as_str()).collect();
                s.push_str(&format!("    | {} | {}\n", r.label, cells.join(" | ")));
            }
        }
    }
    s
}
