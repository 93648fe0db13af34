//! Side-scan of the workbook XML for what calamine 0.38 does not expose:
//! hidden rows and columns (xlsx, ods), and for ods merged cells and
//! percentage-typed cells.
//!
//! Best effort: a part that cannot be parsed here yields an empty layout (and
//! the caller a warning); the values themselves always come from calamine.

use std::collections::{HashMap, HashSet};

use calamine::Dimensions;
use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use crate::guard::read_entry;

/// Most percentage cells recorded per ods sheet; repeated percentage cells
/// beyond this (filler rows and columns) are not expanded.
const MAX_PERCENT_CELLS: usize = 1_000_000;

/// Layout facts of one sheet, absolute 0-based (row, column) positions.
#[derive(Debug, Default, Clone)]
pub(crate) struct Layout {
    /// Hidden row ranges, inclusive.
    pub hidden_rows: Vec<(u32, u32)>,
    /// Hidden column ranges, inclusive.
    pub hidden_cols: Vec<(u32, u32)>,
    /// Merged regions (ods only; xlsx/xls merges come from calamine).
    pub merges: Vec<Dimensions>,
    /// Cells typed as percentages (ods only).
    pub percent: HashSet<(u32, u32)>,
}

impl Layout {
    /// Whether row `r` is hidden.
    pub fn row_hidden(&self, r: u32) -> bool {
        in_ranges(&self.hidden_rows, r)
    }
    /// Whether column `c` is hidden.
    pub fn col_hidden(&self, c: u32) -> bool {
        in_ranges(&self.hidden_cols, c)
    }
    /// Sorts and merges the ranges (for the binary search in lookups).
    pub(crate) fn finish(mut self) -> Self {
        self.hidden_rows = merged(self.hidden_rows);
        self.hidden_cols = merged(self.hidden_cols);
        self
    }
}

fn merged(mut v: Vec<(u32, u32)>) -> Vec<(u32, u32)> {
    v.sort_unstable();
    let mut out: Vec<(u32, u32)> = Vec::with_capacity(v.len());
    for (a, b) in v {
        match out.last_mut() {
            Some(last) if a <= last.1.saturating_add(1) => last.1 = last.1.max(b),
            _ => out.push((a, b)),
        }
    }
    out
}

/// `x` in one of the sorted, disjoint inclusive ranges.
fn in_ranges(ranges: &[(u32, u32)], x: u32) -> bool {
    let i = ranges.partition_point(|&(_, b)| b < x);
    ranges.get(i).is_some_and(|&(a, _)| a <= x)
}

fn attr(e: &BytesStart<'_>, key: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == key)
        .and_then(|a| {
            a.normalized_value(XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

fn attr_u32(e: &BytesStart<'_>, key: &str) -> Option<u32> {
    attr(e, key).and_then(|v| v.trim().parse().ok())
}

fn truthy(v: Option<String>) -> bool {
    matches!(v.as_deref(), Some("1" | "true"))
}

/// xlsx: sheet name → layout, from workbook.xml, its rels and each worksheet.
pub(crate) fn xlsx_layouts(bytes: &[u8]) -> Option<HashMap<String, Layout>> {
    let workbook = read_entry(bytes, "xl/workbook.xml")?;
    let rels = read_entry(bytes, "xl/_rels/workbook.xml.rels")?;
    let mut targets: HashMap<String, String> = HashMap::new();
    let mut reader = Reader::from_reader(rels.as_slice());
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "Relationship" => {
                if let (Some(id), Some(t)) = (attr(&e, "Id"), attr(&e, "Target")) {
                    let path = if let Some(abs) = t.strip_prefix('/') {
                        abs.to_owned()
                    } else {
                        format!("xl/{t}")
                    };
                    targets.insert(id, path);
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
        buf.clear();
    }
    let mut out = HashMap::new();
    let mut reader = Reader::from_reader(workbook.as_slice());
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "sheet" => {
                let name = attr(&e, "name");
                let rid = attr(&e, "r:id").or_else(|| {
                    e.attributes()
                        .flatten()
                        .find(|a| a.key.local_name().as_ref() == "id")
                        .and_then(|a| {
                            a.normalized_value(XmlVersion::Implicit1_0)
                                .ok()
                                .map(|v| v.into_owned())
                        })
                });
                if let (Some(name), Some(rid)) = (name, rid)
                    && let Some(path) = targets.get(&rid)
                    && let Some(xml) = read_entry(bytes, path)
                {
                    out.insert(name, xlsx_sheet_layout(&xml).finish());
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
        buf.clear();
    }
    Some(out)
}

fn xlsx_sheet_layout(xml: &[u8]) -> Layout {
    let mut layout = Layout::default();
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut next_row: u32 = 0;
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) => match e.local_name().as_ref() {
                "row" => {
                    let r = attr_u32(&e, "r").map_or(next_row, |r| r.saturating_sub(1));
                    next_row = r.saturating_add(1);
                    if truthy(attr(&e, "hidden")) {
                        layout.hidden_rows.push((r, r));
                    }
                }
                "col" => {
                    if truthy(attr(&e, "hidden"))
                        && let (Some(a), Some(b)) = (attr_u32(&e, "min"), attr_u32(&e, "max"))
                        && a >= 1
                        && b >= a
                    {
                        layout.hidden_cols.push((a - 1, b - 1));
                    }
                }
                // Cells carry no layout we need; skip quickly.
                _ => {}
            },
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
        buf.clear();
    }
    layout
}

/// ods: table name → layout, from content.xml.
pub(crate) fn ods_layouts(bytes: &[u8]) -> Option<HashMap<String, Layout>> {
    let content = read_entry(bytes, "content.xml")?;
    let mut out: HashMap<String, Layout> = HashMap::new();
    let mut reader = Reader::from_reader(content.as_slice());
    let mut buf = Vec::new();
    // Nesting depth of table:table (sub-tables inside cells are ignored).
    let mut depth = 0u32;
    let mut cur: Option<(String, Layout)> = None;
    let mut row: u32 = 0;
    let mut col: u32 = 0;
    let mut col_def: u32 = 0;
    let mut row_repeat: u32 = 1;
    loop {
        let ev = reader.read_event_into(&mut buf);
        let (e, empty) = match ev {
            Ok(Event::Start(e)) => (e, false),
            Ok(Event::Empty(e)) => (e, true),
            Ok(Event::End(e)) => {
                match e.name().as_ref() {
                    "table:table" => {
                        depth = depth.saturating_sub(1);
                        if depth == 0
                            && let Some((name, l)) = cur.take()
                        {
                            out.insert(name, l.finish());
                        }
                    }
                    "table:table-row" if depth == 1 => {
                        row = row.saturating_add(row_repeat);
                    }
                    _ => {}
                }
                buf.clear();
                continue;
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {
                buf.clear();
                continue;
            }
        };
        match e.name().as_ref() {
            "table:table" => {
                if !empty {
                    depth += 1;
                }
                if depth == 1 && !empty {
                    let name = attr(&e, "table:name").unwrap_or_default();
                    cur = Some((name, Layout::default()));
                    row = 0;
                    col_def = 0;
                }
            }
            "table:table-column" if depth == 1 => {
                let n = attr_u32(&e, "table:number-columns-repeated")
                    .unwrap_or(1)
                    .max(1);
                if let Some((_, l)) = cur.as_mut()
                    && attr(&e, "table:visibility").is_some_and(|v| v != "visible")
                {
                    l.hidden_cols.push((col_def, col_def.saturating_add(n - 1)));
                }
                col_def = col_def.saturating_add(n);
            }
            "table:table-row" if depth == 1 => {
                row_repeat = attr_u32(&e, "table:number-rows-repeated")
                    .unwrap_or(1)
                    .max(1);
                col = 0;
                if let Some((_, l)) = cur.as_mut()
                    && attr(&e, "table:visibility").is_some_and(|v| v != "visible")
                {
                    l.hidden_rows
                        .push((row, row.saturating_add(row_repeat - 1)));
                }
                if empty {
                    row = row.saturating_add(row_repeat);
                }
            }
            "table:table-cell" | "table:covered-table-cell" if depth == 1 => {
                let n = attr_u32(&e, "table:number-columns-repeated")
                    .unwrap_or(1)
                    .max(1);
                if let Some((_, l)) = cur.as_mut()
                    && e.name().as_ref() == "table:table-cell"
                {
                    let cs = attr_u32(&e, "table:number-columns-spanned").unwrap_or(1);
                    let rs = attr_u32(&e, "table:number-rows-spanned").unwrap_or(1);
                    if cs > 1 || rs > 1 {
                        l.merges.push(Dimensions::new(
                            (row, col),
                            (
                                row.saturating_add(rs.max(1) - 1),
                                col.saturating_add(cs.max(1) - 1),
                            ),
                        ));
                    }
                    if attr(&e, "office:value-type").as_deref() == Some("percentage") {
                        'expand: for r in row..row.saturating_add(row_repeat) {
                            for c in col..col.saturating_add(n) {
                                if l.percent.len() >= MAX_PERCENT_CELLS {
                                    break 'expand;
                                }
                                l.percent.insert((r, c));
                            }
                        }
                    }
                }
                col = col.saturating_add(n);
            }
            _ => {}
        }
        buf.clear();
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_merge_and_search() {
        let l = Layout {
            hidden_rows: vec![(5, 5), (1, 2), (3, 3), (10, 20)],
            ..Layout::default()
        }
        .finish();
        assert_eq!(l.hidden_rows, [(1, 3), (5, 5), (10, 20)]);
        for (r, hidden) in [
            (0, false),
            (1, true),
            (3, true),
            (4, false),
            (5, true),
            (9, false),
            (15, true),
            (21, false),
        ] {
            assert_eq!(l.row_hidden(r), hidden, "row {r}");
        }
        assert!(!l.col_hidden(0));
    }
}
