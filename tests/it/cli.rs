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

/// RFC 4180 records of a CSV text (quoted fields, doubled quotes, LF or CRLF).
fn csv_records(s: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut rec = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => rec.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                rec.push(std::mem::take(&mut field));
                out.push(std::mem::take(&mut rec));
            }
            (false, c) => field.push(c),
        }
    }
    assert!(
        !quoted && field.is_empty() && rec.is_empty(),
        "CSV ends mid-record"
    );
    out
}

#[test]
fn tables_pipe_out_every_cell_as_csv_and_json() {
    let pdf = sample_pdf();
    let csv = ok(&kommunetall(
        &["tables", path_str(&pdf), "--format", "csv"],
        None,
    ));
    let recs = csv_records(&csv);
    assert_eq!(
        recs[0].join(","),
        "table_id,caption,page,sheet,kind,row,col,span,row_label,column_label,text,value,unit,cell_ref"
    );
    assert!(recs.iter().all(|r| r.len() == 14), "ragged CSV");
    let find = |table: &str, kind: &str, label: &str, col: &str| {
        recs.iter()
            .find(|r| r[0] == table && r[4] == kind && r[8] == label && r[6] == col)
            .unwrap_or_else(|| panic!("no {kind} cell {table}/{label}/{col} in\n{csv}"))
    };
    // Table 1.1: a section row, then Rammetilskudd; Regnskap 2024 is value column 2.
    let sec = find("1.1", "section", "Driftsinntekter", "0");
    assert_eq!(sec[5], "0");
    let c = find("1.1", "body", "Rammetilskudd", "2");
    assert!(c[1].starts_with("Tabell 1.1 "), "{c:?}");
    assert_eq!((c[5].as_str(), c[9].as_str()), ("1", "Regnskap 2024"));
    assert_eq!((c[10].as_str(), c[11].as_str()), ("−5 253", "-5253"));
    assert_eq!(c[12], "millioner kroner");
    assert!(c[2].parse::<u32>().is_ok() && c[3].is_empty(), "{c:?}");
    // The row label is a cell of its own (col 0, no value), header cells are marked.
    let l = find("1.1", "body", "Rammetilskudd", "0");
    assert_eq!((l[10].as_str(), l[11].as_str()), ("Rammetilskudd", ""));
    assert!(
        recs.iter()
            .any(|r| r[0] == "1.1" && r[4] == "header" && r[10] == "Regnskap 2024" && r[6] == "2"),
        "no header cell"
    );
    assert!(
        recs.iter().any(|r| r[0] == "1.1" && r[4] == "sum"),
        "no sum row"
    );
    // A label with commas comes out quoted.
    assert!(
        csv.contains("\"Bystyresekretariatet, folkevalgte, kontrollkomiteen, kommunerevisjonen\""),
        "commas not quoted"
    );

    let json = ok(&kommunetall(
        &["tables", path_str(&pdf), "--format", "json"],
        None,
    ));
    let v: serde_json::Value = serde_json::from_str(&json).expect("one JSON document");
    let tables = v.as_array().expect("an array of tables");
    let t = tables
        .iter()
        .find(|t| t["table_id"] == "1.1")
        .expect("table 1.1");
    assert_eq!(t["unit"], "millioner kroner");
    assert!(t["page_first"].is_u64() && t["sheet"].is_null());
    let rows = t["rows"].as_array().expect("rows");
    assert_eq!(rows[0]["kind"], "header");
    let r = rows
        .iter()
        .find(|r| r["label"] == "Rammetilskudd")
        .expect("Rammetilskudd");
    assert_eq!(
        (r["kind"].as_str(), r["row"].as_u64()),
        (Some("body"), Some(1))
    );
    let cell = &r["cells"][2];
    assert_eq!(cell["col"], 2);
    assert_eq!(cell["text"], "−5 253");
    assert_eq!(cell["value"].as_f64(), Some(-5253.0));
    assert_eq!(cell["column_label"], "Regnskap 2024");
    // JSON and CSV hold the same cells.
    let n_json: usize = tables
        .iter()
        .flat_map(|t| t["rows"].as_array().expect("rows"))
        .map(|r| r["cells"].as_array().expect("cells").len())
        .sum();
    assert_eq!(n_json, recs.len() - 1);

    // A workbook: sheet and cell reference instead of a page.
    let csv = ok(&kommunetall(
        &["tables", path_str(&sample_xlsx()), "--format", "csv"],
        None,
    ));
    let recs = csv_records(&csv);
    let cells: Vec<&Vec<String>> = recs[1..].iter().filter(|r| !r[11].is_empty()).collect();
    assert!(!cells.is_empty());
    assert!(
        cells.iter().all(|r| r[2].is_empty()
            && !r[3].is_empty()
            && r[13]
                .trim_start_matches(|c: char| c.is_ascii_uppercase())
                .parse::<u32>()
                .is_ok()),
        "workbook cells lack sheet or cell_ref"
    );

    // The listing stays the default; --help teaches the formats.
    let out = ok(&kommunetall(&["tables", path_str(&pdf)], None));
    assert!(out.lines().any(|l| l.starts_with("1.1 ")), "{out}");
    let help = ok(&kommunetall(&["tables", "--help"], None));
    for w in [
        "--format",
        "json",
        "csv",
        "RFC 4180",
        "report_cell",
        "Examples:",
    ] {
        assert!(help.contains(w), "tables --help lacks {w}:\n{help}");
    }
}
