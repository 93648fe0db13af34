//! Positioned text from PDF pages.
//!
//! [`Document::open`] parses a PDF with `lopdf`; [`Document::page`] runs the
//! content-stream text state machine over one page and returns a [`Page`]:
//! words with their boxes, font size and weight, plus the page's ruling lines
//! and filled rectangles. Coordinates are points with the origin at the top-left
//! of the page (y grows downwards), as `pdftotext -bbox` reports them.
//!
//! This crate knows nothing about tables; `kommunetall-grid` builds them from
//! [`Page`]s.
//!
//! # Robustness
//!
//! The input is untrusted. Every stream is decompressed with a size limit
//! ([`Limits::max_stream_bytes`]), the number of content operators per page is
//! bounded, Form XObjects nest at most [`Limits::max_xobject_depth`] deep and
//! cyclic references are detected. `lopdf` itself may panic on some malformed
//! inputs, so loading and page extraction run behind [`std::panic::catch_unwind`]; a
//! panic there becomes [`PdfError::Parse`] (when opening) or
//! [`PdfError::PageUnreadable`] (for one page). The default panic hook still
//! prints such a panic to stderr; this crate does not touch the global hook.

mod content;
mod document;
mod fonts;
mod objects;
mod std14;
#[rustfmt::skip]
mod std14_data;
mod words;

pub use document::{Document, Limits};
pub use kommunetall_model::BBox;
pub use std14::std14_width;

/// A word: a run of glyphs without a space between them, on one baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    /// Unicode text (ligatures expanded).
    pub text: String,
    /// Box from the font's ascent to descent (like `pdftotext -bbox`).
    pub bbox: BBox,
    /// Baseline y (top-left origin).
    pub baseline: f64,
    /// Font size in points after text and graphics matrices.
    pub font_size: f64,
    /// Base font name without subset prefix ("Arial-BoldMT").
    pub font: String,
    /// Whether the font is a bold face (by name or font flags).
    pub bold: bool,
}

/// One page of positioned content.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Page {
    /// 1-based page number.
    pub number: u32,
    /// Page width in points (after /Rotate).
    pub width: f64,
    /// Page height in points (after /Rotate).
    pub height: f64,
    /// Words in content-stream order, upright on the (rotated) page.
    pub words: Vec<Word>,
    /// Words drawn turned against the page's reading direction (a
    /// sideways column heading, a margin note, a rotated stamp), in
    /// content-stream order. Their boxes are on the page, but their text
    /// runs across the lines of the upright words, so line-based readers
    /// must not mix them in.
    pub turned: Vec<Word>,
    /// Ruling lines: stroked segments and thin filled rectangles, as boxes
    /// (a horizontal rule has a tiny height, a vertical one a tiny width).
    pub rules: Vec<BBox>,
    /// Filled rectangles that are not thin enough to be rules (cell shading).
    pub fills: Vec<BBox>,
}

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
