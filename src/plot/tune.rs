//! The tune chart: one bar per tried setting, best first.

use super::Chart;
use crate::error::{Error, Result};
use plotters::prelude::*;

/// Horizontal bars of `metric` per setting (already sorted best first).
pub fn tune_chart(bars: &[(String, f64)], metric: &str) -> Result<Chart> {
    let mut svg = String::new();
    draw(&mut svg, bars, metric)
        .map_err(|e| Error::Runtime(format!("cannot draw charts/tune.svg: {e}")))?;
    Ok(Chart {
        file: "tune.svg",
        title: format!("Tuning: {metric} per setting, best first"),
        svg,
    })
}

fn draw(out: &mut String, bars: &[(String, f64)], metric: &str) -> Result<(), String> {
    let n = bars.len().max(1);
    let root =
        SVGBackend::with_string(out, (1000, (100 + 26 * n as u32).max(260))).into_drawing_area();
    root.fill(&WHITE).map_err(|e| e.to_string())?;
    let lo = bars
        .iter()
        .map(|b| b.1)
        .fold(f64::INFINITY, f64::min)
        .min(0.0);
    let hi = bars
        .iter()
        .map(|b| b.1)
        .fold(f64::NEG_INFINITY, f64::max)
        .max(1e-9);
    let names: Vec<String> = bars
        .iter()
        .map(|b| super::svg::fit_end(&b.0, 12.0, 320.0))
        .collect();
    let mut chart = ChartBuilder::on(&root)
        .caption(format!("Tuning: {metric}, best first"), ("sans-serif", 20))
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(330)
        .build_cartesian_2d(lo..hi * 1.05, (0..n - 1).into_segmented())
        .map_err(|e| e.to_string())?;
    chart
        .configure_mesh()
        .light_line_style(RGBColor(0xF0, 0xF0, 0xF0))
        .disable_y_mesh()
        .x_desc(metric)
        .y_labels(n)
        .y_label_formatter(&|y| match y {
            SegmentValue::CenterOf(i) if *i < n => names[n - 1 - *i].clone(),
            _ => String::new(),
        })
        .label_style(("sans-serif", 12))
        .draw()
        .map_err(|e| e.to_string())?;
    chart
        .draw_series(bars.iter().enumerate().map(|(i, (_, v))| {
            let y = n - 1 - i;
            let color = if i == 0 {
                RGBColor(0x11, 0x77, 0x33)
            } else {
                RGBColor(0x88, 0xCC, 0xEE)
            };
            let mut bar = Rectangle::new(
                [
                    (0.0, SegmentValue::Exact(y)),
                    (*v, SegmentValue::Exact(y + 1)),
                ],
                color.filled(),
            );
            bar.set_margin(3, 3, 0, 0);
            bar
        }))
        .map_err(|e| e.to_string())?;
    root.present().map_err(|e| e.to_string())
}
