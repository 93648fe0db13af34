//! KOSTRA in the warehouse: the stored (for the sample: reconstructed)
//! responses load offline into `fact_ssb_kostra`, and the report-vs-SSB and
//! peers views line them up with the report's own key figures.

use crate::support::{duck, kommunetall, path_str, query_rows, root, sample_warehouse};

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
    assert!(n > 200, "{r:?}");
    assert_eq!(r[0], r[1], "every sample row is reconstructed: {r:?}");
    assert_eq!(r[2], "9", "nine SSB tables: {r:?}");
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
    assert!(matched >= 200, "matched figures: {r:?}");
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
