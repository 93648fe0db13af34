//! One write of the warehouse ([`Writer`]): Parquet partitions, whole
//! tables and other files staged, then committed with the manifest last
//! ([`swap`](crate::swap)), then the DuckDB file brought up to the new commit
//! ([`duck`](crate::duck)).
//!
//! A write rewrites only what it is given: the partitions of the documents
//! that changed ([`Writer::partition`]), the tables written whole whose
//! bytes changed ([`Writer::table`]), the files named. A full write
//! ([`Writer::begin`] with `full`) also deletes every Parquet file it did not
//! write. Memory is what one call is given: a caller streams partitions
//! through the writer one at a time.

use std::collections::BTreeSet;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::data::TableData;
use crate::duck::{self, CommitRecord};
use crate::error::StoreError;
use crate::objects::{PartWriter, Target};
use crate::parquet_out::{self, PARQUET_DIR};
use crate::schema::Catalog;
use crate::swap::{self, Lock, Staging};

/// File name of the manifest inside the warehouse: what the warehouse was
/// built from. Written by the store itself, after everything it describes;
/// the store adds its commit record under the key `store`.
pub const MANIFEST_FILE: &str = "manifest.json";

/// What a write produced.
#[derive(Debug, Clone, Default)]
pub struct WriteSummary {
    /// (table, rows) for every table written, rows of the partitions written.
    pub rows: Vec<(String, usize)>,
    /// Parquet objects written, relative to the warehouse.
    pub parquet_files: Vec<String>,
    /// Parquet objects deleted (partitions that are gone).
    pub parquet_deleted: Vec<String>,
    /// Whether the DuckDB file was written.
    pub duckdb_written: bool,
}

impl WriteSummary {
    fn add_rows(&mut self, table: &str, n: usize) {
        match self.rows.iter_mut().find(|(t, _)| t == table) {
            Some((_, m)) => *m += n,
            None => self.rows.push((table.to_owned(), n)),
        }
    }
}

/// Takes the write lock of `target` (waiting up to `wait` for another run),
/// finishes or discards what an interrupted write left, and brings the
/// DuckDB file up to the warehouse's last commit: what the caller reads
/// afterwards is one complete warehouse.
///
/// # Errors
/// [`StoreError::Locked`] when another run still holds the lock; any other
/// [`StoreError`] of the recovery.
pub fn lock(target: &Target, wait: Option<Duration>) -> Result<Lock, StoreError> {
    let lock = Lock::acquire_waiting(target, wait)?;
    swap::recover(lock.objects())?;
    if let Some(rec) = last_commit(&lock)? {
        duck::sync(
            &target.duckdb,
            &Catalog::embedded()?,
            lock.objects(),
            &rec,
            None,
        )?;
    }
    Ok(lock)
}

/// The commit record of the warehouse's manifest, if it has one.
fn last_commit(lock: &Lock) -> Result<Option<CommitRecord>, StoreError> {
    let Some(bytes) = lock.objects().get(MANIFEST_FILE)? else {
        return Ok(None);
    };
    let rec = serde_json::from_slice::<serde_json::Value>(&bytes)
        .ok()
        .and_then(|mut v| v.get_mut("store").map(serde_json::Value::take))
        .and_then(|s| serde_json::from_value::<CommitRecord>(s).ok());
    Ok(rec)
}

/// A write in progress under a [`Lock`].
#[derive(Debug)]
pub struct Writer<'l> {
    lock: &'l Lock,
    catalog: &'l Catalog,
    staging: Staging<'l>,
    full: bool,
    parent: Option<String>,
    partitions: BTreeSet<String>,
    tables: BTreeSet<String>,
    summary: WriteSummary,
    /// The new DuckDB file of a full write, created while the write goes on.
    prepared: Option<duck::Prepared>,
}

impl<'l> Writer<'l> {
    /// Starts a write. With `full`, every Parquet file not written by it is
    /// deleted at the commit and the DuckDB file is reloaded whole.
    ///
    /// # Errors
    /// [`StoreError::Objects`] when the previous manifest cannot be read.
    pub fn begin(
        lock: &'l Lock,
        catalog: &'l Catalog,
        full: bool,
    ) -> Result<Writer<'l>, StoreError> {
        let parent = last_commit(lock)?.map(|c| c.id);
        // A full write loads a new DuckDB file: its tables and views are
        // created meanwhile.
        let prepared = if full {
            duck::Prepared::start(&lock.target().duckdb, catalog)
        } else {
            None
        };
        Ok(Writer {
            lock,
            catalog,
            staging: Staging::create(lock.objects()),
            full,
            parent,
            partitions: BTreeSet::new(),
            tables: BTreeSet::new(),
            summary: WriteSummary::default(),
            prepared,
        })
    }

    /// The warehouse's files (as they are before this write's commit).
    #[must_use]
    pub fn objects(&self) -> &'l crate::objects::Objects {
        self.lock.objects()
    }

    /// Stages the partition `key` (a Hive path, see [`crate::hive_path`]) of
    /// every partitioned table in `tables`: one Parquet file each, also when
    /// it has no rows (so every partition holds every table).
    ///
    /// # Errors
    /// [`StoreError::Value`] when a row of `tables` is in another partition;
    /// [`StoreError::Parquet`], [`StoreError::Objects`].
    pub fn partition(&mut self, key: &str, tables: &[TableData]) -> Result<(), StoreError> {
        for t in tables.iter().filter(|t| t.def().is_partitioned()) {
            let name = &t.def().name;
            for (k, batch) in parquet_out::split(t, key)? {
                if k != key {
                    return Err(StoreError::Value {
                        table: name.clone(),
                        column: "(partition)".into(),
                        reason: format!("a row of partition {k} written as {key}"),
                    });
                }
                let object = parquet_out::object_name(name, key);
                self.staging
                    .put(&object, parquet_out::encode(&object, &batch)?)?;
                self.summary.parquet_files.push(object);
            }
            self.summary.add_rows(name, t.len());
        }
        self.partitions.insert(key.to_owned());
        Ok(())
    }

    /// Deletes the partition `key` of every partitioned table.
    pub fn remove_partition(&mut self, key: &str) {
        for def in self.catalog.tables.iter().filter(|d| d.is_partitioned()) {
            let object = parquet_out::object_name(&def.name, key);
            self.staging.delete(&object);
            self.summary.parquet_deleted.push(object);
        }
        self.partitions.insert(key.to_owned());
    }

    /// Stages a table written whole (not partitioned), unless its bytes
    /// equal the file in place (and the write is not full).
    ///
    /// # Errors
    /// [`StoreError::Value`] for a partitioned table; [`StoreError::Parquet`],
    /// [`StoreError::Objects`].
    pub fn table(&mut self, t: &TableData) -> Result<(), StoreError> {
        let name = &t.def().name;
        if t.def().is_partitioned() {
            return Err(StoreError::Value {
                table: name.clone(),
                column: "(partition)".into(),
                reason: "a partitioned table is written by partition".into(),
            });
        }
        let object = parquet_out::object_name(name, "");
        let bytes = match parquet_out::split(t, "")?.pop() {
            Some((_, batch)) => parquet_out::encode(&object, &batch)?,
            None => return Ok(()),
        };
        if !self.full && self.lock.objects().get(&object)?.as_deref() == Some(&bytes[..]) {
            return Ok(());
        }
        self.staging.put(&object, bytes)?;
        self.summary.parquet_files.push(object);
        self.summary.add_rows(name, t.len());
        self.tables.insert(name.clone());
        Ok(())
    }

    /// Stages a file beside the tables (a report, a cache entry: "cache/x.json").
    ///
    /// # Errors
    /// [`StoreError::Reserved`] for the manifest, the lock or anything under
    /// `parquet/`; [`StoreError::Objects`].
    pub fn file(&mut self, name: &str, bytes: Vec<u8>) -> Result<(), StoreError> {
        reserved(name)?;
        self.staging.put(name, bytes)
    }

    /// [`Writer::file`] written in parts (for a file too large to hold in
    /// memory); finish the returned writer before the commit.
    ///
    /// # Errors
    /// As [`Writer::file`].
    pub fn file_parts(&mut self, name: &str) -> Result<PartWriter<'l>, StoreError> {
        reserved(name)?;
        self.staging.put_parts(name)
    }

    /// The bytes of `name` as this write leaves it: staged by it, else in place.
    ///
    /// # Errors
    /// [`StoreError::Objects`].
    pub fn read(&self, name: &str) -> Result<Option<Vec<u8>>, StoreError> {
        match self.staging.resolve(name) {
            Some(n) => self.lock.objects().get(&n),
            None => Ok(None),
        }
    }

    /// [`Writer::read`] of several files at once (a few requests in flight).
    ///
    /// # Errors
    /// [`StoreError::Objects`].
    pub fn read_many(&self, names: &[String]) -> Result<Vec<Option<Vec<u8>>>, StoreError> {
        let resolved: Vec<Option<String>> = names.iter().map(|n| self.staging.resolve(n)).collect();
        let live: Vec<String> = resolved.iter().flatten().cloned().collect();
        let mut fetched = self.lock.objects().get_many(&live)?.into_iter();
        Ok(resolved
            .iter()
            .map(|r| r.as_ref().and_then(|_| fetched.next().flatten()))
            .collect())
    }

    /// Deletes a file at the commit.
    ///
    /// # Errors
    /// [`StoreError::Reserved`] as [`Writer::file`].
    pub fn remove(&mut self, name: &str) -> Result<(), StoreError> {
        reserved(name)?;
        self.staging.delete(name);
        Ok(())
    }

    /// Deletes every file now under the folder `prefix` ("inspect/abc") at
    /// the commit, but those this write puts.
    ///
    /// # Errors
    /// As [`Writer::remove`]; [`StoreError::Objects`].
    pub fn remove_folder(&mut self, prefix: &str) -> Result<(), StoreError> {
        reserved(prefix)?;
        for name in self.lock.objects().list(prefix)? {
            if !self.staging.touches(&name) {
                self.staging.delete(&name);
            }
        }
        Ok(())
    }

    /// Commits: `manifest` (a JSON object; the store adds its commit record
    /// under `store`) is staged last, everything is swapped in, and the
    /// DuckDB file is brought up to the new commit.
    ///
    /// # Errors
    /// [`StoreError::Value`] when `manifest` is not a JSON object; any other
    /// [`StoreError`]. An error before the commit point leaves the previous
    /// warehouse; after it (the DuckDB update), the files are committed and
    /// the next run's lock brings the DuckDB file up to date.
    pub fn commit(mut self, manifest: &[u8]) -> Result<WriteSummary, StoreError> {
        if self.full {
            for name in self.lock.objects().list(PARQUET_DIR)? {
                if !self.staging.touches(&name) && name.ends_with(".parquet") {
                    self.staging.delete(&name);
                    self.summary.parquet_deleted.push(name);
                }
            }
        }
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let rec = CommitRecord {
            id: format!("{nanos:x}-{}", std::process::id()),
            parent: self.parent.clone(),
            full: self.full,
            partitions: if self.full {
                Vec::new()
            } else {
                self.partitions.iter().cloned().collect()
            },
            tables: if self.full {
                Vec::new()
            } else {
                self.tables.iter().cloned().collect()
            },
        };
        let mut m: serde_json::Value =
            serde_json::from_slice(manifest).map_err(|e| StoreError::Value {
                table: MANIFEST_FILE.into(),
                column: "(manifest)".into(),
                reason: e.to_string(),
            })?;
        let Some(obj) = m.as_object_mut() else {
            return Err(StoreError::Value {
                table: MANIFEST_FILE.into(),
                column: "(manifest)".into(),
                reason: "not a JSON object".into(),
            });
        };
        obj.insert(
            "store".into(),
            serde_json::to_value(&rec).unwrap_or_default(),
        );
        let bytes = serde_json::to_vec_pretty(&m).unwrap_or_default();
        self.staging.put(MANIFEST_FILE, bytes)?;
        let t = std::time::Instant::now();
        self.staging.commit()?;
        tracing::debug!(secs = t.elapsed().as_secs_f64(), "staged files swapped in");
        let target = self.lock.target();
        self.summary.duckdb_written = duck::sync(
            &target.duckdb,
            self.catalog,
            self.lock.objects(),
            &rec,
            self.prepared.take(),
        )?;
        Ok(self.summary)
    }
}

fn reserved(name: &str) -> Result<(), StoreError> {
    let top = name.split('/').next().unwrap_or(name);
    if top == MANIFEST_FILE
        || top == PARQUET_DIR
        || top == swap::LOCK_FILE
        || top.starts_with(".staging-")
    {
        return Err(StoreError::Reserved {
            name: name.to_owned(),
        });
    }
    Ok(())
}

/// Writes a complete warehouse to `target` — `tables` (split into their
/// partitions), `files` and the manifest — replacing what it held, under the
/// lock. A convenience for whole writes; a run streams through [`Writer`].
///
/// # Errors
/// Any [`StoreError`]; on an error before the commit the previous warehouse
/// is untouched.
pub fn write(
    target: &Target,
    catalog: &Catalog,
    tables: &[TableData],
    files: &[(String, Vec<u8>)],
    manifest: &[u8],
) -> Result<WriteSummary, StoreError> {
    let lock = lock(target, None)?;
    let mut w = Writer::begin(&lock, catalog, true)?;
    for t in tables {
        if !t.def().is_partitioned() {
            w.table(t)?;
            continue;
        }
        if t.is_empty() {
            continue;
        }
        let name = &t.def().name;
        for (key, batch) in parquet_out::split(t, "")? {
            let object = parquet_out::object_name(name, &key);
            w.staging
                .put(&object, parquet_out::encode(&object, &batch)?)?;
            w.summary.parquet_files.push(object);
            w.partitions.insert(key);
        }
        w.summary.add_rows(name, t.len());
    }
    for (name, bytes) in files {
        w.file(name, bytes.clone())?;
    }
    w.commit(manifest)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Value;

    fn period(t: &mut TableData, y: i32) {
        #[derive(serde::Serialize)]
        struct P {
            period_year: i32,
            label: String,
        }
        t.push_record(
            &[],
            &P {
                period_year: y,
                label: y.to_string(),
            },
        )
        .expect("row");
    }

    #[test]
    fn the_manifest_is_written_by_the_store_and_cannot_be_smuggled_in() {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = Target::dir(dir.path());
        let cat = Catalog::embedded().expect("catalog");
        let tables: Vec<TableData> = cat.tables.iter().map(TableData::new).collect();
        let files = vec![("cache/a.json".to_owned(), b"{}".to_vec())];
        let s = write(&target, &cat, &tables, &files, b"{\"m\":1}").expect("write");
        assert!(s.duckdb_written);
        let m: serde_json::Value = serde_json::from_slice(
            &std::fs::read(dir.path().join(MANIFEST_FILE)).expect("manifest"),
        )
        .expect("json");
        assert_eq!(m["m"], 1);
        assert_eq!(m["store"]["full"], true);
        assert!(dir.path().join("cache/a.json").exists());
        let bad = vec![(MANIFEST_FILE.to_owned(), b"x".to_vec())];
        let e = write(&target, &cat, &tables, &bad, b"{}").expect_err("reserved");
        assert!(e.to_string().contains(MANIFEST_FILE), "{e}");
        let after: serde_json::Value = serde_json::from_slice(
            &std::fs::read(dir.path().join(MANIFEST_FILE)).expect("manifest"),
        )
        .expect("json");
        assert_eq!(after, m, "a refused write leaves the previous warehouse");
        let stray: Vec<String> = std::fs::read_dir(dir.path())
            .expect("ls")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with('.'))
            .collect();
        assert!(stray.is_empty(), "{stray:?}");
    }

    #[test]
    fn an_incremental_write_touches_only_its_partitions_and_duckdb_follows() {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = Target::dir(dir.path());
        let cat = Catalog::embedded().expect("catalog");
        let def = cat.get("quality_finding").expect("qf");
        let finding = |code: &str, year: i32, msg: &str| {
            let mut t = TableData::new(def);
            let rec = serde_json::json!({
                "rule": "r", "severity": "warning", "message": msg, "table_id": null,
                "row_label": null, "column_label": null, "expected": null, "actual": null,
                "page": null, "sheet": null,
            });
            let fixed = [
                ("document_id", Value::Str(format!("d{code}{year}"))),
                ("municipality_code", Value::Str(code.into())),
                ("report_year", Value::I32(year)),
            ];
            t.push_record(&fixed, &rec).expect("row");
            t
        };
        let key = |code: &str, year: i32| {
            crate::hive_path(&[
                ("municipality_code", &Value::Str(code.into())),
                ("report_year", &Value::I32(year)),
            ])
            .expect("key")
        };
        {
            let l = lock(&target, None).expect("lock");
            let mut w = Writer::begin(&l, &cat, true).expect("begin");
            w.partition(&key("5001", 2024), &[finding("5001", 2024, "a")])
                .expect("p");
            w.partition(&key("0301", 2024), &[finding("0301", 2024, "b")])
                .expect("p");
            let mut periods = TableData::new(cat.get("dim_period").expect("dim"));
            period(&mut periods, 2024);
            w.table(&periods).expect("t");
            w.commit(b"{}").expect("commit");
        }
        let oslo = dir
            .path()
            .join("parquet/quality_finding/municipality_code=0301/report_year=2024/part-0.parquet");
        let oslo_mtime = std::fs::metadata(&oslo)
            .expect("oslo")
            .modified()
            .expect("mtime");
        {
            let l = lock(&target, None).expect("lock");
            let mut w = Writer::begin(&l, &cat, false).expect("begin");
            w.partition(&key("5001", 2024), &[finding("5001", 2024, "changed")])
                .expect("p");
            w.remove_partition(&key("4601", 2023));
            let mut periods = TableData::new(cat.get("dim_period").expect("dim"));
            period(&mut periods, 2024);
            w.table(&periods).expect("same bytes: not staged");
            let s = w.commit(b"{}").expect("commit");
            assert_eq!(s.parquet_files.len(), 1, "{s:?}");
            assert!(s.duckdb_written);
        }
        assert_eq!(
            std::fs::metadata(&oslo)
                .expect("oslo")
                .modified()
                .expect("mtime"),
            oslo_mtime,
            "another partition is not touched"
        );
        let cfg = duckdb::Config::default()
            .access_mode(duckdb::AccessMode::ReadOnly)
            .expect("cfg");
        let conn = duckdb::Connection::open_with_flags(&target.duckdb, cfg).expect("open");
        let mut st = conn
            .prepare("SELECT municipality_code, message FROM quality_finding ORDER BY 1")
            .expect("prep");
        let rows: Vec<(String, String)> = st
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .expect("q")
            .collect::<Result<_, _>>()
            .expect("rows");
        assert_eq!(
            rows,
            [
                ("0301".to_owned(), "b".to_owned()),
                ("5001".to_owned(), "changed".to_owned())
            ]
        );
        let n: i64 = conn
            .query_row("SELECT count(*) FROM dim_period", [], |r| r.get(0))
            .expect("n");
        assert_eq!(n, 1);
        drop(conn);
        // The DuckDB file lost: the next lock rebuilds it from the Parquet files.
        std::fs::remove_file(&target.duckdb).expect("rm");
        drop(lock(&target, None).expect("lock"));
        let conn = duckdb::Connection::open(&target.duckdb).expect("open");
        let n: i64 = conn
            .query_row("SELECT count(*) FROM quality_finding", [], |r| r.get(0))
            .expect("n");
        assert_eq!(n, 2);
    }
}
