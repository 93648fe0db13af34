//! Body rows: lines laid on the grid are grouped into logical rows.
//!
//! When the table has cell padding (row gaps clearly larger than the gap
//! between wrapped lines) or horizontal rules, lines in the same padded block
//! form one row. Otherwise text rules apply: a label line that starts in lower
//! case or follows an unfinished label ("…, ", "… og") continues the row above;
//! a label without values followed by such a continuation carries the values
//! of its last line; a number under a number in the same cell that can only be
//! its thousands continuation ("11" over "244") is joined.

use crate::laid::{Block, GridLine, one_number_per_column, overlap_groups};
use crate::lines::Seg;
use kommunetall_lexicon::{Parsed, continues_number, parse};
use kommunetall_model::{BBox, RowClass};

/// How many grid columns the lines of `rows` have (the most any has).
fn column_count(rows: &[RowAcc]) -> usize {
    rows.iter()
        .flat_map(|r| &r.lines)
        .map(|g| g.cells.len())
        .max()
        .unwrap_or(0)
}

/// A logical row under construction.
#[derive(Debug, Clone)]
pub(crate) struct RowAcc {
    pub lines: Vec<GridLine>,
}

impl RowAcc {
    fn label(&self) -> String {
        self.cell_text(0)
    }

    /// Text of grid column `c`, lines joined with a space. In the label
    /// column, an identifier set on a later line of the row, left of where
    /// the row's text starts (a post number at the foot of a cell set at
    /// its foot), comes first, as it is read.
    pub fn cell_text(&self, c: usize) -> String {
        let ids = if c == 0 {
            self.foot_identifiers()
        } else {
            Vec::new()
        };
        let parts: Vec<String> = self
            .lines
            .iter()
            .enumerate()
            .map(|(i, g)| {
                g.cells.get(c).map_or(String::new(), |v| {
                    v.iter()
                        .enumerate()
                        .filter(|(k, _)| !ids.contains(&(i, *k)))
                        .map(|(_, s)| s.text.as_str())
                        .collect::<Vec<_>>()
                        .join(" ")
                })
            })
            .collect();
        let text = crate::laid::join_wrapped(parts.iter().map(String::as_str));
        if ids.is_empty() {
            return text;
        }
        let mut out: Vec<&str> = ids
            .iter()
            .filter_map(|&(i, k)| self.lines[i].cells.first()?.get(k))
            .map(|s| s.text.as_str())
            .collect();
        out.push(&text);
        out.join(" ")
    }

    /// [`Self::cell_text`], with a token the typesetter had to break inside
    /// because it was wider than its column joined again
    /// ("…/f276/f2" over "81) pr innbygger" → "…/f276/f281) pr innbygger").
    /// Such a break leaves a line of one word reaching the column's right
    /// edge `right` (the widest line of the column), cut between two
    /// characters that are not letters (digits, slashes, brackets): a cut
    /// between letters may as well be the end of a word, so it stays.
    ///
    /// In a `header`, only a word's last letters ("Trondhei" over "m 2023",
    /// "Regnska" over "p") or a year's last digit ("202" over "3") go back
    /// on: a heading's next line may start with a word or a unit of its
    /// own ("Unadjusted" over "odds ratio", "2024" over "1 000 €").
    pub fn cell_text_unbroken(
        &self,
        c: usize,
        right: f64,
        header: bool,
        words: &crate::words::Words,
    ) -> String {
        let mut text = self.cell_text(c);
        let filled: Vec<(&Vec<Seg>, f64)> = self
            .lines
            .iter()
            .filter_map(|g| g.cells.get(c).filter(|v| !v.is_empty()).map(|v| (v, g.fs)))
            .collect();
        for (k, w) in filled.windows(2).enumerate() {
            let ((a, fs), (b, _)) = (w[0], w[1]);
            let (Some(last), Some(next)) = (a.last(), b.first()) else {
                continue;
            };
            let head = next.text.split_whitespace().next().unwrap_or("");
            // A number cut after its decimal comma: "477," over "5"; a date
            // cut in its year: "08.10.2" over "4".
            let decimals_below = (crate::lines::cut_after_decimal(&last.text)
                && !head.is_empty()
                && head.chars().all(|c| c.is_ascii_digit()))
                || (b.len() == 1 && crate::lines::date_cut(&last.text, head));
            let year = crate::lines::year_head(&last.text) && head.len() == 1;
            let mended = if header {
                a.len() == 1
                    && ((year && broken_number(last, head, right, fs))
                        || (b.len() == 1 && broken_word(last, &b[0].text, right, fs, true)))
            } else {
                decimals_below
                    || (a.len() == 1
                        && (broken_token(last, head, right, fs)
                            || broken_number(last, head, right, fs)
                            || (b.len() == 1 && broken_word(last, &b[0].text, right, fs, false))))
                    || broken_groups(a, head, right, fs)
            };
            if mended {
                let spaced = format!("{} {head}", last.text);
                if let Some(at) = text.find(&spaced) {
                    text.replace_range(at + last.text.len()..=at + last.text.len(), "");
                }
                continue;
            }
            // Or any word the document prints whole elsewhere ("Ansa" over
            // "tte", "Bystyresekretariat" over "et,", "Tro" over "ndh" over
            // "eim"), its first piece alone on its line, reaching the
            // column's edge, its middle pieces alone on theirs.
            if a.len() == 1 && last.words.len() == 1 && last.bbox.x1 >= right - 0.6 * fs {
                let pieces = broken_pieces(&filled[k..], words);
                mend_pieces(&mut text, &pieces);
            }
        }
        text
    }

    /// (line, segment) of label-column identifiers on lines after the
    /// first that stand left of where the first line's label starts, when
    /// the first line has none.
    fn foot_identifiers(&self) -> Vec<(usize, usize)> {
        let Some(start) = self
            .lines
            .first()
            .and_then(|g| g.cells.first()?.first())
            .map(|s| s.bbox.x0)
        else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, g) in self.lines.iter().enumerate().skip(1) {
            for (k, s) in g.cells.first().into_iter().flatten().enumerate() {
                if s.bbox.x1 < start - 0.3 * g.fs && is_identifier(&s.text) {
                    out.push((i, k));
                }
            }
        }
        out
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

pub(crate) fn is_sum_label(label: &str) -> bool {
    kommunetall_lexicon::label::is_sum(label)
}

/// Whether a label line starts in lower case (after a footnote mark such
/// as "*)"), or with an opening parenthesis.
fn starts_lower(s: &str) -> bool {
    let s = s.trim_start_matches(['*', ')', ' ']);
    s.starts_with('(') || s.chars().next().is_some_and(char::is_lowercase)
}

/// Whether a label opens with a capitalised word ("Renteinntekter"): a
/// capital then lower case, as a label starts, not a wrapped label's rest
/// (in lower case, or a word in capitals, "AS").
fn capitalised(label: &str) -> bool {
    let mut chars = label.trim_start().chars();
    chars.next().is_some_and(char::is_uppercase) && chars.next().is_some_and(char::is_lowercase)
}

/// Whether a label line ends inside a name: its last word, not its first,
/// is capitalised ("Egenkapitalinnskudd i Kommunal" over "Landspensjonskasse
/// (KLP)"), so a capitalised next line may go on with it.
fn name_goes_on(label: &str) -> bool {
    let words: Vec<&str> = label.split_whitespace().collect();
    words.len() >= 2 && words.last().is_some_and(|w| capitalised(w))
}

/// Whether two label lines each open with an item's number ("5548
/// Miljøavgift på visse klimagasser" over "70 Avgift på HFK og PFK"): a
/// chapter's heading and its first post, two items, not one label
/// wrapped.
fn numbered_items(above: &str, label: &str) -> bool {
    opens_numbered(above) && opens_numbered(label)
}

/// Whether a label opens with an item's number ("70 Avgift …", "5548
/// Miljøavgift …"): its first word an identifier ([`is_identifier`]).
fn opens_numbered(label: &str) -> bool {
    label.split_whitespace().next().is_some_and(is_identifier)
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

/// The space between two lines of a column above which they are in two
/// cells: a quarter of a font size, or, where every such space is either
/// none (lines of one cell, set at exactly the leading) or over an eighth
/// of a font size (a small cell padding), a tenth.
fn block_split(lines: &[GridLine], lead: f64, fs: f64, n: usize) -> f64 {
    let mut gaps = Vec::new();
    for c in 0..n {
        let mut last: Option<&GridLine> = None;
        for gl in lines.iter().filter(|g| !g.cells[c].is_empty()) {
            if let Some(a) = last {
                gaps.push(space_between(a, gl, lead));
            }
            last = Some(gl);
        }
    }
    let exact = |g: f64| g.abs() < 0.06 * fs;
    let padded = |g: f64| g > 0.12 * fs;
    let small_padding = gaps.iter().any(|&g| padded(g) && g <= 0.25 * fs);
    if small_padding && gaps.iter().all(|&g| exact(g) || padded(g)) {
        0.1 * fs
    } else {
        0.25 * fs
    }
}

/// Each column cut into cell blocks where its lines are set apart
/// ([`block_split`]): (column, first line, last line), column by column.
pub(crate) fn cell_blocks(lines: &[GridLine], lead: f64, fs: f64) -> Vec<Block> {
    let n = lines.first().map_or(0, |g| g.cells.len());
    let split = block_split(lines, lead, fs, n);
    let mut blocks = Vec::new();
    for c in 0..n {
        let mut start: Option<(usize, usize)> = None;
        for i in (0..lines.len()).filter(|&i| !lines[i].cells[c].is_empty()) {
            match start {
                Some((s0, last)) if space_between(&lines[last], &lines[i], lead) <= split => {
                    start = Some((s0, i));
                }
                Some((s0, last)) => {
                    blocks.push((c, s0, last));
                    start = Some((i, i));
                }
                None => start = Some((i, i)),
            }
        }
        if let Some((s0, last)) = start {
            blocks.push((c, s0, last));
        }
    }
    blocks
}

/// Rows of a table whose cells hold wrapped text set vertically centred
/// (goals and measures, comments): the lines of one cell follow each other
/// a line's spacing apart, and cells of consecutive rows are set apart by
/// the cell padding. Each column is cut into cell blocks where its lines
/// are set apart; blocks that overlap vertically are one row. Used only
/// when some text cell wraps over several lines and the result is a clean
/// grid: at most one block per column in every row, no block holding two
/// numbers, two rows or more. Otherwise `None`, and lines are grouped one
/// by one.
fn rows_by_cell_blocks(
    lines: &[GridLine],
    blocks: &[Block],
    lead: f64,
    fs: f64,
) -> Option<Vec<RowAcc>> {
    if lines.len() < 3 || lines.windows(2).any(|w| w[0].page != w[1].page) {
        return None;
    }
    let mut wrapped_text = false;
    for &(c, s0, s1) in blocks {
        let members: Vec<usize> = (s0..=s1)
            .filter(|&i| !lines[i].cells[c].is_empty())
            .collect();
        let numbers = members
            .iter()
            .filter(|&&i| parse(&lines[i].text_in(c)).value().is_some())
            .count();
        if numbers >= 2 {
            tracing::trace!(c, "cell blocks: a block with two numbers");
            return None;
        }
        if c > 0 && members.len() >= 3 && numbers == 0 {
            wrapped_text = true;
        }
    }
    if !wrapped_text {
        tracing::trace!("cell blocks: no wrapped text cell");
        return None;
    }
    tracing::trace!(
        blocks = blocks.len(),
        lines = lines.len(),
        lead,
        fs,
        "cell blocks"
    );
    // Rows: blocks joined by vertical overlap.
    let spans: Vec<(f64, f64)> = blocks
        .iter()
        .map(|&(_, s0, s1)| (lines[s0].y0, lines[s1].y1))
        .collect();
    let group = overlap_groups(&spans, 0.25 * fs);
    // Each line to its row; rows in order of their top.
    let mut row_of_line = vec![usize::MAX; lines.len()];
    for (&(c, s0, s1), &r) in blocks.iter().zip(&group) {
        for (i, slot) in row_of_line.iter_mut().enumerate().take(s1 + 1).skip(s0) {
            if !lines[i].cells[c].is_empty() {
                if *slot != usize::MAX && *slot != r {
                    tracing::trace!(line = i, "cell blocks: a line in two rows");
                    return None;
                }
                *slot = r;
            }
        }
    }
    let mut roots: Vec<usize> = row_of_line.clone();
    roots.sort_unstable();
    roots.dedup();
    if roots.len() < 2 || roots.contains(&usize::MAX) {
        return None;
    }
    // At most one block with a number per column in a row (a text cell
    // may hold paragraphs set apart by a blank line: several blocks).
    let has_number = |&(c, s0, s1): &Block| {
        (s0..=s1)
            .any(|i| !lines[i].cells[c].is_empty() && parse(&lines[i].text_in(c)).value().is_some())
    };
    if !one_number_per_column(blocks, &group, has_number) {
        tracing::trace!("cell blocks: two numbers in one column of a row");
        return None;
    }
    let mut out: Vec<RowAcc> = Vec::new();
    let mut order: Vec<usize> = Vec::new();
    for (i, gl) in lines.iter().enumerate() {
        let r = row_of_line[i];
        match order.iter().position(|&x| x == r) {
            Some(k) => out[k].lines.push(gl.clone()),
            None => {
                order.push(r);
                out.push(RowAcc {
                    lines: vec![gl.clone()],
                });
            }
        }
    }
    Some(out)
}

/// Rows of a table whose labels wrap in cells set with a little padding,
/// their values vertically centred: the lines fall into blocks set tight
/// (no space beyond the leading, or overlapping), the blocks a row gap of a
/// quarter of a font size or more apart, and every block of several lines
/// has one line of values, its middle one ("Trondheim" / "Renholdsverk
/// 20,0" / "AS"). Then each block is a row, whatever case its lines start
/// in. Otherwise `None`.
fn rows_by_centred_blocks(lines: &[GridLine], lead: f64) -> Option<Vec<RowAcc>> {
    if lines.len() < 3 || lines.windows(2).any(|w| w[0].page != w[1].page) {
        return None;
    }
    let fs = crate::lines::median(lines.iter().map(|g| g.fs).collect());
    let mut blocks: Vec<Vec<GridLine>> = vec![vec![lines[0].clone()]];
    for w in lines.windows(2) {
        let gap = space_between(&w[0], &w[1], lead);
        if gap <= 0.12 * fs {
            blocks.last_mut()?.push(w[1].clone());
        } else if gap >= 0.25 * fs {
            blocks.push(vec![w[1].clone()]);
        } else {
            return None;
        }
    }
    let centred = |b: &Vec<GridLine>| {
        let with: Vec<usize> = (0..b.len()).filter(|&i| b[i].has_values()).collect();
        b.len() == 1 || (b.len() % 2 == 1 && with == [b.len() / 2])
    };
    let wrapped = blocks.iter().filter(|b| b.len() >= 3).count();
    if blocks.len() < 2 || wrapped == 0 || !blocks.iter().all(centred) {
        return None;
    }
    tracing::trace!(
        blocks = blocks.len(),
        "rows: blocks of label lines, values centred"
    );
    Some(blocks.into_iter().map(|lines| RowAcc { lines }).collect())
}

/// A minus sign wrapped onto a line of its own above its number in a
/// narrow cell ("-" over "46 525 690,00"): a line without a label whose
/// only content is minus signs, each over a number without a sign on the
/// next line, a line's spacing below; or a row's line ending in such a
/// sign, its number alone on the next line. The signs join their numbers,
/// so the value is read negative as printed.
fn join_wrapped_minus(lines: Vec<GridLine>, lead: f64) -> Vec<GridLine> {
    let is_minus = |t: &str| matches!(t.trim(), "-" | "\u{2013}" | "\u{2212}");
    let unsigned_number = |t: &str| {
        !t.trim_start()
            .starts_with(['-', '\u{2013}', '\u{2212}', '('])
            && parse(t).value().is_some()
    };
    let mut lines = lines;
    let mut k = 0;
    while k < lines.len() {
        let gl = &lines[k];
        let signs: Vec<usize> = (1..gl.cells.len())
            .filter(|&c| !gl.cells[c].is_empty())
            .collect();
        // The line its numbers stand on: the next, or the one after it
        // where the line between (a centred row's label line) leaves those
        // cells empty.
        let target = (gl.label().is_empty()
            && !signs.is_empty()
            && signs.iter().all(|&c| is_minus(&gl.text_in(c))))
        .then(|| {
            (k + 1..lines.len().min(k + 3)).find(|&t| {
                let next = &lines[t];
                signs.iter().all(|&c| !next.text_in(c).is_empty())
                    && lines[k + 1..t]
                        .iter()
                        .all(|m| signs.iter().all(|&c| m.text_in(c).is_empty()))
            })
        })
        .flatten()
        .filter(|&t| {
            space_between(&lines[k], &lines[t], lead) < 0.35 * lines[k].fs
                && signs.iter().all(|&c| unsigned_number(&lines[t].text_in(c)))
        });
        if let Some(t) = target {
            let gl = lines.remove(k);
            let next = &mut lines[t - 1];
            for &c in &signs {
                let mut cell = gl.cells[c].clone();
                cell.append(&mut next.cells[c]);
                next.cells[c] = cell;
            }
            next.y0 = next.y0.min(gl.y0);
            continue;
        }
        // Or a row's line whose last cells end in a sign alone ("–2711,5
        // –3065,5 –"), the numbers a line's spacing below on a line of
        // their own, nothing else on it: the numbers come up to their signs.
        let ends: Vec<usize> = (1..gl.cells.len())
            .filter(|&c| is_minus(&gl.text_in(c)))
            .collect();
        let hanging = !gl.label().is_empty()
            && !ends.is_empty()
            && lines.get(k + 1).is_some_and(|next| {
                next.label().is_empty()
                    && space_between(gl, next, lead) < 0.35 * gl.fs
                    && (1..next.cells.len()).all(|c| next.cells[c].is_empty() != ends.contains(&c))
                    && ends.iter().all(|&c| unsigned_number(&next.text_in(c)))
            });
        if hanging {
            let next = lines.remove(k + 1);
            let gl = &mut lines[k];
            for &c in &ends {
                gl.cells[c].extend(next.cells[c].iter().cloned());
            }
            gl.y1 = gl.y1.max(next.y1);
        }
        k += 1;
    }
    lines
}

/// Whether the label of `gl` is the rest of the last label line of `row`,
/// broken because its first word did not fit: the line above ends so far
/// right that a space and that word would pass the label column's right
/// edge, and both lines have the same weight (a bold section heading over a
/// plain label is two rows).
fn broke_for_width(row: &RowAcc, gl: &GridLine, label_right: f64) -> bool {
    let Some(above) = row.lines.iter().rev().find_map(|g| g.cells.first()?.last()) else {
        return false;
    };
    let Some(first) = gl.cells.first().and_then(|c| c.first()) else {
        return false;
    };
    let Some((_, word, _)) = first.words.first() else {
        return false;
    };
    above.bold == first.bold
        && (above.bbox.x0 - first.bbox.x0).abs() < gl.fs
        && above.bbox.x1 + 0.25 * gl.fs + word.width() > label_right
}

/// The baseline pitch of a table whose rows are set at one even rhythm:
/// at least four pitches on a page, three in five of them within 0.3 pt of
/// their median.
fn row_rhythm(lines: &[GridLine]) -> Option<f64> {
    let pitches: Vec<f64> = lines
        .windows(2)
        .filter(|w| w[0].page == w[1].page)
        .map(|w| w[1].base - w[0].base)
        .collect();
    if pitches.len() < 4 {
        return None;
    }
    let mid = crate::lines::median(pitches.clone());
    let even = pitches.iter().filter(|p| (**p - mid).abs() <= 0.3).count();
    (even * 5 >= pitches.len() * 3).then_some(mid)
}

/// The row gap of a table whose rows are set with a little padding and
/// some of whose labels wrap, so that no one pitch is even (the rhythm of
/// [`row_rhythm`]): the space between two lines (beyond the leading `lead`)
/// is either none (the next line of a cell) or one row gap, from a sixth
/// to nine tenths of a font size (an empty line between blocks is more),
/// and nothing in between. Each kind occurs at least twice, and row gaps
/// at least half as often as lines of one cell (a table of tight rows with
/// a few spaced blocks is no padded table). The row gaps' median.
pub(crate) fn two_pitch(lines: &[GridLine], lead: f64) -> Option<f64> {
    let fs = crate::lines::median(lines.iter().map(|g| g.fs).collect()).max(1.0);
    let gaps: Vec<f64> = lines
        .windows(2)
        .filter(|w| w[0].page == w[1].page)
        .map(|w| space_between(&w[0], &w[1], lead))
        .collect();
    let tight = gaps.iter().filter(|g| g.abs() < 0.06 * fs).count();
    let loose: Vec<f64> = gaps
        .iter()
        .copied()
        .filter(|g| (0.16 * fs..=0.9 * fs).contains(g))
        .collect();
    (tight >= 2
        && loose.len() >= 2
        && loose.len() * 2 >= tight
        && tight + loose.len() == gaps.len())
    .then(|| crate::lines::median(loose))
}

/// Whether `gl` follows the line above it clearly closer than the table's
/// rows follow each other (a quarter of a font size or more): the next
/// line of the same cell, set at the text's line spacing.
fn closer_than_rows(rhythm: Option<f64>, above: &GridLine, gl: &GridLine) -> bool {
    let Some(rhythm) = rhythm else { return false };
    let pitch = gl.base - above.base;
    above.page == gl.page && pitch >= 0.8 * gl.fs && pitch < rhythm - 0.25 * gl.fs
}

/// Whether the label text of `gl` starts where the label text of the row
/// above starts (after any identifier in front of it), in the same weight.
fn label_under(row: &RowAcc, gl: &GridLine) -> bool {
    let Some(above) = row.lines.iter().rev().find_map(|g| g.cells.first()?.last()) else {
        return false;
    };
    let Some(first) = gl.cells.first().and_then(|c| c.first()) else {
        return false;
    };
    above.bold == first.bold && (above.bbox.x0 - first.bbox.x0).abs() < gl.fs
}

/// A post or chapter number, an account code: one token with a digit, of
/// at most six characters.
fn is_identifier(t: &str) -> bool {
    let t = t.trim();
    !t.is_empty()
        && !t.contains(' ')
        && t.chars().count() <= 6
        && t.chars().any(|c| c.is_ascii_digit())
}

/// Whether `gl` carries the foot of a cell set at its foot: the row above
/// is one label line without values or identifier, and `gl` holds the
/// identifier (left of where that label starts) and sits closer to it than
/// it sits to the row before it. The lines of such a cell are closer to
/// each other than rows are.
fn foot_of_cell(prev: &RowAcc, gl: &GridLine, gap: f64, gap_above: Option<f64>) -> bool {
    let Some(gap_above) = gap_above else {
        return false;
    };
    let (Some(head), Some(id)) = (
        prev.lines.first().and_then(|g| g.cells.first()?.first()),
        gl.cells.first().and_then(|c| c.first()),
    ) else {
        return false;
    };
    prev.lines.len() == 1
        && !prev.has_values()
        && id.bbox.x1 < head.bbox.x0 - 0.3 * gl.fs
        && is_identifier(&id.text)
        && gl.cells.first().is_some_and(|c| c.len() >= 2)
        && gap < gap_above - 0.2 * gl.fs
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
/// `widest`: per grid column, the widest segment any of the table's lines
/// sets in it (empty where unknown).
fn values_join(prev: &RowAcc, gl: &GridLine, lead: f64, widest: &[f64]) -> bool {
    // Per column: joins, does not, or (a number right under a number, a
    // line's spacing apart, that does not go on from it) a tight pair.
    #[derive(PartialEq)]
    enum Join {
        Yes,
        /// Wrapped text of a text cell goes on.
        TextOn,
        Tail,
        No,
        TightPair,
        /// Words going on under a number in a text cell ("11,9" over
        /// "prosent per 2024"): the number is the head of a phrase.
        Phrase,
    }
    let joins: Vec<Join> = (1..gl.cells.len())
        .map(|c| {
            let now: Vec<&str> = gl.cells[c].iter().map(|s| s.text.as_str()).collect();
            let now = now.join(" ");
            if now.is_empty() {
                return Join::Yes;
            }
            let before = prev.cell_text(c);
            if before.is_empty() {
                return Join::Yes;
            }
            // Two marks of one glyph or a short word each ("^" over "v", "Ja"
            // over "Nei") are the values of two rows, not a wrapped cell: a cell
            // wraps only when its line is full.
            let tiny = |t: &str| !t.contains(' ') && t.chars().count() <= 3;
            match (parse(&before), parse(&now)) {
                (Parsed::Text, Parsed::Text) if tiny(&before) && tiny(&now) => Join::No,
                // Wrapped text inside a text cell.
                (Parsed::Text, Parsed::Text) => Join::TextOn,
                (Parsed::Text, _) => Join::Yes,
                // A unit wrapped under its number ("-1,6" over "%").
                (Parsed::Number(_), Parsed::Text) => {
                    if now.chars().count() <= 6 && !now.chars().any(|c| c.is_ascii_digit()) {
                        Join::Yes
                    } else if now.contains(' ')
                        && now.chars().next().is_some_and(char::is_lowercase)
                    {
                        Join::Phrase
                    } else {
                        Join::No
                    }
                }
                // The thousands tail of a number wrapped in its cell ("11" over
                // "244"): only on the line right below the head, a line's
                // spacing apart. Two numbers of two rows never join.
                _ => {
                    let head = prev
                        .lines
                        .iter()
                        .rev()
                        .find(|l| l.cells.get(c).is_some_and(|v| !v.is_empty()));
                    let tight = head.is_some_and(|h| space_between(h, gl, lead) < 0.35 * gl.fs);
                    // The end of a number the typesetter broke where it
                    // had no room: a digit or two, no separator.
                    let fragment = now.len() <= 2
                        && now.chars().all(|c| c.is_ascii_digit())
                        && before.chars().last().is_some_and(|c| c.is_ascii_digit());
                    // A number cut right after its decimal comma ("106,"
                    // over "8") is never whole: its digits go on below.
                    let decimals = (crate::lines::cut_after_decimal(&before)
                        && now.chars().all(|c| c.is_ascii_digit()))
                        || crate::lines::date_cut(&before, &now);
                    // The head fills its column (no line in it is wider):
                    // the column had no room for one more digit. Or, the
                    // tail on a line of its own with no label, head and
                    // tail together are wider than any line in the column
                    // (a bold sum's wider digits, "55" over "5").
                    let tail_w: f64 = gl.cells[c].iter().map(|s| s.bbox.x1 - s.bbox.x0).sum();
                    let unlabelled = gl.cells.first().is_none_or(Vec::is_empty);
                    // (The head's whole cell: a number whose digit groups
                    // stand apart as segments, "11" "24".)
                    let fills = head.and_then(|h| h.cells.get(c)).is_some_and(|v| {
                        let (Some(first), Some(last)) = (v.first(), v.last()) else {
                            return false;
                        };
                        let head_w = last.bbox.x1 - first.bbox.x0;
                        widest.get(c).is_some_and(|w| {
                            head_w >= w - 0.5 || (unlabelled && head_w + tail_w > w + 0.5)
                        })
                    });
                    // Over a page break a value never whole goes on
                    // however far below its head.
                    let broken = decimals && head.is_some_and(|h| h.page != gl.page);
                    match (tight, continues_number(&before, &now) || decimals) {
                        (true, true) => Join::Tail,
                        (false, true) if broken => Join::Tail,
                        (true, false) if fragment && fills => Join::Tail,
                        (true, false) if fragment => Join::TightPair,
                        _ => Join::No,
                    }
                }
            }
        })
        .collect();
    // Numbers wrapped in narrow cells: where one column shows a thousands
    // tail, a tight pair in another is a number broken where no space was
    // ("129" over "5") — one cell, read as the malformed number it then is
    // (no value), never the head alone as a number of its own.
    // Likewise beside a text cell that goes on on this line.
    let tails = joins.contains(&Join::Tail) || joins.contains(&Join::TextOn);
    // A phrase under a number goes on only where the row's text goes on
    // beside it: a wrapped text cell in another column, or a label line
    // going on in lower case — a row of text cells set in paragraphs.
    let text_on = joins.contains(&Join::TextOn) || starts_lower(&gl.label());
    joins.iter().all(|j| {
        matches!(j, Join::Yes | Join::TextOn | Join::Tail)
            || (tails && *j == Join::TightPair)
            || (text_on && *j == Join::Phrase)
    })
}

/// The cells of two rows that hold one number broken between them: a row
/// set centred on its label line whose number in a column starts above that
/// line and goes on, a line's spacing below the row, on a line of values
/// without a label that did not join the row (a cell beside it would not
/// go on: "( 38 396" over "165,19)"). Neither part is the number printed
/// ("1 794" over "564,81" is 1 794 564,81). Or a date cut between two rows
/// in a column of dates. (Row index, grid column) of both parts, to be
/// read as no value.
pub(crate) fn numbers_broken_between_rows(rows: &[RowAcc], lead: f64) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (i, pair) in rows.windows(2).enumerate() {
        let [row, under] = pair else { continue };
        let Some(g) = under.lines.first() else {
            continue;
        };
        // A line of values without a label under a labelled row (in a
        // table without labels every row is such a line).
        if row.label().is_empty() || !under.label().is_empty() {
            continue;
        }
        for c in 1..g.cells.len() {
            let now = g.text_in(c);
            let before = row.cell_text(c);
            if now.is_empty() || !matches!(parse(&before), Parsed::Number(_)) {
                continue;
            }
            let head = row
                .lines
                .iter()
                .rev()
                .find(|l| l.cells.get(c).is_some_and(|v| !v.is_empty()));
            // The head set above the row's label line, the tail below it:
            // a number wrapped around the label line of a centred row.
            let around_label = head.is_some_and(|h| {
                h.cells.first().is_none_or(Vec::is_empty)
                    && row.lines.iter().any(|l| {
                        l.page == h.page
                            && l.y0 > h.y0
                            && l.cells.first().is_some_and(|v| !v.is_empty())
                    })
            });
            // The tail right under the row, a line's spacing below it.
            let tight = row
                .lines
                .last()
                .is_some_and(|l| l.page == g.page && space_between(l, g, lead) < 0.35 * g.fs);
            if around_label && tight && continues_number(&before, &now) {
                out.push((i, c));
                out.push((i + 1, c));
            }
        }
    }
    // A date cut between two rows ("04.0" ending one, "4.24" starting the
    // next: a row broken over a page break whose lines did not go on it)
    // in a column of dates: neither part is a number.
    let n = column_count(rows);
    let date_cols: Vec<bool> = (0..n)
        .map(|c| rows.iter().any(|r| crate::lines::is_date(&r.cell_text(c))))
        .collect();
    for (i, pair) in rows.windows(2).enumerate() {
        let [row, under] = pair else { continue };
        let Some(g) = under.lines.first() else {
            continue;
        };
        for c in 1..g.cells.len() {
            let (before, now) = (row.cell_text(c), under.cell_text(c));
            if date_cols.get(c).copied().unwrap_or(false) && crate::lines::date_cut(&before, &now) {
                out.push((i, c));
                out.push((i + 1, c));
            }
        }
    }
    out
}

/// Whether a line's box reaches into the boxes of a row's lines on its page
/// by more than a quarter of the smaller height.
pub(crate) fn overlaps_row(row: &RowAcc, gl: &GridLine) -> bool {
    row.lines.iter().any(|l| overlap_y(l, gl))
}

/// Whether two lines of one page overlap vertically by more than a quarter
/// of the smaller height (a centred cell between the lines of a wrapped one).
pub(crate) fn overlap_y(a: &GridLine, b: &GridLine) -> bool {
    a.page == b.page && spans_overlap((a.y0, a.y1), (b.y0, b.y1))
}

/// Whether two vertical spans (top, bottom) overlap by more than a quarter
/// of the shorter: two lines set into each other, not just touching.
pub(crate) fn spans_overlap(a: (f64, f64), b: (f64, f64)) -> bool {
    let ov = a.1.min(b.1) - a.0.max(b.0);
    let h = (a.1 - a.0).min(b.1 - b.0).max(0.1);
    ov > 0.25 * h
}

/// The line spacing of a table's text: the smallest distance between the
/// baselines of two consecutive lines that is at least nine tenths of the
/// font size (lines of one wrapped cell, or rows set without padding), and
/// at most 1.25 font sizes (a table whose rows are all one line and padded
/// shows no leading of its own). Set vertically centred cells stand closer
/// and are not counted. A wider spacing (up to 2.2 font sizes: a word
/// processor's 1.5 or double line spacing kept in the table) is the
/// leading where it parts the lines of wrapped cells (one of the two
/// lines holds no value) and rows of values, one line each, stand clearly
/// further apart.
pub(crate) fn leading(lines: &[GridLine]) -> f64 {
    let fs = crate::lines::median(lines.iter().map(|g| g.fs).collect()).max(1.0);
    // (pitch, whether both lines hold values) of consecutive lines, and of
    // the two label lines around a line of values set between them (a
    // value centred beside a label of two lines: its own pitches are half
    // the leading).
    let mut pairs: Vec<(f64, bool)> = lines
        .windows(2)
        .filter(|w| w[0].page == w[1].page)
        .map(|w| {
            (
                w[1].base - w[0].base,
                w[0].has_values() && w[1].has_values(),
            )
        })
        .collect();
    let consecutive = pairs
        .iter()
        .map(|(p, _)| *p)
        .filter(|p| *p >= 0.9 * fs)
        .fold(f64::MAX, f64::min);
    pairs.extend(
        lines
            .windows(3)
            .filter(|w| {
                w[0].page == w[2].page
                    && w[1].base - w[0].base < 0.9 * fs
                    && w[2].base - w[1].base < 0.9 * fs
            })
            .map(|w| (w[2].base - w[0].base, false)),
    );
    pairs.retain(|(p, _)| *p >= 0.9 * fs);
    let pitch = |keep: &dyn Fn(bool) -> bool| {
        pairs
            .iter()
            .filter(|(_, values)| keep(*values))
            .map(|(p, _)| *p)
            .fold(f64::MAX, f64::min)
    };
    let least = pitch(&|_| true);
    if least > 1.25 * fs && least <= 2.2 * fs {
        let rows = pitch(&|values| values);
        let in_cell = pitch(&|values| !values);
        // (Where no two lines of values follow each other, every row of
        // values wrapping its label: a line of values that close to a
        // label line, and row gaps wider than that spacing between a
        // quarter of the lines or more.)
        let at = pairs
            .iter()
            .filter(|(p, _)| (*p - least).abs() <= 0.1 * fs)
            .count();
        let wider = pairs
            .iter()
            .filter(|(p, _)| *p >= least + 0.25 * fs)
            .count();
        let beside_values = lines
            .windows(2)
            .filter(|w| w[0].page == w[1].page && w[0].has_values() != w[1].has_values())
            .any(|w| (w[1].base - w[0].base - least).abs() <= 0.1 * fs);
        let wrapped_rows = rows == f64::MAX && beside_values && wider >= 2 && wider * 4 >= at;
        if in_cell == least && (in_cell + 0.2 * fs < rows || wrapped_rows) {
            return in_cell;
        }
    }
    consecutive.min(1.25 * fs).max(0.9 * fs)
}

/// The space between two lines: the distance of their baselines beyond the
/// table's leading (0 for the lines of one wrapped cell, the padding between
/// rows otherwise). Measured on baselines, not boxes: a font's box may be
/// tall (every box gap looks small) or short (every box gap looks wide).
pub(crate) fn space_between(a: &GridLine, b: &GridLine, lead: f64) -> f64 {
    if a.page == b.page {
        b.base - a.base - lead
    } else {
        f64::MAX
    }
}

/// Whether the lines of a table show cell padding: the median gap between
/// consecutive lines is clearly larger than a wrapped line's gap.
pub(crate) fn padded(lines: &[GridLine], lead: f64) -> bool {
    let mut gaps: Vec<f64> = Vec::new();
    let mut fss: Vec<f64> = Vec::new();
    for w in lines.windows(2) {
        if w[0].page == w[1].page {
            gaps.push(space_between(&w[0], &w[1], lead));
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
        let gap = space_between(&w[0], &w[1], lead);
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

/// How the lines of one table group into rows: what the merge decision of
/// [`group_rows_onto`] reads besides the two lines.
struct Grouping<'a> {
    padded: bool,
    lead: f64,
    hrules: &'a [BBox],
    fully_ruled: bool,
    /// The right edge of the label column where labels wrap (else `MAX`).
    label_right: f64,
    /// The usual distance between rows, where the table has one.
    rhythm: Option<f64>,
    /// Where the widest line of the label column ends.
    label_edge: f64,
    /// The gap between rows of a table whose lines are either a row gap or
    /// no gap apart ([`two_pitch`]).
    row_gap: Option<f64>,
    /// Per grid column, the widest segment of the fragment's lines.
    widest: &'a [f64],
    /// Whether the rows, set tight, wrap their labels below the line of
    /// their values ([`labels_wrap_below`]).
    wraps_below: bool,
}

/// Whether `last`, the only segment of its line in a column whose widest
/// line ends at `right`, is the first part of a token the typesetter broke
/// because it was wider than the column, `head` (the first word of the
/// next line) its rest: one word reaching the column's edge, cut between two
/// characters that are not letters (a digit, a slash, a bracket). A cut
/// between letters may as well be the end of a word, so it is not one.
fn broken_token(last: &Seg, head: &str, right: f64, fs: f64) -> bool {
    // A code of letters and figures ("(f242/f243/f273/f" over "276/f281)")
    // may break after a letter when a figure goes on.
    let code = last.text.contains(|c: char| c.is_ascii_digit()) && last.text.contains('/');
    !last.text.contains(char::is_whitespace)
        && last.text.chars().count() >= 8
        && last.bbox.x1 >= right - 0.6 * fs
        && last.text.chars().last().is_some_and(|ch| {
            ch.is_ascii_digit() || "/([".contains(ch) || (code && ch.is_alphabetic())
        })
        && head
            .chars()
            .next()
            .is_some_and(|ch| ch.is_ascii_digit() || ")]/".contains(ch))
}

/// Whether the first `k` lines of `next` are label lines that end the
/// label of `row` above it (centred beside its values): the same weight,
/// tight under it, and `next` keeps its values and at least as many label
/// lines above them as below.
fn lead_lines(next: &RowAcc, k: usize, row: &RowAcc, lead: f64) -> bool {
    let label_only = |g: &GridLine| !g.label().is_empty() && !g.has_values();
    let weight = |g: &GridLine| g.cells.first().map(|c| c.iter().all(|s| s.bold));
    let Some(v) = next.lines.iter().position(GridLine::has_values) else {
        return false;
    };
    let below = next.lines[v + 1..].len();
    let label_weight = row.lines.iter().find(|g| !g.label().is_empty()).map(weight);
    v >= k
        && v - k >= below
        && next.lines[v + 1..].iter().all(label_only)
        && next.lines[..k]
            .iter()
            .all(|g| label_only(g) && Some(weight(g)) == label_weight)
        && row
            .lines
            .last()
            .zip(next.lines.first())
            .is_some_and(|(a, b)| a.page == b.page && space_between(a, b, lead) < 0.6 * b.fs)
}

/// Whether `last`, one word of letters reaching the column's right edge
/// `right`, goes on in `next`, the next line of the cell: the end of a
/// word too wide for its column, one or two lower-case letters alone
/// ("Renovasjo" over "n"; a short word of its own only after a long
/// compound), or one lower-case consonant before more words
/// ("heldøgnsbemannin" over "g (prosent)": no word of the languages read
/// is a lone consonant); in a row's cell also the short rest of a long
/// compound, in a `header` two or three letters before more (below).
fn broken_word(last: &Seg, next: &str, right: f64, fs: f64, header: bool) -> bool {
    let letters = |t: &str| t.chars().all(char::is_alphabetic);
    let lower = |t: &str| letters(t) && t.chars().all(char::is_lowercase);
    let mut words = next.split_whitespace();
    let head = words.next().unwrap_or("");
    let rest = words.next().is_some();
    // (A word of its own, "og" under "regnskap", only after a compound
    // too long for the column: "investeringsregnskap" over "et"; a word of
    // measure, "kg" under "Egenvekt", never.)
    let alone = !rest
        && (1..=2).contains(&head.chars().count())
        && lower(head)
        && !kommunetall_lexicon::label::measure_word(head)
        && (!kommunetall_lexicon::label::function_word(head) || last.text.chars().count() >= 10);
    let consonant = rest
        && head.chars().count() == 1
        && lower(head)
        && !head.chars().any(|c| "aeiouyæøåäö".contains(c));
    // In a heading, two or three lower-case letters before more of it that
    // are no word of their own ("Trondhe" over "im 2023").
    let short = header
        && rest
        && (2..=3).contains(&head.chars().count())
        && lower(head)
        && !kommunetall_lexicon::label::function_word(head)
        && !kommunetall_lexicon::label::measure_word(head);
    // Or a long word (ten letters or more, a compound a narrow column
    // cannot hold) that fills its line alone to the column's edge and goes
    // on in a short lower-case piece that is no word of its own
    // ("sosialhjelpsmottak" over "ere 18-66 år", "heldøgnsbeman" over
    // "ning (prosent)"). A word ending a line of several is a plain wrap.
    let piece = head.trim_end_matches([',', '.', ';', ':', ')']);
    let rest_of_word = !header
        && last.text.chars().count() >= 10
        && (1..=4).contains(&piece.chars().count())
        && lower(piece)
        && !kommunetall_lexicon::label::function_word(piece);
    last.words.len() == 1
        && last.text.chars().count() >= 4
        && letters(&last.text)
        && last.bbox.x1 >= right - 0.6 * fs
        && (alone || consonant || short || rest_of_word)
}

/// The pieces of one word the typesetter broke over the cell lines
/// `lines` (each line's segments in the column), from the last word of
/// the first line on: up to four pieces, the middle ones alone on their
/// lines, that joined are a word the document prints whole. Empty when
/// there is none.
fn broken_pieces<'a>(lines: &[(&'a Vec<Seg>, f64)], words: &crate::words::Words) -> Vec<&'a str> {
    let Some(first) = lines.first().and_then(|(v, _)| v.last()) else {
        return Vec::new();
    };
    let mut pieces: Vec<&str> = vec![first.text.as_str()];
    for (k, (v, _)) in lines.iter().enumerate().skip(1) {
        let Some(head) = v.first().and_then(|s| s.text.split_whitespace().next()) else {
            break;
        };
        pieces.push(head);
        if words.joins(&pieces) {
            return pieces;
        }
        let alone = v.len() == 1 && v[0].words.len() == 1;
        if !alone || k + 1 >= lines.len() || pieces.len() >= 4 {
            break;
        }
    }
    Vec::new()
}

/// Joins the `pieces` of a broken word again in `text`, where they stand a
/// space apart.
fn mend_pieces(text: &mut String, pieces: &[&str]) {
    let Some((first, rest)) = pieces.split_first() else {
        return;
    };
    let mut acc = (*first).to_owned();
    for next in rest {
        let spaced = format!("{acc} {next}");
        if let Some(at) = text.find(&spaced) {
            text.replace_range(at + acc.len()..=at + acc.len(), "");
        }
        acc.push_str(next);
    }
}

/// Whether `last`, a run of digits reaching the column's right edge
/// `right`, and `head`, a digit or two on the next line, are one number the
/// typesetter broke where it had no room ("1697" over "8" is 16 978): read
/// with a space between they are no number, read as one they are.
fn broken_number(last: &Seg, head: &str, right: f64, fs: f64) -> bool {
    let digits = |t: &str| !t.is_empty() && t.chars().all(|c| c.is_ascii_digit());
    (digits(&last.text) || crate::lines::decimals(&last.text).is_some())
        && last.text.len() >= 3
        && (1..=2).contains(&head.len())
        && digits(head)
        && last.bbox.x1 >= right - 0.6 * fs
        && !matches!(parse(&format!("{} {head}", last.text)), Parsed::Number(_))
        && matches!(parse(&format!("{}{head}", last.text)), Parsed::Number(_))
}

/// Whether the segments `cell` of one line, digit groups ("11 24", or set
/// apart: "11" "24"; reaching the column's right edge `right`), and `head`, a digit or
/// two on the next line, are one number the typesetter broke where it had
/// no room ("11 24" over "4" is 11 244): apart they are no number, joined
/// they are.
fn broken_groups(cell: &[Seg], head: &str, right: f64, fs: f64) -> bool {
    let Some(last) = cell.last() else {
        return false;
    };
    let joined: Vec<&str> = cell.iter().map(|s| s.text.as_str()).collect();
    let joined = joined.join(" ");
    let digits = |t: &str| !t.is_empty() && t.chars().all(|c| c.is_ascii_digit());
    joined.split(' ').all(digits)
        && (1..=2).contains(&head.len())
        && digits(head)
        && last.bbox.x1 >= right - 0.6 * fs
        && !matches!(parse(&joined), Parsed::Number(_))
        && !matches!(parse(&format!("{joined} {head}")), Parsed::Number(_))
        && matches!(parse(&format!("{joined}{head}")), Parsed::Number(_))
}

/// A label line of note marks only ("*", "**", "†"): the end of the label
/// above, wrapped onto a line of its own.
fn mark_only(label: &str) -> bool {
    !label.is_empty() && label.chars().all(|c| "*†‡§".contains(c))
}

/// Whether a label line `label` goes on with a token broken at the end of
/// the last label line of row `prev` ([`broken_token`]).
fn after_broken_token(prev: &RowAcc, label: &str, label_edge: f64) -> bool {
    let head = label.split_whitespace().next().unwrap_or("");
    prev.lines
        .iter()
        .rev()
        .find_map(|g| g.cells.first().filter(|v| !v.is_empty()).map(|v| (v, g.fs)))
        .is_some_and(|(v, fs)| v.len() == 1 && broken_token(&v[0], head, label_edge, fs))
}

/// Groups body lines (of one page fragment) into rows, continuing after the rows already built (a table
/// continued on a new page): a first line with an empty label and only text
/// continues the last row.
pub(crate) fn group_rows_onto(
    mut rows: Vec<RowAcc>,
    lines: Vec<GridLine>,
    padded: bool,
    lead: f64,
    hrules: &[BBox],
    fully_ruled: bool,
    table_row_gap: Option<f64>,
) -> Vec<RowAcc> {
    // Where the widest line of the label column ends, over the table so far.
    let label_edge = rows
        .iter()
        .flat_map(|r| &r.lines)
        .chain(&lines)
        .filter_map(|g| g.cells.first()?.last())
        .map(|s| s.bbox.x1)
        .fold(f64::MIN, f64::max);
    let mut lines = lines;
    let before = rows.last().cloned();
    let taken = continue_over_page_break(&mut rows, &lines, lead, label_edge);
    // Rows beside a tall text column set tight: whether the lines at the
    // page's top go on the row of the page before is the centred rows'
    // to say (how many they carry over), when they can be read so.
    if taken > 0
        && !fully_ruled
        && let Some(prev) = before
    {
        let all = join_wrapped_minus(lines.clone(), lead);
        let fs = crate::lines::median(all.iter().map(|g| g.fs).collect());
        let blocks = cell_blocks(&all, lead, fs);
        if let Some((carried, block_rows)) =
            crate::tall::rows_by_centres(&all, &blocks, lead, fs, true)
        {
            let last = rows.len() - 1;
            rows[last] = prev;
            rows[last].lines.extend(all[..carried].iter().cloned());
            rows.extend(block_rows.into_iter().map(|lines| RowAcc { lines }));
            return rows;
        }
    }
    lines.drain(..taken);
    let start = rows.len();
    let lines = join_wrapped_minus(lines, lead);
    // A table ruled between every row: the rules are the rows.
    if fully_ruled && !hrules.is_empty() {
        rows_by_rules(&mut rows, lines, start, hrules);
        return rows;
    }
    let fs = crate::lines::median(lines.iter().map(|g| g.fs).collect());
    let blocks = cell_blocks(&lines, lead, fs);
    if let Some(block_rows) = rows_by_cell_blocks(&lines, &blocks, lead, fs) {
        rows.extend(block_rows);
        return rows;
    }
    if let Some(block_rows) = rows_by_centred_blocks(&lines, lead) {
        rows.extend(block_rows);
        return rows;
    }
    if let Some((carried, block_rows)) =
        crate::tall::rows_by_centres(&lines, &blocks, lead, fs, start > 0)
    {
        if let Some(prev) = rows.last_mut() {
            prev.lines.extend(lines[..carried].iter().cloned());
        }
        rows.extend(block_rows.into_iter().map(|lines| RowAcc { lines }));
        return rows;
    }
    let n = lines.iter().map(|g| g.cells.len()).max().unwrap_or(0);
    let widest: Vec<f64> = (0..n)
        .map(|c| {
            lines
                .iter()
                .filter_map(|g| g.cells.get(c))
                .flatten()
                .map(|s| s.bbox.x1 - s.bbox.x0)
                .fold(0.0, f64::max)
        })
        .collect();
    let how = Grouping {
        widest: &widest,
        padded,
        lead,
        hrules,
        fully_ruled,
        label_right: label_right_where_labels_wrap(&lines),
        rhythm: row_rhythm(&lines),
        label_edge,
        // A fragment too short to show its rows' padding (a table's
        // first rows at a page's foot) takes the table's.
        row_gap: two_pitch(&lines, lead).or(table_row_gap),
        wraps_below: !padded && labels_wrap_below(&lines, lead, label_edge),
    };
    let mut lines = lines.into_iter().peekable();
    // Whether the row under construction began as the head of a cell set
    // at its foot ([`heads_below`]).
    let mut headed = false;
    while let Some(gl) = lines.next() {
        if rows.len() == start {
            rows.push(RowAcc { lines: vec![gl] });
            continue;
        }
        // The space above the row under construction.
        let gap_above = match rows.len().checked_sub(2).map(|k| &rows[k..]) {
            Some([before, cur]) => before
                .lines
                .last()
                .zip(cur.lines.first())
                .map(|(a, b)| space_between(a, b, lead)),
            _ => None,
        };
        let Some(prev) = rows.last_mut() else {
            continue;
        };
        let below = heads_below(prev, &gl, lines.peek(), lead);
        let joins = !below
            && ((headed && head_goes_on(prev, &gl, gap_above, &how))
                || (!heads_next(prev, &gl, lines.peek()) && joins_row(prev, &gl, gap_above, &how)));
        if joins {
            prev.lines.push(gl);
        } else {
            rows.push(RowAcc { lines: vec![gl] });
            headed = below;
        }
    }
    centred_label_heads(&mut rows, start, lead);
    rows
}

/// Whether `gl`, a line of cells without a label, is the top of the row
/// whose labelled line `next` it is set into (the two overlap: numbers
/// broken in their narrow cells, centred on the row's label line, "865"
/// over "Sum" over "168"; the cells of a row whose label wraps, "Ej
/// aktuellt" over its second line), not the rest of the row `prev` above
/// it, which it does not reach into and whose cells in its columns are
/// filled.
fn heads_next(prev: &RowAcc, gl: &GridLine, next: Option<&GridLine>) -> bool {
    gl.label().is_empty()
        && gl.has_values()
        && next.is_some_and(|n| !n.label().is_empty() && overlap_y(gl, n))
        && !overlaps_row(prev, gl)
        && gl
            .occupied()
            .iter()
            .all(|&c| c > 0 && !prev.cell_text(c).is_empty())
}

/// Whether `gl`, a line of label only or of cells only, is the head of the
/// row whose labelled line comes next rather than the rest of the row
/// `prev` above: it sits clearly closer to the next line than to the row's
/// last line. The lines of one cell are closer to each other than rows
/// are, so a label wrapped in a cell set at its foot ("19 år og" over
/// "under  144"), or cells wrapped beside it ("Ej" over "aktuellt"), start
/// that row; the rest of a label set at the top sits close under its row.
/// (A line with both label and cells stays where the rules put it: in a
/// cell of paragraphs, space between them is no row's edge.)
fn heads_below(prev: &RowAcc, gl: &GridLine, next: Option<&GridLine>, lead: f64) -> bool {
    let (Some(pl), Some(next)) = (prev.lines.last(), next) else {
        return false;
    };
    // A partial line: label only, or cells only.
    gl.label().is_empty() == gl.has_values()
        && !next.label().is_empty()
        && space_between(gl, next, lead) + 0.2 * gl.fs < space_between(pl, gl, lead)
}

/// Whether `gl` goes on the row `prev`, begun as the head of a cell set at
/// its foot ([`heads_below`]): it sits clearly closer to the row's last
/// line than the row to the one above it, the values do not clash, and
/// either
/// - the first word of `gl` did not fit on the head's line, and either
///   the head is a label in capitals and that word too ("POISTOERO JA
///   VAPAAEHTOISET" over "VARAUKSET"): capitals give no lower case to
///   tell a label's rest by, and a capital after a label in sentence case
///   starts a row of its own ("Skatt på grunnrentenæringer" over
///   "Petroleum"); or the head opens with an item's number and `gl` with
///   no number ("73 Refusjon – Norsk Rikstoto og Norsk" over "Tipping
///   AS"): the next item would open with its own; or
/// - the head holds cells without a label, each of text that goes on in
///   lower case in its column on `gl`, the row's label line ("Ej" over
///   "aktuellt"): no heading over numbers or over a cell of its own.
fn head_goes_on(prev: &RowAcc, gl: &GridLine, gap_above: Option<f64>, how: &Grouping<'_>) -> bool {
    let (Some(pl), Some(gap_above)) = (prev.lines.last(), gap_above) else {
        return false;
    };
    let capitals =
        |t: &str| t.chars().any(char::is_alphabetic) && !t.chars().any(char::is_lowercase);
    let text = |t: &str| !matches!(parse(t), Parsed::Number(_));
    let label = gl.label();
    let prev_label = prev.label();
    let first = label.split_whitespace().next();
    let numbered = opens_numbered(&prev_label)
        && first.is_some_and(|w| !w.chars().any(|c| c.is_ascii_digit()));
    let label_goes_on = ((capitals(&prev_label) && first.is_some_and(capitals)) || numbered)
        && broke_for_width(prev, gl, how.label_edge);
    let cells_go_on = prev_label.is_empty()
        && !label.is_empty()
        && (1..gl.cells.len().max(pl.cells.len())).all(|c| {
            let head = prev.cell_text(c);
            head.is_empty() || (text(&head) && starts_lower(&gl.text_in(c)))
        });
    pl.page == gl.page
        && space_between(pl, gl, how.lead) + 0.2 * gl.fs < gap_above
        && (label_goes_on || cells_go_on)
        && values_join(prev, gl, how.lead, how.widest)
}

/// In a table whose values stand vertically centred beside their labels
/// (some row has label lines both above and below its line of values),
/// a row's label runs as far above its values as below them. A row with
/// `k` label lines more below than above began `k` lines higher: a row of
/// `k` label lines without values right above it (tight, same weight) is
/// the top of its label, not a heading of its own. Likewise a row with `k`
/// more above goes on for `k` lines below ("67+år (kr)").
fn centred_label_heads(rows: &mut Vec<RowAcc>, start: usize, lead: f64) {
    let label_only = |g: &GridLine| !g.label().is_empty() && !g.has_values();
    // Label lines above and below a row's one line of values.
    let sides = |r: &RowAcc| -> Option<(usize, usize)> {
        let v = r.lines.iter().position(GridLine::has_values)?;
        let (up, down) = (&r.lines[..v], &r.lines[v + 1..]);
        (up.iter().all(label_only) && down.iter().all(label_only)).then_some((up.len(), down.len()))
    };
    let centred = rows[start.min(rows.len())..]
        .iter()
        .any(|r| sides(r).is_some_and(|(a, b)| a > 0 && b > 0));
    if !centred {
        return;
    }
    let weight = |g: &GridLine| g.cells.first().map(|c| c.iter().all(|s| s.bold));
    // Whether `piece` (`k` lines, all of label only) may join `row`: the
    // same weight, and `upper` sits tight on `lower` (the two in page order).
    let fits = |piece: &RowAcc, row: &RowAcc, k: usize, upper: &RowAcc, lower: &RowAcc| {
        piece.lines.len() == k
            && piece.lines.iter().all(label_only)
            && piece
                .lines
                .iter()
                .chain(row.lines.iter().filter(|g| !g.has_values()))
                .all(|g| weight(g) == weight(&piece.lines[0]))
            && upper
                .lines
                .last()
                .zip(lower.lines.first())
                .is_some_and(|(a, b)| a.page == b.page && space_between(a, b, lead) < 0.6 * b.fs)
    };
    let mut i = start;
    while i < rows.len() {
        let Some((up, down)) = sides(&rows[i]) else {
            i += 1;
            continue;
        };
        if down > up && i > start && fits(&rows[i - 1], &rows[i], down - up, &rows[i - 1], &rows[i])
        {
            let moved = rows.remove(i);
            rows[i - 1].lines.extend(moved.lines);
            i -= 1;
        } else if up > down
            && i + 1 < rows.len()
            && sides(&rows[i + 1]).is_none()
            && fits(&rows[i + 1], &rows[i], up - down, &rows[i], &rows[i + 1])
        {
            let moved = rows.remove(i + 1);
            rows[i].lines.extend(moved.lines);
        } else if up > down
            && i + 1 < rows.len()
            && lead_lines(&rows[i + 1], up - down, &rows[i], lead)
        {
            // The next row starts with the missing lines and stays whole
            // without them (as many label lines above its values as below).
            let k = up - down;
            let moved: Vec<GridLine> = rows[i + 1].lines.drain(..k).collect();
            rows[i].lines.extend(moved);
            i += 1;
        } else {
            i += 1;
        }
    }
}

/// Whether rows of a table usually have a label: fewer than a third of
/// `rows` without one (a first column naming a group on its first row
/// only leaves most rows without).
fn labels_usual(rows: &[RowAcc]) -> bool {
    rows.iter().filter(|r| r.label().is_empty()).count() * 3 < rows.len()
}

/// Whether every value cell a line sets text in goes on the row `prev` in
/// lower case ("ga høyere kostnader" under "Endringer i avgiften") or is
/// the unit of its number ("GWh" under "690,3"), not a row's first line
/// ("Drivstoff i bussene").
fn cells_go_on_in_lower_case(prev: &RowAcc, g: &GridLine) -> bool {
    (1..g.cells.len()).all(|c| {
        let t = g.text_in(c);
        let unit = t.chars().count() <= 6
            && !t.chars().any(|ch| ch.is_ascii_digit())
            && matches!(parse(&prev.cell_text(c)), Parsed::Number(_));
        t.is_empty() || crate::lines::lower_tail(&t) || unit
    })
}

/// The first lines of a page that finish the last row of the page before:
/// its text cells, or the rest of a label wrapped over the page break (all
/// of them when every line of the fragment goes on one of its cells, else
/// line by line, each asked by [`goes_on`]). How many of `lines` it took
/// (onto the last of `rows`).
fn continue_over_page_break(
    rows: &mut [RowAcc],
    lines: &[GridLine],
    lead: f64,
    label_edge: f64,
) -> usize {
    // A number its cell broke over the page break ("13" at the foot,
    // "962" under the header repeated; "12,7" or "174," there, "5" here): a line
    // without a label whose every cell is the thousands tail of the number
    // above it, or the last of its decimals.
    if let Some((prev, before_rows)) = rows.split_last_mut()
        && let Some(first) = lines.first()
        && first.label().is_empty()
        && first.page != prev.lines.last().map_or(first.page, |l| l.page)
    {
        let cells: Vec<(usize, String)> = (1..first.cells.len())
            .map(|c| (c, first.text_in(c)))
            .filter(|(_, t)| !t.is_empty())
            .collect();
        // The column's other numbers: the rows above and the lines below.
        let below = &lines[1..lines.len().min(31)];
        let column = |c: usize| -> Vec<String> {
            before_rows
                .iter()
                .map(|r| r.cell_text(c))
                .chain(below.iter().map(|g| g.text_in(c)))
                .collect()
        };
        let tail = |c: usize, t: &str| {
            let before = prev.cell_text(c);
            // A number cut right after its decimal comma ("174," at the
            // foot) is never whole: its digits go on here.
            let cut =
                crate::lines::cut_after_decimal(&before) && t.chars().all(|ch| ch.is_ascii_digit());
            let column = column(c);
            cut || (matches!(parse(&before), Parsed::Number(_))
                && crate::lines::number_goes_on(&before, t, column.iter().map(String::as_str)))
                || broken_like_others(prev, before_rows, lines, c, t)
        };
        // Beside such tails, the unit mark of a number at the foot ("74"
        // there, "%" here) where the column's numbers carry it.
        let mark = |c: usize, t: &str| {
            let before = prev.cell_text(c);
            let carried = column(c).iter().filter(|o| o.ends_with(t)).count();
            t.chars().count() <= 2
                && !t.chars().any(char::is_alphanumeric)
                && matches!(parse(&before), Parsed::Number(_))
                && matches!(parse(&format!("{before}{t}")), Parsed::Number(_))
                && carried >= 2
        };
        // (Each cell asked once: the column's numbers are gathered anew
        // for every question.)
        let is_tail: Vec<bool> = cells.iter().map(|(c, t)| tail(*c, t)).collect();
        let tails = is_tail.contains(&true)
            && cells
                .iter()
                .zip(&is_tail)
                .all(|((c, t), &is)| is || mark(*c, t));
        if tails {
            tracing::trace!(
                page = first.page,
                "numbers broken over the page break joined"
            );
            prev.lines.push(first.clone());
            return 1;
        }
    }
    let mut taken = 0;
    let usual = labels_usual(&rows[..rows.len().saturating_sub(1)]);
    if let (Some(prev), Some(first)) = (rows.last_mut(), lines.first()) {
        // Text only, or numbers that go on one the row ends a column with
        // (the year of a date cut before it, "08.10" over ".24").
        let text_only = (0..first.cells.len()).all(|c| {
            let now = first.text_in(c);
            let before = prev.cell_text(c);
            now.is_empty()
                || matches!(parse(&now), Parsed::Text)
                || (!before.is_empty() && crate::lines::date_cut(&before, &now))
        });
        let goes_on = first.label().is_empty()
            && text_only
            && values_join(prev, &set_on(prev, first, lead), lead, &[]);
        // (Where rows without a label are common, only text going on in
        // lower case says so.)
        let goes_on = goes_on && (usual || cells_go_on_in_lower_case(prev, first));
        // Unless the line is the top of a row of its own: the line below it
        // overlaps it (values set centred beside its wrapped text) and holds
        // values that cannot go on the row ("690,3 GWh" under "6,9 %").
        let heads_row = lines.get(1).is_some_and(|next| {
            next.page == first.page
                && next.y0 < first.y1 - 0.25 * first.fs
                && next.has_values()
                && !values_join(prev, &set_on(prev, next, lead), lead, &[])
        });
        if goes_on && !heads_row {
            prev.lines.push(first.clone());
            taken = 1;
        }
    }
    // A label wrapped over the page break: its remaining lines (starting in
    // lower case, or after an unfinished line) continue the last row. So
    // does a label line without values whose first word would not have
    // fitted on the row's last label line, in a table whose rows set their
    // cells at the top and wrap their labels below their values.
    // The row broken over the page break is no evidence: its cells may
    // have gone on at the next page's top whatever their alignment.
    let parted = rows_parted(rows, lead);
    let figure_labels = figure_labels_head_rows(rows, lines);
    let how = Onto {
        whole: false,
        parted: &parted,
        wraps_below: set_at_top(&rows[..rows.len().saturating_sub(1)]),
        label_edge,
        lead,
        figure_labels,
    };
    let Some(prev) = rows.last_mut() else {
        return taken;
    };
    if let Some((row, k)) = broken_row_whole(prev, lines, taken, &how) {
        *prev = row;
        return k;
    }
    while let Some(next) = lines.get(taken) {
        if !goes_on(prev, next, taken, &how) {
            break;
        }
        prev.lines.push(next.clone());
        taken += 1;
    }
    taken
}

/// A row broken over the page break that fills the rest of the fragment:
/// every line from the `taken`-th goes on one of its cells (text only). The
/// looser signs hold only when no row of its own follows: a cell of the
/// next row may stand beside the broken row's last lines.
/// Or, short of that, up to a line that ends a date the row cut at the
/// foot: that line is the row's, and so are the lines above it that go on
/// its cells (its text centred on the row, set around the date's end) and
/// those right under it that go on them in lower case. The row with those
/// lines, and how many lines of the fragment it took in all.
fn broken_row_whole(
    prev: &RowAcc,
    lines: &[GridLine],
    taken: usize,
    how: &Onto,
) -> Option<(RowAcc, usize)> {
    let mut whole = prev.clone();
    let mut k = taken;
    let mut date_end = None;
    while let Some(next) = lines.get(k) {
        if !goes_on(
            &whole,
            next,
            k,
            &Onto {
                whole: true,
                ..*how
            },
        ) {
            break;
        }
        // (The lines right under the date's end going on its text cells
        // in lower case: "kort sjekkliste -" under "Barnehage  4".)
        let lower_on = text_goes_on(next);
        if ends_date(&whole, next) || (lower_on && date_end.is_some_and(|(j, _)| j == k)) {
            date_end = Some((k + 1, whole.lines.len() + 1));
        }
        whole.lines.push(next.clone());
        k += 1;
    }
    if k == lines.len() && k > taken {
        return Some((whole, k));
    }
    let (k, n) = date_end?;
    whole.lines.truncate(n);
    Some((whole, k))
}

/// Whether labels that start with a figure and hold no capital ("20-24
/// år") head rows of their own in the table: a row before the page break,
/// or a line of the page fragment with values right under a row set on one
/// line of its own (a label's last line may start with a figure too).
fn figure_labels_head_rows(rows: &[RowAcc], lines: &[GridLine]) -> bool {
    let figure_label =
        |l: &str| l.starts_with(|c: char| c.is_ascii_digit()) && crate::lines::lower_tail(l);
    rows[..rows.len().saturating_sub(1)]
        .iter()
        .any(|r| figure_label(&r.label()) && r.lines.iter().any(GridLine::has_values))
        || lines.windows(2).skip(1).any(|w| {
            w[1].has_values()
                && figure_label(&w[1].label())
                && w[0].has_values()
                && !w[0].label().is_empty()
        })
}

/// Per column: whether the table's rows so far stand apart there by
/// padding, a tenth of a font size or more between the last line of a row's
/// cell and the first of the next row's on the same page, wherever two rows
/// have lines in the column, and at least once.
fn rows_parted(rows: &[RowAcc], lead: f64) -> Vec<bool> {
    fn in_c(r: &RowAcc, c: usize) -> impl DoubleEndedIterator<Item = &GridLine> {
        r.lines.iter().filter(move |l| !l.text_in(c).is_empty())
    }
    let n = column_count(rows);
    (0..n)
        .map(|c| {
            let mut seen = 0;
            for w in rows.windows(2) {
                let (Some(a), Some(b)) = (in_c(&w[0], c).next_back(), in_c(&w[1], c).next()) else {
                    continue;
                };
                if a.page != b.page {
                    continue;
                }
                if space_between(a, b, lead) < 0.1 * b.fs {
                    return false;
                }
                seen += 1;
            }
            seen > 0
        })
        .collect()
}

/// What [`goes_on`] knows of the table and the page fragment.
#[derive(Clone, Copy)]
struct Onto<'a> {
    /// The rest of the fragment is the broken row's (see
    /// `continue_over_page_break`): text going on any of its cells does.
    whole: bool,
    /// Per column: the table's rows are set apart there by padding (see
    /// [`rows_parted`]).
    parted: &'a [bool],
    /// The table's rows set their cells at the top and wrap their labels
    /// below their values.
    wraps_below: bool,
    /// Where the widest line of the label column ends.
    label_edge: f64,
    /// The table's leading.
    lead: f64,
    /// Labels that start with a figure and hold no capital ("20-24 år")
    /// head rows of their own in the table (a row of values beside them,
    /// under another such row): such a line at the page's top is no sign
    /// of a label going on.
    figure_labels: bool,
}

/// A line without a label whose every cell is text going on in lower case
/// ("bygge- og anleggsprosjekter" under "Andel av …"): the ends of a text
/// row's cells.
fn text_goes_on(next: &GridLine) -> bool {
    next.label().is_empty()
        && (0..next.cells.len())
            .all(|c| matches!(parse(&next.text_in(c)), Parsed::Text | Parsed::Empty))
        && (1..next.cells.len()).any(|c| !next.text_in(c).is_empty())
        && (1..next.cells.len()).all(|c| {
            let now = next.text_in(c);
            now.is_empty() || crate::lines::lower_tail(&now)
        })
}

/// A line without a label that ends a date the row's cell cut at the foot
/// ("25.04.2" there, "4" here), its other cells text: the row's cells going
/// on, not a row of their own.
fn ends_date(prev: &RowAcc, next: &GridLine) -> bool {
    next.label().is_empty()
        && (1..next.cells.len())
            .any(|c| crate::lines::date_cut(&prev.cell_text(c), &next.text_in(c)))
        && (1..next.cells.len()).all(|c| {
            let now = next.text_in(c);
            now.is_empty()
                || matches!(parse(&now), Parsed::Text)
                || crate::lines::date_cut(&prev.cell_text(c), &now)
        })
}

/// Whether line `next`, the `taken`-th of a page fragment (the ones before
/// it went on the row `prev` broken over the page break), goes on that row
/// too.
fn goes_on(prev: &RowAcc, next: &GridLine, taken: usize, how: &Onto) -> bool {
    let Onto {
        whole,
        parted,
        wraps_below,
        label_edge,
        lead,
        figure_labels,
    } = *how;
    let label = next.label();
    let ends_date = ends_date(prev, next);
    // A line without a label whose every cell is text going on in
    // lower case: the ends of a text row's cells ("bygge- og
    // anleggsprosjekter" under "Andel av …").
    let text = (0..next.cells.len())
        .all(|c| matches!(parse(&next.text_in(c)), Parsed::Text | Parsed::Empty));
    let cells_go_on = text_goes_on(next);
    // Or a line of text set into a line the row goes on with here
    // (rows do not interleave), in cells the row goes on in here. (A
    // cell of the next row, centred beside a tall cell of its own that
    // began on the page before, may stand beside them too.)
    let here = &prev.lines[prev.lines.len() - taken.min(prev.lines.len())..];
    let into_here = here.iter().any(|l| overlap_y(l, next));
    let parted_in = |c: usize| parted.get(c).copied().unwrap_or(false);
    let set_into = text
        && into_here
        && (0..next.cells.len())
            .all(|c| next.text_in(c).is_empty() || here.iter().any(|l| !l.text_in(c).is_empty()));
    // Or the next line of a text cell the row goes on with here, a
    // line's spacing below its last (no padding between).
    let next_in = |c: usize| {
        prev.lines
            .iter()
            .rev()
            .find(|l| !l.text_in(c).is_empty())
            .is_some_and(|l| space_between(l, next, lead) < 0.1 * next.fs)
    };
    // Or a line holding such a next line of one cell (and, beside it,
    // perhaps text of other cells the row has: a new paragraph of its
    // comment, "Anlegg: …", beside "anleggsprosjekter gjennomført"):
    // inside the row, so all of it the row's.
    let next_line = text
        && taken > 0
        && label.is_empty()
        && (1..next.cells.len()).any(|c| !next.text_in(c).is_empty() && next_in(c))
        && (1..next.cells.len())
            .all(|c| next.text_in(c).is_empty() || next_in(c) || !prev.cell_text(c).is_empty());
    // Where the table's rows stand apart by padding, a text cell going on
    // a line's spacing below its last line goes on the row, and so do the
    // cells beside it that go on a cell left unfinished ("trafikkarbeid
    // i" there, "Trondheim" here) or in lower case: a new row starts
    // below padding.
    let padded_on = text
        && taken > 0
        && label.is_empty()
        && (1..next.cells.len()).any(|c| !next.text_in(c).is_empty() && parted_in(c) && next_in(c))
        && (1..next.cells.len()).all(|c| {
            let now = next.text_in(c);
            now.is_empty()
                || next_in(c)
                || crate::lines::lower_tail(&now)
                || unfinished(&prev.cell_text(c))
        });
    // Or, there, a line of such ends alone set into lines the row went on
    // with here ("Trondheim" between two lines of its comment): rows
    // padded apart do not interleave.
    let padded_into = text
        && label.is_empty()
        && (1..next.cells.len()).any(|c| !next.text_in(c).is_empty())
        && into_here
        && here
            .iter()
            .filter(|l| overlap_y(l, next))
            .all(|l| (1..l.cells.len()).all(|c| l.text_in(c).is_empty() || parted_in(c)))
        && (1..next.cells.len()).all(|c| {
            let now = next.text_in(c);
            now.is_empty() || crate::lines::lower_tail(&now) || unfinished(&prev.cell_text(c))
        });
    (ends_date
        || padded_on
        || padded_into
        || (whole && (cells_go_on || set_into || next_line))
        || (!label.is_empty()
            && ((crate::lines::lower_tail(&label)
                && !(figure_labels && label.starts_with(|c: char| c.is_ascii_digit())))
                || unfinished(&prev.label())
                || splits_number(&prev.label(), &label)
                || after_broken_token(prev, &label, label_edge)
                || (mark_only(&label) && !next.has_values())
                || (wraps_below && !next.has_values() && broke_for_width(prev, next, label_edge)))))
        && values_join(prev, &set_on(prev, next, lead), lead, &[])
}

/// Whether `tail`, a digit or two alone in column `c` at the top of a page,
/// ends the number the last row `prev` ends that column with at the foot
/// of the page before, where the column is too narrow for its numbers: the
/// head fills the column (no line of it is wider), and a row above shows a
/// number of the column broken the same way (its last line a digit or two
/// under the rest).
fn broken_like_others(
    prev: &RowAcc,
    before_rows: &[RowAcc],
    lines: &[GridLine],
    c: usize,
    tail: &str,
) -> bool {
    let digits = |t: &str| (1..=2).contains(&t.len()) && t.chars().all(|ch| ch.is_ascii_digit());
    fn segs(r: &RowAcc, c: usize) -> Vec<&Seg> {
        r.lines
            .iter()
            .filter_map(|l| l.cells.get(c))
            .flatten()
            .collect()
    }
    let head = segs(prev, c);
    let [.., head] = head.as_slice() else {
        return false;
    };
    let widest = before_rows
        .iter()
        .chain(std::iter::once(prev))
        .flat_map(|r| &r.lines)
        .chain(lines)
        .filter_map(|l| l.cells.get(c))
        .flatten()
        .map(|s| s.bbox.x1 - s.bbox.x0)
        .fold(0.0, f64::max);
    digits(tail)
        && head.text.ends_with(|ch: char| ch.is_ascii_digit())
        && matches!(parse(&head.text), Parsed::Number(_))
        && head.bbox.x1 - head.bbox.x0 >= widest - 0.5
        && before_rows.iter().any(|r| {
            let v = segs(r, c);
            v.len() >= 2 && v.last().is_some_and(|s| digits(&s.text))
        })
}

/// Whether the rows set their cells at the top: some row's values stand on
/// the first of three label lines or more (set centred, they would stand
/// on a middle one), and no row has a label line above its values.
fn set_at_top(rows: &[RowAcc]) -> bool {
    let below = |r: &RowAcc| {
        r.lines
            .iter()
            .skip(1)
            .filter(|g| !g.has_values() && !g.label().is_empty())
            .count()
    };
    let above = |r: &RowAcc| {
        r.lines
            .iter()
            .position(GridLine::has_values)
            .is_some_and(|v| v > 0 && r.lines[..v].iter().any(|g| !g.label().is_empty()))
    };
    rows.iter()
        .any(|r| r.lines.first().is_some_and(GridLine::has_values) && below(r) >= 2)
        && !rows.iter().any(above)
}

/// Line `gl`, the first of a page, set as if it followed the last line of
/// `row` on its page a line's spacing below: what it would be had the page
/// not broken there (a cell's next line, a number's decimals).
fn set_on(row: &RowAcc, gl: &GridLine, lead: f64) -> GridLine {
    let mut placed = gl.clone();
    if let Some(last) = row.lines.last() {
        let shift = last.base + lead - gl.base;
        placed.page = last.page;
        placed.base += shift;
        placed.y0 += shift;
        placed.y1 += shift;
    }
    placed
}

/// Rows of a table ruled between every row: lines between two rules are one
/// row; a first band of a page without a label and with only text finishes
/// the row the page before ended with.
fn rows_by_rules(rows: &mut Vec<RowAcc>, lines: Vec<GridLine>, start: usize, hrules: &[BBox]) {
    // The last line of the row the page before ended with, when that row
    // already went on here (its lines at this page's top were taken).
    let went_on = start
        .checked_sub(1)
        .and_then(|k| rows[k].lines.last())
        .filter(|l| lines.first().is_some_and(|g| g.page == l.page))
        .cloned();
    for gl in lines {
        let join = rows.len() > start
            && rows.last().and_then(|r| r.lines.last()).is_some_and(|pl| {
                pl.page == gl.page
                    && !hrules.iter().any(|r| {
                        let y = (r.y0 + r.y1) / 2.0;
                        rule_between(y, pl, &gl)
                    })
            });
        match rows.last_mut() {
            Some(prev) if join => prev.lines.push(gl),
            _ => rows.push(RowAcc { lines: vec![gl] }),
        }
    }
    // A row split over the page break: the first band of the page has
    // no label and only text (the rest of the row's text cells).
    // (Not when a rule parts it from the lines of that row already here.)
    if start > 0 && rows.len() > start {
        let first = &rows[start];
        let ruled_off = went_on
            .as_ref()
            .zip(first.lines.first())
            .is_some_and(|(pl, gl)| {
                hrules
                    .iter()
                    .any(|r| rule_between((r.y0 + r.y1) / 2.0, pl, gl))
            });
        // (Where a third of the rows before have no label either, a row
        // of its own looks the same: then the band must go on in lower
        // case in every cell it starts.)
        let goes_on_lower = first
            .lines
            .first()
            .is_some_and(|g| cells_go_on_in_lower_case(&rows[start - 1], g));
        let rest_of_row = !ruled_off
            && first.label().is_empty()
            && first
                .lines
                .iter()
                .flat_map(|g| g.cells.iter().flatten())
                .all(|s| matches!(parse(&s.text), Parsed::Text))
            && (labels_usual(&rows[..start]) || goes_on_lower);
        if rest_of_row {
            let moved = rows.remove(start);
            rows[start - 1].lines.extend(moved.lines);
        }
    }
}

/// Whether a horizontal rule at height `y` runs between the lines `a` and
/// `b` below it ([`crate::lines::rule_between_lines`]).
fn rule_between(y: f64, a: &GridLine, b: &GridLine) -> bool {
    crate::lines::rule_between_lines(y, (a.y1, a.base), (b.y0, b.base, b.fs))
}

/// The right edge of the label column: where its longest line ends. It
/// tells where a label broke only in a table whose labels do wrap: two or
/// more label lines plainly continue the line above (lower case).
fn label_right_where_labels_wrap(lines: &[GridLine]) -> f64 {
    let wraps = lines
        .windows(2)
        .filter(|w| !w[0].label().is_empty() && starts_lower(&w[1].label()))
        .count();
    if wraps >= 2 {
        lines
            .iter()
            .flat_map(|g| g.cells.first().into_iter().flatten())
            .map(|s| s.bbox.x1)
            .fold(f64::MIN, f64::max)
    } else {
        f64::MAX
    }
}

/// Whether a table whose rows are set without padding (Word's default:
/// cells at the top, no space above or below) wraps its labels below the
/// line of their values. Every label line without values set tight under a
/// labelled line would not have fitted there (its first word passing the
/// label column's end, `label_edge`), in the same weight and at the same
/// left edge, and there are two such lines or more; and no line of values
/// goes on a label line above it (a label set centred beside its values:
/// "Netto driftsutg. til" over "personer med …" and the values, or values
/// between two label lines on a line of their own). (A total's label,
/// by its word or its weight, is whole: the line under it heads the next
/// block, "Sum langsiktig gjeld" over "Kortsiktig gjeld".)
fn labels_wrap_below(lines: &[GridLine], lead: f64, label_edge: f64) -> bool {
    let mut wrapped = 0;
    for w in lines.windows(2) {
        let (above, gl) = (&w[0], &w[1]);
        // (A line a gap below stands apart: a heading of its own.)
        if space_between(above, gl, lead) > 0.3 * gl.fs {
            continue;
        }
        let (label, above_label) = (gl.label(), above.label());
        if gl.has_values() {
            let goes_on = !above.has_values()
                && (label.is_empty()
                    || crate::lines::lower_tail(&label)
                    || unfinished(&above_label));
            if goes_on {
                tracing::trace!(above = %above_label, label = %label, "labels do not wrap below values");
                return false;
            }
            continue;
        }
        if label.is_empty() || above_label.is_empty() {
            continue;
        }
        let row = RowAcc {
            lines: vec![above.clone()],
        };
        // (Under a total, or in another weight: a heading, asked nothing.)
        let weight = |g: &GridLine| g.cells.first().and_then(|c| c.first()).map(|s| s.bold);
        if row.class() == RowClass::Sum || weight(above) != weight(gl) {
            continue;
        }
        if !broke_for_width(&row, gl, label_edge) {
            return false;
        }
        wrapped += 1;
    }
    tracing::trace!(wrapped, "labels wrap below values");
    wrapped >= 2
}

/// Whether `gl`, a label line without values, is the rest of the label of
/// the row `prev`, whose values stand on its first line (cells set at the
/// top): it follows at the text's line spacing `lead` where rows are a row
/// gap apart (`row_gap`), and its first word would not have fitted on the
/// line above ("Trondheim" / "Renholdsverk AS": a capital does not make it
/// a section row).
fn wrapped_top(
    prev: &RowAcc,
    gl: &GridLine,
    row_gap: Option<f64>,
    lead: f64,
    label_right: f64,
) -> bool {
    let (Some(pl), Some(row_gap)) = (prev.lines.last(), row_gap) else {
        return false;
    };
    !gl.has_values()
        && prev.has_values()
        && pl.page == gl.page
        && space_between(pl, gl, lead) < 0.5 * row_gap
        && broke_for_width(prev, gl, label_right)
}

/// In a padded block, whether the row `prev` is whole, so that the label
/// line `gl` under it starts the next row.
fn whole_above(
    prev: &RowAcc,
    gl: &GridLine,
    label: &str,
    prev_label: &str,
    label_edge: f64,
) -> bool {
    // A row of one line, label and values, is whole: a capitalised label
    // line under it in the block is the next row (the first line of a label
    // whose values are set centred below it), not more of its label.
    // Only where its first word would have fitted on the line above: else
    // the label broke there for want of room ("Trondheim Renholdsverk" /
    // "AS").
    let would_fit = || {
        let above = prev.lines[0].cells.first().and_then(|c| c.last());
        let first = gl
            .cells
            .first()
            .and_then(|c| c.first())
            .and_then(|s| s.words.first());
        match (above, first) {
            (Some(a), Some((_, b, _))) => a.bbox.x1 + 0.3 * gl.fs + b.width() <= label_edge,
            _ => false,
        }
    };
    // Or a row whose values stand between lines of its label (set
    // vertically centred): its label has gone on below them already.
    let centred = || {
        let has_label = |g: &GridLine| g.cells.first().is_some_and(|c| !c.is_empty());
        prev.lines
            .iter()
            .position(GridLine::has_values)
            .is_some_and(|v| {
                prev.lines[..v].iter().any(has_label) && prev.lines[v + 1..].iter().any(has_label)
            })
    };
    prev.has_values()
        && !prev_label.is_empty()
        && !gl.has_values()
        && label.chars().next().is_some_and(char::is_uppercase)
        && ((prev.lines.len() == 1 && would_fit()) || centred())
}

/// Whether two lines of a table without a label column (`label_edge`
/// never set) are two rows of numbers: numbers in two or more columns,
/// nothing else, the lower line's columns among the upper's, and one
/// number below that cannot be the thousands tail of one above (not a run
/// of three-digit groups: "2", "26"). Without labels to carry a row, such
/// stacked lines ("1  100" over "2  101") are rows; a line of tails ("2
/// 160" over "000") still joins.
fn rows_of_numbers(a: &GridLine, b: &GridLine) -> bool {
    let numbers = |g: &GridLine| -> Option<Vec<usize>> {
        let cols = g.occupied();
        let all = cols
            .iter()
            .all(|&c| c > 0 && g.cells[c].len() == 1 && g.cells[c][0].number().is_some());
        (all && cols.len() >= 2).then_some(cols)
    };
    let tail = |t: &str| {
        t.split(' ')
            .all(|g| g.len() == 3 && g.bytes().all(|c| c.is_ascii_digit()))
    };
    numbers(a).is_some_and(|ca| numbers(b).is_some_and(|cb| cb.iter().all(|c| ca.contains(c))))
        && b.cells.iter().skip(1).flatten().any(|s| !tail(&s.text))
}

/// Whether line `gl` starts past the end of row `prev` where that row is
/// set centred on its label: its label stands below its first line (an
/// amount wrapped around the label line, "673" over "Dagl leder SFO" over
/// "200"), so the row ends as far below its label's middle as it starts
/// above it, and a line from there on ("487", the next amount's head)
/// begins the next row.
fn past_centred_end(prev: &RowAcc, gl: &GridLine) -> bool {
    let Some(first) = prev.lines.first() else {
        return false;
    };
    let labelled = |g: &&GridLine| g.cells.first().is_some_and(|c| !c.is_empty());
    let (Some(top), Some(bottom)) = (
        prev.lines.iter().find(labelled),
        prev.lines.iter().rev().find(labelled),
    ) else {
        return false;
    };
    let one_page = prev.lines.iter().all(|g| g.page == gl.page);
    let end = top.y0 + bottom.y1 - first.y0;
    one_page && !labelled(&first) && gl.y0 >= end - 0.1 * gl.fs
}

/// Whether label line `gl` stands below the row `prev` clearly farther
/// (a quarter of a font size) than the lines of that row's label follow
/// each other: the row's label has ended, whatever word it ends with
/// ("… produktavgift av" over a padded row gap and "Anslag på …"), as
/// the next line of one cell is set at that cell's own line spacing.
fn spaced_off(prev: &RowAcc, gl: &GridLine) -> bool {
    let labelled: Vec<&GridLine> = prev
        .lines
        .iter()
        .filter(|g| g.cells.first().is_some_and(|c| !c.is_empty()))
        .collect();
    let [.., a, b] = labelled[..] else {
        return false;
    };
    a.page == b.page
        && b.page == gl.page
        && !gl.label().is_empty()
        && gl.base - b.base > b.base - a.base + 0.25 * gl.fs
}

/// Whether line `gl` belongs to the row `prev` is building (`gap_above`:
/// the space above that row).
fn joins_row(prev: &RowAcc, gl: &GridLine, gap_above: Option<f64>, how: &Grouping<'_>) -> bool {
    let Grouping {
        padded,
        lead,
        hrules,
        fully_ruled,
        label_right,
        rhythm,
        label_edge,
        row_gap,
        widest,
        wraps_below,
    } = *how;
    let Some(pl) = prev.lines.last() else {
        return false;
    };
    if label_edge == f64::MIN && rows_of_numbers(pl, gl) {
        return false;
    }
    let gap = space_between(pl, gl, lead);
    let ruled_between = hrules.iter().any(|r| {
        let y = (r.y0 + r.y1) / 2.0;
        rule_between(y, pl, gl)
    });
    let label = gl.label();
    let prev_label = prev.label();
    let tight = gap < 0.6 * gl.fs;
    let in_block = if fully_ruled {
        !ruled_between
    } else {
        !ruled_between && padded && gap < 0.35 * gl.fs
    };
    let cont = !label.is_empty()
        && (starts_lower(&label)
            || (!gl.has_values() && crate::lines::lower_tail(&label))
            || (unfinished(&prev_label) && !spaced_off(prev, gl))
            || unclosed(&prev_label)
            || splits_number(&prev_label, &label)
            || (!prev.has_values()
                && broke_for_width(prev, gl, label_right)
                && (!capitalised(&label) || name_goes_on(&prev_label))
                && !numbered_items(&prev_label, &label))
            || (!gl.has_values() && closer_than_rows(rhythm, pl, gl) && label_under(prev, gl))
            || wrapped_top(prev, gl, row_gap, lead, label_right.min(label_edge))
            || (wraps_below
                && !gl.has_values()
                && prev.class() != RowClass::Sum
                && broke_for_width(prev, gl, label_edge))
            || foot_of_cell(prev, gl, gap, gap_above)
            || after_broken_token(prev, &label, label_edge)
            || (mark_only(&label) && !gl.has_values()));
    let (gv, pv) = (gl.has_values(), prev.has_values());
    // The lines of one label cell share its weight: a bold heading over
    // a plain label is two rows even inside one padded block.
    let label_weight = |g: &GridLine| {
        g.cells
            .first()
            .filter(|c| !c.is_empty())
            .map(|c| c.iter().all(|s| s.bold))
    };
    let same_weight = match (
        prev.lines.iter().rev().find_map(label_weight),
        label_weight(gl),
    ) {
        (Some(a), Some(b)) => a == b,
        _ => true,
    };
    let whole_above = whole_above(prev, gl, &label, &prev_label, label_edge);
    let label_ok =
        label.is_empty() || cont || (in_block && !(gv && pv) && same_weight && !whole_above);
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
    // Two rows never overlap: a line whose box reaches well into the
    // row above (a value set vertically centred beside a wrapped label,
    // between its lines) is part of that row.
    let overlaps = overlaps_row(prev, gl);
    // A line of values without a label right above a row whose cells in
    // those columns start with a thousands group ("11 635" over
    // "Rakennukset yhteensä  000"): the head of numbers wrapped in their
    // cells, the rest set on the row's label line.
    let number_head = prev_label.is_empty()
        && gv
        && pv
        && tight
        && (1..gl.cells.len()).all(|c| {
            let before = prev.cell_text(c);
            if before.is_empty() {
                return true;
            }
            let first = gl.cells[c].first().map_or("", |s| s.text.as_str());
            let group = first.split_whitespace().next().unwrap_or("");
            group.len() == 3
                && group.chars().all(|ch| ch.is_ascii_digit())
                && continues_number(&before, group)
        })
        && values_join(prev, gl, lead, widest);
    let merge = !(label.is_empty() && past_centred_end(prev, gl))
        && (opened
            || number_head
            || (!ruled_between
                && (in_block || text_rule || overlaps)
                && (label_ok || overlaps)
                && values_join(prev, gl, lead, widest)));
    tracing::trace!(
        label = %label,
        prev = %prev_label,
        merge,
        opened,
        in_block,
        text_rule,
        overlaps,
        cont,
        "row line"
    );
    merge
}
