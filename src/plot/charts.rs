//! The charts. Each takes [`ChartData`] and returns a [`Chart`] holding the SVG text.
//!
//! plotters draws everything (on [`svg::render`]'s canvas, which adds the hover titles); the
//! layout is computed here, from estimated text widths, so that names fit or are shortened.
//! Axes with numbers are plotters' `ChartBuilder` meshes; bars, cells, legends and markers
//! are plotters elements placed in pixels.

use super::style::*;
use super::svg::{fit_end, fit_middle, text_width, Area, Canvas, Drawn};
use super::{
    group_shares, shown_documents, topic_box, topic_pattern, topic_rgb, topic_text, Chart,
    ChartData,
};
use plotters::prelude::*;

fn legend_entry(t: usize, label: &str) -> String {
    format!("{t}  {label}")
}

/// The id of the topic at position `t` (`ids` empty: the position).
fn topic_id(ids: &[usize], t: usize) -> usize {
    ids.get(t).copied().unwrap_or(t)
}

/// Width of the topic legend for these labels.
fn legend_width(labels: &[String], ids: &[usize]) -> f64 {
    let widest = labels
        .iter()
        .enumerate()
        .map(|(t, l)| text_width(&legend_entry(topic_id(ids, t), l), 13.0))
        .fold(0.0, f64::max);
    (widest + 34.0).clamp(150.0, MAX_LEGEND_W)
}

/// Height of the topic legend of `k` topics.
fn legend_height(k: usize) -> f64 {
    match k {
        0 => 20.0,
        k => 26.0 + 21.0 * (k - 1) as f64 + 15.0,
    }
}

/// How legend swatches look: topic boxes or the paragraph map's markers.
#[derive(Clone, Copy, PartialEq)]
enum Swatch {
    Square,
    Marker,
}

/// Draws the topic legend at (x, y) within `width`.
fn legend(
    c: &Canvas,
    x: f64,
    y: f64,
    width: f64,
    (labels, ids): (&[String], &[usize]),
    swatch: Swatch,
) -> Drawn {
    text(&c.area, x, y + 14.0, "Topics", Font::new(14.0).bold())?;
    for (t, label) in labels.iter().enumerate() {
        let top = y + 26.0 + 21.0 * t as f64;
        match swatch {
            Swatch::Square => {
                let b = (px(x), px(top), px(x + 15.0), px(top + 15.0));
                topic_box(&c.area, t, b)?;
            }
            Swatch::Marker => {
                let centre = (px(x + 7.5), px(top + 7.5));
                marker(&c.area, t, centre, 5)?;
            }
        }
        let full = legend_entry(topic_id(ids, t), label);
        let shown = fit_end(&full, 13.0, width - 22.0);
        hover_text(c, x + 22.0, top + 12.5, &shown, &full, Font::new(13.0))?;
    }
    Ok(())
}

/// Topic `t`'s marker on the paragraph map, centred on a pixel, about `r` px in radius:
/// a circle, square, triangle or diamond (see [`topic_pattern`]), slightly transparent so
/// that overlaps show.
fn marker(area: &Area, t: usize, (x, y): (i32, i32), r: i32) -> Drawn {
    let style = topic_rgb(t).mix(0.8).filled();
    let r = r as f64;
    let d = |v: f64| v.round() as i32;
    match topic_pattern(t) {
        0 => area.draw(&Circle::new((x, y), d(r) as u32, style)),
        1 => {
            let h = d(0.9 * r);
            area.draw(&Rectangle::new([(x - h, y - h), (x + h, y + h)], style))
        }
        2 => area.draw(&TriangleMarker::new((x, y), d(1.5 * r), style)),
        _ => {
            let (w, h) = (d(1.1 * r), d(1.25 * r));
            let points = vec![(x, y - h), (x + w, y), (x, y + h), (x - w, y)];
            area.draw(&Polygon::new(points, style))
        }
    }
    .map_err(err)
}

/// A name drawn right-aligned at (x, baseline), shortened to `max` px with the full name on
/// hover.
fn name(c: &Canvas, x: f64, baseline: f64, s: &str, max: f64, size: f64) -> Drawn {
    let shown = fit_middle(s, size, max);
    hover_text(c, x, baseline, &shown, s, Font::new(size).end())
}

fn percent(x: f64) -> String {
    let p = x * 100.0;
    if p > 0.0 && p < 0.1 {
        "<0.1%".into()
    } else {
        format!("{p:.1}%")
    }
}

fn many(n: usize, one: &str, more: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { more })
}

/// The axis font of plotters' meshes.
/// One bar of a stacked-bar chart.
struct StackRow {
    name: String,
    weights: Vec<f64>,
}

/// Horizontal stacked bars (one per row, segments per topic) with a percent axis and the
/// topic legend.
fn stacked(
    title: &str,
    notes: &[String],
    rows: &[StackRow],
    data: &ChartData,
) -> crate::Result<String> {
    let labels = &data.labels;
    let ids = &data.ids;
    let name_w = rows
        .iter()
        .map(|r| text_width(&r.name, 13.0))
        .fold(60.0, f64::max)
        .min(MAX_NAME_W);
    let legend_w = legend_width(labels, ids);
    let width = (name_w + legend_w + 600.0).max(1100.0);
    let plot_x = (PAD + name_w + 10.0).round();
    let plot_w = (width - plot_x - 30.0 - legend_w - PAD).round();
    let (pitch, bar) = (26.0, 19.0);
    let lines = note_lines(notes, width);
    let top = header_bottom(&lines) + 6.0;
    let plot_h = pitch * rows.len().max(1) as f64;
    let legend_y = top - 4.0;
    let height = (top + plot_h + 52.0).max(legend_y + legend_height(labels.len()) + PAD);
    draw(title, width, height, |c| {
        header(&c.area, title, &lines)?;
        // the percent axis and its grid: a plotters mesh under the bars
        let axis = c.area.clone().shrink(
            (px(plot_x), px(top)),
            (plot_w as u32, px(plot_h + 44.0) as u32),
        );
        let mut chart = ChartBuilder::on(&axis)
            .x_label_area_size(44)
            .build_cartesian_2d(0f64..1f64, 0f64..1f64)
            .map_err(err)?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .disable_y_axis()
            .x_labels(6)
            .max_light_lines(0)
            .bold_line_style(GRID)
            .axis_style(AXIS)
            .x_label_formatter(&|v| format!("{:.0}%", v * 100.0))
            .x_label_style(tick_style())
            .x_desc("share of the tokens (numbers in the bars: topic)")
            .axis_desc_style(Font::new(13.0).style())
            .draw()
            .map_err(err)?;
        let sx = |v: f64| chart.backend_coord(&(v.clamp(0.0, 1.0), 0.0)).0;
        for (i, row) in rows.iter().enumerate() {
            let y = top + pitch * i as f64 + (pitch - bar) / 2.0;
            name(
                c,
                plot_x - 8.0,
                y + bar / 2.0 + 4.5,
                &row.name,
                name_w,
                13.0,
            )?;
            let mut acc = 0.0;
            for (t, &w) in row.weights.iter().enumerate() {
                if w <= 0.0 {
                    continue;
                }
                let (x0, x1) = (sx(acc), sx(acc + w));
                acc += w;
                if x1 <= x0 {
                    continue;
                }
                let id = topic_id(ids, t).to_string();
                let tip = format!("{}: topic {id} ({}) {}", row.name, labels[t], percent(w));
                c.titled(&tip, || -> Drawn {
                    topic_box(&c.area, t, (x0, px(y), x1, px(y + bar)))?;
                    if (x1 - x0) as f64 >= text_width(&id, 11.0) + 8.0 {
                        let mid = (x0 + x1) as f64 / 2.0;
                        bar_number(&c.area, t, mid, y + bar / 2.0, &id)?;
                    }
                    Ok(())
                })?;
            }
        }
        let lx = width - PAD - legend_w;
        legend(c, lx, legend_y, legend_w, (labels, ids), Swatch::Square)
    })
}

/// Topic number `id` centred on (x, y) in a bar of topic `t`: on a plain patch of the topic's
/// colour (covering any stripes), in white or dark ink, whichever reads on that colour.
fn bar_number(area: &Area, t: usize, x: f64, y: f64, id: &str) -> Drawn {
    if topic_pattern(t) > 0 {
        let half = text_width(id, 11.0) / 2.0 + 3.0;
        rect(area, (x - half, y - 7.0, x + half, y + 7.0), topic_rgb(t))?;
    }
    text(
        area,
        x,
        y + 4.0,
        id,
        Font::new(11.0).middle().color(topic_text(t)),
    )
}

/// The "N of M documents shown" note, if documents were left out.
fn left_out_note(shown: usize, left_out: usize) -> Option<String> {
    (left_out > 0).then(|| {
        format!(
            "The {shown} largest of {} documents (by tokens) are shown; {} left out. All are in doc_topics.csv and report.html.",
            shown + left_out,
            many(left_out, "is", "are")
        )
    })
}

/// Documents × topic weights as horizontal stacked bars, with a legend of topic labels.
pub fn doc_topics(data: &ChartData) -> crate::Result<Chart> {
    let (shown, left_out) = shown_documents(data);
    let rows: Vec<StackRow> = shown
        .iter()
        .map(|&d| StackRow {
            name: data.display(d).to_string(),
            weights: data.weights[d].clone(),
        })
        .collect();
    let title = "Topic weights per document";
    let notes: Vec<String> = left_out_note(shown.len(), left_out).into_iter().collect();
    Ok(Chart {
        file: "doc_topics.svg",
        title: title.into(),
        svg: stacked(title, &notes, &rows, data)?,
    })
}

/// Topic shares per document group (first folder of the document id), weighted by tokens;
/// `None` when no document sits in a sub-folder.
pub fn group_topics(data: &ChartData) -> crate::Result<Option<Chart>> {
    let groups = group_shares(data);
    if groups.is_empty() {
        return Ok(None);
    }
    let rows: Vec<StackRow> = groups
        .into_iter()
        .map(|(g, n, shares)| StackRow {
            name: format!("{g} ({})", many(n, "doc", "docs")),
            weights: shares,
        })
        .collect();
    let title = "Topic shares per document group";
    let notes = vec!["A group is the first folder of the document path; its bar splits all its documents' tokens by topic.".to_string()];
    Ok(Some(Chart {
        file: "group_topics.svg",
        title: title.into(),
        svg: stacked(title, &notes, &rows, data)?,
    }))
}

/// Paragraphs and share of tokens per topic.
pub fn topic_sizes(data: &ChartData) -> crate::Result<Chart> {
    let title = "Topic sizes";
    let k = data.labels.len();
    let names: Vec<String> = (0..k)
        .map(|t| legend_entry(data.id(t), &data.labels[t]))
        .collect();
    let name_w = names
        .iter()
        .map(|n| text_width(n, 13.0))
        .fold(60.0, f64::max)
        .min(MAX_LEGEND_W);
    let values: Vec<String> = (0..k)
        .map(|t| {
            let size = data.sizes.get(t).copied().unwrap_or(0);
            let share = data.shares.get(t).copied().unwrap_or(0.0);
            let paragraphs = many(size, "paragraph", "paragraphs");
            format!("{paragraphs} ({} of tokens)", percent(share))
        })
        .collect();
    let value_w = values
        .iter()
        .map(|v| text_width(v, 12.0) + 12.0)
        .fold(120.0, f64::max);
    let width = (name_w + 700.0).max(1000.0);
    let plot_x = (PAD + name_w + 10.0).round();
    let plot_w = (width - plot_x - value_w - PAD).round();
    let (pitch, bar) = (26.0, 18.0);
    let notes = vec![
        "Paragraphs per topic; the share of all tokens in brackets. Topic 0 is the largest."
            .to_string(),
    ];
    let lines = note_lines(&notes, width);
    let top = header_bottom(&lines) + 6.0;
    let plot_h = pitch * k.max(1) as f64;
    let max = data.sizes.iter().copied().max().unwrap_or(1).max(1) as i64;
    let svg = draw(title, width, top + plot_h + 52.0, |c| {
        header(&c.area, title, &lines)?;
        let axis = c.area.clone().shrink(
            (px(plot_x), px(top)),
            (plot_w as u32, px(plot_h + 44.0) as u32),
        );
        let mut chart = ChartBuilder::on(&axis)
            .x_label_area_size(44)
            .build_cartesian_2d(0i64..max, 0f64..1f64)
            .map_err(err)?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .disable_y_axis()
            .x_labels(6)
            // (no light lines; plotters loops forever on 0 light lines of an integer axis)
            .max_light_lines(1)
            .light_line_style(TRANSPARENT)
            .bold_line_style(GRID)
            .axis_style(AXIS)
            .x_label_style(tick_style())
            .x_desc("paragraphs")
            .axis_desc_style(Font::new(13.0).style())
            .draw()
            .map_err(err)?;
        for (t, full) in names.iter().enumerate() {
            let y = top + pitch * t as f64 + (pitch - bar) / 2.0;
            let shown = fit_end(full, 13.0, name_w);
            let baseline = y + bar / 2.0 + 4.5;
            hover_text(
                c,
                plot_x - 8.0,
                baseline,
                &shown,
                full,
                Font::new(13.0).end(),
            )?;
            let size = data.sizes.get(t).copied().unwrap_or(0) as i64;
            let x0 = chart.backend_coord(&(0, 0.0)).0;
            let x1 = chart.backend_coord(&(size, 0.0)).0;
            let value = &values[t];
            if x1 > x0 {
                let tip = format!("topic {full}: {value}");
                c.titled(&tip, || topic_box(&c.area, t, (x0, px(y), x1, px(y + bar))))?;
            }
            let style = Font::new(12.0);
            text(&c.area, x1 as f64 + 6.0, y + bar / 2.0 + 4.0, value, style)?;
        }
        Ok(())
    });
    Ok(Chart {
        file: "topic_sizes.svg",
        title: title.into(),
        svg: svg?,
    })
}

/// Top terms per topic, one small horizontal bar chart per topic.
pub fn topic_terms(data: &ChartData) -> crate::Result<Chart> {
    let title = "Top terms per topic";
    let k = data.terms.len().max(1);
    let cols = k.min(4);
    let rows = k.div_ceil(cols);
    let m = data.terms.iter().map(Vec::len).max().unwrap_or(1).max(1);
    let (panel_w, term_w, value_w, pitch) = (320.0, 124.0, 46.0, 19.0);
    let panel_h = 34.0 + pitch * m as f64 + 30.0;
    let width = PAD * 2.0 + panel_w * cols as f64;
    // one scale for every panel, so bars compare across topics
    let max = data
        .terms
        .iter()
        .flatten()
        .map(|x| x.1)
        .fold(0.0f64, f64::max)
        .max(1e-12);
    let notes = vec![format!(
        "Bar length: {}. Every panel has the same scale (0 to {}).",
        data.term_weight,
        tick_text(&round_sig(max))
    )];
    let lines = note_lines(&notes, width);
    let top = header_bottom(&lines);
    let height = top + panel_h * rows as f64 + 4.0;
    let svg = draw(title, width, height, |c| {
        header(&c.area, title, &lines)?;
        for (t, terms) in data.terms.iter().enumerate() {
            let x0 = PAD + panel_w * (t % cols) as f64;
            let y0 = top + panel_h * (t / cols) as f64;
            let swatch = (px(x0), px(y0 + 4.0), px(x0 + 14.0), px(y0 + 18.0));
            topic_box(&c.area, t, swatch)?;
            let full = legend_entry(data.id(t), data.labels.get(t).map_or("", String::as_str));
            let shown = fit_end(&full, 13.0, panel_w - 30.0);
            hover_text(
                c,
                x0 + 20.0,
                y0 + 16.0,
                &shown,
                &full,
                Font::new(13.0).bold(),
            )?;
            let bar_x = x0 + term_w;
            let bar_w = panel_w - term_w - value_w - 12.0;
            scale_axis(c, bar_x, bar_w, y0 + 28.0 + pitch * m as f64 + 2.0, max)?;
            for (i, (term, w)) in terms.iter().enumerate() {
                let y = y0 + 28.0 + pitch * i as f64;
                let shown = fit_end(term, 12.0, term_w - 8.0);
                hover_text(
                    c,
                    bar_x - 6.0,
                    y + 11.0,
                    &shown,
                    term,
                    Font::new(12.0).end(),
                )?;
                let len = (w / max * bar_w).max(1.0);
                let b = (px(bar_x), px(y + 2.0), px(bar_x + len), px(y + pitch - 3.0));
                c.titled(&format!("{term}: {w:.4}"), || topic_box(&c.area, t, b))?;
                let style = Font::new(11.0).color(MUTED);
                text(
                    &c.area,
                    b.2 as f64 + 4.0,
                    y + 11.0,
                    &format!("{w:.3}"),
                    style,
                )?;
            }
        }
        Ok(())
    });
    Ok(Chart {
        file: "topic_terms.svg",
        title: title.into(),
        svg: svg?,
    })
}

/// `x` to 2 significant digits (a scale's end).
fn round_sig(x: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    let p = 10f64.powi(1 - x.log10().floor() as i32);
    (x * p).round() / p
}

/// A small axis under a panel's bars: a line from 0 to `max` with three labelled ticks.
fn scale_axis(c: &Canvas, x: f64, w: f64, y: f64, max: f64) -> Drawn {
    rect(&c.area, (x, y, x + w, y + 1.0), AXIS)?;
    for f in [0.0, 0.5, 1.0] {
        let tx = x + w * f;
        rect(&c.area, (tx, y, tx + 1.0, y + 4.0), AXIS)?;
        let label = tick_text(&round_sig(max * f));
        text(
            &c.area,
            tx,
            y + 15.0,
            &label,
            Font::new(10.5).color(MUTED).middle(),
        )?;
    }
    Ok(())
}

/// White → dark blue, for weights in 0..=1.
fn ramp(w: f64) -> RGBColor {
    let c = |hi: u8| (255.0 - (255.0 - hi as f64) * w.clamp(0.0, 1.0)).round() as u8;
    RGBColor(c(0x08), c(0x30), c(0x6B))
}

/// Documents × topics heatmap with the weight printed in each cell.
pub fn heatmap(data: &ChartData) -> crate::Result<Chart> {
    let title = "Topic weights per document (heat map)";
    let (shown, left_out) = shown_documents(data);
    let k = data.labels.len().max(1);
    let name_w = shown
        .iter()
        .map(|&d| text_width(data.display(d), 13.0))
        .fold(60.0, f64::max)
        .min(MAX_NAME_W);
    let cell_w = if k <= 12 { 44.0 } else { 36.0 };
    let cell_h = 22.0;
    let legend_w = legend_width(&data.labels, &data.ids);
    let grid_x = (PAD + name_w + 10.0).round();
    let axis_title = "topic (numbers as in the legend)";
    let axis_w = text_width(axis_title, 13.0);
    let axis_x = (grid_x + cell_w * k as f64 / 2.0).max(PAD + axis_w / 2.0);
    let lx = (grid_x + cell_w * k as f64).max(axis_x + axis_w / 2.0) + 30.0;
    let width = (lx + legend_w + PAD).max(700.0);
    let mut notes: Vec<String> = left_out_note(shown.len(), left_out).into_iter().collect();
    notes.push(
        "Each cell: the share of the document's tokens in the topic (empty below 0.005).".into(),
    );
    let lines = note_lines(&notes, width);
    let head = header_bottom(&lines);
    let top = head + 32.0;
    let grid_h = cell_h * shown.len().max(1) as f64;
    let scale_y = head - 4.0 + legend_height(data.labels.len()) + 30.0;
    let height = (top + grid_h + 36.0).max(scale_y + 44.0);
    let svg = draw(title, width, height, |c| {
        header(&c.area, title, &lines)?;
        // column heads: topic number under its colour
        for t in 0..k {
            let x = grid_x + cell_w * t as f64;
            let tip = legend_entry(data.id(t), data.labels.get(t).map_or("", String::as_str));
            c.titled(&tip, || -> Drawn {
                let b = (
                    px(x + 3.0),
                    px(head + 2.0),
                    px(x + cell_w - 3.0),
                    px(head + 9.0),
                );
                topic_box(&c.area, t, b)?;
                let style = Font::new(12.0).middle().bold();
                text(
                    &c.area,
                    x + cell_w / 2.0,
                    head + 24.0,
                    &data.id(t).to_string(),
                    style,
                )
            })?;
        }
        for (i, &d) in shown.iter().enumerate() {
            let y = top + cell_h * i as f64;
            let doc = data.display(d);
            name(c, grid_x - 8.0, y + cell_h / 2.0 + 4.5, doc, name_w, 13.0)?;
            for (t, &w) in data.weights[d].iter().enumerate() {
                let x = grid_x + cell_w * t as f64;
                let tip = format!("{doc}: topic {} ({}) {w:.3}", data.id(t), data.labels[t]);
                c.titled(&tip, || -> Drawn {
                    rect(&c.area, (x, y, x + cell_w, y + cell_h), ramp(w))?;
                    if w < 0.005 {
                        return Ok(());
                    }
                    let ink = if w > 0.5 { WHITE } else { INK };
                    let style = Font::new(11.0).middle().color(ink);
                    let value = format!("{w:.2}");
                    text(
                        &c.area,
                        x + cell_w / 2.0,
                        y + cell_h / 2.0 + 4.0,
                        &value,
                        style,
                    )
                })?;
            }
        }
        frame(
            &c.area,
            (grid_x, top, grid_x + cell_w * k as f64, top + grid_h),
        )?;
        let style = Font::new(13.0).middle();
        text(&c.area, axis_x, top + grid_h + 22.0, axis_title, style)?;
        legend(
            c,
            lx,
            head - 4.0,
            legend_w,
            (&data.labels, &data.ids),
            Swatch::Square,
        )?;
        // the colour scale
        text(&c.area, lx, scale_y, "Weight", Font::new(14.0).bold())?;
        for i in 0..=4 {
            let w = i as f64 / 4.0;
            let x = lx + 34.0 * i as f64;
            rect(
                &c.area,
                (x, scale_y + 8.0, x + 34.0, scale_y + 22.0),
                ramp(w),
            )?;
            let style = Font::new(11.0).middle();
            text(&c.area, x + 17.0, scale_y + 36.0, &format!("{w:.2}"), style)?;
        }
        frame(&c.area, (lx, scale_y + 8.0, lx + 170.0, scale_y + 22.0))
    });
    Ok(Chart {
        file: "heatmap.svg",
        title: title.into(),
        svg: svg?,
    })
}

/// At most this many paragraphs are drawn on the map (every n-th beyond).
const MAX_POINTS: usize = 5000;

/// Paragraphs on the first two principal components, coloured by topic.
pub fn paragraph_map(data: &ChartData) -> crate::Result<Chart> {
    let title = "Paragraphs by topic";
    let n = data.points.len();
    let stride = n.div_ceil(MAX_POINTS).max(1);
    let mut notes = vec!["Each mark is a paragraph, placed by the first two principal components of the clustered (LSA) representation: paragraphs close together use similar words.".to_string()];
    let total = data.paragraphs.max(n);
    if total > n {
        notes.push(format!(
            "A seeded sample of paragraphs is drawn: {} of {total}.",
            n.div_ceil(stride)
        ));
    } else if stride > 1 {
        notes.push(format!(
            "One paragraph in {stride} is drawn: {} of {n}.",
            n.div_ceil(stride)
        ));
    }
    let legend_w = legend_width(&data.labels, &data.ids);
    let (plot_w, plot_h) = (640.0, 520.0);
    let plot_x = PAD + 64.0;
    let width = (plot_x + plot_w + 40.0 + legend_w + PAD).max(1000.0);
    let lines = note_lines(&notes, width);
    let top = header_bottom(&lines) + 8.0;
    let legend_y = top - 4.0;
    let height = (top + plot_h + 52.0).max(legend_y + legend_height(data.labels.len()) + PAD);

    let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for &(x, y, _) in &data.points {
        (x0, x1, y0, y1) = (x0.min(x), x1.max(x), y0.min(y), y1.max(y));
    }
    if n == 0 || x0 >= x1 {
        (x0, x1) = (x0.min(0.0) - 1.0, x1.max(0.0) + 1.0);
    }
    if n == 0 || y0 >= y1 {
        (y0, y1) = (y0.min(0.0) - 1.0, y1.max(0.0) + 1.0);
    }
    let (mx, my) = ((x1 - x0) * 0.04, (y1 - y0) * 0.04);
    let (x0, x1, y0, y1) = (x0 - mx, x1 + mx, y0 - my, y1 + my);

    let svg = draw(title, width, height, |c| {
        header(&c.area, title, &lines)?;
        let axes = c.area.clone().shrink(
            (px(PAD), px(top)),
            (px(plot_x + plot_w - PAD) as u32, px(plot_h + 44.0) as u32),
        );
        let mut chart = ChartBuilder::on(&axes)
            .x_label_area_size(44)
            .y_label_area_size(px(plot_x - PAD))
            .build_cartesian_2d(x0..x1, y0..y1)
            .map_err(err)?;
        chart
            .configure_mesh()
            .x_labels(7)
            .y_labels(7)
            .max_light_lines(0)
            .bold_line_style(GRID)
            .axis_style(AXIS)
            .x_label_formatter(&tick_text)
            .y_label_formatter(&tick_text)
            .label_style(tick_style())
            .x_desc("component 1")
            .y_desc("component 2")
            .axis_desc_style(Font::new(13.0).style())
            .draw()
            .map_err(err)?;
        let (xs, ys) = chart.plotting_area().get_pixel_range();
        let bounds = (
            xs.start as f64,
            ys.start as f64,
            xs.end as f64,
            ys.end as f64,
        );
        frame(&c.area, bounds)?;
        let radius = if n > 2000 { 3 } else { 4 };
        // big topics first, so that small ones stay visible on top
        let mut order: Vec<usize> = (0..n).step_by(stride).collect();
        order.sort_by_key(|&i| (data.points[i].2, i));
        for i in order {
            let (x, y, t) = data.points[i];
            marker(&c.area, t, chart.backend_coord(&(x, y)), radius)?;
        }
        let lx = width - PAD - legend_w;
        legend(
            c,
            lx,
            legend_y,
            legend_w,
            (&data.labels, &data.ids),
            Swatch::Marker,
        )
    });
    Ok(Chart {
        file: "paragraph_map.svg",
        title: title.into(),
        svg: svg?,
    })
}
