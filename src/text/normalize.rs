//! Unicode normalisation applied to raw text before tokenizing.

use std::borrow::Cow;
use unicode_normalization::UnicodeNormalization;

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
pub fn normalize_cow(text: &str) -> Cow<'_, str> {
    if text.is_ascii() {
        return Cow::Borrowed(text);
    }
    Cow::Owned(nfkc_mapped(text))
}

fn nfkc_mapped(text: &str) -> String {
    text.nfkc()
        .map(|c| match c {
            '\u{a0}' | '\u{2007}' | '\u{202f}' => ' ',
            '\u{2019}' | '\u{2018}' | '\u{02bc}' | '\u{2032}' | '\u{ff07}' => '\'',
            c => c,
        })
        .collect()
}
