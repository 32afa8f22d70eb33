//! Guided topics (`[topics.seed_words]`): each guided topic's centroid starts at the LSA
//! image of its seed words, and the topic keeps its name while a seed word is among its
//! top terms — as the seeded topic lists of BERTopic and guided LDA, on k-means.

use super::{Topic, TopicsConfig};
use crate::cluster::{normalize_rows, Embedding, Guide};
use crate::error::{Error, Result};
use crate::notice::Notice;
use crate::text::{Analyzer, PreprocessConfig};
use crate::vectorize::Tfidf;
use ndarray::Array2;

/// The guide of `config.seed_words`: per guided topic (in name order), the unit-length
/// LSA coordinates of a TF-IDF row holding each of its seed words once (each word
/// analysed like the corpus: stop words dropped, stemmed). `None` without seed words.
///
/// Seed words missing from the vocabulary are reported by name in a warning through
/// `log`.
///
/// # Errors
/// [`Error::Config`] (exit 2) for a guided topic none of whose words is in the
/// vocabulary and the LSA space.
pub fn from_seed_words(
    config: &TopicsConfig,
    preprocess: &PreprocessConfig,
    tfidf: &Tfidf,
    embedding: &Embedding,
    log: &mut dyn FnMut(crate::notice::Event),
) -> Result<Option<Guide>> {
    if config.seed_words.is_empty() {
        return Ok(None);
    }
    let analyzer = Analyzer::new(preprocess).map_err(|e| Error::Config(e.to_string()))?;
    let dims = embedding.dims();
    let v = embedding.basis.times(Array2::<f64>::eye(dims).view());
    let mut slot = vec![usize::MAX; tfidf.terms.len()];
    match &embedding.columns {
        Some(cols) => cols.iter().enumerate().for_each(|(s, &j)| slot[j] = s),
        None => slot.iter_mut().enumerate().for_each(|(j, s)| *s = j),
    }
    let mut coords = Array2::<f64>::zeros((config.seed_words.len(), dims));
    let (mut names, mut columns) = (Vec::new(), Vec::new());
    for ((name, words), mut out) in config.seed_words.iter().zip(coords.rows_mut()) {
        let mut missing = Vec::new();
        let mut seeds = Vec::new();
        let mut norm = 0.0;
        for word in words {
            let cols = seed_columns(&analyzer, word, tfidf);
            if cols.is_empty() {
                missing.push(format!("{word:?}"));
            }
            seeds.extend(&cols);
            for j in cols {
                norm += tfidf.idf[j] * tfidf.idf[j];
                if slot[j] != usize::MAX {
                    out.scaled_add(tfidf.idf[j], &v.row(slot[j]));
                }
            }
        }
        if !missing.is_empty() {
            log(crate::notice::Event::Notice(&Notice::warning(
                "seed_words_missing",
                format!(
                    "topics.seed_words.{name}: {} not in the vocabulary (stop words, or too rare or too common for vectorize.min_df/max_df); the topic is guided by the others",
                    missing.join(", ")
                ),
            )));
        }
        if norm == 0.0 || out.iter().all(|&x| x == 0.0) {
            return Err(Error::Config(format!(
                "topics.seed_words.{name}: none of its words ({}) is in the vocabulary, so it cannot guide a topic; use words that occur in the documents",
                words.join(", ")
            )));
        }
        names.push(name.clone());
        columns.push(seeds);
    }
    normalize_rows(&mut coords);
    Ok(Some(Guide {
        names,
        coords,
        columns,
    }))
}

/// The vocabulary columns of a seed word's stems (a phrase gives several).
fn seed_columns(analyzer: &Analyzer, word: &str, tfidf: &Tfidf) -> Vec<usize> {
    analyzer
        .analyze(word)
        .iter()
        .filter_map(|t| {
            tfidf
                .terms
                .binary_search_by(|term| term.stem.as_str().cmp(t.stem.as_str()))
                .ok()
        })
        .collect()
}

/// Names each guided topic (`guided[t]`: the guide entry topic `t` started from) while
/// one of its seed words is among its top terms; returns a warning for each guided topic
/// that kept none (it stays unnamed, as guidance did not hold).
pub fn name_guided(topics: &mut [Topic], guided: &[Option<usize>], guide: &Guide) -> Vec<Notice> {
    let mut warnings = Vec::new();
    for (t, g) in topics.iter_mut().zip(guided) {
        let Some(g) = *g else { continue };
        let name = &guide.names[g];
        if t.columns.iter().any(|c| guide.columns[g].contains(c)) {
            t.name = Some(name.clone());
        } else {
            warnings.push(Notice::warning(
                "guided_topic_lost",
                format!(
                    "guided topic {name:?} (topic {}) has none of its seed words among its top terms ({}); it is left unnamed — the corpus may not hold that theme as a topic of its own, or k may be too small",
                    t.id, t.label
                ),
            ));
        }
    }
    warnings
}
