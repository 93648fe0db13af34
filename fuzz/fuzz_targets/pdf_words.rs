//! bytes → `kommunetall_pdf::Document::open_with_limits` (tight limits) →
//! the words, rules and fills of the first pages.
//!
//! Checks: no panic escapes the API, no hang, bounded memory; every word
//! has non-empty text and a box with finite coordinates (x0 <= x1,
//! y0 <= y1), and every rule/fill box is finite.
//!
//! `lopdf` may panic on malformed input; the crate documents that such a
//! panic is caught (`catch_unwind`) and becomes an error. libFuzzer's panic
//! hook aborts on *every* panic, even a caught one, so this target installs
//! a hook that lets panics raised inside `lopdf`'s own source pass (they are
//! caught) and still aborts on any other panic (one in this project's code).

#![no_main]

use std::sync::Once;

use kommunetall_pdf::{BBox, Document, Limits};
use libfuzzer_sys::fuzz_target;

static HOOK: Once = Once::new();

fn install_hook() {
    HOOK.call_once(|| {
        let fuzzer_hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let in_lopdf = info.location().is_some_and(|l| {
                let f = l.file();
                f.contains("/lopdf-") || f.contains("\\lopdf-")
            });
            if in_lopdf {
                // Caught by Document::open / Document::page; print once per site.
                if std::env::var_os("FUZZ_SHOW_CAUGHT_PANICS").is_some() {
                    eprintln!("lopdf panic (caught): {info}");
                }
            } else {
                fuzzer_hook(info);
            }
        }));
    });
}

fn finite(b: &BBox) -> bool {
    b.x0.is_finite() && b.y0.is_finite() && b.x1.is_finite() && b.y1.is_finite()
}

fuzz_target!(|data: &[u8]| {
    install_hook();
    let limits = Limits {
        max_stream_bytes: 4 << 20,
        max_operators: 100_000,
        max_xobject_depth: 8,
    };
    let Ok(doc) = Document::open_with_limits(data, limits) else {
        return;
    };
    let _ = doc.producer();
    let _ = doc.title();
    for n in 1..=doc.page_count().min(6) {
        let Ok(page) = doc.page(n) else { continue };
        assert!(page.width.is_finite() && page.height.is_finite());
        for w in &page.words {
            assert!(!w.text.is_empty(), "empty word on page {n}");
            assert!(finite(&w.bbox), "non-finite word box {:?}", w.bbox);
            assert!(
                w.bbox.x0 <= w.bbox.x1 && w.bbox.y0 <= w.bbox.y1,
                "inverted word box {:?}",
                w.bbox
            );
        }
        for r in page.rules.iter().chain(&page.fills) {
            assert!(finite(r), "non-finite rule/fill {r:?}");
        }
    }
});
