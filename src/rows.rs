//! Documents → the declared warehouse tables, in a stable order: the faithful
//! layer (`document`, `report_table`, `report_cell`, `quality_finding`) and
//! the semantic layer (`fact_*` from `kommunetall-facts`), one partition
//! (municipality and report year) at a time ([`partition`]); the dimensions
//! (`dim_*`) from the region history and the years seen ([`dimensions`]).
//! Every row is a record whose field names are its table's columns
//! (`TableData::push_record` matches them by name and refuses a missing or an
//! unknown one); `document_id`, `municipality_code` and `report_year` are
//! given once per document.

use std::collections::{BTreeMap, BTreeSet};

use kommunetall_facts::Facts;
use kommunetall_model::{BBox, Cell, Diagnostic, Row, RowClass, Table};
use kommunetall_store::{Catalog, StoreError, TableData, Value};
use serde::Serialize;

use crate::ingest::Document;

/// A `document` row.
#[derive(Serialize)]
struct DocumentRow<'a> {
    source_path: &'a str,
    sha256: &'a str,
    kind: &'a str,
    municipality_name: Option<&'a str>,
    pages_or_sheets: i32,
    producer: Option<&'a str>,
    n_tables: i32,
    ingested_at: i64,
}

/// A `report_table` row.
#[derive(Serialize)]
struct TableRow<'a> {
    table_id: &'a str,
    caption: Option<&'a str>,
    unit: Option<&'a str>,
    page_first: Option<i32>,
    page_last: Option<i32>,
    sheet: Option<&'a str>,
    n_rows: i32,
    n_cols: i32,
    notes: Option<String>,
}

/// A `report_cell` row: a row label (`col_index` 0) or a value cell.
#[derive(Serialize)]
struct CellRow<'a> {
    source_path: &'a str,
    table_id: &'a str,
    row_index: i32,
    col_index: i32,
    row_label: &'a str,
    column_label: &'a str,
    is_total: bool,
    row_class: &'a str,
    sheet: Option<&'a str>,
    #[serde(flatten)]
    printed: Printed<'a>,
}

/// What was printed in a row label or value cell, and where.
#[derive(Serialize)]
struct Printed<'a> {
    raw_text: &'a str,
    value: Option<f64>,
    unit: Option<&'a str>,
    page: Option<i32>,
    cell_ref: Option<&'a str>,
    x0: Option<f64>,
    y0: Option<f64>,
    x1: Option<f64>,
    y1: Option<f64>,
}

impl<'a> Printed<'a> {
    fn label(row: &'a Row) -> Printed<'a> {
        Printed::at(&row.label, row.page, row.label_bbox)
    }

    fn cell(t: &Table, c: &'a Cell) -> Printed<'a> {
        Printed {
            value: c.value.filter(|v| v.is_finite()),
            unit: c.unit.or(t.unit).map(|u| u.as_str()),
            cell_ref: c.sheet_ref.as_deref(),
            ..Printed::at(&c.text, c.page, c.bbox)
        }
    }

    fn at(text: &'a str, page: Option<u32>, bbox: Option<BBox>) -> Printed<'a> {
        let coord = |f: fn(&BBox) -> f64| bbox.as_ref().map(f).filter(|v| v.is_finite());
        Printed {
            raw_text: text,
            value: None,
            unit: None,
            page: page.map(to_i32),
            cell_ref: None,
            x0: coord(|b| b.x0),
            y0: coord(|b| b.y0),
            x1: coord(|b| b.x1),
            y1: coord(|b| b.y1),
        }
    }
}

/// The rows of the partitioned tables (every table of the faithful and
/// semantic layers) from the documents of one partition, in the order given,
/// each with its facts and findings (`Document::facts`, `Document::findings`,
/// computed once by the run).
///
/// # Errors
/// [`StoreError`] if a record does not fit its declared table (a bug).
pub fn partition<'a>(
    catalog: &Catalog,
    docs: impl IntoIterator<Item = (&'a Document, &'a Facts, &'a [Diagnostic])>,
) -> Result<Vec<TableData>, StoreError> {
    let mut tables: Vec<TableData> = catalog
        .tables
        .iter()
        .filter(|t| t.is_partitioned())
        .map(TableData::new)
        .collect();
    for (doc, facts, findings) in docs {
        let fixed = [
            ("document_id", Value::Str(doc.document_id.clone())),
            (
                "municipality_code",
                Value::Str(doc.municipality_code.clone()),
            ),
            ("report_year", Value::I32(doc.report_year)),
        ];
        push_document(&mut tables, &fixed, doc)?;
        table(&mut tables, "quality_finding")?.push_records(&fixed, findings)?;
        let t = &mut tables;
        table(t, "fact_statement_line")?.push_records(&fixed, &facts.statement_lines)?;
        table(t, "fact_service_area")?.push_records(&fixed, &facts.service_areas)?;
        table(t, "fact_investment_area")?.push_records(&fixed, &facts.investment_areas)?;
        table(t, "fact_kostra_indicator")?.push_records(&fixed, &facts.kostra_indicators)?;
        table(t, "fact_report_series")?.push_records(&fixed, &facts.report_series)?;
    }
    Ok(tables)
}

/// The years a document's facts are about and its report year: its rows of `dim_period`.
#[must_use]
pub fn years_of(doc: &Document, facts: &Facts) -> BTreeSet<i32> {
    let mut years: BTreeSet<i32> = facts.period_years().collect();
    years.insert(doc.report_year);
    years
}

/// The tables written whole: `dim_municipality` from the region history,
/// `dim_period` from `years`, and `fact_ssb_kostra` and `dim_kostra_group`
/// left empty for the caller to fill.
///
/// # Errors
/// [`StoreError`] if a record does not fit its declared table (a bug).
pub fn dimensions(catalog: &Catalog, years: &BTreeSet<i32>) -> Result<Vec<TableData>, StoreError> {
    let mut tables: Vec<TableData> = catalog
        .tables
        .iter()
        .filter(|t| !t.is_partitioned())
        .map(TableData::new)
        .collect();
    push_dimensions(&mut tables, years)?;
    Ok(tables)
}

/// The table of that name among `tables`.
fn table<'t>(tables: &'t mut [TableData], name: &str) -> Result<&'t mut TableData, StoreError> {
    tables
        .iter_mut()
        .find(|t| t.def().name == name)
        .ok_or_else(|| StoreError::Schema {
            file: format!("{name}.toml"),
            reason: "table is not declared".into(),
        })
}

/// The document's row, its tables and their cells.
fn push_document(
    tables: &mut [TableData],
    fixed: &[(&str, Value)],
    doc: &Document,
) -> Result<(), StoreError> {
    let ex = &doc.extraction;
    let row = DocumentRow {
        source_path: &doc.source_path,
        sha256: &doc.sha256,
        kind: doc.kind.as_str(),
        municipality_name: doc.municipality_name.as_deref(),
        pages_or_sheets: i32::try_from(ex.pages_or_sheets).unwrap_or(i32::MAX),
        producer: ex.producer.as_deref(),
        n_tables: count(ex.tables.len()),
        ingested_at: doc.ingested_at_us,
    };
    table(tables, "document")?.push_record(fixed, &row)?;
    for t in &ex.tables {
        let (first, last, sheet) = t.location.parts();
        let row = TableRow {
            table_id: &t.table_id,
            caption: t.caption.as_deref(),
            unit: t.unit.map(|u| u.as_str()),
            page_first: first.map(to_i32),
            page_last: last.map(to_i32),
            sheet,
            n_rows: count(t.rows.len()),
            n_cols: count(t.n_cols),
            notes: (!t.notes.is_empty()).then(|| t.notes.join("\n")),
        };
        table(tables, "report_table")?.push_record(fixed, &row)?;
        let cells = table(tables, "report_cell")?;
        let col_labels: Vec<String> = (0..=t.n_cols).map(|c| t.column_label(c)).collect();
        for (ri, row) in t.rows.iter().enumerate() {
            let label = std::iter::once(Printed::label(row));
            let values = row.cells.iter().map(|c| Printed::cell(t, c));
            for (ci, printed) in label.chain(values).enumerate() {
                let rec = CellRow {
                    source_path: &doc.source_path,
                    table_id: &t.table_id,
                    row_index: count(ri),
                    col_index: count(ci),
                    row_label: &row.label,
                    column_label: col_labels.get(ci).map_or("", String::as_str),
                    is_total: row.class == RowClass::Sum,
                    row_class: row.class.as_str(),
                    sheet,
                    printed,
                };
                cells.push_record(fixed, &rec)?;
            }
        }
    }
    Ok(())
}

/// `dim_municipality` from the region history (whose header line names the
/// columns), `dim_period` from the years seen.
fn push_dimensions(tables: &mut [TableData], years: &BTreeSet<i32>) -> Result<(), StoreError> {
    let mut lines = kommunetall_kostra::regions::MUNICIPALITIES_CSV.lines();
    let header: Vec<&str> = lines.next().unwrap_or_default().split(',').collect();
    let t = table(tables, "dim_municipality")?;
    for line in lines {
        let f: Vec<&str> = line.split(',').map(str::trim).collect();
        if f.len() < header.len() || f[0].is_empty() {
            continue;
        }
        let row: BTreeMap<&str, Option<&str>> = header
            .iter()
            .zip(f)
            .map(|(h, v)| (h.trim(), Some(v).filter(|v| !v.is_empty())))
            .collect();
        t.push_record(&[], &row)?;
    }
    #[derive(Serialize)]
    struct PeriodRow {
        period_year: i32,
        label: String,
    }
    let periods = years.iter().map(|&y| PeriodRow {
        period_year: y,
        label: y.to_string(),
    });
    table(tables, "dim_period")?.push_records(&[], &periods.collect::<Vec<_>>())
}

fn count(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

fn to_i32(n: u32) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}
