//! Non-embedded standard-14 fonts without `/Widths`: glyph advances come
//! from the built-in metrics, looked up by glyph name after `/Encoding` and
//! `/Differences`.
//!
//! The expected boxes are computed by hand from the Adobe core-font AFM
//! widths (noted next to each word). When `pdftotext` is installed, the same
//! PDF is also compared with `pdftotext -bbox`.

#![allow(clippy::unwrap_used)]

mod common;

use common::{Builder, font_resources};
use kommunetall_pdf::{Document, Word, std14_width};
use lopdf::{Dictionary, Object, dictionary};

fn simple_font(
    b: &mut Builder,
    base: &str,
    subtype: &str,
    encoding: Option<Object>,
) -> lopdf::ObjectId {
    let mut font = dictionary! {
        "Type" => "Font",
        "Subtype" => subtype,
        "BaseFont" => base,
    };
    if let Some(e) = encoding {
        font.set("Encoding", e);
    }
    b.add(font)
}

fn build() -> Vec<u8> {
    let mut b = Builder::new();
    let helvetica = simple_font(&mut b, "Helvetica", "Type1", None);
    let times_bold = simple_font(&mut b, "Times-Bold", "Type1", None);
    let arial = simple_font(
        &mut b,
        "ArialMT",
        "TrueType",
        Some(Object::Name(b"WinAnsiEncoding".to_vec())),
    );
    let differences = simple_font(
        &mut b,
        "Helvetica",
        "Type1",
        Some(
            dictionary! {
                "Type" => "Encoding",
                "Differences" => vec![65.into(), Object::Name(b"aring".to_vec())],
            }
            .into(),
        ),
    );
    let symbol = simple_font(&mut b, "Symbol", "Type1", None);
    b.page(
        b"BT /F1 12 Tf 100 700 Td (Hello World) Tj ET\n\
          BT /F2 10 Tf 100 650 Td (Table 1,000) Tj ET\n\
          BT /F3 10 Tf 100 600 Td (S\\345 A) Tj ET\n\
          BT /F4 10 Tf 100 550 Td (AB) Tj ET\n\
          BT /F5 10 Tf 100 500 Td (a\\261) Tj ET",
        font_resources(&[
            ("F1", helvetica),
            ("F2", times_bold),
            ("F3", arial),
            ("F4", differences),
            ("F5", symbol),
        ]),
        Dictionary::new(),
    );
    b.finish()
}

/// Expected words: text and box (x0, y0, x1, y1), top-left origin.
fn expected() -> Vec<(&'static str, [f64; 4])> {
    vec![
        // Helvetica 12 pt, baseline y = 100; ascent 0.718, descent -0.207.
        // H 722 + e 556 + l 222 + l 222 + o 556 = 2278 → 27.336 pt.
        ("Hello", [100.0, 91.384, 127.336, 102.484]),
        // + space 278; W 944 + o 556 + r 333 + l 222 + d 556 = 2611 → 31.332.
        ("World", [130.672, 91.384, 162.004, 102.484]),
        // Times-Bold 10 pt, baseline 150; ascent 0.683, descent -0.217.
        // T 667 + a 500 + b 556 + l 278 + e 444 = 2445.
        ("Table", [100.0, 143.17, 124.45, 152.17]),
        // + space 250; one 500 + comma 250 + 3 × zero 500 = 2250.
        ("1,000", [126.95, 143.17, 149.45, 152.17]),
        // ArialMT = Helvetica, WinAnsi: S 667 + aring (0xE5) 556 = 1223.
        ("Så", [100.0, 192.82, 112.23, 202.07]),
        // + space 278; A 667.
        ("A", [115.01, 192.82, 121.68, 202.07]),
        // /Differences maps 65 to aring: aring 556 + B 667.
        ("åB", [100.0, 242.82, 112.23, 252.07]),
        // Symbol, its own encoding: alpha (0x61) 631 + plusminus (0xB1) 549;
        // ascent 1.010, descent -0.293.
        ("α±", [100.0, 289.9, 111.8, 302.93]),
    ]
}

fn boxes_equal(a: [f64; 4], b: [f64; 4], tolerance: f64) -> bool {
    a.iter().zip(b).all(|(x, y)| (x - y).abs() <= tolerance)
}

fn bbox(w: &Word) -> [f64; 4] {
    [w.bbox.x0, w.bbox.y0, w.bbox.x1, w.bbox.y1]
}

#[test]
fn standard_fonts_without_widths_use_builtin_metrics() {
    let bytes = build();
    let page = Document::open(&bytes).unwrap().page(1).unwrap();
    let expected = expected();
    let texts: Vec<&str> = page.words.iter().map(|w| w.text.as_str()).collect();
    let want: Vec<&str> = expected.iter().map(|e| e.0).collect();
    assert_eq!(texts, want);
    for (w, (text, b)) in page.words.iter().zip(&expected) {
        assert!(
            boxes_equal(bbox(w), *b, 1e-6),
            "{text}: {:?} != {b:?}",
            bbox(w)
        );
    }
    assert_eq!(page.words[2].font, "Times-Bold");
    assert!(page.words[2].bold);
}

#[test]
fn synthetic_standard_fonts_match_pdftotext() {
    let bytes = build();
    let Some(reference) = common::pdftotext::words_of_bytes("std14", &bytes) else {
        eprintln!("skipping: pdftotext not available");
        return;
    };
    let expected = expected();
    assert_eq!(reference.len(), expected.len());
    for (r, (text, b)) in reference.iter().zip(&expected) {
        assert_eq!(r.text, *text);
        // pdftotext prints six decimals.
        assert!(
            boxes_equal(r.bbox, *b, 1e-5),
            "{text}: pdftotext {:?} != {b:?}",
            r.bbox
        );
    }
}

#[test]
fn public_width_lookup() {
    assert_eq!(std14_width("Helvetica", "H"), Some(722.0));
    assert_eq!(std14_width("Times-Bold", "comma"), Some(250.0));
    assert_eq!(std14_width("TimesNewRomanPSMT", "comma"), Some(250.0));
    assert_eq!(std14_width("CourierNew", "W"), Some(600.0));
    assert_eq!(std14_width("Helvetica", "no-such-glyph"), None);
    assert_eq!(std14_width("LiberationSans", "A"), None);
}
