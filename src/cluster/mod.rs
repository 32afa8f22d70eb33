//! Stage 4 — cluster: LSA-reduce the TF-IDF rows, L2-normalise them, and group them into
//! `k` topics with linfa-clustering's k-means (k-means++ init, several restarts, seeded).
//!
//! On normalised rows, squared Euclidean distance is `2 − 2·cosine`, so this is spherical
//! k-means on the LSA space. The cost is bounded whatever the corpus size:
//!
//! 1. [`embed`]: the LSA space (a randomized truncated SVD) is fitted on a sample of at
//!    most `cluster.sample_size` rows (every row of a smaller corpus): the rows with the
//!    smallest seeded hash of their content, in that order, so the fit depends on what
//!    the paragraphs say, never on file names or their order (contracts §4);
//! 2. [`partition`]: k-means runs on the sample's unit-length coordinates — restarts
//!    compared on at most max(2,000, 100·k) rows after 10 iterations, the best one run to convergence
//!    on the whole sample — in single precision with a vectorised distance ([`FastL2`]);
//! 3. every row then goes to the centroid with the largest cosine, computed in term space
//!    as `x · (V c)` (`V` the LSA basis): one parallel pass over the sparse rows costing
//!    `non-zeros × k`, with no dense n × dims matrix ever built.
//!
//! Topics are numbered by size, largest first. A row with no term (no word left after
//! preprocessing, or none in the vocabulary) is *unassigned* (contracts §2): it is left
//! out of the fit and gets no topic (`None`).
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
//! assert!(c.labels.iter().all(Option::is_some));
//! ```

mod count;
mod distance;
mod lsa;
mod refine;
pub mod rule;

pub use crate::auto::{OrAuto, SMALL_CORPUS_UNITS};

pub use count::TopicCount;
pub use distance::FastL2;
pub use lsa::{lsa, spmm, Basis, Lsa};
pub use refine::refine;
pub use rule::{Multinomial, Rule, RuleKind};

use crate::error::{Error, ParamError, Result};
use crate::vectorize::{CountsView, Matrix};
use linfa::prelude::*;
use linfa_clustering::{KMeans, KMeansInit};
use ndarray::{Array2, Axis};
use rand::SeedableRng;
use rand_xoshiro::Xoshiro256Plus;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sprs::CsMatI;

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
    /// Restarts are compared on max(2,000, 100·k) of them first. Range: at least 100.
    pub sample_size: usize,
    /// Passes of multinomial-mixture refinement after k-means (each unit moved to the topic
    /// whose words fit it best, judged without itself). 0 disables. Range 0–100, or
    /// `"auto"`: 1 for a corpus of up to [`SMALL_CORPUS_UNITS`] paragraph units, else 0
    /// ([`refine_sweeps_for`](Self::refine_sweeps_for)).
    pub refine_sweeps: OrAuto,
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
            sample_size: 10_000,
            refine_sweeps: OrAuto::Auto,
        }
    }
}

impl ClusterConfig {
    /// The refinement sweeps run on a corpus of `n_units` paragraph units:
    /// `refine_sweeps`, or with `"auto"`, 1 up to [`SMALL_CORPUS_UNITS`] units and 0
    /// above. On a small corpus k-means in the LSA space leaves units whose words fit
    /// another topic better, and one sweep moves them (bbc-dev NMI 0.888 → 0.905 with
    /// bigrams); on a large one the topics' word distributions are already well
    /// estimated and the sweep would only add a pass over every non-zero per topic.
    pub fn refine_sweeps_for(&self, n_units: usize) -> usize {
        self.refine_sweeps.resolve(n_units, 1, 0)
    }

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
        if let OrAuto::Fixed(n) = self.refine_sweeps {
            range("cluster.refine_sweeps", n as u64, 0, 100)?;
        }
        if !(self.tolerance > 0.0 && self.tolerance < 1.0) {
            return Err(ParamError::new(
                "cluster.tolerance",
                format!("is {}; it must be in (0, 1), e.g. 1e-4", self.tolerance),
            ));
        }
        Ok(())
    }

    /// Checks the values against a corpus of `n_units` units with words (unassigned
    /// units do not count).
    pub fn validate_for(&self, n_units: usize) -> Result<(), ParamError> {
        self.validate()?;
        match self.k {
            TopicCount::Fixed(k) if k > n_units => {
                return Err(ParamError::new(
                    "cluster.k",
                    format!(
                        "is {k} but the corpus has only {n_units} paragraph units with words; use a value between 1 and {n_units}"
                    ),
                ));
            }
            TopicCount::Auto if self.k_range[0] > n_units => {
                return Err(ParamError::new(
                    "cluster.k_range",
                    format!(
                        "starts at {} but the corpus has only {n_units} paragraph units with words; lower it",
                        self.k_range[0]
                    ),
                ));
            }
            _ => {}
        }
        Ok(())
    }
}

/// The clustered representation of a corpus: an LSA space fitted on a seeded sample of
/// the TF-IDF rows (all rows when there are at most `cluster.sample_size`).
#[derive(Debug, Clone)]
pub struct Embedding {
    /// The TF-IDF rows the space was fitted on, in fitting order (by content hash).
    pub rows: Vec<usize>,
    /// Every row with a term, in fitting order (by content hash): `rows` is its prefix.
    /// Rows without a term are unassigned and appear nowhere.
    pub order: Vec<usize>,
    /// Unit-length LSA coordinates of those rows (`rows.len()` × dims).
    pub coords: Array2<f64>,
    /// The LSA basis `V` (terms × dims, as factors): a TF-IDF row `x` has coordinates
    /// `x V`. Over the columns in `columns` when the sample does not use every term.
    pub basis: Basis,
    /// The TF-IDF columns the basis rows stand for (`None`: all, in order); terms absent
    /// from the sample have no weight.
    pub columns: Option<Vec<usize>>,
    /// Number of rows of the TF-IDF matrix (unassigned ones included).
    pub n_rows: usize,
    /// Number of columns of the TF-IDF matrix.
    pub n_terms: usize,
    /// Guided topics' starting centroids (`topics.seed_words`), if any.
    pub guide: Option<Guide>,
}

/// The starting centroids of guided topics: topic `i < n` of a guided fit starts at row
/// `i` and keeps index `i` through k-means; the other topics start by k-means++ given
/// these.
#[derive(Debug, Clone, PartialEq)]
pub struct Guide {
    /// The guided topics' names.
    pub names: Vec<String>,
    /// Their unit-length LSA coordinates (n × dims).
    pub coords: Array2<f64>,
    /// Their seed words' vocabulary columns.
    pub columns: Vec<Vec<usize>>,
}

impl Embedding {
    /// Number of LSA dimensions.
    pub fn dims(&self) -> usize {
        self.coords.ncols()
    }

    /// Unit-length LSA centroids (k × dims) mapped to term space, `V cᵀ`, over the
    /// basis's own terms: returns each TF-IDF column's row in the table (`u32::MAX` for
    /// terms absent from the fitted sample, which weigh nothing) and the table
    /// (basis terms × k, standard layout).
    pub fn term_table(&self, centroids: &Array2<f64>) -> (Vec<u32>, Array2<f64>) {
        let w = self.basis.times(centroids.t());
        let slot = match &self.columns {
            None => (0..self.n_terms as u32).collect(),
            Some(cols) => {
                let mut slot = vec![u32::MAX; self.n_terms];
                for (s, &j) in cols.iter().enumerate() {
                    slot[j] = s as u32;
                }
                slot
            }
        };
        (slot, w)
    }
}

/// The result of clustering.
#[derive(Debug, Clone)]
pub struct Clustering {
    /// Topic of each unit, `0..k`, topic 0 the largest; `None` for an unassigned unit
    /// (its row has no term the fitted model knows; contracts §2).
    pub labels: Vec<Option<usize>>,
    /// Unit-length topic centroids in the LSA space (k × dims).
    pub centroids: Array2<f64>,
    /// Cosine similarity of each unit's TF-IDF row to its topic's centroid (the centroid
    /// mapped back from the LSA space to the terms); 0 for an unassigned unit.
    pub similarity: Vec<f64>,
    /// Mean squared distance of the fitted rows to their centroids, in the LSA space.
    pub inertia: f64,
    /// Number of rows the LSA space and k-means were fitted on.
    pub fitted_rows: usize,
    /// The rule that placed every row (and places new ones).
    pub rule: Rule,
    /// Per topic, the index of the guided topic (in [`Guide::names`]) it started from.
    pub guided: Vec<Option<usize>>,
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
    partition(&embedding, tfidf, counts, k, config)
}

/// Rows kept per topic at least, when the sample is drawn: `cluster.sample_size` is
/// raised to `10 × k` (the largest k tried) so every topic has rows to fit on.
const ROWS_PER_TOPIC: usize = 10;

/// Fits the LSA space on a seeded sample of at most `cluster.sample_size` rows (raised to
/// 10 rows per topic) and returns the sample's unit-length coordinates with the basis.
///
/// The cost is that of a truncated SVD of the sample: bounded, whatever the corpus size.
pub fn embed(tfidf: &Matrix, config: &ClusterConfig) -> Result<Embedding> {
    let order = fitting_order(tfidf, config.seed);
    config
        .validate_for(order.len())
        .map_err(|e| Error::Config(e.to_string()))?;
    let k_max = match config.k {
        TopicCount::Fixed(k) => k,
        TopicCount::Auto => config.k_range[1],
    };
    let size = config.sample_size.max(ROWS_PER_TOPIC * k_max);
    let rows = order[..size.min(order.len())].to_vec();
    let (sub, columns) = select_rows(tfidf, &rows);
    let fitted = lsa(&sub, config.dims, config.seed)?;
    let mut coords = fitted.embedding;
    normalize_rows(&mut coords);
    Ok(Embedding {
        rows,
        order,
        coords,
        basis: fitted.basis,
        columns: Some(columns),
        n_rows: tfidf.rows(),
        n_terms: tfidf.cols(),
        guide: None,
    })
}

/// The rows that have a term, ordered by a seeded hash of their content (their terms and
/// weights; ties, which are identical rows, by row number): the order every random
/// choice of the fit follows, so that renaming or reordering the input files changes
/// nothing (contracts §4).
pub fn fitting_order(tfidf: &Matrix, seed: u64) -> Vec<usize> {
    let mut keyed: Vec<(u64, usize)> = (0..tfidf.rows())
        .into_par_iter()
        .filter_map(|i| {
            let row = tfidf.outer_view(i).expect("row in range");
            (row.nnz() > 0).then(|| (content_hash(row.indices(), row.data(), seed), i))
        })
        .collect();
    keyed.par_sort_unstable();
    keyed.into_iter().map(|(_, i)| i).collect()
}

/// A seeded 64-bit hash of a sparse row (its column numbers and weight bits), the same
/// on every platform and Rust version (splitmix64 finalisation of a multiply-xor chain).
fn content_hash(indices: &[u32], data: &[f32], seed: u64) -> u64 {
    let mix = |mut z: u64| {
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    let mut h = mix(seed ^ 0x9E37_79B9_7F4A_7C15);
    for (&j, &x) in indices.iter().zip(data) {
        h = mix(h ^ (u64::from(j) << 32 | u64::from(x.to_bits())));
    }
    h
}

/// The rows `idx` of a CSR matrix, in that order, as a new matrix over the columns those
/// rows use (renumbered in column order), with the original number of each kept column.
fn select_rows(m: &Matrix, idx: &[usize]) -> (Matrix, Vec<usize>) {
    let mut used = vec![u32::MAX; m.cols()];
    for &i in idx {
        for &j in m.outer_view(i).expect("row index in range").indices() {
            used[j as usize] = 0;
        }
    }
    let mut columns = Vec::new();
    for (j, u) in used.iter_mut().enumerate() {
        if *u == 0 {
            *u = columns.len() as u32;
            columns.push(j);
        }
    }
    let mut indptr = Vec::with_capacity(idx.len() + 1);
    let mut indices = Vec::new();
    let mut data = Vec::new();
    indptr.push(0);
    for &i in idx {
        let row = m.outer_view(i).expect("row index in range");
        indices.extend(row.indices().iter().map(|&j| used[j as usize]));
        data.extend_from_slice(row.data());
        indptr.push(indices.len());
    }
    let sub = CsMatI::new((idx.len(), columns.len()), indptr, indices, data);
    (sub, columns)
}

/// Groups every row of `tfidf` into `k` topics: spherical k-means on the embedded sample
/// (several seeded restarts), then each row goes to the centroid with the largest cosine
/// — computed in term space, as `x · (basis · c)`, in one parallel pass over the sparse
/// rows — then the optional refinement.
pub fn partition(
    embedding: &Embedding,
    tfidf: &Matrix,
    counts: &CountsView,
    k: usize,
    config: &ClusterConfig,
) -> Result<Clustering> {
    let n = embedding.order.len();
    if k == 0 || k > n || k > embedding.coords.nrows() {
        return Err(Error::Config(format!(
            "cluster.k: is {k} but the corpus has only {n} paragraph units with words; use a value between 1 and {n}"
        )));
    }
    if let Some(g) = &embedding.guide {
        if g.names.len() > k {
            return Err(Error::Config(format!(
                "topics.seed_words: {} guided topics but cluster.k is {k}; raise cluster.k to at least {} or guide fewer topics",
                g.names.len(),
                g.names.len()
            )));
        }
    }
    let guide = embedding.guide.as_ref().map(|g| &g.coords);
    let mut centroids = kmeans(&embedding.coords, k, config, guide)?;
    normalize_rows(&mut centroids);
    let (slot, table) = embedding.term_table(&centroids);
    let (mut labels, mut similarity) = rule::centroid_assign(tfidf, &slot, &table);
    let sweeps = config.refine_sweeps_for(n);
    let mut rule = Rule::Centroid;
    if refine(counts, &mut labels, k, sweeps, &embedding.order) > 0 {
        // the refined partition's word table is the rule: every row is placed by it,
        // so the labels are what a saved model predicts on these rows
        let table = Multinomial::estimate(counts, &labels, k);
        labels = table.assign(counts);
        rule = Rule::Multinomial(table);
        centroids = member_centroids(embedding, &labels, k);
        let (slot, table) = embedding.term_table(&centroids);
        similarity = rule::similarities(tfidf, &slot, &table, &labels);
    }
    Ok(finish(embedding, labels, similarity, centroids, rule, k))
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

/// Restarts are compared on at most `max(RESTART_ROWS, RESTART_ROWS_PER_TOPIC × k)` rows;
/// the winner is then refitted on the full sample. Below it (most corpora of documents),
/// everything runs on all rows.
const RESTART_ROWS: usize = 2_000;

/// See [`RESTART_ROWS`]: about a hundred rows per topic are enough to rank the restarts.
const RESTART_ROWS_PER_TOPIC: usize = 100;

/// Iterations each restart runs before the restarts are compared.
const RESTART_ITERATIONS: u64 = 10;

/// A seeded sample of at most `size` rows of `x`, in row order.
fn sample_rows<T: Clone>(
    x: &Array2<T>,
    size: usize,
    rng: &mut Xoshiro256Plus,
) -> Option<Array2<T>> {
    let n = x.nrows();
    (n > size).then(|| {
        let mut idx = rand::seq::index::sample(rng, n, size).into_vec();
        idx.sort_unstable();
        x.select(Axis(0), &idx)
    })
}

/// linfa's k-means on the (sampled) rows, in single precision; returns the centroids
/// (k × dims).
///
/// With a `guide` (n × dims), every restart starts from the guide's rows followed by
/// k − n centroids drawn by k-means++ given them ([`guided_init`]).
fn kmeans(
    x: &Array2<f64>,
    k: usize,
    config: &ClusterConfig,
    guide: Option<&Array2<f64>>,
) -> Result<Array2<f64>> {
    let mut rng = Xoshiro256Plus::seed_from_u64(config.seed);
    let x32 = x.mapv(|v| v as f32);
    // restarts are compared after a bounded number of iterations; the best one then runs
    // to convergence
    let restart_iter = config.max_iter.min(RESTART_ITERATIONS);
    let fit = |data: &Array2<f32>,
               runs: usize,
               init: KMeansInit<f32>,
               rng: Xoshiro256Plus,
               iterations: u64| {
        KMeans::params_with(k, rng, FastL2)
            .n_runs(runs)
            .max_n_iterations(iterations)
            .tolerance(config.tolerance as f32)
            .init_method(init)
            .fit(&DatasetBase::from(data.view()))
            .map_err(|e| Error::Runtime(format!("k-means failed: {e}")))
    };
    // restarts run in parallel, each with its own seeded generator; the lowest inertia
    // wins (ties: the first), so the result does not depend on the thread count
    let best_of = |data: &Array2<f32>| -> Result<KMeans<f32, FastL2>> {
        let runs: Vec<_> = (0..config.restarts)
            .into_par_iter()
            .map(|r| {
                let rng = Xoshiro256Plus::seed_from_u64(
                    config.seed ^ (0x9E37_79B9_7F4A_7C15u64.wrapping_mul(r as u64 + 1)),
                );
                let init = match guide {
                    None => KMeansInit::KMeansPlusPlus,
                    Some(g) => {
                        let mut rng = rng.clone();
                        KMeansInit::Precomputed(guided_init(
                            data,
                            &g.mapv(|v| v as f32),
                            k,
                            &mut rng,
                        ))
                    }
                };
                fit(data, 1, init, rng, restart_iter)
            })
            .collect::<Result<_>>()?;
        Ok(runs
            .into_iter()
            .reduce(|a, b| if b.inertia() < a.inertia() { b } else { a })
            .expect("at least one restart"))
    };
    let restart_rows = RESTART_ROWS.max(RESTART_ROWS_PER_TOPIC * k);
    // compare the restarts on a small sample (or on every row), then run the best to
    // convergence on every row unless it already did
    let small = sample_rows(&x32, restart_rows, &mut rng);
    let best = best_of(small.as_ref().unwrap_or(&x32))?;
    let model = if small.is_some() || restart_iter < config.max_iter {
        fit(
            &x32,
            1,
            KMeansInit::Precomputed(best.centroids().clone()),
            rng,
            config.max_iter,
        )?
    } else {
        best
    };
    Ok(model.centroids().mapv(f64::from))
}

/// k-means++ seeding continued from fixed centroids (Arthur & Vassilvitskii 2007): the
/// `fixed` rows (n × dims) come first, then each next centroid is a row of `x` drawn
/// with probability proportional to its squared distance to the nearest centroid so
/// far. Returns k × dims.
pub fn guided_init(
    x: &Array2<f32>,
    fixed: &Array2<f32>,
    k: usize,
    rng: &mut Xoshiro256Plus,
) -> Array2<f32> {
    use rand::Rng;
    let mut chosen: Vec<ndarray::Array1<f32>> =
        fixed.rows().into_iter().map(|r| r.to_owned()).collect();
    let dist = |r: ndarray::ArrayView1<f32>, c: &ndarray::Array1<f32>| -> f64 {
        r.iter().zip(c).map(|(a, b)| f64::from(a - b).powi(2)).sum()
    };
    let mut d2: Vec<f64> = x
        .rows()
        .into_iter()
        .map(|r| {
            chosen
                .iter()
                .map(|c| dist(r, c))
                .fold(f64::INFINITY, f64::min)
        })
        .collect();
    while chosen.len() < k {
        let total: f64 = d2.iter().sum();
        let pick = if total > 0.0 && total.is_finite() {
            let mut t = rng.gen::<f64>() * total;
            d2.iter()
                .position(|&d| {
                    t -= d;
                    t <= 0.0
                })
                .unwrap_or(d2.len() - 1)
        } else {
            rng.gen_range(0..x.nrows())
        };
        let c = x.row(pick).to_owned();
        for (d, r) in d2.iter_mut().zip(x.rows()) {
            *d = d.min(dist(r, &c));
        }
        chosen.push(c);
    }
    let dims = x.ncols();
    Array2::from_shape_vec((k, dims), chosen.into_iter().flatten().collect()).expect("k × dims")
}

/// Unit-length centroids of the embedded rows, by the labels of those rows.
fn member_centroids(embedding: &Embedding, labels: &[Option<usize>], k: usize) -> Array2<f64> {
    let mut c = Array2::<f64>::zeros((k, embedding.dims()));
    for (row, &i) in embedding.coords.axis_iter(Axis(0)).zip(&embedding.rows) {
        let mut cr = c.row_mut(labels[i].expect("fitted rows have terms"));
        cr += &row;
    }
    normalize_rows(&mut c);
    c
}

/// Renumbers topics by size (largest first; ties by the topic's first unit in fitting
/// order, so by content) and computes the inertia of the embedded rows.
fn finish(
    embedding: &Embedding,
    labels: Vec<Option<usize>>,
    similarity: Vec<f64>,
    centroids: Array2<f64>,
    rule: Rule,
    k: usize,
) -> Clustering {
    let mut size = vec![0usize; k];
    let mut first = vec![usize::MAX; k];
    for (pos, &i) in embedding.order.iter().enumerate() {
        if let Some(l) = labels[i] {
            size[l] += 1;
            first[l] = first[l].min(pos);
        }
    }
    let mut order: Vec<usize> = (0..k).collect();
    order.sort_by(|&a, &b| size[b].cmp(&size[a]).then(first[a].cmp(&first[b])));
    let mut clustering = Clustering {
        labels,
        centroids,
        similarity,
        inertia: 0.0,
        fitted_rows: embedding.rows.len(),
        rule,
        guided: (0..k)
            .map(|t| {
                embedding
                    .guide
                    .as_ref()
                    .and_then(|g| (t < g.names.len()).then_some(t))
            })
            .collect(),
    };
    clustering.renumber(&order);
    clustering.inertia = inertia(embedding, &clustering);
    clustering
}

/// Mean squared distance of the embedded rows to their topics' centroids, in the LSA
/// space.
pub fn inertia(embedding: &Embedding, clustering: &Clustering) -> f64 {
    let sq: Vec<f64> = embedding
        .coords
        .axis_iter(Axis(0))
        .into_par_iter()
        .zip(embedding.rows.par_iter())
        .map(|(row, &i)| {
            let l = clustering.labels[i].expect("fitted rows have terms");
            let diff = &row - &clustering.centroids.row(l);
            diff.dot(&diff)
        })
        .collect();
    sq.iter().sum::<f64>() / sq.len().max(1) as f64
}

impl Clustering {
    /// Renumbers the topics: new topic `t` is old topic `order[t]` (a permutation of
    /// `0..k`); labels and centroids follow.
    pub fn renumber(&mut self, order: &[usize]) {
        let mut rank = vec![0usize; order.len()];
        for (new, &old) in order.iter().enumerate() {
            rank[old] = new;
        }
        for l in self.labels.iter_mut().flatten() {
            *l = rank[*l];
        }
        self.centroids = self.centroids.select(Axis(0), order);
        if let Rule::Multinomial(m) = &mut self.rule {
            m.renumber(order);
        }
        if self.guided.len() == order.len() {
            self.guided = order.iter().map(|&o| self.guided[o]).collect();
        }
    }

    /// Number of assigned units.
    pub fn assigned(&self) -> usize {
        self.labels.iter().filter(|l| l.is_some()).count()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_refines_small_corpora_once_and_large_ones_never() {
        let auto = ClusterConfig::default();
        assert_eq!(auto.refine_sweeps, OrAuto::Auto);
        assert_eq!(auto.refine_sweeps_for(SMALL_CORPUS_UNITS), 1);
        assert_eq!(auto.refine_sweeps_for(SMALL_CORPUS_UNITS + 1), 0);
        let fixed = ClusterConfig {
            refine_sweeps: OrAuto::Fixed(3),
            ..Default::default()
        };
        assert_eq!(fixed.refine_sweeps_for(50), 3);
        assert_eq!(fixed.refine_sweeps_for(1_000_000), 3);
    }
}
