//! The PDF reader on committed fixtures made by real producers (LibreOffice, Chromium's
//! print-to-PDF with two CSS columns, groff through ghostscript) from the seed texts, and
//! on scanned, encrypted, truncated and non-PDF files. `tests/fixtures/formats/pdf/make.sh`
//! says how each fixture was made.

mod common;

use paratopic::corpus::formats::pdf::extract_pdf;
use paratopic::corpus::formats::Extracted;
use std::path::PathBuf;

fn dir() -> PathBuf {
    common::repo().join("tests/fixtures/formats/pdf")
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(dir().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn extract(name: &str) -> Extracted {
    extract_pdf(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {}", e.0))
}

/// Comparison key: whitespace collapsed, a line-end hyphen re-joined, and hyphens
/// ignored (so `pas-\nsengers` and `co-\noperative` both match their original).
fn key(s: &str) -> String {
    s.replace("-\n", "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace(['-', '\u{2010}'], "")
}

/// The seed units a fixture was made from: every non-empty line of its seed texts
/// (the producers got one paragraph or heading per line).
fn seed_units(name: &str) -> Vec<String> {
    let list = std::fs::read_to_string(dir().join("sources.txt")).expect("sources.txt");
    let line = list
        .lines()
        .find(|l| l.split_whitespace().next() == Some(name))
        .unwrap_or_else(|| panic!("{name} is not in sources.txt"));
    line.split_whitespace()
        .skip(1)
        .flat_map(|seed| {
            let text = std::fs::read_to_string(common::repo().join("seeds").join(seed))
                .expect("seed text");
            text.lines()
                .map(key)
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The blocks of an extraction (separated by blank lines).
fn blocks(e: &Extracted) -> Vec<String> {
    e.text.split("\n\n").map(key).collect()
}

/// For each seed unit, the index of the block equal to it (searching forward from the
/// previous match, so that a unit found out of order is not counted).
fn matches(name: &str) -> (Vec<Option<usize>>, usize) {
    let units = seed_units(name);
    let got = blocks(&extract(name));
    let mut from = 0;
    let found: Vec<Option<usize>> = units
        .iter()
        .map(|u| {
            let at = got[from..].iter().position(|b| b == u).map(|i| i + from);
            if let Some(i) = at {
                from = i + 1;
            }
            at
        })
        .collect();
    let hit = found.iter().filter(|f| f.is_some()).count();
    println!(
        "{name}: {hit} of {} paragraphs match the original in order ({:.1}%)",
        units.len(),
        100.0 * hit as f64 / units.len() as f64
    );
    for (u, f) in units.iter().zip(&found) {
        if f.is_none() {
            println!("  missing: {u}");
        }
    }
    (found, hit)
}

fn assert_matches(name: &str) {
    let (found, hit) = matches(name);
    let share = hit as f64 / found.len() as f64;
    assert!(share >= 0.95, "{name}: only {:.1}% of paragraphs match", 100.0 * share);
}

#[test]
fn libreoffice_paragraphs_match_the_original() {
    assert_matches("libreoffice.pdf");
}

#[test]
fn chromium_two_columns_paragraphs_match_the_original_in_reading_order() {
    assert_matches("chromium-columns.pdf");
}

#[test]
fn groff_hyphenated_paragraphs_match_the_original() {
    assert_matches("groff.pdf");
}
