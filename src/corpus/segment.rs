//! Paragraph splitting: blocks at blank lines, short blocks (headings) folded.

use super::SegmentConfig;

/// A paragraph unit before it is attached to a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// 1-based line where the block starts.
    pub line: usize,
    /// The block's text, lines joined with `\n`.
    pub text: String,
}

/// Splits `text` into paragraph units.
///
/// Blocks are runs of non-blank lines (a blank line is empty or white space only,
/// NBSP included). CRLF and CR line endings split exactly like LF. A block with fewer
/// than `min_words` words is a heading: it is folded into the next block, or into the
/// previous one when it ends the text. Nothing is lost: every non-blank line of the
/// input is in exactly one unit.
pub fn split_units(text: &str, config: &SegmentConfig) -> Vec<Block> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut blocks: Vec<Block> = Vec::new();
    let mut current: Option<Block> = None;
    for (i, line) in lines(text).enumerate() {
        if line.trim().is_empty() {
            if let Some(b) = current.take() {
                blocks.push(b);
            }
        } else {
            match current.as_mut() {
                Some(b) => {
                    b.text.push('\n');
                    b.text.push_str(line);
                }
                None => {
                    current = Some(Block {
                        line: i + 1,
                        text: line.to_string(),
                    })
                }
            }
        }
    }
    if let Some(b) = current.take() {
        blocks.push(b);
    }
    fold_headings(blocks, config)
}

/// True if a block reads as a heading rather than a paragraph.
pub fn is_heading(text: &str, config: &SegmentConfig) -> bool {
    let words = text.split_whitespace().count();
    if words < config.min_words {
        return true;
    }
    let single_line = !text.contains('\n');
    let ends_like_sentence = text.trim_end().ends_with([
        '.', '!', '?', ':', ';', '"', '\'', '\u{201d}', '\u{2019}', ')',
    ]);
    single_line && words <= config.heading_max_words && !ends_like_sentence
}

/// Lines split at `\r\n`, `\n` or a lone `\r`.
fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let s = rest?;
        match s.find(['\n', '\r']) {
            Some(pos) => {
                let skip = if s[pos..].starts_with("\r\n") { 2 } else { 1 };
                rest = Some(&s[pos + skip..]);
                Some(&s[..pos])
            }
            None => {
                rest = None;
                Some(s)
            }
        }
    })
}

fn fold_headings(blocks: Vec<Block>, config: &SegmentConfig) -> Vec<Block> {
    let mut units: Vec<Block> = Vec::with_capacity(blocks.len());
    let mut pending: Option<Block> = None;
    for block in blocks {
        let short = is_heading(&block.text, config);
        let block = match pending.take() {
            Some(mut p) => {
                p.text.push_str("\n\n");
                p.text.push_str(&block.text);
                p
            }
            None => block,
        };
        if short {
            pending = Some(block);
        } else {
            units.push(block);
        }
    }
    if let Some(p) = pending {
        match units.last_mut() {
            Some(last) => {
                last.text.push_str("\n\n");
                last.text.push_str(&p.text);
            }
            None => units.push(p),
        }
    }
    units
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str, min_words: usize) -> Vec<Block> {
        split_units(
            text,
            &SegmentConfig {
                min_words,
                heading_max_words: 0,
            },
        )
    }

    #[test]
    fn long_unpunctuated_single_line_is_a_heading() {
        let cfg = SegmentConfig::default();
        assert!(is_heading(
            "Reforming the police and ensuring trust and confidence in our emergency services",
            &cfg
        ));
        assert!(!is_heading(
            "Keeping Londoners safe has been and will continue to be my top priority as Mayor.",
            &cfg
        ));
        assert!(!is_heading(
            "one two three four five six seven eight\nnine ten",
            &cfg
        ));
    }

    #[test]
    fn headings_fold_forward_and_trailing_backward() {
        let t = "Title here\n\none two three four five\n\nshort end\n";
        let u = split(t, 4);
        assert_eq!(u.len(), 1);
        assert_eq!(
            u[0].text,
            "Title here\n\none two three four five\n\nshort end"
        );
        assert_eq!(u[0].line, 1);
    }

    #[test]
    fn crlf_and_cr_split_like_lf() {
        let lf = split("a b c\n\nd e f\n", 0);
        let crlf = split("a b c\r\n\r\nd e f\r\n", 0);
        let cr = split("a b c\r\rd e f\r", 0);
        assert_eq!(lf, crlf);
        assert_eq!(lf, cr);
        assert_eq!(lf[1].line, 3);
    }

    #[test]
    fn nbsp_only_line_is_blank_and_bom_dropped() {
        let u = split("\u{feff}one\n\u{a0}\ntwo\n", 0);
        assert_eq!(u.len(), 2);
        assert_eq!(u[0].text, "one");
    }

    #[test]
    fn only_short_blocks_make_one_unit() {
        let u = split("Heading\n\nAnother\n", 8);
        assert_eq!(u.len(), 1);
        assert_eq!(u[0].text, "Heading\n\nAnother");
        assert!(split("  \n\n", 8).is_empty());
    }
}
