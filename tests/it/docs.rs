//! The README's SQL examples run on the sample warehouse: on its DuckDB
//! file, and those reading Parquet (`read_parquet('warehouse/…',
//! hive_partitioning = true)`) on its Parquet files, in Python's DuckDB (the
//! bundled one here is built without its Parquet reader; skipped with a
//! message without `pip install duckdb`).

use crate::support::{duck, root, sample_warehouse};

#[test]
fn every_readme_sql_example_runs() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README");
    let mut statements = Vec::new();
    let mut in_sql = false;
    let mut current = String::new();
    for line in readme.lines() {
        if line.trim_start().starts_with("```sql") {
            in_sql = true;
            continue;
        }
        if in_sql && line.trim_start().starts_with("```") {
            in_sql = false;
            continue;
        }
        if !in_sql || line.trim_start().starts_with("--") {
            continue;
        }
        current.push_str(line);
        current.push('\n');
        if line.trim_end().ends_with(';') {
            statements.push(std::mem::take(&mut current));
        }
    }
    assert!(
        statements.len() >= 8,
        "found {} statements",
        statements.len()
    );
    let wh = sample_warehouse();
    let conn = duck(wh);
    let folder = format!("'{}/", wh.to_str().expect("utf-8 path"));
    let (parquet, statements): (Vec<String>, Vec<String>) = statements
        .into_iter()
        .partition(|s| s.contains("read_parquet"));
    assert!(
        parquet.len() >= 2,
        "{} read_parquet examples",
        parquet.len()
    );
    for sql in &parquet {
        let sql = sql.replace("'warehouse/", &folder);
        match python_duckdb_rows(&sql) {
            Some(n) => assert!(
                n > 0,
                "README example returns no rows on the sample:\n{sql}"
            ),
            None => {
                println!(
                    "skipped the read_parquet examples: no Python duckdb (pip install duckdb)"
                );
                break;
            }
        }
    }
    for sql in &statements {
        let mut st = conn
            .prepare(sql)
            .unwrap_or_else(|e| panic!("README example does not prepare: {e}\n{sql}"));
        let n = st
            .query_arrow([])
            .unwrap_or_else(|e| panic!("README example fails: {e}\n{sql}"))
            .map(|b| b.num_rows())
            .sum::<usize>();
        // Every example shows something on the sample, except the restatement
        // one (a single edition has nothing to restate).
        if !sql.contains("v_restatement") {
            assert!(
                n > 0,
                "README example returns no rows on the sample:\n{sql}"
            );
        }
    }
}

/// The number of rows `sql` returns in Python's DuckDB; `None` without it.
fn python_duckdb_rows(sql: &str) -> Option<usize> {
    let have = std::process::Command::new("python3")
        .args(["-c", "import duckdb"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !have {
        return None;
    }
    let out = std::process::Command::new("python3")
        .args([
            "-c",
            "import sys, duckdb; print(len(duckdb.sql(sys.argv[1]).fetchall()))",
            sql,
        ])
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "README example fails in DuckDB: {}\n{sql}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().parse().ok()
}
