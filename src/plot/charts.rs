//! The four charts.

use super::{chart_err, shorten, topic_color, ChartData};
use crate::error::Result;
use plotters::prelude::*;
use std::path::Path;

const FONT: &str = "sans-serif";
const LEGEND_W: u32 = 330;

/// Draws "id label" legend rows for every topic into `area`.
fn legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, plotters::coord::Shift>,
    labels: &[String],
    top: i32,
) -> Result<(), String> {
    area.draw(&Text::new(
        "Topics",
        (10, top),
        (FONT, 15).into_font().style(FontStyle::Bold),
    ))
    .map_err(|e| e.to_string())?;
    for (t, label) in labels.iter().enumerate() {
        let y = top + 24 + 20 * t as i32;
        area.draw(&Rectangle::new(
            [(10, y), (24, y + 14)],
            topic_color(t).filled(),
        ))
        .map_err(|e| e.to_string())?;
        area.draw(&Text::new(
            format!("{t}  {}", shorten(label, 38)),
            (30, y + 1),
            (FONT, 13),
        ))
        .map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// Documents × topic weights as horizontal stacked bars, with a legend of topic labels.
pub fn doc_topics(path: &Path, data: &ChartData) -> Result<()> {
    draw_doc_topics(path, data).map_err(chart_err(path))
}

fn draw_doc_topics(path: &Path, data: &ChartData) -> Result<(), String> {
    let n = data.documents.len().max(1);
    let k = data.labels.len();
    let height = (110 + 34 * n as u32).max(80 + 20 * k as u32).max(300);
    let root = SVGBackend::new(path, (1100, height)).into_drawing_area();
    root.fill(&WHITE).map_err(|e| e.to_string())?;
    let (left, right) = root.split_horizontally(1100 - LEGEND_W);
    let names: Vec<String> = data.documents.iter().map(|d| shorten(d, 28)).collect();
    let mut chart = ChartBuilder::on(&left)
        .caption("Topic weights per document", (FONT, 20))
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(200)
        .build_cartesian_2d(0f64..1f64, (0..n - 1).into_segmented())
        .map_err(|e| e.to_string())?;
    chart
        .configure_mesh()
        .light_line_style(RGBColor(0xF0, 0xF0, 0xF0))
        .disable_y_mesh()
        .x_desc("share of the document's tokens")
        .x_label_formatter(&|x| format!("{:.0}%", x * 100.0))
        .y_label_formatter(&|y| match y {
            SegmentValue::CenterOf(i) if *i < n => names[n - 1 - *i].clone(),
            _ => String::new(),
        })
        .y_labels(n)
        .label_style((FONT, 13))
        .draw()
        .map_err(|e| e.to_string())?;
    for (d, row) in data.weights.iter().enumerate() {
        let y = n - 1 - d;
        let mut x0 = 0.0;
        for (t, &w) in row.iter().enumerate() {
            if w <= 0.0 {
                continue;
            }
            let x1 = (x0 + w).min(1.0);
            let mut bar = Rectangle::new(
                [
                    (x0, SegmentValue::Exact(y)),
                    (x1, SegmentValue::Exact(y + 1)),
                ],
                topic_color(t).filled(),
            );
            bar.set_margin(5, 5, 0, 0);
            chart
                .draw_series(std::iter::once(bar))
                .map_err(|e| e.to_string())?;
            x0 = x1;
        }
    }
    legend(&right, &data.labels, 40)?;
    root.present().map_err(|e| e.to_string())
}

/// Top terms per topic, one small horizontal bar chart per topic.
pub fn topic_terms(path: &Path, data: &ChartData) -> Result<()> {
    draw_topic_terms(path, data).map_err(chart_err(path))
}

fn draw_topic_terms(path: &Path, data: &ChartData) -> Result<(), String> {
    let k = data.terms.len().max(1);
    let cols = k.min(4);
    let rows = k.div_ceil(cols);
    let (pw, ph) = (330u32, 300u32);
    let root = SVGBackend::new(path, (pw * cols as u32, 50 + ph * rows as u32)).into_drawing_area();
    root.fill(&WHITE).map_err(|e| e.to_string())?;
    let root = root
        .titled("Top terms per topic (class-based TF-IDF)", (FONT, 20))
        .map_err(|e| e.to_string())?;
    let panels = root.split_evenly((rows, cols));
    for (t, terms) in data.terms.iter().enumerate() {
        let area = &panels[t];
        let m = terms.len().max(1);
        let max = terms.iter().map(|x| x.1).fold(0.0f64, f64::max).max(1e-12);
        let names: Vec<String> = terms.iter().map(|(w, _)| shorten(w, 18)).collect();
        let mut chart = ChartBuilder::on(area)
            .caption(format!("{t}: {}", shorten(&data.labels[t], 34)), (FONT, 14))
            .margin(8)
            .x_label_area_size(24)
            .y_label_area_size(110)
            .build_cartesian_2d(0f64..max * 1.05, (0..m - 1).into_segmented())
            .map_err(|e| e.to_string())?;
        chart
            .configure_mesh()
            .light_line_style(RGBColor(0xF0, 0xF0, 0xF0))
            .disable_y_mesh()
            .x_labels(3)
            .x_label_formatter(&|x| format!("{x:.3}"))
            .y_labels(m)
            .y_label_formatter(&|y| match y {
                SegmentValue::CenterOf(i) if *i < m => names[m - 1 - *i].clone(),
                _ => String::new(),
            })
            .label_style((FONT, 12))
            .draw()
            .map_err(|e| e.to_string())?;
        chart
            .draw_series(terms.iter().enumerate().map(|(i, (_, w))| {
                let y = m - 1 - i;
                let mut bar = Rectangle::new(
                    [
                        (0.0, SegmentValue::Exact(y)),
                        (*w, SegmentValue::Exact(y + 1)),
                    ],
                    topic_color(t).filled(),
                );
                bar.set_margin(3, 3, 0, 0);
                bar
            }))
            .map_err(|e| e.to_string())?;
    }
    root.present().map_err(|e| e.to_string())
}

/// Documents × topics heatmap with the weight printed in each cell.
pub fn heatmap(path: &Path, data: &ChartData) -> Result<()> {
    draw_heatmap(path, data).map_err(chart_err(path))
}

fn draw_heatmap(path: &Path, data: &ChartData) -> Result<(), String> {
    let n = data.documents.len().max(1);
    let k = data.labels.len().max(1);
    let width = (260 + 56 * k as u32).max(500) + LEGEND_W;
    let height = (110 + 30 * n as u32).max(80 + 20 * k as u32).max(300);
    let root = SVGBackend::new(path, (width, height)).into_drawing_area();
    root.fill(&WHITE).map_err(|e| e.to_string())?;
    let (left, right) = root.split_horizontally(width - LEGEND_W);
    let names: Vec<String> = data.documents.iter().map(|d| shorten(d, 28)).collect();
    let mut chart = ChartBuilder::on(&left)
        .caption("Document × topic weights", (FONT, 20))
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(200)
        .build_cartesian_2d((0..k - 1).into_segmented(), (0..n - 1).into_segmented())
        .map_err(|e| e.to_string())?;
    chart
        .configure_mesh()
        .light_line_style(RGBColor(0xF0, 0xF0, 0xF0))
        .disable_mesh()
        .x_desc("topic")
        .x_labels(k)
        .y_labels(n)
        .x_label_formatter(&|x| match x {
            SegmentValue::CenterOf(t) if *t < k => t.to_string(),
            _ => String::new(),
        })
        .y_label_formatter(&|y| match y {
            SegmentValue::CenterOf(i) if *i < n => names[n - 1 - *i].clone(),
            _ => String::new(),
        })
        .label_style((FONT, 13))
        .draw()
        .map_err(|e| e.to_string())?;
    for (d, row) in data.weights.iter().enumerate() {
        let y = n - 1 - d;
        for (t, &w) in row.iter().enumerate() {
            // white → dark blue ramp
            let c = |hi: u8| (255.0 - (255.0 - hi as f64) * w.clamp(0.0, 1.0)) as u8;
            let fill = RGBColor(c(0x08), c(0x30), c(0x6B));
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [
                        (SegmentValue::Exact(t), SegmentValue::Exact(y)),
                        (SegmentValue::Exact(t + 1), SegmentValue::Exact(y + 1)),
                    ],
                    fill.filled(),
                )))
                .map_err(|e| e.to_string())?;
            let ink = if w > 0.5 { WHITE } else { BLACK };
            let style = TextStyle::from((FONT, 12).into_font()).color(&ink).pos(
                plotters::style::text_anchor::Pos::new(
                    plotters::style::text_anchor::HPos::Center,
                    plotters::style::text_anchor::VPos::Center,
                ),
            );
            chart
                .draw_series(std::iter::once(Text::new(
                    format!("{w:.2}"),
                    (SegmentValue::CenterOf(t), SegmentValue::CenterOf(y)),
                    style,
                )))
                .map_err(|e| e.to_string())?;
        }
    }
    legend(&right, &data.labels, 40)?;
    root.present().map_err(|e| e.to_string())
}

/// Paragraphs on the first two principal components, coloured by topic.
pub fn paragraph_map(path: &Path, data: &ChartData) -> Result<()> {
    draw_paragraph_map(path, data).map_err(chart_err(path))
}

fn draw_paragraph_map(path: &Path, data: &ChartData) -> Result<(), String> {
    let k = data.labels.len();
    let height = (80 + 20 * k as u32).max(620);
    let root = SVGBackend::new(path, (1100, height)).into_drawing_area();
    root.fill(&WHITE).map_err(|e| e.to_string())?;
    let (left, right) = root.split_horizontally(1100 - LEGEND_W);
    let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for &(x, y, _) in &data.points {
        x0 = x0.min(x);
        x1 = x1.max(x);
        y0 = y0.min(y);
        y1 = y1.max(y);
    }
    if data.points.is_empty() || x0 >= x1 {
        (x0, x1) = (-1.0, 1.0);
    }
    if data.points.is_empty() || y0 >= y1 {
        (y0, y1) = (-1.0, 1.0);
    }
    let (px, py) = ((x1 - x0) * 0.05, (y1 - y0) * 0.05);
    let mut chart = ChartBuilder::on(&left)
        .caption(
            "Paragraphs by topic (PCA of the clustered LSA space)",
            (FONT, 20),
        )
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(50)
        .build_cartesian_2d(x0 - px..x1 + px, y0 - py..y1 + py)
        .map_err(|e| e.to_string())?;
    chart
        .configure_mesh()
        .light_line_style(RGBColor(0xF0, 0xF0, 0xF0))
        .x_desc("PC 1")
        .y_desc("PC 2")
        .x_label_formatter(&|x| format!("{x:.2}"))
        .y_label_formatter(&|y| format!("{y:.2}"))
        .label_style((FONT, 12))
        .draw()
        .map_err(|e| e.to_string())?;
    let radius = if data.points.len() > 5000 { 2 } else { 4 };
    chart
        .draw_series(
            data.points
                .iter()
                .map(|&(x, y, t)| Circle::new((x, y), radius, topic_color(t).mix(0.85).filled())),
        )
        .map_err(|e| e.to_string())?;
    legend(&right, &data.labels, 40)?;
    root.present().map_err(|e| e.to_string())
}
