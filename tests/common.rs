//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared/REL` beside the repository, which CI always has: `None` (with a
/// `SKIPPED:` line naming `test`) when it is missing outside CI; a failure in CI.
pub fn shared(rel: &str, test: &str) -> Option<PathBuf> {
    let p = repo().join("../shared").join(rel);
    if p.exists() {
        return Some(p);
    }
    assert!(
        !in_ci(),
        "{test}: {} is missing: CI must run this test",
        p.display()
    );
    skipped(
        test,
        &format!("{} is not here (it is beside the repo in CI)", p.display()),
    );
    None
}

/// Runs the paratopic binary in `cwd` with `args`.
pub fn paratopic(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_paratopic"))
        .current_dir(cwd)
        .args(args)
        .output()
        .expect("binary runs")
}

/// Says that `test` skipped a check and why, as a line starting `SKIPPED:` written
/// straight to the test process's stderr: the test harness captures only `eprintln!`, so
/// the line shows in `cargo test`'s output even when the test passes, and `.ci/run` fails
/// on it.
pub fn skipped(test: &str, why: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "SKIPPED: {test}: {why}");
}

/// True when running in CI (`CI` set), where every test must run in full.
pub fn in_ci() -> bool {
    std::env::var_os("CI").is_some()
}

/// A command running the paratopic binary as a user without root's privileges: this
/// user when it is not root; as root, the user `nobody` (uid and gid 65534, through
/// util-linux's `setpriv`), since root may write into read-only folders and read
/// unreadable files. The folders the run needs must let `nobody` in (see
/// [`open_to_everyone`]); `scratch`, a folder removed after the test, holds a copy of the
/// binary when the build folder is closed to others (cargo-mutants builds in a private
/// temporary folder). `None`, after a `SKIPPED:` line naming `test`, when root has no
/// `setpriv`.
#[cfg(unix)]
pub fn unprivileged(test: &str, scratch: &Path) -> Option<Command> {
    use std::os::unix::fs::PermissionsExt;
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_paratopic"));
    if unsafe { libc::geteuid() } != 0 {
        return Some(Command::new(bin));
    }
    let setpriv = ["/usr/bin/setpriv", "/bin/setpriv"]
        .into_iter()
        .find(|p| Path::new(p).is_file());
    let Some(setpriv) = setpriv else {
        skipped(test, "running as root and setpriv (util-linux) is missing");
        return None;
    };
    let open = |p: &Path, bits: u32| {
        std::fs::metadata(p).is_ok_and(|m| m.permissions().mode() & bits == bits)
    };
    let reachable = open(&bin, 0o005) && bin.ancestors().skip(1).all(|d| open(d, 0o001));
    let bin = if reachable {
        bin
    } else {
        let copy = scratch.join("paratopic-bin");
        std::fs::copy(&bin, &copy).unwrap();
        std::fs::set_permissions(&copy, std::fs::Permissions::from_mode(0o755)).unwrap();
        copy
    };
    let mut cmd = Command::new(setpriv);
    cmd.args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
        .arg(bin);
    Some(cmd)
}

/// Sets `mode` on `dir`, so an unprivileged user can enter it (0o755) or also write in
/// it (0o777).
#[cfg(unix)]
pub fn open_to_everyone(dir: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// Runs the default config on the repo's seeds into `out`, with extra args.
pub fn seed_run(out: &Path, extra: &[&str]) -> Output {
    let seeds = format!(
        "input.paths=[{:?}]",
        repo().join("seeds").display().to_string()
    );
    let dir = format!("output.dir={:?}", out.display().to_string());
    let config = repo().join("paratopic.toml");
    let mut args = vec![
        "run",
        "--quiet",
        "--config",
        config.to_str().unwrap(),
        "--set",
        &seeds,
        "--set",
        &dir,
    ];
    args.extend_from_slice(extra);
    paratopic(&repo(), &args)
}

/// stderr as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Reads a CSV file into (header, rows).
pub fn read_csv(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_path(path).expect("csv opens");
    let header = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r
        .records()
        .map(|rec| rec.unwrap().iter().map(String::from).collect())
        .collect();
    (header, rows)
}

/// A scratch folder to run paratopic in: input files go into `in/`, outputs into `out/`,
/// both given to paratopic as relative paths so messages read `in/bad.txt`.
pub struct Scratch {
    /// The temporary folder (removed on drop).
    pub dir: tempfile::TempDir,
}

/// Cluster settings that keep test runs quick; they do not change what is tested.
pub const QUICK: &[&str] = &["--set", "cluster.restarts=2"];

impl Default for Scratch {
    fn default() -> Self {
        Scratch::new()
    }
}

impl Scratch {
    /// An empty `in/` folder.
    pub fn new() -> Scratch {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir(dir.path().join("in")).unwrap();
        Scratch { dir }
    }

    /// `in/` holding copies of the five seed documents.
    pub fn with_seeds() -> Scratch {
        let s = Scratch::new();
        for (name, text) in seed_texts() {
            s.file(&name, text.as_bytes());
        }
        s
    }

    /// A path inside the scratch folder.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Writes `in/REL` (creating folders), returns its path.
    pub fn file(&self, rel: &str, bytes: &[u8]) -> PathBuf {
        let p = self.path("in").join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, bytes).unwrap();
        p
    }

    /// `paratopic run` on `in/` into `out/` (not quiet: warnings are on stderr), with
    /// quick cluster settings and `extra` arguments.
    pub fn run(&self, extra: &[&str]) -> Output {
        paratopic(self.dir.path(), &run_args(extra))
    }

    /// `paratopic ARGS` in the scratch folder.
    pub fn paratopic(&self, args: &[&str]) -> Output {
        paratopic(self.dir.path(), args)
    }

    /// Names in the scratch folder starting with a dot: temporary folders left behind.
    pub fn leftovers(&self) -> Vec<String> {
        std::fs::read_dir(self.dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with('.'))
            .collect()
    }

    /// Every file under `REL`, by relative path, with its bytes (empty if `REL` is missing).
    pub fn tree(&self, rel: &str) -> BTreeMap<String, Vec<u8>> {
        read_tree(&self.path(rel))
    }

    /// `out/run.json`.
    pub fn run_json(&self) -> serde_json::Value {
        serde_json::from_slice(&std::fs::read(self.path("out/run.json")).unwrap()).unwrap()
    }

    /// Document ids listed in `out/run.json`, in order.
    pub fn documents(&self) -> Vec<String> {
        self.run_json()["documents"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["id"].as_str().unwrap().to_string())
            .collect()
    }

    /// Rows of `out/paragraphs.csv` as (document, line, text).
    pub fn paragraphs(&self) -> Vec<(String, usize, String)> {
        let (_, rows) = read_csv(&self.path("out/paragraphs.csv"));
        rows.into_iter()
            .map(|r| (r[0].clone(), r[2].parse().unwrap(), r[7].clone()))
            .collect()
    }
}

/// The arguments of [`Scratch::run`].
pub fn run_args<'a>(extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "run",
        "--set",
        "input.paths=[\"in\"]",
        "--set",
        "output.dir=\"out\"",
    ];
    args.extend_from_slice(QUICK);
    args.extend_from_slice(extra);
    args
}

/// The seed documents: (file name, text), sorted.
pub fn seed_texts() -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = std::fs::read_dir(repo().join("seeds"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

/// Every file under `dir`, recursively, by relative path with `/`.
pub fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                files.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    files
}

/// Asserts two output trees (of runs into `out`) are byte-identical, `run.json` and
/// `report.html` compared without their timings.
pub fn assert_same_outputs(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>) {
    assert_eq!(
        a.keys().collect::<Vec<_>>(),
        b.keys().collect::<Vec<_>>(),
        "different files"
    );
    assert!(a.len() >= 10, "too few outputs: {:?}", a.keys());
    for (name, bytes) in a {
        if name == "run.json" {
            let strip = |b: &[u8]| {
                let mut v: serde_json::Value = serde_json::from_slice(b).unwrap();
                v.as_object_mut().unwrap().remove("timings_s");
                v
            };
            assert_eq!(strip(bytes), strip(&b[name]), "run.json differs");
        } else if name == "report.html" {
            let out = Path::new("out");
            assert!(
                comparable_report(bytes, out) == comparable_report(&b[name], out),
                "report.html differs"
            );
        } else {
            assert!(bytes == &b[name], "{name} differs");
        }
    }
}

/// report.html without what legitimately differs between two runs: the timings, and the
/// output folder `out` (in the configuration).
pub fn comparable_report(bytes: &[u8], out: &Path) -> String {
    use paratopic::report::{TIMINGS_END, TIMINGS_START};
    let html = String::from_utf8(bytes.to_vec()).expect("report.html is UTF-8");
    let start = html.find(TIMINGS_START).expect("timings start mark");
    let end = html.find(TIMINGS_END).expect("timings end mark");
    format!("{}{}", &html[..start], &html[end..]).replace(&out.display().to_string(), "OUT")
}
