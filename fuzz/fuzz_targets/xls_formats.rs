//! bytes → the .xls format reader of `kommunetall-sheet` (OLE compound
//! file → workbook stream → BIFF FONT/FORMAT/XF/BOUNDSHEET records → each
//! sheet's cell XF indices, ROW and COLINFO), on the bytes as a compound
//! file and as a bare BIFF stream.
//!
//! Checks: no panic (the reader is our own code: no panic is expected or
//! caught), bounded memory and time; no sheet reports more cells than the
//! per-sheet limit.

#![no_main]

use kommunetall_sheet::MAX_CELLS_PER_SHEET;
use kommunetall_sheet::fuzzing::xls_formats;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for sheets in xls_formats(data).into_iter().flatten() {
        for cells in sheets {
            assert!(cells <= MAX_CELLS_PER_SHEET, "{cells} cells in one sheet");
        }
    }
});
