//! What a page holds once read: positioned [`Word`]s, ruling lines and fills.

use kommunetall_model::BBox;

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
    /// Whether a space character came right before it in the content (the
    /// typesetter may have kerned the space away, so the gap cannot tell).
    pub spaced: bool,
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
