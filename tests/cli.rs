//! Command-line behaviour: config errors, exit codes, init.

mod common;

use common::*;

#[test]
fn unknown_key_names_it_and_suggests_the_nearest() {
    let tmp = tempfile::tempdir().unwrap();
    let o = seed_run(&tmp.path().join("out"), &["--set", "cluster.kk=3"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("unknown key cluster.kk; did you mean cluster.k?"),
        "{}",
        stderr(&o)
    );
    assert!(!tmp.path().join("out").exists());
}

#[test]
fn file_errors_give_line_and_column() {
    let tmp = tempfile::tempdir().unwrap();
    let cfg = tmp.path().join("bad.toml");
    std::fs::write(
        &cfg,
        "[input]\npaths = [\"seeds\"]\n\n[cluster]\nk = \"many\"\n",
    )
    .unwrap();
    let o = paratopic(tmp.path(), &["run", "--config", cfg.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(e.contains("bad.toml:5:5: cluster.k:"), "{e}");

    std::fs::write(&cfg, "[cluster]\nk = 0\n").unwrap();
    let o = paratopic(tmp.path(), &["run", "--config", cfg.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("bad.toml:2:5: cluster.k: is 0; it must be between 1 and 1000"),
        "{}",
        stderr(&o)
    );

    std::fs::write(&cfg, "[cluster\nk = 3\n").unwrap();
    let o = paratopic(tmp.path(), &["run", "--config", cfg.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("bad.toml:1:"), "{}", stderr(&o));
    assert!(stderr(&o).contains("invalid TOML"), "{}", stderr(&o));
}

#[test]
fn k_larger_than_the_units_is_a_clear_error() {
    let tmp = tempfile::tempdir().unwrap();
    let o = seed_run(&tmp.path().join("out"), &["--set", "cluster.k=500"]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(
        e.contains("cluster.k: is 500 but the corpus has only 69 paragraph units with words"),
        "{e}"
    );
    assert!(!e.contains("panicked"));
}

#[test]
fn missing_input_path_is_a_data_error_naming_it() {
    let tmp = tempfile::tempdir().unwrap();
    let o = seed_run(
        &tmp.path().join("out"),
        &["--set", "input.paths=[\"/no/such/corpus\"]"],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("/no/such/corpus"), "{}", stderr(&o));
}

#[test]
fn help_and_version_print_to_stdout_and_exit_0() {
    let tmp = tempfile::tempdir().unwrap();
    for args in [
        &["--help"][..],
        &["-h"],
        &["run", "--help"],
        &["help", "init"],
    ] {
        let o = paratopic(tmp.path(), args);
        let out = String::from_utf8_lossy(&o.stdout);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
        assert!(out.contains("Usage: paratopic"), "{args:?}: {out}");
        assert_eq!(stderr(&o), "", "{args:?}");
    }
    for args in [["--version"], ["-V"]] {
        let o = paratopic(tmp.path(), &args);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
        let out = String::from_utf8_lossy(&o.stdout);
        let version = format!("paratopic {}", env!("CARGO_PKG_VERSION"));
        assert!(out.starts_with(&version), "{args:?}: {out}");
        assert_eq!(out.lines().count(), 1, "{args:?}: {out}");
    }
    // a missing subcommand is a usage error: help on stderr, exit 2
    let o = paratopic(tmp.path(), &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("Usage: paratopic"), "{}", stderr(&o));
}

#[test]
fn usage_errors_exit_2() {
    let tmp = tempfile::tempdir().unwrap();
    let o = paratopic(tmp.path(), &["frobnicate"]);
    assert_eq!(o.status.code(), Some(2));
    let o = seed_run(&tmp.path().join("out"), &["--set", "cluster.k"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("expected KEY=VALUE"), "{}", stderr(&o));
}

#[test]
fn init_writes_the_default_config_which_is_the_repo_config() {
    let tmp = tempfile::tempdir().unwrap();
    let o = paratopic(tmp.path(), &["init"]);
    assert!(o.status.success());
    let written = std::fs::read_to_string(tmp.path().join("paratopic.toml")).unwrap();
    assert_eq!(written, paratopic::config::DEFAULT_TOML);
    let repo_cfg = std::fs::read_to_string(repo().join("paratopic.toml")).unwrap();
    assert_eq!(
        repo_cfg, written,
        "paratopic.toml differs from the built-in default"
    );
    // refuses to overwrite without --force
    let o = paratopic(tmp.path(), &["init"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(paratopic(tmp.path(), &["init", "--force"]).status.success());
}

#[test]
fn failed_run_keeps_previous_outputs() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    assert!(seed_run(&out, &[]).status.success());
    let before = std::fs::read(out.join("doc_topics.csv")).unwrap();
    let empty = tmp.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let o = seed_run(
        &out,
        &[
            "--set",
            &format!("input.paths=[{:?}]", empty.display().to_string()),
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no text found"), "{}", stderr(&o));
    assert_eq!(std::fs::read(out.join("doc_topics.csv")).unwrap(), before);
    let leftovers: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(
        leftovers.is_empty(),
        "temporary folders left behind: {leftovers:?}"
    );
}
