//! Continuation: a table cut into regions on one page (an empty row or a
//! section heading set with a wide gap) is joined again, captions are
//! attached to regions, and an uncaptioned region at the top of a page
//! continues the table that ended the previous page when its columns line up
//! with that table's.

use crate::columns::Columns;
use crate::detect::{
    Region, caption_above, caption_at, caption_id, caption_under, fs_compat, is_note, new_head,
    over_cells, own_row, trailing_caption, wrapped_caption_end,
};
use crate::lines::{Line, Seg};

/// Widest gap (in font sizes) between two lines of one table split at an
/// empty row or a section heading.
const SPLIT_GAP: f64 = 6.0;

/// Whether region `b` continues region `a` on the same page: nothing but
/// label-only lines (section headings) between them, each gap at most
/// [`SPLIT_GAP`] font sizes, no caption or note, `b` not starting with a
/// header of its own, and `b`'s columns lining up with `a`'s.
fn continues_on_page(a: &Region, b: &Region, lines: &[Line]) -> bool {
    // A header of short headings may be set in a smaller (or larger) size
    // than its rows; a sentence leading into the table may not join it.
    let header_only = !has_data(a)
        && has_data(b)
        && a.lines
            .iter()
            .flat_map(|l| &l.segs)
            .all(|s| s.words.len() <= 4);
    if a.page_idx != b.page_idx
        || !a.notes.is_empty()
        || b.first <= a.last
        || (!fs_compat(a.fs, b.fs) && !header_only)
    {
        return false;
    }
    // A region without data is a table's header only when it has two
    // tabular lines or more, or one over rows of data of three cells or
    // more, or of short headings (one of two long pieces may be a line of
    // prose cut into segments).
    let multi: Vec<&Line> = a.lines.iter().filter(|l| l.is_multi()).collect();
    let one_wide = has_data(b)
        && multi.iter().any(|l| {
            l.content_segs() >= 3
                || (l.content_segs() >= 2 && l.segs.iter().all(|s| s.words.len() <= 4))
        });
    if !has_data(a) && multi.len() < 2 && !one_wide {
        return false;
    }
    let fs = a.fs.max(b.fs);
    let Some(first_value) = value_left(a) else {
        return false;
    };
    let between = &lines[a.last + 1..b.first];
    let label_only = |l: &Line| {
        l.content_segs() <= 1
            && !l.prose
            && l.bbox.x1 < first_value
            && caption_id(&l.text()).is_none()
            && !is_note(&l.text())
    };
    if !between.iter().all(label_only) {
        return false;
    }
    let mut prev = a.lines.last().map_or(0.0, |l| l.bbox.y1);
    for l in between.iter().chain(b.lines.first()) {
        if l.bbox.y0 - prev > SPLIT_GAP * fs {
            return false;
        }
        prev = l.bbox.y1;
    }
    // `b` starts with a header of its own: a tabular line without data
    // numbers while `a` has data (a second table under the first).
    // (Not a row that says one thing in every column, "Ej aktuellt" from
    // the first value column to the last: a row of the table. Nor text
    // going on in lower case in every cell, "fjernvarmeproduksjon" beside
    // "fjernvarmeproduksjonen var": the rest of a row of text cells.)
    let b_first_multi = b.lines.iter().find(|l| l.is_multi());
    let goes_on = |l: &Line| {
        l.segs
            .iter()
            .all(|s| s.text.starts_with(|c: char| c.is_lowercase()))
    };
    if has_data(a)
        && b_first_multi.is_some_and(|l| {
            !l.segs.iter().any(Seg::is_data_number) && !same_in_every_column(l) && !goes_on(l)
        })
    {
        return false;
    }
    // Or a header of more columns than `a`'s set apart from it: the
    // split `detect` made there stands.
    if heads_own_table(a, b) {
        return false;
    }
    if has_data(a) {
        // (Or every one of three data columns or more of `a` goes on in
        // `b`: rows of text cells set centred, their values on lines
        // without the label in `a`, beside it in `b`.)
        let (ca, cb) = (data_cols(a), data_cols(b));
        aligned(&ca, &cb, false) || (ca.len() >= 3 && aligned(&cb, &ca, false))
    } else {
        aligned(&data_cols(a), &data_cols(b), true) || header_over(a, b)
    }
}

/// Whether a line after its label says one thing, not a number, in three
/// columns or more ("Kultur- och arrangörsbidrag", then "Ej aktuellt" in
/// every column): a row of text cells, never a header (headings name their
/// columns apart).
fn same_in_every_column(l: &Line) -> bool {
    let Some((_, rest)) = l.segs.split_first() else {
        return false;
    };
    rest.len() >= 3
        && rest.iter().all(|s| {
            s.text == rest[0].text
                && s.number().is_none()
                && s.text.chars().any(char::is_alphabetic)
        })
}

/// The rows under a header repeated at the top of a page, set apart
/// from it by a wide gap: the piece before is that header alone,
/// nothing stands between.
fn under_repeated_header(out: &[Vec<Region>], r: &Region) -> bool {
    r.caption.is_none()
        && has_data(r)
        && out.last().is_some_and(|g| {
            g.len() >= 2
                && g.last().is_some_and(|p| {
                    p.page_idx == r.page_idx
                        && p.last + 1 == r.first
                        && !has_data(p)
                        && !heads_own_table(p, r)
                })
                // Its columns stand in the table's: each overlaps one of
                // the columns of its first piece.
                && g.first().is_some_and(|q| {
                    let (a, b) = (data_cols(q), data_cols(r));
                    b.len() >= 2
                        && b.ivs.iter().all(|x| {
                            a.ivs.iter().any(|y| x.1.min(y.1) - x.0.max(y.0) > 0.0)
                        })
                })
        })
}

/// Whether `b` starts with a header of more columns than `a`'s, set apart
/// from it (`detect::new_head`): its first tabular line, with nothing above
/// it in `b` but the upper lines of its own row ("T", "re", "n" over "d").
fn heads_own_table(a: &Region, b: &Region) -> bool {
    let Some(k) = b.lines.iter().position(Line::is_multi) else {
        return false;
    };
    let m = &b.lines[k];
    if !b.lines[..k].iter().all(|l| over_cells(l, m)) {
        return false;
    }
    let above: Vec<Line> = a.lines.iter().chain(&b.lines[..k]).cloned().collect();
    own_row(&above, m).0 <= a.lines.len() && new_head(&above, m, &multi_cols(a))
}

/// Whether region `r`, at the top of a page, opens with a header line of
/// its own over its rows of data: short headings without a digit, more of
/// them than the table before (`g`) has columns, not the words of that
/// table's header. The next table begun at the page's top, however its
/// columns happen to line up with the table ending the page before.
fn headed_otherwise(g: &[Region], r: &Region) -> bool {
    let Some(first) = g.first() else {
        return false;
    };
    // Its first tabular line, with nothing above it but the upper lines
    // of its own cells ("Tren" over "d", wider than it).
    let Some(k) = r.lines.iter().position(Line::is_multi) else {
        return false;
    };
    let m = &r.lines[k];
    let overlaps = |s: &Seg| {
        m.segs
            .iter()
            .any(|c| s.bbox.x1.min(c.bbox.x1) - s.bbox.x0.max(c.bbox.x0) > 0.0)
    };
    // The table before has rows of its own (data, or the lines of a text
    // table), not only the first lines of a header going on here.
    let rows_before = g.iter().any(has_data)
        || g.iter()
            .flat_map(|p| &p.lines)
            .filter(|l| l.is_multi())
            .count()
            >= 4;
    rows_before
        && has_data(r)
        && r.lines[..k].iter().all(|l| l.segs.iter().all(overlaps))
        && m.segs.len() > multi_cols(first).len()
        && m.segs
            .iter()
            .all(|s| s.words.len() <= 3 && !s.text.chars().any(|c| c.is_ascii_digit()))
        && !repeated_header(std::slice::from_ref(m), &header_words(g))
}

/// Whether the lines of `a` (a header without data) stand over the columns
/// of `b`: no segment reaches outside `b`'s extent and most overlap one of
/// its columns (a heading centred over right-aligned numbers may stand in
/// the gap beside them). Header cells may span several columns or wrap onto
/// lines of their own, so their own intervals do not line up one to one.
fn header_over(a: &Region, b: &Region) -> bool {
    let cols = data_cols(b);
    let (Some(first), Some(last)) = (cols.ivs.first(), cols.ivs.last()) else {
        return false;
    };
    let fs = a.fs.max(b.fs);
    let segs: Vec<&Seg> = a.lines.iter().flat_map(|l| &l.segs).collect();
    let over = segs
        .iter()
        .filter(|s| {
            cols.ivs
                .iter()
                .any(|(x0, x1)| s.bbox.x1.min(*x1) - s.bbox.x0.max(*x0) > 0.0)
        })
        .count();
    cols.len() >= 2
        && over * 2 >= segs.len()
        && segs
            .iter()
            .all(|s| s.bbox.x0 >= first.0 - fs && s.bbox.x1 <= last.1 + fs)
}

/// Left edge of the value columns of a region: the leftmost segment of its
/// tabular lines that is not in the label column.
fn value_left(r: &Region) -> Option<f64> {
    r.lines
        .iter()
        .filter(|l| l.is_multi())
        .filter_map(|l| l.segs.get(1).map(|s| s.bbox.x0))
        .min_by(f64::total_cmp)
}

/// Joins regions of one page that are one table cut at empty rows or
/// section headings (see [`continues_on_page`]); the lines between them
/// become rows of the table.
pub(crate) fn join_on_page(regions: Vec<Region>, page_lines: &[Vec<Line>]) -> Vec<Region> {
    let mut out: Vec<Region> = Vec::with_capacity(regions.len());
    for r in regions {
        let joined = match (out.last_mut(), page_lines.get(r.page_idx)) {
            (Some(a), Some(lines)) if continues_on_page(a, &r, lines) => {
                a.lines.extend(lines[a.last + 1..r.first].iter().cloned());
                a.lines.extend(r.lines.iter().cloned());
                a.last = r.last;
                a.notes.clone_from(&r.notes);
                true
            }
            _ => false,
        };
        if !joined {
            out.push(r);
        }
    }
    out
}

/// Attaches captions to regions (same page above, or the end of the previous
/// page); in a document that sets its captions under its tables
/// ([`captions_below`]), the caption under each region instead.
pub(crate) fn attach_captions(regions: &mut [Region], page_lines: &[Vec<Line>]) {
    if captions_below(regions, page_lines) {
        attach_captions_below(regions, page_lines);
        return;
    }
    for i in 0..regions.len() {
        let r = &regions[i];
        let floor = if i > 0 && regions[i - 1].page_idx == r.page_idx {
            regions[i - 1].last + 1
        } else {
            0
        };
        let Some(lines) = page_lines.get(r.page_idx) else {
            continue;
        };
        let mut cap = caption_above(lines, r.first, floor, r.fs);
        let prev = page_before(page_lines, r.page_idx).filter(|_| cap.is_none() && r.first == 0);
        if let Some(prev_idx) = prev {
            let prev_floor = regions[..i]
                .iter()
                .rev()
                .find(|p| p.page_idx == prev_idx)
                .map_or(0, |p| p.last + 1);
            if let Some(pl) = page_lines.get(prev_idx) {
                cap = trailing_caption(pl, prev_floor);
            }
        }
        regions[i].caption = cap;
    }
}

/// Attaches to each region the caption under it ([`caption_under`]; for a
/// region ending its page, the caption at the top of the next), for a
/// document that sets its captions under its tables ([`captions_below`]).
fn attach_captions_below(regions: &mut [Region], page_lines: &[Vec<Line>]) {
    for i in 0..regions.len() {
        let ceiling = regions
            .get(i + 1)
            .filter(|n| n.page_idx == regions[i].page_idx)
            .map_or(usize::MAX, |n| n.first);
        let r = &regions[i];
        let under = page_lines
            .get(r.page_idx)
            .and_then(|lines| caption_under(lines, r.last, ceiling));
        // A table ending its page: its caption may stand at the top of
        // the next, over nothing tabular.
        let next_top = || {
            let lines = &page_lines[r.page_idx];
            if lines[r.last + 1..].iter().any(Line::is_multi) {
                return None;
            }
            let next = page_after(page_lines, r.page_idx)?;
            let floor = regions
                .iter()
                .find(|n| n.page_idx == next)
                .map_or(usize::MAX, |n| n.first);
            let top = &page_lines[next];
            let k = top
                .iter()
                .take(3.min(floor))
                .take_while(|l| !l.is_multi())
                .position(|l| caption_id(&l.text()).is_some())?;
            caption_at(top, k, floor)
        };
        regions[i].caption = under.or_else(|| {
            if ceiling == usize::MAX {
                next_top()
            } else {
                None
            }
        });
    }
    // A table running over pages has its caption under its last part:
    // the caption names the whole table, so it goes to the first part,
    // the others going on from it. Back from a captioned part: a part
    // right above it on its page (a header alone, say), or the last part
    // of the page before when that part ends its page (a running foot at
    // most under it) and nothing tabular stands over this one, its
    // columns lining up with the captioned part's (or, a header alone at
    // the page's foot, its first line repeated over that part).
    for i in (1..regions.len()).rev() {
        if regions[i].caption.is_none() {
            continue;
        }
        let mut j = i;
        while j > 0 {
            let (before, r) = (&regions[j - 1], &regions[j]);
            let goes_on = before.caption.is_none()
                && if before.page_idx == r.page_idx {
                    before.last + 1 == r.first
                } else {
                    page_lines[before.page_idx].len() <= before.last + 3
                        && page_before(page_lines, r.page_idx) == Some(before.page_idx)
                        && page_lines[r.page_idx][..r.first]
                            .iter()
                            .all(|l| !l.is_multi())
                        && (aligned(&cols_of(before), &cols_of(&regions[i]), true)
                            || (!has_data(before) && repeats_first_line(before, &regions[i])))
                };
            if !goes_on {
                break;
            }
            j -= 1;
        }
        if regions[j].page_idx != regions[i].page_idx {
            regions[j].caption = regions[i].caption.take();
        }
    }
}

/// Whether region `b` opens with the first tabular line of region `a`, word
/// for word: a header repeated.
fn repeats_first_line(a: &Region, b: &Region) -> bool {
    let first = |r: &Region| r.lines.iter().find(|l| l.is_multi()).map(Line::text);
    first(a).is_some_and(|t| Some(t) == first(b))
}

/// Whether the document sets its captions under its tables: more of its
/// captions stand right under a table and not right over one than the
/// other way round, two or more. Right under: the caption's line next
/// after the table's last, within two font sizes, and not the page's last
/// (the table it heads may start on the next page); right over: its text's
/// last line the one before the table's first, within four, and not the
/// page's first. A caption between two tables counts for neither, nor
/// does one with prose between it and a table.
fn captions_below(regions: &[Region], page_lines: &[Vec<Line>]) -> bool {
    let (mut under, mut over) = (0, 0);
    for (idx, lines) in page_lines.iter().enumerate() {
        let on_page = || regions.iter().filter(move |r| r.page_idx == idx);
        for k in 0..lines.len() {
            if caption_id(&lines[k].text()).is_none() {
                continue;
            }
            let fs = lines[k].fs;
            let end = wrapped_caption_end(lines, k, lines.len());
            // The space between the caption and a table right above it,
            // and right below it.
            let up = (k > 0 && on_page().any(|r| r.last + 1 == k))
                .then(|| lines[k].bbox.y0 - lines[k - 1].bbox.y1);
            let down = (end < lines.len() && on_page().any(|r| r.first == end))
                .then(|| lines[end].bbox.y0 - lines[end - 1].bbox.y1);
            match (up, down) {
                // Under a table, not at the page's foot (where the table
                // it heads may start on the next page).
                (Some(u), None) if end < lines.len() && u <= 2.0 * fs => under += 1,
                // Over a table, not at the page's top (where the table it
                // names may end on the page before).
                (None, Some(d)) if k > 0 && d <= 4.0 * fs => over += 1,
                // Between two tables: no telling (the space a word
                // processor sets after a caption may part it more from its
                // own table than from the other).
                _ => {}
            }
        }
    }
    under >= 2 && under > over
}

/// A region's first tabular line above its first line of data: the first
/// line of its header.
fn first_header_line(r: &Region) -> Option<&Line> {
    r.lines
        .iter()
        .take_while(|l| !l.segs.iter().any(Seg::is_data_number))
        .find(|l| l.is_multi())
}

fn has_data(r: &Region) -> bool {
    r.lines.iter().any(data_line)
}

/// Whether a line holds a data number (or one with the next column's mark
/// a space after it, "34 % ⬆").
fn data_line(l: &Line) -> bool {
    l.segs.iter().any(data_seg)
}

/// Whether a segment is a data number, or one with the next column's mark
/// a space after it.
fn data_seg(s: &Seg) -> bool {
    s.is_data_number() || s.value_then_mark()
}

fn multi_cols(r: &Region) -> Columns {
    Columns::from_lines(r.lines.iter().filter(|l| l.is_multi()))
}

/// The columns of a region to continue: of its tabular lines, or, for a
/// region without data (a header at the foot of a page, whose cells wrap
/// onto lines of their own), of all its lines.
fn cols_of(r: &Region) -> Columns {
    if has_data(r) {
        data_cols(r)
    } else {
        Columns::from_lines(&r.lines)
    }
}

/// The columns of a region's lines with data numbers (header lines, whose
/// cells span or wrap differently, left out); of its tabular lines when it
/// has none.
fn data_cols(r: &Region) -> Columns {
    if has_data(r) {
        Columns::from_lines(r.lines.iter().filter(|l| l.is_multi() && data_line(l)))
    } else {
        multi_cols(r)
    }
}

/// The columns of a region at a page's top asked to go on the table
/// before: its data columns, or, where its numbers stand only on lines of
/// their own (a date's tail cut onto its own line), its tabular lines'.
fn top_cols(r: &Region) -> Columns {
    let data = data_cols(r);
    if data.len() >= 2 { data } else { multi_cols(r) }
}

/// Whether the columns of `b` line up with those of `a` (left or right edges).
/// With `lenient` (the table so far has no data row), overlapping columns
/// are enough.
fn aligned(a: &Columns, b: &Columns, lenient: bool) -> bool {
    if b.len() < 2 || a.len() < 2 {
        return false;
    }
    let hit = |(x0, x1): &(f64, f64)| {
        a.ivs.iter().any(|(y0, y1)| {
            (x0 - y0).abs() < 4.0 || (x1 - y1).abs() < 4.0 || ((x0 + x1) - (y0 + y1)).abs() < 8.0
        })
    };
    let hits = b.ivs.iter().filter(|iv| hit(iv)).count();
    // The label column may be indented differently on the next page (its
    // lines there are all sub-items, or a total set out): then every value
    // column must match, and with one value column the label columns must
    // overlap too.
    let labels_overlap = b.ivs[0].1.min(a.ivs[0].1) - b.ivs[0].0.max(a.ivs[0].0) > 0.0;
    let values_match = (b.len() >= 3 || labels_overlap) && b.ivs[1..].iter().all(hit);
    if hits * 10 >= b.len() * 7 || values_match {
        return true;
    }
    if !lenient {
        return false;
    }
    // Header text over numbers may be aligned differently from the numbers
    // (a fragment that is only header and section rows): then every column
    // of `a` must overlap a column of `b`, and all but one of `b`'s columns
    // (the label column) must overlap one of `a`'s.
    let overlaps = |p: &(f64, f64), q: &(f64, f64)| p.1.min(q.1) - p.0.max(q.0) > 0.0;
    let one = |p: &(f64, f64), other: &Columns| other.ivs.iter().filter(|q| overlaps(p, q)).count();
    let a_ok = a.ivs.iter().all(|p| one(p, b) == 1);
    let b_hits = b.ivs.iter().filter(|q| one(q, a) == 1).count();
    a_ok && b_hits == a.len() && b_hits + 1 >= b.len()
}

/// The page with text before page `idx`: the one before it, or, over
/// pages left blank (no line once the running header and footer are gone),
/// the last before them that has text.
fn page_before(page_lines: &[Vec<Line>], idx: usize) -> Option<usize> {
    (0..idx)
        .rev()
        .find(|&i| page_lines.get(i).is_some_and(|pl| !pl.is_empty()))
}

/// The end of a row's label wrapped over a page break, standing alone at
/// the top of the next page (under the table's header repeated, if it is)
/// over the text that follows the table (no table region of its own: at
/// most the first lines of a region of text): joined to the table ending
/// the page before as a region of its own (read as `bare_tail`). The table
/// must fill its page to the foot, and the lines be as `bare_tail` takes
/// them: in its label column and size, each going on in lower case, three
/// at most, ending left of its values. A region of text they opened keeps
/// the lines after them.
pub(crate) fn adopt_label_tails(groups: &mut Vec<Vec<Region>>, page_lines: &[Vec<Line>]) {
    let body_bottom = body_bottom(page_lines);
    for gi in 0..groups.len() {
        let Some(p) = groups[gi].last() else {
            continue;
        };
        let Some(n) = page_after(page_lines, p.page_idx) else {
            continue;
        };
        if p.last + 1 < page_lines[p.page_idx].len() {
            continue;
        }
        // (Under the table's header repeated, if it is.)
        let words = header_words(&groups[gi]);
        let skip = page_lines[n]
            .iter()
            .take_while(|l| repeated_header(std::slice::from_ref(*l), &words))
            .count();
        let lines: Vec<Line> = page_lines[n][skip..]
            .iter()
            .take(3)
            .take_while(|l| crate::lines::lower_tail(&l.text()))
            .cloned()
            .collect();
        let k = lines.len();
        // The region the page starts with: text of its own only (a group
        // by itself, no caption, no data) may give its first lines up.
        let opened = groups
            .iter()
            .position(|h| h.iter().any(|r| r.page_idx == n && r.first <= skip));
        if k == 0
            || opened.is_some_and(|hi| {
                let h = &groups[hi];
                hi == gi || h.len() != 1 || h[0].caption.is_some() || has_data(&h[0])
            })
        {
            continue;
        }
        let tail = Region {
            page: p.page + (n - p.page_idx) as u32,
            page_idx: n,
            first: skip,
            last: skip + k - 1,
            lines,
            caption: None,
            notes: Vec::new(),
            fs: p.fs,
        };
        if !(bare_tail(p, &tail) && no_room_below(p, &tail, body_bottom)) {
            continue;
        }
        groups[gi].push(tail);
        if let Some(r) = opened.map(|hi| &mut groups[hi][0]) {
            let through = (skip + k - r.first).min(r.lines.len());
            r.lines.drain(..through);
            r.first += through;
        }
    }
    groups.retain(|g| g.iter().all(|r| !r.lines.is_empty()));
}

/// The page with text after page `idx` (blank pages skipped), as
/// [`page_before`] looks back.
fn page_after(page_lines: &[Vec<Line>], idx: usize) -> Option<usize> {
    (idx + 1..page_lines.len()).find(|&i| !page_lines[i].is_empty())
}

/// Where the text of a page usually ends: the median over pages of the
/// bottom of their lowest line (running footers are gone by now). A table
/// that stops above it by more than the height of what the next page starts
/// with (its header again and first row) ended on its page: that row would
/// have fit below it.
fn body_bottom(page_lines: &[Vec<Line>]) -> f64 {
    crate::lines::median(
        page_lines
            .iter()
            .filter(|pl| pl.len() >= 5)
            .map(|pl| pl.iter().map(|l| l.bbox.y1).fold(f64::MIN, f64::max))
            .collect(),
    )
}

/// Groups regions into tables (a table = regions on consecutive pages,
/// blank pages between them skipped).
pub(crate) fn group(regions: Vec<Region>, page_lines: &[Vec<Line>]) -> Vec<Vec<Region>> {
    let body_bottom = body_bottom(page_lines);
    let mut out: Vec<Vec<Region>> = Vec::new();
    // Whether region `k` is followed on its page, right under it, by rows
    // of data without a caption of their own.
    let rows_follow: Vec<bool> = (0..regions.len())
        .map(|k| {
            regions.get(k + 1).is_some_and(|n| {
                n.page_idx == regions[k].page_idx
                    && n.first == regions[k].last + 1
                    && n.caption.is_none()
                    && has_data(n)
            })
        })
        .collect();
    for (k, mut r) in regions.into_iter().enumerate() {
        // The page with text before this region's (blank pages skipped).
        let before = page_before(page_lines, r.page_idx);
        let top: &[Line] = page_lines
            .get(r.page_idx)
            .map_or(&[], |pl| &pl[..r.first.min(pl.len())]);
        // A caption repeating the id of the table that ends the page before
        // ("Tabell 1.3 fortsetter") continues that table when the columns
        // line up.
        let same_id = r.caption.as_ref().is_some_and(|c| {
            out.last().is_some_and(|g| {
                g.first()
                    .and_then(|f| f.caption.as_ref())
                    .is_some_and(|fc| fc.id == c.id)
                    && g.last().is_some_and(|p| {
                        // The same table number on the next page is strong
                        // evidence; its columns need only be as many.
                        before == Some(p.page_idx)
                            && !other_columns(&r, g)
                            && (aligned(&data_cols(p), &data_cols(&r), false)
                                || (kommunetall_lexicon::caption::continued(&c.text)
                                    && data_cols(p).len().abs_diff(data_cols(&r).len()) <= 1))
                    })
            })
        });
        let (lone_row_end, under_row_end) = under_row_end(&out, &r);
        let table_before = if lone_row_end {
            out.get(out.len() - 2)
        } else {
            out.last()
        }
        .filter(|g| !headed_otherwise(g, &r));
        let cont = same_id
            || r.caption.is_none()
                && table_before.is_some_and(|g| {
                    let g = if under_row_end && !lone_row_end {
                        &g[..g.len() - 1]
                    } else {
                        &g[..]
                    };
                    (r.first == 0
                        || under_row_end
                        || repeated_header(top, &header_words(g))
                        || g.last().is_some_and(|p| cells_above(top, p)))
                        && g.last().is_some_and(|p| {
                            // (A page holding nothing but rows of the table
                            // going on from the page before is one the table
                            // runs over, whatever room it leaves below them.)
                            let alone = g.len() >= 2 && p.first == 0;
                            let ends_page = page_lines
                                .get(p.page_idx)
                                .is_some_and(|pl| p.last + 1 >= pl.len())
                                && (alone || no_room_below(p, &r, body_bottom));
                            let tail = label_tail_only(&r, &header_words(g)) || bare_tail(p, &r);
                            // The header the page before ends with, repeated
                            // word for word at the top of this one.
                            // (Its first tabular line: a heading wrapped
                            // upwards in its cell may stand above it.)
                            // Or the header the table began with, repeated
                            // word for word over this page's rows.
                            let r_head = first_header_line(&r);
                            let same_header = r_head.is_some_and(|f| {
                                (!has_data(p)
                                    && p.lines.iter().any(|l| l.is_multi() && l.text() == f.text()))
                                    || g.first()
                                        .and_then(first_header_line)
                                        .is_some_and(|h| h.text() == f.text())
                            });
                            // Nothing but the table's header again, its
                            // rows set apart below it.
                            let repeated =
                                !has_data(&r) && repeated_header(&r.lines, &header_words(g));
                            let header_again = repeated && rows_follow[k];
                            // Or the header again over no rows at all, the
                            // table's last row having ended the page before.
                            let header_only = repeated && r.first == 0 && !rows_follow[k];
                            // Or the page before ends in a captioned table's
                            // header and nothing else: its rows begin here,
                            // under it.
                            let rows_under = p.caption.is_some() && !has_data(p) && within(p, &r);
                            before == Some(p.page_idx)
                                && ends_page
                                && (has_data(&r)
                                    || !has_data(p)
                                    || same_header
                                    || tail
                                    || header_again
                                    || header_only)
                                && (tail
                                    || same_header
                                    || rows_under
                                    || header_again
                                    || header_only
                                    || number_tails(p, &r)
                                    || aligned(&cols_of(p), &top_cols(&r), !has_data(p)))
                        })
                });
        let under_repeated_header = !cont && under_repeated_header(&out, &r);
        if !cont {
            keep_title(&mut r, &out);
        }
        if under_repeated_header {
            if let Some(g) = out.last_mut() {
                g.push(r);
            }
        } else if cont {
            // The repeated header joins the fragment (the table builder
            // recognises and drops it).
            if r.first > 0 && !same_id && !under_row_end {
                let mut lines = top.to_vec();
                lines.append(&mut r.lines);
                r.lines = lines;
                r.first = 0;
            }
            let row_end = if lone_row_end { out.pop() } else { None };
            if let Some(g) = out.last_mut() {
                g.extend(row_end.into_iter().flatten());
                g.push(r);
            }
        } else {
            out.push(vec![r]);
        }
    }
    out
}

/// Whether region `r` stands right under the end of a row of the table
/// before, set apart at this page's top (a region of its own that went on
/// that table, or stayed a table of its own: text without data, nothing to
/// join it by alone): (that region is a group of its own, `r` is under it).
/// `r` then starts where that one ends, and the table it goes on is asked
/// as it ended the page before.
fn under_row_end(out: &[Vec<Region>], r: &Region) -> (bool, bool) {
    let row_end = |e: &Region| e.page_idx == r.page_idx && e.first == 0 && e.last + 1 == r.first;
    let lone = out.len() >= 2
        && out.last().is_some_and(
            |g| matches!(g.as_slice(), [e] if row_end(e) && e.caption.is_none() && !has_data(e)),
        );
    let under = lone
        || out
            .last()
            .is_some_and(|g| g.len() >= 2 && g.last().is_some_and(row_end));
    (lone, under)
}

/// Whether region `p`, a table at its page's foot, left no room below it
/// (down to `body_bottom`, where the text of a page usually ends) for the
/// first row of region `r` on the next page: a table that stops higher
/// ended on its page. A tall row (ten lines or more: a text row of
/// paragraphs) may have left a quarter of its height more: an office
/// program moves such a row whole to the next page where its paragraphs'
/// widow and orphan rules would not let it break.
fn no_room_below(p: &Region, r: &Region, body_bottom: f64) -> bool {
    p.lines.last().is_none_or(|l| {
        let row = first_row_height(r);
        let need = if row >= 10.0 * l.fs { 1.25 * row } else { row };
        tracing::trace!(
            page = r.page,
            space = body_bottom - l.bbox.y1,
            need,
            "room below a table"
        );
        body_bottom - l.bbox.y1 <= need + 2.0 * l.fs
    })
}

/// Whether region `a` (a header) stands within the width of region `b`:
/// three quarters of the narrower's width shared (headings centred over
/// numbers set flush right stand a little to their left).
fn within(a: &Region, b: &Region) -> bool {
    let span = |r: &Region| {
        r.lines.iter().fold((f64::MAX, f64::MIN), |(x0, x1), l| {
            (x0.min(l.bbox.x0), x1.max(l.bbox.x1))
        })
    };
    let ((a0, a1), (b0, b1)) = (span(a), span(b));
    let narrower = (a1 - a0).min(b1 - b0);
    narrower > 0.0 && a1.min(b1) - a0.max(b0) >= 0.75 * narrower
}

/// Whether a region without data is the table's header repeated at the top
/// of a page and, under it, only the end of a row wrapped over the page
/// break: the last row of the page before goes on there. Either lines of
/// one segment (a label's end), the first starting in lower case, or a first
/// line each of whose cells goes on in lower case (the ends of a text row's
/// cells: "bygge- og anleggsprosjekter" beside "åtte benyttet også …").
fn label_tail_only(r: &Region, words: &[String]) -> bool {
    if has_data(r) {
        return false;
    }
    let k = r
        .lines
        .iter()
        .take_while(|l| repeated_header(std::slice::from_ref(*l), words))
        .count();
    k > 0
        && k < r.lines.len()
        && crate::lines::lower_tail(&r.lines[k].text())
        && (r.lines[k..].iter().all(|l| l.segs.len() == 1)
            || r.lines[k]
                .segs
                .iter()
                .all(|s| crate::lines::lower_tail(&s.text)))
}

/// Whether the lines `top` above a region at the top of its page are the
/// rest of a text row of the table `p` the page before ends with, its header
/// not repeated: every segment starting where a cell of `p` starts, some in
/// a column right of the labels ("Endringer i veibruksavgift …" in the
/// comment column), none prose, a number or a caption.
fn cells_above(top: &[Line], p: &Region) -> bool {
    let starts: Vec<f64> = p
        .lines
        .iter()
        .flat_map(|l| &l.segs)
        .map(|s| s.bbox.x0)
        .collect();
    // (Numbers end where the table's numbers end: "690,3 GWh ⬆" set
    // alone on its line, its row's text centred around it.)
    let ends: Vec<f64> = p
        .lines
        .iter()
        .flat_map(|l| &l.segs)
        .filter(|s| data_seg(s))
        .map(|s| s.bbox.x1)
        .collect();
    let label_left = starts.iter().copied().fold(f64::MAX, f64::min);
    let at_start = |s: &Seg| starts.iter().any(|x| (s.bbox.x0 - x).abs() <= 2.0);
    let number_at_end = |s: &Seg| data_seg(s) && ends.iter().any(|x| (s.bbox.x1 - x).abs() <= 2.0);
    (1..=12).contains(&top.len())
        && top.iter().all(|l| {
            !l.prose
                && (!data_line(l) || l.segs.iter().all(number_at_end))
                && crate::detect::caption_id(&l.text()).is_none()
                && crate::lines::same_size(l.fs, p.fs)
                && l.segs
                    .iter()
                    .all(|s| at_start(s) || number_at_end(s) || crate::lines::is_bullet(&s.text))
        })
        && top
            .iter()
            .flat_map(|l| &l.segs)
            .any(|s| s.bbox.x0 > label_left + 3.0 * p.fs)
}

/// Whether region `r`, at the top of a page, is only the end of the label
/// of the last row of `p` wrapped over the page break, the header not
/// repeated: lines of one segment in the table's type size, the first going
/// on in lower case, in `p`'s label column (starting at its labels' left
/// edge, ending left of its values).
fn bare_tail(p: &Region, r: &Region) -> bool {
    let label_left = p.lines.iter().map(|l| l.bbox.x0).fold(f64::MAX, f64::min);
    let Some(first) = r.lines.first() else {
        return false;
    };
    !has_data(r)
        && r.lines
            .iter()
            .all(|l| l.segs.len() == 1 && crate::lines::same_size(l.fs, p.fs))
        && crate::lines::lower_tail(&first.text())
        && (first.bbox.x0 - label_left).abs() <= 1.5 * first.fs
        && value_left(p).is_some_and(|v| r.lines.iter().all(|l| l.bbox.x1 < v))
}

/// Whether the first line of data of `r`, at the top of a page, holds
/// nothing but the ends of numbers their cells broke over the page break
/// ("13" at the foot of the page before, "962" under the header repeated):
/// no label, each number standing under the number `p`'s last line ends a
/// column with, and going on from it as its thousands, or as the last of
/// its decimals ("12,7" over "5", the column's numbers having two).
fn number_tails(p: &Region, r: &Region) -> bool {
    let (Some(last), Some(first)) = (
        p.lines.last(),
        r.lines
            .iter()
            .find(|l| l.segs.iter().any(Seg::is_data_number)),
    ) else {
        return false;
    };
    let label_right = last.segs.first().map_or(f64::MAX, |s| s.bbox.x1);
    let over = |a: &Seg, b: &Seg| a.bbox.x1.min(b.bbox.x1) - a.bbox.x0.max(b.bbox.x0) > 0.0;
    // The numbers of `p` in the column of `h`, `h` aside.
    let column = |h: &Seg| -> Vec<String> {
        p.lines
            .iter()
            .flat_map(|l| &l.segs)
            .filter(|s| !std::ptr::eq(*s, h) && over(s, h) && s.number().is_some())
            .map(|s| s.text.clone())
            .collect()
    };
    last.segs.len() >= 2
        && first.segs.iter().all(|t| {
            t.bbox.x0 > label_right
                && t.is_data_number()
                && last.segs.iter().skip(1).any(|h| {
                    over(t, h)
                        && h.number().is_some()
                        && crate::lines::number_goes_on(
                            &h.text,
                            &t.text,
                            column(h).iter().map(String::as_str),
                        )
                })
        })
}

/// The height of what a region starts with, a repeated header and its
/// first row: down to its first line with a data number (or its first
/// line), and on over the lines set close under it (under half a font
/// size apart) without data numbers of their own: the wrapped text cells
/// of that row.
fn first_row_height(r: &Region) -> f64 {
    let Some(top) = r.lines.first() else {
        return 0.0;
    };
    let mut k = r.lines.iter().position(data_line).unwrap_or(0);
    while k + 1 < r.lines.len()
        && !data_line(&r.lines[k + 1])
        && r.lines[k + 1].bbox.y0 - r.lines[k].bbox.y1 < 0.5 * r.lines[k].fs
    {
        k += 1;
    }
    r.lines[k].bbox.y1 - top.bbox.y0
}

/// The words (lower case) of a table's header: the lines of its first
/// region above the first line with a data number.
pub(crate) fn header_words(g: &[Region]) -> Vec<String> {
    let Some(first) = g.first() else {
        return Vec::new();
    };
    // Lines of one segment at the table's left edge are section rows or
    // the first lines of a wrapped label, not header.
    let left = first
        .lines
        .iter()
        .map(|l| l.bbox.x0)
        .fold(f64::MAX, f64::min);
    let mut above: Vec<&Line> = first
        .lines
        .iter()
        .take_while(|l| !l.segs.iter().any(Seg::is_data_number))
        .collect();
    // Nor are lines of one segment ending left of the numbers right above
    // the first row of data: a section row and the first line of a label
    // indented under it ("Netto driftsutgifter til" over "kirkegårder …
    // 173"), which may begin a row on the next page too.
    let data_left = data_left(first);
    while above.last().is_some_and(|l| label_line(l, data_left)) {
        above.pop();
    }
    above
        .into_iter()
        .filter(|l| !(l.segs.len() == 1 && l.bbox.x0 - left < l.fs))
        .flat_map(|l| l.segs.iter().flat_map(|s| s.text.split_whitespace()))
        .map(str::to_lowercase)
        .collect()
}

/// Where a region's data numbers start: the left edge of the leftmost
/// (`f64::MAX` when it has none).
pub(crate) fn data_left(r: &Region) -> f64 {
    r.lines
        .iter()
        .flat_map(|l| &l.segs)
        .filter(|s| s.is_data_number())
        .map(|s| s.bbox.x0)
        .fold(f64::MAX, f64::min)
}

/// Whether a line above a table's first row of data is a section row or
/// the first line of a row's label: one segment, ending left of where the
/// numbers start (`data_left`), not going on from a heading above in lower
/// case ("Bevilgningsoversikt" over "investering").
pub(crate) fn label_line(l: &Line, data_left: f64) -> bool {
    l.segs.len() == 1 && l.bbox.x1 < data_left && !l.text().starts_with(char::is_lowercase)
}

/// A part under other columns of a table continued by its caption
/// ("Tabell 2.2 fortsetter") keeps what the caption of the table it
/// continues (the last group of `out`) says: its title, its unit.
fn keep_title(r: &mut Region, out: &[Vec<Region>]) {
    let Some(c) = r.caption.as_mut() else {
        return;
    };
    if !kommunetall_lexicon::caption::continued(&c.text) {
        return;
    }
    let Some(fc) = out
        .last()
        .and_then(|g| g.first()?.caption.as_ref())
        .filter(|fc| fc.id == c.id)
    else {
        return;
    };
    // The title without a continuation note of its own (a third part).
    let title = fc
        .text
        .rsplit_once(" (")
        .filter(|(_, note)| kommunetall_lexicon::caption::continued(note))
        .map_or(fc.text.as_str(), |(t, _)| t);
    if !kommunetall_lexicon::caption::continued(title) {
        c.text = format!("{title} ({})", c.text);
    }
}

/// Whether region `r`, continuing table `g` by its caption ("Tabell 2.2
/// fortsetter"), heads its rows with headings of its own that are not the
/// table's: a wide table cut into pages by its columns, the same rows under
/// other columns, is a table of its own, never rows of the first grid.
fn other_columns(r: &Region, g: &[Region]) -> bool {
    let words = header_words(g);
    let head: Vec<Line> = r
        .lines
        .iter()
        .take_while(|l| !l.segs.iter().any(Seg::is_data_number))
        // Tabular lines only: section rows and wrapped labels above the
        // first data line are no headings.
        .filter(|l| l.is_multi() && caption_id(&l.text()).is_none())
        .cloned()
        .collect();
    // (A table of text has no line of data to end its header at.)
    has_data(r)
        && g.first().is_some_and(has_data)
        && !words.is_empty()
        && !head.is_empty()
        && !repeated_header(&head, &words)
}

/// Whether the lines at the top of a page (above a region) repeat the header
/// of the table on the page before: text without data numbers, every word
/// a word of that header.
pub(crate) fn repeated_header(top: &[Line], words: &[String]) -> bool {
    !top.is_empty()
        && !words.is_empty()
        && top.iter().all(|l| {
            !l.segs.iter().any(Seg::is_data_number)
                && l.segs
                    .iter()
                    .flat_map(|s| s.text.split_whitespace())
                    .all(|w| {
                        // A word of the header, or a piece of one broken
                        // elsewhere in a narrow column ("gjennomsni" "tt").
                        let w = w.to_lowercase();
                        words.contains(&w)
                            || (w.chars().count() >= 2 && words.iter().any(|h| h.contains(&w)))
                    })
        })
}
