//! bytes → `kommunetall_sheet::extract_bytes` (as xlsx, ods or xls).
//!
//! Checks: no panic escapes the API, bounded memory and time; every
//! table's rows have exactly `n_cols` cells.
//!
//! calamine may panic on malformed input; the crate catches such a panic
//! (`catch_unwind`) and reports the workbook corrupt or the sheet
//! unreadable. libFuzzer's panic hook aborts on *every* panic, even a caught
//! one, so this target lets panics raised inside calamine's own source pass
//! (they are caught) and still aborts on any other panic.

#![no_main]

use std::sync::Once;

use kommunetall_sheet::{Kind, extract_bytes};
use libfuzzer_sys::fuzz_target;

static HOOK: Once = Once::new();

fn install_hook() {
    HOOK.call_once(|| {
        let fuzzer_hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let in_calamine = info
                .location()
                .is_some_and(|l| l.file().contains("/calamine-"));
            if in_calamine {
                if std::env::var_os("FUZZ_SHOW_CAUGHT_PANICS").is_some() {
                    eprintln!("calamine panic (caught): {info}");
                }
            } else {
                fuzzer_hook(info);
            }
        }));
    });
}

fuzz_target!(|data: &[u8]| {
    install_hook();
    // The format is sniffed from the content (zip → xlsx/ods by its entries,
    // OLE → xls); the caller's kind only changes messages and diagnostics,
    // so one kind per input (picked by its length) covers all three paths
    // at a third of the cost of trying each.
    let kind = [Kind::Xlsx, Kind::Ods, Kind::Xls][data.len() % 3];
    if let Ok(ex) = extract_bytes(data, kind) {
        for t in &ex.tables {
            for r in &t.rows {
                assert_eq!(r.cells.len(), t.n_cols, "table {}", t.table_id);
            }
        }
    }
});
