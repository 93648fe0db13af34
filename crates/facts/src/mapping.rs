//! Label mappings as data: stable key → printed label variants, read from the
//! TOML files in `schemas/mappings/` (embedded at build time) and extendable
//! with overrides at run time.
//!
//! A file holds groups (`[drift]`, `[service_area]`, `[indicator]`, `[region]`,
//! …), each with `caption` (words that identify a table by its caption) and
//! `[<group>.labels]` (key → list of variants). Variants are compared in
//! normalised form ([`crate::normalise`]).

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;

use crate::normalize::normalise;

/// The embedded `schemas/mappings/statement_lines.toml`.
pub const STATEMENT_LINES_TOML: &str =
    include_str!("../../../schemas/mappings/statement_lines.toml");
/// The embedded `schemas/mappings/service_areas.toml`.
pub const SERVICE_AREAS_TOML: &str = include_str!("../../../schemas/mappings/service_areas.toml");
/// The embedded `schemas/mappings/kostra_indicators.toml`.
pub const KOSTRA_INDICATORS_TOML: &str =
    include_str!("../../../schemas/mappings/kostra_indicators.toml");
/// Every embedded mapping file, (file name under `schemas/mappings/`,
/// contents), in the order [`Mappings::embedded`] merges them.
pub const MAPPING_FILES: &[(&str, &str)] = &[
    ("statement_lines.toml", STATEMENT_LINES_TOML),
    ("service_areas.toml", SERVICE_AREAS_TOML),
    ("kostra_indicators.toml", KOSTRA_INDICATORS_TOML),
];

/// Group names used by the engine.
pub mod group {
    /// Økonomisk oversikt etter art (drift).
    pub const DRIFT: &str = "drift";
    /// Bevilgningsoversikt investering.
    pub const INVESTERING: &str = "investering";
    /// Balance sheet, assets.
    pub const BALANSE_EIENDELER: &str = "balanse_eiendeler";
    /// Balance sheet, equity and liabilities.
    pub const BALANSE_EGENKAPITAL_GJELD: &str = "balanse_egenkapital_gjeld";
    /// The four statements, in the order they are tried.
    pub const STATEMENTS: [&str; 4] = [
        DRIFT,
        INVESTERING,
        BALANSE_EIENDELER,
        BALANSE_EGENKAPITAL_GJELD,
    ];
    /// Service areas (tjenesteområder).
    pub const SERVICE_AREA: &str = "service_area";
    /// Investment areas.
    pub const INVESTMENT_AREA: &str = "investment_area";
    /// KOSTRA indicators.
    pub const INDICATOR: &str = "indicator";
    /// Regions (KOSTRA table columns) → code.
    pub const REGION: &str = "region";
}

/// Errors reading mappings.
#[derive(Debug, thiserror::Error)]
pub enum MappingError {
    /// A mapping file is not valid TOML or not in the mapping format.
    #[error("mapping file {name} is invalid: {source}")]
    Toml {
        /// Which file ("statement_lines.toml", "override", …).
        name: String,
        /// The parser's error.
        #[source]
        source: toml::de::Error,
    },
}

#[derive(Debug, Deserialize)]
struct GroupDef {
    #[serde(default)]
    caption: Vec<String>,
    #[serde(default)]
    labels: BTreeMap<String, Vec<String>>,
}

/// One group of a mapping: caption words and key → variants.
#[derive(Debug, Clone, Default)]
pub struct Group {
    /// Caption words as written in the file.
    pub caption: Vec<String>,
    /// Key → printed variants as written in the file (overrides appended).
    pub labels: BTreeMap<String, Vec<String>>,
    index: HashMap<String, String>,
}

impl Group {
    fn add(&mut self, key: &str, variant: &str) {
        let vs = self.labels.entry(key.to_owned()).or_default();
        if !vs.iter().any(|v| v == variant) {
            vs.push(variant.to_owned());
        }
        // Later definitions (overrides) win over earlier ones.
        self.index.insert(normalise(variant), key.to_owned());
        self.index.insert(normalise(key), key.to_owned());
    }

    /// The key whose variants include `label` (normalised comparison).
    #[must_use]
    pub fn lookup(&self, label: &str) -> Option<&str> {
        self.index.get(&normalise(label)).map(String::as_str)
    }
}

/// All label mappings, by group name.
#[derive(Debug, Clone, Default)]
pub struct Mappings {
    groups: BTreeMap<String, Group>,
}

impl Mappings {
    /// The mappings embedded from `schemas/mappings/*.toml`.
    ///
    /// # Errors
    /// When an embedded file does not parse (a build-time mistake; tested).
    pub fn embedded() -> Result<Mappings, MappingError> {
        let mut m = Mappings::default();
        for (name, text) in MAPPING_FILES {
            m.merge_toml(name, text)?;
        }
        Ok(m)
    }

    /// Adds the groups of a mapping file (same format as the embedded ones):
    /// new keys, new variants and new caption words are added; a variant that
    /// already maps to another key is moved to the key given here, so an
    /// override file wins.
    ///
    /// # Errors
    /// When `text` is not valid TOML in the mapping format.
    pub fn merge_toml(&mut self, name: &str, text: &str) -> Result<(), MappingError> {
        let defs: BTreeMap<String, GroupDef> =
            toml::from_str(text).map_err(|source| MappingError::Toml {
                name: name.to_owned(),
                source,
            })?;
        for (gname, def) in defs {
            let g = self.groups.entry(gname).or_default();
            for c in def.caption {
                if !g.caption.contains(&c) {
                    g.caption.push(c);
                }
            }
            for (key, variants) in def.labels {
                for v in variants {
                    g.add(&key, &v);
                }
            }
        }
        Ok(())
    }

    /// Adds one variant to a key of a group (creating both when new).
    pub fn add_variant(&mut self, group: &str, key: &str, variant: &str) {
        self.groups
            .entry(group.to_owned())
            .or_default()
            .add(key, variant);
    }

    /// A group, when defined.
    #[must_use]
    pub fn group(&self, name: &str) -> Option<&Group> {
        self.groups.get(name)
    }

    /// The key of `label` in `group`.
    #[must_use]
    pub fn lookup(&self, group: &str, label: &str) -> Option<&str> {
        self.groups.get(group).and_then(|g| g.lookup(label))
    }

    /// The first caption word of `group` that `caption` contains (normalised),
    /// longest words first.
    #[must_use]
    pub fn caption_match(&self, group: &str, caption: &str) -> Option<&str> {
        let g = self.groups.get(group)?;
        let cap = format!(" {} ", normalise(caption));
        let mut words: Vec<&String> = g.caption.iter().collect();
        words.sort_by_key(|w| std::cmp::Reverse(w.len()));
        words
            .into_iter()
            .find(|w| {
                let n = normalise(w);
                !n.is_empty() && cap.contains(&format!(" {n} "))
            })
            .map(String::as_str)
    }

    /// Whether `label` (normalised) equals one of the caption words of `group`.
    #[must_use]
    pub fn is_caption_word(&self, group: &str, label: &str) -> bool {
        let n = normalise(label);
        self.groups
            .get(group)
            .is_some_and(|g| g.caption.iter().any(|w| normalise(w) == n))
    }

    /// Variants that map to different keys within one group in the files as
    /// written: (group, variant, key, other key). Empty for a clean mapping.
    #[must_use]
    pub fn conflicts(&self) -> Vec<(String, String, String, String)> {
        let mut out = Vec::new();
        for (gname, g) in &self.groups {
            let mut seen: HashMap<String, &str> = HashMap::new();
            for (key, vs) in &g.labels {
                for v in vs {
                    if let Some(other) = seen.insert(normalise(v), key)
                        && other != key
                    {
                        out.push((gname.clone(), v.clone(), key.clone(), other.to_owned()));
                    }
                }
            }
        }
        out
    }
}
