//! The hand truth of the real documents (`../shared/real`, truth in
//! `tests/real/<stem>.truth.json`) scored cell by cell, and their printed sum
//! rows checked, with today's figures as a floor: per document, matched cells,
//! labels found and sum rows that add up may only go up, wrong cells, invented
//! tables and sum rows that do not add up only down — except those the
//! document itself prints wrong, each checked by hand and listed in
//! `tests/real/<stem>.sums.json`, which must still be found exactly so. Skips (with a message)
//! when `../shared/real` is absent.
//!
//! When the engine improves, raise the floors: `REAL_FLOORS=1 cargo test -p
//! kommunetall-bench --test real -- --nocapture` prints today's figures as
//! lines for [`FLOORS`].

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use kommunetall_bench::real;

/// Today's figures of one document.
struct Floor {
    /// File name in `../shared/real`.
    file: &'static str,
    /// Numeric truth cells read right: at least this many.
    matched: usize,
    /// Numeric truth cells read with another value: at most this many.
    wrong: usize,
    /// Truth rows found by their label: at least this many.
    labels_found: usize,
    /// Tables found: at most this many (for documents whose truth says they
    /// hold no table, an empty truth file; for a document of two-column prose,
    /// so that prose read as tables does not come back).
    max_tables: Option<usize>,
    /// Printed sum rows that add up: at least this many.
    sums_matched: usize,
    /// Printed sum rows checked that do not add up, other than those whose
    /// figures the document itself gets wrong (checked by hand, listed in
    /// `tests/real/<stem>.sums.json`): at most this many (each listed by
    /// `kommunetall-bench real --only FILE --sums`).
    sums_missed: usize,
}

const FLOORS: &[Floor] = &[
    // Measured 2026-12-06 (`REAL_FLOORS=1`, see the module docs): the
    // workbooks after the sheet reader's identifier, key and group label
    // columns; sum rows after the sum rule learnt totals above their items,
    // signs and indentation.
    Floor {
        file: "FI_Kauhava_Tilinpaatos_2024.pdf",
        matched: 368,
        wrong: 0,
        labels_found: 130,
        max_tables: None,
        sums_matched: 97,
        sums_missed: 0,
    },
    Floor {
        file: "NO_FIN_Prop_1_LS.pdf",
        matched: 594,
        wrong: 0,
        labels_found: 190,
        max_tables: Some(213),
        sums_matched: 26,
        sums_missed: 0,
    },
    Floor {
        file: "NO_Grunnlagsdata-inntekt-fylkeskommunene2023_vs_2022.xlsx",
        matched: 272,
        wrong: 0,
        labels_found: 44,
        max_tables: None,
        sums_matched: 5,
        sums_missed: 0,
    },
    Floor {
        file: "NO_KOSTRA01_vegnett_hele_landet_2023.xlsx",
        matched: 2285,
        wrong: 0,
        labels_found: 379,
        max_tables: None,
        sums_matched: 0,
        sums_missed: 0,
    },
    Floor {
        file: "NO_Lorenskog_KOSTRA_2025_nokkeltall.xlsx",
        matched: 135,
        wrong: 0,
        labels_found: 34,
        max_tables: None,
        sums_matched: 0,
        sums_missed: 0,
    },
    Floor {
        file: "NO_NAV_Hovedtall_arbeidsmarkedet_Vestland_april.pdf",
        matched: 258,
        wrong: 0,
        labels_found: 130,
        max_tables: None,
        sums_matched: 17,
        sums_missed: 0,
    },
    Floor {
        file: "NO_SD_dokumentasjon_trafikkdata_ferjer_2023.pdf",
        matched: 0,
        wrong: 0,
        labels_found: 0,
        max_tables: Some(0),
        sums_matched: 0,
        sums_missed: 0,
    },
    Floor {
        file: "NO_SD_skjema_grunnlagsdata_fylkesvegkriteriet_2023.pdf",
        matched: 0,
        wrong: 0,
        labels_found: 357,
        max_tables: None,
        sums_matched: 0,
        sums_missed: 0,
    },
    Floor {
        file: "NO_rapport_forenklet_modell_fylkesvegkriteriet_utgiftsbehov.pdf",
        matched: 234,
        wrong: 0,
        labels_found: 64,
        max_tables: None,
        sums_matched: 18,
        sums_missed: 0,
    },
    Floor {
        file: "SE_Simrishamn_KFN_Bokslut_2025.pdf",
        matched: 191,
        wrong: 0,
        labels_found: 44,
        max_tables: None,
        sums_matched: 8,
        sums_missed: 0,
    },
];

#[test]
fn hand_truth_of_real_documents_only_improves() {
    let ws = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let data = ws.join(real::SHARED_REAL);
    if !data.is_dir() {
        println!(
            "skipped: no real documents at {} (hand truth not scored)",
            data.display()
        );
        return;
    }
    let truth_dir = ws.join(real::TRUTH_DIR);
    let print_floors = std::env::var_os("REAL_FLOORS").is_some();
    let mut off = Vec::new();
    let mut seen = Vec::new();
    for path in real::documents(&data).unwrap() {
        if real::truth_of(&path, &truth_dir).unwrap().is_none() {
            continue;
        }
        let d = real::measure(&path, &truth_dir).unwrap();
        let rows = d.truth.as_ref().expect("has truth");
        let t = d.truth_total;
        println!(
            "{}: {} tables found; truth {} tables, {} cells: matched {} wrong {} missing {} extra {}, labels {}/{}; sum rows {}/{} add up",
            d.name,
            d.tables,
            rows.len(),
            t.expected,
            t.matched,
            t.wrong,
            t.missing,
            t.extra,
            t.labels_found,
            t.labels,
            d.sums.matched,
            d.sums.checked
        );
        for r in rows {
            println!("    {}", r.line());
        }
        if print_floors {
            let max_tables = if rows.is_empty() {
                format!("Some({})", d.tables)
            } else {
                "None".to_owned()
            };
            println!(
                "    Floor {{ file: {:?}, matched: {}, wrong: {}, labels_found: {}, max_tables: {max_tables}, sums_matched: {}, sums_missed: {} }},",
                d.name,
                t.matched,
                t.wrong,
                t.labels_found,
                d.sums.matched,
                d.sums.checked - d.sums.matched - d.own_sums
            );
        }
        seen.push(d.name.clone());
        let Some(f) = FLOORS.iter().find(|f| f.file == d.name) else {
            println!("    (no floor yet for {})", d.name);
            continue;
        };
        if t.matched < f.matched {
            off.push(format!(
                "{}: matched {} < floor {}",
                d.name, t.matched, f.matched
            ));
        }
        if t.wrong > f.wrong {
            off.push(format!("{}: wrong {} > floor {}", d.name, t.wrong, f.wrong));
        }
        if t.labels_found < f.labels_found {
            off.push(format!(
                "{}: labels found {} < floor {}",
                d.name, t.labels_found, f.labels_found
            ));
        }
        if d.sums.matched < f.sums_matched {
            off.push(format!(
                "{}: {} sum rows add up < floor {}",
                d.name, d.sums.matched, f.sums_matched
            ));
        }
        let missed = d.sums.checked - d.sums.matched - d.own_sums;
        if missed > f.sums_missed {
            off.push(format!(
                "{}: {missed} sum rows do not add up (not the document's own) > floor {} (`kommunetall-bench real --only {} --sums` lists them)",
                d.name, f.sums_missed, d.name
            ));
        }
        for e in &d.stale_own {
            off.push(format!(
                "{}: listed as the document's own but no longer found so, check the page again: {e}",
                d.name
            ));
        }
        if let Some(m) = f.max_tables
            && d.tables > m
        {
            off.push(format!(
                "{}: {} tables found, at most {m} (no table there, or prose read as tables)",
                d.name, d.tables
            ));
        }
    }
    for f in FLOORS {
        if data.join(f.file).is_file() && !seen.iter().any(|s| s == f.file) {
            off.push(format!("{}: has a floor but no truth file", f.file));
        }
    }
    assert!(
        off.is_empty(),
        "real documents below their floor:\n  {}",
        off.join("\n  ")
    );
}
