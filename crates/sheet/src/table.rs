//! One table from the sheet rows found for it (a [`Draft`]): which columns
//! make the row label, the header cells with their spans, the value cells
//! and the class of each row.
//!
//! # The row label
//!
//! Column 0 is the leftmost column the table uses. More columns join it,
//! their texts joined with one space in front of the next ("30 Viken"), and
//! their header texts likewise ("Fylkesnr. Fylkesnavn"), when
//!
//! * **identifier columns** stand left of the first column of names: every
//!   cell a short whole number (county, municipality, chapter, item or
//!   account numbers: "30", "0301", "70"), the names column mostly text, and
//!   value columns after it. Only when a header names an identifier column
//!   or the table has no header: a column of bare numbers under no heading
//!   beside named columns (line numbers "1", "2", …) stays the label alone,
//!   the names a text column;
//! * **key columns** of codes alone, with no names (county and municipality
//!   number): the first column repeats its codes, the first columns together
//!   tell every row apart in ascending order, each under a heading of its
//!   own (or no header), and value columns follow;
//! * a **group label** is typed once above the rows it heads (column 0 empty
//!   on the rows after it) and every row with values has its own name in the
//!   next column, both columns text only: that row keeps its own name as
//!   its label ("Landet"), the first row of the group gets both
//!   ("Grunnskole Lørenskog").
//!
//! # Row classes
//!
//! A row with values is a sum when its label reads as a total
//! ([`label::is_sum`]), when its label is bold in a table that also has
//! labelled rows with values that are not bold (in a sheet where every row
//! label is bold, bold tells nothing), or when it has no label and each of
//! its values is the sum of the rows above it (from the table's start or
//! the last sum) — a total row the author left unlabelled. A row with a
//! label and no values is a section.

use std::collections::BTreeSet;

use kommunetall_lexicon::{caption, label, unit};
use kommunetall_model::{
    Cell, Diagnostic, HeaderCell, Location, Row, RowClass, Severity, Table, Unit,
};

use crate::grid::{CellClass, GCell, Grid, sheet_ref};

/// A row of a table being assembled: a sheet row, or a blank line inside it.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Line {
    Sheet(u32),
    Blank,
}

/// The sheet rows of one table, sorted into their roles.
#[derive(Debug, Default)]
pub(crate) struct Draft {
    /// The caption row and its text.
    pub caption: Option<(u32, String)>,
    /// Label-only lines above the table whose role is not decided yet
    /// (caption, note or header: see `find::resolve_lead`).
    pub lead: Vec<u32>,
    /// Lines above the table that are notes (title, source, unit lines).
    pub pre: Vec<u32>,
    /// Header rows.
    pub header: Vec<u32>,
    /// Body rows and blank lines inside the body.
    pub body: Vec<Line>,
    /// Note lines under the table.
    pub notes: Vec<(u32, String)>,
}

impl Draft {
    fn body_rows(&self) -> impl Iterator<Item = u32> + '_ {
        self.body.iter().filter_map(|l| match l {
            Line::Sheet(r) => Some(*r),
            Line::Blank => None,
        })
    }
}

/// What one column holds over the body rows: codes, text, anything else.
#[derive(Debug, Default, Clone, Copy)]
struct ColStats {
    code: usize,
    text: usize,
    other: usize,
}

impl ColStats {
    /// Codes and nothing else.
    fn codes_only(self) -> bool {
        self.code > 0 && self.text + self.other == 0
    }
    /// Text and nothing else.
    fn text_only(self) -> bool {
        self.text > 0 && self.code + self.other == 0
    }
}

fn col_stats(grid: &Grid, body: &[u32], cols: &[u32]) -> Vec<ColStats> {
    let mut stats = vec![ColStats::default(); cols.len()];
    for &r in body {
        for (s, &c) in stats.iter_mut().zip(cols) {
            let Some(g) = grid.get(r, c) else { continue };
            if g.code_like() {
                s.code += 1;
            } else if label::is_sum(&g.text) {
                // A total ("Sum", "I alt") may start in the identifier
                // column; it says nothing about the column.
            } else if g.class == CellClass::Text {
                s.text += 1;
            } else {
                s.other += 1;
            }
        }
    }
    stats
}

/// Whether the header rows have text over a column in `lo..=hi` (a merged
/// header cell counts where it starts), or there are no header rows.
fn header_names(grid: &Grid, header: &[u32], lo: u32, hi: u32) -> bool {
    header.is_empty()
        || header.iter().any(|&r| {
            (lo..=hi).any(|c| {
                let cell = match grid.merge_at(r, c) {
                    Some(m) if m.start == (r, c) => grid.get(r, c),
                    Some(_) => None,
                    None => grid.get(r, c),
                };
                cell.is_some_and(|g| !g.text.trim().is_empty())
            })
        })
}

/// Identifier columns left of the first column of names.
fn identifier_columns(
    grid: &Grid,
    header: &[u32],
    stats: &[ColStats],
    cols: &[u32],
) -> Option<usize> {
    let names = stats
        .iter()
        .position(|s| s.text > 0 && s.text >= s.code + s.other)?;
    (names > 0
        && names + 1 < cols.len()
        && stats[..names].iter().all(|s| s.codes_only())
        && header_names(grid, header, cols[0], cols[names - 1]))
    .then_some(names + 1)
}

/// Least number of body rows for which key columns are worth telling apart.
const MIN_KEY_ROWS: usize = 4;

/// Key columns of codes with no names after them.
fn key_columns(
    grid: &Grid,
    header: &[u32],
    body: &[u32],
    stats: &[ColStats],
    cols: &[u32],
) -> Option<usize> {
    if !stats.first().is_some_and(|s| s.codes_only()) {
        return None;
    }
    // The key of each row that has one; rows without any key cell (an
    // unlabelled total) or with a total's label in it are left out.
    let keys = |k: usize| -> Option<Vec<Vec<f64>>> {
        let mut out = Vec::new();
        for &r in body {
            let cells: Vec<_> = cols[..k].iter().map(|&c| grid.get(r, c)).collect();
            if cells.iter().all(Option::is_none)
                || cells.iter().flatten().any(|g| label::is_sum(&g.text))
            {
                continue;
            }
            let key: Option<Vec<f64>> = cells
                .iter()
                .map(|g| g.filter(|g| g.code_like()).and_then(|g| g.value))
                .collect();
            out.push(key?);
        }
        Some(out)
    };
    let unique = |keys: &[Vec<f64>]| {
        let mut sorted: Vec<&Vec<f64>> = keys.iter().collect();
        sorted.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
        sorted.windows(2).all(|w| w[0] != w[1])
    };
    let mut k = 1;
    let mut rows = keys(k)?;
    while !unique(&rows) {
        if k + 1 >= cols.len() || !stats[k].codes_only() {
            return None;
        }
        k += 1;
        rows = keys(k)?;
    }
    let ascending = rows
        .windows(2)
        .all(|w| w[0].partial_cmp(&w[1]) == Some(std::cmp::Ordering::Less));
    (k >= 2
        && k < cols.len()
        && rows.len() >= MIN_KEY_ROWS
        && ascending
        && cols[..k].iter().all(|&c| header_names(grid, header, c, c)))
    .then_some(k)
}

/// A group label in column 0 over rows named in column 1.
fn group_label(grid: &Grid, body: &[u32], stats: &[ColStats], cols: &[u32]) -> Option<usize> {
    if cols.len() < 3 || !stats[0].text_only() || !stats[1].text_only() {
        return None;
    }
    let mut sparse = false;
    for &r in body {
        let valued = cols[2..]
            .iter()
            .any(|&c| grid.get(r, c).is_some_and(|g| g.numeric_like()));
        if !valued {
            continue;
        }
        grid.get(r, cols[1])?;
        sparse |= grid.get(r, cols[0]).is_none();
    }
    sparse.then_some(2)
}

/// How many of `cols` (from the left) make the row label: at least 1.
fn label_columns(grid: &Grid, header: &[u32], body: &[u32], cols: &[u32]) -> usize {
    let stats = col_stats(grid, body, cols);
    identifier_columns(grid, header, &stats, cols)
        .or_else(|| key_columns(grid, header, body, &stats, cols))
        .or_else(|| group_label(grid, body, &stats, cols))
        .unwrap_or(1)
}

/// Whether each value of the unlabelled row `i` is the sum of that column
/// over the rows above it, from the table's start or the last sum row: at
/// least two rows, and in at least one column at least two values.
fn adds_up(rows: &[Row], i: usize) -> bool {
    let start = rows[..i]
        .iter()
        .rposition(|r| r.class == RowClass::Sum)
        .map_or(0, |p| p + 1);
    let terms: Vec<&Row> = rows[start..i]
        .iter()
        .filter(|r| r.class == RowClass::Body && r.cells.iter().any(|c| c.value.is_some()))
        .collect();
    if terms.len() < 2 {
        return false;
    }
    let mut confirmed = 0;
    for (j, cell) in rows[i].cells.iter().enumerate() {
        let Some(v) = cell.value else { continue };
        let values: Vec<f64> = terms
            .iter()
            .filter_map(|r| r.cells.get(j).and_then(|c| c.value))
            .collect();
        let sum: f64 = values.iter().sum();
        if values.is_empty() || (sum - v).abs() > 1e-6 * v.abs().max(1.0) {
            return false;
        }
        if values.len() >= 2 {
            confirmed += 1;
        }
    }
    confirmed > 0
}

/// The table of draft `d`, the `n`-th on its sheet.
pub(crate) fn build(grid: &Grid, d: &Draft, n: usize, diags: &mut Vec<Diagnostic>) -> Table {
    let body_rows: Vec<u32> = d.body_rows().collect();
    let cols = table_columns(grid, d, &body_rows);
    let k = label_columns(grid, &d.header, &body_rows, &cols);
    let (label_cols, value_cols) = cols.split_at(k);
    let n_cols = value_cols.len();

    let caption = d.caption.as_ref().map(|(_, t)| t.clone());
    let table_id = caption
        .as_deref()
        .and_then(caption::id)
        .unwrap_or_else(|| format!("{}-t{n}", grid.name));

    let header: Vec<Vec<HeaderCell>> = d
        .header
        .iter()
        .map(|&r| header_row(grid, r, label_cols, value_cols))
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
            .chain(d.pre.iter().map(|&r| grid.row_text(r)))
            .collect(),
    };
    let reader = BodyRows::new(grid, label_cols, value_cols, &body_rows);
    let mut pending: Vec<Diagnostic> = Vec::new();
    for line in &d.body {
        table.rows.push(match line {
            Line::Blank => Row {
                cells: vec![Cell::default(); n_cols],
                ..Row::default()
            },
            Line::Sheet(r) => reader.row(*r, &mut pending),
        });
    }
    mark_unlabelled_totals(&mut table.rows);
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

/// The table's columns, left to right: the leftmost column any of its lines
/// (caption, notes above, header and body rows) starts in, then every
/// column right of it the header and body rows use.
fn table_columns(grid: &Grid, d: &Draft, body_rows: &[u32]) -> Vec<u32> {
    let sheet_rows: Vec<u32> = d
        .header
        .iter()
        .copied()
        .chain(body_rows.iter().copied())
        .collect();
    let left = d
        .caption
        .iter()
        .map(|(r, _)| *r)
        .chain(d.pre.iter().copied())
        .chain(sheet_rows.iter().copied())
        .filter_map(|r| grid.rows.get(&r).and_then(|row| row.keys().next().copied()))
        .min()
        .unwrap_or(0);
    let mut used: BTreeSet<u32> = BTreeSet::new();
    for r in &sheet_rows {
        if let Some(row) = grid.rows.get(r) {
            used.extend(row.keys().copied().filter(|&c| c > left));
        }
    }
    std::iter::once(left).chain(used).collect()
}

/// Reads a table's body rows off the sheet: the label from the label
/// columns, one cell per value column, the row class.
struct BodyRows<'a> {
    grid: &'a Grid,
    label_cols: &'a [u32],
    value_cols: &'a [u32],
    /// Whether the table has labelled rows with values whose label is not
    /// bold: only then do bold labels mark sums.
    plain_valued: bool,
}

impl<'a> BodyRows<'a> {
    fn new(
        grid: &'a Grid,
        label_cols: &'a [u32],
        value_cols: &'a [u32],
        body_rows: &[u32],
    ) -> Self {
        let mut reader = BodyRows {
            grid,
            label_cols,
            value_cols,
            plain_valued: false,
        };
        reader.plain_valued = body_rows.iter().any(|&r| {
            let (text, bold) = reader.label(r);
            !text.is_empty() && !bold && value_cols.iter().any(|&c| grid.get(r, c).is_some())
        });
        reader
    }

    /// The label of sheet row r (the label columns' texts joined) and
    /// whether all of it is bold. Codes joined into a label read as typed
    /// ("10100 Lønn"), without the spaces a plain number of five digits is
    /// shown with.
    fn label(&self, r: u32) -> (String, bool) {
        let cells: Vec<_> = self
            .label_cols
            .iter()
            .filter_map(|&c| self.grid.get(r, c))
            .collect();
        let text = cells
            .iter()
            .map(|g| {
                if self.label_cols.len() > 1 && g.code_like() {
                    g.code_text()
                } else {
                    g.text.clone()
                }
            })
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        let bold = !cells.is_empty() && cells.iter().all(|g| g.bold);
        (text, bold)
    }

    /// The body row of sheet row r; a cell that holds a malformed number
    /// or a formula error adds a diagnostic to `pending` (its column label
    /// the value column's number until the header is final).
    fn row(&self, r: u32, pending: &mut Vec<Diagnostic>) -> Row {
        let grid = self.grid;
        let (label, bold) = self.label(r);
        let mut cells = Vec::with_capacity(self.value_cols.len());
        let mut any_value_cell = false;
        for (i, &c) in self.value_cols.iter().enumerate() {
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
                pending.extend(cell_problem(grid, r, c, g, i, &label));
            }
            cells.push(cell);
        }
        let class = if any_value_cell && (label::is_sum(&label) || (bold && self.plain_valued)) {
            RowClass::Sum
        } else if !any_value_cell && !label.trim().is_empty() {
            RowClass::Section
        } else {
            RowClass::Body
        };
        Row {
            label,
            class,
            cells,
            ..Row::default()
        }
    }
}

/// The diagnostic for sheet cell (r, c), the `i`-th value column of a row
/// labelled `label`, when it holds a malformed number or a formula error.
fn cell_problem(
    grid: &Grid,
    r: u32,
    c: u32,
    g: &GCell,
    i: usize,
    label: &str,
) -> Option<Diagnostic> {
    let (rule, msg) = match g.class {
        CellClass::Malformed => (
            "unparseable_number",
            "text looks like a number but is not well-formed; no value taken",
        ),
        CellClass::Error => ("formula_error", "cell holds a formula error"),
        _ => return None,
    };
    let mut diag = Diagnostic::new(
        rule,
        Severity::Warning,
        format!("{} {}: {msg}", grid.name, sheet_ref(r, c)),
    );
    diag.sheet = Some(grid.name.clone());
    diag.row_label = Some(label.to_string());
    diag.actual = Some(g.text.clone());
    // column label filled in once the header is final
    diag.column_label = Some((i + 1).to_string());
    Some(diag)
}

/// An unlabelled body row whose values add up the rows above it is a sum.
fn mark_unlabelled_totals(rows: &mut [Row]) {
    for i in 0..rows.len() {
        let row = &rows[i];
        if row.class == RowClass::Body
            && row.label.is_empty()
            && row.cells.iter().any(|c| c.value.is_some())
            && adds_up(rows, i)
        {
            rows[i].class = RowClass::Sum;
        }
    }
}

/// Header row `r`: the label cell (the texts over the label columns joined)
/// and one cell per value column, a merged cell spanning the columns it
/// covers; its text only in the merge's first row.
fn header_row(grid: &Grid, r: u32, label_cols: &[u32], value_cols: &[u32]) -> Vec<HeaderCell> {
    let merged_text = |m: &calamine::Dimensions| {
        if m.start.0 == r {
            grid.get(m.start.0, m.start.1)
                .map(|g| g.text.clone())
                .unwrap_or_default()
        } else {
            String::new()
        }
    };
    let mut out = Vec::new();
    let mut parts: Vec<String> = Vec::new();
    let mut seen: Vec<&calamine::Dimensions> = Vec::new();
    for &c in label_cols {
        let text = match grid.merge_at(r, c) {
            Some(m) if seen.contains(&m) => continue,
            Some(m) => {
                seen.push(m);
                merged_text(m)
            }
            None => grid.get(r, c).map(|g| g.text.clone()).unwrap_or_default(),
        };
        if !text.is_empty() {
            parts.push(text);
        }
    }
    // A merge over the last label column may reach into the value columns.
    let mut i = label_cols
        .last()
        .and_then(|&c| grid.merge_at(r, c))
        .map_or(0, |m| {
            value_cols.iter().take_while(|&&x| x <= m.end.1).count()
        });
    out.push(HeaderCell {
        text: parts.join(" "),
        span: 1 + i,
    });
    while i < value_cols.len() {
        let c = value_cols[i];
        if let Some(m) = grid.merge_at(r, c) {
            let span = value_cols[i..]
                .iter()
                .take_while(|&&x| x >= m.start.1 && x <= m.end.1)
                .count()
                .max(1);
            out.push(HeaderCell {
                text: merged_text(m),
                span,
            });
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
