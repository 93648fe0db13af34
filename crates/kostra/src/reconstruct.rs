//! Reconstructed responses: JSON-stat2 documents in the shape of SSB's
//! PxWebApi v2 answers whose values are figures a report prints, stored
//! under the request a query makes, so that an offline run finds them as if
//! they had been fetched.
//!
//! They are sample data for a machine without access to SSB, and say so
//! everywhere they can:
//!
//! * the dataset `label`, `source` and `note` start with "RECONSTRUCTED";
//! * `extension.kommunetall` holds `"reconstructed": true`, the document
//!   they come from (`from`) and every cell's source (report table, row,
//!   column, the text as printed);
//! * the sidecar's provenance is [`Provenance::Reconstructed`], its status
//!   0 and its `note` names the source.
//!
//! Cells the report does not print are `null` without a status symbol.
//! Category labels are the report's row labels or the mapping's labels, not
//! SSB's. `kommunetall kostra fetch` (online) overwrites them with SSB's
//! answers to the same requests.

use std::collections::{BTreeMap, BTreeSet};
use std::time::SystemTime;

use serde::Serialize;
use serde_json::{Value, json};

use crate::client::ClientConfig;
use crate::error::{KostraError, Result};
use crate::mapping::REGION_VARIABLE;
use crate::query::TableQuery;
use crate::request::Request;
use crate::store::{Provenance, Store, StoredMeta};

/// One figure as a report prints it, with the SSB coordinates it stands for.
#[derive(Debug, Clone, PartialEq)]
pub struct PrintedCell {
    /// The report's indicator key.
    pub indicator_key: String,
    /// SSB table id.
    pub table_id: String,
    /// `ContentsCode` (possibly a placeholder).
    pub contents_code: String,
    /// Label for the `ContentsCode` category.
    pub contents_label: String,
    /// Unit for the `ContentsCode` category.
    pub unit: Option<String>,
    /// Further dimension codes (`KOKfunksjon0000` → `370`).
    pub dims: BTreeMap<String, String>,
    /// Region code.
    pub region_code: String,
    /// Year.
    pub year: i32,
    /// The value as parsed.
    pub value: f64,
    /// The text as printed (`"226 889"`, `"−0,9"`).
    pub printed: String,
    /// Report table id (`"4.3"`).
    pub report_table: String,
    /// Body row in the report table (0-based).
    pub row: i32,
    /// Grid column in the report table (1-based value column).
    pub col: i32,
}

/// Where reconstructed responses come from and how they are dated.
#[derive(Debug, Clone)]
pub struct Reconstruction<'a> {
    /// The document, as a project path (`raw/trondheim/2024/arsberetning-2024.pdf`).
    pub document: &'a str,
    /// Who published it (`Trondheim kommune, Årsberetning 2024`).
    pub publisher: &'a str,
    /// The dataset's `updated`: the date of the figures the report uses
    /// (SSB's preliminary publication, `2025-03-15T00:00:00Z`).
    pub updated: &'a str,
    /// Region labels by code (missing codes are labelled with the code).
    pub region_names: &'a BTreeMap<String, String>,
    /// Client settings used to plan the requests; must equal those of the
    /// run that reads them (the defaults).
    pub config: &'a ClientConfig,
    /// The sidecar's `fetched_at`: when the reconstruction was made.
    pub at: SystemTime,
}

/// A JSON value whose objects keep their key order (serde_json's `Value`
/// sorts keys), so the documents read like SSB's.
enum Node {
    V(Value),
    O(Vec<(String, Node)>),
    A(Vec<Node>),
}

impl Serialize for Node {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match self {
            Self::V(v) => v.serialize(s),
            Self::O(fields) => s.collect_map(fields.iter().map(|(k, v)| (k, v))),
            Self::A(items) => s.collect_seq(items),
        }
    }
}

fn obj<const N: usize>(fields: [(&str, Node); N]) -> Node {
    Node::O(fields.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
}

fn v(value: impl Into<Value>) -> Node {
    Node::V(value.into())
}

/// A reconstructed response body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReconstructedDoc {
    /// The JSON-stat2 document, pretty-printed.
    pub body: Vec<u8>,
    /// The source, e.g. `raw/…/arsberetning-2024.pdf table 1.5`.
    pub from: String,
    /// Number of printed figures in it.
    pub figures: usize,
}

/// Whether a cell lies inside a query's selections.
fn in_query(cell: &PrintedCell, q: &TableQuery) -> bool {
    if cell.table_id != q.table_id {
        return false;
    }
    if cell.dims.keys().any(|d| q.selection(d).is_none()) {
        return false;
    }
    q.selections.iter().all(|s| {
        let code = coordinate(cell, &s.variable);
        code.is_some_and(|c| s.values.contains(&c))
    })
}

/// The cell's code in a variable.
fn coordinate(cell: &PrintedCell, variable: &str) -> Option<String> {
    match variable {
        REGION_VARIABLE => Some(cell.region_code.clone()),
        "Tid" => Some(cell.year.to_string()),
        "ContentsCode" => Some(cell.contents_code.clone()),
        other => cell.dims.get(other).cloned(),
    }
}

/// Decimals of a printed number: the digits after its last `,` or `.`.
fn printed_decimals(text: &str) -> u32 {
    let t = text.trim();
    match t.rfind([',', '.']) {
        Some(i) => {
            let tail = &t[i + 1..];
            if !tail.is_empty() && tail.chars().all(|c| c.is_ascii_digit()) {
                u32::try_from(tail.len()).unwrap_or(0)
            } else {
                0
            }
        }
        None => 0,
    }
}

fn number(v: f64) -> Value {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        // Integral values are written without ".0", as SSB does.
        #[allow(clippy::cast_possible_truncation)]
        let i = v as i64;
        json!(i)
    } else {
        json!(v)
    }
}

fn dimension_label(variable: &str) -> &str {
    match variable {
        REGION_VARIABLE => "region",
        "Tid" => "år",
        "ContentsCode" => "statistikkvariabel",
        "KOKart0000" => "art",
        "KOKfunksjon0000" => "funksjon",
        other => other,
    }
}

/// The report tables a set of cells comes from, as "table 4.3" or
/// "tables 7.4, 7.6".
fn tables_phrase(cells: &[&PrintedCell]) -> String {
    let tables: BTreeSet<&str> = cells.iter().map(|c| c.report_table.as_str()).collect();
    let list: Vec<&str> = tables.into_iter().collect();
    if list.len() == 1 {
        format!("table {}", list[0])
    } else {
        format!("tables {}", list.join(", "))
    }
}

/// The reconstructed JSON-stat2 document for one request's query (`part`):
/// dimensions in the query's variable order, holding only the categories
/// with at least one printed figure; `None` when no cell falls inside it.
pub fn reconstructed_dataset(
    part: &TableQuery,
    cells: &[PrintedCell],
    r: &Reconstruction<'_>,
) -> Result<Option<ReconstructedDoc>> {
    let inside: Vec<&PrintedCell> = cells.iter().filter(|c| in_query(c, part)).collect();
    if inside.is_empty() {
        return Ok(None);
    }
    let conflict = |reason: String| KostraError::Config {
        context: format!("reconstruction of table {}", part.table_id),
        reason,
    };
    // Categories per variable: the selected codes that carry a figure.
    let mut cats: Vec<(String, Vec<String>)> = Vec::new();
    for s in &part.selections {
        let used: BTreeSet<String> = inside
            .iter()
            .filter_map(|c| coordinate(c, &s.variable))
            .collect();
        let codes: Vec<String> = s
            .values
            .iter()
            .filter(|v| used.contains(*v))
            .cloned()
            .collect();
        cats.push((s.variable.clone(), codes));
    }
    let sizes: Vec<usize> = cats.iter().map(|(_, c)| c.len()).collect();
    let total: usize = sizes.iter().product();
    let mut values: Vec<Value> = vec![Value::Null; total];
    let mut filled: Vec<Option<&PrintedCell>> = vec![None; total];
    for cell in &inside {
        let mut index = 0usize;
        for (var, codes) in &cats {
            let code = coordinate(cell, var).unwrap_or_default();
            let pos = codes
                .iter()
                .position(|c| *c == code)
                .ok_or_else(|| conflict(format!("{var}={code} not among the categories")))?;
            index = index * codes.len() + pos;
        }
        if let Some(prev) = filled[index] {
            if prev.value != cell.value {
                return Err(conflict(format!(
                    "{} {} {}: report tables {} and {} print {} and {}",
                    cell.indicator_key,
                    cell.region_code,
                    cell.year,
                    prev.report_table,
                    cell.report_table,
                    prev.printed,
                    cell.printed
                )));
            }
            continue;
        }
        filled[index] = Some(cell);
        values[index] = number(cell.value);
    }

    let mut dimension: Vec<(String, Node)> = Vec::new();
    for (var, codes) in &cats {
        let mut index = Vec::new();
        let mut label = Vec::new();
        let mut unit = Vec::new();
        for (i, code) in codes.iter().enumerate() {
            index.push((code.clone(), v(i)));
            let text = match var.as_str() {
                REGION_VARIABLE => r
                    .region_names
                    .get(code)
                    .cloned()
                    .unwrap_or_else(|| code.clone()),
                "ContentsCode" => inside
                    .iter()
                    .find(|c| c.contents_code == *code)
                    .map(|c| c.contents_label.clone())
                    .unwrap_or_else(|| code.clone()),
                _ => code.clone(),
            };
            label.push((code.clone(), v(text)));
            if var == "ContentsCode" {
                let of_code: Vec<&&PrintedCell> =
                    inside.iter().filter(|c| c.contents_code == *code).collect();
                let decimals = of_code
                    .iter()
                    .map(|c| printed_decimals(&c.printed))
                    .max()
                    .unwrap_or(0);
                if let Some(base) = of_code.iter().find_map(|c| c.unit.clone()) {
                    unit.push((
                        code.clone(),
                        obj([("base", v(base)), ("decimals", v(decimals))]),
                    ));
                }
            }
        }
        let mut category = vec![
            ("index".to_owned(), Node::O(index)),
            ("label".to_owned(), Node::O(label)),
        ];
        if !unit.is_empty() {
            category.push(("unit".to_owned(), Node::O(unit)));
        }
        dimension.push((
            var.clone(),
            obj([
                ("label", v(dimension_label(var))),
                ("category", Node::O(category)),
            ]),
        ));
    }

    let classification: Vec<&str> = cats
        .iter()
        .map(|(v, _)| v.as_str())
        .filter(|v| !matches!(*v, REGION_VARIABLE | "Tid" | "ContentsCode"))
        .collect();
    let mut role = vec![
        ("time".to_owned(), v(json!(["Tid"]))),
        ("geo".to_owned(), v(json!([REGION_VARIABLE]))),
        ("metric".to_owned(), v(json!(["ContentsCode"]))),
    ];
    if !classification.is_empty() {
        role.push(("classification".to_owned(), v(json!(classification))));
    }
    let from = format!("{} {}", r.document, tables_phrase(&inside));
    let cell_list: Vec<Node> = inside
        .iter()
        .map(|c| {
            obj([
                ("indicator", v(c.indicator_key.clone())),
                ("table", v(c.report_table.clone())),
                ("row", v(c.row)),
                ("col", v(c.col)),
                ("printed", v(c.printed.clone())),
                ("value", v(number(c.value))),
                ("region", v(c.region_code.clone())),
                ("year", v(c.year)),
                ("ContentsCode", v(c.contents_code.clone())),
                ("dims", v(json!(c.dims))),
            ])
        })
        .collect();
    let ids: Vec<&str> = cats.iter().map(|(v, _)| v.as_str()).collect();
    let doc = obj([
        ("version", v("2.0")),
        ("class", v("dataset")),
        (
            "label",
            v(format!(
                "{}: RECONSTRUCTED from {} (figures as printed) - not an SSB response",
                part.table_id, r.publisher
            )),
        ),
        (
            "source",
            v(format!(
                "RECONSTRUCTED from {} - not Statistisk sentralbyrå",
                r.publisher
            )),
        ),
        ("updated", v(r.updated)),
        (
            "note",
            v(json!([format!(
                "RECONSTRUCTED sample data, not fetched from SSB: the values are the figures printed in {from}. \
                 Cells the report does not print are null (no status symbol). Category labels are the report's \
                 or the project's, not SSB's; ContentsCodes starting with UNKNOWN_ are placeholders. \
                 `kommunetall kostra fetch` replaces this file with SSB's answer to the same request."
            )])),
        ),
        ("role", Node::O(role)),
        ("id", v(json!(ids))),
        ("size", v(json!(sizes))),
        ("dimension", Node::O(dimension)),
        (
            "extension",
            obj([(
                "kommunetall",
                obj([
                    ("reconstructed", v(true)),
                    ("from", v(from.clone())),
                    (
                        "updated_is",
                        v(
                            "the date of SSB's preliminary KOSTRA publication the report's figures come from",
                        ),
                    ),
                    ("cells", Node::A(cell_list)),
                ]),
            )]),
        ),
        ("value", v(Value::Array(values))),
    ]);
    let body = serde_json::to_vec_pretty(&doc).map_err(|source| KostraError::Json {
        context: format!("reconstructed response of table {}", part.table_id),
        source,
    })?;
    Ok(Some(ReconstructedDoc {
        body,
        from,
        figures: inside.len(),
    }))
}

/// Writes the reconstructed responses of one query into `store`: one file
/// (and sidecar) per request the query is planned into, for each part that
/// holds at least one printed figure. Returns the sidecars written.
pub fn write_reconstructed(
    store: &Store,
    query: &TableQuery,
    cells: &[PrintedCell],
    r: &Reconstruction<'_>,
) -> Result<Vec<StoredMeta>> {
    query.validate()?;
    let mut written = Vec::new();
    for part in query.split(r.config.max_cells) {
        let Some(doc) = reconstructed_dataset(&part, cells, r)? else {
            continue;
        };
        let request = Request::data(
            &part,
            &r.config.lang,
            &r.config.base_url,
            r.config.max_get_url_len,
        );
        let note = format!(
            "reconstructed from {} (figures as printed; not an SSB response)",
            doc.from
        );
        written.push(store.put_with_note(
            &request,
            &r.config.base_url,
            &doc.body,
            0,
            Provenance::Reconstructed,
            r.at,
            Some(&note),
        )?);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::Client;
    use crate::observation::observations_from_dataset;

    fn cell(region: &str, year: i32, value: f64, printed: &str) -> PrintedCell {
        PrintedCell {
            indicator_key: "k".into(),
            table_id: "12134".into(),
            contents_code: "KOSAGD230000".into(),
            contents_label: "Netto driftsresultat".into(),
            unit: Some("prosent".into()),
            dims: BTreeMap::new(),
            region_code: region.into(),
            year,
            value,
            printed: printed.into(),
            report_table: "1.5".into(),
            row: 0,
            col: 1,
        }
    }

    #[test]
    fn round_trip_through_an_offline_client() -> Result<()> {
        let tmp = tempfile::tempdir().map_err(|source| KostraError::Io {
            path: "tempdir".into(),
            source,
        })?;
        let store = Store::new(tmp.path());
        let q = TableQuery::new("12134")
            .select(REGION_VARIABLE, ["5001", "0301", "EAKUO"])
            .select("ContentsCode", ["KOSAGD230000"])
            .select("Tid", ["2022", "2023", "2024"]);
        let cells = vec![
            cell("5001", 2024, 3.5, "3,5"),
            cell("0301", 2024, -0.9, "−0,9"),
            cell("5001", 2023, 2.0, "2"),
            cell("ASSS", 2024, -0.3, "−0,3"), // not selected: left out
        ];
        let names = BTreeMap::from([("5001".to_owned(), "Trondheim".to_owned())]);
        let config = ClientConfig::default();
        let r = Reconstruction {
            document: "report.pdf",
            publisher: "A municipality",
            updated: "2025-03-15T00:00:00Z",
            region_names: &names,
            config: &config,
            at: SystemTime::UNIX_EPOCH,
        };
        let metas = write_reconstructed(&store, &q, &cells, &r)?;
        assert_eq!(metas.len(), 1);
        assert_eq!(metas[0].provenance, Provenance::Reconstructed);
        let client = Client::offline(store);
        let t = client.fetch(&q)?;
        let ds = &t.parts[0].dataset;
        assert_eq!(ds.sizes(), [2, 1, 2]);
        assert_eq!(ds.updated.as_deref(), Some("2025-03-15T00:00:00Z"));
        let rows = observations_from_dataset(ds, Some("12134"))?;
        let get = |reg: &str, y: i32| {
            rows.iter()
                .find(|o| o.region_code == reg && o.year == Some(y))
                .map(|o| o.value)
        };
        assert_eq!(get("5001", 2024), Some(Some(3.5)));
        assert_eq!(get("0301", 2024), Some(Some(-0.9)));
        assert_eq!(get("0301", 2023), Some(None));
        assert_eq!(rows[0].region_name, "Trondheim");
        assert_eq!(rows[0].unit.as_deref(), Some("prosent"));
        assert_eq!(
            ds.extension_path(&["kommunetall", "reconstructed"]),
            Some(&json!(true))
        );
        Ok(())
    }

    #[test]
    fn conflicting_figures_are_an_error() {
        let q = TableQuery::new("12134")
            .select(REGION_VARIABLE, ["5001"])
            .select("ContentsCode", ["KOSAGD230000"])
            .select("Tid", ["2024"]);
        let cells = vec![
            cell("5001", 2024, 3.5, "3,5"),
            cell("5001", 2024, 3.6, "3,6"),
        ];
        let names = BTreeMap::new();
        let config = ClientConfig::default();
        let r = Reconstruction {
            document: "report.pdf",
            publisher: "A municipality",
            updated: "2025-03-15T00:00:00Z",
            region_names: &names,
            config: &config,
            at: SystemTime::UNIX_EPOCH,
        };
        assert!(reconstructed_dataset(&q, &cells, &r).is_err());
        assert_eq!(printed_decimals("226 889"), 0);
        assert_eq!(printed_decimals("−0,90"), 2);
    }
}
