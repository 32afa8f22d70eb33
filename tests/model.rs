//! The fitted model (#15): transform reproduces the training matrix, predict reproduces
//! the training topics, save → load is lossless, and damaged model folders are refused.

use paratopic::cluster::{self, ClusterConfig, OrAuto, Rule, TopicCount};
use paratopic::config::Config;
use paratopic::corpus::{self, InputConfig, SegmentConfig};
use paratopic::eval::EvalConfig;
use paratopic::model::TopicModel;
use paratopic::select;
use paratopic::text::{self, PreprocessConfig};
use paratopic::topics::TopicsConfig;
use paratopic::vectorize::{self, Tfidf};
use std::path::Path;

fn seed_texts() -> Vec<String> {
    let input = InputConfig {
        paths: vec!["seeds".into()],
        ..Default::default()
    };
    let c = corpus::load(&input, &SegmentConfig::default()).unwrap();
    c.units.into_iter().map(|u| u.text).collect()
}

/// 300 paragraphs, each three sentences of the seed texts (deterministic): a corpus
/// larger than the smallest LSA sample (100), for fits on a sample.
fn larger_texts() -> Vec<String> {
    let sentences: Vec<String> = seed_texts()
        .iter()
        .flat_map(|t| t.split(". ").map(str::to_string).collect::<Vec<_>>())
        .filter(|s| s.split_whitespace().count() > 4)
        .collect();
    let n = sentences.len();
    (0..300)
        .map(|i| {
            format!(
                "{}. {}. {}.",
                sentences[(i * 7) % n],
                sentences[(i * 13 + 1) % n],
                sentences[(i * 29 + 2) % n]
            )
        })
        .collect()
}

struct Fitted {
    tfidf: Tfidf,
    labels: Vec<Option<usize>>,
    similarity: Vec<f64>,
    model: TopicModel,
}

fn fit(texts: &[String], config: &Config) -> Fitted {
    let analyzed = text::analyze(texts, &config.preprocess).unwrap();
    let tfidf = vectorize::vectorize(&analyzed, &config.vectorize).unwrap();
    let embedding = cluster::embed(&tfidf.matrix, &config.cluster).unwrap();
    let TopicCount::Fixed(k) = config.cluster.k else {
        panic!("fixed k")
    };
    let c = select::fit(
        &embedding,
        &tfidf,
        k,
        &config.cluster,
        &TopicsConfig::default(),
        &EvalConfig::default(),
    )
    .unwrap();
    let ids = ["a"];
    let model = TopicModel::from_fit(config, &tfidf, &embedding, &c.clustering, &c.topics, &ids);
    Fitted {
        labels: c.clustering.labels.clone(),
        similarity: c.clustering.similarity.clone(),
        tfidf,
        model,
    }
}

fn config(k: usize, sample_size: usize, sweeps: usize, ngram: usize) -> Config {
    let mut c = Config {
        cluster: ClusterConfig {
            k: TopicCount::Fixed(k),
            sample_size,
            refine_sweeps: OrAuto::Fixed(sweeps),
            ..Default::default()
        },
        preprocess: PreprocessConfig::default(),
        ..Default::default()
    };
    c.vectorize.ngram_max = OrAuto::Fixed(ngram);
    c
}

fn assert_same_matrix(a: &Tfidf, b: &Tfidf) {
    assert_eq!(a.matrix.shape(), b.matrix.shape());
    assert_eq!(
        a.matrix.indptr().raw_storage(),
        b.matrix.indptr().raw_storage()
    );
    assert_eq!(a.matrix.indices(), b.matrix.indices());
    let bits = |m: &Tfidf| {
        m.matrix
            .data()
            .iter()
            .map(|x| x.to_bits())
            .collect::<Vec<_>>()
    };
    assert_eq!(bits(a), bits(b), "weights equal bit for bit");
    assert_eq!(a.count_data(), b.count_data());
}

#[test]
fn transform_of_the_training_texts_is_the_training_matrix_bit_for_bit() {
    let texts = seed_texts();
    for ngram in [1, 2] {
        let f = fit(&texts, &config(5, 2000, 1, ngram));
        let again = text::analyze(&texts, &f.model.settings.preprocess).unwrap();
        assert_same_matrix(&f.model.transform(&again), &f.tfidf);
    }
}

#[test]
fn predict_on_the_training_rows_gives_the_training_topics() {
    let texts = larger_texts();
    // (sample below the corpus, no refinement: centroid rule), (refinement: the
    // multinomial rule), (both)
    for (sample, sweeps) in [(100, 0), (2000, 3), (100, 3)] {
        let f = fit(&texts, &config(6, sample, sweeps, 2));
        if sweeps > 0 {
            assert!(
                matches!(f.model.rule, Rule::Multinomial(_)),
                "refinement moved units"
            );
        } else {
            assert_eq!(f.model.rule, Rule::Centroid);
        }
        let p = f.model.predict(&f.tfidf);
        let topics: Vec<Option<usize>> = p.iter().map(|a| a.topic).collect();
        assert_eq!(topics, f.labels, "sample {sample}, sweeps {sweeps}");
        let sims: Vec<u64> = p.iter().map(|a| a.similarity.to_bits()).collect();
        assert_eq!(
            sims,
            f.similarity.iter().map(|s| s.to_bits()).collect::<Vec<_>>()
        );
    }
}

#[test]
fn unknown_words_are_ignored_and_a_paragraph_of_them_is_unassigned() {
    let texts = seed_texts();
    let f = fit(&texts, &config(5, 2000, 1, 1));
    let new = [
        "Zyxwv qwertz blorple frobnicate.".to_string(),
        format!("{} zyxwv qwertz", texts[3]),
    ];
    let a = text::analyze(&new, &f.model.settings.preprocess).unwrap();
    let x = f.model.transform(&a);
    assert_eq!(x.matrix.outer_view(0).unwrap().nnz(), 0);
    let p = f.model.predict(&x);
    assert_eq!(p[0].topic, None);
    assert_eq!(
        p[1].topic, f.labels[3],
        "extra unknown words change nothing"
    );
}

#[test]
fn save_then_load_predicts_the_same() {
    let texts = larger_texts();
    for sweeps in [0, 3] {
        let f = fit(&texts, &config(6, 100, sweeps, 2));
        let dir = tempfile::tempdir().unwrap();
        f.model.save(dir.path()).unwrap();
        let back = TopicModel::load(dir.path()).unwrap();
        assert_eq!(back.vocabulary, f.model.vocabulary);
        assert_eq!(back.topics, f.model.topics);
        assert_eq!(back.rule, f.model.rule);
        assert_eq!(back.settings, f.model.settings);
        let a = text::analyze(&texts, &back.settings.preprocess).unwrap();
        assert_eq!(back.predict(&back.transform(&a)), f.model.predict(&f.tfidf));
    }
}

/// A saved model (multinomial rule, so every array is present) and its folder.
fn saved() -> tempfile::TempDir {
    let f = fit(&seed_texts(), &config(5, 2000, 3, 1));
    let dir = tempfile::tempdir().unwrap();
    f.model.save(&dir.path().join("model")).unwrap();
    dir
}

fn load_error(dir: &Path) -> String {
    match TopicModel::load(dir) {
        Err(e @ paratopic::Error::Data(_)) => e.to_string(),
        Err(e) => panic!("expected a data error, got {e:?}"),
        Ok(_) => panic!("a damaged model was loaded"),
    }
}

const ARRAYS: [&str; 7] = [
    "idf.npy",
    "lsa_factor.npy",
    "lsa_mix.npy",
    "lsa_columns.npy",
    "centroids.npy",
    "rule_log_prior.npy",
    "rule_log_prob.npy",
];

#[test]
fn an_output_folder_holding_model_is_accepted() {
    let dir = saved();
    assert!(TopicModel::load(dir.path()).is_ok());
    assert!(TopicModel::load(&dir.path().join("model")).is_ok());
    let e = load_error(&dir.path().join("nowhere"));
    assert!(e.contains("no model here"), "{e}");
}

#[test]
fn each_missing_array_is_named() {
    for name in ARRAYS {
        let dir = saved();
        std::fs::remove_file(dir.path().join("model").join(name)).unwrap();
        let e = load_error(dir.path());
        assert!(
            e.contains(name) && e.contains("cannot be read"),
            "{name}: {e}"
        );
    }
}

#[test]
fn each_truncated_array_is_named() {
    for name in ARRAYS {
        let dir = saved();
        let p = dir.path().join("model").join(name);
        let bytes = std::fs::read(&p).unwrap();
        std::fs::write(&p, &bytes[..bytes.len() - 8]).unwrap();
        let e = load_error(dir.path());
        assert!(
            e.contains(name) && e.contains("not the expected array"),
            "{name}: {e}"
        );
    }
}

#[test]
fn an_array_of_another_dtype_or_shape_is_named() {
    // f64 where f32 is expected
    let dir = saved();
    let m = dir.path().join("model");
    std::fs::copy(m.join("lsa_mix.npy"), m.join("lsa_factor.npy")).unwrap();
    let e = load_error(dir.path());
    assert!(e.contains("lsa_factor.npy"), "{e}");
    // the right dtype, the wrong shape
    let dir = saved();
    let m = dir.path().join("model");
    std::fs::copy(m.join("rule_log_prior.npy"), m.join("idf.npy")).unwrap();
    let e = load_error(dir.path());
    assert!(e.contains("idf.npy") && e.contains("shape"), "{e}");
}

#[test]
fn a_newer_or_foreign_model_json_is_refused() {
    let dir = saved();
    let p = dir.path().join("model/model.json");
    let text = std::fs::read_to_string(&p).unwrap();
    std::fs::write(&p, text.replacen("\"format\": 1", "\"format\": 99", 1)).unwrap();
    let e = load_error(dir.path());
    assert!(
        e.contains("model format 99") && e.contains("install the paratopic version"),
        "{e}"
    );
    std::fs::write(&p, "{\"hello\": 1}").unwrap();
    let e = load_error(dir.path());
    assert!(
        e.contains("model.json") && e.contains("no \"format\""),
        "{e}"
    );
    std::fs::write(&p, "not json").unwrap();
    let e = load_error(dir.path());
    assert!(e.contains("not valid JSON"), "{e}");
}
