//! A run: read every input, build the warehouse tables, write them atomically.
//!
//! A run holds the warehouse lock from start to end and reads like its steps:
//! [`plan`] hashes every input and compares with the manifest (what changed),
//! [`read`] reads the documents that changed in parallel and takes the others
//! from the cache, [`reconcile`] compares spreadsheets with their PDF reports,
//! and [`publish`] builds every table and hands it to the store with the
//! quality report, the inspect pages, the cache and the [`manifest`]. When
//! nothing changed at all (inputs, schemas, views, mappings, KOSTRA responses,
//! tool version) no file is written.
//!
//! A document that cannot be read does not stop the others: its previous
//! version (if the warehouse had one) is kept, the failure is reported, and the
//! run ends with [`Summary::failures`] non-empty (exit code 1).

pub mod manifest;
pub mod plan;
pub mod publish;
pub mod read;
pub mod reconcile;

use kommunetall_facts::Mappings;
use kommunetall_model::Severity;
use kommunetall_store::Catalog;

use crate::{Error, kostra};
pub use manifest::{Manifest, ManifestDocument, TOOL_VERSION, tool_build};
pub use plan::{Job, Options, Plan, Summary, plan_of};

/// Reads the documents that changed and writes the warehouse if anything did.
///
/// # Errors
/// [`Error::Store`] when the lock cannot be taken or writing fails (the previous
/// warehouse is then untouched); [`Error::Kostra`] for unreadable KOSTRA
/// responses. A document that cannot be read is not an error of the run: see
/// [`Summary::failures`].
pub fn run(plan: &Plan, opts: &Options) -> Result<Summary, Error> {
    let lock = kommunetall_store::lock(&plan.warehouse, opts.wait)?;
    let (catalog, mappings) = (Catalog::embedded()?, Mappings::embedded()?);
    let previous = Manifest::previous(&plan.warehouse);
    let changes = plan::changes(plan, previous.as_ref(), opts.force);
    let now = manifest::ingested_at_us();
    let mut summary = Summary::default();
    let mut entries = read::read(plan, changes, &mappings, opts, now, &mut summary);
    if entries.is_empty() && !summary.failures.is_empty() {
        tracing::error!(warehouse = %plan.warehouse.display(), "no document could be read; the warehouse is left as it was");
        return Ok(summary);
    }
    reconcile::reconcile(&mut entries);
    let kostra = kostra::load(&plan.kostra)?;
    summary.kostra_rows = kostra.rows.len();
    summary.error_findings = entries
        .iter()
        .flat_map(|e| &e.findings)
        .filter(|f| f.severity == Severity::Error)
        .count();
    let documents = entries
        .iter()
        .map(|e| ManifestDocument::of(&e.doc, &plan.jobs[e.job].hints, &e.inspect.pages))
        .collect();
    let manifest = Manifest::new(&plan.definition, documents, kostra.files.clone(), now);
    if !opts.force && previous.is_some_and(|p| p.up_to_date(&plan.warehouse, &manifest)) {
        tracing::info!(warehouse = %plan.warehouse.display(), documents = entries.len(), "warehouse is up to date; nothing written");
    } else {
        let written = publish::publish(&lock, &catalog, &entries, &kostra, &manifest)?;
        summary.written = Some(written);
    }
    summary.documents = entries.into_iter().map(|e| e.doc).collect();
    Ok(summary)
}
