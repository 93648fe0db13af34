//! Positioned text from PDF pages.
//!
//! [`read`] is the front door: a whole PDF into its readable pages and one
//! finding per page that could not be read.
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
mod error;
mod fonts;
mod limits;
mod objects;
mod page;
mod read;
mod std14;
#[rustfmt::skip]
mod std14_data;
mod words;

pub use document::Document;
pub use error::PdfError;
pub use kommunetall_model::BBox;
pub use limits::Limits;
pub use page::{Page, Word};
pub use read::{Read, read};
pub use std14::std14_width;
