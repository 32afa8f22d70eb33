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
use serde::{Deserialize, Serialize};
use sprs::CsMat;
use std::collections::HashMap;

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

/// The vectorized corpus.
#[derive(Debug, Clone)]
pub struct Tfidf {
    /// TF-IDF weights, units × terms, L2-normalised rows (CSR).
    pub matrix: CsMat<f64>,
    /// Raw term counts, same shape and pattern as `matrix`.
    pub counts: CsMat<u32>,
    /// The columns, sorted by stem.
    pub terms: Vec<Term>,
    /// The idf of each column.
    pub idf: Vec<f64>,
}

const CHUNK: usize = 4096;

type UnitCounts = Vec<(u64, u32)>;

/// Per chunk: each unit's counts, and each term's (document frequency, corpus count).
type ChunkCounts = (Vec<UnitCounts>, HashMap<u64, (u32, u64)>);

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

fn unit_counts(unit: &[u32], ngram_max: usize) -> UnitCounts {
    let mut keys: Vec<u64> = unit.iter().map(|&a| term_key(a, None)).collect();
    if ngram_max >= 2 {
        keys.extend(unit.windows(2).map(|w| term_key(w[0], Some(w[1]))));
    }
    keys.sort_unstable();
    let mut out: UnitCounts = Vec::new();
    for k in keys {
        match out.last_mut() {
            Some((last, n)) if *last == k => *n += 1,
            _ => out.push((k, 1)),
        }
    }
    out
}

/// Builds the vocabulary and the TF-IDF matrix: the stage's entry point.
pub fn vectorize(corpus: &AnalyzedCorpus, config: &VectorizeConfig) -> Result<Tfidf> {
    let n = corpus.n_units();
    config
        .validate_for(n)
        .map_err(|e| Error::Config(e.to_string()))?;
    let lex = &corpus.lexicon;

    // 1. per-unit counts and per-chunk document/corpus frequencies
    let starts: Vec<usize> = (0..n).step_by(CHUNK).collect();
    let chunks: Vec<ChunkCounts> = starts
        .par_iter()
        .map(|&start| {
            let mut freq: HashMap<u64, (u32, u64)> = HashMap::new();
            let counts: Vec<UnitCounts> = (start..(start + CHUNK).min(n))
                .map(|i| {
                    let u = corpus.unit(i);
                    let c = unit_counts(u, config.ngram_max);
                    for &(k, cnt) in &c {
                        let e = freq.entry(k).or_insert((0, 0));
                        e.0 += 1;
                        e.1 += cnt as u64;
                    }
                    c
                })
                .collect();
            (counts, freq)
        })
        .collect();
    let mut freq: HashMap<u64, (u32, u64)> = HashMap::new();
    for (_, f) in &chunks {
        for (&k, &(df, cf)) in f {
            let e = freq.entry(k).or_insert((0, 0));
            e.0 += df;
            e.1 += cf;
        }
    }

    // 2. filter by document frequency and max_features
    let lo = config.min_df.threshold(n);
    let hi = config.max_df.threshold(n);
    let stem_of = |k: u64| term_name(k, &lex.stems);
    let mut kept: Vec<(u64, u32, u64)> = freq
        .iter()
        .filter(|(_, &(df, _))| df as f64 >= lo && df as f64 <= hi)
        .map(|(&k, &(df, cf))| (k, df, cf))
        .collect();
    if kept.is_empty() {
        return Err(Error::Data(format!(
            "no term is left after vectorize.min_df = {} and vectorize.max_df = {} on {n} paragraph units ({} distinct terms before filtering); lower min_df or raise max_df",
            show_df(config.min_df),
            show_df(config.max_df),
            freq.len()
        )));
    }
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
    named.sort_by(|a, b| a.0.cmp(&b.0));
    let word_of = |k: u64| term_name(k, &lex.words);
    let col: HashMap<u64, u32> = named
        .iter()
        .enumerate()
        .map(|(i, t)| (t.1, i as u32))
        .collect();
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

    // 3. rows, in parallel; each row depends only on its own unit
    let rows: Vec<(Vec<u32>, Vec<u32>, Vec<f64>)> = chunks
        .into_par_iter()
        .flat_map_iter(|(counts, _)| counts.into_iter())
        .map(|c| {
            let mut entries: Vec<(u32, u32)> = c
                .into_iter()
                .filter_map(|(k, cnt)| col.get(&k).map(|&j| (j, cnt)))
                .collect();
            entries.sort_unstable();
            let mut w: Vec<f64> = entries
                .iter()
                .map(|&(j, cnt)| {
                    let tf = if config.sublinear_tf {
                        1.0 + (cnt as f64).ln()
                    } else {
                        cnt as f64
                    };
                    tf * idf[j as usize]
                })
                .collect();
            let norm = w.iter().map(|x| x * x).sum::<f64>().sqrt();
            if norm > 0.0 {
                w.iter_mut().for_each(|x| *x /= norm);
            }
            let (idx, cnt): (Vec<u32>, Vec<u32>) = entries.into_iter().unzip();
            (idx, cnt, w)
        })
        .collect();
    let nnz: usize = rows.iter().map(|r| r.0.len()).sum();
    let mut indptr = Vec::with_capacity(n + 1);
    let mut indices = Vec::with_capacity(nnz);
    let mut data = Vec::with_capacity(nnz);
    let mut counts = Vec::with_capacity(nnz);
    indptr.push(0usize);
    for (idx, cnt, w) in rows {
        indices.extend(idx.into_iter().map(|j| j as usize));
        counts.extend(cnt);
        data.extend(w);
        indptr.push(indices.len());
    }
    let shape = (n, terms.len());
    let count_matrix = CsMat::new(shape, indptr.clone(), indices.clone(), counts);
    let matrix = CsMat::new(shape, indptr, indices, data);
    Ok(Tfidf {
        matrix,
        counts: count_matrix,
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
