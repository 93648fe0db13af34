//! The standard 14 fonts: built-in metrics for fonts that come without
//! `/Widths` (and without an embedded font program).
//!
//! The tables live in the generated `std14_data` module (see
//! `tools/gen_std14.py`). Lookup follows poppler, whose `pdftotext` is our
//! reference: a base font name matches after removing spaces, either exactly
//! or through the usual aliases ("Arial,Bold" → Helvetica-Bold,
//! "TimesNewRomanPSMT" → Times-Roman, ...); any other simple font without
//! widths is measured with a substitute chosen from its descriptor flags.

use crate::std14_data as data;

/// Metrics of one standard font.
#[derive(Debug)]
pub(crate) struct Std14Font {
    /// The PostScript name ("Helvetica-Bold").
    pub name: &'static str,
    /// Glyph names, sorted bytewise.
    glyphs: &'static [&'static str],
    /// Advance widths (1/1000 em), parallel to `glyphs`.
    widths: &'static [u16],
    /// The font's built-in encoding (glyph name per code, "" = none).
    pub encoding: &'static [&'static str; 256],
}

impl Std14Font {
    /// Advance width of a glyph in 1/1000 em.
    pub(crate) fn width(&self, glyph: &str) -> Option<f64> {
        self.glyphs
            .binary_search(&glyph)
            .ok()
            .and_then(|i| self.widths.get(i))
            .map(|w| f64::from(*w))
    }

    /// Ascent and descent as fractions of the font size (descent negative).
    pub(crate) fn ascent_descent(&self) -> (f64, f64) {
        data::ASCENT_DESCENT
            .iter()
            .find(|(n, _, _)| *n == self.name)
            .map_or((0.95, -0.35), |(_, a, d)| {
                (0.001 * f64::from(*a), 0.001 * f64::from(*d))
            })
    }

    /// Whether the built-in encoding is StandardEncoding (the Latin fonts).
    pub(crate) fn has_standard_encoding(&self) -> bool {
        std::ptr::eq(self.encoding, &data::STANDARD_ENCODING)
    }
}

const fn latin(name: &'static str, widths: &'static [u16]) -> Std14Font {
    Std14Font {
        name,
        glyphs: &data::LATIN_GLYPHS,
        widths,
        encoding: &data::STANDARD_ENCODING,
    }
}

/// The 14 fonts in poppler's substitution order: fixed-pitch, sans-serif,
/// serif (each regular, italic, bold, bold italic), then Symbol and
/// ZapfDingbats.
static FONTS: [Std14Font; 14] = [
    latin("Courier", &data::COURIER_WIDTHS),
    latin("Courier-Oblique", &data::COURIER_OBLIQUE_WIDTHS),
    latin("Courier-Bold", &data::COURIER_BOLD_WIDTHS),
    latin("Courier-BoldOblique", &data::COURIER_BOLD_OBLIQUE_WIDTHS),
    latin("Helvetica", &data::HELVETICA_WIDTHS),
    latin("Helvetica-Oblique", &data::HELVETICA_OBLIQUE_WIDTHS),
    latin("Helvetica-Bold", &data::HELVETICA_BOLD_WIDTHS),
    latin(
        "Helvetica-BoldOblique",
        &data::HELVETICA_BOLD_OBLIQUE_WIDTHS,
    ),
    latin("Times-Roman", &data::TIMES_ROMAN_WIDTHS),
    latin("Times-Italic", &data::TIMES_ITALIC_WIDTHS),
    latin("Times-Bold", &data::TIMES_BOLD_WIDTHS),
    latin("Times-BoldItalic", &data::TIMES_BOLD_ITALIC_WIDTHS),
    Std14Font {
        name: "Symbol",
        glyphs: &data::SYMBOL_GLYPHS,
        widths: &data::SYMBOL_WIDTHS,
        encoding: &data::SYMBOL_ENCODING,
    },
    Std14Font {
        name: "ZapfDingbats",
        glyphs: &data::ZAPF_DINGBATS_GLYPHS,
        widths: &data::ZAPF_DINGBATS_WIDTHS,
        encoding: &data::ZAPF_DINGBATS_ENCODING,
    },
];

/// Style offsets within a family in [`FONTS`].
const ITALIC: usize = 1;
const BOLD: usize = 2;
/// Family offsets in [`FONTS`].
const COURIER: usize = 0;
const HELVETICA: usize = 4;
const TIMES: usize = 8;
const SYMBOL: usize = 12;
const ZAPF_DINGBATS: usize = 13;

/// Index into [`FONTS`] for a base font name without spaces: the 14 names
/// themselves plus the aliases poppler accepts (PDF 1.4 implementation
/// note 44 and common TrueType names).
fn index(name: &str) -> Option<usize> {
    let i = match name {
        "Courier" | "CourierNew" | "CourierNewPSMT" => COURIER,
        "Courier-Oblique"
        | "Courier,Italic"
        | "CourierNew,Italic"
        | "CourierNew-Italic"
        | "CourierNewPS-ItalicMT" => COURIER + ITALIC,
        "Courier-Bold"
        | "Courier,Bold"
        | "CourierNew,Bold"
        | "CourierNew-Bold"
        | "CourierNewPS-BoldMT" => COURIER + BOLD,
        "Courier-BoldOblique"
        | "Courier,BoldItalic"
        | "CourierNew,BoldItalic"
        | "CourierNew-BoldItalic"
        | "CourierNewPS-BoldItalicMT" => COURIER + BOLD + ITALIC,
        "Helvetica" | "Arial" | "ArialMT" => HELVETICA,
        "Helvetica-Oblique" | "Helvetica-Italic" | "Helvetica,Italic" | "Arial,Italic"
        | "Arial-Italic" | "Arial-ItalicMT" => HELVETICA + ITALIC,
        "Helvetica-Bold" | "Helvetica,Bold" | "Arial,Bold" | "Arial-Bold" | "Arial-BoldMT" => {
            HELVETICA + BOLD
        }
        "Helvetica-BoldOblique"
        | "Helvetica-BoldItalic"
        | "Helvetica,BoldItalic"
        | "Arial,BoldItalic"
        | "Arial-BoldItalic"
        | "Arial-BoldItalicMT" => HELVETICA + BOLD + ITALIC,
        "Times-Roman" | "TimesNewRoman" | "TimesNewRomanPS" | "TimesNewRomanPSMT" => TIMES,
        "Times-Italic"
        | "TimesNewRoman,Italic"
        | "TimesNewRoman-Italic"
        | "TimesNewRomanPS-Italic"
        | "TimesNewRomanPS-ItalicMT"
        | "TimesNewRomanPSMT,Italic" => TIMES + ITALIC,
        "Times-Bold"
        | "TimesNewRoman,Bold"
        | "TimesNewRoman-Bold"
        | "TimesNewRomanPS-Bold"
        | "TimesNewRomanPS-BoldMT"
        | "TimesNewRomanPSMT,Bold" => TIMES + BOLD,
        "Times-BoldItalic"
        | "TimesNewRoman,BoldItalic"
        | "TimesNewRoman-BoldItalic"
        | "TimesNewRomanPS-BoldItalic"
        | "TimesNewRomanPS-BoldItalicMT"
        | "TimesNewRomanPSMT,BoldItalic" => TIMES + BOLD + ITALIC,
        "Symbol"
        | "Symbol,Bold"
        | "Symbol,Italic"
        | "Symbol,BoldItalic"
        | "SymbolMT"
        | "SymbolMT,Bold"
        | "SymbolMT,Italic"
        | "SymbolMT,BoldItalic" => SYMBOL,
        "ZapfDingbats" => ZAPF_DINGBATS,
        _ => return None,
    };
    Some(i)
}

/// The standard font a base font name denotes (spaces are ignored, a subset
/// prefix is not stripped), if any.
pub(crate) fn lookup(base_font: &str) -> Option<&'static Std14Font> {
    let name: String = base_font.chars().filter(|c| *c != ' ').collect();
    index(&name).and_then(|i| FONTS.get(i))
}

/// The substitute for a non-standard simple font without `/Widths`, chosen
/// like poppler from the descriptor flags (fixed-pitch, serif, italic,
/// force-bold).
pub(crate) fn substitute(flags: u32) -> &'static Std14Font {
    let family = if flags & 1 != 0 {
        COURIER
    } else if flags & 2 != 0 {
        TIMES
    } else {
        HELVETICA
    };
    let bold = if flags & (1 << 18) != 0 { BOLD } else { 0 };
    let italic = if flags & (1 << 6) != 0 { ITALIC } else { 0 };
    &FONTS[family + bold + italic]
}

/// Glyph names of a named base encoding. StandardEncoding is not listed: like
/// poppler, an explicit `/StandardEncoding` counts as no base encoding (the
/// font's own encoding applies). MacExpertEncoding names no glyph of the
/// standard fonts, so it yields an empty table.
pub(crate) fn named_encoding(name: &[u8]) -> Option<&'static [&'static str; 256]> {
    static EMPTY: [&str; 256] = [""; 256];
    match name {
        b"WinAnsiEncoding" => Some(&data::WIN_ANSI_ENCODING),
        b"MacRomanEncoding" => Some(&data::MAC_ROMAN_ENCODING),
        b"MacExpertEncoding" => Some(&EMPTY),
        _ => None,
    }
}

/// StandardEncoding as glyph names.
pub(crate) fn standard_encoding() -> &'static [&'static str; 256] {
    &data::STANDARD_ENCODING
}

/// WinAnsiEncoding as glyph names.
pub(crate) fn win_ansi_encoding() -> &'static [&'static str; 256] {
    &data::WIN_ANSI_ENCODING
}

/// Advance width (1/1000 em) of `glyph_name` in the standard-14 font named
/// `base_font`, as PDF viewers use it for a font without `/Widths`.
///
/// `base_font` is a `/BaseFont` name: one of the 14 standard names
/// ("Helvetica", "Times-Bold", "Courier-Oblique", "Symbol", ...) or a common
/// alias ("Arial" / "ArialMT" → Helvetica, "TimesNewRoman" /
/// "TimesNewRomanPSMT" → Times-Roman, "CourierNew" → Courier, with their
/// ",Bold" / "-BoldMT" / "-ItalicMT" ... variants). `glyph_name` is a
/// PostScript glyph name ("A", "comma", "aring"). Returns `None` for other
/// fonts and for glyphs the font does not have.
///
/// ```
/// assert_eq!(kommunetall_pdf::std14_width("Helvetica", "A"), Some(667.0));
/// assert_eq!(kommunetall_pdf::std14_width("Arial,Bold", "comma"), Some(278.0));
/// assert_eq!(kommunetall_pdf::std14_width("Verdana", "A"), None);
/// ```
pub fn std14_width(base_font: &str, glyph_name: &str) -> Option<f64> {
    lookup(base_font)?.width(glyph_name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_consistent() {
        for (font, (name, _, _)) in FONTS.iter().zip(data::ASCENT_DESCENT.iter()) {
            assert_eq!(font.name, *name);
            assert_eq!(font.glyphs.len(), font.widths.len());
            assert!(font.glyphs.windows(2).all(|w| w[0] < w[1]), "{name}");
            assert_eq!(lookup(font.name).map(|f| f.name), Some(font.name));
        }
    }

    #[test]
    fn known_widths() {
        assert_eq!(std14_width("Helvetica", "space"), Some(278.0));
        assert_eq!(std14_width("Helvetica-Bold", "W"), Some(944.0));
        assert_eq!(std14_width("Times-Roman", "a"), Some(444.0));
        assert_eq!(std14_width("Times-Bold", "zero"), Some(500.0));
        assert_eq!(std14_width("Times-Italic", "f"), Some(278.0));
        assert_eq!(std14_width("Courier-BoldOblique", "m"), Some(600.0));
        assert_eq!(std14_width("Symbol", "alpha"), Some(631.0));
        assert_eq!(std14_width("ZapfDingbats", "a1"), Some(974.0));
        assert_eq!(std14_width("Helvetica", "alpha"), None);
        assert_eq!(std14_width("Helvetica", ".notdef"), None);
    }

    #[test]
    fn aliases() {
        let name = |n: &str| lookup(n).map(|f| f.name);
        assert_eq!(name("Arial"), Some("Helvetica"));
        assert_eq!(name("ArialMT"), Some("Helvetica"));
        assert_eq!(name("Arial-BoldItalicMT"), Some("Helvetica-BoldOblique"));
        assert_eq!(name("Times New Roman"), Some("Times-Roman"));
        assert_eq!(name("TimesNewRomanPS-BoldMT"), Some("Times-Bold"));
        assert_eq!(name("CourierNew,Italic"), Some("Courier-Oblique"));
        assert_eq!(name("SymbolMT"), Some("Symbol"));
        assert_eq!(name("ABCDEF+Helvetica"), None);
        assert_eq!(name("Helvetica-Narrow"), None);
    }

    #[test]
    fn substitutes_follow_flags() {
        assert_eq!(substitute(0).name, "Helvetica");
        assert_eq!(substitute(2).name, "Times-Roman");
        assert_eq!(substitute(1 | 2).name, "Courier");
        assert_eq!(
            substitute(2 | (1 << 6) | (1 << 18)).name,
            "Times-BoldItalic"
        );
        assert_eq!(substitute(32 | (1 << 18)).name, "Helvetica-Bold");
    }

    #[test]
    fn encodings() {
        assert_eq!(win_ansi_encoding()[0x80], "Euro");
        assert_eq!(win_ansi_encoding()[0x27], "quotesingle");
        assert_eq!(standard_encoding()[0x27], "quoteright");
        assert_eq!(FONTS[SYMBOL].encoding[0x61], "alpha");
        assert!(FONTS[HELVETICA].has_standard_encoding());
        assert!(!FONTS[SYMBOL].has_standard_encoding());
    }
}
