//! The command line: `paratopic run|tune|init`. Every flag is documented here and in the
//! README.

use crate::config::{Config, DEFAULT_TOML};
use crate::error::{Error, Result};
use crate::model::TopicModel;
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
    /// Place the paragraphs of new documents in the topics of a saved model (no refit);
    /// writes the same files as `run` except model/.
    Apply(ApplyArgs),
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

/// Options of `paratopic apply`.
#[derive(Debug, clap::Args)]
pub struct ApplyArgs {
    /// The model: the model/ folder a run wrote, or the output folder holding it.
    #[arg(long, value_name = "DIR")]
    pub model: PathBuf,
    /// The options `run` takes.
    #[command(flatten)]
    pub run: RunArgs,
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
        Command::Apply(args) => apply(args),
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
    finish(report?, quiet);
    Ok(())
}

fn apply(args: ApplyArgs) -> Result<()> {
    let sets = args.run.set.clone();
    let Prepared {
        mut config,
        mut reporter,
        quiet,
    } = prepare(args.run)?;
    let model = TopicModel::load(&args.model)?;
    if let Some(note) = adopt_model_settings(&mut config, &model, &sets)? {
        reporter.event(Event::Notice(&note));
    }
    let report = pipeline::apply(&config, &args.model, &model, &mut |e| reporter.event(e));
    reporter.finish();
    finish(report?, quiet);
    Ok(())
}

/// The config sections a model fixes.
const MODEL_SECTIONS: [&str; 4] = ["segment", "preprocess", "vectorize", "cluster"];

/// Puts the model's `segment`, `preprocess`, `vectorize` and `cluster` settings into
/// `config`. A `--set` of one of those keys to another value than the model's is a usage
/// error (exit 2); other differences (from the config file or the defaults) are ignored,
/// and the returned note lists them.
fn adopt_model_settings(
    config: &mut Config,
    model: &TopicModel,
    sets: &[String],
) -> Result<Option<Notice>> {
    let s = &model.settings;
    let ours = leaves(&[
        ("segment", toml::Value::try_from(&config.segment)),
        ("preprocess", toml::Value::try_from(&config.preprocess)),
        ("vectorize", toml::Value::try_from(&config.vectorize)),
        ("cluster", toml::Value::try_from(&config.cluster)),
    ]);
    let theirs = leaves(&[
        ("segment", toml::Value::try_from(&s.segment)),
        ("preprocess", toml::Value::try_from(&s.preprocess)),
        ("vectorize", toml::Value::try_from(&s.vectorize)),
        ("cluster", toml::Value::try_from(&s.cluster)),
    ]);
    let differing: Vec<&String> = ours
        .iter()
        .filter(|(k, v)| theirs.get(*k) != Some(v))
        .map(|(k, _)| k)
        .collect();
    for set in sets {
        let key = set.split_once('=').map_or(set.as_str(), |kv| kv.0).trim();
        let fixed = MODEL_SECTIONS
            .iter()
            .any(|sec| key.starts_with(&format!("{sec}.")));
        if fixed
            && differing
                .iter()
                .any(|d| d.as_str() == key || d.starts_with(&format!("{key}.")))
        {
            return Err(Error::Config(format!(
                "--set {key}: the model was fitted with {key} = {}; `apply` places paragraphs with the model's segment.*, preprocess.*, vectorize.* and cluster.* settings, so drop this --set, or fit a new model with `paratopic run`",
                theirs.get(key).map_or("(not set)".to_string(), |v| v.to_string())
            )));
        }
    }
    config.segment = s.segment.clone();
    config.preprocess = s.preprocess.clone();
    config.vectorize = s.vectorize.clone();
    config.cluster = s.cluster.clone();
    Ok((!differing.is_empty()).then(|| {
        let listed: Vec<&str> = differing.iter().map(|d| d.as_str()).collect();
        Notice::note(
            "model_settings",
            format!(
                "apply uses the model's settings; the config's {} ignored: {}",
                if listed.len() == 1 {
                    "value is"
                } else {
                    "values are"
                },
                listed.join(", ")
            ),
        )
    }))
}

/// Every leaf of the given tables as `section.key…` → value.
fn leaves(
    sections: &[(&str, std::result::Result<toml::Value, toml::ser::Error>)],
) -> std::collections::BTreeMap<String, toml::Value> {
    fn walk(
        prefix: &str,
        v: &toml::Value,
        out: &mut std::collections::BTreeMap<String, toml::Value>,
    ) {
        match v {
            toml::Value::Table(t) => {
                for (k, v) in t {
                    walk(&format!("{prefix}.{k}"), v, out);
                }
            }
            other => {
                out.insert(prefix.to_string(), other.clone());
            }
        }
    }
    let mut out = std::collections::BTreeMap::new();
    for (name, v) in sections {
        if let Ok(v) = v {
            walk(name, v, &mut out);
        }
    }
    out
}

/// The summary on stdout and the closing lines on stderr of `run` and `apply`.
fn finish(report: pipeline::RunReport, quiet: bool) {
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
}

/// The results on stdout (contracts §5): the topic table, the quality line and the
/// counts line, with no timings, so `paratopic run > summary.txt` is deterministic.
fn print_summary(report: &pipeline::RunReport) {
    println!("topic  size  label");
    for t in &report.topics {
        println!("{:>5}  {:>4}  {}", t.id, t.size, t.display());
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
