//! bytes → `kommunetall_jsonstat::{parse, parse_metadata, parse_bundle}`.
//!
//! Checks: no panic, no runaway allocation (a JSON-stat `size` can claim
//! billions of cells); a parsed dataset's observations can be walked (at
//! most a bounded number of them).

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(ds) = kommunetall_jsonstat::parse(data) {
        for obs in ds.observations().take(10_000) {
            let _ = obs.value;
        }
        let _ = ds.present_observations().len();
        let _ = ds.statuses().len();
        let _ = ds.status_for_all();
    }
    let _ = kommunetall_jsonstat::parse_metadata(data);
    if let Ok(all) = kommunetall_jsonstat::parse_bundle(data) {
        for (_, ds) in all.iter().take(4) {
            let _ = ds.observations().take(1_000).count();
        }
    }
});
