//! Body rows: lines laid on the grid are grouped into logical rows.
//!
//! When the table has cell padding (row gaps clearly larger than the gap
//! between wrapped lines) or horizontal rules, lines in the same padded block
//! form one row. Otherwise text rules apply: a label line that starts in lower
//! case or follows an unfinished label ("…, ", "… og") continues the row above;
//! a label without values followed by such a continuation carries the values
//! of its last line; a number under a number in the same cell that can only be
//! its thousands continuation ("11" over "244") is joined.

use crate::grid::GridLine;
use kommunetall_lexicon::{Parsed, continues_number, parse};
use kommunetall_model::{BBox, RowClass};

/// A logical row under construction.
#[derive(Debug, Clone)]
pub(crate) struct RowAcc {
    pub lines: Vec<GridLine>,
}

impl RowAcc {
    fn label(&self) -> String {
        self.cell_text(0)
    }

    /// Text of grid column `c`, lines joined with a space.
    pub fn cell_text(&self, c: usize) -> String {
        let parts: Vec<&str> = self
            .lines
            .iter()
            .flat_map(|g| g.cells.get(c).into_iter().flatten())
            .map(|s| s.text.as_str())
            .collect();
        parts.join(" ")
    }

    /// Box and page of grid column `c` (first page the cell appears on).
    pub fn cell_box(&self, c: usize) -> Option<(u32, BBox)> {
        let mut out: Option<(u32, BBox)> = None;
        for g in &self.lines {
            for s in g.cells.get(c).into_iter().flatten() {
                out = Some(match out {
                    None => (g.page, s.bbox),
                    Some((p, b)) if p == g.page => (p, b.union(s.bbox)),
                    Some(x) => x,
                });
            }
        }
        out
    }

    fn has_values(&self) -> bool {
        self.lines.iter().any(GridLine::has_values)
    }

    /// Row class from the label and weight.
    pub fn class(&self) -> RowClass {
        let label = self.label();
        if !self.has_values() {
            return if label.is_empty() {
                RowClass::Body
            } else {
                RowClass::Section
            };
        }
        if is_sum_label(&label) {
            return RowClass::Sum;
        }
        let label_bold = self
            .lines
            .iter()
            .flat_map(|g| g.cells.first().into_iter().flatten())
            .all(|s| s.bold);
        if !label.is_empty() && label_bold {
            RowClass::Sum
        } else {
            RowClass::Body
        }
    }
}

fn is_sum_label(label: &str) -> bool {
    kommunetall_lexicon::label::is_sum(label)
}

fn starts_lower(s: &str) -> bool {
    s.starts_with('(') || s.chars().next().is_some_and(char::is_lowercase)
}

fn unfinished(label: &str) -> bool {
    let t = label.trim_end();
    if t.ends_with(',') || t.ends_with('-') || t.ends_with('/') || t.ends_with('(') {
        return true;
    }
    let last = t.rsplit(' ').next().unwrap_or("").to_lowercase();
    matches!(
        last.as_str(),
        "og" | "i"
            | "av"
            | "for"
            | "til"
            | "med"
            | "på"
            | "fra"
            | "eller"
            | "om"
            | "per"
            | "pr."
            | "ekskl."
            | "inkl."
    )
}

/// Whether a text opens more parentheses than it closes.
fn unclosed(t: &str) -> bool {
    t.matches('(').count() > t.matches(')').count()
}

/// Whether a label line starts with the thousands tail of a number that
/// ends the label above ("… per 10" over "000 innbyggere").
fn splits_number(prev: &str, label: &str) -> bool {
    let (Some(last), Some(first)) = (
        prev.split_whitespace().last(),
        label.split_whitespace().next(),
    ) else {
        return false;
    };
    last.chars().all(|c| c.is_ascii_digit())
        && first.len() == 3
        && first.chars().all(|c| c.is_ascii_digit())
        && continues_number(last, first)
}

/// Whether the values of `gl` can continue those of the row: every value
/// column of `gl` is empty above or is the thousands tail of the number above.
fn values_join(prev: &RowAcc, gl: &GridLine) -> bool {
    (1..gl.cells.len()).all(|c| {
        let now: Vec<&str> = gl.cells[c].iter().map(|s| s.text.as_str()).collect();
        let now = now.join(" ");
        if now.is_empty() {
            return true;
        }
        let before = prev.cell_text(c);
        if before.is_empty() {
            return true;
        }
        match (parse(&before), parse(&now)) {
            // Wrapped text inside a text cell.
            (Parsed::Text, _) => true,
            // A unit wrapped under its number ("-1,6" over "%").
            (Parsed::Number(_), Parsed::Text) => {
                now.chars().count() <= 6 && !now.chars().any(|c| c.is_ascii_digit())
            }
            _ => continues_number(&before, &now),
        }
    })
}

/// Whether the lines of a table show cell padding: the median gap between
/// consecutive lines is clearly larger than a wrapped line's gap.
pub(crate) fn padded(lines: &[GridLine]) -> bool {
    let mut gaps: Vec<f64> = Vec::new();
    let mut fss: Vec<f64> = Vec::new();
    for w in lines.windows(2) {
        if w[0].page == w[1].page {
            gaps.push(w[1].y0 - w[0].y1);
            fss.push(w[0].fs);
        }
    }
    if gaps.len() < 2 {
        return false;
    }
    let fs = crate::lines::median(fss);
    let big = gaps.iter().filter(|g| **g >= 0.45 * fs).count();
    if big < 2 {
        return false;
    }
    if big * 4 >= gaps.len() {
        return true;
    }
    // Many wrapped labels make small gaps the majority. The table is still
    // padded when the lines that plainly start a row (a label in upper case)
    // nearly all follow a big gap while plain continuations (a label in
    // lower case) follow small ones.
    let (mut starts, mut starts_big, mut conts, mut conts_small) = (0, 0, 0, 0);
    for w in lines.windows(2) {
        if w[0].page != w[1].page {
            continue;
        }
        let gap = w[1].y0 - w[0].y1;
        let label = w[1].label();
        let Some(c) = label.chars().next() else {
            continue;
        };
        if c.is_uppercase() {
            starts += 1;
            starts_big += usize::from(gap >= 0.45 * fs);
        } else if c.is_lowercase() {
            conts += 1;
            conts_small += usize::from(gap < 0.35 * fs);
        }
    }
    starts >= 2 && conts >= 1 && starts_big * 10 >= starts * 9 && conts_small * 10 >= conts * 9
}

/// Groups body lines (of one page fragment) into rows, continuing after the rows already built (a table
/// continued on a new page): a first line with an empty label and only text
/// continues the last row.
pub(crate) fn group_rows_onto(
    mut rows: Vec<RowAcc>,
    lines: Vec<GridLine>,
    padded: bool,
    hrules: &[BBox],
) -> Vec<RowAcc> {
    let mut lines = lines.into_iter().peekable();
    if let (Some(prev), Some(first)) = (rows.last_mut(), lines.peek()) {
        let text_only = first
            .cells
            .iter()
            .flatten()
            .all(|s| matches!(parse(&s.text), Parsed::Text));
        if first.label().is_empty()
            && text_only
            && values_join(prev, first)
            && let Some(gl) = lines.next()
        {
            prev.lines.push(gl);
        }
    }
    let start = rows.len();
    for gl in lines {
        if rows.len() == start {
            rows.push(RowAcc { lines: vec![gl] });
            continue;
        }
        let Some(prev) = rows.last_mut() else {
            continue;
        };
        let Some(pl) = prev.lines.last() else {
            continue;
        };
        let gap = gl.y0 - pl.y1;
        let ruled_between = hrules.iter().any(|r| {
            let y = (r.y0 + r.y1) / 2.0;
            y > pl.y1 - 1.0 && y < gl.y0 + 1.0
        });
        let label = gl.label();
        let prev_label = prev.label();
        let tight = gap < 0.6 * gl.fs;
        let in_block = if hrules.is_empty() {
            padded && gap < 0.35 * gl.fs
        } else {
            !ruled_between
        };
        let cont = !label.is_empty()
            && (starts_lower(&label)
                || unfinished(&prev_label)
                || splits_number(&prev_label, &label));
        let (gv, pv) = (gl.has_values(), prev.has_values());
        let label_ok = label.is_empty() || cont || (in_block && !(gv && pv));
        let text_rule = tight
            && if !gv {
                cont
            } else if !pv {
                cont && !prev_label.is_empty()
            } else {
                label.is_empty() || cont
            };
        // A line without a label whose text cell opens a parenthesis it
        // does not close ("200 (as" over "BTEX)") is the top of a cell
        // wrapped around the row's label line: the next line (the label
        // line, or the rest of the cell) belongs to it.
        let opened = prev.label().is_empty()
            && tight
            && (1..gl.cells.len()).any(|c| {
                let before = prev.cell_text(c);
                let now: Vec<&str> = gl.cells[c].iter().map(|s| s.text.as_str()).collect();
                let now = now.join(" ");
                unclosed(&before) && (now.is_empty() || now.contains(')'))
            });
        let merge = opened || ((in_block || text_rule) && label_ok && values_join(prev, &gl));
        if merge {
            prev.lines.push(gl);
        } else {
            rows.push(RowAcc { lines: vec![gl] });
        }
    }
    rows
}
