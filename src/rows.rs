//! Documents → the declared warehouse tables, in a stable order: the faithful
//! layer (`document`, `report_table`, `report_cell`, `quality_finding`), the
//! semantic layer (`fact_*` from `kommunetall-facts`, whose unmapped labels and
//! findings become `quality_finding` rows) and the dimensions (`dim_*`).

use std::collections::BTreeSet;

use kommunetall_facts::{Facts, Mappings};
use kommunetall_model::{Diagnostic, Location, RowClass, Severity};
use kommunetall_store::{Catalog, StoreError, TableData, Value};

use crate::ingest::Document;

/// Builds every declared table from the documents (in the order given), with
/// `facts[i]` = [`facts_of`] and `findings[i]` = [`findings_of`] of `docs[i]`
/// (computed once by the caller, which also reports them); `fact_ssb_kostra`
/// and `dim_kostra_group` are left empty for the caller to fill.
///
/// # Errors
/// [`StoreError`] if a value does not fit its declared column (a bug).
pub fn build(
    catalog: &Catalog,
    docs: &[Document],
    facts: &[Facts],
    findings: &[Vec<Diagnostic>],
) -> Result<Vec<TableData>, StoreError> {
    let table = |name: &str| {
        catalog
            .get(name)
            .map(TableData::new)
            .ok_or_else(|| StoreError::Schema {
                file: format!("{name}.toml"),
                reason: "table is not declared".into(),
            })
    };
    let mut document = table("document")?;
    let mut report_table = table("report_table")?;
    let mut report_cell = table("report_cell")?;
    let mut finding = table("quality_finding")?;
    let mut statement = table("fact_statement_line")?;
    let mut service = table("fact_service_area")?;
    let mut investment = table("fact_investment_area")?;
    let mut kostra = table("fact_kostra_indicator")?;
    let mut series = table("fact_report_series")?;
    let ssb = table("fact_ssb_kostra")?;
    let mut dim_municipality = table("dim_municipality")?;
    let mut dim_period = table("dim_period")?;
    let kostra_groups = table("dim_kostra_group")?;
    let mut years: BTreeSet<i32> = BTreeSet::new();
    for ((d, facts), findings) in docs.iter().zip(facts).zip(findings) {
        let ex = &d.extraction;
        let year = Value::I32(d.report_year);
        document.push(vec![
            d.document_id.clone().into(),
            d.source_path.clone().into(),
            d.sha256.clone().into(),
            d.kind.as_str().into(),
            d.municipality_code.clone().into(),
            d.municipality_name.clone().into(),
            Value::I32(i32::try_from(ex.pages_or_sheets).unwrap_or(i32::MAX)),
            ex.producer.clone().into(),
            Value::I32(count(ex.tables.len())),
            Value::TimestampUs(d.ingested_at_us),
            year.clone(),
        ])?;
        for t in &ex.tables {
            let (page_first, page_last, sheet) = match &t.location {
                Location::Pages { first, last } => (
                    Value::I32(to_i32(*first)),
                    Value::I32(to_i32(*last)),
                    Value::Null,
                ),
                Location::Sheet { name } => (Value::Null, Value::Null, Value::Str(name.clone())),
            };
            report_table.push(vec![
                d.document_id.clone().into(),
                t.table_id.clone().into(),
                t.caption.clone().into(),
                t.unit.map(|u| u.as_str().to_owned()).into(),
                page_first,
                page_last,
                sheet.clone(),
                Value::I32(count(t.rows.len())),
                Value::I32(count(t.n_cols)),
                (!t.notes.is_empty()).then(|| t.notes.join("\n")).into(),
                year.clone(),
            ])?;
            let col_labels: Vec<String> = (0..=t.n_cols).map(|c| t.column_label(c)).collect();
            for (ri, row) in t.rows.iter().enumerate() {
                let class = match row.class {
                    RowClass::Body => "body",
                    RowClass::Section => "section",
                    RowClass::Sum => "sum",
                };
                let is_total = row.class == RowClass::Sum;
                let label_cell = std::iter::once((0usize, None));
                let value_cells = row.cells.iter().enumerate().map(|(i, c)| (i + 1, Some(c)));
                for (ci, cell) in label_cell.chain(value_cells) {
                    let (raw, value, unit, page, bbox, cref) = match cell {
                        None => (
                            row.label.clone(),
                            None,
                            None,
                            row.page,
                            row.label_bbox,
                            None,
                        ),
                        Some(c) => (
                            c.text.clone(),
                            c.value.filter(|v| v.is_finite()),
                            c.unit.or(t.unit).map(|u| u.as_str().to_owned()),
                            c.page,
                            c.bbox,
                            c.sheet_ref.clone(),
                        ),
                    };
                    let bb = |f: fn(&kommunetall_model::BBox) -> f64| {
                        bbox.as_ref().map(f).filter(|v| v.is_finite())
                    };
                    report_cell.push(vec![
                        d.document_id.clone().into(),
                        d.source_path.clone().into(),
                        t.table_id.clone().into(),
                        Value::I32(count(ri)),
                        Value::I32(count(ci)),
                        row.label.clone().into(),
                        col_labels.get(ci).cloned().unwrap_or_default().into(),
                        raw.into(),
                        value.into(),
                        unit.into(),
                        is_total.into(),
                        class.into(),
                        page.map(to_i32).into(),
                        sheet.clone(),
                        cref.into(),
                        bb(|b| b.x0).into(),
                        bb(|b| b.y0).into(),
                        bb(|b| b.x1).into(),
                        bb(|b| b.y1).into(),
                        year.clone(),
                    ])?;
                }
            }
        }
        for f in findings {
            finding.push(vec![
                d.document_id.clone().into(),
                f.rule.clone().into(),
                f.severity.as_str().into(),
                f.table_id.clone().into(),
                f.row_label.clone().into(),
                f.column_label.clone().into(),
                f.expected.clone().into(),
                f.actual.clone().into(),
                f.message.clone().into(),
                f.page.map(to_i32).into(),
                f.sheet.clone().into(),
                year.clone(),
            ])?;
        }
        let id = || [("document_id", Value::Str(d.document_id.clone()))];
        for f in &facts.statement_lines {
            statement.push_record(&id(), f)?;
            years.insert(f.period_year);
        }
        for f in &facts.service_areas {
            service.push_record(&id(), f)?;
            years.insert(f.period_year);
        }
        for f in &facts.investment_areas {
            investment.push_record(&id(), f)?;
            years.insert(f.period_year);
        }
        for f in &facts.kostra_indicators {
            kostra.push_record(&id(), f)?;
            years.insert(f.period_year);
        }
        for f in &facts.report_series {
            series.push_record(&id(), f)?;
            years.extend(f.period_year);
        }
        years.insert(d.report_year);
    }
    for line in crate::ingest::MUNICIPALITIES_CSV.lines().skip(1) {
        let f: Vec<&str> = line.split(',').map(str::trim).collect();
        if f.len() < 5 || f[0].is_empty() {
            continue;
        }
        let opt = |s: &str| (!s.is_empty()).then(|| s.to_owned());
        dim_municipality.push(vec![
            f[0].into(),
            f[1].into(),
            f[2].into(),
            opt(f[3]).into(),
            opt(f[4]).into(),
        ])?;
    }
    for y in years {
        dim_period.push(vec![Value::I32(y), y.to_string().into()])?;
    }
    Ok(vec![
        document,
        report_table,
        report_cell,
        finding,
        statement,
        service,
        investment,
        kostra,
        series,
        ssb,
        dim_municipality,
        dim_period,
        kostra_groups,
    ])
}

/// Every finding of a document: the extractor's and the checks' diagnostics,
/// then one `unmapped_label` per label no mapping knows and the facts' own
/// findings — the rows of `quality_finding`, in this order.
#[must_use]
pub fn findings_of(d: &Document, facts: &Facts) -> Vec<Diagnostic> {
    let mut out = d.extraction.diagnostics.clone();
    for u in &facts.unmapped {
        let mut f = Diagnostic::new(
            "unmapped_label",
            Severity::Warning,
            format!(
                "\"{}\" is not in the {} mapping (schemas/mappings/); its facts are kept with a NULL key and left out of the across-years views",
                u.label, u.group
            ),
        );
        f.table_id = Some(u.table_id.clone());
        if u.group == "region" {
            f.column_label = Some(u.label.clone());
        } else {
            f.row_label = Some(u.label.clone());
        }
        f.actual = Some(u.label.clone());
        out.push(f);
    }
    for x in &facts.findings {
        let mut f = Diagnostic::new(&x.rule, Severity::Warning, x.message.clone());
        f.table_id = Some(x.table_id.clone());
        f.row_label.clone_from(&x.label);
        out.push(f);
    }
    out
}

/// The facts of one document (spreadsheets too: the views prefer the PDF's
/// value when both hold a line).
#[must_use]
pub fn facts_of(d: &Document, mappings: &Mappings) -> Facts {
    kommunetall_facts::extract_facts(&d.extraction.tables, d.report_year, mappings)
}

fn count(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

fn to_i32(n: u32) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}
