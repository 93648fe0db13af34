//! The report-indicator → SSB statistic mapping as data
//! (`schemas/mappings/kostra_ssb.toml`), the fetch queries generated from it,
//! and the pipeline query file format (`pipelines/kostra.toml`).
//!
//! An [`SsbIndicator`] ties a report indicator key (the keys of
//! `schemas/mappings/kostra_indicators.toml`) to an SSB table, a
//! `ContentsCode` category and the codes of further dimensions
//! (`KOKart0000`, `KOKfunksjon0000`, …). [`SsbMapping::queries`] turns the
//! mapping into one [`TableQuery`] per table (and per set of further
//! dimensions), for the regions and years asked for.
//!
//! Codes that could not be looked up are placeholders starting with
//! [`PLACEHOLDER_PREFIX`]; SSB rejects a query containing one, so they must be
//! replaced from the table's metadata before an online fetch of that table can
//! succeed. [`Verified`] records whether a code was checked against a real SSB
//! response.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::ops::RangeInclusive;

use serde::{Deserialize, Serialize};

use crate::asss::asss_members;
use crate::error::{KostraError, Result};
use crate::query::{Selection, TableQuery};

/// The mapping file, embedded at build time.
pub const KOSTRA_SSB_TOML: &str = include_str!("../../../schemas/mappings/kostra_ssb.toml");

/// Prefix of placeholder `ContentsCode`s (codes not looked up yet).
pub const PLACEHOLDER_PREFIX: &str = "UNKNOWN_";

/// The region variable of KOSTRA municipality tables.
pub const REGION_VARIABLE: &str = "KOKkommuneregion0000";

/// The regions the Trondheim report compares itself with, in report order:
/// Trondheim, Oslo, Bergen, Stavanger (current numbers).
pub const REPORT_REGIONS: [&str; 4] = ["5001", "0301", "4601", "1103"];

/// How far a mapping entry's codes were checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verified {
    /// Every code was checked against a real SSB metadata or data response.
    Metadata,
    /// Not checked against SSB (see the entry's `evidence`).
    Unverified,
}

/// One report indicator and the SSB statistic that answers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SsbIndicator {
    /// Indicator key of `schemas/mappings/kostra_indicators.toml`.
    pub key: String,
    /// SSB table id; `None` when no table is chosen (not fetched).
    #[serde(default)]
    pub table_id: Option<String>,
    /// `ContentsCode` category, or a placeholder ([`PLACEHOLDER_PREFIX`]).
    #[serde(default)]
    pub contents_code: Option<String>,
    /// Codes of further dimensions that fix the statistic
    /// (`KOKart0000 = "AGD2"`, `KOKfunksjon0000 = "370"`).
    #[serde(default)]
    pub dims: BTreeMap<String, String>,
    /// What the statistic is, in SSB's wording where known.
    #[serde(default)]
    pub label: Option<String>,
    /// Unit as SSB is expected to state it (`prosent`, `kr`, `antall`).
    #[serde(default)]
    pub unit: Option<String>,
    /// Whether the codes were checked against SSB.
    pub verified: Verified,
    /// Where the table and codes come from, and what is uncertain.
    #[serde(default)]
    pub evidence: String,
}

impl SsbIndicator {
    /// Whether the `ContentsCode` is a placeholder.
    pub fn is_placeholder(&self) -> bool {
        self.contents_code
            .as_deref()
            .is_some_and(|c| c.starts_with(PLACEHOLDER_PREFIX))
    }

    /// The table and contents code, when both are set (the entry is fetched).
    pub fn target(&self) -> Option<(&str, &str)> {
        Some((self.table_id.as_deref()?, self.contents_code.as_deref()?))
    }

    /// The further dimensions as one string, `DIM=code` joined with `;` in
    /// dimension-id order (`"KOKart0000=AGD2;KOKfunksjon0000=370"`); `None`
    /// when there are none. The same form as [`crate::SsbRow::dims`].
    pub fn dims_string(&self) -> Option<String> {
        dims_string(self.dims.iter().map(|(d, c)| (d.as_str(), c.as_str())))
    }

    /// Whether a value of `table_id`/`contents_code` with further dimensions
    /// `dims` (as [`SsbIndicator::dims_string`] writes them) is this statistic.
    pub fn matches(&self, table_id: &str, contents_code: &str, dims: Option<&str>) -> bool {
        self.target() == Some((table_id, contents_code)) && self.dims_string().as_deref() == dims
    }
}

/// `DIM=code` pairs joined with `;`, sorted by dimension id; `None` when empty.
pub(crate) fn dims_string<'a>(
    pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Option<String> {
    let mut v: Vec<(&str, &str)> = pairs.into_iter().collect();
    if v.is_empty() {
        return None;
    }
    v.sort_unstable();
    Some(
        v.iter()
            .map(|(d, c)| format!("{d}={c}"))
            .collect::<Vec<_>>()
            .join(";"),
    )
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MappingFile {
    #[serde(default)]
    indicator: Vec<SsbIndicator>,
}

/// The whole mapping: one entry per report indicator.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SsbMapping {
    /// The entries, in file order.
    pub indicators: Vec<SsbIndicator>,
}

impl SsbMapping {
    /// Parses and checks a mapping in the `kostra_ssb.toml` format: keys
    /// unique, `table_id` and `contents_code` set together, no two entries
    /// for the same statistic, no placeholder marked as verified.
    pub fn from_toml(text: &str) -> Result<Self> {
        let bad = |reason: String| KostraError::Config {
            context: "KOSTRA → SSB mapping".into(),
            reason,
        };
        let file: MappingFile = toml::from_str(text).map_err(|e| bad(e.to_string()))?;
        let mut keys = HashSet::new();
        let mut targets = HashSet::new();
        for ind in &file.indicator {
            if !keys.insert(ind.key.as_str()) {
                return Err(bad(format!("indicator {} listed twice", ind.key)));
            }
            if ind.table_id.is_some() != ind.contents_code.is_some() {
                return Err(bad(format!(
                    "{}: table_id and contents_code must be given together",
                    ind.key
                )));
            }
            if ind.table_id.is_none() && !ind.dims.is_empty() {
                return Err(bad(format!("{}: dims without a table", ind.key)));
            }
            if ind.is_placeholder() && ind.verified == Verified::Metadata {
                return Err(bad(format!(
                    "{}: a placeholder code cannot be verified",
                    ind.key
                )));
            }
            if let Some((t, c)) = ind.target()
                && !targets.insert((t.to_owned(), c.to_owned(), ind.dims_string()))
            {
                return Err(bad(format!(
                    "{}: the statistic {t}/{c} {:?} is mapped twice",
                    ind.key,
                    ind.dims_string()
                )));
            }
        }
        Ok(Self {
            indicators: file.indicator,
        })
    }

    /// The embedded mapping ([`KOSTRA_SSB_TOML`]).
    pub fn embedded() -> Result<Self> {
        Self::from_toml(KOSTRA_SSB_TOML)
    }

    /// The entry of an indicator key.
    pub fn get(&self, key: &str) -> Option<&SsbIndicator> {
        self.indicators.iter().find(|i| i.key == key)
    }

    /// The indicator key of a statistic (see [`SsbIndicator::matches`]).
    pub fn key_for(&self, table_id: &str, contents_code: &str, dims: Option<&str>) -> Option<&str> {
        self.indicators
            .iter()
            .find(|i| i.matches(table_id, contents_code, dims))
            .map(|i| i.key.as_str())
    }

    /// The fetch queries: per table, one query per set of further dimension
    /// variables, selecting `regions` (variable [`REGION_VARIABLE`]), the
    /// union of the entries' further dimension codes, their contents codes
    /// and `years` — in that variable order. Tables in ascending id order.
    ///
    /// A query is a cross product, so it may ask for a few combinations no
    /// entry needs (harmless).
    pub fn queries(&self, regions: &[String], years: &[i32]) -> Vec<TableQuery> {
        // (table, dimension variables) → entries, in first-seen order.
        let mut groups: BTreeMap<(String, Vec<String>), Vec<&SsbIndicator>> = BTreeMap::new();
        for ind in &self.indicators {
            if let Some((t, _)) = ind.target() {
                let vars: Vec<String> = ind.dims.keys().cloned().collect();
                groups.entry((t.to_owned(), vars)).or_default().push(ind);
            }
        }
        let years: Vec<String> = years.iter().map(i32::to_string).collect();
        let mut out = Vec::new();
        for ((table, vars), entries) in groups {
            let mut q = TableQuery::new(table).select(REGION_VARIABLE, regions.iter().cloned());
            for var in &vars {
                let mut codes: Vec<String> = Vec::new();
                for e in &entries {
                    if let Some(c) = e.dims.get(var)
                        && !codes.contains(c)
                    {
                        codes.push(c.clone());
                    }
                }
                q = q.select(var.clone(), codes);
            }
            let mut contents: Vec<String> = Vec::new();
            for e in &entries {
                if let Some(c) = &e.contents_code
                    && !contents.contains(c)
                {
                    contents.push(c.clone());
                }
            }
            q = q
                .select("ContentsCode", contents)
                .select("Tid", years.clone());
            out.push(q);
        }
        out
    }
}

/// The regions the pipeline fetches for `years`: [`REPORT_REGIONS`], then
/// every ASSS member code of any of the years (old numbers included, so a
/// series can span the 2018/2020/2024 renumberings), then `EAKUO` (landet
/// uten Oslo). No duplicates.
pub fn pipeline_regions(years: RangeInclusive<i32>) -> Result<Vec<String>> {
    let mut out: Vec<String> = REPORT_REGIONS.iter().map(|s| (*s).to_owned()).collect();
    for y in years {
        for code in asss_members(y)? {
            if !out.contains(&code) {
                out.push(code);
            }
        }
    }
    out.push(crate::asss::peers::LANDET_UTEN_OSLO.to_owned());
    Ok(out)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QueryFile {
    #[serde(default)]
    kostra: Vec<TableQuery>,
    #[serde(default)]
    query: Vec<TableQuery>,
}

/// Reads a query file: an array of tables `[[kostra]]` (or `[[query]]`), each
/// a [`TableQuery`]. Every query is validated.
///
/// ```
/// let qs = kommunetall_kostra::parse_queries_toml(r#"
/// [[kostra]]
/// table_id = "12134"
/// selections = [
///   { variable = "KOKkommuneregion0000", values = ["5001"] },
///   ["Tid", ["2024"]],
/// ]
/// "#)?;
/// assert_eq!(qs[0].selection("Tid").map(|s| s.values.len()), Some(1));
/// # Ok::<(), kommunetall_kostra::KostraError>(())
/// ```
pub fn parse_queries_toml(text: &str) -> Result<Vec<TableQuery>> {
    let file: QueryFile = toml::from_str(text).map_err(|e| KostraError::Config {
        context: "KOSTRA query file".into(),
        reason: e.to_string(),
    })?;
    let mut out = file.kostra;
    out.extend(file.query);
    for q in &out {
        q.validate()?;
    }
    Ok(out)
}

/// Writes queries as a `[[kostra]]` query file (one inline table per
/// selection), preceded by `header` as `#` comment lines. The inverse of
/// [`parse_queries_toml`].
pub fn queries_to_toml(queries: &[TableQuery], header: &str) -> String {
    let s = |v: &str| toml::Value::String(v.to_owned()).to_string();
    let mut out = String::new();
    for line in header.lines() {
        if line.is_empty() {
            out.push_str("#\n");
        } else {
            out.push_str(&format!("# {line}\n"));
        }
    }
    for q in queries {
        out.push_str(&format!(
            "\n[[kostra]]\ntable_id = {}\nselections = [\n",
            s(&q.table_id)
        ));
        for Selection {
            variable,
            values,
            codelist,
        } in &q.selections
        {
            let vals: Vec<String> = values.iter().map(|v| s(v)).collect();
            out.push_str(&format!(
                "  {{ variable = {}, values = [{}]",
                s(variable),
                vals.join(", ")
            ));
            if let Some(cl) = codelist {
                out.push_str(&format!(", codelist = {}", s(cl)));
            }
            out.push_str(" },\n");
        }
        out.push_str("]\n");
    }
    out
}

/// The table ids a mapping fetches, ascending.
pub fn mapped_tables(mapping: &SsbMapping) -> BTreeSet<String> {
    mapping
        .indicators
        .iter()
        .filter_map(|i| i.table_id.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_parses_and_builds_queries() -> Result<()> {
        let m = SsbMapping::embedded()?;
        assert!(m.get("netto_driftsresultat_andel").is_some());
        let regions: Vec<String> = vec!["5001".into(), "0301".into()];
        let qs = m.queries(&regions, &[2023, 2024]);
        assert_eq!(qs.len(), mapped_tables(&m).len());
        let q12362 = qs
            .iter()
            .find(|q| q.table_id == "12362")
            .ok_or(KostraError::UnknownRegion("no 12362".into()))?;
        let vars: Vec<&str> = q12362
            .selections
            .iter()
            .map(|s| s.variable.as_str())
            .collect();
        assert_eq!(
            vars,
            [
                REGION_VARIABLE,
                "KOKart0000",
                "KOKfunksjon0000",
                "ContentsCode",
                "Tid"
            ]
        );
        assert_eq!(
            m.key_for(
                "12362",
                "KOSbelopinnbygge0000",
                Some("KOKart0000=AGD2;KOKfunksjon0000=370")
            ),
            Some("kultur_folkebibliotek_per_innbygger")
        );
        assert_eq!(
            m.key_for("12134", "KOSAGD230000", None),
            Some("netto_driftsresultat_andel")
        );
        // round trip through the query file format
        let text = queries_to_toml(&qs, "generated\n\nby a test");
        assert!(text.starts_with("# generated\n#\n# by a test\n"));
        assert_eq!(parse_queries_toml(&text)?, qs);
        Ok(())
    }

    #[test]
    fn rejects_inconsistent_mappings() {
        let dup = "[[indicator]]\nkey = \"a\"\nverified = \"unverified\"\n\
                   [[indicator]]\nkey = \"a\"\nverified = \"unverified\"\n";
        assert!(SsbMapping::from_toml(dup).is_err());
        let half = "[[indicator]]\nkey = \"a\"\ntable_id = \"1\"\nverified = \"unverified\"\n";
        assert!(SsbMapping::from_toml(half).is_err());
        let fake = "[[indicator]]\nkey = \"a\"\ntable_id = \"1\"\n\
                    contents_code = \"UNKNOWN_a\"\nverified = \"metadata\"\n";
        assert!(SsbMapping::from_toml(fake).is_err());
        let twice = "[[indicator]]\nkey = \"a\"\ntable_id = \"1\"\ncontents_code = \"X\"\n\
                     verified = \"unverified\"\n\
                     [[indicator]]\nkey = \"b\"\ntable_id = \"1\"\ncontents_code = \"X\"\n\
                     verified = \"unverified\"\n";
        assert!(SsbMapping::from_toml(twice).is_err());
        assert!(SsbMapping::from_toml("[[indicator]]\nkey = \"a\"\n").is_err());
    }

    #[test]
    fn regions_cover_asss_history() -> Result<()> {
        let r = pipeline_regions(2015..=2024)?;
        assert_eq!(&r[..4], &REPORT_REGIONS.map(str::to_owned));
        assert_eq!(r.last().map(String::as_str), Some("EAKUO"));
        for code in ["1601", "1201", "0219", "3024", "3201", "5501", "1902"] {
            assert!(r.contains(&code.to_owned()), "{code}");
        }
        let unique: HashSet<&String> = r.iter().collect();
        assert_eq!(unique.len(), r.len());
        Ok(())
    }
}
