//! What a run prints: one plain line per stage when stderr is not a terminal (no spinner
//! escape codes), a final summary with counts, timings and where the outputs are; nothing
//! but errors with --quiet.

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
    assert!(e.contains("5 documents, 70 paragraphs,"), "{e}");
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
    assert!(o.stdout.is_empty());
}

#[test]
fn quiet_prints_nothing_on_success_and_the_error_on_failure() {
    let tmp = tempfile::tempdir().unwrap();
    let o = seed_run(&tmp.path().join("out"), &[]);
    assert!(o.status.success());
    assert!(o.stderr.is_empty() && o.stdout.is_empty(), "{}", stderr(&o));
    let o = seed_run(&tmp.path().join("out2"), &["--set", "cluster.k=500"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).starts_with("error: "), "{}", stderr(&o));
}
