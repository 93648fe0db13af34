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

use crate::laid::GridLine;
use crate::lines::Line;
use kommunetall_model::{BBox, HeaderCell};

/// Index of the first body line: the first line with a data number; for
/// tables without numbers, the first line after a leading bold block (or 1).
pub(crate) fn first_data(lines: &[Line]) -> usize {
    // Heads of years broken in narrow columns ("202" over "1"), their
    // whole neighbours ("2023") set a little lower, centred in the row.
    let heads_only = |i: usize| {
        let l = &lines[i];
        let nums: Vec<&crate::lines::Seg> =
            l.segs.iter().filter(|s| s.number().is_some()).collect();
        !nums.is_empty()
            && nums
                .iter()
                .all(|s| year_head(s) || century(s) || s.is_year())
            && lines.get(i + 1).is_some_and(|n| year_tails(l, n))
    };
    if let Some(i) = (0..lines.len()).position(|i| {
        has_data_number(&lines[i])
            && !heads_only(i)
            && !dash_pieces(lines, i)
            && !stub_number_heading(lines, i)
            && !(0..i).rev().take(2).any(|k| {
                year_tails(&lines[k], &lines[i])
                    || date_tails(&lines[k], &lines[i])
                    || note_tails(&lines[k], &lines[i])
            })
    }) {
        return i;
    }
    let bold = lines.iter().take_while(|l| l.bold).count();
    if bold > 0 && bold < lines.len() {
        return bold;
    }
    usize::from(lines.len() > 1)
}

/// Whether the numbers of line `i` are words of the stub's heading ("Faktorer
/// hovedprosess 9" over the labels, "Koeffisienter" over the values): each
/// stands left of where the values of the lines below begin, right after
/// the heading's words on its line or wrapped under them ("hovedprosess"
/// over "9"), and the line goes on with a heading right of them. A row of
/// data has a number where the values stand.
fn stub_number_heading(lines: &[Line], i: usize) -> bool {
    let l = &lines[i];
    let data_left = lines[i + 1..]
        .iter()
        .flat_map(|n| &n.segs)
        .filter(|s| s.is_data_number())
        .map(|s| s.bbox.x0)
        .fold(f64::MAX, f64::min);
    let nums: Vec<(usize, &crate::lines::Seg)> = l
        .segs
        .iter()
        .enumerate()
        .filter(|(_, s)| s.number().is_some())
        .collect();
    let above = i
        .checked_sub(1)
        .map(|k| &lines[k])
        .filter(|a| l.bbox.y0 - a.bbox.y1 < 0.5 * l.fs);
    let text =
        |s: &crate::lines::Seg| s.number().is_none() && s.text.chars().any(char::is_alphabetic);
    let heading_word = |k: usize, s: &crate::lines::Seg| {
        let after_words = k
            .checked_sub(1)
            .map(|j| &l.segs[j])
            .is_some_and(|p| text(p) && s.bbox.x0 - p.bbox.x1 < l.fs);
        let under_words = above.is_some_and(|a| {
            a.segs
                .iter()
                .any(|h| text(h) && h.bbox.x0 <= s.bbox.x0 && s.bbox.x1 <= h.bbox.x1)
        });
        after_words || under_words
    };
    let last_num = nums.last().map_or(0, |(k, _)| *k);
    !nums.is_empty()
        && data_left < f64::MAX
        && nums
            .iter()
            .all(|(k, s)| s.bbox.x1 < data_left - l.fs && heading_word(*k, s))
        && l.segs[last_num + 1..].iter().any(text)
}

/// Whether the dashes of line `i` are pieces of headings wrapped in their
/// cells ("Vegutstyr" over "–" over "streknings-"), not nil values: the line
/// holds no number, nothing in the stub (left of where the lines' second
/// column starts), and each dash stands tight under a heading of the line
/// above, within its width.
fn dash_pieces(lines: &[Line], i: usize) -> bool {
    let (Some(above), Some(l)) = (i.checked_sub(1).map(|k| &lines[k]), lines.get(i)) else {
        return false;
    };
    let left = lines.iter().map(|l| l.bbox.x0).fold(f64::MAX, f64::min);
    let stub_end = lines
        .iter()
        .filter_map(|l| l.segs.first())
        .filter(|s| s.bbox.x0 - left < l.fs)
        .map(|s| s.bbox.x1)
        .fold(left, f64::max);
    let dashes: Vec<&crate::lines::Seg> = l
        .segs
        .iter()
        .filter(|s| kommunetall_lexicon::is_nil(&s.text))
        .collect();
    !dashes.is_empty()
        && l.segs
            .iter()
            .all(|s| s.number().is_none() && s.bbox.x0 > stub_end)
        && l.bbox.y0 - above.bbox.y1 < 0.5 * l.fs
        && dashes.iter().all(|d| {
            above
                .segs
                .iter()
                .any(|h| h.bbox.x0 <= d.bbox.x0 && d.bbox.x1 <= h.bbox.x1)
        })
}

/// The first three digits of a year broken in a narrow column ("202" over
/// "1"), beside whole years on its line.
fn year_head(s: &crate::lines::Seg) -> bool {
    crate::lines::year_head(&s.text)
}

/// The first two digits of a year broken in a narrow column ("20" over
/// "23").
fn century(s: &crate::lines::Seg) -> bool {
    matches!(s.text.trim(), "19" | "20")
}

/// Whether `l` holds only the last digits of years broken on the line
/// `above` ("202 202 2023 2024" over "1 2"): each a digit, close under a
/// year's head; or two digits under a year's first two ("20" over "23")
/// where the year they make is printed whole beside them ("2023").
fn year_tails(above: &Line, l: &Line) -> bool {
    let whole: Vec<&str> = [above, l]
        .iter()
        .flat_map(|x| &x.segs)
        .filter(|s| s.is_year())
        .map(|s| s.text.trim())
        .collect();
    let digits = |t: &str| t.chars().all(|c| c.is_ascii_digit());
    tails_under(above, l, crate::lines::Seg::is_year, |h, s| {
        (year_head(h) && s.text.len() == 1 && digits(&s.text))
            || (century(h)
                && s.text.len() == 2
                && digits(&s.text)
                && whole.contains(&format!("{}{}", h.text.trim(), s.text.trim()).as_str()))
    })
}

/// Whether `l` holds only the rest of the years of dates cut in their
/// column on the line `above` ("08.10.2" over "4"): no data.
fn date_tails(above: &Line, l: &Line) -> bool {
    tails_under(
        above,
        l,
        |_| false,
        |h, s| crate::lines::date_cut(&h.text, &s.text),
    )
}

/// Whether `l` holds only the note mark a heading's cell broke off on the
/// line `above` ("Tunnel" over "2", for "Tunnel2"): one number, a digit or
/// two close under a heading that ends in a letter, its words, if any,
/// each within a heading's extent (the rest of a wrapped heading, never a
/// row's label running wider), and nothing of `l` in the stub (left of the
/// end of `above`'s first heading), where a row's label would stand.
fn note_tails(above: &Line, l: &Line) -> bool {
    let stub_end = above.segs.first().map_or(f64::MAX, |s| s.bbox.x1);
    // Its words, if any, the rest of headings too: each within one.
    let words_under = l.segs.iter().filter(|s| s.number().is_none()).all(|s| {
        above
            .segs
            .iter()
            .any(|h| s.bbox.x0 >= h.bbox.x0 - l.fs && s.bbox.x1 <= h.bbox.x1 + l.fs)
    });
    above.segs.len() >= 2
        && words_under
        && l.segs.iter().filter(|s| s.number().is_some()).count() == 1
        && l.segs.first().is_some_and(|s| s.bbox.x0 > stub_end)
        && tails_under(
            above,
            l,
            |_| false,
            |h, s| {
                s.text.len() <= 2
                    && s.text.chars().all(|c| c.is_ascii_digit())
                    && h.text.ends_with(char::is_alphabetic)
            },
        )
}

/// Whether `l`, close under `above` (less than half a font size), holds a
/// number and every number of it but those `exempt` takes is the tail of a
/// head on `above` it stands under (`tail_of(head, tail)`).
fn tails_under(
    above: &Line,
    l: &Line,
    exempt: impl Fn(&crate::lines::Seg) -> bool,
    tail_of: impl Fn(&crate::lines::Seg, &crate::lines::Seg) -> bool,
) -> bool {
    l.bbox.y0 - above.bbox.y1 < 0.5 * l.fs
        && l.segs.iter().any(|s| s.number().is_some())
        && l.segs
            .iter()
            .filter(|s| s.number().is_some() && !exempt(s))
            .all(|s| {
                above.segs.iter().any(|h| {
                    tail_of(h, s) && s.bbox.x0 >= h.bbox.x0 - 1.0 && s.bbox.x1 <= h.bbox.x1 + 1.0
                })
            })
}

/// Whether a line carries data: a data number (or one with the next
/// column's mark beside it), or two dashes standing for nothing. A number just after an open
/// parenthesis in the segment before it ("Ramme (1" "000", wrapped on to
/// "kr)") is part of a heading's unit, not data.
fn has_data_number(l: &Line) -> bool {
    // Two cells or more holding a dash for nothing: a row of data whose
    // other values may be words ("100 million").
    if l.segs
        .iter()
        .filter(|s| kommunetall_lexicon::is_nil(&s.text))
        .count()
        >= 2
    {
        return true;
    }
    // Years over the columns, some with a note mark set against them
    // ("2024" beside "20241") or broken in a narrow column ("202" beside
    // "2023"): a header line.
    let year_marked = |s: &crate::lines::Seg| {
        let t = s.text.trim();
        t.len() == 5
            && t.is_char_boundary(4)
            && crate::lines::is_year_text(&t[..4])
            && t.as_bytes()[4].is_ascii_digit()
    };
    let numbers: Vec<&crate::lines::Seg> = l.segs.iter().filter(|s| s.number().is_some()).collect();
    if numbers.len() >= 2
        && numbers.iter().any(|s| s.is_year())
        && numbers.iter().any(|s| year_marked(s) || year_head(s))
        && numbers
            .iter()
            .all(|s| s.is_year() || year_marked(s) || year_head(s))
    {
        return false;
    }
    // A number cut after its decimal comma ("477," over "5" in a narrow
    // cell) is data too.
    if l.segs
        .iter()
        .any(|s| crate::lines::cut_after_decimal(&s.text))
    {
        return true;
    }
    // A value with the mark of the next column set a space after it.
    if l.segs.iter().any(crate::lines::Seg::value_then_mark) {
        return true;
    }
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

/// Whether `gl` follows the last line of a header row at a wrapped line's
/// spacing (less than half a font size between the boxes).
fn gap_close(r: &[&GridLine], gl: &GridLine) -> bool {
    r.last().is_some_and(|p| gl.y0 - p.y1 < 0.5 * gl.fs)
}

/// Whether every value-column segment of header line `p` stands inside its
/// column (clear of the neighbouring columns' extents) and shares its left
/// edge, right edge or centre with a segment of `gl` in the same column.
fn wraps_into(p: &GridLine, gl: &GridLine, col_x: &[(f64, f64)]) -> bool {
    let mut any = false;
    for (c, segs) in p.cells.iter().enumerate().skip(1) {
        for s in segs {
            any = true;
            let left_clear = c == 0 || col_x.get(c - 1).is_none_or(|l| s.bbox.x0 > l.1);
            let right_clear = col_x.get(c + 1).is_none_or(|r| s.bbox.x1 < r.0);
            let near = |a: f64, b: f64| (a - b).abs() <= 1.5;
            let aligned = gl.cells.get(c).is_some_and(|below| {
                below.iter().any(|b| {
                    near(b.bbox.x0, s.bbox.x0)
                        || near(b.bbox.x1, s.bbox.x1)
                        || near(b.bbox.x0 + b.bbox.x1, s.bbox.x0 + s.bbox.x1)
                })
            });
            if !(left_clear && right_clear && aligned) {
                return false;
            }
        }
    }
    // A stub heading ("Offense charged") may stand beside the upper line
    // when the lower one has none.
    any && (p.cells.first().is_none_or(Vec::is_empty) || gl.cells.first().is_none_or(Vec::is_empty))
}

/// Whether header line `gl` holds units in brackets under the headings of
/// row `r` ("(g)", "(%)", "(ppm)"), and elsewhere only headings of columns
/// `r` leaves empty: two bracketed units at least, most of its cells.
fn units_under(r: &[&GridLine], gl: &GridLine) -> bool {
    let bracketed =
        |t: &str| t.starts_with('(') && t.ends_with(')') && t.split_whitespace().count() <= 3;
    let (mut units, mut other) = (0, 0);
    for c in gl.occupied() {
        let t = gl.text_in(c);
        let above = r
            .iter()
            .any(|p| p.cells.get(c).is_some_and(|v| !v.is_empty()));
        if bracketed(t.trim()) && above {
            units += 1;
        } else if above {
            return false;
        } else {
            other += 1;
        }
    }
    units >= 2 && units >= other
}

/// Builds header rows from header grid lines. `vrules` are the vertical
/// rules of the first page, `col_x` the x-interval of every grid column.
pub(crate) fn header_rows(
    lines: &[GridLine],
    col_x: &[(f64, f64)],
    vrules: &[BBox],
    padded: bool,
    words: &crate::words::Words,
) -> Vec<Vec<HeaderCell>> {
    let n = col_x.len();
    let groups: Vec<Option<Groups>> = (0..lines.len())
        .map(|i| Groups::over(&lines[i], &lines[i + 1..], col_x))
        .collect();
    // Group lines into header rows.
    let mut rows: Vec<Vec<&GridLine>> = Vec::new();
    let mut row_groups: Vec<Option<Groups>> = Vec::new();
    for (gl, g) in lines.iter().zip(&groups) {
        let occ = gl.occupied();
        // A line of group headings stands in a row of its own.
        let spanning = g.is_some() || row_groups.last().is_some_and(Option::is_some);
        let join = !spanning
            && rows.last().is_some_and(|r| {
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
                // The upper lines of headings set at their cell's foot
                // ("Saldert budsjett" over "2024", beside one-line headings):
                // each stands inside its own column, aligned with the heading
                // below it, not centred over a group of columns.
                let foot_set = gap_close(r, gl) && r.iter().all(|p| wraps_into(p, gl, col_x));
                // A line of units in brackets under their headings ("Body
                // Weight" over "(g)", "Concentration" over "(ppm)"), beside
                // one-line headings at the foot of empty columns ("No.").
                let units = gap_close(r, gl) && units_under(r, gl);
                subset
                    || open_paren
                    || foot_set
                    || units
                    || (padded && gap < 0.35 * gl.fs)
                    || r.iter().any(|p| crate::rows::overlap_y(p, gl))
            });
        if join {
            if let Some(r) = rows.last_mut() {
                r.push(gl);
            }
        } else {
            rows.push(vec![gl]);
            row_groups.push(g.clone());
        }
    }
    let nrows = rows.len();
    let mut out = Vec::with_capacity(nrows);
    for (ri, r) in rows.iter().enumerate() {
        if let (Some(g), [gl]) = (&row_groups[ri], r.as_slice()) {
            out.push(g.cells(gl, n));
            continue;
        }
        if let ([gl], Some(below)) = (r.as_slice(), rows.get(ri + 1))
            && vrules.is_empty()
            && let Some(cells) = centred_groups(gl, below, col_x)
        {
            out.push(cells);
            continue;
        }
        // Each heading's lines joined, a word its narrow cell broke
        // ("Trondhei" over "m 2023") whole again, as in a row's cells.
        let acc = crate::rows::RowAcc {
            lines: r.iter().map(|g| (*g).clone()).collect(),
        };
        let texts: Vec<String> = (0..n)
            .map(|c| {
                let right = r
                    .iter()
                    .filter_map(|g| g.cells.get(c)?.last())
                    .map(|s| s.bbox.x1)
                    .fold(f64::MIN, f64::max);
                acc.cell_text_unbroken(c, right, true, words)
            })
            .collect();
        out.push(spread(r, &texts, col_x, vrules, ri + 1 < nrows));
    }
    out
}

/// A header row's cells from its columns' texts: empty columns joined to
/// the heading whose cell holds them (its ruled box; the cell left of them
/// where no rule parts them; a group heading spread over the empty value
/// columns to its right, when more header rows follow).
fn spread(
    r: &[&GridLine],
    texts: &[String],
    col_x: &[(f64, f64)],
    vrules: &[BBox],
    more_below: bool,
) -> Vec<HeaderCell> {
    let n = col_x.len();
    let y0 = r.first().map_or(0.0, |g| g.y0);
    let y1 = r.last().map_or(0.0, |g| g.y1);
    let ruled = !vrules.is_empty() && n > 1;
    let boxed = if ruled {
        ruled_boxes(texts, (y0, y1), col_x, vrules)
    } else {
        vec![None; n]
    };
    let mut cells: Vec<HeaderCell> = Vec::new();
    let mut c = 0;
    while c < n {
        // An empty column starting a heading's ruled box: the box's
        // columns are one cell, the heading's.
        if let Some(h) = boxed[c].filter(|&h| h > c) {
            let end = (h..n)
                .take_while(|&k| k == h || boxed[k] == Some(h))
                .last()
                .unwrap_or(h);
            cells.push(HeaderCell {
                text: texts[h].clone(),
                span: end + 1 - c,
            });
            c = end + 1;
            continue;
        }
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
                // Or a heading set across the columns beside it (centred
                // over the whole table): it reaches past this column's
                // middle.
                let from = c - cells.last().map_or(1, |h| h.span);
                let reach = r
                    .iter()
                    .filter_map(|g| g.cells.get(from))
                    .flatten()
                    .map(|s| s.bbox.x1)
                    .fold(f64::MIN, f64::max);
                // (Only a heading alone on its row, a few words: a
                // title over the columns, not prose cut into cells.)
                let alone = texts.iter().filter(|t| !t.is_empty()).count() == 1;
                let short = texts[from].split_whitespace().count() <= 8;
                let across = alone && short && reach >= (col_x[c].0 + col_x[c].1) / 2.0;
                more_below && cells.last().is_some_and(|h| !h.text.is_empty()) && (c > 1 || across)
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
        c += 1;
    }
    cells
}

/// In a ruled header row, for each empty column, the heading whose ruled
/// box holds it: the box between the nearest rules crossing the row on
/// either side of the heading ("Kvinne" set in the middle of a cell ruled
/// over three columns). Only a box holding no other heading counts.
fn ruled_boxes(
    texts: &[String],
    (y0, y1): (f64, f64),
    col_x: &[(f64, f64)],
    vrules: &[BBox],
) -> Vec<Option<usize>> {
    let xs: Vec<f64> = vrules
        .iter()
        .filter(|v| v.y0 < y1 - 1.0 && v.y1 > y0 + 1.0)
        .map(|v| (v.x0 + v.x1) / 2.0)
        .collect();
    let mut out = vec![None; texts.len()];
    for h in (1..texts.len()).filter(|&h| !texts[h].is_empty()) {
        let (a, z) = col_x[h];
        let left = xs
            .iter()
            .copied()
            .filter(|&x| x <= a + 1.0)
            .fold(f64::MIN, f64::max);
        let right = xs
            .iter()
            .copied()
            .filter(|&x| x >= z - 1.0)
            .fold(f64::MAX, f64::min);
        let inside: Vec<usize> = (1..texts.len())
            .filter(|&c| col_x[c].0 >= left - 1.0 && col_x[c].1 <= right + 1.0)
            .collect();
        if left == f64::MIN
            || right == f64::MAX
            || inside.iter().any(|&c| c != h && !texts[c].is_empty())
        {
            continue;
        }
        for c in inside {
            if c != h {
                out[c] = Some(h);
            }
        }
    }
    out
}

/// A line of group headings, each centred over its own run of the value
/// columns ("Kvinne", "Mann", "Sluttsum" over three, three and two columns,
/// each group's sub-headings below): the header row that gives each heading
/// the run it stands centred over. Only where the headings, two or more,
/// are fewer than the value columns, every value column has a sub-heading
/// of its own on the header lines `below`, and one parting of the value
/// columns into runs, left to right, sets each heading within its run (its
/// columns' values and sub-headings) and centred on it (within a tenth of
/// its width): else `None`, and the headings spread as before.
fn centred_groups(
    gl: &GridLine,
    below: &[&GridLine],
    col_x: &[(f64, f64)],
) -> Option<Vec<HeaderCell>> {
    let n = col_x.len();
    if n < 4 || !gl.cells.first().is_some_and(Vec::is_empty) {
        return None;
    }
    let heads: Vec<&crate::lines::Seg> = gl.cells.iter().skip(1).flatten().collect();
    let k = heads.len();
    let subs = (1..n).all(|c| {
        below
            .iter()
            .any(|b| b.cells.get(c).is_some_and(|v| !v.is_empty()))
    });
    if k < 2 || k >= n - 1 || !subs {
        return None;
    }
    // Each column's extent: its values and its sub-headings.
    let extent: Vec<(f64, f64)> = (0..n)
        .map(|c| {
            below
                .iter()
                .filter_map(|b| b.cells.get(c))
                .flatten()
                .fold(col_x[c], |(a, b), s| (a.min(s.bbox.x0), b.max(s.bbox.x1)))
        })
        .collect();
    let fits = |h: &crate::lines::Seg, a: usize, b: usize| {
        let (x0, x1) = (extent[a].0, extent[b].1);
        let (hc, gc) = ((h.bbox.x0 + h.bbox.x1) / 2.0, (x0 + x1) / 2.0);
        let tol = h.bbox.y1 - h.bbox.y0;
        h.bbox.x0 >= x0 - tol && h.bbox.x1 <= x1 + tol && (hc - gc).abs() <= 0.1 * (x1 - x0) + 2.0
    };
    // The runs' ends, each past its run's last column.
    let found = crate::laid::partings(1, n, k, &|i, a, b| fits(heads[i], a, b - 1));
    let [ends] = found.as_slice() else {
        return None;
    };
    let mut cells = vec![HeaderCell {
        text: String::new(),
        span: 1,
    }];
    let mut start = 1;
    for (h, &end) in heads.iter().zip(ends) {
        cells.push(HeaderCell {
            text: h.text.clone(),
            span: end - start,
        });
        start = end;
    }
    Some(cells)
}

/// Group headings over repeating sub-headings: "Total", "Male" and
/// "Female" each centred over the same three columns "Total", "Under 18
/// years", "18 years and over". The sub-headings below repeat with a period
/// of `period` columns from column `start`, and the line above holds one
/// heading inside each group, so each heading spans its group (a heading
/// set over a group's middle column is no part of that column's own
/// heading).
#[derive(Clone, Debug)]
struct Groups {
    start: usize,
    period: usize,
}

impl Groups {
    fn over(upper: &GridLine, below: &[GridLine], col_x: &[(f64, f64)]) -> Option<Groups> {
        let n = col_x.len();
        let occ: Vec<usize> = upper.occupied().into_iter().filter(|&c| c > 0).collect();
        // (Headings each inside one column, set half a line into the line
        // below, are the upper lines of two-line headings centred beside
        // one-line ones: "Snitt" over "årslønn" beside "Ansatte".)
        let within_one = |s: &crate::lines::Seg| {
            col_x
                .iter()
                .filter(|(a, b)| s.bbox.x1.min(*b) - s.bbox.x0.max(*a) > 1.0)
                .count()
                <= 1
        };
        let stacked = below
            .first()
            .is_some_and(|b| crate::rows::overlap_y(upper, b))
            && upper.cells.iter().flatten().all(within_one);
        // (Nor are headings each going on right below, in their own column,
        // in lower case: "Ansat" over "te", broken in narrow cells.)
        let going_on = below.first().is_some_and(|b| {
            b.y0 - upper.y1 < 0.2 * upper.fs
                && occ.iter().all(|&c| {
                    b.cells
                        .get(c)
                        .and_then(|v| v.first())
                        .is_some_and(|s| s.text.starts_with(char::is_lowercase))
                })
        });
        if occ.len() < 2 || below.is_empty() || stacked || going_on {
            return None;
        }
        let texts: Vec<String> = (0..n).map(|c| crate::laid::column_text(below, c)).collect();
        let fits = |period: usize| {
            (1..n).filter(move |&s| (n - s).is_multiple_of(period) && n - s >= 2 * period)
        };
        (2..=(n - 1) / 2)
            .flat_map(|p| fits(p).map(move |s| (p, s)))
            .find_map(|(period, start)| {
                let repeats = (start..n - period).all(|c| texts[c] == texts[c + period])
                    && (start..start + period)
                        .filter(|&c| !texts[c].is_empty())
                        .count()
                        >= 2;
                // One heading in each group, inside its columns' extent.
                let mut seen = vec![false; (n - start) / period];
                let inside = occ.iter().all(|&c| {
                    let Some(k) = c.checked_sub(start).map(|d| d / period) else {
                        return false;
                    };
                    let (x0, x1) = (
                        col_x[start + k * period].0,
                        col_x[start + (k + 1) * period - 1].1,
                    );
                    let fits = upper.cells[c]
                        .iter()
                        .all(|s| s.bbox.x0 >= x0 - 1.0 && s.bbox.x1 <= x1 + 1.0);
                    !std::mem::replace(&mut seen[k], true) && fits
                });
                (repeats && inside).then_some(Groups { start, period })
            })
    }

    /// The header row of the group-heading line: the label column and
    /// the columns before the groups one by one, then one cell per group.
    fn cells(&self, gl: &GridLine, n: usize) -> Vec<HeaderCell> {
        let mut cells: Vec<HeaderCell> = (0..self.start)
            .map(|c| HeaderCell {
                text: gl.text_in(c),
                span: 1,
            })
            .collect();
        for g in (self.start..n).step_by(self.period) {
            let parts: Vec<String> = (g..g + self.period).map(|c| gl.text_in(c)).collect();
            cells.push(HeaderCell {
                text: crate::laid::join_wrapped(parts.iter().map(String::as_str)),
                span: self.period,
            });
        }
        cells
    }
}
