//! The failure classes of issue 12, one small document each
//! (`kommunetall_fixture::classes`): HTML printed by headless Chromium (and
//! turned with lopdf for the rotated pages), read back through
//! `kommunetall-pdf` and `kommunetall-grid`, and scored against the truth a
//! careful reader takes off the page: every number by
//! `kommunetall_fixture::score` (located by page), every row found by its
//! label and every cell's text as printed (`text_mismatches`).
//!
//! A class document must be read exactly unless it is listed in
//! [`KNOWN_FAILING`] with what the engine reads wrong today; even then it
//! may read no wrong number (beyond [`KNOWN_WRONG`]), no more numbers where
//! the truth has none than [`KNOWN_INVENTED`] says, and no fewer right ones
//! than its floor. A listed document that becomes exact fails the test until
//! it is taken off the list.
//!
//! The PDFs and truth files are written to `<target>/tmp/classes/` as
//! `<name>.pdf` and `<name>.truth.json`, for
//! `cargo run --release -p kommunetall-bench -- dump FILE.pdf` and
//! `… -- truth FILE.pdf TRUTH.json --show bad`. `CLASSES_SHOW=name,…|all|bad`
//! prints tables beside their truth; `CLASSES_ONLY=name` runs some documents.
//! Skipped with a message when Chromium is not installed.

#![allow(clippy::unwrap_used)]

use std::path::PathBuf;

use kommunetall_fixture::classes::{ClassDoc, convert, documents, text_mismatches};
use kommunetall_fixture::office::OfficeError;
use kommunetall_fixture::score::{Outcome, score, show};

/// Documents the engine does not read exactly today: name, the numeric
/// cells it reads right today (a floor: it may only rise), and what it reads
/// wrong. Take a document off this list when the engine reads it exactly.
const KNOWN_FAILING: &[(&str, usize, &str)] = &[];

/// Wrong numbers (a truth cell read in its row and column with another
/// value) the engine reads today in a document. Every document not listed
/// must read none.
const KNOWN_WRONG: &[(&str, usize)] = &[];

/// Numbers read where the truth has none (the scorer's extra and stray:
/// right numbers under a garbled label, or numbers the page does not print
/// there at all), at most this many today. Every document not listed must
/// read none.
const KNOWN_INVENTED: &[(&str, usize)] = &[];

fn cache() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("classes")
}

/// What the engine made of one document.
struct Reading {
    outcome: Outcome,
    /// Text differences per truth table (a table not found is one line),
    /// then the tables read where no table is printed.
    texts: Vec<String>,
    pages: u32,
}

impl Reading {
    fn exact(&self) -> bool {
        self.outcome.exact()
            && self.outcome.total.labels_found == self.outcome.total.labels
            && self.texts.is_empty()
    }
}

fn read(doc: &ClassDoc, pdf: &[u8], show_ids: &[String]) -> Reading {
    let d = kommunetall_pdf::Document::open(pdf).expect("class PDF opens");
    let pages: Vec<_> = (1..=d.page_count())
        .map(|n| d.page(n).expect("class page reads"))
        .collect();
    let ex = kommunetall_grid::extract(&pages);
    let outcome = score(&doc.truth, &ex.tables);
    let mut texts = Vec::new();
    for (tt, (_, idx, s)) in doc.truth.iter().zip(&outcome.tables) {
        let t = idx.map(|i| &ex.tables[i]);
        let diff = match t {
            Some(t) => text_mismatches(tt, t),
            None => vec!["not found".to_owned()],
        };
        let bad = s.wrong + s.missing + s.extra > 0 || !diff.is_empty();
        if show_ids
            .iter()
            .any(|x| x == doc.name || x == "all" || (x == "bad" && bad))
        {
            println!("[{} {}]\n{}", doc.name, tt.id, show(tt, t));
            for l in &diff {
                println!("    text: {l}");
            }
        }
        texts.extend(diff.into_iter().map(|l| format!("{}: {l}", tt.id)));
    }
    // A table read where none is printed (prose taken for a table).
    for (i, t) in ex.tables.iter().enumerate() {
        if !outcome.tables.iter().any(|(_, idx, _)| *idx == Some(i)) {
            let first = t.rows.first().map_or("", |r| r.label.as_str());
            texts.push(format!(
                "table {} ({} rows, first {first:?}) read where no table is printed",
                t.table_id,
                t.rows.len()
            ));
        }
    }
    Reading {
        outcome,
        texts,
        pages: u32::try_from(pages.len()).unwrap(),
    }
}

#[test]
fn failure_classes() {
    let dir = cache();
    std::fs::create_dir_all(&dir).unwrap();
    let show_ids: Vec<String> = std::env::var("CLASSES_SHOW")
        .map(|s| s.split(',').map(str::to_owned).collect())
        .unwrap_or_default();
    let only = std::env::var("CLASSES_ONLY").ok();
    let mut bad = Vec::new();
    let mut ran = 0;
    for doc in documents() {
        if only.as_deref().is_some_and(|o| !doc.name.contains(o)) {
            continue;
        }
        let pdf = match convert(&doc, &dir) {
            Ok(pdf) => pdf,
            Err(OfficeError::ToolMissing(tool)) => {
                println!("skipped: {tool} is not installed (Debian's chromium package)");
                return;
            }
            Err(e) => panic!("{}: {e}", doc.name),
        };
        std::fs::write(dir.join(format!("{}.pdf", doc.name)), &pdf).unwrap();
        std::fs::write(
            dir.join(format!("{}.truth.json", doc.name)),
            serde_json::to_string_pretty(&doc.truth).unwrap(),
        )
        .unwrap();
        let r = read(&doc, &pdf, &show_ids);
        ran += 1;
        let o = &r.outcome;
        println!(
            "{} {} labels {:>2}/{:<2} texts off {:>2}  {}",
            doc.class,
            o.line(doc.name),
            o.total.labels_found,
            o.total.labels,
            r.texts.len(),
            if r.exact() { "exact" } else { "NOT EXACT" }
        );
        if !o.failures.is_empty() {
            println!("    off: {}", o.failures.join(" "));
        }
        for l in r.texts.iter().take(6) {
            println!("    text {l}");
        }
        if r.texts.len() > 6 {
            println!("    text … {} more", r.texts.len() - 6);
        }
        // The document is the one designed: a page count off means the
        // printer laid it out otherwise and the truth's pages are wrong.
        assert_eq!(r.pages, doc.pages, "{}: pages printed", doc.name);
        let allowed = KNOWN_WRONG
            .iter()
            .find(|(n, _)| *n == doc.name)
            .map_or(0, |(_, w)| *w);
        if o.total.wrong > allowed {
            bad.push(format!(
                "{}: {} wrong numbers (allowed {allowed})",
                doc.name, o.total.wrong
            ));
        }
        let invented = o.total.extra + o.stray;
        let allowed = KNOWN_INVENTED
            .iter()
            .find(|(n, _)| *n == doc.name)
            .map_or(0, |(_, w)| *w);
        if invented > allowed {
            bad.push(format!(
                "{}: {invented} numbers read where the truth has none (allowed {allowed})",
                doc.name
            ));
        }
        let known = KNOWN_FAILING.iter().find(|(n, _, _)| *n == doc.name);
        if let Some((_, floor, why)) = known {
            println!("    known failing: {why}");
            if o.total.matched < *floor {
                bad.push(format!(
                    "{}: {} numbers right, fewer than the {floor} of KNOWN_FAILING",
                    doc.name, o.total.matched
                ));
            }
        }
        match (known.is_some(), r.exact()) {
            (false, false) => bad.push(format!(
                "{} (class {}): not exact: {} {}",
                doc.name,
                doc.class,
                o.failures.join(" "),
                r.texts.first().map_or("", String::as_str)
            )),
            (true, true) => bad.push(format!(
                "{}: now read exactly — take it off KNOWN_FAILING",
                doc.name
            )),
            _ => {}
        }
    }
    println!("{ran} class documents; PDFs and truth in {}", dir.display());
    assert!(bad.is_empty(), "failure classes: {bad:#?}");
}
