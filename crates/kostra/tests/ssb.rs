//! The mapping check, the table search and the KOSTRA groups against a local
//! replay server (responses in the shape of SSB's: v2 metadata like
//! `../shared/ssb-samples/11118_v2_metadata_jsonstat2.json`, the v2 table
//! list like `03013_v2_table_info.json`, KLASS `correspondsAt`), and what
//! happens without a network.

#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

mod replay;

use std::time::{Duration, Instant};

use kommunetall_kostra::check::{Verdict, check_mapping, mark_confirmed};
use kommunetall_kostra::find::find;
use kommunetall_kostra::{
    Client, ClientConfig, KostraError, Mode, Provenance, Request, SsbMapping, Status, Store,
    TableQuery, fetch_groups, group_queries, load_groups, reachable,
};
use replay::{Canned, ReplayServer};

const META_12134: &str = include_str!("fixtures/12134_metadata.json");
const SEARCH: &str = include_str!("fixtures/tables_search_frie_inntekter.json");
const KLASS_2023: &str = include_str!("fixtures/klass_112_2023.json");
const KLASS_2024: &str = include_str!("fixtures/klass_112_2024.json");

fn client(base_url: &str, store: &Store, mode: Mode) -> Client {
    Client::new(
        ClientConfig {
            base_url: base_url.to_owned(),
            mode,
            max_tries: 1,
            timeout: Duration::from_secs(10),
            ..ClientConfig::default()
        },
        store.clone(),
    )
}

fn shared_sample(name: &str) -> Option<String> {
    let path = format!(
        "{}/../../../shared/ssb-samples/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).ok();
    if text.is_none() {
        eprintln!("skipping the part with {path}: not available");
    }
    text
}

const MAPPING: &str = r#"
[[indicator]]
key = "netto_driftsresultat_andel"
table_id = "12134"
contents_code = "KOSAGD230000"
label = "Netto driftresultat i prosent av brutto driftsinntekter"
unit = "prosent"
status = "sources"
evidence = "test"

[[indicator]]
key = "disposisjonsfond_andel"
table_id = "12134"
contents_code = "KOSKG210000"
label = "Disposisjonsfond i prosent av brutto driftsinntekter"
unit = "prosent"
status = "guess"
evidence = "test: the old, wrong code"

[[indicator]]
key = "no_such_code"
table_id = "12134"
contents_code = "KOSnosuch0000"
label = "Nothing"
unit = "kr"
status = "guess"
evidence = "test"

[[indicator]]
key = "no_such_table"
table_id = "99999"
contents_code = "KOSAGD230000"
label = "Netto driftresultat i prosent av brutto driftsinntekter"
unit = "prosent"
status = "guess"
evidence = "test"

[[indicator]]
key = "unknown"
label = "Never sent"
unit = "kr"
status = "unknown"
evidence = "test"
"#;

#[test]
fn check_verifies_codes_and_labels_against_metadata() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::new(tmp.path());
    let not_found = r#"{"type":"https://tools.ietf.org/html/rfc7231#section-6.5.4","title":"Not Found","status":404,"detail":"Table 99999 not found"}"#;
    let server = ReplayServer::start(vec![
        Canned::json(200, META_12134),
        Canned::json(404, not_found),
    ]);
    let c = client(&server.base_url, &store, Mode::Online);
    let mapping = SsbMapping::from_toml(MAPPING).unwrap();
    let rows = check_mapping(&c, &mapping).unwrap();
    let seen = server.finish();
    assert_eq!(
        seen.iter().map(|s| s.target.as_str()).collect::<Vec<_>>(),
        [
            "/api/pxwebapi/v2/tables/12134/metadata?lang=no&outputFormat=json-stat2",
            "/api/pxwebapi/v2/tables/99999/metadata?lang=no&outputFormat=json-stat2"
        ],
        "one metadata request per table; the unknown entry is never sent"
    );
    let verdict = |key: &str| rows.iter().find(|r| r.key == key).unwrap();
    assert_eq!(
        verdict("netto_driftsresultat_andel").verdict,
        Verdict::Confirmed
    );
    let dispo = verdict("disposisjonsfond_andel");
    assert_eq!(dispo.verdict, Verdict::LabelDiffers);
    assert_eq!(
        dispo.ssb_label.as_deref(),
        Some("Fri egenkapital drift i prosent av brutto driftsinntekter (prosent)")
    );
    assert_eq!(
        verdict("no_such_code").verdict,
        Verdict::MissingCode {
            variable: "ContentsCode".into(),
            code: "KOSnosuch0000".into()
        }
    );
    match &verdict("no_such_table").verdict {
        Verdict::TableError { message } => assert!(message.contains("404"), "{message}"),
        other => panic!("{other:?}"),
    }
    assert_eq!(rows.len(), 4);

    // --write: only the confirmed entry becomes `metadata`, comments stay
    let text = format!("# the mapping\n{MAPPING}");
    let (written, changed) = mark_confirmed(&text, &rows).unwrap();
    assert_eq!(changed, ["netto_driftsresultat_andel"]);
    assert!(written.starts_with("# the mapping\n"));
    let m = SsbMapping::from_toml(&written).unwrap();
    assert_eq!(
        m.get("netto_driftsresultat_andel").unwrap().status,
        Status::Metadata
    );
    assert_eq!(
        m.get("disposisjonsfond_andel").unwrap().status,
        Status::Guess
    );
    // the metadata answer was stored like every response
    let stored = store
        .get(&Request::metadata("12134", "no"))
        .unwrap()
        .unwrap();
    assert_eq!(stored.meta.unwrap().provenance, Provenance::FetchedFromSsb);
}

/// The real 11118 metadata (v2, with `extension.elimination`, `codeLists`,
/// `refperiod`, vardok links) served as is; the v0 metadata of 05300 (not
/// JSON-stat) is reported as a table error, not a crash.
#[test]
fn check_reads_real_metadata_shapes() {
    let (Some(meta_11118), Some(meta_05300)) = (
        shared_sample("11118_v2_metadata_jsonstat2.json"),
        shared_sample("05300_v0_metadata.json"),
    ) else {
        return;
    };
    let mapping = SsbMapping::from_toml(
        r#"
[[indicator]]
key = "kpi"
table_id = "11118"
contents_code = "Aarsendring"
dims = { Leveringssektor = "B1" }
label = "Årsendring"
unit = "prosent"
status = "guess"
evidence = "test"

[[indicator]]
key = "kpi_missing_sector"
table_id = "11118"
contents_code = "LevIndAar"
dims = { Leveringssektor = "B9" }
label = "Konsumprisindeks (2015=100)"
unit = "indeks"
status = "guess"
evidence = "test"

[[indicator]]
key = "v0"
table_id = "05300"
contents_code = "Andel"
label = "Andel"
unit = "prosent"
status = "guess"
evidence = "test"
"#,
    )
    .unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let server = ReplayServer::start(vec![
        Canned::json(200, meta_11118),
        Canned::json(200, meta_05300),
    ]);
    let c = client(&server.base_url, &Store::new(tmp.path()), Mode::Online);
    let rows = check_mapping(&c, &mapping).unwrap();
    server.finish();
    assert_eq!(rows[0].verdict, Verdict::Confirmed, "{rows:?}");
    assert_eq!(rows[0].ssb_label.as_deref(), Some("Årsendring (prosent)"));
    assert_eq!(
        rows[1].verdict,
        Verdict::MissingCode {
            variable: "Leveringssektor".into(),
            code: "B9".into()
        }
    );
    assert!(
        matches!(&rows[2].verdict, Verdict::TableError { message } if message.contains("05300")),
        "{:?}",
        rows[2]
    );
}

#[test]
fn find_searches_tables_and_their_values() {
    let tmp = tempfile::tempdir().unwrap();
    let server = ReplayServer::start(vec![
        Canned::json(200, SEARCH),
        Canned::json(200, META_12134),
    ]);
    let c = client(&server.base_url, &Store::new(tmp.path()), Mode::Online);
    let found = find(&c, "frie inntekter", 1).unwrap();
    let seen = server.finish();
    assert_eq!(
        seen[0].target,
        "/api/pxwebapi/v2/tables?query=frie%20inntekter&lang=no&pageSize=30"
    );
    assert_eq!(
        seen[1].target,
        "/api/pxwebapi/v2/tables/12134/metadata?lang=no&outputFormat=json-stat2"
    );
    let ids: Vec<&str> = found.tables.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["12134", "12137"]);
    assert_eq!(found.tables[0].last_period.as_deref(), Some("2025"));
    assert_eq!(found.values.len(), 1, "{:?}", found.values);
    assert_eq!(found.values[0].code, "KOSAG110000");
    assert_eq!(found.values[0].variable, "ContentsCode");
    assert_eq!(found.values[0].label, "Frie inntekter per innbygger (kr)");
    // nothing is stored by a search
    assert!(std::fs::read_dir(tmp.path()).map_or(true, |mut d| d.next().is_none()));
}

#[test]
fn kostra_groups_by_year_are_stored_and_read_offline() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::new(tmp.path());
    let server = ReplayServer::start(vec![
        Canned::json(200, KLASS_2023),
        Canned::json(200, KLASS_2024),
    ]);
    let klass = client(&server.base_url, &store, Mode::Cached);
    let fetched = fetch_groups(&klass, &[2023, 2024]).unwrap();
    let seen = server.finish();
    assert_eq!(
        seen[1].target,
        "/api/pxwebapi/v2/classifications/112/correspondsAt?targetClassificationId=131&date=2024-01-01"
    );
    assert_eq!(fetched.len(), 6);
    // read back offline, with the files for the manifest; 2022 is not stored
    let loaded = load_groups(tmp.path(), &[2022, 2023, 2024]).unwrap();
    assert_eq!(loaded.groups, fetched);
    assert_eq!(loaded.files.len(), 2);
    assert!(loaded.files[0].0.starts_with("klass-112/"));
    let trondheim: Vec<(i32, &str)> = loaded
        .groups
        .iter()
        .filter(|g| g.municipality_code == "5001")
        .map(|g| (g.year, g.group_code.as_str()))
        .collect();
    assert_eq!(trondheim, [(2023, "EKG12"), (2024, "EKG11")]);
    // the groups are fetched with the peers, the same way online and offline
    let q = TableQuery::new("12134")
        .select("KOKkommuneregion0000", ["5001", "0301", "EAKUO"])
        .select("ContentsCode", ["KOSAGD230000"])
        .select("Tid", ["2023", "2024"]);
    let extra = group_queries(&[q], &loaded.groups);
    assert_eq!(
        extra[0].selection("KOKkommuneregion0000").unwrap().values,
        ["EKG11", "EKG12", "EKG13"]
    );
    // a cached second fetch asks nobody
    let offline = client("http://127.0.0.1:9", &store, Mode::Cached);
    assert_eq!(fetch_groups(&offline, &[2024]).unwrap().len(), 3);
    assert_eq!(offline.network_requests(), 0);
}

/// Without a network every entry point fails at once (well within 5 s),
/// naming the host.
#[test]
fn without_a_network_the_host_is_named_within_five_seconds() {
    for base in [
        "http://ssb.invalid/api/pxwebapi/v2",
        "http://127.0.0.1:9/api/pxwebapi/v2",
    ] {
        let host = kommunetall_kostra::host_of(base);
        let t = Instant::now();
        let err = reachable(
            base,
            &Request::metadata("12134", "no"),
            Duration::from_secs(4),
        )
        .expect_err("nothing listens there");
        assert!(t.elapsed() < Duration::from_secs(5), "{:?}", t.elapsed());
        assert!(matches!(err, KostraError::Unreachable { .. }), "{err:?}");
        assert!(err.to_string().contains(host), "{err}");

        // and the operations themselves, with one try, fail fast too
        let tmp = tempfile::tempdir().unwrap();
        let c = client(base, &Store::new(tmp.path()), Mode::Online);
        let t = Instant::now();
        let mapping = SsbMapping::from_toml(MAPPING).unwrap();
        let err = check_mapping(&c, &mapping).expect_err("no network");
        assert!(err.to_string().contains(host), "{err}");
        assert!(find(&c, "frie inntekter", 1).is_err());
        assert!(fetch_groups(&c, &[2024]).is_err());
        assert!(t.elapsed() < Duration::from_secs(5), "{:?}", t.elapsed());
    }
}
