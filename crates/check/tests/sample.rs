//! The checks on the sample annual report (PDF and its xlsx appendix).
#![allow(missing_docs, clippy::unwrap_used)]
use std::path::PathBuf;

use kommunetall_check::check_tables;
use kommunetall_model::{Diagnostic, Table};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn pdf_tables() -> Vec<Table> {
    let bytes = std::fs::read(root().join("raw/trondheim/2024/arsberetning-2024.pdf")).unwrap();
    let doc = kommunetall_pdf::Document::open(&bytes).unwrap();
    let pages: Vec<_> = (1..=doc.page_count())
        .map(|n| doc.page(n).unwrap())
        .collect();
    kommunetall_grid::extract(&pages).tables
}

fn xlsx_tables() -> Vec<Table> {
    kommunetall_sheet::extract(&root().join("raw/trondheim/2024/arsberetning-2024-tabeller.xlsx"))
        .unwrap()
        .tables
}

fn show(name: &str, f: &[Diagnostic]) {
    println!("==== {name}: {} findings", f.len());
    for d in f {
        println!(
            "{} | {} | {:?} | {:?} | exp {:?} act {:?} | {}",
            d.rule,
            d.table_id.as_deref().unwrap_or(""),
            d.row_label,
            d.column_label,
            d.expected,
            d.actual,
            d.message
        );
    }
}

/// What the published report itself contains, each verified against the
/// printed cells (tests/golden/arsberetning-2024.truth.json):
/// - 1.4 Formålstomt: revised budget 213,0 − accounts 108,0 = 105, Avvik prints 103,0.
/// - 7.7: captioned "kirke og gravlunder" but its numbers are the row
///   "Idrett og friluftsliv" of table 1.2 (7.5 has the real kirke numbers).
/// - 7.8: header years 2003/2004 in a 2024 report.
/// - 9.7: captioned "psykisk helse og rus" but its numbers are the row
///   "Arbeid og velferd" of table 1.2 (Psykisk helse og rus is 388 there).
/// - 10.4 Sluttsum: Antall columns print 11 244 / 3 851 / 15 095, the rows add
///   up to 11 282 / 3 864 / 15 146 (Årsverk columns add up).
/// - 10.7 Sluttsum: Ansatte print 9911 / 3241 / 13152, the 39 rows add up to
///   9938 / 3263 / 13201.
/// - 10.10 Samlet prints 489, the six areas add up to 506.
/// - 10.11 Mann: Fast 91 % + Midlertidig 11 % = 102 % (the table's note says
///   the categories overlap).
fn expected() -> Vec<(
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
)> {
    vec![
        (
            "avvik_mismatch",
            "1.4",
            Some("Formålstomt"),
            Some("Avvik (revidert budsjett-regnskap)"),
        ),
        (
            "cross_table_mismatch",
            "7.7",
            Some("Millioner kroner"),
            None,
        ),
        ("implausible_period", "7.8", None, Some("Trondheim 2003")),
        ("implausible_period", "7.8", None, Some("Trondheim 2004")),
        ("implausible_period", "7.8", None, Some("Oslo 2004")),
        ("implausible_period", "7.8", None, Some("Bergen 2004")),
        ("implausible_period", "7.8", None, Some("Stavanger 2004")),
        (
            "implausible_period",
            "7.8",
            None,
            Some("ASSS, gjennomsnitt 2004"),
        ),
        (
            "cross_table_mismatch",
            "9.7",
            Some("Millioner kroner"),
            None,
        ),
        (
            "sum_mismatch",
            "10.4",
            Some("Sluttsum"),
            Some("Kvinne / Antall"),
        ),
        (
            "sum_mismatch",
            "10.4",
            Some("Sluttsum"),
            Some("Mann / Antall"),
        ),
        (
            "sum_mismatch",
            "10.4",
            Some("Sluttsum"),
            Some("Sluttsum / Antall"),
        ),
        (
            "sum_mismatch",
            "10.7",
            Some("Sluttsum"),
            Some("Kvinne / Ansatte"),
        ),
        (
            "sum_mismatch",
            "10.7",
            Some("Sluttsum"),
            Some("Mann / Ansatte"),
        ),
        (
            "sum_mismatch",
            "10.7",
            Some("Sluttsum"),
            Some("Totalt / Ansatte"),
        ),
        ("sum_mismatch", "10.10", Some("Samlet"), Some("Antall svar")),
        (
            "share_sum",
            "10.11",
            Some("Mann"),
            Some("Fast / Andel + Midlertidig / Andel"),
        ),
    ]
}

fn keys(f: &[Diagnostic]) -> Vec<(&str, &str, Option<&str>, Option<&str>)> {
    f.iter()
        .map(|d| {
            (
                d.rule.as_str(),
                d.table_id.as_deref().unwrap_or(""),
                d.row_label.as_deref(),
                d.column_label.as_deref(),
            )
        })
        .collect()
}

#[test]
fn sample_pdf_and_xlsx_show_the_reports_own_inconsistencies() {
    let tables = pdf_tables();
    let pdf = check_tables(&tables, Some(2024));
    show("PDF", &pdf);
    assert_eq!(keys(&pdf), expected());
    let x = xlsx_tables();
    let xl = check_tables(&x, Some(2024));
    show("XLSX", &xl);
    assert_eq!(keys(&xl), expected());
    // Without a report year, the same (the year is inferred from the headers).
    assert_eq!(keys(&check_tables(&tables, None)), expected());

    // The statutory statements are checked, not skipped: a wrong subtotal in
    // 1.1 and a wrong grand total in 1.6 are found.
    let mut altered = tables.clone();
    for t in &mut altered {
        for r in &mut t.rows {
            let target = match (t.table_id.as_str(), r.label.as_str()) {
                ("1.1", "Brutto driftsresultat") => Some((1, "−330", -330.0)),
                ("1.6", "Sum eiendeler") => Some((0, "77 210", 77210.0)),
                _ => None,
            };
            if let Some((ci, text, v)) = target {
                r.cells[ci].text = text.into();
                r.cells[ci].value = Some(v);
            }
        }
    }
    let f = check_tables(&altered, Some(2024));
    let k = keys(&f);
    assert!(
        k.contains(&(
            "sum_mismatch",
            "1.1",
            Some("Brutto driftsresultat"),
            Some("Regnskap 2024")
        )),
        "{k:?}"
    );
    assert!(
        k.contains(&(
            "sum_mismatch",
            "1.6",
            Some("Sum eiendeler"),
            Some("Regnskap 2024")
        )),
        "{k:?}"
    );
}
