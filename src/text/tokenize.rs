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
}
