//! Office re-typesettings: the sample's 56 truth tables typeset by real
//! office software — headless Chromium (HTML printed to PDF) and LibreOffice
//! Writer (HTML import and flat ODT) — under the styles of
//! `kommunetall_fixture::office::variants` (serif and sans fonts, rules,
//! zebra rows, indented sections, narrow columns that wrap labels and
//! headers, values centred or at the top, numbers right, left or centred),
//! read back through `kommunetall-pdf` and `kommunetall-grid` and scored cell
//! by cell against the tables as written (`kommunetall_fixture::score`).
//!
//! The producers are test-time tools (`.ci/run` installs Debian's
//! `chromium` and `libreoffice-writer`); a variant whose tool is missing is
//! skipped with a message. Converted PDFs are cached in the target folder.
//! `OFFICE_SHOW=1.1,bad` prints tables beside their truth; `OFFICE_ONLY=name`
//! runs some variants.

#![allow(clippy::unwrap_used)]

use kommunetall_fixture::office::{OfficeError, convert, variants};
use kommunetall_fixture::score::{Outcome, score, show};
use kommunetall_fixture::{TruthTable, parse_truth};
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every numbered table must be found and every numeric cell read right:
/// none wrong, none missing, none invented — except where a floor below says
/// how far a variant is from that today (it may only rise).
fn floor(name: &str) -> Option<usize> {
    match name {
        "libreoffice-html-dejavu-serif-large" => Some(1576),
        // A tall text table set tight in a narrow table, broken over two
        // pages; a bold sum's "55" over "5" (no value, never 55).
        "libreoffice-odt-urw-bookman-narrow-table-tight-zebra" => Some(1573),
        "chromium-liberation-serif-tight-zebra-plain" => Some(1574),
        "chromium-urw-bookman-landscape-left-tight" => Some(1577),
        // Every cell right; a year of a wrapped status text ("3,5 TWh i" /
        // "2013") reads as a cell of its own since monospaced numbers a
        // space apart stay one number.
        "libreoffice-html-liberation-mono-grid" => Some(1579),
        "libreoffice-html-liberation-mono-header-centred" => Some(1553),
        // Every cell right; a piece of the uncaptioned text table of goals,
        // broken over a page, reads as a table of its own, a year of its
        // status text ("3,5 TWh i" over "2013") a cell.
        "libreoffice-html-nimbus-roman-caption-below-zebra" => Some(1579),
        "libreoffice-odt-dejavu-sans-light-narrow-indent" => Some(1570),
        // Every cell right; a fragment of the text table of goals
        // broken over a page reads as a table of its own.
        "libreoffice-html-urw-bookman-large-header-indent" => Some(1579),
        // A word LibreOffice breaks without a hyphen where it does not fit
        // its narrow cell ("vedlikeholdsaktivitet" over "er"): the label
        // reads with a space there.
        "libreoffice-odt-urw-bookman-large-header-narrow-label-top" => Some(1573),
        // Every cell right; a fragment of the text table of goals
        // broken over a page reads as a table of its own.
        "libreoffice-html-nimbus-sans-narrow-centred-padded" => Some(1579),
        // A text table at double line spacing: its first row's comment
        // read as header, four values lost.
        "libreoffice-odt-p052-leading-200-rows-small" => Some(1575),
        _ => None,
    }
}

/// The pages of a converted PDF.
fn pages_of(pdf: &[u8]) -> Vec<kommunetall_pdf::Page> {
    let doc = kommunetall_pdf::Document::open(pdf).expect("office PDF opens");
    (1..=doc.page_count())
        .map(|n| doc.page(n).expect("office page reads"))
        .collect()
}

fn run(tables: &[TruthTable], only: Option<&str>) -> Vec<(String, Outcome)> {
    let cache = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("office");
    let show_ids: Vec<String> = std::env::var("OFFICE_SHOW")
        .map(|s| s.split(',').map(str::to_owned).collect())
        .unwrap_or_default();
    let mut out = Vec::new();
    for v in variants() {
        if only.is_some_and(|o| !v.name.contains(o)) {
            continue;
        }
        let pdf = match convert(tables, &v, &cache) {
            Ok(pdf) => pdf,
            Err(OfficeError::ToolMissing(tool)) => {
                println!("{:<34} skipped: {tool} is not installed", v.name);
                continue;
            }
            Err(e) => panic!("{}: {e}", v.name),
        };
        let pages = pages_of(&pdf);
        let ex = kommunetall_grid::extract(&pages);
        let o = score(tables, &ex.tables);
        for (tt, (_, idx, s)) in tables.iter().zip(&o.tables) {
            let bad = s.wrong + s.missing + s.extra > 0 || idx.is_none();
            if show_ids
                .iter()
                .any(|x| x == &tt.id || x == "all" || (x == "bad" && bad))
            {
                println!("[{}]\n{}", v.name, show(tt, idx.map(|i| &ex.tables[i])));
            }
        }
        println!("{} pages {:>3}", o.line(&v.name), pages.len());
        if !o.failures.is_empty() {
            println!("    off: {}", o.failures.join(" "));
        }
        out.push((v.name.clone(), o));
    }
    out
}

#[test]
fn office_retypesettings() {
    let truth_path = root().join("tests/golden/arsberetning-2024.truth.json");
    let tables = parse_truth(&std::fs::read_to_string(&truth_path).unwrap()).unwrap();
    let only = std::env::var("OFFICE_ONLY").ok();
    let mut bad = Vec::new();
    // Value columns read under the truth's name for them, over all layouts
    // (a heading cut in its narrow cell, a title over the columns, group
    // headings): may only rise from today's (2026-12-08).
    const HEADS_FLOOR: usize = 100_848;
    let (mut heads, mut heads_right) = (0, 0);
    for (name, o) in run(&tables, only.as_deref()) {
        heads += o.total.heads;
        heads_right += o.total.heads_right;
        // Never a wrong number, whatever the layout.
        if o.total.wrong > 0 {
            bad.push(format!("{name}: {} wrong", o.total.wrong));
            continue;
        }
        match floor(&name) {
            None if !o.exact() => bad.push(format!("{name}: not exact")),
            Some(f) if o.total.matched < f => {
                bad.push(format!("{name}: {} matched, floor {f}", o.total.matched));
            }
            _ => {}
        }
    }
    println!("column names: {heads_right} of {heads} right");
    if only.is_none() && heads_right < HEADS_FLOOR {
        bad.push(format!(
            "{heads_right} column names right, floor {HEADS_FLOOR}"
        ));
    }
    assert!(
        bad.is_empty(),
        "office re-typesettings below the bar: {bad:?}"
    );
}

/// Other tables than the sample's through a spread of the same layouts
/// (every sixth): the hand truth of five real documents in `tests/real`
/// (Finnish and Swedish accounts, a national budget proposition, NAV
/// statistics, a county report), numbered afresh
/// (`kommunetall_fixture::office::renumber`). Per document, wrong numbers
/// may only go down and matched cells only up from today's figures
/// (`OFFICE_FLOORS=1 … -- --nocapture` prints them).
#[test]
fn other_documents_tables_in_office_layouts() {
    // (truth file, matched at least, wrong at most), measured 2026-12-08.
    const FLOORS: &[(&str, usize, usize)] = &[
        ("FI_Kauhava_Tilinpaatos_2024", 28825, 0),
        ("NO_FIN_Prop_1_LS", 40326, 0),
        ("NO_NAV_Hovedtall_arbeidsmarkedet_Vestland_april", 17508, 0),
        (
            "NO_rapport_forenklet_modell_fylkesvegkriteriet_utgiftsbehov",
            15912,
            0,
        ),
        ("SE_Simrishamn_KFN_Bokslut_2025", 12985, 0),
    ];
    let cache = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("office");
    let print = std::env::var_os("OFFICE_FLOORS").is_some();
    let mut bad = Vec::new();
    for &(stem, min_matched, max_wrong) in FLOORS {
        let path = root().join(format!("tests/real/{stem}.truth.json"));
        let mut tables = parse_truth(&std::fs::read_to_string(&path).unwrap()).unwrap();
        kommunetall_fixture::office::renumber(&mut tables);
        let (mut matched, mut wrong, mut expected) = (0, 0, 0);
        // Every sixth layout, and one whose two headings set as one segment
        // hide a column the rows below show.
        for v in variants()
            .into_iter()
            .enumerate()
            .filter(|(k, v)| k % 6 == 0 || v.name == "libreoffice-html-serif-writer-defaults")
            .map(|(_, v)| v)
        {
            let pdf = match convert(&tables, &v, &cache) {
                Ok(pdf) => pdf,
                Err(OfficeError::ToolMissing(tool)) => {
                    println!("{stem}: skipped: {tool} is not installed");
                    return;
                }
                Err(e) => panic!("{stem} {}: {e}", v.name),
            };
            let o = score(&tables, &kommunetall_grid::extract(&pages_of(&pdf)).tables);
            println!("{stem} {}", o.line(&v.name));
            matched += o.total.matched;
            wrong += o.total.wrong;
            expected += o.total.expected;
        }
        println!("{stem}: {matched} / {expected} matched, {wrong} wrong");
        if print {
            println!("    (\"{stem}\", {matched}, {wrong}),");
        }
        if matched < min_matched || wrong > max_wrong {
            bad.push(format!(
                "{stem}: {matched} matched (floor {min_matched}), {wrong} wrong (at most {max_wrong})"
            ));
        }
    }
    assert!(
        bad.is_empty(),
        "other documents' tables below the bar: {bad:?}"
    );
}
