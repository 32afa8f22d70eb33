//! Word tokenizer: Unicode word boundaries (UAX #29), hyphenated compounds kept whole.

use unicode_segmentation::UnicodeSegmentation;

/// Splits normalised text into words.
///
/// Words follow Unicode word boundaries, so `I've` and `London's` stay one word. With
/// `split_hyphens = false`, words joined by a single hyphen (`co-operative`) are one token.
///
/// ```
/// use paratopic::text::tokenize;
/// assert_eq!(tokenize("Co-operative housing, isn't it?", false), ["Co-operative", "housing", "isn't", "it"]);
/// assert_eq!(tokenize("co-operative", true), ["co", "operative"]);
/// ```
pub fn tokenize(text: &str, split_hyphens: bool) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    let mut last: Option<(usize, usize)> = None; // byte span of the last token
    for (start, word) in words(text) {
        let end = start + word.len();
        if !split_hyphens {
            if let Some((ls, le)) = last {
                let gap = &text[le..start];
                if gap.chars().count() == 1 && gap.starts_with(HYPHENS) {
                    out.pop();
                    out.push(&text[ls..end]);
                    last = Some((ls, end));
                    continue;
                }
            }
        }
        out.push(word);
        last = Some((start, end));
    }
    out
}

/// The hyphens that join compounds (`co-operative`).
const HYPHENS: [char; 3] = ['-', '\u{2010}', '\u{2011}'];

/// UAX #29 words, cut at white space and hyphens. UAX #29 glues a combining mark to
/// whatever precedes it, so `" \u{301}x"` or `"-\u{301}"` would otherwise be "words"
/// holding a separator.
fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.unicode_word_indices().flat_map(|(start, word)| {
        word.split(|c: char| c.is_whitespace() || HYPHENS.contains(&c))
            .filter(|piece| piece.chars().any(char::is_alphanumeric))
            // `piece` is a slice of `word`: its offset is the pointer difference
            .map(move |piece| {
                (
                    start + (piece.as_ptr() as usize - word.as_ptr() as usize),
                    piece,
                )
            })
    })
}

/// Calls `emit` with each word of `text` exactly as [`tokenize`] would return it (same
/// order, same slices), without building a `Vec`.
///
/// ASCII text is scanned byte by byte with the ASCII subset of the UAX #29 word rules
/// (see `ascii_words`); only the stretches around non-ASCII characters, from one ASCII
/// white space to the next, are normalised ([`normalize_cow`](super::normalize_cow)) and
/// go through [`tokenize`] (see `ascii_piece` for why this cut is exact). `emit`
/// therefore always sees normalised words.
///
/// ```
/// use paratopic::text::for_each_word;
/// let mut words = Vec::new();
/// for_each_word("Co-operative housing, isn't it?", false, |w| words.push(w.to_string()));
/// assert_eq!(words, ["Co-operative", "housing", "isn't", "it"]);
/// ```
pub fn for_each_word(text: &str, split_hyphens: bool, mut emit: impl FnMut(&str)) {
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        // the next non-ASCII byte, and the region around it that goes the slow way:
        // from the last ASCII white space before it to the first one after it
        let Some(p) = first_non_ascii(&bytes[at..]).map(|p| at + p) else {
            ascii_piece(&text[at..], split_hyphens, &mut emit);
            return;
        };
        let start = bytes[at..p]
            .iter()
            .rposition(u8::is_ascii_whitespace)
            .map_or(at, |w| at + w);
        let end = bytes[p..]
            .iter()
            .position(u8::is_ascii_whitespace)
            .map_or(bytes.len(), |w| p + w);
        ascii_piece(&text[at..start], split_hyphens, &mut emit);
        let region = super::normalize_cow(&text[start..end]);
        for w in tokenize(&region, split_hyphens) {
            emit(w);
        }
        at = end;
    }
}

/// Calls `emit` with each token of raw unit text: URLs and e-mail addresses whole
/// ([`for_each_piece`](super::for_each_piece)) under `urls = Keep`, or not at all under
/// `Drop`, and the words of the text around them as [`for_each_word`] gives them.
///
/// ```
/// use paratopic::text::{for_each_token, UrlPolicy};
/// let text = "See https://www.example.gov.uk/housing or mail housing@example.gov.uk.";
/// let mut kept = Vec::new();
/// for_each_token(text, false, UrlPolicy::Keep, |w| kept.push(w.to_string()));
/// assert_eq!(kept, ["See", "https://www.example.gov.uk/housing", "or", "mail", "housing@example.gov.uk"]);
/// let mut dropped = Vec::new();
/// for_each_token(text, false, UrlPolicy::Drop, |w| dropped.push(w.to_string()));
/// assert_eq!(dropped, ["See", "or", "mail"]);
/// ```
pub fn for_each_token(
    text: &str,
    split_hyphens: bool,
    urls: super::UrlPolicy,
    mut emit: impl FnMut(&str),
) {
    super::for_each_piece(text, |piece| match piece {
        super::Piece::Text(t) => for_each_word(t, split_hyphens, &mut emit),
        super::Piece::Link(l) if urls == super::UrlPolicy::Keep => emit(l),
        super::Piece::Link(_) => {}
    });
}

/// Position of the first byte ≥ 0x80, eight bytes at a time.
fn first_non_ascii(bytes: &[u8]) -> Option<usize> {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut chunks = bytes.chunks_exact(8);
    for (i, c) in chunks.by_ref().enumerate() {
        let word = u64::from_le_bytes(c.try_into().expect("8 bytes"));
        if word & HIGH != 0 {
            return Some(i * 8 + (word & HIGH).trailing_zeros() as usize / 8);
        }
    }
    let tail = bytes.len() - chunks.remainder().len();
    chunks
        .remainder()
        .iter()
        .position(|b| !b.is_ascii())
        .map(|p| tail + p)
}

/// [`for_each_word`] on ASCII text.
///
/// Why a text can be cut into pieces just before any ASCII white space, each piece
/// normalised and tokenized on its own: UAX #29 always breaks before a space, tab, CR
/// or LF (no rule joins anything to one from the left), and the rules that look back
/// over a boundary need a letter or digit right before it; NFKC never composes across
/// a starter such as these; and hyphen joining needs a gap of exactly one hyphen, which
/// a gap holding white space is not. Tests compare the result with [`tokenize`] on
/// whole texts.
fn ascii_piece(text: &str, split_hyphens: bool, emit: &mut impl FnMut(&str)) {
    let bytes = text.as_bytes();
    // the last word, held back until we know the next one does not join it by a hyphen
    let mut pending: Option<(usize, usize)> = None;
    ascii_words(bytes, |start, end| {
        if let Some((ls, le)) = pending {
            if !split_hyphens && start == le + 1 && bytes[le] == b'-' {
                pending = Some((ls, end));
                return;
            }
            emit(&text[ls..le]);
        }
        pending = Some((start, end));
    });
    if let Some((ls, le)) = pending {
        emit(&text[ls..le]);
    }
}

/// Word-break class of an ASCII byte (UAX #29 `Word_Break`, ASCII subset).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Wb {
    /// `ALetter`: `A`–`Z`, `a`–`z`.
    Letter,
    /// `Numeric`: `0`–`9`.
    Digit,
    /// `ExtendNumLet`: `_`.
    Underscore,
    /// `MidLetter` (`:`): joins letters.
    MidLetter,
    /// `MidNumLet` (`.`) and `Single_Quote` (`'`): join letters and join digits.
    MidNumLet,
    /// `MidNum` (`,`, `;`): joins digits.
    MidNum,
    /// Everything else: always a boundary.
    Other,
}

const fn wb_table() -> [Wb; 128] {
    let mut t = [Wb::Other; 128];
    let mut b = 0;
    while b < 128 {
        t[b] = match b as u8 {
            b'A'..=b'Z' | b'a'..=b'z' => Wb::Letter,
            b'0'..=b'9' => Wb::Digit,
            b'_' => Wb::Underscore,
            b':' => Wb::MidLetter,
            b'.' | b'\'' => Wb::MidNumLet,
            b',' | b';' => Wb::MidNum,
            _ => Wb::Other,
        };
        b += 1;
    }
    t
}

static WB: [Wb; 128] = wb_table();

/// The UAX #29 words of ASCII `bytes` that contain a letter or digit, as byte spans, in
/// order — what `unicode_word_indices` yields on ASCII text.
///
/// In ASCII the rules reduce to: letters, digits and `_` always join (WB5, WB8–WB10,
/// WB13a/b); `:` `.` `'` join two letters (WB6/7); `,` `;` `.` `'` join two digits
/// (WB11/12); everything else is a boundary. So a word is a maximal run of word bytes
/// (letters, digits, `_`) and of single punctuation bytes that join their two
/// neighbours; each joining byte depends only on those two neighbours.
///
/// The text is read 64 bytes at a time: [`word_bits`] marks the block's word bytes in a
/// 64-bit mask (no branch per byte); the rare candidates for joining (one non-word byte
/// between two word bytes) are checked one by one ([`joins`]), and the runs of the mask
/// are the words. Tests compare this with the crate on random input.
fn ascii_words(bytes: &[u8], mut emit: impl FnMut(usize, usize)) {
    let n = bytes.len();
    // words of underscores only are not words of text; a word not starting with `_`
    // starts with a letter or digit, so only those starting with `_` are looked at
    let mut emit_word = |start: usize, end: usize| {
        if bytes[start] != b'_' || bytes[start..end].iter().any(u8::is_ascii_alphanumeric) {
            emit(start, end);
        }
    };
    // start of a word that runs on past the previous block, and whether the last byte of
    // the previous block was in a word
    let mut open: Option<usize> = None;
    let mut prev_in_word = false;
    let mut base = 0;
    while base < n {
        let end = n.min(base + 64);
        let mut w = word_bits(&bytes[base..end]);
        let next = end; // the first byte after the block, if any
        let next_is_word = next < n && is_word_byte(bytes[next]);
        // one non-word byte between two word bytes: a word goes on across it if it joins
        let mut candidates =
            !w & ((w << 1) | prev_in_word as u64) & ((w >> 1) | (next_is_word as u64) << 63);
        while candidates != 0 {
            let p = candidates.trailing_zeros() as usize;
            candidates &= candidates - 1;
            if joins(bytes, base + p) {
                w |= 1 << p;
            }
        }
        // whether the byte after the block continues a word that reaches the block's end
        let next_in_word = next < n && (is_word_byte(bytes[next]) || joins(bytes, next));
        let mut starts = w & !((w << 1) | prev_in_word as u64);
        let mut ends = w & !((w >> 1) | (next_in_word as u64) << 63);
        if let Some(start) = open {
            if ends == 0 {
                // the whole block is inside the word (and `prev_in_word` stays true)
                base = end;
                continue;
            }
            let last = ends.trailing_zeros() as usize;
            ends &= ends - 1;
            emit_word(start, base + last + 1);
            open = None;
        }
        while starts != 0 {
            let first = starts.trailing_zeros() as usize;
            starts &= starts - 1;
            if ends == 0 {
                open = Some(base + first);
                break;
            }
            let last = ends.trailing_zeros() as usize;
            ends &= ends - 1;
            emit_word(base + first, base + last + 1);
        }
        prev_in_word = w >> 63 != 0;
        base = end;
    }
    debug_assert!(open.is_none(), "the last block ends every word");
}

/// Whether an ASCII byte is a word byte: a letter, a digit or `_`.
#[inline]
fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Whether the punctuation byte at `i` joins its two neighbours into one word: `:` `.`
/// `'` between two letters, `,` `;` `.` `'` between two digits.
#[inline]
fn joins(bytes: &[u8], i: usize) -> bool {
    if i == 0 || i + 1 >= bytes.len() {
        return false;
    }
    let (before, mid, after) = (
        WB[bytes[i - 1] as usize],
        WB[bytes[i] as usize],
        WB[bytes[i + 1] as usize],
    );
    match (before, after) {
        (Wb::Letter, Wb::Letter) => matches!(mid, Wb::MidLetter | Wb::MidNumLet),
        (Wb::Digit, Wb::Digit) => matches!(mid, Wb::MidNum | Wb::MidNumLet),
        _ => false,
    }
}

/// Bit `i` set when byte `i` of `block` (at most 64 ASCII bytes) is a word byte
/// ([`is_word_byte`]).
#[inline]
fn word_bits(block: &[u8]) -> u64 {
    let mut bits = 0;
    if let Ok(full) = <&[u8; 64]>::try_from(block) {
        for (k, eight) in full.chunks_exact(8).enumerate() {
            bits |= word_bits8(u64::from_le_bytes(eight.try_into().expect("8 bytes"))) << (8 * k);
        }
    } else {
        let mut padded = [0u8; 64];
        padded[..block.len()].copy_from_slice(block);
        for (k, eight) in padded.chunks_exact(8).enumerate() {
            bits |= word_bits8(u64::from_le_bytes(eight.try_into().expect("8 bytes"))) << (8 * k);
        }
    }
    bits
}

/// Bit `i` (of 8) set when byte `i` of `x` (8 ASCII bytes, little-endian) is a word
/// byte. SWAR: each byte's range tests are done in its own top bit (every byte is below
/// 0x80, so no sum carries into the next byte), then the eight top bits are gathered.
#[inline]
fn word_bits8(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const TOP: u64 = 0x80 * ONES;
    // top bit set where the byte is at least `lo` (for bytes below 0x80)
    let at_least = |v: u64, lo: u8| v + (0x80 - lo as u64) * ONES;
    let folded = x | (0x20 * ONES); // 'A'..='Z' → 'a'..='z'; other bytes stay outside it
    let letter = at_least(folded, b'a') & !at_least(folded, b'z' + 1);
    let digit = at_least(x, b'0') & !at_least(x, b'9' + 1);
    let underscore = !((x ^ (b'_' as u64 * ONES)) + 0x7f * ONES);
    let top = (letter | digit | underscore) & TOP;
    // bit 8i + 7 → bit 56 + i, then shifted down
    ((top >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn combining_marks_never_glue_separators_into_tokens() {
        assert_eq!(tokenize(". \u{1e000}", false), ["\u{1e000}"]);
        assert_eq!(tokenize("co-\u{1e000}x", true), ["co", "\u{1e000}", "x"]);
        assert_eq!(tokenize("co-\u{1e000}x", false), ["co-\u{1e000}", "x"]);
        assert_eq!(tokenize("x\u{2010}y - z", false), ["x\u{2010}y", "z"]);
    }

    fn fast(text: &str, split: bool) -> Vec<String> {
        let mut out = Vec::new();
        for_each_word(text, split, |w| out.push(w.to_string()));
        out
    }

    fn reference(text: &str, split: bool) -> Vec<String> {
        let text = crate::text::normalize(text);
        tokenize(&text, split)
            .into_iter()
            .map(str::to_string)
            .collect()
    }

    /// The fast path gives the reference chain's words on each text, hyphens split or not.
    fn assert_fast_matches_reference(texts: &[&str]) {
        for &text in texts {
            for split in [false, true] {
                assert_eq!(fast(text, split), reference(text, split), "{text:?}");
            }
        }
    }

    #[test]
    fn ascii_scanner_matches_uax29_on_tricky_input() {
        assert_fast_matches_reference(&[
            "isn't a.b.c e.g. U.S.A. 3.15bn 1,000,000 1;2 a:b a::b a'' 'tis x'",
            "_ __ a_b _1 1_ a_.b 1.a a.1 1..2 a--b a-b-c -a b- a - b a-_-b",
            "co-operative  x-ray's 2016-17 ‐ end.\n\r\nCRLF\rCR\tTab \"q\" a\"b",
            "...a'b'c 1'2 a:1 1:2 a;b 9,x ",
            "",
            "-",
            "'",
        ]);
    }

    #[test]
    fn non_ascii_text_goes_through_normalisation() {
        assert_fast_matches_reference(&[
            "I\u{2019}ve\u{a0}made caf\u{e9} cafe\u{301} \u{fb01}nance",
            "co\u{2010}operative x\u{2011}y \u{ff21}\u{ff22} \u{1e000}x",
            "na\u{ef}ve r\u{e9}sum\u{e9}'s \u{2019}quoted\u{2019} \u{3b1}\u{3b2}\u{3b3}",
            "ab \u{301}cd 1 \u{200d}2 \u{1f1e6}\u{1f1e7}\u{1f1e6} x \u{ad}y",
            "x-\u{e9}t\u{e9} co-op\u{2019}s\tnew\r\nline a-\u{a0}b plain ascii - words-here",
            "well-known caf\u{e9}-bar isn't it\u{2019}s \u{fb01}ne-tuned end",
        ]);
    }

    #[test]
    fn format_characters_vanish_inside_words_and_a_zero_width_space_separates() {
        let text = "Our trans\u{ad}port\u{200b}strategy co\u{2060}op\u{200d}er\u{200c}ative \u{feff}buses\u{200e} pas\u{ad}-\u{ad}sengers";
        let words = ["Our", "transport", "strategy", "cooperative", "buses"];
        assert_eq!(fast(text, false), [&words[..], &["pas-sengers"]].concat());
        assert_eq!(fast(text, true), [&words[..], &["pas", "sengers"]].concat());
        assert_fast_matches_reference(&[text]);
    }

    #[test]
    fn first_non_ascii_finds_the_first_high_byte() {
        for text in [
            "",
            "abc",
            "abcdefgh\u{e9}",
            "\u{e9}",
            "abcdefghijklmnop\u{2019}x",
            "1234567\u{e9}",
        ] {
            assert_eq!(
                first_non_ascii(text.as_bytes()),
                text.bytes().position(|b| !b.is_ascii()),
                "{text:?}"
            );
        }
    }

    #[test]
    fn word_bits_marks_letters_digits_and_underscores() {
        for b in 0u8..128 {
            for at in 0..8 {
                let mut eight = [b'-'; 8];
                eight[at] = b;
                let want = (is_word_byte(b) as u64) << at;
                assert_eq!(word_bits8(u64::from_le_bytes(eight)), want, "{b} at {at}");
            }
        }
        let text: Vec<u8> = (0..200u32).map(|i| (i * 37 % 128) as u8).collect();
        for len in [0, 1, 7, 8, 63, 64] {
            let block = &text[len..2 * len];
            let want = block
                .iter()
                .enumerate()
                .fold(0u64, |bits, (i, &b)| bits | (is_word_byte(b) as u64) << i);
            assert_eq!(word_bits(block), want, "{len}");
        }
    }

    #[test]
    fn words_run_across_blocks() {
        let long = "ab".repeat(100);
        let text = format!(
            "{} x:y 1,000,000 a.b.c {long} {long}.{long} _ __x",
            "w ".repeat(30)
        );
        for shift in 0..70 {
            let shifted = format!("{}{text}", " ".repeat(shift));
            assert_fast_matches_reference(&[&shifted, &shifted[..shifted.len() - 3]]);
        }
    }

    proptest::proptest! {
        #[test]
        fn long_ascii_text_matches_the_reference(text in "([a-c0-2_:.',;\\- ]{1,20}|x{60,70}){0,30}", split: bool) {
            proptest::prop_assert_eq!(fast(&text, split), reference(&text, split));
        }

        #[test]
        fn ascii_scanner_matches_the_reference(text in "[a-zA-Z0-9_:.',;\" \\-\n\r\t!?()]{0,40}", split: bool) {
            proptest::prop_assert_eq!(fast(&text, split), reference(&text, split));
        }

        #[test]
        fn mixed_text_matches_the_reference(text in "[a-z0-9_.:,' \\-\n\r\t\u{a0}\u{2019}\u{e9}\u{301}\u{200d}\u{ad}\u{2010}\u{2011}\u{fb01}\u{ff21}\u{3000}\u{1f1e6}\u{1f1e7}\u{30a2}\u{5d0}\u{1e000}\u{200b}\u{200c}\u{200e}\u{2060}\u{feff}\u{202e}]{0,30}", split: bool) {
            proptest::prop_assert_eq!(fast(&text, split), reference(&text, split));
        }

        #[test]
        fn tokens_never_hold_a_format_character(text in "([a-z]{0,5}[\u{ad}\u{200b}-\u{200f}\u{2060}\u{feff}\u{202a}-\u{202e}\u{2066}-\u{2069}\u{e0020}\u{e9}\\- ]?){0,12}", split: bool) {
            for w in fast(&text, split) {
                proptest::prop_assert!(!w.chars().any(crate::text::is_format), "{:?} in {:?}", w, text);
            }
        }
    }
}
