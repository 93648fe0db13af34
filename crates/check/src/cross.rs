//! `cross_table_mismatch`: a service area's own budget table disagrees with
//! its row in an overview table of all areas.
//!
//! Columns are recognised by what their header says: accounts ("Regnskap"),
//! revised budget ("Revidert budsjett"), original budget ("Opprinnelig" or
//! "Vedtatt budsjett") and deviation ("Avvik"). An area table has one row of
//! numbers and at least three such columns; an overview table has at least
//! three rows of numbers and at least three of the same kinds. The area is the
//! overview row whose label words all occur in the area table's caption
//! (stems compared, so "byrådsavdelingene" names "Byrådsavdelinger"); the most
//! specific such row wins. An overview counts as the area tables' counterpart
//! only when most area tables it names agree with it (an investment overview
//! sharing area names and column kinds is not one). Values are compared per shared column in the same
//! unit, allowing half a unit of the last printed digit of both values. When
//! the named row disagrees but every number matches another area's row, one
//! finding says the caption names one area while the numbers are another's;
//! otherwise each disagreeing column is reported.

use kommunetall_model::{Diagnostic, Row, Table, Unit};

use crate::util::{eps, factor, finding, fmt_num, norm, num, printed_tolerance, words};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Accounts,
    Revised,
    Original,
    Deviation,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Accounts => "regnskap",
            Kind::Revised => "revidert budsjett",
            Kind::Original => "opprinnelig budsjett",
            Kind::Deviation => "avvik",
        }
    }
}

fn kind_of(label: &str) -> Option<Kind> {
    let l = norm(label);
    if l.contains("avvik") {
        Some(Kind::Deviation)
    } else if l.contains("revidert") {
        Some(Kind::Revised)
    } else if l.contains("opprinnelig") || l.contains("vedtatt") {
        Some(Kind::Original)
    } else if l.contains("regnskap") {
        Some(Kind::Accounts)
    } else {
        None
    }
}

/// Column of each kind; a kind appearing in several columns is ambiguous and left out.
fn kinds(t: &Table) -> Vec<(Kind, usize)> {
    let all: Vec<(Kind, usize)> = (0..t.n_cols)
        .filter_map(|ci| kind_of(&t.column_label(ci + 1)).map(|k| (k, ci)))
        .collect();
    all.iter()
        .filter(|(k, _)| all.iter().filter(|(k2, _)| k2 == k).count() == 1)
        .copied()
        .collect()
}

const STOP: &[&str] = &["og", "i", "for", "av", "til", "med", "på", "the", "and"];

fn content_words(s: &str) -> Vec<String> {
    words(s)
        .into_iter()
        .filter(|w| !STOP.contains(&w.as_str()) && !w.chars().all(|c| c.is_ascii_digit()))
        .collect()
}

/// Same word up to an inflection ending: a common prefix of at least four
/// letters leaving at most three letters on either side.
fn same_stem(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let common = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    let (la, lb) = (a.chars().count(), b.chars().count());
    common >= 4 && la - common <= 3 && lb - common <= 3
}

/// The unit of a row's numbers: that of its first number (its own, its row
/// label's or its column's, as the extractor resolved it), else the table's.
fn unit_of(t: &Table, r: &Row) -> Option<Unit> {
    r.cells
        .iter()
        .find(|c| c.value.is_some())
        .and_then(|c| c.unit)
        .or(t.unit)
}

fn numbered_rows(t: &Table) -> Vec<&Row> {
    t.rows
        .iter()
        .filter(|r| r.cells.iter().any(|c| c.value.is_some()))
        .collect()
}

/// Per shared kind: (kind, area col, overview col).
type Pairs = Vec<(Kind, usize, usize)>;

/// Do all shared columns of the area row agree with an overview row?
fn agrees(area: (&Row, f64), ov: (&Row, f64), pairs: &Pairs) -> Vec<(Kind, usize, bool)> {
    let mut out = Vec::new();
    for &(k, ca, co) in pairs {
        let (Some(a), Some(o)) = (area.0.cells.get(ca), ov.0.cells.get(co)) else {
            continue;
        };
        let (Some(va), Some(vo)) = (num(a), num(o)) else {
            continue;
        };
        let (x, y) = (va * area.1, vo * ov.1);
        let tol = printed_tolerance(&a.text) * area.1 + printed_tolerance(&o.text) * ov.1;
        out.push((k, ca, (x - y).abs() <= tol + eps(x)));
    }
    out
}

/// An area table matched by name to a row of an overview table.
struct Named<'a> {
    area: &'a Table,
    arow: &'a Row,
    af: f64,
    ov: &'a Table,
    nrow: &'a Row,
    pairs: Pairs,
    res: Vec<(Kind, usize, bool)>,
}

impl Named<'_> {
    fn agrees(&self) -> bool {
        self.res.iter().all(|(_, _, ok)| *ok)
    }
    /// Unit factor of an overview row, when both sides state a unit; else the area's.
    fn ovf(&self, r: &Row) -> f64 {
        match (unit_of(self.area, self.arow), unit_of(self.ov, r)) {
            (Some(_), Some(u)) => factor(Some(u)),
            _ => self.af,
        }
    }
}

fn name_match<'a>(area: &'a Table, ov: &'a Table, ok: &[(Kind, usize)]) -> Option<Named<'a>> {
    let ak = kinds(area);
    let arows = numbered_rows(area);
    if ak.len() < 3 || arows.len() != 1 || std::ptr::eq(area, ov) {
        return None;
    }
    let cap_words = content_words(area.caption.as_deref()?);
    let arow = arows[0];
    let pairs: Pairs = ak
        .iter()
        .filter_map(|&(k, ca)| {
            ok.iter()
                .find(|(k2, _)| *k2 == k)
                .map(|&(_, co)| (k, ca, co))
        })
        .collect();
    if pairs.len() < 3 {
        return None;
    }
    // The named area: all label words in the caption; most words wins, ties are ambiguous.
    let mut named: Vec<(&Row, usize)> = numbered_rows(ov)
        .into_iter()
        .filter_map(|r| {
            let lw = content_words(&r.label);
            (!lw.is_empty() && lw.iter().all(|w| cap_words.iter().any(|c| same_stem(w, c))))
                .then_some((r, lw.len()))
        })
        .collect();
    named.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
    let &(nrow, nw) = named.first()?;
    if named.get(1).is_some_and(|(_, n)| *n == nw) {
        return None;
    }
    let af = factor(unit_of(area, arow));
    let mut m = Named {
        area,
        arow,
        af,
        ov,
        nrow,
        pairs,
        res: Vec::new(),
    };
    m.res = agrees((arow, af), (nrow, m.ovf(nrow)), &m.pairs);
    Some(m)
}

/// Checks each area budget table against the overview tables.
pub(crate) fn check(tables: &[Table]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let overviews: Vec<(&Table, Vec<(Kind, usize)>)> = tables
        .iter()
        .map(|t| (t, kinds(t)))
        .filter(|(t, k)| k.len() >= 3 && numbered_rows(t).len() >= 3)
        .collect();
    for (ov, ok) in &overviews {
        let matches: Vec<Named> = tables
            .iter()
            .filter_map(|a| name_match(a, ov, ok))
            .collect();
        let n_agree = matches.iter().filter(|m| m.agrees()).count();
        if n_agree == 0 || n_agree * 2 <= matches.len() {
            continue;
        }
        for m in matches.iter().filter(|m| !m.agrees()) {
            report(m, &mut out);
        }
    }
    out
}

fn report(m: &Named, out: &mut Vec<Diagnostic>) {
    let (area, arow, ov, nrow, pairs) = (m.area, m.arow, m.ov, m.nrow, &m.pairs);
    let elsewhere: Vec<&Row> = numbered_rows(ov)
        .into_iter()
        .filter(|r| !std::ptr::eq(*r, nrow))
        .filter(|r| {
            let v = agrees((arow, m.af), (r, m.ovf(r)), pairs);
            v.len() == pairs.len() && v.iter().all(|(_, _, ok)| *ok)
        })
        .collect();
    let area_nums = pairs
        .iter()
        .map(|&(k, ca, _)| {
            format!(
                "{} {}",
                k.name(),
                arow.cells.get(ca).map_or("", |c| c.text.as_str())
            )
        })
        .collect::<Vec<_>>()
        .join(", ");
    if let [other] = elsewhere.as_slice() {
        let mut d = finding(
            "cross_table_mismatch",
            area,
            Some(arow),
            None,
            format!(
                "table {}: the caption names \"{}\" (row of table {}), but its numbers ({area_nums}) match the row \"{}\" of table {} instead",
                area.table_id, nrow.label, ov.table_id, other.label, ov.table_id
            ),
        );
        d.expected = Some(nrow.label.clone());
        d.actual = Some(other.label.clone());
        out.push(d);
        return;
    }
    for &(k, ca, ok) in &m.res {
        if ok {
            continue;
        }
        let co = pairs.iter().find(|p| p.0 == k).map_or(0, |p| p.2);
        let a = arow.cells.get(ca).and_then(num).unwrap_or(0.0);
        let o = nrow.cells.get(co).and_then(num).unwrap_or(0.0);
        let mut d = finding(
            "cross_table_mismatch",
            area,
            Some(arow),
            Some(ca),
            format!(
                "table {} (caption matched to row \"{}\" of table {}): {} is {} here but {} in table {}",
                area.table_id,
                nrow.label,
                ov.table_id,
                k.name(),
                arow.cells.get(ca).map_or("", |c| c.text.as_str()),
                nrow.cells.get(co).map_or("", |c| c.text.as_str()),
                ov.table_id
            ),
        );
        d.expected = Some(fmt_num(o * m.ovf(nrow) / m.af));
        d.actual = Some(fmt_num(a));
        out.push(d);
    }
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
        ("Opprinnelig budsjett 2024", 1),
        ("Avvik", 1),
    ];
    const A: &[(&str, usize)] = &[
        ("", 1),
        ("Regnskap", 1),
        ("Revidert budsjett", 1),
        ("Opprinnelig budsjett", 1),
        ("Avvik", 1),
    ];

    fn area(id: &str, caption: &str, cells: &[&str]) -> Table {
        tbl(id, Some(caption), &[A], &[("Millioner kroner", B, cells)])
    }

    #[test]
    fn area_tables_against_the_overview() {
        let ov = tbl(
            "1.2",
            Some("Tabell 1.2 Regnskap fordelt på tjenesteområdene. Millioner kroner."),
            &[H],
            &[
                ("Byrådsavdelinger", B, &["370", "373", "180", "4"]),
                ("Skole", B, &["2591", "2600", "2483", "10"]),
                ("Idrett og friluftsliv", B, &["242", "262", "243", "20"]),
                ("Kirke og gravlunder", B, &["136", "136", "139", "0"]),
            ],
        );
        // Investment overview sharing area names and column kinds: not a counterpart.
        let inv = tbl(
            "1.4",
            Some("Investeringer"),
            &[H],
            &[
                ("Skole", B, &["209,0", "235,0", "193,0", "26,0"]),
                ("Kirker og kirkegårder", B, &["80,0", "82,0", "90,0", "2,0"]),
                ("Veg", B, &["33,0", "46,0", "45,0", "13,0"]),
            ],
        );
        let tables = vec![
            ov,
            inv,
            area(
                "3.1",
                "Tabell 3.1 Budsjett og regnskap byrådsavdelingene 2024",
                &["369,6", "373,4", "180,3", "3,9"],
            ),
            area(
                "4.2",
                "Tabell 4.2 Regnskap og budsjett for skole 2024",
                &["2 590,7", "2 600,4", "2 483,3", "9,7"],
            ),
            area(
                "7.5",
                "Tabell 7.5 Budsjett og regnskap for kirke og gravlunder 2024",
                &["135,9", "135,9", "138,7", "0,0"],
            ),
            // Caption names one area, numbers are another's.
            area(
                "7.7",
                "Tabell 7.7 Budsjett og regnskap for kirke og gravlunder 2024",
                &["242,1", "262,2", "242,8", "20,1"],
            ),
            // One column disagrees (374,0 vs 373 beyond 0,5 + 0,05).
            area(
                "3.2",
                "Tabell 3.2 Byrådsavdelinger",
                &["369,6", "374,0", "180,3", "3,9"],
            ),
        ];
        let f = check(&tables);
        assert_eq!(
            keys(&f),
            vec![
                (
                    "cross_table_mismatch".into(),
                    "7.7".into(),
                    "Millioner kroner".into(),
                    String::new()
                ),
                (
                    "cross_table_mismatch".into(),
                    "3.2".into(),
                    "Millioner kroner".into(),
                    "Revidert budsjett".into()
                ),
            ]
        );
        assert_eq!(f[0].expected.as_deref(), Some("Kirke og gravlunder"));
        assert_eq!(f[0].actual.as_deref(), Some("Idrett og friluftsliv"));
        assert!(f[0].message.contains("Idrett og friluftsliv"));
    }

    #[test]
    fn stems() {
        assert!(same_stem("byrådsavdelinger", "byrådsavdelingene"));
        assert!(!same_stem("barne", "barnehage"));
        assert!(same_stem("skole", "skole"));
    }
}
