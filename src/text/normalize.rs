//! Unicode normalisation applied to raw text before tokenizing.

use unicode_normalization::UnicodeNormalization;

/// NFKC-normalises `text`, maps no-break spaces to spaces and typographic apostrophes to `'`.
///
/// ```
/// use paratopic::text::normalize;
/// assert_eq!(normalize("I\u{2019}ve\u{a0}made"), "I've made");
/// ```
pub fn normalize(text: &str) -> String {
    text.nfkc()
        .map(|c| match c {
            '\u{a0}' | '\u{2007}' | '\u{202f}' => ' ',
            '\u{2019}' | '\u{2018}' | '\u{02bc}' | '\u{2032}' | '\u{ff07}' => '\'',
            c => c,
        })
        .collect()
}
