//! What a run prints (contracts §5): one plain line per stage on stderr when it is not a
//! terminal (no spinner escape codes), timings and where the outputs are on stderr; the
//! results (topic table, quality and counts lines, no timings) on stdout; with --quiet
//! nothing but errors and warnings that data was skipped or altered.

mod common;

use common::*;

#[test]
fn stage_lines_and_a_final_summary_without_a_terminal() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let seeds = format!(
        "input.paths=[{:?}]",
        repo().join("seeds").display().to_string()
    );
    let dir = format!("output.dir={:?}", out.display().to_string());
    let o = paratopic(&repo(), &["run", "--set", &seeds, "--set", &dir]);
    assert!(o.status.success());
    let e = stderr(&o);
    assert!(!e.contains('\x1b'), "escape codes on a pipe: {e:?}");
    for stage in [
        "corpus ",
        "text ",
        "vectorize ",
        "cluster ",
        "topics ",
        "charts ",
    ] {
        assert!(
            e.lines().filter(|l| l.starts_with(stage)).count() == 1,
            "one {stage:?} line expected:\n{e}"
        );
    }
    let out_text = String::from_utf8(o.stdout.clone()).unwrap();
    assert!(out_text.starts_with("topic  size  label\n"), "{out_text}");
    assert!(out_text.contains("\nquality: silhouette "), "{out_text}");
    assert!(
        out_text.ends_with(" terms, 8 topics\n")
            && out_text.contains("5 documents, 70 paragraphs (1 unassigned, 1.4%), "),
        "{out_text}"
    );
    assert!(
        !out_text.contains("stages"),
        "timings on stdout: {out_text}"
    );
    assert!(!e.contains("topic  size  label"), "results on stderr: {e}");
    let timings = e
        .lines()
        .find(|l| l.starts_with("stages: "))
        .expect("timings line");
    for stage in ["corpus", "cluster", "charts", "write", "report"] {
        assert!(timings.contains(&format!("{stage} ")), "{timings}");
    }
    let report = out.join("report.html");
    assert!(
        e.contains(&format!("open {} for the report", report.display())),
        "{e}"
    );
    assert!(report.is_file());
}

#[test]
fn stdout_is_the_same_for_the_same_run() {
    let tmp = tempfile::tempdir().unwrap();
    let seeds = format!(
        "input.paths=[{:?}]",
        repo().join("seeds").display().to_string()
    );
    let run = |out: &str| {
        let dir = format!("output.dir={out:?}");
        let o = paratopic(tmp.path(), &["run", "--set", &seeds, "--set", &dir]);
        assert!(o.status.success(), "{}", stderr(&o));
        o.stdout
    };
    assert_eq!(
        run("a"),
        run("b"),
        "stdout holds something that varies (timings?)"
    );
}

#[test]
fn quiet_still_shows_warnings_about_data_and_summarises_repeats() {
    let s = Scratch::with_seeds();
    for i in 0..8 {
        s.file(&format!("bin{i}.txt"), b"x\0y");
    }
    s.file(
        "latin1.txt",
        b"caf\xe9 au lait and more words to make a paragraph here\n",
    );
    let o = s.run(&["--quiet"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        o.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    let e = stderr(&o);
    let binary = e
        .lines()
        .filter(|l| l.contains("looks binary; skipped"))
        .count();
    assert_eq!(binary, 5, "{e}");
    assert!(
        e.contains("warning: … and 3 more of this kind (binary; see run.json)"),
        "{e}"
    );
    assert!(
        e.contains("latin1.txt is not UTF-8; decoded as windows-1252"),
        "{e}"
    );
    assert!(!e.contains("note:") && !e.contains("corpus "), "{e}");
    // run.json keeps every one of them (and the notes quiet hid)
    let run = s.run_json();
    let all = run["warnings"].as_array().unwrap();
    let warnings = all
        .iter()
        .filter(|w| w.as_str().unwrap().starts_with("warning: "))
        .count();
    assert_eq!(warnings, 9);
}

#[test]
fn quiet_prints_nothing_on_a_clean_success_and_the_error_on_failure() {
    let tmp = tempfile::tempdir().unwrap();
    let o = seed_run(&tmp.path().join("out"), &[]);
    assert!(o.status.success());
    assert!(o.stderr.is_empty() && o.stdout.is_empty(), "{}", stderr(&o));
    let o = seed_run(&tmp.path().join("out2"), &["--set", "cluster.k=500"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).starts_with("error: "), "{}", stderr(&o));
}
