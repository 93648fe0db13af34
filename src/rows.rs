//! Documents → the declared warehouse tables, in a stable order: the faithful
//! layer (`document`, `report_table`, `report_cell`, `quality_finding`), the
//! semantic layer (`fact_*` from `kommunetall-facts`) and the dimensions
//! (`dim_*`). Every row is a record whose field names are its table's columns
//! (`TableData::push_record` matches them by name and refuses a missing or an
//! unknown one); `document_id` and `report_year` are given once per document.

use std::collections::BTreeSet;

use kommunetall_facts::Facts;
use kommunetall_model::{BBox, Diagnostic, Location, Row, RowClass, Table};
use kommunetall_store::{Catalog, StoreError, TableData, Value};
use serde::Serialize;

use crate::ingest::Document;

/// A `document` row.
#[derive(Serialize)]
struct DocumentRow<'a> {
    source_path: &'a str,
    sha256: &'a str,
    kind: &'a str,
    municipality_code: &'a str,
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
    raw_text: &'a str,
    value: Option<f64>,
    unit: Option<&'a str>,
    is_total: bool,
    row_class: &'a str,
    page: Option<i32>,
    sheet: Option<&'a str>,
    cell_ref: Option<&'a str>,
    x0: Option<f64>,
    y0: Option<f64>,
    x1: Option<f64>,
    y1: Option<f64>,
}

/// A `dim_municipality` row.
#[derive(Serialize)]
struct MunicipalityRow<'a> {
    code: &'a str,
    name: &'a str,
    valid_from: &'a str,
    valid_to: Option<&'a str>,
    replaced_by: Option<&'a str>,
}

/// A `dim_period` row.
#[derive(Serialize)]
struct PeriodRow {
    period_year: i32,
    label: String,
}

/// One document and what the run derived from it: its facts and every
/// finding about it (`Document::facts`, `Document::findings`, computed once).
#[derive(Debug, Clone, Copy)]
pub struct Derived<'a> {
    /// The document.
    pub doc: &'a Document,
    /// Its facts.
    pub facts: &'a Facts,
    /// Its findings: the rows of `quality_finding`.
    pub findings: &'a [Diagnostic],
}

/// Builds every declared table from the documents, in the order given;
/// `fact_ssb_kostra` and `dim_kostra_group` are left empty for the caller to fill.
///
/// # Errors
/// [`StoreError`] if a record does not fit its declared table (a bug).
pub fn build(catalog: &Catalog, docs: &[Derived<'_>]) -> Result<Vec<TableData>, StoreError> {
    let mut tables = catalog
        .tables
        .iter()
        .map(TableData::new)
        .collect::<Vec<_>>();
    let mut years: BTreeSet<i32> = BTreeSet::new();
    for d in docs {
        let fixed = [
            ("document_id", Value::Str(d.doc.document_id.clone())),
            ("report_year", Value::I32(d.doc.report_year)),
        ];
        push_document(&mut tables, &fixed, d)?;
        push_facts(&mut tables, &fixed, d.facts, &mut years)?;
        years.insert(d.doc.report_year);
    }
    push_dimensions(&mut tables, &years)?;
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

/// The faithful layer of one document: its row, its tables, cells and findings.
fn push_document(
    tables: &mut [TableData],
    fixed: &[(&str, Value)],
    d: &Derived<'_>,
) -> Result<(), StoreError> {
    let (doc, ex) = (d.doc, &d.doc.extraction);
    let row = DocumentRow {
        source_path: &doc.source_path,
        sha256: &doc.sha256,
        kind: doc.kind.as_str(),
        municipality_code: &doc.municipality_code,
        municipality_name: doc.municipality_name.as_deref(),
        pages_or_sheets: i32::try_from(ex.pages_or_sheets).unwrap_or(i32::MAX),
        producer: ex.producer.as_deref(),
        n_tables: count(ex.tables.len()),
        ingested_at: doc.ingested_at_us,
    };
    table(tables, "document")?.push_record(fixed, &row)?;
    for t in &ex.tables {
        let (page_first, page_last, sheet) = match &t.location {
            Location::Pages { first, last } => (Some(to_i32(*first)), Some(to_i32(*last)), None),
            Location::Sheet { name } => (None, None, Some(name.as_str())),
        };
        let row = TableRow {
            table_id: &t.table_id,
            caption: t.caption.as_deref(),
            unit: t.unit.map(|u| u.as_str()),
            page_first,
            page_last,
            sheet,
            n_rows: count(t.rows.len()),
            n_cols: count(t.n_cols),
            notes: (!t.notes.is_empty()).then(|| t.notes.join("\n")),
        };
        table(tables, "report_table")?.push_record(fixed, &row)?;
        push_cells(table(tables, "report_cell")?, fixed, doc, t, sheet)?;
    }
    let findings = table(tables, "quality_finding")?;
    for f in d.findings {
        findings.push_record(fixed, f)?;
    }
    Ok(())
}

/// Every row label and value cell of a table.
fn push_cells(
    cells: &mut TableData,
    fixed: &[(&str, Value)],
    doc: &Document,
    t: &Table,
    sheet: Option<&str>,
) -> Result<(), StoreError> {
    let col_labels: Vec<String> = (0..=t.n_cols).map(|c| t.column_label(c)).collect();
    for (ri, row) in t.rows.iter().enumerate() {
        let label = std::iter::once((0usize, None));
        let values = row.cells.iter().enumerate().map(|(i, c)| (i + 1, Some(c)));
        for (ci, cell) in label.chain(values) {
            let printed = Printed::of(t, row, cell);
            let bb = |f: fn(&BBox) -> f64| printed.bbox.as_ref().map(f).filter(|v| v.is_finite());
            let rec = CellRow {
                source_path: &doc.source_path,
                table_id: &t.table_id,
                row_index: count(ri),
                col_index: count(ci),
                row_label: &row.label,
                column_label: col_labels.get(ci).map_or("", String::as_str),
                raw_text: printed.text,
                value: printed.value,
                unit: printed.unit,
                is_total: row.class == RowClass::Sum,
                row_class: match row.class {
                    RowClass::Body => "body",
                    RowClass::Section => "section",
                    RowClass::Sum => "sum",
                },
                page: printed.page.map(to_i32),
                sheet,
                cell_ref: printed.cell_ref,
                x0: bb(|b| b.x0),
                y0: bb(|b| b.y0),
                x1: bb(|b| b.x1),
                y1: bb(|b| b.y1),
            };
            cells.push_record(fixed, &rec)?;
        }
    }
    Ok(())
}

/// What was printed in a row label (`cell` None) or a value cell, and where.
struct Printed<'a> {
    text: &'a str,
    value: Option<f64>,
    unit: Option<&'a str>,
    page: Option<u32>,
    bbox: Option<BBox>,
    cell_ref: Option<&'a str>,
}

impl<'a> Printed<'a> {
    fn of(t: &Table, row: &'a Row, cell: Option<&'a kommunetall_model::Cell>) -> Printed<'a> {
        match cell {
            None => Printed {
                text: &row.label,
                value: None,
                unit: None,
                page: row.page,
                bbox: row.label_bbox,
                cell_ref: None,
            },
            Some(c) => Printed {
                text: &c.text,
                value: c.value.filter(|v| v.is_finite()),
                unit: c.unit.or(t.unit).map(|u| u.as_str()),
                page: c.page,
                bbox: c.bbox,
                cell_ref: c.sheet_ref.as_deref(),
            },
        }
    }
}

/// The five fact tables of one document; the years they name go to `dim_period`.
fn push_facts(
    tables: &mut [TableData],
    fixed: &[(&str, Value)],
    facts: &Facts,
    years: &mut BTreeSet<i32>,
) -> Result<(), StoreError> {
    let t = table(tables, "fact_statement_line")?;
    for f in &facts.statement_lines {
        t.push_record(fixed, f)?;
        years.insert(f.measured.period_year);
    }
    let t = table(tables, "fact_service_area")?;
    for f in &facts.service_areas {
        t.push_record(fixed, f)?;
        years.insert(f.measured.period_year);
    }
    let t = table(tables, "fact_investment_area")?;
    for f in &facts.investment_areas {
        t.push_record(fixed, f)?;
        years.insert(f.measured.period_year);
    }
    let t = table(tables, "fact_kostra_indicator")?;
    for f in &facts.kostra_indicators {
        t.push_record(fixed, f)?;
        years.insert(f.period_year);
    }
    let t = table(tables, "fact_report_series")?;
    for f in &facts.report_series {
        t.push_record(fixed, f)?;
        years.extend(f.measured.period_year);
    }
    Ok(())
}

/// `dim_municipality` from the region history, `dim_period` from the years seen.
fn push_dimensions(tables: &mut [TableData], years: &BTreeSet<i32>) -> Result<(), StoreError> {
    let t = table(tables, "dim_municipality")?;
    for line in kommunetall_kostra::regions::MUNICIPALITIES_CSV
        .lines()
        .skip(1)
    {
        let f: Vec<&str> = line.split(',').map(str::trim).collect();
        if f.len() < 5 || f[0].is_empty() {
            continue;
        }
        let row = MunicipalityRow {
            code: f[0],
            name: f[1],
            valid_from: f[2],
            valid_to: Some(f[3]).filter(|s| !s.is_empty()),
            replaced_by: Some(f[4]).filter(|s| !s.is_empty()),
        };
        t.push_record(&[], &row)?;
    }
    let t = table(tables, "dim_period")?;
    for &y in years {
        let row = PeriodRow {
            period_year: y,
            label: y.to_string(),
        };
        t.push_record(&[], &row)?;
    }
    Ok(())
}

fn count(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

fn to_i32(n: u32) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}
