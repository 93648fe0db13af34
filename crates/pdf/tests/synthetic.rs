//! Always-run tests on small PDFs built with lopdf: exact texts and positions.
//!
//! The expected boxes were computed by hand and cross-checked with
//! `pdftotext -bbox` (set `KOMMUNETALL_PDF_DUMP=/some/dir` to write the PDFs
//! there and compare yourself).

#![allow(clippy::unwrap_used)]

mod common;

use common::{Builder, font_resources};
use kommunetall_pdf::{BBox, Document, Page, Word};
use lopdf::{Dictionary, dictionary};

fn dump(name: &str, bytes: &[u8]) {
    if let Ok(dir) = std::env::var("KOMMUNETALL_PDF_DUMP") {
        std::fs::write(
            std::path::Path::new(&dir).join(format!("{name}.pdf")),
            bytes,
        )
        .unwrap();
    }
}

fn open_page(name: &str, bytes: &[u8], n: u32) -> Page {
    dump(name, bytes);
    Document::open(bytes).unwrap().page(n).unwrap()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-6
}

#[track_caller]
fn assert_box(actual: &BBox, expected: [f64; 4]) {
    let got = [actual.x0, actual.y0, actual.x1, actual.y1];
    assert!(
        got.iter().zip(expected).all(|(a, b)| close(*a, b)),
        "box {got:?} != {expected:?}"
    );
}

#[track_caller]
fn assert_words(words: &[Word], expected: &[(&str, [f64; 4])]) {
    let texts: Vec<&str> = words.iter().map(|w| w.text.as_str()).collect();
    let want: Vec<&str> = expected.iter().map(|e| e.0).collect();
    assert_eq!(texts, want);
    for (w, (_, b)) in words.iter().zip(expected) {
        assert_box(&w.bbox, *b);
    }
}

#[test]
fn simple_font_winansi_with_differences() {
    let mut b = Builder::new();
    let f1 = b.helvetica_diff();
    b.page(
        b"BT /F1 10 Tf 100 700 Td (Hello W\\200rld) Tj ET\n\
          BT /F1 10 Tf 100 650 Td (\\201nans \\203\\202\\204) Tj ET",
        font_resources(&[("F1", f1)]),
        Dictionary::new(),
    );
    let bytes = b.finish();
    let doc = Document::open(&bytes).unwrap();
    assert_eq!(doc.page_count(), 1);
    assert_eq!(doc.title().as_deref(), Some("Test document"));
    assert_eq!(doc.producer().as_deref(), Some("kommunetall tests"));
    let page = open_page("simple", &bytes, 1);
    assert_eq!((page.width, page.height), (600.0, 800.0));
    // Helvetica (not embedded): ascent 0.718, descent -0.207.
    assert_words(
        &page.words,
        &[
            ("Hello", [100.0, 92.82, 125.0, 102.07]),
            ("Wårld", [130.0, 92.82, 160.0, 102.07]),
            ("finans", [100.0, 142.82, 125.0, 152.07]),
            // The unknown glyph name g17 gives no text (it still advances).
            // poppler guesses a control character for it and makes this
            // box 5 pt wider; we leave the glyph out.
            ("æø", [130.0, 142.82, 140.0, 152.07]),
        ],
    );
    let w = &page.words[0];
    assert_eq!(w.font, "Helvetica-Bold");
    assert!(w.bold);
    assert!(close(w.font_size, 10.0));
    assert!(close(w.baseline, 100.0));
}

#[test]
fn type0_identity_h_with_to_unicode() {
    let mut b = Builder::new();
    let f2 = b.type0();
    b.page(
        b"BT /F2 20 Tf 1 0 0 1 100 500 Tm <000100020010> Tj <0003> Tj <00040011> Tj \
          [<0010> -1000 <0012>] TJ ET",
        font_resources(&[("F2", f2)]),
        Dictionary::new(),
    );
    let page = open_page("type0", &b.finish(), 1);
    // Ascent 0.9 and descent -0.3 of 20 pt around baseline 300.
    assert_words(
        &page.words,
        &[
            ("Køa", [100.0, 282.0, 134.0, 306.0]),
            ("fiba", [139.0, 282.0, 166.0, 306.0]),
            ("c", [186.0, 282.0, 194.0, 306.0]),
        ],
    );
    assert_eq!(page.words[0].font, "TestSans");
    assert!(!page.words[0].bold);
    assert!(close(page.words[0].font_size, 20.0));
}

/// A full stop whose ToUnicode map reads " ." is one mark on the page:
/// the number set with it stays one word, "1.3" and not "1 .3".
#[test]
fn space_inside_a_glyphs_text_is_no_word_break() {
    let mut b = Builder::new();
    let f2 = b.type0();
    b.page(
        b"BT /F2 10 Tf 1 0 0 1 100 500 Tm <0010000500110012> Tj ET",
        font_resources(&[("F2", f2)]),
        Dictionary::new(),
    );
    let page = open_page("type0-stop", &b.finish(), 1);
    let texts: Vec<&str> = page.words.iter().map(|w| w.text.as_str()).collect();
    assert_eq!(texts, ["a.bc"]);
}

#[test]
fn text_state_operators() {
    let mut b = Builder::new();
    let f1 = b.helvetica_diff();
    b.page(
        b"BT /F1 10 Tf 12 TL 100 700 Td (ab) Tj T* (cd) Tj (ef) ' 1 0.5 (gh) \" ET\n\
          BT /F1 10 Tf 0 Tc 50 Tz 300 700 Td (ij) Tj 100 Tz ET\n\
          BT /F1 10 Tf 3 Ts 300 650 Td (kl) Tj ET\n\
          BT /F1 10 Tf 300 600 Td 5 Tw (m n) Tj ET\n\
          BT /F1 10 Tf 0 -14 TD 400 700 Td (o) Tj T* (p) Tj ET",
        font_resources(&[("F1", f1)]),
        Dictionary::new(),
    );
    let page = open_page("textstate", &b.finish(), 1);
    let a = 7.18;
    let d = 2.07;
    assert_words(
        &page.words,
        &[
            ("ab", [100.0, 100.0 - a, 110.0, 100.0 + d]),
            ("cd", [100.0, 112.0 - a, 110.0, 112.0 + d]),
            ("ef", [100.0, 124.0 - a, 110.0, 124.0 + d]),
            ("gh", [100.0, 136.0 - a, 110.5, 136.0 + d]),
            // Tz 50 halves the advance.
            ("ij", [300.0, 100.0 - a, 305.0, 100.0 + d]),
            // Ts 3 raises the baseline.
            ("kl", [300.0, 147.0 - a, 310.0, 147.0 + d]),
            // Tw widens the space: m 300..305, space 305..315, n 315..320.
            // The rise (part of the graphics state) is still 3.
            ("m", [300.0, 197.0 - a, 305.0, 197.0 + d]),
            ("n", [315.0, 197.0 - a, 320.0, 197.0 + d]),
            // TD sets the leading to 14 for T*.
            ("o", [400.0, 111.0 - a, 405.0, 111.0 + d]),
            ("p", [400.0, 125.0 - a, 405.0, 125.0 + d]),
        ],
    );
    assert!(close(page.words[5].baseline, 147.0));
}

#[test]
fn form_xobject_with_matrix_and_resources() {
    let mut b = Builder::new();
    let f1 = b.helvetica_diff();
    let form = b.stream(
        dictionary! {
            "Type" => "XObject",
            "Subtype" => "Form",
            "BBox" => vec![0.into(), 0.into(), 600.into(), 800.into()],
            "Matrix" => vec![1.into(), 0.into(), 0.into(), 1.into(), 50.into(), (-100).into()],
            "Resources" => font_resources(&[("F9", f1)]),
        },
        b"BT /F9 10 Tf 10 600 Td (Form) Tj ET 0 200 m 100 200 l S",
    );
    let resources = dictionary! {
        "XObject" => dictionary! { "X1" => form },
    };
    b.page(
        b"q 0.5 0 0 0.5 0 0 cm /X1 Do Q /X1 Do",
        resources,
        Dictionary::new(),
    );
    let page = open_page("form", &b.finish(), 1);
    assert_words(
        &page.words,
        &[
            ("Form", [30.0, 550.0 - 3.59, 40.0, 550.0 + 1.035]),
            ("Form", [60.0, 300.0 - 7.18, 80.0, 300.0 + 2.07]),
        ],
    );
    assert!(close(page.words[0].font_size, 5.0));
    assert_eq!(page.rules.len(), 2);
    assert_box(&page.rules[0], [25.0, 749.75, 75.0, 750.25]);
    assert_box(&page.rules[1], [50.0, 699.5, 150.0, 700.5]);
}

#[test]
fn rotated_page() {
    let mut b = Builder::new();
    let f1 = b.helvetica_diff();
    b.page(
        b"BT /F1 10 Tf 100 700 Td (Hello) Tj ET 100 100 m 300 100 l S",
        font_resources(&[("F1", f1)]),
        dictionary! { "Rotate" => 90 },
    );
    let page = open_page("rotated", &b.finish(), 1);
    assert_eq!((page.width, page.height), (800.0, 600.0));
    // Text runs top to bottom; ascent points to the right. Too little of
    // it to turn the page by, it is set apart as drawn turned.
    assert!(page.words.is_empty());
    assert_words(&page.turned, &[("Hello", [697.93, 100.0, 707.18, 125.0])]);
    // The horizontal user-space line is vertical on the rotated page.
    assert_eq!(page.rules.len(), 1);
    assert_box(&page.rules[0], [99.5, 100.0, 100.5, 300.0]);
}

#[test]
fn text_drawn_turned_is_read_turned_upright() {
    let mut b = Builder::new();
    let f1 = b.helvetica_diff();
    // A landscape table drawn on a portrait page by turning the text a
    // quarter counter-clockwise (it reads bottom to top), with an upright
    // page number at the foot.
    b.page(
        b"BT /F1 10 Tf 0 1 -1 0 100 100 Tm (Driftsinntekter 4372) Tj ET\n\
          BT /F1 10 Tf 0 1 -1 0 120 100 Tm (Driftsutgifter 3981) Tj ET\n\
          BT /F1 10 Tf 300 30 Td (Side 7) Tj ET",
        font_resources(&[("F1", f1)]),
        Dictionary::new(),
    );
    let page = open_page("turned", &b.finish(), 1);
    // Read as if the page said /Rotate 90: landscape, text upright.
    assert_eq!((page.width, page.height), (800.0, 600.0));
    let texts: Vec<&str> = page.words.iter().map(|w| w.text.as_str()).collect();
    assert_eq!(texts, ["Driftsinntekter", "4372", "Driftsutgifter", "3981"]);
    let [a, b2, c, d] = &page.words[..] else {
        unreachable!()
    };
    // Each line's words share a baseline, left to right; the second line
    // is below the first.
    assert!(close(a.baseline, b2.baseline) && a.bbox.x1 < b2.bbox.x0);
    assert!(close(c.baseline, d.baseline) && c.bbox.x1 < d.bbox.x0);
    assert!(close(c.baseline - a.baseline, 20.0));
    assert!(close(a.bbox.x0, 100.0));
    // The page number is now the one word drawn turned.
    let turned: Vec<&str> = page.turned.iter().map(|w| w.text.as_str()).collect();
    assert_eq!(turned, ["Side", "7"]);
}

#[test]
fn invisible_text_is_read() {
    let mut b = Builder::new();
    let f1 = b.helvetica_diff();
    b.page(
        b"BT /F1 10 Tf 100 700 Td 3 Tr (Hidden) Tj 0 Tr ( Shown) Tj ET",
        font_resources(&[("F1", f1)]),
        Dictionary::new(),
    );
    let page = open_page("invisible", &b.finish(), 1);
    // Text drawn invisible (render mode 3) is the text layer of a scanned
    // page: it is what the page says, so it is read like any other text
    // (as pdftotext does).
    assert_words(
        &page.words,
        &[
            ("Hidden", [100.0, 92.82, 130.0, 102.07]),
            ("Shown", [135.0, 92.82, 160.0, 102.07]),
        ],
    );
}

#[test]
fn rules_and_fills() {
    let mut b = Builder::new();
    b.page(
        b"0.5 w 100 100 m 300 100 l S\n\
          100 200 200 1 re f\n\
          100 300 200 50 re f\n\
          50 50 400 400 re W n\n\
          1 w 10 10 100 50 re S\n\
          200 400 m 250 450 l S\n\
          400 400 m 450 400 l 450 410 l 400 410 l h f\n\
          q 2 0 0 2 0 0 cm 250 10 10 0.5 re f Q\n\
          500 500 m 520 520 530 500 540 500 c f",
        Dictionary::new(),
        Dictionary::new(),
    );
    let page = open_page("rules", &b.finish(), 1);
    let rules: Vec<[f64; 4]> = page
        .rules
        .iter()
        .map(|r| [r.x0, r.y0, r.x1, r.y1])
        .collect();
    assert_eq!(
        rules,
        vec![
            [100.0, 699.75, 300.0, 700.25],
            [100.0, 599.0, 300.0, 600.0],
            // The stroked rectangle: four edges.
            [10.0, 789.5, 110.0, 790.5],
            [109.5, 740.0, 110.5, 790.0],
            [10.0, 739.5, 110.0, 740.5],
            [9.5, 740.0, 10.5, 790.0],
            // 0.5 units scaled by 2: 1 pt thick.
            [500.0, 779.0, 520.0, 780.0],
        ]
    );
    let fills: Vec<[f64; 4]> = page
        .fills
        .iter()
        .map(|r| [r.x0, r.y0, r.x1, r.y1])
        .collect();
    assert_eq!(
        fills,
        vec![[100.0, 450.0, 300.0, 500.0], [400.0, 390.0, 450.0, 400.0]]
    );
    assert!(page.words.is_empty());
}

#[test]
fn page_numbers_and_out_of_range() {
    let mut b = Builder::new();
    let f1 = b.helvetica_diff();
    for text in ["one", "two", "three"] {
        let content = format!("BT /F1 10 Tf 100 700 Td ({text}) Tj ET");
        b.page(
            content.as_bytes(),
            font_resources(&[("F1", f1)]),
            Dictionary::new(),
        );
    }
    let doc = Document::open(&b.finish()).unwrap();
    assert_eq!(doc.page_count(), 3);
    for (n, text) in [(1, "one"), (2, "two"), (3, "three")] {
        let page = doc.page(n).unwrap();
        assert_eq!(page.number, n);
        assert_eq!(page.words[0].text, text);
    }
    for n in [0, 4, u32::MAX] {
        let err = doc.page(n).unwrap_err();
        assert!(
            matches!(err, kommunetall_pdf::PdfError::PageOutOfRange { .. }),
            "{err}"
        );
    }
}

#[test]
fn missing_font_resource_does_not_fail_the_page() {
    let mut b = Builder::new();
    b.page(
        b"BT /Nope 10 Tf 100 700 Td (abc) Tj ET 0 0 m 10 0 l S",
        Dictionary::new(),
        Dictionary::new(),
    );
    let page = open_page("nofont", &b.finish(), 1);
    // Like poppler: text in an unknown font is not shown.
    assert!(page.words.is_empty());
    assert_eq!(page.rules.len(), 1);
}

#[test]
fn document_is_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<Document>();
    check::<Page>();
    check::<kommunetall_pdf::PdfError>();
}
