//! Stop-word filter: a built-in English list plus the config's `extra_stopwords`.

use super::TokenFilter;
use std::collections::HashSet;

/// The built-in English stop words: scikit-learn's list (Glasgow IR group) without its
/// content words (`bill`, `fire`, `system`, `interest`, …), plus contractions and a few
/// function words. Matched on lower-cased words with plain `'` apostrophes.
pub const ENGLISH: &[&str] = &[
    "a", "about", "above", "across", "after", "afterwards", "again", "against", "all", "almost",
    "alone", "along", "already", "also", "although", "always", "am", "among", "amongst",
    "amoungst", "an", "and", "another", "any", "anyhow", "anyone", "anything", "anyway",
    "anywhere", "are", "around", "as", "at", "back", "be", "became", "because", "become",
    "becomes", "becoming", "been", "before", "beforehand", "behind", "being", "below", "beside",
    "besides", "between", "beyond", "both", "but", "by", "can", "cannot", "cant", "could",
    "couldnt", "did", "do", "does", "doing", "done", "down", "due", "during", "each", "eg",
    "eight", "either", "eleven", "else", "elsewhere", "enough", "etc", "even", "ever", "every",
    "everyone", "everything", "everywhere", "except", "few", "fifteen", "fifty", "first", "five",
    "for", "former", "formerly", "forty", "four", "from", "further", "get", "give", "go", "had",
    "has", "hasnt", "have", "he", "hence", "her", "here", "hereafter", "hereby", "herein",
    "hereupon", "hers", "herself", "him", "himself", "his", "how", "however", "hundred", "i", "ie",
    "if", "in", "inc", "indeed", "into", "is", "it", "its", "itself", "just", "keep", "last",
    "latter", "latterly", "least", "less", "ltd", "made", "many", "may", "me", "meanwhile",
    "might", "mine", "more", "moreover", "most", "mostly", "much", "must", "my", "myself",
    "namely", "neither", "never", "nevertheless", "next", "nine", "no", "nobody", "none", "noone",
    "nor", "not", "nothing", "now", "nowhere", "of", "off", "often", "on", "once", "one", "only",
    "onto", "or", "other", "others", "otherwise", "our", "ours", "ourselves", "out", "over", "own",
    "per", "perhaps", "please", "put", "rather", "re", "same", "see", "seem", "seemed", "seeming",
    "seems", "several", "she", "should", "since", "six", "sixty", "so", "some", "somehow",
    "someone", "something", "sometime", "sometimes", "somewhere", "still", "such", "take", "ten",
    "than", "that", "the", "their", "theirs", "them", "themselves", "then", "thence", "there",
    "thereafter", "thereby", "therefore", "therein", "thereupon", "these", "they", "third",
    "this", "those", "though", "three", "through", "throughout", "thru", "thus", "to", "together",
    "too", "toward", "towards", "twelve", "twenty", "two", "under", "until", "up", "upon", "us",
    "very", "via", "was", "we", "well", "were", "what", "whatever", "when", "whence", "whenever",
    "where", "whereafter", "whereas", "whereby", "wherein", "whereupon", "wherever", "whether",
    "which", "while", "whither", "who", "whoever", "whole", "whom", "whose", "why", "will", "with",
    "within", "without", "would", "yet", "you", "your", "yours", "yourself", "yourselves",
    // contractions (after apostrophe normalisation)
    "i'm", "i've", "i'll", "i'd", "you're", "you've", "you'll", "you'd", "he's", "he'll", "he'd",
    "she's", "she'll", "she'd", "it's", "it'll", "we're", "we've", "we'll", "we'd", "they're",
    "they've", "they'll", "they'd", "that's", "there's", "here's", "what's", "who's", "let's",
    "isn't", "aren't", "wasn't", "weren't", "hasn't", "haven't", "hadn't", "doesn't", "don't",
    "didn't", "won't", "wouldn't", "can't", "couldn't", "shouldn't", "mustn't", "needn't",
    "shan't", "mightn't",
];

/// Removes stop words.
#[derive(Debug, Clone, Default)]
pub struct StopWordFilter {
    words: HashSet<String>,
}

impl StopWordFilter {
    /// A filter for `base` (the built-in list or none) plus `extra` words, which are
    /// normalised and lower-cased like tokens.
    pub fn new(base: &[&str], extra: &[String]) -> Self {
        let mut words: HashSet<String> = base.iter().map(|w| w.to_string()).collect();
        for w in extra {
            words.insert(super::normalize(w).trim().to_lowercase());
        }
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
