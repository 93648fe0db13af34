//! `share_sum`: complementary percentage shares that do not add up to 100.
//!
//! Across a row: percentage columns whose last header part is the same
//! ("Andel årsverk") under different parent headers ("Kvinne", "Mann"), no
//! parent being a total ("Sluttsum", "Totalt"), are the shares of one whole.
//! That they are complementary is taken from the data: a majority of the rows
//! must add up to 100; the rows that do not are reported.
//! Down a column: a percentage column whose total row prints 100 % must have
//! its rows (since the previous total or section) add up to 100.
//! The tolerance is half a unit of the last printed digit of each share.

use std::collections::BTreeMap;

use kommunetall_model::{Diagnostic, RowClass, Table, Unit};

use crate::util::{cell_tolerance, eps, finding, fmt_num, is_total_label, norm, num};

fn is_pct_column(t: &Table, ci: usize) -> bool {
    let mut n = 0;
    for r in &t.rows {
        if let Some(c) = r.cells.get(ci)
            && c.value.is_some()
        {
            if c.unit != Some(Unit::Prosent) && !c.text.contains('%') {
                return false;
            }
            n += 1;
        }
    }
    n > 0 || norm(&t.column_label(ci + 1)).contains("prosent")
}

fn is_total_word(s: &str) -> bool {
    is_total_label(s) || norm(s).starts_with("alle")
}

/// Checks the complementary shares of one table.
pub(crate) fn check(t: &Table) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let pct: Vec<usize> = (0..t.n_cols).filter(|&ci| is_pct_column(t, ci)).collect();
    // Across rows: group by the last header part.
    let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for &ci in &pct {
        let label = t.column_label(ci + 1);
        let parts: Vec<&str> = label.split(" / ").collect();
        if parts.len() < 2 || is_total_word(parts[0]) {
            continue;
        }
        groups
            .entry(norm(parts[parts.len() - 1]))
            .or_default()
            .push(ci);
    }
    for cols in groups.values().filter(|c| c.len() >= 2) {
        let mut results = Vec::new();
        for r in &t.rows {
            let vals: Option<Vec<f64>> = cols
                .iter()
                .map(|&ci| r.cells.get(ci).and_then(num))
                .collect();
            let Some(vals) = vals else { continue };
            let tol: f64 = cols
                .iter()
                .filter_map(|&ci| r.cells.get(ci))
                .map(|c| cell_tolerance(c, None))
                .sum();
            let s: f64 = vals.iter().sum();
            results.push((r, s, tol, (s - 100.0).abs() <= tol + eps(s)));
        }
        let n_ok = results.iter().filter(|x| x.3).count();
        if n_ok * 2 <= results.len() {
            continue;
        }
        let names = cols
            .iter()
            .map(|&ci| t.column_label(ci + 1))
            .collect::<Vec<_>>()
            .join(" + ");
        for (r, s, tol, _) in results.into_iter().filter(|x| !x.3) {
            let texts = cols
                .iter()
                .filter_map(|&ci| r.cells.get(ci).map(|c| c.text.clone()))
                .collect::<Vec<_>>()
                .join(" + ");
            let mut d = finding(
                "share_sum",
                t,
                Some(r),
                Some(cols[0]),
                format!(
                    "table {} row \"{}\": the shares {names} are {texts} = {} %, not 100 % (rounding allows {}; {n_ok} other row(s) add up)",
                    t.table_id,
                    r.label,
                    fmt_num(s),
                    fmt_num(tol)
                ),
            );
            d.column_label = Some(names.clone());
            d.expected = Some("100".to_owned());
            d.actual = Some(fmt_num(s));
            out.push(d);
        }
    }
    // Down a column: a total row printing 100 %.
    for &ci in &pct {
        let mut since: Vec<usize> = Vec::new();
        for (i, r) in t.rows.iter().enumerate() {
            let total = r.class == RowClass::Sum || is_total_label(&r.label);
            let Some(c) = r.cells.get(ci) else { continue };
            if r.class == RowClass::Section {
                since.clear();
                continue;
            }
            if !total {
                if num(c).is_some() {
                    since.push(i);
                }
                continue;
            }
            let parts = std::mem::take(&mut since);
            let Some(v) = num(c) else { continue };
            if (v - 100.0).abs() > cell_tolerance(c, None) + eps(v) || parts.len() < 2 {
                continue;
            }
            let mut s = 0.0;
            let mut tol = 0.0;
            for &p in &parts {
                if let Some(pc) = t.rows[p].cells.get(ci) {
                    s += num(pc).unwrap_or(0.0);
                    tol += cell_tolerance(pc, None);
                }
            }
            if (s - 100.0).abs() <= tol + eps(s) {
                continue;
            }
            let mut d = finding(
                "share_sum",
                t,
                Some(r),
                Some(ci),
                format!(
                    "table {} column \"{}\": the total prints {} but the {} shares above add up to {} % (rounding allows {})",
                    t.table_id,
                    t.column_label(ci + 1),
                    c.text,
                    parts.len(),
                    fmt_num(s),
                    fmt_num(tol)
                ),
            );
            d.expected = Some("100".to_owned());
            d.actual = Some(fmt_num(s));
            out.push(d);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::{keys, tbl};
    use RowClass::{Body as B, Sum as U};

    const H: &[&[(&str, usize)]] = &[
        &[("", 1), ("Kvinne", 2), ("Mann", 2)],
        &[
            ("Område", 1),
            ("Antall", 1),
            ("Andel", 1),
            ("Antall", 1),
            ("Andel", 1),
        ],
    ];

    #[test]
    fn complementary_shares_with_rounding() {
        let t = tbl(
            "10.4",
            None,
            H,
            &[
                ("a", B, &["36", "63%", "21", "37%"]),
                ("b", B, &["578", "60%", "383", "41%"]), // 101: rounding
                ("c", B, &["98", "59%", "67", "43%"]),   // 102: flagged
                ("Sluttsum", U, &["712", "60%", "471", "40%"]),
            ],
        );
        let f = check(&t);
        assert_eq!(
            keys(&f),
            vec![(
                "share_sum".into(),
                "10.4".into(),
                "c".into(),
                "Kvinne / Andel + Mann / Andel".into()
            )]
        );
    }

    #[test]
    fn shares_that_are_not_complementary_are_left_alone() {
        let t = tbl(
            "x",
            None,
            H,
            &[
                ("a", B, &["1", "3%", "1", "5%"]),
                ("b", B, &["1", "2%", "1", "1%"]),
            ],
        );
        assert!(check(&t).is_empty());
    }

    #[test]
    fn column_with_a_100_percent_total() {
        let t = |b: &str| {
            tbl(
                "x",
                None,
                &[&[("", 1), ("Andel", 1)]],
                &[
                    ("a", B, &["40,0 %"]),
                    ("b", B, &[b]),
                    ("Sum", U, &["100,0 %"]),
                ],
            )
        };
        assert!(check(&t("60,1 %")).is_empty());
        assert_eq!(check(&t("61,0 %")).len(), 1);
    }
}
