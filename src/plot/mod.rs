//! Stage 6 — charts: SVG files, written directly (no font files needed to draw them).
//!
//! - `doc_topics.svg`: each document's topic weights as a horizontal stacked bar;
//! - `topic_terms.svg`: each topic's top terms as a bar chart;
//! - `heatmap.svg`: documents × topics weights;
//! - `paragraph_map.svg`: the paragraphs on the first two principal components of the
//!   clustered representation, coloured by topic;
//! - `topic_sizes.svg`: paragraphs and share of tokens per topic;
//! - `group_topics.svg`: each document group's topic shares, when documents sit in
//!   sub-folders (the group is the first folder of the document id, `party/manifesto`).
//!
//! A topic has the same colour (and, past the ninth topic, the same hatching or marker
//! shape) in every chart: Paul Tol's colour-blind-safe "muted" palette. Charts with many
//! documents show the `max_documents` largest and say how many were left out; names
//! that do not fit are shortened, with the full name in an SVG `<title>` (shown on hover).
//! The charts take plain data ([`ChartData`]), not other stages' types.

mod charts;
mod selection;
pub mod svg;
mod tune;

pub use charts::{doc_topics, group_topics, heatmap, paragraph_map, topic_sizes, topic_terms};
pub use selection::{k_selection, KRow};
pub use tune::tune_chart;

use crate::error::{Error, Result};
use std::path::Path;

/// Everything the charts show.
#[derive(Debug, Clone, Default)]
pub struct ChartData {
    /// Document names, in row order of `weights`; `folder/name` for documents in sub-folders.
    pub documents: Vec<String>,
    /// Documents × topics weights (rows sum to 1).
    pub weights: Vec<Vec<f64>>,
    /// Tokens per document, in row order of `weights` (ranks documents and weighs groups).
    pub doc_tokens: Vec<usize>,
    /// Topic labels, in topic order.
    pub labels: Vec<String>,
    /// Paragraphs per topic.
    pub sizes: Vec<usize>,
    /// Share of all tokens per topic.
    pub shares: Vec<f64>,
    /// Per topic, its top terms and weights.
    pub terms: Vec<Vec<(String, f64)>>,
    /// Per paragraph, a 2-D position and its topic.
    pub points: Vec<(f64, f64, usize)>,
    /// At most this many documents (the largest by tokens) in the per-document charts.
    pub max_documents: usize,
}

/// One drawn chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// File name in `charts/`, e.g. `doc_topics.svg`.
    pub file: &'static str,
    /// What it shows, one line.
    pub title: String,
    /// The SVG document.
    pub svg: String,
}

/// Draws every chart that applies to `data` (`group_topics.svg` only when documents sit
/// in sub-folders).
pub fn render_all(data: &ChartData) -> Vec<Chart> {
    let mut charts = vec![
        doc_topics(data),
        topic_sizes(data),
        topic_terms(data),
        heatmap(data),
        paragraph_map(data),
    ];
    charts.extend(group_topics(data));
    charts
}

/// Draws every chart into `dir` and returns them.
pub fn write_all(dir: &Path, data: &ChartData) -> Result<Vec<Chart>> {
    let charts = render_all(data);
    for c in &charts {
        let path = dir.join(c.file);
        std::fs::write(&path, &c.svg)
            .map_err(|e| Error::Runtime(format!("cannot write chart {}: {e}", path.display())))?;
    }
    Ok(charts)
}

/// Paul Tol's "muted" palette, ordered so that neighbouring topics differ in lightness.
const PALETTE: [&str; 9] = [
    "#332288", "#DDCC77", "#117733", "#88CCEE", "#882255", "#44AA99", "#AA4499", "#999933",
    "#CC6677",
];

/// Colours light enough to need dark hatching and dark text.
const LIGHT: [bool; 9] = [false, true, false, true, false, false, false, false, false];

/// The colour of topic `t`, the same in every chart: `#rrggbb`.
pub fn topic_color(t: usize) -> &'static str {
    PALETTE[t % PALETTE.len()]
}

/// Past the palette's nine colours, topics repeat the colours with a pattern:
/// 0 = plain, 1 = diagonal stripes, 2 = cross-hatching, 3 = horizontal stripes, cycling.
pub fn topic_pattern(t: usize) -> usize {
    (t / PALETTE.len()) % 4
}

/// A CSS `background` value that looks like topic `t`'s fill in the charts.
pub fn topic_css(t: usize) -> String {
    let c = topic_color(t);
    let ink = if LIGHT[t % PALETTE.len()] {
        "rgba(0,0,0,.45)"
    } else {
        "rgba(255,255,255,.7)"
    };
    match topic_pattern(t) {
        0 => c.to_string(),
        1 => format!("repeating-linear-gradient(45deg,{ink} 0 2px,{c} 2px 6px)"),
        2 => format!(
            "repeating-linear-gradient(45deg,{ink} 0 1.5px,transparent 1.5px 6px),repeating-linear-gradient(-45deg,{ink} 0 1.5px,{c} 1.5px 6px)"
        ),
        _ => format!("repeating-linear-gradient(0deg,{ink} 0 2px,{c} 2px 6px)"),
    }
}

/// The SVG fill of topic `t` in `svg`: a colour, or a pattern defined on first use.
fn topic_fill(svg: &mut svg::Svg, t: usize) -> String {
    let c = topic_color(t);
    let kind = topic_pattern(t);
    if kind == 0 {
        return c.to_string();
    }
    let id = svg.id(&format!("t{t}"));
    let ink = if LIGHT[t % PALETTE.len()] {
        "#000000\" stroke-opacity=\"0.45"
    } else {
        "#FFFFFF\" stroke-opacity=\"0.7"
    };
    svg.def(&id, || {
        let lines = match kind {
            1 => format!(r#"<path d="M-1 1L1 -1M0 6L6 0M5 7L7 5" stroke="{ink}" stroke-width="1.6"/>"#),
            2 => format!(
                r#"<path d="M-1 1L1 -1M0 6L6 0M5 7L7 5M-1 5L1 7M0 0L6 6M5 -1L7 1" stroke="{ink}" stroke-width="1.2"/>"#
            ),
            _ => format!(r#"<path d="M0 1.5H6M0 4.5H6" stroke="{ink}" stroke-width="1.4"/>"#),
        };
        format!(
            r#"<pattern id="{id}" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="{c}"/>{lines}</pattern>"#
        )
    });
    format!("url(#{id})")
}

/// Indices of the documents the per-document charts show: all of them, or the
/// `data.max_documents` with most tokens (in their original order); and how many were left out.
fn shown_documents(data: &ChartData) -> (Vec<usize>, usize) {
    let n = data.documents.len();
    let max = data.max_documents.max(1);
    if n <= max {
        return ((0..n).collect(), 0);
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&d| {
        (
            std::cmp::Reverse(data.doc_tokens.get(d).copied().unwrap_or(0)),
            d,
        )
    });
    let mut keep = order[..max].to_vec();
    keep.sort_unstable();
    (keep, n - max)
}

/// The group of a document: the first folder of its id, or `None` at the top level.
pub fn group_of(document: &str) -> Option<&str> {
    document.split_once('/').map(|(g, _)| g)
}

/// Groups of documents (first folder of the id) with their token-weighted topic shares
/// and document counts, in name order; empty when no document sits in a sub-folder.
/// Documents at the top level form the group "(top level)".
pub fn group_shares(data: &ChartData) -> Vec<(String, usize, Vec<f64>)> {
    if data.documents.iter().all(|d| group_of(d).is_none()) {
        return Vec::new();
    }
    let k = data.labels.len();
    let mut groups: std::collections::BTreeMap<&str, (usize, f64, Vec<f64>)> =
        std::collections::BTreeMap::new();
    for (d, name) in data.documents.iter().enumerate() {
        let g = group_of(name).unwrap_or("(top level)");
        let tokens = data.doc_tokens.get(d).copied().unwrap_or(1) as f64;
        let e = groups.entry(g).or_insert_with(|| (0, 0.0, vec![0.0; k]));
        e.0 += 1;
        e.1 += tokens;
        for (acc, w) in e.2.iter_mut().zip(&data.weights[d]) {
            *acc += w * tokens;
        }
    }
    groups
        .into_iter()
        .map(|(g, (n, tokens, sums))| {
            let shares = sums.iter().map(|s| s / tokens.max(1e-12)).collect();
            (g.to_string(), n, shares)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data(docs: &[&str], tokens: &[usize]) -> ChartData {
        ChartData {
            documents: docs.iter().map(|s| s.to_string()).collect(),
            weights: docs.iter().map(|_| vec![0.5, 0.5]).collect(),
            doc_tokens: tokens.to_vec(),
            labels: vec!["a".into(), "b".into()],
            max_documents: 2,
            ..Default::default()
        }
    }

    #[test]
    fn the_largest_documents_are_shown_in_their_order() {
        let d = data(&["x", "y", "z"], &[5, 1, 9]);
        assert_eq!(shown_documents(&d), (vec![0, 2], 1));
    }

    #[test]
    fn groups_are_weighted_by_tokens() {
        let mut d = data(&["p/a", "p/b", "q/c", "top"], &[10, 30, 5, 5]);
        d.weights = vec![
            vec![1.0, 0.0],
            vec![0.0, 1.0],
            vec![1.0, 0.0],
            vec![0.0, 1.0],
        ];
        let g = group_shares(&d);
        assert_eq!(g[0].0, "(top level)");
        assert_eq!((g[1].0.as_str(), g[1].1), ("p", 2));
        assert_eq!(g[1].2, vec![0.25, 0.75]);
        assert!(group_shares(&data(&["a", "b"], &[1, 1])).is_empty());
    }

    #[test]
    fn topics_past_the_palette_get_patterns() {
        assert_eq!(topic_pattern(3), 0);
        assert_eq!(topic_pattern(9), 1);
        assert_eq!(topic_color(9), topic_color(0));
        assert!(topic_css(19).contains("gradient"));
    }
}
