//! `sum_mismatch`: a total row differs from the sum of the rows it totals.
//!
//! Which rows a total covers is worked out from the table's structure, never
//! assumed, in two passes:
//!
//! 1. **Totals printed above their items** (bottom-up). A row heads the rows
//!    printed right below it when it equals the sum of the longest run of them
//!    (up to a section heading) in every checkable column. Runs are made of
//!    *units*: a head already found stands for its items, so sub-totals inside
//!    totals nest ("Henkilöstökulut" = its two rows below, inside
//!    "TOIMINTAKULUT" above them). When no run adds up, rows printed further
//!    right than the row above them are tried as that row's items (hierarchy
//!    by indentation), kept only when the run then adds up. A row the
//!    extractor did not class as a total heads a run only with two items and
//!    two columns that are not zero.
//! 2. **Totals printed below their items** (top-down). The rows not yet
//!    covered by a total are kept in order, with the section headings between
//!    them; for a total the candidate spans are the open rows after each
//!    section heading, after each earlier total, and all open rows (so a total
//!    may cover body rows since its section, nested sections, or earlier
//!    totals, as in "Brutto driftsresultat" = "Sum driftsinntekter" + "Sum
//!    driftsutgifter"). The most local span that matches every checkable
//!    column is taken, and its rows are then covered by the total. Signs are as
//!    printed; when no span adds up as printed, a span may add up with some of
//!    its rows subtracted (costs printed as positive amounts: "Toimintakate" =
//!    income − costs), one sign per row in every column, only rows printed
//!    without a minus sign subtracted, and only when that could hardly happen by
//!    chance (two distinct columns, at most twelve signs to choose, amounts
//!    large against their rounding). Failing those, the last few open rows
//!    with no heading or total before them (a sub-total of the last items).
//!
//! A total that no span matches in every column is compared with the span
//! matching most columns — above it, or for a row printed as a total the items
//! right below it (up to the next row printed as a total); its matching columns
//! confirm the span and the other columns are reported.
//!
//! Only evidence counts. A column confirms a span when it adds up and is not
//! all zeros, and a row not labelled as a total is confirmed only when its
//! confirming columns could hardly add up by accident (per distinct column,
//! the rounding tolerance against the size of the numbers, multiplied; a bold
//! row equal to the one bold row next to it is not its total). Rows labelled as
//! totals ("Sum …", "I alt", "Summa …", "Totalt", "Samlet", "… yhteensä") are
//! always checked, except one that nothing confirms with item rows right after
//! it: a label can start like a total and name a measure ("Sum nedbør").
//! Rows the extractor classed as sums (printed bold, say) are checked only when
//! confirmed: a bold line item is not a total. Body rows labelled "Netto …" or
//! "Brutto …", and body rows printed left of the row above them, are totals
//! only when a span of at least two rows matches them in every column; the
//! first are then counted as checked, the second never (only their place says
//! they are totals).
//!
//! Checked columns exclude shares and percentages ("Andel …", cells in
//! "prosent") and averages ("Snitt …", "Gjennomsnittlig …"). A blank component
//! counts as zero, and so does a printed nil ("-"), except a blank cell of a
//! sub-total whose own items are not blank there, which makes the column
//! uncheckable, as does a placeholder ("..") or unreadable component. Each
//! printed value may be off by half a unit of its last digit — or of the unit
//! its column was rounded to, when all its whole numbers are multiples of 10,
//! 100, … ("4 655 700") — so the tolerance is the sum of those half units.

use kommunetall_lexicon::{Parsed, is_nil};
use kommunetall_model::{Cell, Diagnostic, Row, RowClass, Table};

use crate::util::{
    Val, bare_label, cell_tolerance, cell_val, column_decimals, eps, finding, fmt_num, has_numbers,
    is_average_column, is_percent_column, is_total_label,
};

/// Most units a total is compared with below it.
const MAX_SPAN: usize = 60;
/// Most rows a signed span may choose the sign of.
const MAX_FREE: usize = 12;
/// Largest chance that the columns confirming a row not labelled as a total
/// add up by accident.
const MAX_CHANCE: f64 = 1e-2;
/// Largest expected number of accidental matches among the sign choices of
/// a signed span.
const MAX_CHANCE_SIGNED: f64 = 1e-3;
/// The same for a body row heading the rows below it (nothing printed says
/// it is a total).
const MAX_CHANCE_BODY: f64 = 1e-4;
/// A label this many points left of the label above it is printed outdented.
const OUTDENT: f64 = 2.0;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Item {
    /// A section heading.
    Marker,
    /// A row with numbers (a body row or a total).
    Row { idx: usize, total: bool },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Labelled as a total: always checked.
    Definite,
    /// Classed as a sum by the extractor only: checked when a span confirms it.
    Classed,
    /// "Netto …"/"Brutto …" body row: a total only if it matches.
    Tentative,
    /// A body row printed left of the row above it: a total only if it
    /// matches, and then not counted (nothing but its place says it is one).
    Outdented,
}

impl Kind {
    /// Printed as a total (by its label or its row class).
    fn printed(self) -> bool {
        matches!(self, Kind::Definite | Kind::Classed)
    }
    /// Counted in [`SumCount`] when checked.
    fn counted(self) -> bool {
        self != Kind::Outdented
    }
}

/// One column's comparison for one candidate span.
#[derive(Debug, Clone, Copy)]
struct ColCheck {
    col: usize,
    sum: f64,
    tol: f64,
    printed: f64,
    ok: bool,
    /// Not all zeros: a match here is evidence.
    evidence: bool,
    /// The printed total and its parts, in absolute value, added up.
    spread: f64,
    /// Parts that are not zero.
    nonzero_parts: usize,
}

fn n_ok(checks: &[ColCheck]) -> usize {
    checks.iter().filter(|c| c.ok && c.evidence).count()
}

fn full(checks: &[ColCheck]) -> bool {
    !checks.is_empty() && checks.iter().all(|c| c.ok)
}

/// The chance that the columns that add up do so by accident: per column,
/// its rounding tolerance against the size of its numbers; columns printing
/// the same numbers count once.
fn chance(checks: &[ColCheck]) -> f64 {
    let mut seen: Vec<(f64, f64)> = Vec::new();
    let mut p = 1.0;
    for c in checks.iter().filter(|c| c.ok && c.evidence) {
        if seen.contains(&(c.printed, c.sum)) {
            continue;
        }
        seen.push((c.printed, c.sum));
        p *= (c.tol / c.spread.max(f64::MIN_POSITIVE)).min(1.0);
    }
    p
}

struct Candidate {
    /// Where the span starts in the open list (rows above), or `None` for the
    /// items right below the total.
    start: Option<usize>,
    rows: Vec<usize>,
    checks: Vec<ColCheck>,
}

impl Candidate {
    fn n_ok(&self) -> usize {
        n_ok(&self.checks)
    }
}

/// A running sum of one column over the rows of a span.
#[derive(Debug, Clone)]
struct Acc {
    col: usize,
    printed: f64,
    dec: Option<u32>,
    /// The column's numbers are rounded to this many units (0: as printed).
    step: f64,
    sum: f64,
    tol: f64,
    n: usize,
    lo: f64,
    hi: f64,
    nonzero: bool,
    spread: f64,
    nonzero_parts: usize,
    /// A component is unreadable here: the column cannot be checked.
    dead: bool,
}

/// What the rule knows about one table.
struct Sheet<'a> {
    t: &'a Table,
    cols: Vec<usize>,
    dec: Vec<Option<u32>>,
    step: Vec<f64>,
    kind: Vec<Option<Kind>>,
    /// The direct components of every total found so far.
    parts: Vec<Vec<usize>>,
}

/// A row without numbers that separates spans: a section heading or any
/// labelled line.
fn is_marker(r: &Row) -> bool {
    r.class == RowClass::Section || !r.label.trim().is_empty()
}

/// What a component cell adds to a sum: a printed nil ("-") is zero.
fn part_val(c: &Cell) -> Val {
    match cell_val(c) {
        Val::Unknown if is_nil(&c.text) => Val::Num(0.0),
        v => v,
    }
}

/// The unit a column's whole numbers were rounded to before printing: 10,
/// 100, … when at least three of them are not zero and all are multiples of
/// it ("4 655 700", "905 800"), else 0 (only the printed digits count).
fn rounding_step(t: &Table, ci: usize) -> f64 {
    let mut n = 0;
    let mut k_min = i32::MAX;
    for r in &t.rows {
        let Some(c) = r.cells.get(ci) else { continue };
        let Parsed::Number(num) = kommunetall_lexicon::parse(&c.text) else {
            continue;
        };
        if num.decimals > 0 {
            return 0.0;
        }
        let mut x = num.value.abs();
        if x == 0.0 {
            continue;
        }
        n += 1;
        let mut k = 0;
        while k < 6 && (x / 10.0).fract() == 0.0 {
            x /= 10.0;
            k += 1;
        }
        k_min = k_min.min(k);
    }
    if n >= 3 && k_min > 0 && k_min < i32::MAX {
        10f64.powi(k_min)
    } else {
        0.0
    }
}

fn kinds(t: &Table) -> Vec<Option<Kind>> {
    let mut out = Vec::with_capacity(t.rows.len());
    // Page and left edge of the label of the previous row with numbers.
    let mut prev: Option<(Option<u32>, f64)> = None;
    for r in &t.rows {
        if !has_numbers(r) {
            out.push(None);
            continue;
        }
        let x = r.label_bbox.map(|b| b.x0);
        let l = bare_label(&r.label);
        let k = if is_total_label(&r.label) {
            Some(Kind::Definite)
        } else if r.class == RowClass::Sum {
            Some(Kind::Classed)
        } else if l.starts_with("netto ") || l.starts_with("brutto ") {
            Some(Kind::Tentative)
        } else if let (Some(x), Some((page, px))) = (x, prev)
            && page == r.page
            && x + OUTDENT < px
        {
            Some(Kind::Outdented)
        } else {
            None
        };
        out.push(k);
        if let Some(x) = x {
            prev = Some((r.page, x));
        }
    }
    out
}

impl<'a> Sheet<'a> {
    fn new(t: &'a Table) -> Self {
        Sheet {
            t,
            cols: (0..t.n_cols)
                .filter(|&ci| !is_percent_column(t, ci) && !is_average_column(t, ci))
                .collect(),
            dec: column_decimals(t),
            step: (0..t.n_cols).map(|ci| rounding_step(t, ci)).collect(),
            kind: kinds(t),
            parts: vec![Vec::new(); t.rows.len()],
        }
    }

    fn val(&self, row: usize, col: usize) -> Val {
        self.t.rows[row].cells.get(col).map_or(Val::Blank, part_val)
    }

    /// A blank cell of a total whose items are not blank there: the total
    /// was not printed in this column, so it is unknown, not zero.
    fn hides(&self, row: usize, col: usize) -> bool {
        self.parts[row].iter().any(|&p| match self.val(p, col) {
            Val::Num(v) => v != 0.0,
            Val::Unknown => true,
            Val::Blank => self.hides(p, col),
        })
    }

    /// Running sums of every checkable column for the total `total`.
    fn accs(&self, total: usize) -> Vec<Acc> {
        let tr = &self.t.rows[total];
        self.cols
            .iter()
            .filter_map(|&ci| {
                let tc = tr.cells.get(ci)?;
                let Val::Num(printed) = cell_val(tc) else {
                    return None;
                };
                let dec = self.dec.get(ci).copied().flatten();
                let step = self.step.get(ci).copied().unwrap_or(0.0);
                Some(Acc {
                    col: ci,
                    printed,
                    dec,
                    step,
                    sum: 0.0,
                    tol: cell_tolerance(tc, dec).max(step / 2.0),
                    n: 0,
                    lo: f64::INFINITY,
                    hi: f64::NEG_INFINITY,
                    nonzero: printed != 0.0,
                    spread: printed.abs(),
                    nonzero_parts: 0,
                    dead: false,
                })
            })
            .collect()
    }

    /// Adds one component row to the running sums.
    fn add(&self, accs: &mut [Acc], row: usize) {
        for a in accs.iter_mut().filter(|a| !a.dead) {
            let Some(c) = self.t.rows[row].cells.get(a.col) else {
                continue;
            };
            match part_val(c) {
                Val::Blank => {
                    if self.hides(row, a.col) {
                        a.dead = true;
                    }
                }
                Val::Unknown => a.dead = true,
                Val::Num(v) => {
                    a.sum += v;
                    if v != 0.0 || c.value.is_some() {
                        a.tol += cell_tolerance(c, a.dec).max(a.step / 2.0);
                    }
                    a.n += 1;
                    a.lo = a.lo.min(v);
                    a.hi = a.hi.max(v);
                    a.nonzero |= v != 0.0;
                    a.spread += v.abs();
                    a.nonzero_parts += usize::from(v != 0.0);
                }
            }
        }
    }

    /// The comparisons of the running sums with the printed total; with
    /// `skip_averages`, a column whose "total" is an average of its parts
    /// (same-signed parts with the total inside their range) is left out.
    fn checks(accs: &[Acc], skip_averages: bool) -> Vec<ColCheck> {
        let mut out = Vec::new();
        for a in accs.iter().filter(|a| !a.dead && a.n > 0) {
            let ok = (a.sum - a.printed).abs() <= a.tol + eps(a.sum);
            let average =
                a.n >= 2 && (a.lo >= 0.0 || a.hi <= 0.0) && a.printed >= a.lo && a.printed <= a.hi;
            if skip_averages && !ok && average {
                continue;
            }
            out.push(ColCheck {
                col: a.col,
                sum: a.sum,
                tol: a.tol,
                printed: a.printed,
                ok,
                evidence: a.nonzero,
                spread: a.spread,
                nonzero_parts: a.nonzero_parts,
            });
        }
        out
    }

    fn evaluate(&self, total: usize, rows: &[usize], skip_averages: bool) -> Vec<ColCheck> {
        let mut accs = self.accs(total);
        for &r in rows {
            self.add(&mut accs, r);
        }
        Self::checks(&accs, skip_averages)
    }

    /// Pass 1, bottom-up: totals printed above their items. Returns which
    /// rows head such a run and, per row, the units right below it.
    fn leading(&mut self) -> (Vec<bool>, Vec<Vec<usize>>) {
        let n = self.t.rows.len();
        let mut lead = vec![false; n];
        let mut below_units = vec![Vec::new(); n];
        // Units below the current row, nearest last; `None` is a section heading.
        let mut below: Vec<Option<usize>> = Vec::new();
        for i in (0..n).rev() {
            let r = &self.t.rows[i];
            if !has_numbers(r) {
                if is_marker(r) {
                    below.push(None);
                }
                continue;
            }
            let units: Vec<usize> = below
                .iter()
                .rev()
                .map_while(|u| *u)
                .take(MAX_SPAN)
                .collect();
            if let Some(k) = self.longest_run(i, &units) {
                below.truncate(below.len() - k);
                self.parts[i] = units[..k].to_vec();
                lead[i] = true;
            } else {
                // Hierarchy by indentation: rows printed further right than
                // the row above them may be its items, when that makes the
                // run add up.
                let folded = self.fold(&units);
                if folded.len() < units.len() {
                    let heads: Vec<usize> = folded.iter().map(|(u, _)| *u).collect();
                    if let Some(k) = self.longest_run(i, &heads) {
                        let raw: usize = folded[..k].iter().map(|(_, it)| 1 + it.len()).sum();
                        for (u, items) in &folded[..k] {
                            if !items.is_empty() {
                                self.parts[*u].clone_from(items);
                            }
                        }
                        below.truncate(below.len() - raw);
                        self.parts[i] = heads[..k].to_vec();
                        lead[i] = true;
                    }
                }
            }
            below_units[i] = units;
            below.push(Some(i));
        }
        (lead, below_units)
    }

    /// The longest run of `units` (right below row `i`) that row `i` heads:
    /// it adds up in every column, and for a row not printed as a total in
    /// two columns with two items that are not zero.
    fn longest_run(&self, i: usize, units: &[usize]) -> Option<usize> {
        let printed = self.kind[i].is_some_and(Kind::printed);
        let mut accs = self.accs(i);
        let mut best = None;
        for (k, &u) in units.iter().enumerate() {
            self.add(&mut accs, u);
            let checks = Self::checks(&accs, false);
            if !full(&checks) {
                continue;
            }
            let heads = if printed {
                // One item alone only when it is a plain row (a row equal
                // to the total printed after it is not its item).
                n_ok(&checks) >= 1
                    && chance(&checks) <= MAX_CHANCE
                    && (k > 0 || self.kind[u].is_none())
            } else {
                n_ok(&checks) >= 2
                    && chance(&checks) <= MAX_CHANCE_BODY
                    && checks
                        .iter()
                        .any(|c| c.ok && c.evidence && c.nonzero_parts >= 2)
            };
            if heads {
                best = Some(k + 1);
            }
        }
        best
    }

    /// Whether row `a`'s label is printed further right than row `b`'s on
    /// the same page.
    fn indented(&self, a: usize, b: usize) -> bool {
        let (ra, rb) = (&self.t.rows[a], &self.t.rows[b]);
        match (ra.label_bbox, rb.label_bbox) {
            (Some(xa), Some(xb)) => ra.page == rb.page && xa.x0 > xb.x0 + OUTDENT,
            _ => false,
        }
    }

    /// The units with the rows printed further right right after a plain
    /// unit folded into it: (unit, its indented items).
    fn fold(&self, units: &[usize]) -> Vec<(usize, Vec<usize>)> {
        let mut out = Vec::new();
        let mut k = 0;
        while k < units.len() {
            let u = units[k];
            let mut m = k + 1;
            if self.parts[u].is_empty() {
                while m < units.len() && self.indented(units[m], u) {
                    m += 1;
                }
            }
            out.push((u, units[k + 1..m].to_vec()));
            k = m;
        }
        out
    }

    /// Marks the items of a total, and theirs, as covered.
    fn cover(&self, row: usize, covered: &mut [bool]) {
        for &p in &self.parts[row] {
            covered[p] = true;
            self.cover(p, covered);
        }
    }

    /// Whether the span adds up with some of its rows subtracted (one sign per
    /// row in every column; only rows printed without a minus sign subtracted),
    /// when such a match would be unlikely by chance.
    fn adds_up_signed(&self, total: usize, rows: &[usize]) -> bool {
        let checks = self.evaluate(total, rows, false);
        let cols: Vec<&ColCheck> = checks.iter().filter(|c| c.evidence).collect();
        let mut distinct: Vec<(f64, f64)> = Vec::new();
        for c in &cols {
            if !distinct.contains(&(c.printed, c.sum)) {
                distinct.push((c.printed, c.sum));
            }
        }
        if distinct.len() < 2 || rows.len() < 2 {
            return false;
        }
        let value = |r: usize, c: usize| match self.val(r, c) {
            Val::Num(v) => v,
            _ => 0.0,
        };
        let free: Vec<usize> = (0..rows.len())
            .filter(|&k| {
                let vs: Vec<f64> = cols.iter().map(|c| value(rows[k], c.col)).collect();
                vs.iter().all(|&v| v >= 0.0) && vs.iter().any(|&v| v > 0.0)
            })
            .collect();
        if free.is_empty() || free.len() > MAX_FREE {
            return false;
        }
        // Expected chance matches: sign choices × the chance of landing within
        // the tolerance of the printed total in each (distinct) column.
        let all_ok: Vec<ColCheck> = cols.iter().map(|&&c| ColCheck { ok: true, ..c }).collect();
        if f64::from(1u32 << free.len()) * chance(&all_ok) > MAX_CHANCE_SIGNED {
            return false;
        }
        // Walk the sign choices in Gray-code order: one row flips per step.
        let mut sums: Vec<f64> = cols.iter().map(|c| c.sum).collect();
        for step in 1u32..(1u32 << free.len()) {
            let bit = step.trailing_zeros() as usize;
            let gray = step ^ (step >> 1);
            let r = rows[free[bit]];
            let subtract = gray & (1 << bit) != 0;
            for (s, c) in sums.iter_mut().zip(&cols) {
                let v = value(r, c.col);
                *s += if subtract { -2.0 * v } else { 2.0 * v };
            }
            if sums
                .iter()
                .zip(&cols)
                .all(|(s, c)| (s - c.printed).abs() <= c.tol + eps(*s))
            {
                return true;
            }
        }
        false
    }
}

/// How many total rows of a table were checked and how many add up.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct SumCount {
    /// Total rows compared with the rows they cover: rows labelled as totals
    /// and rows classed as sums that some column confirms, each with at least
    /// one checkable column ("Netto …"/"Brutto …" rows only when they add up).
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

/// The candidate spans above a total: the open rows after each section
/// heading, after each earlier total, and all of them, most local first.
fn spans_above(s: &Sheet, i: usize, open: &[Item]) -> Vec<Candidate> {
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
        let checks = s.evaluate(i, &rows, true);
        cands.push(Candidate {
            start: Some(p),
            rows,
            checks,
        });
    }
    cands
}

fn check_counting(t: &Table, n: &mut SumCount) -> Vec<Diagnostic> {
    let mut walk = Walk::new(t);
    for i in 0..t.rows.len() {
        walk.visit(i);
    }
    n.add(walk.count);
    walk.out
}

/// Pass 2, top-down: the walk down one table's rows that matches each total
/// with the span it covers.
struct Walk<'a> {
    t: &'a Table,
    s: Sheet<'a>,
    /// Rows that head the rows printed right below them (pass 1).
    lead: Vec<bool>,
    /// Per row, the units right below it (pass 1).
    below_units: Vec<Vec<usize>>,
    /// Rows covered by a total: items of a total printed above them, or of a
    /// total below them matched with the items under it.
    covered: Vec<bool>,
    /// The rows (and section headings between them) not yet covered by a
    /// total, top to bottom.
    open: Vec<Item>,
    out: Vec<Diagnostic>,
    count: SumCount,
}

impl<'a> Walk<'a> {
    fn new(t: &'a Table) -> Self {
        let mut s = Sheet::new(t);
        let (lead, below_units) = s.leading();
        Walk {
            t,
            s,
            lead,
            below_units,
            covered: vec![false; t.rows.len()],
            open: Vec::new(),
            out: Vec::new(),
            count: SumCount::default(),
        }
    }

    /// Counts row i as a checked total (when its kind is counted) and
    /// whether it adds up.
    fn count(&mut self, i: usize, matched: bool) {
        if self.s.kind[i].is_some_and(Kind::counted) {
            self.count.checked += 1;
            self.count.matched += usize::from(matched);
        }
    }

    /// Row i: a section heading opens a span, a total printed above its
    /// items closes them, a total is matched with the rows it covers, any
    /// other row with numbers is open.
    fn visit(&mut self, i: usize) {
        let r = &self.t.rows[i];
        if !has_numbers(r) {
            if is_marker(r) && !self.covered[i] {
                self.open.push(Item::Marker);
            }
            return;
        }
        if self.lead[i] {
            self.count(i, true);
        }
        if self.covered[i] {
            return;
        }
        if self.lead[i] {
            self.s.cover(i, &mut self.covered);
            self.open.push(Item::Row {
                idx: i,
                total: true,
            });
            return;
        }
        match self.s.kind[i] {
            Some(kind) => self.check_total(i, kind),
            None => self.open.push(Item::Row {
                idx: i,
                total: false,
            }),
        }
    }

    /// What confirms a row not labelled as a total: columns that add up
    /// and could hardly do so by accident, over more than one other total
    /// (a bold row equal to the bold row next to it is not its total).
    fn confirms(&self, c: &Candidate) -> bool {
        c.n_ok() >= 1
            && chance(&c.checks) <= MAX_CHANCE
            && !(c.rows.len() == 1
                && (self.lead[c.rows[0]] || self.s.kind[c.rows[0]].is_some_and(Kind::printed)))
    }

    /// The total row i of the given kind: matched with a span above it, or
    /// for a row printed as a total compared with the best span above or
    /// below it (its mismatching columns reported); then the span is closed.
    fn check_total(&mut self, i: usize, kind: Kind) {
        // A row labelled as a total with item rows right after it may name a
        // measure ("Sum nedbør"): reported only when some column confirms it.
        let next_is_item = self
            .t
            .rows
            .get(i + 1)
            .is_some_and(|nr| has_numbers(nr) && self.s.kind[i + 1].is_none());
        let mut cands = spans_above(&self.s, i, &self.open);
        let chosen = if let Some(k) = self.match_above(i, kind, &mut cands) {
            self.count(i, true);
            Some(k)
        } else if kind.printed() {
            // A statement of changes that one column confirms.
            cands.extend(self.closing_balances(i));
            self.compare_with_best(i, kind, next_is_item, &mut cands)
        } else {
            None
        };
        self.close(i, kind, next_is_item, chosen.map(|k| &cands[k]));
    }

    /// The span above total row i that matches it in every column (a row
    /// not labelled as a total: only when confirmed), or adds up with some
    /// rows subtracted, or failing those a sub-total of the last few open
    /// rows (added to `cands`).
    fn match_above(&self, i: usize, kind: Kind, cands: &mut Vec<Candidate>) -> Option<usize> {
        let min_rows = if kind.printed() { 1 } else { 2 };
        let full_match = cands.iter().position(|c| {
            full(&c.checks)
                && c.rows.len() >= min_rows
                && (kind == Kind::Definite || self.confirms(c))
        });
        full_match
            .or_else(|| {
                cands
                    .iter()
                    .position(|c| c.rows.len() >= min_rows && self.s.adds_up_signed(i, &c.rows))
            })
            .or_else(|| {
                let c = self.tail_subtotal(i)?;
                cands.push(c);
                Some(cands.len() - 1)
            })
            .or_else(|| {
                let c = self.closing_balances(i).filter(|c| full(&c.checks))?;
                cands.push(c);
                Some(cands.len() - 1)
            })
    }

    /// A statement of changes, blocks that each roll a balance forward (an
    /// opening line, movements, a closing line "… 31.12."): its total is the
    /// closing lines plus the rows with numbers after the last of them (the
    /// year's result). Two closing lines or more, all above the total in its
    /// table; everything open above is closed.
    fn closing_balances(&self, i: usize) -> Option<Candidate> {
        let with_numbers = |r: usize| has_numbers(&self.t.rows[r]);
        let closing: Vec<usize> = (0..i)
            .filter(|&r| {
                with_numbers(r)
                    && kommunetall_lexicon::label::is_closing_balance(&self.t.rows[r].label)
            })
            .collect();
        let &last = closing.last()?;
        if closing.len() < 2 {
            return None;
        }
        let mut rows = closing;
        rows.extend((last + 1..i).filter(|&r| with_numbers(r)));
        let checks = self.s.evaluate(i, &rows, true);
        Some(Candidate {
            start: Some(0),
            rows,
            checks,
        })
    }

    /// A sub-total of the last few items, with no heading or total printed
    /// before them: the open body rows right above row i, most local first,
    /// matching in every column and confirmed.
    fn tail_subtotal(&self, i: usize) -> Option<Candidate> {
        let tail: Vec<usize> = self
            .open
            .iter()
            .rev()
            .map_while(|it| match it {
                Item::Row { idx, total: false } => Some(*idx),
                _ => None,
            })
            .collect();
        for k in 2..tail.len() {
            let mut rows: Vec<usize> = tail[..k].to_vec();
            rows.reverse();
            let checks = self.s.evaluate(i, &rows, true);
            let c = Candidate {
                start: Some(self.open.len() - k),
                rows,
                checks,
            };
            if full(&c.checks) && self.confirms(&c) {
                return Some(c);
            }
        }
        None
    }

    /// For row i printed as a total that no span matches: adds the spans of
    /// the items right below it (up to the next total) to `cands`, takes the
    /// confirmed span matching most columns (ties: above before below, the
    /// most local above, the longest below) — or, for a row labelled as a
    /// total with no item right after it, the most local span above — and
    /// reports its mismatching columns. Returns the span taken.
    fn compare_with_best(
        &mut self,
        i: usize,
        kind: Kind,
        next_is_item: bool,
        cands: &mut Vec<Candidate>,
    ) -> Option<usize> {
        let units: Vec<usize> = self.below_units[i]
            .iter()
            .copied()
            .take_while(|&j| !self.s.kind[j].is_some_and(Kind::printed))
            .collect();
        let n_above = cands.len();
        for k in 1..=units.len() {
            let checks = self.s.evaluate(i, &units[..k], true);
            cands.push(Candidate {
                start: None,
                rows: units[..k].to_vec(),
                checks,
            });
        }
        let mut best: Option<usize> = None;
        for (k, c) in cands.iter().enumerate() {
            if !self.confirms(c) {
                continue;
            }
            let better = best.is_none_or(|b| {
                c.n_ok() > cands[b].n_ok()
                    || (k >= n_above && b >= n_above && c.n_ok() == cands[b].n_ok())
            });
            if better {
                best = Some(k);
            }
        }
        let confirmed = best.is_some();
        let report = if confirmed {
            best
        } else if kind == Kind::Definite
            && !next_is_item
            && n_above > 0
            && !(n_above == 1 && cands[0].rows.len() == 1)
        {
            // A "total" whose only possible part is one row that it does
            // not equal totals nothing: a line named "Sum …" (a variable
            // in a regression table), not a sum to check.
            Some(0)
        } else {
            None
        };
        if let Some(b) = report {
            let c = &cands[b];
            if !c.checks.is_empty() {
                self.count(i, full(&c.checks));
            }
            for cc in c.checks.iter().filter(|cc| !cc.ok) {
                self.out
                    .push(report_one(self.t, i, c, cc, confirmed, n_above));
            }
        }
        report
    }

    /// Closes total row i over the span taken (its rows become the total's
    /// parts: a span above is taken off the open list with the heading
    /// before it, the items below are covered), or leaves it open: as a
    /// total when it is classed as one, or labelled as one with no item
    /// right after it.
    fn close(&mut self, i: usize, kind: Kind, next_is_item: bool, chosen: Option<&Candidate>) {
        let Some(c) = chosen else {
            self.open.push(Item::Row {
                idx: i,
                total: kind == Kind::Classed || (kind == Kind::Definite && !next_is_item),
            });
            return;
        };
        self.s.parts[i].clone_from(&c.rows);
        match c.start {
            Some(start) => {
                self.open.truncate(start);
                if matches!(self.open.last(), Some(Item::Marker)) {
                    self.open.pop();
                }
            }
            None => {
                for &u in &c.rows {
                    self.covered[u] = true;
                    self.s.cover(u, &mut self.covered);
                }
            }
        }
        self.open.push(Item::Row {
            idx: i,
            total: true,
        });
    }
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
    let place = if c.start.is_none() { " below it" } else { "" };
    let col = t.column_label(cc.col + 1);
    let mut d = finding(
        "sum_mismatch",
        t,
        Some(r),
        Some(cc.col),
        format!(
            "table {} row \"{}\" column \"{}\": printed {}, but the {} row(s){place} from \"{}\" to \"{}\" sum to {} (difference {}, rounding allows {}); {how}",
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

    /// A statement of changes in equity: blocks rolled forward from 1.1. to
    /// 31.12., the total the closing lines and the year's result.
    fn equity(total: &str) -> Table {
        tbl(
            "25",
            None,
            &[&[("", 1), ("2024", 1), ("2023", 1)]],
            &[
                ("Peruspääoma 1.1.", B, &["36 430", "36 430"]),
                ("Lisäykset", B, &["-", "-"]),
                ("Peruspääoma 31.12.", B, &["36 430", "36 430"]),
                ("Muut omat rahastot 1.1.", B, &["221", "221"]),
                ("Siirrot rahastoon", B, &["60", "24"]),
                ("Siirrot rahastosta", B, &["-60", "-24"]),
                ("Muut omat rahastot 31.12.", B, &["221", "221"]),
                (
                    "Edellisten tilikausien yli-/alijäämä",
                    B,
                    &["13 770", "11 489"],
                ),
                (
                    "Ed. tilikausien yli-/alijäämä 31.12.",
                    B,
                    &["13 770", "11 489"],
                ),
                ("Tilikauden yli-/alijäämä", B, &["4 291", "2 281"]),
                ("Oma pääoma yhteensä", U, &[total, "50 421"]),
            ],
        )
    }

    #[test]
    fn a_statement_of_changes_totals_its_closing_lines_and_the_result() {
        let (f, n) = check_sums(&equity("54 712"));
        assert!(f.is_empty(), "{f:?}");
        assert_eq!(n.matched, n.checked);
        assert!(n.checked >= 1);
        // One figure off: reported, against the closing lines' sum.
        let f = check(&equity("54 700"));
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].actual.as_deref(), Some("54700"));
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

    fn counts(checked: usize, matched: usize) -> SumCount {
        SumCount { checked, matched }
    }

    /// Puts each row's label at the given left edge (points), as a PDF would.
    fn indent(mut t: Table, xs: &[f64]) -> Table {
        for (r, &x) in t.rows.iter_mut().zip(xs) {
            r.label_bbox = Some(kommunetall_model::BBox {
                x0: x,
                y0: 0.0,
                x1: x + 50.0,
                y1: 10.0,
            });
        }
        t
    }

    const FI: &[(&str, usize)] = &[("", 1), ("TA", 1), ("Muutokset", 1), ("Toteutuma", 1)];

    fn operating(kulut: &str) -> Table {
        tbl(
            "fi",
            None,
            &[FI],
            &[
                ("TOIMINTATUOTOT", U, &["84 000", "0", "85 666"]),
                ("Myyntituotot", B, &["84 000", "0", "85 666"]),
                ("Maksutuotot", B, &["0", "0", "0"]),
                ("TOIMINTAKULUT", U, &["-141 850", "0", kulut]),
                ("Henkilöstökulut", B, &["-117 970", "0", "-114 688"]),
                ("Palkat ja palkkiot", B, &["-94 000", "0", "-98 394"]),
                ("Henkilösivukulut", B, &["-23 970", "0", "-16 294"]),
                ("Palvelujen ostot", B, &["-23 880", "0", "-19 938"]),
                ("Toimintakate", U, &["-57 850", "0", "-48 960"]),
                ("Verotulot", U, &["31 902", "0", "33 595"]),
            ],
        )
    }

    #[test]
    fn totals_printed_above_their_items_with_a_subtotal_inside() {
        // "Henkilöstökulut" is the sum of the two rows below it, so
        // "TOIMINTAKULUT" covers it and the rows after them, not its items.
        let (f, n) = check_sums(&operating("-134 626"));
        assert!(f.is_empty(), "{f:?}");
        // TOIMINTATUOTOT, TOIMINTAKULUT, Toimintakate; not the bold line
        // item "Verotulot", which no span confirms.
        assert_eq!(n, counts(3, 3));
        // A wrong total: compared with its items below, the budget column
        // confirming which they are; the result built on it is off too.
        let (f, n) = check_sums(&operating("-134 726"));
        let k = |row: &str| {
            (
                "sum_mismatch".to_owned(),
                "fi".to_owned(),
                row.to_owned(),
                "Toteutuma".to_owned(),
            )
        };
        assert_eq!(keys(&f), vec![k("TOIMINTAKULUT"), k("Toimintakate")]);
        assert!(f[0].message.contains("below it"), "{}", f[0].message);
        assert_eq!(f[0].expected.as_deref(), Some("-134626"));
        assert_eq!(n, counts(3, 1));
    }

    #[test]
    fn an_all_zero_column_confirms_nothing() {
        let t = tbl(
            "fi",
            None,
            &[FI],
            &[
                ("TOIMINTATUOTOT", U, &["397 500", "0", "501 012"]),
                ("TOIMINTAKULUT", U, &["-4 361 660", "0", "-4 052 339"]),
                ("Toimintakate/Jäämä", U, &["-3 964 160", "0", "-3 551 327"]),
            ],
        );
        // "TOIMINTAKULUT" is not the sum of "TOIMINTATUOTOT" although their
        // "Muutokset" columns (all zeros) agree.
        let (f, n) = check_sums(&t);
        assert!(f.is_empty(), "{f:?}");
        assert_eq!(n, counts(1, 1));
    }

    #[test]
    fn costs_printed_as_positive_amounts_are_subtracted() {
        let two = |kate: &str| {
            tbl(
                "fi",
                None,
                &[&[("", 1), ("2024", 1), ("2023", 1)]],
                &[
                    ("Toimintatuotot", B, &["7 726", "7 920"]),
                    ("Valmistus omaan käyttöön", B, &["95", "90"]),
                    ("Toimintakulut", B, &["46 217", "47 230"]),
                    ("Toimintakate", U, &[kate, "-39 220"]),
                ],
            )
        };
        assert_eq!(check_sums(&two("-38 396")), (vec![], counts(1, 1)));
        // No choice of signs makes a wrong figure add up: a bold row that
        // nothing confirms is not counted.
        assert_eq!(check_sums(&two("-38 496")), (vec![], counts(0, 0)));
        // One column is too little evidence to choose signs by.
        let one = tbl(
            "fi",
            None,
            &[&[("", 1), ("2024", 1)]],
            &[
                ("Toimintatuotot", B, &["7 726"]),
                ("Valmistus omaan käyttöön", B, &["95"]),
                ("Toimintakulut", B, &["46 217"]),
                ("Toimintakate", U, &["-38 396"]),
            ],
        );
        assert_eq!(check_sums(&one), (vec![], counts(0, 0)));
    }

    #[test]
    fn hierarchy_by_indentation() {
        // Sub-totals printed left of their items (no "Sum" word, not bold).
        let trailing = indent(
            tbl(
                "tase",
                None,
                &[&[("", 1), ("31.12.2024", 1), ("31.12.2023", 1)]],
                &[
                    ("PYSYVÄT VASTAAVAT", S, &[]),
                    ("Aineettomat hyödykkeet", B, &["1 117", "1 316"]),
                    ("Aineelliset hyödykkeet", S, &[]),
                    ("Maa- ja vesialueet", B, &["10 878", "10 540"]),
                    ("Rakennukset", B, &["65 659", "52 811"]),
                    ("Aineelliset hyödykkeet", B, &["76 537", "63 351"]),
                    ("PYSYVÄT VASTAAVAT", B, &["77 654", "64 667"]),
                    ("Rahat ja pankkisaamiset", B, &["18 895", "16 940"]),
                    ("VASTAAVAA YHTEENSÄ", U, &["96 549", "81 607"]),
                ],
            ),
            &[87.0, 120.0, 120.0, 146.0, 146.0, 120.0, 87.0, 87.0, 56.0],
        );
        assert_eq!(check_sums(&trailing), (vec![], counts(1, 1)));
        // Items printed right of the row above them, which is their total
        // even where they do not add up (a line the summary leaves out).
        let leading = indent(
            tbl(
                "tase",
                None,
                &[&[("", 1), ("31.12.2024", 1), ("31.12.2023", 1)]],
                &[
                    ("PYSYVÄT VASTAAVAT", B, &["200 357", "192 309"]),
                    ("Aineettomat hyödykkeet", B, &["1 308", "1 498"]),
                    ("Aineettomat oikeudet", B, &["315", "323"]),
                    ("Muut pitkävaikutteiset menot", B, &["968", "1 175"]),
                    ("Aineelliset hyödykkeet", B, &["191 314", "183 908"]),
                    ("Rakennukset", B, &["141 326", "127 790"]),
                    ("Muut", B, &["49 988", "56 118"]),
                    ("Sijoitukset", B, &["7 736", "6 903"]),
                    ("VAIHTUVAT VASTAAVAT", B, &["36 948", "41 743"]),
                    ("VASTAAVAA YHTEENSÄ", U, &["237 305", "234 052"]),
                ],
            ),
            &[
                56.0, 56.0, 111.0, 111.0, 56.0, 111.0, 111.0, 56.0, 56.0, 56.0,
            ],
        );
        assert_eq!(check_sums(&leading), (vec![], counts(1, 1)));
    }

    #[test]
    fn a_measure_named_like_a_total_inside_a_table_is_not_one() {
        let t = tbl(
            "reg",
            None,
            &[&[("", 1), ("Koeffisienter", 1), ("Standardfeil", 1)]],
            &[
                ("Skjæringspunkt", B, &["87820,5515", "27745,8287"]),
                (
                    "Km veg fartsgrense 50 km/t",
                    B,
                    &["76,258358", "12,7224234"],
                ),
                (
                    "Sum nedbør som regn (mm)",
                    B,
                    &["-19,5334008", "8,27571986"],
                ),
                ("Bergskjæring (m2/km)", B, &["57,0520692", "10,7213283"]),
            ],
        );
        assert_eq!(check_sums(&t), (vec![], counts(0, 0)));
        // A labelled total closing its table is checked even when nothing
        // adds up.
        let t = tbl(
            "n",
            None,
            &[&[("", 1), ("Antall svar", 1)]],
            &[
                ("Byutvikling", B, &["1"]),
                ("Finans", B, &["3"]),
                ("Helse", B, &["202"]),
                ("Samlet", U, &["300"]),
            ],
        );
        let (f, n) = check_sums(&t);
        assert_eq!(f.len(), 1);
        assert_eq!(n, counts(1, 0));
    }

    #[test]
    fn numbers_rounded_to_hundreds_and_printed_nil() {
        let t = |total: &str, nil: &'static str| {
            tbl(
                "1.6",
                None,
                &[&[("", 1), ("Antall", 1), ("Kroner", 1)]],
                &[
                    ("S01", B, &["905 800", "779 000"]),
                    ("S02", B, &["1 207 500", "685 800"]),
                    ("Ikke identifisert", B, &["8 000", "158 200"]),
                    ("S03", B, &[nil, "1 200"]),
                    ("I alt", U, &[total, "1 624 200"]),
                ],
            )
        };
        // 2 121 300 as printed; each number may be off by 50, "-" is zero.
        assert_eq!(check_sums(&t("2 121 400", "-")), (vec![], counts(1, 1)));
        let (f, n) = check_sums(&t("2 122 400", "-"));
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].column_label.as_deref(), Some("Antall"));
        assert_eq!(n, counts(1, 0));
        // ".." is not available: that column cannot be checked.
        assert_eq!(check_sums(&t("2 122 400", "..")), (vec![], counts(1, 1)));
    }

    #[test]
    fn a_subtotal_of_the_last_rows_without_a_heading() {
        let t = tbl(
            "2.1",
            None,
            &[&[("", 1), ("A", 1), ("B", 1)]],
            &[
                ("Skatt på alminnelig inntekt", B, &["0", "98 879"]),
                ("Trygdeavgift", B, &["15 400", "50 050"]),
                ("Trinn 1", B, &["0", "1 507"]),
                ("Trinn 2", B, &["0", "13 758"]),
                ("Samlet trinnskatt", U, &["0", "15 265"]),
                ("Samlet skatt", U, &["15 400", "164 194"]),
            ],
        );
        assert_eq!(check_sums(&t), (vec![], counts(2, 2)));
    }

    #[test]
    fn a_blank_subtotal_cell_is_unknown_not_zero() {
        let t = tbl(
            "inv",
            None,
            &[&[("", 1), ("Määräraha", 1), ("Tuloarvio", 1)]],
            &[
                ("Keskuskeittiö", B, &["1 250 000", ""]),
                ("Muut rakennukset", B, &["635 000", "299 000"]),
                ("Rakennukset yhteensä", U, &["1 885 000", ""]),
                ("Kiinteät rakenteet", B, &["1 542 700", "260 100"]),
                ("Tekninen lautakunta yhteensä", U, &["3 427 700", "559 100"]),
            ],
        );
        assert_eq!(check_sums(&t), (vec![], counts(2, 2)));
    }
}
