//! `implausible_period`: a year in a column header that cannot belong to the
//! report.
//!
//! Years are four-digit numbers 1900–2099 standing alone in a header text
//! ("Regnskap 2024", "2018-2024"). A year more than ten years from the report
//! year is reported, and so is accounts ("Regnskap") for a year after the one
//! following the report year. Without a report year, the most frequent header
//! year of the document stands in for it.

use std::collections::HashMap;

use kommunetall_model::{Diagnostic, Table};

use kommunetall_lexicon::year::years_in;

use crate::util::{finding, norm};

/// The most frequent header year of the tables (ties: the latest).
fn infer_year(tables: &[Table]) -> Option<i32> {
    let mut n: HashMap<i32, usize> = HashMap::new();
    for t in tables {
        for c in 0..=t.n_cols {
            for y in years_in(&t.column_label(c)) {
                *n.entry(y).or_insert(0) += 1;
            }
        }
    }
    n.into_iter().max_by_key(|&(y, k)| (k, y)).map(|(y, _)| y)
}

/// Checks the header years of all tables against the report year.
pub(crate) fn check(tables: &[Table], report_year: Option<i32>) -> Vec<Diagnostic> {
    let Some(ry) = report_year.or_else(|| infer_year(tables)) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for t in tables {
        for c in 0..=t.n_cols {
            let label = t.column_label(c);
            let accounts = norm(&label).contains("regnskap");
            let bad: Vec<(i32, &str)> = years_in(&label)
                .into_iter()
                .filter_map(|y| {
                    if (y - ry).abs() > 10 {
                        Some((y, "more than 10 years from the report year"))
                    } else if accounts && y > ry + 1 {
                        Some((y, "accounts for a year not yet closed"))
                    } else {
                        None
                    }
                })
                .collect();
            let Some(&(y, why)) = bad.first() else {
                continue;
            };
            let mut d = finding(
                "implausible_period",
                t,
                None,
                c.checked_sub(1),
                format!(
                    "table {} column \"{label}\": year {y} in a {ry} report ({why})",
                    t.table_id
                ),
            );
            if c == 0 {
                d.column_label = Some(label.clone());
            }
            d.expected = Some(format!("a year near {ry}"));
            d.actual = Some(y.to_string());
            out.push(d);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::{keys, tbl};
    use kommunetall_model::RowClass::Body as B;

    #[test]
    fn far_and_future_years() {
        let t = tbl(
            "t",
            None,
            &[&[
                ("", 1),
                ("Regnskap 2042", 1),
                ("Regnskap 2026", 1),
                ("Budsjett 2026", 1),
                ("2018-2024", 1),
                ("Regnskap 2025", 1),
            ]],
            &[("a", B, &["1", "2", "3", "4", "5"])],
        );
        let f = check(std::slice::from_ref(&t), Some(2024));
        let cols: Vec<String> = keys(&f).into_iter().map(|k| k.3).collect();
        assert_eq!(cols, vec!["Regnskap 2042", "Regnskap 2026"]);
        // Inferred report year: the most frequent header year.
        let u = tbl(
            "u",
            None,
            &[&[
                ("", 1),
                ("Regnskap 2024", 1),
                ("Budsjett 2024", 1),
                ("Oslo 2004", 1),
            ]],
            &[("a", B, &["1", "2", "3"])],
        );
        let f = check(&[u], None);
        assert_eq!(keys(&f).len(), 1);
        assert_eq!(f[0].actual.as_deref(), Some("2004"));
    }
}
