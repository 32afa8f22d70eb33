//! Stage 2 — text: normalise, tokenize, filter and stem each unit, in parallel.
//!
//! URLs and e-mail addresses are found whole first ([`for_each_piece`]; dropped or kept
//! as one token by `preprocess.urls`). The analyzer is a chain of small filters, one per
//! file: [`normalize`] →
//! [`tokenize`] → [`MaxLength`] → [`LowerCaser`] → [`PossessiveStripper`] →
//! [`StopWordFilter`] → [`NumberFilter`] → [`MinLength`] → [`Stemmer`]. Each stem remembers its most frequent
//! surface word, so labels show `police`, never `polic`.
//!
//! `preprocess.language` picks the stemmer and stop words together; with `"auto"` each
//! document's language is detected ([`detect`]) and its units go through that
//! language's analyzer ([`AnalyzerSpec`]). Stems of different languages share the
//! lexicon: a stem spelt the same in two languages is one term.
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

mod analyzers;
mod detected;
mod filters;
mod intern;
mod language;
mod links;
mod lowercase;
mod normalize;
mod stem;
mod stopwords;
mod tokenize;

pub use analyzers::AnalyzerSpec;
pub use detected::{DocLanguage, LanguageSummary, Languages, MIXED_SHARE, UNKNOWN};
pub use language::{
    detect, detect_units, iso_code, snowball_name, Detected, SAMPLE_BYTES, SNOWBALL,
};

pub use filters::{MaxLength, MinLength, NumberFilter, PossessiveStripper};
pub use links::{for_each_piece, is_link, Piece, UrlPolicy};
pub use lowercase::LowerCaser;
pub use normalize::{is_format, normalize, normalize_cow};
pub use stem::{Stemmer, LANGUAGES};
pub use stopwords::{builtin_stopwords, stopword_key, StopWordFilter, ENGLISH};
pub use tokenize::{for_each_token, for_each_word, tokenize};

use crate::error::ParamError;
use analyzers::{marker, unmarked, Analyzers};
use intern::{hash, ChunkWords, Interner};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use stopwords::ExtraStopWords;

/// A step of the analyzer chain: edits the token in place, returns `false` to drop it.
pub trait TokenFilter: Send + Sync {
    /// Applies the filter; `false` removes the token.
    fn apply(&self, token: &mut String) -> bool;
}

/// `[preprocess]`: how text becomes tokens.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PreprocessConfig {
    /// The corpus's language: a Snowball name (`"german"`) or ISO 639-1 code (`"de"`),
    /// any case, which sets the stemmer and the stop words; `"none"` (neither); or
    /// `"auto"`: each document's language is detected and its text analysed in it.
    pub language: String,
    /// Snowball stemmer language (name or code), or `"none"`; `None`: the language's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stemmer: Option<String>,
    /// Built-in stop-word list (language name or code), or `"none"`; `None`: the
    /// language's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stopwords: Option<String>,
    /// More stop words: single words, matched like the built-in list
    /// ([`stopword_key`]).
    #[serde(deserialize_with = "crate::config::one_or_many")]
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
    /// URLs and e-mail addresses: dropped, or kept as one token each.
    pub urls: UrlPolicy,
}

impl Default for PreprocessConfig {
    fn default() -> Self {
        PreprocessConfig {
            language: "english".into(),
            stemmer: None,
            stopwords: None,
            extra_stopwords: Vec::new(),
            min_token_len: 2,
            max_token_len: 50,
            keep_numbers: false,
            split_hyphens: false,
            urls: UrlPolicy::Drop,
        }
    }
}

impl PreprocessConfig {
    /// Checks the values; the error names the key.
    pub fn validate(&self) -> Result<(), ParamError> {
        if !self.is_auto() && snowball_name(&self.language).is_none() {
            return Err(unknown_language(
                "preprocess.language",
                &self.language,
                true,
            ));
        }
        for (key, value) in [
            ("preprocess.stemmer", &self.stemmer),
            ("preprocess.stopwords", &self.stopwords),
        ] {
            if let Some(v) = value.as_deref().filter(|v| snowball_name(v).is_none()) {
                return Err(unknown_language(key, v, false));
            }
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
        self.check_extra_stopwords()
    }

    /// True for `preprocess.language = "auto"` (any case).
    pub fn is_auto(&self) -> bool {
        self.language.trim().eq_ignore_ascii_case(language::AUTO)
    }

    /// Each `extra_stopwords` entry must be one word, exactly as the tokenizer (with
    /// these settings) reads it from text: an entry of two words or none would never
    /// match a token.
    fn check_extra_stopwords(&self) -> Result<(), ParamError> {
        for entry in &self.extra_stopwords {
            let text = normalize(entry);
            let text = text.trim();
            let words = tokenize(text, self.split_hyphens);
            if words != [text] {
                let hyphens = self.split_hyphens && tokenize(text, false) == [text];
                let mut e = ParamError::new(
                    "preprocess.extra_stopwords",
                    not_one_word(entry, &words, hyphens),
                );
                if hyphens {
                    e = e.with_other_key("preprocess.split_hyphens");
                }
                return Err(e);
            }
        }
        Ok(())
    }
}

/// The error for a language `key` set to an unknown `value`, listing the allowed values
/// (`auto`: whether `"auto"` is one).
fn unknown_language(key: &str, value: &str, auto: bool) -> ParamError {
    let auto = match auto {
        true => ", \"none\", or \"auto\" (detect each document's language)",
        false => " or \"none\"",
    };
    ParamError::new(
        key,
        format!(
            "is \"{value}\"; use a language name or its ISO 639-1 code, any case: {}{auto}",
            language::allowed_values()
        ),
    )
}

/// Why `entry`, which the tokenizer reads as `words`, is not a stop word entry;
/// `hyphens`: it is one word unless `split_hyphens` is on.
fn not_one_word(entry: &str, words: &[&str], hyphens: bool) -> String {
    let list = words
        .iter()
        .map(|w| format!("{w:?}"))
        .collect::<Vec<_>>()
        .join(", ");
    match words {
        [] => format!("{entry:?} has no word in it; entries are single words, like \"policy\" or \"don't\": remove it"),
        [w] => format!("{entry:?} is not a single word as the tokenizer reads text (it reads {w:?}); entries are single words: write {w:?}"),
        _ if hyphens => format!("{entry:?} is split into {list} by the tokenizer, as preprocess.split_hyphens = true, so no token is {entry:?}; entries are single words: list the parts, like [{list}], or set split_hyphens = false"),
        _ => format!("{entry:?} is split into {list} by the tokenizer; entries are single words: list each on its own, like [{list}]"),
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

/// The analyzer chain built from a [`PreprocessConfig`] or an [`AnalyzerSpec`].
pub struct Analyzer {
    /// What it was built from.
    pub spec: AnalyzerSpec,
    split_hyphens: bool,
    urls: UrlPolicy,
    filters: Vec<Box<dyn TokenFilter>>,
    /// The stop-word filter's index in `filters`.
    stop_filter: usize,
    /// The config's `extra_stopwords`, to tell which of them drop a word.
    extra: ExtraStopWords,
    stemmer: Stemmer,
}

impl Analyzer {
    /// Builds the chain of a config's language ([`PreprocessConfig::spec`]; with
    /// `"auto"`, the chain for text of no known language); fails on an invalid config.
    pub fn new(config: &PreprocessConfig) -> Result<Self, ParamError> {
        config.validate()?;
        Self::from_spec(&config.spec())
    }

    /// Builds the chain a spec describes; fails on an unknown stemmer or stop-word
    /// language, or invalid lengths or `extra_stopwords` (the error names the
    /// `preprocess` key).
    pub fn from_spec(config: &AnalyzerSpec) -> Result<Self, ParamError> {
        PreprocessConfig {
            language: "none".into(),
            stemmer: Some(config.stemmer.clone()),
            stopwords: Some(config.stopwords.clone()),
            extra_stopwords: config.extra_stopwords.clone(),
            min_token_len: config.min_token_len,
            max_token_len: config.max_token_len,
            keep_numbers: config.keep_numbers,
            split_hyphens: config.split_hyphens,
            urls: config.urls,
        }
        .validate()?;
        let base = builtin_stopwords(snowball_name(&config.stopwords).unwrap_or("none"));
        let mut filters: Vec<Box<dyn TokenFilter>> = vec![
            Box::new(MaxLength {
                max_chars: config.max_token_len,
            }),
            Box::new(LowerCaser),
            Box::new(PossessiveStripper),
        ];
        let stop_filter = filters.len();
        filters.push(Box::new(StopWordFilter::new(base, &config.extra_stopwords)));
        if !config.keep_numbers {
            filters.push(Box::new(NumberFilter));
        }
        filters.push(Box::new(MinLength {
            min_chars: config.min_token_len,
        }));
        let stemmer = Stemmer::new(snowball_name(&config.stemmer).unwrap_or("none"))
            .expect("validated language");
        Ok(Analyzer {
            spec: config.clone(),
            split_hyphens: config.split_hyphens,
            urls: config.urls,
            filters,
            stop_filter,
            extra: ExtraStopWords::new(&config.extra_stopwords),
            stemmer,
        })
    }

    /// Runs the chain over one text: URLs and e-mail addresses found whole
    /// ([`for_each_piece`]; dropped or kept as `preprocess.urls` says), the text around
    /// them normalised and tokenized.
    pub fn analyze(&self, text: &str) -> Vec<Token> {
        let mut out = Vec::new();
        for_each_piece(text, |piece| match piece {
            Piece::Text(t) => {
                let t = normalize_cow(t);
                let words = tokenize(&t, self.split_hyphens).into_iter();
                out.extend(words.filter_map(|w| self.analyze_word(w)));
            }
            Piece::Link(l) if self.urls == UrlPolicy::Keep => out.extend(self.analyze_word(l)),
            Piece::Link(_) => {}
        });
        out
    }

    /// Runs the filters and the stemmer on one word of normalised text (or one address).
    pub fn analyze_word(&self, raw: &str) -> Option<Token> {
        let word = self.filter_word(raw)?;
        Some(Token {
            stem: self.stem(&word),
            word,
        })
    }

    /// Runs the filters on one word of normalised text: the word as kept, or `None`
    /// when a filter drops it.
    pub fn filter_word(&self, raw: &str) -> Option<String> {
        self.filter_word_or_match(raw).ok()
    }

    /// [`filter_word`](Self::filter_word), with, for a dropped word, the id of the
    /// `extra_stopwords` key that dropped it (`None` if another filter or a built-in stop
    /// word did).
    fn filter_word_or_match(&self, raw: &str) -> Result<String, Option<u32>> {
        // an address ([`is_link`]) is only lower-cased
        if is_link(raw) {
            return Ok(raw.to_lowercase());
        }
        let mut word = raw.to_string();
        for (i, f) in self.filters.iter().enumerate() {
            if !f.apply(&mut word) {
                let stopped = i == self.stop_filter;
                return Err(stopped.then(|| self.extra.id(&word)).flatten());
            }
        }
        Ok(word)
    }

    /// The stem of a word [`filter_word`](Self::filter_word) kept (an address is its
    /// own stem).
    pub fn stem(&self, word: &str) -> String {
        if is_link(word) {
            return word.to_string();
        }
        self.stemmer.stem(word)
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

/// Every unit as a sequence of stem ids into the [`Lexicon`], stored flat: unit `i`'s
/// tokens are `tokens[offsets[i]..offsets[i + 1]]` (4 bytes a token, no per-unit
/// allocation).
#[derive(Debug, Clone, Default)]
pub struct AnalyzedCorpus {
    /// The stems and their display words.
    pub lexicon: Lexicon,
    /// Every unit's kept tokens as stem ids, in text order, unit after unit.
    pub tokens: Vec<u32>,
    /// Where each unit starts in `tokens`, plus the total at the end (units + 1 entries).
    pub offsets: Vec<usize>,
    /// The `preprocess.extra_stopwords` entries, as written, that matched no word of the
    /// corpus (a typo, or a word the corpus does not use).
    pub unmatched_stopwords: Vec<String>,
    /// Each document's detected language.
    pub languages: Languages,
    /// The analyzers the units went through (one unless `preprocess.language = "auto"`
    /// met several languages), in the order their language was first met.
    pub analyzers: Vec<AnalyzerSpec>,
}

impl AnalyzedCorpus {
    /// Number of units.
    pub fn n_units(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }

    /// The stem ids of unit `i`, in text order.
    pub fn unit(&self, i: usize) -> &[u32] {
        &self.tokens[self.offsets[i]..self.offsets[i + 1]]
    }

    /// Number of kept tokens in unit `i`.
    pub fn n_tokens(&self, i: usize) -> usize {
        self.offsets[i + 1] - self.offsets[i]
    }

    /// Every unit's stem ids, in unit order.
    pub fn units(&self) -> impl ExactSizeIterator<Item = &[u32]> + '_ {
        self.offsets.windows(2).map(|w| &self.tokens[w[0]..w[1]])
    }

    /// A note listing the `extra_stopwords` entries that matched no word (at most
    /// [`MAX_UNMATCHED_LISTED`] of them), so typos show up; `None` when every entry matched.
    ///
    /// ```
    /// use paratopic::text::{analyze, PreprocessConfig};
    ///
    /// let extra = ["mayor", "polcy", "Mayorr"].map(String::from).to_vec();
    /// let cfg = PreprocessConfig { extra_stopwords: extra, ..Default::default() };
    /// let a = analyze(&["The Mayor's police policy"], &cfg).unwrap();
    /// assert_eq!(
    ///     a.unmatched_stopwords_note().unwrap().to_string(),
    ///     "note: preprocess.extra_stopwords: 2 entries matched no word in the corpus: \"polcy\", \"Mayorr\""
    /// );
    /// ```
    pub fn unmatched_stopwords_note(&self) -> Option<crate::notice::Notice> {
        let unmatched = &self.unmatched_stopwords;
        let n = unmatched.len();
        if n == 0 {
            return None;
        }
        let shown = unmatched.iter().take(MAX_UNMATCHED_LISTED);
        let mut listed: Vec<String> = shown.map(|e| format!("{e:?}")).collect();
        if n > MAX_UNMATCHED_LISTED {
            listed.push(format!("… and {} more", n - MAX_UNMATCHED_LISTED));
        }
        let entries = if n == 1 { "entry" } else { "entries" };
        Some(crate::notice::Notice::note(
            "extra_stopwords_unmatched",
            format!(
                "preprocess.extra_stopwords: {n} {entries} matched no word in the corpus: {}",
                listed.join(", ")
            ),
        ))
    }
}

/// Entries listed by [`AnalyzedCorpus::unmatched_stopwords_note`]; the rest are counted.
pub const MAX_UNMATCHED_LISTED: usize = 20;

/// Units per parallel work item: fixed, so the work split never depends on the thread
/// count (and the result does not depend on the split at all).
const CHUNK: usize = 4096;

/// Cache value for a raw word the filters drop.
const DROPPED: u32 = u32::MAX;

/// A raw word not seen before (only while [`TextAccumulator::add`] runs).
const MISSING: u32 = u32::MAX - 1;

/// Flag on a raw word id not analysed yet (only while [`TextAccumulator::add`] runs).
const FRESH: u32 = 1 << 31;

/// One chunk of units, tokenized: its distinct raw words in first-seen order with how
/// often each occurs, and each unit's words as local ids.
struct RawChunk {
    words: ChunkWords,
    tokens: Vec<u32>,
    lens: Vec<usize>,
}

impl RawChunk {
    /// An empty chunk, for [`tokenize_chunk`] to fill.
    fn empty() -> Self {
        RawChunk {
            words: ChunkWords::with_capacity(0, 0),
            tokens: Vec::new(),
            lens: Vec::new(),
        }
    }
}

/// Tokenizes one chunk ([`for_each_token`]) and interns its raw words locally, into
/// `out` (a chunk of an earlier batch, emptied: its memory is reused, so the pages the
/// tokenizer writes are not faulted in and zeroed by the kernel again for every chunk).
/// No filter or stemmer runs here: each distinct raw word of the whole corpus is
/// analysed once, in [`TextAccumulator::add`].
///
/// `marks`: per unit, its analyzer's number (`None`: all 0); the words of a unit whose
/// analyzer is not 0 are stored with its marker in front ([`Analyzers`]).
fn tokenize_chunk<S: AsRef<str>>(
    (split_hyphens, urls): (bool, UrlPolicy),
    chunk: &[S],
    marks: Option<&[u8]>,
    mut out: RawChunk,
) -> RawChunk {
    // a chunk holds about 30 000 distinct raw words in English text: room for them all,
    // so the table does not grow (and rehash) midway
    let words = &mut out.words;
    words.reset(1 << 15, 1 << 18);
    // a word and the separator after it take at least two bytes (room reserved, not
    // touched, so over-estimating costs nothing)
    let bytes: usize = chunk.iter().map(|t| t.as_ref().len()).sum();
    let tokens = &mut out.tokens;
    tokens.clear();
    tokens.reserve(bytes / 2 + 1);
    let lens = &mut out.lens;
    lens.clear();
    lens.reserve(chunk.len());
    let Some(marks) = marks else {
        for text in chunk {
            let before = tokens.len();
            for_each_token(text.as_ref(), split_hyphens, urls, |raw| {
                tokens.push(words.add(raw))
            });
            lens.push(tokens.len() - before);
        }
        return out;
    };
    let mut marked = String::new();
    for (text, &m) in chunk.iter().zip(marks) {
        let before = tokens.len();
        match marker(m) {
            None => for_each_token(text.as_ref(), split_hyphens, urls, |raw| {
                tokens.push(words.add(raw))
            }),
            Some(c) => for_each_token(text.as_ref(), split_hyphens, urls, |raw| {
                marked.clear();
                marked.push(c);
                marked.push_str(raw);
                tokens.push(words.add(&marked))
            }),
        }
        lens.push(tokens.len() - before);
    }
    out
}

/// A chunk's raw words not interned yet: (local id, word, hash).
type Missing<'a> = Vec<(u32, &'a [u8], u64)>;

/// New raw words analysed in parallel (a run of them): per word its surface id,
/// [`DROPPED`], or [`MISSING`] for a surface word not interned yet, whose word and stem
/// follow in `text` (lengths in `new`), in order.
#[derive(Default)]
struct Analysed {
    ids: Vec<u32>,
    text: String,
    new: Vec<(usize, usize)>,
    /// The ids of the `extra_stopwords` keys that dropped a word.
    matched: Vec<u32>,
}

/// The text stage, fed in batches: [`add`](Self::add) analyzes units and keeps their
/// stem ids; [`finish`](Self::finish) sorts the lexicon. Feeding the units in one call
/// or in many gives the same result, so callers can drop each batch's text after `add`.
///
/// Memory is bounded by the vocabulary (distinct raw words, stems and surface words)
/// and 4 bytes per kept token, not by the text.
pub struct TextAccumulator {
    analyzers: Analyzers,
    /// `preprocess.language = "auto"`: each document analysed in its language.
    auto: bool,
    split_hyphens: bool,
    urls: UrlPolicy,
    /// The config's `extra_stopwords` (the same in every analyzer).
    extra: ExtraStopWords,
    /// Each document's language, as batches come.
    languages: Languages,
    /// Units added so far (the document number of a unit added without one).
    units_added: usize,
    /// The distinct raw words seen so far.
    raw: Interner,
    /// Per raw word id: its surface id, or [`DROPPED`].
    raw_surface: Vec<u32>,
    /// The stems, by provisional id (first-seen order).
    stems: Interner,
    /// The surface words (lower-cased, filtered), by surface id.
    surface_words: Interner,
    /// Per surface id: (its provisional stem id, its number of tokens).
    surfaces: Vec<(u32, u64)>,
    tokens: Vec<u32>,
    offsets: Vec<usize>,
    /// The last batch, tokenized but not merged yet: [`add`](Self::add) merges it while
    /// it tokenizes the next one, [`finish`](Self::finish) merges what is left.
    pending: Vec<RawChunk>,
    /// Chunks of a merged batch, kept for their memory ([`tokenize_chunk`]).
    spare: Vec<RawChunk>,
    /// Per `extra_stopwords` key: whether it dropped a word.
    extra_matched: Vec<bool>,
}

impl TextAccumulator {
    /// An empty accumulator; fails on an invalid config.
    pub fn new(config: &PreprocessConfig) -> Result<Self, ParamError> {
        let analyzers = Analyzers::new(config)?;
        let extra = ExtraStopWords::new(&config.extra_stopwords);
        Ok(TextAccumulator {
            extra_matched: vec![false; extra.n_keys()],
            analyzers,
            auto: config.is_auto(),
            split_hyphens: config.split_hyphens,
            urls: config.urls,
            extra,
            languages: Languages::default(),
            units_added: 0,
            raw: Interner::default(),
            raw_surface: Vec::new(),
            stems: Interner::default(),
            surface_words: Interner::default(),
            surfaces: Vec::new(),
            tokens: Vec::new(),
            offsets: vec![0],
            pending: Vec::new(),
            spare: Vec::new(),
        })
    }

    /// Number of units added so far.
    pub fn n_units(&self) -> usize {
        let pending: usize = self.pending.iter().map(|c| c.lens.len()).sum();
        self.offsets.len() - 1 + pending
    }

    /// Analyzes `texts` (tokenized in parallel, fixed chunks of units) and appends them
    /// as units, in order.
    ///
    /// The texts are tokenized now, and the words merged into the lexicon during the
    /// next call (or [`finish`](Self::finish)), while that call tokenizes its own texts:
    /// the merge has sequential steps (new words are numbered in first-seen order), and
    /// overlapping them with the next batch's tokenizing keeps every thread busy. Nothing
    /// borrows `texts` after this returns.
    ///
    /// With `"auto"`, each unit counts as a document of its own for language detection;
    /// with a set language, no language is recorded. Use
    /// [`add_documents`](Self::add_documents) when the documents are known.
    pub fn add<S: AsRef<str> + Sync>(&mut self, texts: &[S]) {
        self.add_documents(texts, None);
    }

    /// [`add`](Self::add), with each unit's document number (`docs[i]` for `texts[i]`;
    /// a document's units are consecutive and all in one call): with
    /// `preprocess.language = "auto"` a document's units are analysed in the language
    /// detected on its text.
    pub fn add_documents<S: AsRef<str> + Sync>(&mut self, texts: &[S], docs: Option<&[usize]>) {
        let first = self.units_added;
        self.units_added += texts.len();
        let spans = doc_spans(texts.len(), docs, first);
        // with "auto", each document's analyzer is needed to tokenize its words; else
        // only a sample of documents is checked (for the warnings), on a shorter sample
        // of text, while the batch is tokenized, and only when the documents are known
        let marks = if self.auto {
            let found = detect_spans(texts, &spans, SAMPLE_BYTES);
            Some(self.mark_units(texts.len(), &spans, found))
        } else {
            None
        };
        let marks = marks.as_deref().filter(|m| m.iter().any(|&m| m > 0));
        let split = (self.split_hyphens, self.urls);
        let n_chunks = texts.len().div_ceil(CHUNK);
        let mut spare = std::mem::take(&mut self.spare);
        spare.resize_with(spare.len().max(n_chunks), RawChunk::empty);
        let unused = spare.split_off(n_chunks);
        let pending = std::mem::take(&mut self.pending);
        let detect_only = !self.auto && docs.is_some();
        let ((chunks, found), ()) = rayon::join(
            || {
                let (found, chunks) = rayon::join(
                    || {
                        detect_only.then(|| {
                            let checked: Vec<_> =
                                spans.iter().filter(|(d, _)| checked(*d)).cloned().collect();
                            let found = detect_spans(texts, &checked, CHECK_BYTES);
                            (checked, found)
                        })
                    },
                    || {
                        texts
                            .par_chunks(CHUNK)
                            .zip(spare)
                            .enumerate()
                            .map(|(i, (c, out))| {
                                let marks = marks.map(|m| &m[i * CHUNK..i * CHUNK + c.len()]);
                                tokenize_chunk(split, c, marks, out)
                            })
                            .collect::<Vec<RawChunk>>()
                    },
                );
                (chunks, found)
            },
            || self.merge(pending),
        );
        if let Some((checked, found)) = found {
            self.record(&checked, found);
        }
        self.pending = chunks;
        self.spare.extend(unused);
    }

    /// Records each document's language and gives each of its units the number of the
    /// document's analyzer.
    fn mark_units(
        &mut self,
        n: usize,
        spans: &[(usize, std::ops::Range<usize>)],
        found: Vec<Option<Detected>>,
    ) -> Vec<u8> {
        let mut marks = vec![0u8; n];
        for ((_, range), d) in spans.iter().zip(&found) {
            let a = self.analyzers.for_language(d.map(|d| d.name));
            marks[range.clone()].fill(a);
        }
        self.record(spans, found);
        marks
    }

    /// Appends each document's detected language.
    fn record(&mut self, spans: &[(usize, std::ops::Range<usize>)], found: Vec<Option<Detected>>) {
        for ((doc, range), d) in spans.iter().zip(found) {
            self.languages.documents.push(DocLanguage {
                doc: *doc,
                language: d.map(|d| d.name),
                units: range.len(),
            });
        }
    }

    /// Merges a tokenized batch: its raw words are looked up (new ones interned and
    /// analysed once), and its units appended as stem ids. Its chunks are then kept in
    /// `spare`.
    fn merge(&mut self, chunks: Vec<RawChunk>) {
        if chunks.is_empty() {
            return;
        }
        // local word ids → surface ids, looked up in parallel; words never seen before
        // stay MISSING for now, listed (with their hash) per chunk
        let (raw, raw_surface) = (&self.raw, &self.raw_surface);
        let looked_up: Vec<(Vec<u32>, Vec<u64>, Missing)> = chunks
            .par_iter()
            .map(|c| {
                let mut missing = Vec::new();
                let mut counts = Vec::with_capacity(c.words.len());
                let map = c
                    .words
                    .iter()
                    .enumerate()
                    .map(|(local, (w, n))| {
                        counts.push(n);
                        let h = hash(w);
                        match raw.get_hashed(w, h) {
                            Some(id) => raw_surface[id as usize],
                            None => {
                                missing.push((local as u32, w, h));
                                MISSING
                            }
                        }
                    })
                    .collect();
                (map, counts, missing)
            })
            .collect();
        let mut maps = Vec::with_capacity(chunks.len());
        let mut counts = Vec::with_capacity(chunks.len());
        // the new raw words, interned in first-seen order; each map entry remembers the
        // raw id (flagged) until the word is analysed
        let first_fresh = self.raw.len();
        self.raw
            .reserve(looked_up.iter().map(|(_, _, m)| m.len()).sum());
        for (mut map, n, missing) in looked_up {
            for (local, w, h) in missing {
                let w = std::str::from_utf8(w).expect("a raw word is text");
                map[local as usize] = FRESH | self.raw.intern_hashed(w, h);
            }
            maps.push(map);
            counts.push(n);
        }
        // each new raw word analysed once, in parallel, and its surface word looked up;
        // only surface words never seen before are left to intern, in order
        let (raw, surface_words) = (&self.raw, &self.surface_words);
        let analyzers = &self.analyzers;
        let analyzed: Vec<Analysed> = (first_fresh..raw.len())
            .collect::<Vec<_>>()
            .par_chunks(1024)
            .map(|ids| {
                let mut a = Analysed::default();
                for &id in ids {
                    // a word met before in another form (capitalised, say) is
                    // not stemmed again
                    let (analyzer, mark, raw_word) = analyzers.pick(raw.get_str(id as u32));
                    let sid = match analyzer.filter_word_or_match(raw_word) {
                        Err(matched) => {
                            a.matched.extend(matched);
                            DROPPED
                        }
                        Ok(mut word) => {
                            // a surface word is kept apart per analyzer, by its marker
                            if !mark.is_empty() {
                                word.insert_str(0, mark);
                            }
                            surface_words.get(&word).unwrap_or_else(|| {
                                let stem = analyzer.stem(&word[mark.len()..]);
                                a.text.push_str(&word);
                                a.text.push_str(&stem);
                                a.new.push((word.len(), stem.len()));
                                MISSING
                            })
                        }
                    };
                    a.ids.push(sid);
                }
                a
            })
            .collect();
        let any_fresh = !analyzed.is_empty();
        for a in analyzed {
            for &m in &a.matched {
                self.extra_matched[m as usize] = true;
            }
            let (mut at, mut new) = (0, a.new.iter());
            for mut sid in a.ids {
                if sid == MISSING {
                    let &(w, s) = new.next().expect("one entry per new surface word");
                    let (word, stem) = (&a.text[at..at + w], &a.text[at + w..at + w + s]);
                    at += w + s;
                    sid = self.intern(word, stem);
                }
                self.raw_surface.push(sid);
            }
        }
        if any_fresh {
            let raw_surface = &self.raw_surface;
            maps.par_iter_mut().for_each(|map| {
                for id in map.iter_mut() {
                    if *id != DROPPED && *id & FRESH != 0 {
                        *id = raw_surface[(*id & !FRESH) as usize];
                    }
                }
            });
        }
        // token counts per surface word, and each chunk's number of kept tokens
        let mut kept = Vec::with_capacity(chunks.len());
        for (map, counts) in maps.iter().zip(&counts) {
            let mut n_kept = 0;
            for (&sid, &n) in map.iter().zip(counts) {
                if sid != DROPPED {
                    self.surfaces[sid as usize].1 += n;
                    n_kept += n as usize;
                }
            }
            kept.push(n_kept);
        }
        // each chunk writes its kept tokens, as stem ids, straight into its own region of
        // `self.tokens`, in parallel (the room is zeroed in parallel too)
        let at = self.tokens.len();
        let total: usize = kept.iter().sum();
        self.tokens
            .par_extend((0..total).into_par_iter().map(|_| 0u32));
        let mut regions = Vec::with_capacity(chunks.len());
        let mut rest = &mut self.tokens[at..];
        for &n in &kept {
            let (region, tail) = rest.split_at_mut(n);
            regions.push(region);
            rest = tail;
        }
        let surfaces = &self.surfaces;
        let unit_lens: Vec<Vec<usize>> = chunks
            .par_iter()
            .zip(&maps)
            .zip(regions)
            .map(|((c, map), region)| {
                // local word → stem id (or DROPPED), so each token costs one small lookup
                let stem_of: Vec<u32> = map
                    .iter()
                    .map(|&sid| {
                        if sid == DROPPED {
                            DROPPED
                        } else {
                            surfaces[sid as usize].0
                        }
                    })
                    .collect();
                let mut lens = Vec::with_capacity(c.lens.len());
                let (n, mut from, mut to) = (region.len(), 0, 0);
                for &len in &c.lens {
                    let before = to;
                    for &local in &c.tokens[from..from + len] {
                        // no branch on whether the token is kept: a dropped token's
                        // write is overwritten by the next kept token (there is one
                        // while `to < n`, as the chunk keeps exactly `n`)
                        let stem = stem_of[local as usize];
                        if to < n {
                            region[to] = stem;
                        }
                        to += usize::from(stem != DROPPED);
                    }
                    from += len;
                    lens.push(to - before);
                }
                assert_eq!(to, n, "every kept token written");
                lens
            })
            .collect();
        for lens in unit_lens {
            for len in lens {
                let end = self.offsets.last().copied().unwrap_or(0) + len;
                self.offsets.push(end);
            }
        }
        self.spare.extend(chunks);
    }

    /// The surface id of a kept token's word, interning its word and stem.
    fn intern(&mut self, word: &str, stem: &str) -> u32 {
        let (id, new) = self.surface_words.intern_new(word);
        if new {
            let stem = self.stems.intern(stem);
            self.surfaces.push((stem, 0));
        }
        id
    }

    /// Sorts the stems, picks each stem's display word (its most frequent surface word,
    /// ties to the alphabetically first) and renumbers the tokens.
    pub fn finish(mut self) -> AnalyzedCorpus {
        let pending = std::mem::take(&mut self.pending);
        self.merge(pending);
        let unmatched_stopwords = self.extra.unmatched(&self.extra_matched);
        let analyzers = self.analyzers.specs();
        let TextAccumulator {
            stems,
            surface_words,
            surfaces,
            mut tokens,
            offsets,
            languages,
            ..
        } = self;
        drop((self.raw, self.raw_surface));
        let mut order: Vec<u32> = (0..stems.len() as u32).collect();
        order.par_sort_unstable_by(|&a, &b| stems.get_str(a).cmp(stems.get_str(b)));
        let mut rank = vec![0u32; stems.len()];
        for (r, &s) in order.iter().enumerate() {
            rank[s as usize] = r as u32;
        }
        tokens
            .par_chunks_mut(1 << 16)
            .for_each(|c| c.iter_mut().for_each(|t| *t = rank[*t as usize]));
        let mut best: Vec<Option<(&str, u64)>> = vec![None; stems.len()];
        for (word, &(stem, n)) in surface_words.iter().map(unmarked).zip(&surfaces) {
            let b = &mut best[rank[stem as usize] as usize];
            let better = match *b {
                None => true,
                Some((w, m)) => n > m || (n == m && word < w),
            };
            if better {
                *b = Some((word, n));
            }
        }
        let words = best
            .into_iter()
            .map(|b| b.map(|(w, _)| w.to_string()).unwrap_or_default())
            .collect();
        let stems = order
            .iter()
            .map(|&s| stems.get_str(s).to_string())
            .collect();
        AnalyzedCorpus {
            lexicon: Lexicon { stems, words },
            tokens,
            offsets,
            unmatched_stopwords,
            languages,
            analyzers,
        }
    }
}

/// The documents of a batch of `n` units: (document number, its units' range in the
/// batch). Without `docs`, each unit is a document, numbered from `first`.
fn doc_spans(
    n: usize,
    docs: Option<&[usize]>,
    first: usize,
) -> Vec<(usize, std::ops::Range<usize>)> {
    let Some(docs) = docs else {
        return (0..n).map(|i| (first + i, i..i + 1)).collect();
    };
    assert_eq!(docs.len(), n, "one document number per unit");
    let mut spans: Vec<(usize, std::ops::Range<usize>)> = Vec::new();
    for (i, &d) in docs.iter().enumerate() {
        match spans.last_mut() {
            Some((last, r)) if *last == d => r.end = i + 1,
            _ => spans.push((d, i..i + 1)),
        }
    }
    spans
}

/// Bytes of each checked document read to check its language when the language is set
/// (not `"auto"`): enough for whatlang on prose (about 80 words).
const CHECK_BYTES: usize = 512;

/// With a set language, the documents whose language is checked: the first
/// [`CHECK_ALL`], then every [`CHECK_EVERY`]th, so the check costs little beside the
/// text stage (whatlang reads about 6 MB/s) yet sees every part of the corpus.
fn checked(doc: usize) -> bool {
    doc < CHECK_ALL || doc.is_multiple_of(CHECK_EVERY)
}

/// With a set language, the first this many documents have their language checked.
pub const CHECK_ALL: usize = 16;

/// With a set language, after the first [`CHECK_ALL`] documents, every this many'th
/// has its language checked.
pub const CHECK_EVERY: usize = 128;

/// Each document's language, detected in parallel on the first `max_bytes` of its text.
fn detect_spans<S: AsRef<str> + Sync>(
    texts: &[S],
    spans: &[(usize, std::ops::Range<usize>)],
    max_bytes: usize,
) -> Vec<Option<Detected>> {
    spans
        .par_iter()
        .map(|(_, r)| {
            let units: Vec<&str> = texts[r.clone()].iter().map(AsRef::as_ref).collect();
            detect_units(&units, max_bytes)
        })
        .collect()
}

/// Analyzes every unit text in parallel: the stage's entry point for texts held in
/// memory (a [`TextAccumulator`] fed once).
pub fn analyze<S: AsRef<str> + Sync>(
    texts: &[S],
    config: &PreprocessConfig,
) -> Result<AnalyzedCorpus, ParamError> {
    let mut acc = TextAccumulator::new(config)?;
    acc.add(texts);
    Ok(acc.finish())
}

/// [`analyze`] with each unit's document number (`docs[i]` for `texts[i]`, a document's
/// units consecutive), so `preprocess.language = "auto"` detects each document's
/// language on its whole text.
pub fn analyze_documents<S: AsRef<str> + Sync>(
    texts: &[S],
    docs: &[usize],
    config: &PreprocessConfig,
) -> Result<AnalyzedCorpus, ParamError> {
    let mut acc = TextAccumulator::new(config)?;
    acc.add_documents(texts, Some(docs));
    Ok(acc.finish())
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
    fn urls_and_emails_are_dropped_or_kept_whole() {
        let text = "Rents: see https://www.Example.gov.uk/Housing/2024?utm_campaign=x or write to Housing.Policy@example.gov.uk today.";
        assert_eq!(words(text), ["rents", "write", "today"]);
        let keep = Analyzer::new(&PreprocessConfig {
            urls: UrlPolicy::Keep,
            ..Default::default()
        })
        .unwrap();
        let tokens = keep.analyze(text);
        let got: Vec<(&str, &str)> = tokens
            .iter()
            .map(|t| (t.word.as_str(), t.stem.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("rents", "rent"),
                (
                    "https://www.example.gov.uk/housing/2024?utm_campaign=x",
                    "https://www.example.gov.uk/housing/2024?utm_campaign=x"
                ),
                ("write", "write"),
                (
                    "housing.policy@example.gov.uk",
                    "housing.policy@example.gov.uk"
                ),
                ("today", "today")
            ]
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

    fn with_extra(extra: &[&str]) -> PreprocessConfig {
        PreprocessConfig {
            extra_stopwords: extra.iter().map(|e| e.to_string()).collect(),
            ..Default::default()
        }
    }

    #[test]
    fn extra_stopwords_are_single_words_as_the_tokenizer_reads_them() {
        let error = |cfg: PreprocessConfig| cfg.validate().unwrap_err().to_string();
        for entry in ["", "  ", "--", "'"] {
            assert!(
                error(with_extra(&[entry])).contains("has no word in it"),
                "{entry:?}"
            );
        }
        assert_eq!(
            error(with_extra(&["mayor", "crown copyright"])),
            "preprocess.extra_stopwords: \"crown copyright\" is split into \"crown\", \"copyright\" by the tokenizer; entries are single words: list each on its own, like [\"crown\", \"copyright\"]"
        );
        // a no-break space separates words in text too
        assert!(error(with_extra(&["crown\u{a0}copyright"])).contains("is split into"));
        assert!(error(with_extra(&["(policy)"]))
            .contains("(it reads \"policy\"); entries are single words: write \"policy\""));
        let hyphens = PreprocessConfig {
            split_hyphens: true,
            ..with_extra(&["co-operative"])
        };
        let e = hyphens.validate().unwrap_err();
        assert_eq!(e.other_key.as_deref(), Some("preprocess.split_hyphens"));
        assert!(
            e.message.contains("as preprocess.split_hyphens = true"),
            "{e}"
        );
        // kept whole by the tokenizer: valid (white space around an entry is ignored)
        let ok = [
            "co-operative",
            "don't",
            "don\u{2019}t",
            " Mayor ",
            "Mayor's",
            "covid19",
            "café",
        ];
        assert_eq!(with_extra(&ok).validate(), Ok(()));
    }

    #[test]
    fn extra_stopwords_match_words_like_the_built_in_list_before_stemming() {
        let texts = [
            "The Policy and POLICIES of the Mayor",
            "mayor's MAYORS policy",
        ];
        let a = analyze(&texts, &with_extra(&["POLICY", "Mayor's"])).unwrap();
        let words: Vec<&str> = a.lexicon.words.iter().map(String::as_str).collect();
        // `policies` shares the stem of `policy` and `mayors` that of `mayor`: they stay
        assert_eq!(words, ["mayors", "policies"]);
        assert_eq!(a.units().map(<[u32]>::len).collect::<Vec<_>>(), [1, 1]);
        assert!(a.unmatched_stopwords.is_empty());
    }

    #[test]
    fn unmatched_extra_stopwords_are_found_across_batches() {
        let cfg = with_extra(&["Police", "housing", "polcy", "POLICE", "rent", "mayorr"]);
        let mut acc = TextAccumulator::new(&cfg).unwrap();
        acc.add(&["POLICE station", "transport"]);
        // `police` is new in this form only; `Housing` is new
        acc.add(&["police and Housing"]);
        let a = acc.finish();
        assert_eq!(a.unmatched_stopwords, ["polcy", "rent", "mayorr"]);
        assert_eq!(
            a.unmatched_stopwords_note().unwrap().to_string(),
            "note: preprocess.extra_stopwords: 3 entries matched no word in the corpus: \"polcy\", \"rent\", \"mayorr\""
        );
        let one = analyze(&["rent"], &with_extra(&["rent", "polcy"])).unwrap();
        assert_eq!(
            one.unmatched_stopwords_note().unwrap().to_string(),
            "note: preprocess.extra_stopwords: 1 entry matched no word in the corpus: \"polcy\""
        );
        assert_eq!(
            analyze(&["rent"], &with_extra(&["rent"]))
                .unwrap()
                .unmatched_stopwords_note(),
            None
        );
        // many: the first ones listed, the rest counted
        let many: Vec<String> = (0..25).map(|i| format!("typo{i}")).collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        let note = analyze(&["rent"], &with_extra(&many))
            .unwrap()
            .unmatched_stopwords_note()
            .unwrap()
            .to_string();
        assert!(note.starts_with("note: preprocess.extra_stopwords: 25 entries matched no word in the corpus: \"typo0\", "), "{note}");
        assert!(note.ends_with(", \"typo19\", … and 5 more"), "{note}");
    }

    #[test]
    fn n_units_counts_units_not_merged_yet() {
        let mut acc = TextAccumulator::new(&PreprocessConfig::default()).unwrap();
        acc.add(&["police station", "housing"]);
        assert_eq!(acc.n_units(), 2);
        acc.add(&["transport"]);
        assert_eq!(acc.n_units(), 3);
        let a = acc.finish();
        assert_eq!(a.n_units(), 3);
        assert_eq!(a.units().map(<[u32]>::len).collect::<Vec<_>>(), [2, 1, 1]);
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
        assert_eq!(a.n_tokens(0), 3);
    }

    /// The text stage the slow way: each text analysed on its own, stems sorted, each
    /// stem's display word counted with a map.
    fn reference(texts: &[String], cfg: &PreprocessConfig) -> AnalyzedCorpus {
        use std::collections::{BTreeMap, BTreeSet};
        let analyzer = Analyzer::new(cfg).unwrap();
        let units: Vec<Vec<Token>> = texts.iter().map(|t| analyzer.analyze(t)).collect();
        let stems: Vec<String> = units
            .iter()
            .flatten()
            .map(|t| t.stem.clone())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let mut counts: BTreeMap<(&str, &str), u64> = BTreeMap::new();
        for t in units.iter().flatten() {
            *counts.entry((&t.stem, &t.word)).or_default() += 1;
        }
        let words = stems
            .iter()
            .map(|s| {
                let mut best: Option<(&str, u64)> = None;
                // this stem's words, in alphabetical order
                for (&(stem, w), &n) in counts.range((s.as_str(), "")..) {
                    if stem != s {
                        break;
                    }
                    if best.is_none_or(|(_, m)| n > m) {
                        best = Some((w, n));
                    }
                }
                best.unwrap().0.to_string()
            })
            .collect();
        let mut tokens = Vec::new();
        let mut offsets = vec![0];
        for u in &units {
            tokens.extend(
                u.iter()
                    .map(|t| stems.binary_search(&t.stem).unwrap() as u32),
            );
            offsets.push(tokens.len());
        }
        AnalyzedCorpus {
            lexicon: Lexicon { stems, words },
            tokens,
            offsets,
            unmatched_stopwords: Vec::new(),
            languages: Languages::default(),
            analyzers: Vec::new(),
        }
    }

    #[test]
    fn batches_match_the_reference() {
        // case variants and possessives of one surface word, new in the same batch and
        // in later ones; stop words; words shared across batches
        let vocab = [
            "Police",
            "police",
            "POLICE",
            "police's",
            "Policing",
            "the",
            "and",
            "Mayor",
            "mayors",
            "MAYOR'S",
            "housing",
            "Houses",
            "house",
            "2016",
            "a",
            "x",
            "éclair",
            "Éclairs",
            "co-operative",
            "https://www.Example.gov.uk/Housing?utm_campaign=2024",
            "(housing.policy@example.gov.uk)",
            "www.gov.uk,",
            "gov.uk/rent.",
        ];
        let mut x = 7u64;
        let texts: Vec<String> = (0..9000)
            .map(|i| {
                let len = (i * 7 + 3) % 13;
                (0..len)
                    .map(|_| {
                        x ^= x << 13;
                        x ^= x >> 7;
                        x ^= x << 17;
                        // later units also draw from words unseen in the first ones
                        if i > 5000 && x.is_multiple_of(5) {
                            format!("new{}word", x % 97)
                        } else {
                            vocab[x as usize % vocab.len()].to_string()
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        for urls in [UrlPolicy::Drop, UrlPolicy::Keep] {
            let cfg = PreprocessConfig {
                urls,
                ..Default::default()
            };
            let want = reference(&texts, &cfg);
            let links = want.lexicon.words.iter().filter(|w| is_link(w)).count();
            assert_eq!(links, if urls == UrlPolicy::Keep { 4 } else { 0 });
            for batch in [9000, 4096, 1000, 333] {
                let mut acc = TextAccumulator::new(&cfg).unwrap();
                for b in texts.chunks(batch) {
                    acc.add(b);
                }
                let got = acc.finish();
                assert_eq!(got.lexicon, want.lexicon, "batches of {batch}");
                assert_eq!(got.tokens, want.tokens, "batches of {batch}");
                assert_eq!(got.offsets, want.offsets, "batches of {batch}");
            }
        }
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
        assert_eq!(a.tokens, b.tokens);
        // fed in batches of odd sizes: the same result
        let mut acc = TextAccumulator::new(&cfg).unwrap();
        for batch in texts.chunks(333) {
            acc.add(batch);
        }
        let c = acc.finish();
        assert_eq!(
            (&c.tokens, &c.offsets, &c.lexicon),
            (&a.tokens, &a.offsets, &a.lexicon)
        );
        let mut sorted = a.lexicon.stems.clone();
        sorted.sort();
        assert_eq!(sorted, a.lexicon.stems);
    }
}
