//! Publishing: the rows of every declared table (`rows`, the KOSTRA rows),
//! the quality report, the inspect pages and the document cache, handed to
//! the store, which swaps them in with the manifest last.

use kommunetall_model::{Diagnostic, Severity};
use kommunetall_store::{Catalog, Lock, WriteSummary};

use crate::quality::{self, INSPECT_DIR};
use crate::rows;
use crate::run::manifest::{CACHE_DIR, Manifest};
use crate::run::read::Entry;
use crate::{Error, kostra};

/// Builds the warehouse from `entries` and the KOSTRA rows and writes it
/// under `lock`, with `manifest`.
///
/// # Errors
/// [`Error::Store`] when a row does not fit its table or writing fails (the
/// previous warehouse is then untouched); [`Error::Kostra`].
pub fn publish(
    lock: &Lock,
    catalog: &Catalog,
    entries: &[Entry],
    kostra: &kostra::Loaded,
    manifest: &Manifest,
) -> Result<WriteSummary, Error> {
    for e in entries {
        log_findings(&e.doc.source_path, &e.findings);
    }
    let docs = entries.iter().map(|e| (&e.doc, &e.facts, &e.findings[..]));
    let mut tables = rows::build(catalog, docs)?;
    kostra::fill(&mut tables, kostra)?;
    let reports = quality::reports(
        entries
            .iter()
            .map(|e| (&e.doc, &e.findings[..], &e.inspect.pages)),
    );
    let inspect = entries.iter().flat_map(|e| {
        let dir = format!("{INSPECT_DIR}/{}", e.doc.document_id);
        e.inspect
            .files
            .iter()
            .map(move |(n, b)| (format!("{dir}/{n}"), &b[..]))
    });
    let cache: Vec<(String, Vec<u8>)> = entries
        .iter()
        .map(|e| {
            let json = serde_json::to_vec(&e.doc).unwrap_or_default();
            (format!("{CACHE_DIR}/{}.json", e.doc.document_id), json)
        })
        .collect();
    fn borrowed((n, b): &(String, Vec<u8>)) -> (String, &[u8]) {
        (n.clone(), b)
    }
    let files: Vec<(String, &[u8])> = reports
        .iter()
        .map(borrowed)
        .chain(inspect)
        .chain(cache.iter().map(borrowed))
        .collect();
    let manifest = serde_json::to_vec_pretty(manifest).unwrap_or_default();
    let written =
        kommunetall_store::write_locked(lock, &tables, &catalog.views, &files, &manifest)?;
    for (t, n) in &written.rows {
        tracing::info!(table = %t, rows = n, "written");
    }
    Ok(written)
}

/// One log event per finding (target `kommunetall::finding`), at the finding's severity.
fn log_findings(source_path: &str, findings: &[Diagnostic]) {
    for d in findings {
        macro_rules! ev {
            ($lvl:ident) => {
                tracing::$lvl!(target: "kommunetall::finding", document = %source_path, rule = %d.rule, severity = d.severity.as_str(), table = ?d.table_id, page = ?d.page, sheet = ?d.sheet, row = ?d.row_label, column = ?d.column_label, expected = ?d.expected, actual = ?d.actual, "{}", d.message)
            };
        }
        match d.severity {
            Severity::Error => ev!(error),
            Severity::Warning => ev!(warn),
            Severity::Info => ev!(info),
        }
    }
}
