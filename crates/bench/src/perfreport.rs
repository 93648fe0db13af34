//! `reports/performance.md`: one file that several commands write into.
//!
//! Each command (`run`, `throughput`, `micro`, `profile`) owns one section,
//! delimited by `<!-- begin:NAME -->` / `<!-- end:NAME -->`, and rewrites
//! only that section; the other sections (also hand-written ones) are kept.
//! A section states its goals as hidden records
//! `<!-- goal:ID:STATUS:MEASURED -->`; the goals table at the top is rebuilt
//! from the records of all sections every time the file is written.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Context, Result};

/// Sections in the order they appear in the file.
const ORDER: &[&str] = &["run", "throughput", "micro", "profile"];

/// The goals, in table order: (id, goal, the command that measures it).
const GOALS: &[(&str, &str, &str)] = &[
    (
        "pipeline_vs_pdftotext",
        "whole pipeline (PDF + xlsx → Parquet + DuckDB) ≤ 2× `pdftotext -layout`",
        "run --kommunetall PATH",
    ),
    (
        "vs_pdfplumber",
        "≥ 50× faster than pdfplumber `extract_tables()` (PDF → tables)",
        "run",
    ),
    (
        "peak_rss",
        "peak RSS ≤ 150 MB (one report, whole pipeline)",
        "run --kommunetall PATH",
    ),
    (
        "throughput_100",
        "100 reports ≤ 60 s (`run -j 2`, all cores)",
        "throughput --kommunetall PATH",
    ),
    (
        "peak_rss_many",
        "peak RSS ≤ 150 MB (100 reports, `-j 2`)",
        "throughput --kommunetall PATH",
    ),
];

/// A goal as a section records it.
#[derive(Debug, Clone, PartialEq)]
pub struct Goal {
    /// One of the ids in the goals table.
    pub id: &'static str,
    /// Whether the goal is met; `None` when it was not measured.
    pub met: Option<bool>,
    /// The figure (one line, no `-->`).
    pub measured: String,
}

impl Goal {
    /// The hidden record line.
    pub fn record(&self) -> String {
        let status = match self.met {
            Some(true) => "met",
            Some(false) => "not met",
            None => "not measured",
        };
        format!(
            "<!-- goal:{}:{status}:{} -->",
            self.id,
            self.measured.replace("-->", "->").replace('\n', " ")
        )
    }
}

/// (id, status, measured) of a record line.
fn parse_record(line: &str) -> Option<(String, String, String)> {
    let inner = line
        .trim()
        .strip_prefix("<!-- goal:")?
        .strip_suffix("-->")?;
    let mut parts = inner.splitn(3, ':');
    let id = parts.next()?.trim().to_owned();
    let status = parts.next()?.trim().to_owned();
    let measured = parts.next()?.trim().to_owned();
    Some((id, status, measured))
}

/// The named sections of an existing report, in file order.
fn sections(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("<!-- begin:") {
        let after = &rest[start + "<!-- begin:".len()..];
        let Some(close) = after.find("-->") else {
            break;
        };
        let name = after[..close].trim().to_owned();
        let body_start = &after[close + 3..];
        let end_tag = format!("<!-- end:{name} -->");
        let Some(end) = body_start.find(&end_tag) else {
            break;
        };
        out.push((name, body_start[..end].trim().to_owned()));
        rest = &body_start[end + end_tag.len()..];
    }
    out
}

/// Rebuilds the whole file around the given sections.
fn render(sections: &[(String, String)]) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "# Performance\n");
    let _ = writeln!(
        s,
        "Written by `kommunetall-bench` (release build): `run` (one report: whole pipeline \
         beside `pdftotext -layout` and pdfplumber), `throughput` (100 reports, `-j 1` and \
         `-j 2`), `micro` (number parser, PDF words, table engine) and `profile` (callgrind). \
         Each command rewrites its own section and says when and on which machine it measured; \
         the goals below are checked against the latest figures of every section. Wall times \
         are medians of interleaved runs on a shared machine, so compare ratios measured in the \
         same run rather than absolute times across sections. MB = 10⁶ bytes.\n"
    );
    let _ = writeln!(s, "## Goals\n");
    let _ = writeln!(s, "| goal | measured | status |");
    let _ = writeln!(s, "|---|---|---|");
    let records: Vec<(String, String, String)> = sections
        .iter()
        .flat_map(|(_, body)| body.lines().filter_map(parse_record))
        .collect();
    for (id, goal, command) in GOALS {
        match records.iter().rev().find(|(rid, _, _)| rid == id) {
            Some((_, status, measured)) if status != "not measured" => {
                let mark = if status == "met" {
                    "**met**"
                } else {
                    "**not met**"
                };
                let _ = writeln!(s, "| {goal} | {measured} | {mark} |");
            }
            other => {
                let note = other.map(|(_, _, m)| format!("{m}; ")).unwrap_or_default();
                let _ = writeln!(
                    s,
                    "| {goal} | {note}run `kommunetall-bench {command}` | not measured |"
                );
            }
        }
    }
    s.push('\n');
    for (name, body) in sections {
        let _ = writeln!(s, "<!-- begin:{name} -->\n{body}\n<!-- end:{name} -->\n");
    }
    s
}

/// Replaces (or adds) section `name` of the report at `path` and rewrites
/// the goals table. Returns the new file text.
pub fn update(path: &Path, name: &str, body: &str) -> Result<String> {
    let old = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
    };
    let mut secs = sections(&old);
    match secs.iter_mut().find(|(n, _)| n == name) {
        Some(s) => s.1 = body.trim().to_owned(),
        None => secs.push((name.to_owned(), body.trim().to_owned())),
    }
    let rank = |n: &str| ORDER.iter().position(|o| *o == n).unwrap_or(ORDER.len());
    secs.sort_by_key(|(n, _)| rank(n)); // stable: unknown sections keep their order
    let text = render(&secs);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    std::fs::write(path, &text).with_context(|| format!("writing {}", path.display()))?;
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_are_replaced_and_goals_collected() {
        let g = Goal {
            id: "vs_pdfplumber",
            met: Some(true),
            measured: "80× (a: b)".to_owned(),
        };
        let first = render(&[
            ("notes".to_owned(), "hand written".to_owned()),
            ("run".to_owned(), format!("## Run\n{}", g.record())),
        ]);
        assert!(first.contains("| 80× (a: b) | **met** |"), "{first}");
        assert!(first.contains("| not measured |"));
        let secs = sections(&first);
        assert_eq!(
            secs.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(),
            ["notes", "run"]
        );
        assert_eq!(secs[0].1, "hand written");
        assert_eq!(
            parse_record(&g.record()),
            Some((
                "vs_pdfplumber".to_owned(),
                "met".to_owned(),
                "80× (a: b)".to_owned()
            ))
        );
    }
}
