//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs the paratopic binary in `cwd` with `args`.
pub fn paratopic(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_paratopic"))
        .current_dir(cwd)
        .args(args)
        .output()
        .expect("binary runs")
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

/// report.html without what legitimately differs between two runs: the timings, and the
/// output folder `out` (in the configuration).
pub fn comparable_report(bytes: &[u8], out: &Path) -> String {
    use paratopic::report::{TIMINGS_END, TIMINGS_START};
    let html = String::from_utf8(bytes.to_vec()).expect("report.html is UTF-8");
    let start = html.find(TIMINGS_START).expect("timings start mark");
    let end = html.find(TIMINGS_END).expect("timings end mark");
    format!("{}{}", &html[..start], &html[end..]).replace(&out.display().to_string(), "OUT")
}
