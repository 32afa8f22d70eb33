//! The analyzers of a run: one per language with `preprocess.language = "auto"`, else
//! one. Each is described by an [`AnalyzerSpec`], a plain value (serialisable, so a
//! saved model can keep each analyzer and rebuild it).

use super::language::snowball_name;
use super::{Analyzer, PreprocessConfig};
use crate::error::ParamError;
use serde::{Deserialize, Serialize};

/// Everything that decides how an analyzer turns text into stems, with the languages
/// resolved: `Analyzer::from_spec(&spec)` rebuilds the same analyzer.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnalyzerSpec {
    /// The language of the text this analyzer is for (Snowball name, whatlang's name for
    /// a language without a stemmer, or `"none"`).
    pub language: String,
    /// Snowball stemmer (`"german"`) or `"none"`.
    pub stemmer: String,
    /// Built-in stop-word list (`"german"`) or `"none"`.
    pub stopwords: String,
    /// `preprocess.extra_stopwords`, as written.
    pub extra_stopwords: Vec<String>,
    /// `preprocess.min_token_len`.
    pub min_token_len: usize,
    /// `preprocess.max_token_len`.
    pub max_token_len: usize,
    /// `preprocess.keep_numbers`.
    pub keep_numbers: bool,
    /// `preprocess.split_hyphens`.
    pub split_hyphens: bool,
    /// `preprocess.urls`.
    #[serde(default)]
    pub urls: super::UrlPolicy,
}

impl PreprocessConfig {
    /// The analyzer for text in `language` (a detected language's name; its Snowball
    /// name when it has a stemmer): the stemmer and stop words of that language, unless
    /// `preprocess.stemmer` or `preprocess.stopwords` is set, which wins. A language
    /// without a stemmer (or `None`: not known) gets neither.
    pub fn spec_for(&self, language: Option<&str>) -> AnalyzerSpec {
        let snowball = language.and_then(snowball_name).unwrap_or("none");
        let pick = |set: &Option<String>| {
            set.as_deref()
                .and_then(snowball_name)
                .unwrap_or(snowball)
                .to_string()
        };
        AnalyzerSpec {
            language: language.unwrap_or("none").to_string(),
            stemmer: pick(&self.stemmer),
            stopwords: pick(&self.stopwords),
            extra_stopwords: self.extra_stopwords.clone(),
            min_token_len: self.min_token_len,
            max_token_len: self.max_token_len,
            keep_numbers: self.keep_numbers,
            split_hyphens: self.split_hyphens,
            urls: self.urls,
        }
    }

    /// The analyzer of a single-language config (`preprocess.language` set to a
    /// language); with `"auto"`, the one for text whose language is not known.
    pub fn spec(&self) -> AnalyzerSpec {
        match self.is_auto() {
            true => self.spec_for(None),
            false => self.spec_for(snowball_name(&self.language)),
        }
    }
}

/// Most analyzers a run can have: each is marked on its words by a control character
/// (1–31, never part of a word); analyzer 0 is unmarked.
const MAX_ANALYZERS: usize = 32;

/// The analyzers of a run, numbered in the order their language was first met.
/// Words of analyzer `i > 0` carry the marker byte `i` in front, so the text stage's
/// word tables keep each language's words apart; analyzer 0's words are unmarked (a
/// single-language run marks nothing).
pub(crate) struct Analyzers {
    config: PreprocessConfig,
    list: Vec<Analyzer>,
}

impl Analyzers {
    /// The analyzers for `config`: with a fixed language its one analyzer; with
    /// `"auto"` none yet (see [`for_language`](Self::for_language)).
    pub(crate) fn new(config: &PreprocessConfig) -> Result<Self, ParamError> {
        config.validate()?;
        let list = match config.is_auto() {
            true => Vec::new(),
            false => vec![Analyzer::from_spec(&config.spec())?],
        };
        Ok(Analyzers {
            config: config.clone(),
            list,
        })
    }

    /// The number of the analyzer for a document in `language`, added if new
    /// (analyzers of equal specs are one).
    pub(crate) fn for_language(&mut self, language: Option<&str>) -> u8 {
        let spec = self.config.spec_for(language);
        let same =
            |a: &Analyzer| a.spec.stemmer == spec.stemmer && a.spec.stopwords == spec.stopwords;
        if let Some(i) = self.list.iter().position(same) {
            return i as u8;
        }
        assert!(
            self.list.len() < MAX_ANALYZERS,
            "at most 17 distinct stemmer and stop-word pairs"
        );
        self.list
            .push(Analyzer::from_spec(&spec).expect("spec of a validated config"));
        (self.list.len() - 1) as u8
    }

    /// The analyzer of a raw word as stored (marked or not), its marker and the word.
    #[inline]
    pub(crate) fn pick<'a>(&self, raw: &'a str) -> (&Analyzer, &'a str, &'a str) {
        match raw.as_bytes().first() {
            Some(&b) if b < MAX_ANALYZERS as u8 && self.list.len() > 1 => {
                (&self.list[b as usize], &raw[..1], &raw[1..])
            }
            _ => (&self.list[0], "", raw),
        }
    }

    /// The analyzers' specs, by number.
    pub(crate) fn specs(&self) -> Vec<AnalyzerSpec> {
        self.list.iter().map(|a| a.spec.clone()).collect()
    }
}

/// A stored word without its analyzer marker.
#[inline]
pub(crate) fn unmarked(word: &str) -> &str {
    match word.as_bytes().first() {
        Some(&b) if b < MAX_ANALYZERS as u8 => &word[1..],
        _ => word,
    }
}

/// The marker of analyzer `i` (`""` for 0).
pub(crate) fn marker(i: u8) -> Option<char> {
    (i > 0).then(|| char::from(i))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(language: &str, stemmer: Option<&str>, stopwords: Option<&str>) -> PreprocessConfig {
        PreprocessConfig {
            language: language.into(),
            stemmer: stemmer.map(String::from),
            stopwords: stopwords.map(String::from),
            ..Default::default()
        }
    }

    #[test]
    fn language_sets_both_and_explicit_keys_win() {
        let s = cfg("DE", None, None).spec();
        assert_eq!(
            (s.stemmer.as_str(), s.stopwords.as_str()),
            ("german", "german")
        );
        let s = cfg("german", Some("none"), None).spec();
        assert_eq!(
            (s.stemmer.as_str(), s.stopwords.as_str()),
            ("none", "german")
        );
        let s = cfg("fr", None, Some("EN")).spec();
        assert_eq!(
            (s.stemmer.as_str(), s.stopwords.as_str()),
            ("french", "english")
        );
        let auto = cfg("auto", None, None);
        let s = auto.spec_for(Some("greek"));
        assert_eq!(
            (
                s.language.as_str(),
                s.stemmer.as_str(),
                s.stopwords.as_str()
            ),
            ("greek", "none", "none")
        );
        assert_eq!(auto.spec_for(Some("dutch")).stemmer, "dutch");
    }

    #[test]
    fn languages_of_one_spec_share_an_analyzer() {
        let mut a = Analyzers::new(&cfg("auto", None, None)).unwrap();
        assert_eq!(a.for_language(Some("german")), 0);
        assert_eq!(a.for_language(Some("english")), 1);
        assert_eq!(a.for_language(Some("greek")), 2);
        assert_eq!(a.for_language(Some("mandarin")), 2);
        assert_eq!(a.for_language(Some("german")), 0);
        let (an, mark, word) = a.pick("\u{1}policing");
        assert_eq!(
            (an.spec.stemmer.as_str(), mark, word),
            ("english", "\u{1}", "policing")
        );
        let mut one = Analyzers::new(&cfg("auto", Some("none"), Some("none"))).unwrap();
        assert_eq!(one.for_language(Some("german")), 0);
        assert_eq!(one.for_language(Some("english")), 0);
    }

    #[test]
    fn a_spec_round_trips_through_json() {
        let spec = cfg("de", None, None).spec();
        let json = serde_json::to_string(&spec).unwrap();
        let back: AnalyzerSpec = serde_json::from_str(&json).unwrap();
        let a = Analyzer::from_spec(&back).unwrap();
        let stems: Vec<String> = a
            .analyze("Die Wohnungen und die Mieten")
            .into_iter()
            .map(|t| t.stem)
            .collect();
        assert_eq!(stems, ["wohnung", "miet"]);
    }
}
