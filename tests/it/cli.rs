//! The command line as a person meets it: help, the bundled job, errors.

use crate::support::*;

#[test]
fn help_teaches_the_commands() {
    let out = ok(&kommunetall(&["--help"], None));
    for word in ["run", "extract", "tables", "Examples:", "Exit codes"] {
        assert!(out.contains(word), "--help lacks {word}:\n{out}");
    }
    let out = kommunetall(&["extract"], None);
    assert_eq!(out.status.code(), Some(2), "usage errors exit 2");
}

#[test]
fn run_executes_a_pipeline_file_into_its_warehouse() {
    let dir = tempfile::tempdir().expect("tmp");
    let pipes = dir.path().join("pipelines");
    std::fs::create_dir_all(&pipes).expect("mk");
    let pdf = sample_pdf();
    let p = pipes.join("test.toml");
    std::fs::write(
        &p,
        format!(
            "name = \"t\"\nwarehouse = \"wh\"\n[municipality]\ncode = \"5001\"\nname = \"Trondheim\"\n\
             [[input]]\npath = {:?}\nkind = \"pdf\"\nreport_year = 2024\n",
            path_str(&pdf)
        ),
    )
    .expect("write");
    let stdout = ok(&kommunetall(&["run", path_str(&p)], Some(EPOCH)));
    assert!(stdout.contains("report_cell"), "{stdout}");
    let wh = dir.path().join("wh");
    let conn = duck(&wh);
    let docs = query_rows(
        &conn,
        "SELECT municipality_code, municipality_name, report_year, kind, pages_or_sheets FROM document",
    );
    assert_eq!(docs, vec![vec!["5001", "Trondheim", "2024", "pdf", "72"]]);
    assert!(wh.join("quality.md").exists());
}

#[test]
fn a_bad_pipeline_is_named_with_its_problem() {
    let dir = tempfile::tempdir().expect("tmp");
    let p = dir.path().join("bad.toml");
    std::fs::write(&p, "name = \"t\"\nwarehouse = \"wh\"\n[municipality]\ncode = \"Trondheim\"\n[[input]]\npath = \"x.pdf\"\n").expect("w");
    let out = kommunetall(&["run", path_str(&p)], None);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad.toml") && err.contains("four digits"),
        "{err}"
    );
}

#[test]
fn report_year_and_producer_are_read_from_the_report() {
    let wh = sample_warehouse();
    let conn = duck(wh);
    let docs = query_rows(
        &conn,
        "SELECT kind, report_year, producer FROM document ORDER BY kind",
    );
    assert_eq!(docs[1][0], "xlsx");
    assert_eq!(docs[0], vec!["pdf", "2024", "Skia/PDF m156"]);
    let out = ok(&kommunetall(&["tables", path_str(&sample_pdf())], None));
    assert!(
        out.lines()
            .any(|l| l.starts_with("1.1 ") && l.contains("Økonomisk oversikt etter art")),
        "{out}"
    );
}

#[test]
fn json_logs_have_one_event_per_document_table_and_finding() {
    let dir = tempfile::tempdir().expect("tmp");
    let wh = dir.path().join("wh");
    let xlsx = sample_xlsx();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_kommunetall"))
        .args([
            "--log-format",
            "json",
            "extract",
            path_str(&xlsx),
            "--warehouse",
            path_str(&wh),
            "--municipality",
            "5001",
        ])
        .env_remove("RUST_LOG")
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let events: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stderr)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect();
    let with = |target: &str| events.iter().filter(|e| e["target"] == target).count();
    let message = |m: &str| {
        events
            .iter()
            .filter(|e| e["fields"]["message"] == m)
            .count()
    };
    let conn = duck(&wh);
    let n = |sql: &str| -> usize { query_rows(&conn, sql)[0][0].parse().expect("count") };
    assert_eq!(message("document read"), 1);
    assert_eq!(
        with("kommunetall::table"),
        n("SELECT count(*) FROM report_table")
    );
    assert_eq!(
        with("kommunetall::finding"),
        n("SELECT count(*) FROM quality_finding")
    );
    let f = events
        .iter()
        .find(|e| e["target"] == "kommunetall::finding" && e["fields"]["rule"] == "sum_mismatch")
        .expect("a sum_mismatch event");
    for k in ["document", "table", "row", "column", "expected", "actual"] {
        assert!(!f["fields"][k].is_null(), "finding event lacks {k}: {f}");
    }
}
