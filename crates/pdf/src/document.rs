//! Opening a PDF ([`Document`]) and extracting one page ([`Document::page`]),
//! with the safety [`Limits`] that bound the work done on untrusted input.

use std::panic::{AssertUnwindSafe, catch_unwind};

use lopdf::{Dictionary, Document as LoDocument, LoadOptions, Object, ObjectId};

use crate::content::Interpreter;
use crate::error::PdfError;
use crate::limits::Limits;
use crate::objects::{Matrix, StreamError, get, get_dict, inherited, num, num_array, stream_bytes};
use crate::page::Page;
use crate::words::build_words;

/// An opened PDF document.
pub struct Document {
    doc: LoDocument,
    pages: Vec<ObjectId>,
    limits: Limits,
}

impl std::fmt::Debug for Document {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Document")
            .field("pages", &self.pages.len())
            .field("limits", &self.limits)
            .finish_non_exhaustive()
    }
}

/// Text of a panic payload.
fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic".to_string()
    }
}

impl Document {
    /// Parses a PDF from memory with the default [`Limits`].
    ///
    /// Encrypted PDFs whose user password is empty are decrypted
    /// transparently (lopdf does this); others give [`PdfError::Encrypted`].
    pub fn open(bytes: &[u8]) -> Result<Document, PdfError> {
        Document::open_with_limits(bytes, Limits::default())
    }

    /// Parses a PDF from memory with explicit [`Limits`].
    pub fn open_with_limits(bytes: &[u8], limits: Limits) -> Result<Document, PdfError> {
        let head = &bytes[..bytes.len().min(1024)];
        if !head.windows(5).any(|w| w == b"%PDF-") {
            return Err(PdfError::NotPdf);
        }
        let options = LoadOptions {
            max_decompressed_size: Some(limits.max_stream_bytes),
            ..LoadOptions::default()
        };
        let loaded = catch_unwind(AssertUnwindSafe(|| {
            LoDocument::load_mem_with_options(bytes, options)
        }))
        .map_err(|p| PdfError::Parse(format!("the PDF parser crashed: {}", panic_message(&*p))))?;
        let doc = match loaded {
            Ok(doc) => doc,
            Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded {
                ..
            })) => {
                return Err(PdfError::LimitExceeded {
                    what: "decompressed stream size in bytes".to_string(),
                    limit: limits.max_stream_bytes as u64,
                });
            }
            Err(lopdf::Error::InvalidPassword | lopdf::Error::Decryption(_)) => {
                return Err(PdfError::Encrypted);
            }
            Err(e) => return Err(PdfError::Parse(e.to_string())),
        };
        if doc.is_encrypted() && !doc.was_encrypted() {
            return Err(PdfError::Encrypted);
        }
        let pages = catch_unwind(AssertUnwindSafe(|| doc.page_iter().collect::<Vec<_>>()))
            .map_err(|p| {
                PdfError::Parse(format!("the PDF parser crashed: {}", panic_message(&*p)))
            })?;
        if pages.is_empty() {
            return Err(PdfError::Parse("no pages found".to_string()));
        }
        Ok(Document { doc, pages, limits })
    }

    /// Number of pages.
    pub fn page_count(&self) -> u32 {
        u32::try_from(self.pages.len()).unwrap_or(u32::MAX)
    }

    /// The `/Producer` from the document information dictionary.
    pub fn producer(&self) -> Option<String> {
        self.info_string(b"Producer")
    }

    /// The `/Title` from the document information dictionary.
    pub fn title(&self) -> Option<String> {
        self.info_string(b"Title")
    }

    fn info_string(&self, key: &[u8]) -> Option<String> {
        let info = get_dict(&self.doc, &self.doc.trailer, b"Info")?;
        let value = get(&self.doc, info, key)?;
        lopdf::decode_text_string(value)
            .ok()
            .map(|s| s.trim_end_matches('\0').trim().to_string())
            .filter(|s| !s.is_empty())
    }

    /// Extracts page `number` (1-based). A damaged page gives an error for
    /// that page only; other pages stay readable.
    pub fn page(&self, number: u32) -> Result<Page, PdfError> {
        let count = self.page_count();
        let Some(&id) = number
            .checked_sub(1)
            .and_then(|i| self.pages.get(i as usize))
        else {
            return Err(PdfError::PageOutOfRange {
                page: number,
                count,
            });
        };
        match catch_unwind(AssertUnwindSafe(|| self.extract(number, id))) {
            Ok(result) => result,
            Err(p) => Err(PdfError::PageUnreadable {
                page: number,
                reason: format!("the PDF parser crashed: {}", panic_message(&*p)),
            }),
        }
    }

    fn extract(&self, number: u32, id: ObjectId) -> Result<Page, PdfError> {
        let doc = &self.doc;
        let unreadable = |reason: &str| PdfError::PageUnreadable {
            page: number,
            reason: reason.to_string(),
        };
        let page = doc
            .get_dictionary(id)
            .map_err(|e| unreadable(&format!("page object missing: {e}")))?;

        let media = page_box(doc, page, b"MediaBox").unwrap_or([0.0, 0.0, 612.0, 792.0]);
        let crop = page_box(doc, page, b"CropBox")
            .map(|c| {
                [
                    c[0].max(media[0]),
                    c[1].max(media[1]),
                    c[2].min(media[2]),
                    c[3].min(media[3]),
                ]
            })
            .filter(|c| c[2] > c[0] && c[3] > c[1])
            .unwrap_or(media);
        let rotate = inherited(doc, page, b"Rotate")
            .and_then(num)
            .map_or(0, |r| (r as i64).rem_euclid(360));
        let content = self.page_content(id, number)?;
        let resources = match inherited(doc, page, b"Resources") {
            Some(Object::Dictionary(d)) => Some(d),
            _ => None,
        };
        let run = |rotate: i64| -> Result<_, PdfError> {
            let (ctm, width, height) = device_space(crop, rotate);
            let mut interp = Interpreter::new(doc, &self.limits);
            interp.run_page(&content, resources, ctm)?;
            Ok((interp.finish(), width, height))
        };
        let (mut out, mut width, mut height) = run(rotate)?;
        // A page whose text is mostly drawn turned (a landscape table set on
        // a portrait page by rotating the text, without /Rotate) is read the
        // way a reader turns it: as if /Rotate said so.
        if let Some(turn) = dominant_turn(&out.glyphs) {
            tracing::debug!(
                page = number,
                turn,
                "page text drawn turned; reading it turned upright"
            );
            (out, width, height) = run((rotate + turn).rem_euclid(360))?;
        }
        let (words, turned) = build_words(out.glyphs, width, height);
        Ok(Page {
            number,
            width,
            height,
            words,
            turned,
            rules: out.rules,
            fills: out.fills,
        })
    }

    /// The page's content streams, decoded and concatenated.
    fn page_content(&self, id: ObjectId, number: u32) -> Result<Vec<u8>, PdfError> {
        let mut content = Vec::new();
        for sid in self.doc.get_page_contents(id) {
            let Ok(Object::Stream(stream)) = self.doc.get_object(sid) else {
                continue;
            };
            let remaining = self.limits.max_stream_bytes.saturating_sub(content.len());
            match stream_bytes(stream, remaining) {
                Ok(data) => content.extend_from_slice(&data),
                Err(StreamError::TooBig) => {
                    return Err(PdfError::LimitExceeded {
                        what: "decompressed stream size in bytes".to_string(),
                        limit: self.limits.max_stream_bytes as u64,
                    });
                }
                Err(StreamError::Broken(reason)) => {
                    return Err(PdfError::PageUnreadable {
                        page: number,
                        reason: format!("content stream could not be decompressed: {reason}"),
                    });
                }
            }
            content.push(b'\n');
        }
        Ok(content)
    }
}

/// The matrix from PDF user space to device space (top-left origin, y
/// down) for a crop box and a page rotation, with the device page size.
fn device_space(crop: [f64; 4], rotate: i64) -> (Matrix, f64, f64) {
    let [x1, y1, x2, y2] = crop;
    match rotate {
        90 => (Matrix([0.0, 1.0, 1.0, 0.0, -y1, -x1]), y2 - y1, x2 - x1),
        180 => (Matrix([-1.0, 0.0, 0.0, 1.0, x2, -y1]), x2 - x1, y2 - y1),
        270 => (Matrix([0.0, -1.0, -1.0, 0.0, y2, x2]), y2 - y1, x2 - x1),
        _ => (Matrix([1.0, 0.0, 0.0, -1.0, -x1, y2]), x2 - x1, y2 - y1),
    }
}

/// The extra page rotation (degrees clockwise) that sets upright the text of
/// a page drawn mostly turned: more than twice as many visible glyphs run in
/// one turned direction as run upright, and at least 20 of them.
fn dominant_turn(glyphs: &[crate::content::Glyph]) -> Option<i64> {
    let mut count = [0usize; 4];
    for g in glyphs {
        if g.text.chars().any(|c| !c.is_whitespace() && c != '\0') {
            count[usize::from(g.rot & 3)] += 1;
        }
    }
    let (rot, &n) = count.iter().enumerate().skip(1).max_by_key(|(_, n)| **n)?;
    if n < 20 || n <= 2 * count[0] {
        return None;
    }
    // rot 3 reads bottom to top on the device: turning the page a quarter
    // clockwise sets it upright; rot 1 reads top to bottom; rot 2 is upside down.
    Some(match rot {
        3 => 90,
        1 => 270,
        _ => 180,
    })
}

/// A page box (`MediaBox`, `CropBox`), normalised to `[x0, y0, x1, y1]`.
fn page_box(doc: &LoDocument, page: &Dictionary, key: &[u8]) -> Option<[f64; 4]> {
    let Object::Array(arr) = inherited(doc, page, key)? else {
        return None;
    };
    let v = num_array(doc, arr)?;
    let [a, b, c, d] = v.as_slice() else {
        return None;
    };
    let r = [a.min(*c), b.min(*d), a.max(*c), b.max(*d)];
    (r[2] > r[0] && r[3] > r[1]).then_some(r)
}
