//! Runs `pdftotext -bbox` (poppler) and parses its words, for comparisons.

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

/// One word of `pdftotext -bbox` output.
#[derive(Debug, Clone)]
pub struct RefWord {
    /// 1-based page number.
    pub page: u32,
    /// xMin, yMin, xMax, yMax.
    pub bbox: [f64; 4],
    pub text: String,
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

/// Words of `pdftotext -bbox FILE -`; `None` when pdftotext is not installed
/// or fails.
pub fn words(pdf: &Path) -> Option<Vec<RefWord>> {
    let out = Command::new("pdftotext")
        .arg("-bbox")
        .arg(pdf)
        .arg("-")
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    let html = String::from_utf8_lossy(&out.stdout);
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

/// Words of in-memory PDF bytes (written to a temporary file).
pub fn words_of_bytes(name: &str, bytes: &[u8]) -> Option<Vec<RefWord>> {
    let path =
        std::env::temp_dir().join(format!("kommunetall-pdf-{name}-{}.pdf", std::process::id()));
    std::fs::write(&path, bytes).ok()?;
    let words = words(&path);
    let _ = std::fs::remove_file(&path);
    words
}

/// One of our boxes and whether a reference word has claimed it.
type Candidate = ([f64; 4], bool);

/// Result of matching our words against pdftotext's.
#[derive(Debug)]
pub struct Comparison {
    /// pdftotext's word count.
    pub reference: usize,
    /// Our word count.
    pub ours: usize,
    /// Reference words with an unused word of ours with the same page and
    /// text whose box edges are all within the tolerance.
    pub matched: usize,
    /// Largest edge deviation among matched words.
    pub max_deviation: f64,
    /// Unmatched reference words.
    pub misses: Vec<RefWord>,
}

impl Comparison {
    /// Matched share in percent.
    pub fn percent(&self) -> f64 {
        100.0 * self.matched as f64 / self.reference.max(1) as f64
    }
}

/// Matches reference words to ours (`(page, text, box)`), each of ours used once.
pub fn compare(
    reference: &[RefWord],
    ours: &[(u32, String, [f64; 4])],
    tolerance: f64,
) -> Comparison {
    let mut index: HashMap<(u32, &str), Vec<Candidate>> = HashMap::new();
    for (page, text, b) in ours {
        index
            .entry((*page, text.as_str()))
            .or_default()
            .push((*b, false));
    }
    let mut matched = 0;
    let mut max_deviation: f64 = 0.0;
    let mut misses = Vec::new();
    for r in reference {
        let best = index.get_mut(&(r.page, r.text.as_str())).and_then(|c| {
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
            Some((dev, used)) if dev <= tolerance => {
                *used = true;
                matched += 1;
                max_deviation = max_deviation.max(dev);
            }
            _ => misses.push(r.clone()),
        }
    }
    Comparison {
        reference: reference.len(),
        ours: ours.len(),
        matched,
        max_deviation,
        misses,
    }
}
