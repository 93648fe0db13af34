//! The offline store: every response fetched from SSB is kept as
//! `<root>/<table>/<key>.json` (the body, byte for byte) next to a sidecar
//! `<root>/<table>/<key>.meta.json` that records the request (method, URL,
//! body), when it was fetched (UTC, RFC 3339), the HTTP status and the
//! provenance. `<key>` is [`Request::key`]: a SHA-256 of method, path and
//! body, so file names are deterministic and independent of the base URL.
//!
//! In the project the root is `raw/kostra/`.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{KostraError, Result};
use crate::request::{Endpoint, Method, Request};

/// Where a stored response came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Provenance {
    /// Fetched from SSB's API by this client.
    #[serde(rename = "fetched from SSB")]
    FetchedFromSsb,
    /// Written by hand or rebuilt from other material (e.g. the figures a
    /// report prints), not an actual API answer. Such responses say so in
    /// their JSON-stat `note` and `extension.kommunetall` as well.
    #[serde(rename = "reconstructed")]
    Reconstructed,
}

/// The request part of a sidecar.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestRecord {
    /// `GET` or `POST`.
    pub method: Method,
    /// The full URL the request went to.
    pub url: String,
    /// The POST body, `null` for GET.
    pub body: Option<Value>,
    /// Table id.
    pub table_id: String,
    /// Metadata or data.
    pub endpoint: Endpoint,
    /// Path and query relative to the base URL (what the key hashes).
    pub path: String,
}

/// The sidecar `<key>.meta.json` of a stored response.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredMeta {
    /// The request.
    pub request: RequestRecord,
    /// When the response was received, UTC, RFC 3339 (`2025-03-01T12:00:00Z`).
    pub fetched_at: String,
    /// HTTP status of the response; 0 for a reconstructed response (no
    /// HTTP exchange took place).
    pub status: u16,
    /// Fetched from SSB, or reconstructed.
    pub provenance: Provenance,
    /// The store key (file stem).
    pub key: String,
    /// Size of the body in bytes.
    pub bytes: u64,
    /// Free text, e.g. what a reconstructed response was rebuilt from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A response read back from the store.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredResponse {
    /// The body, byte for byte as received.
    pub body: Vec<u8>,
    /// The sidecar (`None` if the body file has no sidecar).
    pub meta: Option<StoredMeta>,
    /// Path of the body file.
    pub path: PathBuf,
}

/// A folder of stored responses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Store {
    root: PathBuf,
}

impl Store {
    /// A store rooted at `root` (created on the first write).
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    /// The root folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Path of the body file for a request.
    pub fn body_path(&self, request: &Request) -> PathBuf {
        self.root
            .join(&request.table_id)
            .join(format!("{}.json", request.key()))
    }

    /// Path of the sidecar for a request.
    pub fn meta_path(&self, request: &Request) -> PathBuf {
        self.root
            .join(&request.table_id)
            .join(format!("{}.meta.json", request.key()))
    }

    /// Whether a response for the request is stored.
    pub fn contains(&self, request: &Request) -> bool {
        self.body_path(request).is_file()
    }

    /// Reads the stored response for a request, `Ok(None)` when absent.
    pub fn get(&self, request: &Request) -> Result<Option<StoredResponse>> {
        let path = self.body_path(request);
        let body = match fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => return Err(KostraError::Io { path, source }),
        };
        let meta_path = self.meta_path(request);
        let meta = match fs::read(&meta_path) {
            Ok(m) => Some(
                serde_json::from_slice(&m).map_err(|source| KostraError::Json {
                    context: format!("sidecar {}", meta_path.display()),
                    source,
                })?,
            ),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(source) => {
                return Err(KostraError::Io {
                    path: meta_path,
                    source,
                });
            }
        };
        Ok(Some(StoredResponse { body, meta, path }))
    }

    /// Stores a response body and its sidecar (replacing an earlier one),
    /// writing each file through a temporary file and a rename.
    pub fn put(
        &self,
        request: &Request,
        base_url: &str,
        body: &[u8],
        status: u16,
        provenance: Provenance,
        fetched_at: SystemTime,
    ) -> Result<StoredMeta> {
        self.put_with_note(
            request, base_url, body, status, provenance, fetched_at, None,
        )
    }

    /// [`Store::put`] with a note in the sidecar.
    #[allow(clippy::too_many_arguments)]
    pub fn put_with_note(
        &self,
        request: &Request,
        base_url: &str,
        body: &[u8],
        status: u16,
        provenance: Provenance,
        fetched_at: SystemTime,
        note: Option<&str>,
    ) -> Result<StoredMeta> {
        let dir = self.root.join(&request.table_id);
        fs::create_dir_all(&dir).map_err(|source| KostraError::Io {
            path: dir.clone(),
            source,
        })?;
        let meta = StoredMeta {
            request: RequestRecord {
                method: request.method,
                url: request.url(base_url),
                body: request.body.clone(),
                table_id: request.table_id.clone(),
                endpoint: request.endpoint,
                path: request.path.clone(),
            },
            fetched_at: rfc3339_utc(fetched_at),
            status,
            provenance,
            key: request.key(),
            bytes: body.len() as u64,
            note: note.map(str::to_owned),
        };
        let meta_json = serde_json::to_vec_pretty(&meta).map_err(|source| KostraError::Json {
            context: "sidecar".into(),
            source,
        })?;
        write_atomic(&self.body_path(request), body)?;
        write_atomic(&self.meta_path(request), &meta_json)?;
        Ok(meta)
    }
}

/// Lower-case hex SHA-256 of bytes (the stored files' fingerprints).
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn write_atomic(path: &Path, data: &[u8]) -> Result<()> {
    let tmp = path.with_extension("tmp");
    fs::write(&tmp, data).map_err(|source| KostraError::Io {
        path: tmp.clone(),
        source,
    })?;
    fs::rename(&tmp, path).map_err(|source| KostraError::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// Formats a time as UTC RFC 3339 with second precision, e.g.
/// `2025-03-01T12:00:00Z`. Times before 1970 are clamped to the epoch.
pub fn rfc3339_utc(t: SystemTime) -> String {
    let secs = t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    let rem = secs % 86_400;
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    )
}

/// Proleptic Gregorian date of a day count since 1970-01-01.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    // Shift to a calendar whose years start in March, counted in 400-year
    // eras of 146 097 days, so leap days fall at the end of a year.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097); // day of era, 0..=146096
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // 0..=399
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // day of (March) year
    let mp = (5 * doy + 2) / 153; // month, March = 0
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (
        y,
        u32::try_from(m).unwrap_or(1),
        u32::try_from(d).unwrap_or(1),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn timestamps() {
        assert_eq!(rfc3339_utc(UNIX_EPOCH), "1970-01-01T00:00:00Z");
        // 2000-02-29 12:34:56
        assert_eq!(
            rfc3339_utc(UNIX_EPOCH + Duration::from_secs(951_827_696)),
            "2000-02-29T12:34:56Z"
        );
        // 2024-12-31 23:59:59
        assert_eq!(
            rfc3339_utc(UNIX_EPOCH + Duration::from_secs(1_735_689_599)),
            "2024-12-31T23:59:59Z"
        );
    }
}
