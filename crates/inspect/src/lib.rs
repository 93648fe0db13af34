//! Inspection pages for PDF table extraction: one self-contained HTML file
//! per PDF page that shows at a glance what the extractor made of it.
//!
//! [`render`] draws each page as an inline SVG in page points: every word at
//! its position, the rules and shading, and on top every table found
//! (`class="table"`), its rows (`class="row"`, sum and section rows tinted),
//! column bands (`class="col"`) and every row label and value cell with a
//! position on that page (`class="cell"`, `data-row`, `data-col`, column 0
//! being the row label), coloured by how the text was parsed: number
//! (green), missing marker (grey), malformed number (red, thick), text
//! (blue), empty (dotted). Cells named by a finding get a magenta outline.
//! A cell's `<title>` tells its row, column, text and value. Captions are
//! outlined and linked to the side panel, which shows each table as an HTML
//! table (header spans, row classes, the same colours) with its findings.
//!
//! The input is [`Extracted`]: the tables and the findings (a
//! `kommunetall_model::Extraction` converts into it).
//!
//! [`index_html`] lists every table (id, caption, pages, shape, findings)
//! with links to the page anchors (`page-007.html#table-1.4`); [`write()`]
//! writes the index and the pages into a directory.
//!
//! [`quality_html`] and [`quality_markdown`] draw the quality report of
//! some documents (a run: those of one partition), linking findings to the
//! inspect pages; [`quality_index_html`] and [`quality_index_markdown`] its
//! index over all of a warehouse's documents.
//!
//! The modules are leaves below this file, which only re-exports: `html`
//! (escaping, formatting) ← `page` ← `render`, `quality`.
//!
//! The pages use inline CSS and a few lines of inline script (hover links a
//! cell outline with its panel cell) and load nothing from the network.
//! Everything taken from the document is HTML-escaped.

mod html;
mod page;
mod quality;
mod render;
mod style;

pub use html::page_file_name;
pub use page::table_pages;
pub use quality::{
    QUALITY_HTML_TAIL, QUALITY_MD_HEAD, QualityDoc, QualityIndexRow, QualitySection, quality_html,
    quality_html_head, quality_index_html, quality_index_markdown, quality_markdown,
    quality_section,
};
pub use render::{Extracted, InspectPage, Options, index_html, render, write};
