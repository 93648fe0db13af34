//! Inspection pages of the real Trondheim 2024 annual report.

mod common;

use common::{SOURCE, count, sample};
use kommunetall_inspect::{Options, index_html, render, table_pages, write};

/// Labels and value cells of the extraction that carry a position.
fn cells_with_bbox() -> usize {
    let (_, ex) = sample();
    ex.tables
        .iter()
        .flat_map(|t| &t.rows)
        .map(|r| {
            usize::from(r.label_bbox.is_some())
                + r.cells.iter().filter(|c| c.bbox.is_some()).count()
        })
        .sum()
}

#[test]
fn every_positioned_cell_is_outlined_once() {
    let (pages, ex) = sample();
    let out = render(pages, ex.into(), SOURCE, &Options::default());
    assert_eq!(out.len(), pages.len(), "one view per page");
    let total: usize = out.iter().map(|p| p.cells_outlined).sum();
    let expected = cells_with_bbox();
    println!(
        "{} pages, {} tables, {total} cells outlined",
        out.len(),
        ex.tables.len()
    );
    assert!(
        expected > 1000,
        "the sample has many positioned cells, got {expected}"
    );
    assert_eq!(total, expected);
    for p in &out {
        assert_eq!(
            count(&p.html, r#"class="cell""#),
            p.cells_outlined,
            "page {}",
            p.page
        );
        assert_eq!(p.file_name, format!("page-{:03}.html", p.page));
        // Self-contained: nothing is fetched.
        for net in ["href=\"http", "src=", "<link", "url(", "@import"] {
            assert!(!p.html.contains(net), "page {} has {net}", p.page);
        }
    }
    // Every table is outlined on its pages, with as many table outlines as tables shown.
    for p in &out {
        let shown_with_cells = p.tables.len();
        assert!(count(&p.html, r#"<rect class="table""#) <= shown_with_cells);
    }
}

#[test]
fn table_1_4_is_anchored_on_its_page_and_drawn() {
    let (pages, ex) = sample();
    let t = ex
        .tables
        .iter()
        .find(|t| t.table_id == "1.4")
        .expect("the sample has table 1.4");
    let tp = table_pages(t);
    let first = *tp.first().expect("table 1.4 has a page");
    let out = render(pages, ex.into(), SOURCE, &Options::default());
    let view = out
        .iter()
        .find(|p| p.page == first)
        .expect("its page is rendered");
    assert!(view.html.contains(r#"id="table-1.4""#));
    assert!(
        view.html
            .contains(r#"<rect class="table" data-table="1.4""#)
    );
    assert!(view.tables.iter().any(|id| id == "1.4"));
    // Its caption text is in the panel, escaped.
    let caption = t.caption.as_deref().expect("table 1.4 has a caption");
    let esc = caption
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    let rest = esc
        .strip_prefix("Tabell 1.4")
        .expect("the caption starts with its number");
    assert!(
        view.html.contains(&format!(
            r#"<h2 id="table-1.4"><span class="tid">Tabell 1.4</span>{rest}</h2>"#
        )),
        "caption {caption:?}"
    );
    // The printed caption is outlined and links to the panel.
    assert!(
        view.html
            .contains(r##"<a href="#table-1.4"><rect class="caption" data-table="1.4""##)
    );
    // Row labels and value cells of 1.4 on that page.
    let on_page: usize = t
        .rows
        .iter()
        .map(|r| {
            usize::from(r.label_bbox.is_some() && r.page == Some(first))
                + r.cells
                    .iter()
                    .filter(|c| c.bbox.is_some() && c.page == Some(first))
                    .count()
        })
        .sum();
    assert!(on_page > 0);
    assert_eq!(
        count(&view.html, r#"class="cell" data-table="1.4""#),
        on_page
    );
    // A value cell with a number is green (data-kind="number") and its title tells the value.
    let (ri, ci, cell) = t
        .rows
        .iter()
        .enumerate()
        .find_map(|(ri, r)| {
            r.cells
                .iter()
                .enumerate()
                .find(|(_, c)| c.value.is_some() && c.bbox.is_some() && c.page == Some(first))
                .map(|(ci, c)| (ri, ci + 1, c))
        })
        .expect("table 1.4 has a positioned number");
    let needle = format!(
        r#"class="cell" data-table="1.4" data-row="{ri}" data-col="{ci}" data-kind="number""#
    );
    assert!(view.html.contains(&needle), "{needle}");
    let value = cell.value.expect("has value");
    assert!(view.html.contains(&format!("value: {value}")));
    // The index links to the anchor.
    let index = index_html(SOURCE, &out, ex.into());
    assert!(
        index.contains(&format!(r#"href="page-{first:03}.html#table-1.4""#)),
        "index links to table 1.4"
    );
}

#[test]
fn table_option_renders_only_that_tables_pages() {
    let (pages, ex) = sample();
    let t = ex
        .tables
        .iter()
        .find(|t| t.table_id == "1.4")
        .expect("table 1.4");
    let opts = Options {
        pages: None,
        table: Some("1.4".into()),
    };
    let out = render(pages, ex.into(), SOURCE, &opts);
    let got: Vec<u32> = out.iter().map(|p| p.page).collect();
    assert_eq!(got, table_pages(t));
    assert!(out.iter().all(|p| p.tables.iter().any(|id| id == "1.4")));

    let none = render(
        pages,
        ex.into(),
        SOURCE,
        &Options {
            pages: None,
            table: Some("no-such-table".into()),
        },
    );
    assert!(none.is_empty());

    let two = render(
        pages,
        ex.into(),
        SOURCE,
        &Options {
            pages: Some(vec![2, 3]),
            table: None,
        },
    );
    assert_eq!(two.iter().map(|p| p.page).collect::<Vec<_>>(), vec![2, 3]);
    assert!(two[0].html.contains(r#"href="page-003.html""#), "next link");
    assert!(two[1].html.contains(r#"href="page-002.html""#), "prev link");
}

#[test]
fn write_creates_index_and_pages() {
    let (pages, ex) = sample();
    let out = render(
        pages,
        ex.into(),
        SOURCE,
        &Options {
            pages: None,
            table: Some("1.4".into()),
        },
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let target = dir.path().join("inspect");
    let written = write(&target, SOURCE, &out, ex.into()).expect("written");
    assert_eq!(written.len(), out.len() + 1);
    assert_eq!(written[0], target.join("index.html"));
    for (p, path) in out.iter().zip(&written[1..]) {
        assert_eq!(std::fs::read_to_string(path).expect("readable"), p.html);
    }
    let index = std::fs::read_to_string(&written[0]).expect("index");
    assert!(index.contains("<h1>arsberetning-2024.pdf</h1>"));
}
