//! The fact rows: one struct per warehouse fact table. Field names equal the
//! column names of `schemas/<table>.toml` (the lead adds `document_id`); the
//! shared parts [`Measured`] (the number, its column and unit) and [`Lineage`]
//! (the `report_cell` it was read from) are flattened into them.

use serde::Serialize;

/// Where a fact was read: the `report_cell` of one report edition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Lineage {
    /// Source table (report_cell.table_id).
    pub table_id: String,
    /// Source body row (0-based).
    pub row_index: i32,
    /// Source column (1… value columns).
    pub col_index: i32,
    /// The report the value was read from ("as reported in").
    pub report_year: i32,
}

/// A number as printed in a column, and what it measures. `Y` is the type of
/// the period year: always known for the statement and area facts, optional
/// for series (`Option<i32>`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Measured<Y = i32> {
    /// Column key: `regnskap`, `revidert_budsjett`, `opprinnelig_budsjett`,
    /// `avvik`, else the slug of the column label without years (`verdi` for a
    /// bare year).
    pub measure: String,
    /// The column label as printed ("Regnskap 2024", "Kvinne / Antall").
    pub column_label: String,
    /// The year the value describes (for series: of the column header, else
    /// of the caption; None when neither).
    pub period_year: Y,
    /// The number as printed (in `unit`).
    pub value: f64,
    /// The cell text as printed.
    pub raw_text: String,
    /// Unit of `value` ("millioner kroner").
    pub unit: Option<String>,
    /// `value` in kroner; None when the unit is not an amount of money.
    pub amount_nok: Option<f64>,
}

impl<Y> Measured<Y> {
    /// The same number with another period year.
    #[must_use]
    pub fn with_year<Z>(self, period_year: Z) -> Measured<Z> {
        Measured {
            measure: self.measure,
            column_label: self.column_label,
            period_year,
            value: self.value,
            raw_text: self.raw_text,
            unit: self.unit,
            amount_nok: self.amount_nok,
        }
    }
}

/// A line of a statutory statement (`fact_statement_line`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatementLine {
    /// `drift`, `investering`, `balanse_eiendeler` or `balanse_egenkapital_gjeld`.
    pub statement: String,
    /// Stable key from `statement_lines.toml`; None when the label is unmapped.
    pub line_key: Option<String>,
    /// The row label as printed ("14. Sum investeringsinntekter").
    pub line_label: String,
    /// The printed line number ("14." → 14), when printed.
    pub line_no: Option<i32>,
    /// Section headings above the line and the line itself, " / "-joined
    /// ("Eiendeler / Omløpsmidler / Bankinnskudd og kontanter").
    pub section_path: String,
    /// A sum/total line.
    pub is_total: bool,
    /// The number, its column and unit.
    #[serde(flatten)]
    pub measured: Measured,
    /// The cell it was read from.
    #[serde(flatten)]
    pub lineage: Lineage,
}

/// A result per service area (`fact_service_area`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServiceArea {
    /// Stable key from `service_areas.toml`; None when unmapped.
    pub area_key: Option<String>,
    /// The area as printed (overview row label, or the area named in the caption).
    pub area_label: String,
    /// `overview` (the table of all areas) or `area_table` (the area's own table).
    pub source: String,
    /// The row label as printed (the area for the overview; "Millioner kroner" or
    /// a line label in an area table).
    pub row_label: String,
    /// A sum/total row.
    pub is_total: bool,
    /// The number, its column and unit.
    #[serde(flatten)]
    pub measured: Measured,
    /// The cell it was read from.
    #[serde(flatten)]
    pub lineage: Lineage,
}

/// Gross investment per investment area (`fact_investment_area`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InvestmentArea {
    /// Stable key from `service_areas.toml` `[investment_area]`; None when unmapped.
    pub area_key: Option<String>,
    /// The area as printed.
    pub area_label: String,
    /// A sum/total row.
    pub is_total: bool,
    /// The number, its column and unit.
    #[serde(flatten)]
    pub measured: Measured,
    /// The cell it was read from.
    #[serde(flatten)]
    pub lineage: Lineage,
}

/// A KOSTRA key figure as printed in the report (`fact_kostra_indicator`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KostraIndicator {
    /// Stable key from `kostra_indicators.toml`; None when unmapped.
    pub indicator_key: Option<String>,
    /// The indicator (row label) as printed.
    pub indicator_label: String,
    /// The heading row above the indicator ("Prioritet", "Dekningsgrader"), when any.
    pub indicator_group: Option<String>,
    /// The region/group column as printed without its year ("Trondheim",
    /// "ASSS gjennomsnitt"); None when the column is only a year (the reporting
    /// municipality itself).
    pub region_label: Option<String>,
    /// Municipality number or group code ("5001", "ASSS"); None when unknown
    /// or when `region_label` is None.
    pub region_code: Option<String>,
    /// The year the value describes.
    pub period_year: i32,
    /// The number as printed.
    pub value: f64,
    /// The cell text as printed.
    pub raw_text: String,
    /// Unit: stated by the indicator label, the cell or the table; None when not stated.
    pub unit: Option<String>,
    /// The caption says the figures are preliminary ("foreløpige tall").
    pub preliminary: bool,
    /// The table caption as printed.
    pub caption: Option<String>,
    /// The cell it was read from.
    #[serde(flatten)]
    pub lineage: Lineage,
}

/// Any other number in a table (`fact_report_series`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportSeries {
    /// The table caption as printed.
    pub caption: Option<String>,
    /// The series: the row label, plus text cells left of the first number
    /// (a description column); the caption when the row has no label.
    pub series_label: String,
    /// A sum/total row.
    pub is_total: bool,
    /// First part of the column label split on " / " (years removed), when any.
    pub dimension_1: Option<String>,
    /// Second part.
    pub dimension_2: Option<String>,
    /// The remaining parts, " / "-joined.
    pub dimension_3: Option<String>,
    /// The number, its column and unit.
    #[serde(flatten)]
    pub measured: Measured<Option<i32>>,
    /// The cell it was read from.
    #[serde(flatten)]
    pub lineage: Lineage,
}
