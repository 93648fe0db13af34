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
