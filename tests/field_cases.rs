//! `../shared/field-cases/`: small failing inputs rebuilt from public bug reports of other
//! text tools, each with the behaviour users expect (`expected.txt`). The kinds handled
//! so far: UTF-16 files, legacy encodings, hidden files, Markdown, words hyphenated at
//! line ends, URLs and e-mail addresses, short responses, a corpus in another language, running
//! headers and footers.
//! Each runs as a user would (default config, `cluster.k=4`); the synthetic tests beside
//! them need no `../shared`.

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

/// Each document's dominant topic, from `out/doc_topics.csv`.
fn dominant_topics(s: &Scratch) -> std::collections::BTreeMap<String, usize> {
    let (_, rows) = read_csv(&s.path("out/doc_topics.csv"));
    rows.into_iter()
        .map(|r| {
            let w: Vec<f64> = r[1..].iter().map(|x| x.parse().unwrap()).collect();
            let best = (0..w.len()).fold(0, |b, i| if w[i] > w[b] { i } else { b });
            (r[0].clone(), best)
        })
        .collect()
}

/// The labels in `out/topics.csv`, split into their words.
fn label_words(s: &Scratch) -> Vec<String> {
    let (_, rows) = read_csv(&s.path("out/topics.csv"));
    rows.iter()
        .flat_map(|r| r[1].split(", ").map(String::from).collect::<Vec<_>>())
        .flat_map(|l| l.split(' ').map(String::from).collect::<Vec<_>>())
        .collect()
}

#[test]
fn words_hyphenated_at_line_ends_are_whole_words() {
    let Some(dir) = field_case("05-hyphenated-line-breaks") else {
        return;
    };
    let (s, _) = run_on(&dir, &[]);
    let words = words(&s);
    for fragment in [
        "pas", "sengers", "port", "trans", "commun", "ities", "gestion",
    ] {
        assert!(
            !words.iter().any(|w| w.split(' ').any(|p| p == fragment)),
            "fragment {fragment:?} in {words:?}"
        );
    }
    for whole in ["transport", "passengers", "communities", "congestion"] {
        assert!(
            words.contains(&whole.to_string()),
            "{whole:?} not in {words:?}"
        );
    }
    // the leaflet joins the transport topic, through the same terms as transport.txt
    let topics = dominant_topics(&s);
    let transport = [topics["transport"], topics["transport-leaflet"]];
    assert!(
        !transport.contains(&topics["health"]) && !transport.contains(&topics["policing"]),
        "{topics:?}"
    );
    // the lines stay the file's: the leaflet's paragraphs start on lines 1, 10 and 19
    let leaflet: Vec<(usize, String)> = s
        .paragraphs()
        .into_iter()
        .filter(|p| p.0 == "transport-leaflet")
        .map(|p| (p.1, p.2))
        .collect();
    let lines: Vec<usize> = leaflet.iter().map(|p| p.0).collect();
    assert_eq!(lines, [1, 10, 19]);
    assert!(
        leaflet[0]
            .1
            .starts_with("Our transport\nstrategy puts passengers\nfirst."),
        "{:?}",
        leaflet[0].1
    );
}

#[test]
fn a_hyphenated_form_written_elsewhere_keeps_its_hyphen() {
    let s = Scratch::with_seeds();
    s.file(
        "coop.txt",
        "The co-operative movement built homes for members across the city.\nA co-\noperative of tenants runs the estate, and each mem-\nber votes on the rents.\n".as_bytes(),
    );
    let o = s.run(&["-q", "--set", "vectorize.min_df=1"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let coop: Vec<(String, usize, String)> = s
        .paragraphs()
        .into_iter()
        .filter(|p| p.0 == "coop")
        .collect();
    assert_eq!(
        coop[0].2,
        "The co-operative movement built homes for members across the city.\nA co-\noperative of tenants runs the estate, and each member\nvotes on the rents."
    );
    let words = words(&s);
    assert!(words.contains(&"co-operative".to_string()), "{words:?}");
    assert!(!words.iter().any(|w| w == "mem" || w == "ber"), "{words:?}");
}

#[test]
fn urls_and_emails_are_not_terms() {
    let Some(dir) = field_case("10-urls-emails") else {
        return;
    };
    let (s, _) = run_on(&dir, &[]);
    let words = words(&s);
    for piece in [
        "https", "http", "www", "gov", "uk", "example", "utm", "campaign", "src", "pdf",
    ] {
        assert!(
            !words
                .iter()
                .any(|w| w.split(['_', ' ', '.', '@']).any(|p| p == piece)),
            "{piece:?} in {words:?}"
        );
    }
    assert!(!words.iter().any(|w| w.contains('@')), "{words:?}");
    let topics = dominant_topics(&s);
    assert_eq!(topics["housing-web"], topics["housing"], "{topics:?}");
    // kept: each address is one term, lower-cased
    let (s, _) = run_on(&dir, &["--set", "preprocess.urls=\"keep\""]);
    let kept = self::words(&s);
    assert!(
        kept.contains(&"housing.policy@example.gov.uk".to_string()),
        "{kept:?}"
    );
    assert!(!kept.iter().any(|w| w == "https" || w == "www"), "{kept:?}");
    let paragraphs = std::fs::read_to_string(s.path("out/paragraphs.csv")).unwrap();
    assert!(paragraphs.contains("https://www.example.gov.uk/housing/renters-charter"));
}

#[test]
fn invisible_characters_neither_split_nor_glue_words() {
    let s = Scratch::with_seeds();
    s.file(
        "web.txt",
        "Our trans\u{ad}port strategy puts pas\u{200d}sengers first\u{200b}and\u{2060}fore\u{feff}most, with \u{200e}cheaper\u{200f} fares and e\u{fb03}cient buses for all passengers.\n".as_bytes(),
    );
    let o = s.run(&["-q", "--set", "vectorize.min_df=1"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let words = words(&s);
    for w in [
        "transport",
        "passengers",
        "andforemost",
        "cheaper",
        "efficient",
    ] {
        assert!(words.iter().any(|x| x == w), "{w:?} not a term");
    }
    // the zero-width space separated `first` (a stop word) from `and`
    assert!(
        !words.iter().any(|w| w.starts_with("firstand")),
        "firstand… is a term"
    );
    let format = |c: char| paratopic::text::is_format(c);
    let invisible: Vec<&String> = words.iter().filter(|w| w.chars().any(format)).collect();
    assert!(invisible.is_empty(), "{invisible:?}");
}

#[test]
fn short_responses_fold_with_a_warning_and_stay_apart_when_asked() {
    let Some(dir) = field_case("14-short-responses") else {
        return;
    };
    let (s, err) = run_on(&dir, &[]);
    assert!(
        err.contains(
            "warning: 28 of 32 blocks (88%) have fewer than segment.min_words = 8 words or read as \
             headings, and were folded into the paragraph next to them (32 blocks became 4 units); \
             for short texts such as survey answers, set segment.min_words = 0 and \
             segment.heading_max_words = 0 to keep every block apart, or segment.unit = \"line\" \
             for one unit per line"
        ),
        "{err}"
    );
    assert!(
        err.contains("note: the vocabulary has 3 terms for k = 4 topics, fewer than 10 per topic"),
        "{err}"
    );
    assert!(
        err.contains("note: k = 4 topics for 4 units of text, more than one topic per 10 units"),
        "{err}"
    );
    assert_eq!(s.run_json()["counts"]["units"], 4);
    // as the warning says: every response is a unit, on its own line of the file
    for setting in [
        &[
            "--set",
            "segment.min_words=0",
            "--set",
            "segment.heading_max_words=0",
        ][..],
        &["--set", "segment.unit=\"line\""][..],
    ] {
        let (s, err) = run_on(&dir, setting);
        assert!(!err.contains("blocks ("), "{err}");
        assert_eq!(s.run_json()["counts"]["units"], 32);
        let lines: Vec<usize> = s
            .paragraphs()
            .into_iter()
            .filter(|p| p.0 == "q1-housing")
            .map(|p| p.1)
            .collect();
        assert_eq!(lines, [1, 3, 5, 7, 9, 11, 13, 15]);
    }
}

#[test]
fn a_document_unit_is_the_whole_document() {
    let s = Scratch::with_seeds();
    let o = s.run(&[
        "-q",
        "--set",
        "segment.unit=\"document\"",
        "--set",
        "cluster.k=2",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let run = s.run_json();
    assert_eq!(run["counts"]["units"], 5);
    for d in run["documents"].as_array().unwrap() {
        assert_eq!(d["units"], 1, "{d}");
    }
    let o = s.run(&["--set", "segment.unit=\"sentence\""]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains(
            "segment.unit: unknown variant `sentence`, expected one of `paragraph`, `line`, `document`"
        ),
        "{}",
        stderr(&o)
    );
    let o = s.run(&["--set", "preprocess.urls=\"strip\""]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("preprocess.urls: unknown variant `strip`, expected `drop` or `keep`"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_german_corpus_is_warned_about_and_analysed_in_german_when_asked() {
    let Some(dir) = field_case("07-german-corpus") else {
        return;
    };
    let function_words = ["wir", "und", "die", "der", "werden", "mehr", "für", "zu"];
    // the defaults (English): a warning naming the setting to use
    let (_, err) = run_on(&dir, &[]);
    assert!(
        err.contains("warning: 100% of the paragraph units look german, but the stop words are english and the stemmer english")
            && err.contains("set preprocess.language = \"german\""),
        "{err}"
    );
    // the stemmer alone set to German, as in the report: still warned (English stop words)
    let (_, err) = run_on(&dir, &["--set", "preprocess.stemmer=\"german\""]);
    assert!(
        err.contains("the stop words are english and the stemmer german"),
        "{err}"
    );
    // the language set, by name or code: no warning, no function word in a label
    for language in ["german", "DE", "auto"] {
        let (s, err) = run_on(
            &dir,
            &["--set", &format!("preprocess.language=\"{language}\"")],
        );
        assert!(!err.contains("look german"), "{language}: {err}");
        let labels = label_words(&s);
        assert_eq!(labels.len(), 12, "{labels:?}");
        for w in function_words {
            assert!(
                !labels.iter().any(|l| l == w),
                "{language}: {w:?} in {labels:?}"
            );
        }
        let run = s.run_json();
        assert_eq!(
            run["languages"]["units"]["german"], 16,
            "{}",
            run["languages"]
        );
        assert_eq!(run["languages"]["analyzers"][0]["stopwords"], "german");
        assert!(run["documents"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["language"] == "german"));
        let words = words(&s);
        for content in ["polizei", "wohnung", "patienten"] {
            assert!(words.iter().any(|w| w == content), "{content:?} not a term");
        }
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
