//! Column model: x-intervals covered by the segments of tabular lines.
//!
//! Segments of the body lines are projected onto the x axis; overlapping
//! projections merge into one column interval. Every segment is then assigned
//! to the interval it overlaps most (or the nearest one).

use crate::lines::{Line, Seg};
use kommunetall_lexicon::{Parsed, parse};

/// Column intervals, left to right.
#[derive(Debug, Clone, Default)]
pub(crate) struct Columns {
    pub ivs: Vec<(f64, f64)>,
}

impl Columns {
    /// Intervals from the segments of the given lines.
    pub fn from_lines<'a>(lines: impl IntoIterator<Item = &'a Line>) -> Columns {
        let mut v: Vec<(f64, f64)> = Vec::new();
        for l in lines {
            for s in &l.segs {
                v.push((s.bbox.x0, s.bbox.x1));
            }
        }
        Columns::from_intervals(v)
    }

    /// Intervals for the body of a table. A segment of several words that
    /// looks like one number ("464 477,5") may be two numbers set a little
    /// more than a space apart in narrow columns: where the other segments
    /// of the body leave a gap between two columns exactly at one of its
    /// word gaps, it is cut there instead of merging the two columns.
    pub fn from_body<'a>(lines: impl IntoIterator<Item = &'a Line> + Clone) -> Columns {
        let ambiguous = |s: &Seg| {
            s.words.len() >= 2
                && s.words
                    .iter()
                    .all(|(t, _, _)| !matches!(parse(t), Parsed::Text | Parsed::Empty))
        };
        let base = Columns::from_intervals(
            lines
                .clone()
                .into_iter()
                .flat_map(|l| &l.segs)
                .filter(|s| !ambiguous(s))
                .map(|s| (s.bbox.x0, s.bbox.x1))
                .collect(),
        );
        // The interval a box lies in (overlapping it, and no other).
        let home = |x0: f64, x1: f64| {
            let hits: Vec<usize> = (0..base.ivs.len())
                .filter(|&i| x1.min(base.ivs[i].1) - x0.max(base.ivs[i].0) > 0.0)
                .collect();
            (hits.len() == 1).then(|| hits[0])
        };
        // Pairs of neighbouring intervals that some line fills with two
        // separate numbers: evidence that they are two columns.
        let mut two_columns: Vec<usize> = Vec::new();
        for l in lines.clone() {
            let homes: Vec<usize> = l
                .segs
                .iter()
                .filter(|s| !ambiguous(s) && s.number().is_some())
                .filter_map(|s| home(s.bbox.x0, s.bbox.x1))
                .collect();
            for w in homes.windows(2) {
                if w[1] == w[0] + 1 && !two_columns.contains(&w[0]) {
                    two_columns.push(w[0]);
                }
            }
        }
        let mut v: Vec<(f64, f64)> = Vec::new();
        for s in lines.into_iter().flat_map(|l| &l.segs) {
            if !ambiguous(s) {
                v.push((s.bbox.x0, s.bbox.x1));
                continue;
            }
            let mut start = s.words[0].1.x0;
            for w in s.words.windows(2) {
                if let (Some(a), Some(b)) = (home(w[0].1.x0, w[0].1.x1), home(w[1].1.x0, w[1].1.x1))
                    && b == a + 1
                    && two_columns.contains(&a)
                {
                    v.push((start, w[0].1.x1));
                    start = w[1].1.x0;
                }
            }
            v.push((start, s.bbox.x1));
        }
        Columns::from_intervals(v)
    }

    /// Merges overlapping intervals.
    pub fn from_intervals(mut v: Vec<(f64, f64)>) -> Columns {
        v.retain(|(a, b)| a.is_finite() && b.is_finite());
        v.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut ivs: Vec<(f64, f64)> = Vec::new();
        for (a, b) in v {
            match ivs.last_mut() {
                Some(last) if a <= last.1 + 0.5 => last.1 = last.1.max(b),
                _ => ivs.push((a, b)),
            }
        }
        Columns { ivs }
    }

    /// Union with another column model.
    pub fn merged(&self, o: Columns) -> Columns {
        let mut v = self.ivs.clone();
        v.extend(o.ivs);
        Columns::from_intervals(v)
    }

    /// Whether `[x0, x1]` overlaps two or more intervals.
    pub fn crosses(&self, x0: f64, x1: f64) -> bool {
        self.ivs
            .iter()
            .filter(|(a, b)| x1.min(*b) - x0.max(*a) > 1.0)
            .count()
            >= 2
    }

    /// Index of the interval a segment `[x0, x1]` belongs to.
    pub fn assign(&self, x0: f64, x1: f64) -> usize {
        let mut best = 0;
        let mut best_score = f64::MIN;
        for (i, (a, b)) in self.ivs.iter().enumerate() {
            let ov = x1.min(*b) - x0.max(*a);
            // Negative overlap is the distance to the interval.
            let score = ov;
            if score > best_score {
                best_score = score;
                best = i;
            }
        }
        best
    }

    /// Like [`Columns::assign`], but a segment in the gap between two
    /// intervals goes to the interval on its right (header text sits
    /// left-aligned over right-aligned numbers).
    pub fn assign_right(&self, x0: f64, x1: f64) -> usize {
        let overlaps = self.ivs.iter().any(|(a, b)| x1.min(*b) - x0.max(*a) > 0.0);
        if overlaps {
            return self.assign(x0, x1);
        }
        self.ivs
            .iter()
            .position(|(a, _)| *a >= x1)
            .unwrap_or_else(|| self.assign(x0, x1))
    }

    /// Number of intervals.
    pub fn len(&self) -> usize {
        self.ivs.len()
    }
}
