//! Paragraph splitting: blocks at blank lines, short blocks (headings) folded.

use super::{SegmentConfig, SegmentUnit};

/// A paragraph unit before it is attached to a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// 1-based line where the block starts.
    pub line: usize,
    /// The block's text, lines joined with `\n`.
    pub text: String,
    /// How many blocks of the file (runs of non-blank lines) start in this unit: 1 plus
    /// the headings folded into it; 0 for the second and later pieces of a unit cut by
    /// `segment.max_words`.
    pub blocks: usize,
}

/// Splits `text` into paragraph units.
///
/// Blocks are runs of non-blank lines (a blank line is empty or white space only,
/// NBSP included). CRLF and CR line endings split exactly like LF. A block with fewer
/// than `min_words` words is a heading: it is folded into the next block, or into the
/// previous one when it ends the text. A unit longer than `max_words` words (or
/// `max_words` × [`BYTES_PER_WORD`] bytes) is then cut into pieces. Nothing is lost:
/// the units, concatenated, are the text up to white space.
///
/// With `segment.unit = "line"` every non-blank line is a unit (no folding; long lines
/// are cut); with `"document"` the whole text is one unit (its blocks joined by a blank
/// line, never cut).
///
/// Runs in time and memory linear in the text, whatever its shape.
pub fn split_units(text: &str, config: &SegmentConfig) -> Vec<Block> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let units = match config.unit {
        SegmentUnit::Paragraph => fold_headings(blocks(text), config),
        SegmentUnit::Line => line_blocks(text).into_iter().map(Folded::new).collect(),
        SegmentUnit::Document => return whole_document(blocks(text)),
    };
    if config.max_words == 0 {
        return units.into_iter().map(|u| u.block).collect();
    }
    let mut out = Vec::with_capacity(units.len());
    for unit in units {
        cut_long(unit, config.max_words, &mut out);
    }
    out
}

/// The blocks of `text`: runs of non-blank lines, joined with `\n`.
fn blocks(text: &str) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    // the block being read: its first line's number, and its lines' byte range in
    // `text` (lines joined by exactly one `\n` are that range of the text: copied at
    // once, not line by line)
    // and whether a line ending other than `\n` falls inside it
    let mut current: Option<(usize, usize, usize, bool)> = None;
    let offset = |line: &str| line.as_ptr() as usize - text.as_ptr() as usize;
    let block = |(first, start, end, other_endings): (usize, usize, usize, bool)| {
        let range = &text[start..end];
        let text = if other_endings {
            lines(range).collect::<Vec<_>>().join("\n")
        } else {
            range.to_string()
        };
        Block {
            line: first,
            text,
            blocks: 1,
        }
    };
    for (i, line) in lines(text).enumerate() {
        if line.trim().is_empty() {
            if let Some(b) = current.take() {
                blocks.push(block(b));
            }
        } else {
            let end = offset(line) + line.len();
            match current.as_mut() {
                Some(b) => {
                    b.3 |= text.as_bytes()[b.2] == b'\r';
                    b.2 = end;
                }
                None => current = Some((i + 1, offset(line), end, false)),
            }
        }
    }
    if let Some(b) = current.take() {
        blocks.push(block(b));
    }
    blocks
}

/// Every non-blank line of `text` as a block of its own.
fn line_blocks(text: &str) -> Vec<Block> {
    lines(text)
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(i, line)| Block {
            line: i + 1,
            text: line.to_string(),
            blocks: 1,
        })
        .collect()
}

/// All `blocks` as one unit, joined by a blank line (none for a text without any).
fn whole_document(blocks: Vec<Block>) -> Vec<Block> {
    let mut blocks = blocks.into_iter();
    let Some(first) = blocks.next() else {
        return Vec::new();
    };
    let mut unit = Folded::new(first);
    for b in blocks {
        unit.append(Folded::new(b));
    }
    vec![unit.block]
}

/// Bytes allowed per word of `segment.max_words` before a unit is cut anyway (a run of
/// text without white space, such as an embedded binary dump).
pub const BYTES_PER_WORD: usize = 32;

/// Pushes `block` onto `out`, cut into pieces of at most `max_words` words and
/// `max_words × BYTES_PER_WORD` bytes, each ending after a sentence when one ends in
/// the second half of the piece, else after a word, else (one enormous word) at a
/// character boundary. The white space between pieces is dropped.
fn cut_long(unit: Folded, max_words: usize, out: &mut Vec<Block>) {
    let Folded { block, joins } = unit;
    let max_bytes = max_words.saturating_mul(BYTES_PER_WORD);
    // a word and the white space after it take 2 bytes or more: short texts cannot
    // have more than max_words words, so they skip the word count
    let few_words = |t: &str| {
        t.len() < 2 * max_words
            || max_words_bound(t) <= max_words
            || count_words(t, max_words + 1) <= max_words
    };
    if block.text.len() <= max_bytes && few_words(&block.text) {
        out.push(block);
        return;
    }
    let text = block.text.as_str();
    let mut joins = joins.into_iter().peekable();
    // a known (offset, line) at or before the piece being cut
    let (mut pos, mut line) = (0, block.line);
    let mut start = 0;
    while start < text.len() {
        while let Some((offset, join_line)) = joins.next_if(|&(o, _)| o <= start) {
            (pos, line) = (offset, join_line);
        }
        line += text[pos..start].matches('\n').count();
        pos = start;
        let rest = &text[start..];
        let cut = cut_point(rest, max_words, max_bytes);
        out.push(Block {
            line,
            text: rest[..cut].to_string(),
            blocks: if start == 0 { block.blocks } else { 0 },
        });
        let skipped = rest[cut..].len() - rest[cut..].trim_start().len();
        start += cut + skipped;
    }
}

/// Length of the first piece of `rest` (which starts with a non-space character).
fn cut_point(rest: &str, max_words: usize, max_bytes: usize) -> usize {
    let mut words = 0;
    let mut in_word = false;
    let mut last_word_end = None;
    let mut last_sentence_end = None;
    for (i, c) in rest.char_indices() {
        if i + c.len_utf8() > max_bytes {
            break;
        }
        if c.is_whitespace() {
            if in_word {
                in_word = false;
                last_word_end = Some(i);
                if words * 2 >= max_words && ends_sentence(&rest[..i]) {
                    last_sentence_end = Some(i);
                }
                if words == max_words {
                    break;
                }
            }
        } else if !in_word {
            in_word = true;
            words += 1;
        }
    }
    if rest.len() <= max_bytes && (words < max_words || (words == max_words && in_word)) {
        return rest.len();
    }
    last_sentence_end
        .or(last_word_end)
        .unwrap_or_else(|| floor_char_boundary(rest, max_bytes))
}

/// True if `text` ends like a sentence: `.`, `!` or `?`, perhaps followed by a closing
/// quote or bracket.
fn ends_sentence(text: &str) -> bool {
    let t = text.trim_end_matches(['"', '\'', '\u{201d}', '\u{2019}', ')']);
    t.ends_with(['.', '!', '?'])
}

/// The largest character boundary of `s` at or below `at`, but at least one character.
fn floor_char_boundary(s: &str, at: usize) -> usize {
    let mut i = at.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    if i == 0 {
        s.chars().next().map_or(0, char::len_utf8)
    } else {
        i
    }
}

/// True if a block reads as a heading rather than a paragraph.
pub fn is_heading(text: &str, config: &SegmentConfig) -> bool {
    // the cheap tests first: most blocks are paragraphs of many words that end like a
    // sentence, decided after counting `min_words` words and looking at the end
    if count_words(text, config.min_words) < config.min_words {
        return true;
    }
    let ends_like_sentence = text.trim_end().ends_with([
        '.', '!', '?', ':', ';', '"', '\'', '\u{201d}', '\u{2019}', ')',
    ]);
    !ends_like_sentence
        && count_words(text, config.heading_max_words + 1) <= config.heading_max_words
        && !text.contains('\n')
}

/// `text.split_whitespace().take(cap).count()`, 64 bytes at a time: windows of ASCII
/// count word starts without branches; in the others each character is decoded (only
/// non-ASCII characters can be the Unicode white space `char::is_whitespace` knows).
/// Stops within a window of `cap` words.
fn count_words(text: &str, cap: usize) -> usize {
    const WINDOW: usize = 64;
    // what char::is_whitespace says for ASCII
    let ascii_space = |b: u8| matches!(b, b' ' | b'\t'..=b'\r');
    let bytes = text.as_bytes();
    let (mut words, mut prev_space, mut i) = (0usize, true, 0usize);
    while i < bytes.len() && words < cap {
        let end = (i + WINDOW).min(bytes.len());
        if bytes[i..end].is_ascii() {
            for &b in &bytes[i..end] {
                let space = ascii_space(b);
                words += usize::from(prev_space & !space);
                prev_space = space;
            }
            i = end;
        } else {
            // `i` is a char boundary: windows end at one, or run on to the end of a char
            while i < end {
                let b = bytes[i];
                let (space, len) = if b.is_ascii() {
                    (ascii_space(b), 1)
                } else {
                    let c = text[i..].chars().next().expect("i is a char boundary");
                    (c.is_whitespace(), c.len_utf8())
                };
                words += usize::from(prev_space & !space);
                prev_space = space;
                i += len;
            }
        }
    }
    words.min(cap)
}

/// An upper bound on the number of words of `text`, in one branch-free pass: every word
/// but the first follows a white-space character, and every white-space character is an
/// ASCII one or holds one of the lead bytes 0xC2, 0xE1, 0xE2, 0xE3 (U+0085, U+00A0,
/// U+1680, U+2000–U+3000).
fn max_words_bound(text: &str) -> usize {
    1 + text
        .bytes()
        .map(|b| usize::from(matches!(b, b' ' | b'\t'..=b'\r' | 0xC2 | 0xE1..=0xE3)))
        .sum::<usize>()
}

/// Lines split at `\r\n`, `\n` or a lone `\r`.
fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let s = rest?;
        match memchr::memchr2(b'\n', b'\r', s.as_bytes()) {
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

/// A unit being built: its block, and where each block folded into it starts (byte
/// offset in its text, line in the file), since the `\n\n` that joins them hides how many
/// blank lines there were.
struct Folded {
    block: Block,
    joins: Vec<(usize, usize)>,
}

impl Folded {
    fn new(block: Block) -> Self {
        Folded {
            block,
            joins: Vec::new(),
        }
    }

    /// Appends `other` after a blank line.
    fn append(&mut self, other: Folded) {
        self.block.text.push_str("\n\n");
        let base = self.block.text.len();
        self.joins.push((base, other.block.line));
        self.joins
            .extend(other.joins.into_iter().map(|(o, l)| (base + o, l)));
        self.block.text.push_str(&other.block.text);
        self.block.blocks += other.block.blocks;
    }
}

fn fold_headings(blocks: Vec<Block>, config: &SegmentConfig) -> Vec<Folded> {
    let mut units: Vec<Folded> = Vec::with_capacity(blocks.len());
    let mut pending: Option<Folded> = None;
    for block in blocks {
        let short = is_heading(&block.text, config);
        let block = match pending.take() {
            Some(mut p) => {
                p.append(Folded::new(block));
                p
            }
            None => Folded::new(block),
        };
        if short {
            pending = Some(block);
        } else {
            units.push(block);
        }
    }
    if let Some(p) = pending {
        match units.last_mut() {
            Some(last) => last.append(p),
            None => units.push(p),
        }
    }
    units
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_are_non_blank_lines_joined_by_newlines() {
        // the blocks line by line, the obvious way
        fn reference(text: &str) -> Vec<(usize, String)> {
            let mut out: Vec<(usize, String)> = Vec::new();
            let mut current: Option<(usize, String)> = None;
            for (i, line) in lines(text).enumerate() {
                if line.trim().is_empty() {
                    out.extend(current.take());
                } else if let Some((_, t)) = current.as_mut() {
                    t.push('\n');
                    t.push_str(line);
                } else {
                    current = Some((i + 1, line.to_string()));
                }
            }
            out.extend(current);
            out
        }
        let alphabet = [
            "a", "word", " ", "\n", "\r\n", "\r", "\n\n", " \n", "\u{a0}\n", "\r\r", "\t", "é",
        ];
        let mut state = 0x2545_f491_u32;
        for _ in 0..3000 {
            let mut t = String::new();
            state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            for _ in 0..(state >> 26) {
                state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                t.push_str(alphabet[(state >> 16) as usize % alphabet.len()]);
            }
            let got: Vec<(usize, String)> =
                blocks(&t).into_iter().map(|b| (b.line, b.text)).collect();
            assert_eq!(got, reference(&t), "{t:?}");
        }
    }

    #[test]
    fn count_words_matches_split_whitespace_on_random_text() {
        let alphabet = [
            "a",
            "b",
            " ",
            "  ",
            "\n",
            "\t",
            "\u{a0}",
            "\u{2003}",
            "\u{e9}",
            "\u{2019}",
            "x",
            "\u{3000}",
            "\u{1f600}",
            "\u{85}",
            "\r\n",
            "word",
        ];
        let mut state = 0x9e37_79b9_u32;
        for _ in 0..2000 {
            let mut t = String::new();
            state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            let len = (state >> 24) as usize * 2;
            for _ in 0..len {
                state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                t.push_str(alphabet[(state >> 28) as usize]);
            }
            let all = t.split_whitespace().count();
            assert!(max_words_bound(&t) >= all, "{t:?}");
            for cap in [0, 1, 7, 16, all.saturating_sub(1), all, all + 1, usize::MAX] {
                assert_eq!(count_words(&t, cap), all.min(cap), "{t:?} cap {cap}");
            }
        }
    }

    #[test]
    fn count_words_counts_like_split_whitespace() {
        let texts = [
            "",
            "   ",
            "one",
            " one  two\tthree\nfour\r\nfive\x0bsix\x0cseven ",
            "commuting\u{a0}more\u{2003}affordable\u{85}homes\u{3000}now",
            "x\u{1c}y\u{1f}z caf\u{e9} \u{201c}quoted\u{201d}",
            "\u{2028}\u{2029}a\u{202f}b\u{205f}c\u{1680}d",
        ];
        let long_ascii = "Policing  in\tLondon.\r\n".repeat(40);
        let long_mixed = format!("{long_ascii}\u{a0}caf\u{e9}");
        let texts = texts
            .iter()
            .copied()
            .chain([long_ascii.as_str(), long_mixed.as_str()]);
        for t in texts {
            for cap in [0, 1, 2, 3, 5, 9, 119, 120, 121, 1000] {
                assert_eq!(
                    count_words(t, cap),
                    t.split_whitespace().take(cap).count(),
                    "{t:?} cap {cap}"
                );
                assert!(max_words_bound(t) >= t.split_whitespace().count(), "{t:?}");
            }
        }
    }

    fn split(text: &str, min_words: usize) -> Vec<Block> {
        split_units(
            text,
            &SegmentConfig {
                min_words,
                heading_max_words: 0,
                max_words: 0,
                ..Default::default()
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
    fn a_heading_has_at_most_heading_max_words_words() {
        let cfg = SegmentConfig {
            min_words: 3,
            heading_max_words: 5,
            max_words: 0,
            ..Default::default()
        };
        // one line without a sentence ending: 5 words is a heading, 6 is not
        assert!(is_heading("Housing and rent in London", &cfg));
        assert!(!is_heading("Housing and rent in greater London", &cfg));
        // fewer than min_words words is a heading whatever its ending; min_words is not
        assert!(is_heading("Rent rises.", &cfg));
        assert!(!is_heading("Rents rise again.", &cfg));
        // a heading of exactly 5 words is folded into the next block; 6 words stand alone
        let body = "Rents rose again across every borough of London this year.";
        let five = split_units(&format!("Housing and rent in London\n\n{body}\n"), &cfg);
        assert_eq!(five.len(), 1);
        assert_eq!(
            five[0].text,
            format!("Housing and rent in London\n\n{body}")
        );
        let six = split_units(
            &format!("Housing and rent in greater London\n\n{body}\n"),
            &cfg,
        );
        assert_eq!(six.len(), 2, "{six:?}");
        assert_eq!((six[0].line, six[1].line), (1, 3));
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

    /// Splits `text` with only `max_words` set, failing (instead of hanging) if that
    /// takes more than 5 seconds.
    fn cut(text: &str, max_words: usize) -> Vec<Block> {
        let text = text.to_string();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let config = SegmentConfig {
                min_words: 0,
                heading_max_words: 0,
                max_words,
                ..Default::default()
            };
            let _ = tx.send(split_units(&text, &config));
        });
        rx.recv_timeout(std::time::Duration::from_secs(5))
            .expect("splitting did not finish")
    }

    fn texts(blocks: &[Block]) -> Vec<&str> {
        blocks.iter().map(|b| b.text.as_str()).collect()
    }

    #[test]
    fn a_piece_ends_at_the_last_word_that_fits_in_the_byte_limit() {
        // max_words 10: at most 320 bytes a piece
        let (a, b) = ("a".repeat(319), "b".repeat(309));
        // a word ending at byte 319, its space at 319: the space is inside the limit
        assert_eq!(texts(&cut(&format!("{a} b"), 10)), [a.as_str(), "b"]);
        // a space at byte 320 is past the limit: the piece ends after the first word
        let text = format!("aaaaaaaaaa {b} c");
        assert_eq!(
            texts(&cut(&text, 10)),
            ["aaaaaaaaaa", format!("{b} c").as_str()]
        );
    }

    #[test]
    fn long_blocks_are_cut_after_sentences() {
        let text = "one two three. four five six seven eight nine ten eleven twelve. a b c";
        let u = cut(text, 10);
        let texts: Vec<&str> = u.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "one two three. four five six seven eight nine ten",
                "eleven twelve. a b c"
            ]
        );
        let u = cut("a b c d e f. g h i j k l", 10);
        assert_eq!(u[0].text, "a b c d e f.");
        assert_eq!(u[1].text, "g h i j k l");
    }

    #[test]
    fn cut_pieces_keep_their_line_numbers() {
        let text = (1..=25)
            .map(|i| format!("w{i}"))
            .collect::<Vec<_>>()
            .join("\n");
        let u = cut(&text, 10);
        assert_eq!(u.len(), 3);
        assert_eq!(u.iter().map(|b| b.line).collect::<Vec<_>>(), [1, 11, 21]);
        assert!(u[2].text.starts_with("w21"));
    }

    #[test]
    fn cut_pieces_in_trailing_headings_keep_their_line_numbers() {
        // a paragraph of 10 words, then six two-word headings two blank lines apart
        // (lines 3, 6, 9, 12, 15, 18): folded into the paragraph, then cut into 10 words,
        // the five headings of lines 3 to 15, and the last heading
        let headings: Vec<String> = (1..=6).map(|k| format!("p{k} q{k}")).collect();
        let text = format!(
            "w1 w2 w3 w4 w5 w6 w7 w8 w9 w10\n\n{}\n",
            headings.join("\n\n\n")
        );
        let cfg = SegmentConfig {
            min_words: 3,
            heading_max_words: 0,
            max_words: 10,
            ..Default::default()
        };
        let u = split_units(&text, &cfg);
        let got: Vec<(usize, &str)> = u.iter().map(|b| (b.line, b.text.as_str())).collect();
        let five = headings[..5].join("\n\n");
        assert_eq!(
            got,
            [
                (1, "w1 w2 w3 w4 w5 w6 w7 w8 w9 w10"),
                (3, five.as_str()),
                (18, "p6 q6")
            ]
        );
    }

    #[test]
    fn cut_pieces_count_the_blank_lines_hidden_by_folding() {
        let text = "a b\n\n\n\n\nc d e f g h i j k l m n o\n";
        let cfg = SegmentConfig {
            min_words: 3,
            heading_max_words: 0,
            max_words: 10,
            ..Default::default()
        };
        let u = split_units(text, &cfg);
        assert_eq!(u.len(), 2);
        assert_eq!((u[0].line, u[1].line), (1, 6));
        assert!(u[1].text.starts_with('k'));
    }

    #[test]
    fn one_enormous_word_is_cut_at_char_boundaries() {
        let word = "é".repeat(1000);
        let u = cut(&word, 10);
        assert!(u.iter().all(|b| b.text.len() <= 10 * BYTES_PER_WORD));
        assert_eq!(u.iter().map(|b| b.text.as_str()).collect::<String>(), word);
    }

    #[test]
    fn exactly_max_words_is_one_piece() {
        assert_eq!(cut("a b c d e f g h i j", 10).len(), 1);
        assert_eq!(cut("a b c d e f g h i j k", 10).len(), 2);
        // also when it is what is left after a cut
        let words: Vec<String> = (1..=20).map(|i| format!("w{i}")).collect();
        assert_eq!(
            texts(&cut(&words.join(" "), 10)),
            [words[..10].join(" "), words[10..].join(" ")]
        );
    }

    #[test]
    fn one_enormous_word_of_three_byte_characters_is_cut_below_the_byte_limit() {
        // 500 × "€" (3 bytes): the limit of 320 bytes falls inside a character, so each
        // piece ends at 318 bytes
        let word = "€".repeat(500);
        let lens: Vec<usize> = cut(&word, 10).iter().map(|b| b.text.len()).collect();
        assert_eq!(lens, [318, 318, 318, 318, 228]);
        // at least one character, however small the limit
        assert_eq!(floor_char_boundary("€uro", 2), 3);
        assert_eq!(floor_char_boundary("€uro", 4), 4);
        assert_eq!(floor_char_boundary("€uro", 99), 6);
    }

    fn with_unit(unit: SegmentUnit, max_words: usize) -> SegmentConfig {
        SegmentConfig {
            unit,
            max_words,
            ..Default::default()
        }
    }

    #[test]
    fn every_non_blank_line_is_a_unit_of_its_own() {
        let text = "Answers

Rents too high
More homes.
  

 Fix the damp
";
        let u = split_units(text, &with_unit(SegmentUnit::Line, 1000));
        let got: Vec<(usize, &str, usize)> = u
            .iter()
            .map(|b| (b.line, b.text.as_str(), b.blocks))
            .collect();
        assert_eq!(
            got,
            [
                (1, "Answers", 1),
                (3, "Rents too high", 1),
                (4, "More homes.", 1),
                (7, " Fix the damp", 1)
            ]
        );
        // long lines are still cut
        let long = "word ".repeat(25);
        let u = split_units(&long, &with_unit(SegmentUnit::Line, 10));
        assert_eq!(u.iter().map(|b| b.blocks).collect::<Vec<_>>(), [1, 0, 0]);
    }

    #[test]
    fn a_document_is_one_unit_never_cut() {
        let long = "word ".repeat(50);
        let text = format!("\n\nTitle\n\n\n{long}\nmore\n\nEnd\n");
        let u = split_units(&text, &with_unit(SegmentUnit::Document, 10));
        assert_eq!(u.len(), 1);
        assert_eq!(u[0].line, 3);
        assert_eq!(u[0].blocks, 3);
        assert_eq!(u[0].text, format!("Title\n\n{long}\nmore\n\nEnd"));
        assert!(split_units(" \n\n", &with_unit(SegmentUnit::Document, 0)).is_empty());
    }

    #[test]
    fn only_short_blocks_make_one_unit() {
        let u = split("Heading\n\nAnother\n", 8);
        assert_eq!(u.len(), 1);
        assert_eq!(u[0].text, "Heading\n\nAnother");
        assert!(split("  \n\n", 8).is_empty());
    }
}
