//! URLs and e-mail addresses, found whole before words are cut (`preprocess.urls`), so
//! that `https`, `www`, `gov`, `uk` or `utm_campaign` never become terms.
//!
//! Finding them is the `linkify` crate's: URLs with a scheme (`https://…`, `ftp://…`),
//! e-mail addresses, and, without a scheme, `www.` addresses and `host.tld/path`
//! addresses whose host is lower-case (so `e.g.`, `policy.Our` or `Mr.Smith`, which
//! linkify would also take for addresses, stay words).

use linkify::{LinkFinder, LinkKind};
use serde::{Deserialize, Serialize};

/// `preprocess.urls`: what becomes of URLs and e-mail addresses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum UrlPolicy {
    /// Removed from the text before it is cut into words (the default).
    #[default]
    Drop,
    /// Kept as one token each, lower-cased, not stemmed or filtered.
    Keep,
}

/// A stretch of text: words to tokenize, or one URL or e-mail address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Text without an address.
    Text(&'a str),
    /// One URL or e-mail address, as written.
    Link(&'a str),
}

/// Calls `f` with the pieces of `text` in order: the text between addresses and each
/// address. Text that cannot hold an address (no `@`, `/` or `www.`) is one piece,
/// without running the finder.
///
/// ```
/// use paratopic::text::{for_each_piece, Piece};
/// let mut pieces = Vec::new();
/// for_each_piece("See https://www.example.gov.uk/housing or write to housing@example.gov.uk.", |p| pieces.push(p));
/// assert_eq!(pieces, [
///     Piece::Text("See "), Piece::Link("https://www.example.gov.uk/housing"),
///     Piece::Text(" or write to "), Piece::Link("housing@example.gov.uk"), Piece::Text("."),
/// ]);
/// ```
pub fn for_each_piece<'a>(text: &'a str, mut f: impl FnMut(Piece<'a>)) {
    if !may_hold_link(text) {
        if !text.is_empty() {
            f(Piece::Text(text));
        }
        return;
    }
    let mut finder = LinkFinder::new();
    finder.url_must_have_scheme(false);
    let mut at = 0;
    for link in finder.links(text).filter(accepted) {
        if link.start() > at {
            f(Piece::Text(&text[at..link.start()]));
        }
        f(Piece::Link(link.as_str()));
        at = link.end();
    }
    if at < text.len() {
        f(Piece::Text(&text[at..]));
    }
}

/// True when `text` has a byte every accepted address holds: `@` (e-mail), `/` (a
/// scheme's `://`, a path) or `www.` in any case.
fn may_hold_link(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr2(b'@', b'/', bytes).is_some()
        || memchr::memchr_iter(b'.', bytes)
            .any(|dot| dot >= 3 && bytes[dot - 3..dot].eq_ignore_ascii_case(b"www"))
}

/// Whether a link linkify found is one paratopic takes whole: an e-mail address, a URL
/// with a scheme, or without one a `www.` address or a lower-case `host.tld/path`.
fn accepted(link: &linkify::Link) -> bool {
    let s = link.as_str();
    match link.kind() {
        LinkKind::Email => true,
        LinkKind::Url if s.contains("://") => true,
        LinkKind::Url => starts_with_www(s) || lower_case_host_with_path(s),
        _ => false,
    }
}

fn starts_with_www(s: &str) -> bool {
    s.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("www."))
}

/// `host.tld/…` with a host of lower-case ASCII letters, digits, dots and hyphens whose
/// last label is two letters or more.
fn lower_case_host_with_path(s: &str) -> bool {
    let Some((host, _)) = s.split_once('/') else {
        return false;
    };
    let tld = host.rsplit('.').next().unwrap_or("");
    host.contains('.')
        && host
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-')
        && tld.len() >= 2
        && tld.bytes().all(|b| b.is_ascii_lowercase())
}

/// True for a token that is an address ([`Piece::Link`]): the tokenizer's words never
/// hold `@` or `/`, and one starting with `www.` is an address too.
pub fn is_link(token: &str) -> bool {
    token.contains(['@', '/']) || starts_with_www(token)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        for_each_piece(text, |p| {
            if let Piece::Link(l) = p {
                out.push(l)
            }
        });
        out
    }

    #[test]
    fn addresses_are_found_whole() {
        assert_eq!(
            links("Read more at https://www.example.gov.uk/housing/first-homes?src=leaflet&utm_campaign=2024 or email housing.policy@example.gov.uk."),
            [
                "https://www.example.gov.uk/housing/first-homes?src=leaflet&utm_campaign=2024",
                "housing.policy@example.gov.uk"
            ]
        );
        assert_eq!(
            links("Full plan: http://www.example.gov.uk/homelessness.pdf (contact x@example.org). Visit WWW.GOV.UK, gov.uk/housing or ftp://files.example.org"),
            [
                "http://www.example.gov.uk/homelessness.pdf",
                "x@example.org",
                "WWW.GOV.UK",
                "gov.uk/housing",
                "ftp://files.example.org"
            ]
        );
    }

    #[test]
    fn words_with_dots_and_slashes_stay_words() {
        for text in [
            "e.g. the U.S.A. spent 3.15bn in 2016-17 on policy.Our plans ends.The",
            "Mr.Smith and st.john's, and/or 50km/h, 3.5/10, e.g./i.e. x@y",
            "a.b/c Policy.uk/x",
        ] {
            assert_eq!(links(text), Vec::<&str>::new(), "{text:?}");
        }
    }

    #[test]
    fn pieces_cover_the_text() {
        for text in [
            "",
            "plain text",
            "https://a.org",
            "a https://a.org/x b@c.org www.d.org e",
        ] {
            let mut joined = String::new();
            for_each_piece(text, |p| match p {
                Piece::Text(t) => {
                    assert!(!t.is_empty());
                    joined.push_str(t)
                }
                Piece::Link(l) => {
                    assert!(is_link(l), "{l:?}");
                    joined.push_str(l)
                }
            });
            assert_eq!(joined, text);
        }
    }

    proptest::proptest! {
        #[test]
        fn the_quick_test_never_hides_an_address(text in "[a-zA-Z0-9@/:. \\-_?&=]{0,40}") {
            let mut finder = LinkFinder::new();
            finder.url_must_have_scheme(false);
            let any = finder.links(&text).any(|l| accepted(&l));
            proptest::prop_assert!(!any || may_hold_link(&text));
        }
    }
}
