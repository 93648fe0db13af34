//! Numbers as Norwegian reports print them.
//!
//! One parser for every source (PDF text, spreadsheet text cells): thousand
//! separators are spaces (also no-break and thin spaces) or dots, the decimal
//! separator is a comma, minus is U+2212 or a hyphen, percentages carry "%",
//! footnote markers ("116,0*") are stripped, and the usual placeholders ("..",
//! "N/A", "-") mean "no number". A string that looks like a number but is not
//! well-formed ("11 2885") is [`Parsed::Malformed`], never a guess.
//!
//! ```
//! use kommunetall_lexicon::{parse, Parsed};
//! assert_eq!(parse("−5 253").value(), Some(-5253.0));
//! assert_eq!(parse("2 067,2").value(), Some(2067.2));
//! assert!(matches!(parse("11 2885"), Parsed::Malformed));
//! ```

/// A well-formed number.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Number {
    /// The value as printed (a percentage stays 19 for "19 %").
    pub value: f64,
    /// Printed with a "%" sign.
    pub percent: bool,
    /// Digits after the decimal separator (printed precision).
    pub decimals: u32,
    /// A footnote marker ("*", "**") followed the number.
    pub footnote: bool,
}

/// What a printed cell text denotes.
///
/// A [`Parsed::Number`] always has a finite value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Parsed {
    /// Empty or whitespace.
    Empty,
    /// A number.
    Number(Number),
    /// A placeholder for a missing or not applicable number: "..", "...", ".", ":", "-", "–", "N/A", "x".
    Missing,
    /// Looks like a number but is not well-formed ("11 2885", "1,2,3").
    Malformed,
    /// Ordinary text.
    Text,
}

impl Parsed {
    /// The number's value, when the text is a well-formed number.
    #[must_use]
    pub fn value(&self) -> Option<f64> {
        match self {
            Parsed::Number(n) => Some(n.value),
            _ => None,
        }
    }
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}' | '\u{2007}')
}

/// A text without the superscript note marks it ends with ("2024¹" →
/// "2024").
#[must_use]
pub fn without_note_marks(text: &str) -> &str {
    text.trim_end_matches(is_superscript_mark)
}

/// A superscript digit or parenthesis: a note mark set against a number.
fn is_superscript_mark(c: char) -> bool {
    matches!(
        c,
        '\u{b9}' | '\u{b2}' | '\u{b3}' | '\u{2070}' | '\u{2074}'..='\u{2079}' | '\u{207e}'
    )
}

fn is_minus(c: char) -> bool {
    matches!(c, '-' | '\u{2212}' | '\u{2013}' | '\u{2012}')
}

const PLACEHOLDERS: &[&str] = &[
    "..", "...", ".", ":", "-", "\u{2212}", "\u{2013}", "\u{2014}", "n/a", "na", "x", "*",
];

/// Parses one cell text.
#[must_use]
pub fn parse(text: &str) -> Parsed {
    let t = text.trim_matches(|c: char| c.is_whitespace() || is_space(c));
    if t.is_empty() {
        return Parsed::Empty;
    }
    if PLACEHOLDERS.contains(&t.to_lowercase().as_str()) {
        return Parsed::Missing;
    }
    // Footnote markers: trailing asterisks and superscript marks ("12,5¹",
    // "4 000⁾"; a trailing ")" in the line of the digits is not handled on
    // purpose: it may close a negative "(1 234)").
    let stripped = t.trim_end_matches(|c: char| c == '*' || is_superscript_mark(c));
    let footnote = stripped.len() != t.len();
    let mut s = stripped.trim_end_matches(|c: char| is_space(c));
    let mut percent = false;
    if let Some(rest) = s.strip_suffix('%') {
        percent = true;
        s = rest.trim_end_matches(|c: char| is_space(c));
    }
    let mut neg = false;
    let mut body = s;
    if let Some(inner) = s.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        neg = true;
        body = inner;
    }
    let mut chars = body.chars();
    match chars.next() {
        Some(c) if is_minus(c) => {
            neg = !neg;
            body = chars.as_str().trim_start_matches(|c: char| is_space(c));
        }
        Some('+') => body = chars.as_str(),
        _ => {}
    }
    if body.is_empty()
        || !body
            .chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '.' || is_space(c))
    {
        return if looks_numeric_junk(t) {
            Parsed::Malformed
        } else {
            Parsed::Text
        };
    }
    if !body.starts_with(|c: char| c.is_ascii_digit()) {
        // ",5" is accepted as 0,5 elsewhere but is almost always a typo here.
        return Parsed::Malformed;
    }
    if !neg && !percent && is_date(body) {
        return Parsed::Text;
    }
    match number_body(body) {
        // A well-formed number too large for an f64 (hundreds of digits)
        // would be infinite: no real report prints one, so it is malformed.
        Some((value, decimals)) if value.is_finite() => Parsed::Number(Number {
            value: if neg { -value } else { value },
            percent,
            decimals,
            footnote,
        }),
        _ => Parsed::Malformed,
    }
}

/// How a document writes its numbers. Norwegian reports group thousands
/// with spaces (or dots) and mark decimals with a comma: "1 234,5". A
/// document printed under an English locale (a spreadsheet printed on a
/// machine set up in English) groups with commas and marks decimals with a
/// dot: "1,234.5", where the Norwegian reading of "4,893" is a wrong number,
/// a thousand times too small.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Convention {
    /// "1 234,5".
    #[default]
    Norwegian,
    /// "1,234.5".
    English,
}

/// Parses one cell text written in `convention`. Under
/// [`Convention::English`] commas group thousands (groups of three, as
/// spaces must) and a dot marks decimals: "4,893" is 4 893, "477.5" is
/// 477,5, and "12,5" is malformed. Text stays text.
#[must_use]
pub fn parse_in(text: &str, convention: Convention) -> Parsed {
    let norwegian = parse(text);
    match (convention, norwegian) {
        (Convention::Norwegian, p) | (_, p @ (Parsed::Text | Parsed::Empty | Parsed::Missing)) => p,
        (Convention::English, _) => {
            let swapped: String = text
                .chars()
                .map(|c| match c {
                    ',' => ' ',
                    '.' => ',',
                    c => c,
                })
                .collect();
            match parse(&swapped) {
                p @ Parsed::Number(_) => p,
                _ => Parsed::Malformed,
            }
        }
    }
}

/// What numbers show of how they are written: how many only the Norwegian
/// way can write ("1 234", "12,5", "1.234,5"), of those how many with a
/// decimal comma or dots grouping thousands ("12,5", "1.234.567"), and how
/// many only the English way ("1,234,567", "1,234.5", "12.5").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Evidence {
    /// Numbers only the Norwegian convention writes.
    pub norwegian: usize,
    /// Of those, numbers with a decimal comma or dot groups (spaces group
    /// thousands under a decimal point too: "369 521" beside "32.681").
    pub comma_decimals: usize,
    /// Numbers only the English convention writes.
    pub english: usize,
}

impl Evidence {
    /// The evidence of the cell texts `texts`.
    pub fn of<'a>(texts: impl IntoIterator<Item = &'a str>) -> Evidence {
        let mut e = Evidence::default();
        for t in texts {
            match written(t) {
                Some(Convention::English) => e.english += 1,
                Some(Convention::Norwegian) => {
                    e.norwegian += 1;
                    if t.contains([',', '.']) {
                        e.comma_decimals += 1;
                    }
                }
                None => {}
            }
        }
        e
    }

    /// The convention these numbers (a document's cells) are written in:
    /// [`Convention::English`] where English-only numbers ("1,234,567",
    /// "1,234.5", "12.5") stand at least three times and ten times as often
    /// as Norwegian-only ones ("1 234", "12,5", "1.234,5"); Norwegian
    /// otherwise, and always where the evidence is thin.
    #[must_use]
    pub fn convention(&self) -> Convention {
        if self.english >= 3 && self.english > 10 * self.norwegian {
            Convention::English
        } else {
            Convention::Norwegian
        }
    }

    /// Whether a lone dot before three digits ("9.716") groups thousands
    /// where these numbers stand: where decimal commas or dot groups stand
    /// ("142,8") and no decimal point does ("8043.5").
    fn dot_groups(&self) -> bool {
        self.comma_decimals > 0 && self.english == 0
    }
}

/// Whether `text` is a number whose one separator is a dot before three
/// digits ("9.716", "-19.533"): 9 716 where the dot groups thousands, 9,716
/// where it marks decimals.
#[must_use]
pub fn dot_ambiguous(text: &str) -> bool {
    let Some((int, frac)) = digits_of(text).split_once('.') else {
        return false;
    };
    (1..=3).contains(&int.len())
        && frac.len() == 3
        && int.chars().chain(frac.chars()).all(|c| c.is_ascii_digit())
}

/// Reads a cell in the Norwegian convention, a lone dot before three digits
/// ([`dot_ambiguous`]) as its table's numbers show: thousands where they
/// carry decimal commas and no decimal point ("9.716" beside "142,8" is
/// 9 716), a decimal point otherwise ("32.681" beside "369 521").
#[must_use]
pub fn parse_beside(text: &str, table: Evidence) -> Parsed {
    if dot_ambiguous(text) && table.dot_groups() {
        parse(&text.replace('.', " "))
    } else {
        parse(text)
    }
}

/// A number's digits and separators: its text without the spaces around
/// it, its sign or parentheses, its "%" and note marks.
fn digits_of(text: &str) -> &str {
    text.trim_matches(|c: char| c.is_whitespace() || is_space(c))
        .trim_start_matches(|c: char| is_minus(c) || c == '(' || c == '+')
        .trim_end_matches(|c: char| {
            c == ')' || c == '%' || c == '*' || is_space(c) || is_superscript_mark(c)
        })
}

/// The convention a number's text can only be written in, if one.
fn written(text: &str) -> Option<Convention> {
    let body = digits_of(text);
    if body.is_empty()
        || !body.starts_with(|c: char| c.is_ascii_digit())
        || !body.ends_with(|c: char| c.is_ascii_digit())
        || !body
            .chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '.' || is_space(c))
    {
        return None;
    }
    let groups_of_three = |s: &str, sep: fn(char) -> bool| {
        let parts: Vec<&str> = s.split(sep).collect();
        parts.len() >= 2
            && (1..=3).contains(&parts[0].len())
            && parts[1..].iter().all(|p| p.len() == 3)
            && parts.iter().all(|p| p.chars().all(|c| c.is_ascii_digit()))
    };
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    let (commas, dots) = (body.matches(',').count(), body.matches('.').count());
    if body.chars().any(is_space) {
        // "1 234" or "1 234,5": spaces group thousands only in Norwegian.
        let int = body.split(',').next().unwrap_or(body);
        return (commas <= 1 && dots == 0 && groups_of_three(int, is_space))
            .then_some(Convention::Norwegian);
    }
    match (commas, dots) {
        // "12,5", "0,25": a decimal comma (three digits after it may be
        // either).
        (1, 0) => {
            let (a, b) = body.split_once(',')?;
            (digits(a) && digits(b) && b.len() != 3).then_some(Convention::Norwegian)
        }
        // "12.5": a decimal point; "1.234" may be either.
        (0, 1) => {
            let (a, b) = body.split_once('.')?;
            (digits(a) && digits(b) && b.len() != 3).then_some(Convention::English)
        }
        // "1,234,567".
        (c, 0) if c >= 2 => groups_of_three(body, |c| c == ',').then_some(Convention::English),
        // "1.234.567" (dots group) or "1.234,5".
        (0, d) if d >= 2 => groups_of_three(body, |c| c == '.').then_some(Convention::Norwegian),
        _ => {
            let (ci, di) = (body.find(',')?, body.find('.')?);
            if ci < di {
                // "1,234.5"
                let (int, frac) = body.rsplit_once('.')?;
                (groups_of_three(int, |c| c == ',') && digits(frac)).then_some(Convention::English)
            } else {
                // "1.234,5"
                let (int, frac) = body.rsplit_once(',')?;
                (groups_of_three(int, |c| c == '.') && digits(frac))
                    .then_some(Convention::Norwegian)
            }
        }
    }
}

/// Whether a placeholder is a printed nil: a dash alone ("-", "–", "—",
/// "−"), which statistical and accounting tables print for "nothing", zero
/// in a sum. Other placeholders ("..", ":", "x", "N/A") mean the number is
/// not available and stay unknown.
#[must_use]
pub fn is_nil(text: &str) -> bool {
    let t = text.trim_matches(|c: char| c.is_whitespace() || is_space(c));
    matches!(t, "-" | "\u{2013}" | "\u{2014}" | "\u{2212}")
}

/// A Norwegian date, "08.10.24" or "8.10.2024" (day.month.year): text, not a
/// malformed number.
#[must_use]
pub fn is_date(body: &str) -> bool {
    let parts: Vec<&str> = body.split('.').collect();
    let [d, m, y] = parts.as_slice() else {
        return false;
    };
    let num = |p: &str, lens: &[usize]| {
        (lens.contains(&p.len()) && p.chars().all(|c| c.is_ascii_digit()))
            .then(|| p.parse::<u32>().ok())
            .flatten()
    };
    matches!(
        (num(d, &[1, 2]), num(m, &[1, 2]), num(y, &[2, 4])),
        (Some(1..=31), Some(1..=12), Some(_))
    )
}

/// Text that mixes digits with number punctuation in a way no format allows.
fn looks_numeric_junk(t: &str) -> bool {
    let digits = t.chars().filter(char::is_ascii_digit).count();
    let letters = t.chars().filter(|c| c.is_alphabetic()).count();
    let other = t
        .chars()
        .filter(|c| {
            !c.is_ascii_digit()
                && !is_space(*c)
                && !matches!(c, ',' | '.' | '%' | '*' | '+' | '(' | ')')
                && !is_minus(*c)
        })
        .count();
    // A dash between digits is a range ("2018-2024"), which is text.
    let inner_dash = t.chars().skip(1).any(is_minus);
    digits > 0 && letters == 0 && other == 0 && !inner_dash
}

/// Integer part with optional grouping, then an optional decimal part.
fn number_body(body: &str) -> Option<(f64, u32)> {
    let (int_part, frac) = match (body.matches(',').count(), body.matches('.').count()) {
        (0, 0) => (body, None),
        (1, 0) => split_once_char(body, ','),
        (0, 1) => {
            // A single dot: a decimal point ("17.3"), unless it groups thousands
            // with spaces elsewhere, which no format does.
            split_once_char(body, '.')
        }
        (1, d) if d >= 1 => {
            // "1.234,5": dots group thousands.
            let (i, f) = split_once_char(body, ',');
            return grouped(i, '.').and_then(|iv| frac_value(f?).map(|(fv, n)| (iv + fv, n)));
        }
        (0, _) => return grouped(body, '.').map(|v| (v, 0)),
        _ => return None,
    };
    let iv = if int_part.chars().any(is_space) {
        grouped_spaces(int_part)?
    } else {
        plain_digits(int_part)?
    };
    match frac {
        None => Some((iv, 0)),
        Some(f) => frac_value(f).map(|(fv, n)| (iv + fv, n)),
    }
}

fn split_once_char(s: &str, c: char) -> (&str, Option<&str>) {
    match s.split_once(c) {
        Some((a, b)) => (a, Some(b)),
        None => (s, None),
    }
}

fn plain_digits(s: &str) -> Option<f64> {
    if s.is_empty() || !s.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    s.parse::<f64>().ok()
}

fn frac_value(f: &str) -> Option<(f64, u32)> {
    if f.is_empty() || !f.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let n = u32::try_from(f.len()).ok()?;
    let v: f64 = format!("0.{f}").parse().ok()?;
    Some((v, n))
}

/// "1 023 864": first group 1–3 digits, the rest exactly 3, single separators.
fn grouped_spaces(s: &str) -> Option<f64> {
    let groups: Vec<&str> = s.split(is_space).collect();
    check_groups(&groups)
}

fn grouped(s: &str, sep: char) -> Option<f64> {
    let groups: Vec<&str> = s.split(sep).collect();
    check_groups(&groups)
}

/// Most thousand groups one amount may have: five is up to 10^15, beyond
/// any figure a report prints. More are numbers of neighbouring cells set
/// so close that their spaces cannot be told apart ("2 160 000 1 268 000"),
/// read as malformed, never as one huge amount.
const MAX_GROUPS: usize = 5;

fn check_groups(groups: &[&str]) -> Option<f64> {
    if groups.len() > MAX_GROUPS {
        return None;
    }
    let (first, rest) = groups.split_first()?;
    if first.is_empty() || first.len() > 3 || !first.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    if rest
        .iter()
        .any(|g| g.len() != 3 || !g.chars().all(|c| c.is_ascii_digit()))
    {
        return None;
    }
    groups.concat().parse::<f64>().ok()
}

/// Whether `left` followed by `right` (separated by one space in print) can be one
/// number whose thousand separator is that space: "5" + "253", "−2" + "067,2", "1 023" + "864".
/// Used by layout code to join words before parsing.
#[must_use]
pub fn continues_number(left: &str, right: &str) -> bool {
    let l = left.trim_end_matches('*');
    let last_group_ok = {
        let tail: String = l.chars().rev().take_while(char::is_ascii_digit).collect();
        !tail.is_empty() && tail.len() <= 3 && l.chars().last().is_some_and(|c| c.is_ascii_digit())
    };
    if !last_group_ok || l.contains(',') || l.contains('%') {
        return false;
    }
    let head: String = right.chars().take_while(char::is_ascii_digit).collect();
    if head.len() != 3 {
        return false;
    }
    matches!(parse(&format!("{l} {right}")), Parsed::Number(_))
}

#[cfg(test)]
mod tests {
    #[test]
    fn english_numbers_read_in_their_own_convention() {
        use super::{Convention::*, Evidence, parse_in};
        let convention_of = |texts: &[&str]| Evidence::of(texts.iter().copied()).convention();
        let v = |t: &str| parse_in(t, English).value();
        assert_eq!(v("-4,893"), Some(-4893.0));
        assert_eq!(v("1,234,567"), Some(1_234_567.0));
        assert_eq!(v("1,234.5"), Some(1234.5));
        assert_eq!(v("477.5"), Some(477.5));
        assert_eq!(v("74%"), Some(74.0));
        assert_eq!(v("12,5"), None);
        assert_eq!(v("1,23"), None);
        assert_eq!(parse_in("Sum", English), super::Parsed::Text);
        assert_eq!(parse_in("4,893", Norwegian).value(), Some(4.893));
        // A spreadsheet printed in English: groups and decimal points.
        let printed = [
            "-4,893", "-713", "477.5", "-19,472", "13.0", "1,601.4", "-1",
        ];
        assert_eq!(convention_of(&printed), English);
        // Norwegian: spaces and decimal commas, whatever else.
        let report = ["-4 893", "477,5", "2 067,2", "12.5", "1.5", "4,893"];
        assert_eq!(convention_of(&report), Norwegian);
        // Too little to tell: Norwegian.
        assert_eq!(convention_of(&["4,893", "12.5"]), Norwegian);
        assert_eq!(convention_of(&["-713", "4,893", "8,151"]), Norwegian);
    }

    #[test]
    fn a_lone_dot_before_three_digits_reads_as_its_neighbours_show() {
        use super::{Evidence, parse_beside};
        let beside =
            |t: &str, table: &[&str]| parse_beside(t, Evidence::of(table.iter().copied())).value();
        // Beside decimal commas: the dot groups thousands.
        assert_eq!(beside("9.716", &["142,8", "0,9"]), Some(9716.0));
        assert_eq!(beside("-19.533", &["1 234,5"]), Some(-19533.0));
        // Beside decimal points, or spaces grouping thousands only: a
        // decimal point.
        assert_eq!(
            beside("22.032", &["8043.5", "0.1452", "12,5"]),
            Some(22.032)
        );
        assert_eq!(beside("32.681", &["369 521", "11 307"]), Some(32.681));
        assert_eq!(beside("9.716", &[]), Some(9.716));
        // Nothing else changes.
        assert_eq!(beside("17.3", &["12,5"]), Some(17.3));
        assert_eq!(beside("1.234.567", &[]), Some(1_234_567.0));
    }

    #[test]
    fn dates_are_text_not_malformed_numbers() {
        for d in ["08.10.24", "8.10.2024", "31.12.2023", "1.1.24"] {
            assert_eq!(parse(d), Parsed::Text, "{d}");
        }
        // Not dates: still numbers or malformed.
        assert!(matches!(parse("1.234.567"), Parsed::Number(_)));
        assert_eq!(parse("32.13.24"), Parsed::Malformed);
    }

    use super::*;

    fn v(s: &str) -> Option<f64> {
        parse(s).value()
    }

    #[test]
    fn norwegian_formats() {
        assert_eq!(v("−5 253"), Some(-5253.0));
        assert_eq!(v("-2 982"), Some(-2982.0));
        assert_eq!(v("2 067,2"), Some(2067.2));
        assert_eq!(v("0,0"), Some(0.0));
        assert_eq!(v("1 023 864"), Some(1_023_864.0));
        assert_eq!(v("1\u{a0}023"), Some(1023.0));
        assert_eq!(v("2591"), Some(2591.0));
        assert_eq!(v("−0,9"), Some(-0.9));
        assert_eq!(v("1.234,5"), Some(1234.5));
        assert_eq!(v("17.3"), Some(17.3));
        assert_eq!(v("(12)"), Some(-12.0));
    }

    #[test]
    fn percent_and_footnotes() {
        let Parsed::Number(n) = parse("19 %") else {
            panic!("not a number")
        };
        assert!(n.percent);
        assert_eq!(n.value, 19.0);
        let Parsed::Number(n) = parse("63%") else {
            panic!("not a number")
        };
        assert!(n.percent && n.value == 63.0);
        let Parsed::Number(n) = parse("116,0*") else {
            panic!("not a number")
        };
        assert!(n.footnote && n.value == 116.0 && n.decimals == 1);
        assert_eq!(v("-1,6 %"), Some(-1.6));
        // Superscript note marks, as the grid writes a raised mark set
        // against a number's digits.
        let Parsed::Number(n) = parse("1 300 000\u{b9}") else {
            panic!("not a number")
        };
        assert!(n.footnote && n.value == 1_300_000.0);
        assert_eq!(v("12,5\u{b3}\u{207e}"), Some(12.5));
        assert_eq!(v("\u{2212}4 000\u{2074}"), Some(-4000.0));
    }

    #[test]
    fn placeholders_text_and_malformed() {
        for s in ["N/A", "..", "...", "-", "–", ":"] {
            assert_eq!(parse(s), Parsed::Missing, "{s}");
        }
        assert_eq!(parse("  "), Parsed::Empty);
        assert_eq!(parse("Rammetilskudd"), Parsed::Text);
        assert_eq!(parse("21 prosent"), Parsed::Text);
        assert_eq!(parse("11 2885"), Parsed::Malformed);
        assert_eq!(parse("1 23"), Parsed::Malformed);
        // Neighbouring cells run together, not one amount of 10^18.
        assert_eq!(parse("1 871 000 633 000 485"), Parsed::Malformed);
        assert_eq!(
            parse("20 000 000 000 000").value(),
            Some(20_000_000_000_000.0)
        );
        assert_eq!(parse("1,2,3"), Parsed::Malformed);
        assert_eq!(parse("12.12.24"), Parsed::Text); // a date
        assert_eq!(parse("2018-2024"), Parsed::Text);
    }

    #[test]
    fn joining_thousand_groups() {
        assert!(continues_number("5", "253"));
        assert!(continues_number("−2", "067,2"));
        assert!(continues_number("1 023", "864"));
        assert!(!continues_number("2023", "2024"));
        assert!(!continues_number("36", "33"));
        assert!(!continues_number("3,5", "100"));
        assert!(!continues_number("Sum", "100"));
    }
}
