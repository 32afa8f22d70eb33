//! End-to-end tests of the seed run and its outputs.

mod common;

use common::*;
use std::collections::BTreeMap;
use std::path::Path;

#[test]
fn seed_run_writes_every_output_with_consistent_content() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let o = seed_run(&out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    for f in [
        "topics.csv",
        "doc_topics.csv",
        "paragraphs.csv",
        "tfidf.mtx",
        "vocab.tsv",
        "run.json",
        "report.html",
        "charts/doc_topics.svg",
        "charts/topic_terms.svg",
        "charts/heatmap.svg",
        "charts/paragraph_map.svg",
        "charts/topic_sizes.svg",
    ] {
        assert!(out.join(f).is_file(), "{f} missing");
    }
    // the seeds sit in one folder: no groups, no group chart
    assert!(!out.join("charts/group_topics.svg").exists());

    // topics.csv: k = 8 rows, sizes add up to the paragraph count
    let (th, topics) = read_csv(&out.join("topics.csv"));
    assert_eq!(&th[..4], ["topic", "label", "size", "share"]);
    assert_eq!(topics.len(), 8);
    let sizes: usize = topics.iter().map(|r| r[2].parse::<usize>().unwrap()).sum();

    // paragraphs.csv: every unit with words assigned to a topic in 0..8, the one whose
    // two words are each in one paragraph only (below min_df) unassigned; texts are
    // the original text
    let (ph, paras) = read_csv(&out.join("paragraphs.csv"));
    assert_eq!(
        ph,
        [
            "document",
            "paragraph",
            "line",
            "topic",
            "label",
            "similarity",
            "tokens",
            "text",
            "status",
            "page"
        ]
    );
    // plain text has no pages
    assert!(paras.iter().all(|r| r[9].is_empty()));
    let assigned: Vec<&Vec<String>> = paras.iter().filter(|r| r[8] == "assigned").collect();
    assert_eq!(assigned.len(), sizes);
    assert_eq!(paras.len(), sizes + 1);
    assert!(assigned.iter().all(|r| r[3].parse::<usize>().unwrap() < 8));
    let other = paras.iter().find(|r| r[8] != "assigned").unwrap();
    assert_eq!(
        (other[3].as_str(), other[4].as_str()),
        ("-1", "(unassigned)")
    );
    let crime: Vec<&Vec<String>> = paras
        .iter()
        .filter(|r| r[0] == "001_3cb19d55b5479185")
        .collect();
    assert!(crime[0][7].starts_with("Making London Safer\n\nKeeping Londoners safe"));

    // doc_topics.csv: 5 documents, 8 topic columns, rows sum to 1
    let (dh, docs) = read_csv(&out.join("doc_topics.csv"));
    assert_eq!(dh.len(), 9);
    assert_eq!(docs.len(), 5);
    for r in &docs {
        let s: f64 = r[1..].iter().map(|x| x.parse::<f64>().unwrap()).sum();
        assert!((s - 1.0).abs() < 1e-5, "row {r:?} sums to {s}");
    }

    // tfidf.mtx agrees with paragraphs.csv and vocab.tsv; rows are unit length
    let mtx = std::fs::read_to_string(out.join("tfidf.mtx")).unwrap();
    let mut lines = mtx.lines().filter(|l| !l.starts_with('%'));
    let dims: Vec<usize> = lines
        .next()
        .unwrap()
        .split(' ')
        .map(|x| x.parse().unwrap())
        .collect();
    let vocab = std::fs::read_to_string(out.join("vocab.tsv")).unwrap();
    assert_eq!(dims[0], paras.len());
    assert_eq!(dims[1], vocab.lines().count());
    let mut norms = vec![0.0f64; dims[0]];
    let mut nnz = 0;
    for l in lines {
        let p: Vec<&str> = l.split(' ').collect();
        let (i, x): (usize, f64) = (p[0].parse().unwrap(), p[2].parse().unwrap());
        norms[i - 1] += x * x;
        nnz += 1;
    }
    assert_eq!(nnz, dims[2]);
    // weights are stored as f32 (relative rounding ≤ 6e-8 each): squared norms are 1 to
    // within ~1.2e-7
    assert!(norms.iter().all(|n| *n == 0.0 || (n - 1.0).abs() < 1e-6));

    // vocab.tsv: stems mapped back to words users read
    let words: BTreeMap<&str, &str> = vocab
        .lines()
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (f[0], f[1])
        })
        .collect();
    assert_eq!(words["polic"], "police");
    assert!(words["communiti"].starts_with("communit"));
    assert_eq!(words["invest"], "investment");

    // labels show words, not stems
    for r in &topics {
        for w in r[1].split(", ") {
            assert!(
                words.values().any(|v| v == &w),
                "label word {w} is not a display word"
            );
        }
    }
}

fn svg_texts(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap();
    let doc =
        roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    doc.descendants()
        .filter(|n| n.tag_name().name() == "text")
        .filter_map(|n| n.text().map(|t| t.trim().to_string()))
        .collect()
}

#[test]
fn charts_are_well_formed_svg_with_topic_legends() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    assert!(seed_run(&out, &[]).status.success());
    let (_, topics) = read_csv(&out.join("topics.csv"));
    for chart in ["doc_topics", "heatmap", "paragraph_map"] {
        let texts = svg_texts(&out.join(format!("charts/{chart}.svg")));
        for t in &topics {
            let entry = format!("{}  {}", t[0], t[1]);
            assert!(
                texts.iter().any(|x| x == &entry),
                "{chart}: legend entry {entry:?} missing in {texts:?}"
            );
        }
    }
    let texts = svg_texts(&out.join("charts/doc_topics.svg"));
    // a document is shown by its title when its first line is a heading, else by its id
    assert!(texts.iter().any(|x| x == "Making London Safer"));
    assert!(texts.iter().any(|x| x == "000_aa4d84343348841f"));
    let terms = svg_texts(&out.join("charts/topic_terms.svg"));
    for t in &topics {
        let first = t[4].split("; ").next().unwrap();
        assert!(terms.iter().any(|x| x == first), "top term {first} missing");
    }
}

fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for sub in ["", "charts"] {
        for e in std::fs::read_dir(dir.join(sub)).unwrap() {
            let p = e.unwrap().path();
            if p.is_file() {
                let name = format!("{sub}/{}", p.file_name().unwrap().to_string_lossy());
                files.insert(name, std::fs::read(&p).unwrap());
            }
        }
    }
    files
}

/// run.json without the parts that legitimately differ: timings and the output dir.
fn comparable_run_json(bytes: &[u8]) -> serde_json::Value {
    let mut v: serde_json::Value = serde_json::from_slice(bytes).unwrap();
    v.as_object_mut().unwrap().remove("timings_s");
    v["config"]["output"]["dir"] = serde_json::Value::Null;
    v
}

#[test]
fn same_seed_gives_byte_identical_outputs_across_runs_and_thread_counts() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b, c) = (
        tmp.path().join("a"),
        tmp.path().join("b"),
        tmp.path().join("c"),
    );
    assert!(seed_run(&a, &["--threads", "1"]).status.success());
    assert!(seed_run(&b, &["--threads", "2"]).status.success());
    assert!(seed_run(&c, &["--threads", "2"]).status.success());
    let (ta, tb, tc) = (read_tree(&a), read_tree(&b), read_tree(&c));
    assert_eq!(ta.keys().collect::<Vec<_>>(), tb.keys().collect::<Vec<_>>());
    for (name, bytes) in &ta {
        if name == "/run.json" {
            assert_eq!(comparable_run_json(bytes), comparable_run_json(&tb[name]));
            assert_eq!(comparable_run_json(bytes), comparable_run_json(&tc[name]));
        } else if name == "/report.html" {
            let ra = comparable_report(bytes, &a);
            assert!(
                ra == comparable_report(&tb[name], &b),
                "report differs (threads)"
            );
            assert!(
                ra == comparable_report(&tc[name], &c),
                "report differs (runs)"
            );
        } else {
            assert!(bytes == &tb[name], "{name} differs between 1 and 2 threads");
            assert!(bytes == &tc[name], "{name} differs between two runs");
        }
    }
}

#[test]
fn a_different_seed_is_still_valid() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let o = seed_run(&out, &["--set", "cluster.seed=7", "--set", "cluster.k=5"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let run: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("run.json")).unwrap()).unwrap();
    assert_eq!(run["config"]["cluster"]["seed"], 7);
    // five topics, numbered by size, largest first, their sizes the assigned paragraphs
    let (_, topics) = read_csv(&out.join("topics.csv"));
    let ids: Vec<&str> = topics.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(ids, ["0", "1", "2", "3", "4"]);
    let sizes: Vec<usize> = topics.iter().map(|r| r[2].parse().unwrap()).collect();
    assert!(sizes.windows(2).all(|w| w[0] >= w[1]), "{sizes:?}");
    assert!(sizes.iter().all(|&n| n > 0), "{sizes:?}");
    let (_, paragraphs) = read_csv(&out.join("paragraphs.csv"));
    let mut per_topic = [0usize; 5];
    for p in &paragraphs {
        match p[3].parse::<i64>().unwrap() {
            -1 => {}
            t => per_topic[usize::try_from(t).unwrap()] += 1,
        }
    }
    assert_eq!(per_topic.to_vec(), sizes);
    // every document's topic shares: five, summing to 1
    let (header, docs) = read_csv(&out.join("doc_topics.csv"));
    assert_eq!(
        header,
        ["document", "topic_0", "topic_1", "topic_2", "topic_3", "topic_4"]
    );
    assert_eq!(docs.len(), 5);
    for d in &docs {
        let sum: f64 = d[1..].iter().map(|x| x.parse::<f64>().unwrap()).sum();
        assert!((sum - 1.0).abs() < 1e-5, "{d:?}");
    }
}

#[test]
fn run_json_records_config_counts_and_timings() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    assert!(seed_run(&out, &["--set", "cluster.k=6"]).status.success());
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("run.json")).unwrap()).unwrap();
    assert_eq!(v["config"]["cluster"]["k"], 6);
    assert_eq!(v["counts"]["documents"], 5);
    assert!(v["counts"]["units"].as_u64().unwrap() > 50);
    for stage in [
        "corpus",
        "text",
        "vectorize",
        "cluster",
        "topics",
        "charts",
        "write",
        "report",
    ] {
        assert!(
            v["timings_s"][stage].is_number(),
            "timing of {stage} missing"
        );
    }
    assert!(v["versions"]["linfa-clustering"].is_string());
}
