//! Squared Euclidean distance for linfa's k-means, over contiguous rows.
//!
//! linfa-nn's `L2Dist` goes through ndarray-stats' generic `sq_l2_dist` (shape checks and
//! numeric conversions per call), which dominated the k-means profile. Rows here are
//! contiguous `f32` slices, so the sum runs in eight independent lanes the compiler
//! vectorises; the result is deterministic (the lane order is fixed).

use linfa_nn::distance::Distance;
use ndarray::{ArrayView, Dimension};

/// Euclidean distance whose reduced form is the squared distance (as `L2Dist`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FastL2;

const LANES: usize = 8;

/// `Σ (a − b)²` over two equal-length slices, in fixed lanes.
#[inline]
pub fn sq_dist(a: &[f32], b: &[f32]) -> f32 {
    let mut acc = [0.0f32; LANES];
    let (ac, ar) = a.split_at(a.len() - a.len() % LANES);
    let (bc, br) = b.split_at(ac.len());
    for (x, y) in ac.chunks_exact(LANES).zip(bc.chunks_exact(LANES)) {
        for l in 0..LANES {
            let d = x[l] - y[l];
            acc[l] += d * d;
        }
    }
    let mut tail = 0.0f32;
    for (x, y) in ar.iter().zip(br) {
        tail += (x - y) * (x - y);
    }
    acc.iter().sum::<f32>() + tail
}

impl Distance<f32> for FastL2 {
    #[inline]
    fn distance<D: Dimension>(&self, a: ArrayView<f32, D>, b: ArrayView<f32, D>) -> f32 {
        self.rdistance(a, b).sqrt()
    }

    #[inline]
    fn rdistance<D: Dimension>(&self, a: ArrayView<f32, D>, b: ArrayView<f32, D>) -> f32 {
        match (a.as_slice(), b.as_slice()) {
            (Some(x), Some(y)) if x.len() == y.len() => sq_dist(x, y),
            _ => a.iter().zip(b.iter()).map(|(x, y)| (x - y) * (x - y)).sum(),
        }
    }

    #[inline]
    fn rdist_to_dist(&self, rdist: f32) -> f32 {
        rdist.sqrt()
    }

    #[inline]
    fn dist_to_rdist(&self, dist: f32) -> f32 {
        dist * dist
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn matches_the_plain_sum_for_any_length() {
        for n in [1, 7, 8, 9, 100] {
            let a: Vec<f32> = (0..n).map(|i| (i as f32 * 0.37).sin()).collect();
            let b: Vec<f32> = (0..n).map(|i| (i as f32 * 0.11).cos()).collect();
            let plain: f32 = a.iter().zip(&b).map(|(x, y)| (x - y) * (x - y)).sum();
            assert!((sq_dist(&a, &b) - plain).abs() < 1e-4 * plain.max(1.0));
        }
    }

    #[test]
    fn strided_views_fall_back() {
        let m = array![[0.0f32, 3.0], [4.0, 0.0]];
        let d = FastL2.rdistance(m.column(0), m.column(1));
        assert_eq!(d, 25.0);
        assert_eq!(FastL2.distance(m.row(0), m.row(1)), 5.0);
    }
}
