//! Why a workbook could not be read at all.

/// Why a workbook could not be read at all. Messages name the file.
#[derive(Debug, thiserror::Error)]
pub enum SheetError {
    /// The file could not be read from disk.
    #[error("{file}: cannot read file: {source}")]
    Io {
        /// File name.
        file: String,
        /// Underlying error.
        source: std::io::Error,
    },
    /// The extension names no supported spreadsheet format.
    #[error("{file}: not a spreadsheet (extension must be .xlsx, .xls or .ods)")]
    UnsupportedExtension {
        /// File name.
        file: String,
    },
    /// The content is not a workbook of any supported format.
    #[error("{file}: not a spreadsheet: {detail}")]
    NotASpreadsheet {
        /// File name.
        file: String,
        /// What was found instead.
        detail: String,
    },
    /// The workbook is password-protected or encrypted.
    #[error("{file}: workbook is password-protected or encrypted; cannot read it")]
    Encrypted {
        /// File name.
        file: String,
    },
    /// The container is damaged (truncated download, broken zip, bad XML).
    #[error("{file}: truncated or corrupt {kind} workbook: {detail}")]
    Corrupt {
        /// File name.
        file: String,
        /// Format that was attempted.
        kind: &'static str,
        /// What the reader reported.
        detail: String,
    },
    /// The container declares sizes beyond the limits (zip bomb).
    #[error("{file}: refused: {detail}")]
    TooLarge {
        /// File name.
        file: String,
        /// Which limit was exceeded.
        detail: String,
    },
}
