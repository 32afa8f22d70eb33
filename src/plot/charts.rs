//! The charts. Each takes [`ChartData`] and returns a [`Chart`] holding the SVG text.

use super::svg::{fit_end, fit_middle, text_width, ticks, wrap, Anchor, Svg, TextStyle};
use super::{
    group_shares, shown_documents, topic_color, topic_fill, topic_pattern, Chart, ChartData,
};

/// Outer margin.
const PAD: f64 = 16.0;
/// Longest document or group name column, px.
const MAX_NAME_W: f64 = 280.0;
/// Widest legend, px.
const MAX_LEGEND_W: f64 = 380.0;
const GRID: &str = "#E4E4E4";
const AXIS: &str = "#888888";
const MUTED: &str = "#555555";

/// Draws the title and, below it, a note in grey; returns the y where the chart starts.
fn header(svg: &mut Svg, title: &str, notes: &[String]) -> f64 {
    svg.text(PAD, 30.0, title, TextStyle::new(19.0).bold(), None);
    let mut y = 30.0;
    let max = svg.width() - 2.0 * PAD;
    for line in notes.iter().flat_map(|n| wrap(n, 13.0, max)) {
        y += 18.0;
        svg.text(PAD, y, &line, TextStyle::new(13.0).color(MUTED), None);
    }
    y + 22.0
}

fn legend_entry(t: usize, label: &str) -> String {
    format!("{t}  {label}")
}

/// Width of the topic legend for these labels.
fn legend_width(labels: &[String]) -> f64 {
    let widest = labels
        .iter()
        .enumerate()
        .map(|(t, l)| text_width(&legend_entry(t, l), 13.0))
        .fold(0.0, f64::max);
    (widest + 34.0).clamp(150.0, MAX_LEGEND_W)
}

/// How legend swatches look: filled squares or the paragraph map's markers.
#[derive(Clone, Copy, PartialEq)]
enum Swatch {
    Square,
    Marker,
}

/// Draws the topic legend at (x, y) within `width`; returns its bottom.
fn legend(svg: &mut Svg, x: f64, y: f64, width: f64, labels: &[String], swatch: Swatch) -> f64 {
    svg.text(x, y + 14.0, "Topics", TextStyle::new(14.0).bold(), None);
    let mut bottom = y + 20.0;
    for (t, label) in labels.iter().enumerate() {
        let top = y + 26.0 + 21.0 * t as f64;
        match swatch {
            Swatch::Square => {
                let fill = topic_fill(svg, t);
                svg.rect(x, top, 15.0, 15.0, &fill, None);
            }
            Swatch::Marker => svg.marker(
                topic_pattern(t),
                x + 7.5,
                top + 7.5,
                5.5,
                topic_color(t),
                None,
            ),
        }
        let full = legend_entry(t, label);
        let shown = fit_end(&full, 13.0, width - 22.0);
        let title = (shown != full).then_some(full.as_str());
        svg.text(x + 22.0, top + 12.5, &shown, TextStyle::new(13.0), title);
        bottom = top + 15.0;
    }
    bottom
}

/// A name drawn right-aligned at (x, y), shortened to `max` px with the full name on hover.
fn name(svg: &mut Svg, x: f64, y: f64, s: &str, max: f64, size: f64) {
    let shown = fit_middle(s, size, max);
    let title = (shown != s).then_some(s);
    svg.text(
        x,
        y,
        &shown,
        TextStyle::new(size).anchor(Anchor::End),
        title,
    );
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

/// One bar of a stacked-bar chart.
struct StackRow {
    name: String,
    weights: Vec<f64>,
}

/// Horizontal stacked bars (one per row, segments per topic) with a percent axis and the
/// topic legend.
fn stacked(
    prefix: &str,
    title: &str,
    notes: &[String],
    rows: &[StackRow],
    data: &ChartData,
) -> String {
    let labels = &data.labels;
    let name_w = rows
        .iter()
        .map(|r| text_width(&r.name, 13.0))
        .fold(60.0, f64::max)
        .min(MAX_NAME_W);
    let legend_w = legend_width(labels);
    let width = (name_w + legend_w + 600.0).max(1100.0);
    let plot_x = PAD + name_w + 10.0;
    let plot_w = width - plot_x - 30.0 - legend_w - PAD;
    let (pitch, bar) = (26.0, 19.0);

    // the height is known only after the header: draw on a large canvas, then crop
    let mut svg = Svg::new(width, 0.0, prefix);
    let top = header(&mut svg, title, notes) + 6.0;
    let plot_h = pitch * rows.len().max(1) as f64;
    for tick in ticks(0.0, 1.0, 5) {
        let x = plot_x + tick * plot_w;
        svg.line(x, top, x, top + plot_h, GRID);
        svg.text(
            x,
            top + plot_h + 17.0,
            &format!("{:.0}%", tick * 100.0),
            TextStyle::new(12.0).anchor(Anchor::Middle),
            None,
        );
    }
    svg.line(plot_x, top + plot_h, plot_x + plot_w, top + plot_h, AXIS);
    for (i, row) in rows.iter().enumerate() {
        let y = top + pitch * i as f64 + (pitch - bar) / 2.0;
        name(
            &mut svg,
            plot_x - 8.0,
            y + bar / 2.0 + 4.5,
            &row.name,
            name_w,
            13.0,
        );
        let mut x = plot_x;
        for (t, &w) in row.weights.iter().enumerate() {
            if w <= 0.0 {
                continue;
            }
            let seg = (w * plot_w).min(plot_x + plot_w - x);
            let fill = topic_fill(&mut svg, t);
            let tip = format!("{}: topic {t} ({}) {}", row.name, labels[t], percent(w));
            svg.rect(x, y, seg, bar, &fill, Some(&tip));
            let id = t.to_string();
            if seg >= text_width(&id, 11.0) + 8.0 {
                let style = TextStyle::new(11.0).anchor(Anchor::Middle).halo();
                svg.text(x + seg / 2.0, y + bar / 2.0 + 4.0, &id, style, None);
            }
            x += seg;
        }
    }
    svg.text(
        plot_x + plot_w / 2.0,
        top + plot_h + 38.0,
        "share of the tokens (numbers in the bars: topic)",
        TextStyle::new(13.0).anchor(Anchor::Middle),
        None,
    );
    let legend_bottom = legend(
        &mut svg,
        width - PAD - legend_w,
        top - 4.0,
        legend_w,
        labels,
        Swatch::Square,
    );
    let height = (top + plot_h + 52.0).max(legend_bottom + PAD);
    svg.set_height(height);
    svg.finish(title)
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
pub fn doc_topics(data: &ChartData) -> Chart {
    let (shown, left_out) = shown_documents(data);
    let rows: Vec<StackRow> = shown
        .iter()
        .map(|&d| StackRow {
            name: data.documents[d].clone(),
            weights: data.weights[d].clone(),
        })
        .collect();
    let title = "Topic weights per document";
    let notes: Vec<String> = left_out_note(shown.len(), left_out).into_iter().collect();
    Chart {
        file: "doc_topics.svg",
        title: title.into(),
        svg: stacked("doc", title, &notes, &rows, data),
    }
}

/// Topic shares per document group (first folder of the document id), weighted by tokens;
/// `None` when no document sits in a sub-folder.
pub fn group_topics(data: &ChartData) -> Option<Chart> {
    let groups = group_shares(data);
    if groups.is_empty() {
        return None;
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
    Some(Chart {
        file: "group_topics.svg",
        title: title.into(),
        svg: stacked("grp", title, &notes, &rows, data),
    })
}

/// Paragraphs and share of tokens per topic.
pub fn topic_sizes(data: &ChartData) -> Chart {
    let title = "Topic sizes";
    let k = data.labels.len();
    let names: Vec<String> = (0..k).map(|t| legend_entry(t, &data.labels[t])).collect();
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
    let plot_x = PAD + name_w + 10.0;
    let plot_w = width - plot_x - value_w - PAD;
    let (pitch, bar) = (26.0, 18.0);
    let mut svg = Svg::new(width, 0.0, "size");
    let notes = vec![
        "Paragraphs per topic; the share of all tokens in brackets. Topic 0 is the largest."
            .to_string(),
    ];
    let top = header(&mut svg, title, &notes) + 6.0;
    let plot_h = pitch * k.max(1) as f64;
    let max = data.sizes.iter().copied().max().unwrap_or(1).max(1) as f64;
    let tks: Vec<f64> = ticks(0.0, max, 5)
        .into_iter()
        .filter(|t| t.fract() == 0.0)
        .collect();
    for &tick in &tks {
        let x = plot_x + tick / max * plot_w;
        svg.line(x, top, x, top + plot_h, GRID);
        let style = TextStyle::new(12.0).anchor(Anchor::Middle);
        svg.text(x, top + plot_h + 17.0, &format!("{tick:.0}"), style, None);
    }
    svg.line(plot_x, top + plot_h, plot_x + plot_w, top + plot_h, AXIS);
    for (t, full) in names.iter().enumerate() {
        let y = top + pitch * t as f64 + (pitch - bar) / 2.0;
        let shown = fit_end(full, 13.0, name_w);
        let tip = (shown != *full).then_some(full.as_str());
        let style = TextStyle::new(13.0).anchor(Anchor::End);
        svg.text(plot_x - 8.0, y + bar / 2.0 + 4.5, &shown, style, tip);
        let size = data.sizes.get(t).copied().unwrap_or(0);
        let w = size as f64 / max * plot_w;
        let fill = topic_fill(&mut svg, t);
        let value = &values[t];
        svg.rect(
            plot_x,
            y,
            w,
            bar,
            &fill,
            Some(&format!("topic {full}: {value}")),
        );
        svg.text(
            plot_x + w + 6.0,
            y + bar / 2.0 + 4.0,
            value,
            TextStyle::new(12.0),
            None,
        );
    }
    svg.text(
        plot_x + plot_w / 2.0,
        top + plot_h + 38.0,
        "paragraphs",
        TextStyle::new(13.0).anchor(Anchor::Middle),
        None,
    );
    svg.set_height(top + plot_h + 52.0);
    Chart {
        file: "topic_sizes.svg",
        title: title.into(),
        svg: svg.finish(title),
    }
}

/// Top terms per topic, one small horizontal bar chart per topic.
pub fn topic_terms(data: &ChartData) -> Chart {
    let title = "Top terms per topic";
    let k = data.terms.len().max(1);
    let cols = k.min(4);
    let rows = k.div_ceil(cols);
    let m = data.terms.iter().map(Vec::len).max().unwrap_or(1).max(1);
    let (panel_w, term_w, value_w, pitch) = (320.0, 124.0, 46.0, 19.0);
    let panel_h = 34.0 + pitch * m as f64 + 14.0;
    let width = PAD * 2.0 + panel_w * cols as f64;
    let mut svg = Svg::new(width, 0.0, "terms");
    let notes = vec!["Bar length: the term's class-based TF-IDF weight in the topic (how typical the word is of the topic's paragraphs compared with the others).".to_string()];
    let top = header(&mut svg, title, &notes);
    for (t, terms) in data.terms.iter().enumerate() {
        let x0 = PAD + panel_w * (t % cols) as f64;
        let y0 = top + panel_h * (t / cols) as f64;
        let fill = topic_fill(&mut svg, t);
        svg.rect(x0, y0 + 4.0, 14.0, 14.0, &fill, None);
        let full = legend_entry(t, &data.labels[t]);
        let shown = fit_end(&full, 13.0, panel_w - 30.0);
        let tip = (shown != full).then_some(full.as_str());
        svg.text(
            x0 + 20.0,
            y0 + 16.0,
            &shown,
            TextStyle::new(13.0).bold(),
            tip,
        );
        let max = terms.iter().map(|x| x.1).fold(0.0f64, f64::max).max(1e-12);
        let bar_x = x0 + term_w;
        let bar_w = panel_w - term_w - value_w - 12.0;
        for (i, (term, w)) in terms.iter().enumerate() {
            let y = y0 + 28.0 + pitch * i as f64;
            let shown = fit_end(term, 12.0, term_w - 8.0);
            let tip = (shown != *term).then_some(term.as_str());
            let style = TextStyle::new(12.0).anchor(Anchor::End);
            svg.text(bar_x - 6.0, y + 11.0, &shown, style, tip);
            let len = (w / max * bar_w).max(1.0);
            svg.rect(
                bar_x,
                y + 2.0,
                len,
                pitch - 5.0,
                &fill,
                Some(&format!("{term}: {w:.4}")),
            );
            let style = TextStyle::new(11.0).color(MUTED);
            svg.text(bar_x + len + 4.0, y + 11.0, &format!("{w:.3}"), style, None);
        }
    }
    svg.set_height(top + panel_h * rows as f64 + 4.0);
    Chart {
        file: "topic_terms.svg",
        title: title.into(),
        svg: svg.finish(title),
    }
}

/// White → dark blue, for weights in 0..=1.
fn ramp(w: f64) -> String {
    let c = |hi: u8| (255.0 - (255.0 - hi as f64) * w.clamp(0.0, 1.0)).round() as u8;
    format!("#{:02X}{:02X}{:02X}", c(0x08), c(0x30), c(0x6B))
}

/// Documents × topics heatmap with the weight printed in each cell.
pub fn heatmap(data: &ChartData) -> Chart {
    let title = "Topic weights per document (heat map)";
    let (shown, left_out) = shown_documents(data);
    let k = data.labels.len().max(1);
    let name_w = shown
        .iter()
        .map(|&d| text_width(&data.documents[d], 13.0))
        .fold(60.0, f64::max)
        .min(MAX_NAME_W);
    let cell_w = if k <= 12 { 44.0 } else { 36.0 };
    let cell_h = 22.0;
    let legend_w = legend_width(&data.labels);
    let grid_x = PAD + name_w + 10.0;
    let axis_title = "topic (numbers as in the legend)";
    let axis_w = text_width(axis_title, 13.0);
    let axis_x = (grid_x + cell_w * k as f64 / 2.0).max(PAD + axis_w / 2.0);
    let lx = (grid_x + cell_w * k as f64).max(axis_x + axis_w / 2.0) + 30.0;
    let width = (lx + legend_w + PAD).max(700.0);
    let mut svg = Svg::new(width, 0.0, "heat");
    let mut notes: Vec<String> = left_out_note(shown.len(), left_out).into_iter().collect();
    notes.push(
        "Each cell: the share of the document's tokens in the topic (empty below 0.005).".into(),
    );
    let head = header(&mut svg, title, &notes);
    // column heads: topic number over its colour
    for t in 0..k {
        let x = grid_x + cell_w * t as f64;
        let fill = topic_fill(&mut svg, t);
        let tip = legend_entry(t, data.labels.get(t).map_or("", String::as_str));
        svg.rect(x + 3.0, head + 2.0, cell_w - 6.0, 7.0, &fill, Some(&tip));
        let style = TextStyle::new(12.0).anchor(Anchor::Middle).bold();
        svg.text(
            x + cell_w / 2.0,
            head + 24.0,
            &t.to_string(),
            style,
            Some(&tip),
        );
    }
    let top = head + 32.0;
    for (i, &d) in shown.iter().enumerate() {
        let y = top + cell_h * i as f64;
        let doc = &data.documents[d];
        name(
            &mut svg,
            grid_x - 8.0,
            y + cell_h / 2.0 + 4.5,
            doc,
            name_w,
            13.0,
        );
        for (t, &w) in data.weights[d].iter().enumerate() {
            let x = grid_x + cell_w * t as f64;
            let tip = format!("{doc}: topic {t} ({}) {w:.3}", data.labels[t]);
            svg.rect(x, y, cell_w, cell_h, &ramp(w), Some(&tip));
            if w >= 0.005 {
                let ink = if w > 0.5 { "#FFFFFF" } else { "#222222" };
                let style = TextStyle::new(11.0).anchor(Anchor::Middle).color(ink);
                svg.text(
                    x + cell_w / 2.0,
                    y + cell_h / 2.0 + 4.0,
                    &format!("{w:.2}"),
                    style,
                    None,
                );
            }
        }
    }
    let grid_h = cell_h * shown.len().max(1) as f64;
    svg.frame(grid_x, top, cell_w * k as f64, grid_h, AXIS);
    svg.text(
        axis_x,
        top + grid_h + 22.0,
        axis_title,
        TextStyle::new(13.0).anchor(Anchor::Middle),
        None,
    );
    let mut bottom = legend(
        &mut svg,
        lx,
        head - 4.0,
        legend_w,
        &data.labels,
        Swatch::Square,
    );
    // the colour scale
    bottom += 30.0;
    svg.text(lx, bottom, "Weight", TextStyle::new(14.0).bold(), None);
    for i in 0..=4 {
        let w = i as f64 / 4.0;
        let x = lx + 34.0 * i as f64;
        svg.rect(x, bottom + 8.0, 34.0, 14.0, &ramp(w), None);
        let style = TextStyle::new(11.0).anchor(Anchor::Middle);
        svg.text(x + 17.0, bottom + 36.0, &format!("{w:.2}"), style, None);
    }
    svg.frame(lx, bottom + 8.0, 170.0, 14.0, AXIS);
    svg.set_height((top + grid_h + 36.0).max(bottom + 44.0));
    Chart {
        file: "heatmap.svg",
        title: title.into(),
        svg: svg.finish(title),
    }
}

/// Formats a tick value with as many decimals as its step needs.
fn tick_label(v: f64, step: f64) -> String {
    let decimals = if step >= 1.0 {
        0
    } else {
        (-step.log10()).ceil() as usize
    };
    let s = format!("{v:.decimals$}");
    if s.starts_with('-') && s.trim_start_matches(['-', '0', '.']).is_empty() {
        s[1..].to_string()
    } else {
        s
    }
}

/// At most this many paragraphs are drawn on the map (every n-th beyond).
const MAX_POINTS: usize = 5000;

/// Paragraphs on the first two principal components, coloured by topic.
pub fn paragraph_map(data: &ChartData) -> Chart {
    let title = "Paragraphs by topic";
    let n = data.points.len();
    let stride = n.div_ceil(MAX_POINTS).max(1);
    let mut notes = vec!["Each mark is a paragraph, placed by the first two principal components of the clustered (LSA) representation: paragraphs close together use similar words.".to_string()];
    if stride > 1 {
        notes.push(format!(
            "One paragraph in {stride} is drawn: {} of {n}.",
            n.div_ceil(stride)
        ));
    }
    let legend_w = legend_width(&data.labels);
    let (plot_w, plot_h) = (640.0, 520.0);
    let plot_x = PAD + 64.0;
    let width = (plot_x + plot_w + 40.0 + legend_w + PAD).max(1000.0);
    let mut svg = Svg::new(width, 0.0, "map");
    let top = header(&mut svg, title, &notes) + 8.0;

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
    let (px, py) = ((x1 - x0) * 0.04, (y1 - y0) * 0.04);
    let (x0, x1, y0, y1) = (x0 - px, x1 + px, y0 - py, y1 + py);
    let sx = |x: f64| plot_x + (x - x0) / (x1 - x0) * plot_w;
    let sy = |y: f64| top + plot_h - (y - y0) / (y1 - y0) * plot_h;

    let xt = ticks(x0, x1, 6);
    let xstep = if xt.len() > 1 { xt[1] - xt[0] } else { 1.0 };
    for &v in &xt {
        svg.line(sx(v), top, sx(v), top + plot_h, GRID);
        let style = TextStyle::new(12.0).anchor(Anchor::Middle);
        svg.text(
            sx(v),
            top + plot_h + 17.0,
            &tick_label(v, xstep),
            style,
            None,
        );
    }
    let yt = ticks(y0, y1, 6);
    let ystep = if yt.len() > 1 { yt[1] - yt[0] } else { 1.0 };
    for &v in &yt {
        svg.line(plot_x, sy(v), plot_x + plot_w, sy(v), GRID);
        let style = TextStyle::new(12.0).anchor(Anchor::End);
        svg.text(
            plot_x - 6.0,
            sy(v) + 4.0,
            &tick_label(v, ystep),
            style,
            None,
        );
    }
    svg.frame(plot_x, top, plot_w, plot_h, AXIS);
    let style = TextStyle::new(13.0).anchor(Anchor::Middle);
    svg.text(
        plot_x + plot_w / 2.0,
        top + plot_h + 38.0,
        "component 1",
        style,
        None,
    );
    svg.vtext(PAD + 8.0, top + plot_h / 2.0, "component 2", 13.0);

    let radius = if n > 2000 { 2.5 } else { 4.0 };
    // big topics first, so that small ones stay visible on top
    let mut order: Vec<usize> = (0..n).step_by(stride).collect();
    order.sort_by_key(|&i| (data.points[i].2, i));
    for i in order {
        let (x, y, t) = data.points[i];
        svg.marker(topic_pattern(t), sx(x), sy(y), radius, topic_color(t), None);
    }
    let legend_bottom = legend(
        &mut svg,
        width - PAD - legend_w,
        top - 4.0,
        legend_w,
        &data.labels,
        Swatch::Marker,
    );
    svg.set_height((top + plot_h + 52.0).max(legend_bottom + PAD));
    Chart {
        file: "paragraph_map.svg",
        title: title.into(),
        svg: svg.finish(title),
    }
}
