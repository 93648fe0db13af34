//! Property tests on synthetic grids: rows × columns of Norwegian numbers
//! under a caption and a header of years, right-aligned at regular column
//! positions with random jitter (within a quarter of the white gap on each
//! side, so two neighbours move at most half the gap towards each other).
//!
//! The engine must find exactly one table whose labels and cells are the
//! generated texts; its value cells never overlap; and every input word is
//! used at most once.
//!
//! The jitter is also kept under half the narrowest cell text: columns are
//! clusters of overlapping x-extents, so a right-aligned "0" shifted by more
//! than its own width starts a column of its own (a known limit of the
//! engine; real reports align their columns exactly). The first body row
//! always holds a number: the header is everything above the first line
//! with a data number, so a first row of placeholders only would be read
//! as a header row.

use std::collections::HashMap;

use kommunetall_grid::extract;
use kommunetall_model::BBox;
use kommunetall_pdf::{Page, Word};
use proptest::prelude::*;

const FS: f64 = 9.0;
const CHAR_W: f64 = FS * 0.5;
const SPACE_W: f64 = FS * 0.28;
/// Distance between the right edges of two value columns.
const COL_STEP: f64 = 72.0;
/// Distance between two row tops.
const ROW_STEP: f64 = 14.0;
const LINE_H: f64 = FS * 1.15;

fn word(text: &str, x0: f64, y0: f64) -> Word {
    Word {
        text: text.to_owned(),
        bbox: BBox {
            x0,
            y0,
            x1: x0 + text.chars().count() as f64 * CHAR_W,
            y1: y0 + LINE_H,
        },
        baseline: y0 + FS * 0.9,
        font_size: FS,
        font: "Sans".to_owned(),
        bold: false,
        spaced: false,
    }
}

/// The words of `text` (split at ordinary spaces) set from `x0`.
fn words_from(out: &mut Vec<Word>, text: &str, x0: f64, y0: f64) {
    let mut x = x0;
    for t in text.split(' ') {
        let w = word(t, x, y0);
        x = w.bbox.x1 + SPACE_W;
        out.push(w);
    }
}

fn width(text: &str) -> f64 {
    let n = text.split(' ').count() as f64;
    text.split(' ')
        .map(|t| t.chars().count() as f64 * CHAR_W)
        .sum::<f64>()
        + (n - 1.0) * SPACE_W
}

/// A value as printed: thousand groups (an ordinary space, so several words
/// in the PDF, or a no-break space inside one word), optional decimals,
/// U+2212 minus; or a placeholder.
fn value() -> impl Strategy<Value = String> {
    let number = (-9_999_999i64..9_999_999, 0u32..=2, any::<bool>()).prop_map(|(v, d, nbsp)| {
        let sep = if nbsp { '\u{a0}' } else { ' ' };
        let abs = v.unsigned_abs();
        let (int, frac) = (abs / 10u64.pow(d), abs % 10u64.pow(d));
        let digits = int.to_string();
        let mut s = String::new();
        if v < 0 {
            s.push('\u{2212}');
        }
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                s.push(sep);
            }
            s.push(c);
        }
        if d > 0 {
            s.push_str(&format!(",{frac:0w$}", w = d as usize));
        }
        s
    });
    prop_oneof![
        10 => number,
        1 => prop::sample::select(vec!["..", "\u{2013}", "0"]).prop_map(str::to_owned),
    ]
}

#[derive(Debug, Clone)]
struct Grid {
    labels: Vec<String>,
    values: Vec<Vec<String>>,
    /// Per row: y jitter; per cell: x jitter, both in [-1, 1] × the allowance.
    row_jitter: Vec<f64>,
    cell_jitter: Vec<Vec<(f64, f64)>>,
}

fn grid() -> impl Strategy<Value = Grid> {
    (3usize..=12, 2usize..=6).prop_flat_map(|(rows, cols)| {
        (
            prop::collection::vec("[A-ZÆØÅ][a-zæøå]{3,10}", rows),
            prop::collection::vec(prop::collection::vec(value(), cols), rows),
            prop::collection::vec(-1.0f64..1.0, rows),
            prop::collection::vec(
                prop::collection::vec((-1.0f64..1.0, -1.0f64..1.0), cols),
                rows,
            ),
        )
            .prop_map(|(labels, mut values, row_jitter, cell_jitter)| {
                // The header ends at the first line with a data number, so
                // a first body row of placeholders only ("..", "–") reads
                // as a header row (a known limit): keep a number in it.
                if let Some(first) = values.first_mut().and_then(|r| r.first_mut())
                    && first.chars().all(|c| !c.is_ascii_digit())
                {
                    *first = "1 234".to_owned();
                }
                Grid {
                    labels,
                    values,
                    row_jitter,
                    cell_jitter,
                }
            })
    })
}

fn page_of(g: &Grid) -> Page {
    let cols = g.values[0].len();
    let mut w = Vec::new();
    words_from(
        &mut w,
        "Tabell 7.1 Egenskaper. Millioner kroner",
        70.0,
        80.0,
    );
    let right0 = 260.0;
    // The widest text in any column bounds the jitter: a quarter of the
    // white gap between two columns on each side.
    let widest = g
        .values
        .iter()
        .flatten()
        .map(|v| width(v))
        .fold(width("2024"), f64::max);
    // Columns are clusters of overlapping x-extents, so cells of one column
    // must still overlap: at most just under half the narrowest text of the
    // table either way, as well.
    let narrowest = g
        .values
        .iter()
        .flatten()
        .map(|v| width(v))
        .fold(f64::MAX, f64::min);
    let dx = ((COL_STEP - widest) / 4.0)
        .min(narrowest / 2.0 - 0.05)
        .max(0.0);
    let dy = (ROW_STEP - LINE_H) / 4.0;
    for c in 0..cols {
        let year = format!("{}", 2020 + c);
        words_from(
            &mut w,
            &year,
            right0 + c as f64 * COL_STEP - width(&year),
            100.0,
        );
    }
    for (r, row) in g.values.iter().enumerate() {
        let y = 100.0 + (r + 1) as f64 * ROW_STEP + g.row_jitter[r] * dy;
        words_from(&mut w, &g.labels[r], 70.0, y);
        for (c, v) in row.iter().enumerate() {
            let (jx, jy) = g.cell_jitter[r][c];
            let x1 = right0 + c as f64 * COL_STEP + jx * dx;
            words_from(&mut w, v, x1 - width(v), y + jy * dy * 0.25);
        }
    }
    Page {
        number: 1,
        width: 595.0,
        height: 842.0,
        words: w,
        turned: vec![],
        rules: vec![],
        fills: vec![],
    }
}

fn overlap(a: &BBox, b: &BBox) -> bool {
    a.x1.min(b.x1) - a.x0.max(b.x0) > 1e-9 && a.y1.min(b.y1) - a.y0.max(b.y0) > 1e-9
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn jittered_grid_is_rebuilt(g in grid()) {
        let page = page_of(&g);
        let ex = extract(std::slice::from_ref(&page));
        prop_assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
        let t = &ex.tables[0];
        prop_assert_eq!(t.table_id.as_str(), "7.1");
        prop_assert_eq!(t.n_cols, g.values[0].len());
        let labels: Vec<&str> = t.rows.iter().map(|r| r.label.as_str()).collect();
        prop_assert_eq!(labels, g.labels.iter().map(String::as_str).collect::<Vec<_>>());
        for (row, want) in t.rows.iter().zip(&g.values) {
            let got: Vec<&str> = row.cells.iter().map(|c| c.text.as_str()).collect();
            prop_assert_eq!(got, want.iter().map(String::as_str).collect::<Vec<_>>());
        }

        // Value cells never overlap.
        let boxes: Vec<BBox> = t.rows.iter().flat_map(|r| &r.cells).filter_map(|c| c.bbox).collect();
        for (i, a) in boxes.iter().enumerate() {
            for b in &boxes[i + 1..] {
                prop_assert!(!overlap(a, b), "{:?} overlaps {:?}", a, b);
            }
        }

        // Every word in at most one cell (tokens of all output texts form a
        // sub-multiset of the input words).
        let mut supply: HashMap<&str, i64> = HashMap::new();
        for w in &page.words {
            *supply.entry(w.text.as_str()).or_default() += 1;
        }
        let texts = t.rows.iter().flat_map(|r| std::iter::once(r.label.as_str()).chain(r.cells.iter().map(|c| c.text.as_str())))
            .chain(t.header.iter().flatten().map(|h| h.text.as_str()))
            .chain(t.caption.as_deref());
        for text in texts {
            for tok in text.split(' ').filter(|s| !s.is_empty()) {
                let n = supply.entry(tok).or_default();
                *n -= 1;
                prop_assert!(*n >= 0, "word {:?} used more often than printed", tok);
            }
        }
    }
}
