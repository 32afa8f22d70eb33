//! One test per case of bad input, bad configuration and failed runs: each asserts the
//! exit code, the message and what was (or was not) written. The README section
//! "Input handling" lists them.

mod common;

use common::*;
use std::process::Output;

/// A paragraph long enough to be a unit of its own (not a heading).
const PARA: &str =
    "The Mayor will invest in more police officers on the streets of London to tackle knife crime.";

fn code(o: &Output) -> i32 {
    o.status.code().expect("exited normally")
}

fn assert_ok(o: &Output) {
    assert_eq!(code(o), 0, "stderr: {}", stderr(o));
    assert!(!stderr(o).contains("panicked"), "{}", stderr(o));
}

/// Asserts a failed run: exit `want`, stderr contains `message`, nothing written.
fn assert_fails(s: &Scratch, o: &Output, want: i32, message: &str) {
    let e = stderr(o);
    assert_eq!(code(o), want, "stderr: {e}");
    assert!(e.contains(message), "expected {message:?} in:\n{e}");
    assert!(!e.contains("panicked"), "{e}");
    assert!(!s.path("out").exists(), "outputs were written");
    assert!(s.leftovers().is_empty(), "left behind: {:?}", s.leftovers());
}

/// Runs on the seeds with `extra` and asserts it fails like [`assert_fails`].
fn seeds_run_fails(extra: &[&str], want: i32, message: &str) {
    let s = Scratch::with_seeds();
    let o = s.run(extra);
    assert_fails(&s, &o, want, message);
}

fn warnings(s: &Scratch) -> Vec<String> {
    s.run_json()["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap().to_string())
        .collect()
}

fn doc_topics_ids(s: &Scratch) -> Vec<String> {
    let (_, rows) = read_csv(&s.path("out/doc_topics.csv"));
    rows.into_iter().map(|r| r[0].clone()).collect()
}

// ---------------------------------------------------------------- encodings

#[test]
fn invalid_utf8_is_replaced_by_default_naming_file_and_offset() {
    let s = Scratch::with_seeds();
    // a UTF-8 file (its quotes and dashes are UTF-8) with two stray bytes: under 1% of its
    // non-ASCII bytes, so it is UTF-8 with bad bytes, not another encoding
    let mut bytes = "London’s boroughs – and the Mayor’s office – work together. "
        .repeat(30)
        .into_bytes();
    bytes.extend_from_slice(b"\n\n");
    bytes.extend_from_slice(PARA.as_bytes());
    let offset = bytes.len();
    bytes.extend_from_slice(b"\xff\xfe and more police.\n");
    s.file("bad.txt", &bytes);
    let o = s.run(&[]);
    assert_ok(&o);
    let w = format!(
        "warning: in/bad.txt is not valid UTF-8 (first bad byte at offset {offset}); invalid bytes replaced by U+FFFD"
    );
    assert!(stderr(&o).contains(&w), "{}", stderr(&o));
    assert!(warnings(&s).iter().any(|x| x.starts_with(&w)));
    let bad: Vec<_> = s
        .paragraphs()
        .into_iter()
        .filter(|p| p.0 == "bad")
        .collect();
    assert_eq!(bad.len(), 2);
    assert!(bad[1].2.contains("crime.\u{fffd}\u{fffd} and more police."));
}

#[test]
fn invalid_utf8_skip_leaves_the_file_out_with_a_warning() {
    let s = Scratch::with_seeds();
    s.file("bad.txt", b"Caf\xe9 culture in London boroughs.\n");
    let o = s.run(&[
        "--set",
        "input.on_invalid_utf8=skip",
        "--set",
        "input.encoding=\"utf-8\"",
    ]);
    assert_ok(&o);
    assert!(
        stderr(&o).contains(
            "warning: in/bad.txt is not valid UTF-8 (first bad byte at offset 3); skipped"
        ),
        "{}",
        stderr(&o)
    );
    assert_eq!(s.documents().len(), 5);
    assert!(!s.documents().contains(&"bad".to_string()));
}

#[test]
fn invalid_utf8_error_stops_the_run_naming_file_and_offset() {
    let s = Scratch::with_seeds();
    s.file("bad.txt", b"\xef\xbb\xbfCaf\xe9 culture.\n");
    let o = s.run(&[
        "--set",
        "input.on_invalid_utf8=\"error\"",
        "--set",
        "input.encoding=\"utf-8\"",
    ]);
    assert_fails(
        &s,
        &o,
        1,
        "error: in/bad.txt is not valid UTF-8 (first bad byte at offset 6); re-encode it as UTF-8, or set input.on_invalid_utf8",
    );
}

#[test]
fn invalid_utf8_policy_must_be_replace_skip_or_error() {
    seeds_run_fails(&["--set", "input.on_invalid_utf8=ignore"], 2, "--set input.on_invalid_utf8=ignore: input.on_invalid_utf8: unknown variant `ignore`, expected one of `replace`, `skip`, `error`");
}

#[test]
fn nul_bytes_mean_binary_and_the_file_is_skipped() {
    let s = Scratch::with_seeds();
    s.file("image.txt", b"GIF89a\x00\x01\x02 binary junk");
    let o = s.run(&[]);
    assert_ok(&o);
    let w = "warning: in/image.txt contains a NUL byte (offset 6) and looks binary; skipped (a UTF-16 file needs its byte-order mark)";
    assert!(stderr(&o).contains(w), "{}", stderr(&o));
    assert!(warnings(&s).iter().any(|x| x == w));
    assert!(!s.documents().contains(&"image".to_string()));
}

#[test]
fn utf8_bom_is_dropped() {
    let with = Scratch::with_seeds();
    let without = Scratch::with_seeds();
    with.file("bom.txt", format!("\u{feff}{PARA}\n").as_bytes());
    without.file("bom.txt", format!("{PARA}\n").as_bytes());
    assert_ok(&with.run(&[]));
    assert_ok(&without.run(&[]));
    let bom: Vec<_> = with
        .paragraphs()
        .into_iter()
        .filter(|p| p.0 == "bom")
        .collect();
    assert_eq!(bom[0].2, PARA);
    assert_same_outputs(&with.tree("out"), &without.tree("out"));
}

#[test]
fn crlf_and_cr_line_endings_split_exactly_like_lf() {
    let runs: Vec<Scratch> = ["\n", "\r\n", "\r"]
        .iter()
        .map(|eol| {
            let s = Scratch::new();
            for (name, text) in seed_texts() {
                s.file(&name, text.replace('\n', eol).as_bytes());
            }
            assert_ok(&s.run(&[]));
            s
        })
        .collect();
    let lf = runs[0].tree("out");
    for other in &runs[1..] {
        let t = other.tree("out");
        for (name, bytes) in &lf {
            // run.json and report.html also give each file's size, which CRs change
            if name != "run.json" && name != "report.html" {
                assert!(bytes == &t[name], "{name} differs from the LF run");
            }
        }
        assert_eq!(other.paragraphs(), runs[0].paragraphs());
    }
}

// ---------------------------------------------------------------- files without text

fn assert_no_text_note(file: &str, bytes: &[u8]) {
    let s = Scratch::with_seeds();
    s.file(file, bytes);
    let o = s.run(&[]);
    assert_ok(&o);
    let note = format!(
        "note: in/{file} has no text (empty or white space only); it is listed with no paragraphs"
    );
    assert!(stderr(&o).contains(&note), "{}", stderr(&o));
    assert!(warnings(&s).contains(&note));
    let id = file.trim_end_matches(".txt");
    let docs = s.run_json()["documents"].as_array().unwrap().clone();
    let doc = docs
        .iter()
        .find(|d| d["id"] == id)
        .expect("listed in run.json");
    assert_eq!(doc["units"], 0);
    assert!(!doc_topics_ids(&s).contains(&id.to_string()));
}

#[test]
fn empty_file_is_a_note_not_a_failure() {
    assert_no_text_note("empty.txt", b"");
}

#[test]
fn whitespace_only_file_is_a_note_not_a_failure() {
    assert_no_text_note("blank.txt", " \n\t\r\n\u{a0}\n\n   ".as_bytes());
}

fn assert_no_words_note(file: &str, text: &str) {
    let s = Scratch::with_seeds();
    s.file(file, text.as_bytes());
    let o = s.run(&[]);
    assert_ok(&o);
    let note = format!("note: in/{file} has no words left after preprocessing");
    assert!(stderr(&o).contains(&note), "{}", stderr(&o));
    assert!(warnings(&s).iter().any(|w| w.starts_with(&note)));
    let id = file.trim_end_matches(".txt");
    let rows: Vec<_> = s.paragraphs().into_iter().filter(|p| p.0 == id).collect();
    assert_eq!(rows.len(), 1);
    let (_, all) = read_csv(&s.path("out/paragraphs.csv"));
    let row = all.iter().find(|r| r[0] == id).unwrap();
    assert_eq!(row[6], "0", "tokens of {id}");
}

#[test]
fn stop_word_only_file_is_a_note_not_a_failure() {
    assert_no_words_note(
        "stop.txt",
        "The and of to a.\n\nIt is what it is, and we are.\n",
    );
}

#[test]
fn number_only_file_is_a_note_not_a_failure() {
    assert_no_words_note("numbers.txt", "2016 2017 3.15 999\n42, 1,000,000 and 7\n");
}

#[test]
fn no_text_in_the_whole_input_is_an_error() {
    let s = Scratch::new();
    s.file("empty.txt", b"");
    s.file("blank.md", b"  \n\n\t\n");
    let o = s.run(&[]);
    assert_fails(&s, &o, 1, "error: no text found in 2 input file(s)");
}

#[test]
fn no_word_left_after_preprocessing_is_an_error() {
    let s = Scratch::new();
    s.file("stop.txt", b"the and of to\n");
    s.file("numbers.txt", b"2016 2017 999\n");
    let o = s.run(&["--set", "cluster.k=1"]);
    assert_fails(
        &s,
        &o,
        1,
        "error: no words left in 2 paragraph unit(s) after preprocessing",
    );
}

// ---------------------------------------------------------------- folders and paths

#[test]
fn folders_are_read_recursively_in_sorted_order() {
    let s = Scratch::with_seeds();
    s.file("zz/b/y.txt", PARA.as_bytes());
    s.file("zz/a/x.txt", PARA.as_bytes());
    s.file("zz/a/deeper/z.MD", PARA.as_bytes());
    s.file("zz/c.txt", PARA.as_bytes());
    s.file("zz/notes.pdf", PARA.as_bytes());
    assert_ok(&s.run(&[]));
    let docs = s.documents();
    assert_eq!(
        docs[5..],
        ["zz/a/deeper/z", "zz/a/x", "zz/b/y", "zz/c"].map(String::from)
    );
    assert_eq!(docs[..5], seed_ids()[..]);
    assert_eq!(doc_topics_ids(&s), docs);
}

fn seed_ids() -> Vec<String> {
    seed_texts()
        .into_iter()
        .map(|(n, _)| n.trim_end_matches(".txt").to_string())
        .collect()
}

#[cfg(unix)]
#[test]
fn symlink_loops_are_detected_and_read_once() {
    let s = Scratch::with_seeds();
    s.file("sub/inner.txt", PARA.as_bytes());
    std::os::unix::fs::symlink("..", s.path("in/sub/loop")).unwrap();
    std::os::unix::fs::symlink(".", s.path("in/self")).unwrap();
    let o = s.run(&[]);
    assert_ok(&o);
    assert!(
        stderr(&o).contains("note: in/self leads back to"),
        "{}",
        stderr(&o)
    );
    assert!(
        stderr(&o).contains("note: in/sub/loop leads back to"),
        "{}",
        stderr(&o)
    );
    let mut want = seed_ids();
    want.push("sub/inner".into());
    assert_eq!(s.documents(), want);
}

#[cfg(unix)]
#[test]
fn unreadable_files_are_reported_by_name_and_skipped() {
    let s = Scratch::with_seeds();
    std::os::unix::fs::symlink("nowhere.txt", s.path("in/broken.txt")).unwrap();
    // a file even root cannot read: the kernel refuses reads of unmapped memory
    #[cfg(target_os = "linux")]
    std::os::unix::fs::symlink("/proc/self/mem", s.path("in/mem.txt")).unwrap();
    // permissions stop anyone but root: as root, the run is made as nobody
    let secret = s.file("secret.txt", PARA.as_bytes());
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o000)).unwrap();
    open_to_everyone(s.dir.path(), 0o777);
    let Some(mut cmd) = unprivileged(
        "unreadable_files_are_reported_by_name_and_skipped",
        s.dir.path(),
    ) else {
        return;
    };
    let o = cmd
        .current_dir(s.dir.path())
        .args(run_args(&[]))
        .output()
        .unwrap();
    assert_ok(&o);
    let e = stderr(&o);
    assert!(
        e.contains("warning: in/broken.txt cannot be read (No such file or directory"),
        "{e}"
    );
    #[cfg(target_os = "linux")]
    assert!(
        e.contains("warning: in/mem.txt cannot be read (Input/output error"),
        "{e}"
    );
    assert!(
        e.contains("warning: in/secret.txt cannot be read (Permission denied"),
        "{e}"
    );
    let docs = s.documents();
    for unread in ["broken", "mem", "secret"] {
        assert!(!docs.contains(&unread.to_string()), "{unread} in {docs:?}");
    }
    assert_eq!(docs.len(), 5, "{docs:?}");
}

#[test]
fn missing_input_path_is_an_error_naming_it() {
    seeds_run_fails(
        &["--set", "input.paths=[\"in\", \"no/such/folder\"]"],
        1,
        "error: input path no/such/folder cannot be read (No such file or directory (os error 2)); check input.paths",
    );
}

#[test]
fn document_names_with_markup_characters_keep_every_svg_well_formed() {
    let s = Scratch::with_seeds();
    let names = ["a<b", "fish & chips", "say \"hi\"", "it's", "tab\u{1}ctl"];
    for n in names {
        s.file(&format!("{n}.txt"), PARA.as_bytes());
    }
    assert_ok(&s.run(&[]));
    let svgs: Vec<_> = s
        .tree("out/charts")
        .into_iter()
        .filter(|(n, _)| n.ends_with(".svg"))
        .collect();
    assert!(svgs.len() >= 4, "{} charts", svgs.len());
    let mut texts = Vec::new();
    for (name, bytes) in &svgs {
        let text = String::from_utf8(bytes.clone()).unwrap();
        let doc = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        texts.extend(
            doc.descendants()
                .filter_map(|n| n.text())
                .map(|t| t.trim().to_string()),
        );
    }
    for want in [
        "a<b",
        "fish & chips",
        "say \"hi\"",
        "it's",
        "tab\u{fffd}ctl",
    ] {
        assert!(
            texts.iter().any(|t| t == want),
            "{want:?} not in the charts"
        );
        assert!(doc_topics_ids(&s).contains(&want.to_string()));
    }
}

// ---------------------------------------------------------------- configuration and CLI

fn with_config(toml: &str) -> (Scratch, Output) {
    let s = Scratch::with_seeds();
    std::fs::write(s.path("c.toml"), toml).unwrap();
    let o = s.run(&["--config", "c.toml"]);
    (s, o)
}

#[test]
fn malformed_toml_reports_line_and_column() {
    let (s, o) = with_config("[input]\nextensions = [\"txt\"]\n[cluster\nk = 3\n");
    assert_fails(
        &s,
        &o,
        2,
        "error: c.toml:3:9: invalid TOML: invalid table header",
    );
}

#[test]
fn unknown_key_names_the_nearest_valid_one() {
    let (s, o) = with_config("[cluster]\nkk = 3\n");
    assert_fails(
        &s,
        &o,
        2,
        "error: c.toml:2:6: unknown key cluster.kk; did you mean cluster.k?",
    );
    let (s, o) = with_config("[clustr]\nk = 3\n");
    assert_fails(
        &s,
        &o,
        2,
        "error: c.toml:2:5: unknown key clustr.k; did you mean cluster.k?",
    );
    let o = s.run(&["--set", "input.on_invalid_utf=skip"]);
    assert_fails(
        &s,
        &o,
        2,
        "unknown key input.on_invalid_utf; did you mean input.on_invalid_utf8?",
    );
}

#[test]
fn wrong_type_names_the_key_line_and_expected_type() {
    let (s, o) = with_config("[cluster]\nseed = 1\nmax_iter = \"many\"\n");
    assert_fails(
        &s,
        &o,
        2,
        "error: c.toml:3:12: cluster.max_iter: invalid type: string \"many\", expected u64",
    );
    let (s, o) = with_config("[cluster]\nk = \"many\"\n");
    assert_fails(&s, &o, 2, "error: c.toml:2:5: cluster.k: is \"many\"");
}

#[test]
fn k_zero_is_out_of_range() {
    let (s, o) = with_config("[cluster]\nk = 0\n");
    assert_fails(
        &s,
        &o,
        2,
        "error: c.toml:2:5: cluster.k: is 0; it must be between 1 and 1000",
    );
}

#[test]
fn k_larger_than_the_paragraph_units_names_the_range() {
    seeds_run_fails(&["--set", "cluster.k=500"], 2, "error: cluster.k: is 500 but the corpus has only 69 paragraph units with words; use a value between 1 and 69");
}

#[test]
fn min_df_above_the_unit_count_names_the_range() {
    seeds_run_fails(&["--set", "vectorize.min_df=71"], 2, "error: vectorize.min_df: is 71 but the corpus has only 70 paragraph units; use a value between 1 and 70");
}

#[test]
fn max_df_zero_or_below_is_out_of_range() {
    let s = Scratch::with_seeds();
    for (value, message) in [
        (
            "0.0",
            "vectorize.max_df: is 0; a float must be in (0.0, 1.0]",
        ),
        (
            "-0.5",
            "vectorize.max_df: is -0.5; a float must be in (0.0, 1.0]",
        ),
        ("0", "vectorize.max_df: is 0; an integer must be at least 1"),
    ] {
        let flag = format!("vectorize.max_df={value}");
        let o = s.run(&["--set", &flag]);
        assert_fails(&s, &o, 2, &format!("error: --set {flag}: {message}"));
    }
}

#[test]
fn new_limits_are_range_checked() {
    seeds_run_fails(
        &["--set", "segment.max_words=5"],
        2,
        "segment.max_words: is 5; it must be 0 (no limit) or between 10 and 1000000",
    );
    seeds_run_fails(
        &["--set", "preprocess.max_token_len=1"],
        2,
        "preprocess.max_token_len: is 1; it must be between preprocess.min_token_len (2) and 1000",
    );
    seeds_run_fails(
        &["--set", "cluster.refine_sweeps=101"],
        2,
        "error: --set cluster.refine_sweeps=101: cluster.refine_sweeps: is 101; it must be between 0 and 100",
    );
    seeds_run_fails(
        &["--set", "vectorize.ngram_max=3"],
        2,
        "error: --set vectorize.ngram_max=3: vectorize.ngram_max: is 3; it must be 1, 2 or \"auto\"",
    );
    seeds_run_fails(
        &["--set", "vectorize.ngram_max=\"bigrams\""],
        2,
        "is \"bigrams\"; use a whole number or \"auto\"",
    );
    seeds_run_fails(
        &["--set", "cluster.refine_sweeps=-1"],
        2,
        "is -1; use a whole number of 0 or more, or \"auto\"",
    );
}

#[test]
fn set_without_equals_is_a_usage_error() {
    seeds_run_fails(
        &["--set", "cluster.k"],
        2,
        "error: --set cluster.k: expected KEY=VALUE, e.g. --set cluster.k=8",
    );
}

#[test]
fn unknown_subcommand_is_a_usage_error() {
    let s = Scratch::with_seeds();
    let o = s.paratopic(&["frobnicate"]);
    assert_fails(&s, &o, 2, "unrecognized subcommand 'frobnicate'");
    let o = s.paratopic(&["run", "--sett", "cluster.k=3"]);
    assert_fails(&s, &o, 2, "unexpected argument '--sett'");
}

#[test]
fn missing_or_non_utf8_config_file_is_a_config_error() {
    let s = Scratch::with_seeds();
    let o = s.run(&["--config", "nope.toml"]);
    assert_fails(
        &s,
        &o,
        2,
        "error: config file nope.toml does not exist; create one with `paratopic init nope.toml`",
    );
    std::fs::write(s.path("latin1.toml"), b"# caf\xe9\n").unwrap();
    let o = s.run(&["--config", "latin1.toml"]);
    assert_fails(
        &s,
        &o,
        2,
        "error: config file latin1.toml is not valid UTF-8; save it as UTF-8 text",
    );
}

// ---------------------------------------------------------------- outputs

#[test]
fn output_dir_that_is_a_file_fails_before_any_work() {
    let s = Scratch::with_seeds();
    std::fs::write(s.path("out"), "precious").unwrap();
    // the input path is missing too: the output check must come first
    let o = s.run(&["--set", "input.paths=[\"missing\"]"]);
    let e = stderr(&o);
    assert_eq!(code(&o), 2, "{e}");
    assert!(
        e.contains("error: output.dir out exists and is not a folder; remove it or set output.dir to a folder"),
        "{e}"
    );
    assert_eq!(std::fs::read_to_string(s.path("out")).unwrap(), "precious");
    assert!(s.leftovers().is_empty());
}

#[test]
fn unwritable_output_dir_fails_before_any_work() {
    let s = Scratch::with_seeds();
    std::fs::write(s.path("blocker"), "x").unwrap();
    let o = s.run(&[
        "--set",
        "output.dir=\"blocker/out\"",
        "--set",
        "input.paths=[\"missing\"]",
    ]);
    assert_fails(
        &s,
        &o,
        2,
        "error: output.dir blocker/out cannot be created: blocker is a file, not a folder",
    );
    // a folder the kernel will not let anyone create entries in
    #[cfg(target_os = "linux")]
    {
        let o = s.run(&["--set", "output.dir=\"/proc/paratopic-out\""]);
        assert_fails(
            &s,
            &o,
            2,
            "error: output.dir /proc/paratopic-out cannot be written",
        );
    }
}

/// A read-only folder, as `output.dir` or the folder it would be made in, is refused
/// before any work, by the writability check (its own message, not a failed
/// `mkdir`). Root may write anywhere, so as root the runs are made as `nobody`.
#[cfg(unix)]
#[test]
fn read_only_output_dir_fails_before_any_work() {
    let s = Scratch::with_seeds();
    // the folder output.dir "out" is made in may be written; "ro", the one "ro/out"
    // would be made in, and "out" itself may not
    open_to_everyone(s.dir.path(), 0o777);
    std::fs::create_dir(s.path("ro")).unwrap();
    std::fs::create_dir(s.path("out")).unwrap();
    for dir in ["ro", "out"] {
        open_to_everyone(&s.path(dir), 0o555);
    }
    for (out, read_only) in [("ro/out", "ro"), ("out", "out")] {
        let Some(mut cmd) =
            unprivileged("read_only_output_dir_fails_before_any_work", s.dir.path())
        else {
            return;
        };
        let dir = format!("output.dir={out:?}");
        let o = cmd
            .current_dir(s.dir.path())
            .args(run_args(&[
                "--set",
                &dir,
                "--set",
                "input.paths=[\"missing\"]",
            ]))
            .output()
            .unwrap();
        let e = stderr(&o);
        assert_eq!(code(&o), 2, "{e}");
        assert!(
            e.contains(&format!("error: output.dir {out} cannot be written ({read_only} is read-only); choose a folder you can write to")),
            "{e}"
        );
        assert!(s.leftovers().is_empty(), "left behind: {:?}", s.leftovers());
        assert!(s.tree("out").is_empty() && s.tree("ro").is_empty());
    }
}

#[test]
fn failed_run_keeps_previous_outputs_and_leaves_no_temporary_files() {
    let s = Scratch::with_seeds();
    assert_ok(&s.run(&[]));
    let before = s.tree("out");
    // fails while reading, after the staging folder exists
    s.file("bad.txt", b"caf\xe9\n");
    let o = s.run(&[
        "--set",
        "input.on_invalid_utf8=error",
        "--set",
        "input.encoding=utf-8",
    ]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    // fails in the vectorize stage, with the corpus read
    let o = s.run(&["--set", "vectorize.min_df=1000"]);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(stderr(&o).contains("vectorize.min_df: is 1000"));
    assert!(s.tree("out") == before, "previous outputs changed");
    assert!(s.leftovers().is_empty(), "left behind: {:?}", s.leftovers());
}

#[test]
fn successful_run_replaces_only_what_paratopic_wrote() {
    let s = Scratch::with_seeds();
    assert_ok(&s.run(&[]));
    // a file paratopic wrote and that a later run no longer writes goes; one the
    // user edited is paratopic's to replace
    std::fs::write(s.path("out/topics.csv"), "edited").unwrap();
    let mut listed = paratopic::output::read_marker(&s.path("out")).unwrap();
    std::fs::write(s.path("out/charts/retired.svg"), "<svg/>").unwrap();
    listed.insert("charts/retired.svg".into());
    paratopic::output::write_marker(&s.path("out"), &listed).unwrap();
    assert_ok(&s.run(&[]));
    assert!(!s.path("out/charts/retired.svg").exists());
    assert_ne!(
        std::fs::read_to_string(s.path("out/topics.csv")).unwrap(),
        "edited"
    );
    assert!(s.leftovers().is_empty(), "left behind: {:?}", s.leftovers());
}

#[test]
fn a_folder_with_files_paratopic_did_not_write_is_refused_untouched() {
    let s = Scratch::with_seeds();
    std::fs::create_dir(s.path("out")).unwrap();
    std::fs::write(s.path("out/notes.txt"), "mine").unwrap();
    let o = s.run(&[]);
    let e = stderr(&o);
    assert_eq!(code(&o), 2, "{e}");
    assert!(
        e.contains(
            "error: output.dir out holds files paratopic did not write (notes.txt); paratopic only \
             replaces an empty folder or one it wrote itself (listed in its .paratopic-output), so \
             nothing was changed; choose a free folder, e.g. --set output.dir=out-paratopic, or \
             move those files away"
        ),
        "{e}"
    );
    assert!(s.leftovers().is_empty(), "left behind: {:?}", s.leftovers());
    assert_eq!(
        std::fs::read_to_string(s.path("out/notes.txt")).unwrap(),
        "mine"
    );
    assert_eq!(std::fs::read_dir(s.path("out")).unwrap().count(), 1);
    // a user file inside an output folder paratopic wrote: refused the same way
    std::fs::remove_file(s.path("out/notes.txt")).unwrap();
    assert_ok(&s.run(&[]));
    std::fs::write(s.path("out/charts/mine.svg"), "mine").unwrap();
    let o = s.run(&[]);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(stderr(&o).contains("(charts/mine.svg)"), "{}", stderr(&o));
    assert!(s.path("out/charts/mine.svg").is_file());
}

#[test]
fn output_dir_equal_to_or_containing_an_input_is_refused() {
    let s = Scratch::with_seeds();
    let before = s.tree("in");
    for (dir, relation) in [
        ("\"in\"", "is input.paths in"),
        ("\".\"", "contains input.paths in"),
        ("\"in/../in\"", "is input.paths in"),
    ] {
        let o = s.run(&["--set", &format!("output.dir={dir}")]);
        let e = stderr(&o);
        assert_eq!(code(&o), 2, "{e}");
        assert!(e.contains(relation), "{dir}: {e}");
        assert!(
            e.contains("paratopic never writes, moves or deletes what it reads"),
            "{e}"
        );
    }
    let abs = s.path(".").canonicalize().unwrap();
    let o = s.run(&[
        "--set",
        &format!("output.dir={:?}", abs.display().to_string()),
    ]);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(s.tree("in") == before, "an input changed");
    assert!(s.leftovers().is_empty(), "left behind: {:?}", s.leftovers());
}

#[test]
fn output_dir_inside_an_input_is_written_and_not_read_back() {
    let s = Scratch::with_seeds();
    let o = s.run(&["--set", "output.dir=\"in/out\""]);
    assert_ok(&o);
    let first = std::fs::read(s.path("in/out/doc_topics.csv")).unwrap();
    // the second run finds in/out (and its own staging folder) inside its input
    let o = s.run(&["--set", "output.dir=\"in/out\""]);
    assert_ok(&o);
    assert!(
        stderr(&o).contains(
            "note: 1 folder(s) inside the inputs hold paratopic outputs (.paratopic-output); not read as input: in/out"
        ),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        std::fs::read(s.path("in/out/doc_topics.csv")).unwrap(),
        first
    );
}

#[test]
fn leftovers_of_a_killed_run_are_cleaned_by_the_next_run() {
    let s = Scratch::with_seeds();
    // what a run killed outright (SIGKILL) leaves: a staging folder under a dead pid
    let dead = s.path(&format!(".out.partial-{}", 1u32 << 30));
    std::fs::create_dir_all(dead.join("charts")).unwrap();
    std::fs::write(dead.join("topics.csv"), "half").unwrap();
    std::fs::write(
        dead.join(".paratopic-output"),
        "{\"format\": 1, \"files\": []}",
    )
    .unwrap();
    // a folder named like a staging folder but without a marker is not paratopic's
    let foreign = s.path(&format!(".out.partial-{}", (1u32 << 30) + 1));
    std::fs::create_dir(&foreign).unwrap();
    std::fs::write(foreign.join("mine.txt"), "mine").unwrap();
    assert_ok(&s.run(&[]));
    assert_eq!(
        s.leftovers(),
        [format!(".out.partial-{}", (1u32 << 30) + 1)],
        "only the marked staging folder may go"
    );
    assert!(foreign.join("mine.txt").is_file());
}
