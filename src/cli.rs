//! The command line: `paratopic run|tune|init`. Every flag is documented here and in the
//! README.

use crate::config::{Config, DEFAULT_TOML};
use crate::error::{Error, Result};
use crate::notice::{Event, Notice};
use crate::pipeline;
use crate::progress::Reporter;
use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};

/// Topic modeling of policy documents: paragraphs → TF-IDF → topics → CSV and SVG charts.
#[derive(Debug, Parser)]
#[command(name = "paratopic", version = crate::VERSION, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the pipeline and write every output into output.dir.
    Run(RunArgs),
    /// Try every combination of the `[tune]` lists; write tune.csv and charts/tune.svg.
    Tune(RunArgs),
    /// Write the commented default configuration to FILE (default: paratopic.toml).
    Init {
        /// Where to write the configuration.
        #[arg(default_value = "paratopic.toml")]
        file: PathBuf,
        /// Overwrite FILE if it exists.
        #[arg(long)]
        force: bool,
    },
}

/// Options of `paratopic run` and `paratopic tune`.
#[derive(Debug, clap::Args)]
pub struct RunArgs {
    /// Files or folders to read; they replace input.paths of the config (with a note).
    #[arg(value_name = "PATH")]
    pub inputs: Vec<PathBuf>,
    /// Config file. Default: ./paratopic.toml if it exists, else the built-in defaults.
    #[arg(long, short = 'c', value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Override a config key; VALUE is a TOML value (--set cluster.k=8,
    /// --set 'input.paths=["corpus"]'). Repeatable; applied after the file.
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
    /// Number of worker threads (default: one per core). Outputs do not depend on it.
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Print nothing but errors and warnings that data was skipped or altered.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

/// Parses the arguments, runs the command, prints errors; returns the exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    match execute(cli) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("error: {e}");
            e.exit_code()
        }
    }
}

/// Runs a parsed command.
pub fn execute(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Init { file, force } => init(&file, force),
        Command::Run(args) => run(args),
        Command::Tune(args) => tune(args),
    }
}

fn init(file: &Path, force: bool) -> Result<()> {
    if file.exists() && !force {
        return Err(Error::Usage(format!(
            "{} already exists; pass --force to overwrite it",
            file.display()
        )));
    }
    std::fs::write(file, DEFAULT_TOML).map_err(|e| Error::write(file, e))?;
    eprintln!("wrote the default configuration to {}", file.display());
    Ok(())
}

fn set_threads(threads: Option<usize>) -> Result<()> {
    if let Some(n) = threads {
        if n == 0 {
            return Err(Error::Usage("--threads must be at least 1".into()));
        }
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global()
            .map_err(|e| Error::Runtime(format!("cannot start {n} threads: {e}")))?;
    }
    Ok(())
}

/// The config file to use: `--config`, else `./paratopic.toml` if present.
fn config_path(explicit: Option<PathBuf>) -> Option<PathBuf> {
    explicit.or_else(|| {
        let p = PathBuf::from("paratopic.toml");
        p.is_file().then_some(p)
    })
}

/// What `run` and `tune` start from: the config and where progress goes.
struct Prepared {
    config: Config,
    reporter: Reporter,
    quiet: bool,
}

/// What `run` and `tune` do first: signal handlers, the thread pool, the config (with the
/// positional inputs in place of `input.paths`), the reporter.
fn prepare(args: RunArgs) -> Result<Prepared> {
    crate::output::install_signal_handlers()?;
    set_threads(args.threads)?;
    let path = config_path(args.config);
    let mut config = Config::load(path.as_deref(), &args.set)?;
    let mut reporter = Reporter::new(args.quiet);
    let origin = match &path {
        Some(p) => {
            reporter.event(Event::Progress(&format!("config     {}", p.display())));
            p.display().to_string()
        }
        None => {
            reporter.event(Event::Progress(
                "config     built-in defaults (no paratopic.toml here; `paratopic init` writes one)",
            ));
            "the built-in defaults".to_string()
        }
    };
    if !args.inputs.is_empty() {
        let shown = |p: &[PathBuf]| {
            let v: Vec<String> = p
                .iter()
                .map(|p| format!("{:?}", p.display().to_string()))
                .collect();
            format!("[{}]", v.join(", "))
        };
        let note = Notice::note(
            "positional_inputs",
            format!(
                "reading {} from the command line instead of input.paths = {} ({origin})",
                shown(&args.inputs),
                shown(&config.input.paths)
            ),
        );
        reporter.event(Event::Notice(&note));
        config.input.paths = args.inputs;
    }
    Ok(Prepared {
        config,
        reporter,
        quiet: args.quiet,
    })
}

fn run(args: RunArgs) -> Result<()> {
    let Prepared {
        config,
        mut reporter,
        quiet,
    } = prepare(args)?;
    let report = pipeline::run(&config, &mut |e| reporter.event(e));
    reporter.finish();
    let report = report?;
    if !quiet {
        print_summary(&report);
        let stages: Vec<String> = report
            .timings
            .iter()
            .map(|(s, t)| format!("{s} {t:.2}s"))
            .collect();
        let total: f64 = report.timings.iter().map(|t| t.1).sum();
        eprintln!("stages: {} (total {total:.2}s)", stages.join(", "));
        eprintln!(
            "outputs in {}; open {} for the report",
            report.output_dir.display(),
            report.output_dir.join("report.html").display()
        );
    }
    Ok(())
}

/// The results on stdout (contracts §5): the topic table, the quality line and the
/// counts line, with no timings, so `paratopic run > summary.txt` is deterministic.
fn print_summary(report: &pipeline::RunReport) {
    println!("topic  size  label");
    for t in &report.topics {
        println!("{:>5}  {:>4}  {}", t.id, t.size, t.label);
    }
    println!();
    println!("quality: {}", report.quality.summary());
    let unassigned = match report.unassigned {
        0 => String::new(),
        n => format!(
            " ({n} unassigned, {:.1}%)",
            100.0 * n as f64 / report.units.max(1) as f64
        ),
    };
    println!(
        "{} documents, {} paragraphs{unassigned}, {} tokens, {} terms, {} topics",
        report.documents,
        report.units,
        report.tokens,
        report.vocabulary,
        report.topics.len(),
    );
}

fn tune(args: RunArgs) -> Result<()> {
    let Prepared {
        config,
        mut reporter,
        quiet,
    } = prepare(args)?;
    let report = crate::tune::run(&config, &mut |e| reporter.event(e));
    reporter.finish();
    let report = report?;
    if !quiet {
        if let Some(best) = report.rows.first() {
            println!(
                "best: {} (k = {})",
                crate::tune::describe(&best.settings),
                best.k
            );
        }
        eprintln!(
            "wrote {} and {}",
            report.csv.display(),
            report.chart.display()
        );
    }
    Ok(())
}
