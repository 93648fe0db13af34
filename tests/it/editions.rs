//! Two editions of a report: the sample (2024) and a clearly synthetic 2025
//! edition typeset by `kommunetall-fixture` from the sample's table 1.1 with
//! the years shifted, one 2024 figure restated and one row renamed. The
//! across-years views must line the editions up and find the restatement.

use std::path::Path;

use kommunetall_fixture::{TruthRow, TruthTable, Variant, format_norwegian, parse_truth, render};

use crate::support::{
    duck, kommunetall, ok, path_str, query_rows, root, sample_pdf, write_pipeline,
};

const RESTATED_LABEL: &str = "Eiendomsskatt";
const RENAMED_FROM: &str = "Andre skatteinntekter";
const RENAMED_TO: &str = "Andre direkte og indirekte skatter";

/// Table 1.1 of the 2024 edition as the 2025 edition would print it: the
/// columns "Regnskap 2024, Regnskap 2025, Revidert budsjett 2025, Vedtatt
/// budsjett 2025, Avvik". "Regnskap 2024" repeats the 2024 edition's figure
/// (restated by +7 for `RESTATED_LABEL`); the 2025 columns are the 2024
/// edition's 2024 columns × 1.05, rounded.
fn edition_2025(t: &TruthTable) -> TruthTable {
    let shift = |s: &str| s.replace("2024", "2025").replace("2023", "2024");
    let header = t
        .header
        .iter()
        .map(|row| row.iter().map(|(s, n)| (shift(s), *n)).collect())
        .collect();
    let rows = t
        .rows
        .iter()
        .map(|r| {
            if r.values.iter().all(Option::is_none) {
                return r.clone();
            }
            let v = |i: usize| r.values.get(i).copied().flatten().unwrap_or(0.0);
            let mut prev = v(1);
            if r.label == RESTATED_LABEL {
                prev += 7.0;
            }
            let grown = |i: usize| (v(i) * 1.05).round();
            let values = vec![prev, grown(1), grown(2), grown(3), grown(2) - grown(1)];
            TruthRow {
                label: if r.label == RENAMED_FROM {
                    RENAMED_TO.to_owned()
                } else {
                    r.label.clone()
                },
                class: r.class.clone(),
                cells: values
                    .iter()
                    .map(|x| format_norwegian(*x, 0, true, '−'))
                    .collect(),
                values: values.into_iter().map(Some).collect(),
            }
        })
        .collect();
    TruthTable {
        id: t.id.clone(),
        caption: t.caption.as_deref().map(shift),
        header,
        rows,
        page: t.page,
        sheet: t.sheet.clone(),
        note: t.note.clone(),
    }
}

fn query(wh: &Path, sql: &str) -> Vec<Vec<String>> {
    query_rows(&duck(wh), sql)
}

#[test]
fn two_editions_line_up_across_years_and_the_restatement_is_found() {
    let truth = parse_truth(
        &std::fs::read_to_string(root().join("tests/golden/arsberetning-2024.truth.json"))
            .expect("truth"),
    )
    .expect("parse truth");
    let t11 = truth.iter().find(|t| t.id == "1.1").expect("table 1.1");
    assert!(t11.rows.iter().any(|r| r.label == RESTATED_LABEL));
    assert!(t11.rows.iter().any(|r| r.label == RENAMED_FROM));
    let fixture = render(&[edition_2025(t11)], &Variant::base("edition-2025"));

    let dir = tempfile::tempdir().expect("tmp");
    let pdf25 = dir.path().join("syntetisk-arsberetning-2025.pdf");
    std::fs::write(&pdf25, &fixture.pdf).expect("write pdf");
    std::fs::create_dir_all(dir.path().join("pipelines")).expect("mkdir");
    let pipeline = dir.path().join("pipelines/editions.toml");
    write_pipeline(
        &pipeline,
        "two-editions",
        &[(&sample_pdf(), 2024), (&pdf25, 2025)],
    );
    ok(&kommunetall(
        &["run", path_str(&pipeline)],
        Some("1700000000"),
    ));
    let db = dir.path().join("wh");

    // The same line, as printed by both editions, lines up under one key.
    let line = |key: &str| {
        query(
            &db,
            &format!(
                "SELECT n_editions, first_report_year, latest_report_year, first_amount_nok, \
                 latest_amount_nok, is_restated, line_label FROM v_statement_across_years \
                 WHERE statement = 'drift' AND line_key = '{key}' AND measure = 'regnskap' \
                 AND period_year = 2024"
            ),
        )
    };
    let ramme = line("rammetilskudd");
    assert_eq!(ramme.len(), 1, "{ramme:?}");
    assert_eq!(ramme[0][0], "2", "two editions: {ramme:?}");
    assert_eq!(ramme[0][1], "2024");
    assert_eq!(ramme[0][2], "2025");
    assert_eq!(ramme[0][3], ramme[0][4], "not restated: {ramme:?}");
    assert_eq!(ramme[0][3], "-5253000000.0");
    assert_eq!(ramme[0][5], "false");

    // The renamed row keeps its key (the new wording is a variant in the mapping).
    let renamed = line("andre_skatteinntekter");
    assert_eq!(renamed.len(), 1, "{renamed:?}");
    assert_eq!(renamed[0][0], "2");
    assert_eq!(renamed[0][6], RENAMED_TO);

    // The restated figure, and only it, is in v_restatement.
    let restated = query(
        &db,
        "SELECT line_key, measure, period_year, earlier_report_year, later_report_year, \
         earlier_amount_nok, later_amount_nok, difference_nok FROM v_restatement \
         WHERE statement = 'drift' ORDER BY line_key, measure",
    );
    assert_eq!(
        restated,
        vec![vec![
            "eiendomsskatt".to_owned(),
            "regnskap".to_owned(),
            "2024".to_owned(),
            "2024".to_owned(),
            "2025".to_owned(),
            "-924000000.0".to_owned(),
            "-917000000.0".to_owned(),
            "7000000.0".to_owned(),
        ]]
    );
    let flagged = line("eiendomsskatt");
    assert_eq!(flagged[0][5], "true");

    // 2025 figures exist only in the 2025 edition.
    let y25 = query(
        &db,
        "SELECT n_editions, latest_amount_nok FROM v_statement_across_years \
         WHERE line_key = 'rammetilskudd' AND measure = 'regnskap' AND period_year = 2025",
    );
    assert_eq!(y25, vec![vec!["1".to_owned(), "-5516000000.0".to_owned()]]);
}
