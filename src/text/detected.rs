//! The languages found in a corpus: each document's, the counts, and the warnings they
//! call for (a corpus not in the configured language; languages that split topics; a
//! language without a stemmer).

use super::language::{snowball_name, AUTO};
use super::AnalyzerSpec;
use super::PreprocessConfig;
use crate::notice::Notice;
use serde::Serialize;
use std::collections::BTreeMap;

/// A document's detected language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocLanguage {
    /// The document's number in input order (with [`TextAccumulator::add`](super::TextAccumulator::add),
    /// which knows no documents, each unit is one).
    pub doc: usize,
    /// Its language ([`Detected::name`](super::Detected::name)); `None` when its text has
    /// no letters to tell from.
    pub language: Option<&'static str>,
    /// Its number of paragraph units.
    pub units: usize,
}

/// Share of the units above which a second language is said to split the topics.
pub const MIXED_SHARE: f64 = 0.10;

/// Name used in counts for documents whose language could not be told.
pub const UNKNOWN: &str = "unknown";

/// The languages of a corpus's documents, in input order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Languages {
    /// One entry per document that has units.
    pub documents: Vec<DocLanguage>,
}

/// The languages of a run, as `run.json` records them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LanguageSummary {
    /// `preprocess.language` as set (`"english"`, `"auto"`, …).
    pub setting: String,
    /// Documents whose language was detected: all with `"auto"`; with a set
    /// language a sample (the first 16, then every 128th), which the counts are of.
    pub checked_documents: usize,
    /// Paragraph units per detected language.
    pub units: BTreeMap<&'static str, usize>,
    /// Documents per detected language.
    pub documents: BTreeMap<&'static str, usize>,
    /// The analyzers the units went through.
    pub analyzers: Vec<AnalyzerSpec>,
}

impl Languages {
    /// The summary for `run.json`.
    pub fn summary(
        &self,
        config: &PreprocessConfig,
        analyzers: &[AnalyzerSpec],
    ) -> LanguageSummary {
        LanguageSummary {
            setting: config.language.clone(),
            checked_documents: self.documents.len(),
            units: self.units(),
            documents: self.document_counts(),
            analyzers: analyzers.to_vec(),
        }
    }

    /// Each of `n` documents' language by document number (`None`: no units, or no
    /// letters to tell from).
    pub fn by_document(&self, n: usize) -> Vec<Option<&'static str>> {
        let mut out = vec![None; n];
        for d in &self.documents {
            if let Some(slot) = out.get_mut(d.doc) {
                *slot = d.language;
            }
        }
        out
    }

    /// Units per language (`"unknown"` for no letters), by name.
    pub fn units(&self) -> BTreeMap<&'static str, usize> {
        let mut out = BTreeMap::new();
        for d in &self.documents {
            *out.entry(d.language.unwrap_or(UNKNOWN)).or_default() += d.units;
        }
        out
    }

    /// Documents per language, by name.
    pub fn document_counts(&self) -> BTreeMap<&'static str, usize> {
        let mut out = BTreeMap::new();
        for d in &self.documents {
            *out.entry(d.language.unwrap_or(UNKNOWN)).or_default() += 1;
        }
        out
    }

    /// The known languages holding at least [`MIXED_SHARE`] of the units, most units
    /// first (ties by name), with their shares.
    fn main_languages(&self) -> Vec<(&'static str, f64)> {
        let units = self.units();
        let total = units.values().sum::<usize>().max(1) as f64;
        let mut main: Vec<(&'static str, f64)> = units
            .into_iter()
            .filter(|(l, _)| *l != UNKNOWN)
            .map(|(l, n)| (l, n as f64 / total))
            .filter(|(_, s)| *s >= MIXED_SHARE)
            .collect();
        main.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
        main
    }

    /// The warnings these languages call for under `config`.
    pub fn notices(&self, config: &PreprocessConfig) -> Vec<Notice> {
        let main = self.main_languages();
        let auto = config.is_auto();
        let mut out = Vec::new();
        if let Some(&(top, share)) = main.first() {
            if !auto && share > 0.5 {
                out.extend(mismatch(config, top, share));
            }
        }
        if main.len() >= 2 {
            out.push(mixed(&main, auto));
        }
        if auto {
            out.extend(self.without_stemmer());
        }
        out
    }

    /// With `"auto"`: one warning per detected language that has no Snowball stemmer.
    fn without_stemmer(&self) -> Vec<Notice> {
        let units = self.units();
        let docs = self.document_counts();
        units
            .iter()
            .filter(|(l, _)| **l != UNKNOWN && snowball_name(l).is_none())
            .map(|(l, n)| {
                Notice::warning(
                    "language_without_stemmer",
                    format!(
                        "preprocess.language = \"auto\": {} document(s) ({n} paragraph units) look {l}, which has no Snowball stemmer or stop-word list: their words are kept unstemmed and no stop words are removed",
                        docs[l]
                    ),
                )
            })
            .collect()
    }
}

/// The warning for a corpus mostly in `top` (a `share` of its units) when the config is
/// for another language; `None` when it is for `top`.
fn mismatch(config: &PreprocessConfig, top: &str, share: f64) -> Option<Notice> {
    let spec = config.spec();
    let Some(wanted) = snowball_name(top) else {
        return Some(Notice::warning(
            "language_mismatch",
            format!(
                "{:.0}% of the paragraph units look {top}, which has no Snowball stemmer or stop-word list, but preprocess.language is \"{}\": set preprocess.language = \"none\" so no {} stop words or stems are applied, and list the corpus's function words in preprocess.extra_stopwords",
                share * 100.0, config.language, spec.stopwords
            ),
        ));
    };
    if spec.stemmer == wanted && spec.stopwords == wanted {
        return None;
    }
    if spec.stemmer == "none" && spec.stopwords == "none" {
        return None;
    }
    Some(Notice::warning(
        "language_mismatch",
        format!(
            "{:.0}% of the paragraph units look {top}, but the stop words are {} and the stemmer {} (preprocess.language = \"{}\"): {top} function words can become topic labels; set preprocess.language = \"{wanted}\" (or \"{AUTO}\" to analyse each document in its own language)",
            share * 100.0,
            spec.stopwords,
            spec.stemmer,
            config.language
        ),
    ))
}

/// The warning for a corpus with two or more languages each holding a tenth of the units.
fn mixed(main: &[(&str, f64)], auto: bool) -> Notice {
    let listed: Vec<String> = main
        .iter()
        .map(|(l, s)| format!("{l} {:.0}%", s * 100.0))
        .collect();
    let advice = match auto {
        true => "run each language's documents on their own to compare topics within a language",
        false => "set preprocess.language = \"auto\" so each document is analysed in its own language, or run each language's documents on their own",
    };
    Notice::warning(
        "languages_mixed",
        format!(
            "the corpus mixes languages (paragraph units: {}): words differ between languages, so topics will split by language; {advice}",
            listed.join(", ")
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn langs(docs: &[(Option<&'static str>, usize)]) -> Languages {
        Languages {
            documents: docs
                .iter()
                .enumerate()
                .map(|(doc, &(language, units))| DocLanguage {
                    doc,
                    language,
                    units,
                })
                .collect(),
        }
    }

    fn cfg(language: &str, stemmer: Option<&str>) -> PreprocessConfig {
        PreprocessConfig {
            language: language.into(),
            stemmer: stemmer.map(String::from),
            ..Default::default()
        }
    }

    fn kinds(n: &[Notice]) -> Vec<&str> {
        n.iter().map(|n| n.kind).collect()
    }

    #[test]
    fn a_german_corpus_with_english_settings_is_warned_about() {
        let l = langs(&[(Some("german"), 9), (Some("english"), 1), (None, 3)]);
        let n = l.notices(&PreprocessConfig::default());
        assert_eq!(kinds(&n), ["language_mismatch"]);
        let text = n[0].to_string();
        assert!(
            text.contains("69% of the paragraph units look german"),
            "{text}"
        );
        assert!(
            text.contains("set preprocess.language = \"german\""),
            "{text}"
        );
        // the stemmer alone set to German: still English stop words
        let n = l.notices(&cfg("english", Some("german")));
        assert!(n[0]
            .to_string()
            .contains("stop words are english and the stemmer german"));
        assert!(l.notices(&cfg("de", None)).is_empty());
        assert!(l.notices(&cfg("none", None)).is_empty());
        assert!(l.notices(&cfg("auto", None)).is_empty());
        assert_eq!(l.units()["unknown"], 3);
    }

    #[test]
    fn two_languages_of_a_tenth_each_split_topics() {
        let l = langs(&[
            (Some("german"), 10),
            (Some("french"), 2),
            (Some("greek"), 1),
        ]);
        let n = l.notices(&cfg("auto", None));
        assert_eq!(kinds(&n), ["languages_mixed", "language_without_stemmer"]);
        assert!(n[0]
            .to_string()
            .contains("(paragraph units: german 77%, french 15%)"));
        assert!(n[1]
            .to_string()
            .contains("1 document(s) (1 paragraph units) look greek"));
        // under a tenth: not mixed
        let l = langs(&[(Some("german"), 20), (Some("french"), 2)]);
        assert!(l.notices(&cfg("auto", None)).is_empty());
    }
}
