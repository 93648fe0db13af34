//! Shapes of real workbooks no sample had, each in a small workbook built
//! here with rust_xlsxwriter: identifier and key columns that belong to the
//! row label, a group label over rows named in the next column, soft
//! hyphens, sheets whose every label is bold and whose total row has no
//! label, and title, source and note lines above and between blocks.

use kommunetall_model::{Extraction, HeaderCell, RowClass, Table};
use kommunetall_sheet::{Kind, extract_bytes};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn read(wb: &mut Workbook) -> Result<Extraction, Box<dyn std::error::Error>> {
    Ok(extract_bytes(&wb.save_to_buffer()?, Kind::Xlsx)?)
}

fn labels(t: &Table) -> Vec<&str> {
    t.rows.iter().map(|r| r.label.as_str()).collect()
}

fn values(t: &Table, row: usize) -> Vec<Option<f64>> {
    t.rows[row].cells.iter().map(|c| c.value).collect()
}

fn header_texts(row: &[HeaderCell]) -> Vec<(&str, usize)> {
    row.iter().map(|h| (h.text.as_str(), h.span)).collect()
}

fn only_table(ex: &Extraction) -> &Table {
    assert_eq!(ex.tables.len(), 1, "tables: {:?}", ex.tables);
    &ex.tables[0]
}

/// Writes `rows` from row `r0`: per row (label cells, numbers).
fn write_rows(ws: &mut Worksheet, r0: u32, rows: &[(&[&str], &[f64])]) -> Result<(), XlsxError> {
    for (i, (texts, numbers)) in rows.iter().enumerate() {
        let r = r0 + u32::try_from(i).unwrap_or(0);
        let mut c = 0u16;
        for t in *texts {
            if !t.is_empty() {
                ws.write_string(r, c, *t)?;
            }
            c += 1;
        }
        for v in *numbers {
            ws.write_number(r, c, *v)?;
            c += 1;
        }
    }
    Ok(())
}

#[test]
fn identifier_column_under_a_heading_joins_the_name() -> TestResult {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["Fylkesnr.", "Fylkesnavn", "Lengde (km)", "Tunneler"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, u16::try_from(c)?, *h)?;
    }
    ws.write_number(1, 0, 30.0)?;
    ws.write_string(1, 1, "Viken")?;
    ws.write_number(1, 2, 5496.0)?;
    ws.write_number(1, 3, 12.0)?;
    ws.write_number(2, 0, 3.0)?;
    ws.write_string(2, 1, "Oslo")?;
    ws.write_number(2, 2, 1155.5)?;
    ws.write_number(2, 3, 40.0)?;
    // The county number stored as text with its leading zero.
    ws.write_string(3, 0, "0301")?;
    ws.write_string(3, 1, "Oslo kommune")?;
    ws.write_number(3, 2, 10.0)?;
    ws.write_number(3, 3, 1.0)?;
    let ex = read(&mut wb)?;
    let t = only_table(&ex);
    assert_eq!(labels(t), ["30 Viken", "3 Oslo", "0301 Oslo kommune"]);
    assert_eq!(t.n_cols, 2);
    assert_eq!(
        header_texts(&t.header[0]),
        [
            ("Fylkesnr. Fylkesnavn", 1),
            ("Lengde (km)", 1),
            ("Tunneler", 1)
        ]
    );
    assert_eq!(values(t, 0), [Some(5496.0), Some(12.0)]);
    assert_eq!(values(t, 1), [Some(1155.5), Some(40.0)]);
    assert_eq!(t.rows[0].cells[0].sheet_ref.as_deref(), Some("C2"));
    Ok(())
}

#[test]
fn identifier_columns_without_a_header_join_too() -> TestResult {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    // Kapittel and post, then the name, then the amount; no header.
    ws.write_number(0, 0, 1.0)?;
    ws.write_number(0, 1, 1.0)?;
    ws.write_string(0, 2, "Apanasje")?;
    ws.write_number(0, 3, 16_234_000.0)?;
    ws.write_number(1, 0, 1.0)?;
    ws.write_number(1, 1, 50.0)?;
    ws.write_string(1, 2, "Representasjon")?;
    ws.write_number(1, 3, 12_500.0)?;
    let ex = read(&mut wb)?;
    let t = only_table(&ex);
    assert_eq!(labels(t), ["1 1 Apanasje", "1 50 Representasjon"]);
    assert_eq!(values(t, 0), [Some(16_234_000.0)]);
    Ok(())
}

/// Five-digit account numbers stored as plain numbers are codes too (shown
/// as typed in the label, "10100", not grouped like an amount); amounts
/// formatted with thousands separators are not.
#[test]
fn account_numbers_join_the_label_as_typed() -> TestResult {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let thousands = Format::new().set_num_format("#,##0");
    ws.write_string(0, 0, "Konto")?;
    ws.write_string(0, 1, "Kontonavn")?;
    ws.write_string(0, 2, "Regnskap")?;
    for (i, (konto, navn, belop)) in [
        (10100.0, "Fastlønn", 1_234_567.0),
        (10200.0, "Vikarer", 45_000.0),
        (11000.0, "Kontorrekvisita", 12_500.0),
    ]
    .iter()
    .enumerate()
    {
        let r = u32::try_from(i)? + 1;
        ws.write_number(r, 0, *konto)?;
        ws.write_string(r, 1, *navn)?;
        ws.write_number_with_format(r, 2, *belop, &thousands)?;
    }
    let ex = read(&mut wb)?;
    let t = only_table(&ex);
    assert_eq!(
        labels(t),
        ["10100 Fastlønn", "10200 Vikarer", "11000 Kontorrekvisita"]
    );
    assert_eq!(t.rows[0].cells[0].text, "1 234 567");
    assert_eq!(values(t, 2), [Some(12_500.0)]);

    // Grouped by the author (a "#,##0" format, or typed "10 100"): amounts,
    // not codes; the names stay a text column.
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "Beløp")?;
    ws.write_string(0, 1, "Merknad")?;
    ws.write_string(0, 2, "2024")?;
    ws.write_number_with_format(1, 0, 10100.0, &thousands)?;
    ws.write_string(1, 1, "Lønn")?;
    ws.write_number(1, 2, 5.0)?;
    ws.write_string(2, 0, "10 200")?;
    ws.write_string(2, 1, "Vikarer")?;
    ws.write_number(2, 2, 6.0)?;
    let ex = read(&mut wb)?;
    let t = only_table(&ex);
    assert_eq!(labels(t), ["10 100", "10 200"]);
    assert_eq!(t.rows[0].cells[0].text, "Lønn");
    Ok(())
}

/// Line numbers under no heading beside a headed column of names stay the
/// label; the names are a text column (the sample's table 9.6).
#[test]
fn line_numbers_under_no_heading_stay_the_label() -> TestResult {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 1, "Beskrivelse")?;
    ws.write_string(0, 2, "2023")?;
    ws.write_string(0, 3, "2024")?;
    write_rows(
        ws,
        1,
        &[
            (&["1", "Bosatte flyktninger"], &[833.0, 901.0]),
            (&["2", "Enslige mindreårige"], &[40.0, 52.0]),
        ],
    )?;
    let ex = read(&mut wb)?;
    let t = only_table(&ex);
    assert_eq!(labels(t), ["1", "2"]);
    assert_eq!(t.n_cols, 3);
    assert_eq!(t.rows[0].cells[0].text, "Bosatte flyktninger");
    assert_eq!(values(t, 1), [None, Some(40.0), Some(52.0)]);
    Ok(())
}

/// County and municipality numbers with no names: the two columns
/// together tell the rows apart in ascending order, the first alone does
/// not. Unsorted, or a first column that is unique already (years), they
/// are not a key.
#[test]
fn key_columns_of_codes_make_the_label() -> TestResult {
    let rows: &[(f64, f64, f64)] = &[
        (3.0, 301.0, 96.0),
        (11.0, 1101.0, 15.0),
        (11.0, 1103.0, 51.0),
        (11.0, 1106.0, 10.0),
        (15.0, 1505.0, 7.0),
    ];
    let book = |rows: &[(f64, f64, f64)]| -> Result<Extraction, Box<dyn std::error::Error>> {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        ws.write_string(0, 0, "fylke")?;
        ws.write_string(0, 1, "kommune")?;
        ws.write_string(0, 2, "E")?;
        for (i, (a, b, v)) in rows.iter().enumerate() {
            let r = u32::try_from(i)? + 1;
            ws.write_number(r, 0, *a)?;
            ws.write_number(r, 1, *b)?;
            ws.write_number(r, 2, *v)?;
        }
        read(&mut wb)
    };
    let ex = book(rows)?;
    let t = only_table(&ex);
    assert_eq!(
        labels(t),
        ["3 301", "11 1101", "11 1103", "11 1106", "15 1505"]
    );
    assert_eq!(header_texts(&t.header[0]), [("fylke kommune", 1), ("E", 1)]);
    assert_eq!(values(t, 2), [Some(51.0)]);

    let mut unsorted = rows.to_vec();
    unsorted.swap(1, 3);
    let ex = book(&unsorted)?;
    let t = only_table(&ex);
    assert_eq!(t.rows[0].label, "3", "not sorted: not a key");
    assert_eq!(values(t, 0), [Some(301.0), Some(96.0)]);

    let years: Vec<(f64, f64, f64)> = (0..5)
        .map(|i| (2020.0 + f64::from(i), 50_000.0 + f64::from(i), 1.0))
        .collect();
    let ex = book(&years)?;
    let t = only_table(&ex);
    assert_eq!(t.rows[0].label, "2020", "years alone tell the rows apart");
    assert_eq!(values(t, 0), [Some(50_000.0), Some(1.0)]);
    Ok(())
}

/// A group label typed once (column A) over rows named in column B: each
/// row keeps its own name, the first of the group gets both.
#[test]
fn rows_under_a_group_label_keep_their_own_label() -> TestResult {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "Sektor")?;
    ws.write_string(0, 1, "Region")?;
    ws.write_string(0, 2, "2024")?;
    ws.write_string(0, 3, "2025")?;
    write_rows(
        ws,
        1,
        &[
            (&["Grunnskole", "Lørenskog"], &[17_582.0, 17_671.0]),
            (&["", "Landet"], &[18_206.0, 18_710.0]),
            (&["Barnehage", "Lørenskog"], &[9647.0, 10_555.0]),
            (&["", "Landet"], &[11_215.0, 12_087.0]),
        ],
    )?;
    let ex = read(&mut wb)?;
    let t = only_table(&ex);
    assert_eq!(
        labels(t),
        [
            "Grunnskole Lørenskog",
            "Landet",
            "Barnehage Lørenskog",
            "Landet"
        ]
    );
    assert_eq!(
        header_texts(&t.header[0]),
        [("Sektor Region", 1), ("2024", 1), ("2025", 1)]
    );
    assert_eq!(values(t, 1), [Some(18_206.0), Some(18_710.0)]);
    assert!(t.rows.iter().all(|r| r.class == RowClass::Body));
    Ok(())
}

/// A text column beside a label column filled on every row stays a column
/// of its own.
#[test]
fn a_text_column_beside_full_labels_stays_a_value_column() -> TestResult {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "Indikator")?;
    ws.write_string(0, 1, "Enhet")?;
    ws.write_string(0, 2, "2025")?;
    write_rows(
        ws,
        1,
        &[
            (&["Innbyggere", "antall"], &[51_511.0]),
            (&["Fødte per 1000", "per 1000"], &[12.5]),
        ],
    )?;
    let ex = read(&mut wb)?;
    let t = only_table(&ex);
    assert_eq!(labels(t), ["Innbyggere", "Fødte per 1000"]);
    assert_eq!(t.n_cols, 2);
    assert_eq!(t.rows[0].cells[0].text, "antall");
    Ok(())
}

#[test]
fn soft_hyphens_are_not_shown() -> TestResult {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "Kostnads\u{ad}nivå (utgiftsbehovs\u{ad}justert)")?;
    ws.write_string(1, 0, "Indikator")?;
    ws.write_string(1, 1, "Lørenskog\u{ad}2025")?;
    ws.write_string(2, 0, "Netto drifts\u{ad}utgifter grunnskole")?;
    ws.write_number(2, 1, 26.5)?;
    ws.write_string(3, 0, "Zero\u{200b}width")?;
    ws.write_number(3, 1, 1.0)?;
    let ex = read(&mut wb)?;
    let t = only_table(&ex);
    assert_eq!(
        t.caption.as_deref(),
        Some("Kostnadsnivå (utgiftsbehovsjustert)")
    );
    assert_eq!(t.column_label(1), "Lørenskog2025");
    assert_eq!(labels(t), ["Netto driftsutgifter grunnskole", "Zerowidth"]);
    Ok(())
}

/// Every row label bold (a sheet styled that way): bold tells nothing, no
/// row is a sum for it. The unlabelled row under the counties is their
/// total (it adds up), an unlabelled row that does not add up is not.
#[test]
fn sums_need_a_total_label_or_arithmetic_when_all_labels_are_bold() -> TestResult {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let ws = wb.add_worksheet();
    ws.write_string_with_format(0, 0, "Fylke", &bold)?;
    ws.write_string_with_format(0, 1, "Lengde", &bold)?;
    ws.write_string_with_format(0, 2, "Bruer", &bold)?;
    let counties = [
        ("Viken", 5495.5, 6.0),
        ("Innlandet", 6789.25, 4.0),
        ("Agder", 3658.75, 11.0),
    ];
    for (i, (name, a, b)) in counties.iter().enumerate() {
        let r = u32::try_from(i)? + 1;
        ws.write_string_with_format(r, 0, *name, &bold)?;
        ws.write_number(r, 1, *a)?;
        ws.write_number(r, 2, *b)?;
    }
    ws.write_number(4, 1, 15943.5)?;
    ws.write_number(4, 2, 21.0)?;
    let ex = read(&mut wb)?;
    let t = only_table(&ex);
    let classes: Vec<RowClass> = t.rows.iter().map(|r| r.class).collect();
    assert_eq!(
        classes,
        [
            RowClass::Body,
            RowClass::Body,
            RowClass::Body,
            RowClass::Sum
        ]
    );
    assert_eq!(t.rows[3].label, "");

    // The same with a total that does not add up: an ordinary row.
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 1, "Lengde")?;
    write_rows(ws, 1, &[(&["Viken"], &[5495.5]), (&["Agder"], &[3658.75])])?;
    ws.write_number(3, 1, 9000.0)?;
    let ex = read(&mut wb)?;
    let t = only_table(&ex);
    assert_eq!(t.rows[2].class, RowClass::Body);
    Ok(())
}

/// A sheet's title and source lines above the first block are notes; the
/// block's own title (the line right above its header) is the caption,
/// not a header row.
#[test]
fn title_and_source_lines_are_notes_the_block_title_the_caption() -> TestResult {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let bold = Format::new().set_bold();
    ws.merge_range(0, 0, 0, 3, "Økonomi — nøkkeltall 2020-2025", &bold)?;
    ws.merge_range(
        1,
        0,
        1,
        3,
        "Kilde: SSB Statistikkbanken (KOSTRA).",
        &Format::new(),
    )?;
    ws.write_string(
        3,
        0,
        "Netto driftsresultat i % av brutto driftsinntekter (%)",
    )?;
    ws.write_string(4, 0, "År \\ Region")?;
    ws.write_string(4, 1, "Lørenskog")?;
    ws.write_string(4, 2, "Landet")?;
    write_rows(
        ws,
        5,
        &[(&["2024"], &[0.2, -0.4]), (&["2025"], &[4.0, 2.2])],
    )?;
    // A second block under the first.
    ws.write_string(8, 0, "Frie inntekter per innbygger (kr)")?;
    ws.write_string(9, 0, "År \\ Region")?;
    ws.write_string(9, 1, "Lørenskog")?;
    ws.write_string(9, 2, "Landet")?;
    write_rows(ws, 10, &[(&["2024"], &[63_135.0, 72_066.0])])?;
    let ex = read(&mut wb)?;
    assert_eq!(ex.tables.len(), 2);
    let t = &ex.tables[0];
    assert_eq!(
        t.caption.as_deref(),
        Some("Netto driftsresultat i % av brutto driftsinntekter (%)")
    );
    assert_eq!(t.header.len(), 1);
    assert_eq!(t.column_label(1), "Lørenskog");
    assert_eq!(
        t.notes,
        [
            "Økonomi — nøkkeltall 2020-2025",
            "Kilde: SSB Statistikkbanken (KOSTRA)."
        ]
    );
    assert_eq!(labels(t), ["2024", "2025"]);
    let t = &ex.tables[1];
    assert_eq!(
        t.caption.as_deref(),
        Some("Frie inntekter per innbygger (kr)")
    );
    assert_eq!(t.header.len(), 1);
    assert_eq!(values(t, 0), [Some(63_135.0), Some(72_066.0)]);
    Ok(())
}

/// A title typed into column B, a blank row under it, then a group header
/// and a header: the title is the caption.
#[test]
fn a_lone_title_cell_off_the_left_edge_is_the_caption() -> TestResult {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 1, "Grunnlagsdata til inntektssystemet 2023")?;
    ws.merge_range(2, 2, 2, 3, "Fra NVDB", &Format::new())?;
    ws.write_string(3, 0, "Fylke")?;
    ws.write_string(3, 1, "Vegnett")?;
    ws.write_string(3, 2, "Feltlengde")?;
    ws.write_string(3, 3, "Rekkverk")?;
    write_rows(
        ws,
        4,
        &[
            (&["Viken"], &[5496.0, 10_994.0, 1_262_978.0]),
            (&["Agder"], &[3659.0, 7312.0, 1_198_584.0]),
        ],
    )?;
    let ex = read(&mut wb)?;
    let t = only_table(&ex);
    assert_eq!(
        t.caption.as_deref(),
        Some("Grunnlagsdata til inntektssystemet 2023")
    );
    assert_eq!(
        header_texts(&t.header[0]),
        [("", 1), ("", 1), ("Fra NVDB", 2)]
    );
    assert_eq!(t.header.len(), 2);
    assert_eq!(labels(t), ["Viken", "Agder"]);
    Ok(())
}

/// A note line between two blocks (blank rows on both sides) is a note of
/// the block above, never the caption of the one below; a note line right
/// above a header is not a caption either; a lone text-and-date line under
/// a table is its note, not a table.
#[test]
fn note_lines_are_not_captions() -> TestResult {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "Delkostnadsindekser")?;
    ws.write_string(1, 0, "Sektor")?;
    ws.write_string(1, 1, "DKI")?;
    write_rows(
        ws,
        2,
        &[(&["Grunnskole"], &[0.97]), (&["Barnehage"], &[1.1783])],
    )?;
    ws.write_string(5, 0, "Samlet utgiftsbehov Lørenskog: 0,9551")?;
    ws.write_string(7, 0, "Netto utgifter per innbygger (kr)")?;
    ws.write_string(8, 0, "Sektor")?;
    ws.write_string(8, 1, "2025")?;
    write_rows(ws, 9, &[(&["Grunnskole"], &[17_671.0])])?;
    ws.write_string(11, 0, "Uttaksdato")?;
    ws.write_datetime_with_format(
        11,
        1,
        &ExcelDateTime::from_ymd(2022, 9, 21)?,
        &Format::new().set_num_format("dd.mm.yyyy"),
    )?;
    let ex = read(&mut wb)?;
    assert_eq!(ex.tables.len(), 2, "{:?}", ex.tables);
    assert_eq!(ex.tables[0].caption.as_deref(), Some("Delkostnadsindekser"));
    assert_eq!(
        ex.tables[0].notes,
        ["Samlet utgiftsbehov Lørenskog: 0,9551"]
    );
    let t = &ex.tables[1];
    assert_eq!(
        t.caption.as_deref(),
        Some("Netto utgifter per innbygger (kr)")
    );
    assert_eq!(t.notes, ["Uttaksdato 21.09.2022"]);

    // "Kilde: …" right above the header: a note; the title above is the caption.
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "Nøkkeltall")?;
    ws.write_string(2, 0, "Kilde: SSB")?;
    ws.write_string(3, 0, "Indikator")?;
    ws.write_string(3, 1, "2025")?;
    write_rows(ws, 4, &[(&["Innbyggere"], &[51_511.0])])?;
    let ex = read(&mut wb)?;
    let t = only_table(&ex);
    assert_eq!(t.caption.as_deref(), Some("Nøkkeltall"));
    assert_eq!(t.notes, ["Kilde: SSB"]);
    assert_eq!(t.header.len(), 1);
    Ok(())
}
