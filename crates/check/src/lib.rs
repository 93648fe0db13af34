//! Data-quality checks over extracted tables. Findings are data
//! ([`Diagnostic`]s), never errors, and the checks never change a number: an
//! inconsistency printed in a report is reported, not repaired.
//!
//! - [`reconcile`]: a PDF report against its spreadsheet appendix
//!   (`pdf_excel_mismatch`).
//! - [`check_tables`]: the checks within one document's tables:
//!   `sum_mismatch` (total rows), `avvik_mismatch` (deviation columns),
//!   `cross_table_mismatch` (area budget tables against the overview),
//!   `implausible_period` (header years) and `share_sum` (complementary
//!   shares). Unparseable numbers are the extractors' `unparseable_number`.
//!
//! Every numeric comparison allows for the rounding the document shows: each
//! printed value may be off by half a unit of its last printed digit.

mod avvik;
mod cross;
mod periods;
mod reconcile;
mod shares;
mod sums;
#[cfg(test)]
mod testutil;
mod util;

pub use kommunetall_model::Diagnostic;
use kommunetall_model::Table;
pub use reconcile::reconcile;
pub use sums::{SumCount, check_sums};

/// Runs every within-document rule on the tables of one document (in reading
/// order) and returns the findings, ordered by table, then rule.
///
/// `report_year` is the year the report covers (used by
/// `implausible_period`); when `None` it is inferred from the header years.
#[must_use]
pub fn check_tables(tables: &[Table], report_year: Option<i32>) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = Vec::new();
    for t in tables {
        out.extend(sums::check(t));
        out.extend(avvik::check(t));
        out.extend(shares::check(t));
    }
    out.extend(cross::check(tables));
    out.extend(periods::check(tables, report_year));
    let order = |d: &Diagnostic| {
        tables
            .iter()
            .position(|t| Some(&t.table_id) == d.table_id.as_ref())
            .unwrap_or(usize::MAX)
    };
    out.sort_by_key(|d| order(d));
    out
}
