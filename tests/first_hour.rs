//! What a new user meets first: folders named on the command line, single values where
//! a list is expected, `--version` naming the build's git revision.

mod common;

use common::*;

#[test]
fn folders_on_the_command_line_replace_input_paths_with_a_note() {
    let s = Scratch::with_seeds();
    std::fs::create_dir(s.path("other")).unwrap();
    std::fs::write(
        s.path("other/extra.txt"),
        "Affordable homes and council housing for Londoners who rent.\n",
    )
    .unwrap();
    // the config says input.paths = ["in"]; the command line names in and other
    let o = s.paratopic(&[
        "run",
        "in",
        "other",
        "--set",
        "input.paths=[\"nowhere\"]",
        "--set",
        "output.dir=\"out\"",
        "--set",
        "cluster.k=3",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(
            "note: reading [\"in\", \"other\"] from the command line instead of input.paths = [\"nowhere\"] (the built-in defaults)"
        ),
        "{}",
        stderr(&o)
    );
    let docs = s.documents();
    assert_eq!(docs.len(), 6, "{docs:?}");
    assert!(docs.contains(&"extra".to_string()), "{docs:?}");
    assert_eq!(
        s.run_json()["config"]["input"]["paths"],
        serde_json::json!(["in", "other"])
    );
    // --quiet hides the note
    let o = s.paratopic(&["run", "-q", "in", "--set", "output.dir=\"out\""]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(o.stderr.is_empty(), "{}", stderr(&o));
}

#[test]
fn list_valued_keys_take_a_single_value() {
    let s = Scratch::with_seeds();
    std::fs::write(
        s.path("one.toml"),
        "[input]\npaths = \"in\"\nextensions = \"txt\"\n[preprocess]\nextra_stopwords = \"london\"\n\
         [output]\ndir = \"out\"\n",
    )
    .unwrap();
    let o = s.paratopic(&["run", "-q", "--config", "one.toml"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let run = s.run_json();
    assert_eq!(run["config"]["input"]["paths"], serde_json::json!(["in"]));
    assert_eq!(
        run["config"]["input"]["extensions"],
        serde_json::json!(["txt"])
    );
    assert_eq!(
        run["config"]["preprocess"]["extra_stopwords"],
        serde_json::json!(["london"])
    );
    // "london" is a stop word now: no term is London's
    let vocab = std::fs::read_to_string(s.path("out/vocab.tsv")).unwrap();
    assert!(!vocab
        .lines()
        .any(|l| l.split('\t').nth(1) == Some("london")));
    // a wrong type still names the key, its place and the expected type
    std::fs::write(s.path("bad.toml"), "[input]\npaths = [\"in\", 3]\n").unwrap();
    let o = s.paratopic(&["run", "--config", "bad.toml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains(
            "error: bad.toml:2:9: input.paths: invalid type: integer `3`, expected path string (a single value or a list of them)"
        ),
        "{}",
        stderr(&o)
    );
    // and under [tune], a single value is one value to try
    std::fs::write(
        s.path("tune.toml"),
        "[input]\npaths = \"in\"\n[output]\ndir = \"tuned\"\n[tune]\ncluster.k = [3, 4]\nvectorize.min_df = 2\n",
    )
    .unwrap();
    let o = s.paratopic(&["tune", "-q", "--config", "tune.toml"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let (header, rows) = read_csv(&s.path("tuned/tune.csv"));
    assert_eq!(&header[1..3], ["vectorize.min_df", "cluster.k"]);
    assert_eq!(rows.len(), 2);
    assert!(rows.iter().all(|r| r[1] == "2"));
}

/// True if `rev` names a commit of the repository the tests run in.
fn is_commit(rev: &str) -> bool {
    std::process::Command::new("git")
        .args(["cat-file", "-e", &format!("{rev}^{{commit}}")])
        .current_dir(repo())
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn version_names_the_git_revision_of_a_checkout_build() {
    let o = paratopic(&repo(), &["--version"]);
    assert_eq!(o.status.code(), Some(0));
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(out.starts_with("paratopic 0."), "{out}");
    let rev = paratopic::GIT_REVISION;
    if rev.is_empty() {
        assert!(
            !repo().join(".git").exists(),
            "built from a checkout, but no revision"
        );
        skipped(
            "version_names_the_git_revision_of_a_checkout_build",
            "not a git checkout",
        );
        return;
    }
    // this build's revision (HEAD when it was built) is a commit of this checkout
    assert!(rev.len() == 12 && is_commit(rev), "{rev:?}");
    assert_eq!(
        out.trim(),
        format!("paratopic {} (git {rev})", env!("CARGO_PKG_VERSION"))
    );
    let s = Scratch::with_seeds();
    assert!(s.run(&["-q"]).status.success());
    assert_eq!(s.run_json()["revision"], rev);
    let o = s.run(&["-q", "--set", "output.provenance=false"]);
    assert!(o.status.success());
    assert!(s.run_json().get("revision").is_none());
}

#[test]
fn documents_sort_naturally_and_charts_show_their_titles() {
    let s = Scratch::new();
    let seeds = seed_texts();
    // ids that sort differently by bytes and by value
    let names = ["v2.10.0", "v2.4.0", "doc10", "doc9", "doc1"];
    for (name, (_, text)) in names.iter().zip(&seeds) {
        s.file(&format!("{name}.txt"), text.as_bytes());
    }
    let o = s.run(&["-q", "--set", "cluster.k=3"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        s.documents(),
        ["doc1", "doc9", "doc10", "v2.4.0", "v2.10.0"]
    );
    let (_, rows) = read_csv(&s.path("out/doc_topics.csv"));
    let ids: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(ids, ["doc1", "doc9", "doc10", "v2.4.0", "v2.10.0"]);
    // seed 1 (now v2.4.0) and seed 3 (now doc9) open with a heading line
    let run = s.run_json();
    let titled: Vec<(&str, &str)> = run["documents"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| Some((d["id"].as_str()?, d["title"].as_str()?)))
        .collect();
    assert_eq!(
        titled,
        [
            ("doc9", "Working Together for London: Mayoral Briefing 2016"),
            ("v2.4.0", "Making London Safer"),
        ]
    );
    let svg = std::fs::read_to_string(s.path("out/charts/doc_topics.svg")).unwrap();
    assert!(
        svg.contains(">Making London Safer<"),
        "the chart shows the title"
    );
    assert!(
        !svg.contains(">v2.4.0<"),
        "the chart shows the title, not the id"
    );
    assert!(svg.contains(">doc10<"), "untitled documents show their id");
    let html = std::fs::read_to_string(s.path("out/report.html")).unwrap();
    assert!(html.contains("Making London Safer<br><span class=\"id\">v2.<wbr>4.<wbr>0</span>"));
}
