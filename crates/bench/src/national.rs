//! `kommunetall-bench national`: the warehouse at national scale.
//!
//! For each N (default 100, 1 000 and 3 600): N synthetic annual reports —
//! one per municipality and year (ten years each; the municipality numbers
//! of the region history first, then made-up ones), made from the fixture
//! crate's typesetting variants ([`kommunetall_fixture::corpus`]) — in one
//! pipeline file per municipality, all writing one warehouse. Timed with
//! GNU time (wall, CPU, peak RSS), each a separate `kommunetall` process:
//!
//! 1. the full run into an empty warehouse (`run pipelines/ -j J`);
//! 2. a rerun with nothing changed;
//! 3. a rerun after one report changed (a revised edition: other bytes,
//!    other text), with every Parquet file compared before and after, so
//!    the report shows which files the rerun touched.
//!
//! It writes `reports/national.md` and `reports/national.svg` (time and
//! peak memory against N). A benchmark, never a test: it takes minutes.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use anyhow::{Context, Result};
use kommunetall_fixture::corpus::{self, Report};

use crate::measure::{Machine, Timed, have_gnu_time, mb, mb_of, run_timed, secs};

/// Inputs of [`national`].
pub struct NationalArgs {
    /// The release `kommunetall` binary.
    pub kommunetall: PathBuf,
    /// Corpus sizes.
    pub sizes: Vec<usize>,
    /// Years per municipality.
    pub years: usize,
    /// Reader threads (`-j`).
    pub jobs: usize,
    /// Where the corpora are written (a folder per size, removed after).
    pub scratch: PathBuf,
    /// Keep each size's project folder in `scratch`.
    pub keep: bool,
    /// The workspace (for the sample's truth tables and the region history).
    pub workspace: PathBuf,
}

/// What one corpus size measured.
#[derive(Debug, Clone)]
pub struct Point {
    /// Reports.
    pub n: usize,
    /// Municipalities.
    pub municipalities: usize,
    /// Megabytes of PDF read.
    pub pdf_mb: f64,
    /// The full run.
    pub full: Timed,
    /// The rerun with nothing changed.
    pub same: Timed,
    /// The rerun after one report changed.
    pub one: Timed,
    /// Files the one-report rerun changed (relative to the warehouse).
    pub touched: Vec<String>,
    /// The changed report's partition.
    pub partition: String,
    /// Parquet bytes in the warehouse.
    pub parquet_bytes: u64,
    /// Parquet files in the warehouse.
    pub parquet_files: usize,
    /// DuckDB file bytes.
    pub duckdb_bytes: u64,
}

/// Municipality numbers of the region history in force today (`valid_to` empty).
fn current_codes(workspace: &Path) -> Result<Vec<String>> {
    let path = workspace.join("schemas/municipalities.csv");
    let text =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    Ok(text
        .lines()
        .skip(1)
        .filter_map(|l| {
            let f: Vec<&str> = l.split(',').map(str::trim).collect();
            (f.len() >= 4 && f[3].is_empty() && f[0].len() == 4).then(|| f[0].to_owned())
        })
        .collect())
}

/// Writes the corpus of `reports` into `project` (raw/ and pipelines/).
fn write_corpus(project: &Path, bases: &[Vec<u8>], reports: &[Report]) -> Result<f64> {
    let mut bytes = 0usize;
    let mut by_code: BTreeMap<&str, Vec<&Report>> = BTreeMap::new();
    for r in reports {
        by_code.entry(&r.municipality_code).or_default().push(r);
    }
    std::fs::create_dir_all(project.join("pipelines"))?;
    for (code, rs) in by_code {
        let dir = project.join("raw").join(code);
        std::fs::create_dir_all(&dir)?;
        let mut toml = format!(
            "# Written by kommunetall-bench national: synthetic reports of municipality {code}.\n\
             name = \"k{code}\"\nwarehouse = \"warehouse\"\n\n[municipality]\ncode = \"{code}\"\n"
        );
        for r in rs {
            let pdf = corpus::personalise(&bases[r.base], r, 0);
            bytes += pdf.len();
            let name = format!("arsberetning-{}.pdf", r.year);
            std::fs::write(dir.join(&name), pdf)?;
            let _ = write!(
                toml,
                "\n[[input]]\npath = \"raw/{code}/{name}\"\nkind = \"pdf\"\nreport_year = {}\n",
                r.year
            );
        }
        std::fs::write(
            project.join("pipelines").join(format!("k{code}.toml")),
            toml,
        )?;
    }
    Ok(bytes as f64 / 1e6)
}

/// Every file under `dir` (relative name → (size, mtime)).
fn snapshot(dir: &Path) -> BTreeMap<String, (u64, Option<SystemTime>)> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if let Ok(m) = e.metadata() {
                let rel = p
                    .strip_prefix(dir)
                    .unwrap_or(&p)
                    .to_string_lossy()
                    .into_owned();
                out.insert(rel, (m.len(), m.modified().ok()));
            }
        }
    }
    out
}

/// "documents: N read" from a run's summary.
fn read_count(stdout: &str) -> Option<usize> {
    stdout.lines().find_map(|l| {
        let rest = l.strip_prefix("documents:")?;
        rest.split_whitespace().next()?.parse().ok()
    })
}

fn run(a: &NationalArgs, project: &Path, scratch: &Path, extra: &[&str]) -> Result<Timed> {
    let jobs = a.jobs.to_string();
    let mut args: Vec<&OsStr> = ["run", "pipelines/", "-j", jobs.as_str()]
        .into_iter()
        .map(OsStr::new)
        .collect();
    args.extend(extra.iter().map(OsStr::new));
    run_timed(&a.kommunetall, &args, Some(project), scratch, true)
}

/// Measures one corpus size.
fn point(a: &NationalArgs, bases: &[Vec<u8>], codes: &[String], n: usize) -> Result<Point> {
    let project = a.scratch.join(format!("national-{n}"));
    if project.exists() {
        std::fs::remove_dir_all(&project)?;
    }
    std::fs::create_dir_all(&project)?;
    let reports = corpus::reports(n, a.years, codes, bases.len());
    let municipalities = reports
        .iter()
        .map(|r| &r.municipality_code)
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    let pdf_mb = write_corpus(&project, bases, &reports)?;
    eprintln!("N = {n}: {municipalities} municipalities, {pdf_mb:.0} MB of PDF; full run…");
    let full = run(a, &project, &a.scratch, &[])?;
    anyhow::ensure!(
        read_count(&full.stdout) == Some(n),
        "the full run did not read {n} documents:\n{}",
        full.stdout
    );
    eprintln!(
        "  full run {} (peak RSS {}); rerun, nothing changed…",
        secs(full.wall),
        full.rss_kb.map_or_else(|| "?".into(), mb)
    );
    let same = run(a, &project, &a.scratch, &[])?;
    anyhow::ensure!(
        same.stdout.contains("up to date"),
        "an unchanged rerun wrote:\n{}",
        same.stdout
    );
    // One report revised: the middle one.
    let r = &reports[n / 2];
    let path = project
        .join("raw")
        .join(&r.municipality_code)
        .join(format!("arsberetning-{}.pdf", r.year));
    std::fs::write(&path, corpus::personalise(&bases[r.base], r, 1))?;
    let wh = project.join("warehouse");
    let before = snapshot(&wh);
    eprintln!(
        "  rerun after one changed report ({} {})…",
        r.municipality_code, r.year
    );
    let one = run(a, &project, &a.scratch, &[])?;
    anyhow::ensure!(
        read_count(&one.stdout) == Some(1),
        "the rerun after one change did not read exactly one document:\n{}",
        one.stdout
    );
    let after = snapshot(&wh);
    let mut touched: Vec<String> = after
        .iter()
        .filter(|(k, v)| before.get(*k) != Some(v))
        .map(|(k, _)| k.clone())
        .chain(before.keys().filter(|k| !after.contains_key(*k)).cloned())
        .collect();
    touched.sort();
    let partition = format!(
        "municipality_code={}/report_year={}",
        r.municipality_code, r.year
    );
    let parquet: Vec<(&String, &(u64, Option<SystemTime>))> = after
        .iter()
        .filter(|(k, _)| k.ends_with(".parquet"))
        .collect();
    let point = Point {
        n,
        municipalities,
        pdf_mb,
        full,
        same,
        one,
        touched,
        partition,
        parquet_bytes: parquet.iter().map(|(_, v)| v.0).sum(),
        parquet_files: parquet.len(),
        duckdb_bytes: after.get("kommunetall.duckdb").map_or(0, |v| v.0),
    };
    if !a.keep {
        std::fs::remove_dir_all(&project).ok();
    }
    Ok(point)
}

/// Runs every size; returns the report and the SVG.
pub fn national(a: &NationalArgs, machine: &Machine) -> Result<(String, String)> {
    anyhow::ensure!(
        have_gnu_time(),
        "/usr/bin/time (GNU time, Debian package `time`) is needed for peak RSS"
    );
    let truth_path = a
        .workspace
        .join("tests/golden/arsberetning-2024.truth.json");
    let truth = kommunetall_fixture::parse_truth(
        &std::fs::read_to_string(&truth_path)
            .with_context(|| format!("reading {}", truth_path.display()))?,
    )?;
    eprintln!("rendering the base reports…");
    let rendered = corpus::bases(&truth);
    let variants: Vec<String> = rendered.iter().map(|(n, _)| n.clone()).collect();
    let pages: Vec<u32> = rendered.iter().map(|(_, f)| f.pages).collect();
    let bases: Vec<Vec<u8>> = rendered.into_iter().map(|(_, f)| f.pdf).collect();
    let codes = current_codes(&a.workspace)?;
    std::fs::create_dir_all(&a.scratch)?;
    let mut points = Vec::new();
    for &n in &a.sizes {
        points.push(point(a, &bases, &codes, n)?);
    }
    let md = report(a, machine, &points, &variants, &pages, codes.len());
    Ok((md, svg(&points)))
}

/// Least squares `y = a + b·x`; (a, b, R²).
fn fit(xs: &[f64], ys: &[f64]) -> (f64, f64, f64) {
    let n = xs.len() as f64;
    if xs.len() < 2 {
        return (
            0.0,
            ys.first().copied().unwrap_or(0.0) / xs.first().copied().unwrap_or(1.0).max(1.0),
            1.0,
        );
    }
    let (mx, my) = (xs.iter().sum::<f64>() / n, ys.iter().sum::<f64>() / n);
    let sxy: f64 = xs.iter().zip(ys).map(|(x, y)| (x - mx) * (y - my)).sum();
    let sxx: f64 = xs.iter().map(|x| (x - mx).powi(2)).sum();
    let b = if sxx > 0.0 { sxy / sxx } else { 0.0 };
    let a = my - b * mx;
    let ss_res: f64 = xs
        .iter()
        .zip(ys)
        .map(|(x, y)| (y - a - b * x).powi(2))
        .sum();
    let ss_tot: f64 = ys.iter().map(|y| (y - my).powi(2)).sum();
    let r2 = if ss_tot > 0.0 {
        1.0 - ss_res / ss_tot
    } else {
        1.0
    };
    (a, b, r2)
}

fn rss(t: &Timed) -> String {
    t.rss_kb.map_or_else(|| "—".to_owned(), mb)
}

fn report(
    a: &NationalArgs,
    machine: &Machine,
    points: &[Point],
    variants: &[String],
    pages: &[u32],
    real_codes: usize,
) -> String {
    let mut md = String::from("# National scale\n\n");
    let sizes: Vec<String> = a.sizes.iter().map(ToString::to_string).collect();
    let _ = writeln!(
        md,
        "{} Command: `kommunetall-bench national --kommunetall {} --sizes {} -j {}` \
         (written by it; the SVG beside it too).\n",
        machine.sentence(),
        a.kommunetall.display(),
        sizes.join(","),
        a.jobs
    );
    let _ = writeln!(
        md,
        "**Corpus.** N synthetic annual reports, one per municipality and year ({} years per \
         municipality, ending 2024): the {} municipality numbers in force in `schemas/municipalities.csv` \
         first, then made-up numbers from 9001 (SSB uses none of them for a municipality). Each \
         report is one of {} base reports — the sample's 53 tables typeset by the fixture crate in \
         its six standard variants (fonts, borders, page sizes, breaks), each with two perturbation \
         seeds, {}–{} pages — with the municipality in the running header and every printed year \
         moved to its own (digit for digit, `kommunetall_fixture::corpus::personalise`), so every \
         file has its own bytes and year headers and the run reads every one. One pipeline file per \
         municipality, all naming one warehouse; `kommunetall run pipelines/ -j {}`; each step a \
         separate process under GNU time.\n",
        a.years,
        real_codes,
        variants.len(),
        pages.iter().min().copied().unwrap_or(0),
        pages.iter().max().copied().unwrap_or(0),
        a.jobs
    );
    let _ = writeln!(
        md,
        "| N | municipalities | PDF | full run | per report | CPU | peak RSS | rerun, nothing changed | rerun, one report changed | its peak RSS | files it touched | Parquet | DuckDB |"
    );
    let _ = writeln!(
        md,
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    );
    for p in points {
        let _ = writeln!(
            md,
            "| {} | {} | {:.0} MB | {} | {:.3} s | {} | {} | {} | **{}** | {} | {} | {:.1} MB in {} files | {:.1} MB |",
            p.n,
            p.municipalities,
            p.pdf_mb,
            secs(p.full.wall),
            p.full.wall.as_secs_f64() / p.n as f64,
            p.full.cpu.map_or_else(|| "—".to_owned(), secs),
            rss(&p.full),
            secs(p.same.wall),
            secs(p.one.wall),
            rss(&p.one),
            p.touched.len(),
            p.parquet_bytes as f64 / 1e6,
            p.parquet_files,
            p.duckdb_bytes as f64 / 1e6
        );
    }
    let xs: Vec<f64> = points.iter().map(|p| p.n as f64).collect();
    let ys: Vec<f64> = points.iter().map(|p| p.full.wall.as_secs_f64()).collect();
    let (a0, b, r2) = fit(&xs, &ys);
    let _ = writeln!(
        md,
        "\n![time and peak RSS against N](national.svg)\n\n**Linear in N.** Least squares over the \
         full runs: time ≈ {a0:.1} s + {b:.3} s × N (R² = {r2:.4}). Per report: {}.\n",
        points
            .iter()
            .map(|p| format!(
                "{:.3} s at N = {}",
                p.full.wall.as_secs_f64() / p.n as f64,
                p.n
            ))
            .collect::<Vec<_>>()
            .join(", ")
    );
    if let Some(p) = points.last() {
        let _ = writeln!(
            md,
            "**What the one-report rerun touched at N = {}** (report {}): {} files —\n",
            p.n,
            p.partition,
            p.touched.len()
        );
        for t in &p.touched {
            let _ = writeln!(md, "- `{t}`");
        }
        let outside: Vec<&String> = p
            .touched
            .iter()
            .filter(|t| t.starts_with("parquet/") && !t.contains(&p.partition))
            .collect();
        let _ = writeln!(
            md,
            "\nParquet files outside its partition touched: {}. The other files are the old and \
             new versions' cache entries and inspect pages, its partition's page of the quality \
             report (`quality/`), the report's index, the manifest and the DuckDB file (updated \
             in one transaction).\n",
            outside.len()
        );
    }
    let mut goals = Vec::new();
    if let Some(p) = points.iter().max_by_key(|p| p.n) {
        let peak = p.full.rss_kb.max(p.one.rss_kb);
        goals.push(format!(
            "- peak RSS at N = {}: {} (goal ≤ 400 MB): **{}**",
            p.n,
            peak.map_or_else(|| "—".to_owned(), mb),
            if peak.is_some_and(|k| mb_of(k) <= 400.0) {
                "met"
            } else {
                "not met"
            }
        ));
        let outside = p
            .touched
            .iter()
            .filter(|t| t.starts_with("parquet/") && !t.contains(&p.partition))
            .count();
        goals.push(format!(
            "- rerun after one changed report at N = {}: {} (goal ≤ 5 s, only its partitions): **{}**",
            p.n,
            secs(p.one.wall),
            if p.one.wall.as_secs_f64() <= 5.0 && outside == 0 { "met" } else { "not met" }
        ));
    }
    if points.len() >= 2 {
        let per: Vec<f64> = points
            .iter()
            .map(|p| p.full.wall.as_secs_f64() / p.n as f64)
            .collect();
        let spread = per.iter().cloned().fold(f64::MIN, f64::max)
            / per.iter().cloned().fold(f64::MAX, f64::min);
        goals.push(format!(
            "- full run linear in N: R² = {r2:.4}, per-report time varies {spread:.2}× across N (goal: R² ≥ 0.99): **{}**",
            if r2 >= 0.99 { "met" } else { "not met" }
        ));
    }
    let _ = writeln!(md, "## Goals (issue 16)\n");
    for g in goals {
        let _ = writeln!(md, "{g}");
    }
    md.push_str(NOT_MEASURED);
    md
}

/// What this benchmark leaves out, and why.
const NOT_MEASURED: &str = "
## Not measured here

- **A DuckDB built at opt-level 0.** The release profile builds DuckDB at
  `opt-level = 2` (root `Cargo.toml`; the dev profile stays at 0); what that
  costs in build minutes and gains in run time is in ARCHITECTURE.md
  (\"Build cost\"), measured once by hand, not by this benchmark.
- **S3.** These runs write a local folder; the same code writes a bucket
  (`tests/it/objects.rs` against moto's server), where each file is a request
  and the timings would be the network's.
";

/// One line of a plot: name, colour, (x, y) points.
type Series<'a> = (&'a str, &'a str, Vec<(f64, f64)>);

/// Two panels: wall time of the full run against N (with the fitted line)
/// and peak RSS of the full run and of the one-report rerun against N (with
/// the 400 MB goal).
fn svg(points: &[Point]) -> String {
    let (w, h, pad) = (420.0_f64, 300.0_f64, 50.0_f64);
    let max_n = points.iter().map(|p| p.n).max().unwrap_or(1).max(1) as f64;
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{h}\" font-family=\"sans-serif\" font-size=\"11\">\n\
         <rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n",
        2.0 * w
    );
    let panel = |s: &mut String,
                 x0: f64,
                 title: &str,
                 unit: &str,
                 series: &[Series],
                 goal: Option<f64>| {
        let max_y = series
            .iter()
            .flat_map(|(_, _, v)| v.iter().map(|p| p.1))
            .chain(goal)
            .fold(1e-9_f64, f64::max)
            * 1.1;
        let px = |n: f64| x0 + pad + n / max_n * (w - 1.5 * pad);
        let py = |y: f64| h - pad - y / max_y * (h - 1.7 * pad);
        let _ = writeln!(
            s,
            "<text x=\"{}\" y=\"18\" font-size=\"13\" font-weight=\"bold\">{title}</text>",
            x0 + pad
        );
        let _ = writeln!(
            s,
            "<line x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\" stroke=\"black\"/><line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{3}\" stroke=\"black\"/>",
            px(0.0),
            py(0.0),
            px(max_n),
            py(max_y)
        );
        for k in 0..=4 {
            let (xv, yv) = (max_n * f64::from(k) / 4.0, max_y * f64::from(k) / 4.0);
            let _ = writeln!(
                s,
                "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{:.0}</text><text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{:.0}</text>",
                px(xv),
                py(0.0) + 14.0,
                xv,
                px(0.0) - 4.0,
                py(yv) + 4.0,
                yv
            );
        }
        let _ = writeln!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">reports (N)</text>",
            px(max_n / 2.0),
            h - 12.0
        );
        let _ = writeln!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" transform=\"rotate(-90 {:.1} {:.1})\" text-anchor=\"middle\">{unit}</text>",
            x0 + 12.0,
            h / 2.0,
            x0 + 12.0,
            h / 2.0
        );
        if let Some(g) = goal {
            let _ = writeln!(
                s,
                "<line x1=\"{0:.1}\" y1=\"{2:.1}\" x2=\"{1:.1}\" y2=\"{2:.1}\" stroke=\"#b00\" stroke-dasharray=\"4 3\"/><text x=\"{3:.1}\" y=\"{4:.1}\" fill=\"#b00\" text-anchor=\"end\">goal {g:.0}</text>",
                px(0.0),
                px(max_n),
                py(g),
                px(max_n),
                py(g) - 4.0
            );
        }
        for (i, (name, colour, pts)) in series.iter().enumerate() {
            let path: Vec<String> = pts
                .iter()
                .map(|(x, y)| format!("{:.1},{:.1}", px(*x), py(*y)))
                .collect();
            let _ = writeln!(
                s,
                "<polyline points=\"{}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\"/>",
                path.join(" ")
            );
            for (x, y) in pts {
                let _ = writeln!(
                    s,
                    "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"3.5\" fill=\"{colour}\"><title>{name}: N = {x:.0}, {y:.1} {unit}</title></circle>",
                    px(*x),
                    py(*y)
                );
            }
            let ly = 34.0 + 14.0 * i as f64;
            let _ = writeln!(
                s,
                "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"10\" height=\"3\" fill=\"{colour}\"/><text x=\"{:.1}\" y=\"{:.1}\">{name}</text>",
                px(0.0) + 8.0,
                ly - 4.0,
                px(0.0) + 22.0,
                ly
            );
        }
    };
    let time: Vec<(f64, f64)> = points
        .iter()
        .map(|p| (p.n as f64, p.full.wall.as_secs_f64()))
        .collect();
    let (a0, b, _) = fit(
        &time.iter().map(|p| p.0).collect::<Vec<_>>(),
        &time.iter().map(|p| p.1).collect::<Vec<_>>(),
    );
    let line = vec![(0.0, a0.max(0.0)), (max_n, a0 + b * max_n)];
    let rerun: Vec<(f64, f64)> = points
        .iter()
        .map(|p| (p.n as f64, p.one.wall.as_secs_f64()))
        .collect();
    panel(
        &mut s,
        0.0,
        "Wall time",
        "seconds",
        &[
            ("full run", "#1f77b4", time),
            ("linear fit", "#aaaaaa", line),
            ("rerun, one report changed", "#2ca02c", rerun),
        ],
        None,
    );
    let mem = |f: fn(&Point) -> Option<u64>| -> Vec<(f64, f64)> {
        points
            .iter()
            .filter_map(|p| f(p).map(|k| (p.n as f64, mb_of(k))))
            .collect()
    };
    panel(
        &mut s,
        w,
        "Peak RSS",
        "MB",
        &[
            ("full run", "#1f77b4", mem(|p| p.full.rss_kb)),
            (
                "rerun, one report changed",
                "#2ca02c",
                mem(|p| p.one.rss_kb),
            ),
        ],
        Some(400.0),
    );
    s.push_str("</svg>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_fits_exactly_and_reports_r2_one() {
        let (a, b, r2) = fit(&[100.0, 1000.0, 3600.0], &[12.0, 102.0, 362.0]);
        assert!((a - 2.0).abs() < 1e-9 && (b - 0.1).abs() < 1e-9 && (r2 - 1.0).abs() < 1e-12);
        assert_eq!(read_count("x\ndocuments: 12 read, 3 unchanged"), Some(12));
    }
}
