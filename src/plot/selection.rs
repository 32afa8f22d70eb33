//! The k-selection chart: each metric against k, the chosen k marked.

use super::Chart;
use crate::error::{Error, Result};
use plotters::prelude::*;

/// One k tried: (k, silhouette, coherence, diversity, criterion score).
pub type KRow = (usize, f64, f64, f64, f64);

/// A panel: its title, the value it plots, its colour.
type Panel = (&'static str, fn(&KRow) -> f64, RGBColor);

/// Draws four panels (silhouette, coherence, diversity, criterion) against k.
pub fn k_selection(rows: &[KRow], chosen: usize) -> Result<Chart> {
    let mut svg = String::new();
    draw(&mut svg, rows, chosen)
        .map_err(|e| Error::Runtime(format!("cannot draw charts/k_selection.svg: {e}")))?;
    Ok(Chart {
        file: "k_selection.svg",
        title: format!("Choosing k: each metric against k (chosen k = {chosen})"),
        svg,
    })
}

fn draw(out: &mut String, rows: &[KRow], chosen: usize) -> Result<(), String> {
    let root = SVGBackend::with_string(out, (1000, 700)).into_drawing_area();
    root.fill(&WHITE).map_err(|e| e.to_string())?;
    let root = root
        .titled(
            &format!("Choosing k: chosen k = {chosen}"),
            ("sans-serif", 20),
        )
        .map_err(|e| e.to_string())?;
    let panels = root.split_evenly((2, 2));
    let (k0, k1) = (
        rows.iter().map(|r| r.0).min().unwrap_or(1),
        rows.iter().map(|r| r.0).max().unwrap_or(2),
    );
    let series: [Panel; 4] = [
        ("silhouette (cosine)", |r| r.1, RGBColor(0x33, 0x22, 0x88)),
        ("coherence (mean NPMI)", |r| r.2, RGBColor(0x11, 0x77, 0x33)),
        (
            "diversity (unique top terms)",
            |r| r.3,
            RGBColor(0xCC, 0x66, 0x77),
        ),
        (
            "criterion (mean of rescaled metrics)",
            |r| r.4,
            RGBColor(0x00, 0x00, 0x00),
        ),
    ];
    for (area, (name, get, color)) in panels.iter().zip(series) {
        let vals: Vec<f64> = rows.iter().map(get).collect();
        let lo = vals.iter().cloned().fold(f64::INFINITY, f64::min);
        let hi = vals.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
        let pad = ((hi - lo) * 0.1).max(1e-3);
        let mut chart = ChartBuilder::on(area)
            .caption(name, ("sans-serif", 15))
            .margin(12)
            .x_label_area_size(35)
            .y_label_area_size(50)
            .build_cartesian_2d(k0 as f64 - 0.5..k1 as f64 + 0.5, lo - pad..hi + pad)
            .map_err(|e| e.to_string())?;
        chart
            .configure_mesh()
            .light_line_style(RGBColor(0xF0, 0xF0, 0xF0))
            .x_desc("k")
            .x_labels((k1 - k0 + 1).min(20))
            .x_label_formatter(&|x| format!("{x:.0}"))
            .y_label_formatter(&|y| format!("{y:.3}"))
            .label_style(("sans-serif", 12))
            .draw()
            .map_err(|e| e.to_string())?;
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(chosen as f64, lo - pad), (chosen as f64, hi + pad)],
                RGBColor(0xAA, 0xAA, 0xAA).stroke_width(2),
            )))
            .map_err(|e| e.to_string())?;
        chart
            .draw_series(LineSeries::new(
                rows.iter().map(|r| (r.0 as f64, get(r))),
                color.stroke_width(2),
            ))
            .map_err(|e| e.to_string())?;
        chart
            .draw_series(rows.iter().map(|r| {
                let size = if r.0 == chosen { 6 } else { 3 };
                Circle::new((r.0 as f64, get(r)), size, color.filled())
            }))
            .map_err(|e| e.to_string())?;
    }
    root.present().map_err(|e| e.to_string())
}
