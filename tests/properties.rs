//! Property tests (proptest) and a bounded, seeded fuzz loop over the entry points that
//! see raw input: decoding, the paragraph splitter, the tokenizer and analyzer, and the
//! config parser with `--set` overrides.
//!
//! Properties: arbitrary bytes never panic; splitting is lossless (the units concatenate
//! back to the text, up to white space) and bounded by `segment.max_words`; tokens never
//! contain separators; config errors always name where the bad value came from.
//!
//! cargo-fuzz needs a nightly toolchain, so the fuzzing runs here on stable instead:
//! [`fuzz_loop_over_mutated_seed_text`] and [`fuzz_loop_over_mutated_config`], 300
//! seeded iterations each (`PARATOPIC_FUZZ_ITERATIONS=N` for more).

mod common;

use paratopic::config::{Config, DEFAULT_TOML};
use paratopic::corpus::{
    decode, split_units, InvalidUtf8, SegmentConfig, TextDecoding, BYTES_PER_WORD,
};
use paratopic::text::{tokenize, Analyzer, PreprocessConfig};
use paratopic::Error;
use proptest::prelude::*;
use std::path::Path;

// ---------------------------------------------------------------- invariants

/// The non-white-space characters of `s`, in order.
fn ink(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Lines split at `\r\n`, `\n` or `\r`, as the splitter sees them.
fn lines_of(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(pos) = rest.find(['\n', '\r']) {
        out.push(&rest[..pos]);
        let skip = if rest[pos..].starts_with("\r\n") {
            2
        } else {
            1
        };
        rest = &rest[pos + skip..];
    }
    out.push(rest);
    out
}

/// Splits `text` and checks every splitter invariant.
fn check_split(text: &str, config: &SegmentConfig) {
    let units = split_units(text, config);
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    // lossless up to white space
    let joined: String = units.iter().map(|u| u.text.as_str()).collect();
    assert_eq!(ink(&joined), ink(body), "splitting lost or added text");
    let lines = lines_of(body);
    let mut previous = 1;
    for u in &units {
        assert!(!u.text.trim().is_empty(), "a blank unit");
        assert!(
            u.line >= previous && u.line <= lines.len(),
            "bad line {}",
            u.line
        );
        previous = u.line;
        let first = u.text.split_whitespace().next().unwrap();
        assert!(
            lines[u.line - 1].contains(first),
            "unit at line {} starts with {first:?}, not on that line",
            u.line
        );
        if config.max_words > 0 {
            assert!(u.text.split_whitespace().count() <= config.max_words);
            assert!(u.text.len() <= config.max_words * BYTES_PER_WORD);
        }
    }
}

/// Tokenizes and analyzes `text` and checks that no token holds a separator.
fn check_tokens(text: &str, analyzer: &Analyzer) {
    for split_hyphens in [false, true] {
        let mut end = 0;
        for t in tokenize(text, split_hyphens) {
            assert!(!t.is_empty());
            assert!(!t.chars().any(char::is_whitespace), "token {t:?}");
            if split_hyphens {
                assert!(!t.contains('-'), "token {t:?} with split_hyphens");
            }
            // tokens are slices of the text, in order, never overlapping
            let start = t.as_ptr() as usize - text.as_ptr() as usize;
            assert!(start >= end);
            end = start + t.len();
        }
    }
    for t in analyzer.analyze(text) {
        assert!(!t.word.is_empty() && !t.word.chars().any(char::is_whitespace));
        assert!(!t.stem.chars().any(char::is_whitespace));
    }
}

/// Decodes `bytes` under every policy and checks the contract.
fn check_decode(bytes: &[u8]) -> Option<String> {
    let path = Path::new("in/f.txt");
    let utf16 = bytes.starts_with(b"\xff\xfe") || bytes.starts_with(b"\xfe\xff");
    let binary = bytes.contains(&0) && !utf16;
    let body = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let valid = utf16 || std::str::from_utf8(body).is_ok();
    // read as UTF-8 (`input.encoding = "utf-8"`), the policies decide
    let utf8 = |p| decode(path, bytes.to_vec(), TextDecoding::utf8(p));
    let replaced = utf8(InvalidUtf8::Replace).unwrap();
    assert_eq!(replaced.text.is_none(), binary);
    if binary || !valid {
        assert!(replaced.warning.is_some());
    }
    if let Some(w) = &replaced.warning {
        assert!(w.text.contains("in/f.txt"), "{w}");
    }
    let skipped = utf8(InvalidUtf8::Skip).unwrap();
    assert_eq!(skipped.text.is_none(), binary || !valid);
    match utf8(InvalidUtf8::Error) {
        Ok(d) => assert!(binary || valid, "{d:?}"),
        Err(e) => {
            assert!(!binary && !valid);
            assert!(e.to_string().contains("in/f.txt is not valid UTF-8"));
            assert_eq!(e.exit_code(), 1);
        }
    }
    // detected ("auto"): every file that is not binary is text, and anything guessed or
    // replaced is said
    let auto = decode(path, bytes.to_vec(), InvalidUtf8::Replace).unwrap();
    assert_eq!(auto.text.is_none(), binary);
    if !valid {
        assert!(auto
            .warning
            .as_ref()
            .is_some_and(|w| w.text.contains("in/f.txt")));
    }
    if let Some(t) = &replaced.text {
        assert!(!t.starts_with('\u{feff}') || body.starts_with(b"\xef\xbb\xbf"));
    }
    replaced.text
}

/// Every dotted key of the default configuration.
fn known_keys() -> Vec<String> {
    let table: toml::Table = toml::from_str(DEFAULT_TOML).unwrap();
    table
        .iter()
        .flat_map(|(section, t)| {
            t.as_table()
                .unwrap()
                .keys()
                .map(|k| format!("{section}.{k}"))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Parses with one override and checks the result names its source.
fn check_override(flag: &str) {
    match Config::parse("", "c.toml", &[flag.to_string()]) {
        Ok(c) => assert!(c.validate().is_ok(), "{flag} accepted an invalid config"),
        Err(e) => {
            let m = e.to_string();
            assert_eq!(e.exit_code(), 2, "{flag}: {m}");
            assert!(m.starts_with(&format!("--set {flag}")), "{flag}: {m}");
            if !flag.contains('=') {
                assert!(matches!(e, Error::Usage(_)));
            }
        }
    }
}

/// Parses a config file text and checks errors give the file (and line) they are in.
fn check_config_text(text: &str) {
    if let Err(e) = Config::parse(text, "c.toml", &[]) {
        let m = e.to_string();
        assert_eq!(e.exit_code(), 2, "{m}");
        assert!(m.starts_with("c.toml:"), "{m}");
    }
}

// ---------------------------------------------------------------- strategies

fn segment_configs() -> impl Strategy<Value = SegmentConfig> {
    (
        0usize..12,
        0usize..20,
        prop_oneof![Just(0usize), 10usize..40],
    )
        .prop_map(|(min_words, heading_max_words, max_words)| SegmentConfig {
            min_words,
            heading_max_words,
            max_words,
        })
}

/// Text made of the pieces that matter to splitting and tokenizing.
fn texty() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[a-zA-Z]{1,12}",
        Just(" ".to_string()),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just("\r\n".to_string()),
        Just("\r".to_string()),
        Just("\t".to_string()),
        Just("\u{a0}".to_string()),
        Just("\u{feff}".to_string()),
        Just("\u{2028}".to_string()),
        Just(". ".to_string()),
        Just("!\" ".to_string()),
        Just("-".to_string()),
        Just("'s".to_string()),
        Just("\u{2019}".to_string()),
        Just("İ".to_string()),
        Just("2016".to_string()),
        "\\PC{1,3}",
    ];
    prop::collection::vec(piece, 0..120).prop_map(|v| v.concat())
}

fn toml_values() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<i64>().prop_map(|i| i.to_string()),
        any::<f64>().prop_map(|f| f.to_string()),
        Just("0".to_string()),
        Just("-1".to_string()),
        Just("0.0".to_string()),
        Just("1e400".to_string()),
        Just("true".to_string()),
        Just("[\"a\", 1]".to_string()),
        Just("{ x = 1 }".to_string()),
        "[a-z\"\\[\\]{}=., ]{0,20}",
        any::<String>(),
    ]
}

// ---------------------------------------------------------------- properties

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn decoding_arbitrary_bytes_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        check_decode(&bytes);
    }

    #[test]
    fn splitting_arbitrary_bytes_never_panics_and_is_lossless(
        bytes in prop::collection::vec(any::<u8>(), 0..600),
        config in segment_configs(),
    ) {
        check_split(&String::from_utf8_lossy(&bytes), &config);
    }

    #[test]
    fn splitting_text_is_lossless_and_bounded(text in texty(), config in segment_configs()) {
        check_split(&text, &config);
    }

    #[test]
    fn tokens_never_contain_separators(text in texty(), noise in any::<String>()) {
        let analyzer = Analyzer::new(&PreprocessConfig { keep_numbers: true, ..Default::default() }).unwrap();
        check_tokens(&text, &analyzer);
        check_tokens(&noise, &analyzer);
    }

    #[test]
    fn config_overrides_never_panic_and_name_their_flag(
        key_index in any::<prop::sample::Index>(),
        free_key in "[a-z_.]{0,24}",
        use_known in any::<bool>(),
        value in toml_values(),
    ) {
        let keys = known_keys();
        let key = if use_known { keys[key_index.index(keys.len())].clone() } else { free_key };
        check_override(&format!("{key}={value}"));
        check_override(&key);
    }

    #[test]
    fn config_files_never_panic_and_name_the_file(text in any::<String>()) {
        check_config_text(&text);
    }
}

// ---------------------------------------------------------------- bounded fuzz loops

/// xorshift64*: a tiny deterministic generator, so every run fuzzes the same inputs.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Byte sequences that hit the input-handling edge cases.
const SPICE: &[&[u8]] = &[
    b"\r",
    b"\r\n",
    b"\n\n",
    b"\xef\xbb\xbf",
    b"\xff",
    b"\xc3",
    b"\xe2\x80",
    b"\0",
    "\u{a0}".as_bytes(),
    "\u{2019}s".as_bytes(),
    b" - ",
    b". ",
    "İ".as_bytes(),
    b"co-op",
];

/// Applies 1–8 random mutations to `bytes`.
fn mutate(rng: &mut Rng, bytes: &mut Vec<u8>) {
    for _ in 0..1 + rng.below(8) {
        let at = rng.below(bytes.len() + 1);
        match rng.below(6) {
            0 if !bytes.is_empty() => {
                let i = rng.below(bytes.len());
                bytes[i] ^= 1 << rng.below(8);
            }
            1 => bytes.insert(at, rng.next() as u8),
            2 => {
                let spice = SPICE[rng.below(SPICE.len())];
                bytes.splice(at..at, spice.iter().copied());
            }
            3 => {
                let end = (at + rng.below(64)).min(bytes.len());
                bytes.drain(at..end);
            }
            4 => {
                let end = (at + rng.below(256)).min(bytes.len());
                let copy = bytes[at..end].to_vec();
                bytes.splice(at..at, copy);
            }
            _ => {
                let run = vec![b"aZ- ."[rng.below(5)]; rng.below(5000)];
                bytes.splice(at..at, run);
            }
        }
    }
}

/// Fuzz iterations: 300, or `PARATOPIC_FUZZ_ITERATIONS` for a longer local session.
fn iterations() -> usize {
    std::env::var("PARATOPIC_FUZZ_ITERATIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300)
}

#[test]
fn fuzz_loop_over_mutated_seed_text() {
    let seeds: Vec<Vec<u8>> = common::seed_texts()
        .into_iter()
        .map(|(_, t)| t.into_bytes())
        .collect();
    let analyzer = Analyzer::new(&PreprocessConfig::default()).unwrap();
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    for _ in 0..iterations() {
        let mut bytes = seeds[rng.below(seeds.len())].clone();
        let start = rng.below(bytes.len());
        bytes.drain(..start.min(bytes.len().saturating_sub(2000))); // keep it small
        bytes.truncate(4000);
        mutate(&mut rng, &mut bytes);
        let Some(text) = check_decode(&bytes) else {
            continue;
        };
        let config = SegmentConfig {
            min_words: rng.below(12),
            heading_max_words: rng.below(20),
            max_words: [0, 10, 50, 1000][rng.below(4)],
        };
        check_split(&text, &config);
        for unit in split_units(&text, &config) {
            check_tokens(&unit.text, &analyzer);
        }
    }
}

#[test]
fn fuzz_loop_over_mutated_config() {
    let mut rng = Rng(0x5eed_1234_abcd_0002);
    for _ in 0..iterations() {
        let mut bytes = DEFAULT_TOML.as_bytes().to_vec();
        mutate(&mut rng, &mut bytes);
        check_config_text(&String::from_utf8_lossy(&bytes));
    }
}
