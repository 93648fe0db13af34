//! KOSTRA groups by year, from SSB's classification service KLASS.
//!
//! SSB sorts the municipalities into KOSTRA groups (`EKG01`–`EKG17`: size,
//! bound costs and free income per inhabitant) and publishes each group's
//! figures as a region of the KOSTRA tables. Which group a municipality is in
//! is KLASS classification 112 corresponding to 131 (the municipalities); the
//! grouping was revised in 2020 and again from 2024, so it is read for every
//! year: `GET {KLASS}/classifications/112/correspondsAt?targetClassificationId=131&date=YYYY-01-01`
//! ([`Request::kostra_groups`]). The answers are stored like the PxWebApi
//! responses (`raw/kostra/klass-112/<key>.json` with a sidecar), so runs read
//! them offline ([`load_groups`]); [`fetch_groups`] asks KLASS.
//!
//! [`group_queries`] asks for the groups of the municipalities a query
//! selects, so a group's figures are fetched with the peers — the same way
//! when fetching and when loading offline.

use std::collections::BTreeSet;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::client::Client;
use crate::error::{KostraError, Result};
use crate::mapping::REGION_VARIABLE;
use crate::observation::year_of;
use crate::query::TableQuery;
use crate::request::Request;
use crate::store::Store;

/// One municipality's KOSTRA group in one year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KostraGroup {
    /// The year the grouping applies to (valid on 1 January).
    pub year: i32,
    /// Municipality number (`"5001"`).
    pub municipality_code: String,
    /// Municipality name as KLASS gives it.
    pub municipality_name: String,
    /// The group's region code in the KOSTRA tables (`"EKG13"`).
    pub group_code: String,
    /// The group's name as KLASS gives it.
    pub group_name: String,
    /// The stored response, relative to the store root
    /// (`"klass-112/<key>.json"`).
    pub source_file: String,
}

#[derive(Deserialize)]
struct Correspondence {
    #[serde(rename = "correspondenceItems", default)]
    items: Vec<Item>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Item {
    source_code: String,
    #[serde(default)]
    source_name: String,
    target_code: String,
    #[serde(default)]
    target_name: String,
}

/// The region code of a KLASS 112 code: `EKGnn` as is, a bare number padded
/// (`"7"` → `"EKG07"`).
fn group_code(code: &str) -> String {
    let code = code.trim();
    match code.parse::<u8>() {
        Ok(n) => format!("EKG{n:02}"),
        Err(_) => code.to_owned(),
    }
}

/// Parses one KLASS `correspondsAt` answer.
pub fn parse_groups(body: &[u8], year: i32, source_file: &str) -> Result<Vec<KostraGroup>> {
    let c: Correspondence = serde_json::from_slice(body).map_err(|source| KostraError::Json {
        context: format!("KLASS KOSTRA groups {source_file}"),
        source,
    })?;
    Ok(c.items
        .into_iter()
        .map(|i| KostraGroup {
            year,
            municipality_code: i.target_code.trim().to_owned(),
            municipality_name: i.target_name,
            group_code: group_code(&i.source_code),
            group_name: i.source_name,
            source_file: source_file.to_owned(),
        })
        .collect())
}

/// The stored file of a request, relative to the store root, `/`-separated.
fn relative(store: &Store, request: &Request) -> String {
    let path = store.body_path(request);
    path.strip_prefix(store.root())
        .unwrap_or(&path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// Asks KLASS for the groups of every year (a client whose base URL is
/// [`crate::KLASS_BASE_URL`]; in cached mode stored answers are reused) and
/// stores the answers.
pub fn fetch_groups(client: &Client, years: &[i32]) -> Result<Vec<KostraGroup>> {
    let mut out = Vec::new();
    for &year in years {
        let request = Request::kostra_groups(year);
        let fetched = client.execute(&request)?;
        out.extend(parse_groups(
            &fetched.body,
            year,
            &relative(client.store(), &request),
        )?);
    }
    Ok(out)
}

/// What [`load_groups`] read.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GroupLoad {
    /// The groups of every stored year.
    pub groups: Vec<KostraGroup>,
    /// The response files read: (path relative to the store, sha256).
    pub files: Vec<(String, String)>,
}

/// The stored groups of the given years under `dir`, without network
/// access. A year with no stored answer is simply absent (groups are
/// optional); a stored answer that cannot be read is an error.
pub fn load_groups(dir: &Path, years: &[i32]) -> Result<GroupLoad> {
    let store = Store::new(dir);
    let mut out = GroupLoad::default();
    for &year in years {
        let request = Request::kostra_groups(year);
        let Some(stored) = store.get(&request)? else {
            continue;
        };
        let rel = relative(&store, &request);
        out.groups.extend(parse_groups(&stored.body, year, &rel)?);
        out.files
            .push((rel, crate::store::sha256_hex(&stored.body)));
    }
    Ok(out)
}

/// The years the queries select (`Tid` codes with a leading year), ascending.
pub fn years_of(queries: &[TableQuery]) -> Vec<i32> {
    let years: BTreeSet<i32> = queries
        .iter()
        .filter_map(|q| q.selection("Tid"))
        .flat_map(|s| s.values.iter().filter_map(|v| year_of(v)))
        .collect();
    years.into_iter().collect()
}

/// The extra queries that fetch the KOSTRA groups of the municipalities a
/// query selects, in its selected years: for each query whose municipalities
/// have groups in `groups` not already selected, the same query with only
/// those group codes (ascending) as regions. Kept apart from the queries
/// themselves so that their requests — and stored answers — do not change
/// when groups become known.
pub fn group_queries(queries: &[TableQuery], groups: &[KostraGroup]) -> Vec<TableQuery> {
    queries
        .iter()
        .filter_map(|q| {
            let regions = q.selection(REGION_VARIABLE)?;
            let years: BTreeSet<i32> = q
                .selection("Tid")?
                .values
                .iter()
                .filter_map(|v| year_of(v))
                .collect();
            let add: BTreeSet<&str> = groups
                .iter()
                .filter(|g| {
                    years.contains(&g.year) && regions.values.contains(&g.municipality_code)
                })
                .map(|g| g.group_code.as_str())
                .filter(|c| !regions.values.iter().any(|v| v == c))
                .collect();
            (!add.is_empty()).then(|| q.clone().select(REGION_VARIABLE, add))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &str = r#"{"correspondenceItems":[
        {"sourceCode":"EKG13","sourceName":"Kostragruppe 13","sourceShortName":"","targetCode":"5001","targetName":"Trondheim - Tråante","targetShortName":""},
        {"sourceCode":"12","sourceName":"Kostragruppe 12","sourceShortName":"","targetCode":"4601","targetName":"Bergen","targetShortName":""}]}"#;

    #[test]
    fn parses_and_extends_region_selections() -> Result<()> {
        let g = parse_groups(BODY.as_bytes(), 2024, "klass-112/x.json")?;
        assert_eq!(g.len(), 2);
        assert_eq!(g[0].group_code, "EKG13");
        assert_eq!(g[1].group_code, "EKG12");
        assert_eq!(g[0].municipality_name, "Trondheim - Tråante");
        let q = TableQuery::new("12134")
            .select(REGION_VARIABLE, ["5001", "0301", "EAKUO"])
            .select("ContentsCode", ["KOSAGD230000"])
            .select("Tid", ["2023", "2024"]);
        let extra = group_queries(std::slice::from_ref(&q), &g);
        assert_eq!(extra.len(), 1);
        assert_eq!(
            extra[0]
                .selection(REGION_VARIABLE)
                .map(|s| s.values.clone()),
            Some(vec!["EKG13".into()])
        );
        assert_eq!(extra[0].selection("Tid"), q.selection("Tid"));
        // other years: nothing to add
        let other: Vec<KostraGroup> = g
            .iter()
            .map(|x| KostraGroup {
                year: 2019,
                ..x.clone()
            })
            .collect();
        assert!(group_queries(std::slice::from_ref(&q), &other).is_empty());
        assert_eq!(years_of(&[q]), vec![2023, 2024]);
        assert!(parse_groups(b"not json", 2024, "f").is_err());
        Ok(())
    }
}
