//! Stage 4 — cluster: LSA-reduce the TF-IDF rows, L2-normalise them, and group them into
//! `k` topics with linfa-clustering's k-means (k-means++ init, several restarts, seeded).
//!
//! On normalised rows, squared Euclidean distance is `2 − 2·cosine`, so this is spherical
//! k-means on the LSA space. Large corpora are fitted on a seeded sample of
//! `sample_size` rows, then every row is assigned to its nearest centroid in parallel.
//! Topics are numbered by size, largest first.
//!
//! ```
//! use paratopic::cluster::{cluster, ClusterConfig, TopicCount};
//! use paratopic::vectorize::Matrix;
//! use sprs::TriMatI;
//!
//! // two obvious groups of rows
//! let mut t = TriMatI::<f32, u32>::new((6, 4));
//! for i in 0..3 { t.add_triplet(i, 0, 1.0); t.add_triplet(i, 1, 0.5); }
//! for i in 3..6 { t.add_triplet(i, 2, 1.0); t.add_triplet(i, 3, 0.5); }
//! let m: Matrix = t.to_csr();
//! let counts = m.map(|&x| x as u32);
//! let config = ClusterConfig { k: TopicCount::Fixed(2), ..Default::default() };
//! let c = cluster(&m, &counts.view(), &config).unwrap();
//! assert_eq!(c.labels[0], c.labels[2]);
//! assert_eq!(c.centroids.nrows(), 2);
//! assert_ne!(c.labels[0], c.labels[5]);
//! ```

mod count;
mod lsa;
mod refine;

pub use count::TopicCount;
pub use lsa::{lsa, spmm, Lsa};
pub use refine::refine;

use crate::error::{Error, ParamError, Result};
use crate::vectorize::{CountsView, Matrix};
use linfa::prelude::*;
use linfa_clustering::{KMeans, KMeansInit};
use ndarray::{Array1, Array2, Axis, Zip};
use rand::SeedableRng;
use rand_xoshiro::Xoshiro256Plus;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

/// `[cluster]`: how paragraph units are grouped into topics.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ClusterConfig {
    /// Number of topics (1–1000, at most the number of paragraph units), or `"auto"`.
    pub k: TopicCount,
    /// With `k = "auto"`: the smallest and largest k tried.
    pub k_range: [usize; 2],
    /// Random seed for LSA and k-means; the same seed gives the same topics.
    pub seed: u64,
    /// k-means restarts (k-means++ init each); the lowest inertia wins. Range 1–1000.
    pub restarts: usize,
    /// Maximum k-means iterations per restart. Range 1–100000.
    pub max_iter: u64,
    /// Convergence tolerance on centroid movement. Range (0, 1).
    pub tolerance: f64,
    /// LSA dimensions the rows are reduced to before clustering. Range 2–1000.
    pub dims: usize,
    /// Fit k-means on at most this many rows (a seeded sample), then assign all rows.
    /// Restarts are compared on at most 5,000 of them first. Range: at least 100.
    pub sample_size: usize,
    /// Passes of multinomial-mixture refinement after k-means (each unit moved to the topic
    /// whose words fit it best, judged without itself). 0 disables. Range 0–100.
    pub refine_sweeps: usize,
}

impl Default for ClusterConfig {
    fn default() -> Self {
        ClusterConfig {
            k: TopicCount::Fixed(8),
            k_range: [2, 12],
            seed: 42,
            restarts: 10,
            max_iter: 100,
            tolerance: 1e-4,
            dims: 100,
            sample_size: 20_000,
            refine_sweeps: 0,
        }
    }
}

impl ClusterConfig {
    /// Checks the values on their own; the error names the key and the valid range.
    pub fn validate(&self) -> Result<(), ParamError> {
        let range = |key: &str, v: u64, lo: u64, hi: u64| {
            if v < lo || v > hi {
                Err(ParamError::new(
                    key,
                    format!("is {v}; it must be between {lo} and {hi}"),
                ))
            } else {
                Ok(())
            }
        };
        if let TopicCount::Fixed(k) = self.k {
            range("cluster.k", k as u64, 1, 1000)?;
        }
        let [lo, hi] = self.k_range;
        if lo < 2 || hi > 1000 || lo > hi {
            return Err(ParamError::new(
                "cluster.k_range",
                format!("is [{lo}, {hi}]; use [min, max] with 2 <= min <= max <= 1000"),
            ));
        }
        range("cluster.restarts", self.restarts as u64, 1, 1000)?;
        range("cluster.max_iter", self.max_iter, 1, 100_000)?;
        range("cluster.dims", self.dims as u64, 2, 1000)?;
        range(
            "cluster.sample_size",
            self.sample_size as u64,
            100,
            u64::MAX,
        )?;
        if !(self.tolerance > 0.0 && self.tolerance < 1.0) {
            return Err(ParamError::new(
                "cluster.tolerance",
                format!("is {}; it must be in (0, 1), e.g. 1e-4", self.tolerance),
            ));
        }
        Ok(())
    }

    /// Checks the values against a corpus of `n_units` units.
    pub fn validate_for(&self, n_units: usize) -> Result<(), ParamError> {
        self.validate()?;
        match self.k {
            TopicCount::Fixed(k) if k > n_units => {
                return Err(ParamError::new(
                    "cluster.k",
                    format!(
                        "is {k} but the corpus has only {n_units} paragraph units; use a value between 1 and {n_units}"
                    ),
                ));
            }
            TopicCount::Auto if self.k_range[0] > n_units => {
                return Err(ParamError::new(
                    "cluster.k_range",
                    format!(
                        "starts at {} but the corpus has only {n_units} paragraph units; lower it",
                        self.k_range[0]
                    ),
                ));
            }
            _ => {}
        }
        Ok(())
    }
}

/// The result of clustering.
#[derive(Debug, Clone)]
pub struct Clustering {
    /// Topic of each unit, `0..k`, topic 0 the largest.
    pub labels: Vec<usize>,
    /// Unit-length topic centroids in the embedding space (k × dims).
    pub centroids: Array2<f64>,
    /// Cosine similarity of each unit to its topic's centroid.
    pub similarity: Vec<f64>,
    /// Mean squared distance of the rows to their centroids.
    pub inertia: f64,
    /// Number of rows k-means was fitted on.
    pub fitted_rows: usize,
}

/// Clusters the rows of a TF-IDF matrix into `cluster.k` topics: the stage's entry point
/// for a fixed k ([`embed`] then [`partition`]).
///
/// `counts` holds the raw term counts behind `tfidf` (same shape), used by the
/// refinement step.
pub fn cluster(tfidf: &Matrix, counts: &CountsView, config: &ClusterConfig) -> Result<Clustering> {
    let TopicCount::Fixed(k) = config.k else {
        return Err(Error::Config(
            "cluster.k = \"auto\" needs k selection: use paratopic::select::sweep".into(),
        ));
    };
    let embedding = embed(tfidf, config)?;
    partition(&embedding, counts, k, config)
}

/// The clustered representation: LSA-reduced, unit-length rows.
pub fn embed(tfidf: &Matrix, config: &ClusterConfig) -> Result<Array2<f64>> {
    config
        .validate_for(tfidf.rows())
        .map_err(|e| Error::Config(e.to_string()))?;
    let mut embedding = lsa(tfidf, config.dims, config.seed)?.embedding;
    normalize_rows(&mut embedding);
    Ok(embedding)
}

/// Groups the rows of `embedding` into `k` topics (k-means, then refinement).
pub fn partition(
    embedding: &Array2<f64>,
    counts: &CountsView,
    k: usize,
    config: &ClusterConfig,
) -> Result<Clustering> {
    if k == 0 || k > embedding.nrows() {
        return Err(Error::Config(format!(
            "cluster.k: is {k} but the corpus has only {} paragraph units; use a value between 1 and {}",
            embedding.nrows(),
            embedding.nrows()
        )));
    }
    let (mut labels, fitted_rows) = kmeans(embedding, k, config)?;
    refine(counts, &mut labels, k, config.refine_sweeps);
    Ok(finish(embedding, labels, k, fitted_rows))
}

/// Scales each row to unit length (zero rows stay zero).
pub fn normalize_rows(m: &mut Array2<f64>) {
    m.axis_iter_mut(Axis(0))
        .into_par_iter()
        .for_each(|mut row| {
            let norm = row.dot(&row).sqrt();
            if norm > 0.0 {
                row /= norm;
            }
        });
}

/// Restarts are compared on at most this many rows; the winner is then refitted on the
/// full sample. Below it (most corpora of documents), everything runs on all rows.
const RESTART_ROWS: usize = 5_000;

/// A seeded sample of at most `size` rows of `x`, in row order.
fn sample_rows(x: &Array2<f64>, size: usize, rng: &mut Xoshiro256Plus) -> Option<Array2<f64>> {
    let n = x.nrows();
    (n > size).then(|| {
        let mut idx = rand::seq::index::sample(rng, n, size).into_vec();
        idx.sort_unstable();
        x.select(Axis(0), &idx)
    })
}

fn kmeans(x: &Array2<f64>, k: usize, config: &ClusterConfig) -> Result<(Vec<usize>, usize)> {
    let mut rng = Xoshiro256Plus::seed_from_u64(config.seed);
    let sample = sample_rows(x, config.sample_size, &mut rng);
    let fit_on = sample.as_ref().unwrap_or(x);
    let fit = |data: &Array2<f64>, runs: usize, init: KMeansInit<f64>, rng: Xoshiro256Plus| {
        KMeans::params_with_rng(k, rng)
            .n_runs(runs)
            .max_n_iterations(config.max_iter)
            .tolerance(config.tolerance)
            .init_method(init)
            .fit(&DatasetBase::from(data.view()))
            .map_err(|e| Error::Runtime(format!("k-means failed: {e}")))
    };
    // restarts run in parallel, each with its own seeded generator; the lowest inertia
    // wins (ties: the first), so the result does not depend on the thread count
    let best_of = |data: &Array2<f64>| -> Result<KMeans<f64, linfa_nn::distance::L2Dist>> {
        let runs: Vec<_> = (0..config.restarts)
            .into_par_iter()
            .map(|r| {
                let rng = Xoshiro256Plus::seed_from_u64(
                    config.seed ^ (0x9E37_79B9_7F4A_7C15u64.wrapping_mul(r as u64 + 1)),
                );
                fit(data, 1, KMeansInit::KMeansPlusPlus, rng)
            })
            .collect::<Result<_>>()?;
        Ok(runs
            .into_iter()
            .reduce(|a, b| if b.inertia() < a.inertia() { b } else { a })
            .expect("at least one restart"))
    };
    let model = match sample_rows(fit_on, RESTART_ROWS.max(k), &mut rng) {
        // compare the restarts on a small sample, refit the best on the full one
        Some(small) => {
            let best = best_of(&small)?;
            fit(
                fit_on,
                1,
                KMeansInit::Precomputed(best.centroids().clone()),
                rng,
            )?
        }
        None => best_of(fit_on)?,
    };
    let labels: Array1<usize> = model.predict(x);
    Ok((labels.to_vec(), fit_on.nrows()))
}

/// Renumbers topics by size (largest first, ties by first unit), computes unit-length
/// centroids from the members and each unit's similarity to its centroid.
fn finish(embedding: &Array2<f64>, labels: Vec<usize>, k: usize, fitted_rows: usize) -> Clustering {
    let mut size = vec![0usize; k];
    let mut first = vec![usize::MAX; k];
    for (i, &l) in labels.iter().enumerate() {
        size[l] += 1;
        first[l] = first[l].min(i);
    }
    let mut order: Vec<usize> = (0..k).collect();
    order.sort_by(|&a, &b| size[b].cmp(&size[a]).then(first[a].cmp(&first[b])));
    let mut rank = vec![0usize; k];
    for (new, &old) in order.iter().enumerate() {
        rank[old] = new;
    }
    let labels: Vec<usize> = labels.iter().map(|&l| rank[l]).collect();
    let mut c = Array2::<f64>::zeros((k, embedding.ncols()));
    for (row, &l) in embedding.axis_iter(Axis(0)).zip(&labels) {
        let mut cr = c.row_mut(l);
        cr += &row;
    }
    normalize_rows(&mut c);
    let mut similarity = vec![0.0; labels.len()];
    let mut sq = vec![0.0; labels.len()];
    Zip::from(embedding.axis_iter(Axis(0)))
        .and(&labels)
        .and(&mut similarity)
        .and(&mut sq)
        .par_for_each(|row, &l, s, d| {
            *s = row.dot(&c.row(l));
            let diff = &row - &c.row(l);
            *d = diff.dot(&diff);
        });
    let inertia = sq.iter().sum::<f64>() / labels.len().max(1) as f64;
    Clustering {
        labels,
        centroids: c,
        similarity,
        inertia,
        fitted_rows,
    }
}

/// The rows of `x` on their first two principal components (for the paragraph map).
///
/// The covariance is `XᵀX / n − μμᵀ` and the projection `XV − μV`, so no centred copy of
/// `x` is made.
pub fn project_2d(x: &Array2<f64>) -> Result<Array2<f64>> {
    use linfa_linalg::eigh::{EigSort, Eigh};
    let n = x.nrows().max(1) as f64;
    let mean = x.sum_axis(Axis(0)) / n;
    let mut cov = lsa::gram(x.view()) / n;
    for i in 0..mean.len() {
        for j in 0..mean.len() {
            cov[[i, j]] -= mean[i] * mean[j];
        }
    }
    let (_, vecs) = cov
        .eigh()
        .map_err(|e| Error::Runtime(format!("PCA failed: {e}")))?
        .sort_eig(linfa_linalg::Order::Largest);
    let m = vecs.ncols().min(2);
    let v = vecs.slice(ndarray::s![.., ..m]);
    let shift = mean.dot(&v);
    let mut p = Array2::<f64>::zeros((x.nrows(), 2));
    let proj = x.dot(&v) - &shift;
    p.slice_mut(ndarray::s![.., ..m]).assign(&proj);
    lsa::fix_signs(&mut p);
    Ok(p)
}
