//! The README's SQL examples run on the sample warehouse (all but the
//! `read_parquet` one, which reads the main job's warehouse folder).

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
    let conn = duck(sample_warehouse());
    for sql in statements.iter().filter(|s| !s.contains("read_parquet")) {
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
