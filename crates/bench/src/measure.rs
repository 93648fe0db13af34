//! Measuring helpers shared by the performance commands: timed series and
//! their medians, running a subprocess quietly, peak RSS through
//! `/usr/bin/time -v`, the machine the figures come from, scratch folders.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};

/// One measurement series.
#[derive(Debug, Clone)]
pub struct Series {
    /// What was timed.
    pub name: String,
    /// Wall times of the runs.
    pub times: Vec<Duration>,
    /// CPU times (user + system) of the runs, when known.
    pub cpu: Vec<Duration>,
    /// Largest peak RSS of the runs in kB, when known.
    pub rss_kb: Option<u64>,
}

/// Median of durations (the upper median for an even count).
pub fn median(v: &[Duration]) -> Duration {
    let mut t = v.to_vec();
    t.sort();
    t.get(t.len() / 2).copied().unwrap_or_default()
}

impl Series {
    /// An empty series.
    pub fn new(name: impl Into<String>) -> Series {
        Series {
            name: name.into(),
            times: Vec::new(),
            cpu: Vec::new(),
            rss_kb: None,
        }
    }

    /// Median wall time (the upper median for an even count).
    pub fn median(&self) -> Duration {
        median(&self.times)
    }

    /// Median CPU time, when every run has one.
    pub fn median_cpu(&self) -> Option<Duration> {
        (!self.cpu.is_empty() && self.cpu.len() == self.times.len()).then(|| median(&self.cpu))
    }

    /// Adds a subprocess run.
    pub fn push(&mut self, t: &Timed) {
        self.times.push(t.wall);
        if let Some(c) = t.cpu {
            self.cpu.push(c);
        }
        if let Some(r) = t.rss_kb {
            self.rss_kb = Some(self.rss_kb.map_or(r, |m| m.max(r)));
        }
    }

    /// Fastest run.
    pub fn min(&self) -> Duration {
        self.times.iter().min().copied().unwrap_or_default()
    }

    /// Slowest run.
    pub fn max(&self) -> Duration {
        self.times.iter().max().copied().unwrap_or_default()
    }
}

/// Seconds with three decimals and the unit, or milliseconds below 0.1 s.
pub fn secs(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s < 0.1 {
        format!("{:.2} ms", s * 1000.0)
    } else {
        format!("{s:.3} s")
    }
}

/// Megabytes (10⁶ bytes) from the kilobytes (1024 bytes) that `time -v`
/// and /proc report.
pub fn mb_of(kb: u64) -> f64 {
    kb as f64 * 1024.0 / 1e6
}

/// [`mb_of`] formatted: "123.4 MB".
pub fn mb(kb: u64) -> String {
    format!("{:.1} MB", mb_of(kb))
}

/// `a / b` with a guard against zero.
pub fn ratio(a: Duration, b: Duration) -> f64 {
    a.as_secs_f64() / b.as_secs_f64().max(1e-9)
}

/// Runs a command with stdout and stderr captured, fails with its stderr
/// when it does not exit 0, and returns the wall time.
pub fn run_quiet(cmd: &mut Command) -> Result<Duration> {
    Ok(run_output(cmd)?.0)
}

/// [`run_quiet`], also returning what the command printed on stdout.
pub fn run_output(cmd: &mut Command) -> Result<(Duration, String)> {
    let what = format!("{cmd:?}");
    let t = Instant::now();
    let out = cmd
        .stdin(Stdio::null())
        .output()
        .with_context(|| format!("starting {what}"))?;
    let elapsed = t.elapsed();
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        let tail: Vec<&str> = err.lines().rev().take(15).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        anyhow::bail!("{what} failed ({}):\n{}", out.status, tail.join("\n"));
    }
    Ok((elapsed, String::from_utf8_lossy(&out.stdout).into_owned()))
}

/// Where GNU time lives.
const GNU_TIME: &str = "/usr/bin/time";

/// Whether `/usr/bin/time` (GNU time, Debian package `time`) works.
pub fn have_gnu_time() -> bool {
    Command::new(GNU_TIME)
        .args(["-f", "%M", "true"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// One subprocess run.
#[derive(Debug, Clone)]
pub struct Timed {
    /// Wall time, measured here.
    pub wall: Duration,
    /// User + system CPU time of the command (from GNU time).
    pub cpu: Option<Duration>,
    /// Peak RSS of the command in kB (from GNU time).
    pub rss_kb: Option<u64>,
    /// What it printed on stdout.
    pub stdout: String,
}

/// Runs `program args` (in `dir` when given), under `/usr/bin/time` when
/// `gnu_time` is set so that its CPU time and peak RSS are known too.
/// `scratch` holds GNU time's output file.
pub fn run_timed(
    program: &Path,
    args: &[&OsStr],
    dir: Option<&Path>,
    scratch: &Path,
    gnu_time: bool,
) -> Result<Timed> {
    if !gnu_time {
        let mut c = Command::new(program);
        c.args(args);
        if let Some(d) = dir {
            c.current_dir(d);
        }
        let (wall, stdout) = run_output(&mut c)?;
        return Ok(Timed {
            wall,
            cpu: None,
            rss_kb: None,
            stdout,
        });
    }
    let report = scratch.join("gnu-time.txt");
    let mut c = Command::new(GNU_TIME);
    c.args(["-f", "%U %S %M", "-o"])
        .arg(&report)
        .arg(program)
        .args(args);
    if let Some(d) = dir {
        c.current_dir(d);
    }
    let (wall, stdout) = run_output(&mut c)?;
    let text = std::fs::read_to_string(&report)
        .with_context(|| format!("reading {}", report.display()))?;
    let (cpu, rss_kb) = parse_gnu_time(&text).unzip();
    Ok(Timed {
        wall,
        cpu,
        rss_kb,
        stdout,
    })
}

/// (user + system CPU, max RSS kB) from the last line of `time -f "%U %S %M"`.
pub fn parse_gnu_time(text: &str) -> Option<(Duration, u64)> {
    let line = text.lines().rev().find(|l| !l.trim().is_empty())?;
    let mut it = line.split_whitespace();
    let user: f64 = it.next()?.parse().ok()?;
    let sys: f64 = it.next()?.parse().ok()?;
    let rss: u64 = it.next()?.parse().ok()?;
    Some((Duration::from_secs_f64((user + sys).max(0.0)), rss))
}

/// This process's user + system CPU time so far, from /proc/self/stat
/// (clock ticks, `getconf CLK_TCK`, normally 100 per second).
pub fn self_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name in parentheses; utime and stime are
    // fields 14 and 15 of the whole line.
    let rest = &stat[stat.rfind(')')? + 1..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_secs_f64(ticks as f64 / clock_ticks()))
}

fn clock_ticks() -> f64 {
    static TICKS: std::sync::OnceLock<f64> = std::sync::OnceLock::new();
    *TICKS.get_or_init(|| {
        Command::new("getconf")
            .arg("CLK_TCK")
            .output()
            .ok()
            .and_then(|o| String::from_utf8(o.stdout).ok())
            .and_then(|s| s.trim().parse().ok())
            .filter(|t: &f64| *t > 0.0)
            .unwrap_or(100.0)
    })
}

/// This process's peak RSS so far (`VmHWM` in /proc/self/status), in kB.
pub fn self_peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status.lines().find_map(|l| {
        let rest = l.strip_prefix("VmHWM:")?;
        rest.trim().trim_end_matches("kB").trim().parse().ok()
    })
}

/// Where and when the figures were measured.
#[derive(Debug, Clone)]
pub struct Machine {
    /// `nproc`.
    pub cpus: usize,
    /// "model name" from /proc/cpuinfo.
    pub cpu_model: String,
    /// `YYYY-MM-DD` (UTC).
    pub date: String,
    /// Short commit, with a note when the worktree has changes.
    pub commit: String,
    /// 1-minute load average when the measurement started.
    pub load: Option<String>,
}

impl Machine {
    /// Reads the facts now.
    pub fn now(workspace: &Path) -> Machine {
        let cpus = Command::new("nproc")
            .output()
            .ok()
            .and_then(|o| String::from_utf8(o.stdout).ok())
            .and_then(|s| s.trim().parse().ok())
            .or_else(|| std::thread::available_parallelism().ok().map(usize::from))
            .unwrap_or(1);
        let cpu_model = std::fs::read_to_string("/proc/cpuinfo")
            .ok()
            .and_then(|t| {
                t.lines().find_map(|l| {
                    let (k, v) = l.split_once(':')?;
                    (k.trim() == "model name").then(|| v.trim().to_owned())
                })
            })
            .unwrap_or_else(|| "unknown CPU".to_owned());
        let load = std::fs::read_to_string("/proc/loadavg")
            .ok()
            .and_then(|t| t.split_whitespace().next().map(str::to_owned));
        let mut commit = crate::git_commit(workspace).unwrap_or_else(|| "?".to_owned());
        let dirty = Command::new("git")
            .args(["status", "--porcelain", "--untracked-files=no"])
            .current_dir(workspace)
            .output()
            .ok()
            .is_some_and(|o| o.status.success() && !o.stdout.is_empty());
        if dirty {
            commit.push_str(" + uncommitted changes");
        }
        Machine {
            cpus,
            cpu_model,
            date: crate::report::today(),
            commit,
            load,
        }
    }

    /// One sentence for a report section.
    pub fn sentence(&self) -> String {
        format!(
            "Measured {} on {} × {} (`nproc` = {}; 1-minute load {} at the start), commit `{}`, release build.",
            self.date,
            self.cpus,
            self.cpu_model,
            self.cpus,
            self.load.as_deref().unwrap_or("?"),
            self.commit
        )
    }
}

/// A scratch folder under the system temp dir, removed on drop.
pub struct Scratch {
    path: PathBuf,
}

impl Scratch {
    /// Creates `$TMPDIR/kommunetall-bench-<pid>-<tag>` (emptied first).
    pub fn new(tag: &str) -> Result<Scratch> {
        let path =
            std::env::temp_dir().join(format!("kommunetall-bench-{}-{tag}", std::process::id()));
        if path.exists() {
            std::fs::remove_dir_all(&path)
                .with_context(|| format!("removing {}", path.display()))?;
        }
        std::fs::create_dir_all(&path).with_context(|| format!("creating {}", path.display()))?;
        Ok(Scratch { path })
    }

    /// The folder.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_gnu_time() {
        assert_eq!(
            parse_gnu_time("0.25 0.05 1664\n"),
            Some((Duration::from_millis(300), 1664))
        );
        assert_eq!(
            parse_gnu_time("Command exited with non-zero status 1\n0.00 0.00 100\n"),
            Some((Duration::ZERO, 100))
        );
        assert_eq!(parse_gnu_time("nothing"), None);
    }

    #[test]
    fn median_of_series() {
        let mut s = Series::new("x");
        for ms in [5, 1, 3] {
            s.times.push(Duration::from_millis(ms));
        }
        assert_eq!(s.median(), Duration::from_millis(3));
        assert_eq!(s.min(), Duration::from_millis(1));
        assert_eq!(s.max(), Duration::from_millis(5));
    }
}
