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
        let home = |x0: f64, x1: f64| base.only_home(x0, x1);
        // Pairs of neighbouring intervals that some line fills with two
        // separate numbers: evidence that they are two columns.
        let two_columns = base.filled_apart(lines.clone(), |s| !ambiguous(s) && s.is_data_number());
        // A number glued to the word after it ("1,0 Simpel", "20,0
        // Selvskyldner"), the numbers ending and the words starting at one
        // x each on three lines or more: two columns set close together
        // (numbers set right, words set left).
        let glued = number_then_words(lines.clone());
        // The edges of numbers standing alone: a column of numbers set
        // right or left. A label whose line runs into that column with a
        // number ("… spesialundervisning 6,4") ends before the number.
        let alone: Vec<(f64, f64)> = lines
            .clone()
            .into_iter()
            .flat_map(|l| &l.segs)
            .filter(|s| s.number().is_some())
            .map(|s| (s.bbox.x0, s.bbox.x1))
            .collect();
        // Columns of numbers that some line fills with two numbers side by
        // side: a text set across both (a heading of a second table set
        // under the first, "Konserni" over two years) does not merge them.
        let numeric = Columns::from_intervals(alone.clone());
        let apart = numeric.filled_apart(lines.clone(), Seg::is_data_number);
        let bridges = |s: &Seg| {
            s.number().is_none()
                && apart.iter().any(|&i| {
                    let (a, b) = (numeric.ivs[i], numeric.ivs[i + 1]);
                    s.bbox.x1.min(a.1) - s.bbox.x0.max(a.0) > 0.0
                        && s.bbox.x1.min(b.1) - s.bbox.x0.max(b.0) > 0.0
                })
        };
        let mut v: Vec<(f64, f64)> = Vec::new();
        for s in lines.into_iter().flat_map(|l| &l.segs) {
            if bridges(s) {
                continue;
            }
            if let Some(k) = glued.iter().find_map(|g| g.cut(s)) {
                v.push((s.bbox.x0, s.words[k - 1].1.x1));
                v.push((s.words[k].1.x0, s.bbox.x1));
                continue;
            }
            if let Some(k) = trailing_number(s).filter(|&k| {
                let x0 = s.words[k].1.x0;
                let set_right = alone
                    .iter()
                    .filter(|a| (a.1 - s.bbox.x1).abs() <= 1.0)
                    .count();
                let set_left = alone.iter().filter(|a| (a.0 - x0).abs() <= 1.0).count();
                set_right >= 2 || set_left >= 2
            }) {
                v.push((s.bbox.x0, s.words[k - 1].1.x1));
                v.push((s.words[k].1.x0, s.bbox.x1));
                continue;
            }
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

    /// The interval a box overlaps, when it overlaps exactly one.
    fn only_home(&self, x0: f64, x1: f64) -> Option<usize> {
        let mut hits =
            (0..self.ivs.len()).filter(|&i| x1.min(self.ivs[i].1) - x0.max(self.ivs[i].0) > 0.0);
        match (hits.next(), hits.next()) {
            (Some(i), None) => Some(i),
            _ => None,
        }
    }

    /// Neighbouring intervals `(i, i + 1)`, by `i`, that some line fills
    /// with two segments of its own (those `pick` takes), each in one
    /// interval only: evidence that they are two columns.
    fn filled_apart<'a>(
        &self,
        lines: impl IntoIterator<Item = &'a Line>,
        pick: impl Fn(&Seg) -> bool,
    ) -> Vec<usize> {
        let mut out: Vec<usize> = Vec::new();
        for l in lines {
            let homes: Vec<usize> = l
                .segs
                .iter()
                .filter(|s| pick(s))
                .filter_map(|s| self.only_home(s.bbox.x0, s.bbox.x1))
                .collect();
            for w in homes.windows(2) {
                if w[1] == w[0] + 1 && !out.contains(&w[0]) {
                    out.push(w[0]);
                }
            }
        }
        out
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
        // (A point inside an interval, a word's centre, lies in it.)
        let overlaps = self
            .ivs
            .iter()
            .any(|(a, b)| x1.min(*b) - x0.max(*a) > 0.0 || (x0 >= *a && x1 <= *b));
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

/// Where segments holding a number and then words are cut: the numbers'
/// right edge and the words' left edge shared by them all.
#[derive(Debug, Clone, Copy)]
struct Glued {
    num_x1: f64,
    word_x0: f64,
}

impl Glued {
    /// The index of the first word after the number in `s`, when `s` is
    /// cut here.
    fn cut(&self, s: &Seg) -> Option<usize> {
        let k = leading_number(s)?;
        let near = |a: f64, b: f64| (a - b).abs() <= 1.0;
        (near(s.words[k - 1].1.x1, self.num_x1) && near(s.words[k].1.x0, self.word_x0)).then_some(k)
    }
}

/// The index of the first word of a number ending a segment of words
/// ("… spesialundervisning 6,4"), when words with letters come before it.
fn trailing_number(s: &Seg) -> Option<usize> {
    let n = s.words.len();
    (1..n).rev().find(|&k| {
        let num: Vec<&str> = s.words[k..].iter().map(|w| w.0.as_str()).collect();
        matches!(parse(&num.join(" ")), Parsed::Number(_))
            && s.words[k - 1]
                .0
                .chars()
                .filter(|c| c.is_alphabetic())
                .count()
                >= 2
    })
}

/// The number of leading words that make one number ("20,0", "1 250,5"),
/// when words with letters follow them.
fn leading_number(s: &Seg) -> Option<usize> {
    let n = s.words.len();
    (1..n).find(|&k| {
        let num: Vec<&str> = s.words[..k].iter().map(|w| w.0.as_str()).collect();
        matches!(parse(&num.join(" ")), Parsed::Number(_))
            && s.words[k..]
                .iter()
                .all(|w| w.0.chars().filter(|c| c.is_alphabetic()).count() >= 2)
    })
}

/// The first of `lines` holding a number glued to the words after it
/// where the lines' shared cuts ([`number_then_words`]) part them.
pub(crate) fn first_glued(lines: &[Line]) -> Option<usize> {
    let glued = number_then_words(lines);
    lines.iter().position(|l| {
        l.segs
            .iter()
            .any(|s| glued.iter().any(|g| g.cut(s).is_some()))
    })
}

/// Shared cuts of segments holding a number and then words: three or more
/// such segments whose numbers end at one x and whose words start at one x,
/// at least one number not a bare integer (a code or item number before a
/// name or label, "4601 Bergen", is read with it).
fn number_then_words<'a>(lines: impl IntoIterator<Item = &'a Line>) -> Vec<Glued> {
    let mut found: Vec<(Glued, usize, bool)> = Vec::new();
    for s in lines.into_iter().flat_map(|l| &l.segs) {
        let Some(k) = leading_number(s) else { continue };
        let (x1, x0) = (s.words[k - 1].1.x1, s.words[k].1.x0);
        let num: Vec<&str> = s.words[..k].iter().map(|w| w.0.as_str()).collect();
        let num = num.join(" ");
        let plain = num.chars().all(|c| c.is_ascii_digit());
        match found
            .iter_mut()
            .find(|(g, _, _)| (g.num_x1 - x1).abs() <= 1.0 && (g.word_x0 - x0).abs() <= 1.0)
        {
            Some((_, n, any)) => {
                *n += 1;
                *any |= !plain;
            }
            None => found.push((
                Glued {
                    num_x1: x1,
                    word_x0: x0,
                },
                1,
                !plain,
            )),
        }
    }
    found
        .into_iter()
        .filter(|(_, n, any)| *n >= 3 && *any)
        .map(|(g, _, _)| g)
        .collect()
}
