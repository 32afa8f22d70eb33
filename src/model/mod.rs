//! The fitted topic model: everything needed to place a new paragraph in the topics of a
//! training run, and nothing about the training rows themselves (contracts §10).
//!
//! A run fits it ([`TopicModel::from_fit`]) and writes it to `model/` ([`TopicModel::save`]);
//! `paratopic apply` loads it ([`TopicModel::load`]), turns new paragraphs into TF-IDF rows
//! in the model's columns ([`TopicModel::transform`]) and places them
//! ([`TopicModel::predict`]) — the same code that placed the training rows, so applying
//! a model to its own training corpus gives the run's topics exactly.

mod store;

pub use store::{FORMAT_VERSION, MODEL_DIR};

use crate::cluster::{self, Basis, Clustering, Embedding, Rule};
use crate::config::Config;
use crate::corpus::SegmentConfig;
use crate::text::{AnalyzedCorpus, PreprocessConfig};
use crate::topics::Topic;
use crate::vectorize::{Tfidf, VectorizeConfig, Vocabulary};
use ndarray::Array2;
use serde::{Deserialize, Serialize};

/// The settings a model depends on: a paragraph is analysed, weighed and placed with
/// these, whatever the config of a later `apply` says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelSettings {
    /// `[segment]` of the training run.
    pub segment: SegmentConfig,
    /// `[preprocess]`: the analyzer (stemmer, stop words, token filters).
    pub preprocess: PreprocessConfig,
    /// `[vectorize]` of the training run (the vocabulary below is what it produced).
    pub vectorize: VectorizeConfig,
    /// `[cluster]` of the training run.
    pub cluster: cluster::ClusterConfig,
    /// The page clutter found in the training corpus, removed from new documents too.
    #[serde(default)]
    pub boilerplate: crate::corpus::Boilerplate,
}

/// One topic as the model keeps it (contracts §3: ids fixed at fit, 0 = largest).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TopicDescription {
    /// Topic id.
    pub id: usize,
    /// Its top words, joined with ", ".
    pub label: String,
    /// A name given in `[topics.names]`, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Training paragraph units assigned to it.
    pub size: usize,
    /// Top terms (display words) with their weight, best first.
    pub terms: Vec<(String, f64)>,
    /// The top terms' columns in the vocabulary.
    pub columns: Vec<usize>,
}

/// Where a model came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Provenance {
    /// The paratopic version that fitted it.
    pub paratopic: String,
    /// A fingerprint of the training corpus: a hash of its documents' ids and its
    /// paragraph units' term counts (16 hex digits).
    pub fingerprint: String,
    /// Training documents.
    pub documents: usize,
    /// Training paragraph units.
    pub units: usize,
}

/// A fitted topic model.
#[derive(Debug, Clone)]
pub struct TopicModel {
    /// The stage settings it depends on.
    pub settings: ModelSettings,
    /// The vocabulary: columns, idf, weighting flags.
    pub vocabulary: Vocabulary,
    /// The LSA basis `V` (basis terms × dims, as two factors).
    pub basis: Basis,
    /// The TF-IDF column each basis row stands for (terms absent from the LSA sample
    /// weigh nothing in the centroid rule).
    pub basis_columns: Vec<u32>,
    /// Unit-length topic centroids in the LSA space (k × dims).
    pub centroids: Array2<f64>,
    /// The assignment rule.
    pub rule: Rule,
    /// The topics, by id.
    pub topics: Vec<TopicDescription>,
    /// Groups of topic ids merged into one (`topics.merge`); each keeps its smallest id.
    pub merge: Vec<Vec<usize>>,
    /// Where it came from.
    pub provenance: Provenance,
}

/// Where one paragraph unit was placed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Assignment {
    /// Its topic; `None` when its row has no term the model knows (contracts §2).
    pub topic: Option<usize>,
    /// Cosine similarity of its TF-IDF row to the topic's centroid mapped to term space;
    /// 0 when unassigned.
    pub similarity: f64,
}

impl TopicModel {
    /// The model of a training run: the config, the vectorized corpus (only its
    /// vocabulary is kept), the LSA space, the clustering and the described topics.
    /// `documents` are the training documents' ids (for the fingerprint).
    pub fn from_fit(
        config: &Config,
        tfidf: &Tfidf,
        embedding: &Embedding,
        clustering: &Clustering,
        topics: &[Topic],
        documents: &[&str],
    ) -> TopicModel {
        let basis_columns = match &embedding.columns {
            Some(c) => c.iter().map(|&j| j as u32).collect(),
            None => (0..embedding.n_terms as u32).collect(),
        };
        TopicModel {
            settings: ModelSettings {
                segment: config.segment.clone(),
                preprocess: config.preprocess.clone(),
                vectorize: config.vectorize.clone(),
                cluster: config.cluster.clone(),
                boilerplate: crate::corpus::Boilerplate::off(),
            },
            vocabulary: Vocabulary::of(tfidf, config.vectorize.sublinear_tf, embedding.n_rows),
            basis: embedding.basis.clone(),
            basis_columns,
            centroids: clustering.centroids.clone(),
            rule: clustering.rule.clone(),
            topics: topics
                .iter()
                .map(|t| TopicDescription {
                    id: t.id,
                    label: t.label.clone(),
                    name: t.name.clone(),
                    size: t.size,
                    terms: t.terms.clone(),
                    columns: t.columns.clone(),
                })
                .collect(),
            merge: Vec::new(),
            provenance: Provenance {
                paratopic: env!("CARGO_PKG_VERSION").to_string(),
                fingerprint: fingerprint(documents, tfidf),
                documents: documents.len(),
                units: embedding.n_rows,
            },
        }
    }

    /// Number of topics.
    pub fn k(&self) -> usize {
        self.centroids.nrows()
    }

    /// The TF-IDF rows (units × the model's terms) of an analysed corpus, analysed with
    /// [`ModelSettings::preprocess`]. Words the model never saw are ignored. On the
    /// training texts it gives the training matrix bit for bit.
    pub fn transform(&self, corpus: &AnalyzedCorpus) -> Tfidf {
        self.vocabulary.transform(corpus)
    }

    /// Places each row of `x` (from [`transform`](Self::transform)): `x.matrix.rows()`
    /// assignments, in row order. Rows with no term the model knows are unassigned.
    pub fn predict(&self, x: &Tfidf) -> Vec<Assignment> {
        let (slot, table) = self.term_table();
        let (labels, similarity) = match &self.rule {
            Rule::Centroid => cluster::rule::centroid_assign(&x.matrix, &slot, &table),
            Rule::Multinomial(m) => {
                let labels = m.assign(&x.counts());
                let similarity = cluster::rule::similarities(&x.matrix, &slot, &table, &labels);
                (labels, similarity)
            }
        };
        labels
            .into_iter()
            .zip(similarity)
            .map(|(topic, similarity)| Assignment { topic, similarity })
            .collect()
    }

    /// The topics as placed on new rows: the model's labels and terms, the sizes and the
    /// `representatives` most similar units of `labels` (as [`predict`](Self::predict)
    /// gave them).
    pub fn describe(
        &self,
        labels: &[Option<usize>],
        similarity: &[f64],
        representatives: usize,
    ) -> Vec<Topic> {
        let mut members: Vec<Vec<usize>> = vec![Vec::new(); self.k()];
        for (i, l) in labels.iter().enumerate() {
            if let Some(l) = *l {
                members[l].push(i);
            }
        }
        self.topics
            .iter()
            .zip(&members)
            .map(|(t, m)| Topic {
                id: t.id,
                name: t.name.clone(),
                label: t.label.clone(),
                size: m.len(),
                terms: t.terms.clone(),
                columns: t.columns.clone(),
                representatives: crate::topics::representatives(m, similarity, representatives),
            })
            .collect()
    }

    /// The unit-length LSA coordinates (`rows.len()` × dims) of the given rows of `x`
    /// (`x V`, over the basis terms; a row without one is a zero row).
    pub fn embed(&self, x: &Tfidf, rows: &[usize]) -> Array2<f64> {
        let dims = self.basis.dims();
        let v = self.basis.times(Array2::<f64>::eye(dims).view());
        let mut slot = vec![u32::MAX; self.vocabulary.len()];
        for (s, &j) in self.basis_columns.iter().enumerate() {
            slot[j as usize] = s as u32;
        }
        let mut coords = Array2::<f64>::zeros((rows.len(), dims));
        for (mut out, &i) in coords.rows_mut().into_iter().zip(rows) {
            let row = x.matrix.outer_view(i).expect("row in range");
            for (j, &w) in row.iter() {
                if slot[j] != u32::MAX {
                    out.scaled_add(f64::from(w), &v.row(slot[j] as usize));
                }
            }
        }
        cluster::normalize_rows(&mut coords);
        coords
    }

    /// The centroids mapped to term space (basis terms × k) and each column's row in it.
    fn term_table(&self) -> (Vec<u32>, Array2<f64>) {
        let mut slot = vec![u32::MAX; self.vocabulary.len()];
        for (s, &j) in self.basis_columns.iter().enumerate() {
            slot[j as usize] = s as u32;
        }
        (slot, self.basis.times(self.centroids.t()))
    }
}

/// A 64-bit FNV-1a hash of the documents' ids and the matrix's structure and counts,
/// as 16 hex digits.
fn fingerprint(documents: &[&str], tfidf: &Tfidf) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |bytes: &[u8]| {
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    };
    for d in documents {
        eat(d.as_bytes());
        eat(&[0]);
    }
    for &p in tfidf.matrix.indptr().raw_storage() {
        eat(&(p as u64).to_le_bytes());
    }
    for &j in tfidf.matrix.indices() {
        eat(&j.to_le_bytes());
    }
    for &c in tfidf.count_data() {
        eat(&c.to_le_bytes());
    }
    format!("{h:016x}")
}
