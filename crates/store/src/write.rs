//! One write of the warehouse: the tables to Parquet and DuckDB, the other
//! files, and the manifest, built in a staging folder and swapped in with the
//! manifest last ([`swap`](crate::swap)).
//!
//! Every step takes the tables it is given and writes them whole. A later
//! partitioned write (one municipality and year at a time) stages only the
//! partitions it rebuilds and keeps the others; it shares the staging, the
//! swap and the manifest-last rule with [`write_locked`].

use std::path::{Path, PathBuf};

use crate::data::TableData;
use crate::error::{StoreError, io_err};
use crate::swap::{self, Lock, Staging};
use crate::views::View;
use crate::{duck, parquet_out};

/// File name of the DuckDB database inside the warehouse folder.
pub const DUCKDB_FILE: &str = "kommunetall.duckdb";
/// Folder of the Parquet tables inside the warehouse folder.
pub const PARQUET_DIR: &str = "parquet";
/// File name of the manifest inside the warehouse folder: what the warehouse
/// was built from. Written by the store itself, after everything it describes.
pub const MANIFEST_FILE: &str = "manifest.json";

/// What a write produced.
#[derive(Debug, Clone, Default)]
pub struct WriteSummary {
    /// (table, rows) for every table written.
    pub rows: Vec<(String, usize)>,
    /// Parquet files written, relative to the warehouse folder.
    pub parquet_files: Vec<PathBuf>,
}

/// Writes a complete warehouse into `dir`, replacing the managed content it held
/// (the DuckDB file, the Parquet folder, the files given and the manifest),
/// atomically, taking the lock for the time of the write.
///
/// # Errors
/// Any [`StoreError`]; on error the previous warehouse in `dir` is untouched.
pub fn write(
    dir: &Path,
    tables: &[TableData],
    views: &[View],
    files: &[(String, &[u8])],
    manifest: &[u8],
) -> Result<WriteSummary, StoreError> {
    let lock = swap::lock(dir, None)?;
    write_locked(&lock, tables, views, files, manifest)
}

/// [`write`] for a caller that already holds the warehouse [`Lock`] (a run
/// that reads the manifest, extracts and writes under one lock).
///
/// `files` are (path relative to the warehouse, bytes) written beside the
/// database: reports, caches; a file in a subfolder ("cache/x.json") makes the
/// whole top-level folder managed (replaced by the write). `manifest` becomes
/// [`MANIFEST_FILE`] and is swapped in last, so it only ever describes content
/// that is in place.
///
/// # Errors
/// Any [`StoreError`] ([`StoreError::Reserved`] when `files` names the
/// manifest, the database or the Parquet folder); on error the previous
/// warehouse is untouched.
pub fn write_locked(
    lock: &Lock,
    tables: &[TableData],
    views: &[View],
    files: &[(String, &[u8])],
    manifest: &[u8],
) -> Result<WriteSummary, StoreError> {
    let dir = lock.dir();
    swap::recover(dir)?;
    let staging = Staging::create(dir)?;
    let summary = stage_tables(&staging, tables)?;
    duck::write_db(&staging.path().join(DUCKDB_FILE), tables, views)?;
    let mut managed = vec![DUCKDB_FILE.to_owned(), PARQUET_DIR.to_owned()];
    for (name, bytes) in files {
        // A file in a subfolder ("cache/x.json") swaps the whole top-level folder.
        let top = name.split('/').next().unwrap_or(name).to_owned();
        if top == MANIFEST_FILE || top == DUCKDB_FILE || top == PARQUET_DIR {
            return Err(StoreError::Reserved { name: name.clone() });
        }
        stage_file(&staging, name, bytes)?;
        if !managed.contains(&top) {
            managed.push(top);
        }
    }
    stage_file(&staging, MANIFEST_FILE, manifest)?;
    managed.push(MANIFEST_FILE.to_owned());
    staging.commit(&managed)?;
    Ok(summary)
}

/// Every table's Parquet files into the staging folder.
fn stage_tables(staging: &Staging, tables: &[TableData]) -> Result<WriteSummary, StoreError> {
    let mut summary = WriteSummary::default();
    let pq_root = staging.path().join(PARQUET_DIR);
    for t in tables {
        let files = parquet_out::write_table(&pq_root, t)?;
        summary.parquet_files.extend(
            files
                .into_iter()
                .filter_map(|f| f.strip_prefix(staging.path()).ok().map(Path::to_path_buf)),
        );
        summary.rows.push((t.def().name.clone(), t.len()));
    }
    Ok(summary)
}

fn stage_file(staging: &Staging, name: &str, bytes: &[u8]) -> Result<(), StoreError> {
    let p = staging.path().join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).map_err(io_err(parent))?;
    }
    std::fs::write(&p, bytes).map_err(io_err(&p))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Catalog;

    #[test]
    fn the_manifest_is_written_by_the_store_and_cannot_be_smuggled_in() {
        let dir = tempfile::tempdir().expect("tempdir");
        let cat = Catalog::embedded().expect("catalog");
        let tables: Vec<TableData> = cat.tables.iter().map(TableData::new).collect();
        let files = vec![("cache/a.json".to_owned(), &b"{}"[..])];
        let s = write(dir.path(), &tables, &[], &files, b"{\"m\":1}").expect("write");
        assert_eq!(s.rows.len(), tables.len());
        let m = std::fs::read_to_string(dir.path().join(MANIFEST_FILE)).expect("manifest");
        assert_eq!(m, "{\"m\":1}");
        assert!(dir.path().join("cache/a.json").exists());
        let bad = vec![(MANIFEST_FILE.to_owned(), &b"x"[..])];
        let e = write(dir.path(), &tables, &[], &bad, b"{}").expect_err("reserved");
        assert!(e.to_string().contains(MANIFEST_FILE), "{e}");
        let m = std::fs::read_to_string(dir.path().join(MANIFEST_FILE)).expect("manifest");
        assert_eq!(
            m, "{\"m\":1}",
            "a refused write leaves the previous warehouse"
        );
    }
}
