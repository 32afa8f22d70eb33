//! The whole configuration: one TOML file (`paratopic.toml`), one table per stage, plus
//! `--set KEY=VALUE` overrides. Each stage's config struct lives beside its stage.
//!
//! Errors name the key; values from the file also get `file:line:column`, values from
//! the command line the `--set` flag they came from.
//!
//! ```
//! use paratopic::cluster::TopicCount;
//! use paratopic::config::Config;
//!
//! let cfg = Config::parse("[cluster]\nk = 5\n", "example.toml", &["cluster.seed=7".into()]).unwrap();
//! assert_eq!((cfg.cluster.k, cfg.cluster.seed), (TopicCount::Fixed(5), 7));
//!
//! let err = Config::parse("[cluster]\nkk = 5\n", "example.toml", &[]).unwrap_err();
//! assert!(err.to_string().contains("example.toml:2:6: unknown key cluster.kk; did you mean cluster.k?"));
//! ```

use crate::cluster::ClusterConfig;
use crate::corpus::{InputConfig, SegmentConfig};
use crate::error::{Error, ParamError, Result};
use crate::eval::EvalConfig;
use crate::output::OutputConfig;
use crate::text::PreprocessConfig;
use crate::topics::TopicsConfig;
use crate::vectorize::VectorizeConfig;
use serde::{Deserialize, Serialize};
use std::ops::Range;
use std::path::Path;

/// The commented default configuration, as written by `paratopic init`.
pub const DEFAULT_TOML: &str = include_str!("default_config.toml");

/// Keys that are valid but absent from the defaults (optional values).
const OPTIONAL_KEYS: &[&str] = &[
    "vectorize.max_features",
    "eval.labels",
    "topics.merge",
    "preprocess.stemmer",
    "preprocess.stopwords",
];

/// Tables whose keys are the user's own (topic ids, topic names).
const OPEN_TABLES: &[&str] = &["topics.names", "topics.seed_words"];

/// Every setting of a run, grouped by stage.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// `[input]`: which files to read.
    pub input: InputConfig,
    /// `[segment]`: paragraph splitting.
    pub segment: SegmentConfig,
    /// `[preprocess]`: tokens and stems.
    pub preprocess: PreprocessConfig,
    /// `[vectorize]`: vocabulary and TF-IDF.
    pub vectorize: VectorizeConfig,
    /// `[cluster]`: topics.
    pub cluster: ClusterConfig,
    /// `[topics]`: topic descriptions.
    pub topics: TopicsConfig,
    /// `[eval]`: quality measurement.
    pub eval: EvalConfig,
    /// `[output]`: where results go.
    pub output: OutputConfig,
    /// `[tune]`: lists of values to try with `paratopic tune`, by dotted key
    /// (`vectorize.min_df = [1, 2, 5]` inside `[tune]`).
    #[serde(skip_serializing_if = "toml::Table::is_empty")]
    pub tune: toml::Table,
    /// The config file this was loaded from (`None`: built-in defaults or text).
    #[serde(skip)]
    pub source: Option<std::path::PathBuf>,
}

/// Where a config value came from, for error messages.
struct Located<'a> {
    origin: &'a str,
    text: &'a str,
    file_leaves: Vec<(String, Range<usize>)>,
    overrides: Vec<(String, String)>,
}

impl Located<'_> {
    /// `file:line:col: ` or `--set key=value: ` for `key`.
    fn prefix(&self, key: &str) -> String {
        format!(
            "{}: ",
            self.source(key).unwrap_or_else(|| self.origin.into())
        )
    }

    /// The prefix of a validation error: where its key and its other key, if any, were
    /// given (`--set a=1, --set b=2: `), or the origin when neither was.
    fn error_prefix(&self, e: &ParamError) -> String {
        let given: Vec<String> = std::iter::once(&e.key)
            .chain(&e.other_key)
            .filter_map(|k| self.source(k))
            .collect();
        if given.is_empty() {
            format!("{}: ", self.origin)
        } else {
            format!("{}: ", given.join(", "))
        }
    }

    /// `file:line:col` or `--set key=value` for a key given in the file or the command
    /// line; `None` for a default.
    fn source(&self, key: &str) -> Option<String> {
        if let Some((k, v)) = self.overrides.iter().rev().find(|(k, _)| k == key) {
            return Some(format!("--set {k}={v}"));
        }
        let (_, span) = self.file_leaves.iter().find(|(k, _)| k == key)?;
        let (line, col) = line_col(self.text, span.start);
        Some(format!("{}:{line}:{col}", self.origin))
    }
}

impl Config {
    /// Loads `path` (or the built-in defaults when `None`) and applies the overrides.
    pub fn load(path: Option<&Path>, overrides: &[String]) -> Result<Config> {
        match path {
            Some(p) => {
                let text = std::fs::read_to_string(p).map_err(|e| config_read_error(p, &e))?;
                let mut config = Config::parse(&text, &p.display().to_string(), overrides)?;
                config.source = Some(p.to_path_buf());
                Ok(config)
            }
            None => Config::parse("", "<defaults>", overrides),
        }
    }

    /// Parses config `text` (named `origin` in messages) and applies the overrides.
    pub fn parse(text: &str, origin: &str, overrides: &[String]) -> Result<Config> {
        let doc = toml_edit::ImDocument::parse(text.to_string()).map_err(|e| {
            let (line, col) = e.span().map(|s| line_col(text, s.start)).unwrap_or((1, 1));
            Error::Config(format!(
                "{origin}:{line}:{col}: invalid TOML: {}",
                e.message().trim()
            ))
        })?;
        let mut loc = Located {
            origin,
            text,
            file_leaves: leaves(doc.as_table()),
            overrides: Vec::new(),
        };
        let schema = schema();
        for (key, _) in &loc.file_leaves {
            check_known(key, &schema)
                .map_err(|m| Error::Config(format!("{}{m}", loc.prefix(key))))?;
        }
        let mut merged: toml_edit::DocumentMut = text.parse().expect("parsed above");
        for o in overrides {
            let (key, value) = o.split_once('=').ok_or_else(|| {
                Error::Usage(format!(
                    "--set {o}: expected KEY=VALUE, e.g. --set cluster.k=8 or --set 'input.paths=[\"corpus\"]'"
                ))
            })?;
            let key = key.trim();
            check_known(key, &schema).map_err(|m| Error::Config(format!("--set {o}: {m}")))?;
            let parsed = value
                .trim()
                .parse::<toml_edit::Value>()
                .unwrap_or_else(|_| toml_edit::Value::from(value.trim()));
            set_path(&mut merged, key, parsed)
                .map_err(|m| Error::Config(format!("--set {o}: {m}")))?;
            loc.overrides.push((key.to_string(), value.to_string()));
        }
        let merged_text = merged.to_string();
        let config: Config = toml::from_str(&merged_text).map_err(|e| {
            let key = e.span().and_then(|span| {
                let doc = toml_edit::ImDocument::parse(merged_text.clone()).ok()?;
                value_spans(doc.as_table())
                    .into_iter()
                    .filter(|(_, s)| s.start <= span.start && span.start < s.end.max(s.start + 1))
                    .min_by_key(|(_, s)| s.end - s.start)
                    .map(|(k, _)| k)
            });
            let message = e.message().trim().to_string();
            match key {
                Some(k) => Error::Config(format!("{}{k}: {message}", loc.prefix(&k))),
                None => Error::Config(format!("{origin}: {message}")),
            }
        })?;
        config
            .validate()
            .map_err(|e| Error::Config(format!("{}{e}", loc.error_prefix(&e))))?;
        Ok(config)
    }

    /// Checks every stage's values; the error names the key.
    pub fn validate(&self) -> std::result::Result<(), ParamError> {
        self.input.validate()?;
        self.segment.validate()?;
        self.preprocess.validate()?;
        self.vectorize.validate()?;
        self.cluster.validate()?;
        self.topics.validate()?;
        self.eval.validate()?;
        self.output.validate()?;
        Ok(())
    }

    /// This config with dotted `key = value` settings applied, validated.
    pub fn with_settings(&self, settings: &[(String, toml::Value)]) -> Result<Config> {
        let mut table = toml::Table::try_from(self)
            .map_err(|e| Error::Runtime(format!("cannot encode the config: {e}")))?;
        let schema = schema();
        for (key, value) in settings {
            check_known(key, &schema).map_err(Error::Config)?;
            let (path, last) = key.rsplit_once('.').unwrap_or(("", key));
            let mut t = &mut table;
            for part in path.split('.').filter(|p| !p.is_empty()) {
                t = t
                    .entry(part)
                    .or_insert_with(|| toml::Value::Table(toml::Table::new()))
                    .as_table_mut()
                    .ok_or_else(|| Error::Config(format!("{key}: {part} is not a table")))?;
            }
            t.insert(last.to_string(), value.clone());
        }
        let config: Config =
            toml::Value::Table(table)
                .try_into()
                .map_err(|e: toml::de::Error| {
                    let shown: Vec<String> =
                        settings.iter().map(|(k, v)| format!("{k} = {v}")).collect();
                    Error::Config(format!(
                        "[tune] {}: {}",
                        shown.join(", "),
                        e.message().trim()
                    ))
                })?;
        config
            .validate()
            .map_err(|e| Error::Config(format!("[tune] {e}")))?;
        Ok(config)
    }

    /// Every path a run reads, with the key or flag it came from: `input.paths`, the
    /// config file (`--config`) and `eval.labels`. None of them may be written, moved or
    /// deleted, so `output.dir` must not be or contain any of them.
    pub fn read_paths(&self) -> Vec<(&'static str, &Path)> {
        let mut out: Vec<(&'static str, &Path)> = self
            .input
            .paths
            .iter()
            .map(|p| ("input.paths", p.as_path()))
            .collect();
        out.extend(self.source.as_deref().map(|p| ("the config file", p)));
        out.extend(self.eval.labels.as_deref().map(|p| ("eval.labels", p)));
        out
    }

    /// The effective configuration as TOML (written into `run.json` as JSON too).
    pub fn to_toml(&self) -> String {
        toml::to_string(self).expect("config serialises")
    }
}

/// Deserializes a list-valued key that may also be given as a single value:
/// `paths = "corpus"` means `paths = ["corpus"]`. Use with
/// `#[serde(deserialize_with = "crate::config::one_or_many")]`.
///
/// # Errors
/// An item of the wrong type, with the expected type and that a list is accepted too.
pub fn one_or_many<'de, D, T>(d: D) -> std::result::Result<Vec<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    use serde::de::Error as _;
    let items = match toml::Value::deserialize(d)? {
        toml::Value::Array(items) => items,
        one => vec![one],
    };
    items
        .into_iter()
        .map(|item| {
            if let toml::Value::Datetime(d) = &item {
                // a bare TOML date is not the text it looks like: ask for quotes
                return Err(D::Error::custom(format!(
                    "invalid type: datetime {d}, expected a string: write it in quotes, \"{d}\" \
                     (a single value or a list of them)"
                )));
            }
            T::deserialize(item).map_err(|e| {
                D::Error::custom(format!(
                    "{} (a single value or a list of them)",
                    e.message()
                ))
            })
        })
        .collect()
}

/// The error for a config file that cannot be read, saying what to do.
fn config_read_error(path: &Path, e: &std::io::Error) -> Error {
    let p = path.display();
    Error::Config(match e.kind() {
        std::io::ErrorKind::InvalidData => {
            format!("config file {p} is not valid UTF-8; save it as UTF-8 text")
        }
        std::io::ErrorKind::NotFound => {
            format!("config file {p} does not exist; create one with `paratopic init {p}`")
        }
        _ => format!("cannot read config file {p}: {e}; check its permissions"),
    })
}

/// All valid dotted keys.
fn schema() -> Vec<String> {
    let doc: toml_edit::DocumentMut = toml::to_string(&Config::default())
        .expect("defaults serialise")
        .parse()
        .expect("defaults parse");
    let mut keys: Vec<String> = leaves(doc.as_table()).into_iter().map(|(k, _)| k).collect();
    keys.extend(OPTIONAL_KEYS.iter().map(|s| s.to_string()));
    keys
}

fn check_known(key: &str, schema: &[String]) -> std::result::Result<(), String> {
    if let Some(tuned) = key.strip_prefix("tune.") {
        if ["input.", "output.", "eval.", "tune."]
            .iter()
            .any(|p| tuned.starts_with(p))
        {
            return Err(format!(
                "{key}: only model settings can be tuned (segment, preprocess, vectorize, cluster, topics)"
            ));
        }
        return check_known(tuned, schema).map_err(|m| format!("{m} (in [tune])"));
    }
    if schema.iter().any(|k| k == key)
        || OPEN_TABLES
            .iter()
            .any(|t| key == *t || key.starts_with(&format!("{t}.")))
    {
        return Ok(());
    }
    let leaf = key.rsplit('.').next().unwrap_or(key);
    let best = schema
        .iter()
        .map(|k| {
            let same_leaf = k.rsplit('.').next() == Some(leaf);
            (!same_leaf, strsim::levenshtein(k, key), k)
        })
        .min();
    match best {
        Some((same_leaf, d, k)) if !same_leaf || d <= 3.max(key.len() / 3) => {
            Err(format!("unknown key {key}; did you mean {k}?"))
        }
        _ => Err(format!(
            "unknown key {key}; see `paratopic init` for every valid key"
        )),
    }
}

/// Leaf values with their dotted keys and byte spans.
fn leaves(table: &toml_edit::Table) -> Vec<(String, Range<usize>)> {
    let mut out = Vec::new();
    walk_table(table, "", false, &mut out);
    out
}

/// Like [`leaves`], plus the tables themselves: a table given where a number belongs
/// (`--set cluster.k={ x = 1 }`) is then still found by its span.
fn value_spans(table: &toml_edit::Table) -> Vec<(String, Range<usize>)> {
    let mut out = Vec::new();
    walk_table(table, "", true, &mut out);
    out
}

fn walk_table(
    table: &toml_edit::Table,
    prefix: &str,
    tables: bool,
    out: &mut Vec<(String, Range<usize>)>,
) {
    for (k, item) in table.iter() {
        let key = if prefix.is_empty() {
            k.to_string()
        } else {
            format!("{prefix}.{k}")
        };
        match item {
            toml_edit::Item::Table(t) => {
                if let (true, Some(span)) = (tables, t.span()) {
                    out.push((key.clone(), span));
                }
                walk_table(t, &key, tables, out)
            }
            toml_edit::Item::Value(toml_edit::Value::InlineTable(t)) => {
                if let (true, Some(span)) = (tables, t.span()) {
                    out.push((key.clone(), span));
                }
                walk_inline(t, &key, out);
            }
            toml_edit::Item::Value(v) => out.push((key, v.span().unwrap_or(0..0))),
            toml_edit::Item::ArrayOfTables(a) => out.push((key, a.span().unwrap_or(0..0))),
            toml_edit::Item::None => {}
        }
    }
}

fn walk_inline(
    table: &toml_edit::InlineTable,
    prefix: &str,
    out: &mut Vec<(String, Range<usize>)>,
) {
    for (k, v) in table.iter() {
        let key = format!("{prefix}.{k}");
        match v {
            toml_edit::Value::InlineTable(t) => walk_inline(t, &key, out),
            v => out.push((key, v.span().unwrap_or(0..0))),
        }
    }
}

fn set_path(
    doc: &mut toml_edit::DocumentMut,
    key: &str,
    value: toml_edit::Value,
) -> std::result::Result<(), String> {
    let parts: Vec<&str> = key.split('.').collect();
    let (last, tables) = parts.split_last().ok_or("empty key")?;
    let mut item = doc.as_item_mut();
    for p in tables {
        let t = item
            .as_table_like_mut()
            .ok_or_else(|| format!("{key}: {p} is not a table"))?;
        if t.get(p).is_none() {
            t.insert(p, toml_edit::Item::Table(toml_edit::Table::new()));
        }
        item = t.get_mut(p).expect("inserted");
    }
    let t = item
        .as_table_like_mut()
        .ok_or_else(|| format!("{key}: not inside a table"))?;
    t.insert(last, toml_edit::Item::Value(value));
    Ok(())
}

/// 1-based line and column (in characters) of byte `offset`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::TopicCount;

    #[test]
    fn default_toml_is_the_default_config() {
        assert_eq!(
            Config::parse(DEFAULT_TOML, "default", &[]).unwrap(),
            Config::default()
        );
    }

    #[test]
    fn schema_lists_stage_keys() {
        let s = schema();
        for k in [
            "input.paths",
            "cluster.k",
            "vectorize.min_df",
            "output.dir",
            "vectorize.max_features",
        ] {
            assert!(s.iter().any(|x| x == k), "{k} missing from {s:?}");
        }
    }

    #[test]
    fn type_error_names_key_and_line() {
        let e = Config::parse("[cluster]\nseed = 1\nk = \"eight\"\n", "c.toml", &[]).unwrap_err();
        let m = e.to_string();
        assert!(m.starts_with("c.toml:3:5: cluster.k:"), "{m}");
        assert_eq!(e.exit_code(), 2);
    }

    #[test]
    fn range_error_from_set_names_flag() {
        let e = Config::parse("", "c.toml", &["cluster.k=0".into()]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "--set cluster.k=0: cluster.k: is 0; it must be between 1 and 1000"
        );
    }

    #[test]
    fn contradicting_values_name_where_both_came_from() {
        let e = Config::parse(
            "[vectorize]\nmin_df = 5\n",
            "c.toml",
            &["vectorize.max_df=3".into()],
        )
        .unwrap_err();
        assert!(
            e.to_string().starts_with("c.toml:2:10, --set vectorize.max_df=3: vectorize.min_df: is 5 but vectorize.max_df is 3:"),
            "{e}"
        );
        assert_eq!(e.exit_code(), 2);
        // only the value given is located
        let e = Config::parse("", "<defaults>", &["vectorize.max_df=1".into()]).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("--set vectorize.max_df=1: vectorize.min_df: is 2"),
            "{e}"
        );
        // neither given: the origin
        let loc = Located {
            origin: "c.toml",
            text: "",
            file_leaves: Vec::new(),
            overrides: Vec::new(),
        };
        let e = ParamError::new("vectorize.min_df", "x").with_other_key("vectorize.max_df");
        assert_eq!(loc.error_prefix(&e), "c.toml: ");
    }

    #[test]
    fn set_without_equals_is_usage_error() {
        let e = Config::parse("", "c.toml", &["cluster.k".into()]).unwrap_err();
        assert!(matches!(e, Error::Usage(_)));
    }

    #[test]
    fn bare_string_override_and_arrays() {
        let c = Config::parse(
            "",
            "c",
            &[
                "output.dir=out2".into(),
                "input.paths=[\"a\", \"b\"]".into(),
            ],
        )
        .unwrap();
        assert_eq!(c.output.dir, Path::new("out2"));
        assert_eq!(c.input.paths.len(), 2);
    }

    #[test]
    fn unknown_keys_get_the_nearest_known_key_or_none() {
        let schema = schema();
        let check = |key: &str| check_known(key, &schema);
        assert_eq!(check("cluster.k"), Ok(()));
        assert_eq!(check("tune.cluster.k"), Ok(()));
        // one edit away
        assert_eq!(
            check("cluster.kk").unwrap_err(),
            "unknown key cluster.kk; did you mean cluster.k?"
        );
        // the same leaf in another table comes first, however far
        assert_eq!(
            check("segment.seed").unwrap_err(),
            "unknown key segment.seed; did you mean cluster.seed?"
        );
        // 4 edits from cluster.restarts: within a third of the key's 20 characters
        assert_eq!(
            check("cluster.restartszzzz").unwrap_err(),
            "unknown key cluster.restartszzzz; did you mean cluster.restarts?"
        );
        // nothing near
        assert_eq!(
            check("frobnicate.zzzzzzzz").unwrap_err(),
            "unknown key frobnicate.zzzzzzzz; see `paratopic init` for every valid key"
        );
        // [tune] takes model settings only, checked like the others
        assert_eq!(
            check("tune.output.dir").unwrap_err(),
            "tune.output.dir: only model settings can be tuned (segment, preprocess, vectorize, cluster, topics)"
        );
        assert_eq!(
            check("tune.cluster.kk").unwrap_err(),
            "unknown key cluster.kk; did you mean cluster.k? (in [tune])"
        );
    }

    #[test]
    fn keys_in_inline_tables_are_checked_and_located() {
        let e = Config::parse("cluster = { kk = 5 }\n", "c.toml", &[]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "c.toml:1:18: unknown key cluster.kk; did you mean cluster.k?"
        );
        let e = Config::parse("cluster = { k = 0 }\n", "c.toml", &[]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "c.toml:1:17: cluster.k: is 0; it must be between 1 and 1000"
        );
        let c = Config::parse("cluster = { k = 5 }\n", "c.toml", &[]).unwrap();
        assert_eq!(c.cluster.k, TopicCount::Fixed(5));
    }

    #[test]
    fn load_reads_the_file_and_remembers_it() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("p.toml");
        std::fs::write(&file, "[cluster]\nk = 5\n").unwrap();
        let c = Config::load(Some(&file), &["cluster.seed=9".into()]).unwrap();
        assert_eq!((c.cluster.k, c.cluster.seed), (TopicCount::Fixed(5), 9));
        assert_eq!(c.source.as_deref(), Some(file.as_path()));
        assert_eq!(Config::load(None, &[]).unwrap(), Config::default());
        // errors name the file and what to do
        let p = file.display();
        std::fs::write(&file, b"k = \"caf\xe9\"\n").unwrap();
        let e = Config::load(Some(&file), &[]).unwrap_err();
        assert_eq!(
            e.to_string(),
            format!("config file {p} is not valid UTF-8; save it as UTF-8 text")
        );
        let missing = tmp.path().join("missing.toml");
        let e = Config::load(Some(&missing), &[]).unwrap_err();
        let m = missing.display();
        assert_eq!(
            e.to_string(),
            format!("config file {m} does not exist; create one with `paratopic init {m}`")
        );
        let e = Config::load(Some(tmp.path()), &[]).unwrap_err();
        assert!(
            e.to_string().starts_with(&format!(
                "cannot read config file {}: ",
                tmp.path().display()
            )),
            "{e}"
        );
        assert_eq!(e.exit_code(), 2);
    }

    #[test]
    fn with_settings_applies_dotted_keys_and_checks_them() {
        let base = Config::default();
        let c = base
            .with_settings(&[
                ("cluster.k".into(), toml::Value::Integer(4)),
                ("vectorize.min_df".into(), toml::Value::Float(0.25)),
            ])
            .unwrap();
        assert_eq!(c.cluster.k, TopicCount::Fixed(4));
        assert_eq!(
            c.vectorize.min_df,
            crate::vectorize::DocFreq::Fraction(0.25)
        );
        assert_eq!(
            Config {
                cluster: base.cluster.clone(),
                vectorize: base.vectorize.clone(),
                ..c
            },
            base
        );
        let e = base
            .with_settings(&[("cluster.kk".into(), toml::Value::Integer(4))])
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "unknown key cluster.kk; did you mean cluster.k?"
        );
        let e = base
            .with_settings(&[("cluster.k".into(), toml::Value::Integer(0))])
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "[tune] cluster.k: is 0; it must be between 1 and 1000"
        );
        let e = base
            .with_settings(&[("cluster.seed".into(), toml::Value::Boolean(true))])
            .unwrap_err();
        assert!(
            e.to_string().starts_with("[tune] cluster.seed = true: "),
            "{e}"
        );
    }

    #[test]
    fn read_paths_lists_inputs_config_file_and_labels() {
        let mut c = Config::parse(
            "[input]\npaths = [\"a\", \"b/c\"]\n[eval]\nlabels = \"l.csv\"\n",
            "c",
            &[],
        )
        .unwrap();
        c.source = Some("p.toml".into());
        let got: Vec<(&str, &str)> = c
            .read_paths()
            .into_iter()
            .map(|(k, p)| (k, p.to_str().unwrap()))
            .collect();
        assert_eq!(
            got,
            [
                ("input.paths", "a"),
                ("input.paths", "b/c"),
                ("the config file", "p.toml"),
                ("eval.labels", "l.csv")
            ]
        );
    }

    #[test]
    fn to_toml_parses_back_to_the_same_config() {
        let c = Config::parse(
            "[cluster]\nk = \"auto\"\n[topics]\nranking = \"logodds\"\n",
            "c",
            &[],
        )
        .unwrap();
        let text = c.to_toml();
        assert!(
            text.contains("[cluster]\n") && text.contains("ranking = \"logodds\""),
            "{text}"
        );
        assert_eq!(Config::parse(&text, "again", &[]).unwrap(), c);
    }

    #[test]
    fn line_col_counts_characters() {
        assert_eq!(line_col("ab\ncé x", 7), (2, 4));
        // an offset inside a character counts from its start; past the end, the end
        assert_eq!(line_col("ab\ncé x", 5), (2, 2));
        assert_eq!(line_col("ab\ncé x", 99), (2, 5));
    }
}
