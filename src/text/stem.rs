//! Snowball stemming (rust-stemmers).

use rust_stemmers::{Algorithm, Stemmer as Snowball};

/// A Snowball stemmer, or none.
pub struct Stemmer(Option<Snowball>);

impl Stemmer {
    /// The Snowball stemmer for `language` (`"english"`, `"german"`, …) or `"none"`.
    /// Returns `None` for an unknown language.
    pub fn new(language: &str) -> Option<Self> {
        let algorithm = match language {
            "none" => return Some(Stemmer(None)),
            "english" => Algorithm::English,
            "danish" => Algorithm::Danish,
            "dutch" => Algorithm::Dutch,
            "finnish" => Algorithm::Finnish,
            "french" => Algorithm::French,
            "german" => Algorithm::German,
            "hungarian" => Algorithm::Hungarian,
            "italian" => Algorithm::Italian,
            "norwegian" => Algorithm::Norwegian,
            "portuguese" => Algorithm::Portuguese,
            "romanian" => Algorithm::Romanian,
            "russian" => Algorithm::Russian,
            "spanish" => Algorithm::Spanish,
            "swedish" => Algorithm::Swedish,
            "tamil" => Algorithm::Tamil,
            "turkish" => Algorithm::Turkish,
            _ => return None,
        };
        Some(Stemmer(Some(Snowball::create(algorithm))))
    }

    /// The stem of a lower-cased word.
    pub fn stem(&self, word: &str) -> String {
        match &self.0 {
            Some(s) => s.stem(word).into_owned(),
            None => word.to_string(),
        }
    }
}

/// Languages accepted by `preprocess.stemmer`.
pub const LANGUAGES: &[&str] = &[
    "english",
    "none",
    "danish",
    "dutch",
    "finnish",
    "french",
    "german",
    "hungarian",
    "italian",
    "norwegian",
    "portuguese",
    "romanian",
    "russian",
    "spanish",
    "swedish",
    "tamil",
    "turkish",
];
