//! Agreement with known labels: NMI, ARI, purity.

use crate::error::{Error, Result};
use crate::notice::Notice;
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::hash::Hash;
use std::path::Path;

/// Scores of the documents' dominant topics against their labels.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct External {
    /// Normalised mutual information (arithmetic mean normalisation, as scikit-learn).
    pub nmi: f64,
    /// Adjusted Rand index.
    pub ari: f64,
    /// Share of documents in their topic's majority label.
    pub purity: f64,
    /// Documents that had a label and were scored.
    pub documents: usize,
}

/// Reads a `document,label` CSV (with header) into a map.
pub fn read_labels(path: &Path) -> Result<HashMap<String, String>> {
    let mut r = csv::Reader::from_path(path).map_err(|e| {
        Error::Data(format!(
            "cannot read eval.labels {}: {e}; it must be a CSV with columns document,label",
            path.display()
        ))
    })?;
    let mut out = HashMap::new();
    for (i, rec) in r.records().enumerate() {
        let rec =
            rec.map_err(|e| Error::Data(format!("{}: line {}: {e}", path.display(), i + 2)))?;
        if rec.len() < 2 {
            return Err(Error::Data(format!(
                "{}: line {}: expected document,label",
                path.display(),
                i + 2
            )));
        }
        out.insert(rec[0].to_string(), rec[1].to_string());
    }
    Ok(out)
}

/// Labelled documents listed by [`unknown_documents_warning`]; the rest are counted.
pub const MAX_UNKNOWN_LISTED: usize = 5;

/// The documents of `labels` that are not among `documents`, sorted.
pub fn unknown_documents<'a>(
    labels: &'a HashMap<String, String>,
    documents: &[&str],
) -> Vec<&'a str> {
    let known: HashSet<&str> = documents.iter().copied().collect();
    let mut unknown: Vec<&str> = labels
        .keys()
        .map(String::as_str)
        .filter(|d| !known.contains(d))
        .collect();
    unknown.sort_unstable();
    unknown
}

/// A warning for an `eval.labels` file (read from `path`) naming documents that are
/// not in the corpus: how many, and the first [`MAX_UNKNOWN_LISTED`] ids in sorted
/// order. `None` when every labelled document is in the corpus, or when none is (no
/// score can be computed: that is an error, raised by the caller).
///
/// ```
/// use paratopic::eval::unknown_documents_warning;
/// use std::collections::HashMap;
///
/// let labels: HashMap<String, String> =
///     [("a", "x"), ("b", "y"), ("zz", "y")].map(|(d, l)| (d.into(), l.into())).into();
/// let w = unknown_documents_warning("labels.csv".as_ref(), &labels, &["a", "c"]).unwrap();
/// assert!(w.to_string().starts_with("warning: eval.labels labels.csv: 2 of its 3 documents are not in the corpus: b, zz;"));
/// assert_eq!(unknown_documents_warning("labels.csv".as_ref(), &labels, &["a", "b", "zz"]), None);
/// ```
pub fn unknown_documents_warning(
    path: &Path,
    labels: &HashMap<String, String>,
    documents: &[&str],
) -> Option<Notice> {
    let unknown = unknown_documents(labels, documents);
    let (n, m) = (unknown.len(), labels.len());
    if n == 0 || n == m {
        return None;
    }
    let more = if n > MAX_UNKNOWN_LISTED { " …" } else { "" };
    let listed = unknown[..n.min(MAX_UNKNOWN_LISTED)].join(", ");
    let are = if n == 1 { "is" } else { "are" };
    Some(Notice::warning("eval_labels_unknown", format!(
        "eval.labels {}: {n} of its {m} documents {are} not in the corpus: {listed}{more}; NMI, ARI and purity count only the other {} (a document's id is its path under its input folder, without extension)",
        path.display(),
        m - n
    )))
}

fn contingency<A: Eq + Hash + Clone, B: Eq + Hash + Clone>(
    a: &[A],
    b: &[B],
) -> (Vec<Vec<f64>>, usize) {
    let mut ai: HashMap<A, usize> = HashMap::new();
    let mut bi: HashMap<B, usize> = HashMap::new();
    let mut cells: Vec<(usize, usize)> = Vec::with_capacity(a.len());
    for (x, y) in a.iter().zip(b) {
        let na = ai.len();
        let i = *ai.entry(x.clone()).or_insert(na);
        let nb = bi.len();
        let j = *bi.entry(y.clone()).or_insert(nb);
        cells.push((i, j));
    }
    let mut t = vec![vec![0.0; bi.len()]; ai.len()];
    for (i, j) in cells {
        t[i][j] += 1.0;
    }
    (t, a.len())
}

fn entropy(counts: impl Iterator<Item = f64>, n: f64) -> f64 {
    counts
        .filter(|&c| c > 0.0)
        .map(|c| -(c / n) * (c / n).ln())
        .sum()
}

/// Normalised mutual information, `MI / mean(H(a), H(b))`; 1 when both are one cluster.
pub fn nmi<A: Eq + Hash + Clone, B: Eq + Hash + Clone>(a: &[A], b: &[B]) -> f64 {
    let (t, n) = contingency(a, b);
    let n = n as f64;
    if n == 0.0 {
        return 0.0;
    }
    let rows: Vec<f64> = t.iter().map(|r| r.iter().sum()).collect();
    let cols: Vec<f64> = (0..t.first().map_or(0, Vec::len))
        .map(|j| t.iter().map(|r| r[j]).sum())
        .collect();
    let mut mi = 0.0;
    for (i, r) in t.iter().enumerate() {
        for (j, &c) in r.iter().enumerate() {
            if c > 0.0 {
                mi += c / n * (c * n / (rows[i] * cols[j])).ln();
            }
        }
    }
    let (ha, hb) = (entropy(rows.into_iter(), n), entropy(cols.into_iter(), n));
    if ha + hb == 0.0 {
        1.0
    } else {
        (mi / ((ha + hb) / 2.0)).max(0.0)
    }
}

/// Adjusted Rand index.
pub fn adjusted_rand_index<A: Eq + Hash + Clone, B: Eq + Hash + Clone>(a: &[A], b: &[B]) -> f64 {
    let (t, n) = contingency(a, b);
    let c2 = |x: f64| x * (x - 1.0) / 2.0;
    let index: f64 = t.iter().flatten().map(|&c| c2(c)).sum();
    let ra: f64 = t.iter().map(|r| c2(r.iter().sum())).sum();
    let cb: f64 = (0..t.first().map_or(0, Vec::len))
        .map(|j| c2(t.iter().map(|r| r[j]).sum()))
        .sum();
    let total = c2(n as f64);
    if total == 0.0 {
        return 1.0;
    }
    let expected = ra * cb / total;
    let max = (ra + cb) / 2.0;
    if max == expected {
        1.0
    } else {
        (index - expected) / (max - expected)
    }
}

/// Purity: each cluster counts its most common label.
pub fn purity<A: Eq + Hash + Clone, B: Eq + Hash + Clone>(truth: &[A], found: &[B]) -> f64 {
    let (t, n) = contingency(found, truth);
    if n == 0 {
        return 0.0;
    }
    t.iter()
        .map(|r| r.iter().cloned().fold(0.0, f64::max))
        .sum::<f64>()
        / n as f64
}

/// Scores each document's dominant topic (argmax of its weights row; ties: lowest topic)
/// against `labels`. Documents without a label, or with no assigned unit (a zero row),
/// are skipped; `None` if none is left.
pub fn score_documents(
    labels: &HashMap<String, String>,
    documents: &[&str],
    weights: &ndarray::Array2<f64>,
) -> Option<External> {
    let mut truth = Vec::new();
    let mut found = Vec::new();
    for (d, name) in documents.iter().enumerate() {
        if let Some(l) = labels.get(*name) {
            let row = weights.row(d);
            if row.sum() == 0.0 {
                continue; // no assigned unit: no dominant topic (contracts §2)
            }
            let mut best = 0;
            for (t, &w) in row.iter().enumerate() {
                if w > row[best] {
                    best = t;
                }
            }
            truth.push(l.as_str());
            found.push(best);
        }
    }
    if truth.is_empty() {
        return None;
    }
    Some(External {
        nmi: nmi(&truth, &found),
        ari: adjusted_rand_index(&truth, &found),
        purity: purity(&truth, &found),
        documents: truth.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_computed_scores() {
        // truth a a a b b b, found 1 1 2 2 2 2
        let truth = ["a", "a", "a", "b", "b", "b"];
        let found = [1, 1, 2, 2, 2, 2];
        assert!((purity(&truth, &found) - 5.0 / 6.0).abs() < 1e-12);
        // contingency [[2,1],[0,3]]; MI = 2/6 ln(2·6/(3·2)) + 1/6 ln(1·6/(3·4)) + 3/6 ln(3·6/(3·4))
        let mi = 2.0 / 6.0 * 2f64.ln() + 1.0 / 6.0 * 0.5f64.ln() + 0.5 * 1.5f64.ln();
        let h_truth = 2f64.ln();
        let h_found = -(2.0 / 6.0 * (2.0f64 / 6.0).ln() + 4.0 / 6.0 * (4.0f64 / 6.0).ln());
        let expected = mi / ((h_truth + h_found) / 2.0);
        assert!((nmi(&truth, &found) - expected).abs() < 1e-12);
        // ARI: index = C(2,2)+C(3,2) = 4; rows C(3,2)*2 = 6; cols C(2,2)+C(4,2) = 7; total C(6,2) = 15
        let e = 6.0 * 7.0 / 15.0;
        let ari = (4.0 - e) / (6.5 - e);
        assert!((adjusted_rand_index(&truth, &found) - ari).abs() < 1e-12);
    }

    fn labelled(docs: &[&str]) -> HashMap<String, String> {
        docs.iter().map(|d| (d.to_string(), "x".into())).collect()
    }

    #[test]
    fn unknown_documents_are_counted_and_the_first_five_listed() {
        let labels = labelled(&["b", "a", "g", "f", "e", "d", "c", "known", "z"]);
        let docs = ["known", "other"];
        assert_eq!(
            unknown_documents(&labels, &docs),
            ["a", "b", "c", "d", "e", "f", "g", "z"]
        );
        let w = unknown_documents_warning(Path::new("l.csv"), &labels, &docs)
            .unwrap()
            .to_string();
        assert!(
            w.starts_with("warning: eval.labels l.csv: 8 of its 9 documents are not in the corpus: a, b, c, d, e …; NMI, ARI and purity count only the other 1 ("),
            "{w}"
        );
        // five unknown: all listed, no ellipsis
        let labels = labelled(&["a", "b", "c", "d", "e", "known"]);
        let w = unknown_documents_warning(Path::new("l.csv"), &labels, &docs)
            .unwrap()
            .to_string();
        assert!(
            w.contains("5 of its 6 documents are not in the corpus: a, b, c, d, e; NMI"),
            "{w}"
        );
        // none unknown, or all unknown (an error for the caller): no warning
        assert_eq!(
            unknown_documents_warning(Path::new("l.csv"), &labelled(&["known"]), &docs),
            None
        );
        assert_eq!(
            unknown_documents_warning(Path::new("l.csv"), &labelled(&["a"]), &docs),
            None
        );
    }

    #[test]
    fn independent_partition_scores_zero_nmi_and_negative_ari() {
        let truth = [0, 0, 1, 1];
        let found = [0, 1, 0, 1];
        assert!(nmi(&truth, &found).abs() < 1e-12);
        assert!((adjusted_rand_index(&truth, &found) + 0.5).abs() < 1e-12);
        assert_eq!(purity(&truth, &found), 0.5);
    }
}
