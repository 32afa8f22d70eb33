//! Committed fixtures in legacy encodings and UTF-16 (#14 §2) decode to the original text.

use paratopic::corpus::{self, InputConfig, SegmentConfig};

/// The fixture folder read with `encoding`: each document's units joined, and the
/// warnings' texts.
fn read(encoding: &str, file: &str) -> (String, Vec<String>) {
    let input = InputConfig {
        paths: vec![format!("tests/fixtures/encodings/{file}").into()],
        encoding: encoding.into(),
        ..Default::default()
    };
    let c = corpus::load(&input, &SegmentConfig::default()).unwrap();
    assert_eq!(c.documents.len(), 1, "{file} is read");
    let text: Vec<String> = c.units.into_iter().map(|u| u.text).collect();
    (
        text.join("\n\n"),
        c.warnings.iter().map(|w| w.to_string()).collect(),
    )
}

#[test]
fn utf16_with_a_byte_order_mark_is_decoded_in_both_byte_orders() {
    let (le, w) = read("auto", "en-utf16le.txt");
    assert!(
        le.starts_with("Housing policy\n\nThe mayor will build new affordable homes"),
        "{le:?}"
    );
    assert!(w.is_empty(), "{w:?}");
    let (be, _) = read("auto", "en-utf16be.txt");
    assert!(
        be.contains("Cyclists will get new protected lanes"),
        "{be:?}"
    );
}

#[test]
fn windows_1251_russian_is_detected_and_named_in_a_warning() {
    let (text, w) = read("auto", "ru-cp1251.txt");
    assert!(
        text.contains("Мэр обещает построить новые доступные квартиры"),
        "{text:?}"
    );
    assert!(
        w.iter()
            .any(|w| w.contains("ru-cp1251.txt is not UTF-8; decoded as windows-1251")),
        "{w:?}"
    );
}

#[test]
fn windows_1252_french_keeps_its_accents_quotes_and_dashes() {
    let (text, w) = read("auto", "fr-cp1252.txt");
    assert!(
        text.contains("des cafés ouverts, un régime de loyers"),
        "{text:?}"
    );
    assert!(
        text.contains("« abordables »") && text.contains("centre-ville – surtout"),
        "{text:?}"
    );
    assert!(
        w.iter().any(|w| w.contains("decoded as windows-1252")),
        "{w:?}"
    );
}

#[test]
fn iso_8859_2_polish_decodes_when_named_and_when_guessed() {
    let (text, w) = read("iso-8859-2", "pl-iso-8859-2.txt");
    assert!(
        text.contains("Zażółć gęślą jaźń: miasto zbuduje nowe mieszkania"),
        "{text:?}"
    );
    assert!(w.is_empty(), "named: no guess, no warning: {w:?}");
    // under "auto" the detector guesses it, and says so
    let (text, w) = read("auto", "pl-iso-8859-2.txt");
    assert!(
        text.contains("Zażółć gęślą jaźń: miasto zbuduje"),
        "{text:?}"
    );
    assert!(
        w.iter().any(|w| w.contains("decoded as ISO-8859-2")),
        "{w:?}"
    );
}
