//! Stage 6 — charts: SVG files drawn by plotters (no font files needed to draw them).
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
//! that do not fit are shortened, with the full name in an SVG `<title>` (shown on hover;
//! [`svg::render`] adds these to plotters' output). The hatching is drawn by plotters too:
//! one filled polygon of stripes per direction over the topic's colour.
//! The charts take plain data ([`ChartData`]), not other stages' types.

mod charts;
mod selection;
mod style;
pub mod svg;
mod tune;

pub use charts::{doc_topics, group_topics, heatmap, paragraph_map, topic_sizes, topic_terms};
pub use selection::{k_selection, KRow};
pub use tune::tune_chart;

use crate::error::{Error, Result};
use plotters::prelude::*;
use std::path::Path;

/// Everything the charts show.
#[derive(Debug, Clone, Default)]
pub struct ChartData {
    /// Document ids, in row order of `weights`; `folder/name` for documents in sub-folders.
    pub documents: Vec<String>,
    /// Document titles, in the same order (empty: none; the id is shown). May be empty.
    pub titles: Vec<String>,
    /// Documents × topics weights (rows sum to 1).
    pub weights: Vec<Vec<f64>>,
    /// Tokens per document, in row order of `weights` (ranks documents and weighs groups).
    pub doc_tokens: Vec<usize>,
    /// Topic labels, in topic order.
    pub labels: Vec<String>,
    /// Topic ids, in topic order (empty: the positions `0..k`); they differ from the
    /// positions when topics were merged (`topics.merge`).
    pub ids: Vec<usize>,
    /// Paragraphs per topic.
    pub sizes: Vec<usize>,
    /// Share of all tokens per topic.
    pub shares: Vec<f64>,
    /// Per topic, its top terms and weights.
    pub terms: Vec<Vec<(String, f64)>>,
    /// Per paragraph, a 2-D position and its topic (all paragraphs, or a sample of them).
    pub points: Vec<(f64, f64, usize)>,
    /// Number of paragraphs in the corpus when `points` is a sample of them; 0 when
    /// `points` holds every paragraph.
    pub paragraphs: usize,
    /// At most this many documents (the largest by tokens) in the per-document charts.
    pub max_documents: usize,
    /// What a term weight means (depends on `topics.ranking`), for captions.
    pub term_weight: String,
}

impl ChartData {
    /// The id of the topic at position `t`.
    pub fn id(&self, t: usize) -> usize {
        self.ids.get(t).copied().unwrap_or(t)
    }

    /// The name a chart shows for document `d`: its title, else its id.
    pub fn display(&self, d: usize) -> &str {
        match self.titles.get(d) {
            Some(t) if !t.is_empty() => t,
            _ => &self.documents[d],
        }
    }
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
pub fn render_all(data: &ChartData) -> Result<Vec<Chart>> {
    let mut charts = vec![
        doc_topics(data)?,
        topic_sizes(data)?,
        topic_terms(data)?,
        heatmap(data)?,
        paragraph_map(data)?,
    ];
    charts.extend(group_topics(data)?);
    Ok(charts)
}

/// Draws every chart into `dir` and returns them.
pub fn write_all(dir: &Path, data: &ChartData) -> Result<Vec<Chart>> {
    let charts = render_all(data)?;
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
/// On the paragraph map the pattern is the marker's shape: circle, square, triangle, diamond.
pub fn topic_pattern(t: usize) -> usize {
    (t / PALETTE.len()) % 4
}

/// A CSS `background` value that looks like topic `t`'s fill in the charts: the same stripes
/// (`/` 1.4 px wide every 4.24 px, i.e. 2 in 6 px along x; horizontal 2 in 6 px).
pub fn topic_css(t: usize) -> String {
    let c = topic_color(t);
    let ink = if LIGHT[t % PALETTE.len()] {
        "rgba(0,0,0,.45)"
    } else {
        "rgba(255,255,255,.7)"
    };
    match topic_pattern(t) {
        0 => c.to_string(),
        1 => format!("repeating-linear-gradient(135deg,{ink} 0 1.4px,{c} 1.4px 4.24px)"),
        2 => format!(
            "repeating-linear-gradient(135deg,{ink} 0 1.4px,transparent 1.4px 4.24px),repeating-linear-gradient(45deg,{ink} 0 1.4px,{c} 1.4px 4.24px)"
        ),
        _ => format!("repeating-linear-gradient(180deg,{ink} 0 2px,{c} 2px 6px)"),
    }
}

/// Topic `t`'s colour for plotters.
fn topic_rgb(t: usize) -> RGBColor {
    let hex = topic_color(t);
    let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).unwrap_or(0);
    RGBColor(byte(1), byte(3), byte(5))
}

/// The colour of topic `t`'s hatching: dark on light colours, light on dark ones.
fn topic_ink(t: usize) -> RGBAColor {
    if LIGHT[t % PALETTE.len()] {
        RGBAColor(0, 0, 0, 0.45)
    } else {
        RGBAColor(255, 255, 255, 0.7)
    }
}

/// Text drawn on topic `t`'s colour: dark on light colours, white on dark ones.
fn topic_text(t: usize) -> RGBColor {
    if LIGHT[t % PALETTE.len()] {
        RGBColor(0x22, 0x22, 0x22)
    } else {
        RGBColor(0xFF, 0xFF, 0xFF)
    }
}

/// A direction of stripes: the pixel function `a·x + b·y` that is constant along a stripe,
/// the stripes' period and width in that function's units.
#[derive(Debug, Clone, Copy)]
struct Stripes {
    a: i32,
    b: i32,
    period: i32,
    width: i32,
}

/// `/` stripes (x + y constant), as the report's 45° gradient.
const SLASH: Stripes = Stripes {
    a: 1,
    b: 1,
    period: 6,
    width: 2,
};
/// `\` stripes (x − y constant).
const BACKSLASH: Stripes = Stripes {
    a: 1,
    b: -1,
    period: 6,
    width: 2,
};
/// Horizontal stripes (y constant).
const LEVEL: Stripes = Stripes {
    a: 0,
    b: 1,
    period: 6,
    width: 2,
};

/// The stripe directions of topic `t`'s pattern (see [`topic_pattern`]).
fn topic_stripes(t: usize) -> &'static [Stripes] {
    match topic_pattern(t) {
        0 => &[],
        1 => &[SLASH],
        2 => &[SLASH, BACKSLASH],
        _ => &[LEVEL],
    }
}

/// A path along the edges of a box, from its corner where the stripe function is smallest
/// to the one where it is largest: its corners, each with its distance along the path.
struct Edge {
    points: Vec<((i32, i32), i32)>,
}

impl Edge {
    fn new(corners: &[(i32, i32)]) -> Edge {
        let mut t = 0;
        let mut points = Vec::with_capacity(corners.len());
        for (i, &p) in corners.iter().enumerate() {
            if i > 0 {
                let q = corners[i - 1];
                t += (p.0 - q.0).abs() + (p.1 - q.1).abs();
            }
            points.push((p, t));
        }
        Edge { points }
    }

    /// The point at distance `t` along the path.
    fn at(&self, t: i32) -> (i32, i32) {
        for w in self.points.windows(2) {
            let ((p, tp), (q, tq)) = (w[0], w[1]);
            if t <= tq {
                let d = t - tp;
                return (
                    p.0 + d * (q.0 - p.0).signum(),
                    p.1 + d * (q.1 - p.1).signum(),
                );
            }
        }
        self.points.last().map_or((0, 0), |p| p.0)
    }

    /// Where along the path the stripe function `u` first reaches `v` (it never falls along
    /// the path, and changes by 1 per pixel or not at all).
    fn first(&self, u: impl Fn((i32, i32)) -> i32, v: i32) -> i32 {
        for w in self.points.windows(2) {
            let ((p, tp), (q, _)) = (w[0], w[1]);
            if u(p) >= v {
                return tp;
            }
            if u(q) >= v {
                return tp + (v - u(p));
            }
        }
        self.points.last().map_or(0, |p| p.1)
    }

    /// Where along the path `u` last is at most `v`.
    fn last(&self, u: impl Fn((i32, i32)) -> i32, v: i32) -> i32 {
        for w in self.points.windows(2).rev() {
            let ((p, tp), (q, tq)) = (w[0], w[1]);
            if u(q) <= v {
                return tq;
            }
            if u(p) <= v {
                return tp + (v - u(p));
            }
        }
        0
    }
}

/// Stripes of direction `s` inside the pixel box `(x0, y0)`–`(x1, y1)`, as ONE polygon for
/// plotters to fill, a comb: it runs along one side of the box (the spine, two edges from
/// the corner where `a·x + b·y` is smallest to where it is largest); at each stripe it goes
/// round the stripe's part of the box; back at the end, it returns along the spine, which
/// closes every stripe and takes back the spine between them (walked there and back, it
/// fills nothing). The stripes line up across neighbouring boxes, as a pattern would.
fn stripe_polygon(s: Stripes, (x0, y0, x1, y1): (i32, i32, i32, i32)) -> Vec<(i32, i32)> {
    if x1 <= x0 || y1 <= y0 {
        return Vec::new();
    }
    let u = |(x, y): (i32, i32)| s.a * x + s.b * y;
    let corners = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)];
    let lo = (0..4).min_by_key(|&i| u(corners[i])).unwrap_or(0);
    let hi = (lo + 2) % 4;
    // the two ways round from the lowest corner to the opposite, highest one
    let spine = Edge::new(&[corners[lo], corners[(lo + 3) % 4], corners[hi]]);
    let other = Edge::new(&[corners[lo], corners[(lo + 1) % 4], corners[hi]]);
    let (umin, umax) = (u(corners[lo]), u(corners[hi]));
    let bend = spine.points[1].1;
    let turn = other.points[1].1;
    let mut out = vec![corners[lo]];
    let mut along = 0;
    for k in umin.div_euclid(s.period)..=umax.div_euclid(s.period) {
        let (a, b) = ((k * s.period).max(umin), (k * s.period + s.width).min(umax));
        if b <= a {
            continue;
        }
        let (enter, leave) = (spine.first(u, a), spine.first(u, b));
        let (far_a, far_b) = (other.last(u, a), other.last(u, b));
        if along < bend && bend < enter {
            out.push(spine.points[1].0);
        }
        out.push(spine.at(enter));
        out.push(other.at(far_a));
        if far_a < turn && turn < far_b {
            out.push(other.points[1].0);
        }
        out.push(other.at(far_b));
        out.push(spine.at(leave));
        along = leave;
    }
    if out.len() == 1 {
        return Vec::new();
    }
    // back along the spine (the closing edge from the bend runs along its first edge)
    if bend < along {
        out.push(spine.points[1].0);
    }
    out.dedup();
    while out.len() > 1 && out.first() == out.last() {
        out.pop();
    }
    out
}

/// Draws topic `t`'s look on the pixel box `(x0, y0)`–`(x1, y1)`: its colour, and past the
/// ninth topic its stripes (see [`topic_pattern`]).
fn topic_box(area: &svg::Area, t: usize, (x0, y0, x1, y1): (i32, i32, i32, i32)) -> svg::Drawn {
    area.draw(&Rectangle::new([(x0, y0), (x1, y1)], topic_rgb(t).filled()))
        .map_err(|e| e.to_string())?;
    for &s in topic_stripes(t) {
        let poly = stripe_polygon(s, (x0, y0, x1, y1));
        if !poly.is_empty() {
            area.draw(&Polygon::new(poly, topic_ink(t).filled()))
                .map_err(|e| e.to_string())?;
        }
    }
    Ok(())
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
/// and document counts, in natural name order; empty when no document sits in a sub-folder.
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
    let mut groups: Vec<(String, usize, Vec<f64>)> = groups
        .into_iter()
        .map(|(g, (n, tokens, sums))| {
            let shares = sums.iter().map(|s| s / tokens.max(1e-12)).collect();
            (g.to_string(), n, shares)
        })
        .collect();
    groups.sort_by(|a, b| crate::corpus::natural_cmp(&a.0, &b.0));
    groups
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
            ids: Vec::new(),
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
        assert_eq!(topic_stripes(19).len(), 2);
    }

    /// Whether the nonzero fill rule fills (x, y) in `poly`.
    fn filled(poly: &[(i32, i32)], (x, y): (f64, f64)) -> bool {
        let mut winding = 0;
        for i in 0..poly.len() {
            let (p, q) = (poly[i], poly[(i + 1) % poly.len()]);
            let (px, py, qx, qy) = (p.0 as f64, p.1 as f64, q.0 as f64, q.1 as f64);
            let side = (qx - px) * (y - py) - (x - px) * (qy - py);
            if py <= y && qy > y && side > 0.0 {
                winding += 1;
            } else if py > y && qy <= y && side < 0.0 {
                winding -= 1;
            }
        }
        winding != 0
    }

    #[test]
    fn the_stripe_comb_fills_exactly_the_stripes_in_the_box() {
        let boxes = [
            (0, 0, 60, 19),
            (13, 7, 17, 26),
            (5, 5, 20, 20),
            (100, 3, 400, 10),
            (7, 2, 9, 30),
            (-5, -3, 4, 2),
        ];
        for b in boxes {
            for s in [SLASH, BACKSLASH, LEVEL] {
                let poly = stripe_polygon(s, b);
                assert!(!poly.is_empty(), "{b:?}");
                // sample off the pixel grid, so that no sample is on an edge
                for i in 0..(b.2 - b.0) * 4 {
                    for j in 0..(b.3 - b.1) * 4 {
                        let x = b.0 as f64 + i as f64 / 4.0 + 0.0917;
                        let y = b.1 as f64 + j as f64 / 4.0 + 0.1331;
                        let u = s.a as f64 * x + s.b as f64 * y;
                        let want = u.rem_euclid(s.period as f64) < s.width as f64;
                        assert_eq!(filled(&poly, (x, y)), want, "{b:?} {s:?} at {x},{y}");
                    }
                }
                // and nothing outside the box
                assert!(poly
                    .iter()
                    .all(|&(x, y)| x >= b.0 && x <= b.2 && y >= b.1 && y <= b.3));
            }
        }
        // nothing to stripe in an empty box
        assert!(stripe_polygon(SLASH, (3, 3, 3, 20)).is_empty());
    }
}
