//! `kommunetall kostra find TEXT`: SSB's table search (`GET /tables?query=…`,
//! PxWebApi v2) and, in the first tables found, the variable values whose
//! label contains every word of TEXT (or whose code is TEXT) — so a code the
//! mapping lacks can be filled in in one step. Nothing is stored.

use kommunetall_jsonstat::Role;
use serde::{Deserialize, Serialize};

use crate::check::normalize_label;
use crate::client::Client;
use crate::error::{KostraError, Result};
use crate::observation::is_region_dimension_id;
use crate::request::Request;

/// One table of the search result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TableHit {
    /// Table id (`"12134"`).
    pub id: String,
    /// Title (`"12134: Utvalgte nøkkeltall for kommuneregnskap …"`).
    #[serde(default)]
    pub label: String,
    /// When SSB last updated it.
    #[serde(default)]
    pub updated: Option<String>,
    /// First period.
    #[serde(default)]
    pub first_period: Option<String>,
    /// Last period.
    #[serde(default)]
    pub last_period: Option<String>,
    /// The variables' names.
    #[serde(default)]
    pub variable_names: Vec<String>,
    /// Whether SSB has closed the series.
    #[serde(default)]
    pub discontinued: Option<bool>,
}

/// A variable value whose label matches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ValueHit {
    /// Table id.
    pub table_id: String,
    /// Variable (`ContentsCode`, `KOKfunksjon0000`, …).
    pub variable: String,
    /// The value's code — what goes into the mapping.
    pub code: String,
    /// SSB's label.
    pub label: String,
}

/// What [`find`] found.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Found {
    /// The tables of the search, in SSB's order.
    pub tables: Vec<TableHit>,
    /// The matching values in the first tables.
    pub values: Vec<ValueHit>,
}

#[derive(Deserialize)]
struct SearchAnswer {
    #[serde(default)]
    tables: Vec<TableHit>,
}

/// Whether a value matches the search text: its code is the text, or its
/// label contains every word of the text (normalised, words of two or more
/// letters).
fn matches(words: &[String], text: &str, code: &str, label: &str) -> bool {
    if code.eq_ignore_ascii_case(text.trim()) {
        return true;
    }
    let label = format!(" {} ", normalize_label(label));
    !words.is_empty() && words.iter().all(|w| label.contains(&format!(" {w}")))
}

/// Searches SSB's table list for `text` and the variable values of the first
/// `deep` tables for labels matching it.
pub fn find(client: &Client, text: &str, deep: usize) -> Result<Found> {
    let lang = client.config().lang.clone();
    let body = client.ask(&Request::table_search(text, &lang, 30))?;
    let answer: SearchAnswer =
        serde_json::from_slice(&body).map_err(|source| KostraError::Json {
            context: format!("SSB table search for {text:?}"),
            source,
        })?;
    let words: Vec<String> = normalize_label(text)
        .split(' ')
        .filter(|w| w.chars().count() >= 2)
        .map(str::to_owned)
        .collect();
    let mut values = Vec::new();
    for table in answer.tables.iter().take(deep) {
        let md = client.ask(&Request::metadata(&table.id, &lang))?;
        let md =
            kommunetall_jsonstat::parse_metadata(&md).map_err(|source| KostraError::JsonStat {
                context: format!("metadata of table {}", table.id),
                source,
            })?;
        for dim in &md.dimensions {
            if is_region_dimension_id(&dim.id) || dim.role == Some(Role::Time) {
                continue;
            }
            for c in &dim.categories {
                if matches(&words, text, &c.code, &c.label) {
                    values.push(ValueHit {
                        table_id: table.id.clone(),
                        variable: dim.id.clone(),
                        code: c.code.clone(),
                        label: c.label.clone(),
                    });
                }
            }
        }
    }
    Ok(Found {
        tables: answer.tables,
        values,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_codes_match() {
        let words: Vec<String> = vec!["frie".into(), "inntekter".into()];
        assert!(matches(
            &words,
            "frie inntekter",
            "KOSAG110000",
            "Frie inntekter per innbygger (kr)"
        ));
        assert!(!matches(
            &words,
            "frie inntekter",
            "KOSKG210000",
            "Fri egenkapital drift"
        ));
        assert!(matches(&[], "KOSAG110000", "KOSAG110000", "anything"));
    }
}
