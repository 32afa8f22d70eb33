//! Choosing the number of topics: fit a model for every k in `cluster.k_range` (in
//! parallel), measure each, and pick k by a criterion that balances them.
//!
//! **Criterion.** For each k: silhouette (are the topics separated in the clustered
//! space?), coherence (do each topic's top words occur together in the paragraphs?) and
//! diversity (do topics use different words, or is a topic split in near-copies?). Each
//! metric is rescaled to 0–1 over the k tried (min → 0, max → 1; a constant metric
//! counts 1), and the score is their mean. The smallest k whose score is within
//! [`TOLERANCE`] of the best wins: parsimony, as in the one-standard-error rule, since
//! near-equal scores do not justify more topics. Too small a k merges distinct themes (silhouette and coherence fall);
//! too large a k splits themes into near-copies (diversity and silhouette fall), so
//! the score peaks where the corpus's themes are separated and distinct.
//!
//! ```
//! use paratopic::select::{choose, criterion};
//! // (silhouette, coherence, diversity) for k = 2, 3, 4
//! let m = [(0.10, 0.20, 1.0), (0.30, 0.35, 0.95), (0.20, 0.30, 0.80)];
//! let scores = criterion(&m);
//! assert_eq!(choose(&scores), 1); // k = 3
//! ```

use crate::cluster::{self, ClusterConfig, Clustering, Embedding};
use crate::error::Result;
use crate::eval::{self, EvalConfig, Quality};
use crate::topics::{self, Topic, TopicsConfig};
use crate::vectorize::Tfidf;
use rayon::prelude::*;
use serde::Serialize;

/// A fitted model for one k, with its label-free quality.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// Number of topics.
    pub k: usize,
    /// The partition.
    pub clustering: Clustering,
    /// The described topics.
    pub topics: Vec<Topic>,
    /// Silhouette, coherence and diversity (no external scores).
    pub quality: Quality,
}

/// One row of the k-selection table.
#[derive(Debug, Clone, Serialize)]
pub struct KScore {
    /// Number of topics.
    pub k: usize,
    /// Cosine silhouette.
    pub silhouette: f64,
    /// Mean NPMI of the top terms.
    pub coherence: f64,
    /// Share of unique top terms.
    pub diversity: f64,
    /// The criterion: mean of the three, each rescaled 0–1 over the k tried.
    pub score: f64,
}

/// Fits and measures a model with `k` topics on the clustered representation.
pub fn fit(
    embedding: &Embedding,
    tfidf: &Tfidf,
    k: usize,
    cluster_cfg: &ClusterConfig,
    topics_cfg: &TopicsConfig,
    eval_cfg: &EvalConfig,
) -> Result<Candidate> {
    let mut clustering =
        cluster::partition(embedding, &tfidf.matrix, &tfidf.counts(), k, cluster_cfg)?;
    let mut topics = topics::describe(
        tfidf,
        &clustering.labels,
        &clustering.similarity,
        k,
        topics_cfg,
    );
    order_ties_by_label(&mut clustering, &mut topics);
    let quality = measure(
        embedding,
        tfidf,
        &clustering,
        &topics,
        k,
        eval_cfg,
        cluster_cfg.seed,
    );
    Ok(Candidate {
        k,
        clustering,
        topics,
        quality,
    })
}

/// Topic ids (contracts §3): 0 is the largest topic; topics of equal size are ordered
/// by their label string (the smaller first), so ids depend on content alone.
fn order_ties_by_label(clustering: &mut Clustering, topics: &mut Vec<Topic>) {
    let mut order: Vec<usize> = (0..topics.len()).collect();
    order.sort_by(|&a, &b| {
        let (ta, tb) = (&topics[a], &topics[b]);
        tb.size
            .cmp(&ta.size)
            .then_with(|| ta.label.cmp(&tb.label))
            .then(a.cmp(&b))
    });
    if order.iter().enumerate().all(|(i, &o)| i == o) {
        return;
    }
    clustering.renumber(&order);
    let mut old: Vec<Option<Topic>> = std::mem::take(topics).into_iter().map(Some).collect();
    *topics = order
        .iter()
        .enumerate()
        .map(|(id, &o)| {
            let mut t = old[o].take().expect("a permutation");
            t.id = id;
            t
        })
        .collect();
}

/// Silhouette, coherence and diversity of a fitted model.
pub fn measure(
    embedding: &Embedding,
    tfidf: &Tfidf,
    clustering: &Clustering,
    topics: &[Topic],
    k: usize,
    eval_cfg: &EvalConfig,
    seed: u64,
) -> Quality {
    let columns: Vec<Vec<usize>> = topics.iter().map(|t| t.columns.clone()).collect();
    let topic_coherence = eval::npmi_coherence(&tfidf.counts(), &columns);
    let coherence = topic_coherence.iter().sum::<f64>() / topic_coherence.len().max(1) as f64;
    let sample_labels: Vec<usize> = embedding
        .rows
        .iter()
        .map(|&i| clustering.labels[i].expect("fitted rows are assigned"))
        .collect();
    Quality {
        silhouette: eval::silhouette(
            &embedding.coords,
            &sample_labels,
            k,
            eval_cfg.silhouette_sample,
            seed,
        ),
        coherence,
        topic_coherence,
        diversity: eval::diversity(&columns),
        external: None,
    }
}

/// Fits every k in `ks`, in parallel; results in the order of `ks`.
pub fn sweep(
    embedding: &Embedding,
    tfidf: &Tfidf,
    ks: &[usize],
    cluster_cfg: &ClusterConfig,
    topics_cfg: &TopicsConfig,
    eval_cfg: &EvalConfig,
) -> Result<Vec<Candidate>> {
    ks.par_iter()
        .map(|&k| fit(embedding, tfidf, k, cluster_cfg, topics_cfg, eval_cfg))
        .collect()
}

/// `cluster.k = "auto"`: fits every k of `cluster.k_range` (up to the number of rows) and
/// returns the chosen model with the k-selection table.
pub fn auto(
    embedding: &Embedding,
    tfidf: &Tfidf,
    cluster_cfg: &ClusterConfig,
    topics_cfg: &TopicsConfig,
    eval_cfg: &EvalConfig,
) -> Result<(Candidate, Vec<KScore>)> {
    let [lo, hi] = cluster_cfg.k_range;
    // with guided topics, only k ≥ their number is tried
    let lo = lo.max(embedding.guide.as_ref().map_or(0, |g| g.names.len()));
    let ks: Vec<usize> = (lo..=hi.min(tfidf.matrix.rows())).collect();
    if ks.is_empty() {
        return Err(crate::Error::Config(format!(
            "cluster.k_range: no k between {lo} and {} to try (topics.seed_words guides {} topics); widen cluster.k_range",
            hi.min(tfidf.matrix.rows()),
            lo
        )));
    }
    let candidates = sweep(embedding, tfidf, &ks, cluster_cfg, topics_cfg, eval_cfg)?;
    let table = table(&candidates);
    let best = choose(&table.iter().map(|r| r.score).collect::<Vec<_>>());
    let chosen = candidates.into_iter().nth(best).expect("index in range");
    Ok((chosen, table))
}

/// The model for `cluster.k`: [`fit`] for a fixed k, [`auto`] (with its k-selection
/// table) for `"auto"`; with guided topics (`embedding.guide`), each is named while a
/// seed word stays among its top terms, and the warnings for those that did not are
/// returned. `run` and `tune` both choose their model here.
pub fn choose_model(
    embedding: &Embedding,
    tfidf: &Tfidf,
    cluster_cfg: &ClusterConfig,
    topics_cfg: &TopicsConfig,
    eval_cfg: &EvalConfig,
) -> Result<(Candidate, Option<Vec<KScore>>, Vec<crate::notice::Notice>)> {
    let (mut chosen, table) = match cluster_cfg.k {
        crate::cluster::TopicCount::Fixed(k) => (
            fit(embedding, tfidf, k, cluster_cfg, topics_cfg, eval_cfg)?,
            None,
        ),
        crate::cluster::TopicCount::Auto => {
            let (c, t) = auto(embedding, tfidf, cluster_cfg, topics_cfg, eval_cfg)?;
            (c, Some(t))
        }
    };
    let warnings = match &embedding.guide {
        Some(g) => topics::guide::name_guided(&mut chosen.topics, &chosen.clustering.guided, g),
        None => Vec::new(),
    };
    Ok((chosen, table, warnings))
}

/// The criterion for each model from its (silhouette, coherence, diversity).
pub fn criterion(metrics: &[(f64, f64, f64)]) -> Vec<f64> {
    let rescale = |get: fn(&(f64, f64, f64)) -> f64| -> Vec<f64> {
        let v: Vec<f64> = metrics.iter().map(get).collect();
        let lo = v.iter().cloned().fold(f64::INFINITY, f64::min);
        let hi = v.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
        v.iter()
            .map(|x| if hi > lo { (x - lo) / (hi - lo) } else { 1.0 })
            .collect()
    };
    let (s, c, d) = (rescale(|m| m.0), rescale(|m| m.1), rescale(|m| m.2));
    (0..metrics.len())
        .map(|i| (s[i] + c[i] + d[i]) / 3.0)
        .collect()
}

/// Scores this close to the best count as ties, won by the smaller k.
pub const TOLERANCE: f64 = 0.01;

/// Index of the chosen model: the first whose score is within [`TOLERANCE`] of the best
/// (scores are in increasing k order).
pub fn choose(scores: &[f64]) -> usize {
    let best = scores.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
    scores
        .iter()
        .position(|&s| s >= best - TOLERANCE)
        .unwrap_or(0)
}

/// The k-selection table of a sweep.
pub fn table(cands: &[Candidate]) -> Vec<KScore> {
    let metrics: Vec<(f64, f64, f64)> = cands
        .iter()
        .map(|c| {
            (
                c.quality.silhouette,
                c.quality.coherence,
                c.quality.diversity,
            )
        })
        .collect();
    let scores = criterion(&metrics);
    cands
        .iter()
        .zip(scores)
        .map(|(c, score)| KScore {
            k: c.k,
            silhouette: c.quality.silhouette,
            coherence: c.quality.coherence,
            diversity: c.quality.diversity,
            score,
        })
        .collect()
}

/// Notes that k is large for the corpus, once k, the vocabulary (TF-IDF terms) and
/// the number of units are known: fewer than 10 terms per topic (topics share their
/// words, labels repeat), or more than one topic per 10 units (topics of a few units
/// each). Each names the setting to change. Notes, not warnings: no data was skipped
/// or altered (`--quiet` hides them).
///
/// ```
/// let w = paratopic::select::scale_warnings(4, 25, 32);
/// assert_eq!(w.len(), 2);
/// assert!(w[0].text.starts_with("the vocabulary has 25 terms for k = 4 topics"));
/// assert!(paratopic::select::scale_warnings(4, 40, 40).is_empty());
/// ```
pub fn scale_warnings(k: usize, vocabulary: usize, units: usize) -> Vec<crate::notice::Notice> {
    use crate::notice::Notice;
    let mut out = Vec::new();
    if vocabulary < 10 * k {
        out.push(Notice::note(
            "small_vocabulary",
            format!(
                "the vocabulary has {vocabulary} terms for k = {k} topics, fewer than 10 per \
                 topic: topics will share their words and their labels may repeat; use fewer \
                 topics (cluster.k = {}) or keep more terms (a lower vectorize.min_df, a higher \
                 vectorize.max_df, or more text)",
                (vocabulary / 10).max(1)
            ),
        ));
    }
    if 10 * k > units {
        out.push(Notice::note(
            "few_units_per_topic",
            format!(
                "k = {k} topics for {units} units of text, more than one topic per 10 units: \
                 topics will rest on a few units each; use fewer topics (cluster.k = {}) or more \
                 units (more documents, or a smaller segment.unit such as \"line\")",
                (units / 10).max(1)
            ),
        ));
    }
    out
}

#[cfg(test)]
mod scale_tests {
    use super::scale_warnings;

    #[test]
    fn warnings_start_below_ten_terms_and_ten_units_per_topic() {
        let kinds =
            |k, v, u| -> Vec<&str> { scale_warnings(k, v, u).iter().map(|n| n.kind).collect() };
        assert!(kinds(4, 40, 40).is_empty());
        assert_eq!(kinds(4, 39, 40), ["small_vocabulary"]);
        assert_eq!(kinds(4, 40, 39), ["few_units_per_topic"]);
        let w = scale_warnings(8, 37, 32);
        assert_eq!(
            w[0].to_string(),
            "note: the vocabulary has 37 terms for k = 8 topics, fewer than 10 per topic: \
             topics will share their words and their labels may repeat; use fewer topics \
             (cluster.k = 3) or keep more terms (a lower vectorize.min_df, a higher \
             vectorize.max_df, or more text)"
        );
        assert_eq!(
            w[1].to_string(),
            "note: k = 8 topics for 32 units of text, more than one topic per 10 units: \
             topics will rest on a few units each; use fewer topics (cluster.k = 3) or more \
             units (more documents, or a smaller segment.unit such as \"line\")"
        );
        // the suggestion is never 0
        assert!(scale_warnings(2, 5, 5)[0].text.contains("(cluster.k = 1)"));
    }
}
