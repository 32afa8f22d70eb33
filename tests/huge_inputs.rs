//! Huge inputs: one enormous line, thousands of tiny files, absurdly long tokens, a flood
//! of headings. Each run must succeed without a panic, and peak memory (measured with
//! `wait4`) must stay a small multiple of the input size. No timing is asserted.
#![cfg(unix)]

mod common;

use common::*;
use std::process::{Command, Stdio};

/// Settings that keep clustering cheap: these tests are about reading and splitting.
const CHEAP: &[&str] = &[
    "--set",
    "cluster.restarts=1",
    "--set",
    "cluster.dims=5",
    "--set",
    "cluster.max_iter=20",
    "--set",
    "cluster.k=2",
    "--threads",
    "2",
];

/// A finished run: exit code, stderr and peak resident memory in bytes.
struct Measured {
    code: i32,
    stderr: String,
    max_rss: u64,
}

/// Runs paratopic like [`Scratch::run`] and measures the child's peak memory.
fn run_measured(s: &Scratch, extra: &[&str]) -> Measured {
    let err_path = s.path("stderr.log");
    let mut extra = extra.to_vec();
    extra.extend_from_slice(CHEAP);
    // reaped with wait4 below, which std's Child::wait cannot do with rusage
    #[allow(clippy::zombie_processes)]
    let child = Command::new(env!("CARGO_BIN_EXE_paratopic"))
        .current_dir(s.dir.path())
        .args(run_args(&extra))
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&err_path).unwrap())
        .spawn()
        .expect("binary runs");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: plain syscall on our own child; `usage` is a valid out-parameter.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(waited, pid, "wait4 failed");
    assert!(libc::WIFEXITED(status), "killed by a signal: {status}");
    Measured {
        code: libc::WEXITSTATUS(status),
        stderr: std::fs::read_to_string(&err_path).unwrap(),
        max_rss: usage.ru_maxrss as u64 * 1024,
    }
}

/// The most memory a run on `input` bytes may take: a fixed 32 MiB (the program,
/// thread stacks, the charts) plus 8 bytes per input byte. Measured with 2 threads
/// (debug build): 48 MiB for the 8 MiB line (55 MiB with `segment.max_words = 0`),
/// 32 MiB for 3.2 MiB of junk tokens.
fn memory_bound(input: usize) -> u64 {
    (32 << 20) + 8 * input as u64
}

fn assert_success(m: &Measured) {
    assert_eq!(m.code, 0, "{}", m.stderr);
    assert!(!m.stderr.contains("panicked"), "{}", m.stderr);
}

/// Asserts the run succeeded within [`memory_bound`] of `input` bytes.
fn assert_success_in_bounded_memory(m: &Measured, input: usize) {
    assert_success(m);
    assert!(
        m.max_rss < memory_bound(input),
        "peak memory {} MiB for {} MiB of input",
        m.max_rss >> 20,
        input >> 20
    );
}

/// Deterministic prose: the seed documents' words, cycled, with their punctuation.
fn prose(bytes: usize) -> String {
    let words: Vec<String> = seed_texts()
        .into_iter()
        .flat_map(|(_, t)| t.split_whitespace().map(String::from).collect::<Vec<_>>())
        .collect();
    let mut out = String::with_capacity(bytes + 64);
    let mut i = 0;
    while out.len() < bytes {
        out.push_str(&words[i % words.len()]);
        out.push(' ');
        i += 7; // a stride co-prime with most lengths mixes the words up
    }
    out
}

#[test]
fn single_huge_line_is_cut_into_bounded_units_in_bounded_memory() {
    const SIZE: usize = 8 << 20; // 8 MiB on one line
    let s = Scratch::new();
    let text = prose(SIZE);
    s.file("dump.txt", text.as_bytes());
    let m = run_measured(&s, &[]);
    assert_success_in_bounded_memory(&m, SIZE);
    let paras = s.paragraphs();
    let words = text.split_whitespace().count();
    assert!(paras.len() >= words / 1000, "{} units", paras.len());
    assert!(paras
        .iter()
        .all(|p| p.1 == 1 && p.2.split_whitespace().count() <= 1000));
    // lossless: the pieces are the line, up to white space
    let joined: String = paras
        .iter()
        .map(|p| p.2.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    assert!(joined.split_whitespace().eq(text.split_whitespace()));
}

#[test]
fn twenty_thousand_tiny_files_in_nested_folders() {
    const FILES: usize = 20_000;
    let s = Scratch::new();
    let words = prose(4096);
    let words: Vec<&str> = words.split_whitespace().collect();
    for i in 0..FILES {
        let text = words[i % 300..i % 300 + 12].join(" ");
        s.file(&format!("d{:02}/f{i:05}.txt", i / 1000), text.as_bytes());
    }
    let m = run_measured(&s, &[]);
    assert_success(&m);
    let v = s.run_json();
    assert_eq!(v["counts"]["documents"], FILES);
    let (_, rows) = read_csv(&s.path("out/doc_topics.csv"));
    assert_eq!(rows.len(), FILES);
    assert_eq!(rows[0][0], "d00/f00000");
    assert_eq!(rows[FILES - 1][0], format!("d19/f{:05}", FILES - 1));
    assert!(
        rows.windows(2).all(|w| w[0][0] < w[1][0]),
        "not in sorted order"
    );
}

#[test]
fn very_long_tokens_are_dropped_without_blowing_up() {
    let s = Scratch::with_seeds();
    let mut junk = String::new();
    junk.push_str(&"x".repeat(2 << 20)); // one 2 MiB word
    junk.push_str("\n\n");
    junk.push_str(&"ab/".repeat(300_000)); // a URL-like run of short tokens
    junk.push_str("\n\n");
    junk.push_str(&"co-".repeat(100_000)); // one 300 KB hyphenated compound
    junk.push_str("op\n");
    let size = junk.len();
    s.file("junk.txt", junk.as_bytes());
    let m = run_measured(&s, &[]);
    assert_success_in_bounded_memory(&m, size);
    let vocab = std::fs::read_to_string(s.path("out/vocab.tsv")).unwrap();
    for line in vocab.lines() {
        let word = line.split('\t').nth(1).unwrap();
        assert!(
            word.chars().count() <= 50,
            "kept a {}-char token",
            word.len()
        );
    }
    assert!(s.documents().contains(&"junk".to_string()));
}

#[test]
fn a_flood_of_headings_folds_in_linear_time() {
    let s = Scratch::with_seeds();
    // 100 000 two-word blocks: every one is a heading folded into the next
    s.file(
        "headings.txt",
        "Short heading\n\n".repeat(100_000).as_bytes(),
    );
    // (one line 100 000 times is page clutter by default: kept here to test folding)
    let m = run_measured(&s, &["--set", "segment.boilerplate=false"]);
    assert_success(&m);
    let paras: Vec<_> = s
        .paragraphs()
        .into_iter()
        .filter(|p| p.0 == "headings")
        .collect();
    assert_eq!(paras.len(), 200, "200 000 words cut into units of 1000");
    assert_eq!(paras[1].1, 1001, "the second unit starts on line 1001");
}
