//! The k-selection chart: each metric against k, the chosen k marked, in the look of the
//! other charts (title and notes at the top, one axis style, major grid lines only, the
//! value printed at each point and on hover).

use super::style::*;
use super::Chart;
use crate::error::Result;
use plotters::prelude::*;

/// One k tried: (k, silhouette, coherence, diversity, criterion score).
pub type KRow = (usize, f64, f64, f64, f64);

/// A panel: its title, the value it plots, its colour.
type Panel = (&'static str, fn(&KRow) -> f64, RGBColor);

const PANELS: [Panel; 4] = [
    ("silhouette (cosine)", |r| r.1, RGBColor(0x33, 0x22, 0x88)),
    ("coherence (mean NPMI)", |r| r.2, RGBColor(0x11, 0x77, 0x33)),
    (
        "diversity (unique top terms)",
        |r| r.3,
        RGBColor(0xAA, 0x44, 0x99),
    ),
    ("criterion (mean of the rescaled metrics)", |r| r.4, INK),
];

/// Size of one panel, px.
const PANEL_W: f64 = 470.0;
const PANEL_H: f64 = 270.0;

/// Draws four panels (silhouette, coherence, diversity, criterion) against k.
pub fn k_selection(rows: &[KRow], chosen: usize) -> Result<Chart> {
    let title = format!("Choosing k: each metric against k (chosen k = {chosen})");
    let width = 2.0 * PAD + 2.0 * PANEL_W + 20.0;
    let notes = vec![format!(
        "The criterion rescales each metric to 0–1 over the k tried and takes their mean; the \
         smallest k within 0.01 of the best wins (k = {chosen}, the grey line)."
    )];
    let lines = note_lines(&notes, width);
    let top = header_bottom(&lines);
    let svg = draw(&title, width, top + 2.0 * PANEL_H + 10.0, |c| {
        header(&c.area, &title, &lines)?;
        for (i, panel) in PANELS.iter().enumerate() {
            let x = PAD + (PANEL_W + 20.0) * (i % 2) as f64;
            let y = top + PANEL_H * (i / 2) as f64;
            draw_panel(c, (x, y), panel, rows, chosen)?;
        }
        Ok(())
    });
    Ok(Chart {
        file: "k_selection.svg",
        title,
        svg: svg?,
    })
}

/// One metric against k, its panel's top-left corner at `(x, y)`.
fn draw_panel(
    c: &super::svg::Canvas,
    (x, y): (f64, f64),
    (name, get, color): &Panel,
    rows: &[KRow],
    chosen: usize,
) -> super::svg::Drawn {
    text(&c.area, x, y + 14.0, name, Font::new(14.0).bold())?;
    let (k0, k1) = (
        rows.iter().map(|r| r.0).min().unwrap_or(1),
        rows.iter().map(|r| r.0).max().unwrap_or(2),
    );
    let vals: Vec<f64> = rows.iter().map(get).collect();
    let lo = vals.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = vals.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let pad = ((hi - lo) * 0.15).max(1e-3);
    let area = c.area.clone().shrink(
        (px(x), px(y + 24.0)),
        (PANEL_W as u32, (PANEL_H - 40.0) as u32),
    );
    let mut chart = ChartBuilder::on(&area)
        .x_label_area_size(36)
        .y_label_area_size(52)
        .margin_right(12)
        .build_cartesian_2d(k0 as f64 - 0.5..k1 as f64 + 0.5, lo - pad..hi + pad)
        .map_err(err)?;
    chart
        .configure_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(GRID)
        .axis_style(AXIS)
        .x_labels((k1 - k0 + 1).min(12))
        .y_labels(5)
        .x_label_formatter(&|v| format!("{v:.0}"))
        .y_label_formatter(&tick_text)
        .x_label_style(tick_style())
        .y_label_style(tick_style())
        .x_desc("k")
        .axis_desc_style(Font::new(13.0).style())
        .draw()
        .map_err(err)?;
    chart
        .draw_series(std::iter::once(PathElement::new(
            vec![(chosen as f64, lo - pad), (chosen as f64, hi + pad)],
            AXIS.stroke_width(2),
        )))
        .map_err(err)?;
    chart
        .draw_series(LineSeries::new(
            rows.iter().map(|r| (r.0 as f64, get(r))),
            color.stroke_width(2),
        ))
        .map_err(err)?;
    let labelled = rows.len() <= 12;
    for r in rows {
        let (px_x, px_y) = chart.backend_coord(&(r.0 as f64, get(r)));
        let size = if r.0 == chosen { 6 } else { 4 };
        let value = format!("{:.3}", get(r));
        c.titled(&format!("k = {}: {value}", r.0), || {
            c.area
                .draw(&Circle::new((px_x, px_y), size, color.filled()))
                .map_err(err)
        })?;
        if labelled || r.0 == chosen {
            let font = Font::new(10.5).color(MUTED).middle();
            text(&c.area, px_x as f64, px_y as f64 - 9.0, &value, font)?;
        }
    }
    Ok(())
}
