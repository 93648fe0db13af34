//! Row labels: printed item numbers ("14. Sum investeringsinntekter",
//! "3 Investeringer i aksjer") and the words that make a row a sum ("Sum …",
//! "Sluttsum", "Totalt", "Samlet", "I alt"; Swedish "Summa …"; Finnish
//! "… yhteensä").

/// Words that, first in a label, make the row a total.
const SUM_WORDS: &[&str] = &[
    "sum",
    "sluttsum",
    "totalsum",
    "samlet",
    "samla",
    "totalt",
    "total",
    // Swedish.
    "summa",
    "totalsumma",
    // Finnish.
    "yhteensä",
];

/// Words that make the row a total wherever they stand in its label
/// (Finnish "Konserni yhteensä", "Lapsia yhteensä 31.12.").
const SUM_WORDS_ANYWHERE: &[&str] = &["yhteensä"];

/// The item number printed before a label ("14. Sum investeringsinntekter" →
/// 14, "3) Avdrag" → 3, "3 Investeringer i aksjer" → 3), when the label
/// starts with one followed by text. "1-2 år", "12 ukers frist" and "2024"
/// have none: without a dot or parenthesis after the number, the text must
/// start with a capital letter.
#[must_use]
pub fn item_number(label: &str) -> Option<i32> {
    split(label).map(|(n, _)| n)
}

/// The label without its item number ([`item_number`]), trimmed at the start:
/// "14. Sum investeringsinntekter" → "Sum investeringsinntekter".
#[must_use]
pub fn without_item_number(label: &str) -> &str {
    match split(label) {
        Some((_, rest)) => rest,
        None => label.trim_start(),
    }
}

fn split(label: &str) -> Option<(i32, &str)> {
    let t = label.trim_start();
    let n = t.chars().take_while(char::is_ascii_digit).count();
    if n == 0 || n > 3 {
        return None;
    }
    let after = &t[n..];
    let punct = after.starts_with(['.', ')']);
    let rest = if punct { &after[1..] } else { after };
    let text = rest.trim_start();
    let glued = punct && rest.starts_with(char::is_alphabetic); // "14.Sum"
    if !(rest.starts_with(char::is_whitespace) || glued) || !text.chars().any(char::is_alphabetic) {
        return None;
    }
    let upper = text.chars().next().is_some_and(char::is_uppercase);
    if punct || upper {
        Some((t[..n].parse().ok()?, text))
    } else {
        None
    }
}

/// Whether a row label reads as a total: its first word (after any item
/// number) is "Sum", "Sluttsum", "Totalsum", "Samlet", "Samla", "Totalt",
/// "Total", Swedish "Summa" or "Totalsumma", or Finnish "Yhteensä"; or it is,
/// starts with or ends with "i alt" ("Ansatte i alt"); or it has the Finnish
/// "yhteensä" anywhere ("Konserni yhteensä", also broken at a line end as
/// "yh-teensä"). "Summer", "Totalkostnad per bruker" and "Netto
/// driftsresultat" are not.
#[must_use]
pub fn is_sum(label: &str) -> bool {
    let l = without_item_number(label).trim().to_lowercase();
    let first = l.split([' ', ',', ':']).next().unwrap_or("");
    SUM_WORDS.contains(&first)
        || l == "i alt"
        || l.starts_with("i alt ")
        || l.ends_with(" i alt")
        || l.split([' ', ',', ':', '(', ')']).any(|w| {
            // A word hyphenated at a line end: "yh-teensä".
            let joined: String = w.chars().filter(|&c| c != '-' && c != '\u{ad}').collect();
            SUM_WORDS_ANYWHERE.contains(&joined.as_str())
        })
}

/// Whether a row label names a balance at the close of the year, the
/// last line of a roll-forward block in a statement of changes ("Peruspääoma
/// 31.12.", "Egenkapital 31.12.2024", "UB annen egenkapital", "Utgående
/// balanse"): its last word is the date 31.12 (with or without the year),
/// or it starts with "UB", or it says "utgående balanse". A block's opening
/// line ("… 1.1.") is not.
#[must_use]
pub fn is_closing_balance(label: &str) -> bool {
    let l = label.trim().to_lowercase();
    let last = l.split_whitespace().last().unwrap_or("");
    let date = last.trim_end_matches('.');
    let closing_date = date == "31.12"
        || date == "31/12"
        || date
            .strip_prefix("31.12.")
            .is_some_and(|y| y.len() == 4 && y.chars().all(|c| c.is_ascii_digit()));
    closing_date || l.starts_with("ub ") || l.contains("utgående balanse")
}

/// Abbreviations a label may end with, written with their last dot (which a
/// dot leader after them must not take): Norwegian, Swedish and Finnish
/// report words ("mv.", "m.m.", "bl.a.", "osv.", "jf.", "m.fl.", "ym.").
const ABBREVIATIONS: &[&str] = &[
    "mv", "m.v", "m.m", "m.fl", "bl.a", "osv", "o.l", "jf", "jfr", "ca", "dvs", "inkl", "ekskl",
    "evt", "f.eks", "pr", "nr", "kap", "mill", "mrd", "pst", "ev", "tilsv", "vedr", "etc", "m.a",
    "o.d", "t.ex", "s.k", "ym", "yms", "mm", "esim",
];

/// Whether `word` (without its final dot) is an abbreviation written with a
/// dot ("mv" of "mv.", "m.m" of "m.m."), compared in lower case.
#[must_use]
pub fn abbreviation(word: &str) -> bool {
    let w = word.trim_end_matches('.').to_lowercase();
    ABBREVIATIONS.contains(&w.as_str())
}

/// Short words that stand alone in labels (Norwegian, Swedish, Danish,
/// Finnish and English): conjunctions, prepositions, articles.
const FUNCTION_WORDS: &[&str] = &[
    "og", "i", "på", "til", "for", "av", "med", "som", "er", "en", "et", "ei", "per", "pr", "fra",
    "om", "ved", "mot", "inn", "ut", "etter", "under", "over", "samt", "eller", "ikke", "mv",
    "och", "för", "till", "ja", "tai", "sekä", "and", "of", "in", "to", "the", "from", "by", "at",
    "on", "or", "a", "an", "with", "not", "enn", "men", "å", "seg", "da", "så", "der", "hos", "jf",
    "ca", "dvs", "än", "den", "det", "ett", "than", "but", "as", "is", "are", "its",
];

/// Short words of measure set on a heading's or label's next line ("kg",
/// "km", "kr", "år"): words of their own, never the rest of a word.
/// (No single letter: "Budsjet" over "t" is a word cut before its last.)
const MEASURE_WORDS: &[&str] = &[
    "kg", "km", "cm", "mm", "m2", "m3", "dl", "cl", "ml", "ha", "kr", "år", "mnd", "pst", "stk",
    "kwh", "mwh", "gwh", "twh", "kw", "mw", "gw",
];

/// Whether `word` (lower case, trailing punctuation dropped) is a short
/// word of measure ("kg", "km", "kr", "år").
#[must_use]
pub fn measure_word(word: &str) -> bool {
    listed(word, MEASURE_WORDS)
}

/// Whether `word`, in lower case and without trailing punctuation, is one
/// of `list`.
fn listed(word: &str, list: &[&str]) -> bool {
    let w = word
        .trim_end_matches(|c: char| c.is_ascii_punctuation())
        .to_lowercase();
    list.contains(&w.as_str())
}

/// Whether `word` (lower case, trailing punctuation dropped) is a short
/// function word that may begin a wrapped line of a label ("og", "i",
/// "til", "och", "and"): a lower-case piece that is one is no rest of a
/// word the typesetter broke for want of room.
#[must_use]
pub fn function_word(word: &str) -> bool {
    listed(word, FUNCTION_WORDS)
}
