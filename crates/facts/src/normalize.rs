//! Label normalisation and small text helpers: the comparison key of a printed
//! label, measure keys. Item numbers, years and units are the lexicon's
//! (`kommunetall_lexicon`).

use kommunetall_lexicon::{label, year::without_years};

/// The comparison key of a printed label: lower case, every run of
/// punctuation or whitespace collapsed to one space, a leading line number
/// ("14. ", "3) ") dropped. "14. Sum investerings-inntekter*" and
/// "sum investerings inntekter" give the same key.
#[must_use]
pub fn normalise(text: &str) -> String {
    let body = label::without_item_number(text);
    let mut out = String::with_capacity(body.len());
    let mut space = false;
    for ch in body.chars().flat_map(char::to_lowercase) {
        if ch.is_alphanumeric() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(ch);
        } else {
            space = true;
        }
    }
    out
}

/// A snake_case key from a label: normalised, spaces to underscores, Norwegian
/// letters folded (æ→ae, ø→o, å→a). "Kvinne / Antall" → "kvinne_antall".
#[must_use]
pub fn slug(label: &str) -> String {
    normalise(label)
        .chars()
        .map(|c| match c {
            ' ' => "_".to_owned(),
            'æ' => "ae".to_owned(),
            'ø' => "o".to_owned(),
            'å' => "a".to_owned(),
            c => c.to_string(),
        })
        .collect()
}

/// The measure key of a value column from its label: `avvik`,
/// `revidert_budsjett`, `opprinnelig_budsjett` ("Vedtatt budsjett" or
/// "Opprinnelig budsjett"), `regnskap`, `budsjett`, else the slug of the label
/// without years, or `verdi` when nothing but a year is left.
#[must_use]
pub fn measure(column_label: &str) -> String {
    let n = normalise(column_label);
    let has = |w: &str| n.split(' ').any(|t| t == w) || n.contains(w);
    if has("avvik") {
        "avvik".into()
    } else if has("revidert") {
        "revidert_budsjett".into()
    } else if has("opprinnelig") || has("vedtatt") {
        "opprinnelig_budsjett".into()
    } else if has("regnskap") {
        "regnskap".into()
    } else if has("budsjett") {
        "budsjett".into()
    } else {
        let s = slug(&without_years(column_label));
        if s.is_empty() { "verdi".into() } else { s }
    }
}

/// Whether a measure key is one of the budget/accounts measures.
#[must_use]
pub fn is_budget_measure(m: &str) -> bool {
    matches!(
        m,
        "avvik" | "revidert_budsjett" | "opprinnelig_budsjett" | "regnskap" | "budsjett"
    )
}

/// An all-capitals label in sentence case ("EIENDELER" → "Eiendeler"); other
/// labels unchanged.
#[must_use]
pub fn display_case(label: &str) -> String {
    let letters: Vec<char> = label.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() > 1 && letters.iter().all(|c| c.is_uppercase()) {
        let lower = label.to_lowercase();
        let mut cs = lower.chars();
        match cs.next() {
            Some(f) => f.to_uppercase().chain(cs).collect(),
            None => lower,
        }
    } else {
        label.trim().to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_labels() {
        assert_eq!(
            normalise("14. Sum investerings-inntekter*"),
            "sum investerings inntekter"
        );
        assert_eq!(
            normalise("  Salgs- og  leieinntekter "),
            "salgs og leieinntekter"
        );
        assert_eq!(
            normalise("Bo- og aktivitetstilbud"),
            normalise("Bo og aktivitetstilbud")
        );
        assert_eq!(normalise("1-2 år"), "1 2 år");
    }

    #[test]
    fn measures() {
        assert_eq!(measure("Vedtatt budsjett 2024"), "opprinnelig_budsjett");
        assert_eq!(measure("Avvik regnskap og revidert budsjett"), "avvik");
        assert_eq!(measure("Revidert budsjett 2024"), "revidert_budsjett");
        assert_eq!(measure("Regnskap 2023"), "regnskap");
        assert_eq!(measure("Kvinne / Antall"), "kvinne_antall");
        assert_eq!(measure("2024"), "verdi");
    }

    #[test]
    fn display_case_of_capitals() {
        assert_eq!(display_case("EIENDELER"), "Eiendeler");
        assert_eq!(display_case(" Skole "), "Skole");
    }
}
