//! One sheet as a sparse grid of cells, the shape every format is read into
//! before its tables are found.

use std::collections::BTreeMap;

use calamine::Dimensions;

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
    /// Digits grouped by the author: a number format asking for thousands
    /// separators ("#,##0"), or text typed with spaces ("10 100"). The
    /// spaces this crate puts into a plain number of five digits or more
    /// ("10 100" for General 10100) do not count.
    pub grouped: bool,
}

impl GCell {
    /// A number, a malformed number or a placeholder for one.
    pub(crate) fn numeric_like(&self) -> bool {
        matches!(
            self.class,
            CellClass::Number | CellClass::Malformed | CellClass::Missing
        )
    }

    /// A short whole number that reads as an identifier rather than an
    /// amount: one to six digits not grouped by the author, perhaps closed
    /// by "." or ")" ("3", "0301", "10100", "12.", "70)"); "1 234" typed or
    /// formatted with grouping, "12,5" and "63%" are amounts.
    pub(crate) fn code_like(&self) -> bool {
        let t = self.code_text();
        let t = t.trim_end_matches(['.', ')']);
        self.class == CellClass::Number
            && !self.percent
            && !self.grouped
            && (1..=6).contains(&t.len())
            && t.bytes().all(|b| b.is_ascii_digit())
    }

    /// The text of a code without the spaces this crate groups plain
    /// numbers with ("10 100" shown for General 10100 → "10100").
    pub(crate) fn code_text(&self) -> String {
        if self.grouped {
            self.text.clone()
        } else {
            self.text.chars().filter(|c| !c.is_whitespace()).collect()
        }
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
    pub(crate) fn blank_between(&self, a: u32, b: u32) -> u32 {
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

    /// The cell at (row, column), if it holds anything.
    pub(crate) fn get(&self, r: u32, c: u32) -> Option<&GCell> {
        self.rows.get(&r).and_then(|row| row.get(&c))
    }

    /// The merged region covering (row, column), if any.
    pub(crate) fn merge_at(&self, r: u32, c: u32) -> Option<&Dimensions> {
        self.merges.iter().find(|m| m.contains(r, c))
    }

    /// The texts of row `r` left to right, joined with one space.
    pub(crate) fn row_text(&self, r: u32) -> String {
        self.rows
            .get(&r)
            .map(|row| {
                row.values()
                    .map(|c| c.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .unwrap_or_default()
    }
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

    fn cell(text: &str, class: CellClass, grouped: bool) -> GCell {
        GCell {
            text: text.to_owned(),
            value: None,
            percent: false,
            class,
            bold: false,
            grouped,
        }
    }

    #[test]
    fn codes_are_short_ungrouped_whole_numbers() {
        for t in ["3", "0301", "12.", "70)", "123456", "10 100"] {
            assert!(cell(t, CellClass::Number, false).code_like(), "{t}");
        }
        assert_eq!(
            cell("10 100", CellClass::Number, false).code_text(),
            "10100"
        );
        for t in ["12,5", "1234567", "1 234 567", "−3", ""] {
            assert!(!cell(t, CellClass::Number, false).code_like(), "{t}");
        }
        assert!(!cell("10 100", CellClass::Number, true).code_like());
        assert!(!cell("301", CellClass::Text, false).code_like());
    }
}
