//! What a warehouse was built from (`manifest.json`), the document cache
//! beside it (`cache/<document_id>.json`, with the inspect pages drawn of each
//! document under `inspect/<document_id>/`), and the hash of everything
//! compiled in that shapes the output.

use std::collections::BTreeSet;
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use kommunetall_store::{Catalog, MANIFEST_FILE};
use serde::{Deserialize, Serialize};

use crate::ingest::{Document, Hints, sha256_hex};
use crate::pipeline::Kind;
use crate::quality::{INSPECT_DIR, Inspect};

/// The document cache folder in the warehouse folder.
pub const CACHE_DIR: &str = "cache";

/// The package version.
pub const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");

/// The manifest: what the warehouse was built from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// kommunetall version that wrote it ([`tool_build`]).
    pub tool_version: String,
    /// Hash of the schemas, views, mappings and region history compiled in,
    /// and of the job definitions ([`config_hash`]).
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
}

impl ManifestDocument {
    /// The entry of a document read with `hints`, `drawn` its inspect pages.
    #[must_use]
    pub fn of(d: &Document, hints: &Hints, drawn: &BTreeSet<u32>) -> ManifestDocument {
        ManifestDocument {
            source_path: d.source_path.clone(),
            sha256: d.sha256.clone(),
            document_id: d.document_id.clone(),
            hints: hints_text(hints),
            inspect_pages: drawn.iter().copied().collect(),
        }
    }

    /// Whether it describes this job's input: same path, bytes and hints.
    #[must_use]
    pub fn is(&self, source_path: &str, sha256: &str, hints: &Hints) -> bool {
        self.source_path == source_path && self.sha256 == sha256 && self.hints == hints_text(hints)
    }
}

impl Manifest {
    /// The manifest of a warehouse built from `documents` and `kostra_files`
    /// with the job definitions `definition`, at `now_us`.
    #[must_use]
    pub fn new(
        definition: &str,
        documents: Vec<ManifestDocument>,
        kostra_files: Vec<(String, String)>,
        now_us: i64,
    ) -> Manifest {
        Manifest {
            tool_version: tool_build(),
            config_sha256: config_hash(definition),
            documents,
            kostra_files,
            written_at: kommunetall_store::rfc3339(u64::try_from(now_us / 1_000_000).unwrap_or(0)),
        }
    }

    /// The manifest of the warehouse in `dir`, if it has a valid one written
    /// by this build (another build may read documents differently: its
    /// cache is not trusted).
    #[must_use]
    pub fn previous(dir: &Path) -> Option<Manifest> {
        let text = std::fs::read_to_string(dir.join(MANIFEST_FILE)).ok()?;
        let m: Manifest = serde_json::from_str(&text).ok()?;
        (m.tool_version == tool_build()).then_some(m)
    }

    /// Whether the warehouse in `dir`, described by `self`, already holds
    /// what `new` describes (the time of writing aside).
    #[must_use]
    pub fn up_to_date(&self, dir: &Path, new: &Manifest) -> bool {
        dir.join(kommunetall_store::DUCKDB_FILE).exists()
            && self.tool_version == new.tool_version
            && self.config_sha256 == new.config_sha256
            && self.documents == new.documents
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

/// Hash of everything compiled in that shapes the output — the store's
/// catalog (table schemas and views), the mappings, the KOSTRA mapping and the
/// region history — and of the job definitions.
#[must_use]
pub fn config_hash(definition: &str) -> String {
    let mut text = String::from(definition);
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

/// A document of the previous warehouse from its cache, when the entry is
/// there and describes `m`; with the inspect pages drawn of it then.
#[must_use]
pub fn cached(dir: &Path, m: &ManifestDocument) -> Option<(Document, Inspect)> {
    let p = dir.join(CACHE_DIR).join(format!("{}.json", m.document_id));
    let bytes = std::fs::read(&p).ok()?;
    let d: Document = serde_json::from_slice(&bytes)
        .map_err(|e| tracing::warn!(cache = %p.display(), "unreadable cache entry, reading the document again: {e}"))
        .ok()?;
    if d.sha256 != m.sha256 || d.source_path != m.source_path {
        return None;
    }
    let inspect_dir = dir.join(INSPECT_DIR).join(&d.document_id);
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&inspect_dir)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            std::fs::read(e.path()).ok().map(|b| (name, b))
        })
        .collect();
    files.sort();
    let pages = m.inspect_pages.iter().copied().collect();
    Some((d, Inspect { pages, files }))
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
