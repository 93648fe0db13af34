//! Opening a workbook with calamine and reading each sheet into a [`Grid`].
//!
//! xlsx sheets are streamed cell by cell (`worksheet_cells_reader`), so a
//! sheet with two far-apart cells does not allocate the area between them;
//! ods and xls go through calamine's ranges (ods has its own cell limit in
//! calamine; an xls is checked against the format's 65 536 × 256 grid
//! before calamine reads it, see `biff::preflight`).

use std::collections::HashMap;
use std::io::Cursor;

use calamine::{
    CellErrorType, Data, DataRef, ExcelDateTime, Ods, OdsError, Range, Reader, SheetType,
    SheetVisible, Xls, XlsError, Xlsx, XlsxError,
};
use kommunetall_lexicon::{Parsed, parse};
use kommunetall_model::{Diagnostic, Extraction, Severity};

use crate::display::{NumFmt, format_number, number_format, round15};
use crate::error::SheetError;
use crate::find::{find_tables, is_contents_sheet};
use crate::grid::{CellClass, GCell, Grid};
use crate::guard::{self, Container, MAX_AREA_PER_SHEET, MAX_CELLS_PER_SHEET};
use crate::kind::Kind;
use crate::layout::{self, Layout};
use crate::{biff, cfb};

/// A cell value from either calamine representation.
enum Val<'a> {
    Num(f64),
    Str(&'a str),
    Bool(bool),
    Date(&'a ExcelDateTime),
    Iso(&'a str),
    Err(&'a CellErrorType),
    Empty,
}

impl<'a> From<&'a Data> for Val<'a> {
    fn from(d: &'a Data) -> Self {
        match d {
            Data::Int(i) => Val::Num(*i as f64),
            Data::Float(f) => Val::Num(*f),
            Data::String(s) => Val::Str(s),
            Data::Bool(b) => Val::Bool(*b),
            Data::DateTime(dt) => Val::Date(dt),
            Data::DateTimeIso(s) | Data::DurationIso(s) => Val::Iso(s),
            Data::Error(e) => Val::Err(e),
            Data::Empty => Val::Empty,
        }
    }
}

impl<'a> From<&'a DataRef<'a>> for Val<'a> {
    fn from(d: &'a DataRef<'a>) -> Self {
        match d {
            DataRef::Int(i) => Val::Num(*i as f64),
            DataRef::Float(f) => Val::Num(*f),
            DataRef::String(s) => Val::Str(s),
            DataRef::SharedString(s) => Val::Str(s),
            DataRef::Bool(b) => Val::Bool(*b),
            DataRef::DateTime(dt) => Val::Date(dt),
            DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Val::Iso(s),
            DataRef::Error(e) => Val::Err(e),
            DataRef::Empty => Val::Empty,
        }
    }
}

/// Characters a spreadsheet does not show: soft hyphen (U+00AD, a break
/// opportunity typed into "drifts\u{ad}utgifter"), zero-width space, word
/// joiner, byte-order mark.
const INVISIBLE: [char; 4] = ['\u{ad}', '\u{200b}', '\u{2060}', '\u{feff}'];

/// Single-line text as shown: line breaks and runs of whitespace become one
/// space, invisible characters ([`INVISIBLE`]) are dropped.
fn clean_text(s: &str) -> String {
    s.split_whitespace()
        .map(|w| w.replace(INVISIBLE, ""))
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn two(n: impl Into<u32>) -> String {
    format!("{:02}", n.into())
}

fn date_text(dt: &ExcelDateTime) -> String {
    if dt.is_duration() {
        let total = (dt.as_f64() * 24.0 * 60.0).round();
        let (h, m) = ((total / 60.0).trunc(), total.rem_euclid(60.0));
        return format!("{h}:{m:02}");
    }
    let (y, mo, d, h, mi, s, _) = dt.to_ymd_hms_milli();
    let mut out = format!("{}.{}.{y}", two(d), two(mo));
    if h != 0 || mi != 0 || s != 0 {
        out.push_str(&format!(" {}:{}", two(h), two(mi)));
    }
    out
}

/// "2024-03-01" or "2024-03-01T12:00:00" → "01.03.2024" (other ISO text as is).
fn iso_text(s: &str) -> String {
    let b = s.as_bytes();
    if b.len() >= 10
        && b[4] == b'-'
        && b[7] == b'-'
        && s.get(0..4)
            .is_some_and(|y| y.chars().all(|c| c.is_ascii_digit()))
        && let (Some(y), Some(m), Some(d)) = (s.get(0..4), s.get(5..7), s.get(8..10))
    {
        return format!("{d}.{m}.{y}");
    }
    s.to_owned()
}

/// Converts one value; `fmt` is the number format (xlsx) and `percent` the
/// ods percentage type.
fn convert(v: Val<'_>, fmt: Option<NumFmt>, percent: bool, bold: bool) -> Option<GCell> {
    let cell = |text: String, value: Option<f64>, pct: bool, class: CellClass| GCell {
        text,
        value,
        percent: pct,
        class,
        bold,
        grouped: false,
    };
    match v {
        Val::Empty => None,
        Val::Num(x) => {
            let mut f = fmt.unwrap_or_default();
            f.percent = f.percent || percent;
            let value = if f.percent {
                round15(x * 100.0)
            } else {
                round15(x)
            };
            Some(GCell {
                grouped: f.grouping,
                ..cell(
                    format_number(value, f),
                    Some(value),
                    f.percent,
                    CellClass::Number,
                )
            })
        }
        Val::Str(s) => {
            let text = clean_text(s);
            if text.is_empty() {
                return None;
            }
            Some(match parse(&text) {
                Parsed::Number(n) => GCell {
                    grouped: text.contains(char::is_whitespace),
                    ..cell(text, Some(n.value), n.percent, CellClass::Number)
                },
                Parsed::Malformed => cell(text, None, false, CellClass::Malformed),
                Parsed::Missing => cell(text, None, false, CellClass::Missing),
                Parsed::Empty => return None,
                Parsed::Text => cell(text, None, false, CellClass::Text),
            })
        }
        Val::Bool(b) => Some(cell(
            if b { "SANN" } else { "USANN" }.to_owned(),
            None,
            false,
            CellClass::Other,
        )),
        Val::Date(dt) => Some(cell(date_text(dt), None, false, CellClass::Other)),
        Val::Iso(s) => Some(cell(iso_text(s), None, false, CellClass::Other)),
        Val::Err(e) => Some(cell(e.to_string(), None, false, CellClass::Error)),
    }
}

fn sheet_diag(rule: &str, severity: Severity, sheet: &str, message: String) -> Diagnostic {
    let mut d = Diagnostic::new(rule, severity, message);
    d.sheet = Some(sheet.to_owned());
    d
}

/// Keeps the grid within the limits; `false` when it must be dropped.
struct Budget {
    cells: usize,
    min: (u32, u32),
    max: (u32, u32),
}

impl Budget {
    fn new() -> Self {
        Budget {
            cells: 0,
            min: (u32::MAX, u32::MAX),
            max: (0, 0),
        }
    }
    fn add(&mut self, r: u32, c: u32) -> Result<(), String> {
        self.cells += 1;
        self.min = (self.min.0.min(r), self.min.1.min(c));
        self.max = (self.max.0.max(r), self.max.1.max(c));
        if self.cells > MAX_CELLS_PER_SHEET {
            return Err(format!(
                "more than {MAX_CELLS_PER_SHEET} non-empty cells; sheet skipped"
            ));
        }
        let area = u64::from(self.max.0 - self.min.0 + 1) * u64::from(self.max.1 - self.min.1 + 1);
        if area > MAX_AREA_PER_SHEET {
            return Err(format!(
                "used area of {area} cells exceeds {MAX_AREA_PER_SHEET}; sheet skipped"
            ));
        }
        Ok(())
    }
}

fn insert(grid: &mut Grid, layout: Option<&Layout>, r: u32, c: u32, cell: GCell) {
    if layout.is_some_and(|l| l.row_hidden(r) || l.col_hidden(c)) {
        return;
    }
    grid.rows.entry(r).or_default().insert(c, cell);
}

/// A workbook open in one of the three readers; an .xls also with its
/// formats as read by [`biff`] (`None` when they could not be read).
enum Book<'a> {
    Xlsx(Box<Xlsx<Cursor<&'a [u8]>>>),
    Xls(Box<Xls<Cursor<&'a [u8]>>>, Option<biff::Workbook>),
    Ods(Box<Ods<Cursor<&'a [u8]>>>),
}

fn corrupt(file: &str, kind: Kind, detail: impl std::fmt::Display) -> SheetError {
    SheetError::Corrupt {
        file: file.to_owned(),
        kind: kind.as_str(),
        detail: detail.to_string(),
    }
}

/// Runs calamine (or code over its results) and turns a panic into an error
/// message. calamine 0.38 panics on some malformed input, e.g. an
/// arithmetic overflow on an overlong cell reference ("A99999999999")
/// where overflow checks are on; the workbook is untrusted input, so such a
/// panic must not take the caller down. The default panic hook still prints
/// the panic to stderr; the global hook is not touched.
fn guarded<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(|p| {
        let msg = p
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| p.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_owned());
        format!("the spreadsheet reader crashed: {msg}")
    })
}

fn open<'a>(
    bytes: &'a [u8],
    kind: Kind,
    file: &str,
    diags: &mut Vec<Diagnostic>,
) -> Result<(Book<'a>, Option<HashMap<String, Layout>>), SheetError> {
    let encrypted = || SheetError::Encrypted {
        file: file.to_owned(),
    };
    match guard::sniff(bytes, kind, file)? {
        Container::Zip => {
            let info = guard::check_zip(bytes, kind, file)?;
            let actual = if info.has("content.xml") && !info.has("xl/workbook.xml") {
                Kind::Ods
            } else if info.has("xl/workbook.xml") || info.has("[Content_Types].xml") {
                Kind::Xlsx
            } else {
                return Err(SheetError::NotASpreadsheet {
                    file: file.to_owned(),
                    detail:
                        "a zip archive with neither xl/workbook.xml (xlsx) nor content.xml (ods)"
                            .to_owned(),
                });
            };
            if actual != kind {
                diags.push(Diagnostic::new(
                    "format_mismatch",
                    Severity::Info,
                    format!(
                        "{file}: named .{} but the content is {}; read as {}",
                        kind.as_str(),
                        actual.as_str(),
                        actual.as_str()
                    ),
                ));
            }
            if actual == Kind::Ods {
                if info.has("META-INF/manifest.xml")
                    && let Some(m) = guard::read_entry(bytes, "META-INF/manifest.xml")
                    && String::from_utf8_lossy(&m).contains("encryption-data")
                {
                    return Err(encrypted());
                }
                let ods = Ods::new(Cursor::new(bytes)).map_err(|e| match e {
                    OdsError::Password => encrypted(),
                    e => corrupt(file, Kind::Ods, e),
                })?;
                Ok((Book::Ods(Box::new(ods)), layout::ods_layouts(bytes)))
            } else {
                let x = Xlsx::new(Cursor::new(bytes)).map_err(|e| match e {
                    XlsxError::Password => encrypted(),
                    e => corrupt(file, Kind::Xlsx, e),
                })?;
                Ok((Book::Xlsx(Box::new(x)), layout::xlsx_layouts(bytes)))
            }
        }
        Container::Cfb => {
            // calamine would allocate without bound on a looping chain or
            // on a sheet that declares billions of cells.
            cfb::preflight(bytes).map_err(|e| corrupt(file, Kind::Xls, e))?;
            biff::preflight(bytes).map_err(|e| corrupt(file, Kind::Xls, e))?;
            // An OLE file is an .xls, or an encrypted xlsx/ods (EncryptedPackage).
            if let Err(XlsxError::Password) = Xlsx::new(Cursor::new(bytes)) {
                return Err(encrypted());
            }
            if kind != Kind::Xls {
                diags.push(Diagnostic::new(
                    "format_mismatch",
                    Severity::Info,
                    format!(
                        "{file}: named .{} but the content is a legacy .xls workbook; read as xls",
                        kind.as_str()
                    ),
                ));
            }
            let xls = Xls::new(Cursor::new(bytes)).map_err(|e| match e {
                XlsError::Password => encrypted(),
                e => corrupt(file, Kind::Xls, e),
            })?;
            let names: Vec<&str> = xls
                .sheets_metadata()
                .iter()
                .map(|s| s.name.as_str())
                .collect();
            let formats = biff::read(bytes).and_then(|wb| {
                // Sheets are matched by position; the names must agree
                // (on their ASCII letters: 8-bit names may be decoded with
                // another code page by calamine).
                let ascii = |s: &str| s.chars().filter(char::is_ascii).collect::<String>();
                if wb.sheets.len() == names.len()
                    && wb
                        .sheets
                        .iter()
                        .zip(&names)
                        .all(|(a, b)| ascii(&a.name) == ascii(b))
                {
                    Ok(wb)
                } else {
                    Err(format!(
                        "the BIFF stream lists {} sheets, calamine {}; they do not match",
                        wb.sheets.len(),
                        names.len()
                    ))
                }
            });
            let formats = match formats {
                Ok(wb) => Some(wb),
                Err(e) => {
                    diags.push(Diagnostic::new(
                        XLS_FORMATS_UNKNOWN,
                        Severity::Warning,
                        format!("{file}: legacy .xls: {XLS_FALLBACK} ({e})"),
                    ));
                    None
                }
            };
            Ok((Book::Xls(Box::new(xls), formats), None))
        }
    }
}

/// Rule of the warning given when the formats of an .xls (or one of its
/// sheets) cannot be read, and what it means.
const XLS_FORMATS_UNKNOWN: &str = "xls_formats_unknown";
const XLS_FALLBACK: &str = "number formats, bold fonts and hidden rows/columns could not be read; \
     numbers are taken as stored (a percentage-formatted cell reads as its fraction, 0.63, not 63)";

/// A grid from calamine's range (ods, xls); `style` gives a cell's number
/// format and boldness where the format knows them (xls).
fn grid_from_range(
    name: &str,
    range: &Range<Data>,
    layout: Option<&Layout>,
    style: impl Fn(u32, u32) -> Option<biff::Style>,
) -> Result<Grid, String> {
    let mut grid = Grid {
        name: name.to_owned(),
        hidden_rows: layout.map(|l| l.hidden_rows.clone()).unwrap_or_default(),
        ..Grid::default()
    };
    let Some((r0, c0)) = range.start() else {
        return Ok(grid);
    };
    let mut budget = Budget::new();
    for (r, c, v) in range.used_cells() {
        let (Ok(r), Ok(c)) = (u32::try_from(r), u32::try_from(c)) else {
            continue;
        };
        let (r, c) = (r0.saturating_add(r), c0.saturating_add(c));
        let pct = layout.is_some_and(|l| l.percent.contains(&(r, c)));
        let st = style(r, c);
        let (fmt, bold) = (st.map(|s| s.fmt), st.is_some_and(|s| s.bold));
        if let Some(cell) = convert(Val::from(v), fmt, pct, bold) {
            budget.add(r, c)?;
            insert(&mut grid, layout, r, c, cell);
        }
    }
    Ok(grid)
}

fn xlsx_grid(
    x: &mut Xlsx<Cursor<&[u8]>>,
    name: &str,
    layout: Option<&Layout>,
) -> Result<Grid, String> {
    let mut grid = Grid {
        name: name.to_owned(),
        hidden_rows: layout.map(|l| l.hidden_rows.clone()).unwrap_or_default(),
        ..Grid::default()
    };
    let mut budget = Budget::new();
    {
        let mut reader = x.worksheet_cells_reader(name).map_err(|e| e.to_string())?;
        while let Some((cell, style_id)) = reader
            .next_cell_with_style_id()
            .map_err(|e| e.to_string())?
        {
            let (r, c) = cell.get_position();
            let style = reader.styles().get(style_id);
            let fmt = style
                .and_then(|s| s.number_format.as_ref())
                .map(|f| number_format(&f.format_code, f.format_id));
            let bold = style
                .and_then(|s| s.font.as_ref())
                .is_some_and(|f| f.is_bold());
            if let Some(g) = convert(Val::from(cell.get_value()), fmt, false, bold) {
                budget.add(r, c)?;
                insert(&mut grid, layout, r, c, g);
            }
        }
    }
    Ok(grid)
}

/// Extraction with `file` naming the source in messages.
pub(crate) fn extract_named(
    bytes: &[u8],
    kind: Kind,
    file: &str,
) -> Result<Extraction, SheetError> {
    let mut diags = Vec::new();
    let (mut book, layouts) =
        guarded(|| open(bytes, kind, file, &mut diags)).map_err(|e| corrupt(file, kind, e))??;
    if layouts.is_none() && !matches!(book, Book::Xls(..)) {
        diags.push(Diagnostic::new(
            "layout_unread",
            Severity::Warning,
            format!("{file}: hidden rows/columns could not be read; all rows are taken"),
        ));
    }
    let (sheets, producer) = guarded(|| match &mut book {
        Book::Xlsx(x) => (
            x.sheets_metadata().to_vec(),
            x.workbook_properties().ok().and_then(|p| p.application),
        ),
        Book::Xls(x, _) => (
            x.sheets_metadata().to_vec(),
            x.workbook_properties().ok().and_then(|p| p.application),
        ),
        Book::Ods(x) => (
            x.sheets_metadata().to_vec(),
            x.workbook_properties().ok().and_then(|p| p.application),
        ),
    })
    .map_err(|e| corrupt(file, kind, e))?;
    let mut ex = Extraction {
        pages_or_sheets: u32::try_from(sheets.len()).unwrap_or(u32::MAX),
        producer: producer.filter(|p| !p.trim().is_empty()),
        ..Extraction::default()
    };
    for (index, sheet) in sheets.iter().enumerate() {
        let name = sheet.name.as_str();
        if sheet.typ != SheetType::WorkSheet {
            continue;
        }
        if sheet.visible != SheetVisible::Visible {
            ex.diagnostics.push(sheet_diag(
                "hidden_sheet_skipped",
                Severity::Info,
                name,
                format!("{file}: sheet {name} is hidden; not read"),
            ));
            continue;
        }
        let layout = layouts.as_ref().and_then(|l| l.get(name));
        let loaded: Result<Grid, String> = guarded(|| match &mut book {
            Book::Xlsx(x) => xlsx_grid(x, name, layout).map(|mut g| {
                g.merges = x.merge_cells_by_sheet_name(name).unwrap_or_default();
                g
            }),
            Book::Xls(x, formats) => {
                let cells = formats
                    .as_ref()
                    .and_then(|wb| Some((wb, wb.sheets.get(index)?)));
                let cells = match cells {
                    Some((wb, s)) => match &s.cells {
                        Ok(cells) => Some((wb, cells)),
                        Err(e) => {
                            ex.diagnostics.push(sheet_diag(
                                XLS_FORMATS_UNKNOWN,
                                Severity::Warning,
                                name,
                                format!("{file}: sheet {name}: {XLS_FALLBACK} ({e})"),
                            ));
                            None
                        }
                    },
                    None => None,
                };
                x.worksheet_range(name)
                    .map_err(|e| e.to_string())
                    .and_then(|r| {
                        grid_from_range(name, &r, cells.map(|(_, c)| &c.layout), |r, c| {
                            cells.and_then(|(wb, cells)| wb.style(cells, r, c))
                        })
                    })
                    .map(|mut g| {
                        g.merges = x.merge_cells_by_sheet_name(name).unwrap_or_default();
                        g
                    })
            }
            Book::Ods(x) => x
                .worksheet_range(name)
                .map_err(|e| e.to_string())
                .and_then(|r| grid_from_range(name, &r, layout, |_, _| None))
                .map(|mut g| {
                    g.merges = layout.map(|l| l.merges.clone()).unwrap_or_default();
                    g
                }),
        })
        .and_then(|r| r);
        let grid = match loaded {
            Ok(g) => g,
            Err(e) => {
                ex.diagnostics.push(sheet_diag(
                    "sheet_unreadable",
                    Severity::Error,
                    name,
                    format!("{file}: sheet {name} could not be read: {e}"),
                ));
                continue;
            }
        };
        if ex.report_year.is_none() {
            ex.report_year = grid
                .rows
                .values()
                .flat_map(|r| r.values())
                .find_map(|c| kommunetall_lexicon::year::report_year(&c.text));
        }
        if is_contents_sheet(&grid) {
            ex.diagnostics.push(sheet_diag(
                "contents_sheet_skipped",
                Severity::Info,
                name,
                format!("{file}: sheet {name} lists table titles only; skipped"),
            ));
            continue;
        }
        let tables = find_tables(&grid, &mut ex.diagnostics);
        tracing::debug!(sheet = name, tables = tables.len(), "sheet read");
        ex.tables.extend(tables);
    }
    ex.diagnostics.extend(diags);
    let mut seen = std::collections::HashSet::new();
    for t in &ex.tables {
        if !seen.insert(t.table_id.clone()) {
            let mut d = Diagnostic::new(
                "duplicate_table_id",
                Severity::Warning,
                format!("{file}: table id {} occurs more than once", t.table_id),
            );
            d.table_id = Some(t.table_id.clone());
            ex.diagnostics.push(d);
        }
    }
    Ok(ex)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_values() {
        let pct = number_format("0%", None);
        let c = convert(Val::Num(0.63), Some(pct), false, false);
        assert_eq!(c.as_ref().and_then(|c| c.value), Some(63.0));
        assert_eq!(c.map(|c| c.text).as_deref(), Some("63%"));
        let c = convert(Val::Str("−5 253"), None, false, false);
        assert_eq!(c.and_then(|c| c.value), Some(-5253.0));
        let c = convert(Val::Str("11 2885"), None, false, false);
        assert!(c.is_some_and(|c| c.value.is_none() && c.class == CellClass::Malformed));
        assert!(convert(Val::Str("  \n "), None, false, false).is_none());
        let c = convert(Val::Iso("2024-03-01"), None, false, false);
        assert_eq!(c.map(|c| c.text).as_deref(), Some("01.03.2024"));
    }
}
