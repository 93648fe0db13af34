//! Units stated every way real reports state them, on both sides of a
//! reconciliation: a synthetic report PDF (typeset by `kommunetall-fixture`)
//! and its xlsx appendix (rust_xlsxwriter) print the same six tables, in
//! "Beløp i 1 000 kroner", "mill. kr", "Mrd. kroner", "NOK 1000" (in the
//! column header), "Beløp i hele kroner" and row-label units ("(mill. kr)",
//! "(%)", "(kr)"), while the appendix states them otherwise (whole kroner,
//! a note row above the table, a note below it, a percent number format).
//! Every fact's `amount_nok` is the right number of kroner on both sides and
//! the reconciliation finds no `pdf_excel_mismatch`.

use std::path::Path;

use kommunetall_fixture::{TruthRow, TruthTable, Variant, render};
use kommunetall_lexicon::Unit;
use rust_xlsxwriter::{Format, Workbook, XlsxError};

use crate::support::{duck, kommunetall, ok, path_str, query_rows, root, write_pipeline};

fn row(label: &str, class: &str, cells: &[&str]) -> TruthRow {
    TruthRow {
        label: label.to_owned(),
        class: class.to_owned(),
        cells: cells.iter().map(|c| (*c).to_owned()).collect(),
        values: cells
            .iter()
            .map(|c| kommunetall_lexicon::parse(c).value())
            .collect(),
    }
}

fn table(id: &str, caption: &str, header: &[&str], rows: Vec<TruthRow>) -> TruthTable {
    TruthTable {
        id: id.to_owned(),
        caption: Some(caption.to_owned()),
        header: vec![
            std::iter::once((String::new(), 1))
                .chain(header.iter().map(|h| ((*h).to_owned(), 1)))
                .collect(),
        ],
        rows,
        ..TruthTable::default()
    }
}

/// The report's tables as printed in the PDF.
fn report_tables() -> Vec<TruthTable> {
    let budget = ["Regnskap 2024", "Budsjett 2024"];
    vec![
        table(
            "1",
            "Tabell 1 Driftsinntekter 2024. Beløp i 1 000 kroner.",
            &budget,
            vec![
                row(
                    "Skatt på inntekt og formue",
                    "",
                    &["7 123 456", "7 000 000"],
                ),
                row("Rammetilskudd", "", &["5 253 400", "5 100 000"]),
                row("Sum driftsinntekter", "sum", &["12 376 856", "12 100 000"]),
            ],
        ),
        table(
            "2",
            "Tabell 2 Investeringer i bygg og anlegg 2024, mill. kr",
            &budget,
            vec![
                row("Skole", "", &["209,5", "235,0"]),
                row("Veg", "", &["33,1", "46,0"]),
                row("Sum investeringer", "sum", &["242,6", "281,0"]),
            ],
        ),
        table(
            "3",
            "Tabell 3 Balanse per 31.12. Mrd. kroner",
            &["31.12.2024", "31.12.2023"],
            vec![
                row("Anleggsmidler", "", &["77,3", "72,8"]),
                row("Omløpsmidler", "", &["9,4", "9,1"]),
                row("Sum eiendeler", "sum", &["86,7", "81,9"]),
            ],
        ),
        table(
            "4",
            "Tabell 4 Fond 2024",
            &["Regnskap (NOK 1000)", "Budsjett (NOK 1000)"],
            vec![
                row("Disposisjonsfond", "", &["798 123", "700 000"]),
                row("Bundne driftsfond", "", &["412 500", "400 000"]),
            ],
        ),
        table(
            "5",
            "Tabell 5 Tilskudd til frivillige 2024. Beløp i hele kroner",
            &budget,
            vec![
                row(
                    "Tilskudd til lag og foreninger",
                    "",
                    &["1 234 567", "1 200 000"],
                ),
                row("Kulturmidler", "", &["456 789", "450 000"]),
            ],
        ),
        table(
            "6",
            "Tabell 6 Finansielle nøkkeltall",
            &["Regnskap 2024", "Regnskap 2023"],
            vec![
                row("Netto lånegjeld (mill. kr)", "", &["15 234,5", "14 100,2"]),
                row(
                    "Netto lånegjeld i prosent av driftsinntektene (%)",
                    "",
                    &["74,6", "71,3"],
                ),
                row(
                    "Frie inntekter per innbygger (kr)",
                    "",
                    &["61 234", "58 900"],
                ),
            ],
        ),
    ]
}

/// One appendix sheet: rows of (label, values); `pre` and `post` are note rows
/// above the header and below the table.
struct Sheet<'a> {
    name: &'a str,
    caption: &'a str,
    pre: Option<&'a str>,
    header: [&'a str; 2],
    rows: &'a [(&'a str, [f64; 2])],
    post: Option<&'a str>,
    percent_row: Option<usize>,
}

/// The appendix: the same tables, numbers stored as numbers, units stated otherwise.
fn write_appendix(path: &Path) -> Result<(), XlsxError> {
    let budget = ["Regnskap 2024", "Budsjett 2024"];
    let sheets = [
        Sheet {
            name: "T1",
            caption: "Tabell 1 Driftsinntekter 2024. Tall i hele kroner",
            pre: None,
            header: budget,
            rows: &[
                (
                    "Skatt på inntekt og formue",
                    [7_123_456_123.0, 7_000_000_000.0],
                ),
                ("Rammetilskudd", [5_253_400_210.0, 5_100_000_000.0]),
                ("Sum driftsinntekter", [12_376_856_333.0, 12_100_000_000.0]),
            ],
            post: None,
            percent_row: None,
        },
        Sheet {
            name: "T2",
            caption: "Tabell 2 Investeringer i bygg og anlegg 2024",
            pre: Some("Beløp i 1 000 kr"),
            header: budget,
            rows: &[
                ("Skole", [209_512.0, 235_000.0]),
                ("Veg", [33_080.0, 46_000.0]),
                ("Sum investeringer", [242_592.0, 281_000.0]),
            ],
            post: None,
            percent_row: None,
        },
        Sheet {
            name: "T3",
            caption: "Tabell 3 Balanse per 31.12. Millioner kroner",
            pre: None,
            header: ["31.12.2024", "31.12.2023"],
            rows: &[
                ("Anleggsmidler", [77_312.4, 72_790.0]),
                ("Omløpsmidler", [9_391.6, 9_100.3]),
                ("Sum eiendeler", [86_704.0, 81_890.3]),
            ],
            post: None,
            percent_row: None,
        },
        Sheet {
            name: "T4",
            caption: "Tabell 4 Fond 2024",
            pre: None,
            header: ["Regnskap", "Budsjett"],
            rows: &[
                ("Disposisjonsfond", [798_123.0, 700_000.0]),
                ("Bundne driftsfond", [412_500.0, 400_000.0]),
            ],
            post: Some("Tall i NOK 1000"),
            percent_row: None,
        },
        Sheet {
            name: "T5",
            caption: "Tabell 5 Tilskudd til frivillige 2024. Beløp i hele kroner",
            pre: None,
            header: budget,
            rows: &[
                ("Tilskudd til lag og foreninger", [1_234_567.0, 1_200_000.0]),
                ("Kulturmidler", [456_789.0, 450_000.0]),
            ],
            post: None,
            percent_row: None,
        },
        Sheet {
            name: "T6",
            caption: "Tabell 6 Finansielle nøkkeltall",
            pre: None,
            header: ["Regnskap 2024", "Regnskap 2023"],
            rows: &[
                ("Netto lånegjeld (mill. kr)", [15_234.46, 14_100.2]),
                (
                    "Netto lånegjeld i prosent av driftsinntektene (%)",
                    [0.746, 0.713],
                ),
                ("Frie inntekter per innbygger (kr)", [61_234.0, 58_900.0]),
            ],
            post: None,
            percent_row: Some(1),
        },
    ];
    let mut wb = Workbook::new();
    let pct = Format::new().set_num_format("0.0%");
    for s in &sheets {
        let ws = wb.add_worksheet();
        ws.set_name(s.name)?;
        ws.write_string(0, 0, s.caption)?;
        let mut r = 2;
        if let Some(p) = s.pre {
            ws.write_string(r, 0, p)?;
            r += 1;
        }
        ws.write_string(r, 1, s.header[0])?;
        ws.write_string(r, 2, s.header[1])?;
        for (i, (label, values)) in s.rows.iter().enumerate() {
            r += 1;
            ws.write_string(r, 0, *label)?;
            for (c, v) in (1u16..).zip(values) {
                if s.percent_row == Some(i) {
                    ws.write_number_with_format(r, c, *v, &pct)?;
                } else {
                    ws.write_number(r, c, *v)?;
                }
            }
        }
        if let Some(p) = s.post {
            ws.write_string(r + 2, 0, p)?;
        }
    }
    wb.save(path)
}

/// Table, row label, column, the PDF's amount in kroner, the appendix's.
type Amounts<'a> = (&'a str, &'a str, &'a str, Option<f64>, Option<f64>);

/// (kind, table, row label, col) → (amount_nok, unit) of every fact with a number.
fn amounts(wh: &Path) -> Vec<Vec<String>> {
    let facts = [
        ("fact_statement_line", "line_label"),
        ("fact_service_area", "row_label"),
        ("fact_investment_area", "area_label"),
        ("fact_report_series", "series_label"),
    ];
    let union = facts
        .iter()
        .map(|(t, label)| {
            format!(
                "SELECT document_id, table_id, {label} AS label, col_index, amount_nok, unit FROM {t}"
            )
        })
        .collect::<Vec<_>>()
        .join(" UNION ALL ");
    query_rows(
        &duck(wh),
        &format!(
            "SELECT d.kind, f.table_id, f.label, f.col_index, f.amount_nok, f.unit \
             FROM ({union}) f JOIN document d USING (document_id) \
             ORDER BY d.kind, f.table_id, f.label, f.col_index"
        ),
    )
}

#[test]
fn every_unit_phrasing_gives_the_right_kroner_on_both_sides() {
    let dir = tempfile::tempdir().expect("tmp");
    let pdf = dir.path().join("arsberetning-2024.pdf");
    let xlsx = dir.path().join("arsberetning-2024-tabeller.xlsx");
    // The fixture's stock notes ("Kilde: … KOSTRA …") would make table 4 a KOSTRA table.
    let mut variant = Variant::base("units");
    variant.notes = false;
    std::fs::write(&pdf, render(&report_tables(), &variant).pdf).expect("pdf");
    write_appendix(&xlsx).expect("xlsx");
    let pipeline = dir.path().join("units.toml");
    write_pipeline(&pipeline, "units", &[(&pdf, 2024), (&xlsx, 2024)]);
    ok(&kommunetall(
        &["run", path_str(&pipeline), "--strict"],
        Some("1700000000"),
    ));
    let wh = dir.path().join("wh");

    // The units as read, per table and for the cells whose row or column states its own.
    let conn = duck(&wh);
    let units = query_rows(
        &conn,
        "SELECT d.kind, t.table_id, coalesce(t.unit, '-') FROM report_table t \
         JOIN document d USING (document_id) ORDER BY t.table_id, d.kind",
    );
    let want: Vec<Vec<String>> = [
        ("1", "pdf", "tusen kroner"),
        ("1", "xlsx", "kroner"),
        ("2", "pdf", "millioner kroner"),
        ("2", "xlsx", "tusen kroner"),
        ("3", "pdf", "milliarder kroner"),
        ("3", "xlsx", "millioner kroner"),
        ("4", "pdf", "-"),
        ("4", "xlsx", "tusen kroner"),
        ("5", "pdf", "kroner"),
        ("5", "xlsx", "kroner"),
        ("6", "pdf", "-"),
        ("6", "xlsx", "-"),
    ]
    .iter()
    .map(|(t, k, u)| vec![(*k).to_owned(), (*t).to_owned(), (*u).to_owned()])
    .collect();
    assert_eq!(units, want);
    let cell_units = query_rows(
        &conn,
        "SELECT d.kind, c.table_id, c.row_index, c.col_index, c.unit FROM report_cell c \
         JOIN document d USING (document_id) \
         WHERE c.table_id IN ('4', '6') AND c.col_index = 1 ORDER BY c.table_id, c.row_index, d.kind",
    );
    let cu = |k: &str, t: &str, r: &str, u: &str| {
        vec![
            k.to_owned(),
            t.to_owned(),
            r.to_owned(),
            "1".to_owned(),
            u.to_owned(),
        ]
    };
    assert_eq!(
        cell_units,
        vec![
            cu("pdf", "4", "0", "tusen kroner"),
            cu("xlsx", "4", "0", "tusen kroner"),
            cu("pdf", "4", "1", "tusen kroner"),
            cu("xlsx", "4", "1", "tusen kroner"),
            cu("pdf", "6", "0", "millioner kroner"),
            cu("xlsx", "6", "0", "millioner kroner"),
            cu("pdf", "6", "1", "prosent"),
            cu("xlsx", "6", "1", "prosent"),
            cu("pdf", "6", "2", "kroner"),
            cu("xlsx", "6", "2", "kroner"),
        ]
    );

    // amount_nok of one figure per table on both sides: the printed value times the factor.
    let got = amounts(&wh);
    let find = |kind: &str, table: &str, label: &str, col: &str| -> (Option<f64>, String) {
        let r = got
            .iter()
            .find(|r| r[0] == kind && r[1] == table && r[2] == label && r[3] == col)
            .unwrap_or_else(|| panic!("no fact {kind} {table} {label} {col} in {got:?}"));
        (r[4].parse().ok(), r[5].clone())
    };
    let cases: &[Amounts] = &[
        (
            "1",
            "Rammetilskudd",
            "1",
            Some(5_253_400_000.0),
            Some(5_253_400_210.0),
        ),
        ("2", "Skole", "1", Some(209_500_000.0), Some(209_512_000.0)),
        (
            "3",
            "Anleggsmidler",
            "1",
            Some(77_300_000_000.0),
            Some(77_312_400_000.0),
        ),
        (
            "4",
            "Disposisjonsfond",
            "1",
            Some(798_123_000.0),
            Some(798_123_000.0),
        ),
        (
            "5",
            "Tilskudd til lag og foreninger",
            "1",
            Some(1_234_567.0),
            Some(1_234_567.0),
        ),
        (
            "6",
            "Netto lånegjeld (mill. kr)",
            "1",
            Some(15_234_500_000.0),
            Some(15_234_460_000.0),
        ),
        (
            "6",
            "Netto lånegjeld i prosent av driftsinntektene (%)",
            "1",
            None,
            None,
        ),
        (
            "6",
            "Frie inntekter per innbygger (kr)",
            "1",
            Some(61_234.0),
            Some(61_234.0),
        ),
    ];
    for &(table, label, col, pdf_nok, xlsx_nok) in cases {
        for (kind, want) in [("pdf", pdf_nok), ("xlsx", xlsx_nok)] {
            let (nok, unit) = find(kind, table, label, col);
            match (nok, want) {
                (Some(a), Some(b)) => assert!(
                    (a - b).abs() <= 1e-6 * b.abs(),
                    "{kind} {table} {label}: amount_nok {a} ({unit}), want {b}"
                ),
                (a, b) => assert_eq!(a, b, "{kind} {table} {label} ({unit})"),
            }
        }
    }

    // The reconciliation paired every table's cells and found no mismatch.
    let mism = query_rows(
        &conn,
        "SELECT table_id, row_label, column_label, expected, actual FROM quality_finding \
         WHERE rule = 'pdf_excel_mismatch'",
    );
    assert!(mism.is_empty(), "{mism:?}");
    let paired = query_rows(
        &conn,
        "SELECT table_id, count(*), max(abs(difference_base) / greatest(abs(pdf_value_base), 1)) \
         FROM v_pdf_vs_excel GROUP BY table_id ORDER BY table_id",
    );
    assert_eq!(
        paired.iter().map(|r| r[0].as_str()).collect::<Vec<_>>(),
        ["1", "2", "3", "4", "5", "6"],
        "{paired:?}"
    );
    for r in &paired {
        let n: usize = r[1].parse().expect("count");
        assert!(n >= 4, "table {} paired {n} cells", r[0]);
        let rel: f64 = r[2].parse().expect("relative difference");
        assert!(rel < 0.001, "table {}: relative difference {rel}", r[0]);
    }
}

/// `v_pdf_vs_excel` scales amounts in SQL; its CASE must be the lexicon's
/// factors (every scaled unit by name, everything else × 1, as `reconcile`).
#[test]
fn the_pdf_vs_excel_view_scales_as_the_lexicon_does() {
    let sql = std::fs::read_to_string(root().join("schemas/views/v_pdf_vs_excel.sql"))
        .expect("view file");
    let sql: String = sql.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(sql.contains("ELSE 1 END"), "{sql}");
    for u in Unit::ALL {
        let named = sql.contains(&format!("WHEN '{}' THEN", u.as_str()));
        match u.nok_factor() {
            Some(f) if f != 1.0 => {
                let when = format!("WHEN '{}' THEN 1e{}", u.as_str(), f.log10().round());
                assert!(sql.contains(&when), "{when} missing from the view");
            }
            _ => assert!(!named, "{u} has factor 1 or none, yet the view names it"),
        }
    }
}
