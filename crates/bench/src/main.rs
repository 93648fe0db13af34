//! Benchmarks for the kommunetall table engine.
//!
//! `kommunetall-bench icdar` scores `kommunetall-grid` on the ICDAR-2013
//! table competition data (adjacency-relation precision, recall and F1, the
//! competition's structure metric) and writes a markdown report. This is a
//! benchmark, not a test: it reads research data from outside the repository
//! and never fails on a low score.

mod icdar;
mod metric;
mod ours;
mod report;
mod speed;
mod truth;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};

/// Benchmarks for the kommunetall table engine.
#[derive(Parser)]
#[command(name = "kommunetall-bench", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Table-structure accuracy on ICDAR-2013 (adjacency-relation F1).
    Icdar {
        /// Folder with README.md and pdfs/ (default: <workspace>/../shared/benchmarks/icdar2013).
        #[arg(long)]
        data: Option<PathBuf>,
        /// Where to write the markdown report (default: crates/bench/reports/icdar2013.md).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Debug one PDF (file stem, e.g. "eu-001"): truth and our grids side
        /// by side, missed and spurious relations. Writes no report.
        #[arg(long)]
        show: Option<String>,
    },
    /// Speed: the sample report PDF → cells beside `pdftotext -layout` (median of --runs).
    Speed {
        /// The PDF (default: raw/trondheim/2024/arsberetning-2024.pdf).
        #[arg(long)]
        pdf: Option<PathBuf>,
        /// Runs of each.
        #[arg(long, default_value_t = 7)]
        runs: usize,
        /// Where to write the markdown report (default: crates/bench/reports/speed.md).
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join("..")
}

fn git_commit(dir: &Path) -> Option<String> {
    let out = std::process::Command::new("git")
        .args(["rev-parse", "--short", "HEAD"])
        .current_dir(dir)
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    let s = String::from_utf8(out.stdout).ok()?.trim().to_owned();
    (!s.is_empty()).then_some(s)
}

fn icdar(data: Option<PathBuf>, out: Option<PathBuf>, show: Option<String>) -> Result<()> {
    let data = data.unwrap_or_else(|| workspace().join("..").join("shared/benchmarks/icdar2013"));
    if !data.join("pdfs").is_dir() {
        println!(
            "skipped: ICDAR-2013 data not found at {} (pass --data DIR)",
            data.display()
        );
        return Ok(());
    }
    let docs = icdar::documents(&data)?;
    if let Some(name) = show {
        let name = name.trim_end_matches(".pdf");
        let (stem, pdf, xml) = docs.iter().find(|(s, _, _)| s == name).with_context(|| {
            let names: Vec<&str> = docs.iter().map(|d| d.0.as_str()).collect();
            format!(
                "no PDF with ground truth named {name:?}; have {}",
                names.join(", ")
            )
        })?;
        let run = icdar::run_one(stem, pdf, xml)?;
        print!("{}", icdar::show(&run));
        return Ok(());
    }

    let mut scores = Vec::new();
    for (stem, pdf, xml) in &docs {
        let run = icdar::run_one(stem, pdf, xml)?;
        let c = run.score.counts;
        eprintln!(
            "{stem:<8} truth {:>5} ours {:>5} correct {:>5}  F1 {:.3}",
            c.truth,
            c.ours,
            c.correct,
            c.f1()
        );
        scores.push(run.score);
    }
    let meta = report::Meta {
        date: report::today(),
        commit: git_commit(&workspace()),
        skipped: icdar::without_truth(&data),
    };
    let md = report::markdown(&scores, &meta);
    print!("{md}");
    let out =
        out.unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("reports/icdar2013.md"));
    if let Some(dir) = out.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    std::fs::write(&out, md).with_context(|| format!("writing {}", out.display()))?;
    eprintln!("report written to {}", out.display());
    Ok(())
}

fn speed(pdf: Option<PathBuf>, runs: usize, out: Option<PathBuf>) -> Result<()> {
    let pdf = pdf.unwrap_or_else(|| workspace().join("raw/trondheim/2024/arsberetning-2024.pdf"));
    let mut md = speed::run(&pdf, runs)?;
    md.push_str(&format!(
        "\nMeasured {} at commit {}.\n",
        report::today(),
        git_commit(&workspace()).unwrap_or_else(|| "?".into())
    ));
    print!("{md}");
    let out = out.unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("reports/speed.md"));
    std::fs::write(&out, md).with_context(|| format!("writing {}", out.display()))?;
    Ok(())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Icdar { data, out, show } => icdar(data, out, show),
        Command::Speed { pdf, runs, out } => speed(pdf, runs, out),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
