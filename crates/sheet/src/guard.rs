//! Content sniffing and size limits, applied before calamine sees the bytes.
//!
//! A zip container is opened with the `zip` crate only to read its central
//! directory: the declared sizes of every entry are checked against the
//! limits below (a zip bomb declares a small compressed size and a huge
//! uncompressed one). Entries are read later with a hard cap
//! ([`read_entry`]), so a lying declaration cannot blow up memory either.

use std::io::{Cursor, Read};

use crate::error::SheetError;
use crate::kind::Kind;

/// Largest declared uncompressed size of one zip entry (256 MiB).
pub const MAX_ENTRY_BYTES: u64 = 256 * 1024 * 1024;
/// Largest declared uncompressed size of all zip entries together (1 GiB).
pub const MAX_TOTAL_BYTES: u64 = 1024 * 1024 * 1024;
/// Largest compression ratio accepted for entries over 1 MiB.
const MAX_RATIO: u64 = 500;
/// Most non-empty cells read from one sheet.
pub const MAX_CELLS_PER_SHEET: usize = 2_000_000;
/// Largest used area (rows × columns between the first and last non-empty
/// cell) of one sheet.
pub const MAX_AREA_PER_SHEET: u64 = 50_000_000;

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const ZIP_EMPTY_MAGIC: &[u8] = b"PK\x05\x06";
const CFB_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// What the bytes are, by content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Container {
    /// A zip archive (xlsx, ods).
    Zip,
    /// An OLE compound file (xls, or an encrypted xlsx).
    Cfb,
}

/// Sniffs the container; errors name what the bytes look like instead.
pub(crate) fn sniff(bytes: &[u8], kind: Kind, file: &str) -> Result<Container, SheetError> {
    if bytes.starts_with(ZIP_MAGIC) || bytes.starts_with(ZIP_EMPTY_MAGIC) {
        return Ok(Container::Zip);
    }
    if bytes.starts_with(CFB_MAGIC) {
        return Ok(Container::Cfb);
    }
    let detail = if bytes.is_empty() {
        "the file is empty".to_owned()
    } else if bytes.starts_with(b"%PDF") {
        "the file is a PDF document".to_owned()
    } else if looks_like_text(bytes) {
        "the file is plain text (CSV, HTML or XML?), not a workbook".to_owned()
    } else {
        match kind {
            Kind::Xlsx | Kind::Ods => {
                format!(
                    "named .{} but is not a zip archive (a .{} workbook is one)",
                    kind.as_str(),
                    kind.as_str()
                )
            }
            Kind::Xls => "named .xls but is not an OLE compound file".to_owned(),
        }
    };
    Err(SheetError::NotASpreadsheet {
        file: file.to_owned(),
        detail,
    })
}

fn looks_like_text(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(512)];
    std::str::from_utf8(head).is_ok_and(|s| !s.contains('\0'))
}

/// What the central directory says about an archive.
#[derive(Debug, Default)]
pub(crate) struct ZipInfo {
    /// Entry names.
    pub names: Vec<String>,
}

impl ZipInfo {
    /// Whether an entry of this name exists.
    pub fn has(&self, name: &str) -> bool {
        self.names.iter().any(|n| n == name)
    }
}

/// Opens the central directory and checks the declared sizes.
pub(crate) fn check_zip(bytes: &[u8], kind: Kind, file: &str) -> Result<ZipInfo, SheetError> {
    let corrupt = |detail: String| SheetError::Corrupt {
        file: file.to_owned(),
        kind: kind.as_str(),
        detail,
    };
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| corrupt(format!("zip archive unreadable ({e})")))?;
    let mut info = ZipInfo::default();
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let entry = archive
            .by_index_raw(i)
            .map_err(|e| corrupt(format!("zip entry {i} unreadable ({e})")))?;
        let name = entry.name().map(|n| n.into_owned()).unwrap_or_default();
        if entry.encrypted() {
            return Err(SheetError::Encrypted {
                file: file.to_owned(),
            });
        }
        let size = entry.size();
        let packed = entry.compressed_size().max(1);
        if size > MAX_ENTRY_BYTES {
            return Err(SheetError::TooLarge {
                file: file.to_owned(),
                detail: format!(
                    "zip entry {name} declares {size} bytes uncompressed (limit {MAX_ENTRY_BYTES})"
                ),
            });
        }
        if size > 1024 * 1024 && size / packed > MAX_RATIO {
            return Err(SheetError::TooLarge {
                file: file.to_owned(),
                detail: format!(
                    "zip entry {name} declares a compression ratio of {} (limit {MAX_RATIO}): zip bomb?",
                    size / packed
                ),
            });
        }
        total = total.saturating_add(size);
        info.names.push(name);
    }
    if total > MAX_TOTAL_BYTES {
        return Err(SheetError::TooLarge {
            file: file.to_owned(),
            detail: format!(
                "zip entries declare {total} bytes uncompressed in all (limit {MAX_TOTAL_BYTES})"
            ),
        });
    }
    Ok(info)
}

/// Reads one zip entry, at most [`MAX_ENTRY_BYTES`] of it; `None` when it is
/// missing or unreadable.
pub(crate) fn read_entry(bytes: &[u8], name: &str) -> Option<Vec<u8>> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let entry = archive.by_name(name).ok()?;
    let mut out = Vec::new();
    entry.take(MAX_ENTRY_BYTES).read_to_end(&mut out).ok()?;
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniff_names_what_it_found() {
        let e = sniff(b"%PDF-1.7 ...", Kind::Xlsx, "a.xlsx").err();
        assert!(e.is_some_and(|e| e.to_string().contains("PDF")));
        let e = sniff(&[1, 2, 3, 0, 200], Kind::Xlsx, "a.xlsx").err();
        assert!(e.is_some_and(|e| e.to_string().contains("not a zip archive")));
        assert_eq!(
            sniff(b"PK\x03\x04rest", Kind::Ods, "a.ods").ok(),
            Some(Container::Zip)
        );
    }
}
