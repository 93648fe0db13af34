//! The extracted-table model: what every extractor (PDF, spreadsheet) produces
//! and what the warehouse consumes.
//!
//! A [`Table`] is source-agnostic: a caption, header rows, body rows with a row
//! label and value cells. Cells keep the text exactly as printed (`text`) and
//! the parsed number (`value`); where they came from is kept per cell
//! ([`Cell::page`], [`Cell::bbox`], [`Cell::sheet_ref`]) so every warehouse row
//! can be traced back to the page or sheet it was read from.
//!
//! Soft problems met during extraction are [`Diagnostic`]s, returned beside the
//! tables, never panics and never silently dropped.

pub use kommunetall_lexicon::Unit;
use kommunetall_lexicon::unit;
use serde::{Deserialize, Serialize};

/// An axis-aligned box in page space: points, origin top-left, y grows down
/// (the convention of `pdftotext -bbox`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Default)]
pub struct BBox {
    /// Left edge.
    pub x0: f64,
    /// Top edge.
    pub y0: f64,
    /// Right edge.
    pub x1: f64,
    /// Bottom edge.
    pub y1: f64,
}

impl BBox {
    /// The smallest box containing both.
    #[must_use]
    pub fn union(self, o: BBox) -> BBox {
        BBox {
            x0: self.x0.min(o.x0),
            y0: self.y0.min(o.y0),
            x1: self.x1.max(o.x1),
            y1: self.y1.max(o.y1),
        }
    }
    /// Width of the box.
    #[must_use]
    pub fn width(&self) -> f64 {
        self.x1 - self.x0
    }
    /// Height of the box.
    #[must_use]
    pub fn height(&self) -> f64 {
        self.y1 - self.y0
    }
}

/// Where a table was found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Location {
    /// A PDF table spanning `first..=last` (1-based page numbers).
    Pages {
        /// First page (1-based).
        first: u32,
        /// Last page (1-based); greater than `first` when the table breaks across pages.
        last: u32,
    },
    /// A spreadsheet table on the named sheet.
    Sheet {
        /// Sheet name as in the workbook.
        name: String,
    },
}

impl Location {
    /// (first page, last page, sheet): the pages of a PDF table, or the sheet
    /// of a workbook table.
    #[must_use]
    pub fn parts(&self) -> (Option<u32>, Option<u32>, Option<&str>) {
        match self {
            Location::Pages { first, last } => (Some(*first), Some(*last), None),
            Location::Sheet { name } => (None, None, Some(name)),
        }
    }
}

/// The role of a body row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum RowClass {
    /// An ordinary data row.
    #[default]
    Body,
    /// A heading row inside the body: a label and no values ("Driftsinntekter").
    Section,
    /// A total/sum row ("Sum driftsinntekter", "Sluttsum", "Samlet").
    Sum,
}

impl RowClass {
    /// Lower-case name, as in `report_cell.row_class`: "body", "section", "sum".
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            RowClass::Body => "body",
            RowClass::Section => "section",
            RowClass::Sum => "sum",
        }
    }
}

/// One value cell of a body row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Cell {
    /// The text exactly as printed (lines joined with a single space); empty for an empty cell.
    pub text: String,
    /// The number the text denotes, when it is one (Norwegian format parsed).
    pub value: Option<f64>,
    /// The unit of this cell when it is its own ("63 %", a percent number
    /// format) or differs from the table's because its row label or column
    /// header states another ("Andel (%)", "Regnskap (mill. kr)"); see
    /// [`Table::resolve_units`].
    pub unit: Option<Unit>,
    /// PDF page (1-based) the cell was read from.
    pub page: Option<u32>,
    /// Position on that page.
    pub bbox: Option<BBox>,
    /// Spreadsheet cell reference ("B7") the cell was read from.
    pub sheet_ref: Option<String>,
}

/// One body row: the row label (column 0) and the value cells (columns 1..n).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Row {
    /// The row label, its lines joined by single spaces; may be empty.
    pub label: String,
    /// Section, sum or ordinary row.
    pub class: RowClass,
    /// Value cells, left to right; always exactly `Table::n_cols` long.
    pub cells: Vec<Cell>,
    /// PDF page (1-based) of the label.
    pub page: Option<u32>,
    /// Position of the label on that page.
    pub label_bbox: Option<BBox>,
}

/// A header cell: text and how many grid columns it spans (the label column counts).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct HeaderCell {
    /// Header text, lines joined by single spaces; empty when blank.
    pub text: String,
    /// Number of grid columns covered (>= 1). Column 0 is the label column.
    pub span: usize,
}

/// An extracted table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Table {
    /// "1.1" from "Tabell 1.1 …", or a stable generated id ("p12-t1", "Ark1-t2").
    pub table_id: String,
    /// The caption as printed, when there is one.
    pub caption: Option<String>,
    /// The unit the caption or a note of the table states ("Tall i millioner
    /// kroner", "Beløp i 1 000 kr"), when one does.
    pub unit: Option<Unit>,
    /// Page range or sheet.
    pub location: Location,
    /// Header rows, top to bottom, each covering column 0 (label) and the value columns.
    pub header: Vec<Vec<HeaderCell>>,
    /// Body rows.
    pub rows: Vec<Row>,
    /// Number of value columns (not counting the label column).
    pub n_cols: usize,
    /// Notes printed under the table ("*Grunnlag er …", "Kilde: …").
    pub notes: Vec<String>,
}

impl Table {
    /// The label of grid column `col` (0 = label column): the non-empty header
    /// texts above it, top to bottom, joined with " / ".
    #[must_use]
    pub fn column_label(&self, col: usize) -> String {
        self.column_header(col).join(" / ")
    }

    /// The non-empty header texts above grid column `col`, top to bottom (a
    /// text spanning several header rows counted once).
    #[must_use]
    pub fn column_header(&self, col: usize) -> Vec<&str> {
        let mut parts: Vec<&str> = Vec::new();
        for hrow in &self.header {
            let mut start = 0;
            for hc in hrow {
                let span = hc.span.max(1);
                if col >= start && col < start + span {
                    let t = hc.text.trim();
                    if !t.is_empty() && parts.last() != Some(&t) {
                        parts.push(t);
                    }
                    break;
                }
                start += span;
            }
        }
        parts
    }

    /// Reads the units the table states, the same way for every source
    /// (`kommunetall_lexicon::unit`): the table's from its caption, else from
    /// its notes in order ([`Table::unit`]); each value cell's from the cell
    /// itself (the unit the extractor set from its text or number format),
    /// else its row label, else its column header, else the table's
    /// (cell > row > column > table). A cell keeps a unit of its own, and gets
    /// one only where it differs from the table's.
    pub fn resolve_units(&mut self) {
        self.unit = self
            .caption
            .iter()
            .chain(&self.notes)
            .find_map(|t| unit::stated(t));
        let columns: Vec<Option<Unit>> = (1..=self.n_cols)
            .map(|c| unit::in_header(&self.column_header(c)))
            .collect();
        let table = self.unit;
        for row in &mut self.rows {
            let row_unit = unit::in_label(&row.label);
            for (cell, column) in row.cells.iter_mut().zip(&columns) {
                let u = unit::resolve(cell.unit, row_unit, *column, table);
                if cell.unit.is_some() || u != table {
                    cell.unit = u;
                }
            }
        }
    }
}

/// How bad a diagnostic is; serialised as its warehouse name ("warning").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing, nothing lost.
    Info,
    /// Something may be incomplete or doubtful.
    Warning,
    /// Something could not be read (a page, a sheet); the rest went on.
    Error,
}

impl Severity {
    /// Lower-case name used in the warehouse ("info", "warning", "error").
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A soft problem met while extracting or checking: data, not an error. Its
/// fields are the columns of the warehouse's `quality_finding` (beside
/// `document_id` and `report_year`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// Machine-readable rule name ("unparseable_number", "page_unreadable", …).
    pub rule: String,
    /// How bad.
    pub severity: Severity,
    /// The table concerned, if any.
    pub table_id: Option<String>,
    /// The page (PDF) concerned, if any.
    pub page: Option<u32>,
    /// The sheet concerned, if any.
    pub sheet: Option<String>,
    /// The row label concerned, if any.
    pub row_label: Option<String>,
    /// The column label concerned, if any.
    pub column_label: Option<String>,
    /// What a check expected, as text (a number for numeric checks).
    pub expected: Option<String>,
    /// The text as found.
    pub actual: Option<String>,
    /// Human-readable explanation.
    pub message: String,
}

impl Diagnostic {
    /// A diagnostic with only rule, severity and message set.
    #[must_use]
    pub fn new(rule: &str, severity: Severity, message: impl Into<String>) -> Self {
        Diagnostic {
            rule: rule.to_owned(),
            severity,
            table_id: None,
            page: None,
            sheet: None,
            row_label: None,
            column_label: None,
            expected: None,
            actual: None,
            message: message.into(),
        }
    }

    /// Where it was found, for a person: "sheet Drift, page 3, table 2.1,
    /// row \"Sum driftsinntekter\", column \"2024\"" (the parts it has),
    /// then what was found and expected; empty when it names no place.
    #[must_use]
    pub fn place(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        if let Some(s) = &self.sheet {
            parts.push(format!("sheet {s}"));
        }
        if let Some(p) = self.page {
            parts.push(format!("page {p}"));
        }
        if let Some(t) = &self.table_id {
            parts.push(format!("table {t}"));
        }
        if let Some(r) = self.row_label.as_deref().filter(|r| !r.is_empty()) {
            parts.push(format!("row {r:?}"));
        }
        if let Some(c) = self.column_label.as_deref().filter(|c| !c.is_empty()) {
            parts.push(format!("column {c:?}"));
        }
        if let Some(a) = &self.actual {
            parts.push(format!("read {a:?}"));
        }
        if let Some(e) = &self.expected {
            parts.push(format!("expected {e:?}"));
        }
        parts.join(", ")
    }
}

/// What an extractor returns for one document: never a panic, always both parts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Extraction {
    /// Tables found, in reading order.
    pub tables: Vec<Table>,
    /// Soft problems met on the way.
    pub diagnostics: Vec<Diagnostic>,
    /// Report year stated by the document ("Årsberetning 2024"), when found.
    pub report_year: Option<i32>,
    /// Pages (PDF) or sheets (workbook) in the document.
    pub pages_or_sheets: u32,
    /// PDF /Producer or the workbook's application, when known.
    pub producer: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_finding_names_its_place() {
        let mut d = Diagnostic::new("unparseable_number", Severity::Warning, "not well-formed");
        assert_eq!(d.place(), "");
        d.page = Some(3);
        d.table_id = Some("p3-t1".into());
        d.row_label = Some("Total".into());
        d.actual = Some("1 2 3".into());
        assert_eq!(
            d.place(),
            "page 3, table p3-t1, row \"Total\", read \"1 2 3\""
        );
    }

    #[test]
    fn column_label_joins_spanning_headers() {
        let t = Table {
            table_id: "10.4".into(),
            caption: None,
            unit: None,
            location: Location::Pages { first: 1, last: 1 },
            header: vec![
                vec![
                    HeaderCell {
                        text: String::new(),
                        span: 1,
                    },
                    HeaderCell {
                        text: "Kvinne".into(),
                        span: 2,
                    },
                    HeaderCell {
                        text: "Mann".into(),
                        span: 2,
                    },
                ],
                vec![
                    HeaderCell {
                        text: "Område".into(),
                        span: 1,
                    },
                    HeaderCell {
                        text: "Antall".into(),
                        span: 1,
                    },
                    HeaderCell {
                        text: "Årsverk".into(),
                        span: 1,
                    },
                    HeaderCell {
                        text: "Antall".into(),
                        span: 1,
                    },
                    HeaderCell {
                        text: "Årsverk".into(),
                        span: 1,
                    },
                ],
            ],
            rows: vec![],
            n_cols: 4,
            notes: vec![],
        };
        assert_eq!(t.column_label(0), "Område");
        assert_eq!(t.column_label(2), "Kvinne / Årsverk");
        assert_eq!(t.column_label(3), "Mann / Antall");
        assert_eq!(t.column_label(9), "");
    }

    fn hc(text: &str) -> HeaderCell {
        HeaderCell {
            text: text.into(),
            span: 1,
        }
    }

    fn cells(texts: &[&str]) -> Vec<Cell> {
        texts
            .iter()
            .map(|t| Cell {
                text: (*t).into(),
                value: kommunetall_lexicon::parse(t).value(),
                unit: unit::of_cell(t),
                ..Cell::default()
            })
            .collect()
    }

    #[test]
    fn units_resolve_cell_over_row_over_column_over_table() {
        let mut t = Table {
            table_id: "4.1".into(),
            // A unit line between caption and table is joined to the caption.
            caption: Some("Tabell 4.1 Driftsinntekter 2024 Beløp i hele 1 000 kr".into()),
            unit: None,
            location: Location::Pages { first: 1, last: 1 },
            header: vec![vec![hc(""), hc("Regnskap"), hc("Antall"), hc("Andel")]],
            rows: vec![
                Row {
                    label: "Skatt".into(),
                    cells: cells(&["7 123", "12", "45 %"]),
                    ..Row::default()
                },
                Row {
                    label: "Netto lånegjeld (mill. kr)".into(),
                    cells: cells(&["15,2", "3", "7 %"]),
                    ..Row::default()
                },
            ],
            n_cols: 3,
            notes: vec!["Kilde: regnskapet".into()],
        };
        t.resolve_units();
        assert_eq!(t.unit, Some(Unit::TusenKroner));
        let units: Vec<Vec<Option<Unit>>> = t
            .rows
            .iter()
            .map(|r| r.cells.iter().map(|c| c.unit).collect())
            .collect();
        assert_eq!(
            units,
            vec![
                // the table's unit is not repeated on its cells
                vec![None, Some(Unit::Antall), Some(Unit::Prosent)],
                vec![
                    Some(Unit::MillionerKroner),
                    Some(Unit::MillionerKroner),
                    Some(Unit::Prosent)
                ],
            ]
        );
        // Idempotent, and a note states the unit when the caption does not.
        let before = t.clone();
        t.resolve_units();
        assert_eq!(t, before);
        t.caption = Some("Tabell 4.1 Driftsinntekter".into());
        t.notes = vec!["Tall i NOK 1000".into()];
        t.resolve_units();
        assert_eq!(t.unit, Some(Unit::TusenKroner));
        t.notes.clear();
        t.resolve_units();
        assert_eq!(t.unit, None);
        assert_eq!(t.rows[0].cells[0].unit, None);
    }
}
