//! KOSTRA figures from SSB: loading the stored responses of a pipeline's
//! `[kostra]` source (`raw/kostra/`, fetched by `kommunetall kostra fetch`
//! or, for the sample, reconstructed from the report) into `fact_ssb_kostra`
//! and `dim_kostra_group` — runs never touch the network — and the
//! `kommunetall kostra fetch|check|find` commands that do.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use kommunetall_kostra::check::{Verdict, check_mapping, mark_confirmed};
use kommunetall_kostra::{
    Client, ClientConfig, KostraError, KostraGroup, Mode, PLACEHOLDER_PREFIX, Request, SsbMapping,
    Store, TableQuery, fetch_all, fetch_groups, group_queries, load_groups, load_offline_with,
    reachable, without_placeholders, years_of,
};
use kommunetall_store::TableData;

use crate::Error;
use crate::pipeline;

/// One row of `fact_ssb_kostra` (field names equal its columns).
pub use kommunetall_kostra::SsbRow;

/// How long the first request may take to find the server before a command
/// gives up (no network, wrong host).
const REACH_WAIT: Duration = Duration::from_secs(4);

/// A KOSTRA source of a plan: where the responses are stored and which queries to load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The store folder (`raw/kostra`, resolved against the project folder).
    pub store: PathBuf,
    /// The query file (`pipelines/kostra.toml`, resolved).
    pub queries: PathBuf,
    /// The store folder as the pipeline names it, prefixed to `source_file`.
    pub store_label: String,
}

impl Source {
    /// The KOSTRA source of a loaded pipeline, paths resolved against its
    /// project folder; `None` without a `[kostra]` section.
    #[must_use]
    pub fn of(l: &pipeline::Loaded) -> Option<Source> {
        let k = l.pipeline.kostra.as_ref()?;
        Some(Source {
            store: l.root.join(&k.store),
            queries: l.root.join(&k.queries),
            store_label: k.store.to_string_lossy().replace('\\', "/"),
        })
    }
}

fn kerr(path: &Path, e: impl std::fmt::Display) -> Error {
    Error::Kostra {
        path: path.display().to_string(),
        reason: e.to_string(),
    }
}

/// The queries of a query file (`[[kostra]]` or `[[query]]` tables).
///
/// # Errors
/// [`Error::Kostra`] naming the file when it cannot be read or parsed.
pub fn queries(file: &Path) -> Result<Vec<TableQuery>, Error> {
    let text = std::fs::read_to_string(file).map_err(|e| kerr(file, e))?;
    kommunetall_kostra::parse_queries_toml(&text).map_err(|e| kerr(file, e))
}

/// The requests a source makes, the same when fetching and when loading:
/// the query file's queries without `UNKNOWN_…` placeholder codes (never
/// sent to SSB), and the extra queries for the KOSTRA groups of their
/// municipalities (`groups`). Returns (queries, group queries, codes dropped).
fn prepared(
    file_queries: &[TableQuery],
    groups: &[KostraGroup],
) -> (Vec<TableQuery>, Vec<TableQuery>, Vec<String>) {
    let (queries, dropped) = without_placeholders(file_queries, PLACEHOLDER_PREFIX);
    let extra = group_queries(&queries, groups);
    (queries, extra, dropped)
}

/// What [`load`] read: the rows of `fact_ssb_kostra` and `dim_kostra_group`,
/// and the response files, as (path as in `source_file`, sha256), for the manifest.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Loaded {
    /// The `fact_ssb_kostra` rows.
    pub rows: Vec<SsbRow>,
    /// The `dim_kostra_group` rows.
    pub groups: Vec<KostraGroup>,
    /// The files read: (path as in `source_file`, sha256).
    pub files: Vec<(String, String)>,
}

/// Loads every source from its store, offline. The KOSTRA groups are read
/// where stored (optional), and the groups' figures where stored
/// (optional); every query of the query file must be stored.
///
/// # Errors
/// [`Error::Kostra`] for an unreadable query file, a request of a query that is
/// not stored (run `kommunetall kostra fetch`), or a malformed response.
pub fn load(sources: &[Source]) -> Result<Loaded, Error> {
    let mut out = Loaded::default();
    if sources.is_empty() {
        return Ok(out);
    }
    let mapping = SsbMapping::embedded()
        .map_err(|e| kerr(Path::new("schemas/mappings/kostra_ssb.toml"), e))?;
    for s in sources {
        let file_queries = queries(&s.queries)?;
        let prefix = s.store_label.trim_end_matches('/');
        let groups =
            load_groups(&s.store, &years_of(&file_queries)).map_err(|e| kerr(&s.store, e))?;
        let (queries, extra, _) = prepared(&file_queries, &groups.groups);
        let mut loaded = load_offline_with(&s.store, &queries, &mapping).map_err(|e| {
            kerr(
                &s.store,
                format!("{e} (fetch with `kommunetall kostra fetch`)"),
            )
        })?;
        for q in &extra {
            match load_offline_with(&s.store, std::slice::from_ref(q), &mapping) {
                Ok(more) => {
                    loaded.rows.extend(more.rows);
                    loaded.files.extend(more.files);
                }
                Err(KostraError::NotInStore { .. }) => {
                    tracing::info!(table = %q.table_id, "KOSTRA group figures not stored; skipped");
                }
                Err(e) => return Err(kerr(&s.store, e)),
            }
        }
        for mut r in loaded.rows {
            r.source_file = format!("{prefix}/{}", r.source_file);
            out.rows.push(r);
        }
        for mut g in groups.groups {
            g.source_file = format!("{prefix}/{}", g.source_file);
            out.groups.push(g);
        }
        out.files.extend(
            loaded
                .files
                .into_iter()
                .map(|f| (format!("{prefix}/{}", f.relative), f.sha256)),
        );
        out.files.extend(
            groups
                .files
                .into_iter()
                .map(|(f, sha)| (format!("{prefix}/{f}"), sha)),
        );
    }
    tracing::info!(
        rows = out.rows.len(),
        groups = out.groups.len(),
        files = out.files.len(),
        reconstructed = out.rows.iter().filter(|r| r.reconstructed).count(),
        "KOSTRA responses loaded"
    );
    Ok(out)
}

/// Puts the loaded rows into `fact_ssb_kostra` and `dim_kostra_group`.
///
/// # Errors
/// [`Error::Store`] if a row does not fit its declared table (a bug).
pub fn fill(tables: &mut [TableData], loaded: &Loaded) -> Result<(), Error> {
    for t in tables.iter_mut() {
        match t.def().name.as_str() {
            "fact_ssb_kostra" => t.push_records(&[], &loaded.rows)?,
            "dim_kostra_group" => t.push_records(&[], &loaded.groups)?,
            _ => {}
        }
    }
    Ok(())
}

const FETCH_HELP: &str = "\
Examples:
  kommunetall kostra fetch                         # the sample pipeline's queries (pipelines/kostra.toml)
  kommunetall kostra fetch pipelines/ --refresh    # every pipeline in the folder, asking SSB again

What happens: for the years the queries select, the KOSTRA groups of each
municipality are read from KLASS (classification 112 → 131) and stored under
raw/kostra/klass-112/; then every query (and one extra query per table for the
groups of the selected municipalities, EKGnn) is fetched from PxWebApi v2 and
stored under raw/kostra/<table>/. `kommunetall run` then reads them offline.
ContentsCodes starting with UNKNOWN_ are never sent; the mapping's indicators
without a code are listed at the end (find them with `kommunetall kostra find`).";

const CHECK_HELP: &str = "\
Examples:
  kommunetall kostra check                         # print the verdict of every mapped code
  kommunetall kostra check --write                 # and mark the confirmed ones status = \"metadata\"

For every table of schemas/mappings/kostra_ssb.toml, GET /tables/{id}/metadata
(stored under --store) and check that each ContentsCode and further dimension
code exists and that SSB's label is the mapping's label (normalised text).
Verdicts: ok, label differs (compare, then fix the code or the label), no <variable> <code>
(the code is wrong), table error (SSB does not know the table).
Exit code 1 when a code or table is missing.";

const FIND_HELP: &str = "\
Examples:
  kommunetall kostra find \"kloakkstopper\"           # tables and values whose label says so
  kommunetall kostra find va_kloakkstopper_per_km   # an indicator key: searches its code or label
  kommunetall kostra find KOSAVLOPkloakkst0000      # a ContentsCode: which table has it?

Prints the tables SSB's search finds (GET /tables?query=TEXT) and, in the first
--deep tables, every variable value whose label contains all words of TEXT (or
whose code is TEXT): table, variable, code and label — what goes into
schemas/mappings/kostra_ssb.toml (table_id, contents_code or dims). Nothing is stored.";

/// `kommunetall kostra …`: KOSTRA figures from Statistics Norway (SSB).
#[derive(clap::Subcommand, Debug)]
pub enum Command {
    /// Fetch the pipeline's KOSTRA queries and KOSTRA groups from SSB into its
    /// store (raw/kostra/), so that runs (which never go online) load them.
    ///
    /// Every response is stored with its request and fetch time. Stored answers
    /// are reused (use --refresh to ask SSB again, e.g. for the final June
    /// figures after the preliminary March ones); reconstructed sample
    /// responses are always replaced by SSB's own. SSB's limits are respected
    /// (30 requests a minute, 800 000 cells a request: larger queries are split),
    /// with retries on 429/5xx. Needs internet access to data.ssb.no; without it
    /// the command fails within seconds naming the host.
    #[command(after_help = FETCH_HELP)]
    Fetch {
        /// Pipeline file or folder whose [kostra] sources to fetch.
        #[arg(default_value = "pipelines/trondheim.toml")]
        pipeline: PathBuf,
        /// PxWebApi v2 base URL (a mirror or a test server).
        #[arg(long, default_value = kommunetall_kostra::DEFAULT_BASE_URL)]
        base_url: String,
        /// KLASS base URL, for the KOSTRA groups.
        #[arg(long, default_value = kommunetall_kostra::KLASS_BASE_URL)]
        klass_url: String,
        /// Ask SSB again even for requests already stored.
        #[arg(long)]
        refresh: bool,
    },
    /// Check every code of the KOSTRA mapping against SSB's metadata and print
    /// a table: indicator, table, code, status, verdict, SSB's label.
    #[command(after_help = CHECK_HELP)]
    Check {
        /// PxWebApi v2 base URL (a mirror or a test server).
        #[arg(long, default_value = kommunetall_kostra::DEFAULT_BASE_URL)]
        base_url: String,
        /// Mark the confirmed entries `status = "metadata"` in the mapping file.
        #[arg(long)]
        write: bool,
        /// The mapping file to check (and update with --write).
        #[arg(long, default_value = "schemas/mappings/kostra_ssb.toml")]
        mapping: PathBuf,
        /// Where the metadata answers are stored.
        #[arg(long, default_value = "raw/kostra")]
        store: PathBuf,
    },
    /// Search SSB's tables and their variables for TEXT: fill in an unknown
    /// code of the mapping in one step.
    #[command(after_help = FIND_HELP)]
    Find {
        /// Words of a label, a ContentsCode, or an indicator key of the mapping.
        text: String,
        /// PxWebApi v2 base URL (a mirror or a test server).
        #[arg(long, default_value = kommunetall_kostra::DEFAULT_BASE_URL)]
        base_url: String,
        /// How many of the tables found to search for matching values.
        #[arg(long, default_value_t = 5)]
        deep: usize,
    },
}

/// Runs a `kommunetall kostra` command.
///
/// # Errors
/// [`Error::Kostra`] naming the host when SSB cannot be reached, or naming
/// the file or table that failed.
pub fn command(cmd: Command) -> Result<ExitCode, Error> {
    match cmd {
        Command::Fetch {
            pipeline,
            base_url,
            klass_url,
            refresh,
        } => fetch(&pipeline, &base_url, &klass_url, refresh),
        Command::Check {
            base_url,
            write,
            mapping,
            store,
        } => check(&base_url, write, &mapping, &store),
        Command::Find {
            text,
            base_url,
            deep,
        } => find(&text, &base_url, deep),
    }
}

/// One quick try at the server before the real work.
fn ensure_reachable(base_url: &str, request: &Request) -> Result<(), Error> {
    reachable(base_url, request, REACH_WAIT).map_err(|e| Error::Kostra {
        path: kommunetall_kostra::host_of(&request.url(base_url)).to_owned(),
        reason: format!("{e}; nothing was fetched (check the network, or --base-url)"),
    })
}

fn client(base_url: &str, store: &Path, mode: Mode) -> Client {
    Client::new(
        ClientConfig {
            base_url: base_url.to_owned(),
            mode,
            ..ClientConfig::default()
        },
        Store::new(store),
    )
}

fn fetch(
    pipeline: &Path,
    base_url: &str,
    klass_url: &str,
    refresh: bool,
) -> Result<ExitCode, Error> {
    let mut sources: Vec<Source> = Vec::new();
    for s in pipeline::load_all(pipeline)?.iter().filter_map(Source::of) {
        if !sources.contains(&s) {
            sources.push(s);
        }
    }
    if sources.is_empty() {
        return Err(Error::Pipeline {
            path: pipeline.display().to_string(),
            reason:
                "no [kostra] section (store = \"raw/kostra\", queries = \"pipelines/kostra.toml\")"
                    .into(),
        });
    }
    let mode = if refresh { Mode::Online } else { Mode::Cached };
    let mut failed = 0;
    for src in &sources {
        let file_queries = queries(&src.queries)?;
        if let Some(q) = file_queries.first() {
            ensure_reachable(base_url, &Request::metadata(&q.table_id, "no"))?;
        }
        let years = years_of(&file_queries);
        let groups = match fetch_groups(&client(klass_url, &src.store, mode), &years) {
            Ok(g) => g,
            Err(e) => {
                println!("KOSTRA groups not fetched ({e}); fetching without them");
                Vec::new()
            }
        };
        let (queries, extra, dropped) = prepared(&file_queries, &groups);
        if !dropped.is_empty() {
            println!(
                "not sent (placeholder codes, never looked up): {}",
                dropped.join(", ")
            );
        }
        let all: Vec<TableQuery> = queries.into_iter().chain(extra).collect();
        let report = fetch_all(&client(base_url, &src.store, mode), &all)
            .map_err(|e| kerr(&src.store, e))?;
        for q in &report.queries {
            match &q.error {
                None => println!(
                    "table {:<6} {:>3} requests ({} from the store), {:>7} cells",
                    q.table_id, q.requests, q.from_store, q.cells
                ),
                Some(e) => {
                    failed += 1;
                    println!("table {:<6} FAILED: {e}", q.table_id);
                }
            }
        }
        println!(
            "{}: {} HTTP requests; KOSTRA groups of {} years; stored under {}",
            src.queries.display(),
            report.network_requests,
            years.len(),
            src.store.display()
        );
    }
    print_not_fetched();
    if failed > 0 {
        return Err(Error::Kostra {
            path: base_url.to_owned(),
            reason: format!("{failed} KOSTRA queries failed (see above); the others were stored"),
        });
    }
    Ok(ExitCode::SUCCESS)
}

/// Lists the mapping's indicators that are never fetched.
fn print_not_fetched() {
    let Ok(mapping) = SsbMapping::embedded() else {
        return;
    };
    let (no_code, no_table): (Vec<_>, Vec<_>) = mapping
        .not_fetched()
        .partition(|i| i.contents_code.is_none());
    if !no_code.is_empty() {
        println!(
            "not fetched, no SSB code known ({}): {}",
            no_code.len(),
            no_code
                .iter()
                .map(|i| i.key.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    if !no_table.is_empty() {
        println!(
            "not fetched, code known but no table ({}): {}",
            no_table.len(),
            no_table
                .iter()
                .map(|i| format!("{} ({})", i.key, i.contents_code.as_deref().unwrap_or("")))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
}

fn check(
    base_url: &str,
    write: bool,
    mapping_file: &Path,
    store: &Path,
) -> Result<ExitCode, Error> {
    let text = std::fs::read_to_string(mapping_file).map_err(|e| kerr(mapping_file, e))?;
    let mapping = SsbMapping::from_toml(&text).map_err(|e| kerr(mapping_file, e))?;
    if let Some((t, _)) = mapping.indicators.iter().find_map(|i| i.target()) {
        ensure_reachable(base_url, &Request::metadata(t, "no"))?;
    }
    let rows = check_mapping(&client(base_url, store, Mode::Online), &mapping)
        .map_err(|e| kerr(Path::new(base_url), e))?;
    println!(
        "{:<52} {:<6} {:<22} {:<8} {:<24} SSB's label",
        "indicator", "table", "code", "status", "check"
    );
    for r in &rows {
        let code = match &r.dims {
            Some(d) => format!("{} [{d}]", r.contents_code),
            None => r.contents_code.clone(),
        };
        println!(
            "{:<52} {:<6} {:<22} {:<8} {:<24} {}",
            r.key,
            r.table_id,
            code,
            r.status.as_str(),
            r.verdict.describe(),
            r.ssb_label.as_deref().unwrap_or("")
        );
    }
    let count = |f: fn(&Verdict) -> bool| rows.iter().filter(|r| f(&r.verdict)).count();
    let bad = count(|v| matches!(v, Verdict::MissingCode { .. } | Verdict::TableError { .. }));
    println!(
        "{} checked: {} ok, {} label differs, {} missing or table error; {} not checked (no table and code)",
        rows.len(),
        count(|v| *v == Verdict::Confirmed),
        count(|v| *v == Verdict::LabelDiffers),
        bad,
        mapping.not_fetched().count()
    );
    if write {
        let (new_text, changed) =
            mark_confirmed(&text, &rows).map_err(|e| kerr(mapping_file, e))?;
        if changed.is_empty() {
            println!("{}: nothing to mark", mapping_file.display());
        } else {
            std::fs::write(mapping_file, new_text).map_err(|e| kerr(mapping_file, e))?;
            println!(
                "{}: marked status = \"metadata\": {} (rebuild to embed it)",
                mapping_file.display(),
                changed.join(", ")
            );
        }
    }
    Ok(if bad > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn find(text: &str, base_url: &str, deep: usize) -> Result<ExitCode, Error> {
    // An indicator key of the mapping searches for its code, else its label.
    let mapping = SsbMapping::embedded().ok();
    let entry = mapping.as_ref().and_then(|m| m.get(text.trim()));
    let search = entry
        .and_then(|e| e.contents_code.clone().or_else(|| e.label.clone()))
        .unwrap_or_else(|| text.to_owned());
    let probe = Request::table_search(&search, "no", 1);
    ensure_reachable(base_url, &probe)?;
    let found = kommunetall_kostra::find::find(
        &client(base_url, Path::new("raw/kostra"), Mode::Online),
        &search,
        deep,
    )
    .map_err(|e| kerr(Path::new(base_url), e))?;
    println!("tables for {search:?} ({}):", found.tables.len());
    for t in &found.tables {
        println!(
            "  {:<6} {}  [{}–{}]",
            t.id,
            t.label,
            t.first_period.as_deref().unwrap_or("?"),
            t.last_period.as_deref().unwrap_or("?")
        );
    }
    println!(
        "values in the first {deep} tables ({}):",
        found.values.len()
    );
    for v in &found.values {
        println!(
            "  {:<6} {:<20} {:<22} {}",
            v.table_id, v.variable, v.code, v.label
        );
    }
    Ok(ExitCode::SUCCESS)
}
