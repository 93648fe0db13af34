//! Table classification by content: caption words and characteristic row
//! labels (from the mappings) and the kind of columns (budget measures,
//! regions), never the table number.

use kommunetall_model::{RowClass, Table};
use serde::Serialize;

use crate::mapping::{Mappings, group};
use kommunetall_lexicon::{
    caption, unit,
    year::{without_years, years_in},
};

use crate::normalize::{is_budget_measure, measure, normalise};

/// What a table holds, and so which fact table its numbers go to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum TableKind {
    /// A statutory statement; `statement` is the group name (`drift`, …).
    Statement {
        /// `drift`, `investering`, `balanse_eiendeler` or `balanse_egenkapital_gjeld`
        /// (a balance table holding both parts switches at the section heading).
        statement: String,
    },
    /// The overview of all service areas.
    ServiceOverview,
    /// One area's own budget table.
    ServiceAreaTable {
        /// The area as named in the caption ("barnehage").
        area_label: String,
    },
    /// Gross investments per investment area.
    InvestmentAreas,
    /// A KOSTRA key-figure table.
    Kostra,
    /// Anything else.
    Series,
}

/// Minimum mapped rows for a table to be a statement on its rows alone.
const MIN_ROWS_BY_CONTENT: usize = 5;
/// Minimum mapped rows when the caption also matches.
const MIN_ROWS_WITH_CAPTION: usize = 3;

/// Rows that carry a line: labelled, not a bare heading.
fn line_rows(t: &Table) -> impl Iterator<Item = &kommunetall_model::Row> {
    t.rows.iter().filter(|r| {
        !r.label.trim().is_empty()
            && (r.class != RowClass::Section || r.cells.iter().any(|c| c.value.is_some()))
    })
}

fn mapped_rows(t: &Table, m: &Mappings, g: &str) -> usize {
    line_rows(t)
        .filter(|r| m.lookup(g, &r.label).is_some())
        .count()
}

/// Classifies a table by its caption, row labels and columns.
#[must_use]
pub fn classify(t: &Table, m: &Mappings) -> TableKind {
    let caption = t.caption.clone().unwrap_or_default();
    let n_lines = line_rows(t).count();
    let accepts = |g: &str, mapped: usize| {
        let cap = m.caption_match(g, &caption).is_some();
        (cap && mapped >= MIN_ROWS_WITH_CAPTION)
            || (mapped >= MIN_ROWS_BY_CONTENT && mapped * 2 >= n_lines)
    };

    // 1. Statements: the best-matching statement that passes.
    let best = group::STATEMENTS
        .iter()
        .map(|g| (*g, mapped_rows(t, m, g)))
        .filter(|(g, n)| accepts(g, *n))
        .max_by_key(|(g, n)| (*n, m.caption_match(g, &caption).is_some()));
    if let Some((g, _)) = best {
        return TableKind::Statement {
            statement: g.to_owned(),
        };
    }

    // 2. KOSTRA: the caption or a note names the source, or two or more
    //    columns are known regions.
    let mut source_text = caption.clone();
    for n in &t.notes {
        source_text.push(' ');
        source_text.push_str(n);
    }
    let region_cols = (1..=t.n_cols)
        .filter(|c| {
            let l = without_years(&t.column_label(*c));
            !l.is_empty() && m.lookup(group::REGION, &l).is_some()
        })
        .count();
    if m.caption_match(group::INDICATOR, &source_text).is_some() || region_cols >= 2 {
        return TableKind::Kostra;
    }

    let budget_cols = (1..=t.n_cols)
        .filter(|c| is_budget_measure(&measure(&t.column_label(*c))))
        .count();

    // 3. Investment areas.
    let inv = mapped_rows(t, m, group::INVESTMENT_AREA);
    if m.caption_match(group::INVESTMENT_AREA, &caption).is_some() && inv >= MIN_ROWS_WITH_CAPTION {
        return TableKind::InvestmentAreas;
    }

    // 4. Service-area overview: many rows that are areas, budget columns.
    let areas = mapped_rows(t, m, group::SERVICE_AREA);
    if budget_cols >= 2 && areas >= MIN_ROWS_WITH_CAPTION && accepts(group::SERVICE_AREA, areas) {
        return TableKind::ServiceOverview;
    }

    // 5. One area's budget table: "Regnskap og budsjett for <area> 2024".
    if budget_cols >= 2
        && let Some(area) = area_from_caption(&caption, m)
    {
        return TableKind::ServiceAreaTable { area_label: area };
    }
    TableKind::Series
}

/// The area named in an area-table caption: the text after the caption words
/// ("budsjett og regnskap for"), up to the year or the first full stop.
fn area_from_caption(caption: &str, m: &Mappings) -> Option<String> {
    let g = m.group(group::SERVICE_AREA)?;
    let text = caption::title(caption);
    let lower = text.to_lowercase();
    let same_len = lower.len() == text.len();
    let mut words: Vec<&String> = g.caption.iter().collect();
    words.sort_by_key(|w| std::cmp::Reverse(w.len()));
    for w in words {
        let wl = w.to_lowercase();
        let Some(pos) = lower.find(&wl) else { continue };
        let rest = if same_len {
            text.get(pos + wl.len()..)
                .unwrap_or(&lower[pos + wl.len()..])
        } else {
            &lower[pos + wl.len()..]
        };
        let mut rest = rest.trim_start();
        if let Some(r) = rest
            .strip_prefix("for ")
            .or_else(|| rest.strip_prefix("For "))
        {
            rest = r;
        }
        let mut end = rest.len();
        if let Some(y) = years_in(rest).first()
            && let Some(p) = rest.find(&y.to_string())
        {
            end = end.min(p);
        }
        if let Some(p) = rest.find(". ") {
            end = end.min(p);
        }
        if let Some(u) = unit::find(rest) {
            end = end.min(u.start);
        }
        let area = rest[..end]
            .trim()
            .trim_end_matches(['.', ',', ':', '-', '–'])
            .trim();
        if !area.is_empty() && normalise(area).chars().any(char::is_alphabetic) {
            return Some(area.to_owned());
        }
    }
    None
}
