//! PDF page layout, second half: lines in reading order → paragraphs, headings and the
//! short isolated lines of page margins (running headers, footers, page numbers), each
//! its own block.
//!
//! Within a column a new block starts at a change of font size, a vertical gap wider than
//! the document's usual line spacing, a first-line indentation, a bullet symbol, or after
//! a line that ends so early that the next line's first word would have fitted on it. A paragraph that runs
//! on from one column or page into the next (its last line is full, the next column's
//! first line is not indented) is joined across the break; the margin lines found between
//! the two parts (single lines above or below every paragraph of the document) follow
//! the joined paragraph.
//! Nothing is removed here: repeated margin lines are left for the boilerplate pass.

use super::pdf_layout::{median, Line};

/// A block of consecutive lines: a paragraph, a heading or an isolated line.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    /// The block's lines, with their layout.
    pub lines: Vec<Line>,
}

/// A vertical step wider than this multiple of the usual line spacing starts a paragraph.
const GAP: f64 = 1.3;
/// A line starting this share of its font size right of the column edge is indented.
const INDENT: f64 = 0.6;
/// A margin line is this many line steps outside the document's paragraphs.
const MARGIN: f64 = 1.2;
/// Symbols that start a list item.
const BULLETS: [char; 9] = ['•', '◦', '▪', '‣', '●', '■', '□', '►', '·'];
/// Assumed width of a space, as a share of the font size.
const SPACE: f64 = 0.35;

/// The document's usual baseline step, as a multiple of the font size.
fn line_spacing(lines: &[Line]) -> f64 {
    let steps: Vec<f64> = lines
        .windows(2)
        .filter(|p| p[0].page == p[1].page && p[0].column.id == p[1].column.id)
        .filter(|p| same_size(&p[0], &p[1]))
        .map(|p| (p[0].y - p[1].y) / p[1].size)
        .filter(|r| (0.5..3.0).contains(r))
        .collect();
    if steps.is_empty() {
        1.2
    } else {
        median(steps)
    }
}

fn same_size(a: &Line, b: &Line) -> bool {
    (a.size - b.size).abs() <= 0.1 * a.size.max(b.size)
}

fn indented(l: &Line) -> bool {
    l.x0 - l.column.left > INDENT * l.size
}

/// Whether `cur`'s first word would have fitted at the end of `prev` (so `prev` ended its
/// paragraph); a line ending in a hyphen was broken inside a word and never counts.
fn fits_after(prev: &Line, cur: &Line) -> bool {
    if prev.text.ends_with(['-', '\u{2010}']) {
        return false;
    }
    prev.x1 + SPACE * prev.size + cur.first_chunk < prev.column.right - 0.1 * prev.size
}

/// Whether `cur` (in the same column and page as `prev`) starts a new block; `next` is
/// the line after `cur` in the same column, if any.
fn starts_block(prev: &Line, cur: &Line, next: Option<&Line>, spacing: f64) -> bool {
    let step = prev.y - cur.y;
    let d = INDENT * cur.size;
    // a first-line indentation: the line after it returns to the left (a hanging
    // indentation, where it does not, continues an item)
    let first_line_indent =
        indented(cur) && cur.x0 > prev.x0 + d && next.is_none_or(|n| n.x0 < cur.x0 - d);
    !same_size(prev, cur)
        || step <= 0.0
        || step > GAP * spacing * prev.size.max(cur.size)
        || first_line_indent
        || cur.text.starts_with(BULLETS)
        || fits_after(prev, cur)
}

/// Whether `cur`, first line of a new column or page, continues `prev`'s paragraph.
fn continues(prev: &Line, cur: &Line) -> bool {
    let last = prev.text.chars().last().unwrap_or(' ');
    let first = cur.text.chars().next().unwrap_or(' ');
    let sentence_end = matches!(last, '.' | '!' | '?' | ':' | '…') && first.is_uppercase();
    same_size(prev, cur) && !indented(cur) && !fits_after(prev, cur) && !sentence_end
}

/// Groups `lines` (in reading order, all pages) into blocks in reading order.
pub fn blocks(lines: Vec<Line>) -> Vec<Block> {
    let spacing = line_spacing(&lines);
    let same_region = |a: &Line, b: &Line| a.page == b.page && a.column.id == b.column.id;
    let mut raw: Vec<Block> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let new = match raw.last().and_then(|b| b.lines.last()) {
            None => true,
            Some(prev) => {
                let next = lines.get(i + 1).filter(|n| same_region(line, n));
                !same_region(prev, line) || starts_block(prev, line, next, spacing)
            }
        };
        if new {
            raw.push(Block {
                lines: vec![line.clone()],
            });
        } else {
            raw.last_mut().expect("a block").lines.push(line.clone());
        }
    }
    let margin = margins(&raw, spacing);
    join_runs(raw, &margin)
}

/// Which blocks are page-margin lines: single-line blocks more than a line step above
/// the highest or below the lowest line of any multi-line block (paragraph) of the
/// document.
fn margins(blocks: &[Block], spacing: f64) -> Vec<bool> {
    let body = blocks
        .iter()
        .filter(|b| b.lines.len() > 1)
        .flat_map(|b| &b.lines);
    let top = body.clone().map(|l| l.y).fold(f64::NEG_INFINITY, f64::max);
    let bottom = body.map(|l| l.y).fold(f64::INFINITY, f64::min);
    blocks
        .iter()
        .map(|b| {
            let l = &b.lines[0];
            let step = MARGIN * spacing * l.size;
            b.lines.len() == 1 && (l.y > top + step || l.y < bottom - step)
        })
        .collect()
}

/// Joins paragraphs broken by a column or page break, moving the margin blocks found
/// between the two parts after the joined paragraph.
fn join_runs(raw: Vec<Block>, margin: &[bool]) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    // index in `out` of the last block that is not a margin block
    let mut body: Option<usize> = None;
    for (block, is_margin) in raw.into_iter().zip(margin.iter().copied()) {
        if is_margin {
            out.push(block);
            continue;
        }
        if let Some(b) = body {
            let prev = out[b].lines.last().expect("non-empty");
            let cur = &block.lines[0];
            let other_region = prev.page != cur.page || prev.column.id != cur.column.id;
            if other_region && continues(prev, cur) {
                let moved: Vec<Block> = out.drain(b + 1..).collect();
                out[b].lines.extend(block.lines);
                out.extend(moved);
                continue;
            }
        }
        out.push(block);
        body = Some(out.len() - 1);
    }
    out
}

#[cfg(test)]
#[path = "pdf_blocks_tests.rs"]
mod tests;
