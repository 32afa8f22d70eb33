//! The comparison's charts (see [`crate::compare`]), in the look of the others:
//!
//! - `compare_heatmap.svg`: groups × topics shares, the share printed in each cell;
//! - `topics_over_time.svg`: small multiples, one panel per topic, one line per group,
//!   the 95% intervals as bands;
//! - `distinctive_topics.svg`: per group, diverging bars of each topic's weighted
//!   log-odds against the rest, pale where |z| < 1.96.
//!
//! With several `compare.by` columns each chart is drawn per column, `_<column>` appended
//! to its file name. Topics keep their colours; groups (lines over time) take the same
//! palette in group order, dashed past the ninth, `(missing)` in grey.

use super::charts::{name, ramp};
use super::style::*;
use super::svg::{fit_end, text_width, Canvas, Drawn};
use super::{topic_box, topic_rgb};
use crate::compare::bins::MISSING;
use crate::compare::{comparisons, ByTable, Comparison, Series, Stats, TimeTable, TopicInfo};
use plotters::prelude::*;

/// One chart of the comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct CompareChart {
    /// File name in `charts/`, e.g. `compare_heatmap_party.svg`.
    pub file: String,
    /// What it shows, one line.
    pub title: String,
    /// The SVG document.
    pub svg: String,
}

/// Every chart of the comparison.
///
/// # Errors
/// When plotters cannot draw a chart.
pub fn charts(c: &Comparison) -> crate::Result<Vec<CompareChart>> {
    let several = c.groups.len() > 1;
    let suffix = |by: &str| {
        if several {
            let clean: String = by
                .chars()
                .map(|ch| {
                    if ch.is_ascii_alphanumeric() || ch == '-' {
                        ch
                    } else {
                        '_'
                    }
                })
                .collect();
            format!("_{clean}")
        } else {
            String::new()
        }
    };
    let mut out = Vec::new();
    for g in &c.groups {
        out.push(heatmap(g, &c.topics, &suffix(&g.by))?);
    }
    if let Some(time) = &c.time {
        if c.groups.is_empty() {
            out.push(over_time(time, None, &c.topics, "")?);
        }
        for g in &c.groups {
            out.push(over_time(time, Some(&g.by), &c.topics, &suffix(&g.by))?);
        }
    }
    let (n, threshold) = comparisons(&c.groups, c.topics.len());
    for g in c.groups.iter().filter(|g| !g.distinctive.is_empty()) {
        let tests = (n, threshold, c.bootstrap);
        out.push(distinctive(g, &c.topics, &suffix(&g.by), tests)?);
    }
    Ok(out)
}

/// A colour-scale label: whole percent when the scale reaches 10%.
fn scale_label(v: f64, max: f64) -> String {
    if max >= 0.1 {
        format!("{:.0}%", v * 100.0)
    } else {
        pct(v)
    }
}

fn pct(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

/// A share with its interval, for hover titles.
fn share_text(s: &Stats, t: usize) -> String {
    let docs = if s.documents == 1 {
        "document"
    } else {
        "documents"
    };
    match &s.interval {
        Some((lo, hi)) => format!(
            "{} (95% interval {}–{}), {} {docs}",
            pct(s.share[t]),
            pct(lo[t]),
            pct(hi[t]),
            s.documents
        ),
        None => format!("{}, {} {docs}", pct(s.share[t]), s.documents),
    }
}

fn topic_entry(t: &TopicInfo) -> String {
    if t.name.is_empty() {
        format!("{}  {}", t.id, t.label)
    } else {
        format!("{}  {} ({})", t.id, t.name, t.label)
    }
}

/// The topic legend: a swatch and `id  label` per topic, from (x, y), `width` wide.
fn topic_legend(c: &Canvas, x: f64, y: f64, width: f64, topics: &[TopicInfo]) -> Drawn {
    text(&c.area, x, y + 14.0, "Topics", Font::new(14.0).bold())?;
    for (i, t) in topics.iter().enumerate() {
        let top = y + 26.0 + 21.0 * i as f64;
        topic_box(
            &c.area,
            t.id,
            (px(x), px(top), px(x + 15.0), px(top + 15.0)),
        )?;
        let full = topic_entry(t);
        let shown = fit_end(&full, 13.0, width - 22.0);
        hover_text(c, x + 22.0, top + 12.5, &shown, &full, Font::new(13.0))?;
    }
    Ok(())
}

fn legend_width(topics: &[TopicInfo]) -> f64 {
    let widest = topics
        .iter()
        .map(|t| text_width(&topic_entry(t), 13.0))
        .fold(0.0, f64::max);
    (widest + 34.0).clamp(150.0, MAX_LEGEND_W)
}

/// Groups × topics: each group's share of each topic.
fn heatmap(g: &ByTable, topics: &[TopicInfo], suffix: &str) -> crate::Result<CompareChart> {
    let title = format!("Topic shares by {}", g.by);
    let k = topics.len().max(1);
    let rows: Vec<String> = g
        .cells
        .iter()
        .map(|c| format!("{} ({} docs)", c.group, c.stats.documents))
        .collect();
    let name_w = rows
        .iter()
        .map(|r| text_width(r, 13.0))
        .fold(60.0, f64::max)
        .min(MAX_NAME_W);
    let cell_w = if k <= 12 { 46.0 } else { 40.0 };
    let cell_h = 24.0;
    let max = g
        .cells
        .iter()
        .flat_map(|c| c.stats.share.iter().copied())
        .fold(1e-9, f64::max);
    let legend_w = legend_width(topics);
    let grid_x = (PAD + name_w + 10.0).round();
    let lx = grid_x + cell_w * k as f64 + 30.0;
    let width = (lx + legend_w + PAD).max(700.0);
    let notes = vec![
        format!("Each cell: the share of the {}'s tokens (in assigned paragraphs) in the topic, in percent; hover for its 95% bootstrap interval. Colour from 0 to {} (the largest cell).", g.by, pct(max)),
    ];
    let lines = note_lines(&notes, width);
    let head = header_bottom(&lines);
    let top = head + 32.0;
    let grid_h = cell_h * rows.len().max(1) as f64;
    let scale_y = head - 4.0 + 26.0 + 21.0 * k as f64 + 30.0;
    let height = (top + grid_h + 40.0).max(scale_y + 44.0);
    let svg = draw(&title, width, height, |c| {
        header(&c.area, &title, &lines)?;
        for (i, t) in topics.iter().enumerate() {
            let x = grid_x + cell_w * i as f64;
            c.titled(&topic_entry(t), || -> Drawn {
                let b = (
                    px(x + 3.0),
                    px(head + 2.0),
                    px(x + cell_w - 3.0),
                    px(head + 9.0),
                );
                topic_box(&c.area, t.id, b)?;
                let style = Font::new(12.0).middle().bold();
                text(
                    &c.area,
                    x + cell_w / 2.0,
                    head + 24.0,
                    &t.id.to_string(),
                    style,
                )
            })?;
        }
        for (r, (cell, row)) in g.cells.iter().zip(&rows).enumerate() {
            let y = top + cell_h * r as f64;
            name(c, grid_x - 8.0, y + cell_h / 2.0 + 4.5, row, name_w, 13.0)?;
            for (i, t) in topics.iter().enumerate() {
                let x = grid_x + cell_w * i as f64;
                let s = cell.stats.share[i];
                let tip = format!(
                    "{}: topic {} ({}) {}",
                    cell.group,
                    t.id,
                    t.label,
                    share_text(&cell.stats, i)
                );
                c.titled(&tip, || -> Drawn {
                    let w = s / max;
                    rect(&c.area, (x, y, x + cell_w, y + cell_h), ramp(w))?;
                    let ink = if w > 0.5 { WHITE } else { INK };
                    let style = Font::new(11.0).middle().color(ink);
                    text(
                        &c.area,
                        x + cell_w / 2.0,
                        y + cell_h / 2.0 + 4.0,
                        &format!("{:.1}", s * 100.0),
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
        let axis = format!(
            "topic (numbers as in the legend); cells: % of the {}'s tokens",
            g.by
        );
        let axis_x = (grid_x + cell_w * k as f64 / 2.0).max(PAD + text_width(&axis, 13.0) / 2.0);
        text(&c.area, axis_x, top + grid_h + 24.0, &axis, style)?;
        topic_legend(c, lx, head - 4.0, legend_w, topics)?;
        text(&c.area, lx, scale_y, "Share", Font::new(14.0).bold())?;
        for i in 0..=4 {
            let w = i as f64 / 4.0;
            let x = lx + 34.0 * i as f64;
            rect(
                &c.area,
                (x, scale_y + 8.0, x + 34.0, scale_y + 22.0),
                ramp(w),
            )?;
            let style = Font::new(11.0).middle();
            text(
                &c.area,
                x + 17.0,
                scale_y + 36.0,
                &scale_label(w * max, max),
                style,
            )?;
        }
        frame(&c.area, (lx, scale_y + 8.0, lx + 170.0, scale_y + 22.0))
    })?;
    Ok(CompareChart {
        file: format!("compare_heatmap{suffix}.svg"),
        title,
        svg,
    })
}

/// How a line over time looks: its colour, whether it is dashed, its width.
#[derive(Clone, Copy)]
struct LineLook {
    color: RGBColor,
    dashed: bool,
    width: u32,
}

/// The look of each series: all documents in dark grey and thin, behind the groups;
/// groups in the palette's colours in order, dashed past the ninth; `(missing)` light grey
/// and dashed. Over more than [`MAX_DASHED_BINS`] bins dashes would take thousands of
/// elements: those lines are thin instead.
fn line_looks(series: &[&Series], bins: usize) -> Vec<LineLook> {
    let dashes = bins <= MAX_DASHED_BINS;
    let mut i = 0;
    series
        .iter()
        .map(|s| {
            if s.by.is_none() && series.len() > 1 {
                return LineLook {
                    color: MUTED,
                    dashed: false,
                    width: 1,
                };
            }
            if s.group == MISSING {
                return LineLook {
                    color: RGBColor(0xAA, 0xAA, 0xAA),
                    dashed: dashes,
                    width: if dashes { 2 } else { 1 },
                };
            }
            i += 1;
            LineLook {
                color: topic_rgb(i - 1),
                dashed: i > 9 && dashes,
                width: if i > 9 && !dashes { 1 } else { 2 },
            }
        })
        .collect()
}

/// With more groups than this, only the all-documents line has a band (more overlap
/// into a grey wash).
const MAX_BANDED: usize = 4;

/// Lines past the ninth group are dashed up to this many bins, thin above.
const MAX_DASHED_BINS: usize = 60;

/// Panel size of the over-time small multiples, px.
const PANEL_W: f64 = 330.0;
const PANEL_H: f64 = 200.0;

/// Small multiples: one panel per topic, its share over time, one line per group.
fn over_time(
    time: &TimeTable,
    by: Option<&str>,
    topics: &[TopicInfo],
    suffix: &str,
) -> crate::Result<CompareChart> {
    // with groups, all documents too (a thin grey line behind them)
    let series: Vec<&Series> = time
        .series
        .iter()
        .filter(|s| s.by.is_none() || s.by.as_deref() == by)
        .collect();
    let looks = line_looks(&series, time.bins.len());
    let title = match by {
        Some(by) => format!("Topics over time ({}) by {by}", time.column),
        None => format!("Topics over time ({})", time.column),
    };
    let k = topics.len().max(1);
    let cols = match k {
        1..=3 => k,
        4 => 2,
        5..=9 => 3,
        _ => 4,
    };
    let rows = k.div_ceil(cols);
    let width = (2.0 * PAD + PANEL_W * cols as f64).max(700.0);
    let lines_per = if by.is_some() {
        "one line per group"
    } else {
        "all documents"
    };
    let notes = vec![format!(
        "Each panel: one topic's share of the tokens (in assigned paragraphs) per bin of {} ({}); {lines_per}. \
         Bands: 95% bootstrap interval, where a bin holds at least 5 documents (with more than {MAX_BANDED} groups, for all documents only). \
         Each panel has its own vertical scale; \
         a line breaks where a bin has no documents. Past the ninth group the colours repeat on dashed (over 60 bins: thin) lines.",
        time.column, time.unit
    )];
    let lines = note_lines(&notes, width);
    let legend = group_legend_layout(&series, width);
    let top = header_bottom(&lines) + legend.height;
    let height = top + PANEL_H * rows as f64 + 8.0;
    let (x0, x1) = x_range(time);
    let svg = draw(&title, width, height, |c| {
        header(&c.area, &title, &lines)?;
        draw_group_legend(c, header_bottom(&lines) - 8.0, &legend, &series, &looks)?;
        for (i, t) in topics.iter().enumerate() {
            let x = PAD + PANEL_W * (i % cols) as f64;
            let y = top + PANEL_H * (i / cols) as f64;
            time_panel(c, (x, y), (t, i), (&series, &looks), time, (x0, x1))?;
        }
        Ok(())
    })?;
    Ok(CompareChart {
        file: format!("topics_over_time{suffix}.svg"),
        title,
        svg,
    })
}

/// The time axis's range, padded.
fn x_range(time: &TimeTable) -> (f64, f64) {
    let lo = time.bins.iter().map(|b| b.x).fold(f64::INFINITY, f64::min);
    let hi = time
        .bins
        .iter()
        .map(|b| b.x)
        .fold(f64::NEG_INFINITY, f64::max);
    if !lo.is_finite() {
        return (0.0, 1.0);
    }
    let pad = ((hi - lo) * 0.03).max(0.5);
    (lo - pad, hi + pad)
}

/// Where the group legend's entries go: (x, row) per series, and its height.
struct LegendLayout {
    at: Vec<(f64, usize)>,
    height: f64,
}

fn legend_entry(s: &Series) -> String {
    let docs: usize = s.points.iter().map(|p| p.1.documents).sum();
    match s.by {
        None => format!("all documents ({docs} docs)"),
        Some(_) => format!("{} ({docs} docs)", s.group),
    }
}

fn group_legend_layout(series: &[&Series], width: f64) -> LegendLayout {
    let (mut x, mut row) = (PAD, 0);
    let mut at = Vec::new();
    for s in series {
        let w = 30.0 + text_width(&fit_end(&legend_entry(s), 13.0, 260.0), 13.0) + 18.0;
        if x + w > width - PAD && x > PAD {
            x = PAD;
            row += 1;
        }
        at.push((x, row));
        x += w;
    }
    LegendLayout {
        at,
        height: 20.0 * (row + 1) as f64 + 10.0,
    }
}

fn draw_group_legend(
    c: &Canvas,
    y: f64,
    layout: &LegendLayout,
    series: &[&Series],
    looks: &[LineLook],
) -> Drawn {
    for ((s, &(x, row)), look) in series.iter().zip(&layout.at).zip(looks) {
        let yy = y + 20.0 * row as f64;
        let color = look.color;
        let path = vec![(px(x), px(yy + 8.0)), (px(x + 24.0), px(yy + 8.0))];
        if look.dashed {
            c.area
                .draw(&plotters::element::DashedPathElement::new(
                    path,
                    5,
                    3,
                    color.stroke_width(3),
                ))
                .map_err(err)?;
        } else {
            c.area
                .draw(&PathElement::new(path, color.stroke_width(3)))
                .map_err(err)?;
        }
        let full = legend_entry(s);
        let shown = fit_end(&full, 13.0, 260.0);
        hover_text(c, x + 30.0, yy + 13.0, &shown, &full, Font::new(13.0))?;
    }
    Ok(())
}

/// Runs of consecutive points (adjacent bins) of a series, as index ranges.
fn runs(s: &Series, time: &TimeTable) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=s.points.len() {
        let adjacent = i < s.points.len()
            && time.bins[s.points[i].0].key - time.bins[s.points[i - 1].0].key == 1;
        if !adjacent {
            out.push(start..i);
            start = i;
        }
    }
    out
}

/// One topic's panel, its top-left corner at (x, y).
fn time_panel(
    c: &Canvas,
    (x, y): (f64, f64),
    (topic, t): (&TopicInfo, usize),
    (series, looks): (&[&Series], &[LineLook]),
    time: &TimeTable,
    (x0, x1): (f64, f64),
) -> Drawn {
    topic_box(
        &c.area,
        topic.id,
        (px(x), px(y + 4.0), px(x + 13.0), px(y + 17.0)),
    )?;
    let full = topic_entry(topic);
    let shown = fit_end(&full, 13.0, PANEL_W - 30.0);
    hover_text(c, x + 19.0, y + 15.0, &shown, &full, Font::new(13.0).bold())?;
    let ymax = series
        .iter()
        .flat_map(|s| s.points.iter())
        .map(|(_, st)| {
            st.interval
                .as_ref()
                .map_or(st.share[t], |(_, hi)| hi[t].max(st.share[t]))
        })
        .fold(0.0, f64::max);
    let ymax = nice_ceiling(ymax * 1.05);
    let area = c.area.clone().shrink(
        (px(x), px(y + 28.0)),
        ((PANEL_W - 12.0) as u32, (PANEL_H - 34.0) as u32),
    );
    let mut chart = ChartBuilder::on(&area)
        .x_label_area_size(22)
        .y_label_area_size(44)
        .margin_right(8)
        .build_cartesian_2d(x0..x1, 0.0..ymax)
        .map_err(err)?;
    let span = x1 - x0;
    chart
        .configure_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(GRID)
        .axis_style(AXIS)
        .x_labels(5)
        .y_labels(4)
        .x_label_formatter(&|v| {
            if span > 8.0 {
                format!("{v:.0}")
            } else {
                tick_text(v)
            }
        })
        .y_label_formatter(&|v| {
            if ymax >= 0.04 {
                format!("{:.0}%", v * 100.0)
            } else {
                format!("{:.1}%", v * 100.0)
            }
        })
        .x_label_style(Font::new(11.0).style())
        .y_label_style(Font::new(11.0).style())
        .draw()
        .map_err(err)?;
    let few = time.bins.len() <= 40;
    let groups = series.iter().filter(|s| s.by.is_some()).count();
    for (s, look) in series.iter().zip(looks) {
        let color = look.color;
        let banded = s.by.is_none() || groups <= MAX_BANDED;
        for run in runs(s, time) {
            let pts = &s.points[run];
            // bands over the stretches of consecutive bins that have an interval
            let stretches = pts.split(|(_, st)| st.interval.is_none() || !banded);
            for stretch in stretches {
                let band: Vec<(f64, f64, f64)> = stretch
                    .iter()
                    .filter_map(|(b, st)| {
                        let (lo, hi) = st.interval.as_ref()?;
                        Some((time.bins[*b].x, lo[t], hi[t]))
                    })
                    .collect();
                if band.len() < 2 {
                    continue;
                }
                let mut poly: Vec<(f64, f64)> = band.iter().map(|p| (p.0, p.2)).collect();
                poly.extend(band.iter().rev().map(|p| (p.0, p.1)));
                let fill = color.mix(0.15).filled();
                chart
                    .draw_series(std::iter::once(Polygon::new(poly, fill)))
                    .map_err(err)?;
            }
            let line: Vec<(f64, f64)> = pts
                .iter()
                .map(|(b, st)| (time.bins[*b].x, st.share[t]))
                .collect();
            if line.len() >= 2 {
                let style = color.stroke_width(look.width);
                if look.dashed {
                    chart
                        .draw_series(DashedLineSeries::new(line.clone(), 5, 3, style))
                        .map_err(err)?;
                } else {
                    chart
                        .draw_series(LineSeries::new(line.clone(), style))
                        .map_err(err)?;
                }
            }
            for (p, (b, st)) in line.iter().zip(pts) {
                if !(few || line.len() == 1) {
                    continue;
                }
                let bin = &time.bins[*b];
                let when = if bin.start == bin.end {
                    bin.start.clone()
                } else {
                    format!("{}–{}", bin.start, bin.end)
                };
                let tip = format!("{}, {when}: {}", s.group, share_text(st, t));
                let centre = chart.backend_coord(p);
                c.titled(&tip, || {
                    c.area
                        .draw(&Circle::new(centre, 3, color.filled()))
                        .map_err(err)
                })?;
            }
        }
    }
    Ok(())
}

/// The smallest of 1, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10^n at or above `x` (at least 0.01).
fn nice_ceiling(x: f64) -> f64 {
    let x = x.max(0.01);
    let e = x.log10().floor();
    let base = 10f64.powf(e);
    [1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0]
        .iter()
        .map(|m| {
            if e < 0.0 {
                m / 10f64.powf(-e)
            } else {
                m * base
            }
        })
        .find(|&v| v >= x * (1.0 - 1e-12))
        .unwrap_or(10.0 * base)
}

/// Diverging bars per group: each topic's weighted log-odds against the rest.
fn distinctive(
    g: &ByTable,
    topics: &[TopicInfo],
    suffix: &str,
    (n, threshold, bootstrap): (usize, f64, usize),
) -> crate::Result<CompareChart> {
    let title = format!(
        "What distinguishes each {} (weighted log-odds against the rest)",
        g.by
    );
    let k = topics.len().max(1);
    let groups = g.distinctive.len();
    let per_row = if groups <= 5 { groups } else { 4 };
    let panel_rows = groups.div_ceil(per_row.max(1));
    let label_w = topics
        .iter()
        .map(|t| text_width(&topic_entry(t), 12.0) + 24.0)
        .fold(120.0, f64::max)
        .min(240.0);
    let panel_w = 220.0;
    let pitch = 19.0;
    let panel_h = 50.0 + pitch * k as f64 + 34.0;
    let width = (2.0 * PAD + label_w + panel_w * per_row as f64).max(700.0);
    let zs = if bootstrap > 0 {
        format!("z from {bootstrap} resamples of the documents")
    } else {
        "no z: compare.bootstrap = 0".to_string()
    };
    let notes = vec![
        format!("Bars: the weighted log-odds of the topic in the group against all other documents (Monroe, Colaresi & Quinn 2008; prior: one average document of the overall topic mix). Right of the line: more than in the rest."),
        format!("Solid bars: |z| ≥ 1.96 ({zs}); pale: below, or too few documents for a z. {n} comparisons: about {:.0} would pass |z| ≥ 1.96 by chance; |z| ≥ {threshold:.2} allows for all of them (Bonferroni).", n as f64 * 0.05),
    ];
    let lines = note_lines(&notes, width);
    let top = header_bottom(&lines);
    let height = top + panel_h * panel_rows as f64 + 4.0;
    let max = g
        .distinctive
        .iter()
        .flat_map(|d| d.log_odds.iter().map(|x| x.abs()))
        .fold(1e-9, f64::max);
    let max = nice_ceiling(max);
    let svg = draw(&title, width, height, |c| {
        header(&c.area, &title, &lines)?;
        for row in 0..panel_rows {
            let y = top + panel_h * row as f64;
            for (t, topic) in topics.iter().enumerate() {
                let ty = y + 50.0 + pitch * t as f64;
                topic_box(
                    &c.area,
                    topic.id,
                    (px(PAD), px(ty + 2.0), px(PAD + 12.0), px(ty + 14.0)),
                )?;
                let full = topic_entry(topic);
                let shown = fit_end(&full, 12.0, label_w - 24.0);
                hover_text(c, PAD + 18.0, ty + 12.0, &shown, &full, Font::new(12.0))?;
            }
            for col in 0..per_row {
                let i = row * per_row + col;
                let Some(d) = g.distinctive.get(i) else { break };
                let docs = g
                    .cells
                    .iter()
                    .find(|c| c.group == d.group)
                    .map_or(0, |c| c.stats.documents);
                let x = PAD + label_w + panel_w * col as f64;
                distinct_panel(c, (x, y), panel_w, d, docs, topics, max)?;
            }
        }
        Ok(())
    })?;
    Ok(CompareChart {
        file: format!("distinctive_topics{suffix}.svg"),
        title,
        svg,
    })
}

/// One group's diverging bars, its panel's top-left corner at (x, y).
fn distinct_panel(
    c: &Canvas,
    (x, y): (f64, f64),
    w: f64,
    d: &crate::compare::Distinct,
    docs: usize,
    topics: &[TopicInfo],
    max: f64,
) -> Drawn {
    let pitch = 19.0;
    let mid = x + w / 2.0;
    let half = w / 2.0 - 34.0;
    let shown = fit_end(&d.group, 13.0, w - 10.0);
    let font = Font::new(13.0).bold().middle();
    hover_text(c, mid, y + 16.0, &shown, &d.group, font)?;
    let docs = format!("{docs} docs");
    text(
        &c.area,
        mid,
        y + 32.0,
        &docs,
        Font::new(12.0).color(MUTED).middle(),
    )?;
    let bottom = y + 50.0 + pitch * topics.len() as f64;
    for (t, topic) in topics.iter().enumerate() {
        let ty = y + 50.0 + pitch * t as f64;
        rect(
            &c.area,
            (x + 4.0, ty + pitch - 1.0, x + w - 4.0, ty + pitch),
            GRID,
        )?;
        let v = d.log_odds[t];
        let z = d.z.as_ref().map(|z| z[t]);
        let len = v / max * half;
        let (b0, b1) = if len >= 0.0 {
            (mid, mid + len.max(1.0))
        } else {
            (mid + len.min(-1.0), mid)
        };
        let tip = format!(
            "{}: topic {} ({}) log-odds {v:+.3}{}",
            d.group,
            topic.id,
            topic.label,
            z.map_or(", no z (too few documents)".to_string(), |z| format!(
                ", z {z:+.2}"
            ))
        );
        c.titled(&tip, || -> Drawn {
            topic_box(
                &c.area,
                topic.id,
                (px(b0), px(ty + 3.0), px(b1), px(ty + pitch - 3.0)),
            )?;
            if !z.is_some_and(|z| z.abs() >= 1.96) {
                rect(
                    &c.area,
                    (b0, ty + 3.0, b1, ty + pitch - 3.0),
                    WHITE.mix(0.65),
                )?;
            }
            Ok(())
        })?;
        let label = format!("{v:+.2}");
        let style = Font::new(10.5).color(MUTED);
        if v >= 0.0 {
            text(&c.area, b1 + 3.0, ty + 13.0, &label, style)?;
        } else {
            text(&c.area, b0 - 3.0, ty + 13.0, &label, style.end())?;
        }
    }
    rect(&c.area, (mid, y + 46.0, mid + 1.0, bottom + 2.0), AXIS)?;
    rect(
        &c.area,
        (mid - half, bottom + 2.0, mid + half, bottom + 3.0),
        AXIS,
    )?;
    for f in [-1.0, 0.0, 1.0] {
        let tx = mid + half * f;
        rect(&c.area, (tx, bottom + 2.0, tx + 1.0, bottom + 6.0), AXIS)?;
        let label = tick_text(&(max * f));
        text(
            &c.area,
            tx,
            bottom + 18.0,
            &label,
            Font::new(10.5).color(MUTED).middle(),
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::bins::Bin;
    use crate::compare::{Cell, Distinct};

    /// Shares that sum to 1 over `k` topics, varying with `seed`.
    fn stats(k: usize, seed: usize, documents: usize) -> Stats {
        let raw: Vec<f64> = (0..k)
            .map(|t| 1.0 + ((t * 7 + seed * 3) % 11) as f64)
            .collect();
        let sum: f64 = raw.iter().sum();
        let share: Vec<f64> = raw.iter().map(|x| x / sum).collect();
        let interval = (documents >= 5).then(|| {
            (
                share.iter().map(|s| s * 0.8).collect(),
                share.iter().map(|s| s * 1.2).collect(),
            )
        });
        Stats {
            mean_doc_share: share.clone(),
            interval,
            documents,
            group_tokens: 1000,
            topic_tokens: share.iter().map(|s| (s * 1000.0) as u64).collect(),
            unassigned_share: 0.01,
            share,
        }
    }

    /// A comparison of `k` topics, `g` groups (the last `(missing)`), `bins` time bins.
    fn comparison(k: usize, g: usize, bins: usize) -> Comparison {
        let topics: Vec<TopicInfo> = (0..k)
            .map(|t| TopicInfo {
                id: t,
                label: format!("word{t}, another word, third word"),
                name: String::new(),
            })
            .collect();
        let names: Vec<String> = (0..g)
            .map(|i| {
                if i + 1 == g {
                    MISSING.to_string()
                } else {
                    format!("Party number {i}")
                }
            })
            .collect();
        let cells: Vec<Cell> = names
            .iter()
            .enumerate()
            .map(|(i, n)| Cell {
                group: n.clone(),
                stats: stats(k, i, 3 + i),
            })
            .collect();
        let distinctive = names
            .iter()
            .enumerate()
            .map(|(i, n)| Distinct {
                group: n.clone(),
                log_odds: (0..k).map(|t| ((t + i) % 5) as f64 / 2.0 - 1.0).collect(),
                z: (i % 2 == 0).then(|| (0..k).map(|t| ((t + i) % 5) as f64 - 2.0).collect()),
            })
            .collect();
        let bins: Vec<Bin> = (0..bins)
            .map(|b| Bin {
                key: b as i64 + i64::from(b > bins / 2),
                start: (1900 + b).to_string(),
                end: (1900 + b).to_string(),
                x: 1900.0 + b as f64,
            })
            .collect();
        let mut series = vec![Series {
            by: None,
            group: "(all)".into(),
            points: (0..bins.len()).map(|b| (b, stats(k, b, 8))).collect(),
        }];
        for (i, n) in names.iter().enumerate() {
            series.push(Series {
                by: Some("party".into()),
                group: n.clone(),
                points: (0..bins.len())
                    .filter(|b| b % 25 != i)
                    .map(|b| (b, stats(k, b + i, 2 + b % 6)))
                    .collect(),
            });
        }
        Comparison {
            topics,
            bootstrap: 2000,
            groups: vec![ByTable {
                by: "party".into(),
                cells,
                distinctive,
            }],
            time: Some(TimeTable {
                column: "year".into(),
                unit: "one bin per value".into(),
                bins,
                series,
            }),
            documents: vec![vec!["document".into()]],
            notices: Vec::new(),
        }
    }

    /// Every `<text>` of an SVG document, after checking that it parses.
    fn texts(svg: &str) -> Vec<String> {
        let doc = roxmltree::Document::parse(svg).expect("well-formed SVG");
        assert_eq!(doc.root_element().tag_name().name(), "svg");
        doc.descendants()
            .filter(|n| n.has_tag_name("text"))
            .map(|n| n.text().unwrap_or("").to_string())
            .collect()
    }

    #[test]
    fn charts_are_well_formed_with_their_legends_at_every_size() {
        let dump = std::env::var_os("PARATOPIC_DUMP_CHARTS");
        for (k, g, bins) in [(5, 3, 10), (20, 12, 200), (5, 12, 200), (20, 3, 10)] {
            let c = comparison(k, g, bins);
            let charts = charts(&c).unwrap();
            let files: Vec<&str> = charts.iter().map(|c| c.file.as_str()).collect();
            assert_eq!(
                files,
                [
                    "compare_heatmap.svg",
                    "topics_over_time.svg",
                    "distinctive_topics.svg"
                ]
            );
            for chart in &charts {
                let t = texts(&chart.svg);
                // every topic is named, in the legend, a panel title or a row
                for topic in 0..k {
                    let entry = format!("{topic}  word{topic}");
                    assert!(
                        t.iter().any(|s| s.starts_with(&entry)),
                        "{} lacks {entry}",
                        chart.file
                    );
                }
                if let Some(dir) = &dump {
                    let name = format!("{k}t-{g}g-{bins}b-{}", chart.file);
                    std::fs::write(std::path::Path::new(dir).join(name), &chart.svg).unwrap();
                }
                let size = chart.svg.len();
                assert!(size < 1_500_000, "{}: {size} bytes", chart.file);
            }
            let [heat, time, dist] = [0, 1, 2].map(|i| texts(&charts[i].svg));
            for i in 0..g - 1 {
                let name = format!("Party number {i}");
                assert!(
                    heat.iter().any(|s| s.starts_with(&name)),
                    "heatmap lacks {name}"
                );
                assert!(
                    time.iter().any(|s| s.starts_with(&name)),
                    "time legend lacks {name}"
                );
                assert!(dist.contains(&name), "distinctive lacks {name}");
            }
            assert!(time.iter().any(|s| s.starts_with("all documents (")));
            assert!(time.iter().any(|s| s.starts_with("(missing) (")));
            // the heat map prints each share in percent
            let first = format!("{:.1}", c.groups[0].cells[0].stats.share[0] * 100.0);
            assert!(heat.contains(&first), "{first}");
        }
    }

    #[test]
    fn several_by_columns_get_their_name_in_the_file() {
        let mut c = comparison(5, 3, 10);
        let mut other = c.groups[0].clone();
        other.by = "country code".into();
        c.groups.push(other);
        let files: Vec<String> = charts(&c).unwrap().into_iter().map(|c| c.file).collect();
        assert!(
            files.contains(&"compare_heatmap_country_code.svg".to_string()),
            "{files:?}"
        );
        assert!(
            files.contains(&"topics_over_time_party.svg".to_string()),
            "{files:?}"
        );
        assert!(
            files.contains(&"distinctive_topics_party.svg".to_string()),
            "{files:?}"
        );
    }

    #[test]
    fn lines_break_where_bins_are_not_adjacent() {
        let c = comparison(5, 3, 10);
        let time = c.time.as_ref().unwrap();
        // keys jump after bin 5; the all-documents series has every bin
        let r = runs(&time.series[0], time);
        assert_eq!(r, [0..6, 6..10]);
        assert_eq!(nice_ceiling(0.52), 0.6);
        assert_eq!(nice_ceiling(2.81), 3.0);
    }
}
