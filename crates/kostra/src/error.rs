//! The error type of this crate.

use std::path::PathBuf;

/// Everything that can go wrong while fetching, storing or interpreting
/// KOSTRA data.
#[derive(Debug, thiserror::Error)]
pub enum KostraError {
    /// SSB answered with a 4xx status (or a 5xx/429 after the last try) and,
    /// usually, an RFC 7807 problem JSON body.
    #[error("SSB answered HTTP {status} to {method} {url}: {title}{}", detail.as_deref().map(|d| format!(" ({d})")).unwrap_or_default())]
    Api {
        /// HTTP status code.
        status: u16,
        /// The problem JSON's `title` (or the start of the body when the
        /// body was not problem JSON).
        title: String,
        /// The problem JSON's `detail`, if any.
        detail: Option<String>,
        /// HTTP method of the failing request.
        method: String,
        /// Full URL of the failing request.
        url: String,
    },

    /// All tries of a request failed on the transport level (connection
    /// refused, timeout, ...).
    #[error("request {method} {url} failed after {tries} tries: {message}")]
    Transport {
        /// HTTP method.
        method: String,
        /// Full URL.
        url: String,
        /// Number of tries made.
        tries: u32,
        /// The last transport error.
        message: String,
    },

    /// The server could not be reached at all (no network, unknown host,
    /// connection refused): found by one quick try before any real work.
    #[error("cannot reach {host} ({url}): {message}")]
    Unreachable {
        /// Host (and port) of the URL.
        host: String,
        /// The URL tried.
        url: String,
        /// The transport error.
        message: String,
    },

    /// Offline mode, and the store has no response for this request.
    #[error("offline mode: no stored response for {method} {request} (looked for {})", path.display())]
    NotInStore {
        /// HTTP method of the missing request.
        method: String,
        /// The request (path and query relative to the base URL, plus the
        /// POST body when there is one).
        request: String,
        /// The file that would hold the response.
        path: PathBuf,
    },

    /// Reading or writing the offline store failed.
    #[error("store I/O on {}: {source}", path.display())]
    Io {
        /// File or folder involved.
        path: PathBuf,
        /// Underlying error.
        #[source]
        source: std::io::Error,
    },

    /// A stored or fetched response could not be read as JSON-stat.
    #[error("{context}: {source}")]
    JsonStat {
        /// What was being read (table id, URL or file).
        context: String,
        /// Underlying error.
        #[source]
        source: kommunetall_jsonstat::JsonStatError,
    },

    /// A JSON document (sidecar, problem JSON) could not be read or written.
    #[error("{context}: {source}")]
    Json {
        /// What was being read or written.
        context: String,
        /// Underlying error.
        #[source]
        source: serde_json::Error,
    },

    /// The query cannot be turned into a request.
    #[error("invalid query for table {table}: {reason}")]
    InvalidQuery {
        /// Table id.
        table: String,
        /// What is wrong.
        reason: String,
    },

    /// A dataset lacks a dimension KOSTRA extraction needs.
    #[error("table {table}: no {what} dimension (looked for {looked_for})")]
    MissingDimension {
        /// Table id (or dataset label).
        table: String,
        /// "region", "time" or "contents".
        what: &'static str,
        /// The roles / ids tried.
        looked_for: &'static str,
    },

    /// A municipality name or code the region history does not know.
    #[error("unknown municipality {0:?} in the region history")]
    UnknownRegion(String),

    /// A TOML file (the SSB mapping, a query file) is malformed or
    /// inconsistent.
    #[error("{context}: {reason}")]
    Config {
        /// Which file or document.
        context: String,
        /// What is wrong.
        reason: String,
    },

    /// The region history (`schemas/municipalities.csv`) is malformed.
    #[error("municipalities.csv line {line}: {reason}")]
    BadTable {
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        reason: String,
    },
}

/// Short alias for results of this crate.
pub type Result<T, E = KostraError> = std::result::Result<T, E>;
