//! Everything that can go wrong writing the warehouse.

use std::path::{Path, PathBuf};

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
        "warehouse {dir} is locked by another run (pid {pid}{host}, since {since}); wait for it or remove {lock} if that process is gone"
    )]
    Locked {
        /// Warehouse folder or URL.
        dir: String,
        /// Lock file (folder or URL and name).
        lock: String,
        /// " on host NAME" when the holder runs on another host, else "".
        host: String,
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
    /// A file given to a write has the name of something the store writes itself.
    #[error(
        "{name}: the store writes this name itself (the manifest, the database or the Parquet folder)"
    )]
    Reserved {
        /// The name given.
        name: String,
    },
    /// The object store (or the local folder through it) failed.
    #[error("warehouse {store}: {name}: {reason}")]
    Objects {
        /// The warehouse folder or URL.
        store: String,
        /// The object concerned (empty for the store itself).
        name: String,
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
