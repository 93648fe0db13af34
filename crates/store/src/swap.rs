//! Atomic replacement of the warehouse content and the one-writer lock.
//!
//! A write builds everything in `DIR/.staging-<id>/`, then writes a `COMPLETE`
//! marker listing the managed names, then for each name puts the staged item
//! in place (a file by one atomic rename over the live one; a folder by moving
//! the live one into `DIR/.trash-<id>/` first), and finally deletes trash and
//! staging. Names are swapped in the order given; a write lists the manifest
//! last ([`write_locked`](crate::write_locked)), so it only describes the new
//! content once that is in place. [`recover`] (run when the lock is taken and
//! at the start of every write) finishes a swap that was interrupted after
//! `COMPLETE` and deletes staging folders that never got there, so a crash at
//! any point leaves either the old or the new warehouse, never a mix, once the
//! next run has started.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::error::{StoreError, io_err};

const LOCK_FILE: &str = ".kommunetall.lock";
const COMPLETE: &str = "COMPLETE";

/// Takes the write lock of the warehouse folder `dir` (created when missing),
/// waiting up to `wait` while another run holds it, and finishes or discards
/// what an interrupted write left ([`recover`]): what the caller reads from the
/// folder afterwards is one complete warehouse.
///
/// # Errors
/// [`StoreError::Locked`] when another run still holds the lock; [`StoreError::Io`].
pub fn lock(dir: &Path, wait: Option<Duration>) -> Result<Lock, StoreError> {
    std::fs::create_dir_all(dir).map_err(io_err(dir))?;
    let lock = Lock::acquire_waiting(dir, wait)?;
    recover(dir)?;
    Ok(lock)
}

/// The warehouse write lock; released on drop.
#[derive(Debug)]
pub struct Lock {
    path: PathBuf,
}

fn process_alive(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        Path::new(&format!("/proc/{pid}")).exists()
    } else {
        true
    }
}

impl Lock {
    /// Takes the lock of `dir`, taking over a lock whose holder is gone.
    ///
    /// # Errors
    /// [`StoreError::Locked`] when a live process holds it; [`StoreError::Io`].
    pub fn acquire(dir: &Path) -> Result<Lock, StoreError> {
        Lock::acquire_waiting(dir, None)
    }

    /// Like [`Lock::acquire`], but while a live process holds the lock, waits
    /// (polling) up to `wait` for it to be released; `None` does not wait.
    ///
    /// # Errors
    /// [`StoreError::Locked`] when the holder still holds it after `wait`; [`StoreError::Io`].
    pub fn acquire_waiting(dir: &Path, wait: Option<Duration>) -> Result<Lock, StoreError> {
        let deadline = wait.map(|w| Instant::now() + w);
        let mut announced = false;
        loop {
            match Lock::try_acquire(dir) {
                Err(StoreError::Locked { pid, .. })
                    if deadline.is_some_and(|d| Instant::now() < d) =>
                {
                    if !announced {
                        tracing::info!(dir = %dir.display(), pid, "warehouse is locked by another run; waiting");
                        announced = true;
                    }
                    std::thread::sleep(Duration::from_millis(200));
                }
                other => return other,
            }
        }
    }

    /// The warehouse folder this lock protects.
    #[must_use]
    pub fn dir(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new("."))
    }

    fn try_acquire(dir: &Path) -> Result<Lock, StoreError> {
        let path = dir.join(LOCK_FILE);
        for _ in 0..2 {
            match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
            {
                Ok(mut f) => {
                    let now = SystemTime::now()
                        .duration_since(UNIX_EPOCH)
                        .map(|d| d.as_secs())
                        .unwrap_or(0);
                    writeln!(
                        f,
                        "pid={}\nstarted_unix={now}\nstarted={}",
                        std::process::id(),
                        rfc3339(now)
                    )
                    .map_err(io_err(&path))?;
                    return Ok(Lock { path });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let text = std::fs::read_to_string(&path).unwrap_or_default();
                    let field = |k: &str| {
                        text.lines()
                            .find_map(|l| l.strip_prefix(k).map(str::to_owned))
                            .unwrap_or_default()
                    };
                    let pid: u32 = field("pid=").parse().unwrap_or(0);
                    let since = match field("started=") {
                        s if s.is_empty() => format!("unix time {}", field("started_unix=")),
                        s => s,
                    };
                    if pid != 0 && process_alive(pid) && pid != std::process::id() {
                        return Err(StoreError::Locked {
                            dir: dir.to_path_buf(),
                            lock: path.clone(),
                            pid,
                            since,
                        });
                    }
                    tracing::warn!(lock = %path.display(), pid, "taking over a stale warehouse lock");
                    std::fs::remove_file(&path).map_err(io_err(&path))?;
                }
                Err(e) => return Err(io_err(&path)(e)),
            }
        }
        Err(io_err(&path)(std::io::Error::other(
            "could not take the lock",
        )))
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
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

/// A staging folder inside the warehouse folder; deleted on drop unless committed.
#[derive(Debug)]
pub struct Staging {
    dir: PathBuf,
    path: PathBuf,
    id: String,
    committed: bool,
}

impl Staging {
    /// Creates `DIR/.staging-<pid>-<nanos>/`.
    ///
    /// # Errors
    /// [`StoreError::Io`].
    pub fn create(dir: &Path) -> Result<Staging, StoreError> {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let id = format!("{}-{nanos}", std::process::id());
        let path = dir.join(format!(".staging-{id}"));
        std::fs::create_dir_all(&path).map_err(io_err(&path))?;
        Ok(Staging {
            dir: dir.to_path_buf(),
            path,
            id,
            committed: false,
        })
    }

    /// The folder to write into.
    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Swaps the staged `names` into the warehouse folder.
    ///
    /// # Errors
    /// [`StoreError::Io`]; what was not swapped is finished by the next [`recover`].
    pub fn commit(mut self, names: &[String]) -> Result<(), StoreError> {
        let marker = self.path.join(COMPLETE);
        std::fs::write(&marker, names.join("\n")).map_err(io_err(&marker))?;
        self.committed = true;
        finish(&self.dir, &self.path, &self.id, names)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.path);
        }
    }
}

fn finish(dir: &Path, staging: &Path, id: &str, names: &[String]) -> Result<(), StoreError> {
    let trash = dir.join(format!(".trash-{id}"));
    std::fs::create_dir_all(&trash).map_err(io_err(&trash))?;
    for name in names {
        let staged = staging.join(name);
        if !staged.exists() {
            continue; // swapped before an interruption
        }
        let live = dir.join(name);
        // A file is replaced by one rename (atomic on POSIX: readers see the old
        // or the new file, never none); a folder cannot be renamed over, so the
        // old one goes to the trash first.
        if (live.is_dir() || staged.is_dir()) && live.exists() {
            std::fs::rename(&live, trash.join(name)).map_err(io_err(&live))?;
        }
        std::fs::rename(&staged, &live).map_err(io_err(&staged))?;
    }
    std::fs::remove_dir_all(&trash).map_err(io_err(&trash))?;
    std::fs::remove_dir_all(staging).map_err(io_err(staging))?;
    Ok(())
}

/// Finishes or discards what an interrupted write left in `dir`.
///
/// # Errors
/// [`StoreError::Io`].
pub fn recover(dir: &Path) -> Result<(), StoreError> {
    let entries = std::fs::read_dir(dir).map_err(io_err(dir))?;
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    for name in &names {
        let path = dir.join(name);
        if let Some(id) = name.strip_prefix(".staging-") {
            let marker = path.join(COMPLETE);
            if let Ok(list) = std::fs::read_to_string(&marker) {
                tracing::warn!(staging = %path.display(), "finishing an interrupted warehouse swap");
                let managed: Vec<String> = list.lines().map(str::to_owned).collect();
                finish(dir, &path, id, &managed)?;
            } else {
                tracing::warn!(staging = %path.display(), "removing an incomplete staging folder");
                std::fs::remove_dir_all(&path).map_err(io_err(&path))?;
            }
        }
    }
    for name in &names {
        let path = dir.join(name);
        if name.starts_with(".trash-") && path.exists() {
            std::fs::remove_dir_all(&path).map_err(io_err(&path))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interrupted_swap_is_finished_and_incomplete_staging_dropped() {
        let dir = tempfile::tempdir().expect("tempdir");
        let d = dir.path();
        std::fs::write(d.join("a"), "old-a").expect("w");
        std::fs::write(d.join("b"), "old-b").expect("w");
        std::fs::write(d.join("README.md"), "keep").expect("w");
        // A staging that completed, with "a" already swapped (old a in trash).
        let st = d.join(".staging-1-2");
        std::fs::create_dir_all(&st).expect("mk");
        std::fs::write(st.join("b"), "new-b").expect("w");
        std::fs::write(st.join(COMPLETE), "a\nb").expect("w");
        std::fs::create_dir_all(d.join(".trash-1-2")).expect("mk");
        std::fs::rename(d.join("a"), d.join(".trash-1-2/a")).expect("mv");
        std::fs::write(d.join("a"), "new-a").expect("w");
        // A staging that never completed.
        std::fs::create_dir_all(d.join(".staging-9-9")).expect("mk");
        std::fs::write(d.join(".staging-9-9/a"), "junk").expect("w");
        recover(d).expect("recover");
        assert_eq!(std::fs::read_to_string(d.join("a")).expect("r"), "new-a");
        assert_eq!(std::fs::read_to_string(d.join("b")).expect("r"), "new-b");
        assert_eq!(
            std::fs::read_to_string(d.join("README.md")).expect("r"),
            "keep"
        );
        let left: Vec<_> = std::fs::read_dir(d)
            .expect("ls")
            .filter_map(|e| e.ok())
            .map(|e| e.file_name())
            .collect();
        assert_eq!(left.len(), 3, "{left:?}");
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
        let e = Lock::acquire_waiting(dir.path(), Some(Duration::from_millis(500)))
            .expect_err("pid 1 holds it");
        assert!(t.elapsed() >= Duration::from_millis(500));
        assert!(e.to_string().contains("1970-01-01T00:00:05Z"), "{e}");
    }

    #[test]
    fn live_lock_refuses_and_stale_lock_is_taken_over() {
        let dir = tempfile::tempdir().expect("tempdir");
        let l = Lock::acquire(dir.path()).expect("first");
        // Our own pid counts as taken over (same process); simulate another live holder: pid 1.
        drop(l);
        std::fs::write(dir.path().join(LOCK_FILE), "pid=1\nstarted_unix=5\n").expect("w");
        let e = Lock::acquire(dir.path()).expect_err("pid 1 is alive");
        assert!(e.to_string().contains("pid 1"), "{e}");
        std::fs::write(dir.path().join(LOCK_FILE), "pid=4000000\nstarted_unix=5\n").expect("w");
        let l = Lock::acquire(dir.path()).expect("stale lock taken over");
        drop(l);
        assert!(!dir.path().join(LOCK_FILE).exists());
    }
}
