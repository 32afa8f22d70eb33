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

pub mod guide;
pub mod merge;

use crate::error::ParamError;
use crate::vectorize::Tfidf;
use ndarray::Array2;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

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
    /// `[topics.names]`: names for topic ids (`0 = "Policing"`), shown beside the word
    /// label in every output.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub names: BTreeMap<String, String>,
    /// `[topics.seed_words]`: guided topics, a name and its seed words
    /// (`policing = ["police", "crime"]`); their centroids start at the seed words.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub seed_words: BTreeMap<String, Vec<String>>,
    /// Groups of topic ids to merge into one (`[[2, 5]]`); each keeps its smallest id.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub merge: Vec<Vec<usize>>,
}

impl Default for TopicsConfig {
    fn default() -> Self {
        TopicsConfig {
            top_terms: 10,
            label_words: 3,
            representatives: 3,
            ranking: "centroid".into(),
            names: BTreeMap::new(),
            seed_words: BTreeMap::new(),
            merge: Vec::new(),
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
        self.topic_names()?;
        for (name, words) in &self.seed_words {
            if words.iter().all(|w| w.trim().is_empty()) {
                return Err(ParamError::new(
                    format!("topics.seed_words.{name}"),
                    "lists no word; give the words the topic is about, e.g. [\"police\", \"crime\"]",
                ));
            }
        }
        Ok(())
    }

    /// `[topics.names]` by topic id.
    ///
    /// # Errors
    /// A key that is not a topic number, or an empty name.
    pub fn topic_names(&self) -> Result<BTreeMap<usize, String>, ParamError> {
        let mut out = BTreeMap::new();
        for (key, name) in &self.names {
            let Ok(id) = key.trim().parse::<usize>() else {
                return Err(ParamError::new(
                    "topics.names",
                    format!("has the key {key:?}, which is not a topic id; use the numbers of the topic column of topics.csv, e.g. 0 = \"Policing\""),
                ));
            };
            if name.trim().is_empty() {
                return Err(ParamError::new(
                    format!("topics.names.{key}"),
                    "is empty; give the topic a name or remove the line",
                ));
            }
            out.insert(id, name.trim().to_string());
        }
        Ok(out)
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
    /// Its name from `[topics.names]` or a guided topic's, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
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
            let reps = representatives(&members[c], similarity, config.representatives);
            Topic {
                id: c,
                name: None,
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

/// The `n` most similar of a topic's `members` (unit indices), best first (ties: the
/// earlier unit): a partial selection, then a sort of the few kept.
pub fn representatives(members: &[usize], similarity: &[f64], n: usize) -> Vec<usize> {
    let by_similarity =
        |a: &usize, b: &usize| similarity[*b].total_cmp(&similarity[*a]).then(a.cmp(b));
    let mut reps = members.to_vec();
    if reps.len() > n && n > 0 {
        reps.select_nth_unstable_by(n - 1, by_similarity);
    }
    reps.truncate(n);
    reps.sort_by(by_similarity);
    reps
}

impl Topic {
    /// What charts and the report show: `name (label)` for a named topic, else the label.
    pub fn display(&self) -> String {
        match &self.name {
            Some(n) => format!("{n} ({})", self.label),
            None => self.label.clone(),
        }
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
    use crate::text::{analyze, PreprocessConfig};
    use crate::vectorize::{vectorize, DocFreq, OrAuto, VectorizeConfig};

    /// Four units in two classes, every term kept, with this count table:
    ///
    /// | term    | class 0 (units 0, 1) | class 1 (units 2, 3) | corpus |
    /// |---------|----------------------|----------------------|--------|
    /// | housing | 3                    | 1                    | 4      |
    /// | police  | 1                    | 2                    | 3      |
    /// | rent    | 1                    | 1                    | 2      |
    /// | total   | 5                    | 4                    | 9      |
    fn two_classes(ranking: &str) -> Vec<Topic> {
        two_classes_keeping(ranking, 1)
    }

    /// [`two_classes`] keeping `representatives` per topic.
    fn two_classes_keeping(ranking: &str, representatives: usize) -> Vec<Topic> {
        let texts = [
            "housing housing police",
            "housing rent",
            "police police rent",
            "housing",
        ];
        let analyzed = analyze(&texts, &PreprocessConfig::default()).unwrap();
        let cfg = VectorizeConfig {
            min_df: DocFreq::Count(1),
            max_df: DocFreq::Fraction(1.0),
            ngram_max: OrAuto::Fixed(1),
            ..Default::default()
        };
        let tfidf = vectorize(&analyzed, &cfg).unwrap();
        let labels = [Some(0), Some(0), Some(1), Some(1)];
        let similarity = [0.5, 0.9, 0.7, 0.8];
        let config = TopicsConfig {
            ranking: ranking.into(),
            representatives,
            ..Default::default()
        };
        describe(&tfidf, &labels, &similarity, 2, &config)
    }

    /// A topic's terms as `(word, weight)`, asserting they match `want` in order, each
    /// weight within `tol`.
    fn assert_terms(topic: &Topic, want: &[(&str, f64)], tol: f64) {
        let got: Vec<&str> = topic.terms.iter().map(|(w, _)| w.as_str()).collect();
        let words: Vec<&str> = want.iter().map(|(w, _)| *w).collect();
        assert_eq!(got, words, "topic {} terms {:?}", topic.id, topic.terms);
        for ((w, x), (_, y)) in topic.terms.iter().zip(want) {
            assert!((x - y).abs() < tol, "topic {} {w}: {x} != {y}", topic.id);
        }
    }

    #[test]
    fn ctfidf_is_class_share_times_log_of_one_plus_average_over_corpus_count() {
        // A = 9 tokens / 2 classes = 4.5; weight = share in class × ln(1 + A / corpus count)
        let t = two_classes("ctfidf");
        let ln = f64::ln;
        assert_terms(
            &t[0],
            &[
                ("housing", 3.0 / 5.0 * ln(1.0 + 4.5 / 4.0)),
                ("rent", 1.0 / 5.0 * ln(1.0 + 4.5 / 2.0)),
                ("police", 1.0 / 5.0 * ln(1.0 + 4.5 / 3.0)),
            ],
            1e-12,
        );
        assert_terms(
            &t[1],
            &[
                ("police", 2.0 / 4.0 * ln(1.0 + 4.5 / 3.0)),
                ("rent", 1.0 / 4.0 * ln(1.0 + 4.5 / 2.0)),
                ("housing", 1.0 / 4.0 * ln(1.0 + 4.5 / 4.0)),
            ],
            1e-12,
        );
        assert_eq!((t[0].size, t[1].size), (2, 2));
        assert_eq!(t[0].label, "housing, rent, police");
    }

    #[test]
    fn logodds_is_the_z_score_of_the_weighted_log_odds() {
        // Monroe et al. with prior a = corpus count, a0 = 9: for class c (n_c tokens) and
        // the rest (n_r), delta = ln((y_c + a) / (n_c + a0 - y_c - a))
        // - ln((y_r + a) / (n_r + a0 - y_r - a)), var = 1 / (y_c + a) + 1 / (y_r + a),
        // z = delta / sqrt(var)
        let z = |yc: f64, yr: f64, a: f64, nc: f64, nr: f64| {
            let delta =
                ((yc + a) / (nc + 9.0 - yc - a)).ln() - ((yr + a) / (nr + 9.0 - yr - a)).ln();
            delta / (1.0 / (yc + a) + 1.0 / (yr + a)).sqrt()
        };
        // class 0: housing ln(7/7) - ln(5/8) = ln 1.6 over sqrt(1/7 + 1/5)
        let housing0 = 1.6f64.ln() / (1.0f64 / 7.0 + 1.0 / 5.0).sqrt();
        assert!((z(3.0, 1.0, 4.0, 5.0, 4.0) - housing0).abs() < 1e-15);
        let t = two_classes("logodds");
        assert_terms(
            &t[0],
            &[
                ("housing", housing0),
                ("rent", z(1.0, 1.0, 2.0, 5.0, 4.0)),
                ("police", z(1.0, 2.0, 3.0, 5.0, 4.0)),
            ],
            1e-12,
        );
        assert_terms(
            &t[1],
            &[
                ("police", z(2.0, 1.0, 3.0, 4.0, 5.0)),
                ("rent", z(1.0, 1.0, 2.0, 4.0, 5.0)),
                ("housing", z(1.0, 3.0, 4.0, 4.0, 5.0)),
            ],
            1e-12,
        );
        // frequent in class 0 and rarer elsewhere: positive; the reverse: negative
        assert!(housing0 > 0.0 && t[1].terms[2].1 < 0.0);
    }

    #[test]
    fn centroid_is_the_mean_tfidf_row_of_the_class() {
        // class 1: unit 3 is "housing" alone (row: housing 1); unit 2 has police twice
        // and rent once, both in 2 of 4 units (equal idf, which the L2 norm cancels):
        // sublinear tf 1 + ln 2 and 1, normalised
        let p = 1.0 + 2f64.ln();
        let norm = (p * p + 1.0).sqrt();
        let t = two_classes("centroid");
        assert_terms(
            &t[1],
            &[
                ("housing", 0.5),
                ("police", p / norm / 2.0),
                ("rent", 1.0 / norm / 2.0),
            ],
            1e-6,
        );
        // class 0: unit 0 is housing (1 + ln 2, idf ln(5/4) + 1) and police (1, idf
        // ln(5/3) + 1); unit 1 is housing and rent, once each
        let (ih, ip) = ((5f64 / 4.0).ln() + 1.0, (5f64 / 3.0).ln() + 1.0);
        let (h0, p0) = (p * ih, ip);
        let n0 = (h0 * h0 + p0 * p0).sqrt();
        let n1 = (ih * ih + ip * ip).sqrt();
        assert_terms(
            &t[0],
            &[
                ("housing", (h0 / n0 + ih / n1) / 2.0),
                ("rent", ip / n1 / 2.0),
                ("police", p0 / n0 / 2.0),
            ],
            1e-6,
        );
    }

    #[test]
    fn representatives_are_the_most_similar_members_and_columns_follow_terms() {
        let t = two_classes("ctfidf");
        // similarity 0.5, 0.9 in class 0 and 0.7, 0.8 in class 1, one kept per topic
        assert_eq!(t[0].representatives, [1]);
        assert_eq!(t[1].representatives, [3]);
        // columns are sorted by stem: hous, polic, rent
        assert_eq!(t[0].columns, [0, 2, 1]);
        assert_eq!(t[1].columns, [1, 2, 0]);
        assert_eq!(t[1].id, 1);
        // none kept, or all of them best first
        let t = two_classes_keeping("ctfidf", 0);
        assert!(t[0].representatives.is_empty() && t[1].representatives.is_empty());
        let t = two_classes_keeping("ctfidf", 5);
        assert_eq!(t[0].representatives, [1, 0]);
        assert_eq!(t[1].representatives, [3, 2]);
    }

    #[test]
    fn document_weights_are_token_shares_of_assigned_units() {
        // doc 0: 2 and 3 tokens in topic 0, 5 in topic 1; doc 1: 4 tokens in topic 1,
        // and an unassigned unit of 6
        let w = doc_weights(
            &[0, 0, 0, 1, 1],
            &[2, 3, 5, 4, 6],
            &[Some(0), Some(0), Some(1), Some(1), None],
            2,
            2,
        );
        assert_eq!(w.row(0).to_vec(), [0.5, 0.5]);
        assert_eq!(w.row(1).to_vec(), [0.0, 1.0]);
    }

    #[test]
    fn validate_checks_each_range_at_both_ends_and_the_ranking() {
        let with = |top_terms, label_words, representatives, ranking: &str| TopicsConfig {
            top_terms,
            label_words,
            representatives,
            ranking: ranking.into(),
            ..TopicsConfig::default()
        };
        for ok in [
            with(1, 1, 0, "ctfidf"),
            with(50, 10, 50, "logodds"),
            with(10, 3, 3, "centroid"),
        ] {
            assert_eq!(ok.validate(), Ok(()), "{ok:?}");
        }
        for (bad, key, message) in [
            (
                with(0, 3, 3, "centroid"),
                "topics.top_terms",
                "is 0; it must be between 1 and 50",
            ),
            (
                with(51, 3, 3, "centroid"),
                "topics.top_terms",
                "is 51; it must be between 1 and 50",
            ),
            (
                with(10, 0, 3, "centroid"),
                "topics.label_words",
                "is 0; it must be between 1 and 10",
            ),
            (
                with(10, 11, 3, "centroid"),
                "topics.label_words",
                "is 11; it must be between 1 and 10",
            ),
            (
                with(10, 3, 51, "centroid"),
                "topics.representatives",
                "is 51; it must be between 0 and 50",
            ),
            (
                with(10, 3, 3, "tfidf"),
                "topics.ranking",
                "is \"tfidf\"; use one of ctfidf, centroid, logodds",
            ),
        ] {
            let e = bad.validate().unwrap_err();
            assert_eq!(
                (e.key.as_str(), e.message.as_str()),
                (key, message),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn ranking_meanings_differ_by_ranking() {
        let [c, ce, l] = ["ctfidf", "centroid", "logodds"].map(ranking_meaning);
        assert!(c.contains("class-based TF-IDF"), "{c}");
        assert!(ce.contains("mean TF-IDF weight"), "{ce}");
        assert!(l.contains("log-odds"), "{l}");
    }

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
