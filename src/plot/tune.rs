//! The tune chart: one bar per tried setting, best first, in the look of the other charts
//! (title and notes at the top, names on the left, the value at the end of each bar, one
//! axis with major grid lines only).

use super::style::*;
use super::svg::{fit_end, text_width};
use super::Chart;
use crate::error::Result;
use plotters::prelude::*;

/// Bar colour of the best setting and of the others.
const BEST: RGBColor = RGBColor(0x11, 0x77, 0x33);
const OTHER: RGBColor = RGBColor(0x88, 0xCC, 0xEE);

/// Horizontal bars of `metric` per setting (already sorted best first).
pub fn tune_chart(bars: &[(String, f64)], metric: &str) -> Result<Chart> {
    let title = "Tuning: each setting tried, best first";
    let n = bars.len().max(1);
    let name_w = bars
        .iter()
        .map(|b| text_width(&b.0, 13.0))
        .fold(60.0, f64::max)
        .min(MAX_NAME_W + 100.0);
    let width = (name_w + 620.0).max(900.0);
    let plot_x = (PAD + name_w + 10.0).round();
    let plot_w = (width - plot_x - 70.0 - PAD).round();
    let (pitch, bar) = (26.0, 18.0);
    let notes = vec![format!(
        "Bar length: {metric}. The best setting is drawn in green; tune.csv has every figure."
    )];
    let lines = note_lines(&notes, width);
    let top = header_bottom(&lines) + 6.0;
    let plot_h = pitch * n as f64;
    let lo = bars.iter().map(|b| b.1).fold(0.0, f64::min);
    let hi = bars.iter().map(|b| b.1).fold(0.0, f64::max).max(lo + 1e-9);
    let svg = draw(title, width, top + plot_h + 52.0, |c| {
        header(&c.area, title, &lines)?;
        let axis = c.area.clone().shrink(
            (px(plot_x), px(top)),
            (plot_w as u32, px(plot_h + 44.0) as u32),
        );
        let mut chart = ChartBuilder::on(&axis)
            .x_label_area_size(44)
            .build_cartesian_2d(lo..hi, 0f64..1f64)
            .map_err(err)?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .disable_y_axis()
            .x_labels(6)
            .light_line_style(TRANSPARENT)
            .bold_line_style(GRID)
            .axis_style(AXIS)
            .x_label_style(tick_style())
            .x_label_formatter(&tick_text)
            .x_desc(metric)
            .axis_desc_style(Font::new(13.0).style())
            .draw()
            .map_err(err)?;
        for (i, (setting, v)) in bars.iter().enumerate() {
            let y = top + pitch * i as f64 + (pitch - bar) / 2.0;
            let shown = fit_end(setting, 13.0, name_w);
            let font = if i == 0 {
                Font::new(13.0).bold()
            } else {
                Font::new(13.0)
            };
            hover_text(
                c,
                plot_x - 8.0,
                y + bar / 2.0 + 4.5,
                &shown,
                setting,
                font.end(),
            )?;
            let x0 = chart.backend_coord(&(0.0, 0.0)).0 as f64;
            let x1 = chart.backend_coord(&(*v, 0.0)).0 as f64;
            let color = if i == 0 { BEST } else { OTHER };
            let (l, r) = (x0.min(x1), x0.max(x1).max(x0.min(x1) + 1.0));
            c.titled(&format!("{setting}: {v:.4}"), || {
                rect(&c.area, (l, y, r, y + bar), color)
            })?;
            let label = tick_text(&((v * 1000.0).round() / 1000.0));
            text(
                &c.area,
                r + 6.0,
                y + bar / 2.0 + 4.0,
                &label,
                Font::new(12.0),
            )?;
        }
        Ok(())
    });
    Ok(Chart {
        file: "tune.svg",
        title: format!("Tuning: {metric} per setting, best first"),
        svg: svg?,
    })
}
