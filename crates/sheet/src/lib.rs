//! Finds the tables in spreadsheet workbooks (.xlsx, .xls, .ods).
//!
//! [`extract`] (or [`extract_bytes`]) opens a workbook with `calamine`, reads
//! every worksheet into a sparse grid of cells and cuts each sheet into tables:
//! a caption row ("Tabell 1.1 Økonomisk oversikt … Millioner kroner"), header
//! rows (merged cells become [`HeaderCell::span`]s), body rows (label in the
//! first column, values to the right) and note lines ("Kilde: …") under it.
//! Several tables may be stacked on one sheet. A sheet's title and source
//! lines above a table are its notes, not header rows. Identifier columns
//! (county or municipality numbers, kapittel/post before the name), key
//! columns of codes and a group label typed once over the rows it heads
//! join the row label ("30 Viken"), never the values.
//!
//! Text is taken as a spreadsheet shows it: invisible characters (soft
//! hyphens U+00AD, zero-width spaces) are dropped.
//!
//! The result is the project's source-agnostic [`Extraction`]: the same
//! [`Table`] model the PDF extractor produces, with every value cell traced
//! back to its sheet reference ("B7").
//!
//! # Values
//!
//! * Numbers stored as numbers are taken as stored (formulas: the cached
//!   result), rounded to the 15 significant digits a spreadsheet shows
//!   (`9.699999999999999` → `9.7`).
//! * Cells formatted as percentages (xlsx, xls: number format containing
//!   `%` or built-in format 9/10; ods: `office:value-type="percentage"`)
//!   hold fractions; they are reported as percent points (`0.63` → `63`,
//!   unit "prosent", text "63%"), with the format's decimals ("0.0%" →
//!   "2,8%").
//! * Text cells go through [`kommunetall_lexicon::parse`]; text that looks like a
//!   number but is not well-formed ("11 2885") gives no value and an
//!   `unparseable_number` diagnostic, never a guess.
//! * Dates and booleans are text only.
//!
//! # What the file formats do and do not tell
//!
//! calamine 0.38 exposes cell values, merged regions (xlsx, xls; not ods),
//! sheet visibility and, for xlsx only, number formats. It does not expose
//! hidden rows or columns for any format, nor merged cells or number formats
//! for ods, nor number formats or fonts for xls. This crate therefore
//! side-scans the XML itself (xlsx: `<row hidden>`, `<col hidden>`; ods:
//! row/column `table:visibility`, `number-columns-spanned`/
//! `number-rows-spanned`, and `office:value-type="percentage"`) and, for
//! .xls, reads the BIFF workbook stream out of its OLE container with its
//! own small reader (`cfb`, `biff`): FONT, FORMAT and XF records, each
//! cell's XF index, ROW and COLINFO, so an .xls cell gets the number format,
//! bold font and hidden rows/columns an .xlsx cell gets. When that stream
//! (or one sheet's part of it) cannot be read, calamine's values are taken
//! as stored and an `xls_formats_unknown` warning names the file (and the
//! sheet): a percentage-formatted cell then reads as its fraction.
//!
//! # Limits
//!
//! Zip containers are checked before calamine reads them: an entry whose
//! declared uncompressed size exceeds [`MAX_ENTRY_BYTES`], a total over
//! [`MAX_TOTAL_BYTES`] or an absurd compression ratio is refused. A sheet with
//! more than [`MAX_CELLS_PER_SHEET`] non-empty cells, or whose used area
//! exceeds [`MAX_AREA_PER_SHEET`], is skipped with an error diagnostic.
//!
//! # Robustness
//!
//! calamine may panic on malformed input (an overlong cell reference
//! overflows its `u32` arithmetic where overflow checks are on). Opening a
//! workbook and reading each sheet run behind [`std::panic::catch_unwind`]:
//! a panic while opening becomes [`SheetError::Corrupt`], one while reading a
//! sheet a `sheet_unreadable` error diagnostic for that sheet (the others are
//! still read). The default panic hook still prints such a panic to stderr;
//! this crate does not touch the global hook.

mod biff;
mod cfb;
mod display;
mod error;
mod find;
mod grid;
mod guard;
mod kind;
mod layout;
mod load;
mod table;

use std::path::Path;

use kommunetall_model::Extraction;
#[cfg(doc)]
use kommunetall_model::{HeaderCell, Table};

pub use error::SheetError;
pub use guard::{MAX_AREA_PER_SHEET, MAX_CELLS_PER_SHEET, MAX_ENTRY_BYTES, MAX_TOTAL_BYTES};
pub use kind::Kind;

/// Reads the workbook at `path` and finds its tables.
///
/// The format comes from the extension, checked against the content: a file
/// named .xlsx that is not a zip archive is reported as such.
///
/// # Errors
///
/// [`SheetError`] when the file cannot be read as a workbook at all
/// (missing, not a spreadsheet, encrypted, corrupt, over the size limits).
/// Problems with single sheets are diagnostics in the returned extraction.
pub fn extract(path: &Path) -> Result<Extraction, SheetError> {
    let file = path.display().to_string();
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    let kind = Kind::from_extension(ext)
        .ok_or_else(|| SheetError::UnsupportedExtension { file: file.clone() })?;
    let bytes = std::fs::read(path).map_err(|source| SheetError::Io {
        file: file.clone(),
        source,
    })?;
    load::extract_named(&bytes, kind, &file)
}

/// Entry points for the fuzz targets in `fuzz/`; not part of the API.
#[doc(hidden)]
pub mod fuzzing {
    /// The .xls format reader alone (no calamine, no table finding) over
    /// `bytes` taken as a compound file and, separately, as a bare BIFF
    /// workbook stream. Each result lists, per sheet, how many cells have a
    /// known XF (0 for a sheet whose substream could not be read), or why
    /// the workbook could not be read.
    /// The checks run before calamine (`cfb::preflight`,
    /// `biff::preflight`) run too.
    pub fn xls_formats(bytes: &[u8]) -> [Result<Vec<usize>, String>; 2] {
        let _ = crate::cfb::preflight(bytes);
        let _ = crate::biff::preflight(bytes);
        let _ = crate::biff::preflight_stream(bytes);
        let summary = |wb: crate::biff::Workbook| {
            wb.sheets
                .iter()
                .map(|s| s.cells.as_ref().map_or(0, crate::biff::SheetCells::len))
                .collect()
        };
        [
            crate::biff::read(bytes).map(summary),
            crate::biff::read_stream(bytes).map(summary),
        ]
    }
}

/// Like [`extract`] for a workbook already in memory; `kind` is what the
/// caller believes the format is (checked against the content).
///
/// # Errors
///
/// As [`extract`]; messages name the file "<bytes>".
pub fn extract_bytes(bytes: &[u8], kind: Kind) -> Result<Extraction, SheetError> {
    load::extract_named(bytes, kind, "<bytes>")
}
