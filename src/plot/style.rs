//! The look every chart shares: margins, colours, fonts, the title and notes at the top,
//! text and rectangles placed in pixels, and how a chart is drawn into SVG. The charts of
//! `charts.rs`, `selection.rs` and `tune.rs` all draw through these, so they look alike.

use super::svg::{self, clean, font_size, wrap, Area, Canvas, Drawn, FONT_FAMILY};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Outer margin.
pub(super) const PAD: f64 = 16.0;
/// Longest document or group name column, px.
pub(super) const MAX_NAME_W: f64 = 280.0;
/// Widest legend, px.
pub(super) const MAX_LEGEND_W: f64 = 380.0;
pub(super) const GRID: RGBColor = RGBColor(0xE4, 0xE4, 0xE4);
pub(super) const AXIS: RGBColor = RGBColor(0x88, 0x88, 0x88);
pub(super) const MUTED: RGBColor = RGBColor(0x55, 0x55, 0x55);
pub(super) const INK: RGBColor = RGBColor(0x22, 0x22, 0x22);

pub(super) fn err(e: impl std::fmt::Display) -> String {
    e.to_string()
}

/// A pixel coordinate.
pub(super) fn px(v: f64) -> i32 {
    v.round() as i32
}

/// How a piece of text looks.
#[derive(Clone, Copy)]
pub(super) struct Font {
    size: f64,
    bold: bool,
    color: RGBColor,
    anchor: HPos,
}

impl Font {
    /// Plain dark text of `size` px, starting at x.
    pub(super) fn new(size: f64) -> Font {
        Font {
            size,
            bold: false,
            color: INK,
            anchor: HPos::Left,
        }
    }
    pub(super) fn bold(mut self) -> Self {
        self.bold = true;
        self
    }
    pub(super) fn color(mut self, c: RGBColor) -> Self {
        self.color = c;
        self
    }
    /// Text ending at x.
    pub(super) fn end(mut self) -> Self {
        self.anchor = HPos::Right;
        self
    }
    /// Text centred on x.
    pub(super) fn middle(mut self) -> Self {
        self.anchor = HPos::Center;
        self
    }
    /// The plotters style: top of the text at y (plotters writes `dy="0.76em"`).
    pub(super) fn style(&self) -> TextStyle<'static> {
        let weight = if self.bold {
            FontStyle::Bold
        } else {
            FontStyle::Normal
        };
        TextStyle {
            font: FontDesc::new(FontFamily::Name(FONT_FAMILY), font_size(self.size), weight),
            color: self.color.to_backend_color(),
            pos: Pos::new(self.anchor, VPos::Top),
        }
    }
}

/// Text at x with its baseline at `baseline`.
pub(super) fn text(area: &Area, x: f64, baseline: f64, s: &str, f: Font) -> Drawn {
    // plotters puts the baseline 0.76 em below the given y
    let y = baseline - 0.76 * f.size;
    area.draw(&Text::new(clean(s), (px(x), px(y)), f.style()))
        .map_err(err)
}

/// Text `shown`, with `full` on hover when they differ (a shortened name).
pub(super) fn hover_text(
    c: &Canvas,
    x: f64,
    baseline: f64,
    shown: &str,
    full: &str,
    f: Font,
) -> Drawn {
    if shown == full {
        text(&c.area, x, baseline, shown, f)
    } else {
        c.titled(full, || text(&c.area, x, baseline, shown, f))
    }
}

/// A filled rectangle between two pixel corners.
pub(super) fn rect<C: Color>(
    area: &Area,
    (x0, y0, x1, y1): (f64, f64, f64, f64),
    color: C,
) -> Drawn {
    area.draw(&Rectangle::new(
        [(px(x0), px(y0)), (px(x1), px(y1))],
        color.filled(),
    ))
    .map_err(err)
}

/// A rectangle outline.
pub(super) fn frame(area: &Area, (x0, y0, x1, y1): (f64, f64, f64, f64)) -> Drawn {
    area.draw(&Rectangle::new(
        [(px(x0), px(y0)), (px(x1), px(y1))],
        AXIS.stroke_width(1),
    ))
    .map_err(err)
}

/// Draws a chart with plotters and returns its SVG; fails when plotters cannot draw or its
/// output cannot be given its hover titles.
pub(super) fn draw(
    title: &str,
    width: f64,
    height: f64,
    f: impl FnOnce(&Canvas) -> Drawn,
) -> crate::Result<String> {
    svg::render(width.ceil() as u32, height.ceil() as u32, title, f)
        .map_err(|e| crate::Error::Runtime(format!("cannot draw the chart {title:?}: {e}")))
}

/// The notes under a chart title, wrapped to the chart's width.
pub(super) fn note_lines(notes: &[String], width: f64) -> Vec<String> {
    notes
        .iter()
        .flat_map(|n| wrap(n, 13.0, width - 2.0 * PAD))
        .collect()
}

/// Where the chart starts below the title and `lines` of notes.
pub(super) fn header_bottom(lines: &[String]) -> f64 {
    30.0 + 18.0 * lines.len() as f64 + 22.0
}

/// Draws the title and, below it, the notes in grey.
pub(super) fn header(area: &Area, title: &str, lines: &[String]) -> Drawn {
    text(area, PAD, 30.0, title, Font::new(19.0).bold())?;
    for (i, line) in lines.iter().enumerate() {
        let y = 30.0 + 18.0 * (i + 1) as f64;
        text(area, PAD, y, line, Font::new(13.0).color(MUTED))?;
    }
    Ok(())
}

pub(super) fn tick_style() -> TextStyle<'static> {
    Font::new(12.0).style()
}

/// A tick value as short as it can be written: `0.25`, `-0.1`, `0`.
pub(super) fn tick_text(v: &f64) -> String {
    let r = (v * 1e6).round() / 1e6;
    if r == 0.0 {
        "0".into()
    } else {
        format!("{r}")
    }
}
