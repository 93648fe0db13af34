//! Legacy .xls workbooks written by the fixture crate's BIFF8 writer: the
//! number formats, bold fonts and hidden rows/columns read from the BIFF
//! stream make an .xls read exactly like the same workbook saved as .xlsx
//! (percentages as displayed, "92%" → 92 with unit "prosent"). When the
//! stream cannot be read, the numbers are taken as stored and a warning
//! names the file (and the sheet).

use std::time::{Duration, Instant};

use kommunetall_fixture::xls::{self, Style, compound_file, compound_file_version};
use kommunetall_model::{Diagnostic, Extraction, RowClass, Severity, Table};
use kommunetall_sheet::{Kind, extract, extract_bytes};
use rust_xlsxwriter::{Format, Workbook};

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// One cell of a test workbook, written alike to .xls and .xlsx.
enum V {
    N(f64),
    T(&'static str),
    F(f64),
}

struct C {
    r: u16,
    c: u16,
    v: V,
    fmt: Option<&'static str>,
    bold: bool,
}

fn c(r: u16, c: u16, v: V) -> C {
    C {
        r,
        c,
        v,
        fmt: None,
        bold: false,
    }
}

fn f(r: u16, c: u16, v: V, fmt: &'static str) -> C {
    C {
        r,
        c,
        v,
        fmt: Some(fmt),
        bold: false,
    }
}

fn bold(mut x: C) -> C {
    x.bold = true;
    x
}

struct SheetSpec {
    name: &'static str,
    cells: Vec<C>,
    hidden_rows: Vec<u16>,
    hidden_cols: Vec<u16>,
    merges: Vec<(u16, u16, u16, u16)>,
}

/// A stacked appendix sheet: three tables one under the other, with
/// thousands formats, percentages (built-in 0% and 0.00%, custom 0.0%),
/// a date, numbers as text, a bold sum, a hidden row and column and a
/// merged header; then a second, plain sheet.
fn appendix() -> Vec<SheetSpec> {
    use V::{F, N, T};
    let cells = vec![
        c(0, 0, T("Tabell 1.1 Økonomisk oversikt. Millioner kroner")),
        c(1, 1, T("Regnskap")),
        c(2, 1, T("2023")),
        c(2, 2, T("2024")),
        c(3, 0, T("Rammetilskudd")),
        f(3, 1, N(-4893.0), "#,##0"),
        f(3, 2, N(-5253.0), "#,##0"),
        c(4, 0, T("Salgsinntekter")),
        f(4, 1, N(2067.2), "#,##0.0"),
        f(4, 2, N(2110.4), "#,##0.0"),
        c(5, 0, T("Overføringer")),
        c(5, 1, N(13.0)),
        c(5, 2, N(14.0)),
        bold(c(6, 0, T("Netto driftsresultat"))),
        bold(f(6, 1, F(-2812.8), "#,##0.0")),
        bold(f(6, 2, F(-3128.6), "#,##0.0")),
        c(7, 0, T("Kilde: Regnskapet")),
        c(10, 0, T("Tabell 10.11 Heltid og deltid")),
        c(11, 1, T("Antall")),
        c(11, 2, T("Andel heltid")),
        c(11, 3, T("Stillingsandel")),
        c(11, 4, T("Hjelp")),
        c(11, 5, T("Andel av alle")),
        c(12, 0, T("Kvinne")),
        c(12, 1, N(10426.0)),
        f(12, 2, N(0.92), "0%"),
        f(12, 3, N(0.028), "0.0%"),
        c(12, 4, N(999_999.0)),
        f(12, 5, N(0.7462), "0.00%"),
        c(13, 0, T("Skjult rad")),
        c(13, 1, N(123_456.0)),
        f(13, 2, N(0.5), "0%"),
        c(14, 0, T("Mann")),
        c(14, 1, N(3536.0)),
        f(14, 2, N(0.91), "0%"),
        f(14, 3, N(0.011), "0.0%"),
        c(14, 4, N(999_999.0)),
        f(14, 5, N(0.2538), "0.00%"),
        bold(c(15, 0, T("Sluttsum"))),
        bold(c(15, 1, N(13962.0))),
        bold(f(15, 2, N(0.91), "0%")),
        bold(f(15, 3, N(0.024), "0.0%")),
        bold(f(15, 5, N(1.0), "0.00%")),
        c(18, 0, T("Tabell 3.1 Vedtak")),
        c(19, 1, T("Dato")),
        c(19, 2, T("Andel")),
        c(19, 3, T("Beløp")),
        c(20, 0, T("Budsjett")),
        f(20, 1, N(45352.0), "dd.mm.yyyy"),
        c(20, 2, N(0.58)),
        c(20, 3, T("1 234,5")),
        c(21, 0, T("Regnskap")),
        c(21, 1, T("ikke vedtatt")),
        c(21, 2, T("19 %")),
        c(21, 3, N(98_765.25)),
    ];
    let second = vec![
        c(0, 0, T("Tabell 4.1 Nøkkeltall")),
        c(1, 1, T("2024")),
        c(2, 0, T("Innbyggere")),
        c(2, 1, N(214_565.0)),
        c(3, 0, T("Andel over 80 år")),
        f(3, 1, N(0.043), "0.0%"),
    ];
    vec![
        SheetSpec {
            name: "Tabeller",
            cells,
            hidden_rows: vec![13],
            hidden_cols: vec![4],
            merges: vec![(1, 1, 1, 2)],
        },
        SheetSpec {
            name: "Nøkkeltall",
            cells: second,
            hidden_rows: vec![],
            hidden_cols: vec![],
            merges: vec![],
        },
    ]
}

fn to_xls(spec: &[SheetSpec]) -> xls::Workbook {
    let mut wb = xls::Workbook::new();
    for s in spec {
        let sh = wb.add_sheet(s.name);
        for x in &s.cells {
            let style = Style {
                num_format: x.fmt.map(str::to_owned),
                bold: x.bold,
            };
            match x.v {
                V::N(v) => sh.number(x.r, x.c, v, &style),
                V::T(t) => sh.text(x.r, x.c, t, &style),
                V::F(v) => sh.formula(x.r, x.c, v, &style),
            };
        }
        for &r in &s.hidden_rows {
            sh.hide_row(r);
        }
        for &c in &s.hidden_cols {
            sh.hide_col(c);
        }
        for &(r1, c1, r2, c2) in &s.merges {
            sh.merge(r1, c1, r2, c2);
        }
    }
    wb
}

fn to_xlsx(spec: &[SheetSpec]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut wb = Workbook::new();
    for s in spec {
        let ws = wb.add_worksheet();
        ws.set_name(s.name)?;
        for x in &s.cells {
            let mut fmt = Format::new();
            if let Some(code) = x.fmt {
                fmt = fmt.set_num_format(code);
            }
            if x.bold {
                fmt = fmt.set_bold();
            }
            let (r, c) = (u32::from(x.r), x.c);
            match x.v {
                V::N(v) => ws.write_number_with_format(r, c, v, &fmt)?,
                V::T(t) => ws.write_string_with_format(r, c, t, &fmt)?,
                V::F(v) => ws.write_formula_with_format(
                    r,
                    c,
                    rust_xlsxwriter::Formula::new(format!("={v}")).set_result(v.to_string()),
                    &fmt,
                )?,
            };
        }
        for &r in &s.hidden_rows {
            ws.set_row_hidden(u32::from(r))?;
        }
        for &c in &s.hidden_cols {
            ws.set_column_hidden(c)?;
        }
        for &(r1, c1, r2, c2) in &s.merges {
            let text = s
                .cells
                .iter()
                .find(|x| x.r == r1 && x.c == c1)
                .and_then(|x| match x.v {
                    V::T(t) => Some(t),
                    _ => None,
                })
                .unwrap_or("");
            ws.merge_range(u32::from(r1), c1, u32::from(r2), c2, text, &Format::new())?;
        }
    }
    wb.save_to_buffer()
}

fn table<'a>(ex: &'a Extraction, id: &str) -> &'a Table {
    ex.tables
        .iter()
        .find(|t| t.table_id == id)
        .unwrap_or_else(|| panic!("table {id} not found"))
}

/// (value, text, unit) of the cell in the row labelled `label`, value column `col` (1-based).
fn cell(t: &Table, label: &str, col: usize) -> (Option<f64>, String, Option<String>) {
    let c = t
        .rows
        .iter()
        .find(|r| r.label == label)
        .and_then(|r| r.cells.get(col - 1))
        .unwrap_or_else(|| panic!("{label} col {col} not in {}", t.table_id));
    (
        c.value,
        c.text.clone(),
        c.unit.map(|u| u.as_str().to_owned()),
    )
}

fn no_format_warning(ex: &Extraction) {
    for d in &ex.diagnostics {
        assert_ne!(d.rule, "xls_formats_unknown", "{}", d.message);
    }
}

#[test]
fn percentages_as_displayed_like_xlsx() -> TestResult {
    let spec = appendix();
    let wb = to_xls(&spec);
    assert!(
        wb.biff_stream().len() < 4096,
        "small workbook: the stream is in the mini stream"
    );
    let ex = extract_bytes(&wb.to_xls(), Kind::Xls)?;
    no_format_warning(&ex);
    let ids: Vec<&str> = ex.tables.iter().map(|t| t.table_id.as_str()).collect();
    assert_eq!(ids, ["1.1", "10.11", "3.1", "4.1"]);

    let t = table(&ex, "10.11");
    let pct = Some("prosent".to_owned());
    assert_eq!(
        cell(t, "Kvinne", 2),
        (Some(92.0), "92%".into(), pct.clone())
    );
    assert_eq!(cell(t, "Mann", 2), (Some(91.0), "91%".into(), pct.clone()));
    // "0.0%" (a custom FORMAT record): one decimal.
    assert_eq!(
        cell(t, "Kvinne", 3),
        (Some(2.8), "2,8%".into(), pct.clone())
    );
    assert_eq!(cell(t, "Mann", 3), (Some(1.1), "1,1%".into(), pct.clone()));
    // Built-in 10 "0.00%": two decimals.
    assert_eq!(
        cell(t, "Kvinne", 4),
        (Some(74.62), "74,62%".into(), pct.clone())
    );
    assert_eq!(
        cell(t, "Sluttsum", 4),
        (Some(100.0), "100,00%".into(), pct.clone())
    );
    // Plain numbers unchanged; their unit is the column's ("Antall"), as
    // the lexicon reads it for every source.
    assert_eq!(
        cell(t, "Kvinne", 1),
        (Some(10426.0), "10 426".into(), Some("antall".into())),
        "General: grouped from 5 digits, as for xlsx"
    );
    assert_eq!(
        cell(t, "Sluttsum", 1),
        (Some(13962.0), "13 962".into(), Some("antall".into()))
    );
    assert_eq!(t.n_cols, 4, "hidden column E skipped");
    let labels: Vec<&str> = t.rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(labels, ["Kvinne", "Mann", "Sluttsum"], "hidden row skipped");

    let t = table(&ex, "1.1");
    assert_eq!(t.unit.map(|u| u.as_str()), Some("millioner kroner"));
    assert_eq!(t.column_label(2), "Regnskap / 2024", "merged header");
    assert_eq!(
        cell(t, "Rammetilskudd", 1),
        (Some(-4893.0), "−4 893".into(), None)
    );
    assert_eq!(
        cell(t, "Salgsinntekter", 2),
        (Some(2110.4), "2 110,4".into(), None)
    );
    assert_eq!(cell(t, "Overføringer", 1), (Some(13.0), "13".into(), None));
    assert_eq!(
        cell(t, "Netto driftsresultat", 2),
        (Some(-3128.6), "−3 128,6".into(), None),
        "cached formula result"
    );
    let classes: Vec<RowClass> = t.rows.iter().map(|r| r.class).collect();
    assert_eq!(
        classes,
        [
            RowClass::Body,
            RowClass::Body,
            RowClass::Body,
            RowClass::Sum
        ],
        "bold label marks the sum"
    );
    assert_eq!(t.notes, ["Kilde: Regnskapet"]);

    // Dates stay text, text stays text, numbers as text parse as before.
    let t = table(&ex, "3.1");
    assert_eq!(cell(t, "Budsjett", 1), (None, "01.03.2024".into(), None));
    assert_eq!(cell(t, "Budsjett", 2), (Some(0.58), "0,58".into(), None));
    assert_eq!(
        cell(t, "Budsjett", 3),
        (Some(1234.5), "1 234,5".into(), None)
    );
    assert_eq!(cell(t, "Regnskap", 1), (None, "ikke vedtatt".into(), None));
    assert_eq!(
        cell(t, "Regnskap", 2),
        (Some(19.0), "19 %".into(), pct.clone())
    );
    assert_eq!(
        cell(t, "Regnskap", 3),
        (Some(98765.25), "98 765,25".into(), None)
    );

    let t = table(&ex, "4.1");
    assert_eq!(
        cell(t, "Andel over 80 år", 1),
        (Some(4.3), "4,3%".into(), pct)
    );
    Ok(())
}

#[test]
fn xls_reads_exactly_like_the_same_xlsx() -> TestResult {
    let spec = appendix();
    let from_xls = extract_bytes(&to_xls(&spec).to_xls(), Kind::Xls)?;
    let from_xlsx = extract_bytes(&to_xlsx(&spec)?, Kind::Xlsx)?;
    assert_eq!(from_xls.tables, from_xlsx.tables);
    assert_eq!(from_xls.report_year, from_xlsx.report_year);
    Ok(())
}

/// A workbook whose stream is over 4 096 bytes (regular sectors through the
/// FAT, not the mini stream), with many shared strings (SST + CONTINUE).
fn big() -> xls::Workbook {
    rows(900)
}

/// A table of `n` rows with a percentage column.
fn rows(n: u16) -> xls::Workbook {
    let mut wb = xls::Workbook::new();
    let sh = wb.add_sheet("Stor");
    let plain = Style::default();
    let pct = Style::format("0.0%");
    sh.text(0, 0, "Tabell 7.1 Mange rader", &plain)
        .text(1, 1, "Antall", &plain)
        .text(1, 2, "Andel", &plain);
    for i in 0..n {
        let label = format!("Enhet nummer {i} med et langt navn for å fylle strengtabellen");
        sh.text(i + 2, 0, &label, &plain)
            .number(i + 2, 1, f64::from(i) * 10.0, &plain)
            .number(i + 2, 2, f64::from(i) / 1000.0, &pct);
    }
    wb
}

#[test]
fn big_workbook_in_regular_sectors() -> TestResult {
    let wb = big();
    assert!(
        wb.biff_stream().len() > 8224 * 2,
        "SST needs CONTINUE records"
    );
    let ex = extract_bytes(&wb.to_xls(), Kind::Xls)?;
    no_format_warning(&ex);
    let t = table(&ex, "7.1");
    assert_eq!(t.rows.len(), 900);
    let label = "Enhet nummer 123 med et langt navn for å fylle strengtabellen";
    assert_eq!(
        cell(t, label, 2),
        (Some(12.3), "12,3%".into(), Some("prosent".into()))
    );
    assert_eq!(
        cell(t, label, 1),
        (Some(1230.0), "1230".into(), Some("antall".into()))
    );
    Ok(())
}

/// Version 4 containers (4 096-byte sectors), and the BIFF5-era stream
/// name "Book": formats are read all the same, from the mini stream and
/// from regular sectors.
#[test]
fn container_variants() -> TestResult {
    let small = to_xls(&appendix()).biff_stream();
    let big = rows(200).biff_stream();
    assert!(small.len() < 4096 && big.len() > 4096);
    let label = "Enhet nummer 150 med et langt navn for å fylle strengtabellen";
    for (name, version) in [("Workbook", 4), ("Book", 3), ("Book", 4)] {
        let ex = extract_bytes(&compound_file_version(name, &small, version), Kind::Xls)?;
        no_format_warning(&ex);
        let t = table(&ex, "10.11");
        assert_eq!(cell(t, "Kvinne", 2).0, Some(92.0), "{name} v{version}");
        let file = compound_file_version(name, &big, version);
        if version == 3 {
            let ex = extract_bytes(&file, Kind::Xls)?;
            no_format_warning(&ex);
            let t = table(&ex, "7.1");
            assert_eq!(cell(t, label, 2).0, Some(15.0), "{name} v{version}");
        } else {
            // calamine 0.38 refuses a version 4 file without a mini stream
            // ("Empty Root directory"); the format reader alone reads it:
            // 3 header cells and 3 per row.
            let [read, _] = kommunetall_sheet::fuzzing::xls_formats(&file);
            assert_eq!(read?, [3 + 200 * 3], "{name} v{version}");
        }
    }
    Ok(())
}

/// Extracts `bytes` written to a file `name` (so messages name it).
fn extract_file(name: &str, bytes: &[u8]) -> Result<Extraction, Box<dyn std::error::Error>> {
    let dir = std::env::temp_dir().join(format!("kommunetall-xls-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let path = dir.join(name);
    std::fs::write(&path, bytes)?;
    let ex = extract(&path);
    std::fs::remove_dir_all(&dir)?;
    Ok(ex?)
}

/// The one `xls_formats_unknown` warning of an extraction.
fn format_warning(ex: &Extraction) -> Result<&Diagnostic, String> {
    let mut found = ex
        .diagnostics
        .iter()
        .filter(|d| d.rule == "xls_formats_unknown");
    match (found.next(), found.next()) {
        (Some(d), None) => {
            assert_eq!(d.severity, Severity::Warning);
            Ok(d)
        }
        (None, _) => Err("no xls_formats_unknown diagnostic".into()),
        (Some(_), Some(_)) => Err("more than one xls_formats_unknown diagnostic".into()),
    }
}

/// The last sheet's substream lacks its EOF record (a cut stream): calamine
/// still reads its cells; its formats are unknown, so that sheet's numbers
/// are taken as stored with a warning naming file and sheet, and the other
/// sheet keeps its formats.
#[test]
fn unreadable_sheet_formats_fall_back_with_a_warning() -> TestResult {
    let spec = appendix();
    let mut stream = to_xls(&spec).biff_stream();
    assert_eq!(stream[stream.len() - 4..], [0x0A, 0x00, 0x00, 0x00]);
    stream.truncate(stream.len() - 4);
    let ex = extract_file("kuttet.xls", &compound_file("Workbook", &stream))?;
    let d = format_warning(&ex)?;
    assert_eq!(d.sheet.as_deref(), Some("Nøkkeltall"));
    assert!(d.message.contains("kuttet.xls") && d.message.contains("Nøkkeltall"));
    // That sheet: the fraction as stored. The first sheet: as displayed.
    let t = table(&ex, "4.1");
    assert_eq!(cell(t, "Andel over 80 år", 1).0, Some(0.043));
    let t = table(&ex, "10.11");
    assert_eq!(cell(t, "Kvinne", 2).0, Some(92.0));
    Ok(())
}

/// The container declares a longer workbook stream than its chain holds:
/// calamine reads the chain, the format reader refuses; the whole workbook
/// is read as stored, with one warning naming the file.
#[test]
fn unreadable_container_falls_back_with_a_warning() -> TestResult {
    let mut bytes = big().to_xls();
    // Directory entry 1, in the sector the header names.
    let dir_sector = u32::from_le_bytes(bytes[48..52].try_into()?) as usize;
    let entry = 512 * (dir_sector + 1) + 128;
    let name: Vec<u8> = "Workbook"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    assert_eq!(bytes[entry..entry + name.len()], name[..]);
    let size = u32::from_le_bytes(bytes[entry + 120..entry + 124].try_into()?);
    bytes[entry + 120..entry + 124].copy_from_slice(&(size + 100_000).to_le_bytes());
    let ex = extract_file("skadet.xls", &bytes)?;
    let d = format_warning(&ex)?;
    assert!(d.message.contains("skadet.xls"), "{}", d.message);
    assert_eq!(d.sheet, None);
    let t = table(&ex, "7.1");
    let label = "Enhet nummer 123 med et langt navn for å fylle strengtabellen";
    assert_eq!(cell(t, label, 2).0, Some(0.123), "as stored");
    Ok(())
}

#[test]
fn never_panics_on_mangled_xls() {
    let small = to_xls(&appendix()).to_xls();
    let medium = rows(40);
    assert!(medium.biff_stream().len() > 4096, "regular sectors");
    let medium = medium.to_xls();
    let start = Instant::now();
    for src in [&small, &medium] {
        let step = (src.len() / 211).max(1);
        for i in (0..src.len()).step_by(step) {
            let mut b = src.clone();
            b[i] ^= 0x5a;
            b[(i * 7 + 13) % src.len()] = 0xFF;
            let _ = extract_bytes(&b, Kind::Xls);
            let _ = extract_bytes(&src[..i], Kind::Xls);
        }
    }
    assert!(start.elapsed() < Duration::from_secs(120));
}

/// The format reader alone (no calamine) on 20 000 random mutations of a
/// workbook stream and its compound file: byte flips, 16-bit fields set to
/// extremes, cuts, and pure noise behind a valid header. Errors are values;
/// nothing panics, hangs or reports more cells than the per-sheet limit.
#[test]
fn format_reader_survives_random_mutations() {
    use kommunetall_sheet::MAX_CELLS_PER_SHEET;
    use kommunetall_sheet::fuzzing::xls_formats;
    let stream = to_xls(&appendix()).biff_stream();
    let seeds = [
        stream.clone(),
        compound_file("Workbook", &stream),
        compound_file("Workbook", &rows(60).biff_stream()),
    ];
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let start = Instant::now();
    let (mut ok, mut total) = (0usize, 0usize);
    for case in 0..20_000u64 {
        let src = &seeds[(case % 3) as usize];
        let mut b = src.clone();
        match next() % 4 {
            0 => {
                for _ in 0..=next() % 8 {
                    let i = (next() as usize) % b.len();
                    b[i] = next() as u8;
                }
            }
            1 => {
                let i = (next() as usize) % (b.len() - 1);
                let v: u16 = [0, 1, 0x00FF, 0x7FFF, 0xFFFE, 0xFFFF][(next() % 6) as usize];
                b[i..i + 2].copy_from_slice(&v.to_le_bytes());
            }
            2 => b.truncate((next() as usize) % b.len()),
            _ => {
                let keep = if case % 2 == 0 { 512 } else { 20 };
                for v in b.iter_mut().skip(keep) {
                    *v = next() as u8;
                }
            }
        }
        for r in xls_formats(&b) {
            total += 1;
            if let Ok(sheets) = r {
                ok += 1;
                assert!(sheets.iter().all(|&n| n <= MAX_CELLS_PER_SHEET));
            }
        }
    }
    println!("{ok} of {total} reads succeeded in {:?}", start.elapsed());
    assert!(ok > 1000, "mutations too destructive to test much: {ok}");
}
