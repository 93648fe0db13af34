//! Property tests: numbers formatted in every Norwegian style the parser
//! supports parse back to the same value, at the printed precision.
//!
//! Styles covered: thousand groups separated by a space, no-break space
//! (U+00A0), narrow no-break space (U+202F), thin space (U+2009) or figure
//! space (U+2007), mixed within one number, or by dots ("1.234.567",
//! "1.234,5"); ungrouped digits; comma decimals (and a dot decimal for an
//! ungrouped number, "17.3"); minus as '-', U+2212, U+2013 or U+2012, with
//! or without a space after it; a leading '+'; negatives in parentheses;
//! "%" with or without a space before it; trailing footnote asterisks; and
//! whitespace around the text. Unit suffixes such as "mill. kr" are not
//! numbers for this parser (they are [`Parsed::Text`]).

use kommunetall_lexicon::number::{Parsed, continues_number, parse};
use proptest::prelude::*;

const SPACES: [char; 5] = [' ', '\u{a0}', '\u{202f}', '\u{2009}', '\u{2007}'];
const MINUS: [char; 4] = ['-', '\u{2212}', '\u{2013}', '\u{2012}'];
const NUMBERISH: &[char] = &[
    '0', '1', '5', '9', ' ', ',', '.', '\u{a0}', '\u{2212}', '(', ')', '%', '*', '+', '-', 'x',
];

#[derive(Debug, Clone)]
enum Grouping {
    /// No separators: "1234567".
    Plain,
    /// Space-like separators, one chosen per gap (indexes into `SPACES`).
    Spaces(Vec<usize>),
    /// Dots: "1.234.567".
    Dots,
}

#[derive(Debug, Clone)]
enum Sign {
    None,
    Plus,
    /// Minus character (index into `MINUS`), then optionally a space.
    Minus(usize, bool),
    Parens,
}

#[derive(Debug, Clone)]
struct Style {
    grouping: Grouping,
    /// Decimal dot instead of comma (only for ungrouped numbers).
    dot_decimal: bool,
    sign: Sign,
    /// None, "%" or " %" (with the given space).
    percent: Option<Option<usize>>,
    stars: usize,
    pad: (usize, usize),
}

fn style() -> impl Strategy<Value = Style> {
    let grouping = prop_oneof![
        Just(Grouping::Plain),
        prop::collection::vec(0..SPACES.len(), 5).prop_map(Grouping::Spaces),
        Just(Grouping::Dots),
    ];
    let sign = prop_oneof![
        Just(Sign::None),
        Just(Sign::Plus),
        (0..MINUS.len(), any::<bool>()).prop_map(|(m, s)| Sign::Minus(m, s)),
        Just(Sign::Parens),
    ];
    let percent = prop_oneof![
        Just(None),
        Just(Some(None)),
        (0..SPACES.len()).prop_map(|s| Some(Some(s))),
    ];
    (
        grouping,
        any::<bool>(),
        sign,
        percent,
        0usize..3,
        (0usize..3, 0usize..3),
    )
        .prop_map(|(grouping, dot_decimal, sign, percent, stars, pad)| Style {
            grouping,
            dot_decimal,
            sign,
            percent,
            stars,
            pad,
        })
}

/// An integer part and a fraction with `decimals` digits, together at most
/// 15 significant digits (what an f64 carries exactly through printing).
fn magnitude() -> impl Strategy<Value = (u64, u32, u64)> {
    (0u32..=4).prop_flat_map(|d| {
        let int_max = 10u64.pow(15 - d);
        let digits = prop_oneof![0..1000u64, 0..1_000_000u64, 0..int_max];
        (digits, Just(d), 0..10u64.pow(d))
    })
}

fn group(int: u64, sep: &dyn Fn(usize) -> char) -> String {
    let s = int.to_string();
    let mut out = String::new();
    let mut gap = 0;
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(sep(gap));
            gap += 1;
        }
        out.push(c);
    }
    out
}

/// Formats the number; `None` for the combinations no style prints
/// unambiguously (a single dot between groups reads as a decimal point).
fn format(int: u64, decimals: u32, frac: u64, st: &Style) -> Option<String> {
    let int_text = match &st.grouping {
        Grouping::Plain => int.to_string(),
        Grouping::Spaces(seps) => group(int, &|g| SPACES[seps[g % seps.len()]]),
        Grouping::Dots => {
            if decimals == 0 && (1000..1_000_000).contains(&int) {
                return None;
            }
            if st.dot_decimal && int >= 1000 {
                return None;
            }
            group(int, &|_| '.')
        }
    };
    if st.dot_decimal && !matches!(st.grouping, Grouping::Plain) {
        return None;
    }
    let mut body = int_text;
    if decimals > 0 {
        body.push(if st.dot_decimal { '.' } else { ',' });
        body.push_str(&format!("{frac:0w$}", w = decimals as usize));
    }
    let mut s = match st.sign {
        Sign::None => body,
        Sign::Plus => format!("+{body}"),
        Sign::Minus(m, space) => format!("{}{}{body}", MINUS[m], if space { " " } else { "" }),
        Sign::Parens => format!("({body})"),
    };
    match st.percent {
        None => {}
        Some(None) => s.push('%'),
        Some(Some(sp)) => {
            s.push(SPACES[sp]);
            s.push('%');
        }
    }
    s.push_str(&"*".repeat(st.stars));
    Some(format!(
        "{}{s}{}",
        " ".repeat(st.pad.0),
        "\t".repeat(st.pad.1)
    ))
}

fn negative(st: &Style) -> bool {
    matches!(st.sign, Sign::Minus(..) | Sign::Parens)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn formatted_numbers_parse_back((int, decimals, frac) in magnitude(), st in style()) {
        let Some(text) = format(int, decimals, frac, &st) else {
            return Ok(());
        };
        let Parsed::Number(n) = parse(&text) else {
            return Err(TestCaseError::fail(format!("{text:?} → {:?}", parse(&text))));
        };
        let printed = if decimals == 0 {
            int.to_string()
        } else {
            format!("{int}.{frac:0w$}", w = decimals as usize)
        };
        prop_assert_eq!(
            format!("{:.w$}", n.value.abs(), w = decimals as usize),
            printed,
            "{:?}",
            text
        );
        prop_assert_eq!(n.decimals, decimals, "{:?}", text);
        prop_assert_eq!(n.percent, st.percent.is_some(), "{:?}", text);
        prop_assert_eq!(n.footnote, st.stars > 0, "{:?}", text);
        if int != 0 || frac != 0 {
            prop_assert_eq!(n.value < 0.0, negative(&st), "{:?}", text);
        }
    }

    /// Space-grouped numbers cut at their first separator are recognised
    /// as one number by `continues_number` (how layout code re-joins words).
    #[test]
    fn split_groups_continue(
        (int, decimals, frac) in (1000u64..10_000_000_000, 0u32..=3).prop_flat_map(|(i, d)| (Just(i), Just(d), 0..10u64.pow(d))),
        st in style(),
    ) {
        let st = Style { grouping: Grouping::Spaces(vec![0]), dot_decimal: false, pad: (0, 0), ..st };
        let Some(text) = format(int, decimals, frac, &st) else {
            return Ok(());
        };
        let Some((left, right)) = text.split_once(' ').filter(|(l, _)| !l.ends_with(MINUS)) else {
            return Ok(());
        };
        prop_assert!(continues_number(left, right), "{:?} | {:?}", left, right);
    }

    /// Anything made of number-ish characters parses without panicking,
    /// and a number is always finite.
    #[test]
    fn numberish_text_never_panics(chars in prop::collection::vec(prop::sample::select(NUMBERISH), 0..40)) {
        let s: String = chars.into_iter().collect();
        if let Parsed::Number(n) = parse(&s) {
            prop_assert!(n.value.is_finite());
        }
    }

    /// Very long digit strings are never an infinite number.
    #[test]
    fn long_digit_strings_are_finite(
        digits in prop::collection::vec(b'0'..=b'9', 300..400),
        decimals in prop::collection::vec(b'0'..=b'9', 0..4),
    ) {
        let mut s = String::from("1");
        s.extend(digits.iter().map(|d| char::from(*d)));
        if !decimals.is_empty() {
            s.push(',');
            s.extend(decimals.iter().map(|d| char::from(*d)));
        }
        if let Parsed::Number(n) = parse(&s) {
            prop_assert!(n.value.is_finite(), "{}", s);
        }
    }
}

#[test]
fn unit_suffixes_are_not_numbers() {
    assert_eq!(parse("12 mill. kr"), Parsed::Text);
    assert_eq!(parse("12 kr"), Parsed::Text);
}

/// Regression (found by `long_digit_strings_are_finite`): a well-formed
/// digit string beyond f64's range parsed as an infinite number.
#[test]
fn digit_strings_beyond_f64_are_malformed() {
    let huge = "9".repeat(400);
    assert_eq!(parse(&huge), Parsed::Malformed);
    assert_eq!(parse(&format!("\u{2212}{huge},5 %")), Parsed::Malformed);
    let grouped = format!("1{}", " 000".repeat(120));
    assert_eq!(parse(&grouped), Parsed::Malformed);
    // The largest finite values still parse.
    assert!(parse(&"9".repeat(308)).value().is_some_and(f64::is_finite));
}
