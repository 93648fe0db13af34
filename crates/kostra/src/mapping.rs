//! The report-indicator → SSB statistic mapping as data
//! (`schemas/mappings/kostra_ssb.toml`) and the fetch queries built from it.
//!
//! An [`SsbIndicator`] ties a report indicator key (the keys of
//! `schemas/mappings/kostra_indicators.toml`) to an SSB table, a
//! `ContentsCode` category and the codes of further dimensions
//! (`KOKart0000`, `KOKfunksjon0000`, …), with a [`Status`] saying how far the
//! codes are established and the evidence for them. Only entries with both a
//! table and a code are fetched ([`SsbIndicator::target`]); an entry whose
//! code is unknown is never sent to SSB.

use std::collections::{BTreeMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::error::{KostraError, Result};
use crate::query::TableQuery;

/// The mapping file, embedded at build time.
pub const KOSTRA_SSB_TOML: &str = include_str!("../../../schemas/mappings/kostra_ssb.toml");

/// Prefix of the placeholder `ContentsCode`s earlier versions used for unknown
/// codes. The mapping refuses them, and `kommunetall kostra fetch` drops them
/// from query files instead of sending them to SSB.
pub const PLACEHOLDER_PREFIX: &str = "UNKNOWN_";

/// The region variable of KOSTRA municipality tables.
pub const REGION_VARIABLE: &str = "KOKkommuneregion0000";

/// How far an entry's table and codes are established.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Checked against SSB's own metadata (`kommunetall kostra check`).
    Metadata,
    /// Two or more independent public sources agree.
    Sources,
    /// One public source.
    Source,
    /// An inference no source states.
    Guess,
    /// No code found; the entry is not fetched.
    Unknown,
}

impl Status {
    /// Every status, strongest first.
    pub const ALL: [Status; 5] = [
        Status::Metadata,
        Status::Sources,
        Status::Source,
        Status::Guess,
        Status::Unknown,
    ];

    /// The word used in the mapping file.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Metadata => "metadata",
            Self::Sources => "sources",
            Self::Source => "source",
            Self::Guess => "guess",
            Self::Unknown => "unknown",
        }
    }
}

/// One report indicator and the SSB statistic that answers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SsbIndicator {
    /// Indicator key of `schemas/mappings/kostra_indicators.toml`.
    pub key: String,
    /// SSB table id: where the statistic is (with a code) or is expected
    /// (without one); `None` when not known.
    #[serde(default)]
    pub table_id: Option<String>,
    /// `ContentsCode` category; `None` when no code is known.
    #[serde(default)]
    pub contents_code: Option<String>,
    /// Codes of further dimensions that fix the statistic
    /// (`KOKart0000 = "AGD2"`, `KOKfunksjon0000 = "370"`).
    #[serde(default)]
    pub dims: BTreeMap<String, String>,
    /// What the statistic is, in SSB's wording where known.
    #[serde(default)]
    pub label: Option<String>,
    /// Unit as SSB states it (`prosent`, `kr`, `antall`).
    #[serde(default)]
    pub unit: Option<String>,
    /// How far the table and codes are established.
    pub status: Status,
    /// Where the table and codes come from, and what is uncertain.
    #[serde(default)]
    pub evidence: String,
}

impl SsbIndicator {
    /// The table and contents code, when both are known: the entry is fetched.
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
    /// unique; a code exactly when the status is not `unknown`; no
    /// `UNKNOWN_…` placeholder; dimension codes only with a table and a code;
    /// no two entries for the same statistic; evidence for every entry.
    pub fn from_toml(text: &str) -> Result<Self> {
        let bad = |reason: String| KostraError::Config {
            context: "KOSTRA → SSB mapping".into(),
            reason,
        };
        let file: MappingFile = toml::from_str(text).map_err(|e| bad(e.to_string()))?;
        let mut keys = HashSet::new();
        let mut targets = HashSet::new();
        for ind in &file.indicator {
            let key = &ind.key;
            if !keys.insert(key.as_str()) {
                return Err(bad(format!("indicator {key} listed twice")));
            }
            if let Some(code) = &ind.contents_code
                && code.starts_with(PLACEHOLDER_PREFIX)
            {
                return Err(bad(format!(
                    "{key}: {code} is a placeholder; leave contents_code out and set status = \"unknown\""
                )));
            }
            if ind.contents_code.is_none() != (ind.status == Status::Unknown) {
                return Err(bad(format!(
                    "{key}: status \"unknown\" exactly when there is no contents_code (status is {:?})",
                    ind.status.as_str()
                )));
            }
            if !ind.dims.is_empty() && ind.target().is_none() {
                return Err(bad(format!(
                    "{key}: dims need a table_id and a contents_code"
                )));
            }
            if ind.evidence.trim().is_empty() {
                return Err(bad(format!("{key}: no evidence")));
            }
            if let Some((t, c)) = ind.target()
                && !targets.insert((t.to_owned(), c.to_owned(), ind.dims_string()))
            {
                return Err(bad(format!(
                    "{key}: the statistic {t}/{c} {:?} is mapped twice",
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

    /// The entries that are not fetched (no code, or a code without a table).
    pub fn not_fetched(&self) -> impl Iterator<Item = &SsbIndicator> {
        self.indicators.iter().filter(|i| i.target().is_none())
    }

    /// How many entries have each status, strongest first (every status listed).
    pub fn status_counts(&self) -> Vec<(Status, usize)> {
        Status::ALL
            .iter()
            .map(|s| {
                (
                    *s,
                    self.indicators.iter().filter(|i| i.status == *s).count(),
                )
            })
            .collect()
    }

    /// The fetch queries: per table, one query per set of further dimension
    /// variables, selecting `regions` (variable [`REGION_VARIABLE`]), the
    /// union of the entries' further dimension codes, their contents codes
    /// and `years` — in that variable order. Tables in ascending id order;
    /// entries without a table and a code are left out.
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
                q = q.select(
                    var.clone(),
                    unique(entries.iter().filter_map(|e| e.dims.get(var))),
                );
            }
            q = q
                .select(
                    "ContentsCode",
                    unique(entries.iter().filter_map(|e| e.contents_code.as_ref())),
                )
                .select("Tid", years.clone());
            out.push(q);
        }
        out
    }
}

/// The values in first-seen order, without repeats.
fn unique<'a>(values: impl Iterator<Item = &'a String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for v in values {
        if !out.contains(v) {
            out.push(v.clone());
        }
    }
    out
}

/// Sets the `status` of the `[[indicator]]` with `key` in the text of a
/// mapping file, leaving every other line (comments included) as it is.
/// `None` when the key or its status line is not found.
pub fn set_status_in_toml(text: &str, key: &str, status: Status) -> Option<String> {
    let key_line = format!("key = {}", toml::Value::String(key.to_owned()));
    let mut out = String::with_capacity(text.len());
    let mut in_entry = false;
    let mut done = false;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        if trimmed == "[[indicator]]" {
            in_entry = false;
        } else if trimmed == key_line {
            in_entry = true;
        } else if in_entry && !done && trimmed.starts_with("status =") {
            let ending = if line.ends_with('\n') { "\n" } else { "" };
            out.push_str(&format!("status = \"{}\"{ending}", status.as_str()));
            done = true;
            continue;
        }
        out.push_str(line);
    }
    done.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_parses_and_builds_queries() -> Result<()> {
        let m = SsbMapping::embedded()?;
        assert_eq!(m.indicators.len(), 77);
        let regions: Vec<String> = vec!["5001".into(), "0301".into()];
        let qs = m.queries(&regions, &[2023, 2024]);
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
        // KOSKG210000 is fri egenkapital drift, not disposisjonsfond
        assert_eq!(m.key_for("12134", "KOSKG210000", None), None);
        // no query carries an unknown code
        for q in &qs {
            let codes = &q.selection("ContentsCode").map(|s| s.values.clone());
            assert!(codes.as_ref().is_some_and(|c| !c.is_empty()));
        }
        let not_fetched: Vec<&str> = m.not_fetched().map(|i| i.key.as_str()).collect();
        assert!(not_fetched.contains(&"va_kloakkstopper_per_km"));
        assert!(not_fetched.contains(&"sosial_kvalifiseringsstonad_per_1000"));
        Ok(())
    }

    #[test]
    fn rejects_inconsistent_mappings() {
        let e =
            |k: &str, rest: &str| format!("[[indicator]]\nkey = \"{k}\"\nevidence = \"x\"\n{rest}");
        let dup = e("a", "status = \"unknown\"\n") + &e("a", "status = \"unknown\"\n");
        assert!(SsbMapping::from_toml(&dup).is_err());
        let placeholder = e(
            "a",
            "table_id = \"1\"\ncontents_code = \"UNKNOWN_a\"\nstatus = \"guess\"\n",
        );
        let err = SsbMapping::from_toml(&placeholder).expect_err("placeholder");
        assert!(err.to_string().contains("placeholder"), "{err}");
        let code_but_unknown = e(
            "a",
            "table_id = \"1\"\ncontents_code = \"X\"\nstatus = \"unknown\"\n",
        );
        assert!(SsbMapping::from_toml(&code_but_unknown).is_err());
        let no_code_but_guess = e("a", "table_id = \"1\"\nstatus = \"guess\"\n");
        assert!(SsbMapping::from_toml(&no_code_but_guess).is_err());
        let twice = e(
            "a",
            "table_id = \"1\"\ncontents_code = \"X\"\nstatus = \"source\"\n",
        ) + &e(
            "b",
            "table_id = \"1\"\ncontents_code = \"X\"\nstatus = \"source\"\n",
        );
        assert!(SsbMapping::from_toml(&twice).is_err());
        let no_evidence = "[[indicator]]\nkey = \"a\"\nstatus = \"unknown\"\n";
        assert!(SsbMapping::from_toml(no_evidence).is_err());
        // a code without a table is allowed (known code, table not found)
        let code_only = e("a", "contents_code = \"X\"\nstatus = \"source\"\n");
        let m = SsbMapping::from_toml(&code_only).expect("code only");
        assert_eq!(m.not_fetched().count(), 1);
        assert!(m.queries(&["5001".into()], &[2024]).is_empty());
    }

    #[test]
    fn status_is_rewritten_in_place() -> Result<()> {
        let text = "# head\n[[indicator]]\nkey = \"a\"\ntable_id = \"1\"\ncontents_code = \"X\"\n\
                    status = \"guess\" \nevidence = \"e\"\n\n[[indicator]]\nkey = \"b\"\n\
                    contents_code = \"Y\"\nstatus = \"source\"\nevidence = \"e\"\n";
        let out = set_status_in_toml(text, "a", Status::Metadata).ok_or(KostraError::Config {
            context: "test".into(),
            reason: "not rewritten".into(),
        })?;
        let m = SsbMapping::from_toml(&out)?;
        assert_eq!(m.get("a").map(|i| i.status), Some(Status::Metadata));
        assert_eq!(m.get("b").map(|i| i.status), Some(Status::Source));
        assert!(out.starts_with("# head\n"));
        assert_eq!(out.lines().count(), text.lines().count());
        assert!(set_status_in_toml(text, "zz", Status::Metadata).is_none());
        Ok(())
    }
}
