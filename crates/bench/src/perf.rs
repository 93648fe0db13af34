//! The performance commands behind `reports/performance.md`.
//!
//! * [`run`]: one report. The whole pipeline (the release `kommunetall`
//!   binary: PDF + xlsx → Parquet + DuckDB) beside `pdftotext -layout` on
//!   the same PDF, the in-process PDF → cells path and pdfplumber's
//!   `extract_tables()`, interleaved in the same run; peak RSS through
//!   `/usr/bin/time -v`.
//! * [`throughput`]: N distinct copies of the sample PDF in a pipeline file,
//!   `kommunetall run --force -j 1` and `-j 2`: documents per second,
//!   scaling, peak RSS.
//! * [`micro`]: the number parser, PDF page words and the table engine on
//!   their own.
//! * [`profile`]: callgrind over the in-process PDF → cells path, the top
//!   functions by instructions.
//!
//! Every part that needs a tool that is missing (the release binary,
//! pdftotext, pdfplumber, GNU time, valgrind) is skipped with a message.

use std::ffi::OsStr;
use std::fmt::Write as _;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};

use crate::measure::{
    Machine, Scratch, Series, have_gnu_time, mb, mb_of, ratio, run_output, run_quiet, run_timed,
    secs, self_cpu, self_peak_rss_kb,
};
use crate::perfreport::Goal;

/// The release binary when `path` names an existing file; prints why the
/// parts that need it are skipped otherwise.
pub fn binary(path: Option<&Path>, what: &str) -> Option<PathBuf> {
    match path {
        Some(p) if p.is_file() => Some(p.to_path_buf()),
        Some(p) => {
            eprintln!(
                "skipped {what}: the kommunetall binary {} does not exist (build it with \
                 `cargo build --release -p kommunetall`)",
                p.display()
            );
            None
        }
        None => {
            eprintln!("skipped {what}: pass --kommunetall PATH (the release kommunetall binary)");
            None
        }
    }
}

fn have_pdftotext() -> bool {
    Command::new("pdftotext")
        .arg("-v")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok()
}

fn have_pdfplumber() -> bool {
    Command::new("python3")
        .args(["-c", "import pdfplumber"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Times `page.extract_tables()` over all pages inside Python (interpreter
/// start and imports excluded: the figure favours pdfplumber).
const PLUMBER: &str = r#"
import resource, sys, time
import pdfplumber
t = time.perf_counter()
c = time.process_time()
n = 0
with pdfplumber.open(sys.argv[1]) as pdf:
    pages = len(pdf.pages)
    for page in pdf.pages:
        n += len(page.extract_tables())
s = time.perf_counter() - t
cpu = time.process_time() - c
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(f"seconds={s} cpu={cpu} tables={n} pages={pages} maxrss_kb={rss}")
"#;

/// One pdfplumber run.
struct Plumber {
    time: Duration,
    cpu: Duration,
    tables: u64,
    rss_kb: Option<u64>,
}

fn plumber(pdf: &Path) -> Result<Plumber> {
    let (_, out) = run_output(Command::new("python3").args(["-c", PLUMBER]).arg(pdf))?;
    let field = |k: &str| {
        out.split_whitespace()
            .find_map(|kv| kv.strip_prefix(k)?.strip_prefix('='))
            .map(str::to_owned)
    };
    let seconds: f64 = field("seconds")
        .and_then(|s| s.parse().ok())
        .with_context(|| format!("pdfplumber printed no time: {out:?}"))?;
    Ok(Plumber {
        time: Duration::from_secs_f64(seconds),
        cpu: Duration::from_secs_f64(
            field("cpu")
                .and_then(|s| s.parse::<f64>().ok())
                .unwrap_or(0.0)
                .max(0.0),
        ),
        tables: field("tables").and_then(|s| s.parse().ok()).unwrap_or(0),
        rss_kb: field("maxrss_kb").and_then(|s| s.parse().ok()),
    })
}

fn file_name(p: &Path) -> &str {
    p.file_name().and_then(|n| n.to_str()).unwrap_or("?")
}

fn row(md: &mut String, s: &Series, rss_note: Option<&str>) {
    if s.times.is_empty() {
        return;
    }
    let rss = s.rss_kb.map_or_else(
        || "—".to_owned(),
        |k| match rss_note {
            Some(n) => format!("{} ({n})", mb(k)),
            None => mb(k),
        },
    );
    let _ = writeln!(
        md,
        "| {} | {} | {} | {} | {} | {} | {rss} |",
        s.name,
        s.times.len(),
        secs(s.median()),
        secs(s.min()),
        secs(s.max()),
        s.median_cpu().map_or_else(|| "—".to_owned(), secs),
    );
}

/// Inputs of [`run`].
pub struct RunArgs {
    /// The release `kommunetall` binary, when there is one.
    pub kommunetall: Option<PathBuf>,
    /// The sample PDF.
    pub pdf: PathBuf,
    /// The sample's Excel appendix.
    pub xlsx: PathBuf,
    /// Rounds (each runs every tool once).
    pub reps: usize,
    /// pdfplumber runs (the first rounds only; it is slow).
    pub plumber_reps: usize,
}

/// One report: whole pipeline, pdftotext, in-process and pdfplumber,
/// interleaved. Returns the report section.
pub fn run(a: &RunArgs, machine: &Machine) -> Result<String> {
    let bytes = std::fs::read(&a.pdf).with_context(|| format!("reading {}", a.pdf.display()))?;
    let page_count = kommunetall_pdf::Document::open(&bytes)
        .map(|d| d.page_count())
        .unwrap_or(0);
    let scratch = Scratch::new("run")?;
    let bin = binary(a.kommunetall.as_deref(), "the whole-pipeline timing");
    let ptt = have_pdftotext();
    if !ptt {
        eprintln!("skipped pdftotext: not installed (apt-get install poppler-utils)");
    }
    let plumb = have_pdfplumber();
    if !plumb {
        eprintln!(
            "skipped pdfplumber: `python3 -c \"import pdfplumber\"` fails (pip install pdfplumber)"
        );
    }
    let gnu_time = have_gnu_time();
    if !gnu_time {
        eprintln!(
            "CPU time and peak RSS of subprocesses skipped: /usr/bin/time missing (apt-get install time)"
        );
    }
    let reps = a.reps.max(1);

    let mut s_ours = Series::new("kommunetall in-process: PDF → tables → cells");
    let mut s_ptt = Series::new("`pdftotext -layout` (PDF → text)");
    let mut s_pipe =
        Series::new("kommunetall `extract` (release binary): PDF + xlsx → Parquet + DuckDB");
    let mut s_plumb =
        Series::new("pdfplumber `extract_tables()`, all pages (in Python, start-up excluded)");
    let warehouse = scratch.path().join("warehouse");
    let pipe_args: Vec<&OsStr> = vec![
        OsStr::new("extract"),
        a.pdf.as_os_str(),
        a.xlsx.as_os_str(),
        OsStr::new("--warehouse"),
        warehouse.as_os_str(),
        OsStr::new("--municipality"),
        OsStr::new("5001"),
        OsStr::new("--force"),
    ];
    let ptt_args: Vec<&OsStr> = vec![
        OsStr::new("-layout"),
        a.pdf.as_os_str(),
        OsStr::new("/dev/null"),
    ];
    let pdftotext = Path::new("pdftotext");

    // Warm-up (file cache, first warehouse), untimed.
    eprintln!("warm-up…");
    let mut cells = crate::speed::ours(&bytes)?;
    if ptt {
        run_timed(pdftotext, &ptt_args, None, scratch.path(), false)?;
    }
    if let Some(b) = &bin {
        run_timed(b, &pipe_args, None, scratch.path(), false)
            .context("warm-up run of kommunetall")?;
    }
    let mut plumber_tables = 0;
    for round in 0..reps {
        // Rotate the order so that no tool always runs first.
        for k in 0..4 {
            match (k + round) % 4 {
                0 => {
                    let c0 = self_cpu();
                    let t = Instant::now();
                    cells = crate::speed::ours(&bytes)?;
                    s_ours.times.push(t.elapsed());
                    if let (Some(c0), Some(c1)) = (c0, self_cpu()) {
                        s_ours.cpu.push(c1.saturating_sub(c0));
                    }
                }
                1 if ptt => {
                    s_ptt.push(&run_timed(
                        pdftotext,
                        &ptt_args,
                        None,
                        scratch.path(),
                        gnu_time,
                    )?);
                }
                2 => {
                    if let Some(b) = &bin {
                        s_pipe.push(&run_timed(b, &pipe_args, None, scratch.path(), gnu_time)?);
                    }
                }
                3 if plumb && round < a.plumber_reps => {
                    let p = plumber(&a.pdf)?;
                    s_plumb.times.push(p.time);
                    s_plumb.cpu.push(p.cpu);
                    plumber_tables = p.tables;
                    s_plumb.rss_kb = s_plumb.rss_kb.max(p.rss_kb);
                }
                _ => {}
            }
        }
        let last = |s: &Series, label: &str| {
            s.times
                .get(round)
                .map_or_else(String::new, |d| format!(", {label} {}", secs(*d)))
        };
        eprintln!(
            "round {}/{reps}: in-process {}{}{}{}",
            round + 1,
            s_ours.times.last().map_or_else(String::new, |d| secs(*d)),
            last(&s_ptt, "pdftotext"),
            last(&s_pipe, "pipeline"),
            last(&s_plumb, "pdfplumber"),
        );
    }
    s_ours.rss_kb = self_peak_rss_kb();

    let mut md = String::new();
    let _ = writeln!(
        md,
        "## One report: whole pipeline beside pdftotext and pdfplumber\n"
    );
    let _ = writeln!(
        md,
        "{} Sample: `{}` ({} bytes, {page_count} pages) and `{}`. {reps} rounds, each running \
         every tool once in rotating order{}, after one untimed warm-up; median wall time, and median CPU time (user + system: \
         `/usr/bin/time -f \"%U %S %M\"` for subprocesses, /proc/self/stat for in-process, \
         `time.process_time()` for pdfplumber), which the other jobs on a shared machine \
         disturb less. Peak RSS: the largest of the runs (in-process: the bench process's own \
         `VmHWM`; pdfplumber: Python's `ru_maxrss`). Command: `kommunetall-bench run{} \
         --reps {reps}`.\n",
        machine.sentence(),
        file_name(&a.pdf),
        bytes.len(),
        file_name(&a.xlsx),
        match a.plumber_reps.min(reps) {
            n if n == reps || s_plumb.times.is_empty() => String::new(),
            n => format!(" (pdfplumber, which is slow, in the first {n} only)"),
        },
        if bin.is_some() {
            " --kommunetall PATH"
        } else {
            ""
        },
    );
    let _ = writeln!(
        md,
        "| what | runs | median wall | min | max | median CPU | peak RSS |"
    );
    let _ = writeln!(md, "|---|---:|---:|---:|---:|---:|---:|");
    row(&mut md, &s_ptt, None);
    row(&mut md, &s_ours, Some("bench process"));
    row(&mut md, &s_pipe, None);
    row(&mut md, &s_plumb, None);
    if bin.is_none() {
        let _ = writeln!(
            md,
            "| kommunetall `extract` (whole pipeline) | — | not measured: pass `--kommunetall PATH` | | | | |"
        );
    }
    if !plumb {
        let _ = writeln!(
            md,
            "| pdfplumber | — | skipped: not installed (`pip install pdfplumber`) | | | | |"
        );
    }
    let _ = writeln!(md);

    let mut goals = Vec::new();
    let _ = writeln!(md, "Ratios (medians of this run; wall, then CPU):\n");
    let _ = write!(md, "- numeric cells found in-process: {cells}");
    if !s_plumb.times.is_empty() {
        let _ = write!(md, "; tables found by pdfplumber: {plumber_tables}");
    }
    let _ = writeln!(md);
    // (wall ratio, CPU ratio when known, "W× (CPU C×)").
    let both = |x: &Series, y: &Series| {
        let w = ratio(x.median(), y.median());
        match (x.median_cpu(), y.median_cpu()) {
            (Some(cx), Some(cy)) => {
                let c = ratio(cx, cy);
                (w, Some(c), format!("{w:.2}× (CPU {c:.2}×)"))
            }
            _ => (w, None, format!("{w:.2}×")),
        }
    };
    // The goals are judged on wall time; say so when CPU time disagrees.
    let disagree = |wall_ok: bool, cpu_ok: Option<bool>| match cpu_ok {
        Some(c) if c != wall_ok => {
            if wall_ok {
                " — met on wall time, not on CPU time"
            } else {
                " — not met on wall time, met on CPU time"
            }
        }
        _ => "",
    };
    let ours_vs_ptt = (!s_ptt.times.is_empty()).then(|| both(&s_ours, &s_ptt));
    if let Some((_, _, text)) = &ours_vs_ptt {
        let _ = writeln!(md, "- in-process PDF → cells / pdftotext: **{text}**");
    }
    if !s_pipe.times.is_empty() && !s_ptt.times.is_empty() {
        let (r, c, text) = both(&s_pipe, &s_ptt);
        let note = disagree(r <= 2.0, c.map(|c| c <= 2.0));
        let _ = writeln!(
            md,
            "- whole pipeline / pdftotext: **{text}** (goal ≤ 2×){note}"
        );
        goals.push(Goal {
            id: "pipeline_vs_pdftotext",
            met: Some(r <= 2.0),
            measured: format!(
                "{text}: {} vs {}{note}",
                secs(s_pipe.median()),
                secs(s_ptt.median())
            ),
        });
    } else {
        goals.push(Goal {
            id: "pipeline_vs_pdftotext",
            met: None,
            measured: ours_vs_ptt.map_or_else(
                || "pdftotext missing".to_owned(),
                |(_, _, t)| format!("in-process PDF → cells alone: {t} pdftotext"),
            ),
        });
    }
    if s_plumb.times.is_empty() {
        goals.push(Goal {
            id: "vs_pdfplumber",
            met: None,
            measured: if plumb {
                "pdfplumber not run (--plumber-reps 0)".to_owned()
            } else {
                "pdfplumber not installed".to_owned()
            },
        });
    } else {
        let (r, c, text) = both(&s_plumb, &s_ours);
        let note = disagree(r >= 50.0, c.map(|c| c >= 50.0));
        let _ = writeln!(
            md,
            "- pdfplumber / in-process PDF → tables → cells: **{text} faster** (goal ≥ 50×){note}; \
             ours / pdfplumber = {:.4}",
            1.0 / r.max(1e-9)
        );
        let mut measured = format!(
            "{r:.0}×{} ({} vs {}){note}",
            c.map_or_else(String::new, |c| format!(" (CPU {c:.0}×)")),
            secs(s_plumb.median()),
            secs(s_ours.median())
        );
        if !s_pipe.times.is_empty() {
            let (rp, _, text) = both(&s_plumb, &s_pipe);
            let _ = writeln!(
                md,
                "- pdfplumber / whole pipeline (which also reads the xlsx and writes Parquet + \
                 DuckDB): {text}"
            );
            measured.push_str(&format!("; whole pipeline {rp:.0}×"));
        }
        goals.push(Goal {
            id: "vs_pdfplumber",
            met: Some(r >= 50.0),
            measured,
        });
    }
    match s_pipe.rss_kb {
        Some(k) => {
            let _ = writeln!(
                md,
                "- peak RSS of the whole pipeline: **{}** (goal ≤ 150 MB)",
                mb(k)
            );
            goals.push(Goal {
                id: "peak_rss",
                met: Some(mb_of(k) <= 150.0),
                measured: mb(k),
            });
        }
        None => goals.push(Goal {
            id: "peak_rss",
            met: None,
            measured: s_ours.rss_kb.map_or_else(
                || "not measured".to_owned(),
                |k| format!("in-process PDF → cells: bench process peak {}", mb(k)),
            ),
        }),
    }
    let _ = writeln!(md);
    for g in &goals {
        let _ = writeln!(md, "{}", g.record());
    }
    Ok(md)
}

/// Inputs of [`throughput`].
pub struct ThroughputArgs {
    /// The release `kommunetall` binary.
    pub kommunetall: PathBuf,
    /// The sample PDF.
    pub pdf: PathBuf,
    /// Distinct copies.
    pub copies: usize,
    /// Timed runs per thread count.
    pub reps: usize,
    /// Untimed runs first.
    pub warmup: usize,
    /// Thread counts (`-j`).
    pub jobs: Vec<usize>,
}

/// The pipeline file for the copies.
fn many_toml(names: &[String]) -> String {
    let mut s = String::from(
        "# Written by kommunetall-bench throughput: distinct copies of the sample report.\n\
         name = \"many\"\nwarehouse = \"warehouse\"\n\n[municipality]\ncode = \"5001\"\n",
    );
    for n in names {
        let _ = write!(s, "\n[[input]]\npath = \"raw/{n}\"\nreport_year = 2024\n");
    }
    s
}

/// "documents: N read" from the run summary.
fn documents_read(stdout: &str) -> Option<usize> {
    stdout.lines().find_map(|l| {
        let rest = l.strip_prefix("documents:")?;
        rest.split_whitespace().next()?.parse().ok()
    })
}

/// Many reports through `kommunetall run --force -j N`. Returns the report
/// section.
pub fn throughput(a: &ThroughputArgs, machine: &Machine) -> Result<String> {
    let bytes = std::fs::read(&a.pdf).with_context(|| format!("reading {}", a.pdf.display()))?;
    let scratch = Scratch::new("throughput")?;
    let project = scratch.path().join("project");
    std::fs::create_dir_all(project.join("raw"))?;
    std::fs::create_dir_all(project.join("pipelines"))?;
    let copies = a.copies.max(1);
    let mut names = Vec::with_capacity(copies);
    for n in 1..=copies {
        let name = format!("report-{n:04}.pdf");
        let mut b = bytes.clone();
        b.extend_from_slice(format!("\n% copy {n}\n").as_bytes());
        std::fs::write(project.join("raw").join(&name), b)?;
        names.push(name);
    }
    std::fs::write(project.join("pipelines/many.toml"), many_toml(&names))?;
    let gnu_time = have_gnu_time();
    if !gnu_time {
        eprintln!("CPU time and peak RSS skipped: /usr/bin/time missing (apt-get install time)");
    }
    let jobs: Vec<usize> = if a.jobs.is_empty() {
        vec![1, 2]
    } else {
        a.jobs.clone()
    };
    let args_for = |j: usize| -> Vec<std::ffi::OsString> {
        [
            "run",
            "pipelines/many.toml",
            "--force",
            "-j",
            &j.to_string(),
        ]
        .iter()
        .map(Into::into)
        .collect()
    };
    let mut series: Vec<(usize, Series)> = jobs
        .iter()
        .map(|&j| (j, Series::new(format!("`run --force -j {j}`"))))
        .collect();
    let heaviest = jobs.iter().copied().max().unwrap_or(1);
    for w in 0..a.warmup {
        eprintln!("warm-up {}/{} (-j {heaviest})…", w + 1, a.warmup);
        let args = args_for(heaviest);
        let argv: Vec<&OsStr> = args.iter().map(|s| s.as_os_str()).collect();
        let t = run_timed(&a.kommunetall, &argv, Some(&project), scratch.path(), false)?;
        anyhow::ensure!(
            documents_read(&t.stdout) == Some(copies),
            "the warm-up run did not read {copies} documents: {}",
            t.stdout
        );
    }
    for round in 0..a.reps.max(1) {
        let order: Vec<usize> = if round.is_multiple_of(2) {
            (0..series.len()).collect()
        } else {
            (0..series.len()).rev().collect()
        };
        for i in order {
            let j = series[i].0;
            let args = args_for(j);
            let argv: Vec<&OsStr> = args.iter().map(|s| s.as_os_str()).collect();
            let t = run_timed(
                &a.kommunetall,
                &argv,
                Some(&project),
                scratch.path(),
                gnu_time,
            )?;
            anyhow::ensure!(
                documents_read(&t.stdout) == Some(copies),
                "`run -j {j}` did not read {copies} documents: {}",
                t.stdout
            );
            eprintln!(
                "-j {j}: {} ({:.2} documents/s), CPU {}, peak RSS {}",
                secs(t.wall),
                copies as f64 / t.wall.as_secs_f64().max(1e-9),
                t.cpu.map_or_else(|| "?".to_owned(), secs),
                t.rss_kb.map_or_else(|| "?".to_owned(), mb)
            );
            series[i].1.push(&t);
        }
    }

    let mut md = String::new();
    let _ = writeln!(md, "## Throughput: {copies} reports\n");
    let _ = writeln!(
        md,
        "{} {copies} distinct copies of `{}` (`\\n% copy N\\n` appended, so every SHA-256 \
         differs) in one pipeline file; `kommunetall run pipelines/many.toml --force -j N` \
         (N reader threads; `--force` reads everything again), {} untimed warm-up run(s), {} \
         timed run(s) per N, alternating; CPU time (user + system) and peak RSS from \
         `/usr/bin/time`. Command: `kommunetall-bench throughput --kommunetall PATH --copies \
         {copies}`.\n",
        machine.sentence(),
        file_name(&a.pdf),
        a.warmup,
        a.reps.max(1),
    );
    let first_j = series.first().map_or(1, |s| s.0);
    let _ = writeln!(
        md,
        "| run | runs | median wall | min | max | median CPU | documents/s | speed-up vs -j {first_j} | peak RSS |"
    );
    let _ = writeln!(md, "|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    let base = series.first().map(|s| s.1.median()).unwrap_or_default();
    for (_, s) in &series {
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} | {} | {:.2} | {:.2}× | {} |",
            s.name,
            s.times.len(),
            secs(s.median()),
            secs(s.min()),
            secs(s.max()),
            s.median_cpu().map_or_else(|| "—".to_owned(), secs),
            copies as f64 / s.median().as_secs_f64().max(1e-9),
            ratio(base, s.median()),
            s.rss_kb.map_or_else(|| "—".to_owned(), mb)
        );
    }
    let _ = writeln!(md);
    let mut goals = Vec::new();
    if let Some((j, s)) = series.iter().find(|s| s.0 == heaviest) {
        let per_100 = s.median().as_secs_f64() * 100.0 / copies as f64;
        let scaled = if copies == 100 {
            String::new()
        } else {
            format!(" (scaled from {copies})")
        };
        let _ = writeln!(
            md,
            "100 reports with `-j {j}`: **{per_100:.1} s**{scaled} (goal ≤ 60 s)."
        );
        goals.push(Goal {
            id: "throughput_100",
            met: Some(per_100 <= 60.0),
            measured: format!(
                "{per_100:.1} s{scaled}, {:.2} documents/s",
                copies as f64 / s.median().as_secs_f64().max(1e-9)
            ),
        });
        if let Some(k) = s.rss_kb {
            goals.push(Goal {
                id: "peak_rss_many",
                met: Some(mb_of(k) <= 150.0),
                measured: format!("{} with -j {j}", mb(k)),
            });
        }
    }
    let _ = writeln!(md);
    for g in &goals {
        let _ = writeln!(md, "{}", g.record());
    }
    Ok(md)
}

/// Number strings as Norwegian reports print them, with placeholders,
/// text and malformed ones mixed in.
const NUMBERS: &[&str] = &[
    "5 253",
    "−5 253",
    "2 067,2",
    "-1 234 567",
    "1.234,5",
    "19 %",
    "-1,6 %",
    "116,0*",
    "(12)",
    "0",
    "17,3",
    "2024",
    "1 023 864",
    "−0,9",
    "63%",
    "12\u{a0}345",
    "3\u{202f}210,75",
    "..",
    "-",
    "N/A",
    "x",
    "",
    "Rammetilskudd",
    "Sum driftsinntekter",
    "21 prosent",
    "11 2885",
    "1,2,3",
    "12.12.24",
    "2018-2024",
    "4 875 000",
];

/// Median of `reps` timings of `f`.
fn bench<T>(reps: usize, mut f: impl FnMut() -> T) -> (Series, T) {
    let mut s = Series::new("");
    let mut last = f(); // warm-up
    for _ in 0..reps.max(1) {
        let c0 = self_cpu();
        let t = Instant::now();
        last = black_box(f());
        s.times.push(t.elapsed());
        if let (Some(c0), Some(c1)) = (c0, self_cpu()) {
            s.cpu.push(c1.saturating_sub(c0));
        }
    }
    (s, last)
}

/// The micro-benchmarks. Returns the report section.
pub fn micro(pdf: &Path, reps: usize, machine: &Machine) -> Result<String> {
    let bytes = std::fs::read(pdf).with_context(|| format!("reading {}", pdf.display()))?;

    const LOOPS: usize = 20_000;
    let (s_num, numbers) = bench(reps, || {
        let mut n = 0usize;
        for _ in 0..LOOPS {
            for t in NUMBERS {
                n += usize::from(
                    black_box(kommunetall_lexicon::parse(black_box(t)))
                        .value()
                        .is_some(),
                );
            }
        }
        n
    });
    let parses = LOOPS * NUMBERS.len();
    eprintln!("num::parse: {}", secs(s_num.median()));

    let (s_open, _) = bench(reps, || {
        kommunetall_pdf::Document::open(&bytes).map(|d| d.page_count())
    });
    let doc = kommunetall_pdf::Document::open(&bytes).context("opening the PDF")?;
    eprintln!("Document::open: {}", secs(s_open.median()));
    let (s_pages, pages) = bench(reps, || {
        (1..=doc.page_count())
            .filter_map(|n| doc.page(n).ok())
            .collect::<Vec<_>>()
    });
    let words: usize = pages.iter().map(|p| p.words.len()).sum();
    eprintln!("page words: {}", secs(s_pages.median()));
    let (s_grid, ex) = bench(reps, || kommunetall_grid::extract(&pages));
    eprintln!("grid::extract: {}", secs(s_grid.median()));

    let mut md = String::new();
    let _ = writeln!(md, "## Micro-benchmarks\n");
    let _ = writeln!(
        md,
        "{} In-process on `{}`; each figure is the median of {} timed repetitions after one \
         warm-up (`std::time::Instant`, `std::hint::black_box`); CPU time from \
         /proc/self/stat (10 ms ticks, so shown only for figures of 50 ms and more). Command: \
         `kommunetall-bench micro --reps {}`.\n",
        machine.sentence(),
        file_name(pdf),
        reps.max(1),
        reps.max(1)
    );
    let _ = writeln!(
        md,
        "| what | work | median wall | min | max | median CPU | per unit (wall) |"
    );
    let _ = writeln!(md, "|---|---|---:|---:|---:|---:|---:|");
    let per = |s: &Series, n: usize, unit: &str| {
        let ns = s.median().as_secs_f64() * 1e9 / n.max(1) as f64;
        if ns >= 1e6 {
            format!("{:.2} ms/{unit}", ns / 1e6)
        } else if ns >= 1e3 {
            format!("{:.1} µs/{unit}", ns / 1e3)
        } else {
            format!("{ns:.0} ns/{unit}")
        }
    };
    let n_pages = pages.len();
    let lines: [(String, String, &Series, String); 4] = [
        (
            "`kommunetall_lexicon::parse`".to_owned(),
            format!(
                "{parses} strings ({} distinct, {} of them numbers)",
                NUMBERS.len(),
                numbers / LOOPS,
            ),
            &s_num,
            per(&s_num, parses, "string"),
        ),
        (
            "`kommunetall_pdf::Document::open`".to_owned(),
            format!("{} bytes", bytes.len()),
            &s_open,
            per(&s_open, bytes.len() / 1000, "kB"),
        ),
        (
            "`Document::page`, all pages (words, rules, fills)".to_owned(),
            format!("{n_pages} pages, {words} words"),
            &s_pages,
            per(&s_pages, n_pages, "page"),
        ),
        (
            "`kommunetall_grid::extract`, all pages".to_owned(),
            format!(
                "{n_pages} pages → {} tables, {} diagnostics",
                ex.tables.len(),
                ex.diagnostics.len()
            ),
            &s_grid,
            per(&s_grid, n_pages, "page"),
        ),
    ];
    for (what, work, s, unit) in lines {
        let _ = writeln!(
            md,
            "| {what} | {work} | {} | {} | {} | {} | {unit} |",
            secs(s.median()),
            secs(s.min()),
            secs(s.max()),
            s.median_cpu()
                .filter(|_| s.median() >= Duration::from_millis(50))
                .map_or_else(|| "—".to_owned(), secs),
        );
    }
    let total = s_open.median() + s_pages.median() + s_grid.median();
    let _ = writeln!(
        md,
        "\nopen + pages + extract = {} (the in-process PDF → cells path of `run`).",
        secs(total)
    );
    Ok(md)
}

/// One line of `callgrind_annotate`: (instructions, percent, function).
fn annotate_line(line: &str) -> Option<(u64, f64, String)> {
    // " 1,234,567 (12.34%)  file:function [object]"
    let line = line.trim();
    let (count, rest) = line.split_once(' ')?;
    let ir: u64 = count.replace(',', "").parse().ok()?;
    let rest = rest.trim_start();
    let pct_end = rest.find("%)")?;
    let pct: f64 = rest.strip_prefix('(')?[..pct_end - 1].trim().parse().ok()?;
    let mut func = rest[pct_end + 2..].trim();
    if let Some(i) = func.rfind(" [") {
        func = &func[..i];
    }
    if let Some((file, f)) = func.split_once(':') {
        func = if file.contains('/') || file == "???" || file.ends_with(".rs") {
            f
        } else {
            func
        };
    }
    Some((ir, pct, func.to_owned()))
}

/// callgrind over `kommunetall-bench cells`: the top `top` functions by
/// their own instructions. Returns the report section, or `None` when
/// valgrind is missing.
pub fn profile(pdf: &Path, top: usize, machine: &Machine) -> Result<Option<String>> {
    let have = |p: &str| {
        Command::new(p)
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok()
    };
    if !have("valgrind") || !have("callgrind_annotate") {
        eprintln!("skipped profile: valgrind (callgrind) not installed (apt-get install valgrind)");
        return Ok(None);
    }
    let scratch = Scratch::new("profile")?;
    let out = scratch.path().join("callgrind.out");
    let exe = std::env::current_exe().context("finding the bench binary")?;
    eprintln!("callgrind over `{} cells` (about a minute)…", exe.display());
    run_quiet(
        Command::new("valgrind")
            .arg("--tool=callgrind")
            .arg(format!("--callgrind-out-file={}", out.display()))
            .arg(&exe)
            .arg("cells")
            .arg("--pdf")
            .arg(pdf),
    )?;
    let (_, text) = run_output(
        Command::new("callgrind_annotate")
            .arg("--inclusive=no")
            .arg(&out),
    )?;
    let total: Option<u64> = text.lines().find_map(|l| {
        let l = l.trim();
        let (n, rest) = l.split_once(' ')?;
        rest.contains("PROGRAM TOTALS")
            .then(|| n.replace(',', "").parse().ok())
            .flatten()
    });
    let all: Vec<(u64, f64, String)> = text
        .lines()
        .skip_while(|l| !l.contains("file:function"))
        .skip(1)
        .filter_map(annotate_line)
        .collect();
    let hot: Vec<&(u64, f64, String)> = all.iter().take(top).collect();
    let ours: Vec<&(u64, f64, String)> = all
        .iter()
        .filter(|(_, _, f)| {
            f.starts_with("kommunetall_pdf::")
                || f.starts_with("kommunetall_grid::")
                || f.starts_with("kommunetall_lexicon::")
        })
        .take(top)
        .collect();
    let (_, incl) = run_output(
        Command::new("callgrind_annotate")
            .arg("--inclusive=yes")
            .arg(&out),
    )?;
    let wanted = [
        "kommunetall_pdf::document::Document::open",
        "kommunetall_pdf::document::Document::page",
        "ContentOperations as core::iter::traits::iterator::Iterator>::next",
        "kommunetall_pdf::content::Interpreter::show",
        "kommunetall_pdf::fonts::Font::text",
        "kommunetall_pdf::words::build_words",
        "kommunetall_grid::extract",
        "kommunetall_grid::lines::page_lines",
        "kommunetall_lexicon::parse",
    ];
    let inclusive: Vec<(u64, f64, String)> = incl
        .lines()
        .skip_while(|l| !l.contains("file:function"))
        .skip(1)
        .filter_map(annotate_line)
        .filter(|(_, _, f)| wanted.iter().any(|w| f.ends_with(w)))
        .collect();

    let mut md = String::new();
    let _ = writeln!(md, "## Profile: in-process PDF → cells\n");
    let _ = writeln!(
        md,
        "{} `valgrind --tool=callgrind` over `kommunetall-bench cells` (one pass over `{}`: \
         open, all pages, table engine; the bench's start-up is included), then \
         `callgrind_annotate --inclusive=no`. Instruction counts are deterministic, unlike wall \
         times. Total: {} instructions. Command: `kommunetall-bench profile`.\n",
        machine.sentence(),
        file_name(pdf),
        total.map_or_else(|| "?".to_owned(), group)
    );
    let _ = writeln!(md, "Top {top} functions by own instructions:\n");
    let _ = writeln!(md, "| # | function | instructions | % |");
    let _ = writeln!(md, "|---:|---|---:|---:|");
    for (i, (ir, pct, f)) in hot.iter().enumerate() {
        let _ = writeln!(md, "| {} | `{f}` | {} | {pct:.1} % |", i + 1, group(*ir));
    }
    let _ = writeln!(
        md,
        "\nTop {top} functions of our crates (`kommunetall_pdf`, `kommunetall_grid`, \
         `kommunetall_lexicon`) by own instructions:\n"
    );
    let _ = writeln!(md, "| # | function | instructions | % |");
    let _ = writeln!(md, "|---:|---|---:|---:|");
    for (i, (ir, pct, f)) in ours.iter().enumerate() {
        let _ = writeln!(md, "| {} | `{f}` | {} | {pct:.1} % |", i + 1, group(*ir));
    }
    if !inclusive.is_empty() {
        let _ = writeln!(
            md,
            "\nInclusive (with callees), by stage; lopdf's `ContentOperations` is its \
             content-stream parser, called by `Document::page`:\n"
        );
        let _ = writeln!(md, "| stage | instructions | % |");
        let _ = writeln!(md, "|---|---:|---:|");
        for (ir, pct, f) in &inclusive {
            let _ = writeln!(md, "| `{f}` | {} | {pct:.1} % |", group(*ir));
        }
    }
    Ok(Some(md))
}

/// 1234567 → "1 234 567".
fn group(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_callgrind_annotate_lines() {
        let l = "1,234,567 (12.34%)  ???:kommunetall_grid::lines::page_lines [/tmp/x/kommunetall-bench]";
        assert_eq!(
            annotate_line(l),
            Some((
                1_234_567,
                12.34,
                "kommunetall_grid::lines::page_lines".to_owned()
            ))
        );
        assert_eq!(annotate_line("--------"), None);
    }

    #[test]
    fn pipeline_file_and_summary() {
        let t = many_toml(&["a.pdf".to_owned()]);
        assert!(t.contains("code = \"5001\""));
        assert!(t.contains("path = \"raw/a.pdf\"\nreport_year = 2024"));
        assert_eq!(
            documents_read(
                "documents: 100 read, 0 unchanged (from cache), 0 failed; 0 KOSTRA rows"
            ),
            Some(100)
        );
        assert_eq!(group(1_234_567), "1 234 567");
        assert_eq!(group(999), "999");
    }
}
