//! The `kommunetall` command line.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};
use kommunetall::ingest::{Hints, ingest};
use kommunetall::pipeline;
use kommunetall::run::{Options, Plan, Summary, plan_of, run};
use kommunetall_store::Target;

/// Norwegian municipal annual reports (PDF, Excel) into a Parquet + DuckDB warehouse.
///
/// Every number is read from the documents: tables are found on the PDF pages
/// and in the workbook sheets, each body cell becomes a row of `report_cell`
/// with its printed text, its parsed value and where it was printed.
#[derive(Parser, Debug)]
#[command(version, about, long_about, after_help = EXAMPLES)]
struct Cli {
    /// Log format on stderr: human (default) or json (one event per line, for schedulers).
    #[arg(long, value_enum, global = true, default_value_t = LogFormat::Human)]
    log_format: LogFormat,
    /// More detail in the log (-v debug, -vv trace). RUST_LOG overrides.
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    verbose: u8,
    #[command(subcommand)]
    command: Command,
}

const EXAMPLES: &str = "\
Examples:
  kommunetall run                                   # the bundled job: pipelines/trondheim.toml
  kommunetall run pipelines/trondheim.toml          # a given job
  kommunetall run pipelines/ --wait 600 --strict    # every pipeline in the folder, for cron/Airflow
  kommunetall extract report.pdf appendix.xlsx --warehouse /tmp/wh --municipality 5001 --year 2024
  kommunetall extract report.pdf --warehouse s3://bucket/kommunetall --municipality 5001   # Parquet in S3
  kommunetall tables raw/trondheim/2024/arsberetning-2024.pdf
  kommunetall inspect raw/trondheim/2024/arsberetning-2024.pdf --table 1.4 --out /tmp/inspect
  kommunetall kostra fetch pipelines/trondheim.toml # SSB's KOSTRA figures into raw/kostra (needs internet)
  kommunetall kostra check                          # the KOSTRA codes against SSB's metadata
  duckdb warehouse/kommunetall.duckdb \"SELECT * FROM report_cell WHERE table_id = '1.1' LIMIT 10\"

Exit codes (for schedulers):
  0  ok (also: nothing had changed, nothing was written)
  1  failed: a document could not be read (the others were written; its previous
     version was kept), or the warehouse could not be written (nothing changed)
  2  usage error (bad arguments)
  3  with --strict: finished, but error-severity quality findings exist";

/// Options of every command that writes a warehouse.
#[derive(clap::Args, Debug, Clone)]
struct RunOpts {
    /// When another run holds the warehouse lock, wait up to SECONDS for it
    /// (default: fail at once, naming the holder's pid and start time).
    #[arg(long, value_name = "SECONDS")]
    wait: Option<u64>,
    /// Read every document again and rewrite every partition even if nothing changed.
    #[arg(long)]
    force: bool,
    /// Exit 3 when the warehouse holds error-severity quality findings.
    #[arg(long)]
    strict: bool,
    /// Threads for reading documents (default: one per core).
    #[arg(long, short = 'j', value_name = "N", default_value_t = 0)]
    jobs: usize,
}

impl RunOpts {
    fn options(&self) -> Options {
        Options {
            wait: self.wait.map(std::time::Duration::from_secs),
            force: self.force,
            threads: self.jobs,
        }
    }
}

const TABLES_EXAMPLES: &str = "\
Examples:
  kommunetall tables report.pdf                                  # id, pages, shape, caption of each table
  kommunetall tables report.pdf --format csv > cells.csv         # every cell, one line each
  kommunetall tables report.pdf --format json | jq '.[] | select(.table_id == \"1.1\")'
  kommunetall tables appendix.xlsx --format csv | grep ',sum,'   # the total rows";

/// Output of `kommunetall tables`.
#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
enum TablesFormat {
    /// One line per table (and with --rows its rows).
    Human,
    /// One JSON array of tables, rows of cells.
    Json,
    /// One CSV line per cell.
    Csv,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
enum LogFormat {
    Human,
    Json,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Run a job defined in a pipeline file (or every pipeline in a folder): its
    /// documents into its warehouse.
    ///
    /// Safe to schedule: one run at a time holds the warehouse lock; inputs are
    /// hashed and compared with warehouse/manifest.json, so unchanged documents
    /// are not read again, a run with nothing new writes nothing, and a changed
    /// document rewrites only its partition (municipality_code=…/report_year=…)
    /// of each Parquet table and its rows in the DuckDB file. The new files are
    /// staged beside the old ones and swapped in, the manifest last; a crash at
    /// any point leaves the previous warehouse, and the next run cleans up.
    /// The warehouse may be a folder or s3://bucket/prefix (credentials and
    /// endpoint from AWS_* variables); the DuckDB file is always local.
    Run {
        /// Pipeline file (TOML; see pipelines/trondheim.toml), or a folder: every
        /// *.toml with a [municipality] in it, into one warehouse.
        #[arg(default_value = "pipelines/trondheim.toml")]
        pipeline: PathBuf,
        #[command(flatten)]
        opts: RunOpts,
    },
    /// Extract the given files into a warehouse, without a pipeline file.
    ///
    /// The warehouse ends up holding exactly these files (kommunetall.duckdb,
    /// parquet/, quality.md); documents it held before that are not named
    /// here leave it.
    Extract {
        /// PDF, XLSX, XLS or ODS files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Warehouse to write: a folder, or s3://bucket/prefix.
        #[arg(long, short, value_name = "DIR|URL")]
        warehouse: String,
        /// The local DuckDB file (default: kommunetall.duckdb in the warehouse
        /// folder; for a URL, .kommunetall/<bucket>/<prefix>/kommunetall.duckdb).
        #[arg(long, value_name = "FILE")]
        duckdb: Option<PathBuf>,
        /// Four-digit municipality number (e.g. 5001); read from the document when absent.
        #[arg(long)]
        municipality: Option<String>,
        /// Municipality name stored beside the code.
        #[arg(long)]
        municipality_name: Option<String>,
        /// Report year; read from the document ("Årsberetning 2024") or file name when absent.
        #[arg(long)]
        year: Option<i32>,
        #[command(flatten)]
        opts: RunOpts,
    },
    /// Draw what was read from a PDF: one self-contained HTML page per PDF page
    /// (open DIR/index.html in a browser).
    ///
    /// Each page shows the text at its printed positions with every detected
    /// table, row, column and cell outlined, numbers coloured by how they were
    /// parsed (green number, grey missing marker, red malformed, blue text),
    /// sum and section rows tinted, cells named by a finding outlined in
    /// magenta, and a side panel with each table as extracted and its findings.
    /// An extraction error is visible at a glance.
    Inspect {
        /// The PDF.
        file: PathBuf,
        /// Only these pages (1-based; repeat the flag for several).
        #[arg(long = "page", value_name = "N")]
        pages: Vec<u32>,
        /// Only the pages of this table ("1.4", or "p70-t1" for an uncaptioned one).
        #[arg(long, value_name = "ID")]
        table: Option<String>,
        /// Folder to write index.html and page-NNN.html into.
        #[arg(long, short, value_name = "DIR")]
        out: PathBuf,
    },
    /// KOSTRA figures from Statistics Norway (SSB): fetch them, check the
    /// indicator mapping against SSB's metadata, find a table or code.
    #[command(subcommand)]
    Kostra(kommunetall::kostra::Command),
    /// List the tables found in one file (id, pages or sheet, shape, caption); writes nothing.
    ///
    /// With --format json or csv, every table comes out whole, as rows of cells
    /// (header rows included and marked), for piping into other tools; findings
    /// then go to stderr. Columns count as in report_cell: col 0 is the row
    /// label, 1..n the value columns; body rows ("body", "section", "sum") are
    /// numbered from 0, header rows ("header") separately from the top.
    ///
    /// json: one array of tables {table_id, caption, unit, page_first,
    /// page_last, sheet, n_cols, rows: [{kind, row, label, cells: [{col, text,
    /// value, column_label, unit, page | cell_ref}]}], notes}; header cells
    /// carry {col, span, text}.
    ///
    /// csv: one line per cell under a header line (table_id, caption, page,
    /// sheet, kind, row, col, span, row_label, column_label, text, value, unit,
    /// cell_ref), RFC 4180 quoting; value is empty when the cell is not a number.
    #[command(after_help = TABLES_EXAMPLES)]
    Tables {
        /// A PDF, XLSX, XLS or ODS file.
        file: PathBuf,
        /// Also print every row of every table (human listing only).
        #[arg(long)]
        rows: bool,
        /// Output: a human listing, or every cell as JSON or CSV.
        #[arg(long, value_enum, default_value_t = TablesFormat::Human)]
        format: TablesFormat,
    },
}

fn init_logging(format: LogFormat, verbose: u8) {
    // Per-table and per-finding events (targets kommunetall::table and
    // kommunetall::finding) go to JSON logs; a human sees error findings only
    // (the rest are in warehouse/quality.md) unless -v. lopdf's own notes
    // on content it skips (inline image filters) say nothing of tables: a
    // page it cannot read is a finding of ours.
    let default = match (verbose, format) {
        (0, LogFormat::Human) => {
            "info,kommunetall::table=warn,kommunetall::finding=error,lopdf=error"
        }
        (0, LogFormat::Json) => "info",
        (1, _) => "debug",
        _ => "trace",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    let b = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Human => b.with_target(false).init(),
        LogFormat::Json => b.json().init(),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging(cli.log_format, cli.verbose);
    match dispatch(cli.command) {
        Ok(code) => code,
        Err(e) => {
            tracing::error!("{e:#}");
            eprintln!("error: {e:#}");
            ExitCode::from(1)
        }
    }
}

fn dispatch(cmd: Command) -> anyhow::Result<ExitCode> {
    match cmd {
        Command::Run { pipeline, opts } => {
            let loaded = pipeline::load_all(&pipeline)?;
            let plan = plan_of(&loaded);
            let names: Vec<&str> = loaded.iter().map(|l| l.pipeline.name.as_str()).collect();
            tracing::info!(pipeline = %pipeline.display(), jobs = ?names, documents = plan.jobs.len(), warehouse = %plan.warehouse, "run");
            finish(&plan, &opts)
        }
        Command::Extract {
            files,
            warehouse,
            duckdb,
            municipality,
            municipality_name,
            year,
            opts,
        } => {
            if let Some(m) = &municipality {
                anyhow::ensure!(
                    m.len() == 4 && m.chars().all(|c| c.is_ascii_digit()),
                    "--municipality must be a four-digit SSB number such as 5001 or 0301, got {m:?}"
                );
            }
            let hints = Hints {
                kind: None,
                municipality_code: municipality,
                municipality_name,
                report_year: year,
            };
            let target = Target::resolve(Path::new(""), &warehouse, duckdb.as_deref());
            finish(&Plan::of_files(files, target, &hints), &opts)
        }
        Command::Inspect {
            file,
            pages,
            table,
            out,
        } => {
            let opts = kommunetall_inspect::Options {
                pages: (!pages.is_empty()).then_some(pages),
                table,
            };
            println!(
                "{}",
                kommunetall::quality::inspect_file(&file, &opts, &out)?
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Kostra(cmd) => Ok(kommunetall::kostra::command(cmd)?),
        Command::Tables { file, rows, format } => {
            tables(&file, rows, format)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Runs a plan, prints what happened and picks the exit code.
fn finish(plan: &Plan, opts: &RunOpts) -> anyhow::Result<ExitCode> {
    let s = run(plan, &opts.options())?;
    print_summary(&s, &plan.warehouse);
    if !s.failures.is_empty() {
        for e in &s.failures {
            eprintln!("error: {e}");
        }
        anyhow::bail!(
            "{} of {} documents could not be read (the others were written; previous versions kept)",
            s.failures.len(),
            plan.jobs.len()
        );
    }
    if opts.strict && s.error_findings > 0 {
        eprintln!(
            "strict: {} error-severity quality findings (see {}/quality.md)",
            s.error_findings, plan.warehouse
        );
        return Ok(ExitCode::from(3));
    }
    Ok(ExitCode::SUCCESS)
}

fn print_summary(s: &Summary, warehouse: &Target) {
    match &s.written {
        Some(w) => {
            for (t, n) in &w.rows {
                println!("{t:<22} {n:>7} rows");
            }
            println!(
                "partitions: {} written or removed; {} Parquet files written, {} deleted; DuckDB file {}",
                s.partitions,
                w.parquet_files.len(),
                w.parquet_deleted.len(),
                if w.duckdb_written {
                    "updated"
                } else {
                    "unchanged"
                }
            );
        }
        None => println!("up to date: nothing changed, nothing written"),
    }
    println!(
        "documents: {} read, {} unchanged (from cache), {} failed; {} KOSTRA rows; {} error findings",
        s.extracted.len(),
        s.reused.len(),
        s.failures.len(),
        s.kostra_rows,
        s.error_findings
    );
    if warehouse.is_url() {
        println!(
            "warehouse: {} (DuckDB file {})",
            warehouse,
            warehouse.duckdb.display()
        );
    } else {
        println!("warehouse: {warehouse}");
    }
}

fn tables(file: &Path, rows: bool, format: TablesFormat) -> anyhow::Result<()> {
    let hints = Hints {
        municipality_code: Some("0000".into()),
        report_year: Some(0),
        ..Hints::default()
    };
    let doc = ingest(file, &file.to_string_lossy(), &hints)
        .with_context(|| format!("reading {}", file.display()))?;
    let t = &doc.extraction.tables;
    let out = match format {
        TablesFormat::Human => kommunetall::export::tables_human(t, rows),
        TablesFormat::Json => kommunetall::export::tables_json(t),
        TablesFormat::Csv => kommunetall::export::tables_csv(t),
    };
    use std::io::Write as _;
    let mut so = std::io::stdout().lock();
    match so.write_all(out.as_bytes()).and_then(|()| so.flush()) {
        // The reader stopped early (`| head`): not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(()),
        r => r.context("writing to stdout")?,
    }
    // Findings: on stdout under a listing, on stderr beside data.
    for d in &doc.extraction.diagnostics {
        let place = d.place();
        let line = if place.is_empty() {
            format!("{}: {} {}", d.severity.as_str(), d.rule, d.message)
        } else {
            format!(
                "{}: {} {} ({place})",
                d.severity.as_str(),
                d.rule,
                d.message
            )
        };
        match format {
            TablesFormat::Human => println!("{line}"),
            _ => eprintln!("{line}"),
        }
    }
    Ok(())
}
