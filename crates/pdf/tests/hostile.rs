//! Hostile inputs built by code: absurd page boxes and coordinates, stream
//! `/Length`s that lie, HTML posing as a PDF, deep nesting of arrays and
//! dictionaries, reference chains and cyclic page trees. Each must end in a
//! typed error or a page with sane (finite) words, quickly and without a
//! panic or a stack overflow.

#![allow(clippy::unwrap_used)]

use std::time::{Duration, Instant};

use kommunetall_pdf::{Document, Page, PdfError};

/// A PDF written by hand: `objects[i]` becomes object `i + 1`; object 1
/// must be the catalog. Offsets in the cross-reference table are exact.
fn raw_pdf(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

fn stream(dict_extra: &str, data: &[u8], length: &str) -> Vec<u8> {
    let mut s = format!("<< /Length {length}{dict_extra} >>\nstream\n").into_bytes();
    s.extend_from_slice(data);
    s.extend_from_slice(b"\nendstream");
    s
}

const FONT: &str =
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>";

/// A one-page PDF: catalog, pages, page (with `page_extra` entries and a
/// `/MediaBox`), font, and the content stream object given whole.
fn one_page(media_box: &str, page_extra: &str, content_obj: Vec<u8>) -> Vec<u8> {
    raw_pdf(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox {media_box} \
             /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R{page_extra} >>"
        )
        .into_bytes(),
        FONT.as_bytes().to_vec(),
        content_obj,
    ])
}

fn content(data: &[u8]) -> Vec<u8> {
    stream("", data, &data.len().to_string())
}

/// Opens and reads every page (at most 10) within `budget`; each page is
/// either an error or has finite, non-inverted word boxes.
fn read_all(pdf: &[u8], budget: Duration) -> Result<Vec<Result<Page, PdfError>>, PdfError> {
    let start = Instant::now();
    let doc = Document::open(pdf)?;
    let pages: Vec<_> = (1..=doc.page_count().min(10))
        .map(|n| doc.page(n))
        .collect();
    for p in pages.iter().flatten() {
        assert!(p.width.is_finite() && p.height.is_finite());
        for w in &p.words {
            let b = w.bbox;
            assert!(
                [b.x0, b.y0, b.x1, b.y1].iter().all(|v| v.is_finite()),
                "non-finite box {b:?} for {:?}",
                w.text
            );
            assert!(b.x0 <= b.x1 && b.y0 <= b.y1, "inverted box {b:?}");
            assert!(w.font_size.is_finite());
        }
        for r in p.rules.iter().chain(&p.fills) {
            assert!([r.x0, r.y0, r.x1, r.y1].iter().all(|v| v.is_finite()));
        }
    }
    assert!(start.elapsed() < budget, "took {:?}", start.elapsed());
    Ok(pages)
}

const QUICK: Duration = Duration::from_secs(5);

#[test]
fn huge_media_boxes() {
    let text = b"BT /F1 10 Tf 100 700 Td (Inntekter) Tj ET 0 0 m 1000 0 l S";
    for media in [
        "[0 0 1000000000000000000000000000000.0 1000000000000000000000000000000.0]",
        "[-340000000000000000000000000000000000000.0 0 340000000000000000000000000000000000000.0 792]",
        "[0 0 9223372036854775807 9223372036854775807]",
        "[-9223372036854775807 -9223372036854775807 9223372036854775807 9223372036854775807]",
        "[0 0 612 792 5 6 7]",
        "[0 0 0 0]",
        "[100 100 100 100]",
        "[/a /b /c /d]",
        "[0 0 612]",
    ] {
        let pdf = one_page(media, "", content(text));
        let pages = read_all(&pdf, QUICK).unwrap_or_else(|e| panic!("{media}: {e}"));
        let page = pages[0].as_ref().unwrap_or_else(|e| panic!("{media}: {e}"));
        assert!(page.width > 0.0 && page.height > 0.0, "{media}");
    }
    // With a huge CropBox and /Rotate as well.
    let pdf = one_page(
        "[0 0 612 792]",
        " /CropBox [-1000000000000000000000.0 0 1000000000000000000000.0 792] /Rotate 270",
        content(text),
    );
    read_all(&pdf, QUICK).unwrap();
}

#[test]
fn huge_word_coordinates_and_sizes() {
    let big = "340000000000000000000000000000000000000.0";
    let cases = [
        format!("BT /F1 10 Tf {big} {big} Td (far) Tj ET"),
        format!("BT /F1 10 Tf {big} 0 0 {big} 0 0 Tm (huge) Tj ET"),
        format!("{big} 0 0 {big} 0 0 cm {big} 0 0 {big} 0 0 cm BT /F1 10 Tf (x) Tj ET"),
        format!("BT /F1 {big} Tf 100 700 Td (size) Tj ET"),
        format!("BT /F1 10 Tf 100 700 Td {big} Tc {big} Tw {big} Tz (spacing test) Tj ET"),
        format!("BT /F1 10 Tf 100 700 Td [(a) -{big} (b) {big} (c)] TJ ET"),
        "BT /F1 9223372036854775807 Tf 9223372036854775807 -9223372036854775807 Td (i64) Tj ET"
            .to_string(),
        "BT /F1 10 Tf 0.000000000000000000000000000000000000001 0 0 0.000000000000000000000000000000000000001 100 700 Tm (tiny) Tj ET"
            .to_string(),
        format!("{big} w 0 0 m {big} 0 l {big} {big} l S 0 0 {big} {big} re f"),
    ];
    for c in &cases {
        let pdf = one_page("[0 0 612 792]", "", content(c.as_bytes()));
        let pages = read_all(&pdf, QUICK).unwrap_or_else(|e| panic!("{c}: {e}"));
        assert!(pages[0].is_ok(), "{c}: {:?}", pages[0]);
    }
}

#[test]
fn lying_stream_lengths() {
    let data = b"BT /F1 10 Tf 100 700 Td (Lengde) Tj ET";
    for length in ["1000000", "5", "0", "-40", "99 0 R", "/Name", "1.5"] {
        let pdf = one_page("[0 0 612 792]", "", stream("", data, length));
        // The document opens (the stream is recovered or dropped) and the
        // page is read or reported unreadable: never a panic.
        match read_all(&pdf, QUICK) {
            Ok(pages) => {
                if let Ok(p) = &pages[0] {
                    // If the text is there, it is the text.
                    for w in &p.words {
                        assert!(data.windows(w.text.len()).any(|x| x == w.text.as_bytes()));
                    }
                }
            }
            Err(e) => assert!(matches!(e, PdfError::Parse(_)), "{length}: {e}"),
        }
    }
    // A Flate stream whose /Length cuts the compressed data short.
    let pdf = one_page(
        "[0 0 612 792]",
        "",
        stream(
            " /Filter /FlateDecode",
            b"x\x9c\x0b\x0e\x01\x00\x00\x00",
            "4",
        ),
    );
    let _ = read_all(&pdf, QUICK);
}

#[test]
fn html_is_not_a_pdf() {
    // An error page saved under a .pdf name; it even mentions "%PDF-" in
    // its first kilobyte, so it gets past the header check.
    let html = b"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>404</title></head>\n\
                 <body><h1>Fant ikke dokumentet</h1><p>Filen arsberetning.pdf (%PDF-1.7) \
                 er flyttet.</p><script>var x = {a: [1, 2, 3]};</script></body></html>\n";
    assert_eq!(Document::open(&html[..40]).unwrap_err(), PdfError::NotPdf);
    let err = Document::open(html).unwrap_err();
    assert!(matches!(err, PdfError::Parse(_)), "{err}");
    // A UTF-8 BOM and a few blank lines before a real header are tolerated.
    let mut bom = b"\xef\xbb\xbf\n\n".to_vec();
    bom.extend(one_page(
        "[0 0 612 792]",
        "",
        content(b"BT /F1 10 Tf 9 9 Td (x) Tj ET"),
    ));
    let _ = read_all(&bom, QUICK);
}

#[test]
fn deeply_nested_arrays_and_dictionaries() {
    // Run on a thread with the default stack of a spawned thread (2 MiB,
    // less than a main thread's 8 MiB): recursion must be bounded by the
    // parser, not by luck.
    let worker = std::thread::Builder::new()
        .spawn(|| {
            for depth in [100usize, 1_000, 100_000] {
                let arr = format!("{}0{}", "[".repeat(depth), "]".repeat(depth));
                let dict = format!("{}1{}", "<< /A ".repeat(depth), " >>".repeat(depth));
                // In the page dictionary.
                let pdf = one_page(
                    "[0 0 612 792]",
                    &format!(" /Deep {arr} /Deeper {dict}"),
                    content(b"BT /F1 10 Tf 9 9 Td (x) Tj ET"),
                );
                let _ = read_all(&pdf, QUICK);
                // As an object of its own and as the /MediaBox.
                let pdf = one_page(&arr, "", content(b"BT /F1 10 Tf 9 9 Td (x) Tj ET"));
                let _ = read_all(&pdf, QUICK);
                // As content-stream operands and inline-image dictionaries.
                let ops = format!("BT /F1 10 Tf 9 9 Td {arr} TJ {dict} Tj (after) Tj ET");
                let pdf = one_page("[0 0 612 792]", "", content(ops.as_bytes()));
                let _ = read_all(&pdf, QUICK);
                let nested_parens = format!(
                    "BT /F1 10 Tf 9 9 Td {}x{} Tj ET",
                    "(".repeat(depth),
                    ")".repeat(depth)
                );
                let pdf = one_page("[0 0 612 792]", "", content(nested_parens.as_bytes()));
                let _ = read_all(&pdf, QUICK);
            }
        })
        .unwrap();
    worker
        .join()
        .expect("nested input overflowed the stack or panicked");
}

#[test]
fn reference_chains_and_cyclic_page_trees() {
    // /Contents 5 0 R → 6 0 R → … → 405 0 R → a stream, and a cycle 406 ↔ 407.
    let mut objs: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox 406 0 R /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>"
            .to_vec(),
        FONT.as_bytes().to_vec(),
    ];
    for i in 5..405 {
        objs.push(format!("{} 0 R", i + 1).into_bytes());
    }
    objs.push(content(b"BT /F1 10 Tf 9 9 Td (chain) Tj ET"));
    objs.push(b"407 0 R".to_vec());
    objs.push(b"406 0 R".to_vec());
    let _ = read_all(&raw_pdf(&objs), QUICK);

    // Page tree nodes that list themselves and their parent as kids.
    let pdf = raw_pdf(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [2 0 R 3 0 R 4 0 R] /Count 3 >>".to_vec(),
        b"<< /Type /Page /Parent 4 0 R /MediaBox [0 0 612 792] /Contents 5 0 R >>".to_vec(),
        b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R 4 0 R 3 0 R] /Count 1000000 >>".to_vec(),
        content(b"BT /F1 10 Tf 9 9 Td (cycle) Tj ET"),
    ]);
    match read_all(&pdf, QUICK) {
        Ok(pages) => assert!(!pages.is_empty()),
        Err(e) => assert!(matches!(e, PdfError::Parse(_)), "{e}"),
    }
    // /Parent pointing to itself: inherited attributes terminate.
    let pdf = raw_pdf(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 /Parent 2 0 R >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>".to_vec(),
        content(b"BT /F1 10 Tf 9 9 Td (self) Tj ET"),
    ]);
    let _ = read_all(&pdf, QUICK);
}
