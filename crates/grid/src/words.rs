//! The document's own words: what tells a word the typesetter had to break
//! inside, because it was wider than its narrow cell ("Ansa" over "tte"),
//! from two words of a cell that wrapped ("Andel" over "årsverk"). A word
//! broken in one place is printed whole in another (another table's
//! heading, a label, the text): the document is its own dictionary.

use crate::lines::Line;
use std::collections::HashSet;

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
        let word = |t: &str| !t.is_empty() && t.chars().all(char::is_alphabetic);
        let inner = |t: &str| t.chars().all(|c| c.is_alphabetic() || c == '-' || c == '.');
        let mut tail = String::new();
        for (k, next) in rest.iter().enumerate() {
            // (Only the last piece may end a sentence or a clause.)
            let head = if k + 1 == rest.len() {
                next.trim_end_matches([',', '.', ';', ':', ')'])
            } else {
                next
            };
            if !word(head) || !head.starts_with(char::is_lowercase) {
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
