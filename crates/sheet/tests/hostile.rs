//! Hostile workbooks built by code: zips of junk posing as xlsx, a zip
//! bomb whose directory lies about the sizes, an ods whose content is not
//! XML, XML nested absurdly deep. Each must give a typed [`SheetError`] or
//! an extraction with diagnostics, never a panic, in bounded time.

use std::io::{Cursor, Write};
use std::time::{Duration, Instant};

use kommunetall_model::Extraction;
use kommunetall_sheet::{Kind, SheetError, extract_bytes};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

type TestResult = Result<(), Box<dyn std::error::Error>>;

const QUICK: Duration = Duration::from_secs(5);

fn zip_of(
    entries: &[(&str, &[u8])],
    method: CompressionMethod,
) -> Result<Vec<u8>, zip::result::ZipError> {
    let mut buf = Cursor::new(Vec::new());
    {
        let mut z = ZipWriter::new(&mut buf);
        let opts = SimpleFileOptions::default().compression_method(method);
        for (name, data) in entries {
            z.start_file(*name, opts)?;
            z.write_all(data)?;
        }
        z.finish()?;
    }
    Ok(buf.into_inner())
}

/// Extracts within the time budget; a success must still be well-formed.
fn timed(bytes: &[u8], kind: Kind) -> Result<Extraction, SheetError> {
    let start = Instant::now();
    let r = extract_bytes(bytes, kind);
    assert!(start.elapsed() < QUICK, "took {:?}", start.elapsed());
    if let Ok(ex) = &r {
        for t in &ex.tables {
            assert!(t.rows.iter().all(|r| r.cells.len() == t.n_cols));
        }
    }
    r
}

fn junk(n: usize, seed: u64) -> Vec<u8> {
    let mut x = seed;
    (0..n)
        .map(|_| {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (x >> 33) as u8
        })
        .collect()
}

const XLSX_PARTS: [&str; 5] = [
    "[Content_Types].xml",
    "_rels/.rels",
    "xl/workbook.xml",
    "xl/_rels/workbook.xml.rels",
    "xl/worksheets/sheet1.xml",
];

#[test]
fn xlsx_that_is_a_zip_of_junk() -> TestResult {
    for (seed, method) in [
        (1, CompressionMethod::Stored),
        (2, CompressionMethod::Deflated),
    ] {
        let parts: Vec<Vec<u8>> = (0..XLSX_PARTS.len())
            .map(|i| junk(2000, seed * 10 + i as u64))
            .collect();
        let entries: Vec<(&str, &[u8])> = XLSX_PARTS
            .iter()
            .zip(&parts)
            .map(|(n, d)| (*n, d.as_slice()))
            .collect();
        let bytes = zip_of(&entries, method)?;
        match timed(&bytes, Kind::Xlsx) {
            Err(SheetError::Corrupt { detail, .. })
            | Err(SheetError::NotASpreadsheet { detail, .. }) => {
                assert!(!detail.is_empty());
            }
            other => panic!("expected a corrupt/not-a-spreadsheet error, got {other:?}"),
        }
        // The same junk named .ods.
        assert!(timed(&bytes, Kind::Ods).is_err());
    }
    // Junk text instead of XML in the right places, valid workbook XML around it.
    let bytes = zip_of(
        &[
            ("[Content_Types].xml", b"<Types/>"),
            ("xl/workbook.xml", b"<<<not xml at all & < >"),
            ("xl/worksheets/sheet1.xml", b"\0\0\0\xff\xfe"),
        ],
        CompressionMethod::Deflated,
    )?;
    assert!(timed(&bytes, Kind::Xlsx).is_err());
    Ok(())
}

fn worksheet_with_string(len: usize) -> Vec<u8> {
    let mut s = b"<?xml version=\"1.0\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>".to_vec();
    s.extend(std::iter::repeat_n(b'A', len));
    s.extend_from_slice(b"</t></is></c></row></sheetData></worksheet>");
    s
}

fn minimal_xlsx(sheet: &[u8], method: CompressionMethod) -> Result<Vec<u8>, zip::result::ZipError> {
    let ct = br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#;
    let rels = br#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
    let wb = br#"<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Ark1" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
    let wbrels = br#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;
    zip_of(
        &[
            ("[Content_Types].xml", ct),
            ("_rels/.rels", rels),
            ("xl/workbook.xml", wb),
            ("xl/_rels/workbook.xml.rels", wbrels),
            ("xl/worksheets/sheet1.xml", sheet),
        ],
        method,
    )
}

/// Overwrites the declared uncompressed size of every entry named `name`
/// (local and central headers).
fn declare_size(zip: &mut [u8], name: &[u8], size: u32) {
    let mut i = 0;
    while i + 46 <= zip.len() {
        let (sig, size_at, name_len_at, name_at) = match &zip[i..i + 4] {
            b"PK\x03\x04" => (true, 22, 26, 30),
            b"PK\x01\x02" => (true, 24, 28, 46),
            _ => (false, 0, 0, 0),
        };
        if sig {
            let n = u16::from_le_bytes([zip[i + name_len_at], zip[i + name_len_at + 1]]) as usize;
            if zip.get(i + name_at..i + name_at + n) == Some(name) {
                zip[i + size_at..i + size_at + 4].copy_from_slice(&size.to_le_bytes());
            }
        }
        i += 1;
    }
}

#[test]
fn a_sane_minimal_xlsx_reads() -> TestResult {
    let bytes = minimal_xlsx(&worksheet_with_string(10), CompressionMethod::Deflated)?;
    timed(&bytes, Kind::Xlsx)?;
    Ok(())
}

#[test]
fn zip_bomb_entry_that_lies_about_its_size() -> TestResult {
    // 4 MiB of sheet XML (one giant string cell) deflated to a few KiB, its
    // directory claiming 2 KiB: the size checks pass, so the reader itself
    // must stop at the declared size instead of inflating everything.
    let sheet = worksheet_with_string(4 << 20);
    let honest = minimal_xlsx(&sheet, CompressionMethod::Deflated)?;
    let mut bytes = honest.clone();
    assert!(bytes.len() < 200_000, "{}", bytes.len());
    declare_size(&mut bytes, b"xl/worksheets/sheet1.xml", 2048);
    match timed(&bytes, Kind::Xlsx) {
        Err(e) => assert!(e.to_string().contains("<bytes>"), "{e}"),
        Ok(ex) => {
            // The sheet is skipped with a diagnostic; nothing of the bomb is kept.
            assert!(ex.tables.is_empty());
            assert!(!ex.diagnostics.is_empty());
        }
    }
    // Declared honestly, the ratio check refuses it before reading.
    let err = timed(&honest, Kind::Xlsx)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(err.contains("compression ratio"), "{err}");
    Ok(())
}

fn ods_with_content(content: &[u8]) -> Result<Vec<u8>, zip::result::ZipError> {
    let mut buf = Cursor::new(Vec::new());
    {
        let mut z = ZipWriter::new(&mut buf);
        z.start_file(
            "mimetype",
            SimpleFileOptions::default().compression_method(CompressionMethod::Stored),
        )?;
        z.write_all(b"application/vnd.oasis.opendocument.spreadsheet")?;
        z.start_file("content.xml", SimpleFileOptions::default())?;
        z.write_all(content)?;
        z.start_file("META-INF/manifest.xml", SimpleFileOptions::default())?;
        z.write_all(b"<?xml version=\"1.0\"?><manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\"/>")?;
        z.finish()?;
    }
    Ok(buf.into_inner())
}

#[test]
fn ods_whose_content_is_not_xml() -> TestResult {
    for content in [
        junk(5000, 7),
        b"%PDF-1.7 this is not xml".to_vec(),
        b"".to_vec(),
        b"<office:document-content><office:body><office:spreadsheet><table:table table:name=\"A\"><table:table-row>".to_vec(),
        b"<?xml version=\"1.0\" encoding=\"UTF-16\"?><a>".to_vec(),
    ] {
        let bytes = ods_with_content(&content)?;
        match timed(&bytes, Kind::Ods) {
            Err(e) => {
                let m = e.to_string();
                assert!(m.contains("<bytes>"), "{m}");
            }
            Ok(ex) => assert!(ex.tables.is_empty(), "{:?}", ex.tables),
        }
    }
    Ok(())
}

#[test]
fn deeply_nested_xml() -> TestResult {
    // 50 000 nested elements inside a cell and inside content.xml: the
    // streaming XML readers must not recurse on them.
    let depth = 50_000;
    let nested = move |tag: &str| {
        let mut s = Vec::new();
        for _ in 0..depth {
            s.extend_from_slice(format!("<{tag}>").as_bytes());
        }
        for _ in 0..depth {
            s.extend_from_slice(format!("</{tag}>").as_bytes());
        }
        s
    };
    let mut sheet = b"<?xml version=\"1.0\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>".to_vec();
    sheet.extend(nested("x"));
    sheet.extend_from_slice(b"</t></is></c></row></sheetData></worksheet>");
    let worker = std::thread::Builder::new().spawn(move || {
        let xlsx = minimal_xlsx(&sheet, CompressionMethod::Deflated).map_err(|e| e.to_string())?;
        let _ = timed(&xlsx, Kind::Xlsx);
        let mut content = b"<?xml version=\"1.0\"?><office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\"><office:body><office:spreadsheet><table:table table:name=\"A\"><table:table-row><table:table-cell>".to_vec();
        content.extend(nested("text:span"));
        content.extend_from_slice(b"</table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>");
        let ods = ods_with_content(&content).map_err(|e| e.to_string())?;
        let _ = timed(&ods, Kind::Ods);
        Ok::<(), String>(())
    })?;
    worker
        .join()
        .map_err(|_| "nested XML overflowed the stack or panicked")??;
    Ok(())
}
