//! Unicode normalisation applied to raw text before tokenizing.
//!
//! Invisible format characters are handled here, in the text stage, rather than when
//! documents are read: every token is made from text that went through [`normalize`]
//! (the fast path included), whatever read it, so this is the one place that guarantees
//! no token holds one.

use std::borrow::Cow;
use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};
use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};

/// Removes invisible format characters, NFKC-normalises `text`, maps no-break spaces to
/// spaces and typographic apostrophes to `'`.
///
/// Format characters (Unicode category `Cf`: soft hyphen, zero-width joiners, word
/// joiner, a byte-order mark in mid-text, bidi marks…) are removed, so they never split
/// or end up inside a word (`trans\u{ad}port` → `transport`); a zero-width space, which
/// separates words, becomes a space.
///
/// ```
/// use paratopic::text::normalize;
/// assert_eq!(normalize("I\u{2019}ve\u{a0}made"), "I've made");
/// assert_eq!(normalize("trans\u{ad}port\u{200b}pas\u{200d}sen\u{feff}gers\u{200f}"), "transport passengers");
/// ```
pub fn normalize(text: &str) -> String {
    normalize_cow(text).into_owned()
}

/// [`normalize`] without copying text that is already normal (ASCII text is).
///
/// Text that the quick check finds already in NFKC (most non-ASCII prose: curly quotes,
/// accented letters in composed form) skips the decompose/compose pass and only gets
/// the space and apostrophe mapping; the result is the same.
pub fn normalize_cow(text: &str) -> Cow<'_, str> {
    if text.is_ascii() {
        return Cow::Borrowed(text);
    }
    match without_format(text) {
        Cow::Borrowed(t) => mapped_nfkc(t),
        Cow::Owned(t) => Cow::Owned(mapped_nfkc(&t).into_owned()),
    }
}

/// True for an invisible format character (general category `Cf`).
pub fn is_format(c: char) -> bool {
    c.general_category() == GeneralCategory::Format
}

/// `text` without format characters ([`is_format`]), a zero-width space turned into a
/// space; borrowed when it has none.
fn without_format(text: &str) -> Cow<'_, str> {
    // every format character is outside ASCII and Latin-1's letters: only text with one
    // of the lead bytes of U+00AD or U+0600 and above needs the full check
    let may_have = text
        .bytes()
        .any(|b| b == 0xc2 || (0xd8..=0xf4).contains(&b));
    if !may_have || !text.chars().any(is_format) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .filter_map(|c| match c {
                '\u{200b}' => Some(' '),
                c if is_format(c) => None,
                c => Some(c),
            })
            .collect(),
    )
}

/// [`normalize_cow`] on text without format characters.
fn mapped_nfkc(text: &str) -> Cow<'_, str> {
    if text.is_ascii() {
        return Cow::Borrowed(text);
    }
    if is_nfkc_quick(text.chars()) == IsNormalized::Yes {
        if !text.contains(MAPPED) {
            return Cow::Borrowed(text);
        }
        return Cow::Owned(text.chars().map(map_char).collect());
    }
    Cow::Owned(nfkc_mapped(text))
}

/// The characters [`map_char`] changes.
const MAPPED: [char; 8] = [
    '\u{a0}', '\u{2007}', '\u{202f}', '\u{2019}', '\u{2018}', '\u{02bc}', '\u{2032}', '\u{ff07}',
];

/// No-break spaces to a space, typographic apostrophes to `'`.
fn map_char(c: char) -> char {
    match c {
        '\u{a0}' | '\u{2007}' | '\u{202f}' => ' ',
        '\u{2019}' | '\u{2018}' | '\u{02bc}' | '\u{2032}' | '\u{ff07}' => '\'',
        c => c,
    }
}

/// The full pass: format characters removed, NFKC, then [`map_char`].
fn nfkc_mapped(text: &str) -> String {
    without_format(text).nfkc().map(map_char).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quick_path_equals_the_full_pass() {
        for text in [
            "caf\u{e9} \u{2019}q\u{2019} \u{a0}x",
            "cafe\u{301} \u{fb01}nance \u{ff21}",
            "\u{2032}\u{ff07}\u{02bc}\u{202f}\u{2007}",
            "\u{3b1}\u{3b2} plain",
            "\u{212b} \u{1e9b}\u{323}",
            "x\u{5b1}\u{ad}\u{5b0} e\u{ad}\u{301} trans\u{ad}port a\u{200b}b \u{feff}\u{2060}",
        ] {
            assert_eq!(normalize_cow(text), nfkc_mapped(text), "{text:?}");
        }
    }

    #[test]
    fn format_characters_go_and_a_zero_width_space_separates() {
        assert_eq!(normalize("trans\u{ad}port"), "transport");
        assert_eq!(
            normalize("co\u{200c}op\u{200d}er\u{2060}ative"),
            "cooperative"
        );
        assert_eq!(
            normalize("\u{200e}housing\u{200b}policy\u{feff}"),
            "housing policy"
        );
        assert_eq!(
            normalize("\u{202a}bidi\u{202c} \u{2066}iso\u{2069}"),
            "bidi iso"
        );
        // a format character between a letter and its accent: the accent composes
        assert_eq!(normalize("cafe\u{ad}\u{301}"), "caf\u{e9}");
        // Latin-1's letters and other non-ASCII text are left alone
        assert!(matches!(
            without_format("caf\u{e9} \u{2019}q\u{2019}"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn no_character_normalises_to_a_format_character() {
        for c in (0..=0x10ffff_u32).filter_map(char::from_u32) {
            let n = normalize(c.encode_utf8(&mut [0; 4]));
            assert!(!n.chars().any(is_format), "U+{:04X} gives {n:?}", c as u32);
            // the quick test for format characters sees every one
            if is_format(c) {
                let lead = c.encode_utf8(&mut [0; 4]).as_bytes()[0];
                assert!(
                    lead == 0xc2 || (0xd8..=0xf4).contains(&lead),
                    "U+{:04X}",
                    c as u32
                );
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn quick_path_equals_the_full_pass_on_random_text(text in "\\PC{0,24}") {
            proptest::prop_assert_eq!(normalize_cow(&text), nfkc_mapped(&text));
        }

        #[test]
        fn normalised_text_has_no_format_character(text in "[a-z \u{ad}\u{200b}-\u{200f}\u{2060}-\u{2064}\u{feff}\u{202a}-\u{202e}\u{2066}-\u{2069}\u{600}\u{e0001}\u{301}\u{e9}]{0,24}") {
            let n = normalize(&text);
            proptest::prop_assert!(!n.chars().any(is_format), "{:?}", n);
        }
    }
}
