//! Assembles a [`Table`] from the regions of one table (one per page).
//!
//! Header and body lines are separated, column intervals are computed from
//! the body lines, every segment is laid on the grid (column 0 is the row
//! label), header rows and body rows are built, and cells are parsed with
//! [`kommunetall_lexicon::parse`].

use crate::columns::Columns;
use crate::detect::Region;
use crate::header::{first_data, header_rows};
use crate::laid::GridLine;
use crate::lines::{Line, Seg};
use crate::rows::{group_rows_onto, leading, padded, two_pitch};
use kommunetall_lexicon::{Parsed, parse};
use kommunetall_model::{BBox, Cell, Diagnostic, Location, Row, RowClass, Severity, Table};

fn norm(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_lowercase()
}

/// Layout of grid columns over column intervals.
struct Grid {
    cols: Columns,
    /// How many intervals, from the left, make the label column: 0 when the
    /// table has no label column, 1 usually, more when identifier columns
    /// (chapter, item, account numbers) stand before the names.
    label_ivs: usize,
    /// Per interval, how many body lines hold a segment wholly inside it
    /// (a column seen on its own, not only as part of a wider segment), a
    /// header line with a heading wholly inside it counting twice.
    support: Vec<usize>,
    /// The advance of one character where the table is set in a monospaced
    /// font (its words' widths per character all alike), else `None`.
    mono: Option<f64>,
    /// Per interval, whether the gap on its right belongs to it: the
    /// interval on the right sets its cells left-aligned (its cells start
    /// where its values do) and this one does not end its cells at one x.
    owns_gap: Vec<bool>,
}

impl Grid {
    fn n_grid(&self) -> usize {
        self.cols.len() + 1 - self.label_ivs.min(self.cols.len())
    }

    /// The grid column of an interval.
    fn grid_col(&self, iv: usize) -> usize {
        if iv < self.label_ivs {
            0
        } else {
            iv + 1 - self.label_ivs
        }
    }

    /// The interval a heading goes to: the one it overlaps, else the one
    /// whose cell holds the gap it stands in. That is the interval on its
    /// right (a heading set left over right-aligned numbers), unless the
    /// numbers on the right are set left: their cells start where they
    /// do, so the gap ends the cell on the left ("Regnskap 2024" set right
    /// over left-aligned numbers, in the gap after them).
    fn assign_head(&self, x0: f64, x1: f64) -> usize {
        let iv = self.cols.assign_right(x0, x1);
        let in_gap_before =
            |k: usize| k > 0 && x0 >= self.cols.ivs[k - 1].1 && x1 <= self.cols.ivs[k].0;
        if in_gap_before(iv) && self.owns_gap[iv - 1] {
            iv - 1
        } else {
            iv
        }
    }

    /// A header line holding one heading per value column (and perhaps one
    /// for the label column), each over its column or in a gap beside it,
    /// where heading by heading two would share a column and leave another
    /// unnamed ("2020" … "2024" each set right of its left-aligned number,
    /// in a table of one row that shows no alignment; "Kjønn" centred over
    /// the labels, just past their right edge): the headings in order, one
    /// per column. The intervals of the line's last headings, so many.
    fn one_heading_each(&self, l: &Line) -> Option<Vec<usize>> {
        let first = self.label_ivs.min(self.cols.len());
        let ivs = &self.cols.ivs;
        let n = ivs.len() - first;
        if n < 2
            || l.segs
                .iter()
                .any(|s| self.cols.crosses(s.bbox.x0, s.bbox.x1))
        {
            return None;
        }
        // Grid columns' extents: the label column's intervals as one.
        let cx = self.col_x();
        let label_x1 = ivs[..first].iter().map(|iv| iv.1).fold(f64::MIN, f64::max);
        let (heads, from): (Vec<&Seg>, usize) = if first > 0 && l.segs.len() == n + 1 {
            (l.segs.iter().collect(), 0)
        } else {
            (l.segs.iter().filter(|s| s.bbox.x0 >= label_x1).collect(), 1)
        };
        if heads.len() != cx.len() - from {
            return None;
        }
        // (Headings of their own stand more than a word space apart, six
        // tenths of a font size or more: not the pieces of one heading
        // set wide, "50 km/t" "eller".)
        if heads
            .windows(2)
            .any(|w| w[1].bbox.x0 - w[0].bbox.x1 < 0.6 * l.fs)
        {
            return None;
        }
        let by_each: Vec<usize> = heads
            .iter()
            .map(|s| self.grid_col(self.assign_head(s.bbox.x0, s.bbox.x1)))
            .collect();
        if by_each.windows(2).all(|w| w[0] < w[1]) {
            return None;
        }
        let beside = |s: &Seg, g: usize| {
            let left = if g == 0 { f64::MIN } else { cx[g - 1].1 - 0.5 };
            let right = cx.get(g + 1).map_or(f64::MAX, |iv| iv.0 + 0.5);
            s.bbox.x0 >= left && s.bbox.x1 <= right
        };
        // Grid column to interval: the label column is its first.
        let iv_of = |g: usize| if g == 0 { 0 } else { g - 1 + first };
        heads
            .iter()
            .zip(from..)
            .all(|(s, g)| beside(s, g))
            .then(|| (from..cx.len()).map(iv_of).collect())
    }

    fn lay(&self, l: &Line, how: Lay) -> GridLine {
        let mut cells: Vec<Vec<Seg>> = vec![Vec::new(); self.n_grid()];
        let each = if how == Lay::Header {
            self.one_heading_each(l)
        } else {
            None
        };
        for (k, s) in l.segs.iter().enumerate() {
            let head = each.as_ref().and_then(|e| {
                let skip = l.segs.len() - e.len();
                k.checked_sub(skip).map(|j| e[j])
            });
            let pieces = if let Some(iv) = head {
                vec![(iv, s.clone())]
            } else if how == Lay::Spanning {
                vec![(self.assign_head(s.bbox.x0, s.bbox.x1), s.clone())]
            } else {
                self.split(s, how == Lay::Header)
            };
            for (iv, piece) in pieces {
                let g = self.grid_col(iv);
                if let Some(c) = cells.get_mut(g) {
                    c.push(piece);
                }
            }
        }
        GridLine {
            page: l.page,
            y0: l.bbox.y0,
            y1: l.bbox.y1,
            base: l.base,
            fs: l.fs,
            cells,
        }
    }

    /// A header line whose segments marked `spanning` are kept whole (in
    /// the column they reach), the others cut between words as headers are.
    fn lay_mixed(&self, l: &Line, spanning: &[bool]) -> GridLine {
        let mut out = self.lay(
            &Line {
                segs: Vec::new(),
                ..l.clone()
            },
            Lay::Header,
        );
        for (s, &whole) in l.segs.iter().zip(spanning) {
            let one = Line {
                segs: vec![s.clone()],
                ..l.clone()
            };
            let g = self.lay(&one, if whole { Lay::Spanning } else { Lay::Header });
            for (c, segs) in g.cells.into_iter().enumerate() {
                if let Some(cell) = out.cells.get_mut(c) {
                    cell.extend(segs);
                }
            }
        }
        out
    }

    /// Assigns a segment to a column; a segment of several words that
    /// crosses column intervals is cut between words by word centres.
    fn split(&self, s: &Seg, header: bool) -> Vec<(usize, Seg)> {
        let pick = |x0: f64, x1: f64| {
            if header {
                self.assign_head(x0, x1)
            } else {
                self.cols.assign(x0, x1)
            }
        };
        let whole = pick(s.bbox.x0, s.bbox.x1);
        if s.words.len() < 2 || !self.cols.crosses(s.bbox.x0, s.bbox.x1) {
            return vec![(whole, s.clone())];
        }
        // Words that read as one number together ("2 350 665,69") go to one
        // column, by the centre of the whole number: a number is never cut.
        // Unless the space between two of its words is the gutter between
        // two columns, each word inside its own ("464" | "477,5" read as
        // 464 477,5 where columns stand a space apart): two cells.
        // Both columns seen on their own on two lines or more (or under a
        // heading of their own): a gutter one odd line made ("11" "2885")
        // cuts no number.
        let gutter = |a: &BBox, b: &BBox| {
            self.cols.ivs.windows(2).enumerate().any(|(i, w)| {
                a.x0 >= w[0].0 - 0.5
                    && a.x1 <= w[0].1 + 0.5
                    && b.x0 >= w[1].0 - 0.5
                    && b.x1 <= w[1].1 + 0.5
                    && self.support.get(i).is_some_and(|&n| n >= 2)
                    && self.support.get(i + 1).is_some_and(|&n| n >= 2)
            })
        };
        let mut runs: Vec<(usize, usize)> = Vec::new();
        for (k, (text, _, _)) in s.words.iter().enumerate() {
            match runs.last_mut() {
                // A thousands space, not the wider space between two
                // amounts set close ("13 513 000  307 710 000").
                // (In a monospaced font a thousands space is one
                // character wide.)
                Some((_, end))
                    if kommunetall_lexicon::continues_number(&s.words[*end].0, text)
                        && parse(&s.words[*end].0).value().is_some()
                        && s.words[k].1.x0 - s.words[*end].1.x1
                            < (0.35 * s.words[k].1.height().max(1.0))
                                .max(self.mono.map_or(0.0, |a| 1.15 * a))
                        && !gutter(&s.words[*end].1, &s.words[k].1) =>
                {
                    *end = k;
                }
                _ => runs.push((k, k)),
            }
        }
        let mut at: Vec<usize> = vec![0; s.words.len()];
        for &(a, z) in &runs {
            let c = (s.words[a].1.x0 + s.words[z].1.x1) / 2.0;
            let iv = pick(c, c);
            at[a..=z].iter_mut().for_each(|x| *x = iv);
        }
        let mut out: Vec<(usize, Seg)> = Vec::new();
        for (k, (text, b, bold)) in s.words.iter().enumerate() {
            let iv = at[k];
            match out.last_mut() {
                Some((last, seg)) if *last == iv => {
                    seg.text.push(' ');
                    seg.text.push_str(text);
                    seg.bbox = seg.bbox.union(*b);
                    seg.bold &= *bold;
                    seg.words.push((text.clone(), *b, *bold));
                }
                _ => out.push((
                    iv,
                    Seg {
                        text: text.clone(),
                        bbox: *b,
                        bold: *bold,
                        words: vec![(text.clone(), *b, *bold)],
                    },
                )),
            }
        }
        out
    }

    fn col_x(&self) -> Vec<(f64, f64)> {
        let mut v = Vec::new();
        if self.label_ivs == 0 {
            let x = self.cols.ivs.first().map_or(0.0, |iv| iv.0);
            v.push((x - 1.0, x - 0.5));
        } else {
            let label = &self.cols.ivs[..self.label_ivs.min(self.cols.len())];
            let x0 = label.iter().map(|iv| iv.0).fold(f64::MAX, f64::min);
            let x1 = label.iter().map(|iv| iv.1).fold(f64::MIN, f64::max);
            v.push((x0, x1));
        }
        v.extend(self.cols.ivs.iter().skip(self.label_ivs).copied());
        v
    }
}

/// How a line is laid on the grid.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Lay {
    /// A body line: segments crossing columns are cut between words.
    Body,
    /// A header line: cut likewise, words in a gap going right.
    Header,
    /// A heading spanning columns: kept whole, in the column it reaches
    /// furthest into.
    Spanning,
}

/// Whether segment `s` reaches into the column interval `iv` (any overlap).
fn seg_over(s: &Seg, iv: &(f64, f64)) -> bool {
    s.bbox.x1.min(iv.1) - s.bbox.x0.max(iv.0) > 0.0
}

/// A column of text under no heading of its own, beside headings all set
/// flush right with their columns: its heading is the one standing alone in
/// the gap to its right, flush right in the text column's cell, beyond the
/// column's ragged text ("Beskrivelse" right of descriptions, over nothing
/// of the body). The column reaches to that heading's right edge, so the
/// header names it and no column without values is made of it
/// ([`with_empty_columns`]).
fn text_columns_headed_flush_right(
    mut cols: Columns,
    header: &[Line],
    bodies: &[Vec<Line>],
) -> Columns {
    for l in header {
        let (orphans, placed): (Vec<&Seg>, Vec<&Seg>) = l
            .segs
            .iter()
            .partition(|s| !cols.ivs.iter().any(|iv| seg_over(s, iv)));
        let [s] = orphans[..] else {
            continue;
        };
        // Every other heading of the line ends where its column ends.
        let flush_right = placed.len() >= 2
            && placed.iter().all(|o| {
                cols.ivs
                    .iter()
                    .filter(|iv| seg_over(o, iv))
                    .all(|iv| (o.bbox.x1 - iv.1).abs() <= 2.0)
            });
        let Some(k) = cols
            .ivs
            .windows(2)
            .position(|w| w[0].1 < s.bbox.x0 && s.bbox.x1 < w[1].0)
        else {
            continue;
        };
        let iv = cols.ivs[k];
        let unheaded = !header
            .iter()
            .flat_map(|h| &h.segs)
            .any(|o| seg_over(o, &iv));
        let cells: Vec<&Seg> = bodies
            .iter()
            .flatten()
            .flat_map(|b| &b.segs)
            .filter(|c| c.bbox.x0 >= iv.0 - 0.5 && c.bbox.x1 <= iv.1 + 0.5)
            .collect();
        let text = cells.len() >= 2
            && cells
                .iter()
                .all(|c| c.number().is_none() && !c.words_are_numbers());
        if flush_right && unheaded && text {
            cols.ivs[k].1 = s.bbox.x1;
        }
    }
    cols
}

/// Columns the body leaves empty but the header names ("Talousarvio-
/// muutokset" over a column with no values on this page): without them the
/// values right of the gap would be counted one column too far left.
fn with_empty_columns(cols: Columns, header: &[Line]) -> Columns {
    if cols.len() < 3 || header.is_empty() {
        return cols;
    }
    // Where a column stands, by its right edge, centre or left edge.
    let coords: [fn(f64, f64) -> f64; 3] = [|_, b| b, |a, b| (a + b) / 2.0, |a, _| a];
    let mut extra: Vec<(f64, f64)> = Vec::new();
    // A header line whose every other cell stands over a body column, and
    // one cell stands alone between two columns exactly one column step
    // from each (by right edges, centres or left edges, as the table aligns
    // its headings): that cell heads a column without values.
    for l in header {
        let orphans: Vec<&Seg> = l
            .segs
            .iter()
            .filter(|s| !cols.ivs.iter().any(|iv| seg_over(s, iv)))
            .collect();
        if orphans.len() != 1 || l.segs.len() < 3 {
            continue;
        }
        let s = orphans[0];
        let fits = coords.iter().any(|at| {
            // The line's other headings are aligned with their columns this
            // way (right edge on right edge, …).
            let aligned = l.segs.iter().filter(|o| !std::ptr::eq(*o, s)).all(|o| {
                cols.ivs
                    .iter()
                    .filter(|iv| seg_over(o, iv))
                    .any(|iv| (at(o.bbox.x0, o.bbox.x1) - at(iv.0, iv.1)).abs() <= 2.0)
            });
            let xs: Vec<f64> = cols.ivs[1..].iter().map(|iv| at(iv.0, iv.1)).collect();
            let pitch = crate::lines::median(xs.windows(2).map(|w| w[1] - w[0]).collect());
            let x = at(s.bbox.x0, s.bbox.x1);
            aligned
                && pitch > 0.0
                && xs.windows(2).any(|w| {
                    ((x - w[0]) - pitch).abs() <= 0.15 * pitch
                        && ((w[1] - x) - pitch).abs() <= 0.15 * pitch
                })
        });
        // Or the cell stands between two value columns, three times nearer
        // one than the other, and the near one is under another heading of
        // this same line: two headings of a line never share a column, so
        // this one heads a column without values. (A heading set apart
        // from its numbers, centred in a wide cell, stands about as near
        // the column beside, or nearest a column no heading of its line
        // takes.)
        let nearest_taken = cols.ivs[1..].windows(2).any(|w| {
            let (left, right) = (w[0], w[1]);
            let (to_left, to_right) = (s.bbox.x0 - left.1, right.0 - s.bbox.x1);
            if to_left < 0.0 || to_right < 0.0 {
                return false;
            }
            let near = if 3.0 * to_left < to_right {
                left
            } else if 3.0 * to_right < to_left {
                right
            } else {
                return false;
            };
            l.segs
                .iter()
                .any(|o| !std::ptr::eq(o, s) && seg_over(o, &near))
        });
        // Nor does the rest of its heading, wrapped on the header's other
        // lines ("ASSS," over "gjennomsnitt"), reach a column.
        let rest_reaches = header
            .iter()
            .filter(|h| !std::ptr::eq(*h, l))
            .flat_map(|h| &h.segs)
            .filter(|o| o.bbox.x1 > s.bbox.x0 && o.bbox.x0 < s.bbox.x1)
            .any(|o| cols.ivs.iter().any(|iv| seg_over(o, iv)));
        if fits || (nearest_taken && !rest_reaches) {
            extra.push((s.bbox.x0, s.bbox.x1));
        }
    }
    if extra.is_empty() {
        return cols;
    }
    let mut v = cols.ivs;
    v.extend(extra);
    Columns::from_intervals(v)
}

/// Headings of columns without values that stand in words of their own
/// between two value columns, clear of both ("Talous" / "arvio-" / "muuto"
/// / "kset" in the gap between the numbers under "Alkuperäinen talousarvio"
/// and "Talousarvio muutosten jälkeen", set in their cells' middle): each
/// neighbour has a heading over it, and no word of those headings comes
/// near the words in the gap, on their lines or above and below them. A
/// heading set beside its numbers has a word of it over them or a word
/// space from a word that is.
/// (Asked of the columns as [`split_by_header`] leaves them: two columns
/// set close, "1,7" and "**", have their own headings beside them.)
fn with_gap_headings(cols: Columns, header: &[Line], bodies: &[Vec<Line>]) -> Columns {
    let extra = headings_in_gaps(&cols, header, bodies);
    if extra.is_empty() {
        return cols;
    }
    let mut v = cols.ivs;
    v.extend(extra);
    Columns::from_intervals(v)
}

/// How the body sets its cells in column `iv`: right-aligned (every cell
/// ending at one x, not all starting at one), left-aligned (the other way
/// round), or neither shown.
fn alignment(iv: (f64, f64), bodies: &[Vec<Line>]) -> Option<bool> {
    let cells: Vec<&BBox> = bodies
        .iter()
        .flatten()
        .flat_map(|l| &l.segs)
        .map(|s| &s.bbox)
        .filter(|b| b.x0 >= iv.0 - 0.5 && b.x1 <= iv.1 + 0.5)
        .collect();
    let spread = |f: fn(&BBox) -> f64| {
        let xs = cells.iter().map(|b| f(b));
        xs.clone().fold(f64::MIN, f64::max) - xs.fold(f64::MAX, f64::min)
    };
    let (lefts, rights) = (spread(|b| b.x0), spread(|b| b.x1));
    match (cells.len() >= 2, lefts <= 1.0, rights <= 1.0) {
        (true, false, true) => Some(true),
        (true, true, false) => Some(false),
        _ => None,
    }
}

/// The x-intervals of the headings [`with_gap_headings`] adds columns for.
fn headings_in_gaps(cols: &Columns, header: &[Line], bodies: &[Vec<Line>]) -> Vec<(f64, f64)> {
    let over = |b: &BBox, iv: &(f64, f64)| b.x1.min(iv.1) - b.x0.max(iv.0) > 0.0;
    // The header's word gap: the median gap between words of a segment.
    let space = crate::lines::median(
        header
            .iter()
            .flat_map(|l| &l.segs)
            .flat_map(|s| s.words.windows(2).map(|w| w[1].1.x0 - w[0].1.x1))
            .collect(),
    );
    let mut out = Vec::new();
    for w in cols.ivs.get(1..).unwrap_or_default().windows(2) {
        let (left, right) = (w[0], w[1]);
        // Segments wholly in the gap; a segment reaching out of it is a
        // neighbour's heading ("Oslo 2024" in a monospaced font, "2024"
        // over its numbers).
        let within = |s: &Seg| s.bbox.x0 > left.1 && s.bbox.x1 < right.0;
        let segs = || {
            header
                .iter()
                .flat_map(|l| l.segs.iter().map(move |s| (s, l.fs)))
        };
        let (inside, mut outside): (Vec<_>, Vec<_>) = segs().partition(|(s, _)| within(s));
        // A piece in the gap stacked under (or over) a heading that
        // reaches a column is that heading's ("jälkeen" under "Talousarvio
        // muutosten").
        let (inside, theirs): (Vec<_>, Vec<_>) = inside.into_iter().partition(|(s, _)| {
            !outside
                .iter()
                .any(|(o, _)| s.bbox.x1.min(o.bbox.x1) - s.bbox.x0.max(o.bbox.x0) > 0.0)
        });
        outside.extend(theirs);
        let Some(block) = inside.iter().map(|(s, _)| s.bbox).reduce(|a, b| a.union(b)) else {
            continue;
        };
        let (x0, x1, y0, y1) = (block.x0, block.x1, block.y0, block.y1);
        // One heading: its pieces, stacked or side by side, leave no gap
        // wider than a word space between them.
        let mut spans: Vec<(f64, f64, f64)> = inside
            .iter()
            .map(|(s, fs)| (s.bbox.x0, s.bbox.x1, *fs))
            .collect();
        spans.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut reach = f64::MIN;
        let one = spans.iter().enumerate().all(|(k, &(a, b, fs))| {
            let joined = k == 0 || a <= reach + 0.6 * fs;
            reach = reach.max(b);
            joined
        });
        // Clear of every word of the other headings by more than a word
        // space: 0.6 font sizes, or, beside it on its line, a quarter more
        // than the line's own word gap (headings set close in cells with
        // little padding, parted by [`part_close_headings`]).
        let clear = outside.iter().all(|(s, fs)| {
            s.words.iter().all(|w| {
                let apart = (x0 - w.1.x1).max(w.1.x0 - x1);
                let level = w.1.y0 < y1 && w.1.y1 > y0;
                apart > 0.6 * fs || (level && wider_than_space(apart, space, *fs))
            })
        });
        // Each neighbour has its own heading, over its middle, set level
        // with these words (a group heading centred over two columns
        // stands above its columns' own headings; two columns set close,
        // "1,7" and "**", under a heading of the second have no heading of
        // their own over the first's middle).
        let headed = |iv: &(f64, f64)| {
            let heads: Vec<&(&Seg, f64)> = outside
                .iter()
                .filter(|(s, _)| s.words.iter().any(|w| over(&w.1, iv)))
                .collect();
            // Over its middle; or, a heading centred in a wide cell over
            // numbers set flush right (left), its middle left (right) of
            // their right (left) edge.
            let mid = (iv.0 + iv.1) / 2.0;
            let over_it = heads
                .iter()
                .map(|(s, _)| s.bbox)
                .reduce(|a, b| a.union(b))
                .is_some_and(|h| {
                    let hmid = (h.x0 + h.x1) / 2.0;
                    (mid >= h.x0 - 1.0 && mid <= h.x1 + 1.0)
                        || match alignment(*iv, bodies) {
                            Some(true) => hmid <= iv.1,
                            Some(false) => hmid >= iv.0,
                            None => false,
                        }
                });
            over_it
                && heads.iter().any(|(s, fs)| {
                    s.words.iter().any(|w| {
                        let c = (w.1.y0 + w.1.y1) / 2.0;
                        c >= y0 - 0.25 * fs && c <= y1 + 0.25 * fs
                    })
                })
        };
        let beside = headed(&left) && headed(&right);
        if one && clear && beside {
            out.push((x0, x1));
        }
    }
    out
}

/// The place between `from` and `to` that no word of `lines` crosses, in
/// the widest gap between words there (the gutter, not a thousands space:
/// "2 160 000 | 1 268 000"), the last place of it.
fn widest_cut(lines: &[Vec<&(String, BBox, bool)>], from: f64, to: f64) -> Option<f64> {
    let mut cut: Option<(f64, f64)> = None; // (place, width of its gap)
    let mut run: Option<f64> = None; // where the current gap began
    let mut x = from;
    while x <= to {
        if lines
            .iter()
            .flatten()
            .all(|(_, wb, _)| wb.x1 <= x || wb.x0 >= x)
        {
            let start = *run.get_or_insert(x);
            if cut.is_none_or(|(_, w)| x - start >= w) {
                cut = Some((x, x - start));
            }
        } else {
            run = None;
        }
        x += 0.5;
    }
    cut.map(|(x, _)| x)
}

/// Whether what spans `x0..x1` is set under the heading `h`: centred under
/// it, or flush with its right or left edge, within 0.6 font sizes.
fn set_under(x0: f64, x1: f64, h: &Seg, fs: f64) -> bool {
    let tol = 0.6 * fs;
    ((x0 + x1) / 2.0 - (h.bbox.x0 + h.bbox.x1) / 2.0).abs() <= tol
        || (x1 - h.bbox.x1).abs() <= tol
        || (x0 - h.bbox.x0).abs() <= tol
}

/// Whether every line's words, parted at `x`, make two numbers, each set
/// under its heading (`a` left, `b` right: centred, or flush with it) —
/// two columns of amounts set close under two years, even where the two
/// would read as one number ("1 871 000" | "633 000").
fn parts_under(lines: &[Vec<&(String, BBox, bool)>], x: f64, a: &Seg, b: &Seg, fs: f64) -> bool {
    let near = |p: &[&&(String, BBox, bool)], h: &Seg| {
        let (x0, x1) = p.iter().fold((f64::MAX, f64::MIN), |(u, v), w| {
            (u.min(w.1.x0), v.max(w.1.x1))
        });
        set_under(x0, x1, h, fs)
    };
    let text =
        |p: &[&&(String, BBox, bool)]| p.iter().map(|w| w.0.as_str()).collect::<Vec<_>>().join(" ");
    lines.iter().all(|ws| {
        let (lp, rp): (Vec<_>, Vec<_>) = ws.iter().partition(|w| w.1.x1 <= x);
        parse(&text(&lp)).value().is_some()
            && parse(&text(&rp)).value().is_some()
            && near(&lp, a)
            && near(&rp, b)
    })
}

/// A body column whose header line holds two headings apart ("Verdi",
/// "Trend") over it, and whose lines' words part at one place between the
/// headings ("19 %" and an arrow set close to it): two columns, split there.
/// Never where a line's two parts read as one number ("1" and "234" of
/// "1 234" under a heading of two words), nor where the left part is codes
/// only (an identifier column, read by [`identifier_columns`]).
fn split_by_header(cols: Columns, header: &[Line], bodies: &[Vec<Line>]) -> Columns {
    if header.is_empty() || cols.len() < 2 {
        return cols;
    }
    let mut ivs = cols.ivs.clone();
    let mut changed = false;
    // Each header line's headings; and, in a header of two or three lines,
    // the headings of all its lines side by side, those above one another
    // as one ("Tren" over "d", its narrow cell's heading broken over two
    // lines beside "Verdi").
    let mut stacked: Vec<Seg> = header.iter().flat_map(|l| l.segs.iter().cloned()).collect();
    stacked.sort_by(|a, b| a.bbox.x0.total_cmp(&b.bbox.x0));
    let mut merged: Vec<Seg> = Vec::new();
    for sg in stacked {
        match merged.last_mut() {
            Some(m) if sg.bbox.x0 < m.bbox.x1 => {
                let mut words = m.words.clone();
                words.extend(sg.words);
                *m = Seg::from_words(words);
            }
            _ => merged.push(sg),
        }
    }
    let fs = crate::lines::median(header.iter().map(|l| l.fs).collect());
    let rows: Vec<(f64, &[Seg])> = header
        .iter()
        .map(|l| (l.fs, l.segs.as_slice()))
        .chain(
            (2..=3)
                .contains(&header.len())
                .then_some((fs, merged.as_slice())),
        )
        .collect();
    for (line_fs, segs) in rows {
        for w in segs.windows(2) {
            let (a, b) = (&w[0], &w[1]);
            if b.bbox.x0 - a.bbox.x1 < 0.8 * line_fs {
                continue;
            }
            // Not the first column: that holds the row labels (unless
            // it holds only numbers: a table of values without labels).
            let inside = |s: &Seg, iv: &(f64, f64)| s.bbox.x1.min(iv.1) - s.bbox.x0.max(iv.0) > 0.0;
            let numbers_only = |iv: &(f64, f64)| {
                bodies
                    .iter()
                    .flatten()
                    .flat_map(|m| &m.segs)
                    .all(|s| !(s.bbox.x1 > iv.0 && s.bbox.x0 < iv.1) || s.words_are_numbers())
            };
            let Some(k) = ivs
                .iter()
                .enumerate()
                .position(|(i, iv)| (i > 0 || numbers_only(iv)) && inside(a, iv) && inside(b, iv))
            else {
                continue;
            };
            let iv = ivs[k];
            // The words of the body inside the column, line by line.
            let lines: Vec<Vec<&(String, BBox, bool)>> = bodies
                .iter()
                .flatten()
                .map(|m| {
                    m.segs
                        .iter()
                        .flat_map(|s| &s.words)
                        .filter(|(_, wb, _)| wb.x1 > iv.0 && wb.x0 < iv.1)
                        .collect::<Vec<_>>()
                })
                .filter(|v| !v.is_empty())
                .collect();
            let Some(x) = widest_cut(&lines, a.bbox.x1, b.bbox.x0 + 1.0) else {
                continue;
            };
            let (mut both, mut left, mut right) = (0, 0, 0);
            let mut one_number = false;
            // Codes left of names are an identifier column beside the
            // label, which `identifier_columns` reads: not split here.
            let mut codes = 0;
            // Lines whose one part or other is a value: a column of values
            // with a mark beside them, not a column of text.
            let mut valued = 0;
            for ws in &lines {
                let l_txt: Vec<&str> = ws
                    .iter()
                    .filter(|w| w.1.x1 <= x)
                    .map(|w| w.0.as_str())
                    .collect();
                let r_txt: Vec<&str> = ws
                    .iter()
                    .filter(|w| w.1.x0 >= x)
                    .map(|w| w.0.as_str())
                    .collect();
                left += usize::from(!l_txt.is_empty());
                codes += usize::from(
                    l_txt.len() == 1
                        && l_txt[0].len() <= 6
                        && l_txt[0].chars().all(|c| c.is_ascii_digit()),
                );
                right += usize::from(!r_txt.is_empty());
                if let (Some(lw), Some(rw)) = (l_txt.last(), r_txt.first()) {
                    both += 1;
                    let joined = format!("{} {}", l_txt.join(" "), r_txt.join(" "));
                    one_number |= parse(&joined).value().is_some()
                        || kommunetall_lexicon::continues_number(lw, rw);
                    // (A date is a value of its column too: "08.10.24"
                    // beside "Arbeidsmiljøloven" under "Dato" and "Lov".)
                    let value = |t: &[&str]| {
                        let t = t.join(" ");
                        parse(&t).value().is_some() || kommunetall_lexicon::is_date(&t)
                    };
                    valued += usize::from(value(&l_txt) || value(&r_txt));
                }
            }
            let under_years = a.is_year()
                && b.is_year()
                && both >= 1
                && left == both
                && right == both
                && parts_under(&lines, x, a, b, line_fs);
            if ((both >= 2 && left >= 2 && right >= 2 && !one_number) || under_years)
                && codes < left
                && valued * 2 >= both
            {
                let lmax = lines
                    .iter()
                    .flatten()
                    .filter(|w| w.1.x1 <= x)
                    .map(|w| w.1.x1)
                    .fold(iv.0, f64::max);
                let rmin = lines
                    .iter()
                    .flatten()
                    .filter(|w| w.1.x0 >= x)
                    .map(|w| w.1.x0)
                    .fold(iv.1, f64::min);
                tracing::trace!(x, ?iv, "a column split between two headings");
                ivs[k] = (iv.0, lmax.max(a.bbox.x1).min(x - 0.1));
                ivs.insert(k + 1, (rmin.min(b.bbox.x0).max(x + 0.1), iv.1));
                changed = true;
            }
        }
    }
    if changed {
        Columns::from_intervals(ivs)
    } else {
        cols
    }
}

/// The label column holding line numbers a plain space before the labels
/// ("1 Antall bosatte …", one segment where a monospaced font sets its
/// columns a space apart): three lines or more start with a number of one
/// to three digits whose next word starts at one place, and a line of the
/// column starts there (a label wrapped on, "Antall gjennomførte …" under
/// "6"). The numbers are a column of their own, the labels the next.
fn codes_before_labels(cols: Columns, bodies: &[Vec<Line>]) -> Columns {
    let Some(&(x0, x1)) = cols.ivs.first() else {
        return cols;
    };
    let firsts: Vec<&Seg> = bodies
        .iter()
        .flatten()
        .filter_map(|l| l.segs.first())
        .filter(|s| s.bbox.x0 < x1 && s.bbox.x1 > x0)
        .collect();
    let number = |w: &str| (1..=3).contains(&w.len()) && w.chars().all(|c| c.is_ascii_digit());
    // A numbered label starts at the column's left edge (a wrapped label
    // may start with a number of its own, "78 ulike språk").
    let numbered =
        |s: &Seg| s.words.len() >= 2 && number(&s.words[0].0) && (s.bbox.x0 - x0).abs() <= 1.0;
    let starts: Vec<f64> = firsts
        .iter()
        .filter(|s| numbered(s))
        .map(|s| s.words[1].1.x0)
        .collect();
    if starts.len() < 3 {
        return cols;
    }
    let at = crate::lines::median(starts.clone());
    let wrapped = |s: &&&Seg| (s.bbox.x0 - at).abs() <= 1.0;
    if starts.iter().any(|x| (x - at).abs() > 1.0) || !firsts.iter().any(|s| wrapped(&s)) {
        return cols;
    }
    // Every first segment of the column: a numbered label, a label wrapped
    // on, or a number alone.
    let fits = |s: &&Seg| {
        (numbered(s) && (s.words[1].1.x0 - at).abs() <= 1.0)
            || (s.bbox.x0 - at).abs() <= 1.0
            || (s.words.len() == 1 && number(&s.words[0].0) && s.bbox.x1 < at)
    };
    if !firsts.iter().all(fits) {
        return cols;
    }
    let left = firsts
        .iter()
        .map(|s| s.words[0].1.x1)
        .filter(|&x| x < at)
        .fold(x0, f64::max);
    let mut ivs = cols.ivs.clone();
    ivs[0] = (x0, left);
    ivs.insert(1, (at, x1));
    Columns::from_intervals(ivs)
}

/// A cell that reads as an identifier rather than an amount: one word of at
/// most six digits, perhaps closed by "." or ")" ("5501", "70", "12.").
fn code_like(s: &Seg) -> bool {
    let t = s.text.trim_end_matches(['.', ')']);
    s.words.len() == 1
        && ((1..=6).contains(&t.len()) && t.chars().all(|c| c.is_ascii_digit())
            || dotted_code(s.text.trim_end_matches([',', '/'])))
}

/// A commodity, account or chapter code written in groups ("02.01.3001/3009",
/// "02.03.1904", "02.01,02.02", "9030/9094/ex.9099"): digits in groups parted
/// by dots, slashes or commas — three groups or more, or two of which one
/// has a leading zero or is parted by a slash (so "1.234", an amount with
/// a dot for thousands, is no code).
fn dotted_code(t: &str) -> bool {
    // "ex." (ex-, a part of a heading) may stand before a group.
    let groups: Vec<&str> = t.split(['.', '/', ',']).filter(|g| *g != "ex").collect();
    let well = t
        .trim_start_matches("ex.")
        .starts_with(|c: char| c.is_ascii_digit())
        && groups
            .iter()
            .all(|g| !g.is_empty() && g.chars().all(|c| c.is_ascii_digit()));
    well && (groups.len() >= 3
        || (groups.len() == 2 && (t.contains('/') || groups.iter().any(|g| g.starts_with('0')))))
}

/// Identifier columns: when the first column with names (mostly text) has
/// columns before it that hold nothing but codes (chapter, item, account,
/// function numbers), those codes belong to the row's label, not to its
/// values. Returns the index of the names' interval.
fn identifier_columns<'a>(cols: &Columns, lines: impl Iterator<Item = &'a Line>) -> Option<usize> {
    let n = cols.len();
    let (mut text, mut code, mut other) = (vec![0usize; n], vec![0usize; n], vec![0usize; n]);
    for l in lines {
        for s in &l.segs {
            let i = cols.assign(s.bbox.x0, s.bbox.x1);
            if code_like(s) {
                code[i] += 1;
            } else if crate::rows::is_sum_label(&s.text) {
                // A total ("I alt", "Sum") may start in the identifier
                // column; it says nothing about the column.
            } else if matches!(parse(&s.text), Parsed::Text) {
                text[i] += 1;
            } else {
                other[i] += 1;
            }
        }
    }
    let names = (0..n).find(|&i| text[i] > 0 && text[i] >= code[i] + other[i])?;
    // Nothing but codes, or codes with a rare reference in words ("kap. 2
    // og kap. 16" among commodity numbers): one in ten at most.
    (names > 0
        && names + 1 < n
        && (0..names).all(|i| code[i] > 0 && (text[i] + other[i]) * 10 <= code[i]))
    .then_some(names)
}

/// Whether a line is a lone segment starting at the table's left edge
/// `left` (a row label without values, not header text).
fn label_only(l: &Line, left: f64) -> bool {
    l.segs.len() == 1 && l.segs.iter().all(|s| s.bbox.x0 - left < l.fs)
}

/// Whether `l`, a line of one segment, is set into the nearest line of
/// several headings above it (`above`, the header so far): their boxes
/// overlap as `lay_lines` asks of grid lines (`rows::overlap_y`), as a
/// heading wrapped in the label column stands beside the value columns'
/// headings.
fn set_into_headings(above: &[Line], l: &Line) -> bool {
    l.segs.len() == 1
        && above.iter().rev().find(|h| h.is_multi()).is_some_and(|h| {
            crate::rows::spans_overlap((h.bbox.y0, h.bbox.y1), (l.bbox.y0, l.bbox.y1))
        })
}

/// How many lines region `f` (a table going on over a page break) opens
/// with that repeat the header: lines equal to the first page's header lines
/// (`first_h`), or made only of its words (a header re-set in other line
/// breaks). In the label column (left of `data_left`), whole words of it: a
/// label's end wrapped under the header ("set" of "arvonalentumi-" "set")
/// is no piece of a heading broken in its cell ("muutokset").
fn header_repeated(f: &Region, first_h: &[String], words: &[String], data_left: f64) -> usize {
    let whole = |l: &Line| {
        l.text()
            .split_whitespace()
            .all(|w| words.contains(&w.to_lowercase()))
    };
    f.lines
        .iter()
        .take_while(|l| {
            first_h.contains(&norm(&l.text()))
                || (crate::stitch::repeated_header(std::slice::from_ref(*l), words)
                    && (!label_left_of(l, data_left) || whole(l)))
        })
        .count()
}

/// Whether a line is one segment ending left of `data_left`, where the
/// table's first column of data starts: label text.
fn label_left_of(l: &Line, data_left: f64) -> bool {
    l.segs.len() == 1 && l.bbox.x1 < data_left
}

/// What the builder reads a table against: each page's rules and the
/// document's own words.
pub(crate) struct Document<'a> {
    pub vertical: &'a [Vec<BBox>],
    pub horizontal: &'a [Vec<BBox>],
    pub words: &'a crate::words::Words,
}

/// Builds one table from its regions (in page order): the header split off
/// each region, the grid of columns, the lines laid on it, the rows grouped
/// across the regions and each row's cells parsed.
pub(crate) fn build(
    frags: &[Region],
    table_id: &str,
    doc: &Document<'_>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Table> {
    let first = frags.first()?;
    let (mut header_lines, mut bodies) = split_headers(frags);
    part_close_headings(&mut header_lines, &bodies);
    split_runs_under_headings(&header_lines, &mut bodies);
    let grid = grid_of(&header_lines, &bodies, table_id)?;
    let n_cols = grid.n_grid() - 1;
    if n_cols == 0 {
        return None;
    }
    let (hgl, body_frags) = lay_lines(&grid, &header_lines, &bodies);
    let all_body: Vec<GridLine> = body_frags.iter().flatten().cloned().collect();
    let lead = leading(&all_body);
    let is_padded = padded(&all_body, lead);
    let row_gap = two_pitch(&all_body, lead);
    let vr: &[BBox] = doc.vertical.get(first.page_idx).map_or(&[], Vec::as_slice);
    let header = header_rows(
        &hgl,
        &grid.col_x(),
        &table_vrules(vr, first),
        is_padded,
        doc.words,
    );

    let mut table = Table {
        table_id: table_id.to_owned(),
        caption: first.caption.as_ref().map(|c| c.text.clone()),
        unit: None, // read with the cell units by `resolve_units` below
        location: Location::Pages {
            first: first.page,
            last: frags.last().map_or(first.page, |f| f.page),
        },
        header,
        rows: Vec::new(),
        n_cols,
        notes: frags.iter().flat_map(|f| f.notes.iter().cloned()).collect(),
    };
    let mut accs = Vec::new();
    for (fi, b) in body_frags.into_iter().enumerate() {
        let Some(frag) = frags.get(fi) else { continue };
        let hr = doc
            .horizontal
            .get(frag.page_idx)
            .map_or((Vec::new(), false), |v| table_hrules(v, frag));
        accs = group_rows_onto(accs, b, is_padded, lead, &hr.0, hr.1, row_gap);
    }
    let right = column_right_edges(&accs, n_cols);
    let broken = crate::rows::numbers_broken_between_rows(&accs, lead);
    table.rows = accs
        .iter()
        .enumerate()
        .filter_map(|(i, acc)| {
            let mut row = row_of(acc, n_cols, &right, (table_id, doc.words), diags)?;
            for &(_, c) in broken.iter().filter(|(k, _)| *k == i) {
                if let Some(cell) = row.cells.get_mut(c - 1)
                    && cell.value.take().is_some()
                {
                    diags.push(broken_number(table_id, &row.label, cell));
                }
            }
            Some(row)
        })
        .collect();
    ordinary_rows_when_all_bold(&mut table);
    side_by_side_parts(&mut table);
    labels_over_stacked_measures(&mut table);
    name_columns_in_diagnostics(&table, diags);
    if table.rows.is_empty() {
        return None;
    }
    // A table made of a single section row is not a table.
    if table.rows.iter().all(|r| r.class == RowClass::Section) && table.header.is_empty() {
        return None;
    }
    if prose_pieces(&table) || stray_fragment(&table) {
        tracing::debug!(
            table = table_id,
            "running text side by side or a stray fragment, not a table"
        );
        return None;
    }
    table.resolve_units();
    Some(table)
}

/// Whether `gap` stands clearly wider than the word space `space` of its
/// text in font size `fs`: a quarter wider, and by 0.08 font sizes.
fn wider_than_space(gap: f64, space: f64, fs: f64) -> bool {
    gap >= 1.25 * space && gap - space >= 0.08 * fs
}

/// Parts header segments where their words stand clearly wider apart than
/// a word space: the headings of neighbouring cells set so close, centred
/// in cells with little padding, that they read as one segment
/// ("… talousarvio Talousarvio- muutokset Talousarvio muutosten …"). Only
/// a segment reaching over two columns of values or more, of three words
/// or more set a word space apart (0.15 font sizes or more, the median),
/// parted at gaps a quarter wider than that and more by 0.08 font sizes.
fn part_close_headings(header: &mut [Line], bodies: &[Vec<Line>]) {
    let data = Columns::from_lines(
        bodies
            .iter()
            .flatten()
            .filter(|l| l.segs.iter().any(Seg::is_data_number)),
    );
    let values = data.ivs.get(1..).unwrap_or_default();
    for l in header.iter_mut() {
        let fs = l.fs;
        let mut segs = Vec::with_capacity(l.segs.len());
        for s in std::mem::take(&mut l.segs) {
            let reaches = values
                .iter()
                .filter(|(a, b)| s.bbox.x1.min(*b) - s.bbox.x0.max(*a) > 0.0)
                .count();
            let gaps: Vec<f64> = s.words.windows(2).map(|w| w[1].1.x0 - w[0].1.x1).collect();
            let space = crate::lines::median(gaps.clone());
            let wide = |g: f64| wider_than_space(g, space, fs);
            // (Words squeezed together, clipped in a cell too narrow for
            // them, show no word space to measure by.)
            if reaches < 2
                || s.words.len() < 3
                || space < 0.15 * fs
                || !gaps.iter().any(|&g| wide(g))
            {
                segs.push(s);
                continue;
            }
            let mut piece = Vec::new();
            for (k, w) in s.words.iter().enumerate() {
                if k > 0 && wide(gaps[k - 1]) {
                    segs.push(Seg::from_words(std::mem::take(&mut piece)));
                }
                piece.push(w.clone());
            }
            segs.push(Seg::from_words(piece));
        }
        l.segs = segs;
    }
}

/// The first body line when the first row's tall text cells, set
/// vertically centred, start above its first line of data: a block of
/// lines of one segment each, not bold under a bold header, set tight
/// down to that line (`fd`), two lines or more, under a gap of a line or
/// more below header lines that set the column heads side by side. Else
/// `fd`.
fn top_of_first_row(lines: &[Line], fd: usize) -> usize {
    let Some(fs) = lines.get(fd).map(|l| l.fs) else {
        return fd;
    };
    let mut j = fd;
    while j > 0 {
        let (m, below) = (&lines[j - 1], &lines[j]);
        let text_only = m.segs.len() == 1
            || m.segs
                .iter()
                .all(|s| s.number().is_none() && s.words.len() >= 2);
        if !text_only || m.bold || below.bbox.y0 - m.bbox.y1 > 0.25 * fs {
            break;
        }
        j -= 1;
    }
    let head = &lines[..j];
    let bold_head = !head.is_empty() && head.iter().all(|l| l.bold);
    let apart = j > 0 && lines[j].bbox.y0 - lines[j - 1].bbox.y1 >= fs;
    // With no gap under the header, a text cell that goes on below the
    // data line (set tight under it, beside other cells or alone), in the
    // column its lines above start in: the tall cell of the first row, its
    // data centred beside it.
    let straddles = || {
        let x0 = lines[j].bbox.x0;
        let mut above = &lines[fd];
        lines[fd + 1..]
            .iter()
            .take_while(|l| {
                let tight = l.bbox.y0 - above.bbox.y1 <= 0.25 * fs;
                above = l;
                tight
            })
            .any(|l| l.segs.iter().any(|s| (s.bbox.x0 - x0).abs() <= 1.0))
    };
    if fd - j >= 2
        && (apart || (fd - j >= 3 && straddles()))
        && head.iter().any(Line::is_multi)
        && (bold_head || head.iter().all(|l| !l.bold))
    {
        tracing::trace!(
            lines = fd - j,
            "the first row's text cells start above its data"
        );
        j
    } else {
        fd
    }
}

/// How many cells of a table hold a value.
fn values_in(t: &Table) -> usize {
    t.rows
        .iter()
        .flat_map(|r| &r.cells)
        .filter(|c| c.value.is_some())
        .count()
}

/// Whether a table without a caption is pieces of running text side by
/// side (two columns of prose paired line by line): at most one value, a
/// header (if any) of running text only — pieces of sentences, in lower
/// case or of five words or more, not headings (of three or more, one may
/// be something else) — and cells that are
/// mostly pieces of sentences, or mostly single words of a
/// justified line cut apart (in lower case). A text table's headings are
/// short and its label cells are names, so it stays.
fn prose_pieces(t: &Table) -> bool {
    let words = |s: &str| s.split_whitespace().count();
    let sentence_piece =
        |s: &str| words(s) >= 5 || s.chars().next().is_some_and(char::is_lowercase);
    let values = values_in(t);
    let heads: Vec<&str> = t
        .header
        .iter()
        .flatten()
        .map(|h| h.text.trim())
        .filter(|h| !h.is_empty())
        .collect();
    let cells: Vec<&str> = t
        .rows
        .iter()
        .flat_map(|r| {
            std::iter::once(r.label.as_str()).chain(r.cells.iter().map(|c| c.text.as_str()))
        })
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect();
    // (Of three headings or more, one may be a reference or a mark cut
    // off a sentence: "F-34-6.2.", "§".)
    let not_pieces = heads.iter().filter(|h| !sentence_piece(h)).count();
    if t.caption.is_some()
        || values > 1
        || cells.is_empty()
        || not_pieces > usize::from(heads.len() >= 3)
    {
        return false;
    }
    // Pieces of sentences: four words or more, going on from the line
    // before (lower case) or ending a sentence or a line of one.
    let running = cells
        .iter()
        .filter(|c| {
            words(c) >= 4
                && (c.chars().next().is_some_and(char::is_lowercase)
                    || c.ends_with(['.', ',', ':', ';', '-', '\u{ad}']))
        })
        .count();
    let cut_words = cells
        .iter()
        .filter(|c| words(c) == 1 && c.chars().next().is_some_and(char::is_lowercase))
        .count();
    running * 5 >= cells.len() * 3 || (cells.len() >= 6 && cut_words * 5 >= cells.len() * 3)
}

/// Whether a table without caption and header is a stray fragment of one or
/// two rows: two pieces of text side by side without any value (a numbered
/// heading and its title, the last lines of two paragraphs), or numbers
/// without any label (what is left of a chart's scales).
fn stray_fragment(t: &Table) -> bool {
    let values = values_in(t);
    let pieces = |r: &Row| {
        usize::from(!r.label.trim().is_empty())
            + r.cells.iter().filter(|c| !c.text.trim().is_empty()).count()
    };
    t.caption.is_none()
        && t.header.is_empty()
        && t.rows.len() <= 2
        && ((values == 0 && t.rows.iter().all(|r| pieces(r) <= 2))
            || t.rows.iter().all(|r| r.label.trim().is_empty()))
}

/// The advance of one character where the words of `lines` (of four
/// letters or more, six of them at least) are all as wide per character,
/// within 3 %: a monospaced font. Else `None`.
fn monospaced<'a>(lines: impl Iterator<Item = &'a Line>) -> Option<f64> {
    let per_char: Vec<f64> = lines
        .flat_map(|l| &l.segs)
        .flat_map(|s| &s.words)
        .filter(|(t, _, _)| t.chars().count() >= 4 && t.chars().all(char::is_alphabetic))
        .map(|(t, b, _)| b.width() / t.chars().count() as f64)
        .collect();
    if per_char.len() < 6 {
        return None;
    }
    let mid = crate::lines::median(per_char.clone());
    per_char
        .iter()
        .all(|a| (a - mid).abs() <= 0.03 * mid)
        .then_some(mid)
}

/// Amounts of several columns set so close that they read as one segment
/// that is no number ("2 160 000 1 268 000 1 871 000"): where the last
/// header line sets headings side by side over that segment, its words are
/// parted into as many runs as there are headings over it, each run one
/// well-formed number set under its heading (centred, or flush with it).
/// Only when exactly one such parting exists.
fn split_runs_under_headings(header: &[Line], bodies: &mut [Vec<Line>]) {
    let Some(heads) = header.iter().rev().find(|l| l.segs.len() >= 2) else {
        return;
    };
    // The number segments of every body line, to show the columns.
    let all: Vec<(usize, Seg)> = bodies
        .iter()
        .flatten()
        .enumerate()
        .flat_map(|(i, l)| {
            l.segs
                .iter()
                .filter(|s| s.number().is_some())
                .map(move |s| (i, s.clone()))
        })
        .collect();
    for (i, line) in bodies.iter_mut().flatten().enumerate() {
        rejoin_runs_under_headings(line, heads, &all, i);
        let mut out: Vec<Seg> = Vec::with_capacity(line.segs.len());
        for s in &line.segs {
            // Also a run that reads as one number ("633 485 000") when it
            // reaches under two headings and parts into one number under each.
            let numeric = s.words.len() >= 2 && s.words_are_numbers();
            let over: Vec<&Seg> = heads
                .segs
                .iter()
                .filter(|h| h.bbox.x1 > s.bbox.x0 && h.bbox.x0 < s.bbox.x1)
                .collect();
            let parts = if numeric && over.len() >= 2 {
                let set = partings(&s.words, &over, line.fs, false);
                // Headings set apart from their numbers (left in the
                // cell, the numbers right): a cell never reaches under
                // its neighbour's heading, so each run keeps between the
                // headings beside its own.
                if set.is_empty() {
                    partings(&s.words, &over, line.fs, true)
                } else {
                    set
                }
            } else {
                Vec::new()
            };
            if let [one] = parts.as_slice() {
                tracing::trace!(text = %s.text, runs = one.len(), "amounts set close parted under their headings");
                let mut from = 0;
                for &to in one {
                    out.push(Seg::from_words(s.words[from..to].to_vec()));
                    from = to;
                }
            } else {
                out.push(s.clone());
            }
        }
        line.segs = out;
    }
}

/// The cells of other lines (`others`) that stand under the run from `x0`
/// to `x1`, one per column they show, left to right: numbers wholly within
/// its extent, grouped where they overlap, the widest of each group. Two
/// groups or more: the run reaches over that many columns of numbers.
fn cells_under<'a>(x0: f64, x1: f64, others: impl Iterator<Item = &'a Seg>) -> Vec<&'a Seg> {
    let mut under: Vec<&Seg> = others
        .filter(|o| o.bbox.x0 >= x0 - 1.0 && o.bbox.x1 <= x1 + 1.0)
        .collect();
    under.sort_by(|a, b| a.bbox.x0.total_cmp(&b.bbox.x0));
    let mut groups: Vec<Vec<&Seg>> = Vec::new();
    for o in under {
        match groups.last_mut() {
            Some(g) if g.iter().any(|p| p.bbox.x1 > o.bbox.x0) => g.push(o),
            _ => groups.push(vec![o]),
        }
    }
    groups
        .into_iter()
        .filter_map(|g| {
            g.into_iter()
                .max_by(|a, b| (a.bbox.x1 - a.bbox.x0).total_cmp(&(b.bbox.x1 - b.bbox.x0)))
        })
        .collect()
}

/// Amounts set so close that the line cut them in the wrong place ("451
/// 650 77" | "687" for "451 650" under one heading and "77 687" under the
/// next): neighbouring segments of numbers less than a font size apart,
/// together reaching under two headings or more, are parted again where
/// exactly one parting sets a well-formed number under each heading — when
/// that parting moves the line's cuts (as many parts, other places). Where
/// two headings are set as one segment, the numbers of the other rows show
/// the columns instead: a run reaching over more of them than it has
/// segments parts where exactly one parting sets a number under each
/// (`all`: every body line's numbers with its index; `line` is line `at`).
fn rejoin_runs_under_headings(line: &mut Line, heads: &Line, all: &[(usize, Seg)], at: usize) {
    let mut out: Vec<Seg> = Vec::with_capacity(line.segs.len());
    let mut i = 0;
    while i < line.segs.len() {
        let mut j = i + 1;
        while j < line.segs.len()
            && line.segs[j - 1].words_are_numbers()
            && line.segs[j].words_are_numbers()
            && line.segs[j].bbox.x0 - line.segs[j - 1].bbox.x1 < line.fs
        {
            j += 1;
        }
        let group = &line.segs[i..j];
        // Only amounts part: a segment of text is a group of its own.
        if !group.iter().all(Seg::words_are_numbers) {
            out.extend(group.iter().cloned());
            i = j;
            continue;
        }
        let words: Vec<(String, BBox, bool)> =
            group.iter().flat_map(|s| s.words.iter().cloned()).collect();
        let (x0, x1) = (group[0].bbox.x0, group[group.len() - 1].bbox.x1);
        let over: Vec<&Seg> = heads
            .segs
            .iter()
            .filter(|h| h.bbox.x1 > x0 && h.bbox.x0 < x1)
            .collect();
        let current: Vec<usize> = group
            .iter()
            .scan(0, |n, s| {
                *n += s.words.len();
                Some(*n)
            })
            .collect();
        let parts = if group.len() >= 2 && over.len() >= 2 {
            partings(&words, &over, line.fs, false)
        } else {
            Vec::new()
        };
        // The other rows' numbers show the columns where the headings do
        // not (two headings set as one segment): a run reaching over more
        // of those columns than it has segments parts under them.
        let others = all.iter().filter(|(k, _)| *k != at).map(|(_, s)| s);
        let cells = cells_under(x0, x1, others);
        let by_cells = if cells.len() > group.len() {
            partings(&words, &cells, line.fs, false)
        } else {
            Vec::new()
        };
        // (Cut into well-formed numbers already, "2 572 312" | "306 367",
        // the line's cuts stand: another parting, "2 572 312 306" | "367",
        // would only be as well-formed.)
        let cut_well = group.iter().all(|s| s.number().is_some());
        let parts = match (parts.as_slice(), by_cells.as_slice()) {
            ([one], _) if one.len() == current.len() && !cut_well => parts,
            (_, [_]) => by_cells,
            _ => Vec::new(),
        };
        match parts.as_slice() {
            [one] if *one != current => {
                tracing::trace!(text = %line.text(), "amounts cut in the wrong place parted under their headings");
                let mut from = 0;
                for &to in one {
                    out.push(Seg::from_words(words[from..to].to_vec()));
                    from = to;
                }
            }
            _ => out.extend(group.iter().cloned()),
        }
        i = j;
    }
    line.segs = out;
}

/// Every way (up to two) to part `words` into one run per heading in
/// `heads`, left to right, each run a number set under its heading (or,
/// `between`, clear of the headings beside its own): the end index of each
/// run.
fn partings(
    words: &[(String, BBox, bool)],
    heads: &[&Seg],
    fs: f64,
    between: bool,
) -> Vec<Vec<usize>> {
    crate::laid::partings(0, words.len(), heads.len(), &|k, from, to| {
        let run = &words[from..to];
        let text = run
            .iter()
            .map(|w| w.0.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        if parse(&text).value().is_none() {
            return false;
        }
        let (x0, x1) = (run[0].1.x0, run[run.len() - 1].1.x1);
        if between {
            k.checked_sub(1).is_none_or(|p| x0 > heads[p].bbox.x1)
                && heads.get(k + 1).is_none_or(|n| x1 < n.bbox.x0)
        } else {
            set_under(x0, x1, heads[k], fs)
        }
    })
}

/// Splits each region into header lines and body lines: the first region's
/// header is the table's; a later region's repeated header is dropped.
fn split_headers(frags: &[Region]) -> (Vec<Line>, Vec<Vec<Line>>) {
    let mut header_lines: Vec<Line> = Vec::new();
    let mut bodies: Vec<Vec<Line>> = Vec::new();
    // How many of the first page's header lines the next page repeats word
    // for word, when it repeats some.
    let mut repeats: Option<usize> = None;
    for (i, f) in frags.iter().enumerate() {
        // A first fragment without any data number (caption, header and
        // section rows at the foot of a page) is header down to its end; its
        // trailing label-only lines are moved to the body below.
        let data = |r: &Region| {
            r.lines
                .iter()
                .any(|l| l.segs.iter().any(Seg::is_data_number))
        };
        // Rows whose value cells run into the text beside them ("1,0
        // Simpel": a number word first in a segment after the label) are
        // rows, not header.
        let rows_glued = |r: &Region| {
            r.lines
                .iter()
                .filter(|l| {
                    l.segs.iter().skip(1).any(|s| {
                        s.words.len() >= 2
                            && s.words.first().is_some_and(|(w, _, _)| {
                                parse(w).value().is_some()
                                    && !(w.len() == 4 && w.parse::<u16>().is_ok())
                            })
                    })
                })
                .count()
                >= 2
        };
        // (Unless it starts with a bold block of header over plain lines:
        // the rows of a text table, its pages' numbers the tails of dates
        // cut over the page break.)
        let bold = f.lines.iter().take_while(|l| l.bold).count();
        let bold_head = bold > 0 && f.lines[bold..].iter().any(|l| l.is_multi());
        let fd =
            if i == 0 && !data(f) && !rows_glued(f) && !bold_head && frags.iter().skip(1).any(data)
            {
                f.lines.len()
            } else {
                // A row whose number is glued to the text beside it, where the
                // table's alignment parts them, is data too.
                let glued = crate::columns::first_glued(&f.lines).unwrap_or(usize::MAX);
                let fd = first_data(&f.lines).min(glued).min(f.lines.len());
                if i == 0 {
                    top_of_first_row(&f.lines, fd)
                } else {
                    fd
                }
            };
        let (h, b) = f.lines.split_at(fd);
        if i == 0 {
            header_lines = h.to_vec();
            bodies.push(b.to_vec());
        } else {
            // A repeated header: leading lines equal to header lines of the
            // first page, or (when the whole pre-data block is bold) that block.
            // Header lines of the first page, without the label-only lines
            // at their end (section rows and wrapped labels above the first
            // data row, which go to the body).
            let left0 = frags[0]
                .lines
                .iter()
                .map(|l| l.bbox.x0)
                .fold(f64::MAX, f64::min);
            // (A label line indented under a section row ends left of the
            // numbers.)
            let data_left0 = crate::stitch::data_left(&frags[0]);
            // (A label-only line set into a line of headings is the label
            // column's heading, wrapped: header, as [`lay_lines`] keeps it.)
            let keep = header_lines
                .iter()
                .enumerate()
                .rposition(|(k, l)| {
                    (!label_only(l, left0) && !crate::stitch::label_line(l, data_left0))
                        || set_into_headings(&header_lines[..k], l)
                })
                .map_or(0, |k| k + 1);
            let first_h: Vec<String> = header_lines[..keep]
                .iter()
                .map(|l| norm(&l.text()))
                .collect();
            let bold_block = !h.is_empty() && h.iter().all(|l| l.bold);
            // A fragment under a caption of its own ("Tabell 1.3 fortsetter")
            // carries its own header: up to the last line above its data
            // with text beside the label column.
            let own_header = f.caption.is_some();
            let words = crate::stitch::header_words(&frags[..1]);
            let data_left = crate::stitch::data_left(f);
            let repeated = header_repeated(f, &first_h, &words, data_left);
            // Label lines ending that run, set tight over a line of values
            // without a label, are that row's label (the first page's first
            // row may have begun with the same words), not header.
            let mut repeated = repeated;
            if f.lines.get(repeated).is_some_and(|v| {
                v.segs.first().is_some_and(|s| s.bbox.x0 >= data_left - 1.0)
                    && v.segs.iter().any(Seg::is_data_number)
            }) {
                while repeated > 0
                    && label_left_of(&f.lines[repeated - 1], data_left)
                    && f.lines[repeated].bbox.y0 - f.lines[repeated - 1].bbox.y1
                        < 0.6 * f.lines[repeated].fs
                {
                    repeated -= 1;
                }
            }
            let skip = if bold_block || own_header {
                // Up to the last line with text beside the label column: a
                // bold label-only line after it is a section or sum row
                // (or the first line of one), not a repeated header.
                let left = f.lines.iter().map(|l| l.bbox.x0).fold(f64::MAX, f64::min);
                h.iter()
                    .rposition(|l| !label_only(l, left))
                    .map_or(0, |k| k + 1)
                    .max(repeated)
            } else {
                repeated
            };
            // A header broken over the page break: the first fragment is
            // header only ("Fast  Midlertidig" at a page's foot), and this
            // one's tabular lines over its data go on with it ("Kjønn
            // Antall  Andel …").
            let more = if i == 1 && bodies.iter().all(Vec::is_empty) && !own_header && data(f) {
                h.get(repeated..)
                    .and_then(|rest| rest.iter().rposition(Line::is_multi))
                    .map_or(0, |k| k + 1)
            } else {
                0
            };
            if i == 1 && more == 0 && !own_header && repeated > 0 {
                repeats = shorter_repeat(f, &header_lines);
            }
            header_lines.extend_from_slice(&f.lines[repeated..repeated + more]);
            bodies.push(f.lines[skip.max(repeated + more)..].to_vec());
        }
    }
    if let Some(k) = repeats {
        rows_under_repeated_header(&mut header_lines, &mut bodies, frags, k);
    }
    (header_lines, bodies)
}

/// How many of the first page's header lines fragment `f` starts with,
/// word for word, when that is some but not all of them.
fn shorter_repeat(f: &Region, header_lines: &[Line]) -> Option<usize> {
    let k = f
        .lines
        .iter()
        .zip(header_lines)
        .take_while(|(a, b)| norm(&a.text()) == norm(&b.text()))
        .count();
    Some(k).filter(|&k| k > 0 && k < header_lines.len())
}

/// The first page's header lines below the `k` the next page repeats, when
/// they hold a row: a tabular line whose label is the label of rows of the
/// table ("Arbeidstilsynet  Trondheim Bydrift  08.10" over rows of
/// "Arbeidstilsynet"). A table of text has no line of data to end its
/// header at, and a date cut over a line ("13.09" over ".24") reads as a
/// number there: the header the typesetter repeats is the header. Those
/// lines go to the top of the first page's body, and the next page's body
/// starts under its `k` lines (a row broken over the page break goes on
/// there with words of those rows).
fn rows_under_repeated_header(
    header_lines: &mut Vec<Line>,
    bodies: &mut [Vec<Line>],
    frags: &[Region],
    k: usize,
) {
    let label = |l: &Line| {
        l.segs
            .first()
            .filter(|_| l.is_multi())
            .map(|s| norm(&s.text))
    };
    let row = header_lines[k.min(header_lines.len())..]
        .iter()
        .filter_map(label)
        .any(|first| {
            bodies
                .iter()
                .flatten()
                .any(|b| label(b).is_some_and(|t| t == first))
        });
    if !row {
        return;
    }
    if let (Some(body), Some(next)) = (bodies.get_mut(1), frags.get(1)) {
        *body = next.lines[k.min(next.lines.len())..].to_vec();
    }
    if let Some(body) = bodies.first_mut() {
        let rest = header_lines.split_off(k);
        body.splice(0..0, rest);
    }
}

/// The grid of a table: column intervals from its body lines (or its header
/// when it has no body), and how many of them make the row label.
fn grid_of(header_lines: &[Line], bodies: &[Vec<Line>], table_id: &str) -> Option<Grid> {
    // Column intervals from tabular body lines.
    let body_multi: Vec<&Line> = bodies.iter().flatten().filter(|l| l.is_multi()).collect();
    let cols = if !body_multi.is_empty() {
        // Lines of one segment count too where they stand clear of every
        // tabular column: the lines of a wrapped label whose values are set
        // beside it on a line of their own.
        let multi = Columns::from_lines(body_multi.iter().copied());
        let clear: Vec<&Line> = bodies
            .iter()
            .flatten()
            .filter(|l| {
                !l.is_multi()
                    && l.segs.iter().all(|s| {
                        !multi
                            .ivs
                            .iter()
                            .any(|(a, b)| s.bbox.x1.min(*b) - s.bbox.x0.max(*a) > -1.0)
                    })
            })
            .collect();
        Columns::from_body(body_multi.iter().chain(clear.iter()).copied())
    } else if bodies.iter().flatten().next().is_some() {
        Columns::from_lines(bodies.iter().flatten())
    } else {
        Columns::from_lines(header_lines.iter())
    };
    if cols.len() == 0 {
        return None;
    }
    let cols = text_columns_headed_flush_right(cols, header_lines, bodies);
    let cols = with_empty_columns(cols, header_lines);
    let cols = codes_before_labels(cols, bodies);
    let cols = split_by_header(cols, header_lines, bodies);
    let cols = with_gap_headings(cols, header_lines, bodies);
    // Is the leftmost interval a label column? Yes when it holds text, or
    // when it holds numbers under no header text (item numbers).
    let in_first = |l: &Line| -> Vec<bool> {
        l.segs
            .iter()
            .filter(|s| cols.assign(s.bbox.x0, s.bbox.x1) == 0)
            // Text, not amounts set close ("2 160 000 1 268 000": every
            // word a number).
            .map(|s| s.number().is_none() && !s.words_are_numbers())
            .collect()
    };
    let label_iv = cols.len() == 1
        || bodies
            .iter()
            .flatten()
            .any(|l| in_first(l).iter().any(|t| *t))
        || (!header_lines.is_empty() && header_lines.iter().all(|l| in_first(l).is_empty()));
    // Identifier columns join the label when the header names them (a
    // heading over them: "Kap.", "Post", "Konto") or there is no header; a
    // column of bare numbers under no heading beside named columns is read
    // as the row label itself (line numbers), as before.
    let ids = identifier_columns(&cols, bodies.iter().flatten()).filter(|&k| {
        let (x0, x1) = (cols.ivs[0].0, cols.ivs[k - 1].1);
        header_lines.is_empty()
            || header_lines.iter().flat_map(|l| &l.segs).any(|s| {
                let c = (s.bbox.x0 + s.bbox.x1) / 2.0;
                c >= x0 - 2.0 && c <= x1 + 2.0
            })
    });
    let label_ivs = match ids {
        Some(k) => k + 1,
        None => usize::from(label_iv),
    };
    tracing::debug!(table = table_id, cols = ?cols.ivs, label_ivs, header = header_lines.len(), "grid columns");
    let inside = |l: &&Line, iv: &(f64, f64)| {
        l.segs
            .iter()
            .any(|s| s.bbox.x0 >= iv.0 - 0.5 && s.bbox.x1 <= iv.1 + 0.5)
    };
    // A heading of its own over the column counts as two lines of it.
    let support = cols
        .ivs
        .iter()
        .map(|iv| {
            bodies.iter().flatten().filter(|l| inside(l, iv)).count()
                + 2 * header_lines.iter().filter(|l| inside(l, iv)).count()
        })
        .collect();
    let aligned: Vec<Option<bool>> = cols.ivs.iter().map(|&iv| alignment(iv, bodies)).collect();
    let owns_gap = (0..cols.len())
        .map(|i| aligned.get(i + 1) == Some(&Some(false)) && aligned[i] != Some(true))
        .collect();
    Some(Grid {
        cols,
        label_ivs,
        support,
        mono: monospaced(header_lines.iter().chain(bodies.iter().flatten())),
        owns_gap,
    })
}

/// Header and body lines laid on the grid; trailing header lines without
/// values (section rows, wrapped labels above the first data row) move to
/// the first body.
fn lay_lines(
    grid: &Grid,
    header_lines: &[Line],
    bodies: &[Vec<Line>],
) -> (Vec<GridLine>, Vec<Vec<GridLine>>) {
    // Header lines laid out; trailing label-only lines belong to the body.
    // A heading alone on its line above other header lines spans the
    // columns under it ("THRESHOLD FOR RELEASES"): it is not cut between
    // its words.
    let mut hgl: Vec<GridLine> = header_lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let spans = l.segs.len() == 1 && i + 1 < header_lines.len();
            if spans {
                return grid.lay(l, Lay::Spanning);
            }
            // A heading of several words over headings of two or more
            // columns below it ("Postnatal Day 1" over "Body Weight" and
            // "Relative to Controls") spans them too, beside other headings.
            let wide: Vec<bool> = l
                .segs
                .iter()
                .map(|s| {
                    s.words.len() >= 2
                        && grid.cols.crosses(s.bbox.x0, s.bbox.x1)
                        && columns_under(grid, &header_lines[i + 1..], s) >= 2
                })
                .collect();
            if wide.iter().any(|w| *w) {
                grid.lay_mixed(l, &wide)
            } else {
                grid.lay(l, Lay::Header)
            }
        })
        .collect();
    stacked_headings(grid, header_lines, &mut hgl);
    // So do lines set half into the first data line: a text cell of the
    // first row centred beside its values ("Antall bosatte flyktninger
    // og" over "1  175  705", "familiegjenforente" under them).
    let first_data = bodies
        .first()
        .and_then(|b| b.first())
        .map(|l| grid.lay(l, Lay::Body));
    let into_data = |g: &GridLine| {
        first_data
            .as_ref()
            .is_some_and(|d| crate::rows::overlap_y(g, d))
    };
    // But a label-only line set into a line of headings beside it is the
    // label column's heading, wrapped ("Bevilgningsoversikt" over
    // "investering", the headings of the value columns level with either).
    let in_headings = |hgl: &[GridLine], g: &GridLine| {
        !g.has_values()
            && hgl
                .iter()
                .rev()
                .skip(1)
                .find(|h| h.has_values())
                .is_some_and(|h| crate::rows::overlap_y(g, h))
    };
    let mut moved: Vec<GridLine> = Vec::new();
    while hgl
        .last()
        .is_some_and(|g| (!g.has_values() && !in_headings(&hgl, g)) || into_data(g))
    {
        if let Some(g) = hgl.pop() {
            moved.push(g);
        }
    }
    moved.reverse();
    let mut body_frags: Vec<Vec<GridLine>> = bodies
        .iter()
        .map(|b| b.iter().map(|l| grid.lay(l, Lay::Body)).collect())
        .collect();
    if let Some(b0) = body_frags.first_mut() {
        moved.append(b0);
        *b0 = moved;
    }
    (hgl, body_frags)
}

/// How many columns the headings on the lines `below` whose middles stand
/// under the heading `s` are in: two or more where `s` spans them.
fn columns_under(grid: &Grid, below: &[Line], s: &Seg) -> usize {
    let mut under: Vec<usize> = below
        .iter()
        .flat_map(|b| &b.segs)
        .filter_map(|b| {
            let c = (b.bbox.x0 + b.bbox.x1) / 2.0;
            (c > s.bbox.x0 && c < s.bbox.x1).then(|| grid.cols.assign(b.bbox.x0, b.bbox.x1))
        })
        .collect();
    under.sort_unstable();
    under.dedup();
    under.len()
}

/// A heading's piece standing in the gutter between two columns, under or
/// over a piece of a heading on another header line that reaches into one
/// column ("d" under "Tren", its narrow cell's heading broken): the lines
/// of one heading, so it goes to that column (not to the column on its
/// right, where a lone heading in a gutter goes). A heading spanning
/// columns ("Garantiansvar per 31.12" over "2021" "2022" …) names no one
/// column.
fn stacked_headings(grid: &Grid, header_lines: &[Line], hgl: &mut [GridLine]) {
    let in_column = |b: &BBox| {
        grid.cols
            .ivs
            .iter()
            .any(|(a, z)| b.x1.min(*z) - b.x0.max(*a) > 0.0)
    };
    // Lines read one heading to each column in order: their headings'
    // columns are known wherever they stand.
    let one_each: Vec<bool> = header_lines
        .iter()
        .map(|l| grid.one_heading_each(l).is_some())
        .collect();
    for (i, l) in header_lines.iter().enumerate() {
        for s in &l.segs {
            if in_column(&s.bbox) {
                continue;
            }
            let Some((j, t)) = header_lines
                .iter()
                .enumerate()
                // (A heading alone on its line over other header lines
                // spans the columns under it: no one column's.)
                .filter(|(j, m)| *j != i && !(m.segs.len() == 1 && j + 1 < header_lines.len()))
                .flat_map(|(j, m)| m.segs.iter().map(move |t| (j, t)))
                .find(|(j, t)| {
                    // (Pieces of one heading stand largely over each other;
                    // a heading's corner under a group heading's is none.)
                    let narrower = (s.bbox.x1 - s.bbox.x0).min(t.bbox.x1 - t.bbox.x0);
                    s.bbox.x1.min(t.bbox.x1) - s.bbox.x0.max(t.bbox.x0) > 0.4 * narrower
                        && ((in_column(&t.bbox) && !grid.cols.crosses(t.bbox.x0, t.bbox.x1))
                            || one_each[*j])
                })
            else {
                continue;
            };
            let target = if one_each[j] {
                let laid = hgl.get(j).and_then(|g| {
                    g.cells
                        .iter()
                        .position(|c| c.iter().any(|p| p.bbox == t.bbox))
                });
                let Some(c) = laid else { continue };
                c
            } else {
                grid.grid_col(grid.cols.assign(t.bbox.x0, t.bbox.x1))
            };
            let Some(g) = hgl.get_mut(i) else { continue };
            let Some(from) = g
                .cells
                .iter()
                .position(|c| c.iter().any(|p| p.bbox == s.bbox))
            else {
                continue;
            };
            if from == target || target >= g.cells.len() {
                continue;
            }
            let moved: Vec<Seg> = g.cells[from]
                .iter()
                .filter(|p| p.bbox == s.bbox)
                .cloned()
                .collect();
            g.cells[from].retain(|p| p.bbox != s.bbox);
            g.cells[target].extend(moved);
            g.cells[target].sort_by(|a, b| a.bbox.x0.total_cmp(&b.bbox.x0));
        }
    }
}

/// The finding for a cell of row `label` of table `table_id` that looks
/// like a number but is not well-formed: its value is left empty.
pub(crate) fn unparseable_number(table_id: &str, label: &str, cell: &Cell) -> Diagnostic {
    cell_without_value(
        "unparseable_number",
        "cell looks like a number but is not well-formed; value left empty",
        (table_id, label, cell),
    )
}

/// A number broken between two rows that did not join: neither part is
/// the number printed.
fn broken_number(table_id: &str, label: &str, cell: &Cell) -> Diagnostic {
    cell_without_value(
        "broken_number",
        "a number goes on on the line below, which is not read as part of its row; value left empty",
        (table_id, label, cell),
    )
}

/// A warning naming the cell (its table, row, page and text) whose value
/// was left empty, and why.
fn cell_without_value(
    rule: &str,
    message: &str,
    (table_id, label, cell): (&str, &str, &Cell),
) -> Diagnostic {
    Diagnostic {
        table_id: Some(table_id.to_owned()),
        page: cell.page,
        row_label: Some(label.to_owned()),
        column_label: None,
        actual: Some(cell.text.clone()),
        ..Diagnostic::new(rule, Severity::Warning, message)
    }
}

/// One row of the table from its grouped lines, each cell parsed; a
/// malformed number is a diagnostic. `None` for a row without any text.
fn row_of(
    acc: &crate::rows::RowAcc,
    n_cols: usize,
    right: &[f64],
    (table_id, words): (&str, &crate::words::Words),
    diags: &mut Vec<Diagnostic>,
) -> Option<Row> {
    let label = acc.cell_text_unbroken(0, right[0], false, words);
    let mut cells = Vec::with_capacity(n_cols);
    for (c, &edge) in right.iter().enumerate().take(n_cols + 1).skip(1) {
        let text = acc.cell_text_unbroken(c, edge, false, words);
        let parsed = parse(&text);
        let (page, bbox) = match acc.cell_box(c) {
            Some((p, b)) => (Some(p), Some(b)),
            None => (None, None),
        };
        cells.push(Cell {
            unit: kommunetall_lexicon::unit::of_cell(&text),
            value: parsed.value(),
            text,
            page,
            bbox,
            sheet_ref: None,
        });
        if matches!(parsed, Parsed::Malformed)
            && let Some(cell) = cells.last()
        {
            diags.push(unparseable_number(table_id, &label, cell));
        }
    }
    if label.is_empty() && cells.iter().all(|c| c.text.is_empty()) {
        return None;
    }
    let (lpage, lbox) = match acc.cell_box(0) {
        Some((p, b)) => (Some(p), Some(b)),
        None => (acc.lines.first().map(|g| g.page), None),
    };
    Some(Row {
        class: acc.class(),
        label,
        cells,
        page: lpage,
        label_bbox: lbox,
    })
}

/// The right edge of each grid column (0 = label): where its widest line ends.
fn column_right_edges(accs: &[crate::rows::RowAcc], n_cols: usize) -> Vec<f64> {
    let mut right = vec![f64::MAX; n_cols + 1];
    for (c, r) in right.iter_mut().enumerate() {
        let widest = accs
            .iter()
            .flat_map(|a| &a.lines)
            .filter_map(|g| g.cells.get(c)?.last())
            .map(|s| s.bbox.x1)
            .fold(f64::MIN, f64::max);
        if widest > f64::MIN {
            *r = widest;
        }
    }
    right
}

/// Bold marks a total only where other rows are not bold: when every row
/// with values is bold (a label column set bold throughout), the rows that
/// do not say they are totals are ordinary rows.
fn ordinary_rows_when_all_bold(table: &mut Table) {
    let valued: Vec<usize> = (0..table.rows.len())
        .filter(|&i| table.rows[i].cells.iter().any(|c| !c.text.is_empty()))
        .collect();
    if valued.len() >= 3 && valued.iter().all(|&i| table.rows[i].class == RowClass::Sum) {
        for &i in &valued {
            if !crate::rows::is_sum_label(&table.rows[i].label) {
                table.rows[i].class = RowClass::Body;
            }
        }
    }
}

/// A long list set in parts side by side to save room: the header repeats
/// one group of headings across the page, the first of them naming the
/// label column ("Age | Total population | Age | Total population"), and
/// the first column of every later part holds labels (text) too. The parts
/// are one table: each later part's rows go under the first part's, in
/// reading order, under the first group's headings.
fn side_by_side_parts(table: &mut Table) {
    let m = table.n_cols + 1;
    let norm = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
    if table.header.is_empty() || table.header.iter().any(|h| h.len() != m) {
        return;
    }
    let named = table
        .header
        .last()
        .and_then(|h| h.first())
        .is_some_and(|c| c.text.chars().any(char::is_alphabetic));
    if !named {
        return;
    }
    let Some(g) = (2..=m / 2).find(|&g| {
        m.is_multiple_of(g)
            && table
                .header
                .iter()
                .all(|h| (0..m).all(|i| norm(&h[i].text) == norm(&h[i % g].text)))
    }) else {
        return;
    };
    // Every later part's first column: labels, text and not numbers.
    let labels_in = |start: usize| {
        let texts: Vec<&Cell> = table
            .rows
            .iter()
            .filter_map(|r| r.cells.get(start - 1))
            .filter(|c| !c.text.is_empty())
            .collect();
        !texts.is_empty() && texts.iter().all(|c| c.value.is_none())
    };
    if !(1..m / g).all(|part| labels_in(part * g)) {
        return;
    }
    let mut rows = Vec::with_capacity(table.rows.len() * (m / g));
    for part in 0..m / g {
        for r in &table.rows {
            if part == 0 {
                let mut first = r.clone();
                first.cells.truncate(g - 1);
                rows.push(first);
                continue;
            }
            let label = &r.cells[part * g - 1];
            let cells = r.cells[part * g..(part + 1) * g - 1].to_vec();
            if label.text.is_empty() && cells.iter().all(|c| c.text.is_empty()) {
                continue;
            }
            let class = if crate::rows::is_sum_label(&label.text) {
                RowClass::Sum
            } else {
                RowClass::Body
            };
            rows.push(Row {
                label: label.text.clone(),
                class,
                cells,
                page: label.page.or(r.page),
                label_bbox: label.bbox,
            });
        }
    }
    // Rows of the first part left without anything (a shorter part).
    rows.retain(|r| !r.label.is_empty() || r.cells.iter().any(|c| !c.text.is_empty()));
    for h in &mut table.header {
        h.truncate(g);
    }
    table.n_cols = g - 1;
    table.rows = rows;
}

/// A table that gives each item several measures on lines of their own
/// ("Count" over "Percentage"), the item's label set once beside them and
/// wrapped over their lines: its first cells repeat one short cycle of
/// texts, at least twice, and only the cycle's first row has a label of its
/// own, the others none or the label's wrapped end in lower case ("Chronic
/// fatigue" over "syndrome"). The wrapped end joins the label on the
/// cycle's first row; the measures' rows keep no label of their own.
fn labels_over_stacked_measures(table: &mut Table) {
    let first: Vec<&str> = table
        .rows
        .iter()
        .map(|r| {
            r.cells
                .first()
                .filter(|c| c.value.is_none())
                .map_or("", |c| c.text.as_str())
        })
        .collect();
    let n = table.rows.len();
    // The cycle's length, and how many rows follow it from the top.
    let Some((k, len)) = (2..=4).find_map(|k: usize| {
        let head = first.get(..k)?;
        let distinct = head.iter().enumerate().all(|(i, t)| {
            !t.is_empty() && t.chars().any(char::is_alphabetic) && !head[..i].contains(t)
        });
        let len = (0..n).take_while(|&i| first[i] == first[i % k]).count() / k * k;
        (distinct && len >= 2 * k).then_some((k, len))
    }) else {
        return;
    };
    let labels_fit = (0..len).all(|i| {
        let l = &table.rows[i].label;
        if i % k == 0 {
            !l.is_empty()
        } else {
            l.is_empty() || l.chars().next().is_some_and(char::is_lowercase)
        }
    });
    if !labels_fit {
        return;
    }
    for start in (0..len).step_by(k) {
        let parts: Vec<String> = table.rows[start..start + k]
            .iter()
            .map(|r| r.label.clone())
            .filter(|l| !l.is_empty())
            .collect();
        if parts.len() < 2 {
            continue;
        }
        let label = crate::laid::join_wrapped(parts.iter().map(String::as_str));
        let mut bbox = table.rows[start].label_bbox;
        for r in &mut table.rows[start + 1..start + k] {
            if let (Some(a), Some(b)) = (bbox, r.label_bbox) {
                bbox = Some(a.union(b));
            }
            r.label.clear();
            r.label_bbox = None;
        }
        table.rows[start].label = label;
        table.rows[start].label_bbox = bbox;
    }
}

/// Column labels for this table's diagnostics now that the header is known.
fn name_columns_in_diagnostics(table: &Table, diags: &mut [Diagnostic]) {
    let table_id = table.table_id.as_str();
    let start = diags.len()
        - diags
            .iter()
            .rev()
            .take_while(|d| d.table_id.as_deref() == Some(table_id) && d.column_label.is_none())
            .count();
    for d in &mut diags[start..] {
        if let (Some(label), Some(actual)) = (&d.row_label, &d.actual) {
            let col = table
                .rows
                .iter()
                .find(|r| &r.label == label)
                .and_then(|r| r.cells.iter().position(|c| &c.text == actual));
            if let Some(c) = col {
                d.column_label = Some(table.column_label(c + 1));
            }
        }
    }
}

fn table_vrules(vr: &[BBox], f: &Region) -> Vec<BBox> {
    let (y0, y1) = span_y(f);
    vr.iter()
        .filter(|r| r.y1 > y0 && r.y0 < y1)
        .copied()
        .collect()
}

/// The horizontal rules inside a table fragment, and whether they rule
/// every row: then lines with no rule between them are one row. Rules are
/// returned only when there are three or more and they run between rows
/// (not only under the header and at the foot); a rule between two lines
/// always separates rows.
fn table_hrules(hr: &[BBox], f: &Region) -> (Vec<BBox>, bool) {
    let (y0, y1) = span_y(f);
    let (x0, x1) = f.lines.iter().fold((f64::MAX, f64::MIN), |(a, b), l| {
        (a.min(l.bbox.x0), b.max(l.bbox.x1))
    });
    let v: Vec<BBox> = hr
        .iter()
        .filter(|r| r.y0 > y0 - 4.0 && r.y1 < y1 + 4.0 && r.x0 < x1 && r.x1 > x0)
        .copied()
        .collect();
    let data: Vec<&Line> = f
        .lines
        .iter()
        .filter(|l| l.segs.iter().any(Seg::is_data_number))
        .collect();
    let pairs = data.len().saturating_sub(1);
    let between = data
        .windows(2)
        .filter(|w| {
            v.iter().any(|r| {
                let y = (r.y0 + r.y1) / 2.0;
                crate::lines::rule_between_lines(
                    y,
                    (w[0].bbox.y1, w[0].base),
                    (w[1].bbox.y0, w[1].base, w[1].fs),
                )
            })
        })
        .count();
    tracing::trace!(
        rules = v.len(),
        pairs,
        between,
        "horizontal rules of a fragment"
    );
    if v.len() >= 3 && between * 3 >= pairs {
        // Ruled between every row only where rows were seen ruled apart: a
        // piece of a table holding one row of data (at a page's foot) says
        // nothing about its rules.
        let full = pairs >= 1 && between * 10 >= pairs * 9;
        (v, full)
    } else {
        (Vec::new(), false)
    }
}

fn span_y(f: &Region) -> (f64, f64) {
    f.lines.iter().fold((f64::MAX, f64::MIN), |(a, b), l| {
        (a.min(l.bbox.y0), b.max(l.bbox.y1))
    })
}
