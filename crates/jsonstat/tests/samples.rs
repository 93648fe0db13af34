//! Tests against real SSB responses in `/work/shared/ssb-samples/` (outside
//! the repository; see SOURCES.md there). Each test skips with a message
//! when its sample file is absent.

use kommunetall_jsonstat::{JsonStatError, Role, parse, parse_metadata};

const SAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/ssb-samples/");

fn sample(name: &str) -> Option<Vec<u8>> {
    let path = format!("{SAMPLES}{name}");
    match std::fs::read(&path) {
        Ok(b) => Some(b),
        Err(e) => {
            eprintln!("skipping: sample {path} not readable ({e})");
            None
        }
    }
}

#[test]
fn ssb_05300_v0_jsonstat2_with_sparse_status() {
    let Some(json) = sample("05300_v0_data_jsonstat2_with_status.json") else {
        return;
    };
    let ds = parse(&json).expect("05300 parses");
    assert_eq!(ds.version.as_deref(), Some("2.0"));
    assert_eq!(ds.table_id(), Some("05300"));
    assert_eq!(ds.source.as_deref(), Some("Statistisk sentralbyrå"));
    assert_eq!(ds.updated.as_deref(), Some("2022-05-24T06:00:00Z"));
    let ids: Vec<&str> = ds.ids().collect();
    assert_eq!(ids, ["Avstand1", "Kulturtilbud", "ContentsCode", "Tid"]);
    assert_eq!(ds.sizes(), [6, 8, 1, 9]);
    assert_eq!(ds.cell_count(), 432);
    assert_eq!(ds.sizes().iter().product::<usize>(), ds.cell_count());
    assert_eq!(ds.value_count(), 432 - 28);

    // Roles.
    assert_eq!(
        ds.dimension("Tid").and_then(|d| d.role.clone()),
        Some(Role::Time)
    );
    assert_eq!(
        ds.dimension("ContentsCode").and_then(|d| d.role.clone()),
        Some(Role::Metric)
    );
    assert_eq!(ds.dimension("Avstand1").and_then(|d| d.role.clone()), None);
    let unit = ds
        .dimension("ContentsCode")
        .and_then(|d| d.category("Avstand"))
        .and_then(|c| c.unit.clone())
        .expect("unit");
    assert_eq!(unit.base.as_deref(), Some("prosent"));
    assert_eq!(unit.decimals, Some(0));

    // Known cells.
    assert_eq!(
        ds.value_at(&[("Avstand1", "01"), ("Kulturtilbud", "01"), ("Tid", "1991")])
            .expect("cell"),
        Some(16.0)
    );
    assert_eq!(
        ds.value_at(&[("Avstand1", "01"), ("Kulturtilbud", "06"), ("Tid", "1991")])
            .expect("cell"),
        Some(38.0)
    );
    // Cell 71: under 1 km, bookshop ("Bokhandel"), 2021 → null with ".".
    let o = ds
        .observation_at(&[("Avstand1", "01"), ("Kulturtilbud", "08"), ("Tid", "2021")])
        .expect("cell");
    assert_eq!(o.index, 71);
    assert_eq!(o.value, None);
    assert_eq!(o.status.as_deref(), Some("."));
    assert_eq!(o.label("Kulturtilbud"), Some("Bokhandel"));
    // Cell 360: 50 km or more, cinema, 1991 → null with "..".
    let o = ds.observation(360).expect("cell 360");
    assert_eq!(o.code("Avstand1"), Some("06"));
    assert_eq!(o.label("Avstand1"), Some("50 km eller over"));
    assert_eq!(o.code("Kulturtilbud"), Some("01"));
    assert_eq!(o.code("Tid"), Some("1991"));
    assert_eq!(o.value, None);
    assert_eq!(o.status.as_deref(), Some(".."));

    // Every null has a status symbol and vice versa; symbol counts.
    let all: Vec<_> = ds.observations().collect();
    assert_eq!(all.len(), 432);
    for o in &all {
        assert_eq!(o.value.is_none(), o.status.is_some(), "cell {}", o.index);
        assert_eq!(o.categories.len(), 4);
    }
    let dots = all
        .iter()
        .filter(|o| o.status.as_deref() == Some("."))
        .count();
    let dotdots = all
        .iter()
        .filter(|o| o.status.as_deref() == Some(".."))
        .count();
    assert_eq!((dots, dotdots), (20, 8));
    // Row-major: the last dimension (Tid) varies fastest.
    assert_eq!(all[1].code("Tid"), Some("1994"));
    assert_eq!(all[9].code("Kulturtilbud"), Some("02"));
}

#[test]
fn ssb_11118_v2_jsonstat2_data() {
    let Some(json) = sample("11118_v2_data_jsonstat2.json") else {
        return;
    };
    let ds = parse(&json).expect("11118 parses");
    assert_eq!(ds.sizes(), [14, 1, 2]);
    assert_eq!(ds.cell_count(), 28);
    assert_eq!(ds.value_count(), 28);
    assert_eq!(ds.table_id(), Some("11118"));
    assert_eq!(
        ds.extension_path(&["px", "subject-code"])
            .and_then(|v| v.as_str()),
        Some("al")
    );
    assert_eq!(
        ds.extension_path(&["contact"])
            .and_then(|c| c.get(0))
            .and_then(|c| c.get("mail"))
            .and_then(|m| m.as_str()),
        Some("konsumprisindeksen@ssb.no")
    );
    assert_eq!(ds.note.len(), 1);
    assert!(ds.note[0].starts_with("F.o.m. 2017"));
    let energi = ds
        .observation_at(&[("Leveringssektor", "B112"), ("ContentsCode", "Aarsendring")])
        .expect("cell");
    assert_eq!(energi.value, Some(-7.0));
    assert_eq!(energi.label("Leveringssektor"), Some("Energivarer"));
    assert_eq!(energi.code("Tid"), Some("2023"));
    assert_eq!(energi.status, None);
    assert_eq!(
        ds.value_at(&[
            ("Leveringssektor", "B1"),
            ("Tid", "2023"),
            ("ContentsCode", "LevIndAar")
        ])
        .expect("cell"),
        Some(133.3)
    );
    let cc = ds.dimension("ContentsCode").expect("ContentsCode");
    let unit = cc
        .category("LevIndAar")
        .and_then(|c| c.unit.clone())
        .expect("unit");
    assert_eq!(unit.name(), Some("indeks"));
    assert_eq!(unit.decimals, Some(1));
    assert_eq!(
        cc.extension
            .as_ref()
            .and_then(|e| e.get("refperiod"))
            .and_then(|r| r.get("LevIndAar"))
            .and_then(|v| v.as_str()),
        Some("Gjennomsnitt for året")
    );
    assert_eq!(ds.dimensions_with_role(&Role::Time).count(), 1);
}

#[test]
fn ssb_11118_v2_metadata_is_not_data() {
    let Some(json) = sample("11118_v2_metadata_jsonstat2.json") else {
        return;
    };
    assert!(matches!(parse(&json), Err(JsonStatError::NoValues)));
    let ds = parse_metadata(&json).expect("metadata parses");
    assert!(!ds.has_values());
    assert_eq!(ds.sizes(), [14, 2, 9]);
    assert_eq!(ds.cell_count(), 252);
    assert_eq!(ds.observations().count(), 0);
    assert_eq!(ds.table_id(), Some("11118"));
    let tid: Vec<&str> = ds.dimension("Tid").expect("Tid").codes().collect();
    assert_eq!(tid.first(), Some(&"2015"));
    assert_eq!(tid.last(), Some(&"2023"));
}

#[test]
fn ssb_1120_legacy_jsonstat1_bundle() {
    let Some(json) = sample("1120_legacy_v0_dataset_jsonstat1.json") else {
        return;
    };
    let ds = parse(&json).expect("1120 parses");
    assert_eq!(ds.version, None);
    assert_eq!(ds.source.as_deref(), Some("Statistics Norway"));
    assert_eq!(ds.sizes(), [2, 2, 2]);
    assert_eq!(ds.cell_count(), 8);
    assert_eq!(ds.value_count(), 8);
    assert_eq!(
        ds.dimension("Tid").and_then(|d| d.role.clone()),
        Some(Role::Time)
    );
    assert_eq!(
        ds.value_at(&[
            ("VareGrupper2", "01"),
            ("Tid", "2014U30"),
            ("ContentsCode", "Vekt")
        ])
        .expect("cell"),
        Some(14297.0)
    );
    let last = ds.observation(7).expect("cell 7");
    assert_eq!(last.code("VareGrupper2"), Some("02"));
    assert_eq!(last.code("Tid"), Some("2014U31"));
    assert_eq!(last.label("ContentsCode"), Some("Price per kilo (NOK)"));
    assert_eq!(last.value, Some(43.32));
    let unit = ds
        .dimension("ContentsCode")
        .and_then(|d| d.category("Vekt"))
        .and_then(|c| c.unit.clone())
        .expect("unit");
    assert_eq!(unit.base.as_deref(), Some("tonnes"));
}

#[test]
fn ssb_12362_kostra_v2() {
    let Some(json) = sample("12362_kostra_v2_jsonstat2_mimir_mock.json") else {
        return;
    };
    let ds = parse(&json).expect("12362 parses");
    assert_eq!(ds.sizes(), [1, 1, 1, 1, 8]);
    assert_eq!(ds.cell_count(), 8);
    let geo: Vec<&str> = ds
        .dimensions_with_role(&Role::Geo)
        .map(|d| d.id.as_str())
        .collect();
    assert_eq!(geo, ["KOKkommuneregion0000"]);
    assert_eq!(
        ds.dimension("KOKart0000").and_then(|d| d.role.clone()),
        Some(Role::Classification)
    );
    // Single-category dimensions may be left out of the lookup.
    assert_eq!(
        ds.value_at(&[("KOKfunksjon0000", "FGK7")]).expect("cell"),
        Some(11.4)
    );
    let obs: Vec<_> = ds.observations().collect();
    let barnehage = obs
        .iter()
        .find(|o| o.code("KOKfunksjon0000") == Some("FGK7"))
        .expect("FGK7");
    assert_eq!(barnehage.label("KOKfunksjon0000"), Some("Barnehage"));
    assert_eq!(
        barnehage.label("KOKkommuneregion0000"),
        Some("Oslo - Oslove")
    );
    assert_eq!(barnehage.code("Tid"), Some("2024"));
    let sum: f64 = obs.iter().filter_map(|o| o.value).sum();
    assert!((sum - 74.1).abs() < 1e-9, "sum {sum}");
}

fn assert_not_jsonstat(name: &str, needle: &str) {
    let Some(json) = sample(name) else {
        return;
    };
    match parse(&json) {
        Err(e @ JsonStatError::NotJsonStat { .. }) => {
            let msg = e.to_string();
            assert!(msg.contains(needle), "{name}: {msg}");
        }
        other => panic!("{name}: expected NotJsonStat, got {other:?}"),
    }
    assert!(parse_metadata(&json).is_err());
}

#[test]
fn ssb_non_dataset_documents_give_clear_errors() {
    assert_not_jsonstat("05300_v0_metadata.json", "v0 table metadata");
    assert_not_jsonstat("12362_kostra_v2_POST_body_mimir.json", "query body");
    assert_not_jsonstat("03013_v2_table_info.json", "table-info");
    assert_not_jsonstat("v2_config_example.json", "/config");
}

#[test]
fn ssb_samples_truncated_never_panic() {
    for name in [
        "05300_v0_data_jsonstat2_with_status.json",
        "1120_legacy_v0_dataset_jsonstat1.json",
    ] {
        let Some(json) = sample(name) else {
            continue;
        };
        let end = json.iter().rposition(|&b| b == b'}').unwrap_or(0);
        for cut in 0..=end {
            assert!(parse(&json[..cut]).is_err(), "{name} cut at {cut}");
        }
    }
}
