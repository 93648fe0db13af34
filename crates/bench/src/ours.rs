//! Turns the engine's tables into [`Grid`]s comparable with the truth.
//!
//! Our grid: header rows first (each [`HeaderCell`] placed at its running
//! column with its span; column 0 is the label column), then the body rows
//! (column 0 = row label, columns 1..=n = value cells). A table that runs
//! over several pages is cut into one grid per page, as the ground truth has
//! one region per page; the header rows go with the table's first page.
//! Captions and notes are not part of the grid (ICDAR regions exclude them).

use std::collections::BTreeMap;

use kommunetall_model::{BBox, HeaderCell, Location, Table};

use crate::metric::{Grid, GridCell};

/// One page's part of one of our tables.
#[derive(Debug, Clone)]
pub struct OurGrid {
    /// The engine's table id ("p3-t1", "1.2").
    pub table_id: String,
    /// 1-based page.
    pub page: u32,
    /// The cells.
    pub grid: Grid,
    /// Union of the label and cell boxes on this page (top-left origin).
    pub bbox: Option<BBox>,
}

fn first_page(t: &Table) -> u32 {
    match t.location {
        Location::Pages { first, .. } => first,
        Location::Sheet { .. } => 0,
    }
}

fn header_cells(row: usize, cells: &[HeaderCell]) -> Vec<GridCell> {
    let mut col = 0;
    let mut out = Vec::with_capacity(cells.len());
    for hc in cells {
        let span = hc.span.max(1);
        out.push(GridCell::span(row, col, row, col + span - 1, &hc.text));
        col += span;
    }
    out
}

fn grow(b: &mut Option<BBox>, o: Option<BBox>) {
    if let Some(o) = o {
        *b = Some(b.map_or(o, |b| b.union(o)));
    }
}

/// Our table as one grid per page it covers, in page order.
pub fn grids(t: &Table) -> Vec<OurGrid> {
    let first = first_page(t);
    // page → (rows so far, grid, bbox)
    let mut pages: BTreeMap<u32, (usize, Grid, Option<BBox>)> = BTreeMap::new();
    {
        let entry = pages.entry(first).or_default();
        for h in &t.header {
            entry.1.cells.extend(header_cells(entry.0, h));
            entry.0 += 1;
        }
    }
    for row in &t.rows {
        let page = row
            .page
            .or_else(|| row.cells.iter().find_map(|c| c.page))
            .unwrap_or(first);
        let entry = pages.entry(page).or_default();
        let r = entry.0;
        entry.0 += 1;
        entry.1.cells.push(GridCell::single(r, 0, &row.label));
        grow(&mut entry.2, row.label_bbox);
        for (i, c) in row.cells.iter().enumerate() {
            entry.1.cells.push(GridCell::single(r, i + 1, &c.text));
            grow(&mut entry.2, c.bbox);
        }
    }
    pages
        .into_iter()
        .filter(|(_, (_, g, _))| !g.cells.is_empty())
        .map(|(page, (_, grid, bbox))| OurGrid {
            table_id: t.table_id.clone(),
            page,
            grid,
            bbox,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metric::{Direction, Relation};
    use kommunetall_model::{Cell, Row};

    fn cell(text: &str, page: u32) -> Cell {
        Cell {
            text: text.into(),
            page: Some(page),
            ..Cell::default()
        }
    }

    #[test]
    fn header_spans_and_page_split() {
        let t = Table {
            table_id: "t".into(),
            caption: None,
            unit: None,
            location: Location::Pages { first: 4, last: 5 },
            header: vec![vec![
                HeaderCell {
                    text: String::new(),
                    span: 1,
                },
                HeaderCell {
                    text: "Both".into(),
                    span: 2,
                },
            ]],
            rows: vec![
                Row {
                    label: "a".into(),
                    cells: vec![cell("1", 4), cell("2", 4)],
                    page: Some(4),
                    ..Row::default()
                },
                Row {
                    label: "b".into(),
                    cells: vec![cell("3", 5), cell("4", 5)],
                    page: Some(5),
                    ..Row::default()
                },
            ],
            n_cols: 2,
            notes: vec![],
        };
        let g = grids(&t);
        assert_eq!(g.len(), 2);
        assert_eq!((g[0].page, g[1].page), (4, 5));
        let rels = g[0].grid.relations();
        let below = |a: &str, b: &str| Relation {
            a: a.into(),
            b: b.into(),
            dir: Direction::Below,
        };
        assert!(rels.contains(&below("Both", "1")));
        assert!(rels.contains(&below("Both", "2")));
        // No relation across the page break.
        assert!(!rels.iter().any(|r| r.b == "b" || r.b == "3"));
        assert_eq!(g[1].grid.relations().len(), 2);
    }
}
