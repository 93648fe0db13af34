//! Walks a `serde_json::Value` into the typed [`Dataset`] model, for
//! JSON-stat 2.0 datasets, JSON-stat 1 bundles and single JSON-stat 1
//! datasets, and recognises the non-dataset documents PxWeb serves.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde_json::{Map, Value};

use crate::JsonStatError;
use crate::model::{Category, Dataset, Dimension, Role, Statuses, Unit, Values};

type Obj = Map<String, Value>;

/// Whether a dataset must carry `value`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// `value` is required.
    Data,
    /// `value` may be absent (metadata responses).
    Metadata,
}

/// Parses a JSON-stat response into a [`Dataset`].
///
/// Accepts a JSON-stat 2.0 dataset (`"class": "dataset"`), a JSON-stat 1
/// bundle holding exactly one dataset (`{"dataset": {...}}`, with `id`,
/// `size` and `role` inside `dimension`), or a bare JSON-stat 1 dataset.
///
/// Documents that are not datasets give a descriptive error:
/// [`JsonStatError::NotJsonStat`] for PxWeb metadata / table-info / config
/// responses and POST query bodies, [`JsonStatError::NoValues`] for a
/// JSON-stat metadata response (use [`parse_metadata`]),
/// [`JsonStatError::ApiError`] for an error body.
pub fn parse(json: &[u8]) -> Result<Dataset, JsonStatError> {
    let root: Value = serde_json::from_slice(json)?;
    parse_value(&root)
}

/// Like [`parse`], but from an already parsed JSON value.
pub fn parse_value(root: &Value) -> Result<Dataset, JsonStatError> {
    match locate(root)? {
        Located::Single(obj) => dataset(obj, Mode::Data),
        Located::Bundle(mut items) => {
            if items.len() == 1 {
                let (_, obj) = items.remove(0);
                dataset(obj, Mode::Data)
            } else {
                Err(JsonStatError::MultipleDatasets {
                    names: items.into_iter().map(|(k, _)| k.to_owned()).collect(),
                })
            }
        }
    }
}

/// Parses a JSON-stat dataset that may lack `value`, such as PxWeb v2's
/// `/tables/{id}/metadata?outputFormat=json-stat2` response.
///
/// The result has all dimensions and categories; when `value` is absent,
/// [`Dataset::has_values`] is `false` and [`Dataset::observations`] yields
/// nothing. A document that does carry values parses as with [`parse`].
pub fn parse_metadata(json: &[u8]) -> Result<Dataset, JsonStatError> {
    let root: Value = serde_json::from_slice(json)?;
    match locate(&root)? {
        Located::Single(obj) => dataset(obj, Mode::Metadata),
        Located::Bundle(mut items) => {
            if items.len() == 1 {
                let (_, obj) = items.remove(0);
                dataset(obj, Mode::Metadata)
            } else {
                Err(JsonStatError::MultipleDatasets {
                    names: items.into_iter().map(|(k, _)| k.to_owned()).collect(),
                })
            }
        }
    }
}

/// Parses a JSON-stat 1 bundle with any number of datasets, returning
/// `(bundle key, dataset)` pairs in key order. A single (non-bundle) dataset
/// comes back as one pair keyed `"dataset"`.
pub fn parse_bundle(json: &[u8]) -> Result<Vec<(String, Dataset)>, JsonStatError> {
    let root: Value = serde_json::from_slice(json)?;
    match locate(&root)? {
        Located::Single(obj) => Ok(vec![("dataset".to_owned(), dataset(obj, Mode::Data)?)]),
        Located::Bundle(items) => items
            .into_iter()
            .map(|(k, obj)| Ok((k.to_owned(), dataset(obj, Mode::Data)?)))
            .collect(),
    }
}

enum Located<'a> {
    Single(&'a Obj),
    Bundle(Vec<(&'a str, &'a Obj)>),
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn locate(root: &Value) -> Result<Located<'_>, JsonStatError> {
    let obj = root.as_object().ok_or(JsonStatError::NotAnObject {
        found: json_type(root),
    })?;
    if let Some(class) = obj.get("class") {
        return match class.as_str() {
            Some("dataset") => Ok(Located::Single(obj)),
            Some(other) => Err(JsonStatError::UnsupportedClass {
                class: other.to_owned(),
            }),
            None => Err(JsonStatError::InvalidField {
                context: "document".into(),
                field: "class",
                reason: format!("expected a string, found {}", json_type(class)),
            }),
        };
    }
    if obj.contains_key("dimension") {
        return Ok(Located::Single(obj));
    }
    let bundle: Vec<(&str, &Obj)> = obj
        .iter()
        .filter_map(|(k, v)| {
            v.as_object()
                .filter(|o| o.contains_key("dimension"))
                .map(|o| (k.as_str(), o))
        })
        .collect();
    if !bundle.is_empty() {
        return Ok(Located::Bundle(bundle));
    }
    if let Some(err) = api_error(obj) {
        return Err(err);
    }
    Err(JsonStatError::NotJsonStat {
        what: describe(obj),
    })
}

/// Recognises an RFC 7807 problem-details body (PxWeb v2 errors).
fn api_error(obj: &Obj) -> Option<JsonStatError> {
    if obj.contains_key("variables") {
        return None;
    }
    let title = obj.get("title")?.as_str()?;
    let status = obj.get("status").and_then(Value::as_u64);
    let detail = obj.get("detail").and_then(Value::as_str);
    if status.is_none() && detail.is_none() {
        return None;
    }
    Some(JsonStatError::ApiError {
        status,
        title: title.to_owned(),
        detail: detail.map(str::to_owned),
    })
}

fn describe(obj: &Obj) -> String {
    let has = |k: &str| obj.contains_key(k);
    if has("variables") && has("title") {
        "a PxWeb v0 table metadata response (`title`/`variables`), not data; POST a query with `response.format: json-stat2` to get a dataset".into()
    } else if has("selection") {
        "a PxWeb v2 query body (`selection`/`placement`), not a response".into()
    } else if has("query") && has("response") {
        "a PxWeb v0 query body (`query`/`response`), not a response".into()
    } else if obj.get("type").and_then(Value::as_str) == Some("Table") {
        "a PxWeb v2 table-info response (`/tables/{id}`), not data".into()
    } else if has("apiVersion") || has("maxDataCells") {
        "a PxWeb v2 `/config` response, not data".into()
    } else if has("tables") {
        "a PxWeb v2 table list response, not data".into()
    } else {
        let keys: Vec<&str> = obj.keys().take(8).map(String::as_str).collect();
        format!(
            "an object with members [{}] and no `dimension`",
            keys.join(", ")
        )
    }
}

fn opt_string(
    obj: &Obj,
    field: &'static str,
    context: &str,
) -> Result<Option<String>, JsonStatError> {
    match obj.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(Value::Number(n)) => Ok(Some(n.to_string())),
        Some(other) => Err(JsonStatError::InvalidField {
            context: context.to_owned(),
            field,
            reason: format!("expected a string, found {}", json_type(other)),
        }),
    }
}

/// Reads a `note` member: an array of strings or a single string.
fn notes(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|x| x.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    }
}

fn string_array(
    v: &Value,
    context: &str,
    field: &'static str,
) -> Result<Vec<String>, JsonStatError> {
    let arr = v.as_array().ok_or_else(|| JsonStatError::InvalidField {
        context: context.to_owned(),
        field,
        reason: format!("expected an array, found {}", json_type(v)),
    })?;
    arr.iter()
        .map(|x| {
            x.as_str()
                .map(str::to_owned)
                .ok_or_else(|| JsonStatError::InvalidField {
                    context: context.to_owned(),
                    field,
                    reason: format!("expected strings, found {}", json_type(x)),
                })
        })
        .collect()
}

fn size_array(v: &Value) -> Result<Vec<u64>, JsonStatError> {
    let arr = v.as_array().ok_or_else(|| JsonStatError::InvalidField {
        context: "dataset".into(),
        field: "size",
        reason: format!("expected an array, found {}", json_type(v)),
    })?;
    arr.iter()
        .map(|x| {
            x.as_u64().ok_or_else(|| JsonStatError::InvalidField {
                context: "dataset".into(),
                field: "size",
                reason: format!("expected non-negative integers, found {x}"),
            })
        })
        .collect()
}

fn dataset(obj: &Obj, mode: Mode) -> Result<Dataset, JsonStatError> {
    let ctx = "dataset";
    let dims_obj = match obj.get("dimension") {
        None => {
            return Err(JsonStatError::MissingField {
                context: ctx.into(),
                field: "dimension",
            });
        }
        Some(Value::Object(o)) => o,
        Some(other) => {
            return Err(JsonStatError::InvalidField {
                context: ctx.into(),
                field: "dimension",
                reason: format!("expected an object, found {}", json_type(other)),
            });
        }
    };

    // JSON-stat 2.0 puts id/size/role at the top; JSON-stat 1 inside
    // `dimension`.
    let member = |name: &str| obj.get(name).or_else(|| dims_obj.get(name));
    let ids = match member("id") {
        Some(v) => string_array(v, ctx, "id")?,
        None => {
            return Err(JsonStatError::MissingField {
                context: ctx.into(),
                field: "id",
            });
        }
    };
    let sizes = member("size").map(size_array).transpose()?;
    if let Some(sizes) = &sizes
        && sizes.len() != ids.len()
    {
        return Err(JsonStatError::IdSizeMismatch {
            ids: ids.len(),
            sizes: sizes.len(),
        });
    }
    let mut seen = HashSet::new();
    for id in &ids {
        if !seen.insert(id.as_str()) {
            return Err(JsonStatError::DuplicateDimension(id.clone()));
        }
    }

    let mut role: BTreeMap<String, Vec<String>> = BTreeMap::new();
    if let Some(r) = member("role").filter(|v| !v.is_null()) {
        let r = r.as_object().ok_or_else(|| JsonStatError::InvalidField {
            context: ctx.into(),
            field: "role",
            reason: format!("expected an object, found {}", json_type(r)),
        })?;
        for (name, list) in r {
            role.insert(name.clone(), string_array(list, ctx, "role")?);
        }
    }
    // First declared role wins; the standard roles take precedence over
    // extensions like `classification`.
    let mut dim_role: HashMap<&str, Role> = HashMap::new();
    for name in ["time", "geo", "metric"]
        .into_iter()
        .chain(role.keys().map(String::as_str))
    {
        if let Some(list) = role.get(name) {
            for d in list {
                dim_role
                    .entry(d.as_str())
                    .or_insert_with(|| Role::from_name(name));
            }
        }
    }

    let mut dimensions = Vec::with_capacity(ids.len());
    for (i, id) in ids.iter().enumerate() {
        let dctx = format!("dimension {id:?}");
        let d = dims_obj.get(id).ok_or(JsonStatError::MissingField {
            context: dctx.clone(),
            field: "dimension",
        })?;
        let d = d.as_object().ok_or_else(|| JsonStatError::InvalidField {
            context: dctx.clone(),
            field: "dimension",
            reason: format!("expected an object, found {}", json_type(d)),
        })?;
        let size = sizes.as_ref().and_then(|s| s.get(i).copied());
        dimensions.push(dimension(id, d, size, dim_role.get(id.as_str()).cloned())?);
    }

    let mut cell_count: usize = 1;
    for d in &dimensions {
        cell_count =
            cell_count
                .checked_mul(d.size())
                .ok_or_else(|| JsonStatError::CellCountOverflow {
                    sizes: dimensions.iter().map(|d| d.size() as u64).collect(),
                })?;
    }

    let mut value_symbols = BTreeMap::new();
    let values = match obj.get("value") {
        None if mode == Mode::Metadata => Values::Absent,
        None => return Err(JsonStatError::NoValues),
        Some(v) => values(v, cell_count, &mut value_symbols)?,
    };
    let statuses = statuses(obj.get("status"), cell_count)?;

    let error = match obj.get("error") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(a)) => a.clone(),
        Some(other) => vec![other.clone()],
    };

    Ok(Dataset {
        version: opt_string(obj, "version", ctx)?,
        label: opt_string(obj, "label", ctx)?,
        source: opt_string(obj, "source", ctx)?,
        updated: opt_string(obj, "updated", ctx)?,
        href: opt_string(obj, "href", ctx)?,
        note: notes(obj.get("note")),
        extension: obj.get("extension").cloned(),
        link: obj.get("link").cloned(),
        error,
        role,
        dimensions,
        values,
        statuses,
        value_symbols,
        cell_count,
    })
}

fn dimension(
    id: &str,
    d: &Obj,
    size: Option<u64>,
    role: Option<Role>,
) -> Result<Dimension, JsonStatError> {
    let ctx = format!("dimension {id:?}");
    let cat = match d.get("category") {
        Some(Value::Object(o)) => o,
        Some(other) => {
            return Err(JsonStatError::InvalidField {
                context: ctx,
                field: "category",
                reason: format!("expected an object, found {}", json_type(other)),
            });
        }
        None => {
            return Err(JsonStatError::MissingField {
                context: ctx,
                field: "category",
            });
        }
    };
    let labels = match cat.get("label") {
        None | Some(Value::Null) => None,
        Some(Value::Object(o)) => Some(o),
        Some(other) => {
            return Err(JsonStatError::InvalidField {
                context: ctx,
                field: "label",
                reason: format!("expected an object, found {}", json_type(other)),
            });
        }
    };

    let codes = category_codes(id, cat.get("index"), labels, size)?;
    if let Some(size) = size
        && size != codes.len() as u64
    {
        return Err(JsonStatError::SizeMismatch {
            dimension: id.to_owned(),
            size,
            categories: codes.len(),
        });
    }

    let units = cat.get("unit").and_then(Value::as_object);
    let cat_notes = cat.get("note").and_then(Value::as_object);
    let mut positions = HashMap::with_capacity(codes.len());
    let mut categories = Vec::with_capacity(codes.len());
    for (pos, code) in codes.into_iter().enumerate() {
        let label = match labels.and_then(|l| l.get(&code)) {
            None | Some(Value::Null) => code.clone(),
            Some(Value::String(s)) => s.clone(),
            Some(Value::Number(n)) => n.to_string(),
            Some(other) => {
                return Err(JsonStatError::InvalidField {
                    context: ctx,
                    field: "label",
                    reason: format!(
                        "label of category {code:?} is {}, not a string",
                        json_type(other)
                    ),
                });
            }
        };
        let unit = match units.and_then(|u| u.get(&code)) {
            None | Some(Value::Null) => None,
            Some(Value::Object(u)) => Some(unit(u, &ctx)?),
            Some(other) => {
                return Err(JsonStatError::InvalidField {
                    context: ctx,
                    field: "unit",
                    reason: format!(
                        "unit of category {code:?} is {}, not an object",
                        json_type(other)
                    ),
                });
            }
        };
        let note = notes(cat_notes.and_then(|n| n.get(&code)));
        positions.insert(code.clone(), pos);
        categories.push(Category {
            code,
            label,
            unit,
            note,
        });
    }

    Ok(Dimension {
        id: id.to_owned(),
        label: opt_string(d, "label", &ctx)?.unwrap_or_else(|| id.to_owned()),
        role,
        categories,
        note: notes(d.get("note")),
        extension: d.get("extension").cloned(),
        link: d.get("link").cloned(),
        child: cat.get("child").cloned(),
        positions,
    })
}

/// Category codes in position order, from the `index` member in array or
/// object form (or, without `index`, from a one-entry `label`).
fn category_codes(
    id: &str,
    index: Option<&Value>,
    labels: Option<&Obj>,
    size: Option<u64>,
) -> Result<Vec<String>, JsonStatError> {
    let bad = |reason: String| JsonStatError::BadIndex {
        dimension: id.to_owned(),
        reason,
    };
    match index {
        Some(Value::Array(a)) => {
            let mut seen = HashSet::with_capacity(a.len());
            let mut out = Vec::with_capacity(a.len());
            for x in a {
                let code = match x {
                    Value::String(s) => s.clone(),
                    Value::Number(n) => n.to_string(),
                    other => return Err(bad(format!("entry is {}, not a code", json_type(other)))),
                };
                if !seen.insert(code.clone()) {
                    return Err(bad(format!("code {code:?} appears twice")));
                }
                out.push(code);
            }
            Ok(out)
        }
        Some(Value::Object(o)) => {
            let n = o.len();
            // Check the count before the positions so a wrong size never
            // drives an allocation.
            if let Some(size) = size
                && size != n as u64
            {
                return Err(JsonStatError::SizeMismatch {
                    dimension: id.to_owned(),
                    size,
                    categories: n,
                });
            }
            let mut slots: Vec<Option<String>> = vec![None; n];
            for (code, pos) in o {
                let p = pos
                    .as_u64()
                    .ok_or_else(|| bad(format!("position of {code:?} is {pos}, not an integer")))?;
                let slot = usize::try_from(p)
                    .ok()
                    .and_then(|p| slots.get_mut(p))
                    .ok_or_else(|| {
                        bad(format!(
                            "position {p} of {code:?} is out of range for {n} categories"
                        ))
                    })?;
                if let Some(prev) = slot.replace(code.clone()) {
                    return Err(bad(format!(
                        "codes {prev:?} and {code:?} share position {p}"
                    )));
                }
            }
            // n unique in-range positions for n codes: every slot is filled.
            Ok(slots.into_iter().flatten().collect())
        }
        None | Some(Value::Null) => match labels {
            Some(l) if l.len() == 1 => Ok(l.keys().cloned().collect()),
            Some(l) => Err(bad(format!(
                "no `index` and {} labels: the category order is unknown",
                l.len()
            ))),
            None => Err(JsonStatError::MissingField {
                context: format!("dimension {id:?}"),
                field: "index",
            }),
        },
        Some(other) => Err(bad(format!(
            "expected an array or an object, found {}",
            json_type(other)
        ))),
    }
}

fn unit(u: &Obj, ctx: &str) -> Result<Unit, JsonStatError> {
    let mut out = Unit::default();
    for (k, v) in u {
        let as_str = || match v {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        };
        match k.as_str() {
            "label" => out.label = as_str(),
            "base" => out.base = as_str(),
            "symbol" => out.symbol = as_str(),
            "position" => out.position = as_str(),
            "decimals" => {
                out.decimals = match v {
                    Value::Null => None,
                    Value::Number(n) => Some(
                        n.as_u64()
                            .and_then(|d| u32::try_from(d).ok())
                            .ok_or_else(|| JsonStatError::InvalidField {
                                context: ctx.to_owned(),
                                field: "decimals",
                                reason: format!("{n} is not a small non-negative integer"),
                            })?,
                    ),
                    Value::String(s) => s.trim().parse().ok(),
                    other => {
                        return Err(JsonStatError::InvalidField {
                            context: ctx.to_owned(),
                            field: "decimals",
                            reason: format!("expected a number, found {}", json_type(other)),
                        });
                    }
                }
            }
            _ => {
                out.extra.insert(k.clone(), v.clone());
            }
        }
    }
    Ok(out)
}

/// One `value` entry: a number, `null`, or a string (a number written as a
/// string, or a symbol such as `".."` standing in for the number).
fn value_entry(
    v: &Value,
    index: usize,
    symbols: &mut BTreeMap<usize, String>,
) -> Result<Option<f64>, JsonStatError> {
    match v {
        Value::Null => Ok(None),
        Value::Number(n) => n.as_f64().map(Some).ok_or(JsonStatError::InvalidEntry {
            field: "value",
            index,
            reason: format!("{n} is not representable as f64"),
        }),
        Value::String(s) => {
            let t = s.trim();
            match t.parse::<f64>() {
                Ok(x) if x.is_finite() => Ok(Some(x)),
                _ => {
                    if !t.is_empty() {
                        symbols.insert(index, t.to_owned());
                    }
                    Ok(None)
                }
            }
        }
        other => Err(JsonStatError::InvalidEntry {
            field: "value",
            index,
            reason: format!("{} is not a number, null or string", json_type(other)),
        }),
    }
}

/// A sparse-object key: a decimal cell index below `cells`.
fn cell_key(field: &'static str, key: &str, cells: usize) -> Result<usize, JsonStatError> {
    key.parse::<usize>()
        .ok()
        .filter(|&i| i < cells)
        .ok_or_else(|| JsonStatError::BadCellKey {
            field,
            key: key.to_owned(),
            cells,
        })
}

fn values(
    v: &Value,
    cells: usize,
    symbols: &mut BTreeMap<usize, String>,
) -> Result<Values, JsonStatError> {
    match v {
        Value::Array(a) => {
            if a.len() != cells {
                return Err(JsonStatError::ValueCountMismatch {
                    field: "value",
                    expected: cells,
                    found: a.len(),
                });
            }
            let out = a
                .iter()
                .enumerate()
                .map(|(i, x)| value_entry(x, i, symbols))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Values::Dense(out))
        }
        Value::Object(o) => {
            let mut out = BTreeMap::new();
            for (k, x) in o {
                let i = cell_key("value", k, cells)?;
                if let Some(x) = value_entry(x, i, symbols)? {
                    out.insert(i, x);
                }
            }
            Ok(Values::Sparse(out))
        }
        other => Err(JsonStatError::InvalidField {
            context: "dataset".into(),
            field: "value",
            reason: format!("expected an array or an object, found {}", json_type(other)),
        }),
    }
}

fn status_entry(v: &Value, index: usize) -> Result<Option<String>, JsonStatError> {
    match v {
        Value::Null => Ok(None),
        Value::String(s) if s.is_empty() => Ok(None),
        Value::String(s) => Ok(Some(s.clone())),
        Value::Number(n) => Ok(Some(n.to_string())),
        other => Err(JsonStatError::InvalidEntry {
            field: "status",
            index,
            reason: format!("{} is not a status symbol", json_type(other)),
        }),
    }
}

fn statuses(v: Option<&Value>, cells: usize) -> Result<Statuses, JsonStatError> {
    match v {
        None | Some(Value::Null) => Ok(Statuses::None),
        Some(Value::String(s)) if s.is_empty() => Ok(Statuses::None),
        Some(Value::String(s)) => Ok(Statuses::All(s.clone())),
        Some(Value::Array(a)) => {
            if let [only] = a.as_slice()
                && cells != 1
            {
                // JSON-stat 2.0: a one-element status array applies to all
                // cells.
                return Ok(match status_entry(only, 0)? {
                    Some(s) => Statuses::All(s),
                    None => Statuses::None,
                });
            }
            if a.len() != cells {
                return Err(JsonStatError::ValueCountMismatch {
                    field: "status",
                    expected: cells,
                    found: a.len(),
                });
            }
            let out = a
                .iter()
                .enumerate()
                .map(|(i, x)| status_entry(x, i))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Statuses::Dense(out))
        }
        Some(Value::Object(o)) => {
            let mut out = BTreeMap::new();
            for (k, x) in o {
                let i = cell_key("status", k, cells)?;
                if let Some(s) = status_entry(x, i)? {
                    out.insert(i, s);
                }
            }
            Ok(Statuses::Sparse(out))
        }
        Some(other) => Err(JsonStatError::InvalidField {
            context: "dataset".into(),
            field: "status",
            reason: format!(
                "expected a string, array or object, found {}",
                json_type(other)
            ),
        }),
    }
}
