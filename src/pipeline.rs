//! The whole run: corpus → text → vectorize → cluster → topics → charts and files.
//!
//! ```no_run
//! use paratopic::{config::Config, pipeline};
//!
//! let config = Config::load(Some("paratopic.toml".as_ref()), &["cluster.k=5".into()])?;
//! let report = pipeline::run(&config, &mut |event| match event {
//!     paratopic::notice::Event::Progress(line) => eprintln!("{line}"),
//!     paratopic::notice::Event::Notice(n) => eprintln!("{n}"),
//! })?;
//! println!("{} topics written to {}", report.topics.len(), report.output_dir.display());
//! # Ok::<(), paratopic::Error>(())
//! ```

use crate::cluster;
use crate::config::Config;
use crate::corpus;
use crate::error::{Error, Result};
use crate::eval::{self, Quality};
use crate::model::{self, TopicModel};
use crate::notice::{Event, Notice};
use crate::output::{self, ParagraphRow, ParagraphWriter, StagedDir};
use crate::plot::{self, ChartData};
use crate::report::{self, DocRow, Example, ReportData, TopicRow};
use crate::select::{self, Candidate, KScore};
use crate::text;
use crate::topics::guide;
use crate::topics::merge::MergeTable;
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
    /// Number of paragraph units.
    pub units: usize,
    /// Number of those with no topic (no words, or none the model knows).
    pub unassigned: usize,
    /// Number of kept tokens.
    pub tokens: usize,
    /// Vocabulary size (TF-IDF columns).
    pub vocabulary: usize,
    /// The topics.
    pub topics: Vec<Topic>,
    /// The quality metrics.
    pub quality: Quality,
    /// Seconds per stage, in order.
    pub timings: Vec<(&'static str, f64)>,
    /// Notes and warnings raised during the run (also reported through the callback).
    pub warnings: Vec<Notice>,
}

#[derive(Serialize)]
struct RunJson<'a> {
    paratopic: &'static str,
    /// The git revision of the build (with `output.provenance` and a build from a checkout).
    #[serde(skip_serializing_if = "Option::is_none")]
    revision: Option<&'static str>,
    versions: std::collections::BTreeMap<&'static str, &'static str>,
    config: &'a Config,
    counts: Counts,
    /// The detected languages and the analyzers used.
    languages: text::LanguageSummary,
    documents: Vec<DocJson<'a>>,
    topics: &'a [Topic],
    k: usize,
    quality: &'a Quality,
    #[serde(skip_serializing_if = "Option::is_none")]
    k_selection: Option<&'a [KScore]>,
    clustering: ClusterJson,
    /// The `"auto"` settings as resolved for this corpus (and the fixed ones as given).
    resolved: std::collections::BTreeMap<&'static str, usize>,
    warnings: &'a [Notice],
    /// Page clutter removed before segmentation.
    boilerplate: corpus::boilerplate::RemovedSummary,
    /// `apply`: the model the paragraphs were placed with.
    #[serde(skip_serializing_if = "Option::is_none")]
    model: Option<AppliedModel<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    timings_s: Option<std::collections::BTreeMap<&'static str, f64>>,
}

/// `run.json` of an `apply`: which model placed the paragraphs.
#[derive(Serialize)]
struct AppliedModel<'a> {
    /// Its training corpus's fingerprint.
    fingerprint: &'a str,
    /// The paratopic version that fitted it.
    paratopic: &'a str,
    /// Its folder (with `output.provenance`).
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<String>,
}

#[derive(Serialize)]
struct Counts {
    documents: usize,
    units: usize,
    /// Units with no topic (contracts §2).
    unassigned_units: usize,
    tokens: usize,
    vocabulary: usize,
    nonzeros: usize,
}

#[derive(Serialize)]
struct DocJson<'a> {
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<String>,
    bytes: u64,
    units: usize,
    /// The detected language (none for a document without text).
    #[serde(skip_serializing_if = "Option::is_none")]
    language: Option<&'static str>,
    /// Units of this document with no topic.
    unassigned_units: usize,
    /// `assigned` (in doc_topics.csv), `unassigned` (units, none assigned) or `no_text`.
    status: &'static str,
    /// `apply`: the share of its tokens whose word the model never saw (drift).
    #[serde(skip_serializing_if = "Option::is_none")]
    unknown_token_share: Option<f64>,
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
    /// Records `seconds` of the time since the last lap as `stage`; the rest goes to
    /// the next lap (for fused stages).
    fn lap_part(&mut self, stage: &'static str, seconds: f64) -> f64 {
        let s = seconds.min(self.start.elapsed().as_secs_f64());
        self.timings.push((stage, s));
        self.start += std::time::Duration::from_secs_f64(s);
        s
    }

    /// Records the time since the last lap as `stage`.
    fn lap(&mut self, stage: &'static str) -> f64 {
        let s = self.start.elapsed().as_secs_f64();
        self.timings.push((stage, s));
        self.start = Instant::now();
        s
    }
}

/// Hands memory that was freed back to the operating system, so the peak RSS of the
/// next stage does not stack on the previous stage's garbage: the text stage frees many
/// small per-chunk allocations, and LSA and clustering free their work matrices, which
/// glibc otherwise keeps in its arenas. A no-op
/// where the C library is not glibc.
pub fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free heap pages to the kernel.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Checks `output.dir` before any work, as every command that writes outputs must:
/// it is not, and does not contain, a path the run reads; it is a folder that can be
/// written; it is empty or holds only what paratopic wrote there. Returns the staging
/// folder the outputs are written into.
///
/// # Errors
/// [`Error::Config`] (exit 2) naming `output.dir` and what to do.
pub fn claim_output(config: &Config) -> Result<StagedDir> {
    output::check_outside_reads(&config.output.dir, &config.read_paths())?;
    StagedDir::create(&config.output.dir)
}

/// Runs every stage and writes every output, the fitted model in `model/` included;
/// `log` receives one progress line per stage and every note and warning (contracts §5:
/// this function prints nothing).
pub fn run(config: &Config, log: &mut dyn FnMut(Event)) -> Result<RunReport> {
    execute(config, None, log)
}

/// `paratopic apply`: reads the documents of `config.input` and places every paragraph in
/// the topics of a saved `model` (loaded from `model_dir`, which is never written)
/// without refitting; writes the same files as [`run`] except `model/`.
///
/// `config`'s `segment`, `preprocess`, `vectorize` and `cluster` sections must be the
/// model's (see [`TopicModel::settings`](crate::model::TopicModel)); the CLI puts them there.
pub fn apply(
    config: &Config,
    model_dir: &std::path::Path,
    model: &TopicModel,
    log: &mut dyn FnMut(Event),
) -> Result<RunReport> {
    execute(config, Some((model_dir, model)), log)
}

fn execute(
    config: &Config,
    model: Option<(&std::path::Path, &TopicModel)>,
    log: &mut dyn FnMut(Event),
) -> Result<RunReport> {
    config
        .validate()
        .map_err(|e| Error::Config(e.to_string()))?;
    let staged = match model {
        None => claim_output(config)?,
        Some((dir, _)) => {
            let mut reads = config.read_paths();
            reads.push(("--model", dir));
            output::check_outside_reads(&config.output.dir, &reads)?;
            StagedDir::create(&config.output.dir)?
        }
    };
    // metadata and [compare] are checked before any work: an unknown column is exit 2
    let comparing = crate::compare::prepare(config)?;
    let provenance = config.output.provenance;
    let mut timer = Timer {
        start: Instant::now(),
        timings: Vec::new(),
    };

    // corpus and text run fused: each batch of files is read, split and analyzed, then
    // its text is dropped; the two timings split the fused time between them
    let mut acc =
        text::TextAccumulator::new(&config.preprocess).map_err(|e| Error::Config(e.to_string()))?;
    // the text of PDF, DOCX, ODT and HTML files is kept in the staging folder until
    // paragraphs.csv is written, so no file is parsed twice
    let cache = corpus::ExtractCache::in_folder(staged.path(EXTRACTED));
    let mut corpus = corpus::stream_cached(
        &config.input,
        &config.segment,
        cache,
        model.map(|(_, m)| &m.settings.boilerplate),
        |texts, docs| {
            acc.add_documents(texts, Some(docs));
            Ok(())
        },
    )?;
    for w in &corpus.warnings {
        log(Event::Notice(w));
    }
    if corpus.units.is_empty() {
        return Err(Error::Data(format!(
            "no text found in {} input file(s) under input.paths = {:?}; add text files (.txt, .md, .pdf, .docx, .odt, .html)",
            corpus.documents.len(),
            config.input.paths
        )));
    }
    let t = timer.lap_part("corpus", corpus.read_seconds);
    log(Event::Progress(&format!(
        "corpus     {} documents, {} paragraph units ({t:.2}s)",
        corpus.documents.len(),
        corpus.units.len()
    )));

    let analyzed = acc.finish();
    release_freed_memory();
    let unit_tokens: Vec<usize> = analyzed.units().map(<[u32]>::len).collect();
    let n_tokens: usize = unit_tokens.iter().sum();
    for note in corpus.check_tokens(&unit_tokens)? {
        log(Event::Notice(&note));
    }
    if let Some(note) = analyzed.unmatched_stopwords_note() {
        log(Event::Notice(&note));
        corpus.warnings.push(note);
    }
    for w in analyzed.languages.notices(&config.preprocess) {
        log(Event::Notice(&w));
        corpus.warnings.push(w);
    }
    let languages = (analyzed.languages).summary(&config.preprocess, &analyzed.analyzers);
    let doc_languages = analyzed.languages.by_document(corpus.documents.len());
    let t = timer.lap("text");
    log(Event::Progress(&format!(
        "text       {n_tokens} tokens, {} distinct stems ({t:.2}s)",
        analyzed.lexicon.stems.len()
    )));

    let Placed {
        tfidf,
        embedding,
        k,
        clustering,
        topics,
        quality,
        selection,
        ngram_max,
        known_tokens,
    } = match model {
        None => fit_topics(config, analyzed, &mut timer, log)?,
        Some((_, m)) => place(m, config, analyzed, &mut timer, log)?,
    };
    if model.is_none() {
        for w in select::scale_warnings(k, tfidf.terms.len(), corpus.units.len()) {
            log(Event::Notice(&w));
            corpus.warnings.push(w);
        }
    }
    // a fit's model keeps the topics as fitted; merges and names are applied on top
    let mut fitted = model.is_none().then(|| {
        let ids: Vec<&str> = corpus.documents.iter().map(|d| d.id.as_str()).collect();
        let mut m = TopicModel::from_fit(config, &tfidf, &embedding, &clustering, &topics, &ids);
        m.settings.boilerplate = corpus.boilerplate.clone();
        m
    });
    let mut groups = model.map_or_else(Vec::new, |(_, m)| m.merge.clone());
    groups.extend(config.topics.merge.iter().cloned());
    let table =
        MergeTable::new(&groups, k).map_err(|e| Error::Config(format!("topics.merge {e}")))?;
    let (k, clustering, mut topics, mut quality) = if table.merges() {
        merge_topics(&table, &tfidf, &embedding, clustering, &topics, config)
    } else {
        (k, clustering, topics, quality)
    };
    name_topics(&mut topics, &config.topics)?;
    if let Some(m) = &mut fitted {
        m.merge = table.groups();
        for d in &mut m.topics {
            d.name = topics
                .iter()
                .find(|t| t.id == d.id)
                .and_then(|t| t.name.clone());
        }
    }

    let unit_doc: Vec<usize> = corpus.units.iter().map(|u| u.doc).collect();
    let weights = topics::doc_weights(
        &unit_doc,
        &unit_tokens,
        &clustering.labels,
        corpus.documents.len(),
        k,
    );
    let shares = topic_shares(&clustering.labels, &unit_tokens, k);
    let mut doc_assigned = vec![0usize; corpus.documents.len()];
    for (u, l) in corpus.units.iter().zip(&clustering.labels) {
        doc_assigned[u.doc] += usize::from(l.is_some());
    }
    let unassigned = corpus.units.len() - clustering.assigned();
    // documents without an assigned unit have no weights: they are left out of the
    // tables, the charts and the scores (contracts §2)
    let kept_docs: Vec<usize> = (0..corpus.documents.len())
        .filter(|&d| doc_assigned[d] > 0)
        .collect();
    let doc_names: Vec<&str> = kept_docs
        .iter()
        .map(|&d| corpus.documents[d].id.as_str())
        .collect();
    let kept_weights = weights.select(ndarray::Axis(0), &kept_docs);
    if let Some(path) = &config.eval.labels {
        let labels = eval::read_labels(path)?;
        let names: Vec<&str> = corpus.documents.iter().map(|d| d.id.as_str()).collect();
        if let Some(w) = eval::unknown_documents_warning(path, &labels, &names) {
            log(Event::Notice(&w));
            corpus.warnings.push(w);
        }
        quality.external = Some(eval::score_documents(&labels, &doc_names, &kept_weights).ok_or_else(|| {
            Error::Data(format!(
                "eval.labels {}: none of its {} documents matches a document id (file name without extension)",
                path.display(),
                labels.len()
            ))
        })?);
    }
    let t = timer.lap("topics");
    log(Event::Progress(&format!(
        "topics     {k} topics described ({t:.2}s)"
    )));
    log(Event::Progress(&format!(
        "quality    {}",
        quality.summary()
    )));

    let points = cluster::project_2d(&embedding.coords)?;
    let mut doc_tokens = vec![0usize; corpus.documents.len()];
    for (u, &n) in corpus.units.iter().zip(&unit_tokens) {
        doc_tokens[u.doc] += n;
    }
    // apply: per document, its tokens whose word the model never saw
    let doc_unknown: Option<Vec<usize>> = known_tokens.map(|known| {
        let mut unknown = vec![0usize; corpus.documents.len()];
        for ((u, &n), &k) in corpus.units.iter().zip(&unit_tokens).zip(&known) {
            unknown[u.doc] += n - k;
        }
        unknown
    });
    let chart_data = ChartData {
        documents: doc_names.iter().map(|s| s.to_string()).collect(),
        titles: kept_docs
            .iter()
            .map(|&d| corpus.documents[d].title.clone().unwrap_or_default())
            .collect(),
        weights: kept_weights.outer_iter().map(|r| r.to_vec()).collect(),
        doc_tokens: kept_docs.iter().map(|&d| doc_tokens[d]).collect(),
        labels: topics.iter().map(|t| t.display()).collect(),
        ids: topics.iter().map(|t| t.id).collect(),
        sizes: topics.iter().map(|t| t.size).collect(),
        shares: shares.clone(),
        terms: topics.iter().map(|t| t.terms.clone()).collect(),
        points: points
            .outer_iter()
            .zip(&embedding.rows)
            .map(|(p, &i)| {
                let l = clustering.labels[i].expect("fitted rows are assigned");
                (p[0], p[1], l)
            })
            .collect(),
        paragraphs: if embedding.rows.len() < embedding.n_rows {
            embedding.n_rows
        } else {
            0
        },
        max_documents: config.output.max_documents_per_chart,
        term_weight: topics::ranking_meaning(&config.topics.ranking).to_string(),
    };
    let mut charts = plot::write_all(&staged.path("charts"), &chart_data)?;
    if let Some(table) = &selection {
        let rows: Vec<plot::KRow> = table
            .iter()
            .map(|r| (r.k, r.silhouette, r.coherence, r.diversity, r.score))
            .collect();
        let chart = plot::k_selection(&rows, k)?;
        let path = staged.path("charts").join(chart.file);
        std::fs::write(&path, &chart.svg).map_err(|e| Error::write(&path, e))?;
        charts.push(chart);
    }
    let t = timer.lap("charts");
    log(Event::Progress(&format!(
        "charts     {} SVG charts ({t:.2}s)",
        charts.len()
    )));
    let compared = match &comparing {
        Some(prepared) => {
            let docs = crate::compare::doc_counts(
                &corpus.documents,
                &unit_doc,
                &unit_tokens,
                &clustering.labels,
                k,
            );
            let infos = crate::compare::topic_infos(&topics);
            let outcome = crate::compare::run(prepared, &docs, &infos, &staged.path(""))?;
            for n in &outcome.notices {
                log(Event::Notice(n));
            }
            corpus.warnings.extend(outcome.notices.iter().cloned());
            let t = timer.lap("compare");
            log(Event::Progress(&format!(
                "compare    {} tables and {} charts ({t:.2}s)",
                outcome.tables.len(),
                outcome.charts.len()
            )));
            // metadata alone (no [compare]) gives documents.csv, not a report section
            prepared.config.enabled().then_some(outcome.section)
        }
        None => None,
    };

    output::write_topics(&staged.path("topics.csv"), &topics, &shares)?;
    let ids: Vec<usize> = topics.iter().map(|t| t.id).collect();
    output::write_doc_topics(
        &staged.path("doc_topics.csv"),
        &doc_names,
        &ids,
        &kept_weights,
    )?;
    // paragraphs.csv and tfidf.mtx are written at the same time: each is formatted in
    // parallel, and the writes themselves (copying into the page cache) overlap
    let (example_texts, matrix) = rayon::join(
        || {
            write_paragraphs(
                &staged.path("paragraphs.csv"),
                config,
                &corpus,
                &clustering,
                &topics,
                &unit_tokens,
            )
        },
        || -> Result<()> {
            output::write_matrix_market(&staged.path("tfidf.mtx"), &tfidf.matrix)?;
            output::write_vocab(&staged.path("vocab.tsv"), &tfidf.terms)
        },
    );
    let example_texts = example_texts?;
    matrix?;
    // the last reference: the kept text leaves the staging folder (it is no output)
    corpus.cache = Default::default();
    if let Some(m) = &fitted {
        m.save(&staged.path(model::MODEL_DIR))?;
    }
    timer.lap("write");

    let report_data = ReportData {
        version: match provenance {
            true => crate::VERSION.to_string(),
            false => env!("CARGO_PKG_VERSION").to_string(),
        },
        inputs: report_inputs(config, &corpus.documents, &corpus.removed),
        counts: [
            ("documents", corpus.documents.len()),
            ("paragraph units", corpus.units.len()),
            ("tokens", n_tokens),
            ("vocabulary (terms)", tfidf.terms.len()),
            ("TF-IDF non-zeros", tfidf.matrix.nnz()),
            ("topics", k),
        ]
        .into_iter()
        .map(|(name, n)| (name.to_string(), n.to_string()))
        .collect(),
        metrics: quality_rows(&quality, k, selection.is_some())
            .into_iter()
            .chain([
                (
                    "k-means inertia".into(),
                    format!("{:.4}", clustering.inertia),
                ),
                ("LSA dimensions".into(), embedding.dims().to_string()),
                (
                    "paragraphs k-means was fitted on".into(),
                    clustering.fitted_rows.to_string(),
                ),
            ])
            .collect(),
        timings: match provenance {
            true => timer
                .timings
                .iter()
                .map(|(s, t)| (s.to_string(), *t))
                .collect(),
            false => Vec::new(),
        },
        warnings: corpus.warnings.iter().map(Notice::to_string).collect(),
        config_toml: config.to_toml(),
        charts,
        topics: topics
            .iter()
            .zip(&shares)
            .map(|(t, &share)| TopicRow {
                id: t.id,
                label: t.display(),
                size: t.size,
                share,
                terms: t.terms.clone(),
                examples: t
                    .representatives
                    .iter()
                    .map(|&i| Example {
                        document: corpus.documents[corpus.units[i].doc].id.clone(),
                        paragraph: corpus.units[i].index + 1,
                        text: example_texts.get(&i).cloned().unwrap_or_default(),
                    })
                    .collect(),
            })
            .collect(),
        documents: kept_docs
            .iter()
            .zip(&chart_data.weights)
            .map(|(&d, w)| DocRow {
                name: corpus.documents[d].id.clone(),
                title: corpus.documents[d].title.clone(),
                paragraphs: corpus.documents[d].n_units,
                weights: w.clone(),
            })
            .collect(),
        compare: compared,
    };
    report::write(&staged.path("report.html"), &report_data)?;
    timer.lap("report");

    let report_json = RunJson {
        paratopic: env!("CARGO_PKG_VERSION"),
        revision: (provenance && !crate::GIT_REVISION.is_empty()).then_some(crate::GIT_REVISION),
        versions: versions(),
        config,
        counts: Counts {
            documents: corpus.documents.len(),
            units: corpus.units.len(),
            unassigned_units: unassigned,
            tokens: n_tokens,
            vocabulary: tfidf.terms.len(),
            nonzeros: tfidf.matrix.nnz(),
        },
        languages,
        documents: corpus
            .documents
            .iter()
            .zip(&doc_assigned)
            .zip(&doc_languages)
            .enumerate()
            .map(|(di, ((d, &assigned), &language))| DocJson {
                id: &d.id,
                title: d.title.as_deref(),
                path: provenance.then(|| d.path.display().to_string()),
                bytes: d.bytes,
                units: d.n_units,
                language,
                unassigned_units: d.n_units - assigned,
                status: match (d.n_units, assigned) {
                    (0, _) => "no_text",
                    (_, 0) => "unassigned",
                    _ => "assigned",
                },
                unknown_token_share: doc_unknown.as_ref().and_then(|u| {
                    (doc_tokens[di] > 0).then(|| u[di] as f64 / doc_tokens[di] as f64)
                }),
            })
            .collect(),
        topics: &topics,
        k,
        quality: &quality,
        k_selection: selection.as_deref(),
        clustering: ClusterJson {
            inertia: clustering.inertia,
            fitted_rows: clustering.fitted_rows,
            dims: embedding.dims(),
        },
        resolved: [
            ("vectorize.ngram_max", ngram_max),
            (
                "cluster.refine_sweeps",
                config.cluster.refine_sweeps_for(corpus.units.len()),
            ),
        ]
        .into_iter()
        .collect(),
        warnings: &corpus.warnings,
        boilerplate: corpus.removed.summary(),
        model: model.map(|(dir, m)| AppliedModel {
            fingerprint: &m.provenance.fingerprint,
            paratopic: &m.provenance.paratopic,
            path: provenance.then(|| dir.display().to_string()),
        }),
        timings_s: provenance.then(|| timer.timings.iter().cloned().collect()),
    };
    output::write_json(&staged.path("run.json"), &report_json)?;
    let output_dir = staged.commit()?;
    Ok(RunReport {
        output_dir,
        documents: corpus.documents.len(),
        units: corpus.units.len(),
        unassigned,
        tokens: n_tokens,
        vocabulary: tfidf.terms.len(),
        topics,
        quality,
        timings: timer.timings,
        warnings: corpus.warnings,
    })
}

/// Everything placing the paragraphs produced: their TF-IDF rows, the LSA space, the
/// partition, the described topics and their quality; with a fit, the model to save.
struct Placed {
    tfidf: vectorize::Tfidf,
    embedding: cluster::Embedding,
    k: usize,
    clustering: cluster::Clustering,
    topics: Vec<Topic>,
    quality: Quality,
    selection: Option<Vec<KScore>>,
    ngram_max: usize,
    /// Per unit, its tokens the model knows (`apply`).
    known_tokens: Option<Vec<usize>>,
}

/// `run`: vectorize → LSA → cluster → topics, and the model that reproduces them.
fn fit_topics(
    config: &Config,
    analyzed: text::AnalyzedCorpus,
    timer: &mut Timer,
    log: &mut dyn FnMut(Event),
) -> Result<Placed> {
    let tfidf = vectorize::vectorize(&analyzed, &config.vectorize)?;
    drop(analyzed);
    release_freed_memory();
    let t = timer.lap("vectorize");
    log(Event::Progress(&format!(
        "vectorize  {} × {} TF-IDF matrix, {} non-zeros{} ({t:.2}s)",
        tfidf.matrix.rows(),
        tfidf.matrix.cols(),
        tfidf.matrix.nnz(),
        if tfidf.ngram_max > 1 {
            ", stems and stem pairs"
        } else {
            ""
        }
    )));
    let ngram_max = tfidf.ngram_max;

    let mut embedding = cluster::embed(&tfidf.matrix, &config.cluster)?;
    embedding.guide =
        guide::from_seed_words(&config.topics, &config.preprocess, &tfidf, &embedding, log)?;
    release_freed_memory();
    let t = timer.lap("lsa");
    log(Event::Progress(&format!(
        "lsa        {} dimensions fitted on {} of {} paragraph units ({t:.2}s)",
        embedding.dims(),
        embedding.rows.len(),
        embedding.n_rows
    )));
    let (chosen, selection, warnings) = select::choose_model(
        &embedding,
        &tfidf,
        &config.cluster,
        &config.topics,
        &config.eval,
    )?;
    for w in &warnings {
        log(Event::Notice(w));
    }
    let Candidate {
        k,
        clustering,
        topics,
        quality,
    } = chosen;
    release_freed_memory();
    let t = timer.lap("cluster");
    log(Event::Progress(&format!(
        "cluster    k = {k}{} on {} LSA dimensions, inertia {:.4} ({t:.2}s)",
        if selection.is_some() { " (auto)" } else { "" },
        embedding.dims(),
        clustering.inertia
    )));

    Ok(Placed {
        tfidf,
        embedding,
        k,
        clustering,
        topics,
        quality,
        selection,
        ngram_max,
        known_tokens: None,
    })
}

/// Merges topics by `table` without refitting: each paragraph keeps its original topic's
/// group; the merged topics' sizes, terms and centroids (the normalised sum of the
/// group's) are recomputed, as is the quality. Returns the new k, partition, topics
/// (ids of the survivors) and quality.
fn merge_topics(
    table: &MergeTable,
    tfidf: &vectorize::Tfidf,
    embedding: &cluster::Embedding,
    mut clustering: cluster::Clustering,
    topics: &[Topic],
    config: &Config,
) -> (usize, cluster::Clustering, Vec<Topic>, Quality) {
    let k = table.survivors.len();
    for l in clustering.labels.iter_mut().flatten() {
        *l = table.position(*l);
    }
    let mut centroids = ndarray::Array2::<f64>::zeros((k, clustering.centroids.ncols()));
    for (t, c) in clustering.centroids.rows().into_iter().enumerate() {
        let mut row = centroids.row_mut(table.position(t));
        row += &c;
    }
    cluster::normalize_rows(&mut centroids);
    clustering.centroids = centroids;
    clustering.guided = table
        .survivors
        .iter()
        .map(|&s| clustering.guided.get(s).copied().flatten())
        .collect();
    clustering.inertia = cluster::inertia(embedding, &clustering);
    let described = topics::describe(
        tfidf,
        &clustering.labels,
        &clustering.similarity,
        k,
        &config.topics,
    );
    let merged: Vec<Topic> = described
        .into_iter()
        .zip(&table.survivors)
        .map(|(mut t, &id)| {
            let alone = table.target.iter().filter(|&&g| g == id).count() == 1;
            if alone {
                t = Topic {
                    size: t.size,
                    representatives: t.representatives,
                    ..topics[id].clone()
                };
            }
            t.id = id;
            t.name = topics[id].name.clone();
            t
        })
        .collect();
    let quality = select::measure(
        embedding,
        tfidf,
        &clustering,
        &merged,
        k,
        &config.eval,
        config.cluster.seed,
    );
    (k, clustering, merged, quality)
}

/// Gives the topics their `[topics.names]` (over a model's own names).
///
/// # Errors
/// [`Error::Config`] (exit 2) for a name of a topic id that does not exist.
fn name_topics(topics: &mut [Topic], config: &topics::TopicsConfig) -> Result<()> {
    let names = config
        .topic_names()
        .map_err(|e| Error::Config(e.to_string()))?;
    for (id, name) in names {
        let Some(t) = topics.iter_mut().find(|t| t.id == id) else {
            let ids: Vec<String> = topics.iter().map(|t| t.id.to_string()).collect();
            return Err(Error::Config(format!(
                "topics.names: names topic {id}, which does not exist (or was merged away); the topics are {}; use the ids of the topic column of topics.csv",
                ids.join(", ")
            )));
        };
        t.name = Some(name);
    }
    Ok(())
}

/// `apply`: the saved model's vocabulary and rule place the paragraphs; nothing is
/// refitted. The LSA coordinates of up to `cluster.sample_size` assigned rows (in
/// fitting order) feed the paragraph map and the silhouette.
fn place(
    model: &TopicModel,
    config: &Config,
    analyzed: text::AnalyzedCorpus,
    timer: &mut Timer,
    log: &mut dyn FnMut(Event),
) -> Result<Placed> {
    let known_tokens = model.vocabulary.known_tokens(&analyzed);
    let tfidf = model.transform(&analyzed);
    drop(analyzed);
    let t = timer.lap("vectorize");
    log(Event::Progress(&format!(
        "vectorize  {} × {} TF-IDF matrix in the model's vocabulary, {} non-zeros ({t:.2}s)",
        tfidf.matrix.rows(),
        tfidf.matrix.cols(),
        tfidf.matrix.nnz(),
    )));
    let placed = model.predict(&tfidf);
    let labels: Vec<Option<usize>> = placed.iter().map(|a| a.topic).collect();
    let order: Vec<usize> = cluster::fitting_order(&tfidf.matrix, config.cluster.seed)
        .into_iter()
        .filter(|&i| labels[i].is_some())
        .collect();
    let rows = order[..order.len().min(config.cluster.sample_size)].to_vec();
    let embedding = cluster::Embedding {
        coords: model.embed(&tfidf, &rows),
        rows,
        order,
        basis: model.basis.clone(),
        columns: Some(model.basis_columns.iter().map(|&j| j as usize).collect()),
        n_rows: tfidf.matrix.rows(),
        n_terms: tfidf.matrix.cols(),
        guide: None,
    };
    let mut clustering = cluster::Clustering {
        labels,
        centroids: model.centroids.clone(),
        similarity: placed.iter().map(|a| a.similarity).collect(),
        inertia: 0.0,
        fitted_rows: 0,
        rule: model.rule.clone(),
        guided: vec![None; model.k()],
    };
    clustering.inertia = cluster::inertia(&embedding, &clustering);
    let k = model.k();
    let topics = model.describe(
        &clustering.labels,
        &clustering.similarity,
        config.topics.representatives,
    );
    let quality = select::measure(
        &embedding,
        &tfidf,
        &clustering,
        &topics,
        k,
        &config.eval,
        config.cluster.seed,
    );
    let t = timer.lap("cluster");
    log(Event::Progress(&format!(
        "predict    {} of {} paragraph units placed in the model's {k} topics ({t:.2}s)",
        clustering.assigned(),
        tfidf.matrix.rows()
    )));
    Ok(Placed {
        ngram_max: model.vocabulary.ngram_max,
        tfidf,
        embedding,
        k,
        clustering,
        topics,
        quality,
        selection: None,
        known_tokens: Some(known_tokens),
    })
}

/// `paragraphs.csv`, streamed: the unit texts are read again, document by document;
/// the representative examples' texts are kept for the report on the way (returned by
/// unit).
fn write_paragraphs(
    path: &std::path::Path,
    config: &Config,
    corpus: &corpus::StreamedCorpus,
    clustering: &cluster::Clustering,
    topics: &[Topic],
    unit_tokens: &[usize],
) -> Result<std::collections::HashMap<usize, String>> {
    let mut wanted: Vec<usize> = topics
        .iter()
        .flat_map(|t| t.representatives.iter().copied())
        .collect();
    wanted.sort_unstable();
    let mut example_texts: std::collections::HashMap<usize, String> = Default::default();
    let mut paragraphs = ParagraphWriter::create(path)?;
    // (unit, text) of the rows not written yet
    let mut pending: Vec<(usize, String)> = Vec::new();
    let named = topics.iter().any(|t| t.name.is_some());
    let mut flush = |pending: &mut Vec<(usize, String)>| -> Result<()> {
        let rows: Vec<ParagraphRow> = pending
            .iter()
            .map(|(i, text)| {
                let (i, u) = (*i, corpus.units[*i]);
                let (topic, label, similarity, status) = match clustering.labels[i] {
                    Some(l) => (
                        topics[l].id as i64,
                        topics[l].label.as_str(),
                        format!("{:.4}", clustering.similarity[i]),
                        "assigned",
                    ),
                    None if unit_tokens[i] == 0 => (-1, UNASSIGNED, String::new(), "no_words"),
                    None => (-1, UNASSIGNED, String::new(), "unknown_words"),
                };
                ParagraphRow {
                    document: &corpus.documents[u.doc].id,
                    paragraph: u.index + 1,
                    line: u.line,
                    page: u.page,
                    topic,
                    label,
                    similarity,
                    tokens: unit_tokens[i],
                    text,
                    status,
                    name: named.then(|| {
                        clustering.labels[i]
                            .and_then(|l| topics[l].name.as_deref())
                            .unwrap_or("")
                    }),
                }
            })
            .collect();
        paragraphs.write(&rows)?;
        pending.clear();
        Ok(())
    };
    let mut i = 0;
    corpus::reread(
        corpus,
        config.input.decoding(),
        &config.segment,
        |_, blocks| {
            for block in blocks {
                if wanted.binary_search(&i).is_ok() {
                    example_texts.insert(i, block.text.clone());
                }
                pending.push((i, block.text));
                i += 1;
            }
            if pending.len() >= 1 << 16 {
                flush(&mut pending)?;
            }
            Ok(())
        },
    )?;
    flush(&mut pending)?;
    paragraphs.finish()?;
    Ok(example_texts)
}

/// The folder, inside the staging folder, holding the text extracted from structured
/// files during the run (removed before the outputs are committed).
const EXTRACTED: &str = "extracted-text";

/// The label of an unassigned unit in `paragraphs.csv`.
const UNASSIGNED: &str = "(unassigned)";

/// Each topic's share of the tokens in assigned units.
fn topic_shares(labels: &[Option<usize>], unit_tokens: &[usize], k: usize) -> Vec<f64> {
    let mut tokens = vec![0usize; k];
    for (l, &n) in labels.iter().zip(unit_tokens) {
        if let Some(l) = *l {
            tokens[l] += n;
        }
    }
    let total = tokens.iter().sum::<usize>().max(1) as f64;
    tokens.iter().map(|&n| n as f64 / total).collect()
}

/// The report's "Inputs" rows: where documents came from, and which had no text.
fn report_inputs(
    config: &Config,
    documents: &[corpus::Document],
    removed: &corpus::Removed,
) -> Vec<(String, String)> {
    let list = |v: Vec<String>| v.join(", ");
    let empty: Vec<String> = documents
        .iter()
        .filter(|d| d.n_units == 0)
        .map(|d| d.id.clone())
        .collect();
    let mut rows = vec![
        (
            "input.paths".to_string(),
            list(
                config
                    .input
                    .paths
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect(),
            ),
        ),
        (
            "input.extensions".to_string(),
            list(config.input.extensions.clone()),
        ),
        ("files read".to_string(), documents.len().to_string()),
        (
            "bytes read".to_string(),
            documents.iter().map(|d| d.bytes).sum::<u64>().to_string(),
        ),
    ];
    if !empty.is_empty() {
        rows.push((format!("files without text ({})", empty.len()), list(empty)));
    }
    if let Some(row) = removed.report_row() {
        rows.push(row);
    }
    rows
}

/// The quality figures as report rows.
fn quality_rows(q: &Quality, k: usize, auto: bool) -> Vec<(String, String)> {
    let mut rows = vec![
        (
            "topics (k)".to_string(),
            if auto {
                format!("{k} (chosen by the k-selection criterion)")
            } else {
                k.to_string()
            },
        ),
        ("silhouette (cosine)".into(), format!("{:.3}", q.silhouette)),
        (
            "coherence (mean NPMI of top terms)".into(),
            format!("{:.3}", q.coherence),
        ),
        (
            "diversity (unique top terms)".into(),
            format!("{:.3}", q.diversity),
        ),
    ];
    if let Some(e) = &q.external {
        rows.push(("NMI against eval.labels".into(), format!("{:.3}", e.nmi)));
        rows.push(("ARI against eval.labels".into(), format!("{:.3}", e.ari)));
        rows.push((
            "purity against eval.labels".into(),
            format!("{:.3}", e.purity),
        ));
        rows.push(("labelled documents".into(), e.documents.to_string()));
    }
    rows
}
