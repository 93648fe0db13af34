//! Word-for-word comparison with `pdftotext -bbox` on the sample report.
//!
//! Skips (with a message) when the sample (`/work/shared`, found relative to
//! this crate) or `pdftotext` is not available.

#![allow(clippy::unwrap_used)]

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::Command;

use kommunetall_pdf::Document;

/// Maximum allowed deviation of any box edge, in points.
const TOLERANCE: f64 = 0.5;

fn sample_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/arsberetning-2024.pdf")
}

/// One of our boxes and whether a reference word has claimed it.
type Candidate = ([f64; 4], bool);

struct RefWord {
    page: u32,
    bbox: [f64; 4],
    text: String,
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

fn attr(line: &str, name: &str) -> Option<f64> {
    let start = line.find(&format!("{name}=\""))? + name.len() + 2;
    let end = start + line[start..].find('"')?;
    line[start..end].parse().ok()
}

/// Runs `pdftotext -bbox` and parses its words; `None` when it is not installed.
fn pdftotext_words(pdf: &PathBuf) -> Option<Vec<RefWord>> {
    let out = std::env::temp_dir().join(format!("kommunetall-pdf-{}.html", std::process::id()));
    let status = Command::new("pdftotext")
        .arg("-bbox")
        .arg(pdf)
        .arg(&out)
        .status()
        .ok()?;
    if !status.success() {
        return None;
    }
    let html = std::fs::read_to_string(&out).ok()?;
    let _ = std::fs::remove_file(&out);
    let mut words = Vec::new();
    let mut page = 0;
    for line in html.lines() {
        if line.contains("<page ") {
            page += 1;
        }
        if let Some(start) = line.find("<word ") {
            let line = &line[start..];
            let text_start = line.find('>')? + 1;
            let text_end = line.rfind("</word>")?;
            words.push(RefWord {
                page,
                bbox: [
                    attr(line, "xMin")?,
                    attr(line, "yMin")?,
                    attr(line, "xMax")?,
                    attr(line, "yMax")?,
                ],
                text: unescape(&line[text_start..text_end]),
            });
        }
    }
    Some(words)
}

#[test]
fn sample_matches_pdftotext() {
    let path = sample_path();
    let Ok(bytes) = std::fs::read(&path) else {
        eprintln!("skipping: {} not found", path.display());
        return;
    };
    let Some(reference) = pdftotext_words(&path) else {
        eprintln!("skipping: pdftotext not available");
        return;
    };

    let doc = Document::open(&bytes).unwrap();
    assert_eq!(doc.page_count(), 72);
    assert_eq!(doc.producer().as_deref(), Some("Skia/PDF m156"));
    assert_eq!(doc.title().as_deref(), Some("Årsberetning 2024"));

    // Our words, indexed by (page, text); each may be matched once.
    let mut ours: HashMap<(u32, String), Vec<Candidate>> = HashMap::new();
    let mut total_ours: usize = 0;
    let mut rules = 0;
    for n in 1..=doc.page_count() {
        let page = doc.page(n).unwrap();
        assert!((page.width - 594.96).abs() < 0.01 && (page.height - 841.92).abs() < 0.01);
        rules += page.rules.len();
        for w in page.words {
            total_ours += 1;
            let b = [w.bbox.x0, w.bbox.y0, w.bbox.x1, w.bbox.y1];
            ours.entry((n, w.text)).or_default().push((b, false));
        }
    }

    let mut matched = 0;
    let mut max_dev: f64 = 0.0;
    let mut misses = Vec::new();
    for r in &reference {
        let candidates = ours.get_mut(&(r.page, r.text.clone()));
        let best = candidates.and_then(|c| {
            c.iter_mut()
                .filter(|(_, used)| !*used)
                .map(|(b, used)| {
                    let dev = b
                        .iter()
                        .zip(r.bbox)
                        .map(|(a, e)| (a - e).abs())
                        .fold(0.0, f64::max);
                    (dev, used)
                })
                .min_by(|a, b| a.0.total_cmp(&b.0))
        });
        match best {
            Some((dev, used)) if dev <= TOLERANCE => {
                *used = true;
                matched += 1;
                max_dev = max_dev.max(dev);
            }
            _ => misses.push(r),
        }
    }
    let pct = 100.0 * matched as f64 / reference.len() as f64;
    eprintln!(
        "pdftotext words: {}, ours: {total_ours}, matched: {matched} ({pct:.3} %), \
         max deviation {max_dev:.4} pt, rules: {rules}",
        reference.len()
    );
    for m in misses.iter().take(20) {
        eprintln!("  unmatched: page {} {:?} {:?}", m.page, m.text, m.bbox);
    }
    assert!(reference.len() > 28_000);
    // The target is 100 %; allow a hair of slack for other poppler versions.
    assert!(pct >= 99.9, "only {pct:.3} % of pdftotext's words matched");
    assert!(total_ours.abs_diff(reference.len()) <= reference.len() / 1000);
    assert!(rules > 1000);
}
