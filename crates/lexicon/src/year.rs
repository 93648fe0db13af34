//! Years: in headers and captions ("Regnskap 2024", "Garantiansvar
//! 2021-2024"), the report year of a title ("Årsberetning 2024"), the year of
//! a statistics period code ("2024", "2024M01").

/// Four-digit years (1900–2099) standing alone in a text, in order:
/// "Garantiansvar 2021-2024, per 31.12.24" → [2021, 2024]. Not a year: digits
/// glued to letters ("f2024"), a group of a larger number ("1 2024", "12.2024"),
/// a number with decimals ("2024,5"); the year of a date ("31.12.2024") is one.
#[must_use]
pub fn years_in(text: &str) -> Vec<i32> {
    let chars: Vec<char> = text.chars().collect();
    let digit = |k: usize| chars.get(k).is_some_and(char::is_ascii_digit);
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while digit(i) {
            i += 1;
        }
        if i - start != 4 {
            continue;
        }
        let letter = |k: Option<usize>| {
            k.and_then(|k| chars.get(k))
                .is_some_and(|c| c.is_alphabetic())
        };
        if letter(start.checked_sub(1)) || letter(Some(i)) {
            continue;
        }
        // A decimal or thousands tail after it: "2024,5", "2024.123".
        if matches!(chars.get(i), Some(',' | '.')) && digit(i + 1) {
            continue;
        }
        // The tail of a grouped number: one separator after a group of 1–3 digits.
        if start >= 2
            && matches!(
                chars[start - 1],
                ',' | '.' | ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}'
            )
            && digit(start - 2)
        {
            let mut g = start - 1;
            while g > 0 && digit(g - 1) {
                g -= 1;
            }
            let group = start - 1 - g;
            if group <= 3 && !is_date_year(&chars, start) {
                continue;
            }
        }
        let y: String = chars[start..i].iter().collect();
        if let Ok(y) = y.parse::<i32>()
            && (1900..=2099).contains(&y)
        {
            out.push(y);
        }
    }
    out
}

/// Whether the four digits at `start` end a date "d.m.yyyy" / "dd.mm.yyyy".
fn is_date_year(chars: &[char], start: usize) -> bool {
    let digits_before = |end: usize| {
        let mut k = end;
        while k > 0 && chars[k - 1].is_ascii_digit() {
            k -= 1;
        }
        (k, end - k)
    };
    if start < 1 || chars[start - 1] != '.' {
        return false;
    }
    let (k, month) = digits_before(start - 1);
    if !(1..=2).contains(&month) || k < 1 || chars[k - 1] != '.' {
        return false;
    }
    let (d0, day) = digits_before(k - 1);
    (1..=2).contains(&day) && (d0 == 0 || !chars[d0 - 1].is_alphanumeric())
}

/// A text with its stand-alone years removed and the punctuation left at its
/// ends trimmed: "Trondheim 2024" → "Trondheim", "ASSS- gjennomsnitt 2024" →
/// "ASSS- gjennomsnitt".
#[must_use]
pub fn without_years(text: &str) -> String {
    let mut s = text.to_owned();
    for y in years_in(text) {
        s = s.replacen(&y.to_string(), " ", 1);
    }
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    s.trim_matches(|c: char| c.is_whitespace() || matches!(c, ',' | '.' | '-' | '–' | ':' | '/'))
        .to_owned()
}

/// Words that title a report of one year.
const TITLES: &[&str] = &[
    "årsberetning",
    "årsrapport",
    "årsmelding",
    "årsregnskap",
    "arsberetning",
    "arsrapport",
    "arsmelding",
    "arsregnskap",
];

/// The year a report title names: "Årsberetning 2024", "Årsrapport 2023",
/// "Årsmelding 2022", "Vedlegg til årsregnskap 2024 – tabeller",
/// "arsberetning-2024" → the year (1990–2100). "Regnskap 2024" and
/// "Årsberetningen 2024" name none.
#[must_use]
pub fn report_year(text: &str) -> Option<i32> {
    let lower = text.to_lowercase();
    let mut best: Option<(usize, i32)> = None;
    for key in TITLES {
        let mut from = 0;
        while let Some(i) = lower[from..].find(key) {
            let at = from + i;
            from = at + key.len();
            let rest = lower[from..].trim_start_matches(|c: char| {
                c.is_whitespace() || matches!(c, '-' | '–' | ':' | '(' | ',')
            });
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            if digits.len() == 4
                && let Ok(y) = digits.parse::<i32>()
                && (1990..=2100).contains(&y)
            {
                if best.is_none_or(|(b, _)| at < b) {
                    best = Some((at, y));
                }
                break;
            }
        }
    }
    best.map(|(_, y)| y)
}

/// The year of a statistics period code: its four leading digits ("2024",
/// "2024M01", "2024K3" → 2024).
#[must_use]
pub fn of_period(code: &str) -> Option<i32> {
    let head = code.get(..4)?;
    if head.bytes().all(|b| b.is_ascii_digit()) {
        head.parse().ok()
    } else {
        None
    }
}
