//! Data-driven check against the hand-made ground truth of the Trondheim 2024
//! appendix: every numeric value in the truth, for the tables present in the
//! workbook, must equal the extracted value at the same table id, row label
//! (n-th occurrence) and value column. Figures are printed per table and in
//! total (run with `--nocapture` to see them).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use kommunetall_model::{Extraction, Table};
use serde::Deserialize;

#[derive(Deserialize)]
struct TruthRow {
    label: String,
    values: Vec<Option<f64>>,
}

#[derive(Deserialize)]
struct TruthTable {
    id: String,
    rows: Vec<TruthRow>,
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn truth() -> Vec<TruthTable> {
    let path = root().join("tests/golden/arsberetning-2024.truth.json");
    let text = std::fs::read_to_string(&path).expect("truth file readable");
    serde_json::from_str(&text).expect("truth parses")
}

#[derive(Default, Debug, Clone, Copy)]
struct Figures {
    matched: usize,
    wrong: usize,
    missing: usize,
    extra: usize,
}

impl std::ops::AddAssign for Figures {
    fn add_assign(&mut self, o: Self) {
        self.matched += o.matched;
        self.wrong += o.wrong;
        self.missing += o.missing;
        self.extra += o.extra;
    }
}

fn same(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

fn compare(truth: &TruthTable, table: &Table, problems: &mut Vec<String>) -> Figures {
    let mut f = Figures::default();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let mut used_rows = vec![false; table.rows.len()];
    for trow in &truth.rows {
        let k = seen.entry(trow.label.as_str()).or_insert(0);
        let found = table
            .rows
            .iter()
            .enumerate()
            .filter(|(_, r)| r.label == trow.label)
            .nth(*k);
        *k += 1;
        let Some((ri, row)) = found else {
            let n = trow.values.iter().flatten().count();
            if n > 0 {
                problems.push(format!("{}: row {:?} missing", truth.id, trow.label));
            }
            f.missing += n;
            continue;
        };
        used_rows[ri] = true;
        for (j, tv) in trow.values.iter().enumerate() {
            let ev = row.cells.get(j).and_then(|c| c.value);
            match (tv, ev) {
                (Some(t), Some(e)) if same(*t, e) => f.matched += 1,
                (Some(t), Some(e)) => {
                    f.wrong += 1;
                    problems.push(format!(
                        "{}: {:?} col {}: truth {t}, got {e}",
                        truth.id,
                        trow.label,
                        j + 1
                    ));
                }
                (Some(t), None) => {
                    f.missing += 1;
                    problems.push(format!(
                        "{}: {:?} col {}: truth {t}, got nothing",
                        truth.id,
                        trow.label,
                        j + 1
                    ));
                }
                (None, Some(_)) => f.extra += 1,
                (None, None) => {}
            }
        }
        f.extra += row
            .cells
            .iter()
            .skip(trow.values.len())
            .filter(|c| c.value.is_some())
            .count();
    }
    for (ri, row) in table.rows.iter().enumerate() {
        if !used_rows[ri] {
            f.extra += row.cells.iter().filter(|c| c.value.is_some()).count();
        }
    }
    f
}

fn score(name: &str, ex: &Extraction) -> Figures {
    let truth = truth();
    let by_id: HashMap<&str, &Table> = ex.tables.iter().map(|t| (t.table_id.as_str(), t)).collect();
    let mut total = Figures::default();
    let mut problems = Vec::new();
    let mut absent = Vec::new();
    for t in &truth {
        let Some(table) = by_id.get(t.id.as_str()) else {
            absent.push(t.id.clone());
            continue;
        };
        let f = compare(t, table, &mut problems);
        println!(
            "{name} {:>6}: matched {:>3} wrong {} missing {} extra {}",
            t.id, f.matched, f.wrong, f.missing, f.extra
        );
        total += f;
    }
    println!(
        "{name} TOTAL: matched {} wrong {} missing {} extra {}; truth tables not in workbook: {absent:?}",
        total.matched, total.wrong, total.missing, total.extra
    );
    for p in &problems {
        println!("{name} problem: {p}");
    }
    total
}

#[test]
fn xlsx_matches_truth() {
    let path = root().join("raw/trondheim/2024/arsberetning-2024-tabeller.xlsx");
    if !path.exists() {
        eprintln!("skipped: {} absent", path.display());
        return;
    }
    let ex = kommunetall_sheet::extract(&path).expect("sample xlsx reads");
    assert_eq!(ex.report_year, Some(2024));
    assert_eq!(ex.pages_or_sheets, 54);
    let f = score("xlsx", &ex);
    assert_eq!(f.wrong, 0, "wrong values");
    assert_eq!(f.missing, 0, "missing values");
    assert!(f.matched > 1000, "too few values matched: {}", f.matched);
    // 10.12 "11 2885" is malformed text: no value and a diagnostic.
    assert!(ex.diagnostics.iter().any(|d| d.rule == "unparseable_number"
        && d.table_id.as_deref() == Some("10.12")
        && d.actual.as_deref() == Some("11 2885")));
    assert!(
        ex.diagnostics
            .iter()
            .any(|d| d.rule == "contents_sheet_skipped")
    );
}

#[test]
fn ods_matches_truth() {
    let path = Path::new("/work/shared/data/arsberetning-2024-tabeller.ods");
    if !path.exists() {
        eprintln!("skipped: {} absent", path.display());
        return;
    }
    let ex = kommunetall_sheet::extract(path).expect("sample ods reads");
    assert_eq!(ex.report_year, Some(2024));
    let f = score("ods", &ex);
    assert_eq!(f.wrong, 0, "wrong values");
    assert_eq!(f.missing, 0, "missing values");
    assert!(f.matched > 1000, "too few values matched: {}", f.matched);
}

#[test]
fn xlsx_and_ods_agree_on_structure() {
    let xlsx = root().join("raw/trondheim/2024/arsberetning-2024-tabeller.xlsx");
    let ods = Path::new("/work/shared/data/arsberetning-2024-tabeller.ods");
    if !xlsx.exists() || !ods.exists() {
        eprintln!("skipped: sample absent");
        return;
    }
    let a = kommunetall_sheet::extract(&xlsx).expect("xlsx");
    let b = kommunetall_sheet::extract(ods).expect("ods");
    assert_eq!(a.tables.len(), b.tables.len());
    for (x, o) in a.tables.iter().zip(&b.tables) {
        assert_eq!(x.table_id, o.table_id);
        assert_eq!(x.header, o.header, "header of {}", x.table_id);
        assert_eq!(x.n_cols, o.n_cols, "{}", x.table_id);
        assert_eq!(x.unit, o.unit, "{}", x.table_id);
        assert_eq!(x.rows.len(), o.rows.len(), "{}", x.table_id);
    }
}

/// The sample appendix converted to legacy .xls (BIFF8) by LibreOffice at
/// test time, in a fresh directory with its own LibreOffice profile; `None`
/// (the caller skips with a message) when `soffice` is missing or fails.
fn soffice_xls(xlsx: &Path) -> Option<PathBuf> {
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};
    let dir = std::env::temp_dir().join(format!("kommunetall-golden-xls-{}", std::process::id()));
    std::fs::create_dir_all(&dir).ok()?;
    let profile = format!(
        "-env:UserInstallation=file://{}",
        dir.join("profile").display()
    );
    let mut child = Command::new("soffice")
        .args([
            "--headless",
            "--norestore",
            &profile,
            "--convert-to",
            "xls",
            "--outdir",
        ])
        .arg(&dir)
        .arg(xlsx)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let start = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if start.elapsed() < Duration::from_secs(180) => {
                std::thread::sleep(Duration::from_millis(200));
            }
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return None;
            }
        }
    }
    let out = dir.join(xlsx.with_extension("xls").file_name()?);
    out.exists().then_some(out)
}

/// Stacked tables in a legacy .xls: percentages stored as fractions under a
/// percent format must come out as displayed (63, not 0.63), as for xlsx.
#[test]
fn xls_matches_truth() {
    let xlsx = root().join("raw/trondheim/2024/arsberetning-2024-tabeller.xlsx");
    if !xlsx.exists() {
        eprintln!("skipped: {} absent", xlsx.display());
        return;
    }
    let Some(xls) = soffice_xls(&xlsx) else {
        eprintln!("skipped: LibreOffice (soffice) missing or the conversion to .xls failed");
        return;
    };
    let ex = kommunetall_sheet::extract(&xls).expect("converted xls reads");
    if let Some(dir) = xls.parent() {
        let _ = std::fs::remove_dir_all(dir);
    }
    // Cell by cell the same tables as from the xlsx it was made from: values,
    // texts ("63%", "2 067,2"), units, row classes (bold sums), hidden rows.
    let from_xlsx = kommunetall_sheet::extract(&xlsx).expect("sample xlsx reads");
    assert_eq!(ex.tables.len(), from_xlsx.tables.len());
    let mut differing = Vec::new();
    for (a, b) in ex.tables.iter().zip(&from_xlsx.tables) {
        if a != b {
            differing.push(a.table_id.clone());
            for (ra, rb) in a.rows.iter().zip(&b.rows) {
                if ra != rb {
                    println!("xls {}: {ra:?}\n   xlsx: {rb:?}", a.table_id);
                }
            }
        }
    }
    assert!(
        differing.is_empty(),
        "tables differing from the xlsx: {differing:?}"
    );
    assert_eq!(ex.report_year, Some(2024));
    assert_eq!(ex.pages_or_sheets, 54);
    let f = score("xls", &ex);
    let (structural, _, _) = shape_report("xls", &ex);
    assert_eq!(f.wrong, 0, "wrong values");
    assert_eq!(f.missing, 0, "missing values");
    assert_eq!(f.matched, 1574, "matched values");
    assert_eq!(structural, 0, "structural differences");
    for d in &ex.diagnostics {
        assert!(
            !d.rule.starts_with("xls_formats"),
            "formats read, no warning expected: {}",
            d.message
        );
    }
}

#[derive(Deserialize)]
struct TruthShape {
    id: String,
    caption: Option<String>,
    header: Vec<Vec<(String, usize)>>,
    rows: Vec<TruthShapeRow>,
}

#[derive(Deserialize)]
struct TruthShapeRow {
    label: String,
    class: String,
    cells: Vec<String>,
}

/// Structure beyond values: header rows with spans, row labels and classes,
/// captions; cell texts are reported (display text is best effort).
fn shape_report(name: &str, ex: &Extraction) -> (usize, usize, usize) {
    let path = root().join("tests/golden/arsberetning-2024.truth.json");
    let text = std::fs::read_to_string(&path).expect("truth file readable");
    let truth: Vec<TruthShape> = serde_json::from_str(&text).expect("truth parses");
    let by_id: HashMap<&str, &Table> = ex.tables.iter().map(|t| (t.table_id.as_str(), t)).collect();
    let (mut structural, mut texts, mut total_texts) = (0, 0, 0);
    for t in &truth {
        let Some(table) = by_id.get(t.id.as_str()) else {
            continue;
        };
        let header: Vec<Vec<(String, usize)>> = table
            .header
            .iter()
            .map(|r| r.iter().map(|h| (h.text.clone(), h.span)).collect())
            .collect();
        if header != t.header {
            structural += 1;
            println!(
                "{name} {}: header {:?} != truth {:?}",
                t.id, header, t.header
            );
        }
        if table.caption != t.caption {
            structural += 1;
            println!(
                "{name} {}: caption {:?} != {:?}",
                t.id, table.caption, t.caption
            );
        }
        if table.rows.len() != t.rows.len() {
            structural += 1;
            println!(
                "{name} {}: {} rows, truth {}",
                t.id,
                table.rows.len(),
                t.rows.len()
            );
        }
        for (r, tr) in table.rows.iter().zip(&t.rows) {
            let class = match r.class {
                kommunetall_model::RowClass::Body => "",
                kommunetall_model::RowClass::Section => "section",
                kommunetall_model::RowClass::Sum => "sum",
            };
            if r.label != tr.label || class != tr.class {
                structural += 1;
                println!(
                    "{name} {}: row {:?}/{class:?} != truth {:?}/{:?}",
                    t.id, r.label, tr.label, tr.class
                );
            }
            for (c, tc) in r.cells.iter().zip(&tr.cells) {
                total_texts += 1;
                if &c.text != tc {
                    texts += 1;
                    if texts <= 15 {
                        println!(
                            "{name} {} {:?}: text {:?} != truth {:?}",
                            t.id, r.label, c.text, tc
                        );
                    }
                }
            }
        }
    }
    println!(
        "{name} SHAPE: {structural} structural differences, {texts}/{total_texts} cell texts differ"
    );
    (structural, texts, total_texts)
}

#[test]
fn structure_matches_truth() {
    let xlsx = root().join("raw/trondheim/2024/arsberetning-2024-tabeller.xlsx");
    if xlsx.exists() {
        let ex = kommunetall_sheet::extract(&xlsx).expect("xlsx");
        let (structural, _, _) = shape_report("xlsx", &ex);
        assert_eq!(structural, 0);
    }
    let ods = Path::new("/work/shared/data/arsberetning-2024-tabeller.ods");
    if ods.exists() {
        let ex = kommunetall_sheet::extract(ods).expect("ods");
        shape_report("ods", &ex);
    }
}
