//! The ICDAR-2013 adjacency-relation metric.
//!
//! A table is a [`Grid`] of [`GridCell`]s, each covering the inclusive grid
//! rectangle `r0..=r1` × `c0..=c1`. For every non-empty cell we look, from
//! each grid row it covers, to the right for the nearest slot owned by another
//! non-empty cell, and from each grid column it covers, downwards likewise.
//! Every distinct neighbour found gives one [`Relation`]
//! `(text_a, text_b, direction)`; so a cell spanning two rows can have two
//! right-hand neighbours, and a header spanning three columns can have three
//! cells below it (Göbel et al., "A methodology for evaluating algorithms for
//! table understanding in PDF documents", DocEng 2012 — the competition's
//! metric). Empty cells are transparent: the relation jumps over them.
//!
//! Texts are compared after [`normalise`]: all whitespace removed and the
//! minus sign and dashes unified to `-`. Predicted and true relations are
//! compared as multisets ([`compare`]): a relation counts as correct at most
//! as many times as it appears in the truth.

use std::collections::{BTreeSet, HashMap};

/// Direction of an adjacency relation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Direction {
    /// `b` is the nearest non-empty cell to the right of `a`.
    Right,
    /// `b` is the nearest non-empty cell below `a`.
    Below,
}

impl Direction {
    /// A one-character arrow for listings.
    pub fn arrow(self) -> &'static str {
        match self {
            Direction::Right => "→",
            Direction::Below => "↓",
        }
    }
}

/// One adjacency relation between two normalised cell texts.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Relation {
    /// Text of the left or upper cell (normalised).
    pub a: String,
    /// Text of the right or lower cell (normalised).
    pub b: String,
    /// Which way `b` lies from `a`.
    pub dir: Direction,
}

/// A cell placed on a grid; rows and columns inclusive.
#[derive(Debug, Clone, PartialEq)]
pub struct GridCell {
    /// First grid row.
    pub r0: usize,
    /// First grid column.
    pub c0: usize,
    /// Last grid row (>= `r0`).
    pub r1: usize,
    /// Last grid column (>= `c0`).
    pub c1: usize,
    /// Cell text as printed.
    pub text: String,
}

impl GridCell {
    /// A cell covering one slot.
    pub fn single(r: usize, c: usize, text: &str) -> GridCell {
        GridCell {
            r0: r,
            c0: c,
            r1: r,
            c1: c,
            text: text.to_owned(),
        }
    }

    /// A cell covering `r0..=r1` × `c0..=c1`.
    pub fn span(r0: usize, c0: usize, r1: usize, c1: usize, text: &str) -> GridCell {
        GridCell {
            r0,
            c0,
            r1: r1.max(r0),
            c1: c1.max(c0),
            text: text.to_owned(),
        }
    }
}

/// One table (or one page-region of a table) as a grid of cells.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Grid {
    /// The cells, in any order; empty texts allowed.
    pub cells: Vec<GridCell>,
}

impl Grid {
    /// Number of grid rows (one past the largest row index used).
    pub fn n_rows(&self) -> usize {
        self.cells.iter().map(|c| c.r1 + 1).max().unwrap_or(0)
    }

    /// Number of grid columns (one past the largest column index used).
    pub fn n_cols(&self) -> usize {
        self.cells.iter().map(|c| c.c1 + 1).max().unwrap_or(0)
    }

    /// Slot owner matrix: for each `(row, col)` the index of the non-empty
    /// cell covering it. When cells overlap (faulty ground truth) the first
    /// one listed keeps the slot.
    fn occupancy(&self) -> Vec<Vec<Option<usize>>> {
        let (nr, nc) = (self.n_rows(), self.n_cols());
        let mut occ = vec![vec![None; nc]; nr];
        for (i, cell) in self.cells.iter().enumerate() {
            if normalise(&cell.text).is_empty() {
                continue;
            }
            for row in occ.iter_mut().take(cell.r1 + 1).skip(cell.r0) {
                for slot in row.iter_mut().take(cell.c1 + 1).skip(cell.c0) {
                    if slot.is_none() {
                        *slot = Some(i);
                    }
                }
            }
        }
        occ
    }

    /// The grid's adjacency relations (a multiset, in a stable order).
    pub fn relations(&self) -> Vec<Relation> {
        let occ = self.occupancy();
        let (nr, nc) = (self.n_rows(), self.n_cols());
        let mut out = Vec::new();
        for (i, cell) in self.cells.iter().enumerate() {
            let a = normalise(&cell.text);
            if a.is_empty() {
                continue;
            }
            // Distinct neighbours; BTreeSet keeps the output order stable.
            let mut right = BTreeSet::new();
            for row in occ.iter().take((cell.r1 + 1).min(nr)).skip(cell.r0) {
                if row.get(cell.c0) != Some(&Some(i)) {
                    continue; // this slot was taken by an overlapping cell
                }
                if let Some(j) = row
                    .iter()
                    .skip(cell.c1 + 1)
                    .find_map(|s| s.filter(|&j| j != i))
                {
                    right.insert(j);
                }
            }
            let mut below = BTreeSet::new();
            for col in cell.c0..=cell.c1.min(nc.saturating_sub(1)) {
                if occ.get(cell.r0).and_then(|r| r.get(col)) != Some(&Some(i)) {
                    continue;
                }
                if let Some(j) = occ
                    .iter()
                    .skip(cell.r1 + 1)
                    .find_map(|r| r[col].filter(|&j| j != i))
                {
                    below.insert(j);
                }
            }
            for (set, dir) in [(right, Direction::Right), (below, Direction::Below)] {
                for j in set {
                    out.push(Relation {
                        a: a.clone(),
                        b: normalise(&self.cells[j].text),
                        dir,
                    });
                }
            }
        }
        out
    }
}

/// Cell text as compared: whitespace removed, minus sign and dashes → `-`.
pub fn normalise(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
            | '\u{2212}' | '\u{FE63}' | '\u{FF0D}' => '-',
            other => other,
        })
        .collect()
}

/// Counts from comparing predicted relations with the truth.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    /// Number of true relations.
    pub truth: usize,
    /// Number of predicted relations.
    pub ours: usize,
    /// Predicted relations that match a true one (multiset intersection).
    pub correct: usize,
}

impl Counts {
    /// correct / ours (1 when we predicted nothing and there was nothing to find).
    pub fn precision(&self) -> f64 {
        ratio(self.correct, self.ours, self.truth == 0)
    }

    /// correct / truth (1 when there was nothing to find).
    pub fn recall(&self) -> f64 {
        ratio(self.correct, self.truth, true)
    }

    /// Harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }

    /// Adds another set of counts.
    pub fn add(&mut self, o: Counts) {
        self.truth += o.truth;
        self.ours += o.ours;
        self.correct += o.correct;
    }
}

fn ratio(num: usize, den: usize, empty_is_perfect: bool) -> f64 {
    if den == 0 {
        if empty_is_perfect { 1.0 } else { 0.0 }
    } else {
        num as f64 / den as f64
    }
}

/// Result of a multiset comparison, with the unmatched relations.
#[derive(Debug, Clone, Default)]
pub struct Comparison {
    /// The counts.
    pub counts: Counts,
    /// True relations we did not produce (with multiplicity).
    pub missed: Vec<Relation>,
    /// Relations we produced that are not in the truth (with multiplicity).
    pub spurious: Vec<Relation>,
}

/// Compares predicted relations with true ones as multisets.
pub fn compare(truth: &[Relation], ours: &[Relation]) -> Comparison {
    let mut left: HashMap<&Relation, usize> = HashMap::new();
    for r in truth {
        *left.entry(r).or_default() += 1;
    }
    let mut correct = 0;
    let mut spurious = Vec::new();
    for r in ours {
        match left.get_mut(r) {
            Some(n) if *n > 0 => {
                *n -= 1;
                correct += 1;
            }
            _ => spurious.push(r.clone()),
        }
    }
    // Missed, in truth order.
    let mut missed = Vec::new();
    for r in truth {
        if let Some(n) = left.get_mut(r)
            && *n > 0
        {
            *n -= 1;
            missed.push(r.clone());
        }
    }
    Comparison {
        counts: Counts {
            truth: truth.len(),
            ours: ours.len(),
            correct,
        },
        missed,
        spurious,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rel(a: &str, b: &str, dir: Direction) -> Relation {
        Relation {
            a: a.into(),
            b: b.into(),
            dir,
        }
    }

    fn grid(rows: &[&[&str]]) -> Grid {
        let mut g = Grid::default();
        for (r, row) in rows.iter().enumerate() {
            for (c, t) in row.iter().enumerate() {
                g.cells.push(GridCell::single(r, c, t));
            }
        }
        g
    }

    fn sorted(mut v: Vec<Relation>) -> Vec<Relation> {
        v.sort();
        v
    }

    #[test]
    fn plain_two_by_two() {
        let g = grid(&[&["a", "b"], &["c", "d"]]);
        let want = vec![
            rel("a", "b", Direction::Right),
            rel("a", "c", Direction::Below),
            rel("b", "d", Direction::Below),
            rel("c", "d", Direction::Right),
        ];
        assert_eq!(sorted(g.relations()), sorted(want));
    }

    #[test]
    fn empty_cells_are_skipped_over() {
        let g = grid(&[&["a", "", "b"], &["", "", ""], &["c", " ", "d"]]);
        let want = vec![
            rel("a", "b", Direction::Right),
            rel("a", "c", Direction::Below),
            rel("b", "d", Direction::Below),
            rel("c", "d", Direction::Right),
        ];
        assert_eq!(sorted(g.relations()), sorted(want));
        // An all-empty grid has no relations; so has a single cell.
        assert!(grid(&[&["", ""], &["", ""]]).relations().is_empty());
        assert!(grid(&[&["x"]]).relations().is_empty());
    }

    #[test]
    fn column_span_relates_to_every_cell_below() {
        // | head (2 cols) |
        // | x     | y     |
        let g = Grid {
            cells: vec![
                GridCell::span(0, 0, 0, 1, "head"),
                GridCell::single(1, 0, "x"),
                GridCell::single(1, 1, "y"),
            ],
        };
        let want = vec![
            rel("head", "x", Direction::Below),
            rel("head", "y", Direction::Below),
            rel("x", "y", Direction::Right),
        ];
        assert_eq!(sorted(g.relations()), sorted(want));
    }

    #[test]
    fn row_span_relates_to_every_row_on_the_right() {
        // | Year (2 rows) | a |
        // |               | b |
        // | 2001          | c |
        let g = Grid {
            cells: vec![
                GridCell::span(0, 0, 1, 0, "Year"),
                GridCell::single(0, 1, "a"),
                GridCell::single(1, 1, "b"),
                GridCell::single(2, 0, "2001"),
                GridCell::single(2, 1, "c"),
            ],
        };
        let want = vec![
            rel("Year", "a", Direction::Right),
            rel("Year", "b", Direction::Right),
            rel("Year", "2001", Direction::Below),
            rel("a", "b", Direction::Below),
            rel("b", "c", Direction::Below),
            rel("2001", "c", Direction::Right),
        ];
        assert_eq!(sorted(g.relations()), sorted(want));
    }

    #[test]
    fn spanning_neighbour_counted_once() {
        // A cell spanning two rows to the right of a two-row cell: one relation.
        let g = Grid {
            cells: vec![
                GridCell::span(0, 0, 1, 0, "L"),
                GridCell::span(0, 1, 1, 1, "R"),
            ],
        };
        assert_eq!(g.relations(), vec![rel("L", "R", Direction::Right)]);
    }

    #[test]
    fn normalisation() {
        assert_eq!(normalise(" 1 234\u{a0}567 \n"), "1234567");
        assert_eq!(normalise("\u{2212}5"), "-5");
        assert_eq!(normalise("\u{2013}"), "-");
        assert_eq!(normalise("a\u{2014}b"), "a-b");
        let truth = grid(&[&["to air\nkg/year", "\u{2212}12"]]).relations();
        let ours = grid(&[&["to  air kg/ year", "-12"]]).relations();
        assert_eq!(compare(&truth, &ours).counts.correct, 1);
    }

    #[test]
    fn duplicates_match_as_multiset() {
        // Truth has "-"→"-" three times; we produce it twice plus a wrong one.
        let truth = grid(&[&["-", "-", "-", "-"]]).relations();
        assert_eq!(truth.len(), 3);
        let ours = grid(&[&["-", "-", "-"], &["x", "", ""]]).relations();
        let c = compare(&truth, &ours);
        assert_eq!(
            c.counts,
            Counts {
                truth: 3,
                ours: 3,
                correct: 2
            }
        );
        assert_eq!(c.missed, vec![rel("-", "-", Direction::Right)]);
        assert_eq!(c.spurious, vec![rel("-", "x", Direction::Below)]);
        // Producing a relation more often than the truth has it does not help.
        let many = vec![rel("a", "b", Direction::Right); 4];
        let one = vec![rel("a", "b", Direction::Right)];
        let c = compare(&one, &many);
        assert_eq!(c.counts.correct, 1);
        assert_eq!(c.spurious.len(), 3);
        assert!((c.counts.precision() - 0.25).abs() < 1e-12);
        assert!((c.counts.recall() - 1.0).abs() < 1e-12);
        assert!((c.counts.f1() - 0.4).abs() < 1e-12);
    }

    #[test]
    fn direction_matters() {
        let truth = vec![rel("a", "b", Direction::Right)];
        let ours = vec![rel("a", "b", Direction::Below)];
        assert_eq!(compare(&truth, &ours).counts.correct, 0);
    }

    #[test]
    fn empty_counts() {
        let c = Counts::default();
        assert!((c.f1() - 1.0).abs() < 1e-12);
        let c = Counts {
            truth: 0,
            ours: 5,
            correct: 0,
        };
        assert!(c.precision().abs() < 1e-12);
        assert!(c.f1().abs() < 1e-12);
    }
}
