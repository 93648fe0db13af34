//! Damaged, hostile and odd inputs: the library must return errors (or
//! partial results), never panic or run away.

#![allow(clippy::unwrap_used)]

mod common;

use std::path::PathBuf;

use common::{Builder, font_resources};
use kommunetall_pdf::{Document, Limits, PdfError};
use lopdf::encryption::{EncryptionState, EncryptionVersion, Permissions};
use lopdf::{Dictionary, Object, Stream, dictionary};

fn sample() -> Option<Vec<u8>> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/arsberetning-2024.pdf");
    std::fs::read(path).ok()
}

/// Opens and reads a few pages; returns how many pages were readable.
fn exercise(bytes: &[u8]) -> Result<usize, PdfError> {
    let doc = Document::open(bytes)?;
    let n = doc.page_count();
    let mut ok = 0;
    let mut pages = vec![1, n.div_ceil(2), n];
    pages.dedup();
    for p in pages {
        if doc.page(p).is_ok() {
            ok += 1;
        }
    }
    let _ = doc.producer();
    let _ = doc.title();
    Ok(ok)
}

fn one_page_pdf(content: &[u8]) -> Vec<u8> {
    let mut b = Builder::new();
    let f1 = b.helvetica_diff();
    b.page(content, font_resources(&[("F1", f1)]), Dictionary::new());
    b.finish()
}

#[test]
fn not_a_pdf() {
    assert_eq!(Document::open(b"").unwrap_err(), PdfError::NotPdf);
    let html = b"<!DOCTYPE html>\n<html><head><title>Arsberetning</title></head>\
                 <body><p>Not found</p></body></html>";
    assert_eq!(Document::open(html).unwrap_err(), PdfError::NotPdf);
    let mut x: u32 = 12345;
    let garbage: Vec<u8> = (0..10_000)
        .map(|_| {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
            (x >> 16) as u8
        })
        .collect();
    assert_eq!(Document::open(&garbage).unwrap_err(), PdfError::NotPdf);
    let mut with_header = b"%PDF-1.7\n".to_vec();
    with_header.extend_from_slice(&garbage);
    assert!(matches!(
        Document::open(&with_header),
        Err(PdfError::Parse(_))
    ));
    // The message is meant for end users.
    assert_eq!(
        PdfError::NotPdf.to_string(),
        "the file is not a PDF (no %PDF- header found)"
    );
}

#[test]
fn truncated_sample_never_panics() {
    let Some(pdf) = sample() else {
        eprintln!("skipping: sample PDF not available");
        return;
    };
    let mut offsets: Vec<usize> = (0..40).map(|i| i * pdf.len() / 40).collect();
    offsets.extend([
        1,
        5,
        8,
        9,
        100,
        1000,
        pdf.len() - 1,
        pdf.len() - 10,
        pdf.len() - 100,
    ]);
    let mut opened = 0;
    for cut in offsets {
        if let Ok(pages) = exercise(&pdf[..cut]) {
            opened += 1;
            let _ = pages;
        }
    }
    eprintln!("truncated sample: {opened} of 49 cuts opened");
}

#[test]
fn corrupted_sample_never_panics() {
    let Some(pdf) = sample() else {
        eprintln!("skipping: sample PDF not available");
        return;
    };
    let mut x: u64 = 42;
    for round in 0..12 {
        let mut bytes = pdf.clone();
        for _ in 0..(round + 1) * 8 {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let pos = (x >> 33) as usize % bytes.len();
            bytes[pos] = (x >> 13) as u8;
        }
        let _ = exercise(&bytes);
    }
}

#[test]
fn broken_xref_is_recovered() {
    let pdf = one_page_pdf(b"BT /F1 10 Tf 100 700 Td (Recovered) Tj ET");
    let text = String::from_utf8_lossy(&pdf).into_owned();
    // Point startxref somewhere wrong.
    let at = text.rfind("startxref").unwrap();
    let mut broken = pdf[..at].to_vec();
    broken.extend_from_slice(b"startxref\n17\n%%EOF\n");
    let doc = Document::open(&broken).unwrap();
    assert_eq!(doc.page(1).unwrap().words[0].text, "Recovered");
    // Cut the file before startxref: no pointer to the cross-reference data.
    let doc = Document::open(&pdf[..at]).unwrap();
    assert_eq!(doc.page(1).unwrap().words[0].text, "Recovered");
    // Overwrite the cross-reference data (table or stream) with spaces.
    let start: usize = text[at + 9..]
        .split_whitespace()
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let mut wiped = pdf.clone();
    for b in &mut wiped[start..at] {
        *b = b' ';
    }
    let doc = Document::open(&wiped).unwrap();
    assert_eq!(doc.page(1).unwrap().words[0].text, "Recovered");
}

#[test]
fn cyclic_xobjects_terminate() {
    let mut b = Builder::new();
    let f1 = b.helvetica_diff();
    let x1 = b.doc.new_object_id();
    let x2 = b.doc.new_object_id();
    let form = |other: lopdf::ObjectId, text: &str| {
        let content = format!("BT /F1 10 Tf 100 700 Td ({text}) Tj ET /Self Do /Other Do");
        let mut res = font_resources(&[("F1", f1)]);
        res.set("XObject", dictionary! { "Self" => other, "Other" => other });
        Stream::new(
            dictionary! {
                "Type" => "XObject",
                "Subtype" => "Form",
                "BBox" => vec![0.into(), 0.into(), 600.into(), 800.into()],
                "Resources" => res,
            },
            content.into_bytes(),
        )
    };
    let s1 = form(x2, "one");
    let mut s2 = form(x1, "two");
    // x2 also calls itself.
    if let Ok(Object::Dictionary(res)) = s2.dict.get_mut(b"Resources") {
        res.set("XObject", dictionary! { "Self" => x2, "Other" => x1 });
    }
    b.doc.objects.insert(x1, Object::Stream(s1));
    b.doc.objects.insert(x2, Object::Stream(s2));
    b.page(
        b"/X1 Do",
        dictionary! { "XObject" => dictionary! { "X1" => x1 } },
        Dictionary::new(),
    );
    let page = Document::open(&b.finish()).unwrap().page(1).unwrap();
    let texts: Vec<&str> = page.words.iter().map(|w| w.text.as_str()).collect();
    // X1 draws "one", calls X2 ("two"), whose calls back into X1 and into
    // itself are cut; then X1 calls X2 once more, and that second "two" on
    // top of the first is dropped as a duplicate.
    assert_eq!(texts, ["one", "two"]);
}

#[test]
fn deep_xobject_nesting_is_limited() {
    let mut b = Builder::new();
    let ids: Vec<_> = (0..40).map(|_| b.doc.new_object_id()).collect();
    for (i, id) in ids.iter().enumerate() {
        let mut dict = dictionary! {
            "Type" => "XObject",
            "Subtype" => "Form",
            "BBox" => vec![0.into(), 0.into(), 10.into(), 10.into()],
        };
        if let Some(next) = ids.get(i + 1) {
            dict.set(
                "Resources",
                dictionary! { "XObject" => dictionary! { "N" => *next } },
            );
        }
        b.doc
            .objects
            .insert(*id, Object::Stream(Stream::new(dict, b"/N Do".to_vec())));
    }
    b.page(
        b"/N Do",
        dictionary! { "XObject" => dictionary! { "N" => ids[0] } },
        Dictionary::new(),
    );
    let err = Document::open(&b.finish()).unwrap().page(1).unwrap_err();
    assert!(matches!(err, PdfError::LimitExceeded { .. }), "{err}");
}

#[test]
fn flate_bomb_hits_the_limit() {
    let mut b = Builder::new();
    let f1 = b.helvetica_diff();
    // 16 MiB of spaces (a valid, empty content stream) compressed to a few KiB.
    let mut bomb = Stream::new(Dictionary::new(), vec![b' '; 16 << 20]);
    bomb.compress().unwrap();
    assert!(bomb.content.len() < 100_000);
    let bomb_id = b.add(bomb);
    let page = b.page(b"", font_resources(&[("F1", f1)]), Dictionary::new());
    b.doc
        .get_dictionary_mut(page)
        .unwrap()
        .set("Contents", bomb_id);
    let pdf = b.finish();
    let limits = Limits {
        max_stream_bytes: 1 << 20,
        ..Limits::default()
    };
    let doc = Document::open_with_limits(&pdf, limits).unwrap();
    let err = doc.page(1).unwrap_err();
    assert_eq!(
        err,
        PdfError::LimitExceeded {
            what: "decompressed stream size in bytes".into(),
            limit: 1 << 20
        }
    );
    // With the default (256 MiB) limit the same page is fine, just empty.
    let page = Document::open(&pdf).unwrap().page(1).unwrap();
    assert!(page.words.is_empty());
}

#[test]
fn to_unicode_bomb_hits_the_limit() {
    let mut b = Builder::new();
    let f2 = b.type0();
    let mut bomb = Stream::new(Dictionary::new(), vec![b' '; 8 << 20]);
    bomb.compress().unwrap();
    let bomb_id = b.add(bomb);
    b.doc
        .get_dictionary_mut(f2)
        .unwrap()
        .set("ToUnicode", bomb_id);
    b.page(
        b"BT /F2 10 Tf 100 700 Td <0001> Tj ET",
        font_resources(&[("F2", f2)]),
        Dictionary::new(),
    );
    let limits = Limits {
        max_stream_bytes: 1 << 20,
        ..Limits::default()
    };
    let doc = Document::open_with_limits(&b.finish(), limits).unwrap();
    assert!(matches!(doc.page(1), Err(PdfError::LimitExceeded { .. })));
}

#[test]
fn operator_limit() {
    let content = "q Q ".repeat(5000);
    let pdf = one_page_pdf(content.as_bytes());
    let limits = Limits {
        max_operators: 1000,
        ..Limits::default()
    };
    let err = Document::open_with_limits(&pdf, limits)
        .unwrap()
        .page(1)
        .unwrap_err();
    assert!(
        matches!(err, PdfError::LimitExceeded { limit: 1000, .. }),
        "{err}"
    );
    assert!(Document::open(&pdf).unwrap().page(1).is_ok());
}

#[test]
fn damaged_page_does_not_spoil_the_others() {
    let mut b = Builder::new();
    let f1 = b.helvetica_diff();
    b.page(
        b"BT /F1 10 Tf 100 700 Td (good) Tj ET",
        font_resources(&[("F1", f1)]),
        Dictionary::new(),
    );
    let bad = b.page(b"", Dictionary::new(), Dictionary::new());
    let broken = b.add(Stream::new(
        dictionary! { "Filter" => "NoSuchDecode" },
        b"data nobody can decode".to_vec(),
    ));
    b.doc
        .get_dictionary_mut(bad)
        .unwrap()
        .set("Contents", broken);
    b.page(
        b"BT /F1 10 Tf 100 700 Td (also good) Tj ET (unterminated",
        font_resources(&[("F1", f1)]),
        Dictionary::new(),
    );
    let bytes = b.finish();
    let doc = Document::open(&bytes).unwrap();
    assert_eq!(doc.page(1).unwrap().words[0].text, "good");
    let err = doc.page(2).unwrap_err();
    assert!(
        matches!(err, PdfError::PageUnreadable { page: 2, .. }),
        "{err}"
    );
    // A syntax error late in the stream keeps what came before.
    let words = doc.page(3).unwrap().words;
    assert_eq!(words.len(), 2);
    // The front door: the two good pages, one finding naming the bad one.
    let read = kommunetall_pdf::read(&bytes).unwrap();
    assert_eq!(read.page_count, 3);
    let numbers: Vec<u32> = read.pages.iter().map(|p| p.number).collect();
    assert_eq!(numbers, [1, 3]);
    assert_eq!(read.diagnostics.len(), 1);
    let d = &read.diagnostics[0];
    assert_eq!((d.rule.as_str(), d.page), ("page_unreadable", Some(2)));
    assert!(
        d.message.starts_with("page 2 could not be read"),
        "{}",
        d.message
    );
}

#[test]
fn garbage_operands_are_ignored() {
    let pdf = one_page_pdf(
        b"BT /F1 (x) Tf /F1 1e400 Tf 1 2 Td /F1 10 Tf 1 0 0 1 100 Tm Tj [ (a) /b 3 ] TJ \
          (x) 5 Tc 0 0 0 0 0 0 cm 1 0 0 1 100 100 Tm (y) Tj ET re f 1 2 l S h n Q Q Q",
    );
    let doc = Document::open(&pdf).unwrap();
    let _ = doc.page(1).unwrap();
}

#[test]
fn encrypted_with_empty_user_password_is_read() {
    let pdf = one_page_pdf(b"BT /F1 10 Tf 100 700 Td (Secret) Tj ET");
    let encrypt = |user: &str| {
        let mut doc = lopdf::Document::load_mem(&pdf).unwrap();
        doc.trailer.set(
            "ID",
            Object::Array(vec![
                Object::string_literal(b"0123456789abcdef".to_vec()),
                Object::string_literal(b"fedcba9876543210".to_vec()),
            ]),
        );
        let state = EncryptionState::try_from(EncryptionVersion::V2 {
            document: &doc,
            owner_password: "owner",
            user_password: user,
            key_length: 128,
            permissions: Permissions::all(),
        })
        .unwrap();
        doc.encrypt(&state).unwrap();
        let mut out = Vec::new();
        doc.save_to(&mut out).unwrap();
        out
    };
    let open = encrypt("");
    let doc = Document::open(&open).unwrap();
    assert_eq!(doc.page(1).unwrap().words[0].text, "Secret");
    let locked = encrypt("user");
    assert_eq!(Document::open(&locked).unwrap_err(), PdfError::Encrypted);
}
