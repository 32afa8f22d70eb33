//! Stage 6 — charts: SVG files drawn with plotters.
//!
//! - `doc_topics.svg`: each document's topic weights as a horizontal stacked bar;
//! - `topic_terms.svg`: each topic's top terms as a bar chart;
//! - `heatmap.svg`: documents × topics weights;
//! - `paragraph_map.svg`: the paragraphs on the first two principal components of the
//!   clustered representation, coloured by topic.
//!
//! A topic has the same colour in every chart (Paul Tol's colour-blind-safe palettes).
//! The charts take plain data ([`ChartData`]), not other stages' types.

mod charts;
mod selection;
mod tune;

pub use charts::{doc_topics, heatmap, paragraph_map, topic_terms};
pub use selection::{k_selection, KRow};
pub use tune::tune_chart;

use crate::error::{Error, Result};
use plotters::style::RGBColor;
use std::path::{Path, PathBuf};

/// Everything the charts show.
#[derive(Debug, Clone)]
pub struct ChartData {
    /// Document names, in row order of `weights`.
    pub documents: Vec<String>,
    /// Documents × topics weights (rows sum to 1).
    pub weights: Vec<Vec<f64>>,
    /// Topic labels, in topic order.
    pub labels: Vec<String>,
    /// Per topic, its top terms and weights.
    pub terms: Vec<Vec<(String, f64)>>,
    /// Per paragraph, a 2-D position and its topic.
    pub points: Vec<(f64, f64, usize)>,
}

/// A chart drawing function.
type Draw = fn(&Path, &ChartData) -> Result<()>;

/// Writes every chart into `dir` and returns the written paths.
pub fn write_all(dir: &Path, data: &ChartData) -> Result<Vec<PathBuf>> {
    let charts: [(&str, Draw); 4] = [
        ("doc_topics.svg", doc_topics),
        ("topic_terms.svg", topic_terms),
        ("heatmap.svg", heatmap),
        ("paragraph_map.svg", paragraph_map),
    ];
    charts
        .iter()
        .map(|(name, draw)| {
            let path = dir.join(name);
            draw(&path, data)?;
            Ok(path)
        })
        .collect()
}

/// Paul Tol's "muted" then "light" qualitative palettes: colour-blind safe, cycled.
const PALETTE: [RGBColor; 17] = [
    RGBColor(0x88, 0xCC, 0xEE),
    RGBColor(0xCC, 0x66, 0x77),
    RGBColor(0xDD, 0xCC, 0x77),
    RGBColor(0x11, 0x77, 0x33),
    RGBColor(0x33, 0x22, 0x88),
    RGBColor(0xAA, 0x44, 0x99),
    RGBColor(0x44, 0xAA, 0x99),
    RGBColor(0x99, 0x99, 0x33),
    RGBColor(0x88, 0x22, 0x55),
    RGBColor(0x77, 0xAA, 0xDD),
    RGBColor(0xEE, 0x88, 0x66),
    RGBColor(0xEE, 0xDD, 0x88),
    RGBColor(0xFF, 0xAA, 0xBB),
    RGBColor(0x99, 0xDD, 0xFF),
    RGBColor(0x44, 0xBB, 0x99),
    RGBColor(0xBB, 0xCC, 0x33),
    RGBColor(0xAA, 0xAA, 0x00),
];

/// The colour of topic `t`, the same in every chart.
pub fn topic_color(t: usize) -> RGBColor {
    PALETTE[t % PALETTE.len()]
}

fn chart_err(path: &Path) -> impl Fn(String) -> Error + '_ {
    move |e| Error::Runtime(format!("cannot draw chart {}: {e}", path.display()))
}

/// Shortens `s` to at most `max` characters with an ellipsis.
pub fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}
