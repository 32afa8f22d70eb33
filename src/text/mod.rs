//! Stage 2 — text: normalise, tokenize, filter and stem each unit, in parallel.
//!
//! The analyzer is a chain of small filters, one per file: [`normalize`] →
//! [`tokenize`] → [`MaxLength`] → [`LowerCaser`] → [`PossessiveStripper`] →
//! [`StopWordFilter`] → [`NumberFilter`] → [`MinLength`] → [`Stemmer`]. Each stem remembers its most frequent
//! surface word, so labels show `police`, never `polic`.
//!
//! ```
//! use paratopic::text::{Analyzer, PreprocessConfig};
//!
//! let analyzer = Analyzer::new(&PreprocessConfig::default()).unwrap();
//! let tokens = analyzer.analyze("I\u{2019}ve\u{a0}doubled the investment in policing.");
//! let stems: Vec<&str> = tokens.iter().map(|t| t.stem.as_str()).collect();
//! assert_eq!(stems, ["doubl", "invest", "polic"]);
//! assert_eq!(tokens[2].word, "policing");
//! ```

mod filters;
mod lowercase;
mod normalize;
mod stem;
mod stopwords;
mod tokenize;

pub use filters::{MaxLength, MinLength, NumberFilter, PossessiveStripper};
pub use lowercase::LowerCaser;
pub use normalize::{normalize, normalize_cow};
pub use stem::{Stemmer, LANGUAGES};
pub use stopwords::{StopWordFilter, ENGLISH};
pub use tokenize::tokenize;

use crate::error::ParamError;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A step of the analyzer chain: edits the token in place, returns `false` to drop it.
pub trait TokenFilter: Send + Sync {
    /// Applies the filter; `false` removes the token.
    fn apply(&self, token: &mut String) -> bool;
}

/// `[preprocess]`: how text becomes tokens.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PreprocessConfig {
    /// Snowball stemmer language, or `"none"`.
    pub stemmer: String,
    /// Built-in stop-word list: `"english"` or `"none"`.
    pub stopwords: String,
    /// More stop words (matched case-insensitively on whole words).
    pub extra_stopwords: Vec<String>,
    /// Minimum token length in characters. Range 1–100.
    pub min_token_len: usize,
    /// Maximum token length in characters; longer tokens are dropped. Range
    /// `min_token_len`–1000.
    pub max_token_len: usize,
    /// Keep tokens containing digits (`2016`, `999`).
    pub keep_numbers: bool,
    /// Split hyphenated words (`co-operative` → `co`, `operative`).
    pub split_hyphens: bool,
}

impl Default for PreprocessConfig {
    fn default() -> Self {
        PreprocessConfig {
            stemmer: "english".into(),
            stopwords: "english".into(),
            extra_stopwords: Vec::new(),
            min_token_len: 2,
            max_token_len: 50,
            keep_numbers: false,
            split_hyphens: false,
        }
    }
}

impl PreprocessConfig {
    /// Checks the values; the error names the key.
    pub fn validate(&self) -> Result<(), ParamError> {
        if !LANGUAGES.contains(&self.stemmer.as_str()) {
            return Err(ParamError::new(
                "preprocess.stemmer",
                format!(
                    "is \"{}\"; use one of {}",
                    self.stemmer,
                    LANGUAGES.join(", ")
                ),
            ));
        }
        if !["english", "none"].contains(&self.stopwords.as_str()) {
            return Err(ParamError::new(
                "preprocess.stopwords",
                format!(
                    "is \"{}\"; use \"english\" or \"none\" (add your own with extra_stopwords)",
                    self.stopwords
                ),
            ));
        }
        if !(1..=100).contains(&self.min_token_len) {
            return Err(ParamError::new(
                "preprocess.min_token_len",
                format!("is {}; it must be between 1 and 100", self.min_token_len),
            ));
        }
        if !(self.min_token_len..=1000).contains(&self.max_token_len) {
            return Err(ParamError::new(
                "preprocess.max_token_len",
                format!(
                    "is {}; it must be between preprocess.min_token_len ({}) and 1000",
                    self.max_token_len, self.min_token_len
                ),
            ));
        }
        Ok(())
    }
}

/// A kept token: its stem and the lower-cased word it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The Snowball stem (`polic`).
    pub stem: String,
    /// The lower-cased surface word (`policing`).
    pub word: String,
}

/// The analyzer chain built from a [`PreprocessConfig`].
pub struct Analyzer {
    split_hyphens: bool,
    filters: Vec<Box<dyn TokenFilter>>,
    stemmer: Stemmer,
}

impl Analyzer {
    /// Builds the chain; fails on an invalid config.
    pub fn new(config: &PreprocessConfig) -> Result<Self, ParamError> {
        config.validate()?;
        let base: &[&str] = if config.stopwords == "english" {
            ENGLISH
        } else {
            &[]
        };
        let mut filters: Vec<Box<dyn TokenFilter>> = vec![
            Box::new(MaxLength {
                max_chars: config.max_token_len,
            }),
            Box::new(LowerCaser),
            Box::new(PossessiveStripper),
            Box::new(StopWordFilter::new(base, &config.extra_stopwords)),
        ];
        if !config.keep_numbers {
            filters.push(Box::new(NumberFilter));
        }
        filters.push(Box::new(MinLength {
            min_chars: config.min_token_len,
        }));
        let stemmer = Stemmer::new(&config.stemmer).expect("validated language");
        Ok(Analyzer {
            split_hyphens: config.split_hyphens,
            filters,
            stemmer,
        })
    }

    /// Runs the chain over one text.
    pub fn analyze(&self, text: &str) -> Vec<Token> {
        let text = normalize_cow(text);
        tokenize(&text, self.split_hyphens)
            .into_iter()
            .filter_map(|w| self.analyze_word(w))
            .collect()
    }

    /// Runs the filters and the stemmer on one word of normalised text.
    pub fn analyze_word(&self, raw: &str) -> Option<Token> {
        let mut word = raw.to_string();
        for f in &self.filters {
            if !f.apply(&mut word) {
                return None;
            }
        }
        Some(Token {
            stem: self.stemmer.stem(&word),
            word,
        })
    }
}

/// The stems of a corpus, sorted, each with the word users see for it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Lexicon {
    /// Stems in sorted order; a stem's id is its index.
    pub stems: Vec<String>,
    /// For each stem, its most frequent surface word (ties: the alphabetically first).
    pub words: Vec<String>,
}

/// Every unit as a sequence of stem ids into the [`Lexicon`].
#[derive(Debug, Clone, Default)]
pub struct AnalyzedCorpus {
    /// The stems and their display words.
    pub lexicon: Lexicon,
    /// Per unit, its kept tokens as stem ids, in text order.
    pub units: Vec<Vec<u32>>,
}

impl AnalyzedCorpus {
    /// Number of kept tokens in unit `i`.
    pub fn n_tokens(&self, i: usize) -> usize {
        self.units[i].len()
    }
}

/// Units per parallel work item: fixed, so results never depend on the thread count.
const CHUNK: usize = 4096;

struct ChunkResult {
    stems: Vec<String>,
    surfaces: Vec<Vec<(String, u64)>>,
    units: Vec<Vec<u32>>,
}

/// Analyzes one chunk of units. Each distinct raw word is analysed once: a cache maps it
/// to its stem and display word (or to nothing, when a filter drops it).
fn analyze_chunk<S: AsRef<str>>(analyzer: &Analyzer, chunk: &[S]) -> ChunkResult {
    // raw word -> (local stem id, local surface id), or None if dropped
    let mut cache: FxHashMap<String, Option<(u32, u32)>> = FxHashMap::default();
    let mut stem_ids: FxHashMap<String, u32> = FxHashMap::default();
    let mut surface_ids: FxHashMap<String, u32> = FxHashMap::default();
    let mut surface_stem: Vec<u32> = Vec::new();
    let mut surface_words: Vec<String> = Vec::new();
    let mut surface_count: Vec<u64> = Vec::new();
    let mut res = ChunkResult {
        stems: Vec::new(),
        surfaces: Vec::new(),
        units: Vec::with_capacity(chunk.len()),
    };
    for text in chunk {
        let text = normalize_cow(text.as_ref());
        let mut unit = Vec::new();
        for raw in tokenize(&text, analyzer.split_hyphens) {
            let entry = match cache.get(raw) {
                Some(e) => *e,
                None => {
                    let e = analyzer.analyze_word(raw).map(|t| {
                        let next = res.stems.len() as u32;
                        let sid = *stem_ids.entry(t.stem).or_insert_with_key(|k| {
                            res.stems.push(k.clone());
                            next
                        });
                        let next = surface_words.len() as u32;
                        let wid = *surface_ids.entry(t.word).or_insert_with_key(|k| {
                            surface_words.push(k.clone());
                            surface_stem.push(sid);
                            surface_count.push(0);
                            next
                        });
                        (sid, wid)
                    });
                    cache.insert(raw.to_string(), e);
                    e
                }
            };
            if let Some((sid, wid)) = entry {
                unit.push(sid);
                surface_count[wid as usize] += 1;
            }
        }
        res.units.push(unit);
    }
    res.surfaces = vec![Vec::new(); res.stems.len()];
    for ((word, sid), n) in surface_words
        .into_iter()
        .zip(surface_stem)
        .zip(surface_count)
    {
        if n > 0 {
            res.surfaces[sid as usize].push((word, n));
        }
    }
    res
}

/// Analyzes every unit text in parallel: the stage's entry point.
pub fn analyze<S: AsRef<str> + Sync>(
    texts: &[S],
    config: &PreprocessConfig,
) -> Result<AnalyzedCorpus, ParamError> {
    let analyzer = Analyzer::new(config)?;
    let chunks: Vec<ChunkResult> = texts
        .par_chunks(CHUNK)
        .map(|chunk| analyze_chunk(&analyzer, chunk))
        .collect();

    // Merge chunk vocabularies into one sorted lexicon.
    let mut global: BTreeMap<&str, u32> = BTreeMap::new();
    for c in &chunks {
        for s in &c.stems {
            global.entry(s.as_str()).or_insert(0);
        }
    }
    for (i, v) in global.values_mut().enumerate() {
        *v = i as u32;
    }
    let stems: Vec<String> = global.keys().map(|s| s.to_string()).collect();
    let remaps: Vec<Vec<u32>> = chunks
        .iter()
        .map(|c| c.stems.iter().map(|s| global[s.as_str()]).collect())
        .collect();
    let mut surfaces: Vec<BTreeMap<String, u64>> = vec![BTreeMap::new(); stems.len()];
    for (c, remap) in chunks.iter().zip(&remaps) {
        for (local, forms) in c.surfaces.iter().enumerate() {
            let m = &mut surfaces[remap[local] as usize];
            for (w, n) in forms {
                *m.entry(w.clone()).or_insert(0) += n;
            }
        }
    }
    let words = surfaces
        .into_iter()
        .map(|m| {
            // max count; BTreeMap order makes the alphabetically first win ties
            let mut best: Option<(&String, u64)> = None;
            for (w, &n) in &m {
                if best.is_none_or(|(_, b)| n > b) {
                    best = Some((w, n));
                }
            }
            best.map(|(w, _)| w.clone()).unwrap_or_default()
        })
        .collect();
    let units = chunks
        .into_par_iter()
        .zip(remaps.into_par_iter())
        .flat_map_iter(|(c, remap)| {
            c.units
                .into_iter()
                .map(move |u| u.into_iter().map(|id| remap[id as usize]).collect())
        })
        .collect();
    Ok(AnalyzedCorpus {
        lexicon: Lexicon { stems, words },
        units,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        Analyzer::new(&PreprocessConfig::default())
            .unwrap()
            .analyze(text)
            .into_iter()
            .map(|t| t.word)
            .collect()
    }

    #[test]
    fn curly_apostrophe_contraction_is_a_stop_word() {
        assert_eq!(
            words("I\u{2019}ve we\u{2019}ve don\u{2019}t housing"),
            ["housing"]
        );
    }

    #[test]
    fn nbsp_separates_words() {
        assert_eq!(
            words("commuting\u{a0}more\u{a0}affordable"),
            ["commuting", "affordable"]
        );
    }

    #[test]
    fn possessives_numbers_and_short_tokens_go() {
        assert_eq!(
            words("London\u{2019}s £3.15bn 2016 a x police"),
            ["london", "police"]
        );
    }

    #[test]
    fn most_frequent_surface_word_is_the_display_word() {
        let texts = ["police policing police", "communities community community"];
        let a = analyze(&texts, &PreprocessConfig::default()).unwrap();
        let show = |stem: &str| {
            let i = a.lexicon.stems.iter().position(|s| s == stem).unwrap();
            a.lexicon.words[i].clone()
        };
        assert_eq!(show("polic"), "police");
        assert_eq!(show("communiti"), "community");
        assert_eq!(a.units[0].len(), 3);
    }

    #[test]
    fn analysis_does_not_depend_on_chunking() {
        let texts: Vec<String> = (0..1000)
            .map(|i| format!("word{} topic{} alpha beta", i % 7, i % 13))
            .collect();
        let cfg = PreprocessConfig {
            keep_numbers: true,
            ..Default::default()
        };
        let a = analyze(&texts, &cfg).unwrap();
        let b = analyze(&texts[..], &cfg).unwrap();
        assert_eq!(a.units, b.units);
        let mut sorted = a.lexicon.stems.clone();
        sorted.sort();
        assert_eq!(sorted, a.lexicon.stems);
    }
}
