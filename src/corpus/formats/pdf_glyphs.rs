//! Collects the positioned glyphs of a PDF's pages from `pdf-extract`'s content-stream
//! interpreter (which resolves fonts, encodings and `ToUnicode` maps), decomposing
//! typographic ligatures on the way.

use super::pdf_layout::{Glyph, PageGlyphs, WORD_GAP};
use pdf_extract::{MediaBox, OutputDev, OutputError, Transform};
use std::time::{Duration, Instant};

/// At most this many glyphs are collected from one document.
pub const MAX_GLYPHS: usize = 5_000_000;
/// A document whose text takes longer than this to interpret is given up.
pub const MAX_TIME: Duration = Duration::from_secs(120);

/// Why collection was stopped early.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Budget {
    /// More than [`MAX_GLYPHS`] glyphs.
    Glyphs,
    /// Longer than [`MAX_TIME`].
    Time,
}

/// An [`OutputDev`] that records every glyph with its position.
pub struct Collector {
    /// Pages seen so far, in order.
    pub pages: Vec<PageGlyphs>,
    /// Set when a budget was exceeded (the interpreter is then stopped with an error).
    pub exceeded: Option<Budget>,
    /// The direction of each glyph of each page (see [`direction`]).
    directions: Vec<Vec<u8>>,
    count: usize,
    started: Instant,
}

impl Collector {
    /// An empty collector; the time budget starts now.
    pub fn new() -> Collector {
        Collector {
            pages: Vec::new(),
            exceeded: None,
            directions: Vec::new(),
            count: 0,
            started: Instant::now(),
        }
    }

    /// The pages with every glyph turned upright: each page's glyphs in its main writing
    /// direction (the most common; a landscape page drawn rotated, say) are rotated to run
    /// left to right, and glyphs at another angle (a margin label, a stamp) are dropped.
    pub fn upright_pages(self) -> Vec<PageGlyphs> {
        let mut pages = self.pages;
        for (page, dirs) in pages.iter_mut().zip(self.directions) {
            let mut counts = [0usize; 4];
            for (g, &d) in page.glyphs.iter().zip(&dirs) {
                if d < 4 && !g.text.trim().is_empty() {
                    counts[d as usize] += 1;
                }
            }
            let main = (0..4).max_by_key(|&d| (counts[d], 4 - d)).unwrap_or(0) as u8;
            let glyphs = std::mem::take(&mut page.glyphs);
            page.glyphs = glyphs
                .into_iter()
                .zip(dirs)
                .filter(|&(_, d)| d == main)
                .map(|(mut g, _)| {
                    (g.x, g.y) = match main {
                        1 => (g.y, -g.x),
                        2 => (-g.x, -g.y),
                        3 => (-g.y, g.x),
                        _ => (g.x, g.y),
                    };
                    g
                })
                .collect();
        }
        pages
    }

    fn check(&mut self) -> Result<(), OutputError> {
        self.count += 1;
        if self.count > MAX_GLYPHS {
            self.exceeded = Some(Budget::Glyphs);
        } else if self.count.is_multiple_of(4096) && self.started.elapsed() > MAX_TIME {
            self.exceeded = Some(Budget::Time);
        }
        match self.exceeded {
            Some(_) => Err(OutputError::FormatError(std::fmt::Error)),
            None => Ok(()),
        }
    }
}

impl Default for Collector {
    fn default() -> Self {
        Collector::new()
    }
}

/// `text` with typographic ligatures (U+FB00–FB06) spelled out.
pub fn decompose_ligatures(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\u{FB00}' => out.push_str("ff"),
            '\u{FB01}' => out.push_str("fi"),
            '\u{FB02}' => out.push_str("fl"),
            '\u{FB03}' => out.push_str("ffi"),
            '\u{FB04}' => out.push_str("ffl"),
            '\u{FB05}' | '\u{FB06}' => out.push_str("st"),
            _ => out.push(c),
        }
    }
    out
}

/// Which way a glyph's baseline runs on the page: 0 rightwards, 1 upwards, 2 leftwards,
/// 3 downwards, 4 at some other angle.
pub fn direction(trm: &Transform) -> u8 {
    let (dx, dy) = (trm.m11, trm.m12);
    if dy.abs() <= 0.05 * dx.abs() {
        if dx > 0.0 {
            0
        } else {
            2
        }
    } else if dx.abs() <= 0.05 * dy.abs() {
        if dy > 0.0 {
            1
        } else {
            3
        }
    } else {
        4
    }
}

impl OutputDev for Collector {
    fn begin_page(
        &mut self,
        page_num: u32,
        _media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.pages.push(PageGlyphs {
            number: page_num,
            glyphs: Vec::new(),
        });
        self.directions.push(Vec::new());
        self.check()
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        spacing: f64,
        font_size: f64,
        char: &str,
    ) -> Result<(), OutputError> {
        self.check()?;
        let sx = trm.m11.hypot(trm.m12);
        let sy = trm.m21.hypot(trm.m22);
        // a space drawn with negative word spacing (ps2pdf does this) separates nothing
        let advance = (width * font_size + spacing) * sx;
        if char.chars().all(char::is_whitespace) && advance < WORD_GAP * font_size * sy {
            return Ok(());
        }
        let glyph = Glyph {
            text: decompose_ligatures(char),
            x: trm.m31,
            y: trm.m32,
            width: width * font_size * sx,
            size: (font_size * sy).abs(),
        };
        if let (Some(page), Some(dirs)) = (self.pages.last_mut(), self.directions.last_mut()) {
            page.glyphs.push(glyph);
            dirs.push(direction(trm));
        }
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(c: &mut Collector, trm: Transform, ch: &str) {
        c.output_character(&trm, 0.5, 0.0, 10.0, ch)
            .expect("within budget");
    }

    #[test]
    fn a_rotated_page_is_turned_upright_and_off_angle_glyphs_are_dropped() {
        let media = MediaBox {
            llx: 0.0,
            lly: 0.0,
            urx: 600.0,
            ury: 800.0,
        };
        let mut c = Collector::new();
        c.begin_page(1, &media, None).expect("page");
        // text running upwards (rotated 90 degrees) at x = 100, from y = 50
        for (i, ch) in ["a", "b"].iter().enumerate() {
            let t = Transform::row_major(0.0, 1.0, -1.0, 0.0, 100.0, 50.0 + 5.0 * i as f64);
            at(&mut c, t, ch);
        }
        // one glyph at 45 degrees: a stamp
        at(
            &mut c,
            Transform::row_major(0.7, 0.7, -0.7, 0.7, 10.0, 10.0),
            "x",
        );
        let pages = c.upright_pages();
        let g = &pages[0].glyphs;
        assert_eq!(g.len(), 2);
        assert_eq!((g[0].x, g[0].y), (50.0, -100.0));
        assert_eq!((g[1].x, g[1].y), (55.0, -100.0));
        assert_eq!(g[0].size, 10.0);
        assert_eq!(g[0].width, 5.0);
    }

    #[test]
    fn spaces_drawn_with_negative_word_spacing_are_dropped() {
        let media = MediaBox {
            llx: 0.0,
            lly: 0.0,
            urx: 600.0,
            ury: 800.0,
        };
        let mut c = Collector::new();
        c.begin_page(1, &media, None).expect("page");
        let t = Transform::row_major(1.0, 0.0, 0.0, 1.0, 0.0, 0.0);
        c.output_character(&t, 0.25, -2.2, 10.0, " ").expect("ok");
        c.output_character(&t, 0.25, 0.0, 10.0, " ").expect("ok");
        assert_eq!(c.upright_pages()[0].glyphs.len(), 1);
    }

    #[test]
    fn ligatures_are_spelled_out() {
        assert_eq!(
            decompose_ligatures(
                "e\u{FB03}cient \u{FB02}ow of \u{FB01}sh, \u{FB00} \u{FB04} \u{FB05} \u{FB06}"
            ),
            "efficient flow of fish, ff ffl st st"
        );
    }
}
