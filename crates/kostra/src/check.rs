//! `kommunetall kostra check`: every fetched mapping entry against SSB's own
//! metadata (`GET /tables/{id}/metadata`, PxWebApi v2). An entry is
//! confirmed when its `ContentsCode` and every further dimension code exist
//! in the table and SSB's label of the code is the mapping's label (compared
//! as normalised text: case, `æøå`, punctuation and a trailing unit in
//! parentheses ignored). Confirmed entries can be marked `metadata` in the
//! mapping file ([`mark_confirmed`]).

use std::collections::BTreeSet;

use kommunetall_jsonstat::{Dataset, Role};
use serde::Serialize;

use crate::client::Client;
use crate::error::{KostraError, Result};
use crate::mapping::{SsbIndicator, SsbMapping, Status, set_status_in_toml};

/// What the metadata says about one entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum Verdict {
    /// Every code exists and SSB's label is the mapping's label.
    Confirmed,
    /// Every code exists, but SSB's label differs from the mapping's.
    LabelDiffers,
    /// The table has no such variable or code.
    MissingCode {
        /// The variable (`ContentsCode`, `KOKfunksjon0000`, …).
        variable: String,
        /// The code not found.
        code: String,
    },
    /// SSB answered the metadata request with an error (e.g. 404 for a table
    /// that does not exist).
    TableError {
        /// SSB's answer.
        message: String,
    },
}

impl Verdict {
    /// A short text for a table cell.
    pub fn describe(&self) -> String {
        match self {
            Self::Confirmed => "ok".to_owned(),
            Self::LabelDiffers => "label differs".to_owned(),
            Self::MissingCode { variable, code } => format!("no {variable} {code}"),
            Self::TableError { message } => format!("table error: {message}"),
        }
    }
}

/// One checked entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckRow {
    /// Indicator key.
    pub key: String,
    /// SSB table.
    pub table_id: String,
    /// `ContentsCode`.
    pub contents_code: String,
    /// Further dimension codes, `DIM=code;…`.
    pub dims: Option<String>,
    /// The entry's status in the mapping.
    pub status: Status,
    /// What the metadata says.
    pub verdict: Verdict,
    /// SSB's label of the `ContentsCode`, when the code exists.
    pub ssb_label: Option<String>,
}

/// Lower-case, `æøå` folded, a trailing `(…)` dropped, only letters and
/// digits kept, single spaces.
pub fn normalize_label(label: &str) -> String {
    let mut s = label.trim();
    if s.ends_with(')')
        && let Some(open) = s.rfind('(')
    {
        s = &s[..open];
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        match c {
            'æ' => out.push_str("ae"),
            'ø' => out.push('o'),
            'å' => out.push('a'),
            c if c.is_alphanumeric() => out.push(c),
            _ => out.push(' '),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The contents dimension of a metadata dataset.
fn contents(md: &Dataset) -> Option<&kommunetall_jsonstat::Dimension> {
    md.dimensions_with_role(&Role::Metric)
        .next()
        .or_else(|| md.dimension("ContentsCode"))
}

/// Checks one entry against its table's metadata.
fn check_entry(entry: &SsbIndicator, md: &Dataset) -> (Verdict, Option<String>) {
    let Some((_, code)) = entry.target() else {
        return (
            Verdict::TableError {
                message: "no table and code".into(),
            },
            None,
        );
    };
    let missing = |variable: &str, code: &str| Verdict::MissingCode {
        variable: variable.to_owned(),
        code: code.to_owned(),
    };
    let Some(dim) = contents(md) else {
        return (missing("ContentsCode", code), None);
    };
    let Some(category) = dim.category(code) else {
        return (missing(&dim.id, code), None);
    };
    let label = Some(category.label.clone());
    for (variable, c) in &entry.dims {
        if md.dimension(variable).and_then(|d| d.category(c)).is_none() {
            return (missing(variable, c), label);
        }
    }
    let same = entry
        .label
        .as_deref()
        .is_some_and(|l| normalize_label(l) == normalize_label(&category.label));
    let verdict = if same {
        Verdict::Confirmed
    } else {
        Verdict::LabelDiffers
    };
    (verdict, label)
}

/// Checks every fetched entry of the mapping (table and code known) against
/// the metadata of its table, one metadata request per table, in mapping
/// order. A table SSB answers with an error status is reported on its
/// entries; a transport failure (no network) stops the check.
pub fn check_mapping(client: &Client, mapping: &SsbMapping) -> Result<Vec<CheckRow>> {
    let mut tables: Vec<&str> = Vec::new();
    for (t, _) in mapping.indicators.iter().filter_map(SsbIndicator::target) {
        if !tables.contains(&t) {
            tables.push(t);
        }
    }
    let mut rows = Vec::new();
    for table in tables {
        let md = match client.metadata(table) {
            Ok(md) => Ok(md),
            Err(e @ (KostraError::Api { .. } | KostraError::JsonStat { .. })) => Err(e.to_string()),
            Err(e) => return Err(e),
        };
        for entry in mapping
            .indicators
            .iter()
            .filter(|i| i.target().is_some_and(|(t, _)| t == table))
        {
            let (verdict, ssb_label) = match &md {
                Ok(md) => check_entry(entry, md),
                Err(message) => (
                    Verdict::TableError {
                        message: message.clone(),
                    },
                    None,
                ),
            };
            rows.push(CheckRow {
                key: entry.key.clone(),
                table_id: table.to_owned(),
                contents_code: entry.contents_code.clone().unwrap_or_default(),
                dims: entry.dims_string(),
                status: entry.status,
                verdict,
                ssb_label,
            });
        }
    }
    Ok(rows)
}

/// Sets `status = "metadata"` in the mapping file text for every confirmed
/// row not marked so yet; returns the new text and the keys changed.
pub fn mark_confirmed(text: &str, rows: &[CheckRow]) -> Result<(String, Vec<String>)> {
    let keys: BTreeSet<&str> = rows
        .iter()
        .filter(|r| r.verdict == Verdict::Confirmed && r.status != Status::Metadata)
        .map(|r| r.key.as_str())
        .collect();
    let mut out = text.to_owned();
    for key in &keys {
        out =
            set_status_in_toml(&out, key, Status::Metadata).ok_or_else(|| KostraError::Config {
                context: "KOSTRA → SSB mapping".into(),
                reason: format!("{key}: no status line to update"),
            })?;
    }
    SsbMapping::from_toml(&out)?;
    Ok((out, keys.into_iter().map(str::to_owned).collect()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_compare_as_normalised_text() {
        assert_eq!(
            normalize_label("Netto driftresultat i prosent av brutto driftsinntekter (prosent)"),
            "netto driftresultat i prosent av brutto driftsinntekter"
        );
        assert_eq!(
            normalize_label("Årsgebyr for vannforsyning - ekskl. mva. (kr)"),
            normalize_label("årsgebyr for vannforsyning ekskl mva")
        );
        assert_ne!(
            normalize_label("Frie inntekter"),
            normalize_label("Fri egenkapital")
        );
    }
}
