//! `[compare]` end to end: a synthetic corpus with planted party and time effects
//! (the parties share their vocabulary; the planted differences are 10 points), the
//! metadata errors, and determinism.

mod common;

use std::collections::HashMap;
use std::path::Path;

/// Four planted topics, each with its own 25 words; every paragraph has some of the
/// common words too.
const PREFIXES: [&str; 4] = ["polic", "housin", "econom", "defen"];
const SUFFIXES: [&str; 25] = [
    "ab", "ec", "id", "ob", "ug", "al", "em", "ir", "os", "un", "ak", "et", "iv", "om", "ut", "ar",
    "el", "in", "ox", "uz", "ap", "eb", "if", "og", "ul",
];
const COMMON: [&str; 6] = [
    "government",
    "people",
    "plan",
    "country",
    "future",
    "together",
];

/// A small deterministic generator (xorshift).
struct Rng(u64);
impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// The planted topic mix of a document of `party` in `year` (2000–2019): topic 0 rises
/// by 10 points over the years and topic 1 falls as much; red has topic 2 ten points
/// above blue and topic 3 ten below.
fn mix(party: &str, year: usize) -> [f64; 4] {
    let trend = 0.10 * (year - 2000) as f64 / 19.0;
    let tilt = if party == "red" { 0.05 } else { -0.05 };
    [0.20 + trend, 0.30 - trend, 0.25 + tilt, 0.25 - tilt]
}

/// Paragraphs per topic of a 30-paragraph document (largest remainders).
fn allocation(p: [f64; 4]) -> [usize; 4] {
    let mut n = p.map(|x| (x * 30.0).floor() as usize);
    let mut rest: Vec<(f64, usize)> = (0..4).map(|t| (p[t] * 30.0 - n[t] as f64, t)).collect();
    rest.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let missing = 30 - n.iter().sum::<usize>();
    for &(_, t) in rest.iter().take(missing) {
        n[t] += 1;
    }
    n
}

/// Writes the corpus (`corpus/<party>/<year>.txt`), its metadata and a config into `dir`.
fn write_corpus(dir: &Path) {
    let mut rng = Rng(0x1234_5678_9abc_def1);
    let mut meta = String::from("document,party,year\n");
    for party in ["red", "blue"] {
        std::fs::create_dir_all(dir.join("corpus").join(party)).unwrap();
        for year in 2000..2020 {
            let mut topics: Vec<usize> = allocation(mix(party, year))
                .iter()
                .enumerate()
                .flat_map(|(t, &n)| std::iter::repeat_n(t, n))
                .collect();
            // shuffled, so that position in the document means nothing
            for i in (1..topics.len()).rev() {
                topics.swap(i, rng.below(i + 1));
            }
            let paragraphs: Vec<String> = topics
                .iter()
                .map(|&t| {
                    let mut words: Vec<String> = (0..24)
                        .map(|_| format!("{}{}", PREFIXES[t], SUFFIXES[rng.below(25)]))
                        .collect();
                    words.extend((0..6).map(|_| COMMON[rng.below(6)].to_string()));
                    words.join(" ") + "."
                })
                .collect();
            std::fs::write(
                dir.join(format!("corpus/{party}/{year}.txt")),
                paragraphs.join("\n\n"),
            )
            .unwrap();
            meta.push_str(&format!("{party}/{year},{party},{year}\n"));
        }
    }
    std::fs::write(dir.join("metadata.csv"), meta).unwrap();
    std::fs::write(
        dir.join("c.toml"),
        "[input]\npaths = [\"corpus\"]\nmetadata = \"metadata.csv\"\n[cluster]\nk = 4\n\
         [compare]\nby = \"party\"\ntime = \"year\"\ntime_bin = 5\nbootstrap = 500\n\
         [output]\ndir = \"out\"\nprovenance = false\n",
    )
    .unwrap();
}

/// The rows of a CSV file as maps from column to value.
fn rows(path: &Path) -> Vec<HashMap<String, String>> {
    let mut r = csv::Reader::from_path(path).unwrap();
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            header
                .iter()
                .cloned()
                .zip(rec.iter().map(String::from))
                .collect()
        })
        .collect()
}

/// The planted topic (0–3) of each found topic id, from the words of its label.
fn planted(out: &Path) -> HashMap<String, usize> {
    rows(&out.join("topics.csv"))
        .iter()
        .map(|r| {
            let p = PREFIXES
                .iter()
                .position(|p| r["label"].starts_with(p))
                .unwrap_or_else(|| panic!("topic {} is no planted topic", r["label"]));
            (r["topic"].clone(), p)
        })
        .collect()
}

fn num(s: &str) -> f64 {
    s.parse().unwrap_or_else(|_| panic!("not a number: {s:?}"))
}

#[test]
fn planted_party_and_time_effects_are_recovered() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    write_corpus(dir);
    let run = common::paratopic(dir, &["run", "--config", "c.toml", "-q"]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let out = dir.join("out");
    let planted = planted(&out);
    let mut values: Vec<usize> = planted.values().copied().collect();
    values.sort_unstable();
    assert_eq!(values, [0, 1, 2, 3], "each planted topic found once");

    // shares by party: red − blue is +10 points on topic 2, −10 on topic 3, ~0 on 0 and 1
    let by_group = rows(&out.join("topics_by_group.csv"));
    let share = |party: &str, p: usize| -> &HashMap<String, String> {
        by_group
            .iter()
            .find(|r| r["group"] == party && planted[&r["topic"]] == p)
            .unwrap()
    };
    for (p, want) in [(0, 0.0), (1, 0.0), (2, 0.10), (3, -0.10)] {
        let diff = num(&share("red", p)["share"]) - num(&share("blue", p)["share"]);
        assert!((diff - want).abs() < 0.02, "topic {p}: red − blue = {diff}");
    }
    // the intervals hold the planted shares (red topic 2: 30%, blue: 20%)
    for (party, truth) in [("red", 0.30), ("blue", 0.20)] {
        let r = share(party, 2);
        let (lo, hi) = (num(&r["share_low"]), num(&r["share_high"]));
        assert!(lo <= truth && truth <= hi, "{party}: {lo}–{hi}");
        assert_eq!(r["documents"], "20");
        assert_eq!(r["by"], "party");
    }

    // distinctive topics: topic 2 for red, topic 3 for blue; 0 and 1 for neither
    let distinct = rows(&out.join("distinctive_topics.csv"));
    assert_eq!(distinct.len(), 8);
    for r in &distinct {
        let (p, z) = (planted[&r["topic"]], num(&r["z"]));
        let sign = if r["group"] == "red" { 1.0 } else { -1.0 };
        match p {
            2 => assert!(sign * z > 2.0, "{r:?}"),
            3 => assert!(sign * z < -2.0, "{r:?}"),
            _ => assert!(z.abs() < 2.0, "{r:?}"),
        }
    }

    // over time (5-year bins): topic 0 rises, topic 1 falls, by about 7.9 points between
    // the first and the last bin (planted: 10 points over 19 years)
    let time = rows(&out.join("topics_over_time.csv"));
    let all = |bin: &str, p: usize| -> f64 {
        let r = time
            .iter()
            .find(|r| r["group"] == "(all)" && r["bin_start"] == bin && planted[&r["topic"]] == p)
            .unwrap();
        num(&r["share"])
    };
    let rise = all("2015", 0) - all("2000", 0);
    let fall = all("2015", 1) - all("2000", 1);
    assert!((rise - 0.079).abs() < 0.02, "topic 0 rose by {rise}");
    assert!((fall + 0.079).abs() < 0.02, "topic 1 changed by {fall}");
    let bins: std::collections::BTreeSet<(&str, &str)> = time
        .iter()
        .map(|r| (r["bin_start"].as_str(), r["bin_end"].as_str()))
        .collect();
    let want = [
        ("2000", "2004"),
        ("2005", "2009"),
        ("2010", "2014"),
        ("2015", "2019"),
    ];
    assert_eq!(bins.into_iter().collect::<Vec<_>>(), want);
    // per party too: 4 bins × 4 topics × (all, red, blue)
    assert_eq!(time.len(), 48);

    // documents.csv: metadata columns and weights
    let docs = rows(&out.join("documents.csv"));
    assert_eq!(docs.len(), 40);
    assert_eq!(
        (docs[0]["party"].as_str(), docs[0]["folder"].as_str()),
        ("blue", "blue")
    );
    assert_eq!(docs[0]["year"], "2000");
    let weights: f64 = (0..4).map(|t| num(&docs[0][&format!("topic_{t}")])).sum();
    assert!((weights - 1.0).abs() < 1e-5);

    // charts and the report
    for chart in ["compare_heatmap", "topics_over_time", "distinctive_topics"] {
        let svg = std::fs::read_to_string(out.join(format!("charts/{chart}.svg"))).unwrap();
        roxmltree::Document::parse(&svg).unwrap();
        assert!(
            svg.contains(">red (20 docs)<") || svg.contains(">red<"),
            "{chart}"
        );
    }
    let report = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(report.contains("<section id=\"compare\">"));
    assert!(report.contains("id=\"chart-distinctive_topics\""));
    let marker = std::fs::read_to_string(out.join(".paratopic-output")).unwrap();
    for f in [
        "topics_by_group.csv",
        "documents.csv",
        "charts/topics_over_time.svg",
    ] {
        assert!(marker.contains(f), "{f} not in the marker");
    }

    // the same outputs with one thread (the report shows output.dir: the same one)
    std::fs::rename(&out, dir.join("out0")).unwrap();
    let again = std::process::Command::new(env!("CARGO_BIN_EXE_paratopic"))
        .current_dir(dir)
        .args(["run", "--config", "c.toml", "-q"])
        .env("RAYON_NUM_THREADS", "1")
        .output()
        .unwrap();
    assert!(again.status.success());
    for f in [
        "topics_by_group.csv",
        "topics_over_time.csv",
        "distinctive_topics.csv",
        "documents.csv",
        "charts/compare_heatmap.svg",
        "charts/topics_over_time.svg",
        "charts/distinctive_topics.svg",
        "report.html",
    ] {
        let a = std::fs::read(dir.join("out0").join(f)).unwrap();
        let b = std::fs::read(out.join(f)).unwrap();
        assert!(a == b, "{f} differs with one thread");
    }
}

/// Runs paratopic in `dir` with the settings and returns (exit code, stderr).
fn fails(dir: &Path, settings: &[&str]) -> (i32, String) {
    let mut args = vec!["run", "--config", "c.toml", "-q"];
    for s in settings {
        args.extend(["--set", s]);
    }
    let out = common::paratopic(dir, &args);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).trim().to_string(),
    )
}

#[test]
fn metadata_errors_name_the_column_file_and_line() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::create_dir_all(dir.join("corpus")).unwrap();
    std::fs::write(
        dir.join("corpus/a.txt"),
        "Some words about the police and crime.",
    )
    .unwrap();
    std::fs::write(
        dir.join("c.toml"),
        "[input]\npaths = [\"corpus\"]\nmetadata = \"m.csv\"\n[output]\ndir = \"out\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("m.csv"),
        "document,party,year,when\na,red,2001,2001-05\n",
    )
    .unwrap();
    assert_eq!(
        fails(dir, &["compare.by=partyy"]),
        (
            2,
            "error: compare.by = \"partyy\": no such column; the columns of m.csv are: folder, party, year, when"
                .into()
        )
    );
    assert_eq!(
        fails(dir, &["compare.time=party"]),
        (
            2,
            "error: compare.time = \"party\": column party of m.csv holds text (\"red\" on line 2), not numbers or dates; \
             choose a number or date column, or set its type with [input.metadata_types] party = \"date\""
                .into()
        )
    );
    assert_eq!(
        fails(dir, &["compare.time=year", "compare.time_bin=\"month\""]).0,
        2
    );
    let (code, err) = fails(dir, &["input.metadata=missing.csv", "compare.by=party"]);
    assert_eq!(code, 1);
    assert!(
        err.starts_with("error: input.metadata missing.csv: no such file;"),
        "{err}"
    );
    std::fs::write(dir.join("m.csv"), "document,when\na,2001-05\nb,2001-13\n").unwrap();
    assert_eq!(
        fails(dir, &["compare.time=when"]),
        (
            1,
            "error: m.csv:3: column when: \"2001-13\" is not a date; write dates as YYYY, YYYY-MM or YYYY-MM-DD with a month 1-12 and a day that exists"
                .into()
        )
    );
    std::fs::write(
        dir.join("m.csv"),
        "document,party\na,red\nb,blue\na,green\n",
    )
    .unwrap();
    assert_eq!(
        fails(dir, &["compare.by=party"]),
        (
            1,
            "error: m.csv:4: document a appears again (first on line 2); give each document one row"
                .into()
        )
    );
    // without metadata, the only column is the folder
    std::fs::write(
        dir.join("c.toml"),
        "[input]\npaths = [\"corpus\"]\n[output]\ndir = \"out\"\n",
    )
    .unwrap();
    let (code, err) = fails(dir, &["compare.by=party"]);
    assert_eq!(code, 2);
    assert!(err.ends_with("the only column is: folder"), "{err}");
    // nothing was written
    assert!(!dir.join("out").exists());
}

#[test]
fn documents_missing_from_the_metadata_are_warned_about_and_grouped() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::create_dir_all(dir.join("corpus")).unwrap();
    for (name, text) in [
        (
            "a",
            "Police officers tackle crime on the streets of the city every night.",
        ),
        (
            "b",
            "Affordable homes and council housing for families across the city.",
        ),
        (
            "c",
            "Police and crime again, officers on the streets, safer city streets.",
        ),
    ] {
        std::fs::write(dir.join(format!("corpus/{name}.txt")), text).unwrap();
    }
    std::fs::write(dir.join("m.csv"), "document,party\na,red\nb,blue\nzz,red\n").unwrap();
    let out = common::paratopic(
        dir,
        &[
            "run",
            "corpus",
            "--set",
            "input.metadata=m.csv",
            "--set",
            "compare.by=party",
            "--set",
            "cluster.k=2",
            "--set",
            "vectorize.min_df=1",
            "--set",
            "output.dir=out",
        ],
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("warning: input.metadata m.csv: 1 of 3 documents have no row: c; they form the (missing) group"),
        "{err}"
    );
    assert!(
        err.contains(
            "warning: input.metadata m.csv: 1 of its 3 rows match no document: zz (line 4);"
        ),
        "{err}"
    );
    let groups: Vec<String> = rows(&dir.join("out/topics_by_group.csv"))
        .iter()
        .map(|r| r["group"].clone())
        .collect();
    assert_eq!(
        groups,
        ["blue", "blue", "red", "red", "(missing)", "(missing)"]
    );
}

#[test]
fn apply_compares_the_documents_a_saved_model_places() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    write_corpus(dir);
    // fit without [compare], then compare with a saved model: the tables equal a run's
    let fit = common::paratopic(
        dir,
        &[
            "run",
            "--config",
            "c.toml",
            "-q",
            "--set",
            "output.dir=fitted",
        ],
    );
    assert!(
        fit.status.success(),
        "{}",
        String::from_utf8_lossy(&fit.stderr)
    );
    let applied = common::paratopic(
        dir,
        &[
            "apply",
            "--model",
            "fitted",
            "--config",
            "c.toml",
            "-q",
            "--set",
            "output.dir=applied",
        ],
    );
    assert!(
        applied.status.success(),
        "{}",
        String::from_utf8_lossy(&applied.stderr)
    );
    for f in [
        "topics_by_group.csv",
        "topics_over_time.csv",
        "distinctive_topics.csv",
        "documents.csv",
    ] {
        let a = std::fs::read(dir.join("fitted").join(f)).unwrap();
        let b = std::fs::read(dir.join("applied").join(f)).unwrap();
        assert!(
            a == b,
            "{f}: apply on the training corpus compares as the run did"
        );
    }
    assert!(dir.join("applied/charts/compare_heatmap.svg").is_file());
}
