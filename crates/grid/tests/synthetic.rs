//! Synthetic pages built from `Word` values: layouts the engine must handle
//! without borders, and input it must survive.

use kommunetall_grid::extract;
use kommunetall_model::{BBox, RowClass};
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

/// A right-aligned phrase ending at x1.
fn right(out: &mut Vec<Word>, text: &str, x1: f64, y0: f64, bold: bool) {
    let width: f64 = text
        .split(' ')
        .map(|t| t.chars().count() as f64 * FS * 0.5)
        .sum::<f64>()
        + (text.split(' ').count() as f64 - 1.0) * FS * 0.28;
    phrase(out, text, x1 - width, y0, bold);
}

fn page(number: u32, words: Vec<Word>) -> Page {
    Page {
        number,
        width: 595.0,
        height: 842.0,
        words,
        rules: vec![],
        fills: vec![],
    }
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
    assert_eq!(t.unit.as_deref(), Some("millioner kroner"));
    assert_eq!(t.n_cols, 2);
    let labels: Vec<&str> = t.rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(
        labels,
        ["Skole", "Sykehjem og omsorgsboliger", "Sum utgifter"]
    );
    assert_eq!(t.rows[1].cells[0].value, Some(-5253.0));
    assert_eq!(t.rows[1].cells[1].text, "63%");
    assert_eq!(t.rows[1].cells[1].unit.as_deref(), Some("prosent"));
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
            });
        }
    }
    let garbage = Page {
        number: 0,
        width: nan,
        height: -5.0,
        words,
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
