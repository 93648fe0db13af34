//! Workbooks generated in the test (rust_xlsxwriter for xlsx, a hand-built
//! zip for ods): stacked tables, numbers as text, units, merged two-row
//! headers, hidden rows and columns, formulas with cached results,
//! percentages, a contents sheet, and broken files.
//!
//! .xls workbooks (written by the fixture crate's BIFF8 writer) are tested
//! in `xls.rs`; here only junk named .xls.

use std::io::{Cursor, Write};

use kommunetall_model::{Extraction, Location, RowClass, Severity, Table, Unit};
use kommunetall_sheet::{Kind, SheetError, extract, extract_bytes};
use rust_xlsxwriter::{Format, Formula, Workbook};

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn table<'a>(ex: &'a Extraction, id: &str) -> &'a Table {
    ex.tables
        .iter()
        .find(|t| t.table_id == id)
        .unwrap_or_else(|| panic!("table {id} not found in {:?}", ids(ex)))
}

fn ids(ex: &Extraction) -> Vec<&str> {
    ex.tables.iter().map(|t| t.table_id.as_str()).collect()
}

fn value(t: &Table, label: &str, col: usize) -> Option<f64> {
    t.rows
        .iter()
        .find(|r| r.label == label)
        .and_then(|r| r.cells.get(col - 1))
        .and_then(|c| c.value)
}

/// Two tables stacked on one sheet, numbers stored as text, kroner vs
/// millions, a note under each.
fn stacked() -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Ark1")?;
    ws.write_string(0, 0, "Tabell 2.1 Driftsinntekter. Tall i millioner kroner.")?;
    ws.write_string(2, 1, "Regnskap 2023")?;
    ws.write_string(2, 2, "Regnskap 2024")?;
    ws.write_string(3, 0, "Rammetilskudd")?;
    ws.write_string(3, 1, "−4 893")?;
    ws.write_string(3, 2, "−5 253")?;
    ws.write_string(4, 0, "Salgsinntekter")?;
    ws.write_string(4, 1, "2 067,2")?;
    ws.write_string(4, 2, "..")?;
    ws.write_string(5, 0, "Sum inntekter")?;
    ws.write_string(5, 1, "−2 825,8")?;
    ws.write_string(5, 2, "11 2885")?;
    ws.write_string(6, 0, "Kilde: Regnskapet")?;
    ws.write_string(9, 0, "Tabell 2.2 Gebyrer")?;
    ws.write_string(10, 0, "Beløp i kroner")?;
    ws.write_string(11, 1, "2024")?;
    ws.write_string(12, 0, "Vann")?;
    ws.write_number(12, 1, 4321.0)?;
    ws.write_string(13, 0, "Avløp")?;
    ws.write_number(13, 1, 5210.5)?;
    // A third table without caption after a blank gap: header then body.
    ws.write_string(16, 1, "Antall")?;
    ws.write_string(16, 2, "Andel")?;
    ws.write_string(17, 0, "Kvinner")?;
    ws.write_number(17, 1, 10.0)?;
    ws.write_string(17, 2, "19 %")?;
    wb.save_to_buffer()
}

#[test]
fn stacked_tables_text_numbers_and_units() -> TestResult {
    let ex = extract_bytes(&stacked()?, Kind::Xlsx)?;
    assert_eq!(ids(&ex), ["2.1", "2.2", "Ark1-t3"]);
    let t = table(&ex, "2.1");
    assert_eq!(t.unit, Some(Unit::MillionerKroner));
    assert_eq!(t.n_cols, 2);
    assert_eq!(t.column_label(2), "Regnskap 2024");
    assert_eq!(value(t, "Rammetilskudd", 1), Some(-4893.0));
    assert_eq!(value(t, "Rammetilskudd", 2), Some(-5253.0));
    assert_eq!(value(t, "Salgsinntekter", 1), Some(2067.2));
    assert_eq!(value(t, "Salgsinntekter", 2), None);
    assert_eq!(value(t, "Sum inntekter", 2), None, "malformed: no guess");
    assert_eq!(t.rows.len(), 3);
    assert_eq!(t.rows[2].class, RowClass::Sum);
    assert_eq!(t.rows[0].cells[1].sheet_ref.as_deref(), Some("C4"));
    assert_eq!(t.notes, ["Kilde: Regnskapet"]);
    assert!(t.rows.iter().all(|r| r.cells.len() == t.n_cols));
    let d = ex
        .diagnostics
        .iter()
        .find(|d| d.rule == "unparseable_number")
        .expect("diagnostic for 11 2885");
    assert_eq!(d.actual.as_deref(), Some("11 2885"));
    assert_eq!(d.table_id.as_deref(), Some("2.1"));
    assert_eq!(d.row_label.as_deref(), Some("Sum inntekter"));
    assert_eq!(d.column_label.as_deref(), Some("Regnskap 2024"));
    assert_eq!(d.sheet.as_deref(), Some("Ark1"));

    let t = table(&ex, "2.2");
    assert_eq!(t.unit, Some(Unit::Kroner));
    assert_eq!(t.column_label(1), "2024");
    assert_eq!(value(t, "Vann", 1), Some(4321.0));
    assert_eq!(
        t.rows[0].cells[0].text, "4321",
        "General: grouped from 5 digits"
    );
    assert_eq!(value(t, "Avløp", 1), Some(5210.5));
    assert_eq!(t.rows[1].cells[0].text, "5210,5");

    let t = table(&ex, "Ark1-t3");
    assert_eq!(t.caption, None);
    assert_eq!(t.column_label(2), "Andel");
    assert_eq!(value(t, "Kvinner", 2), Some(19.0));
    assert_eq!(t.rows[0].cells[1].unit, Some(Unit::Prosent));
    assert_eq!(
        t.location,
        Location::Sheet {
            name: "Ark1".into()
        }
    );
    Ok(())
}

/// Merged two-row header, hidden row and column, formulas, percentages,
/// blank line between sections, and a contents sheet in front.
fn rich() -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut wb = Workbook::new();
    let contents = wb.add_worksheet();
    contents.set_name("Innhold")?;
    contents.write_string(0, 0, "Vedlegg til årsberetning 2023 – tabeller")?;
    contents.write_string(2, 0, "Tabell 10.4 Ansatte")?;
    contents.write_string(3, 0, "Tabell 10.5 Lønn")?;
    contents.write_string(4, 0, "Tabell 10.6 Permisjon")?;

    let ws = wb.add_worksheet();
    ws.set_name("Tabell 10.4")?;
    let center = Format::new().set_bold();
    let pct = Format::new().set_num_format("0%");
    let pct1 = Format::new().set_num_format("0.0%");
    let thousands = Format::new().set_num_format("#,##0");
    let bold_num = Format::new().set_bold().set_num_format("#,##0");
    let bold = Format::new().set_bold();
    ws.write_string(0, 0, "Tabell 10.4 Antall ansatte og årsverk 2023")?;
    ws.merge_range(2, 1, 2, 3, "Kvinne", &center)?;
    ws.merge_range(2, 4, 2, 5, "Mann", &center)?;
    ws.write_string(3, 0, "Område")?;
    for (c, h) in ["Antall", "Årsverk", "Andel", "Antall", "Årsverk"]
        .iter()
        .enumerate()
    {
        ws.write_string(3, u16::try_from(c + 1).unwrap_or(0), *h)?;
    }
    ws.write_string(4, 0, "Helse")?;
    ws.write_number_with_format(4, 1, 3259.0, &thousands)?;
    ws.write_number(4, 2, 2403.0)?;
    ws.write_number_with_format(4, 3, 0.63, &pct)?;
    ws.write_number(4, 4, 706.0)?;
    ws.write_number(4, 5, 533.0)?;
    // Hidden helper column G with numbers, and a hidden row.
    ws.write_number(4, 6, 999_999.0)?;
    ws.set_column_hidden(6)?;
    ws.write_string(5, 0, "Skjult rad")?;
    ws.write_number(5, 1, 123_456.0)?;
    ws.set_row_hidden(5)?;
    ws.write_string(6, 0, "Oppvekst")?;
    ws.write_number(6, 1, 4269.0)?;
    ws.write_number(6, 2, 3873.0)?;
    ws.write_number_with_format(6, 3, 0.028, &pct1)?;
    ws.write_number(6, 4, 1271.0)?;
    ws.write_number(6, 5, 1191.0)?;
    // Blank line, then a section and its row: the table goes on.
    ws.write_string(8, 0, "Andre")?;
    ws.write_string(9, 0, "Kultur")?;
    ws.write_number(9, 1, 274.0)?;
    ws.write_formula(9, 2, Formula::new("=186").set_result("186"))?;
    ws.write_number(9, 3, 0.58)?;
    ws.write_number(9, 4, 205.0)?;
    ws.write_number(9, 5, 136.0)?;
    ws.write_string_with_format(10, 0, "Sluttsum", &bold)?;
    ws.write_formula_with_format(
        10,
        1,
        Formula::new("=B5+B7+B10").set_result("7802"),
        &bold_num,
    )?;
    ws.write_formula(10, 2, Formula::new("=C5+C7+C10").set_result("6462"))?;
    ws.write_string(12, 0, "* Fast ansatte per 31.12.")?;
    wb.save_to_buffer()
}

#[test]
fn merged_headers_hidden_rows_formulas_percentages() -> TestResult {
    let ex = extract_bytes(&rich()?, Kind::Xlsx)?;
    assert_eq!(ex.report_year, Some(2023));
    assert_eq!(ex.pages_or_sheets, 2);
    assert!(ex.producer.is_some());
    assert_eq!(ids(&ex), ["10.4"], "contents sheet skipped");
    assert!(
        ex.diagnostics
            .iter()
            .any(|d| d.rule == "contents_sheet_skipped" && d.sheet.as_deref() == Some("Innhold"))
    );
    let t = table(&ex, "10.4");
    assert_eq!(t.n_cols, 5, "hidden column G skipped");
    assert_eq!(t.header.len(), 2);
    let spans: Vec<(&str, usize)> = t.header[0]
        .iter()
        .map(|h| (h.text.as_str(), h.span))
        .collect();
    assert_eq!(spans, [("", 1), ("Kvinne", 3), ("Mann", 2)]);
    assert_eq!(t.column_label(0), "Område");
    assert_eq!(t.column_label(1), "Kvinne / Antall");
    assert_eq!(t.column_label(3), "Kvinne / Andel");
    assert_eq!(t.column_label(5), "Mann / Årsverk");
    assert!(
        t.rows.iter().all(|r| r.label != "Skjult rad"),
        "hidden row skipped"
    );
    assert_eq!(value(t, "Helse", 1), Some(3259.0));
    assert_eq!(t.rows[0].cells[0].text, "3 259");
    assert_eq!(value(t, "Helse", 3), Some(63.0));
    assert_eq!(t.rows[0].cells[2].text, "63%");
    assert_eq!(t.rows[0].cells[2].unit, Some(Unit::Prosent));
    assert_eq!(value(t, "Oppvekst", 3), Some(2.8));
    assert_eq!(t.rows[1].cells[2].text, "2,8%");
    // Unformatted 0.58 is not a percentage: stored number as is.
    assert_eq!(value(t, "Kultur", 3), Some(0.58));
    assert_eq!(value(t, "Kultur", 2), Some(186.0), "cached formula result");
    assert_eq!(value(t, "Sluttsum", 1), Some(7802.0));
    assert_eq!(value(t, "Sluttsum", 2), Some(6462.0));
    let classes: Vec<(&str, RowClass)> =
        t.rows.iter().map(|r| (r.label.as_str(), r.class)).collect();
    assert_eq!(
        classes,
        [
            ("Helse", RowClass::Body),
            ("Oppvekst", RowClass::Body),
            ("", RowClass::Body),
            ("Andre", RowClass::Section),
            ("Kultur", RowClass::Body),
            ("Sluttsum", RowClass::Sum),
        ]
    );
    assert_eq!(t.notes, ["* Fast ansatte per 31.12."]);
    assert!(t.rows.iter().all(|r| r.cells.len() == t.n_cols));
    assert_eq!(t.rows[5].cells[0].sheet_ref.as_deref(), Some("B11"));
    Ok(())
}

/// A tiny ods by hand: mimetype, manifest (calamine requires it) and content.xml, with a spanned header, a
/// percentage cell, a hidden row and a repeated cell.
fn ods() -> Result<Vec<u8>, Box<dyn std::error::Error>> {
    let content = r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3">
<office:body><office:spreadsheet>
<table:table table:name="Ark1">
<table:table-column table:number-columns-repeated="4"/>
<table:table-row><table:table-cell office:value-type="string"><text:p>Tabell 3.1 Fordeling. Beløp i tusen kroner</text:p></table:table-cell></table:table-row>
<table:table-row><table:table-cell table:number-columns-repeated="4"/></table:table-row>
<table:table-row><table:table-cell/><table:table-cell office:value-type="string" table:number-columns-spanned="2" table:number-rows-spanned="1"><text:p>Fast</text:p></table:table-cell><table:covered-table-cell/><table:table-cell office:value-type="string"><text:p>Totalt</text:p></table:table-cell></table:table-row>
<table:table-row><table:table-cell office:value-type="string"><text:p>Kjønn</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Antall</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Andel</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Antall</text:p></table:table-cell></table:table-row>
<table:table-row><table:table-cell office:value-type="string"><text:p>Kvinne</text:p></table:table-cell><table:table-cell office:value-type="float" office:value="10426"><text:p>10426</text:p></table:table-cell><table:table-cell office:value-type="percentage" office:value="0.92"><text:p>92%</text:p></table:table-cell><table:table-cell office:value-type="float" office:value="11288"><text:p>11288</text:p></table:table-cell></table:table-row>
<table:table-row table:visibility="collapse"><table:table-cell office:value-type="string"><text:p>Skjult</text:p></table:table-cell><table:table-cell office:value-type="float" office:value="5" table:number-columns-repeated="3"><text:p>5</text:p></table:table-cell></table:table-row>
<table:table-row><table:table-cell office:value-type="string"><text:p>Mann</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>3 536</text:p></table:table-cell><table:table-cell office:value-type="percentage" office:value="0.91"><text:p>91%</text:p></table:table-cell><table:table-cell office:value-type="float" office:value="3870"><text:p>3870</text:p></table:table-cell></table:table-row>
</table:table>
</office:spreadsheet></office:body></office:document-content>"#;
    let mut buf = Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut buf);
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        zip.start_file("mimetype", stored)?;
        zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")?;
        zip.start_file("META-INF/manifest.xml", stored)?;
        zip.write_all(
            br#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">
<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>"#,
        )?;
        zip.start_file("content.xml", stored)?;
        zip.write_all(content.as_bytes())?;
        zip.finish()?;
    }
    Ok(buf.into_inner())
}

#[test]
fn handmade_ods() -> TestResult {
    let ex = extract_bytes(&ods()?, Kind::Ods)?;
    assert_eq!(ids(&ex), ["3.1"]);
    let t = table(&ex, "3.1");
    assert_eq!(t.unit, Some(Unit::TusenKroner));
    assert_eq!(t.n_cols, 3);
    assert_eq!(t.column_label(1), "Fast / Antall");
    assert_eq!(t.column_label(2), "Fast / Andel");
    assert_eq!(t.column_label(3), "Totalt / Antall");
    assert_eq!(t.header[0][1].span, 2);
    let labels: Vec<&str> = t.rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(labels, ["Kvinne", "Mann"], "hidden row skipped");
    assert_eq!(value(t, "Kvinne", 1), Some(10426.0));
    assert_eq!(value(t, "Kvinne", 2), Some(92.0));
    assert_eq!(t.rows[0].cells[1].unit, Some(Unit::Prosent));
    assert_eq!(t.rows[0].cells[1].text, "92%");
    assert_eq!(value(t, "Mann", 1), Some(3536.0));
    assert_eq!(value(t, "Mann", 2), Some(91.0));
    assert_eq!(t.rows[1].cells[1].sheet_ref.as_deref(), Some("C7"));
    Ok(())
}

#[test]
fn ods_named_xlsx_is_read_as_ods() -> TestResult {
    let ex = extract_bytes(&ods()?, Kind::Xlsx)?;
    assert_eq!(ids(&ex), ["3.1"]);
    assert!(ex.diagnostics.iter().any(|d| d.rule == "format_mismatch"));
    Ok(())
}

fn message(r: Result<Extraction, SheetError>) -> String {
    match r {
        Ok(_) => panic!("expected an error"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn broken_files_give_clear_errors() -> TestResult {
    let dir = std::env::temp_dir().join(format!("kommunetall-sheet-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;

    // Junk renamed .xlsx.
    let junk = dir.join("junk.xlsx");
    std::fs::write(&junk, [0x13u8, 0x37, 0x00, 0xff, 0x10, 0x20, 0x00, 0x01])?;
    let m = message(extract(&junk));
    assert!(
        m.contains("junk.xlsx") && m.contains("not a zip archive"),
        "{m}"
    );

    // A PDF renamed .xls.
    let pdf = dir.join("report.xls");
    std::fs::write(&pdf, b"%PDF-1.7\n...")?;
    let m = message(extract(&pdf));
    assert!(m.contains("report.xls") && m.contains("PDF"), "{m}");

    // Truncated zip: the first half of a real workbook.
    let good = stacked()?;
    let cut = dir.join("cut.xlsx");
    std::fs::write(&cut, &good[..good.len() / 2])?;
    let m = message(extract(&cut));
    assert!(
        m.contains("cut.xlsx") && m.contains("truncated or corrupt"),
        "{m}"
    );

    // Empty file, unknown extension, missing file.
    let empty = dir.join("empty.ods");
    std::fs::write(&empty, b"")?;
    assert!(message(extract(&empty)).contains("empty"));
    assert!(message(extract(&dir.join("a.csv"))).contains("not a spreadsheet"));
    assert!(message(extract(&dir.join("missing.xlsx"))).contains("cannot read"));

    // A zip that is no workbook.
    let mut buf = Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut buf);
        zip.start_file("hello.txt", zip::write::SimpleFileOptions::default())?;
        zip.write_all(b"hi")?;
        zip.finish()?;
    }
    let m = message(extract_bytes(buf.get_ref(), Kind::Xlsx));
    assert!(m.contains("not a spreadsheet"), "{m}");

    // An OLE file that is not a workbook (random sectors after the magic).
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.extend(std::iter::repeat_n(0xABu8, 600));
    let m = message(extract_bytes(&ole, Kind::Xls));
    assert!(m.contains("corrupt"), "{m}");

    std::fs::remove_dir_all(&dir)?;
    Ok(())
}

/// Overwrites the declared uncompressed size of every entry (local and
/// central headers), as a zip bomb's directory would read.
fn declare_size(zip: &mut [u8], size: u32) {
    let mut i = 0;
    while i + 30 <= zip.len() {
        match &zip[i..i + 4] {
            b"PK\x03\x04" => zip[i + 22..i + 26].copy_from_slice(&size.to_le_bytes()),
            b"PK\x01\x02" => zip[i + 24..i + 28].copy_from_slice(&size.to_le_bytes()),
            _ => {}
        }
        i += 1;
    }
}

#[test]
fn zip_bomb_is_refused_before_reading() -> TestResult {
    // A real workbook whose entries claim 2 GiB each.
    let mut bytes = stacked()?;
    declare_size(&mut bytes, 0x7fff_ffff);
    let m = message(extract_bytes(&bytes, Kind::Xlsx));
    assert!(m.contains("refused") && m.contains("declares"), "{m}");

    // A high compression ratio: 64 MiB of zeros in a ~64 KiB entry.
    let mut buf = Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        zip.start_file("[Content_Types].xml", opts)?;
        zip.write_all(b"<Types/>")?;
        zip.start_file("xl/worksheets/sheet1.xml", opts)?;
        zip.write_all(&vec![0u8; 64 * 1024 * 1024])?;
        zip.finish()?;
    }
    let m = message(extract_bytes(buf.get_ref(), Kind::Xlsx));
    assert!(
        m.contains("compression ratio") && m.contains("sheet1.xml"),
        "{m}"
    );
    Ok(())
}

#[test]
fn unreadable_sheet_is_a_diagnostic_not_a_failure() -> TestResult {
    // Replace the second sheet's XML with garbage; the first still loads.
    let mut wb = Workbook::new();
    wb.add_worksheet()
        .set_name("God")?
        .write_string(0, 0, "Tabell 1.1 Test")?
        .write_string(1, 1, "2024")?
        .write_string(2, 0, "Rad")?
        .write_number(2, 1, 42.0)?;
    wb.add_worksheet()
        .set_name("Ødelagt")?
        .write_string(0, 0, "x")?;
    let good = wb.save_to_buffer()?;
    let mut archive = zip::ZipArchive::new(Cursor::new(good))?;
    let mut out = Cursor::new(Vec::new());
    {
        let mut w = zip::ZipWriter::new(&mut out);
        for i in 0..archive.len() {
            let mut f = archive.by_index(i)?;
            let name = f.name().map(|n| n.into_owned())?;
            let mut data = Vec::new();
            std::io::Read::read_to_end(&mut f, &mut data)?;
            if name == "xl/worksheets/sheet2.xml" {
                data = b"<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"n\"><v>12".to_vec();
            }
            w.start_file(name, zip::write::SimpleFileOptions::default())?;
            w.write_all(&data)?;
        }
        w.finish()?;
    }
    let ex = extract_bytes(out.get_ref(), Kind::Xlsx)?;
    assert_eq!(ids(&ex), ["1.1"]);
    assert_eq!(value(table(&ex, "1.1"), "Rad", 1), Some(42.0));
    let d = ex
        .diagnostics
        .iter()
        .find(|d| d.rule == "sheet_unreadable")
        .expect("diagnostic for the broken sheet");
    assert_eq!(d.severity, Severity::Error);
    assert_eq!(d.sheet.as_deref(), Some("Ødelagt"));
    Ok(())
}

#[test]
fn never_panics_on_mangled_bytes() -> TestResult {
    let good = rich()?;
    let ods = ods()?;
    for src in [&good, &ods] {
        // Flip bytes across the file and cut it at many lengths.
        let step = (src.len() / 97).max(1);
        for i in (0..src.len()).step_by(step) {
            let mut b = src.clone();
            b[i] ^= 0x5a;
            let _ = extract_bytes(&b, Kind::Xlsx);
            let _ = extract_bytes(&src[..i], Kind::Ods);
        }
    }
    Ok(())
}
