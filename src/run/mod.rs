//! A run: read what changed, write the partitions it touches, commit.
//!
//! A run holds the warehouse lock from start to end and reads like its steps:
//! [`plan`] compares every input with the manifest (what changed: by its
//! recorded stat, else by hashing it);
//! [`stream`] reads the documents that changed a batch at a time ([`read`])
//! and writes each partition (municipality and report year) they touch as
//! soon as all its documents are there — unchanged ones from the cache,
//! spreadsheets [`reconcile`]d with their PDF reports — through the
//! [`publish`]er, which finally writes the tables kept whole, the quality
//! report and the [`manifest`], committed last. Memory holds a few
//! documents, never the corpus. When nothing changed at all (inputs,
//! schemas, views, mappings, KOSTRA responses, tool version) no file is
//! written.
//!
//! A document that cannot be read does not stop the others: its previous
//! version (if the warehouse had one) is kept, the failure is reported, and the
//! run ends with [`Summary::failures`] non-empty (exit code 1).

pub mod manifest;
pub mod plan;
pub mod publish;
pub mod read;
pub mod reconcile;
pub mod stream;

use kommunetall_facts::Mappings;
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
    let t = std::time::Instant::now();
    let lock = kommunetall_store::lock(&plan.warehouse, opts.wait)?;
    tracing::debug!(secs = t.elapsed().as_secs_f64(), "phase: lock taken");
    // The stored KOSTRA responses are needed only at the end: they load on
    // a thread of their own while the inputs are compared and read.
    std::thread::scope(|scope| {
        let kostra = scope.spawn(|| {
            let k = kostra::load(&plan.kostra);
            tracing::debug!(secs = t.elapsed().as_secs_f64(), "phase: KOSTRA loaded");
            k
        });
        let (catalog, mappings) = (Catalog::embedded()?, Mappings::embedded()?);
        let previous = Manifest::previous(lock.objects());
        tracing::debug!(
            secs = t.elapsed().as_secs_f64(),
            "phase: previous manifest read"
        );
        let full = opts.force
            || previous
                .as_ref()
                .is_none_or(|p| p.config_sha256 != manifest::config_hash());
        let changes = plan::changes(plan, previous.as_ref(), opts.force, full, opts.threads);
        tracing::debug!(secs = t.elapsed().as_secs_f64(), "phase: inputs compared");
        let now_us = manifest::ingested_at_us();
        let mut summary = Summary::default();
        let mut publisher = publish::Publisher::begin(&lock, &catalog, full)?;
        let ctx = stream::Ctx {
            plan,
            mappings: &mappings,
            opts,
            now_us,
            previous: previous.as_ref(),
            full,
        };
        let documents = stream::stream(&ctx, changes, &mut publisher, &mut summary)?;
        tracing::debug!(
            secs = t.elapsed().as_secs_f64(),
            "phase: documents read, partitions staged"
        );
        if documents.is_empty() && !summary.failures.is_empty() {
            tracing::error!(warehouse = %plan.warehouse, "no document could be read; the warehouse is left as it was");
            return Ok(summary);
        }
        let kostra = match kostra.join() {
            Ok(k) => k?,
            Err(panic) => std::panic::resume_unwind(panic),
        };
        summary.kostra_rows = kostra.rows.len();
        summary.partitions = publisher.partitions;
        let manifest = Manifest::new(documents, kostra.files.clone(), now_us);
        summary.documents = manifest.documents.len();
        summary.error_findings = manifest.documents.iter().map(|d| d.error_findings).sum();
        if !opts.force && previous.as_ref().is_some_and(|p| p.up_to_date(&manifest)) {
            tracing::info!(warehouse = %plan.warehouse, documents = summary.documents, "warehouse is up to date; nothing written");
        } else {
            summary.written = Some(publisher.finish(previous.as_ref(), &manifest, &kostra)?);
        }
        tracing::debug!(secs = t.elapsed().as_secs_f64(), "phase: done");
        Ok(summary)
    })
}
