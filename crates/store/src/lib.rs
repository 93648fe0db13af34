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
//! The views (`schemas/views/*.sql`) are embedded beside the schemas
//! ([`views`]); [`Catalog`] holds both.
//!
//! A write ([`write_locked`]) builds everything in a staging folder inside
//! `DIR` and swaps it in only when all of it succeeded ([`swap`]), the
//! manifest last; a failed write leaves the previous warehouse untouched. One
//! writer at a time is enforced with a lock file ([`lock`]).
//!
//! Rows are added as records whose field names are the declared columns
//! ([`TableData::push_record`]), checked against the declaration.
//!
//! The modules form a chain without cycles: `error` ← `views` ← `schema` ←
//! `data` ← `parquet_out`, `duck` ← `write`, with `swap` beside; this file only
//! re-exports.

pub mod data;
pub mod duck;
mod error;
pub mod parquet_out;
pub mod schema;
pub mod swap;
pub mod views;
mod write;

pub use data::{TableData, Value};
pub use error::StoreError;
pub use schema::{Catalog, ColumnDef, ColumnType, TableDef};
pub use swap::{Lock, lock, rfc3339};
pub use views::View;
pub use write::{DUCKDB_FILE, MANIFEST_FILE, PARQUET_DIR, WriteSummary, write, write_locked};
