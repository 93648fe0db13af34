//! Parquet output: one folder per table, Hive-partitioned, deterministic bytes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use arrow::array::{RecordBatch, UInt32Array};
use arrow::compute::take_record_batch;
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;

use crate::data::TableData;
use crate::error::{StoreError, io_err};

/// Writes `DIR/<table>/<key>=<value>/part-0.parquet` for each partition value
/// (or `DIR/<table>/part-0.parquet` for an unpartitioned table). The partition
/// column is left out of the files (it is in the path). A table without rows
/// still gets a folder and one empty file so readers see its schema.
///
/// # Errors
/// [`StoreError::Io`] or [`StoreError::Parquet`].
pub fn write_table(root: &Path, data: &TableData) -> Result<Vec<PathBuf>, StoreError> {
    let def = data.def();
    let dir = root.join(&def.name);
    std::fs::create_dir_all(&dir).map_err(io_err(&dir))?;
    let batch = data.to_batch()?;
    let Some(pcol) = def
        .partition_by
        .as_deref()
        .and_then(|p| def.column_index(p))
    else {
        let path = dir.join("part-0.parquet");
        write_file(&path, &batch)?;
        return Ok(vec![path]);
    };
    let key = &def.columns[pcol].name;
    let mut groups: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
    for (i, v) in data.partition_values().iter().enumerate() {
        let idx = u32::try_from(i).map_err(|_| StoreError::Parquet {
            path: dir.clone(),
            reason: "too many rows".into(),
        })?;
        groups
            .entry(v.as_deref().unwrap_or(""))
            .or_default()
            .push(idx);
    }
    let mut trimmed = batch.clone();
    trimmed.remove_column(pcol);
    if groups.is_empty() {
        let path = dir.join("part-0.parquet");
        write_file(&path, &trimmed)?;
        return Ok(vec![path]);
    }
    let mut out = Vec::new();
    for (value, rows) in groups {
        let pdir = dir.join(format!("{key}={value}"));
        std::fs::create_dir_all(&pdir).map_err(io_err(&pdir))?;
        let part = take_record_batch(&trimmed, &UInt32Array::from(rows)).map_err(|e| {
            StoreError::Parquet {
                path: pdir.clone(),
                reason: e.to_string(),
            }
        })?;
        let path = pdir.join("part-0.parquet");
        write_file(&path, &part)?;
        out.push(path);
    }
    Ok(out)
}

fn write_file(path: &Path, batch: &RecordBatch) -> Result<(), StoreError> {
    let perr = |e: &dyn std::fmt::Display| StoreError::Parquet {
        path: path.to_path_buf(),
        reason: e.to_string(),
    };
    let file = std::fs::File::create(path).map_err(io_err(path))?;
    let props = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .set_created_by(format!("kommunetall {}", env!("CARGO_PKG_VERSION")))
        .build();
    let mut w = ArrowWriter::try_new(file, batch.schema(), Some(props)).map_err(|e| perr(&e))?;
    w.write(batch).map_err(|e| perr(&e))?;
    let file = w.into_inner().map_err(|e| perr(&e))?;
    file.sync_all().map_err(io_err(path))?;
    Ok(())
}
