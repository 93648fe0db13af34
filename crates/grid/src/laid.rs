//! A line laid onto the table's grid, and the joining of a wrapped cell's
//! lines: the leaf vocabulary that the header and row builders share with
//! the table assembly in `assemble` (so neither reaches back into it).

use crate::lines::Seg;

/// A line laid onto the grid: segments per grid column (0 = label).
#[derive(Debug, Clone)]
pub(crate) struct GridLine {
    pub page: u32,
    pub y0: f64,
    pub y1: f64,
    /// Baseline.
    pub base: f64,
    pub fs: f64,
    pub cells: Vec<Vec<Seg>>,
}

impl GridLine {
    /// Grid columns with content.
    pub fn occupied(&self) -> Vec<usize> {
        (0..self.cells.len())
            .filter(|&c| !self.cells[c].is_empty())
            .collect()
    }

    /// Whether any value column has content.
    pub fn has_values(&self) -> bool {
        self.cells.iter().skip(1).any(|c| !c.is_empty())
    }

    /// Text of grid column `c` on this line, segments joined by a space.
    pub fn text_in(&self, c: usize) -> String {
        self.cells.get(c).map_or(String::new(), |v| {
            v.iter()
                .map(|s| s.text.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        })
    }

    /// Text of the label column.
    pub fn label(&self) -> String {
        self.cells.first().map_or(String::new(), |v| {
            v.iter()
                .map(|s| s.text.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        })
    }
}

/// The text of grid column `c` over `lines` (the lines of one cell or
/// header row, top to bottom), joined as wrapped text.
pub(crate) fn column_text<'a>(lines: impl IntoIterator<Item = &'a GridLine>, c: usize) -> String {
    let parts: Vec<String> = lines.into_iter().map(|g| g.text_in(c)).collect();
    join_wrapped(parts.iter().map(String::as_str))
}

/// Joins the lines of a wrapped cell. A line that breaks after a hyphen
/// ("18-" over "66 år", "ASSS-" over "gjennomsnitt") joins the next without
/// a space, unless the next line starts with a conjunction: then the hyphen
/// ends the first part of a pair ("Inntekts-" over "og formuesskatt").
/// A hyphen standing alone after a conjunction begins the second part of
/// such a pair, broken after it ("Finansinntekter og -" over "utgifter"):
/// it joins the next line without a space.
pub(crate) fn join_wrapped<'a>(lines: impl IntoIterator<Item = &'a str>) -> String {
    const PAIRED: &[&str] = &["og", "eller", "and", "or", "och", "samt", "ja", "tai"];
    let mut out = String::new();
    for l in lines {
        let l = l.trim();
        if l.is_empty() {
            continue;
        }
        if !out.is_empty() {
            let first = l.split_whitespace().next().unwrap_or("").to_lowercase();
            let hyphen =
                out.ends_with('-') && out.chars().rev().nth(1).is_some_and(char::is_alphanumeric);
            // A line that starts with closing punctuation was wrapped off
            // its word ("(grunneiendommer" over ")"); a slash set against
            // a word is a break without a space ("Boliger/" over
            // "Institusjoner"); a dot and digits after digits go on a
            // number or date ("08.10" over ".24").
            let glued = l.starts_with([')', ']', ',', ';', ':'])
                || (l.starts_with('.')
                    && l[1..].starts_with(|c: char| c.is_ascii_digit())
                    && out.ends_with(|c: char| c.is_ascii_digit()))
                || (out.ends_with('/')
                    && out.chars().rev().nth(1).is_some_and(char::is_alphanumeric));
            let second_part = out
                .strip_suffix(" -")
                .and_then(|o| o.split_whitespace().next_back())
                .is_some_and(|w| PAIRED.contains(&w.to_lowercase().as_str()))
                && l.starts_with(char::is_lowercase);
            if !(hyphen || glued || second_part) || (hyphen && PAIRED.contains(&first.as_str())) {
                out.push(' ');
            }
        }
        out.push_str(l);
    }
    out
}

/// A cell block: the lines one column holds set tight, as (column, first
/// line, last line) indices into a table's lines.
pub(crate) type Block = (usize, usize, usize);

/// Groups of intervals joined where two overlap by more than `min`, and on
/// through the intervals each of those overlaps: per interval, the index of
/// its group's first member.
pub(crate) fn overlap_groups(spans: &[(f64, f64)], min: f64) -> Vec<usize> {
    let mut group: Vec<usize> = (0..spans.len()).collect();
    loop {
        let mut changed = false;
        for a in 0..spans.len() {
            for b in a + 1..spans.len() {
                let ov = spans[a].1.min(spans[b].1) - spans[a].0.max(spans[b].0);
                if ov > min && group[a] != group[b] {
                    let (from, to) = (group[a].max(group[b]), group[a].min(group[b]));
                    group
                        .iter_mut()
                        .filter(|g| **g == from)
                        .for_each(|g| *g = to);
                    changed = true;
                }
            }
        }
        if !changed {
            return group;
        }
    }
}

/// Whether no group (`group`, per block, from [`overlap_groups`]) holds
/// two blocks with a number (`numbered`) in one column.
pub(crate) fn one_number_per_column(
    blocks: &[Block],
    group: &[usize],
    numbered: impl Fn(&Block) -> bool,
) -> bool {
    let mut seen: Vec<(usize, usize)> = blocks
        .iter()
        .zip(group)
        .filter(|(b, _)| numbered(b))
        .map(|(b, &g)| (g, b.0))
        .collect();
    let k = seen.len();
    seen.sort_unstable();
    seen.dedup();
    seen.len() == k
}

/// Every way, up to two, to part the items `from..to` into `k` runs left
/// to right, run `i` from `a` to `b` (`b` past its last item) taken where
/// `fits(i, a, b)`: the end of each run. (Amounts set close parted under
/// their headings; group headings parted over their columns.)
pub(crate) fn partings(
    from: usize,
    to: usize,
    k: usize,
    fits: &dyn Fn(usize, usize, usize) -> bool,
) -> Vec<Vec<usize>> {
    fn go(
        (from, i): (usize, usize),
        (to, k): (usize, usize),
        fits: &dyn Fn(usize, usize, usize) -> bool,
        acc: &mut Vec<usize>,
        out: &mut Vec<Vec<usize>>,
    ) {
        if out.len() >= 2 {
            return;
        }
        if i == k {
            if from == to {
                out.push(acc.clone());
            }
            return;
        }
        for end in from + 1..=to {
            if fits(i, from, end) {
                acc.push(end);
                go((end, i + 1), (to, k), fits, acc, out);
                acc.pop();
            }
        }
    }
    let mut out = Vec::new();
    go((from, 0), (to, k), fits, &mut Vec::new(), &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::join_wrapped;

    #[test]
    fn wrapped_lines_join_as_the_text_reads() {
        let cases: &[(&[&str], &str)] = &[
            (
                &["Sykehjem og", "omsorgsboliger"],
                "Sykehjem og omsorgsboliger",
            ),
            (&["Barne-", "hage"], "Barne-hage"),
            (&["Barne-", "og ungdom"], "Barne- og ungdom"),
            (
                &["Personinntekt fiske/fangst/", "familiebarnehage"],
                "Personinntekt fiske/fangst/familiebarnehage",
            ),
            (
                &["Antall (grunneiendommer", ")"],
                "Antall (grunneiendommer)",
            ),
            (&["Sum", ", herav lønn"], "Sum, herav lønn"),
            (&["Inntekt /", "utgift"], "Inntekt / utgift"),
            (
                &["Finansinntekter og -", "utgifter"],
                "Finansinntekter og -utgifter",
            ),
            (&["Perioden 2019 -", "2024"], "Perioden 2019 - 2024"),
        ];
        for (lines, want) in cases {
            assert_eq!(join_wrapped(lines.iter().copied()), *want, "{lines:?}");
        }
    }
}
