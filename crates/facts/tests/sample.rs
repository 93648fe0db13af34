//! Facts from the real Trondheim 2024 annual report.

#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

use std::collections::BTreeMap;
use std::sync::OnceLock;

use kommunetall_facts::{Facts, Mappings, TableKind, extract_facts, group};
use kommunetall_model::Table;

fn tables() -> &'static [Table] {
    static TABLES: OnceLock<Vec<Table>> = OnceLock::new();
    TABLES.get_or_init(|| {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../raw/trondheim/2024/arsberetning-2024.pdf"
        );
        let bytes = std::fs::read(path).unwrap();
        let doc = kommunetall_pdf::Document::open(&bytes).unwrap();
        let pages: Vec<_> = (1..=doc.page_count())
            .map(|n| doc.page(n).unwrap())
            .collect();
        kommunetall_grid::extract(&pages).tables
    })
}

fn facts() -> &'static Facts {
    static FACTS: OnceLock<Facts> = OnceLock::new();
    FACTS.get_or_init(|| extract_facts(tables(), 2024, &Mappings::embedded().unwrap()))
}

/// The `unmapped_label` findings.
fn unmapped(f: &Facts) -> impl Iterator<Item = &kommunetall_model::Diagnostic> {
    f.diagnostics.iter().filter(|d| d.rule == "unmapped_label")
}

fn table_of(kind: impl Fn(&TableKind) -> bool) -> Vec<String> {
    facts()
        .tables
        .iter()
        .filter(|t| kind(&t.kind))
        .map(|t| t.table_id.clone())
        .collect()
}

#[test]
fn drift_statement_found_by_content() {
    let f = facts();
    let drift: Vec<_> = f
        .statement_lines
        .iter()
        .filter(|l| l.statement == "drift")
        .collect();
    assert!(!drift.is_empty());
    let ramme: Vec<_> = drift
        .iter()
        .filter(|l| {
            l.line_key.as_deref() == Some("rammetilskudd")
                && l.measured.measure == "regnskap"
                && l.measured.period_year == 2024
        })
        .collect();
    assert_eq!(ramme.len(), 1, "{ramme:?}");
    assert_eq!(ramme[0].measured.amount_nok, Some(-5_253_000_000.0));
    assert_eq!(ramme[0].line_label, "Rammetilskudd");
    assert_eq!(ramme[0].section_path, "Driftsinntekter / Rammetilskudd");
    // all five measures of the line, with the years of their headers
    let mut ms: Vec<(String, i32)> = drift
        .iter()
        .filter(|l| l.line_key.as_deref() == Some("rammetilskudd"))
        .map(|l| (l.measured.measure.clone(), l.measured.period_year))
        .collect();
    ms.sort();
    assert_eq!(
        ms,
        vec![
            ("avvik".into(), 2024),
            ("opprinnelig_budsjett".into(), 2024),
            ("regnskap".into(), 2023),
            ("regnskap".into(), 2024),
            ("revidert_budsjett".into(), 2024)
        ]
    );
    let nd = drift
        .iter()
        .find(|l| {
            l.line_key.as_deref() == Some("netto_driftsresultat")
                && l.measured.measure == "regnskap"
                && l.measured.period_year == 2024
        })
        .unwrap();
    assert!(nd.is_total);
    assert_eq!(nd.measured.amount_nok, Some(-658e6));
}

#[test]
fn drift_found_without_table_number_or_caption() {
    // Same content, another number and no caption: still the drift statement.
    let mut t = tables()
        .iter()
        .find(|t| {
            t.caption
                .as_deref()
                .is_some_and(|c| c.contains("etter art"))
        })
        .unwrap()
        .clone();
    t.table_id = "p99-t1".into();
    t.caption = None;
    let m = Mappings::embedded().unwrap();
    assert_eq!(
        kommunetall_facts::classify(&t, &m),
        TableKind::Statement {
            statement: "drift".into()
        }
    );
}

#[test]
fn investering_lines_1_to_27() {
    let f = facts();
    let inv: Vec<_> = f
        .statement_lines
        .iter()
        .filter(|l| l.statement == "investering")
        .collect();
    let mut nos: Vec<i32> = inv.iter().filter_map(|l| l.line_no).collect();
    nos.sort_unstable();
    nos.dedup();
    assert_eq!(nos, (1..=27).collect::<Vec<_>>());
    let l14 = inv
        .iter()
        .find(|l| l.line_no == Some(14) && l.measured.measure == "regnskap")
        .unwrap();
    assert_eq!(l14.line_key.as_deref(), Some("sum_investeringsinntekter"));
    assert_eq!(l14.line_label, "14. Sum investeringsinntekter");
    assert!((l14.measured.amount_nok.unwrap() - -2_711_500_000.0).abs() < 1.0);
    assert!(inv.iter().all(|l| l.line_key.is_some()));
}

#[test]
fn balance_sheet_paths() {
    let f = facts();
    let path_of = |key: &str| {
        f.statement_lines
            .iter()
            .find(|l| l.line_key.as_deref() == Some(key))
            .map(|l| (l.statement.clone(), l.section_path.clone()))
            .unwrap()
    };
    assert_eq!(
        path_of("bankinnskudd_og_kontanter"),
        (
            "balanse_eiendeler".into(),
            "Eiendeler / Omløpsmidler / Bankinnskudd og kontanter".into()
        )
    );
    assert_eq!(
        path_of("faste_eiendommer_og_anlegg").1,
        "Eiendeler / Anleggsmidler / Varige driftsmidler / Faste eiendommer og anlegg"
    );
    assert_eq!(
        path_of("utlan").1,
        "Eiendeler / Anleggsmidler / Finansielle anleggsmidler / Utlån"
    );
    assert_eq!(
        path_of("kundefordringer").1,
        "Eiendeler / Omløpsmidler / Kortsiktige fordringer / Kundefordringer"
    );
    assert_eq!(
        path_of("sum_anleggsmidler").1,
        "Eiendeler / Anleggsmidler / Sum anleggsmidler"
    );
    assert_eq!(
        path_of("obligasjonslan"),
        (
            "balanse_egenkapital_gjeld".into(),
            "Egenkapital og gjeld / Gjeld / Langsiktig gjeld / Obligasjonslån".into()
        )
    );
    assert_eq!(
        path_of("disposisjonsfond").1,
        "Egenkapital og gjeld / Egenkapital / Egenkapital drift / Disposisjonsfond"
    );
    // both years of the balance sheet
    let years: Vec<i32> = f
        .statement_lines
        .iter()
        .filter(|l| l.line_key.as_deref() == Some("sum_eiendeler"))
        .map(|l| l.measured.period_year)
        .collect();
    assert_eq!(years, vec![2024, 2023]);
    // a sign-less "-2 982" is parsed the same as "−2 982"
    let df23 = f
        .statement_lines
        .iter()
        .find(|l| {
            l.line_key.as_deref() == Some("disposisjonsfond") && l.measured.period_year == 2023
        })
        .unwrap();
    assert_eq!(df23.measured.amount_nok, Some(-2_982e6));
}

#[test]
fn service_areas_from_overview_and_area_tables() {
    let f = facts();
    let ov: Vec<_> = f
        .service_areas
        .iter()
        .filter(|s| s.source == "overview")
        .collect();
    assert_eq!(
        ov.iter()
            .filter(|s| s.measured.measure == "regnskap")
            .count(),
        20
    );
    assert!(ov.iter().all(|s| s.area_key.is_some()));
    let bhg = ov
        .iter()
        .find(|s| {
            s.area_key.as_deref() == Some("barnehage")
                && s.measured.measure == "opprinnelig_budsjett"
        })
        .unwrap();
    assert_eq!(bhg.measured.amount_nok, Some(2053e6));
    assert_eq!(bhg.measured.period_year, 2024);
    let at: Vec<_> = f
        .service_areas
        .iter()
        .filter(|s| s.source == "area_table")
        .collect();
    let b = at
        .iter()
        .find(|s| s.area_key.as_deref() == Some("barnehage") && s.measured.measure == "regnskap")
        .unwrap();
    assert!((b.measured.amount_nok.unwrap() - 2_067_200_000.0).abs() < 1.0);
    assert_eq!(b.measured.unit.as_deref(), Some("millioner kroner"));
    assert_eq!(b.measured.period_year, 2024);
    let mut keys: Vec<&str> = at.iter().filter_map(|s| s.area_key.as_deref()).collect();
    keys.sort_unstable();
    keys.dedup();
    for k in [
        "barnehage",
        "skole",
        "helse_og_omsorg",
        "arbeid_og_velferd",
        "eiendomstjenester",
        "byradsavdelinger",
    ] {
        assert!(keys.contains(&k), "{k} missing from {keys:?}");
    }
    // 2 067,2 in the area table vs 2067 in the overview: same area and year from two sources
    assert!(
        f.diagnostics
            .iter()
            .any(|x| x.rule == "duplicate_area_table")
    );
}

#[test]
fn investment_areas() {
    let f = facts();
    let v = f
        .investment_areas
        .iter()
        .find(|i| i.area_key.as_deref() == Some("miljopakken") && i.measured.measure == "regnskap")
        .unwrap();
    assert_eq!(v.measured.amount_nok, Some(360e6));
    assert!(f.investment_areas.iter().any(|i| i.is_total));
    assert!(f.investment_areas.iter().all(|i| i.area_key.is_some()));
}

#[test]
fn kostra_indicators_with_region_codes() {
    let f = facts();
    let k: Vec<_> = f
        .kostra_indicators
        .iter()
        .filter(|k| k.indicator_key.as_deref() == Some("barnehage_dekningsgrad_1_2"))
        .collect();
    let codes: Vec<(Option<&str>, i32)> = k
        .iter()
        .map(|k| (k.region_code.as_deref(), k.period_year))
        .collect();
    assert_eq!(
        codes,
        vec![
            (Some("5001"), 2023),
            (Some("5001"), 2024),
            (Some("0301"), 2024),
            (Some("4601"), 2024),
            (Some("1103"), 2024),
            (Some("ASSS"), 2024)
        ]
    );
    assert!(
        k.iter()
            .all(|k| k.preliminary && k.unit.as_deref() == Some("prosent"))
    );
    assert_eq!(k[0].value, 93.8);
    // the "2024" over the label column gives the year of region-only columns
    let nd = f
        .kostra_indicators
        .iter()
        .find(|k| {
            k.indicator_key.as_deref() == Some("netto_driftsresultat_andel")
                && k.region_code.as_deref() == Some("ASSS")
        })
        .unwrap();
    assert_eq!(nd.period_year, 2024);
    // every column of every KOSTRA table with a region label has a code
    let unknown: Vec<_> = f
        .kostra_indicators
        .iter()
        .filter(|k| k.region_label.is_some() && k.region_code.is_none())
        .collect();
    assert!(unknown.is_empty(), "{unknown:?}");
    // year-only columns (saksbehandlingstid 2018–2024) are the municipality itself
    assert!(
        f.kostra_indicators
            .iter()
            .any(|k| k.region_label.is_none() && k.period_year == 2018)
    );
}

#[test]
fn every_numeric_cell_exactly_once() {
    let f = facts();
    let mut cells: Vec<(String, i32, i32)> = Vec::new();
    for t in tables() {
        for (ri, r) in t.rows.iter().enumerate() {
            for (ci, c) in r.cells.iter().enumerate() {
                if c.value.is_some() {
                    cells.push((
                        t.table_id.clone(),
                        i32::try_from(ri).unwrap(),
                        i32::try_from(ci + 1).unwrap(),
                    ));
                }
            }
        }
    }
    let mut out: Vec<(String, i32, i32)> = f
        .lineage()
        .map(|l| (l.table_id.clone(), l.row_index, l.col_index))
        .collect();
    assert_eq!(out.len(), cells.len(), "facts vs numeric cells");
    cells.sort();
    out.sort();
    assert_eq!(cells, out);
    let counts: BTreeMap<&str, usize> = [
        ("statement", f.statement_lines.len()),
        ("service", f.service_areas.len()),
        ("investment", f.investment_areas.len()),
        ("kostra", f.kostra_indicators.len()),
        ("series", f.report_series.len()),
    ]
    .into_iter()
    .collect();
    println!("{counts:?} total {}", f.len());
}

#[test]
fn series_keep_dimensions_and_years() {
    let f = facts();
    let g = f
        .report_series
        .iter()
        .find(|s| s.series_label == "Idrett" && s.measured.period_year == Some(2021))
        .unwrap();
    assert_eq!(
        g.dimension_1.as_deref(),
        Some("Garantiansvar per 31.12, mill kr")
    );
    assert_eq!(g.measured.unit.as_deref(), Some("millioner kroner"));
    let k = f
        .report_series
        .iter()
        .find(|s| s.series_label == "Kvinne" && s.measured.column_label == "Fast / Deltid")
        .unwrap();
    assert_eq!(
        (k.dimension_1.as_deref(), k.dimension_2.as_deref()),
        (Some("Fast"), Some("Deltid"))
    );
    assert!(
        f.report_series
            .iter()
            .any(|s| s.series_label.starts_with("1 — Antall bosatte flyktninger"))
    );
}

#[test]
fn renamed_label_is_unmapped_but_kept_then_mapped() {
    let mut t = tables()
        .iter()
        .find(|t| {
            t.caption
                .as_deref()
                .is_some_and(|c| c.contains("etter art"))
        })
        .unwrap()
        .clone();
    let ri = t
        .rows
        .iter()
        .position(|r| r.label == "Rammetilskudd")
        .unwrap();
    t.rows[ri].label = "Rammetilskudd fra staten".into();
    t.table_id = "9.9.9".into();
    let mut m = Mappings::embedded().unwrap();
    let f = extract_facts(std::slice::from_ref(&t), 2025, &m);
    let kept: Vec<_> = f
        .statement_lines
        .iter()
        .filter(|l| l.line_label == "Rammetilskudd fra staten")
        .collect();
    assert_eq!(kept.len(), 5);
    assert!(kept.iter().all(|l| l.line_key.is_none()));
    assert!(unmapped(&f).any(|u| u.table_id.as_deref() == Some("9.9.9")
        && u.row_label.as_deref() == Some("Rammetilskudd fra staten")
        && u.message.contains(&format!("the {} mapping", group::DRIFT))));
    // the one-line edit: the new wording as a variant of the key
    m.merge_toml(
        "override",
        "[drift.labels]\nrammetilskudd = [\"Rammetilskudd fra staten\"]\n",
    )
    .unwrap();
    let f = extract_facts(std::slice::from_ref(&t), 2025, &m);
    assert_eq!(unmapped(&f).count(), 0, "{:?}", f.diagnostics);
    let l = f
        .statement_lines
        .iter()
        .find(|l| {
            l.line_key.as_deref() == Some("rammetilskudd")
                && l.measured.measure == "regnskap"
                && l.measured.period_year == 2024
        })
        .unwrap();
    assert_eq!(l.measured.amount_nok, Some(-5_253e6));
    assert_eq!(l.lineage.report_year, 2025);
}

#[test]
fn sample_statement_and_area_labels_all_mapped() {
    let f = facts();
    let indicator = format!("the {} mapping", group::INDICATOR);
    let bad: Vec<_> = unmapped(f)
        .filter(|u| !u.message.contains(&indicator))
        .collect();
    assert!(bad.is_empty(), "{bad:?}");
    let stmts = table_of(|k| matches!(k, TableKind::Statement { .. }));
    assert_eq!(stmts.len(), 4, "{stmts:?}");
}

/// The column declarations of a schema file (the format of schemas/report_cell.toml).
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Schema {
    name: String,
    description: String,
    #[serde(default)]
    partition_by: Vec<String>,
    columns: Vec<Column>,
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Column {
    name: String,
    #[serde(rename = "type")]
    ty: String,
    nullable: bool,
    description: String,
}

fn schema(name: &str) -> Schema {
    let path = format!("{}/../../schemas/{name}.toml", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap();
    let s: Schema = toml::from_str(&text).unwrap();
    assert_eq!(s.name, name);
    assert!(!s.description.is_empty());
    for c in &s.columns {
        assert!(
            [
                "utf8",
                "int32",
                "int64",
                "float64",
                "bool",
                "timestamp_us_utc"
            ]
            .contains(&c.ty.as_str()),
            "{name}.{}: {}",
            c.name,
            c.ty
        );
        assert!(!c.description.is_empty(), "{name}.{}", c.name);
    }
    s
}

fn fields_match(name: &str, fact: &impl serde::Serialize) {
    let s = schema(name);
    assert_eq!(
        s.partition_by,
        ["municipality_code", "report_year"],
        "{name}"
    );
    assert_eq!(
        s.columns.first().map(|c| c.name.as_str()),
        Some("document_id"),
        "{name}"
    );
    assert_eq!(
        s.columns.last().map(|c| c.name.as_str()),
        Some("report_year"),
        "{name}"
    );
    let v = serde_json::to_value(fact).unwrap();
    let obj = v.as_object().unwrap();
    // document_id and municipality_code are the run's (the document's), not the fact's.
    let cols: Vec<&str> = s
        .columns
        .iter()
        .map(|c| c.name.as_str())
        .filter(|c| !["document_id", "municipality_code"].contains(c))
        .collect();
    let fields: Vec<&str> = obj.keys().map(String::as_str).collect();
    for f in &fields {
        assert!(cols.contains(f), "{name}: field {f} has no column");
    }
    for c in &cols {
        assert!(fields.contains(c), "{name}: column {c} has no field");
    }
    // a None field must be a nullable column
    for (k, val) in obj {
        if val.is_null() {
            let col = s.columns.iter().find(|c| &c.name == k).unwrap();
            assert!(col.nullable, "{name}.{k} is null but not nullable");
        }
    }
}

#[test]
fn schemas_parse_and_match_fact_structs() {
    let f = facts();
    fields_match("fact_statement_line", &f.statement_lines[0]);
    fields_match("fact_service_area", &f.service_areas[0]);
    fields_match("fact_investment_area", &f.investment_areas[0]);
    fields_match("fact_kostra_indicator", &f.kostra_indicators[0]);
    fields_match("fact_report_series", &f.report_series[0]);
    // nullable columns really are Option: check on facts that have Nones
    if let Some(k) = f
        .kostra_indicators
        .iter()
        .find(|k| k.region_label.is_none() && k.indicator_key.is_none())
    {
        fields_match("fact_kostra_indicator", k);
    }
    if let Some(s) = f
        .report_series
        .iter()
        .find(|s| s.measured.period_year.is_none() && s.measured.unit.is_none())
    {
        fields_match("fact_report_series", s);
    }
    let m = schema("dim_municipality");
    let names: Vec<&str> = m.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        ["code", "name", "valid_from", "valid_to", "replaced_by"]
    );
    let p = schema("dim_period");
    assert_eq!(p.columns[0].name, "period_year");
    // the seed matches the columns
    let csv = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../schemas/municipalities.csv"
    ))
    .unwrap();
    assert_eq!(
        csv.lines().next().unwrap().split(',').collect::<Vec<_>>(),
        names
    );
}

#[test]
fn views_start_with_a_comment_and_name_themselves() {
    for v in [
        "v_statement_across_years",
        "v_service_area_deviation",
        "v_restatement",
    ] {
        let path = format!("{}/../../schemas/views/{v}.sql", env!("CARGO_MANIFEST_DIR"));
        let sql = std::fs::read_to_string(&path).unwrap();
        assert!(sql.starts_with(&format!("-- {v}:")), "{v}");
    }
}

#[test]
fn embedded_mappings_parse_without_conflicts() {
    let m = Mappings::embedded().unwrap();
    assert!(m.conflicts().is_empty(), "{:?}", m.conflicts());
    for g in group::STATEMENTS {
        assert!(
            m.group(g)
                .is_some_and(|g| !g.labels.is_empty() && !g.caption.is_empty()),
            "{g}"
        );
    }
    assert_eq!(m.lookup(group::REGION, "ASSS- gjennomsnitt"), Some("ASSS"));
    assert_eq!(m.lookup(group::REGION, "Trondheim"), Some("5001"));
    assert!(
        Mappings::default()
            .merge_toml("bad", "[drift.labels]\nx = 3\n")
            .is_err()
    );
}
