//! `paratopic tune`: try every combination of the `[tune]` lists and rank them.
//!
//! ```toml
//! [tune]
//! vectorize.min_df = [1, 2, 5]
//! vectorize.ngram_max = [1, 2]
//! cluster.k = [5, 6, 8]
//! ```
//!
//! Combinations run one after another, earlier stages varying slowest, and work that a
//! setting does not change is reused: the corpus and tokens across vectorize and cluster
//! settings, the TF-IDF matrix across cluster settings, the LSA space across `k`. Each
//! combination is scored like a run (silhouette, coherence, diversity and, with
//! `eval.labels`, NMI/ARI/purity); rows are ranked by NMI when labels are given, else by
//! the k-selection criterion computed over all rows. Results: `tune.csv` and
//! `charts/tune.svg` in `output.dir`, which must be empty or hold only what paratopic
//! wrote there (the two files are added to its output marker; the others stay).

use crate::cluster;
use crate::config::Config;
use crate::corpus::{self, Corpus};
use crate::error::{Error, Result};
use crate::eval::{self, Quality};
use crate::notice::Event;
use crate::plot;
use crate::select;
use crate::text::{self, AnalyzedCorpus};
use crate::topics;
use crate::vectorize::{self, Tfidf};
use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Instant;

/// Stage order: a key's stage decides how much work a change of it invalidates.
const STAGES: [&str; 5] = ["segment", "preprocess", "vectorize", "cluster", "topics"];

/// One tried setting and its scores.
#[derive(Debug, Clone)]
pub struct TuneRow {
    /// The tuned keys and their values, in `[tune]` key order.
    pub settings: Vec<(String, toml::Value)>,
    /// Number of topics (chosen, with `k = "auto"`).
    pub k: usize,
    /// Its quality.
    pub quality: Quality,
    /// The k-selection criterion over all rows.
    pub score: f64,
    /// Seconds this combination took (work reused from earlier ones excluded).
    pub seconds: f64,
}

/// What `tune` wrote.
#[derive(Debug, Clone)]
pub struct TuneReport {
    /// Rows, best first.
    pub rows: Vec<TuneRow>,
    /// `tune.csv`.
    pub csv: PathBuf,
    /// `charts/tune.svg`.
    pub chart: PathBuf,
}

/// The `[tune]` lists as (dotted key, values), earliest stage first.
pub fn grid(config: &Config) -> Result<Vec<(String, Vec<toml::Value>)>> {
    let mut out = Vec::new();
    flatten(&config.tune, "", &mut out)?;
    if out.is_empty() {
        return Err(Error::Config(
            "the config has no [tune] table; add one with lists of values to try, e.g.\n\n[tune]\nvectorize.min_df = [1, 2, 5]\ncluster.k = [5, 6, 8]".into(),
        ));
    }
    let stage = |k: &str| {
        STAGES
            .iter()
            .position(|s| k.starts_with(s))
            .unwrap_or(STAGES.len())
    };
    out.sort_by_key(|(k, _)| stage(k));
    Ok(out)
}

fn flatten(t: &toml::Table, prefix: &str, out: &mut Vec<(String, Vec<toml::Value>)>) -> Result<()> {
    for (k, v) in t {
        let key = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        match v {
            toml::Value::Table(inner) => flatten(inner, &key, out)?,
            toml::Value::Array(values) if !values.is_empty() => out.push((key, values.clone())),
            toml::Value::Array(_) => {
                return Err(Error::Config(format!(
                    "tune.{key}: is an empty list; list the values to try, e.g. {key} = [1, 2]"
                )))
            }
            // a single value is a list of one
            one => out.push((key, vec![one.clone()])),
        }
    }
    Ok(())
}

/// Every combination, the last key varying fastest.
fn combinations(grid: &[(String, Vec<toml::Value>)]) -> Vec<Vec<(String, toml::Value)>> {
    let mut combos: Vec<Vec<(String, toml::Value)>> = vec![Vec::new()];
    for (key, values) in grid {
        combos = combos
            .into_iter()
            .flat_map(|c| {
                values.iter().map(move |v| {
                    let mut c = c.clone();
                    c.push((key.clone(), v.clone()));
                    c
                })
            })
            .collect();
    }
    combos
}

fn cache_key<T: serde::Serialize>(parts: &T) -> String {
    serde_json::to_string(parts).expect("config serialises")
}

/// Runs every combination and writes `tune.csv` and `charts/tune.svg`.
pub fn run(config: &Config, log: &mut dyn FnMut(Event)) -> Result<TuneReport> {
    let grid = grid(config)?;
    crate::output::check_outside_reads(&config.output.dir, &config.read_paths())?;
    crate::output::check_target(&config.output.dir)?;
    let combos = combinations(&grid);
    let configs: Vec<Config> = combos
        .iter()
        .map(|c| config.with_settings(c))
        .collect::<Result<_>>()?;
    let labels = match &config.eval.labels {
        Some(p) => Some(eval::read_labels(p)?),
        None => None,
    };
    log(Event::Progress(&format!(
        "tune       {} combinations of {} keys",
        combos.len(),
        grid.len()
    )));

    let mut corpus_cache: Option<(String, Corpus)> = None;
    let mut text_cache: Option<(String, AnalyzedCorpus)> = None;
    let mut tfidf_cache: Option<(String, Tfidf)> = None;
    let mut lsa_cache: Option<(String, cluster::Embedding)> = None;
    let mut rows = Vec::new();
    for (i, (settings, cfg)) in combos.into_iter().zip(&configs).enumerate() {
        let start = Instant::now();
        let ck = cache_key(&(&cfg.input, &cfg.segment));
        if corpus_cache.as_ref().map(|c| &c.0) != Some(&ck) {
            let c = corpus::load(&cfg.input, &cfg.segment)?;
            if c.units.is_empty() {
                return Err(Error::Data(
                    "no text found in the input; tune needs paragraphs".into(),
                ));
            }
            if let (0, Some(path), Some(labels)) = (i, &config.eval.labels, &labels) {
                let names: Vec<&str> = c.documents.iter().map(|d| d.id.as_str()).collect();
                log_some(log, eval::unknown_documents_warning(path, labels, &names));
            }
            corpus_cache = Some((ck.clone(), c));
            text_cache = None;
        }
        let corpus = &corpus_cache.as_ref().expect("set above").1;
        let tk = cache_key(&(&ck, &cfg.preprocess));
        if text_cache.as_ref().map(|c| &c.0) != Some(&tk) {
            let texts: Vec<&str> = corpus.units.iter().map(|u| u.text.as_str()).collect();
            let docs: Vec<usize> = corpus.units.iter().map(|u| u.doc).collect();
            let a = text::analyze_documents(&texts, &docs, &cfg.preprocess)
                .map_err(|e| Error::Config(e.to_string()))?;
            log_some(log, a.unmatched_stopwords_note());
            text_cache = Some((tk.clone(), a));
            tfidf_cache = None;
        }
        let analyzed = &text_cache.as_ref().expect("set above").1;
        let vk = cache_key(&(&tk, &cfg.vectorize));
        if tfidf_cache.as_ref().map(|c| &c.0) != Some(&vk) {
            tfidf_cache = Some((vk.clone(), vectorize::vectorize(analyzed, &cfg.vectorize)?));
            lsa_cache = None;
        }
        let tfidf = &tfidf_cache.as_ref().expect("set above").1;
        let lk = cache_key(&(
            &vk,
            cfg.cluster.dims,
            cfg.cluster.seed,
            cfg.cluster.sample_size,
            &cfg.cluster.k,
            cfg.cluster.k_range,
        ));
        if lsa_cache.as_ref().map(|c| &c.0) != Some(&lk) {
            lsa_cache = Some((lk, cluster::embed(&tfidf.matrix, &cfg.cluster)?));
        }
        let embedding = &mut lsa_cache.as_mut().expect("set above").1;
        embedding.guide =
            topics::guide::from_seed_words(&cfg.topics, &cfg.preprocess, tfidf, embedding, log)?;
        let embedding = &*embedding;
        let (candidate, _, warnings) =
            select::choose_model(embedding, tfidf, &cfg.cluster, &cfg.topics, &cfg.eval)?;
        for w in &warnings {
            log(Event::Notice(w));
        }
        let mut quality = candidate.quality;
        if let Some(labels) = &labels {
            let unit_doc: Vec<usize> = corpus.units.iter().map(|u| u.doc).collect();
            let unit_tokens: Vec<usize> = analyzed.units().map(<[u32]>::len).collect();
            let weights = topics::doc_weights(
                &unit_doc,
                &unit_tokens,
                &candidate.clustering.labels,
                corpus.documents.len(),
                candidate.k,
            );
            let names: Vec<&str> = corpus.documents.iter().map(|d| d.id.as_str()).collect();
            quality.external = eval::score_documents(labels, &names, &weights);
        }
        let seconds = start.elapsed().as_secs_f64();
        log(Event::Progress(&format!(
            "[{}/{}] {} → k = {}, {} ({seconds:.2}s)",
            i + 1,
            configs.len(),
            describe(&settings),
            candidate.k,
            quality.summary()
        )));
        rows.push(TuneRow {
            settings,
            k: candidate.k,
            quality,
            score: 0.0,
            seconds,
        });
    }
    let metrics: Vec<(f64, f64, f64)> = rows
        .iter()
        .map(|r| {
            (
                r.quality.silhouette,
                r.quality.coherence,
                r.quality.diversity,
            )
        })
        .collect();
    for (r, s) in rows.iter_mut().zip(select::criterion(&metrics)) {
        r.score = s;
    }
    let by_nmi = labels.is_some();
    let key = |r: &TuneRow| match (&r.quality.external, by_nmi) {
        (Some(e), true) => e.nmi,
        _ => r.score,
    };
    rows.sort_by(|a, b| key(b).total_cmp(&key(a)));

    let dir = &config.output.dir;
    std::fs::create_dir_all(dir.join("charts")).map_err(|e| Error::write(dir, e))?;
    let csv = dir.join("tune.csv");
    write_csv(&csv, &grid, &rows, by_nmi)?;
    let chart = dir.join("charts").join("tune.svg");
    let bars: Vec<(String, f64)> = rows
        .iter()
        .map(|r| (describe(&r.settings), key(r)))
        .collect();
    let tmp = dir.join("charts").join(".tune.svg.partial");
    let metric = if by_nmi {
        "NMI against eval.labels"
    } else {
        "k-selection criterion"
    };
    let drawn = plot::tune_chart(&bars, metric)?;
    std::fs::write(&tmp, &drawn.svg).map_err(|e| Error::write(&tmp, e))?;
    std::fs::rename(&tmp, &chart).map_err(|e| Error::write(&chart, e))?;
    add_to_marker(dir, &["tune.csv", "charts/tune.svg"])?;
    Ok(TuneReport { rows, csv, chart })
}

/// Lists `files` in `dir`'s output marker beside what it listed before.
fn add_to_marker(dir: &std::path::Path, files: &[&str]) -> Result<()> {
    let mut listed = crate::output::read_marker(dir).unwrap_or_default();
    listed.extend(files.iter().map(|f| f.to_string()));
    crate::output::write_marker(dir, &listed).map_err(|e| Error::write(dir, e))
}

/// Logs `notice`, if there is one.
fn log_some(log: &mut dyn FnMut(Event), notice: Option<crate::notice::Notice>) {
    if let Some(n) = notice {
        log(Event::Notice(&n));
    }
}

/// `key=value, key=value` for messages and chart labels.
pub fn describe(settings: &[(String, toml::Value)]) -> String {
    settings
        .iter()
        .map(|(k, v)| format!("{}={v}", k.rsplit('.').next().unwrap_or(k)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn write_csv(
    path: &std::path::Path,
    grid: &[(String, Vec<toml::Value>)],
    rows: &[TuneRow],
    labels: bool,
) -> Result<()> {
    let tmp = path.with_extension("csv.partial");
    let err = |e: csv::Error| Error::write(path, std::io::Error::other(e));
    let mut w = csv::Writer::from_path(&tmp).map_err(err)?;
    let mut header: Vec<String> = vec!["rank".into()];
    header.extend(grid.iter().map(|(k, _)| k.clone()));
    header.extend(["k", "silhouette", "coherence", "diversity", "score"].map(String::from));
    if labels {
        header.extend(["nmi", "ari", "purity"].map(String::from));
    }
    header.push("seconds".into());
    w.write_record(&header).map_err(err)?;
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (i, (k, _)) in grid.iter().enumerate() {
        index.insert(k, i);
    }
    for (rank, r) in rows.iter().enumerate() {
        let mut rec = vec![(rank + 1).to_string()];
        let mut vals = vec![String::new(); grid.len()];
        for (k, v) in &r.settings {
            vals[index[k.as_str()]] = v.to_string();
        }
        rec.extend(vals);
        let q = &r.quality;
        rec.extend([
            r.k.to_string(),
            format!("{:.4}", q.silhouette),
            format!("{:.4}", q.coherence),
            format!("{:.4}", q.diversity),
            format!("{:.4}", r.score),
        ]);
        if labels {
            match &q.external {
                Some(e) => rec.extend([
                    format!("{:.4}", e.nmi),
                    format!("{:.4}", e.ari),
                    format!("{:.4}", e.purity),
                ]),
                None => rec.extend([String::new(), String::new(), String::new()]),
            }
        }
        rec.push(format!("{:.2}", r.seconds));
        w.write_record(&rec).map_err(err)?;
    }
    w.flush().map_err(|e| Error::write(path, e))?;
    drop(w);
    std::fs::rename(&tmp, path).map_err(|e| Error::write(path, e))
}
