//! Documents → the declared warehouse tables (`document`, `report_table`,
//! `report_cell`, `quality_finding`), in a stable order.

use kommunetall_model::{Location, RowClass};
use kommunetall_store::{Catalog, StoreError, TableData, Value};

use crate::ingest::Document;

/// Builds every declared table from the documents (in the order given).
/// `ingested_at_us` is the run's timestamp (microseconds since the epoch, UTC).
///
/// # Errors
/// [`StoreError`] if a value does not fit its declared column (a bug).
pub fn build(
    catalog: &Catalog,
    docs: &[Document],
    ingested_at_us: i64,
) -> Result<Vec<TableData>, StoreError> {
    let table = |name: &str| {
        catalog
            .get(name)
            .map(TableData::new)
            .ok_or_else(|| StoreError::Schema {
                file: format!("{name}.toml"),
                reason: "table is not declared".into(),
            })
    };
    let mut document = table("document")?;
    let mut report_table = table("report_table")?;
    let mut report_cell = table("report_cell")?;
    let mut finding = table("quality_finding")?;
    for d in docs {
        let ex = &d.extraction;
        let year = Value::I32(d.report_year);
        document.push(vec![
            d.document_id.clone().into(),
            d.source_path.clone().into(),
            d.sha256.clone().into(),
            d.kind.as_str().into(),
            d.municipality_code.clone().into(),
            d.municipality_name.clone().into(),
            Value::I32(i32::try_from(ex.pages_or_sheets).unwrap_or(i32::MAX)),
            ex.producer.clone().into(),
            Value::I32(count(ex.tables.len())),
            Value::TimestampUs(ingested_at_us),
            year.clone(),
        ])?;
        for t in &ex.tables {
            let (page_first, page_last, sheet) = match &t.location {
                Location::Pages { first, last } => (
                    Value::I32(to_i32(*first)),
                    Value::I32(to_i32(*last)),
                    Value::Null,
                ),
                Location::Sheet { name } => (Value::Null, Value::Null, Value::Str(name.clone())),
            };
            report_table.push(vec![
                d.document_id.clone().into(),
                t.table_id.clone().into(),
                t.caption.clone().into(),
                t.unit.clone().into(),
                page_first,
                page_last,
                sheet.clone(),
                Value::I32(count(t.rows.len())),
                Value::I32(count(t.n_cols)),
                (!t.notes.is_empty()).then(|| t.notes.join("\n")).into(),
                year.clone(),
            ])?;
            let col_labels: Vec<String> = (0..=t.n_cols).map(|c| t.column_label(c)).collect();
            for (ri, row) in t.rows.iter().enumerate() {
                let class = match row.class {
                    RowClass::Body => "body",
                    RowClass::Section => "section",
                    RowClass::Sum => "sum",
                };
                let is_total = row.class == RowClass::Sum;
                let label_cell = std::iter::once((0usize, None));
                let value_cells = row.cells.iter().enumerate().map(|(i, c)| (i + 1, Some(c)));
                for (ci, cell) in label_cell.chain(value_cells) {
                    let (raw, value, unit, page, bbox, cref) = match cell {
                        None => (
                            row.label.clone(),
                            None,
                            None,
                            row.page,
                            row.label_bbox,
                            None,
                        ),
                        Some(c) => (
                            c.text.clone(),
                            c.value.filter(|v| v.is_finite()),
                            c.unit.clone().or_else(|| t.unit.clone()),
                            c.page,
                            c.bbox,
                            c.sheet_ref.clone(),
                        ),
                    };
                    let bb = |f: fn(&kommunetall_model::BBox) -> f64| {
                        bbox.as_ref().map(f).filter(|v| v.is_finite())
                    };
                    report_cell.push(vec![
                        d.document_id.clone().into(),
                        d.source_path.clone().into(),
                        t.table_id.clone().into(),
                        Value::I32(count(ri)),
                        Value::I32(count(ci)),
                        row.label.clone().into(),
                        col_labels.get(ci).cloned().unwrap_or_default().into(),
                        raw.into(),
                        value.into(),
                        unit.into(),
                        is_total.into(),
                        class.into(),
                        page.map(to_i32).into(),
                        sheet.clone(),
                        cref.into(),
                        bb(|b| b.x0).into(),
                        bb(|b| b.y0).into(),
                        bb(|b| b.x1).into(),
                        bb(|b| b.y1).into(),
                        year.clone(),
                    ])?;
                }
            }
        }
        for f in &ex.diagnostics {
            finding.push(vec![
                d.document_id.clone().into(),
                f.rule.clone().into(),
                f.severity.as_str().into(),
                f.table_id.clone().into(),
                f.row_label.clone().into(),
                f.column_label.clone().into(),
                f.expected.clone().into(),
                f.actual.clone().into(),
                f.message.clone().into(),
                f.page.map(to_i32).into(),
                f.sheet.clone().into(),
                year.clone(),
            ])?;
        }
    }
    Ok(vec![document, report_table, report_cell, finding])
}

fn count(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

fn to_i32(n: u32) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}
