//! The `kommunetall` command line.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};
use kommunetall::ingest::{Hints, ingest};
use kommunetall::pipeline;
use kommunetall::run::{Job, jobs_of, run};

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
  kommunetall extract report.pdf appendix.xlsx --warehouse /tmp/wh --municipality 5001 --year 2024
  kommunetall tables raw/trondheim/2024/arsberetning-2024.pdf
  duckdb warehouse/kommunetall.duckdb \"SELECT * FROM report_cell WHERE table_id = '1.1' LIMIT 10\"

Exit codes: 0 ok, 1 the run failed (nothing was written), 2 usage error.";

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
enum LogFormat {
    Human,
    Json,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Run a job defined in a pipeline file: its documents into its warehouse.
    ///
    /// The warehouse is replaced atomically: the new one is built beside the old
    /// one and swapped in only when everything succeeded.
    Run {
        /// Pipeline file (TOML; see pipelines/trondheim.toml).
        #[arg(default_value = "pipelines/trondheim.toml")]
        pipeline: PathBuf,
    },
    /// Extract the given files into a warehouse folder, without a pipeline file.
    ///
    /// DIR ends up holding a complete warehouse for exactly these files
    /// (kommunetall.duckdb, parquet/, quality.md); what it held before is replaced.
    Extract {
        /// PDF, XLSX, XLS or ODS files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Warehouse folder to write.
        #[arg(long, short)]
        warehouse: PathBuf,
        /// Four-digit municipality number (e.g. 5001); read from the document when absent.
        #[arg(long)]
        municipality: Option<String>,
        /// Municipality name stored beside the code.
        #[arg(long)]
        municipality_name: Option<String>,
        /// Report year; read from the document ("Årsberetning 2024") or file name when absent.
        #[arg(long)]
        year: Option<i32>,
    },
    /// List the tables found in one file (id, pages or sheet, shape, caption); writes nothing.
    Tables {
        /// A PDF, XLSX, XLS or ODS file.
        file: PathBuf,
        /// Also print every row of every table.
        #[arg(long)]
        rows: bool,
    },
}

fn init_logging(format: LogFormat, verbose: u8) {
    let default = match verbose {
        0 => "info",
        1 => "debug",
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
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("{e:#}");
            eprintln!("error: {e:#}");
            ExitCode::from(1)
        }
    }
}

fn dispatch(cmd: Command) -> anyhow::Result<()> {
    match cmd {
        Command::Run { pipeline } => {
            let loaded = pipeline::load(&pipeline)?;
            let (jobs, warehouse) = jobs_of(&loaded);
            tracing::info!(pipeline = %pipeline.display(), job = %loaded.pipeline.name, documents = jobs.len(), warehouse = %warehouse.display(), "run");
            let s = run(&jobs, &warehouse)?;
            print_summary(&s, &warehouse);
        }
        Command::Extract {
            files,
            warehouse,
            municipality,
            municipality_name,
            year,
        } => {
            if let Some(m) = &municipality {
                anyhow::ensure!(
                    m.len() == 4 && m.chars().all(|c| c.is_ascii_digit()),
                    "--municipality must be a four-digit SSB number such as 5001 or 0301, got {m:?}"
                );
            }
            let jobs: Vec<Job> = files
                .iter()
                .map(|f| Job {
                    path: f.clone(),
                    source_path: f.to_string_lossy().replace('\\', "/"),
                    hints: Hints {
                        kind: None,
                        municipality_code: municipality.clone(),
                        municipality_name: municipality_name.clone(),
                        report_year: year,
                    },
                })
                .collect();
            let s = run(&jobs, &warehouse)?;
            print_summary(&s, &warehouse);
        }
        Command::Tables { file, rows } => tables(&file, rows)?,
    }
    Ok(())
}

fn print_summary(s: &kommunetall::run::Summary, warehouse: &Path) {
    for (t, n) in &s.written.rows {
        println!("{t:<16} {n:>7} rows");
    }
    println!("warehouse: {}", warehouse.display());
}

fn tables(file: &Path, rows: bool) -> anyhow::Result<()> {
    let hints = Hints {
        municipality_code: Some("0000".into()),
        report_year: Some(0),
        ..Hints::default()
    };
    let doc = ingest(file, &file.to_string_lossy(), &hints)
        .with_context(|| format!("reading {}", file.display()))?;
    for t in &doc.extraction.tables {
        let place = match &t.location {
            kommunetall_model::Location::Pages { first, last } if first == last => {
                format!("p{first}")
            }
            kommunetall_model::Location::Pages { first, last } => format!("p{first}-{last}"),
            kommunetall_model::Location::Sheet { name } => format!("sheet {name}"),
        };
        println!(
            "{:<12} {:<10} {:>3} rows x {:>2} cols  {}",
            t.table_id,
            place,
            t.rows.len(),
            t.n_cols,
            t.caption.as_deref().unwrap_or("(no caption)")
        );
        if rows {
            let head: Vec<String> = (0..=t.n_cols).map(|c| t.column_label(c)).collect();
            println!("    | {}", head.join(" | "));
            for r in &t.rows {
                let cells: Vec<&str> = r.cells.iter().map(|c| c.text.as_str()).collect();
                println!("    | {} | {}", r.label, cells.join(" | "));
            }
        }
    }
    for d in &doc.extraction.diagnostics {
        println!("{}: {} {}", d.severity.as_str(), d.rule, d.message);
    }
    Ok(())
}
