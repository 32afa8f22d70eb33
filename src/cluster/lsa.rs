//! Latent semantic analysis: a randomized truncated SVD of the sparse TF-IDF matrix.
//!
//! Halko, Martinsson & Tropp's range finder with power iterations. Every reduction
//! runs over fixed row chunks summed in order, so the result is the same for any
//! number of threads.

use crate::error::{Error, Result};
use crate::vectorize::Matrix;
use linfa_linalg::eigh::{EigSort, Eigh};
use linfa_linalg::Order;
use ndarray::{s, Array1, Array2, ArrayView2, Axis, Zip};
use rand::SeedableRng;
use rand_distr::{Distribution, StandardNormal};
use rand_xoshiro::Xoshiro256Plus;
use rayon::prelude::*;

const OVERSAMPLE: usize = 10;
const POWER_ITERATIONS: usize = 2;
const CHUNK: usize = 4096;

/// The reduced representation of a matrix.
#[derive(Debug, Clone)]
pub struct Lsa {
    /// `A V`: the rows projected on the top right singular vectors (n × dims).
    pub embedding: Array2<f64>,
    /// The singular values, largest first.
    pub singular_values: Array1<f64>,
    /// `V`: the top right singular vectors (terms × dims), so that any row `x` of the
    /// same vocabulary projects as `x V`; kept as two factors.
    pub basis: Basis,
}

/// The right singular vectors `V = F M` as the factors `F = Aᵀ Q` (terms × l, single
/// precision) and `M = U_B Σ⁻¹` (l × dims): products with `V` never build the
/// terms × dims matrix.
#[derive(Debug, Clone)]
pub struct Basis {
    factor: Array2<f32>,
    mix: Array2<f64>,
}

impl Basis {
    /// `V m` for a dims × k matrix `m`: terms × k.
    pub fn times(&self, m: ArrayView2<f64>) -> Array2<f64> {
        let mm = self.mix.dot(&m);
        let mut out = Array2::<f64>::zeros((self.factor.nrows(), mm.ncols()));
        out.axis_iter_mut(Axis(0))
            .into_par_iter()
            .zip(self.factor.axis_iter(Axis(0)).into_par_iter())
            .for_each(|(mut o, f)| {
                for (&x, r) in f.iter().zip(mm.axis_iter(Axis(0))) {
                    o.scaled_add(f64::from(x), &r);
                }
            });
        out
    }

    /// The basis from its two factors, as [`Basis::factor`] and [`Basis::mix`] give them
    /// (a saved model's). `None` if their shapes do not chain (`factor` terms × l,
    /// `mix` l × dims).
    pub fn from_parts(factor: Array2<f32>, mix: Array2<f64>) -> Option<Basis> {
        (factor.ncols() == mix.nrows()).then_some(Basis { factor, mix })
    }

    /// `F`: terms × l, single precision.
    pub fn factor(&self) -> &Array2<f32> {
        &self.factor
    }

    /// `M`: l × dims.
    pub fn mix(&self) -> &Array2<f64> {
        &self.mix
    }

    /// Number of LSA dimensions (columns of `V`).
    pub fn dims(&self) -> usize {
        self.mix.ncols()
    }

    /// Number of terms (rows of `V`).
    pub fn terms(&self) -> usize {
        self.factor.nrows()
    }
}

/// Projects the rows of `a` on its top `dims` singular directions.
pub fn lsa(a: &Matrix, dims: usize, seed: u64) -> Result<Lsa> {
    let (n, v) = a.shape();
    let rank = n.min(v);
    let d = dims.min(rank);
    if d == 0 {
        return Err(Error::Data(
            "the TF-IDF matrix is empty; nothing to cluster".into(),
        ));
    }
    let l = (d + OVERSAMPLE).min(rank);
    let at: Matrix = a.transpose_view().to_csr();

    let mut rng = Xoshiro256Plus::seed_from_u64(seed);
    let omega: Array2<f32> =
        Array2::from_shape_simple_fn((v, l), || StandardNormal.sample(&mut rng));
    let mut q = orthonormalize(spmm(a, omega.view()), 1)?;
    drop(omega);
    for i in 0..POWER_ITERATIONS {
        // only the row side is orthonormalised: with few power iterations the spread of
        // σ² stays far inside f64 range, and the term side (often the larger) is spared
        let z = spmm_f32(&at, q.view());
        drop(q); // keep one n × l basis alive at a time
                 // a second pass on the last basis restores full orthogonality
        let passes = if i + 1 == POWER_ITERATIONS { 2 } else { 1 };
        q = orthonormalize(spmm(a, z.view()), passes)?;
    }
    // B = Qᵀ A; B Bᵀ = (Aᵀ Q)ᵀ (Aᵀ Q)
    // the term side is stored in single precision (the larger factor, kept for the run)
    let z = spmm_f32(&at, q.view());
    let gram = gram(z.view());
    let (vals, vecs) = gram
        .eigh()
        .map_err(|e| Error::Runtime(format!("LSA eigen-decomposition failed: {e}")))?
        .sort_eig(Order::Largest);
    let d = d.min(q.ncols());
    let top = vecs.slice(s![.., ..d]).to_owned();
    let singular_values = vals.slice(s![..d]).mapv(|x| x.max(0.0).sqrt());
    // U Σ = Q U_B Σ, and V = Bᵀ U_B Σ⁻¹ = (Aᵀ Q) U_B Σ⁻¹
    let mut embedding = q.dot(&top);
    Zip::from(embedding.axis_iter_mut(Axis(1)))
        .and(&singular_values)
        .for_each(|mut col, &s| col *= s);
    let mut mix = top.clone();
    Zip::from(mix.axis_iter_mut(Axis(1)))
        .and(&singular_values)
        .for_each(|mut col, &s| if s > 0.0 { col /= s } else { col.fill(0.0) });
    // canonical signs: flip a column of the embedding and of the basis together
    let flips = sign_flips(&embedding);
    for (j, flip) in flips.into_iter().enumerate() {
        if flip {
            embedding.column_mut(j).mapv_inplace(|x| -x);
            mix.column_mut(j).mapv_inplace(|x| -x);
        }
    }
    let basis = Basis { factor: z, mix };
    Ok(Lsa {
        embedding,
        singular_values,
        basis,
    })
}

/// Sparse (CSR) × dense, rows in parallel.
pub fn spmm<T: Copy + Into<f64> + Sync>(a: &Matrix, b: ArrayView2<T>) -> Array2<f64> {
    spmm_as(a, b, |x| x)
}

/// Sparse (CSR) × dense like [`spmm`], accumulated in `f64` and stored in `f32`.
fn spmm_f32(a: &Matrix, b: ArrayView2<f64>) -> Array2<f32> {
    spmm_as(a, b, |x| x as f32)
}

/// Sparse (CSR) × dense, each row accumulated in `f64` (terms in row order) and stored
/// through `store`; rows in parallel.
fn spmm_as<T, O>(a: &Matrix, b: ArrayView2<T>, store: impl Fn(f64) -> O + Sync) -> Array2<O>
where
    T: Copy + Into<f64> + Sync,
    O: Copy + Default + Send,
{
    let l = b.ncols();
    let b = b.as_standard_layout();
    let bs = b.as_slice().expect("standard layout");
    let mut out = Array2::<O>::default((a.rows(), l));
    if l == 0 {
        return out;
    }
    out.as_slice_mut()
        .expect("standard layout")
        .par_chunks_mut(l)
        .enumerate()
        .for_each_init(
            || vec![0.0f64; l],
            |acc, (i, row)| {
                acc.fill(0.0);
                let sparse = a.outer_view(i).expect("row in range");
                for (j, &x) in sparse.iter() {
                    let x = f64::from(x);
                    for (o, &y) in acc.iter_mut().zip(&bs[j * l..(j + 1) * l]) {
                        *o += x * y.into();
                    }
                }
                for (o, &x) in row.iter_mut().zip(acc.iter()) {
                    *o = store(x);
                }
            },
        );
    out
}

/// `Yᵀ Y`, summed over fixed row chunks in order.
pub(crate) fn gram<T: Copy + Into<f64> + Sync>(y: ArrayView2<T>) -> Array2<f64> {
    let chunks: Vec<Array2<f64>> = y
        .axis_chunks_iter(Axis(0), CHUNK)
        .into_par_iter()
        .map(|c| {
            let c = c.mapv(|x| x.into());
            c.t().dot(&c)
        })
        .collect();
    let mut g = Array2::<f64>::zeros((y.ncols(), y.ncols()));
    for c in chunks {
        g += &c;
    }
    g
}

/// An orthonormal basis of the columns of `y` (eigen-based, tolerant of rank deficiency);
/// each further pass re-orthogonalises the result for accuracy.
fn orthonormalize(mut y: Array2<f64>, passes: usize) -> Result<Array2<f64>> {
    for _ in 0..passes {
        let g = gram(y.view());
        let (vals, vecs) = g
            .eigh()
            .map_err(|e| Error::Runtime(format!("LSA orthonormalisation failed: {e}")))?
            .sort_eig(Order::Largest);
        let max = vals.iter().cloned().fold(0.0f64, f64::max);
        let keep = vals
            .iter()
            .take_while(|&&x| x > max * 1e-12 && x > 0.0)
            .count();
        if keep == 0 {
            return Ok(Array2::zeros((y.nrows(), 1)));
        }
        let mut w = vecs.slice(s![.., ..keep]).to_owned();
        Zip::from(w.axis_iter_mut(Axis(1)))
            .and(vals.slice(s![..keep]))
            .for_each(|mut col, &lam| col /= lam.sqrt());
        if keep == y.ncols() {
            dot_in_place(&mut y, w.view());
        } else {
            y = par_dot(y.view(), w.view());
        }
    }
    Ok(y)
}

/// `y ← y · w` for a square `w`, row blocks in parallel, without a second n × l array.
fn dot_in_place(y: &mut Array2<f64>, w: ArrayView2<f64>) {
    y.axis_chunks_iter_mut(Axis(0), CHUNK)
        .into_par_iter()
        .for_each(|mut block| {
            let product = block.dot(&w);
            block.assign(&product);
        });
}

/// Dense × small dense, row blocks in parallel.
fn par_dot(y: ArrayView2<f64>, w: ArrayView2<f64>) -> Array2<f64> {
    let mut out = Array2::<f64>::zeros((y.nrows(), w.ncols()));
    out.axis_chunks_iter_mut(Axis(0), CHUNK)
        .into_par_iter()
        .zip(y.axis_chunks_iter(Axis(0), CHUNK).into_par_iter())
        .for_each(|(mut o, yc)| o.assign(&yc.dot(&w)));
    out
}

/// Which columns to negate so that each column's largest-magnitude entry is positive.
fn sign_flips(m: &Array2<f64>) -> Vec<bool> {
    m.axis_iter(Axis(1))
        .map(|col| {
            let mut best = 0.0f64;
            for &x in col.iter() {
                if x.abs() > best.abs() {
                    best = x;
                }
            }
            best < 0.0
        })
        .collect()
}

/// Makes each column's largest-magnitude entry positive, so signs are canonical.
pub(crate) fn fix_signs(m: &mut Array2<f64>) {
    for (j, flip) in sign_flips(m).into_iter().enumerate() {
        if flip {
            m.column_mut(j).mapv_inplace(|x| -x);
        }
    }
}
