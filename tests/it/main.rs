//! End-to-end tests: the `kommunetall` binary on the bundled sample, checked
//! through the DuckDB file and the Parquet files it writes.
//!
//! One integration binary, grouped by module (see ARCHITECTURE.md).

mod support;

mod cli;
mod docs;
mod editions;
mod golden;
mod inspect;
mod kostra;
mod objects;
mod quality;
mod reconcile;
mod runs;
mod units;
mod warehouse;
