//! The whole run: corpus → text → vectorize → cluster → topics → charts and files.
//!
//! ```no_run
//! use paratopic::{config::Config, pipeline};
//!
//! let config = Config::load(Some("paratopic.toml".as_ref()), &["cluster.k=5".into()])?;
//! let report = pipeline::run(&config, &mut |line| eprintln!("{line}"))?;
//! println!("{} topics written to {}", report.topics.len(), report.output_dir.display());
//! # Ok::<(), paratopic::Error>(())
//! ```

use crate::cluster;
use crate::config::Config;
use crate::corpus;
use crate::error::{Error, Result};
use crate::output::{self, ParagraphRow, StagedDir};
use crate::plot::{self, ChartData};
use crate::text;
use crate::topics::{self, Topic};
use crate::vectorize;
use serde::Serialize;
use std::path::PathBuf;
use std::time::Instant;

/// What a run produced, for the final summary.
#[derive(Debug, Clone)]
pub struct RunReport {
    /// Where the outputs are.
    pub output_dir: PathBuf,
    /// Number of documents read.
    pub documents: usize,
    /// Number of paragraph units clustered.
    pub units: usize,
    /// Number of kept tokens.
    pub tokens: usize,
    /// Vocabulary size (TF-IDF columns).
    pub vocabulary: usize,
    /// The topics.
    pub topics: Vec<Topic>,
    /// Seconds per stage, in order.
    pub timings: Vec<(&'static str, f64)>,
    /// Warnings raised while reading.
    pub warnings: Vec<String>,
}

#[derive(Serialize)]
struct RunJson<'a> {
    paratopic: &'static str,
    versions: std::collections::BTreeMap<&'static str, &'static str>,
    config: &'a Config,
    counts: Counts,
    documents: Vec<DocJson<'a>>,
    topics: &'a [Topic],
    clustering: ClusterJson,
    warnings: &'a [String],
    timings_s: std::collections::BTreeMap<&'static str, f64>,
}

#[derive(Serialize)]
struct Counts {
    documents: usize,
    units: usize,
    tokens: usize,
    vocabulary: usize,
    nonzeros: usize,
}

#[derive(Serialize)]
struct DocJson<'a> {
    id: &'a str,
    path: String,
    bytes: u64,
    units: usize,
}

#[derive(Serialize)]
struct ClusterJson {
    inertia: f64,
    fitted_rows: usize,
    dims: usize,
}

fn versions() -> std::collections::BTreeMap<&'static str, &'static str> {
    env!("PARATOPIC_DEP_VERSIONS")
        .split(',')
        .filter_map(|kv| kv.split_once('='))
        .collect()
}

struct Timer {
    start: Instant,
    timings: Vec<(&'static str, f64)>,
}

impl Timer {
    fn lap(&mut self, stage: &'static str) -> f64 {
        let s = self.start.elapsed().as_secs_f64();
        self.timings.push((stage, s));
        self.start = Instant::now();
        s
    }
}

/// Runs every stage and writes every output; `log` receives one line per stage.
pub fn run(config: &Config, log: &mut dyn FnMut(&str)) -> Result<RunReport> {
    config
        .validate()
        .map_err(|e| Error::Config(e.to_string()))?;
    let staged = StagedDir::create(&config.output.dir)?;
    let mut timer = Timer {
        start: Instant::now(),
        timings: Vec::new(),
    };

    let mut corpus = corpus::load(&config.input, &config.segment)?;
    for w in &corpus.warnings {
        log(w);
    }
    if corpus.units.is_empty() {
        return Err(Error::Data(format!(
            "no text found in {} input file(s) under input.paths = {:?}; add .txt or .md files with text",
            corpus.documents.len(),
            config.input.paths
        )));
    }
    let t = timer.lap("corpus");
    log(&format!(
        "corpus     {} documents, {} paragraph units ({t:.2}s)",
        corpus.documents.len(),
        corpus.units.len()
    ));

    let texts: Vec<&str> = corpus.units.iter().map(|u| u.text.as_str()).collect();
    let analyzed =
        text::analyze(&texts, &config.preprocess).map_err(|e| Error::Config(e.to_string()))?;
    let unit_tokens: Vec<usize> = analyzed.units.iter().map(Vec::len).collect();
    let n_tokens: usize = unit_tokens.iter().sum();
    for note in corpus.check_tokens(&unit_tokens)? {
        log(&note);
    }
    let t = timer.lap("text");
    log(&format!(
        "text       {n_tokens} tokens, {} distinct stems ({t:.2}s)",
        analyzed.lexicon.stems.len()
    ));

    let tfidf = vectorize::vectorize(&analyzed, &config.vectorize)?;
    drop(analyzed);
    let t = timer.lap("vectorize");
    log(&format!(
        "vectorize  {} × {} TF-IDF matrix, {} non-zeros ({t:.2}s)",
        tfidf.matrix.rows(),
        tfidf.matrix.cols(),
        tfidf.matrix.nnz()
    ));

    let clustering = cluster::cluster(&tfidf.matrix, &config.cluster)?;
    let t = timer.lap("cluster");
    log(&format!(
        "cluster    k = {} on {} LSA dimensions, inertia {:.4} ({t:.2}s)",
        config.cluster.k,
        clustering.embedding.ncols(),
        clustering.inertia
    ));

    let k = config.cluster.k;
    let topics = topics::describe(
        &tfidf.counts,
        &tfidf.terms,
        &clustering.labels,
        &clustering.similarity,
        k,
        &config.topics,
    );
    let unit_doc: Vec<usize> = corpus.units.iter().map(|u| u.doc).collect();
    let weights = topics::doc_weights(
        &unit_doc,
        &unit_tokens,
        &clustering.labels,
        corpus.documents.len(),
        k,
    );
    let mut shares = vec![0.0; k];
    for (&l, &n) in clustering.labels.iter().zip(&unit_tokens) {
        shares[l] += n as f64 / n_tokens.max(1) as f64;
    }
    let t = timer.lap("topics");
    log(&format!("topics     {k} topics described ({t:.2}s)"));

    // documents without units have no weights: they are left out of the tables and charts
    let kept_docs: Vec<usize> = (0..corpus.documents.len())
        .filter(|&d| corpus.documents[d].n_units > 0)
        .collect();
    let doc_names: Vec<&str> = kept_docs
        .iter()
        .map(|&d| corpus.documents[d].id.as_str())
        .collect();
    let kept_weights = weights.select(ndarray::Axis(0), &kept_docs);
    let points = cluster::project_2d(&clustering.embedding)?;
    let chart_data = ChartData {
        documents: doc_names.iter().map(|s| s.to_string()).collect(),
        weights: kept_weights.outer_iter().map(|r| r.to_vec()).collect(),
        labels: topics.iter().map(|t| t.label.clone()).collect(),
        terms: topics.iter().map(|t| t.terms.clone()).collect(),
        points: points
            .outer_iter()
            .zip(&clustering.labels)
            .map(|(p, &l)| (p[0], p[1], l))
            .collect(),
    };
    plot::write_all(&staged.path("charts"), &chart_data)?;
    let t = timer.lap("charts");
    log(&format!("charts     4 SVG charts ({t:.2}s)"));

    output::write_topics(&staged.path("topics.csv"), &topics, &shares)?;
    output::write_doc_topics(&staged.path("doc_topics.csv"), &doc_names, &kept_weights)?;
    let rows: Vec<ParagraphRow> = corpus
        .units
        .iter()
        .enumerate()
        .map(|(i, u)| ParagraphRow {
            document: &corpus.documents[u.doc].id,
            paragraph: u.index + 1,
            line: u.line,
            topic: clustering.labels[i],
            label: &topics[clustering.labels[i]].label,
            similarity: format!("{:.4}", clustering.similarity[i]),
            tokens: unit_tokens[i],
            text: &u.text,
        })
        .collect();
    output::write_paragraphs(&staged.path("paragraphs.csv"), &rows)?;
    output::write_matrix_market(&staged.path("tfidf.mtx"), &tfidf.matrix)?;
    output::write_vocab(&staged.path("vocab.tsv"), &tfidf.terms)?;
    timer.lap("write");

    let report_json = RunJson {
        paratopic: env!("CARGO_PKG_VERSION"),
        versions: versions(),
        config,
        counts: Counts {
            documents: corpus.documents.len(),
            units: corpus.units.len(),
            tokens: n_tokens,
            vocabulary: tfidf.terms.len(),
            nonzeros: tfidf.matrix.nnz(),
        },
        documents: corpus
            .documents
            .iter()
            .map(|d| DocJson {
                id: &d.id,
                path: d.path.display().to_string(),
                bytes: d.bytes,
                units: d.n_units,
            })
            .collect(),
        topics: &topics,
        clustering: ClusterJson {
            inertia: clustering.inertia,
            fitted_rows: clustering.fitted_rows,
            dims: clustering.embedding.ncols(),
        },
        warnings: &corpus.warnings,
        timings_s: timer.timings.iter().cloned().collect(),
    };
    output::write_json(&staged.path("run.json"), &report_json)?;
    let output_dir = staged.commit()?;
    Ok(RunReport {
        output_dir,
        documents: corpus.documents.len(),
        units: corpus.units.len(),
        tokens: n_tokens,
        vocabulary: tfidf.terms.len(),
        topics,
        timings: timer.timings,
        warnings: corpus.warnings,
    })
}
