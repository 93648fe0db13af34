//! Extraction tests on the real SSB response shapes in `shared/ssb-samples`
//! (read in place, never copied; skipped when the folder is absent).

use kommunetall_kostra::{KostraError, observations_from_dataset};

fn sample(name: &str) -> Option<Vec<u8>> {
    let path = format!(
        "{}/../../../shared/ssb-samples/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    match std::fs::read(&path) {
        Ok(b) => Some(b),
        Err(_) => {
            eprintln!("skipping: sample {path} not available");
            None
        }
    }
}

#[test]
fn kostra_12362_sample() -> Result<(), Box<dyn std::error::Error>> {
    let Some(bytes) = sample("12362_kostra_v2_jsonstat2_mimir_mock.json") else {
        return Ok(());
    };
    let ds = kommunetall_jsonstat::parse(&bytes)?;
    let rows = observations_from_dataset(&ds, Some("12362"))?;
    assert_eq!(rows.len(), 8);
    for r in &rows {
        assert_eq!(r.table_id, "12362");
        assert_eq!(r.region_code, "0301");
        assert_eq!(r.region_name, "Oslo - Oslove");
        assert_eq!(r.year, Some(2024));
        assert_eq!(r.period, "2024");
        assert_eq!(r.contents_code, "KOSandel3501");
        assert_eq!(r.indicator_label, "Andel av totale utgifter (prosent)");
        assert_eq!(r.unit.as_deref(), Some("prosent"));
        assert_eq!(r.extra_code("KOKart0000"), Some("AGD10"));
        assert_eq!(r.extra.len(), 2);
    }
    let barnehage = rows
        .iter()
        .find(|r| r.extra_code("KOKfunksjon0000") == Some("FGK7"))
        .ok_or("no FGK7")?;
    assert_eq!(barnehage.value, Some(11.4));
    assert_eq!(
        barnehage
            .extra
            .iter()
            .find(|e| e.dimension == "KOKfunksjon0000")
            .map(|e| e.label.as_str()),
        Some("Barnehage")
    );
    // the mock has no extension.px.tableid: without a hint the label prefix is used
    let rows = observations_from_dataset(&ds, None)?;
    assert_eq!(rows[0].table_id, "12362");
    Ok(())
}

#[test]
fn table_without_region_is_a_clear_error() -> Result<(), Box<dyn std::error::Error>> {
    let Some(bytes) = sample("11118_v2_data_jsonstat2.json") else {
        return Ok(());
    };
    let ds = kommunetall_jsonstat::parse(&bytes)?;
    let err = observations_from_dataset(&ds, None).expect_err("no region dimension");
    assert!(matches!(
        err,
        KostraError::MissingDimension { what: "region", .. }
    ));
    assert!(err.to_string().contains("11118"));
    Ok(())
}
