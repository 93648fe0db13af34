//! The one step across documents: every spreadsheet document is compared
//! with the PDF reports of the same municipality and year
//! (`kommunetall_check::reconcile`); the findings go to the spreadsheet.

use kommunetall_model::Diagnostic;

use crate::pipeline::Kind;
use crate::run::read::Entry;

/// Reconciles the spreadsheets with their PDF reports and brings their
/// findings up to date (a cached spreadsheet's earlier `pdf_excel_mismatch`
/// findings are replaced).
pub fn reconcile(entries: &mut [Entry]) {
    let found: Vec<(usize, Vec<Vec<Diagnostic>>)> = entries
        .iter()
        .enumerate()
        .filter(|(_, e)| e.doc.kind != Kind::Pdf)
        .map(|(i, sheet)| {
            let per_pdf = entries
                .iter()
                .filter(|p| p.doc.kind == Kind::Pdf)
                .filter(|p| {
                    p.doc.municipality_code == sheet.doc.municipality_code
                        && p.doc.report_year == sheet.doc.report_year
                })
                .map(|p| {
                    kommunetall_check::reconcile(
                        &p.doc.extraction.tables,
                        &sheet.doc.extraction.tables,
                    )
                })
                .collect();
            (i, per_pdf)
        })
        .collect();
    for (i, per_pdf) in found {
        let e = &mut entries[i];
        let diagnostics = &mut e.doc.extraction.diagnostics;
        diagnostics.retain(|f| f.rule != "pdf_excel_mismatch");
        for found in per_pdf {
            tracing::info!(document = %e.doc.source_path, mismatches = found.len(), "reconciled against the PDF report");
            diagnostics.extend(found);
        }
        e.findings = e.doc.findings(&e.facts);
    }
}
