//! From a file's bytes to its text: byte-order marks, UTF-8, other encodings
//! (encoding_rs, the WHATWG Encoding Standard) and, when a file is not UTF-8, a guess by
//! chardetng, the detector Firefox uses. Every decision that alters or guesses text is a
//! warning naming the file.

use super::InvalidUtf8;
use crate::error::{Error, Result};
use crate::notice::Notice;
use encoding_rs::{Encoding, UTF_8};
use std::path::Path;

/// How file bytes become text: `input.encoding` (`None`: `"auto"`) and
/// `input.on_invalid_utf8`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TextDecoding {
    /// The encoding every file is in; `None` detects it per file (`"auto"`).
    pub encoding: Option<&'static Encoding>,
    /// What to do with invalid UTF-8 in a file read as UTF-8.
    pub on_invalid_utf8: InvalidUtf8,
}

impl TextDecoding {
    /// Every file is UTF-8 (`input.encoding = "utf-8"`); invalid bytes follow `policy`.
    pub fn utf8(on_invalid_utf8: InvalidUtf8) -> TextDecoding {
        TextDecoding {
            encoding: Some(UTF_8),
            on_invalid_utf8,
        }
    }
}

impl From<InvalidUtf8> for TextDecoding {
    /// `"auto"` detection with this policy.
    fn from(on_invalid_utf8: InvalidUtf8) -> Self {
        TextDecoding {
            encoding: None,
            on_invalid_utf8,
        }
    }
}

/// Under `"auto"`, a file whose invalid UTF-8 is below this share of its non-ASCII bytes
/// is UTF-8 with a few bad bytes, not another encoding.
const MOSTLY_UTF8: f64 = 0.01;

/// A decoded file: its text (`None` if left out) and a warning, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text, without a leading byte-order mark; `None` if the file is left out.
    pub text: Option<String>,
    /// What was wrong with the file, naming it.
    pub warning: Option<Notice>,
}

impl Decoded {
    fn text(text: String, warning: Option<Notice>) -> Decoded {
        Decoded {
            text: Some(text),
            warning,
        }
    }
}

/// Decodes the bytes of the file at `path` (named in messages).
///
/// A byte-order mark decides the encoding (UTF-8, UTF-16LE, UTF-16BE) and is dropped.
/// Otherwise a NUL byte means a binary file: left out with a warning. With an explicit
/// `input.encoding` the file is decoded in it; else valid UTF-8 is UTF-8 (text that looks
/// double-encoded, `britainâ€™s`, gets a warning); invalid UTF-8 is handled by
/// `input.on_invalid_utf8` when it is under 1% of the non-ASCII bytes (or the encoding is
/// `"utf-8"`), and otherwise the file's encoding is guessed, with a warning naming it.
///
/// ```
/// use paratopic::corpus::{decode, InvalidUtf8, TextDecoding};
/// let utf8 = TextDecoding::utf8(InvalidUtf8::Replace);
/// let d = decode("a.txt".as_ref(), b"\xef\xbb\xbfok \xff".to_vec(), utf8).unwrap();
/// assert_eq!(d.text.as_deref(), Some("ok \u{fffd}"));
/// assert!(d.warning.unwrap().to_string().contains("a.txt is not valid UTF-8 (first bad byte at offset 6)"));
/// // a UTF-16 file with its byte-order mark
/// let d = decode("b.txt".as_ref(), b"\xff\xfeo\0k\0".to_vec(), InvalidUtf8::Replace).unwrap();
/// assert_eq!(d.text.as_deref(), Some("ok"));
/// // not UTF-8 at all: the encoding is guessed (`"auto"`), with a warning
/// let d = decode("c.txt".as_ref(), b"caf\xe9 cr\xe8me".to_vec(), InvalidUtf8::Replace).unwrap();
/// assert_eq!(d.text.as_deref(), Some("café crème"));
/// assert_eq!(d.warning.unwrap().kind, "encoding_guessed");
/// ```
pub fn decode(path: &Path, bytes: Vec<u8>, how: impl Into<TextDecoding>) -> Result<Decoded> {
    let how = how.into();
    if let Some((enc, bom)) = Encoding::for_bom(&bytes) {
        if enc != UTF_8 {
            return Ok(legacy(path, &bytes[bom..], enc));
        }
    }
    if let Some(at) = memchr::memchr(0, &bytes) {
        let text = format!(
            "{} contains a NUL byte (offset {at}) and looks binary; skipped (a UTF-16 file needs its \
             byte-order mark)",
            path.display()
        );
        return Ok(Decoded {
            text: None,
            warning: Some(Notice::warning("binary", text)),
        });
    }
    if let Some(enc) = how.encoding.filter(|&e| e != UTF_8) {
        return Ok(legacy(path, &bytes, enc));
    }
    let mut bytes = bytes;
    let bom = if bytes.starts_with(b"\xef\xbb\xbf") {
        bytes.drain(..3);
        3
    } else {
        0
    };
    match String::from_utf8(bytes) {
        Ok(s) => {
            let warning = mojibake(path, &s);
            Ok(Decoded::text(s, warning))
        }
        Err(e) if how.encoding.is_none() && !mostly_utf8(e.as_bytes()) => {
            Ok(guessed(path, e.as_bytes()))
        }
        Err(e) => invalid_utf8(path, e, bom, how.on_invalid_utf8),
    }
}

/// Decodes `bytes` in `enc`; bytes that are not valid in it become U+FFFD, with a warning.
fn legacy(path: &Path, bytes: &[u8], enc: &'static Encoding) -> Decoded {
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    let warning = had_errors.then(|| {
        Notice::warning(
            "invalid_bytes",
            format!(
                "{} has bytes that are not valid {}; they were replaced by U+FFFD (check \
                 input.encoding)",
                path.display(),
                enc.name()
            ),
        )
    });
    Decoded::text(text.into_owned(), warning)
}

/// True when the invalid sequences of `bytes` are under [`MOSTLY_UTF8`] of its
/// non-ASCII bytes.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let non_ascii = bytes.iter().filter(|b| !b.is_ascii()).count();
    let invalid: usize = bytes.utf8_chunks().map(|c| c.invalid().len()).sum();
    (invalid as f64) < MOSTLY_UTF8 * non_ascii as f64
}

/// A file that is not UTF-8, decoded in the encoding chardetng guesses, with a warning.
fn guessed(path: &Path, bytes: &[u8]) -> Decoded {
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    let (enc, confident) = detector.guess_assess(None, false);
    let decoded = legacy(path, bytes, enc);
    let confidence = if confident {
        "a confident guess"
    } else {
        "an uncertain guess: check its text"
    };
    let text = format!(
        "{} is not UTF-8; decoded as {} ({confidence}); set input.encoding = {:?} to say so, or \
         save the file as UTF-8",
        path.display(),
        enc.name(),
        enc.name().to_lowercase()
    );
    Decoded::text(
        decoded.text.unwrap_or_default(),
        Some(Notice::warning("encoding_guessed", text)),
    )
}

/// The policy for invalid UTF-8; messages give the offset of the first bad byte (after
/// a `bom` of that many bytes).
fn invalid_utf8(
    path: &Path,
    err: std::string::FromUtf8Error,
    bom: usize,
    policy: InvalidUtf8,
) -> Result<Decoded> {
    let offset = err.utf8_error().valid_up_to() + bom;
    let what = format!(
        "{} is not valid UTF-8 (first bad byte at offset {offset})",
        path.display()
    );
    let warn = |s: String| Some(Notice::warning("invalid_utf8", s));
    match policy {
        InvalidUtf8::Replace => Ok(Decoded::text(
            String::from_utf8_lossy(err.as_bytes()).into_owned(),
            warn(format!(
                "{what}; invalid bytes replaced by U+FFFD (input.on_invalid_utf8 = \"skip\" or \
                 \"error\" changes this)"
            )),
        )),
        InvalidUtf8::Skip => Ok(Decoded {
            text: None,
            warning: warn(format!(
                "{what}; skipped (input.on_invalid_utf8 = \"skip\")"
            )),
        }),
        InvalidUtf8::Error => Err(Error::Data(format!(
            "{what}; re-encode it as UTF-8, or set input.on_invalid_utf8 = \"replace\" or \"skip\""
        ))),
    }
}

/// The characters Windows-1252 maps bytes 0x80–0xBF to: what the continuation bytes of
/// UTF-8 turn into when UTF-8 is read as Windows-1252.
fn cp1252_continuation(c: char) -> bool {
    matches!(c, '\u{a0}'..='\u{bf}') || "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ".contains(c)
}

/// A warning when valid UTF-8 `text` holds double-encoded characters (UTF-8 read as
/// Windows-1252 and saved again: `â€™` for `’`, `Ã©` for `é`), with the count and the
/// first example.
fn mojibake(path: &Path, text: &str) -> Option<Notice> {
    if text.is_ascii() {
        return None;
    }
    let (mut count, mut first) = (0usize, None);
    // the character two before the current one, and the one before it with its offset
    let (mut before, mut prev): (Option<char>, Option<(usize, char)>) = (None, None);
    for (at, c) in text.char_indices() {
        if let Some((lead_at, a)) = prev {
            let lead = matches!(a, 'Ã' | 'Â' | 'â');
            let after_letter = before.is_some_and(|b| b.is_ascii_lowercase());
            // `â€™` and `Ã©` whole, or a word ending in `â` whose tail was lost
            let tail_lost = a == 'â' && after_letter && !c.is_alphabetic();
            if lead && (cp1252_continuation(c) || tail_lost) {
                count += 1;
                first.get_or_insert(lead_at);
            }
            before = Some(a);
        }
        prev = Some((at, c));
    }
    let first = first?;
    let start = text[..first]
        .rfind(char::is_whitespace)
        .map_or(0, |p| p + 1);
    let end = text[first..]
        .find(char::is_whitespace)
        .map_or(text.len(), |p| first + p);
    let example: String = text[start..end].chars().take(40).collect();
    Some(Notice::warning(
        "mojibake",
        format!(
            "{} looks double-encoded (UTF-8 text read as Windows-1252 and saved again) in \
             {count} place(s), e.g. {example:?}; those words will not match their correct \
             spelling: re-export the file from its original",
            path.display(),
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(bytes: &[u8], how: impl Into<TextDecoding>) -> Decoded {
        decode(Path::new("f.txt"), bytes.to_vec(), how).unwrap()
    }

    fn utf16(s: &str, le: bool) -> Vec<u8> {
        let mut out = if le {
            vec![0xFF, 0xFE]
        } else {
            vec![0xFE, 0xFF]
        };
        for u in s.encode_utf16() {
            let b = if le { u.to_le_bytes() } else { u.to_be_bytes() };
            out.extend(b);
        }
        out
    }

    /// Decoding as UTF-8 (`input.encoding = "utf-8"`) under `policy`.
    fn utf8(bytes: &[u8], policy: InvalidUtf8) -> Result<Decoded> {
        decode(
            Path::new("f.txt"),
            bytes.to_vec(),
            TextDecoding::utf8(policy),
        )
    }

    #[test]
    fn offsets_count_the_bom() {
        let d = utf8(b"ab\xff", InvalidUtf8::Replace).unwrap();
        assert!(d.warning.unwrap().text.contains("offset 2"));
        let d = utf8(b"\xef\xbb\xbfab\xff", InvalidUtf8::Replace).unwrap();
        assert_eq!(d.text.as_deref(), Some("ab\u{fffd}"));
        assert!(d.warning.unwrap().text.contains("offset 5"));
    }

    #[test]
    fn policies() {
        let skip = utf8(b"a\xc3", InvalidUtf8::Skip).unwrap();
        assert_eq!(skip.text, None);
        let e = utf8(b"a\xc3", InvalidUtf8::Error).unwrap_err();
        assert!(e
            .to_string()
            .contains("f.txt is not valid UTF-8 (first bad byte at offset 1)"));
        assert_eq!(e.exit_code(), 1);
        assert_eq!(
            utf8(b"fine", InvalidUtf8::Error).unwrap().text.as_deref(),
            Some("fine")
        );
    }

    #[test]
    fn nul_means_binary() {
        let d = utf8(b"ab\0cd", InvalidUtf8::Error).unwrap();
        assert_eq!(d.text, None);
        assert!(d.warning.unwrap().text.contains("NUL byte (offset 2)"));
    }

    #[test]
    fn utf16_with_a_bom_is_text_in_both_byte_orders() {
        let s = "Tenants’ rights\n\nCafé culture";
        for le in [true, false] {
            let d = dec(&utf16(s, le), InvalidUtf8::Replace);
            assert_eq!(d.text.as_deref(), Some(s));
            assert_eq!(d.warning, None);
        }
        // without a BOM its NUL bytes still mean binary, and the warning says why
        let mut no_bom = utf16(s, true);
        no_bom.drain(..2);
        let d = dec(&no_bom, InvalidUtf8::Replace);
        assert!(d.text.is_none());
        assert!(d.warning.unwrap().text.contains("byte-order mark"));
    }

    #[test]
    fn legacy_encodings_are_detected_with_a_warning() {
        // cp1252: curly quote 0x92, é 0xE9, en dash 0x96
        let cp1252 =
            b"The Mayor\x92s caf\xe9 policy \x96 a r\xe9gime for caf\xe9s and high streets.";
        let d = dec(cp1252, InvalidUtf8::Replace);
        assert_eq!(
            d.text.as_deref(),
            Some("The Mayor’s café policy – a régime for cafés and high streets.")
        );
        let w = d.warning.unwrap();
        assert_eq!(w.kind, "encoding_guessed");
        assert!(
            w.text
                .contains("f.txt is not UTF-8; decoded as windows-1252"),
            "{w}"
        );
        // Russian in cp1251
        let (bytes, _, _) = encoding_rs::WINDOWS_1251
            .encode("Жилищная политика и транспорт города, доступное жильё для всех семей.");
        let d = dec(&bytes, InvalidUtf8::Replace);
        assert_eq!(
            d.text.as_deref(),
            Some("Жилищная политика и транспорт города, доступное жильё для всех семей.")
        );
        // Polish in ISO-8859-2, named explicitly
        let (bytes, _, _) =
            encoding_rs::ISO_8859_2.encode("Zażółć gęślą jaźń: polityka mieszkaniowa.");
        let how = TextDecoding {
            encoding: Encoding::for_label(b"iso-8859-2"),
            on_invalid_utf8: InvalidUtf8::Error,
        };
        let d = dec(&bytes, how);
        assert_eq!(
            d.text.as_deref(),
            Some("Zażółć gęślą jaźń: polityka mieszkaniowa.")
        );
        assert_eq!(d.warning, None);
    }

    #[test]
    fn a_few_bad_bytes_in_utf8_are_replaced_not_guessed() {
        let mut text = "Affordable homes – genuinely affordable – for Londoners. ".repeat(40);
        text.push_str("stray \u{ff}");
        let mut bytes = text.replace('\u{ff}', "").into_bytes();
        bytes.push(0xFF);
        let d = dec(&bytes, InvalidUtf8::Replace);
        let w = d.warning.unwrap();
        assert_eq!(w.kind, "invalid_utf8", "{w}");
        assert!(d.text.unwrap().ends_with("stray \u{fffd}"));
        // and with input.encoding = "utf-8" nothing is guessed at all
        let how = TextDecoding {
            encoding: Some(UTF_8),
            on_invalid_utf8: InvalidUtf8::Skip,
        };
        let d = dec(b"caf\xe9", how);
        assert!(d.text.is_none());
        assert_eq!(d.warning.unwrap().kind, "invalid_utf8");
    }

    #[test]
    fn double_encoded_text_is_warned_about() {
        let d = dec(
            "Britain’s plan, britainâ€™s mess and cafÃ© owners".as_bytes(),
            InvalidUtf8::Replace,
        );
        let w = d.warning.unwrap();
        assert_eq!(w.kind, "mojibake");
        assert!(
            w.text.contains("in 2 place(s), e.g. \"britainâ€™s\""),
            "{w}"
        );
        let d = dec("the britainâ s case".as_bytes(), InvalidUtf8::Replace);
        assert!(d.warning.is_some());
        // French and Portuguese words with â are words, not mojibake
        let d = dec(
            "Le château, la pâte et São Paulo.".as_bytes(),
            InvalidUtf8::Replace,
        );
        assert_eq!(d.warning, None);
    }
}
