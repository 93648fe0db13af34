//! Helpers shared by the rules: printed precision and rounding tolerance,
//! column kinds read from the header, label normalisation, and building
//! findings with their location.

use kommunetall_lexicon::{Parsed, label};
use kommunetall_model::{Cell, Diagnostic, Location, Row, Severity, Table, Unit};

/// Factor from a unit to kroner ([`Unit::nok_factor`]); 1 for a unit that is
/// not money or no unit, so such numbers are compared as printed.
pub(crate) fn factor(unit: Option<Unit>) -> f64 {
    unit.and_then(Unit::nok_factor).unwrap_or(1.0)
}

/// Lower-case, single-spaced.
pub(crate) fn norm(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Digits after the decimal separator as printed, when the text is a number.
pub(crate) fn printed_decimals(text: &str) -> Option<u32> {
    match kommunetall_lexicon::parse(text) {
        Parsed::Number(n) => Some(n.decimals),
        _ => None,
    }
}

/// Half a unit of the last printed digit of `text` ("2 067,2" → 0.05).
pub(crate) fn printed_tolerance(text: &str) -> f64 {
    half_unit(printed_decimals(text).unwrap_or(0))
}

/// Half a unit of the `decimals`-th decimal.
pub(crate) fn half_unit(decimals: u32) -> f64 {
    0.5 * 10f64.powi(-i32::try_from(decimals).unwrap_or(0))
}

/// What an (empty, missing, numeric) value cell contributes to arithmetic.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Val {
    /// Nothing printed: counts as zero in a sum.
    Blank,
    /// A placeholder or unreadable text: the column cannot be checked here.
    Unknown,
    /// A number.
    Num(f64),
}

/// The value of a cell for the checks.
pub(crate) fn cell_val(c: &Cell) -> Val {
    if let Some(v) = c.value {
        return Val::Num(v);
    }
    match kommunetall_lexicon::parse(&c.text) {
        Parsed::Empty => Val::Blank,
        _ => Val::Unknown,
    }
}

/// The number of a cell, if it has one.
pub(crate) fn num(c: &Cell) -> Option<f64> {
    match cell_val(c) {
        Val::Num(v) => Some(v),
        _ => None,
    }
}

/// Printed precision per value column (index 0 = first value column).
///
/// The printed decimals of the column's numbers, except that a column whose
/// numbers all print a zero fraction ("235,0", "14,0") was evidently rounded to
/// whole units before printing, so its precision is taken as 0 decimals.
pub(crate) fn column_decimals(t: &Table) -> Vec<Option<u32>> {
    (0..t.n_cols)
        .map(|ci| {
            let mut max_dec: Option<u32> = None;
            let mut all_whole = true;
            let mut n_frac = 0usize;
            for r in &t.rows {
                let Some(c) = r.cells.get(ci) else { continue };
                let Parsed::Number(n) = kommunetall_lexicon::parse(&c.text) else {
                    continue;
                };
                max_dec = Some(max_dec.map_or(n.decimals, |m| m.max(n.decimals)));
                if n.decimals > 0 {
                    n_frac += 1;
                    if n.value.fract() != 0.0 {
                        all_whole = false;
                    }
                }
            }
            if all_whole && n_frac >= 3 {
                Some(0)
            } else {
                max_dec
            }
        })
        .collect()
}

/// Rounding tolerance of one cell: half a unit of its printed precision, or of
/// its column's effective precision when that is coarser.
pub(crate) fn cell_tolerance(c: &Cell, col_dec: Option<u32>) -> f64 {
    let own = printed_decimals(&c.text);
    match (own, col_dec) {
        (Some(o), Some(cd)) => half_unit(o.min(cd)),
        (Some(o), None) => half_unit(o),
        (None, Some(cd)) if !c.text.trim().is_empty() => half_unit(cd),
        // A value without printed text (a spreadsheet number): exact.
        _ => 0.0,
    }
}

/// Allowance for floating-point noise on top of the rounding tolerance.
pub(crate) fn eps(x: f64) -> f64 {
    1e-9 * x.abs().max(1.0)
}

/// A column of shares or percentages (not summable as amounts).
pub(crate) fn is_percent_column(t: &Table, ci: usize) -> bool {
    let label = norm(&t.column_label(ci + 1));
    if label.contains("andel") || label.contains("prosent") || label.contains('%') {
        return true;
    }
    t.rows.iter().any(|r| {
        r.cells
            .get(ci)
            .is_some_and(|c| c.unit == Some(Unit::Prosent) || c.text.contains('%'))
    })
}

/// A column of averages ("Snitt årslønn", "Gjennomsnittlig …"): not summable.
pub(crate) fn is_average_column(t: &Table, ci: usize) -> bool {
    let label = norm(&t.column_label(ci + 1));
    label.contains("snitt") || label.contains("median")
}

/// A row label with any leading item number ("14. Sum …") removed, normalised.
pub(crate) fn bare_label(l: &str) -> String {
    norm(label::without_item_number(l))
}

/// The label reads as a total ("Sum …", "Sluttsum", "Totalt", "Samlet", "I alt").
pub(crate) fn is_total_label(l: &str) -> bool {
    label::is_sum(l)
}

/// A row with at least one number.
pub(crate) fn has_numbers(r: &Row) -> bool {
    r.cells.iter().any(|c| c.value.is_some())
}

/// Formats a number for `expected`/`actual`: no float noise.
pub(crate) fn fmt_num(x: f64) -> String {
    let r = (x * 1e6).round() / 1e6;
    if r == 0.0 {
        "0".to_owned()
    } else {
        format!("{r}")
    }
}

/// A finding located at a table, row and column.
pub(crate) fn finding(
    rule: &str,
    t: &Table,
    row: Option<&Row>,
    col: Option<usize>,
    message: String,
) -> Diagnostic {
    let mut d = Diagnostic::new(rule, Severity::Warning, message);
    d.table_id = Some(t.table_id.clone());
    d.row_label = row.map(|r| r.label.clone());
    d.column_label = col.map(|ci| t.column_label(ci + 1));
    d.page = row
        .and_then(|r| {
            col.and_then(|ci| r.cells.get(ci))
                .and_then(|c| c.page)
                .or(r.page)
        })
        .or(match t.location {
            Location::Pages { first, .. } => Some(first),
            Location::Sheet { .. } => None,
        });
    d.sheet = match &t.location {
        Location::Sheet { name } => Some(name.clone()),
        Location::Pages { .. } => None,
    };
    d
}

/// Words of a text for name matching: lower case, split at anything not a
/// letter or digit.
pub(crate) fn words(s: &str) -> Vec<String> {
    s.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tolerance_follows_printed_precision() {
        assert!((printed_tolerance("2 067,2") - 0.05).abs() < 1e-12);
        assert!((printed_tolerance("−5 253") - 0.5).abs() < 1e-12);
    }
}
