//! The ASSS network and its average.
//!
//! ASSS ("Aggregerte styringsdata for samarbeidende storkommuner") is KS'
//! benchmarking network of Norway's largest municipalities. SSB publishes no
//! region code for it, so the average is computed here.
//!
//! # Membership
//!
//! Ten members until 2021 — Bergen, Bærum, Drammen, Fredrikstad,
//! Kristiansand, Oslo, Sandnes, Stavanger, Tromsø, Trondheim — and twelve
//! from 2022, when Asker and Lillestrøm joined (autumn 2022). Sources:
//! KS, "Asker og Lillestrøm med i ASSS" (7 September 2022,
//! <https://www.ks.no/asss-hjem/aktuelle-artikler/asker-og-lillestrom-med-i-asss2/>):
//! "ASSS vil fremover bestå av de tolv største kommune i Norge … Asker (fra
//! høst 2022) … Lillestrøm (fra høst 2022)"; KS' ASSS 2020 Drammen page:
//! "Siden ASSS-kommunene bare omfatter 10 kommuner". No change since was
//! found (../shared/research/kostra-codes.md §0). Membership before 2015 is
//! not checked. A member's number in a year comes from the one region
//! history ([`crate::regions`]).
//!
//! # Definition of the average
//!
//! The *ASSS average* of a statistic in a year is the **simple, unweighted
//! arithmetic mean** of the members' values (each member counts once,
//! whatever its population), over the members that have a value. With
//! `exclude`, one member (typically the municipality being compared) is
//! left out: "the other ASSS municipalities". Members without a value are
//! listed in [`AsssAverage::missing`], so a mean over fewer members is never
//! mistaken for the full one. KS' own reports may weight by population or
//! include the reporting municipality; this is one definition, stated.

use serde::Serialize;

use crate::error::Result;
use crate::load::SsbRow;
use crate::mapping::SsbIndicator;
use crate::regions::RegionHistory;

/// The members by name and the first year of membership (`None` = member
/// since before KOSTRA's 2015 tables). See the module docs for the sources.
const MEMBERS: [(&str, Option<i32>); 12] = [
    ("Asker", Some(2022)),
    ("Bergen", None),
    ("Bærum", None),
    ("Drammen", None),
    ("Fredrikstad", None),
    ("Kristiansand", None),
    ("Lillestrøm", Some(2022)),
    ("Oslo", None),
    ("Sandnes", None),
    ("Stavanger", None),
    ("Tromsø", None),
    ("Trondheim", None),
];

/// The ASSS members' municipality numbers in `year`, in name order (12 from
/// 2022, e.g. for 2024 `3203, 4601, 3201, 3301, 3107, 4204, 3205, 0301,
/// 1102, 1103, 5501, 5001`; 10 before).
pub fn asss_members(year: i32) -> Result<Vec<String>> {
    let history = RegionHistory::builtin()?;
    MEMBERS
        .iter()
        .filter(|(_, from)| from.is_none_or(|f| f <= year))
        .map(|(name, _)| history.code_for(name, year))
        .collect()
}

/// An ASSS average with the members behind it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AsssAverage {
    /// The mean, `None` when no member has a value.
    pub value: Option<f64>,
    /// Numbers of the members whose values were averaged.
    pub used: Vec<String>,
    /// Numbers of the members without a value (absent, null or status only).
    pub missing: Vec<String>,
    /// The number left out via `exclude`, if it was a member.
    pub excluded: Option<String>,
}

/// The ASSS average (see the module docs) of one statistic — a mapping entry
/// — in `year`, over warehouse rows such as those of [`crate::load_offline`],
/// optionally without one member (`exclude`: a number or a name). When a
/// member has several rows (several publications), the first with a value
/// is used.
pub fn asss_average(
    rows: &[SsbRow],
    statistic: &SsbIndicator,
    year: i32,
    exclude: Option<&str>,
) -> Result<AsssAverage> {
    let members = asss_members(year)?;
    let excluded_code = match exclude {
        Some(x) => Some(RegionHistory::builtin()?.code_for(x, year)?),
        None => None,
    };
    let mut out = AsssAverage {
        value: None,
        used: Vec::new(),
        missing: Vec::new(),
        excluded: None,
    };
    let mut sum = 0.0;
    for code in members {
        if excluded_code.as_deref() == Some(code.as_str()) {
            out.excluded = Some(code);
            continue;
        }
        let value = rows
            .iter()
            .filter(|r| {
                r.year == year
                    && r.region_code == code
                    && statistic.matches(&r.table_id, &r.contents_code, r.dims.as_deref())
            })
            .find_map(|r| r.value);
        match value {
            Some(v) => {
                sum += v;
                out.used.push(code);
            }
            None => out.missing.push(code),
        }
    }
    out.value = (!out.used.is_empty()).then(|| sum / out.used.len() as f64);
    Ok(out)
}

/// SSB region codes for peer groups, to put into a region selection
/// (`KOKkommuneregion0000`).
pub mod peers {
    /// The whole country ("Landet").
    pub const LANDET: &str = "EAK";
    /// The whole country without Oslo ("Landet uten Oslo").
    pub const LANDET_UTEN_OSLO: &str = "EAKUO";

    /// The KOSTRA group code `EKGnn` (e.g. `kostra_group(13)` = `"EKG13"`).
    /// Which group a municipality is in comes from KLASS by year
    /// ([`crate::groups`]); never guess it.
    pub fn kostra_group(number: u8) -> String {
        format!("EKG{number:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mapping::Status;
    use std::collections::BTreeMap;

    fn row(region: &str, year: i32, value: Option<f64>) -> SsbRow {
        SsbRow {
            table_id: "12362".into(),
            contents_code: "KOSandel3501".into(),
            indicator_label: "Andel".into(),
            indicator_key: None,
            dims: Some("KOKart0000=AGD10;KOKfunksjon0000=FGK7".into()),
            region_code: region.into(),
            region_name: None,
            year,
            value,
            unit: None,
            status: None,
            updated: None,
            fetched_at: None,
            reconstructed: false,
            source_file: "12362/x.json".into(),
        }
    }

    fn statistic(function: &str) -> SsbIndicator {
        SsbIndicator {
            key: "k".into(),
            table_id: Some("12362".into()),
            contents_code: Some("KOSandel3501".into()),
            dims: BTreeMap::from([
                ("KOKart0000".to_owned(), "AGD10".to_owned()),
                ("KOKfunksjon0000".to_owned(), function.to_owned()),
            ]),
            label: None,
            unit: None,
            status: Status::Guess,
            evidence: "test".into(),
        }
    }

    #[test]
    fn ten_members_until_2021_twelve_from_2022() -> Result<()> {
        let m2024 = asss_members(2024)?;
        assert_eq!(
            m2024,
            [
                "3203", "4601", "3201", "3301", "3107", "4204", "3205", "0301", "1102", "1103",
                "5501", "5001"
            ]
        );
        let m2022 = asss_members(2022)?;
        assert_eq!(m2022.len(), 12);
        assert!(m2022.contains(&"3025".to_owned()) && m2022.contains(&"3030".to_owned()));
        let m2021 = asss_members(2021)?;
        assert_eq!(m2021.len(), 10);
        assert!(!m2021.contains(&"3025".to_owned()) && !m2021.contains(&"3030".to_owned()));
        assert!(m2021.contains(&"3024".to_owned()) && m2021.contains(&"5401".to_owned()));
        let m2017 = asss_members(2017)?;
        assert_eq!(m2017.len(), 10);
        for c in ["1601", "1201", "0219", "0602", "0106", "1001", "1902"] {
            assert!(m2017.contains(&c.to_owned()), "{c} in 2017");
        }
        Ok(())
    }

    #[test]
    fn average() -> Result<()> {
        let members = asss_members(2024)?;
        let mut rows: Vec<SsbRow> = members
            .iter()
            .enumerate()
            .map(|(i, c)| row(c, 2024, Some(i as f64)))
            .collect();
        rows.push(row("EAKUO", 2024, Some(1000.0)));
        rows.push(row("5001", 2023, Some(1000.0)));
        let s = statistic("FGK7");
        // 0..=11 → mean 5.5
        assert_eq!(asss_average(&rows, &s, 2024, None)?.value, Some(5.5));
        // without Trondheim (index 11): mean of 0..=10 = 5
        let without = asss_average(&rows, &s, 2024, Some("Trondheim"))?;
        assert_eq!(without.value, Some(5.0));
        assert_eq!(without.excluded.as_deref(), Some("5001"));
        assert_eq!(
            asss_average(&rows, &s, 2024, Some("5001"))?.value,
            Some(5.0)
        );
        // another function → nothing
        assert_eq!(
            asss_average(&rows, &statistic("FGK8b"), 2024, None)?.value,
            None
        );
        // a missing member is reported
        rows.retain(|r| r.region_code != "0301");
        let d = asss_average(&rows, &s, 2024, Some("Trondheim"))?;
        assert_eq!(d.missing, vec!["0301".to_owned()]);
        assert_eq!(d.used.len(), 10);
        assert!(asss_average(&rows, &s, 2024, Some("Gotham")).is_err());
        assert_eq!(peers::kostra_group(7), "EKG07");
        Ok(())
    }
}
