//! Benchmarks for the kommunetall table engine.
//!
//! `kommunetall-bench icdar` scores `kommunetall-grid` on the ICDAR-2013
//! table competition data (adjacency-relation precision, recall and F1, the
//! competition's structure metric) and writes a markdown report. This is a
//! benchmark, not a test: it reads research data from outside the repository
//! and never fails on a low score.
//!
//! `speed`, `run`, `throughput`, `micro` and `profile` measure speed and
//! memory (see [`perf`]); all but `speed` write their section of
//! `reports/performance.md`. `national` runs thousands of synthetic reports
//! through the release binary (full run, reruns) and writes
//! `reports/national.md` with `national.svg` (see [`national`]).

mod icdar;
mod measure;
mod metric;
mod national;
mod ours;
mod perf;
mod perfreport;
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
    /// One report: the whole pipeline (release binary, PDF + xlsx → Parquet +
    /// DuckDB) beside `pdftotext -layout`, the in-process PDF → cells path and
    /// pdfplumber, interleaved; medians, ratios, peak RSS.
    Run {
        /// The release `kommunetall` binary (without it the whole-pipeline
        /// timing is skipped).
        #[arg(long, value_name = "PATH")]
        kommunetall: Option<PathBuf>,
        /// Rounds; each runs every tool once.
        #[arg(long, default_value_t = 5)]
        reps: usize,
        /// pdfplumber runs (in the first rounds; it is slow).
        #[arg(long, default_value_t = 3)]
        plumber_reps: usize,
        /// The PDF (default: raw/trondheim/2024/arsberetning-2024.pdf).
        #[arg(long)]
        pdf: Option<PathBuf>,
        /// The Excel appendix (default: raw/trondheim/2024/arsberetning-2024-tabeller.xlsx).
        #[arg(long)]
        xlsx: Option<PathBuf>,
        /// The report (default: crates/bench/reports/performance.md).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Throughput: N distinct copies of the sample PDF through
    /// `kommunetall run --force -j 1` and `-j 2`.
    Throughput {
        /// The release `kommunetall` binary (required; skipped without it).
        #[arg(long, value_name = "PATH")]
        kommunetall: Option<PathBuf>,
        /// Distinct copies of the PDF.
        #[arg(long, default_value_t = 100)]
        copies: usize,
        /// Timed runs per thread count.
        #[arg(long, default_value_t = 1)]
        reps: usize,
        /// Untimed runs first (with the largest -j).
        #[arg(long, default_value_t = 1)]
        warmup: usize,
        /// Thread counts to time (`-j`), comma-separated.
        #[arg(long, value_delimiter = ',', default_value = "1,2")]
        jobs: Vec<usize>,
        /// The PDF (default: raw/trondheim/2024/arsberetning-2024.pdf).
        #[arg(long)]
        pdf: Option<PathBuf>,
        /// The report (default: crates/bench/reports/performance.md).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// National scale: N synthetic reports (many municipalities × 10 years)
    /// through `kommunetall run pipelines/`: full run, rerun with nothing
    /// changed, rerun after one report changed (which files it touched); wall
    /// time and peak RSS against N. Writes crates/bench/reports/national.md
    /// and national.svg. Takes minutes (N = 3600: most of an hour).
    National {
        /// The release `kommunetall` binary (required; skipped without it).
        #[arg(long, value_name = "PATH")]
        kommunetall: Option<PathBuf>,
        /// Corpus sizes, comma-separated.
        #[arg(long, value_delimiter = ',', default_value = "100,1000,3600")]
        sizes: Vec<usize>,
        /// Years per municipality.
        #[arg(long, default_value_t = 10)]
        years: usize,
        /// Reader threads (`-j`).
        #[arg(long, short = 'j', default_value_t = 2)]
        jobs: usize,
        /// Where the corpora are written, one folder per size, removed after
        /// (default: the system temp folder). N = 3600 needs about 2 GB.
        #[arg(long)]
        scratch: Option<PathBuf>,
        /// Keep each size's project folder (corpus, pipelines, warehouse) in
        /// --scratch, to time reruns on it by hand.
        #[arg(long, requires = "scratch")]
        keep: bool,
        /// The report (default: crates/bench/reports/national.md; the SVG beside it).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Micro-benchmarks: number parser, PDF page words, table engine.
    Micro {
        /// Timed repetitions of each (median reported).
        #[arg(long, default_value_t = 7)]
        reps: usize,
        /// The PDF (default: raw/trondheim/2024/arsberetning-2024.pdf).
        #[arg(long)]
        pdf: Option<PathBuf>,
        /// The report (default: crates/bench/reports/performance.md).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Profile the in-process PDF → cells path with callgrind; top functions.
    Profile {
        /// How many functions to list.
        #[arg(long, default_value_t = 5)]
        top: usize,
        /// The PDF (default: raw/trondheim/2024/arsberetning-2024.pdf).
        #[arg(long)]
        pdf: Option<PathBuf>,
        /// The report (default: crates/bench/reports/performance.md).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// One PDF or workbook scored cell by cell against a truth file (the shape of
    /// `tests/golden/*.truth.json`): the office-suite re-typesettings, the
    /// hand truth of real documents. Prints the score; writes no report.
    Truth {
        /// The PDF or workbook.
        pdf: PathBuf,
        /// The truth file (a JSON list of tables).
        truth: PathBuf,
        /// Tables to print beside their truth: ids, "bad" or "all".
        #[arg(long, value_delimiter = ',')]
        show: Vec<String>,
    },
    /// The sample's tables typeset by Chromium and LibreOffice under several
    /// styles, each scored cell by cell against the truth (the office
    /// re-typesettings of `crates/grid/tests/office.rs`).
    Office {
        /// Where converted PDFs are cached (default: target/office-cache).
        #[arg(long)]
        cache: Option<PathBuf>,
        /// Only variants whose name contains this.
        #[arg(long)]
        only: Option<String>,
        /// Tables to print beside their truth: ids, "bad" or "all"; "heads"
        /// lists the value columns whose name is read otherwise.
        #[arg(long, value_delimiter = ',')]
        show: Vec<String>,
        /// The layouts held out from tuning (`kommunetall_fixture::office::held_out`)
        /// instead of the standard set.
        #[arg(long)]
        held_out: bool,
        /// Another truth file to typeset instead of the sample's (the hand
        /// truth of a real document, `tests/real/<stem>.truth.json`: other
        /// table shapes under the same layouts).
        #[arg(long)]
        truth: Option<PathBuf>,
    },
    /// Real documents (../shared/real): per file pages or sheets, tables,
    /// numeric cells, printed sum rows checked and how many add up, seconds,
    /// and the hand truth (tests/real/<stem>.truth.json) scored cell by cell.
    /// Writes crates/bench/reports/real.md.
    Real {
        /// Folder with the documents (default: <workspace>/../shared/real).
        #[arg(long)]
        data: Option<PathBuf>,
        /// Folder with the truth files (default: <workspace>/tests/real).
        #[arg(long)]
        truth: Option<PathBuf>,
        /// Where to write the markdown report (default: crates/bench/reports/real.md).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Only the files whose name contains this; prints, writes no report.
        #[arg(long)]
        only: Option<String>,
        /// Also print every sum row that does not add up.
        #[arg(long)]
        sums: bool,
    },
    /// The tables the engine reads from a PDF or workbook, rows (class, left edge
    /// of the label, label) and cells, for debugging.
    Dump {
        /// The PDF (pages --from..--to) or workbook (every sheet).
        pdf: PathBuf,
        /// First page (1-based).
        #[arg(long, default_value_t = 1)]
        from: u32,
        /// Last page (default: the last).
        #[arg(long)]
        to: Option<u32>,
    },
    /// PDF → cells in-process, once per --reps (the target `profile` runs).
    Cells {
        /// The PDF (default: raw/trondheim/2024/arsberetning-2024.pdf).
        #[arg(long)]
        pdf: Option<PathBuf>,
        /// Passes.
        #[arg(long, default_value_t = 1)]
        reps: usize,
    },
}

fn sample_pdf(pdf: Option<PathBuf>) -> PathBuf {
    pdf.unwrap_or_else(|| workspace().join("raw/trondheim/2024/arsberetning-2024.pdf"))
}

fn performance_md(out: Option<PathBuf>) -> PathBuf {
    out.unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("reports/performance.md"))
}

/// Writes one section of the performance report and prints it.
fn write_section(out: Option<PathBuf>, name: &str, section: &str) -> Result<()> {
    let path = performance_md(out);
    print!("{section}");
    perfreport::update(&path, name, section)?;
    eprintln!("section {name:?} written to {}", path.display());
    Ok(())
}

fn perf_command(cmd: Command) -> Result<()> {
    let machine = measure::Machine::now(&workspace());
    match cmd {
        Command::Run {
            kommunetall,
            reps,
            plumber_reps,
            pdf,
            xlsx,
            out,
        } => {
            let args = perf::RunArgs {
                kommunetall,
                pdf: sample_pdf(pdf),
                xlsx: xlsx.unwrap_or_else(|| {
                    workspace().join("raw/trondheim/2024/arsberetning-2024-tabeller.xlsx")
                }),
                reps,
                plumber_reps,
            };
            let md = perf::run(&args, &machine)?;
            write_section(out, "run", &md)
        }
        Command::Throughput {
            kommunetall,
            copies,
            reps,
            warmup,
            jobs,
            pdf,
            out,
        } => {
            let Some(bin) = perf::binary(kommunetall.as_deref(), "throughput") else {
                return Ok(());
            };
            let args = perf::ThroughputArgs {
                kommunetall: bin,
                pdf: sample_pdf(pdf),
                copies,
                reps,
                warmup,
                jobs,
            };
            let md = perf::throughput(&args, &machine)?;
            write_section(out, "throughput", &md)
        }
        Command::National {
            kommunetall,
            sizes,
            years,
            jobs,
            scratch,
            keep,
            out,
        } => {
            let Some(bin) = perf::binary(kommunetall.as_deref(), "national") else {
                return Ok(());
            };
            let args = national::NationalArgs {
                kommunetall: bin,
                sizes,
                years,
                jobs,
                scratch: scratch.unwrap_or_else(|| {
                    std::env::temp_dir()
                        .join(format!("kommunetall-national-{}", std::process::id()))
                }),
                keep,
                workspace: workspace(),
            };
            let (md, svg) = national::national(&args, &machine)?;
            if !keep {
                let _ = std::fs::remove_dir_all(&args.scratch);
            }
            let path = out.unwrap_or_else(|| workspace().join("crates/bench/reports/national.md"));
            std::fs::write(&path, &md).with_context(|| format!("writing {}", path.display()))?;
            let svg_path = path.with_extension("svg");
            std::fs::write(&svg_path, svg)
                .with_context(|| format!("writing {}", svg_path.display()))?;
            print!("{md}");
            eprintln!("written {} and {}", path.display(), svg_path.display());
            Ok(())
        }
        Command::Micro { reps, pdf, out } => {
            let md = perf::micro(&sample_pdf(pdf), reps, &machine)?;
            write_section(out, "micro", &md)
        }
        Command::Profile { top, pdf, out } => {
            match perf::profile(&sample_pdf(pdf), top, &machine)? {
                Some(md) => write_section(out, "profile", &md),
                None => Ok(()),
            }
        }
        Command::Cells { pdf, reps } => {
            let pdf = sample_pdf(pdf);
            let bytes =
                std::fs::read(&pdf).with_context(|| format!("reading {}", pdf.display()))?;
            for _ in 0..reps.max(1) {
                let t = std::time::Instant::now();
                let cells = speed::ours(&bytes)?;
                println!("{cells} numeric cells in {}", measure::secs(t.elapsed()));
            }
            Ok(())
        }
        Command::Icdar { .. }
        | Command::Speed { .. }
        | Command::Truth { .. }
        | Command::Real { .. }
        | Command::Dump { .. }
        | Command::Office { .. } => Ok(()),
    }
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

fn read_pages(pdf: &Path, from: u32, to: Option<u32>) -> Result<Vec<kommunetall_pdf::Page>> {
    let bytes = std::fs::read(pdf).with_context(|| format!("reading {}", pdf.display()))?;
    let doc = kommunetall_pdf::Document::open(&bytes)
        .with_context(|| format!("{}: not a readable PDF", pdf.display()))?;
    let to = to.unwrap_or(u32::MAX).min(doc.page_count());
    Ok((from.max(1)..=to)
        .filter_map(|n| doc.page(n).ok())
        .collect())
}

fn dump(pdf: &Path, from: u32, to: Option<u32>) -> Result<()> {
    let ex = if kommunetall_sheet::Kind::from_extension(
        pdf.extension().and_then(|e| e.to_str()).unwrap_or(""),
    )
    .is_some()
    {
        kommunetall_bench::real::read(pdf)?
    } else {
        let pages = read_pages(pdf, from, to)?;
        let g = kommunetall_grid::extract(&pages);
        kommunetall_model::Extraction {
            tables: g.tables,
            diagnostics: g.diagnostics,
            ..kommunetall_model::Extraction::default()
        }
    };
    for t in &ex.tables {
        println!(
            "=== {} {:?} {:?} unit {:?}",
            t.table_id, t.location, t.caption, t.unit
        );
        for h in &t.header {
            let cells: Vec<String> = h
                .iter()
                .map(|c| format!("{}[{}]", c.text, c.span))
                .collect();
            println!("  H {}", cells.join(" | "));
        }
        for r in &t.rows {
            let cells: Vec<&str> = r.cells.iter().map(|c| c.text.as_str()).collect();
            let x = r
                .label_bbox
                .map_or_else(|| "-".to_owned(), |b| format!("{:.0}", b.x0));
            println!(
                "  {:<7} x{:<4} {:?} {:?}",
                format!("{:?}", r.class),
                x,
                r.label,
                cells
            );
        }
        for n in &t.notes {
            println!("  note {n:?}");
        }
    }
    for d in &ex.diagnostics {
        println!(
            "diag {} p{:?} {:?} {}",
            d.rule, d.page, d.table_id, d.message
        );
    }
    Ok(())
}

fn office(
    cache: Option<PathBuf>,
    only: Option<&str>,
    show: &[String],
    held_out: bool,
    truth: Option<PathBuf>,
) -> Result<()> {
    use kommunetall_fixture::office;
    let other = truth.is_some();
    let truth_path =
        truth.unwrap_or_else(|| workspace().join("tests/golden/arsberetning-2024.truth.json"));
    let text = std::fs::read_to_string(&truth_path)
        .with_context(|| format!("reading {}", truth_path.display()))?;
    let mut truth = kommunetall_fixture::parse_truth(&text)?;
    if other {
        office::renumber(&mut truth);
    }
    let cache = cache.unwrap_or_else(|| workspace().join("target/office-cache"));
    let set = if held_out {
        office::held_out()
    } else {
        office::variants()
    };
    for v in set {
        if only.is_some_and(|o| !v.name.contains(o)) {
            continue;
        }
        let pdf = match office::convert(&truth, &v, &cache) {
            Ok(p) => p,
            Err(e) => {
                println!("{:<36} skipped: {e}", v.name);
                continue;
            }
        };
        let doc = kommunetall_pdf::Document::open(&pdf)
            .with_context(|| format!("{}: not a readable PDF", v.name))?;
        let pages: Vec<_> = (1..=doc.page_count())
            .filter_map(|n| doc.page(n).ok())
            .collect();
        let ex = kommunetall_grid::extract(&pages);
        let out = kommunetall_fixture::score::score(&truth, &ex.tables);
        for (tt, (_, idx, s)) in truth.iter().zip(&out.tables) {
            let bad = s.wrong + s.missing + s.extra > 0 || idx.is_none();
            if show
                .iter()
                .any(|x| x == &tt.id || x == "all" || (x == "bad" && bad))
            {
                print!(
                    "{}",
                    kommunetall_fixture::score::show(tt, idx.map(|i| &ex.tables[i]))
                );
            }
            if let (true, Some(i)) = (show.iter().any(|x| x == "heads"), idx) {
                for (c, want, read) in
                    kommunetall_fixture::score::head_mismatches(tt, &ex.tables[*i])
                {
                    println!("    head {} col {c}: {want:?} read {read:?}", tt.id);
                }
            }
        }
        println!("{} pages {:>3}", out.line(&v.name), pages.len());
        if !out.failures.is_empty() {
            println!("    off: {}", out.failures.join(" "));
        }
    }
    Ok(())
}

fn truth_score(pdf: &Path, truth: &Path, show: &[String]) -> Result<()> {
    let text =
        std::fs::read_to_string(truth).with_context(|| format!("reading {}", truth.display()))?;
    let truth = kommunetall_fixture::parse_truth(&text)
        .with_context(|| format!("{}: not a truth file", truth.display()))?;
    let ex = kommunetall_bench::real::read(pdf)?;
    let out = kommunetall_fixture::score::score(&truth, &ex.tables);
    for (tt, (_, idx, s)) in truth.iter().zip(&out.tables) {
        let bad = s.wrong + s.missing + s.extra > 0 || idx.is_none();
        if show
            .iter()
            .any(|x| x == &tt.id || x == "all" || (x == "bad" && bad))
        {
            print!(
                "{}",
                kommunetall_fixture::score::show(tt, idx.map(|i| &ex.tables[i]))
            );
        }
    }
    let name = pdf
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    println!("{}", out.line(&name));
    if truth.iter().any(kommunetall_fixture::TruthTable::located) {
        for r in kommunetall_bench::real::score_truth(&truth, &ex.tables).0 {
            println!("    {}", r.line());
        }
    }
    if !out.failures.is_empty() {
        println!("    off: {}", out.failures.join(" "));
    }
    Ok(())
}

fn real(
    data: Option<PathBuf>,
    truth: Option<PathBuf>,
    out: Option<PathBuf>,
    only: Option<&str>,
    show_sums: bool,
) -> Result<()> {
    use kommunetall_bench::real;
    let data = data.unwrap_or_else(|| workspace().join(real::SHARED_REAL));
    if !data.is_dir() {
        println!(
            "skipped: no real documents at {} (pass --data DIR)",
            data.display()
        );
        return Ok(());
    }
    let truth = truth.unwrap_or_else(|| workspace().join(real::TRUTH_DIR));
    let mut docs = Vec::new();
    for path in real::documents(&data)? {
        let name = path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        if only.is_some_and(|o| !name.contains(o)) {
            continue;
        }
        let d = real::measure(&path, &truth)?;
        eprintln!(
            "{:<62} {:>4} {:<6} tables {:>4} numeric {:>6} sums {:>4}/{:<4} the document's own {:>3} {:>7.2} s",
            d.name,
            d.pages_or_sheets,
            if d.kind == "pdf" { "pages" } else { "sheets" },
            d.tables,
            d.numeric,
            d.sums.matched,
            d.sums.checked,
            d.own_sums,
            d.seconds
        );
        for e in &d.stale_own {
            eprintln!("    listed as the document's own, no longer found so: {e}");
        }
        if let Some(rows) = &d.truth {
            for r in rows {
                eprintln!("    {}", r.line());
            }
        }
        if show_sums {
            for f in &d.sum_findings {
                eprintln!("    sum: {f}");
            }
        }
        docs.push(d);
    }
    let meta = real::Meta {
        date: report::today(),
        commit: git_commit(&workspace()),
        command: "cargo run --release -p kommunetall-bench -- real".into(),
    };
    let md = real::markdown(&docs, &meta);
    print!("{md}");
    if only.is_some() {
        return Ok(());
    }
    let out = out.unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("reports/real.md"));
    std::fs::write(&out, md).with_context(|| format!("writing {}", out.display()))?;
    eprintln!("report written to {}", out.display());
    Ok(())
}

fn main() -> ExitCode {
    // `RUST_LOG=kommunetall_grid=trace` shows the engine's lines and regions.
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .with_writer(std::io::stderr)
        .without_time()
        .with_ansi(false)
        .with_target(false)
        .init();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Icdar { data, out, show } => icdar(data, out, show),
        Command::Speed { pdf, runs, out } => speed(pdf, runs, out),
        Command::Truth { pdf, truth, show } => truth_score(&pdf, &truth, &show),
        Command::Dump { pdf, from, to } => dump(&pdf, from, to),
        Command::Office {
            cache,
            only,
            show,
            held_out,
            truth,
        } => office(cache, only.as_deref(), &show, held_out, truth),
        Command::Real {
            data,
            truth,
            out,
            only,
            sums,
        } => real(data, truth, out, only.as_deref(), sums),
        other => perf_command(other),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
