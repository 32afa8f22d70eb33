//! A run stopped by SIGTERM or Ctrl-C (SIGINT) leaves the previous outputs exactly as
//! they were and no temporary folder behind; one killed outright (SIGKILL) leaves a
//! staging folder that the next run removes.
#![cfg(unix)]

mod common;

use common::*;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

/// A run that cannot finish within the test: 1 000 k-means restarts on ~1 000 units.
const ENDLESS: &[&str] = &[
    "--set",
    "cluster.restarts=1000",
    "--set",
    "cluster.tolerance=1e-12",
];

/// The seeds, already run once into `out/`, plus ~1 000 generated paragraphs.
fn scratch_with_previous_outputs() -> Scratch {
    let s = Scratch::with_seeds();
    let o = s.run(&[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let words: Vec<String> = seed_texts()
        .iter()
        .flat_map(|(_, t)| t.split_whitespace().map(String::from).collect::<Vec<_>>())
        .collect();
    for doc in 0..25 {
        let text: String = (0..40)
            .map(|p| {
                let start = (doc * 97 + p * 31) % (words.len() - 30);
                words[start..start + 10 + p % 15].join(" ") + ".\n\n"
            })
            .collect();
        s.file(&format!("gen/doc{doc:02}.txt"), text.as_bytes());
    }
    s
}

/// What stopping the run left: the exit status and stderr after the signal.
struct Stopped {
    status: std::process::ExitStatus,
    stderr: String,
    pid: u32,
}

/// Starts a long run, waits for the stderr line starting with `stage` (the staging
/// folder exists by then), sends `signal` and waits for the process to end.
fn stop_during(s: &Scratch, stage: &str, signal: i32) -> Stopped {
    let mut child = Command::new(env!("CARGO_BIN_EXE_paratopic"))
        .current_dir(s.dir.path())
        .args(run_args(ENDLESS))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary runs");
    let pid = child.id();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let mut seen = Vec::new();
    for line in lines.by_ref() {
        let line = line.unwrap();
        let reached = line.starts_with(stage);
        seen.push(line);
        if reached {
            break;
        }
    }
    assert!(
        seen.last().is_some_and(|l| l.starts_with(stage)),
        "the run ended before {stage}: {seen:?}"
    );
    let staging = s.path(&format!(".out.partial-{pid}"));
    assert!(staging.is_dir(), "no staging folder while running");
    // SAFETY: sends a signal to our own child process.
    assert_eq!(unsafe { libc::kill(pid as libc::pid_t, signal) }, 0);
    let rest: Vec<String> = lines.map(|l| l.unwrap()).collect();
    let status = child.wait().unwrap();
    Stopped {
        status,
        stderr: rest.join("\n"),
        pid,
    }
}

fn assert_stopped_cleanly(signal: i32, stage: &str, name: &str) {
    let s = scratch_with_previous_outputs();
    let before = s.tree("out");
    let stopped = stop_during(&s, stage, signal);
    assert_eq!(
        stopped.status.code(),
        Some(128 + signal),
        "stderr: {}",
        stopped.stderr
    );
    assert!(
        stopped.stderr.contains(&format!(
            "interrupted by {name}: out left as it was, partial results removed"
        )),
        "{}",
        stopped.stderr
    );
    assert!(s.tree("out") == before, "previous outputs changed");
    assert!(s.leftovers().is_empty(), "left behind: {:?}", s.leftovers());
}

#[test]
fn sigterm_during_clustering_keeps_previous_outputs_intact() {
    assert_stopped_cleanly(libc::SIGTERM, "vectorize", "SIGTERM");
}

#[test]
fn ctrl_c_during_text_analysis_keeps_previous_outputs_intact() {
    assert_stopped_cleanly(libc::SIGINT, "corpus", "SIGINT (Ctrl-C)");
}

#[test]
fn sigkill_leftovers_are_removed_by_the_next_run() {
    let s = scratch_with_previous_outputs();
    let before = s.tree("out");
    let stopped = stop_during(&s, "vectorize", libc::SIGKILL);
    use std::os::unix::process::ExitStatusExt;
    assert_eq!(stopped.status.signal(), Some(libc::SIGKILL));
    assert!(s.tree("out") == before, "previous outputs changed");
    assert_eq!(
        s.leftovers(),
        [format!(".out.partial-{}", stopped.pid)],
        "SIGKILL cannot be caught: its staging folder stays until the next run"
    );
    std::fs::remove_dir_all(s.path("in/gen")).unwrap(); // a quick next run
    let o = s.run(&[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(s.leftovers().is_empty(), "left behind: {:?}", s.leftovers());
}
