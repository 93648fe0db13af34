//! `sum_mismatch`: a total row differs from the sum of the rows it totals.
//!
//! The rows a total covers are worked out from the table's structure, not
//! assumed: walking down the table, the rows not yet covered by a total are
//! kept in order, with the section headings between them. For a total row the
//! candidate spans are the open rows after each section heading, after each
//! earlier total, and all open rows (so a total may cover body rows since its
//! section, nested sections, or earlier totals as in "Brutto driftsresultat" =
//! "Sum driftsinntekter" + "Sum driftsutgifter"; signs are as printed). The
//! most local span that matches every checkable column is taken and its rows
//! are then covered by the total. When none matches, the span matching most
//! columns is taken (its matching columns confirm it) and the other columns are
//! reported; with no column matching any span, the most local span is reported.
//!
//! Checked columns exclude shares and percentages ("Andel …", cells in
//! "prosent") and averages ("Snitt …", "Gjennomsnittlig …"). A blank component
//! counts as zero; a placeholder or unreadable component makes the column
//! uncheckable for that total. Each printed value may be off by half a unit of
//! its last digit, so the tolerance is the sum of those half units.
//!
//! Rows labelled as totals ("Sum …", "Sluttsum", "Totalt", "Samlet") are always
//! checked; other rows the extractor classed as sums are reported only when
//! some span confirms which rows they cover; body rows labelled "Netto …" or
//! "Brutto …" are treated as totals only when a span of at least two rows
//! matches them in every column.

use kommunetall_model::{Diagnostic, RowClass, Table};

use crate::util::{
    Val, bare_label, cell_tolerance, cell_val, column_decimals, eps, finding, fmt_num, has_numbers,
    is_average_column, is_percent_column, is_total_label,
};

#[derive(Debug, Clone, Copy, PartialEq)]
enum Item {
    /// A section heading.
    Marker,
    /// A row with numbers (a body row or a total).
    Row { idx: usize, total: bool },
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    /// Labelled as a total: always checked.
    Definite,
    /// Classed as a sum by the extractor only: reported when a span confirms it.
    Classed,
    /// "Netto …"/"Brutto …" body row: a total only if it matches.
    Tentative,
}

/// One column's comparison for one candidate span.
#[derive(Debug, Clone, Copy)]
struct ColCheck {
    col: usize,
    sum: f64,
    tol: f64,
    printed: f64,
    ok: bool,
}

struct Candidate {
    start: usize,
    rows: Vec<usize>,
    checks: Vec<ColCheck>,
}

impl Candidate {
    fn n_ok(&self) -> usize {
        self.checks.iter().filter(|c| c.ok).count()
    }
    fn full(&self) -> bool {
        !self.checks.is_empty() && self.n_ok() == self.checks.len()
    }
}

fn row_kind(t: &Table, i: usize) -> Option<Kind> {
    let r = &t.rows[i];
    if is_total_label(&r.label) {
        return Some(Kind::Definite);
    }
    if r.class == RowClass::Sum {
        return Some(Kind::Classed);
    }
    let l = bare_label(&r.label);
    if l.starts_with("netto ") || l.starts_with("brutto ") {
        return Some(Kind::Tentative);
    }
    None
}

fn evaluate(
    t: &Table,
    total: usize,
    rows: &[usize],
    cols: &[usize],
    dec: &[Option<u32>],
) -> Vec<ColCheck> {
    let tr = &t.rows[total];
    let mut out = Vec::new();
    'col: for &ci in cols {
        let Some(tc) = tr.cells.get(ci) else { continue };
        let Val::Num(printed) = cell_val(tc) else {
            continue;
        };
        let d = dec.get(ci).copied().flatten();
        let mut sum = 0.0;
        let mut tol = cell_tolerance(tc, d);
        let mut nums: Vec<f64> = Vec::new();
        for &ri in rows {
            let Some(c) = t.rows[ri].cells.get(ci) else {
                continue;
            };
            match cell_val(c) {
                Val::Blank => {}
                Val::Unknown => continue 'col,
                Val::Num(v) => {
                    sum += v;
                    tol += cell_tolerance(c, d);
                    nums.push(v);
                }
            }
        }
        if nums.is_empty() {
            continue;
        }
        let ok = (sum - printed).abs() <= tol + eps(sum);
        if !ok && nums.len() >= 2 {
            // An average, not a sum: same-signed parts with the "total" inside their range.
            let (lo, hi) = nums
                .iter()
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| {
                    (a.min(v), b.max(v))
                });
            if (lo >= 0.0 || hi <= 0.0) && printed >= lo && printed <= hi {
                continue;
            }
        }
        out.push(ColCheck {
            col: ci,
            sum,
            tol,
            printed,
            ok,
        });
    }
    out
}

/// How many total rows of a table were checked and how many add up.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct SumCount {
    /// Total rows compared with the rows they cover: rows labelled as totals
    /// and rows classed as sums that some span confirms, each with at least one
    /// checkable column ("Netto …"/"Brutto …" rows only when they add up).
    pub checked: usize,
    /// Of those, the rows that add up in every checkable column.
    pub matched: usize,
}

impl SumCount {
    /// Adds another count to this one.
    pub fn add(&mut self, o: SumCount) {
        self.checked += o.checked;
        self.matched += o.matched;
    }
}

/// The `sum_mismatch` rule on one table: its findings (exactly those
/// [`check_tables`](crate::check_tables) reports for this rule) and how many
/// total rows were checked and how many add up — the consistency rate of a
/// document is `matched / checked` over its tables.
#[must_use]
pub fn check_sums(t: &Table) -> (Vec<Diagnostic>, SumCount) {
    let mut n = SumCount::default();
    let out = check_counting(t, &mut n);
    (out, n)
}

/// Checks every total row of one table against the rows it covers.
pub(crate) fn check(t: &Table) -> Vec<Diagnostic> {
    check_counting(t, &mut SumCount::default())
}

fn check_counting(t: &Table, n: &mut SumCount) -> Vec<Diagnostic> {
    let dec = column_decimals(t);
    let cols: Vec<usize> = (0..t.n_cols)
        .filter(|&ci| !is_percent_column(t, ci) && !is_average_column(t, ci))
        .collect();
    let mut out = Vec::new();
    let mut open: Vec<Item> = Vec::new();
    for (i, r) in t.rows.iter().enumerate() {
        if !has_numbers(r) {
            if r.class == RowClass::Section || !r.label.trim().is_empty() {
                open.push(Item::Marker);
            }
            continue;
        }
        let Some(kind) = row_kind(t, i) else {
            open.push(Item::Row {
                idx: i,
                total: false,
            });
            continue;
        };
        // Candidate spans, most local first, without duplicates.
        let mut cands: Vec<Candidate> = Vec::new();
        for p in (0..open.len()).rev() {
            let boundary =
                p == 0 || matches!(open[p - 1], Item::Marker | Item::Row { total: true, .. });
            if !boundary {
                continue;
            }
            let rows: Vec<usize> = open[p..]
                .iter()
                .filter_map(|it| match it {
                    Item::Row { idx, .. } => Some(*idx),
                    Item::Marker => None,
                })
                .collect();
            if rows.is_empty() || cands.iter().any(|c| c.rows == rows) {
                continue;
            }
            let checks = evaluate(t, i, &rows, &cols, &dec);
            cands.push(Candidate {
                start: p,
                rows,
                checks,
            });
        }
        let full = cands
            .iter()
            .position(|c| c.full() && (kind != Kind::Tentative || c.rows.len() >= 2));
        let chosen: Option<usize> = match (full, kind) {
            (Some(k), _) => {
                n.checked += 1;
                n.matched += 1;
                Some(k)
            }
            (None, Kind::Tentative) => None,
            (None, _) => {
                // The span matching most columns (ties: the most local).
                let mut best: Option<usize> = None;
                for (k, c) in cands.iter().enumerate() {
                    if best.is_none_or(|b| c.n_ok() > cands[b].n_ok()) {
                        best = Some(k);
                    }
                }
                if let Some(b) = best {
                    let c = &cands[b];
                    let confirmed = c.n_ok() > 0;
                    let report = confirmed || kind == Kind::Definite;
                    if !report {
                        None
                    } else {
                        if !c.checks.is_empty() {
                            n.checked += 1;
                        }
                        for cc in c.checks.iter().filter(|cc| !cc.ok) {
                            out.push(report_one(t, i, c, cc, confirmed, cands.len()));
                        }
                        best
                    }
                } else {
                    None
                }
            }
        };
        match chosen {
            Some(k) => {
                let start = cands[k].start;
                open.truncate(start);
                if matches!(open.last(), Some(Item::Marker)) {
                    open.pop();
                }
                open.push(Item::Row {
                    idx: i,
                    total: true,
                });
            }
            None => open.push(Item::Row {
                idx: i,
                total: kind != Kind::Tentative,
            }),
        }
    }
    out
}

fn report_one(
    t: &Table,
    total: usize,
    c: &Candidate,
    cc: &ColCheck,
    confirmed: bool,
    n_cands: usize,
) -> Diagnostic {
    let r = &t.rows[total];
    let first = c.rows.first().map_or("", |&i| t.rows[i].label.as_str());
    let last = c.rows.last().map_or("", |&i| t.rows[i].label.as_str());
    let how = if confirmed {
        format!(
            "the span is confirmed by {} other column(s) that add up",
            c.n_ok()
        )
    } else if n_cands == 1 {
        "no other span is possible".to_owned()
    } else {
        format!("none of the {n_cands} possible spans adds up; the nearest is shown")
    };
    let col = t.column_label(cc.col + 1);
    let mut d = finding(
        "sum_mismatch",
        t,
        Some(r),
        Some(cc.col),
        format!(
            "table {} row \"{}\" column \"{}\": printed {}, but the {} row(s) from \"{}\" to \"{}\" sum to {} (difference {}, rounding allows {}); {how}",
            t.table_id,
            r.label,
            col,
            r.cells.get(cc.col).map_or("", |c| c.text.as_str()),
            c.rows.len(),
            first,
            last,
            fmt_num(cc.sum),
            fmt_num(cc.printed - cc.sum),
            fmt_num(cc.tol),
        ),
    );
    d.expected = Some(fmt_num(cc.sum));
    d.actual = Some(fmt_num(cc.printed));
    d
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::{keys, tbl};
    use RowClass::{Body as B, Section as S, Sum as U};

    const H: &[(&str, usize)] = &[("", 1), ("Regnskap 2024", 1), ("Budsjett 2024", 1)];

    fn statement(brutto: &str) -> Table {
        tbl(
            "1.1",
            None,
            &[H],
            &[
                ("Driftsinntekter", S, &[]),
                ("Skatt", B, &["−8 356", "−8 512"]),
                ("Rammetilskudd", B, &["−5 253", "−5 039"]),
                ("Sum driftsinntekter", U, &["−13 609", "−13 551"]),
                ("Driftsutgifter", S, &[]),
                ("Lønn", B, &["9 358", "9 424"]),
                ("Kjøp", B, &["4 000", "3 900"]),
                ("Sum driftsutgifter", U, &["13 358", "13 324"]),
                ("Brutto driftsresultat", U, &[brutto, "−227"]),
                ("Finans", S, &[]),
                ("Renteinntekter", B, &["−578", "−705"]),
                ("Renteutgifter", B, &["1 000", "986"]),
                ("Netto finansutgifter", U, &["422", "281"]),
                ("Motpost avskrivninger", B, &["−100", "−100"]),
                ("Netto driftsresultat", U, &["71", "−46"]),
            ],
        )
    }

    #[test]
    fn statement_hierarchy_with_sums_of_sums_and_signs() {
        assert!(
            check(&statement("−251")).is_empty(),
            "{:?}",
            check(&statement("−251"))
        );
        let f = check(&statement("−261"));
        // The wrong subtotal, and the result built on it, no longer add up.
        let k = |row: &str| {
            (
                "sum_mismatch".to_owned(),
                "1.1".to_owned(),
                row.to_owned(),
                "Regnskap 2024".to_owned(),
            )
        };
        assert_eq!(
            keys(&f),
            vec![k("Brutto driftsresultat"), k("Netto driftsresultat")]
        );
        assert_eq!(f[0].expected.as_deref(), Some("-251"));
        assert_eq!(f[0].actual.as_deref(), Some("-261"));
    }

    #[test]
    fn counts_checked_and_matching_total_rows_beside_the_same_findings() {
        let (f, n) = check_sums(&statement("−251"));
        assert!(f.is_empty());
        assert_eq!(
            n,
            SumCount {
                checked: 5,
                matched: 5
            }
        );
        let (f, n) = check_sums(&statement("−261"));
        assert_eq!(f, check(&statement("−261")));
        assert_eq!(
            n,
            SumCount {
                checked: 5,
                matched: 3
            }
        );
        // "Netto endring" with nothing to add up is not a total row: not counted.
        let t = tbl(
            "t",
            None,
            &[&[("", 1), ("Antall", 1)]],
            &[("Netto endring", B, &["3"]), ("Sum", U, &["3"])],
        );
        assert_eq!(
            check_sums(&t).1,
            SumCount {
                checked: 1,
                matched: 1
            }
        );
    }

    #[test]
    fn nested_sections_and_grand_total() {
        let t = tbl(
            "1.6",
            None,
            &[H],
            &[
                ("Anleggsmidler", S, &[]),
                ("Varige driftsmidler", S, &[]),
                ("Eiendom", B, &["10", "9"]),
                ("Utstyr", B, &["2", "2"]),
                ("Finansielle anleggsmidler", S, &[]),
                ("Aksjer", B, &["3", "3"]),
                ("Sum anleggsmidler", U, &["15", "14"]),
                ("Omløpsmidler", S, &[]),
                ("Bank", B, &["4", "5"]),
                ("Sum omløpsmidler", U, &["4", "5"]),
                ("Sum eiendeler", U, &["19", "19"]),
            ],
        );
        assert!(check(&t).is_empty(), "{:?}", check(&t));
    }

    #[test]
    fn rounding_within_tolerance_is_not_flagged_beyond_is() {
        let t = |total: &str| {
            tbl(
                "t",
                None,
                &[&[("", 1), ("Beløp", 1)]],
                &[
                    ("a", B, &["1,4"]),
                    ("b", B, &["1,4"]),
                    ("c", B, &["1,4"]),
                    ("Sum", U, &[total]),
                ],
            )
        };
        // 4,2 printed as 4,4: off by 0,2, allowed 4 × 0,05 = 0,2.
        assert!(check(&t("4,4")).is_empty());
        assert_eq!(check(&t("4,5")).len(), 1);
    }

    #[test]
    fn shares_averages_and_netto_body_rows_are_not_summed() {
        let t = tbl(
            "t",
            None,
            &[&[("", 1), ("Antall", 1), ("Andel", 1), ("Snitt årslønn", 1)]],
            &[
                ("Kvinne", B, &["10", "63%", "500 000"]),
                ("Mann", B, &["6", "37%", "600 000"]),
                ("Totalt", U, &["16", "100%", "537 500"]),
                ("Netto endring", B, &["3", "", ""]),
            ],
        );
        assert!(check(&t).is_empty(), "{:?}", check(&t));
    }

    #[test]
    fn unreadable_part_makes_the_column_uncheckable_blank_counts_as_zero() {
        let t = tbl(
            "t",
            None,
            &[&[("", 1), ("Ansatte", 1), ("Foreldreperm", 1)]],
            &[
                ("Kvinne", B, &["11 2885", "315"]),
                ("Mann", B, &["3 870", ""]),
                ("Sluttsum", U, &["15 158", "315"]),
            ],
        );
        assert!(check(&t).is_empty(), "{:?}", check(&t));
    }
}
