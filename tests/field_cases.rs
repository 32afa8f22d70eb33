//! `../shared/field-cases/`: small failing inputs rebuilt from public bug reports of other
//! text tools, each with the behaviour users expect (`expected.txt`). The kinds handled
//! so far: UTF-16 files, legacy encodings, hidden files, running headers and footers. Each runs as a user would
//! (default config, `cluster.k=4`); the synthetic tests beside them need no `../shared`.

mod common;

use common::*;
use std::path::PathBuf;

/// `../shared/field-cases/NAME/input`, which CI always has beside the clone.
fn field_case(name: &str) -> Option<PathBuf> {
    shared(
        &format!("field-cases/{name}/input"),
        &format!("field case {name}"),
    )
}

/// `paratopic run DIR --set cluster.k=4` into a scratch `out`, with `extra` settings.
fn run_on(dir: &std::path::Path, extra: &[&str]) -> (Scratch, String) {
    let s = Scratch::new();
    let mut args = vec![
        "run",
        dir.to_str().unwrap(),
        "--set",
        "output.dir=\"out\"",
        "--set",
        "cluster.k=4",
    ];
    args.extend_from_slice(extra);
    let o = s.paratopic(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    (s, stderr(&o))
}

fn words(s: &Scratch) -> Vec<String> {
    std::fs::read_to_string(s.path("out/vocab.tsv"))
        .unwrap()
        .lines()
        .map(|l| l.split('\t').nth(1).unwrap().to_string())
        .collect()
}

#[test]
fn utf16_files_with_a_bom_are_read_as_text() {
    let Some(dir) = field_case("01-utf16-bom") else {
        return;
    };
    let (s, err) = run_on(&dir, &[]);
    assert!(!err.contains("binary"), "{err}");
    let docs = s.documents();
    assert!(
        docs.contains(&"tenants-briefing".to_string())
            && docs.contains(&"tenants-briefing-be".to_string()),
        "{docs:?}"
    );
    let run = s.run_json();
    let units = |id: &str| {
        run["documents"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["id"] == id)
            .unwrap()["units"]
            .as_u64()
            .unwrap()
    };
    assert_eq!(units("tenants-briefing"), 3);
    assert_eq!(units("tenants-briefing-be"), 3);
    assert!(words(&s).contains(&"tenants".to_string()));
}

#[test]
fn a_windows_1252_file_is_detected_and_its_words_kept_whole() {
    let Some(dir) = field_case("02-windows-1252") else {
        return;
    };
    let (s, err) = run_on(&dir, &[]);
    assert!(
        err.contains("high-streets.txt is not UTF-8; decoded as windows-1252"),
        "{err}"
    );
    let words = words(&s);
    for fragment in ["caf", "gime"] {
        assert!(
            !words.contains(&fragment.to_string()),
            "fragment {fragment:?} in {words:?}"
        );
    }
    assert!(words.iter().any(|w| w.starts_with("café")), "{words:?}");
    // said as input.encoding, the same text and no warning
    let (s2, err2) = run_on(&dir, &["--set", "input.encoding=\"windows-1252\""]);
    assert!(!err2.contains("not UTF-8"), "{err2}");
    let paragraphs = |s: &Scratch| std::fs::read_to_string(s.path("out/paragraphs.csv")).unwrap();
    assert!(paragraphs(&s2).contains("café"));
}

#[test]
fn hidden_files_and_folders_are_not_documents() {
    let Some(dir) = field_case("12-hidden-files") else {
        return;
    };
    let (s, err) = run_on(&dir, &[]);
    assert_eq!(
        s.documents(),
        ["health", "housing", "policing", "transport"]
    );
    assert!(
        err.contains(
            "note: 3 hidden file(s) or folder(s) not read (input.hidden = true reads them)"
        ),
        "{err}"
    );
}

#[test]
fn hidden_entries_are_skipped_unless_asked_for_or_named() {
    let s = Scratch::with_seeds();
    let seed = seed_texts().remove(0).1;
    s.file(".ipynb_checkpoints/copy-checkpoint.txt", seed.as_bytes());
    s.file("._000_aa4d84343348841f.txt", b"\0\x05\x16\x07 AppleDouble");
    let o = s.run(&["-q"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(s.documents().len(), 5);
    assert!(o.stderr.is_empty(), "quiet hides the note: {}", stderr(&o));
    let o = s.run(&["--set", "input.hidden=true"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(s
        .documents()
        .contains(&".ipynb_checkpoints/copy-checkpoint".to_string()));
    assert!(
        stderr(&o).contains("._000_aa4d84343348841f.txt contains a NUL byte"),
        "{}",
        stderr(&o)
    );
    // a hidden file named on the command line is read
    let o = s.paratopic(&[
        "run",
        "-q",
        "in/.ipynb_checkpoints/copy-checkpoint.txt",
        "in/001_3cb19d55b5479185.txt",
        "--set",
        "output.dir=\"out\"",
        "--set",
        "cluster.k=2",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(s.documents(), ["copy-checkpoint", "001_3cb19d55b5479185"]);
}

#[test]
fn an_unknown_encoding_label_is_a_config_error() {
    let s = Scratch::with_seeds();
    let o = s.run(&["--set", "input.encoding=\"latin-9000\""]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("input.encoding: is \"latin-9000\", which names no encoding"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn markdown_front_matter_and_markup_are_not_prose() {
    let Some(dir) = field_case("11-md-front-matter") else {
        return;
    };
    let (s, _) = run_on(&dir, &[]);
    let words = words(&s);
    for meta in ["author", "layout", "permalink", "draft", "status"] {
        assert!(!words.contains(&meta.to_string()), "{meta:?} is a term");
    }
    let run = s.run_json();
    for d in run["documents"].as_array().unwrap() {
        assert_eq!(d["units"], 5, "{d}");
    }
    let titles: Vec<&str> = run["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["Health", "Housing", "Policing", "Transport"]);
}

#[test]
fn markdown_is_reduced_to_text_with_its_line_numbers() {
    let s = Scratch::with_seeds();
    s.file(
        "note.md",
        b"---\ntitle: draft\nlayout: post\n---\n\n# Affordable __homes__\n\nWe will build *genuinely* affordable homes for [key workers](https://example.org/utm_source=x) and families.\n\n```\nlet code = 1;\n```\n",
    );
    let o = s.run(&["-q", "--set", "vectorize.min_df=1"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let note: Vec<(String, usize, String)> = s
        .paragraphs()
        .into_iter()
        .filter(|p| p.0 == "note")
        .collect();
    assert_eq!(note.len(), 1, "{note:?}");
    // the heading (line 6) folds into the paragraph it introduces
    assert_eq!(note[0].1, 6);
    assert_eq!(
        note[0].2,
        "Affordable homes\n\nWe will build genuinely affordable homes for key workers and families."
    );
    let words = words(&s);
    for gone in ["utm_source", "example", "layout", "code", "draft"] {
        assert!(!words.iter().any(|w| w == gone), "{gone:?} is a term");
    }
}

/// The topic labels of `out/topics.csv`.
fn topic_labels(s: &Scratch) -> Vec<String> {
    let text = std::fs::read_to_string(s.path("out/topics.csv")).unwrap();
    let mut rows = csv::Reader::from_reader(text.as_bytes());
    rows.records().map(|r| r.unwrap()[1].to_string()).collect()
}

#[test]
fn running_headers_and_footers_are_removed_and_make_no_topic() {
    let Some(dir) = field_case("15-running-headers-footers") else {
        return;
    };
    let clutter = [
        "annual",
        "report",
        "official",
        "sensitive",
        "page",
        "crown",
        "copyright",
        "department",
    ];
    let has_clutter =
        |labels: &[String]| labels.iter().any(|l| clutter.iter().any(|w| l.contains(w)));
    let (s, err) = run_on(&dir, &[]);
    let run = s.run_json();
    // 3 headers and 3 footers in each of the two PDF exports
    assert_eq!(
        run["boilerplate"]["lines_removed"], 12,
        "{}",
        run["boilerplate"]
    );
    assert_eq!(run["boilerplate"]["distinct"], 3);
    assert!(
        err.contains("note: removed 12 line(s) of page clutter"),
        "{err}"
    );
    assert!(err.contains("Page 1 of 3"), "{err}");
    let labels = topic_labels(&s);
    assert!(!has_clutter(&labels), "{labels:?}");
    assert!(labels.iter().any(|l| l.contains("housing")), "{labels:?}");
    assert!(labels.iter().any(|l| l.contains("transport")), "{labels:?}");
    assert!(words(&s).iter().all(|w| !clutter.contains(&w.as_str())));
    let report = std::fs::read_to_string(s.path("out/report.html")).unwrap();
    assert!(
        report.contains("page clutter removed"),
        "the report says so"
    );
    // switched off, the clutter comes back as a topic of its own (the reported failure)
    let (s, _) = run_on(&dir, &["--set", "segment.boilerplate=false"]);
    assert_eq!(s.run_json()["boilerplate"]["lines_removed"], 0);
    assert!(has_clutter(&topic_labels(&s)), "{:?}", topic_labels(&s));
}
