//! Re-typesetting test: the sample's 56 truth tables are written as new PDFs
//! by `kommunetall-fixture` in several typesettings (fonts, sizes, borders,
//! page breaks, header repetition, perturbed numbers), read back through
//! `kommunetall-pdf` and `kommunetall-grid`, and scored against the tables
//! exactly as written, like `golden.rs` scores the sample.
//!
//! `RETYPESET_SHOW=1.1,u-tilsyn` prints those tables; `RETYPESET_ONLY=name`
//! runs one variant; `RETYPESET_DUMP=dir` writes the PDFs there.

#![allow(clippy::unwrap_used)]

use kommunetall_fixture::{TruthTable, Variant, parse_truth, render};
use kommunetall_grid::{Extraction, extract};
use kommunetall_model::{Location, Table};
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn same(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

#[derive(Default, Clone, Copy, Debug)]
struct Score {
    expected: usize,
    matched: usize,
    wrong: usize,
    missing: usize,
    extra: usize,
}

impl Score {
    fn add(&mut self, o: Score) {
        self.expected += o.expected;
        self.matched += o.matched;
        self.wrong += o.wrong;
        self.missing += o.missing;
        self.extra += o.extra;
    }
}

fn n_numeric(t: &Table) -> usize {
    t.rows
        .iter()
        .flat_map(|r| &r.cells)
        .filter(|c| c.value.is_some())
        .count()
}

/// Scores one table: truth rows paired with extracted rows by label, in order.
fn score(truth: &TruthTable, t: Option<&Table>) -> Score {
    let mut s = Score {
        expected: truth
            .rows
            .iter()
            .map(|r| r.values.iter().flatten().count())
            .sum(),
        ..Score::default()
    };
    let Some(t) = t else {
        s.missing = s.expected;
        return s;
    };
    let mut used = vec![false; t.rows.len()];
    let mut paired = 0usize;
    let mut cursor = 0usize;
    for tr in &truth.rows {
        let found = (cursor..t.rows.len())
            .chain(0..cursor.min(t.rows.len()))
            .find(|&i| !used[i] && t.rows[i].label == tr.label);
        let Some(i) = found else {
            s.missing += tr.values.iter().flatten().count();
            continue;
        };
        used[i] = true;
        cursor = i + 1;
        for (ci, tv) in tr.values.iter().enumerate() {
            let ev = t.rows[i].cells.get(ci).and_then(|c| c.value);
            match (tv, ev) {
                (Some(a), Some(b)) if same(*a, b) => {
                    s.matched += 1;
                    paired += 1;
                }
                (Some(_), Some(_)) => {
                    s.wrong += 1;
                    paired += 1;
                }
                (Some(_), None) => s.missing += 1,
                _ => {}
            }
        }
    }
    s.extra = n_numeric(t) - paired;
    s
}

fn header_words(h: &[Vec<(String, usize)>]) -> Vec<String> {
    h.iter()
        .flatten()
        .map(|(t, _)| t.to_lowercase())
        .filter(|t| !t.is_empty())
        .collect()
}

struct Outcome {
    numbered: usize,
    found: usize,
    total: Score,
    stray: usize,
    failures: Vec<String>,
}

fn run_variant(tables: &[TruthTable], v: &Variant) -> Outcome {
    let fx = render(tables, v);
    if let Ok(dir) = std::env::var("RETYPESET_DUMP") {
        let _ = std::fs::create_dir_all(&dir);
        let _ = std::fs::write(PathBuf::from(dir).join(format!("{}.pdf", v.name)), &fx.pdf);
    }
    let doc = kommunetall_pdf::Document::open(&fx.pdf).expect("fixture PDF opens");
    let pages: Vec<_> = (1..=doc.page_count())
        .map(|n| doc.page(n).expect("fixture page reads"))
        .collect();
    let ex: Extraction = extract(&pages);
    let show: Vec<String> = std::env::var("RETYPESET_SHOW")
        .map(|s| s.split(',').map(str::to_owned).collect())
        .unwrap_or_default();
    let mut used = vec![false; ex.tables.len()];
    let mut out = Outcome {
        numbered: 0,
        found: 0,
        total: Score::default(),
        stray: 0,
        failures: Vec::new(),
    };
    for tt in &fx.truth {
        let idx = if tt.id.starts_with("u-") {
            let hw = header_words(&tt.header);
            ex.tables
                .iter()
                .enumerate()
                .filter(|(i, t)| !used[*i] && t.caption.is_none())
                .map(|(i, t)| {
                    let th: Vec<String> = t
                        .header
                        .iter()
                        .flatten()
                        .map(|h| h.text.to_lowercase())
                        .collect();
                    let common = hw.iter().filter(|w| th.contains(w)).count();
                    (i, score(tt, Some(t)).matched * 10 + common)
                })
                .filter(|(_, k)| *k > 0)
                .max_by_key(|(_, k)| *k)
                .map(|(i, _)| i)
        } else {
            out.numbered += 1;
            ex.tables
                .iter()
                .enumerate()
                .find(|(i, t)| !used[*i] && t.table_id == tt.id)
                .map(|(i, _)| i)
        };
        if let Some(i) = idx {
            used[i] = true;
            if !tt.id.starts_with("u-") {
                out.found += 1;
            }
        }
        let t = idx.map(|i| &ex.tables[i]);
        let s = score(tt, t);
        out.total.add(s);
        let bad = s.wrong + s.missing + s.extra > 0 || t.is_none();
        if bad {
            let pages = t.map_or("-".to_owned(), |t| match t.location {
                Location::Pages { first, last } => format!("p{first}-{last}"),
                Location::Sheet { .. } => "?".into(),
            });
            out.failures.push(format!(
                "{}({pages} m{} w{} x{} e{})",
                tt.id, s.matched, s.wrong, s.missing, s.extra
            ));
        }
        if show
            .iter()
            .any(|x| x == &tt.id || x == "all" || (x == "bad" && bad))
        {
            if let Some(t) = t {
                println!("--- [{}] {} header {:?}", v.name, t.table_id, t.header);
                for r in &t.rows {
                    println!(
                        "   {:?} {:?} {:?}",
                        r.label,
                        r.class,
                        r.cells.iter().map(|c| c.text.as_str()).collect::<Vec<_>>()
                    );
                }
            }
            println!("--- truth {} header {:?}", tt.id, tt.header);
            for r in &tt.rows {
                println!("   {:?} {:?}", r.label, r.cells);
            }
        }
    }
    for (i, t) in ex.tables.iter().enumerate() {
        if !used[i] {
            let n = n_numeric(t);
            out.stray += n;
            if n > 0 {
                out.failures.push(format!("stray {}({n})", t.table_id));
            }
        }
    }
    println!(
        "{:<24} pages {:>3}  ids {:>2}/{:<2}  cells expected {:>5} matched {:>5} wrong {:>3} missing {:>4} extra {:>3} stray {:>3}",
        v.name,
        fx.pages,
        out.found,
        out.numbered,
        out.total.expected,
        out.total.matched,
        out.total.wrong,
        out.total.missing,
        out.total.extra,
        out.stray
    );
    if !out.failures.is_empty() {
        println!("    off: {}", out.failures.join(" "));
    }
    out
}

/// The bar for every variant: all numbered tables found by id, every numeric
/// cell matched, none wrong, none invented (extra or in stray tables).
fn bar(o: &Outcome) -> bool {
    o.found == o.numbered
        && o.total.matched == o.total.expected
        && o.total.wrong + o.total.extra + o.stray == 0
}

#[test]
fn retypeset_variants() {
    let truth_path = root().join("tests/golden/arsberetning-2024.truth.json");
    let tables = parse_truth(&std::fs::read_to_string(&truth_path).unwrap()).unwrap();
    assert_eq!(tables.len(), 56);
    let only = std::env::var("RETYPESET_ONLY").ok();
    let mut bad = Vec::new();
    for v in Variant::standard() {
        if only.as_ref().is_some_and(|o| !v.name.contains(o.as_str())) {
            continue;
        }
        let o = run_variant(&tables, &v);
        if !bar(&o) {
            bad.push(v.name.clone());
        }
    }
    assert!(bad.is_empty(), "variants below the bar: {bad:?}");
}

#[test]
fn fixture_is_deterministic() {
    let truth_path = root().join("tests/golden/arsberetning-2024.truth.json");
    let tables = parse_truth(&std::fs::read_to_string(&truth_path).unwrap()).unwrap();
    let v = &Variant::standard()[3];
    let a = render(&tables[..5], v);
    let b = render(&tables[..5], v);
    assert_eq!(a.pdf, b.pdf);
    assert_eq!(a.truth, b.truth);
    assert!(a.truth[0].rows[1].values != tables[0].rows[1].values);
}
