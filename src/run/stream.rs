//! The documents through the writer, partition by partition, so that memory
//! holds a few documents, never the corpus.
//!
//! Every job becomes a [`Slot`]: unchanged (its manifest entry), to be read,
//! read now, kept in its previous version (its file could not be read), or
//! gone. The documents to read are read a batch at a time, in the order of
//! the partition their hints name (unknown partitions first); a partition
//! whose documents are all resolved — none still to read could land in it —
//! is written at once: its unchanged documents come from the cache, the
//! spreadsheets are reconciled with the PDFs beside them, and its rows go to
//! the store. A partition is written when one of its documents was read,
//! left or came back, or, in a full write, always. A document read now whose
//! partition was already written (its hints named another) has that
//! partition written again.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use kommunetall_facts::Mappings;

use crate::Error;
use crate::run::manifest::{Manifest, ManifestDocument, partition_of};
use crate::run::plan::{Change, Options, Plan, Summary};
use crate::run::publish::Publisher;
use crate::run::read::{Entry, Reader};
use crate::run::reconcile;

/// What a run reads with.
pub struct Ctx<'a> {
    /// The plan.
    pub plan: &'a Plan,
    /// The label mappings.
    pub mappings: &'a Mappings,
    /// The options.
    pub opts: &'a Options,
    /// The time of reading.
    pub now_us: i64,
    /// The previous warehouse's manifest.
    pub previous: Option<&'a Manifest>,
    /// Every partition is written.
    pub full: bool,
}

/// One job's document.
#[derive(Debug)]
struct Slot {
    /// Its entry in the new manifest (`None`: to read, or gone).
    md: Option<ManifestDocument>,
    /// Still to be read.
    pending: bool,
    /// The partition its hints name, when they name one.
    hint: Option<String>,
    /// The partition of its previous version.
    before: Option<String>,
    /// The stat to record in its manifest entry once it is read.
    stat: Option<String>,
}

impl Slot {
    fn key(&self) -> Option<String> {
        self.md.as_ref().and_then(|m| m.partition().ok())
    }
}

/// Documents read and held in memory before their partition is written.
const HOLD: usize = 16;

/// The run's streaming state.
struct Stream<'a, 'l> {
    ctx: &'a Ctx<'a>,
    publisher: &'a mut Publisher<'l>,
    summary: &'a mut Summary,
    slots: Vec<Slot>,
    dirty: BTreeSet<String>,
    done: BTreeSet<String>,
    /// Documents still to read that could land in a partition (`None`: in any).
    waiting: HashMap<Option<String>, usize>,
    held: BTreeMap<usize, Entry>,
    reader: Reader,
}

/// Reads what `changes` says changed and writes every partition concerned
/// through `publisher`; returns the new manifest's documents in job order.
///
/// # Errors
/// [`Error::Store`] when writing fails. A document that cannot be read is
/// not an error of the run: see [`Summary::failures`].
pub fn stream(
    ctx: &Ctx<'_>,
    changes: Vec<Change>,
    publisher: &mut Publisher<'_>,
    summary: &mut Summary,
) -> Result<Vec<ManifestDocument>, Error> {
    let plan = ctx.plan;
    let mut slots = Vec::with_capacity(changes.len());
    let mut dirty = BTreeSet::new();
    let mut waiting: HashMap<Option<String>, usize> = HashMap::new();
    for (i, change) in changes.into_iter().enumerate() {
        let job = &plan.jobs[i];
        let hint = match (&job.hints.municipality_code, job.hints.report_year) {
            (Some(m), Some(y)) => partition_of(m, y).ok(),
            _ => None,
        };
        let slot = match change {
            Change::Same(md) => {
                summary.reused.push(job.source_path.clone());
                Slot {
                    md: Some(md),
                    pending: false,
                    hint,
                    before: None,
                    stat: None,
                }
            }
            Change::Read { before, stat } => {
                let before = before.and_then(|b| b.partition().ok());
                *waiting.entry(hint.clone()).or_default() += 1;
                if before.is_some() && before != hint {
                    *waiting.entry(before.clone()).or_default() += 1;
                }
                Slot {
                    md: None,
                    pending: true,
                    hint,
                    before,
                    stat,
                }
            }
            Change::Unreadable { error, before } => {
                tracing::error!(document = %job.source_path, "{error}");
                summary.failures.push(error);
                keep_before(&job.source_path, before.as_ref());
                Slot {
                    md: before,
                    pending: false,
                    hint,
                    before: None,
                    stat: None,
                }
            }
        };
        slots.push(slot);
    }
    let present: BTreeSet<&str> = plan.jobs.iter().map(|j| j.source_path.as_str()).collect();
    for d in ctx.previous.into_iter().flat_map(|p| &p.documents) {
        if ctx.full || !present.contains(d.source_path.as_str()) {
            dirty.extend(d.partition().ok());
        }
    }
    if ctx.full {
        dirty.extend(slots.iter().filter_map(Slot::key));
    }
    let to_read = slots.iter().filter(|s| s.pending).count();
    let mut s = Stream {
        ctx,
        publisher,
        summary,
        slots,
        dirty,
        done: BTreeSet::new(),
        waiting,
        held: BTreeMap::new(),
        reader: Reader::new(to_read, ctx.opts.threads),
    };
    s.read_all()?;
    let rest: Vec<String> = s.dirty.difference(&s.done).cloned().collect();
    for key in rest {
        s.write(&key)?;
    }
    Ok(s.slots.into_iter().filter_map(|s| s.md).collect())
}

fn keep_before(source_path: &str, before: Option<&ManifestDocument>) {
    if let Some(m) = before {
        tracing::warn!(document = %source_path, "keeping the version read before (sha256 {})", &m.sha256[..16.min(m.sha256.len())]);
    }
}

impl Stream<'_, '_> {
    /// Reads every pending document, a batch at a time, writing each
    /// partition as soon as it is complete.
    fn read_all(&mut self) -> Result<(), Error> {
        let mut order: Vec<usize> = (0..self.slots.len())
            .filter(|&i| self.slots[i].pending)
            .collect();
        order.sort_by(|&a, &b| {
            let (x, y) = (&self.slots[a].hint, &self.slots[b].hint);
            (x.is_some(), x).cmp(&(y.is_some(), y)).then(a.cmp(&b))
        });
        let batch = (4 * self.reader.threads()).max(4);
        for chunk in order.chunks(batch) {
            let results = self.reader.read(
                &self.ctx.plan.jobs,
                chunk,
                self.ctx.mappings,
                self.ctx.now_us,
            );
            for (&i, r) in chunk.iter().zip(results) {
                self.resolve(i, r)?;
            }
            // Hold a few documents only: the rest are in the staged cache.
            while self.held.len() > HOLD {
                self.held.pop_first();
            }
            let ready: Vec<String> = self
                .dirty
                .difference(&self.done)
                .filter(|k| self.ready(k))
                .cloned()
                .collect();
            for key in ready {
                self.write(&key)?;
            }
        }
        Ok(())
    }

    /// Whether no document still to read can land in partition `key`.
    fn ready(&self, key: &str) -> bool {
        let n = |k: Option<String>| self.waiting.get(&k).copied().unwrap_or(0);
        n(None) == 0 && n(Some(key.to_owned())) == 0
    }

    /// Takes the result of reading slot `i`.
    fn resolve(&mut self, i: usize, r: Result<Entry, Error>) -> Result<(), Error> {
        let job = &self.ctx.plan.jobs[i];
        let slot = &mut self.slots[i];
        slot.pending = false;
        for k in [Some(slot.hint.clone()), slot.before.clone().map(Some)]
            .into_iter()
            .flatten()
            .collect::<BTreeSet<_>>()
        {
            if let Some(n) = self.waiting.get_mut(&k) {
                *n = n.saturating_sub(1);
            }
        }
        match r {
            Ok(mut entry) => {
                self.publisher.fresh(&mut entry)?;
                let mut md = ManifestDocument::of(&entry.doc, &job.hints, &entry.inspect.pages);
                md.stat = slot.stat.take();
                let key = md.partition()?;
                self.summary.extracted.push(job.source_path.clone());
                slot.md = Some(md);
                if let Some(b) = slot.before.take() {
                    self.dirty.insert(b);
                }
                // Written before this document was known to be in it: again.
                self.done.remove(&key);
                self.dirty.insert(key);
                self.held.insert(i, entry);
            }
            Err(e) => {
                tracing::error!(document = %job.source_path, "{e}");
                self.summary.failures.push(e);
                let before = self
                    .ctx
                    .previous
                    .and_then(|p| {
                        p.documents
                            .iter()
                            .find(|d| d.source_path == job.source_path)
                    })
                    .cloned();
                keep_before(&job.source_path, before.as_ref());
                slot.md = before;
            }
        }
        Ok(())
    }

    /// Writes partition `key` from all its documents.
    fn write(&mut self, key: &str) -> Result<(), Error> {
        let members: Vec<usize> = (0..self.slots.len())
            .filter(|&i| self.slots[i].key().as_deref() == Some(key))
            .collect();
        let mut entries = Vec::with_capacity(members.len());
        for i in members {
            if let Some(e) = self.load(i)? {
                entries.push(e);
            }
        }
        tracing::debug!(%key, "partition: documents loaded");
        reconcile::reconcile(&mut entries);
        if entries.is_empty() {
            self.publisher.remove_partition(key)?;
        } else {
            for w in self.publisher.partition(key, &entries)? {
                if let Some(md) = self.slots[w.job].md.as_mut() {
                    md.period_years = w.years;
                    md.error_findings = w.error_findings;
                    md.tables = w.tables;
                    md.value_cells = w.value_cells;
                    md.findings = w.findings;
                }
            }
        }
        self.done.insert(key.to_owned());
        Ok(())
    }

    /// The entry of slot `i`: held, from the cache, or (cache lost) read again.
    fn load(&mut self, i: usize) -> Result<Option<Entry>, Error> {
        if let Some(e) = self.held.remove(&i) {
            return Ok(Some(e));
        }
        let Some(md) = self.slots[i].md.clone() else {
            return Ok(None);
        };
        let cached = self
            .publisher
            .cached(&md.document_id)?
            .and_then(|b| Entry::cached(i, &md, &b, self.ctx.mappings));
        if let Some(e) = cached {
            return Ok(Some(e));
        }
        let job = &self.ctx.plan.jobs[i];
        tracing::warn!(document = %job.source_path, "not in the cache; reading it again");
        let r = self
            .reader
            .read(
                &self.ctx.plan.jobs,
                &[i],
                self.ctx.mappings,
                self.ctx.now_us,
            )
            .pop();
        match r {
            Some(Ok(mut e)) => {
                self.publisher.fresh(&mut e)?;
                // No stat: the bytes read now may not be those it was taken of.
                let md = ManifestDocument::of(&e.doc, &job.hints, &e.inspect.pages);
                self.slots[i].md = Some(md);
                Ok(Some(e))
            }
            Some(Err(e)) => {
                tracing::error!(document = %job.source_path, "{e}");
                self.summary.failures.push(e);
                self.slots[i].md = None;
                Ok(None)
            }
            None => Ok(None),
        }
    }
}
