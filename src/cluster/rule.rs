//! The assignment rule: how a TF-IDF row is placed in a topic. Fitting ends by applying
//! it to every training row, and a saved model applies the same code to new rows, so the
//! training labels are exactly what `predict` gives on the training corpus.

use crate::vectorize::{CountsView, Matrix};
use ndarray::Array2;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

/// Rows per parallel work item (fixed: thread-count independent).
const CHUNK: usize = 4096;

/// Which score places a row.
#[derive(Debug, Clone, PartialEq)]
pub enum Rule {
    /// The largest cosine between the row and a unit-length centroid mapped to term space
    /// (`x · V c`); ties go to the lower topic. The k-means rule.
    Centroid,
    /// The largest multinomial log-likelihood of the row's term counts plus the log of the
    /// topic's size: `ln n_c + Σ_j x_j ln p_cj`, with `p_cj = (w_cj + 1) / (w_c + V)`
    /// estimated from the refined partition; ties go to the lower topic. Used when the
    /// refinement step ([`super::refine`]) moved units.
    Multinomial(Multinomial),
}

/// The table of [`Rule::Multinomial`].
#[derive(Debug, Clone, PartialEq)]
pub struct Multinomial {
    /// `ln n_c` per topic (k).
    pub log_prior: Vec<f64>,
    /// `ln p_cj`, topics × terms.
    pub log_prob: Array2<f64>,
}

/// The rule's name, as stored in `model.json`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleKind {
    /// [`Rule::Centroid`]
    Centroid,
    /// [`Rule::Multinomial`]
    Multinomial,
}

impl Rule {
    /// The rule's name.
    pub fn kind(&self) -> RuleKind {
        match self {
            Rule::Centroid => RuleKind::Centroid,
            Rule::Multinomial(_) => RuleKind::Multinomial,
        }
    }
}

impl Multinomial {
    /// The table estimated from `labels` over the term `counts` (units × terms), with
    /// Laplace smoothing 1; empty topics get prior `ln 0 = -inf` and never win.
    pub fn estimate(counts: &CountsView, labels: &[Option<usize>], k: usize) -> Multinomial {
        let v = counts.cols();
        let mut w = Array2::<f64>::zeros((k, v));
        let mut size = vec![0usize; k];
        for (row, l) in counts.outer_iterator().zip(labels) {
            let Some(c) = *l else { continue };
            size[c] += 1;
            for (j, &x) in row.iter() {
                w[[c, j]] += f64::from(x);
            }
        }
        for mut r in w.rows_mut() {
            let denom = (r.sum() + v as f64).ln();
            r.mapv_inplace(|x| (x + 1.0).ln() - denom);
        }
        Multinomial {
            log_prior: size.iter().map(|&n| (n as f64).ln()).collect(),
            log_prob: w,
        }
    }

    /// Each row's topic; `None` for a row without counts.
    pub fn assign(&self, counts: &CountsView) -> Vec<Option<usize>> {
        let n = counts.rows();
        let k = self.log_prior.len();
        (0..n.div_ceil(CHUNK))
            .into_par_iter()
            .flat_map_iter(|c| {
                let mut score = vec![0.0f64; k];
                (c * CHUNK..n.min((c + 1) * CHUNK))
                    .map(|i| {
                        let row = counts.outer_view(i).expect("row in range");
                        if row.nnz() == 0 {
                            return None;
                        }
                        for (t, s) in score.iter_mut().enumerate() {
                            let lp = self.log_prob.row(t);
                            *s = self.log_prior[t]
                                + row.iter().map(|(j, &x)| f64::from(x) * lp[j]).sum::<f64>();
                        }
                        Some(argmax(&score))
                    })
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    /// Topics renumbered: new topic `t` is old topic `order[t]`.
    pub fn renumber(&mut self, order: &[usize]) {
        self.log_prior = order.iter().map(|&o| self.log_prior[o]).collect();
        self.log_prob = self.log_prob.select(ndarray::Axis(0), order);
    }
}

/// The first index of the largest value.
fn argmax<T: PartialOrd + Copy>(v: &[T]) -> usize {
    let mut best = 0;
    for (t, &s) in v.iter().enumerate().skip(1) {
        if s > v[best] {
            best = t;
        }
    }
    best
}

/// Each row's topic by the largest cosine to a centroid mapped to term space, and that
/// cosine, in one parallel pass over the sparse rows; `None` (and 0) for a row with no
/// term the table knows, which is no closer to one topic than to another.
///
/// `slot[j]` is column `j`'s row of `table` (`u32::MAX`: the column weighs nothing);
/// `table` is terms × k. The products run in single precision, as TF-IDF values are
/// stored.
pub fn centroid_assign(
    tfidf: &Matrix,
    slot: &[u32],
    table: &Array2<f64>,
) -> (Vec<Option<usize>>, Vec<f64>) {
    let k = table.ncols();
    let w: Vec<f32> = table.iter().map(|&x| x as f32).collect();
    let n = tfidf.rows();
    let parts: Vec<Vec<(Option<usize>, f64)>> = (0..n.div_ceil(CHUNK))
        .into_par_iter()
        .map(|c| {
            let mut score = vec![0.0f32; k];
            (c * CHUNK..n.min((c + 1) * CHUNK))
                .map(|i| {
                    let row = tfidf.outer_view(i).expect("row in range");
                    score.fill(0.0);
                    let mut known = false;
                    for (&j, &x) in row.indices().iter().zip(row.data()) {
                        let s = slot[j as usize];
                        if s == u32::MAX {
                            continue;
                        }
                        known = true;
                        let s = s as usize;
                        for (sc, &c) in score.iter_mut().zip(&w[s * k..(s + 1) * k]) {
                            *sc += x * c;
                        }
                    }
                    if !known {
                        return (None, 0.0);
                    }
                    let best = argmax(&score);
                    (Some(best), f64::from(score[best]))
                })
                .collect()
        })
        .collect();
    parts.into_iter().flatten().unzip()
}

/// Each row's cosine to its own topic's centroid mapped to term space (`table`, as in
/// [`centroid_assign`]); 0 for an unassigned row.
pub fn similarities(
    tfidf: &Matrix,
    slot: &[u32],
    table: &Array2<f64>,
    labels: &[Option<usize>],
) -> Vec<f64> {
    (0..tfidf.rows())
        .into_par_iter()
        .map(|i| {
            let row = tfidf.outer_view(i).expect("row in range");
            let Some(l) = labels[i] else {
                return 0.0;
            };
            row.iter()
                .filter(|(j, _)| slot[*j] != u32::MAX)
                .map(|(j, &x)| f64::from(x) * table[[slot[j] as usize, l]])
                .sum()
        })
        .collect()
}
