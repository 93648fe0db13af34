//! Small helpers for building HTML by hand: escaping of document text,
//! URL fragments, compact number formatting for SVG attributes, and the
//! parse class of a cell text.

use kommunetall_lexicon::{Parsed, parse};
use kommunetall_model::{BBox, Cell};

/// Escapes text for HTML element content and (double- or single-quoted)
/// attribute values. Control characters other than tab and newline, which
/// PDFs sometimes carry, become U+FFFD.
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' | '\t' => out.push(c),
            c if c.is_control() => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// File name of a page view: "page-007.html".
#[must_use]
pub fn page_file_name(page: u32) -> String {
    format!("page-{page:03}.html")
}

/// Percent-encodes a string for use in a URL fragment (`#table-1.4`); the
/// browser decodes it again before matching element ids.
pub(crate) fn frag(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A coordinate for an SVG attribute: at most two decimals, no trailing
/// zeros; non-finite values become 0.
pub(crate) fn num(x: f64) -> String {
    if !x.is_finite() {
        return "0".to_owned();
    }
    let s = format!("{x:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" || s.is_empty() {
        "0".to_owned()
    } else {
        s.to_owned()
    }
}

/// `x=".." y=".." width=".." height=".."` of a box grown by `pad` on each
/// side (the size never negative).
pub(crate) fn rect_attrs(b: BBox, pad: f64) -> String {
    let x0 = b.x0.min(b.x1) - pad;
    let y0 = b.y0.min(b.y1) - pad;
    let w = (b.x1 - b.x0).abs() + 2.0 * pad;
    let h = (b.y1 - b.y0).abs() + 2.0 * pad;
    format!(
        r#"x="{}" y="{}" width="{}" height="{}""#,
        num(x0),
        num(y0),
        num(w.max(0.0)),
        num(h.max(0.0))
    )
}

/// How a cell text was read, which decides its colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A well-formed number (the cell has a value).
    Number,
    /// A placeholder for a missing number ("-", "..").
    Missing,
    /// Number-like text that is not a well-formed number, or a number whose
    /// value was lost.
    Malformed,
    /// Ordinary text.
    Text,
    /// Nothing printed.
    Empty,
}

impl Kind {
    /// The class of a row label.
    pub(crate) fn of_text(text: &str) -> Kind {
        match parse(text) {
            Parsed::Empty => Kind::Empty,
            Parsed::Number(_) => Kind::Number,
            Parsed::Missing => Kind::Missing,
            Parsed::Malformed => Kind::Malformed,
            Parsed::Text => Kind::Text,
        }
    }

    /// The class of a value cell: its stored value decides first (that is
    /// what the warehouse gets); a text that parses as a number but has no
    /// value is an extraction error and counts as malformed.
    pub(crate) fn of_cell(c: &Cell) -> Kind {
        if c.value.is_some() {
            return Kind::Number;
        }
        match Kind::of_text(&c.text) {
            Kind::Number => Kind::Malformed,
            k => k,
        }
    }

    /// Lower-case name, used in `data-kind` attributes and the legend.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Kind::Number => "number",
            Kind::Missing => "missing",
            Kind::Malformed => "malformed",
            Kind::Text => "text",
            Kind::Empty => "empty",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_controls() {
        assert_eq!(
            esc(r#"<a href='x'>&"</a>"#),
            "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;"
        );
        assert_eq!(esc("a\u{0}b\u{7}c"), "a\u{fffd}b\u{fffd}c");
        assert_eq!(esc("Årsverk 2024"), "Årsverk 2024");
    }

    #[test]
    fn fragments_and_numbers() {
        assert_eq!(frag("table-1.4"), "table-1.4");
        assert_eq!(frag("a b/å"), "a%20b%2F%C3%A5");
        assert_eq!(num(10.0), "10");
        assert_eq!(num(0.004), "0");
        assert_eq!(num(-0.001), "0");
        assert_eq!(num(12.345), "12.35");
        assert_eq!(num(12.5), "12.5");
        assert_eq!(num(f64::NAN), "0");
    }

    #[test]
    fn kinds() {
        let cell = |text: &str, value: Option<f64>| Cell {
            text: text.into(),
            value,
            ..Cell::default()
        };
        assert_eq!(Kind::of_cell(&cell("1 234", Some(1234.0))), Kind::Number);
        assert_eq!(Kind::of_cell(&cell("..", None)), Kind::Missing);
        assert_eq!(Kind::of_cell(&cell("11 2885", None)), Kind::Malformed);
        assert_eq!(Kind::of_cell(&cell("1 234", None)), Kind::Malformed);
        assert_eq!(Kind::of_cell(&cell("Oppvekst", None)), Kind::Text);
        assert_eq!(Kind::of_cell(&cell("", None)), Kind::Empty);
    }
}
