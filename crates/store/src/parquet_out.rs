//! Parquet: one file per table and Hive partition, deterministic bytes.
//!
//! `parquet/<table>/municipality_code=5001/report_year=2024/part-0.parquet`
//! for a partitioned table (the partition columns are in the path, not in
//! the file), `parquet/<table>/part-0.parquet` for one written whole. The
//! same rows give the same bytes: no timestamps, fixed writer settings.
//! [`decode`] reads a file back into a batch of every declared column (the
//! partition columns restored from the path): that is how the DuckDB file is
//! loaded.

use std::collections::BTreeMap;
use std::sync::Arc;

use arrow::array::{ArrayRef, Int32Array, Int64Array, RecordBatch, StringArray, UInt32Array};
use arrow::compute::take_record_batch;
use parquet::arrow::ArrowWriter;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;

use crate::data::{TableData, Value, parse_hive_path};
use crate::error::StoreError;
use crate::schema::TableDef;

/// Folder of the Parquet tables inside the warehouse.
pub const PARQUET_DIR: &str = "parquet";
/// The file name of every Parquet part.
pub const PART_FILE: &str = "part-0.parquet";

/// The object name of `table`'s file in the partition `partition` (a Hive
/// path, "" for a table written whole).
#[must_use]
pub fn object_name(table: &str, partition: &str) -> String {
    if partition.is_empty() {
        format!("{PARQUET_DIR}/{table}/{PART_FILE}")
    } else {
        format!("{PARQUET_DIR}/{table}/{partition}/{PART_FILE}")
    }
}

/// The partition (Hive path) of an object name under `parquet/<table>/`;
/// `None` for a name that is not a part file of that table.
#[must_use]
pub fn partition_of(table: &str, object: &str) -> Option<String> {
    let rest = object
        .strip_prefix(PARQUET_DIR)?
        .strip_prefix('/')?
        .strip_prefix(table)?
        .strip_prefix('/')?;
    let dir = rest.strip_suffix(PART_FILE)?;
    Some(dir.trim_end_matches('/').to_owned())
}

/// The rows of `data` by partition (Hive path, "" for an unpartitioned
/// table), each as a batch without the partition columns, partitions in path
/// order. A table without rows gives one empty batch for `empty_partition`.
///
/// # Errors
/// [`StoreError::Value`], [`StoreError::Parquet`].
pub fn split(
    data: &TableData,
    empty_partition: &str,
) -> Result<Vec<(String, RecordBatch)>, StoreError> {
    let def = data.def();
    let perr = |e: &dyn std::fmt::Display| StoreError::Parquet {
        path: def.name.clone().into(),
        reason: e.to_string(),
    };
    let mut batch = data.to_batch()?;
    for p in def.partition_by.iter().rev() {
        if let Some(i) = def.column_index(p) {
            batch.remove_column(i);
        }
    }
    if data.is_empty() {
        return Ok(vec![(empty_partition.to_owned(), batch)]);
    }
    let mut groups: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
    for (i, p) in data.partition_paths().iter().enumerate() {
        let i = u32::try_from(i).map_err(|e| perr(&e))?;
        groups.entry(p.as_str()).or_default().push(i);
    }
    if groups.len() == 1 {
        let key = groups.into_keys().next().unwrap_or_default().to_owned();
        return Ok(vec![(key, batch)]);
    }
    groups
        .into_iter()
        .map(|(key, rows)| {
            let part = take_record_batch(&batch, &UInt32Array::from(rows)).map_err(|e| perr(&e))?;
            Ok((key.to_owned(), part))
        })
        .collect()
}

/// A batch as Parquet bytes (Snappy, the writer named by version only, so
/// the same rows always give the same bytes).
///
/// # Errors
/// [`StoreError::Parquet`].
pub fn encode(name: &str, batch: &RecordBatch) -> Result<Vec<u8>, StoreError> {
    let perr = |e: &dyn std::fmt::Display| StoreError::Parquet {
        path: name.into(),
        reason: e.to_string(),
    };
    let props = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .set_created_by(format!("kommunetall {}", env!("CARGO_PKG_VERSION")))
        .build();
    let mut out = Vec::new();
    let mut w =
        ArrowWriter::try_new(&mut out, batch.schema(), Some(props)).map_err(|e| perr(&e))?;
    w.write(batch).map_err(|e| perr(&e))?;
    w.close().map_err(|e| perr(&e))?;
    Ok(out)
}

/// A Parquet file of `def` in the partition `partition` back as one batch
/// of every declared column, in declared order (the partition columns from
/// the path).
///
/// # Errors
/// [`StoreError::Parquet`] when the bytes are not such a file.
pub fn decode(def: &TableDef, partition: &str, bytes: Vec<u8>) -> Result<RecordBatch, StoreError> {
    let name = object_name(&def.name, partition);
    let perr = |e: &dyn std::fmt::Display| StoreError::Parquet {
        path: name.clone().into(),
        reason: e.to_string(),
    };
    let reader = ParquetRecordBatchReaderBuilder::try_new(bytes::Bytes::from(bytes))
        .map_err(|e| perr(&e))?
        .with_batch_size(1 << 16)
        .build()
        .map_err(|e| perr(&e))?;
    let batches = reader
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| perr(&e))?;
    let file_schema = Arc::new(arrow::datatypes::Schema::new(
        def.file_columns()
            .map(|c| arrow::datatypes::Field::new(&c.name, c.ty.arrow(), c.nullable))
            .collect::<Vec<_>>(),
    ));
    let file = arrow::compute::concat_batches(&file_schema, &batches).map_err(|e| perr(&e))?;
    let n = file.num_rows();
    let fixed: BTreeMap<usize, Value> = if def.is_partitioned() {
        parse_hive_path(def, partition)?.into_iter().collect()
    } else {
        BTreeMap::new()
    };
    let mut cols: Vec<ArrayRef> = Vec::with_capacity(def.columns.len());
    let mut from_file = file.columns().iter();
    for (i, _) in def.columns.iter().enumerate() {
        let col: ArrayRef = match fixed.get(&i) {
            Some(Value::Str(s)) => Arc::new(StringArray::from(vec![s.as_str(); n])),
            Some(Value::I32(x)) => Arc::new(Int32Array::from(vec![*x; n])),
            Some(Value::I64(x)) => Arc::new(Int64Array::from(vec![*x; n])),
            Some(other) => return Err(perr(&format!("partition value {other:?}"))),
            None => from_file
                .next()
                .cloned()
                .ok_or_else(|| perr(&"fewer columns than declared"))?,
        };
        cols.push(col);
    }
    RecordBatch::try_new(def.arrow_schema(), cols).map_err(|e| perr(&e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Catalog;

    #[test]
    fn a_partition_round_trips_through_parquet_with_its_path_columns() {
        let cat = Catalog::embedded().expect("catalog");
        let def = cat.get("dim_period").expect("dim_period");
        assert!(!def.is_partitioned());
        let def = cat.get("quality_finding").expect("qf");
        let mut t = TableData::new(def);
        for (code, year) in [("5001", 2024), ("0301", 2023), ("5001", 2024)] {
            let mut rec = serde_json::Map::new();
            for c in &def.columns {
                rec.insert(c.name.clone(), serde_json::Value::Null);
            }
            for (k, v) in [("rule", "r"), ("severity", "warning"), ("message", "m")] {
                rec.insert(k.into(), v.into());
            }
            let fixed = [
                ("document_id", Value::Str("d".into())),
                ("municipality_code", Value::Str(code.into())),
                ("report_year", Value::I32(year)),
            ];
            t.push_record(&fixed, &rec).expect("row");
        }
        let parts = split(&t, "").expect("split");
        let keys: Vec<&str> = parts.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            keys,
            [
                "municipality_code=0301/report_year=2023",
                "municipality_code=5001/report_year=2024"
            ]
        );
        let (key, batch) = &parts[1];
        assert_eq!(batch.num_columns(), def.columns.len() - 2);
        let bytes = encode("x", batch).expect("encode");
        assert_eq!(bytes, encode("x", batch).expect("again"), "deterministic");
        let back = decode(def, key, bytes).expect("decode");
        assert_eq!(back.num_rows(), 2);
        assert_eq!(back.schema(), def.arrow_schema());
        let name = object_name("quality_finding", key);
        assert_eq!(
            name,
            "parquet/quality_finding/municipality_code=5001/report_year=2024/part-0.parquet"
        );
        assert_eq!(
            partition_of("quality_finding", &name).as_deref(),
            Some(key.as_str())
        );
        assert_eq!(
            partition_of("dim_period", "parquet/dim_period/part-0.parquet").as_deref(),
            Some("")
        );
        assert_eq!(
            partition_of("dim_period", "parquet/dim_periods/part-0.parquet"),
            None
        );
    }
}
