//! The page of table 1.4 of the sample, opened in a headless Chromium: the
//! browser's DOM holds exactly the cell outlines the renderer counted, and a
//! screenshot renders. Skipped (passes with a message) without Chromium.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use common::{SOURCE, count, sample};
use kommunetall_inspect::{Options, render, write};

const TIMEOUT: Duration = Duration::from_secs(60);

/// `CHROMIUM` from the environment, else the usual Debian/Ubuntu names.
fn find_chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("CHROMIUM") {
        let p = PathBuf::from(p);
        if p.is_file() {
            return Some(p);
        }
        eprintln!("CHROMIUM={} is not a file; looking elsewhere", p.display());
    }
    let fixed = PathBuf::from("/usr/bin/chromium");
    if fixed.is_file() {
        return Some(fixed);
    }
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for name in ["chromium", "chromium-browser"] {
            let p = dir.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

/// Runs Chromium headless with a fresh profile; stdout goes to `stdout_to`.
/// Killed after [`TIMEOUT`].
fn chromium(bin: &Path, profile: &Path, args: &[String], stdout_to: &Path) -> ExitStatus {
    let out = std::fs::File::create(stdout_to).expect("stdout file");
    let err_path = stdout_to.with_extension("stderr.txt");
    let err = std::fs::File::create(&err_path).expect("stderr file");
    let mut child = Command::new(bin)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::from(out))
        .stderr(Stdio::from(err))
        .spawn()
        .expect("chromium starts");
    let start = Instant::now();
    loop {
        match child.try_wait().expect("waiting for chromium") {
            Some(status) => return status,
            None if start.elapsed() > TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                let log = std::fs::read_to_string(&err_path).unwrap_or_default();
                panic!("chromium did not finish within {TIMEOUT:?}; stderr:\n{log}");
            }
            None => std::thread::sleep(Duration::from_millis(100)),
        }
    }
}

#[test]
fn chromium_sees_every_cell_outline() {
    let Some(bin) = find_chromium() else {
        println!("skipped: no chromium (install Debian's chromium package)");
        return;
    };
    let (pages, ex) = sample();
    let opts = Options {
        pages: None,
        table: Some("1.4".into()),
    };
    let out = render(pages, ex.into(), SOURCE, &opts);
    let view = out.first().expect("table 1.4 has a page");
    assert!(view.cells_outlined > 0);
    let dir = tempfile::tempdir().expect("temp dir");
    let site = dir.path().join("site");
    write(&site, SOURCE, &out, ex.into()).expect("pages written");
    let url = format!("file://{}", site.join(&view.file_name).display());

    let dom_file = dir.path().join("dom.html");
    let status = chromium(
        &bin,
        &dir.path().join("profile-dom"),
        &["--dump-dom".to_owned(), url.clone()],
        &dom_file,
    );
    assert!(status.success(), "chromium --dump-dom failed: {status}");
    let dom = std::fs::read_to_string(&dom_file).expect("dumped DOM");
    assert!(dom.contains("<svg"), "the DOM holds the page's SVG");
    assert!(dom.contains(r#"id="table-1.4""#));
    let in_dom = count(&dom, r#"class="cell""#);
    println!(
        "{}: {} cell outlines in the browser DOM, {} counted by the renderer",
        view.file_name, in_dom, view.cells_outlined
    );
    assert_eq!(in_dom, view.cells_outlined);

    let shot = dir.path().join("shot.png");
    let status = chromium(
        &bin,
        &dir.path().join("profile-shot"),
        &[
            format!("--screenshot={}", shot.display()),
            "--window-size=1600,1200".to_owned(),
            url,
        ],
        &dir.path().join("shot-stdout.txt"),
    );
    assert!(status.success(), "chromium --screenshot failed: {status}");
    let size = std::fs::metadata(&shot).expect("screenshot written").len();
    println!("screenshot: {size} bytes");
    assert!(size > 10_000, "screenshot is only {size} bytes");
    let png = std::fs::read(&shot).expect("screenshot readable");
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "a PNG file");
}
