//! Criterion benches, one per pipeline stage: corpus split, tokenize+stem, vectorize,
//! cluster (k = 20), plot.
//!
//! ```sh
//! cargo bench --bench stages -- --warm-up-time 1 --measurement-time 3
//! PARATOPIC_BENCH_BYTES=5000000 cargo bench --bench stages -- tokenize
//! ```
//!
//! The corpus is built in memory, reproducibly, like `benches/compare/gen_corpus.py`:
//! paragraphs from `../shared/corpora/{bbc-dev,wiki-sample}` (one-line bbc articles are
//! split into three-sentence paragraphs), a base of every 8th article, replicated with a
//! copy-specific suffix on 8% of the word types (4+ letters, outside the 300 most frequent)
//! so that the vocabulary grows with every copy, until `PARATOPIC_BENCH_BYTES` (default
//! 2,000,000) bytes. Without `../shared` (or with `PARATOPIC_BENCH_SYNTHETIC=1`), the text
//! is generated from a seeded Zipfian vocabulary of made-up words.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use paratopic::cluster::{self, ClusterConfig, TopicCount};
use paratopic::corpus::{split_units, SegmentConfig};
use paratopic::plot::{self, ChartData};
use paratopic::text::{self, PreprocessConfig};
use paratopic::vectorize::{self, VectorizeConfig};
use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256Plus;
use std::collections::HashMap;
use std::hint::black_box;
use std::path::Path;

const DEFAULT_BYTES: usize = 2_000_000;
const BASE_EVERY: usize = 8;
const SUFFIX_RATE: f64 = 0.08;
const TOP_EXCLUDED: usize = 300;
const MIN_WORDS: usize = 16;
const PARAGRAPHS_PER_DOC: usize = 40;
const K: usize = 20;

/// The source articles, each a list of paragraphs.
fn shared_articles() -> Option<Vec<Vec<String>>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora");
    let mut articles = Vec::new();
    for name in ["bbc-dev", "wiki-sample"] {
        let mut files: Vec<_> = std::fs::read_dir(root.join(name))
            .ok()?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        files.sort();
        for f in files {
            let text = std::fs::read_to_string(&f).ok()?.replace("\r\n", "\n");
            let blocks: Vec<String> = text
                .split("\n\n")
                .map(|b| b.split_whitespace().collect::<Vec<_>>().join(" "))
                .filter(|b| !b.is_empty())
                .collect();
            let paras = if blocks.len() == 1 {
                sentence_groups(&blocks[0])
            } else {
                blocks
            };
            let paras: Vec<String> = paras
                .into_iter()
                .filter(|p| p.split_whitespace().count() >= MIN_WORDS)
                .collect();
            if !paras.is_empty() {
                articles.push(paras);
            }
        }
    }
    (!articles.is_empty()).then_some(articles)
}

/// Three sentences to a paragraph; a short last group joins the one before.
fn sentence_groups(line: &str) -> Vec<String> {
    let mut sents: Vec<&str> = Vec::new();
    let mut start = 0;
    let b = line.as_bytes();
    for i in 0..b.len() {
        if matches!(b[i], b'.' | b'!' | b'?') && b.get(i + 1) == Some(&b' ') {
            sents.push(&line[start..=i]);
            start = i + 2;
        }
    }
    if start < line.len() {
        sents.push(&line[start..]);
    }
    let mut out: Vec<String> = Vec::new();
    for g in sents.chunks(3) {
        let g = g.join(" ");
        match out.last_mut() {
            Some(last) if g.split_whitespace().count() < MIN_WORDS => {
                last.push(' ');
                last.push_str(&g);
            }
            _ => out.push(g),
        }
    }
    out
}

/// Made-up articles from a seeded Zipfian vocabulary, for when `../shared` is absent.
fn synthetic_articles() -> Vec<Vec<String>> {
    let mut rng = Xoshiro256Plus::seed_from_u64(7);
    let syll = [
        "ka", "lo", "mi", "nu", "po", "ra", "se", "ti", "vo", "ze", "an", "el", "in", "or", "us",
    ];
    let vocab: Vec<String> = (0..20_000)
        .map(|_| {
            let n = rng.gen_range(2..5);
            (0..n).map(|_| syll[rng.gen_range(0..syll.len())]).collect()
        })
        .collect();
    // Zipf: rank r with weight 1/r, drawn through the cumulative sum
    let cum: Vec<f64> = (1..=vocab.len())
        .scan(0.0, |s, r| {
            *s += 1.0 / r as f64;
            Some(*s)
        })
        .collect();
    let total = *cum.last().unwrap();
    (0..800)
        .map(|_| {
            (0..rng.gen_range(3..12))
                .map(|_| {
                    let words: Vec<&str> = (0..rng.gen_range(40..120))
                        .map(|_| {
                            let x = rng.gen::<f64>() * total;
                            &vocab[cum.partition_point(|&c| c < x).min(vocab.len() - 1)][..]
                        })
                        .collect();
                    words.join(" ") + "."
                })
                .collect()
        })
        .collect()
}

fn fnv(copy: usize, word: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ copy as u64;
    for b in word.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x100_0000_01b3);
    }
    h
}

fn suffix(copy: usize) -> String {
    let mut n = copy;
    let mut s = Vec::new();
    loop {
        s.push(b'a' + (n % 26) as u8);
        n /= 26;
        if n == 0 {
            break;
        }
    }
    s.reverse();
    format!("x{}", String::from_utf8(s).unwrap())
}

/// Paragraph texts and the document of each, `bytes` long in all.
fn corpus(bytes: usize) -> (Vec<String>, Vec<usize>, &'static str) {
    let shared = if std::env::var_os("PARATOPIC_BENCH_SYNTHETIC").is_some() {
        None
    } else {
        shared_articles()
    };
    let (articles, source) = match shared {
        Some(a) => (a, "../shared/corpora"),
        None => (synthetic_articles(), "synthetic"),
    };
    let base: Vec<&Vec<String>> = articles.iter().step_by(BASE_EVERY).collect();
    let is_word = |w: &str| w.len() >= 4 && w.bytes().all(|b| b.is_ascii_alphabetic());
    let mut freq: HashMap<String, usize> = HashMap::new();
    for p in base.iter().flat_map(|a| a.iter()) {
        for w in p
            .split(|c: char| !c.is_ascii_alphabetic())
            .filter(|w| is_word(w))
        {
            *freq.entry(w.to_ascii_lowercase()).or_default() += 1;
        }
    }
    let mut by_freq: Vec<(&String, &usize)> = freq.iter().collect();
    by_freq.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let frequent: std::collections::HashSet<&str> = by_freq
        .iter()
        .take(TOP_EXCLUDED)
        .map(|(w, _)| w.as_str())
        .collect();
    let threshold = (SUFFIX_RATE * u64::MAX as f64) as u64;
    let mut texts = Vec::new();
    let mut total = 0;
    for copy in 0.. {
        let sfx = suffix(copy);
        for art in &base {
            for p in art.iter() {
                let text = if copy == 0 {
                    p.clone()
                } else {
                    let mut out = String::with_capacity(p.len() + 16);
                    let mut word_start: Option<usize> = None;
                    for (i, c) in p.char_indices().chain([(p.len(), ' ')]) {
                        if c.is_ascii_alphabetic() {
                            word_start.get_or_insert(i);
                            continue;
                        }
                        if let Some(s) = word_start.take() {
                            let w = &p[s..i];
                            out.push_str(w);
                            let lw = w.to_ascii_lowercase();
                            if is_word(w)
                                && !frequent.contains(lw.as_str())
                                && fnv(copy, &lw) < threshold
                            {
                                out.push_str(&sfx);
                            }
                        }
                        if i < p.len() {
                            out.push(c);
                        }
                    }
                    out
                };
                total += text.len() + 2;
                texts.push(text);
            }
            if total >= bytes {
                let docs = (0..texts.len()).map(|i| i / PARAGRAPHS_PER_DOC).collect();
                return (texts, docs, source);
            }
        }
    }
    unreachable!()
}

fn stages(c: &mut Criterion) {
    let bytes = std::env::var("PARATOPIC_BENCH_BYTES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(DEFAULT_BYTES);
    let (texts, docs, source) = corpus(bytes);
    let n_bytes: usize = texts.iter().map(|t| t.len() + 2).sum();
    let file_text = texts.join("\n\n");
    let pre = PreprocessConfig::default();
    let vec_cfg = VectorizeConfig::default();
    let cl_cfg = ClusterConfig {
        k: TopicCount::Fixed(K),
        ..Default::default()
    };
    let analyzed = text::analyze(&texts, &pre).expect("analyze");
    let tfidf = vectorize::vectorize(&analyzed, &vec_cfg).expect("vectorize");
    eprintln!(
        "stages bench corpus ({source}): {n_bytes} bytes, {} paragraphs, {} stems, {} × {} TF-IDF, {} non-zeros",
        texts.len(),
        analyzed.lexicon.stems.len(),
        tfidf.matrix.rows(),
        tfidf.matrix.cols(),
        tfidf.matrix.nnz()
    );

    let mut g = c.benchmark_group("stages");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(n_bytes as u64));
    g.bench_function("corpus_split", |b| {
        b.iter(|| split_units(black_box(&file_text), &SegmentConfig::default()))
    });
    g.bench_function("tokenize_stem", |b| {
        b.iter(|| text::analyze(black_box(&texts), &pre).unwrap())
    });
    // as the pipeline calls it: documents known, so each one's language is checked
    g.bench_function("tokenize_stem_docs", |b| {
        b.iter(|| text::analyze_documents(black_box(&texts), &docs, &pre).unwrap())
    });
    let auto = PreprocessConfig {
        language: "auto".into(),
        ..Default::default()
    };
    g.bench_function("tokenize_stem_auto", |b| {
        b.iter(|| text::analyze_documents(black_box(&texts), &docs, &auto).unwrap())
    });
    g.bench_function("vectorize", |b| {
        b.iter(|| vectorize::vectorize(black_box(&analyzed), &vec_cfg).unwrap())
    });
    g.bench_function("cluster_k20", |b| {
        b.iter(|| cluster::cluster(black_box(&tfidf.matrix), &tfidf.counts(), &cl_cfg).unwrap())
    });

    // the charts, from this clustering
    let clustering = cluster::cluster(&tfidf.matrix, &tfidf.counts(), &cl_cfg).expect("cluster");
    let embedding = cluster::embed(&tfidf.matrix, &cl_cfg).expect("embed");
    let points = cluster::project_2d(&embedding.coords).expect("project");
    let n_docs = docs.last().map_or(0, |d| d + 1);
    let mut weights = vec![vec![0.0; K]; n_docs];
    for (&d, l) in docs.iter().zip(&clustering.labels) {
        if let Some(l) = *l {
            weights[d][l] += 1.0;
        }
    }
    for w in &mut weights {
        let s: f64 = w.iter().sum();
        w.iter_mut().for_each(|x| *x /= s.max(1.0));
    }
    let data = ChartData {
        documents: (0..n_docs).map(|d| format!("d{d:06}")).collect(),
        weights,
        labels: (0..K).map(|t| format!("topic {t}")).collect(),
        ids: Vec::new(),
        terms: (0..K)
            .map(|t| {
                (0..10)
                    .map(|i| {
                        let term = &tfidf.terms[(t * 10 + i) % tfidf.terms.len()];
                        (term.word.clone(), 1.0 / (i + 1) as f64)
                    })
                    .collect()
            })
            .collect(),
        points: points
            .outer_iter()
            .zip(&embedding.rows)
            .map(|(p, &i)| (p[0], p[1], clustering.labels[i].expect("fitted rows")))
            .collect(),
        sizes: (0..K)
            .map(|t| clustering.labels.iter().filter(|&&l| l == Some(t)).count())
            .collect(),
        max_documents: 40,
        term_weight: "the term's mean TF-IDF weight".into(),
        ..Default::default()
    };
    g.throughput(Throughput::Elements(texts.len() as u64));
    g.bench_function("plot", |b| {
        b.iter_batched(
            || tempfile::tempdir().expect("tempdir"),
            |dir| {
                plot::write_all(dir.path(), black_box(&data)).unwrap();
                dir
            },
            BatchSize::PerIteration,
        )
    });
    g.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
