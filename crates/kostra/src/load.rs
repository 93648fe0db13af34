//! Stored responses → warehouse rows: [`load_offline`] reads the stored
//! responses of a list of queries into [`SsbRow`]s (the columns of
//! `fact_ssb_kostra`), and [`fetch_all`] fetches and stores every query for
//! `kommunetall kostra fetch`.
//!
//! Offline loading finds a response by the very request the query makes
//! (same planning, splitting and store key as [`Client::fetch`]), so a store
//! filled by `fetch_all` (or by the test fixtures' sample generator) is read
//! back without network access.

use std::path::{Path, PathBuf};

use serde::Serialize;
use tracing::warn;

use crate::client::{Client, Mode};
use crate::error::{KostraError, Result};
use crate::mapping::{SsbMapping, dims_string};
use crate::observation::observations_from_dataset;
use crate::query::TableQuery;
use crate::store::{Provenance, Store, sha256_hex};

/// One value of a stored SSB response: a row of `fact_ssb_kostra` (field
/// names equal its columns).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SsbRow {
    /// SSB table id (`"12134"`).
    pub table_id: String,
    /// `ContentsCode` category (`"KOSAGD230000"`); a placeholder
    /// (`UNKNOWN_…`) in reconstructed responses where the code is not known.
    pub contents_code: String,
    /// The label of the `ContentsCode` category as the response gives it
    /// (SSB's label; the report's wording in reconstructed responses).
    pub indicator_label: String,
    /// The report indicator key (`schemas/mappings/kostra_indicators.toml`)
    /// the mapping ties this statistic to; `None` when not mapped.
    pub indicator_key: Option<String>,
    /// The other dimension codes of the cell, `DIM=code` joined with `;` in
    /// dimension-id order (`"KOKart0000=AGD2;KOKfunksjon0000=370"`); `None`
    /// when the response has no further dimensions.
    pub dims: Option<String>,
    /// Region code: a municipality number (`"5001"`) or an SSB group
    /// (`"EAKUO"`, `"EKG13"`).
    pub region_code: String,
    /// The region's label as the response gives it (`None` when empty).
    pub region_name: Option<String>,
    /// The year (leading four digits of the `Tid` code).
    pub year: i32,
    /// The value; `None` for a null cell (with a status symbol in SSB's
    /// answers; without one where a reconstructed response has no figure).
    pub value: Option<f64>,
    /// Unit of the `ContentsCode` category (`category.unit` label or base:
    /// `"prosent"`, `"kr"`).
    pub unit: Option<String>,
    /// SSB status symbol of the cell (`"."`, `".."`, `":"`), if any.
    pub status: Option<String>,
    /// The response's `updated` timestamp verbatim (tells the preliminary
    /// 15 March publication from the final 15 June one).
    pub updated: Option<String>,
    /// When the response was stored (RFC 3339 from the sidecar): the fetch
    /// time, or the reconstruction time for reconstructed responses.
    pub fetched_at: Option<String>,
    /// True when the response was NOT fetched from SSB but rebuilt from a
    /// report's printed figures (sidecar provenance `reconstructed`, or
    /// `extension.kommunetall.reconstructed` in the body).
    pub reconstructed: bool,
    /// The response file, relative to the store root (`"12134/<key>.json"`).
    pub source_file: String,
}

/// A response file read by [`load_offline_with`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredFile {
    /// Full path of the body file.
    pub path: PathBuf,
    /// Path relative to the store root, as in [`SsbRow::source_file`].
    pub relative: String,
    /// Lower-case hex SHA-256 of the body.
    pub sha256: String,
    /// Whether the response is reconstructed.
    pub reconstructed: bool,
}

/// What [`load_offline_with`] read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OfflineLoad {
    /// Every cell of every response, in query and response order.
    pub rows: Vec<SsbRow>,
    /// The response files, one per request.
    pub files: Vec<StoredFile>,
}

/// The rows of every query's stored responses under `dir` (for example
/// `raw/kostra`), without network access; `indicator_key` from the embedded
/// mapping ([`SsbMapping::embedded`]).
///
/// Fails with [`KostraError::NotInStore`] when a request of a query is not
/// stored, and when a query uses an expression whose table metadata is not
/// stored either.
pub fn load_offline(dir: &Path, queries: &[TableQuery]) -> Result<Vec<SsbRow>> {
    let mapping = SsbMapping::embedded()?;
    Ok(load_offline_with(dir, queries, &mapping)?.rows)
}

/// [`load_offline`] with a given mapping, also returning the files read.
pub fn load_offline_with(
    dir: &Path,
    queries: &[TableQuery],
    mapping: &SsbMapping,
) -> Result<OfflineLoad> {
    let client = Client::offline(Store::new(dir));
    let mut out = OfflineLoad {
        rows: Vec::new(),
        files: Vec::new(),
    };
    for query in queries {
        let (_, requests) = client.plan(query)?;
        for request in requests {
            let fetched = client.execute(&request)?;
            let path = client.store().body_path(&request);
            let relative = path
                .strip_prefix(dir)
                .unwrap_or(&path)
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            let ds = kommunetall_jsonstat::parse(&fetched.body).map_err(|source| {
                KostraError::JsonStat {
                    context: format!("stored response {}", path.display()),
                    source,
                }
            })?;
            let reconstructed = fetched
                .meta
                .as_ref()
                .is_some_and(|m| m.provenance == Provenance::Reconstructed)
                || ds
                    .extension_path(&["kommunetall", "reconstructed"])
                    .and_then(serde_json::Value::as_bool)
                    .unwrap_or(false);
            let fetched_at = fetched.meta.as_ref().map(|m| m.fetched_at.clone());
            out.files.push(StoredFile {
                path: path.clone(),
                relative: relative.clone(),
                sha256: sha256_hex(&fetched.body),
                reconstructed,
            });
            for obs in observations_from_dataset(&ds, Some(&query.table_id))? {
                let Some(year) = obs.year else {
                    warn!(file = %relative, period = %obs.period, "time code without a year, cell skipped");
                    continue;
                };
                let dims = dims_string(
                    obs.extra
                        .iter()
                        .map(|e| (e.dimension.as_str(), e.code.as_str())),
                );
                let indicator_key = mapping
                    .key_for(&obs.table_id, &obs.contents_code, dims.as_deref())
                    .map(str::to_owned);
                out.rows.push(SsbRow {
                    table_id: obs.table_id,
                    contents_code: obs.contents_code,
                    indicator_label: obs.indicator_label,
                    indicator_key,
                    dims,
                    region_code: obs.region_code,
                    region_name: Some(obs.region_name).filter(|n| !n.is_empty()),
                    year,
                    value: obs.value,
                    unit: obs.unit,
                    status: obs.status,
                    updated: obs.updated,
                    fetched_at: fetched_at.clone(),
                    reconstructed,
                    source_file: relative.clone(),
                });
            }
        }
    }
    Ok(out)
}

/// The outcome of one query in [`fetch_all`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QueryOutcome {
    /// Table id.
    pub table_id: String,
    /// Number of requests the query took (more than one when split).
    pub requests: usize,
    /// Requests answered from the store rather than SSB.
    pub from_store: usize,
    /// Cells received (all parts).
    pub cells: usize,
    /// The error, when the query failed (e.g. SSB's 400 for a placeholder
    /// code); the other queries are fetched regardless.
    pub error: Option<String>,
}

/// What [`fetch_all`] did.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct FetchReport {
    /// One outcome per query, in query order.
    pub queries: Vec<QueryOutcome>,
    /// HTTP calls made (retries included).
    pub network_requests: usize,
}

impl FetchReport {
    /// The failed queries.
    pub fn failed(&self) -> impl Iterator<Item = &QueryOutcome> {
        self.queries.iter().filter(|q| q.error.is_some())
    }

    /// Whether every query succeeded.
    pub fn is_complete(&self) -> bool {
        self.failed().next().is_none()
    }
}

/// Fetches every query and stores the responses (for `kommunetall kostra
/// fetch`). Use a client in [`Mode::Online`] (always asks SSB, overwrites the
/// store) or [`Mode::Cached`] (asks SSB for what is not stored yet; stored
/// *reconstructed* responses count as not stored, so they are replaced).
/// A query that fails is recorded in the report and the others go on.
///
/// Fails before fetching anything when a query is invalid, or when the
/// client is in [`Mode::Offline`] (nothing could be fetched).
pub fn fetch_all(client: &Client, queries: &[TableQuery]) -> Result<FetchReport> {
    if client.config().mode == Mode::Offline {
        return Err(KostraError::Config {
            context: "kostra fetch".into(),
            reason: "the client is offline; use Mode::Online or Mode::Cached".into(),
        });
    }
    for q in queries {
        q.validate()?;
    }
    let before = client.network_requests();
    let mut report = FetchReport::default();
    for q in queries {
        let outcome = match client.fetch_inner(q, true) {
            Ok(t) => QueryOutcome {
                table_id: q.table_id.clone(),
                requests: t.parts.len(),
                from_store: t.parts.iter().filter(|p| p.from_store).count(),
                cells: t.parts.iter().map(|p| p.dataset.cell_count()).sum(),
                error: None,
            },
            Err(e) => {
                warn!(table = %q.table_id, error = %e, "KOSTRA query failed");
                QueryOutcome {
                    table_id: q.table_id.clone(),
                    requests: 0,
                    from_store: 0,
                    cells: 0,
                    error: Some(e.to_string()),
                }
            }
        };
        report.queries.push(outcome);
    }
    report.network_requests = client.network_requests() - before;
    Ok(report)
}
