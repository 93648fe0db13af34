//! The document's own words: what tells a word the typesetter had to break
//! inside, because it was wider than its narrow cell ("Ansa" over "tte"),
//! from two words of a cell that wrapped ("Andel" over "årsverk"). A word
//! broken in one place is printed whole in another (another table's
//! heading, a label, the text): the document is its own dictionary. A word
//! it never prints whole it may print broken in two places at two
//! different letters ("Stavang" over "er", "Stava" over "nger"): that,
//! too, is a word, for two words of their own wrap at the same place
//! wherever they wrap.

use crate::lines::{Line, Seg};
use std::collections::{HashMap, HashSet};

/// Every word of four letters or more printed whole somewhere in the
/// document, in lower case; a hyphenated word ("ASSS-gjennomsnitt") also
/// by its parts.
#[derive(Debug, Default)]
pub(crate) struct Words(HashSet<String>);

/// A token with its surrounding punctuation trimmed; `None` unless it is
/// letters, with perhaps a hyphen or a dot inside ("ASSS-gjennomsnitt",
/// "Landsgj.snitt").
fn letters(token: &str) -> Option<&str> {
    let t = token.trim_matches(|c: char| !c.is_alphanumeric());
    let inner = |c: char| c.is_alphabetic() || c == '-' || c == '.';
    (!t.is_empty() && t.chars().all(inner)).then_some(t)
}

/// The word segment `s`, one word alone, and the segment of the line
/// `below` that stands under it make if `s` was broken there ("Stava" over
/// "nger 2024": "stavanger"), with where it was broken (after 5 letters):
/// the segment below goes on in lower-case letters. `None` when `s` is no
/// lone word or nothing below goes on from it.
fn broken_in_two(s: &Seg, below: &Line) -> Option<(String, usize)> {
    let [(first, _, _)] = s.words.as_slice() else {
        return None;
    };
    let first = first.trim_start_matches(|c: char| !c.is_alphanumeric());
    if first.is_empty()
        || !first
            .chars()
            .all(|c| c.is_alphabetic() || c == '-' || c == '.')
    {
        return None;
    }
    let overlap = |t: &&Seg| t.bbox.x0.max(s.bbox.x0) < t.bbox.x1.min(s.bbox.x1);
    let mut under = below.segs.iter().filter(overlap);
    let (Some(t), None) = (under.next(), under.next()) else {
        return None;
    };
    let head = t
        .words
        .first()?
        .0
        .trim_end_matches([',', '.', ';', ':', ')']);
    let joined = format!("{first}{head}").to_lowercase();
    (goes_on(head) && joined.chars().count() >= 5).then(|| (joined, first.chars().count()))
}

/// Whether `piece` can be the rest of a word broken before it: lower-case
/// letters, perhaps with a dot inside or first ("nger", "j.snitt",
/// ".snitt").
fn goes_on(piece: &str) -> bool {
    piece.chars().any(char::is_alphabetic)
        && piece
            .chars()
            .all(|c| c == '.' || (c.is_alphabetic() && c.is_lowercase()))
}

impl Words {
    /// The words of every line of every page.
    pub(crate) fn of(pages: &[Vec<Line>]) -> Words {
        let mut set = HashSet::new();
        let tokens = pages
            .iter()
            .flatten()
            .flat_map(|l| &l.segs)
            .flat_map(|s| &s.words)
            .filter_map(|(t, _, _)| letters(t));
        for t in tokens {
            for part in std::iter::once(t).chain(t.split('-')) {
                if part.chars().count() >= 4 {
                    set.insert(part.to_lowercase());
                }
            }
        }
        // Words broken at two different letters.
        let mut breaks: HashMap<String, HashSet<usize>> = HashMap::new();
        for page in pages {
            for (k, above) in page.iter().enumerate() {
                let Some(below) = page.get(k + 1) else {
                    continue;
                };
                if below.base - above.base > 1.6 * above.fs.max(below.fs) {
                    continue;
                }
                for s in &above.segs {
                    if let Some((word, at)) = broken_in_two(s, below) {
                        breaks.entry(word).or_default().insert(at);
                    }
                }
            }
        }
        set.extend(
            breaks
                .into_iter()
                .filter(|(_, at)| at.len() >= 2)
                .map(|(word, _)| word),
        );
        Words(set)
    }

    /// Whether `pieces`, the last word of a line and the first words of
    /// the lines below, are one word broken: each next piece goes on in
    /// lower-case letters and all joined (or the first piece's part after
    /// its last hyphen and the others) are a word the document prints
    /// whole.
    pub(crate) fn joins(&self, pieces: &[&str]) -> bool {
        let Some((piece, rest)) = pieces.split_first() else {
            return false;
        };
        let piece = piece.trim_start_matches(|c: char| !c.is_alphanumeric());
        let inner = |t: &str| t.chars().all(|c| c.is_alphabetic() || c == '-' || c == '.');
        let mut tail = String::new();
        for (k, next) in rest.iter().enumerate() {
            // (Only the last piece may end a sentence or a clause.)
            let head = if k + 1 == rest.len() {
                next.trim_end_matches([',', '.', ';', ':', ')'])
            } else {
                next
            };
            if !goes_on(head) {
                return false;
            }
            tail.push_str(head);
        }
        if rest.is_empty() || !inner(piece) {
            return false;
        }
        let after_hyphen = piece.rsplit('-').next().unwrap_or(piece);
        [piece, after_hyphen].iter().any(|p| {
            let joined = format!("{p}{tail}").to_lowercase();
            !p.is_empty() && joined.chars().count() >= 5 && self.0.contains(&joined)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kommunetall_model::BBox;

    fn line(text: &str) -> Line {
        let b = BBox {
            x0: 0.0,
            y0: 0.0,
            x1: 10.0,
            y1: 10.0,
        };
        Line {
            page: 1,
            bbox: b,
            base: 9.0,
            fs: 9.0,
            bold: false,
            italic: false,
            ruled: false,
            prose: false,
            segs: vec![crate::lines::Seg::from_words(
                text.split(' ').map(|w| (w.to_owned(), b, false)).collect(),
            )],
        }
    }

    /// A line of `cells` (segments of words) at baseline `base`, each
    /// segment from its x.
    fn placed(base: f64, cells: &[(f64, &str)]) -> Line {
        let segs = cells
            .iter()
            .map(|&(x, text)| {
                let words = text
                    .split(' ')
                    .enumerate()
                    .map(|(k, w)| {
                        let x0 = x + 30.0 * k as f64;
                        let b = BBox {
                            x0,
                            y0: base - 8.0,
                            x1: x0 + 25.0,
                            y1: base + 2.0,
                        };
                        (w.to_owned(), b, false)
                    })
                    .collect();
                crate::lines::Seg::from_words(words)
            })
            .collect();
        Line {
            segs,
            base,
            fs: 9.0,
            ..line("x")
        }
    }

    #[test]
    fn a_word_broken_at_two_different_letters_is_a_word() {
        // Never printed whole: "Stavang" over "er 2024" in one narrow
        // heading, "Stava" over "nger 2024" in another; "Andel" over
        // "årsverk" in two, both times after the same letter.
        let page = vec![
            placed(100.0, &[(0.0, "Stavang"), (100.0, "Andel")]),
            placed(111.0, &[(0.0, "er 2024"), (100.0, "årsverk")]),
            placed(200.0, &[(50.0, "Stava"), (150.0, "Andel")]),
            placed(211.0, &[(50.0, "nger 2024"), (150.0, "årsverk")]),
        ];
        let words = Words::of(std::slice::from_ref(&page));
        assert!(words.joins(&["Stavan", "ger"]));
        assert!(!words.joins(&["Ande", "lårsverk"]));
        // Broken at one letter only, or in lines too far apart: no word.
        let words = Words::of(&[page[..2].to_vec()]);
        assert!(!words.joins(&["Stavang", "er"]));
        let mut apart = page.clone();
        apart[3].base = 240.0;
        assert!(!Words::of(&[apart]).joins(&["Stavang", "er"]));
    }

    #[test]
    fn a_word_printed_whole_elsewhere_joins_its_broken_pieces() {
        let words = Words::of(&[vec![
            line("Andel ansatte i Stavanger"),
            line("ASSS-gjennomsnitt 2024, (Bystyresekretariatet)"),
            line("Landsgj.snitt uten Oslo"),
        ]]);
        assert!(words.joins(&["Ansa", "tte"]));
        assert!(words.joins(&["And", "el"]));
        assert!(words.joins(&["Stavang", "er"]));
        assert!(words.joins(&["ASSS-gjennoms", "nitt"]));
        assert!(words.joins(&["Bystyresekretariat", "et,"]));
        assert!(words.joins(&["Landsgj.", "snitt"]));
        // A word broken over three lines of a very narrow cell.
        assert!(words.joins(&["Stav", "ang", "er"]));
        assert!(!words.joins(&["Stav", "ang,", "er"]));
        // Two words of their own, and a capital going on: no join.
        assert!(!words.joins(&["Andel", "årsverk"]));
        assert!(!words.joins(&["Ansa", "Tte"]));
        assert!(!words.joins(&["An", "dersen"]));
        assert!(!words.joins(&["20", "24"]));
    }
}
