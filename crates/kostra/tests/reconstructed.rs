//! The reconstructed store `raw/kostra` read back like an offline run, its
//! values compared with the report's ground truth
//! (`tests/golden/arsberetning-2024.truth.json`), and the ASSS average of
//! those rows compared with the report's printed "ASSS gjennomsnitt".

#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

use std::collections::BTreeMap;
use std::path::PathBuf;

use kommunetall_facts::{Mappings, group};
use kommunetall_kostra::{
    Indicator, REPORT_REGIONS, SsbMapping, SsbRow, TableQuery, asss_average_rows, load_offline,
    parse_queries_toml,
};
use serde_json::Value;

fn project(path: &str) -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../..")).join(path)
}

fn queries() -> Vec<TableQuery> {
    let text = std::fs::read_to_string(project("pipelines/kostra.toml")).unwrap();
    parse_queries_toml(&text).unwrap()
}

fn rows() -> Vec<SsbRow> {
    load_offline(&project("raw/kostra"), &queries()).unwrap()
}

/// One value cell of a golden table: its region code (None = the report's
/// own municipality, a table without region columns), year and value.
#[derive(Debug, Clone, PartialEq)]
struct GoldenCell {
    table: String,
    key: String,
    region: Option<String>,
    region_label: String,
    year: Option<i32>,
    value: f64,
}

fn four_digit_years(text: &str) -> Vec<i32> {
    text.split(|c: char| !c.is_ascii_digit())
        .filter(|t| t.len() == 4)
        .filter_map(|t| t.parse().ok())
        .filter(|y| (1990..=2100).contains(y))
        .collect()
}

fn strip_years(text: &str) -> String {
    let words: Vec<&str> = text
        .split_whitespace()
        .filter(|w| four_digit_years(w).is_empty() || w.chars().any(char::is_alphabetic))
        .collect();
    words
        .join(" ")
        .trim_matches(|c: char| c.is_whitespace() || matches!(c, ',' | '.' | '-' | '–' | ':'))
        .to_owned()
}

/// Every cell of every golden table whose row label maps to a KOSTRA
/// indicator key.
fn golden_cells() -> Vec<GoldenCell> {
    let m = Mappings::embedded().unwrap();
    let text =
        std::fs::read_to_string(project("tests/golden/arsberetning-2024.truth.json")).unwrap();
    let tables: Vec<Value> = serde_json::from_str(&text).unwrap();
    let mut out = Vec::new();
    for t in &tables {
        let id = t["id"].as_str().unwrap().to_owned();
        // Column texts: header rows joined per grid column (spans expanded).
        let mut cols: BTreeMap<usize, String> = BTreeMap::new();
        for hrow in t["header"].as_array().unwrap() {
            let mut c = 0usize;
            for cell in hrow.as_array().unwrap() {
                let txt = cell[0].as_str().unwrap();
                let span = usize::try_from(cell[1].as_u64().unwrap()).unwrap();
                for k in c..c + span {
                    let e = cols.entry(k).or_default();
                    if !txt.is_empty() {
                        e.push(' ');
                        e.push_str(txt);
                    }
                }
                c += span;
            }
        }
        let all_years: Vec<i32> = {
            let mut ys: Vec<i32> = cols.values().flat_map(|s| four_digit_years(s)).collect();
            ys.sort_unstable();
            ys.dedup();
            ys
        };
        for row in t["rows"].as_array().unwrap() {
            let label = row["label"].as_str().unwrap();
            let Some(key) = m.lookup(group::INDICATOR, label) else {
                continue;
            };
            for (j, v) in row["values"].as_array().unwrap().iter().enumerate() {
                let Some(value) = v.as_f64() else { continue };
                let col = cols.get(&(j + 1)).cloned().unwrap_or_default();
                let years = four_digit_years(&col);
                let year = match years.as_slice() {
                    [y] => Some(*y),
                    [] if all_years.len() == 1 => Some(all_years[0]),
                    _ => None,
                };
                let region_label = strip_years(&col);
                let region = m.lookup(group::REGION, &region_label).map(str::to_owned);
                out.push(GoldenCell {
                    table: id.clone(),
                    key: key.to_owned(),
                    region,
                    region_label,
                    year,
                    value,
                });
            }
        }
    }
    out
}

#[test]
fn offline_load_returns_reconstructed_rows() {
    let rows = rows();
    let mapping = SsbMapping::embedded().unwrap();
    assert!(!rows.is_empty());
    let printed: Vec<&SsbRow> = rows.iter().filter(|r| r.value.is_some()).collect();
    assert_eq!(printed.len(), 254, "printed figures reconstructed");
    for r in &rows {
        assert!(r.reconstructed, "{r:?}");
        assert_eq!(r.updated.as_deref(), Some("2025-03-15T00:00:00Z"));
        assert!(r.fetched_at.is_some());
        assert!(r.status.is_none(), "reconstructed cells carry no status");
        assert!(
            r.source_file.starts_with(&format!("{}/", r.table_id)),
            "{}",
            r.source_file
        );
        assert!((2015..=2024).contains(&r.year));
        assert!(
            REPORT_REGIONS.contains(&r.region_code.as_str()),
            "only the report's municipalities: {}",
            r.region_code
        );
        // every cell belongs to a mapped statistic, with the mapping's unit
        let key = r.indicator_key.as_deref();
        if r.value.is_some() {
            let entry = mapping.get(key.unwrap()).unwrap();
            assert_eq!(r.unit, entry.unit, "{key:?}");
            assert!(entry.matches(&r.table_id, &r.contents_code, r.dims.as_deref()));
        }
    }
    let names: BTreeMap<&str, &str> = rows
        .iter()
        .filter_map(|r| Some((r.region_code.as_str(), r.region_name.as_deref()?)))
        .collect();
    assert_eq!(names.get("5001"), Some(&"Trondheim"));
    assert_eq!(names.get("0301"), Some(&"Oslo"));
    let folkebibliotek = rows
        .iter()
        .find(|r| {
            r.indicator_key.as_deref() == Some("kultur_folkebibliotek_per_innbygger")
                && r.region_code == "5001"
                && r.year == 2024
        })
        .unwrap();
    assert_eq!(
        folkebibliotek.dims.as_deref(),
        Some("KOKart0000=AGD2;KOKfunksjon0000=370")
    );
}

#[test]
fn reconstructed_values_equal_the_printed_figures() {
    let rows = rows();
    let golden = golden_cells();
    let own = REPORT_REGIONS[0];
    let region_of = |g: &GoldenCell| {
        g.region.clone().or_else(|| {
            // a table without region columns is Trondheim's own series
            g.region_label.is_empty().then(|| own.to_owned())
        })
    };
    // Every reconstructed value is printed, at that region and year, in the
    // golden tables, with the same value.
    for r in rows.iter().filter(|r| r.value.is_some()) {
        let key = r.indicator_key.as_deref().unwrap();
        let matches: Vec<&GoldenCell> = golden
            .iter()
            .filter(|g| {
                g.key == key
                    && region_of(g).as_deref() == Some(r.region_code.as_str())
                    && g.year == Some(r.year)
            })
            .collect();
        assert!(
            !matches.is_empty(),
            "{key} {} {} not printed",
            r.region_code,
            r.year
        );
        for g in matches {
            assert_eq!(
                Some(g.value),
                r.value,
                "{key} {} {} (golden table {})",
                r.region_code,
                r.year,
                g.table
            );
        }
    }
    // And every printed figure of a statistic the mapping fetches, for a
    // municipality and year the queries select, was reconstructed.
    let mapping = SsbMapping::embedded().unwrap();
    let mut expected = 0;
    for g in &golden {
        let fetched = mapping.get(&g.key).is_some_and(|e| e.table_id.is_some());
        let (Some(region), Some(year)) = (region_of(g), g.year) else {
            continue;
        };
        if !fetched || !REPORT_REGIONS.contains(&region.as_str()) || !(2015..=2024).contains(&year)
        {
            continue;
        }
        expected += 1;
        assert!(
            rows.iter()
                .any(|r| r.indicator_key.as_deref() == Some(g.key.as_str())
                    && r.region_code == region
                    && r.year == year
                    && r.value == Some(g.value)),
            "golden {} {} {} {} = {} missing",
            g.table,
            g.key,
            region,
            year,
            g.value
        );
    }
    assert_eq!(expected, 254);
}

/// The report's printed ASSS average (2024) per indicator key.
fn printed_asss() -> BTreeMap<String, f64> {
    golden_cells()
        .into_iter()
        .filter(|g| g.region.as_deref() == Some("ASSS") && g.year == Some(2024))
        .map(|g| (g.key, g.value))
        .collect()
}

#[test]
fn asss_average_partial_comparison() {
    // With reconstructed data only Trondheim, Oslo, Bergen and Stavanger are
    // present: the mean is over 4 of the 12 ASSS members (3 without
    // Trondheim), so it is a PARTIAL mean and only indicates the direction.
    let rows = rows();
    let mapping = SsbMapping::embedded().unwrap();
    let printed = printed_asss();
    let mut n = 0;
    let mut rel_all = Vec::new();
    let mut rel_excl = Vec::new();
    println!(
        "{:58} {:>10} {:>10} {:>9} {:>7} {:>10} {:>9} {:>7}",
        "indicator (2024)", "printed", "mean of 4", "diff", "diff %", "mean of 3", "diff", "diff %"
    );
    for (key, asss) in &printed {
        let Some(ind) = mapping.get(key).and_then(Indicator::for_entry) else {
            continue;
        };
        let all = asss_average_rows(&rows, &ind, 2024, None).unwrap();
        let excl = asss_average_rows(&rows, &ind, 2024, Some("Trondheim")).unwrap();
        let (Some(a), Some(e)) = (all.value, excl.value) else {
            continue;
        };
        // partial: at most the four report municipalities, 8+ members missing
        assert!(all.used.len() <= 4 && all.missing.len() >= 8, "{all:?}");
        assert_eq!(excl.excluded.as_deref(), Some("5001"));
        // the mean is the plain mean of the printed municipality values
        let vals: Vec<f64> = all
            .used
            .iter()
            .map(|c| {
                rows.iter()
                    .find(|r| {
                        r.indicator_key.as_deref() == Some(key.as_str())
                            && r.region_code == *c
                            && r.year == 2024
                    })
                    .and_then(|r| r.value)
                    .unwrap()
            })
            .collect();
        assert!((vals.iter().sum::<f64>() / vals.len() as f64 - a).abs() < 1e-9);
        let pct = |x: f64| 100.0 * (x - asss) / asss.abs();
        rel_all.push(pct(a).abs());
        rel_excl.push(pct(e).abs());
        println!(
            "{key:58} {asss:>10.2} {a:>10.2} {:>9.2} {:>7.1} {e:>10.2} {:>9.2} {:>7.1}",
            a - asss,
            pct(a),
            e - asss,
            pct(e)
        );
        n += 1;
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    println!(
        "{n} indicators; median |diff| vs printed ASSS: {:.1} % (4 members), {:.1} % (3, without Trondheim)",
        median(&mut rel_all),
        median(&mut rel_excl)
    );
    assert!(n >= 40, "comparable indicators: {n}");
}
