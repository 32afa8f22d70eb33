//! Cleaning of a document's text before segmentation, for every format: typographic
//! ligatures decomposed and words hyphenated at a line end re-joined.
//!
//! Every step keeps the number of lines (and each line's ending), so the line numbers of
//! `paragraphs.csv` and a PDF's page of each line stay right.
//!
//! Invisible format characters (soft hyphens inside a line, zero-width spaces and
//! joiners, bidi marks) are not removed here but by the text stage's normaliser
//! ([`crate::text::normalize`]): that is where every token is made, whatever reads the
//! text, so no token can hold one; the paragraph texts written out keep them, as the
//! document does.

use std::borrow::Cow;
use std::collections::HashSet;

/// The cleaned text of a document: ligatures (`ﬁ` `ﬂ` `ﬀ` `ﬃ` `ﬄ` `ﬅ` `ﬆ` and the
/// Armenian ones) replaced by their letters ([`decompose_ligatures`]), then words
/// hyphenated at a line end re-joined ([`dehyphenate`]). The same number of lines, each
/// with its line ending; `text` is returned as it is when nothing changes.
///
/// ```
/// use paratopic::corpus::clean_text;
/// let text = "Our trans-\nport strategy puts pas-\nsengers ﬁrst.\n".to_string();
/// assert_eq!(clean_text(text), "Our transport\nstrategy puts passengers\nfirst.\n");
/// ```
pub fn clean_text(text: String) -> String {
    let decomposed = match decompose_ligatures(&text) {
        Cow::Borrowed(_) => None,
        Cow::Owned(t) => Some(t),
    };
    let current = decomposed.as_deref().unwrap_or(&text);
    match dehyphenate(current) {
        Cow::Owned(t) => t,
        Cow::Borrowed(_) => decomposed.unwrap_or(text),
    }
}

/// The ligatures of Unicode's Alphabetic Presentation Forms block: Latin U+FB00–U+FB06
/// (`ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ`, as PDF text layers give them) and Armenian U+FB13–U+FB17.
fn is_ligature(c: char) -> bool {
    matches!(c, '\u{fb00}'..='\u{fb06}' | '\u{fb13}'..='\u{fb17}')
}

/// `text` with each ligature replaced by its compatibility decomposition (`ﬁ` → `fi`);
/// borrowed when it has none.
pub fn decompose_ligatures(text: &str) -> Cow<'_, str> {
    // every ligature is encoded EF AC xx
    let has_any = memchr::memmem::find_iter(text.as_bytes(), b"\xef\xac")
        .next()
        .is_some();
    if !has_any || !text.chars().any(is_ligature) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_ligature(c) {
            unicode_normalization::char::decompose_compatible(c, |d| out.push(d));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// The hyphens that break a word at a line end: `-`, U+2010 HYPHEN and U+00AD SOFT
/// HYPHEN (which marks a break point: always re-joined).
const LINE_END_HYPHENS: [char; 3] = ['-', '\u{2010}', '\u{ad}'];

/// Horizontal white space around a line break (`pdftotext -layout` indents lines).
fn is_blank(c: char) -> bool {
    c == ' ' || c == '\t'
}

/// Re-joins words hyphenated at a line end: `pas-` at the end of a line and `sengers`
/// at the start of the next become `passengers`.
///
/// A break is re-joined when the part before the hyphen ends with a lower-case letter
/// and the part after it starts with one (`Trans-\nport` too; not `UK-\nbased`,
/// `COVID-\n19` or `Anglo-\nSaxon`), unless the hyphenated form occurs inside a line
/// elsewhere in the document (`co-\noperative` stays `co-operative` when the document
/// writes `co-operative` somewhere; compared case-insensitively). A soft hyphen at a line
/// end is always a break point.
///
/// The number of lines is kept: the re-joined word (with the punctuation that follows
/// it) moves onto the first line and the line break stays after it; when that would
/// leave the second line blank, the first part moves down instead; when both lines hold
/// nothing else, they are left alone. Borrowed when nothing is re-joined.
///
/// ```
/// use paratopic::corpus::dehyphenate;
/// assert_eq!(dehyphenate("We will in-\nvest in co-\noperative homes.\n"), "We will invest\nin cooperative\nhomes.\n");
/// let text = "Some co-operative homes. A co-\noperative bank.";
/// assert_eq!(dehyphenate(text), text);
/// ```
pub fn dehyphenate(text: &str) -> Cow<'_, str> {
    let lines = split_lines(text);
    let any = lines.windows(2).any(|w| break_at(w[0].0, w[1].0).is_some());
    if !any {
        return Cow::Borrowed(text);
    }
    let compounds = compounds(text);
    let mut out = String::with_capacity(text.len());
    let mut cur: Cow<str> = Cow::Borrowed(lines[0].0);
    for (i, &(_, ending)) in lines.iter().enumerate() {
        let next = lines.get(i + 1).map(|l| l.0);
        let joined = next.and_then(|next| join(&cur, next, &compounds));
        match joined {
            Some((first, second)) => {
                out.push_str(&first);
                cur = Cow::Owned(second);
            }
            None => {
                out.push_str(&cur);
                cur = Cow::Borrowed(next.unwrap_or(""));
            }
        }
        out.push_str(ending);
    }
    Cow::Owned(out)
}

/// The lines of `text`, each with its ending (`\n`, `\r\n`, `\r` or none for the last).
fn split_lines(text: &str) -> Vec<(&str, &str)> {
    let mut out = Vec::new();
    let mut rest = text;
    loop {
        match memchr::memchr2(b'\n', b'\r', rest.as_bytes()) {
            Some(pos) => {
                let len = if rest[pos..].starts_with("\r\n") {
                    2
                } else {
                    1
                };
                out.push((&rest[..pos], &rest[pos..pos + len]));
                rest = &rest[pos + len..];
            }
            None => {
                out.push((rest, ""));
                return out;
            }
        }
    }
}

/// A word broken between `line` and `next`: (the line up to the first part's end, the
/// first part, the hyphen, `next` from the second part on, the second part).
struct Break<'a> {
    head: &'a str,
    first: &'a str,
    hyphen: char,
    tail: &'a str,
    second: &'a str,
}

/// The word broken at the end of `line` and the start of `next`, if there is one: a run
/// of letters ending with a lower-case one, a hyphen, the line end (spaces and tabs
/// around it allowed), and a run of letters starting with a lower-case one.
fn break_at<'a>(line: &'a str, next: &'a str) -> Option<Break<'a>> {
    let line = line.trim_end_matches(is_blank);
    let hyphen = line.chars().next_back()?;
    if !LINE_END_HYPHENS.contains(&hyphen) {
        return None;
    }
    let head = &line[..line.len() - hyphen.len_utf8()];
    let first_start = head
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphabetic())
        .last()
        .map(|(i, _)| i)?;
    let first = &head[first_start..];
    if !first.chars().next_back().is_some_and(char::is_lowercase) {
        return None;
    }
    let tail = next.trim_start_matches(is_blank);
    let second_len = tail
        .char_indices()
        .find(|(_, c)| !c.is_alphabetic())
        .map_or(tail.len(), |(i, _)| i);
    let second = &tail[..second_len];
    if !second.chars().next().is_some_and(char::is_lowercase) {
        return None;
    }
    Some(Break {
        head,
        first,
        hyphen,
        tail,
        second,
    })
}

/// The hyphenated compounds written inside a line of `text` (`co-operative`), lower-cased,
/// with U+2010 written as `-`.
fn compounds(text: &str) -> HashSet<String> {
    let mut out = HashSet::new();
    for line in split_lines(text).into_iter().map(|l| l.0) {
        for (at, h) in line.match_indices(['-', '\u{2010}']) {
            let before = &line[..at];
            let after = &line[at + h.len()..];
            let first_len: usize = before
                .chars()
                .rev()
                .take_while(|c| c.is_alphabetic())
                .map(char::len_utf8)
                .sum();
            let second_len = after
                .char_indices()
                .find(|(_, c)| !c.is_alphabetic())
                .map_or(after.len(), |(i, _)| i);
            if first_len > 0 && second_len > 0 {
                let first = &before[before.len() - first_len..];
                out.insert(compound(first, &after[..second_len]));
            }
        }
    }
    out
}

/// `first-second`, lower-cased.
fn compound(first: &str, second: &str) -> String {
    format!("{first}-{second}").to_lowercase()
}

/// `line` and `next` with the word broken between them re-joined (see [`dehyphenate`]),
/// or `None` when there is none to re-join.
fn join(line: &str, next: &str, compounds: &HashSet<String>) -> Option<(String, String)> {
    let b = break_at(line, next)?;
    if b.hyphen != '\u{ad}' && compounds.contains(&compound(b.first, b.second)) {
        return None;
    }
    // the second part with the punctuation after it, up to white space
    let piece_len = b
        .tail
        .char_indices()
        .find(|(_, c)| c.is_whitespace())
        .map_or(b.tail.len(), |(i, _)| i);
    let (piece, rest) = b.tail.split_at(piece_len);
    let rest = rest.trim_start_matches(is_blank);
    if !rest.trim().is_empty() {
        return Some((format!("{}{piece}", b.head), rest.to_string()));
    }
    // the first part, with what is attached before it, moves down
    let token_start = b
        .head
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8());
    let keep = b.head[..token_start].trim_end();
    if keep.trim().is_empty() {
        return None;
    }
    Some((
        keep.to_string(),
        format!("{}{}", &b.head[token_start..], b.tail),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_broken_at_line_ends_are_rejoined_on_the_first_line() {
        let text = "Our trans-\nport strategy puts pas-\nsengers first.\n\nTrans-\nport for rural commun-\nities, we\nwill protect ser-\n  vices.\n";
        assert_eq!(
            dehyphenate(text),
            "Our transport\nstrategy puts passengers\nfirst.\n\nTransport\nfor rural communities,\nwe\nwill protect\nservices.\n"
        );
    }

    #[test]
    fn line_endings_and_the_number_of_lines_are_kept() {
        assert_eq!(
            dehyphenate("a pas-\r\nsengers b\r\nc ex- \r  tend d"),
            "a passengers\r\nb\r\nc extend\rd"
        );
    }

    #[test]
    fn capitals_digits_and_dashes_are_not_rejoined() {
        for text in [
            "the UK-\nbased firm",
            "after COVID-\n19 came",
            "the Anglo-\nSaxon kings",
            "a word -\nand more",
            "a word--\nand more",
            "2016-\n17 budget",
            "policy-\n\nnext paragraph",
            "ends with a hyphen-",
            "x-\n",
        ] {
            assert_eq!(dehyphenate(text), text, "{text:?}");
        }
    }

    #[test]
    fn a_form_written_elsewhere_keeps_its_hyphen() {
        let text = "A Co-operative Party.\nThe co-\noperative bank and the co-\nop shop.";
        assert_eq!(
            dehyphenate(text),
            "A Co-operative Party.\nThe co-\noperative bank and the coop\nshop."
        );
        // a soft hyphen marks a break point: always re-joined
        assert_eq!(
            dehyphenate("co-operative co\u{ad}\noperative x"),
            "co-operative cooperative\nx"
        );
        // U+2010 HYPHEN counts like `-`, in the break and elsewhere
        assert_eq!(dehyphenate("re\u{2010}\nform it"), "reform\nit");
        let text = "re\u{2010}form and re-\nform";
        assert_eq!(dehyphenate(text), text);
    }

    #[test]
    fn a_second_line_of_one_word_takes_the_first_part_instead() {
        assert_eq!(
            dehyphenate("fund community trans-\nport\nschemes"),
            "fund community\ntransport\nschemes"
        );
        assert_eq!(dehyphenate("(pas-\nsengers).\nx"), "(pas-\nsengers).\nx");
        assert_eq!(dehyphenate("go by pas-\nsengers."), "go by\npassengers.");
        // chains re-join line after line
        assert_eq!(
            dehyphenate("a com-\nmuni-\ncation channel"),
            "a\ncommunication\nchannel"
        );
    }

    #[test]
    fn ligatures_become_letters() {
        assert_eq!(
            decompose_ligatures(
                "\u{fb01}nance \u{fb02}oor \u{fb00} \u{fb03} \u{fb04} \u{fb05} \u{fb06}"
            ),
            "finance floor ff ffi ffl st st"
        );
        assert!(matches!(
            decompose_ligatures("caf\u{e9} \u{fb1d}"),
            Cow::Borrowed(_)
        ));
        assert_eq!(
            clean_text("e\u{fb03}cient tra\u{fb03}-\nc calming".into()),
            "efficient traffic\ncalming"
        );
    }

    /// The text without white space and line-end hyphens.
    fn letters(text: &str) -> String {
        text.chars()
            .filter(|c| !c.is_whitespace() && !LINE_END_HYPHENS.contains(c))
            .collect()
    }

    proptest::proptest! {
        #[test]
        fn cleaning_keeps_lines_and_letters(text in "([a-cA-C\u{e9}\u{fb01}]{0,4}[- \t\u{ad}\u{2010}]?(\n|\r\n|\r| )){0,30}") {
            let cleaned = clean_text(text.clone());
            proptest::prop_assert_eq!(split_lines(&cleaned).len(), split_lines(&text).len());
            let endings = |t: &str| split_lines(t).into_iter().map(|l| l.1.to_string()).collect::<Vec<_>>();
            proptest::prop_assert_eq!(endings(&cleaned), endings(&text));
            let blank = |t: &str| split_lines(t).into_iter().map(|l| l.0.trim().is_empty()).collect::<Vec<_>>();
            proptest::prop_assert_eq!(blank(&cleaned), blank(&text));
            proptest::prop_assert_eq!(letters(&cleaned), letters(&decompose_ligatures(&text)));
        }
    }
}
