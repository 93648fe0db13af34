//! `fetch_all` against a local replay server: a stored reconstructed
//! response is replaced by the real answer, a failing query is reported
//! without stopping the others, and `load_offline` then reads SSB's values.

#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

mod replay;

use std::time::{Duration, SystemTime};

use kommunetall_kostra::{
    Client, ClientConfig, Mode, Provenance, Request, SsbMapping, Store, TableQuery, fetch_all,
    load_offline_with,
};
use replay::{Canned, ReplayServer};

const DATA: &str = include_str!("fixtures/12362_data_small.json");

fn small_query() -> TableQuery {
    TableQuery::new("12362")
        .select("KOKkommuneregion0000", ["5001", "EAKUO"])
        .select("KOKart0000", ["AGD10"])
        .select("KOKfunksjon0000", ["FGK7", "FGK8b"])
        .select("ContentsCode", ["KOSandel3501"])
        .select("Tid", ["2023", "2024"])
}

/// Stores a response marked reconstructed (a sample, not SSB's answer) under
/// the key of `query`, with 99.9 for Trondheim FGK7 2024.
fn store_reconstructed(store: &Store, query: &TableQuery) {
    let defaults = ClientConfig::default();
    let request = Request::data(
        query,
        &defaults.lang,
        &defaults.base_url,
        defaults.max_get_url_len,
    );
    let body = DATA.replace(r#""value": [13.1, 13.4,"#, r#""value": [13.1, 99.9,"#);
    store
        .put_with_note(
            &request,
            &defaults.base_url,
            body.as_bytes(),
            0,
            Provenance::Reconstructed,
            SystemTime::UNIX_EPOCH,
            Some("reconstructed for a test"),
        )
        .unwrap();
}

#[test]
fn fetch_all_replaces_reconstructed_and_reports_failures() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::new(tmp.path());
    store_reconstructed(&store, &small_query());
    let defaults = ClientConfig::default();
    let mapping = SsbMapping::default();
    let before = load_offline_with(tmp.path(), &[small_query()], &mapping).unwrap();
    assert!(before.rows.iter().all(|r| r.reconstructed));
    assert_eq!(before.files.len(), 1);

    let problem =
        r#"{"title":"Non-existent value KOSnosuch0000 for variable ContentsCode","status":400}"#;
    let server = ReplayServer::start(vec![Canned::json(200, DATA), Canned::json(400, problem)]);
    let client = Client::new(
        ClientConfig {
            base_url: server.base_url.clone(),
            mode: Mode::Cached,
            max_tries: 1,
            timeout: Duration::from_secs(10),
            ..ClientConfig::default()
        },
        store.clone(),
    );
    let bad = TableQuery::new("12562")
        .select("KOKkommuneregion0000", ["5001"])
        .select("ContentsCode", ["KOSnosuch0000"])
        .select("Tid", ["2024"]);
    let report = fetch_all(&client, &[small_query(), bad]).unwrap();
    assert_eq!(server.finish().len(), 2);
    assert_eq!(report.network_requests, 2);
    assert!(!report.is_complete());
    assert_eq!(report.queries[0].error, None);
    assert_eq!(report.queries[0].from_store, 0, "reconstructed is replaced");
    assert_eq!(report.queries[0].cells, 8);
    let failed: Vec<_> = report.failed().collect();
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0].table_id, "12562");
    assert!(
        failed[0]
            .error
            .as_deref()
            .unwrap()
            .contains("Non-existent value"),
        "{failed:?}"
    );

    // The store now holds SSB's answer under the same key.
    let req = Request::data(
        &small_query(),
        &defaults.lang,
        &defaults.base_url,
        defaults.max_get_url_len,
    );
    let meta = store.get(&req).unwrap().unwrap().meta.unwrap();
    assert_eq!(meta.provenance, Provenance::FetchedFromSsb);
    assert_eq!(meta.status, 200);
    let after = load_offline_with(tmp.path(), &[small_query()], &mapping).unwrap();
    assert_eq!(after.rows.len(), 8);
    assert!(after.rows.iter().all(|r| !r.reconstructed));
    assert!(after.rows.iter().all(|r| r.indicator_key.is_none()));
    let r = after
        .rows
        .iter()
        .find(|r| {
            r.region_code == "5001"
                && r.year == 2024
                && r.dims.as_deref() == Some("KOKart0000=AGD10;KOKfunksjon0000=FGK7")
        })
        .unwrap();
    assert_eq!(r.region_name.as_deref(), Some("Trondheim - Tråante"));
    assert_eq!(r.updated.as_deref(), Some("2025-06-15T06:00:00Z"));
    assert_ne!(r.value, Some(99.9));
    assert_ne!(after.files[0].sha256, before.files[0].sha256);

    // A second cached run answers from the (now real) store.
    let again = Client::new(
        ClientConfig {
            base_url: "http://127.0.0.1:9".into(),
            mode: Mode::Cached,
            ..ClientConfig::default()
        },
        store.clone(),
    );
    let report = fetch_all(&again, &[small_query()]).unwrap();
    assert!(report.is_complete());
    assert_eq!(report.queries[0].from_store, 1);
    assert_eq!(report.network_requests, 0);

    // Offline clients cannot fetch.
    assert!(fetch_all(&Client::offline(store), &[small_query()]).is_err());
}
