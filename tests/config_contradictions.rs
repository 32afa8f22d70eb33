//! Config values that contradict themselves (issue #13, part 4): `min_df` above
//! `max_df`, bounds that leave no term on this corpus, `extra_stopwords` entries that are
//! not single words or match nothing, and `eval.labels` naming documents not in the
//! corpus. Each test asserts the exit code, the message and what was (or was not)
//! written.

mod common;

use common::*;
use std::process::Output;

/// A paragraph long enough to be a unit of its own (not a heading).
const PARA: &str =
    "The Mayor will invest in more police officers on the streets of London to tackle knife crime.";

/// What `1` and `1.0` mean, as the `min_df`/`max_df` messages end.
const DF_HINT: &str = "(an integer is a count of units, so 1 means one unit; a float is a share of them, so 1.0 means 100% of units)";

fn code(o: &Output) -> i32 {
    o.status.code().expect("exited normally")
}

fn assert_ok(o: &Output) {
    assert_eq!(code(o), 0, "stderr: {}", stderr(o));
    assert!(!stderr(o).contains("panicked"), "{}", stderr(o));
}

/// Asserts a failed run: exit `want`, stderr is `error: ` + `message` (one line),
/// nothing written.
fn assert_fails(s: &Scratch, o: &Output, want: i32, message: &str) {
    let e = stderr(o);
    assert_eq!(code(o), want, "stderr: {e}");
    let error = e
        .lines()
        .find(|l| l.starts_with("error: "))
        .unwrap_or_else(|| panic!("no error line in:\n{e}"));
    assert_eq!(error, format!("error: {message}"));
    assert!(!e.contains("panicked"), "{e}");
    assert!(!s.path("out").exists(), "outputs were written");
    assert!(s.leftovers().is_empty(), "left behind: {:?}", s.leftovers());
}

/// A run whose `input.paths` does not exist: only an error raised before any input
/// is read can be a config error (exit 2); reading would fail with exit 1.
fn run_without_input(s: &Scratch, extra: &[&str]) -> Output {
    let mut args = vec!["--set", "input.paths=[\"no-such-corpus\"]"];
    args.extend_from_slice(extra);
    s.run(&args)
}

fn warnings(s: &Scratch) -> Vec<String> {
    s.run_json()["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap().to_string())
        .collect()
}

// ---------------------------------------------------------------- min_df and max_df

#[test]
fn min_df_above_max_df_is_a_config_error_before_any_input_is_read() {
    let s = Scratch::with_seeds();
    let o = run_without_input(
        &s,
        &["--set", "vectorize.min_df=5", "--set", "vectorize.max_df=3"],
    );
    assert_fails(&s, &o, 2, &format!("--set vectorize.min_df=5, --set vectorize.max_df=3: vectorize.min_df: is 5 but vectorize.max_df is 3: a term would have to be in at least 5 and at most 3 paragraph units, so none can be kept; lower min_df or raise max_df {DF_HINT}"));

    // shares, from a file: both values located
    std::fs::write(
        s.path("c.toml"),
        "[vectorize]\nmin_df = 0.6\nmax_df = 0.4\n",
    )
    .unwrap();
    let o = run_without_input(&s, &["--config", "c.toml"]);
    assert_fails(&s, &o, 2, &format!("c.toml:2:10, c.toml:3:10: vectorize.min_df: is 0.6 but vectorize.max_df is 0.4: a term would have to be in at least 0.6 and at most 0.4 of the paragraph units, so none can be kept; lower min_df or raise max_df {DF_HINT}"));

    // `max_df = 1` meant as 100%: the default min_df = 2 is above one unit
    let o = run_without_input(&s, &["--set", "vectorize.max_df=1"]);
    assert_fails(&s, &o, 2, &format!("--set vectorize.max_df=1: vectorize.min_df: is 2 but vectorize.max_df is 1: a term would have to be in at least 2 and at most 1 paragraph units, so none can be kept; lower min_df or raise max_df {DF_HINT}"));
}

#[test]
fn a_share_and_a_count_that_leave_no_term_on_this_corpus_are_a_config_error() {
    // the seeds have 70 paragraph units: 0.5 of them is at least 35, above 30
    let s = Scratch::with_seeds();
    let o = s.run(&[
        "--set",
        "vectorize.min_df=0.5",
        "--set",
        "vectorize.max_df=30",
    ]);
    assert_fails(&s, &o, 2, &format!("vectorize.min_df: is 0.5 but vectorize.max_df is 30: on this corpus of 70 paragraph units, min_df = 0.5 means at least 35 units and max_df = 30 at most 30, so no term can be kept; lower min_df or raise max_df {DF_HINT}"));

    // 0.01 of 70 units is 0.7: no unit at all
    let o = s.run(&["--set", "vectorize.max_df=0.01"]);
    assert_fails(&s, &o, 2, &format!("vectorize.max_df: is 0.01, which on this corpus of 70 paragraph units means at most 0 units, so no term can be kept; raise max_df {DF_HINT}"));
}

#[test]
fn the_defaults_on_three_paragraphs_leave_no_term_and_say_so() {
    // min_df = 2 units, max_df = 0.5 of 3 units = 1.5, so at most 1 unit
    let s = Scratch::new();
    s.file("a.txt", format!("{PARA}\n\n{PARA}\n\n{PARA}\n").as_bytes());
    let o = s.run(&["--set", "cluster.k=2"]);
    assert_fails(&s, &o, 2, &format!("vectorize.min_df: is 2 but vectorize.max_df is 0.5: on this corpus of 3 paragraph units, min_df = 2 means at least 2 units and max_df = 0.5 at most 1, so no term can be kept; lower min_df or raise max_df {DF_HINT}"));
}

// ---------------------------------------------------------------- extra_stopwords

#[test]
fn extra_stopwords_entries_must_be_single_words() {
    let s = Scratch::with_seeds();
    std::fs::write(
        s.path("c.toml"),
        "[preprocess]\nextra_stopwords = [\"mayor\", \"crown copyright\"]\n",
    )
    .unwrap();
    let o = run_without_input(&s, &["--config", "c.toml"]);
    assert_fails(&s, &o, 2, "c.toml:2:19: preprocess.extra_stopwords: \"crown copyright\" is split into \"crown\", \"copyright\" by the tokenizer; entries are single words: list each on its own, like [\"crown\", \"copyright\"]");

    for entry in ["", "--"] {
        let flag = format!("preprocess.extra_stopwords=[{entry:?}]");
        let o = run_without_input(&s, &["--set", &flag]);
        assert_fails(&s, &o, 2, &format!("--set {flag}: preprocess.extra_stopwords: {entry:?} has no word in it; entries are single words, like \"policy\" or \"don't\": remove it"));
    }

    let flag = "preprocess.extra_stopwords=[\"policy.\"]";
    let o = run_without_input(&s, &["--set", flag]);
    assert_fails(&s, &o, 2, &format!("--set {flag}: preprocess.extra_stopwords: \"policy.\" is not a single word as the tokenizer reads text (it reads \"policy\"); entries are single words: write \"policy\""));

    // a hyphenated compound is one word only while split_hyphens is off
    let flag = "preprocess.extra_stopwords=[\"co-operative\"]";
    let o = run_without_input(
        &s,
        &["--set", flag, "--set", "preprocess.split_hyphens=true"],
    );
    assert_fails(&s, &o, 2, &format!("--set {flag}, --set preprocess.split_hyphens=true: preprocess.extra_stopwords: \"co-operative\" is split into \"co\", \"operative\" by the tokenizer, as preprocess.split_hyphens = true, so no token is \"co-operative\"; entries are single words: list the parts, like [\"co\", \"operative\"], or set split_hyphens = false"));

    // words the tokenizer keeps whole are valid
    let o = s.run(&[
        "--set",
        "preprocess.extra_stopwords=[\"co-operative\", \"don't\", \" Mayor \"]",
    ]);
    assert_ok(&o);
}

/// `vocab.tsv` as (stem, word) pairs.
fn vocab(s: &Scratch) -> Vec<(String, String)> {
    std::fs::read_to_string(s.path("out/vocab.tsv"))
        .unwrap()
        .lines()
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (f[0].to_string(), f[1].to_string())
        })
        .collect()
}

#[test]
fn extra_stopwords_match_words_like_the_built_in_list_and_unmatched_ones_are_noted() {
    let s = Scratch::with_seeds();
    let o = s.run(&[
        "--set",
        "preprocess.extra_stopwords=[\"POLICE\", \"Mayor's\", \"polcy\", \"mayorr\"]",
        "--set",
        "vectorize.ngram_max=1",
        "--set",
        "vectorize.min_df=1",
    ]);
    assert_ok(&o);
    let note = "note: preprocess.extra_stopwords: 2 entries matched no word in the corpus: \"polcy\", \"mayorr\"";
    let e = stderr(&o);
    assert_eq!(e.matches("extra_stopwords").count(), 1, "{e}");
    assert!(e.lines().any(|l| l == note), "{e}");
    assert!(warnings(&s).contains(&note.to_string()));
    // case-insensitive on whole words, before stemming: `police`, `Police`, `mayor`,
    // `Mayor` and `Mayor's` go; `policing` (stem polic) and `mayoral`, `mayors` (stem
    // mayor, 2 tokens each: the alphabetically first shows) stay
    let vocab = vocab(&s);
    let word = |stem: &str| {
        vocab
            .iter()
            .find(|(s, _)| s == stem)
            .map(|(_, w)| w.as_str())
    };
    assert_eq!(word("polic"), Some("policing"));
    assert_eq!(word("mayor"), Some("mayoral"));
    assert!(!vocab.iter().any(|(_, w)| w == "police" || w == "mayor"));
}

// ---------------------------------------------------------------- eval.labels

/// Writes `labels.csv` naming the first `real` seed documents and then `fake`.
fn labels(s: &Scratch, real: usize, fake: &[&str]) {
    let mut csv = String::from("document,label\n");
    for (name, _) in seed_texts().iter().take(real) {
        csv += &format!("{},{}\n", name.trim_end_matches(".txt"), name);
    }
    for f in fake {
        csv += &format!("{f},ghost\n");
    }
    std::fs::write(s.path("labels.csv"), csv).unwrap();
}

#[test]
fn eval_labels_naming_documents_not_in_the_corpus_is_a_warning() {
    let s = Scratch::with_seeds();
    labels(&s, 2, &["x7", "x3", "x1", "x6", "x2", "x5", "x4"]);
    let o = s.run(&["--set", "eval.labels=\"labels.csv\""]);
    assert_ok(&o);
    let warning = "warning: eval.labels labels.csv: 7 of its 9 documents are not in the corpus: x1, x2, x3, x4, x5 …; NMI, ARI and purity count only the other 2 (a document's id is its path under its input folder, without extension)";
    assert!(stderr(&o).lines().any(|l| l == warning), "{}", stderr(&o));
    assert!(warnings(&s).contains(&warning.to_string()));
    assert_eq!(s.run_json()["quality"]["external"]["documents"], 2);

    // one match out of two: scored on one document, and said so
    labels(&s, 1, &["not-a-seed"]);
    let o = s.run(&["--set", "eval.labels=\"labels.csv\""]);
    assert_ok(&o);
    let warning = "warning: eval.labels labels.csv: 1 of its 2 documents is not in the corpus: not-a-seed; NMI, ARI and purity count only the other 1 (a document's id is its path under its input folder, without extension)";
    assert!(stderr(&o).lines().any(|l| l == warning), "{}", stderr(&o));

    // every document known: no warning
    labels(&s, 5, &[]);
    let o = s.run(&["--set", "eval.labels=\"labels.csv\""]);
    assert_ok(&o);
    assert!(!stderr(&o).contains("warning"), "{}", stderr(&o));
}

#[test]
fn tune_logs_the_labels_warning_once_and_the_stop_word_note() {
    let s = Scratch::with_seeds();
    labels(&s, 2, &["x1"]);
    std::fs::write(
        s.path("c.toml"),
        "[input]\npaths = [\"in\"]\n[output]\ndir = \"out\"\n[preprocess]\nextra_stopwords = [\"polcy\"]\n[eval]\nlabels = \"labels.csv\"\n[tune]\ncluster.k = [2, 3]\n",
    )
    .unwrap();
    let o = s.paratopic(&["tune", "--config", "c.toml", "--set", "cluster.restarts=2"]);
    assert_ok(&o);
    let e = stderr(&o);
    let warning = "warning: eval.labels labels.csv: 1 of its 3 documents is not in the corpus: x1; NMI, ARI and purity count only the other 2 (a document's id is its path under its input folder, without extension)";
    assert_eq!(e.lines().filter(|l| *l == warning).count(), 1, "{e}");
    let note = "note: preprocess.extra_stopwords: 1 entry matched no word in the corpus: \"polcy\"";
    assert_eq!(e.lines().filter(|l| *l == note).count(), 1, "{e}");
}
