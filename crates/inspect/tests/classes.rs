//! A picture of every failure class (issue 12): each document of
//! `kommunetall_fixture::classes` is printed by headless Chromium, read by
//! `kommunetall-grid`, and drawn by `kommunetall-inspect`. The outlined cells
//! of every page (`<rect class="cell" data-table data-row data-col …>`) are
//! exactly the extracted cells on that page, one to one and at their boxes,
//! and every non-empty row label and cell of the extracted tables is
//! outlined.
//!
//! `write_class_pictures` (ignored; run it with `--ignored` when the engine
//! or the documents change) writes a screenshot of each document's inspect
//! page to `docs/classes/<name>.png` (see `docs/classes/README.md`).
//! Skipped with a message when Chromium is not installed.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use kommunetall_fixture::classes::{ClassDoc, convert, documents, text_mismatches};
use kommunetall_fixture::office::OfficeError;
use kommunetall_fixture::score::score;
use kommunetall_grid::Extraction;
use kommunetall_inspect::{Extracted, InspectPage, Options, render, write};
use kommunetall_model::BBox;
use kommunetall_pdf::Page;

/// (table, row, col) → (page, box as the page writes it).
type Outlines = BTreeMap<(String, usize, usize), (u32, String)>;

fn cache() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("classes")
}

/// The document's pages and their extraction; `None` without Chromium.
fn read(doc: &ClassDoc) -> Option<(Vec<Page>, Extraction)> {
    let pdf = match convert(doc, &cache()) {
        Ok(pdf) => pdf,
        Err(OfficeError::ToolMissing(tool)) => {
            println!("skipped: {tool} is not installed (Debian's chromium package)");
            return None;
        }
        Err(e) => panic!("{}: {e}", doc.name),
    };
    let d = kommunetall_pdf::Document::open(&pdf).expect("class PDF opens");
    let pages: Vec<Page> = (1..=d.page_count())
        .map(|n| d.page(n).expect("class page reads"))
        .collect();
    let ex = kommunetall_grid::extract(&pages);
    Some((pages, ex))
}

/// `x y width height` of a box as the inspect page writes it (2 decimals,
/// trailing zeros dropped).
fn rect(b: BBox) -> String {
    let n = |x: f64| {
        let s = format!("{x:.2}");
        let s = s.trim_end_matches('0').trim_end_matches('.');
        if s == "-0" || s.is_empty() {
            "0".to_owned()
        } else {
            s.to_owned()
        }
    };
    format!(
        "{} {} {} {}",
        n(b.x0.min(b.x1)),
        n(b.y0.min(b.y1)),
        n((b.x1 - b.x0).abs()),
        n((b.y1 - b.y0).abs())
    )
}

/// Every positioned row label and value cell of the extraction, with the
/// page it is drawn on (a label without a page is on its table's first
/// page, a cell without one on its row's). Panics on a non-empty label or
/// cell without a box: it could not be outlined.
fn extracted(doc: &str, ex: &Extraction) -> Outlines {
    let mut out = Outlines::new();
    for t in &ex.tables {
        let first = match t.location {
            kommunetall_model::Location::Pages { first, .. } => Some(first),
            kommunetall_model::Location::Sheet { .. } => None,
        };
        for (ri, r) in t.rows.iter().enumerate() {
            let rp = r.page.or(first);
            let mut put =
                |col: usize, page: Option<u32>, b: Option<BBox>, text: &str| match (page, b) {
                    (Some(p), Some(b)) => {
                        let dup = out.insert((t.table_id.clone(), ri, col), (p, rect(b)));
                        assert!(dup.is_none(), "{doc}: two tables {}", t.table_id);
                    }
                    _ => assert!(
                        text.trim().is_empty(),
                        "{doc}: table {} row {ri} column {col} {text:?} has no place on a page",
                        t.table_id
                    ),
                };
            put(0, rp, r.label_bbox, &r.label);
            for (ci, c) in r.cells.iter().enumerate() {
                put(ci + 1, c.page.or(rp), c.bbox, &c.text);
            }
        }
    }
    out
}

/// The value of attribute `name` in a tag's text.
fn attr<'a>(tag: &'a str, name: &str) -> &'a str {
    let key = format!(" {name}=\"");
    let start = tag
        .find(&key)
        .unwrap_or_else(|| panic!("no {name} in {tag}"))
        + key.len();
    let len = tag[start..].find('"').expect("attribute closes");
    &tag[start..start + len]
}

/// The cell outlines drawn on the rendered pages.
fn outlined(pages: &[InspectPage]) -> Outlines {
    let mut out = Outlines::new();
    for p in pages {
        let mut n = 0;
        for piece in p.html.split("<rect class=\"cell\"").skip(1) {
            let tag = &piece[..piece.find('>').expect("tag closes")];
            let tag = format!(" {tag}");
            let key = (
                attr(&tag, "data-table")
                    .replace("&amp;", "&")
                    .replace("&quot;", "\""),
                attr(&tag, "data-row").parse().expect("row index"),
                attr(&tag, "data-col").parse().expect("column index"),
            );
            let place = format!(
                "{} {} {} {}",
                attr(&tag, "x"),
                attr(&tag, "y"),
                attr(&tag, "width"),
                attr(&tag, "height")
            );
            let dup = out.insert(key.clone(), (p.page, place));
            assert!(dup.is_none(), "page {}: {key:?} outlined twice", p.page);
            n += 1;
        }
        assert_eq!(n, p.cells_outlined, "page {}: outlines counted", p.page);
    }
    out
}

/// What the inspect pages draw: the grid's tables and findings.
fn extracted_of(ex: &Extraction) -> Extracted<'_> {
    Extracted {
        tables: &ex.tables,
        findings: &ex.diagnostics,
    }
}

#[test]
fn every_class_outlines_exactly_its_extracted_cells() {
    let mut total = 0;
    for doc in documents() {
        let Some((pages, ex)) = read(&doc) else {
            return;
        };
        let views = render(
            &pages,
            extracted_of(&ex),
            &format!("{}.pdf", doc.name),
            &Options::default(),
        );
        assert_eq!(views.len(), pages.len(), "{}: one view per page", doc.name);
        let want = extracted(doc.name, &ex);
        let got = outlined(&views);
        for (k, v) in &want {
            assert_eq!(
                got.get(k),
                Some(v),
                "{}: cell {k:?} outlined at its place",
                doc.name
            );
        }
        for k in got.keys() {
            assert!(
                want.contains_key(k),
                "{}: outline {k:?} is no extracted cell",
                doc.name
            );
        }
        // Numbers are drawn as numbers: every cell with a value is green.
        let numbers: usize = ex
            .tables
            .iter()
            .flat_map(|t| &t.rows)
            .flat_map(|r| &r.cells)
            .filter(|c| c.value.is_some() && c.bbox.is_some())
            .count();
        let green: usize = views
            .iter()
            .map(|v| v.html.matches("data-kind=\"number\"").count())
            .sum();
        assert!(
            green >= numbers,
            "{}: {green} green outlines, {numbers} numbers",
            doc.name
        );
        println!(
            "{:<16} pages {} tables {:>2} cells outlined {:>4}",
            doc.name,
            pages.len(),
            ex.tables.len(),
            got.len()
        );
        total += got.len();
    }
    assert!(
        total > 500,
        "the class documents have many cells, got {total}"
    );
}

// ---------------------------------------------------------------------------
// Pictures.

const PICTURE_LIMIT: u64 = 150 * 1024;

fn find_chromium() -> Option<PathBuf> {
    let env = std::env::var_os("CHROMIUM").map(PathBuf::from);
    let path = std::env::var_os("PATH").unwrap_or_default();
    env.into_iter()
        .chain(std::env::split_paths(&path).flat_map(|d| {
            ["chromium", "chromium-browser"]
                .into_iter()
                .map(move |n| d.join(n))
        }))
        .find(|p| p.is_file())
}

/// A screenshot of `url` at `width`×`height` CSS pixels times `scale`.
fn screenshot(bin: &Path, url: &str, out: &Path, width: u32, height: u32, scale: f64) {
    let profile = tempfile::tempdir().expect("profile dir");
    let mut child = Command::new(bin)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--window-size={width},{height}"))
        .arg(format!("--force-device-scale-factor={scale}"))
        .arg(format!("--screenshot={}", out.display()))
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromium starts");
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("waiting for chromium") {
            assert!(status.success(), "chromium --screenshot failed: {status}");
            return;
        }
        if start.elapsed() > Duration::from_secs(90) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium --screenshot did not finish");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The page to show: that of the first truth table the engine does not read
/// exactly, else that of the first table.
fn picture_page(doc: &ClassDoc, ex: &Extraction) -> u32 {
    let o = score(&doc.truth, &ex.tables);
    let off = doc.truth.iter().zip(&o.tables).find(|(tt, (_, idx, s))| {
        s.wrong + s.missing + s.extra > 0
            || idx.is_none_or(|i| !text_mismatches(tt, &ex.tables[i]).is_empty())
    });
    off.map(|(tt, _)| tt)
        .or(doc.truth.first())
        .and_then(|t| t.page)
        .unwrap_or(1)
}

/// Writes `docs/classes/<name>.png`: the inspect page (the PDF page beside
/// the panel of its tables as extracted) of the page holding the first table
/// the engine does not read exactly, else the first table, scaled down until
/// the file is at most 150 KB.
#[test]
#[ignore = "writes docs/classes/*.png; run with --ignored after engine changes"]
fn write_class_pictures() {
    let Some(bin) = find_chromium() else {
        println!("skipped: no chromium");
        return;
    };
    let out_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/classes");
    std::fs::create_dir_all(&out_dir).expect("docs/classes");
    for doc in documents() {
        let Some((pages, ex)) = read(&doc) else {
            return;
        };
        let page = picture_page(&doc, &ex);
        let opts = Options {
            pages: Some(vec![page]),
            table: None,
        };
        let source = format!("{}.pdf", doc.name);
        let views = render(&pages, extracted_of(&ex), &source, &opts);
        let site = tempfile::tempdir().expect("site dir");
        write(site.path(), &source, &views, extracted_of(&ex)).expect("inspect pages written");
        let view = views.first().expect("the page is rendered");
        let url = format!("file://{}", site.path().join(&view.file_name).display());
        let png = out_dir.join(format!("{}.png", doc.name));
        // Landscape pages get a wider window.
        let p = &pages[usize::try_from(page - 1).expect("page index")];
        let (w, h) = if p.width > p.height {
            (1500, 820)
        } else {
            (1300, 900)
        };
        let mut size = u64::MAX;
        for scale in [0.8, 0.7, 0.6, 0.5] {
            screenshot(&bin, &url, &png, w, h, scale);
            size = std::fs::metadata(&png).expect("screenshot written").len();
            if size <= PICTURE_LIMIT {
                break;
            }
        }
        println!("{}: {} bytes", png.display(), size);
        assert!(size <= PICTURE_LIMIT, "{} is {size} bytes", png.display());
    }
}
