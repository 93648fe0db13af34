//! Cutting one sheet's grid into tables.
//!
//! Rows are classified (caption, header-like text, rows with numbers, label
//! only) and walked top to bottom:
//!
//! * a "Tabell X.Y …" row always starts a new table;
//! * text rows between the caption and the first row with numbers are header
//!   rows, except label-only rows right before the numbers, which are
//!   sections;
//! * blank rows inside a table are kept as empty rows when the table goes on
//!   below them (sections separated by blank lines);
//! * after a blank gap, a header-like row (text in the value columns, no
//!   numbers) or a label-only row followed by one starts a new table;
//! * label-only rows after the last row with values ("Kilde: …", "* …") are
//!   notes.
//!
//! Column 0 is the leftmost column used by the table; value columns are the
//! columns to its right holding anything in the header or body (fully empty
//! and hidden columns are skipped).

use std::collections::{BTreeMap, BTreeSet};

use calamine::Dimensions;
use kommunetall_lexicon::{caption, label, unit};
use kommunetall_model::{
    Cell, Diagnostic, HeaderCell, Location, Row, RowClass, Severity, Table, Unit,
};

/// What a cell holds, for classification.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CellClass {
    /// A number (stored as one, or text that parses as one).
    Number,
    /// Text that looks like a number but is not well-formed ("11 2885").
    Malformed,
    /// A placeholder for a missing number ("..", "-").
    Missing,
    /// Ordinary text.
    Text,
    /// Date, boolean or a formula error: shown as text, never a value.
    Other,
    /// A formula error (#DIV/0!).
    Error,
}

/// One non-empty cell of the grid.
#[derive(Debug, Clone)]
pub(crate) struct GCell {
    /// Text as a person sees it.
    pub text: String,
    /// The number, when there is one.
    pub value: Option<f64>,
    /// The value is in percent points.
    pub percent: bool,
    /// Classification.
    pub class: CellClass,
    /// Bold font (xlsx only).
    pub bold: bool,
}

impl GCell {
    fn numeric_like(&self) -> bool {
        matches!(
            self.class,
            CellClass::Number | CellClass::Malformed | CellClass::Missing
        )
    }
}

/// One sheet: visible non-empty cells by absolute (row, column), and merges.
#[derive(Debug, Default)]
pub(crate) struct Grid {
    /// Sheet name.
    pub name: String,
    /// Rows → columns → cell. Hidden rows and columns are already removed.
    pub rows: BTreeMap<u32, BTreeMap<u32, GCell>>,
    /// Merged regions (absolute positions).
    pub merges: Vec<Dimensions>,
    /// Hidden row ranges (inclusive); they are not blank lines.
    pub hidden_rows: Vec<(u32, u32)>,
}

impl Grid {
    /// Visible rows strictly between `a` and `b` (both present rows).
    fn blank_between(&self, a: u32, b: u32) -> u32 {
        if b <= a.saturating_add(1) {
            return 0;
        }
        let hidden: u32 = self
            .hidden_rows
            .iter()
            .map(|&(x, y)| {
                let (lo, hi) = (x.max(a + 1), y.min(b - 1));
                if hi >= lo { hi - lo + 1 } else { 0 }
            })
            .sum();
        (b - a - 1).saturating_sub(hidden)
    }

    fn get(&self, r: u32, c: u32) -> Option<&GCell> {
        self.rows.get(&r).and_then(|row| row.get(&c))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Caption,
    Numeric,
    HeaderLike,
    /// Years across the value columns ("2020 2021 2022"): a header row
    /// above the body, a row of numbers inside it.
    YearHeader,
    LabelOnly,
}

fn headerish(k: Option<Kind>) -> bool {
    matches!(k, Some(Kind::HeaderLike | Kind::YearHeader))
}

/// Value cells are text or years (integers 1900–2100, increasing), with at
/// least one year.
fn is_year_row(row: &BTreeMap<u32, GCell>, left: u32) -> bool {
    let mut last = f64::MIN;
    let mut years = 0;
    for (_, c) in row.range(left.saturating_add(1)..) {
        match (c.class, c.value) {
            (CellClass::Text, _) => {}
            (CellClass::Number, Some(v))
                if !c.percent && v.fract() == 0.0 && (1900.0..=2100.0).contains(&v) && v > last =>
            {
                last = v;
                years += 1;
            }
            _ => return false,
        }
    }
    years > 0
}

/// Whether `t` is a table caption ("Tabell 1.1 …", "Tabell 10.6 - …").
pub(crate) fn is_caption_text(t: &str) -> bool {
    caption::id(t).is_some()
}

fn is_note_text(t: &str) -> bool {
    let l = t.trim_start().to_lowercase();
    [
        "kilde",
        "*",
        "note",
        "merknad",
        "fotnote",
        "anm",
        "obs:",
        "beløp i",
        "tall i",
        "tallene",
        "forklaring",
        "¹",
        "²",
        "³",
    ]
    .iter()
    .any(|p| l.starts_with(p))
        || l.len() > 2 && l.starts_with(|c: char| c.is_ascii_digit()) && l[1..].starts_with(") ")
}

/// Whether a sheet only lists table titles (a contents sheet).
pub(crate) fn is_contents_sheet(grid: &Grid) -> bool {
    let mut caption_rows = 0usize;
    let mut rows = 0usize;
    for row in grid.rows.values() {
        rows += 1;
        if row.values().any(|c| is_caption_text(&c.text)) {
            caption_rows += 1;
        }
        let numbers = row
            .values()
            .filter(|c| c.class == CellClass::Number && c.text.parse::<f64>().is_err())
            .count();
        if numbers >= 2 {
            return false;
        }
    }
    caption_rows >= 2 && caption_rows * 2 >= rows
}

/// A row of a table being assembled: a sheet row, or a blank line inside it.
#[derive(Debug, Clone, Copy)]
enum Line {
    Sheet(u32),
    Blank,
}

#[derive(Debug, Default)]
struct Draft {
    caption: Option<(u32, String)>,
    pre: Vec<u32>,
    header: Vec<u32>,
    body: Vec<Line>,
    notes: Vec<(u32, String)>,
}

impl Draft {
    fn has_values(&self, kinds: &BTreeMap<u32, Kind>) -> bool {
        self.body.iter().any(|l| match l {
            Line::Sheet(r) => matches!(kinds.get(r), Some(Kind::Numeric | Kind::YearHeader)),
            Line::Blank => false,
        })
    }
}

/// Finds the tables of one sheet; `diags` receives soft problems.
pub(crate) fn find_tables(grid: &Grid, diags: &mut Vec<Diagnostic>) -> Vec<Table> {
    let Some(left) = grid
        .rows
        .values()
        .filter_map(|r| r.keys().next().copied())
        .min()
    else {
        return Vec::new();
    };
    let order: Vec<u32> = grid.rows.keys().copied().collect();
    let mut kinds: BTreeMap<u32, Kind> = BTreeMap::new();
    for (&r, row) in &grid.rows {
        let first = row.values().next();
        let k = if first.is_some_and(|c| is_caption_text(&c.text))
            && !row.values().any(|c| c.class == CellClass::Number)
        {
            Kind::Caption
        } else if is_year_row(row, left)
            && row.get(&left).is_none_or(|c| c.class == CellClass::Text)
        {
            Kind::YearHeader
        } else if row.iter().any(|(&c, cell)| c > left && cell.numeric_like()) {
            Kind::Numeric
        } else if row.keys().any(|&c| c > left) && !single_merged_cell(grid, r, row) {
            Kind::HeaderLike
        } else {
            Kind::LabelOnly
        };
        kinds.insert(r, k);
    }
    let kind_at = |i: usize| order.get(i).and_then(|r| kinds.get(r)).copied();
    let row_text = |r: u32| -> String {
        grid.rows
            .get(&r)
            .map(|row| {
                row.values()
                    .map(|c| c.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .unwrap_or_default()
    };
    // After label-only rows starting at i, what comes next: a numeric row
    // (the label rows are sections), a header-like row (a title), or neither.
    let after_labels = |i: usize| -> Option<Kind> {
        let mut j = i;
        while kind_at(j) == Some(Kind::LabelOnly) {
            j += 1;
        }
        kind_at(j)
    };

    let mut drafts: Vec<Draft> = Vec::new();
    let mut cur: Option<Draft> = None;
    let mut in_notes = false;
    for (i, &r) in order.iter().enumerate() {
        let Some(kind) = kinds.get(&r).copied() else {
            continue;
        };
        let blanks = match i.checked_sub(1).and_then(|p| order.get(p)) {
            Some(&p) => grid.blank_between(p, r),
            None => 0,
        };
        let gap = blanks > 0;
        let text = row_text(r);
        match kind {
            Kind::Caption => {
                drafts.extend(cur.take());
                cur = Some(Draft {
                    caption: Some((r, text)),
                    ..Draft::default()
                });
                in_notes = false;
            }
            _ if cur.is_none() => {
                in_notes = false;
                cur = Some(match kind {
                    Kind::LabelOnly if headerish(after_labels(i + 1)) => Draft {
                        caption: Some((r, text)),
                        ..Draft::default()
                    },
                    Kind::HeaderLike | Kind::YearHeader => Draft {
                        header: vec![r],
                        ..Draft::default()
                    },
                    _ => Draft {
                        body: vec![Line::Sheet(r)],
                        ..Draft::default()
                    },
                });
            }
            _ => {
                let Some(d) = cur.as_mut() else { continue };
                let in_body = !d.body.is_empty();
                if !in_body {
                    // Collecting header rows.
                    match kind {
                        Kind::HeaderLike | Kind::YearHeader => d.header.push(r),
                        Kind::LabelOnly if headerish(after_labels(i + 1)) => {
                            let merged = grid.merges.iter().any(|m| m.start.0 == r);
                            if d.header.is_empty()
                                && !merged
                                && (is_note_text(&text) || unit::stated(&text).is_some())
                            {
                                d.pre.push(r);
                            } else {
                                d.header.push(r);
                            }
                        }
                        _ => d.body.push(Line::Sheet(r)),
                    }
                    continue;
                }
                let new_table = match kind {
                    Kind::HeaderLike | Kind::YearHeader => {
                        (gap || in_notes) && d.has_values(&kinds)
                    }
                    Kind::LabelOnly => {
                        (gap || in_notes)
                            && !is_note_text(&text)
                            && headerish(after_labels(i + 1))
                            && d.has_values(&kinds)
                    }
                    Kind::Numeric => in_notes,
                    Kind::Caption => false,
                };
                if new_table {
                    drafts.extend(cur.take());
                    in_notes = false;
                    cur = Some(if headerish(Some(kind)) {
                        Draft {
                            header: vec![r],
                            ..Draft::default()
                        }
                    } else if kind == Kind::Numeric {
                        Draft {
                            body: vec![Line::Sheet(r)],
                            ..Draft::default()
                        }
                    } else {
                        Draft {
                            caption: Some((r, text)),
                            ..Draft::default()
                        }
                    });
                    continue;
                }
                let note = kind == Kind::LabelOnly
                    && (in_notes
                        || is_note_text(&text)
                        || (gap && after_labels(i + 1) != Some(Kind::Numeric)));
                if note {
                    d.notes.push((r, text));
                    in_notes = true;
                } else {
                    for _ in 0..blanks {
                        d.body.push(Line::Blank);
                    }
                    d.body.push(Line::Sheet(r));
                }
            }
        }
    }
    drafts.extend(cur.take());

    let mut tables = Vec::new();
    let mut n = 0usize;
    for mut d in drafts {
        // Trailing label-only rows after the last row with values are notes.
        if d.has_values(&kinds) {
            while let Some(Line::Sheet(r)) = d.body.last().copied() {
                if kinds.get(&r) == Some(&Kind::LabelOnly) {
                    d.body.pop();
                    d.notes.insert(0, (r, row_text(r)));
                } else {
                    break;
                }
            }
        }
        while matches!(d.body.last(), Some(Line::Blank)) {
            d.body.pop();
        }
        if d.body.is_empty() && d.header.is_empty() {
            if let Some((_, cap)) = &d.caption {
                let mut diag = Diagnostic::new(
                    "caption_without_table",
                    Severity::Warning,
                    format!("caption with no table under it: {cap}"),
                );
                diag.sheet = Some(grid.name.clone());
                diags.push(diag);
            }
            continue;
        }
        n += 1;
        tables.push(build(grid, &d, n, diags));
    }
    tables
}

/// A row whose only content is one merged cell spanning to the right
/// (a title typed into a merged block) counts as label-only.
fn single_merged_cell(grid: &Grid, r: u32, row: &BTreeMap<u32, GCell>) -> bool {
    if row.len() != 1 {
        return false;
    }
    let Some(&c) = row.keys().next() else {
        return false;
    };
    let left = grid
        .rows
        .values()
        .filter_map(|x| x.keys().next().copied())
        .min()
        .unwrap_or(0);
    c == left && grid.merges.iter().any(|m| m.start == (r, c))
}

fn col_letters(mut c: u32) -> String {
    let mut s = Vec::new();
    loop {
        s.push(char::from(b'A' + u8::try_from(c % 26).unwrap_or(0)));
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    s.iter().rev().collect()
}

/// "B7" for 0-based (6, 1).
pub(crate) fn sheet_ref(r: u32, c: u32) -> String {
    format!("{}{}", col_letters(c), u64::from(r) + 1)
}

fn build(grid: &Grid, d: &Draft, n: usize, diags: &mut Vec<Diagnostic>) -> Table {
    let sheet_rows: Vec<u32> = d
        .header
        .iter()
        .copied()
        .chain(d.body.iter().filter_map(|l| match l {
            Line::Sheet(r) => Some(*r),
            Line::Blank => None,
        }))
        .collect();
    let label_col = d
        .caption
        .iter()
        .map(|(r, _)| *r)
        .chain(d.pre.iter().copied())
        .chain(sheet_rows.iter().copied())
        .filter_map(|r| grid.rows.get(&r).and_then(|row| row.keys().next().copied()))
        .min()
        .unwrap_or(0);
    let mut cols: BTreeSet<u32> = BTreeSet::new();
    for r in &sheet_rows {
        if let Some(row) = grid.rows.get(r) {
            cols.extend(row.keys().copied().filter(|&c| c > label_col));
        }
    }
    let cols: Vec<u32> = std::iter::once(label_col).chain(cols).collect();
    let n_cols = cols.len() - 1;

    let caption = d.caption.as_ref().map(|(_, t)| t.clone());
    let table_id = caption
        .as_deref()
        .and_then(caption::id)
        .unwrap_or_else(|| format!("{}-t{n}", grid.name));

    let header: Vec<Vec<HeaderCell>> = d
        .header
        .iter()
        .map(|&r| header_row(grid, r, &cols))
        .collect();

    let mut table = Table {
        table_id,
        caption,
        unit: None, // read from the caption and notes by `resolve_units`
        location: Location::Sheet {
            name: grid.name.clone(),
        },
        header,
        rows: Vec::new(),
        n_cols,
        notes: d
            .notes
            .iter()
            .map(|(_, t)| t.clone())
            .chain(d.pre.iter().map(|&r| {
                grid.rows
                    .get(&r)
                    .map(|row| {
                        row.values()
                            .map(|c| c.text.clone())
                            .collect::<Vec<_>>()
                            .join(" ")
                    })
                    .unwrap_or_default()
            }))
            .collect(),
    };
    // Bold labels mark sums only when the table also has plain rows with values.
    let plain_valued = d.body.iter().any(|l| match l {
        Line::Sheet(r) => {
            grid.get(*r, label_col).is_none_or(|c| !c.bold)
                && cols[1..].iter().any(|&c| grid.get(*r, c).is_some())
        }
        Line::Blank => false,
    });
    let mut pending: Vec<Diagnostic> = Vec::new();
    for line in &d.body {
        let r = match line {
            Line::Blank => {
                table.rows.push(Row {
                    cells: vec![Cell::default(); n_cols],
                    ..Row::default()
                });
                continue;
            }
            Line::Sheet(r) => *r,
        };
        let label_cell = grid.get(r, label_col);
        let label = label_cell.map(|c| c.text.clone()).unwrap_or_default();
        let mut cells = Vec::with_capacity(n_cols);
        let mut any_value_cell = false;
        for (i, &c) in cols.iter().enumerate().skip(1) {
            let mut cell = Cell {
                sheet_ref: Some(sheet_ref(r, c)),
                ..Cell::default()
            };
            if let Some(g) = grid.get(r, c) {
                any_value_cell = true;
                cell.text = g.text.clone();
                cell.value = g.value;
                cell.unit = if g.percent {
                    Some(Unit::Prosent)
                } else {
                    unit::of_cell(&g.text)
                };
                let rule = match g.class {
                    CellClass::Malformed => Some((
                        "unparseable_number",
                        "text looks like a number but is not well-formed; no value taken",
                    )),
                    CellClass::Error => Some(("formula_error", "cell holds a formula error")),
                    _ => None,
                };
                if let Some((rule, msg)) = rule {
                    let mut diag = Diagnostic::new(
                        rule,
                        Severity::Warning,
                        format!("{} {}: {msg}", grid.name, sheet_ref(r, c)),
                    );
                    diag.sheet = Some(grid.name.clone());
                    diag.row_label = Some(label.clone());
                    diag.actual = Some(g.text.clone());
                    // column label filled in once the header is final
                    diag.column_label = Some(i.to_string());
                    pending.push(diag);
                }
            }
            cells.push(cell);
        }
        let bold = label_cell.is_some_and(|c| c.bold);
        let class = if any_value_cell && (label::is_sum(&label) || (bold && plain_valued)) {
            RowClass::Sum
        } else if !any_value_cell && !label.trim().is_empty() {
            RowClass::Section
        } else {
            RowClass::Body
        };
        table.rows.push(Row {
            label,
            class,
            cells,
            ..Row::default()
        });
    }
    for mut diag in pending {
        let col: usize = diag
            .column_label
            .as_deref()
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        diag.column_label = Some(table.column_label(col));
        diag.table_id = Some(table.table_id.clone());
        diags.push(diag);
    }
    table.resolve_units();
    table
}

fn header_row(grid: &Grid, r: u32, cols: &[u32]) -> Vec<HeaderCell> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < cols.len() {
        let c = cols[i];
        if let Some(m) = grid.merges.iter().find(|m| m.contains(r, c)) {
            let span = cols[i..]
                .iter()
                .take_while(|&&x| x >= m.start.1 && x <= m.end.1)
                .count()
                .max(1);
            let text = if m.start.0 == r {
                grid.get(m.start.0, m.start.1)
                    .map(|g| g.text.clone())
                    .unwrap_or_default()
            } else {
                String::new()
            };
            out.push(HeaderCell { text, span });
            i += span;
        } else {
            out.push(HeaderCell {
                text: grid.get(r, c).map(|g| g.text.clone()).unwrap_or_default(),
                span: 1,
            });
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refs() {
        assert_eq!(sheet_ref(6, 1), "B7");
        assert_eq!(sheet_ref(0, 25), "Z1");
        assert_eq!(sheet_ref(0, 26), "AA1");
        assert_eq!(sheet_ref(9, 27), "AB10");
    }
}
