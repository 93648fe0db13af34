//! Table captions: "Tabell 9.6. Nøkkeltall …" → table number "9.6" and title
//! "Nøkkeltall …".
//!
//! A caption starts with "Tabell", "Table" or "Tab." (any case), then a
//! colon, full stop or space, then the number: digits and dots ("1.1", "10.12"),
//! optionally one letter ("6a"). Small capitals with a full-size initial come
//! out of some PDFs letter-split ("T ABLE 6") and are read as one word.
//! "Tabellen under viser …" is no caption.

/// The table number of a caption: "Tabell 9.6. Nøkkeltall" → "9.6",
/// "Tab. 3" → "3", "Table 2" → "2", "Tabell 6a Faktorer" → "6a".
#[must_use]
pub fn id(text: &str) -> Option<String> {
    split(text).map(|(id, _)| id)
}

/// The caption without its "Tabell 1.2" prefix and the punctuation after it:
/// "Tabell 10.6 - Gjennomsnittlig lønn" → "Gjennomsnittlig lønn". A text that
/// is no caption is returned trimmed.
#[must_use]
pub fn title(caption: &str) -> &str {
    match split(caption) {
        Some((_, rest)) => rest
            .trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '.' | '-' | '–' | ':'))
            .trim(),
        None => caption.trim(),
    }
}

/// Whether a caption says its table continues from an earlier page:
/// "Tabell 1.3 fortsetter", "Tabell 2 (forts.)", "Table 4 (continued)",
/// "Tabell 5 forts".
#[must_use]
pub fn continued(caption: &str) -> bool {
    // The title is nothing but the word ("fortsetter", "(continued)"):
    // "Continued claims by state" is a title of its own.
    let title = title(caption).to_lowercase();
    let words: Vec<&str> = title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    words.len() <= 2 && words.iter().any(|w| continued_word(w))
}

const PREFIXES: [&str; 3] = ["tabell", "table", "tab."];

/// (number, text after it).
fn split(text: &str) -> Option<(String, &str)> {
    let t = text.trim_start();
    // "T ABLE 6": a lone capital followed by the rest of its word.
    let mut chars = t.chars();
    let lone = matches!(
        (chars.next(), chars.next()),
        (Some(c), Some(' ')) if c.is_uppercase()
    );
    let rest = if lone {
        let (head, tail) = t.split_at(t.find(' ')?);
        let tail = &tail[1..];
        PREFIXES.iter().find_map(|p| {
            let (ph, pt) = p.split_at(1);
            (head.eq_ignore_ascii_case(ph)
                && tail
                    .get(..pt.len())
                    .is_some_and(|x| x.eq_ignore_ascii_case(pt)))
            .then(|| (*p, &tail[pt.len()..]))
        })
    } else {
        PREFIXES.iter().find_map(|p| {
            t.get(..p.len())
                .is_some_and(|x| x.eq_ignore_ascii_case(p))
                .then(|| (*p, &t[p.len()..]))
        })
    };
    let (prefix, rest) = rest?;
    // "Tabell 1", "Tabell: 1", "Tabell. 1", "Tab. 1", "Tab.1" — not "Tabell .5".
    let after = rest.trim_start_matches([':', '.']).trim_start();
    // "Tabellen", "Tables": the word goes on.
    if after.len() == rest.len() && !prefix.ends_with('.') {
        return None;
    }
    let n = after
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(after.len());
    let mut id = after[..n].trim_end_matches('.').to_owned();
    if !id.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let mut end = n;
    // "6a": one letter glued to the number, and nothing glued after it.
    if !after[..n].ends_with('.') {
        let mut cs = after[n..].chars();
        if let Some(l) = cs.next()
            && l.is_ascii_alphabetic()
            && cs.next().is_none_or(|c| !c.is_alphanumeric())
        {
            id.push(l);
            end += 1;
        }
    }
    let rest = &after[end..];
    // "Tabell 1.4 gir en oversikt over …", "Table 2 shows …": a sentence
    // about the table, not its caption — the title goes on in lower case
    // (unless it only says the table continues).
    let first = rest
        .trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '.' | ':' | '-' | '–'))
        .split_whitespace()
        .next()
        .unwrap_or("");
    if first.chars().next().is_some_and(char::is_lowercase) && !continued_word(first) {
        return None;
    }
    Some((id, rest))
}

fn continued_word(w: &str) -> bool {
    const WORDS: [&str; 6] = [
        "fortsetter",
        "fortsatt",
        "forts",
        "continued",
        "cont",
        "fortsättning",
    ];
    let w = w
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    WORDS.contains(&w.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn odd_inputs_do_not_panic() {
        for s in [
            "",
            "T",
            "T ",
            "Tab.",
            "tabell",
            "İİ 1",
            "T ABL",
            "Tabell 1İ",
            "t\u{a0}abell 2",
        ] {
            let _ = id(s);
            let _ = title(s);
        }
        assert_eq!(id("Tabell 1.1.").as_deref(), Some("1.1"));
        assert_eq!(title("Tabell 1.1."), "");
    }
}
