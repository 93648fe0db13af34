//! Client tests against a local replay server (no internet).

mod replay;

use std::sync::Arc;
use std::time::Duration;

use kommunetall_kostra::{
    Client, ClientConfig, KostraError, ManualClock, Method, Mode, Provenance, Request, Store,
    StoredMeta, TableQuery,
};
use replay::{Canned, ReplayServer};
use serde_json::{Value, json};

const DATA: &str = include_str!("fixtures/12362_data_small.json");
const METADATA: &str = include_str!("fixtures/12362_metadata_small.json");
/// 2025-01-01T00:00:00Z
const WALL_START: u64 = 1_735_689_600;

fn client(base_url: &str, store: &Store, mode: Mode) -> (Client, Arc<ManualClock>) {
    let clock = Arc::new(ManualClock::new(WALL_START));
    let config = ClientConfig {
        base_url: base_url.to_owned(),
        mode,
        max_tries: 4,
        backoff_base: Duration::from_secs(2),
        timeout: Duration::from_secs(10),
        ..ClientConfig::default()
    };
    let c = Client::new(config, store.clone()).with_clock(clock.clone());
    (c, clock)
}

fn small_query() -> TableQuery {
    TableQuery::new("12362")
        .select("KOKkommuneregion0000", ["5001", "EAKUO"])
        .select("KOKart0000", ["AGD10"])
        .select("KOKfunksjon0000", ["FGK7", "FGK8b"])
        .select("ContentsCode", ["KOSandel3501"])
        .select("Tid", ["2023", "2024"])
}

#[test]
fn success_get_and_store_layout() -> Result<(), KostraError> {
    let tmp = tempfile::tempdir().expect("tempdir");
    let store = Store::new(tmp.path().join("raw/kostra"));
    let server = ReplayServer::start(vec![Canned::json(200, DATA)]);
    let base = server.base_url.clone();
    let (c, _clock) = client(&base, &store, Mode::Cached);
    let rows = c.observations(&small_query())?;
    let seen = server.finish();

    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].method, "GET");
    assert_eq!(
        seen[0].target,
        "/api/pxwebapi/v2/tables/12362/data?lang=no&outputFormat=json-stat2\
         &valueCodes%5BKOKkommuneregion0000%5D=5001,EAKUO&valueCodes%5BKOKart0000%5D=AGD10\
         &valueCodes%5BKOKfunksjon0000%5D=FGK7,FGK8b&valueCodes%5BContentsCode%5D=KOSandel3501\
         &valueCodes%5BTid%5D=2023,2024"
    );
    assert_eq!(rows.len(), 8);
    let r = &rows[3];
    assert_eq!(r.region_code, "5001");
    assert_eq!(r.region_name, "Trondheim - Tråante");
    assert_eq!(r.year, Some(2024));
    assert_eq!(r.extra_code("KOKfunksjon0000"), Some("FGK8b"));
    assert_eq!(r.value, None);
    assert_eq!(r.status.as_deref(), Some(".."));
    assert_eq!(r.unit.as_deref(), Some("prosent"));
    assert_eq!(r.updated.as_deref(), Some("2025-06-15T06:00:00Z"));

    // store layout: <root>/<table>/<sha256>.json + .meta.json
    let request = Request::data(&small_query(), "no", &base, 2000);
    let key = request.key();
    assert_eq!(key.len(), 64);
    assert!(key.chars().all(|c| c.is_ascii_hexdigit()));
    let dir = tmp.path().join("raw/kostra/12362");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("table folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        vec![format!("{key}.json"), format!("{key}.meta.json")]
    );
    let body = std::fs::read(dir.join(format!("{key}.json"))).expect("body");
    assert_eq!(body, DATA.as_bytes());
    let meta_text = std::fs::read_to_string(dir.join(format!("{key}.meta.json"))).expect("meta");
    let meta: Value = serde_json::from_str(&meta_text).expect("meta json");
    assert_eq!(meta["request"]["method"], "GET");
    assert_eq!(meta["request"]["url"], format!("{base}{}", request.path));
    assert_eq!(meta["request"]["body"], Value::Null);
    assert_eq!(meta["fetched_at"], "2025-01-01T00:00:00Z");
    assert_eq!(meta["status"], 200);
    assert_eq!(meta["provenance"], "fetched from SSB");
    let typed: StoredMeta = serde_json::from_value(meta).expect("typed meta");
    assert_eq!(typed.provenance, Provenance::FetchedFromSsb);
    assert_eq!(typed.key, key);

    // Cached mode answers the same query from the store: no new request.
    let again = c.observations(&small_query())?;
    assert_eq!(again, rows);
    assert_eq!(c.network_requests(), 1);
    Ok(())
}

#[test]
fn retry_on_429_honours_retry_after() -> Result<(), KostraError> {
    let tmp = tempfile::tempdir().expect("tempdir");
    let store = Store::new(tmp.path());
    let server = ReplayServer::start(vec![
        Canned::json(429, r#"{"title":"Too many requests","status":429}"#)
            .header("Retry-After", "0"),
        Canned::json(200, DATA),
    ]);
    let (c, clock) = client(&server.base_url, &store, Mode::Online);
    let rows = c.observations(&small_query())?;
    assert_eq!(server.finish().len(), 2);
    assert_eq!(rows.len(), 8);
    assert_eq!(c.network_requests(), 2);
    assert_eq!(clock.sleeps(), vec![Duration::ZERO]);
    Ok(())
}

#[test]
fn retry_on_503_with_exponential_backoff() -> Result<(), KostraError> {
    let tmp = tempfile::tempdir().expect("tempdir");
    let store = Store::new(tmp.path());
    let server = ReplayServer::start(vec![
        Canned::json(503, "busy"),
        Canned::json(503, "busy"),
        Canned::json(200, DATA),
    ]);
    let (c, clock) = client(&server.base_url, &store, Mode::Online);
    let rows = c.observations(&small_query())?;
    assert_eq!(server.finish().len(), 3);
    assert_eq!(rows.len(), 8);
    assert_eq!(
        clock.sleeps(),
        vec![Duration::from_secs(2), Duration::from_secs(4)]
    );
    Ok(())
}

#[test]
fn gives_up_after_max_tries() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let store = Store::new(tmp.path());
    let server = ReplayServer::start(vec![Canned::json(500, "oops"); 4]);
    let (c, _clock) = client(&server.base_url, &store, Mode::Online);
    let err = c.observations(&small_query()).expect_err("must fail");
    assert_eq!(server.finish().len(), 4);
    assert!(matches!(err, KostraError::Api { status: 500, .. }), "{err}");
    // nothing stored for a failed request
    assert!(!tmp.path().join("12362").exists());
}

#[test]
fn bad_request_carries_problem_title_and_url() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let store = Store::new(tmp.path());
    let problem = r#"{"type":"https://tools.ietf.org/html/rfc7231#section-6.5.1","title":"Non-existent value 9999 for variable KOKkommuneregion0000","status":400,"detail":"Check the selection"}"#;
    let server = ReplayServer::start(vec![
        Canned::json(400, problem).header("Content-Type", "application/problem+json"),
    ]);
    let (c, clock) = client(&server.base_url, &store, Mode::Online);
    let q = small_query().select("KOKkommuneregion0000", ["9999"]);
    let err = c.observations(&q).expect_err("400 must fail");
    assert_eq!(server.finish().len(), 1, "no retry on 400");
    assert!(clock.sleeps().is_empty());
    let text = err.to_string();
    assert!(
        text.contains("Non-existent value 9999 for variable KOKkommuneregion0000"),
        "{text}"
    );
    assert!(text.contains("Check the selection"), "{text}");
    assert!(text.contains("/tables/12362/data?"), "{text}");
    match err {
        KostraError::Api { status, url, .. } => {
            assert_eq!(status, 400);
            assert!(url.starts_with(&server_base(&url)));
        }
        other => panic!("unexpected {other}"),
    }
}

fn server_base(url: &str) -> String {
    url.split("/tables/").next().unwrap_or_default().to_owned()
}

#[test]
fn long_selection_uses_post_with_json_body() -> Result<(), KostraError> {
    let tmp = tempfile::tempdir().expect("tempdir");
    let store = Store::new(tmp.path());
    let server = ReplayServer::start(vec![Canned::json(200, DATA)]);
    let base = server.base_url.clone();
    let (c, _clock) = client(&base, &store, Mode::Online);
    let regions: Vec<String> = (1..=400).map(|i| format!("{i:04}")).collect();
    let q = TableQuery::new("12362")
        .select("KOKkommuneregion0000", regions.clone())
        .select("Tid", ["2024"]);
    c.fetch(&q)?;
    let seen = server.finish();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].method, "POST");
    assert_eq!(
        seen[0].target,
        "/api/pxwebapi/v2/tables/12362/data?lang=no&outputFormat=json-stat2"
    );
    let body: Value = serde_json::from_str(&seen[0].body).expect("json body");
    assert_eq!(
        body,
        json!({"selection": [
            {"variableCode": "KOKkommuneregion0000", "valueCodes": regions},
            {"variableCode": "Tid", "valueCodes": ["2024"]}
        ]})
    );
    // the sidecar records the POST body
    let request = Request::data(&q, "no", &base, 2000);
    assert_eq!(request.method, Method::Post);
    let stored = store.get(&request)?.expect("stored");
    let meta = stored.meta.expect("sidecar");
    assert_eq!(meta.request.method, Method::Post);
    assert_eq!(meta.request.body, Some(body));
    Ok(())
}

#[test]
fn query_over_800k_cells_is_split_and_merged() -> Result<(), KostraError> {
    let tmp = tempfile::tempdir().expect("tempdir");
    let store = Store::new(tmp.path());
    // 1000 regions x 10 years x 100 contents = 1 000 000 cells > 800 000:
    // split along regions (the largest) into 800 + 200.
    let regions: Vec<String> = (0..1000).map(|i| format!("R{i:04}")).collect();
    let years: Vec<String> = (2015..2025).map(|y| y.to_string()).collect();
    let contents: Vec<String> = (0..100).map(|i| format!("KOS{i:03}")).collect();
    let q = TableQuery::new("12362")
        .select("KOKkommuneregion0000", regions.clone())
        .select("Tid", years)
        .select("ContentsCode", contents);
    assert_eq!(q.cell_count(), 1_000_000);
    // canned answers are small stand-ins (8 + 8 cells)
    let server = ReplayServer::start(vec![Canned::json(200, DATA), Canned::json(200, DATA)]);
    let (c, _clock) = client(&server.base_url, &store, Mode::Online);
    let fetched = c.fetch(&q)?;
    let seen = server.finish();
    assert_eq!(seen.len(), 2);
    assert_eq!(fetched.parts.len(), 2);
    let sizes: Vec<usize> = seen
        .iter()
        .map(|s| {
            let body: Value = serde_json::from_str(&s.body).expect("json");
            body["selection"][0]["valueCodes"]
                .as_array()
                .map_or(0, Vec::len)
        })
        .collect();
    assert_eq!(sizes, vec![800, 200]);
    assert!(seen.iter().all(|s| s.method == "POST"));
    assert_eq!(fetched.observations()?.len(), 16);
    // two different request keys → two stored bodies
    let files = std::fs::read_dir(tmp.path().join("12362"))
        .expect("dir")
        .count();
    assert_eq!(files, 4);
    Ok(())
}

#[test]
fn offline_mode_reads_only_from_the_store() -> Result<(), KostraError> {
    let tmp = tempfile::tempdir().expect("tempdir");
    let store = Store::new(tmp.path());
    let server = ReplayServer::start(vec![Canned::json(200, DATA)]);
    let (online, _) = client(&server.base_url, &store, Mode::Online);
    let fetched = online.observations(&small_query())?;
    server.finish();

    // A base URL nobody listens on: offline must not touch the network.
    let (offline, _) = client("http://127.0.0.1:9/api/pxwebapi/v2", &store, Mode::Offline);
    let rows = offline.observations(&small_query())?;
    assert_eq!(rows, fetched);
    assert_eq!(offline.network_requests(), 0);

    let missing = small_query().select("Tid", ["2019"]);
    let err = offline.observations(&missing).expect_err("not stored");
    assert_eq!(offline.network_requests(), 0);
    let text = err.to_string();
    assert!(matches!(err, KostraError::NotInStore { .. }), "{text}");
    assert!(text.contains("offline"), "{text}");
    assert!(text.contains("valueCodes%5BTid%5D=2019"), "{text}");
    Ok(())
}

#[test]
fn reconstructed_response_is_served_offline() -> Result<(), KostraError> {
    let tmp = tempfile::tempdir().expect("tempdir");
    let store = Store::new(tmp.path());
    let request = Request::data(
        &small_query(),
        "no",
        "https://data.ssb.no/api/pxwebapi/v2",
        2000,
    );
    store.put(
        &request,
        "https://data.ssb.no/api/pxwebapi/v2",
        DATA.as_bytes(),
        200,
        Provenance::Reconstructed,
        std::time::UNIX_EPOCH,
    )?;
    let c = Client::offline(store.clone());
    assert_eq!(c.observations(&small_query())?.len(), 8);
    let meta = store.get(&request)?.and_then(|s| s.meta).expect("meta");
    assert_eq!(meta.provenance, Provenance::Reconstructed);
    let raw: Value =
        serde_json::from_slice(&std::fs::read(store.meta_path(&request)).expect("sidecar"))
            .expect("json");
    assert_eq!(raw["provenance"], "reconstructed");
    assert_eq!(raw["fetched_at"], "1970-01-01T00:00:00Z");
    Ok(())
}

#[test]
fn expressions_are_expanded_from_metadata() -> Result<(), KostraError> {
    let tmp = tempfile::tempdir().expect("tempdir");
    let store = Store::new(tmp.path());
    let server = ReplayServer::start(vec![Canned::json(200, METADATA), Canned::json(200, DATA)]);
    let (c, _) = client(&server.base_url, &store, Mode::Cached);
    let q = TableQuery::new("12362")
        .select("KOKkommuneregion0000", ["5001", "E*"])
        .select("Tid", ["from(2023)"]);
    let fetched = c.fetch(&q)?;
    let seen = server.finish();
    assert_eq!(seen.len(), 2);
    assert_eq!(
        seen[0].target,
        "/api/pxwebapi/v2/tables/12362/metadata?lang=no&outputFormat=json-stat2"
    );
    assert!(
        seen[1].target.ends_with(
            "valueCodes%5BKOKkommuneregion0000%5D=5001,EAKUO,EKG13&valueCodes%5BTid%5D=2023,2024"
        ),
        "{}",
        seen[1].target
    );
    assert_eq!(
        fetched.query.selection("Tid").map(|s| s.values.clone()),
        Some(vec!["2023".to_string(), "2024".to_string()])
    );
    Ok(())
}

#[test]
fn rate_limiter_spaces_requests() -> Result<(), KostraError> {
    let tmp = tempfile::tempdir().expect("tempdir");
    let store = Store::new(tmp.path());
    let server = ReplayServer::start(vec![Canned::json(200, DATA); 3]);
    let clock = Arc::new(ManualClock::new(WALL_START));
    let config = ClientConfig {
        base_url: server.base_url.clone(),
        mode: Mode::Online,
        requests_per_window: 2,
        window: Duration::from_secs(60),
        ..ClientConfig::default()
    };
    let c = Client::new(config, store).with_clock(clock.clone());
    for year in ["2022", "2023", "2024"] {
        c.fetch(&small_query().select("Tid", [year]))?;
    }
    assert_eq!(server.finish().len(), 3);
    assert_eq!(clock.sleeps(), vec![Duration::from_secs(60)]);
    Ok(())
}

#[test]
fn query_from_toml() {
    let text = r#"
        table_id = "12362"
        selections = [
          ["Tid", ["2023", "2024"]],
          { variable = "KOKkommuneregion0000", values = ["5001", "EAKUO"] },
          { variable = "KOKkommuneregion0000x", values = ["0301"], codelist = "agg_KOGkommuneregion000005402" },
        ]
    "#;
    let q: TableQuery = toml::from_str(text).expect("toml");
    assert_eq!(q.table_id, "12362");
    assert_eq!(q.selections.len(), 3);
    assert_eq!(q.selections[0].variable, "Tid");
    assert_eq!(q.selections[1].values, vec!["5001", "EAKUO"]);
    assert_eq!(
        q.selections[2].codelist.as_deref(),
        Some("agg_KOGkommuneregion000005402")
    );
    // and the codelist goes into the GET URL
    let r = Request::data(&q, "no", "https://x", 2000);
    assert!(
        r.path
            .contains("&codelist%5BKOKkommuneregion0000x%5D=agg_KOGkommuneregion000005402")
    );
}
