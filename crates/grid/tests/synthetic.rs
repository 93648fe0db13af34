//! Synthetic pages built from `Word` values: layouts the engine must handle
//! without borders, and input it must survive.

use kommunetall_grid::extract;
use kommunetall_model::{BBox, Location, RowClass, Unit};
use kommunetall_pdf::{Page, Word};

const FS: f64 = 9.0;

fn word(text: &str, x0: f64, y0: f64, bold: bool, italic: bool) -> Word {
    let w = text.chars().count() as f64 * FS * 0.5;
    Word {
        text: text.to_owned(),
        bbox: BBox {
            x0,
            y0,
            x1: x0 + w,
            y1: y0 + FS * 1.15,
        },
        baseline: y0 + FS * 0.9,
        font_size: FS,
        font: if italic {
            "Sans-Italic"
        } else if bold {
            "Sans-Bold"
        } else {
            "Sans"
        }
        .to_owned(),
        bold,
        spaced: false,
    }
}

/// Words of a phrase starting at x0, spaced like ordinary text.
fn phrase(out: &mut Vec<Word>, text: &str, x0: f64, y0: f64, bold: bool) {
    let mut x = x0;
    for t in text.split(' ') {
        let w = word(t, x, y0, bold, false);
        x = w.bbox.x1 + FS * 0.28;
        out.push(w);
    }
}

/// The width [`phrase`] sets `text` in.
fn phrase_width(text: &str) -> f64 {
    text.split(' ')
        .map(|t| t.chars().count() as f64 * FS * 0.5)
        .sum::<f64>()
        + (text.split(' ').count() as f64 - 1.0) * FS * 0.28
}

/// A right-aligned phrase ending at x1.
fn right(out: &mut Vec<Word>, text: &str, x1: f64, y0: f64, bold: bool) {
    phrase(out, text, x1 - phrase_width(text), y0, bold);
}

fn page(number: u32, words: Vec<Word>) -> Page {
    Page {
        number,
        width: 595.0,
        height: 842.0,
        words,
        turned: vec![],
        rules: vec![],
        fills: vec![],
    }
}

/// The cells of one line at the columns' left edges `cols`, the one at
/// index `right_k` right-aligned at `right_x` instead; empty cells left out.
fn cells_at(
    w: &mut Vec<Word>,
    cells: &[&str],
    cols: &[f64],
    (right_k, right_x): (usize, f64),
    y: f64,
    bold: bool,
) {
    for (k, (t, x)) in cells.iter().zip(cols).enumerate() {
        if t.is_empty() {
            continue;
        }
        if k == right_k {
            right(w, t, right_x, y, bold);
        } else {
            phrase(w, t, *x, y, bold);
        }
    }
}

/// Eight lines of prose down to the page foot, under a table: where the
/// page's text ends.
fn prose_to_page_foot(w: &mut Vec<Word>) {
    for k in 0..8 {
        phrase(
            w,
            "Teksten under tabellen forklarer tallene i løpende tekst.",
            60.0,
            700.0 + 11.0 * f64::from(k),
            false,
        );
    }
}

/// `lines` lines of prose from the top of a page down, over a table set
/// at its foot.
fn prose_from_top(w: &mut Vec<Word>, lines: u32) {
    for k in 0..lines {
        phrase(
            w,
            "Teksten over tabellen forklarer tallene.",
            60.0,
            60.0 + 11.0 * f64::from(k),
            false,
        );
    }
}

/// `n` rows 12 pt apart from `y0`, labelled "`label` `i`" for `i` from
/// `first`, each with the two amounts `cells(i)` flush right at their x.
fn numbered_rows(
    w: &mut Vec<Word>,
    label: &str,
    (first, n): (usize, usize),
    y0: f64,
    cells: &dyn Fn(usize) -> [(String, f64); 2],
) {
    for k in 0..n {
        let y = y0 + 12.0 * k as f64;
        phrase(w, &format!("{label} {}", first + k), 60.0, y, false);
        for (t, x) in cells(first + k) {
            right(w, &t, x, y, false);
        }
    }
}

/// One table was read, of `n` rows, the last labelled `label` with the
/// two values `values`.
fn one_table_ending(ex: &kommunetall_grid::Extraction, n: usize, label: &str, values: [f64; 2]) {
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    let t = &ex.tables[0];
    assert_eq!(t.rows.len(), n, "{t:#?}");
    let last = t.rows.last().expect("rows");
    assert_eq!(last.label, label);
    assert_eq!(
        last.cells.iter().map(|c| c.value).collect::<Vec<_>>(),
        values.map(Some)
    );
}

/// `lines` lines of prose 12 pt apart from `y0` down.
fn prose_below(w: &mut Vec<Word>, y0: f64, lines: u32) {
    for k in 0..lines {
        phrase(
            w,
            "Teksten under tabellen forklarer tallene i løpende tekst.",
            60.0,
            y0 + 12.0 * f64::from(k),
            false,
        );
    }
}

/// Each row's label and the value of its first value column.
fn first_values(t: &kommunetall_model::Table) -> Vec<(&str, Option<f64>)> {
    t.rows
        .iter()
        .map(|r| (r.label.as_str(), r.cells[0].value))
        .collect()
}

fn caption(out: &mut Vec<Word>, text: &str, y: f64) {
    let mut x = 70.0;
    for t in text.split(' ') {
        let w = word(t, x, y, false, true);
        x = w.bbox.x1 + FS * 0.28;
        out.push(w);
    }
}

#[test]
fn borderless_wrapped_label_aligned_on_last_line() {
    let mut w = Vec::new();
    caption(&mut w, "Tabell 2.3 Driftsutgifter. Millioner kroner", 100.0);
    let mut y = 120.0;
    phrase(&mut w, "Område", 70.0, y, true);
    right(&mut w, "2023", 360.0, y, true);
    right(&mut w, "2024", 460.0, y, true);
    y += 11.0;
    phrase(&mut w, "Skole", 70.0, y, false);
    right(&mut w, "1 200", 360.0, y, false);
    right(&mut w, "1 310,5", 460.0, y, false);
    y += 11.0;
    // Wrapped label; the numbers stand on its last line.
    phrase(&mut w, "Sykehjem og", 70.0, y, false);
    y += 11.0;
    phrase(&mut w, "omsorgsboliger", 70.0, y, false);
    right(&mut w, "−5 253", 360.0, y, false);
    right(&mut w, "63%", 460.0, y, false);
    y += 11.0;
    phrase(&mut w, "Sum utgifter", 70.0, y, true);
    right(&mut w, "−4 053", 360.0, y, true);
    right(&mut w, "1 373,5", 460.0, y, true);
    y += 30.0;
    phrase(
        &mut w,
        "Dette er en vanlig avsnittstekst som går over hele bredden av siden og ikke er tabell.",
        70.0,
        y,
        false,
    );

    let ex = extract(&[page(1, w)]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    let t = &ex.tables[0];
    assert_eq!(t.table_id, "2.3");
    assert_eq!(t.unit, Some(Unit::MillionerKroner));
    assert_eq!(t.n_cols, 2);
    let labels: Vec<&str> = t.rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(
        labels,
        ["Skole", "Sykehjem og omsorgsboliger", "Sum utgifter"]
    );
    assert_eq!(t.rows[1].cells[0].value, Some(-5253.0));
    assert_eq!(t.rows[1].cells[1].text, "63%");
    assert_eq!(t.rows[1].cells[1].unit, Some(Unit::Prosent));
    assert_eq!(t.rows[0].cells[1].value, Some(1310.5));
    assert_eq!(t.rows[2].class, RowClass::Sum);
    assert!(t.rows.iter().all(|r| r.cells.len() == t.n_cols));
    assert!(
        t.rows[0]
            .cells
            .iter()
            .all(|c| c.page == Some(1) && c.bbox.is_some())
    );
    assert_eq!(t.column_label(2), "2024");
}

#[test]
fn two_row_spanning_header() {
    let mut w = Vec::new();
    caption(&mut w, "Tabell 4.1 Ansatte etter kjønn", 100.0);
    let mut y = 122.0;
    phrase(&mut w, "Kvinne", 200.0, y, true);
    phrase(&mut w, "Mann", 340.0, y, true);
    y += 16.0;
    phrase(&mut w, "Område", 70.0, y, true);
    right(&mut w, "Antall", 260.0, y, true);
    right(&mut w, "Årsverk", 320.0, y, true);
    right(&mut w, "Antall", 400.0, y, true);
    right(&mut w, "Årsverk", 460.0, y, true);
    for (label, vals) in [
        ("Helse", ["36", "33", "21", "20"]),
        ("Skole", ["241", "225", "389", "377"]),
    ] {
        y += 16.0;
        phrase(&mut w, label, 70.0, y, false);
        for (v, x) in vals.iter().zip([260.0, 320.0, 400.0, 460.0]) {
            right(&mut w, v, x, y, false);
        }
    }
    let ex = extract(&[page(1, w)]);
    assert_eq!(ex.tables.len(), 1);
    let t = &ex.tables[0];
    assert_eq!(t.n_cols, 4);
    assert_eq!(t.header.len(), 2, "{:?}", t.header);
    let top: Vec<(&str, usize)> = t.header[0]
        .iter()
        .map(|h| (h.text.as_str(), h.span))
        .collect();
    assert_eq!(top, [("", 1), ("Kvinne", 2), ("Mann", 2)]);
    assert_eq!(t.column_label(3), "Mann / Antall");
    assert_eq!(t.rows[1].cells[3].value, Some(377.0));
}

fn split_page(number: u32, rows: &[(&str, [&str; 2])], with_caption: bool, footer: bool) -> Page {
    let mut w = Vec::new();
    let mut y = if with_caption { 640.0 } else { 60.0 };
    if with_caption {
        phrase(
            &mut w,
            "Innledende tekst om regnskapet for året som gikk, over hele linjen her.",
            70.0,
            600.0,
            false,
        );
        caption(&mut w, "Tabell 7.1 Regnskap og budsjett", 620.0);
    }
    phrase(&mut w, "Post", 70.0, y, true);
    right(&mut w, "Regnskap", 380.0, y, true);
    right(&mut w, "Budsjett", 470.0, y, true);
    for (label, vals) in rows {
        y += 15.0;
        phrase(&mut w, label, 70.0, y, false);
        right(&mut w, vals[0], 380.0, y, false);
        right(&mut w, vals[1], 470.0, y, false);
    }
    if footer {
        phrase(&mut w, "Årsberetning", 60.0, 805.0, false);
        phrase(&mut w, &number.to_string(), 295.0, 805.0, false);
        phrase(&mut w, "Eksempel kommune", 440.0, 805.0, false);
    }
    page(number, w)
}

#[test]
fn table_split_across_pages_with_repeated_header() {
    let p1 = split_page(
        1,
        &[
            ("Lønn", ["8 874", "9 358"]),
            ("Pensjon", ["2 291", "2 460"]),
            ("Kjøp", ["5 672", "5 686"]),
        ],
        true,
        true,
    );
    let p2 = split_page(
        2,
        &[("Renter", ["770", "1 000"]), ("Sum", ["17 607", "18 504"])],
        false,
        true,
    );
    let mut p3 = split_page(
        3,
        &[("Annet", ["1", "2"]), ("Mer", ["3", "4"])],
        false,
        true,
    );
    // Page 3 starts with text, so its table is a new, uncaptioned one.
    phrase(
        &mut p3.words,
        "Ny tekst som begynner siden og går over hele bredden av tekstområdet her.",
        70.0,
        40.0,
        false,
    );
    let ex = extract(&[p1, p2, p3]);
    let t = &ex.tables[0];
    assert_eq!(t.table_id, "7.1");
    assert_eq!(
        t.location,
        kommunetall_model::Location::Pages { first: 1, last: 2 }
    );
    let labels: Vec<&str> = t.rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(labels, ["Lønn", "Pensjon", "Kjøp", "Renter", "Sum"]);
    assert_eq!(t.rows[4].cells[1].value, Some(18504.0));
    assert_eq!(t.rows[4].class, RowClass::Sum);
    assert_eq!(t.rows[3].cells[0].page, Some(2));
    assert!(t.rows.iter().all(|r| !r.label.contains("Årsberetning")));
    assert_eq!(ex.tables.len(), 2);
    assert_eq!(ex.tables[1].table_id, "p3-t1");
    assert_eq!(ex.tables[1].caption, None);
}

#[test]
fn malformed_number_gives_diagnostic() {
    let mut w = Vec::new();
    caption(&mut w, "Tabell 3.2 Antall ansatte", 100.0);
    let mut y = 122.0;
    phrase(&mut w, "Kjønn", 70.0, y, true);
    right(&mut w, "Antall", 360.0, y, true);
    right(&mut w, "Andel", 460.0, y, true);
    y += 14.0;
    phrase(&mut w, "Kvinne", 70.0, y, false);
    // "11 2885" is not a number: the thousands group has four digits.
    phrase(&mut w, "11", 320.0, y, false);
    phrase(&mut w, "2885", 331.5, y, false);
    right(&mut w, "74%", 460.0, y, false);
    y += 14.0;
    phrase(&mut w, "Mann", 70.0, y, false);
    right(&mut w, "3 851", 360.0, y, false);
    right(&mut w, "26%", 460.0, y, false);
    let ex = extract(&[page(5, w)]);
    let t = &ex.tables[0];
    let cell = &t.rows[0].cells[0];
    assert_eq!(cell.value, None);
    assert!(cell.text.contains("2885"), "{cell:?}");
    let d = ex
        .diagnostics
        .iter()
        .find(|d| d.rule == "unparseable_number")
        .expect("diagnostic");
    assert_eq!(d.table_id.as_deref(), Some("3.2"));
    assert_eq!(d.page, Some(5));
    assert_eq!(d.row_label.as_deref(), Some("Kvinne"));
    assert_eq!(d.column_label.as_deref(), Some("Antall"));
    assert_eq!(d.actual.as_deref(), Some(cell.text.as_str()));
}

#[test]
fn garbage_does_not_panic() {
    let nan = f64::NAN;
    let weird = [
        (nan, 1.0, 2.0, 3.0),
        (f64::INFINITY, 0.0, 1.0, 1.0),
        (5.0, 5.0, 1.0, 1.0),
        (0.0, 0.0, 0.0, 0.0),
        (-1e300, -1e300, 1e300, 1e300),
        (10.0, 10.0, 20.0, 20.0),
    ];
    let mut words = Vec::new();
    for (i, (x0, y0, x1, y1)) in weird.iter().enumerate() {
        for t in ["", " ", "1", "Tabell 1.1", "−", "11 2885", "%", "Sum"] {
            words.push(Word {
                text: t.to_owned(),
                bbox: BBox {
                    x0: *x0,
                    y0: *y0,
                    x1: *x1,
                    y1: *y1,
                },
                baseline: if i % 2 == 0 { nan } else { *y1 },
                font_size: if i % 3 == 0 { nan } else { -3.0 },
                font: String::new(),
                bold: i % 2 == 0,
                spaced: false,
            });
        }
    }
    let garbage = Page {
        number: 0,
        width: nan,
        height: -5.0,
        words,
        turned: vec![],
        rules: vec![
            BBox {
                x0: nan,
                y0: 0.0,
                x1: 1.0,
                y1: f64::INFINITY,
            },
            BBox::default(),
        ],
        fills: vec![],
    };
    let _ = extract(&[]);
    let _ = extract(&[Page::default()]);
    let _ = extract(&[garbage.clone(), Page::default(), garbage]);
    // Many overlapping numbers on one spot.
    let mut w = Vec::new();
    for i in 0..200 {
        w.push(word(
            &format!("{i}"),
            100.0 + f64::from(i % 7),
            100.0 + f64::from(i % 5),
            i % 2 == 0,
            false,
        ));
    }
    let _ = extract(&[page(1, w)]);
}

/// A justified line: the words spread evenly from `x0` to `x1`.
fn justified(out: &mut Vec<Word>, text: &str, x0: f64, x1: f64, y0: f64) {
    let words: Vec<&str> = text.split(' ').collect();
    let ink: f64 = words
        .iter()
        .map(|t| t.chars().count() as f64 * FS * 0.5)
        .sum();
    let gap = (x1 - x0 - ink) / (words.len() as f64 - 1.0);
    let mut x = x0;
    for t in words {
        let w = word(t, x, y0, false, false);
        x = w.bbox.x1 + gap;
        out.push(w);
    }
}

#[test]
fn justified_paragraph_is_not_a_table() {
    // Stretched inter-word spaces (0.5–1.4 font sizes) cut every line into
    // many one-word segments; none of them is a table row.
    let lines = [
        "the state funds most of the costs of further education and",
        "training while employers pay the wages of the trainees for the",
        "whole period of the contract which may last two years or more",
        "depending on the branch and the previous education of the adult",
        "and all qualifications are competence based in this system now",
    ];
    let mut w = Vec::new();
    let mut y = 100.0;
    for (i, l) in lines.iter().enumerate() {
        // Widths vary per line, as justification stretches each differently.
        justified(&mut w, l, 70.0, 380.0 + 8.0 * i as f64, y);
        y += 11.0;
    }
    let ex = extract(&[page(1, w)]);
    assert!(ex.tables.is_empty(), "{:#?}", ex.tables);
}

#[test]
fn wordy_header_with_tight_gaps_stays_a_header() {
    // Column headings of several words, set one small gap apart, over
    // numbers: the heading line looks like justified prose on its own,
    // but it stands right over a table row.
    let mut w = Vec::new();
    caption(&mut w, "Tabell 4.1 Ansatte og lønn", 100.0);
    let mut y = 120.0;
    let heads = [
        "Stillingsgruppe navn",
        "Antall ansatte",
        "Snitt lønn",
        "Andel kvinner",
    ];
    let mut x = 70.0;
    for h in heads {
        phrase(&mut w, h, x, y, false);
        x = w.last().map_or(x, |l| l.bbox.x1) + FS * 0.8;
    }
    let ends: Vec<f64> = {
        // Right edges of the three value headings.
        let mut v = Vec::new();
        let mut x = 70.0;
        for h in heads {
            let width: f64 = h
                .split(' ')
                .map(|t| t.chars().count() as f64 * FS * 0.5)
                .sum::<f64>()
                + (h.split(' ').count() as f64 - 1.0) * FS * 0.28;
            v.push(x + width);
            x += width + FS * 0.8;
        }
        v
    };
    for (label, vals) in [
        ("Advokat", ["8", "2 005 529", "40"]),
        ("Arkitekt", ["97", "1 832 630", "55"]),
        ("Ingeniør", ["74", "1 572 672", "35"]),
    ] {
        y += 11.0;
        phrase(&mut w, label, 70.0, y, false);
        for (v, x1) in vals.iter().zip(&ends[1..]) {
            right(&mut w, v, *x1, y, false);
        }
    }
    let ex = extract(&[page(1, w)]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    let t = &ex.tables[0];
    assert_eq!(t.table_id, "4.1");
    assert_eq!(t.n_cols, 3);
    assert_eq!(t.rows.len(), 3);
    assert_eq!(t.rows[0].cells[1].value, Some(2_005_529.0));
    let head: Vec<&str> = t.header.iter().flatten().map(|h| h.text.as_str()).collect();
    assert!(head.contains(&"Snitt lønn"), "{head:?}");
}

#[test]
fn two_column_prose_is_not_a_table() {
    // Two ragged columns of running text a narrow gutter apart; the last
    // line of a paragraph on the left leaves a wide gap to the right column.
    let left = [
        "housing contributes to infectious and chronic",
        "diseases and can affect child development",
        "adversely as shown in earlier studies.",
        "The survey is conducted every second year",
        "in a sample of occupied housing units.",
    ];
    let right = [
        "a person who lives in a housing unit",
        "might be part of a family or might live",
        "alone and is counted as a householder",
        "when the unit is owned or rented by the",
        "person in whose name it is registered.",
    ];
    let mut w = Vec::new();
    let mut y = 100.0;
    for (l, r) in left.iter().zip(&right) {
        phrase(&mut w, l, 50.0, y, false);
        phrase(&mut w, r, 310.0, y, false);
        y += 11.0;
    }
    // The end of a paragraph on the left beside running text on the right.
    phrase(&mut w, "is here.", 50.0, y, false);
    phrase(
        &mut w,
        "the next paragraph starts right here and",
        310.0,
        y,
        false,
    );
    y += 11.0;
    phrase(
        &mut w,
        "Another paragraph begins on the left side",
        50.0,
        y,
        false,
    );
    phrase(
        &mut w,
        "goes on for a while in this column too.",
        310.0,
        y,
        false,
    );
    let ex = extract(&[page(1, w)]);
    assert!(ex.tables.is_empty(), "{:#?}", ex.tables);
}

#[test]
fn sparse_table_keeps_columns_above_a_legend() {
    // Many empty cells, and under the table a two-part legend of sources
    // whose long text runs across the value columns.
    let mut w = Vec::new();
    caption(&mut w, "Table 7 Estimates by source", 100.0);
    let xs = [200.0, 250.0, 300.0, 350.0, 400.0];
    let mut y = 120.0;
    for (h, x1) in ["Ours", "LDA", "PBUK", "EH", "AIM"].iter().zip(xs) {
        right(&mut w, h, x1, y, false);
    }
    let rows: [(&str, [&str; 5]); 5] = [
        ("Austria", ["58.6", "79", "67.9", "", ""]),
        ("Denmark", ["59.5", "", "48", "", "78"]),
        ("Greece", ["28.0", "", "", "58.7", ""]),
        ("Italy", ["11.8", "30", "", "", "21"]),
        ("Spain", ["32.1", "38", "34.6", "", "23"]),
    ];
    for (label, vals) in rows {
        y += 11.0;
        phrase(&mut w, label, 70.0, y, false);
        for (v, x1) in vals.iter().zip(xs) {
            if !v.is_empty() {
                right(&mut w, v, x1, y, false);
            }
        }
    }
    y += 16.0;
    phrase(&mut w, "Abbreviations:", 70.0, y, false);
    phrase(&mut w, "LDA", 150.0, y, false);
    phrase(&mut w, "La Distribution alimentaire", 190.0, y, false);
    y += 11.0;
    phrase(&mut w, "PBUK", 150.0, y, false);
    phrase(
        &mut w,
        "UK Pocketbook of retail statistics",
        190.0,
        y,
        false,
    );
    let ex = extract(&[page(1, w)]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    let t = &ex.tables[0];
    assert_eq!(t.n_cols, 5);
    let labels: Vec<&str> = t.rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(labels, ["Austria", "Denmark", "Greece", "Italy", "Spain"]);
    let texts: Vec<&str> = t.rows[1].cells.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(texts, ["59.5", "", "48", "", "78"]);
    assert_eq!(t.rows[2].cells[3].value, Some(58.7));
}

fn hrule(x0: f64, x1: f64, y: f64) -> BBox {
    BBox {
        x0,
        y0: y,
        x1,
        y1: y + 0.5,
    }
}

#[test]
fn rules_only_around_the_header_do_not_join_rows() {
    // Rules above and below the header and at the foot of the table, none
    // between the rows: each line is still its own row, and a section row
    // is not fused with the row under it.
    let mut w = Vec::new();
    caption(&mut w, "Table 1 Housing units by characteristic", 90.0);
    let mut rules = vec![hrule(60.0, 400.0, 108.0)];
    let mut y = 110.0;
    phrase(&mut w, "Characteristic", 70.0, y, false);
    right(&mut w, "Total", 300.0, y, false);
    right(&mut w, "Inadequate", 390.0, y, false);
    rules.push(hrule(60.0, 400.0, y + 12.0));
    let body: [(&str, Option<[&str; 2]>); 6] = [
        ("Sex", None),
        ("Male", Some(["61 206", "2 862"])),
        ("Female", Some(["49 486", "2 909"])),
        ("Region", None),
        ("Northeast", Some(["23 128", "1 096"])),
        ("South", Some(["48 324", "2 554"])),
    ];
    for (label, vals) in body {
        y += 11.0;
        phrase(&mut w, label, 70.0, y, false);
        if let Some(v) = vals {
            right(&mut w, v[0], 300.0, y, false);
            right(&mut w, v[1], 390.0, y, false);
        }
    }
    rules.push(hrule(60.0, 400.0, y + 12.0));
    let mut p = page(1, w);
    p.rules = rules;
    let ex = extract(&[p]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    let t = &ex.tables[0];
    let labels: Vec<&str> = t.rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(
        labels,
        ["Sex", "Male", "Female", "Region", "Northeast", "South"]
    );
    assert_eq!(t.rows[0].class, RowClass::Section);
    assert_eq!(t.rows[1].cells[0].value, Some(61206.0));
}

#[test]
fn bar_chart_value_labels_are_not_a_table() {
    // Category labels on the left, and each bar's value printed at the end
    // of the bar: the numbers do not stand in columns.
    let bars = [
        ("Under 15", 4.2),
        ("15 to 24", 5.3),
        ("25 to 44", 7.3),
        ("45 to 54", 13.8),
        ("55 to 64", 20.4),
        ("65 to 69", 24.7),
        ("70 to 74", 29.6),
        ("75 to 79", 37.5),
        ("80 and over", 55.8),
    ];
    let mut w = Vec::new();
    let mut y = 100.0;
    for (label, v) in bars {
        phrase(&mut w, label, 70.0, y, false);
        let end = 140.0 + 4.0 * v;
        phrase(&mut w, &format!("{v:.1}"), end + 3.0, y, false);
        y += 14.0;
    }
    let ex = extract(&[page(1, w)]);
    assert!(ex.tables.is_empty(), "{:#?}", ex.tables);
}

/// Words of a phrase set with a wide space (0.6 font sizes) between them.
fn wide_phrase(out: &mut Vec<Word>, text: &str, x0: f64, y0: f64) {
    let mut x = x0;
    for t in text.split(' ') {
        let w = word(t, x, y0, false, false);
        x = w.bbox.x1 + FS * 0.6;
        out.push(w);
    }
}

#[test]
fn wide_word_spacing_keeps_labels_whole() {
    // A page whose text is set with wide spaces throughout: a label of
    // several words is still one cell.
    let mut w = Vec::new();
    let mut y = 80.0;
    for l in [
        "the sample was drawn from the civilian population of the country",
        "and the weights were adjusted for nonresponse in each of the groups",
        "so that the totals below agree with the census counts by age",
    ] {
        wide_phrase(&mut w, l, 70.0, y);
        y += 11.0;
    }
    caption(&mut w, "Table 2 Population by age", y + 10.0);
    y += 30.0;
    wide_phrase(&mut w, "Age", 70.0, y);
    right(&mut w, "Total", 300.0, y, false);
    for (label, v) in [
        ("Under 1 year", "3 533 692"),
        ("1 year", "3 269 557"),
        ("2 years", "3 223 816"),
        ("80 years and over", "723 049"),
    ] {
        y += 11.0;
        wide_phrase(&mut w, label, 70.0, y);
        right(&mut w, v, 300.0, y, false);
    }
    let ex = extract(&[page(1, w)]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    let t = &ex.tables[0];
    assert_eq!(t.n_cols, 1, "{t:#?}");
    let labels: Vec<&str> = t.rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(
        labels,
        ["Under 1 year", "1 year", "2 years", "80 years and over"]
    );
    assert_eq!(t.rows[3].cells[0].value, Some(723_049.0));
}

#[test]
fn text_cell_wrapped_around_its_label_line_stays_in_the_row() {
    // A two-line text cell set around the single label line of its row:
    // "200 (as" above, "BTEX)" below the line "Benzene 1 000".
    let mut w = Vec::new();
    caption(&mut w, "Table 6 Thresholds for releases", 90.0);
    let mut y = 110.0;
    phrase(&mut w, "Pollutant", 70.0, y, false);
    right(&mut w, "to air", 260.0, y, false);
    right(&mut w, "to water", 340.0, y, false);
    y += 12.0;
    phrase(&mut w, "Anthracene", 70.0, y, false);
    right(&mut w, "50", 260.0, y, false);
    right(&mut w, "1", 340.0, y, false);
    y += 11.0;
    right(&mut w, "200 (as", 340.0, y, false);
    y += 6.0;
    phrase(&mut w, "Benzene", 70.0, y, false);
    right(&mut w, "1 000", 260.0, y, false);
    y += 6.0;
    right(&mut w, "BTEX)", 340.0, y, false);
    y += 11.0;
    phrase(&mut w, "Naphthalene", 70.0, y, false);
    right(&mut w, "100", 260.0, y, false);
    right(&mut w, "10", 340.0, y, false);
    let ex = extract(&[page(1, w)]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    let t = &ex.tables[0];
    let labels: Vec<&str> = t.rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(labels, ["Anthracene", "Benzene", "Naphthalene"]);
    assert_eq!(t.rows[1].cells[0].value, Some(1000.0));
    assert_eq!(t.rows[1].cells[1].text, "200 (as BTEX)");
}

#[test]
fn letter_split_small_caps_caption_is_a_caption() {
    // "TABLE" in small capitals with a full-size initial comes out as the
    // words "T" and "ABLE".
    let mut w = Vec::new();
    caption(&mut w, "T ABLE 6 Mean body weights", 90.0);
    let mut y = 110.0;
    phrase(&mut w, "Dose", 70.0, y, false);
    right(&mut w, "Day 1", 260.0, y, false);
    right(&mut w, "Day 4", 340.0, y, false);
    for (label, a, b) in [
        ("0", "5,8", "8,8"),
        ("250", "5,9", "9,0"),
        ("500", "6,0", "8,6"),
    ] {
        y += 11.0;
        phrase(&mut w, label, 70.0, y, false);
        right(&mut w, a, 260.0, y, false);
        right(&mut w, b, 340.0, y, false);
    }
    let ex = extract(&[page(1, w)]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    assert_eq!(ex.tables[0].table_id, "6");
}

#[test]
fn dotted_codes_before_names_are_part_of_the_label() {
    let mut w = Vec::new();
    caption(&mut w, "Tabell 3.2 Tollkvoter. Tonn", 100.0);
    let mut y = 120.0;
    phrase(&mut w, "Varenummer", 70.0, y, true);
    phrase(&mut w, "Produkt", 170.0, y, true);
    right(&mut w, "Kvote", 360.0, y, true);
    right(&mut w, "Import", 460.0, y, true);
    let rows: [(&[&str], &str, &str, &str); 4] = [
        (
            &["02.01.3001/3009,", "02.02.3001/3009"],
            "Storfekjøtt",
            "2 700",
            "2 566",
        ),
        (&["02.03.1904"], "Ribbe av svin", "300", "150"),
        (&["02.04"], "Sauekjøtt", "600", "445"),
        (&["ex.06.02.9043/9044"], "Potteplanter", "20", "20"),
    ];
    for (codes, name, a, b) in rows {
        y += 14.0;
        for (i, c) in codes.iter().enumerate() {
            phrase(&mut w, c, 70.0, y + i as f64 * 11.0, false);
        }
        let last = y + (codes.len() - 1) as f64 * 11.0;
        phrase(&mut w, name, 170.0, last, false);
        right(&mut w, a, 360.0, last, false);
        right(&mut w, b, 460.0, last, false);
        y = last;
    }
    let ex = extract(&[page(1, w)]);
    let t = ex.tables.iter().find(|t| t.table_id == "3.2").expect("3.2");
    let labels: Vec<&str> = t.rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "02.01.3001/3009, 02.02.3001/3009 Storfekjøtt",
            "02.03.1904 Ribbe av svin",
            "02.04 Sauekjøtt",
            "ex.06.02.9043/9044 Potteplanter"
        ],
        "{t:#?}"
    );
    assert_eq!(t.n_cols, 2);
    assert_eq!(t.rows[0].cells[0].value, Some(2700.0));
    assert_eq!(t.rows[3].cells[1].value, Some(20.0));
}

#[test]
fn amounts_with_a_dot_for_thousands_are_no_codes() {
    let mut w = Vec::new();
    caption(&mut w, "Tabell 4.1 Beløp", 100.0);
    let mut y = 120.0;
    right(&mut w, "Beløp", 130.0, y, true);
    phrase(&mut w, "Område", 170.0, y, true);
    right(&mut w, "2024", 460.0, y, true);
    for (a, name, b) in [
        ("1.234", "Skole", "12"),
        ("2.345", "Helse", "13"),
        ("3.456", "Vei", "14"),
    ] {
        y += 12.0;
        right(&mut w, a, 130.0, y, false);
        phrase(&mut w, name, 170.0, y, false);
        right(&mut w, b, 460.0, y, false);
    }
    let ex = extract(&[page(1, w)]);
    let t = ex.tables.iter().find(|t| t.table_id == "4.1").expect("4.1");
    // "1.234" is not a code: the names are not joined to it as a label.
    assert!(
        t.rows
            .iter()
            .all(|r| !r.label.contains("Skole 1.234") && !r.label.starts_with("1.234 ")),
        "{t:#?}"
    );
}

#[test]
fn a_number_wrapped_in_its_cell_over_the_label_line_is_one_number() {
    let mut w = Vec::new();
    caption(&mut w, "Tabell 5.1 Investeringer", 100.0);
    let mut y = 120.0;
    phrase(&mut w, "Hanke", 70.0, y, true);
    right(&mut w, "Budsjett", 300.0, y, true);
    right(&mut w, "Toteuma", 400.0, y, true);
    for (l, a, b) in [
        ("Keskuskeittiö", "1 250 000", "1 734 471"),
        ("Kaupungintalo", "2 650 000", "782 460"),
    ] {
        y += 12.0;
        phrase(&mut w, l, 70.0, y, false);
        right(&mut w, a, 300.0, y, false);
        right(&mut w, b, 400.0, y, false);
    }
    // "3 900" / "000" wrapped in a narrow cell, the tail on the label line.
    y += 12.0;
    right(&mut w, "3 900", 300.0, y, false);
    y += 10.5;
    phrase(&mut w, "Rakennukset yhteensä", 70.0, y, true);
    right(&mut w, "000", 300.0, y, true);
    right(&mut w, "2 516 931", 400.0, y, true);
    let ex = extract(&[page(1, w)]);
    let t = ex.tables.iter().find(|t| t.table_id == "5.1").expect("5.1");
    let last = t.rows.last().expect("rows");
    assert_eq!(last.label, "Rakennukset yhteensä", "{t:#?}");
    assert_eq!(last.cells[0].value, Some(3_900_000.0), "{t:#?}");
    assert_eq!(t.rows.len(), 3, "{t:#?}");
}

#[test]
fn numbers_with_decimals_a_plain_space_apart_are_cells_of_their_own() {
    let mut w = Vec::new();
    caption(&mut w, "Tabell 6.1 Saamiset", 100.0);
    let mut y = 120.0;
    phrase(&mut w, "Erä", 70.0, y, true);
    phrase(&mut w, "2024 2024 2023 2023", 250.0, y, true);
    let rows = [
        (
            "Myyntisaamiset",
            "1 595 323,42 2 740 000,00 2 672 771,61 2 450 000,00",
        ),
        (
            "Lainasaamiset",
            "2 595 323,42 1 740 000,00 1 672 771,61 1 450 000,00",
        ),
        (
            "Yhteensä",
            "4 190 646,84 4 480 000,00 4 345 543,22 3 900 000,00",
        ),
    ];
    for (label, numbers) in rows {
        y += 12.0;
        phrase(&mut w, label, 70.0, y, false);
        // One run of words a plain space apart, as a narrow layout sets them.
        phrase(&mut w, numbers, 250.0, y, false);
    }
    let ex = extract(&[page(1, w)]);
    let t = ex.tables.iter().find(|t| t.table_id == "6.1").expect("6.1");
    assert_eq!(t.n_cols, 4, "{t:#?}");
    let last = t.rows.last().expect("rows");
    let values: Vec<Option<f64>> = last.cells.iter().map(|c| c.value).collect();
    assert_eq!(
        values,
        [
            Some(4_190_646.84),
            Some(4_480_000.0),
            Some(4_345_543.22),
            Some(3_900_000.0)
        ],
        "{t:#?}"
    );
}

/// Words set against each other with nothing between them, each after a
/// space character the typesetter kerned away (`Word::spaced`).
fn kerned(out: &mut Vec<Word>, text: &str, x0: f64, y0: f64) {
    let mut x = x0;
    for (i, t) in text.split(' ').enumerate() {
        let mut w = word(t, x, y0, false, false);
        w.spaced = i > 0;
        x = w.bbox.x1 + FS * 0.05;
        out.push(w);
    }
}

#[test]
fn spaces_kerned_away_still_part_words() {
    let mut w = Vec::new();
    caption(
        &mut w,
        "Tabell 23 Beregningsresultater. Beløp i 1000 kr",
        100.0,
    );
    let mut y = 120.0;
    phrase(&mut w, "Fylke", 70.0, y, true);
    right(&mut w, "Modell", 330.0, y, true);
    right(&mut w, "MOTIV", 460.0, y, true);
    for (label, a, b) in [
        ("Vestfold og Telemark", "1 531 468", "244 000"),
        ("Agder", "724 823", "1 524 549"),
        ("Troms og Finnmark", "1 048 717", "877 356"),
    ] {
        y += 11.0;
        kerned(&mut w, label, 70.0, y);
        let width = |s: &str| s.chars().count() as f64 * FS * 0.5 + FS * 0.05;
        kerned(&mut w, a, 330.0 - width(a), y);
        kerned(&mut w, b, 460.0 - width(b), y);
    }
    let ex = extract(&[page(1, w)]);
    let t = ex
        .tables
        .iter()
        .find(|t| t.table_id == "23")
        .expect("table 23");
    let labels: Vec<&str> = t.rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(
        labels,
        ["Vestfold og Telemark", "Agder", "Troms og Finnmark"]
    );
    let values: Vec<Option<f64>> = t
        .rows
        .iter()
        .flat_map(|r| r.cells.iter().map(|c| c.value))
        .collect();
    assert_eq!(
        values,
        [
            Some(1_531_468.0),
            Some(244_000.0),
            Some(724_823.0),
            Some(1_524_549.0),
            Some(1_048_717.0),
            Some(877_356.0)
        ]
    );
}

#[test]
fn chart_scale_is_not_a_table_but_a_year_table_is() {
    // The tick values of a chart's left and right axes, stepping evenly,
    // and the categories under it: no table.
    let mut w = Vec::new();
    let mut y = 100.0;
    for v in (0..=7).rev().map(|k| k * 200) {
        right(&mut w, &v.to_string(), 90.0, y, false);
        right(&mut w, &v.to_string(), 480.0, y, false);
        y += 18.0;
    }
    phrase(&mut w, "2019 2020 2021 2022 2023", 120.0, y, false);
    let ex = extract(&[page(1, w)]);
    assert!(ex.tables.is_empty(), "{:#?}", ex.tables);

    // Years stepping evenly down the label column beside values: a table.
    let mut w = Vec::new();
    let mut y = 100.0;
    phrase(&mut w, "År", 70.0, y, true);
    right(&mut w, "Utgifter", 300.0, y, true);
    right(&mut w, "Inntekter", 420.0, y, true);
    for (year, a, b) in [
        ("2020", "1 200", "1 350"),
        ("2021", "1 260", "1 310"),
        ("2022", "1 410", "1 400"),
        ("2023", "1 380", "1 520"),
        ("2024", "1 505", "1 490"),
    ] {
        y += 11.0;
        phrase(&mut w, year, 70.0, y, false);
        right(&mut w, a, 300.0, y, false);
        right(&mut w, b, 420.0, y, false);
    }
    let ex = extract(&[page(1, w)]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    assert_eq!(ex.tables[0].rows.len(), 5);
    let last: Vec<Option<f64>> = ex.tables[0].rows[4].cells.iter().map(|c| c.value).collect();
    assert!(last.ends_with(&[Some(1505.0), Some(1490.0)]), "{last:?}");

    // Two charts side by side: four axes of ticks.
    let mut w = Vec::new();
    let mut y = 100.0;
    for k in (0..=6).rev() {
        for (x, step) in [(80.0, 50), (260.0, 50), (330.0, 500), (520.0, 500)] {
            right(&mut w, &(k * step).to_string(), x, y, false);
        }
        y += 18.0;
    }
    let ex = extract(&[page(1, w)]);
    assert!(ex.tables.is_empty(), "{:#?}", ex.tables);

    // Income brackets stepping evenly beside the tax on them, no label
    // column: a table (the tax does not step evenly).
    let mut w = Vec::new();
    let mut y = 100.0;
    for (bracket, tax) in [
        ("100 000", "12 400"),
        ("200 000", "31 950"),
        ("300 000", "55 800"),
        ("400 000", "86 120"),
        ("500 000", "121 300"),
    ] {
        right(&mut w, bracket, 150.0, y, false);
        right(&mut w, tax, 300.0, y, false);
        y += 11.0;
    }
    let ex = extract(&[page(1, w)]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
}

#[test]
fn two_columns_of_justified_prose_with_figures_are_not_a_table() {
    // Two columns of justified text, some lines stretched so wide that
    // their words stand apart like cells, figures in the running text, and
    // a paragraph's short last line: no table.
    let left = [
        "skattebetalingsloven gjelder for skatt på formue",
        "og inntekt etter loven mens det gjelder særregler",
        "for skatt fastsatt ved trekk i 2026 med 26 pst.",
        "for å unngå tvil om forholdet til loven foreslår",
        "departementet at forfall og renter reguleres nå",
        "særskilt i loven slik at beløpet på 2 650 kroner",
        "holdes uendret fra 2025 til 2026 for alle som",
    ];
    let right = [
        "beløpsgrenser som ikke følger systemet holdes",
        "nominelt uendret i 2026 det gjelder blant annet",
        "maksimal årlig og samlet sparing i ordningen og",
        "fradraget for sjøfolk og den skattefrie satsen",
        "for kilometergodtgjørelse og nedre grense for å",
        "betale trygdeavgift og fradrag i inntekt for de",
        "som har rett til det etter reglene i punkt 3.2",
    ];
    let mut w = Vec::new();
    let mut y = 100.0;
    for (l, r) in left.iter().zip(&right) {
        justified(&mut w, l, 58.0, 288.0, y);
        justified(&mut w, r, 308.0, 537.0, y);
        y += 12.8;
    }
    phrase(&mut w, "i punkt 3.3.", 58.0, y, false);
    justified(
        &mut w,
        "grensen for å betale avgift heves til 99 650 kr",
        308.0,
        537.0,
        y,
    );
    let ex = extract(&[page(1, w)]);
    assert!(ex.tables.is_empty(), "{:#?}", ex.tables);
}

/// A phrase centred on x.
fn centred(out: &mut Vec<Word>, text: &str, x: f64, y0: f64) {
    phrase(out, text, x - phrase_width(text) / 2.0, y0, false);
}

/// Rows of a label at `label_x` and numbers set flush right at `ends`, the
/// first at `y0`, one every `pitch`.
fn right_rows<const N: usize>(
    out: &mut Vec<Word>,
    rows: &[(&str, [&str; N])],
    label_x: f64,
    ends: &[f64],
    (y0, pitch): (f64, f64),
) {
    for (k, (label, cells)) in rows.iter().enumerate() {
        let y = y0 + pitch * k as f64;
        phrase(out, label, label_x, y, false);
        for (c, x) in cells.iter().zip(ends) {
            right(out, c, *x, y, false);
        }
    }
}

/// A statistical-abstract layout: the caption, a headnote in brackets over
/// three lines, group headings each centred over three columns whose
/// two-line sub-headings repeat in every group, and a stub heading beside
/// the sub-headings.
#[test]
fn group_headings_over_repeated_subheadings_span_their_groups() {
    let mut w = Vec::new();
    caption(&mut w, "Table 7. Staff by sex and age: 2024", 100.0);
    phrase(
        &mut w,
        "[In persons. Counted at the end of the year, in every",
        70.0,
        111.0,
        false,
    );
    phrase(
        &mut w,
        "unit of the municipality with staff of its own. See the",
        70.0,
        121.0,
        false,
    );
    phrase(
        &mut w,
        "note under the table and the text of this section]",
        70.0,
        131.0,
        false,
    );
    // Three groups of three columns, right edges:
    let groups = [
        [180.0, 230.0, 280.0],
        [330.0, 380.0, 430.0],
        [480.0, 530.0, 580.0],
    ];
    let mut y = 145.0;
    for (g, head) in groups.iter().zip(["Total", "Women", "Men"]) {
        // Centred over the group's extent (the numbers are 4 chars wide).
        centred(&mut w, head, (g[0] - 18.0 + g[2]) / 2.0, y);
    }
    y += 11.0;
    phrase(&mut w, "Area", 70.0, y, false);
    for g in &groups {
        right(&mut w, "Under 30", g[1], y, false);
        right(&mut w, "30 years", g[2], y, false);
    }
    y += 10.0;
    for g in &groups {
        right(&mut w, "Total", g[0], y, false);
        right(&mut w, "years", g[1], y, false);
        right(&mut w, "and over", g[2], y, false);
    }
    let rows = [("Schools", 40.0), ("Health", 20.0), ("Roads", 10.0)];
    for (label, base) in rows {
        y += 12.0;
        phrase(&mut w, label, 70.0, y, false);
        for (k, g) in groups.iter().enumerate() {
            let t = base + k as f64;
            for (v, x) in [t, t / 2.0, t / 2.0].iter().zip(g) {
                right(&mut w, &format!("{v:.1}"), *x, y, false);
            }
        }
    }
    let ex = extract(&[page(1, w)]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    let t = &ex.tables[0];
    assert_eq!(t.table_id, "7");
    assert_eq!(t.n_cols, 9);
    let rows: Vec<Vec<(&str, usize)>> = t
        .header
        .iter()
        .map(|r| r.iter().map(|h| (h.text.as_str(), h.span)).collect())
        .collect();
    assert_eq!(
        rows[0],
        [("", 1), ("Total", 3), ("Women", 3), ("Men", 3)],
        "{rows:?}"
    );
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(
        rows[1][..4],
        [
            ("Area", 1),
            ("Total", 1),
            ("Under 30 years", 1),
            ("30 years and over", 1)
        ]
    );
    assert_eq!(t.column_label(5), "Women / Under 30 years");
    assert_eq!(t.rows[1].label, "Health");
    assert_eq!(t.rows[1].cells[3].value, Some(21.0));
}

/// A grid of numbers with no labels, no header and no padding, in two
/// halves side by side (the left one longer): every line is a row, and the
/// short last lines, whose numbers step by one, are no chart scale.
#[test]
fn a_grid_of_bare_numbers_is_a_row_per_line() {
    let mut w = Vec::new();
    for i in 0..12u32 {
        let y = 100.0 + f64::from(i) * 10.5;
        let mut cols = vec![(i + 1, 70.0), (100 + i, 100.0), (200 + i, 130.0)];
        if i < 8 {
            cols.extend([(13 + i, 220.0), (112 + i, 250.0), (212 + i, 280.0)]);
        }
        for (v, x) in cols {
            phrase(&mut w, &v.to_string(), x, y, false);
        }
    }
    let ex = extract(&[page(1, w)]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    let t = &ex.tables[0];
    assert_eq!(t.rows.len(), 12, "{:#?}", t.rows);
    let values =
        |r: usize| -> Vec<Option<f64>> { t.rows[r].cells.iter().map(|c| c.value).collect() };
    let first: Vec<Option<f64>> = [1.0, 100.0, 200.0, 13.0, 112.0, 212.0].map(Some).to_vec();
    assert_eq!(values(0), first);
    assert_eq!(values(11)[..3], [Some(12.0), Some(111.0), Some(211.0)]);
    assert!(values(11)[3..].iter().all(Option::is_none));
}

/// A wide table cut into pages by its columns: the next page repeats the
/// caption as continued ("Tabell 3.1 fortsetter") over the same rows under
/// other headings. It is a table of its own (never rows of the first
/// grid), titled and scaled by the caption it continues.
#[test]
fn a_continued_caption_over_other_columns_is_a_table_of_its_own() {
    let rows = [
        ("Skatt på inntekt", ["12", "340"]),
        ("Trinnskatt", ["41", "95"]),
        ("Formuesskatt", ["88", "12"]),
    ];
    let mut pages = Vec::new();
    for (p, (heads, xs)) in [
        (["Oslo", "Viken"], [300.0, 380.0]),
        (["Agder", "Vestland"], [280.0, 420.0]),
    ]
    .iter()
    .enumerate()
    {
        let mut w = Vec::new();
        let title = if p == 0 {
            "Tabell 3.1 Skatt fordelt på fylker. Mill. kroner"
        } else {
            "Tabell 3.1 fortsetter"
        };
        caption(&mut w, title, 100.0);
        let mut y = 122.0;
        for (h, x) in heads.iter().zip(xs) {
            right(&mut w, h, *x, y, true);
        }
        for (label, vals) in rows {
            y += 14.0;
            phrase(&mut w, label, 70.0, y, false);
            for (v, x) in vals.iter().zip(xs) {
                // The second page's figures are other figures.
                let v = if p == 0 {
                    (*v).to_owned()
                } else {
                    format!("{v}0")
                };
                right(&mut w, &v, *x, y, false);
            }
        }
        pages.push(page(p as u32 + 1, w));
    }
    let ex = extract(&pages);
    assert_eq!(ex.tables.len(), 2, "{:#?}", ex.tables);
    let (a, b) = (&ex.tables[0], &ex.tables[1]);
    assert_eq!((a.table_id.as_str(), b.table_id.as_str()), ("3.1", "3.1"));
    assert_eq!(a.rows.len(), 3);
    assert_eq!(b.rows.len(), 3);
    assert_eq!(b.column_label(1), "Agder");
    assert_eq!(b.rows[0].label, "Skatt på inntekt");
    assert_eq!(b.rows[0].cells[0].value, Some(120.0));
    assert_eq!(a.rows[0].cells[0].value, Some(12.0));
    assert_eq!(
        b.caption.as_deref(),
        Some("Tabell 3.1 Skatt fordelt på fylker. Mill. kroner (Tabell 3.1 fortsetter)")
    );
    assert_eq!(b.unit, Some(Unit::MillionerKroner));
}

/// A number broken in a cell too narrow for it, without a thousands space
/// to break at ("129" over "5"): its head fills the column (no line in it
/// is wider), so the two lines are one number, never 129 and a row of 5.
#[test]
fn a_number_broken_where_its_column_is_full_is_one_number() {
    let mut w = Vec::new();
    caption(&mut w, "Tabell 8.3 Saker behandlet", 100.0);
    let mut y = 122.0;
    right(&mut w, "2021", 300.0, y, true);
    right(&mut w, "202", 330.0, y, true);
    right(&mut w, "2", 330.0, y + 10.0, true);
    y += 10.0;
    for (label, a, b, tail) in [
        ("Reguleringsplaner", "34", "27", None),
        ("Byggesøknader", "1 784", "129", Some("5")),
        ("Matrikkelenheter", "210", "228", None),
    ] {
        y += 14.0;
        phrase(&mut w, label, 70.0, y, false);
        right(&mut w, a, 300.0, y, false);
        right(&mut w, b, 330.0, y, false);
        if let Some(t) = tail {
            y += 10.0;
            right(&mut w, t, 330.0, y, false);
        }
    }
    let ex = extract(&[page(1, w)]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    let t = &ex.tables[0];
    let labels: Vec<&str> = t.rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(
        labels,
        ["Reguleringsplaner", "Byggesøknader", "Matrikkelenheter"]
    );
    assert_eq!(t.rows[1].cells[1].value, Some(1295.0), "{:?}", t.rows[1]);
}

/// Headings set at the left of their cells, numbers at the right: two
/// amounts a space apart read as one number ("633 485 000") reach under
/// two headings, so they are parted where each keeps clear of the other
/// heading ("633" | "485 000"), never one amount of 633 million.
#[test]
fn an_amount_under_two_headings_is_two_amounts() {
    let mut w = Vec::new();
    caption(&mut w, "Tabell 7.2 Avkastning fra fondet", 100.0);
    let y = 122.0;
    for (h, x) in [
        ("2021", 120.0),
        ("2022", 160.0),
        ("2023", 200.0),
        ("2024", 240.0),
    ] {
        phrase(&mut w, h, x, y, true);
    }
    let y = y + 14.0;
    phrase(&mut w, "Avkastning", 50.0, y, false);
    right(&mut w, "1 268 000", 155.0, y, false);
    right(&mut w, "1 871 000", 195.0, y, false);
    // "633 000" under 2023 and "485 000" under 2024, a space apart.
    phrase(&mut w, "633", 216.0, y, false);
    phrase(&mut w, "485 000", 232.0, y, false);
    let ex = extract(&[page(1, w)]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    let t = &ex.tables[0];
    let values: Vec<Option<f64>> = t.rows[0].cells.iter().map(|c| c.value).collect();
    assert_eq!(
        values,
        [
            Some(1_268_000.0),
            Some(1_871_000.0),
            Some(633.0),
            Some(485_000.0)
        ],
        "{:?}",
        t.rows[0]
    );
}

/// A compound too long for a narrow label column, broken where the column
/// ends without a hyphen ("sosialhjelpsmottak" over "ere 18-66 år"), is one
/// word again; a line that goes on with a word of its own ("og") is not.
#[test]
fn a_long_word_broken_for_want_of_room_is_one_word() {
    let mut w = Vec::new();
    caption(&mut w, "Tabell 9.5 Nøkkeltall", 100.0);
    let mut y = 122.0;
    right(&mut w, "2023", 260.0, y, true);
    right(&mut w, "2024", 320.0, y, true);
    let rows: [(&[&str], [&str; 2]); 3] = [
        (&["Skole"], ["12,5", "13,0"]),
        (
            &["Andel", "sosialhjelpsmottak", "ere 18-66 år"],
            ["3,7", "4,0"],
        ),
        (&["Kommunedirektørens", "og stab"], ["41", "44"]),
    ];
    for (lines, vals) in rows {
        y += 4.0;
        for l in lines {
            y += 10.0;
            phrase(&mut w, l, 70.0, y, false);
        }
        for (v, x) in vals.iter().zip([260.0, 320.0]) {
            right(&mut w, v, x, y, false);
        }
    }
    let ex = extract(&[page(1, w)]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    let labels: Vec<&str> = ex.tables[0].rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "Skole",
            "Andel sosialhjelpsmottakere 18-66 år",
            "Kommunedirektørens og stab"
        ]
    );
}

/// Units in brackets on a line of their own under their headings ("Body
/// Weight" over "(g)"), beside a one-line heading at the foot of its
/// column ("No."), belong to those headings: one header row.
#[test]
fn units_in_brackets_under_headings_are_part_of_them() {
    let mut w = Vec::new();
    let mut y = 110.0;
    centred(&mut w, "Body", 250.0, y);
    centred(&mut w, "Relative", 330.0, y);
    y += 10.0;
    phrase(&mut w, "Concentration", 70.0, y, false);
    centred(&mut w, "Weight", 250.0, y);
    centred(&mut w, "Weight", 330.0, y);
    y += 10.0;
    phrase(&mut w, "(ppm)", 80.0, y, false);
    right(&mut w, "No.", 190.0, y, false);
    centred(&mut w, "(g)", 250.0, y);
    centred(&mut w, "(%)", 330.0, y);
    for (c, n, g, pct) in [
        ("0", "39", "5.8", "100"),
        ("250", "30", "5.9", "102"),
        ("500", "33", "6.0", "103"),
    ] {
        y += 14.0;
        right(&mut w, c, 110.0, y, false);
        right(&mut w, n, 190.0, y, false);
        right(&mut w, g, 260.0, y, false);
        right(&mut w, pct, 340.0, y, false);
    }
    let ex = extract(&[page(1, w)]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    let t = &ex.tables[0];
    let rows: Vec<Vec<&str>> = t
        .header
        .iter()
        .map(|r| r.iter().map(|h| h.text.as_str()).collect())
        .collect();
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(
        rows[0][1..],
        [
            "Concentration (ppm)",
            "No.",
            "Body Weight (g)",
            "Relative Weight (%)"
        ],
        "{rows:?}"
    );
}

/// A thousands marker on the last line of a heading ("number of
/// enterprises" over "(000)") is header text, not the table's first row
/// of data.
#[test]
fn a_thousands_marker_under_a_heading_is_header_text() {
    let mut w = Vec::new();
    let mut y = 110.0;
    centred(&mut w, "population", 200.0, y);
    centred(&mut w, "number of", 280.0, y);
    y += 12.0;
    centred(&mut w, "(mn)", 200.0, y);
    centred(&mut w, "enterprises", 280.0, y);
    y += 12.0;
    centred(&mut w, "(000)", 280.0, y);
    for (label, p, n) in [
        ("EU15", "372.3", "2553"),
        ("USA", "263.1", "1530"),
        ("Japan", "125.2", "1519"),
    ] {
        y += 14.0;
        phrase(&mut w, label, 70.0, y, false);
        right(&mut w, p, 212.0, y, false);
        right(&mut w, n, 290.0, y, false);
    }
    let ex = extract(&[page(1, w)]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    let t = &ex.tables[0];
    let labels: Vec<&str> = t.rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(labels, ["EU15", "USA", "Japan"]);
    assert_eq!(t.column_label(2), "number of enterprises (000)");
}

/// Line numbers set only a little wider than a space before their names,
/// the names wrapping back under the names: the numbers are a column of
/// their own (the row labels), the names a column of text.
#[test]
fn line_numbers_with_names_hanging_under_names_are_a_column() {
    let mut w = Vec::new();
    phrase(
        &mut w,
        "Tabellen under viser noen nøkkeltall for arbeidet med flyktninger og innvandrere i kommunen.",
        70.0,
        80.0,
        false,
    );
    caption(&mut w, "Tabell 9.6 Nøkkeltall", 100.0);
    let mut y = 122.0;
    phrase(&mut w, "Beskrivelse", 110.0, y, true);
    right(&mut w, "2023", 300.0, y, true);
    right(&mut w, "2024", 360.0, y, true);
    let name_x = 70.0 + FS * 0.5 + FS * 0.34;
    let rows: [(&str, &[&str], [&str; 2]); 4] = [
        ("1", &["Antall bosatte"], ["175", "705"]),
        ("2", &["Antall deltakere"], ["265", "277"]),
        (
            "3",
            &["Antall enslige mindreårige", "med oppfølging"],
            ["99", "84"],
        ),
        ("4", &["Helseundersøkelser"], ["413", "1225"]),
    ];
    for (n, lines, vals) in rows {
        y += 14.0;
        phrase(&mut w, n, 70.0, y, false);
        for (k, l) in lines.iter().enumerate() {
            phrase(&mut w, l, name_x, y + 11.0 * k as f64, false);
        }
        for (v, x) in vals.iter().zip([300.0, 360.0]) {
            right(&mut w, v, x, y, false);
        }
        y += 11.0 * (lines.len() - 1) as f64;
    }
    let ex = extract(&[page(1, w)]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    let t = &ex.tables[0];
    let rows: Vec<(&str, &str)> = t
        .rows
        .iter()
        .map(|r| (r.label.as_str(), r.cells[0].text.as_str()))
        .collect();
    assert_eq!(
        rows,
        [
            ("1", "Antall bosatte"),
            ("2", "Antall deltakere"),
            ("3", "Antall enslige mindreårige med oppfølging"),
            ("4", "Helseundersøkelser")
        ]
    );
}

/// A narrow table whose years are set a plain space apart, each over its
/// value: the years are the columns' headings, and the table is found with
/// its caption.
#[test]
fn years_a_space_apart_over_their_values_head_columns() {
    let mut w = Vec::new();
    caption(
        &mut w,
        "Tabell 7.3 Antall kunstnere per 1000 innbyggere",
        100.0,
    );
    phrase(&mut w, "2021 2022 2023 2024", 70.0, 122.0, true);
    // Each value flush right under its year (a year is 18 pt wide, a
    // space 2.52 pt).
    for (k, v) in ["6,2", "6,3", "6,6", "6,8"].iter().enumerate() {
        right(&mut w, v, 70.0 + 18.0 + k as f64 * 20.52, 136.0, false);
    }
    phrase(
        &mut w,
        "Teksten under viser tabellen og forklarer tallene i løpende tekst slik en rapport gjør.",
        70.0,
        160.0,
        false,
    );
    let ex = extract(&[page(1, w)]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    let t = &ex.tables[0];
    assert_eq!(t.table_id, "7.3");
    assert_eq!(t.n_cols, 4, "{:#?}", t);
    assert_eq!(t.column_label(4), "2024");
    assert_eq!(t.rows[0].cells[3].value, Some(6.8));
}

/// Dates their narrow column cut in the year ("13.09.2" over "4", the rest
/// under the date's end) or before it ("13.09" over ".24", at the column's
/// start) are whole dates again, and the rest of the year is no row of its
/// own.
#[test]
fn dates_cut_in_their_year_are_whole_again() {
    for (cut, rest, rest_x) in [(".2", "4", 200.0 + 6.0 * FS * 0.5), ("", ".24", 200.0)] {
        let mut w = Vec::new();
        caption(&mut w, "Tabell 9.9 Tilsyn i 2024", 100.0);
        let mut y = 122.0;
        phrase(&mut w, "Tilsynsmyndighet", 70.0, y, true);
        phrase(&mut w, "Dato", 200.0, y, true);
        phrase(&mut w, "Emne", 260.0, y, true);
        for (who, date, topic) in [
            (
                "Arbeidstilsynet",
                "13.09",
                ["Muskel- og skjelettplager og", "psykiske plager"],
            ),
            (
                "Statsforvalteren",
                "19.11",
                ["Kommunal beredskapsplikt og", "helseberedskap"],
            ),
            (
                "Mattilsynet",
                "01.02",
                ["Kontroll med oppgaver delegert", "til kommunene"],
            ),
        ] {
            y += 14.0;
            phrase(&mut w, who, 70.0, y, false);
            phrase(&mut w, &format!("{date}{cut}"), 200.0, y, false);
            phrase(&mut w, topic[0], 260.0, y, false);
            y += 10.0;
            // The rest of the year beside the topic's second line.
            phrase(&mut w, rest, rest_x, y, false);
            phrase(&mut w, topic[1], 260.0, y, false);
        }
        let ex = extract(&[page(1, w)]);
        assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
        let t = &ex.tables[0];
        let rows: Vec<(&str, &str)> = t
            .rows
            .iter()
            .map(|r| (r.label.as_str(), r.cells[0].text.as_str()))
            .collect();
        assert_eq!(
            rows,
            [
                ("Arbeidstilsynet", "13.09.24"),
                ("Statsforvalteren", "19.11.24"),
                ("Mattilsynet", "01.02.24")
            ],
            "cut {cut:?} over {rest:?}"
        );
        assert!(
            t.rows
                .iter()
                .all(|r| r.cells.iter().all(|c| c.value.is_none()))
        );
    }
}

/// Lines of a comment cell set one under the other at `x0`, from `y`,
/// a line's spacing apart; returns the `y` below them.
fn comment(out: &mut Vec<Word>, lines: &[&str], x0: f64, mut y: f64) -> f64 {
    for l in lines {
        phrase(out, l, x0, y, false);
        y += 10.8;
    }
    y
}

/// A table of indicators from `y` down: its "Trend" heading wrapped letter
/// by letter ("T", "re", "n" stacked over the "d" on the header line), two
/// rows of a sector, an indicator, a value, a trend mark and a comment.
fn indicator_table(w: &mut Vec<Word>, mut y: f64) {
    for piece in ["T", "re", "n"] {
        phrase(w, piece, 380.0, y, false);
        y += 10.8;
    }
    for (text, x) in [
        ("Sektor", 60.0),
        ("Indikator", 150.0),
        ("Verdi", 330.0),
        ("d", 380.0),
        ("Kommentar", 400.0),
    ] {
        phrase(w, text, x, y, false);
    }
    y += 14.0;
    for (sector, indicator, value) in [
        ("Veitrafikk", "Andel biodrivstoff", "19 %"),
        ("Energi", "Andel fossil fjernvarme", "6,9 %"),
    ] {
        phrase(w, sector, 60.0, y, false);
        phrase(w, indicator, 150.0, y, false);
        right(w, value, 360.0, y, false);
        phrase(w, "+", 380.0, y, false);
        phrase(w, "Kravet ble innfridd", 400.0, y, false);
        y += 14.0;
    }
}

#[test]
fn a_header_wrapped_letter_by_letter_over_its_last_line_starts_a_table() {
    // A text-only table of goals and comments, then with no caption a
    // table of indicators whose heading "Trend" wraps in its narrow
    // column: "T", "re", "n" stacked over the "d" on the header line.
    let mut w = Vec::new();
    let mut y = 100.0;
    phrase(&mut w, "Hovedmål", 60.0, y, false);
    phrase(&mut w, "Status", 250.0, y, false);
    phrase(&mut w, "Kommentar", 400.0, y, false);
    y += 14.0;
    for (goal, status) in [
        ("Mål 9: Klimafotavtrykk", "Bygg iht. mål"),
        ("Mål 10: Nullutslipp", "ingen data"),
    ] {
        phrase(&mut w, goal, 60.0, y + 10.8, false);
        phrase(&mut w, status, 250.0, y + 10.8, false);
        y = comment(
            &mut w,
            &[
                "Arbeidet går etter planen",
                "og nye prosjekter har krav",
                "om klimagassregnskap",
            ],
            400.0,
            y,
        ) + 3.0;
    }
    y += 12.0;
    indicator_table(&mut w, y);
    let ex = extract(&[page(1, w)]);
    let t = ex
        .tables
        .iter()
        .find(|t| t.rows.iter().any(|r| r.label == "Veitrafikk"))
        .expect("the indicator table");
    assert!(
        !t.rows.iter().any(|r| r.label.starts_with("Mål")),
        "the goals are no rows of the indicator table: {t:#?}"
    );
    let heads: Vec<String> = t.header.iter().flatten().map(|h| h.text.clone()).collect();
    assert!(heads.iter().any(|h| h == "Verdi"), "{heads:?}");
    assert!(!heads.iter().any(|h| h.contains("Hovedmål")), "{heads:?}");
    assert_eq!(t.rows[0].cells[1].value, Some(19.0));
}

#[test]
fn a_tall_comment_cell_under_a_header_set_tight_is_the_first_rows() {
    // Cells set vertically centred with no padding: the comment of the
    // first row starts right under the header line, its label and value
    // centred lower, beside its fourth line.
    let mut w = Vec::new();
    caption(&mut w, "Tabell 3 Klimaindikatorer", 80.0);
    let mut y = 100.0;
    phrase(&mut w, "Sektor", 60.0, y, false);
    phrase(&mut w, "Indikator", 150.0, y, false);
    phrase(&mut w, "Verdi", 330.0, y, false);
    phrase(&mut w, "Kommentar", 400.0, y, false);
    y += 10.8;
    let lines = [
        "Omsetningskravet for",
        "biodrivstoff til veitrafikk",
        "var i 2024 minst 19",
        "volumprosent av total",
        "omsatt mengde flytende",
        "drivstoff per år og",
        "innblandingen noe lavere",
    ];
    let mid = y + 3.0 * 10.8;
    phrase(&mut w, "Veitrafikk", 60.0, mid, false);
    phrase(&mut w, "Andel biodrivstoff", 150.0, mid, false);
    right(&mut w, "19 %", 360.0, mid, false);
    y = comment(&mut w, &lines, 400.0, y);
    let mid = y + 1.0 * 10.8;
    phrase(&mut w, "Energi", 60.0, mid, false);
    phrase(&mut w, "Andel fossil fjernvarme", 150.0, mid, false);
    right(&mut w, "6,9 %", 360.0, mid, false);
    comment(
        &mut w,
        &["Fjernvarmen brukte", "mindre gass i 2024", "enn året før"],
        400.0,
        y,
    );
    let ex = extract(&[page(1, w)]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    let t = &ex.tables[0];
    let heads: Vec<String> = t.header.iter().flatten().map(|h| h.text.clone()).collect();
    assert_eq!(
        heads,
        ["Sektor", "Indikator", "Verdi", "Kommentar"],
        "{t:#?}"
    );
    assert_eq!(t.rows[0].label, "Veitrafikk", "{t:#?}");
    assert_eq!(t.rows[0].cells[1].value, Some(19.0));
    assert!(
        t.rows[0].cells[2]
            .text
            .starts_with("Omsetningskravet for biodrivstoff"),
        "{:?}",
        t.rows[0].cells[2].text
    );
}

#[test]
fn a_number_broken_over_the_page_break_is_whole_again() {
    // The last row's amount broke in its narrow cell right at the page
    // foot: "13" there, "962" under the header repeated on the next page.
    let p1 = split_page(
        1,
        &[
            ("Kvinne", ["10 426", "11 288"]),
            ("Mann", ["3 536", "3 870"]),
            ("Sum", ["13", "15 158"]),
        ],
        true,
        true,
    );
    let mut p2 = split_page(2, &[], false, true);
    right(&mut p2.words, "962", 380.0, 75.0, false);
    phrase(
        &mut p2.words,
        "Kilde: kommunens regnskap",
        70.0,
        90.0,
        false,
    );
    let ex = extract(&[p1, p2]);
    let t = &ex.tables[0];
    let sum = t
        .rows
        .iter()
        .find(|r| r.label == "Sum")
        .expect("the sum row");
    assert_eq!(sum.cells[0].value, Some(13962.0), "{t:#?}");
    assert_eq!(sum.cells[1].value, Some(15158.0));
    assert_eq!(t.rows.len(), 3, "{t:#?}");
}

#[test]
fn a_row_broken_over_the_page_break_keeps_its_label_and_decimals() {
    // "Aksjeselskap, Interkommunale | 136, | 127," at the page foot, then
    // under the header repeated: "selskap | 1 | 4".
    let p1 = split_page(
        1,
        &[
            ("Idrett", ["477,5", "426,8"]),
            ("Aksjeselskap, Interkommunale", ["136,", "127,"]),
        ],
        true,
        true,
    );
    let mut p2 = split_page(2, &[], false, true);
    phrase(&mut p2.words, "selskap", 70.0, 75.0, false);
    right(&mut p2.words, "1", 380.0, 75.0, false);
    right(&mut p2.words, "4", 470.0, 75.0, false);
    phrase(&mut p2.words, "Boliger", 70.0, 90.0, false);
    right(&mut p2.words, "174,4", 380.0, 90.0, false);
    right(&mut p2.words, "152,9", 470.0, 90.0, false);
    let ex = extract(&[p1, p2]);
    let t = &ex.tables[0];
    let labels: Vec<&str> = t.rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(
        labels,
        ["Idrett", "Aksjeselskap, Interkommunale selskap", "Boliger"],
        "{t:#?}"
    );
    assert_eq!(t.rows[1].cells[0].value, Some(136.1));
    assert_eq!(t.rows[1].cells[1].value, Some(127.4));
}

#[test]
fn a_header_of_more_headings_under_a_loose_text_table_starts_a_table() {
    // A text table whose rows stand far apart (top-aligned cells, wide
    // padding), then the header of a table of indicators, its "Trend"
    // wrapped letter by letter: set no further below the text table than
    // its own rows stand apart, it still starts a table of its own.
    let mut w = Vec::new();
    let mut y = 100.0;
    phrase(&mut w, "Hovedmål", 60.0, y, false);
    phrase(&mut w, "Status", 250.0, y, false);
    phrase(&mut w, "Kommentar", 400.0, y, false);
    y += 22.0;
    phrase(&mut w, "Mål 10: Nullutslipp", 60.0, y, false);
    phrase(&mut w, "ingen data", 250.0, y, false);
    y = comment(
        &mut w,
        &[
            "Elbilandelen internt økte fra 88 prosent",
            "til 94 prosent i løpet av året",
        ],
        400.0,
        y,
    ) + 11.5;
    indicator_table(&mut w, y);
    let ex = extract(&[page(1, w)]);
    let t = ex
        .tables
        .iter()
        .find(|t| t.rows.iter().any(|r| r.label == "Veitrafikk"))
        .expect("the indicator table");
    assert!(
        !t.rows.iter().any(|r| r.label.starts_with("Mål")),
        "the goals are no rows of the indicator table: {t:#?}"
    );
    let heads: Vec<String> = t.header.iter().flatten().map(|h| h.text.clone()).collect();
    assert!(!heads.iter().any(|h| h.contains("Hovedmål")), "{heads:?}");
    assert!(heads.iter().any(|h| h == "Verdi"), "{heads:?}");
    assert_eq!(t.rows[0].cells[1].value, Some(19.0));
}

#[test]
fn a_header_alone_at_a_page_foot_goes_on_under_its_repeat_with_a_raised_heading() {
    // The caption and header end page 1; page 2 repeats the header, its
    // last heading wrapped upwards ("ASSS," over "gjennomsnitt" beside
    // the other headings), and the rows follow there.
    let header = |w: &mut Vec<Word>, y: f64| {
        phrase(w, "ASSS,", 430.0, y - 5.0, false);
        phrase(w, "Trondheim", 250.0, y, false);
        phrase(w, "Oslo", 340.0, y, false);
        phrase(w, "gjennomsnitt", 410.0, y + 5.0, false);
    };
    let mut w1 = Vec::new();
    for k in 0..6 {
        phrase(
            &mut w1,
            "Tekst om tjenestene i året som gikk, over hele bredden av siden her.",
            70.0,
            600.0 + 14.0 * f64::from(k),
            false,
        );
    }
    caption(&mut w1, "Tabell 7.4 Nøkkeltall kunst og kultur", 700.0);
    header(&mut w1, 725.0);
    phrase(&mut w1, "Prioritet", 70.0, 750.0, false);
    let mut w2 = Vec::new();
    header(&mut w2, 65.0);
    let mut y = 90.0;
    for (label, a, b) in [
        ("Netto driftsutgifter til kultur", "1 819", "3 349"),
        ("Netto driftsutgifter til bibliotek", "249", "455"),
        ("Netto driftsutgifter til museer", "7", "291"),
    ] {
        phrase(&mut w2, label, 70.0, y, false);
        right(&mut w2, a, 300.0, y, false);
        right(&mut w2, b, 370.0, y, false);
        y += 14.0;
    }
    let mut p2 = page(2, w2);
    for k in 0..4 {
        phrase(
            &mut p2.words,
            "Mer tekst om tjenestene, også den over hele bredden av siden her.",
            70.0,
            200.0 + 14.0 * f64::from(k),
            false,
        );
    }
    let ex = extract(&[page(1, w1), p2]);
    let t = ex
        .tables
        .iter()
        .find(|t| t.table_id == "7.4")
        .expect("table 7.4");
    assert_eq!(
        t.location,
        kommunetall_model::Location::Pages { first: 1, last: 2 },
        "{:#?}",
        ex.tables
    );
    assert!(
        t.rows
            .iter()
            .any(|r| r.label == "Netto driftsutgifter til museer"
                && r.cells.iter().any(|c| c.value == Some(291.0))),
        "{t:#?}"
    );
}

#[test]
fn amounts_cut_in_the_wrong_place_are_parted_under_their_headings() {
    // A bold sum row set so tight that "451 650" under "Bru" and "77 687"
    // under "Kai" read as "451 650 77" and "687": parted again under the
    // headings, each a whole number.
    let mut w = Vec::new();
    caption(&mut w, "Tabell 2 Kostnader per fylke", 100.0);
    let mut y = 122.0;
    phrase(&mut w, "Fylke", 70.0, y, true);
    right(&mut w, "Bru", 240.0, y, true);
    right(&mut w, "Kai", 272.2, y, true);
    right(&mut w, "Vinterdrift", 360.0, y, true);
    for (label, a, b, c) in [
        ("Viken", "55 965", "925", "369 521"),
        ("Innlandet", "40 721", "658", "305 772"),
        ("Agder", "31 437", "6 668", "176 039"),
    ] {
        y += 14.0;
        phrase(&mut w, label, 70.0, y, false);
        right(&mut w, a, 240.0, y, false);
        right(&mut w, b, 272.2, y, false);
        right(&mut w, c, 360.0, y, false);
    }
    y += 14.0;
    phrase(&mut w, "Sum", 70.0, y, true);
    // "451 650" ends at 240, "77" follows a word space later, "687"
    // after a space a little wider, ending under "Kai".
    right(&mut w, "451 650", 240.0, y, true);
    phrase(&mut w, "77", 240.0 + FS * 0.28, y, true);
    right(&mut w, "687", 272.2, y, true);
    right(&mut w, "851 332", 360.0, y, true);
    let ex = extract(&[page(1, w)]);
    let t = &ex.tables[0];
    let sum = t
        .rows
        .iter()
        .find(|r| r.label == "Sum")
        .expect("the sum row");
    let values: Vec<Option<f64>> = sum.cells.iter().map(|c| c.value).collect();
    assert_eq!(
        values,
        [Some(451_650.0), Some(77_687.0), Some(851_332.0)],
        "{t:#?}"
    );
}

#[test]
fn decimals_broken_over_the_page_break_are_whole_again() {
    // "12,7" at the foot of the page, "5" under the header repeated: the
    // column's numbers carry two decimals, so it is 12,75, never 12,7 and
    // a row of 5.
    let p1 = split_page(
        1,
        &[
            ("Personer", ["22,00", "22,00"]),
            ("Fylker", ["2,65", "2,40"]),
            ("Kommuner", ["12,7", "11,3"]),
        ],
        true,
        true,
    );
    let mut p2 = split_page(
        2,
        &[
            ("Staten", ["6,60", "8,25"]),
            ("Bedrifter", ["0,00", "0,00"]),
        ],
        false,
        true,
    );
    // The rows of page 2 one line lower, the tails in the line freed.
    for w in &mut p2.words {
        if w.bbox.y0 > 70.0 {
            w.bbox.y0 += 15.0;
            w.bbox.y1 += 15.0;
            w.baseline += 15.0;
        }
    }
    right(&mut p2.words, "5", 380.0, 75.0, false);
    right(&mut p2.words, "5", 470.0, 75.0, false);
    let ex = extract(&[p1, p2]);
    let t = &ex.tables[0];
    let labels: Vec<&str> = t.rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(
        labels,
        ["Personer", "Fylker", "Kommuner", "Staten", "Bedrifter"],
        "{t:#?}"
    );
    assert_eq!(t.rows[2].cells[0].value, Some(12.75));
    assert_eq!(t.rows[2].cells[1].value, Some(11.35));
}

#[test]
fn a_column_without_values_keeps_its_own_heading() {
    // "Muutokset" (budget changes) is empty in every row; its heading
    // stands just right of the first column's numbers, far from the next
    // column's. It heads an empty column; it never joins the next heading.
    let mut w = Vec::new();
    caption(&mut w, "Tabell 4 Verotulot", 100.0);
    let mut y = 122.0;
    phrase(&mut w, "Alkuperäinen", 150.0, y, false);
    phrase(&mut w, "Muutokset", 232.0, y, false);
    phrase(&mut w, "Muutosten jälkeen", 330.0, y, false);
    phrase(&mut w, "Toteutuma", 430.0, y, false);
    for (label, a, b) in [
        ("Verotulot", "31 902", "33 595"),
        ("Kunnan tulovero", "24 420", "26 441"),
        ("Kiinteistövero", "4 506", "4 327"),
    ] {
        y += 14.0;
        phrase(&mut w, label, 70.0, y, false);
        right(&mut w, a, 222.0, y, false);
        right(&mut w, a, 410.0, y, false);
        right(&mut w, b, 475.0, y, false);
    }
    let ex = extract(&[page(1, w)]);
    let t = &ex.tables[0];
    let heads: Vec<String> = (1..=t.n_cols).map(|c| t.column_label(c)).collect();
    assert_eq!(
        heads,
        [
            "Alkuperäinen",
            "Muutokset",
            "Muutosten jälkeen",
            "Toteutuma"
        ],
        "{t:#?}"
    );
    assert_eq!(t.rows[0].cells[1].value, None);
    assert_eq!(t.rows[0].cells[2].value, Some(31902.0));
    assert_eq!(t.rows[0].cells[3].value, Some(33595.0));
}

#[test]
fn a_spanning_heading_repeated_on_every_page_is_no_running_header_under_a_caption() {
    // "Budsjett 2025" spans the value columns of a table that runs over
    // four pages, at the top of each page after the first. On the first
    // it stands under the caption: content, so the caption stays in reach.
    let body = |w: &mut Vec<Word>, mut y: f64, first: usize| {
        centred(w, "Budsjett 2025", 420.0, y);
        y += 28.0;
        phrase(w, "Post", 70.0, y, false);
        right(w, "Regnskap", 380.0, y, false);
        right(w, "Saldert", 470.0, y, false);
        for k in first..first + 24 {
            y += 28.0;
            phrase(w, &format!("Post nummer {k}"), 70.0, y, false);
            right(w, &format!("{} 000", 100 + k), 380.0, y, false);
            right(w, &format!("{} 500", 200 + k), 470.0, y, false);
        }
    };
    let mut pages = Vec::new();
    for p in 0..4u32 {
        let mut w = Vec::new();
        if p == 0 {
            caption(
                &mut w,
                "Tabell 3 Bokførte inntekter fordelt på post. Mill.",
                50.0,
            );
            caption(&mut w, "kroner", 61.0);
            body(&mut w, 90.0, 0);
        } else {
            body(&mut w, 50.0, 24 * p as usize);
        }
        pages.push(page(p + 1, w));
    }
    let ex = extract(&pages);
    let t = ex
        .tables
        .iter()
        .find(|t| t.rows.iter().any(|r| r.label == "Post nummer 0"))
        .expect("the table");
    assert_eq!(
        t.table_id,
        "3",
        "{:#?}",
        ex.tables.iter().map(|t| &t.table_id).collect::<Vec<_>>()
    );
}

#[test]
fn two_section_headings_at_a_page_foot_go_on_with_the_table() {
    // The page ends with the table's section heading and sub-heading
    // ("Gjeld" over "Langsiktig gjeld") set apart below its last row; the
    // next page repeats the header and goes on with the rows.
    let mut p1 = split_page(
        1,
        &[
            ("Kapitalkonto", ["-18 692", "-18 182"]),
            ("Sum egenkapital", ["-28 634", "-27 570"]),
        ],
        true,
        true,
    );
    phrase(&mut p1.words, "Gjeld", 70.0, 720.0, false);
    phrase(&mut p1.words, "Langsiktig gjeld", 70.0, 740.0, false);
    let p2 = split_page(
        2,
        &[
            ("Obligasjonslån", ["-6 300", "-6 300"]),
            ("Sertifikatlån", ["-1 541", "-1 545"]),
        ],
        false,
        true,
    );
    let ex = extract(&[p1, p2]);
    let t = &ex.tables[0];
    assert_eq!(
        t.location,
        kommunetall_model::Location::Pages { first: 1, last: 2 },
        "{:#?}",
        ex.tables
    );
    assert!(t.rows.iter().any(|r| r.label == "Sertifikatlån"), "{t:#?}");
}

/// A page of a table whose cells are set at their top in a narrow label
/// column: each row's values on its first line, its label wrapping on
/// below them (lines set tight, rows 3 pt apart). `rows` are (label lines,
/// values); the header stands at `y`.
fn top_set_page(
    number: u32,
    y: f64,
    caption_text: Option<&str>,
    rows: &[(&[&str], [&str; 3])],
) -> Page {
    let mut w = Vec::new();
    let mut y = y;
    if let Some(c) = caption_text {
        caption(&mut w, c, y - 20.0);
    }
    phrase(&mut w, "Låntaker", 70.0, y, true);
    right(&mut w, "Ramme", 230.0, y, true);
    phrase(&mut w, "Type", 250.0, y, true);
    right(&mut w, "År", 420.0, y, true);
    y += FS * 1.15 + 3.0;
    for (label, vals) in rows {
        for (k, line) in label.iter().enumerate() {
            phrase(&mut w, line, 70.0, y, false);
            if k == 0 {
                right(&mut w, vals[0], 230.0, y, false);
                phrase(&mut w, vals[1], 250.0, y, false);
                right(&mut w, vals[2], 420.0, y, false);
            }
            y += FS * 1.15;
        }
        y += 3.0;
    }
    page(number, w)
}

#[test]
fn top_set_labels_wrap_below_their_values_at_a_page_foot_and_over_the_break() {
    // Two rows at the foot of a page (too few lines there to show how far
    // apart rows stand), the second's label broken off by the page break:
    // "Trondheim" there, "Renholdsverk AS" under the header repeated, its
    // first word too long to have fitted after "Trondheim".
    let mut p1 = top_set_page(
        1,
        735.0,
        Some("Tabell 1.9 Vedtatte garantier, millioner kroner"),
        &[
            (
                &["Trondhjems", "Seilforening,", "klubbhus"],
                ["1,0", "Simpel", "2024"],
            ),
            (&["Trondheim"], ["20,0", "Selvskyldner", "2024"]),
        ],
    );
    for k in 0..12 {
        phrase(
            &mut p1.words,
            "Tekst over tabellen som går over hele bredden av siden slik en rapport gjør her.",
            70.0,
            80.0 + 14.0 * f64::from(k),
            false,
        );
    }
    let mut p2 = top_set_page(
        2,
        60.0,
        None,
        &[
            (&["Renholdsverk AS"], ["", "", ""]),
            (
                &["Heimdal Fotball", "Kunstgressbane"],
                ["18,4", "Simpel", "2024"],
            ),
            (&["Ranheim IL Fotball", "Topp"], ["7,0", "Simpel", "2024"]),
        ],
    );
    for k in 0..20 {
        phrase(
            &mut p2.words,
            "Tekst under tabellen som går over hele bredden av siden slik en rapport gjør her.",
            70.0,
            520.0 + 14.0 * f64::from(k),
            false,
        );
    }
    let ex = extract(&[p1, p2]);

    let t = ex
        .tables
        .iter()
        .find(|t| t.table_id == "1.9")
        .expect("table 1.9");
    let labels: Vec<&str> = t.rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "Trondhjems Seilforening, klubbhus",
            "Trondheim Renholdsverk AS",
            "Heimdal Fotball Kunstgressbane",
            "Ranheim IL Fotball Topp"
        ],
        "{t:#?}"
    );
    assert_eq!(t.rows[1].cells[0].value, Some(20.0));
    assert!(
        t.rows.iter().all(|r| r.class != RowClass::Section),
        "{t:#?}"
    );
}

#[test]
fn a_value_with_its_unit_set_close_to_the_next_columns_mark_stays_a_row() {
    // Values centred in their column; "690,3 GWh", wider than the others,
    // reaches to a word space from the trend arrow of the next column: one
    // segment across two columns, yet a row of the table, not a legend
    // under it.
    let mut w = Vec::new();
    caption(&mut w, "Tabell 6.2 Klimaindikatorer", 100.0);
    let mut y = 120.0;
    phrase(&mut w, "Indikator", 70.0, y, true);
    phrase(
        &mut w,
        "Verdi",
        280.0 - phrase_width("Verdi") / 2.0,
        y,
        true,
    );
    phrase(&mut w, "Trend", 302.5, y, true);
    for (label, value) in [
        ("Innblanding av biodrivstoff", "19 %"),
        ("Nullutslippsbiler", "34 %"),
        ("Fjernvarme fra gass", "6,9 %"),
        ("Totalproduksjon av fjernvarme", "690,3 GWh"),
        ("Fossilfrie byggeplasser", "85 %"),
    ] {
        y += 14.0;
        phrase(&mut w, label, 70.0, y, false);
        phrase(&mut w, value, 280.0 - phrase_width(value) / 2.0, y, false);
        phrase(&mut w, "⬆", 302.5, y, false);
    }
    y += 30.0;
    phrase(
        &mut w,
        "Dette er en vanlig avsnittstekst som går over hele bredden av siden og ikke er tabell.",
        70.0,
        y,
        false,
    );
    let ex = extract(&[page(1, w)]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    let t = &ex.tables[0];
    let labels: Vec<&str> = t.rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "Innblanding av biodrivstoff",
            "Nullutslippsbiler",
            "Fjernvarme fra gass",
            "Totalproduksjon av fjernvarme",
            "Fossilfrie byggeplasser"
        ],
        "{t:#?}"
    );
    assert_eq!(t.rows[3].cells[0].text, "690,3 GWh", "{t:#?}");
    assert_eq!(t.rows[4].cells[0].value, Some(85.0), "{t:#?}");
}

/// The header of a table of indicators with a tall comment column.
fn indicator_header(w: &mut Vec<Word>, y: f64) {
    phrase(w, "Sektor", 57.0, y, true);
    phrase(w, "Indikator", 174.0, y, true);
    phrase(w, "Verdi", 275.0, y, true);
    phrase(w, "Trend", 318.0, y, true);
    phrase(w, "Kommentar", 418.0, y, true);
}

#[test]
fn rows_padded_as_far_apart_as_from_the_header_repeated_over_them_continue_the_table() {
    // A table of indicators, cells padded and vertically centred, breaks
    // over a page. On the next page, under its header repeated, the first
    // row is lines of one segment each (a wrapped indicator, its value set
    // between them) standing as far below the header as the rows stand
    // apart; the next row opens with its comment's first lines alone.
    let lead = 11.4;
    let mut w1 = Vec::new();
    for k in 0..30 {
        phrase(
            &mut w1,
            "Tekst over tabellen som går over hele bredden av siden slik en rapport gjør her.",
            57.0,
            60.0 + 14.0 * f64::from(k),
            false,
        );
    }
    caption(&mut w1, "Tabell 6.3 Klimaindikatorer", 500.0);
    let mut y = 520.0;
    indicator_header(&mut w1, y);
    // A row of one line, then rows whose comments run to five lines, the
    // other cells centred beside the middle one.
    y += lead + 16.0;
    phrase(&mut w1, "Veitrafikk", 57.0, y, false);
    phrase(&mut w1, "Innblanding", 136.0, y, false);
    phrase(&mut w1, "19 %", 278.0, y, false);
    phrase(&mut w1, "⬆", 317.0, y, false);
    phrase(&mut w1, "Kravet var 19 prosent.", 352.0, y, false);
    for (sector, indicator, value, comment) in [
        (
            "",
            "Nullutslippsbiler",
            "34 %",
            [
                "Andelen av",
                "personbilene",
                "økte fra 32,6",
                "til 36,9",
                "prosent i året.",
            ],
        ),
        (
            "Energi",
            "Fjernvarme med gass",
            "6,9 %",
            [
                "Produksjonen",
                "var noe",
                "lavere enn",
                "året før",
                "grunnet været.",
            ],
        ),
    ] {
        y += lead + 16.0;
        for (k, line) in comment.iter().enumerate() {
            phrase(&mut w1, line, 352.0, y + lead * k as f64, false);
        }
        let mid = y + 2.0 * lead;
        phrase(&mut w1, sector, 57.0, mid, false);
        phrase(&mut w1, indicator, 136.0, mid, false);
        phrase(&mut w1, value, 278.0, mid, false);
        phrase(&mut w1, "⬆", 317.0, mid, false);
        y += 4.0 * lead;
    }
    let mut w2 = Vec::new();
    indicator_header(&mut w2, 52.3);
    // The first row: three lines of one segment each, 16 pt under the
    // header.
    phrase(&mut w2, "Totalproduksjon av", 136.0, 80.7, false);
    phrase(&mut w2, "690,3 GWh", 264.0, 86.4, false);
    phrase(&mut w2, "⬆", 317.0, 86.4, false);
    phrase(&mut w2, "fjernvarme", 136.0, 92.1, false);
    // The next row, 16 pt lower: its comment's first two lines alone.
    let y = 92.1 + lead + 16.0 - 1.0;
    phrase(&mut w2, "Bygg: I 2024 var", 352.0, y, false);
    phrase(&mut w2, "ni prosjekter", 352.0, y + lead, false);
    phrase(&mut w2, "Andel av", 136.0, y + 2.0 * lead, false);
    phrase(&mut w2, "fossilfrie.", 352.0, y + 2.0 * lead, false);
    phrase(&mut w2, "Annen mobil", 57.0, y + 3.0 * lead, false);
    phrase(&mut w2, "byggeprosjekter", 136.0, y + 3.0 * lead, false);
    phrase(&mut w2, "85 %", 278.0, y + 3.0 * lead, false);
    phrase(&mut w2, "⬆", 317.0, y + 3.0 * lead, false);
    phrase(&mut w2, "Anlegg: Av 28", 352.0, y + 3.0 * lead, false);
    phrase(&mut w2, "forbrenning", 57.0, y + 4.0 * lead, false);
    phrase(&mut w2, "uten fossilt", 136.0, y + 4.0 * lead, false);
    phrase(&mut w2, "nye prosjekter.", 352.0, y + 4.0 * lead, false);
    for k in 0..20 {
        phrase(
            &mut w2,
            "Tekst under tabellen som går over hele bredden av siden slik en rapport gjør her.",
            57.0,
            260.0 + 14.0 * f64::from(k),
            false,
        );
    }
    let ex = extract(&[page(1, w1), page(2, w2)]);
    let t = ex
        .tables
        .iter()
        .find(|t| t.table_id == "6.3")
        .expect("table 6.3");
    assert!(
        matches!(
            t.location,
            kommunetall_model::Location::Pages { first: 1, last: 2 }
        ),
        "{t:#?}"
    );
    let indicators: Vec<&str> = t.rows.iter().map(|r| r.cells[0].text.as_str()).collect();
    assert_eq!(
        indicators,
        [
            "Innblanding",
            "Nullutslippsbiler",
            "Fjernvarme med gass",
            "Totalproduksjon av fjernvarme",
            "Andel av byggeprosjekter uten fossilt"
        ],
        "{t:#?}"
    );
    let verdi: Vec<&str> = t.rows.iter().map(|r| r.cells[1].text.as_str()).collect();
    assert_eq!(
        verdi,
        ["19 %", "34 %", "6,9 %", "690,3 GWh", "85 %"],
        "{t:#?}"
    );
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
}

#[test]
fn numbers_glued_to_the_text_column_beside_them_are_rows_under_a_header_cut_by_word_centres() {
    // A narrow table: each amount, set flush right, stands a word space
    // from the text column beside it ("1,0 Simpel" reads as one segment),
    // and the headings run together the same way over the columns.
    let mut w = Vec::new();
    caption(
        &mut w,
        "Tabell 1.9 Vedtatte garantier, millioner kroner",
        100.0,
    );
    let mut y = 120.0;
    phrase(&mut w, "Låntaker", 70.0, y, true);
    right(&mut w, "Garantiramme", 230.0, y, true);
    phrase(&mut w, "Type garanti Forventet låneopptak", 231.5, y, true);
    let year_right = 231.5 + phrase_width("Type garanti Forventet låneopptak");
    for (label, amount, kind) in [
        ("Trondhjems Seilforening", "1,0", "Simpel"),
        ("Trondheim Renholdsverk AS", "20,0", "Selvskyldner"),
        ("Heimdal Fotball", "18,4", "Simpel"),
        ("Ranheim IL", "7,0", "Simpel"),
    ] {
        y += 14.0;
        phrase(&mut w, label, 70.0, y, false);
        right(&mut w, amount, 230.0, y, false);
        phrase(&mut w, kind, 231.5, y, false);
        right(&mut w, "2024", year_right, y, false);
    }
    y += 14.0;
    phrase(&mut w, "Sum", 70.0, y, true);
    right(&mut w, "46,4", 230.0, y, true);
    y += 30.0;
    phrase(
        &mut w,
        "Dette er en vanlig avsnittstekst som går over hele bredden av siden og ikke er tabell.",
        70.0,
        y,
        false,
    );
    let ex = extract(&[page(1, w)]);
    let t = ex
        .tables
        .iter()
        .find(|t| t.table_id == "1.9")
        .expect("table 1.9");
    let heads: Vec<&str> = t.header[0].iter().map(|h| h.text.as_str()).collect();
    assert_eq!(
        heads,
        [
            "Låntaker",
            "Garantiramme",
            "Type garanti",
            "Forventet låneopptak"
        ],
        "{t:#?}"
    );
    let labels: Vec<&str> = t.rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "Trondhjems Seilforening",
            "Trondheim Renholdsverk AS",
            "Heimdal Fotball",
            "Ranheim IL",
            "Sum"
        ],
        "{t:#?}"
    );
    assert_eq!(t.rows[1].cells[0].value, Some(20.0));
    assert_eq!(t.rows[1].cells[1].text, "Selvskyldner");
    assert_eq!(t.rows[4].cells[0].value, Some(46.4));
}

#[test]
fn a_heading_cut_in_its_narrow_cell_is_whole_and_a_title_over_the_columns_spans_them() {
    // Headings in columns too narrow for "Trondheim": "Trondhei" fills the
    // cell's line, "m 2023" goes on below. Above them a title centred over
    // the whole table.
    let mut w = Vec::new();
    caption(&mut w, "Tabell 4.2 Garantiansvar", 100.0);
    let mut y = 120.0;
    // (Centred over the whole table: 70 to 380.)
    let title = "Garantiansvar per 31.12, millioner kroner";
    phrase(&mut w, title, 225.0 - phrase_width(title) / 2.0, y, true);
    y += 14.0;
    right(&mut w, "Trondhei", 300.0, y, true);
    right(&mut w, "Trondhei", 380.0, y, true);
    y += FS * 1.15;
    phrase(&mut w, "Område", 70.0, y, true);
    right(&mut w, "m 2023", 300.0, y, true);
    right(&mut w, "m 2024", 380.0, y, true);
    for (label, a, b) in [
        ("Idrett", "425", "464"),
        ("Barnehager", "16", "14"),
        ("Aksjeselskap, Interkommunale selskap", "237", "203"),
    ] {
        y += 14.0;
        phrase(&mut w, label, 70.0, y, false);
        right(&mut w, a, 300.0, y, false);
        right(&mut w, b, 380.0, y, false);
    }
    y += 30.0;
    phrase(
        &mut w,
        "Dette er en vanlig avsnittstekst som går over hele bredden av siden og ikke er tabell.",
        70.0,
        y,
        false,
    );
    let ex = extract(&[page(1, w)]);
    let t = ex
        .tables
        .iter()
        .find(|t| t.table_id == "4.2")
        .expect("table 4.2");
    let rows: Vec<Vec<(&str, usize)>> = t
        .header
        .iter()
        .map(|r| r.iter().map(|h| (h.text.as_str(), h.span)).collect())
        .collect();
    assert_eq!(
        rows,
        [
            vec![("Garantiansvar per 31.12, millioner kroner", 3)],
            vec![("Område", 1), ("Trondheim 2023", 1), ("Trondheim 2024", 1)]
        ],
        "{t:#?}"
    );
    assert_eq!(t.rows[0].cells[1].value, Some(464.0));
}

#[test]
fn a_whole_number_at_a_page_foot_takes_no_tail_from_the_next_row() {
    // The next page's first row sets its values above its label (centred
    // beside a label wrapped below them): "249" there is that row's number,
    // not the thousands of "1 781" at the foot of the page before, whose
    // column holds hundreds and thousands.
    let p1 = split_page(
        1,
        &[
            ("Kultursektoren", ["1 819", "3 349"]),
            ("Idrett", ["330", "863"]),
            ("Museer", ["1 781", "2 579"]),
        ],
        true,
        true,
    );
    let mut p2 = split_page(2, &[], false, true);
    right(&mut p2.words, "249", 380.0, 75.0, false);
    right(&mut p2.words, "263", 470.0, 75.0, false);
    phrase(&mut p2.words, "Folkebibliotek", 70.0, 80.0, false);
    phrase(&mut p2.words, "Kunstformidling", 70.0, 95.0, false);
    right(&mut p2.words, "513", 380.0, 95.0, false);
    right(&mut p2.words, "515", 470.0, 95.0, false);
    let ex = extract(&[p1, p2]);
    let t = &ex.tables[0];
    let museer = t
        .rows
        .iter()
        .find(|r| r.label == "Museer")
        .expect("the row at the foot");
    assert_eq!(museer.cells[0].value, Some(1781.0), "{t:#?}");
    assert_eq!(museer.cells[1].value, Some(2579.0), "{t:#?}");
    assert!(
        t.rows.iter().any(|r| r.cells[0].value == Some(249.0)),
        "{t:#?}"
    );
}

#[test]
fn a_label_line_that_reads_like_a_note_at_the_page_foot_is_the_label_going_on() {
    // The last row at the foot of the page: its label wraps over three
    // lines, the last one starting with a note mark ("*) per innbygger"),
    // set tight under the others and where they start.
    let mut w = Vec::new();
    caption(&mut w, "Tabell 7.4 Nøkkeltall kultur", 660.0);
    let mut y = 680.0;
    phrase(&mut w, "Område", 70.0, y, true);
    right(&mut w, "2023", 380.0, y, true);
    right(&mut w, "2024", 470.0, y, true);
    for (label, a, b) in [("Bibliotek", "249", "263"), ("Museer", "7", "19")] {
        y += 14.0;
        phrase(&mut w, label, 70.0, y, false);
        right(&mut w, a, 380.0, y, false);
        right(&mut w, b, 470.0, y, false);
    }
    y += 14.0;
    let lead = FS * 1.15;
    phrase(&mut w, "Netto driftsutgifter til", 70.0, y, false);
    // (The values centred beside the label, half a line lower.)
    right(&mut w, "1 819", 380.0, y + 0.5 * lead, false);
    right(&mut w, "1 781", 470.0, y + 0.5 * lead, false);
    phrase(&mut w, "kultursektoren", 70.0, y + lead, false);
    phrase(&mut w, "*) per innbygger", 70.0, y + 2.0 * lead, false);
    let ex = extract(&[page(1, w)]);
    let t = ex
        .tables
        .iter()
        .find(|t| t.table_id == "7.4")
        .expect("table 7.4");
    let last = t.rows.last().expect("rows");
    assert_eq!(
        last.label, "Netto driftsutgifter til kultursektoren *) per innbygger",
        "{t:#?}"
    );
    assert_eq!(last.cells[0].value, Some(1819.0));
}

/// A column the rows leave empty whose heading stands in words of its own
/// between its neighbours' columns, neither a pitch from each nor near one
/// (numbers centred in cells of unequal width): it stays a column, so the
/// numbers right of it keep their columns and their headings.
#[test]
fn an_empty_column_headed_between_two_columns_keeps_its_place() {
    let mut w = Vec::new();
    caption(&mut w, "Tabell 4.2 Skatteinntekter", 100.0);
    // Column centres: budget, change (no values), revised, accounts, gap.
    let (x1, x2, x3, x4, x5) = (220.0, 285.0, 370.0, 450.0, 530.0);
    let (h0, h1) = (125.0, 135.0);
    centred(&mut w, "Opprinnelig", x1, h0);
    centred(&mut w, "budsjett", x1, h1);
    centred(&mut w, "Budsjett-", x2, h0);
    centred(&mut w, "endring", x2, h1);
    centred(&mut w, "Regulert", x3, h0);
    centred(&mut w, "budsjett", x3, h1);
    centred(&mut w, "Regnskap", x4, h1);
    centred(&mut w, "Avvik", x5, h1);
    let rows = [
        ("Skatt på inntekt", ["24 420", "24 420", "26 441", "2 021"]),
        ("Eiendomsskatt", ["4 506", "4 506", "4 327", "-179"]),
        ("Andre skatter", ["2 976", "2 976", "2 827", "-149"]),
    ];
    let mut y = 137.0;
    for (label, cells) in rows {
        y += 13.0;
        phrase(&mut w, label, 70.0, y, false);
        for (c, x) in cells.iter().zip([x1, x3, x4, x5]) {
            centred(&mut w, c, x, y);
        }
    }
    let ex = extract(&[page(1, w)]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    let t = &ex.tables[0];
    assert_eq!(t.n_cols, 5, "{:#?}", t.header);
    assert_eq!(t.column_label(2), "Budsjett-endring");
    assert_eq!(t.column_label(3), "Regulert budsjett");
    assert_eq!(t.rows[1].label, "Eiendomsskatt");
    assert_eq!(t.rows[1].cells[1].value, None);
    assert_eq!(t.rows[1].cells[2].value, Some(4506.0));
    assert_eq!(t.rows[1].cells[4].value, Some(-179.0));
}

/// Word's default table cell: values at the top, no padding, so a row's
/// label wraps below the line of its values at the same spacing as the
/// rows themselves, its second line capitalised (a name). Each label line
/// that would not have fitted on the line above goes on that row; a bold
/// heading under a total, and a plain heading that would have fitted,
/// stay rows of their own.
#[test]
fn labels_wrapping_below_their_values_in_unpadded_rows_stay_whole() {
    let mut w = Vec::new();
    caption(&mut w, "Tabell 1.9 Garantier, mill. kroner", 100.0);
    let mut y = 120.0;
    phrase(&mut w, "Låntaker", 70.0, y, true);
    right(&mut w, "Ramme", 300.0, y, true);
    right(&mut w, "År", 400.0, y, true);
    let lines: [(&str, bool, Option<[&str; 2]>); 10] = [
        ("Trondhjems", false, Some(["1,0", "2024"])),
        ("Seilforening, klubbhus", false, None),
        ("Trondheim Bydrift", false, Some(["20,0", "2024"])),
        ("Renholdsverk AS", false, None),
        ("Sum", true, Some(["21,0", "2024"])),
        ("Idrettsanlegg", true, None),
        ("Heimdal Fotball", false, Some(["18,4", "2025"])),
        ("Kunstgressbane", false, None),
        ("Ranheim IL", false, Some(["7,0", "2025"])),
        ("Sum idrett", true, Some(["25,4", "2025"])),
    ];
    for (label, bold, cells) in lines {
        y += FS * 1.15;
        phrase(&mut w, label, 70.0, y, bold);
        if let Some([a, b]) = cells {
            right(&mut w, a, 300.0, y, bold);
            right(&mut w, b, 400.0, y, bold);
        }
    }
    let ex = extract(&[page(1, w)]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    let t = &ex.tables[0];
    let labels: Vec<&str> = t.rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "Trondhjems Seilforening, klubbhus",
            "Trondheim Bydrift Renholdsverk AS",
            "Sum",
            "Idrettsanlegg",
            "Heimdal Fotball Kunstgressbane",
            "Ranheim IL",
            "Sum idrett"
        ]
    );
    assert_eq!(t.rows[1].cells[0].value, Some(20.0));
    assert_eq!(t.rows[3].class, RowClass::Section);
    assert_eq!(t.rows[4].cells[0].value, Some(18.4));
}

/// An uncaptioned table under a paragraph whose last line is a word or
/// two ("siden."): that line ends the paragraph, it is no heading of the
/// table, and the headings below it stay the table's header.
#[test]
fn the_last_line_of_a_paragraph_above_a_table_is_not_its_header() {
    let mut w = Vec::new();
    phrase(
        &mut w,
        "Teksten under viser tabellen og forklarer tallene i løpende tekst slik en rapport gjør over hele",
        70.0,
        100.0,
        false,
    );
    phrase(&mut w, "siden.", 70.0, 110.5, false);
    let y = 126.0;
    phrase(&mut w, "Sektor", 72.0, y, false);
    phrase(&mut w, "Indikator", 180.0, y, false);
    right(&mut w, "Verdi", 380.0, y, false);
    right(&mut w, "Endring", 470.0, y, false);
    let rows = [
        ("Veitrafikk", "Biodrivstoff", "19", "2,5"),
        ("Energi", "Fjernvarme", "690", "-1,6"),
        ("Bygg", "Fossilfrie", "85", "4,0"),
    ];
    for (k, (label, text, a, b)) in rows.iter().enumerate() {
        let y = 140.0 + 12.0 * k as f64;
        phrase(&mut w, label, 72.0, y, false);
        phrase(&mut w, text, 180.0, y, false);
        right(&mut w, a, 380.0, y, false);
        right(&mut w, b, 470.0, y, false);
    }
    let ex = extract(&[page(1, w)]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    let t = &ex.tables[0];
    let header: Vec<Vec<&str>> = t
        .header
        .iter()
        .map(|r| r.iter().map(|h| h.text.as_str()).collect())
        .collect();
    assert_eq!(header, [["Sektor", "Indikator", "Verdi", "Endring"]]);
    assert_eq!(t.rows.len(), 3);
    assert_eq!(t.rows[0].label, "Veitrafikk");
    assert_eq!(t.rows[1].cells[2].value, Some(-1.6));
}

/// A heading's note mark its narrow cell broke off ("Tunnel" over "2",
/// for "Tunnel2"), on the header's second line beside the rest of other
/// headings: that line is header, not the first row, and the columns are
/// the headings', not one more for each piece.
#[test]
fn a_note_mark_broken_off_a_heading_is_header() {
    let mut w = Vec::new();
    caption(&mut w, "Tabell 3.1 Kostnader per fylke, 1000 kr", 100.0);
    let (h0, h1) = (118.0, 128.5);
    phrase(&mut w, "Fylke", 75.0, h0, false);
    centred(&mut w, "Tunnel", 190.0, h0);
    centred(&mut w, "2", 190.0, h1);
    centred(&mut w, "Drenering og", 280.0, h0);
    centred(&mut w, "vegdekke", 280.0, h1);
    centred(&mut w, "Vegutstyr", 380.0, h0);
    centred(&mut w, "objekter", 380.0, h1);
    let rows = [
        ("Viken", ["45 473", "486 201", "185 979"]),
        ("Innlandet", ["5 443", "492 195", "164 678"]),
        ("Agder", ["52 062", "239 728", "92 040"]),
    ];
    right_rows(&mut w, &rows, 52.0, &[215.0, 310.0, 410.0], (150.0, 14.0));
    let ex = extract(&[page(1, w)]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    let t = &ex.tables[0];
    assert_eq!(t.n_cols, 3, "{:#?}", t.header);
    assert_eq!(t.rows.len(), 3);
    assert_eq!(t.rows[0].label, "Viken");
    assert_eq!(t.rows[0].cells[1].value, Some(486_201.0));
    assert_eq!(t.column_label(2), "Drenering og vegdekke");
}

/// Two amounts set less than a font size apart, each well-formed under
/// its own column ("112 572 312" and "306 367" on a sum row set wider):
/// the line's cut between them stands, though another parting
/// ("112 572 312 306" and "367") would also put a number under each
/// heading.
#[test]
fn amounts_cut_well_keep_their_cut() {
    let mut w = Vec::new();
    caption(&mut w, "Tabell 3.2 Kostnader per fylke, 1000 kr", 100.0);
    let h = 118.0;
    phrase(&mut w, "Fylke", 75.0, h, false);
    phrase(&mut w, "Vinterdrift", 230.0, h, false);
    phrase(&mut w, "Gang- og", 300.0, h, false);
    phrase(&mut w, "Sum", 380.0, h, false);
    let rows = [
        ("Viken", "369 521", "75 008", "444 529"),
        ("Innlandet", "305 772", "21 572", "327 344"),
        ("Agder", "176 039", "23 962", "200 001"),
        ("Sum", "112 572 312", "306 367", "112 878 679"),
    ];
    for (k, (label, a, b, c)) in rows.iter().enumerate() {
        let y = 135.0 + 14.0 * k as f64;
        phrase(&mut w, label, 52.0, y, false);
        phrase(&mut w, a, 230.0, y, false);
        phrase(&mut w, b, 282.0, y, false);
        phrase(&mut w, c, 380.0, y, false);
    }
    let ex = extract(&[page(1, w)]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    let t = &ex.tables[0];
    assert_eq!(t.n_cols, 3, "{:#?}", t.rows);
    let sum = &t.rows[3];
    assert_eq!(sum.cells[0].value, Some(112_572_312.0));
    assert_eq!(sum.cells[1].value, Some(306_367.0));
}

/// The same empty column in wide cells: numbers set flush right, headings
/// centred, so the next column's heading ends left of its numbers' middle
/// and its last line ("jälkeen") stands in the gap too. That line is the
/// next heading's; the empty column keeps its place.
#[test]
fn an_empty_column_between_wide_cells_keeps_its_place() {
    let mut w = Vec::new();
    caption(&mut w, "Tabell 4.3 Skatteinntekter", 100.0);
    // Cells: label to 180, then 180-270, 270-390, 390-490, 490-560.
    let (h0, h1) = (125.0, 135.0);
    centred(&mut w, "Opprinnelig budsjett", 225.0, h0);
    centred(&mut w, "Budsjett-", 350.0, h0);
    centred(&mut w, "endring", 350.0, h1);
    centred(&mut w, "Regulert budsjett", 425.0, h0);
    centred(&mut w, "etter endring", 425.0, h1);
    centred(&mut w, "Avvik", 520.0, h1);
    let rows = [
        ("Skatt på inntekt", ["24 420", "24 420", "2 021"]),
        ("Eiendomsskatt", ["4 506", "4 506", "-179"]),
        ("Andre skatter", ["2 976", "2 976", "-149"]),
    ];
    right_rows(&mut w, &rows, 70.0, &[266.0, 486.0, 556.0], (150.0, 13.0));
    let ex = extract(&[page(1, w)]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    let t = &ex.tables[0];
    assert_eq!(t.n_cols, 4, "{:#?}", t.header);
    assert!(
        t.column_label(2).starts_with("Budsjett-"),
        "{}",
        t.column_label(2)
    );
    assert!(
        t.column_label(3).starts_with("Regulert budsjett"),
        "{}",
        t.column_label(3)
    );
    assert_eq!(t.rows[1].cells[1].value, None);
    assert_eq!(t.rows[1].cells[2].value, Some(4506.0));
}

/// A number cut right after its decimal comma at a page's foot ("174,"),
/// its digit under the header repeated on the next page: one number, even
/// where the column's other numbers show no decimals to count.
#[test]
fn a_number_cut_after_its_comma_at_a_page_foot_is_whole_again() {
    let p1 = split_page(
        1,
        &[
            ("Idrett", ["425", "464"]),
            ("Barnehager", ["16", "14"]),
            ("Boliger", ["174,", "152,"]),
        ],
        true,
        true,
    );
    let mut p2 = split_page(2, &[("Div. formål", ["26", "99"])], false, true);
    for w in &mut p2.words {
        if w.bbox.y0 > 70.0 {
            w.bbox.y0 += 15.0;
            w.bbox.y1 += 15.0;
            w.baseline += 15.0;
        }
    }
    right(&mut p2.words, "4", 380.0, 75.0, false);
    right(&mut p2.words, "9", 470.0, 75.0, false);
    let ex = extract(&[p1, p2]);
    let t = &ex.tables[0];
    let labels: Vec<&str> = t.rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(
        labels,
        ["Idrett", "Barnehager", "Boliger", "Div. formål"],
        "{t:#?}"
    );
    assert_eq!(t.rows[2].cells[0].value, Some(174.4));
    assert_eq!(t.rows[2].cells[1].value, Some(152.9));
}

/// Group headings each centred over its own run of columns, the runs of
/// unequal width ("Kvinne" and "Mann" over three, "Sluttsum" over two),
/// every column with a sub-heading of its own: each heading spans its run,
/// so the first run's first column is "Kvinne / Antall", not "Antall".
#[test]
fn centred_group_headings_span_runs_of_unequal_width() {
    let mut w = Vec::new();
    caption(&mut w, "Tabell 10.4 Ansatte og årsverk etter område", 100.0);
    // Eight value columns, 45 pt apart, numbers set right at their ends.
    let ends: Vec<f64> = (0..8).map(|i| 220.0 + 45.0 * f64::from(i)).collect();
    let mid = |a: usize, b: usize| (ends[a] - 30.0 + ends[b]) / 2.0;
    centred(&mut w, "Kvinne", mid(0, 2), 118.0);
    centred(&mut w, "Mann", mid(3, 5), 118.0);
    centred(&mut w, "Sluttsum", mid(6, 7), 118.0);
    phrase(&mut w, "Område", 70.0, 136.0, false);
    for (i, sub) in [
        "Antall", "Årsverk", "Andel", "Antall", "Årsverk", "Andel", "Antall", "Årsverk",
    ]
    .iter()
    .enumerate()
    {
        right(&mut w, sub, ends[i], 136.0, false);
    }
    let rows = [
        ("Skole", ["36", "33", "63%", "21", "20", "37%", "57", "53"]),
        (
            "Helse",
            ["241", "225", "37%", "389", "377", "63%", "630", "602"],
        ),
        (
            "Kultur",
            ["578", "546", "60%", "383", "368", "40%", "961", "913"],
        ),
    ];
    right_rows(&mut w, &rows, 70.0, &ends, (152.0, 12.0));
    let ex = extract(&[page(1, w)]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    let t = &ex.tables[0];
    let top: Vec<(&str, usize)> = t.header[0]
        .iter()
        .map(|h| (h.text.as_str(), h.span))
        .collect();
    assert_eq!(top, [("", 1), ("Kvinne", 3), ("Mann", 3), ("Sluttsum", 2)]);
    assert_eq!(t.column_label(1), "Kvinne / Antall");
    assert_eq!(t.column_label(4), "Mann / Antall");
    assert_eq!(t.column_label(8), "Sluttsum / Årsverk");
    assert_eq!(t.rows[1].cells[3].value, Some(389.0));
}

/// A first row whose tall comment cell, set vertically centred, starts
/// three lines above its data line right under the header and goes on
/// below it beside the rest of another text cell: those upper lines are
/// the row's, not header.
#[test]
fn a_tall_first_row_under_the_header_is_no_header() {
    let mut w = Vec::new();
    caption(&mut w, "Tabell 6.1 Klimaindikatorer", 100.0);
    let fs = FS * 1.15;
    let h = 118.0;
    phrase(&mut w, "Sektor", 70.0, h, false);
    phrase(&mut w, "Indikator", 160.0, h, false);
    right(&mut w, "Verdi", 330.0, h, false);
    phrase(&mut w, "Kommentar", 350.0, h, false);
    let comment = [
        "Omsetningskravet for",
        "biodrivstoff til veitrafikk",
        "var minst 19 prosent",
        "av omsatt mengde i",
        "2024, ifølge direktoratet.",
    ];
    for (k, line) in comment.iter().enumerate() {
        phrase(&mut w, line, 350.0, h + fs * (k as f64 + 1.0), false);
    }
    let data = h + fs * 4.0;
    phrase(&mut w, "Veitrafikk", 70.0, data, false);
    phrase(&mut w, "Andel biodrivstoff", 160.0, data, false);
    right(&mut w, "19 %", 330.0, data, false);
    phrase(&mut w, "i diesel", 160.0, data + fs, false);
    let next = h + fs * 7.0;
    phrase(&mut w, "Energi", 70.0, next, false);
    phrase(&mut w, "Fjernvarme", 160.0, next, false);
    right(&mut w, "6,9 %", 330.0, next, false);
    phrase(&mut w, "Lavere enn i fjor.", 350.0, next, false);
    let ex = extract(&[page(1, w)]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    let t = &ex.tables[0];
    let header: Vec<Vec<&str>> = t
        .header
        .iter()
        .map(|r| r.iter().map(|h| h.text.as_str()).collect())
        .collect();
    assert_eq!(
        header,
        [["Sektor", "Indikator", "Verdi", "Kommentar"]],
        "{t:#?}"
    );
    assert_eq!(t.rows[0].label, "Veitrafikk");
    assert!(
        t.rows[0].cells[2].text.starts_with("Omsetningskravet"),
        "{t:#?}"
    );
    assert_eq!(t.rows[1].cells[1].text, "6,9 %");
}

/// Words of a phrase in a font of size `fs`, spaced like ordinary text.
fn sized_phrase(out: &mut Vec<Word>, text: &str, x0: f64, y0: f64, fs: f64) {
    let mut x = x0;
    for t in text.split(' ') {
        let mut w = word(t, x, y0, false, false);
        let width = t.chars().count() as f64 * fs * 0.5;
        w.bbox.x1 = x + width;
        w.bbox.y1 = y0 + fs * 1.15;
        w.baseline = y0 + fs * 0.9;
        w.font_size = fs;
        x = w.bbox.x1 + fs * 0.28;
        out.push(w);
    }
}

/// A caption in a heading's size wrapped onto a second line that ends in
/// a number with a note mark ("kapittel 3*"), that number standing by
/// chance where a column of numbers of the table above starts: the line
/// goes on the caption, and the table under it keeps its caption, header
/// and rows.
#[test]
fn a_caption_line_ending_in_a_number_over_another_tables_column_stays_caption() {
    let mut w = Vec::new();
    // The caption's second line, 12 pt, its last word where the numbers
    // of the table above start.
    let big = 12.0;
    let tail = "stillingstittel, kapittel";
    let space = big * 0.28;
    let at = 70.0
        + tail
            .split(' ')
            .map(|t| t.chars().count() as f64 * big * 0.5)
            .sum::<f64>()
        + 2.0 * space;
    caption(&mut w, "Tabell 10.4 Ansatte etter område", 100.0);
    // Numbers set flush left at `at` and 80 pt right of it.
    phrase(&mut w, "Område", 70.0, 118.0, false);
    phrase(&mut w, "Antall", at, 118.0, false);
    phrase(&mut w, "Årsverk", at + 80.0, 118.0, false);
    for (k, (label, a, b)) in [
        ("Skole", "241", "225"),
        ("Helse", "578", "546"),
        ("Kultur", "3 259", "2 403"),
    ]
    .iter()
    .enumerate()
    {
        let y = 131.0 + 13.0 * k as f64;
        phrase(&mut w, label, 70.0, y, false);
        phrase(&mut w, a, at, y, false);
        phrase(&mut w, b, at + 80.0, y, false);
    }
    phrase(
        &mut w,
        "Teksten under viser tabellen og forklarer tallene slik en rapport gjør.",
        70.0,
        195.0,
        false,
    );
    sized_phrase(
        &mut w,
        "Tabell 10.6 Gjennomsnittlig lønn i 2024 fordelt på kjønn og",
        70.0,
        220.0,
        big,
    );
    sized_phrase(&mut w, "stillingstittel, kapittel 3*", 70.0, 234.0, big);
    let head = 256.0;
    phrase(&mut w, "Stilling", 70.0, head, false);
    right(&mut w, "Ansatte", 420.0, head, false);
    right(&mut w, "Årslønn", 500.0, head, false);
    right_rows(
        &mut w,
        &[
            ("Avdelingsleder", ["395", "811 913"]),
            ("Enhetsleder", ["143", "968 742"]),
            ("Sluttsum", ["555", "865 045"]),
        ],
        70.0,
        &[420.0, 500.0],
        (269.0, 13.0),
    );
    let ex = extract(&[page(1, w)]);
    assert_eq!(ex.tables.len(), 2, "{:#?}", ex.tables);
    let t = &ex.tables[1];
    assert!(
        t.caption
            .as_deref()
            .is_some_and(|c| c.ends_with("stillingstittel, kapittel 3*")),
        "{:?}",
        t.caption
    );
    assert_eq!(t.column_label(1), "Ansatte");
    let labels: Vec<&str> = t.rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(labels, ["Avdelingsleder", "Enhetsleder", "Sluttsum"]);
    assert_eq!(t.rows[1].cells[1].value, Some(968_742.0));
}

/// A heading of one word too wide for its narrow column, not bold, broken
/// inside ("gjennomsnit" over "t") where the cell had no room, its last
/// letter standing just right of the column's numbers: the heading stays
/// the table's, over its column.
#[test]
fn a_heading_word_broken_in_its_cell_stays_over_its_column() {
    let mut w = Vec::new();
    caption(&mut w, "Tabell 1.5 Nøkkeltall for utvalgte kommuner", 100.0);
    let ends = [250.0, 310.0, 370.0, 408.0];
    centred(&mut w, "ASSS", 412.0, 120.0);
    centred(&mut w, "gjennomsnit", 412.0, 130.0);
    let head = 140.0;
    for (name, x) in [("Trondheim", 230.0), ("Oslo", 292.0), ("Bergen", 352.0)] {
        centred(&mut w, name, x, head);
    }
    centred(&mut w, "t", 412.0, head);
    right_rows(
        &mut w,
        &[
            ("Netto driftsresultat", ["3,5", "−0,9", "−2,4", "−0,3"]),
            ("Disposisjonsfond", ["18,2", "9,7", "9,9", "11,8"]),
            ("Langsiktig gjeld", ["116,0", "106,8", "100,3", "11,1"]),
        ],
        70.0,
        &ends,
        (155.0, 13.0),
    );
    let ex = extract(&[page(1, w)]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    let t = &ex.tables[0];
    assert_eq!(t.n_cols, 4, "{:#?}", t.header);
    assert_eq!(t.column_label(4), "ASSS gjennomsnitt", "{:#?}", t.header);
    assert_eq!(t.rows[2].cells[3].value, Some(11.1));
}

/// A row of text cells broken over a page break, its date cut in its
/// narrow cell at the foot ("25.04.2") and ended under the repeated header
/// ("4") on a line without a label, after a line of another cell's text:
/// one row, its date whole, not a row of its own.
#[test]
fn a_date_cut_at_a_page_foot_keeps_its_row_whole() {
    let cols = [70.0, 170.0, 270.0, 0.0, 390.0];
    let header = |w: &mut Vec<Word>, y: f64| {
        let head = ["Tilsyn", "Enhet", "Dato", "Avvik", "Emne"];
        cells_at(w, &head, &cols, (3, 370.0), y, true);
    };
    let row = |w: &mut Vec<Word>, cells: [&str; 5], y: f64| {
        cells_at(w, &cells, &cols, (3, 370.0), y, false);
    };
    let mut p1 = Vec::new();
    caption(&mut p1, "Tabell 8.2 Tilsyn i 2024", 600.0);
    header(&mut p1, 620.0);
    let mut y = 636.0;
    for (unit, date, n) in [
        ("Nardo", "13.09.24", "2"),
        ("Ila", "02.09.24", "0"),
        ("Lade", "18.04.24", "1"),
    ] {
        row(
            &mut p1,
            ["Arbeidstilsynet", unit, date, n, "Stedlig tilsyn"],
            y,
        );
        y += 16.0;
    }
    row(
        &mut p1,
        [
            "Arbeidstilsynet",
            "Heimdal Bo- og",
            "25.04.2",
            "3",
            "Muskel- og",
        ],
        y,
    );
    let mut p2 = Vec::new();
    header(&mut p2, 60.0);
    row(&mut p2, ["", "", "", "", "skjelettplager og"], 76.0);
    row(
        &mut p2,
        ["", "Aktivitetstilbud", "4", "", "psykiske plager"],
        86.5,
    );
    row(
        &mut p2,
        ["Mattilsynet", "Miljøenheten", "01.01.24", "0", "Kontroll"],
        103.0,
    );
    row(
        &mut p2,
        [
            "Statsforvalteren",
            "Nav Lerkendal",
            "19.12.24",
            "1",
            "Stønad",
        ],
        119.0,
    );
    let ex = extract(&[page(1, p1), page(2, p2)]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    let t = &ex.tables[0];
    let labels: Vec<&str> = t.rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "Arbeidstilsynet",
            "Arbeidstilsynet",
            "Arbeidstilsynet",
            "Arbeidstilsynet",
            "Mattilsynet",
            "Statsforvalteren"
        ],
        "{t:#?}"
    );
    assert_eq!(t.rows[3].cells[0].text, "Heimdal Bo- og Aktivitetstilbud");
    assert_eq!(t.rows[3].cells[1].text, "25.04.24");
    assert_eq!(t.rows[3].cells[2].value, Some(3.0));
    assert_eq!(
        t.rows[3].cells[3].text,
        "Muskel- og skjelettplager og psykiske plager"
    );
}

/// A column too narrow for its numbers: each number of five characters
/// breaks, its last digit on a line of its own under the rest, centred on
/// its row ("0,52" over "5"), and the last row's at the page's foot goes on
/// under the header repeated on the next page ("0,47" there, "5" here).
/// Every number whole; the column's mix of two and three decimals does
/// not decide it, the column's other broken numbers do.
#[test]
fn a_number_broken_in_a_narrow_column_at_a_page_foot_is_whole_again() {
    narrow_column_over_a_page_break(true, false);
}

/// As above, the header of one line and the pages numbered at their
/// foot: the digit alone under the header repeated on the next page is the
/// end of the number above, not a page number (those count on with the
/// pages and go), so that number is whole, not "0,47".
#[test]
fn a_lone_number_under_a_one_line_header_is_no_page_number() {
    narrow_column_over_a_page_break(false, true);
}

/// The pages of [`a_number_broken_in_a_narrow_column_at_a_page_foot_is_whole_again`]:
/// its header with a line of units or without, its pages numbered or not;
/// asserts every number of the first column whole.
fn narrow_column_over_a_page_break(unit_line: bool, numbered: bool) {
    let header = |w: &mut Vec<Word>, y: f64| {
        phrase(w, "Sats", 70.0, y, true);
        right(w, "2025", 260.0, y, true);
        right(w, "2026", 320.0, y, true);
        if unit_line {
            right(w, "pst.", 260.0, y + 11.0, true);
            right(w, "pst.", 320.0, y + 11.0, true);
        }
    };
    let half = FS * 0.65;
    // A row: its label and second value on the middle line, its first
    // value over the label line and its last digit under it when broken.
    let row = |w: &mut Vec<Word>, label: &str, a: &str, b: &str, y: f64| {
        phrase(w, label, 70.0, y, false);
        right(w, b, 320.0, y, false);
        match a.split_once('|') {
            Some((head, tail)) => {
                right(w, head, 260.0, y - half, false);
                centred(w, tail, 251.0, y + half);
            }
            None => right(w, a, 260.0, y, false),
        }
    };
    let mut p1 = Vec::new();
    caption(&mut p1, "Tabell 3.1 Skattesatser", 560.0);
    header(&mut p1, 580.0);
    let mut y = 606.0;
    for (label, a, b) in [
        ("Samlet sats", "22,0|0", "22,0"),
        ("Kommuner", "12,7|5", "11,35"),
        ("Fylkeskommuner", "2,65", "2,40"),
        ("Skattøre, formue", "0,52|5", "0,35"),
    ] {
        row(&mut p1, label, a, b, y);
        y += 28.0;
    }
    phrase(&mut p1, "Formue, trinn 1", 70.0, y, false);
    right(&mut p1, "0,47", 260.0, y, false);
    right(&mut p1, "0,65", 320.0, y, false);
    let mut p2 = Vec::new();
    header(&mut p2, 60.0);
    centred(&mut p2, "5", 251.0, 92.0);
    row(&mut p2, "Formue, trinn 2", "0,57|5", "0,75", 120.0);
    row(&mut p2, "Bunnfradrag", "1,70", "1,90", 148.0);
    if numbered {
        centred(&mut p1, "1", 297.0, 805.0);
        centred(&mut p2, "2", 297.0, 805.0);
    }
    let ex = extract(&[page(1, p1), page(2, p2)]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    let t = &ex.tables[0];
    assert_eq!(
        first_values(t),
        [
            ("Samlet sats", Some(22.0)),
            ("Kommuner", Some(12.75)),
            ("Fylkeskommuner", Some(2.65)),
            ("Skattøre, formue", Some(0.525)),
            ("Formue, trinn 1", Some(0.475)),
            ("Formue, trinn 2", Some(0.575)),
            ("Bunnfradrag", Some(1.7)),
        ],
        "{t:#?}"
    );
}

/// Rows set without padding beside a tall comment column, every cell
/// vertically centred in its row, and one row without a comment: the
/// comment column shows no line where that row stands, so its row ends
/// anywhere in that space, not only halfway between two comment lines.
/// Each indicator keeps its own value and comment.
#[test]
fn centred_rows_beside_a_tall_column_keep_a_row_without_comment() {
    let mut w = Vec::new();
    caption(&mut w, "Tabell 6.2 Klimaindikatorer", 100.0);
    let l = FS * 1.15;
    let head = 118.0;
    phrase(&mut w, "Sektor", 70.0, head, false);
    phrase(&mut w, "Indikator", 150.0, head, false);
    right(&mut w, "Verdi", 310.0, head, false);
    phrase(&mut w, "Kommentar", 330.0, head, false);
    let t0 = head + l;
    let at = |k: f64| t0 + k * l;
    // Row 1: five comment lines, a label of two, its value in the middle.
    for (k, line) in [
        "Kravet var minst",
        "19 prosent av all",
        "omsatt mengde",
        "drivstoff i 2024,",
        "ifølge direktoratet.",
    ]
    .iter()
    .enumerate()
    {
        phrase(&mut w, line, 330.0, at(k as f64), false);
    }
    phrase(&mut w, "Veitrafikk", 70.0, at(2.0), false);
    phrase(&mut w, "Andel", 150.0, at(1.5), false);
    phrase(&mut w, "biodrivstoff", 150.0, at(2.5), false);
    right(&mut w, "19 %", 310.0, at(2.0), false);
    // Row 2: no comment; a label of two lines.
    phrase(&mut w, "Totalproduksjon", 150.0, at(5.0), false);
    phrase(&mut w, "av fjernvarme", 150.0, at(6.0), false);
    right(&mut w, "690,3 GWh", 310.0, at(5.5), false);
    // Row 3: three comment lines.
    for (k, line) in ["Bygg: ni prosjekter", "var fossilfrie og", "utslippsfrie."]
        .iter()
        .enumerate()
    {
        phrase(&mut w, line, 330.0, at(7.0 + k as f64), false);
    }
    phrase(&mut w, "Anlegg", 70.0, at(8.0), false);
    phrase(&mut w, "Fossilfrie", 150.0, at(8.0), false);
    right(&mut w, "85 %", 310.0, at(8.0), false);
    // Row 4: two comment lines.
    phrase(&mut w, "Lavere enn i fjor", 330.0, at(10.0), false);
    phrase(&mut w, "og året før.", 330.0, at(11.0), false);
    phrase(&mut w, "Energi", 70.0, at(10.5), false);
    phrase(&mut w, "Fjernvarme", 150.0, at(10.5), false);
    right(&mut w, "6,9 %", 310.0, at(10.5), false);
    let ex = extract(&[page(1, w)]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    let t = &ex.tables[0];
    let rows: Vec<(&str, &str, &str)> = t
        .rows
        .iter()
        .map(|r| {
            (
                r.cells[0].text.as_str(),
                r.cells[1].text.as_str(),
                r.cells[2].text.as_str(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            (
                "Andel biodrivstoff",
                "19 %",
                "Kravet var minst 19 prosent av all omsatt mengde drivstoff i 2024, ifølge direktoratet."
            ),
            ("Totalproduksjon av fjernvarme", "690,3 GWh", ""),
            (
                "Fossilfrie",
                "85 %",
                "Bygg: ni prosjekter var fossilfrie og utslippsfrie."
            ),
            ("Fjernvarme", "6,9 %", "Lavere enn i fjor og året før."),
        ],
        "{t:#?}"
    );
}

/// A total whose number is too wide for its narrow cell breaks over two
/// lines centred on the total's label line ("865" over "Sum" over "168"),
/// the rows set without padding: the upper half starts the total's row,
/// it does not go on the number of the row above ("87 870 865").
#[test]
fn a_number_broken_around_its_label_line_is_not_the_row_above() {
    let mut w = Vec::new();
    caption(&mut w, "Tabell 9.1 Kostnader per fylke", 100.0);
    let l = 11.0;
    let ends = [220.0, 290.0];
    let head = 118.0;
    phrase(&mut w, "Fylke", 70.0, head, false);
    right(&mut w, "Tunnel", ends[0], head, false);
    right(&mut w, "Drift", ends[1], head, false);
    let rows = [
        ("Agder", ["52 062", "239 728"]),
        ("Nordland", ["71 061", "274 430"]),
        ("Troms", ["87 870", "303 829"]),
    ];
    right_rows(&mut w, &rows, 70.0, &ends, (head + 1.4 * l, l));
    let y = head + 1.4 * l + 3.0 * l;
    right(&mut w, "210", ends[0], y, false);
    phrase(&mut w, "Sum", 70.0, y + 0.5 * l, false);
    right(&mut w, "817 987", ends[1], y + 0.5 * l, false);
    right(&mut w, "993", ends[0], y + l, false);
    let ex = extract(&[page(1, w)]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    let t = &ex.tables[0];
    let cells: Vec<(&str, Option<f64>, Option<f64>)> = t
        .rows
        .iter()
        .map(|r| (r.label.as_str(), r.cells[0].value, r.cells[1].value))
        .collect();
    assert_eq!(
        cells,
        [
            ("Agder", Some(52_062.0), Some(239_728.0)),
            ("Nordland", Some(71_061.0), Some(274_430.0)),
            ("Troms", Some(87_870.0), Some(303_829.0)),
            ("Sum", Some(210_993.0), Some(817_987.0)),
        ],
        "{t:#?}"
    );
}

/// A long table whose header repeats at the top of every page (so it goes
/// with the pages' furniture), its last number broken over the last page
/// break ("138 420" at the foot, "745,79" alone on the next page): the
/// number is whole; the head alone lacks the decimals the column's
/// numbers all carry.
#[test]
fn the_tail_of_a_number_alone_on_the_last_page_goes_on_it() {
    let header = |w: &mut Vec<Word>, y: f64| {
        right(w, "31.12.2024", 380.0, y, true);
        right(w, "31.12.2023", 470.0, y, true);
    };
    let rows = |w: &mut Vec<Word>, from: usize, y0: f64, n: usize| {
        for k in 0..n {
            let y = y0 + 28.0 * k as f64;
            let i = from + k;
            phrase(w, &format!("Post {i}"), 70.0, y, false);
            right(
                w,
                &format!("{} {:03},{:02}", 10 + i, 100 + 7 * i, i),
                380.0,
                y,
                false,
            );
            right(
                w,
                &format!("{} {:03},{:02}", 20 + i, 200 + 3 * i, i),
                470.0,
                y,
                false,
            );
        }
    };
    let mut p1 = Vec::new();
    caption(&mut p1, "Tabell 5.1 Balanse", 400.0);
    header(&mut p1, 420.0);
    rows(&mut p1, 1, 448.0, 13);
    // The page goes on with a section heading under the header.
    let mut p2 = Vec::new();
    header(&mut p2, 60.0);
    phrase(&mut p2, "Omløpsmidler", 70.0, 88.0, true);
    rows(&mut p2, 14, 116.0, 24);
    let foot = 116.0 + 28.0 * 24.0;
    phrase(&mut p2, "Sum eiendeler", 70.0, foot, false);
    right(&mut p2, "138 420", 380.0, foot, false);
    right(&mut p2, "130 899 744,06", 470.0, foot, false);
    let mut p3 = Vec::new();
    header(&mut p3, 60.0);
    right(&mut p3, "745,79", 380.0, 88.0, false);
    let ex = extract(&[page(1, p1), page(2, p2), page(3, p3)]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    let t = &ex.tables[0];
    let last = t.rows.last().expect("rows");
    assert_eq!(last.label, "Sum eiendeler", "{t:#?}");
    assert_eq!(last.cells[0].value, Some(138_420_745.79));
    assert_eq!(last.cells[1].value, Some(130_899_744.06));
    assert_eq!(t.rows.len(), 39);
}

/// Headings centred in cells with almost no padding, so close that the
/// line reads as one segment (all but the last), their cells a little
/// wider apart than the words inside them; one column (budget changes)
/// without a value in any row: the headings part at the wider gaps, the empty column keeps its
/// place, and every amount stands under its own heading.
#[test]
fn headings_set_close_part_where_their_cells_meet() {
    let mut w = Vec::new();
    caption(&mut w, "Tabell 2.2 Verotulot", 100.0);
    let heads = [
        "Alkuperäinen talousarvio",
        "Talousarvio- muutokset",
        "Talousarvio muutosten jälkeen",
        "Toteutuma",
        "Poikkeama",
    ];
    let (space, cell_gap) = (FS * 0.28, FS * 0.42);
    let mut x = 150.0;
    let mut centres = Vec::new();
    for h in heads {
        // The last heading stands a cell's padding apart.
        if h == "Poikkeama" {
            x += FS;
        }
        let start = x;
        for t in h.split(' ') {
            let word = word(t, x, 118.0, false, false);
            x = word.bbox.x1 + space;
            w.push(word);
        }
        let end = x - space;
        centres.push((start + end) / 2.0);
        x = end + cell_gap;
    }
    // Amounts centred under their headings, none under the second.
    let rows = [
        ("Verotulot", ["31 902", "31 902", "33 595", "1 693"]),
        ("Kunnan tulovero", ["24 420", "24 420", "26 441", "2 021"]),
        ("Kiinteistövero", ["4 506", "4 506", "4 327", "-179"]),
    ];
    for (k, (label, cells)) in rows.iter().enumerate() {
        let y = 136.0 + 14.0 * k as f64;
        phrase(&mut w, label, 70.0, y, false);
        for (c, at) in cells
            .iter()
            .zip([centres[0], centres[2], centres[3], centres[4]])
        {
            centred(&mut w, c, at, y);
        }
    }
    let ex = extract(&[page(1, w)]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    let t = &ex.tables[0];
    let names: Vec<String> = (1..=t.n_cols).map(|c| t.column_label(c)).collect();
    assert_eq!(names, heads, "{:#?}", t.header);
    assert_eq!(t.rows[1].cells[1].value, None);
    assert_eq!(t.rows[1].cells[2].value, Some(24_420.0));
    assert_eq!(t.rows[2].cells[4].value, Some(-179.0));
}

/// Rows set without padding beside a tall comment column, cells centred
/// in their rows, the first row broken over the page break: the lines of
/// its comment at the top of the next page go on it, and the rows under
/// them are found from their own centres, down to a last row without a
/// comment.
#[test]
fn centred_rows_beside_a_tall_column_go_on_over_a_page_break() {
    let l = FS * 1.15;
    let header = |w: &mut Vec<Word>, y: f64| {
        phrase(w, "Sektor", 70.0, y, false);
        phrase(w, "Indikator", 150.0, y, false);
        right(w, "Verdi", 310.0, y, false);
        phrase(w, "Kommentar", 330.0, y, false);
    };
    let mut p1 = Vec::new();
    caption(&mut p1, "Tabell 6.3 Klimaindikatorer", 600.0);
    header(&mut p1, 620.0);
    let top = 620.0 + l;
    // The first row's part on this page: its cells at the top.
    phrase(&mut p1, "Veitrafikk", 70.0, top, false);
    phrase(&mut p1, "Biodrivstoff", 150.0, top, false);
    right(&mut p1, "19 %", 310.0, top, false);
    for k in 0..14 {
        phrase(
            &mut p1,
            &format!("linje {k} av kommentaren"),
            330.0,
            top + l * f64::from(k),
            false,
        );
    }
    let mut p2 = Vec::new();
    header(&mut p2, 60.0);
    let at = |k: f64| 60.0 + l + k * l;
    for k in 0..4 {
        phrase(
            &mut p2,
            &format!("videre linje {k} her"),
            330.0,
            at(f64::from(k)),
            false,
        );
    }
    // Row 2: three comment lines, its cells on the middle one.
    for (k, t) in ["Trafikken gikk ned", "med 1,6 prosent", "i fjor."]
        .iter()
        .enumerate()
    {
        phrase(&mut p2, t, 330.0, at(4.0 + k as f64), false);
    }
    phrase(&mut p2, "Trafikkarbeid", 150.0, at(5.0), false);
    right(&mut p2, "-1,6 %", 310.0, at(5.0), false);
    // Row 3: four comment lines, the last of the column, its cells
    // between the middle two.
    for (k, t) in [
        "Andelen økte fra",
        "32,6 prosent til",
        "36,9 prosent i",
        "løpet av året.",
    ]
    .iter()
    .enumerate()
    {
        phrase(&mut p2, t, 330.0, at(7.0 + k as f64), false);
    }
    phrase(&mut p2, "Nullutslipp", 150.0, at(8.5), false);
    right(&mut p2, "34 %", 310.0, at(8.5), false);
    // Row 4: no comment, its label on two lines.
    phrase(&mut p2, "Energi", 70.0, at(11.5), false);
    phrase(&mut p2, "Fjernvarme", 150.0, at(11.0), false);
    phrase(&mut p2, "produsert", 150.0, at(12.0), false);
    right(&mut p2, "690,3 GWh", 310.0, at(11.5), false);
    let ex = extract(&[page(1, p1), page(2, p2)]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    let t = &ex.tables[0];
    let rows: Vec<(&str, &str)> = t
        .rows
        .iter()
        .map(|r| (r.cells[0].text.as_str(), r.cells[1].text.as_str()))
        .collect();
    assert_eq!(
        rows,
        [
            ("Biodrivstoff", "19 %"),
            ("Trafikkarbeid", "-1,6 %"),
            ("Nullutslipp", "34 %"),
            ("Fjernvarme produsert", "690,3 GWh"),
        ],
        "{t:#?}"
    );
    assert!(
        t.rows[0].cells[2].text.ends_with("videre linje 3 her"),
        "{t:#?}"
    );
    assert_eq!(
        t.rows[1].cells[2].text,
        "Trafikken gikk ned med 1,6 prosent i fjor."
    );
    assert_eq!(
        t.rows[2].cells[2].text,
        "Andelen økte fra 32,6 prosent til 36,9 prosent i løpet av året."
    );
    assert_eq!(t.rows[3].cells[2].text, "");
}

/// The caption and the bold header of a table of inspections (authority,
/// unit, date, law, subject): the header's line, under the caption.
fn inspections_caption_and_header(w: &mut Vec<Word>, text: &str) -> f64 {
    caption(w, text, 100.0);
    let head = 118.0;
    for (t, x) in [
        ("Tilsyn", 70.0),
        ("Enhet", 170.0),
        ("Dato", 270.0),
        ("Lov", 320.0),
        ("Emne", 420.0),
    ] {
        phrase(w, t, x, head, true);
    }
    head
}

/// A text table whose rows centre their short cells on a middle line
/// between the wrapped lines of the others, every row with the same
/// authority and law ("Arbeidstilsynet | Arbeidsmiljøloven"): that middle
/// line of the first row is its cells, not a header the next rows repeat,
/// so the table is one, not one table per row.
#[test]
fn rows_saying_what_the_first_row_says_are_no_new_header() {
    let mut w = Vec::new();
    let head = inspections_caption_and_header(&mut w, "Tabell 8.3 Tilsyn");
    let rows = [
        ("Trondheim", "Voksenopplæring", "18.04.2"),
        ("Enhet for Psykisk", "Helse og Rus", "09.04.2"),
        ("Heimdal Bo- og", "Aktivitetstilbud", "25.04.2"),
        ("Lerkendal Bo- og", "Aktivitetstilbud", "04.04.2"),
    ];
    let half = FS * 0.6;
    for (k, (unit_top, unit_bottom, date)) in rows.iter().enumerate() {
        let y = head + 24.0 + 34.0 * k as f64;
        phrase(&mut w, unit_top, 170.0, y - half, false);
        phrase(&mut w, date, 270.0, y - half, false);
        phrase(&mut w, "Muskel- og skjelett", 420.0, y - half, false);
        phrase(&mut w, "Arbeidstilsynet", 70.0, y, false);
        phrase(&mut w, "Arbeidsmiljøloven", 320.0, y, false);
        phrase(&mut w, unit_bottom, 170.0, y + half, false);
        phrase(&mut w, "4", 270.0, y + half, false);
        phrase(&mut w, "plager - tilsyn", 420.0, y + half, false);
    }
    let ex = extract(&[page(1, w)]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    let t = &ex.tables[0];
    let units: Vec<&str> = t.rows.iter().map(|r| r.cells[0].text.as_str()).collect();
    assert_eq!(
        units,
        [
            "Trondheim Voksenopplæring",
            "Enhet for Psykisk Helse og Rus",
            "Heimdal Bo- og Aktivitetstilbud",
            "Lerkendal Bo- og Aktivitetstilbud"
        ],
        "{t:#?}"
    );
    assert!(t.rows.iter().all(|r| r.label == "Arbeidstilsynet"));
    assert_eq!(t.rows[2].cells[1].text, "25.04.24");
}

/// A table whose last row ends a page, its header repeated at the top of
/// the next over no rows at all (a captioned table follows further down):
/// the repeated header goes with its table, not a table of its own whose
/// years read as a row of numbers.
#[test]
fn a_header_repeated_over_no_rows_goes_with_its_table() {
    let header = |w: &mut Vec<Word>, y: f64| {
        right(w, "Regnskap", 380.0, y, true);
        right(w, "Regnskap", 470.0, y, true);
        right(w, "2024", 380.0, y + 11.0, true);
        right(w, "2023", 470.0, y + 11.0, true);
    };
    let mut p1 = Vec::new();
    caption(&mut p1, "Tabell 1.7 Gjeld", 560.0);
    header(&mut p1, 580.0);
    for k in 0..12 {
        let y = 610.0 + 14.0 * f64::from(k);
        phrase(&mut p1, &format!("Gjeldspost {k}"), 70.0, y, false);
        right(&mut p1, &format!("{} 1{k:02}", 10 + k), 380.0, y, false);
        right(&mut p1, &format!("{} 2{k:02}", 20 + k), 470.0, y, false);
    }
    let mut p2 = Vec::new();
    header(&mut p2, 60.0);
    caption(&mut p2, "Tabell 1.8 Garantier", 140.0);
    phrase(&mut p2, "Type", 70.0, 160.0, true);
    right(&mut p2, "2023", 380.0, 160.0, true);
    right(&mut p2, "2024", 470.0, 160.0, true);
    for (k, (label, a, b)) in [("Idrett", "425", "464"), ("Barnehager", "16", "14")]
        .iter()
        .enumerate()
    {
        let y = 174.0 + 14.0 * k as f64;
        phrase(&mut p2, label, 70.0, y, false);
        right(&mut p2, a, 380.0, y, false);
        right(&mut p2, b, 470.0, y, false);
    }
    let ex = extract(&[page(1, p1), page(2, p2)]);
    let ids: Vec<&str> = ex.tables.iter().map(|t| t.table_id.as_str()).collect();
    assert_eq!(ids, ["1.7", "1.8"], "{:#?}", ex.tables);
    let t = &ex.tables[0];
    assert_eq!(t.rows.len(), 12, "{t:#?}");
    assert_eq!(t.column_label(1), "Regnskap 2024");
    assert_eq!(t.rows[11].cells[1].value, Some(31_211.0));
}

/// A text table (dates, no amounts) over a page break, its bold header
/// repeated, the last row's date cut at the foot ("13.09." there, "24"
/// here): the rows of the first page stay rows, not header, though the
/// only number of the table is that date's tail.
#[test]
fn a_text_tables_first_page_keeps_its_rows_when_its_only_number_is_a_date_tail() {
    let cols = [70.0, 170.0, 270.0, 340.0];
    let header = |w: &mut Vec<Word>, y: f64| {
        for (t, x) in ["Tilsyn", "Enhet", "Dato", "Emne"].iter().zip(cols) {
            phrase(w, t, x, y, true);
        }
    };
    let row = |w: &mut Vec<Word>, cells: [&str; 4], y: f64| {
        for (t, x) in cells.iter().zip(cols) {
            if !t.is_empty() {
                phrase(w, t, x, y, false);
            }
        }
    };
    let mut p1 = Vec::new();
    caption(&mut p1, "Tabell 8.4 Tilsyn", 640.0);
    header(&mut p1, 660.0);
    for (k, (unit, date)) in [
        ("Bydrift", "08.10.24"),
        ("Nardo", "13.09.24"),
        ("Ila", "02.09.24"),
        ("Lade", "18.04.24"),
        ("Heimdal", "09.04.24"),
    ]
    .iter()
    .enumerate()
    {
        let y = 680.0 + 20.0 * k as f64;
        row(&mut p1, ["Arbeidstilsynet", unit, date, "Skjelett"], y);
    }
    row(
        &mut p1,
        ["Arbeidstilsynet", "Blomsterbyen", "13.09.", "Muskel- og"],
        780.0,
    );
    let mut p2 = Vec::new();
    header(&mut p2, 60.0);
    row(&mut p2, ["", "Barnehage", "24", "skjelett"], 74.0);
    row(
        &mut p2,
        ["Statsforvalteren", "Ila", "02.09.24", "Beredskap"],
        96.0,
    );
    row(
        &mut p2,
        ["Mattilsynet", "Miljø", "01.01.24", "Kontroll"],
        116.0,
    );
    let ex = extract(&[page(1, p1), page(2, p2)]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    let t = &ex.tables[0];
    assert_eq!(t.header.len(), 1, "{t:#?}");
    let labels: Vec<&str> = t.rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(labels.len(), 8, "{t:#?}");
    assert!(
        labels[..6].iter().all(|l| *l == "Arbeidstilsynet"),
        "{t:#?}"
    );
    assert_eq!(labels[6..], ["Statsforvalteren", "Mattilsynet"]);
    assert_eq!(t.rows[5].cells[0].text, "Blomsterbyen Barnehage");
    assert_eq!(t.rows[5].cells[1].text, "13.09.24");
}

/// Rows of a text table centred on a middle line that holds three cells
/// ("Arbeidstilsynet | Arbeidsmiljøloven | og psykiske"), the lines above
/// and below it holding the others, dates cut in their narrow column over
/// and under that middle line ("11.04." … "24"), the unit names repeating
/// ("Aktivitetstilbud"): each date is whole, the middle line is no header
/// the next rows repeat, and the table stays one.
#[test]
fn dates_cut_around_their_rows_middle_line_are_whole() {
    let mut w = Vec::new();
    let head = inspections_caption_and_header(&mut w, "Tabell 8.5 Tilsyn");
    let rows = [
        ("Lerkendal Bo- og", "11.04."),
        ("Ranheim Bo- og", "22.04."),
        ("Lade Bo- og", "04.04."),
        ("Heimdal Bo- og", "21.03."),
    ];
    let half = FS * 0.6;
    for (k, (unit, date)) in rows.iter().enumerate() {
        let y = head + 26.0 + 36.0 * k as f64;
        phrase(&mut w, "Muskel- og", 420.0, y - 2.0 * half, false);
        phrase(&mut w, unit, 170.0, y - half, false);
        phrase(&mut w, date, 270.0, y - half, false);
        phrase(&mut w, "Arbeidstilsynet", 70.0, y, false);
        phrase(&mut w, "Arbeidsmiljøloven", 320.0, y, false);
        phrase(&mut w, "og psykiske", 420.0, y, false);
        phrase(&mut w, "Aktivitetstilbud", 170.0, y + half, false);
        phrase(&mut w, "24", 270.0, y + half, false);
        phrase(&mut w, "plager", 420.0, y + 2.0 * half, false);
    }
    let ex = extract(&[page(1, w)]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    let t = &ex.tables[0];
    let dates: Vec<&str> = t.rows.iter().map(|r| r.cells[1].text.as_str()).collect();
    assert_eq!(
        dates,
        ["11.04.24", "22.04.24", "04.04.24", "21.03.24"],
        "{t:#?}"
    );
    assert_eq!(t.rows[3].cells[0].text, "Heimdal Bo- og Aktivitetstilbud");
    assert_eq!(t.rows[3].cells[3].text, "Muskel- og og psykiske plager");
}

/// The last row of an indicator table broken over the page break, its
/// cells going on under the repeated header with no value among them: the
/// comment's next lines, the indicator's end set between them ("bygge- og
/// anleggsprosjekter"), a new paragraph of the comment ("Anlegg: …") set
/// into those, the sector's end ("forbrenning") and a last comment line a
/// line's spacing below the one before. All of it goes on that row: no row
/// of its own, no table of its own.
#[test]
fn a_text_row_broken_over_the_page_break_goes_on_under_the_header() {
    // The fragment's lines set interleaved, a half line apart; or a line
    // apart, a new paragraph of the comment ("Anlegg: …") after a blank
    // line beside the indicator's next line.
    let interleaved: Vec<[&str; 5]> = vec![
        ["", "", "", "", "åtte brukte utslippsfrie maskiner."],
        ["", "", "", "", ""],
        ["", "", "", "", ""],
        ["", "bygge- og anleggsprosjekter", "", "", ""],
        ["", "", "", "", "Anlegg: Av 28 nye prosjekter krevde 14"],
        ["forbrenning", "gjennomført med bruk av fossil-", "", "", ""],
        ["", "", "", "", "utslippsfrie løsninger og fire"],
        ["", "eller utslippsfrie løsninger", "", "", ""],
        ["", "", "", "", "utslippsfrie maskiner."],
        ["", "", "", "", ""],
        ["", "", "", "", "For pågående prosjekter var det 35."],
    ];
    let paragraphs: Vec<[&str; 5]> = vec![
        ["", "", "", "", "åtte brukte utslippsfrie maskiner."],
        ["", "bygge- og anleggsprosjekter", "", "", ""],
        [
            "",
            "gjennomført med bruk av fossil-",
            "",
            "",
            "Anlegg: Av 28 nye prosjekter krevde 14",
        ],
        [
            "forbrenning",
            "eller utslippsfrie løsninger",
            "",
            "",
            "utslippsfrie løsninger og fire",
        ],
        ["", "", "", "", "utslippsfrie maskiner."],
        ["", "", "", "", "For pågående prosjekter var det 35."],
    ];
    for (step, page2) in [(5.4, interleaved), (10.8, paragraphs)] {
        text_row_broken_over_a_page(step, &page2);
    }
}

/// The table of [`a_text_row_broken_over_the_page_break_goes_on_under_the_header`]
/// with the lines `page2` set `step` apart under the repeated header.
fn text_row_broken_over_a_page(step: f64, page2: &[[&str; 5]]) {
    let cols = [60.0, 150.0, 0.0, 380.0, 400.0];
    let header = |w: &mut Vec<Word>, y: f64| {
        let head = ["Sektor", "Indikator", "Verdi", "Trend", "Kommentar"];
        cells_at(w, &head, &cols, (2, 360.0), y, true);
    };
    let row = |w: &mut Vec<Word>, cells: [&str; 5], y: f64| {
        cells_at(w, &cells, &cols, (2, 360.0), y, false);
    };
    let mut p1 = Vec::new();
    caption(&mut p1, "Tabell 5 Klimaindikatorer", 690.0);
    header(&mut p1, 710.0);
    let mut y = 726.0;
    for (sector, indicator, value) in [
        ("Veitrafikk", "Andel biodrivstoff", "19 %"),
        ("Energi", "Andel fossil fjernvarme", "6,9 %"),
        ("Skip", "Andel landstrøm", "41 %"),
    ] {
        row(
            &mut p1,
            [sector, indicator, value, "+", "Kravet ble nådd"],
            y,
        );
        y += 14.0;
    }
    row(
        &mut p1,
        [
            "Annen mobil",
            "Andel av kommunens",
            "85 %",
            "+",
            "Bygg: Alle ni prosjekter var fossilfrie og",
        ],
        y,
    );
    let mut p2 = Vec::new();
    header(&mut p2, 60.0);
    let mut y = 76.0;
    for cells in page2 {
        row(&mut p2, *cells, y);
        y += step;
    }
    prose_to_page_foot(&mut p2);
    let ex = extract(&[page(1, p1), page(2, p2)]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    let t = &ex.tables[0];
    let labels: Vec<&str> = t.rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(
        labels,
        ["Veitrafikk", "Energi", "Skip", "Annen mobil forbrenning"],
        "step {step}: {t:#?}"
    );
    let last = &t.rows[3];
    assert_eq!(
        last.cells[0].text,
        "Andel av kommunens bygge- og anleggsprosjekter gjennomført med bruk av fossil- eller utslippsfrie løsninger"
    );
    assert_eq!(last.cells[1].value, Some(85.0));
    assert_eq!(
        last.cells[3].text,
        "Bygg: Alle ni prosjekter var fossilfrie og åtte brukte utslippsfrie maskiner. Anlegg: Av 28 nye prosjekter krevde 14 utslippsfrie løsninger og fire utslippsfrie maskiner. For pågående prosjekter var det 35."
    );
}

/// A table ruled between every row, its last row on the page broken over
/// the page break: the end of its comment stands under the repeated
/// header, then a rule, then a row without a sector and with no number
/// (an indicator, a trend mark, a comment). The end goes on the broken
/// row; the row under the rule is a row of its own.
#[test]
fn a_ruled_row_after_a_broken_rows_end_is_a_row_of_its_own() {
    let cols = [60.0, 150.0, 0.0, 380.0, 400.0];
    let put = |w: &mut Vec<Word>, cells: [&str; 5], y: f64, bold: bool| {
        cells_at(w, &cells, &cols, (2, 360.0), y, bold);
    };
    let head = ["Sektor", "Indikator", "Verdi", "Trend", "Kommentar"];
    let mut p1 = Vec::new();
    let mut r1 = Vec::new();
    caption(&mut p1, "Tabell 6 Klimaindikatorer", 690.0);
    put(&mut p1, head, 710.0, true);
    r1.push(hrule(55.0, 560.0, 708.0));
    r1.push(hrule(55.0, 560.0, 723.0));
    let mut y = 726.0;
    for (sector, indicator, value) in [
        ("Veitrafikk", "Andel biodrivstoff", "19 %"),
        ("Energi", "Andel fossil fjernvarme", "6,9 %"),
    ] {
        put(
            &mut p1,
            [sector, indicator, value, "+", "Kravet ble nådd"],
            y,
            false,
        );
        r1.push(hrule(55.0, 560.0, y + 13.0));
        y += 16.0;
    }
    put(
        &mut p1,
        [
            "",
            "Andel nullutslippsbiler",
            "34 %",
            "+",
            "Andelen økte fra 32 til",
        ],
        y,
        false,
    );
    phrase(&mut p1, "37 prosent i 2024 og", 400.0, y + 10.8, false);
    let mut p2 = Vec::new();
    let mut r2 = vec![hrule(55.0, 560.0, 58.0), hrule(55.0, 560.0, 73.0)];
    put(&mut p2, head, 60.0, true);
    phrase(&mut p2, "fire prosent for varebiler.", 400.0, 76.0, false);
    r2.push(hrule(55.0, 560.0, 89.0));
    put(
        &mut p2,
        ["", "Drivstoff i bybussene", "", "⬇", "Avgiften ble endret"],
        92.0,
        false,
    );
    r2.push(hrule(55.0, 560.0, 105.0));
    let mut y = 108.0;
    for (sector, indicator, value) in [
        ("Skip", "Andel landstrøm", "41 %"),
        ("Industri", "Utslipp per årsverk", "2,5"),
    ] {
        put(
            &mut p2,
            [sector, indicator, value, "+", "Som året før"],
            y,
            false,
        );
        r2.push(hrule(55.0, 560.0, y + 13.0));
        y += 16.0;
    }
    prose_to_page_foot(&mut p2);
    let (mut a, mut b) = (page(1, p1), page(2, p2));
    a.rules = r1;
    b.rules = r2;
    let ex = extract(&[a, b]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    let t = &ex.tables[0];
    let indicators: Vec<&str> = t.rows.iter().map(|r| r.cells[0].text.as_str()).collect();
    assert_eq!(
        indicators,
        [
            "Andel biodrivstoff",
            "Andel fossil fjernvarme",
            "Andel nullutslippsbiler",
            "Drivstoff i bybussene",
            "Andel landstrøm",
            "Utslipp per årsverk"
        ],
        "{t:#?}"
    );
    assert_eq!(
        t.rows[2].cells[3].text,
        "Andelen økte fra 32 til 37 prosent i 2024 og fire prosent for varebiler."
    );
    assert_eq!(t.rows[3].cells[2].text, "⬇");
    assert_eq!(t.rows[2].cells[1].value, Some(34.0));
}

/// A table whose rows stand apart by padding, its last row on the page
/// broken over the page break: under the repeated header its comment goes
/// on a line's spacing apart, and the end of its indicator ("Trondheim"
/// after "trafikkarbeid i") stands beside one of those lines. Both go on
/// the broken row; the row below the padding is a row of its own.
#[test]
fn a_padded_rows_cells_go_on_under_the_repeated_header() {
    for alone in [false, true] {
        padded_row_broken_over_a_page(alone);
    }
}

/// The table of [`a_padded_rows_cells_go_on_under_the_repeated_header`],
/// "Trondheim" beside a line of the comment or (`alone`) on a line of its
/// own set between two of them.
fn padded_row_broken_over_a_page(alone: bool) {
    let cols = [60.0, 150.0, 0.0, 380.0, 400.0];
    let put = |w: &mut Vec<Word>, cells: [&str; 5], y: f64, bold: bool| {
        cells_at(w, &cells, &cols, (2, 360.0), y, bold);
    };
    let head = ["Sektor", "Indikator", "Verdi", "Trend", "Kommentar"];
    let mut p1 = Vec::new();
    caption(&mut p1, "Tabell 7 Klimaindikatorer", 680.0);
    put(&mut p1, head, 700.0, true);
    let mut y = 718.0;
    for (sector, indicator, value) in [
        ("Veitrafikk", "Andel biodrivstoff", "19 %"),
        ("Energi", "Andel fossil fjernvarme", "6,9 %"),
    ] {
        put(
            &mut p1,
            [sector, indicator, value, "+", "Kravet ble nådd"],
            y,
            false,
        );
        y += 18.0;
    }
    put(
        &mut p1,
        [
            "",
            "% endring i årlig",
            "-1,6 %",
            "+",
            "Byindeks for området",
        ],
        y,
        false,
    );
    phrase(&mut p1, "trafikkarbeid i", 150.0, y + 10.8, false);
    phrase(&mut p1, "viser at trafikken", 400.0, y + 10.8, false);
    let mut p2 = Vec::new();
    put(&mut p2, head, 60.0, true);
    let mut y = 78.0;
    for cells in [
        ["", "", "", "", "gikk ned med 1,6 prosent."],
        ["", "", "", "", "Samtidig viser rapporten"],
        ["", "", "", "", "en økning fra 2019."],
        ["", "", "", "", "Trafikklyset er gult."],
    ] {
        put(&mut p2, cells, y, false);
        y += 10.8;
    }
    let at = if alone {
        78.0 + 1.5 * 10.8
    } else {
        78.0 + 2.0 * 10.8
    };
    phrase(&mut p2, "Trondheim", 150.0, at, false);
    y += 7.2;
    put(
        &mut p2,
        ["", "Andel nullutslippsbiler", "34 %", "+", "Andelen økte."],
        y,
        false,
    );
    put(
        &mut p2,
        ["Skip", "Andel landstrøm", "41 %", "+", "Som året før"],
        y + 18.0,
        false,
    );
    prose_to_page_foot(&mut p2);
    let ex = extract(&[page(1, p1), page(2, p2)]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    let t = &ex.tables[0];
    let indicators: Vec<&str> = t.rows.iter().map(|r| r.cells[0].text.as_str()).collect();
    assert_eq!(
        indicators,
        [
            "Andel biodrivstoff",
            "Andel fossil fjernvarme",
            "% endring i årlig trafikkarbeid i Trondheim",
            "Andel nullutslippsbiler",
            "Andel landstrøm"
        ],
        "alone: {alone} {t:#?}"
    );
    assert_eq!(
        t.rows[2].cells[3].text,
        "Byindeks for området viser at trafikken gikk ned med 1,6 prosent. Samtidig viser rapporten en økning fra 2019. Trafikklyset er gult."
    );
    assert_eq!(t.rows[2].cells[1].value, Some(-1.6));
    assert_eq!(t.rows[3].cells[1].value, Some(34.0));
}

/// Two charts side by side, each with a scale on both sides ("60" … "0"),
/// the right chart ticked on every line and the left on every other, and
/// a line of years under them: no table. Numbered rows counting up in
/// columns beside them are one.
#[test]
fn scales_of_charts_side_by_side_are_no_table() {
    let mut w = Vec::new();
    let mut y = 100.0;
    for v in (0..=6).rev() {
        let t = (v * 10).to_string();
        if v % 2 == 0 {
            right(&mut w, &t, 80.0, y, false);
            right(&mut w, &t, 250.0, y, false);
        }
        right(&mut w, &t, 330.0, y, false);
        right(&mut w, &t, 500.0, y, false);
        y += 14.0;
    }
    for (k, year) in ["2021", "2022", "2023", "2024"].iter().enumerate() {
        phrase(&mut w, year, 100.0 + 40.0 * k as f64, y, false);
    }
    let ex = extract(&[page(1, w)]);
    assert!(ex.tables.is_empty(), "{:#?}", ex.tables);

    let mut w = Vec::new();
    for k in 0..12 {
        let y = 100.0 + 14.0 * f64::from(k);
        for (c, x) in [80.0, 160.0, 240.0, 320.0, 400.0, 480.0].iter().enumerate() {
            right(&mut w, &(100 * c as i32 + k + 1).to_string(), *x, y, false);
        }
    }
    let ex = extract(&[page(1, w)]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    assert_eq!(ex.tables[0].rows.len(), 12);
}

/// A heading broken over two lines in its narrow cell ("Tren" over the
/// header line, "d" under it) beside "Verdi", over values set with the
/// mark a word space after them ("19 % ⬆", one segment): the headings
/// stacked above one another part the column, so the value and the mark
/// are cells of their own.
#[test]
fn a_heading_broken_over_the_header_lines_parts_its_column() {
    let mut w = Vec::new();
    caption(&mut w, "Tabell 11 Klimaindikatorer", 80.0);
    let y = 100.0;
    phrase(&mut w, "Tren", 371.0, y - 5.0, true);
    phrase(&mut w, "Sektor", 60.0, y, true);
    phrase(&mut w, "Indikator", 150.0, y, true);
    right(&mut w, "Verdi", 358.0, y, true);
    phrase(&mut w, "Kommentar", 420.0, y, true);
    // The heading's end stands past the column's values, in the gutter.
    phrase(&mut w, "d", 378.0, y + 5.0, true);
    let rows = [
        (
            "Veitrafikk",
            "Andel biodrivstoff",
            "19 % ⬆",
            "Kravet ble nådd",
        ),
        (
            "Energi",
            "Andel fossil fjernvarme",
            "6,9 % ⬆",
            "Mindre gass",
        ),
        ("Skip", "Andel landstrøm", "41 % ⬇", "Færre anløp"),
        ("Industri", "Andel elektrisk", "12 % ⬆", "Som året før"),
    ];
    for (k, (sector, indicator, value, comment)) in rows.iter().enumerate() {
        let y = y + 20.0 + 16.0 * k as f64;
        phrase(&mut w, sector, 60.0, y, false);
        phrase(&mut w, indicator, 150.0, y, false);
        // The mark starts under the heading "Tren"/"d", a word space
        // after the value.
        right(&mut w, value, 376.5, y, false);
        phrase(&mut w, comment, 420.0, y, false);
    }
    let ex = extract(&[page(1, w)]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    let t = &ex.tables[0];
    let marks: Vec<&str> = t.rows.iter().map(|r| r.cells[2].text.as_str()).collect();
    assert_eq!(marks, ["⬆", "⬆", "⬇", "⬆"], "{t:#?}");
    assert_eq!(t.rows[1].cells[1].value, Some(6.9));
    // The heading's end goes with its column, not the one on its right.
    let heads: Vec<String> = t.header.iter().flatten().map(|h| h.text.clone()).collect();
    assert!(heads.iter().any(|h| h == "Kommentar"), "{heads:?}");
    assert!(
        heads
            .iter()
            .any(|h| h.starts_with("Tren") && h.ends_with('d')),
        "{heads:?}"
    );
}

/// A table of tall text rows (values with their trend mark, "34 % ⬆")
/// captioned at `top` on page 1 under `prose_lines` lines of prose, two
/// rows there; page 2 repeats its header over a row of 13 lines and one
/// more, prose below: one table of all four rows.
fn tall_row_on_the_next_page(top: f64, prose_lines: u32) {
    let header = |w: &mut Vec<Word>, y: f64| {
        phrase(w, "Sektor", 60.0, y, true);
        phrase(w, "Indikator", 150.0, y, true);
        right(w, "Verdi", 358.0, y, true);
        phrase(w, "Trend", 371.0, y, true);
        phrase(w, "Kommentar", 420.0, y, true);
    };
    let row = |w: &mut Vec<Word>, y: f64, lines: usize, cells: [&str; 3]| -> f64 {
        let mid = y + 10.8 * ((lines - 1) / 2) as f64;
        phrase(w, cells[0], 60.0, mid, false);
        phrase(w, cells[1], 150.0, mid, false);
        right(w, cells[2], 376.5, mid, false);
        for k in 0..lines {
            phrase(
                w,
                "Kommentaren går over flere linjer",
                420.0,
                y + 10.8 * k as f64,
                false,
            );
        }
        y + 10.8 * lines as f64 + 6.0
    };
    let mut p1 = Vec::new();
    prose_from_top(&mut p1, prose_lines);
    caption(&mut p1, "Tabell 12 Klimaindikatorer", top);
    header(&mut p1, top + 20.0);
    let y = row(
        &mut p1,
        top + 38.0,
        3,
        ["Veitrafikk", "Andel biodrivstoff", "19 % ⬆"],
    );
    row(&mut p1, y, 3, ["", "Endring i trafikken", "-1,6 % ⬆"]);
    let mut p2 = Vec::new();
    header(&mut p2, 60.0);
    let y = row(&mut p2, 78.0, 13, ["", "Andel nullutslippsbiler", "34 % ⬆"]);
    row(
        &mut p2,
        y,
        3,
        ["Energi", "Andel fossil fjernvarme", "6,9 % ⬆"],
    );
    prose_to_page_foot(&mut p2);
    let ex = extract(&[page(1, p1), page(2, p2)]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    let t = &ex.tables[0];
    let indicators: Vec<&str> = t.rows.iter().map(|r| r.cells[0].text.as_str()).collect();
    assert_eq!(
        indicators,
        [
            "Andel biodrivstoff",
            "Endring i trafikken",
            "Andel nullutslippsbiler",
            "Andel fossil fjernvarme"
        ],
        "{t:#?}"
    );
}

/// A table whose values stand with the next column's mark a space after
/// them ("34 % ⬆", one segment), ended well above the page's foot: the
/// next page starts with its header again and a row whose comment is too
/// tall for the room left, its value centred far down beside it. That row
/// goes on the table (its height counts down to its value), not a table
/// of its own.
#[test]
fn a_tall_row_that_did_not_fit_goes_on_the_next_page() {
    tall_row_on_the_next_page(600.0, 0);
}

/// A table of tall text rows ending with room below it on its page: more
/// than its next row's height (13 lines, its value centred beside them),
/// less than a quarter more, as an office program leaves a page when its
/// paragraphs' widow and orphan rules keep such a row whole. The next page
/// repeats the header over that row: it goes on the table.
#[test]
fn a_tall_row_moved_whole_leaving_room_goes_on_the_next_page() {
    tall_row_on_the_next_page(484.0, 6);
}

/// Line numbers a plain space before their labels ("1 Antall bosatte", one
/// segment, as a monospaced font sets two columns a space apart), one
/// label wrapped over three lines beside its number alone ("6"): the
/// numbers are the row labels, the labels a column of their own.
#[test]
fn line_numbers_a_space_before_their_labels_are_a_column() {
    let mut w = Vec::new();
    caption(&mut w, "Tabell 9.6 Bosetting", 80.0);
    let y = 100.0;
    phrase(&mut w, "Beskrivelse", 150.0, y, true);
    for (k, year) in ["2023", "2024"].iter().enumerate() {
        right(&mut w, year, 400.0 + 60.0 * k as f64, y, true);
    }
    let rows = [
        ("1 Antall bosatte flyktninger", ["175", "705"]),
        ("2 Antall enslige mindreårige", ["8", "27"]),
        ("3 Antall deltakere", ["265", "277"]),
        ("4 Helseundersøkelser", ["413", "1225"]),
    ];
    let mut y = y + 16.0;
    for (label, values) in rows {
        phrase(&mut w, label, 60.0, y, false);
        for (k, v) in values.iter().enumerate() {
            right(&mut w, v, 400.0 + 60.0 * k as f64, y, false);
        }
        y += 16.0;
    }
    // The label's start: where the labels above start after their number.
    let at = 60.0 + FS * 0.5 + FS * 0.28;
    phrase(&mut w, "Antall gjennomførte oppdrag", at, y, false);
    phrase(&mut w, "6", 60.0, y + 5.4, false);
    for (k, v) in ["16978", "21000"].iter().enumerate() {
        right(&mut w, v, 400.0 + 60.0 * k as f64, y + 5.4, false);
    }
    // (The wrapped line may start with a number of its own.)
    phrase(&mut w, "78 ulike språk", at, y + 10.8, false);
    let ex = extract(&[page(1, w)]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    let t = &ex.tables[0];
    let labels: Vec<&str> = t.rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(labels, ["1", "2", "3", "4", "6"], "{t:#?}");
    assert_eq!(t.rows[0].cells[0].text, "Antall bosatte flyktninger");
    assert_eq!(
        t.rows[4].cells[0].text,
        "Antall gjennomførte oppdrag 78 ulike språk"
    );
    assert_eq!(t.rows[4].cells[2].value, Some(21000.0));
}

/// The column names of a table, label column first.
fn names(t: &kommunetall_model::Table) -> Vec<String> {
    (0..=t.n_cols).map(|c| t.column_label(c)).collect()
}

/// Numbers set flush left in their cells, their headings flush right in
/// the same cells: each heading stands in the gap right of its numbers,
/// and the gap ends the cell on its left (the cell on its right starts
/// where its numbers do). The upper header line names two columns of
/// three, so no line-wide pairing settles it.
#[test]
fn headings_set_right_over_left_aligned_numbers_name_their_own_columns() {
    let mut w = Vec::new();
    caption(
        &mut w,
        "Tabell 3.2 Regnskap og budsjett. Millioner kroner",
        100.0,
    );
    let starts = [250.0, 350.0, 450.0];
    let ends = [340.0, 440.0, 540.0];
    right(&mut w, "Regnskap", ends[0], 120.0, true);
    right(&mut w, "Revidert", ends[1], 120.0, true);
    right(&mut w, "2024", ends[0], 131.0, true);
    right(&mut w, "budsjett", ends[1], 131.0, true);
    right(&mut w, "Avvik", ends[2], 131.0, true);
    let rows = [
        ("Skole", ["2591", "2600", "10"]),
        ("Barnehage", ["80", "92", "12"]),
        ("Kultur", ["370", "373", "4"]),
    ];
    for (k, (label, vals)) in rows.iter().enumerate() {
        let y = 143.0 + 11.0 * k as f64;
        phrase(&mut w, label, 70.0, y, false);
        for (v, x) in vals.iter().zip(starts) {
            phrase(&mut w, v, x, y, false);
        }
    }
    let ex = extract(&[page(1, w)]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    let t = &ex.tables[0];
    assert_eq!(
        names(t),
        ["", "Regnskap 2024", "Revidert budsjett", "Avvik"],
        "{:?}",
        t.header
    );
    assert_eq!(t.rows[1].cells[0].value, Some(80.0));
}

/// A table of one row shows no alignment. Its headings, one per column,
/// each right of its number and one of them over the number it names,
/// are read one to each column in order, as is a label heading set just
/// past the labels' right edge.
#[test]
fn one_heading_per_column_names_each_column_once() {
    let mut w = Vec::new();
    caption(&mut w, "Tabell 7.2 Årlig avkastning fra fondet", 100.0);
    let starts = [200.0, 280.0, 360.0, 440.0, 520.0];
    for (k, year) in ["2020", "2021", "2022", "2023"].iter().enumerate() {
        right(&mut w, year, starts[k + 1] - 10.0, 120.0, true);
    }
    right(&mut w, "2024", 570.0, 120.0, true);
    phrase(&mut w, "Kroner", 70.0, 132.0, false);
    for (v, x) in ["2 160 000", "1 268 000", "1 871 000", "633 000", "485 000"]
        .iter()
        .zip(starts)
    {
        phrase(&mut w, v, x, 132.0, false);
    }
    caption(&mut w, "Tabell 10.9 Ansatte i deltid etter kjønn", 200.0);
    let ends = [250.0, 320.0, 390.0];
    phrase(&mut w, "Kjønn", 110.0, 220.0, true);
    for (h, x) in ["Deltid", "Heltid", "Sum"].iter().zip(ends) {
        right(&mut w, h, x, 220.0, true);
    }
    right_rows(
        &mut w,
        &[
            ("Kvinne", ["3591", "7095", "10686"]),
            ("Mann", ["973", "2596", "3569"]),
            ("Sluttsum", ["4564", "9691", "14255"]),
        ],
        70.0,
        &ends,
        (232.0, 11.0),
    );
    let ex = extract(&[page(1, w)]);
    assert_eq!(ex.tables.len(), 2, "{:#?}", ex.tables);
    let (years, staff) = (&ex.tables[0], &ex.tables[1]);
    assert_eq!(
        names(years),
        ["", "2020", "2021", "2022", "2023", "2024"],
        "{:?}",
        years.header
    );
    assert_eq!(years.rows[0].cells[0].value, Some(2_160_000.0));
    assert_eq!(
        names(staff),
        ["Kjønn", "Deltid", "Heltid", "Sum"],
        "{:?}",
        staff.header
    );
}

/// Years centred in wide cells over right-aligned numbers, one in the gap
/// between two columns, under a heading spanning the columns: the year
/// goes to the column on its right, not to a column the heading above it
/// reaches into.
#[test]
fn a_heading_under_a_spanning_heading_keeps_its_column() {
    // The heading above reaching into the next column, or ending in the
    // gap before it (alone on its line, it spans the columns either way).
    for centre in [300.0, 290.0] {
        let mut w = Vec::new();
        caption(
            &mut w,
            "Tabell 1.8 Garantiansvar 2021-2024. Millioner kroner",
            100.0,
        );
        let ends = [306.0, 374.0, 455.0, 536.0];
        centred(&mut w, "Garantiansvar per 31.12, mill kr", centre, 120.0);
        phrase(&mut w, "Type debitor", 120.0, 133.0, false);
        for (y, x) in ["2021", "2022", "2023", "2024"].iter().zip(ends) {
            centred(&mut w, y, x - 31.0, 133.0);
        }
        right_rows(
            &mut w,
            &[
                ("Idrett", ["425", "464", "477,5", "426,8"]),
                ("Barnehager", ["16", "14", "13,0", "11,6"]),
                ("Boliger", ["237", "203", "174,4", "152,9"]),
            ],
            60.0,
            &ends,
            (146.0, 13.0),
        );
        let ex = extract(&[page(1, w)]);
        assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
        let t = &ex.tables[0];
        let names = names(t);
        assert!(
            names[1].ends_with("2021") && names[2].ends_with("2022"),
            "{centre}: {names:?}"
        );
        assert_eq!(t.rows[0].cells[1].value, Some(464.0));
    }
}

fn vrule(x: f64, y0: f64, y1: f64) -> BBox {
    BBox {
        x0: x,
        y0,
        x1: x + 0.5,
        y1,
    }
}

/// A ruled header whose group headings are set in the middle of cells
/// merged over their groups' columns ("Kvinne" over three, "Mann" over
/// two): the rules on either side of a heading are its cell's edges.
#[test]
fn a_heading_in_a_ruled_cell_spans_the_columns_between_its_rules() {
    let mut w = Vec::new();
    caption(&mut w, "Tabell 10.4 Ansatte og årsverk etter område", 100.0);
    let ends = [255.0, 315.0, 375.0, 435.0, 495.0];
    centred(&mut w, "Kvinne", 290.0, 122.0);
    centred(&mut w, "Mann", 440.0, 122.0);
    phrase(&mut w, "Område", 70.0, 137.0, false);
    for (h, x) in ["Antall", "Årsverk", "Andel", "Antall", "Årsverk"]
        .iter()
        .zip(ends)
    {
        right(&mut w, h, x, 137.0, false);
    }
    right_rows(
        &mut w,
        &[
            ("Byutvikling", ["241", "225", "37%", "389", "377"]),
            ("Finans", ["578", "546", "60%", "383", "368"]),
            ("Helse", ["3 259", "2 403", "82%", "706", "533"]),
        ],
        70.0,
        &ends,
        (152.0, 13.0),
    );
    let (top, sub, foot) = (118.0, 134.0, 192.0);
    let mut rules: Vec<BBox> = [60.0, 200.0, 380.0, 500.0]
        .iter()
        .map(|&x| vrule(x, top, foot))
        .collect();
    rules.extend([260.0, 320.0, 440.0].iter().map(|&x| vrule(x, sub, foot)));
    rules.extend(
        [top, sub, 149.0, foot]
            .iter()
            .map(|&y| hrule(60.0, 500.0, y)),
    );
    let mut p = page(1, w);
    p.rules = rules;
    let ex = extract(&[p]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    let t = &ex.tables[0];
    let groups: Vec<(&str, usize)> = t.header[0]
        .iter()
        .map(|h| (h.text.as_str(), h.span))
        .collect();
    assert_eq!(
        groups,
        [("", 1), ("Kvinne", 3), ("Mann", 2)],
        "{:?}",
        t.header
    );
    assert_eq!(t.column_label(1), "Kvinne / Antall");
    assert_eq!(t.rows[2].cells[0].value, Some(3259.0));
}

/// Two-line headings centred in their cells beside one-line ones: the
/// upper line ("Snitt") stands half a line into the one-line headings'
/// line. It is the top of its own column's heading, not a line of group
/// headings over the columns below.
#[test]
fn the_upper_line_of_a_centred_two_line_heading_is_no_group_heading() {
    let mut w = Vec::new();
    caption(
        &mut w,
        "Tabell 10.7 Lønn etter kjønn og stillingsgruppe",
        100.0,
    );
    let ends = [250.0, 330.0, 410.0, 490.0];
    centred(&mut w, "Kvinne", 275.0, 120.0);
    centred(&mut w, "Mann", 435.0, 120.0);
    for x in [ends[1], ends[3]] {
        centred(&mut w, "Snitt", x - 16.0, 133.0);
        centred(&mut w, "årslønn", x - 16.0, 143.0);
    }
    phrase(&mut w, "Stillingsgruppe", 70.0, 138.0, false);
    for x in [ends[0], ends[2]] {
        right(&mut w, "Ansatte", x, 138.0, false);
    }
    right_rows(
        &mut w,
        &[
            ("Adjunkt", ["946", "650 671", "386", "646 467"]),
            ("Lektor", ["40", "506 341", "1", "513 100"]),
        ],
        70.0,
        &ends,
        (158.0, 12.0),
    );
    let ex = extract(&[page(1, w)]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    let t = &ex.tables[0];
    assert_eq!(
        names(t),
        [
            "Stillingsgruppe",
            "Kvinne / Ansatte",
            "Kvinne / Snitt årslønn",
            "Mann / Ansatte",
            "Mann / Snitt årslønn"
        ],
        "{:?}",
        t.header
    );
}

/// Words the typesetter broke inside because a narrow cell could not hold
/// them, with no hyphen ("Ansa" over "tte", "Bystyresekretariat" over
/// "et, …"), are whole again where the document prints the word whole
/// elsewhere. A heading that wrapped between two words of its own
/// ("Andel" over "årsverk") stays two words.
#[test]
fn words_broken_in_narrow_cells_are_whole_where_the_document_prints_them_whole() {
    let mut w = Vec::new();
    phrase(
        &mut w,
        "Bystyresekretariatet i Trondheim har ansvar for at alle ansatte får andel i det.",
        70.0,
        80.0,
        false,
    );
    caption(&mut w, "Tabell 4.4 Ansatte og årsverk", 100.0);
    let ends = [200.0, 260.0, 300.0];
    right(&mut w, "Ansa", ends[0], 120.0, true);
    right(&mut w, "tte", ends[0], 130.0, true);
    right(&mut w, "Andel", ends[1], 120.0, true);
    right(&mut w, "årsverk", ends[1], 130.0, true);
    // A very narrow cell: one word over three lines.
    right(&mut w, "Tro", ends[2], 110.0, true);
    right(&mut w, "ndh", ends[2], 120.0, true);
    right(&mut w, "eim", ends[2], 130.0, true);
    right_rows(
        &mut w,
        &[
            ("Bystyresekretariat", ["36", "63%", "1"]),
            ("et, folkevalgte", ["", "", ""]),
            ("Skole", ["241", "37%", "2"]),
            ("Kultur", ["578", "60%", "3"]),
        ],
        70.0,
        &ends,
        (143.0, 11.0),
    );
    let ex = extract(&[page(1, w)]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    let t = &ex.tables[0];
    assert_eq!(
        names(t)[1..],
        ["Ansatte", "Andel årsverk", "Trondheim"],
        "{:?}",
        t.header
    );
    let labels: Vec<&str> = t.rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(
        labels,
        ["Bystyresekretariatet, folkevalgte", "Skole", "Kultur"]
    );
    assert_eq!(t.rows[0].cells[1].value, Some(63.0));
}

/// Rows whose description wraps and whose numbers stand centred beside it:
/// the first row's first line, set half into the line of its numbers, is
/// the row's, not the header's.
#[test]
fn a_first_row_line_set_half_into_its_numbers_is_no_heading() {
    let mut w = Vec::new();
    caption(&mut w, "Tabell 9.6 Nøkkeltall for flyktninger", 100.0);
    let ends = [300.0, 335.0, 370.0];
    phrase(&mut w, "Beskrivelse", 162.0, 120.0, true);
    for (h, x) in ["2022", "2023", "2024"].iter().zip(ends) {
        right(&mut w, h, x, 120.0, true);
    }
    let rows = [
        (
            "1",
            ["Antall bosatte flyktninger og", "familiegjenforente"],
            ["705", "833", "901"],
        ),
        (
            "2",
            ["Antall bosatte enslige", "mindreårige"],
            ["27", "40", "52"],
        ),
        (
            "3",
            ["Antall deltakere i", "introduksjonsprogrammet"],
            ["277", "534", "626"],
        ),
    ];
    for (k, (no, text, vals)) in rows.iter().enumerate() {
        let y = 134.0 + 24.0 * k as f64;
        phrase(&mut w, text[0], 162.0, y, false);
        phrase(&mut w, text[1], 162.0, y + 11.0, false);
        phrase(&mut w, no, 61.0, y + 5.5, false);
        for (v, x) in vals.iter().zip(ends) {
            right(&mut w, v, x, y + 5.5, false);
        }
    }
    let ex = extract(&[page(1, w)]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    let t = &ex.tables[0];
    assert_eq!(names(t)[1], "Beskrivelse", "{:?}", t.header);
    assert_eq!(
        t.rows[0].cells[0].text,
        "Antall bosatte flyktninger og familiegjenforente"
    );
    assert_eq!(t.rows[0].cells[1].value, Some(705.0));
}

/// Headings broken in narrow cells, each going on right below in its own
/// column in lower case ("Ansat" over "te"), under group headings: the
/// broken line is no line of group headings over the columns below.
#[test]
fn headings_broken_in_narrow_cells_are_no_group_headings() {
    let mut w = Vec::new();
    caption(
        &mut w,
        "Tabell 10.6 Lønn og antall ansatte etter kjønn",
        100.0,
    );
    let starts = [240.0, 275.0, 340.0, 375.0];
    phrase(&mut w, "Kvinne", 275.0, 120.0, true);
    phrase(&mut w, "Mann", 375.0, 120.0, true);
    for x in [starts[0], starts[2]] {
        phrase(&mut w, "Ansat", x, 131.0, true);
        phrase(&mut w, "te", x, 141.0, true);
    }
    phrase(&mut w, "Stillingsgruppe", 70.0, 141.0, true);
    for x in [starts[1], starts[3]] {
        phrase(&mut w, "Snitt årslønn", x, 141.0, true);
    }
    let rows = [
        ("Adjunkt", ["946", "650 671", "386", "646 467"]),
        ("Lektor", ["40", "506 341", "12", "513 100"]),
        ("Rektor", ["33", "812 400", "29", "845 100"]),
    ];
    for (k, (label, vals)) in rows.iter().enumerate() {
        let y = 155.0 + 11.0 * k as f64;
        phrase(&mut w, label, 70.0, y, false);
        for (v, x) in vals.iter().zip(starts) {
            phrase(&mut w, v, x, y, false);
        }
    }
    let ex = extract(&[page(1, w)]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    let t = &ex.tables[0];
    assert_eq!(
        names(t),
        [
            "Stillingsgruppe",
            "Kvinne / Ansatte",
            "Kvinne / Snitt årslønn",
            "Mann / Ansatte",
            "Mann / Snitt årslønn"
        ],
        "{:?}",
        t.header
    );
    assert_eq!(t.rows[1].cells[1].value, Some(506_341.0));
}

/// A table of one row, its numbers set flush left, its two-line headings
/// set flush right in the gaps after them: the lower line holds one
/// heading per column and is read one to each in order; the upper line's
/// pieces go with the pieces under them ("Revidert" over "budsjett").
#[test]
fn upper_heading_lines_follow_the_pieces_under_them() {
    let mut w = Vec::new();
    caption(&mut w, "Tabell 6.1 Budsjett og regnskap 2024", 100.0);
    let starts = [243.0, 320.0, 392.0, 464.0];
    let ends = [300.0, 371.0, 443.0, 517.0];
    right(&mut w, "Revidert", ends[1], 120.0, true);
    right(&mut w, "Opprinnelig", ends[2], 120.0, true);
    right(&mut w, "Regnskap", ends[0], 130.0, true);
    for x in &ends[1..3] {
        right(&mut w, "budsjett", *x, 130.0, true);
    }
    right(&mut w, "Avvik", ends[3], 130.0, true);
    phrase(&mut w, "Millioner kroner", 60.0, 143.0, false);
    for (v, x) in ["−9,6", "7,9", "0,4", "17,4"].iter().zip(starts) {
        phrase(&mut w, v, x, 143.0, false);
    }
    let ex = extract(&[page(1, w)]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    let t = &ex.tables[0];
    assert_eq!(
        names(t)[1..],
        [
            "Regnskap",
            "Revidert budsjett",
            "Opprinnelig budsjett",
            "Avvik"
        ],
        "{:?}",
        t.header
    );
    assert_eq!(t.rows[0].cells[3].value, Some(17.4));
}

/// Two multi-line headings set line between line, one of them wrapped
/// wide enough that a line of it reads as two segments a little more than
/// a space apart ("50 km/t" "eller"): two pieces of one heading, not one
/// heading for each of the two columns.
#[test]
fn pieces_of_one_heading_set_apart_are_no_heading_per_column() {
    let mut w = Vec::new();
    caption(&mut w, "Tabell 4 Veglengde per fylke", 170.0);
    phrase(&mut w, "Veg med", 270.0, 189.0, false);
    phrase(&mut w, "G/S-", 208.0, 195.0, false);
    phrase(&mut w, "fartsgrense", 264.0, 201.0, false);
    phrase(&mut w, "Fylke", 80.0, 206.0, false);
    phrase(&mut w, "veglengde", 193.0, 206.0, false);
    phrase(&mut w, "50 km/t", 262.0, 212.0, false);
    phrase(&mut w, "eller", 295.0, 212.0, false);
    phrase(&mut w, "(km)", 208.0, 218.0, false);
    phrase(&mut w, "lavere", 264.0, 224.0, false);
    phrase(&mut w, "(km)", 296.0, 224.0, false);
    right_rows(
        &mut w,
        &[
            ("Viken", ["655", "961"]),
            ("Innlandet", ["260", "523"]),
            ("Vestfold og Telemark", ["371", "450"]),
        ],
        80.0,
        &[252.9, 326.8],
        (247.0, 15.3),
    );
    let ex = extract(&[page(1, w)]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    let t = &ex.tables[0];
    assert_eq!(
        names(t),
        [
            "Fylke",
            "G/S-veglengde (km)",
            "Veg med fartsgrense 50 km/t eller lavere (km)"
        ],
        "{:?}",
        t.header
    );
}

/// A narrow table set tight, every row centred on its label line: amounts
/// too wide for their column wrap around the label line ("673" over the
/// label over "200"), and the next row's amount starts right under them
/// ("487"): it begins that row, for a row ends as far below its label's
/// middle as it starts above it. The bold sum's "55" over "5" (wider
/// digits than the column holds) is one cell of the sum row, never 55.
#[test]
fn rows_centred_on_their_labels_end_where_their_label_says() {
    let mut w = Vec::new();
    caption(
        &mut w,
        "Tabell 10.7 Lønn etter kjønn og stillingsgruppe",
        100.0,
    );
    // Kvinne, Mann: staff and pay each.
    let ends = [182.0, 223.0, 252.0, 293.0];
    phrase(&mut w, "Gruppe", 60.0, 118.0, true);
    for (h, x) in ["Ansatte", "Lønn", "Ansatte", "Lønn"].iter().zip(ends) {
        right(&mut w, h, x, 118.0, true);
    }
    // (No men in the first group: its row leaves their columns empty.)
    type Row<'a> = (&'a str, [&'a str; 2], [[&'a str; 2]; 2]);
    let rows: [Row; 3] = [
        ("Dagl leder SFO", ["1", ""], [["673", "200"], ["", ""]]),
        (
            "Driftsoperatører",
            ["123", "71"],
            [["487", "759"], ["536", "376"]],
        ),
        (
            "Ergoterapeuter",
            ["17", "37"],
            [["589", "692"], ["580", "061"]],
        ),
    ];
    let mut y = 131.0;
    for (label, n, amount) in rows {
        phrase(&mut w, label, 60.0, y + 5.4, false);
        for k in 0..2 {
            right(&mut w, amount[k][0], ends[2 * k + 1], y, false);
            right(&mut w, n[k], ends[2 * k], y + 5.4, false);
            right(&mut w, amount[k][1], ends[2 * k + 1], y + 10.8, false);
        }
        y += 10.8 + 10.35;
    }
    // Bold digits a third wider than the plain ones.
    let bold_wide = |w: &mut Vec<Word>, text: &str, x1: f64, y: f64| {
        let mut b = word(text, 0.0, y, true, false);
        b.bbox.x0 = x1 - text.len() as f64 * FS * 0.67;
        b.bbox.x1 = x1;
        w.push(b);
    };
    bold_wide(&mut w, "55", ends[0], y);
    phrase(&mut w, "Sluttsum", 60.0, y + 5.4, true);
    right(&mut w, "1 750", ends[1], y + 5.4, true);
    right(&mut w, "4", ends[2], y + 5.4, true);
    right(&mut w, "1 072", ends[3], y + 5.4, true);
    bold_wide(&mut w, "5", ends[0], y + 10.8);
    let ex = extract(&[page(1, w)]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    let t = &ex.tables[0];
    let got: Vec<(&str, Vec<Option<f64>>)> = t
        .rows
        .iter()
        .map(|r| (r.label.as_str(), r.cells.iter().map(|c| c.value).collect()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "Dagl leder SFO",
                vec![Some(1.0), Some(673_200.0), None, None]
            ),
            (
                "Driftsoperatører",
                vec![Some(123.0), Some(487_759.0), Some(71.0), Some(536_376.0)]
            ),
            (
                "Ergoterapeuter",
                vec![Some(17.0), Some(589_692.0), Some(37.0), Some(580_061.0)]
            ),
            (
                "Sluttsum",
                vec![None, Some(1750.0), Some(4.0), Some(1072.0)]
            ),
        ]
    );
}

/// Sub-headings set a little left of their numbers, the last one in the
/// gap before its column with its corner under the group heading above:
/// it stays in its own column (pieces of one heading stand largely over
/// each other; a corner under a group heading is none).
#[test]
fn a_sub_heading_under_a_group_headings_corner_keeps_its_column() {
    let mut w = Vec::new();
    caption(
        &mut w,
        "Tabell 10.9 Ansatte i deltid, fordelt på kjønn",
        100.0,
    );
    let ends = [213.0, 272.0, 331.0, 390.0];
    phrase(&mut w, "Fast", 209.0, 120.0, true);
    phrase(&mut w, "Midlertidig", 308.0, 120.0, true);
    phrase(&mut w, "Kjønn", 95.0, 133.0, true);
    for (h, x) in ["Deltid", "Heltid", "Deltid", "Heltid"].iter().zip(ends) {
        right(&mut w, h, x - 14.0, 133.0, true);
    }
    right_rows(
        &mut w,
        &[
            ("Kvinne", ["3591", "7095", "4412", "549"]),
            ("Mann", ["973", "2596", "1576", "197"]),
            ("Sluttsum", ["4564", "9691", "5988", "746"]),
        ],
        61.0,
        &ends,
        (146.0, 13.0),
    );
    let ex = extract(&[page(1, w)]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    let t = &ex.tables[0];
    assert_eq!(
        names(t),
        [
            "Kjønn",
            "Fast / Deltid",
            "Fast / Heltid",
            "Midlertidig / Deltid",
            "Midlertidig / Heltid"
        ],
        "{:?}",
        t.header
    );
}

/// A bold sum's number broken at the page foot ("13" there, "962" under
/// the header repeated) beside a share whose percent sign went over too
/// ("74" there, "%" here): the mark goes on its number as the tail goes on
/// its own, where the column's shares carry it.
#[test]
fn a_unit_mark_broken_over_the_page_break_goes_on_its_number() {
    let p1 = split_page(
        1,
        &[
            ("Kvinne", ["10 426", "63 %"]),
            ("Mann", ["3 536", "37 %"]),
            ("Sum", ["13", "74"]),
        ],
        true,
        true,
    );
    let mut p2 = split_page(2, &[], false, true);
    right(&mut p2.words, "962", 380.0, 75.0, false);
    right(&mut p2.words, "%", 470.0, 75.0, false);
    phrase(
        &mut p2.words,
        "Kilde: kommunens regnskap",
        70.0,
        90.0,
        false,
    );
    let ex = extract(&[p1, p2]);
    let t = &ex.tables[0];
    let sum = t
        .rows
        .iter()
        .find(|r| r.label == "Sum")
        .expect("the sum row");
    assert_eq!(sum.cells[0].value, Some(13962.0), "{t:#?}");
    assert_eq!(sum.cells[1].value, Some(74.0), "{t:#?}");
    assert_eq!(t.rows.len(), 3, "{t:#?}");
}

/// A text table whose date and law columns stand a word space apart, so
/// every line reads "08.10.24 Arbeidsmiljøloven" as one segment, under two
/// headings apart ("Dato", "Lov"): two columns, parted between them.
#[test]
fn dates_set_close_to_the_next_column_part_under_their_headings() {
    let mut w = Vec::new();
    caption(&mut w, "Tabell 11.2 Tilsyn i 2024", 100.0);
    phrase(&mut w, "Tilsynsmyndighet", 60.0, 120.0, true);
    phrase(&mut w, "Dato", 205.0, 120.0, true);
    phrase(&mut w, "Lov", 300.0, 120.0, true);
    phrase(&mut w, "Emne", 420.0, 120.0, true);
    let rows = [
        (
            "Arbeidstilsynet",
            "08.10.24 Arbeidsmiljøloven",
            "Forebygge ulykker",
        ),
        (
            "Arbeidstilsynet",
            "13.09.24 Arbeidsmiljøloven",
            "Muskel- og skjelettplager",
        ),
        (
            "Statsforvalteren",
            "01.02.24 Folkehelseloven",
            "Psykisk helse hos barn",
        ),
        ("Mattilsynet", "20.03.24 Matloven", "Hygiene på kjøkken"),
    ];
    for (k, (who, date_law, what)) in rows.iter().enumerate() {
        let y = 134.0 + 13.0 * k as f64;
        phrase(&mut w, who, 60.0, y, false);
        phrase(&mut w, date_law, 200.0, y, false);
        phrase(&mut w, what, 420.0, y, false);
    }
    let ex = extract(&[page(1, w)]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    let t = &ex.tables[0];
    assert_eq!(
        names(t),
        ["Tilsynsmyndighet", "Dato", "Lov", "Emne"],
        "{:?}",
        t.header
    );
    let texts: Vec<&str> = t.rows[2].cells.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(
        texts,
        ["01.02.24", "Folkehelseloven", "Psykisk helse hos barn"]
    );
}

/// A table going on over a page break without its header: the next page
/// starts with a row whose label wraps, its first line indented under a
/// section row, its numbers on its second line, as the first row of the
/// table did on the page before. The line is the row's label, not the
/// header repeated.
#[test]
fn a_wrapped_label_at_the_top_of_a_page_without_the_header_keeps_its_first_line() {
    let head = |w: &mut Vec<Word>, y: f64| {
        right(w, "Trondheim 2023", 300.0, y, true);
        right(w, "Oslo 2024", 380.0, y, true);
    };
    let row = |w: &mut Vec<Word>, first: &str, second: &str, a: &str, b: &str, y: f64| {
        phrase(w, first, 70.0, y, false);
        phrase(w, second, 70.0, y + 11.0, false);
        right(w, a, 300.0, y + 11.0, false);
        right(w, b, 380.0, y + 11.0, false);
    };
    let mut p1 = Vec::new();
    prose_from_top(&mut p1, 20);
    caption(&mut p1, "Tabell 7.6 Nøkkeltall kirke og gravlunder", 600.0);
    head(&mut p1, 620.0);
    phrase(&mut p1, "Prioritet", 60.0, 638.0, false);
    let mut y = 652.0;
    for (second, a, b) in [
        ("Den norske kirke", "430", "246"),
        ("kirkebygg", "120", "98"),
        ("kulturarv i kirkene", "14", "22"),
        ("trosopplæring", "35", "41"),
        ("kirkemusikk", "27", "19"),
    ] {
        row(&mut p1, "Netto driftsutgifter til", second, a, b, y);
        y += 26.0;
    }
    let mut p2 = Vec::new();
    row(
        &mut p2,
        "Netto driftsutgifter til",
        "gravlunder",
        "173",
        "80",
        60.0,
    );
    phrase(&mut p2, "Dekningsgrader", 60.0, 90.0, false);
    row(
        &mut p2,
        "Medlem av Den norske kirke i",
        "prosent av innbyggerne",
        "62",
        "41,1",
        104.0,
    );
    prose_to_page_foot(&mut p2);
    let ex = extract(&[page(1, p1), page(2, p2)]);
    let t = ex
        .tables
        .iter()
        .find(|t| t.table_id == "7.6")
        .expect("the table");
    let labels: Vec<&str> = t.rows.iter().map(|r| r.label.as_str()).collect();
    assert!(
        labels.contains(&"Netto driftsutgifter til gravlunder"),
        "{labels:?}"
    );
    let row = t
        .rows
        .iter()
        .find(|r| r.label == "Netto driftsutgifter til gravlunder")
        .expect("the row");
    assert_eq!(row.cells[0].value, Some(173.0));
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
}

/// A captioned table whose header breaks over the page break: its upper
/// header line (group headings) ends one page, its lower header line and
/// its rows start the next, with no caption. One table, under the caption,
/// with both header lines.
#[test]
fn a_header_broken_over_the_page_break_heads_the_rows_on_the_next_page() {
    let mut p1 = Vec::new();
    prose_from_top(&mut p1, 60);
    caption(&mut p1, "Tabell 10.11 Ansatte fordelt på kjønn", 740.0);
    phrase(&mut p1, "Fast", 270.0, 760.0, true);
    phrase(&mut p1, "Midlertidig", 380.0, 760.0, true);
    let mut p2 = Vec::new();
    phrase(&mut p2, "Kjønn", 60.0, 60.0, true);
    for (text, x1) in [
        ("Antall", 260.0),
        ("Andel", 320.0),
        ("Antall", 400.0),
        ("Andel", 460.0),
    ] {
        right(&mut p2, text, x1, 60.0, true);
    }
    for (k, cells) in [
        ["Kvinne", "10 426", "92%", "1 011", "9%"],
        ["Mann", "3 536", "91%", "408", "11%"],
    ]
    .iter()
    .enumerate()
    {
        let y = 76.0 + 14.0 * k as f64;
        phrase(&mut p2, cells[0], 60.0, y, false);
        for (text, x1) in cells[1..].iter().zip([260.0, 320.0, 400.0, 460.0]) {
            right(&mut p2, text, x1, y, false);
        }
    }
    prose_to_page_foot(&mut p2);
    let ex = extract(&[page(1, p1), page(2, p2)]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    let t = &ex.tables[0];
    assert_eq!(t.table_id, "10.11");
    let labels: Vec<&str> = t.rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(labels, ["Kvinne", "Mann"], "{t:#?}");
    assert_eq!(t.rows[0].cells[0].value, Some(10426.0));
    assert_eq!(
        names(t),
        [
            "Kjønn",
            "Fast / Antall",
            "Fast / Andel",
            "Midlertidig / Antall",
            "Midlertidig / Andel"
        ],
        "{:?}",
        t.header
    );
}

/// A caption over a header set with wide padding, at the foot of a page:
/// a group heading a line and a half under the caption, the column
/// headings as far under it; the rows on the next page. The caption is the
/// table's.
#[test]
fn a_caption_over_a_widely_padded_header_is_the_tables() {
    let mut p1 = Vec::new();
    prose_from_top(&mut p1, 58);
    caption(&mut p1, "Tabell 1.8 Garantiansvar per 31.12", 725.0);
    phrase(
        &mut p1,
        "Garantiansvar per 31.12, mill kr",
        100.0,
        750.0,
        true,
    );
    phrase(&mut p1, "Type debitor", 60.0, 777.0, true);
    for (text, x1) in [("2021", 300.0), ("2022", 360.0), ("2023", 420.0)] {
        right(&mut p1, text, x1, 777.0, true);
    }
    let mut p2 = Vec::new();
    for (k, cells) in [
        ["Idrett", "425", "464", "477,5"],
        ["Barnehager", "16", "14", "13,0"],
        ["Sum", "441", "478", "490,5"],
    ]
    .iter()
    .enumerate()
    {
        let y = 60.0 + 24.0 * k as f64;
        phrase(&mut p2, cells[0], 60.0, y, false);
        for (text, x1) in cells[1..].iter().zip([300.0, 360.0, 420.0]) {
            right(&mut p2, text, x1, y, false);
        }
    }
    prose_to_page_foot(&mut p2);
    let ex = extract(&[page(1, p1), page(2, p2)]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    let t = &ex.tables[0];
    assert_eq!(t.table_id, "1.8", "{t:#?}");
    assert_eq!(t.rows[0].cells[2].value, Some(477.5));
    assert!(names(t)[3].ends_with("2023"), "{:?}", t.header);
}

/// A bold sum too wide for its cell, its digit groups set apart ("11"
/// "24", no-break spaces stretched) and its last digit broken onto the
/// next line ("4"): one number, 11 244, and no row of its own for the "4".
#[test]
fn a_sum_broken_in_its_last_group_reads_whole() {
    // Its groups a word space apart (one segment) or wider (two).
    for gap in [2.5, 4.0] {
        sum_broken_in_its_last_group(gap);
    }
}

fn sum_broken_in_its_last_group(gap: f64) {
    let mut w = Vec::new();
    caption(&mut w, "Tabell 10.4 Ansatte og årsverk", 100.0);
    right(&mut w, "Antall", 300.0, 120.0, true);
    right(&mut w, "Årsverk", 380.0, 120.0, true);
    let rows = [
        ("Helse og omsorg", "3 259", "2 403"),
        ("Oppvekst", "4 269", "3 873"),
        ("Sosiale tjenester", "2 527", "2 014"),
    ];
    for (k, (label, a, b)) in rows.iter().enumerate() {
        let y = 140.0 + 16.0 * k as f64;
        phrase(&mut w, label, 60.0, y, false);
        right(&mut w, a, 300.0, y, false);
        right(&mut w, b, 380.0, y, false);
    }
    let y = 140.0 + 16.0 * 3.0;
    phrase(&mut w, "Sluttsum", 60.0, y, true);
    w.push(word("11", 291.0 - gap - 9.0, y, true, false));
    w.push(word("24", 291.0, y, true, false));
    right(&mut w, "9 373", 380.0, y, true);
    w.push(word("4", 283.0, y + 10.5, true, false));
    prose_to_page_foot(&mut w);
    let ex = extract(&[page(1, w)]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    let t = &ex.tables[0];
    let labels: Vec<&str> = t.rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "Helse og omsorg",
            "Oppvekst",
            "Sosiale tjenester",
            "Sluttsum"
        ],
        "{t:#?}"
    );
    assert_eq!(t.rows[3].cells[0].value, Some(11244.0), "gap {gap}: {t:#?}");
    assert_eq!(t.rows[3].cells[1].value, Some(9373.0));
}

/// A captioned table of labels and two value columns, its headings and
/// numbers set flush right, a row every 14 points.
fn two_value_table(caption_text: &str, heads: [&str; 2], rows: &[(&str, &str, &str)]) -> Vec<Word> {
    let mut w = Vec::new();
    caption(&mut w, caption_text, 100.0);
    right(&mut w, heads[0], 300.0, 120.0, true);
    right(&mut w, heads[1], 380.0, 120.0, true);
    for (k, (label, a, b)) in rows.iter().enumerate() {
        let y = 140.0 + 14.0 * k as f64;
        phrase(&mut w, label, 60.0, y, false);
        right(&mut w, a, 300.0, y, false);
        right(&mut w, b, 380.0, y, false);
    }
    w
}

/// A spreadsheet printed on a machine set up in English: commas group the
/// thousands, dots mark the decimals. "-4,893" is −4 893, never −4,893 (a
/// thousand times too small), and the document says how it reads them.
#[test]
fn numbers_printed_the_english_way_read_in_that_convention() {
    let rows = [
        ("Rammetilskudd", "-4,893", "214.5"),
        ("Eiendomsskatt", "-908", "-3.2"),
        ("Brukerbetalinger", "-1,907", "51.0"),
        ("Sum driftsinntekter", "-7,708", "262.3"),
    ];
    let ex = extract(&[page(
        1,
        two_value_table(
            "Tabell 1.1 Økonomisk oversikt",
            ["Regnskap 2024", "Avvik"],
            &rows,
        ),
    )]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    let t = &ex.tables[0];
    let values: Vec<Option<f64>> = t.rows.iter().map(|r| r.cells[0].value).collect();
    assert_eq!(
        values,
        [Some(-4893.0), Some(-908.0), Some(-1907.0), Some(-7708.0)]
    );
    assert_eq!(t.rows[0].cells[1].value, Some(214.5));
    assert!(
        ex.diagnostics.iter().any(|d| d.rule == "english_numbers"),
        "{:?}",
        ex.diagnostics
    );
}

/// A number grouped with a dot ("9.716") in a table whose other numbers
/// carry decimal commas ("142,8"): the dot groups thousands, 9 716, never
/// 9,716.
#[test]
fn a_dot_before_three_digits_beside_decimal_commas_groups_thousands() {
    let rows = [
        ("Vuosikate poistoista, %", "142,8", "123,8"),
        ("Omavaraisuusaste, %", "31,9", "32,2"),
        ("Lainat, €/asukas", "9.716", "9.228"),
        ("Lainanhoitokate", "0,9", "1,0"),
    ];
    let ex = extract(&[page(
        1,
        two_value_table("Tabell 4 Konsernin tavoitteet", ["TP2024", "TP2023"], &rows),
    )]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    let t = &ex.tables[0];
    assert_eq!(t.rows[2].cells[0].value, Some(9716.0), "{t:#?}");
    assert_eq!(t.rows[2].cells[1].value, Some(9228.0));
    assert_eq!(t.rows[0].cells[0].value, Some(142.8));
}

/// A table whose last row's label wraps over the page break, the header not
/// repeated: the end of the label ("forsørger barn under 18 år" over
/// "(prosent)") stands alone at the top of the next page, a source line and
/// prose under it. It ends the row's label.
#[test]
fn a_label_ending_alone_at_the_top_of_the_next_page_ends_its_row() {
    let mut p1 = Vec::new();
    prose_from_top(&mut p1, 54);
    caption(&mut p1, "Tabell 9.5 Nøkkeltall sosiale tjenester", 670.0);
    right(&mut p1, "Trondheim 2023", 300.0, 690.0, true);
    right(&mut p1, "Oslo 2024", 380.0, 690.0, true);
    let rows = [
        ("Andel mottakere 18-24 år", "4,5", "5,5"),
        ("Antall mottakere per 1 000 innbyggere", "3,6", "4,4"),
        ("Andel mottakere med barn", "21,8", "24,4"),
    ];
    for (k, (label, a, b)) in rows.iter().enumerate() {
        let y = 710.0 + 26.0 * k as f64;
        phrase(&mut p1, label, 60.0, y, false);
        right(&mut p1, a, 300.0, y, false);
        right(&mut p1, b, 380.0, y, false);
    }
    let mut p2 = Vec::new();
    phrase(&mut p2, "under 18 år", 60.0, 52.0, false);
    phrase(&mut p2, "(prosent)", 60.0, 63.0, false);
    phrase(&mut p2, "Kilde: SSB, KOSTRA 2024", 60.0, 90.0, false);
    prose_to_page_foot(&mut p2);
    let ex = extract(&[page(1, p1), page(2, p2)]);
    let t = ex
        .tables
        .iter()
        .find(|t| t.table_id == "9.5")
        .expect("the table");
    let labels: Vec<&str> = t.rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "Andel mottakere 18-24 år",
            "Antall mottakere per 1 000 innbyggere",
            "Andel mottakere med barn under 18 år (prosent)"
        ],
        "{t:#?}"
    );
    assert_eq!(t.rows[2].cells[0].value, Some(21.8));
}

/// A captioned table whose header of years ends a page, its one row of
/// numbers (flush right, a little right of the centred years) starting the
/// next: one table, headed by the years, the years no row of values.
#[test]
fn a_header_of_years_at_a_page_foot_heads_the_row_on_the_next_page() {
    let mut p1 = Vec::new();
    prose_from_top(&mut p1, 62);
    caption(
        &mut p1,
        "Tabell 7.3 Antall kunstnere per 1000 innbyggere",
        750.0,
    );
    for x in [267.0, 342.0, 417.0, 491.0] {
        phrase(
            &mut p1,
            &format!("{}", 2021 + ((x as i32 - 267) / 74)),
            x,
            770.0,
            true,
        );
    }
    let mut p2 = Vec::new();
    for (text, x1) in [
        ("6,2", 312.0),
        ("6,3", 386.0),
        ("6,6", 461.0),
        ("6,8", 536.0),
    ] {
        right(&mut p2, text, x1, 51.0, false);
    }
    prose_to_page_foot(&mut p2);
    let ex = extract(&[page(1, p1), page(2, p2)]);
    let t = ex
        .tables
        .iter()
        .find(|t| t.table_id == "7.3")
        .expect("the table");
    assert_eq!(t.rows.len(), 1, "{t:#?}");
    let values: Vec<Option<f64>> = t.rows[0].cells.iter().map(|c| c.value).collect();
    assert_eq!(
        values,
        [Some(6.2), Some(6.3), Some(6.6), Some(6.8)],
        "{t:#?}"
    );
    assert_eq!(names(t)[1..], ["2021", "2022", "2023", "2024"]);
}

/// A text table broken over a page inside a row, its header not repeated:
/// the next page starts with the rest of a row's comment (in the comment
/// column) beside its indicator, centred on the row, and its trend mark; the
/// next row's first tabular line comes only below. One table, the row
/// whole.
#[test]
fn a_text_row_going_on_at_the_top_of_a_page_without_the_header_stays_one_table() {
    let mut p1 = Vec::new();
    prose_from_top(&mut p1, 56);
    let row = |w: &mut Vec<Word>, cells: [&str; 5], y: f64| {
        for (t, x) in cells.iter().zip([60.0, 137.0, 0.0, 312.0, 348.0]) {
            if !t.is_empty() && x > 0.0 {
                phrase(w, t, x, y, false);
            }
        }
        if !cells[2].is_empty() {
            right(w, cells[2], 300.0, y, false);
        }
    };
    caption(&mut p1, "Tabell 5 Klimaindikatorer", 690.0);
    row(
        &mut p1,
        ["Sektor", "Indikator", "Verdi", "Trend", "Kommentar"],
        710.0,
    );
    row(
        &mut p1,
        [
            "Veitrafikk",
            "Andel biodrivstoff",
            "19 %",
            "+",
            "Kravet ble nådd",
        ],
        726.0,
    );
    row(
        &mut p1,
        [
            "",
            "Andel nullutslipp",
            "34 %",
            "+",
            "Andelen økte fra 32,6",
        ],
        744.0,
    );
    row(&mut p1, ["", "", "", "", "til 36,9 prosent i fjor."], 755.0);
    let mut p2 = Vec::new();
    row(
        &mut p2,
        ["", "", "", "", "Endringer i avgiften i 2021"],
        53.0,
    );
    row(&mut p2, ["", "", "", "", "ga høyere kostnader for"], 63.6);
    row(&mut p2, ["", "Drivstoff i bussene", "", "", ""], 69.2);
    row(&mut p2, ["", "", "", "⬇", "bussene i byen."], 74.1);
    row(&mut p2, ["", "i byen", "", "", ""], 79.6);
    row(
        &mut p2,
        [
            "Energi",
            "Andel fossil fjernvarme",
            "6,9 %",
            "+",
            "Lavere i 2024",
        ],
        99.0,
    );
    row(
        &mut p2,
        ["", "Produksjon av fjernvarme", "690,3 GWh", "+", ""],
        117.0,
    );
    prose_to_page_foot(&mut p2);
    let ex = extract(&[page(1, p1), page(2, p2)]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    let t = &ex.tables[0];
    assert_eq!(t.table_id, "5");
    let energy = t.rows.iter().find(|r| r.label == "Energi").expect("Energi");
    assert_eq!(energy.cells[1].value, Some(6.9));
    assert!(
        t.rows
            .iter()
            .any(|r| r.cells[3].text.contains("Endringer i avgiften")),
        "{t:#?}"
    );
}

/// Headings wrapped in their cells around a dash ("Vegutstyr" over "–" over
/// "punkt"): the dashes are pieces of the headings, not a row of values
/// printed as nil. The header keeps its three lines; the stub's heading is
/// no column of its own.
#[test]
fn dashes_wrapped_inside_headings_are_no_row_of_nils() {
    let mut w = Vec::new();
    caption(&mut w, "Tabell 2 Beregnede kostnader per fylke", 100.0);
    phrase(&mut w, "Vegutstyr", 340.0, 120.0, false);
    phrase(&mut w, "Vegutstyr", 420.0, 120.0, false);
    phrase(&mut w, "Drenering", 255.0, 130.5, false);
    phrase(&mut w, "–", 357.0, 130.5, false);
    phrase(&mut w, "–", 437.0, 130.5, false);
    phrase(&mut w, "Fylke", 150.0, 141.0, false);
    right(&mut w, "vegdekke", 300.0, 141.0, false);
    right(&mut w, "punkt", 380.0, 141.0, false);
    right(&mut w, "tettsted", 460.0, 141.0, false);
    let rows = [
        ("Viken", "486 201", "60 784", "244 692"),
        ("Innlandet", "492 195", "49 650", "91 875"),
        ("Sum", "978 396", "110 434", "336 567"),
    ];
    for (k, (label, a, b, c)) in rows.iter().enumerate() {
        let y = 160.0 + 14.0 * k as f64;
        phrase(&mut w, label, 60.0, y, false);
        right(&mut w, a, 300.0, y, false);
        right(&mut w, b, 380.0, y, false);
        right(&mut w, c, 460.0, y, false);
    }
    let ex = extract(&[page(1, w)]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    let t = &ex.tables[0];
    let labels: Vec<&str> = t.rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(labels, ["Viken", "Innlandet", "Sum"], "{t:#?}");
    assert_eq!(t.n_cols, 3, "{t:#?}");
    assert_eq!(t.rows[0].cells[0].value, Some(486_201.0));
    assert_eq!(t.rows[0].cells[1].value, Some(60_784.0));
}

/// Years broken in narrow columns after their second digit ("20" over
/// "23"), beside years printed whole ("2023"): header, not a row of values
/// 23 and 24.
#[test]
fn years_broken_after_their_century_are_header() {
    let mut w = Vec::new();
    caption(&mut w, "Tabell 6 Bidrag och antal", 100.0);
    right(&mut w, "Bokslut", 300.0, 120.0, false);
    right(&mut w, "Budget", 360.0, 120.0, false);
    phrase(&mut w, "20", 400.0, 120.0, false);
    phrase(&mut w, "20", 440.0, 120.0, false);
    phrase(&mut w, "Bidrag, tkr", 60.0, 130.5, false);
    right(&mut w, "2023", 300.0, 130.5, false);
    right(&mut w, "2024", 360.0, 130.5, false);
    phrase(&mut w, "23", 400.0, 130.5, false);
    phrase(&mut w, "24", 440.0, 130.5, false);
    let rows = [
        ("Driftbidrag", "-926", "-925", "28", "36"),
        ("Utvecklingsbidrag", "-297", "-342", "9", "11"),
        ("Totalt", "-1 223", "-1 267", "37", "47"),
    ];
    for (k, (label, a, b, c, d)) in rows.iter().enumerate() {
        let y = 148.0 + 14.0 * k as f64;
        phrase(&mut w, label, 60.0, y, false);
        right(&mut w, a, 300.0, y, false);
        right(&mut w, b, 360.0, y, false);
        right(&mut w, c, 409.0, y, false);
        right(&mut w, d, 449.0, y, false);
    }
    let ex = extract(&[page(1, w)]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    let t = &ex.tables[0];
    let labels: Vec<&str> = t.rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(
        labels,
        ["Driftbidrag", "Utvecklingsbidrag", "Totalt"],
        "{t:#?}"
    );
    assert_eq!(t.rows[0].cells[2].value, Some(28.0));
}

/// A long table whose header, repeated at the top of every page, begins
/// with a group heading over its value columns ("Budsjett 2025"): that line
/// is the table's, not a running header, and the caption over it on the
/// first page stays the table's.
#[test]
fn a_group_heading_repeated_on_every_page_is_no_running_header() {
    let mut pages = Vec::new();
    let mut item = 0;
    for number in 1..=4u32 {
        let mut w = Vec::new();
        let mut y = 50.0;
        if number == 1 {
            caption(
                &mut w,
                "Tabell 2 Bokførte skatter og avgifter. Mill. kroner",
                y,
            );
            y += 28.0;
        }
        phrase(&mut w, "Budsjett 2025", 390.0, y, true);
        y += 27.0;
        right(&mut w, "Regnskap", 360.0, y, true);
        right(&mut w, "Saldert", 420.0, y, true);
        right(&mut w, "Anslag", 480.0, y, true);
        y += 25.0;
        while y < 780.0 {
            item += 1;
            phrase(&mut w, &format!("Post {item} Skatt"), 60.0, y, false);
            right(&mut w, &format!("{}", 100 + item), 360.0, y, false);
            right(&mut w, &format!("{}", 200 + item), 420.0, y, false);
            right(&mut w, &format!("{}", 300 + item), 480.0, y, false);
            y += 14.0;
        }
        pages.push(page(number, w));
    }
    let ex = extract(&pages);
    assert_eq!(
        ex.tables.len(),
        1,
        "{:#?}",
        ex.tables.iter().map(|t| &t.table_id).collect::<Vec<_>>()
    );
    let t = &ex.tables[0];
    assert_eq!(t.table_id, "2");
    assert_eq!(
        t.rows.len(),
        item,
        "{:?}",
        t.rows.iter().map(|r| &r.label).collect::<Vec<_>>()
    );
    assert!(names(t)[1].contains("Regnskap"), "{:?}", names(t));
}

/// A table running to the foot of a page, a blank page after it (nothing
/// on it, as a word processor leaves one at a break it could not fill),
/// and its rows going on at the top of the page after, with no header
/// again and no caption: one table, every row in it.
#[test]
fn a_table_goes_on_over_a_blank_page() {
    let rows_from = |w: &mut Vec<Word>, first: usize, n: usize, y0: f64| {
        numbered_rows(w, "Tiltak nummer", (first, n), y0, &|i| {
            [
                (format!("{}", 100 + i), 400.0),
                (format!("–{}", 20 + i), 460.0),
            ]
        });
    };
    let mut p1 = Vec::new();
    caption(&mut p1, "Tabell 4 Virkninger av forslagene", 80.0);
    right(&mut p1, "Påløpt", 400.0, 100.0, true);
    right(&mut p1, "Bokført", 460.0, 100.0, true);
    rows_from(&mut p1, 1, 56, 116.0);
    let mut p3 = Vec::new();
    rows_from(&mut p3, 57, 10, 60.0);
    prose_below(&mut p3, 300.0, 40);
    let ex = extract(&[page(1, p1), page(2, vec![]), page(3, p3)]);
    one_table_ending(&ex, 66, "Tiltak nummer 66", [166.0, -86.0]);
}

/// Labels wrapped over two lines of their padded cells, the values set
/// in the middle beside them, and a label that ends in a preposition
/// ("… betales avgift av"): the row gap under it, wider than the spacing
/// of its lines, ends the label; the next row's label is its own.
#[test]
fn a_label_ending_in_a_preposition_ends_at_the_row_gap() {
    let mut w = Vec::new();
    caption(&mut w, "Tabell 5 Anslag for avgiften. Mill. kroner", 80.0);
    for (k, year) in ["2024", "2025", "2026"].iter().enumerate() {
        right(&mut w, year, 320.0 + 100.0 * k as f64, 100.0, true);
    }
    let rows: [(&[&str], [&str; 3]); 7] = [
        (
            &["Verdi som det skal", "betales avgift av"],
            ["30 420", "28 400", "30 800"],
        ),
        (
            &["Anslag på pensjonsgivende", "inntekt"],
            ["11 721", "9 173", "9 948"],
        ),
        (
            &["Prognoser for ytelser", "avgiften skal dekke"],
            ["", "", ""],
        ),
        (
            &["Differanse trygdeavgift (3,2", "pst. av inntekt)"],
            ["314", "293,5", "318,3"],
        ),
        (
            &["Yrkesskadetrygd (0,2 pst. av", "inntekt)"],
            ["20", "18,3", "19,9"],
        ),
        (&["Dagpenger ved arbeidsløshet"], ["71", "90", "90,0"]),
        (&["Sum som skal dekkes"], ["536", "532", "559"]),
    ];
    let mut y = 118.0;
    for (lines, values) in rows {
        for (k, l) in lines.iter().enumerate() {
            phrase(&mut w, l, 60.0, y + 10.8 * k as f64, false);
        }
        let mid = y + 5.4 * (lines.len() - 1) as f64;
        for (k, v) in values.iter().enumerate().filter(|(_, v)| !v.is_empty()) {
            right(&mut w, v, 320.0 + 100.0 * k as f64, mid, false);
        }
        y += 10.8 * lines.len() as f64 + 4.0;
    }
    prose_to_page_foot(&mut w);
    let ex = extract(&[page(1, w)]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    let t = &ex.tables[0];
    let labels: Vec<&str> = t.rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "Verdi som det skal betales avgift av",
            "Anslag på pensjonsgivende inntekt",
            "Prognoser for ytelser avgiften skal dekke",
            "Differanse trygdeavgift (3,2 pst. av inntekt)",
            "Yrkesskadetrygd (0,2 pst. av inntekt)",
            "Dagpenger ved arbeidsløshet",
            "Sum som skal dekkes"
        ],
        "{t:#?}"
    );
    assert_eq!(t.rows[1].cells[0].value, Some(11_721.0));
}

/// A note mark set raised and smaller against a number ("1 300 000" and a
/// superscript "1", touching its last digit): the number keeps its value,
/// the mark stays a mark ("1 300 000¹"), not a seventh digit.
#[test]
fn a_raised_note_mark_on_a_number_is_no_digit() {
    let mark = |w: &mut Vec<Word>, text: &str, x0: f64, y0: f64| {
        let fs = 0.6 * FS;
        w.push(Word {
            text: text.to_owned(),
            bbox: BBox {
                x0,
                y0: y0 - 0.5,
                x1: x0 + 0.5 * fs * text.chars().count() as f64,
                y1: y0 - 0.5 + 1.15 * fs,
            },
            baseline: y0 - 0.5 + 0.9 * fs,
            font_size: fs,
            font: "Sans".to_owned(),
            bold: false,
            spaced: false,
        });
    };
    let mut w = Vec::new();
    caption(&mut w, "Tabell 3.1 Driftsutgifter. 1 000 kroner", 80.0);
    for (k, year) in ["2023", "2024"].iter().enumerate() {
        right(&mut w, year, 400.0 + 80.0 * k as f64, 100.0, true);
    }
    let rows = [
        ("Lønn", ["1 234 567", "1 300 000"]),
        ("Kjøp av varer", ["456 789", "470 000"]),
        ("Overføringer", ["98 765", "100 000"]),
    ];
    for (k, (label, values)) in rows.iter().enumerate() {
        let y = 116.0 + 14.0 * k as f64;
        phrase(&mut w, label, 60.0, y, false);
        for (c, v) in values.iter().enumerate() {
            right(&mut w, v, 400.0 + 80.0 * c as f64, y, false);
        }
    }
    // The mark against the first row's second amount, which ends at x 480.
    mark(&mut w, "1", 480.0, 116.0);
    let ex = extract(&[page(1, w)]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    let cell = &ex.tables[0].rows[0].cells[1];
    assert_eq!(cell.text, "1 300 000\u{b9}");
    assert_eq!(cell.value, Some(1_300_000.0));
}

/// A row set centred on its label line, its numbers wrapped around it in
/// narrow columns: heads above the label, tails below. Where one column's
/// parts cannot be one number ("( 38 396" over "165,19)"), the line of
/// tails stays a line of its own; the head of another column ("1 794",
/// its tail "564,81" below) is then no number of its own: no value, and a
/// finding, never 1 794.
#[test]
fn a_number_broken_around_a_label_line_is_never_its_head_alone() {
    let mut w = Vec::new();
    caption(&mut w, "Tabell 7 Tuloslaskelma", 80.0);
    right(&mut w, "2023", 300.0, 100.0, true);
    right(&mut w, "Muutos", 380.0, 100.0, true);
    right(&mut w, "2024", 460.0, 100.0, true);
    let line = |w: &mut Vec<Word>, y: f64, label: &str, cells: [&str; 3]| {
        if !label.is_empty() {
            phrase(w, label, 60.0, y, false);
        }
        for (k, c) in cells.iter().enumerate().filter(|(_, c)| !c.is_empty()) {
            right(w, c, 300.0 + 80.0 * k as f64, y, false);
        }
    };
    line(&mut w, 116.0, "Avustukset", ["1 475", "0,00", "96 216,33"]);
    line(&mut w, 131.0, "Muut kulut", ["1 638", "0,00", "195 906,82"]);
    line(&mut w, 146.0, "", ["( 38 396", "", "1 794"]);
    line(&mut w, 157.0, "Toimintakate", ["", "0,00", ""]);
    line(&mut w, 168.0, "", ["165,19)", "", "564,81"]);
    line(
        &mut w,
        183.0,
        "Verotulot",
        ["31 902", "0,00", "1 693 351,41"],
    );
    line(
        &mut w,
        198.0,
        "Valtionosuudet",
        ["14 490", "0,00", "629 944,00"],
    );
    prose_to_page_foot(&mut w);
    let ex = extract(&[page(1, w)]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    let t = &ex.tables[0];
    for r in &t.rows {
        for c in &r.cells {
            assert!(
                !matches!(c.value, Some(v) if v == 1794.0 || v == 564.81),
                "{:?} read {:?} in {t:#?}",
                r.label,
                c.value
            );
        }
    }
    let r = t
        .rows
        .iter()
        .find(|r| r.label == "Toimintakate")
        .expect("the centred row");
    assert_eq!(r.cells[1].value, Some(0.0));
    assert!(ex.diagnostics.iter().any(|d| d.rule == "broken_number"));
}

/// Items given two measures each on lines of their own ("Count" over
/// "Percentage"), the item's label set once beside them and wrapped over
/// both lines where it is long: the label's end on the second line
/// ("syndrome") is the label's, not an item of its own.
#[test]
fn a_label_wrapped_beside_stacked_measures_stays_one_label() {
    let mut w = Vec::new();
    caption(&mut w, "Table 4 Health problems", 80.0);
    phrase(&mut w, "Problem", 60.0, 100.0, true);
    right(&mut w, "Suffered", 380.0, 100.0, true);
    right(&mut w, "Treated", 460.0, 100.0, true);
    let items: [(&str, &str, [&str; 4]); 4] = [
        ("Allergy problems", "", ["93", "77", "18.8%", "15.6%"]),
        ("Chronic fatigue", "syndrome", ["19", "4", "3.8%", "0.8%"]),
        ("Depression", "", ["48", "12", "9.7%", "2.4%"]),
        (
            "Sexually transmitted",
            "diseases",
            ["7", "7", "1.4%", "1.4%"],
        ),
    ];
    let mut y = 116.0;
    for (first, second, v) in items {
        phrase(&mut w, first, 60.0, y, false);
        phrase(&mut w, "Count", 200.0, y, false);
        right(&mut w, v[0], 380.0, y, false);
        right(&mut w, v[1], 460.0, y, false);
        if !second.is_empty() {
            phrase(&mut w, second, 60.0, y + 11.0, false);
        }
        phrase(&mut w, "Percentage", 200.0, y + 11.0, false);
        right(&mut w, v[2], 380.0, y + 11.0, false);
        right(&mut w, v[3], 460.0, y + 11.0, false);
        y += 26.0;
    }
    prose_to_page_foot(&mut w);
    let ex = extract(&[page(1, w)]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    let t = &ex.tables[0];
    let labels: Vec<&str> = t.rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "Allergy problems",
            "",
            "Chronic fatigue syndrome",
            "",
            "Depression",
            "",
            "Sexually transmitted diseases",
            ""
        ],
        "{t:#?}"
    );
    assert_eq!(t.rows[3].cells[0].text, "Percentage");
    assert_eq!(t.rows[3].cells[1].value, Some(3.8));
}

/// A long list set in two parts side by side, its headings repeated over
/// the second part ("Alder  Innbyggere  Alder  Innbyggere"): one list of
/// one label column and one value column, the second part's rows under
/// the first's.
#[test]
fn a_list_set_in_parts_side_by_side_is_one_list() {
    let mut w = Vec::new();
    caption(&mut w, "Tabell 6 Innbyggere etter alder", 80.0);
    for x in [60.0, 300.0] {
        phrase(&mut w, "Alder", x, 100.0, true);
        right(&mut w, "Innbyggere", x + 180.0, 100.0, true);
    }
    let left = [
        ("0 år", "2 105"),
        ("1 år", "2 230"),
        ("2 år", "2 318"),
        ("3 år", "2 402"),
    ];
    let right_part = [("4 år", "2 377"), ("5 år", "2 450"), ("Sum", "13 882")];
    for (k, (label, v)) in left.iter().enumerate() {
        let y = 116.0 + 14.0 * k as f64;
        phrase(&mut w, label, 60.0, y, false);
        right(&mut w, v, 240.0, y, false);
    }
    for (k, (label, v)) in right_part.iter().enumerate() {
        let y = 116.0 + 14.0 * k as f64;
        phrase(&mut w, label, 300.0, y, false);
        right(&mut w, v, 480.0, y, false);
    }
    prose_to_page_foot(&mut w);
    let ex = extract(&[page(1, w)]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    let t = &ex.tables[0];
    assert_eq!(t.n_cols, 1, "{t:#?}");
    assert_eq!(
        first_values(t),
        [
            ("0 år", Some(2105.0)),
            ("1 år", Some(2230.0)),
            ("2 år", Some(2318.0)),
            ("3 år", Some(2402.0)),
            ("4 år", Some(2377.0)),
            ("5 år", Some(2450.0)),
            ("Sum", Some(13_882.0)),
        ]
    );
    assert_eq!(t.rows[6].class, RowClass::Sum);
}

/// A caption wrapped over five lines (set large on a narrow page) over its
/// table: the table's caption all the same, its number the table's id.
#[test]
fn a_caption_wrapped_over_five_lines_is_the_tables() {
    let mut w = Vec::new();
    let caption_lines = [
        "Tabell 9 Anslåtte fordelingsvirkninger av endringer",
        "i inntektsbeskatningen for personer 17 år og eldre.",
        "Desiler fordelt etter bruttoinntekt. Negative tall",
        "er skattelettelser. Sammenlignet med referanse-",
        "systemet for 2026. Kroner",
    ];
    // Set as a heading, 13 pt over the table's 9.
    for (k, l) in caption_lines.iter().enumerate() {
        let mut x = 60.0;
        for t in l.split(' ') {
            let width = 0.5 * 13.0 * t.chars().count() as f64;
            w.push(Word {
                text: t.to_owned(),
                bbox: BBox {
                    x0: x,
                    y0: 40.0 + 15.5 * k as f64,
                    x1: x + width,
                    y1: 40.0 + 15.5 * k as f64 + 15.0,
                },
                baseline: 40.0 + 15.5 * k as f64 + 11.7,
                font_size: 13.0,
                font: "Serif".to_owned(),
                bold: false,
                spaced: false,
            });
            x += width + 0.3 * 13.0;
        }
    }
    right(&mut w, "Skatt", 300.0, 140.0, true);
    right(&mut w, "Endring", 380.0, 140.0, true);
    for (k, (label, a, b)) in [
        ("Desil 1", "2 200", "200"),
        ("Desil 2", "16 800", "-200"),
        ("Desil 3", "46 000", "-600"),
        ("Desil 4", "75 600", "-600"),
    ]
    .iter()
    .enumerate()
    {
        let y = 156.0 + 14.0 * k as f64;
        phrase(&mut w, label, 60.0, y, false);
        right(&mut w, a, 300.0, y, false);
        right(&mut w, b, 380.0, y, false);
    }
    prose_to_page_foot(&mut w);
    let ex = extract(&[page(1, w)]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    assert_eq!(ex.tables[0].table_id, "9", "{:#?}", ex.tables[0]);
}

/// A table broken over a page right under its first row ("I alt"), its
/// header not repeated, the next page starting with a row whose label
/// starts with a figure and wraps around its values ("19 år og" over
/// "under"), as every row of the table does ("20-24 år"): a row of its
/// own, not the end of the label above.
#[test]
fn a_figure_label_at_a_page_top_starts_a_row_where_the_tables_labels_do() {
    // Words of 11 pt, set as the browser set them (boxes 12.8 pt high).
    let at = |w: &mut Vec<Word>, text: &str, x0: f64, y0: f64, right_x: Option<f64>| {
        let fs = 11.0;
        let mut x = match right_x {
            Some(x1) => x1 - 0.55 * fs * text.chars().count() as f64,
            None => x0,
        };
        for t in text.split(' ') {
            let width = 0.5 * fs * t.chars().count() as f64;
            w.push(Word {
                text: t.to_owned(),
                bbox: BBox {
                    x0: x,
                    y0,
                    x1: x + width,
                    y1: y0 + 12.8,
                },
                baseline: y0 + 10.0,
                font_size: fs,
                font: "Serif".to_owned(),
                bold: false,
                spaced: false,
            });
            x += width + 0.3 * fs;
        }
    };
    let row = |w: &mut Vec<Word>, y: f64, cells: [&str; 3]| {
        if !cells[0].is_empty() {
            at(w, cells[0], 61.0, y, None);
        }
        at(w, cells[1], 0.0, y, Some(167.0));
        at(w, cells[2], 0.0, y, Some(305.0));
    };
    let mut p1 = Vec::new();
    for k in 0..55 {
        at(
            &mut p1,
            "Teksten over tabellen forklarer tallene i løpende tekst.",
            57.0,
            60.0 + 11.5 * f64::from(k),
            None,
        );
    }
    at(
        &mut p1,
        "Tabell 2 Helt ledige etter alder",
        57.0,
        710.0,
        None,
    );
    at(&mut p1, "Antall", 0.0, 740.0, Some(167.0));
    at(&mut p1, "Prosent", 0.0, 740.0, Some(305.0));
    row(&mut p1, 759.2, ["I alt", "3 597", "1,9"]);
    let mut p2 = Vec::new();
    at(&mut p2, "19 år og", 61.0, 53.5, None);
    row(&mut p2, 59.5, ["", "96", "1,1"]);
    at(&mut p2, "under", 61.0, 66.3, None);
    let mut y = 82.8;
    for (label, a, b) in [
        ("20-24 år", "403", "2,6"),
        ("25-29 år", "411", "2,2"),
        ("30-39 år", "968", "2,4"),
        ("40-49 år", "790", "2,1"),
        ("50-59 år", "583", "1,6"),
    ] {
        row(&mut p2, y, [label, a, b]);
        y += 16.6;
    }
    at(&mut p2, "60 år og", 61.0, 166.8, None);
    row(&mut p2, 172.8, ["", "346", "1,3"]);
    at(&mut p2, "over", 61.0, 179.5, None);
    for k in 0..41 {
        at(
            &mut p2,
            "Teksten under tabellen forklarer tallene i løpende tekst.",
            57.0,
            205.6 + 13.9 * f64::from(k),
            None,
        );
    }
    let ex = extract(&[page(1, p1), page(2, p2)]);
    let t = ex
        .tables
        .iter()
        .find(|t| t.table_id == "2")
        .expect("the table");
    let labels: Vec<&str> = t.rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "I alt",
            "19 år og under",
            "20-24 år",
            "25-29 år",
            "30-39 år",
            "40-49 år",
            "50-59 år",
            "60 år og over"
        ],
        "{t:#?}"
    );
}

/// A row that says one thing, not a number, in every value column
/// ("Ej aktuellt"), its texts wider than the numbers above them: a row of
/// the table, and the total under it too.
#[test]
fn a_row_of_one_text_in_every_column_stays_in_its_table() {
    let mut w = Vec::new();
    caption(&mut w, "Tabell 4 Allmän kulturverksamhet", 80.0);
    let x = |k: usize| 243.0 + 50.0 * k as f64;
    for (k, h) in ["2023", "2024", "2025", "Budget", "Antal", "Antal", "Antal"]
        .iter()
        .enumerate()
    {
        right(&mut w, h, x(k), 100.0, true);
    }
    let rows: [(&str, [&str; 7]); 3] = [
        (
            "Arrangörsbidrag",
            ["–718", "–718", "–718", "–718", "23", "23", "27"],
        ),
        (
            "Verksamhetsstöd",
            ["–450", "–450", "–450", "–450", "5", "5", "4"],
        ),
        (
            "Studieförbund",
            ["–400", "–391", "–397", "–400*", "11", "10", "9"],
        ),
    ];
    let mut y = 118.0;
    for (label, v) in rows {
        phrase(&mut w, label, 60.0, y, false);
        for (k, t) in v.iter().enumerate() {
            right(&mut w, t, x(k), y, false);
        }
        y += 16.0;
    }
    phrase(&mut w, "Kulturbidrag", 60.0, y, false);
    for k in 0..7 {
        right(&mut w, "Utgått", x(k), y, false);
    }
    y += 16.0;
    phrase(&mut w, "Totalt", 60.0, y, true);
    for (k, t) in ["–1 568", "–1 559", "–1 565", "–1 568", "39", "38", "40"]
        .iter()
        .enumerate()
    {
        right(&mut w, t, x(k), y, true);
    }
    prose_to_page_foot(&mut w);
    let ex = extract(&[page(1, w)]);
    let t = ex
        .tables
        .iter()
        .find(|t| t.table_id == "4")
        .expect("the table");
    let last = t.rows.last().expect("rows");
    assert_eq!(last.label, "Totalt", "{t:#?}");
    assert_eq!(last.cells[0].value, Some(-1568.0));
    assert_eq!(t.rows.len(), 5, "{t:#?}");
}

/// A negative number wrapped around its row's label line in a narrow
/// column, the sign alone above the label line and the digits below it
/// ("–" over "Sum investeringsinntekter" over "354,0"): one negative number
/// in the row, no row of its own for the digits.
#[test]
fn a_sign_wrapped_above_a_label_line_goes_on_its_number() {
    let mut w = Vec::new();
    caption(&mut w, "Tabell 1.3 Investeringer. Mill. kroner", 80.0);
    for (k, h) in ["Budsjett", "Regnskap", "Avvik"].iter().enumerate() {
        right(&mut w, h, 300.0 + 60.0 * k as f64, 100.0, true);
    }
    let line = |w: &mut Vec<Word>, y: f64, label: &str, v: [&str; 3]| {
        if !label.is_empty() {
            phrase(w, label, 60.0, y, false);
        }
        for (k, x) in v.iter().enumerate().filter(|(_, x)| !x.is_empty()) {
            right(w, x, 300.0 + 60.0 * k as f64, y, false);
        }
    };
    line(
        &mut w,
        118.0,
        "13. Bruk av lån",
        ["–1773,3", "–2282,6", "–509,3"],
    );
    line(&mut w, 145.0, "", ["", "", "–"]);
    line(
        &mut w,
        150.1,
        "14. Sum inntekter",
        ["–2711,5", "–3065,5", ""],
    );
    line(&mut w, 155.2, "", ["", "", "354,0"]);
    line(&mut w, 182.0, "15. Videreutlån", ["736,0", "750,0", "14,0"]);
    prose_to_page_foot(&mut w);
    let ex = extract(&[page(1, w)]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    let t = &ex.tables[0];
    let labels: Vec<&str> = t.rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(
        labels,
        ["13. Bruk av lån", "14. Sum inntekter", "15. Videreutlån"],
        "{t:#?}"
    );
    assert_eq!(t.rows[1].cells[2].value, Some(-354.0), "{t:#?}");
}

/// A text table whose cells are set as paragraphs, each centred on its
/// row (a status "11,9" over "prosent per" over "2024" beside a wrapped
/// goal and comment): the number heads a phrase, one text cell with no
/// value, never a value of a row of its own.
#[test]
fn a_number_heading_a_wrapped_phrase_in_a_text_table_is_text() {
    let mut w = Vec::new();
    caption(&mut w, "Tabell 4 Status for klimamålene", 80.0);
    let line = |w: &mut Vec<Word>, y: f64, cells: [&str; 3]| {
        for (t, x) in cells.iter().zip([60.0, 200.0, 270.0]) {
            if !t.is_empty() {
                phrase(w, t, x, y, false);
            }
        }
    };
    line(&mut w, 100.0, ["Mål", "Status", "Kommentar"]);
    line(
        &mut w,
        120.0,
        ["Mål 1: Utslippene skal ned", "-", "Målet ble nådd i fjor."],
    );
    line(
        &mut w,
        140.0,
        ["", "", "● Bruken av energi er redusert med"],
    );
    line(&mut w, 151.0, ["", "", "11,9 prosent siden 2017."]);
    line(
        &mut w,
        162.0,
        [
            "Mål 2: I 2020 er",
            "11,9",
            "● Resultatet tilsvarer 2,0 prosent",
        ],
    );
    line(
        &mut w,
        173.0,
        [
            "energibruken i egen",
            "prosent per",
            "reduksjon per m2 bruksareal.",
        ],
    );
    line(
        &mut w,
        184.0,
        [
            "virksomhet redusert.",
            "2024",
            "● Systematisk arbeid virker.",
        ],
    );
    line(
        &mut w,
        204.0,
        [
            "Mål 3: Nullutslipp i 2030",
            "-",
            "Elbilandelen økte i fjor.",
        ],
    );
    prose_to_page_foot(&mut w);
    let ex = extract(&[page(1, w)]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    let t = &ex.tables[0];
    let row = t
        .rows
        .iter()
        .find(|r| r.label.starts_with("Mål 2"))
        .expect("Mål 2");
    assert_eq!(
        row.label, "Mål 2: I 2020 er energibruken i egen virksomhet redusert.",
        "{t:#?}"
    );
    assert_eq!(row.cells[0].text, "11,9 prosent per 2024", "{t:#?}");
    assert_eq!(row.cells[0].value, None, "{t:#?}");
    assert!(t.rows.iter().all(|r| r.cells[0].value.is_none()), "{t:#?}");
}

/// A table of text (inspections: authority, unit, date, subject) at a
/// page's foot, its header repeated at the next page's top, a row broken
/// over the page break with its date cut ("13.09" there, ".24" here, or
/// "13.09.2" and "4" with the subject's lines set around it): one table,
/// its header the one line repeated, every row in the body, the date whole
/// and no number anywhere.
#[test]
fn a_text_table_with_a_date_cut_over_the_page_break_is_one_table() {
    for centred in [false, true] {
        let line = |w: &mut Vec<Word>, y: f64, cells: [&str; 4]| {
            for (t, x) in cells.iter().zip([60.0, 160.0, 280.0, 340.0]) {
                if !t.is_empty() {
                    phrase(w, t, x, y, false);
                }
            }
        };
        let (head, tail) = if centred {
            ("13.09.2", "4")
        } else {
            ("13.09", ".24")
        };
        let mut p1 = Vec::new();
        prose_from_top(&mut p1, 58);
        line(
            &mut p1,
            716.0,
            ["Tilsynsmyndighet", "Enhet", "Dato", "Emne"],
        );
        line(
            &mut p1,
            734.0,
            [
                "Arbeidstilsynet",
                "Nardo Barnehage",
                "08.10.24",
                "Forebygge ulykker",
            ],
        );
        line(
            &mut p1,
            752.0,
            ["Arbeidstilsynet", "Blomsterbyen", head, "Muskel- og"],
        );
        let mut p2 = Vec::new();
        line(&mut p2, 60.0, ["Tilsynsmyndighet", "Enhet", "Dato", "Emne"]);
        let mut y = 78.0;
        if centred {
            for cells in [
                ["", "", "", "skjelettplager og"],
                ["", "", "", "psykiske plager -"],
                ["", "Barnehage", tail, ""],
                ["", "", "", "kort sjekkliste"],
            ] {
                line(&mut p2, y, cells);
                y += 11.0;
            }
            y -= 11.0;
        } else {
            line(&mut p2, y, ["", "Barnehage", tail, "skjelettplager"]);
        }
        for (k, (unit, date)) in [("Ila Barnehage", "02.09.24"), ("Lade Bo- og", "04.04.24")]
            .into_iter()
            .enumerate()
        {
            line(
                &mut p2,
                y + 18.0 * (k as f64 + 1.0),
                ["Arbeidstilsynet", unit, date, "Stedlig tilsyn"],
            );
        }
        prose_to_page_foot(&mut p2);
        let ex = extract(&[page(1, p1), page(2, p2)]);
        assert_eq!(ex.tables.len(), 1, "centred {centred}: {:#?}", ex.tables);
        let t = &ex.tables[0];
        assert_eq!(t.header.len(), 1, "centred {centred}: {t:#?}");
        let dates: Vec<(&str, &str)> = t
            .rows
            .iter()
            .map(|r| (r.label.as_str(), r.cells[1].text.as_str()))
            .collect();
        assert_eq!(
            dates,
            [
                ("Arbeidstilsynet", "08.10.24"),
                ("Arbeidstilsynet", "13.09.24"),
                ("Arbeidstilsynet", "02.09.24"),
                ("Arbeidstilsynet", "04.04.24"),
            ],
            "centred {centred}: {t:#?}"
        );
        assert!(
            t.rows
                .iter()
                .flat_map(|r| &r.cells)
                .all(|c| c.value.is_none()),
            "centred {centred}: {t:#?}"
        );
    }
}

/// The same table in a column so narrow that its words break ("Arbeids-
/// tilsyn" "et", "04.0" "4.24"), the row broken over the page break in a
/// way its lines at the next page's top do not go on it: the date cut
/// between the two rows is no number in either.
#[test]
fn a_date_cut_between_two_rows_is_no_number() {
    let line = |w: &mut Vec<Word>, y: f64, cells: [&str; 5]| {
        for (t, x) in cells.iter().zip([60.0, 150.0, 250.0, 300.0, 400.0]) {
            if !t.is_empty() {
                phrase(w, t, x, y, false);
            }
        }
    };
    let head = ["Tilsynsmyndighet", "Enhet", "Dato", "Lov", "Emne"];
    let mut p1 = Vec::new();
    prose_from_top(&mut p1, 58);
    line(&mut p1, 716.0, head);
    line(
        &mut p1,
        734.0,
        [
            "Arbeidstilsynet",
            "Nardo",
            "08.10.24",
            "Arbeidsmiljøloven",
            "Muskel- og",
        ],
    );
    line(
        &mut p1,
        752.0,
        [
            "Arbeidstilsyn",
            "Lade Bo- og",
            "04.0",
            "Arbeidsmiljølov",
            "Muskel- og",
        ],
    );
    let mut p2 = Vec::new();
    line(&mut p2, 60.0, head);
    for (k, cells) in [
        ["", "", "", "", "skjelettplager"],
        ["", "Aktivitetstilbu", "", "", "og psykiske"],
        ["et", "", "4.24", "en", ""],
        ["", "d", "", "", "plager -"],
        ["", "", "", "", "stedlig tilsyn"],
    ]
    .into_iter()
    .enumerate()
    {
        line(&mut p2, 78.0 + 11.0 * k as f64, cells);
    }
    line(
        &mut p2,
        150.0,
        [
            "Arbeidstilsynet",
            "Ila",
            "02.09.24",
            "Arbeidsmiljøloven",
            "Muskel- og",
        ],
    );
    prose_to_page_foot(&mut p2);
    let ex = extract(&[page(1, p1), page(2, p2)]);
    let cells: Vec<&kommunetall_model::Cell> = ex
        .tables
        .iter()
        .flat_map(|t| &t.rows)
        .flat_map(|r| &r.cells)
        .collect();
    assert!(
        cells.iter().any(|c| c.text.starts_with("04.0")),
        "{:#?}",
        ex.tables
    );
    assert!(cells.iter().all(|c| c.value.is_none()), "{:#?}", ex.tables);
}

/// A table of indicators whose cells are set centred in tall rows: a
/// value stands on a line of its own or beside the sector alone, the
/// indicator's and the comment's lines around it, a row's text going on
/// in lower case ("fjernvarmeproduksjon" beside "fjernvarmeproduksjonen
/// var"). One table, every value in its row. (This page keeps its rows in
/// one region; the joins for such a table cut into regions, `stitch`'s
/// lower-case rows and data columns of the first part all found in the
/// second, are measured on the office layouts that cut it.)
#[test]
fn values_centred_in_tall_text_rows_stay_in_one_table() {
    let mut w = Vec::new();
    caption(&mut w, "Tabell 6 Klimaindikatorer", 80.0);
    let xs = [60.0, 243.0, 0.0, 400.0, 416.0];
    let line = |w: &mut Vec<Word>, y: f64, cells: [&str; 5]| {
        for (k, (t, x)) in cells.iter().zip(xs).enumerate() {
            if t.is_empty() {
                continue;
            }
            if k == 2 {
                right(w, t, 394.0, y, false);
            } else {
                phrase(w, t, x, y, false);
            }
        }
    };
    line(
        &mut w,
        100.0,
        ["Utslippssektor", "Indikator", "Verdi", "Trend", "Kommentar"],
    );
    let rows: [[&str; 5]; 17] = [
        ["", "", "", "", "Kravet for biodrivstoff"],
        [
            "Veitrafikk",
            "% innblanding",
            "19 %",
            "⬆",
            "var minst 19 prosent",
        ],
        ["", "", "", "", "av omsatt mengde."],
        ["", "", "", "", "Byindeksen viser at"],
        [
            "",
            "% endring i trafikk",
            "-1,6 %",
            "⬆",
            "trafikken gikk ned.",
        ],
        ["", "", "", "", "Fjernvarmeproduksjonen"],
        ["", "", "", "", "var noe lavere i 2024 enn"],
        ["", "", "", "", "2023. Dette skyldes mest"],
        ["", "", "", "", "for varme. Bruk av fossilt"],
        ["", "% av", "", "", "brensel i"],
        [
            "",
            "fjernvarmeproduksjon",
            "",
            "",
            "fjernvarmeproduksjonen var",
        ],
        ["Energiforsyning", "", "6,9 %", "⬆", ""],
        ["", "med naturgass og", "", "", "6,9 % i 2024. Statkraft"],
        ["", "mineralolje", "", "", "Varme bygger nå om flere av"],
        ["", "", "", "", "sine gassfyrte sentraler."],
        ["", "", "", "", ""],
        ["", "Totalproduksjon", "690,3 GWh", "⬆", ""],
    ];
    let ys = [
        118.0, 123.1, 128.2, 146.0, 151.1, 170.0, 180.2, 190.4, 200.6, 210.8, 221.0, 226.1, 231.2,
        241.4, 251.6, 0.0, 275.0,
    ];
    for (cells, y) in rows.iter().zip(ys) {
        line(&mut w, y, *cells);
    }
    prose_to_page_foot(&mut w);
    let ex = extract(&[page(1, w)]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    let values: Vec<f64> = ex.tables[0]
        .rows
        .iter()
        .filter_map(|r| r.cells[1].value)
        .collect();
    assert_eq!(values, [19.0, -1.6, 6.9], "{:#?}", ex.tables);
}

/// The same kind of table going on at the top of the next page without
/// its header: ten lines of cells set apart (a value alone on its line,
/// "690,3 GWh ⬆", ending where the table's values end), then a row of its
/// own. They go on the table: no cell lost, no table of their own. (Here
/// the page's region takes them in from the top; where a layout leaves
/// them above it, `stitch::cells_above` takes them, measured on the office
/// layouts.)
#[test]
fn cells_of_a_tall_row_at_a_page_top_go_on_the_table() {
    let xs = [60.0, 243.0, 0.0, 400.0, 416.0];
    let line = |w: &mut Vec<Word>, y: f64, cells: [&str; 5]| {
        for (k, (t, x)) in cells.iter().zip(xs).enumerate() {
            if t.is_empty() {
                continue;
            }
            if k == 2 {
                right(w, t, 394.0, y, false);
            } else {
                phrase(w, t, x, y, false);
            }
        }
    };
    let mut p1 = Vec::new();
    prose_from_top(&mut p1, 52);
    caption(&mut p1, "Tabell 6 Klimaindikatorer", 640.0);
    line(
        &mut p1,
        660.0,
        ["Utslippssektor", "Indikator", "Verdi", "Trend", "Kommentar"],
    );
    line(
        &mut p1,
        680.0,
        [
            "Veitrafikk",
            "% innblanding",
            "19 %",
            "⬆",
            "Kravet ble nådd.",
        ],
    );
    line(
        &mut p1,
        700.0,
        ["", "% endring", "-1,6 %", "⬆", "Trafikken gikk ned."],
    );
    line(
        &mut p1,
        720.0,
        [
            "Energiforsyning",
            "% av fjernvarme",
            "6,9 %",
            "⬆",
            "Fjernvarmen var",
        ],
    );
    line(&mut p1, 730.2, ["", "", "", "", "noe lavere i 2024"]);
    let mut p2 = Vec::new();
    let top: [[&str; 5]; 10] = [
        ["", "", "", "", "enn i 2023. Det skyldes"],
        ["", "", "", "", "et varmere år og mindre"],
        ["", "", "", "", "behov for varme. Bruk av"],
        ["", "med naturgass og", "", "", "fossilt brensel var 6,9 %"],
        ["", "mineralolje", "", "", "i 2024, og det går ned"],
        ["", "", "", "", "i årene fremover."],
        ["", "", "", "", ""],
        ["", "Totalproduksjon av", "", "", ""],
        ["", "", "690,3 GWh ⬆", "", ""],
        ["", "fjernvarme", "", "", ""],
    ];
    for (k, cells) in top.iter().enumerate() {
        line(&mut p2, 56.0 + 10.2 * k as f64, *cells);
    }
    line(
        &mut p2,
        170.0,
        [
            "Annen mobil",
            "Andel av prosjekter",
            "85 %",
            "⬆",
            "Bygg: ni prosjekter.",
        ],
    );
    line(
        &mut p2,
        180.2,
        [
            "forbrenning",
            "uten fossil diesel",
            "",
            "",
            "Alle var fossilfrie.",
        ],
    );
    prose_to_page_foot(&mut p2);
    let ex = extract(&[page(1, p1), page(2, p2)]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    let t = &ex.tables[0];
    let texts: Vec<&str> = t.rows.iter().map(|r| r.cells[1].text.as_str()).collect();
    assert!(texts.iter().any(|c| c.starts_with("690,3 GWh")), "{t:#?}");
    assert!(texts.contains(&"85 %"), "{t:#?}");
}

/// A table running over a page that holds nothing but one of its rows,
/// the rest of that page left empty, and going on at the top of the page
/// after without its header: one table, every row in it.
#[test]
fn a_table_goes_on_over_a_page_holding_one_of_its_rows() {
    let rows_from = |w: &mut Vec<Word>, first: usize, n: usize, y0: f64| {
        numbered_rows(w, "Konto nummer", (first, n), y0, &|i| {
            [
                (format!("{},00", 1000 + i), 400.0),
                (format!("-{},50", 20 + i), 480.0),
            ]
        });
    };
    let mut p1 = Vec::new();
    caption(&mut p1, "Tabell 90.1 Tuloslaskelma", 80.0);
    right(&mut p1, "Talousarvio", 400.0, 100.0, true);
    right(&mut p1, "Toteutuma", 480.0, 100.0, true);
    rows_from(&mut p1, 1, 56, 116.0);
    let mut p2 = Vec::new();
    rows_from(&mut p2, 57, 1, 60.0);
    let mut p3 = Vec::new();
    rows_from(&mut p3, 58, 10, 60.0);
    prose_below(&mut p3, 300.0, 30);
    let ex = extract(&[page(1, p1), page(2, p2), page(3, p3)]);
    one_table_ending(&ex, 67, "Konto nummer 67", [1067.0, -87.5]);
}

/// A table ruled under every row whose first column names a group only
/// on its first row (most rows have no label), broken over a page between
/// two rows, its header repeated: the first row on the next page, with no
/// label and no number, starts in capitals — a row of its own, not the end
/// of the row before.
#[test]
fn a_ruled_row_without_label_at_a_page_top_is_a_row_of_its_own() {
    let line = |w: &mut Vec<Word>, y: f64, cells: [&str; 4]| {
        for (k, (t, x)) in cells.iter().zip([60.0, 130.0, 0.0, 320.0]).enumerate() {
            if t.is_empty() {
                continue;
            }
            if k == 2 {
                right(w, t, 300.0, y, false);
            } else {
                phrase(w, t, x, y, false);
            }
        }
    };
    let head = ["Sektor", "Indikator", "Verdi", "Kommentar"];
    let mut p1 = Vec::new();
    prose_from_top(&mut p1, 50);
    caption(&mut p1, "Tabell 6 Klimaindikatorer", 640.0);
    line(&mut p1, 660.0, head);
    let mut r1 = vec![hrule(55.0, 500.0, 673.0)];
    let rows1: [[&str; 4]; 4] = [
        [
            "Veitrafikk",
            "Andel biodrivstoff",
            "19 %",
            "Kravet ble nådd.",
        ],
        ["", "Endring i trafikk", "-1,6 %", "Trafikken gikk ned."],
        ["", "Andel nullutslipp", "34 %", "Andelen økte."],
        ["", "Andel elbiler", "22 %", "Flere elbiler i år."],
    ];
    for (k, cells) in rows1.iter().enumerate() {
        let y = 678.0 + 18.0 * k as f64;
        line(&mut p1, y, *cells);
        r1.push(hrule(55.0, 500.0, y + 14.0));
    }
    let mut p2 = Vec::new();
    line(&mut p2, 56.0, head);
    let mut r2 = vec![hrule(55.0, 500.0, 69.0)];
    line(
        &mut p2,
        74.0,
        ["", "Drivstoff i bussene", "", "Endringer i avgiften"],
    );
    line(&mut p2, 84.2, ["", "", "", "ga høyere kostnader."]);
    r2.push(hrule(55.0, 500.0, 98.0));
    let rows2: [[&str; 4]; 3] = [
        ["Energi", "Fossil fjernvarme", "6,9 %", "Lavere i 2024."],
        ["", "Fjernvarme i alt", "690,3", "Som i fjor."],
        ["", "Andel solkraft", "1,2 %", "Økende."],
    ];
    for (k, cells) in rows2.iter().enumerate() {
        let y = 103.0 + 18.0 * k as f64;
        line(&mut p2, y, *cells);
        r2.push(hrule(55.0, 500.0, y + 14.0));
    }
    prose_to_page_foot(&mut p2);
    let (mut a, mut b) = (page(1, p1), page(2, p2));
    a.rules = r1;
    b.rules = r2;
    let ex = extract(&[a, b]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    let indicators: Vec<&str> = ex.tables[0]
        .rows
        .iter()
        .map(|r| r.cells[0].text.as_str())
        .collect();
    assert_eq!(
        indicators,
        [
            "Andel biodrivstoff",
            "Endring i trafikk",
            "Andel nullutslipp",
            "Andel elbiler",
            "Drivstoff i bussene",
            "Fossil fjernvarme",
            "Fjernvarme i alt",
            "Andel solkraft"
        ],
        "{:#?}",
        ex.tables
    );
}

/// A running head (the municipality's name at the left, the document's
/// title flush right over the table's last column) and a page number
/// alone at the foot's right under that column, both set as close to the
/// body as a word processor's head and foot (less than a line apart): they
/// are no rows of the table running under them over three pages, its
/// header repeated on each.
#[test]
fn a_running_head_and_foot_set_close_to_a_table_are_no_rows() {
    let cells = |i: usize| {
        [
            (format!("{}", 100 + i), 380.0),
            (format!("{}", 200 + i), 470.0),
        ]
    };
    let head_and_foot = |w: &mut Vec<Word>, number: u32| {
        phrase(w, "Eksempel kommune", 60.0, 30.0, false);
        right(w, "Årsberetning 2024", 470.0, 30.0, false);
        right(w, &number.to_string(), 470.0, 792.0, false);
    };
    let header = |w: &mut Vec<Word>, y: f64| {
        phrase(w, "Tiltak", 60.0, y, true);
        right(w, "Regnskap", 380.0, y, true);
        right(w, "Budsjett", 470.0, y, true);
    };
    let mut p1 = Vec::new();
    head_and_foot(&mut p1, 1);
    prose_below(&mut p1, 44.0, 3);
    caption(&mut p1, "Tabell 3 Tiltak i planperioden", 90.0);
    header(&mut p1, 110.0);
    numbered_rows(&mut p1, "Tiltak nummer", (1, 55), 126.0, &cells);
    let mut p2 = Vec::new();
    head_and_foot(&mut p2, 2);
    header(&mut p2, 44.0);
    numbered_rows(&mut p2, "Tiltak nummer", (56, 60), 60.0, &cells);
    let mut p3 = Vec::new();
    head_and_foot(&mut p3, 3);
    header(&mut p3, 44.0);
    numbered_rows(&mut p3, "Tiltak nummer", (116, 10), 60.0, &cells);
    prose_below(&mut p3, 194.0, 5);
    let ex = extract(&[page(1, p1), page(2, p2), page(3, p3)]);
    one_table_ending(&ex, 125, "Tiltak nummer 125", [225.0, 325.0]);
    let t = &ex.tables[0];
    assert_eq!(first_values(t)[55], ("Tiltak nummer 56", Some(156.0)));
    assert!(
        t.rows.iter().all(|r| r.label.starts_with("Tiltak nummer")),
        "{:?}",
        t.rows.iter().map(|r| &r.label).collect::<Vec<_>>()
    );
}

/// Two columns of prose (10 pt, a gutter at the page's middle) under a
/// table across the page (9 pt) whose long labels end left of that gutter
/// and whose numbers all stand right of it: the rows stay whole, label and
/// values, and are no table set in one column beside text in the other.
#[test]
fn a_table_across_the_page_over_two_columns_of_prose_keeps_its_rows_whole() {
    let mut w = Vec::new();
    caption(&mut w, "Tabell 5 Investeringer i perioden", 60.0);
    phrase(&mut w, "Investering", 60.0, 80.0, true);
    right(&mut w, "Regnskap for hele året 2024", 420.0, 80.0, true);
    right(&mut w, "Budsjett", 500.0, 80.0, true);
    let labels = [
        "Tilskudd til andres investeringer i året",
        "Investeringer i aksjer og andeler i selskaper",
        "Kompensasjon for merverdiavgift på bygg",
        "Mottatt avdrag på utlån av egne midler",
        "Avsetninger til bundne investeringsfond",
        "Bruk av lån til videreutlån i perioden",
    ];
    let mut y = 96.0;
    for (k, label) in labels.iter().enumerate() {
        phrase(&mut w, label, 60.0, y, false);
        right(&mut w, &format!("{},5", 100 + k), 420.0, y, false);
        right(&mut w, &format!("{},0", 200 + k), 500.0, y, false);
        y += 14.0;
    }
    let left = [
        "Teksten under forklarer tallene i tabellen over",
        "slik en rapport gjør det med nok ord til at",
        "linjen brytes over hele bredden av kolonnen.",
        "Netto driftsresultat ble 41,3 millioner kroner",
        "i 2024 mot 12,8 millioner kroner året før.",
    ];
    let right_col = [
        "Det tilsvarer 1,9 prosent av driftsinntektene",
        "og målet i økonomiplanen er to prosent over",
        "tid. Avviket mot revidert budsjett skyldes",
        "særlig høyere skatteinngang i desember og",
        "lavere pensjonskostnader enn forutsatt nå.",
    ];
    y += 12.0;
    for (l, r) in left.iter().zip(&right_col) {
        sized_phrase(&mut w, l, 57.0, y, 10.0);
        sized_phrase(&mut w, r, 312.0, y, 10.0);
        y += 12.5;
    }
    let ex = extract(&[page(1, w)]);
    let t = ex
        .tables
        .iter()
        .find(|t| t.table_id == "5")
        .unwrap_or_else(|| panic!("{:#?}", ex.tables));
    assert_eq!(
        first_values(t),
        labels
            .iter()
            .enumerate()
            .map(|(k, l)| (*l, Some(100.5 + k as f64)))
            .collect::<Vec<_>>(),
        "{t:#?}"
    );
}

/// Two columns of prose (10 pt) ending with a line whose right half is a
/// paragraph's short last words ("enn forutsatt."), set a little above a
/// table without a caption: that line is prose like the lines above it,
/// not the first line of the table's header.
#[test]
fn the_last_line_of_two_columns_of_prose_is_no_header() {
    let mut w = Vec::new();
    let left = [
        "Teksten under forklarer tallene i tabellen over",
        "slik en rapport gjør det med nok ord til at",
        "linjen brytes over hele bredden av kolonnen.",
        "Netto driftsresultat ble 41,3 millioner kroner",
        "i 2024 mot 12,8 millioner kroner året før. Det",
    ];
    let right_col = [
        "tilsvarer 1,9 prosent av driftsinntektene og",
        "målet i økonomiplanen er to prosent over tid.",
        "Avviket mot revidert budsjett skyldes særlig",
        "høyere skatteinngang i desember og lavere",
        "enn forutsatt.",
    ];
    let mut y = 60.0;
    for (l, r) in left.iter().zip(&right_col) {
        sized_phrase(&mut w, l, 57.0, y, 10.0);
        sized_phrase(&mut w, r, 312.0, y, 10.0);
        y += 12.0;
    }
    y += 8.0;
    phrase(&mut w, "Sektor", 60.0, y, true);
    phrase(&mut w, "Indikator", 150.0, y, true);
    right(&mut w, "Verdi", 330.0, y, true);
    phrase(&mut w, "Kommentar", 350.0, y, true);
    let rows = [
        ("Veitrafikk", "Andel biodrivstoff", "19 %"),
        ("Energi", "Andel fjernvarme", "6,9 %"),
        ("Bygg", "Andel fossilfrie prosjekter", "85 %"),
    ];
    for (sector, indicator, value) in rows {
        y += 16.0;
        phrase(&mut w, sector, 60.0, y, false);
        phrase(&mut w, indicator, 150.0, y, false);
        right(&mut w, value, 330.0, y, false);
        phrase(&mut w, "Målet er nådd i år", 350.0, y, false);
    }
    let ex = extract(&[page(1, w)]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    let t = &ex.tables[0];
    let head: Vec<String> = t
        .header
        .iter()
        .flatten()
        .map(|h| h.text.clone())
        .filter(|h| !h.is_empty())
        .collect();
    assert_eq!(
        head,
        ["Sektor", "Indikator", "Verdi", "Kommentar"],
        "{t:#?}"
    );
    assert_eq!(t.rows.len(), 3, "{t:#?}");
}

/// A stub heading ending in a number, wrapped in its cell so that the
/// number stands alone under its words ("Faktorer i hovedprosess" over
/// "9"), beside the values' heading: header, not a row whose value is 9.
#[test]
fn a_number_in_the_stub_heading_is_header() {
    let mut w = Vec::new();
    caption(&mut w, "Tabell 8 Faktorer og koeffisienter", 80.0);
    phrase(&mut w, "Faktorer i hovedprosess", 60.0, 100.0, false);
    phrase(&mut w, "9", 110.0, 110.0, false);
    phrase(&mut w, "Koeffisienter", 330.0, 110.0, false);
    let rows = [
        ("Skjæringspunkt", "-269.5454", -269.5454),
        ("Snødybde (cm)", "-0.700239", -0.700_239),
        ("Vinterlengde (døgn)", "0.726095", 0.726_095),
    ];
    let mut y = 110.0;
    for (label, value, _) in rows {
        y += 15.0;
        phrase(&mut w, label, 60.0, y, false);
        right(&mut w, value, 500.0, y, false);
    }
    let ex = extract(&[page(1, w)]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    let t = &ex.tables[0];
    assert_eq!(
        first_values(t),
        rows.iter()
            .map(|(l, _, v)| (*l, Some(*v)))
            .collect::<Vec<_>>(),
        "{t:#?}"
    );
}

/// Rows of a table set at a word processor's 1.5 line spacing (lines of a
/// wrapped label 14 pt apart at 9 pt, rows 5 pt of padding further), the
/// values centred on the middle line of a label wrapped over three: each
/// label is whole, one row, in a table with rows of one line after each
/// other and in one whose every row of values wraps under a section row.
#[test]
fn labels_wrapped_at_a_wide_line_spacing_stay_one_row() {
    let (lead, gap) = (13.5, 4.0);
    // (label lines, values), the values on the middle line.
    let rows_a: [(&[&str], Option<[&str; 2]>); 5] = [
        (
            &["Netto driftsutgifter per innbygger"],
            Some(["213 911", "226 889"]),
        ),
        (&["Brutto driftsutgifter per plass"], Some(["72,6", "72,2"])),
        (
            &[
                "Korrigerte brutto",
                "driftsutgifter per",
                "oppholdstime, kr",
            ],
            Some(["5,8", "5,9"]),
        ),
        (&["Barn per årsverk"], Some(["46,0", "45,5"])),
        (
            &[
                "Andel barn som får",
                "spesialpedagogisk hjelp,",
                "kommunale barnehager",
            ],
            Some(["3,7", "3,2"]),
        ),
    ];
    let rows_b: [(&[&str], Option<[&str; 2]>); 6] = [
        (&["Prioritet"], None),
        (
            &[
                "Netto driftsutgifter",
                "hjemmetjeneste per",
                "innbygger 67 år (kr)",
            ],
            Some(["19 591", "19 476"]),
        ),
        (&["Dekningsgrader"], None),
        (
            &[
                "Andel innbyggere 80 år",
                "og over som mottar",
                "hjemmetjenester (prosent)",
            ],
            Some(["23,66", "22,82"]),
        ),
        (&["Kvalitet"], None),
        (
            &[
                "Andel årsverk i de",
                "brukerrettede tjenester",
                "med fagutdanning (prosent)",
            ],
            Some(["35,25", "34,97"]),
        ),
    ];
    let table = |w: &mut Vec<Word>, id: &str, top: f64, rows: &[(&[&str], Option<[&str; 2]>)]| {
        caption(w, &format!("Tabell {id} Nøkkeltall"), top);
        phrase(w, "Indikator", 60.0, top + 20.0, true);
        right(w, "2023", 380.0, top + 20.0, true);
        right(w, "2024", 460.0, top + 20.0, true);
        let mut y = top + 20.0 + lead + gap;
        for (label, values) in rows {
            for (k, l) in label.iter().enumerate() {
                phrase(w, l, 60.0, y + lead * k as f64, false);
            }
            if let Some(v) = values {
                let mid = y + lead * ((label.len() - 1) / 2) as f64;
                right(w, v[0], 380.0, mid, false);
                right(w, v[1], 460.0, mid, false);
            }
            y += lead * label.len() as f64 + gap;
        }
    };
    let mut w = Vec::new();
    table(&mut w, "6.1", 80.0, &rows_a);
    table(&mut w, "6.2", 420.0, &rows_b);
    let ex = extract(&[page(1, w)]);
    assert_eq!(ex.tables.len(), 2, "{:#?}", ex.tables);
    for (t, rows) in ex.tables.iter().zip([&rows_a[..], &rows_b[..]]) {
        let want: Vec<(String, Option<f64>)> = rows
            .iter()
            .map(|(label, values)| {
                (
                    label.join(" "),
                    values.map(|v| {
                        v[0].replace(' ', "")
                            .replace(',', ".")
                            .parse()
                            .expect("number")
                    }),
                )
            })
            .collect();
        let got: Vec<(String, Option<f64>)> = t
            .rows
            .iter()
            .map(|r| (r.label.clone(), r.cells[0].value))
            .collect();
        assert_eq!(got, want, "{t:#?}");
    }
}

/// A text table of goals (three columns, no number) runs down to the foot
/// of page 1; page 2 opens with another table's own header, four short
/// headings, over rows with values ("19 %") whose columns happen to line
/// up with the goals' columns. The second table begins at the page's top:
/// two tables, not the goals going on under a row of headings.
#[test]
fn a_table_headed_at_the_top_of_a_page_is_not_the_one_before_going_on() {
    let cols = [60.0, 250.0, 420.0];
    let mut p1 = Vec::new();
    prose_from_top(&mut p1, 3);
    cells_at(
        &mut p1,
        &["Mål", "Status", "Kommentar"],
        &cols,
        (9, 0.0),
        110.0,
        true,
    );
    let mut y = 128.0;
    for k in 0..20 {
        let goal = format!("Mål {}: utslippene skal ned", k + 1);
        cells_at(
            &mut p1,
            &[&goal, "Nådd", "Arbeidet går etter planen"],
            &cols,
            (9, 0.0),
            y,
            false,
        );
        phrase(&mut p1, "og følges opp hvert år", 420.0, y + 10.8, false);
        y += 32.0;
    }
    let mut p2 = Vec::new();
    let cols2 = [60.0, 250.0, 0.0, 420.0];
    cells_at(
        &mut p2,
        &["Sektor", "Indikator", "Verdi", "Kommentar"],
        &cols2,
        (2, 400.0),
        60.0,
        true,
    );
    let rows = [
        (
            "Veitrafikk",
            "Andel biodrivstoff",
            "19 %",
            "Kravet ble nådd",
        ),
        ("Energi", "Andel fossil fjernvarme", "6,9 %", "Mindre gass"),
        ("Skip", "Andel landstrøm", "41 %", "Færre anløp"),
    ];
    for (k, (a, b, c, d)) in rows.iter().enumerate() {
        cells_at(
            &mut p2,
            &[a, b, c, d],
            &cols2,
            (2, 400.0),
            80.0 + 16.0 * k as f64,
            false,
        );
    }
    prose_to_page_foot(&mut p2);
    let ex = extract(&[page(1, p1), page(2, p2)]);
    let pages: Vec<&Location> = ex.tables.iter().map(|t| &t.location).collect();
    assert_eq!(
        pages,
        [
            &Location::Pages { first: 1, last: 1 },
            &Location::Pages { first: 2, last: 2 }
        ],
        "{:#?}",
        ex.tables
    );
    let t = &ex.tables[1];
    let values: Vec<Option<f64>> = t.rows.iter().map(|r| r.cells[1].value).collect();
    assert_eq!(values, [Some(19.0), Some(6.9), Some(41.0)], "{t:#?}");
}

/// A table of indicators whose sector label stands on a few rows only:
/// where it is long ("Energiforsyning"), it ends a little more than a
/// space before the indicator beside it, one segment by the gap alone.
/// The indicator starts where the indicators of the other rows start: two
/// cells, the label and the indicator, not one label across both columns.
#[test]
fn a_long_label_set_close_to_the_next_column_is_two_cells() {
    // "Energiforsyning" (15 letters) from x 60, the indicators 0.4 font
    // sizes after it (a space is 0.28).
    let ind = 60.0 + 15.0 * FS * 0.5 + 0.4 * FS;
    let cols = [60.0, ind, 0.0, 300.0];
    let mut w = Vec::new();
    caption(&mut w, "Tabell 4 Klimaindikatorer", 100.0);
    cells_at(
        &mut w,
        &["Sektor", "Indikator", "Verdi", "Kommentar"],
        &cols,
        (2, 280.0),
        120.0,
        true,
    );
    let rows = [
        ("Vei", "Andel biodrivstoff", "19 %", "Kravet ble nådd"),
        ("", "Endring i trafikken", "-1,6 %", "Mindre trafikk"),
        ("", "Andel nullutslippsbiler", "34 %", "Flere elbiler"),
        (
            "Energiforsyning",
            "Andel fossil fjernvarme",
            "6,9 %",
            "Mindre gass",
        ),
        ("", "Produksjon av fjernvarme", "690,3", "Som året før"),
    ];
    for (k, (a, b, c, d)) in rows.iter().enumerate() {
        cells_at(
            &mut w,
            &[a, b, c, d],
            &cols,
            (2, 280.0),
            136.0 + 14.0 * k as f64,
            false,
        );
    }
    let ex = extract(&[page(1, w)]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    let t = &ex.tables[0];
    let r = &t.rows[3];
    assert_eq!(r.label, "Energiforsyning", "{t:#?}");
    assert_eq!(r.cells[0].text, "Andel fossil fjernvarme", "{t:#?}");
    assert_eq!(r.cells[1].value, Some(6.9), "{t:#?}");
}

/// A table filling its page to the foot, its header not repeated: the last
/// row's label wraps, and its last word falls alone on the next page, over
/// the prose that follows the table (read with it as one region: the
/// prose's lines hold two segments each). That word ends the row's label.
#[test]
fn a_label_end_alone_over_the_prose_of_the_next_page_ends_the_last_row() {
    let mut p1 = Vec::new();
    caption(&mut p1, "Tabell 8 Nøkkeltall for avfall", 60.0);
    right(&mut p1, "2023", 400.0, 80.0, true);
    right(&mut p1, "2024", 480.0, 80.0, true);
    let mut y = 96.0;
    for k in 0..56 {
        phrase(
            &mut p1,
            &format!("Nøkkeltall nummer {}", k + 1),
            60.0,
            y,
            false,
        );
        right(&mut p1, &format!("{},5", k + 10), 400.0, y, false);
        right(&mut p1, &format!("{},1", k + 20), 480.0, y, false);
        y += 12.0;
    }
    phrase(&mut p1, "Andel avfall levert til", 60.0, y, false);
    right(&mut p1, "37,1", 400.0, y, false);
    right(&mut p1, "43,8", 480.0, y, false);
    phrase(
        &mut p1,
        "materialgjenvinning inklusiv",
        60.0,
        y + 11.0,
        false,
    );
    // The prose under it set in a fixed-width font, two spaces after a
    // full stop: two segments on its lines.
    let mut p2 = Vec::new();
    phrase(&mut p2, "behandling", 60.0, 60.0, false);
    for k in 0..60 {
        let y = 71.0 + 11.0 * f64::from(k);
        phrase(&mut p2, "Teksten under viser tabellen.", 60.0, y, false);
        let x = 60.0 + phrase_width("Teksten under viser tabellen.") + 2.0 * FS;
        phrase(
            &mut p2,
            "Den forklarer tallene i løpende tekst.",
            x,
            y,
            false,
        );
    }
    let ex = extract(&[page(1, p1), page(2, p2)]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    let t = &ex.tables[0];
    let last = t.rows.last().expect("rows");
    assert_eq!(
        last.label, "Andel avfall levert til materialgjenvinning inklusiv behandling",
        "{t:#?}"
    );
    assert_eq!(last.cells[0].value, Some(37.1));
    assert_eq!(t.rows.len(), 57, "{t:#?}");
}

/// The header of a two-level table, rows set with padding: two wordy
/// headings spanning two columns each ("Alle med et skatteforhold"), and
/// under them, a row of headings one of which wraps in its cell ("Mill."
/// over "kroner", the others centred beside it). The spanning headings are
/// header, not two columns of prose: the table running on to the next
/// page, the header repeated there, is one table.
#[test]
fn wordy_spanning_headings_over_a_wrapped_heading_are_header() {
    let header = |w: &mut Vec<Word>, y: f64| {
        phrase(w, "Alle med et skatteforhold", 190.0, y, true);
        phrase(w, "Bosatte personer 17 år og eldre", 360.0, y, true);
        // (Cells padded: the next header row's top is well over a line
        // below.)
        let y = y + 25.0;
        right(w, "Mill.", 330.0, y, true);
        right(w, "Antall personer med beløp", 290.0, y + 5.5, true);
        right(w, "Antall personer med beløp", 450.0, y + 5.5, true);
        right(w, "Mill. kroner", 520.0, y + 5.5, true);
        right(w, "kroner", 330.0, y + 11.0, true);
    };
    let row = |w: &mut Vec<Word>, y: f64, k: usize| {
        phrase(w, &format!("Skattepost nummer {}", k + 1), 60.0, y, false);
        right(w, &format!("4 {:03} 571", k), 290.0, y, false);
        right(w, &format!("2 {:03} 752", k), 330.0, y, false);
        right(w, &format!("4 {:03} 250", k), 450.0, y, false);
        right(w, &format!("2 {:03} 238", k), 520.0, y, false);
    };
    let mut p1 = Vec::new();
    prose_from_top(&mut p1, 3);
    caption(
        &mut p1,
        "Tabell 9 Skatteoppgjøret. Mill. kroner og antall personer",
        110.0,
    );
    header(&mut p1, 130.0);
    for k in 0..30 {
        row(&mut p1, 180.0 + 20.0 * k as f64, k);
    }
    let mut p2 = Vec::new();
    header(&mut p2, 60.0);
    for k in 30..33 {
        row(&mut p2, 110.0 + 20.0 * (k - 30) as f64, k);
    }
    prose_to_page_foot(&mut p2);
    let ex = extract(&[page(1, p1), page(2, p2)]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    let t = &ex.tables[0];
    assert_eq!(t.rows.len(), 33, "{t:#?}");
    let heads: Vec<&str> = t.header.iter().flatten().map(|h| h.text.as_str()).collect();
    assert!(heads.contains(&"Alle med et skatteforhold"), "{heads:?}");
}

/// Rows of accounts over a page break, the header repeated on the next
/// page ("Talousarvio-" over "muutokset"): the last row of the first page
/// wraps its label, "Poistot ja arvonalentumi-" at the foot, "set" under
/// the header repeated. "set" is a piece of the heading "muutokset" too,
/// but standing alone in the label column it ends the row's label (joined
/// after the hyphen, kept, as every label broken after one); the row after
/// it keeps its own.
#[test]
fn a_label_end_under_the_header_repeated_is_no_piece_of_a_heading() {
    let header = |w: &mut Vec<Word>, y: f64| {
        right(w, "Talousarvio-", 330.0, y, true);
        right(w, "Toteutuma", 450.0, y + 5.5, true);
        right(w, "muutokset", 330.0, y + 11.0, true);
    };
    let mut p1 = Vec::new();
    caption(&mut p1, "Tabell 3 Tuloslaskelma", 60.0);
    header(&mut p1, 80.0);
    let mut y = 110.0;
    for k in 0..50 {
        phrase(&mut p1, &format!("Tuotot nro {}", k + 1), 60.0, y, false);
        right(&mut p1, &format!("{},00", 100 + k), 330.0, y, false);
        right(&mut p1, &format!("{},50", 200 + k), 450.0, y, false);
        y += 13.0;
    }
    phrase(&mut p1, "Poistot ja arvonalentumi-", 60.0, y, true);
    right(&mut p1, "-5 762,00", 330.0, y, true);
    right(&mut p1, "-6 275,36", 450.0, y, true);
    let mut p2 = Vec::new();
    header(&mut p2, 60.0);
    phrase(&mut p2, "set", 60.0, 90.0, true);
    phrase(&mut p2, "Suunnitelman mukaiset", 60.0, 106.0, false);
    right(&mut p2, "-5 723,00", 330.0, 111.5, false);
    right(&mut p2, "-5 723,45", 450.0, 111.5, false);
    phrase(&mut p2, "poistot", 60.0, 117.0, false);
    phrase(&mut p2, "Kertaluonteiset poistot", 60.0, 133.0, false);
    right(&mut p2, "0,00", 330.0, 133.0, false);
    right(&mut p2, "-263,30", 450.0, 133.0, false);
    prose_to_page_foot(&mut p2);
    let ex = extract(&[page(1, p1), page(2, p2)]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    let t = &ex.tables[0];
    let labels: Vec<&str> = t.rows[50..].iter().map(|r| r.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "Poistot ja arvonalentumi-set",
            "Suunnitelman mukaiset poistot",
            "Kertaluonteiset poistot"
        ],
        "{t:#?}"
    );
}

/// The last row of a table wraps its label over a page break; the next
/// page repeats the header over the label's last word alone, and the
/// document ends there. That word ends the row's label.
#[test]
fn a_label_end_alone_under_the_header_repeated_ends_the_last_row() {
    // Its two headings set a space apart, as a narrow cell's centred
    // heading may come out: one segment.
    let header = |w: &mut Vec<Word>, y: f64| {
        phrase(w, "Antall Endring i prosent", 300.0, y, true);
    };
    let mut p1 = Vec::new();
    caption(&mut p1, "Tabell 13 Ledige stillinger etter yrke", 60.0);
    header(&mut p1, 80.0);
    let mut y = 100.0;
    for k in 0..52 {
        phrase(&mut p1, &format!("Yrke nummer {}", k + 1), 60.0, y, false);
        right(&mut p1, &format!("{}", 120 + k), 330.0, y, false);
        right(&mut p1, &format!("-{}", k + 1), 450.0, y, false);
        y += 13.0;
    }
    phrase(&mut p1, "Ingen yrkesbakgrunn eller", 60.0, y, false);
    right(&mut p1, "1", 330.0, y, false);
    right(&mut p1, "*", 450.0, y, false);
    let mut p2 = Vec::new();
    // (Cells padded: the label's end stands well over a line below.)
    header(&mut p2, 60.0);
    phrase(&mut p2, "uoppgitt", 60.0, 95.0, false);
    let ex = extract(&[page(1, p1), page(2, p2)]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    let t = &ex.tables[0];
    let last = t.rows.last().expect("rows");
    assert_eq!(last.label, "Ingen yrkesbakgrunn eller uoppgitt", "{t:#?}");
    assert_eq!(t.rows.len(), 53, "{t:#?}");
}

/// A table whose first figure carries a note mark set raised and smaller,
/// against a percentage's sign ("86%" and a superscript "1"), and the note
/// under it, its mark raised before its first word ("1" over "Foreløpige
/// tall …"), set close under the last row at the table's left edge. The
/// figure keeps its value, its mark a mark; the note is the table's note,
/// no row labelled "1".
#[test]
fn a_note_mark_after_a_percentage_and_its_note_under_the_table() {
    let mark = |w: &mut Vec<Word>, x0: f64, y0: f64| {
        let fs = 0.6 * FS;
        w.push(Word {
            text: "1".to_owned(),
            bbox: BBox {
                x0,
                y0: y0 - 0.5,
                x1: x0 + 0.5 * fs,
                y1: y0 - 0.5 + 1.15 * fs,
            },
            baseline: y0 - 0.5 + 0.9 * fs,
            font_size: fs,
            font: "Sans".to_owned(),
            bold: false,
            spaced: false,
        });
    };
    let mut w = Vec::new();
    caption(&mut w, "Tabell 10.5 Stillingsprosent og årslønn", 80.0);
    right(&mut w, "Stillingsprosent", 300.0, 100.0, true);
    right(&mut w, "Årslønn", 400.0, 100.0, true);
    let rows = [
        ("Kvinne", ["86%", "588 222"]),
        ("Mann", ["88%", "596 726"]),
        ("Totalt", ["86%", "590 385"]),
    ];
    for (k, (label, values)) in rows.iter().enumerate() {
        let y = 116.0 + 14.0 * k as f64;
        phrase(&mut w, label, 60.0, y, false);
        right(&mut w, values[0], 300.0, y, false);
        right(&mut w, values[1], 400.0, y, false);
    }
    // The mark against the first percentage, which ends at x 300.
    mark(&mut w, 300.0, 116.0);
    // The note: its mark at the table's left edge, its text after it.
    mark(&mut w, 60.0, 160.0);
    phrase(&mut w, "Foreløpige tall for 2024.", 64.0, 160.0, false);
    let ex = extract(&[page(1, w)]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    let t = &ex.tables[0];
    let labels: Vec<&str> = t.rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(labels, ["Kvinne", "Mann", "Totalt"], "{t:#?}");
    assert_eq!(t.rows[0].cells[0].text, "86%\u{b9}");
    assert_eq!(t.rows[0].cells[0].value, Some(86.0));
    assert!(
        t.notes.iter().any(|n| n.starts_with('\u{b9}')),
        "{:?}",
        t.notes
    );
}

/// Rows set at the foot of their cells from `y`, labels at `x`: a label's
/// lines `wrap` apart, its two values (where it has them) flush right at
/// `cols` on its last line, the next row `pitch` below that line. Where
/// the row after them would stand.
fn foot_set_rows(
    w: &mut Vec<Word>,
    rows: &[(&[&str], &str, &str)],
    x: f64,
    cols: [f64; 2],
    mut y: f64,
    (wrap, pitch): (f64, f64),
) -> f64 {
    for &(label, a, b) in rows {
        for (k, l) in label.iter().enumerate() {
            if k > 0 {
                y += wrap;
            }
            phrase(w, l, x, y, false);
        }
        if !a.is_empty() {
            right(w, a, cols[0], y, false);
            right(w, b, cols[1], y, false);
        }
        y += pitch;
    }
    y
}

/// A table whose rows are set with padding and whose values stand at the
/// foot of their cells, as a spreadsheet sets them: a label wrapped in its
/// cell has its numbers on its last line, its first line ("19 år og")
/// closer to that line than to the row above. That line starts its row;
/// it is no rest of the row above's label.
#[test]
fn a_label_wrapped_in_a_cell_set_at_its_foot_starts_its_row() {
    let mut w = Vec::new();
    caption(&mut w, "Tabell 2 Helt ledige fordelt på alder", 100.0);
    right(&mut w, "Antall", 360.0, 120.0, true);
    right(&mut w, "Prosent", 460.0, 120.0, true);
    let y = 136.0;
    let rows: [(&[&str], &str, &str); 5] = [
        (&["I alt"], "5 967", "1,7"),
        (&["19 år og", "under"], "144", "0,8"),
        (&["20-24 år"], "579", "1,9"),
        (&["25-29 år"], "712", "2,0"),
        (&["30-39 år"], "1 765", "2,3"),
    ];
    foot_set_rows(&mut w, &rows, 70.0, [360.0, 460.0], y, (10.5, 15.0));
    let ex = extract(&[page(1, w)]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    let t = &ex.tables[0];
    assert_eq!(
        first_values(t),
        [
            ("I alt", Some(5967.0)),
            ("19 år og under", Some(144.0)),
            ("20-24 år", Some(579.0)),
            ("25-29 år", Some(712.0)),
            ("30-39 år", Some(1765.0)),
        ],
        "{t:#?}"
    );
}

/// Cells set at the foot of their row: a text too wide for its narrow
/// cells ("Ej aktuellt") wraps there, its first words on a line of their
/// own above the row's label line, closer to it than to the row above.
/// That line is the head of its row's cells, not more of the row above.
#[test]
fn cells_wrapped_at_the_foot_of_their_row_head_it() {
    let mut w = Vec::new();
    caption(&mut w, "Tabell 3 Bidrag, tkr", 100.0);
    right(&mut w, "2024", 360.0, 120.0, true);
    right(&mut w, "2025", 460.0, 120.0, true);
    let mut y = 136.0;
    for (label, a, b) in [
        ("Arrangörsbidrag", "-718", "-718"),
        ("Verksamhetsstöd", "-450", "-450"),
        ("Studieförbundsbidrag", "-391", "-397"),
    ] {
        phrase(&mut w, label, 70.0, y, false);
        right(&mut w, a, 360.0, y, false);
        right(&mut w, b, 460.0, y, false);
        y += 15.0;
    }
    right(&mut w, "Ej", 360.0, y, false);
    right(&mut w, "Ej", 460.0, y, false);
    y += 10.5;
    phrase(&mut w, "Kulturbidrag", 70.0, y, false);
    right(&mut w, "aktuellt", 360.0, y, false);
    right(&mut w, "aktuellt", 460.0, y, false);
    y += 15.0;
    phrase(&mut w, "Totalt", 70.0, y, true);
    right(&mut w, "-1 559", 360.0, y, true);
    right(&mut w, "-1 565", 460.0, y, true);
    let ex = extract(&[page(1, w)]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    let t = &ex.tables[0];
    let rows: Vec<(&str, &str, &str)> = t
        .rows
        .iter()
        .map(|r| {
            (
                r.label.as_str(),
                r.cells[0].text.as_str(),
                r.cells[1].text.as_str(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("Arrangörsbidrag", "-718", "-718"),
            ("Verksamhetsstöd", "-450", "-450"),
            ("Studieförbundsbidrag", "-391", "-397"),
            ("Kulturbidrag", "Ej aktuellt", "Ej aktuellt"),
            ("Totalt", "-1 559", "-1 565"),
        ],
        "{t:#?}"
    );
}

/// Labels in capitals set at the foot of their cells, among headings in
/// capitals without values: a label wrapped for want of room ("POISTOERO
/// JA VAPAAEHTOISET" over "VARAUKSET") has its numbers on its last line,
/// its first line closer to that line than to the row above. Capitals give
/// no lower case to tell the rest of a label by: the width does.
#[test]
fn a_label_in_capitals_wrapped_at_the_foot_of_its_cell_is_one_label() {
    let mut w = Vec::new();
    caption(&mut w, "Tabell 4 Taseen vastattavaa", 100.0);
    right(&mut w, "2024", 386.0, 120.0, true);
    right(&mut w, "2023", 536.0, 120.0, true);
    let y = 135.0;
    let rows: [(&[&str], &str, &str); 9] = [
        (&["Vapaaehtoiset varaukset"], "0,00", "0,00"),
        (
            &["POISTOERO JA VAPAAEHTOISET", "VARAUKSET"],
            "926 559,18",
            "1 055 671,22",
        ),
        (&["PAKOLLISET VARAUKSET"], "", ""),
        (&["Eläkevaraukset"], "89 498,88", "107 653,80"),
        (&["Muut pakolliset varaukset"], "130 000,00", "30 000,00"),
        (&["PAKOLLISET VARAUKSET"], "219 498,88", "137 653,80"),
        (&["TOIMEKSIANTOJEN PÄÄOMAT"], "", ""),
        (&["Valtion toimeksiannot"], "0,00", "0,00"),
        (&["Lahjoitusrahastojen pääomat"], "14 783,85", "14 783,85"),
    ];
    foot_set_rows(&mut w, &rows, 60.0, [386.0, 536.0], y, (10.8, 14.8));
    let ex = extract(&[page(1, w)]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    let t = &ex.tables[0];
    let labels: Vec<&str> = t.rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(
        labels[..3],
        [
            "Vapaaehtoiset varaukset",
            "POISTOERO JA VAPAAEHTOISET VARAUKSET",
            "PAKOLLISET VARAUKSET",
        ],
        "{t:#?}"
    );
    assert_eq!(t.rows[1].cells[0].value, Some(926_559.18));
    assert_eq!(t.rows.len(), 9, "{t:#?}");
}

/// Headings set flush right, as their columns of values are: the heading
/// of a column of descriptions stands at its cell's right edge, beyond the
/// descriptions' ragged ends and over nothing of the body, nearer the first
/// column of values than the descriptions. It heads the descriptions; no
/// column without values is made of it, and the values stay under their
/// years.
#[test]
fn a_heading_flush_right_over_a_text_column_heads_that_column() {
    let mut w = Vec::new();
    caption(&mut w, "Tabell 9 Bosetting og introduksjon", 100.0);
    let y0 = 120.0;
    right(&mut w, "Beskrivelse", 420.0, y0, true);
    for (k, year) in ["2021", "2022", "2023", "2024"].iter().enumerate() {
        right(&mut w, year, 450.0 + 30.0 * k as f64, y0, true);
    }
    let rows = [
        (
            "1",
            "Antall bosatte flyktninger",
            ["175", "705", "833", "901"],
        ),
        (
            "2",
            "Antall bosatte enslige mindreårige",
            ["8", "27", "40", "52"],
        ),
        (
            "3",
            "Deltakere i introduksjonsprogrammet",
            ["265", "277", "534", "626"],
        ),
        (
            "4",
            "Helseundersøkelser i regi av helseteamet",
            ["413", "1225", "1414", "1613"],
        ),
    ];
    let mut y = y0 + 16.0;
    for (nr, text, values) in rows {
        phrase(&mut w, nr, 52.0, y, false);
        phrase(&mut w, text, 62.0, y, false);
        for (k, v) in values.iter().enumerate() {
            right(&mut w, v, 450.0 + 30.0 * k as f64, y, false);
        }
        y += 16.0;
    }
    let ex = extract(&[page(1, w)]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    let t = &ex.tables[0];
    assert_eq!(t.n_cols, 5, "{t:#?}");
    assert_eq!(t.column_label(1), "Beskrivelse", "{t:#?}");
    assert_eq!(t.column_label(2), "2021", "{t:#?}");
    assert_eq!(t.rows[0].cells[0].text, "Antall bosatte flyktninger");
    assert_eq!(t.rows[0].cells[1].value, Some(175.0));
    assert_eq!(t.rows[3].cells[4].value, Some(1613.0));
}

/// A narrow table whose percentages break in their cells ("63" over "%"),
/// the values centred between a label's two lines, running on to a page
/// that repeats its header: the first line under the repeat is the "%"
/// line of the row the page before broke off, and every row below has
/// one. A line of marks only repeats no heading: the table goes on to its
/// last row.
#[test]
fn lines_of_percent_marks_under_a_repeated_header_are_no_new_table() {
    let cols = [60.0, 202.0, 257.0, 330.0, 390.0];
    let header = |w: &mut Vec<Word>, y: f64| {
        phrase(w, "Virksomhetsområde", 60.0, y, true);
        for (x, h) in [
            (202.0, "Antall"),
            (257.0, "Andel"),
            (320.0, "Antall"),
            (343.0, "Andel"),
        ] {
            right(w, h, x, y, true);
        }
    };
    // One row: its label's first line with the percentages, the counts
    // half a line lower, the label's end with the percent marks.
    let row = |w: &mut Vec<Word>, y: f64, label: (&str, &str), v: [&str; 4]| {
        phrase(w, label.0, 60.0, y, false);
        right(w, v[1], cols[2], y, false);
        right(w, v[3], cols[4], y, false);
        right(w, v[0], cols[1], y + 5.4, false);
        right(w, v[2], cols[3], y + 5.4, false);
        if !label.1.is_empty() {
            phrase(w, label.1, 60.0, y + 10.8, false);
        }
        right(w, "%", cols[2], y + 10.8, false);
        right(w, "%", cols[4], y + 10.8, false);
    };
    let mut p1 = Vec::new();
    caption(&mut p1, "Tabell 10 Ansatte etter område", 600.0);
    header(&mut p1, 620.0);
    row(
        &mut p1,
        640.0,
        ("Byrådsleder", ""),
        ["36", "63", "21", "37"],
    );
    row(
        &mut p1,
        665.6,
        ("Byrådsområde", "byutvikling"),
        ["241", "37", "389", "63"],
    );
    // The last row's percent marks fall on the next page.
    row(
        &mut p1,
        691.2,
        ("Byrådsområde", "finans"),
        ["578", "60", "383", "40"],
    );
    let p1: Vec<Word> = p1
        .into_iter()
        .filter(|w| w.bbox.y0 < 700.0 || w.text != "%")
        .collect();
    let mut p2 = Vec::new();
    header(&mut p2, 60.0);
    right(&mut p2, "%", cols[2], 76.0, false);
    right(&mut p2, "%", cols[4], 76.0, false);
    let rows = [
        (("Helse og", "omsorg"), ["3 259", "82", "706", "18"]),
        (("Kultur og", "idrett"), ["274", "58", "205", "42"]),
        (("Miljø og", "næring"), ["98", "59", "67", "41"]),
        (("Sluttsum", ""), ["11 244", "74", "3 851", "26"]),
    ];
    let mut y = 92.0;
    for (label, v) in rows {
        row(&mut p2, y, label, v);
        y += 25.6;
    }
    prose_below(&mut p2, y + 30.0, 3);
    let ex = extract(&[page(1, p1), page(2, p2)]);
    let t = ex
        .tables
        .iter()
        .find(|t| t.table_id == "10")
        .unwrap_or_else(|| panic!("{:#?}", ex.tables));
    let labels: Vec<&str> = t.rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(labels.last(), Some(&"Sluttsum"), "{t:#?}");
    assert_eq!(t.rows.len(), 7, "{t:#?}");
    assert_eq!(t.rows[6].cells[0].value, Some(11244.0));
}

/// A list of items under their chapters, each opening with its post
/// number, set at the foot of its cells: an item's name wrapped for want
/// of room ("73 Refusjon – Norsk Rikstoto og Norsk" over "Tipping AS") has
/// its amounts on its last line. A line opening without a number after an
/// item that opens with one is the rest of its name, capital or not; the
/// chapter's heading over its first item stays a row of its own.
#[test]
fn a_numbered_item_wrapped_at_the_foot_of_its_cell_is_one_item() {
    let mut w = Vec::new();
    caption(&mut w, "Tabell 5 Sektoravgifter. Mill. kroner", 100.0);
    right(&mut w, "2024", 386.0, 120.0, true);
    right(&mut w, "2025", 536.0, 120.0, true);
    let y = 135.0;
    let rows: [(&[&str], &str, &str); 5] = [
        (&["5568 Kulturdepartementet"], "", ""),
        (&["71 Årsavgift – stiftelser"], "30,4", "29,9"),
        (
            &["73 Refusjon – Norsk Rikstoto og Norsk", "Tipping AS"],
            "47,1",
            "47,9",
        ),
        (&["75 Kino- og videogramavgift"], "19,6", "30,0"),
        (&["5572 Helse- og omsorgsdepartementet"], "", ""),
    ];
    let y = foot_set_rows(&mut w, &rows, 60.0, [386.0, 536.0], y, (11.4, 15.4));
    phrase(&mut w, "70 Legemiddelavgift", 60.0, y, false);
    right(&mut w, "107,2", 386.0, y, false);
    right(&mut w, "76,0", 536.0, y, false);
    let ex = extract(&[page(1, w)]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    let t = &ex.tables[0];
    let labels: Vec<&str> = t.rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "5568 Kulturdepartementet",
            "71 Årsavgift – stiftelser",
            "73 Refusjon – Norsk Rikstoto og Norsk Tipping AS",
            "75 Kino- og videogramavgift",
            "5572 Helse- og omsorgsdepartementet",
            "70 Legemiddelavgift",
        ],
        "{t:#?}"
    );
    assert_eq!(t.rows[2].cells[0].value, Some(47.1));
}

/// The label column's heading wrapped flush left in its cell
/// ("Bevilgningsoversikt" over "investering"), the value columns' headings
/// set level between its two lines. Its second line is header, not a row
/// of its own; where the table runs on to a page that repeats the header,
/// it is no end of the label of the page before's last row.
#[test]
fn a_label_heading_wrapped_beside_the_value_headings_is_header() {
    let header = |w: &mut Vec<Word>, y: f64| {
        phrase(w, "Bevilgningsoversikt", 61.0, y, true);
        phrase(w, "investering", 61.0, y + 9.7, true);
        right(w, "Regnskap 2024", 311.0, y + 4.5, true);
        right(w, "Budsjett 2024", 477.0, y + 4.5, true);
        right(w, "Avvik", 535.0, y + 4.5, true);
    };
    let row = |w: &mut Vec<Word>, y: f64, label: &str, k: usize| {
        phrase(w, label, 61.0, y, false);
        right(w, &format!("{},4", 100 + k), 311.0, y, false);
        right(w, &format!("{},5", 200 + k), 477.0, y, false);
        right(w, &format!("{},1", k), 535.0, y, false);
    };
    let mut p1 = Vec::new();
    caption(&mut p1, "Tabell 1.3 Bevilgningsoversikt investering", 600.0);
    header(&mut p1, 620.0);
    let mut y = 646.0;
    for k in 0..8 {
        let label = if k == 7 {
            "Sum investeringsinntekter".to_owned()
        } else {
            format!("{}. Investeringspost nummer {}", k + 1, k + 1)
        };
        row(&mut p1, y, &label, k);
        y += 14.0;
    }
    let mut p2 = Vec::new();
    header(&mut p2, 60.0);
    let mut y = 86.0;
    for k in 8..12 {
        row(
            &mut p2,
            y,
            &format!("{}. Videreutlån nummer {}", k + 1, k + 1),
            k,
        );
        y += 14.0;
    }
    prose_below(&mut p2, y + 30.0, 3);
    let ex = extract(&[page(1, p1), page(2, p2)]);
    let t = ex
        .tables
        .iter()
        .find(|t| t.table_id == "1.3")
        .unwrap_or_else(|| panic!("{:#?}", ex.tables));
    let labels: Vec<&str> = t.rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(labels.len(), 12, "{t:#?}");
    assert_eq!(labels[0], "1. Investeringspost nummer 1", "{t:#?}");
    assert_eq!(labels[7], "Sum investeringsinntekter", "{t:#?}");
    assert!(
        t.rows.iter().all(|r| !r.label.contains("investering ")),
        "{t:#?}"
    );
    assert_eq!(t.rows[7].cells[0].value, Some(107.4));
}

/// Lines of prose across the page's width, `lines` of them from `y0`.
fn wide_prose(w: &mut Vec<Word>, y0: f64, lines: u32) {
    for k in 0..lines {
        phrase(
            w,
            "Dette er en vanlig avsnittstekst som går over hele bredden av siden og ikke er tabell.",
            70.0,
            y0 + 12.0 * f64::from(k),
            false,
        );
    }
}

/// A document that sets its captions under its tables, prose between one
/// table's caption and the next table: each table is named by the caption
/// under it, not by the one over it (the table before's).
#[test]
fn captions_set_under_their_tables_name_the_tables_above_them() {
    let mut w = Vec::new();
    let mut y = 60.0;
    for (k, title) in ["Driftsinntekter", "Driftsutgifter", "Finansposter"]
        .iter()
        .enumerate()
    {
        wide_prose(&mut w, y, 2);
        y += 34.0;
        right(&mut w, "2023", 360.0, y, true);
        right(&mut w, "2024", 460.0, y, true);
        for r in 0..3 {
            y += 13.0;
            phrase(&mut w, &format!("{title} post {}", r + 1), 70.0, y, false);
            right(&mut w, &format!("{} {}00", k + 1, r + 1), 360.0, y, false);
            right(&mut w, &format!("{} {}05", k + 1, r + 1), 460.0, y, false);
        }
        y += 16.0;
        caption(
            &mut w,
            &format!("Tabell {} {title} i 1 000 kroner", k + 1),
            y,
        );
        y += 24.0;
    }
    let ex = extract(&[page(1, w)]);
    let ids: Vec<(&str, &str)> = ex
        .tables
        .iter()
        .map(|t| (t.table_id.as_str(), t.rows[0].label.as_str()))
        .collect();
    assert_eq!(
        ids,
        [
            ("1", "Driftsinntekter post 1"),
            ("2", "Driftsutgifter post 1"),
            ("3", "Finansposter post 1")
        ],
        "{:#?}",
        ex.tables
    );
    assert_eq!(ex.tables[0].unit, Some(Unit::TusenKroner));
    assert_eq!(ex.tables[2].rows[2].cells[1].value, Some(3305.0));
}

/// A document setting its captions under its tables, one of them running
/// over a page break: its caption stands under its last part, on the next
/// page, and names the whole table.
#[test]
fn a_caption_under_a_table_running_over_a_page_names_all_of_it() {
    let mut p1 = Vec::new();
    wide_prose(&mut p1, 60.0, 2);
    right(&mut p1, "2023", 360.0, 90.0, true);
    right(&mut p1, "2024", 460.0, 90.0, true);
    phrase(&mut p1, "Ansatte", 70.0, 103.0, false);
    right(&mut p1, "15 095", 360.0, 103.0, false);
    right(&mut p1, "15 311", 460.0, 103.0, false);
    caption(&mut p1, "Tabell 1 Personal i 2024", 119.0);
    wide_prose(&mut p1, 140.0, 2);
    right(&mut p1, "2023", 360.0, 170.0, true);
    right(&mut p1, "2024", 460.0, 170.0, true);
    let mut y = 186.0;
    for r in 0..46 {
        phrase(&mut p1, &format!("Enhet nummer {}", r + 1), 70.0, y, false);
        right(&mut p1, &format!("{}", 100 + r), 360.0, y, false);
        right(&mut p1, &format!("{}", 200 + r), 460.0, y, false);
        y += 13.0;
    }
    let mut p2 = Vec::new();
    right(&mut p2, "2023", 360.0, 60.0, true);
    right(&mut p2, "2024", 460.0, 60.0, true);
    let mut y = 76.0;
    for r in 46..54 {
        phrase(&mut p2, &format!("Enhet nummer {}", r + 1), 70.0, y, false);
        right(&mut p2, &format!("{}", 100 + r), 360.0, y, false);
        right(&mut p2, &format!("{}", 200 + r), 460.0, y, false);
        y += 13.0;
    }
    caption(&mut p2, "Tabell 2 Årsverk i 2024", y + 4.0);
    wide_prose(&mut p2, y + 30.0, 3);
    let ex = extract(&[page(1, p1), page(2, p2)]);
    let t = ex
        .tables
        .iter()
        .find(|t| t.table_id == "2")
        .unwrap_or_else(|| panic!("{:#?}", ex.tables));
    assert_eq!(t.rows.len(), 54, "{t:#?}");
    assert_eq!(t.rows[0].label, "Enhet nummer 1");
    assert_eq!(t.rows[53].cells[1].value, Some(253.0));
    let first = ex.tables.iter().find(|t| t.table_id == "1");
    assert_eq!(first.map(|t| t.rows[0].label.as_str()), Some("Ansatte"));
}

/// A document setting its captions under its tables: a table's header
/// alone at the foot of a page with its first section's heading, repeated
/// over its rows on the next, the caption under them. The caption names
/// the whole table, its header at the page foot no table of its own.
#[test]
fn a_header_alone_at_a_page_foot_goes_with_its_rows_named_by_the_caption_under_them() {
    let mut p1 = Vec::new();
    wide_prose(&mut p1, 60.0, 2);
    right(&mut p1, "2023", 360.0, 90.0, true);
    right(&mut p1, "2024", 460.0, 90.0, true);
    phrase(&mut p1, "Ansatte", 70.0, 103.0, false);
    right(&mut p1, "15 095", 360.0, 103.0, false);
    right(&mut p1, "15 311", 460.0, 103.0, false);
    caption(&mut p1, "Tabell 1 Personal i 2024", 119.0);
    wide_prose(&mut p1, 140.0, 50);
    // Headings centred over their numbers, wider than them.
    phrase(&mut p1, "Landsgjennomsnitt", 300.0, 750.0, true);
    phrase(&mut p1, "Oslo kommune", 420.0, 750.0, true);
    phrase(&mut p1, "2024", 329.0, 761.0, true);
    phrase(&mut p1, "2024", 438.0, 761.0, true);
    phrase(&mut p1, "Prioritet", 70.0, 776.0, true);
    let mut p2 = Vec::new();
    // Headings centred over their numbers, wider than them.
    phrase(&mut p2, "Landsgjennomsnitt", 300.0, 60.0, true);
    phrase(&mut p2, "Oslo kommune", 420.0, 60.0, true);
    phrase(&mut p2, "2024", 329.0, 71.0, true);
    phrase(&mut p2, "2024", 438.0, 71.0, true);
    let mut y = 87.0;
    for r in 0..6 {
        phrase(
            &mut p2,
            &format!("Nøkkeltall nummer {}", r + 1),
            70.0,
            y,
            false,
        );
        right(&mut p2, &format!("{}", 100 + r), 360.0, y, false);
        right(&mut p2, &format!("{}", 200 + r), 460.0, y, false);
        y += 13.0;
    }
    caption(&mut p2, "Tabell 2 Nøkkeltall for kultur", y + 4.0);
    wide_prose(&mut p2, y + 30.0, 3);
    let ex = extract(&[page(1, p1), page(2, p2)]);
    let ids: Vec<&str> = ex.tables.iter().map(|t| t.table_id.as_str()).collect();
    assert_eq!(ids, ["1", "2"], "{:#?}", ex.tables);
    let t = &ex.tables[1];
    assert_eq!(t.rows.len(), 7, "{t:#?}");
    assert_eq!(t.rows[0].label, "Prioritet", "{t:#?}");
    assert_eq!(t.column_label(1), "Landsgjennomsnitt 2024", "{t:#?}");
    assert_eq!(t.rows[6].cells[1].value, Some(205.0));
}

/// A section's heading as wide as its column, in the weight of the rows
/// (every label bold), over its first row: the row's capitalised label
/// ("Renteinntekter") starts a label of its own, no rest of the heading's
/// that did not fit.
#[test]
fn a_capitalised_label_under_a_full_width_heading_is_a_row_of_its_own() {
    let mut w = Vec::new();
    caption(&mut w, "Tabell 1.1 Økonomisk oversikt", 100.0);
    right(&mut w, "2023", 360.0, 120.0, true);
    right(&mut w, "2024", 460.0, 120.0, true);
    // Labels wrapped below their values, their rest in lower case: where
    // the label column ends.
    let mut y = 134.0;
    for (first, rest) in [
        ("Salgs- og leieinntekter og andre", "inntekter"),
        ("Refusjoner fra staten og andre", "offentlige"),
    ] {
        phrase(&mut w, first, 70.0, y, true);
        right(&mut w, "40", 360.0, y, true);
        right(&mut w, "45", 460.0, y, true);
        phrase(&mut w, rest, 70.0, y + 12.0, true);
        y += 24.0;
    }
    let rows: [(&str, &str, &str); 6] = [
        ("Sum driftsutgifter", "1 200", "1 310"),
        ("Brutto driftsresultat", "300", "210"),
        ("Finansinntekter/Finansutgifter", "", ""),
        ("Renteinntekter", "−500", "−578"),
        ("Utbytter", "−30", "−41"),
        ("Renteutgifter", "610", "655"),
    ];
    for (label, a, b) in rows {
        phrase(&mut w, label, 70.0, y, true);
        if !a.is_empty() {
            right(&mut w, a, 360.0, y, true);
            right(&mut w, b, 460.0, y, true);
        }
        y += 12.0;
    }
    let ex = extract(&[page(1, w)]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    let t = &ex.tables[0];
    let labels: Vec<&str> = t.rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(
        labels[2..],
        [
            "Sum driftsutgifter",
            "Brutto driftsresultat",
            "Finansinntekter/Finansutgifter",
            "Renteinntekter",
            "Utbytter",
            "Renteutgifter",
        ],
        "{t:#?}"
    );
    assert_eq!(labels[0], "Salgs- og leieinntekter og andre inntekter");
    assert_eq!(t.rows[5].cells[0].value, Some(-500.0));
}

/// A list of posts under chapters, every label bold: a chapter's heading as
/// wide as its column ("5548 Miljøavgift på visse klimagasser") over its
/// first post ("70 Avgift på HFK og PFK"). Both open with their numbers:
/// two items, the post no rest of the chapter's heading.
#[test]
fn a_post_under_a_full_width_chapter_heading_is_an_item_of_its_own() {
    let mut w = Vec::new();
    caption(&mut w, "Tabell 3 Miljøavgifter. Mill. kroner", 100.0);
    right(&mut w, "2024", 360.0, 120.0, true);
    right(&mut w, "2025", 460.0, 120.0, true);
    // Names wrapped below their amounts, their rest in lower case: where
    // the label column ends.
    let mut y = 134.0;
    for (first, rest) in [
        ("71 Avgift på plantevernmidler og", "gjødsel"),
        ("72 Avgift på sluttbehandling av", "avfall"),
    ] {
        phrase(&mut w, first, 70.0, y, true);
        right(&mut w, "40", 360.0, y, true);
        right(&mut w, "45", 460.0, y, true);
        phrase(&mut w, rest, 70.0, y + 12.0, true);
        y += 24.0;
    }
    phrase(
        &mut w,
        "5548 Miljøavgift på visse klimagasser",
        70.0,
        y,
        true,
    );
    y += 12.0;
    for (label, a, b) in [
        ("70 Avgift på HFK og PFK", "405", "355"),
        ("71 Avgift på utslipp av NOx", "53", "60"),
    ] {
        phrase(&mut w, label, 70.0, y, true);
        right(&mut w, a, 360.0, y, true);
        right(&mut w, b, 460.0, y, true);
        y += 12.0;
    }
    let ex = extract(&[page(1, w)]);
    assert_eq!(ex.tables.len(), 1, "{:#?}", ex.tables);
    let t = &ex.tables[0];
    let labels: Vec<&str> = t.rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(
        labels[2..],
        [
            "5548 Miljøavgift på visse klimagasser",
            "70 Avgift på HFK og PFK",
            "71 Avgift på utslipp av NOx",
        ],
        "{t:#?}"
    );
    assert_eq!(t.rows[3].cells[0].value, Some(405.0));
}
