//! Stop-word filter: a built-in list for the language plus the config's
//! `extra_stopwords`.
//!
//! English keeps paratopic's own list ([`ENGLISH`]). Every other language with a
//! Snowball stemmer uses the NLTK stop-word corpus list, shipped by the
//! [`stop-words`](https://crates.io/crates/stop-words) crate (MIT/Apache-2.0). NLTK took
//! those lists from the Snowball project's own stop-word lists (as shipped with
//! PostgreSQL), so they match the stemmers; Romanian's is from arlc.ro.

use super::{LowerCaser, PossessiveStripper, TokenFilter};
use rustc_hash::FxHashMap;
use std::collections::HashSet;

/// The built-in English stop words: scikit-learn's list (Glasgow IR group) without its
/// content words (`bill`, `fire`, `system`, `interest`, …), plus contractions and a few
/// function words. Matched on lower-cased words with plain `'` apostrophes.
pub const ENGLISH: &[&str] = &[
    "a",
    "about",
    "above",
    "across",
    "after",
    "afterwards",
    "again",
    "against",
    "all",
    "almost",
    "alone",
    "along",
    "already",
    "also",
    "although",
    "always",
    "am",
    "among",
    "amongst",
    "amoungst",
    "an",
    "and",
    "another",
    "any",
    "anyhow",
    "anyone",
    "anything",
    "anyway",
    "anywhere",
    "are",
    "around",
    "as",
    "at",
    "back",
    "be",
    "became",
    "because",
    "become",
    "becomes",
    "becoming",
    "been",
    "before",
    "beforehand",
    "behind",
    "being",
    "below",
    "beside",
    "besides",
    "between",
    "beyond",
    "both",
    "but",
    "by",
    "can",
    "cannot",
    "cant",
    "could",
    "couldnt",
    "did",
    "do",
    "does",
    "doing",
    "done",
    "down",
    "due",
    "during",
    "each",
    "eg",
    "eight",
    "either",
    "eleven",
    "else",
    "elsewhere",
    "enough",
    "etc",
    "even",
    "ever",
    "every",
    "everyone",
    "everything",
    "everywhere",
    "except",
    "few",
    "fifteen",
    "fifty",
    "first",
    "five",
    "for",
    "former",
    "formerly",
    "forty",
    "four",
    "from",
    "further",
    "get",
    "give",
    "go",
    "had",
    "has",
    "hasnt",
    "have",
    "he",
    "hence",
    "her",
    "here",
    "hereafter",
    "hereby",
    "herein",
    "hereupon",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "however",
    "hundred",
    "i",
    "ie",
    "if",
    "in",
    "inc",
    "indeed",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "keep",
    "last",
    "latter",
    "latterly",
    "least",
    "less",
    "ltd",
    "made",
    "many",
    "may",
    "me",
    "meanwhile",
    "might",
    "mine",
    "more",
    "moreover",
    "most",
    "mostly",
    "much",
    "must",
    "my",
    "myself",
    "namely",
    "neither",
    "never",
    "nevertheless",
    "next",
    "nine",
    "no",
    "nobody",
    "none",
    "noone",
    "nor",
    "not",
    "nothing",
    "now",
    "nowhere",
    "of",
    "off",
    "often",
    "on",
    "once",
    "one",
    "only",
    "onto",
    "or",
    "other",
    "others",
    "otherwise",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "per",
    "perhaps",
    "please",
    "put",
    "rather",
    "re",
    "same",
    "see",
    "seem",
    "seemed",
    "seeming",
    "seems",
    "several",
    "she",
    "should",
    "since",
    "six",
    "sixty",
    "so",
    "some",
    "somehow",
    "someone",
    "something",
    "sometime",
    "sometimes",
    "somewhere",
    "still",
    "such",
    "take",
    "ten",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "thence",
    "there",
    "thereafter",
    "thereby",
    "therefore",
    "therein",
    "thereupon",
    "these",
    "they",
    "third",
    "this",
    "those",
    "though",
    "three",
    "through",
    "throughout",
    "thru",
    "thus",
    "to",
    "together",
    "too",
    "toward",
    "towards",
    "twelve",
    "twenty",
    "two",
    "under",
    "until",
    "up",
    "upon",
    "us",
    "very",
    "via",
    "was",
    "we",
    "well",
    "were",
    "what",
    "whatever",
    "when",
    "whence",
    "whenever",
    "where",
    "whereafter",
    "whereas",
    "whereby",
    "wherein",
    "whereupon",
    "wherever",
    "whether",
    "which",
    "while",
    "whither",
    "who",
    "whoever",
    "whole",
    "whom",
    "whose",
    "why",
    "will",
    "with",
    "within",
    "without",
    "would",
    "yet",
    "you",
    "your",
    "yours",
    "yourself",
    "yourselves",
    // contractions (after apostrophe normalisation)
    "i'm",
    "i've",
    "i'll",
    "i'd",
    "you're",
    "you've",
    "you'll",
    "you'd",
    "he's",
    "he'll",
    "he'd",
    "she's",
    "she'll",
    "she'd",
    "it's",
    "it'll",
    "we're",
    "we've",
    "we'll",
    "we'd",
    "they're",
    "they've",
    "they'll",
    "they'd",
    "that's",
    "there's",
    "here's",
    "what's",
    "who's",
    "let's",
    "isn't",
    "aren't",
    "wasn't",
    "weren't",
    "hasn't",
    "haven't",
    "hadn't",
    "doesn't",
    "don't",
    "didn't",
    "won't",
    "wouldn't",
    "can't",
    "couldn't",
    "shouldn't",
    "mustn't",
    "needn't",
    "shan't",
    "mightn't",
];

/// The built-in stop words of a Snowball language name (`"german"`), or none for
/// `"none"` or a name without a list.
///
/// ```
/// use paratopic::text::builtin_stopwords;
/// assert!(builtin_stopwords("german").contains(&"und"));
/// assert!(builtin_stopwords("english").contains(&"the"));
/// assert!(builtin_stopwords("none").is_empty());
/// ```
pub fn builtin_stopwords(language: &str) -> &'static [&'static str] {
    if language == "english" {
        return ENGLISH;
    }
    super::language::iso_code(language)
        .and_then(stop_words::lookup)
        .unwrap_or(&[])
}

/// Removes stop words.
#[derive(Debug, Clone, Default)]
pub struct StopWordFilter {
    words: HashSet<String>,
}

impl StopWordFilter {
    /// A filter for `base` (the built-in list or none) plus `extra` words, which are
    /// compared with tokens as [`stopword_key`] gives them.
    pub fn new(base: &[&str], extra: &[String]) -> Self {
        let mut words: HashSet<String> = HashSet::with_capacity(base.len());
        for w in base {
            if w.is_ascii() {
                words.insert(w.to_string());
                continue;
            }
            // the NLTK lists are lower-case; normalised as text is (NFKC)
            let w = super::normalize(w);
            // Romanian's list spells ș and ț with a cedilla (ş, ţ), as older text does;
            // today's text uses the comma below: both are stop words
            if w.contains(['ş', 'ţ']) {
                words.insert(w.replace('ş', "ș").replace('ţ', "ț"));
            }
            words.insert(w);
        }
        words.extend(extra.iter().map(|w| stopword_key(w)));
        StopWordFilter { words }
    }

    /// True if `word` (lower-cased) is a stop word.
    pub fn contains(&self, word: &str) -> bool {
        self.words.contains(word)
    }
}

impl TokenFilter for StopWordFilter {
    fn apply(&self, token: &mut String) -> bool {
        !self.words.contains(token.as_str())
    }
}

/// An `extra_stopwords` entry as the stop-word filter compares it with tokens: the
/// entry goes through what a token goes through before it reaches the filter
/// (normalised, lower-cased, a possessive `'s` removed), so `"Mayor's"` matches the
/// tokens `mayor`, `Mayor` and `MAYOR'S`, like the built-in list matches `The` and `THE`,
/// and stems play no part (`"policy"` drops `policy`, not `policies`).
///
/// ```
/// use paratopic::text::stopword_key;
/// assert_eq!(stopword_key(" Mayor\u{2019}s "), "mayor");
/// assert_eq!(stopword_key("Don't"), "don't");
/// ```
pub fn stopword_key(entry: &str) -> String {
    let mut key = super::normalize(entry).trim().to_string();
    LowerCaser.apply(&mut key);
    PossessiveStripper.apply(&mut key);
    key
}

/// The config's `extra_stopwords`, for finding the entries that matched no word.
#[derive(Debug, Clone, Default)]
pub(crate) struct ExtraStopWords {
    /// Each entry as written, with the id of its key.
    entries: Vec<(String, u32)>,
    /// Key ([`stopword_key`]) → id; entries with the same key share it.
    ids: FxHashMap<String, u32>,
}

impl ExtraStopWords {
    pub(crate) fn new(entries: &[String]) -> Self {
        let mut ids = FxHashMap::default();
        let entries = entries
            .iter()
            .map(|e| {
                let next = ids.len() as u32;
                (e.clone(), *ids.entry(stopword_key(e)).or_insert(next))
            })
            .collect();
        ExtraStopWords { entries, ids }
    }

    /// Number of distinct keys (ids run from 0 to this).
    pub(crate) fn n_keys(&self) -> usize {
        self.ids.len()
    }

    /// The id of the entry key equal to `word`, a token as the stop-word filter saw it.
    #[inline]
    pub(crate) fn id(&self, word: &str) -> Option<u32> {
        if self.ids.is_empty() {
            return None;
        }
        self.ids.get(word).copied()
    }

    /// The entries, as written, whose key was not `matched` (indexed by id).
    pub(crate) fn unmatched(&self, matched: &[bool]) -> Vec<String> {
        self.entries
            .iter()
            .filter(|(_, id)| !matched[*id as usize])
            .map(|(e, _)| e.clone())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_with_one_key_share_its_id() {
        let entries: Vec<String> = ["Policy", "mayor", "POLICY", "mayor's"]
            .map(String::from)
            .to_vec();
        let extra = ExtraStopWords::new(&entries);
        assert_eq!(extra.n_keys(), 2);
        assert_eq!(extra.id("policy"), Some(0));
        assert_eq!(extra.id("mayor"), Some(1));
        assert_eq!(extra.id("Policy"), None, "keys are lower-case");
        assert_eq!(extra.unmatched(&[false, true]), ["Policy", "POLICY"]);
        assert!(ExtraStopWords::new(&[]).id("policy").is_none());
    }
}
