//! Every example in README.md runs, in order, in a fresh copy of the repository, as a
//! new user would type it, and prints what the README says it prints.
//!
//! - ```` ```sh ```` blocks run with bash, with the `paratopic` of this build on `PATH`
//!   (installed by the README's own `cargo install` line into a temporary `--root`); a
//!   block stops at its first failing command unless the output block after it shows an
//!   error. The `cargo test` line is the command running this test, so it is not re-run.
//! - ```` ```toml ```` blocks must parse as a paratopic config; `toml file=NAME` is also
//!   written to NAME in the copy, for the blocks after it.
//! - ```` ```python ```` blocks run with a Python that has pandas and SciPy
//!   (`PARATOPIC_PYTHON`, else `notebooks/.venv`, which `.ci/run` creates first).
//! - ```` ```text ```` (stdout) and ```` ```text stderr ```` blocks are compared with what
//!   the last example printed, timings (`0.12s`) masked. Other tags (`text usage`, `r`)
//!   are not run.

mod common;

use common::*;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A fenced block: its info string, its text and the line it starts on.
struct Block {
    info: String,
    text: String,
    line: usize,
}

fn blocks(readme: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut open: Option<Block> = None;
    for (i, line) in readme.lines().enumerate() {
        match (&mut open, line.strip_prefix("```")) {
            (None, Some(info)) => {
                open = Some(Block {
                    info: info.trim().to_string(),
                    text: String::new(),
                    line: i + 1,
                })
            }
            (Some(_), Some("")) => out.push(open.take().expect("open block")),
            (Some(b), _) => {
                b.text.push_str(line);
                b.text.push('\n');
            }
            (None, None) => {}
        }
    }
    assert!(open.is_none(), "README.md: an unclosed code block");
    out
}

/// Copies the files git tracks (or, outside a checkout, everything but `target` and
/// `.git`) into `to`.
fn fresh_copy(to: &Path) {
    let root = repo();
    let listed = Command::new("git")
        .args(["ls-files", "-z"])
        .current_dir(&root)
        .output()
        .ok()
        .filter(|o| o.status.success() && !o.stdout.is_empty());
    let files: Vec<PathBuf> = match listed {
        Some(o) => o
            .stdout
            .split(|&b| b == 0)
            .filter(|f| !f.is_empty())
            .map(|f| PathBuf::from(String::from_utf8_lossy(f).into_owned()))
            .collect(),
        None => walk(&root, &root),
    };
    for rel in files {
        let from = root.join(&rel);
        if !from.is_file() {
            continue;
        }
        let dest = to.join(&rel);
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::copy(&from, &dest).unwrap();
    }
}

fn walk(root: &Path, dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        if name == "target" || name == ".git" || name.ends_with(".venv") {
            continue;
        }
        if p.is_dir() {
            out.extend(walk(root, &p));
        } else {
            out.push(p.strip_prefix(root).unwrap().to_path_buf());
        }
    }
    out
}

/// `cargo install` as the README says, into `root` (a temporary `--root`), in the debug
/// profile and its own target folder (`target/readme-install`, kept between runs): the
/// copy's build must never replace the binary the other tests run.
fn install(line: &str, copy: &Path, root: &Path) {
    let mut args: Vec<&str> = line.split_whitespace().skip(1).collect();
    assert_eq!(args.first(), Some(&"install"), "{line}");
    args.extend(["--root", root.to_str().unwrap(), "--debug"]);
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join("target"))
        .join("readme-install");
    let o = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(&args)
        .current_dir(copy)
        .env("CARGO_TARGET_DIR", target)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "README: `{line}` failed:\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(
        root.join("bin/paratopic").is_file(),
        "no paratopic installed"
    );
}

/// Digits, a point, digits and `s` (a timing) become `<t>s`.
fn mask_timings(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = String::new();
    let mut i = 0;
    while i < b.len() {
        let start = i;
        let mut j = i;
        while j < b.len() && b[j].is_ascii_digit() {
            j += 1;
        }
        let int_end = j;
        if int_end > start && j < b.len() && b[j] == b'.' {
            j += 1;
            let frac = j;
            while j < b.len() && b[j].is_ascii_digit() {
                j += 1;
            }
            if j > frac && j < b.len() && b[j] == b's' {
                out.push_str("<t>s");
                i = j + 1;
                continue;
            }
        }
        let c = s[i..].chars().next().unwrap();
        out.push(c);
        i += c.len_utf8();
    }
    out
}

/// A Python with pandas and SciPy, if there is one.
fn python() -> Option<PathBuf> {
    let candidates = [
        std::env::var_os("PARATOPIC_PYTHON").map(PathBuf::from),
        Some(repo().join("notebooks/.venv/bin/python")),
    ];
    candidates.into_iter().flatten().find(|p| {
        Command::new(p)
            .args(["-c", "import pandas, scipy"])
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

/// What the last example printed.
#[derive(Default)]
struct Printed {
    stdout: String,
    stderr: String,
    from_line: usize,
}

impl Printed {
    fn of(o: &std::process::Output, from_line: usize) -> Printed {
        Printed {
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
            from_line,
        }
    }
}

#[test]
fn every_readme_example_runs_and_prints_what_the_readme_shows() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let blocks = blocks(&readme);
    let tmp = tempfile::tempdir().unwrap();
    let copy = tmp.path().join("paratopic");
    let bin_root = tmp.path().join("installed");
    fresh_copy(&copy);
    let path = format!(
        "{}:{}",
        bin_root.join("bin").display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let python = python();
    let mut printed = Printed::default();
    let (mut ran, mut compared) = (0, 0);
    for (i, b) in blocks.iter().enumerate() {
        let where_ = format!("README.md:{}", b.line);
        let next_shows_error = blocks
            .get(i + 1)
            .is_some_and(|n| n.info.starts_with("text") && n.text.contains("error:"));
        match b.info.split_whitespace().next().unwrap_or("") {
            "sh" => {
                let mut script = String::from(if next_shows_error { "" } else { "set -e\n" });
                for line in b.text.lines() {
                    match line.split_whitespace().collect::<Vec<_>>()[..] {
                        ["cargo", "install", ..] => install(line, &copy, &bin_root),
                        ["cargo", "test", ..] => {
                            eprintln!("{where_}: `{line}` is the command running this test")
                        }
                        _ => {
                            script.push_str(line);
                            script.push('\n');
                        }
                    }
                }
                let o = Command::new("bash")
                    .args(["-c", &script])
                    .current_dir(&copy)
                    .env("PATH", &path)
                    .output()
                    .unwrap();
                printed = Printed::of(&o, b.line);
                assert!(
                    next_shows_error || o.status.success(),
                    "{where_}: the example failed:\n{}{}",
                    printed.stdout,
                    printed.stderr
                );
                ran += 1;
            }
            "toml" => {
                paratopic::config::Config::parse(&b.text, &where_, &[])
                    .unwrap_or_else(|e| panic!("{where_}: not a valid config: {e}"));
                if let Some(name) = b
                    .info
                    .split_whitespace()
                    .find_map(|t| t.strip_prefix("file="))
                {
                    std::fs::write(copy.join(name), &b.text).unwrap();
                }
                ran += 1;
            }
            "python" => {
                let Some(py) = &python else {
                    assert!(
                        std::env::var_os("CI").is_none(),
                        "{where_}: no Python with pandas and SciPy; CI must have one"
                    );
                    skipped(
                        "every_readme_example_runs_and_prints_what_the_readme_shows",
                        &format!(
                            "{where_}: no Python with pandas and SciPy (set PARATOPIC_PYTHON)"
                        ),
                    );
                    printed = Printed::default();
                    continue;
                };
                let o = Command::new(py)
                    .args(["-c", &b.text])
                    .current_dir(&copy)
                    .output()
                    .unwrap();
                printed = Printed::of(&o, b.line);
                assert!(
                    o.status.success(),
                    "{where_}: the example failed:\n{}",
                    printed.stderr
                );
                ran += 1;
            }
            "text" => {
                let stream = b.info.split_whitespace().nth(1);
                let actual = match stream {
                    None => &printed.stdout,
                    Some("stderr") => &printed.stderr,
                    Some(_) => continue, // documentation, not output
                };
                if printed.from_line == 0 {
                    continue; // its example was skipped, as said above
                }
                assert_eq!(
                    mask_timings(actual),
                    mask_timings(&b.text),
                    "{where_}: the output shown differs from what the example at README.md:{} prints",
                    printed.from_line
                );
                compared += 1;
            }
            _ => {}
        }
    }
    assert!(
        ran >= 8 && compared >= 5,
        "ran {ran} examples, compared {compared} outputs"
    );
}

#[test]
fn timings_are_masked_and_nothing_else() {
    assert_eq!(
        mask_timings("lsa 0.43s, total 12.5s; 3.5 s"),
        "lsa <t>s, total <t>s; 3.5 s"
    );
    assert_eq!(mask_timings("v2.4.0s"), "v2.<t>s");
}
