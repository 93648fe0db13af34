//! Shared helpers: the sample paths, running the binary, reading the outputs.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use arrow::array::RecordBatch;
use arrow::util::display::{ArrayFormatter, FormatOptions};

/// The project folder.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The sample report PDF.
pub fn sample_pdf() -> PathBuf {
    root().join("raw/trondheim/2024/arsberetning-2024.pdf")
}

/// The sample Excel appendix.
pub fn sample_xlsx() -> PathBuf {
    root().join("raw/trondheim/2024/arsberetning-2024-tabeller.xlsx")
}

/// Runs the binary with `args`, `SOURCE_DATE_EPOCH` fixed unless `epoch` is None.
pub fn kommunetall(args: &[&str], epoch: Option<&str>) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_kommunetall"));
    c.args(args).current_dir(root()).env("RUST_LOG", "warn");
    match epoch {
        Some(e) => c.env("SOURCE_DATE_EPOCH", e),
        None => c.env_remove("SOURCE_DATE_EPOCH"),
    };
    c.output().expect("the binary runs")
}

/// Asserts success and returns stdout.
pub fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "exit {:?}\nstdout:\n{}\nstderr:\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Writes the pipeline file `path` of a job named `name` for Trondheim
/// (5001), warehouse `wh` beside it, reading `inputs` (file, report year).
pub fn write_pipeline(path: &Path, name: &str, inputs: &[(&Path, i32)]) {
    let mut toml = format!(
        "name = '{name}'\nwarehouse = 'wh'\n[municipality]\ncode = '5001'\nname = 'Trondheim'\n"
    );
    for (file, year) in inputs {
        toml.push_str(&format!(
            "[[input]]\npath = '{}'\nreport_year = {year}\n",
            path_str(file)
        ));
    }
    std::fs::write(path, toml).expect("write pipeline");
}

/// Writes a project with `pipelines/sample.toml` — the main job's inputs (the
/// sample PDF and appendix, the KOSTRA store and queries of the repository) by
/// absolute path, warehouse `wh` — into `dir` and returns the pipeline file.
pub fn sample_project(dir: &Path) -> PathBuf {
    std::fs::create_dir_all(dir.join("pipelines")).expect("mkdir");
    let p = dir.join("pipelines/sample.toml");
    std::fs::write(
        &p,
        format!(
            "name = 'sample'\nwarehouse = 'wh'\n[municipality]\ncode = '5001'\nname = 'Trondheim'\n\
             [[input]]\npath = '{}'\nreport_year = 2024\n[[input]]\npath = '{}'\nreport_year = 2024\n\
             [kostra]\nstore = '{}'\nqueries = '{}'\n",
            path_str(&sample_pdf()),
            path_str(&sample_xlsx()),
            path_str(&root().join("raw/kostra")),
            path_str(&root().join("pipelines/kostra.toml")),
        ),
    )
    .expect("write pipeline");
    p
}

/// A warehouse built once per test binary by `kommunetall run` of the main
/// job's inputs (sample PDF, appendix, KOSTRA store; `SOURCE_DATE_EPOCH` fixed).
pub fn sample_warehouse() -> &'static Path {
    static WH: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &WH.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tempdir");
        let pipeline = sample_project(dir.path());
        ok(&kommunetall(&["run", path_str(&pipeline)], Some(EPOCH)));
        let wh = dir.path().join("wh");
        (dir, wh)
    })
    .1
}

/// The SOURCE_DATE_EPOCH the shared sample warehouse is built with (2025-01-01).
pub const EPOCH: &str = "1735689600";

/// A path as &str (the test paths are UTF-8).
pub fn path_str(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// Opens a warehouse's DuckDB file read-only.
pub fn duck(wh: &Path) -> duckdb::Connection {
    let cfg = duckdb::Config::default()
        .access_mode(duckdb::AccessMode::ReadOnly)
        .expect("config");
    duckdb::Connection::open_with_flags(wh.join("kommunetall.duckdb"), cfg).expect("open duckdb")
}

/// Rows of a query as text (arrow display), for comparing sources.
pub fn query_rows(conn: &duckdb::Connection, sql: &str) -> Vec<Vec<String>> {
    let mut stmt = conn.prepare(sql).expect("prepare");
    let batches: Vec<RecordBatch> = stmt.query_arrow([]).expect("query").collect();
    batches_rows(&batches)
}

/// Record batches as rows of display text.
pub fn batches_rows(batches: &[RecordBatch]) -> Vec<Vec<String>> {
    let opts = FormatOptions::default().with_null("NULL");
    let mut out = Vec::new();
    for b in batches {
        // Timestamps with a named zone need chrono-tz to display: compare them as integers.
        let cols: Vec<arrow::array::ArrayRef> = b
            .columns()
            .iter()
            .map(|c| match c.data_type() {
                arrow::datatypes::DataType::Timestamp(_, Some(_)) => {
                    arrow::compute::cast(c, &arrow::datatypes::DataType::Int64)
                        .expect("cast timestamp")
                }
                _ => c.clone(),
            })
            .collect();
        let fmts: Vec<ArrayFormatter<'_>> = cols
            .iter()
            .map(|c| ArrayFormatter::try_new(c.as_ref(), &opts).expect("formatter"))
            .collect();
        for r in 0..b.num_rows() {
            out.push(fmts.iter().map(|f| f.value(r).to_string()).collect());
        }
    }
    out
}

/// All Parquet files under `dir`, sorted.
pub fn parquet_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read_dir").flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "parquet") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Reads a Parquet file into batches.
pub fn read_parquet(path: &Path) -> Vec<RecordBatch> {
    let f = std::fs::File::open(path).expect("open parquet");
    parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(f)
        .expect("parquet reader")
        .build()
        .expect("build reader")
        .collect::<Result<Vec<_>, _>>()
        .expect("read batches")
}

/// What an interrupted or failed run could leave in a warehouse folder:
/// staging and trash folders, the lock file.
pub fn leftovers(wh: &Path) -> Vec<String> {
    std::fs::read_dir(wh)
        .expect("ls")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".staging") || n.starts_with(".trash") || n.ends_with(".lock"))
        .collect()
}

/// A small synthetic report PDF: the sample's first `n` tables typeset by
/// `kommunetall-fixture` in a variant named `variant` (the name changes nothing
/// but the bytes).
pub fn small_report(n: usize, variant: &str) -> Vec<u8> {
    let truth = kommunetall_fixture::parse_truth(
        &std::fs::read_to_string(root().join("tests/golden/arsberetning-2024.truth.json"))
            .expect("truth"),
    )
    .expect("parse");
    let mut v = kommunetall_fixture::Variant::base(variant);
    v.notes = false;
    kommunetall_fixture::render(&truth[..n], &v).pdf
}
