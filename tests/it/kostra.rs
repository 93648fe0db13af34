//! KOSTRA in the warehouse: the stored (for the sample: reconstructed)
//! responses load offline into `fact_ssb_kostra`, and the report-vs-SSB and
//! peers views line them up with the report's own key figures; a real SSB
//! response and stored KOSTRA groups load beside them; the `kostra`
//! commands against a replay server and without a network.

use std::path::Path;
use std::time::{Duration, Instant};

use kommunetall_kostra::{
    DEFAULT_BASE_URL, Provenance, Request, SsbMapping, Store, TableQuery, queries_to_toml,
};

use crate::support::{
    EPOCH, duck, kommunetall, ok, path_str, query_rows, root, sample_pdf, sample_warehouse,
    sample_xlsx,
};

#[path = "../../crates/kostra/tests/replay/mod.rs"]
mod replay;

fn one(sql: &str) -> Vec<String> {
    query_rows(&duck(sample_warehouse()), sql)
        .into_iter()
        .next()
        .expect("a row")
}

#[test]
fn stored_responses_load_offline_marked_as_reconstructed() {
    let r = one(
        "SELECT count(*), count(*) FILTER (WHERE reconstructed), count(DISTINCT table_id), \
         count(*) FILTER (WHERE value IS NOT NULL), min(updated), max(updated) FROM fact_ssb_kostra",
    );
    let n: usize = r[0].parse().expect("n");
    assert!(n > 100, "{r:?}");
    assert_eq!(r[3], "148", "the printed figures: {r:?}");
    assert_eq!(r[0], r[1], "every sample row is reconstructed: {r:?}");
    assert_eq!(r[2], "10", "ten SSB tables: {r:?}");
    assert_eq!(r[4], "2025-03-15T00:00:00Z");
    assert_eq!(r[5], "2025-03-15T00:00:00Z");
    let files =
        one("SELECT count(*) FROM fact_ssb_kostra WHERE source_file NOT LIKE '%raw/kostra/%'");
    assert_eq!(files[0], "0", "source_file points into raw/kostra");
}

#[test]
fn report_vs_ssb_lines_up_every_printed_figure_with_its_region_and_year() {
    // Reconstructed from the report, so every matched figure agrees exactly;
    // 2024 was preliminary on 15 March 2025, 2023 final by then.
    let r = one("SELECT count(*), count(*) FILTER (WHERE difference <> 0), \
         count(DISTINCT region_code), \
         count(*) FILTER (WHERE period_year = 2024 AND ssb_publication <> 'foreløpig'), \
         count(*) FILTER (WHERE period_year = 2023 AND ssb_publication <> 'endelig') \
         FROM v_kostra_report_vs_ssb WHERE ssb_value IS NOT NULL");
    let matched: usize = r[0].parse().expect("n");
    assert_eq!(
        matched, 296,
        "the 148 reconstructed figures, printed in the PDF and in the appendix: {r:?}"
    );
    assert_eq!(
        r[1], "0",
        "reconstructed values equal the printed ones: {r:?}"
    );
    assert_eq!(r[2], "4", "Trondheim, Oslo, Bergen, Stavanger: {r:?}");
    assert_eq!((r[3].as_str(), r[4].as_str()), ("0", "0"), "{r:?}");
    let asss = one(
        "SELECT count(*), count(ssb_value) FROM v_kostra_report_vs_ssb WHERE region_code = 'ASSS'",
    );
    assert!(asss[0].parse::<usize>().expect("n") > 20, "{asss:?}");
    assert_eq!(asss[1], "0", "ASSS has no SSB figure");
    // One figure by hand: Bergen's netto driftsresultat 2024 as the PDF prints it
    // (the appendix prints it too: one row per document).
    let bergen = query_rows(
        &duck(sample_warehouse()),
        "SELECT report_text, ssb_value, ssb_table_id, contents_code FROM v_kostra_report_vs_ssb \
         WHERE indicator_key = 'netto_driftsresultat_andel' AND region_code = '4601' AND period_year = 2024 \
         AND document_id IN (SELECT document_id FROM document WHERE kind = 'pdf')",
    );
    assert_eq!(
        bergen,
        vec![vec![
            "−2,4".to_owned(),
            "-2.4".to_owned(),
            "12134".to_owned(),
            "KOSAGD230000".to_owned()
        ]]
    );
}

#[test]
fn peers_view_puts_trondheim_beside_each_region() {
    let r = one(
        "SELECT count(*), count(DISTINCT region_code), count(*) FILTER (WHERE is_home), \
         count(*) FILTER (WHERE NOT is_home AND home_value IS NOT NULL) \
         FROM v_kostra_peers WHERE home_code = '5001' AND year = 2024",
    );
    assert_eq!(r[1], "4", "{r:?}");
    assert!(
        r[2].parse::<usize>().expect("n") > 0 && r[3].parse::<usize>().expect("n") > 0,
        "{r:?}"
    );
}

#[test]
fn a_query_whose_response_is_not_stored_fails_naming_the_fix() {
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::create_dir_all(dir.path().join("pipelines")).expect("mkdir");
    std::fs::write(
        dir.path().join("pipelines/q.toml"),
        "[[query]]\ntable_id = '12134'\nselections = [ { variable = 'KOKkommuneregion0000', values = ['9999'] }, \
         { variable = 'ContentsCode', values = ['KOSAGD230000'] }, { variable = 'Tid', values = ['2001'] } ]\n",
    )
    .expect("write");
    let pipe = dir.path().join("pipelines/p.toml");
    std::fs::write(
        &pipe,
        format!(
            "name = 'p'\nwarehouse = 'wh'\n[municipality]\ncode = '5001'\n[[input]]\npath = '{}'\nreport_year = 2024\n\
             [kostra]\nstore = '{}'\nqueries = 'pipelines/q.toml'\n",
            path_str(&root().join("raw/trondheim/2024/arsberetning-2024-tabeller.xlsx")),
            path_str(&root().join("raw/kostra")),
        ),
    )
    .expect("write");
    let out = kommunetall(&["run", path_str(&pipe)], None);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("kostra fetch") && err.contains("raw/kostra"),
        "{err}"
    );
    assert!(
        !dir.path().join("wh/kommunetall.duckdb").exists(),
        "nothing written"
    );
}

/// The real SSB response of table 12134 (frie inntekter per innbygger 2024,
/// Oslo, Bergen, Trondheim; SSB's preliminary March 2026 publication), read
/// in place from ../shared/ssb-samples.
fn real_12134() -> Option<Vec<u8>> {
    let path = root().join("../shared/ssb-samples/12134_kostra_v2_jsonstat2_real.json");
    let bytes = std::fs::read(&path).ok();
    if bytes.is_none() {
        eprintln!("skipping: {} not available", path.display());
    }
    bytes
}

/// The request the real 12134 response answers (its own dimensions).
fn real_12134_query() -> TableQuery {
    TableQuery::new("12134")
        .select("KOKkommuneregion0000", ["0301", "4601", "5001"])
        .select("ContentsCode", ["KOSAG110000"])
        .select("Tid", ["2024"])
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read_dir").flatten() {
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).expect("copy");
        }
    }
}

/// A project whose store holds the sample's responses, the real 12134
/// response (as fetched from SSB) and KLASS answers for 2023 and 2024.
fn project_with_real_response(dir: &Path, real: &[u8]) -> std::path::PathBuf {
    let store_dir = dir.join("raw/kostra");
    copy_dir(&root().join("raw/kostra"), &store_dir);
    let store = Store::new(&store_dir);
    let defaults = kommunetall_kostra::ClientConfig::default();
    // fetched 2026-04-25T10:35:12Z (the sample's provenance in SOURCES.md)
    let at = std::time::UNIX_EPOCH + Duration::from_secs(1_777_113_312);
    store
        .put(
            &Request::data(
                &real_12134_query(),
                &defaults.lang,
                DEFAULT_BASE_URL,
                defaults.max_get_url_len,
            ),
            DEFAULT_BASE_URL,
            real,
            200,
            Provenance::FetchedFromSsb,
            at,
        )
        .expect("store the real response");
    for (year, body) in [
        (
            2023,
            include_str!("../../crates/kostra/tests/fixtures/klass_112_2023.json"),
        ),
        (
            2024,
            include_str!("../../crates/kostra/tests/fixtures/klass_112_2024.json"),
        ),
    ] {
        store
            .put(
                &Request::kostra_groups(year),
                kommunetall_kostra::KLASS_BASE_URL,
                body.as_bytes(),
                200,
                Provenance::FetchedFromSsb,
                at,
            )
            .expect("store KLASS");
    }
    let mut queries = kommunetall_kostra::parse_queries_toml(
        &std::fs::read_to_string(root().join("pipelines/kostra.toml")).expect("queries"),
    )
    .expect("parse");
    queries.push(real_12134_query());
    std::fs::create_dir_all(dir.join("pipelines")).expect("mkdir");
    std::fs::write(
        dir.join("pipelines/kostra.toml"),
        queries_to_toml(&queries, "test"),
    )
    .expect("write queries");
    let pipe = dir.join("pipelines/p.toml");
    std::fs::write(
        &pipe,
        format!(
            "name = 'p'\nwarehouse = 'wh'\n[municipality]\ncode = '5001'\nname = 'Trondheim'\n\
             [[input]]\npath = '{}'\nreport_year = 2024\n[[input]]\npath = '{}'\nreport_year = 2024\n\
             [kostra]\nstore = 'raw/kostra'\nqueries = 'pipelines/kostra.toml'\n",
            path_str(&sample_pdf()),
            path_str(&sample_xlsx()),
        ),
    )
    .expect("write pipeline");
    pipe
}

#[test]
fn a_real_ssb_response_loads_as_fetched_beside_the_sample_with_kostra_groups() {
    let Some(real) = real_12134() else { return };
    let dir = tempfile::tempdir().expect("tmp");
    let pipe = project_with_real_response(dir.path(), &real);
    ok(&kommunetall(&["run", path_str(&pipe)], Some(EPOCH)));
    let conn = duck(&dir.path().join("wh"));

    // Exactly SSB's three values, not reconstructed, with SSB's labels and date.
    let json: serde_json::Value = serde_json::from_slice(&real).expect("json");
    let values: Vec<f64> = json["value"]
        .as_array()
        .expect("values")
        .iter()
        .map(|v| v.as_f64().expect("number"))
        .collect();
    let rows = query_rows(
        &conn,
        "SELECT region_code, region_name, year, unit, updated, reconstructed, \
         indicator_key, source_file LIKE 'raw/kostra/12134/%', value \
         FROM fact_ssb_kostra WHERE contents_code = 'KOSAG110000' ORDER BY region_code",
    );
    assert_eq!(rows.len(), 3, "{rows:?}");
    for (r, (code, name, v)) in rows.iter().zip([
        ("0301", "Oslo - Oslove", values[0]),
        ("4601", "Bergen", values[1]),
        ("5001", "Trondheim - Tråante", values[2]),
    ]) {
        assert_eq!(
            r[..8],
            [
                code,
                name,
                "2024",
                "kr",
                "2026-03-16T07:00:00Z",
                "false",
                "NULL",
                "true"
            ]
            .map(str::to_owned)
        );
        assert_eq!(r[8].parse::<f64>().expect("value"), v, "{r:?}");
    }
    // The sample's reconstructed rows are still there and still marked.
    let r = query_rows(
        &conn,
        "SELECT count(*) FILTER (WHERE reconstructed), count(*) FILTER (WHERE NOT reconstructed) \
         FROM fact_ssb_kostra",
    );
    assert_eq!(r[0][1], "3", "{r:?}");
    assert!(r[0][0].parse::<usize>().expect("n") > 100, "{r:?}");

    // The report does not print frie inntekter per innbygger: no printed
    // figure to stand beside, so the report-vs-SSB view has no row for it;
    // the figures the report prints keep their (reconstructed) SSB value.
    let r = query_rows(
        &conn,
        "SELECT count(*) FILTER (WHERE contents_code = 'KOSAG110000'), \
         count(*) FILTER (WHERE indicator_key = 'netto_driftsresultat_andel' AND ssb_reconstructed) \
         FROM v_kostra_report_vs_ssb",
    );
    assert_eq!(r[0][0], "0", "{r:?}");
    assert!(r[0][1].parse::<usize>().expect("n") >= 4, "{r:?}");

    // In the peers view the real figures stand beside Trondheim's own.
    let r = query_rows(
        &conn,
        "SELECT region_code, home_value, difference_from_home, reconstructed, kostra_group_code \
         FROM v_kostra_peers WHERE home_code = '5001' AND contents_code = 'KOSAG110000' ORDER BY region_code",
    );
    let num = |s: &str| s.parse::<f64>().expect("number");
    assert_eq!(r.len(), 3, "{r:?}");
    assert_eq!(r[0][0], "0301");
    assert_eq!(
        num(&r[0][1]),
        values[2],
        "Trondheim's own figure beside Oslo's"
    );
    assert_eq!(num(&r[0][2]), values[0] - values[2]);
    assert_eq!(r[0][3], "false");
    // The KOSTRA group of the home municipality, by year, from the stored KLASS answers.
    assert_eq!(r[0][4], "EKG11", "2024 grouping (test fixture): {r:?}");
    let groups = query_rows(
        &conn,
        "SELECT year, min(kostra_group_code), max(kostra_group_code), count(*) \
         FROM v_kostra_peers WHERE home_code = '5001' AND year IN (2023, 2024) GROUP BY year ORDER BY year",
    );
    assert_eq!(
        groups[0][..3],
        ["2023", "EKG12", "EKG12"].map(str::to_owned)
    );
    assert_eq!(
        groups[1][..3],
        ["2024", "EKG11", "EKG11"].map(str::to_owned)
    );
    let dim = query_rows(
        &conn,
        "SELECT count(*), count(DISTINCT year), min(source_file LIKE 'raw/kostra/klass-112/%') FROM dim_kostra_group",
    );
    assert_eq!(dim[0], ["6", "2", "true"].map(str::to_owned));

    // The KLASS answers are inputs of the run: named in the manifest.
    let manifest = std::fs::read_to_string(dir.path().join("wh/manifest.json")).expect("manifest");
    assert!(manifest.contains("raw/kostra/klass-112/"), "{manifest}");
}

#[test]
fn kostra_commands_fail_fast_naming_the_host_without_a_network() {
    for (args, host) in [
        (
            vec![
                "kostra",
                "check",
                "--base-url",
                "http://127.0.0.1:9/api/pxwebapi/v2",
            ],
            "127.0.0.1:9",
        ),
        (
            vec![
                "kostra",
                "find",
                "kloakkstopper",
                "--base-url",
                "http://ssb.invalid/api/pxwebapi/v2",
            ],
            "ssb.invalid",
        ),
        (
            vec![
                "kostra",
                "fetch",
                "--base-url",
                "http://ssb.invalid/api/pxwebapi/v2",
            ],
            "ssb.invalid",
        ),
    ] {
        let t = Instant::now();
        let out = kommunetall(&args, None);
        let elapsed = t.elapsed();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(err.contains(host), "{args:?}: {err}");
        assert!(
            elapsed < Duration::from_secs(5),
            "{args:?} took {elapsed:?}"
        );
    }
}

#[test]
fn kostra_check_and_find_against_a_replay_server() {
    use replay::{Canned, ReplayServer};
    let meta = include_str!("../../crates/kostra/tests/fixtures/12134_metadata.json");
    let dir = tempfile::tempdir().expect("tmp");
    let mapping = dir.path().join("kostra_ssb.toml");
    let text = "# a mapping to check\n\
        [[indicator]]\nkey = \"netto_driftsresultat_andel\"\ntable_id = \"12134\"\n\
        contents_code = \"KOSAGD230000\"\nlabel = \"Netto driftresultat i prosent av brutto driftsinntekter\"\n\
        unit = \"prosent\"\nstatus = \"sources\"\nevidence = \"e\"\n\n\
        [[indicator]]\nkey = \"disposisjonsfond_andel\"\ntable_id = \"12134\"\n\
        contents_code = \"KOSKG210000\"\nlabel = \"Disposisjonsfond\"\n\
        unit = \"prosent\"\nstatus = \"guess\"\nevidence = \"e\"\n";
    std::fs::write(&mapping, text).expect("write");
    // one quick reachability probe, then the check itself
    let server = ReplayServer::start(vec![Canned::json(200, meta), Canned::json(200, meta)]);
    let store = dir.path().join("store");
    let out = ok(&kommunetall(
        &[
            "kostra",
            "check",
            "--base-url",
            &server.base_url,
            "--mapping",
            path_str(&mapping),
            "--store",
            path_str(&store),
            "--write",
        ],
        None,
    ));
    server.finish();
    assert!(out.contains("netto_driftsresultat_andel"), "{out}");
    assert!(out.contains("label differs"), "{out}");
    assert!(
        out.contains("Fri egenkapital drift i prosent av brutto driftsinntekter"),
        "{out}"
    );
    assert!(out.contains("2 checked: 1 ok, 1 label differs"), "{out}");
    let after = std::fs::read_to_string(&mapping).expect("read");
    let m = SsbMapping::from_toml(&after).expect("valid");
    assert_eq!(
        m.get("netto_driftsresultat_andel")
            .map(|i| i.status.as_str()),
        Some("metadata")
    );
    assert_eq!(
        m.get("disposisjonsfond_andel").map(|i| i.status.as_str()),
        Some("guess")
    );
    assert!(after.starts_with("# a mapping to check\n"));

    let search =
        include_str!("../../crates/kostra/tests/fixtures/tables_search_frie_inntekter.json");
    let server = ReplayServer::start(vec![
        Canned::json(200, search),
        Canned::json(200, search),
        Canned::json(200, meta),
    ]);
    let out = ok(&kommunetall(
        &[
            "kostra",
            "find",
            "frie inntekter",
            "--deep",
            "1",
            "--base-url",
            &server.base_url,
        ],
        None,
    ));
    server.finish();
    assert!(out.contains("12137"), "{out}");
    assert!(
        out.lines().any(|l| l.contains("12134")
            && l.contains("ContentsCode")
            && l.contains("KOSAG110000")),
        "{out}"
    );

    let help = ok(&kommunetall(&["kostra", "--help"], None));
    for word in ["fetch", "check", "find"] {
        assert!(help.contains(word), "kostra --help lacks {word}:\n{help}");
    }
    let help = ok(&kommunetall(&["kostra", "check", "--help"], None));
    assert!(
        help.contains("metadata") && help.contains("Examples:"),
        "{help}"
    );
}
