//! `avvik_mismatch`: a deviation column ("Avvik") that is not the difference
//! of two other columns of its row.
//!
//! For each column whose header says "Avvik", every ordered pair of the other
//! amount columns (x, y) is tried as `avvik = x − y` over all rows; the pair
//! (and so the sign convention) matching most rows is the table's convention.
//! Ties, and tables of a single row, prefer a budget column minus an accounts
//! column, the budget named in the Avvik header ("revidert", "opprinnelig")
//! first. With two rows or more the convention must hold in a majority of rows
//! (otherwise the column is not a plain deviation and nothing is reported);
//! rows where it does not hold, beyond the rounding of the three printed
//! values, are reported.

use kommunetall_model::{Diagnostic, Table};

use crate::util::{
    cell_tolerance, column_decimals, eps, finding, fmt_num, is_percent_column, norm, num,
};

/// How much a pair (x − y) looks like "budget − accounts" as the header puts it.
fn preference(t: &Table, avvik_label: &str, x: usize, y: usize) -> i32 {
    let lx = norm(&t.column_label(x + 1));
    let ly = norm(&t.column_label(y + 1));
    let budget = |l: &str| l.contains("budsjett");
    let accounts = |l: &str| l.contains("regnskap");
    let mut p = 0;
    if budget(&lx) && accounts(&ly) {
        p += 4;
    } else if accounts(&lx) && budget(&ly) {
        p += 3;
    }
    for w in ["revidert", "opprinnelig", "vedtatt", "justert"] {
        if avvik_label.contains(w) && (lx.contains(w) || ly.contains(w)) {
            p += 2;
        }
    }
    p
}

/// Checks every "Avvik" column of one table.
pub(crate) fn check(t: &Table) -> Vec<Diagnostic> {
    let dec = column_decimals(t);
    let mut out = Vec::new();
    let is_avvik = |ci: usize| norm(&t.column_label(ci + 1)).contains("avvik");
    for a in (0..t.n_cols).filter(|&ci| is_avvik(ci)) {
        let alabel = norm(&t.column_label(a + 1));
        let others: Vec<usize> = (0..t.n_cols)
            .filter(|&ci| ci != a && !is_avvik(ci) && !is_percent_column(t, ci))
            .collect();
        // (x, y, rows with all three values, rows matching, preference)
        let mut best: Option<(usize, usize, usize, usize, i32)> = None;
        for &x in &others {
            for &y in &others {
                if x == y {
                    continue;
                }
                let (mut n, mut ok) = (0, 0);
                for r in &t.rows {
                    let (Some(cx), Some(cy), Some(ca)) =
                        (r.cells.get(x), r.cells.get(y), r.cells.get(a))
                    else {
                        continue;
                    };
                    let (Some(vx), Some(vy), Some(va)) = (num(cx), num(cy), num(ca)) else {
                        continue;
                    };
                    n += 1;
                    let tol = cell_tolerance(cx, dec[x])
                        + cell_tolerance(cy, dec[y])
                        + cell_tolerance(ca, dec[a]);
                    if (vx - vy - va).abs() <= tol + eps(va) {
                        ok += 1;
                    }
                }
                if n == 0 {
                    continue;
                }
                let pref = preference(t, &alabel, x, y);
                if best.is_none_or(|(_, _, _, bok, bp)| ok > bok || (ok == bok && pref > bp)) {
                    best = Some((x, y, n, ok, pref));
                }
            }
        }
        let Some((x, y, n, ok, pref)) = best else {
            continue;
        };
        if n >= 2 && ok * 2 <= n {
            continue;
        }
        if n == 1 && ok == 0 && pref < 3 {
            continue;
        }
        let (lx, ly) = (t.column_label(x + 1), t.column_label(y + 1));
        for r in &t.rows {
            let (Some(cx), Some(cy), Some(ca)) = (r.cells.get(x), r.cells.get(y), r.cells.get(a))
            else {
                continue;
            };
            let (Some(vx), Some(vy), Some(va)) = (num(cx), num(cy), num(ca)) else {
                continue;
            };
            let tol = cell_tolerance(cx, dec[x])
                + cell_tolerance(cy, dec[y])
                + cell_tolerance(ca, dec[a]);
            let want = vx - vy;
            if (want - va).abs() <= tol + eps(va) {
                continue;
            }
            let basis = if n == 1 {
                "the only row; budget minus accounts as the header reads".to_owned()
            } else {
                format!("convention holding in {ok} of {n} rows")
            };
            let mut d = finding(
                "avvik_mismatch",
                t,
                Some(r),
                Some(a),
                format!(
                    "table {} row \"{}\": \"{}\" prints {}, but \"{lx}\" − \"{ly}\" = {} − {} = {} (difference {}, rounding allows {}; {basis})",
                    t.table_id,
                    r.label,
                    t.column_label(a + 1),
                    ca.text,
                    cx.text,
                    cy.text,
                    fmt_num(want),
                    fmt_num(va - want),
                    fmt_num(tol),
                ),
            );
            d.expected = Some(fmt_num(want));
            d.actual = Some(fmt_num(va));
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

    const H: &[(&str, usize)] = &[
        ("", 1),
        ("Regnskap 2024", 1),
        ("Revidert budsjett 2024", 1),
        ("Avvik", 1),
    ];

    #[test]
    fn majority_convention_and_one_bad_row() {
        let t = tbl(
            "1.2",
            None,
            &[H],
            &[
                ("Skole", B, &["2591", "2600", "10"]), // 9 within 1.5
                ("Barnehage", B, &["2067", "2068", "1"]),
                ("Kultur", B, &["371", "374", "3"]),
                ("Kirke", B, &["136", "146", "0"]),
            ],
        );
        let f = check(&t);
        assert_eq!(
            keys(&f),
            vec![(
                "avvik_mismatch".into(),
                "1.2".into(),
                "Kirke".into(),
                "Avvik".into()
            )]
        );
        assert_eq!(f[0].expected.as_deref(), Some("10"));
    }

    #[test]
    fn opposite_sign_convention_is_learnt() {
        let t = tbl(
            "x",
            None,
            &[H],
            &[
                ("a", B, &["10,0", "12,0", "−2,0"]),
                ("b", B, &["5,5", "5,0", "0,5"]),
                ("c", B, &["7,0", "9,0", "−2,1"]),
            ],
        );
        assert!(check(&t).is_empty(), "{:?}", check(&t));
    }

    #[test]
    fn single_row_area_table() {
        let h: &[(&str, usize)] = &[
            ("", 1),
            ("Regnskap", 1),
            ("Revidert budsjett", 1),
            ("Opprinnelig budsjett", 1),
            ("Avvik regnskap og revidert budsjett", 1),
        ];
        let ok = tbl(
            "4.1",
            None,
            &[h],
            &[(
                "Millioner kroner",
                B,
                &["2 067,2", "2 068,2", "2 053,0", "1,0"],
            )],
        );
        assert!(check(&ok).is_empty());
        let bad = tbl(
            "4.1",
            None,
            &[h],
            &[(
                "Millioner kroner",
                B,
                &["2 067,2", "2 068,2", "2 053,0", "1,5"],
            )],
        );
        let f = check(&bad);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].expected.as_deref(), Some("1"));
    }

    #[test]
    fn whole_units_printed_with_zero_decimal_are_rounded_to_units() {
        let t = tbl(
            "1.4",
            None,
            &[H],
            &[
                ("a", B, &["235,0", "222,0", "−14,0"]), // −13 at whole-unit precision
                ("b", B, &["8,0", "45,0", "38,0"]),
                ("c", B, &["108,0", "213,0", "103,0"]), // −2: real
                ("d", B, &["60,0", "71,0", "11,0"]),
            ],
        );
        let f = check(&t);
        assert_eq!(keys(&f).len(), 1, "{f:?}");
        assert_eq!(f[0].row_label.as_deref(), Some("c"));
    }
}
