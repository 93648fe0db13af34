//! One inspection page: the PDF page drawn as SVG (words at their positions,
//! rules, shading) with every table found on it outlined (table, rows,
//! columns, cells, caption), and a side panel with those tables as
//! extracted and the findings that point at them.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use kommunetall_model::{BBox, Diagnostic, Location, RowClass, Table};
use kommunetall_pdf::{Page, Word};

use crate::html::{Kind, esc, frag, num, page_file_name, rect_attrs};
use crate::style::{CSS, JS};

/// The 1-based pages a table touches: its page range and every page a row
/// label or cell was read from, ascending.
#[must_use]
pub fn table_pages(t: &Table) -> Vec<u32> {
    let mut v = Vec::new();
    if let Location::Pages { first, last } = t.location {
        if last >= first && last - first <= 1000 {
            v.extend(first..=last);
        } else {
            v.push(first);
        }
    }
    for r in &t.rows {
        v.extend(r.page);
        v.extend(r.cells.iter().filter_map(|c| c.page));
    }
    v.sort_unstable();
    v.dedup();
    v
}

/// The page a table starts on, when it comes from a PDF.
fn first_page(t: &Table) -> Option<u32> {
    match t.location {
        Location::Pages { first, .. } => Some(first),
        Location::Sheet { .. } => None,
    }
}

/// A row label (`col == 0`) or value cell (`col >= 1`) with a box on the
/// page being drawn.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Placed {
    pub(crate) row: usize,
    pub(crate) col: usize,
    pub(crate) bbox: BBox,
}

/// The labels and cells of `t` that have a box on page `p`. A label without
/// a page is on the table's first page; a cell without a page is on its
/// row's page.
pub(crate) fn placed(t: &Table, p: u32) -> Vec<Placed> {
    let first = first_page(t);
    let mut out = Vec::new();
    for (ri, r) in t.rows.iter().enumerate() {
        let rp = r.page.or(first);
        if let Some(b) = r.label_bbox
            && rp == Some(p)
        {
            out.push(Placed {
                row: ri,
                col: 0,
                bbox: b,
            });
        }
        for (ci, c) in r.cells.iter().enumerate() {
            if let Some(b) = c.bbox
                && c.page.or(rp) == Some(p)
            {
                out.push(Placed {
                    row: ri,
                    col: ci + 1,
                    bbox: b,
                });
            }
        }
    }
    out
}

fn union_all(boxes: impl IntoIterator<Item = BBox>) -> Option<BBox> {
    boxes.into_iter().reduce(BBox::union)
}

/// Findings of one table located at its cells: `(row, col)` → findings.
///
/// A finding names a row label, maybe a column label and the text found.
/// Labels repeat (several rows "Arbeidstilsynet"), so the rows are narrowed
/// to the finding's page and the cells to those holding the text found. A
/// finding that names a row but no cell is put on the row label.
fn finding_marks<'a>(
    t: &Table,
    diags: &[&'a Diagnostic],
) -> HashMap<(usize, usize), Vec<&'a Diagnostic>> {
    let labels: Vec<String> = (0..=t.n_cols).map(|j| t.column_label(j)).collect();
    let first = first_page(t);
    let mut marks: HashMap<(usize, usize), Vec<&Diagnostic>> = HashMap::new();
    for d in diags {
        let Some(rl) = d.row_label.as_deref() else {
            continue;
        };
        let mut rows: Vec<usize> = t
            .rows
            .iter()
            .enumerate()
            .filter(|(_, r)| r.label.trim() == rl.trim())
            .map(|(i, _)| i)
            .collect();
        if let Some(p) = d.page {
            let on_page: Vec<usize> = rows
                .iter()
                .copied()
                .filter(|&ri| {
                    t.rows.get(ri).is_some_and(|r| {
                        let rp = r.page.or(first);
                        rp == Some(p) || r.cells.iter().any(|c| c.page.or(rp) == Some(p))
                    })
                })
                .collect();
            if !on_page.is_empty() {
                rows = on_page;
            }
        }
        let cols: Vec<usize> = match d.column_label.as_deref() {
            Some(cl) => (1..=t.n_cols)
                .filter(|&j| labels.get(j).is_some_and(|l| l == cl))
                .collect(),
            None => Vec::new(),
        };
        let text_at = |ri: usize, j: usize| {
            t.rows
                .get(ri)
                .and_then(|r| j.checked_sub(1).and_then(|k| r.cells.get(k)))
                .map(|c| c.text.trim())
        };
        let mut cells: Vec<(usize, usize)> = Vec::new();
        if let Some(actual) = d.actual.as_deref().map(str::trim) {
            let search: Vec<usize> = if cols.is_empty() {
                (1..=t.n_cols).collect()
            } else {
                cols.clone()
            };
            for &ri in &rows {
                cells.extend(
                    search
                        .iter()
                        .filter(|&&j| text_at(ri, j) == Some(actual))
                        .map(|&j| (ri, j)),
                );
            }
        }
        if cells.is_empty() {
            for &ri in &rows {
                if cols.is_empty() {
                    cells.push((ri, 0));
                } else {
                    cells.extend(cols.iter().map(|&j| (ri, j)));
                }
            }
        }
        for key in cells {
            marks.entry(key).or_default().push(d);
        }
    }
    marks
}

/// Everything a page view needs.
pub(crate) struct PageView<'a> {
    pub(crate) page: &'a Page,
    pub(crate) tables: &'a [Table],
    pub(crate) diagnostics: &'a [Diagnostic],
    pub(crate) source_name: &'a str,
    pub(crate) prev: Option<u32>,
    pub(crate) next: Option<u32>,
}

/// A rendered page view.
pub(crate) struct Rendered {
    pub(crate) html: String,
    pub(crate) cells_outlined: usize,
    pub(crate) tables: Vec<String>,
}

/// One table as it appears on the page being drawn.
struct OnPage<'a> {
    table: &'a Table,
    anchor: String,
    placed: Vec<Placed>,
    findings: Vec<&'a Diagnostic>,
    marks: HashMap<(usize, usize), Vec<&'a Diagnostic>>,
}

pub(crate) fn render_page(v: &PageView<'_>) -> Rendered {
    let p = v.page.number;
    let mut used_anchors: HashSet<String> = HashSet::new();
    let mut on_page: Vec<OnPage<'_>> = Vec::new();
    for t in v.tables {
        let placed = placed(t, p);
        if placed.is_empty() && !table_pages(t).contains(&p) {
            continue;
        }
        let mut anchor = format!("table-{}", t.table_id);
        let mut n = 1;
        while !used_anchors.insert(anchor.clone()) {
            n += 1;
            anchor = format!("table-{}-{n}", t.table_id);
        }
        let findings: Vec<&Diagnostic> = v
            .diagnostics
            .iter()
            .filter(|d| d.table_id.as_deref() == Some(t.table_id.as_str()))
            .collect();
        let marks = finding_marks(t, &findings);
        on_page.push(OnPage {
            table: t,
            anchor,
            placed,
            findings,
            marks,
        });
    }
    let ids_here: HashSet<&str> = on_page.iter().map(|o| o.table.table_id.as_str()).collect();
    let page_findings: Vec<&Diagnostic> = v
        .diagnostics
        .iter()
        .filter(|d| d.page == Some(p))
        .filter(|d| {
            d.table_id
                .as_deref()
                .is_none_or(|id| !ids_here.contains(id))
        })
        .collect();

    let mut svg = String::with_capacity(64 * 1024);
    let cells_outlined = draw_svg(&mut svg, v.page, &on_page);

    let mut panel = String::with_capacity(32 * 1024);
    draw_panel(&mut panel, v, &on_page, &page_findings);

    let n_findings: usize =
        on_page.iter().map(|o| o.findings.len()).sum::<usize>() + page_findings.len();
    let mut html = String::with_capacity(svg.len() + panel.len() + 8 * 1024);
    let title = format!("{} — page {p}", v.source_name);
    let _ = write!(
        html,
        "<!DOCTYPE html>\n<html lang=\"no\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<header class=\"bar\">\
         <a href=\"index.html\">index</a>",
        esc(&title)
    );
    match v.prev {
        Some(q) => {
            let _ = write!(html, "<a href=\"{}\">← page {q}</a>", page_file_name(q));
        }
        None => html.push_str("<span class=\"none\">← first</span>"),
    }
    let _ = write!(html, "<span class=\"src\">{}</span>", esc(&title));
    match v.next {
        Some(q) => {
            let _ = write!(html, "<a href=\"{}\">page {q} →</a>", page_file_name(q));
        }
        None => html.push_str("<span class=\"none\">last →</span>"),
    }
    let _ = write!(
        html,
        "<span class=\"stats\">{} table(s) · {cells_outlined} cells outlined · {n_findings} finding(s)</span>",
        on_page.len()
    );
    html.push_str(LEGEND);
    html.push_str("</header>\n<main class=\"view\">\n<div id=\"page\">\n");
    html.push_str(&svg);
    html.push_str("</div>\n<aside id=\"panel\">\n");
    html.push_str(&panel);
    let _ = write!(
        html,
        "</aside>\n</main>\n<script>{JS}</script>\n</body>\n</html>\n"
    );
    Rendered {
        html,
        cells_outlined,
        tables: on_page.iter().map(|o| o.table.table_id.clone()).collect(),
    }
}

const LEGEND: &str = concat!(
    "<span class=\"legend\">",
    "<span class=\"item\"><span class=\"sw\" data-kind=\"number\"></span>number</span>",
    "<span class=\"item\"><span class=\"sw\" data-kind=\"missing\"></span>missing (- ..)</span>",
    "<span class=\"item\"><span class=\"sw\" data-kind=\"malformed\"></span>malformed number</span>",
    "<span class=\"item\"><span class=\"sw\" data-kind=\"text\"></span>text</span>",
    "<span class=\"item\"><span class=\"sw\" data-kind=\"empty\"></span>empty</span>",
    "<span class=\"item\"><span class=\"sw sum\"></span>sum row</span>",
    "<span class=\"item\"><span class=\"sw section\"></span>section row</span>",
    "<span class=\"item\"><span class=\"sw tbl\"></span>table</span>",
    "<span class=\"item\"><span class=\"sw rowband\"></span>row</span>",
    "<span class=\"item\"><span class=\"sw colband\"></span>column</span>",
    "<span class=\"item\"><span class=\"sw finding\"></span>finding</span>",
    "</span>"
);

/// Where the caption of a table is printed on `page`: the longest run of
/// words that spells its first words ("Tabell 1.4 Brutto …"), at least three
/// of them (so that a mention "Tabell 1.4 viser …" in the text does not
/// count) or the whole caption when it is shorter.
fn caption_box(page: &Page, caption: &str) -> Option<BBox> {
    let tokens: Vec<&str> = caption.split_whitespace().collect();
    let need = tokens.len().min(3);
    if need == 0 {
        return None;
    }
    let words: &[Word] = &page.words;
    let mut best: Option<(usize, BBox)> = None;
    for i in 0..words.len() {
        let mut b: Option<BBox> = None;
        let mut k = 0;
        while let (Some(w), Some(tok)) = (words.get(i + k), tokens.get(k)) {
            if w.text.trim() != *tok {
                break;
            }
            b = Some(b.map_or(w.bbox, |x| x.union(w.bbox)));
            k += 1;
        }
        if let Some(b) = b
            && k >= need
            && best.is_none_or(|(n, _)| k > n)
        {
            best = Some((k, b));
        }
    }
    best.map(|(_, b)| b)
}

/// Draws the SVG of the page; returns the number of cell rectangles.
fn draw_svg(s: &mut String, page: &Page, on_page: &[OnPage<'_>]) -> usize {
    draw_paper(s, page);
    let mut cells = 0;
    for o in on_page {
        let id = esc(&o.table.table_id);
        let _ = writeln!(s, "<g class=\"tbl\" data-table=\"{id}\">");
        draw_outline(s, page, o, &id);
        // Cells last, so that they are on top for the pointer.
        cells += draw_cells(s, o, &id);
        s.push_str("</g>\n");
    }
    s.push_str("<g class=\"words\">\n");
    for wd in &page.words {
        draw_word(s, wd);
    }
    s.push_str("</g>\n</svg>\n");
    cells
}

/// The `<svg>` element's start, the paper, the shading and the rules.
fn draw_paper(s: &mut String, page: &Page) {
    let w = if page.width.is_finite() && page.width > 0.0 {
        page.width
    } else {
        595.0
    };
    let h = if page.height.is_finite() && page.height > 0.0 {
        page.height
    } else {
        842.0
    };
    let _ = writeln!(
        s,
        "<svg class=\"pdf\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\" aria-label=\"page {n}\">",
        w = num(w),
        h = num(h),
        n = page.number
    );
    let _ = writeln!(
        s,
        "<rect class=\"paper\" x=\"0\" y=\"0\" width=\"{}\" height=\"{}\"/>",
        num(w),
        num(h)
    );
    s.push_str("<g class=\"shading\">");
    for f in &page.fills {
        let _ = write!(s, "<rect class=\"shade\" {}/>", rect_attrs(*f, 0.0));
    }
    s.push_str("</g>\n<g class=\"rules\">");
    for r in &page.rules {
        // A rule is a box of tiny width or height; give it a visible thickness.
        let mut b = *r;
        if b.height().abs() < 0.4 {
            let c = (b.y0 + b.y1) / 2.0;
            b.y0 = c - 0.2;
            b.y1 = c + 0.2;
        }
        if b.width().abs() < 0.4 {
            let c = (b.x0 + b.x1) / 2.0;
            b.x0 = c - 0.2;
            b.x1 = c + 0.2;
        }
        let _ = write!(s, "<rect class=\"rule\" {}/>", rect_attrs(b, 0.0));
    }
    s.push_str("</g>\n");
}

/// A table's outline, column and row bands, name tag and caption (`id` is
/// its escaped id).
fn draw_outline(s: &mut String, page: &Page, o: &OnPage<'_>, id: &str) {
    let t = o.table;
    let tbox = union_all(o.placed.iter().map(|c| c.bbox));
    if let Some(tb) = tbox {
        let _ = writeln!(
            s,
            "<rect class=\"table\" data-table=\"{id}\" {}><title>Tabell {id}: {} rows × {} value columns</title></rect>",
            rect_attrs(tb, 2.0),
            t.rows.len(),
            t.n_cols
        );
        // Column bands.
        for j in 0..=t.n_cols {
            if let Some(cb) = union_all(o.placed.iter().filter(|c| c.col == j).map(|c| c.bbox)) {
                let band = BBox {
                    x0: cb.x0,
                    x1: cb.x1,
                    y0: tb.y0,
                    y1: tb.y1,
                };
                let label = if j == 0 {
                    "row labels".to_owned()
                } else {
                    t.column_label(j)
                };
                let _ = writeln!(
                    s,
                    "<rect class=\"col\" data-table=\"{id}\" data-col-band=\"{j}\" {}><title>column {j}: {}</title></rect>",
                    rect_attrs(band, 1.0),
                    esc(&label)
                );
            }
        }
        // Row bands, across the whole table.
        for (ri, row) in t.rows.iter().enumerate() {
            if let Some(rb) = union_all(o.placed.iter().filter(|c| c.row == ri).map(|c| c.bbox)) {
                let band = BBox {
                    x0: tb.x0,
                    x1: tb.x1,
                    y0: rb.y0,
                    y1: rb.y1,
                };
                let _ = writeln!(
                    s,
                    "<rect class=\"row\" data-table=\"{id}\" data-row-band=\"{ri}\" data-class=\"{}\" {}/>",
                    row.class.as_str(),
                    rect_attrs(band, 1.0)
                );
            }
        }
        // The table's name, turned upright in the margin left of the
        // outline, where it hides no text of the table.
        let (x, y) = (num(tb.x0 - 4.0), num(tb.y0 - 2.0));
        let _ = writeln!(
            s,
            "<a href=\"#{}\"><text class=\"tag\" x=\"{x}\" y=\"{y}\" transform=\"rotate(-90 {x} {y})\" text-anchor=\"end\">Tabell {id}</text></a>",
            frag(&o.anchor)
        );
    }
    // Caption, linked to the panel and to the table outline.
    if let Some(cb) = t.caption.as_deref().and_then(|c| caption_box(page, c)) {
        let _ = writeln!(
            s,
            "<a href=\"#{}\"><rect class=\"caption\" data-table=\"{id}\" {}><title>caption of Tabell {id}</title></rect></a>",
            frag(&o.anchor),
            rect_attrs(cb, 1.5)
        );
        if let Some(tb) = tbox {
            let _ = writeln!(
                s,
                "<line class=\"link\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>",
                num(cb.x0 - 1.5),
                num(cb.y1 + 1.5),
                num(tb.x0 - 2.0),
                num(tb.y0 - 2.0)
            );
        }
    }
}

/// The table's row labels and cells on the page (`id` is its escaped id);
/// returns how many were drawn.
fn draw_cells(s: &mut String, o: &OnPage<'_>, id: &str) -> usize {
    let t = o.table;
    let mut cells = 0;
    for c in &o.placed {
        let Some(row) = t.rows.get(c.row) else {
            continue;
        };
        let (kind, text, value, note) = if c.col == 0 {
            (Kind::of_text(&row.label), row.label.as_str(), None, None)
        } else {
            let Some(cell) = row.cells.get(c.col - 1) else {
                continue;
            };
            let parsed = kommunetall_lexicon::parse(&cell.text).value();
            let note = (parsed != cell.value).then(|| match parsed {
                Some(x) => format!("the text parses as {x}"),
                None => "the text does not parse as a number".to_owned(),
            });
            (Kind::of_cell(cell), cell.text.as_str(), cell.value, note)
        };
        let found = o.marks.get(&(c.row, c.col));
        let _ = write!(
            s,
            "<rect class=\"cell\" data-table=\"{id}\" data-row=\"{}\" data-col=\"{}\" data-kind=\"{}\"",
            c.row,
            c.col,
            kind.as_str()
        );
        if let Some(f) = found {
            let rules: Vec<&str> = f.iter().map(|d| d.rule.as_str()).collect();
            let _ = write!(s, " data-finding=\"{}\"", esc(&rules.join(" ")));
        }
        let _ = write!(s, " {}><title>", rect_attrs(c.bbox, 0.0));
        let _ = write!(
            s,
            "Tabell {id} · row {} · column {}\nrow: {}{}\ncolumn: {}\ntext: “{}”\nvalue: {}\nparsed as: {}",
            c.row,
            c.col,
            esc(&row.label),
            match row.class {
                RowClass::Body => "",
                RowClass::Sum => " (sum row)",
                RowClass::Section => " (section row)",
            },
            esc(&if c.col == 0 {
                "(row label)".to_owned()
            } else {
                t.column_label(c.col)
            }),
            esc(text),
            value.map_or_else(|| "—".to_owned(), |x| x.to_string()),
            kind.as_str()
        );
        if let Some(n) = note {
            let _ = write!(s, " ({})", esc(&n));
        }
        for d in found.into_iter().flatten() {
            let _ = write!(s, "\nfinding {}: {}", esc(&d.rule), esc(&d.message));
        }
        s.push_str("</title></rect>\n");
        cells += 1;
    }
    cells
}

fn draw_word(s: &mut String, w: &Word) {
    let b = w.bbox;
    let height = b.height().abs();
    let width = b.width().abs();
    // The box runs from ascent to descent, a little more than the font size.
    let size = if w.font_size.is_finite() && w.font_size > 0.5 && w.font_size < height * 1.6 {
        w.font_size
    } else {
        height / 1.15
    };
    if !(size.is_finite() && size > 0.0) || w.text.trim().is_empty() {
        return;
    }
    let y = if w.baseline.is_finite() && w.baseline >= b.y0 - 1.0 && w.baseline <= b.y1 + 1.0 {
        w.baseline
    } else {
        b.y1 - height * 0.2
    };
    let _ = write!(
        s,
        "<text x=\"{}\" y=\"{}\" font-size=\"{}\"",
        num(b.x0.min(b.x1)),
        num(y),
        num(size)
    );
    if width > 0.5 {
        let _ = write!(
            s,
            " textLength=\"{}\" lengthAdjust=\"spacingAndGlyphs\"",
            num(width)
        );
    }
    if w.bold {
        s.push_str(" font-weight=\"bold\"");
    }
    let _ = writeln!(s, ">{}</text>", esc(&w.text));
}

/// The side panel: each table on the page as extracted, with its findings,
/// then the page's other findings.
fn draw_panel(
    s: &mut String,
    v: &PageView<'_>,
    on_page: &[OnPage<'_>],
    page_findings: &[&Diagnostic],
) {
    let p = v.page.number;
    let _ = writeln!(s, "<h1>Page {p}: {} table(s) found</h1>", on_page.len());
    if on_page.is_empty() {
        s.push_str("<p class=\"none\">No table was detected on this page.</p>\n");
    }
    for o in on_page {
        draw_table(s, o, p);
    }
    if !page_findings.is_empty() {
        s.push_str("<h2>Other findings on this page</h2>\n");
        draw_findings(s, page_findings);
    }
}

fn draw_table(s: &mut String, o: &OnPage<'_>, p: u32) {
    let t = o.table;
    let id = esc(&t.table_id);
    let _ = write!(s, "<section class=\"tbl\">\n<h2 id=\"{}\">", esc(&o.anchor));
    let name = format!("Tabell {}", t.table_id);
    match &t.caption {
        Some(c) => match c.strip_prefix(name.as_str()) {
            // The caption starts with its own number: colour that part.
            Some(rest) => {
                let _ = write!(s, "<span class=\"tid\">{}</span>{}", esc(&name), esc(rest));
            }
            None => {
                let _ = write!(s, "<span class=\"tid\">{}</span> {}", esc(&name), esc(c));
            }
        },
        None => {
            let _ = write!(
                s,
                "<span class=\"tid\">{}</span> <span class=\"none\">(no caption)</span>",
                esc(&name)
            );
        }
    }
    s.push_str("</h2>\n<p class=\"meta\">");
    let pages = table_pages(t);
    match (pages.first(), pages.last()) {
        (Some(a), Some(b)) if a == b => {
            let _ = write!(s, "page {a}");
        }
        (Some(a), Some(b)) => {
            let _ = write!(s, "pages {a}–{b}");
        }
        _ => s.push_str("no page"),
    }
    let _ = write!(
        s,
        " · {} rows × {} value columns · {} outlined here",
        t.rows.len(),
        t.n_cols,
        o.placed.len()
    );
    if let Some(u) = t.unit {
        let _ = write!(s, " · unit: {}", esc(u.as_str()));
    }
    let sums = t.rows.iter().filter(|r| r.class == RowClass::Sum).count();
    let sections = t
        .rows
        .iter()
        .filter(|r| r.class == RowClass::Section)
        .count();
    let _ = write!(s, " · {sums} sum row(s), {sections} section row(s)");
    if !o.findings.is_empty() {
        let _ = write!(s, " · <b>{} finding(s)</b>", o.findings.len());
    }
    s.push_str("</p>\n<div class=\"scroll\"><table class=\"ext\">\n");
    if !t.header.is_empty() {
        s.push_str("<thead>\n");
        for hrow in &t.header {
            s.push_str("<tr>");
            for hc in hrow {
                let span = hc.span.max(1);
                if span > 1 {
                    let _ = write!(s, "<th colspan=\"{span}\">{}</th>", esc(&hc.text));
                } else {
                    let _ = write!(s, "<th>{}</th>", esc(&hc.text));
                }
            }
            s.push_str("</tr>\n");
        }
        s.push_str("</thead>\n");
    }
    s.push_str("<tbody>\n");
    let first = first_page(t);
    for (ri, r) in t.rows.iter().enumerate() {
        let rp = r.page.or(first);
        let _ = write!(s, "<tr data-class=\"{}\"", r.class.as_str());
        if let Some(q) = rp.filter(|&q| q != p) {
            let _ = write!(s, " data-elsewhere=\"{q}\"");
        }
        let _ = write!(
            s,
            "><th data-table=\"{id}\" data-row=\"{ri}\" data-col=\"0\" data-kind=\"{}\"",
            Kind::of_text(&r.label).as_str()
        );
        let mut tip = match r.class {
            RowClass::Body => "row label".to_owned(),
            RowClass::Sum => "row label (sum row)".to_owned(),
            RowClass::Section => "row label (section row)".to_owned(),
        };
        if let Some(q) = rp {
            let _ = write!(tip, " · page {q}");
        }
        finding_attrs(s, o.marks.get(&(ri, 0)), tip);
        let _ = write!(s, ">{}</th>", esc(&r.label));
        for (ci, c) in r.cells.iter().enumerate() {
            let kind = Kind::of_cell(c);
            let _ = write!(
                s,
                "<td data-table=\"{id}\" data-row=\"{ri}\" data-col=\"{}\" data-kind=\"{}\"",
                ci + 1,
                kind.as_str()
            );
            let mut tip = format!("{} · ", t.column_label(ci + 1));
            match c.value {
                Some(x) => {
                    let _ = write!(tip, "value {x}");
                }
                None => tip.push_str("no value"),
            }
            if let Some(u) = &c.unit {
                let _ = write!(tip, " ({u})");
            }
            if let Some(q) = c.page.or(rp) {
                let _ = write!(tip, " · page {q}");
            }
            if c.bbox.is_none() {
                tip.push_str(" · no position");
            }
            finding_attrs(s, o.marks.get(&(ri, ci + 1)), tip);
            let _ = write!(s, ">{}</td>", esc(&c.text));
        }
        s.push_str("</tr>\n");
    }
    s.push_str("</tbody>\n</table></div>\n");
    if !t.notes.is_empty() {
        s.push_str("<ul class=\"notes\">");
        for n in &t.notes {
            let _ = write!(s, "<li>{}</li>", esc(n));
        }
        s.push_str("</ul>\n");
    }
    if o.findings.is_empty() {
        s.push_str("<p class=\"none\">No findings.</p>\n");
    } else {
        draw_findings(s, &o.findings);
    }
    s.push_str("</section>\n");
}

/// The `data-finding` (when findings name the cell) and `title` attributes
/// of a panel cell; the title is `tip` and the findings' messages.
fn finding_attrs(s: &mut String, found: Option<&Vec<&Diagnostic>>, mut tip: String) {
    if let Some(f) = found {
        let rules: Vec<&str> = f.iter().map(|d| d.rule.as_str()).collect();
        let _ = write!(s, " data-finding=\"{}\"", esc(&rules.join(" ")));
        for d in f {
            let _ = write!(tip, "\n{}: {}", d.rule, d.message);
        }
    }
    let _ = write!(s, " title=\"{}\"", esc(&tip));
}

fn draw_findings(s: &mut String, ds: &[&Diagnostic]) {
    s.push_str("<ul class=\"findings\">\n");
    for d in ds {
        let _ = write!(
            s,
            "<li data-sev=\"{}\"><b>{}</b> ({})",
            d.severity.as_str(),
            esc(&d.rule),
            d.severity.as_str()
        );
        if let Some(q) = d.page {
            let _ = write!(s, " p. {q}");
        }
        let place: Vec<String> = [d.row_label.as_deref(), d.column_label.as_deref()]
            .into_iter()
            .flatten()
            .filter(|x| !x.is_empty())
            .map(|x| format!("<i>{}</i>", esc(x)))
            .collect();
        if !place.is_empty() {
            let _ = write!(s, " {}", place.join(" / "));
        }
        let _ = write!(s, ": {}", esc(&d.message));
        match (&d.expected, &d.actual) {
            (Some(e), Some(a)) => {
                let _ = write!(s, " (expected {}, found {})", esc(e), esc(a));
            }
            (Some(e), None) => {
                let _ = write!(s, " (expected {})", esc(e));
            }
            (None, Some(a)) => {
                let _ = write!(s, " (found {})", esc(a));
            }
            (None, None) => {}
        }
        s.push_str("</li>\n");
    }
    s.push_str("</ul>\n");
}
