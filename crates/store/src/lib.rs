//! Writes the warehouse.
//!
//! The tables are declared in `schemas/*.toml` (one file per table: columns,
//! Arrow types, nullability and meaning), embedded here at compile time so the
//! declaration is the one source of truth for both outputs:
//!
//! - `DIR/parquet/<table>/report_year=<year>/part-0.parquet` (Hive partitions;
//!   the partition column lives in the path, not in the files), and
//! - `DIR/kommunetall.duckdb` with the same rows (the partition column is an
//!   ordinary column there).
//!
//! A write builds everything in a staging folder inside `DIR` and swaps it in
//! only when all of it succeeded ([`swap`]); a failed write leaves the previous
//! warehouse untouched. One writer at a time is enforced with a lock file.

pub mod data;
pub mod duck;
pub mod parquet_out;
pub mod schema;
pub mod swap;

use std::path::{Path, PathBuf};

pub use data::{TableData, Value};
pub use schema::{Catalog, ColumnDef, ColumnType, TableDef};
pub use swap::{Lock, rfc3339};

/// File name of the DuckDB database inside the warehouse folder.
pub const DUCKDB_FILE: &str = "kommunetall.duckdb";
/// Folder of the Parquet tables inside the warehouse folder.
pub const PARQUET_DIR: &str = "parquet";

/// Everything that can go wrong writing the warehouse.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A schema file in `schemas/` is not valid.
    #[error("schema {file}: {reason}")]
    Schema {
        /// The schema file.
        file: String,
        /// What is wrong.
        reason: String,
    },
    /// A value does not fit the declared column.
    #[error("table {table}, column {column}: {reason}")]
    Value {
        /// Table name.
        table: String,
        /// Column name.
        column: String,
        /// What is wrong.
        reason: String,
    },
    /// Filesystem trouble, with the path concerned.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// Another run holds the warehouse lock.
    #[error(
        "warehouse {dir} is locked by another run (pid {pid}, since {since}); wait for it or remove {lock} if that process is gone"
    )]
    Locked {
        /// Warehouse folder.
        dir: PathBuf,
        /// Lock file.
        lock: PathBuf,
        /// Holder's pid.
        pid: u32,
        /// Holder's start time as written in the lock.
        since: String,
    },
    /// Arrow or Parquet failed.
    #[error("parquet {path}: {reason}")]
    Parquet {
        /// The file being written.
        path: PathBuf,
        /// What failed.
        reason: String,
    },
    /// DuckDB failed.
    #[error("duckdb {path}: {reason}")]
    DuckDb {
        /// The database file.
        path: PathBuf,
        /// What failed.
        reason: String,
    },
}

pub(crate) fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> StoreError + '_ {
    move |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// A view to create in the DuckDB file after the tables.
#[derive(Debug, Clone)]
pub struct View {
    /// View name.
    pub name: String,
    /// The SELECT statement.
    pub sql: String,
}

/// What a write produced.
#[derive(Debug, Clone, Default)]
pub struct WriteSummary {
    /// (table, rows) for every table written.
    pub rows: Vec<(String, usize)>,
    /// Parquet files written, relative to the warehouse folder.
    pub parquet_files: Vec<PathBuf>,
}

/// Writes a complete warehouse into `dir`, replacing the managed content it held
/// (the DuckDB file, the Parquet folder and the extra files given), atomically.
///
/// `extra_files` are (file name, bytes) written beside the database, e.g. a
/// quality report.
///
/// # Errors
/// Any [`StoreError`]; on error the previous warehouse in `dir` is untouched.
pub fn write(
    dir: &Path,
    tables: &[TableData],
    views: &[View],
    extra_files: &[(String, Vec<u8>)],
) -> Result<WriteSummary, StoreError> {
    std::fs::create_dir_all(dir).map_err(io_err(dir))?;
    let lock = Lock::acquire(dir)?;
    write_locked(&lock, tables, views, extra_files)
}

/// [`write`] for a caller that already holds the warehouse [`Lock`] (a run
/// that reads the manifest, extracts and writes under one lock).
///
/// # Errors
/// Any [`StoreError`]; on error the previous warehouse is untouched.
pub fn write_locked(
    lock: &Lock,
    tables: &[TableData],
    views: &[View],
    extra_files: &[(String, Vec<u8>)],
) -> Result<WriteSummary, StoreError> {
    let dir = lock.dir();
    swap::recover(dir)?;
    let staging = swap::Staging::create(dir)?;
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
    duck::write_db(&staging.path().join(DUCKDB_FILE), tables, views)?;
    let mut managed = vec![DUCKDB_FILE.to_owned(), PARQUET_DIR.to_owned()];
    for (name, bytes) in extra_files {
        let p = staging.path().join(name);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).map_err(io_err(parent))?;
        }
        std::fs::write(&p, bytes).map_err(io_err(&p))?;
        // A file in a subfolder ("cache/x.json") swaps the whole top-level folder.
        let top = name.split('/').next().unwrap_or(name).to_owned();
        if !managed.contains(&top) {
            managed.push(top);
        }
    }
    staging.commit(&managed)?;
    Ok(summary)
}
