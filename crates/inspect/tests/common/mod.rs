//! The sample annual report, read and extracted once per test binary.

use std::path::PathBuf;
use std::sync::OnceLock;

use kommunetall_model::Extraction;
use kommunetall_pdf::Page;

/// File name used as the source name in the pages.
pub const SOURCE: &str = "arsberetning-2024.pdf";

/// Path of the sample PDF.
pub fn sample_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../raw/trondheim/2024/arsberetning-2024.pdf")
}

/// The sample's pages and their extraction.
pub fn sample() -> &'static (Vec<Page>, Extraction) {
    static SAMPLE: OnceLock<(Vec<Page>, Extraction)> = OnceLock::new();
    SAMPLE.get_or_init(|| {
        let path = sample_path();
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let doc = kommunetall_pdf::Document::open(&bytes).expect("the sample PDF opens");
        let pages: Vec<Page> = (1..=doc.page_count())
            .map(|n| doc.page(n).expect("every sample page reads"))
            .collect();
        let found = kommunetall_grid::extract(&pages);
        let extraction = Extraction {
            tables: found.tables,
            diagnostics: found.diagnostics,
            ..Extraction::default()
        };
        (pages, extraction)
    })
}

/// Occurrences of `needle` in `hay`.
pub fn count(hay: &str, needle: &str) -> usize {
    hay.matches(needle).count()
}
