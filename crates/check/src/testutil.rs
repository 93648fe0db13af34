//! Test-only builders for small tables.

use kommunetall_model::{Cell, HeaderCell, Location, Row, RowClass, Table};

/// A table from header rows ((text, span) per cell, label column first) and
/// rows (label, class, printed cell texts); values parsed as the extractors do.
pub(crate) fn tbl(
    id: &str,
    caption: Option<&str>,
    header: &[&[(&str, usize)]],
    rows: &[(&str, RowClass, &[&str])],
) -> Table {
    let n_cols = rows.iter().map(|r| r.2.len()).max().unwrap_or(0);
    let mut t = Table {
        table_id: id.into(),
        caption: caption.map(str::to_owned),
        unit: None,
        location: Location::Pages { first: 1, last: 1 },
        header: header
            .iter()
            .map(|h| {
                h.iter()
                    .map(|(t, s)| HeaderCell {
                        text: (*t).into(),
                        span: *s,
                    })
                    .collect()
            })
            .collect(),
        rows: rows
            .iter()
            .map(|(l, class, cells)| Row {
                label: (*l).into(),
                class: *class,
                cells: (0..n_cols)
                    .map(|i| {
                        let text = cells.get(i).copied().unwrap_or("");
                        Cell {
                            text: text.into(),
                            value: kommunetall_lexicon::parse(text).value(),
                            unit: kommunetall_lexicon::unit::of_cell(text),
                            ..Cell::default()
                        }
                    })
                    .collect(),
                page: Some(1),
                label_bbox: None,
            })
            .collect(),
        n_cols,
        notes: vec![],
    };
    t.resolve_units();
    t
}

/// (rule, table, row, column) of each finding.
pub(crate) fn keys(f: &[kommunetall_model::Diagnostic]) -> Vec<(String, String, String, String)> {
    f.iter()
        .map(|d| {
            (
                d.rule.clone(),
                d.table_id.clone().unwrap_or_default(),
                d.row_label.clone().unwrap_or_default(),
                d.column_label.clone().unwrap_or_default(),
            )
        })
        .collect()
}
