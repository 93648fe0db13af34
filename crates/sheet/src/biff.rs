//! What calamine 0.38 does not expose of a legacy .xls (BIFF5/BIFF8)
//! workbook: every cell's number format and font weight, and the hidden
//! rows and columns of each sheet.
//!
//! The workbook stream is taken out of the OLE container ([`crate::cfb`])
//! and walked record by record: the globals substream gives the fonts
//! (FONT 0x0031), number formats (FORMAT 0x041E), cell formats (XF 0x00E0)
//! and sheets (BOUNDSHEET 0x0085, in workbook order); each worksheet
//! substream gives the XF index of its cells (NUMBER, RK, MULRK, LABELSST,
//! LABEL, RSTRING, BOOLERR, FORMULA) and its ROW and COLINFO records.
//! The values themselves still come from calamine.
//!
//! Untrusted input: every read is bounds-checked, a truncated record is an
//! error value, the tables are capped (at most [`MAX_CELLS_PER_SHEET`]
//! cells per sheet, 65 536 XFs and fonts), and the sheet substreams
//! together are walked at most over twice the stream's length, so sheets
//! that all point at the same offset cannot make the walk quadratic.

use std::collections::HashMap;

use crate::cfb::{Cfb, u16_at, u32_at};
use crate::display::{NumFmt, builtin_format_code, number_format};
use crate::guard::MAX_CELLS_PER_SHEET;
use crate::layout::Layout;

const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const FILEPASS: u16 = 0x002F;
const FONT: u16 = 0x0031;
const FORMAT: u16 = 0x041E;
const XF: u16 = 0x00E0;
const BOUNDSHEET: u16 = 0x0085;
const ROW: u16 = 0x0208;
const COLINFO: u16 = 0x007D;
const MULRK: u16 = 0x00BD;
/// Records that start with row, column and XF index.
const CELLS: [u16; 8] = [
    0x0203, // NUMBER
    0x027E, // RK
    0x00FD, // LABELSST
    0x0204, // LABEL
    0x00D6, // RSTRING
    0x0205, // BOOLERR
    0x0006, // FORMULA
    0x0201, // BLANK
];
/// Most XF and FONT records kept (an XF index is 16 bits).
const MAX_TABLE: usize = 1 << 16;
/// Deepest nesting of substreams inside a sheet (embedded charts).
const MAX_DEPTH: usize = 16;
/// Font weight from which a font is bold (700 is Excel's bold).
const BOLD_WEIGHT: u16 = 700;

/// The style of one cell format (XF).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Style {
    /// Its number format.
    pub fmt: NumFmt,
    /// Its font is bold.
    pub bold: bool,
}

/// One sheet of the BOUNDSHEET list.
#[derive(Debug)]
pub(crate) struct Sheet {
    /// Sheet name (sheets are matched with calamine's by position, and
    /// their names checked).
    pub name: String,
    /// Its cells' XF indices and layout, or why they could not be read.
    pub cells: Result<SheetCells, String>,
}

/// The cells' XF indices and hidden rows/columns of one worksheet.
#[derive(Debug, Default)]
pub(crate) struct SheetCells {
    xf: HashMap<(u32, u32), u16>,
    /// Hidden rows and columns.
    pub layout: Layout,
}

/// The formats of a workbook: cell styles by XF index, and per sheet (in
/// workbook order, as calamine lists them) the XF index of every cell.
#[derive(Debug, Default)]
pub(crate) struct Workbook {
    styles: Vec<Style>,
    /// Sheets in BOUNDSHEET order.
    pub sheets: Vec<Sheet>,
}

impl SheetCells {
    /// How many cells have an XF index.
    pub(crate) fn len(&self) -> usize {
        self.xf.len()
    }
}

impl Workbook {
    /// The style of the cell at absolute (row, column) of `sheet`, when the
    /// cell has a record and its XF index names a known XF.
    pub(crate) fn style(&self, sheet: &SheetCells, r: u32, c: u32) -> Option<Style> {
        let xf = sheet.xf.get(&(r, c))?;
        self.styles.get(usize::from(*xf)).copied()
    }
}

/// One record of the stream.
struct Rec<'a> {
    typ: u16,
    data: &'a [u8],
}

/// Records from `pos` on; a record running past the end is an error.
struct Records<'a> {
    stream: &'a [u8],
    pos: usize,
}

impl<'a> Iterator for Records<'a> {
    type Item = Result<Rec<'a>, String>;
    fn next(&mut self) -> Option<Self::Item> {
        let rest = self.stream.get(self.pos..)?;
        if rest.is_empty() {
            return None;
        }
        let (Some(typ), Some(len)) = (u16_at(rest, 0), u16_at(rest, 2)) else {
            self.pos = self.stream.len();
            return Some(Err(format!("record header cut at offset {}", self.pos)));
        };
        let Some(data) = rest.get(4..4 + usize::from(len)) else {
            let at = self.pos;
            self.pos = self.stream.len();
            return Some(Err(format!(
                "record {typ:#06x} at offset {at} runs past the end of the stream"
            )));
        };
        self.pos += 4 + usize::from(len);
        Some(Ok(Rec { typ, data }))
    }
}

/// Text of `n` characters at `b`, 8-bit or UTF-16LE; cut short where the
/// bytes end.
fn chars(b: &[u8], n: usize, wide: bool) -> String {
    if wide {
        let units: Vec<u16> = b
            .chunks_exact(2)
            .take(n)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        b.iter().take(n).map(|&x| char::from(x)).collect()
    }
}

/// BIFF8 XLUnicodeString (16-bit count) or ShortXLUnicodeString (8-bit
/// count) at `at`; BIFF5 byte strings (8-bit count, no flags).
fn string(b: &[u8], at: usize, biff8: bool, long_count: bool) -> String {
    let (n, flags_at) = if long_count {
        (u16_at(b, at).map(usize::from), at + 2)
    } else {
        (b.get(at).map(|&x| usize::from(x)), at + 1)
    };
    let Some(n) = n else {
        return String::new();
    };
    if !biff8 {
        return chars(b.get(flags_at..).unwrap_or_default(), n, false);
    }
    let wide = b.get(flags_at).is_some_and(|f| f & 1 == 1);
    chars(b.get(flags_at + 1..).unwrap_or_default(), n, wide)
}

/// Reads the formats of the .xls workbook in `bytes` (the whole file).
///
/// # Errors
///
/// A message when the container or the globals substream cannot be read;
/// a sheet whose substream cannot be read has its own error in
/// [`Sheet::cells`].
pub(crate) fn read(bytes: &[u8]) -> Result<Workbook, String> {
    let cfb = Cfb::open(bytes).map_err(|e| e.to_string())?;
    let (stream, declared) = cfb
        .stream(&["Workbook", "Book"])
        .map_err(|e| e.to_string())?;
    if (stream.len() as u64) < declared {
        return Err(format!(
            "OLE container: the workbook stream declares {declared} bytes; its sectors hold {}",
            stream.len()
        ));
    }
    read_stream(&stream)
}

/// Largest sheet of a BIFF8 workbook: 65 536 rows × 256 columns.
const MAX_GRID_CELLS: u64 = 65_536 * 256;
const DIMENSIONS: u16 = 0x0200;

/// Checks, before calamine 0.38 reads the workbook, that no sheet makes it
/// allocate beyond the .xls grid (65 536 rows × 256 columns), which a
/// sound file never does; both were found by fuzzing and abort the process
/// (a failed allocation is no panic that could be caught):
///
/// * calamine reserves room for the rows × columns its DIMENSIONS record
///   declares (4 billion rows in a hostile file);
/// * it stores each sheet as a dense rectangle spanning all its cells, and
///   a cell record may name column 65 535 (a rectangle of 65 536 × 65 536).
///
/// The records are read the way calamine reads them (every BOUNDSHEET,
/// nested substreams skipped). A workbook whose stream this reader cannot
/// get at is left to calamine.
///
/// # Errors
///
/// A message naming the sheet and the declared size; also when the sheet
/// substreams overlap beyond reason (calamine would walk them in quadratic
/// time).
pub(crate) fn preflight(bytes: &[u8]) -> Result<(), String> {
    let Ok(cfb) = Cfb::open(bytes) else {
        return Ok(());
    };
    let Ok((stream, _)) = cfb.stream(&["Workbook", "Book"]) else {
        return Ok(());
    };
    preflight_stream(&stream)
}

pub(crate) fn preflight_stream(stream: &[u8]) -> Result<(), String> {
    let mut sheets: Vec<(usize, String)> = Vec::new();
    let mut biff8 = true;
    for rec in (Records { stream, pos: 0 }) {
        let Ok(rec) = rec else { break };
        match rec.typ {
            EOF => break,
            BOF => biff8 = u16_at(rec.data, 0) != Some(0x0500),
            BOUNDSHEET if sheets.len() < MAX_TABLE => {
                if let Some(pos) = u32_at(rec.data, 0) {
                    sheets.push((pos as usize, string(rec.data, 6, biff8, false)));
                }
            }
            _ => {}
        }
    }
    let mut budget = stream.len().saturating_mul(2).saturating_add(1 << 16);
    for (pos, name) in sheets {
        let mut recs = Records { stream, pos };
        let (mut depth, mut seen_bof) = (0usize, false);
        let mut start = pos;
        // Bounding box of the cells: (min row, max row, min col, max col).
        let mut bbox: Option<(u32, u32, u32, u32)> = None;
        let mut add = |r: u32, c: u32| {
            bbox = Some(match bbox {
                None => (r, r, c, c),
                Some((r0, r1, c0, c1)) => (r0.min(r), r1.max(r), c0.min(c), c1.max(c)),
            });
        };
        while let Some(Ok(rec)) = recs.next() {
            budget = budget
                .checked_sub(recs.pos.saturating_sub(start))
                .ok_or("sheet substreams overlap (more bytes walked than the stream holds)")?;
            start = recs.pos;
            match rec.typ {
                BOF if seen_bof => depth += 1,
                BOF => seen_bof = true,
                EOF if depth == 0 => break,
                EOF => depth -= 1,
                DIMENSIONS if depth == 0 => {
                    if let Some((rows, cols)) = calamine_dimensions(rec.data)
                        && (rows < 0
                            || cols < 0
                            || rows.saturating_mul(cols) > MAX_GRID_CELLS as i64)
                    {
                        return Err(format!(
                            "sheet {name}: its DIMENSIONS record declares {rows} rows × {cols} columns, \
                             beyond the .xls grid of 65 536 × 256"
                        ));
                    }
                }
                t if depth == 0 && CELLS.contains(&t) => {
                    if let (Some(r), Some(c)) = (u16_at(rec.data, 0), u16_at(rec.data, 2)) {
                        add(u32::from(r), u32::from(c));
                    }
                }
                MULRK if depth == 0 => {
                    if let (Some(r), Some(c)) = (u16_at(rec.data, 0), u16_at(rec.data, 2)) {
                        let n = u32::try_from(rec.data.len().saturating_sub(6) / 6).unwrap_or(0);
                        add(u32::from(r), u32::from(c));
                        add(u32::from(r), u32::from(c) + n.saturating_sub(1));
                    }
                }
                _ => {}
            }
        }
        if let Some((r0, r1, c0, c1)) = bbox {
            let (rows, cols) = (u64::from(r1 - r0) + 1, u64::from(c1 - c0) + 1);
            if rows * cols > MAX_GRID_CELLS {
                return Err(format!(
                    "sheet {name}: its cells span {rows} rows × {cols} columns, \
                     beyond the .xls grid of 65 536 × 256"
                ));
            }
        }
    }
    Ok(())
}

/// Rows and columns calamine 0.38 derives from a DIMENSIONS record
/// (`parse_dimensions`, then `end - start + 1`), as signed numbers. calamine
/// computes them in `u32`: 0 wraps to 0 there (harmless: nothing reserved),
/// below 0 to some 4 billion; `None` where calamine rejects the record.
fn calamine_dimensions(d: &[u8]) -> Option<(i64, i64)> {
    let (rf, rl, mut cf, cl) = match d.len() {
        10 => (
            u32::from(u16_at(d, 0)?),
            u32::from(u16_at(d, 2)?),
            u32::from(u16_at(d, 4)?),
            u32::from(u16_at(d, 6)?),
        ),
        14 | 16 => (
            u32_at(d, 0)?,
            u32_at(d, 4)?,
            u32::from(u16_at(d, 8)?),
            u32::from(u16_at(d, 10)?),
        ),
        _ => return None,
    };
    if cf > 0xFF || cl < cf {
        cf = 0;
    }
    if rl >= 1 && cl >= 1 {
        Some((i64::from(rl) - i64::from(rf), i64::from(cl) - i64::from(cf)))
    } else {
        Some((1, 1))
    }
}

/// Reads the formats from the workbook stream itself.
pub(crate) fn read_stream(stream: &[u8]) -> Result<Workbook, String> {
    let mut recs = Records { stream, pos: 0 };
    let first = recs
        .next()
        .ok_or("the workbook stream is empty")?
        .map_err(|e| format!("workbook globals: {e}"))?;
    if first.typ != BOF {
        return Err(format!(
            "workbook globals: first record is {:#06x}, not BOF",
            first.typ
        ));
    }
    // As calamine reads it: 0x0600 BIFF8, 0x0500 BIFF5, 0 with the
    // BIFF5 workbook type 0x1000 BIFF5; anything else is taken as BIFF8
    // except the older formats, whose records differ.
    let biff8 = match (u16_at(first.data, 0), u16_at(first.data, 2)) {
        (Some(0x0500), _) | (Some(0), Some(0x1000)) => false,
        (Some(v @ (0x0002 | 0x0007 | 0x0200 | 0x0300 | 0x0400)), _) => {
            return Err(format!(
                "BIFF version {v:#06x} not supported (BIFF5 and BIFF8 are)"
            ));
        }
        _ => true,
    };
    let mut fonts: Vec<bool> = Vec::new();
    let mut formats: HashMap<u16, String> = HashMap::new();
    let mut xfs: Vec<(u16, u16)> = Vec::new();
    let mut bound: Vec<(u32, u8, String)> = Vec::new();
    let mut ended = false;
    for rec in recs.by_ref() {
        let rec = rec.map_err(|e| format!("workbook globals: {e}"))?;
        let d = rec.data;
        match rec.typ {
            EOF => {
                ended = true;
                break;
            }
            FILEPASS => return Err("the workbook is encrypted".to_owned()),
            FONT if fonts.len() < MAX_TABLE => {
                fonts.push(u16_at(d, 6).is_some_and(|w| w >= BOLD_WEIGHT));
            }
            FORMAT => {
                if let Some(id) = u16_at(d, 0) {
                    formats.insert(id, string(d, 2, biff8, biff8));
                }
            }
            XF if xfs.len() < MAX_TABLE => {
                if let (Some(font), Some(fmt)) = (u16_at(d, 0), u16_at(d, 2)) {
                    xfs.push((font, fmt));
                } else {
                    // Keep the numbering of the XFs after it.
                    xfs.push((u16::MAX, 0));
                }
            }
            BOUNDSHEET if bound.len() < MAX_TABLE => {
                if let Some(pos) = u32_at(d, 0) {
                    let kind = d.get(5).copied().unwrap_or(0);
                    bound.push((pos, kind, string(d, 6, biff8, false)));
                }
            }
            _ => {}
        }
    }
    if !ended {
        return Err("workbook globals: no EOF record".to_owned());
    }
    let styles = xfs
        .iter()
        .map(|&(font, fmt)| {
            // Font index 4 does not exist; indices above it are shifted.
            let font = match font {
                0..=3 => Some(usize::from(font)),
                4 => None,
                f => Some(usize::from(f) - 1),
            };
            let code = formats
                .get(&fmt)
                .map(String::as_str)
                .or_else(|| builtin_format_code(u32::from(fmt)))
                .unwrap_or("General");
            Style {
                fmt: number_format(code, Some(u32::from(fmt))),
                bold: font.and_then(|f| fonts.get(f)).copied().unwrap_or(false),
            }
        })
        .collect();
    // Sheet substreams are disjoint in a sound file: allow twice the
    // stream in all before refusing the rest.
    let mut budget = stream.len().saturating_mul(2).saturating_add(1 << 16);
    let sheets = bound
        .into_iter()
        .map(|(pos, kind, name)| {
            let cells = if kind == 0 {
                sheet_cells(stream, pos as usize, &mut budget)
            } else {
                // Charts, macro and VB sheets: no cells read.
                Ok(SheetCells::default())
            };
            Sheet { name, cells }
        })
        .collect();
    Ok(Workbook { styles, sheets })
}

/// The cells' XF indices and the hidden rows/columns of the worksheet
/// substream at `pos`.
fn sheet_cells(stream: &[u8], pos: usize, budget: &mut usize) -> Result<SheetCells, String> {
    if pos >= stream.len() {
        return Err(format!(
            "its substream offset {pos} lies beyond the workbook stream ({} bytes)",
            stream.len()
        ));
    }
    let mut recs = Records { stream, pos };
    match recs.next() {
        Some(Ok(r)) if r.typ == BOF => {}
        _ => return Err(format!("no BOF record at its substream offset {pos}")),
    }
    let mut out = SheetCells::default();
    let mut depth = 0usize;
    let mut start = recs.pos;
    loop {
        let Some(rec) = recs.next() else {
            return Err("its substream has no EOF record".to_owned());
        };
        let spent = recs.pos.saturating_sub(start);
        start = recs.pos;
        *budget = budget
            .checked_sub(spent)
            .ok_or("sheet substreams overlap (more bytes walked than the stream holds)")?;
        let rec = rec?;
        let d = rec.data;
        match rec.typ {
            BOF => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(format!("substreams nested more than {MAX_DEPTH} deep"));
                }
            }
            EOF if depth == 0 => break,
            EOF => depth -= 1,
            _ if depth > 0 => {}
            t if CELLS.contains(&t) => {
                if let (Some(r), Some(c), Some(xf)) = (u16_at(d, 0), u16_at(d, 2), u16_at(d, 4)) {
                    out.xf.insert((u32::from(r), u32::from(c)), xf);
                }
            }
            MULRK => {
                if let (Some(r), Some(first)) = (u16_at(d, 0), u16_at(d, 2)) {
                    let n = d.len().saturating_sub(6) / 6;
                    for i in 0..n {
                        if let Some(xf) = u16_at(d, 4 + 6 * i) {
                            let c = u32::from(first) + u32::try_from(i).unwrap_or(u32::MAX);
                            out.xf.insert((u32::from(r), c), xf);
                        }
                    }
                }
            }
            ROW => {
                if let (Some(r), Some(flags)) = (u16_at(d, 0), u16_at(d, 12))
                    && flags & 0x0020 != 0
                {
                    out.layout.hidden_rows.push((u32::from(r), u32::from(r)));
                }
            }
            COLINFO => {
                if let (Some(a), Some(b), Some(flags)) = (u16_at(d, 0), u16_at(d, 2), u16_at(d, 8))
                    && flags & 0x0001 != 0
                    && a <= b
                {
                    // Excel writes 256 as the last column of a closing range.
                    out.layout
                        .hidden_cols
                        .push((u32::from(a), u32::from(b.min(255))));
                }
            }
            _ => {}
        }
        if out.xf.len() > MAX_CELLS_PER_SHEET {
            return Err(format!("more than {MAX_CELLS_PER_SHEET} cells"));
        }
    }
    out.layout = std::mem::take(&mut out.layout).finish();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut v = typ.to_le_bytes().to_vec();
        v.extend((data.len() as u16).to_le_bytes());
        v.extend(data);
        v
    }

    #[test]
    fn errors_are_values() {
        assert!(read_stream(b"").is_err());
        assert!(read_stream(&[0x09, 0x08, 0x10]).is_err());
        // BOF claiming 16 bytes with 2 present.
        assert!(read_stream(&[0x09, 0x08, 0x10, 0x00, 0x00, 0x06]).is_err());
        let bof = rec(BOF, &[0x00, 0x06, 0x05, 0x00]);
        let mut s = bof.clone();
        s.extend(rec(FILEPASS, &[1, 0]));
        assert_eq!(
            read_stream(&s).err().as_deref(),
            Some("the workbook is encrypted")
        );
        // A sheet pointing past the stream: an error for that sheet only.
        let mut s = bof.clone();
        let mut bs = 9999u32.to_le_bytes().to_vec();
        bs.extend([0, 0, 2, 0, b'A', b'1']);
        s.extend(rec(BOUNDSHEET, &bs));
        s.extend(rec(EOF, &[]));
        let wb = read_stream(&s).expect("globals read");
        assert_eq!(wb.sheets.len(), 1);
        assert_eq!(wb.sheets[0].name, "A1");
        assert!(wb.sheets[0].cells.is_err());
    }

    #[test]
    fn sheets_pointing_at_one_offset_are_bounded() {
        let bof = rec(BOF, &[0x00, 0x06, 0x10, 0x00]);
        let mut s = bof.clone();
        let n = 2000;
        let globals_len = bof.len() + n * rec(BOUNDSHEET, &[0; 9]).len() + 4;
        for _ in 0..n {
            let mut bs = (globals_len as u32).to_le_bytes().to_vec();
            bs.extend([0, 0, 1, 0, b'S']);
            s.extend(rec(BOUNDSHEET, &bs));
        }
        s.extend(rec(EOF, &[]));
        assert_eq!(s.len(), globals_len);
        s.extend(&bof);
        for i in 0..5000u16 {
            let mut num = i.to_le_bytes().to_vec();
            num.extend([0, 0, 15, 0]);
            num.extend(1.5f64.to_le_bytes());
            s.extend(rec(0x0203, &num));
        }
        s.extend(rec(EOF, &[]));
        let wb = read_stream(&s).expect("globals read");
        let ok = wb.sheets.iter().filter(|s| s.cells.is_ok()).count();
        assert!((1..10).contains(&ok), "{ok} sheets read");
    }
}
