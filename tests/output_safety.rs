//! Output safety as a property (contracts §6, §7): over generated folder layouts —
//! `output.dir` fresh, holding the user's files, written by paratopic before, equal to an
//! input, an input's parent, inside an input, the working directory as an absolute path,
//! `.`, a `..` detour, a symlink to an input, a folder holding a symlink that is the
//! input; the config file inside `output.dir`; stale `.NAME.partial-*` / `.NAME.old-*`
//! folders with and without a marker — with the user's files sprinkled everywhere,
//! nothing that existed before a run and that paratopic did not write is missing or
//! changed afterwards, whatever the run's outcome. Runs that must be refused are exit 2.
//!
//! One test per binary: it changes the working directory. `PARATOPIC_LAYOUTS=N` runs N
//! layouts (default 240).

use paratopic::config::Config;
use paratopic::output::{read_marker, MARKER};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A small seeded generator (xorshift64*), so every layout can be rebuilt from its number.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

const DOCS: [&str; 3] = [
    "Police officers patrol the streets to tackle knife crime in every borough.\n\n\
     More police and tougher action on robbery and theft across the city.\n",
    "Affordable homes and council housing for families who rent in London.\n\n\
     Build genuinely affordable housing and homes for key workers to rent.\n",
    "Young people need youth clubs, apprenticeships and positive opportunities.\n\n\
     Investment in youth services keeps young people safe from violence.\n",
];

/// Where `output.dir` goes in a layout.
#[derive(Debug, Clone, Copy)]
enum Out {
    Fresh,
    UsersFolder,
    WrittenBefore,
    WrittenBeforePlusUserFile,
    EqualToInput,
    ParentOfInput,
    InsideInput,
    AbsoluteWorkingDir,
    Dot,
    Detour,
    LinkToInput,
    HoldsLinkedInput,
    EqualToMarkedInput,
}

const OUTS: [Out; 13] = [
    Out::Fresh,
    Out::UsersFolder,
    Out::WrittenBefore,
    Out::WrittenBeforePlusUserFile,
    Out::EqualToInput,
    Out::ParentOfInput,
    Out::InsideInput,
    Out::AbsoluteWorkingDir,
    Out::Dot,
    Out::Detour,
    Out::LinkToInput,
    Out::HoldsLinkedInput,
    Out::EqualToMarkedInput,
];

/// What a layout is: the files written, the run's settings, and whether it must be
/// refused.
struct Layout {
    input: String,
    output: String,
    config: String,
    must_refuse: bool,
    /// Refused because `output.dir` is or contains a path the run reads.
    overlaps: bool,
}

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

fn mark(root: &Path, dir: &str, files: &[&str]) {
    for f in files {
        write(root, &format!("{dir}/{f}"), "old output");
    }
    let listed = files.iter().map(|f| f.to_string()).collect();
    paratopic::output::write_marker(&root.join(dir), &listed).unwrap();
}

/// Builds layout `case` under `root`.
fn build(root: &Path, rng: &mut Rng) -> (Layout, Out) {
    let out_kind = OUTS[rng.below(OUTS.len())];
    let nested = rng.chance(50);
    let docs = if nested { "proj/docs" } else { "docs" };
    for (i, d) in DOCS.iter().enumerate() {
        let sub = if rng.chance(30) { "sub/" } else { "" };
        write(root, &format!("{docs}/{sub}d{i}.txt"), d);
    }
    let mut input = docs.to_string();
    let (output, must_refuse) = match out_kind {
        Out::Fresh => ("out".to_string(), false),
        Out::UsersFolder => {
            write(root, "out/notes.txt", "the user's notes");
            ("out".into(), true)
        }
        Out::WrittenBefore => {
            mark(root, "out", &["topics.csv", "charts/a.svg"]);
            ("out".into(), false)
        }
        Out::WrittenBeforePlusUserFile => {
            mark(root, "out", &["topics.csv"]);
            write(root, "out/charts/mine.svg", "the user's chart");
            ("out".into(), true)
        }
        Out::EqualToInput => (docs.to_string(), true),
        Out::ParentOfInput if nested => ("proj".into(), true),
        Out::ParentOfInput => (".".into(), true),
        Out::InsideInput => (format!("{docs}/out"), false),
        Out::AbsoluteWorkingDir => (root.display().to_string(), true),
        Out::Dot => (".".into(), true),
        Out::Detour => (
            format!("{docs}/../{}", docs.rsplit('/').next().unwrap()),
            true,
        ),
        Out::LinkToInput => {
            symlink(&root.join(docs), &root.join("link"));
            ("link".into(), true)
        }
        Out::HoldsLinkedInput => {
            std::fs::create_dir_all(root.join("out2")).unwrap();
            symlink(&root.join(docs), &root.join("out2/in"));
            input = "out2/in".into();
            ("out2".into(), true)
        }
        Out::EqualToMarkedInput => {
            // an earlier output folder read as input: only the overlap rule protects it
            let files: Vec<String> = snapshot(&root.join(docs))
                .keys()
                .map(|p| {
                    p.strip_prefix(root.join(docs))
                        .unwrap()
                        .display()
                        .to_string()
                })
                .collect();
            let listed = files.into_iter().collect();
            paratopic::output::write_marker(&root.join(docs), &listed).unwrap();
            (docs.to_string(), true)
        }
    };
    let overlaps = !matches!(
        out_kind,
        Out::Fresh
            | Out::UsersFolder
            | Out::WrittenBefore
            | Out::WrittenBeforePlusUserFile
            | Out::InsideInput
    );
    // the user's files around the inputs and outputs
    for _ in 0..rng.below(4) {
        let places = ["", "proj/", "docs/", "notes/", "out-old/"];
        let place = places[rng.below(places.len())];
        write(root, &format!("{place}mine{}.md", rng.below(100)), "mine");
    }
    // stale staging folders of dead runs, marked (paratopic's) or not (the user's)
    let name = Path::new(&output)
        .file_name()
        .map_or("out".into(), |n| n.to_string_lossy().into_owned());
    let parent = Path::new(&output)
        .parent()
        .map_or(String::new(), |p| p.display().to_string());
    let beside = |f: &str| match parent.as_str() {
        "" => f.to_string(),
        p => format!("{p}/{f}"),
    };
    let dead = (1u32 << 30) + rng.below(1000) as u32;
    if rng.chance(30) && !output.starts_with('/') {
        let stale = beside(&format!(".{name}.partial-{dead}"));
        if rng.chance(50) {
            mark(root, &stale, &["topics.csv"]);
        } else {
            write(root, &format!("{stale}/mine.txt"), "not paratopic's");
        }
    }
    if rng.chance(20) && !output.starts_with('/') {
        let old = beside(&format!(".{name}.old-{}", dead + 1));
        mark(root, &old, &["run.json"]);
        if rng.chance(50) {
            write(root, &format!("{old}/mine.txt"), "not paratopic's");
        }
    }
    // the config file: usually beside, sometimes inside output.dir
    let config_inside = matches!(out_kind, Out::WrittenBefore | Out::Fresh) && rng.chance(20);
    let config = if config_inside {
        format!("{output}/p.toml")
    } else {
        "p.toml".to_string()
    };
    write(root, &config, "[cluster]\nk = 2\n");
    let layout = Layout {
        input,
        output,
        config,
        must_refuse: must_refuse || config_inside,
        overlaps: overlaps || config_inside,
    };
    (layout, out_kind)
}

#[cfg(unix)]
fn symlink(target: &Path, link: &Path) {
    std::os::unix::fs::symlink(target, link).unwrap();
}

#[cfg(not(unix))]
fn symlink(_: &Path, _: &Path) {}

/// Every entry below `dir` (not following links): files with their bytes, links with
/// their target.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            let meta = std::fs::symlink_metadata(&p).unwrap();
            if meta.is_symlink() {
                let target = std::fs::read_link(&p).unwrap();
                out.insert(p, target.display().to_string().into_bytes());
            } else if meta.is_dir() {
                stack.push(p);
            } else {
                out.insert(p.clone(), std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

/// The files paratopic may replace or remove: those its markers list in `output.dir` and
/// in stale `.old` folders, and everything in stale `.partial` folders holding a marker.
fn paratopics(root: &Path, output: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let parent = output.parent().unwrap_or(root);
    let mut dirs = vec![output.to_path_buf()];
    if let Ok(entries) = std::fs::read_dir(parent) {
        dirs.extend(entries.map(|e| e.unwrap().path()).filter(|p| {
            let n = p.file_name().unwrap().to_string_lossy().into_owned();
            n.contains(".partial-") || n.contains(".old-")
        }));
    }
    for d in dirs {
        let Some(listed) = read_marker(&d) else {
            continue;
        };
        out.push(d.join(MARKER));
        let whole = d.to_string_lossy().contains(".partial-");
        for (p, _) in snapshot(&d) {
            let rel = p
                .strip_prefix(&d)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            if whole || listed.contains(&rel) {
                out.push(p);
            }
        }
    }
    out
}

fn run_layout(root: &Path, case: u64) {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ (case + 1).wrapping_mul(0x2545_F491));
    let (layout, kind) = build(root, &mut rng);
    std::env::set_current_dir(root).unwrap();
    let before = snapshot(root);
    let output = root.join(&layout.output);
    let owned = paratopics(root, &output);
    let overrides = [
        format!("input.paths=[{:?}]", layout.input),
        format!("output.dir={:?}", layout.output),
        "cluster.restarts=1".into(),
        "cluster.dims=4".into(),
        "vectorize.min_df=1".into(),
        "vectorize.max_df=1.0".into(),
    ];
    let result = Config::load(Some(Path::new(&layout.config)), &overrides)
        .and_then(|c| paratopic::pipeline::run(&c, &mut |_| {}));
    let after = snapshot(root);
    let what = format!(
        "layout {case} ({kind:?}, input {}, output {}, config {}): {:?}",
        layout.input,
        layout.output,
        layout.config,
        result.as_ref().map(|_| "ok").map_err(|e| e.to_string())
    );
    for (path, bytes) in &before {
        if owned.contains(path) {
            continue;
        }
        assert!(
            after.get(path) == Some(bytes),
            "{what}: {} is missing or changed",
            path.display()
        );
    }
    if layout.must_refuse {
        let e = result.as_ref().err();
        assert_eq!(e.map(|e| e.exit_code()), Some(2), "{what}: must be refused");
        let why = "paratopic never writes, moves or deletes what it reads";
        assert_eq!(
            e.unwrap().to_string().contains(why),
            layout.overlaps,
            "{what}"
        );
    } else {
        assert!(result.is_ok(), "{what}: must succeed");
        let listed = read_marker(&output).expect("a marker in the new output folder");
        assert!(
            listed.contains("topics.csv") && listed.contains("run.json"),
            "{what}"
        );
    }
}

#[test]
fn no_generated_layout_loses_a_file_paratopic_did_not_write() {
    let n: u64 = std::env::var("PARATOPIC_LAYOUTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(240);
    let home = std::env::current_dir().unwrap();
    let mut kinds = BTreeMap::new();
    for case in 0..n {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().canonicalize().unwrap();
        run_layout(&root, case);
        std::env::set_current_dir(&home).unwrap();
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ (case + 1).wrapping_mul(0x2545_F491));
        *kinds
            .entry(format!("{:?}", OUTS[rng.below(OUTS.len())]))
            .or_insert(0) += 1;
    }
    eprintln!("layouts by kind of output.dir: {kinds:?}");
    assert!(
        kinds.len() == OUTS.len() || n < 100,
        "a kind never drawn: {kinds:?}"
    );
}
