//! The report → SSB mapping (`schemas/mappings/kostra_ssb.toml`) against the
//! report's indicator keys, the research behind its codes, the README and
//! the real SSB samples.

#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

use std::collections::BTreeSet;
use std::path::PathBuf;

use kommunetall_kostra::{SsbMapping, Status, observations_from_dataset};

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
    assert_eq!(mapped, keys, "one entry per indicator the report prints");
    for i in &m.indicators {
        assert!(i.unit.is_some(), "{}: states its unit", i.key);
        assert!(i.label.is_some(), "{}: states its label", i.key);
    }
    // at most 40 of the 77 indicators without a code
    let without: Vec<&str> = m
        .indicators
        .iter()
        .filter(|i| i.contents_code.is_none())
        .map(|i| i.key.as_str())
        .collect();
    assert_eq!(m.indicators.len(), 77);
    assert!(
        without.len() <= 40,
        "{} without a code: {without:?}",
        without.len()
    );
    assert_eq!(
        m.status_counts(),
        [
            (Status::Metadata, 0),
            (Status::Sources, 4),
            (Status::Source, 20),
            (Status::Guess, 13),
            (Status::Unknown, 40)
        ]
    );
}

/// Every code the research file gives for an indicator the report prints is
/// the mapping's code for it (and appears in the research file, when that
/// is available).
#[test]
fn codes_the_research_gives_are_used() {
    let m = SsbMapping::embedded().unwrap();
    let research = std::fs::read_to_string(project("../shared/research/kostra-codes.md")).ok();
    if research.is_none() {
        eprintln!(
            "skipping the research cross-check: ../shared/research/kostra-codes.md not available"
        );
    }
    for (key, table, code, dims) in [
        ("netto_driftsresultat_andel", "12134", "KOSAGD230000", None),
        ("langsiktig_gjeld_andel", "12134", "KOSKG320000", None),
        ("investeringsutgifter_andel", "12134", "KOSAGI10000", None),
        (
            "disposisjonsfond_andel",
            "12143",
            "KOSbelopbrinv0000",
            Some("KOKartkap0000=56"),
        ),
        (
            "kultur_netto_driftsutgifter_per_innbygger",
            "12060",
            "KOSdriftinnb0000",
            None,
        ),
        (
            "barnehage_netto_driftsutgifter_per_innbygger_1_5",
            "13502",
            "KOSutg020000",
            None,
        ),
        (
            "barnehage_dekningsgrad_1_2",
            "12562",
            "KOSandel120000",
            None,
        ),
        (
            "barnehage_dekningsgrad_3_5",
            "12562",
            "KOSandel130000",
            None,
        ),
        ("grunnskole_gruppestorrelse", "12255", "KOSgrstr20000", None),
        ("kirke_medlemmer_andel", "12025", "KOSmedldnkinnb0000", None),
        ("gebyr_vann", "12842", "KOSaarsgebyrvann0000", None),
        ("gebyr_avlop", "12842", "KOSaarsgebyravlo0000", None),
        ("gebyr_avfall", "12842", "KOSaarsgebyravfa0000", None),
        (
            "kultur_folkebibliotek_per_innbygger",
            "12362",
            "KOSbelopinnbygge0000",
            Some("KOKart0000=AGD2;KOKfunksjon0000=370"),
        ),
    ] {
        let e = m.get(key).unwrap();
        assert!(e.matches(table, code, dims), "{key}: {e:?}");
        assert_ne!(e.status, Status::Unknown, "{key}");
        if let Some(r) = &research {
            assert!(r.contains(code), "{code} is not in the research file");
        }
    }
    // the known mistake is gone: KOSKG210000 is fri egenkapital drift
    assert!(
        m.indicators
            .iter()
            .all(|i| i.contents_code.as_deref() != Some("KOSKG210000"))
    );
}

/// The README states the status counts of the mapping.
#[test]
fn readme_states_the_status_counts() {
    let readme = std::fs::read_to_string(project("README.md")).unwrap();
    let m = SsbMapping::embedded().unwrap();
    let counts: Vec<String> = m
        .status_counts()
        .iter()
        .map(|(s, n)| format!("{n} `{}`", s.as_str()))
        .collect();
    let sentence = counts.join(", ");
    assert!(
        readme.contains(&sentence),
        "README.md should say: {sentence}"
    );
    let without = m
        .indicators
        .iter()
        .filter(|i| i.contents_code.is_none())
        .count();
    assert!(
        readme.contains(&format!(
            "{without} of the {} indicators",
            m.indicators.len()
        )),
        "README.md should say how many indicators have no code ({without})"
    );
}

/// Entries marked `status = "metadata"` must really be found in a real SSB
/// response in `../shared/ssb-samples` (skipped when the folder is absent).
#[test]
fn metadata_entries_are_in_a_real_sample() {
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
    assert!(
        seen.iter()
            .any(|(t, c, _)| t == "12134" && c == "KOSAG110000"),
        "the real 12134 sample yields KOSTRA cells"
    );
    let m = SsbMapping::embedded().unwrap();
    for i in m.indicators.iter().filter(|i| i.status == Status::Metadata) {
        let (t, c) = i.target().unwrap();
        assert!(
            seen.contains(&(t.to_owned(), c.to_owned(), i.dims_string())),
            "{} is marked metadata but not in any sample",
            i.key
        );
    }
}
