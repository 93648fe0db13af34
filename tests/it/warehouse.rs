//! The warehouse contract: declared schemas, identical rows in DuckDB and
//! Parquet, deterministic bytes, atomic replacement.

use std::collections::BTreeMap;
use std::path::Path;

use kommunetall_store::Catalog;

use crate::support::*;

#[test]
fn every_declared_table_exists_with_its_schema_in_duckdb_and_parquet() {
    let wh = sample_warehouse();
    let conn = duck(wh);
    let catalog = Catalog::embedded().expect("catalog");
    for def in &catalog.tables {
        let cols = query_rows(
            &conn,
            &format!(
                "SELECT column_name, data_type, is_nullable FROM information_schema.columns \
                 WHERE table_name = '{}' ORDER BY ordinal_position",
                def.name
            ),
        );
        let expected: Vec<Vec<String>> = def
            .columns
            .iter()
            .map(|c| {
                let ty = match c.ty.sql() {
                    "TIMESTAMPTZ" => "TIMESTAMP WITH TIME ZONE",
                    s => s,
                };
                vec![
                    c.name.clone(),
                    ty.to_owned(),
                    if c.nullable { "YES" } else { "NO" }.to_owned(),
                ]
            })
            .collect();
        assert_eq!(cols, expected, "duckdb schema of {}", def.name);

        let files = parquet_files(&wh.join("parquet").join(&def.name));
        assert!(!files.is_empty(), "no parquet for {}", def.name);
        let mut want = def.arrow_schema().as_ref().clone();
        let partition = &def.partition_by;
        want = arrow::datatypes::Schema::new(
            want.fields()
                .iter()
                .filter(|f| !partition.contains(f.name()))
                .cloned()
                .collect::<Vec<_>>(),
        );
        for f in &files {
            let reader = parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(
                std::fs::File::open(f).expect("open"),
            )
            .expect("reader");
            let got = reader.schema();
            assert_eq!(got.fields().len(), want.fields().len(), "{}", f.display());
            for (g, w) in got.fields().iter().zip(want.fields()) {
                assert_eq!(
                    (g.name(), g.data_type(), g.is_nullable()),
                    (w.name(), w.data_type(), w.is_nullable()),
                    "{}",
                    f.display()
                );
            }
            let rel = f
                .strip_prefix(wh)
                .expect("inside")
                .to_string_lossy()
                .into_owned();
            if partition.is_empty() {
                assert_eq!(rel, format!("parquet/{}/part-0.parquet", def.name));
            } else {
                // Every document of the sample is Trondheim's 2024 edition:
                // one partition, holding every partitioned table.
                assert_eq!(
                    rel,
                    format!(
                        "parquet/{}/municipality_code=5001/report_year=2024/part-0.parquet",
                        def.name
                    ),
                    "hive partition"
                );
            }
        }
    }
}

#[test]
fn duckdb_and_parquet_hold_identical_rows() {
    let wh = sample_warehouse();
    let conn = duck(wh);
    let catalog = Catalog::embedded().expect("catalog");
    let mut counts = BTreeMap::new();
    for def in &catalog.tables {
        let cols: Vec<String> = def
            .file_columns()
            .map(|c| format!("\"{}\"", c.name))
            .collect();
        let filter = if def.is_partitioned() {
            " WHERE municipality_code = '5001' AND report_year = 2024"
        } else {
            ""
        };
        let from_duck = query_rows(
            &conn,
            &format!("SELECT {} FROM {}{filter}", cols.join(", "), def.name),
        );
        let mut from_parquet = Vec::new();
        for f in parquet_files(&wh.join("parquet").join(&def.name)) {
            from_parquet.extend(batches_rows(&read_parquet(&f)));
        }
        let total = query_rows(&conn, &format!("SELECT count(*) FROM {}", def.name));
        assert_eq!(
            total[0][0],
            from_duck.len().to_string(),
            "all {} rows are Trondheim's 2024 edition",
            def.name
        );
        assert_eq!(from_duck, from_parquet, "rows of {}", def.name);
        counts.insert(def.name.clone(), from_duck.len());
    }
    assert_eq!(counts["document"], 2);
    for t in [
        "fact_statement_line",
        "fact_service_area",
        "fact_investment_area",
        "fact_kostra_indicator",
        "fact_report_series",
        "fact_ssb_kostra",
        "dim_municipality",
        "dim_period",
    ] {
        assert!(counts[t] > 0, "{t} is empty: {counts:?}");
    }
    assert!(counts["report_table"] >= 50, "{counts:?}");
    assert!(counts["report_cell"] >= 1_574, "{counts:?}");
}

fn bytes_by_file(wh: &Path) -> BTreeMap<String, Vec<u8>> {
    parquet_files(&wh.join("parquet"))
        .into_iter()
        .map(|f| {
            (
                f.strip_prefix(wh)
                    .expect("inside")
                    .to_string_lossy()
                    .into_owned(),
                std::fs::read(&f).expect("read"),
            )
        })
        .collect()
}

#[test]
fn rerun_on_unchanged_input_gives_identical_parquet_bytes() {
    let first = bytes_by_file(sample_warehouse());
    let dir = tempfile::tempdir().expect("tmp");
    let pipeline = sample_project(dir.path());
    let wh = dir.path().join("wh");
    ok(&kommunetall(&["run", path_str(&pipeline)], Some(EPOCH)));
    let second = bytes_by_file(&wh);
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    for (k, v) in &first {
        assert!(
            v == &second[k],
            "{k} differs between two runs on the same input"
        );
    }
    // Rewritten from the cache (the DuckDB file gone, the documents
    // unchanged): the same bytes, also for the quality report and the
    // inspect pages (every number survives the cache's JSON exactly).
    let report = |wh: &Path| {
        let mut files = vec![std::fs::read(wh.join("quality.html")).expect("quality.html")];
        for p in std::fs::read_dir(wh.join("quality")).expect("quality pages") {
            files.push(std::fs::read(p.expect("page").path()).expect("page"));
        }
        for e in std::fs::read_dir(wh.join("inspect")).expect("inspect") {
            for p in std::fs::read_dir(e.expect("entry").path()).expect("pages") {
                files.push(std::fs::read(p.expect("page").path()).expect("page"));
            }
        }
        files.sort();
        files
    };
    let drawn = report(&wh);
    std::fs::remove_file(wh.join("kommunetall.duckdb")).expect("rm duckdb");
    let out = ok(&kommunetall(&["run", path_str(&pipeline)], Some(EPOCH)));
    assert!(out.contains("0 read, 2 unchanged"), "{out}");
    assert!(
        first == bytes_by_file(&wh),
        "a rewrite from the cache differs"
    );
    assert!(
        drawn == report(&wh),
        "quality report or inspect pages differ"
    );
    assert!(drawn.len() > 2, "inspect pages were drawn and kept");
    // Read everything again without a fixed epoch: only the document table
    // (ingested_at) may change.
    ok(&kommunetall(&["run", path_str(&pipeline), "--force"], None));
    let third = bytes_by_file(&wh);
    let mut changed = Vec::new();
    for (k, v) in &first {
        if v != &third[k] {
            changed.push(k.clone());
        }
    }
    assert!(
        changed.iter().all(|k| k.starts_with("parquet/document/")) && !changed.is_empty(),
        "changed: {changed:?}"
    );
}

#[test]
fn a_failed_run_leaves_the_previous_warehouse_untouched() {
    let dir = tempfile::tempdir().expect("tmp");
    let wh = dir.path().join("wh");
    let pdf = sample_pdf();
    ok(&kommunetall(
        &[
            "extract",
            path_str(&pdf),
            "--warehouse",
            path_str(&wh),
            "--municipality",
            "5001",
        ],
        Some(EPOCH),
    ));
    let before = bytes_by_file(&wh);
    let db_before = std::fs::read(wh.join("kommunetall.duckdb")).expect("db");

    let bad = dir.path().join("broken-2024.pdf");
    let mut bytes = std::fs::read(&pdf).expect("pdf");
    bytes.truncate(900);
    std::fs::write(&bad, bytes).expect("write");
    let out = kommunetall(
        &[
            "extract",
            path_str(&pdf),
            path_str(&bad),
            "--warehouse",
            path_str(&wh),
            "--municipality",
            "5001",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("broken-2024.pdf"),
        "error names the file: {err}"
    );

    let missing = dir.path().join("nope.pdf");
    let out = kommunetall(
        &["extract", path_str(&missing), "--warehouse", path_str(&wh)],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nope.pdf"));

    assert_eq!(before, bytes_by_file(&wh));
    assert!(
        db_before == std::fs::read(wh.join("kommunetall.duckdb")).expect("db"),
        "duckdb file changed"
    );
    let stray = leftovers(&wh);
    assert!(stray.is_empty(), "left behind: {stray:?}");
}
