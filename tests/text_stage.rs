//! The text and vectorize stages on real seed text and a hand-computed corpus.

mod common;

use paratopic::corpus::{self, InputConfig, SegmentConfig};
use paratopic::text::{analyze, Analyzer, PreprocessConfig};
use paratopic::vectorize::{vectorize, DocFreq, OrAuto, VectorizeConfig, SMALL_CORPUS_UNITS};

fn seed_corpus() -> corpus::Corpus {
    let input = InputConfig {
        paths: vec![common::repo().join("seeds")],
        ..Default::default()
    };
    corpus::load(&input, &SegmentConfig::default()).unwrap()
}

#[test]
fn seed_files_split_into_paragraphs_with_headings_folded() {
    let c = seed_corpus();
    let ids: Vec<&str> = c.documents.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "000_aa4d84343348841f",
            "001_3cb19d55b5479185",
            "002_982f12eef904c1a5",
            "003_ab120ee07913c057",
            "004_6f8fe6624570da56"
        ]
    );
    let counts: Vec<usize> = c.documents.iter().map(|d| d.n_units).collect();
    assert_eq!(counts, [7, 40, 8, 8, 7]);
    let crime: Vec<&corpus::Unit> = c.units.iter().filter(|u| u.doc == 1).collect();
    // "Key Pledges" and "Tough on crime" fold into the paragraph that follows them
    let pledges = crime
        .iter()
        .find(|u| u.text.starts_with("Key Pledges"))
        .unwrap();
    assert!(pledges.text.starts_with(
        "Key Pledges\n\nTough on crime\n\nAs Mayor, I will continue to invest in policing"
    ));
    assert_eq!(pledges.line, 13);
    // a long heading without a full stop folds too
    assert!(crime.iter().any(|u| u.text.starts_with(
        "Reforming the police and ensuring trust and confidence in our emergency services\n\nAs Mayor"
    )));
    // no unit is a bare heading
    assert!(c
        .units
        .iter()
        .all(|u| u.text.split_whitespace().count() >= 8));
    // the trailing footer of 002 is folded into the paragraph before it
    let last = c.units.iter().rfind(|u| u.doc == 2).unwrap();
    assert!(last.text.ends_with(
        "This article will be published in the November 2006 edition of Progress magazine"
    ));
}

#[test]
fn seed_text_nbsp_and_curly_apostrophes_tokenize_correctly() {
    let c = seed_corpus();
    let a = Analyzer::new(&PreprocessConfig::default()).unwrap();
    let unit = c
        .units
        .iter()
        .find(|u| u.text.contains("We\u{2019}ve made\u{a0}commuting"))
        .unwrap();
    let words: Vec<String> = a.analyze(&unit.text).into_iter().map(|t| t.word).collect();
    // "We’ve" is a stop word; NBSP separates "made commuting more affordable"
    assert!(!words
        .iter()
        .any(|w| w.contains('\u{2019}') || w.contains('\'') || w.contains('\u{a0}')));
    assert!(words.contains(&"commuting".to_string()));
    assert!(words.contains(&"affordable".to_string()));
    assert!(!words.iter().any(|w| w == "we've" || w == "ve"));
}

/// `got` is `want` rounded to `f32` (the matrix stores `f32`; weights are computed in
/// `f64`): within half an `f32` ulp.
fn f32_close(got: f32, want: f64) -> bool {
    (f64::from(got) - want).abs() <= 0.5 * f64::from(f32::EPSILON) * want.abs()
}

#[test]
fn tfidf_matches_hand_computed_values() {
    // stems: appl, banana, cherri; n = 2; df = 2, 1, 1
    let texts = ["apple banana", "apple cherry cherry"];
    let analyzed = analyze(&texts, &PreprocessConfig::default()).unwrap();
    let cfg = VectorizeConfig {
        min_df: DocFreq::Count(1),
        max_df: DocFreq::Fraction(1.0),
        sublinear_tf: false,
        ngram_max: OrAuto::Fixed(1),
        ..Default::default()
    };
    let t = vectorize(&analyzed, &cfg).unwrap();
    let stems: Vec<&str> = t.terms.iter().map(|t| t.stem.as_str()).collect();
    assert_eq!(stems, ["appl", "banana", "cherri"]);
    let idf_rare = (3.0f64 / 2.0).ln() + 1.0; // smooth idf: ln((1+n)/(1+df)) + 1
    assert!((t.idf[0] - 1.0).abs() < 1e-12);
    assert!((t.idf[1] - idf_rare).abs() < 1e-12);
    let dense = t.matrix.to_dense();
    let n0 = (1.0 + idf_rare * idf_rare).sqrt();
    assert!(f32_close(dense[[0, 0]], 1.0 / n0));
    assert!(f32_close(dense[[0, 1]], idf_rare / n0));
    assert_eq!(dense[[0, 2]], 0.0);
    let n1 = (1.0 + (2.0 * idf_rare).powi(2)).sqrt();
    assert!(f32_close(dense[[1, 0]], 1.0 / n1));
    assert!(f32_close(dense[[1, 2]], 2.0 * idf_rare / n1));
    // sublinear tf: 1 + ln(2) for the doubled cherry
    let sub = vectorize(
        &analyzed,
        &VectorizeConfig {
            sublinear_tf: true,
            ..cfg.clone()
        },
    )
    .unwrap();
    let d = sub.matrix.to_dense();
    let tf = 1.0 + 2f64.ln();
    let n1s = (1.0 + (tf * idf_rare).powi(2)).sqrt();
    assert!(f32_close(d[[1, 2]], tf * idf_rare / n1s));
    // counts keep the raw numbers
    assert_eq!(t.counts().to_dense()[[1, 2]], 2);
}

#[test]
fn min_df_max_df_and_bigrams_shape_the_vocabulary() {
    let texts = [
        "knife crime police",
        "knife crime youth",
        "knife housing rent",
        "housing rent council",
    ];
    let analyzed = analyze(&texts, &PreprocessConfig::default()).unwrap();
    let words = |cfg: VectorizeConfig| -> Vec<String> {
        vectorize(&analyzed, &cfg)
            .unwrap()
            .terms
            .into_iter()
            .map(|t| t.word)
            .collect()
    };
    let stems = VectorizeConfig {
        ngram_max: OrAuto::Fixed(1),
        ..Default::default()
    };
    // knife is in 3/4 units > 0.5 → dropped; singletons dropped by min_df = 2
    assert_eq!(words(stems.clone()), ["crime", "housing", "rent"]);
    let bi = words(VectorizeConfig {
        ngram_max: OrAuto::Fixed(2),
        ..Default::default()
    });
    assert!(bi.contains(&"knife crime".to_string()));
    assert!(bi.contains(&"housing rent".to_string()));
    // "auto" (the default) takes stem pairs on a corpus this small
    assert_eq!(words(VectorizeConfig::default()), bi);
    let capped = words(VectorizeConfig {
        max_features: Some(1),
        max_df: DocFreq::Fraction(1.0),
        ..stems
    });
    assert_eq!(capped, ["knife"]);
    let err = vectorize(
        &analyzed,
        &VectorizeConfig {
            min_df: DocFreq::Count(9),
            ..Default::default()
        },
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .contains("vectorize.min_df: is 9 but the corpus has only 4 paragraph units"),
        "{err}"
    );
}

#[test]
fn auto_ngram_max_takes_single_stems_above_the_small_corpus_size() {
    let n = SMALL_CORPUS_UNITS + 1;
    let texts: Vec<&str> = (0..n)
        .map(|i| {
            if i % 2 == 0 {
                "knife crime police"
            } else {
                "housing rent council"
            }
        })
        .collect();
    let analyzed = analyze(&texts, &PreprocessConfig::default()).unwrap();
    let cfg = VectorizeConfig {
        max_df: DocFreq::Fraction(1.0),
        ..Default::default()
    };
    assert_eq!(cfg.ngram_max_for(n), 1);
    assert_eq!(cfg.ngram_max_for(n - 1), 2);
    let t = vectorize(&analyzed, &cfg).unwrap();
    assert_eq!(t.ngram_max, 1);
    let words: Vec<&str> = t.terms.iter().map(|t| t.word.as_str()).collect();
    assert_eq!(
        words,
        ["council", "crime", "housing", "knife", "police", "rent"]
    );
    // one unit fewer: the pairs are in
    let t = vectorize(
        &analyze(&texts[1..], &PreprocessConfig::default()).unwrap(),
        &cfg,
    )
    .unwrap();
    assert_eq!(t.ngram_max, 2);
    assert!(t.terms.iter().any(|t| t.word == "knife crime"));
}

/// `text::analyze` (cached, ASCII fast path) against the reference chain
/// [`Analyzer::analyze`] run on every unit: same stem ids per unit, same lexicon.
fn assert_analyze_matches_reference(dir: &std::path::Path) {
    let input = InputConfig {
        paths: vec![dir.to_path_buf()],
        ..Default::default()
    };
    let c = corpus::load(&input, &SegmentConfig::default()).unwrap();
    for cfg in [
        PreprocessConfig::default(),
        PreprocessConfig {
            split_hyphens: true,
            keep_numbers: true,
            stemmer: Some("none".into()),
            ..Default::default()
        },
    ] {
        let texts: Vec<&str> = c.units.iter().map(|u| u.text.as_str()).collect();
        let fast = analyze(&texts, &cfg).unwrap();
        let reference = Analyzer::new(&cfg).unwrap();
        let mut surfaces: std::collections::BTreeMap<
            String,
            std::collections::BTreeMap<String, u64>,
        > = Default::default();
        let mut ref_units: Vec<Vec<String>> = Vec::new();
        for t in &texts {
            let tokens = reference.analyze(t);
            for tok in &tokens {
                *surfaces
                    .entry(tok.stem.clone())
                    .or_default()
                    .entry(tok.word.clone())
                    .or_insert(0) += 1;
            }
            ref_units.push(tokens.into_iter().map(|t| t.stem).collect());
        }
        let stems: Vec<String> = surfaces.keys().cloned().collect();
        assert_eq!(fast.lexicon.stems, stems, "{}", dir.display());
        let words: Vec<String> = surfaces
            .values()
            .map(|m| {
                let max = m.values().max().unwrap();
                m.iter().find(|(_, n)| *n == max).unwrap().0.clone()
            })
            .collect();
        assert_eq!(fast.lexicon.words, words, "{}", dir.display());
        for (i, (got, want)) in fast.units().zip(&ref_units).enumerate() {
            let got: Vec<&str> = got
                .iter()
                .map(|&id| fast.lexicon.stems[id as usize].as_str())
                .collect();
            assert_eq!(got, *want, "{} unit {i}", dir.display());
        }
        assert_eq!(fast.n_units(), ref_units.len());
    }
}

#[test]
fn fast_analysis_matches_the_reference_chain_on_real_corpora() {
    assert_analyze_matches_reference(&common::repo().join("seeds"));
    for name in ["bbc-dev", "wiki-sample"] {
        let dir = common::repo().join("../shared/corpora").join(name);
        if dir.is_dir() {
            assert_analyze_matches_reference(&dir);
        } else {
            assert!(
                !common::in_ci(),
                "{} is missing: CI must run this test",
                dir.display()
            );
            common::skipped(
                "fast_analysis_matches_the_reference_chain_on_real_corpora",
                &format!(
                    "{} is not here (it is beside the repo in CI)",
                    dir.display()
                ),
            );
        }
    }
}

/// Every row of the matrix against counts made the obvious way from the unit's stems
/// (and adjacent pairs with bigrams), on the seeds.
#[test]
fn matrix_rows_match_a_direct_count_with_and_without_bigrams() {
    let c = seed_corpus();
    let texts: Vec<&str> = c.units.iter().map(|u| u.text.as_str()).collect();
    let analyzed = analyze(&texts, &PreprocessConfig::default()).unwrap();
    let stems = &analyzed.lexicon.stems;
    for ngram_max in [1, 2] {
        let cfg = VectorizeConfig {
            min_df: DocFreq::Count(1),
            max_df: DocFreq::Fraction(1.0),
            ngram_max: OrAuto::Fixed(ngram_max),
            ..Default::default()
        };
        let t = vectorize(&analyzed, &cfg).unwrap();
        let counts = t.counts();
        for (i, unit) in analyzed.units().enumerate() {
            let mut want: std::collections::BTreeMap<String, u32> = Default::default();
            for &s in unit {
                *want.entry(stems[s as usize].clone()).or_insert(0) += 1;
            }
            if ngram_max == 2 {
                for w in unit.windows(2) {
                    let name = format!("{} {}", stems[w[0] as usize], stems[w[1] as usize]);
                    *want.entry(name).or_insert(0) += 1;
                }
            }
            let row = counts.outer_view(i).unwrap();
            let got: std::collections::BTreeMap<String, u32> = row
                .iter()
                .map(|(j, &n)| (t.terms[j].stem.clone(), n))
                .collect();
            assert_eq!(got, want, "unit {i}, ngram_max {ngram_max}");
            // columns ascend within the row, and the weights are sublinear tf × idf, L2-normalised
            assert!(row.indices().windows(2).all(|w| w[0] < w[1]));
            let raw: Vec<f64> = row
                .iter()
                .map(|(j, &n)| (1.0 + f64::from(n).ln()) * t.idf[j])
                .collect();
            let norm = raw.iter().map(|x| x * x).sum::<f64>().sqrt();
            let weights = t.matrix.outer_view(i).unwrap();
            for (x, (_, &w)) in raw.iter().zip(weights.iter()) {
                assert!(f32_close(w, x / norm), "unit {i}: {w} vs {}", x / norm);
            }
        }
    }
}
