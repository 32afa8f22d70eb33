//! What the charts need around plotters: text width estimates for laying out labels without
//! fonts, shortening and wrapping, escaping, and hover titles added to plotters' SVG output.
//!
//! Text is set in the first available of [`FONT_FAMILY`]; widths are estimated from
//! DejaVu Sans advance widths (the widest of the common sans-serif fonts), so a label
//! that fits by the estimate fits in any of them.
//!
//! plotters draws every shape and text; it cannot write SVG `<title>` elements (the names and
//! values a browser shows on hover). [`render`] draws through [`HoverBackend`], which counts
//! the elements plotters writes, and then groups the elements drawn inside
//! [`Canvas::titled`] under their `<title>`.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind,
};
use std::cell::RefCell;
use std::fmt::Write;
use std::rc::Rc;

/// The font stack of every chart (the report's style sheet lists the same fonts). The names
/// are not quoted: plotters writes it into every `<text>`, where quotes become `&apos;`.
pub const FONT_FAMILY: &str = "DejaVu Sans, Verdana, Liberation Sans, Arial, Helvetica, sans-serif";

/// Escapes `&`, `<`, `>`, `"` and `'` for XML and HTML text and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // characters XML 1.0 does not allow are dropped
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            '\u{FFFE}' | '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Advance width of `c` in em (DejaVu Sans, rounded up).
fn char_em(c: char) -> f64 {
    match c {
        'i' | 'j' | 'l' | '\'' | '|' | '.' | ',' | ':' | ';' | '!' => 0.30,
        'f' | 't' | 'r' | 'I' | '(' | ')' | '[' | ']' | '{' | '}' | '/' | '\\' | '-' => 0.42,
        ' ' => 0.33,
        'm' | 'M' | 'W' => 0.98,
        'w' => 0.83,
        'a'..='z' => 0.63,
        'A'..='Z' => 0.76,
        '0'..='9' => 0.64,
        '…' => 1.0,
        '_' | '"' | '*' | '^' | '`' => 0.52,
        '%' | '@' => 0.96,
        c if c.is_ascii() => 0.84,
        c if is_wide(c) => 1.0,
        _ => 0.7,
    }
}

/// East Asian wide characters, drawn about one em wide.
fn is_wide(c: char) -> bool {
    matches!(c as u32, 0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x1F300..=0x1FAFF | 0x20000..=0x3FFFD)
}

/// Estimated width in pixels of `s` set at `size` px (bold text is about 10 % wider).
pub fn text_width(s: &str, size: f64) -> f64 {
    s.chars().map(char_em).sum::<f64>() * size
}

/// `s` unchanged if it fits in `max_px` at `size` px, else cut at the end with "…".
pub fn fit_end(s: &str, size: f64, max_px: f64) -> String {
    if text_width(s, size) <= max_px {
        return s.to_string();
    }
    let budget = max_px - char_em('…') * size;
    let mut out = String::new();
    let mut w = 0.0;
    for c in s.chars() {
        w += char_em(c) * size;
        if w > budget {
            break;
        }
        out.push(c);
    }
    format!("{}…", out.trim_end())
}

/// `s` broken into lines of at most `max_px` at `size` px, at spaces (a single word
/// longer than a line is cut with "…").
pub fn wrap(s: &str, size: f64, max_px: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    for word in s.split_whitespace() {
        let candidate = if cur.is_empty() {
            word.to_string()
        } else {
            format!("{cur} {word}")
        };
        if text_width(&candidate, size) <= max_px || cur.is_empty() {
            cur = candidate;
        } else {
            lines.push(std::mem::replace(&mut cur, word.to_string()));
        }
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    lines
        .into_iter()
        .map(|l| fit_end(&l, size, max_px))
        .collect()
}

/// `s` unchanged if it fits in `max_px` at `size` px, else its start and end joined by
/// "…": for document names, whose folder (start) and distinguishing tail (end) both matter.
pub fn fit_middle(s: &str, size: f64, max_px: f64) -> String {
    if text_width(s, size) <= max_px {
        return s.to_string();
    }
    let chars: Vec<char> = s.chars().collect();
    let budget = max_px - char_em('…') * size;
    let (mut head, mut tail) = (0usize, 0usize);
    let mut w = 0.0;
    // alternately take a character from the end and from the start, 2 : 3 for the start
    loop {
        let take_head = head * 2 <= tail * 3;
        let c = if take_head {
            chars[head]
        } else {
            chars[chars.len() - 1 - tail]
        };
        if w + char_em(c) * size > budget || head + tail >= chars.len() {
            break;
        }
        w += char_em(c) * size;
        if take_head {
            head += 1;
        } else {
            tail += 1;
        }
    }
    let start: String = chars[..head].iter().collect();
    let end: String = chars[chars.len() - tail..].iter().collect();
    format!("{start}…{end}")
}

/// `s` as one line of text that XML allows: line breaks and tabs become spaces, other
/// control characters are dropped (plotters escapes markup, but not these).
pub fn clean(s: &str) -> String {
    s.chars()
        .filter_map(|c| match c {
            '\t' | '\n' | '\r' => Some(' '),
            c if (c as u32) < 0x20 => None,
            '\u{FFFE}' | '\u{FFFF}' => None,
            c => Some(c),
        })
        .collect()
}

/// The plotters font size for text of `px` pixels: plotters' SVG backend writes the size
/// divided by 1.24 (the rounding error this leaves, as in `13.000000000000002`, is taken out
/// by [`render`]).
pub fn font_size(px: f64) -> f64 {
    px * 1.24
}

/// `font-size="13.000000000000002"` in a plotters `<text>` tag as `font-size="13"`.
fn round_font_size(tag: &str) -> std::borrow::Cow<'_, str> {
    const KEY: &str = " font-size=\"";
    let Some(start) = tag.find(KEY).map(|i| i + KEY.len()) else {
        return tag.into();
    };
    let Some(len) = tag[start..].find('"') else {
        return tag.into();
    };
    match tag[start..start + len].parse::<f64>() {
        Ok(size) => {
            let size = (size * 1e6).round() / 1e6;
            format!("{}{size}{}", &tag[..start], &tag[start + len..]).into()
        }
        Err(_) => tag.into(),
    }
}

/// What [`HoverBackend`] noted while drawing: how many SVG elements it drew, and which runs of
/// them get a hover title.
#[derive(Debug, Default)]
struct Notes {
    drawn: usize,
    open: Option<(usize, String)>,
    spans: Vec<(usize, usize, String)>,
}

/// plotters' SVG backend, counting what it draws so that a run of drawn elements can be given
/// a hover `<title>` afterwards (see [`render`]). Each drawing call of the SVG backend writes
/// exactly one element, unless its colour is fully transparent (then none).
pub struct HoverBackend<'a> {
    svg: SVGBackend<'a>,
    notes: Rc<RefCell<Notes>>,
}

impl HoverBackend<'_> {
    fn count(&self, color: BackendColor) {
        if color.alpha != 0.0 {
            self.notes.borrow_mut().drawn += 1;
        }
    }
}

type BackendResult = Result<(), DrawingErrorKind<std::io::Error>>;

impl DrawingBackend for HoverBackend<'_> {
    type ErrorType = std::io::Error;

    fn get_size(&self) -> (u32, u32) {
        self.svg.get_size()
    }
    fn ensure_prepared(&mut self) -> BackendResult {
        self.svg.ensure_prepared()
    }
    fn present(&mut self) -> BackendResult {
        self.svg.present()
    }
    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> BackendResult {
        self.count(color);
        self.svg.draw_pixel(point, color)
    }
    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> BackendResult {
        self.count(style.color());
        self.svg.draw_line(from, to, style)
    }
    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> BackendResult {
        self.count(style.color());
        self.svg.draw_rect(upper_left, bottom_right, style, fill)
    }
    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> BackendResult {
        self.count(style.color());
        self.svg.draw_path(path, style)
    }
    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> BackendResult {
        self.count(style.color());
        self.svg.draw_circle(center, radius, style, fill)
    }
    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> BackendResult {
        self.count(style.color());
        self.svg.fill_polygon(vert, style)
    }
    fn draw_text<T: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &T,
        pos: BackendCoord,
    ) -> BackendResult {
        self.count(style.color());
        self.svg.draw_text(text, style, pos)
    }
    fn estimate_text_size<T: BackendTextStyle>(
        &self,
        text: &str,
        style: &T,
    ) -> Result<(u32, u32), DrawingErrorKind<std::io::Error>> {
        self.svg.estimate_text_size(text, style)
    }
    fn blit_bitmap(&mut self, pos: BackendCoord, size: (u32, u32), src: &[u8]) -> BackendResult {
        // the SVG backend draws bitmaps pixel by pixel, through draw_pixel
        self.svg.blit_bitmap(pos, size, src)
    }
}

/// A plotters drawing area on [`HoverBackend`], and hover titles for what is drawn on it.
pub struct Canvas<'a> {
    /// The whole chart, in pixels from the top left corner.
    pub area: Area<'a>,
    notes: Rc<RefCell<Notes>>,
}

impl Canvas<'_> {
    /// Runs `draw`; everything it draws is grouped under the hover title `title`
    /// (`<g><title>…</title>…</g>`). Titles do not nest: inside another titled run, `title`
    /// is ignored.
    pub fn titled<T>(&self, title: &str, draw: impl FnOnce() -> T) -> T {
        let opened = {
            let mut n = self.notes.borrow_mut();
            let free = n.open.is_none();
            if free {
                n.open = Some((n.drawn, title.to_string()));
            }
            free
        };
        let result = draw();
        if opened {
            let mut n = self.notes.borrow_mut();
            if let Some((start, title)) = n.open.take() {
                if n.drawn > start {
                    let end = n.drawn;
                    n.spans.push((start, end, title));
                }
            }
        }
        result
    }
}

/// A drawing error, as text.
pub type DrawError = String;

/// What drawing returns.
pub type Drawn = Result<(), DrawError>;

/// A plotters drawing area of a chart, in pixels.
pub type Area<'a> = DrawingArea<HoverBackend<'a>, Shift>;

/// Draws a `width` × `height` chart with plotters: `draw` gets a white [`Canvas`]; the SVG
/// that plotters writes then gets `name` as its accessible title and the hover titles asked
/// for with [`Canvas::titled`] (plotters has no way to write `<title>`).
pub fn render(
    width: u32,
    height: u32,
    name: &str,
    draw: impl FnOnce(&Canvas) -> Drawn,
) -> Result<String, DrawError> {
    let notes = Rc::new(RefCell::new(Notes::default()));
    let mut out = String::new();
    {
        let backend = HoverBackend {
            svg: SVGBackend::with_string(&mut out, (width, height)),
            notes: Rc::clone(&notes),
        };
        let canvas = Canvas {
            area: backend.into_drawing_area(),
            notes: Rc::clone(&notes),
        };
        canvas.area.fill(&WHITE).map_err(|e| e.to_string())?;
        draw(&canvas)?;
        canvas.area.present().map_err(|e| e.to_string())?;
    }
    let notes = notes.borrow();
    add_titles(&out, (width, height), name, notes.drawn, &notes.spans)
}

/// Rewrites plotters' SVG output: the root element gets `role="img"` and the accessible name
/// `name`; the elements numbered `start..end` of each span are grouped under a hover title;
/// the text of a `<text>` element loses the line breaks plotters puts around it, and its
/// font size the rounding error of plotters' division.
/// Fails (a bug, not a user error) when the output does not hold `drawn` elements.
fn add_titles(
    svg: &str,
    (width, height): (u32, u32),
    name: &str,
    drawn: usize,
    spans: &[(usize, usize, String)],
) -> Result<String, DrawError> {
    let mut lines = svg.lines();
    match lines.next() {
        Some(root) if root.starts_with("<svg ") => {}
        _ => return Err("plotters' SVG does not start with <svg>".into()),
    }
    let mut out = String::with_capacity(svg.len() + 64 * spans.len() + 256);
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\">\n<title>{}</title>\n",
        escape(name)
    );
    let mut span = spans.iter().peekable();
    let mut index = 0;
    let mut closed = false;
    while let Some(line) = lines.next() {
        if line == "</svg>" {
            closed = true;
            break;
        }
        if !line.starts_with('<') || line.starts_with("</") {
            return Err(format!("unexpected line in plotters' SVG: {line}"));
        }
        if let Some((_, _, title)) = span.peek().filter(|s| s.0 == index) {
            let _ = write!(out, "<g><title>{}</title>", escape(title));
        }
        if line.starts_with("<text") && !line.ends_with("/>") {
            // `<text …>`, the escaped text on one or more lines, `</text>`
            out.push_str(&round_font_size(line));
            let mut first = true;
            loop {
                match lines.next() {
                    Some("</text>") => break,
                    Some(t) => {
                        if !first {
                            out.push(' ');
                        }
                        out.push_str(t);
                        first = false;
                    }
                    None => return Err("unterminated <text> in plotters' SVG".into()),
                }
            }
            out.push_str("</text>");
        } else {
            out.push_str(line);
        }
        index += 1;
        if span.peek().is_some_and(|s| s.1 == index) {
            out.push_str("</g>");
            span.next();
        }
        out.push('\n');
    }
    if !closed || lines.next().is_some() {
        return Err("plotters' SVG does not end with </svg>".into());
    }
    if index != drawn || span.next().is_some() {
        return Err(format!(
            "plotters drew {index} SVG elements, {drawn} were counted: hover titles would be misplaced"
        ));
    }
    out.push_str("</svg>\n");
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape("<script>alert('x & \"y\"')</script>"),
            "&lt;script&gt;alert(&#39;x &amp; &quot;y&quot;&#39;)&lt;/script&gt;"
        );
        assert_eq!(escape("a\u{1}b"), "ab");
    }

    #[test]
    fn fitting_cuts_to_the_width_and_keeps_short_text() {
        assert_eq!(fit_end("police", 12.0, 200.0), "police");
        let long = "a very long label that will certainly not fit in the space";
        let cut = fit_end(long, 12.0, 100.0);
        assert!(
            cut.ends_with('…') && text_width(&cut, 12.0) <= 100.0,
            "{cut}"
        );
        let m = fit_middle("party/a-very-long-manifesto-name-2019", 12.0, 120.0);
        assert!(m.starts_with("party/") && m.ends_with("2019"), "{m}");
        assert!(text_width(&m, 12.0) <= 120.0);
    }

    #[test]
    fn wrapping_breaks_at_spaces_within_the_width() {
        let lines = wrap("one two three four five six seven", 12.0, 80.0);
        assert!(lines.len() > 1);
        assert_eq!(lines.join(" "), "one two three four five six seven");
        assert!(lines.iter().all(|l| text_width(l, 12.0) <= 80.0));
    }

    /// A rectangle and a text with hover titles, one element without, through plotters.
    fn sample(title: &str) -> String {
        render(40, 30, "chart <&>", |c| {
            c.titled(title, || -> Drawn {
                c.area
                    .draw(&Rectangle::new([(0, 0), (10, 10)], BLACK.filled()))
                    .map_err(|e| e.to_string())?;
                c.area
                    .draw(&Text::new(title.to_string(), (2, 20), ("sans-serif", 12)))
                    .map_err(|e| e.to_string())
            })?;
            c.area
                .draw(&Circle::new((30, 20), 3, RED.filled()))
                .map_err(|e| e.to_string())
        })
        .unwrap()
    }

    #[test]
    fn hover_titles_group_what_was_drawn_under_them_escaped() {
        let hostile = "<a&\"b'>";
        let out = sample(hostile);
        let doc = roxmltree::Document::parse(&out).unwrap_or_else(|e| panic!("{e}\n{out}"));
        let root = doc.root_element();
        assert_eq!(root.attribute("role"), Some("img"));
        let name = root.first_element_child().unwrap();
        assert_eq!(
            (name.tag_name().name(), name.text()),
            ("title", Some("chart <&>"))
        );
        let groups: Vec<_> = root.children().filter(|n| n.has_tag_name("g")).collect();
        assert_eq!(groups.len(), 1, "{out}");
        let tags: Vec<&str> = groups[0]
            .children()
            .filter(|n| n.is_element())
            .map(|n| n.tag_name().name())
            .collect();
        assert_eq!(tags, ["title", "rect", "text"]);
        let title = groups[0].first_element_child().unwrap();
        assert_eq!(title.text(), Some(hostile));
        // plotters escapes the text; its line breaks around it are gone
        let text = groups[0]
            .children()
            .find(|n| n.has_tag_name("text"))
            .unwrap();
        assert_eq!(text.text(), Some(hostile));
        // the background and the circle stay outside the group
        assert!(root.children().any(|n| n.has_tag_name("circle")));
        assert!(
            out.contains("<g><title>&lt;a&amp;&quot;b&#39;&gt;</title><rect"),
            "{out}"
        );
    }

    #[test]
    fn a_miscount_is_an_error_not_a_misplaced_title() {
        let svg = "<svg width=\"1\">\n<rect/>\n<rect/>\n</svg>\n";
        let span = [(1, 2, "t".to_string())];
        let ok = add_titles(svg, (1, 1), "n", 2, &span).unwrap();
        assert!(
            ok.contains("<rect/>\n<g><title>t</title><rect/></g>\n</svg>"),
            "{ok}"
        );
        assert!(add_titles(svg, (1, 1), "n", 3, &span).is_err());
        assert!(add_titles(svg, (1, 1), "n", 1, &[(1, 2, "t".into())]).is_err());
        assert!(add_titles("<rect/>\n", (1, 1), "n", 0, &[]).is_err());
    }

    #[test]
    fn font_sizes_come_out_round() {
        let tag = r##"<text x="1" font-size="13.000000000000002" fill="#222">"##;
        assert_eq!(
            round_font_size(tag),
            r##"<text x="1" font-size="13" fill="#222">"##
        );
        for px in [11.0, 12.0, 13.0, 14.0, 19.0] {
            let s = (font_size(px) / 1.24 * 1e6).round() / 1e6;
            assert_eq!(s, px);
        }
    }

    #[test]
    fn text_is_cleaned_of_what_xml_forbids() {
        assert_eq!(clean("a\nb\tc\u{1}d\u{FFFF}"), "a b cd");
    }
}
