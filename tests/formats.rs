//! The structured formats (issue #14 §1): DOCX, ODT and HTML fixtures made from the seed
//! texts by pandoc and LibreOffice (tests/fixtures/formats/make.sh) read back as the
//! seeds' paragraphs; headings by outline level; unreadable files warned about and
//! skipped; skipped extensions counted; ids per contracts §1; duplicates; the `page`
//! column; nothing parsed twice.

mod common;

use common::*;
use paratopic::corpus::formats::extract;
use paratopic::corpus::{self, ExtractCache, InputConfig, InvalidUtf8, SegmentConfig};
use std::io::Write;
use std::path::{Path, PathBuf};

fn fixtures(kind: &str) -> Vec<PathBuf> {
    let dir = repo().join("tests/fixtures/formats").join(kind);
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}

/// A text's blocks (runs of non-blank lines), each with its white space collapsed.
fn blocks(text: &str) -> Vec<String> {
    text.split("\n\n")
        .map(|b| b.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|b| !b.is_empty())
        .collect()
}

fn read(path: &Path) -> corpus::formats::FileText {
    extract(
        path,
        std::fs::read(path).unwrap(),
        InvalidUtf8::Error.into(),
    )
    .unwrap()
}

/// Every fixture made from a seed gives the seed's blocks, in order, text-equal up to
/// white space.
#[test]
fn docx_odt_and_html_give_the_seed_paragraphs() {
    let mut checked = 0;
    for kind in ["docx", "odt", "html"] {
        for f in fixtures(kind) {
            let name = f.file_name().unwrap().to_string_lossy().into_owned();
            let Some(seed) = std::fs::read_dir(repo().join("seeds"))
                .unwrap()
                .map(|e| e.unwrap().path())
                .find(|s| name.starts_with(&*s.file_stem().unwrap().to_string_lossy()))
            else {
                continue;
            };
            let want = blocks(&std::fs::read_to_string(&seed).unwrap());
            let got = read(&f);
            assert_eq!(got.warning, None, "{name}");
            assert!(got.pages.is_empty());
            assert_eq!(blocks(&got.text.unwrap()), want, "{name}");
            checked += 1;
        }
    }
    // 5 seeds × 3 formats, LibreOffice's DOCX and ODT, and the page of <div>s
    assert_eq!(checked, 18);
}

/// The page furniture of the HTML fixture is gone: no navigation, script, cookie
/// banner, aside or footer text.
#[test]
fn html_page_furniture_is_dropped() {
    for f in fixtures("html") {
        let text = read(&f).text.unwrap();
        for junk in [
            "Policies",
            "dataLayer",
            "cookies",
            "Related",
            "Promoted by",
            "Party logo",
            "tracker",
            "Home | News",
            "font-family",
        ] {
            assert!(!text.contains(junk), "{junk:?} in {}", f.display());
        }
    }
}

/// An HTML file's `<meta charset>` decides its encoding (after a byte-order mark).
#[test]
fn html_meta_charset_decides_the_encoding() {
    let dir = tempfile::tempdir().unwrap();
    let (bytes, _, _) = encoding_rs::WINDOWS_1251
        .encode("<p>Жилищная политика и транспорт города, доступное жильё для всех.</p>");
    let mut page = b"<html><head><meta charset=\"windows-1251\"></head><body>".to_vec();
    page.extend_from_slice(&bytes);
    let p = dir.path().join("ru.html");
    std::fs::write(&p, &page).unwrap();
    let got = read(&p);
    assert_eq!(got.warning, None);
    assert_eq!(
        got.text.as_deref(),
        Some("Жилищная политика и транспорт города, доступное жильё для всех.\n")
    );
    // a byte-order mark wins over a wrong declaration
    let mut bom = b"\xef\xbb\xbf<meta charset=iso-8859-2><p>caf".to_vec();
    bom.extend_from_slice("é</p>".as_bytes());
    std::fs::write(&p, &bom).unwrap();
    assert_eq!(read(&p).text.as_deref(), Some("café\n"));
}

/// Headings come from the outline level, whatever the style is called: the German
/// "Überschrift 1" (outline level 0) is a one-line heading block and the document's
/// title; a paragraph in a style named "Heading 1" without an outline level keeps its
/// two lines.
#[test]
fn docx_headings_by_outline_level_not_style_name() {
    let f = repo().join("tests/fixtures/formats/docx/outline-de.docx");
    let text = read(&f).text.unwrap();
    assert_eq!(
        text,
        "Sichere Straßen\n\nWir werden mehr Polizistinnen und Polizisten in jedem Stadtteil \
         einsetzen und die Wachen offen halten.\n\nEin Absatz im Stil namens Heading 1\nbleibt \
         ein Absatz mit zwei Zeilen, weil er keine Gliederungsebene hat.\n"
    );
    let title = corpus::document_title(&text, &SegmentConfig::default());
    assert_eq!(title.as_deref(), Some("Sichere Straßen"));
    // and pandoc's ODT of a seed marks its headings text:h
    let odt = read(&repo().join("tests/fixtures/formats/odt/001_3cb19d55b5479185.odt"));
    assert!(odt.text.unwrap().starts_with("Making London Safer\n\n"));
}

/// A zip holding `files` (name, text).
fn zip_of(files: &[(&str, &str)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, text) in files {
        w.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        w.write_all(text.as_bytes()).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// Each kind of unreadable file gives a warning naming it and why; the others are read.
#[test]
fn unreadable_files_are_warned_about_and_the_run_goes_on() {
    let s = Scratch::with_seeds();
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    let encrypted: Vec<u8> = "EncryptionInfo"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    s.file("old.docx", &ole);
    ole.extend(encrypted);
    s.file("locked.docx", &ole);
    s.file(
        "notes.docx",
        b"just some text saved with the wrong extension",
    );
    s.file("empty.docx", &zip_of(&[("word/styles.xml", "<x/>")]));
    s.file(
        "broken.docx",
        &zip_of(&[("word/document.xml", "<w:document><w:body>")]),
    );
    let manifest = "<manifest><file-entry><encryption-data/></file-entry></manifest>";
    s.file(
        "locked.odt",
        &zip_of(&[("META-INF/manifest.xml", manifest), ("content.xml", "x")]),
    );
    s.file(
        "nocontent.odt",
        &zip_of(&[("mimetype", "application/vnd.oasis.opendocument.text")]),
    );
    let o = s.run(&[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // the terminal shows five warnings of a kind; run.json has them all
    let e: Vec<String> = s.run_json()["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap().to_string())
        .collect();
    let e = e.join("\n");
    for (file, why) in [
        (
            "old.docx",
            "is not a DOCX file but an older binary format (Word 97–2003?)",
        ),
        ("locked.docx", "is password-protected (encrypted)"),
        ("notes.docx", "is not a DOCX file (not a zip archive"),
        ("empty.docx", "has no document part (word/document.xml)"),
        (
            "broken.docx",
            "is damaged (word/document.xml cannot be read",
        ),
        ("locked.odt", "is password-protected (encrypted)"),
        ("nocontent.odt", "has no content part (content.xml)"),
    ] {
        let line = format!("in/{file} {why}");
        assert!(e.contains(&line), "no {line:?} in:\n{e}");
    }
    assert_eq!(s.documents().len(), 5);
}

/// Files skipped for their extension are counted in one note; `.doc` and `.rtf` get a
/// warning naming them with the conversion command.
#[test]
fn skipped_extensions_note_and_conversion_warning() {
    let s = Scratch::with_seeds();
    for f in ["a.csv", "b.csv", "c.CSV", "logo.png", "README"] {
        s.file(f, b"x");
    }
    s.file("old.doc", b"x");
    s.file("sub/letter.RTF", b"{\\rtf1 x}");
    let o = s.run(&[]);
    let e = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{e}");
    assert!(
        e.contains(
            "skipped 5 file(s) by extension (.csv 3, no extension 1, .png 1); add an extension \
             to input.extensions to read it"
        ),
        "{e}"
    );
    assert!(
        e.contains("2 Word 97–2003 (.doc) or RTF file(s) cannot be read and were skipped: in/old.doc, in/sub/letter.RTF; convert them to DOCX, e.g. soffice --headless --convert-to docx FILE"),
        "{e}"
    );
    assert_eq!(s.documents().len(), 5);
}

/// Contracts §1: `report.txt` and `report.html` both kept with their extensions; the
/// same relative path under two roots gets the root folder's name; one note lists them.
#[test]
fn colliding_ids_keep_extension_then_root_name() {
    let s = Scratch::new();
    let para = "The Mayor will invest in more police officers on the streets of London.";
    s.file("a/report.txt", format!("{para}\n").as_bytes());
    s.file(
        "a/report.html",
        format!("<p>{para} Housing too.</p>").as_bytes(),
    );
    s.file(
        "a/plan.txt",
        b"Transport fares are frozen for four years across the network.\n",
    );
    s.file(
        "b/plan.txt",
        b"Affordable homes are built on public land across the city.\n",
    );
    s.file(
        "b/other.txt",
        b"Clean air zones are extended to the whole of the city.\n",
    );
    let input = InputConfig {
        paths: vec![s.path("in/a"), s.path("in/b")],
        ..Default::default()
    };
    let c = corpus::load(&input, &SegmentConfig::default()).unwrap();
    let ids: Vec<&str> = c.documents.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "a/plan.txt",
            "report.html",
            "report.txt",
            "other",
            "b/plan.txt"
        ]
    );
    let notes: Vec<String> = c
        .warnings
        .iter()
        .filter(|w| w.kind == "ids_disambiguated")
        .map(|w| w.text.clone())
        .collect();
    assert_eq!(
        notes,
        [
            "4 file(s) would share a document id, so their ids keep the extension (and, under two \
          input folders, the folder's name): a/plan.txt, report.html, report.txt, b/plan.txt"
        ]
    );
    // a file reached twice is read once
    let input = InputConfig {
        paths: vec![s.path("in/b"), s.path("in/b/other.txt")],
        ..Default::default()
    };
    let c = corpus::load(&input, &SegmentConfig::default()).unwrap();
    let ids: Vec<&str> = c.documents.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["other", "plan"]);
    assert!(c.warnings.iter().any(|w| w.kind == "listed_twice"));
}

/// The same text in two formats is a warning naming both; both are read.
#[test]
fn duplicate_documents_are_warned_about() {
    let s = Scratch::with_seeds();
    let docx = repo().join("tests/fixtures/formats/docx/002_982f12eef904c1a5.docx");
    s.file("002_982f12eef904c1a5.docx", &std::fs::read(docx).unwrap());
    let o = s.run(&[]);
    let e = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{e}");
    assert!(
        e.contains("in/002_982f12eef904c1a5.txt has the same text as in/002_982f12eef904c1a5.docx"),
        "{e}"
    );
    let ids = s.documents();
    assert!(
        ids.contains(&"002_982f12eef904c1a5.docx".to_string()),
        "{ids:?}"
    );
    assert!(
        ids.contains(&"002_982f12eef904c1a5.txt".to_string()),
        "{ids:?}"
    );
    // paragraphs.csv ends with the page column, empty outside PDFs
    let (header, rows) = read_csv(&s.path("out/paragraphs.csv"));
    assert_eq!(header.last().map(String::as_str), Some("page"));
    assert_eq!(
        header[..9].join(","),
        "document,paragraph,line,topic,label,similarity,tokens,text,status"
    );
    assert!(rows.iter().all(|r| r[9].is_empty()));
    // the extracted text kept during the run is not an output
    assert!(!s.path("out/extracted-text").exists());
    assert!(s.leftovers().is_empty(), "{:?}", s.leftovers());
}

/// Every structured file is parsed once: `reread` takes the text from the cache, even
/// when the files are gone; the cache folder goes with the corpus.
#[test]
fn nothing_is_parsed_twice() {
    let s = Scratch::new();
    for kind in ["docx", "odt", "html"] {
        let plain = |f: &PathBuf| !f.file_name().unwrap().to_string_lossy().contains('-');
        for f in fixtures(kind).into_iter().filter(plain) {
            let name = format!("{kind}/{}", f.file_name().unwrap().to_string_lossy());
            s.file(&name, &std::fs::read(&f).unwrap());
        }
    }
    let input = InputConfig {
        paths: vec![s.path("in")],
        ..Default::default()
    };
    let seg = SegmentConfig::default();
    let cache = ExtractCache::in_folder(s.path("cache"));
    let mut first: Vec<String> = Vec::new();
    let streamed = corpus::stream_cached(&input, &seg, cache, None, |texts, _| {
        first.extend(texts.iter().map(|t| t.to_string()));
        Ok(())
    })
    .unwrap();
    assert_eq!(streamed.documents.len(), 15);
    assert_eq!(streamed.cache.parses(), 15);
    assert_eq!(std::fs::read_dir(s.path("cache")).unwrap().count(), 15);
    std::fs::remove_dir_all(s.path("in")).unwrap();
    let mut again: Vec<String> = Vec::new();
    corpus::reread(&streamed, input.decoding(), &seg, |_, blocks| {
        again.extend(blocks.into_iter().map(|b| b.text));
        Ok(())
    })
    .unwrap();
    assert_eq!(again, first);
    assert_eq!(streamed.cache.parses(), 15);
    drop(streamed);
    assert!(!s.path("cache").exists());
}

/// `paragraphs.csv`'s `page`: the page each PDF paragraph starts on, from 1, in order,
/// past the first page. Runs once the PDF reader and its fixtures are in the build.
#[test]
fn pdf_paragraphs_have_their_page() {
    let pdf = repo().join("tests/fixtures/formats/pdf/libreoffice.pdf");
    let bytes = match std::fs::read(&pdf) {
        Ok(b) if corpus::formats::extract_pdf(&b).is_ok() => b,
        _ => {
            return skipped(
                "pdf_paragraphs_have_their_page",
                "no PDF reader or fixture in this build",
            )
        }
    };
    let s = Scratch::new();
    s.file("manifesto.pdf", &bytes);
    let o = s.run(&[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let (header, rows) = read_csv(&s.path("out/paragraphs.csv"));
    assert_eq!(header.last().map(String::as_str), Some("page"));
    let pages: Vec<u32> = rows.iter().map(|r| r[9].parse().unwrap()).collect();
    assert_eq!(pages[0], 1);
    assert!(pages.windows(2).all(|w| w[0] <= w[1]), "{pages:?}");
    assert!(*pages.last().unwrap() > 1, "{pages:?}");
}
