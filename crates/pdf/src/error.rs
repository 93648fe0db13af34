//! Why a PDF or a page could not be read.

/// Why a PDF or one of its pages could not be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PdfError {
    /// The bytes are not a PDF file at all (no `%PDF-` header).
    #[error("the file is not a PDF (no %PDF- header found)")]
    NotPdf,
    /// The PDF is encrypted with a password we do not have.
    #[error("encrypted PDFs are not supported (the file needs a password to open)")]
    Encrypted,
    /// The PDF structure could not be parsed.
    #[error("the PDF could not be parsed: {0}")]
    Parse(String),
    /// A page number outside `1..=page_count` was requested.
    #[error("page {page} does not exist (the document has {count} pages)")]
    PageOutOfRange {
        /// The requested page number.
        page: u32,
        /// Number of pages in the document.
        count: u32,
    },
    /// One page is damaged; other pages may still be readable.
    #[error("page {page} could not be read: {reason}")]
    PageUnreadable {
        /// 1-based page number.
        page: u32,
        /// What went wrong.
        reason: String,
    },
    /// A safety limit was hit (decompressed stream size, operator count, ...).
    #[error("the PDF exceeds a safety limit: {what} (limit {limit})")]
    LimitExceeded {
        /// Which limit.
        what: String,
        /// The limit's value.
        limit: u64,
    },
}
