//! The front door: a whole PDF read at once ([`read`]) — every page that can
//! be read, and a `page_unreadable` finding for each one that cannot.

use kommunetall_model::{Diagnostic, Severity};

use crate::document::Document;
use crate::error::PdfError;
use crate::page::Page;

/// A PDF read whole.
#[derive(Debug, Clone, Default)]
pub struct Read {
    /// The pages that could be read, in order.
    pub pages: Vec<Page>,
    /// One `page_unreadable` error (naming the page) per page that could not.
    pub diagnostics: Vec<Diagnostic>,
    /// Pages in the document, read or not.
    pub page_count: u32,
    /// The `/Title` of the document information, when set.
    pub title: Option<String>,
    /// The `/Producer` of the document information, when set.
    pub producer: Option<String>,
}

/// Opens a PDF and reads every page; a damaged page is a diagnostic, the
/// others are still read.
///
/// # Errors
/// [`PdfError`] when the PDF cannot be opened at all.
pub fn read(bytes: &[u8]) -> Result<Read, PdfError> {
    let doc = Document::open(bytes)?;
    let page_count = doc.page_count();
    let mut out = Read {
        page_count,
        title: doc.title(),
        producer: doc.producer(),
        ..Read::default()
    };
    // Pages are independent: read on every core, kept in page order.
    let pages: Vec<(u32, Result<Page, PdfError>)> = {
        use rayon::prelude::*;
        (1..=page_count)
            .into_par_iter()
            .map(|p| (p, doc.page(p)))
            .collect()
    };
    for (p, page) in pages {
        match page {
            Ok(page) => out.pages.push(page),
            Err(e) => {
                let mut d = Diagnostic::new(
                    "page_unreadable",
                    Severity::Error,
                    format!("page {p} could not be read: {e}"),
                );
                d.page = Some(p);
                out.diagnostics.push(d);
            }
        }
    }
    Ok(out)
}
