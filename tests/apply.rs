//! `paratopic apply` (#15): a saved model places new documents without refitting.

mod common;

use common::*;

/// `apply --model out in` into `applied/`, with `extra` arguments.
fn apply(s: &Scratch, model: &str, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "apply",
        "--model",
        model,
        "in",
        "--set",
        "output.dir=\"applied\"",
    ];
    args.extend_from_slice(extra);
    s.paratopic(&args)
}

fn assert_reproduces(s: &Scratch) {
    let model_before = s.tree("out/model");
    assert!(model_before.contains_key("model.json"));
    let o = apply(s, "out", &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    for f in ["paragraphs.csv", "doc_topics.csv", "topics.csv"] {
        let a = std::fs::read_to_string(s.path("out").join(f)).unwrap();
        let b = std::fs::read_to_string(s.path("applied").join(f)).unwrap();
        assert!(a == b, "{f} differs between run and apply");
    }
    assert!(!s.path("applied/model").exists(), "apply writes no model/");
    assert_eq!(
        s.tree("out/model"),
        model_before,
        "apply never modifies the model"
    );
    let fitted: serde_json::Value =
        serde_json::from_slice(&std::fs::read(s.path("out/model/model.json")).unwrap()).unwrap();
    let run: serde_json::Value =
        serde_json::from_slice(&std::fs::read(s.path("applied/run.json")).unwrap()).unwrap();
    assert_eq!(
        run["model"]["fingerprint"],
        fitted["provenance"]["fingerprint"]
    );
}

#[test]
fn apply_on_the_training_corpus_reproduces_the_run() {
    let s = Scratch::with_seeds();
    let o = s.run(&[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_reproduces(&s);
}

#[test]
fn apply_reproduces_a_run_fitted_on_a_sample_with_refinement() {
    // 60 documents of 5 paragraphs, each paragraph three seed sentences: 300 units, more
    // than the LSA sample of 100, and refinement on (the multinomial rule)
    let sentences: Vec<String> = seed_texts()
        .iter()
        .flat_map(|(_, t)| t.split(". ").map(str::to_string).collect::<Vec<_>>())
        .filter(|s| s.split_whitespace().count() > 4)
        .map(|s| s.replace('\n', " "))
        .collect();
    let n = sentences.len();
    let s = Scratch::new();
    for d in 0..60 {
        let paras: Vec<String> = (0..5)
            .map(|p| {
                let i = d * 5 + p;
                format!(
                    "{}. {}. {}.",
                    sentences[(i * 7) % n],
                    sentences[(i * 13 + 1) % n],
                    sentences[(i * 29 + 2) % n]
                )
            })
            .collect();
        s.file(&format!("doc{d:02}.txt"), paras.join("\n\n").as_bytes());
    }
    let o = s.run(&[
        "--set",
        "cluster.sample_size=100",
        "--set",
        "cluster.refine_sweeps=2",
        "--set",
        "cluster.k=6",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let model = std::fs::read_to_string(s.path("out/model/model.json")).unwrap();
    assert!(
        model.contains("\"rule\": \"multinomial\""),
        "refinement moved units"
    );
    assert_reproduces(&s);
}

#[test]
fn new_documents_are_placed_and_unknown_words_reported() {
    let s = Scratch::with_seeds();
    assert_eq!(s.run(&[]).status.code(), Some(0));
    // new corpus: one seed document and one of words the model never saw
    std::fs::remove_dir_all(s.path("in")).unwrap();
    let (name, text) = seed_texts().remove(0);
    s.file(&name, text.as_bytes());
    s.file(
        "alien.txt",
        b"Zorblat quinxy frobnicated the wibblewump vorpalness again.\n",
    );
    let o = apply(&s, "out", &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let (_, rows) = read_csv(&s.path("applied/paragraphs.csv"));
    let alien: Vec<_> = rows.iter().filter(|r| r[0] == "alien").collect();
    assert_eq!(alien.len(), 1);
    assert_eq!(alien[0][3], "-1");
    assert_eq!(alien[0][8], "unknown_words");
    let run: serde_json::Value =
        serde_json::from_slice(&std::fs::read(s.path("applied/run.json")).unwrap()).unwrap();
    let docs = run["documents"].as_array().unwrap();
    let share = |id: &str| {
        docs.iter().find(|d| d["id"] == id).unwrap()["unknown_token_share"]
            .as_f64()
            .unwrap()
    };
    assert_eq!(share("alien"), 1.0);
    assert!(share(name.trim_end_matches(".txt")) < 0.5);
}

#[test]
fn a_set_of_a_model_setting_is_a_usage_error() {
    let s = Scratch::with_seeds();
    assert_eq!(s.run(&[]).status.code(), Some(0));
    for (set, key) in [
        ("preprocess.stemmer=\"none\"", "preprocess.stemmer"),
        ("cluster.k=3", "cluster.k"),
        ("vectorize.min_df=1", "vectorize.min_df"),
    ] {
        let o = apply(&s, "out", &["--set", set]);
        assert_eq!(o.status.code(), Some(2), "{set}: {}", stderr(&o));
        let e = stderr(&o);
        assert!(
            e.contains(&format!("--set {key}: the model was fitted with {key} =")),
            "{e}"
        );
        assert!(!s.path("applied").exists());
    }
    // output settings are the config's
    let o = apply(&s, "out", &["--set", "output.max_documents_per_chart=3"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn a_config_file_with_other_model_settings_is_ignored_with_a_note() {
    let s = Scratch::with_seeds();
    assert_eq!(s.run(&[]).status.code(), Some(0));
    std::fs::write(
        s.path("other.toml"),
        "[cluster]\nk = 3\n\n[preprocess]\nstemmer = \"none\"\n",
    )
    .unwrap();
    let o = apply(
        &s,
        "out",
        &["--config", "other.toml", "--set", "cluster.restarts=2"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(
        e.contains("note: apply uses the model's settings; the config's values are ignored: cluster.k, preprocess.stemmer"),
        "{e}"
    );
    let a = std::fs::read(s.path("out/paragraphs.csv")).unwrap();
    assert_eq!(a, std::fs::read(s.path("applied/paragraphs.csv")).unwrap());
}

#[test]
fn the_model_folder_is_an_input_and_a_broken_model_names_its_file() {
    let s = Scratch::with_seeds();
    assert_eq!(s.run(&[]).status.code(), Some(0));
    let before = s.tree("out");
    for dir in ["out", "out/model"] {
        let set = format!("output.dir=\"{dir}\"");
        let o = s.paratopic(&["apply", "--model", dir, "in", "--set", &set]);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(
            stderr(&o).contains(&format!("is --model {dir}")),
            "{}",
            stderr(&o)
        );
        assert_eq!(s.tree("out"), before, "nothing changed");
    }
    std::fs::remove_file(s.path("out/model/centroids.npy")).unwrap();
    let o = apply(&s, "out", &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("centroids.npy"), "{}", stderr(&o));
    let o = apply(&s, "in", &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no model here"), "{}", stderr(&o));
}

#[test]
fn merges_keep_the_smallest_id_and_apply_merges_without_refitting() {
    let s = Scratch::with_seeds();
    assert_eq!(s.run(&[]).status.code(), Some(0));
    let plain_sizes: Vec<usize> = read_csv(&s.path("out/topics.csv"))
        .1
        .iter()
        .map(|r| r[2].parse().unwrap())
        .collect();
    // merging a fitted model's topics with apply equals fitting with the merge
    let o = apply(
        &s,
        "out",
        &[
            "--set",
            "topics.merge=[[4, 1]]",
            "--set",
            "topics.names={1=\"Crime\"}",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = s.paratopic(&[
        "run",
        "in",
        "--set",
        "output.dir=\"merged\"",
        "--set",
        "cluster.restarts=2",
        "--set",
        "topics.merge=[[1, 4]]",
        "--set",
        "topics.names={1=\"Crime\"}",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    for f in ["paragraphs.csv", "doc_topics.csv", "topics.csv"] {
        let a = std::fs::read_to_string(s.path("applied").join(f)).unwrap();
        let b = std::fs::read_to_string(s.path("merged").join(f)).unwrap();
        assert!(a == b, "{f}: apply with a merge differs from run with it");
    }
    let (header, _) = read_csv(&s.path("merged/doc_topics.csv"));
    assert!(
        !header.contains(&"topic_4".to_string()) && header.contains(&"topic_1".to_string()),
        "{header:?}"
    );
    assert_eq!(header.len(), 1 + plain_sizes.len() - 1);
    let (_, rows) = read_csv(&s.path("merged/topics.csv"));
    let merged = rows.iter().find(|r| r[0] == "1").unwrap();
    assert_eq!(
        merged[2].parse::<usize>().unwrap(),
        plain_sizes[1] + plain_sizes[4]
    );
    assert_eq!(merged.last().unwrap(), "Crime");
    let (header, paras) = read_csv(&s.path("merged/paragraphs.csv"));
    assert!(paras.iter().all(|r| r[3] != "4"));
    assert_eq!(header.last().map(String::as_str), Some("name"));
    for r in &paras {
        assert_eq!(r.last().unwrap() == "Crime", r[3] == "1", "{r:?}");
    }
    // the saved model keeps its topics and the merge table, so apply reproduces the run
    let o = s.paratopic(&[
        "apply",
        "--model",
        "merged",
        "in",
        "--set",
        "output.dir=\"again\"",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        std::fs::read(s.path("again/doc_topics.csv")).unwrap(),
        std::fs::read(s.path("merged/doc_topics.csv")).unwrap()
    );
    // naming or merging an id that is gone is exit 2
    for set in ["topics.names={4=\"X\"}", "topics.merge=[[1, 99]]"] {
        let o = s.paratopic(&[
            "apply",
            "--model",
            "merged",
            "in",
            "--set",
            "output.dir=\"bad\"",
            "--set",
            set,
        ]);
        assert_eq!(o.status.code(), Some(2), "{set}: {}", stderr(&o));
    }
}

#[test]
fn apply_removes_the_page_clutter_found_in_the_training_corpus() {
    let s = Scratch::new();
    let header = "Department for Widgets | Annual Policy Report 2024";
    for (i, (name, text)) in seed_texts().into_iter().enumerate() {
        s.file(
            &name,
            format!("{header}\n\n{text}\n\nPage {} of 5\n", i + 1).as_bytes(),
        );
    }
    let o = s.run(&[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let model = std::fs::read_to_string(s.path("out/model/model.json")).unwrap();
    assert!(
        model.contains("department for widgets"),
        "the model keeps the clutter lines"
    );
    // one new document with the header: too few to detect it on its own
    std::fs::remove_dir_all(s.path("in")).unwrap();
    let (name, text) = seed_texts().remove(2);
    s.file(&name, format!("{header}\n\n{text}\n").as_bytes());
    let o = apply(&s, "out", &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let csv = std::fs::read_to_string(s.path("applied/paragraphs.csv")).unwrap();
    assert!(
        !csv.contains("Department for Widgets"),
        "the model's clutter is removed"
    );
    // without the model's lines, a run on that one document keeps it
    let o = s.paratopic(&[
        "run",
        "in",
        "--set",
        "output.dir=\"alone\"",
        "--set",
        "cluster.k=2",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let csv = std::fs::read_to_string(s.path("alone/paragraphs.csv")).unwrap();
    assert!(csv.contains("Department for Widgets"));
}
