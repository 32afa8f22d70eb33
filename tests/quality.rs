//! Quality metrics and k selection, end to end.

mod common;

use common::*;
use std::fmt::Write as _;
use std::path::Path;

/// Writes `per_topic` paragraphs for each of `topics` clearly separated themes: each
/// theme has its own 25 words, plus a few words shared by all. Deterministic.
fn planted_corpus(dir: &Path, topics: usize, per_topic: usize) {
    let shared = ["report", "council", "people", "plan", "year"];
    let mut state = 12345u64;
    let mut next = |n: usize| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((state >> 33) as usize) % n
    };
    for t in 0..topics {
        let mut text = String::new();
        for _ in 0..per_topic {
            for w in 0..24 {
                if w % 6 == 5 {
                    write!(text, "{} ", shared[next(shared.len())]).unwrap();
                } else {
                    write!(
                        text,
                        "theme{}word{} ",
                        (b'a' + t as u8) as char,
                        (b'a' + next(25) as u8) as char
                    )
                    .unwrap();
                }
            }
            text.push_str(".\n\n");
        }
        std::fs::write(dir.join(format!("doc{t}.txt")), text).unwrap();
    }
}

/// `paratopic run --quiet` on `corpus` into `out`, with extra `--set` overrides.
fn run_on(cwd: &Path, corpus: &Path, out: &Path, sets: &[&str]) -> std::process::Output {
    let input = format!("input.paths=[{:?}]", corpus.display().to_string());
    let output = format!("output.dir={:?}", out.display().to_string());
    let mut args = vec!["run", "--quiet", "--set", &input, "--set", &output];
    for s in sets {
        args.extend(["--set", s]);
    }
    paratopic(cwd, &args)
}

#[test]
fn auto_k_finds_the_planted_number_of_topics() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    planted_corpus(&corpus, 4, 30);
    let out = tmp.path().join("out");
    let o = run_on(
        tmp.path(),
        &corpus,
        &out,
        &["cluster.k=\"auto\"", "cluster.k_range=[2, 8]"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let run: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("run.json")).unwrap()).unwrap();
    assert_eq!(run["k"], 4, "k selection table: {}", run["k_selection"]);
    assert_eq!(run["k_selection"].as_array().unwrap().len(), 7);
    let (_, topics) = read_csv(&out.join("topics.csv"));
    assert_eq!(topics.len(), 4);
    // each planted theme is one topic: every paragraph of doc t lands in the same topic
    let (_, paras) = read_csv(&out.join("paragraphs.csv"));
    for t in 0..4 {
        let doc = format!("doc{t}");
        let mut ts: Vec<&str> = paras
            .iter()
            .filter(|r| r[0] == doc)
            .map(|r| r[3].as_str())
            .collect();
        ts.dedup();
        assert_eq!(ts.len(), 1, "{doc} split over topics {ts:?}");
    }
    let svg = std::fs::read_to_string(out.join("charts/k_selection.svg")).unwrap();
    roxmltree::Document::parse(&svg).unwrap();
    assert!(svg.contains("chosen k = 4"));
    // well separated, though the stem pairs the default adds to a small corpus are
    // random here (0.27 with them, 0.3+ on single stems)
    assert!(
        run["quality"]["silhouette"].as_f64().unwrap() > 0.2,
        "{}",
        run["quality"]
    );
}

#[test]
fn labels_give_nmi_ari_and_purity() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    planted_corpus(&corpus, 3, 20);
    // each theme's document cut in two: docNa and docNb, 10 paragraphs each, so the
    // three topics hold two documents each
    for t in 0..3 {
        let doc = corpus.join(format!("doc{t}.txt"));
        let text = std::fs::read_to_string(&doc).unwrap();
        let paragraphs: Vec<&str> = text.split_inclusive("\n\n").collect();
        assert_eq!(paragraphs.len(), 20);
        let (a, b) = paragraphs.split_at(10);
        std::fs::write(corpus.join(format!("doc{t}a.txt")), a.concat()).unwrap();
        std::fs::write(corpus.join(format!("doc{t}b.txt")), b.concat()).unwrap();
        std::fs::remove_file(doc).unwrap();
    }
    // labels against topics (one per theme): topic 0 = {a, a}, topic 1 = {b, b},
    // topic 2 = {b, c}; a labelled document not in the corpus is left out
    let labels = tmp.path().join("labels.csv");
    std::fs::write(
        &labels,
        "document,label\ndoc0a,a\ndoc0b,a\ndoc1a,b\ndoc1b,b\ndoc2a,b\ndoc2b,c\nmissing,c\n",
    )
    .unwrap();
    let out = tmp.path().join("out");
    let labels_set = format!("eval.labels={:?}", labels.display().to_string());
    let o = run_on(tmp.path(), &corpus, &out, &["cluster.k=3", &labels_set]);
    assert!(o.status.success(), "{}", stderr(&o));
    let run: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("run.json")).unwrap()).unwrap();
    let ext = &run["quality"]["external"];
    assert_eq!(ext["documents"], 6);
    let close = |key: &str, want: f64| {
        let got = ext[key].as_f64().unwrap();
        assert!(
            (got - want).abs() < 1e-9,
            "{key} {got}, expected {want}: {ext}"
        );
    };
    // purity: the majority label covers 2 + 2 + 1 of 6 documents
    close("purity", 5.0 / 6.0);
    // ARI from pair counts: pairs together in a topic and a label: 1 + 1 = 2; pairs
    // in a topic: 3 × C(2,2) = 3; pairs in a label: C(2,2) + C(3,2) = 4; all pairs:
    // C(6,2) = 15; expected 3 × 4 / 15 = 0.8, maximum (3 + 4) / 2 = 3.5:
    // ARI = (2 - 0.8) / (3.5 - 0.8) = 4/9
    close("ari", 4.0 / 9.0);
    // NMI = 2 I / (H(topics) + H(labels)): I = 1/3 ln 3 + 1/3 ln 2 + 1/6 ln 3 (the cells
    // (0, a), (1, b) and (2, c); (2, b) adds nothing), H(topics) = ln 3,
    // H(labels) = 1/3 ln 3 + 1/2 ln 2 + 1/6 ln 6
    let ln = f64::ln;
    let i = ln(3.0) / 3.0 + ln(2.0) / 3.0 + ln(3.0) / 6.0;
    let h_labels = ln(3.0) / 3.0 + ln(2.0) / 2.0 + ln(6.0) / 6.0;
    close("nmi", 2.0 * i / (ln(3.0) + h_labels));
    // coherence of planted themes is high; diversity is 1 (no shared top words)
    assert!(run["quality"]["coherence"].as_f64().unwrap() > 0.0);
    assert!(run["quality"]["diversity"].as_f64().unwrap() > 0.9);
}

#[test]
fn labels_matching_no_document_is_a_data_error() {
    let tmp = tempfile::tempdir().unwrap();
    let labels = tmp.path().join("labels.csv");
    std::fs::write(&labels, "document,label\nnope,a\n").unwrap();
    let o = seed_run(
        &tmp.path().join("out"),
        &[
            "--set",
            &format!("eval.labels={:?}", labels.display().to_string()),
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("none of its 1 documents matches a document id"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn tune_writes_one_row_per_combination() {
    let tmp = tempfile::tempdir().unwrap();
    let cfg = tmp.path().join("tune.toml");
    let out = tmp.path().join("out");
    std::fs::write(
        &cfg,
        format!(
            "[input]\npaths = [{:?}]\n[output]\ndir = {:?}\n[tune]\nvectorize.min_df = [1, 2]\ncluster.k = [3, 4, 5]\n",
            repo().join("seeds").display().to_string(),
            out.display().to_string()
        ),
    )
    .unwrap();
    // a folder holding a file paratopic did not write is refused
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("mine.csv"), "keep me").unwrap();
    let o = paratopic(tmp.path(), &["tune", "--config", cfg.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("holds files paratopic did not write (mine.csv)"));
    assert_eq!(
        std::fs::read_to_string(out.join("mine.csv")).unwrap(),
        "keep me"
    );
    std::fs::remove_file(out.join("mine.csv")).unwrap();
    // an earlier run's outputs in the same folder are left alone, and the marker
    // lists both
    let o = paratopic(
        tmp.path(),
        &["run", "-q", "--config", cfg.to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let before = std::fs::read(out.join("doc_topics.csv")).unwrap();
    let o = paratopic(tmp.path(), &["tune", "--config", cfg.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(std::fs::read(out.join("doc_topics.csv")).unwrap(), before);
    let listed = paratopic::output::read_marker(&out).unwrap();
    for f in ["doc_topics.csv", "tune.csv", "charts/tune.svg"] {
        assert!(listed.contains(f), "{f} not in the marker: {listed:?}");
    }
    assert!(String::from_utf8_lossy(&o.stdout).starts_with("best: "));
    assert!(
        stderr(&o).contains("[6/6]"),
        "progress lines missing: {}",
        stderr(&o)
    );
    let (header, rows) = read_csv(&out.join("tune.csv"));
    assert_eq!(&header[..4], ["rank", "vectorize.min_df", "cluster.k", "k"]);
    assert_eq!(rows.len(), 6);
    let mut seen: Vec<(String, String)> =
        rows.iter().map(|r| (r[1].clone(), r[2].clone())).collect();
    seen.sort();
    assert_eq!(
        seen,
        [
            ("1", "3"),
            ("1", "4"),
            ("1", "5"),
            ("2", "3"),
            ("2", "4"),
            ("2", "5")
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    // ranked best first by the criterion
    let score = header.iter().position(|h| h == "score").unwrap();
    let scores: Vec<f64> = rows.iter().map(|r| r[score].parse().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    let svg = std::fs::read_to_string(out.join("charts/tune.svg")).unwrap();
    roxmltree::Document::parse(&svg).unwrap();
}

#[test]
fn tune_without_a_tune_table_says_how_to_add_one() {
    let tmp = tempfile::tempdir().unwrap();
    let o = paratopic(
        tmp.path(),
        &[
            "tune",
            "--set",
            &format!(
                "input.paths=[{:?}]",
                repo().join("seeds").display().to_string()
            ),
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no [tune] table"), "{}", stderr(&o));
    let o = paratopic(tmp.path(), &["tune", "--set", "tune.output.dir=[\"a\"]"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("only model settings can be tuned"),
        "{}",
        stderr(&o)
    );
}
