//! Words → lines → segments.
//!
//! Words are sanitised (non-finite or empty ones dropped), grouped into
//! visual lines by baseline, and each line is cut into *segments*: runs of
//! words separated by ordinary spaces. A wide gap, a vertical rule between two
//! words, or two numbers that cannot be one number (see
//! [`kommunetall_lexicon::continues_number`]) start a new segment; "wide" is
//! measured against the page's own word spacing. Lines of prose cut into
//! segments (justified text, columns of running text) are marked so that
//! they are not taken for table rows. Running page headers and footers are
//! removed here as well.

use kommunetall_lexicon::{Parsed, continues_number, parse};
use kommunetall_model::BBox;
use kommunetall_pdf::Page;

/// A sanitised word.
#[derive(Debug, Clone)]
pub(crate) struct Tok {
    pub text: String,
    pub bbox: BBox,
    /// Baseline y; falls back to the box's bottom less a descent.
    pub base: f64,
    pub fs: f64,
    pub bold: bool,
    pub italic: bool,
    /// A space character stood before it (see `kommunetall_pdf::Word::spaced`).
    pub spaced: bool,
}

/// A run of words in one line that belongs to one cell.
#[derive(Debug, Clone)]
pub(crate) struct Seg {
    pub text: String,
    pub bbox: BBox,
    pub bold: bool,
    /// The words, for re-splitting at column boundaries.
    pub words: Vec<(String, BBox, bool)>,
}

impl Seg {
    /// The segment made of `words` (at least one), in order.
    pub(crate) fn from_words(words: Vec<(String, BBox, bool)>) -> Seg {
        Seg {
            text: words
                .iter()
                .map(|w| w.0.as_str())
                .collect::<Vec<_>>()
                .join(" "),
            bbox: words[1..].iter().fold(words[0].1, |b, w| b.union(w.1)),
            bold: words.iter().all(|w| w.2),
            words,
        }
    }

    /// Parsed as a well-formed number.
    pub fn number(&self) -> Option<f64> {
        parse(&self.text).value()
    }

    /// Whether every word of the segment is a number on its own.
    pub(crate) fn words_are_numbers(&self) -> bool {
        self.words.iter().all(|w| parse(&w.0).value().is_some())
    }

    /// Whether the segment is amounts of several columns set so close that
    /// they read as one segment that is no number ("2 160 000 1 268 000"):
    /// two words or more, each a number, together none.
    pub(crate) fn amounts_run(&self) -> bool {
        self.words.len() >= 2 && self.words_are_numbers() && self.number().is_none()
    }

    /// A plain integer that looks like a year (header text such as "2024").
    pub fn is_year(&self) -> bool {
        is_year_text(&self.text)
    }

    /// Whether the segment is running text: four or more words, at least
    /// three of them with letters.
    pub fn is_running_text(&self) -> bool {
        self.words.len() >= 4
            && self
                .words
                .iter()
                .filter(|(t, _, _)| t.chars().filter(|c| c.is_alphabetic()).count() >= 2)
                .count()
                >= 3
    }

    /// A number that is data rather than a year in a header, or a
    /// thousands marker ("(000)", "000": zeros alone, more than one, no
    /// figure is written so).
    /// Whether the segment is a data number followed by a mark set a
    /// space after it, the mark of the next column ("19 % ⬆"): one glyph
    /// of the arrows, shapes and symbols blocks (no currency sign, dash or
    /// letter).
    pub fn value_then_mark(&self) -> bool {
        let Some((value, mark)) = self.text.trim().rsplit_once(' ') else {
            return false;
        };
        let mut chars = mark.chars();
        let one_mark = chars.next().is_some_and(|c| {
            matches!(u32::from(c),
                0x2190..=0x21FF | 0x25A0..=0x27BF | 0x27F0..=0x27FF | 0x2900..=0x297F | 0x2B00..=0x2BFF)
        }) && chars.next().is_none();
        one_mark && !is_year_text(value) && parse(value).value().is_some()
    }

    pub fn is_data_number(&self) -> bool {
        let t = self.text.trim();
        let t = t
            .strip_prefix('(')
            .and_then(|t| t.strip_suffix(')'))
            .unwrap_or(t);
        let zeros = t.len() >= 2 && t.bytes().all(|b| b == b'0');
        self.number().is_some() && !self.is_year() && !zeros
    }
}

/// The first three digits of a year a narrow column broke ("202" over
/// "1"), surrounding spaces aside.
pub(crate) fn year_head(t: &str) -> bool {
    let t = t.trim();
    t.len() == 3
        && (t.starts_with("19") || t.starts_with("20"))
        && t.chars().all(|c| c.is_ascii_digit())
}

/// A plain integer that looks like a year ("2024"), surrounding spaces
/// and a note mark set against it ("2024¹") aside.
pub(crate) fn is_year_text(t: &str) -> bool {
    let t = kommunetall_lexicon::number::without_note_marks(t.trim());
    t.len() == 4
        && t.chars().all(|c| c.is_ascii_digit())
        && t.parse::<u32>().is_ok_and(|y| (1900..=2100).contains(&y))
}

/// The digits after the decimal comma of a number ("12,75" → 2), if it
/// has one.
pub(crate) fn decimals(t: &str) -> Option<usize> {
    let t = t.trim();
    let (int, dec) = t.rsplit_once(',')?;
    let int = int.trim_start_matches(['-', '−']);
    (!int.is_empty()
        && int.chars().all(|c| c.is_ascii_digit() || c == ' ')
        && !dec.is_empty()
        && dec.chars().all(|c| c.is_ascii_digit()))
    .then_some(dec.len())
}

/// Whether `tail`, one or two digits on the next line, goes on the decimals
/// of `head` ("12,7" over "5"): the column's other numbers (`others`, two
/// or more with decimals) mostly carry as many decimals as the two make
/// together, more than `head` has alone.
pub(crate) fn decimals_go_on<'a>(
    head: &str,
    tail: &str,
    others: impl Iterator<Item = &'a str>,
) -> bool {
    let tail = tail.trim();
    let Some(d) = decimals(head) else {
        return false;
    };
    if !(1..=2).contains(&tail.len()) || !tail.chars().all(|c| c.is_ascii_digit()) {
        return false;
    }
    let counts: Vec<usize> = others.filter_map(decimals).collect();
    let want = d + tail.len();
    counts.len() >= 2 && counts.iter().filter(|&&n| n == want).count() * 2 > counts.len()
}

/// Whether `tail`, on the line after `head` or over a page break from it,
/// goes on the number `head` ends: as its thousands ("13" over "962") or as
/// the last of its decimals ([`decimals_go_on`]), against the column's
/// `others`. Thousands go on only where the whole number stands nearer the
/// size of the column's other numbers (three or more) than its head does:
/// "13" over "962" among ten thousands, never "1 819" over "249" among
/// hundreds (the head is whole, the tail the next row's number) — or where
/// the whole carries the decimals nine in ten of the column's numbers (three
/// or more) carry and the head has none.
pub(crate) fn number_goes_on<'a>(
    head: &str,
    tail: &str,
    others: impl Iterator<Item = &'a str> + Clone,
) -> bool {
    let fits_column = || {
        let mut sizes: Vec<f64> = others
            .clone()
            .filter_map(|t| parse(t).value())
            .map(f64::abs)
            .filter(|v| *v > 0.0)
            .collect();
        let (Some(h), Some(whole)) = (
            parse(head).value().map(f64::abs),
            parse(&format!("{head} {tail}")).value().map(f64::abs),
        ) else {
            return true;
        };
        if sizes.len() < 3 || h == 0.0 {
            return true;
        }
        sizes.sort_by(f64::total_cmp);
        let mid = sizes[sizes.len() / 2];
        (whole / mid).ln().abs() < (h / mid).ln().abs()
    };
    // A head without the decimals every number of its column carries,
    // which the whole has ("138 420" over "745,79" among "130 899
    // 744,06"s): the head alone is not one of the column's numbers.
    let completes_decimals = || {
        let counts: Vec<usize> = others.clone().filter_map(decimals).collect();
        decimals(head).is_none()
            && counts.len() >= 3
            && decimals(&format!("{head} {tail}")).is_some_and(|d| {
                counts.iter().filter(|&&n| n == d).count() * 10 >= counts.len() * 9
            })
    };
    (kommunetall_lexicon::continues_number(head, tail) && (fits_column() || completes_decimals()))
        || decimals_go_on(head, tail, others)
}

/// A number cut right after its decimal separator ("477," whose "5" a
/// narrow cell set on the next line): digits (perhaps grouped by spaces)
/// and a final comma or dot.
pub(crate) fn cut_after_decimal(t: &str) -> bool {
    let t = t.trim();
    (t.ends_with(',') || t.ends_with('.'))
        && t.len() >= 2
        && t.starts_with(|c: char| c.is_ascii_digit())
        && t[..t.len() - 1]
            .chars()
            .all(|c| c.is_ascii_digit() || c == ' ')
}

/// A date written with dots or slashes: day and month of one or two
/// digits, a year of two or four ("08.10.24", "31/12/2024").
pub(crate) fn is_date(t: &str) -> bool {
    let parts: Vec<&str> = t.trim().split(['.', '/']).collect();
    let digits = |t: &str, n: std::ops::RangeInclusive<usize>| {
        n.contains(&t.len()) && t.chars().all(|c| c.is_ascii_digit())
    };
    matches!(parts.as_slice(), [d, m, y]
        if digits(d, 1..=2) && digits(m, 1..=2) && matches!(y.len(), 2 | 4) && digits(y, 2..=4))
}

/// A date its column cut anywhere after its day ("08.10.2" over "4",
/// "31.12." over "2024", "08.10" over ".24", "08.1" over "0.24"): `head`
/// and `tail` written together make day, month and a year of two or four
/// digits, and neither is such a date alone.
pub(crate) fn date_cut(head: &str, tail: &str) -> bool {
    let (head, tail) = (head.trim(), tail.trim());
    let date = is_date;
    head.contains(['.', '/'])
        && !tail.is_empty()
        && !date(head)
        && !date(tail)
        && date(&format!("{head}{tail}"))
}

/// Whether a horizontal rule at height `y` runs between a line (its box's
/// bottom `upper_y1`, its baseline `upper_base`) and the line below it (its
/// box's top `lower_y0`, baseline `lower_base`, font size `lower_fs`):
/// between their boxes, or, where rows are set without padding and a line's
/// box reaches over the rule above it, below the upper baseline and above
/// the tops of the lower line's letters.
pub(crate) fn rule_between_lines(
    y: f64,
    (upper_y1, upper_base): (f64, f64),
    (lower_y0, lower_base, lower_fs): (f64, f64, f64),
) -> bool {
    (y > upper_y1 - 1.0 && y < lower_y0 + 1.0)
        || (y > upper_base && y < lower_base - 0.6 * lower_fs)
}

/// A label line that goes on from the line above rather than starting a
/// label of its own: opening in lower case or with a bracket ("(kr)"), or
/// with a figure and holding no capital letter ("1-5 år, kr", "67+ år per").
pub(crate) fn lower_tail(s: &str) -> bool {
    let s = s.trim_start_matches(['*', ')', ' ']);
    s.starts_with('(')
        || s.chars().next().is_some_and(char::is_lowercase)
        || (s.starts_with(|c: char| c.is_ascii_digit())
            && s.chars().any(char::is_alphabetic)
            && !s.chars().any(char::is_uppercase))
}

/// One visual line of a page.
#[derive(Debug, Clone)]
pub(crate) struct Line {
    pub page: u32,
    pub bbox: BBox,
    /// Baseline (the median of its words').
    pub base: f64,
    pub fs: f64,
    pub bold: bool,
    pub italic: bool,
    /// Whether a vertical rule separates two of the segments.
    pub ruled: bool,
    /// Whether the line is justified prose (see [`Line::prose_like`]) not
    /// set right over a table row.
    pub prose: bool,
    pub segs: Vec<Seg>,
}

impl Line {
    /// The line's text, segments joined by a space.
    pub fn text(&self) -> String {
        let parts: Vec<&str> = self.segs.iter().map(|s| s.text.as_str()).collect();
        parts.join(" ")
    }

    /// Segments that carry content (a lone bullet glyph does not count).
    pub fn content_segs(&self) -> usize {
        self.segs.iter().filter(|s| !is_bullet(&s.text)).count()
    }

    /// Whether this line and `other` overlap vertically by more than a
    /// quarter of the smaller height: one is set into the other (a cell
    /// vertically centred beside the lines of a wrapped one).
    pub(crate) fn set_into(&self, other: &Line) -> bool {
        self.bbox.y1.min(other.bbox.y1) - self.bbox.y0.max(other.bbox.y0)
            > 0.25 * self.bbox.height().min(other.bbox.height())
    }

    /// Whether the line has at least two content segments (looks tabular)
    /// and is not a line of justified prose.
    pub fn is_multi(&self) -> bool {
        self.content_segs() >= 2 && !self.prose
    }

    /// Whether the line reads as prose cut into segments by justification:
    /// four or more segments, mostly words, no vertical rule between them,
    /// and gaps that are nearly all the same stretched inter-word space (a
    /// wider gap after a sentence aside). Table rows have gaps of very
    /// different widths (label to values, column to column).
    pub fn prose_like(&self) -> bool {
        let n = self.segs.len();
        if self.ruled {
            return false;
        }
        // Running text side by side, a gutter apart: columns of prose (or
        // sentences set apart by a wide space), not cells. Text cells of a
        // table are set further apart, with other columns between them.
        // Segments a sentence space apart ("unit. | Severe …") are one
        // piece of prose: (words, words with letters, x0, x1) per piece.
        // (Running text is mostly words in lower case; a line of headings,
        // "Trondheim 2023  Oslo 2024 …", is capitals and years.)
        let mut pieces: Vec<(usize, usize, usize, f64, f64)> = Vec::new();
        for sg in &self.segs {
            let words = sg
                .words
                .iter()
                .filter(|(t, _, _)| t.chars().filter(|c| c.is_alphabetic()).count() >= 2);
            let lettered = words.clone().count();
            let lower = words
                .filter(|(t, _, _)| t.starts_with(char::is_lowercase))
                .count();
            match pieces.last_mut() {
                Some(p) if sg.bbox.x0 - p.4 < 0.8 * self.fs => {
                    p.0 += sg.words.len();
                    p.1 += lettered;
                    p.2 += lower;
                    p.4 = sg.bbox.x1;
                }
                _ => pieces.push((sg.words.len(), lettered, lower, sg.bbox.x0, sg.bbox.x1)),
            }
        }
        let running = |p: &(usize, usize, usize, f64, f64)| p.0 >= 4 && p.1 >= 3 && p.2 * 3 >= p.1;
        if pieces
            .windows(2)
            .any(|w| running(&w[0]) && running(&w[1]) && w[1].3 - w[0].4 < PROSE_GUTTER * self.fs)
        {
            return true;
        }
        if n < 4 {
            return false;
        }
        let numbers = self.segs.iter().filter(|s| numeric_like(&s.text)).count();
        if numbers * 4 > n {
            return false;
        }
        let gaps: Vec<f64> = self
            .segs
            .windows(2)
            .map(|w| (w[1].bbox.x0 - w[0].bbox.x1) / self.fs.max(0.1))
            .collect();
        let mid = median(gaps.clone());
        let even = gaps.iter().filter(|g| (**g - mid).abs() <= 0.15).count();
        let wide = gaps.iter().filter(|g| **g > PROSE_GAP).count();
        // Justification stretches every space of the line alike, so many
        // of its segments are single words; evenly spaced cells of two or
        // three words each ("Trondheim 2023", "Oslo 2024") are a header.
        let singles = self.segs.iter().filter(|s| s.words.len() == 1).count();
        // And running text is mostly words in lower case; headings side by
        // side ("Ansatte", "Snitt årslønn", again under every group) start
        // with capitals.
        let lower = self
            .segs
            .iter()
            .filter(|s| s.text.starts_with(char::is_lowercase))
            .count();
        let lettered = self
            .segs
            .iter()
            .filter(|s| s.text.starts_with(char::is_alphabetic))
            .count();
        wide == 0 && even * 10 >= gaps.len() * 7 && singles * 3 >= n && lower * 4 >= lettered
    }
}

/// Widest gap (in font sizes) between two words of one segment on a page
/// with ordinary word spacing.
const SPLIT_GAP: f64 = 0.42;

/// Widest gap (in font sizes) between the segments of a justified prose line.
const PROSE_GAP: f64 = 1.6;

/// Widest gutter (in font sizes) between two columns of running text.
const PROSE_GUTTER: f64 = 8.0;

pub(crate) fn is_bullet(t: &str) -> bool {
    let mut it = t.chars();
    matches!((it.next(), it.next()), (Some(c), None) if !c.is_alphanumeric() && !"%−-–+(".contains(c))
}

fn finite_box(b: &BBox) -> bool {
    b.x0.is_finite() && b.x1.is_finite() && b.y0.is_finite() && b.y1.is_finite()
}

fn tokens(page: &Page) -> Vec<Tok> {
    let mut out = Vec::new();
    for w in &page.words {
        let text = w.text.trim();
        if text.is_empty() || !finite_box(&w.bbox) {
            continue;
        }
        let mut b = w.bbox;
        if b.x1 < b.x0 {
            std::mem::swap(&mut b.x0, &mut b.x1);
        }
        if b.y1 < b.y0 {
            std::mem::swap(&mut b.y0, &mut b.y1);
        }
        if b.width() > 1e5 || b.height() > 1e5 {
            continue;
        }
        let h = b.height().max(0.1);
        let fs = if w.font_size.is_finite() && w.font_size > 0.5 && w.font_size < 500.0 {
            w.font_size
        } else {
            h / 1.15
        };
        let lower = w.font.to_ascii_lowercase();
        let base = if w.baseline.is_finite() && w.baseline >= b.y0 - 1.0 && w.baseline <= b.y1 + 1.0
        {
            w.baseline
        } else {
            b.y1 - 0.2 * h
        };
        out.push(Tok {
            text: text.to_owned(),
            bbox: b,
            base,
            fs,
            bold: w.bold,
            italic: lower.contains("italic") || lower.contains("oblique"),
            spaced: w.spaced,
        });
    }
    out
}

/// Dot leaders ("skattytere ........") are layout, not text. A run of four
/// or more dots ending a word is cut off (the box shortened in proportion),
/// and words of dots alone are dropped when they are four or more dots or
/// follow a leader on the line ("av....... .") or, three or more, a word at
/// a word space ("LPG ..."); an abbreviation keeps its dot ("mv......" →
/// "mv."). "..", "..." standing alone stay: they are placeholders.
fn strip_leaders(g: &mut Vec<Tok>) {
    const DOTS: &[char] = &['.', '…', '·'];
    let mut in_leader = false;
    let mut out: Vec<Tok> = Vec::with_capacity(g.len());
    for mut t in g.drain(..) {
        let n = t.text.chars().count();
        let kept_len = t.text.trim_end_matches(DOTS).chars().count();
        let run = (n - kept_len) * if t.text.ends_with('…') { 3 } else { 1 };
        if kept_len == 0 {
            // Three dots set a word space after a word ("LPG ...") lead
            // from it; alone in their column they are a placeholder.
            let after_word = out.last().is_some_and(|p: &Tok| {
                !p.text.trim_end_matches(DOTS).is_empty()
                    && t.bbox.x0 - p.bbox.x1 < 0.6 * p.fs.min(t.fs)
            });
            if in_leader || run >= 4 || (run >= 3 && after_word) {
                in_leader = true;
                continue;
            }
        } else if run >= 4 {
            // An abbreviation keeps its own dot ("mv......" → "mv.").
            let kept_len = if kommunetall_lexicon::label::abbreviation(
                &t.text.chars().take(kept_len).collect::<String>(),
            ) && t.text.chars().nth(kept_len) == Some('.')
            {
                kept_len + 1
            } else {
                kept_len
            };
            let frac = kept_len as f64 / n as f64;
            t.bbox.x1 = t.bbox.x0 + t.bbox.width() * frac;
            t.text = t.text.chars().take(kept_len).collect();
            in_leader = true;
        } else {
            in_leader = false;
        }
        out.push(t);
    }
    *g = out;
}

/// Joins words of one line that touch (no space between them): a footnote
/// mark set against its word ("regelen" + "1"), a subscript ("CO" + "2"), a
/// word split by a change of font; never words a space character parted.
fn join_touching(g: &mut Vec<Tok>) {
    let mut out: Vec<Tok> = Vec::with_capacity(g.len());
    for t in g.drain(..) {
        if let Some(p) = out.last_mut() {
            let gap = t.bbox.x0 - p.bbox.x1;
            // A space the typesetter kerned away ("(531 )200(468 )") still
            // parts two words ("1 531 468", "Vestfold og").
            if gap.abs() < 0.1 * p.fs.min(t.fs) && t.bbox.x0 > p.bbox.x0 && !t.spaced {
                if note_on_number(p, &t) {
                    p.text.extend(t.text.chars().map(superscript));
                } else {
                    p.text.push_str(&t.text);
                }
                p.bbox = p.bbox.union(t.bbox);
                p.bold &= t.bold;
                p.fs = p.fs.max(t.fs);
                continue;
            }
        }
        out.push(t);
    }
    *g = out;
}

/// Whether `t` is a note mark set raised and smaller against the number
/// `p` ends with ("1 300 000" + a superscript "1", "12,5" + "3)", "86%" +
/// "1"): kept apart from its digits as superscript characters ("1 300
/// 000¹"), which the number parser reads as a note mark, not as more
/// digits.
fn note_on_number(p: &Tok, t: &Tok) -> bool {
    let digits = p.text.trim_start_matches(['-', '\u{2212}', '\u{2013}']);
    // (A percentage's sign, against its digits or a space after them,
    // ends the number the mark is set against: "86%" + "1", "19 %" + "1".)
    let number = |d: &str| {
        d.starts_with(|c: char| c.is_ascii_digit())
            && d.ends_with(|c: char| c.is_ascii_digit())
            && d.chars()
                .all(|c| c.is_ascii_digit() || matches!(c, ',' | '.'))
    };
    (number(digits)
        || digits
            .strip_suffix('%')
            .is_some_and(|d| d.is_empty() || number(d)))
        && raised_mark(t, p)
}

/// Whether `t` is a note mark set raised and smaller than the word `by`
/// beside it: one to three figures, brackets or asterisks, its top well
/// above that word's.
fn raised_mark(t: &Tok, by: &Tok) -> bool {
    t.fs <= MARK_FS * by.fs
        && t.bbox.y1 < by.bbox.y1 - 0.15 * by.fs
        && (1..=3).contains(&t.text.chars().count())
        && t.text
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ')' | '*'))
}

/// The superscript form of a note mark's character ("1" → "¹", ")" → "⁾").
fn superscript(c: char) -> char {
    match c {
        '0' => '\u{2070}',
        '1' => '\u{b9}',
        '2' => '\u{b2}',
        '3' => '\u{b3}',
        '4'..='9' => char::from_u32(0x2074 + (c as u32 - '4' as u32)).unwrap_or(c),
        ')' => '\u{207e}',
        _ => c,
    }
}

/// Vertical rules (thin and tall) of a page, sanitised.
pub(crate) fn vertical_rules(page: &Page) -> Vec<BBox> {
    page.rules
        .iter()
        .filter(|r| finite_box(r))
        .map(|r| BBox {
            x0: r.x0.min(r.x1),
            x1: r.x0.max(r.x1),
            y0: r.y0.min(r.y1),
            y1: r.y0.max(r.y1),
        })
        .filter(|r| r.width() < 3.0 && r.height() > 4.0)
        .collect()
}

/// Horizontal rules (thin and wide) of a page, sanitised.
pub(crate) fn horizontal_rules(page: &Page) -> Vec<BBox> {
    page.rules
        .iter()
        .filter(|r| finite_box(r))
        .map(|r| BBox {
            x0: r.x0.min(r.x1),
            x1: r.x0.max(r.x1),
            y0: r.y0.min(r.y1),
            y1: r.y0.max(r.y1),
        })
        .filter(|r| r.height() < 3.0 && r.width() > 4.0)
        .collect()
}

fn numeric_like(t: &str) -> bool {
    matches!(parse(t), Parsed::Number(_) | Parsed::Malformed)
}

/// Groups the words of every page into lines and segments. The gap that
/// parts two segments is the page's own where the page has enough running
/// text to tell, else the whole document's: a page of nothing but a table
/// set in a wide-spaced (monospaced) font splits its numbers at their
/// thousands spaces otherwise, and the same table reads differently from one
/// page to the next.
pub(crate) fn document_lines(pages: &[Page]) -> Vec<Vec<Line>> {
    use rayon::prelude::*;
    // Each page's own steps run on every core; results stay in page order.
    let groups: Vec<Vec<Vec<Tok>>> = pages.par_iter().map(page_groups).collect();
    let samples: Vec<Vec<f64>> = groups.iter().map(|g| word_gaps(g)).collect();
    let pooled: Vec<f64> = samples.iter().flatten().copied().collect();
    let document_gap = split_gap(pooled);
    let mut raw: Vec<Vec<Line>> = pages
        .par_iter()
        .zip(groups)
        .zip(samples)
        .map(|((page, g), own)| {
            let gap = if own.len() >= MIN_GAP_SAMPLES {
                split_gap(own)
            } else {
                document_gap
            };
            page_lines(page, g, gap)
        })
        .collect();
    split_aligned_cells(&mut raw);
    raw.into_par_iter().map(finish_lines).collect()
}

/// Dates their narrow column cut in the year ("13.09.2" over "4"): the
/// rest of the year, alone right under the date's end on the next line
/// of its cell (a wrapped line's spacing below, lines of other cells set
/// into both between them), is put back on the date, so that it reads as
/// the date it is, never as a row with a number 4 of its own.
fn join_cut_dates(lines: &mut Vec<Line>) {
    for i in 0..lines.len().saturating_sub(1) {
        // The next line of the date's cell, or one under a line of other
        // cells set into both (a row's cells centred on its middle line).
        let mut j = i + 1;
        while j < lines.len() {
            let (head, below) = lines.split_at_mut(j);
            let (l, next) = (&mut head[i], &mut below[0]);
            if next.bbox.y0 - l.bbox.y1 > 0.5 * l.fs || next.page != l.page {
                break;
            }
            for seg in &mut l.segs {
                let Some(last) = seg.words.last() else {
                    continue;
                };
                let (x0, x1) = (last.1.x0, last.1.x1);
                let Some(k) = next.segs.iter().position(|t| {
                    t.words.len() == 1
                        && t.bbox.x0 >= x0 - 1.0
                        && t.bbox.x0 <= x1
                        && date_cut(&last.0, &t.text)
                }) else {
                    continue;
                };
                let tail = next.segs.remove(k);
                let mut words = seg.words.clone();
                if let Some(w) = words.last_mut() {
                    w.0.push_str(tail.text.trim());
                    w.1.x1 = w.1.x1.max(tail.bbox.x1);
                }
                *seg = Seg::from_words(words);
            }
            j += 1;
        }
    }
    lines.retain(|l| !l.segs.is_empty());
}

/// Years set a plain space apart over the values of a narrow table ("2021
/// 2022 2023 2024" over "6,2  6,3  6,6  6,8"): a line of one segment of
/// years alone, right over a line with as many segments, each year over
/// its own, is a heading per column.
fn years_over_values(lines: &mut [Line]) {
    for i in 0..lines.len().saturating_sub(1) {
        let (head, below) = lines.split_at_mut(i + 1);
        let (l, next) = (&mut head[i], &below[0]);
        let [seg] = l.segs.as_slice() else {
            continue;
        };
        let words = &seg.words;
        let over = |w: &(String, BBox, bool), s: &Seg| w.1.x1 > s.bbox.x0 && w.1.x0 < s.bbox.x1;
        let fits = words.len() >= 2
            && words.iter().all(|w| is_year_text(&w.0))
            && next.segs.len() == words.len()
            && next.bbox.y0 - l.bbox.y1 < 2.5 * l.fs
            && words.iter().enumerate().all(|(k, w)| {
                next.segs
                    .iter()
                    .enumerate()
                    .all(|(j, s)| over(w, s) == (j == k))
            });
        if fits {
            l.segs = words
                .iter()
                .map(|w| Seg::from_words(vec![w.clone()]))
                .collect();
        }
    }
}

/// A page's words in baseline groups, left to right, leaders stripped and
/// touching words joined.
fn page_groups(page: &Page) -> Vec<Vec<Tok>> {
    let toks = tokens(page);
    let mut groups = baseline_groups(toks);
    for g in &mut groups {
        g.sort_by(|a, b| a.bbox.x0.total_cmp(&b.bbox.x0));
        strip_leaders(g);
        join_touching(g);
        raise_leading_mark(g);
    }
    groups
}

/// A note's mark opening its line, one figure set raised and smaller close
/// before the note's first word ("1" over "Foreløpige tall …" under a
/// table; not a chart's scale beside a column of prose): written as
/// superscript ("¹ Foreløpige …"), so the line reads as a note
/// (`detect::is_note`), never as a row labelled "1".
fn raise_leading_mark(g: &mut [Tok]) {
    if let [m, next, ..] = g
        && next.text.starts_with(char::is_alphabetic)
        && matches!(m.text.as_bytes(), [b'1'..=b'9'] | [b'1'..=b'9', b')'])
        && next.bbox.x0 - m.bbox.x1 < next.fs
        && raised_mark(m, next)
    {
        m.text = m.text.chars().map(superscript).collect();
    }
}

/// Groups a page's words (in `groups`) into lines and segments, parting
/// segments at gaps over `word_gap` font sizes.
fn page_lines(page: &Page, groups: Vec<Vec<Tok>>, word_gap: f64) -> Vec<Line> {
    let vrules = vertical_rules(page);
    // Two numbers a third of a font size apart are two cells; where the
    // document's words stand wider apart than usual (a monospaced font,
    // its space a character wide), only further apart than its spaces.
    let two_numbers_apart = if word_gap > SPLIT_GAP + 0.01 {
        0.9 * word_gap
    } else {
        0.33
    };
    let mut lines = Vec::with_capacity(groups.len());
    for g in groups {
        let fs = median(g.iter().map(|t| t.fs).collect());
        let mut segs: Vec<Seg> = Vec::new();
        let mut prev: Option<&Tok> = None;
        let mut ruled_line = false;
        for t in &g {
            let split = match (prev, segs.last()) {
                (Some(p), Some(cur)) => {
                    let gap = t.bbox.x0 - p.bbox.x1;
                    let f = p.fs.max(t.fs);
                    // A rule between the words that runs along most of
                    // their height (the end of a rule just touching the
                    // line below a table is none).
                    let h = 0.25 * t.bbox.height();
                    let ruled = vrules.iter().any(|r| {
                        let x = (r.x0 + r.x1) / 2.0;
                        x > p.bbox.x1 - 0.5
                            && x < t.bbox.x0 + 0.5
                            && r.y0 < t.bbox.y1 - h
                            && r.y1 > t.bbox.y0 + h
                    });
                    ruled_line |= ruled;
                    // Two numbers a little more than a space apart are two
                    // cells. Parsed only when the gap could matter: most
                    // word pairs are a plain space apart, and parsing every
                    // pair made this loop a tenth of the table engine.
                    let nums = || {
                        let left = if numeric_like(&cur.text) {
                            cur.text.as_str()
                        } else {
                            p.text.as_str()
                        };
                        numeric_like(&p.text)
                            && numeric_like(&t.text)
                            && !continues_number(left, &t.text)
                    };
                    // After a number with decimals ("2 672 771,61") a
                    // number can only start anew, a plain space apart.
                    let decimals = || {
                        let w = cur.text.rsplit(' ').next().unwrap_or("");
                        let tail: Vec<&str> = w.rsplitn(2, [',', '.']).collect();
                        tail.len() == 2
                            && (1..=2).contains(&tail[0].len())
                            && tail[0].chars().all(|c| c.is_ascii_digit())
                            && tail[1].ends_with(|c: char| c.is_ascii_digit())
                    };
                    gap > word_gap * f
                        || ruled
                        || (gap > two_numbers_apart * f && nums())
                        || (gap > 0.1 * f && decimals() && nums())
                        || wider_before_number(cur, t, gap, f)
                }
                _ => true,
            };
            if split {
                segs.push(Seg {
                    text: t.text.clone(),
                    bbox: t.bbox,
                    bold: t.bold,
                    words: vec![(t.text.clone(), t.bbox, t.bold)],
                });
            } else if let Some(cur) = segs.last_mut() {
                cur.text.push(' ');
                cur.text.push_str(&t.text);
                cur.bbox = cur.bbox.union(t.bbox);
                cur.bold &= t.bold;
                cur.words.push((t.text.clone(), t.bbox, t.bold));
            }
            prev = Some(t);
        }
        let bbox = g.iter().skip(1).fold(g[0].bbox, |acc, t| acc.union(t.bbox));
        lines.push(Line {
            page: page.number,
            bbox,
            base: median(g.iter().map(|t| t.base).collect()),
            fs,
            bold: g.iter().all(|t| t.bold),
            italic: g.iter().all(|t| t.italic),
            ruled: ruled_line,
            prose: false,
            segs,
        });
    }
    lines
}

/// A page's lines made whole: prose marked, two columns of text put in
/// reading order.
fn finish_lines(mut lines: Vec<Line>) -> Vec<Line> {
    join_cut_dates(&mut lines);
    years_over_values(&mut lines);
    mark_prose(&mut lines);
    let n = lines.len();
    let mut lines = column_order(lines);
    if lines.len() != n {
        // Lines cut at the gutter have new neighbours.
        mark_prose(&mut lines);
    }
    for l in &lines {
        tracing::trace!(
            page = l.page,
            y = %format!("{:.1}-{:.1}", l.bbox.y0, l.bbox.y1),
            fs = %format!("{:.1}", l.fs),
            multi = l.is_multi(),
            prose = l.prose,
            segs = ?l
                .segs
                .iter()
                .map(|s| format!("[{:.0}-{:.0}]{}", s.bbox.x0, s.bbox.x1, s.text))
                .collect::<Vec<_>>(),
            "line"
        );
    }
    lines
}

/// Whether the number `t` a gap `gap` after segment `cur` starts a cell of
/// its own although the gap is below a cell's: it is clearly wider (a
/// third, and 0.06 font sizes) than the space between the last two words
/// of `cur` — two cells set with almost no padding ("Millioner kroner |
/// 369,6", "2 160 000 | 1 268 000"), where a number's own spaces and a
/// label's are all alike.
fn wider_before_number(cur: &Seg, t: &Tok, gap: f64, f: f64) -> bool {
    let [.., (_, a, _), (_, b, _)] = cur.words.as_slice() else {
        return false;
    };
    let before = b.x0 - a.x1;
    t.text
        .starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '\u{2212}')
        && numeric_like(&t.text)
        && before > 0.0
        && gap >= 1.3 * before
        && gap - before >= 0.06 * f
}

/// The width of a space between two words on each page, in font sizes:
/// the page's own (the median gap), or the document's where a page has too
/// few words; none when the document has too few words to tell.
fn page_spaces(pages: &[Vec<Line>]) -> Option<Vec<f64>> {
    let wordy = |t: &str| t.chars().all(char::is_alphabetic) && !t.is_empty();
    let spaces_of = |lines: &[Line]| -> Vec<f64> {
        let mut v = Vec::new();
        for l in lines {
            for s in &l.segs {
                for w in s.words.windows(2) {
                    if wordy(&w[0].0) && wordy(&w[1].0) {
                        v.push((w[1].1.x0 - w[0].1.x1) / l.fs.max(0.1));
                    }
                }
            }
        }
        v
    };
    let per_page: Vec<Vec<f64>> = pages.iter().map(|p| spaces_of(p)).collect();
    let all: Vec<f64> = per_page.iter().flatten().copied().collect();
    if all.len() < 10 {
        return None;
    }
    let document_space = median(all);
    Some(
        per_page
            .into_iter()
            .map(|v| {
                if v.len() >= 10 {
                    median(v)
                } else {
                    document_space
                }
            })
            .collect(),
    )
}

/// Splits segments where a number and a word after it stand a little more
/// than a space apart and that word starts, on three lines or more of the
/// page, at the same place: two cells an office suite set with almost no
/// padding between them ("1,0 Simpel" under "Garantiramme | Type garanti"),
/// not a number and its unit, which stand a plain space apart, nor a code
/// (a plain integer) and the name after it.
fn split_aligned_cells(pages: &mut [Vec<Line>]) {
    let Some(page_space) = page_spaces(pages) else {
        return;
    };
    struct Cand {
        line: usize,
        seg: usize,
        word: usize,
        /// The number before: left and right edge.
        num: (f64, f64),
        /// The word after: left and right edge.
        next: (f64, f64),
        /// Wider than a space.
        wide: bool,
        /// A code set clearly apart (wider than a space by more).
        apart: bool,
        /// The number as a plain integer (a code or line number before a
        /// name).
        code: Option<u64>,
    }
    let mut cands: Vec<Cand> = Vec::new();
    let index: Vec<(usize, usize)> = pages
        .iter()
        .enumerate()
        .flat_map(|(pi, p)| (0..p.len()).map(move |li| (pi, li)))
        .collect();
    for (li, &(pi, k)) in index.iter().enumerate() {
        let l = &pages[pi][k];
        let space = page_space[pi];
        for (si, s) in l.segs.iter().enumerate() {
            for (wi, w) in s.words.windows(2).enumerate() {
                let gap = (w[1].1.x0 - w[0].1.x1) / l.fs.max(0.1);
                // A plain integer may be a code before its name ("31
                // Østfold", "11 Rogaland"), which stays with it; only a
                // line number (1, 2, 3 … down the lines) set wider than a
                // space apart is a cell of its own (little padding).
                let code = w[0].0.chars().all(|c| c.is_ascii_digit());
                let wide = gap > space + 0.04 && gap > 1.1 * space;
                let code_apart = gap > space + 0.08 && gap > 1.3 * space;
                if gap > 0.05
                    && (!code || wide)
                    && w[1].0.starts_with(char::is_alphabetic)
                    && numeric_like(&w[0].0)
                {
                    cands.push(Cand {
                        line: li,
                        seg: si,
                        word: wi + 1,
                        num: (w[0].1.x0, w[0].1.x1),
                        next: (w[1].1.x0, w[1].1.x1),
                        wide,
                        apart: !code || code_apart,
                        code: code.then(|| w[0].0.parse().ok()).flatten(),
                    });
                }
            }
        }
    }
    let spread = |v: &[f64]| {
        v.iter().copied().fold(f64::MIN, f64::max) - v.iter().copied().fold(f64::MAX, f64::min)
    };
    let mut keep: Vec<(usize, usize, usize)> = cands
        .iter()
        .filter(|c| {
            let loose: Vec<&Cand> = cands
                .iter()
                .filter(|d| (d.next.0 - c.next.0).abs() <= 0.6)
                .collect();
            // Three lines or more on one page (a table's rows), and lines
            // of other pages in line with them (the table going on).
            let most_on_a_page = |group: &[&Cand]| {
                let mut on: Vec<usize> = group.iter().map(|d| d.line).collect();
                on.dedup();
                on.iter()
                    .map(|&i| {
                        let page = index[i].0;
                        on.iter().filter(|&&j| index[j].0 == page).count()
                    })
                    .max()
                    .unwrap_or(0)
            };
            // Line numbers only a little wider than a space apart stand in
            // a column of their own when the names wrap back under the
            // names, not under the numbers (a line of the page starts where
            // the names start), going up by one, or by two where a wrapped
            // row set its number on a line of its own.
            let hanging = || {
                pages[index[c.line].0].iter().any(|l| {
                    l.segs.first().is_some_and(|s| {
                        (s.bbox.x0 - c.next.0).abs() <= 0.6
                            && s.words.first().is_some_and(|w| !numeric_like(&w.0))
                    })
                })
            };
            let counted = loose.windows(2).all(|w| match (w[0].code, w[1].code) {
                (Some(a), Some(b)) => b > a && b - a <= 2,
                _ => false,
            });
            if c.code.is_some()
                && counted
                && loose.iter().all(|d| d.wide)
                && most_on_a_page(&loose) >= 3
                && hanging()
            {
                return true;
            }
            if !c.apart {
                return false;
            }
            let group: Vec<&Cand> = loose.into_iter().filter(|d| d.apart).collect();
            if most_on_a_page(&group) < 3 {
                return false;
            }
            // Wider than a space everywhere; or numbers set flush right
            // (their right edges in line, their left edges not) before
            // words set flush left (not all ending alike, as one unit
            // after every number would).
            let ends: Vec<f64> = group.iter().map(|d| d.num.1).collect();
            let starts: Vec<f64> = group.iter().map(|d| d.num.0).collect();
            let word_ends: Vec<f64> = group.iter().map(|d| d.next.1).collect();
            let codes: Vec<Option<u64>> = group.iter().map(|d| d.code).collect();
            if codes.iter().any(Option::is_some) {
                let numbered = codes.windows(2).all(|w| match (w[0], w[1]) {
                    (Some(a), Some(b)) => b == a + 1,
                    _ => false,
                });
                return numbered && group.iter().all(|d| d.wide);
            }
            group.iter().all(|d| d.wide)
                || (spread(&ends) <= 0.6 && spread(&starts) > 1.0 && spread(&word_ends) > 1.0)
        })
        .map(|c| (c.line, c.seg, c.word))
        .collect();
    keep.extend(label_number_splits(pages, &index));
    keep.extend(column_edge_splits(pages, &index, &page_space));
    // Right to left within a line, so indices stay valid.
    part_segments(pages, &index, keep);
}

/// Parts segments at the places `keep` names (line in `index`, segment,
/// word): the words from there on make a segment of their own.
fn part_segments(
    pages: &mut [Vec<Line>],
    index: &[(usize, usize)],
    mut keep: Vec<(usize, usize, usize)>,
) {
    keep.sort_by(|a, b| b.cmp(a));
    keep.dedup();
    for (li, si, wi) in keep {
        let (pi, k) = index[li];
        let line = &mut pages[pi][k];
        let seg = &mut line.segs[si];
        let tail: Vec<(String, BBox, bool)> = seg.words.split_off(wi);
        let (head, rest) = (Seg::from_words(seg.words.clone()), Seg::from_words(tail));
        *seg = head;
        line.segs.insert(si + 1, rest);
    }
}

/// Where a label and a number after it stand in one segment ("Sluttsum
/// 15 158") and the number starts where numbers start as segments of their
/// own on two other lines of the page or more (a column of numbers set
/// flush left, its gutter to the label column narrower than a cell's), in
/// its size (not a caption's last word over another table's column): the
/// places to part them, as (line in `index`, segment, word).
fn label_number_splits(
    pages: &[Vec<Line>],
    index: &[(usize, usize)],
) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    for (li, &(pi, k)) in index.iter().enumerate() {
        let l = &pages[pi][k];
        for (si, s) in l.segs.iter().enumerate() {
            let Some(wi) = s.words.windows(2).position(|w| {
                w[0].0.chars().any(char::is_alphabetic)
                    && !w[0].0.chars().any(|c| c.is_ascii_digit())
                    && numeric_like(&w[1].0)
                    && w[1].0.starts_with(|c: char| c.is_ascii_digit())
                    && w[1].1.x0 - w[0].1.x1 > 0.05 * l.fs
            }) else {
                continue;
            };
            let x = s.words[wi + 1].1.x0;
            let rest: Vec<&str> = s.words[wi + 1..].iter().map(|w| w.0.as_str()).collect();
            let rest = rest.join(" ");
            // A year ends a title ("… og digitalisering 2024"): no cell.
            if is_year_text(&rest)
                || (parse(&rest).value().is_none() && !matches!(parse(&rest), Parsed::Malformed))
            {
                continue;
            }
            let anchors = pages[pi]
                .iter()
                .enumerate()
                .filter(|&(j, o)| j != k && (o.fs - l.fs).abs() <= 0.15 * o.fs.max(l.fs))
                .filter(|(_, o)| {
                    o.segs.iter().skip(1).any(|t| {
                        (t.bbox.x0 - x).abs() <= 0.6
                            && t.words.first().is_some_and(|w| numeric_like(&w.0))
                    })
                })
                .count();
            if anchors >= 2 {
                out.push((li, si, wi + 1));
            }
        }
    }
    out
}

/// Where a word of a table's row starts a cell of its own although it
/// stands only a little more than a space after a word before: it starts
/// where segments start on two other rows of the page or more, in its
/// size (a column's left edge), and the gap before it is wider than the
/// page's space. Rows: lines of cells with a number among them (no prose,
/// whose stretched spaces may fall anywhere); the word before, letters
/// only (a code before its name stays with it). An office suite sets a
/// long label ("Energiforsyning") with almost no padding before the next
/// column's text ("% av …"), whose other rows have no label beside them.
/// The places to part, as (line in `index`, segment, word).
fn column_edge_splits(
    pages: &[Vec<Line>],
    index: &[(usize, usize)],
    page_space: &[f64],
) -> Vec<(usize, usize, usize)> {
    let data = |l: &Line| {
        l.segs.len() >= 2
            && l.segs
                .iter()
                .any(|s| s.is_data_number() || s.value_then_mark())
    };
    let mut out = Vec::new();
    for (li, &(pi, k)) in index.iter().enumerate() {
        let l = &pages[pi][k];
        if !data(l) {
            continue;
        }
        let space = page_space[pi];
        for (si, s) in l.segs.iter().enumerate() {
            let at_edge = |x: f64| {
                pages[pi]
                    .iter()
                    .enumerate()
                    .filter(|&(j, o)| j != k && data(o) && same_size(o.fs, l.fs))
                    .filter(|(_, o)| o.segs.iter().any(|t| (t.bbox.x0 - x).abs() <= 0.6))
                    .count()
                    >= 2
            };
            let Some(wi) = s.words.windows(2).position(|w| {
                let gap = (w[1].1.x0 - w[0].1.x1) / l.fs.max(0.1);
                w[0].0.chars().all(char::is_alphabetic)
                    && gap > space + 0.04
                    && gap > 1.1 * space
                    && at_edge(w[1].1.x0)
            }) else {
                continue;
            };
            out.push((li, si, wi + 1));
        }
    }
    out
}

/// The left edge of the second column of a page set in two columns of
/// text: the place where four or more segments of running text start that
/// are not the first of their line, the text before them ending a font size
/// or more to the left.
fn gutter(lines: &[Line]) -> Option<f64> {
    let mut starts: Vec<f64> = Vec::new();
    for l in lines {
        // The last segment of its line: a line of a text column runs to
        // the column's end; a label of running text has cells after it.
        if let [.., a, b] = l.segs.as_slice()
            && b.is_running_text()
            && b.bbox.x0 - a.bbox.x1 >= l.fs
        {
            starts.push(b.bbox.x0);
        }
    }
    starts.sort_by(f64::total_cmp);
    let mut best: Option<(usize, f64)> = None;
    for (i, &x) in starts.iter().enumerate() {
        let n = starts[i..].iter().take_while(|&&y| y - x <= 2.0).count();
        if best.is_none_or(|(m, _)| n > m) {
            best = Some((n, x));
        }
    }
    best.filter(|(n, _)| *n >= 4).map(|(_, x)| x)
}

/// Puts the lines of a page set in two columns of text into reading order
/// where a table stands in one column beside text in the other: within a
/// band of lines that no segment crosses the gutter of, holding three lines
/// or more of running text beside running text and a row of numbers beside
/// running text, but no line of short headings on both sides, the left
/// column's lines come first, then the right column's, each line cut at the
/// gutter.
/// Without this, the running text beside a table row is read as one more
/// cell of it. Bands without such a row keep their lines as they are (two
/// columns of prose are prose either way), and so do lines that cross the
/// gutter (a table or heading across the page).
fn column_order(lines: Vec<Line>) -> Vec<Line> {
    let Some(x) = gutter(&lines) else {
        return lines;
    };
    let left_of = |s: &Seg| s.bbox.x1 < x - 0.5;
    let crosses = |l: &Line| l.segs.iter().any(|s| !left_of(s) && s.bbox.x0 < x - 2.0);
    let text_only = |side: &[&Seg]| !side.is_empty() && side.iter().all(|s| s.is_running_text());
    // A row of numbers beside running text: not prose, one side nothing but
    // running text, the other none of it and a data number. (A text
    // table's last column of running text stands beside labels and words.)
    let row_beside_text = |l: &Line| {
        let (lt, rt): (Vec<&Seg>, Vec<&Seg>) = l.segs.iter().partition(|s| left_of(s));
        let numbers = |side: &[&Seg]| {
            side.iter().any(|s| s.is_data_number()) && !side.iter().any(|s| s.is_running_text())
        };
        !l.prose && ((text_only(&lt) && numbers(&rt)) || (numbers(&lt) && text_only(&rt)))
    };
    // Two columns of running text side by side, line after line: the page
    // is set in columns here.
    let prose_beside_prose = |l: &Line| {
        let (lt, rt): (Vec<&Seg>, Vec<&Seg>) = l.segs.iter().partition(|s| left_of(s));
        (l.prose && !lt.is_empty() && !rt.is_empty()) || (text_only(&lt) && text_only(&rt))
    };
    // Short headings on both sides and no running text: a header line of
    // one table across the gutter (its last column of comments runs like
    // text).
    let headings_across = |l: &Line| {
        let (lt, rt): (Vec<&Seg>, Vec<&Seg>) = l.segs.iter().partition(|s| left_of(s));
        // (A justified line cut into single words has many of them, in
        // lower case mostly; a paragraph's last line ends a sentence.)
        let short = |side: &[&Seg]| {
            !side.is_empty()
                && (side.len() <= 3 || side.iter().all(|s| s.text.starts_with(char::is_uppercase)))
                && side
                    .iter()
                    .all(|s| s.words.len() <= 2 && s.number().is_none())
                && !side
                    .last()
                    .is_some_and(|s| s.text.ends_with(['.', '!', '?']) && !s.text.ends_with(".."))
        };
        short(&lt) && short(&rt)
    };
    // Justified prose on both sides, line after line: lines of prose whose
    // halves both end where their column ends (within 2 pt of the band's
    // rightmost end on that side). Cells of a text table end raggedly.
    let justified_columns = |band: &[Line]| {
        let ends = |left: bool| {
            band.iter()
                .flat_map(|l| l.segs.iter().filter(move |s| left_of(s) == left))
                .map(|s| s.bbox.x1)
                .fold(f64::MIN, f64::max)
        };
        let (le, re) = (ends(true), ends(false));
        let full = band
            .iter()
            .filter(|l| {
                let (lt, rt): (Vec<&Seg>, Vec<&Seg>) = l.segs.iter().partition(|s| left_of(s));
                let end = |side: &[&Seg]| side.iter().map(|s| s.bbox.x1).fold(f64::MIN, f64::max);
                // Words, not figures: four or more on each side.
                let wordy = |side: &[&Seg]| {
                    side.iter().map(|s| s.words.len()).sum::<usize>() >= 4
                        && !side.iter().any(|s| s.is_data_number())
                };
                l.prose && wordy(&lt) && wordy(&rt) && end(&lt) >= le - 2.0 && end(&rt) >= re - 2.0
            })
            .count();
        full >= 5 && full * 5 >= band.len() * 2
    };
    // The text beside a table's rows is a column of the prose beside
    // prose in the band: its lines are of that prose's size, at least half
    // of them. A table across the page, no cell of it in the gutter, whose
    // labels are long enough to pass for running text and whose rows run on
    // to two columns of prose under it, is no table beside text: its rows
    // are set in the table's size, smaller than the prose's.
    let text_column_beside = |band: &[Line]| {
        let rows: Vec<&Line> = band.iter().filter(|l| row_beside_text(l)).collect();
        let prose_fs = median(
            band.iter()
                .filter(|l| prose_beside_prose(l))
                .map(|l| l.fs)
                .collect(),
        );
        let text = rows.iter().filter(|l| same_size(l.fs, prose_fs)).count();
        !rows.is_empty() && text * 2 >= rows.len()
    };
    let mut out = Vec::with_capacity(lines.len());
    let mut band: Vec<Line> = Vec::new();
    let flush = |band: &mut Vec<Line>, out: &mut Vec<Line>| {
        let table_beside_text =
            text_column_beside(band) && band.iter().filter(|l| prose_beside_prose(l)).count() >= 3;
        if !(table_beside_text || justified_columns(band)) || band.iter().any(headings_across) {
            out.append(band);
            return;
        }
        let mut right = Vec::new();
        for l in band.drain(..) {
            let (lt, rt): (Vec<Seg>, Vec<Seg>) = l.segs.iter().cloned().partition(|s| left_of(s));
            if !lt.is_empty() {
                out.push(part_of(&l, lt));
            }
            if !rt.is_empty() {
                right.push(part_of(&l, rt));
            }
        }
        tracing::trace!(
            gutter = x,
            right = right.len(),
            "two columns of text: the left column first"
        );
        out.append(&mut right);
    };
    for l in lines {
        if crosses(&l) {
            flush(&mut band, &mut out);
            out.push(l);
        } else {
            band.push(l);
        }
    }
    flush(&mut band, &mut out);
    out
}

/// The part of a line made of some of its segments.
fn part_of(l: &Line, segs: Vec<Seg>) -> Line {
    if segs.len() == l.segs.len() {
        return l.clone();
    }
    let bbox = segs
        .iter()
        .skip(1)
        .fold(segs[0].bbox, |acc, s| acc.union(s.bbox));
    let mut part = Line {
        bbox,
        bold: segs.iter().all(|s| s.bold),
        segs,
        ..l.clone()
    };
    // A line of prose stays prose in its parts.
    part.prose = l.prose || part.prose_like();
    part
}

/// Groups words into visual lines by their baselines.
///
/// Words sit on one line when their baselines are within a fraction of the
/// font size of the line's first baseline. Comparing with the first word (not
/// with the box of the line so far) keeps apart the lines of a cell that
/// wraps and a value set vertically centred beside it: the value's box
/// overlaps both lines, but its baseline is on neither. A small raised or
/// lowered word (a footnote mark, a subscript) first takes the baseline of
/// the word it is set against.
fn baseline_groups(mut toks: Vec<Tok>) -> Vec<Vec<Tok>> {
    seat_marks(&mut toks);
    toks.sort_by(|a, b| {
        a.base
            .total_cmp(&b.base)
            .then(a.bbox.x0.total_cmp(&b.bbox.x0))
    });
    let mut groups: Vec<Vec<Tok>> = Vec::new();
    for t in toks {
        let joined = groups.last().is_some_and(|g| {
            let first = &g[0];
            t.base - first.base <= BASELINE_TOL * t.fs.min(first.fs).max(0.1)
        });
        if joined {
            if let Some(g) = groups.last_mut() {
                g.push(t);
            }
        } else {
            groups.push(vec![t]);
        }
    }
    groups
}

/// Same-baseline tolerance, in font sizes.
const BASELINE_TOL: f64 = 0.3;

/// A footnote mark's or subscript's font size at most, relative to the word
/// it is set against (FrameMaker sets 7.7 pt marks beside 9 pt text).
const MARK_FS: f64 = 0.88;

/// Gives a small raised or lowered word (superscript footnote mark, subscript)
/// the baseline of the larger word it touches: a font at most 88 % of that
/// word's, at most a third of its size away on the left or right, and its box
/// overlapping that word's box.
fn seat_marks(toks: &mut [Tok]) {
    let max_fs = toks.iter().map(|t| t.fs).fold(0.0, f64::max);
    let mut seat: Vec<(usize, f64)> = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        if t.fs > MARK_FS * max_fs || t.text.chars().count() > 4 {
            continue;
        }
        let host = toks
            .iter()
            .filter(|u| {
                let gap = (t.bbox.x0 - u.bbox.x1).max(u.bbox.x0 - t.bbox.x1);
                let ov = t.bbox.y1.min(u.bbox.y1) - t.bbox.y0.max(u.bbox.y0);
                t.fs <= MARK_FS * u.fs
                    && gap > -0.1 * u.fs
                    && gap < 0.33 * u.fs
                    && ov > 0.3 * t.bbox.height()
                    && (t.base - u.base).abs() > 0.05 * u.fs
            })
            .min_by(|a, b| {
                let d = |u: &Tok| (t.bbox.x0 - u.bbox.x1).max(u.bbox.x0 - t.bbox.x1).abs();
                d(a).total_cmp(&d(b))
            });
        if let Some(u) = host {
            seat.push((i, u.base));
        }
    }
    for (i, base) in seat {
        toks[i].base = base;
    }
}

/// Fewest gaps between two words of text that tell a page's spacing.
const MIN_GAP_SAMPLES: usize = 20;

/// The gaps (in font sizes) between two words of text on a line.
fn word_gaps(groups: &[Vec<Tok>]) -> Vec<f64> {
    let wordy = |t: &str| t.chars().any(char::is_alphabetic) && !numeric_like(t);
    let mut gaps: Vec<f64> = Vec::new();
    for g in groups {
        for w in g.windows(2) {
            if wordy(&w[0].text) && wordy(&w[1].text) {
                let f = w[0].fs.max(w[1].fs).max(0.1);
                gaps.push((w[1].bbox.x0 - w[0].bbox.x1) / f);
            }
        }
    }
    gaps
}

/// The gap (in font sizes) beyond which two words of a line are in
/// different segments, from the gaps between words of text: normally a
/// little more than a space; where words are set wide apart (the lower
/// quartile of those gaps is itself wide), proportionally more.
fn split_gap(mut gaps: Vec<f64>) -> f64 {
    if gaps.len() < MIN_GAP_SAMPLES {
        return SPLIT_GAP;
    }
    gaps.sort_by(f64::total_cmp);
    let q1 = gaps[gaps.len() / 4];
    SPLIT_GAP.max(1.25 * q1)
}

/// Whether `b`, under the line of two columns of prose `a`, is the last
/// line of both: two pieces, the left running text (four words or more),
/// the right words ending a sentence (a paragraph's short last line, too
/// short to pass for running text on its own), each starting where `a`'s
/// piece above it starts, a line's leading below it, and the next line
/// `c` (if any) set apart below (both columns end there, as two balanced
/// columns of one paragraph do).
fn last_line_of_columns(a: &Line, b: &Line, c: Option<&Line>) -> bool {
    let [l, r] = b.segs.as_slice() else {
        return false;
    };
    let starts = |x: f64| a.segs.iter().any(|s| (s.bbox.x0 - x).abs() <= 0.3 * b.fs);
    let words = |s: &Seg| {
        s.words
            .iter()
            .all(|(t, _, _)| t.chars().any(char::is_alphabetic))
    };
    l.words.len() >= 4
        && words(r)
        && r.text.ends_with(['.', '!', '?'])
        && starts(l.bbox.x0)
        && starts(r.bbox.x0)
        && same_size(a.fs, b.fs)
        && b.bbox.y0 - a.bbox.y1 <= 0.5 * b.fs
        && c.is_none_or(|c| c.bbox.y0 - b.bbox.y1 > 0.5 * b.fs)
}

/// Sets [`Line::prose`]: a prose-like line is prose unless a tabular line
/// with at least as many segments follows it closely (a header of wordy
/// column headings over its first row).
fn mark_prose(lines: &mut [Line]) {
    let mut like: Vec<bool> = lines.iter().map(Line::prose_like).collect();
    // (The last line of two columns of prose is prose, whatever follows
    // it: no header of wordy headings ends two columns of running text.)
    let mut last = vec![false; lines.len()];
    for i in 1..lines.len() {
        if like[i - 1]
            && !like[i]
            && last_line_of_columns(&lines[i - 1], &lines[i], lines.get(i + 1))
        {
            like[i] = true;
            last[i] = true;
        }
    }
    // Lines of prose never overlap: a line whose box reaches well into a
    // neighbour's is a table line set beside cells of other heights. (A
    // heading of the other column of a page set in two, in a larger font
    // beside it, is no such neighbour.)
    let boxes: Vec<BBox> = lines.iter().map(|l| l.bbox).collect();
    let sizes: Vec<f64> = lines.iter().map(|l| l.fs).collect();
    let overlapping = |i: usize, j: usize| {
        let (a, b) = (&boxes[i], &boxes[j]);
        let ov = a.y1.min(b.y1) - a.y0.max(b.y0);
        let (fa, fb) = (sizes[i], sizes[j]);
        let beside_heading = (a.x1 <= b.x0 || b.x1 <= a.x0) && (fa - fb).abs() > 0.15 * fa.max(fb);
        ov > 0.25 * a.height().min(b.height()) && !beside_heading
    };
    for i in 0..lines.len() {
        if !like[i]
            || (i > 0 && overlapping(i - 1, i))
            || (i + 1 < lines.len() && overlapping(i, i + 1))
        {
            continue;
        }
        let l = &lines[i];
        // A header over the row below: close above it, or (rows set with
        // padding) each of that row's cells standing under one of its pieces.
        let header = lines.get(i + 1).is_some_and(|top| {
            let gap = top.bbox.y0 - l.bbox.y1;
            // (Under headings of some words each side by side (not a line
            // of prose parted at every stretched space), the row below may
            // open with the upper lines of a heading wrapped in its cell,
            // "Mill." over "kroner": its first line of cells is the one
            // under them.)
            let n = if l.segs.len() >= 2 && l.segs.iter().all(|s| s.words.len() >= 2) {
                row_under_fragments(lines, i + 1, &like)
            } else {
                top
            };
            let under = n
                .segs
                .iter()
                .filter(|s| {
                    l.segs
                        .iter()
                        .any(|h| s.bbox.x1.min(h.bbox.x1) - s.bbox.x0.max(h.bbox.x0) > 0.0)
                })
                .count();
            // A tabular line close above (the upper line of a header) lets
            // the rows stand further below.
            let header_above = i > 0
                && !like[i - 1]
                && lines[i - 1].content_segs() >= 2
                && l.bbox.y0 - lines[i - 1].bbox.y1 <= 2.0 * l.fs;
            let reach = if header_above { 5.0 } else { 3.0 };
            !like[i + 1]
                && n.content_segs() >= 2
                && n.segs.len() + 1 >= l.segs.len()
                && (gap <= 1.2 * l.fs || (gap <= reach * l.fs && under + 1 >= n.segs.len()))
        });
        lines[i].prose = last[i] || !header;
    }
}

/// The first line of cells from line `j` down: over the lines of one short
/// segment reaching down into a line below (the upper lines of headings
/// wrapped in their cells, "Mill." over "kroner", the row's other headings
/// centred beside them, half a line lower).
fn row_under_fragments<'a>(lines: &'a [Line], j: usize, like: &[bool]) -> &'a Line {
    let mut k = j;
    while let (Some(f), Some(n)) = (lines.get(k), lines.get(k + 1)) {
        let short = f.segs.len() == 1 && f.segs[0].words.len() <= 2;
        if like[k] || !short || n.bbox.y0 >= f.bbox.y1 {
            break;
        }
        k += 1;
    }
    &lines[k]
}

/// Whether two font sizes are one type size (a table's, not a caption's a
/// point larger).
pub(crate) fn same_size(a: f64, b: f64) -> bool {
    (a - b).abs() <= 0.3
}

/// Median of a list (0 for an empty list).
pub(crate) fn median(mut v: Vec<f64>) -> f64 {
    v.retain(|x| x.is_finite());
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn signature(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().filter(|c| !c.is_whitespace()) {
        if c.is_ascii_digit() {
            if !out.ends_with('#') {
                out.push('#');
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// A line that is a plain number, as a page number: how far it is from
/// its page's number.
fn page_offset(l: &Line) -> Option<i64> {
    let t = l.text();
    (!t.is_empty() && t.chars().all(|c| c.is_ascii_digit()))
        .then(|| t.parse::<i64>().ok())
        .flatten()
        .map(|v| v - i64::from(l.page))
}

/// Per offset from the page's number ([`page_offset`]), how many pages
/// have a plain number alone among their edge `candidates` that far from
/// it. A lone number is a page number when the pages count on in step with
/// it: another page has one standing apart at its edge too, as far from
/// that page's number (a number at a page's top that stands alone is
/// otherwise content: the end of an amount its cell broke over the page
/// break, "5" under the header repeated).
fn page_offsets(
    candidates: &[Vec<(usize, String, bool)>],
    pages: &[(f64, Vec<Line>)],
) -> std::collections::HashMap<i64, usize> {
    let mut offsets = std::collections::HashMap::new();
    for (c, (_, lines)) in candidates.iter().zip(pages) {
        let mut seen: Vec<i64> = c
            .iter()
            .filter(|(_, _, single)| *single)
            .filter_map(|(i, _, _)| page_offset(&lines[*i]))
            .collect();
        seen.sort_unstable();
        seen.dedup();
        for o in seen {
            *offsets.entry(o).or_default() += 1;
        }
    }
    offsets
}

/// Per page, the lines at its top or bottom edge that are a running head
/// or foot set close to the body: the outermost line of the page's top or
/// bottom, whose text (digits ignored) recurs as that edge line at the same
/// height on `need` pages, above or below running text or text of another
/// size on one of them at least (a title, a paragraph, a caption). A
/// table's header repeated at the top of the pages it runs onto recurs at
/// one height too, but over its own rows only. They join the pages'
/// `candidates` (line, signature, single segment).
fn recurring_edges(
    pages: &[(f64, Vec<Line>)],
    need: usize,
    candidates: &mut [Vec<(usize, String, bool)>],
) {
    // (page, line, top edge, signature, top of the line, next to other text)
    let mut edges: Vec<(usize, usize, bool, String, f64, bool)> = Vec::new();
    let other =
        |l: &Line, n: &Line| n.segs.iter().any(Seg::is_running_text) || !same_size(n.fs, l.fs);
    for (p, (height, lines)) in pages.iter().enumerate() {
        let (Some(first), Some(last)) = (lines.first(), lines.last()) else {
            continue;
        };
        if (first.bbox.y0 + first.bbox.y1) / 2.0 < 0.12 * height {
            let loose = lines.get(1).is_some_and(|n| other(first, n));
            edges.push((p, 0, true, signature(&first.text()), first.bbox.y0, loose));
        }
        if lines.len() > 1 && (last.bbox.y0 + last.bbox.y1) / 2.0 > 0.88 * height {
            let loose = other(last, &lines[lines.len() - 2]);
            let i = lines.len() - 1;
            edges.push((p, i, false, signature(&last.text()), last.bbox.y0, loose));
        }
    }
    for (p, i, top, sig, y, _) in &edges {
        let same: Vec<_> = edges
            .iter()
            .filter(|e| e.2 == *top && e.3 == *sig && (e.4 - y).abs() <= 1.5)
            .collect();
        let c = &mut candidates[*p];
        if same.len() >= need && same.iter().any(|e| e.5) && !c.iter().any(|(k, _, _)| k == i) {
            c.push((*i, sig.clone(), pages[*p].1[*i].segs.len() == 1));
        }
    }
}

/// Removes running headers and footers: lines near the top or bottom edge,
/// set apart from the content, whose text (digits ignored) recurs on several pages.
pub(crate) fn remove_furniture(pages: &mut [(f64, Vec<Line>)]) {
    let n = pages.len();
    let need = 2.max((n * 3).div_ceil(10));
    // (line index, text signature, whether the line is a single segment)
    let mut candidates: Vec<Vec<(usize, String, bool)>> = Vec::with_capacity(n);
    for (height, lines) in pages.iter() {
        let mut c = Vec::new();
        let h = if *height > 0.0 && height.is_finite() {
            *height
        } else {
            lines.iter().map(|l| l.bbox.y1).fold(0.0, f64::max)
        };
        // From each edge of the page inwards, while in the band: a line is a
        // candidate when it stands apart from the line on its inner side.
        // A tabular line next to another tabular line is a table (a header
        // repeated at the top of every page of a long table): the scan
        // stops there.
        let tabular = |a: &Line, b: &Line| {
            a.segs.len() >= 2 && b.segs.len() >= 2 && (b.bbox.y0 - a.bbox.y1).abs() < 2.0 * a.fs
        };
        // A line set into the one on its outer side (a header cell
        // vertically centred beside a wrapped one) is part of a block, not
        // furniture: the scan stops there too (`Line::set_into`).
        for i in 0..lines.len() {
            let l = &lines[i];
            if (l.bbox.y0 + l.bbox.y1) / 2.0 >= 0.12 * h {
                break;
            }
            let next = lines.get(i + 1);
            // (Nor is a heading over a tabular line's columns, right of its
            // first cell: a group heading of a header repeated on every
            // page, "Budsjettanslag 2025" over "Regnskap  Saldert  Anslag".)
            let heading_over = |n: &Line| {
                n.segs.len() >= 2
                    && n.bbox.y0 - l.bbox.y1 < 2.0 * l.fs
                    && l.bbox.x0 > n.segs[0].bbox.x0
                    && l.bbox.x1 <= n.bbox.x1 + l.fs
            };
            if next.is_some_and(|n| tabular(l, n) || heading_over(n))
                || i.checked_sub(1).is_some_and(|k| lines[k].set_into(l))
            {
                break;
            }
            let next_gap = next.map_or(f64::MAX, |nl| nl.bbox.y0 - l.bbox.y1);
            if next_gap >= 1.2 * l.fs {
                c.push((i, signature(&l.text()), l.segs.len() == 1));
            }
        }
        for i in (0..lines.len()).rev() {
            let l = &lines[i];
            if (l.bbox.y0 + l.bbox.y1) / 2.0 <= 0.88 * h {
                break;
            }
            let prev = i.checked_sub(1).map(|k| &lines[k]);
            if prev.is_some_and(|p| tabular(p, l))
                || lines.get(i + 1).is_some_and(|n| l.set_into(n))
            {
                break;
            }
            let prev_gap = prev.map_or(f64::MAX, |p| l.bbox.y0 - p.bbox.y1);
            if prev_gap >= 1.2 * l.fs && !c.iter().any(|(k, _, _)| *k == i) {
                c.push((i, signature(&l.text()), l.segs.len() == 1));
            }
        }
        candidates.push(c);
    }
    recurring_edges(pages, need, &mut candidates);
    let mut counts: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for c in &candidates {
        let mut seen: Vec<&str> = c.iter().map(|(_, s, _)| s.as_str()).collect();
        seen.sort_unstable();
        seen.dedup();
        for s in seen {
            *counts.entry(s).or_default() += 1;
        }
    }
    // How many pages have a line of each text near their top or bottom
    // edge, standing apart or not.
    let mut in_band: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (height, lines) in pages.iter() {
        let mut seen: Vec<String> = lines
            .iter()
            .filter(|l| {
                let mid = (l.bbox.y0 + l.bbox.y1) / 2.0;
                mid < 0.12 * height || mid > 0.88 * height
            })
            .map(|l| signature(&l.text()))
            .collect();
        seen.sort_unstable();
        seen.dedup();
        for t in seen {
            *in_band.entry(t).or_default() += 1;
        }
    }
    let offsets = page_offsets(&candidates, pages);
    let counts_on =
        |l: &Line| page_offset(l).is_some_and(|o| offsets.get(&o).copied().unwrap_or(0) >= 2);
    let mut drop: Vec<Vec<usize>> = Vec::with_capacity(n);
    for (c, (_, lines)) in candidates.iter().zip(pages.iter()) {
        // Furniture stands at the page's edge: between it and the edge
        // only lines that stand apart too or recur there on other pages
        // (a caption set tight over its unit line is content, and so is a
        // table's spanning heading under it, however often the heading
        // recurs on the pages after).
        let edge = |i: usize| {
            let furniture_like = |j: usize| {
                c.iter().any(|(k, _, _)| *k == j)
                    || in_band
                        .get(&signature(&lines[j].text()))
                        .is_some_and(|&m| m >= need)
            };
            if 2 * i < lines.len() {
                (0..i).all(furniture_like)
            } else {
                (i + 1..lines.len()).all(furniture_like)
            }
        };
        drop.push(
            c.iter()
                .filter(|(i, s, single)| {
                    // A lone number counting on with the pages is a page
                    // number; several numbers side by side are a table row
                    // (years of a repeated header).
                    let lone = *single && s.chars().all(|ch| ch == '#');
                    (if lone {
                        counts_on(&lines[*i])
                    } else {
                        counts.get(s.as_str()).copied().unwrap_or(0) >= need
                    }) && edge(*i)
                })
                .map(|(i, _, _)| *i)
                .collect(),
        );
    }
    for ((_, lines), d) in pages.iter_mut().zip(drop) {
        let mut i = 0;
        lines.retain(|l| {
            let keep = !d.contains(&i);
            if !keep {
                tracing::trace!(page = l.page, text = %l.text(), "running header or footer");
            }
            i += 1;
            keep
        });
    }
}

#[cfg(test)]
mod tests {
    use super::{Line, Seg, date_cut, number_goes_on};
    use kommunetall_model::BBox;

    /// A line of segments, each a run of words set at x from `x0` with
    /// the word space `space`, segments `gaps` apart (font size 10).
    fn set(segs: &[&str], x0: f64, space: f64, gaps: &[f64]) -> Line {
        let mut x = x0;
        let mut out = Vec::new();
        for (k, s) in segs.iter().enumerate() {
            let words: Vec<(String, BBox, bool)> = s
                .split(' ')
                .map(|w| {
                    let b = BBox {
                        x0: x,
                        y0: 0.0,
                        x1: x + 5.0 * w.chars().count() as f64,
                        y1: 11.0,
                    };
                    x = b.x1 + space;
                    (w.to_owned(), b, false)
                })
                .collect();
            x += gaps.get(k).copied().unwrap_or(0.0) - space;
            out.push(Seg::from_words(words));
        }
        let bbox = out.iter().fold(out[0].bbox, |b, s| b.union(s.bbox));
        Line {
            page: 1,
            bbox,
            base: 9.0,
            fs: 10.0,
            bold: false,
            italic: false,
            ruled: false,
            prose: false,
            segs: out,
        }
    }

    #[test]
    fn headings_of_capitals_and_years_are_no_columns_of_prose() {
        // Two runs of headings a little further apart between them.
        let heads = set(
            &[
                "Trondheim 2023",
                "Trondheim 2024",
                "Oslo 2024",
                "Bergen 2024",
                "Stavanger 2024",
                "ASSS, gjennomsnitt 2024",
            ],
            320.0,
            2.5,
            &[7.9, 7.9, 8.1, 7.9, 7.9],
        );
        assert!(!heads.prose_like());
        // Two columns of running text a gutter apart are.
        let prose = set(
            &[
                "og de siste årene har veksten vært",
                "mens kostnadene for drift har økt mer",
            ],
            60.0,
            2.5,
            &[12.0],
        );
        assert!(prose.prose_like());
    }

    #[test]
    fn a_value_with_the_next_columns_mark_is_data_a_currency_unit_is_not() {
        let seg = |text: &str| {
            Seg::from_words(
                text.split(' ')
                    .map(|w| (w.to_owned(), BBox::default(), false))
                    .collect(),
            )
        };
        for t in ["19 % ⬆", "-1,6 % ⬇", "690,3 ▲", "85 % ↑"] {
            assert!(seg(t).value_then_mark(), "{t}");
        }
        for t in ["1 000 €", "1 000 000 –", "2024 ⬆", "Trend ⬆", "19 %", "⬆"] {
            assert!(!seg(t).value_then_mark(), "{t}");
        }
    }

    #[test]
    fn a_head_without_its_columns_decimals_goes_on() {
        let column = [
            "12 254 946,48",
            "81 709 989,51",
            "4 587 146,06",
            "673 556,05",
        ];
        assert!(number_goes_on("138 420", "745,79", column.iter().copied()));
        // The head whole, its column's numbers without decimals.
        let whole = ["12 254", "81 709", "4 587", "673"];
        assert!(!number_goes_on("138 420", "745,79", whole.iter().copied()));
    }

    #[test]
    fn dates_cut_in_their_cells_are_told_from_numbers() {
        let cut = [
            ("08.10.2", "4"),
            ("31.12.", "2024"),
            ("08.10", ".24"),
            ("08.1", "0.24"),
            ("13.0", "9.24"),
        ];
        for (head, tail) in cut {
            assert!(date_cut(head, tail), "{head} over {tail}");
        }
        let apart = [
            ("08.10.24", "25"),
            ("1", "2.10.24"),
            ("12.5", "3"),
            ("31.12.2024", "01.01.2025"),
            ("08.10", "24"),
        ];
        for (head, tail) in apart {
            assert!(!date_cut(head, tail), "{head} over {tail}");
        }
    }
}
