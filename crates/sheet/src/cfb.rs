//! A minimal reader of the OLE2 compound file container (MS-CFB) that holds
//! a legacy .xls workbook: finds one stream by name and returns its bytes.
//!
//! The file is already in memory. Everything the header and the tables
//! declare is checked against the bytes there are: sector ids must name a
//! sector inside the file, chains are followed at most once per sector (a
//! cycle ends the walk with an error), a stream's declared size never drives
//! an allocation beyond the file's own size. Errors are values, never panics.

use std::fmt;

const MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
const HEADER_LEN: usize = 512;
/// Sector ids at or above this are markers (free, end of chain, FAT, DIFAT).
const MAX_REG_SECT: u32 = 0xFFFF_FFFA;
const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
const MINI_SECTOR: usize = 64;
/// Streams shorter than this live in the mini stream (fixed by the spec;
/// calamine uses the same value whatever the header says).
const MINI_CUTOFF: u64 = 4096;
const DIR_ENTRY: usize = 128;
/// Object types of a directory entry.
const TYPE_STREAM: u8 = 2;
const TYPE_ROOT: u8 = 5;

/// Why the container could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CfbError(String);

impl fmt::Display for CfbError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "OLE container: {}", self.0)
    }
}

fn err<T>(msg: impl Into<String>) -> Result<T, CfbError> {
    Err(CfbError(msg.into()))
}

/// The little-endian `u16` at `at`, if the bytes reach that far.
pub(crate) fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    let s = b.get(at..at.checked_add(2)?)?;
    Some(u16::from_le_bytes([s[0], s[1]]))
}

/// The little-endian `u32` at `at`, if the bytes reach that far.
pub(crate) fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    let s = b.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

fn u32s(b: &[u8]) -> impl Iterator<Item = u32> + '_ {
    b.chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
}

/// One directory entry: what we need of it.
#[derive(Debug, Clone)]
struct Entry {
    name: String,
    kind: u8,
    start: u32,
    size: u64,
}

impl Entry {
    /// One 128-byte directory entry. The name is read up to its first NUL,
    /// as calamine reads it (not trusting the name-length field).
    fn parse(raw: &[u8], major: u16) -> Entry {
        let units: Vec<u16> = raw
            .get(..64)
            .unwrap_or_default()
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .take_while(|&u| u != 0)
            .collect();
        let low = u64::from(u32_at(raw, 120).unwrap_or(0));
        let size = if major == 3 {
            // Version 3: the high half may hold garbage (spec 2.6.3).
            low
        } else {
            low | u64::from(u32_at(raw, 124).unwrap_or(0)) << 32
        };
        Entry {
            name: String::from_utf16_lossy(&units),
            kind: raw.get(66).copied().unwrap_or(0),
            start: u32_at(raw, 116).unwrap_or(END_OF_CHAIN),
            size,
        }
    }
}

/// An open compound file over the bytes.
pub(crate) struct Cfb<'a> {
    bytes: &'a [u8],
    sector: usize,
    /// Number of whole or partial sectors after the header.
    sectors: usize,
    fat: Vec<u32>,
    entries: Vec<Entry>,
    mini_start: u32,
    mini_fat_start: u32,
}

impl<'a> Cfb<'a> {
    /// Reads the header, the FAT (through the DIFAT) and the directory.
    pub(crate) fn open(bytes: &'a [u8]) -> Result<Self, CfbError> {
        if bytes.len() < HEADER_LEN || bytes[..8] != MAGIC {
            return err("not a compound file (signature or header missing)");
        }
        let shift = u16_at(bytes, 30).unwrap_or(0);
        let sector = match shift {
            9 => 512usize,
            12 => 4096,
            s => return err(format!("sector shift {s} (expected 9 or 12)")),
        };
        if u16_at(bytes, 32) != Some(6) {
            return err("mini sector shift is not 6");
        }
        // Sector i starts at (i + 1) * sector; the header fills sector -1.
        let sectors = bytes.len().saturating_sub(sector).div_ceil(sector);
        let dir_start = u32_at(bytes, 48).unwrap_or(END_OF_CHAIN);
        let mini_fat_start = u32_at(bytes, 60).unwrap_or(END_OF_CHAIN);
        let mut difat_next = u32_at(bytes, 68).unwrap_or(END_OF_CHAIN);
        // The FAT sector ids: up to 109 in the header, the rest in the DIFAT
        // chain; free slots are skipped (as calamine does, the header's count
        // of FAT sectors is not trusted). Each FAT sector is a sector of the
        // file, so more ids than sectors is a lie.
        let mut fat_ids: Vec<u32> = u32s(&bytes[76..HEADER_LEN])
            .filter(|&id| id < MAX_REG_SECT)
            .collect();
        let mut hops = 0usize;
        while difat_next < MAX_REG_SECT {
            hops += 1;
            if hops > sectors {
                return err("DIFAT chain loops");
            }
            let data = Self::sector_slice(bytes, sector, sectors, difat_next)?;
            let per = sector / 4 - 1;
            fat_ids.extend(u32s(data).take(per).filter(|&id| id < MAX_REG_SECT));
            difat_next = u32_at(data, per * 4).unwrap_or(END_OF_CHAIN);
            if fat_ids.len() > sectors {
                return err(format!(
                    "more FAT sectors listed than the file's {sectors} sectors"
                ));
            }
        }
        let mut fat = Vec::with_capacity(fat_ids.len().saturating_mul(sector / 4));
        for &id in &fat_ids {
            let data = Self::sector_slice(bytes, sector, sectors, id)?;
            fat.extend(u32s(data));
        }
        let mut cfb = Cfb {
            bytes,
            sector,
            sectors,
            fat,
            entries: Vec::new(),
            mini_start: END_OF_CHAIN,
            mini_fat_start,
        };
        let dir = cfb.chain(dir_start, None)?;
        let major = u16_at(bytes, 26).unwrap_or(3);
        cfb.entries = dir
            .chunks_exact(DIR_ENTRY)
            .map(|raw| Entry::parse(raw, major))
            .collect();
        match cfb.entries.first() {
            Some(root) if root.kind == TYPE_ROOT => cfb.mini_start = root.start,
            _ => return err("directory has no root entry"),
        }
        Ok(cfb)
    }

    fn sector_slice(
        bytes: &[u8],
        sector: usize,
        sectors: usize,
        id: u32,
    ) -> Result<&[u8], CfbError> {
        let i = id as usize;
        if i >= sectors {
            return err(format!("sector {id} lies beyond the end of the file"));
        }
        let start = (i + 1) * sector;
        let end = start.saturating_add(sector).min(bytes.len());
        bytes
            .get(start..end)
            .ok_or_else(|| CfbError(format!("sector {id} lies beyond the end of the file")))
    }

    /// Follows a FAT chain from `start`, collecting at most `len` bytes
    /// (the whole chain when `None`). The last sector may be cut short by
    /// the end of the file (some writers do not pad it), and the chain may
    /// end before `len` (the caller compares).
    fn chain(&self, start: u32, len: Option<u64>) -> Result<Vec<u8>, CfbError> {
        let want = len.map_or(usize::MAX, |l| usize::try_from(l).unwrap_or(usize::MAX));
        // Declared sizes drive no allocation: at most 1 MiB up front.
        let mut out = Vec::with_capacity(want.min(self.bytes.len()).min(1 << 20));
        let mut id = start;
        let mut hops = 0usize;
        while id != END_OF_CHAIN && out.len() < want {
            if id >= MAX_REG_SECT {
                return err(format!("chain from sector {start} holds marker {id:#x}"));
            }
            hops += 1;
            if hops > self.sectors {
                return err(format!("chain from sector {start} loops"));
            }
            let data = Self::sector_slice(self.bytes, self.sector, self.sectors, id)?;
            let take = data.len().min(want - out.len());
            out.extend_from_slice(&data[..take]);
            id = self
                .fat
                .get(id as usize)
                .copied()
                .ok_or_else(|| CfbError(format!("sector {id} is not in the FAT")))?;
        }
        Ok(out)
    }

    /// Follows a mini-FAT chain over the mini stream.
    fn mini_chain(&self, start: u32, len: u64) -> Result<Vec<u8>, CfbError> {
        let root_size = self.entries.first().map_or(0, |r| r.size);
        let mini = self.chain(self.mini_start, Some(root_size))?;
        let mini_fat: Vec<u32> = u32s(&self.chain(self.mini_fat_start, None)?).collect();
        let want = usize::try_from(len).unwrap_or(usize::MAX);
        let mut out = Vec::with_capacity(want.min(mini.len()));
        let mut id = start;
        let mut hops = 0usize;
        while id != END_OF_CHAIN && out.len() < want {
            hops += 1;
            if hops > mini_fat.len() {
                return err(format!("mini chain from {start} loops or runs off"));
            }
            let at = (id as usize).saturating_mul(MINI_SECTOR);
            let data = mini
                .get(at..at.saturating_add(MINI_SECTOR).min(mini.len()))
                .filter(|d| !d.is_empty())
                .ok_or_else(|| CfbError(format!("mini sector {id} lies beyond the mini stream")))?;
            let take = data.len().min(want - out.len());
            out.extend_from_slice(&data[..take]);
            id = mini_fat
                .get(id as usize)
                .copied()
                .ok_or_else(|| CfbError(format!("mini sector {id} is not in the mini FAT")))?;
        }
        Ok(out)
    }

    /// The bytes of the first stream whose name equals one of `names`
    /// (ASCII case-insensitive), tried in that order, as far as its chain
    /// goes, and the size its directory entry declares.
    pub(crate) fn stream(&self, names: &[&str]) -> Result<(Vec<u8>, u64), CfbError> {
        let found = names.iter().find_map(|n| {
            self.entries
                .iter()
                .find(|e| e.kind == TYPE_STREAM && e.name.eq_ignore_ascii_case(n))
        });
        let Some(e) = found else {
            return err(format!("no stream named {}", names.join(" or ")));
        };
        let data = if e.size < MINI_CUTOFF {
            self.mini_chain(e.start, e.size)?
        } else {
            self.chain(e.start, Some(e.size))?
        };
        Ok((data, e.size))
    }
}

/// Checks, before calamine 0.38 sees the bytes, that no chain calamine
/// follows loops: it walks a chain until the end marker or the declared
/// length (the directory without any limit), so a FAT whose chain returns
/// to an earlier sector makes it allocate without bound (found by fuzzing:
/// a 4.6 KB file whose FAT is all zeros). The FAT is built the way calamine
/// builds it (a sector cut by the end of the file reads as zeros) and the
/// chains it reads are walked without allocating: the directory, the mini
/// stream, the mini FAT, and the streams it opens by name. Anything else
/// that is wrong is left to calamine, which reports it as an error.
///
/// # Errors
///
/// A message naming the chain that loops.
pub(crate) fn preflight(bytes: &[u8]) -> Result<(), CfbError> {
    if bytes.len() < HEADER_LEN || bytes[..8] != MAGIC {
        return Ok(());
    }
    let (sector, major) = match u16_at(bytes, 30) {
        Some(9) => (512usize, 3),
        Some(12) => (4096, 4),
        _ => return Ok(()),
    };
    // calamine's largest sector id, and a sector by id (zero-padded).
    let max_id = bytes.len() / sector;
    let get = |id: u32| -> Option<Vec<u8>> {
        let i = id as usize;
        if i > max_id {
            return None;
        }
        let start = (i + 1).checked_mul(sector)?;
        let mut v = bytes
            .get(start.min(bytes.len())..start.saturating_add(sector).min(bytes.len()))?
            .to_vec();
        v.resize(sector, 0);
        Some(v)
    };
    let mut difat: Vec<u32> = u32s(&bytes[76..HEADER_LEN]).collect();
    let mut next = u32_at(bytes, 68).unwrap_or(END_OF_CHAIN);
    let mut hops = 0usize;
    while next < MAX_REG_SECT {
        hops += 1;
        if hops > max_id + 1 {
            return Ok(()); // calamine refuses this itself
        }
        let Some(data) = get(next) else {
            return Ok(());
        };
        difat.extend(u32s(&data));
        next = difat.pop().unwrap_or(END_OF_CHAIN);
    }
    let mut fat = Vec::new();
    for id in difat.into_iter().filter(|&id| id < 0xFFFF_FFFC) {
        let Some(data) = get(id) else {
            return Ok(());
        };
        fat.extend(u32s(&data));
    }
    // Walks a chain as calamine does; `Err` when it would go on past every
    // sector of the file without reaching its end or `len` bytes.
    let walk = |what: &str, start: u32, len: u64| -> Result<(), CfbError> {
        let mut id = start;
        let mut got = 0u64;
        let mut hops = 0usize;
        while id != END_OF_CHAIN && got < len {
            hops += 1;
            if hops > max_id + 2 {
                return err(format!(
                    "the {what} chain loops (sector {id} again); refused before reading"
                ));
            }
            got = got.saturating_add(sector as u64);
            match fat.get(id as usize) {
                Some(&n) => id = n,
                None => return Ok(()),
            }
        }
        Ok(())
    };
    let dir_start = u32_at(bytes, 48).unwrap_or(END_OF_CHAIN);
    walk("directory", dir_start, u64::MAX)?;
    // The directory as calamine reads it (the chain is known to end).
    let mut dir = Vec::new();
    let mut id = dir_start;
    while id != END_OF_CHAIN {
        let (Some(data), Some(&n)) = (get(id), fat.get(id as usize)) else {
            break;
        };
        dir.extend(data);
        id = n;
    }
    let entries: Vec<Entry> = dir
        .chunks_exact(DIR_ENTRY)
        .map(|raw| Entry::parse(raw, major))
        .collect();
    let Some(root) = entries.first() else {
        return Ok(());
    };
    let mini_fat_sectors = u64::from(u32_at(bytes, 64).unwrap_or(0));
    if mini_fat_sectors > 0 {
        walk("mini stream", root.start, root.size)?;
        let mini_fat_start = u32_at(bytes, 60).unwrap_or(END_OF_CHAIN);
        walk(
            "mini FAT",
            mini_fat_start,
            mini_fat_sectors.saturating_mul(sector as u64),
        )?;
    }
    for name in [
        "Workbook",
        "Book",
        "\u{5}SummaryInformation",
        "\u{5}DocumentSummaryInformation",
    ] {
        if let Some(e) = entries
            .iter()
            .find(|e| e.name.as_bytes().eq_ignore_ascii_case(name.as_bytes()))
            && e.size >= MINI_CUTOFF
        {
            walk(&format!("{name:?} stream"), e.start, e.size)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_what_is_not_a_container() {
        assert!(Cfb::open(b"").is_err());
        assert!(Cfb::open(&[0u8; 600]).is_err());
        let mut b = vec![0u8; 512];
        b[..8].copy_from_slice(&MAGIC);
        b[30] = 9;
        b[32] = 6;
        // No FAT, no directory: an error, not a panic.
        let e = Cfb::open(&b).err().map(|e| e.to_string());
        assert!(e.is_some_and(|e| e.starts_with("OLE container")));
    }
}
