//! Stage 3 — vectorize: vocabulary (`min_df`, `max_df`, `max_features`, bigrams) and a
//! sparse TF-IDF matrix, one row per unit, built in parallel.
//!
//! TF-IDF follows scikit-learn's `TfidfVectorizer`: `tf` is the raw count (or
//! `1 + ln(count)` with `sublinear_tf`), `idf = ln((1 + n) / (1 + df)) + 1` with `smooth_idf`
//! (`ln(n / df) + 1` without), and rows are L2-normalised.
//!
//! ```
//! use paratopic::text::{analyze, PreprocessConfig};
//! use paratopic::vectorize::{vectorize, VectorizeConfig, DocFreq, OrAuto};
//!
//! let texts = ["housing housing rent", "police crime", "housing police"];
//! let analyzed = analyze(&texts, &PreprocessConfig::default()).unwrap();
//! let cfg = VectorizeConfig { min_df: DocFreq::Count(1), max_df: DocFreq::Fraction(1.0), ngram_max: OrAuto::Fixed(1), ..Default::default() };
//! let tfidf = vectorize(&analyzed, &cfg).unwrap();
//! assert_eq!(tfidf.terms.iter().map(|t| t.word.as_str()).collect::<Vec<_>>(), ["crime", "housing", "police", "rent"]);
//! assert_eq!(tfidf.matrix.rows(), 3);
//! // the default, "auto", adds stem pairs on a corpus this small
//! let tfidf = vectorize(&analyzed, &VectorizeConfig { ngram_max: OrAuto::Auto, ..cfg }).unwrap();
//! assert!(tfidf.terms.iter().any(|t| t.word == "housing rent"));
//! ```

mod vocabulary;

pub use crate::auto::{OrAuto, SMALL_CORPUS_UNITS};
use crate::error::{Error, ParamError, Result};
use crate::text::AnalyzedCorpus;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use sprs::{CompressedStorage, CsMatI, CsMatViewI};
pub use vocabulary::Vocabulary;

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
    /// The fewest units a term may be in, as a lower bound of `n_units`: a share is
    /// rounded up (a term in 3.5 units is impossible, so `df >= 3.5` means `df >= 4`).
    fn at_least(self, n_units: usize) -> u64 {
        match self {
            DocFreq::Count(c) => c,
            DocFreq::Fraction(f) => (f * n_units as f64).ceil() as u64,
        }
    }

    /// The most units a term may be in, as an upper bound of `n_units`: a share is
    /// rounded down.
    fn at_most(self, n_units: usize) -> u64 {
        match self {
            DocFreq::Count(c) => c,
            DocFreq::Fraction(f) => (f * n_units as f64).floor() as u64,
        }
    }
}

impl std::fmt::Display for DocFreq {
    /// As in the config: `2` for a count, `0.5` or `1.0` for a share.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DocFreq::Count(c) => write!(f, "{c}"),
            DocFreq::Fraction(x) => write!(f, "{x:?}"),
        }
    }
}

/// What `1` and `1.0` mean, for the messages about `min_df` and `max_df`.
const DF_HINT: &str = "(an integer is a count of units, so 1 means one unit; a float is a share of them, so 1.0 means 100% of units)";

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
    /// 1 = single stems, 2 = stems and adjacent stem pairs, `"auto"` = 2 for a corpus of
    /// up to [`SMALL_CORPUS_UNITS`] paragraph units, else 1 ([`ngram_max_for`](Self::ngram_max_for)).
    pub ngram_max: OrAuto,
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
            ngram_max: OrAuto::Auto,
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
        if let OrAuto::Fixed(n) = self.ngram_max {
            if !(1..=2).contains(&n) {
                return Err(ParamError::new(
                    "vectorize.ngram_max",
                    format!("is {n}; it must be 1, 2 or \"auto\""),
                ));
            }
        }
        self.check_df_order()
    }

    /// `min_df` above `max_df`, both counts or both shares: no term can be kept, whatever
    /// the corpus.
    fn check_df_order(&self) -> Result<(), ParamError> {
        let (min, max) = (self.min_df, self.max_df);
        let (above, of) = match (min, max) {
            (DocFreq::Count(a), DocFreq::Count(b)) => (a > b, ""),
            (DocFreq::Fraction(a), DocFreq::Fraction(b)) => (a > b, " of the"),
            _ => (false, ""),
        };
        if !above {
            return Ok(());
        }
        Err(ParamError::new(
            "vectorize.min_df",
            format!("is {min} but vectorize.max_df is {max}: a term would have to be in at least {min} and at most {max}{of} paragraph units, so none can be kept; lower min_df or raise max_df {DF_HINT}"),
        )
        .with_other_key("vectorize.max_df"))
    }

    /// The n-gram length used for a corpus of `n_units` paragraph units: `ngram_max`, or
    /// with `"auto"`, 2 (stems and stem pairs) up to [`SMALL_CORPUS_UNITS`] units and 1
    /// above. Pairs such as `knife crime` or `council tax` tell a small corpus's topics
    /// apart where single stems are shared (bbc-dev NMI 0.888 → 0.905 with the
    /// refinement sweep, see the README); on large corpora single stems suffice and pairs
    /// would triple the vocabulary.
    pub fn ngram_max_for(&self, n_units: usize) -> usize {
        self.ngram_max.resolve(n_units, 2, 1)
    }

    /// Checks the bounds against a corpus of `n_units` units: `min_df` at most the unit
    /// count, and some document frequency left between the two bounds.
    pub fn validate_for(&self, n_units: usize) -> Result<(), ParamError> {
        self.validate()?;
        if let DocFreq::Count(c) = self.min_df {
            if c > n_units as u64 {
                return Err(ParamError::new(
                    "vectorize.min_df",
                    format!("is {c} but the corpus has only {n_units} paragraph units; use a value between 1 and {n_units}"),
                ));
            }
        }
        self.check_df_room(n_units)
    }

    /// Some document frequency left between `min_df` and `max_df` resolved for
    /// `n_units` units (a share of fewer than one unit, or a count and a share that
    /// cross, leave none).
    fn check_df_room(&self, n_units: usize) -> Result<(), ParamError> {
        let (min, max) = (self.min_df, self.max_df);
        let (lo, hi) = self.df_bounds(n_units);
        if hi == 0 {
            return Err(ParamError::new(
                "vectorize.max_df",
                format!("is {max}, which on this corpus of {n_units} paragraph units means at most 0 units, so no term can be kept; raise max_df {DF_HINT}"),
            ));
        }
        if lo > hi {
            return Err(ParamError::new(
                "vectorize.min_df",
                format!("is {min} but vectorize.max_df is {max}: on this corpus of {n_units} paragraph units, min_df = {min} means at least {lo} units and max_df = {max} at most {hi}, so no term can be kept; lower min_df or raise max_df {DF_HINT}"),
            )
            .with_other_key("vectorize.max_df"));
        }
        Ok(())
    }

    /// The document frequencies a kept term may have in a corpus of `n_units` units,
    /// `(fewest, most)`: `min_df` (at least 1: every term is in a unit) and `max_df`
    /// resolved to counts of units.
    pub fn df_bounds(&self, n_units: usize) -> (u64, u64) {
        (
            self.min_df.at_least(n_units).max(1),
            self.max_df.at_most(n_units),
        )
    }
}

/// A vocabulary column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    /// The n-gram length used (`vectorize.ngram_max`, resolved for this corpus).
    pub ngram_max: usize,
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

    /// Counts one unit holding stem `s` `cnt` times.
    #[inline]
    fn add_stem(&mut self, s: u32, cnt: u32) {
        self.df[s as usize] += 1;
        self.cf[s as usize] += cnt as u64;
    }

    /// Counts one unit holding term `k` (a stem, or a bigram key) `cnt` times.
    fn add(&mut self, k: u64, cnt: u32) {
        if k >> 32 == 0 {
            self.add_stem(k as u32, cnt);
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
/// Stems only (`ngram_max = 1`, the default) go through `vectorize_stems`, which reads
/// each unit's tokens once; with bigrams, `vectorize_terms` reads them twice.
pub fn vectorize(corpus: &AnalyzedCorpus, config: &VectorizeConfig) -> Result<Tfidf> {
    config
        .validate_for(corpus.n_units())
        .map_err(|e| Error::Config(e.to_string()))?;
    let ngram_max = config.ngram_max_for(corpus.n_units());
    let mut tfidf = if ngram_max == 1 {
        vectorize_stems(corpus, config)?
    } else {
        vectorize_terms(corpus, config, ngram_max)?
    };
    tfidf.ngram_max = ngram_max;
    Ok(tfidf)
}

/// The kept terms: their columns, idf and names.
struct Built {
    col: Columns,
    idf: Vec<f64>,
    terms: Vec<Term>,
}

/// Filters the terms of `freq` by document frequency and `max_features`, sorts them by
/// stem and weighs them (idf).
fn vocabulary(freq: Freq, corpus: &AnalyzedCorpus, config: &VectorizeConfig) -> Result<Built> {
    let n = corpus.n_units();
    let lex = &corpus.lexicon;
    let n_stems = lex.stems.len();
    let (lo, hi) = config.df_bounds(n);
    let keep = |df: u32| (lo..=hi).contains(&(df as u64));
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
            config.min_df, config.max_df,
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
    Ok(Built { col, idf, terms })
}

/// The term frequency weight of a count: the count, or `1 + ln(count)` with
/// `sublinear_tf`; small counts (almost all of them) are looked up, not recomputed.
struct TermWeight {
    sublinear: bool,
    /// The weight of each count below its length, computed by [`Self::compute`].
    small: Vec<f64>,
}

impl TermWeight {
    fn new(sublinear: bool) -> Self {
        let small = (0..64).map(|c| Self::compute(sublinear, c)).collect();
        TermWeight { sublinear, small }
    }

    fn compute(sublinear: bool, c: u32) -> f64 {
        if sublinear {
            1.0 + (c as f64).ln()
        } else {
            c as f64
        }
    }

    #[inline]
    fn of(&self, c: u32) -> f64 {
        match self.small.get(c as usize) {
            Some(&w) => w,
            None => Self::compute(self.sublinear, c),
        }
    }
}

/// Writes the L2-normalised TF-IDF weights of one row, whose `(column, count)` entries
/// are sorted by column, into `out`; `scratch` holds the unnormalised weights.
fn weigh_row(
    entries: impl ExactSizeIterator<Item = (u32, u32)>,
    idf: &[f64],
    tf: &TermWeight,
    scratch: &mut Vec<f64>,
    out: &mut [f32],
) {
    scratch.clear();
    scratch.extend(entries.map(|(j, c)| tf.of(c) * idf[j as usize]));
    let norm = scratch.iter().map(|x| x * x).sum::<f64>().sqrt();
    if norm > 0.0 {
        scratch.iter_mut().for_each(|x| *x /= norm);
    }
    for (o, &x) in out.iter_mut().zip(scratch.iter()) {
        *o = x as f32;
    }
}

/// The CSR arrays, each chunk's rows packed at the start of its region: `regions` gives
/// each region's length and its rows' lengths, in order.
struct Regions {
    indices: Vec<u32>,
    data: Vec<f32>,
    counts: Vec<u32>,
    regions: Vec<(usize, Vec<usize>)>,
}

impl Regions {
    /// Closes up the regions (in order) and builds the matrix. The three arrays are
    /// closed up in parallel, and the structure is checked in parallel.
    fn into_tfidf(self, n_units: usize, vocab: Built) -> Tfidf {
        let Regions {
            mut indices,
            mut data,
            mut counts,
            regions,
        } = self;
        let mut indptr = Vec::with_capacity(n_units + 1);
        indptr.push(0usize);
        // (region start, its used length) per region
        let mut moves = Vec::with_capacity(regions.len());
        let mut region = 0usize;
        for (len, rows) in &regions {
            moves.push((region, rows.iter().sum::<usize>()));
            for &l in rows {
                indptr.push(indptr.last().copied().unwrap_or(0) + l);
            }
            region += len;
        }
        drop(regions);
        rayon::join(
            || close_up(&mut indices, &moves),
            || {
                rayon::join(
                    || close_up(&mut data, &moves),
                    || close_up(&mut counts, &moves),
                )
            },
        );
        let shape = (n_units, vocab.terms.len());
        check_structure(shape.1, &indptr, &indices);
        assert_eq!(data.len(), indices.len(), "one weight per entry");
        // SAFETY: `check_structure` has just checked what `CsMatI::new` checks (and
        // panics otherwise): `indptr` has `n_units + 1` non-decreasing entries from 0 to
        // `indices.len()`, and each row's indices are strictly increasing and below the
        // column count; `data` has one value per index (asserted above). Only the
        // check itself is parallel.
        let matrix =
            unsafe { Matrix::new_unchecked(CompressedStorage::CSR, shape, indptr, indices, data) };
        Tfidf {
            matrix,
            counts,
            terms: vocab.terms,
            idf: vocab.idf,
            ngram_max: 1,
        }
    }
}

/// Moves each region's used prefix (`(start, used)`, in order) down to follow the
/// previous one's, then truncates `v` to the used total.
fn close_up<T: Copy>(v: &mut Vec<T>, moves: &[(usize, usize)]) {
    let mut end = 0;
    for &(start, used) in moves {
        if start != end {
            v.copy_within(start..start + used, end);
        }
        end += used;
    }
    v.truncate(end);
    v.shrink_to_fit();
}

/// Panics unless `indptr` and `indices` form a valid CSR structure with `n_cols`
/// columns: `indptr` non-decreasing from 0 to `indices.len()`, and each row's indices
/// strictly increasing and below `n_cols` (what `CsMatI::new` checks, here checked in
/// parallel, rows in blocks).
fn check_structure(n_cols: usize, indptr: &[usize], indices: &[u32]) {
    assert_eq!(indptr.first(), Some(&0), "indptr starts at 0");
    assert_eq!(indptr.last(), Some(&indices.len()), "indptr ends at nnz");
    let rows = indptr.len() - 1;
    let valid = (0..rows.div_ceil(1 << 14)).into_par_iter().all(|b| {
        let (lo, hi) = (b << 14, ((b + 1) << 14).min(rows));
        (lo..hi).all(|r| {
            let (a, z) = (indptr[r], indptr[r + 1]);
            a <= z
                && indices[a..z].windows(2).all(|w| w[0] < w[1])
                && indices[a..z].last().is_none_or(|&j| (j as usize) < n_cols)
        })
    });
    assert!(valid, "the TF-IDF matrix structure is valid");
}

/// Splits `len`-long arrays into consecutive regions of the given lengths.
fn split_regions<'a>(
    indices: &'a mut [u32],
    data: &'a mut [f32],
    counts: &'a mut [u32],
    lens: impl Iterator<Item = usize>,
) -> Vec<(&'a mut [u32], &'a mut [f32], &'a mut [u32])> {
    let (mut ind, mut dat, mut cnt) = (indices, data, counts);
    let mut out = Vec::new();
    for len in lens {
        let (a, rest_i) = ind.split_at_mut(len);
        let (b, rest_d) = dat.split_at_mut(len);
        let (c, rest_c) = cnt.split_at_mut(len);
        out.push((a, b, c));
        (ind, dat, cnt) = (rest_i, rest_d, rest_c);
    }
    out
}

/// [`vectorize`] for stems only, reading each unit's tokens once.
///
/// 1. Each chunk of units counts its units' stems — a unit's stem ids copied, sorted
///    and run-length counted — straight into its region of the CSR arrays: the region
///    of its tokens (a unit has at most as many distinct stems as tokens), so no
///    counting pass is needed to size it. Document and corpus frequencies are summed on
///    the way.
/// 2. The vocabulary is filtered.
/// 3. Each chunk rewrites its rows in place: stem → column (columns follow stem ids,
///    since both are in stem order, so a row stays sorted), filtered terms dropped,
///    weights computed.
/// 4. The regions are closed up.
///
/// The arrays are sized by the token count, but pages a region never reaches are never
/// touched, so memory is that of [`vectorize_terms`] (12 bytes a non-zero).
fn vectorize_stems(corpus: &AnalyzedCorpus, config: &VectorizeConfig) -> Result<Tfidf> {
    let n = corpus.n_units();
    let n_stems = corpus.lexicon.stems.len();
    let starts: Vec<usize> = (0..n).step_by(CHUNK).collect();
    let range = |start: usize| start..(start + CHUNK).min(n);
    let token_range = |start: usize| {
        let r = range(start);
        corpus.offsets[r.start]..corpus.offsets[r.end]
    };
    let n_tokens = corpus.offsets[n];
    let mut indices = vec![0u32; n_tokens];
    let mut data = vec![0f32; n_tokens];
    let mut counts = vec![0u32; n_tokens];
    let region_lens: Vec<usize> = starts.iter().map(|&s| token_range(s).len()).collect();
    let slices = split_regions(
        &mut indices,
        &mut data,
        &mut counts,
        region_lens.iter().copied(),
    );

    // 1. per unit: distinct stems (sorted) and their counts, into the region
    // a few runs of chunks per thread: each run sums its frequencies into its own dense
    // arrays (zeroed, then merged), so rayon's finest split would cost more than it
    // balances
    let min_len = starts
        .len()
        .div_ceil(4 * rayon::current_num_threads())
        .max(1);
    let (freq, mut rows) = slices
        .into_par_iter()
        .zip(&starts)
        .enumerate()
        .with_min_len(min_len)
        .fold(
            || (Freq::new(n_stems), Vec::new(), Vec::new()),
            |(mut f, mut rows, mut sorted), (c, ((ind, _, cnt), &start))| {
                let mut lens = Vec::with_capacity(CHUNK);
                let mut at = 0;
                for i in range(start) {
                    sorted.clear();
                    sorted.extend_from_slice(corpus.unit(i));
                    sorted.sort_unstable();
                    let before = at;
                    for run in sorted.chunk_by(|a, b| a == b) {
                        let (s, k) = (run[0], run.len() as u32);
                        ind[at] = s;
                        cnt[at] = k;
                        at += 1;
                        f.add_stem(s, k);
                    }
                    lens.push(at - before);
                }
                rows.push((c, lens));
                (f, rows, sorted)
            },
        )
        .map(|(f, rows, _)| (f, rows))
        .reduce(
            || (Freq::new(n_stems), Vec::new()),
            |(fa, mut ra), (fb, rb)| {
                ra.extend(rb);
                (fa.merge(fb), ra)
            },
        );
    rows.sort_unstable_by_key(|&(c, _)| c);

    // 2. the vocabulary
    let vocab = vocabulary(freq, corpus, config)?;

    // 3. each row rewritten in place: columns, counts, weights
    let slices = split_regions(
        &mut indices,
        &mut data,
        &mut counts,
        region_lens.iter().copied(),
    );
    let (col, idf) = (&vocab.col.stems, &vocab.idf);
    let tf = TermWeight::new(config.sublinear_tf);
    let kept_rows: Vec<Vec<usize>> = slices
        .into_par_iter()
        .zip(&rows)
        .map_init(Vec::new, |scratch, ((ind, dat, cnt), (_, lens))| {
            let mut kept = Vec::with_capacity(lens.len());
            let (mut from, mut to) = (0, 0);
            for &len in lens {
                let row = to;
                for e in from..from + len {
                    let j = col[ind[e] as usize];
                    if j != NO_COLUMN {
                        ind[to] = j;
                        cnt[to] = cnt[e];
                        to += 1;
                    }
                }
                from += len;
                let entries = ind[row..to]
                    .iter()
                    .copied()
                    .zip(cnt[row..to].iter().copied());
                weigh_row(entries, idf, &tf, scratch, &mut dat[row..to]);
                kept.push(to - row);
            }
            kept
        })
        .collect();
    drop(rows);

    // 4. closed up
    let regions = Regions {
        indices,
        data,
        counts,
        regions: region_lens.into_iter().zip(kept_rows).collect(),
    };
    Ok(regions.into_tfidf(n, vocab))
}

/// [`vectorize`] for any `ngram_max`.
///
/// Three passes over the tokens, chunks of units in parallel: frequencies; the
/// vocabulary; then each chunk fills a region of the CSR arrays sized by its unfiltered
/// term count from the first pass (an upper bound), rows packed from the region's
/// start, and the regions are closed up in order. Per-unit counts are never all held at
/// once, so memory is the matrix (12 bytes a non-zero with the counts) plus the
/// vocabulary.
fn vectorize_terms(
    corpus: &AnalyzedCorpus,
    config: &VectorizeConfig,
    ngram_max: usize,
) -> Result<Tfidf> {
    let n = corpus.n_units();
    let n_stems = corpus.lexicon.stems.len();
    let ngram = ngram_max;
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

    // 2. the vocabulary
    let vocab = vocabulary(freq, corpus, config)?;

    // 3. each chunk fills its region
    let total_room: usize = room.iter().sum();
    let mut indices = vec![0u32; total_room];
    let mut data = vec![0f32; total_room];
    let mut counts = vec![0u32; total_room];
    let slices = split_regions(&mut indices, &mut data, &mut counts, room.iter().copied());
    let (col, idf) = (&vocab.col, &vocab.idf);
    let tf = TermWeight::new(config.sublinear_tf);
    let row_nnz: Vec<Vec<usize>> = slices
        .into_par_iter()
        .zip(&starts)
        .map_init(
            || (Scratch::new(n_stems, ngram), Vec::new()),
            |(scratch, w), ((ind, dat, cnt), &start)| {
                let mut unit = Vec::new();
                let mut entries: Vec<(u32, u32)> = Vec::new();
                let mut lens = Vec::with_capacity(CHUNK);
                let mut at = 0;
                for i in range(start) {
                    unit_counts(corpus.unit(i), i, ngram, scratch, &mut unit);
                    entries.clear();
                    entries.extend(unit.iter().filter_map(|&(k, c)| col.get(k).map(|j| (j, c))));
                    entries.sort_unstable();
                    let len = entries.len();
                    weigh_row(entries.iter().copied(), idf, &tf, w, &mut dat[at..at + len]);
                    for (e, &(j, c)) in entries.iter().enumerate() {
                        ind[at + e] = j;
                        cnt[at + e] = c;
                    }
                    at += len;
                    lens.push(len);
                }
                lens
            },
        )
        .collect();

    // 4. closed up
    let regions = Regions {
        indices,
        data,
        counts,
        regions: room.into_iter().zip(row_nnz).collect(),
    };
    Ok(regions.into_tfidf(n, vocab))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{analyze, PreprocessConfig};

    /// Unit texts drawn from a small vocabulary (so terms repeat within and across
    /// units), some units empty, some longer than a chunk's worth of tokens.
    fn texts(seed: u64, n: usize) -> Vec<String> {
        let words = [
            "housing",
            "houses",
            "police",
            "policing",
            "crime",
            "transport",
            "buses",
            "rent",
            "renters",
            "London",
            "mayor",
            "schools",
            "air",
            "clean",
            "green",
        ];
        let mut x = seed | 1;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        (0..n)
            .map(|_| {
                let len = match next() % 10 {
                    0 => 0,
                    1 => 200,
                    _ => next() as usize % 12,
                };
                (0..len)
                    .map(|_| words[next() as usize % words.len()])
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    fn same(a: &Tfidf, b: &Tfidf) {
        assert_eq!(
            a.matrix.indptr().raw_storage(),
            b.matrix.indptr().raw_storage()
        );
        assert_eq!(a.matrix.indices(), b.matrix.indices());
        let bits = |m: &Matrix| m.data().iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&a.matrix), bits(&b.matrix));
        assert_eq!(a.matrix.shape(), b.matrix.shape());
        assert_eq!(a.count_data(), b.count_data());
        assert_eq!(a.terms, b.terms);
        assert_eq!(a.idf, b.idf);
    }

    fn bounds(min_df: DocFreq, max_df: DocFreq) -> VectorizeConfig {
        VectorizeConfig {
            min_df,
            max_df,
            ..Default::default()
        }
    }

    #[test]
    fn min_df_above_max_df_of_the_same_kind_fails_validation() {
        use DocFreq::{Count, Fraction};
        for (min, max) in [(Count(5), Count(3)), (Fraction(0.6), Fraction(0.4))] {
            let e = bounds(min, max).validate().unwrap_err();
            assert_eq!(
                (e.key.as_str(), e.other_key.as_deref()),
                ("vectorize.min_df", Some("vectorize.max_df"))
            );
            assert!(e.message.starts_with(&format!("is {min} but vectorize.max_df is {max}: a term would have to be in at least {min} and at most {max}")), "{e}");
        }
        // equal bounds, and a count against a share, depend on the corpus
        for (min, max) in [
            (Count(3), Count(3)),
            (Fraction(0.5), Fraction(0.5)),
            (Count(5), Fraction(0.4)),
            (Fraction(0.9), Count(1)),
        ] {
            assert_eq!(bounds(min, max).validate(), Ok(()), "{min} {max}");
        }
    }

    #[test]
    fn validate_checks_each_key_at_its_bounds() {
        use DocFreq::{Count, Fraction};
        let ok = |c: VectorizeConfig| assert_eq!(c.validate(), Ok(()), "{c:?}");
        let bad = |c: VectorizeConfig, key: &str, start: &str| {
            let e = c.validate().unwrap_err();
            assert_eq!(e.key, key, "{c:?}");
            assert!(e.message.starts_with(start), "{e}");
        };
        ok(bounds(Fraction(0.0), Fraction(1.0)));
        ok(bounds(Fraction(1.0), Fraction(1.0)));
        ok(bounds(Count(0), Count(1)));
        bad(
            bounds(Fraction(-0.1), Fraction(0.5)),
            "vectorize.min_df",
            "is -0.1; a float must be between 0.0 and 1.0",
        );
        bad(
            bounds(Fraction(1.5), Fraction(0.5)),
            "vectorize.min_df",
            "is 1.5; a float must be between 0.0 and 1.0",
        );
        bad(
            bounds(Count(1), Fraction(0.0)),
            "vectorize.max_df",
            "is 0; a float must be in (0.0, 1.0]",
        );
        bad(
            bounds(Count(1), Fraction(1.5)),
            "vectorize.max_df",
            "is 1.5; a float must be in (0.0, 1.0]",
        );
        bad(
            bounds(Count(1), Count(0)),
            "vectorize.max_df",
            "is 0; an integer must be at least 1",
        );
        let features = |n| VectorizeConfig {
            max_features: n,
            ..Default::default()
        };
        ok(features(Some(1)));
        ok(features(None));
        bad(
            features(Some(0)),
            "vectorize.max_features",
            "is 0; use a positive number",
        );
        let ngram = |n| VectorizeConfig {
            ngram_max: n,
            ..Default::default()
        };
        ok(ngram(OrAuto::Fixed(1)));
        ok(ngram(OrAuto::Fixed(2)));
        ok(ngram(OrAuto::Auto));
        bad(
            ngram(OrAuto::Fixed(0)),
            "vectorize.ngram_max",
            "is 0; it must be 1, 2 or \"auto\"",
        );
        bad(
            ngram(OrAuto::Fixed(3)),
            "vectorize.ngram_max",
            "is 3; it must be 1, 2 or \"auto\"",
        );
        // "auto" is stem pairs up to SMALL_CORPUS_UNITS units
        let auto = ngram(OrAuto::Auto);
        assert_eq!(auto.ngram_max_for(SMALL_CORPUS_UNITS), 2);
        assert_eq!(auto.ngram_max_for(SMALL_CORPUS_UNITS + 1), 1);
        assert_eq!(
            ngram(OrAuto::Fixed(2)).ngram_max_for(SMALL_CORPUS_UNITS + 1),
            2
        );
        // the bounds print as in the config
        assert_eq!(
            format!("{} {} {}", Count(3), Fraction(0.5), Fraction(1.0)),
            "3 0.5 1.0"
        );
    }

    #[test]
    fn df_bounds_round_shares_inwards() {
        use DocFreq::{Count, Fraction};
        // 0.25 of 10 units is 2.5: at least 3, at most 2
        assert_eq!(bounds(Fraction(0.25), Count(7)).df_bounds(10), (3, 7));
        assert_eq!(bounds(Count(2), Fraction(0.25)).df_bounds(10), (2, 2));
        // every term is in a unit: min_df 0 means 1
        assert_eq!(bounds(Count(0), Fraction(1.0)).df_bounds(10), (1, 10));
        assert_eq!(bounds(Fraction(0.0), Count(4)).df_bounds(10), (1, 4));
    }

    #[test]
    fn bounds_that_leave_no_term_on_this_corpus_fail_validate_for() {
        use DocFreq::{Count, Fraction};
        // two shares that pass validate: 0.4 of 4 is 1.6 (at least 2), 0.45 of 4 is 1.8
        // (at most 1)
        let cfg = bounds(Fraction(0.4), Fraction(0.45));
        assert_eq!(cfg.validate(), Ok(()));
        let e = cfg.validate_for(4).unwrap_err();
        assert_eq!(e.other_key.as_deref(), Some("vectorize.max_df"));
        assert_eq!(e.to_string(), format!("vectorize.min_df: is 0.4 but vectorize.max_df is 0.45: on this corpus of 4 paragraph units, min_df = 0.4 means at least 2 units and max_df = 0.45 at most 1, so no term can be kept; lower min_df or raise max_df {DF_HINT}"));
        // on 20 units: 8 to 9
        assert_eq!(cfg.validate_for(20), Ok(()));
        // a share of fewer than one unit
        let e = bounds(Count(1), Fraction(0.1)).validate_for(9).unwrap_err();
        assert_eq!(e.to_string(), format!("vectorize.max_df: is 0.1, which on this corpus of 9 paragraph units means at most 0 units, so no term can be kept; raise max_df {DF_HINT}"));
        assert_eq!(bounds(Count(1), Fraction(0.1)).validate_for(10), Ok(()));
        // min_df may be the unit count itself
        assert_eq!(bounds(Count(5), Fraction(1.0)).validate_for(5), Ok(()));
        // min_df above the unit count comes first, as before
        let e = bounds(Count(6), Fraction(0.5)).validate_for(5).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("vectorize.min_df: is 6 but the corpus has only 5 paragraph units"),
            "{e}"
        );
        // bounds that fit exactly pass; the vocabulary is then the terms in that many units
        assert_eq!(bounds(Count(2), Fraction(0.5)).validate_for(4), Ok(()));
        let texts = [
            "housing rent",
            "housing police",
            "police crime",
            "crime rent",
        ];
        let corpus = analyze(&texts, &PreprocessConfig::default()).unwrap();
        let cfg = VectorizeConfig {
            ngram_max: OrAuto::Fixed(1),
            ..bounds(Count(2), Fraction(0.5))
        };
        let terms: Vec<String> = vectorize(&corpus, &cfg)
            .unwrap()
            .terms
            .into_iter()
            .map(|t| t.word)
            .collect();
        assert_eq!(terms, ["crime", "housing", "police", "rent"]);
        let err = vectorize(&corpus, &bounds(Count(2), Fraction(0.4))).unwrap_err();
        assert_eq!(err.exit_code(), 2);
    }

    /// "housing" in all 4 units, "police" in 2, "crime" in 1; "police" twice in unit 2.
    fn idf_corpus() -> AnalyzedCorpus {
        let texts = [
            "housing",
            "housing police",
            "housing police police crime",
            "housing",
        ];
        analyze(&texts, &PreprocessConfig::default()).unwrap()
    }

    fn every_term(smooth_idf: bool, sublinear_tf: bool) -> VectorizeConfig {
        VectorizeConfig {
            min_df: DocFreq::Count(1),
            max_df: DocFreq::Fraction(1.0),
            ngram_max: OrAuto::Fixed(1),
            smooth_idf,
            sublinear_tf,
            ..Default::default()
        }
    }

    /// `(word, value)` pairs.
    type Weights<'a> = Vec<(&'a str, f64)>;

    /// `(word, idf)` by column, and unit 2's row as `(word, weight)`.
    fn idf_and_row(t: &Tfidf) -> (Weights<'_>, Weights<'_>) {
        let idf = t
            .terms
            .iter()
            .map(|t| t.word.as_str())
            .zip(t.idf.iter().copied())
            .collect();
        let row = t.matrix.outer_view(2).unwrap();
        let row = row
            .iter()
            .map(|(j, &x)| (t.terms[j].word.as_str(), f64::from(x)))
            .collect();
        (idf, row)
    }

    fn assert_close(got: &[(&str, f64)], want: &[(&str, f64)], tol: f64) {
        assert_eq!(got.len(), want.len(), "{got:?} vs {want:?}");
        for ((a, x), (b, y)) in got.iter().zip(want) {
            assert_eq!(a, b);
            assert!((x - y).abs() < tol, "{a}: {x} != {y}");
        }
    }

    #[test]
    fn idf_is_ln_n_over_df_plus_one_without_smoothing() {
        let ln = f64::ln;
        let corpus = idf_corpus();
        for ngram_max in [1, 2] {
            let cfg = VectorizeConfig {
                ngram_max: OrAuto::Fixed(ngram_max),
                ..every_term(false, false)
            };
            let t = vectorize(&corpus, &cfg).unwrap();
            let (idf, row) = idf_and_row(&t);
            let unigrams: Vec<(&str, f64)> =
                idf.into_iter().filter(|(w, _)| !w.contains(' ')).collect();
            assert_close(
                &unigrams,
                &[
                    ("crime", ln(4.0) + 1.0),
                    ("housing", 1.0),
                    ("police", ln(2.0) + 1.0),
                ],
                1e-12,
            );
            if ngram_max == 1 {
                // raw counts 1, 1, 2 times those idf, L2-normalised
                let (c, h, p) = (ln(4.0) + 1.0, 1.0, 2.0 * (ln(2.0) + 1.0));
                let norm = (c * c + h * h + p * p).sqrt();
                assert_close(
                    &row,
                    &[
                        ("crime", c / norm),
                        ("housing", h / norm),
                        ("police", p / norm),
                    ],
                    1e-6,
                );
            }
        }
    }

    #[test]
    fn idf_is_smoothed_as_if_one_more_unit_held_every_term() {
        let ln = f64::ln;
        let t = vectorize(&idf_corpus(), &every_term(true, true)).unwrap();
        let (idf, row) = idf_and_row(&t);
        let (c, h, p) = (ln(5.0 / 2.0) + 1.0, 1.0, ln(5.0 / 3.0) + 1.0);
        assert_close(&idf, &[("crime", c), ("housing", h), ("police", p)], 1e-12);
        // sublinear tf: police twice weighs 1 + ln 2
        let p2 = (1.0 + ln(2.0)) * p;
        let norm = (c * c + h * h + p2 * p2).sqrt();
        assert_close(
            &row,
            &[
                ("crime", c / norm),
                ("housing", h / norm),
                ("police", p2 / norm),
            ],
            1e-6,
        );
        assert_eq!(t.count_data(), [1, 1, 1, 1, 1, 2, 1]);
        let df: Vec<u32> = t.terms.iter().map(|t| t.df).collect();
        assert_eq!(df, [1, 4, 2]);
    }

    /// Each row as `(term stem, count)` sorted by stem, and each term's `(stem, df)`.
    type Rows = (Vec<Vec<(String, u32)>>, Vec<(String, u32)>);

    fn rows_of(t: &Tfidf) -> Rows {
        let counts = t.counts();
        let rows = (0..counts.rows())
            .map(|i| {
                let row = counts.outer_view(i).unwrap();
                row.iter()
                    .map(|(j, &c)| (t.terms[j].stem.clone(), c))
                    .collect()
            })
            .collect();
        let df = t.terms.iter().map(|t| (t.stem.clone(), t.df)).collect();
        (rows, df)
    }

    /// The same, counted the obvious way from the units' stems: every stem and, with
    /// `ngram_max = 2`, every adjacent pair.
    fn counted(corpus: &AnalyzedCorpus, ngram_max: usize) -> Rows {
        use std::collections::BTreeMap;
        let stems = &corpus.lexicon.stems;
        let mut df: BTreeMap<String, u32> = BTreeMap::new();
        let rows = (0..corpus.n_units())
            .map(|i| {
                let unit: Vec<&str> = corpus
                    .unit(i)
                    .iter()
                    .map(|&s| stems[s as usize].as_str())
                    .collect();
                let mut row: BTreeMap<String, u32> = BTreeMap::new();
                for w in &unit {
                    *row.entry(w.to_string()).or_default() += 1;
                }
                if ngram_max == 2 {
                    for w in unit.windows(2) {
                        *row.entry(format!("{} {}", w[0], w[1])).or_default() += 1;
                    }
                }
                for k in row.keys() {
                    *df.entry(k.clone()).or_default() += 1;
                }
                row.into_iter().collect()
            })
            .collect();
        (rows, df.into_iter().collect())
    }

    #[test]
    fn bigrams_are_counted_per_unit_with_their_stems() {
        let texts = ["housing police housing police", "police crime", "housing"];
        let corpus = analyze(&texts, &PreprocessConfig::default()).unwrap();
        let cfg = VectorizeConfig {
            ngram_max: OrAuto::Fixed(2),
            ..every_term(true, true)
        };
        let t = vectorize(&corpus, &cfg).unwrap();
        assert_eq!(t.ngram_max, 2);
        let words: Vec<&str> = t.terms.iter().map(|t| t.word.as_str()).collect();
        assert_eq!(
            words,
            [
                "crime",
                "housing",
                "housing police",
                "police",
                "police crime",
                "police housing"
            ]
        );
        let df: Vec<u32> = t.terms.iter().map(|t| t.df).collect();
        assert_eq!(df, [1, 2, 1, 2, 1, 1]);
        assert_eq!(t.matrix.indices(), [1, 2, 3, 5, 0, 3, 4, 1]);
        assert_eq!(t.count_data(), [2, 2, 2, 1, 1, 1, 1, 1]);
        // the 3 most frequent terms in the corpus: housing and police (3), then
        // housing police (2)
        let top = vectorize(
            &corpus,
            &VectorizeConfig {
                max_features: Some(3),
                ..cfg
            },
        )
        .unwrap();
        let words: Vec<&str> = top.terms.iter().map(|t| t.word.as_str()).collect();
        assert_eq!(words, ["housing", "housing police", "police"]);
        assert_eq!(top.count_data(), [2, 2, 2, 1, 1]);
    }

    #[test]
    fn matrix_counts_match_a_direct_count_over_several_chunks() {
        // 5000 units: two chunks of units counted in parallel and merged
        let texts = texts(7, 5000);
        let corpus = analyze(&texts, &PreprocessConfig::default()).unwrap();
        for ngram_max in [1, 2] {
            let cfg = VectorizeConfig {
                ngram_max: OrAuto::Fixed(ngram_max),
                ..every_term(true, true)
            };
            let t = vectorize(&corpus, &cfg).unwrap();
            assert!(
                rows_of(&t) == counted(&corpus, ngram_max),
                "ngram_max {ngram_max}"
            );
        }
    }

    #[test]
    fn no_term_left_is_a_data_error_counting_the_terms_before_filtering() {
        use DocFreq::Count;
        // housing in 4 units, police in 2, crime in 1: none in exactly 3
        for (ngram_max, distinct) in [(1, 3), (2, 6)] {
            let cfg = VectorizeConfig {
                ngram_max: OrAuto::Fixed(ngram_max),
                ..bounds(Count(3), Count(3))
            };
            let e = vectorize(&idf_corpus(), &cfg).unwrap_err();
            assert_eq!(e.to_string(), format!("no term is left after vectorize.min_df = 3 and vectorize.max_df = 3 on 4 paragraph units ({distinct} distinct terms before filtering); lower min_df or raise max_df"));
            assert_eq!(e.exit_code(), 1);
        }
    }

    #[test]
    fn check_structure_accepts_valid_csr() {
        check_structure(5, &[0, 2, 2, 5], &[1, 4, 0, 2, 3]);
        check_structure(1, &[0], &[]);
        // many rows: blocks of rows checked in parallel
        let rows = 40_000;
        let indptr: Vec<usize> = (0..=rows).map(|r| 2 * r).collect();
        let indices: Vec<u32> = (0..rows)
            .flat_map(|r| [r as u32 % 7, 7 + r as u32 % 3])
            .collect();
        check_structure(10, &indptr, &indices);
    }

    #[test]
    #[should_panic]
    fn check_structure_rejects_unsorted_rows() {
        check_structure(5, &[0, 2, 2, 5], &[1, 4, 0, 3, 2]);
    }

    #[test]
    #[should_panic]
    fn check_structure_rejects_repeated_columns() {
        check_structure(5, &[0, 2], &[3, 3]);
    }

    #[test]
    #[should_panic]
    fn check_structure_rejects_columns_out_of_range() {
        check_structure(4, &[0, 2], &[1, 4]);
    }

    #[test]
    #[should_panic]
    fn check_structure_rejects_decreasing_indptr() {
        check_structure(5, &[0, 2, 1, 3], &[0, 1, 2]);
    }

    #[test]
    #[should_panic]
    fn check_structure_rejects_wrong_total() {
        check_structure(5, &[0, 1, 2], &[0, 1, 2]);
    }

    #[test]
    fn close_up_packs_regions_in_order() {
        let mut v = vec![1, 2, 0, 0, 3, 0, 4, 5, 6];
        close_up(&mut v, &[(0, 2), (4, 1), (5, 0), (6, 3)]);
        assert_eq!(v, [1, 2, 3, 4, 5, 6]);
    }

    #[test]
    fn stems_path_matches_the_general_path() {
        let configs = [
            VectorizeConfig::default(),
            VectorizeConfig {
                min_df: DocFreq::Count(1),
                max_df: DocFreq::Fraction(1.0),
                sublinear_tf: false,
                smooth_idf: false,
                ..Default::default()
            },
            VectorizeConfig {
                min_df: DocFreq::Fraction(0.01),
                max_df: DocFreq::Count(4000),
                max_features: Some(5),
                ..Default::default()
            },
        ];
        let mut compared = 0;
        for (seed, n) in [(1, 10), (2, 5000), (3, 9000)] {
            let texts = texts(seed, n);
            let corpus = analyze(&texts, &PreprocessConfig::default()).unwrap();
            for config in &configs {
                match (
                    vectorize_stems(&corpus, config),
                    vectorize_terms(&corpus, config, 1),
                ) {
                    (Ok(a), Ok(b)) => {
                        same(&a, &b);
                        compared += 1;
                    }
                    (a, b) => assert_eq!(
                        a.err().map(|e| e.to_string()),
                        b.err().map(|e| e.to_string())
                    ),
                }
            }
        }
        assert!(
            compared >= 7,
            "only {compared} configurations built a matrix"
        );
    }
}
