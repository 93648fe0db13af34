//! KOSTRA figures from SSB for the warehouse: the stored responses of a
//! pipeline's `[kostra]` source (`raw/kostra/`, fetched by `kommunetall kostra
//! fetch` or, for the sample, reconstructed from the report) become
//! `fact_ssb_kostra` rows. Runs never touch the network.

use std::path::{Path, PathBuf};

use kommunetall_kostra::{SsbMapping, TableQuery};

use crate::Error;

/// The report-indicator → SSB table/ContentsCode mapping (`schemas/mappings/kostra_ssb.toml`).
pub const MAPPING_TOML: &str = kommunetall_kostra::KOSTRA_SSB_TOML;

/// One row of `fact_ssb_kostra` (field names equal its columns).
pub use kommunetall_kostra::SsbRow;

/// A KOSTRA source of a plan: where the responses are stored and which queries to load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The store folder (`raw/kostra`, resolved against the project folder).
    pub store: PathBuf,
    /// The query file (`pipelines/kostra.toml`, resolved).
    pub queries: PathBuf,
    /// The store folder as the pipeline names it, prefixed to `source_file`.
    pub store_label: String,
}

fn kerr(path: &Path, e: impl std::fmt::Display) -> Error {
    Error::Kostra {
        path: path.display().to_string(),
        reason: e.to_string(),
    }
}

/// The queries of a query file (`[[kostra]]` or `[[query]]` tables).
///
/// # Errors
/// [`Error::Kostra`] naming the file when it cannot be read or parsed.
pub fn queries(file: &Path) -> Result<Vec<TableQuery>, Error> {
    let text = std::fs::read_to_string(file).map_err(|e| kerr(file, e))?;
    kommunetall_kostra::parse_queries_toml(&text).map_err(|e| kerr(file, e))
}

/// What [`load`] returns: the rows, and the response files read as
/// (path as in `source_file`, sha256).
pub type Loaded = (Vec<SsbRow>, Vec<(String, String)>);

/// Loads every source from its store, offline: the rows and the response files
/// read, as (path as in `source_file`, sha256), for the manifest.
///
/// # Errors
/// [`Error::Kostra`] for an unreadable query file, a request of a query that is
/// not stored (run `kommunetall kostra fetch`), or a malformed response.
pub fn load(sources: &[Source]) -> Result<Loaded, Error> {
    let mut rows = Vec::new();
    let mut files = Vec::new();
    if sources.is_empty() {
        return Ok((rows, files));
    }
    let mapping = SsbMapping::embedded()
        .map_err(|e| kerr(Path::new("schemas/mappings/kostra_ssb.toml"), e))?;
    for s in sources {
        let q = queries(&s.queries)?;
        let loaded =
            kommunetall_kostra::load_offline_with(&s.store, &q, &mapping).map_err(|e| {
                kerr(
                    &s.store,
                    format!("{e} (fetch with `kommunetall kostra fetch`)"),
                )
            })?;
        let prefix = s.store_label.trim_end_matches('/');
        for mut r in loaded.rows {
            r.source_file = format!("{prefix}/{}", r.source_file);
            rows.push(r);
        }
        files.extend(
            loaded
                .files
                .into_iter()
                .map(|f| (format!("{prefix}/{}", f.relative), f.sha256)),
        );
    }
    tracing::info!(
        rows = rows.len(),
        files = files.len(),
        reconstructed = rows.iter().filter(|r| r.reconstructed).count(),
        "KOSTRA responses loaded"
    );
    Ok((rows, files))
}
