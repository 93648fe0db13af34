//! Small hand-made JSON-stat fixtures covering the format variants and the
//! error paths.

use kommunetall_jsonstat::{JsonStatError, Role, parse, parse_bundle, parse_metadata};

/// A 2 × 3 dataset; `index_a`/`index_b` are the two category indexes,
/// `rest` the remaining dataset members (value, status, ...).
fn ds2x3(index_a: &str, index_b: &str, rest: &str) -> String {
    format!(
        r#"{{"version":"2.0","class":"dataset","label":"test",
        "id":["A","B"],"size":[2,3],
        "role":{{"time":["B"],"geo":["A"]}},
        "dimension":{{
          "A":{{"label":"region","category":{{"index":{index_a},
                "label":{{"a1":"Alpha","a2":"Beta"}}}}}},
          "B":{{"label":"år","category":{{"index":{index_b}}}}}
        }},
        {rest}}}"#
    )
}

const A_ARR: &str = r#"["a1","a2"]"#;
const A_OBJ: &str = r#"{"a2":1,"a1":0}"#;
const B_ARR: &str = r#"["2022","2023","2024"]"#;
const B_OBJ: &str = r#"{"2024":2,"2022":0,"2023":1}"#;

fn p(json: &str) -> Result<kommunetall_jsonstat::Dataset, JsonStatError> {
    parse(json.as_bytes())
}

#[test]
fn array_and_object_index_are_equivalent() {
    let rest = r#""value":[1,2,3,4,5,6]"#;
    let a = p(&ds2x3(A_ARR, B_ARR, rest)).expect("array form");
    let b = p(&ds2x3(A_OBJ, B_OBJ, rest)).expect("object form");
    assert_eq!(a.dimensions, b.dimensions);
    let codes: Vec<&str> = b.dimension("B").expect("B").codes().collect();
    assert_eq!(codes, ["2022", "2023", "2024"]);
    // Row-major, last dimension fastest.
    assert_eq!(
        b.value_at(&[("A", "a2"), ("B", "2022")]).expect("cell"),
        Some(4.0)
    );
    assert_eq!(
        b.value_at(&[("B", "2024"), ("A", "a1")]).expect("cell"),
        Some(3.0)
    );
    let obs: Vec<_> = a.observations().collect();
    assert_eq!(obs.len(), 6);
    assert_eq!(obs[4].code("A"), Some("a2"));
    assert_eq!(obs[4].label("A"), Some("Beta"));
    // No label given: the code doubles as the label.
    assert_eq!(obs[4].label("B"), Some("2023"));
    assert_eq!(obs[4].value, Some(5.0));
    assert_eq!(a.dimension("A").map(|d| d.label.as_str()), Some("region"));
    assert_eq!(
        a.dimension("A").and_then(|d| d.role.clone()),
        Some(Role::Geo)
    );
    assert_eq!(
        a.dimension("B").and_then(|d| d.role.clone()),
        Some(Role::Time)
    );
    assert_eq!(a.positions(4).expect("positions"), [1, 1]);
    assert_eq!(a.flat_index(&[1, 1]).expect("flat"), 4);
}

#[test]
fn nulls_in_dense_values() {
    let ds = p(&ds2x3(A_ARR, B_ARR, r#""value":[1,null,3,null,null,6.5]"#)).expect("parses");
    assert_eq!(ds.value_count(), 3);
    let vals: Vec<Option<f64>> = ds.observations().map(|o| o.value).collect();
    assert_eq!(vals, [Some(1.0), None, Some(3.0), None, None, Some(6.5)]);
    assert!(ds.observations().all(|o| o.status.is_none()));
    assert_eq!(ds.present_observations().len(), 3);
}

#[test]
fn sparse_value_object() {
    let ds = p(&ds2x3(
        A_ARR,
        B_ARR,
        r#""value":{"0":10,"5":-2.5,"3":null}"#,
    ))
    .expect("parses");
    assert!(ds.is_sparse());
    assert_eq!(ds.value_count(), 2);
    let vals: Vec<Option<f64>> = ds.observations().map(|o| o.value).collect();
    assert_eq!(vals, [Some(10.0), None, None, None, None, Some(-2.5)]);
    let present: Vec<usize> = ds.present_observations().iter().map(|o| o.index).collect();
    assert_eq!(present, [0, 5]);
    assert_eq!(
        ds.value_at(&[("A", "a2"), ("B", "2024")]).expect("cell"),
        Some(-2.5)
    );
}

#[test]
fn status_as_one_string() {
    let ds = p(&ds2x3(
        A_ARR,
        B_ARR,
        r#""value":[1,2,3,4,5,6],"status":"p""#,
    ))
    .expect("parses");
    assert_eq!(ds.status_for_all(), Some("p"));
    assert!(ds.observations().all(|o| o.status.as_deref() == Some("p")));
}

#[test]
fn status_as_array() {
    let ds = p(&ds2x3(
        A_ARR,
        B_ARR,
        r#""value":[1,null,null,4,null,6],"status":[null,"..",":","","-","..."]"#,
    ))
    .expect("parses");
    let st: Vec<Option<String>> = ds.observations().map(|o| o.status).collect();
    assert_eq!(
        st,
        [
            None,
            Some("..".into()),
            Some(":".into()),
            None,
            Some("-".into()),
            Some("...".into())
        ]
    );
    assert_eq!(
        ds.status_at(&[("A", "a1"), ("B", "2024")]).expect("cell"),
        Some(":")
    );
    assert_eq!(ds.statuses().len(), 4);
}

#[test]
fn status_as_one_element_array_applies_to_all() {
    let ds = p(&ds2x3(
        A_ARR,
        B_ARR,
        r#""value":[1,2,3,4,5,6],"status":["e"]"#,
    ))
    .expect("parses");
    assert!(ds.observations().all(|o| o.status.as_deref() == Some("e")));
}

#[test]
fn status_as_sparse_object() {
    let ds = p(&ds2x3(
        A_ARR,
        B_ARR,
        r#""value":[1,null,3,4,5,null],"status":{"1":".","5":":"}"#,
    ))
    .expect("parses");
    let o = ds.observation(5).expect("cell");
    assert_eq!((o.value, o.status.as_deref()), (None, Some(":")));
    assert_eq!(o.code("A"), Some("a2"));
    assert_eq!(o.code("B"), Some("2024"));
    assert_eq!(ds.statuses(), [(1, "."), (5, ":")]);
    assert_eq!(ds.observation(0).expect("cell").status, None);
}

#[test]
fn symbols_inside_value_become_status() {
    let ds = p(&ds2x3(
        A_ARR,
        B_ARR,
        r#""value":[1,"..","2.5",":",5,6],"status":{"3":"x"}"#,
    ))
    .expect("parses");
    let o1 = ds.observation(1).expect("cell");
    assert_eq!((o1.value, o1.status.as_deref()), (None, Some("..")));
    assert_eq!(ds.value(2), Some(2.5));
    // An explicit status wins over a symbol in `value`.
    assert_eq!(ds.status(3), Some("x"));
}

#[test]
fn jsonstat1_bundle() {
    let json = r#"{"dataset":{
        "label":"legacy","source":"SSB","updated":"2014-08-09",
        "dimension":{
          "id":["Region","ContentsCode"],"size":[2,1],
          "role":{"metric":["ContentsCode"]},
          "Region":{"label":"region","category":{"index":{"0301":0,"1103":1},
             "label":{"0301":"Oslo","1103":"Stavanger"}}},
          "ContentsCode":{"category":{"label":{"Folk":"Folkemengde"},
             "unit":{"Folk":{"base":"personer","decimals":0}}}}
        },
        "value":[709037,null],"status":[null,".."]}}"#;
    let ds = p(json).expect("bundle parses");
    assert_eq!(ds.label.as_deref(), Some("legacy"));
    assert_eq!(ds.sizes(), [2, 1]);
    // `index` may be left out of a one-category dimension.
    let cc = ds.dimension("ContentsCode").expect("ContentsCode");
    assert_eq!(cc.role, Some(Role::Metric));
    assert_eq!(cc.categories[0].code, "Folk");
    assert_eq!(cc.categories[0].label, "Folkemengde");
    assert_eq!(
        cc.categories[0].unit.as_ref().and_then(|u| u.name()),
        Some("personer")
    );
    assert_eq!(
        ds.value_at(&[("Region", "0301")]).expect("cell"),
        Some(709_037.0)
    );
    assert_eq!(
        ds.status_at(&[("Region", "1103")]).expect("cell"),
        Some("..")
    );

    let bundle = parse_bundle(json.as_bytes()).expect("bundle");
    assert_eq!(bundle.len(), 1);
    assert_eq!(bundle[0].0, "dataset");
}

#[test]
fn jsonstat1_bundle_with_two_datasets() {
    let one = r#"{"dimension":{"id":["T"],"size":[1],"T":{"category":{"index":{"2020":0}}}},"value":[1]}"#;
    let json = format!(r#"{{"d1":{one},"d2":{one}}}"#);
    match parse(json.as_bytes()) {
        Err(JsonStatError::MultipleDatasets { names }) => assert_eq!(names, ["d1", "d2"]),
        other => panic!("expected MultipleDatasets, got {other:?}"),
    }
    let all = parse_bundle(json.as_bytes()).expect("bundle");
    assert_eq!(all.len(), 2);
    assert_eq!(all[1].1.value(0), Some(1.0));
}

#[test]
fn dataset_metadata_members_kept() {
    let ds = p(&ds2x3(
        A_ARR,
        B_ARR,
        r#""value":[1,2,3,4,5,6],"source":"SSB","updated":"2024-01-10T07:00:00Z",
           "note":["n1","n2"],"error":[{"status":"422","label":"too big"}],
           "extension":{"px":{"tableid":"12345","decimals":1}}"#,
    ))
    .expect("parses");
    assert_eq!(ds.table_id(), Some("12345"));
    assert_eq!(
        ds.extension_path(&["px", "decimals"])
            .and_then(|v| v.as_u64()),
        Some(1)
    );
    assert_eq!(ds.extension_path(&["px", "nope"]), None);
    assert_eq!(ds.note, ["n1", "n2"]);
    assert_eq!(ds.error.len(), 1);
    assert_eq!(ds.updated.as_deref(), Some("2024-01-10T07:00:00Z"));
}

#[test]
fn unit_with_label_and_decimals() {
    let json = r#"{"class":"dataset","id":["M"],"size":[2],
      "dimension":{"M":{"category":{"index":["x","y"],
        "unit":{"x":{"label":"NOK 1000","decimals":0,"symbol":"kr","position":"end","type":"count"},
                "y":{"base":"prosent","decimals":1}}}}},
      "value":[1,2]}"#;
    let ds = p(json).expect("parses");
    let m = ds.dimension("M").expect("M");
    let x = m
        .category("x")
        .and_then(|c| c.unit.clone())
        .expect("unit x");
    assert_eq!(x.name(), Some("NOK 1000"));
    assert_eq!(x.decimals, Some(0));
    assert_eq!(x.symbol.as_deref(), Some("kr"));
    assert!(x.extra.contains_key("type"));
    let y = m
        .category("y")
        .and_then(|c| c.unit.clone())
        .expect("unit y");
    assert_eq!((y.name(), y.decimals), (Some("prosent"), Some(1)));
}

#[test]
fn value_count_mismatch_is_an_error() {
    let e = p(&ds2x3(A_ARR, B_ARR, r#""value":[1,2,3,4,5]"#)).expect_err("5 values for 6 cells");
    assert!(matches!(
        e,
        JsonStatError::ValueCountMismatch {
            field: "value",
            expected: 6,
            found: 5
        }
    ));
    let e = p(&ds2x3(
        A_ARR,
        B_ARR,
        r#""value":[1,2,3,4,5,6],"status":[".",".","."]"#,
    ))
    .expect_err("status too short");
    assert!(matches!(
        e,
        JsonStatError::ValueCountMismatch {
            field: "status",
            ..
        }
    ));
}

#[test]
fn size_and_index_mismatch_is_an_error() {
    let json = ds2x3(A_ARR, B_ARR, r#""value":[1,2,3,4,5,6]"#).replace("[2,3]", "[2,4]");
    let e = p(&json).expect_err("size 4 vs 3 categories");
    assert!(
        matches!(
            e,
            JsonStatError::SizeMismatch {
                size: 4,
                categories: 3,
                ..
            }
        ),
        "{e}"
    );
    let json = ds2x3(A_OBJ, B_OBJ, r#""value":[1,2,3,4,5,6]"#).replace("[2,3]", "[2,4]");
    assert!(matches!(p(&json), Err(JsonStatError::SizeMismatch { .. })));
    let json = ds2x3(A_ARR, B_ARR, r#""value":[1,2,3,4,5,6]"#).replace("[2,3]", "[2,3,1]");
    assert!(matches!(
        p(&json),
        Err(JsonStatError::IdSizeMismatch { ids: 2, sizes: 3 })
    ));
}

#[test]
fn bad_category_index_is_an_error() {
    for (idx, what) in [
        (r#"{"a1":0,"a2":0}"#, "shared position"),
        (r#"{"a1":0,"a2":7}"#, "out of range"),
        (r#"{"a1":0,"a2":-1}"#, "negative"),
        (r#"{"a1":0,"a2":"1"}"#, "string position"),
        (r#"["a1","a1"]"#, "duplicate code"),
        (r#"["a1",{}]"#, "object code"),
        (r#"17"#, "number"),
    ] {
        let e = p(&ds2x3(idx, B_ARR, r#""value":[1,2,3,4,5,6]"#)).expect_err(what);
        assert!(matches!(e, JsonStatError::BadIndex { .. }), "{what}: {e}");
    }
}

#[test]
fn bad_cell_keys_and_entries_are_errors() {
    for (rest, what) in [
        (r#""value":{"6":1}"#, "key past the end"),
        (r#""value":{"x":1}"#, "non-numeric key"),
        (r#""value":{"-1":1}"#, "negative key"),
        (r#""value":[1,2,3,4,5,6],"status":{"99":"."}"#, "status key"),
    ] {
        let e = p(&ds2x3(A_ARR, B_ARR, rest)).expect_err(what);
        assert!(matches!(e, JsonStatError::BadCellKey { .. }), "{what}: {e}");
    }
    let e = p(&ds2x3(A_ARR, B_ARR, r#""value":[1,2,true,4,5,6]"#)).expect_err("bool");
    assert!(
        matches!(e, JsonStatError::InvalidEntry { index: 2, .. }),
        "{e}"
    );
    let e = p(&ds2x3(A_ARR, B_ARR, r#""value":"1,2""#)).expect_err("string value");
    assert!(
        matches!(e, JsonStatError::InvalidField { field: "value", .. }),
        "{e}"
    );
}

#[test]
fn huge_sizes_are_errors_or_lazy() {
    // 2^70 cells overflow usize: an error, not an allocation.
    let n = 70;
    let ids: Vec<String> = (0..n).map(|i| format!("\"d{i}\"")).collect();
    let dims: Vec<String> = (0..n)
        .map(|i| format!(r#""d{i}":{{"category":{{"index":["x","y"]}}}}"#))
        .collect();
    let json = format!(
        r#"{{"class":"dataset","id":[{}],"size":[{}],"dimension":{{{}}},"value":{{"1":1}}}}"#,
        ids.join(","),
        vec!["2"; n].join(","),
        dims.join(",")
    );
    assert!(matches!(
        p(&json),
        Err(JsonStatError::CellCountOverflow { .. })
    ));

    // A declared size far above the categories present is a mismatch, not
    // an allocation.
    let json = r#"{"class":"dataset","id":["T"],"size":[18446744073709551615],
      "dimension":{"T":{"category":{"index":{"a":0,"b":1}}}},"value":[1,2]}"#;
    assert!(matches!(p(json), Err(JsonStatError::SizeMismatch { .. })));
    let json = r#"{"class":"dataset","id":["T"],"size":[2],
      "dimension":{"T":{"category":{"index":{"a":0,"b":18446744073709551615}}}},"value":[1,2]}"#;
    assert!(matches!(p(json), Err(JsonStatError::BadIndex { .. })));

    // 2^40 cells with a sparse value: fine, and iteration stays lazy.
    let n = 40;
    let ids: Vec<String> = (0..n).map(|i| format!("\"d{i}\"")).collect();
    let dims: Vec<String> = (0..n)
        .map(|i| format!(r#""d{i}":{{"category":{{"index":["x","y"]}}}}"#))
        .collect();
    let json = format!(
        r#"{{"class":"dataset","id":[{}],"size":[{}],"dimension":{{{}}},"value":{{"1":1.5}},"status":"s"}}"#,
        ids.join(","),
        vec!["2"; n].join(","),
        dims.join(",")
    );
    let ds = p(&json).expect("sparse huge dataset parses");
    assert_eq!(ds.cell_count(), 1 << 40);
    assert_eq!(ds.observations().len(), 1 << 40);
    let first: Vec<_> = ds.observations().take(2).collect();
    assert_eq!(first[1].value, Some(1.5));
    assert_eq!(first[1].code("d39"), Some("y"));
    assert_eq!(ds.present_observations().len(), 1);
    assert_eq!(ds.statuses().len(), 0);
    assert_eq!(ds.status((1 << 40) - 1), Some("s"));
    assert_eq!(ds.status(1 << 40), None);
}

#[test]
fn lookup_errors() {
    let ds = p(&ds2x3(A_ARR, B_ARR, r#""value":[1,2,3,4,5,6]"#)).expect("parses");
    assert!(matches!(
        ds.value_at(&[("X", "a1"), ("B", "2022")]),
        Err(JsonStatError::UnknownDimension(_))
    ));
    assert!(matches!(
        ds.value_at(&[("A", "zz"), ("B", "2022")]),
        Err(JsonStatError::UnknownCode { .. })
    ));
    assert!(matches!(
        ds.value_at(&[("A", "a1")]),
        Err(JsonStatError::MissingCoordinate(d)) if d == "B"
    ));
    assert!(matches!(
        ds.value_at(&[("A", "a1"), ("A", "a2"), ("B", "2022")]),
        Err(JsonStatError::DuplicateCoordinate(_))
    ));
    assert!(matches!(
        ds.observation(6),
        Err(JsonStatError::CellOutOfRange { index: 6, cells: 6 })
    ));
    assert!(ds.flat_index(&[2, 0]).is_err());
    assert!(ds.flat_index(&[0]).is_err());
    assert_eq!(ds.value(99), None);
    assert_eq!(ds.status(99), None);
}

#[test]
fn not_datasets() {
    assert!(matches!(p("not json"), Err(JsonStatError::Json(_))));
    assert!(matches!(
        p("[1,2]"),
        Err(JsonStatError::NotAnObject { found: "array" })
    ));
    assert!(matches!(
        p(r#"{"class":"collection","link":{"item":[]}}"#),
        Err(JsonStatError::UnsupportedClass { class }) if class == "collection"
    ));
    assert!(matches!(
        p(
            r#"{"type":"https://tools.ietf.org/html/rfc7231#section-6.5.1","title":"Bad Request","status":400,"detail":"Too many cells"}"#
        ),
        Err(JsonStatError::ApiError {
            status: Some(400),
            ..
        })
    ));
    assert!(matches!(
        p(r#"{"query":[],"response":{"format":"json-stat2"}}"#),
        Err(JsonStatError::NotJsonStat { .. })
    ));
    assert!(matches!(
        p(r#"{"foo":1}"#),
        Err(JsonStatError::NotJsonStat { .. })
    ));
    assert!(matches!(
        p(r#"{"class":"dataset","id":["A"],"size":[1]}"#),
        Err(JsonStatError::MissingField {
            field: "dimension",
            ..
        })
    ));
    assert!(matches!(
        p(r#"{"class":"dataset","id":["A"],"size":[1],"dimension":{}}"#),
        Err(JsonStatError::MissingField { .. })
    ));
    assert!(matches!(
        p(
            r#"{"class":"dataset","id":["A","A"],"size":[1,1],"dimension":{"A":{"category":{"index":["x"]}}},"value":[1]}"#
        ),
        Err(JsonStatError::DuplicateDimension(_))
    ));
}

#[test]
fn metadata_without_values() {
    let json = ds2x3(A_ARR, B_ARR, r#""label2":"no values""#);
    assert!(matches!(p(&json), Err(JsonStatError::NoValues)));
    let ds = parse_metadata(json.as_bytes()).expect("metadata");
    assert!(!ds.has_values());
    assert_eq!(ds.cell_count(), 6);
    assert_eq!(ds.observations().count(), 0);
    assert!(ds.present_observations().is_empty());
    // With values, parse_metadata behaves like parse.
    let ds =
        parse_metadata(ds2x3(A_ARR, B_ARR, r#""value":[1,2,3,4,5,6]"#).as_bytes()).expect("data");
    assert_eq!(ds.observations().count(), 6);
}

#[test]
fn mangled_fixtures_never_panic() {
    let good = ds2x3(A_OBJ, B_OBJ, r#""value":{"0":1,"5":2},"status":{"1":".."}"#);
    let bytes = good.as_bytes();
    for cut in 0..bytes.len() {
        let _ = parse(&bytes[..cut]);
        let _ = parse_metadata(&bytes[..cut]);
    }
    // Replace every digit in turn by a large number.
    for (i, b) in bytes.iter().enumerate() {
        if b.is_ascii_digit() {
            let mut m = bytes[..i].to_vec();
            m.extend_from_slice(b"99999999999999999999");
            m.extend_from_slice(&bytes[i + 1..]);
            let _ = parse(&m);
        }
    }
}
