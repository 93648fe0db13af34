//! The warehouse in an object store: `warehouse = "s3://bucket/prefix"`
//! against a real S3-compatible server (moto's, from PyPI) that the test
//! starts on 127.0.0.1 — partitions, cache and manifest in the bucket, the
//! lock as a conditional put, the DuckDB file local and rebuilt from the
//! bucket when lost, and the Parquet read back by DuckDB's own S3 reader
//! (httpfs). Skipped with a message only when the server cannot be started.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{ok, query_rows, small_report};

/// moto's S3 server on a free port of 127.0.0.1; stopped on drop.
struct Moto {
    child: Child,
    port: u16,
}

impl Moto {
    fn start() -> Option<Moto> {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .ok()?
            .local_addr()
            .ok()?
            .port();
        let child = Command::new("python3")
            .args([
                "-m",
                "moto.server",
                "-H",
                "127.0.0.1",
                "-p",
                &port.to_string(),
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn();
        let mut child = match child {
            Ok(c) => c,
            Err(e) => {
                println!(
                    "skipped: cannot start python3 -m moto.server ({e}); pip install 'moto[server]'"
                );
                return None;
            }
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if let Ok(Some(status)) = child.try_wait() {
                println!(
                    "skipped: moto's S3 server exited at once ({status}); pip install 'moto[server]'"
                );
                return None;
            }
            if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Some(Moto { child, port });
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = child.kill();
        let _ = child.wait();
        println!("skipped: moto's S3 server did not answer on 127.0.0.1:{port} within 30 s");
        None
    }

    /// One HTTP request; (status, body). moto does not check signatures,
    /// but refuses anonymous requests to objects: the request names the
    /// test's access key with a dummy signature.
    fn http(&self, method: &str, path: &str, body: &[u8]) -> (u16, Vec<u8>) {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        let head = format!(
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Length: {}\r\n\
             Authorization: AWS4-HMAC-SHA256 Credential=testing/20240101/us-east-1/s3/aws4_request, \
             SignedHeaders=host, Signature=0\r\nConnection: close\r\n\r\n",
            self.port,
            body.len()
        );
        s.write_all(head.as_bytes()).expect("send");
        s.write_all(body).expect("send body");
        let mut out = Vec::new();
        s.read_to_end(&mut out).expect("read");
        let split = out
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("http head");
        let head = String::from_utf8_lossy(&out[..split]).into_owned();
        let status = head
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .expect("status");
        let mut body = out[split + 4..].to_vec();
        if head
            .to_ascii_lowercase()
            .contains("transfer-encoding: chunked")
        {
            body = dechunk(&body);
        }
        (status, body)
    }

    /// Every key under `prefix` in `bucket`, with its last-modified stamp.
    fn list(&self, bucket: &str, prefix: &str) -> Vec<(String, String)> {
        let (status, body) = self.http(
            "GET",
            &format!("/{bucket}?list-type=2&max-keys=1000&prefix={prefix}"),
            b"",
        );
        assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
        let xml = String::from_utf8_lossy(&body);
        assert!(!xml.contains("<IsTruncated>true"), "more than 1000 keys");
        xml.split("<Contents>")
            .skip(1)
            .map(|c| {
                let tag = |t: &str| {
                    c.split(&format!("<{t}>"))
                        .nth(1)
                        .and_then(|r| r.split(&format!("</{t}>")).next())
                        .unwrap_or_default()
                        .to_owned()
                };
                (tag("Key"), tag("LastModified"))
            })
            .collect()
    }

    fn get(&self, bucket: &str, key: &str) -> Vec<u8> {
        let (status, body) = self.http("GET", &format!("/{bucket}/{key}"), b"");
        assert_eq!(status, 200, "GET {key}");
        body
    }

    /// The environment a `kommunetall` process needs to reach the server.
    fn env(&self, c: &mut Command) {
        c.env("AWS_ACCESS_KEY_ID", "testing")
            .env("AWS_SECRET_ACCESS_KEY", "testing")
            .env("AWS_REGION", "us-east-1")
            .env(
                "AWS_ENDPOINT_URL",
                format!("http://127.0.0.1:{}", self.port),
            )
            .env("AWS_ALLOW_HTTP", "true");
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = b.windows(2).position(|w| w == b"\r\n") {
        let n = usize::from_str_radix(String::from_utf8_lossy(&b[..eol]).trim(), 16).unwrap_or(0);
        if n == 0 {
            break;
        }
        out.extend_from_slice(&b[eol + 2..eol + 2 + n]);
        b = &b[eol + 4 + n..];
    }
    out
}

/// `kommunetall args` in `dir` with the server's environment.
fn kommunetall_s3(moto: &Moto, dir: &Path, args: &[&str]) -> std::process::Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_kommunetall"));
    c.args(args)
        .current_dir(dir)
        .env("RUST_LOG", "warn")
        .env("SOURCE_DATE_EPOCH", "1735689600");
    moto.env(&mut c);
    c.output().expect("the binary runs")
}

fn pipeline(dir: &Path, code: &str, file: &str) -> PathBuf {
    let p = dir.join(format!("pipelines/k{code}.toml"));
    std::fs::write(
        &p,
        format!(
            "name = 'k{code}'\nwarehouse = 's3://kommunetall/wh'\nduckdb = 'local/k.duckdb'\n\
             [municipality]\ncode = '{code}'\n[[input]]\npath = '{file}'\nreport_year = 2024\n"
        ),
    )
    .expect("pipeline");
    p
}

fn local_count(db: &Path, sql: &str) -> String {
    let cfg = duckdb::Config::default()
        .access_mode(duckdb::AccessMode::ReadOnly)
        .expect("cfg");
    let conn = duckdb::Connection::open_with_flags(db, cfg).expect("open");
    query_rows(&conn, sql)[0][0].clone()
}

/// Creates the bucket `kommunetall` on the server and a workspace folder
/// with `pipelines/` and `raw/`.
fn bucket_and_workspace(moto: &Moto) -> tempfile::TempDir {
    assert_eq!(
        moto.http("PUT", "/kommunetall", b"").0,
        200,
        "create the bucket"
    );
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::create_dir_all(dir.path().join("pipelines")).expect("mk");
    std::fs::create_dir_all(dir.path().join("raw")).expect("mk");
    dir
}

#[test]
fn a_warehouse_in_s3_is_written_by_partition_and_read_back_by_duckdb() {
    let Some(moto) = Moto::start() else { return };
    let dir = bucket_and_workspace(&moto);
    let d = dir.path();
    std::fs::write(d.join("raw/a.pdf"), small_report(4, "a")).expect("a");
    std::fs::write(d.join("raw/b.pdf"), small_report(3, "b")).expect("b");
    pipeline(d, "5001", "raw/a.pdf");
    pipeline(d, "0301", "raw/b.pdf");
    let out = ok(&kommunetall_s3(&moto, d, &["run", "pipelines/"]));
    assert!(out.contains("2 read, 0 unchanged"), "{out}");
    assert!(out.contains("s3://kommunetall/wh"), "{out}");

    let keys = moto.list("kommunetall", "wh/");
    let names: Vec<&str> = keys.iter().map(|(k, _)| k.as_str()).collect();
    for want in [
        "wh/manifest.json",
        "wh/quality.md",
        "wh/quality/0301-2024.html",
        "wh/quality/5001-2024.md",
        "wh/parquet/report_cell/municipality_code=0301/report_year=2024/part-0.parquet",
        "wh/parquet/report_cell/municipality_code=5001/report_year=2024/part-0.parquet",
        "wh/parquet/dim_municipality/part-0.parquet",
    ] {
        assert!(names.contains(&want), "{want} missing from {names:?}");
    }
    assert!(
        names
            .iter()
            .all(|k| !k.contains(".staging") && !k.ends_with(".lock")),
        "left behind: {names:?}"
    );
    assert_eq!(
        names.iter().filter(|k| k.starts_with("wh/cache/")).count(),
        2,
        "two documents' cache entries: {names:?}"
    );
    let db = d.join("local/k.duckdb");
    let cells = |code: &str| {
        local_count(
            &db,
            &format!("SELECT count(*) FROM report_cell WHERE municipality_code = '{code}'"),
        )
    };
    let (a_cells, b_cells) = (cells("5001"), cells("0301"));
    assert_ne!(a_cells, "0");
    // The DuckDB file holds what the bucket's Parquet files hold.
    let in_bucket: usize = ["0301", "5001"]
        .iter()
        .map(|c| {
            let key = format!(
                "wh/parquet/report_cell/municipality_code={c}/report_year=2024/part-0.parquet"
            );
            let file = d.join(format!("{c}.parquet"));
            std::fs::write(&file, moto.get("kommunetall", &key)).expect("write");
            crate::support::read_parquet(&file)
                .iter()
                .map(|b| b.num_rows())
                .sum::<usize>()
        })
        .sum();
    let total: usize = a_cells.parse::<usize>().expect("n") + b_cells.parse::<usize>().expect("n");
    assert_eq!(in_bucket, total);

    // One report changes: only its partition is written again.
    let stamp = |keys: &[(String, String)], k: &str| {
        keys.iter().find(|(n, _)| n == k).map(|(_, m)| m.clone())
    };
    let oslo = "wh/parquet/report_cell/municipality_code=0301/report_year=2024/part-0.parquet";
    let oslo_before = (stamp(&keys, oslo), moto.get("kommunetall", oslo));
    let oslo_page = stamp(&keys, "wh/quality/0301-2024.html");
    assert!(oslo_page.is_some(), "{keys:?}");
    std::thread::sleep(Duration::from_millis(1100));
    std::fs::write(d.join("raw/a.pdf"), small_report(5, "a2")).expect("a2");
    let out = ok(&kommunetall_s3(&moto, d, &["run", "pipelines/"]));
    assert!(out.contains("1 read, 1 unchanged"), "{out}");
    let keys = moto.list("kommunetall", "wh/");
    assert_eq!(
        (stamp(&keys, oslo), moto.get("kommunetall", oslo)),
        oslo_before,
        "0301 untouched"
    );
    assert_eq!(
        stamp(&keys, "wh/quality/0301-2024.html"),
        oslo_page,
        "0301's quality page untouched"
    );
    assert_ne!(cells("5001"), a_cells, "5001 has the new report's cells");
    assert_eq!(cells("0301"), b_cells);
    let a_cells = cells("5001");
    assert_eq!(
        keys.iter()
            .filter(|(k, _)| k.starts_with("wh/cache/"))
            .count(),
        2,
        "the old version's cache entry is gone: {keys:?}"
    );

    // The local DuckDB file lost: the next run's lock rebuilds it from the bucket.
    std::fs::remove_file(&db).expect("rm");
    let out = ok(&kommunetall_s3(&moto, d, &["run", "pipelines/"]));
    assert!(out.contains("up to date"), "{out}");
    assert_eq!(
        (cells("5001"), cells("0301")),
        (a_cells.clone(), b_cells.clone())
    );

    // DuckDB's own S3 reader sees the same warehouse (hive partitions).
    let n = a_cells.parse::<usize>().expect("n") + b_cells.parse::<usize>().expect("n");
    read_back_with_duckdb_httpfs(&moto, n);
}

/// `read_parquet('s3://…', hive_partitioning = true)` in DuckDB (Python,
/// with the httpfs extension from PyPI) against the server.
fn read_back_with_duckdb_httpfs(moto: &Moto, cells: usize) {
    let script = format!(
        r#"
import glob, os, duckdb, duckdb_extension_httpfs as h
ext = glob.glob(os.path.join(os.path.dirname(h.__file__), "extensions", "*", "httpfs.duckdb_extension"))[0]
con = duckdb.connect(config={{"allow_unsigned_extensions": "true", "autoinstall_known_extensions": "false"}})
con.execute(f"LOAD '{{ext}}'")
con.execute("CREATE SECRET (TYPE s3, KEY_ID 'testing', SECRET 'testing', REGION 'us-east-1', ENDPOINT '127.0.0.1:{port}', URL_STYLE 'path', USE_SSL false)")
print(con.execute("SELECT count(*), string_agg(DISTINCT municipality_code, ',' ORDER BY municipality_code), min(report_year) FROM read_parquet('s3://kommunetall/wh/parquet/report_cell/*/*/*.parquet', hive_partitioning = true)").fetchone())
"#,
        port = moto.port
    );
    let have = Command::new("python3")
        .args(["-c", "import duckdb, duckdb_extension_httpfs"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !have {
        println!(
            "skipped the DuckDB httpfs read-back: pip install 'duckdb-extension-httpfs==1.5.5' (it brings duckdb 1.5.5)"
        );
        return;
    }
    let out = Command::new("python3")
        .args(["-c", &script])
        .output()
        .expect("python");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let line = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    assert_eq!(line, format!("({cells}, '0301,5001', 2024)"));
}

#[test]
fn the_lock_in_a_bucket_is_a_conditional_put_and_a_dead_holder_is_taken_over() {
    let Some(moto) = Moto::start() else { return };
    let dir = bucket_and_workspace(&moto);
    let d = dir.path();
    std::fs::write(d.join("raw/a.pdf"), small_report(2, "a")).expect("a");
    pipeline(d, "5001", "raw/a.pdf");
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .unwrap_or_default()
        .trim()
        .to_owned();
    let lock = |pid: u32| {
        let text =
            format!("pid={pid}\nstarted_unix=5\nstarted=1970-01-01T00:00:05Z\nhost={host}\n");
        assert_eq!(
            moto.http("PUT", "/kommunetall/wh/.kommunetall.lock", text.as_bytes())
                .0,
            200
        );
    };
    lock(1);
    let out = kommunetall_s3(&moto, d, &["run", "pipelines/"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("pid 1,") && err.contains("s3://kommunetall/wh"),
        "{err}"
    );
    assert!(
        moto.list("kommunetall", "wh/parquet").is_empty(),
        "nothing written"
    );
    lock(4_000_000);
    let out = ok(&kommunetall_s3(&moto, d, &["run", "pipelines/"]));
    assert!(out.contains("1 read"), "{out}");
    let keys = moto.list("kommunetall", "wh/");
    assert!(keys.iter().all(|(k, _)| !k.ends_with(".lock")), "{keys:?}");
}
