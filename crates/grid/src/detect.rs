//! Table regions and captions.
//!
//! A region is a run of lines on one page that looks tabular: it starts at a
//! line with two or more segments and grows downwards over lines of the same
//! font size that stay inside its columns; a paragraph line that crosses the
//! columns, a caption, a change of font size or a large vertical gap ends it.
//! Captions ("Tabell 1.2 …") are attached to the nearest region below them,
//! possibly across a page break.

use crate::columns::Columns;
use crate::lines::{Line, Seg};
use kommunetall_lexicon::parse;

/// A tabular region on one page.
#[derive(Debug, Clone)]
pub(crate) struct Region {
    pub page: u32,
    /// Index of the page in the input slice.
    pub page_idx: usize,
    pub lines: Vec<Line>,
    /// Index of the first and last line in the page's line list.
    pub first: usize,
    pub last: usize,
    pub caption: Option<Caption>,
    pub notes: Vec<String>,
    /// Font size of the region's multi-segment lines.
    pub fs: f64,
}

/// A table caption.
#[derive(Debug, Clone)]
pub(crate) struct Caption {
    pub id: String,
    pub text: String,
}

/// The table number of a caption line ("Tabell 9.6. Nøkkeltall" → "9.6").
pub(crate) fn caption_id(text: &str) -> Option<String> {
    kommunetall_lexicon::caption::id(text)
}

pub(crate) fn fs_compat(a: f64, b: f64) -> bool {
    (a - b).abs() <= 0.15 * a.max(b) + 0.01
}

pub(crate) fn is_note(text: &str) -> bool {
    let t = text.trim_start();
    let l = t.to_lowercase();
    t.starts_with('*')
        // (A note mark set raised: "¹ Foreløpige tall".)
        || t.starts_with(['\u{b9}', '\u{b2}', '\u{b3}', '\u{2074}', '\u{2075}', '\u{2076}'])
        || l.starts_with("kilde")
        || l.starts_with("note")
        || l.starts_with("source")
        || l.starts_with("other source")
        || l.starts_with("merknad")
        || l.starts_with("fotnote")
}

/// How many lines at the top of a page are the end of a label wrapped over
/// the page break: up to three lines of one segment set tight, the first
/// going on in lower case, none prose, a caption or a note, in the type size
/// of the page's tables, set apart from what follows (no tabular line) by
/// more than a font size. 0 when they are not.
fn label_tail_lines(lines: &[Line]) -> usize {
    let one = |l: &Line| {
        l.segs.len() == 1
            && !l.prose
            && !l.segs[0].is_data_number()
            && caption_id(&l.text()).is_none()
            && !is_note(&l.text())
    };
    let Some(first) = lines.first().filter(|l| one(l)) else {
        return 0;
    };
    if !crate::lines::lower_tail(&first.text()) {
        return 0;
    }
    let mut n = 1;
    while n < 3
        && lines.get(n).is_some_and(|l| {
            one(l) && l.bbox.y0 - lines[n - 1].bbox.y1 < 0.6 * l.fs && fs_compat(l.fs, first.fs)
        })
    {
        n += 1;
    }
    // (Not tabular lines after a padded row's space: the table goes on.)
    let apart = lines
        .get(n)
        .is_none_or(|next| !next.is_multi() && next.bbox.y0 - lines[n - 1].bbox.y1 > first.fs);
    // (In the type size of the page's tables, not a caption's end.)
    let table_size = lines[n..]
        .iter()
        .find(|l| l.is_multi())
        .is_none_or(|t| crate::lines::same_size(t.fs, first.fs));
    if apart && table_size { n } else { 0 }
}

/// How many lines at the top of a page are the end of a row broken over
/// the page break, set apart from what follows: a number alone, set more
/// than one and a half font sizes apart (perhaps the end of a number its
/// cell broke, the repeated header above it gone with the page's
/// furniture), or the end of a label ([`label_tail_lines`]). 0 when they
/// are neither.
fn row_end_lines(lines: &[Line]) -> usize {
    let Some(l) = lines.first() else {
        return 0;
    };
    if l.segs.len() == 1
        && l.segs[0].is_data_number()
        && lines
            .get(1)
            .is_none_or(|n| n.bbox.y0 - l.bbox.y1 > 1.5 * l.fs)
    {
        1
    } else {
        label_tail_lines(lines)
    }
}

/// Finds the tabular regions of one page's lines.
pub(crate) fn regions(lines: &[Line], page: u32, page_idx: usize) -> Vec<Region> {
    let mut out: Vec<Region> = Vec::new();
    let mut i = 0;
    let mut floor = 0; // lines before this index belong to earlier regions
    while i < lines.len() {
        let l = &lines[i];
        // The end of a row of the table before at the top of a page, set
        // apart from what follows: a region of its own, which stitching
        // joins to the table before or drops.
        let end = if i == 0 { row_end_lines(lines) } else { 0 };
        if end > 0 {
            out.push(Region {
                page,
                page_idx,
                lines: lines[..end].to_vec(),
                first: 0,
                last: end - 1,
                caption: None,
                notes: Vec::new(),
                fs: l.fs,
            });
            floor = end;
            i = end;
            continue;
        }
        if !l.is_multi() || caption_id(&l.text()).is_some() || is_note(&l.text()) {
            i += 1;
            continue;
        }
        let fs = l.fs;
        let start = i;
        let (end, cols, prose_rows) = grow_down(lines, start, page);
        let s = grow_up(lines, start, end, floor, &cols);
        let (e, notes, k) = notes_below(lines, s, end, fs);
        let mut region_lines = lines[s..=e].to_vec();
        for &k in prose_rows.iter().filter(|&&k| k <= e) {
            region_lines[k - s].prose = false;
        }
        out.push(Region {
            page,
            page_idx,
            lines: region_lines,
            first: s,
            last: e.max(k.saturating_sub(1)),
            caption: None,
            notes,
            fs,
        });
        floor = k.max(e + 1);
        i = floor;
    }
    out
}

/// Downward from the tabular line `start`: the last line of its region,
/// the region's columns, and the prose-like lines taken as its rows.
fn grow_down(lines: &[Line], start: usize, page: u32) -> (usize, Columns, Vec<usize>) {
    let l = &lines[start];
    let fs = l.fs;
    let mut end = start;
    let mut cols = Columns::from_lines(std::iter::once(l));
    let mut prose_rows = Vec::new();
    let mut j = start + 1;
    while j < lines.len() {
        let m = &lines[j];
        let gap = m.bbox.y0 - lines[end].bbox.y1;
        let text = m.text();
        // The last lines of the page (up to three, set close), short and in
        // the label column: the headings of rows that continue on the next
        // page ("Gjeld" over "Langsiktig gjeld").
        let label_col_right = cols.ivs.get(1).map_or(f64::MAX, |iv| iv.0);
        let heading_like = |l: &Line| {
            !l.is_multi()
                && !l.prose
                && l.bbox.x1 < label_col_right
                && l.segs.iter().all(|s| s.words.len() <= 8)
        };
        let foot_heading = lines.len() - j <= 3
            && gap <= 6.0 * fs
            && lines[j..].iter().all(heading_like)
            && lines[j..]
                .windows(2)
                .all(|w| w[1].bbox.y0 - w[0].bbox.y1 <= 3.2 * fs);
        // A line above the last one: the top of the next column of text.
        if (gap > 3.2 * fs && !foot_heading)
            || m.base < lines[end].base - fs
            || caption_id(&text).is_some()
            || !fs_compat(m.fs, fs)
        {
            break;
        }
        if m.is_multi() {
            // Below data rows, a line of text only whose segments run
            // across the columns (a legend, a list of sources) ends the
            // table instead of blurring its columns.
            let data_rows = lines[start..j]
                .iter()
                .filter(|l| l.segs.iter().any(Seg::is_data_number))
                .count();
            // A number cut after its decimal comma ("136,", its digits on
            // the next line) is a number too.
            let text_only = !m
                .segs
                .iter()
                .any(|s| s.number().is_some() || crate::lines::cut_after_decimal(&s.text));
            if data_rows >= 2
                && text_only
                && m.segs
                    .iter()
                    .any(|s| cols.crosses(s.bbox.x0, s.bbox.x1) && !value_and_mark(s, &cols))
            {
                break;
            }
            // Below data rows, the table's own header line again: the
            // header of a second table set under the first ("I alt",
            // then "Kvinner" with the same columns). The lines just
            // above it without values (its heading) go with it.
            // Or, below rows of a label and data, a line of nothing but
            // years ("2024 2023 2024 2023"): the header of the next table
            // (a second note under the first).
            let labelled_rows = lines[start..j].iter().any(|l| {
                l.segs.first().is_some_and(|s| s.number().is_none())
                    && l.segs.iter().skip(1).any(Seg::is_data_number)
            });
            let years = labelled_rows && m.segs.len() >= 2 && m.segs.iter().all(Seg::is_year);
            if data_rows >= 1
                && ((text_only
                    && (repeats_header(&lines[start..j], m)
                        || headings_again(&lines[start..j], m)
                        || (data_rows >= 2 && second_block(lines, start, j))))
                    || years)
            {
                // Its heading and the lines of its header above it
                // (text only, close above) go with it.
                while end > start
                    && !lines[end].segs.iter().any(|s| s.number().is_some())
                    && lines[end + 1].bbox.y0 - lines[end].bbox.y1 <= 1.6 * fs
                {
                    end -= 1;
                }
                break;
            }
            if new_head(&lines[start..=end], m, &cols) {
                tracing::trace!(page, text = %text, "a header of more columns after a gap: the next table");
                // Lines of its own row set higher (a heading centred in
                // a taller cell, or wrapped over it) go with it.
                end = start + own_row(&lines[start..=end], m).0.max(1) - 1;
                break;
            }
            cols = cols.merged(Columns::from_lines(std::iter::once(m)));
        } else if prose_row(m, &cols, gap, &lines[start..=end]) {
            // Taken as the row it is (its prose mark is cleared below).
            tracing::trace!(page, text = %text, "prose-like line set in the table's columns: a row");
            prose_rows.push(j);
        } else {
            // Amounts of several columns set so close that they read as
            // one segment that is no number cross the columns they fill;
            // so does a value beside the mark of the next column
            // ("690,3 GWh ⬆").
            // (Or, set into the line above, text starting where the cells
            // of a column after the first start: a text cell of that line's
            // row wider than the column's heading, "Voksenopplæringssenter"
            // under "Trondheim".)
            let first_left = cols.ivs.first().map_or(f64::MIN, |iv| iv.0);
            let set_into_above = lines[j - 1].set_into(m);
            let cell_start = |x: f64| {
                set_into_above
                    && x > first_left + fs
                    && lines[start..=end]
                        .iter()
                        .any(|l| l.segs.iter().skip(1).any(|t| (t.bbox.x0 - x).abs() <= 0.5))
            };
            let fits = !m.prose
                && m.segs.iter().all(|s| {
                    !cols.crosses(s.bbox.x0, s.bbox.x1)
                        || s.amounts_run()
                        || (value_and_mark(s, &cols) && ends_in_mark(s))
                        || cell_start(s.bbox.x0)
                });
            // A line that reads like a note ("*) per innbygger") inside
            // the table (tabular lines follow closely) is a wrapped label.
            // (Unless it wraps on the lone label line above it.)
            if !fits
                || (is_note(&text) && !table_follows(lines, j, fs) && !wraps_label(&lines[end], m))
            {
                break;
            }
            if gap > (1.6 * fs).max(1.25 * row_gap(&lines[start..=end]))
                && !m.bold
                && !foot_heading
                && !lone_line_goes_on(lines, start, end, j, gap)
            {
                break;
            }
        }
        end = j;
        j += 1;
    }
    (end, cols, prose_rows)
}

/// Whether lone line `j`, a wide `gap` below the region `start..=end` so
/// far, continues it. Only when another tabular line follows it; or, under
/// a header alone at the top of a page (repeated there), as a line in lower
/// case (the end of a label the page before broke off, for the stitcher to
/// hand back); or as the top of a block of lone lines set tight (a tall
/// text cell, its row's values centred lower down) that reaches a tabular
/// line; or, under a header with no data yet (a line of three short
/// headings or more), as the first row of a table whose rows are padded as
/// far apart as this row is from the header: blocks of lone lines set
/// tight, each that gap below the one before, reaching a tabular line.
fn lone_line_goes_on(lines: &[Line], start: usize, end: usize, j: usize, gap: f64) -> bool {
    let (m, fs) = (&lines[j], lines[start].fs);
    let next_multi = lines
        .get(j + 1)
        .is_some_and(|n| n.is_multi() && fs_compat(n.fs, fs) && n.bbox.y0 - m.bbox.y1 <= 3.2 * fs);
    let head = &lines[start..=end];
    let no_data = !head.iter().any(|l| l.segs.iter().any(Seg::is_data_number));
    let tail = start == 0 && no_data && crate::lines::lower_tail(&m.text());
    let padded_rows = || {
        no_data
            && head
                .iter()
                .any(|l| l.content_segs() >= 3 && l.segs.iter().all(|s| s.words.len() <= 4))
            && rows_padded_below(lines, j, fs, gap)
    };
    next_multi || tail || tabular_below(lines, j, fs, 0) || padded_rows()
}

/// Whether line `l`, one that reads like a note, wraps on the lone label
/// line `above` it: set tight under it and starting where it does
/// ("kultursektoren" over "*) per innbygger" at a page's foot).
fn wraps_label(above: &Line, l: &Line) -> bool {
    !above.is_multi()
        && above.segs.len() == 1
        && l.bbox.y0 - above.bbox.y1 < 0.3 * l.fs
        && (l.bbox.x0 - above.bbox.x0).abs() < 1.0
        && fs_compat(l.fs, above.fs)
}

/// Whether a segment that crosses columns is a value with its unit and the
/// mark of the next column set close beside it ("690,3 GWh ⬆"): it starts
/// with a number and each of its words stands in one column at most.
fn value_and_mark(s: &Seg, cols: &Columns) -> bool {
    s.words
        .first()
        .is_some_and(|w| parse(&w.0).value().is_some())
        && s.words.iter().all(|(_, b, _)| !cols.crosses(b.x0, b.x1))
}

/// Whether a segment is a few words ending in a mark without letters
/// ("690,3 GWh ⬆"), not a line of a note ("1 Includes private …").
fn ends_in_mark(s: &Seg) -> bool {
    s.words.len() <= 4
        && s.words
            .last()
            .is_some_and(|w| !w.0.chars().any(|c| c.is_alphanumeric()))
}

/// Upward from the region's first tabular line: the lines just above that
/// belong to it (spanning headers, a label column heading, section rows);
/// never above `floor`, the end of the region before.
fn grow_up(lines: &[Line], start: usize, end: usize, floor: usize, cols: &Columns) -> usize {
    let fs = lines[start].fs;
    // Upward: single lines just above (spanning headers, a label column
    // heading, section rows). A table set with padded cells spaces its
    // rows further apart: up to its own row gap, lines that stay inside
    // the label column or inside the value columns still belong to it.
    let mut s = start;
    let label_right = cols.ivs.first().map_or(f64::MAX, |iv| iv.1);
    let inside_of = |m: &Line| m.bbox.x1 <= label_right + 1.0 || m.bbox.x0 >= label_right - 1.0;
    // A region of one line has no row gap of its own: then the gap to a
    // line above that fits the columns sets it.
    let pitch = if end > start {
        row_gap(&lines[start..=end])
    } else {
        start
            .checked_sub(1)
            .filter(|&k| k >= floor && inside_of(&lines[k]) && !lines[k].prose)
            .map_or(0.0, |k| lines[start].bbox.y0 - lines[k].bbox.y1)
    };
    // A header line whose headings wrap upwards in their cells ("T", "re",
    // "n" over "d"): the top of that row is the table's top unless the
    // line above sits close.
    let head = &lines[start];
    // A single word above crosses columns of values, not a heading's cut
    // tail: a word too wide for its cell, broken inside ("gjennomsnit" over
    // "t"), leaves its last letters a column of their own beside the values.
    let data_cols = {
        let data = || {
            lines[start..=end]
                .iter()
                .filter(|l| l.segs.iter().any(Seg::is_data_number))
        };
        if data().next().is_some() {
            Columns::from_lines(data())
        } else {
            cols.clone()
        }
    };
    let head_top = if head.segs.iter().any(Seg::is_data_number) {
        None
    } else {
        let (b, top) = own_row(&lines[floor..start], head);
        (top < head.bbox.y0).then_some(floor + b)
    };
    while s > floor {
        let k = s - 1;
        let m = &lines[k];
        let gap = lines[s].bbox.y0 - m.bbox.y1;
        if head_top == Some(s) && gap > 1.2 * fs {
            break;
        }
        let text = m.text();
        let centred = centred_over(m, cols);
        let inside = inside_of(m) || centred;
        let near = gap <= 1.2 * fs
            || (gap <= (1.3 * pitch).min(3.2 * fs) && (inside || m.bold) && !m.prose);
        if !near
            || m.base > lines[s].base + fs
            || !fs_compat(m.fs, fs)
            || caption_id(&text).is_some()
            || (!m.bold
                && if m.segs.len() == 1 && m.segs[0].words.len() == 1 {
                    data_cols.crosses(m.bbox.x0, m.bbox.x1)
                } else {
                    cols.crosses(m.bbox.x0, m.bbox.x1)
                }
                && !spans_values(m, cols)
                && !centred)
            || (m.italic && !lines[s].italic)
            || continues_caption(lines, k, floor)
            || ends_paragraph(lines, k)
        {
            break;
        }
        s = k;
    }
    s
}

/// Whether line `k`, over a line of three cells or more set apart below
/// it, is the last line of a paragraph of running text about as wide as
/// that line: set tight under a line of running text (justified, or one
/// segment of ten words or more), at its left edge, in its weight, and
/// shorter. (A column of text beside another is left as it was.)
fn ends_paragraph(lines: &[Line], k: usize) -> bool {
    let Some(above) = k.checked_sub(1).map(|i| &lines[i]) else {
        return false;
    };
    let m = &lines[k];
    // The paragraph as wide as the line below, or nearly (not a column of
    // text beside another), and that line set apart from it, as a table
    // from the text (the next paragraph runs on at its line spacing).
    let wide = |b: &Line| above.bbox.x1 - above.bbox.x0 >= 0.8 * (b.bbox.x1 - b.bbox.x0);
    let apart = |b: &Line| b.bbox.y0 - m.bbox.y1 >= 0.5 * m.fs;
    if lines
        .get(k + 1)
        .is_none_or(|b| b.segs.len() < 3 || !wide(b) || !apart(b))
    {
        return false;
    }
    let running = above.prose || (above.segs.len() == 1 && above.segs[0].words.len() >= 10);
    running
        && !m.is_multi()
        && m.bold == above.bold
        && (m.bbox.x0 - above.bbox.x0).abs() <= 1.0
        && m.bbox.x1 < above.bbox.x1
        && m.bbox.y0 - above.bbox.y1 < 0.5 * m.fs
        && fs_compat(m.fs, above.fs)
}

/// The region's last line without its trailing notes, the notes (those
/// inside and right below the table) and the first line after them.
fn notes_below(lines: &[Line], s: usize, end: usize, fs: f64) -> (usize, Vec<String>, usize) {
    // Trailing lone lines that are notes are not part of the grid.
    let mut notes = Vec::new();
    let mut e = end;
    while e > s
        && !lines[e].is_multi()
        && is_note(&lines[e].text())
        && !wraps_label(&lines[e - 1], &lines[e])
    {
        e -= 1;
    }
    // Notes right below the table.
    let mut k = e + 1;
    let mut prev_bottom = lines[e].bbox.y1;
    let mut in_note = false;
    while k < lines.len() {
        let m = &lines[k];
        let gap = m.bbox.y0 - prev_bottom;
        if gap > 2.5 * fs.max(m.fs) {
            break;
        }
        let text = m.text();
        if is_note(&text) {
            notes.push(text);
            in_note = true;
        } else if in_note && gap < 0.6 * m.fs && caption_id(&text).is_none() {
            if let Some(last) = notes.last_mut() {
                last.push(' ');
                last.push_str(&text);
            }
        } else {
            break;
        }
        prev_bottom = m.bbox.y1;
        k += 1;
    }
    (e, notes, k)
}

/// Whether a line marked prose below tabular lines is a row of a text
/// table whose cells run like sentences side by side: at least two lines
/// above it, the first a line of short headings, close below them, and its
/// segments set in three or more of the table's columns, each starting where
/// its column starts (or following another segment in the same column) and
/// none crossing two columns. Columns of prose under a table start where
/// the table's columns do only by chance, and then run across them.
fn prose_row(m: &Line, cols: &Columns, gap: f64, above: &[Line]) -> bool {
    if !m.prose || above.len() < 2 || m.segs.len() < 2 {
        return false;
    }
    if gap > (1.6 * m.fs).max(1.25 * row_gap(above)) {
        return false;
    }
    let mut used: Vec<usize> = Vec::new();
    for sg in &m.segs {
        if cols.crosses(sg.bbox.x0, sg.bbox.x1) {
            return false;
        }
        // A bullet or dash before a sentence is no cell.
        if !sg.text.chars().any(char::is_alphanumeric) {
            continue;
        }
        let c = cols.assign(sg.bbox.x0, sg.bbox.x1);
        if used.last() == Some(&c) {
            continue;
        }
        let starts = cols
            .ivs
            .get(c)
            .is_some_and(|iv| (iv.0 - sg.bbox.x0).abs() <= 0.2 * m.fs);
        if !starts {
            return false;
        }
        used.push(c);
    }
    // The table heads its columns with a line of short headings, as many
    // as the columns the line is set in: columns of prose have no such
    // first line (two columns of prose may start with two short lines side
    // by side, hence three columns at least). Or two text cells beside
    // each other clear of the label column (its first column), where
    // prose columns start: a label and a comment of the row going on.
    // (Its heading may have wrapped over the lines above the header.)
    let headed = |n: usize| {
        above
            .iter()
            .take(3)
            .any(|head| head.content_segs() >= n && head.segs.iter().all(|s| s.words.len() <= 3))
    };
    (used.len() >= 3 && {
        let head = &above[0];
        head.content_segs() >= used.len() && head.segs.iter().all(|s| s.words.len() <= 3)
    }) || (used.len() == 2 && !used.contains(&0) && headed(cols.len()))
}

/// Whether a line above a table is a title of its columns centred over
/// the whole table ("Garantiansvar per 31.12, mill kr" over the label and
/// year columns): one short segment of at most eight words, inside the
/// columns' extent, its centre within a tenth of the extent's width of the
/// extent's centre.
fn centred_over(m: &Line, cols: &Columns) -> bool {
    let (Some(first), Some(last)) = (cols.ivs.first(), cols.ivs.last()) else {
        return false;
    };
    let (x0, x1) = (first.0, last.1);
    let mid = (m.bbox.x0 + m.bbox.x1) / 2.0;
    cols.len() >= 3
        && !m.prose
        && m.segs.len() == 1
        && m.segs
            .iter()
            .all(|s| s.words.len() <= 8 && s.number().is_none())
        && m.bbox.x0 >= x0 - 1.0
        && m.bbox.x1 <= x1 + 1.0
        && m.bbox.x0 > x0 + 2.0 * m.fs
        && (mid - (x0 + x1) / 2.0).abs() <= 0.1 * (x1 - x0)
}

/// Whether a line above a table is a heading spanning value columns
/// ("Budsjettanslag 2025" over two of them): one short segment of at most
/// six words, standing right of the first column and inside the columns'
/// extent.
fn spans_values(m: &Line, cols: &Columns) -> bool {
    let (Some(first), Some(last)) = (cols.ivs.first(), cols.ivs.last()) else {
        return false;
    };
    !m.prose
        && m.segs.len() == 1
        && m.segs.iter().all(|s| s.words.len() <= 6)
        && m.bbox.x0 > first.1
        && m.bbox.x1 <= last.1 + 2.0
}

/// Whether the text-only line `j` heads a second table under the first: a
/// header of three cells or more, and the data rows right below it start
/// with the same label as the first data row above it (two grids of the
/// same rows, stacked).
fn second_block(lines: &[Line], start: usize, j: usize) -> bool {
    // (A label of words: a number first on its line, "4" under a date its
    // cell cut, "13.09.2", is no row's label.)
    let first_label = |l: &Line| {
        l.segs
            .first()
            .filter(|s| s.number().is_none())
            .map(|s| s.text.clone())
    };
    let Some(label) = lines[start..j]
        .iter()
        .find(|l| l.segs.iter().any(Seg::is_data_number))
        .and_then(first_label)
    else {
        return false;
    };
    lines[j].segs.len() >= 3
        && lines
            .iter()
            .skip(j + 1)
            .take(2)
            .find(|l| l.segs.iter().any(Seg::is_data_number))
            .and_then(first_label)
            .is_some_and(|l| l == label)
}

/// Where the lines of `m`'s own row start among the lines `above` it, and
/// the top of that row: lines set higher than `m` (a heading centred in a
/// taller cell), and above them the upper lines of a heading wrapped in a
/// narrow cell with its last line on `m` ("T", "re", "n" over "d"), set
/// tight, each of their cells over one of `m`'s.
pub(crate) fn own_row(above: &[Line], m: &Line) -> (usize, f64) {
    let mut before = above
        .iter()
        .rposition(|l| l.bbox.y1 <= m.bbox.y0 + 0.25 * m.fs)
        .map_or(0, |k| k + 1);
    let mut top = m.bbox.y0;
    while before > 0 {
        let l = &above[before - 1];
        if top - l.bbox.y1 > 0.25 * m.fs || !over_cells(l, m) {
            break;
        }
        top = l.bbox.y0;
        before -= 1;
    }
    (before, top)
}

/// Whether each cell of line `l` stands over one of the cells of line `m`.
pub(crate) fn over_cells(l: &Line, m: &Line) -> bool {
    l.segs.iter().all(|s| {
        m.segs
            .iter()
            .any(|c| s.bbox.x0 >= c.bbox.x0 - 0.5 * m.fs && s.bbox.x1 <= c.bbox.x1 + 0.5 * m.fs)
    })
}

/// Whether the text-only line `m` under the lines `above` heads a table of
/// its own: more cells than the columns so far, set apart by a gap of a
/// line or more and over twice every gap between the lines above it (a
/// header row's own lines and rows sit closer), under four lines or more
/// (more than a header of wrapped headings). Or, under a sum row that
/// ends the lines above, any text-only line set apart by most of a line and
/// over four times every gap above or with two cells or more in none of
/// the table's columns (the next table set right under a table, with no
/// caption between). Under the rows of a text table, a line of four short
/// headings or more needs only the gap of a line.
pub(crate) fn new_head(above: &[Line], m: &Line, cols: &Columns) -> bool {
    let (before, top) = own_row(above, m);
    let (above, same_row) = above.split_at(before);
    let Some(last) = above.last() else {
        return false;
    };
    let gap = top - last.bbox.y1;
    let widest = above
        .windows(2)
        .map(|w| w[1].bbox.y0 - w[0].bbox.y1)
        .fold(0.0, f64::max);
    // Cells of its row standing in none of the columns of the rows of
    // data above.
    let data: Vec<&Seg> = above
        .iter()
        .filter(|l| l.segs.iter().any(Seg::is_data_number))
        .flat_map(|l| &l.segs)
        .collect();
    let astray = same_row
        .iter()
        .chain(std::iter::once(m))
        .flat_map(|l| &l.segs)
        .filter(|s| {
            !data
                .iter()
                .any(|d| s.bbox.x1.min(d.bbox.x1) - s.bbox.x0.max(d.bbox.x0) > 0.0)
        })
        .count();
    let after_sum = last.segs.len() >= 2
        && last.segs[0].number().is_none()
        && kommunetall_lexicon::label::is_sum(&last.segs[0].text)
        && gap >= 0.8 * m.fs
        && (gap > 4.0 * widest || astray >= 2);
    let long_cell = above
        .iter()
        .any(|l| l.segs.iter().any(|s| s.words.len() >= 6));
    // Under the rows of a text table (no data, a cell line of six words or
    // more), a line of four short headings or more, no digit in them (no
    // row of amounts with units, "108 550 kr"), more than the text table's
    // own header line has: the header of the next table, however far apart
    // the text table's rows are set.
    let under_text_table = above.iter().filter(|l| l.is_multi()).count() >= 2
        && !above.iter().any(|l| l.segs.iter().any(Seg::is_data_number))
        && long_cell
        && m.segs.len() >= 4
        && m.segs
            .iter()
            .all(|s| s.words.len() <= 3 && !s.text.chars().any(|c| c.is_ascii_digit()))
        && above
            .iter()
            .find(|l| l.is_multi())
            .is_some_and(|h| m.segs.len() > h.segs.len());
    // Three lines do when one holds a line of running text (no header of
    // wrapped headings does).
    (above.len() >= 4 || (above.len() >= 3 && long_cell))
        && !m.segs.iter().any(|s| s.number().is_some())
        && ((m.segs.len() > cols.ivs.len() && gap >= m.fs && gap > 2.0 * widest)
            || (under_text_table && gap >= m.fs)
            || after_sum)
}

/// Whether line `m` sets the column headings of `region`'s header
/// ([`header_of`]) again beside a title of its own ("7) Verotulojen erittely | TP 2024 | TP
/// 2023" under a note headed "TP 2024 | TP 2023"): every cell after its
/// first is one of the header's headings, two or more of them.
fn headings_again(region: &[Line], m: &Line) -> bool {
    let norm = |t: &str| -> String {
        t.chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_lowercase()
    };
    let headings: Vec<String> = header_of(region)
        .iter()
        .flat_map(|l| l.segs.iter().skip(1).map(|s| norm(&s.text)))
        .collect();
    // (Marks only, "%", head nothing: see [`repeats_header`].)
    m.segs.len() >= 3
        && m.segs[1..].iter().all(|s| {
            let t = norm(&s.text);
            t.chars().any(char::is_alphanumeric) && headings.contains(&t)
        })
}

/// Whether line `m` repeats one of the lines of `region`'s header
/// ([`header_of`]), ignoring spaces and case. A line of marks only ("%  %":
/// the units of a row's numbers, broken in narrow cells, at the top of a
/// page under the header repeated there) heads nothing.
fn repeats_header(region: &[Line], m: &Line) -> bool {
    let norm = |l: &Line| -> String {
        l.text()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_lowercase()
    };
    let text = norm(m);
    text.chars().any(char::is_alphanumeric)
        && header_of(region)
            .iter()
            .any(|l| l.is_multi() && norm(l) == text)
}

/// The lines of `region` above its first data line, but for the lines set
/// into that line, each overlapping the next down to it: those are its
/// row's cells (the text cells of a row centred on its data line), not
/// header, and the next rows' cells may say the same ("Arbeidstilsynet |
/// Arbeidsmiljøloven").
fn header_of(region: &[Line]) -> &[Line] {
    let first = region
        .iter()
        .position(|l| l.segs.iter().any(Seg::is_data_number))
        .unwrap_or(region.len());
    let mut top = first;
    while top > 0 && first < region.len() && region[top - 1].set_into(&region[top]) {
        top -= 1;
    }
    &region[..top]
}

/// Whether a tabular line of the same size follows line `j` within three
/// lines, each gap at most 3.2 font sizes, or further down a run of lines
/// set tight (the lines of a label wrapped in a narrow column, its values
/// centred beside its lower lines).
fn table_follows(lines: &[Line], j: usize, fs: f64) -> bool {
    tabular_below(lines, j, fs, 3)
}

/// Whether a tabular line of the same size follows line `j` within twelve
/// lines, none of them prose: the first `loose` of them up to 3.2 font
/// sizes apart, the others set tight (at most 0.6 font sizes apart).
fn tabular_below(lines: &[Line], j: usize, fs: f64, loose: usize) -> bool {
    tabular_within(lines, j, fs, |n, gap| {
        gap <= 3.2 * fs && (n < loose || gap <= 0.6 * fs)
    })
}

/// Whether a tabular line of the same size follows line `j` within twelve
/// lines, none of them prose, each set tight under the one before (at most
/// 0.6 font sizes apart) or `pad` below it, give or take 0.3 font sizes: the
/// blocks of rows padded `pad` apart.
fn rows_padded_below(lines: &[Line], j: usize, fs: f64, pad: f64) -> bool {
    tabular_within(lines, j, fs, |_, gap| {
        gap <= 0.6 * fs || (gap - pad).abs() <= 0.3 * fs
    })
}

/// Whether a tabular line of the same size follows line `j` within twelve
/// lines, none of them prose, the `n`th of them set `gap` below the one
/// before where `apart(n, gap)`.
fn tabular_within(lines: &[Line], j: usize, fs: f64, apart: impl Fn(usize, f64) -> bool) -> bool {
    let mut prev = &lines[j];
    for (n, m) in lines.iter().skip(j + 1).take(12).enumerate() {
        let gap = m.bbox.y0 - prev.bbox.y1;
        if !apart(n, gap) || !fs_compat(m.fs, fs) || m.prose {
            return false;
        }
        if m.is_multi() {
            return true;
        }
        prev = m;
    }
    false
}

/// The usual vertical gap between consecutive lines of a run of table lines:
/// the median of the positive gaps (0 when there are none).
pub(crate) fn row_gap(lines: &[Line]) -> f64 {
    let gaps: Vec<f64> = lines
        .windows(2)
        .map(|w| w[1].bbox.y0 - w[0].bbox.y1)
        .filter(|g| *g > 0.0)
        .collect();
    crate::lines::median(gaps)
}

/// Whether line `k` is a wrapped continuation of a caption line above it.
fn continues_caption(lines: &[Line], k: usize, floor: usize) -> bool {
    (floor..k)
        .rev()
        .take(3)
        .find(|&j| caption_id(&lines[j].text()).is_some())
        .is_some_and(|j| caption_end(lines, j, k + 1) > k)
}

/// One past the last line of the caption starting at line `k` (looking no
/// further than `top`): the lines that continue it are the same size, a
/// line's spacing apart, and start under its first word or under its text
/// after the table number (a hanging indent).
fn caption_end(lines: &[Line], k: usize, top: usize) -> usize {
    let cap = &lines[k];
    let starts: Vec<f64> = cap.segs.iter().map(|s| s.bbox.x0).collect();
    let mut end = k + 1;
    for j in k + 1..top.min(lines.len()) {
        let l = &lines[j];
        let gap = l.bbox.y0 - lines[j - 1].bbox.y1;
        // A caption that is only its number ("Table 1.") takes the title on
        // the next line whatever its size.
        let bare = j == k + 1 && cap.text().split_whitespace().count() <= 3;
        let same_size = bare || (l.fs - cap.fs).abs() <= 0.05 * cap.fs;
        // Centred captions centre their lines on one axis.
        let centred = ((l.bbox.x0 + l.bbox.x1) - (cap.bbox.x0 + cap.bbox.x1)).abs() <= 2.0 * l.fs;
        let aligned = centred || starts.iter().any(|x| (l.bbox.x0 - x).abs() <= l.fs);
        // A note on the unit under the caption ("[In thousands]", "(i tusen
        // kroner)", "Beløp i 1 000 kroner") belongs to it wherever it stands.
        let text = l.text();
        let t = text.trim();
        // (Not a heading naming a date or year beside its unit, "Garantiansvar
        // per 31.12, mill kr" over the columns: a spanning header.)
        let unit_only = kommunetall_lexicon::unit::find(t).is_some_and(|st| {
            !t[..st.start].contains(|c: char| c.is_ascii_digit())
                && !t[st.end..].contains(|c: char| c.is_ascii_digit())
        });
        let unit_note = l.segs.len() == 1
            && t.split_whitespace().count() <= 6
            && ((t.starts_with(['(', '[']) && t.ends_with([')', ']'])) || unit_only);
        if gap > 0.6 * l.fs || !((same_size && aligned) || unit_note) {
            break;
        }
        end = j + 1;
    }
    end
}

/// The text of a caption starting at line `k` (see [`caption_end`]).
fn caption_text(lines: &[Line], k: usize, top: usize) -> String {
    let parts: Vec<String> = lines[k..caption_end(lines, k, top)]
        .iter()
        .map(Line::text)
        .collect();
    parts.join(" ")
}

/// The caption lines directly above line `top` of a page (not below `floor`):
/// a "Tabell N" line followed by at most three continuation lines.
pub(crate) fn caption_above(lines: &[Line], top: usize, floor: usize, fs: f64) -> Option<Caption> {
    let mut k = top;
    let mut steps = 0;
    // Four lines up, or on up a caption that wraps over more (a heading
    // set large on a narrow page): lines of one paragraph, the same size,
    // a line's spacing apart, up to eight.
    let wraps_on = |k: usize| {
        k < top && k > floor && {
            let (above, l) = (&lines[k - 1], &lines[k]);
            !above.is_multi()
                && !l.is_multi()
                && (above.fs - l.fs).abs() < 0.5
                && l.bbox.y0 - above.bbox.y1 <= 0.5 * l.fs
                && (above.bbox.x0 - l.bbox.x0).abs() <= 2.0 * l.fs
        }
    };
    while k > floor && (steps < 4 || (steps < 8 && wraps_on(k))) {
        k -= 1;
        steps += 1;
        let l = &lines[k];
        let below = if k + 1 < lines.len() {
            lines[k + 1].bbox.y0
        } else {
            l.bbox.y1
        };
        let gap = below - l.bbox.y1;
        // (Over a line of the table's header, as far apart as that line
        // stands from the next: header rows set with wide padding.)
        let spaced = lines
            .get(k + 2)
            .filter(|_| k + 2 <= top)
            .map_or(0.0, |n| n.bbox.y0 - lines[k + 1].bbox.y1 + 0.3 * l.fs);
        let limit = if k + 1 == top {
            4.0 * fs.max(l.fs)
        } else {
            (1.0 * l.fs).max(spaced.min(4.0 * fs.max(l.fs)))
        };
        if gap > limit {
            return None;
        }
        let text = l.text();
        if let Some(id) = caption_id(&text) {
            return Some(Caption {
                id,
                text: caption_text(lines, k, top),
            });
        }
        // A headnote in brackets under the caption ("[In thousands. Based
        // on …]", wrapped over several lines) is one step, however long.
        if text.trim_end().ends_with(']')
            && !text.trim_start().starts_with('[')
            && let Some(open) = (floor.max(k.saturating_sub(12))..k)
                .rev()
                .take_while(|&j| lines[j + 1].bbox.y0 - lines[j].bbox.y1 <= 1.0 * lines[j].fs)
                .find(|&j| lines[j].text().trim_start().starts_with('['))
        {
            k = open;
        }
    }
    None
}

/// The caption lines directly under line `last` of a page (above line
/// `ceiling`, where the next region starts), for a document that sets its
/// captions under its tables: a "Tabell N" line set close under the table
/// (within two font sizes) and the lines of its text wrapped under it.
pub(crate) fn caption_under(lines: &[Line], last: usize, ceiling: usize) -> Option<Caption> {
    let k = last + 1;
    let (l, above) = (lines.get(k).filter(|_| k < ceiling)?, &lines[last]);
    if l.bbox.y0 - above.bbox.y1 > 2.0 * l.fs.max(above.fs) {
        return None;
    }
    caption_at(lines, k, ceiling)
}

/// The caption whose "Tabell N" line is line `k` of a page, with the lines
/// of its text wrapped under it (set close, the same size, above line
/// `ceiling`).
pub(crate) fn caption_at(lines: &[Line], k: usize, ceiling: usize) -> Option<Caption> {
    let id = caption_id(&lines.get(k)?.text())?;
    let parts: Vec<String> = lines[k..wrapped_caption_end(lines, k, ceiling)]
        .iter()
        .map(Line::text)
        .collect();
    Some(Caption {
        id,
        text: parts.join(" "),
    })
}

/// One past the last line of the caption whose "Tabell N" line is line `k`
/// (looking no further than `ceiling`): the lines of its text wrapped
/// under it, each set close under the one before, the same size, one
/// segment, and no caption of its own.
pub(crate) fn wrapped_caption_end(lines: &[Line], k: usize, ceiling: usize) -> usize {
    let fs = lines[k].fs;
    let mut end = k + 1;
    while end < ceiling.min(lines.len())
        && lines[end].bbox.y0 - lines[end - 1].bbox.y1 <= 0.5 * fs
        && fs_compat(lines[end].fs, fs)
        && !lines[end].is_multi()
        && caption_id(&lines[end].text()).is_none()
    {
        end += 1;
    }
    end
}

/// A caption at the very end of a page (for a table that starts on the next page).
pub(crate) fn trailing_caption(lines: &[Line], floor: usize) -> Option<Caption> {
    let n = lines.len();
    if n == 0 || n <= floor {
        return None;
    }
    let fs = lines[n - 1].fs;
    // Treat the end of the page as the "top" of the table. Lines of its
    // header and section rows may stand under the caption (set with cell
    // padding, up to two lines apart); they are not the caption's text.
    let mut k = n;
    let mut steps = 0;
    while k > floor && steps < 7 {
        k -= 1;
        steps += 1;
        let l = &lines[k];
        let gap = if k + 1 < n {
            lines[k + 1].bbox.y0 - l.bbox.y1
        } else {
            0.0
        };
        if gap > 2.2 * l.fs.max(fs)
            || (steps > 4 && gap > 1.0 * l.fs.max(fs) && caption_id(&l.text()).is_none())
        {
            return None;
        }
        if let Some(id) = caption_id(&l.text()) {
            // The caption and the lines of its text wrapped under it.
            let mut parts: Vec<String> = vec![l.text()];
            for j in k + 1..n {
                if lines[j].bbox.y0 - lines[j - 1].bbox.y1 > 0.5 * l.fs
                    || !fs_compat(lines[j].fs, l.fs)
                    || lines[j].is_multi()
                {
                    break;
                }
                parts.push(lines[j].text());
            }
            return Some(Caption {
                id,
                text: parts.join(" "),
            });
        }
    }
    None
}
