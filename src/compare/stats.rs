//! The statistics of a comparison, on per-document topic token counts.
//!
//! - **share**: a set of documents' tokens in a topic over their assigned tokens (a
//!   ratio estimator: long documents weigh more); **mean document share**: the mean of
//!   each document's own share (every document weighs the same).
//! - **intervals**: 95% percentile intervals of the share from resampling the documents
//!   (with replacement, as many as there are): the document is the unit, since the tokens
//!   of one document are not independent. Replicate `r` draws from a generator seeded by
//!   (`seed`, `r`, a hash of what is resampled), so the result does not depend on the
//!   thread count or on the other groups (contracts §9).
//! - **weighted log-odds** of a topic in a group against the rest (Monroe, Colaresi &
//!   Quinn 2008, "Fightin' Words", eq. 16) with an informative Dirichlet prior
//!   `α_t = α₀ π_t`: `π` the topic mix of all documents compared, `α₀` the mean assigned
//!   tokens of a document (the prior is worth one average document). Its z is the
//!   log-odds over its standard deviation across document resamples of the group and of
//!   the rest (not the token-count formula, which treats tokens as independent).
//!
//! ```
//! use paratopic::compare::stats::{share, share_interval};
//!
//! // five documents, two topics: 70 of their 160 tokens are in topic 0
//! let counts = vec![
//!     vec![30.0, 10.0], vec![10.0, 10.0], vec![0.0, 40.0], vec![20.0, 20.0], vec![10.0, 10.0],
//! ];
//! let all = [0, 1, 2, 3, 4];
//! assert_eq!(share(&counts, &all), vec![0.4375, 0.5625]);
//! let (low, high) = share_interval(&counts, &all, 1000, 7, 1).unwrap();
//! assert!(low[0] < 0.4375 && 0.4375 < high[0]);
//! // fewer than five documents: no interval
//! assert_eq!(share_interval(&counts, &all[..4], 1000, 7, 1), None);
//! ```

use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use rayon::prelude::*;

/// Groups and bins with fewer documents than this get no interval and no z.
pub const MIN_DOCUMENTS: usize = 5;

/// A 64-bit hash of `s` that is the same on every platform and Rust version (FNV-1a),
/// naming what a bootstrap resamples.
pub fn stable_hash(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The generator of bootstrap replicate `r` of the resampling named by `key`.
pub fn replicate_rng(seed: u64, r: usize, key: u64) -> Xoshiro256PlusPlus {
    let mix = |mut z: u64| {
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    let s = mix(mix(mix(seed ^ 0x9E37_79B9_7F4A_7C15) ^ r as u64) ^ key);
    Xoshiro256PlusPlus::seed_from_u64(s)
}

/// Sum of the count rows `docs` of `counts` (documents × topics).
fn totals(counts: &[Vec<f64>], docs: impl Iterator<Item = usize>, k: usize) -> Vec<f64> {
    let mut sum = vec![0.0; k];
    for d in docs {
        for (s, c) in sum.iter_mut().zip(&counts[d]) {
            *s += c;
        }
    }
    sum
}

/// Shares of `v` over its sum (zeros when it sums to 0).
fn normalise(v: &[f64]) -> Vec<f64> {
    let total: f64 = v.iter().sum();
    v.iter()
        .map(|x| if total > 0.0 { x / total } else { 0.0 })
        .collect()
}

/// The topic shares of the documents `docs` together: their tokens in each topic over
/// their assigned tokens.
pub fn share(counts: &[Vec<f64>], docs: &[usize]) -> Vec<f64> {
    let k = counts.first().map_or(0, Vec::len);
    normalise(&totals(counts, docs.iter().copied(), k))
}

/// The mean over `docs` (those with assigned tokens) of each document's topic shares.
pub fn mean_doc_share(counts: &[Vec<f64>], docs: &[usize]) -> Vec<f64> {
    let k = counts.first().map_or(0, Vec::len);
    let mut sum = vec![0.0; k];
    let mut n = 0usize;
    for &d in docs {
        let total: f64 = counts[d].iter().sum();
        if total > 0.0 {
            n += 1;
            for (s, c) in sum.iter_mut().zip(&counts[d]) {
                *s += c / total;
            }
        }
    }
    sum.iter().map(|s| s / n.max(1) as f64).collect()
}

/// Draws `docs.len()` of `docs` with replacement.
fn resample<'a>(rng: &'a mut impl Rng, docs: &'a [usize]) -> impl Iterator<Item = usize> + 'a {
    (0..docs.len()).map(move |_| docs[rng.gen_range(0..docs.len())])
}

/// The 2.5% and 97.5% percentiles (linear interpolation between order statistics) of
/// the share of each topic over `bootstrap` resamples of `docs`; `None` with fewer than
/// [`MIN_DOCUMENTS`] documents or no replicates. `key` names the resampling (see
/// [`replicate_rng`]).
pub fn share_interval(
    counts: &[Vec<f64>],
    docs: &[usize],
    bootstrap: usize,
    seed: u64,
    key: u64,
) -> Option<(Vec<f64>, Vec<f64>)> {
    if docs.len() < MIN_DOCUMENTS || bootstrap == 0 {
        return None;
    }
    let k = counts.first().map_or(0, Vec::len);
    let reps: Vec<Vec<f64>> = (0..bootstrap)
        .into_par_iter()
        .map(|r| {
            let mut rng = replicate_rng(seed, r, key);
            normalise(&totals(counts, resample(&mut rng, docs), k))
        })
        .collect();
    let mut low = Vec::with_capacity(k);
    let mut high = Vec::with_capacity(k);
    let mut column = vec![0.0; bootstrap];
    for t in 0..k {
        for (c, r) in column.iter_mut().zip(&reps) {
            *c = r[t];
        }
        column.sort_by(f64::total_cmp);
        low.push(percentile(&column, 0.025));
        high.push(percentile(&column, 0.975));
    }
    Some((low, high))
}

/// The `p` quantile of sorted `v` (linear interpolation, R's type 7).
pub fn percentile(v: &[f64], p: f64) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    let h = (v.len() - 1) as f64 * p;
    let (lo, hi) = (h.floor() as usize, h.ceil() as usize);
    v[lo] + (h - lo as f64) * (v[hi] - v[lo])
}

/// The weighted log-odds of each topic in a group (topic token counts `group`) against
/// the rest (`rest`), with prior `alpha` (per topic; `α₀` is its sum): Monroe et al.
/// 2008, eq. 16.
pub fn log_odds(group: &[f64], rest: &[f64], alpha: &[f64]) -> Vec<f64> {
    let a0: f64 = alpha.iter().sum();
    let (ng, nr): (f64, f64) = (group.iter().sum(), rest.iter().sum());
    group
        .iter()
        .zip(rest)
        .zip(alpha)
        .map(|((&yg, &yr), &a)| {
            ((yg + a) / (ng + a0 - yg - a)).ln() - ((yr + a) / (nr + a0 - yr - a)).ln()
        })
        .collect()
}

/// The informative prior of [`log_odds`] for these documents: the topic mix of all of
/// them, scaled to the mean assigned tokens of a document.
pub fn prior(counts: &[Vec<f64>], docs: &[usize]) -> Vec<f64> {
    let k = counts.first().map_or(0, Vec::len);
    let total = totals(counts, docs.iter().copied(), k);
    let a0 = total.iter().sum::<f64>() / docs.len().max(1) as f64;
    normalise(&total).iter().map(|p| p * a0).collect()
}

/// A group's weighted log-odds per topic against the rest, and their z from `bootstrap`
/// resamples (the group's and the rest's documents resampled separately); z is `None`
/// when either side has fewer than [`MIN_DOCUMENTS`] documents or `bootstrap` is 0.
pub fn distinctive(
    counts: &[Vec<f64>],
    group: &[usize],
    rest: &[usize],
    alpha: &[f64],
    bootstrap: usize,
    seed: u64,
    key: u64,
) -> (Vec<f64>, Option<Vec<f64>>) {
    let k = alpha.len();
    let sum = |docs: &[usize]| totals(counts, docs.iter().copied(), k);
    let delta = log_odds(&sum(group), &sum(rest), alpha);
    if group.len() < MIN_DOCUMENTS || rest.len() < MIN_DOCUMENTS || bootstrap < 2 {
        return (delta, None);
    }
    let reps: Vec<Vec<f64>> = (0..bootstrap)
        .into_par_iter()
        .map(|r| {
            let mut rng = replicate_rng(seed, r, key);
            let g = totals(counts, resample(&mut rng, group), k);
            let o = totals(counts, resample(&mut rng, rest), k);
            log_odds(&g, &o, alpha)
        })
        .collect();
    let z = (0..k)
        .map(|t| {
            let n = reps.len() as f64;
            let mean = reps.iter().map(|r| r[t]).sum::<f64>() / n;
            let var = reps.iter().map(|r| (r[t] - mean).powi(2)).sum::<f64>() / (n - 1.0);
            if var > 0.0 {
                delta[t] / var.sqrt()
            } else {
                0.0
            }
        })
        .collect();
    (delta, Some(z))
}

/// The standard normal quantile of `p` in (0, 1) (Acklam's rational approximation,
/// relative error below 1.2e-9).
pub fn normal_quantile(p: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] = [
        7.784_695_709_041_462e-3,
        3.224_671_290_700_398e-1,
        2.445_134_137_142_996,
        3.754_408_661_907_416,
    ];
    let tail = |q: f64| {
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    };
    if p < 0.02425 {
        tail((-2.0 * p.ln()).sqrt())
    } else if p > 1.0 - 0.02425 {
        -tail((-2.0 * (1.0 - p).ln()).sqrt())
    } else {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand_distr::{Distribution, Gamma};

    /// `n` documents of 200–2000 tokens whose topic mixes are drawn from a Dirichlet
    /// with mean `p` and concentration 20, and tokens drawn from each mix.
    fn documents(rng: &mut impl Rng, p: &[f64], n: usize) -> Vec<Vec<f64>> {
        (0..n)
            .map(|_| {
                let theta: Vec<f64> = p
                    .iter()
                    .map(|&a| Gamma::new(20.0 * a, 1.0).unwrap().sample(rng))
                    .collect();
                let theta = normalise(&theta);
                let len = rng.gen_range(200..2000);
                let mut c = vec![0.0; p.len()];
                for _ in 0..len {
                    let (mut u, mut t) = (rng.gen::<f64>(), 0);
                    while t + 1 < p.len() && u >= theta[t] {
                        u -= theta[t];
                        t += 1;
                    }
                    c[t] += 1.0;
                }
                c
            })
            .collect()
    }

    #[test]
    fn the_95_percent_interval_covers_the_true_share_in_90_to_99_percent_of_samples() {
        // 200 samples of 40 documents each from a known model; the true share of a
        // topic is its mean mix p (document lengths do not depend on the mix)
        let p = [0.4, 0.25, 0.2, 0.1, 0.05];
        let mut covered = [0usize; 5];
        let samples = 200;
        for s in 0..samples {
            let mut rng = Xoshiro256PlusPlus::seed_from_u64(1000 + s);
            let counts = documents(&mut rng, &p, 40);
            let docs: Vec<usize> = (0..40).collect();
            let (low, high) = share_interval(&counts, &docs, 1000, s, 3).unwrap();
            for t in 0..5 {
                covered[t] += usize::from(low[t] <= p[t] && p[t] <= high[t]);
            }
        }
        eprintln!("interval coverage per topic in {samples} samples: {covered:?}");
        for (t, &c) in covered.iter().enumerate() {
            let rate = c as f64 / samples as f64;
            assert!((0.90..=0.99).contains(&rate), "topic {t}: {rate}");
        }
    }

    #[test]
    fn a_planted_difference_of_eight_points_stands_out_and_the_others_do_not() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(5);
        let a = documents(&mut rng, &[0.30, 0.25, 0.25, 0.20], 60);
        let b = documents(&mut rng, &[0.30, 0.25, 0.17, 0.28], 60);
        let counts: Vec<Vec<f64>> = a.into_iter().chain(b).collect();
        let (ga, gb): (Vec<usize>, Vec<usize>) = ((0..60).collect(), (60..120).collect());
        let (sa, sb) = (share(&counts, &ga), share(&counts, &gb));
        // within about two standard errors (0.02) of the planted 8 points
        assert!((sa[2] - sb[2] - 0.08).abs() < 0.04, "{sa:?} {sb:?}");
        // and each group's interval holds its true share
        for (docs, truth) in [(&ga, 0.25), (&gb, 0.17)] {
            let (lo, hi) = share_interval(&counts, docs, 1000, 9, 2).unwrap();
            assert!(lo[2] <= truth && truth <= hi[2], "{} {}", lo[2], hi[2]);
        }
        let all: Vec<usize> = (0..120).collect();
        let alpha = prior(&counts, &all);
        let (delta, z) = distinctive(&counts, &ga, &gb, &alpha, 1000, 9, 1);
        let z = z.unwrap();
        assert!(delta[2] > 0.0 && z[2] > 2.5, "{delta:?} {z:?}");
        assert!(delta[3] < 0.0 && z[3] < -2.5, "{delta:?} {z:?}");
        for t in [0, 1] {
            assert!(z[t].abs() < 2.5, "topic {t}: {z:?}");
        }
        // the bootstrap z is smaller than the token-count z, which takes tokens as
        // independent draws (Monroe et al.'s variance)
        let (yg, yr) = (
            totals(&counts, ga.iter().copied(), 4),
            totals(&counts, gb.iter().copied(), 4),
        );
        let token_z = delta[2] / (1.0 / (yg[2] + alpha[2]) + 1.0 / (yr[2] + alpha[2])).sqrt();
        assert!(token_z > 2.0 * z[2], "{token_z} vs {}", z[2]);
    }

    #[test]
    fn log_odds_follow_monroe_et_al() {
        // y_g = 10 of 40, y_r = 20 of 160, alpha = 2 of a0 = 8:
        // ln(12 / 36) - ln(22 / 146)
        let d = log_odds(&[10.0, 30.0], &[20.0, 140.0], &[2.0, 6.0]);
        assert!((d[0] - ((12.0f64 / 36.0).ln() - (22.0f64 / 146.0).ln())).abs() < 1e-12);
        assert!(d[1] < 0.0);
        // the prior: the mix of all documents, worth one mean document
        let counts = vec![vec![3.0, 1.0], vec![1.0, 3.0], vec![0.0, 4.0]];
        let a = prior(&counts, &[0, 1, 2]);
        assert!((a[0] - 4.0 / 12.0 * 4.0).abs() < 1e-12 && (a[1] - 8.0 / 12.0 * 4.0).abs() < 1e-12);
    }

    #[test]
    fn resampling_is_seeded_per_replicate_and_small_groups_get_nothing() {
        let counts: Vec<Vec<f64>> = (0..8).map(|i| vec![i as f64, 10.0 - i as f64]).collect();
        let docs: Vec<usize> = (0..8).collect();
        let a = share_interval(&counts, &docs, 500, 1, 2).unwrap();
        let b = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap()
            .install(|| share_interval(&counts, &docs, 500, 1, 2).unwrap());
        assert_eq!(a, b);
        assert_ne!(a, share_interval(&counts, &docs, 500, 2, 2).unwrap());
        assert_eq!(share_interval(&counts, &docs[..4], 500, 1, 2), None);
        assert_eq!(share_interval(&counts, &docs, 0, 1, 2), None);
        let m = mean_doc_share(&counts, &[0, 7]);
        assert_eq!(m, vec![0.35, 0.65]);
    }

    #[test]
    fn normal_quantiles() {
        for (p, z) in [
            (0.975, 1.959_963_985),
            (0.5, 0.0),
            (0.001, -3.090_232_306),
            (0.999_99, 4.264_890_794),
        ] {
            assert!(
                (normal_quantile(p) - z).abs() < 1e-6,
                "{p}: {}",
                normal_quantile(p)
            );
        }
        assert_eq!(stable_hash("a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(percentile(&[1.0, 2.0, 3.0, 4.0], 0.5), 2.5);
    }
}
