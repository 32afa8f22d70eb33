//! Same input, config and seed ⇒ byte-identical outputs (run.json timings aside): across
//! runs, thread counts (`--threads` and `RAYON_NUM_THREADS`) and file listing orders.

mod common;

use common::*;
use std::collections::BTreeMap;
use std::process::Command;

/// Settings that exercise the parallel paths: several analyzer chunks (256 units
/// each), k-means on a sample with every unit assigned afterwards, restarts; 20 LSA
/// dimensions keep the debug build quick.
const PARALLEL: &[&str] = &[
    "--set",
    "cluster.sample_size=400",
    "--set",
    "cluster.restarts=4",
    "--set",
    "cluster.dims=20",
];

/// A messy corpus of about 1 000 paragraph units: the seeds, generated documents in
/// nested folders, CRLF endings, a BOM, invalid UTF-8, an empty and a stop-word file.
fn messy_files() -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = seed_texts()
        .into_iter()
        .map(|(n, t)| (n, t.into_bytes()))
        .collect();
    let words: Vec<String> = seed_texts()
        .iter()
        .flat_map(|(_, t)| t.split_whitespace().map(String::from).collect::<Vec<_>>())
        .collect();
    for doc in 0..30 {
        let mut text = String::new();
        for para in 0..32 {
            let start = (doc * 131 + para * 17) % (words.len() - 40);
            text.push_str(&words[start..start + 12 + para % 20].join(" "));
            text.push_str(if doc % 3 == 0 { ".\r\n\r\n" } else { ".\n\n" });
        }
        files.push((
            format!("gen/{}/doc{doc:02}.txt", doc % 4),
            text.into_bytes(),
        ));
    }
    files.push((
        "bom.md".into(),
        "\u{feff}Policing and crime in London boroughs, with more officers.\n".into(),
    ));
    files.push((
        "latin1.txt".into(),
        b"Caf\xe9 culture and the night-time economy of London.\n".to_vec(),
    ));
    files.push(("empty.txt".into(), Vec::new()));
    files.push(("stop.txt".into(), b"the and of to it is\n".to_vec()));
    files
}

fn scratch_with(files: &[(String, Vec<u8>)]) -> Scratch {
    let s = Scratch::new();
    for (name, bytes) in files {
        s.file(name, bytes);
    }
    s
}

/// Runs on the messy corpus with `args`, and `RAYON_NUM_THREADS` if given; returns outputs.
fn outputs(threads_env: Option<&str>, args: &[&str]) -> BTreeMap<String, Vec<u8>> {
    let s = scratch_with(&messy_files());
    let mut all = args.to_vec();
    all.extend_from_slice(PARALLEL);
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_paratopic"));
    cmd.current_dir(s.dir.path()).args(run_args(&all));
    match threads_env {
        Some(n) => cmd.env("RAYON_NUM_THREADS", n),
        None => cmd.env_remove("RAYON_NUM_THREADS"),
    };
    let o = cmd.output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let tree = s.tree("out");
    let v: serde_json::Value = serde_json::from_slice(&tree["run.json"]).unwrap();
    assert!(v["counts"]["units"].as_u64().unwrap() > 900);
    tree
}

#[test]
fn outputs_are_byte_identical_with_1_and_2_threads() {
    let one = outputs(None, &["--threads", "1"]);
    let two = outputs(None, &["--threads", "2"]);
    assert_same_outputs(&one, &two);
}

#[test]
fn outputs_are_byte_identical_with_rayon_num_threads_1_and_2() {
    let one = outputs(Some("1"), &[]);
    let two = outputs(Some("2"), &[]);
    assert_same_outputs(&one, &two);
}

#[test]
fn repeated_runs_are_byte_identical() {
    let s = scratch_with(&messy_files());
    assert!(s.run(PARALLEL).status.success());
    let first = s.tree("out");
    assert!(s.run(PARALLEL).status.success());
    assert_same_outputs(&first, &s.tree("out"));
}

#[test]
fn file_listing_order_does_not_change_outputs() {
    // the same files created in opposite orders (folders too), so directory listings differ
    let mut files = messy_files();
    files.push((
        "zz/late.txt".into(),
        b"Knife crime and policing in London, with more officers on the streets.\n".to_vec(),
    ));
    let forward = scratch_with(&files);
    files.reverse();
    let backward = scratch_with(&files);
    assert!(forward.run(PARALLEL).status.success());
    assert!(backward.run(PARALLEL).status.success());
    assert_same_outputs(&forward.tree("out"), &backward.tree("out"));
}

#[test]
fn a_sampled_fit_still_assigns_every_paragraph_with_words() {
    // 400 of about 1 000 units fit the LSA space and k-means; every unit with a word in
    // the vocabulary gets a topic
    let s = scratch_with(&messy_files());
    let o = s.run(&[PARALLEL, &["--set", "cluster.k=6"]].concat());
    assert!(o.status.success(), "{}", stderr(&o));
    let tree = s.tree("out");
    let v: serde_json::Value = serde_json::from_slice(&tree["run.json"]).unwrap();
    let units = v["counts"]["units"].as_u64().unwrap() as usize;
    assert_eq!(v["clustering"]["fitted_rows"].as_u64(), Some(400));
    let (header, rows) = read_csv(&s.dir.path().join("out/paragraphs.csv"));
    assert_eq!(rows.len(), units);
    let topic = header.iter().position(|h| h == "topic").unwrap();
    let sim = header.iter().position(|h| h == "similarity").unwrap();
    let status = header.iter().position(|h| h == "status").unwrap();
    let mut sizes = [0usize; 6];
    let mut unassigned = 0;
    for r in &rows {
        if r[topic] == "-1" {
            assert_ne!(r[status], "assigned");
            unassigned += 1;
            continue;
        }
        assert_eq!(r[status], "assigned");
        sizes[r[topic].parse::<usize>().unwrap()] += 1;
        let x: f64 = r[sim].parse().unwrap();
        assert!((-1.0..=1.0001).contains(&x), "similarity {x}");
    }
    // topics are numbered by size, largest first, and their sizes add up to every unit
    let listed: Vec<u64> = v["topics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["size"].as_u64().unwrap())
        .collect();
    assert_eq!(listed, sizes.iter().map(|&n| n as u64).collect::<Vec<_>>());
    // the stop-word file's paragraph, and nothing else with words
    assert_eq!(
        unassigned,
        v["counts"]["unassigned_units"].as_u64().unwrap() as usize
    );
    assert!((1..10).contains(&unassigned), "{unassigned}");
    assert!(listed.windows(2).all(|w| w[0] >= w[1]));
    // the paragraph map draws the fitted sample and says so
    let map = String::from_utf8(tree["charts/paragraph_map.svg"].clone()).unwrap();
    assert!(
        map.contains(&format!("400 of {units}")),
        "the map's note names the sample"
    );
}
