//! Word-for-word comparison with `pdftotext -bbox` on ICDAR-2013 table
//! benchmark PDFs that use non-embedded standard-14 fonts without `/Widths`
//! (us-004, eu-004) and a mix with an embedded CID TrueType font (us-037).
//!
//! The PDFs are read from `/work/shared/benchmarks/icdar2013/pdfs` (found
//! relative to this crate); the test skips with a message when they or
//! `pdftotext` are missing.

#![allow(clippy::unwrap_used)]

mod common;

use std::path::PathBuf;

use kommunetall_pdf::Document;

/// Maximum allowed deviation of any box edge, in points.
const TOLERANCE: f64 = 0.5;
/// Required share of pdftotext's words that we match, in percent.
const REQUIRED: f64 = 99.0;

fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/benchmarks/icdar2013/pdfs")
}

fn check(file: &str) {
    let path = data_dir().join(file);
    let Ok(bytes) = std::fs::read(&path) else {
        eprintln!("skipping: {} not found", path.display());
        return;
    };
    let Some(reference) = common::pdftotext::words(&path) else {
        eprintln!("skipping: pdftotext not available");
        return;
    };
    let doc = Document::open(&bytes).unwrap();
    let mut ours = Vec::new();
    for n in 1..=doc.page_count() {
        for w in doc.page(n).unwrap().words {
            ours.push((n, w.text, [w.bbox.x0, w.bbox.y0, w.bbox.x1, w.bbox.y1]));
        }
    }
    let c = common::pdftotext::compare(&reference, &ours, TOLERANCE);
    eprintln!(
        "{file}: pdftotext words {}, ours {}, matched {} ({:.2} %), max deviation {:.4} pt",
        c.reference,
        c.ours,
        c.matched,
        c.percent(),
        c.max_deviation
    );
    for m in c.misses.iter().take(10) {
        eprintln!("  unmatched: page {} {:?} {:?}", m.page, m.text, m.bbox);
    }
    assert!(c.reference > 100, "{file}: too few reference words");
    assert!(
        c.percent() >= REQUIRED,
        "{file}: only {:.2} % of pdftotext's words matched",
        c.percent()
    );
}

#[test]
fn us_004_matches_pdftotext() {
    check("us-004.pdf");
}

#[test]
fn eu_004_matches_pdftotext() {
    check("eu-004.pdf");
}

#[test]
fn us_037_matches_pdftotext() {
    check("us-037.pdf");
}
