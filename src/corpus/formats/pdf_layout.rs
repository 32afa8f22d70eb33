//! PDF page layout, first half: positioned glyphs → text lines in reading order.
//!
//! Glyphs are grouped into words by baseline and horizontal gaps, then the page is cut
//! recursively along whitespace (an "XY-cut"): a vertical gutter that runs through the
//! whole region splits it into columns (read left to right, each in full), otherwise the
//! widest horizontal gap splits it into bands (read top to bottom). What cannot be cut
//! further is one or more lines. [`super::pdf_blocks`] then groups lines into paragraphs.
//!
//! All coordinates are PDF user-space units (points), `y` growing upwards.

/// One glyph as drawn on a page.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    /// The glyph's text (usually one character; ligatures already decomposed);
    /// whitespace glyphs only mark word breaks.
    pub text: String,
    /// Left end of the glyph's origin on the baseline, in points.
    pub x: f64,
    /// Baseline, in points (upwards).
    pub y: f64,
    /// Advance width, in points.
    pub width: f64,
    /// Effective font size, in points.
    pub size: f64,
}

/// The glyphs of one page, in drawing order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageGlyphs {
    /// 1-based page number.
    pub number: u32,
    /// The page's glyphs.
    pub glyphs: Vec<Glyph>,
}

/// The horizontal extent of the column (or the whole page's text) a line belongs to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Column {
    /// Identifier, unique within a document.
    pub id: usize,
    /// Leftmost glyph edge of the column, in points.
    pub left: f64,
    /// Rightmost glyph edge of the column, in points.
    pub right: f64,
}

/// A line of text, in reading order.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// 1-based page.
    pub page: u32,
    /// The line's text, words separated by one space.
    pub text: String,
    /// Left edge, in points.
    pub x0: f64,
    /// Right edge, in points.
    pub x1: f64,
    /// Baseline, in points (upwards).
    pub y: f64,
    /// Font size (the median of the line's words), in points.
    pub size: f64,
    /// Width of the line's first breakable chunk (its first word, up to a hyphen), in points.
    pub first_chunk: f64,
    /// The column the line was found in.
    pub column: Column,
}

/// A word: glyphs on one baseline without a gap between them.
#[derive(Debug, Clone)]
struct Word {
    text: String,
    x0: f64,
    x1: f64,
    y: f64,
    size: f64,
    /// Right edge of the word's first chunk (up to and including a first hyphen).
    chunk_x1: f64,
}

impl Word {
    fn bottom(&self) -> f64 {
        self.y - 0.2 * self.size
    }
    fn top(&self) -> f64 {
        self.y + 0.7 * self.size
    }
}

/// A gap between glyphs wider than this share of the font size separates words.
pub const WORD_GAP: f64 = 0.15;
/// A vertical gutter at least this share of the page's usual font size separates columns.
const GUTTER: f64 = 0.75;
/// Baselines closer than this share of the font size are one line.
const SAME_BASELINE: f64 = 0.35;

/// The lines of `page` in reading order; column ids start at `*next_id` (which is advanced).
pub fn page_lines(page: &PageGlyphs, next_id: &mut usize) -> Vec<Line> {
    let words = words(&page.glyphs);
    if words.is_empty() {
        return Vec::new();
    }
    let m = median(words.iter().map(|w| w.size).collect());
    let root = new_column(&words, &(0..words.len()).collect::<Vec<_>>(), next_id);
    let mut out = Vec::new();
    let mut cx = Cut {
        words: &words,
        m,
        page: page.number,
        next_id,
        out: &mut out,
    };
    cx.cut((0..words.len()).collect(), root, 0);
    out
}

/// The median of `v` (0 when empty).
pub(crate) fn median(mut v: Vec<f64>) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn new_column(words: &[Word], idx: &[usize], next_id: &mut usize) -> Column {
    let left = idx
        .iter()
        .map(|&i| words[i].x0)
        .fold(f64::INFINITY, f64::min);
    let right = idx
        .iter()
        .map(|&i| words[i].x1)
        .fold(f64::NEG_INFINITY, f64::max);
    *next_id += 1;
    Column {
        id: *next_id,
        left,
        right,
    }
}

/// Groups glyphs into words: by baseline, then split at whitespace glyphs and wide gaps.
fn words(glyphs: &[Glyph]) -> Vec<Word> {
    let mut order: Vec<usize> = (0..glyphs.len())
        .filter(|&i| {
            let g = &glyphs[i];
            g.x.is_finite() && g.y.is_finite() && g.size.is_finite() && g.size > 0.0
        })
        .collect();
    order.sort_by(|&a, &b| glyphs[b].y.total_cmp(&glyphs[a].y));
    let mut words = Vec::new();
    let mut start = 0;
    while start < order.len() {
        let y0 = glyphs[order[start]].y;
        let tol = SAME_BASELINE * glyphs[order[start]].size;
        let mut end = start + 1;
        while end < order.len() && (y0 - glyphs[order[end]].y).abs() <= tol {
            end += 1;
        }
        let mut band: Vec<&Glyph> = order[start..end].iter().map(|&i| &glyphs[i]).collect();
        band.sort_by(|a, b| a.x.total_cmp(&b.x));
        split_words(&band, &mut words);
        start = end;
    }
    words
}

/// Splits one baseline's glyphs (sorted by x) into words.
fn split_words(band: &[&Glyph], out: &mut Vec<Word>) {
    let mut cur: Option<Word> = None;
    let mut sizes: Vec<f64> = Vec::new();
    let mut prev: Option<&Glyph> = None;
    for &g in band {
        let blank = g.text.chars().all(char::is_whitespace);
        let w = if g.width > 0.0 { g.width } else { 0.5 * g.size };
        if let (Some(p), Some(c)) = (prev, cur.as_ref()) {
            // a second drawing of the same glyph (simulated bold) is skipped
            if !blank && p.text == g.text && (g.x - p.x).abs() < 0.1 * g.size {
                continue;
            }
            let gap = g.x - c.x1;
            if blank || gap > WORD_GAP * g.size.max(c.size) {
                flush(&mut cur, &mut sizes, out);
            }
        }
        prev = Some(g);
        if blank {
            flush(&mut cur, &mut sizes, out);
            continue;
        }
        let c = cur.get_or_insert_with(|| Word {
            text: String::new(),
            x0: g.x,
            x1: g.x,
            y: g.y,
            size: g.size,
            chunk_x1: f64::NAN,
        });
        c.text.push_str(&g.text);
        c.x1 = c.x1.max(g.x + w);
        if c.chunk_x1.is_nan() && g.text.ends_with(['-', '\u{2010}', '\u{2013}', '\u{2014}']) {
            c.chunk_x1 = c.x1;
        }
        sizes.push(g.size);
    }
    flush(&mut cur, &mut sizes, out);
}

fn flush(cur: &mut Option<Word>, sizes: &mut Vec<f64>, out: &mut Vec<Word>) {
    if let Some(mut w) = cur.take() {
        w.size = median(std::mem::take(sizes));
        if w.chunk_x1.is_nan() {
            w.chunk_x1 = w.x1;
        }
        out.push(w);
    }
}

/// The recursive cut of one page.
struct Cut<'a> {
    words: &'a [Word],
    /// The page's usual font size.
    m: f64,
    page: u32,
    next_id: &'a mut usize,
    out: &'a mut Vec<Line>,
}

impl Cut<'_> {
    fn cut(&mut self, idx: Vec<usize>, col: Column, depth: usize) {
        if depth < 200 {
            if let Some(parts) = self.vertical_split(&idx) {
                for part in parts {
                    let c = new_column(self.words, &part, self.next_id);
                    self.cut(part, c, depth + 1);
                }
                return;
            }
            if let Some(parts) = self.horizontal_split(&idx) {
                for part in parts {
                    self.cut(part, col, depth + 1);
                }
                return;
            }
        }
        self.emit(idx, col);
    }

    /// Columns: groups separated by a vertical gutter through the whole region, each with
    /// at least two lines (a gap beside a single line is only a wide space).
    fn vertical_split(&self, idx: &[usize]) -> Option<Vec<Vec<usize>>> {
        let w = self.words;
        let mut order = idx.to_vec();
        order.sort_by(|&a, &b| w[a].x0.total_cmp(&w[b].x0));
        let mut groups: Vec<Vec<usize>> = vec![Vec::new()];
        let mut right = f64::NEG_INFINITY;
        for &i in &order {
            if !groups[0].is_empty() && w[i].x0 - right >= GUTTER * self.m {
                groups.push(Vec::new());
            }
            right = right.max(w[i].x1);
            groups.last_mut().expect("non-empty").push(i);
        }
        // a group of fewer than two lines is merged into its left neighbour
        let mut merged: Vec<(Vec<usize>, Lines)> = Vec::new();
        for g in groups {
            let lines = Lines::of(w, &g);
            match merged.last_mut() {
                Some((last, n)) if n.count < 2 || lines.count < 2 => {
                    last.extend(g);
                    *n = n.union(lines, w);
                }
                _ => merged.push((g, lines)),
            }
        }
        if merged.len() >= 2 && merged[0].1.count < 2 {
            let (first, _) = merged.remove(0);
            merged[0].0.extend(first);
        }
        let merged: Vec<Vec<usize>> = merged.into_iter().map(|(g, _)| g).collect();
        (merged.len() >= 2).then_some(merged)
    }

    /// Bands: the region cut at its widest horizontal gap(s), top to bottom.
    fn horizontal_split(&self, idx: &[usize]) -> Option<Vec<Vec<usize>>> {
        let w = self.words;
        let mut order = idx.to_vec();
        order.sort_by(|&a, &b| w[b].top().total_cmp(&w[a].top()));
        let mut gaps: Vec<(usize, f64)> = Vec::new();
        let mut bottom = f64::INFINITY;
        for (k, &i) in order.iter().enumerate() {
            if k > 0 && w[i].top() < bottom {
                gaps.push((k, bottom - w[i].top()));
            }
            bottom = bottom.min(w[i].bottom());
        }
        let widest = gaps.iter().map(|g| g.1).fold(0.0, f64::max);
        if gaps.is_empty() {
            return None;
        }
        let mut parts = Vec::new();
        let mut start = 0;
        for &(k, gap) in &gaps {
            if gap >= widest - 0.05 * self.m {
                parts.push(order[start..k].to_vec());
                start = k;
            }
        }
        parts.push(order[start..].to_vec());
        Some(parts)
    }

    /// Lines of a region that cannot be cut: words grouped by baseline, left to right.
    fn emit(&mut self, mut idx: Vec<usize>, col: Column) {
        let w = self.words;
        idx.sort_by(|&a, &b| w[b].y.total_cmp(&w[a].y));
        let mut start = 0;
        while start < idx.len() {
            let first = &w[idx[start]];
            let mut end = start + 1;
            while end < idx.len() && (first.y - w[idx[end]].y).abs() <= SAME_BASELINE * first.size {
                end += 1;
            }
            let mut line: Vec<&Word> = idx[start..end].iter().map(|&i| &w[i]).collect();
            line.sort_by(|a, b| a.x0.total_cmp(&b.x0));
            self.out.push(Line {
                page: self.page,
                text: line
                    .iter()
                    .map(|w| w.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" "),
                x0: line[0].x0,
                x1: line.iter().map(|w| w.x1).fold(f64::NEG_INFINITY, f64::max),
                y: median(line.iter().map(|w| w.y).collect()),
                size: median(line.iter().map(|w| w.size).collect()),
                first_chunk: line[0].chunk_x1 - line[0].x0,
                column: col,
            });
            start = end;
        }
    }
}

/// How many distinct baselines a group of words is on, counted up to 2.
#[derive(Debug, Clone, Copy)]
struct Lines {
    count: usize,
    /// A word of the group (the one on its only baseline when `count` is 1).
    word: usize,
}

impl Lines {
    fn of(w: &[Word], idx: &[usize]) -> Lines {
        let first = idx[0];
        let other = idx.iter().any(|&i| !same_line(&w[first], &w[i]));
        Lines {
            count: if other { 2 } else { 1 },
            word: first,
        }
    }

    fn union(self, other: Lines, w: &[Word]) -> Lines {
        let two = self.count >= 2 || other.count >= 2 || !same_line(&w[self.word], &w[other.word]);
        Lines {
            count: if two { 2 } else { 1 },
            word: self.word,
        }
    }
}

fn same_line(a: &Word, b: &Word) -> bool {
    (a.y - b.y).abs() <= SAME_BASELINE * a.size.max(b.size)
}

#[cfg(test)]
#[path = "pdf_layout_tests.rs"]
mod tests;
