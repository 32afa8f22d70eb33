//! Guided topics (`[topics.seed_words]`, #15): a small planted theme that plain k-means
//! merges into a larger topic is found and named with its seed words.

mod common;

use common::*;
use std::collections::BTreeMap;

/// A deterministic generator (64-bit LCG), so the corpus is the same everywhere.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }

    fn pick<'a>(&mut self, pool: &[&'a str]) -> &'a str {
        pool[(self.next() * pool.len() as f64) as usize % pool.len()]
    }
}

/// 86 one-paragraph documents: housing (40), buses (20) and trains (20), and a small
/// cycling theme (6) that shares the transport words of buses and trains.
fn planted() -> Scratch {
    let shared = "city council plan services people local support years government public new residents work ensure community";
    let housing = "homes housing rent tenants landlords affordable mortgage estate flats building developers leasehold homelessness shelter";
    let buses = "buses fares routes bus passengers stops timetable depot drivers oyster";
    let trains = "trains rail stations platforms railway signals tracks commuters overground";
    let cycling = "cycling bicycles cyclists lanes bike helmets pedals cycle";
    let transport = "transport journeys roads streets traffic travel congestion";
    let words = |s: &'static str| s.split(' ').collect::<Vec<_>>();
    let (shared, transport) = (words(shared), words(transport));
    let mut rng = Lcg(7);
    let s = Scratch::new();
    for (theme, own, other, n) in [
        ("housing", words(housing), words(housing), 40),
        ("buses", words(buses), transport.clone(), 20),
        ("trains", words(trains), transport.clone(), 20),
        ("cycling", words(cycling), transport.clone(), 6),
    ] {
        for i in 0..n {
            let para: Vec<&str> = (0..30)
                .map(|_| match rng.next() {
                    x if x < 0.5 => rng.pick(&own),
                    x if x < 0.8 => rng.pick(&other),
                    _ => rng.pick(&shared),
                })
                .collect();
            s.file(
                &format!("{theme}_{i:02}.txt"),
                format!("{}.\n", para.join(" ")).as_bytes(),
            );
        }
    }
    s
}

/// Per topic, its paragraphs counted by theme (the document name's prefix).
fn topics_by_theme(s: &Scratch) -> BTreeMap<String, BTreeMap<String, usize>> {
    let (_, rows) = read_csv(&s.path("out/paragraphs.csv"));
    let mut out: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    for r in rows {
        let theme = r[0].split('_').next().unwrap().to_string();
        *out.entry(r[3].clone())
            .or_default()
            .entry(theme)
            .or_default() += 1;
    }
    out
}

/// The topic holding the cycling paragraphs, and how many other paragraphs it holds.
fn cycling_topic(s: &Scratch) -> (String, usize) {
    let by = topics_by_theme(s);
    let (topic, themes) = by
        .iter()
        .max_by_key(|(_, t)| t.get("cycling").copied().unwrap_or(0))
        .unwrap();
    assert_eq!(
        themes.get("cycling"),
        Some(&6),
        "the cycling paragraphs stay together: {by:?}"
    );
    (topic.clone(), themes.values().sum::<usize>() - 6)
}

#[test]
fn without_guidance_the_small_theme_is_merged_into_a_larger_topic() {
    let s = planted();
    let o = s.run(&["--set", "cluster.k=3"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let (_, others) = cycling_topic(&s);
    assert!(
        others >= 10,
        "plain k-means merges the cycling theme: {:?}",
        topics_by_theme(&s)
    );
}

#[test]
fn seed_words_find_and_name_the_small_theme() {
    let s = planted();
    let o = s.run(&[
        "--set",
        "cluster.k=3",
        "--set",
        "topics.seed_words={cycling=[\"cycling\", \"bicycles\", \"cyclists\", \"lanes\"]}",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let (topic, others) = cycling_topic(&s);
    assert_eq!(
        others,
        0,
        "the guided topic is the cycling theme: {:?}",
        topics_by_theme(&s)
    );
    let (header, rows) = read_csv(&s.path("out/topics.csv"));
    assert_eq!(header.last().map(String::as_str), Some("name"));
    let row = rows.iter().find(|r| r[0] == topic).unwrap();
    assert_eq!(row.last().map(String::as_str), Some("cycling"));
    // the name is kept in the model, so apply shows it
    let model = std::fs::read_to_string(s.path("out/model/model.json")).unwrap();
    assert!(model.contains("\"name\": \"cycling\""));
}

#[test]
fn seed_word_errors_name_the_topic_and_words() {
    let s = planted();
    // a missing word is a warning naming it; the others guide
    let o = s.run(&[
        "--set",
        "cluster.k=3",
        "--set",
        "topics.seed_words={cycling=[\"cycling\", \"velocipede\"]}",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o)
            .contains("warning: topics.seed_words.cycling: \"velocipede\" not in the vocabulary"),
        "{}",
        stderr(&o)
    );
    // no word known: exit 2
    let o = s.run(&["--set", "topics.seed_words={space=[\"rocket\", \"orbit\"]}"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("topics.seed_words.space: none of its words (rocket, orbit)"),
        "{}",
        stderr(&o)
    );
    // more guided topics than k: exit 2
    let o = s.run(&[
        "--set",
        "cluster.k=1",
        "--set",
        "topics.seed_words={a=[\"cycling\"], b=[\"trains\"]}",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("2 guided topics but cluster.k is 1"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn with_k_auto_only_k_at_least_the_guided_topics_is_tried() {
    let s = planted();
    let o = s.run(&[
        "--set",
        "cluster.k=\"auto\"",
        "--set",
        "cluster.k_range=[2, 5]",
        "--set",
        "topics.seed_words={a=[\"cycling\"], b=[\"trains\"], c=[\"housing\"], d=[\"buses\"]}",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let ks: Vec<u64> = s.run_json()["k_selection"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["k"].as_u64().unwrap())
        .collect();
    assert_eq!(ks, [4, 5]);
}
