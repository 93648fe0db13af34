//! Column model: x-intervals covered by the segments of tabular lines.
//!
//! Segments of the body lines are projected onto the x axis; overlapping
//! projections merge into one column interval. Every segment is then assigned
//! to the interval it overlaps most (or the nearest one).

use crate::lines::Line;

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
