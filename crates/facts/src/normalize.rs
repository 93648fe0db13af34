//! Label normalisation and small text helpers: the comparison key of a printed
//! label, leading line numbers, years in headers and captions, measure keys.

/// The comparison key of a printed label: lower case, every run of
/// punctuation or whitespace collapsed to one space, a leading line number
/// ("14. ", "3) ") dropped. "14. Sum investerings-inntekter*" and
/// "sum investerings inntekter" give the same key.
#[must_use]
pub fn normalise(label: &str) -> String {
    let body = match line_number(label) {
        Some(_) => strip_line_number(label),
        None => label,
    };
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

/// The line number printed before a label ("14. Sum investeringsinntekter" →
/// 14), when the label starts with one followed by text.
#[must_use]
pub fn line_number(label: &str) -> Option<i32> {
    let t = label.trim_start();
    let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
    if digits.is_empty() || digits.len() > 3 {
        return None;
    }
    let rest = &t[digits.len()..];
    let rest = rest
        .strip_prefix('.')
        .or_else(|| rest.strip_prefix(')'))
        .unwrap_or(rest);
    if !rest.starts_with(char::is_whitespace) || !rest.trim().chars().any(char::is_alphabetic) {
        return None;
    }
    // "1-2 år" or "3 ukers frist" are not line numbers: the text after the number
    // must start with an upper-case letter ("14. Sum …", "3 Investeringer …")
    // unless a dot or parenthesis follows the number.
    let punct = t[digits.len()..].starts_with(['.', ')']);
    let upper = rest
        .trim_start()
        .chars()
        .next()
        .is_some_and(char::is_uppercase);
    if punct || upper {
        digits.parse().ok()
    } else {
        None
    }
}

fn strip_line_number(label: &str) -> &str {
    let t = label.trim_start();
    let n = t.chars().take_while(char::is_ascii_digit).count();
    let rest = &t[n..];
    rest.strip_prefix(['.', ')']).unwrap_or(rest).trim_start()
}

/// Four-digit years (1900–2099) standing alone in a text, in order.
/// "Garantiansvar 2021-2024" → [2021, 2024]; "12.12.24" and "f202" give none.
#[must_use]
pub fn years(text: &str) -> Vec<i32> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            let before_ok = start == 0 || !chars[start - 1].is_alphanumeric();
            let after_ok = i == chars.len() || !chars[i].is_alphanumeric();
            if i - start == 4 && before_ok && after_ok {
                let s: String = chars[start..i].iter().collect();
                if let Ok(y) = s.parse::<i32>()
                    && (1900..2100).contains(&y)
                {
                    out.push(y);
                }
            }
        } else {
            i += 1;
        }
    }
    out
}

/// A text with its stand-alone years removed and trailing punctuation trimmed:
/// "Trondheim 2024" → "Trondheim", "ASSS- gjennomsnitt 2024" → "ASSS- gjennomsnitt".
#[must_use]
pub fn without_years(text: &str) -> String {
    let ys = years(text);
    let mut s = text.to_owned();
    for y in ys {
        s = s.replacen(&y.to_string(), " ", 1);
    }
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    s.trim_matches(|c: char| c.is_whitespace() || matches!(c, ',' | '.' | '-' | '–' | ':' | '/'))
        .to_owned()
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

/// The factor that turns a value printed in `unit` into kroner: "millioner
/// kroner" 1e6, "milliarder kroner" 1e9, "tusen kroner" 1e3, "kroner" 1; None
/// when the unit is not an amount of money.
#[must_use]
pub fn nok_factor(unit: &str) -> Option<f64> {
    let n = normalise(unit);
    let toks: Vec<&str> = n.split(' ').collect();
    let money = toks
        .iter()
        .any(|t| matches!(*t, "kroner" | "kr" | "nok" | "kroner)"));
    let has = |w: &str| toks.iter().any(|t| t.starts_with(w));
    if has("milliard") || has("mrd") {
        Some(1e9)
    } else if has("million") || (has("mill") && money) || n == "mill" || n == "mnok" {
        Some(1e6)
    } else if has("tusen") || (toks.contains(&"1000") && money) || n == "tnok" {
        Some(1e3)
    } else if money {
        Some(1.0)
    } else {
        None
    }
}

/// The unit stated in a caption ("… Tall i millioner kroner.", "… i mill kr"),
/// when one is.
#[must_use]
pub fn unit_in_text(text: &str) -> Option<String> {
    let n = normalise(text);
    let padded = format!(" {n} ");
    if padded.contains(" milliarder kroner ") || padded.contains(" mrd kr ") {
        Some("milliarder kroner".into())
    } else if padded.contains(" millioner kroner ")
        || padded.contains(" mill kr ")
        || padded.contains(" millioner ")
        || padded.contains(" mill kroner ")
    {
        Some("millioner kroner".into())
    } else if padded.contains(" tusen kroner ") || padded.contains(" 1000 kr ") {
        Some("tusen kroner".into())
    } else if n == "kroner" || n == "kr" {
        Some("kroner".into())
    } else {
        None
    }
}

/// The unit an indicator label states ("…, kr", "(prosent)", "(%)",
/// "(antall)", "(millioner kroner)"), when it states one.
#[must_use]
pub fn unit_in_label(label: &str) -> Option<String> {
    let n = normalise(label);
    let l = label.to_lowercase();
    if l.contains("(millioner kroner)") || l.contains("(mill kr)") {
        Some("millioner kroner".into())
    } else if n.ends_with(" kr")
        || n.ends_with(" kroner")
        || l.contains("(kr)")
        || l.contains("(kroner)")
    {
        Some("kroner".into())
    } else if n.ends_with(" prosent")
        || l.contains("(%)")
        || l.contains("(prosent)")
        || l.contains("år(%)")
        || l.contains("i prosent av")
    {
        Some("prosent".into())
    } else if l.contains("(antall)") {
        Some("antall".into())
    } else if l.contains("(årsverk)") {
        Some("årsverk".into())
    } else {
        None
    }
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
        assert_eq!(line_number("14. Sum investeringsinntekter"), Some(14));
        assert_eq!(line_number("3 Investeringer i aksjer"), Some(3));
        assert_eq!(line_number("1-2 år"), None);
        assert_eq!(line_number("12 ukers frist"), None);
        assert_eq!(line_number("6"), None);
    }

    #[test]
    fn years_and_measures() {
        assert_eq!(
            years("Garantiansvar 2021-2024, per 31.12.24"),
            vec![2021, 2024]
        );
        assert!(years("f202 12.12.24").is_empty());
        assert_eq!(
            without_years("ASSS- gjennomsnitt 2024"),
            "ASSS- gjennomsnitt"
        );
        assert_eq!(measure("Vedtatt budsjett 2024"), "opprinnelig_budsjett");
        assert_eq!(measure("Avvik regnskap og revidert budsjett"), "avvik");
        assert_eq!(measure("Revidert budsjett 2024"), "revidert_budsjett");
        assert_eq!(measure("Regnskap 2023"), "regnskap");
        assert_eq!(measure("Kvinne / Antall"), "kvinne_antall");
        assert_eq!(measure("2024"), "verdi");
    }

    #[test]
    fn units() {
        assert_eq!(nok_factor("millioner kroner"), Some(1e6));
        assert_eq!(nok_factor("tusen kroner"), Some(1e3));
        assert_eq!(nok_factor("kroner"), Some(1.0));
        assert_eq!(nok_factor("prosent"), None);
        assert_eq!(
            unit_in_text("Millioner kroner"),
            Some("millioner kroner".into())
        );
        assert_eq!(
            unit_in_text("Tabell 9.7 … 2024 i mill kr"),
            Some("millioner kroner".into())
        );
        assert_eq!(
            unit_in_label("Dekningsgrad 1-2 år, prosent"),
            Some("prosent".into())
        );
        assert_eq!(
            unit_in_label("Netto driftsutgifter per innbygger 1-5 år, kr"),
            Some("kroner".into())
        );
        assert_eq!(display_case("EIENDELER"), "Eiendeler");
    }
}
