//! kommunetall: Norwegian municipal annual reports (PDF, Excel appendices) into
//! a Parquet + DuckDB warehouse.
//!
//! The binary (`src/main.rs`) is a thin CLI over this library:
//! [`pipeline`] reads job definitions, [`ingest`] turns one file into a
//! [`ingest::Document`] (PDF: `kommunetall-pdf` → `kommunetall-grid`;
//! workbooks: `kommunetall-sheet`) with its facts and findings, [`rows`] turns
//! documents into the declared warehouse tables, [`quality`] draws inspect
//! pages and the quality report, [`kostra`] loads SSB's KOSTRA figures and
//! [`run`] ties it together (plan → read → reconcile → publish) and hands
//! the rows to `kommunetall-store`, which swaps the new warehouse in
//! atomically; [`export`] writes extracted tables as text, JSON or CSV
//! (`kommunetall tables`).

pub mod export;
pub mod ingest;
pub mod kostra;
pub mod pipeline;
pub mod quality;
pub mod rows;
pub mod run;

/// Errors of a run. Each names the file (and page/sheet where known).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The pipeline file cannot be read or is invalid.
    #[error("pipeline {path}: {reason}")]
    Pipeline {
        /// The pipeline file.
        path: String,
        /// What is wrong.
        reason: String,
    },
    /// An input document cannot be read at all.
    #[error("{path}: {reason}")]
    Document {
        /// The input file as given.
        path: String,
        /// What is wrong.
        reason: String,
    },
    /// KOSTRA responses or queries cannot be read.
    #[error("KOSTRA {path}: {reason}")]
    Kostra {
        /// The file or folder.
        path: String,
        /// What is wrong.
        reason: String,
    },
    /// Writing the warehouse failed.
    #[error(transparent)]
    Store(#[from] kommunetall_store::StoreError),
}

impl Error {
    /// A document that cannot be read at all (`e` says why), naming it.
    pub fn unreadable(path: &str, e: impl std::fmt::Display) -> Error {
        Error::Document {
            path: path.to_owned(),
            reason: format!("cannot read: {e}"),
        }
    }
}

impl From<kommunetall_facts::MappingError> for Error {
    fn from(e: kommunetall_facts::MappingError) -> Self {
        Error::Pipeline {
            path: "schemas/mappings".into(),
            reason: e.to_string(),
        }
    }
}
