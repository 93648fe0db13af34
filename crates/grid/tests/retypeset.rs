//! Re-typesetting test: the sample's 56 truth tables are written as new PDFs
//! by `kommunetall-fixture` in several typesettings (fonts, sizes, borders,
//! page breaks, header repetition, perturbed numbers), read back through
//! `kommunetall-pdf` and `kommunetall-grid`, and scored against the tables
//! exactly as written, like `golden.rs` scores the sample.
//!
//! `RETYPESET_SHOW=1.1,u-tilsyn` prints those tables; `RETYPESET_ONLY=name`
//! runs one variant; `RETYPESET_DUMP=dir` writes the PDFs there.

#![allow(clippy::unwrap_used)]

use kommunetall_fixture::score::{Outcome, score, show as show_table};
use kommunetall_fixture::{TruthTable, Variant, parse_truth, render};
use kommunetall_grid::{Extraction, extract};
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
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
    let out = score(&fx.truth, &ex.tables);
    for (tt, (_, idx, s)) in fx.truth.iter().zip(&out.tables) {
        let bad = s.wrong + s.missing + s.extra > 0 || idx.is_none();
        if show
            .iter()
            .any(|x| x == &tt.id || x == "all" || (x == "bad" && bad))
        {
            println!(
                "[{}]\n{}",
                v.name,
                show_table(tt, idx.map(|i| &ex.tables[i]))
            );
        }
    }
    println!("{} pages {:>3}", out.line(&v.name), fx.pages);
    if !out.failures.is_empty() {
        println!("    off: {}", out.failures.join(" "));
    }
    out
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
        if !o.exact() {
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
