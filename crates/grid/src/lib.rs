//! Finds tables on PDF pages and rebuilds their grids.
//!
//! [`extract`] takes [`Page`]s (positioned words and ruling lines) and returns
//! the tables it finds: caption and table number, unit, header rows with
//! spans, body rows with label, class and cells, notes, and the page range.
//! It reads alignment of text first and uses rules only as an extra signal,
//! so borderless tables work as well as ruled ones.
//!
//! Pipeline: words → lines and segments ([`lines`]), running headers and
//! footers removed, tabular regions and captions ([`detect`]), continuation
//! across pages ([`stitch`]), columns ([`columns`]), header rows ([`header`]),
//! body rows ([`rows`]) and table assembly ([`assemble`]). Numbers are parsed
//! with `kommunetall-lexicon` only; a malformed number keeps its text, gets no
//! value and raises an `unparseable_number` diagnostic. Never panics.

mod assemble;
mod columns;
mod detect;
mod header;
mod laid;
mod lines;
mod rows;
mod stitch;
mod tall;
mod words;

use kommunetall_model::Severity;
pub use kommunetall_model::{Diagnostic, Table};
use kommunetall_pdf::Page;

/// Tables and diagnostics found on a set of pages: the one extraction type
/// every extractor returns (`report_year`, `pages_or_sheets` and `producer`
/// are the caller's, who knows the document; [`extract`] leaves them empty).
pub use kommunetall_model::Extraction;

/// A note for a page with words drawn turned against its reading
/// direction (sideways headings, chart axis titles, stamps): they are not
/// read into tables, and the note says what they were.
fn turned_text(page: &Page) -> Option<Diagnostic> {
    if page.turned.is_empty() {
        return None;
    }
    let mut sample = String::new();
    for w in &page.turned {
        if sample.chars().count() > 60 {
            sample.push('…');
            break;
        }
        if !sample.is_empty() {
            sample.push(' ');
        }
        sample.push_str(&w.text);
    }
    let numbers = page
        .turned
        .iter()
        .filter(|w| w.text.chars().any(|c| c.is_ascii_digit()))
        .count();
    let mut d = Diagnostic::new(
        "text_turned",
        if numbers > 0 {
            Severity::Warning
        } else {
            Severity::Info
        },
        format!(
            "{} word(s) drawn turned against the page ({numbers} with digits) were not read into tables",
            page.turned.len()
        ),
    );
    d.page = Some(page.number);
    d.actual = Some(sample);
    Some(d)
}

/// Whether the numbers of a table region stand in columns: most of them
/// share a left edge, right edge or centre with another number. The value
/// labels of a chart (at the ends of bars) are scattered instead.
fn numbers_aligned(g: &[detect::Region]) -> bool {
    let boxes: Vec<(u32, kommunetall_model::BBox)> = g
        .iter()
        .flat_map(|r| &r.lines)
        .flat_map(|l| l.segs.iter().map(move |s| (l.page, s)))
        .filter(|(_, s)| s.number().is_some())
        .map(|(p, s)| (p, s.bbox))
        .collect();
    if boxes.len() < 6 {
        return true;
    }
    let near = |a: f64, b: f64| (a - b).abs() <= 1.5;
    let aligned = boxes
        .iter()
        .enumerate()
        .filter(|(i, (p, a))| {
            boxes.iter().enumerate().any(|(j, (q, b))| {
                j != *i
                    && p == q
                    && (b.y0 - a.y0).abs() > 1.0
                    && (near(a.x0, b.x0) || near(a.x1, b.x1) || near(a.x0 + a.x1, b.x0 + b.x1))
            })
        })
        .count();
    aligned * 2 >= boxes.len()
}

/// Whether an uncaptioned group is the scale of a chart rather than a
/// table: four lines or more in a row holding nothing but a few numbers
/// each (the tick values of the axes of a chart or two side by side), every
/// column of them stepping evenly ("1400", "1200", … "0"), and no line
/// anywhere with a label beside a number. (A column of brackets beside
/// amounts is a table: the amounts do not step evenly.)
fn chart_axis(g: &[detect::Region]) -> bool {
    let lines: Vec<&lines::Line> = g.iter().flat_map(|r| &r.lines).collect();
    if lines.iter().any(|l| labelled(l)) {
        return false;
    }
    let ticks: Vec<Option<Vec<f64>>> = lines
        .iter()
        .map(|l| {
            let nums: Vec<f64> = l.segs.iter().filter_map(lines::Seg::number).collect();
            (nums.len() == l.segs.len() && (1..=4).contains(&nums.len())).then_some(nums)
        })
        .collect();
    let even = |w: &[Option<Vec<f64>>]| -> bool {
        let [Some(a), Some(b), Some(c)] = w else {
            return false;
        };
        a.len() == b.len()
            && b.len() == c.len()
            && (0..a.len()).all(|k| even_step(&[a[k], b[k], c[k]]).is_some_and(|d| d != 0.0))
    };
    // A scale is most of its group: a long grid of numbers whose last
    // short lines happen to step evenly (row numbers beside counts) is data.
    if ticks.iter().filter(|t| t.is_some()).count() * 2 < ticks.len() {
        return false;
    }
    // Four lines: two overlapping windows of three, each stepping evenly
    // (so all by the same step).
    ticks.windows(4).any(|w| even(&w[..3]) && even(&w[1..]))
}

/// Whether an uncaptioned group is the scales of charts read column by
/// column: nine in ten of its numbers stand in columns (a shared right or
/// left edge on a page) of three numbers or more that step evenly down
/// from top to bottom, as a vertical axis does ("60", "50", "40", … "0" at
/// each side of a chart; a right axis ticked on every other line), or on a
/// line of four or more stepping evenly up from left to right (a
/// horizontal axis), and no line has a label before a number. A table's column of evenly stepping
/// thresholds or years stands beside amounts that do not step, and
/// numbered rows count up.
fn tick_columns(g: &[detect::Region]) -> bool {
    let lines: Vec<&lines::Line> = g.iter().flat_map(|r| &r.lines).collect();
    if lines.iter().any(|l| labelled(l)) {
        return false;
    }
    // (page, left, right, top, value) of every number.
    let nums: Vec<(u32, f64, f64, f64, f64)> = lines
        .iter()
        .flat_map(|l| {
            l.segs.iter().filter_map(move |s| {
                s.number()
                    .map(|v| (l.page, s.bbox.x0, s.bbox.x1, s.bbox.y0, v))
            })
        })
        .collect();
    if nums.len() < 8 {
        return false;
    }
    // The numbers sharing an edge with number `i`, top to bottom: a scale
    // when three or more step evenly down.
    let steps_evenly = |i: usize, edge: fn(&(u32, f64, f64, f64, f64)) -> f64| {
        let mut col: Vec<&(u32, f64, f64, f64, f64)> = nums
            .iter()
            .filter(|n| n.0 == nums[i].0 && (edge(n) - edge(&nums[i])).abs() <= 1.5)
            .collect();
        col.sort_by(|a, b| a.3.total_cmp(&b.3));
        let values: Vec<f64> = col.iter().map(|n| n.4).collect();
        values.len() >= 3 && even_step(&values).is_some_and(|d| d < 0.0)
    };
    // The numbers of a line of four or more stepping evenly up from left
    // to right: a horizontal axis ("2000", "2005", … "2025").
    let axis_line = |l: &&&lines::Line| {
        let v: Vec<f64> = l.segs.iter().filter_map(lines::Seg::number).collect();
        v.len() >= 4 && even_step(&v).is_some_and(|d| d > 0.0)
    };
    // (A chart has one such line; many are rows of a table.)
    let axes: Vec<&&lines::Line> = lines.iter().filter(axis_line).collect();
    let on_axis: usize = if axes.len() <= 2 {
        axes.iter()
            .map(|l| l.segs.iter().filter(|s| s.number().is_some()).count())
            .sum()
    } else {
        0
    };
    let ticks = (0..nums.len())
        .filter(|&i| steps_evenly(i, |n| n.2) || steps_evenly(i, |n| n.1))
        .count()
        + on_axis;
    ticks * 10 >= nums.len() * 9
}

/// Whether a line has a label before a number: its first segment no
/// number, a later one a number.
fn labelled(l: &lines::Line) -> bool {
    l.segs.first().is_some_and(|s| s.number().is_none())
        && l.segs.iter().skip(1).any(|s| s.number().is_some())
}

/// The step of values that step evenly (each the one before plus the
/// first step, to rounding), `None` for fewer than two or uneven steps.
fn even_step(v: &[f64]) -> Option<f64> {
    let d = v.get(1)? - v.first()?;
    v.windows(2)
        .all(|w| ((w[1] - w[0]) - d).abs() <= 1e-9 * d.abs().max(1.0))
        .then_some(d)
}

/// Finds every table on the pages and rebuilds its grid.
#[must_use]
pub fn extract(pages: &[Page]) -> Extraction {
    let mut per_page: Vec<(f64, Vec<lines::Line>)> = pages
        .iter()
        .map(|p| p.height)
        .zip(lines::document_lines(pages))
        .collect();
    // Twice: a running header of two lines (title over subtitle) is set
    // apart from the text only once its lower line is gone.
    lines::remove_furniture(&mut per_page);
    lines::remove_furniture(&mut per_page);
    let page_lines: Vec<Vec<lines::Line>> = per_page.into_iter().map(|(_, l)| l).collect();
    let vertical: Vec<_> = pages.iter().map(lines::vertical_rules).collect();
    let horizontal: Vec<_> = pages.iter().map(lines::horizontal_rules).collect();

    // Pages' regions, and then tables, are found on every core; results
    // are kept in page (and table) order.
    use rayon::prelude::*;
    let regions: Vec<detect::Region> = pages
        .par_iter()
        .zip(&page_lines)
        .enumerate()
        .flat_map_iter(|(idx, (page, lines))| detect::regions(lines, page.number, idx))
        .collect();
    let mut regions = stitch::join_on_page(regions, &page_lines);
    stitch::attach_captions(&mut regions, &page_lines);
    for r in &regions {
        tracing::debug!(
            page = r.page,
            first = r.first,
            last = r.last,
            caption = ?r.caption.as_ref().map(|c| c.id.clone()),
            top = %r.lines.first().map(lines::Line::text).unwrap_or_default(),
            "table region"
        );
    }
    let mut groups = stitch::group(regions, &page_lines);
    stitch::adopt_label_tails(&mut groups, &page_lines);
    // Tables without a caption need at least two tabular lines. This is
    // checked after stitching, so that a single row carried over to the next
    // page stays with its table.
    // Without a caption, a few lines of running text in two columns and no
    // number anywhere are the ends of prose columns (a short last line of a
    // paragraph beside the other column), not a table. A text table has
    // more rows, and more columns. Numbers that do not stand in columns are
    // the value labels of a chart.
    groups.retain(|g| {
        if g.first().is_some_and(|r| r.caption.is_some()) {
            return true;
        }
        let multi: Vec<&lines::Line> = g
            .iter()
            .flat_map(|r| &r.lines)
            .filter(|l| l.is_multi())
            .collect();
        let numbers = g
            .iter()
            .flat_map(|r| &r.lines)
            .flat_map(|l| &l.segs)
            .any(|s| s.number().is_some());
        let running = multi
            .iter()
            .filter(|l| l.segs.iter().any(lines::Seg::is_running_text))
            .count();
        let wide = multi.iter().any(|l| l.content_segs() >= 3);
        multi.len() >= 2
            && (numbers || running * 2 < multi.len() || (wide && multi.len() > 3))
            && numbers_aligned(g)
            && !chart_axis(g)
            && !tick_columns(g)
    });

    let mut out = Extraction::default();
    out.diagnostics.extend(pages.iter().filter_map(turned_text));
    let words = words::Words::of(&page_lines);
    let doc = assemble::Document {
        vertical: &vertical,
        horizontal: &horizontal,
        words: &words,
    };
    let mut per_page_count: std::collections::HashMap<u32, usize> =
        std::collections::HashMap::new();
    let ids: Vec<Option<String>> = groups
        .iter()
        .map(|g| {
            let first = g.first()?;
            let n = per_page_count.entry(first.page).or_default();
            *n += 1;
            Some(
                first
                    .caption
                    .as_ref()
                    .map_or_else(|| format!("p{}-t{}", first.page, n), |c| c.id.clone()),
            )
        })
        .collect();
    let built: Vec<(Option<Table>, Vec<Diagnostic>)> = groups
        .par_iter()
        .zip(&ids)
        .map(|(g, id)| {
            let mut diags = Vec::new();
            let t = id
                .as_ref()
                .and_then(|id| assemble::build(g, id, &doc, &mut diags));
            (t, diags)
        })
        .collect();
    for ((g, id), (table, diags)) in groups.iter().zip(ids).zip(built) {
        let (Some(first), Some(id)) = (g.first(), id) else {
            continue;
        };
        out.diagnostics.extend(diags);
        match table {
            Some(t) => out.tables.push(t),
            None => {
                if first.caption.is_some() {
                    let mut d = Diagnostic::new(
                        "table_not_rebuilt",
                        Severity::Warning,
                        "a captioned table was found but no grid could be rebuilt",
                    );
                    d.table_id = Some(id);
                    d.page = Some(first.page);
                    out.diagnostics.push(d);
                }
            }
        }
    }
    read_in_convention(&mut out);
    out
}

/// Reads every cell again in the convention the document writes its numbers
/// in, where that is not the Norwegian one ("4,893" is 4 893 where the
/// document prints "1,601.4" and never "1 601,4"), and a lone dot before
/// three digits as its table shows ("9.716" beside "142,8" is 9 716):
/// values, and which cells are malformed numbers.
fn read_in_convention(out: &mut Extraction) {
    use kommunetall_lexicon::{
        Convention, Evidence, Parsed, dot_ambiguous, parse_beside, parse_in,
    };
    fn cells(t: &Table) -> impl Iterator<Item = &str> {
        t.rows
            .iter()
            .flat_map(|r| &r.cells)
            .map(|c| c.text.as_str())
    }
    let document = Evidence::of(out.tables.iter().flat_map(cells));
    let convention = document.convention();
    if convention == Convention::English {
        // The malformed cells, read anew below.
        out.diagnostics.retain(|d| d.rule != "unparseable_number");
    }
    for t in &mut out.tables {
        let table = Evidence::of(cells(t));
        for r in &mut t.rows {
            for c in &mut r.cells {
                // Norwegian: only a lone dot before three digits is read
                // again ("9.716": 9 716 beside "142,8").
                let parsed = match convention {
                    Convention::English => parse_in(&c.text, convention),
                    Convention::Norwegian if dot_ambiguous(&c.text) => parse_beside(&c.text, table),
                    Convention::Norwegian => continue,
                };
                c.value = parsed.value();
                if matches!(parsed, Parsed::Malformed) {
                    out.diagnostics
                        .push(assemble::unparseable_number(&t.table_id, &r.label, c));
                }
            }
        }
    }
    if convention == Convention::Norwegian {
        return;
    }
    out.diagnostics.push(Diagnostic::new(
        "english_numbers",
        Severity::Info,
        "the document writes its numbers the English way (1,234.5): commas read as thousands \
         separators, dots as decimal points",
    ));
}
