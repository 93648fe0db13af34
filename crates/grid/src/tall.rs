//! Rows beside a tall text column set without padding (comments beside
//! indicators): the column's lines run on from row to row with nothing
//! between them, so its cells do not show where rows end, and the rows
//! are found from the cells beside it.
//!
//! Every cell is set vertically centred in its row, so a row's centre is
//! the centre of any of its cells, and the row runs as far below that
//! centre as above it. From the top of the body, each row ends at twice its
//! centre less its top; the end is taken to the nearest break between two
//! lines of the tall column (or in the space under its last line). Where
//! the body goes on a row broken over the page break, its first row starts
//! lower, at the break that makes every row end where it must; the lines
//! above are the broken row's. A last row broken at the page's foot sets
//! its cells at the top of its part: it ends at the foot. Positions are
//! baselines, a line standing for the leading around it.

use crate::laid::{Block, GridLine, one_number_per_column, overlap_groups};
use kommunetall_lexicon::parse;

/// Rows (their lines) of a table with one tall text column, found from the
/// centres of the cells beside it (see the module doc); `blocks` are the
/// table's cell blocks, `fs` its font size. `None` unless the table has
/// such a column (a block of three lines or more without numbers reaching
/// over the rows of two groups of the other cells), the other cells form a
/// clean grid (at most one number per column in a group), and every row
/// end falls where it must: between the groups, within a third of a line of
/// a break of the tall column, and the last at the foot of the body. With
/// `continues` (rows of the page before), the lines the first row starts
/// under, without numbers, may be that row's: how many comes first.
pub(crate) fn rows_by_centres(
    lines: &[GridLine],
    blocks: &[Block],
    lead: f64,
    fs: f64,
    continues: bool,
) -> Option<(usize, Vec<Vec<GridLine>>)> {
    if lines.len() < 4 || lines.windows(2).any(|w| w[0].page != w[1].page) {
        return None;
    }
    let n = lines.first()?.cells.len();
    let number = |c: usize, i: usize| parse(&lines[i].text_in(c)).value().is_some();
    let filled =
        |c: usize, s0: usize, s1: usize| (s0..=s1).filter(move |&i| !lines[i].cells[c].is_empty());
    let base = |i: usize| lines[i].base;
    // The tall column: a text block reaching over two groups of the other
    // cells (no padding between them).
    let (tall, groups) = (1..n).find_map(|t| {
        let text_block = |&(c, s0, s1): &Block| {
            c == t && filled(c, s0, s1).count() >= 3 && !filled(c, s0, s1).any(|i| number(c, i))
        };
        if !blocks.iter().any(text_block) {
            return None;
        }
        let groups = groups_beside(lines, blocks, t, lead, fs, &number)?;
        let reaches = blocks.iter().filter(|b| text_block(b)).any(|&(_, s0, s1)| {
            groups
                .iter()
                .filter(|g| base(s0) < g.1 && base(s1) > g.0)
                .count()
                >= 2
        });
        (groups.len() >= 2 && reaches).then_some((t, groups))
    })?;
    // Breaks between consecutive lines of the tall column.
    let tall_lines: Vec<f64> = (0..lines.len())
        .filter(|&i| !lines[i].cells[tall].is_empty())
        .map(base)
        .collect();
    let foot = base(lines.len() - 1) + lead / 2.0;
    let breaks = breaks_of(&tall_lines, lead, foot);
    // The row ends from a first row starting at `first`.
    let chain = |first: f64| -> Option<Vec<f64>> {
        let mut ends = vec![first];
        for (k, &(top, bottom)) in groups.iter().enumerate() {
            let start = *ends.last()?;
            let end = top + bottom - start;
            if k + 1 == groups.len() {
                // (A row broken at the page's foot sets its cells at the top
                // of its part on this page: it ends at the foot whatever its
                // centre.)
                let broken = (top - lead / 2.0 - start).abs() <= 0.35 * lead && foot > end;
                if (end - foot).abs() > 0.5 * lead && !broken {
                    tracing::trace!(
                        end,
                        foot,
                        "centred rows: the last row does not end at the foot"
                    );
                    return None;
                }
                ends.push(f64::MAX);
                break;
            }
            let next_top = groups[k + 1].0;
            if end < bottom + lead / 2.0 - 0.35 * lead || end > next_top - lead / 2.0 + 0.35 * lead
            {
                tracing::trace!(
                    k,
                    end,
                    "centred rows: a row end outside the gap between groups"
                );
                return None;
            }
            let inside: Vec<(f64, f64)> = breaks
                .iter()
                .copied()
                .filter(|&(lo, hi)| hi > bottom && lo < next_top)
                .collect();
            // The nearest place of a break to the end worked out.
            let at = |(lo, hi): (f64, f64)| end.clamp(lo, hi);
            let end = match inside
                .iter()
                .map(|&b| at(b))
                .min_by(|a, b| (a - end).abs().total_cmp(&(b - end).abs()))
            {
                Some(b) if (b - end).abs() <= 0.35 * lead => b,
                Some(_) => {
                    tracing::trace!(k, end, "centred rows: a row end between no two lines");
                    return None;
                }
                None => end,
            };
            ends.push(end);
        }
        Some(ends)
    };
    // The body's first row starts at its top; or, where the body goes on a
    // row of the page before (`continues`), at a break of the tall column
    // above the first cells beside it: the lines over it, without numbers,
    // are that row's, carried over.
    let first_top = groups.first()?.0;
    let numberless = |i: usize| (0..n).all(|c| !number(c, i));
    let ends = chain(base(0) - lead / 2.0).or_else(|| {
        if !continues {
            return None;
        }
        breaks
            .iter()
            .map(|&(lo, hi)| (lo + hi) / 2.0)
            .filter(|&b| b < first_top)
            .filter(|&b| (0..lines.len()).filter(|&i| base(i) < b).all(numberless))
            .find_map(&chain)
    })?;
    let carried = lines.iter().take_while(|gl| gl.base < ends[0]).count();
    let mut rows: Vec<Vec<GridLine>> = vec![Vec::new(); groups.len()];
    for gl in &lines[carried..] {
        let r = ends.iter().rposition(|&e| e <= gl.base)?;
        rows.get_mut(r)?.push(gl.clone());
    }
    if rows.iter().any(Vec::is_empty) {
        return None;
    }
    tracing::trace!(
        rows = rows.len(),
        tall,
        carried,
        "rows: centred beside a tall text column"
    );
    Some((carried, rows))
}

/// The breaks of a tall column whose lines stand at the baselines
/// `tall_lines`, each as the span a row end may take in it: the midpoint
/// between two lines set tight, the whole space between two lines a row
/// without text in the column stands between, and the space under its last
/// line down to the body's `foot` (rows without text in it below).
fn breaks_of(tall_lines: &[f64], lead: f64, foot: f64) -> Vec<(f64, f64)> {
    tall_lines
        .windows(2)
        .map(|w| {
            let (lo, hi) = (w[0] + lead / 2.0, w[1] - lead / 2.0);
            if lo <= hi {
                (lo, hi)
            } else {
                let mid = (w[0] + w[1]) / 2.0;
                (mid, mid)
            }
        })
        .chain(
            tall_lines
                .last()
                .map(|&b| (b + lead / 2.0, foot.max(b + lead / 2.0))),
        )
        .collect()
}

/// The cells beside column `tall` grouped into rows: blocks of the other
/// columns that overlap vertically, as (top, bottom) baselines, in order.
/// `None` when a block or a group holds two numbers in one column.
fn groups_beside(
    lines: &[GridLine],
    blocks: &[Block],
    tall: usize,
    lead: f64,
    fs: f64,
    number: &dyn Fn(usize, usize) -> bool,
) -> Option<Vec<(f64, f64)>> {
    let mut others: Vec<Block> = blocks.iter().copied().filter(|b| b.0 != tall).collect();
    let number_at = |c: usize, i: usize| !lines[i].cells[c].is_empty() && number(c, i);
    let numbers_in = |&(c, s0, s1): &Block| (s0..=s1).filter(|&i| number_at(c, i)).count();
    // A block of two numbers is two rows set tight, not one cell: where
    // every such block has its second number on one line (the last row,
    // broken at the page's foot, set at the top of its part right under
    // the row before), the blocks beside part there; else no reading.
    let cuts: Vec<usize> = others
        .iter()
        .filter(|b| numbers_in(b) >= 2)
        .map(|&(c, s0, s1)| (s0..=s1).rev().find(|&i| number_at(c, i)).unwrap_or(s0))
        .collect();
    if let Some(&cut) = cuts.first() {
        if cuts.iter().any(|&k| k != cut) || others.iter().any(|b| numbers_in(b) > 2) {
            return None;
        }
        others = others
            .into_iter()
            .flat_map(|(c, s0, s1)| {
                if s0 < cut && cut <= s1 {
                    vec![(c, s0, cut - 1), (c, cut, s1)]
                } else {
                    vec![(c, s0, s1)]
                }
            })
            .collect();
        if others.iter().any(|b| numbers_in(b) >= 2) {
            return None;
        }
    }
    let spans: Vec<(f64, f64)> = others
        .iter()
        .map(|&(_, s0, s1)| (lines[s0].base - lead / 2.0, lines[s1].base + lead / 2.0))
        .collect();
    let group = overlap_groups(&spans, 0.25 * fs);
    if !one_number_per_column(&others, &group, |b| numbers_in(b) > 0) {
        return None;
    }
    let mut ids: Vec<usize> = group.clone();
    ids.sort_unstable();
    ids.dedup();
    let mut out: Vec<(f64, f64)> = ids
        .into_iter()
        .map(|id| {
            let members = others.iter().zip(&group).filter(|(_, g)| **g == id);
            let top = members
                .clone()
                .map(|(b, _)| lines[b.1].base)
                .fold(f64::MAX, f64::min);
            let bottom = members
                .map(|(b, _)| lines[b.2].base)
                .fold(f64::MIN, f64::max);
            (top, bottom)
        })
        .collect();
    out.sort_by(|a, b| a.0.total_cmp(&b.0));
    Some(out)
}
