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
//! body rows ([`rows`]) and table assembly ([`grid`]). Numbers are parsed
//! with `kommunetall-num` only; a malformed number keeps its text, gets no
//! value and raises an `unparseable_number` diagnostic. Never panics.

mod columns;
mod detect;
mod grid;
mod header;
mod lines;
mod rows;
mod stitch;

use kommunetall_model::Severity;
pub use kommunetall_model::{Diagnostic, Table};
use kommunetall_pdf::Page;

/// Tables and diagnostics found on a set of pages.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extraction {
    /// Tables in reading order.
    pub tables: Vec<Table>,
    /// Soft problems met on the way.
    pub diagnostics: Vec<Diagnostic>,
}

/// Finds every table on the pages and rebuilds its grid.
#[must_use]
pub fn extract(pages: &[Page]) -> Extraction {
    let mut per_page: Vec<(f64, Vec<lines::Line>)> = pages
        .iter()
        .map(|p| (p.height, lines::page_lines(p)))
        .collect();
    lines::remove_furniture(&mut per_page);
    let page_lines: Vec<Vec<lines::Line>> = per_page.into_iter().map(|(_, l)| l).collect();
    let vertical: Vec<_> = pages.iter().map(lines::vertical_rules).collect();
    let horizontal: Vec<_> = pages.iter().map(lines::horizontal_rules).collect();

    let mut regions = Vec::new();
    for (idx, (page, lines)) in pages.iter().zip(&page_lines).enumerate() {
        regions.extend(detect::regions(lines, page.number, idx));
    }
    stitch::attach_captions(&mut regions, &page_lines);
    for r in &regions {
        tracing::debug!(
            page = r.page,
            first = r.first,
            last = r.last,
            caption = ?r.caption.as_ref().map(|c| c.id.clone()),
            "table region"
        );
    }
    let mut groups = stitch::group(regions, &page_lines);
    // Tables without a caption need at least two tabular lines. This is
    // checked after stitching, so that a single row carried over to the next
    // page stays with its table.
    groups.retain(|g| {
        g.first().is_some_and(|r| r.caption.is_some())
            || g.iter()
                .flat_map(|r| &r.lines)
                .filter(|l| l.is_multi())
                .count()
                >= 2
    });

    let mut out = Extraction::default();
    let rules = grid::PageRules {
        vertical: &vertical,
        horizontal: &horizontal,
    };
    let mut per_page_count: std::collections::HashMap<u32, usize> =
        std::collections::HashMap::new();
    for g in &groups {
        let Some(first) = g.first() else { continue };
        let n = per_page_count.entry(first.page).or_default();
        *n += 1;
        let id = first
            .caption
            .as_ref()
            .map_or_else(|| format!("p{}-t{}", first.page, n), |c| c.id.clone());
        match grid::build(g, &id, &rules, &mut out.diagnostics) {
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
    out
}
