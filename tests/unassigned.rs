//! Paragraphs with no words left (contracts §2): topic -1, label `(unassigned)`, a
//! `status` column; left out of the fit, topic sizes, shares, document weights and NMI;
//! a document with no assigned paragraph is left out of doc_topics.csv and marked in
//! run.json.

mod common;

use common::*;

/// The seeds plus a document whose paragraphs are all stop words, and a stop-word
/// paragraph inside a document with words.
fn scratch() -> Scratch {
    let s = Scratch::with_seeds();
    s.file(
        "zz_empty_words.txt",
        b"There is more to do.\n\nAnd there will be more of it to do, so we will do it.\n",
    );
    s.file(
        "zz_mixed.txt",
        b"Police officers on our streets to tackle knife crime across every London borough.\n\n\
          It is what it is, and we will do what we can do.\n",
    );
    s
}

#[test]
fn paragraphs_without_words_are_unassigned_everywhere() {
    let s = scratch();
    let o = s.run(&["--set", "cluster.k=4"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let (header, rows) = read_csv(&s.path("out/paragraphs.csv"));
    let col = |n: &str| header.iter().position(|h| h == n).unwrap();
    let unassigned: Vec<&Vec<String>> = rows.iter().filter(|r| r[col("topic")] == "-1").collect();
    // zz_empty_words' two short blocks fold into one unit
    let new_ones = unassigned
        .iter()
        .filter(|r| r[0].starts_with("zz_"))
        .count();
    assert_eq!(new_ones, 2, "{unassigned:?}");
    for r in &unassigned {
        assert_eq!(r[col("label")], "(unassigned)");
        assert_eq!(r[col("similarity")], "");
        // no token left, or tokens none of which is in the vocabulary
        let want = if r[col("tokens")] == "0" {
            "no_words"
        } else {
            "unknown_words"
        };
        assert_eq!(r[col("status")], want, "{r:?}");
    }
    let no_words = unassigned.iter().filter(|r| r[col("status")] == "no_words");
    assert!(no_words.count() >= 2);
    assert!(rows
        .iter()
        .filter(|r| r[col("topic")] != "-1")
        .all(|r| r[col("status")] == "assigned" && !r[col("similarity")].is_empty()));

    // sizes count assigned paragraphs only; shares sum to 1
    let (th, topics) = read_csv(&s.path("out/topics.csv"));
    let size = th.iter().position(|h| h == "size").unwrap();
    let share = th.iter().position(|h| h == "share").unwrap();
    let sizes: usize = topics
        .iter()
        .map(|t| t[size].parse::<usize>().unwrap())
        .sum();
    assert_eq!(sizes, rows.len() - 3);
    let shares: f64 = topics
        .iter()
        .map(|t| t[share].parse::<f64>().unwrap())
        .sum();
    assert!((shares - 1.0).abs() < 1e-3, "{shares}");

    // the all-stop-word document has no weights; the mixed one is all in one topic
    let (_, docs) = read_csv(&s.path("out/doc_topics.csv"));
    assert!(docs.iter().all(|d| d[0] != "zz_empty_words"));
    let mixed = docs.iter().find(|d| d[0] == "zz_mixed").unwrap();
    let w: Vec<f64> = mixed[1..].iter().map(|x| x.parse().unwrap()).collect();
    assert_eq!(w.iter().filter(|&&x| x == 1.0).count(), 1, "{w:?}");

    let run = s.run_json();
    assert_eq!(run["counts"]["unassigned_units"], unassigned.len());
    let doc = |id: &str| {
        run["documents"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["id"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(doc("zz_empty_words")["status"], "unassigned");
    assert_eq!(doc("zz_empty_words")["unassigned_units"], 1);
    assert_eq!(doc("zz_mixed")["status"], "assigned");
    assert_eq!(doc("zz_mixed")["unassigned_units"], 1);
    let stdout = String::from_utf8_lossy(&o.stdout);
    let shown = format!(" paragraphs ({} unassigned, ", unassigned.len());
    assert!(stdout.contains(&shown), "{stdout}");
}

#[test]
fn unassigned_paragraphs_do_not_depend_on_the_seed_and_do_not_count_toward_k() {
    let s = scratch();
    let topics_of = |seed: &str| {
        let o = s.run(&[
            "--set",
            "cluster.k=4",
            "--set",
            &format!("cluster.seed={seed}"),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        let (_, rows) = read_csv(&s.path("out/paragraphs.csv"));
        rows.iter()
            .filter(|r| r[7].starts_with("There is") || r[7].starts_with("It is what"))
            .map(|r| r[3].clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(topics_of("1"), ["-1", "-1"]);
    assert_eq!(topics_of("2"), ["-1", "-1"]);
    // k one above the paragraphs with words is refused
    let run = s.run_json();
    let with_words = run["counts"]["units"].as_u64().unwrap()
        - run["counts"]["unassigned_units"].as_u64().unwrap();
    let k = format!("cluster.k={}", with_words + 1);
    let o = s.run(&["--set", &k]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let want = format!(
        "cluster.k: is {} but the corpus has only {with_words} paragraph units with words",
        with_words + 1
    );
    assert!(stderr(&o).contains(&want), "{}", stderr(&o));
}

#[test]
fn labels_of_documents_without_assigned_paragraphs_are_not_scored() {
    let s = scratch();
    let mut labels = String::from("document,label\n");
    for (i, (name, _)) in seed_texts().iter().enumerate() {
        let id = name.trim_end_matches(".txt");
        labels.push_str(&format!("{id},{}\n", if i < 3 { "a" } else { "b" }));
    }
    labels.push_str("zz_empty_words,c\nzz_mixed,a\n");
    std::fs::write(s.path("labels.csv"), labels).unwrap();
    let o = s.run(&[
        "--set",
        "cluster.k=4",
        "--set",
        "eval.labels=\"labels.csv\"",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let run = s.run_json();
    // 5 seeds + zz_mixed; zz_empty_words has no dominant topic
    assert_eq!(
        run["quality"]["external"]["documents"], 6,
        "{}",
        run["quality"]
    );
}
