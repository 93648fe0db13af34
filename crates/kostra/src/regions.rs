//! Municipality code history for the municipalities this project compares
//! (the ASSS network) and those merged into them, so that a series for
//! "Trondheim" can span code changes while years with changed borders are
//! flagged (merged municipalities must not be compared silently).
//!
//! # Sources and uncertainty
//!
//! The table below was written from general knowledge of the Norwegian
//! municipal and county reforms; it could **not** be checked against SSB's
//! classification service KLASS (classification 131, "Standard for
//! kommuneinndeling") from where it was written. What it rests on:
//!
//! * 2018: Sør- and Nord-Trøndelag merged into Trøndelag (county 50):
//!   Trondheim 1601 → 5001 with unchanged borders; Klæbu 1662 → 5030.
//! * 2020: the municipal and regional reform. Counties Viken (30), Vestland
//!   (46), Agder (42), Troms og Finnmark (54) gave new numbers; mergers
//!   Asker + Røyken + Hurum, Drammen + Nedre Eiker + Svelvik, Skedsmo + Fet +
//!   Sørum = Lillestrøm, Kristiansand + Søgne + Songdalen, Trondheim +
//!   Klæbu, Stavanger + Finnøy + Rennesøy, Sandnes + Forsand.
//! * 2024: Viken and Troms og Finnmark split again: Akershus (32), Buskerud
//!   (33), Østfold (31), Troms (55) — new numbers, borders unchanged.
//!
//! Marked `unsure` (treated as a border break): whether all of Forsand went
//! to Sandnes (part of it may have gone to Strand) and whether all of
//! Svelvik went to Drammen. Also unverified: the exact codes of the absorbed
//! municipalities listed below, and whether minor border adjustments
//! (single properties, islands) happened in other years; such adjustments
//! are not tracked. Rows with an empty `from` mean "valid since before
//! KOSTRA (2001); earlier history not tracked".
//!
//! KOSTRA figures for year *Y* are published under the codes valid on
//! 1 January of *Y*; [`RegionHistory::code_for`] follows that convention.
//! (SSB has at times also shown the last pre-reform year on the new
//! structure; such re-computed figures are not modelled here.)

use std::collections::BTreeSet;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::error::{KostraError, Result};
use crate::observation::KostraObservation;

/// The built-in code history as CSV:
/// `series,code,name,from,to,border_change,merged_into,note`.
///
/// * `series`: a stable ASCII id of the municipality as a continuing unit;
/// * `from`/`to`: first and last year the row applies to (inclusive; empty =
///   open);
/// * `border_change`: whether the territory of this row differs from the
///   series' previous row (`yes`, `no` or `unsure`);
/// * `merged_into`: for the last row of a municipality that ceased to exist,
///   the code it was merged into.
pub const REGION_HISTORY_CSV: &str = "\
series,code,name,from,to,border_change,merged_into,note
oslo,0301,Oslo,,,no,,Oslo is municipality and county; code unchanged
bergen,1201,Bergen,,2019,no,,Hordaland county 12
bergen,4601,Bergen,2020,,no,,Vestland county 46 from 2020: new number; no merger
trondheim,1601,Trondheim,,2017,no,,Sør-Trøndelag county 16
trondheim,5001,Trondheim,2018,2019,no,,Trøndelag county 50 from 2018: new number; same borders
trondheim,5001,Trondheim,2020,,yes,,Klæbu (5030) merged into Trondheim on 1 January 2020; code kept
klabu,1662,Klæbu,,2017,no,,Sør-Trøndelag county 16
klabu,5030,Klæbu,2018,2019,no,5001,merged into Trondheim 2020
stavanger,1103,Stavanger,,2019,no,,Rogaland county 11
stavanger,1103,Stavanger,2020,,yes,,Finnøy (1141) and Rennesøy (1142) merged in 2020; code kept
finnoy,1141,Finnøy,,2019,no,1103,merged into Stavanger 2020
rennesoy,1142,Rennesøy,,2019,no,1103,merged into Stavanger 2020
sandnes,1102,Sandnes,,2019,no,,Rogaland county 11
sandnes,1102,Sandnes,2020,,unsure,,Forsand (1129) merged in 2020 (unsure: part of Forsand may have gone to Strand); code kept
forsand,1129,Forsand,,2019,unsure,1102,merged into Sandnes 2020 (unsure whether wholly)
baerum,0219,Bærum,,2019,no,,Akershus county 02
baerum,3024,Bærum,2020,2023,no,,Viken county 30 (2020-2023): new number; same borders
baerum,3201,Bærum,2024,,no,,Akershus county 32 from 2024: new number; same borders
asker,0220,Asker,,2019,no,,Akershus county 02; the old Asker (without Røyken and Hurum)
asker,3025,Asker,2020,2023,yes,,Asker + Røyken (0627) + Hurum (0628) merged 2020; Viken county 30
asker,3203,Asker,2024,,no,,Akershus county 32 from 2024: new number; same borders
royken,0627,Røyken,,2019,no,3025,merged into Asker 2020
hurum,0628,Hurum,,2019,no,3025,merged into Asker 2020
drammen,0602,Drammen,,2019,no,,Buskerud county 06
drammen,3005,Drammen,2020,2023,yes,,Drammen + Nedre Eiker (0625) + Svelvik (0711) merged 2020 (unsure whether all of Svelvik); Viken county 30
drammen,3301,Drammen,2024,,no,,Buskerud county 33 from 2024: new number; same borders
nedre-eiker,0625,Nedre Eiker,,2019,no,3005,merged into Drammen 2020
svelvik,0711,Svelvik,,2019,no,3005,merged into Drammen 2020 (unsure whether wholly)
fredrikstad,0106,Fredrikstad,,2019,no,,Østfold county 01
fredrikstad,3004,Fredrikstad,2020,2023,no,,Viken county 30 (2020-2023): new number; same borders
fredrikstad,3107,Fredrikstad,2024,,no,,Østfold county 31 from 2024: new number; same borders
kristiansand,1001,Kristiansand,,2019,no,,Vest-Agder county 10
kristiansand,4204,Kristiansand,2020,,yes,,Kristiansand + Søgne (1018) + Songdalen (1017) merged 2020; Agder county 42 (number kept in 2024)
sogne,1018,Søgne,,2019,no,4204,merged into Kristiansand 2020
songdalen,1017,Songdalen,,2019,no,4204,merged into Kristiansand 2020
lillestrom,3030,Lillestrøm,2020,2023,yes,,new municipality 2020 from Skedsmo (0231) + Fet (0227) + Sørum (0226); Viken county 30
lillestrom,3205,Lillestrøm,2024,,no,,Akershus county 32 from 2024: new number; same borders
skedsmo,0231,Skedsmo,,2019,no,3030,merged into Lillestrøm 2020
fet,0227,Fet,,2019,no,3030,merged into Lillestrøm 2020
sorum,0226,Sørum,,2019,no,3030,merged into Lillestrøm 2020
tromso,1902,Tromsø,,2019,no,,Troms county 19
tromso,5401,Tromsø,2020,2023,no,,Troms og Finnmark county 54 (2020-2023): new number; same borders
tromso,5501,Tromsø,2024,,no,,Troms county 55 from 2024: new number; same borders
";

/// Whether a row's territory differs from the previous row of its series.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BorderChange {
    /// Same territory.
    No,
    /// Territory changed (merger, split).
    Yes,
    /// Possibly changed; treated as a change.
    Unsure,
}

impl BorderChange {
    /// Whether figures across this row's start must not be compared
    /// silently (`Yes` or `Unsure`).
    pub fn is_break(self) -> bool {
        self != Self::No
    }
}

/// One period of one municipality code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionEntry {
    /// Series id (the municipality as a continuing unit).
    pub series: String,
    /// Municipality number in this period.
    pub code: String,
    /// Name.
    pub name: String,
    /// First year (inclusive); `None` = before KOSTRA, not tracked.
    pub from: Option<i32>,
    /// Last year (inclusive); `None` = still valid.
    pub to: Option<i32>,
    /// Border change at the start of this period.
    pub border_change: BorderChange,
    /// Code this municipality was merged into after `to`, if it ceased.
    pub merged_into: Option<String>,
    /// Source note.
    pub note: String,
}

impl RegionEntry {
    /// Whether the entry applies in `year`.
    pub fn covers(&self, year: i32) -> bool {
        self.from.is_none_or(|f| f <= year) && self.to.is_none_or(|t| year <= t)
    }
}

/// One observation placed in a municipality's series.
#[derive(Debug, Clone, PartialEq)]
pub struct SeriesPoint<'a> {
    /// Year.
    pub year: i32,
    /// The code the municipality had that year.
    pub code: String,
    /// The observation.
    pub observation: &'a KostraObservation,
    /// Territory version: 0 for the earliest tracked borders, +1 at every
    /// border change (or possible change). Only compare points with equal
    /// territory without adjustment.
    pub territory: u32,
    /// Whether this year is the first with changed borders.
    pub border_changed: bool,
}

/// The code history, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionHistory {
    entries: Vec<RegionEntry>,
}

/// Lower-case, Norwegian letters folded to ASCII, SSB's bilingual suffix
/// (`Trondheim - Tråante`) and validity suffix (`Trondheim (-2017)`) cut.
pub fn normalize_name(name: &str) -> String {
    let mut s = name.trim();
    if let Some((head, _)) = s.split_once(" - ") {
        s = head;
    }
    if let Some(open) = s.find(" (") {
        s = &s[..open];
    }
    let mut out = String::with_capacity(s.len());
    for c in s.trim().chars().flat_map(char::to_lowercase) {
        match c {
            'æ' => out.push_str("ae"),
            'ø' | 'ö' => out.push('o'),
            'å' | 'ä' => out.push('a'),
            c => out.push(c),
        }
    }
    out
}

/// Whether a region code is an SSB aggregate (`EAK`, `EAKUO`, `EKG13`, ...)
/// rather than a municipality number.
pub fn is_aggregate_code(code: &str) -> bool {
    code.starts_with('E') && code.chars().all(|c| c.is_ascii_alphanumeric())
}

fn parse_year(field: &str, line: usize) -> Result<Option<i32>> {
    if field.is_empty() {
        return Ok(None);
    }
    field.parse().map(Some).map_err(|_| KostraError::BadTable {
        line,
        reason: format!("bad year {field:?}"),
    })
}

impl RegionHistory {
    /// Parses a table in the [`REGION_HISTORY_CSV`] format (header line
    /// first; fields must not contain commas except in the last one, the
    /// note). Lines with an empty code are skipped.
    pub fn from_csv(text: &str) -> Result<Self> {
        let mut entries = Vec::new();
        for (i, line) in text.lines().enumerate().skip(1) {
            let line_no = i + 1;
            if line.trim().is_empty() {
                continue;
            }
            let f: Vec<&str> = line.splitn(8, ',').map(str::trim).collect();
            if f.len() < 8 {
                return Err(KostraError::BadTable {
                    line: line_no,
                    reason: format!("expected 8 fields, got {}", f.len()),
                });
            }
            if f[1].is_empty() {
                continue;
            }
            let border_change = match f[5] {
                "yes" => BorderChange::Yes,
                "no" => BorderChange::No,
                "unsure" => BorderChange::Unsure,
                other => {
                    return Err(KostraError::BadTable {
                        line: line_no,
                        reason: format!("border_change must be yes/no/unsure, got {other:?}"),
                    });
                }
            };
            entries.push(RegionEntry {
                series: f[0].to_owned(),
                code: f[1].to_owned(),
                name: f[2].to_owned(),
                from: parse_year(f[3], line_no)?,
                to: parse_year(f[4], line_no)?,
                border_change,
                merged_into: (!f[6].is_empty()).then(|| f[6].to_owned()),
                note: f[7].to_owned(),
            });
        }
        Ok(Self { entries })
    }

    /// The built-in table ([`REGION_HISTORY_CSV`]), parsed once.
    pub fn builtin() -> Result<&'static RegionHistory> {
        static BUILTIN: OnceLock<std::result::Result<RegionHistory, (usize, String)>> =
            OnceLock::new();
        BUILTIN
            .get_or_init(|| {
                RegionHistory::from_csv(REGION_HISTORY_CSV).map_err(|e| match e {
                    KostraError::BadTable { line, reason } => (line, reason),
                    other => (0, other.to_string()),
                })
            })
            .as_ref()
            .map_err(|(line, reason)| KostraError::BadTable {
                line: *line,
                reason: reason.clone(),
            })
    }

    /// All entries, in table order.
    pub fn entries(&self) -> &[RegionEntry] {
        &self.entries
    }

    /// The series id of a municipality given by code, series id or name
    /// (case-insensitive, `æøå` folded, SSB label suffixes ignored). A name
    /// matches the series whose latest row has that name.
    pub fn series_of(&self, name_or_code: &str) -> Result<&str> {
        let key = name_or_code.trim();
        if let Some(e) = self.entries.iter().find(|e| e.code == key) {
            return Ok(&e.series);
        }
        let norm = normalize_name(key);
        if let Some(e) = self.entries.iter().find(|e| e.series == norm) {
            return Ok(&e.series);
        }
        self.entries
            .iter()
            .rev()
            .find(|e| normalize_name(&e.name) == norm)
            .map(|e| e.series.as_str())
            .ok_or_else(|| KostraError::UnknownRegion(key.to_owned()))
    }

    /// The rows of the municipality's series, oldest first: code, period,
    /// border change and note.
    pub fn lineage(&self, name_or_code: &str) -> Result<Vec<RegionEntry>> {
        let series = self.series_of(name_or_code)?;
        let mut rows: Vec<RegionEntry> = self
            .entries
            .iter()
            .filter(|e| e.series == series)
            .cloned()
            .collect();
        rows.sort_by_key(|e| e.from.unwrap_or(i32::MIN));
        Ok(rows)
    }

    /// The code the municipality had in `year` (the code KOSTRA publishes
    /// that year's figures under). SSB aggregate codes (`EAKUO`, `EKG13`)
    /// are returned unchanged.
    pub fn code_for(&self, name_or_code: &str, year: i32) -> Result<String> {
        let key = name_or_code.trim();
        if is_aggregate_code(key) {
            return Ok(key.to_owned());
        }
        self.lineage(key)?
            .into_iter()
            .find(|e| e.covers(year))
            .map(|e| e.code)
            .ok_or_else(|| KostraError::UnknownRegion(format!("{key} in {year}")))
    }

    /// Every code the municipality has had, oldest first — what to select
    /// to fetch its whole series.
    pub fn codes(&self, name_or_code: &str) -> Result<Vec<String>> {
        let mut out: Vec<String> = Vec::new();
        for e in self.lineage(name_or_code)? {
            if !out.contains(&e.code) {
                out.push(e.code);
            }
        }
        Ok(out)
    }

    /// Years in which the municipality's borders changed (or may have).
    pub fn border_change_years(&self, name_or_code: &str) -> Result<Vec<i32>> {
        Ok(self
            .lineage(name_or_code)?
            .iter()
            .filter(|e| e.border_change.is_break())
            .filter_map(|e| e.from)
            .collect())
    }

    /// Whether figures of two years cover the same territory (no border
    /// change, sure or possible, in between).
    pub fn same_borders(&self, name_or_code: &str, year_a: i32, year_b: i32) -> Result<bool> {
        let (lo, hi) = (year_a.min(year_b), year_a.max(year_b));
        Ok(!self
            .border_change_years(name_or_code)?
            .iter()
            .any(|&y| lo < y && y <= hi))
    }

    /// Municipalities that were merged into this one (by `merged_into`).
    pub fn absorbed(&self, name_or_code: &str) -> Result<Vec<RegionEntry>> {
        let codes: BTreeSet<String> = self.codes(name_or_code)?.into_iter().collect();
        Ok(self
            .entries
            .iter()
            .filter(|e| e.merged_into.as_ref().is_some_and(|m| codes.contains(m)))
            .cloned()
            .collect())
    }

    /// Picks the municipality's observations out of `observations`: for
    /// each year, those under the code valid that year (observations under
    /// another year's code are skipped). Sorted by year, stable otherwise.
    pub fn series<'a>(
        &self,
        observations: &'a [KostraObservation],
        name_or_code: &str,
    ) -> Result<Vec<SeriesPoint<'a>>> {
        let lineage = self.lineage(name_or_code)?;
        let breaks: Vec<i32> = lineage
            .iter()
            .filter(|e| e.border_change.is_break())
            .filter_map(|e| e.from)
            .collect();
        let mut out = Vec::new();
        for obs in observations {
            let Some(year) = obs.year else { continue };
            let Some(entry) = lineage.iter().find(|e| e.covers(year)) else {
                continue;
            };
            if entry.code != obs.region_code {
                continue;
            }
            let territory = breaks.iter().filter(|&&b| b <= year).count();
            out.push(SeriesPoint {
                year,
                code: entry.code.clone(),
                observation: obs,
                territory: u32::try_from(territory).unwrap_or(u32::MAX),
                border_changed: breaks.contains(&year),
            });
        }
        out.sort_by_key(|p| p.year);
        Ok(out)
    }
}

/// [`RegionHistory::code_for`] on the built-in table.
pub fn code_for(name_or_code: &str, year: i32) -> Result<String> {
    RegionHistory::builtin()?.code_for(name_or_code, year)
}

/// [`RegionHistory::lineage`] on the built-in table.
pub fn lineage(name_or_code: &str) -> Result<Vec<RegionEntry>> {
    RegionHistory::builtin()?.lineage(name_or_code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_parses_and_codes_are_unique_per_period() -> Result<()> {
        let h = RegionHistory::builtin()?;
        assert!(h.entries().len() > 30);
        for a in h.entries() {
            for b in h.entries() {
                if a.code == b.code {
                    assert_eq!(a.series, b.series, "code {} in two series", a.code);
                }
            }
        }
        Ok(())
    }

    #[test]
    fn trondheim() -> Result<()> {
        assert_eq!(code_for("Trondheim", 2017)?, "1601");
        assert_eq!(code_for("trondheim", 2018)?, "5001");
        assert_eq!(code_for("1601", 2024)?, "5001");
        assert_eq!(code_for("Trondheim - Tråante", 2010)?, "1601");
        assert_eq!(code_for("Klæbu", 2019)?, "5030");
        assert!(code_for("Klæbu", 2020).is_err());
        let h = RegionHistory::builtin()?;
        assert_eq!(h.codes("5001")?, vec!["1601", "5001"]);
        assert_eq!(h.border_change_years("Trondheim")?, vec![2020]);
        assert!(h.same_borders("Trondheim", 2017, 2019)?);
        assert!(!h.same_borders("Trondheim", 2019, 2020)?);
        let absorbed: Vec<String> = h
            .absorbed("Trondheim")?
            .into_iter()
            .map(|e| e.code)
            .collect();
        assert_eq!(absorbed, vec!["5030"]);
        assert_eq!(lineage("5001")?.len(), 3);
        Ok(())
    }

    #[test]
    fn reform_codes() -> Result<()> {
        assert_eq!(code_for("Bergen", 2019)?, "1201");
        assert_eq!(code_for("Bergen", 2020)?, "4601");
        assert_eq!(code_for("Baerum", 2023)?, "3024");
        assert_eq!(code_for("Bærum", 2024)?, "3201");
        assert_eq!(code_for("Asker", 2024)?, "3203");
        assert_eq!(code_for("Drammen", 2024)?, "3301");
        assert_eq!(code_for("Fredrikstad", 2024)?, "3107");
        assert_eq!(code_for("Lillestrøm", 2021)?, "3030");
        assert_eq!(code_for("Lillestrøm", 2024)?, "3205");
        assert!(code_for("Lillestrøm", 2019).is_err());
        assert_eq!(code_for("Tromsø", 2022)?, "5401");
        assert_eq!(code_for("Tromsø", 2024)?, "5501");
        assert_eq!(code_for("Kristiansand", 2024)?, "4204");
        assert_eq!(code_for("EAKUO", 2024)?, "EAKUO");
        assert!(code_for("Gotham", 2024).is_err());
        Ok(())
    }
}
