//! Collects the positioned glyphs of a PDF's pages from `pdf-extract`'s content-stream
//! interpreter (which resolves fonts, encodings and `ToUnicode` maps), decomposing
//! typographic ligatures on the way.

use super::pdf_layout::{Glyph, PageGlyphs, WORD_GAP};
use pdf_extract::{MediaBox, OutputDev, OutputError, Transform};
use std::time::{Duration, Instant};

/// At most this many glyphs are collected from one document.
pub const MAX_GLYPHS: usize = 20_000_000;
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
    count: usize,
    started: Instant,
}

impl Collector {
    /// An empty collector; the time budget starts now.
    pub fn new() -> Collector {
        Collector {
            pages: Vec::new(),
            exceeded: None,
            count: 0,
            started: Instant::now(),
        }
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
        if let Some(page) = self.pages.last_mut() {
            page.glyphs.push(glyph);
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
