//! Header rows: which lines are header, and how they form header rows with spans.
//!
//! Header lines are the lines above the first line that carries a data
//! number (years such as "2024" count as header text). Lines wrapped inside a
//! header cell are joined; a line that occupies columns the current header
//! row does not (after a visible vertical gap) starts a new header row,
//! unless it closes a parenthesis left open in a cell above it. Group
//! headers ("Kvinne" over three columns) get spans: from vertical rules when
//! the table has them, otherwise each group text extends rightwards over the
//! empty columns that follow it.

use crate::grid::GridLine;
use crate::lines::Line;
use kommunetall_model::{BBox, HeaderCell};

/// Index of the first body line: the first line with a data number; for
/// tables without numbers, the first line after a leading bold block (or 1).
pub(crate) fn first_data(lines: &[Line]) -> usize {
    if let Some(i) = lines.iter().position(has_data_number) {
        return i;
    }
    let bold = lines.iter().take_while(|l| l.bold).count();
    if bold > 0 && bold < lines.len() {
        return bold;
    }
    usize::from(lines.len() > 1)
}

/// Whether a line carries a data number. A number just after an open
/// parenthesis in the segment before it ("Ramme (1" "000", wrapped on to
/// "kr)") is part of a heading's unit, not data.
fn has_data_number(l: &Line) -> bool {
    l.segs.iter().enumerate().any(|(k, s)| {
        s.is_data_number()
            && !k
                .checked_sub(1)
                .and_then(|p| l.segs.get(p))
                .is_some_and(|p| {
                    p.text.matches('(').count() > p.text.matches(')').count()
                        && s.bbox.x0 - p.bbox.x1 < 0.6 * l.fs
                })
    })
}

/// Builds header rows from header grid lines. `vrules` are the vertical
/// rules of the first page, `col_x` the x-interval of every grid column.
pub(crate) fn header_rows(
    lines: &[GridLine],
    col_x: &[(f64, f64)],
    vrules: &[BBox],
    padded: bool,
) -> Vec<Vec<HeaderCell>> {
    let n = col_x.len();
    // Group lines into header rows.
    let mut rows: Vec<Vec<&GridLine>> = Vec::new();
    for gl in lines {
        let occ = gl.occupied();
        let join = rows.last().is_some_and(|r| {
            let cur: Vec<usize> = r.iter().flat_map(|g| g.occupied()).collect();
            let subset = occ.iter().all(|c| cur.contains(c));
            let gap = r.last().map_or(0.0, |p| gl.y0 - p.y1);
            // A heading whose unit wraps: "Ramme (1 000" over "kr)".
            let open_paren = r.last().is_some_and(|p| {
                gap < 0.5 * gl.fs
                    && occ.iter().any(|&c| {
                        let t = p.text_in(c);
                        t.matches('(').count() > t.matches(')').count()
                    })
            });
            subset
                || open_paren
                || (padded && gap < 0.35 * gl.fs)
                || r.iter().any(|p| crate::rows::overlap_y(p, gl))
        });
        if join {
            if let Some(r) = rows.last_mut() {
                r.push(gl);
            }
        } else {
            rows.push(vec![gl]);
        }
    }
    let nrows = rows.len();
    let mut out = Vec::with_capacity(nrows);
    for (ri, r) in rows.iter().enumerate() {
        let texts: Vec<String> = (0..n)
            .map(|c| {
                let parts: Vec<String> = r.iter().map(|g| g.text_in(c)).collect();
                crate::grid::join_wrapped(parts.iter().map(String::as_str))
            })
            .collect();
        let y0 = r.first().map_or(0.0, |g| g.y0);
        let y1 = r.last().map_or(0.0, |g| g.y1);
        let ruled = !vrules.is_empty() && n > 1;
        let mut cells: Vec<HeaderCell> = Vec::new();
        for c in 0..n {
            let merge_left = c > 0
                && texts[c].is_empty()
                && !cells.is_empty()
                && if ruled {
                    let (lx1, rx0) = (col_x[c - 1].1, col_x[c].0);
                    !vrules.iter().any(|v| {
                        let x = (v.x0 + v.x1) / 2.0;
                        x >= lx1 - 1.0 && x <= rx0 + 1.0 && v.y0 < y1 - 1.0 && v.y1 > y0 + 1.0
                    })
                } else {
                    // Group header: spread over the empty value columns to its right.
                    ri + 1 < nrows && c > 1 && cells.last().is_some_and(|h| !h.text.is_empty())
                };
            if merge_left {
                if let Some(last) = cells.last_mut() {
                    last.span += 1;
                }
            } else {
                cells.push(HeaderCell {
                    text: texts[c].clone(),
                    span: 1,
                });
            }
        }
        out.push(cells);
    }
    out
}
