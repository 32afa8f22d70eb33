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

/// Rows per parallel work item when collecting postings (fixed: thread-count independent).
const ROW_CHUNK: usize = 4096;

/// NPMI coherence of each topic's terms (matrix columns), from document co-occurrence
/// over the rows of `counts`: `NPMI(i, j) = ln(p(i,j) / (p(i) p(j))) / −ln p(i,j)`, −1
/// when the terms never co-occur. Returns the per-topic means (pairs of distinct terms).
pub fn npmi_coherence(counts: &CountsView, topics: &[Vec<usize>]) -> Vec<f64> {
    let n = counts.rows() as f64;
    // rows containing each wanted column: one pass over the rows in fixed chunks (no
    // transposed copy of the whole matrix), chunks concatenated in order
    let mut slot = vec![u32::MAX; counts.cols()];
    let mut wanted: Vec<usize> = topics.iter().flatten().copied().collect();
    wanted.sort_unstable();
    wanted.dedup();
    for (s, &j) in wanted.iter().enumerate() {
        slot[j] = s as u32;
    }
    let rows: Vec<_> = counts.outer_iterator().collect();
    let parts: Vec<Vec<Vec<usize>>> = rows
        .par_chunks(ROW_CHUNK)
        .enumerate()
        .map(|(c, chunk)| {
            let mut lists = vec![Vec::new(); wanted.len()];
            for (r, row) in chunk.iter().enumerate() {
                for &j in row.indices() {
                    let s = slot[j as usize];
                    if s != u32::MAX {
                        lists[s as usize].push(c * ROW_CHUNK + r);
                    }
                }
            }
            lists
        })
        .collect();
    let mut postings: Vec<Vec<usize>> = vec![Vec::new(); wanted.len()];
    for part in parts {
        for (p, l) in postings.iter_mut().zip(part) {
            p.extend(l);
        }
    }
    let rows_of = |j: usize| -> Vec<usize> {
        wanted
            .binary_search(&j)
            .map(|s| postings[s].clone())
            .unwrap_or_default()
    };
    topics
        .par_iter()
        .map(|cols| {
            let sets: Vec<Vec<usize>> = cols.iter().map(|&j| rows_of(j)).collect();
            let mut total = 0.0;
            let mut pairs = 0usize;
            for a in 0..sets.len() {
                for b in a + 1..sets.len() {
                    let (sa, sb) = (&sets[a], &sets[b]);
                    if sa.is_empty() || sb.is_empty() {
                        continue;
                    }
                    let both = intersect_count(sa, sb) as f64;
                    pairs += 1;
                    total += if both == 0.0 {
                        -1.0
                    } else {
                        let pij = both / n;
                        let pi = sa.len() as f64 / n;
                        let pj = sb.len() as f64 / n;
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

fn intersect_count(a: &[usize], b: &[usize]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
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
