//! The one-writer lock and the atomic commit of a write, on any [`Objects`]
//! store (a local folder or S3).
//!
//! A write puts every new object under `.staging-<id>/` (outside `parquet/`,
//! so no reader's glob sees it), then writes `.staging-<id>/COMPLETE`
//! listing what to do in order — "put NAME" (move the staged object over the
//! live one) and "del NAME" — with the manifest last. Writing that marker is
//! the commit point. Then each staged object is moved into place (one atomic
//! rename locally; a copy then a delete on S3, where every object is replaced
//! atomically), the deletions are done, the manifest is moved last, and the
//! staging prefix is removed. A Parquet partition is one object, so each
//! partition flips from its old to its new file at once.
//!
//! [`recover`] (run when the lock is taken) finishes a commit that was
//! interrupted after `COMPLETE` (every step can be done again) and deletes
//! staging prefixes that never got there, so a crash at any point leaves the
//! previous warehouse — or, once the marker was written, the new one —
//! complete, once the next run has started.
//!
//! The lock is the object `.kommunetall.lock`, created only if absent (S3
//! `If-None-Match: *`, a hard link locally) and holding the holder's pid,
//! host and start time; a lock whose process is gone (same host) is taken
//! over.

use std::collections::HashMap;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::error::StoreError;
use crate::objects::{Objects, PartWriter, Target};

/// Name of the lock object in the warehouse.
pub const LOCK_FILE: &str = ".kommunetall.lock";
const COMPLETE: &str = "COMPLETE";
const STAGING: &str = ".staging-";

/// The warehouse write lock; released on drop.
#[derive(Debug)]
pub struct Lock {
    objects: Objects,
    target: Target,
}

fn process_alive(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        std::path::Path::new(&format!("/proc/{pid}")).exists()
    } else {
        true
    }
}

/// This machine's name, as written in the lock ("" when unknown).
fn host_name() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .or_else(|_| std::fs::read_to_string("/etc/hostname"))
        .map(|s| s.trim().to_owned())
        .unwrap_or_default()
}

impl Lock {
    /// Takes the lock of `target`, taking over a lock whose holder is gone.
    ///
    /// # Errors
    /// [`StoreError::Locked`] when a live process holds it; [`StoreError::Objects`].
    pub fn acquire(target: &Target) -> Result<Lock, StoreError> {
        Lock::acquire_waiting(target, None)
    }

    /// Like [`Lock::acquire`], but while a live process holds the lock, waits
    /// (polling) up to `wait` for it to be released; `None` does not wait.
    ///
    /// # Errors
    /// [`StoreError::Locked`] when the holder still holds it after `wait`; [`StoreError::Objects`].
    pub fn acquire_waiting(target: &Target, wait: Option<Duration>) -> Result<Lock, StoreError> {
        let objects = Objects::open(target)?;
        let deadline = wait.map(|w| Instant::now() + w);
        let mut announced = false;
        loop {
            match try_acquire(&objects) {
                Err(StoreError::Locked { pid, .. })
                    if deadline.is_some_and(|d| Instant::now() < d) =>
                {
                    if !announced {
                        tracing::info!(warehouse = %target, pid, "warehouse is locked by another run; waiting");
                        announced = true;
                    }
                    std::thread::sleep(Duration::from_millis(200));
                }
                Err(e) => return Err(e),
                Ok(()) => {
                    return Ok(Lock {
                        objects,
                        target: target.clone(),
                    });
                }
            }
        }
    }

    /// The warehouse's files.
    #[must_use]
    pub fn objects(&self) -> &Objects {
        &self.objects
    }

    /// The warehouse this lock protects.
    #[must_use]
    pub fn target(&self) -> &Target {
        &self.target
    }
}

fn try_acquire(objects: &Objects) -> Result<(), StoreError> {
    let host = host_name();
    for _ in 0..3 {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        let text = format!(
            "pid={}\nstarted_unix={now}\nstarted={}\nhost={host}\n",
            std::process::id(),
            rfc3339(now)
        );
        if objects.put_new(LOCK_FILE, text.into_bytes())? {
            return Ok(());
        }
        let held = objects.get(LOCK_FILE)?.unwrap_or_default();
        let held = String::from_utf8_lossy(&held);
        let field = |k: &str| {
            held.lines()
                .find_map(|l| l.strip_prefix(k).map(str::to_owned))
                .unwrap_or_default()
        };
        let pid: u32 = field("pid=").parse().unwrap_or(0);
        let holder_host = field("host=");
        let since = match field("started=") {
            s if s.is_empty() => format!("unix time {}", field("started_unix=")),
            s => s,
        };
        let here = holder_host.is_empty() || holder_host == host;
        let alive =
            pid != 0 && (!here || process_alive(pid)) && !(here && pid == std::process::id());
        if alive {
            return Err(StoreError::Locked {
                dir: objects.name().to_owned(),
                lock: format!("{}/{LOCK_FILE}", objects.name()),
                host: if here {
                    String::new()
                } else {
                    format!(" on host {holder_host}")
                },
                pid,
                since,
            });
        }
        tracing::warn!(warehouse = %objects.name(), pid, "taking over a stale warehouse lock");
        objects.delete(LOCK_FILE)?;
    }
    Err(StoreError::Objects {
        store: objects.name().to_owned(),
        name: LOCK_FILE.to_owned(),
        reason: "could not take the lock".into(),
    })
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = self.objects.delete(LOCK_FILE);
    }
}

/// `secs` since the epoch as an RFC 3339 UTC timestamp ("2026-11-27T12:00:00Z").
#[must_use]
pub fn rfc3339(secs: u64) -> String {
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    let rem = secs % 86_400;
    // Civil-from-days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    )
}

/// One step of a commit.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Op {
    /// Move the staged object over the live one.
    Put(String),
    /// Delete the live object.
    Del(String),
}

/// A write in progress: objects staged under `.staging-<id>/`, and the
/// steps that [`Staging::commit`] carries out. Discarded on drop unless
/// committed.
#[derive(Debug)]
pub struct Staging<'o> {
    objects: &'o Objects,
    id: String,
    /// The steps in order; `None` where a later step on the same name
    /// replaced one (it moved to the end).
    ops: Vec<Option<Op>>,
    /// Name → its step's position in `ops` (a write stages ~10⁵ objects at
    /// national scale: no scans).
    index: HashMap<String, usize>,
    committed: bool,
}

impl<'o> Staging<'o> {
    /// A new staging prefix in `objects`.
    #[must_use]
    pub fn create(objects: &'o Objects) -> Staging<'o> {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        Staging {
            objects,
            id: format!("{}-{nanos}", std::process::id()),
            ops: Vec::new(),
            index: HashMap::new(),
            committed: false,
        }
    }

    fn staged(&self, name: &str) -> String {
        format!("{STAGING}{}/{name}", self.id)
    }

    fn push(&mut self, op: Op) {
        let name = match &op {
            Op::Put(n) | Op::Del(n) => n.clone(),
        };
        if let Some(i) = self.index.insert(name, self.ops.len()) {
            self.ops[i] = None;
        }
        self.ops.push(Some(op));
    }

    /// The step on `name`, if the write has one.
    fn op(&self, name: &str) -> Option<&Op> {
        self.index.get(name).and_then(|&i| self.ops[i].as_ref())
    }

    /// The steps in order.
    fn steps(&self) -> Vec<Op> {
        self.ops.iter().flatten().cloned().collect()
    }

    /// Stages `bytes` to replace (or create) `name` at the commit.
    ///
    /// # Errors
    /// [`StoreError::Objects`].
    pub fn put(&mut self, name: &str, bytes: Vec<u8>) -> Result<(), StoreError> {
        self.objects.put(&self.staged(name), bytes)?;
        self.push(Op::Put(name.to_owned()));
        Ok(())
    }

    /// [`Staging::put`] written in parts; the caller finishes the writer
    /// before the commit.
    ///
    /// # Errors
    /// [`StoreError::Objects`].
    pub fn put_parts(&mut self, name: &str) -> Result<PartWriter<'o>, StoreError> {
        let w = self.objects.put_parts(&self.staged(name))?;
        self.push(Op::Put(name.to_owned()));
        Ok(w)
    }

    /// Where `name` is as this write leaves it: its staged object when the
    /// write puts it, `None` when it deletes it, else the live name.
    #[must_use]
    pub fn resolve(&self, name: &str) -> Option<String> {
        match self.op(name) {
            Some(Op::Put(_)) => Some(self.staged(name)),
            Some(Op::Del(_)) => None,
            None => Some(name.to_owned()),
        }
    }

    /// Deletes `name` at the commit (nothing if it does not exist then).
    pub fn delete(&mut self, name: &str) {
        self.push(Op::Del(name.to_owned()));
    }

    /// Whether the write puts or deletes `name`.
    #[must_use]
    pub fn touches(&self, name: &str) -> bool {
        self.op(name).is_some()
    }

    /// Whether nothing was staged.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// Commits: writes the `COMPLETE` marker, then carries out every step in
    /// the order staged (the caller stages the manifest last).
    ///
    /// # Errors
    /// [`StoreError::Objects`]; a commit interrupted after the marker is
    /// finished by the next [`recover`].
    pub fn commit(mut self) -> Result<(), StoreError> {
        let steps = self.steps();
        let marker: String = steps
            .iter()
            .map(|o| match o {
                Op::Put(n) => format!("put {n}\n"),
                Op::Del(n) => format!("del {n}\n"),
            })
            .collect();
        self.objects
            .put(&self.staged(COMPLETE), marker.into_bytes())?;
        self.committed = true;
        finish(self.objects, &self.id, &steps)
    }
}

impl Drop for Staging<'_> {
    fn drop(&mut self) {
        if !self.committed {
            let _ = self.objects.delete_all(&format!("{STAGING}{}", self.id));
        }
    }
}

fn finish(objects: &Objects, id: &str, ops: &[Op]) -> Result<(), StoreError> {
    for op in ops {
        match op {
            // Gone from the staging: moved before an interruption.
            Op::Put(name) => {
                objects.rename(&format!("{STAGING}{id}/{name}"), name)?;
            }
            Op::Del(name) => objects.delete(name)?,
        }
    }
    objects.delete_all(&format!("{STAGING}{id}"))
}

/// Finishes or discards what an interrupted write left in `objects`;
/// `true` when a commit was finished.
///
/// # Errors
/// [`StoreError::Objects`].
pub fn recover(objects: &Objects) -> Result<bool, StoreError> {
    let mut finished = false;
    for folder in objects.list_folders("")? {
        if let Some(id) = folder.strip_prefix(STAGING) {
            match objects.get(&format!("{folder}/{COMPLETE}"))? {
                Some(list) => {
                    tracing::warn!(warehouse = %objects.name(), staging = %folder, "finishing an interrupted warehouse commit");
                    let ops: Vec<Op> = String::from_utf8_lossy(&list)
                        .lines()
                        .filter_map(|l| match l.split_once(' ') {
                            Some(("put", n)) => Some(Op::Put(n.to_owned())),
                            Some(("del", n)) => Some(Op::Del(n.to_owned())),
                            _ => None,
                        })
                        .collect();
                    finish(objects, id, &ops)?;
                    finished = true;
                }
                None => {
                    tracing::warn!(warehouse = %objects.name(), staging = %folder, "removing an incomplete staging folder");
                    objects.delete_all(&folder)?;
                }
            }
        } else if folder.starts_with(".trash-") {
            // Left by the folder swaps of earlier versions.
            objects.delete_all(&folder)?;
        }
    }
    Ok(finished)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn objects(dir: &std::path::Path) -> Objects {
        Objects::open(&Target::dir(dir)).expect("objects")
    }

    #[test]
    fn interrupted_commit_is_finished_and_incomplete_staging_dropped() {
        let dir = tempfile::tempdir().expect("tempdir");
        let d = dir.path();
        std::fs::write(d.join("a"), "old-a").expect("w");
        std::fs::write(d.join("b"), "old-b").expect("w");
        std::fs::write(d.join("gone"), "old").expect("w");
        std::fs::write(d.join("README.md"), "keep").expect("w");
        // A commit past its marker, with "a" already moved.
        let st = d.join(".staging-1-2");
        std::fs::create_dir_all(st.join("p")).expect("mk");
        std::fs::write(st.join("b"), "new-b").expect("w");
        std::fs::write(st.join("p/c"), "new-c").expect("w");
        std::fs::write(st.join(COMPLETE), "put a\nput p/c\ndel gone\nput b\n").expect("w");
        std::fs::write(d.join("a"), "new-a").expect("w");
        // A staging that never completed.
        std::fs::create_dir_all(d.join(".staging-9-9")).expect("mk");
        std::fs::write(d.join(".staging-9-9/a"), "junk").expect("w");
        assert!(recover(&objects(d)).expect("recover"));
        let read = |n: &str| std::fs::read_to_string(d.join(n)).expect(n);
        assert_eq!(read("a"), "new-a");
        assert_eq!(read("b"), "new-b");
        assert_eq!(read("p/c"), "new-c");
        assert_eq!(read("README.md"), "keep");
        assert!(!d.join("gone").exists());
        let mut left: Vec<_> = std::fs::read_dir(d)
            .expect("ls")
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, ["README.md", "a", "b", "p"]);
    }

    #[test]
    fn a_dropped_staging_leaves_nothing_and_a_commit_moves_the_manifest_last() {
        let dir = tempfile::tempdir().expect("tempdir");
        let o = objects(dir.path());
        {
            let mut s = Staging::create(&o);
            s.put("x/y", b"1".to_vec()).expect("put");
        }
        assert!(o.list("").expect("ls").is_empty());
        let mut s = Staging::create(&o);
        s.put("manifest.json", b"m".to_vec()).expect("put");
        s.put("x/y", b"2".to_vec()).expect("put");
        s.delete("z");
        s.put("manifest.json", b"m2".to_vec())
            .expect("again: moves to the end");
        assert_eq!(
            s.steps(),
            [
                Op::Put("x/y".into()),
                Op::Del("z".into()),
                Op::Put("manifest.json".into())
            ]
        );
        s.commit().expect("commit");
        assert_eq!(o.list("").expect("ls"), ["manifest.json", "x/y"]);
        assert_eq!(o.get("manifest.json").expect("get"), Some(b"m2".to_vec()));
    }

    #[test]
    fn rfc3339_formats_known_instants() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_709_251_199), "2024-02-29T23:59:59Z");
        assert_eq!(rfc3339(1_795_780_800), "2026-11-27T12:00:00Z");
    }

    #[test]
    fn waiting_for_a_live_lock_times_out_with_the_holder_named() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(
            dir.path().join(LOCK_FILE),
            "pid=1\nstarted_unix=5\nstarted=1970-01-01T00:00:05Z\n",
        )
        .expect("w");
        let t = Instant::now();
        let e = Lock::acquire_waiting(&Target::dir(dir.path()), Some(Duration::from_millis(500)))
            .expect_err("pid 1 holds it");
        assert!(t.elapsed() >= Duration::from_millis(500));
        assert!(e.to_string().contains("1970-01-01T00:00:05Z"), "{e}");
    }

    #[test]
    fn live_lock_refuses_and_stale_lock_is_taken_over() {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = Target::dir(dir.path());
        let l = Lock::acquire(&target).expect("first");
        drop(l);
        assert!(!dir.path().join(LOCK_FILE).exists());
        // Another live holder on this host: pid 1.
        std::fs::write(dir.path().join(LOCK_FILE), "pid=1\nstarted_unix=5\n").expect("w");
        let e = Lock::acquire(&target).expect_err("pid 1 is alive");
        assert!(e.to_string().contains("pid 1,"), "{e}");
        // A holder on another host cannot be checked: it holds.
        std::fs::write(
            dir.path().join(LOCK_FILE),
            "pid=4000000\nstarted_unix=5\nhost=elsewhere-xyz\n",
        )
        .expect("w");
        let e = Lock::acquire(&target).expect_err("held elsewhere");
        assert!(e.to_string().contains("on host elsewhere-xyz"), "{e}");
        std::fs::write(dir.path().join(LOCK_FILE), "pid=4000000\nstarted_unix=5\n").expect("w");
        let l = Lock::acquire(&target).expect("stale lock taken over");
        let text = std::fs::read_to_string(dir.path().join(LOCK_FILE)).expect("lock");
        assert!(
            text.contains(&format!("pid={}", std::process::id())),
            "{text}"
        );
        drop(l);
        assert!(!dir.path().join(LOCK_FILE).exists());
    }
}
