//! The fitted part of the vectorizer: the vocabulary with its idf and weighting flags,
//! which places new paragraphs in the training matrix's columns (scikit-learn's
//! `TfidfVectorizer.vocabulary_` and `idf_` after `fit`, used by `transform`).

use super::{term_key, weigh_row, Matrix, Term, TermWeight, Tfidf};
use crate::text::AnalyzedCorpus;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

/// A fitted vocabulary: the columns of a TF-IDF matrix and how a count becomes a weight.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Vocabulary {
    /// The columns, sorted by stem: a stem, or two stems joined by a space (a bigram).
    pub terms: Vec<Term>,
    /// The idf of each column (`terms.len()`).
    pub idf: Vec<f64>,
    /// `1 + ln(count)` instead of the count (`vectorize.sublinear_tf`).
    pub sublinear_tf: bool,
    /// 1 (stems) or 2 (stems and pairs of consecutive stems).
    pub ngram_max: usize,
    /// Number of training paragraph units the df and idf were counted on.
    pub n_units: usize,
}

impl Vocabulary {
    /// The vocabulary of a vectorized corpus.
    pub fn of(tfidf: &Tfidf, sublinear_tf: bool, n_units: usize) -> Vocabulary {
        Vocabulary {
            terms: tfidf.terms.clone(),
            idf: tfidf.idf.clone(),
            sublinear_tf,
            ngram_max: tfidf.ngram_max,
            n_units,
        }
    }

    /// Number of columns.
    pub fn len(&self) -> usize {
        self.terms.len()
    }

    /// Whether there are no columns.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// The TF-IDF rows of `corpus`'s units in this vocabulary's columns (units × terms,
    /// L2-normalised, with the raw counts): terms the vocabulary does not hold are
    /// ignored, so a unit with none of its terms has an empty row. On the training
    /// corpus this gives the training matrix bit for bit (same counts, same column
    /// order, same arithmetic).
    pub fn transform(&self, corpus: &AnalyzedCorpus) -> Tfidf {
        let columns = self.columns(&corpus.lexicon.stems);
        let tf = TermWeight::new(self.sublinear_tf);
        let mut indptr = Vec::with_capacity(corpus.n_units() + 1);
        indptr.push(0usize);
        let (mut indices, mut data, mut counts) = (Vec::new(), Vec::new(), Vec::new());
        let (mut entries, mut scratch) = (Vec::<(u32, u32)>::new(), Vec::new());
        for unit in corpus.units() {
            self.row_counts(unit, &columns, &mut entries);
            let start = data.len();
            data.resize(start + entries.len(), 0.0f32);
            weigh_row(
                entries.iter().copied(),
                &self.idf,
                &tf,
                &mut scratch,
                &mut data[start..],
            );
            indices.extend(entries.iter().map(|e| e.0));
            counts.extend(entries.iter().map(|e| e.1));
            indptr.push(indices.len());
        }
        let shape = (corpus.n_units(), self.len());
        // each row's columns are distinct, sorted and below `self.len()` by construction
        let matrix = Matrix::new(shape, indptr, indices, data);
        Tfidf {
            matrix,
            counts,
            terms: self.terms.clone(),
            idf: self.idf.clone(),
            ngram_max: self.ngram_max,
        }
    }

    /// Per unit of `corpus`, its tokens whose stem the vocabulary holds (as a term or
    /// in a stem pair): the rest are words the model never saw.
    pub fn known_tokens(&self, corpus: &AnalyzedCorpus) -> Vec<usize> {
        let held: rustc_hash::FxHashSet<&str> =
            self.terms.iter().flat_map(|t| t.stem.split(' ')).collect();
        let known: Vec<bool> = corpus
            .lexicon
            .stems
            .iter()
            .map(|s| held.contains(s.as_str()))
            .collect();
        corpus
            .units()
            .map(|u| u.iter().filter(|&&s| known[s as usize]).count())
            .collect()
    }

    /// The unit's `(column, count)` entries, sorted by column.
    fn row_counts(&self, unit: &[u32], columns: &Columns, out: &mut Vec<(u32, u32)>) {
        let mut cols: Vec<u32> = unit
            .iter()
            .filter_map(|&s| columns.stems[s as usize])
            .collect();
        if self.ngram_max > 1 {
            cols.extend(
                unit.windows(2)
                    .filter_map(|w| columns.bigrams.get(&term_key(w[0], Some(w[1]))).copied()),
            );
        }
        cols.sort_unstable();
        out.clear();
        for c in cols {
            match out.last_mut() {
                Some((last, n)) if *last == c => *n += 1,
                _ => out.push((c, 1)),
            }
        }
    }

    /// Corpus-local stem ids → columns, from the stem strings.
    fn columns(&self, stems: &[String]) -> Columns {
        let local: FxHashMap<&str, u32> = stems
            .iter()
            .enumerate()
            .map(|(i, s)| (s.as_str(), i as u32))
            .collect();
        let mut out = Columns {
            stems: vec![None; stems.len()],
            bigrams: FxHashMap::default(),
        };
        for (c, t) in self.terms.iter().enumerate() {
            match t.stem.split_once(' ') {
                None => {
                    if let Some(&s) = local.get(t.stem.as_str()) {
                        out.stems[s as usize] = Some(c as u32);
                    }
                }
                Some((a, b)) => {
                    if let (Some(&a), Some(&b)) = (local.get(a), local.get(b)) {
                        out.bigrams.insert(term_key(a, Some(b)), c as u32);
                    }
                }
            }
        }
        out
    }
}

/// Corpus-local stem id → column, and bigram key → column.
struct Columns {
    stems: Vec<Option<u32>>,
    bigrams: FxHashMap<u64, u32>,
}
