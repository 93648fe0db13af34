//! `pdf_excel_mismatch`: a PDF report against its spreadsheet appendix.
//!
//! Every numeric cell of every table present in both (same `table_id`, same
//! row label — the n-th occurrence of a repeated label with the n-th —, same
//! column index) is compared in NOK after unit conversion, allowing for the
//! rounding the PDF shows (half a unit of its last printed digit).

use std::collections::HashMap;

use kommunetall_model::{Diagnostic, Severity, Table, Unit};

use crate::util::{factor, norm, printed_tolerance};

/// (row label, occurrence) → row index.
fn row_keys(t: &Table) -> HashMap<(String, usize), usize> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut out = HashMap::new();
    for (i, r) in t.rows.iter().enumerate() {
        let k = norm(&r.label);
        let n = seen.entry(k.clone()).or_insert(0);
        out.insert((k, *n), i);
        *n += 1;
    }
    out
}

/// Compares the tables of a PDF report with those of a spreadsheet appendix.
/// Returns one `pdf_excel_mismatch` finding per differing cell (table, row,
/// column, the PDF value as `expected`, the spreadsheet value as `actual`).
#[must_use]
pub fn reconcile(pdf: &[Table], sheet: &[Table]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for st in sheet {
        let Some(pt) = pdf.iter().find(|p| p.table_id == st.table_id) else {
            continue;
        };
        let prow = row_keys(pt);
        let mut srows: Vec<((String, usize), usize)> = row_keys(st).into_iter().collect();
        srows.sort_by_key(|(_, i)| *i);
        for (key, si) in srows {
            let Some(&pi) = prow.get(&key) else { continue };
            let (pr, sr) = (&pt.rows[pi], &st.rows[si]);
            for (ci, (pc, sc)) in pr.cells.iter().zip(&sr.cells).enumerate() {
                let (Some(pv), Some(sv)) = (pc.value, sc.value) else {
                    continue;
                };
                let pu = pc.unit.or(pt.unit);
                let su = sc.unit.or(st.unit);
                let (pf, sf) = (factor(pu), factor(su));
                let tol = printed_tolerance(&pc.text) * pf + 1e-9 * (pv * pf).abs().max(1.0);
                if (pv * pf - sv * sf).abs() <= tol {
                    continue;
                }
                let col = pt.column_label(ci + 1);
                let mut d = Diagnostic::new(
                    "pdf_excel_mismatch",
                    // Two official publications disagree on one number: one of
                    // them is wrong, which `--strict` must not let pass.
                    Severity::Error,
                    format!(
                        "table {} row \"{}\" column {} (\"{}\"): the report prints {} ({}), the appendix has {} ({})",
                        st.table_id,
                        sr.label,
                        ci + 1,
                        col,
                        pc.text,
                        pu.map_or("no unit", Unit::as_str),
                        if sc.text.is_empty() {
                            sv.to_string()
                        } else {
                            sc.text.clone()
                        },
                        su.map_or("no unit", Unit::as_str),
                    ),
                );
                d.table_id = Some(st.table_id.clone());
                d.row_label = Some(sr.label.clone());
                d.column_label = Some(col);
                d.page = pc.page;
                d.sheet = match &st.location {
                    kommunetall_model::Location::Sheet { name } => Some(name.clone()),
                    kommunetall_model::Location::Pages { .. } => None,
                };
                d.expected = Some(format!("{}", pv * pf / sf));
                d.actual = Some(format!("{sv}"));
                out.push(d);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use kommunetall_model::{Cell, HeaderCell, Location, Row, RowClass};

    fn table(unit: Unit, loc: Location, rows: &[(&str, &[(&str, f64)])]) -> Table {
        Table {
            table_id: "1.1".into(),
            caption: None,
            unit: Some(unit),
            location: loc,
            header: vec![vec![
                HeaderCell {
                    text: String::new(),
                    span: 1,
                },
                HeaderCell {
                    text: "Regnskap".into(),
                    span: 1,
                },
                HeaderCell {
                    text: "Budsjett".into(),
                    span: 1,
                },
            ]],
            rows: rows
                .iter()
                .map(|(l, cells)| Row {
                    label: (*l).into(),
                    class: RowClass::Body,
                    cells: cells
                        .iter()
                        .map(|(t, v)| Cell {
                            text: (*t).into(),
                            value: Some(*v),
                            ..Cell::default()
                        })
                        .collect(),
                    page: None,
                    label_bbox: None,
                })
                .collect(),
            n_cols: 2,
            notes: vec![],
        }
    }

    #[test]
    fn millions_against_kroner_within_rounding_and_a_real_difference() {
        let pdf = table(
            Unit::MillionerKroner,
            Location::Pages { first: 2, last: 2 },
            &[
                ("Rammetilskudd", &[("−5 253", -5253.0), ("2 067,2", 2067.2)]),
                ("Sum", &[("1", 1.0), ("1", 1.0)]),
            ],
        );
        let xl = table(
            Unit::Kroner,
            Location::Sheet {
                name: "T1.1".into(),
            },
            &[
                (
                    "Rammetilskudd",
                    &[("", -5_253_400_000.0), ("", 2_067_240_000.0)],
                ),
                ("Sum", &[("", 1_000_000.0), ("", 2_000_000.0)]),
            ],
        );
        let f = reconcile(&[pdf], &[xl]);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].rule, "pdf_excel_mismatch");
        assert_eq!(f[0].row_label.as_deref(), Some("Sum"));
        assert_eq!(f[0].column_label.as_deref(), Some("Budsjett"));
        assert_eq!(f[0].expected.as_deref(), Some("1000000"));
        assert_eq!(f[0].actual.as_deref(), Some("2000000"));
    }
}
