//! Inspection pages of a small hand-made extraction: escaping, colours,
//! row classes, findings and a table continued on the next page.

use kommunetall_inspect::{Options, index_html, render};
use kommunetall_model::Extraction;
use kommunetall_model::{
    BBox, Cell, Diagnostic, HeaderCell, Location, Row, RowClass, Severity, Table,
};
use kommunetall_pdf::{Page, Word};

fn bb(x0: f64, y0: f64, x1: f64, y1: f64) -> BBox {
    BBox { x0, y0, x1, y1 }
}

fn word(text: &str, b: BBox) -> Word {
    Word {
        text: text.into(),
        bbox: b,
        baseline: b.y1 - 2.0,
        font_size: 9.0,
        font: "ArialMT".into(),
        bold: false,
        spaced: false,
    }
}

fn cell(text: &str, value: Option<f64>, page: u32, b: BBox) -> Cell {
    Cell {
        text: text.into(),
        value,
        page: Some(page),
        bbox: Some(b),
        ..Cell::default()
    }
}

fn row(label: &str, class: RowClass, page: u32, y: f64, cells: Vec<Cell>) -> Row {
    Row {
        label: label.into(),
        class,
        cells,
        page: Some(page),
        label_bbox: (!label.is_empty()).then(|| bb(50.0, y, 150.0, y + 10.0)),
    }
}

fn count(hay: &str, needle: &str) -> usize {
    hay.matches(needle).count()
}

const CAPTION: &str = r#"Tabell 9.9 <b>Drift & "investering"</b>"#;

fn fixture() -> (Vec<Page>, Extraction) {
    let mut p1 = Page {
        number: 1,
        width: 595.0,
        height: 842.0,
        ..Page::default()
    };
    // A mention of the table in the running text, above the caption.
    for (t, x0) in [("Tabell", 50.0), ("9.9", 90.0), ("viser", 110.0)] {
        p1.words.push(word(t, bb(x0, 40.0, x0 + 18.0, 51.0)));
    }
    let mut x = 50.0;
    for t in CAPTION.split_whitespace() {
        let w = 6.0 * t.chars().count() as f64;
        p1.words.push(word(t, bb(x, 80.0, x + w, 91.0)));
        x += w + 3.0;
    }
    p1.words.push(word(
        "<script>alert(1)</script>",
        bb(50.0, 300.0, 200.0, 311.0),
    ));
    p1.rules.push(bb(50.0, 99.0, 400.0, 99.3));
    let p2 = Page {
        number: 2,
        width: 595.0,
        height: 842.0,
        ..Page::default()
    };
    let table = Table {
        table_id: "9.9".into(),
        caption: Some(CAPTION.into()),
        unit: Some(kommunetall_model::Unit::MillionerKroner),
        location: Location::Pages { first: 1, last: 2 },
        header: vec![vec![
            HeaderCell {
                text: "Område".into(),
                span: 1,
            },
            HeaderCell {
                text: "Regnskap <2024>".into(),
                span: 2,
            },
        ]],
        rows: vec![
            row(
                "Driftsinntekter",
                RowClass::Section,
                1,
                110.0,
                vec![Cell::default(), Cell::default()],
            ),
            row(
                "Skatt \"inntekt\"",
                RowClass::Body,
                1,
                125.0,
                vec![
                    cell("1 234", Some(1234.0), 1, bb(200.0, 125.0, 240.0, 135.0)),
                    cell("11 2885", None, 1, bb(260.0, 125.0, 300.0, 135.0)),
                ],
            ),
            row(
                "Gebyr",
                RowClass::Body,
                1,
                140.0,
                vec![
                    cell("..", None, 1, bb(200.0, 140.0, 240.0, 150.0)),
                    cell("se note", None, 1, bb(260.0, 140.0, 300.0, 150.0)),
                ],
            ),
            row(
                "Sum driftsinntekter",
                RowClass::Sum,
                2,
                60.0,
                vec![
                    cell("1 300", Some(1300.0), 2, bb(200.0, 60.0, 240.0, 70.0)),
                    cell("2", Some(2.0), 2, bb(260.0, 60.0, 300.0, 70.0)),
                ],
            ),
        ],
        n_cols: 2,
        notes: vec!["*Kilde: <KOSTRA>".into()],
    };
    let mut sum = Diagnostic::new(
        "sum_mismatch",
        Severity::Warning,
        "the rows add up to 1234, the sum row says 1300",
    );
    sum.table_id = Some("9.9".into());
    sum.page = Some(2);
    sum.row_label = Some("Sum driftsinntekter".into());
    sum.column_label = Some("Regnskap <2024>".into());
    sum.actual = Some("1 300".into());
    let mut bad = Diagnostic::new(
        "unparseable_number",
        Severity::Warning,
        "\"11 2885\" is not a number",
    );
    bad.table_id = Some("9.9".into());
    bad.page = Some(1);
    bad.row_label = Some("Skatt \"inntekt\"".into());
    bad.actual = Some("11 2885".into());
    let mut loose = Diagnostic::new(
        "page_unreadable",
        Severity::Error,
        "page 1 had <odd> content",
    );
    loose.page = Some(1);
    let ex = Extraction {
        tables: vec![table],
        diagnostics: vec![sum, bad, loose],
        ..Extraction::default()
    };
    (vec![p1, p2], ex)
}

#[test]
fn document_text_is_escaped() {
    let (pages, ex) = fixture();
    let out = render(&pages, (&ex).into(), "a<b>&\"c\".pdf", &Options::default());
    let html = &out[0].html;
    // The caption: in the panel and as words on the page, never as markup.
    assert!(!html.contains("<b>Drift"));
    assert!(html.contains(
        r#"<h2 id="table-9.9"><span class="tid">Tabell 9.9</span> &lt;b&gt;Drift &amp; &quot;investering&quot;&lt;/b&gt;</h2>"#
    ));
    assert!(html.contains("&lt;b&gt;Drift"));
    assert!(!html.contains("<script>alert"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("<title>a&lt;b&gt;&amp;&quot;c&quot;.pdf — page 1</title>"));
    assert!(html.contains("Regnskap &lt;2024&gt;"));
    assert!(html.contains("*Kilde: &lt;KOSTRA&gt;"));
    assert!(html.contains("page 1 had &lt;odd&gt; content"));
    assert!(html.contains("Skatt &quot;inntekt&quot;"));
    // Only the page's own script element.
    assert_eq!(count(html, "<script"), 1);
    let index = index_html("a<b>.pdf", &out, (&ex).into());
    assert!(index.contains("<h1>a&lt;b&gt;.pdf</h1>"));
    assert!(index.contains("&lt;b&gt;Drift &amp; &quot;investering&quot;&lt;/b&gt;"));
    assert!(!index.contains("<b>Drift"));
}

#[test]
fn cells_are_outlined_on_their_own_page_and_coloured() {
    let (pages, ex) = fixture();
    let out = render(&pages, (&ex).into(), "x.pdf", &Options::default());
    assert_eq!(out.len(), 2);
    // Page 1: three labels and four value cells; page 2: one label, two cells.
    assert_eq!(out[0].cells_outlined, 7);
    assert_eq!(out[1].cells_outlined, 3);
    for p in &out {
        assert_eq!(count(&p.html, r#"class="cell""#), p.cells_outlined);
        assert!(p.html.contains(r#"id="table-9.9""#));
        assert_eq!(p.tables, vec!["9.9".to_owned()]);
    }
    let p1 = &out[0].html;
    let p2 = &out[1].html;
    assert!(p1.contains(r#"data-row="1" data-col="1" data-kind="number""#));
    assert!(p1.contains(r#"data-row="1" data-col="2" data-kind="malformed""#));
    assert!(p1.contains(r#"data-row="2" data-col="1" data-kind="missing""#));
    assert!(p1.contains(r#"data-row="2" data-col="2" data-kind="text""#));
    assert!(p1.contains(r#"data-row="0" data-col="0" data-kind="text""#));
    // Row classes.
    assert!(p1.contains(r#"data-row-band="0" data-class="section""#));
    assert!(p2.contains(r#"data-row-band="3" data-class="sum""#));
    // Findings mark their cells: the malformed number on page 1, the sum on page 2.
    assert!(p1.contains(
        r#"class="cell" data-table="9.9" data-row="1" data-col="2" data-kind="malformed" data-finding="unparseable_number""#
    ));
    assert!(p2.contains(
        r#"class="cell" data-table="9.9" data-row="3" data-col="1" data-kind="number" data-finding="sum_mismatch""#
    ));
    // The caption (not the mention in the text) is outlined and linked on the first page only.
    assert!(p1.contains(
        r##"<a href="#table-9.9"><rect class="caption" data-table="9.9" x="48.5" y="78.5""##
    ));
    assert!(!p2.contains(r#"<rect class="caption""#));
    // Header span in the panel.
    assert!(p1.contains(r#"<th colspan="2">Regnskap &lt;2024&gt;</th>"#));
    // Words and rules are drawn.
    assert!(p1.contains(r#"<rect class="rule""#));
    assert!(p1.contains(r#"textLength="#));
    // The finding's message is in the panel cell's one title.
    assert!(p1.contains(
        "data-finding=\"unparseable_number\" title=\"Regnskap &lt;2024&gt; · no value · page 1\nunparseable_number: &quot;11 2885&quot; is not a number\">11 2885</td>"
    ));
    for p in &out {
        for tag in p.html.split('<') {
            let tag = tag.split('>').next().unwrap_or_default();
            assert!(count(tag, " title=") <= 1, "two titles in <{tag}>");
        }
    }
    // The page finding without a table is listed on page 1.
    assert!(p1.contains("Other findings on this page"));
    assert!(!p2.contains("Other findings on this page"));
}

#[test]
fn page_filter() {
    let (pages, ex) = fixture();
    let only2 = render(
        &pages,
        (&ex).into(),
        "x.pdf",
        &Options {
            pages: Some(vec![2]),
            table: None,
        },
    );
    assert_eq!(only2.len(), 1);
    assert_eq!(only2[0].page, 2);
    assert_eq!(only2[0].file_name, "page-002.html");
    let by_table = render(
        &pages,
        (&ex).into(),
        "x.pdf",
        &Options {
            pages: None,
            table: Some("9.9".into()),
        },
    );
    assert_eq!(
        by_table.iter().map(|p| p.page).collect::<Vec<_>>(),
        vec![1, 2]
    );
}

#[test]
fn findings_mark_the_cell_holding_the_text_found() {
    let dated = |label: &str, y: f64, date: &str| {
        row(
            label,
            RowClass::Body,
            1,
            y,
            vec![cell(date, None, 1, bb(200.0, y, 240.0, y + 10.0))],
        )
    };
    let table = Table {
        table_id: "p1-t1".into(),
        caption: None,
        unit: None,
        location: Location::Pages { first: 1, last: 1 },
        header: vec![vec![
            HeaderCell {
                text: "Tilsyn".into(),
                span: 1,
            },
            HeaderCell {
                text: "Dato".into(),
                span: 1,
            },
        ]],
        rows: vec![
            // Dates are text (kommunetall-lexicon), the finding is what marks the cell.
            dated("Arbeidstilsynet", 100.0, "08.10.24"),
            dated("Arbeidstilsynet", 115.0, "13.09.24"),
            dated("Mattilsynet", 130.0, "01.01.24"),
        ],
        n_cols: 1,
        notes: vec![],
    };
    let mut d = Diagnostic::new("unparseable_number", Severity::Warning, "not a number");
    d.table_id = Some("p1-t1".into());
    d.page = Some(1);
    d.row_label = Some("Arbeidstilsynet".into());
    d.column_label = Some("Dato".into());
    d.actual = Some("13.09.24".into());
    let mut row_only = Diagnostic::new("odd_row", Severity::Info, "a row-level finding");
    row_only.table_id = Some("p1-t1".into());
    row_only.row_label = Some("Mattilsynet".into());
    let page = Page {
        number: 1,
        width: 595.0,
        height: 842.0,
        ..Page::default()
    };
    let ex = Extraction {
        tables: vec![table],
        diagnostics: vec![d, row_only],
        ..Extraction::default()
    };
    let out = render(&[page], (&ex).into(), "x.pdf", &Options::default());
    let html = &out[0].html;
    assert_eq!(out[0].cells_outlined, 6);
    assert_eq!(count(html, r#"<rect class="cell""#), 6);
    assert_eq!(
        count(
            html,
            r#"<rect class="cell" data-table="p1-t1" data-row="1" data-col="1" data-kind="text" data-finding="unparseable_number""#
        ),
        1
    );
    assert_eq!(
        count(
            html,
            r#"<rect class="cell" data-table="p1-t1" data-row="0" data-col="1" data-kind="text" data-finding"#
        ),
        0
    );
    assert_eq!(
        count(
            html,
            r#"<rect class="cell" data-table="p1-t1" data-row="2" data-col="0" data-kind="text" data-finding="odd_row""#
        ),
        1
    );
    assert_eq!(
        count(html, "data-finding="),
        4,
        "two outlines and two panel cells"
    );
}
