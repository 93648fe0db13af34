//! The report → SSB mapping (`schemas/mappings/kostra_ssb.toml`) against the
//! report's indicator keys, the pipeline query file and the real SSB samples.

#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

use std::collections::BTreeSet;
use std::path::PathBuf;

use kommunetall_kostra::{
    SsbMapping, Verified, observations_from_dataset, parse_queries_toml, pipeline_regions,
};

fn project(path: &str) -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../..")).join(path)
}

/// The indicator keys of `schemas/mappings/kostra_indicators.toml`.
fn report_keys() -> BTreeSet<String> {
    let text = std::fs::read_to_string(project("schemas/mappings/kostra_indicators.toml")).unwrap();
    let v: toml::Value = toml::from_str(&text).unwrap();
    v["indicator"]["labels"]
        .as_table()
        .unwrap()
        .keys()
        .cloned()
        .collect()
}

#[test]
fn mapping_parses_and_its_keys_are_report_keys() {
    let text = std::fs::read_to_string(project("schemas/mappings/kostra_ssb.toml")).unwrap();
    let m = SsbMapping::from_toml(&text).unwrap();
    assert_eq!(m, SsbMapping::embedded().unwrap(), "embedded copy is stale");
    let keys = report_keys();
    let mapped: BTreeSet<String> = m.indicators.iter().map(|i| i.key.clone()).collect();
    for k in &mapped {
        assert!(keys.contains(k), "{k} is not in kostra_indicators.toml");
    }
    // every indicator the report prints has an entry (with or without a table)
    let missing: Vec<&String> = keys.difference(&mapped).collect();
    assert!(missing.is_empty(), "not in kostra_ssb.toml: {missing:?}");
    for i in &m.indicators {
        if i.table_id.is_some() {
            assert!(
                i.unit.is_some(),
                "{}: a fetched entry states its unit",
                i.key
            );
        }
        assert!(!i.evidence.is_empty(), "{}: evidence", i.key);
    }
}

#[test]
fn pipeline_file_equals_the_generated_queries() {
    let text = std::fs::read_to_string(project("pipelines/kostra.toml")).unwrap();
    let from_file = parse_queries_toml(&text).unwrap();
    let m = SsbMapping::embedded().unwrap();
    let regions = pipeline_regions(2015..=2024).unwrap();
    let years: Vec<i32> = (2015..=2024).collect();
    assert_eq!(
        from_file,
        m.queries(&regions, &years),
        "pipelines/kostra.toml is stale: run `cargo run -p kommunetall-kostra --example reconstruct`"
    );
    for q in &from_file {
        for code in ["5001", "0301", "4601", "1103", "EAKUO", "1601", "3201"] {
            assert!(
                q.selection("KOKkommuneregion0000")
                    .unwrap()
                    .values
                    .iter()
                    .any(|v| v == code),
                "{} lacks {code}",
                q.table_id
            );
        }
    }
}

/// Entries marked `verified = "metadata"` must really be found in a real SSB
/// response in `../shared/ssb-samples` (skipped when the folder is absent).
#[test]
fn metadata_verified_entries_are_in_a_real_sample() {
    let dir = project("../shared/ssb-samples");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("skipping: {} not available", dir.display());
        return;
    };
    let mut seen: BTreeSet<(String, String, Option<String>)> = BTreeSet::new();
    for e in entries {
        let path = e.unwrap().path();
        let Ok(ds) = kommunetall_jsonstat::parse(&std::fs::read(&path).unwrap()) else {
            continue;
        };
        let Ok(obs) = observations_from_dataset(&ds, None) else {
            continue;
        };
        for o in obs {
            let mut dims: Vec<String> = o
                .extra
                .iter()
                .map(|x| format!("{}={}", x.dimension, x.code))
                .collect();
            dims.sort();
            let dims = (!dims.is_empty()).then(|| dims.join(";"));
            seen.insert((o.table_id, o.contents_code, dims));
        }
    }
    assert!(!seen.is_empty(), "the 12362 sample yields KOSTRA cells");
    let m = SsbMapping::embedded().unwrap();
    for i in m
        .indicators
        .iter()
        .filter(|i| i.verified == Verified::Metadata)
    {
        let (t, c) = i.target().unwrap();
        assert!(
            seen.contains(&(t.to_owned(), c.to_owned(), i.dims_string())),
            "{} is marked verified but not in any sample",
            i.key
        );
    }
}
