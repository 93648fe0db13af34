//! Findings in the warehouse: the published report's own inconsistencies are
//! detected (not fixed), and each names its table, row and column.

use crate::support::*;

#[test]
fn the_sample_reports_real_inconsistencies_are_findings() {
    let conn = duck(sample_warehouse());
    let rows = query_rows(
        &conn,
        "SELECT DISTINCT q.rule, q.table_id, q.row_label FROM quality_finding q \
         JOIN document d USING (document_id) WHERE d.kind = 'pdf' ORDER BY 1, 2, 3",
    );
    let has = |rule: &str, table: &str, row: &str| {
        rows.iter()
            .any(|r| r[0] == rule && r[1] == table && r[2] == row)
    };
    // "11 2885" printed in Tabell 10.12 is malformed: kept as text, value NULL.
    assert!(
        rows.iter()
            .any(|r| r[0] == "unparseable_number" && r[1] == "10.12"),
        "{rows:?}"
    );
    let cell = query_rows(
        &conn,
        "SELECT raw_text, value FROM report_cell WHERE table_id = '10.12' AND raw_text = '11 2885'",
    );
    assert_eq!(
        cell.len(),
        2,
        "one from the PDF, one from the appendix: {cell:?}"
    );
    assert!(cell.iter().all(|r| r[1] == "NULL"));
    // Tabell 10.10 prints "Samlet 489" over rows that add up to 506.
    assert!(has("sum_mismatch", "10.10", "Samlet"), "{rows:?}");
    // Tabell 7.8 has year columns headed 2003/2004 in a 2024 report.
    assert!(
        rows.iter()
            .any(|r| r[0] == "implausible_period" && r[1] == "7.8"),
        "{rows:?}"
    );
    let detail = query_rows(
        &conn,
        "SELECT expected, actual, column_label FROM quality_finding WHERE rule = 'sum_mismatch' AND table_id = '10.10' LIMIT 1",
    );
    assert_eq!(detail[0][1], "489", "{detail:?}");
    assert!(detail[0][0].starts_with("506"), "{detail:?}");
}
