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
