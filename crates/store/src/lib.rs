//! Writes the warehouse.
//!
//! The tables are declared in `schemas/*.toml` (one file per table: columns,
//! Arrow types, nullability and meaning), embedded here at compile time so the
//! declaration is the one source of truth for both outputs:
//!
//! - `parquet/<table>/municipality_code=<code>/report_year=<year>/part-0.parquet`
//!   (Hive partitions; the partition columns live in the path, not in the
//!   files), `parquet/<table>/part-0.parquet` for a table written whole; in a
//!   local folder or an object store (`s3://bucket/prefix`, [`objects`]);
//! - a local DuckDB file with the same rows (the partition columns are
//!   ordinary columns there), loaded from those Parquet files ([`duck`]).
//!
//! The views (`schemas/views/*.sql`) are embedded beside the schemas
//! ([`views`]); [`Catalog`] holds both.
//!
//! A write ([`Writer`]) stages the partitions, tables and files it is given
//! and commits them with the manifest last ([`swap`]); a failed or killed
//! write leaves the previous warehouse. One writer at a time is enforced with
//! a lock object ([`lock`]), which also finishes an interrupted commit and
//! brings the DuckDB file up to the last one.
//!
//! Rows are added as records whose field names are the declared columns
//! ([`TableData::push_record`]), checked against the declaration.
//!
//! The modules form a chain without cycles: `error` ← `views` ← `schema` ←
//! `data` ← `parquet_out`; `objects` ← `swap`; `duck` (on both) ← `write`;
//! this file only re-exports.

pub mod data;
pub mod duck;
mod error;
pub mod objects;
pub mod parquet_out;
pub mod schema;
pub mod swap;
pub mod views;
mod write;

pub use data::{TableData, Value, hive_path, parse_hive_path};
pub use duck::CommitRecord;
pub use error::StoreError;
pub use objects::{DUCKDB_FILE, Objects, PartWriter, Target};
pub use parquet_out::PARQUET_DIR;
pub use schema::{Catalog, ColumnDef, ColumnType, TableDef};
pub use swap::{Lock, rfc3339};
pub use views::View;
pub use write::{MANIFEST_FILE, WriteSummary, Writer, lock, write};
