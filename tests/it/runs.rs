//! Scheduled runs: incremental and idempotent reruns, folders of pipelines,
//! the one-writer lock, kill -9 at any point, and exit codes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, SystemTime};

use crate::support::{
    duck, kommunetall, leftovers, ok, path_str, query_rows, sample_pdf, sample_xlsx,
};

/// A project folder with `pipelines/<name>.toml` reading copies of the sample.
struct Project {
    dir: tempfile::TempDir,
}

impl Project {
    fn new() -> Project {
        let dir = tempfile::tempdir().expect("tmp");
        std::fs::create_dir_all(dir.path().join("pipelines")).expect("mkdir");
        std::fs::create_dir_all(dir.path().join("raw")).expect("mkdir");
        std::fs::copy(sample_pdf(), dir.path().join("raw/arsberetning-2024.pdf")).expect("cp");
        std::fs::copy(sample_xlsx(), dir.path().join("raw/tabeller-2024.xlsx")).expect("cp");
        Project { dir }
    }
    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }
    fn pipeline(&self, file: &str, code: &str, inputs: &[&str]) -> PathBuf {
        let mut text =
            format!("name = '{file}'\nwarehouse = 'warehouse'\n[municipality]\ncode = '{code}'\n");
        for i in inputs {
            text.push_str(&format!("[[input]]\npath = '{i}'\nreport_year = 2024\n"));
        }
        let p = self.path(&format!("pipelines/{file}.toml"));
        std::fs::write(&p, text).expect("write pipeline");
        p
    }
    fn warehouse(&self) -> PathBuf {
        self.path("warehouse")
    }
}

/// Every file under `dir` with its bytes and modification time.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, (Vec<u8>, SystemTime)> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("ls").flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let m = e.metadata().expect("meta").modified().expect("mtime");
                out.insert(p.clone(), (std::fs::read(&p).expect("read"), m));
            }
        }
    }
    out
}

fn count(wh: &Path, sql: &str) -> String {
    query_rows(&duck(wh), sql)[0][0].clone()
}

#[test]
fn reruns_read_only_what_changed_and_write_nothing_when_nothing_did() {
    let p = Project::new();
    let pipe = p.pipeline(
        "trondheim",
        "5001",
        &["raw/arsberetning-2024.pdf", "raw/tabeller-2024.xlsx"],
    );
    let out = ok(&kommunetall(&["run", path_str(&pipe)], None));
    assert!(out.contains("2 read, 0 unchanged"), "{out}");
    let wh = p.warehouse();
    assert!(wh.join("manifest.json").exists());
    // Each document's cache entry; the partition's page of the quality
    // report beside the index.
    let cached = std::fs::read_dir(wh.join("cache")).expect("cache").count();
    assert_eq!(cached, 2);
    for page in ["quality/5001-2024.md", "quality/5001-2024.html"] {
        assert!(wh.join(page).exists(), "{page}");
    }
    let index = std::fs::read_to_string(wh.join("quality.html")).expect("index");
    assert!(
        index.contains("href=\"quality/5001-2024.html#doc-"),
        "the index links the partition's page"
    );
    let cells = count(&wh, "SELECT count(*) FROM report_cell");

    // Nothing changed: nothing is read, no file is touched (bytes and mtimes).
    let before = snapshot(&wh);
    let out = ok(&kommunetall(&["run", path_str(&pipe)], None));
    assert!(out.contains("up to date"), "{out}");
    assert!(out.contains("0 read, 2 unchanged"), "{out}");
    assert!(before == snapshot(&wh), "an up-to-date rerun changed files");

    // One input changed (a comment appended after %%EOF): only it is read again.
    let pdf = p.path("raw/arsberetning-2024.pdf");
    let mut bytes = std::fs::read(&pdf).expect("pdf");
    bytes.extend_from_slice(b"\n% revised\n");
    std::fs::write(&pdf, &bytes).expect("write");
    let out = ok(&kommunetall(&["run", path_str(&pipe)], None));
    assert!(out.contains("1 read, 1 unchanged"), "{out}");
    assert_eq!(count(&wh, "SELECT count(*) FROM report_cell"), cells);
    let shas = query_rows(
        &duck(&wh),
        "SELECT kind, sha256 FROM document ORDER BY kind",
    );
    let manifest = std::fs::read_to_string(wh.join("manifest.json")).expect("manifest");
    for r in &shas {
        assert!(manifest.contains(&r[1]), "manifest lists {r:?}");
    }
    assert_eq!(
        std::fs::read_dir(wh.join("cache")).expect("cache").count(),
        2,
        "old cache entry dropped"
    );

    // --force reads everything again.
    let out = ok(&kommunetall(&["run", path_str(&pipe), "--force"], None));
    assert!(out.contains("2 read, 0 unchanged"), "{out}");
}

#[test]
fn a_folder_of_pipelines_runs_into_one_warehouse_and_a_bad_document_does_not_stop_the_others() {
    let p = Project::new();
    p.pipeline("trondheim", "5001", &["raw/arsberetning-2024.pdf"]);
    p.pipeline(
        "other",
        "0301",
        &["raw/tabeller-2024.xlsx", "raw/missing.pdf"],
    );
    std::fs::write(
        p.path("pipelines/queries.toml"),
        "[[query]]\ntable = '12134'\n",
    )
    .expect("write");
    let out = kommunetall(&["run", path_str(&p.path("pipelines"))], None);
    assert_eq!(
        out.status.code(),
        Some(1),
        "a missing document fails the run"
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("raw/missing.pdf"), "names the file: {err}");
    let docs = query_rows(
        &duck(&p.warehouse()),
        "SELECT municipality_code, kind FROM document ORDER BY municipality_code",
    );
    assert_eq!(
        docs,
        vec![
            vec!["0301".to_owned(), "xlsx".to_owned()],
            vec!["5001".to_owned(), "pdf".to_owned()]
        ],
        "the readable documents of both pipelines were written"
    );
}

/// A lock file naming `pid` as the holder.
fn hold_lock(wh: &Path, pid: u32) {
    std::fs::create_dir_all(wh).expect("mkdir");
    std::fs::write(
        wh.join(".kommunetall.lock"),
        format!("pid={pid}\nstarted_unix=1700000000\nstarted=2023-11-14T22:13:20Z\n"),
    )
    .expect("lock");
}

#[test]
fn a_held_lock_fails_clearly_is_waited_for_and_a_stale_one_is_taken_over() {
    let p = Project::new();
    let pipe = p.pipeline("trondheim", "5001", &["raw/tabeller-2024.xlsx"]);
    let wh = p.warehouse();
    let mut holder = Command::new("sleep")
        .arg("60")
        .stdout(Stdio::null())
        .spawn()
        .expect("sleep");
    hold_lock(&wh, holder.id());
    let out = kommunetall(&["run", path_str(&pipe)], None);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("pid {}", holder.id())) && err.contains("2023-11-14T22:13:20Z"),
        "names the holder: {err}"
    );
    let out = kommunetall(&["run", path_str(&pipe), "--wait", "1"], None);
    assert_eq!(out.status.code(), Some(1), "still held after waiting");
    assert!(!wh.join("kommunetall.duckdb").exists());

    // The holder dies: its lock is stale and the next run takes it over.
    holder.kill().expect("kill");
    holder.wait().expect("reap");
    ok(&kommunetall(&["run", path_str(&pipe)], None));
    assert!(wh.join("kommunetall.duckdb").exists());
    assert!(!wh.join(".kommunetall.lock").exists());
}

#[test]
fn kill_9_at_any_point_leaves_the_previous_warehouse_readable_and_complete() {
    let p = Project::new();
    let pipe = p.pipeline(
        "trondheim",
        "5001",
        &["raw/arsberetning-2024.pdf", "raw/tabeller-2024.xlsx"],
    );
    ok(&kommunetall(&["run", path_str(&pipe)], Some("1700000000")));
    let wh = p.warehouse();
    let expected = query_rows(
        &duck(&wh),
        "SELECT (SELECT count(*) FROM report_cell), (SELECT count(*) FROM fact_statement_line), \
         (SELECT count(*) FROM quality_finding)",
    );
    let pq = parquet_rows(&wh.join("parquet/report_cell"));
    let mut killed_while_running = 0;
    for delay_ms in [50u64, 250, 600, 1000, 1600, 2400, 3500, 5000] {
        killed_while_running += usize::from(kill_run_after(
            &["run", path_str(&pipe), "--force"],
            delay_ms,
        ));
        // Whatever the moment: the warehouse answers, complete.
        let now = query_rows(
            &duck(&wh),
            "SELECT (SELECT count(*) FROM report_cell), (SELECT count(*) FROM fact_statement_line), \
             (SELECT count(*) FROM quality_finding)",
        );
        assert_eq!(now, expected, "after kill at {delay_ms} ms");
        assert_eq!(
            parquet_rows(&wh.join("parquet/report_cell")),
            pq,
            "parquet after kill at {delay_ms} ms"
        );
    }
    assert!(
        killed_while_running >= 3,
        "too few kills landed mid-run: {killed_while_running}"
    );
    // The next run cleans up what the killed ones left (staging, trash, stale lock).
    ok(&kommunetall(&["run", path_str(&pipe)], Some("1700000000")));
    let stray = leftovers(&wh);
    assert!(stray.is_empty(), "left behind: {stray:?}");
}

/// The rows of `table`'s Parquet files under `dir` (every partition).
fn parquet_rows(dir: &Path) -> usize {
    crate::support::parquet_files(dir)
        .iter()
        .flat_map(|f| crate::support::read_parquet(f))
        .map(|b| b.num_rows())
        .sum()
}

#[test]
fn kill_9_during_incremental_reruns_never_touches_other_partitions_and_duckdb_catches_up() {
    let p = Project::new();
    std::fs::write(
        p.path("raw/oslo.pdf"),
        crate::support::small_report(3, "oslo"),
    )
    .expect("w");
    p.pipeline(
        "trondheim",
        "5001",
        &["raw/arsberetning-2024.pdf", "raw/tabeller-2024.xlsx"],
    );
    p.pipeline("oslo", "0301", &["raw/oslo.pdf"]);
    let pipes = p.path("pipelines");
    let xlsx = p.path("raw/tabeller-2024.xlsx");
    let versions = [std::fs::read(&xlsx).expect("xlsx"), {
        let t = p.path("tampered.xlsx");
        crate::reconcile::tamper_appendix(&xlsx, &t);
        std::fs::read(&t).expect("tampered")
    }];
    ok(&kommunetall(&["run", path_str(&pipes)], Some("1700000000")));
    let wh = p.warehouse();
    let sql = "SELECT (SELECT count(*) FROM report_cell WHERE municipality_code = '5001'), \
               (SELECT count(*) FROM report_cell WHERE municipality_code = '0301')";
    let expected = query_rows(&duck(&wh), sql);
    let trondheim = wh.join("parquet/report_cell/municipality_code=5001");
    let cells = parquet_rows(&trondheim);
    let other = |wh: &Path| -> BTreeMap<PathBuf, (Vec<u8>, SystemTime)> {
        let mut m: BTreeMap<_, _> = snapshot(&wh.join("parquet"))
            .into_iter()
            .filter(|(k, _)| k.to_string_lossy().contains("municipality_code=0301"))
            .collect();
        m.extend(
            snapshot(&wh.join("quality"))
                .into_iter()
                .filter(|(k, _)| k.to_string_lossy().contains("0301-2024")),
        );
        m
    };
    let oslo = other(&wh);
    assert_eq!(
        oslo.len(),
        11,
        "every partitioned table has its file, the partition its quality page: {oslo:?}"
    );
    let mut killed_while_running = 0;
    for (i, delay_ms) in [30u64, 60, 100, 150, 220, 300, 450, 700]
        .into_iter()
        .enumerate()
    {
        std::fs::write(&xlsx, &versions[(i + 1) % 2]).expect("xlsx");
        killed_while_running += usize::from(kill_run_after(&["run", path_str(&pipes)], delay_ms));
        assert_eq!(
            query_rows(&duck(&wh), sql),
            expected,
            "duckdb after kill at {delay_ms} ms"
        );
        assert_eq!(
            parquet_rows(&trondheim),
            cells,
            "parquet after kill at {delay_ms} ms"
        );
        assert!(
            other(&wh) == oslo,
            "another partition was touched (kill at {delay_ms} ms)"
        );
    }
    assert!(
        killed_while_running >= 3,
        "too few kills landed mid-run: {killed_while_running}"
    );
    // The next run finishes or discards what the killed ones left, and the
    // DuckDB file, the manifest and the Parquet files agree again.
    ok(&kommunetall(&["run", path_str(&pipes)], Some("1700000000")));
    assert!(
        leftovers(&wh).is_empty(),
        "left behind: {:?}",
        leftovers(&wh)
    );
    let sha = kommunetall::ingest::sha256_hex(&std::fs::read(&xlsx).expect("xlsx"));
    let in_duck = query_rows(
        &duck(&wh),
        "SELECT sha256 FROM document WHERE kind = 'xlsx'",
    );
    assert_eq!(in_duck, vec![vec![sha.clone()]]);
    let manifest = std::fs::read_to_string(wh.join("manifest.json")).expect("manifest");
    assert!(
        manifest.contains(&sha),
        "the manifest names the current appendix"
    );
    let doc = crate::support::parquet_files(&wh.join("parquet/document/municipality_code=5001"));
    let rows = crate::support::batches_rows(&crate::support::read_parquet(&doc[0]));
    assert!(rows.iter().any(|r| r.contains(&sha)), "{rows:?}");
}

#[test]
fn strict_exits_3_on_error_findings() {
    // An appendix that disagrees with the report: pdf_excel_mismatch is an error.
    let p = Project::new();
    let xlsx = p.path("raw/tabeller-2024.xlsx");
    crate::reconcile::tamper_appendix(&sample_xlsx(), &xlsx);
    let pipe = p.pipeline(
        "trondheim",
        "5001",
        &["raw/arsberetning-2024.pdf", "raw/tabeller-2024.xlsx"],
    );
    let out = kommunetall(&["run", path_str(&pipe), "--strict"], None);
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        p.warehouse().join("kommunetall.duckdb").exists(),
        "written all the same"
    );
    // Without --strict the same run is a success.
    ok(&kommunetall(&["run", path_str(&pipe)], None));
}

#[test]
fn hostile_inputs_are_named_and_the_rest_of_the_run_still_loads() {
    let p = Project::new();
    let pipe = p.pipeline(
        "trondheim",
        "5001",
        &[
            "raw/arsberetning-2024.pdf",
            "raw/tabeller-2024.xlsx",
            "raw/html.pdf",
            "raw/junk.xlsx",
            "raw/truncated.pdf",
        ],
    );
    // First run: only the two real documents exist yet.
    std::fs::write(p.path("raw/html.pdf"), b"").expect("w");
    let out = kommunetall(&["run", path_str(&pipe)], None);
    assert_eq!(out.status.code(), Some(1));
    let wh = p.warehouse();
    let before = query_rows(
        &duck(&wh),
        "SELECT source_path, sha256 FROM document ORDER BY source_path",
    );
    assert_eq!(before.len(), 2, "{before:?}");

    // Now every bad kind at once, and the report itself replaced by HTML.
    let html = b"<!DOCTYPE html><html><body><h1>Arsberetning 2024</h1></body></html>\n";
    std::fs::write(p.path("raw/arsberetning-2024.pdf"), html).expect("w");
    std::fs::write(p.path("raw/html.pdf"), html).expect("w");
    let mut junk = b"PK\x03\x04".to_vec();
    junk.extend((0..4000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8));
    std::fs::write(p.path("raw/junk.xlsx"), junk).expect("w");
    let mut pdf = std::fs::read(sample_pdf()).expect("pdf");
    pdf.truncate(pdf.len() / 3);
    std::fs::write(p.path("raw/truncated.pdf"), pdf).expect("w");

    let out = kommunetall(&["run", path_str(&pipe)], None);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    for name in [
        "raw/arsberetning-2024.pdf",
        "raw/html.pdf",
        "raw/junk.xlsx",
        "raw/truncated.pdf",
    ] {
        assert!(err.contains(name), "the error names {name}: {err}");
    }
    // The report that turned into HTML keeps its previous version; the
    // appendix is still there; the warehouse answers.
    let after = query_rows(
        &duck(&wh),
        "SELECT source_path, sha256 FROM document ORDER BY source_path",
    );
    assert_eq!(after, before);
    let stray = leftovers(&wh);
    assert!(stray.is_empty(), "left behind: {stray:?}");
}

/// Starts `kommunetall ARGS`, kills it (SIGKILL on Unix) after `delay_ms`
/// and reaps it; whether it was still running when killed.
fn kill_run_after(args: &[&str], delay_ms: u64) -> bool {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kommunetall"))
        .args(args)
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .env("RUST_LOG", "off")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    std::thread::sleep(Duration::from_millis(delay_ms));
    let running = child.try_wait().expect("poll").is_none();
    child.kill().ok();
    child.wait().expect("reap");
    running
}
