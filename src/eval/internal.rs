//! Metrics that need no labels: silhouette, NPMI coherence, diversity.

use crate::vectorize::CountsView;
use ndarray::{Array2, Axis};
use rand::SeedableRng;
use rand_xoshiro::Xoshiro256Plus;
use rayon::prelude::*;
use std::collections::HashSet;

/// Rows per block of the silhouette's similarity products.
const SILHOUETTE_BLOCK: usize = 256;

/// One row's silhouette from its summed distances to each topic's members.
fn silhouette_of(sum: &[f64], own: usize, size: &[usize]) -> f64 {
    if size[own] <= 1 {
        return 0.0;
    }
    let a = sum[own] / (size[own] - 1) as f64;
    let b = (0..sum.len())
        .filter(|&c| c != own && size[c] > 0)
        .map(|c| sum[c] / size[c] as f64)
        .fold(f64::INFINITY, f64::min);
    if !b.is_finite() {
        return 0.0;
    }
    let m = a.max(b);
    if m > 0.0 {
        (b - a) / m
    } else {
        0.0
    }
}

/// Mean silhouette with cosine distance (`1 − x·y` on unit rows) over a seeded sample of
/// at most `sample` rows. Units in topics of one member score 0, as in scikit-learn.
pub fn silhouette(x: &Array2<f64>, labels: &[usize], k: usize, sample: usize, seed: u64) -> f64 {
    let n = x.nrows();
    if k < 2 || n < 3 {
        return 0.0;
    }
    let idx: Vec<usize> = if n > sample {
        let mut rng = Xoshiro256Plus::seed_from_u64(seed);
        let mut v = rand::seq::index::sample(&mut rng, n, sample).into_vec();
        v.sort_unstable();
        v
    } else {
        (0..n).collect()
    };
    let sub = x.select(Axis(0), &idx);
    let lab: Vec<usize> = idx.iter().map(|&i| labels[i]).collect();
    let mut size = vec![0usize; k];
    for &l in &lab {
        size[l] += 1;
    }
    // cosine similarities one block of rows at a time (a matrix product), blocks in
    // parallel; each row's sums run in column order, so the result is thread-independent
    let m = idx.len();
    let scores: Vec<f64> = (0..m.div_ceil(SILHOUETTE_BLOCK))
        .into_par_iter()
        .flat_map_iter(|b| {
            let rows = b * SILHOUETTE_BLOCK..m.min((b + 1) * SILHOUETTE_BLOCK);
            let sims = sub.slice(ndarray::s![rows.clone(), ..]).dot(&sub.t());
            let (lab, size) = (&lab, &size);
            rows.map(move |i| {
                let mut sum = vec![0.0f64; k];
                for (j, &s) in sims.row(i - b * SILHOUETTE_BLOCK).iter().enumerate() {
                    if j != i {
                        sum[lab[j]] += 1.0 - s;
                    }
                }
                silhouette_of(&sum, lab[i], size)
            })
        })
        .collect();
    scores.iter().sum::<f64>() / scores.len() as f64
}

/// Rows per parallel work item when counting co-occurrences.
const ROW_CHUNK: usize = 4096;

/// Document frequencies of each topic's terms and of each pair of them, over all rows.
#[derive(Clone)]
struct CoCounts {
    /// `df[t][a]`: rows containing term `a` of topic `t`.
    df: Vec<Vec<u64>>,
    /// `both[t][a * len + b]`: rows containing terms `a` and `b` of topic `t`.
    both: Vec<Vec<u64>>,
}

impl CoCounts {
    fn new(topics: &[Vec<usize>]) -> Self {
        CoCounts {
            df: topics.iter().map(|c| vec![0; c.len()]).collect(),
            both: topics.iter().map(|c| vec![0; c.len() * c.len()]).collect(),
        }
    }

    fn add(mut self, other: CoCounts) -> Self {
        for (a, b) in self.df.iter_mut().zip(other.df) {
            a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
        }
        for (a, b) in self.both.iter_mut().zip(other.both) {
            a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
        }
        self
    }
}

/// NPMI coherence of each topic's terms (matrix columns), from document co-occurrence
/// over the rows of `counts`: `NPMI(i, j) = ln(p(i,j) / (p(i) p(j))) / −ln p(i,j)`, −1
/// when the terms never co-occur. Returns the per-topic means (pairs of distinct terms).
///
/// One parallel pass over the rows counts every term and pair frequency (no postings
/// lists, no transposed copy); counts are integers, so the sums are exact whatever the
/// thread count.
pub fn npmi_coherence(counts: &CountsView, topics: &[Vec<usize>]) -> Vec<f64> {
    let n_rows = counts.rows();
    let n = n_rows as f64;
    // for each column, the (topic, position) pairs it stands in
    let mut places: Vec<Vec<(u32, u32)>> = vec![Vec::new(); counts.cols()];
    for (t, cols) in topics.iter().enumerate() {
        for (a, &j) in cols.iter().enumerate() {
            places[j].push((t as u32, a as u32));
        }
    }
    let totals = (0..n_rows.div_ceil(ROW_CHUNK))
        .into_par_iter()
        .fold(
            || {
                (
                    CoCounts::new(topics),
                    vec![Vec::new(); topics.len()],
                    Vec::new(),
                )
            },
            |(mut acc, mut present, mut touched): (CoCounts, Vec<Vec<u32>>, Vec<u32>), c| {
                for i in c * ROW_CHUNK..n_rows.min((c + 1) * ROW_CHUNK) {
                    let row = counts.outer_view(i).expect("row in range");
                    for &j in row.indices() {
                        for &(t, a) in &places[j as usize] {
                            if present[t as usize].is_empty() {
                                touched.push(t);
                            }
                            present[t as usize].push(a);
                        }
                    }
                    for &t in &touched {
                        let (t, terms) = (t as usize, &mut present[t as usize]);
                        let len = topics[t].len();
                        for (x, &a) in terms.iter().enumerate() {
                            acc.df[t][a as usize] += 1;
                            for &b in &terms[x + 1..] {
                                let (lo, hi) = (a.min(b) as usize, a.max(b) as usize);
                                acc.both[t][lo * len + hi] += 1;
                            }
                        }
                        terms.clear();
                    }
                    touched.clear();
                }
                (acc, present, touched)
            },
        )
        .map(|(acc, _, _)| acc)
        .reduce(|| CoCounts::new(topics), CoCounts::add);
    topics
        .iter()
        .enumerate()
        .map(|(t, cols)| {
            let len = cols.len();
            let df = &totals.df[t];
            let mut total = 0.0;
            let mut pairs = 0usize;
            for a in 0..len {
                for b in a + 1..len {
                    if df[a] == 0 || df[b] == 0 {
                        continue;
                    }
                    let both = totals.both[t][a * len + b] as f64;
                    pairs += 1;
                    total += if both == 0.0 {
                        -1.0
                    } else {
                        let pij = both / n;
                        let pi = df[a] as f64 / n;
                        let pj = df[b] as f64 / n;
                        if pij >= 1.0 {
                            1.0
                        } else {
                            (pij / (pi * pj)).ln() / -pij.ln()
                        }
                    };
                }
            }
            if pairs == 0 {
                0.0
            } else {
                total / pairs as f64
            }
        })
        .collect()
}

/// Share of unique terms among all topics' top terms.
pub fn diversity(topics: &[Vec<usize>]) -> f64 {
    let total: usize = topics.iter().map(Vec::len).sum();
    if total == 0 {
        return 0.0;
    }
    let unique: HashSet<usize> = topics.iter().flatten().copied().collect();
    unique.len() as f64 / total as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;
    use sprs::TriMatI;

    #[test]
    fn npmi_on_a_toy_cooccurrence_table() {
        // 4 units; A in {0,1}, B in {0,1}, C in {2}, D in {0,2}
        let mut t = TriMatI::<u32, u32>::new((4, 4));
        for (r, c) in [(0, 0), (1, 0), (0, 1), (1, 1), (2, 2), (0, 3), (2, 3)] {
            t.add_triplet(r, c, 1u32);
        }
        let m = t.to_csr::<usize>();
        let m = m.view();
        // A,B always together: NPMI = ln(0.5 / 0.25) / −ln 0.5 = 1
        assert!((npmi_coherence(&m, &[vec![0, 1]])[0] - 1.0).abs() < 1e-12);
        // A,C never together: −1
        assert_eq!(npmi_coherence(&m, &[vec![0, 2]])[0], -1.0);
        // A,D: p = 1/4, pA = pD = 1/2 → ln(1) / ln 4 = 0
        assert!(npmi_coherence(&m, &[vec![0, 3]])[0].abs() < 1e-12);
        // topic of three: mean of (1, −1, 0)... A,B,C: pairs AB=1, AC=−1, BC=−1
        let three = npmi_coherence(&m, &[vec![0, 1, 2]])[0];
        assert!((three - (-1.0 / 3.0)).abs() < 1e-12);
    }

    #[test]
    fn diversity_counts_repeats() {
        assert_eq!(diversity(&[vec![0, 1], vec![1, 2]]), 0.75);
    }

    #[test]
    fn silhouette_of_two_tight_groups_is_high() {
        let x = array![[1.0, 0.0], [0.995, 0.0998], [0.0, 1.0], [0.0998, 0.995]];
        let s = silhouette(&x, &[0, 0, 1, 1], 2, 100, 1);
        assert!(s > 0.9, "{s}");
        let bad = silhouette(&x, &[0, 1, 0, 1], 2, 100, 1);
        assert!(bad < 0.0, "{bad}");
    }
}
