//! Turns extracted report tables into normalised facts that analysts can query
//! without knowing table numbers, across years.
//!
//! [`extract_facts`] classifies every [`Table`] by its content — caption words
//! and characteristic row labels, never its number — and emits one fact per
//! numeric cell into exactly one of five fact tables:
//!
//! - [`StatementLine`]: the statutory forms (drift, investering, balance sheet);
//! - [`ServiceArea`]: results per tjenesteområde (overview and area tables);
//! - [`InvestmentArea`]: gross investments per investment area;
//! - [`KostraIndicator`]: KOSTRA key-figure tables (indicator × region × year);
//! - [`ReportSeries`]: every other number.
//!
//! Row labels are mapped to stable keys with [`Mappings`] (data in
//! `schemas/mappings/*.toml`). An unmapped label is never dropped: its facts
//! get a `None` key and it becomes an `unmapped_label` [`Diagnostic`] in
//! [`Facts::diagnostics`], beside the other findings (`duplicate_area_table`).

mod classify;
mod facts;
mod mapping;
mod normalize;

use std::collections::{BTreeMap, BTreeSet, HashSet};

use kommunetall_lexicon::{
    caption, label,
    year::{without_years, years_in},
};
use kommunetall_model::{Cell, Diagnostic, RowClass, Severity, Table, Unit};
use serde::Serialize;

pub use classify::{TableKind, classify};
pub use facts::{
    InvestmentArea, KostraIndicator, Lineage, Measured, ReportSeries, ServiceArea, StatementLine,
};
pub use mapping::{
    Group, KOSTRA_INDICATORS_TOML, MAPPING_FILES, MappingError, Mappings, SERVICE_AREAS_TOML,
    STATEMENT_LINES_TOML, group,
};
pub use normalize::{measure, normalise, slug};

/// A label that no mapping knows: the facts are kept (with a `None` key), and
/// it becomes an `unmapped_label` finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Unmapped {
    /// The table.
    table_id: String,
    /// The body row (for a region: the first row of the table).
    row_index: i32,
    /// The mapping group searched (`drift`, `service_area`, `indicator`, `region`, …).
    group: String,
    /// The label as printed (a row label, an area from a caption, or a column name for `region`).
    label: String,
}

impl Unmapped {
    fn diagnostic(&self) -> Diagnostic {
        let mut f = Diagnostic::new(
            "unmapped_label",
            Severity::Warning,
            format!(
                "\"{}\" is not in the {} mapping (schemas/mappings/); its facts are kept with a NULL key and left out of the across-years views",
                self.label, self.group
            ),
        );
        f.table_id = Some(self.table_id.clone());
        if self.group == group::REGION {
            f.column_label = Some(self.label.clone());
        } else {
            f.row_label = Some(self.label.clone());
        }
        f.actual = Some(self.label.clone());
        f
    }
}

/// How a table was classified, for lineage and reporting.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClassifiedTable {
    /// The table.
    pub table_id: String,
    /// The kind found.
    pub kind: TableKind,
    /// Numeric cells in the table.
    pub numeric_cells: usize,
}

/// Everything [`extract_facts`] found in one document.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Facts {
    /// Statement lines.
    pub statement_lines: Vec<StatementLine>,
    /// Service-area results.
    pub service_areas: Vec<ServiceArea>,
    /// Investment-area results.
    pub investment_areas: Vec<InvestmentArea>,
    /// KOSTRA indicators.
    pub kostra_indicators: Vec<KostraIndicator>,
    /// Other numbers.
    pub report_series: Vec<ReportSeries>,
    /// Findings, all warnings: first one `unmapped_label` per label not in the
    /// mappings (its facts are kept with a `None` key; the label is the
    /// finding's row label, or its column label for a region), in table and
    /// row order, then `duplicate_area_table`.
    pub diagnostics: Vec<Diagnostic>,
    /// How each table was classified, in input order.
    pub tables: Vec<ClassifiedTable>,
}

impl Facts {
    /// Number of facts over all five fact tables.
    #[must_use]
    pub fn len(&self) -> usize {
        self.statement_lines.len()
            + self.service_areas.len()
            + self.investment_areas.len()
            + self.kostra_indicators.len()
            + self.report_series.len()
    }

    /// No facts at all.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The year every fact describes, over all fact tables (series without
    /// a year left out).
    pub fn period_years(&self) -> impl Iterator<Item = i32> + '_ {
        let s = self.statement_lines.iter().map(|f| f.measured.period_year);
        let a = self.service_areas.iter().map(|f| f.measured.period_year);
        let i = self.investment_areas.iter().map(|f| f.measured.period_year);
        let k = self.kostra_indicators.iter().map(|f| f.period_year);
        let r = self
            .report_series
            .iter()
            .filter_map(|f| f.measured.period_year);
        s.chain(a).chain(i).chain(k).chain(r)
    }

    /// The source cell of every fact, over all fact tables.
    pub fn lineage(&self) -> impl Iterator<Item = &Lineage> {
        let s = self.statement_lines.iter().map(|f| &f.lineage);
        let a = self.service_areas.iter().map(|f| &f.lineage);
        let i = self.investment_areas.iter().map(|f| &f.lineage);
        let k = self.kostra_indicators.iter().map(|f| &f.lineage);
        let r = self.report_series.iter().map(|f| &f.lineage);
        s.chain(a).chain(i).chain(k).chain(r)
    }
}

/// Turns the tables of one document into facts. `report_year` is the year of
/// the document (the edition); `mappings` usually [`Mappings::embedded`],
/// possibly with overrides merged.
#[must_use]
pub fn extract_facts(tables: &[Table], report_year: i32, mappings: &Mappings) -> Facts {
    let mut out = Facts::default();
    let mut unmapped = Vec::new();
    for t in tables {
        let kind = classify(t, mappings);
        let numeric_cells = t
            .rows
            .iter()
            .flat_map(|r| &r.cells)
            .filter(|c| c.value.is_some())
            .count();
        out.tables.push(ClassifiedTable {
            table_id: t.table_id.clone(),
            kind: kind.clone(),
            numeric_cells,
        });
        let ctx = Ctx::new(t, report_year);
        match &kind {
            TableKind::Statement { statement } => {
                statement_facts(&ctx, statement, mappings, &mut out, &mut unmapped);
            }
            TableKind::ServiceOverview => {
                service_overview_facts(&ctx, mappings, &mut out, &mut unmapped);
            }
            TableKind::ServiceAreaTable { area_label } => {
                area_table_facts(&ctx, area_label, mappings, &mut out, &mut unmapped);
            }
            TableKind::InvestmentAreas => {
                investment_facts(&ctx, mappings, &mut out, &mut unmapped);
            }
            TableKind::Kostra => kostra_facts(&ctx, mappings, &mut out, &mut unmapped),
            TableKind::Series => series_facts(&ctx, &mut out),
        }
    }
    unmapped.sort();
    unmapped.dedup();
    out.diagnostics = unmapped.iter().map(Unmapped::diagnostic).collect();
    out.diagnostics.extend(duplicate_area_tables(&out));
    out
}

/// Per-table context: unit, column labels, years.
struct Ctx<'a> {
    t: &'a Table,
    report_year: i32,
    unit: Option<Unit>,
    /// Column label per value column (index 0 = grid column 1).
    labels: Vec<String>,
    /// Year printed in the column header, per grid column (1-based key).
    col_years: BTreeMap<usize, Option<i32>>,
    /// Year for columns without one: the latest header year, else the caption's
    /// last year, else the report year.
    fallback_year: i32,
    caption_year: Option<i32>,
}

impl<'a> Ctx<'a> {
    fn new(t: &'a Table, report_year: i32) -> Self {
        let labels: Vec<String> = (1..=t.n_cols).map(|c| t.column_label(c)).collect();
        let col_years: BTreeMap<usize, Option<i32>> = labels
            .iter()
            .enumerate()
            .map(|(i, l)| (i + 1, years_in(l).last().copied()))
            .collect();
        let header_max = (0..=t.n_cols)
            .flat_map(|c| years_in(&t.column_label(c)))
            .max();
        let caption_year = t
            .caption
            .as_deref()
            .and_then(|c| years_in(c).last().copied());
        let unit = t.unit;
        Ctx {
            t,
            report_year,
            unit,
            labels,
            col_years,
            fallback_year: header_max.or(caption_year).unwrap_or(report_year),
            caption_year,
        }
    }

    fn label(&self, col: usize) -> &str {
        self.labels.get(col - 1).map_or("", String::as_str)
    }

    fn year(&self, col: usize) -> i32 {
        self.col_years
            .get(&col)
            .copied()
            .flatten()
            .unwrap_or(self.fallback_year)
    }

    /// Unit of a cell: as the extractor resolved it (its own, its row
    /// label's, its column's: `Table::resolve_units`), else the table's.
    fn unit(&self, cell: &Cell) -> Option<Unit> {
        cell.unit.or(self.unit)
    }

    /// The number of a cell in a value column, with its column, year and unit.
    fn measured(&self, col: usize, cell: &Cell, value: f64) -> Measured {
        let unit = self.unit(cell);
        Measured {
            measure: measure(self.label(col)),
            column_label: self.label(col).to_owned(),
            period_year: self.year(col),
            value,
            raw_text: cell.text.clone(),
            unit: unit_name(unit),
            amount_nok: amount(value, unit),
        }
    }

    /// The lineage of the cell in body row `ri`, value column `col`.
    fn lineage(&self, ri: usize, col: usize) -> Lineage {
        Lineage {
            table_id: self.t.table_id.clone(),
            row_index: to_i32(ri),
            col_index: to_i32(col),
            report_year: self.report_year,
        }
    }

    /// An unmapped label of this table.
    fn unmapped(&self, ri: usize, group: &str, label: &str) -> Unmapped {
        Unmapped {
            table_id: self.t.table_id.clone(),
            row_index: to_i32(ri),
            group: group.to_owned(),
            label: label.to_owned(),
        }
    }

    /// Numeric cells of a row: (grid column, cell, value).
    fn numbers<'r>(&self, cells: &'r [Cell]) -> impl Iterator<Item = (usize, &'r Cell, f64)> + 'r {
        cells
            .iter()
            .enumerate()
            .filter_map(|(i, c)| c.value.map(|v| (i + 1, c, v)))
    }
}

/// The value in kroner, when the unit is money (the lexicon's factor).
fn amount(value: f64, unit: Option<Unit>) -> Option<f64> {
    unit.and_then(Unit::nok_factor).map(|f| value * f)
}

/// The unit's readable name, as the fact tables store it.
fn unit_name(unit: Option<Unit>) -> Option<String> {
    unit.map(|u| u.as_str().to_owned())
}

fn to_i32(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

fn statement_facts(
    ctx: &Ctx<'_>,
    statement: &str,
    m: &Mappings,
    out: &mut Facts,
    unmapped: &mut Vec<Unmapped>,
) {
    let t = ctx.t;
    // Sections closed by a later "Sum <section>" row, and sections directly
    // followed by another section, contain sub-sections; others are leaf groups.
    let sum_targets: HashSet<String> = t
        .rows
        .iter()
        .filter(|r| r.class == RowClass::Sum)
        .filter_map(|r| normalise(&r.label).strip_prefix("sum ").map(str::to_owned))
        .collect();
    let mut stack: Vec<(String, String, bool)> = Vec::new(); // (display, normalised, container)
    let mut current = statement.to_owned();
    let balance = [group::BALANSE_EIENDELER, group::BALANSE_EGENKAPITAL_GJELD];
    for (ri, row) in t.rows.iter().enumerate() {
        let norm = normalise(&row.label);
        let has_numbers = row.cells.iter().any(|c| c.value.is_some());
        if row.class == RowClass::Section && !has_numbers {
            if balance.contains(&current.as_str())
                && let Some(g) = balance.iter().find(|g| m.is_caption_word(g, &row.label))
            {
                current = (*g).to_owned();
                stack.clear();
            }
            while stack.last().is_some_and(|s| !s.2) {
                stack.pop();
            }
            let next_is_section = t
                .rows
                .get(ri + 1)
                .is_some_and(|r| r.class == RowClass::Section);
            let container = next_is_section || sum_targets.contains(&norm);
            stack.push((normalize::display_case(&row.label), norm, container));
            continue;
        }
        let mut path: Vec<String> = stack.iter().map(|s| s.0.clone()).collect();
        if row.class == RowClass::Sum {
            let target = norm.strip_prefix("sum ").unwrap_or("");
            if let Some(pos) = stack.iter().position(|s| s.1 == target) {
                path.truncate(pos + 1);
                stack.truncate(pos);
            } else {
                while stack.last().is_some_and(|s| !s.2) {
                    stack.pop();
                }
            }
        }
        path.push(row.label.trim().to_owned());
        let line_key = m.lookup(&current, &row.label).map(str::to_owned);
        if line_key.is_none() && has_numbers {
            unmapped.push(ctx.unmapped(ri, &current, &row.label));
        }
        for (col, cell, value) in ctx.numbers(&row.cells) {
            out.statement_lines.push(StatementLine {
                statement: current.clone(),
                line_key: line_key.clone(),
                line_label: row.label.clone(),
                line_no: label::item_number(&row.label),
                section_path: path.join(" / "),
                is_total: row.class == RowClass::Sum,
                measured: ctx.measured(col, cell, value),
                lineage: ctx.lineage(ri, col),
            });
        }
    }
}

fn service_overview_facts(
    ctx: &Ctx<'_>,
    m: &Mappings,
    out: &mut Facts,
    unmapped: &mut Vec<Unmapped>,
) {
    for (ri, row) in ctx.t.rows.iter().enumerate() {
        let key = m.lookup(group::SERVICE_AREA, &row.label).map(str::to_owned);
        let has_numbers = row.cells.iter().any(|c| c.value.is_some());
        if key.is_none() && has_numbers {
            unmapped.push(ctx.unmapped(ri, group::SERVICE_AREA, &row.label));
        }
        for (col, cell, value) in ctx.numbers(&row.cells) {
            out.service_areas.push(ServiceArea {
                area_key: key.clone(),
                area_label: row.label.clone(),
                source: "overview".into(),
                row_label: row.label.clone(),
                is_total: row.class == RowClass::Sum,
                measured: ctx.measured(col, cell, value),
                lineage: ctx.lineage(ri, col),
            });
        }
    }
}

fn area_table_facts(
    ctx: &Ctx<'_>,
    area_label: &str,
    m: &Mappings,
    out: &mut Facts,
    unmapped: &mut Vec<Unmapped>,
) {
    let key = m.lookup(group::SERVICE_AREA, area_label).map(str::to_owned);
    if key.is_none() {
        unmapped.push(ctx.unmapped(0, group::SERVICE_AREA, area_label));
    }
    for (ri, row) in ctx.t.rows.iter().enumerate() {
        for (col, cell, value) in ctx.numbers(&row.cells) {
            out.service_areas.push(ServiceArea {
                area_key: key.clone(),
                area_label: area_label.to_owned(),
                source: "area_table".into(),
                row_label: row.label.clone(),
                is_total: row.class == RowClass::Sum,
                measured: ctx.measured(col, cell, value),
                lineage: ctx.lineage(ri, col),
            });
        }
    }
}

fn investment_facts(ctx: &Ctx<'_>, m: &Mappings, out: &mut Facts, unmapped: &mut Vec<Unmapped>) {
    for (ri, row) in ctx.t.rows.iter().enumerate() {
        let key = m
            .lookup(group::INVESTMENT_AREA, &row.label)
            .map(str::to_owned);
        if key.is_none() && row.cells.iter().any(|c| c.value.is_some()) {
            unmapped.push(ctx.unmapped(ri, group::INVESTMENT_AREA, &row.label));
        }
        for (col, cell, value) in ctx.numbers(&row.cells) {
            out.investment_areas.push(InvestmentArea {
                area_key: key.clone(),
                area_label: row.label.clone(),
                is_total: row.class == RowClass::Sum,
                measured: ctx.measured(col, cell, value),
                lineage: ctx.lineage(ri, col),
            });
        }
    }
}

fn kostra_facts(ctx: &Ctx<'_>, m: &Mappings, out: &mut Facts, unmapped: &mut Vec<Unmapped>) {
    let t = ctx.t;
    let caption = t.caption.clone();
    let preliminary = caption
        .as_deref()
        .is_some_and(|c| normalise(c).contains("foreløpig"));
    // Region per value column: the label without its year.
    let regions: Vec<(Option<String>, Option<String>)> = (1..=t.n_cols)
        .map(|c| {
            let label = without_years(ctx.label(c));
            if label.is_empty() {
                (None, None)
            } else {
                let code = m.lookup(group::REGION, &label).map(str::to_owned);
                (Some(label), code)
            }
        })
        .collect();
    for (i, (label, code)) in regions.iter().enumerate() {
        if let (Some(l), None) = (label, code) {
            let used = t
                .rows
                .iter()
                .any(|r| r.cells.get(i).is_some_and(|c| c.value.is_some()));
            if used {
                unmapped.push(ctx.unmapped(0, group::REGION, l));
            }
        }
    }
    let mut heading: Option<String> = None;
    for (ri, row) in t.rows.iter().enumerate() {
        let has_numbers = row.cells.iter().any(|c| c.value.is_some());
        if !has_numbers {
            if row.class == RowClass::Section {
                heading = Some(row.label.trim().trim_end_matches(':').to_owned());
            }
            continue;
        }
        let key = m.lookup(group::INDICATOR, &row.label).map(str::to_owned);
        if key.is_none() {
            unmapped.push(ctx.unmapped(ri, group::INDICATOR, &row.label));
        }
        for (col, cell, value) in ctx.numbers(&row.cells) {
            let (region_label, region_code) = regions.get(col - 1).cloned().unwrap_or((None, None));
            out.kostra_indicators.push(KostraIndicator {
                indicator_key: key.clone(),
                indicator_label: row.label.clone(),
                indicator_group: heading.clone(),
                region_label,
                region_code,
                period_year: ctx.year(col),
                value,
                raw_text: cell.text.clone(),
                unit: unit_name(ctx.unit(cell)),
                preliminary,
                caption: caption.clone(),
                lineage: ctx.lineage(ri, col),
            });
        }
    }
}

fn series_facts(ctx: &Ctx<'_>, out: &mut Facts) {
    let t = ctx.t;
    let caption_plain = t.caption.as_deref().map(|c| caption::title(c).to_owned());
    for (ri, row) in t.rows.iter().enumerate() {
        let first_num = row.cells.iter().position(|c| c.value.is_some());
        let Some(first_num) = first_num else { continue };
        let mut parts: Vec<String> = Vec::new();
        if !row.label.trim().is_empty() {
            parts.push(row.label.trim().to_owned());
        }
        parts.extend(
            row.cells[..first_num]
                .iter()
                .map(|c| c.text.trim().to_owned())
                .filter(|s| !s.is_empty()),
        );
        let series_label = if parts.is_empty() {
            caption_plain.clone().unwrap_or_default()
        } else {
            parts.join(" — ")
        };
        for (col, cell, value) in ctx.numbers(&row.cells) {
            let dims: Vec<String> = ctx
                .label(col)
                .split(" / ")
                .map(without_years)
                .filter(|s| !s.is_empty())
                .collect();
            let year = ctx.col_years.get(&col).copied().flatten();
            out.report_series.push(ReportSeries {
                caption: t.caption.clone(),
                series_label: series_label.clone(),
                is_total: row.class == RowClass::Sum,
                dimension_1: dims.first().cloned(),
                dimension_2: dims.get(1).cloned(),
                dimension_3: (dims.len() > 2).then(|| dims[2..].join(" / ")),
                measured: ctx
                    .measured(col, cell, value)
                    .with_year(year.or(ctx.caption_year)),
                lineage: ctx.lineage(ri, col),
            });
        }
    }
}

/// Two area tables of one report for the same area key: one of them probably
/// carries a wrong caption (a copy-paste in the report).
fn duplicate_area_tables(out: &Facts) -> Vec<Diagnostic> {
    let mut by_key: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for f in out
        .service_areas
        .iter()
        .filter(|f| f.source == "area_table")
    {
        if let Some(k) = &f.area_key {
            by_key
                .entry(k.as_str())
                .or_default()
                .insert(f.lineage.table_id.as_str());
        }
    }
    let mut findings = Vec::new();
    for (k, ids) in by_key {
        if ids.len() > 1 {
            let ids: Vec<&str> = ids.into_iter().collect();
            for id in &ids[1..] {
                let mut f = Diagnostic::new(
                    "duplicate_area_table",
                    Severity::Warning,
                    format!("area {k} has budget tables {}", ids.join(", ")),
                );
                f.table_id = Some((*id).to_owned());
                f.row_label = Some(k.to_owned());
                findings.push(f);
            }
        }
    }
    findings
}
