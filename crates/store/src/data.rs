//! Rows for one declared table, type-checked against its declaration as they are added.

use std::sync::Arc;

use arrow::array::{
    ArrayRef, BooleanBuilder, Float64Builder, Int32Builder, Int64Builder, StringBuilder,
    TimestampMicrosecondBuilder,
};
use arrow::record_batch::RecordBatch;

use crate::error::StoreError;
use crate::schema::{ColumnType, TableDef};

/// One value of a row, matched against the declared column type.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// NULL (only in nullable columns).
    Null,
    /// Text.
    Str(String),
    /// 32-bit integer.
    I32(i32),
    /// 64-bit integer.
    I64(i64),
    /// Double; NaN and infinities are refused.
    F64(f64),
    /// Boolean.
    Bool(bool),
    /// Microseconds since the Unix epoch, UTC.
    TimestampUs(i64),
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::Str(s.to_owned())
    }
}
impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::Str(s)
    }
}
impl From<i32> for Value {
    fn from(v: i32) -> Self {
        Value::I32(v)
    }
}
impl From<f64> for Value {
    fn from(v: f64) -> Self {
        Value::F64(v)
    }
}
impl From<bool> for Value {
    fn from(v: bool) -> Self {
        Value::Bool(v)
    }
}
impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Self {
        v.map_or(Value::Null, Into::into)
    }
}

enum Col {
    Utf8(StringBuilder),
    I32(Int32Builder),
    I64(Int64Builder),
    F64(Float64Builder),
    Bool(BooleanBuilder),
    Ts(TimestampMicrosecondBuilder),
}

/// The Hive path of a partition from its (column, value) pairs, outermost
/// first: `municipality_code=5001/report_year=2024`. Values are text or
/// integers made of letters, digits, `-`, `_` and `.` only, so the path needs
/// no escaping and every reader (DuckDB, Spark, Trino) reads the same value.
///
/// # Errors
/// [`StoreError::Value`] for NULL, another type, an empty value or another character.
pub fn hive_path(parts: &[(&str, &Value)]) -> Result<String, StoreError> {
    let mut out = String::new();
    for (name, v) in parts {
        let text = match v {
            Value::Str(s) => s.clone(),
            Value::I32(x) => x.to_string(),
            Value::I64(x) => x.to_string(),
            other => {
                return Err(StoreError::Value {
                    table: "(partition)".into(),
                    column: (*name).to_owned(),
                    reason: format!("{other:?} cannot be a partition value"),
                });
            }
        };
        let safe = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
        if text.is_empty() || !text.chars().all(safe) || text.starts_with('.') {
            return Err(StoreError::Value {
                table: "(partition)".into(),
                column: (*name).to_owned(),
                reason: format!(
                    "{text:?} cannot be a partition value (letters, digits, - _ . only)"
                ),
            });
        }
        if !out.is_empty() {
            out.push('/');
        }
        out.push_str(name);
        out.push('=');
        out.push_str(&text);
    }
    Ok(out)
}

/// The values of a Hive path written by [`hive_path`] for `def`'s partition
/// columns, typed as declared: (column index, value), outermost first.
///
/// # Errors
/// [`StoreError::Value`] when the path does not name exactly `def`'s
/// partition columns in order, or a value does not parse as its type.
pub fn parse_hive_path(def: &TableDef, path: &str) -> Result<Vec<(usize, Value)>, StoreError> {
    let err = |reason: String| StoreError::Value {
        table: def.name.clone(),
        column: "(partition)".into(),
        reason,
    };
    let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
    if parts.len() != def.partition_by.len() {
        return Err(err(format!(
            "{path:?} is not a partition of {:?}",
            def.partition_by
        )));
    }
    let mut out = Vec::with_capacity(parts.len());
    for (part, name) in parts.iter().zip(&def.partition_by) {
        let Some(text) = part
            .strip_prefix(name.as_str())
            .and_then(|r| r.strip_prefix('='))
        else {
            return Err(err(format!("{path:?}: expected {name}=…")));
        };
        let i = def
            .column_index(name)
            .ok_or_else(|| err(format!("{name} is not declared")))?;
        let v = match def.columns[i].ty {
            ColumnType::Utf8 => Value::Str(text.to_owned()),
            ColumnType::Int32 => Value::I32(
                text.parse()
                    .map_err(|e| err(format!("{path:?}: {name}: {e}")))?,
            ),
            ColumnType::Int64 => Value::I64(
                text.parse()
                    .map_err(|e| err(format!("{path:?}: {name}: {e}")))?,
            ),
            ty => return Err(err(format!("{name}: {ty:?} cannot be a partition column"))),
        };
        out.push((i, v));
    }
    Ok(out)
}

/// Rows of one table, stored column-wise.
pub struct TableData {
    def: TableDef,
    cols: Vec<Col>,
    /// The Hive path of each row's partition ("" for an unpartitioned table).
    partition: Vec<String>,
    len: usize,
}

impl std::fmt::Debug for TableData {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TableData")
            .field("table", &self.def.name)
            .field("rows", &self.len)
            .finish()
    }
}

impl TableData {
    /// An empty table for a declaration.
    #[must_use]
    pub fn new(def: &TableDef) -> TableData {
        let cols = def
            .columns
            .iter()
            .map(|c| match c.ty {
                ColumnType::Utf8 => Col::Utf8(StringBuilder::new()),
                ColumnType::Int32 => Col::I32(Int32Builder::new()),
                ColumnType::Int64 => Col::I64(Int64Builder::new()),
                ColumnType::Float64 => Col::F64(Float64Builder::new()),
                ColumnType::Bool => Col::Bool(BooleanBuilder::new()),
                ColumnType::TimestampUsUtc => {
                    Col::Ts(TimestampMicrosecondBuilder::new().with_timezone("UTC"))
                }
            })
            .collect();
        TableData {
            def: def.clone(),
            cols,
            partition: Vec::new(),
            len: 0,
        }
    }

    /// The declaration.
    #[must_use]
    pub fn def(&self) -> &TableDef {
        &self.def
    }

    /// Rows added.
    #[must_use]
    pub fn len(&self) -> usize {
        self.len
    }

    /// No rows.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Adds a row, values in declared column order (rows come in by name
    /// through [`TableData::push_record`]).
    ///
    /// # Errors
    /// [`StoreError::Value`] when the count, a type or a NULL does not fit the
    /// declaration; the row is then not added.
    pub(crate) fn push(&mut self, row: Vec<Value>) -> Result<(), StoreError> {
        if row.len() != self.def.columns.len() {
            return Err(self.err(
                "(row)",
                format!(
                    "{} values for {} columns",
                    row.len(),
                    self.def.columns.len()
                ),
            ));
        }
        for (c, v) in self.def.columns.iter().zip(&row) {
            let ok = match (c.ty, v) {
                (_, Value::Null) => c.nullable,
                (ColumnType::Utf8, Value::Str(_))
                | (ColumnType::Int32, Value::I32(_))
                | (ColumnType::Int64, Value::I64(_))
                | (ColumnType::Bool, Value::Bool(_))
                | (ColumnType::TimestampUsUtc, Value::TimestampUs(_)) => true,
                (ColumnType::Float64, Value::F64(f)) => f.is_finite(),
                _ => false,
            };
            if !ok {
                return Err(self.err(
                    &c.name,
                    format!(
                        "value {v:?} does not fit {:?} (nullable: {})",
                        c.ty, c.nullable
                    ),
                ));
            }
        }
        let parts: Vec<(&str, &Value)> = self
            .def
            .partition_by
            .iter()
            .filter_map(|p| Some((p.as_str(), &row[self.def.column_index(p)?])))
            .collect();
        let path = hive_path(&parts).map_err(|e| match e {
            StoreError::Value { column, reason, .. } => self.err(&column, reason),
            other => other,
        })?;
        self.partition.push(path);
        for (col, v) in self.cols.iter_mut().zip(row) {
            match (col, v) {
                (Col::Utf8(b), Value::Str(s)) => b.append_value(s),
                (Col::Utf8(b), _) => b.append_null(),
                (Col::I32(b), Value::I32(x)) => b.append_value(x),
                (Col::I32(b), _) => b.append_null(),
                (Col::I64(b), Value::I64(x)) => b.append_value(x),
                (Col::I64(b), _) => b.append_null(),
                (Col::F64(b), Value::F64(x)) => b.append_value(x),
                (Col::F64(b), _) => b.append_null(),
                (Col::Bool(b), Value::Bool(x)) => b.append_value(x),
                (Col::Bool(b), _) => b.append_null(),
                (Col::Ts(b), Value::TimestampUs(x)) => b.append_value(x),
                (Col::Ts(b), _) => b.append_null(),
            }
        }
        self.len += 1;
        Ok(())
    }

    /// Adds a row from a serde record whose field names equal the column names
    /// (the fact structs of `kommunetall-facts`, the run's row structs; a
    /// `#[serde(flatten)]` part counts as its fields), with `fixed` supplying
    /// the columns the record lacks (`document_id`). Every column must be supplied
    /// exactly once and every field must be a column, so a schema and a struct
    /// that drift apart fail loudly instead of losing a column.
    ///
    /// # Errors
    /// [`StoreError::Value`] for a missing or unknown field or a value that does
    /// not fit its column.
    pub fn push_record<T: serde::Serialize>(
        &mut self,
        fixed: &[(&str, Value)],
        record: &T,
    ) -> Result<(), StoreError> {
        let json = serde_json::to_value(record)
            .map_err(|e| self.err("(record)", format!("cannot serialise: {e}")))?;
        let serde_json::Value::Object(map) = json else {
            return Err(self.err("(record)", "not a struct".into()));
        };
        if let Some(k) = map.keys().find(|k| self.def.column_index(k).is_none()) {
            return Err(self.err(k, "field is not a declared column".into()));
        }
        let mut row = Vec::with_capacity(self.def.columns.len());
        for c in &self.def.columns {
            if let Some((_, v)) = fixed.iter().find(|(n, _)| *n == c.name) {
                row.push(v.clone());
                continue;
            }
            let Some(j) = map.get(&c.name) else {
                return Err(self.err(&c.name, "column missing from the record".into()));
            };
            let v = match (c.ty, j) {
                (_, serde_json::Value::Null) => Value::Null,
                (ColumnType::Utf8, serde_json::Value::String(s)) => Value::Str(s.clone()),
                (ColumnType::Bool, serde_json::Value::Bool(b)) => Value::Bool(*b),
                (ColumnType::Int32, serde_json::Value::Number(n))
                    if n.as_i64().is_some_and(|x| i32::try_from(x).is_ok()) =>
                {
                    Value::I32(n.as_i64().and_then(|x| i32::try_from(x).ok()).unwrap_or(0))
                }
                (ColumnType::Int64, serde_json::Value::Number(n)) if n.as_i64().is_some() => {
                    Value::I64(n.as_i64().unwrap_or(0))
                }
                (ColumnType::Float64, serde_json::Value::Number(n)) if n.as_f64().is_some() => {
                    Value::F64(n.as_f64().unwrap_or(f64::NAN))
                }
                (ColumnType::TimestampUsUtc, serde_json::Value::Number(n))
                    if n.as_i64().is_some() =>
                {
                    Value::TimestampUs(n.as_i64().unwrap_or(0))
                }
                (ty, other) => {
                    return Err(self.err(&c.name, format!("{other} does not fit {ty:?}")));
                }
            };
            row.push(v);
        }
        self.push(row)
    }

    /// [`TableData::push_record`] for every record, in order.
    ///
    /// # Errors
    /// As [`TableData::push_record`]; the records before the one refused are added.
    pub fn push_records<'r, T: serde::Serialize + 'r>(
        &mut self,
        fixed: &[(&str, Value)],
        records: impl IntoIterator<Item = &'r T>,
    ) -> Result<(), StoreError> {
        records
            .into_iter()
            .try_for_each(|r| self.push_record(fixed, r))
    }

    fn err(&self, column: &str, reason: String) -> StoreError {
        StoreError::Value {
            table: self.def.name.clone(),
            column: column.to_owned(),
            reason,
        }
    }

    /// The Hive path of each row's partition (`municipality_code=5001/report_year=2024`;
    /// "" when the table is not partitioned).
    #[must_use]
    pub fn partition_paths(&self) -> &[String] {
        &self.partition
    }

    /// All rows as one record batch with every declared column.
    ///
    /// # Errors
    /// [`StoreError::Value`] if Arrow refuses the batch (it should not: rows are checked on push).
    pub fn to_batch(&self) -> Result<RecordBatch, StoreError> {
        let arrays: Vec<ArrayRef> = self
            .cols
            .iter()
            .map(|c| -> ArrayRef {
                match c {
                    Col::Utf8(b) => Arc::new(b.finish_cloned()),
                    Col::I32(b) => Arc::new(b.finish_cloned()),
                    Col::I64(b) => Arc::new(b.finish_cloned()),
                    Col::F64(b) => Arc::new(b.finish_cloned()),
                    Col::Bool(b) => Arc::new(b.finish_cloned()),
                    Col::Ts(b) => Arc::new(b.finish_cloned()),
                }
            })
            .collect();
        RecordBatch::try_new(self.def.arrow_schema(), arrays)
            .map_err(|e| self.err("(batch)", e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Catalog;

    #[test]
    fn push_checks_types_and_nulls() {
        let cat = Catalog::embedded().expect("catalog");
        let def = cat.get("quality_finding").expect("qf");
        let mut t = TableData::new(def);
        let good = vec![
            "doc".into(),
            "unparseable_number".into(),
            "warning".into(),
            Value::Str("1.1".into()),
            Value::Null,
            Value::Null,
            Value::Null,
            Value::Str("11 2885".into()),
            "msg".into(),
            Value::I32(3),
            Value::Null,
            "5001".into(),
            Value::I32(2024),
        ];
        t.push(good.clone()).expect("valid row");
        let mut bad = good.clone();
        bad[0] = Value::Null;
        let e = t.push(bad).expect_err("document_id is not nullable");
        assert!(e.to_string().contains("column document_id"), "{e}");
        let mut bad = good;
        bad[9] = Value::F64(1.0);
        assert!(t.push(bad).is_err());
        assert_eq!(t.len(), 1);
        assert_eq!(
            t.partition_paths(),
            &["municipality_code=5001/report_year=2024"]
        );
        assert_eq!(t.to_batch().expect("batch").num_rows(), 1);
        assert_eq!(
            parse_hive_path(def, &t.partition_paths()[0]).expect("parse"),
            vec![(11, Value::Str("5001".into())), (12, Value::I32(2024))]
        );
    }

    #[test]
    fn partition_values_are_plain_or_refused() {
        let code = Value::Str("0301".into());
        let year = Value::I32(2015);
        assert_eq!(
            hive_path(&[("municipality_code", &code), ("report_year", &year)]).expect("path"),
            "municipality_code=0301/report_year=2015"
        );
        for bad in ["", "a/b", "x=y", "..", "50 01"] {
            let v = Value::Str(bad.into());
            assert!(hive_path(&[("m", &v)]).is_err(), "{bad:?}");
        }
        assert!(hive_path(&[("m", &Value::Null)]).is_err());
    }
}
