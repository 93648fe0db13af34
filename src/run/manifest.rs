//! What a warehouse was built from (`manifest.json`), the document cache
//! beside it (`cache/<document_id>.json`, the inspect pages drawn of each
//! document under `inspect/<document_id>/`, each partition's page of the
//! quality report under `quality/`), and the hash of everything compiled in
//! that shapes the output.
//!
//! The manifest holds what a run needs of every document without reading
//! it: its partition (municipality, report year), the years its facts are
//! about (`dim_period`), its error findings (`--strict`), its pages drawn,
//! its counts for the quality report's index, and the stat of its file.

use std::collections::{BTreeMap, BTreeSet};
use std::time::{SystemTime, UNIX_EPOCH};

use kommunetall_store::{Catalog, MANIFEST_FILE, Objects, StoreError, Value};
use serde::{Deserialize, Serialize};

use crate::ingest::{Document, Hints, sha256_hex};
use crate::pipeline::Kind;

/// The document cache folder in the warehouse folder.
pub const CACHE_DIR: &str = "cache";

/// The cache entry of a document: the document as read.
#[must_use]
pub fn cache_name(document_id: &str) -> String {
    format!("{CACHE_DIR}/{document_id}.json")
}

/// The folder of the quality report's pages, one per partition.
pub const QUALITY_DIR: &str = "quality";

/// The quality report's page of a partition, without the extension
/// (`quality/5001-2024`: `.md` and `.html`): the values of its Hive path.
#[must_use]
pub fn quality_page(partition: &str) -> String {
    let values: Vec<&str> = partition
        .split('/')
        .map(|p| p.split_once('=').map_or(p, |(_, v)| v))
        .collect();
    format!("{QUALITY_DIR}/{}", values.join("-"))
}

/// The package version.
pub const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");

/// The manifest: what the warehouse was built from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// kommunetall version that wrote it ([`tool_build`]).
    pub tool_version: String,
    /// Hash of the schemas, views, mappings and region history compiled in
    /// ([`config_hash`]).
    pub config_sha256: String,
    /// The documents, in warehouse order.
    pub documents: Vec<ManifestDocument>,
    /// The KOSTRA response files loaded: (path, sha256).
    pub kostra_files: Vec<(String, String)>,
    /// When it was written (RFC 3339 UTC); not compared.
    #[serde(default)]
    pub written_at: String,
}

/// One document of the manifest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ManifestDocument {
    /// As in `document.source_path`.
    pub source_path: String,
    /// SHA-256 of the bytes the warehouse holds for it.
    pub sha256: String,
    /// `document.document_id`.
    pub document_id: String,
    /// The hints it was read with (municipality, year, kind), as text.
    pub hints: String,
    /// The PDF pages drawn under `inspect/<document_id>/`.
    #[serde(default)]
    pub inspect_pages: Vec<u32>,
    /// `document.kind`.
    pub kind: Kind,
    /// `document.municipality_code`: the first partition key.
    pub municipality_code: String,
    /// `document.report_year`: the second partition key.
    pub report_year: i32,
    /// The years its facts are about (for `dim_period`).
    #[serde(default)]
    pub period_years: Vec<i32>,
    /// Its findings of severity `error` (for `--strict`).
    #[serde(default)]
    pub error_findings: usize,
    /// Tables found (for the quality report's index).
    #[serde(default)]
    pub tables: usize,
    /// Value cells over all its tables (for the quality report's index).
    #[serde(default)]
    pub value_cells: usize,
    /// Its findings by rule (for the quality report's index).
    #[serde(default)]
    pub findings: BTreeMap<String, usize>,
    /// What the file looked like when its bytes were hashed (size, times,
    /// inode: [`crate::run::plan::stat_of`]), recorded only when it had not
    /// been modified for a while then; a rerun that finds the same trusts
    /// `sha256` without hashing the file again. Not compared by
    /// [`Manifest::up_to_date`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stat: Option<String>,
}

impl ManifestDocument {
    /// The entry of a document read with `hints`, `drawn` its inspect pages
    /// (the years and error findings are filled in when its partition is written).
    #[must_use]
    pub fn of(d: &Document, hints: &Hints, drawn: &BTreeSet<u32>) -> ManifestDocument {
        ManifestDocument {
            source_path: d.source_path.clone(),
            sha256: d.sha256.clone(),
            document_id: d.document_id.clone(),
            hints: hints_text(hints),
            inspect_pages: drawn.iter().copied().collect(),
            kind: d.kind,
            municipality_code: d.municipality_code.clone(),
            report_year: d.report_year,
            period_years: Vec::new(),
            error_findings: 0,
            tables: 0,
            value_cells: 0,
            findings: BTreeMap::new(),
            stat: None,
        }
    }

    /// Its partition: the Hive path of (municipality, report year).
    ///
    /// # Errors
    /// [`StoreError::Value`] for a municipality code that cannot be a path.
    pub fn partition(&self) -> Result<String, StoreError> {
        partition_of(&self.municipality_code, self.report_year)
    }

    /// Whether it describes this job's input: same path, bytes and hints.
    #[must_use]
    pub fn is(&self, source_path: &str, sha256: &str, hints: &Hints) -> bool {
        self.source_path == source_path && self.sha256 == sha256 && self.hints == hints_text(hints)
    }

    /// Whether it describes this job's input without hashing it: same path
    /// and hints, and a recorded stat equal to `stat`.
    #[must_use]
    pub fn is_by_stat(&self, source_path: &str, stat: &str, hints: &Hints) -> bool {
        self.stat.as_deref() == Some(stat)
            && self.source_path == source_path
            && self.hints == hints_text(hints)
    }

    /// `hints` as the manifest records them.
    #[cfg(test)]
    #[must_use]
    pub(crate) fn of_hints(hints: &Hints) -> String {
        hints_text(hints)
    }

    /// Equal to `other`, the recorded stat aside.
    fn same_as(&self, other: &ManifestDocument) -> bool {
        let strip = |d: &ManifestDocument| ManifestDocument {
            stat: None,
            ..d.clone()
        };
        strip(self) == strip(other)
    }
}

impl Manifest {
    /// The manifest of a warehouse built from `documents` and
    /// `kostra_files` at `now_us`.
    #[must_use]
    pub fn new(
        documents: Vec<ManifestDocument>,
        kostra_files: Vec<(String, String)>,
        now_us: i64,
    ) -> Manifest {
        Manifest {
            tool_version: tool_build(),
            config_sha256: config_hash(),
            documents,
            kostra_files,
            written_at: kommunetall_store::rfc3339(u64::try_from(now_us / 1_000_000).unwrap_or(0)),
        }
    }

    /// The manifest of the warehouse, if it has a valid one written by this
    /// build (another build may read documents differently: its cache is
    /// not trusted).
    #[must_use]
    pub fn previous(objects: &Objects) -> Option<Manifest> {
        let bytes = objects.get(MANIFEST_FILE).ok()??;
        let m: Manifest = serde_json::from_slice(&bytes).ok()?;
        (m.tool_version == tool_build()).then_some(m)
    }

    /// Whether the warehouse described by `self` already holds what `new`
    /// describes (the time of writing and the recorded stats aside: a file
    /// touched but not changed is hashed again until a run writes).
    #[must_use]
    pub fn up_to_date(&self, new: &Manifest) -> bool {
        self.tool_version == new.tool_version
            && self.config_sha256 == new.config_sha256
            && self.documents.len() == new.documents.len()
            && self
                .documents
                .iter()
                .zip(&new.documents)
                .all(|(a, b)| a.same_as(b))
            && self.kostra_files == new.kostra_files
    }
}

fn hints_text(h: &Hints) -> String {
    format!(
        "kind={:?};municipality={:?};name={:?};year={:?}",
        h.kind.map(Kind::as_str),
        h.municipality_code,
        h.municipality_name,
        h.report_year
    )
}

/// The partition (Hive path) of a document of `municipality_code` and `report_year`.
///
/// # Errors
/// [`StoreError::Value`] for a municipality code that cannot be a path.
pub fn partition_of(municipality_code: &str, report_year: i32) -> Result<String, StoreError> {
    kommunetall_store::hive_path(&[
        (
            "municipality_code",
            &Value::Str(municipality_code.to_owned()),
        ),
        ("report_year", &Value::I32(report_year)),
    ])
}

/// Hash of everything compiled in that shapes the output: the store's
/// catalog (table schemas and views), the mappings, the KOSTRA mapping and the
/// region history. When it changes, every partition is written again (from
/// the cache: the documents are not read again). The job definitions are not
/// part of it: what they say about each document (path, hints) is compared
/// document by document.
#[must_use]
pub fn config_hash() -> String {
    let mut text = String::new();
    let mappings = kommunetall_facts::MAPPING_FILES
        .iter()
        .map(|(name, body)| (format!("schemas/mappings/{name}"), *body));
    let kostra = [
        (
            "schemas/mappings/kostra_ssb.toml".to_owned(),
            kommunetall_kostra::KOSTRA_SSB_TOML,
        ),
        (
            "schemas/municipalities.csv".to_owned(),
            kommunetall_kostra::regions::MUNICIPALITIES_CSV,
        ),
    ];
    for (name, body) in Catalog::files().chain(mappings).chain(kostra) {
        text.push_str(&name);
        text.push_str(body);
    }
    sha256_hex(text.as_bytes())
}

/// The run's timestamp: `SOURCE_DATE_EPOCH` (seconds) when set, else now.
#[must_use]
pub fn ingested_at_us() -> i64 {
    if let Some(s) = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
    {
        return s.saturating_mul(1_000_000);
    }
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_micros()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// This build, as recorded in the manifest: the version plus the executable's
/// size and modification time, so that a rebuilt or upgraded binary (whose
/// extraction may differ) reads every document again instead of trusting the
/// cache. Cheap: no hashing of the binary.
#[must_use]
pub fn tool_build() -> String {
    let exe = std::env::current_exe()
        .ok()
        .and_then(|p| std::fs::metadata(p).ok())
        .map(|m| {
            let t = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_secs());
            format!(" (build {}-{t})", m.len())
        })
        .unwrap_or_default();
    format!("{TOOL_VERSION}{exe}")
}
