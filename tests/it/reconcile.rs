//! PDF report against Excel appendix: the sample agrees with itself, and a
//! deliberately altered appendix yields `pdf_excel_mismatch` exactly at the
//! altered cells.

use std::io::{Read, Write};
use std::path::Path;

use crate::support::*;

#[test]
fn the_sample_appendix_agrees_with_the_sample_report() {
    let conn = duck(sample_warehouse());
    let mism = query_rows(
        &conn,
        "SELECT table_id, row_label, column_label, expected, actual FROM quality_finding WHERE rule = 'pdf_excel_mismatch'",
    );
    assert!(
        mism.is_empty(),
        "mismatches on the unaltered sample: {mism:?}"
    );
    let side = query_rows(
        &conn,
        "SELECT count(*), count(DISTINCT table_id) FROM v_pdf_vs_excel",
    );
    let n: usize = side[0][0].parse().expect("n");
    assert!(n >= 1_000, "v_pdf_vs_excel pairs only {n} cells");
    let r = query_rows(
        &conn,
        "SELECT pdf_text, excel_value, difference_base FROM v_pdf_vs_excel WHERE table_id = '1.1' AND row_label = 'Rammetilskudd' AND col_index = 2",
    );
    assert_eq!(r, vec![vec!["−5 253", "-5253.0", "0.0"]]);
}

/// Copies the xlsx at `src` to `dst`, replacing `from` with `to` in the named part.
fn alter_xlsx(src: &Path, dst: &Path, edits: &[(&str, &str, &str)]) {
    let mut zin = zip::ZipArchive::new(std::fs::File::open(src).expect("open")).expect("zip");
    let mut zout = zip::ZipWriter::new(std::fs::File::create(dst).expect("create"));
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).expect("entry");
        let name = f.name().expect("entry name").into_owned();
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes).expect("read");
        for (part, from, to) in edits {
            if name == *part {
                let text = String::from_utf8(bytes.clone()).expect("utf-8 xml");
                assert_eq!(text.matches(from).count(), 1, "{from} once in {part}");
                bytes = text.replace(from, to).into_bytes();
            }
        }
        zout.start_file(name, zip::write::SimpleFileOptions::default())
            .expect("start");
        zout.write_all(&bytes).expect("write");
    }
    zout.finish().expect("finish");
}

/// The sample appendix with two cells of Tabell 1.1 (sheet2) altered:
/// Rammetilskudd, Regnskap 2024: −5 253 → −5 300; Eiendomsskatt, Avvik: −3 → 30.
pub fn tamper_appendix(src: &Path, dst: &Path) {
    alter_xlsx(
        src,
        dst,
        &[
            (
                "xl/worksheets/sheet2.xml",
                r#"<c r="C5" s="2" t="n"><v>-5253</v>"#,
                r#"<c r="C5" s="2" t="n"><v>-5300</v>"#,
            ),
            (
                "xl/worksheets/sheet2.xml",
                r#"<c r="F7" s="2" t="n"><v>-3</v>"#,
                r#"<c r="F7" s="2" t="n"><v>30</v>"#,
            ),
        ],
    );
}

#[test]
fn an_altered_appendix_is_flagged_exactly_at_the_altered_cells() {
    let dir = tempfile::tempdir().expect("tmp");
    let altered = dir.path().join("arsberetning-2024-tabeller.xlsx");
    tamper_appendix(&sample_xlsx(), &altered);
    let wh = dir.path().join("wh");
    let pdf = sample_pdf();
    ok(&kommunetall(
        &[
            "extract",
            path_str(&pdf),
            path_str(&altered),
            "--warehouse",
            path_str(&wh),
            "--municipality",
            "5001",
        ],
        Some(EPOCH),
    ));
    let conn = duck(&wh);
    let mism = query_rows(
        &conn,
        "SELECT table_id, row_label, column_label, expected, actual FROM quality_finding \
         WHERE rule = 'pdf_excel_mismatch' ORDER BY row_label",
    );
    assert_eq!(
        mism,
        vec![
            vec!["1.1", "Eiendomsskatt", "Avvik", "-3", "30"],
            vec!["1.1", "Rammetilskudd", "Regnskap 2024", "-5253", "-5300"],
        ]
    );
}
