//! Cutting one sheet's grid into tables.
//!
//! Rows are classified (caption, header-like text, rows with numbers, label
//! only) and walked top to bottom:
//!
//! * a "Tabell X.Y …" row always starts a new table;
//! * label-only rows above a header are the table's caption and notes: the
//!   caption is the first line that is not a note ("Kilde: …") in the last
//!   block of such lines (blocks are separated by blank rows); lines of
//!   earlier blocks (a sheet's title and source lines) are notes. A lone
//!   text cell with a blank row under it and a header below counts as such
//!   a line wherever it stands (a title typed into column B);
//! * text rows between the caption and the first row with numbers are header
//!   rows, except label-only rows right before the numbers, which are
//!   sections;
//! * blank rows inside a table are kept as empty rows when the table goes on
//!   below them (sections separated by blank lines);
//! * after a blank gap, a header-like row (text in the value columns, no
//!   numbers) or a label-only row followed by one starts a new table; a
//!   label-only line with another block of label-only lines between it and
//!   that header is a note of the table above;
//! * label-only rows after the last row with values ("Kilde: …", "* …") are
//!   notes, and so is a lone header-like line under a table with nothing
//!   under it ("Uttaksdato 21.09.2022").
//!
//! Which columns make the row label, the header cells and row classes are
//! worked out per table by [`crate::table`].

use std::collections::BTreeMap;

use kommunetall_lexicon::{caption, unit};
use kommunetall_model::{Diagnostic, Severity, Table};

use crate::grid::{CellClass, GCell, Grid};
use crate::table::{Draft, Line, build};

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

/// Whether a line reads as a note ("Kilde: …", "* …", "Beløp i 1000 kr").
pub(crate) fn is_note_text(t: &str) -> bool {
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

/// Sorts the label-only lines collected above a table's first header row
/// (`d.lead`) into its caption, notes (`d.pre`) and header rows.
fn resolve_lead(grid: &Grid, d: &mut Draft) {
    let lead = std::mem::take(&mut d.lead);
    let mut blocks: Vec<Vec<u32>> = Vec::new();
    for r in lead {
        match blocks.last_mut() {
            Some(b) if b.last().is_some_and(|&p| grid.blank_between(p, r) == 0) => b.push(r),
            _ => blocks.push(vec![r]),
        }
    }
    let is_note = |r: u32| is_note_text(&grid.row_text(r));
    // The table's own block: the last one with a line that is not a note.
    let own = blocks.iter().rposition(|b| b.iter().any(|&r| !is_note(r)));
    for (i, block) in blocks.iter().enumerate() {
        if Some(i) != own {
            d.pre.extend(block.iter().copied());
            continue;
        }
        let mut rest = block.as_slice();
        if d.caption.is_none()
            && let Some(k) = block.iter().position(|&r| !is_note(r))
        {
            d.pre.extend(block[..k].iter().copied());
            d.caption = Some((block[k], grid.row_text(block[k])));
            rest = &block[k + 1..];
        }
        for &r in rest {
            let text = grid.row_text(r);
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
    }
}

/// Finds the tables of one sheet; `diags` receives soft problems.
pub(crate) fn find_tables(grid: &Grid, diags: &mut Vec<Diagnostic>) -> Vec<Table> {
    let Some(left) = left_column(grid) else {
        return Vec::new();
    };
    let rows = Rows::classify(grid, left);
    let drafts = draft_tables(&rows);
    finish_tables(&rows, drafts, diags)
}

/// The leftmost column with content on the sheet (the label column).
fn left_column(grid: &Grid) -> Option<u32> {
    grid.rows
        .values()
        .filter_map(|r| r.keys().next().copied())
        .min()
}

/// The kind of one sheet row, before title lines are told apart.
fn row_kind(grid: &Grid, r: u32, row: &BTreeMap<u32, GCell>, left: u32) -> Kind {
    let first = row.values().next();
    if first.is_some_and(|c| is_caption_text(&c.text))
        && !row.values().any(|c| c.class == CellClass::Number)
    {
        Kind::Caption
    } else if is_year_row(row, left) && row.get(&left).is_none_or(|c| c.class == CellClass::Text) {
        Kind::YearHeader
    } else if row.iter().any(|(&c, cell)| c > left && cell.numeric_like()) {
        Kind::Numeric
    } else if row.keys().any(|&c| c > left) && !single_merged_cell(grid, r, row) {
        Kind::HeaderLike
    } else {
        Kind::LabelOnly
    }
}

/// The rows of one sheet top to bottom (`order`, indexed by position), each
/// with its kind.
struct Rows<'a> {
    grid: &'a Grid,
    order: Vec<u32>,
    kinds: BTreeMap<u32, Kind>,
}

impl<'a> Rows<'a> {
    /// Every row's kind, title lines counted as label-only.
    fn classify(grid: &'a Grid, left: u32) -> Rows<'a> {
        let order = grid.rows.keys().copied().collect();
        let kinds = grid
            .rows
            .iter()
            .map(|(&r, row)| (r, row_kind(grid, r, row, left)))
            .collect();
        let mut rows = Rows { grid, order, kinds };
        for r in rows.title_lines() {
            rows.kinds.insert(r, Kind::LabelOnly);
        }
        rows
    }

    /// A lone unmerged text cell with a blank row under it and a header
    /// below is a title line wherever it stands (not a one-cell header row).
    fn title_lines(&self) -> Vec<u32> {
        let grid = self.grid;
        self.order
            .iter()
            .enumerate()
            .filter(|&(i, &r)| {
                self.kinds.get(&r) == Some(&Kind::HeaderLike)
                    && grid.rows.get(&r).is_some_and(|row| {
                        row.len() == 1
                            && row.iter().all(|(&c, g)| {
                                g.class == CellClass::Text && grid.merge_at(r, c).is_none()
                            })
                    })
                    && self
                        .order
                        .get(i + 1)
                        .is_some_and(|&next| grid.blank_between(r, next) > 0)
                    && headerish(self.after_labels(i + 1))
            })
            .map(|(_, &r)| r)
            .collect()
    }

    fn kind_at(&self, i: usize) -> Option<Kind> {
        self.order.get(i).and_then(|r| self.kinds.get(r)).copied()
    }

    /// After label-only rows starting at i, what comes next: a numeric row
    /// (the label rows are sections), a header-like row (a title), or neither.
    fn after_labels(&self, i: usize) -> Option<Kind> {
        let mut j = i;
        while self.kind_at(j) == Some(Kind::LabelOnly) {
            j += 1;
        }
        self.kind_at(j)
    }

    /// Whether the label-only row at i is in the last block of label-only
    /// rows before what follows them (no blank row between it and the
    /// label-only rows after it).
    fn in_last_block(&self, i: usize) -> bool {
        let mut j = i + 1;
        while self.kind_at(j) == Some(Kind::LabelOnly) {
            j += 1;
        }
        (i + 1..j).all(|x| self.grid.blank_between(self.order[x - 1], self.order[x]) == 0)
    }

    /// Blank sheet rows between the row at i and the one before it.
    fn blanks_before(&self, i: usize) -> u32 {
        match i.checked_sub(1).and_then(|p| self.order.get(p)) {
            Some(&p) => self.grid.blank_between(p, self.order[i]),
            None => 0,
        }
    }

    /// Whether a draft's body has a row with values.
    fn has_values(&self, d: &Draft) -> bool {
        d.body.iter().any(|l| match l {
            Line::Sheet(r) => matches!(self.kinds.get(r), Some(Kind::Numeric | Kind::YearHeader)),
            Line::Blank => false,
        })
    }

    /// The draft a table opens with when its first row (not a caption) is
    /// the row r at i: a label-only line over a header is a lead line, a
    /// header-like row a header row, anything else a body row.
    fn opening_draft(&self, i: usize, r: u32, kind: Kind) -> Draft {
        match kind {
            Kind::LabelOnly if headerish(self.after_labels(i + 1)) => Draft {
                lead: vec![r],
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
        }
    }

    /// Adds the row r at i to a draft that has no body row yet: a header
    /// row, a lead line above the header, or the first body row.
    fn add_to_head(&self, d: &mut Draft, i: usize, r: u32, kind: Kind) {
        match kind {
            Kind::HeaderLike | Kind::YearHeader => {
                if !d.lead.is_empty() {
                    resolve_lead(self.grid, d);
                }
                d.header.push(r);
            }
            Kind::LabelOnly if headerish(self.after_labels(i + 1)) => {
                if d.header.is_empty() {
                    d.lead.push(r);
                } else {
                    d.header.push(r);
                }
            }
            _ => {
                if !d.lead.is_empty() {
                    resolve_lead(self.grid, d);
                }
                d.body.push(Line::Sheet(r));
            }
        }
    }

    /// Whether the row at i (with `text`) starts a new table under a draft
    /// that has body rows: after a blank gap or the table's notes, a header
    /// row, or a label-only line over one; a row with numbers after notes.
    fn starts_new_table(
        &self,
        d: &Draft,
        i: usize,
        kind: Kind,
        in_notes: bool,
        text: &str,
    ) -> bool {
        let broken = self.blanks_before(i) > 0 || in_notes;
        match kind {
            Kind::HeaderLike | Kind::YearHeader => broken && self.has_values(d),
            Kind::LabelOnly => {
                broken
                    && !is_note_text(text)
                    && headerish(self.after_labels(i + 1))
                    && self.in_last_block(i)
                    && self.has_values(d)
            }
            Kind::Numeric => in_notes,
            Kind::Caption => false,
        }
    }

    /// Adds the row r at i to a draft's body or, for a label-only line that
    /// reads as a note (or follows one), to its notes. Blank rows before a
    /// body row are kept as blank lines. Returns whether r became a note.
    fn add_to_body(
        &self,
        d: &mut Draft,
        i: usize,
        r: u32,
        kind: Kind,
        in_notes: bool,
        text: String,
    ) -> bool {
        let blanks = self.blanks_before(i);
        let note = kind == Kind::LabelOnly
            && (in_notes
                || is_note_text(&text)
                || (blanks > 0 && self.after_labels(i + 1) != Some(Kind::Numeric)));
        if note {
            d.notes.push((r, text));
        } else {
            for _ in 0..blanks {
                d.body.push(Line::Blank);
            }
            d.body.push(Line::Sheet(r));
        }
        note
    }

    /// Trailing label-only rows after the last row with values are notes.
    fn trailing_labels_to_notes(&self, d: &mut Draft) {
        if !self.has_values(d) {
            return;
        }
        while let Some(Line::Sheet(r)) = d.body.last().copied() {
            if self.kinds.get(&r) == Some(&Kind::LabelOnly) {
                d.body.pop();
                d.notes.insert(0, (r, self.grid.row_text(r)));
            } else {
                break;
            }
        }
    }
}

/// Walks the rows top to bottom and groups them into drafts of tables.
fn draft_tables(rows: &Rows) -> Vec<Draft> {
    let mut drafts: Vec<Draft> = Vec::new();
    let mut cur: Option<Draft> = None;
    let mut in_notes = false;
    for (i, &r) in rows.order.iter().enumerate() {
        let Some(kind) = rows.kinds.get(&r).copied() else {
            continue;
        };
        let text = rows.grid.row_text(r);
        let opened = match cur.as_mut() {
            _ if kind == Kind::Caption => Some(Draft {
                caption: Some((r, text)),
                ..Draft::default()
            }),
            None => Some(rows.opening_draft(i, r, kind)),
            Some(d) if d.body.is_empty() => {
                rows.add_to_head(d, i, r, kind);
                None
            }
            Some(d) => {
                if rows.starts_new_table(d, i, kind, in_notes, &text) {
                    Some(rows.opening_draft(i, r, kind))
                } else {
                    in_notes |= rows.add_to_body(d, i, r, kind, in_notes, text);
                    None
                }
            }
        };
        if let Some(d) = opened {
            drafts.extend(cur.replace(d));
            in_notes = false;
        }
    }
    drafts.extend(cur);
    drafts
}

/// Builds the tables from the drafts: lead lines sorted out, trailing
/// label-only rows and blank lines dropped from the body, a caption with
/// nothing under it reported, a lone header-like line under a table given
/// to it as a note.
fn finish_tables(rows: &Rows, drafts: Vec<Draft>, diags: &mut Vec<Diagnostic>) -> Vec<Table> {
    let grid = rows.grid;
    let mut tables: Vec<Table> = Vec::new();
    let mut n = 0usize;
    for mut d in drafts {
        if !d.lead.is_empty() {
            resolve_lead(grid, &mut d);
        }
        rows.trailing_labels_to_notes(&mut d);
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
        // One header-like line under a table with nothing under it (an
        // extraction date, a signature) is a note of that table.
        if d.body.is_empty()
            && d.caption.is_none()
            && d.pre.is_empty()
            && let [r] = d.header[..]
            && let Some(prev) = tables.last_mut()
        {
            prev.notes.push(grid.row_text(r));
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
    c == left_column(grid).unwrap_or(0) && grid.merges.iter().any(|m| m.start == (r, c))
}
