//! Stage 3 — vectorize: vocabulary (`min_df`, `max_df`, `max_features`, bigrams) and a
//! sparse TF-IDF matrix, one row per unit, built in parallel.
//!
//! TF-IDF follows scikit-learn's `TfidfVectorizer`: `tf` is the raw count (or
//! `1 + ln(count)` with `sublinear_tf`), `idf = ln((1 + n) / (1 + df)) + 1` with `smooth_idf`
//! (`ln(n / df) + 1` without), and rows are L2-normalised.
//!
//! ```
//! use paratopic::text::{analyze, PreprocessConfig};
//! use paratopic::vectorize::{vectorize, VectorizeConfig, DocFreq};
//!
//! let texts = ["housing housing rent", "police crime", "housing police"];
//! let analyzed = analyze(&texts, &PreprocessConfig::default()).unwrap();
//! let cfg = VectorizeConfig { min_df: DocFreq::Count(1), max_df: DocFreq::Fraction(1.0), ..Default::default() };
//! let tfidf = vectorize(&analyzed, &cfg).unwrap();
//! assert_eq!(tfidf.terms.iter().map(|t| t.word.as_str()).collect::<Vec<_>>(), ["crime", "housing", "police", "rent"]);
//! assert_eq!(tfidf.matrix.rows(), 3);
//! ```

use crate::error::{Error, ParamError, Result};
use crate::text::AnalyzedCorpus;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use sprs::{CompressedStorage, CsMatI, CsMatViewI};

/// A document-frequency bound: a count of units, or a fraction of them.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum DocFreq {
    /// An absolute number of units (a TOML integer).
    Count(u64),
    /// A share of the units, 0–1 (a TOML float).
    Fraction(f64),
}

impl DocFreq {
    fn threshold(self, n_units: usize) -> f64 {
        match self {
            DocFreq::Count(c) => c as f64,
            DocFreq::Fraction(f) => f * n_units as f64,
        }
    }
}

/// `[vectorize]`: vocabulary and weighting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct VectorizeConfig {
    /// Drop terms in fewer units than this: integer = units, float = share of units.
    pub min_df: DocFreq,
    /// Drop terms in more units than this: integer = units, float = share (0, 1].
    pub max_df: DocFreq,
    /// Keep only the most frequent terms (by corpus count); absent = no limit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_features: Option<usize>,
    /// 1 = single stems, 2 = stems and adjacent stem pairs.
    pub ngram_max: usize,
    /// Use `1 + ln(count)` instead of the raw count.
    pub sublinear_tf: bool,
    /// Smooth idf as if one extra unit held every term.
    pub smooth_idf: bool,
}

impl Default for VectorizeConfig {
    fn default() -> Self {
        VectorizeConfig {
            min_df: DocFreq::Count(2),
            max_df: DocFreq::Fraction(0.5),
            max_features: None,
            ngram_max: 1,
            sublinear_tf: true,
            smooth_idf: true,
        }
    }
}

impl VectorizeConfig {
    /// Checks the values on their own; the error names the key.
    pub fn validate(&self) -> Result<(), ParamError> {
        match self.min_df {
            DocFreq::Fraction(f) if !(0.0..=1.0).contains(&f) => {
                return Err(ParamError::new(
                    "vectorize.min_df",
                    format!("is {f}; a float must be between 0.0 and 1.0 (or use an integer count of units)"),
                ))
            }
            _ => {}
        }
        match self.max_df {
            DocFreq::Fraction(f) if !(f > 0.0 && f <= 1.0) => {
                return Err(ParamError::new(
                    "vectorize.max_df",
                    format!(
                    "is {f}; a float must be in (0.0, 1.0] (or use an integer count of units ≥ 1)"
                ),
                ))
            }
            DocFreq::Count(0) => {
                return Err(ParamError::new(
                    "vectorize.max_df",
                    "is 0; an integer must be at least 1 (or use a float share such as 0.5)",
                ))
            }
            _ => {}
        }
        if self.max_features == Some(0) {
            return Err(ParamError::new(
                "vectorize.max_features",
                "is 0; use a positive number, or remove the key for no limit",
            ));
        }
        if !(1..=2).contains(&self.ngram_max) {
            return Err(ParamError::new(
                "vectorize.ngram_max",
                format!("is {}; it must be 1 or 2", self.ngram_max),
            ));
        }
        Ok(())
    }

    /// Checks the bounds against a corpus of `n_units` units.
    pub fn validate_for(&self, n_units: usize) -> Result<(), ParamError> {
        self.validate()?;
        if let DocFreq::Count(c) = self.min_df {
            if c as usize > n_units {
                return Err(ParamError::new(
                    "vectorize.min_df",
                    format!("is {c} but the corpus has only {n_units} paragraph units; use a value between 1 and {n_units}"),
                ));
            }
        }
        Ok(())
    }
}

/// A vocabulary column.
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    /// The stem, or two stems joined by a space for a bigram.
    pub stem: String,
    /// What users see: the display word(s).
    pub word: String,
    /// Number of units containing the term.
    pub df: u32,
}

/// The TF-IDF matrix type: CSR, `f32` weights, `u32` column indices, `usize` row
/// pointers (8 bytes a non-zero).
pub type Matrix = CsMatI<f32, u32, usize>;

/// A view of the raw term counts: the structure of [`Tfidf::matrix`] with `u32` counts as
/// values (see [`Tfidf::counts`]).
pub type CountsView<'a> = CsMatViewI<'a, u32, u32, usize>;

/// The vectorized corpus.
#[derive(Debug, Clone)]
pub struct Tfidf {
    /// TF-IDF weights, units × terms, L2-normalised rows (CSR, `f32`).
    pub matrix: Matrix,
    /// Raw term counts aligned with `matrix.data()`: the same sparsity pattern stores
    /// both (4 bytes a non-zero instead of a second matrix). Read it through
    /// [`counts`](Self::counts).
    counts: Vec<u32>,
    /// The columns, sorted by stem.
    pub terms: Vec<Term>,
    /// The idf of each column.
    pub idf: Vec<f64>,
}

impl Tfidf {
    /// The raw term counts as a sparse matrix view sharing `matrix`'s structure.
    pub fn counts(&self) -> CountsView<'_> {
        let m = &self.matrix;
        assert_eq!(self.counts.len(), m.nnz(), "counts follow the matrix");
        // SAFETY: the structure (indptr, indices, shape) is that of `m`, a valid CSR
        // matrix, and `counts` has exactly one value per stored entry.
        unsafe {
            CsMatViewI::new_unchecked(
                CompressedStorage::CSR,
                m.shape(),
                m.indptr().into_raw_storage(),
                m.indices(),
                &self.counts[..],
            )
        }
    }

    /// The raw count of each stored entry, aligned with `matrix.data()`.
    pub fn count_data(&self) -> &[u32] {
        &self.counts
    }
}

/// Units per parallel work item: fixed, so the work split never depends on the thread
/// count (every reduction below is an integer sum or per-row work, so the result does
/// not depend on it either).
const CHUNK: usize = 4096;

/// Term key: a stem id, or `(a + 1) << 32 | b` for the bigram `a b`.
fn term_key(a: u32, b: Option<u32>) -> u64 {
    match b {
        None => a as u64,
        Some(b) => ((a as u64 + 1) << 32) | b as u64,
    }
}

/// The name of term `k` from per-stem `names` (stems or display words): one name, or two
/// joined by a space for a bigram.
fn term_name(k: u64, names: &[String]) -> String {
    if k >> 32 == 0 {
        names[k as usize].clone()
    } else {
        format!(
            "{} {}",
            names[((k >> 32) - 1) as usize],
            names[(k & 0xffff_ffff) as usize]
        )
    }
}

/// Per-worker scratch space for [`unit_counts`]: a stamp and a count per stem (stems
/// only), and a key buffer (with bigrams).
struct Scratch {
    /// Per stem: the last unit that used it (index + 1) and its count there, side by
    /// side so a token touches one cache line.
    seen: Vec<(u64, u32)>,
    keys: Vec<u64>,
}

impl Scratch {
    fn new(n_stems: usize, ngram_max: usize) -> Self {
        let dense = if ngram_max == 1 { n_stems } else { 0 };
        Scratch {
            seen: vec![(0, 0); dense],
            keys: Vec::new(),
        }
    }
}

/// Fills `out` with the distinct term keys of unit `i` and their counts, in no
/// particular order (callers sum them, count them, or sort what they keep).
///
/// Stems only: one pass with a stamp per stem (no sort). With bigrams: keys sorted and
/// counted.
fn unit_counts(
    unit: &[u32],
    i: usize,
    ngram_max: usize,
    scratch: &mut Scratch,
    out: &mut Vec<(u64, u32)>,
) {
    out.clear();
    if ngram_max == 1 {
        for &a in unit {
            let a = a as usize;
            let stamp = i as u64 + 1;
            let seen = &mut scratch.seen[a];
            if seen.0 != stamp {
                *seen = (stamp, 0);
                out.push((a as u64, 0));
            }
            seen.1 += 1;
        }
        for e in out.iter_mut() {
            e.1 = scratch.seen[e.0 as usize].1;
        }
        return;
    }
    let keys = &mut scratch.keys;
    keys.clear();
    keys.extend(unit.iter().map(|&a| term_key(a, None)));
    keys.extend(unit.windows(2).map(|w| term_key(w[0], Some(w[1]))));
    keys.sort_unstable();
    for &k in keys.iter() {
        match out.last_mut() {
            Some((last, n)) if *last == k => *n += 1,
            _ => out.push((k, 1)),
        }
    }
}

/// Document and corpus frequencies: dense for stems, a map for bigrams.
#[derive(Default)]
struct Freq {
    df: Vec<u32>,
    cf: Vec<u64>,
    bigrams: FxHashMap<u64, (u32, u64)>,
    /// Per chunk (by its first unit): its distinct terms summed over its units, an upper
    /// bound on its non-zeros once terms are filtered.
    chunk_terms: Vec<(usize, usize)>,
}

impl Freq {
    fn new(n_stems: usize) -> Self {
        Freq {
            df: vec![0; n_stems],
            cf: vec![0; n_stems],
            bigrams: FxHashMap::default(),
            chunk_terms: Vec::new(),
        }
    }

    fn add(&mut self, k: u64, cnt: u32) {
        if k >> 32 == 0 {
            self.df[k as usize] += 1;
            self.cf[k as usize] += cnt as u64;
        } else {
            let e = self.bigrams.entry(k).or_insert((0, 0));
            e.0 += 1;
            e.1 += cnt as u64;
        }
    }

    fn merge(mut self, other: Freq) -> Freq {
        for (a, b) in self.df.iter_mut().zip(other.df) {
            *a += b;
        }
        for (a, b) in self.cf.iter_mut().zip(other.cf) {
            *a += b;
        }
        for (k, (df, cf)) in other.bigrams {
            let e = self.bigrams.entry(k).or_insert((0, 0));
            e.0 += df;
            e.1 += cf;
        }
        self.chunk_terms.extend(other.chunk_terms);
        self
    }
}

/// Term key → column: dense for stems, a map for bigrams.
struct Columns {
    stems: Vec<u32>,
    bigrams: FxHashMap<u64, u32>,
}

const NO_COLUMN: u32 = u32::MAX;

impl Columns {
    fn get(&self, k: u64) -> Option<u32> {
        let c = if k >> 32 == 0 {
            self.stems[k as usize]
        } else {
            *self.bigrams.get(&k)?
        };
        (c != NO_COLUMN).then_some(c)
    }
}

/// Builds the vocabulary and the TF-IDF matrix: the stage's entry point.
///
/// Three passes over the tokens, chunks of units in parallel: frequencies; the number of
/// kept terms per row (row pointers); then each chunk fills its own slice of the final
/// CSR arrays. Per-unit counts are never all held at once, so memory is the matrix
/// (12 bytes a non-zero with the counts) plus the vocabulary.
pub fn vectorize(corpus: &AnalyzedCorpus, config: &VectorizeConfig) -> Result<Tfidf> {
    let n = corpus.n_units();
    config
        .validate_for(n)
        .map_err(|e| Error::Config(e.to_string()))?;
    let lex = &corpus.lexicon;
    let n_stems = lex.stems.len();
    let ngram = config.ngram_max;
    let starts: Vec<usize> = (0..n).step_by(CHUNK).collect();
    let range = |start: usize| start..(start + CHUNK).min(n);

    // 1. document and corpus frequencies
    let mut freq = starts
        .par_iter()
        .fold(
            || (Freq::new(n_stems), Scratch::new(n_stems, ngram)),
            |(mut f, mut scratch), &start| {
                let mut counts = Vec::new();
                let mut terms = 0;
                for i in range(start) {
                    unit_counts(corpus.unit(i), i, ngram, &mut scratch, &mut counts);
                    terms += counts.len();
                    for &(k, c) in &counts {
                        f.add(k, c);
                    }
                }
                f.chunk_terms.push((start, terms));
                (f, scratch)
            },
        )
        .map(|(f, _)| f)
        .reduce(|| Freq::new(n_stems), Freq::merge);
    let mut chunk_terms = std::mem::take(&mut freq.chunk_terms);
    chunk_terms.sort_unstable();
    let room: Vec<usize> = chunk_terms.iter().map(|&(_, t)| t).collect();

    // 2. filter by document frequency and max_features
    let lo = config.min_df.threshold(n);
    let hi = config.max_df.threshold(n);
    let keep = |df: u32| df as f64 >= lo && df as f64 <= hi;
    let n_distinct = freq.df.iter().filter(|&&d| d > 0).count() + freq.bigrams.len();
    let mut kept: Vec<(u64, u32, u64)> = (0..n_stems)
        .filter(|&s| freq.df[s] > 0 && keep(freq.df[s]))
        .map(|s| (s as u64, freq.df[s], freq.cf[s]))
        .chain(
            freq.bigrams
                .iter()
                .filter(|(_, &(df, _))| keep(df))
                .map(|(&k, &(df, cf))| (k, df, cf)),
        )
        .collect();
    drop(freq);
    if kept.is_empty() {
        return Err(Error::Data(format!(
            "no term is left after vectorize.min_df = {} and vectorize.max_df = {} on {n} paragraph units ({n_distinct} distinct terms before filtering); lower min_df or raise max_df",
            show_df(config.min_df),
            show_df(config.max_df),
        )));
    }
    let stem_of = |k: u64| term_name(k, &lex.stems);
    let mut named: Vec<(String, u64, u32, u64)> = kept
        .drain(..)
        .map(|(k, df, cf)| (stem_of(k), k, df, cf))
        .collect();
    if let Some(max) = config.max_features {
        if named.len() > max {
            named.sort_by(|a, b| b.3.cmp(&a.3).then_with(|| a.0.cmp(&b.0)));
            named.truncate(max);
        }
    }
    named.par_sort_by(|a, b| a.0.cmp(&b.0));
    let word_of = |k: u64| term_name(k, &lex.words);
    let mut col = Columns {
        stems: vec![NO_COLUMN; n_stems],
        bigrams: FxHashMap::default(),
    };
    for (i, t) in named.iter().enumerate() {
        if t.1 >> 32 == 0 {
            col.stems[t.1 as usize] = i as u32;
        } else {
            col.bigrams.insert(t.1, i as u32);
        }
    }
    let nf = n as f64;
    let idf: Vec<f64> = named
        .iter()
        .map(|t| {
            let df = t.2 as f64;
            if config.smooth_idf {
                ((1.0 + nf) / (1.0 + df)).ln() + 1.0
            } else {
                (nf / df).ln() + 1.0
            }
        })
        .collect();
    let terms: Vec<Term> = named
        .iter()
        .map(|(stem, k, df, _)| Term {
            stem: stem.clone(),
            word: word_of(*k),
            df: *df,
        })
        .collect();
    drop(named);

    // 3. row pointers: kept terms per unit
    // 3. each chunk fills a region of the CSR arrays sized by its unfiltered term count
    // (an upper bound), rows packed from the region's start; then the regions are closed
    // up in order. One pass over the tokens instead of a counting pass and a filling pass.
    let total_room: usize = room.iter().sum();
    let mut indices = vec![0u32; total_room];
    let mut data = vec![0f32; total_room];
    let mut counts = vec![0u32; total_room];
    let mut slices = Vec::with_capacity(starts.len());
    {
        let (mut ind, mut dat, mut cnt) = (&mut indices[..], &mut data[..], &mut counts[..]);
        for (&start, &len) in starts.iter().zip(&room) {
            let (a, rest_i) = ind.split_at_mut(len);
            let (b, rest_d) = dat.split_at_mut(len);
            let (c, rest_c) = cnt.split_at_mut(len);
            slices.push((start, a, b, c));
            (ind, dat, cnt) = (rest_i, rest_d, rest_c);
        }
    }
    let row_nnz: Vec<Vec<usize>> = slices
        .into_par_iter()
        .map_init(
            || Scratch::new(n_stems, ngram),
            |scratch, (start, ind, dat, cnt)| {
                let mut unit = Vec::new();
                let mut entries: Vec<(u32, u32)> = Vec::new();
                let mut w: Vec<f64> = Vec::new();
                let mut lens = Vec::with_capacity(CHUNK);
                let mut at = 0;
                for i in range(start) {
                    unit_counts(corpus.unit(i), i, ngram, scratch, &mut unit);
                    entries.clear();
                    entries.extend(unit.iter().filter_map(|&(k, c)| col.get(k).map(|j| (j, c))));
                    entries.sort_unstable();
                    w.clear();
                    w.extend(entries.iter().map(|&(j, c)| {
                        let tf = if config.sublinear_tf {
                            1.0 + (c as f64).ln()
                        } else {
                            c as f64
                        };
                        tf * idf[j as usize]
                    }));
                    let norm = w.iter().map(|x| x * x).sum::<f64>().sqrt();
                    if norm > 0.0 {
                        w.iter_mut().for_each(|x| *x /= norm);
                    }
                    for (e, (&(j, c), &x)) in entries.iter().zip(&w).enumerate() {
                        ind[at + e] = j;
                        cnt[at + e] = c;
                        dat[at + e] = x as f32;
                    }
                    at += entries.len();
                    lens.push(entries.len());
                }
                lens
            },
        )
        .collect();
    let mut indptr = Vec::with_capacity(n + 1);
    indptr.push(0usize);
    let (mut region, mut end) = (0usize, 0usize);
    for (lens, &len) in row_nnz.iter().zip(&room) {
        let used: usize = lens.iter().sum();
        if region != end {
            indices.copy_within(region..region + used, end);
            data.copy_within(region..region + used, end);
            counts.copy_within(region..region + used, end);
        }
        for &l in lens {
            indptr.push(indptr.last().copied().unwrap_or(0) + l);
        }
        region += len;
        end += used;
    }
    drop(row_nnz);
    for v in [&mut indices, &mut counts] {
        v.truncate(end);
        v.shrink_to_fit();
    }
    data.truncate(end);
    data.shrink_to_fit();
    let matrix = Matrix::new((n, terms.len()), indptr, indices, data);
    Ok(Tfidf {
        matrix,
        counts,
        terms,
        idf,
    })
}

fn show_df(d: DocFreq) -> String {
    match d {
        DocFreq::Count(c) => c.to_string(),
        DocFreq::Fraction(f) => format!("{f:?}"),
    }
}
