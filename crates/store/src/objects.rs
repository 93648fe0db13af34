//! Where the warehouse's files live: a local folder or an object store
//! (`s3://bucket/prefix`), both through the `object_store` crate, behind a
//! small synchronous API of whole objects named by `/`-separated paths
//! relative to the warehouse root ("parquet/document/…/part-0.parquet",
//! "manifest.json").
//!
//! What the commit protocol ([`swap`](crate::swap)) needs of a store, and
//! what both a local folder and S3 give:
//! - a `put` replaces an object atomically (readers see the old or the new
//!   bytes; the local folder writes a temporary file and renames it);
//! - [`Objects::put_new`] creates an object only if it does not exist (S3
//!   `If-None-Match: *`, a hard link locally): the lock;
//! - [`Objects::rename`] moves an object over another (one `rename(2)`
//!   locally; copy + delete on S3, so a crash between the two leaves the
//!   source, and the move is done again).
//!
//! The object store API is async; a small tokio runtime owned by [`Objects`]
//! runs it for the synchronous callers (the run is not async).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use futures::{StreamExt, TryStreamExt};
use object_store::local::LocalFileSystem;
use object_store::path::Path as ObjectPath;
use object_store::prefix::PrefixStore;
use object_store::{MultipartUpload, ObjectStore, ObjectStoreExt, PutMode, PutOptions, PutPayload};

use crate::error::StoreError;

/// Where a warehouse is: its files (a folder or an object store URL) and
/// the local DuckDB file built from them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// A local folder path, or an `s3://bucket/prefix` URL.
    pub files: String,
    /// The DuckDB file (always local).
    pub duckdb: PathBuf,
}

/// File name of the DuckDB database inside a local warehouse folder.
pub const DUCKDB_FILE: &str = "kommunetall.duckdb";

impl Target {
    /// A warehouse in the local folder `dir`, its DuckDB file inside it.
    #[must_use]
    pub fn dir(dir: &Path) -> Target {
        Target {
            files: dir.to_string_lossy().into_owned(),
            duckdb: dir.join(DUCKDB_FILE),
        }
    }

    /// The warehouse named by `location` — a folder (relative paths start at
    /// `root`) or an object store URL (`s3://bucket/prefix`) — with its
    /// DuckDB file at `duckdb` (relative to `root`) or, when `None`, inside a
    /// local folder, or for a URL at `<root>/.kommunetall/<bucket>/<prefix>/kommunetall.duckdb`.
    #[must_use]
    pub fn resolve(root: &Path, location: &str, duckdb: Option<&Path>) -> Target {
        if let Some(rest) = url_rest(location) {
            let local = root
                .join(".kommunetall")
                .join(rest.trim_matches('/'))
                .join(DUCKDB_FILE);
            return Target {
                files: location.trim_end_matches('/').to_owned(),
                duckdb: duckdb.map_or(local, |d| root.join(d)),
            };
        }
        let dir = root.join(location);
        Target {
            files: dir.to_string_lossy().into_owned(),
            duckdb: duckdb.map_or_else(|| dir.join(DUCKDB_FILE), |d| root.join(d)),
        }
    }

    /// Whether the files are in an object store rather than a local folder.
    #[must_use]
    pub fn is_url(&self) -> bool {
        url_rest(&self.files).is_some()
    }

    /// The local warehouse folder, if the files are local.
    #[must_use]
    pub fn local_dir(&self) -> Option<PathBuf> {
        (!self.is_url()).then(|| PathBuf::from(&self.files))
    }
}

impl std::fmt::Display for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.files)
    }
}

/// `bucket/prefix` of `scheme://bucket/prefix`, for the schemes an object
/// store is named by.
fn url_rest(location: &str) -> Option<&str> {
    let (scheme, rest) = location.split_once("://")?;
    (!scheme.is_empty()
        && scheme
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()))
    .then_some(rest)
}

/// The warehouse's files: whole objects by relative name.
pub struct Objects {
    store: Arc<dyn ObjectStore>,
    rt: tokio::runtime::Runtime,
    /// The local folder, when the store is one (for cleaning up emptied folders).
    local: Option<PathBuf>,
    /// How to name the store in messages.
    name: String,
}

impl std::fmt::Debug for Objects {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Objects").field("name", &self.name).finish()
    }
}

/// One object fetched by [`Objects::get_many`], or the index of the one that failed.
type Fetched = Result<Option<Vec<u8>>, (usize, object_store::Error)>;

/// Objects read or moved at once by [`Objects::get_many`].
const CONCURRENCY: usize = 16;

impl Objects {
    /// The files of `target`: its folder (created when missing) or its
    /// object store. S3 is configured from the environment like the AWS
    /// tools (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_REGION`,
    /// `AWS_ENDPOINT_URL` for an S3-compatible server, `AWS_ALLOW_HTTP=true`
    /// for one without TLS).
    ///
    /// # Errors
    /// [`StoreError::Objects`] for an unknown scheme or a store that cannot
    /// be set up; [`StoreError::Io`] when the folder cannot be created.
    pub fn open(target: &Target) -> Result<Objects, StoreError> {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("kommunetall-objects")
            .enable_all()
            .build()
            .map_err(|e| oerr(&target.files, "", e))?;
        let (store, local): (Arc<dyn ObjectStore>, _) = match target.local_dir() {
            Some(dir) => {
                std::fs::create_dir_all(&dir).map_err(crate::error::io_err(&dir))?;
                let dir = dir.canonicalize().map_err(crate::error::io_err(&dir))?;
                let fs = LocalFileSystem::new_with_prefix(&dir)
                    .map_err(|e| oerr(&target.files, "", e))?
                    .with_automatic_cleanup(true);
                (Arc::new(fs), Some(dir))
            }
            None => (s3(&target.files)?, None),
        };
        Ok(Objects {
            store,
            rt,
            local,
            name: target.files.clone(),
        })
    }

    /// How the store is named in messages (the folder or the URL).
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The local folder, when the files are local.
    #[must_use]
    pub fn local_dir(&self) -> Option<&Path> {
        self.local.as_deref()
    }

    fn path(&self, name: &str) -> Result<ObjectPath, StoreError> {
        ObjectPath::parse(name).map_err(|e| oerr(&self.name, name, e))
    }

    /// The bytes of `name`, `None` when it does not exist.
    ///
    /// # Errors
    /// [`StoreError::Objects`].
    pub fn get(&self, name: &str) -> Result<Option<Vec<u8>>, StoreError> {
        let p = self.path(name)?;
        let store = &self.store;
        self.rt
            .block_on(async {
                match store.get(&p).await {
                    Ok(r) => r.bytes().await.map(|b| Some(b.to_vec())),
                    Err(object_store::Error::NotFound { .. }) => Ok(None),
                    Err(e) => Err(e),
                }
            })
            .map_err(|e| oerr(&self.name, name, e))
    }

    /// [`Objects::get`] of several objects at once (a few requests in flight),
    /// in the order given.
    ///
    /// # Errors
    /// [`StoreError::Objects`].
    pub fn get_many(&self, names: &[String]) -> Result<Vec<Option<Vec<u8>>>, StoreError> {
        let paths = names
            .iter()
            .map(|n| self.path(n))
            .collect::<Result<Vec<_>, _>>()?;
        let store = &self.store;
        let fetched: Vec<Fetched> = self.rt.block_on(
            futures::stream::iter(paths.iter().enumerate())
                .map(|(i, p)| async move {
                    match store.get(p).await {
                        Ok(r) => r
                            .bytes()
                            .await
                            .map(|b| Some(b.to_vec()))
                            .map_err(|e| (i, e)),
                        Err(object_store::Error::NotFound { .. }) => Ok(None),
                        Err(e) => Err((i, e)),
                    }
                })
                .buffered(CONCURRENCY)
                .collect(),
        );
        fetched
            .into_iter()
            .map(|r| r.map_err(|(i, e)| oerr(&self.name, &names[i], e)))
            .collect()
    }

    /// Writes `bytes` as `name`, replacing it atomically.
    ///
    /// # Errors
    /// [`StoreError::Objects`].
    pub fn put(&self, name: &str, bytes: Vec<u8>) -> Result<(), StoreError> {
        let p = self.path(name)?;
        self.rt
            .block_on(self.store.put(&p, PutPayload::from(bytes)))
            .map(|_| ())
            .map_err(|e| oerr(&self.name, name, e))
    }

    /// Creates `name` with `bytes` only if no object has that name; `false`
    /// when one has (S3 `If-None-Match: *`; locally a hard link that fails
    /// on an existing file).
    ///
    /// # Errors
    /// [`StoreError::Objects`].
    pub fn put_new(&self, name: &str, bytes: Vec<u8>) -> Result<bool, StoreError> {
        let p = self.path(name)?;
        let opts = PutOptions {
            mode: PutMode::Create,
            ..PutOptions::default()
        };
        match self
            .rt
            .block_on(self.store.put_opts(&p, PutPayload::from(bytes), opts))
        {
            Ok(_) => Ok(true),
            Err(
                object_store::Error::AlreadyExists { .. }
                | object_store::Error::Precondition { .. },
            ) => Ok(false),
            Err(e) => Err(oerr(&self.name, name, e)),
        }
    }

    /// Starts writing `name` in parts (a multipart upload): for objects too
    /// large to hold in memory at once. Nothing is visible under `name`
    /// until [`PartWriter::finish`].
    ///
    /// # Errors
    /// [`StoreError::Objects`].
    pub fn put_parts(&self, name: &str) -> Result<PartWriter<'_>, StoreError> {
        let p = self.path(name)?;
        let upload = self
            .rt
            .block_on(self.store.put_multipart(&p))
            .map_err(|e| oerr(&self.name, name, e))?;
        Ok(PartWriter {
            objects: self,
            name: name.to_owned(),
            upload,
            buf: Vec::new(),
        })
    }

    /// Moves `from` over `to`; `false` when `from` does not exist (moved
    /// before).
    ///
    /// # Errors
    /// [`StoreError::Objects`].
    pub fn rename(&self, from: &str, to: &str) -> Result<bool, StoreError> {
        let (f, t) = (self.path(from)?, self.path(to)?);
        match self.rt.block_on(self.store.rename(&f, &t)) {
            Ok(()) => {
                self.remove_empty_parents(from);
                Ok(true)
            }
            Err(object_store::Error::NotFound { .. }) => Ok(false),
            Err(e) => Err(oerr(&self.name, &format!("{from} → {to}"), e)),
        }
    }

    /// Locally, removes the folders above `name` that a move emptied (as
    /// the store's own cleanup does after a delete), so that a folder exists
    /// only while it holds an object, as in S3.
    fn remove_empty_parents(&self, name: &str) {
        let Some(root) = &self.local else { return };
        let mut p = root.join(name);
        while p.pop() && p.starts_with(root) && p != *root {
            if std::fs::remove_dir(&p).is_err() {
                break;
            }
        }
    }

    /// Deletes `name`; nothing when it does not exist.
    ///
    /// # Errors
    /// [`StoreError::Objects`].
    pub fn delete(&self, name: &str) -> Result<(), StoreError> {
        let p = self.path(name)?;
        match self.rt.block_on(self.store.delete(&p)) {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(oerr(&self.name, name, e)),
        }
    }

    /// Every object under the folder `prefix` ("" for all), recursively, by
    /// name, sorted.
    ///
    /// # Errors
    /// [`StoreError::Objects`].
    pub fn list(&self, prefix: &str) -> Result<Vec<String>, StoreError> {
        let p = (!prefix.is_empty())
            .then(|| self.path(prefix))
            .transpose()?;
        let listed: Result<Vec<_>, _> = self
            .rt
            .block_on(self.store.list(p.as_ref()).try_collect::<Vec<_>>());
        let mut names: Vec<String> = match listed {
            Ok(l) => l.into_iter().map(|m| m.location.to_string()).collect(),
            Err(object_store::Error::NotFound { .. }) => Vec::new(),
            Err(e) => return Err(oerr(&self.name, prefix, e)),
        };
        names.sort();
        Ok(names)
    }

    /// The names of the folders directly under `prefix` ("" for the root),
    /// sorted.
    ///
    /// # Errors
    /// [`StoreError::Objects`].
    pub fn list_folders(&self, prefix: &str) -> Result<Vec<String>, StoreError> {
        let p = (!prefix.is_empty())
            .then(|| self.path(prefix))
            .transpose()?;
        let mut names: Vec<String> =
            match self.rt.block_on(self.store.list_with_delimiter(p.as_ref())) {
                Ok(l) => l
                    .common_prefixes
                    .into_iter()
                    .filter_map(|c| c.filename().map(str::to_owned))
                    .collect(),
                Err(object_store::Error::NotFound { .. }) => Vec::new(),
                Err(e) => return Err(oerr(&self.name, prefix, e)),
            };
        names.sort();
        Ok(names)
    }

    /// Deletes every object under the folder `prefix` (and, locally, the
    /// emptied folders).
    ///
    /// # Errors
    /// [`StoreError::Objects`], [`StoreError::Io`].
    pub fn delete_all(&self, prefix: &str) -> Result<(), StoreError> {
        if let Some(dir) = &self.local {
            let p = dir.join(prefix);
            return match std::fs::remove_dir_all(&p) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                    Err(crate::error::io_err(&p)(e))
                }
                _ => Ok(()),
            };
        }
        for name in self.list(prefix)? {
            self.delete(&name)?;
        }
        Ok(())
    }
}

/// An object written in parts ([`Objects::put_parts`]).
pub struct PartWriter<'o> {
    objects: &'o Objects,
    name: String,
    upload: Box<dyn MultipartUpload>,
    buf: Vec<u8>,
}

/// Bytes per part: above S3's 5 MiB minimum for every part but the last.
const PART_SIZE: usize = 8 << 20;

impl PartWriter<'_> {
    /// Appends `bytes`; a full part is uploaded.
    ///
    /// # Errors
    /// [`StoreError::Objects`].
    pub fn write(&mut self, bytes: &[u8]) -> Result<(), StoreError> {
        self.buf.extend_from_slice(bytes);
        if self.buf.len() >= PART_SIZE {
            self.flush_part()?;
        }
        Ok(())
    }

    fn flush_part(&mut self) -> Result<(), StoreError> {
        let part = PutPayload::from(std::mem::take(&mut self.buf));
        let o = self.objects;
        o.rt.block_on(self.upload.put_part(part))
            .map_err(|e| oerr(&o.name, &self.name, e))
    }

    /// Uploads the rest and makes the object visible.
    ///
    /// # Errors
    /// [`StoreError::Objects`].
    pub fn finish(mut self) -> Result<(), StoreError> {
        if !self.buf.is_empty() {
            self.flush_part()?;
        }
        let o = self.objects;
        o.rt.block_on(self.upload.complete())
            .map(|_| ())
            .map_err(|e| oerr(&o.name, &self.name, e))
    }
}

/// An S3 store for `s3://bucket/prefix`, configured from the environment.
fn s3(url: &str) -> Result<Arc<dyn ObjectStore>, StoreError> {
    let Some(rest) = url
        .strip_prefix("s3://")
        .or_else(|| url.strip_prefix("s3a://"))
    else {
        return Err(oerr(
            url,
            "",
            "unsupported warehouse URL: a folder or s3://bucket/prefix",
        ));
    };
    let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
    let s3 = object_store::aws::AmazonS3Builder::from_env()
        .with_bucket_name(bucket)
        .build()
        .map_err(|e| oerr(url, "", e))?;
    let prefix = prefix.trim_matches('/');
    if prefix.is_empty() {
        return Ok(Arc::new(s3));
    }
    let p = ObjectPath::parse(prefix).map_err(|e| oerr(url, "", e))?;
    Ok(Arc::new(PrefixStore::new(s3, p)))
}

fn oerr(store: &str, name: &str, e: impl std::fmt::Display) -> StoreError {
    StoreError::Objects {
        store: store.to_owned(),
        name: name.to_owned(),
        reason: e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_name_a_folder_or_a_url_with_a_local_duckdb() {
        let root = Path::new("/p");
        let t = Target::resolve(root, "warehouse", None);
        assert_eq!(t.files, "/p/warehouse");
        assert_eq!(t.duckdb, Path::new("/p/warehouse/kommunetall.duckdb"));
        assert!(!t.is_url());
        let t = Target::resolve(root, "s3://bucket/some/prefix/", None);
        assert_eq!(t.files, "s3://bucket/some/prefix");
        assert!(t.is_url());
        assert_eq!(
            t.duckdb,
            Path::new("/p/.kommunetall/bucket/some/prefix/kommunetall.duckdb")
        );
        let t = Target::resolve(root, "s3://b/x", Some(Path::new("db/k.duckdb")));
        assert_eq!(t.duckdb, Path::new("/p/db/k.duckdb"));
        assert!(t.local_dir().is_none());
    }

    #[test]
    fn a_local_folder_keeps_whole_objects_and_creates_only_once() {
        let dir = tempfile::tempdir().expect("tmp");
        let o = Objects::open(&Target::dir(dir.path())).expect("open");
        assert_eq!(o.get("a/b.txt").expect("get"), None);
        o.put("a/b.txt", b"one".to_vec()).expect("put");
        assert_eq!(o.get("a/b.txt").expect("get"), Some(b"one".to_vec()));
        assert!(o.put_new(".lock", b"x".to_vec()).expect("first"));
        assert!(!o.put_new(".lock", b"y".to_vec()).expect("second"));
        assert_eq!(o.get(".lock").expect("get"), Some(b"x".to_vec()));
        assert!(o.rename("a/b.txt", "c/d.txt").expect("mv"));
        assert!(!o.rename("a/b.txt", "c/d.txt").expect("gone"));
        assert_eq!(o.list("").expect("ls"), vec![".lock", "c/d.txt"]);
        assert_eq!(o.list_folders("").expect("ls"), vec!["c"]);
        let mut w = o.put_parts("big.bin").expect("parts");
        for _ in 0..3 {
            w.write(&vec![7u8; 5 << 20]).expect("write");
        }
        w.finish().expect("finish");
        assert_eq!(
            o.get("big.bin").expect("get").map(|b| b.len()),
            Some(15 << 20)
        );
        o.delete_all("c").expect("rm");
        o.delete("nope").expect("deleting nothing is fine");
        assert!(!dir.path().join("c").exists());
        let many = o
            .get_many(&[".lock".to_owned(), "missing".to_owned()])
            .expect("many");
        assert_eq!(many, vec![Some(b"x".to_vec()), None]);
    }
}
