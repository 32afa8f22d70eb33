//! Property tests (proptest) and a bounded, seeded fuzz loop over the entry points that
//! see raw input: decoding, the paragraph splitter, the tokenizer and analyzer, and the
//! config parser with `--set` overrides.
//!
//! Properties: arbitrary bytes never panic; splitting is lossless (the units concatenate
//! back to the text, up to white space) and bounded by `segment.max_words`; tokens never
//! contain separators; config errors always name where the bad value came from, and an
//! accepted config holds every value it was given.
//!
//! The config generators reach the checks they are for: of the 300 cases of
//! [`config_faults_are_caught_by_the_check_for_them`] (valid TOML, one fault each), 31%
//! reach the type check, 29% the range checks, 27% the unknown-key check and 12% are
//! valid, each decided by the check its fault is for; of the 300 mutated configs of
//! [`fuzz_loop_over_mutated_config`], 13% reach the type check, 22% the range checks,
//! 42% the unknown-key check, 10% are accepted and 12% are not TOML (the shares are
//! asserted loosely, and printed with `--nocapture`).
//!
//! cargo-fuzz needs a nightly toolchain, so the fuzzing runs here on stable instead:
//! [`fuzz_loop_over_mutated_seed_text`] and [`fuzz_loop_over_mutated_config`], 300
//! seeded iterations each (`PARATOPIC_FUZZ_ITERATIONS=N` for more).

mod common;

use paratopic::config::{Config, DEFAULT_TOML};
use paratopic::corpus::{
    decode, split_units, InvalidUtf8, SegmentConfig, SegmentUnit, TextDecoding, BYTES_PER_WORD,
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
        if config.unit == SegmentUnit::Line {
            assert!(!u.text.contains(['\n', '\r']), "a line unit of lines");
        }
        if config.max_words > 0 && config.unit != SegmentUnit::Document {
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

/// The value at dotted `key` of `table`.
fn lookup<'a>(table: &'a toml::Table, key: &str) -> Option<&'a toml::Value> {
    let (path, last) = key.rsplit_once('.').unwrap_or(("", key));
    let mut t = table;
    for part in path.split('.').filter(|p| !p.is_empty()) {
        t = t.get(part)?.as_table()?;
    }
    t.get(last)
}

/// True if the config holds `given` (an integer given for a float key is the same
/// number; a single value given for a list-valued key is a list of one).
fn same_value(held: &toml::Value, given: &toml::Value) -> bool {
    use toml::Value::{Array, Float, Integer, Table};
    match (held, given) {
        (Float(a), Integer(b)) | (Integer(b), Float(a)) => *a == *b as f64,
        // a list-valued key given one value holds a list of one
        (Array(a), b) if !matches!(b, Array(_)) => a.len() == 1 && same_value(&a[0], b),
        (Array(a), Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same_value(x, y))
        }
        (Table(a), Table(b)) => {
            a.len() == b.len()
                && a.iter()
                    .all(|(k, x)| b.get(k).is_some_and(|y| same_value(x, y)))
        }
        (a, b) => a == b,
    }
}

/// `{ a = { b = value } }` for the dotted key `a.b`.
fn nest(key: &str, value: toml::Value) -> toml::Table {
    let mut parts = key.rsplit('.');
    let mut t = toml::Table::new();
    t.insert(parts.next().unwrap().to_string(), value);
    for part in parts {
        let mut outer = toml::Table::new();
        outer.insert(part.to_string(), toml::Value::Table(t));
        t = outer;
    }
    t
}

/// Asserts that `config` holds every leaf value of `given` (a parsed config file):
/// what parsed is what was written.
fn assert_holds(config: &Config, given: &toml::Table, context: &str) {
    let held: toml::Table = toml::from_str(&config.to_toml()).unwrap();
    fn walk(prefix: &str, t: &toml::Table, out: &mut Vec<(String, toml::Value)>) {
        for (k, v) in t {
            let key = if prefix.is_empty() {
                k.clone()
            } else {
                format!("{prefix}.{k}")
            };
            match v {
                toml::Value::Table(t) => walk(&key, t, out),
                v => out.push((key, v.clone())),
            }
        }
    }
    let mut leaves = Vec::new();
    walk("", given, &mut leaves);
    for (key, value) in leaves {
        let got = lookup(&held, &key);
        assert!(
            got.is_some_and(|g| same_value(g, &value)),
            "{context}: {key} = {value} was accepted but the config holds {got:?}"
        );
    }
}

/// Parses with one override and checks the result: an error names its source; a
/// success holds the value given.
fn check_override(flag: &str) {
    match Config::parse("", "c.toml", &[flag.to_string()]) {
        Ok(c) => {
            // the value as paratopic reads it: TOML, or else a bare string
            let (key, value) = flag.split_once('=').expect("no '=' is a usage error");
            let value = value.trim();
            let value = match value.parse::<toml_edit::Value>() {
                Ok(v) => toml::from_str::<toml::Table>(&format!("v = {v}")).unwrap()["v"].clone(),
                Err(_) => toml::Value::String(value.to_string()),
            };
            let given = nest(key.trim(), value);
            assert_holds(&c, &given, &format!("--set {flag}"));
        }
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

/// What [`check_config_text`] saw.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Outcome {
    /// Not TOML at all.
    Syntax,
    /// A key no table has.
    UnknownKey,
    /// A value of a type its key does not take.
    Type,
    /// A value of the right type out of its range (or two contradicting values).
    Range,
    /// Accepted.
    Accepted,
}

/// Parses a config file text and checks errors give the file (and line) they are in,
/// and that an accepted file's values are what the config holds. Returns which check
/// decided.
fn check_config_text(text: &str) -> Outcome {
    match Config::parse(text, "c.toml", &[]) {
        Ok(c) => {
            let given: toml::Table = toml::from_str(text).expect("paratopic accepted it");
            assert_holds(&c, &given, "c.toml");
            Outcome::Accepted
        }
        Err(e) => {
            let m = e.to_string();
            assert_eq!(e.exit_code(), 2, "{m}");
            assert!(m.starts_with("c.toml:"), "{m}");
            if m.contains(": invalid TOML: ") {
                Outcome::Syntax
            } else if m.contains(": unknown key ") {
                Outcome::UnknownKey
            } else if m.contains(": is ") {
                Outcome::Range
            } else {
                Outcome::Type
            }
        }
    }
}

// ---------------------------------------------------------------- strategies

fn segment_configs() -> impl Strategy<Value = SegmentConfig> {
    (
        0usize..12,
        0usize..20,
        prop_oneof![Just(0usize), 10usize..40],
        prop_oneof![
            4 => Just(SegmentUnit::Paragraph),
            1 => Just(SegmentUnit::Line),
            1 => Just(SegmentUnit::Document)
        ],
    )
        .prop_map(
            |(min_words, heading_max_words, max_words, unit)| SegmentConfig {
                min_words,
                heading_max_words,
                max_words,
                unit,
                ..SegmentConfig::default()
            },
        )
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

/// Valid values for some keys, other than the defaults; any mix of them is a valid
/// config.
const VALID: &[(&str, &[&str])] = &[
    ("input.extensions", &[r#"["txt"]"#, r#"["md", "txt"]"#]),
    ("input.on_invalid_utf8", &[r#""skip""#, r#""error""#]),
    ("segment.min_words", &["0", "3", "1000"]),
    ("segment.heading_max_words", &["0", "1000"]),
    ("segment.max_words", &["0", "10", "1000000"]),
    ("segment.boilerplate", &["false"]),
    (
        "preprocess.language",
        &[r#""DE""#, r#""auto""#, r#""none""#],
    ),
    ("preprocess.stemmer", &[r#""none""#, r#""french""#]),
    ("preprocess.stopwords", &[r#""fr""#, r#""none""#]),
    ("preprocess.extra_stopwords", &[r#"["mayor", "london"]"#]),
    ("preprocess.keep_numbers", &["true"]),
    ("preprocess.max_token_len", &["50", "1000"]),
    ("vectorize.min_df", &["1", "0.01"]),
    ("vectorize.max_df", &["0.9", "1.0", "100"]),
    ("vectorize.max_features", &["1", "5000"]),
    ("vectorize.ngram_max", &["1", "2", r#""auto""#]),
    ("vectorize.sublinear_tf", &["false"]),
    ("cluster.k", &["1", "1000", r#""auto""#]),
    ("cluster.k_range", &["[2, 2]", "[3, 1000]"]),
    ("cluster.seed", &["0", "9223372036854775807"]),
    ("cluster.tolerance", &["1e-9", "0.5"]),
    ("cluster.refine_sweeps", &["0", "100", r#""auto""#]),
    ("topics.top_terms", &["1", "50"]),
    ("topics.ranking", &[r#""ctfidf""#, r#""logodds""#]),
    ("eval.silhouette_sample", &["10", "100000"]),
    ("output.dir", &[r#""out""#]),
    ("output.max_documents_per_chart", &["1", "1000"]),
];

/// Values of the right type just outside each key's documented range (the `Range:`
/// lines of default_config.toml), or not among its documented choices.
const OUT_OF_RANGE: &[(&str, &[&str])] = &[
    ("input.extensions", &["[]"]),
    ("segment.min_words", &["1001"]),
    ("segment.heading_max_words", &["1001"]),
    ("segment.max_words", &["9", "1000001"]),
    ("preprocess.language", &[r#""klingon""#, r#""""#]),
    ("preprocess.stemmer", &[r#""klingon""#, r#""auto""#]),
    ("preprocess.stopwords", &[r#""el""#]),
    ("preprocess.min_token_len", &["0", "101"]),
    ("preprocess.max_token_len", &["1", "1001"]),
    ("vectorize.min_df", &["1.5", "-0.1"]),
    ("vectorize.max_df", &["0", "0.0", "1.5"]),
    ("vectorize.max_features", &["0"]),
    ("vectorize.ngram_max", &["0", "3"]),
    ("cluster.k", &["0", "1001"]),
    ("cluster.k_range", &["[1, 5]", "[5, 2]", "[2, 1001]"]),
    ("cluster.restarts", &["0", "1001"]),
    ("cluster.max_iter", &["0", "100001"]),
    ("cluster.tolerance", &["0.0", "1.0"]),
    ("cluster.dims", &["1", "1001"]),
    ("cluster.sample_size", &["99"]),
    ("cluster.refine_sweeps", &["101"]),
    ("topics.top_terms", &["0", "51"]),
    ("topics.label_words", &["0", "11"]),
    ("topics.representatives", &["51"]),
    ("topics.ranking", &[r#""tfidf""#]),
    ("eval.silhouette_sample", &["9", "100001"]),
    ("output.max_documents_per_chart", &["0", "1001"]),
];

/// One thing wrong with an otherwise valid config file, and the check that must catch it.
#[derive(Debug, Clone)]
enum Fault {
    /// A value of a type its key never takes (the deserializer's check).
    WrongType(String, &'static str),
    /// A value of the right type outside its range (the `validate` checks).
    OutOfRange(&'static str, &'static str),
    /// A key no table has, as `(table, key)`: a misspelt key or an unknown table.
    UnknownKey(String, String),
    /// Nothing: the file is valid.
    Valid,
}

/// A config file: valid `(key, value)` settings, and a fault.
#[derive(Debug, Clone)]
struct ConfigCase {
    settings: Vec<(&'static str, &'static str)>,
    fault: Fault,
}

impl ConfigCase {
    /// The file's text (tables in the order of the settings), and the 1-based line and
    /// column of the fault's value.
    fn render(&self) -> (String, Option<(usize, usize)>) {
        let mut lines: Vec<(String, Vec<String>)> = Vec::new();
        let mut put = |key: &str, value: &str| {
            let (table, leaf) = key.rsplit_once('.').unwrap();
            let i = match lines.iter().position(|(t, _)| t == table) {
                Some(i) => i,
                None => {
                    lines.push((table.to_string(), Vec::new()));
                    lines.len() - 1
                }
            };
            lines[i].1.push(format!("{leaf} = {value}"));
            (i, lines[i].1.len() - 1, leaf.chars().count() + 4)
        };
        for (k, v) in &self.settings {
            put(k, v);
        }
        let at = match &self.fault {
            Fault::WrongType(k, v) => Some(put(k, v)),
            Fault::OutOfRange(k, v) => Some(put(k, v)),
            Fault::UnknownKey(t, k) => Some(put(&format!("{t}.{k}"), "3")),
            Fault::Valid => None,
        };
        let mut text = String::new();
        let mut position = None;
        let mut line = 0;
        for (i, (table, entries)) in lines.iter().enumerate() {
            text.push_str(&format!("[{table}]\n"));
            line += 1;
            for (j, e) in entries.iter().enumerate() {
                text.push_str(e);
                text.push('\n');
                line += 1;
                if let Some((fi, fj, col)) = at {
                    if (fi, fj) == (i, j) {
                        position = Some((line, col));
                    }
                }
            }
        }
        (text, position)
    }
}

/// Every key with its default value, and the two optional keys.
fn keys_and_defaults() -> Vec<(String, toml::Value)> {
    let table: toml::Table = toml::from_str(DEFAULT_TOML).unwrap();
    let mut out: Vec<(String, toml::Value)> = table
        .iter()
        .flat_map(|(section, t)| {
            t.as_table()
                .unwrap()
                .iter()
                .map(|(k, v)| (format!("{section}.{k}"), v.clone()))
                .collect::<Vec<_>>()
        })
        .collect();
    out.push(("vectorize.max_features".into(), toml::Value::Integer(1)));
    out.push((
        "eval.labels".into(),
        toml::Value::String("labels.csv".into()),
    ));
    out
}

fn config_cases() -> impl Strategy<Value = ConfigCase> {
    let keys = keys_and_defaults();
    let wrong_type = (any::<prop::sample::Index>(), 0usize..3).prop_map(move |(i, v)| {
        let (key, default) = &keys[i.index(keys.len())];
        // no key takes an array of booleans, only a few a boolean, and only the lists
        // (of paths or words, which may be given as a single one) a date
        let value = match default {
            toml::Value::Boolean(_) => ["1", r#""yes""#, "1979-05-27"][v],
            toml::Value::Array(_) => ["true", "1", "[true]"][v],
            _ => ["true", "1979-05-27", "[true]"][v],
        };
        Fault::WrongType(key.clone(), value)
    });
    let out_of_range = any::<(prop::sample::Index, prop::sample::Index)>().prop_map(|(i, j)| {
        let (key, values) = OUT_OF_RANGE[i.index(OUT_OF_RANGE.len())];
        Fault::OutOfRange(key, values[j.index(values.len())])
    });
    let keys = keys_and_defaults();
    let unknown = (any::<prop::sample::Index>(), 0usize..4).prop_map(move |(i, how)| {
        let (key, _) = &keys[i.index(keys.len())];
        let (table, leaf) = key.rsplit_once('.').unwrap();
        let (table, leaf) = match how {
            0 => (table.to_string(), format!("{leaf}s")),
            1 => (table.to_string(), format!("{}{leaf}", &leaf[..1])),
            2 => (format!("{table}s"), leaf.to_string()),
            _ => (table.to_string(), format!("{leaf}_x")),
        };
        Fault::UnknownKey(table, leaf)
    });
    let fault = prop_oneof![
        3 => wrong_type,
        3 => out_of_range,
        3 => unknown,
        1 => Just(Fault::Valid),
    ];
    let settings = prop::collection::vec(any::<(prop::sample::Index, prop::sample::Index)>(), 0..8);
    (settings, fault).prop_map(|(picks, fault)| {
        let faulty = match &fault {
            Fault::WrongType(k, _) => k.clone(),
            Fault::OutOfRange(k, _) => k.to_string(),
            _ => String::new(),
        };
        let mut settings: Vec<(&'static str, &'static str)> = Vec::new();
        for (i, j) in picks {
            let (key, values) = VALID[i.index(VALID.len())];
            if key != faulty && !settings.iter().any(|(k, _)| *k == key) {
                settings.push((key, values[j.index(values.len())]));
            }
        }
        ConfigCase { settings, fault }
    })
}

/// Checks that the file of `case` is refused by the check its fault is for, with the
/// file, line, column and key, or accepted holding every value when it has none.
fn check_config_case(case: &ConfigCase) -> Outcome {
    let (text, at) = case.render();
    let outcome = check_config_text(&text);
    let message = match Config::parse(&text, "c.toml", &[]) {
        Ok(_) => String::new(),
        Err(e) => e.to_string(),
    };
    let prefix = |key: &str| {
        let (line, col) = at.unwrap();
        format!("c.toml:{line}:{col}: {key}: ")
    };
    match &case.fault {
        Fault::WrongType(key, value) => {
            assert_eq!(outcome, Outcome::Type, "{key} = {value}: {message}\n{text}");
            assert!(message.starts_with(&prefix(key)), "{message}\n{text}");
        }
        Fault::OutOfRange(key, value) => {
            assert_eq!(
                outcome,
                Outcome::Range,
                "{key} = {value}: {message}\n{text}"
            );
            let want = format!("{}is ", prefix(key));
            assert!(message.starts_with(&want), "{message}\n{text}");
        }
        Fault::UnknownKey(table, key) => {
            assert_eq!(
                outcome,
                Outcome::UnknownKey,
                "{table}.{key}: {message}\n{text}"
            );
            let (line, col) = at.unwrap();
            assert!(
                message.starts_with(&format!("c.toml:{line}:{col}: unknown key {table}.{key}; ")),
                "{message}\n{text}"
            );
        }
        Fault::Valid => assert_eq!(outcome, Outcome::Accepted, "{message}\n{text}"),
    }
    outcome
}

/// The share of each outcome, for messages (`--nocapture` shows them).
fn shares(counts: &std::collections::BTreeMap<Outcome, usize>) -> String {
    let total: usize = counts.values().sum();
    counts
        .iter()
        .map(|(o, n)| format!("{o:?} {:.0}%", 100.0 * *n as f64 / total as f64))
        .collect::<Vec<_>>()
        .join(", ")
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
            unit: [SegmentUnit::Paragraph, SegmentUnit::Line][rng.below(2)],
            ..SegmentConfig::default()
        };
        check_split(&text, &config);
        for unit in split_units(&text, &config) {
            check_tokens(&unit.text, &analyzer);
        }
    }
}

/// A config file with one thing wrong (or nothing), 300 seeded cases: 30% each a wrong
/// type, an out-of-range value and an unknown key, 10% valid; every case must be decided
/// by the check for its fault, and the shares are asserted.
#[test]
fn config_faults_are_caught_by_the_check_for_them() {
    use proptest::test_runner::{Config as RunnerConfig, RngAlgorithm, TestRng, TestRunner};
    let mut runner = TestRunner::new_with_rng(
        RunnerConfig {
            failure_persistence: None,
            ..RunnerConfig::with_cases(300)
        },
        TestRng::from_seed(RngAlgorithm::ChaCha, &[21; 32]),
    );
    let counts = std::cell::RefCell::new(std::collections::BTreeMap::new());
    runner
        .run(&config_cases(), |case| {
            *counts
                .borrow_mut()
                .entry(check_config_case(&case))
                .or_insert(0) += 1;
            Ok(())
        })
        .unwrap();
    let counts = counts.into_inner();
    eprintln!(
        "config cases by the check that decided: {}",
        shares(&counts)
    );
    let total: usize = counts.values().sum();
    let share = |o| counts.get(&o).copied().unwrap_or(0) as f64 / total as f64;
    for o in [Outcome::Type, Outcome::Range, Outcome::UnknownKey] {
        assert!(share(o) > 0.2, "{o:?}: {}", shares(&counts));
    }
    assert!(share(Outcome::Accepted) > 0.03, "{}", shares(&counts));
    assert_eq!(share(Outcome::Syntax), 0.0, "{}", shares(&counts));
}

/// Applies one TOML-level mutation to the default config, each 1 time in 5: a value
/// replaced by one from a pool of every type, a value put just out of its range, a key
/// misspelt, an unknown key added, or raw byte mutations.
fn mutate_config(rng: &mut Rng) -> String {
    let mut doc: toml_edit::DocumentMut = DEFAULT_TOML.parse().unwrap();
    let keys = keys_and_defaults();
    let (key, _) = &keys[rng.below(keys.len() - 2)];
    let (table, leaf) = key.rsplit_once('.').unwrap();
    let pool = [
        "true",
        "0",
        "-1",
        "1.5",
        "1e300",
        "\"auto\"",
        "\"x\"",
        "[]",
        "[1, 2]",
        "[\"a\"]",
        "1979-05-27",
        "{ x = 1 }",
        "100001",
        "0.0",
    ];
    match rng.below(5) {
        0 => {
            let value: toml_edit::Value = pool[rng.below(pool.len())].parse().unwrap();
            doc[table][leaf] = toml_edit::value(value);
        }
        1 => {
            let (key, values) = OUT_OF_RANGE[rng.below(OUT_OF_RANGE.len())];
            let (table, leaf) = key.rsplit_once('.').unwrap();
            let value: toml_edit::Value = values[rng.below(values.len())].parse().unwrap();
            doc[table][leaf] = toml_edit::value(value);
        }
        2 => {
            let item = doc[table].as_table_mut().unwrap().remove(leaf).unwrap();
            let misspelt = format!(
                "{}{}",
                &leaf[..leaf.len() - 1],
                "xyz"[rng.below(3)..].chars().next().unwrap()
            );
            doc[table][misspelt.as_str()] = item;
        }
        3 => {
            let (other, _) = &keys[rng.below(keys.len())];
            doc[table][other.replace('.', "_").as_str()] = toml_edit::value(1);
        }
        _ => {
            let mut bytes = doc.to_string().into_bytes();
            mutate(rng, &mut bytes);
            return String::from_utf8_lossy(&bytes).into_owned();
        }
    }
    doc.to_string()
}

#[test]
fn fuzz_loop_over_mutated_config() {
    let mut rng = Rng(0x5eed_1234_abcd_0002);
    let mut counts = std::collections::BTreeMap::new();
    for _ in 0..iterations() {
        let text = mutate_config(&mut rng);
        *counts.entry(check_config_text(&text)).or_insert(0) += 1;
    }
    eprintln!(
        "mutated configs by the check that decided: {}",
        shares(&counts)
    );
    let total: usize = counts.values().sum();
    let share = |o| counts.get(&o).copied().unwrap_or(0) as f64 / total as f64;
    // most inputs reach the checks past the TOML parser
    let checked = share(Outcome::UnknownKey) + share(Outcome::Type) + share(Outcome::Range);
    assert!(checked > 0.6, "{}", shares(&counts));
    for o in [Outcome::Type, Outcome::Range, Outcome::UnknownKey] {
        assert!(share(o) > 0.1, "{o:?}: {}", shares(&counts));
    }
}
