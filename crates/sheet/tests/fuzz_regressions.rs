//! Inputs found by `cargo fuzz` (target `sheet_read`, see fuzz/README.md)
//! that once crashed the reader, rebuilt by code in their minimal form.

use std::io::{Cursor, Write};

use kommunetall_model::Severity;
use kommunetall_sheet::{Kind, extract_bytes};
use zip::ZipWriter;
use zip::write::SimpleFileOptions;

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// A one-sheet xlsx whose sheet XML is `sheet_data` inside `<sheetData>`.
fn xlsx(sheet_data: &str) -> Result<Vec<u8>, zip::result::ZipError> {
    let parts: [(&str, String); 5] = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#.to_owned(),
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_owned(),
        ),
        (
            "xl/workbook.xml",
            r#"<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Ark1" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_owned(),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#.to_owned(),
        ),
        (
            "xl/worksheets/sheet1.xml",
            format!(
                r#"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{sheet_data}</sheetData></worksheet>"#
            ),
        ),
    ];
    let mut buf = Cursor::new(Vec::new());
    {
        let mut z = ZipWriter::new(&mut buf);
        for (name, data) in &parts {
            z.start_file(*name, SimpleFileOptions::default())?;
            z.write_all(data.as_bytes())?;
        }
        z.finish()?;
    }
    Ok(buf.into_inner())
}

/// calamine 0.38 computes a cell reference's row and column with unchecked
/// `u32` arithmetic: "A99999999999" overflows (a panic where overflow checks
/// are on, as in debug builds and under the fuzzer). The reader's panic must
/// become a diagnostic for that sheet, not a crash.
#[test]
fn overlong_cell_reference() -> TestResult {
    for cell in [
        r#"<row r="1"><c r="A99999999999"><v>1</v></c></row>"#,
        r#"<row r="1"><c r="ZZZZZZZZZZZZ1"><v>1</v></c></row>"#,
        r#"<row r="99999999999"><c><v>1</v></c></row>"#,
    ] {
        let bytes = xlsx(cell)?;
        match extract_bytes(&bytes, Kind::Xlsx) {
            Ok(ex) => {
                // With overflow checks (debug builds) calamine panics and the
                // sheet is reported unreadable; without them it wraps.
                let unreadable = ex.diagnostics.iter().find(|d| d.rule == "sheet_unreadable");
                if cfg!(debug_assertions) {
                    let d = unreadable.ok_or("no sheet_unreadable diagnostic")?;
                    assert_eq!(d.severity, Severity::Error);
                    assert_eq!(d.sheet.as_deref(), Some("Ark1"));
                }
            }
            Err(e) => assert!(e.to_string().contains("<bytes>"), "{e}"),
        }
    }
    Ok(())
}

/// Found by `sheet_read` seeded with .xls files: an OLE file whose FAT is
/// all zeros, so the directory chain (sector 0 → 0 → …) never ends.
/// calamine 0.38 follows the directory chain without any limit and
/// allocated until the process died (out of memory). The crate's own
/// container check now refuses such a file before calamine reads it.
#[test]
fn ole_chain_that_loops() {
    let mut b = vec![0u8; 1024];
    b[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    b[26] = 3; // version 3
    b[30] = 9; // 512-byte sectors
    b[32] = 6; // 64-byte mini sectors
    b[44] = 1; // one FAT sector
    // Directory at sector 0 (b[48..52] = 0), no mini FAT, no DIFAT chain.
    b[60..64].copy_from_slice(&0xFFFF_FFFEu32.to_le_bytes());
    b[68..72].copy_from_slice(&0xFFFF_FFFEu32.to_le_bytes());
    // DIFAT: the FAT is sector 0 (zeros: every FAT entry points at sector 0).
    for i in 1..109 {
        b[76 + 4 * i..80 + 4 * i].copy_from_slice(&[0xFF; 4]);
    }
    let start = std::time::Instant::now();
    match extract_bytes(&b, Kind::Xls) {
        Ok(_) => panic!("a looping container must be refused"),
        Err(e) => {
            let m = e.to_string();
            assert!(m.contains("<bytes>") && m.contains("loops"), "{m}");
        }
    }
    assert!(start.elapsed() < std::time::Duration::from_secs(5));
}

/// Found by `sheet_read` seeded with .xls files: a sheet whose DIMENSIONS
/// record declares billions of rows. calamine 0.38 reserves room for rows ×
/// columns cells up front; the allocation fails and the process aborts (no
/// panic to catch). The crate now checks the DIMENSIONS records before
/// calamine reads the workbook and refuses the file, naming the sheet.
#[test]
fn xls_dimensions_beyond_the_grid() -> TestResult {
    let mut wb = kommunetall_fixture::xls::Workbook::new();
    wb.add_sheet("Stor").number(0, 0, 1.0, &Default::default());
    let mut stream = wb.biff_stream();
    // DIMENSIONS (0x0200, 14 bytes): rwMic u32, rwMac u32, colMic, colMac.
    let at = stream
        .windows(4)
        .position(|w| w == [0x00, 0x02, 0x0E, 0x00])
        .ok_or("no DIMENSIONS record")?;
    stream[at + 8..at + 12].copy_from_slice(&u32::MAX.to_le_bytes());
    stream[at + 14..at + 16].copy_from_slice(&200u16.to_le_bytes());
    let bytes = kommunetall_fixture::xls::compound_file("Workbook", &stream);
    match extract_bytes(&bytes, Kind::Xls) {
        Ok(_) => return Err("a sheet declaring 4 billion rows must be refused".into()),
        Err(e) => {
            let m = e.to_string();
            assert!(m.contains("Stor") && m.contains("DIMENSIONS"), "{m}");
        }
    }
    Ok(())
}

/// Found by `sheet_read` right after the DIMENSIONS fix: cell records may
/// name any column up to 65 535 (the grid has 256), and calamine 0.38
/// stores a sheet as one dense rectangle over all its cells: two cells at
/// A1 and at row 60 001, column 60 001 ask for 3.6 billion cells, and the
/// failed allocation aborts the process. Refused before calamine reads it.
#[test]
fn xls_cells_spanning_beyond_the_grid() -> TestResult {
    let mut wb = kommunetall_fixture::xls::Workbook::new();
    wb.add_sheet("Vid")
        .number(0, 0, 1.0, &Default::default())
        .number(60_000, 60_000, 2.0, &Default::default());
    match extract_bytes(&wb.to_xls(), Kind::Xls) {
        Ok(_) => Err("cells spanning 60 001 × 60 001 must be refused".into()),
        Err(e) => {
            let m = e.to_string();
            assert!(m.contains("Vid") && m.contains("65 536 × 256"), "{m}");
            Ok(())
        }
    }
}
