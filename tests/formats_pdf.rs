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
    assert!(
        share >= 0.95,
        "{name}: only {:.1}% of paragraphs match",
        100.0 * share
    );
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

#[test]
fn every_line_has_its_page_and_running_headers_and_page_numbers_are_blocks() {
    let e = extract("libreoffice.pdf");
    let lines: Vec<&str> = e.text.lines().collect();
    assert_eq!(e.pages.len(), lines.len());
    let footers: Vec<(u32, u32)> = lines
        .iter()
        .zip(&e.pages)
        .filter_map(|(l, &p)| Some((l.strip_prefix("Page ")?.parse().ok()?, p)))
        .collect();
    assert_eq!(footers, (1..=6).map(|n| (n, n)).collect::<Vec<_>>());
    let blocks: Vec<&str> = e.text.split("\n\n").collect();
    let header = "London Labour – Mayoral manifesto 2021";
    assert_eq!(blocks.iter().filter(|b| b.trim() == header).count(), 6);
    // pages never go back, and a blank separator line has the page of the line before
    assert!(e.pages.windows(2).all(|w| w[0] <= w[1] || w[1] + 1 == w[0]));
    for (i, l) in lines.iter().enumerate().skip(1) {
        if l.is_empty() {
            assert_eq!(e.pages[i], e.pages[i - 1]);
        }
    }
    // a paragraph running over a page break is one block, its lines on both pages
    let start = lines
        .iter()
        .position(|l| l.starts_with("Our funding so far has helped create"))
        .expect("paragraph");
    assert_eq!(e.pages[start], 2);
    assert!(lines[start + 1].starts_with("for young Londoners"));
    assert_eq!(e.pages[start + 1], 3);
}

#[test]
fn the_two_column_page_is_read_column_by_column() {
    let e = extract("chromium-columns.pdf");
    let blocks: Vec<&str> = e.text.split("\n\n").collect();
    let at = |start: &str| {
        blocks
            .iter()
            .position(|b| b.starts_with(start))
            .unwrap_or_else(|| panic!("no block starts with {start:?}"))
    };
    // the title spans both columns; the first column's last paragraph runs on into the
    // second column, then the second column follows
    assert_eq!(at("With the election of two more Labour mayors"), 0);
    assert!(at("It has been an extraordinary") < at("In stark contrast"));
    assert!(at("In stark contrast") < at("Despite the many challenges"));
    let last_left = blocks[at("In stark contrast")];
    assert!(last_left.ends_with("people’s lives."), "{last_left}");
    assert_eq!(e.pages[0], 1);
    assert_eq!(*e.pages.last().expect("lines"), 2);
}

#[test]
fn ligatures_are_spelled_out() {
    // the fixture draws ligature glyphs: a plain text dump keeps them
    let raw = pdf_extract::extract_text_from_mem(&fixture("groff.pdf")).expect("text");
    assert!(raw.contains('\u{FB01}'), "groff.pdf has no fi ligature");
    let e = extract("groff.pdf");
    assert!(!e
        .text
        .contains(['\u{FB00}', '\u{FB01}', '\u{FB02}', '\u{FB03}', '\u{FB04}']));
    for word in ["significant", "benefits", "financial", "office"] {
        assert!(e.text.contains(word), "{word} missing");
    }
}

#[test]
fn a_scan_without_text_says_to_run_ocr() {
    let e = extract_pdf(&fixture("scanned.pdf")).expect_err("no text layer");
    assert_eq!(
        e.0,
        "has no text layer (a scanned image?); run OCR first, e.g. `ocrmypdf in.pdf out.pdf`"
    );
}

#[test]
fn a_password_protected_pdf_says_how_to_save_an_open_copy() {
    let e = extract_pdf(&fixture("encrypted.pdf")).expect_err("encrypted");
    assert!(
        e.0.starts_with("is password-protected (encrypted)"),
        "{}",
        e.0
    );
    assert!(e
        .0
        .contains("qpdf --password=PASSWORD --decrypt in.pdf out.pdf"));
    // an owner password alone (printing/copying restrictions) does not stop reading
    assert_eq!(extract("owner-only.pdf"), extract("groff.pdf"));
}

#[test]
fn a_truncated_pdf_is_damaged() {
    let e = extract_pdf(&fixture("truncated.pdf")).expect_err("truncated");
    assert!(e.0.starts_with("is damaged or truncated ("), "{}", e.0);
    assert!(e.0.contains("print it to a new PDF"), "{}", e.0);
}

#[test]
fn a_text_file_named_pdf_is_not_a_pdf() {
    let bytes = std::fs::read(dir().join("sources.txt")).expect("a text file");
    let e = extract_pdf(&bytes).expect_err("not a PDF");
    assert_eq!(e.0, "is not a PDF: it does not start with `%PDF-`");
}

/// Cutting a valid PDF anywhere, or damaging bytes in it, gives text or a message,
/// never a panic.
#[test]
fn truncated_or_damaged_pdfs_never_panic() {
    let bytes = fixture("groff.pdf");
    let (mut ok, mut err) = (0, 0);
    let step = bytes.len() / 150;
    for cut in (16..bytes.len()).step_by(step) {
        match extract_pdf(&bytes[..cut]) {
            Ok(_) => ok += 1,
            Err(e) => {
                assert!(e.0.starts_with("is "), "{}", e.0);
                err += 1
            }
        }
    }
    // overwrite a run of bytes in the middle of objects and streams
    for at in (200..bytes.len()).step_by(step) {
        let mut damaged = bytes.clone();
        for b in damaged.iter_mut().skip(at).take(7) {
            *b = b'7';
        }
        match extract_pdf(&damaged) {
            Ok(e) => assert_eq!(e.pages.len(), e.text.lines().count()),
            Err(e) => assert!(e.0.starts_with("is "), "{}", e.0),
        }
    }
    println!("truncated copies: {ok} read, {err} refused");
    assert!(
        err > 100,
        "most truncated copies lack the cross-reference table"
    );
}
