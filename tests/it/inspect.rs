//! `kommunetall inspect`: the outlined cells of a table are exactly its
//! `report_cell` rows that carry a position — counted in the written HTML and,
//! when Debian's chromium is installed (`.ci/run` installs it), in the DOM a
//! real headless browser builds from it.

use std::path::Path;
use std::process::Command;

use crate::support::{duck, kommunetall, ok, path_str, query_rows, sample_pdf, sample_warehouse};

fn outlined(html: &str, table: &str) -> usize {
    html.matches(&format!("<rect class=\"cell\" data-table=\"{table}\""))
        .count()
}

fn dom_of(file: &Path, profile: &Path) -> Option<String> {
    let bin = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .find(|p| Path::new(p).is_file())?;
    let out = Command::new("timeout")
        .arg("90")
        .arg(bin)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("--dump-dom")
        .arg(format!("file://{}", file.display()))
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn inspect_outlines_exactly_the_cells_of_report_cell() {
    let dir = tempfile::tempdir().expect("tmp");
    let out_dir = dir.path().join("inspect");
    let pdf = sample_pdf();
    let stdout = ok(&kommunetall(
        &[
            "inspect",
            path_str(&pdf),
            "--table",
            "1.4",
            "--out",
            path_str(&out_dir),
        ],
        None,
    ));
    assert!(stdout.contains("open "), "{stdout}");
    let expected: usize = query_rows(
        &duck(sample_warehouse()),
        "SELECT count(*) FROM report_cell JOIN document USING (document_id) \
         WHERE kind = 'pdf' AND table_id = '1.4' AND x0 IS NOT NULL",
    )[0][0]
        .parse()
        .expect("count");
    assert!(expected > 50, "table 1.4 has {expected} positioned cells");
    let mut pages: Vec<_> = std::fs::read_dir(&out_dir)
        .expect("ls")
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("page-"))
        })
        .collect();
    pages.sort();
    assert!(!pages.is_empty() && out_dir.join("index.html").exists());
    let in_html: usize = pages
        .iter()
        .map(|p| outlined(&std::fs::read_to_string(p).expect("html"), "1.4"))
        .sum();
    assert_eq!(
        in_html, expected,
        "outlined cells in the HTML vs report_cell"
    );

    let mut in_dom = 0;
    for p in &pages {
        match dom_of(p, &dir.path().join("profile")) {
            Some(dom) => in_dom += outlined(&dom, "1.4"),
            None => {
                eprintln!(
                    "skipped the browser check: no chromium (install Debian's chromium package)"
                );
                return;
            }
        }
    }
    assert_eq!(
        in_dom, expected,
        "outlined cells in the browser's DOM vs report_cell"
    );
}
