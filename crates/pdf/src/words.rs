//! Glyphs to words, following the rules of poppler's `TextPage::addChar`
//! (what `pdftotext -bbox` uses), so that word boxes agree with it:
//!
//! * a whitespace character ends the current word and is dropped;
//! * a new word starts when the next glyph does not follow the previous one
//!   closely along the baseline (gap larger than 0.1 × font size, or overlap
//!   more than 0.2 × font size), when the baseline moves by more than 0.5 pt,
//!   or when the font size changes; a glyph drawn on top of the previous one
//!   (fake bold) also starts a new word;
//! * glyphs outside the page are dropped;
//! * a word repeating an earlier word's text at (almost) the same place is
//!   dropped (fake bold, drop shadows), as poppler's `coalesce` does;
//! * a word's box runs from its first glyph's origin to its last glyph's
//!   advance along the baseline, and from the ascent to the descent of the
//!   first glyph's font across it.

use std::collections::HashMap;
use std::rc::Rc;

use kommunetall_model::BBox;

use crate::content::Glyph;
use crate::fonts::Font;
use crate::page::Word;

/// Gap (× font size) above which glyphs belong to different words.
const MIN_WORD_BREAK_SPACE: f64 = 0.1;
/// Overlap (× font size) beyond which glyphs belong to different words.
const MIN_DUP_BREAK_OVERLAP: f64 = 0.2;
/// Duplicate-glyph detection along the baseline (× font size).
const DUP_MAX_PRI_DELTA: f64 = 0.1;
/// Duplicate-glyph detection across the baseline (× font size).
const DUP_MAX_SEC_DELTA: f64 = 0.2;
/// Baseline change (points) that ends a word.
const MAX_BASE_DELTA: f64 = 0.5;

struct WordBuilder {
    text: String,
    rot: u8,
    font_size: f64,
    base: f64,
    x_min: f64,
    y_min: f64,
    x_max: f64,
    y_max: f64,
    last_edge: f64,
    len: usize,
    font: Rc<Font>,
    spaced: bool,
}

impl WordBuilder {
    fn new(rot: u8, font_size: f64, font: Rc<Font>) -> WordBuilder {
        WordBuilder {
            text: String::new(),
            rot,
            font_size,
            base: 0.0,
            x_min: 0.0,
            y_min: 0.0,
            x_max: 0.0,
            y_max: 0.0,
            last_edge: 0.0,
            len: 0,
            font,
            spaced: false,
        }
    }

    fn add_char(&mut self, c: char, x: f64, y: f64, dx: f64, dy: f64) {
        if self.len == 0 {
            let ascent = self.font.ascent * self.font_size;
            let descent = self.font.descent * self.font_size;
            match self.rot {
                0 => {
                    self.x_min = x;
                    self.y_min = y - ascent;
                    self.y_max = y - descent;
                    if self.y_min == self.y_max {
                        self.y_min = y;
                        self.y_max = y + 1.0;
                    }
                    self.base = y;
                }
                1 => {
                    self.x_min = x + descent;
                    self.x_max = x + ascent;
                    self.y_min = y;
                    self.base = x;
                }
                2 => {
                    self.x_max = x;
                    self.y_min = y + descent;
                    self.y_max = y + ascent;
                    self.base = y;
                }
                _ => {
                    self.x_min = x - ascent;
                    self.x_max = x - descent;
                    self.y_max = y;
                    self.base = x;
                }
            }
        }
        match self.rot {
            0 => {
                self.last_edge = x;
                self.x_max = x + dx;
            }
            1 => {
                self.last_edge = y;
                self.y_max = y + dy;
            }
            2 => {
                self.last_edge = x;
                self.x_min = x + dx;
            }
            _ => {
                self.last_edge = y;
                self.y_min = y + dy;
            }
        }
        self.text.push(c);
        self.len += 1;
    }

    fn finish(self) -> Option<Word> {
        if self.len == 0 {
            return None;
        }
        Some(Word {
            text: self.text,
            bbox: BBox {
                x0: self.x_min,
                y0: self.y_min,
                x1: self.x_max,
                y1: self.y_max,
            },
            baseline: self.base,
            font_size: self.font_size,
            font: self.font.name.clone(),
            bold: self.font.bold,
            spaced: self.spaced,
        })
    }
}

/// Groups glyphs into words; `width`/`height` are the page size in device space.
/// Returns the upright words and the words drawn turned, each in
/// content-stream order.
pub(crate) fn build_words(glyphs: Vec<Glyph>, width: f64, height: f64) -> (Vec<Word>, Vec<Word>) {
    let mut words = Vec::new();
    let mut turned = Vec::new();
    let mut cur: Option<WordBuilder> = None;
    let mut last_overlap = false;
    // A space glyph since the last word ended: the next word was spaced.
    let mut after_space = false;
    let end = |cur: &mut Option<WordBuilder>, words: &mut Vec<(u8, Word)>| {
        if let Some(b) = cur.take() {
            let rot = b.rot;
            if let Some(w) = b.finish() {
                words.push((rot, w));
            }
        }
    };

    for mut g in glyphs {
        // A glyph mapped to several characters with a space among them
        // (" ." for a full stop in some fonts' ToUnicode maps) is drawn as
        // one mark: its spaces are not spaces on the page, and a number
        // set with it ("1,396" + " ." + "4") stays one word.
        if g.text.chars().count() > 1
            && g.text.chars().any(char::is_whitespace)
            && !g.text.chars().all(char::is_whitespace)
        {
            g.text.retain(|c| !c.is_whitespace());
        }
        let (mut x, mut y, mut dx, mut dy) = (g.x, g.y, g.dx, g.dy);
        if x + dx < 0.0 || x > width || y + dy < 0.0 || y > height {
            continue;
        }
        let mut chars = g.text.chars();
        let single = match (chars.next(), chars.next()) {
            (Some(c), None) => Some(c),
            _ => None,
        };
        if single.is_some_and(char::is_whitespace) {
            end(&mut cur, &mut words);
            after_space = true;
            continue;
        }
        if single == Some('\0') {
            continue;
        }

        if let Some(w) = cur.as_ref().filter(|w| w.len > 0) {
            let (base, sp, delta) = match w.rot {
                0 => (y, x - w.x_max, x - w.last_edge),
                1 => (x, y - w.y_max, y - w.last_edge),
                2 => (y, w.x_min - x, w.last_edge - x),
                _ => (x, w.y_min - y, w.last_edge - y),
            };
            let fs = w.font_size;
            let overlap = delta.abs() < DUP_MAX_PRI_DELTA * fs
                && (base - w.base).abs() < DUP_MAX_SEC_DELTA * fs;
            if overlap
                || last_overlap
                || sp < -MIN_DUP_BREAK_OVERLAP * fs
                || sp > MIN_WORD_BREAK_SPACE * fs
                || (base - w.base).abs() > MAX_BASE_DELTA
                || g.font_size != w.font_size
            {
                end(&mut cur, &mut words);
            }
            last_overlap = overlap;
        } else {
            last_overlap = false;
        }

        let n = g.text.chars().count();
        if n == 0 {
            continue;
        }
        let word = cur.get_or_insert_with(|| WordBuilder::new(g.rot, g.font_size, g.font.clone()));
        let reversed = match word.rot {
            0 => dx < 0.0,
            1 => dy < 0.0,
            2 => dx > 0.0,
            _ => dy > 0.0,
        };
        if reversed {
            end(&mut cur, &mut words);
            x += dx;
            y += dy;
            dx = -dx;
            dy = -dy;
        }
        let word = cur.get_or_insert_with(|| WordBuilder::new(g.rot, g.font_size, g.font.clone()));
        if word.len == 0 {
            word.spaced = after_space;
        }
        after_space = false;
        let (cdx, cdy) = (dx / n as f64, dy / n as f64);
        for (i, c) in g.text.chars().enumerate() {
            word.add_char(c, x + i as f64 * cdx, y + i as f64 * cdy, cdx, cdy);
        }
    }
    end(&mut cur, &mut words);
    let words: Vec<Word> = words
        .into_iter()
        .filter_map(|(rot, w)| {
            if rot == 0 {
                Some(w)
            } else {
                turned.push(w);
                None
            }
        })
        .collect();
    (drop_duplicates(words), drop_duplicates(turned))
}

/// Removes words that repeat an earlier word's text at nearly the same
/// position (within 0.1 × font size along and 0.2 × across the baseline).
fn drop_duplicates(words: Vec<Word>) -> Vec<Word> {
    let mut seen: HashMap<String, Vec<usize>> = HashMap::new();
    let mut kept: Vec<Word> = Vec::with_capacity(words.len());
    for w in words {
        let dup = seen.get(&w.text).is_some_and(|idx| {
            idx.iter().any(|&i| {
                let k = &kept[i];
                let fs = k.font_size;
                (k.font_size - w.font_size).abs() < 1e-9
                    && (k.bbox.x0 - w.bbox.x0).abs() < DUP_MAX_PRI_DELTA * fs
                    && (k.bbox.y0 - w.bbox.y0).abs() < DUP_MAX_SEC_DELTA * fs
            })
        });
        if !dup {
            seen.entry(w.text.clone()).or_default().push(kept.len());
            kept.push(w);
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(text: &str, x0: f64, y0: f64) -> Word {
        Word {
            text: text.into(),
            bbox: BBox {
                x0,
                y0,
                x1: x0 + 10.0,
                y1: y0 + 10.0,
            },
            baseline: y0 + 8.0,
            font_size: 10.0,
            font: String::new(),
            bold: false,
            spaced: false,
        }
    }

    #[test]
    fn fake_bold_duplicates_are_dropped() {
        let words = vec![
            word("Sum", 100.0, 100.0),
            word("Sum", 100.3, 100.0),
            word("Sum", 100.0, 120.0),
            word("Total", 100.3, 100.0),
        ];
        let kept: Vec<(String, f64)> = drop_duplicates(words)
            .into_iter()
            .map(|w| (w.text, w.bbox.y0))
            .collect();
        assert_eq!(
            kept,
            [
                ("Sum".to_string(), 100.0),
                ("Sum".to_string(), 120.0),
                ("Total".to_string(), 100.0)
            ]
        );
    }
}
