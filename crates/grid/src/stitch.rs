//! Page continuation: captions are attached to regions, and an uncaptioned
//! region at the top of a page continues the table that ended the previous
//! page when its columns line up with that table's.

use crate::columns::Columns;
use crate::detect::{Region, caption_above, trailing_caption};
use crate::lines::Line;

/// Attaches captions to regions (same page above, or the end of the previous page).
pub(crate) fn attach_captions(regions: &mut [Region], page_lines: &[Vec<Line>]) {
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
        if cap.is_none() && r.first == 0 && r.page_idx > 0 {
            let prev_idx = r.page_idx - 1;
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

fn has_data(r: &Region) -> bool {
    r.lines
        .iter()
        .any(|l| l.segs.iter().any(crate::lines::Seg::is_data_number))
}

fn multi_cols(r: &Region) -> Columns {
    Columns::from_lines(r.lines.iter().filter(|l| l.is_multi()))
}

/// Whether the columns of `b` line up with those of `a` (left or right edges).
/// With `lenient` (the table so far has no data row), overlapping columns
/// are enough.
fn aligned(a: &Columns, b: &Columns, lenient: bool) -> bool {
    if b.len() < 2 || a.len() < 2 {
        return false;
    }
    let hits = b
        .ivs
        .iter()
        .filter(|(x0, x1)| {
            a.ivs
                .iter()
                .any(|(y0, y1)| (x0 - y0).abs() < 4.0 || (x1 - y1).abs() < 4.0)
        })
        .count();
    if hits * 10 >= b.len() * 7 {
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

/// Groups regions into tables (a table = regions on consecutive pages).
pub(crate) fn group(regions: Vec<Region>, page_lines: &[Vec<Line>]) -> Vec<Vec<Region>> {
    let mut out: Vec<Vec<Region>> = Vec::new();
    for r in regions {
        let cont = r.caption.is_none()
            && r.first == 0
            && out.last().and_then(|g| g.last()).is_some_and(|p| {
                let ends_page = page_lines
                    .get(p.page_idx)
                    .is_some_and(|pl| p.last + 1 >= pl.len());
                p.page_idx + 1 == r.page_idx
                    && ends_page
                    && aligned(&multi_cols(p), &multi_cols(&r), !has_data(p))
            });
        if cont {
            if let Some(g) = out.last_mut() {
                g.push(r);
            }
        } else {
            out.push(vec![r]);
        }
    }
    out
}
