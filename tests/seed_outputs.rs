//! The seed run's outputs are committed under data/out; a fresh run with the default
//! config must reproduce them byte for byte (run.json without its timings and with its
//! numbers compared to 9 significant digits, report.html without its timings). The
//! committed files come from a release build and `cargo test` runs a debug build, whose
//! floating-point sums may differ in the last bits (silhouette, inertia); every value a
//! user reads (CSV, charts, report) must still match exactly. When this fails after an intended change, regenerate them with
//! `cargo run --release -- run` and commit data/out.

mod common;

use common::*;
use std::collections::BTreeMap;
use std::path::Path;

fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                let rel = p
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn without_timings(run_json: &[u8]) -> serde_json::Value {
    fn round(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Number(n) if n.is_f64() => {
                let x: f64 = format!("{:.8e}", n.as_f64().unwrap()).parse().unwrap();
                *v = serde_json::json!(x);
            }
            serde_json::Value::Array(a) => a.iter_mut().for_each(round),
            serde_json::Value::Object(o) => o.values_mut().for_each(round),
            _ => {}
        }
    }
    let mut v: serde_json::Value = serde_json::from_slice(run_json).unwrap();
    v.as_object_mut().unwrap().remove("timings_s");
    round(&mut v);
    v
}

#[test]
fn a_fresh_default_run_reproduces_the_committed_seed_outputs() {
    // the default run, as the README says: in a copy of the repo, `paratopic run`
    let tmp = tempfile::tempdir().unwrap();
    let copy = tmp.path();
    std::fs::copy(repo().join("paratopic.toml"), copy.join("paratopic.toml")).unwrap();
    std::fs::create_dir(copy.join("seeds")).unwrap();
    for e in std::fs::read_dir(repo().join("seeds")).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, copy.join("seeds").join(p.file_name().unwrap())).unwrap();
    }
    let o = paratopic(copy, &["run", "--quiet"]);
    assert!(o.status.success(), "{}", stderr(&o));

    let committed = tree(&repo().join("data/out"));
    let fresh = tree(&copy.join("data/out"));
    let stale = "data/out is stale: regenerate it with `cargo run --release -- run` and commit it";
    assert_eq!(
        committed.keys().collect::<Vec<_>>(),
        fresh.keys().collect::<Vec<_>>(),
        "{stale}"
    );
    let out = Path::new("data/out");
    for (name, bytes) in &committed {
        let same = match name.as_str() {
            "run.json" => without_timings(bytes) == without_timings(&fresh[name]),
            "report.html" => comparable_report(bytes, out) == comparable_report(&fresh[name], out),
            _ => bytes == &fresh[name],
        };
        assert!(same, "{name} differs from a fresh run; {stale}");
    }
}
