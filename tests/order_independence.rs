//! Renaming or reordering the input files never changes the topics (contracts §4): the
//! fitting sample, the k-means++ start, the restarts and the refinement follow a seeded
//! hash of each paragraph's content, not row numbers; topic ids follow size, then label
//! (§3). Compared paragraph by paragraph, matched by text.

mod common;

use common::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// `paratopic run` on `files` (name, text) written into a scratch `in/`; returns each
/// paragraph's topic by its text, and `run.json`.
fn topics_by_text(
    files: &[(String, Vec<u8>)],
    extra: &[&str],
) -> (BTreeMap<String, String>, serde_json::Value) {
    let s = Scratch::new();
    for (name, bytes) in files {
        s.file(name, bytes);
    }
    let o = s.run(extra);
    assert!(o.status.success(), "{}", stderr(&o));
    let (header, rows) = read_csv(&s.path("out/paragraphs.csv"));
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (topic, text) = (col("topic"), col("text"));
    let mut by_text = BTreeMap::new();
    for r in rows {
        let old = by_text.insert(r[text].clone(), r[topic].clone());
        assert!(
            old.is_none_or(|t| t == r[topic]),
            "identical paragraphs in different topics"
        );
    }
    (by_text, s.run_json())
}

/// Gives the files new names that sort in the reverse order.
fn reversed_names(files: &[(String, Vec<u8>)]) -> Vec<(String, Vec<u8>)> {
    let n = files.len();
    files
        .iter()
        .enumerate()
        .map(|(i, (_, bytes))| (format!("doc_{:02}.txt", n - i), bytes.clone()))
        .collect()
}

fn assert_same_partition(a: &BTreeMap<String, String>, b: &BTreeMap<String, String>) {
    assert_eq!(a.len(), b.len());
    let differ = a.iter().filter(|(text, t)| b.get(*text) != Some(t)).count();
    assert_eq!(
        differ,
        0,
        "{differ} of {} paragraphs changed topic",
        a.len()
    );
}

/// Eight documents: the five seeds and three more made of their sentences.
fn eight_files() -> Vec<(String, Vec<u8>)> {
    let seeds = seed_texts();
    let mut files: Vec<(String, Vec<u8>)> = seeds
        .iter()
        .enumerate()
        .map(|(i, (_, t))| (format!("a{i}.txt"), t.clone().into_bytes()))
        .collect();
    let sentences: Vec<&str> = seeds
        .iter()
        .flat_map(|(_, t)| t.split(". "))
        .filter(|s| s.split_whitespace().count() > 8)
        .collect();
    for d in 0..3 {
        let text: Vec<String> = sentences
            .iter()
            .skip(d)
            .step_by(5)
            .take(30)
            .map(|s| format!("{s}.\n\n"))
            .collect();
        files.push((format!("b{d}.txt"), text.concat().into_bytes()));
    }
    files
}

#[test]
fn the_same_files_under_reversed_names_give_the_same_topics() {
    let files = eight_files();
    let renamed = reversed_names(&files);
    for extra in [&[][..], &["--set", "cluster.sample_size=100"][..]] {
        let (a, ja) = topics_by_text(&files, extra);
        let (b, jb) = topics_by_text(&renamed, extra);
        assert!(a.len() > 100, "{} paragraphs", a.len());
        assert_same_partition(&a, &b);
        assert_eq!(ja["clustering"]["inertia"], jb["clustering"]["inertia"]);
        // topics alike but for their representatives, which are row numbers
        let described = |j: &serde_json::Value| {
            let mut t = j["topics"].clone();
            for topic in t.as_array_mut().unwrap() {
                topic.as_object_mut().unwrap().remove("representatives");
            }
            t
        };
        assert_eq!(described(&ja), described(&jb), "topic descriptions differ");
    }
}

/// `../shared/corpora/NAME`, or `None` after a `SKIPPED:` line naming `test` (outside CI:
/// in CI it must be there).
fn shared_corpus(test: &str, name: &str) -> Option<PathBuf> {
    let p = repo().join("../shared/corpora").join(name);
    if p.is_dir() {
        return Some(p);
    }
    assert!(
        !in_ci(),
        "{} is missing: CI must run this test",
        p.display()
    );
    skipped(
        test,
        &format!("{} is not here (it is beside the repo in CI)", p.display()),
    );
    None
}

fn read_folder(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).unwrap())
        })
        .collect();
    files.sort();
    files
}

#[test]
fn bbc_dev_permuted_with_a_small_sample_gives_the_same_topics() {
    let Some(dir) = shared_corpus(
        "bbc_dev_permuted_with_a_small_sample_gives_the_same_topics",
        "bbc-dev",
    ) else {
        return;
    };
    let files = read_folder(&dir);
    assert!(files.len() > 700, "{} files", files.len());
    // a permutation: every 7th file first, and so on, under reversed names
    let mut permuted: Vec<(String, Vec<u8>)> = Vec::new();
    for r in 0..7 {
        permuted.extend(files.iter().skip(r).step_by(7).cloned());
    }
    let permuted = reversed_names(&permuted);
    let extra = ["--set", "cluster.sample_size=100", "--set", "cluster.k=5"];
    let (a, _) = topics_by_text(&files, &extra);
    let (b, _) = topics_by_text(&permuted, &extra);
    assert_same_partition(&a, &b);
}
