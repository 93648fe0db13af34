//! Font loading: glyph widths, code lengths, text (ToUnicode CMaps, simple
//! encodings with `/Differences`) and the ascent/descent used for word boxes.
//!
//! Parsing of ToUnicode CMaps and the simple-encoding tables (WinAnsi,
//! MacRoman, Standard, glyph names) is delegated to `lopdf`. Its encoding
//! types live in a private module, so we reach them through
//! [`lopdf::Dictionary::get_font_encoding_with_limit`] on small synthetic font
//! dictionaries: one holding only the `/ToUnicode` entry (gives the CMap), one
//! holding only a base encoding name (gives the 256-entry table), and one per
//! `/Differences` glyph name (gives that name's Unicode value). Unknown glyph
//! names are resolved by the `uniXXXX` / `uXXXX` conventions or left empty.
//!
//! Simple fonts without `/Widths` are measured like poppler does it: with
//! the built-in metrics of the standard 14 fonts ([`crate::std14`]), looked up
//! by glyph name after the encoding and its `/Differences` are resolved.

use std::collections::HashMap;

use lopdf::{Dictionary, Document as LoDocument, Encoding, Object};

use crate::objects::{deref, get, get_array, get_dict, get_name, get_num, num, num_array};
use crate::std14::{self, Std14Font};

/// Default ascent and descent (fractions of the font size) when the font
/// descriptor gives none; the values poppler uses.
const DEFAULT_ASCENT: f64 = 0.95;
const DEFAULT_DESCENT: f64 = -0.35;

/// Largest `/W` range we expand into per-code entries; bigger ranges are kept
/// as ranges.
const MAX_W_ENTRIES: usize = 1 << 16;

/// Descriptor flags assumed without a font descriptor (serif, like poppler).
const DEFAULT_FLAGS: u32 = 2;

/// One decoded character code.
#[derive(Debug, Clone)]
pub(crate) struct Char {
    /// The character code.
    pub code: u32,
    /// Number of bytes the code used.
    pub len: usize,
    /// Horizontal displacement in text space units per unit font size.
    pub width: f64,
    /// Unicode text (ligatures expanded); empty when unknown.
    pub text: String,
}

/// How glyph widths are looked up.
#[derive(Debug)]
enum Widths {
    /// `/FirstChar` + `/Widths` (simple fonts).
    Simple {
        first: u32,
        widths: Vec<f64>,
        missing: f64,
    },
    /// `/W` + `/DW` (CID fonts).
    Cid {
        default: f64,
        single: HashMap<u32, f64>,
        ranges: Vec<(u32, u32, f64)>,
    },
}

/// A loaded font.
pub(crate) struct Font {
    /// Base font name without subset prefix.
    pub name: String,
    /// Bold by name, weight or flags.
    pub bold: bool,
    /// Ascent as a fraction of the font size (positive).
    pub ascent: f64,
    /// Descent as a fraction of the font size (negative).
    pub descent: f64,
    /// Codes are two bytes (Type0 fonts).
    two_byte: bool,
    /// Multiplier from width units to text space (0.001, or FontMatrix[0] for Type3).
    width_scale: f64,
    widths: Widths,
    /// The parsed `/ToUnicode` CMap, as `Encoding::UnicodeMapEncoding`.
    to_unicode: Option<Encoding<'static>>,
    /// For simple fonts: Unicode per byte from the encoding.
    simple: Vec<String>,
    /// Type0 font with a UCS-2/UTF-16 CMap: the code is the Unicode value.
    ucs2: bool,
}

impl std::fmt::Debug for Font {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Font")
            .field("name", &self.name)
            .field("bold", &self.bold)
            .field("two_byte", &self.two_byte)
            .field("widths", &self.widths)
            .finish_non_exhaustive()
    }
}

/// Error while loading a font: only the stream size limit is fatal.
#[derive(Debug)]
pub(crate) struct FontTooBig;

impl Font {
    /// Loads a font dictionary.
    pub(crate) fn load(
        doc: &LoDocument,
        dict: &Dictionary,
        limit: usize,
    ) -> Result<Font, FontTooBig> {
        let subtype = get_name(doc, dict, b"Subtype").unwrap_or(b"");
        let raw_name = get_name(doc, dict, b"BaseFont")
            .map(|n| String::from_utf8_lossy(n).into_owned())
            .unwrap_or_default();
        let name = strip_subset(&raw_name).to_string();

        let to_unicode = load_to_unicode(doc, dict, limit)?;

        if subtype == b"Type0" {
            return Ok(Self::load_type0(doc, dict, name, to_unicode));
        }

        let descriptor = get_dict(doc, dict, b"FontDescriptor");
        let embedded = is_embedded(descriptor);
        // Like poppler, the full name (with any subset prefix) is matched.
        let builtin = std14::lookup(&raw_name);
        let (ascent, descent) = match builtin {
            Some(font) if !embedded => font.ascent_descent(),
            _ => ascent_descent(doc, descriptor),
        };
        let is_type3 = subtype == b"Type3";
        let width_scale = if is_type3 {
            get_array(doc, dict, b"FontMatrix")
                .and_then(|a| num_array(doc, a))
                .and_then(|m| m.first().copied())
                .filter(|v| v.is_finite() && *v != 0.0)
                .unwrap_or(0.001)
        } else {
            0.001
        };
        let missing = descriptor
            .and_then(|d| get_num(doc, d, b"MissingWidth"))
            .unwrap_or(0.0);
        let widths = match get_array(doc, dict, b"Widths") {
            Some(arr) => Widths::Simple {
                first: get_num(doc, dict, b"FirstChar")
                    .filter(|v| (0.0..=255.0).contains(v))
                    .map_or(0, |v| v as u32),
                widths: arr
                    .iter()
                    .take(256)
                    .map(|o| deref(doc, o).and_then(num).unwrap_or(missing))
                    .collect(),
                missing,
            },
            None => {
                let flags = descriptor
                    .and_then(|d| get_num(doc, d, b"Flags"))
                    .filter(|f| (0.0..=f64::from(u32::MAX)).contains(f))
                    .map_or(DEFAULT_FLAGS, |f| f as u32);
                let metrics = builtin.unwrap_or_else(|| std14::substitute(flags));
                let default_base = match builtin {
                    Some(font) if !embedded => font.encoding,
                    _ if subtype == b"TrueType" => std14::win_ansi_encoding(),
                    _ => std14::standard_encoding(),
                };
                let names = glyph_names(doc, dict, default_base);
                Widths::Simple {
                    first: 0,
                    widths: builtin_widths(metrics, &names, missing, 0.001 / width_scale),
                    missing,
                }
            }
        };
        // Symbol and ZapfDingbats have their own built-in encoding, which
        // also decides the text of their codes.
        let own_encoding = builtin
            .filter(|f| !embedded && !f.has_standard_encoding())
            .map(|f| f.encoding);
        let simple = simple_table(doc, dict, own_encoding);
        Ok(Font {
            bold: is_bold(doc, &name, descriptor),
            name,
            ascent,
            descent,
            two_byte: false,
            width_scale,
            widths,
            to_unicode,
            simple,
            ucs2: false,
        })
    }

    fn load_type0(
        doc: &LoDocument,
        dict: &Dictionary,
        name: String,
        to_unicode: Option<Encoding<'static>>,
    ) -> Font {
        let descendant = get_array(doc, dict, b"DescendantFonts")
            .and_then(|a| a.first())
            .and_then(|o| deref(doc, o))
            .and_then(|o| o.as_dict().ok());
        let descriptor = descendant.and_then(|d| get_dict(doc, d, b"FontDescriptor"));
        // CID fonts have no built-in metrics (poppler uses none either): the
        // widths come from /W and /DW, ascent and descent from the descriptor.
        let (ascent, descent) = ascent_descent(doc, descriptor);
        let default = descendant
            .and_then(|d| get_num(doc, d, b"DW"))
            .unwrap_or(1000.0);
        let mut single = HashMap::new();
        let mut ranges = Vec::new();
        if let Some(w) = descendant.and_then(|d| get_array(doc, d, b"W")) {
            parse_w(doc, w, &mut single, &mut ranges);
        }
        let encoding = get_name(doc, dict, b"Encoding").unwrap_or(b"Identity-H");
        let ucs2 = {
            let e = String::from_utf8_lossy(encoding);
            e.starts_with("Uni") && (e.contains("UCS2") || e.contains("UTF16"))
        };
        Font {
            bold: is_bold(doc, &name, descriptor),
            name,
            ascent,
            descent,
            two_byte: true,
            width_scale: 0.001,
            widths: Widths::Cid {
                default,
                single,
                ranges,
            },
            to_unicode,
            simple: Vec::new(),
            ucs2,
        }
    }

    /// Splits a string operand into character codes with widths and text.
    pub(crate) fn decode(&self, bytes: &[u8]) -> Vec<Char> {
        let step = if self.two_byte { 2 } else { 1 };
        bytes
            .chunks(step)
            .map(|chunk| {
                let code = chunk.iter().fold(0u32, |acc, b| (acc << 8) | u32::from(*b));
                Char {
                    code,
                    len: chunk.len(),
                    width: self.width(code) * self.width_scale,
                    text: expand_ligatures(self.text(code, chunk.len())),
                }
            })
            .collect()
    }

    fn width(&self, code: u32) -> f64 {
        match &self.widths {
            Widths::Simple {
                first,
                widths,
                missing,
            } => code
                .checked_sub(*first)
                .and_then(|i| widths.get(i as usize))
                .copied()
                .unwrap_or(*missing),
            Widths::Cid {
                default,
                single,
                ranges,
            } => single
                .get(&code)
                .copied()
                .or_else(|| {
                    ranges
                        .iter()
                        .find(|(lo, hi, _)| (*lo..=*hi).contains(&code))
                        .map(|r| r.2)
                })
                .unwrap_or(*default),
        }
    }

    fn text(&self, code: u32, len: usize) -> String {
        if let Some(Encoding::UnicodeMapEncoding(cmap)) = &self.to_unicode
            && let Some(units) = cmap.get(code, len as u8)
            && !units.is_empty()
        {
            return String::from_utf16_lossy(&units);
        }
        if self.two_byte {
            if self.ucs2 {
                return char::from_u32(code).map(String::from).unwrap_or_default();
            }
            return String::new();
        }
        self.simple.get(code as usize).cloned().unwrap_or_default()
    }
}

/// Parses a CID font's `/W` array.
fn parse_w(
    doc: &LoDocument,
    w: &[Object],
    single: &mut HashMap<u32, f64>,
    ranges: &mut Vec<(u32, u32, f64)>,
) {
    let items: Vec<&Object> = w.iter().filter_map(|o| deref(doc, o)).collect();
    let mut i = 0;
    while i < items.len() {
        let Some(first) = num(items[i]).filter(|v| *v >= 0.0 && *v <= f64::from(u32::MAX)) else {
            break;
        };
        let first = first as u32;
        match items.get(i + 1) {
            Some(Object::Array(ws)) => {
                for (k, o) in ws.iter().take(MAX_W_ENTRIES).enumerate() {
                    if let Some(v) = deref(doc, o).and_then(num) {
                        single.insert(first.saturating_add(k as u32), v);
                    }
                }
                i += 2;
            }
            Some(last) => {
                let (Some(last), Some(width)) = (num(last), items.get(i + 2).and_then(|o| num(o)))
                else {
                    break;
                };
                if last >= f64::from(first) && last <= f64::from(u32::MAX) {
                    ranges.push((first, last as u32, width));
                }
                i += 3;
            }
            None => break,
        }
    }
}

/// Loads `/ToUnicode` through lopdf's CMap parser.
fn load_to_unicode(
    doc: &LoDocument,
    dict: &Dictionary,
    limit: usize,
) -> Result<Option<Encoding<'static>>, FontTooBig> {
    let Ok(obj) = dict.get(b"ToUnicode") else {
        return Ok(None);
    };
    if !matches!(deref(doc, obj), Some(Object::Stream(_))) {
        return Ok(None);
    }
    let mut synthetic = Dictionary::new();
    synthetic.set("Type", Object::Name(b"Font".to_vec()));
    synthetic.set("ToUnicode", obj.clone());
    match synthetic.get_font_encoding_with_limit(doc, limit) {
        Ok(Encoding::UnicodeMapEncoding(cmap)) => Ok(Some(Encoding::UnicodeMapEncoding(cmap))),
        Ok(_) => Ok(None),
        Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. })) => {
            Err(FontTooBig)
        }
        Err(_) => Ok(None),
    }
}

/// The `/Encoding` of a simple font: its base encoding name and `/Differences`.
fn encoding_parts<'a>(
    doc: &'a LoDocument,
    dict: &'a Dictionary,
) -> (Option<&'a [u8]>, Option<&'a Vec<Object>>) {
    match get(doc, dict, b"Encoding") {
        Some(Object::Name(n)) => (Some(n.as_slice()), None),
        Some(Object::Dictionary(d)) => (
            get_name(doc, d, b"BaseEncoding"),
            get_array(doc, d, b"Differences"),
        ),
        _ => (None, None),
    }
}

/// Calls `f(code, name)` for each `/Differences` entry within 0..=255.
fn for_each_difference(doc: &LoDocument, diffs: &[Object], mut f: impl FnMut(usize, &[u8])) {
    let mut code: usize = 0;
    for o in diffs.iter().take(4096) {
        match deref(doc, o) {
            Some(Object::Integer(c)) => code = usize::try_from(*c).unwrap_or(usize::MAX),
            Some(Object::Name(name)) => {
                if code < 256 {
                    f(code, name);
                }
                code = code.saturating_add(1);
            }
            _ => {}
        }
    }
}

/// The glyph name of every code of a simple font, as poppler resolves them:
/// the base encoding named in `/Encoding` (WinAnsi, MacRoman, MacExpert),
/// else `default_base`, then `/Differences`. Unmapped codes are empty.
fn glyph_names(
    doc: &LoDocument,
    dict: &Dictionary,
    default_base: &'static [&'static str; 256],
) -> Vec<Vec<u8>> {
    let (base, differences) = encoding_parts(doc, dict);
    let base = base.and_then(std14::named_encoding).unwrap_or(default_base);
    let mut names: Vec<Vec<u8>> = base.iter().map(|n| n.as_bytes().to_vec()).collect();
    if let Some(diffs) = differences {
        for_each_difference(doc, diffs, |code, name| {
            if let Some(slot) = names.get_mut(code) {
                *slot = name.to_vec();
            }
        });
    }
    names
}

/// Per-code widths (in the font's width units, `1/scale` per 1/1000 em)
/// from standard-14 metrics, with poppler's rules: codes whose glyph the
/// font lacks get `missing`, and code 32 defaults to the space width.
fn builtin_widths(metrics: &Std14Font, names: &[Vec<u8>], missing: f64, scale: f64) -> Vec<f64> {
    let mut widths = vec![missing; 256];
    if let (Some(w), Some(slot)) = (metrics.width("space"), widths.get_mut(32)) {
        *slot = w * scale;
    }
    for (slot, name) in widths.iter_mut().zip(names) {
        if let Some(w) = std::str::from_utf8(name)
            .ok()
            .and_then(|n| metrics.width(n))
        {
            *slot = w * scale;
        }
    }
    widths
}

/// The 256-entry Unicode table of a simple font: base encoding plus
/// `/Differences`. `own_encoding` is the built-in encoding of a
/// non-embedded Symbol or ZapfDingbats font, used when `/Encoding` names
/// no other base.
fn simple_table(
    doc: &LoDocument,
    dict: &Dictionary,
    own_encoding: Option<&'static [&'static str; 256]>,
) -> Vec<String> {
    let (base, differences) = encoding_parts(doc, dict);
    let mut table = match own_encoding {
        Some(names) if base.and_then(std14::named_encoding).is_none() => names
            .iter()
            .map(|n| {
                if n.is_empty() {
                    String::new()
                } else {
                    glyph_name_to_unicode(doc, n.as_bytes())
                }
            })
            .collect(),
        _ => standard_table(doc, base.unwrap_or(b"StandardEncoding")),
    };
    if let Some(diffs) = differences {
        for_each_difference(doc, diffs, |code, name| {
            if let Some(slot) = table.get_mut(code) {
                *slot = glyph_name_to_unicode(doc, name);
            }
        });
    }
    table
}

/// The Unicode table of a base encoding by name (unknown names give StandardEncoding).
fn standard_table(doc: &LoDocument, name: &[u8]) -> Vec<String> {
    let name = match name {
        b"WinAnsiEncoding" | b"MacRomanEncoding" | b"MacExpertEncoding" | b"StandardEncoding" => {
            name
        }
        _ => b"StandardEncoding",
    };
    let mut synthetic = Dictionary::new();
    synthetic.set("Type", Object::Name(b"Font".to_vec()));
    synthetic.set("Encoding", Object::Name(name.to_vec()));
    let enc = synthetic.get_font_encoding(doc).ok();
    (0..=255u8)
        .map(|b| {
            enc.as_ref()
                .and_then(|e| e.bytes_to_string(&[b]).ok())
                .unwrap_or_default()
        })
        .collect()
}

/// Unicode for a glyph name: the Adobe glyph list (via lopdf), then
/// `uniXXXX` and `uXXXX[XX]`.
fn glyph_name_to_unicode(doc: &LoDocument, name: &[u8]) -> String {
    let s = String::from_utf8_lossy(name);
    if let Some(hex) = s.strip_prefix("uni")
        && hex.len() >= 4
        && hex.len() % 4 == 0
        && hex.bytes().all(|b| b.is_ascii_hexdigit())
    {
        let units: Vec<u16> = hex
            .as_bytes()
            .chunks(4)
            .filter_map(|c| std::str::from_utf8(c).ok())
            .filter_map(|c| u16::from_str_radix(c, 16).ok())
            .collect();
        return String::from_utf16_lossy(&units);
    }
    if let Some(hex) = s.strip_prefix('u')
        && (4..=6).contains(&hex.len())
        && hex.bytes().all(|b| b.is_ascii_hexdigit())
    {
        return u32::from_str_radix(hex, 16)
            .ok()
            .and_then(char::from_u32)
            .map(String::from)
            .unwrap_or_default();
    }
    // Code 0 is unmapped in StandardEncoding, so an unknown name (which makes
    // lopdf fall back to StandardEncoding) yields the empty string.
    let mut enc = Dictionary::new();
    enc.set(
        "Differences",
        Object::Array(vec![Object::Integer(0), Object::Name(name.to_vec())]),
    );
    let mut synthetic = Dictionary::new();
    synthetic.set("Type", Object::Name(b"Font".to_vec()));
    synthetic.set("Encoding", Object::Dictionary(enc));
    synthetic
        .get_font_encoding(doc)
        .ok()
        .and_then(|e| e.bytes_to_string(&[0]).ok())
        .unwrap_or_default()
}

/// Whether the font descriptor carries an embedded font program.
fn is_embedded(descriptor: Option<&Dictionary>) -> bool {
    descriptor.is_some_and(|d| d.has(b"FontFile") || d.has(b"FontFile2") || d.has(b"FontFile3"))
}

/// Ascent/descent from the font descriptor with poppler's sanity rules.
fn ascent_descent(doc: &LoDocument, descriptor: Option<&Dictionary>) -> (f64, f64) {
    let mut ascent = DEFAULT_ASCENT;
    let mut descent = DEFAULT_DESCENT;
    if let Some(d) = descriptor {
        if let Some(a) = get_num(doc, d, b"Ascent") {
            let t = (0.001 * a).abs();
            if t != 0.0 && t < 3.0 {
                ascent = t;
            }
        }
        if let Some(de) = get_num(doc, d, b"Descent") {
            let t = -(0.001 * de).abs();
            if t != 0.0 && t > -3.0 {
                descent = t;
            }
        }
    }
    (ascent, descent)
}

/// Bold by name, `/FontWeight` >= 600, or the ForceBold flag.
fn is_bold(doc: &LoDocument, name: &str, descriptor: Option<&Dictionary>) -> bool {
    let lower = name.to_ascii_lowercase();
    if ["bold", "black", "heavy", "semibold", "demi"]
        .iter()
        .any(|w| lower.contains(w))
    {
        return true;
    }
    let Some(d) = descriptor else { return false };
    if get_num(doc, d, b"FontWeight").is_some_and(|w| w >= 600.0) {
        return true;
    }
    get_num(doc, d, b"Flags").is_some_and(|f| (f as i64) & (1 << 18) != 0)
}

/// Strips a subset prefix ("ABCDEF+Name" → "Name").
fn strip_subset(name: &str) -> &str {
    match name.split_once('+') {
        Some((prefix, rest))
            if prefix.len() == 6 && prefix.bytes().all(|b| b.is_ascii_uppercase()) =>
        {
            rest
        }
        _ => name,
    }
}

/// Expands the Latin ligature code points (U+FB00–U+FB06).
pub(crate) fn expand_ligatures(s: String) -> String {
    if !s.chars().any(|c| ('\u{FB00}'..='\u{FB06}').contains(&c)) {
        return s;
    }
    let mut out = String::with_capacity(s.len() + 2);
    for c in s.chars() {
        match c {
            '\u{FB00}' => out.push_str("ff"),
            '\u{FB01}' => out.push_str("fi"),
            '\u{FB02}' => out.push_str("fl"),
            '\u{FB03}' => out.push_str("ffi"),
            '\u{FB04}' => out.push_str("ffl"),
            '\u{FB05}' | '\u{FB06}' => out.push_str("st"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subset_prefix_is_stripped() {
        assert_eq!(strip_subset("AAAAAA+LiberationSans"), "LiberationSans");
        assert_eq!(strip_subset("Arial+Foo"), "Arial+Foo");
        assert_eq!(strip_subset("Helvetica"), "Helvetica");
    }

    #[test]
    fn ligatures_expand() {
        assert_eq!(expand_ligatures("\u{FB01}nans".into()), "finans");
        assert_eq!(expand_ligatures("e\u{FB03}cient".into()), "efficient");
    }

    #[test]
    fn glyph_names_resolve() {
        let doc = LoDocument::new();
        assert_eq!(glyph_name_to_unicode(&doc, b"aring"), "å");
        assert_eq!(glyph_name_to_unicode(&doc, b"oslash"), "ø");
        assert_eq!(glyph_name_to_unicode(&doc, b"uni00E6"), "æ");
        assert_eq!(glyph_name_to_unicode(&doc, b"u1F600"), "😀");
        assert_eq!(glyph_name_to_unicode(&doc, b"g123"), "");
    }

    #[test]
    fn win_ansi_table() {
        let doc = LoDocument::new();
        let t = standard_table(&doc, b"WinAnsiEncoding");
        assert_eq!(t[0xE5], "å");
        assert_eq!(t[0x80], "€");
        assert_eq!(t[b'A' as usize], "A");
    }
}
