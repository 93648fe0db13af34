//! Every file in `/work/shared/ssb-samples/` (outside the repository; skipped
//! when absent), checked against its raw JSON independently of the parser:
//! a data response's dimension sizes multiply to its value count, every
//! value lands on the right cell, and every status symbol sits on the cell
//! the raw `status` names. Metadata and non-dataset documents must be told
//! apart with a clear error. A new sample that fits none of these fails.

use kommunetall_jsonstat::{JsonStatError, parse, parse_metadata};
use serde_json::Value;

const SAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/ssb-samples/");

/// The raw dataset object: the document itself (JSON-stat 2) or the only
/// dataset of a JSON-stat 1 bundle.
fn raw_dataset(root: &Value) -> Option<&Value> {
    if root.get("class").and_then(Value::as_str) == Some("dataset") {
        return Some(root);
    }
    let obj = root.as_object()?;
    if obj.len() == 1 {
        let inner = obj.values().next()?;
        if inner.get("dimension").is_some() {
            return Some(inner);
        }
    }
    None
}

/// Raw sizes: top-level `size` (2.0) or `dimension.size` (1.x).
fn raw_sizes(ds: &Value) -> Vec<usize> {
    ds.get("size")
        .or_else(|| ds.get("dimension").and_then(|d| d.get("size")))
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_u64)
                .filter_map(|n| usize::try_from(n).ok())
                .collect()
        })
        .unwrap_or_default()
}

/// Raw values by flat index (dense array or sparse object).
fn raw_values(ds: &Value, cells: usize) -> Vec<Option<f64>> {
    match ds.get("value") {
        Some(Value::Array(a)) => a.iter().map(Value::as_f64).collect(),
        Some(Value::Object(o)) => {
            let mut v = vec![None; cells];
            for (k, x) in o {
                if let Ok(i) = k.parse::<usize>()
                    && i < cells
                {
                    v[i] = x.as_f64();
                }
            }
            v
        }
        _ => Vec::new(),
    }
}

/// Raw status symbols by flat index (string for all, array or object).
fn raw_status(ds: &Value, cells: usize) -> Vec<Option<String>> {
    let s = |x: &Value| x.as_str().map(str::to_owned);
    match ds.get("status") {
        Some(Value::String(one)) => vec![Some(one.clone()); cells],
        Some(Value::Array(a)) => {
            let mut v: Vec<Option<String>> = a.iter().map(s).collect();
            v.resize(cells, None);
            v
        }
        Some(Value::Object(o)) => {
            let mut v = vec![None; cells];
            for (k, x) in o {
                if let Ok(i) = k.parse::<usize>()
                    && i < cells
                {
                    v[i] = s(x);
                }
            }
            v
        }
        _ => vec![None; cells],
    }
}

#[test]
fn every_sample_file_is_read_consistently() {
    let Ok(dir) = std::fs::read_dir(SAMPLES) else {
        eprintln!("skipping: {SAMPLES} not available");
        return;
    };
    let mut names: Vec<String> = dir
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json"))
        .collect();
    names.sort();
    let (mut data, mut metadata, mut other) = (0, 0, 0);
    for name in &names {
        let bytes = std::fs::read(format!("{SAMPLES}{name}")).expect("readable");
        let root: Value = serde_json::from_slice(&bytes).expect("valid JSON");
        match parse(&bytes) {
            Ok(ds) => {
                data += 1;
                let raw = raw_dataset(&root).expect("a dataset object");
                let sizes = raw_sizes(raw);
                assert_eq!(ds.sizes(), sizes, "{name}: sizes");
                let cells: usize = sizes.iter().product();
                assert_eq!(ds.cell_count(), cells, "{name}: cell count");
                let values = raw_values(raw, cells);
                assert_eq!(
                    values.len(),
                    cells,
                    "{name}: value count = product of sizes"
                );
                let status = raw_status(raw, cells);
                let obs: Vec<_> = ds.observations().collect();
                assert_eq!(obs.len(), cells, "{name}: one observation per cell");
                for (i, o) in obs.iter().enumerate() {
                    assert_eq!(o.index, i);
                    assert_eq!(o.value, values[i], "{name}: value of cell {i}");
                    assert_eq!(o.status, status[i], "{name}: status of cell {i}");
                    assert_eq!(o.categories.len(), sizes.len(), "{name}: cell {i}");
                    // row-major: the categories' positions give back the index
                    let positions: Vec<usize> = o
                        .categories
                        .iter()
                        .map(|c| {
                            ds.dimension(&c.dimension)
                                .and_then(|d| d.position(&c.code))
                                .expect("known category")
                        })
                        .collect();
                    assert_eq!(ds.flat_index(&positions).expect("in range"), i, "{name}");
                }
            }
            Err(JsonStatError::NoValues) => {
                metadata += 1;
                let md = parse_metadata(&bytes).expect("metadata parses");
                assert!(!md.has_values(), "{name}");
                let sizes = raw_sizes(raw_dataset(&root).expect("dataset object"));
                assert_eq!(md.sizes(), sizes, "{name}: metadata sizes");
            }
            Err(JsonStatError::NotJsonStat { .. }) => {
                other += 1;
                assert!(parse_metadata(&bytes).is_err(), "{name}");
            }
            Err(e) => panic!("{name}: unexpected error {e}"),
        }
    }
    eprintln!(
        "{} samples: {data} data, {metadata} metadata, {other} other documents",
        names.len()
    );
    assert!(data >= 4, "data samples: {data}");
}

#[test]
fn status_symbols_sit_on_the_null_cells_of_05300() {
    let Ok(bytes) = std::fs::read(format!("{SAMPLES}05300_v0_data_jsonstat2_with_status.json"))
    else {
        eprintln!("skipping: sample not available");
        return;
    };
    let ds = parse(&bytes).expect("parses");
    let root: Value = serde_json::from_slice(&bytes).expect("json");
    let status = root["status"].as_object().expect("sparse status object");
    assert_eq!(status.len(), 28);
    for (k, sym) in status {
        let i: usize = k.parse().expect("index");
        let o = ds.observation(i).expect("cell");
        assert_eq!(o.status.as_deref(), sym.as_str(), "cell {i}");
        assert_eq!(o.value, None, "cell {i} with a symbol has no value");
        assert_eq!(
            ds.status_at(
                &o.categories
                    .iter()
                    .map(|c| (c.dimension.as_str(), c.code.as_str()))
                    .collect::<Vec<_>>()
            )
            .expect("cell"),
            sym.as_str()
        );
    }
}
