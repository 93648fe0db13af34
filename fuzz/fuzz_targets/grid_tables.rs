//! Synthetic positioned words and rules → `kommunetall_grid::extract`.
//!
//! The input is decoded (with `arbitrary`) into up to four pages of words
//! placed mostly on a jittered grid of rows and columns (so that tables are
//! actually found), plus a few words at raw, possibly absurd coordinates,
//! and ruling lines. Checks, besides "no panic, no hang":
//!
//! * every body row of every table has exactly `n_cols` cells;
//! * no two value cells of one table overlap (their boxes on the same page
//!   share no interior);
//! * every input word is used at most once: the words (whitespace-separated
//!   tokens) of all row labels, value cells, header cells, captions and
//!   notes together form a sub-multiset of the input words' tokens.

#![no_main]

use std::collections::HashMap;

use arbitrary::Arbitrary;
use kommunetall_grid::extract;
use kommunetall_pdf::{BBox, Page, Word};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
enum Text {
    Int(u32),
    Dec(i32, u8),
    Neg(u16),
    Pct(u8),
    Label(u8),
    Missing(u8),
    Raw(String),
}

const LABELS: &[&str] = &[
    "Tabell",
    "1.1",
    "Sum",
    "driftsinntekter",
    "Rammetilskudd",
    "Skatt",
    "Millioner",
    "kroner",
    "2023",
    "2024",
    "Kilde:",
    "Netto",
    "Andre",
    "Regnskap",
    "Budsjett",
    "Avvik",
    "*",
    "Note",
    "prosent",
    "Sluttsum",
];

impl Text {
    fn render(&self) -> String {
        match self {
            Text::Int(v) => group(u64::from(*v % 10_000_000)),
            Text::Dec(v, d) => {
                let d = u32::from(*d % 3);
                let abs = u64::from(v.unsigned_abs() % 100_000);
                let p = 10u64.pow(d);
                let int = group(abs / p);
                let sign = if *v < 0 { "\u{2212}" } else { "" };
                if d == 0 {
                    format!("{sign}{int}")
                } else {
                    format!("{sign}{int},{:0w$}", abs % p, w = d as usize)
                }
            }
            Text::Neg(v) => format!("-{v}"),
            Text::Pct(v) => format!("{v}%"),
            Text::Label(i) => LABELS[*i as usize % LABELS.len()].to_owned(),
            Text::Missing(i) => ["..", "-", "N/A", ":"][*i as usize % 4].to_owned(),
            Text::Raw(s) => s.chars().take(12).collect(),
        }
    }
}

/// Groups of three digits separated by a no-break space.
fn group(v: u64) -> String {
    let s = v.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push('\u{a0}');
        }
        out.push(c);
    }
    out
}

#[derive(Arbitrary, Debug)]
enum WordIn {
    /// On the grid: column, row, jitter (1/16 pt), right-aligned or not.
    Grid {
        col: u8,
        row: u8,
        dx: i8,
        dy: i8,
        right: bool,
        fs: u8,
        bold: bool,
        text: Text,
    },
    /// Anywhere, with raw coordinates (may be huge, inverted, non-finite).
    Raw {
        x0: f64,
        y0: f64,
        x1: f64,
        y1: f64,
        fs: f64,
        text: Text,
    },
}

#[derive(Arbitrary, Debug)]
struct RuleIn {
    x: u16,
    y: u16,
    len: u16,
    vertical: bool,
}

#[derive(Arbitrary, Debug)]
struct PageIn {
    words: Vec<WordIn>,
    rules: Vec<RuleIn>,
}

fn word(text: String, bbox: BBox, fs: f64, bold: bool) -> Word {
    Word {
        text,
        bbox,
        baseline: bbox.y1 - 0.2 * (bbox.y1 - bbox.y0),
        font_size: fs,
        font: if bold { "Arial-BoldMT" } else { "ArialMT" }.to_owned(),
        bold,
        spaced: false,
    }
}

fn build(pages: &[PageIn]) -> Vec<Page> {
    let mut out = Vec::new();
    for (i, p) in pages.iter().take(4).enumerate() {
        let mut words = Vec::new();
        for w in p.words.iter().take(300) {
            match w {
                WordIn::Grid {
                    col,
                    row,
                    dx,
                    dy,
                    right,
                    fs,
                    bold,
                    text,
                } => {
                    let fs = 6.0 + f64::from(fs % 8);
                    let text = text.render();
                    let width = text.chars().count() as f64 * fs * 0.5;
                    let col_x = 40.0 + f64::from(col % 10) * 70.0 + f64::from(*dx) / 16.0;
                    let x0 = if *right { col_x + 60.0 - width } else { col_x };
                    let y0 = 60.0 + f64::from(row % 64) * 11.0 + f64::from(*dy) / 64.0;
                    // A grid word is one printed word: split multi-word text.
                    let mut x = x0;
                    for part in text.split_whitespace() {
                        let wdt = part.chars().count() as f64 * fs * 0.5;
                        let bbox = BBox {
                            x0: x,
                            y0,
                            x1: x + wdt,
                            y1: y0 + fs * 1.15,
                        };
                        words.push(word(part.to_owned(), bbox, fs, *bold));
                        x += wdt + fs * 0.25;
                    }
                }
                WordIn::Raw {
                    x0,
                    y0,
                    x1,
                    y1,
                    fs,
                    text,
                } => {
                    let bbox = BBox {
                        x0: *x0,
                        y0: *y0,
                        x1: *x1,
                        y1: *y1,
                    };
                    words.push(word(text.render(), bbox, *fs, false));
                }
            }
        }
        let rules = p
            .rules
            .iter()
            .take(40)
            .map(|r| {
                let (x, y, len) = (
                    f64::from(r.x % 800),
                    f64::from(r.y % 800),
                    f64::from(r.len % 800),
                );
                if r.vertical {
                    BBox {
                        x0: x,
                        y0: y,
                        x1: x + 0.5,
                        y1: y + len,
                    }
                } else {
                    BBox {
                        x0: x,
                        y0: y,
                        x1: x + len,
                        y1: y + 0.5,
                    }
                }
            })
            .collect();
        out.push(Page {
            number: u32::try_from(i + 1).unwrap_or(u32::MAX),
            width: 595.0,
            height: 842.0,
            words,
            rules,
            fills: Vec::new(),
        });
    }
    out
}

fn tokens(s: &str) -> impl Iterator<Item = &str> {
    s.split_whitespace()
}

fn interiors_overlap(a: &BBox, b: &BBox) -> bool {
    const EPS: f64 = 1e-6;
    a.x1.min(b.x1) - a.x0.max(b.x0) > EPS && a.y1.min(b.y1) - a.y0.max(b.y0) > EPS
}

fuzz_target!(|input: Vec<PageIn>| {
    let pages = build(&input);
    let ex = extract(&pages);

    let mut supply: HashMap<&str, i64> = HashMap::new();
    for p in &pages {
        for w in &p.words {
            for t in tokens(&w.text) {
                *supply.entry(t).or_default() += 1;
            }
        }
    }
    let mut used: HashMap<String, i64> = HashMap::new();
    let mut use_text = |s: &str| {
        for t in tokens(s) {
            *used.entry(t.to_owned()).or_default() += 1;
        }
    };
    for t in &ex.tables {
        if let Some(c) = &t.caption {
            use_text(c);
        }
        for n in &t.notes {
            use_text(n);
        }
        for h in t.header.iter().flatten() {
            use_text(&h.text);
        }
        for r in &t.rows {
            assert_eq!(
                r.cells.len(),
                t.n_cols,
                "table {}: row {:?}",
                t.table_id,
                r.label
            );
            use_text(&r.label);
            for c in &r.cells {
                use_text(&c.text);
            }
        }
        let boxes: Vec<(u32, BBox, &str)> = t
            .rows
            .iter()
            .flat_map(|r| &r.cells)
            .filter_map(|c| Some((c.page?, c.bbox?, c.text.as_str())))
            .collect();
        for (i, a) in boxes.iter().enumerate() {
            for b in &boxes[i + 1..] {
                assert!(
                    a.0 != b.0 || !interiors_overlap(&a.1, &b.1),
                    "table {}: cells {:?} and {:?} overlap",
                    t.table_id,
                    a,
                    b
                );
            }
        }
    }
    for (t, n) in &used {
        let have = supply.get(t.as_str()).copied().unwrap_or(0);
        assert!(*n <= have, "token {t:?} used {n} times, input has {have}");
    }
});
