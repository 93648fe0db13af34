//! The ASSS average and other peer comparisons.
//!
//! ASSS ("Aggregerte styringsdata for samarbeidende storkommuner") is KS'
//! benchmarking network of Norway's largest municipalities. SSB publishes
//! no region code for it, so the average is computed here.
//!
//! # Definition used
//!
//! The *ASSS average* of an indicator in a year is the **simple, unweighted
//! arithmetic mean** of the values of the network's member municipalities
//! (each member counts once, regardless of population), over the members
//! that have a value. With `exclude`, one member (typically the
//! municipality being compared) is left out, giving "the other ASSS
//! municipalities". Members without a value are left out of the mean and
//! reported by [`asss_average_detail`] / [`asss_average_rows`]
//! ([`AsssAverage::missing`]), so a mean over fewer members is never
//! mistaken for the full one.
//!
//! This is *a* definition, not necessarily the report's: KS' ASSS reports
//! and the municipalities' own tables may use population-weighted means for
//! some indicators, may or may not include the reporting municipality, and
//! use the preliminary March figures. The comparison test in
//! `tests/reconstructed.rs` shows how close the simple mean over the four
//! municipalities the Trondheim report prints (Trondheim, Oslo, Bergen,
//! Stavanger) comes to its printed "ASSS gjennomsnitt" — a *partial* mean
//! over 4 of 12 members, so differences are expected.
//!
//! # Membership (uncertain)
//!
//! Written from general knowledge, not verified against KS:
//! the ten long-standing members are Bergen, Bærum, Drammen, Fredrikstad,
//! Kristiansand, Oslo, Sandnes, Stavanger, Tromsø and Trondheim (their
//! membership before 2015 is not checked; the network dates from the
//! 1990s). Asker and Lillestrøm joined after the 2020 reform; the year
//! 2022 is taken from the project brief ("12 since 2022") and may really be
//! 2020 or 2021. The table is data ([`ASSS_MEMBERS_CSV`]) and can be replaced
//! with [`AsssMembership::from_csv`].
//!
//! What the Trondheim annual report 2024 itself says (checked in its text):
//! it expands ASSS as "Aggregerte Styringsdata for Samarbeidende
//! Storkommuner" and prints Trondheim, Oslo, Bergen, Stavanger and "ASSS
//! gjennomsnitt" columns, but never lists the members. In ASSS comparisons
//! it names Sandnes and Fredrikstad (culture), Lillestrøm, Drammen, Asker and
//! Bærum (school) besides the four — 10 of the 12 built-in members
//! (Kristiansand and Tromsø are not named in that role) — and once calls the
//! ASSS municipalities "de 10 største kommunene". Naming Asker and
//! Lillestrøm in an ASSS comparison implies they are members in 2024 (12,
//! not the historical 10, despite that phrase); the report gives no join
//! year and no full list. The built-in table is left unchanged.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::error::{KostraError, Result};
use crate::mapping::SsbIndicator;
use crate::observation::KostraObservation;
use crate::regions::{RegionHistory, is_aggregate_code};
use crate::warehouse::SsbRow;

/// ASSS membership as CSV: `series,from,to,note` (series ids of
/// [`crate::regions::REGION_HISTORY_CSV`]; years inclusive, empty = open).
pub const ASSS_MEMBERS_CSV: &str = "\
series,from,to,note
asker,2022,,joined after the 2020 merger; start year from the project brief (unverified; maybe 2020 or 2021)
baerum,,,long-standing member
bergen,,,long-standing member
drammen,,,long-standing member
fredrikstad,,,long-standing member
kristiansand,,,long-standing member
lillestrom,2022,,new municipality 2020; start year from the project brief (unverified; maybe 2020 or 2021)
oslo,,,long-standing member
sandnes,,,long-standing member
stavanger,,,long-standing member
tromso,,,long-standing member
trondheim,,,long-standing member
";

/// One membership period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AsssMember {
    /// Series id in the region history.
    pub series: String,
    /// First year (inclusive), `None` = not tracked.
    pub from: Option<i32>,
    /// Last year (inclusive), `None` = still a member.
    pub to: Option<i32>,
    /// Source note.
    pub note: String,
}

/// The membership table, with the region history to turn members into the
/// codes of a given year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AsssMembership {
    members: Vec<AsssMember>,
}

impl AsssMembership {
    /// Parses a table in the [`ASSS_MEMBERS_CSV`] format.
    pub fn from_csv(text: &str) -> Result<Self> {
        let mut members = Vec::new();
        for (i, line) in text.lines().enumerate().skip(1) {
            if line.trim().is_empty() {
                continue;
            }
            let f: Vec<&str> = line.splitn(4, ',').map(str::trim).collect();
            if f.len() < 4 || f[0].is_empty() {
                return Err(KostraError::BadTable {
                    line: i + 1,
                    reason: "expected series,from,to,note".into(),
                });
            }
            let year = |s: &str| -> Result<Option<i32>> {
                if s.is_empty() {
                    return Ok(None);
                }
                s.parse().map(Some).map_err(|_| KostraError::BadTable {
                    line: i + 1,
                    reason: format!("bad year {s:?}"),
                })
            };
            members.push(AsssMember {
                series: f[0].to_owned(),
                from: year(f[1])?,
                to: year(f[2])?,
                note: f[3].to_owned(),
            });
        }
        Ok(Self { members })
    }

    /// The built-in table ([`ASSS_MEMBERS_CSV`]), parsed once.
    pub fn builtin() -> Result<&'static AsssMembership> {
        static BUILTIN: OnceLock<std::result::Result<AsssMembership, String>> = OnceLock::new();
        BUILTIN
            .get_or_init(|| AsssMembership::from_csv(ASSS_MEMBERS_CSV).map_err(|e| e.to_string()))
            .as_ref()
            .map_err(|reason| KostraError::BadTable {
                line: 0,
                reason: reason.clone(),
            })
    }

    /// All membership periods.
    pub fn members(&self) -> &[AsssMember] {
        &self.members
    }

    /// Member codes valid in `year`, in table order. Members that had no
    /// code that year (e.g. Lillestrøm before 2020) are skipped.
    pub fn codes(&self, history: &RegionHistory, year: i32) -> Vec<String> {
        self.members
            .iter()
            .filter(|m| m.from.is_none_or(|f| f <= year) && m.to.is_none_or(|t| year <= t))
            .filter_map(|m| history.code_for(&m.series, year).ok())
            .collect()
    }
}

/// The built-in ASSS members' municipality codes in `year` (12 from 2022:
/// e.g. for 2024 `3203, 3201, 4601, 3301, 3107, 4204, 3205, 0301, 1102,
/// 1103, 5501, 5001`).
pub fn asss_members(year: i32) -> Result<Vec<String>> {
    Ok(AsssMembership::builtin()?.codes(RegionHistory::builtin()?, year))
}

/// Which observations count as "the same indicator": the contents code,
/// optionally the table, and codes of further dimensions
/// (e.g. `KOKfunksjon0000 = FGK7`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Indicator {
    /// Table id to require, if any.
    #[serde(default)]
    pub table_id: Option<String>,
    /// `ContentsCode` code.
    pub contents_code: String,
    /// `(dimension, code)` pairs an observation must have.
    #[serde(default)]
    pub extra: Vec<(String, String)>,
}

impl Indicator {
    /// An indicator identified by its contents code alone.
    pub fn new(contents_code: impl Into<String>) -> Self {
        Self {
            table_id: None,
            contents_code: contents_code.into(),
            extra: Vec::new(),
        }
    }

    /// Also requires a code in a further dimension.
    #[must_use]
    pub fn with(mut self, dimension: impl Into<String>, code: impl Into<String>) -> Self {
        self.extra.push((dimension.into(), code.into()));
        self
    }

    /// Also requires a table.
    #[must_use]
    pub fn in_table(mut self, table_id: impl Into<String>) -> Self {
        self.table_id = Some(table_id.into());
        self
    }

    /// The indicator of a mapping entry (table, contents code and further
    /// dimension codes); `None` when the entry has no table.
    pub fn for_entry(entry: &SsbIndicator) -> Option<Self> {
        let (table, contents) = entry.target()?;
        Some(Self {
            table_id: Some(table.to_owned()),
            contents_code: contents.to_owned(),
            extra: entry
                .dims
                .iter()
                .map(|(d, c)| (d.clone(), c.clone()))
                .collect(),
        })
    }

    /// Whether a warehouse row is of this indicator (its `dims` string must
    /// contain every required `DIM=code`).
    pub fn matches_row(&self, row: &SsbRow) -> bool {
        let dims: Vec<(&str, &str)> = row
            .dims
            .as_deref()
            .unwrap_or("")
            .split(';')
            .filter_map(|p| p.split_once('='))
            .collect();
        row.contents_code == self.contents_code
            && self.table_id.as_ref().is_none_or(|t| *t == row.table_id)
            && self
                .extra
                .iter()
                .all(|(d, c)| dims.contains(&(d.as_str(), c.as_str())))
    }

    /// Whether an observation is of this indicator.
    pub fn matches(&self, obs: &KostraObservation) -> bool {
        obs.contents_code == self.contents_code
            && self.table_id.as_ref().is_none_or(|t| *t == obs.table_id)
            && self
                .extra
                .iter()
                .all(|(d, c)| obs.extra_code(d) == Some(c.as_str()))
    }
}

impl From<&str> for Indicator {
    fn from(contents_code: &str) -> Self {
        Self::new(contents_code)
    }
}

/// An ASSS average with the members behind it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AsssAverage {
    /// The mean, `None` when no member has a value.
    pub value: Option<f64>,
    /// Codes of the members whose values were averaged.
    pub used: Vec<String>,
    /// Codes of the members without a value (absent, null or status only).
    pub missing: Vec<String>,
    /// The code left out via `exclude`, if it was a member.
    pub excluded: Option<String>,
}

/// The ASSS average with details, for the given membership codes.
///
/// `exclude` is a code or a name (resolved to that year's code). When a
/// member has several matching observations (overlapping fetches), the
/// first with a value is used.
pub fn asss_average_of(
    members: &[String],
    observations: &[KostraObservation],
    indicator: &Indicator,
    year: i32,
    exclude: Option<&str>,
) -> AsssAverage {
    average_over(members, year, exclude, |code| {
        observations
            .iter()
            .filter(|o| o.year == Some(year) && o.region_code == code && indicator.matches(o))
            .find_map(|o| o.value)
    })
}

/// The ASSS average over warehouse rows ([`SsbRow`], e.g. from
/// [`crate::load_offline`]) with the built-in membership of `year`; same
/// definition as [`asss_average_detail`].
pub fn asss_average_rows(
    rows: &[SsbRow],
    indicator: &Indicator,
    year: i32,
    exclude: Option<&str>,
) -> Result<AsssAverage> {
    let members = asss_members(year)?;
    Ok(asss_average_rows_of(
        &members, rows, indicator, year, exclude,
    ))
}

/// [`asss_average_rows`] for the given membership codes.
pub fn asss_average_rows_of(
    members: &[String],
    rows: &[SsbRow],
    indicator: &Indicator,
    year: i32,
    exclude: Option<&str>,
) -> AsssAverage {
    average_over(members, year, exclude, |code| {
        rows.iter()
            .filter(|r| r.year == year && r.region_code == code && indicator.matches_row(r))
            .find_map(|r| r.value)
    })
}

/// The unweighted mean over `members` (minus `exclude`) of the values
/// `value_of(code)` gives.
fn average_over(
    members: &[String],
    year: i32,
    exclude: Option<&str>,
    value_of: impl Fn(&str) -> Option<f64>,
) -> AsssAverage {
    let excluded_code = exclude.map(|x| {
        RegionHistory::builtin()
            .ok()
            .and_then(|h| h.code_for(x, year).ok())
            .unwrap_or_else(|| x.trim().to_owned())
    });
    let mut used = Vec::new();
    let mut missing = Vec::new();
    let mut sum = 0.0;
    let mut excluded = None;
    for code in members {
        if excluded_code.as_deref() == Some(code.as_str()) {
            excluded = Some(code.clone());
            continue;
        }
        match value_of(code) {
            Some(v) => {
                sum += v;
                used.push(code.clone());
            }
            None => missing.push(code.clone()),
        }
    }
    let value = (!used.is_empty()).then(|| sum / used.len() as f64);
    AsssAverage {
        value,
        used,
        missing,
        excluded,
    }
}

/// [`asss_average_of`] with the built-in membership of `year`.
pub fn asss_average_detail(
    observations: &[KostraObservation],
    indicator: &Indicator,
    year: i32,
    exclude: Option<&str>,
) -> Result<AsssAverage> {
    let members = asss_members(year)?;
    Ok(asss_average_of(
        &members,
        observations,
        indicator,
        year,
        exclude,
    ))
}

/// The ASSS average (unweighted mean over the members with a value, see
/// the module docs) of an indicator in a year, optionally without one
/// member. `None` when no member has a value or the built-in tables fail.
pub fn asss_average(
    observations: &[KostraObservation],
    indicator: &Indicator,
    year: i32,
    exclude: Option<&str>,
) -> Option<f64> {
    asss_average_detail(observations, indicator, year, exclude)
        .ok()?
        .value
}

/// SSB region codes for peer groups, to put into a region selection
/// (`KOKkommuneregion0000`).
///
/// Only `EAK` and `EAKUO` are certain; the `EKG` and `EKA` patterns follow
/// the codes seen in KOSTRA tables, and the KOSTRA groups were revised over
/// time (group numbers of a municipality differ between vintages), so look
/// a group's membership up in the table's metadata rather than here.
pub mod peers {
    /// The whole country ("Landet").
    pub const LANDET: &str = "EAK";
    /// The whole country without Oslo ("Landet uten Oslo").
    pub const LANDET_UTEN_OSLO: &str = "EAKUO";

    /// The KOSTRA group code `EKGnn` (e.g. `kostra_group(13)` = `"EKG13"`).
    pub fn kostra_group(number: u8) -> String {
        format!("EKG{number:02}")
    }

    /// The sum/average of a county's municipalities, `EKAnn` (e.g. `EKA50`
    /// for Trøndelag). Unsure: check the table's metadata.
    pub fn county_municipalities(county: &str) -> String {
        format!("EKA{county}")
    }

    /// Whether a region code is an SSB aggregate rather than a municipality.
    pub fn is_aggregate(code: &str) -> bool {
        super::is_aggregate_code(code)
    }

    /// A region selection: the municipality codes followed by the given
    /// aggregates, without duplicates.
    pub fn with_peers(municipalities: &[String], aggregates: &[&str]) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for c in municipalities
            .iter()
            .map(String::as_str)
            .chain(aggregates.iter().copied())
        {
            if !out.iter().any(|x| x == c) {
                out.push(c.to_owned());
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obs(region: &str, year: i32, value: Option<f64>) -> KostraObservation {
        KostraObservation {
            table_id: "12362".into(),
            contents_code: "KOSandel3501".into(),
            indicator_label: "Andel".into(),
            region_code: region.into(),
            region_name: region.into(),
            period: year.to_string(),
            year: Some(year),
            value,
            unit: None,
            status: None,
            updated: None,
            extra: vec![crate::observation::ExtraCategory {
                dimension: "KOKfunksjon0000".into(),
                code: "FGK7".into(),
                label: "Barnehage".into(),
            }],
        }
    }

    #[test]
    fn members_by_year() -> Result<()> {
        let m2024 = asss_members(2024)?;
        assert_eq!(m2024.len(), 12);
        for c in [
            "3203", "3201", "4601", "3301", "3107", "4204", "3205", "0301", "1102", "1103", "5501",
            "5001",
        ] {
            assert!(m2024.contains(&c.to_string()), "{c}");
        }
        let m2021 = asss_members(2021)?;
        assert_eq!(m2021.len(), 10);
        assert!(m2021.contains(&"3024".to_string()) && m2021.contains(&"5401".to_string()));
        let m2017 = asss_members(2017)?;
        assert!(m2017.contains(&"1601".to_string()) && m2017.contains(&"1201".to_string()));
        assert!(asss_members(2018)?.contains(&"5001".to_string()));
        Ok(())
    }

    #[test]
    fn average() -> Result<()> {
        let members = asss_members(2024)?;
        let mut all: Vec<KostraObservation> = members
            .iter()
            .enumerate()
            .map(|(i, c)| obs(c, 2024, Some(i as f64)))
            .collect();
        all.push(obs("EAKUO", 2024, Some(1000.0)));
        all.push(obs("5001", 2023, Some(1000.0)));
        let ind = Indicator::new("KOSandel3501").with("KOKfunksjon0000", "FGK7");
        // 0..=11 → mean 5.5
        assert_eq!(asss_average(&all, &ind, 2024, None), Some(5.5));
        // without Trondheim (index 11): mean of 0..=10 = 5
        assert_eq!(asss_average(&all, &ind, 2024, Some("Trondheim")), Some(5.0));
        assert_eq!(asss_average(&all, &ind, 2024, Some("5001")), Some(5.0));
        // wrong function → nothing
        let other = Indicator::new("KOSandel3501").with("KOKfunksjon0000", "FGK8b");
        assert_eq!(asss_average(&all, &other, 2024, None), None);
        // a missing member is reported
        all.retain(|o| o.region_code != "0301");
        let d = asss_average_detail(&all, &ind, 2024, Some("Trondheim"))?;
        assert_eq!(d.missing, vec!["0301".to_string()]);
        assert_eq!(d.excluded.as_deref(), Some("5001"));
        assert_eq!(d.used.len(), 10);
        Ok(())
    }

    #[test]
    fn peer_codes() {
        assert_eq!(peers::kostra_group(13), "EKG13");
        assert!(peers::is_aggregate(peers::LANDET_UTEN_OSLO));
        assert!(!peers::is_aggregate("5001"));
        assert_eq!(
            peers::with_peers(&["5001".into()], &[peers::LANDET_UTEN_OSLO, "EKG13"]),
            vec!["5001", "EAKUO", "EKG13"]
        );
    }
}
