//! Golden test of the `report_cell` contract against the ground truth of the
//! sample report (`tests/golden/arsberetning-2024.truth.json`): every numeric
//! cell of every numbered table, by table_id, row label, column index and value,
//! read back from the DuckDB file the binary wrote.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::support::*;

#[derive(Deserialize)]
struct TruthTable {
    id: String,
    rows: Vec<TruthRow>,
}

#[derive(Deserialize)]
struct TruthRow {
    label: String,
    values: Vec<Option<f64>>,
}

type Key = (String, String, i32); // table_id, row_label, col_index

fn norm(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Truth numeric cells of numbered tables: key → values (a label can repeat).
fn truth() -> BTreeMap<Key, Vec<f64>> {
    let text = std::fs::read_to_string(root().join("tests/golden/arsberetning-2024.truth.json"))
        .expect("truth file");
    let tables: Vec<TruthTable> = serde_json::from_str(&text).expect("truth json");
    let mut out: BTreeMap<Key, Vec<f64>> = BTreeMap::new();
    for t in tables.iter().filter(|t| !t.id.starts_with("u-")) {
        for r in &t.rows {
            for (i, v) in r.values.iter().enumerate() {
                if let Some(v) = v {
                    let col = i32::try_from(i + 1).expect("col");
                    out.entry((t.id.clone(), norm(&r.label), col))
                        .or_default()
                        .push(*v);
                }
            }
        }
    }
    out
}

/// Per table: (expected, matched, wrong, missing, extra).
fn score() -> BTreeMap<String, [usize; 5]> {
    let wh = sample_warehouse();
    let conn = duck(wh);
    let rows = query_rows(
        &conn,
        "SELECT c.table_id, c.row_label, c.col_index, c.value FROM report_cell c \
         JOIN document d USING (document_id) WHERE d.kind = 'pdf' AND c.value IS NOT NULL AND c.col_index > 0 \
         ORDER BY c.table_id, c.row_index, c.col_index",
    );
    let mut got: BTreeMap<Key, Vec<f64>> = BTreeMap::new();
    for r in rows {
        let v: f64 = r[3].parse().expect("value");
        got.entry((r[0].clone(), norm(&r[1]), r[2].parse().expect("col")))
            .or_default()
            .push(v);
    }
    let truth = truth();
    let mut per: BTreeMap<String, [usize; 5]> = BTreeMap::new();
    for (k, want) in &truth {
        let e = per.entry(k.0.clone()).or_default();
        e[0] += want.len();
        let mut have = got.get(k).cloned().unwrap_or_default();
        for w in want {
            if let Some(pos) = have.iter().position(|h| (h - w).abs() < 1e-9) {
                have.remove(pos);
                e[1] += 1;
            } else if !have.is_empty() {
                have.remove(0);
                e[2] += 1;
            } else {
                e[3] += 1;
            }
        }
    }
    for (k, have) in got.iter().filter(|(k, _)| !is_generated_id(&k.0)) {
        let n_truth = truth.get(k).map_or(0, Vec::len);
        if have.len() > n_truth {
            per.entry(k.0.clone()).or_default()[4] += have.len() - n_truth;
        }
    }
    let uncaptioned = got
        .iter()
        .filter(|(k, _)| is_generated_id(&k.0))
        .map(|(_, v)| v.len())
        .sum();
    per.insert(
        "(uncaptioned)".to_owned(),
        [uncaptioned_truth(), uncaptioned, 0, 0, 0],
    );
    per
}

/// "p17-t1": an id given to a table without caption.
fn is_generated_id(id: &str) -> bool {
    id.strip_prefix('p')
        .and_then(|r| r.split_once("-t"))
        .is_some_and(|(p, n)| {
            p.chars().all(|c| c.is_ascii_digit()) && n.chars().all(|c| c.is_ascii_digit())
        })
}

/// Numeric cells of the truth's uncaptioned tables ("u-…"): their ids cannot
/// match ours, so they are compared by count.
fn uncaptioned_truth() -> usize {
    let text = std::fs::read_to_string(root().join("tests/golden/arsberetning-2024.truth.json"))
        .expect("truth file");
    let tables: Vec<TruthTable> = serde_json::from_str(&text).expect("truth json");
    tables
        .iter()
        .filter(|t| t.id.starts_with("u-"))
        .flat_map(|t| &t.rows)
        .flat_map(|r| &r.values)
        .filter(|v| v.is_some())
        .count()
}

#[test]
fn report_cell_matches_the_truth_for_every_numbered_table() {
    let per = score();
    let mut total = [0usize; 5];
    let mut bad = Vec::new();
    for (t, s) in per.iter().filter(|(t, _)| t.as_str() != "(uncaptioned)") {
        for i in 0..5 {
            total[i] += s[i];
        }
        if s[1] != s[0] || s[4] > 0 {
            bad.push(format!(
                "{t}: expected {} matched {} wrong {} missing {} extra {}",
                s[0], s[1], s[2], s[3], s[4]
            ));
        }
    }
    eprintln!(
        "golden: expected {} matched {} wrong {} missing {} extra {}\n{}",
        total[0],
        total[1],
        total[2],
        total[3],
        total[4],
        bad.join("\n")
    );
    assert_eq!(
        total[0], 1_574,
        "the truth has 1 574 numeric cells in numbered tables"
    );
    assert!(bad.is_empty(), "tables off:\n{}", bad.join("\n"));
}
