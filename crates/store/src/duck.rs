//! The DuckDB file: the declared tables (with column comments) and views,
//! loaded from the warehouse's Parquet files, so it holds exactly their
//! rows. It is local (also for a warehouse in S3) and is kept up to date
//! commit by commit:
//!
//! - it records the commit it holds and the hash of the schemas its tables
//!   and views were created from (table `_kommunetall.state`);
//! - the DDL (~200 CREATE/COMMENT/VIEW statements) runs only when that hash
//!   changes, into a new file that then replaces the old one (for a full
//!   write, on a thread of its own while the run reads: [`Prepared`]);
//! - when it holds the commit before the manifest's, the commit's partitions
//!   are applied in one transaction: their rows deleted, their Parquet files
//!   appended (DuckDB's appender, Arrow batches read from the files);
//! - otherwise (a lost or stale file, a full rewrite) a new file is loaded
//!   from all Parquet files — committed every few hundred files (not per
//!   table), which bounds DuckDB's memory, and invisible until it is renamed
//!   over the old one.
//!
//! A crash inside the transaction leaves the file as it was (DuckDB rolls
//! back), a crash while a new file is made leaves a `.new-<pid>` file that
//! the next sync removes; the next run's lock brings the file up to date.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use duckdb::{AccessMode, Config, Connection};
use serde::{Deserialize, Serialize};

use crate::error::StoreError;
use crate::objects::Objects;
use crate::parquet_out::{self, PARQUET_DIR};
use crate::schema::{Catalog, TableDef};

/// What one commit changed, recorded by the store in the manifest (key
/// `store`) so that the DuckDB file can be brought up to it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommitRecord {
    /// This commit.
    pub id: String,
    /// The commit it was made on top of.
    pub parent: Option<String>,
    /// Every table was rewritten whole.
    pub full: bool,
    /// The partitions (Hive paths) rewritten or removed, when not `full`.
    #[serde(default)]
    pub partitions: Vec<String>,
    /// The unpartitioned tables rewritten, when not `full`.
    #[serde(default)]
    pub tables: Vec<String>,
}

/// Memory DuckDB may use for a load; beyond it, it spills to disk.
const MEMORY_LIMIT: &str = "100MB";
/// Parquet files appended per transaction while a new file is loaded.
const COMMIT_EVERY: usize = 256;
/// Parquet files fetched at once while loading.
const FETCH: usize = 8;

/// What the file holds: (schema hash, commit id), `None` without a state table.
fn state_of(path: &Path) -> Option<(String, String)> {
    if !path.exists() {
        return None;
    }
    let cfg = Config::default().access_mode(AccessMode::ReadOnly).ok()?;
    let conn = Connection::open_with_flags(path, cfg).ok()?;
    conn.query_row(
        "SELECT schema_sha256, commit_id FROM _kommunetall.state",
        [],
        |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)),
    )
    .ok()
}

/// A new DuckDB file whose tables and views are created on a thread of
/// its own while the run reads its documents ([`Prepared::start`], for a
/// write that loads the file whole); [`sync`] then only loads it. Dropped
/// unused, it waits for the thread and deletes the file.
pub struct Prepared {
    tmp: PathBuf,
    handle: Option<std::thread::JoinHandle<Result<Connection, StoreError>>>,
    used: bool,
}

impl std::fmt::Debug for Prepared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Prepared")
            .field("tmp", &self.tmp)
            .finish_non_exhaustive()
    }
}

impl Prepared {
    /// Starts creating the new file that replaces the DuckDB file at `path`
    /// (the new files an interrupted sync left are removed first); `None`
    /// when no thread can be started (then [`sync`] creates it).
    #[must_use]
    pub fn start(path: &Path, catalog: &Catalog) -> Option<Prepared> {
        let tmp = tmp_path(path);
        let script = ddl(catalog);
        let (p, t) = (path.to_path_buf(), tmp.clone());
        let handle = std::thread::Builder::new()
            .name("duckdb-ddl".into())
            .spawn(move || create(&p, &t, &script))
            .ok()?;
        Some(Prepared {
            tmp,
            handle: Some(handle),
            used: false,
        })
    }

    /// The connection to the new file, its tables and views created, and its path.
    fn take(mut self) -> Result<(Connection, PathBuf), StoreError> {
        let conn = match self.handle.take().map(std::thread::JoinHandle::join) {
            Some(Ok(r)) => r?,
            _ => {
                return Err(StoreError::DuckDb {
                    path: self.tmp.clone(),
                    reason: "create tables and views: the thread failed".into(),
                });
            }
        };
        self.used = true;
        Ok((conn, self.tmp.clone()))
    }
}

impl Drop for Prepared {
    fn drop(&mut self) {
        if self.used {
            return;
        }
        if let Some(h) = self.handle.take() {
            drop(h.join());
        }
        let _ = std::fs::remove_file(&self.tmp);
        let _ = std::fs::remove_file(wal(&self.tmp));
    }
}

/// A new file at `tmp` (beside `path`) with the tables and views of `script`.
fn create(path: &Path, tmp: &Path, script: &str) -> Result<Connection, StoreError> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(crate::error::io_err(dir))?;
    }
    remove_unfinished(path);
    let conn = open(tmp)?;
    conn.execute_batch(&format!("BEGIN TRANSACTION;\n{script}COMMIT;"))
        .map_err(|e| StoreError::DuckDb {
            path: tmp.to_path_buf(),
            reason: format!("create tables and views: {e}"),
        })?;
    Ok(conn)
}

/// How to bring the file up to a commit.
#[derive(Clone, Copy)]
enum Plan {
    /// It holds the commit already.
    Nothing,
    /// A new file: DDL, then every table loaded.
    Create,
    /// Every table emptied and loaded again.
    Reload,
    /// The commit's partitions and tables replaced.
    Apply,
}

/// Brings the DuckDB file at `path` up to `commit` from the Parquet files in
/// `objects`; a new file is the `prepared` one when given. Returns whether
/// it wrote anything.
///
/// # Errors
/// [`StoreError::DuckDb`] naming the statement or table that failed (e.g.
/// another process holding the file open for writing); [`StoreError::Parquet`],
/// [`StoreError::Objects`].
pub fn sync(
    path: &Path,
    catalog: &Catalog,
    objects: &Objects,
    commit: &CommitRecord,
    prepared: Option<Prepared>,
) -> Result<bool, StoreError> {
    let t = std::time::Instant::now();
    let schema = Catalog::schema_sha256();
    let plan = match state_of(path) {
        None => Plan::Create,
        Some((s, _)) if s != schema => Plan::Create,
        Some((_, c)) if c == commit.id => Plan::Nothing,
        Some((_, c)) if !commit.full && commit.parent.as_deref() == Some(c.as_str()) => Plan::Apply,
        Some(_) => Plan::Reload,
    };
    let derr = |what: &str, e: &dyn std::fmt::Display| StoreError::DuckDb {
        path: path.to_path_buf(),
        reason: format!("{what}: {e}"),
    };
    if prepared.is_none() {
        // Under the lock no other sync runs: these are a killed run's.
        remove_unfinished(path);
    }
    let (conn, fresh, created) = match (plan, prepared) {
        (Plan::Nothing, _) => return Ok(false),
        (Plan::Create | Plan::Reload, Some(p)) => {
            let (conn, tmp) = p.take()?;
            (conn, Some(tmp), true)
        }
        (Plan::Create | Plan::Reload, None) => {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir).map_err(crate::error::io_err(dir))?;
            }
            let tmp = tmp_path(path);
            (open(&tmp)?, Some(tmp), false)
        }
        (Plan::Apply, _) => (open(path)?, None, false),
    };
    let sql = |s: &str, what: &str| {
        let r = conn.execute_batch(s).map_err(|e| derr(what, &e));
        tracing::debug!(secs = t.elapsed().as_secs_f64(), "duckdb: {what}");
        r
    };
    tracing::debug!(secs = t.elapsed().as_secs_f64(), "duckdb: opened");
    sql("BEGIN TRANSACTION", "begin")?;
    if fresh.is_some() && !created {
        sql(&ddl(catalog), "create tables and views")?;
    }
    let load: BTreeMap<&str, Vec<String>> = match plan {
        Plan::Apply => {
            for def in &catalog.tables {
                if let Some(w) = partition_filter(def, commit)? {
                    sql(
                        &format!("DELETE FROM \"{}\" WHERE {w}", def.name),
                        &format!("delete from {}", def.name),
                    )?;
                } else if !def.is_partitioned() && commit.tables.contains(&def.name) {
                    sql(
                        &format!("DELETE FROM \"{}\"", def.name),
                        &format!("empty {}", def.name),
                    )?;
                }
            }
            changed_files(catalog, commit)
        }
        _ => all_files(catalog, objects)?,
    };
    // A new file is invisible until it is renamed into place, so it is
    // committed every COMMIT_EVERY files, which bounds DuckDB's memory; an
    // update in place is one transaction.
    let mut since = 0;
    for def in &catalog.tables {
        let Some(mut rest) = load.get(def.name.as_str()).map(Vec::as_slice) else {
            continue;
        };
        while !rest.is_empty() {
            let take = if fresh.is_some() {
                (COMMIT_EVERY - since).min(rest.len())
            } else {
                rest.len()
            };
            append(&conn, path, def, objects, &rest[..take])?;
            rest = &rest[take..];
            since += take;
            if fresh.is_some() && since >= COMMIT_EVERY {
                sql("COMMIT; BEGIN TRANSACTION", "commit a step")?;
                since = 0;
            }
        }
    }
    sql(
        &format!(
            "DELETE FROM _kommunetall.state; INSERT INTO _kommunetall.state VALUES ('{schema}', '{}')",
            commit.id.replace('\'', "''")
        ),
        "record the commit",
    )?;
    sql("COMMIT", "commit")?;
    sql("CHECKPOINT", "checkpoint")?;
    drop(conn);
    if let Some(tmp) = fresh {
        std::fs::rename(&tmp, path).map_err(crate::error::io_err(path))?;
        let _ = std::fs::remove_file(wal(path));
    }
    Ok(true)
}

fn open(path: &Path) -> Result<Connection, StoreError> {
    let derr = |e: &dyn std::fmt::Display| StoreError::DuckDb {
        path: path.to_path_buf(),
        reason: format!("open: {e}"),
    };
    // A commit checkpoints at once (its rows go straight into the file, not
    // first into the write-ahead log): every commit here is a bulk load or
    // a run's one transaction, and the run checkpoints after it anyway.
    let cfg = Config::default()
        .max_memory(MEMORY_LIMIT)
        .and_then(|c| c.threads(2))
        .and_then(|c| c.with("checkpoint_threshold", "1KB"))
        .map_err(|e| derr(&e))?;
    Connection::open_with_flags(path, cfg).map_err(|e| derr(&e))
}

fn tmp_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".new-{}", std::process::id()));
    path.with_file_name(name)
}

fn wal(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".wal");
    path.with_file_name(name)
}

/// Removes new files that an interrupted [`sync`] left beside `path`.
fn remove_unfinished(path: &Path) {
    let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
        return;
    };
    let prefix = format!("{}.new-", name.to_string_lossy());
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        if e.file_name().to_string_lossy().starts_with(&prefix) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// Every CREATE, COMMENT and VIEW statement of the catalog and the state
/// table, as one script.
fn ddl(catalog: &Catalog) -> String {
    let mut s = String::new();
    for def in &catalog.tables {
        s.push_str(&def.duckdb_ddl());
    }
    for v in &catalog.views {
        s.push_str(&format!(
            "CREATE VIEW \"{}\" AS {};\n",
            v.name,
            v.sql.trim_end().trim_end_matches(';')
        ));
    }
    s.push_str(
        "CREATE SCHEMA _kommunetall;\n\
         CREATE TABLE _kommunetall.state (schema_sha256 VARCHAR NOT NULL, commit_id VARCHAR NOT NULL);\n\
         COMMENT ON TABLE _kommunetall.state IS 'The warehouse commit (manifest.json, key store.id) this file holds, and the hash of the schemas its tables and views were created from.';\n",
    );
    s
}

/// Up to this many partitions, a commit's rows are deleted with plain
/// comparisons; beyond, with a join against the list of partitions.
const PLAIN_FILTER: usize = 16;

/// A partition value as an SQL literal (values are plain: see `hive_path`).
fn sql_literal(v: &crate::data::Value) -> String {
    match v {
        crate::data::Value::Str(s) => format!("'{}'", s.replace('\'', "''")),
        crate::data::Value::I32(x) => x.to_string(),
        crate::data::Value::I64(x) => x.to_string(),
        other => format!("{other:?}"),
    }
}

/// `WHERE` of the rows of `def` in the partitions `commit` changed; `None`
/// for an unpartitioned table or no partitions.
fn partition_filter(def: &TableDef, commit: &CommitRecord) -> Result<Option<String>, StoreError> {
    if !def.is_partitioned() || commit.partitions.is_empty() {
        return Ok(None);
    }
    let cols: Vec<String> = def
        .partition_by
        .iter()
        .map(|c| format!("\"{c}\""))
        .collect();
    let mut rows = Vec::with_capacity(commit.partitions.len());
    for p in &commit.partitions {
        let vals: Vec<String> = crate::data::parse_hive_path(def, p)?
            .into_iter()
            .map(|(_, v)| sql_literal(&v))
            .collect();
        rows.push(format!("({})", vals.join(", ")));
    }
    if rows.len() <= PLAIN_FILTER {
        // Plain comparisons: DuckDB skips the row groups whose min/max
        // exclude them (rows are appended partition by partition), where the
        // join below scans the whole table.
        let each: Vec<String> = commit
            .partitions
            .iter()
            .map(|p| {
                let vals = crate::data::parse_hive_path(def, p)?;
                let terms: Vec<String> = cols
                    .iter()
                    .zip(vals)
                    .map(|(c, (_, v))| format!("{c} = {}", sql_literal(&v)))
                    .collect();
                Ok(format!("({})", terms.join(" AND ")))
            })
            .collect::<Result<_, StoreError>>()?;
        return Ok(Some(each.join(" OR ")));
    }
    let on: Vec<String> = cols
        .iter()
        .enumerate()
        .map(|(i, c)| format!("k.k{i} = \"{}\".{c}", def.name))
        .collect();
    let names: Vec<String> = (0..cols.len()).map(|i| format!("k{i}")).collect();
    Ok(Some(format!(
        "EXISTS (SELECT 1 FROM (VALUES {}) k({}) WHERE {})",
        rows.join(", "),
        names.join(", "),
        on.join(" AND ")
    )))
}

/// The Parquet objects a commit rewrote, per table.
fn changed_files<'c>(
    catalog: &'c Catalog,
    commit: &CommitRecord,
) -> BTreeMap<&'c str, Vec<String>> {
    let mut out = BTreeMap::new();
    for def in &catalog.tables {
        let names: Vec<String> = if def.is_partitioned() {
            commit
                .partitions
                .iter()
                .map(|p| parquet_out::object_name(&def.name, p))
                .collect()
        } else if commit.tables.contains(&def.name) {
            vec![parquet_out::object_name(&def.name, "")]
        } else {
            Vec::new()
        };
        out.insert(def.name.as_str(), names);
    }
    out
}

/// Every Parquet object of every table.
fn all_files<'c>(
    catalog: &'c Catalog,
    objects: &Objects,
) -> Result<BTreeMap<&'c str, Vec<String>>, StoreError> {
    let mut out = BTreeMap::new();
    for def in &catalog.tables {
        let names: Vec<String> = objects
            .list(&format!("{PARQUET_DIR}/{}", def.name))?
            .into_iter()
            .filter(|n| parquet_out::partition_of(&def.name, n).is_some())
            .collect();
        out.insert(def.name.as_str(), names);
    }
    Ok(out)
}

/// Appends the Parquet objects `names` of `def` (missing ones are removed
/// partitions) to its table.
fn append(
    conn: &Connection,
    path: &Path,
    def: &TableDef,
    objects: &Objects,
    names: &[String],
) -> Result<(), StoreError> {
    let derr = |what: &str, e: &dyn std::fmt::Display| StoreError::DuckDb {
        path: path.to_path_buf(),
        reason: format!("{what} {}: {e}", def.name),
    };
    let mut app = conn.appender(&def.name).map_err(|e| derr("appender", &e))?;
    for chunk in names.chunks(FETCH) {
        let fetched = objects.get_many(chunk)?;
        for (name, bytes) in chunk.iter().zip(fetched) {
            let Some(bytes) = bytes else { continue };
            let partition = parquet_out::partition_of(&def.name, name).unwrap_or_default();
            let batch = parquet_out::decode(def, &partition, bytes)?;
            if batch.num_rows() > 0 {
                app.append_record_batch(batch)
                    .map_err(|e| derr("append", &e))?;
            }
        }
    }
    app.flush().map_err(|e| derr("flush", &e))?;
    tracing::debug!(table = %def.name, files = names.len(), "duckdb: appended");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Both forms of the delete filter remove exactly the commit's partitions.
    #[test]
    fn the_delete_filter_names_exactly_the_commits_partitions() {
        let cat = Catalog::embedded().expect("catalog");
        let def = cat.get("document").expect("document");
        let conn = Connection::open_in_memory().expect("duckdb");
        conn.execute_batch(&def.duckdb_ddl()).expect("ddl");
        let key = |m: usize, y: i32| format!("municipality_code={:04}/report_year={y}", 1000 + m);
        for m in 0..20 {
            for y in [2023, 2024] {
                conn.execute_batch(&format!(
                    "INSERT INTO document VALUES ('d{m}-{y}', 'x.pdf', 's', 'pdf', NULL, 1, NULL, 0, \
                     TIMESTAMPTZ '2024-01-01 00:00:00+00', '{:04}', {y})",
                    1000 + m
                ))
                .expect("insert");
            }
        }
        let count = || -> i64 {
            conn.query_row("SELECT count(*) FROM document", [], |r| r.get(0))
                .expect("count")
        };
        for (n, partitions) in [
            (2, vec![key(0, 2024), key(7, 2023)]),
            (17, (1..18).map(|m| key(m, 2024)).collect::<Vec<_>>()),
        ] {
            let before = count();
            let rec = CommitRecord {
                partitions,
                ..CommitRecord::default()
            };
            let w = partition_filter(def, &rec).expect("filter").expect("some");
            assert_eq!(w.contains("EXISTS"), n > PLAIN_FILTER, "{w}");
            conn.execute_batch(&format!("DELETE FROM document WHERE {w}"))
                .expect("delete");
            assert_eq!(before - count(), i64::try_from(n).expect("n"), "{w}");
        }
        let left: i64 = conn
            .query_row(
                "SELECT count(*) FROM document WHERE report_year = 2024",
                [],
                |r| r.get(0),
            )
            .expect("left");
        assert_eq!(left, 20 - 1 - 17, "0 and 1–17 of 2024 gone, 18 and 19 left");
    }
}
