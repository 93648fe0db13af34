//! `kommunetall-bench speed`: the sample report, PDF → cells, beside
//! `pdftotext -layout` on the same file, in the same run (median of N).

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, Result};

use crate::measure::Series;

/// PDF bytes → words → tables → cells, in-process; returns numeric cells.
pub fn ours(bytes: &[u8]) -> Result<usize> {
    let doc = kommunetall_pdf::Document::open(bytes).context("opening the PDF")?;
    let pages: Vec<_> = (1..=doc.page_count())
        .filter_map(|n| doc.page(n).ok())
        .collect();
    let ex = kommunetall_grid::extract(&pages);
    Ok(ex
        .tables
        .iter()
        .flat_map(|t| &t.rows)
        .flat_map(|r| &r.cells)
        .filter(|c| c.value.is_some())
        .count())
}

/// Times both `runs` times, alternating, and returns the markdown report.
pub fn run(pdf: &Path, runs: usize) -> Result<String> {
    let bytes = std::fs::read(pdf).with_context(|| format!("reading {}", pdf.display()))?;
    let mut a = Series::new("kommunetall (pdf → tables → cells)");
    let mut b = Series::new("pdftotext -layout");
    let have_pdftotext = Command::new("pdftotext").arg("-v").output().is_ok();
    let mut cells = 0;
    for _ in 0..runs.max(1) {
        let t = Instant::now();
        cells = ours(&bytes)?;
        a.times.push(t.elapsed());
        if have_pdftotext {
            let t = Instant::now();
            let st = Command::new("pdftotext")
                .arg("-layout")
                .arg(pdf)
                .arg("/dev/null")
                .status()?;
            anyhow::ensure!(st.success(), "pdftotext failed on {}", pdf.display());
            b.times.push(t.elapsed());
        }
    }
    let mut md = format!(
        "# Speed: sample report, PDF → cells\n\nFile: `{}` ({} bytes). {} runs each, alternating, release build; median wall time.\n\n| what | median | min | max |\n|---|---:|---:|---:|\n",
        pdf.file_name().and_then(|n| n.to_str()).unwrap_or("?"),
        bytes.len(),
        runs
    );
    for s in [&a, &b] {
        if s.times.is_empty() {
            continue;
        }
        let min = s.times.iter().min().copied().unwrap_or_default();
        let max = s.times.iter().max().copied().unwrap_or_default();
        md.push_str(&format!(
            "| {} | {:.3} s | {:.3} s | {:.3} s |\n",
            s.name,
            s.median().as_secs_f64(),
            min.as_secs_f64(),
            max.as_secs_f64()
        ));
    }
    if !b.times.is_empty() {
        let ratio = a.median().as_secs_f64() / b.median().as_secs_f64().max(1e-9);
        md.push_str(&format!("\nRatio kommunetall / pdftotext: **{ratio:.2}×** (goal ≤ 2×). Numeric cells extracted: {cells}.\n"));
    } else {
        md.push_str("\npdftotext not installed: no ratio (apt-get install poppler-utils).\n");
    }
    Ok(md)
}
