//! A small SVG writer: the handful of shapes the charts use, text width estimates for
//! laying out labels without fonts, and escaping.
//!
//! Text is set in the first available of [`FONT_FAMILY`]; widths are estimated from
//! DejaVu Sans advance widths (the widest of the common sans-serif fonts), so a label
//! that fits by the estimate fits in any of them.

use std::fmt::Write;

/// The font stack of every chart and of the report.
pub const FONT_FAMILY: &str =
    "'DejaVu Sans', Verdana, 'Liberation Sans', Arial, Helvetica, sans-serif";

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

/// Horizontal text anchor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    /// Text starts at x.
    Start,
    /// Text is centred on x.
    Middle,
    /// Text ends at x.
    End,
}

impl Anchor {
    fn as_str(self) -> &'static str {
        match self {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        }
    }
}

/// How a piece of text looks.
#[derive(Debug, Clone, Copy)]
pub struct TextStyle {
    /// Size in px.
    pub size: f64,
    /// Anchor at x.
    pub anchor: Anchor,
    /// Bold.
    pub bold: bool,
    /// Fill colour (`#rrggbb`).
    pub color: &'static str,
    /// A white outline behind the glyphs, for text drawn over coloured shapes.
    pub halo: bool,
}

impl TextStyle {
    /// Plain dark text of `size` px, starting at x.
    pub fn new(size: f64) -> Self {
        TextStyle {
            size,
            anchor: Anchor::Start,
            bold: false,
            color: "#222222",
            halo: false,
        }
    }
    /// The same with another anchor.
    pub fn anchor(mut self, a: Anchor) -> Self {
        self.anchor = a;
        self
    }
    /// The same in bold.
    pub fn bold(mut self) -> Self {
        self.bold = true;
        self
    }
    /// The same with a white outline behind the glyphs.
    pub fn halo(mut self) -> Self {
        self.halo = true;
        self
    }
    /// The same in another colour.
    pub fn color(mut self, c: &'static str) -> Self {
        self.color = c;
        self
    }
}

/// An SVG document being written.
pub struct Svg {
    width: f64,
    height: f64,
    body: String,
    defs: String,
    prefix: String,
}

fn num(x: f64) -> String {
    let r = (x * 100.0).round() / 100.0;
    if r == r.trunc() {
        format!("{}", r as i64)
    } else {
        format!("{r}")
    }
}

impl Svg {
    /// An empty `width` × `height` drawing with a white background; `prefix` starts the
    /// ids of its definitions, so that several charts can sit inline in one HTML page.
    pub fn new(width: f64, height: f64, prefix: &str) -> Svg {
        Svg {
            width,
            height,
            body: String::new(),
            defs: String::new(),
            prefix: prefix.to_string(),
        }
    }

    /// Sets the height, once the content is laid out.
    pub fn set_height(&mut self, height: f64) {
        self.height = height;
    }

    /// Width in px.
    pub fn width(&self) -> f64 {
        self.width
    }

    /// The document-unique id for `name`.
    pub fn id(&self, name: &str) -> String {
        format!("{}-{name}", self.prefix)
    }

    /// Adds a definition (e.g. a `<pattern>`) with id `id`, once; `markup` makes it.
    pub fn def(&mut self, id: &str, markup: impl FnOnce() -> String) {
        if !self.defs.contains(&format!("id=\"{id}\"")) {
            self.defs.push_str(&markup());
        }
    }

    /// A rectangle filled with `fill` (a colour or `url(#id)`), with an optional hover title.
    pub fn rect(&mut self, x: f64, y: f64, w: f64, h: f64, fill: &str, title: Option<&str>) {
        let _ = write!(
            self.body,
            r#"<rect x="{}" y="{}" width="{}" height="{}" fill="{fill}""#,
            num(x),
            num(y),
            num(w.max(0.0)),
            num(h.max(0.0))
        );
        self.close(title);
    }

    /// A rectangle outline.
    pub fn frame(&mut self, x: f64, y: f64, w: f64, h: f64, stroke: &str) {
        let _ = writeln!(
            self.body,
            r#"<rect x="{}" y="{}" width="{}" height="{}" fill="none" stroke="{stroke}" stroke-width="1"/>"#,
            num(x),
            num(y),
            num(w),
            num(h)
        );
    }

    /// A straight line.
    pub fn line(&mut self, x1: f64, y1: f64, x2: f64, y2: f64, stroke: &str) {
        let _ = writeln!(
            self.body,
            r#"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{stroke}" stroke-width="1"/>"#,
            num(x1),
            num(y1),
            num(x2),
            num(y2)
        );
    }

    /// A marker of `shape` (0 circle, 1 square, 2 triangle, 3 diamond) centred on (x, y),
    /// slightly transparent so that overlaps show.
    pub fn marker(
        &mut self,
        shape: usize,
        x: f64,
        y: f64,
        r: f64,
        fill: &str,
        title: Option<&str>,
    ) {
        let fill = format!("{fill}\" fill-opacity=\"0.8");
        let _ = match shape % 4 {
            0 => write!(
                self.body,
                r#"<circle cx="{}" cy="{}" r="{}" fill="{fill}""#,
                num(x),
                num(y),
                num(r)
            ),
            1 => write!(
                self.body,
                r#"<rect x="{}" y="{}" width="{}" height="{}" fill="{fill}""#,
                num(x - r * 0.9),
                num(y - r * 0.9),
                num(r * 1.8),
                num(r * 1.8)
            ),
            2 => write!(
                self.body,
                r#"<path d="M{} {}L{} {}L{} {}Z" fill="{fill}""#,
                num(x),
                num(y - r * 1.2),
                num(x + r * 1.1),
                num(y + r * 0.8),
                num(x - r * 1.1),
                num(y + r * 0.8)
            ),
            _ => write!(
                self.body,
                r#"<path d="M{} {}L{} {}L{} {}L{} {}Z" fill="{fill}""#,
                num(x),
                num(y - r * 1.25),
                num(x + r * 1.1),
                num(y),
                num(x),
                num(y + r * 1.25),
                num(x - r * 1.1),
                num(y)
            ),
        };
        self.close(title);
    }

    fn close(&mut self, title: Option<&str>) {
        match title {
            Some(t) => {
                let _ = writeln!(
                    self.body,
                    "><title>{}</title></{}>",
                    escape(t),
                    self.last_tag()
                );
            }
            None => self.body.push_str("/>\n"),
        }
    }

    fn last_tag(&self) -> &'static str {
        let start = self.body.rfind('<').unwrap_or(0);
        let tag = &self.body[start + 1..];
        ["rect", "circle", "path"]
            .into_iter()
            .find(|t| tag.starts_with(t))
            .unwrap_or("g")
    }

    /// Text at (x, y) (y = baseline). With `title`, the text is wrapped in a group whose
    /// `<title>` a browser shows on hover (used for shortened names).
    pub fn text(&mut self, x: f64, y: f64, s: &str, style: TextStyle, title: Option<&str>) {
        if let Some(t) = title {
            let _ = write!(self.body, "<g><title>{}</title>", escape(t));
        }
        let _ = write!(
            self.body,
            r#"<text x="{}" y="{}" font-size="{}" fill="{}""#,
            num(x),
            num(y),
            num(style.size),
            style.color
        );
        if style.anchor != Anchor::Start {
            let _ = write!(self.body, r#" text-anchor="{}""#, style.anchor.as_str());
        }
        if style.bold {
            self.body.push_str(r#" font-weight="bold""#);
        }
        if style.halo {
            self.body
                .push_str(r##" stroke="#FFFFFF" stroke-width="3" stroke-linejoin="round" paint-order="stroke""##);
        }
        let _ = write!(self.body, ">{}</text>", escape(s));
        if title.is_some() {
            self.body.push_str("</g>");
        }
        self.body.push('\n');
    }

    /// Text rotated by -90° around (x, y): a vertical axis title reading upwards.
    pub fn vtext(&mut self, x: f64, y: f64, s: &str, size: f64) {
        let _ = writeln!(
            self.body,
            r##"<text x="{}" y="{}" font-size="{}" fill="#222222" text-anchor="middle" transform="rotate(-90 {} {})">{}</text>"##,
            num(x),
            num(y),
            num(size),
            num(x),
            num(y),
            escape(s)
        );
    }

    /// The finished document, with `title` as the SVG's accessible name.
    pub fn finish(self, title: &str) -> String {
        let mut out = String::new();
        let _ = write!(
            out,
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="{font}" role="img">"#,
            w = num(self.width),
            h = num(self.height),
            font = FONT_FAMILY.replace('\'', "&#39;"),
        );
        let _ = writeln!(out, "\n<title>{}</title>", escape(title));
        if !self.defs.is_empty() {
            let _ = writeln!(out, "<defs>{}</defs>", self.defs);
        }
        let _ = writeln!(
            out,
            r##"<rect width="{}" height="{}" fill="#FFFFFF"/>"##,
            num(self.width),
            num(self.height)
        );
        out.push_str(&self.body);
        out.push_str("</svg>\n");
        out
    }
}

/// About `target` round tick values covering `lo..=hi` ("nice numbers": 1, 2, 5 × 10^n).
pub fn ticks(lo: f64, hi: f64, target: usize) -> Vec<f64> {
    if hi <= lo || !lo.is_finite() || !hi.is_finite() {
        return vec![lo];
    }
    let raw = (hi - lo) / target.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    let first = (lo / step).ceil() as i64;
    let last = (hi / step + 1e-9).floor() as i64;
    (first..=last)
        .map(|i| (i as f64 * step * 1e9).round() / 1e9)
        .collect()
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

    #[test]
    fn ticks_are_round() {
        assert_eq!(ticks(0.0, 1.0, 5), vec![0.0, 0.2, 0.4, 0.6, 0.8, 1.0]);
        assert_eq!(ticks(0.0, 17.0, 4), vec![0.0, 5.0, 10.0, 15.0]);
    }

    #[test]
    fn titles_are_escaped_and_wrap_the_shape() {
        let mut s = Svg::new(10.0, 10.0, "t");
        s.rect(0.0, 0.0, 1.0, 1.0, "#000000", Some("a<b"));
        s.text(0.0, 5.0, "x", TextStyle::new(10.0), Some("full & name"));
        let out = s.finish("t");
        assert!(out.contains("<title>a&lt;b</title></rect>"), "{out}");
        assert!(
            out.contains("<g><title>full &amp; name</title><text"),
            "{out}"
        );
    }
}
