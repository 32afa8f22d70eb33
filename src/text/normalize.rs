//! Unicode normalisation applied to raw text before tokenizing.

use std::borrow::Cow;
use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};

/// NFKC-normalises `text`, maps no-break spaces to spaces and typographic apostrophes to `'`.
///
/// ```
/// use paratopic::text::normalize;
/// assert_eq!(normalize("I\u{2019}ve\u{a0}made"), "I've made");
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

fn nfkc_mapped(text: &str) -> String {
    text.nfkc().map(map_char).collect()
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
        ] {
            assert_eq!(normalize_cow(text), nfkc_mapped(text), "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn quick_path_equals_the_full_pass_on_random_text(text in "\\PC{0,24}") {
            proptest::prop_assert_eq!(normalize_cow(&text), nfkc_mapped(&text));
        }
    }
}
