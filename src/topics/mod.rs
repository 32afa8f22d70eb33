//! Stage 5 — topics: name each topic by its characteristic words and weigh documents.
//!
//! Terms are ranked by one of three scores (`topics.ranking`), the units of a topic
//! forming one class:
//! - `"ctfidf"`: class-based TF-IDF as in BERTopic: a term's share of the class's tokens
//!   times `ln(1 + A / f)`, `A` the average tokens per class, `f` the term's corpus count;
//! - `"centroid"`: the mean TF-IDF weight over the class's units (the k-means centre
//!   scikit-learn users read top terms from);
//! - `"logodds"`: the z-score of the weighted log-odds ratio of the term in the class
//!   against all other classes, with an informative Dirichlet prior from the corpus counts
//!   (Monroe, Colaresi & Quinn, "Fightin' Words", 2008): frequent *and* distinctive words.
//!
//! A document's weight on a topic is the share of its tokens in assigned units that sit
//! in units assigned to that topic.
//!
//! ```
//! use paratopic::topics::doc_weights;
//!
//! // two documents; units 0,1 in doc 0 (topics 0 and 1), unit 2 in doc 1 (topic 1),
//! // unit 3 in doc 1 unassigned (it weighs nothing)
//! let w = doc_weights(&[0, 0, 1, 1], &[30, 10, 5, 7], &[Some(0), Some(1), Some(1), None], 2, 2);
//! assert_eq!(w[[0, 0]], 0.75);
//! assert_eq!(w[[1, 1]], 1.0);
//! ```

use crate::error::ParamError;
use crate::vectorize::Tfidf;
use ndarray::Array2;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

/// `[topics]`: how topics are described.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TopicsConfig {
    /// Top terms listed per topic. Range 1–50.
    pub top_terms: usize,
    /// Words in a topic's label. Range 1–10.
    pub label_words: usize,
    /// Most representative paragraphs kept per topic. Range 0–50.
    pub representatives: usize,
    /// How terms are ranked: `"ctfidf"`, `"centroid"` or `"logodds"`.
    pub ranking: String,
}

impl Default for TopicsConfig {
    fn default() -> Self {
        TopicsConfig {
            top_terms: 10,
            label_words: 3,
            representatives: 3,
            ranking: "centroid".into(),
        }
    }
}

impl TopicsConfig {
    /// Checks the values; the error names the key and the valid range.
    pub fn validate(&self) -> Result<(), ParamError> {
        for (key, v, lo, hi) in [
            ("topics.top_terms", self.top_terms, 1, 50),
            ("topics.label_words", self.label_words, 1, 10),
            ("topics.representatives", self.representatives, 0, 50),
        ] {
            if v < lo || v > hi {
                return Err(ParamError::new(
                    key,
                    format!("is {v}; it must be between {lo} and {hi}"),
                ));
            }
        }
        if !RANKINGS.contains(&self.ranking.as_str()) {
            return Err(ParamError::new(
                "topics.ranking",
                format!(
                    "is \"{}\"; use one of {}",
                    self.ranking,
                    RANKINGS.join(", ")
                ),
            ));
        }
        Ok(())
    }
}

/// What a term weight means under `ranking`, for chart and report captions.
pub fn ranking_meaning(ranking: &str) -> &'static str {
    match ranking {
        "ctfidf" => "the term's class-based TF-IDF weight in the topic (its share of the topic's tokens, discounted when it is common in every topic)",
        "logodds" => "the z-score of the term's weighted log-odds in the topic against the other topics (frequent and distinctive words score high)",
        _ => "the term's mean TF-IDF weight over the topic's paragraphs (the topic centre)",
    }
}

/// Values accepted by `topics.ranking`.
pub const RANKINGS: &[&str] = &["ctfidf", "centroid", "logodds"];

/// One described topic.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Topic {
    /// Topic number, 0 = largest.
    pub id: usize,
    /// Its top words, joined with ", ".
    pub label: String,
    /// Number of units assigned to it.
    pub size: usize,
    /// Top terms (display words) with their weight under `topics.ranking`, best first.
    pub terms: Vec<(String, f64)>,
    /// The top terms' columns in the TF-IDF matrix.
    #[serde(skip)]
    pub columns: Vec<usize>,
    /// Indices of its most representative units (closest to the centroid), best first.
    pub representatives: Vec<usize>,
}

/// Describes the `k` topics: the stage's entry point.
///
/// `labels` is each unit's topic (`None`: unassigned, left out) and `similarity` each
/// unit's closeness to its topic centroid (ranks representatives).
pub fn describe(
    tfidf: &Tfidf,
    labels: &[Option<usize>],
    similarity: &[f64],
    k: usize,
    config: &TopicsConfig,
) -> Vec<Topic> {
    let (counts, terms) = (tfidf.counts(), &tfidf.terms);
    let v = terms.len();
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); k];
    for (i, l) in labels.iter().enumerate() {
        if let Some(l) = *l {
            members[l].push(i);
        }
    }
    // per-class sparse term counts, classes in parallel
    let class_counts: Vec<Vec<(usize, u64)>> = members
        .par_iter()
        .map(|units| column_sums(&counts, units, |&c| c as u64))
        .collect();
    let mut total_f = vec![0u64; v];
    let mut class_total = vec![0u64; k];
    for (c, cc) in class_counts.iter().enumerate() {
        for &(j, n) in cc {
            total_f[j] += n;
            class_total[c] += n;
        }
    }
    let avg = class_total.iter().sum::<u64>() as f64 / k as f64;
    (0..k)
        .map(|c| {
            let mut scored = score_terms(
                &config.ranking,
                tfidf,
                &members[c],
                &class_counts[c],
                class_total[c],
                &total_f,
                avg,
            );
            scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            let top: Vec<(String, f64)> = scored
                .iter()
                .take(config.top_terms)
                .map(|&(j, w)| (terms[j].word.clone(), w))
                .collect();
            let columns: Vec<usize> = scored
                .iter()
                .take(config.top_terms)
                .map(|&(j, _)| j)
                .collect();
            // the most similar members, best first (ties: the earlier unit); a partial
            // selection, then a sort of the few kept
            let by_similarity =
                |a: &usize, b: &usize| similarity[*b].total_cmp(&similarity[*a]).then(a.cmp(b));
            let mut reps = members[c].clone();
            if reps.len() > config.representatives && config.representatives > 0 {
                reps.select_nth_unstable_by(config.representatives - 1, by_similarity);
            }
            reps.truncate(config.representatives);
            reps.sort_by(by_similarity);
            Topic {
                id: c,
                label: make_label(&top, config.label_words),
                size: members[c].len(),
                terms: top,
                columns,
                representatives: reps,
            }
        })
        .collect()
}

/// Per column, the sum of `value` over the given rows of `m`: sparse, sorted by column.
///
/// Accumulates in a dense column-length buffer (one per call, so at most one per thread
/// when classes run in parallel), then keeps the touched columns in column order.
fn column_sums<N, T>(
    m: &sprs::CsMatViewI<N, u32, usize>,
    rows: &[usize],
    value: impl Fn(&N) -> T,
) -> Vec<(usize, T)>
where
    T: Copy + Default + std::ops::AddAssign,
{
    let mut sums = vec![T::default(); m.cols()];
    let mut touched = vec![false; m.cols()];
    for &u in rows {
        let row = m.outer_view(u).expect("row in range");
        for (j, x) in row.iter() {
            sums[j] += value(x);
            touched[j] = true;
        }
    }
    touched
        .iter()
        .enumerate()
        .filter(|(_, &t)| t)
        .map(|(j, _)| (j, sums[j]))
        .collect()
}

/// Scores of the terms present in one class.
fn score_terms(
    ranking: &str,
    tfidf: &Tfidf,
    members: &[usize],
    class_counts: &[(usize, u64)],
    class_total: u64,
    total_f: &[u64],
    avg: f64,
) -> Vec<(usize, f64)> {
    match ranking {
        "centroid" => {
            let merged = column_sums(&tfidf.matrix.view(), members, |&x| f64::from(x));
            let n = members.len().max(1) as f64;
            merged.into_iter().map(|(j, x)| (j, x / n)).collect()
        }
        "logodds" => {
            // informative Dirichlet prior: alpha_t = corpus count of t, alpha_0 = corpus size
            let a0: f64 = total_f.iter().sum::<u64>() as f64;
            let nc = class_total as f64;
            let nr = a0 - nc;
            class_counts
                .iter()
                .map(|&(j, y)| {
                    let a = total_f[j] as f64;
                    let yc = y as f64;
                    let yr = a - yc;
                    let delta =
                        ((yc + a) / (nc + a0 - yc - a)).ln() - ((yr + a) / (nr + a0 - yr - a)).ln();
                    let var = 1.0 / (yc + a) + 1.0 / (yr + a);
                    (j, delta / var.sqrt())
                })
                .collect()
        }
        _ => class_counts
            .iter()
            .map(|&(j, n)| {
                let tf = n as f64 / class_total.max(1) as f64;
                let idf = (1.0 + avg / total_f[j] as f64).ln();
                (j, tf * idf)
            })
            .collect(),
    }
}

/// The first `n` top terms, skipping a term whose words are all already in the label.
fn make_label(top: &[(String, f64)], n: usize) -> String {
    let mut used: Vec<&str> = Vec::new();
    let mut parts: Vec<&str> = Vec::new();
    for (t, _) in top {
        let words: Vec<&str> = t.split(' ').collect();
        if words.iter().all(|w| used.contains(w)) {
            continue;
        }
        used.extend(words);
        parts.push(t);
        if parts.len() == n {
            break;
        }
    }
    if parts.is_empty() {
        "(empty)".to_string()
    } else {
        parts.join(", ")
    }
}

/// Each document's topic weights: the share of its tokens in units of each topic.
///
/// `unit_doc[i]` is unit `i`'s document, `unit_tokens[i]` its token count and
/// `labels[i]` its topic; unassigned units (`None`) count for nothing (contracts §2). A
/// document whose assigned units have no tokens at all is weighed by unit count
/// instead. Rows of documents with assigned units sum to 1; any other has a zero row.
pub fn doc_weights(
    unit_doc: &[usize],
    unit_tokens: &[usize],
    labels: &[Option<usize>],
    n_docs: usize,
    k: usize,
) -> Array2<f64> {
    let mut tokens = Array2::<f64>::zeros((n_docs, k));
    let mut units = Array2::<f64>::zeros((n_docs, k));
    for ((&d, &t), l) in unit_doc.iter().zip(unit_tokens).zip(labels) {
        let Some(l) = *l else { continue };
        tokens[[d, l]] += t as f64;
        units[[d, l]] += 1.0;
    }
    for d in 0..n_docs {
        let tsum: f64 = tokens.row(d).sum();
        let usum: f64 = units.row(d).sum();
        if tsum > 0.0 {
            tokens.row_mut(d).mapv_inplace(|x| x / tsum);
        } else if usum > 0.0 {
            let r = units.row(d).mapv(|x| x / usum);
            tokens.row_mut(d).assign(&r);
        }
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_skips_words_already_shown() {
        let top = vec![
            ("police officer".to_string(), 3.0),
            ("police".to_string(), 2.0),
            ("crime".to_string(), 1.0),
        ];
        assert_eq!(make_label(&top, 2), "police officer, crime");
        assert_eq!(make_label(&[], 3), "(empty)");
    }

    #[test]
    fn weights_fall_back_to_units_without_tokens() {
        let w = doc_weights(&[0, 0], &[0, 0], &[Some(0), Some(1)], 2, 2);
        assert_eq!(w.row(0).to_vec(), [0.5, 0.5]);
        assert_eq!(w.row(1).sum(), 0.0);
    }

    #[test]
    fn unassigned_units_weigh_nothing() {
        // doc 0: 3 tokens in topic 1, an unassigned unit; doc 1: only unassigned
        let labels = [Some(1), None, None];
        let w = doc_weights(&[0, 0, 1], &[3, 5, 0], &labels, 2, 2);
        assert_eq!(w.row(0).to_vec(), [0.0, 1.0]);
        assert_eq!(w.row(1).to_vec(), [0.0, 0.0]);
    }
}
