//! The one region history: `schemas/municipalities.csv` (municipality
//! numbers with their validity and successor), the same file the warehouse's
//! `dim_municipality` is built from. KOSTRA figures for year *Y* are
//! published under the numbers valid on 1 January of *Y*, so the number of a
//! municipality in a year is the row of that name whose validity covers the
//! year (Trondheim 1601 until 2017, 5001 from 2018; Bergen 1201 → 4601 in
//! 2020; the ASSS members' 2020 and 2024 renumberings).

use std::sync::OnceLock;

use crate::error::{KostraError, Result};

/// The region history, embedded at build time.
pub const MUNICIPALITIES_CSV: &str = include_str!("../../../schemas/municipalities.csv");

/// One municipality number and its validity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Municipality {
    /// Four-digit number (`"5001"`).
    pub code: String,
    /// Name (`"Trondheim"`).
    pub name: String,
    /// First year the number was valid.
    pub from_year: i32,
    /// Last year the number was valid; `None` while current.
    pub to_year: Option<i32>,
    /// The number that replaced it.
    pub replaced_by: Option<String>,
}

impl Municipality {
    /// Whether the number was valid in `year`.
    pub fn covers(&self, year: i32) -> bool {
        self.from_year <= year && self.to_year.is_none_or(|t| year <= t)
    }
}

/// The region history, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionHistory {
    rows: Vec<Municipality>,
}

/// Whether a region code is an SSB aggregate (`EAK`, `EAKUO`, `EKG13`, ...)
/// rather than a municipality number.
pub fn is_aggregate_code(code: &str) -> bool {
    code.starts_with('E') && code.chars().all(|c| c.is_ascii_alphanumeric())
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

impl RegionHistory {
    /// Parses a table in the `municipalities.csv` format
    /// (`code,name,valid_from,valid_to,replaced_by`, ISO dates, header first).
    pub fn from_csv(text: &str) -> Result<Self> {
        let mut rows = Vec::new();
        for (i, line) in text.lines().enumerate().skip(1) {
            if line.trim().is_empty() {
                continue;
            }
            let bad = |reason: String| KostraError::BadTable {
                line: i + 1,
                reason,
            };
            let f: Vec<&str> = line.split(',').map(str::trim).collect();
            let [code, name, from, to, replaced_by] = f.as_slice() else {
                return Err(bad(format!("expected 5 fields, got {}", f.len())));
            };
            let year = |d: &str| -> Result<i32> {
                d.get(..4)
                    .and_then(|y| y.parse().ok())
                    .ok_or_else(|| bad(format!("bad date {d:?}")))
            };
            rows.push(Municipality {
                code: (*code).to_owned(),
                name: (*name).to_owned(),
                from_year: year(from)?,
                to_year: if to.is_empty() { None } else { Some(year(to)?) },
                replaced_by: (!replaced_by.is_empty()).then(|| (*replaced_by).to_owned()),
            });
        }
        Ok(Self { rows })
    }

    /// The embedded history ([`MUNICIPALITIES_CSV`]), parsed once.
    pub fn builtin() -> Result<&'static RegionHistory> {
        static BUILTIN: OnceLock<std::result::Result<RegionHistory, (usize, String)>> =
            OnceLock::new();
        BUILTIN
            .get_or_init(|| {
                RegionHistory::from_csv(MUNICIPALITIES_CSV).map_err(|e| match e {
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

    /// Every row, in file order.
    pub fn rows(&self) -> &[Municipality] {
        &self.rows
    }

    /// The normalised name of a municipality given by number or name.
    fn name_of(&self, name_or_code: &str) -> Result<String> {
        let key = name_or_code.trim();
        let norm = normalize_name(key);
        self.rows
            .iter()
            .find(|m| m.code == key || normalize_name(&m.name) == norm)
            .map(|m| normalize_name(&m.name))
            .ok_or_else(|| KostraError::UnknownRegion(key.to_owned()))
    }

    /// The number a municipality (given by any of its numbers or by name,
    /// case and `æøå` folded) had in `year`. SSB aggregate codes (`EAKUO`,
    /// `EKG13`) are returned unchanged.
    pub fn code_for(&self, name_or_code: &str, year: i32) -> Result<String> {
        let key = name_or_code.trim();
        if is_aggregate_code(key) {
            return Ok(key.to_owned());
        }
        let name = self.name_of(key)?;
        self.rows
            .iter()
            .find(|m| normalize_name(&m.name) == name && m.covers(year))
            .map(|m| m.code.clone())
            .ok_or_else(|| KostraError::UnknownRegion(format!("{key} in {year}")))
    }

    /// Every number the municipality has had, oldest first.
    pub fn codes(&self, name_or_code: &str) -> Result<Vec<String>> {
        let name = self.name_of(name_or_code)?;
        let mut rows: Vec<&Municipality> = self
            .rows
            .iter()
            .filter(|m| normalize_name(&m.name) == name)
            .collect();
        rows.sort_by_key(|m| m.from_year);
        Ok(rows.into_iter().map(|m| m.code.clone()).collect())
    }

    /// The name of a number (`None` for an unknown number or an aggregate).
    pub fn name(&self, code: &str) -> Option<&str> {
        self.rows
            .iter()
            .find(|m| m.code == code)
            .map(|m| m.name.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_by_year() -> Result<()> {
        let h = RegionHistory::builtin()?;
        assert_eq!(h.code_for("Trondheim", 2017)?, "1601");
        assert_eq!(h.code_for("trondheim", 2018)?, "5001");
        assert_eq!(h.code_for("1601", 2024)?, "5001");
        assert_eq!(h.code_for("Trondheim - Tråante", 2010)?, "1601");
        assert_eq!(h.code_for("Bergen", 2019)?, "1201");
        assert_eq!(h.code_for("Bergen", 2020)?, "4601");
        assert_eq!(h.code_for("Baerum", 2019)?, "0219");
        assert_eq!(h.code_for("Bærum", 2023)?, "3024");
        assert_eq!(h.code_for("Bærum", 2024)?, "3201");
        assert_eq!(h.code_for("Lillestrøm", 2021)?, "3030");
        assert!(h.code_for("Lillestrøm", 2019).is_err());
        assert_eq!(h.code_for("Tromsø", 2019)?, "1902");
        assert_eq!(h.code_for("Tromsø", 2024)?, "5501");
        assert_eq!(h.code_for("EAKUO", 2024)?, "EAKUO");
        assert!(h.code_for("Gotham", 2024).is_err());
        assert_eq!(h.codes("5001")?, vec!["1601", "5001"]);
        assert_eq!(h.codes("Drammen")?, vec!["0602", "3005", "3301"]);
        assert_eq!(h.name("4601"), Some("Bergen"));
        // every number is unique, and a successor exists
        for m in h.rows() {
            assert_eq!(h.rows().iter().filter(|o| o.code == m.code).count(), 1);
            if let Some(r) = &m.replaced_by {
                assert!(h.name(r).is_some(), "{} → {r}", m.code);
            }
        }
        Ok(())
    }

    #[test]
    fn malformed_rows_name_their_line() {
        let err = RegionHistory::from_csv("h\n0301,Oslo,1838-01-01,\n").expect_err("4 fields");
        assert!(err.to_string().contains("line 2"), "{err}");
    }
}
