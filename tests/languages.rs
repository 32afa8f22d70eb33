//! `preprocess.language`: each committed fixture (`tests/fixtures/languages/`, a few
//! policy sentences per language) is detected as its language and analysed with that
//! language's stemmer and stop words; `"auto"` does so per document.

use paratopic::text::{analyze_documents, detect, Analyzer, PreprocessConfig, SNOWBALL};
use std::path::PathBuf;

fn fixture(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/languages")
        .join(format!("{name}.txt"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Per language: a stop word of its fixture, and two forms of one word in it that its
/// stemmer gives one stem (and the English stemmer two).
const CASES: &[(&str, &str, [&str; 2])] = &[
    ("danish", "og", ["sygehusene", "sygehus"]),
    ("dutch", "de", ["woningen", "woning"]),
    ("english", "the", ["cities", "city"]),
    ("finnish", "ja", ["asuntoja", "asunto"]),
    ("french", "les", ["construira", "construire"]),
    ("german", "und", ["wohnungen", "wohnung"]),
    ("hungarian", "és", ["lakást", "lakás"]),
    ("italian", "il", ["famiglie", "famiglia"]),
    ("norwegian", "og", ["sykehusene", "sykehus"]),
    ("portuguese", "as", ["habitações", "habitação"]),
    ("romanian", "și", ["familiile", "familia"]),
    ("russian", "для", ["городах", "город"]),
    ("spanish", "las", ["construirá", "construir"]),
    ("swedish", "och", ["städerna", "städer"]),
    ("tamil", "எனவே", ["வீடுகளைக்", "வீடு"]),
    ("turkish", "ve", ["şehirlerde", "şehir"]),
];

fn config(language: &str) -> PreprocessConfig {
    PreprocessConfig {
        language: language.into(),
        ..Default::default()
    }
}

#[test]
fn every_snowball_language_has_a_fixture_case() {
    let names: Vec<&str> = SNOWBALL.iter().map(|(n, _, _)| *n).collect();
    let cases: Vec<&str> = CASES.iter().map(|(n, _, _)| *n).collect();
    assert_eq!(cases, names);
}

#[test]
fn each_fixture_is_detected_as_its_language() {
    for (name, _, _) in CASES {
        let d = detect(&fixture(name)).unwrap_or_else(|| panic!("{name}: nothing detected"));
        assert_eq!(d.name, *name);
        assert_eq!(d.snowball, Some(*name));
    }
    let greek = detect(&fixture("greek")).unwrap();
    assert_eq!((greek.name, greek.snowball), ("greek", None));
}

#[test]
fn each_fixture_loses_its_stop_words_and_is_stemmed_in_its_language() {
    let english = Analyzer::new(&config("english")).unwrap();
    for (name, stop, [a, b]) in CASES {
        let text = fixture(name);
        let iso = paratopic::text::iso_code(name).unwrap();
        // the ISO code, upper case, sets the same analyzer as the name
        let analyzer = Analyzer::new(&config(&iso.to_uppercase())).unwrap();
        assert_eq!(analyzer.spec.stemmer, *name);
        let words: Vec<String> = analyzer
            .analyze(&text)
            .into_iter()
            .map(|t| t.word)
            .collect();
        assert!(
            text.to_lowercase().contains(&format!("{stop} ")),
            "{name}: {stop:?} is in the fixture"
        );
        assert!(
            !words.contains(&stop.to_string()),
            "{name}: {stop:?} kept: {words:?}"
        );
        assert!(
            words.contains(&a.to_string()),
            "{name}: {a:?} not in {words:?}"
        );
        assert_eq!(analyzer.stem(a), analyzer.stem(b), "{name}: {a} / {b}");
        if *name != "english" {
            assert_ne!(
                english.stem(a),
                english.stem(b),
                "{name}: English conflates {a} / {b}"
            );
        }
    }
}

#[test]
fn auto_analyses_each_document_in_its_language() {
    let mut names: Vec<&str> = CASES.iter().map(|(n, _, _)| *n).collect();
    names.push("greek");
    let texts: Vec<String> = names.iter().map(|n| fixture(n)).collect();
    let docs: Vec<usize> = (0..texts.len()).collect();
    let a = analyze_documents(&texts, &docs, &config("Auto")).unwrap();
    let found: Vec<Option<&str>> = a.languages.by_document(texts.len());
    let want: Vec<Option<&str>> = names.iter().map(|n| Some(*n)).collect();
    assert_eq!(found, want);
    // one analyzer per Snowball language, and one (no stemmer, no stop words) for Greek
    assert_eq!(a.analyzers.len(), 17);
    assert_eq!(a.analyzers[16].stemmer, "none");
    // each document's stop words went, and its forms share the stem of its language
    let stems = &a.lexicon.stems;
    let words = &a.lexicon.words;
    for (i, (name, stop, [_, b])) in CASES.iter().enumerate() {
        let analyzer = Analyzer::new(&config(name)).unwrap();
        let unit: Vec<&str> = a
            .unit(i)
            .iter()
            .map(|&s| stems[s as usize].as_str())
            .collect();
        assert!(
            unit.contains(&analyzer.stem(b).as_str()),
            "{name}: {unit:?}"
        );
        assert!(!unit.contains(stop), "{name}: {stop:?} in {unit:?}");
    }
    assert!(words
        .iter()
        .all(|w| !w.starts_with(|c: char| c.is_control())));
    let notices: Vec<String> = a
        .languages
        .notices(&config("auto"))
        .iter()
        .map(|n| n.to_string())
        .collect();
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert!(
        notices[0].contains("1 document(s) (1 paragraph units) look greek"),
        "{notices:?}"
    );
}
