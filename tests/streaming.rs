//! The streamed corpus stage (`corpus::stream` + `corpus::reread`) against the in-memory
//! one (`corpus::load`): same documents, units, texts and warnings, whatever the batches.

mod common;

use paratopic::corpus::{self, InputConfig, InvalidUtf8, SegmentConfig};
use paratopic::text::{analyze, PreprocessConfig, TextAccumulator};

fn check_same(input: &InputConfig) {
    let seg = SegmentConfig::default();
    let loaded = corpus::load(input, &seg).unwrap();
    for batch_bytes in [1, 1000, corpus::BATCH_BYTES] {
        let mut texts: Vec<String> = Vec::new();
        let mut acc = TextAccumulator::new(&PreprocessConfig::default()).unwrap();
        let streamed = corpus::stream_in_batches(input, &seg, batch_bytes, |batch| {
            texts.extend(batch.iter().map(|t| t.to_string()));
            acc.add(batch);
            Ok(())
        })
        .unwrap();
        assert_eq!(streamed.documents, loaded.documents);
        assert_eq!(streamed.warnings, loaded.warnings);
        assert_eq!(streamed.boilerplate, loaded.boilerplate);
        assert_eq!(streamed.removed, loaded.removed);
        assert_eq!(streamed.units.len(), loaded.units.len());
        for (s, l) in streamed.units.iter().zip(&loaded.units) {
            assert_eq!(
                (s.doc, s.index, s.line, s.page),
                (l.doc, l.index, l.line, l.page)
            );
        }
        let want: Vec<&str> = loaded.units.iter().map(|u| u.text.as_str()).collect();
        assert_eq!(texts, want);
        // analysis fed batch by batch equals analysis of everything at once
        let batched = acc.finish();
        let whole = analyze(&want, &PreprocessConfig::default()).unwrap();
        assert_eq!(batched.lexicon, whole.lexicon);
        assert_eq!(batched.tokens, whole.tokens);
        assert_eq!(batched.offsets, whole.offsets);
        // the texts come back from the files
        let mut again: Vec<String> = Vec::new();
        corpus::reread(&streamed, input.decoding(), &seg, |d, blocks| {
            assert!(streamed.documents[d].n_units == blocks.len());
            again.extend(blocks.into_iter().map(|b| b.text));
            Ok(())
        })
        .unwrap();
        assert_eq!(again, want);
    }
}

#[test]
fn streaming_matches_loading_on_the_seeds() {
    check_same(&InputConfig {
        paths: vec![common::repo().join("seeds")],
        ..Default::default()
    });
}

#[test]
fn streaming_matches_loading_with_bad_and_empty_files() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::write(p.join("a.txt"), "Heading\n\nA paragraph with enough words to be a unit of its own here.\r\n\r\nAnother one, also long enough to stand alone as a unit.\n").unwrap();
    std::fs::write(p.join("b.txt"), "  \n\n").unwrap();
    std::fs::write(
        p.join("c.txt"),
        b"Bad \xff bytes in a paragraph that is long enough to count.\n".as_slice(),
    )
    .unwrap();
    std::fs::write(
        p.join("d.md"),
        b"\xef\xbb\xbfWith a byte-order mark and words enough for one unit.\n".as_slice(),
    )
    .unwrap();
    std::fs::write(p.join("e.txt"), b"binary\0file".as_slice()).unwrap();
    for policy in [InvalidUtf8::Replace, InvalidUtf8::Skip] {
        check_same(&InputConfig {
            paths: vec![p.to_path_buf()],
            on_invalid_utf8: policy,
            ..Default::default()
        });
    }
}

#[test]
fn streaming_matches_loading_with_page_clutter() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let para = |d: usize, i: usize| {
        format!("Paragraph {i} of document {d} talks about buses, trains and housing at length.\n")
    };
    for d in 0..5 {
        let mut text = format!("Letterhead of the ministry\n\n{}", para(d, 0));
        for page in 1..=3 {
            text += &format!(
                "\nRunning header {d}\n\n{}\n{}\nPage {page} of 3\n\u{c}",
                para(d, page),
                para(d, page + 10)
            );
        }
        std::fs::write(p.join(format!("doc{d}.txt")), text).unwrap();
    }
    let input = InputConfig {
        paths: vec![p.to_path_buf()],
        ..Default::default()
    };
    check_same(&input);
    let loaded = corpus::load(&input, &SegmentConfig::default()).unwrap();
    // 5 letterheads (across documents), 15 running headers and 15 footers (on 3 pages)
    assert_eq!(loaded.removed.lines, 35);
    assert_eq!(loaded.boilerplate.lines, ["letterhead of the ministry"]);
    assert!(loaded
        .units
        .iter()
        .all(|u| !u.text.contains("Running header") && !u.text.contains("Page ")));
}

#[test]
fn a_file_changed_during_the_run_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("a.txt");
    std::fs::write(
        &f,
        "A paragraph with enough words to be a unit of its own here.\n",
    )
    .unwrap();
    let input = InputConfig {
        paths: vec![dir.path().to_path_buf()],
        ..Default::default()
    };
    let seg = SegmentConfig::default();
    let streamed = corpus::stream(&input, &seg, |_| Ok(())).unwrap();
    std::fs::write(&f, "Changed: a paragraph with enough words to be a unit.\n\nAnd a second paragraph with enough words to be a unit.\n").unwrap();
    let e = corpus::reread(&streamed, input.decoding(), &seg, |_, _| Ok(())).unwrap_err();
    assert!(
        e.to_string()
            .contains("a.txt changed or became unreadable during the run"),
        "{e}"
    );
    assert_eq!(e.exit_code(), 1);
}
