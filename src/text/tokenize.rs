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
    for (start, word) in text.unicode_word_indices() {
        let end = start + word.len();
        if !split_hyphens {
            if let Some((ls, le)) = last {
                let gap = &text[le..start];
                if gap == "-" || gap == "\u{2010}" || gap == "\u{2011}" {
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
