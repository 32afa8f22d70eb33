//! Compare — topic shares across groups of documents (a metadata column, e.g. party)
//! and over time (a number or date column), with bootstrap intervals and weighted
//! log-odds of each group against the rest.
//!
//! The stage needs only per-document topic token counts ([`DocCounts`]), the topics
//! ([`TopicInfo`]) and the metadata, whatever produced them (`paratopic run`, or a saved
//! model applied to new documents):
//!
//! 1. [`prepare`] reads `input.metadata` and checks `[compare]` against its columns
//!    (before any heavy work: an unknown column is exit 2);
//! 2. [`run`] computes the tables ([`compare`]), writes `topics_by_group.csv`,
//!    `topics_over_time.csv`, `distinctive_topics.csv`, `documents.csv` and the charts
//!    into the output folder, and returns the charts and notes for the report.
//!
//! ```
//! use paratopic::compare::{compare, CompareConfig, DocCounts, Prepared, TopicInfo};
//!
//! let doc = |id: &str, counts: [u64; 2]| DocCounts {
//!     id: id.into(), title: None, topic_tokens: counts.to_vec(), unassigned_tokens: 0,
//! };
//! let docs = [doc("a/1", [30, 10]), doc("a/2", [20, 20]), doc("b/1", [0, 40])];
//! let topics = [TopicInfo { id: 0, label: "police".into(), name: String::new() },
//!               TopicInfo { id: 1, label: "housing".into(), name: String::new() }];
//! let prepared = Prepared {
//!     config: CompareConfig { by: vec!["folder".into()], ..Default::default() },
//!     metadata: None,
//!     seed: 42,
//! };
//! let c = compare(&prepared, &docs, &topics).unwrap();
//! let a = &c.groups[0].cells[0];
//! assert_eq!((a.group.as_str(), a.stats.share[0]), ("a", 50.0 / 80.0));
//! ```

pub mod bins;
pub mod metadata;
pub mod stats;
mod tables;

pub use tables::{write_tables, TABLE_FILES};

use crate::config::Config;
use crate::error::{Error, ParamError, Result};
use crate::notice::Notice;
use crate::plot::compare::CompareChart;
use bins::{bin_times, group_by, Bin, TimeBin, MISSING};
use metadata::{ColumnType, Metadata, TimeValue};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// `[compare]`: which groups and which time axis to compare topics across.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CompareConfig {
    /// Columns of `input.metadata` (or `folder`, the document's first folder) whose
    /// values group the documents; each is compared separately. One may be given
    /// without a list.
    #[serde(deserialize_with = "crate::config::one_or_many")]
    pub by: Vec<String>,
    /// A number or date column of `input.metadata`: topic shares over time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time: Option<String>,
    /// How time values are binned (see [`bins`]).
    pub time_bin: TimeBin,
    /// Bootstrap resamples of documents for the intervals and z-scores: 0 (none) or
    /// 100–100000.
    pub bootstrap: usize,
}

impl Default for CompareConfig {
    fn default() -> Self {
        CompareConfig {
            by: Vec::new(),
            time: None,
            time_bin: TimeBin::Auto,
            bootstrap: 2000,
        }
    }
}

impl CompareConfig {
    /// Whether anything is to be compared.
    pub fn enabled(&self) -> bool {
        !self.by.is_empty() || self.time.is_some()
    }

    /// Checks the values; the error names the key.
    pub fn validate(&self) -> std::result::Result<(), ParamError> {
        let b = self.bootstrap;
        if b != 0 && !(100..=100_000).contains(&b) {
            return Err(ParamError::new(
                "compare.bootstrap",
                format!("is {b}; it must be 0 (no intervals) or between 100 and 100000"),
            ));
        }
        for (i, c) in self.by.iter().enumerate() {
            if c.trim().is_empty() || c == "document" {
                return Err(ParamError::new(
                    "compare.by",
                    format!(
                        "is {c:?}; name a column of input.metadata, e.g. \"party\", or \"folder\""
                    ),
                ));
            }
            if self.by[..i].contains(c) {
                return Err(ParamError::new(
                    "compare.by",
                    format!(
                        "is {:?}, which names {c} twice; name each column once",
                        self.by
                    ),
                ));
            }
        }
        if let Some(t) = &self.time {
            if t.trim().is_empty() || t == "document" {
                return Err(ParamError::new(
                    "compare.time",
                    format!(
                        "is {t:?}; name a number or date column of input.metadata, e.g. \"year\""
                    ),
                ));
            }
        }
        Ok(())
    }
}

/// One document as the comparison sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct DocCounts {
    /// Its id (contracts §1), as matched against the metadata's `document` column.
    pub id: String,
    /// Its title, if it has one.
    pub title: Option<String>,
    /// Tokens in its assigned paragraph units, per topic, in the order of the topics
    /// given with it.
    pub topic_tokens: Vec<u64>,
    /// Tokens in its unassigned units (contracts §2).
    pub unassigned_tokens: u64,
}

impl DocCounts {
    /// Tokens in assigned units.
    pub fn assigned(&self) -> u64 {
        self.topic_tokens.iter().sum()
    }
}

/// Per-document counts from per-unit results: `unit_doc[i]` is unit `i`'s document (an
/// index into `documents`), `unit_tokens[i]` its tokens, `labels[i]` its topic
/// (an index among the `k` topics; `None`: unassigned).
pub fn doc_counts(
    documents: &[crate::corpus::Document],
    unit_doc: &[usize],
    unit_tokens: &[usize],
    labels: &[Option<usize>],
    k: usize,
) -> Vec<DocCounts> {
    let mut out: Vec<DocCounts> = documents
        .iter()
        .map(|d| DocCounts {
            id: d.id.clone(),
            title: d.title.clone(),
            topic_tokens: vec![0; k],
            unassigned_tokens: 0,
        })
        .collect();
    for ((&d, &n), l) in unit_doc.iter().zip(unit_tokens).zip(labels) {
        match l {
            Some(t) => out[d].topic_tokens[*t] += n as u64,
            None => out[d].unassigned_tokens += n as u64,
        }
    }
    out
}

/// One topic as the tables name it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TopicInfo {
    /// Its id (contracts §3; it also picks its colour).
    pub id: usize,
    /// Its label (top words).
    pub label: String,
    /// Its name, when one was given (empty otherwise).
    pub name: String,
}

/// The topics as the tables name them (no names yet: topics are named by their label).
pub fn topic_infos(topics: &[crate::topics::Topic]) -> Vec<TopicInfo> {
    topics
        .iter()
        .map(|t| TopicInfo {
            id: t.id,
            label: t.label.clone(),
            name: String::new(),
        })
        .collect()
}

/// The comparison's settings with the metadata read and checked.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// `[compare]`.
    pub config: CompareConfig,
    /// `input.metadata`, read.
    pub metadata: Option<Metadata>,
    /// Seeds the bootstrap (`cluster.seed`).
    pub seed: u64,
}

/// The built-in column: a document's first folder.
pub const FOLDER: &str = "folder";

/// Reads `input.metadata` and checks `[compare]` against its columns; `None` when
/// neither asks for anything.
///
/// # Errors
/// The metadata's errors (see [`metadata::read`]); [`Error::Config`] (exit 2) for a
/// `compare.by` or `compare.time` column that does not exist (listing those that do), a
/// time column that holds text, or a `compare.time_bin` that does not fit it.
pub fn prepare(config: &Config) -> Result<Option<Prepared>> {
    let metadata = match &config.input.metadata {
        Some(p) => Some(metadata::read(p, &config.input.metadata_types)?),
        None => None,
    };
    if metadata.is_none() && !config.compare.enabled() {
        return Ok(None);
    }
    let prepared = Prepared {
        config: config.compare.clone(),
        metadata,
        seed: config.cluster.seed,
    };
    prepared.check_columns()?;
    Ok(Some(prepared))
}

impl Prepared {
    /// The columns `by` may name: `folder` and the metadata's.
    pub fn columns(&self) -> Vec<&str> {
        let mut out = vec![FOLDER];
        if let Some(m) = &self.metadata {
            out.extend(
                m.columns
                    .iter()
                    .map(|c| c.name.as_str())
                    .filter(|&c| c != FOLDER),
            );
        }
        out
    }

    fn unknown(&self, key: &str, column: &str) -> Error {
        let hint = match &self.metadata {
            Some(m) => format!("the columns of {} are", m.path.display()),
            None => "without input.metadata (a CSV with a document column and one column per \
                     variable) the only column is"
                .into(),
        };
        Error::Config(format!(
            "{key} = {column:?}: no such column; {hint}: {}",
            self.columns().join(", ")
        ))
    }

    fn check_columns(&self) -> Result<()> {
        for by in &self.config.by {
            if !self.columns().contains(&by.as_str()) {
                return Err(self.unknown("compare.by", by));
            }
        }
        let Some(time) = &self.config.time else {
            return Ok(());
        };
        let column = self
            .metadata
            .as_ref()
            .and_then(|m| m.column(time))
            .ok_or_else(|| self.unknown("compare.time", time))?;
        if column.kind == ColumnType::Text {
            let m = self.metadata.as_ref().expect("the column is in it");
            let first = column.text.iter().zip(&m.lines).find(|(t, _)| {
                !t.is_empty() && metadata::infer(&[(*t).clone()]) == ColumnType::Text
            });
            let example = first.map_or(String::new(), |(t, l)| format!(" ({t:?} on line {l})"));
            return Err(Error::Config(format!(
                "compare.time = {time:?}: column {time} of {} holds text{example}, not numbers or dates; \
                 choose a number or date column, or set its type with [input.metadata_types] {time} = \"date\"",
                m.path.display()
            )));
        }
        bin_times(&column.values, column.kind, self.config.time_bin)
            .map(|_| ())
            .map_err(|why| Error::Config(format!("compare.time_bin for column {time}: {why}")))
    }

    /// The value of column `by` for document `id` (`None`: missing).
    fn value<'a>(&'a self, by: &str, id: &'a str) -> Option<&'a str> {
        let m = self.metadata.as_ref();
        match m.and_then(|m| m.column(by)) {
            Some(c) => m
                .and_then(|m| m.row(id))
                .map(|r| c.text[r].as_str())
                .filter(|v| !v.is_empty()),
            None if by == FOLDER => Some(crate::plot::group_of(id).unwrap_or("(top level)")),
            None => None,
        }
    }
}

/// Shares of one set of documents (a group, a bin, or a group in a bin).
#[derive(Debug, Clone, PartialEq)]
pub struct Stats {
    /// Assigned tokens in each topic over all assigned tokens.
    pub share: Vec<f64>,
    /// The 95% bootstrap interval of `share` (`None`: too few documents or no bootstrap).
    pub interval: Option<(Vec<f64>, Vec<f64>)>,
    /// The mean of the documents' own shares.
    pub mean_doc_share: Vec<f64>,
    /// Documents with assigned tokens.
    pub documents: usize,
    /// Their assigned tokens.
    pub group_tokens: u64,
    /// Their assigned tokens per topic.
    pub topic_tokens: Vec<u64>,
    /// Unassigned tokens over all tokens of the set's documents (those with nothing
    /// assigned too).
    pub unassigned_share: f64,
}

/// One group's shares.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// The group (a value of the column, or `(missing)`).
    pub group: String,
    /// Its shares.
    pub stats: Stats,
}

/// One group's distinctiveness against the rest.
#[derive(Debug, Clone, PartialEq)]
pub struct Distinct {
    /// The group.
    pub group: String,
    /// Weighted log-odds per topic (positive: more in the group than in the rest).
    pub log_odds: Vec<f64>,
    /// Their bootstrap z (`None`: too few documents on a side, or no bootstrap).
    pub z: Option<Vec<f64>>,
}

/// The comparison of the groups of one `by` column.
#[derive(Debug, Clone, PartialEq)]
pub struct ByTable {
    /// The column.
    pub by: String,
    /// One cell per group, groups in natural order, `(missing)` last.
    pub cells: Vec<Cell>,
    /// One entry per group (none with a single group).
    pub distinctive: Vec<Distinct>,
}

/// One line over time: all documents, or one group's.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// The `by` column (`None`: all documents).
    pub by: Option<String>,
    /// The group (`(all)` for all documents).
    pub group: String,
    /// (bin index, shares) for the bins holding its documents, in time order.
    pub points: Vec<(usize, Stats)>,
}

/// Topic shares over time.
#[derive(Debug, Clone, PartialEq)]
pub struct TimeTable {
    /// The time column.
    pub column: String,
    /// What a bin is ("5-year bins").
    pub unit: String,
    /// The bins.
    pub bins: Vec<Bin>,
    /// All documents first, then each `by` column's groups.
    pub series: Vec<Series>,
}

/// Everything the comparison found.
#[derive(Debug, Clone)]
pub struct Comparison {
    /// The topics, in table order.
    pub topics: Vec<TopicInfo>,
    /// Bootstrap resamples used.
    pub bootstrap: usize,
    /// One table per `by` column.
    pub groups: Vec<ByTable>,
    /// With `compare.time`.
    pub time: Option<TimeTable>,
    /// The `documents.csv` table: header, then one row per document.
    pub documents: Vec<Vec<String>>,
    /// Notes and warnings (documents without metadata, small groups…).
    pub notices: Vec<Notice>,
}

/// Computes every table of the comparison.
///
/// # Errors
/// [`Error::Data`] when no document has an assigned token.
pub fn compare(
    prepared: &Prepared,
    docs: &[DocCounts],
    topics: &[TopicInfo],
) -> Result<Comparison> {
    let counts: Vec<Vec<f64>> = docs
        .iter()
        .map(|d| d.topic_tokens.iter().map(|&n| n as f64).collect())
        .collect();
    if counts.iter().all(|c| c.iter().sum::<f64>() == 0.0) {
        return Err(Error::Data(
            "compare: no document has an assigned paragraph, so there is nothing to compare".into(),
        ));
    }
    let ctx = Context {
        prepared,
        docs,
        counts: &counts,
    };
    let mut notices = metadata_notices(prepared, docs);
    let groups: Vec<ByTable> = prepared
        .config
        .by
        .iter()
        .map(|by| ctx.by_table(by))
        .collect();
    let time = match &prepared.config.time {
        Some(column) => Some(ctx.time_table(column, &mut notices)?),
        None => None,
    };
    notices.extend(small_note(&groups, &time, prepared.config.bootstrap));
    notices.extend(comparisons_note(&groups, topics.len()));
    Ok(Comparison {
        topics: topics.to_vec(),
        bootstrap: prepared.config.bootstrap,
        documents: tables::documents_table(prepared, docs, topics),
        groups,
        time,
        notices,
    })
}

/// What the stage computes from.
struct Context<'a> {
    prepared: &'a Prepared,
    docs: &'a [DocCounts],
    counts: &'a [Vec<f64>],
}

impl Context<'_> {
    /// The shares of documents `members` (all of them, assigned or not); `key` seeds
    /// their bootstrap.
    fn stats(&self, members: &[usize], key: &str) -> Stats {
        let assigned: Vec<usize> = members
            .iter()
            .copied()
            .filter(|&d| self.docs[d].assigned() > 0)
            .collect();
        let k = self.counts.first().map_or(0, Vec::len);
        let mut topic_tokens = vec![0u64; k];
        let (mut unassigned, mut all) = (0u64, 0u64);
        for &d in members {
            for (s, n) in topic_tokens.iter_mut().zip(&self.docs[d].topic_tokens) {
                *s += n;
            }
            unassigned += self.docs[d].unassigned_tokens;
            all += self.docs[d].assigned() + self.docs[d].unassigned_tokens;
        }
        let p = &self.prepared;
        Stats {
            share: stats::share(self.counts, &assigned),
            interval: stats::share_interval(
                self.counts,
                &assigned,
                p.config.bootstrap,
                p.seed,
                stats::stable_hash(key),
            ),
            mean_doc_share: stats::mean_doc_share(self.counts, &assigned),
            documents: assigned.len(),
            group_tokens: topic_tokens.iter().sum(),
            topic_tokens,
            unassigned_share: if all > 0 {
                unassigned as f64 / all as f64
            } else {
                0.0
            },
        }
    }

    /// Documents grouped by column `by` (groups with no assigned document left out).
    fn groups(&self, by: &str) -> Vec<bins::Group> {
        let values: Vec<Option<&str>> = self
            .docs
            .iter()
            .map(|d| self.prepared.value(by, &d.id))
            .collect();
        group_by(&values)
            .into_iter()
            .filter(|g| g.docs.iter().any(|&d| self.docs[d].assigned() > 0))
            .collect()
    }

    fn by_table(&self, by: &str) -> ByTable {
        let groups = self.groups(by);
        let cells = groups
            .iter()
            .map(|g| Cell {
                group: g.name.clone(),
                stats: self.stats(&g.docs, &format!("share\u{1f}{by}\u{1f}{}", g.name)),
            })
            .collect();
        let assigned = |docs: &[usize]| -> Vec<usize> {
            docs.iter()
                .copied()
                .filter(|&d| self.docs[d].assigned() > 0)
                .collect()
        };
        let everyone: Vec<usize> = groups.iter().flat_map(|g| assigned(&g.docs)).collect();
        let alpha = stats::prior(self.counts, &everyone);
        let distinctive = if groups.len() < 2 {
            Vec::new()
        } else {
            groups
                .iter()
                .map(|g| {
                    let mine = assigned(&g.docs);
                    let rest: Vec<usize> = groups
                        .iter()
                        .filter(|o| o.name != g.name)
                        .flat_map(|o| assigned(&o.docs))
                        .collect();
                    let key = stats::stable_hash(&format!("logodds\u{1f}{by}\u{1f}{}", g.name));
                    let c = &self.prepared.config;
                    let (log_odds, z) = stats::distinctive(
                        self.counts,
                        &mine,
                        &rest,
                        &alpha,
                        c.bootstrap,
                        self.prepared.seed,
                        key,
                    );
                    Distinct {
                        group: g.name.clone(),
                        log_odds,
                        z,
                    }
                })
                .collect()
        };
        ByTable {
            by: by.to_string(),
            cells,
            distinctive,
        }
    }

    fn time_table(&self, column: &str, notices: &mut Vec<Notice>) -> Result<TimeTable> {
        let m = self.prepared.metadata.as_ref().expect("checked by prepare");
        let col = m.column(column).expect("checked by prepare");
        let values: Vec<Option<TimeValue>> = self
            .docs
            .iter()
            .map(|d| m.row(&d.id).and_then(|r| col.values[r]))
            .collect();
        let binned = bin_times(&values, col.kind, self.prepared.config.time_bin)
            .map_err(|why| Error::Config(format!("compare.time_bin for column {column}: {why}")))?;
        let without = values.iter().filter(|v| v.is_none()).count();
        if without > 0 {
            notices.push(Notice::warning(
                "compare_no_time",
                format!(
                    "compare.time = {column:?}: {without} of {} documents have no {column}; they are left out of topics_over_time.csv",
                    self.docs.len()
                ),
            ));
        }
        let all: Vec<usize> = (0..self.docs.len()).collect();
        let mut series = vec![self.series(None, "(all)", &all, &binned)];
        for by in &self.prepared.config.by {
            for g in self.groups(by) {
                series.push(self.series(Some(by), &g.name, &g.docs, &binned));
            }
        }
        Ok(TimeTable {
            column: column.to_string(),
            unit: binned.unit.clone(),
            bins: binned.bins,
            series,
        })
    }

    fn series(
        &self,
        by: Option<&str>,
        group: &str,
        docs: &[usize],
        binned: &bins::Binned,
    ) -> Series {
        let mut per_bin: Vec<Vec<usize>> = vec![Vec::new(); binned.bins.len()];
        for &d in docs {
            if let Some(b) = binned.of_doc[d] {
                per_bin[b].push(d);
            }
        }
        let points = per_bin
            .iter()
            .enumerate()
            .filter(|(_, members)| members.iter().any(|&d| self.docs[d].assigned() > 0))
            .map(|(b, members)| {
                let key = format!(
                    "time\u{1f}{}\u{1f}{group}\u{1f}{}",
                    by.unwrap_or(""),
                    binned.bins[b].start
                );
                (b, self.stats(members, &key))
            })
            .collect();
        Series {
            by: by.map(str::to_string),
            group: group.to_string(),
            points,
        }
    }
}

/// Warnings for documents without a metadata row and rows without a document.
fn metadata_notices(prepared: &Prepared, docs: &[DocCounts]) -> Vec<Notice> {
    let Some(m) = &prepared.metadata else {
        return Vec::new();
    };
    let first = |v: &[String]| {
        let shown: Vec<&str> = v.iter().take(5).map(String::as_str).collect();
        let more = v.len().saturating_sub(5);
        if more > 0 {
            format!("{} and {more} more", shown.join(", "))
        } else {
            shown.join(", ")
        }
    };
    let mut out = Vec::new();
    let missing: Vec<String> = docs
        .iter()
        .filter(|d| m.row(&d.id).is_none())
        .map(|d| d.id.clone())
        .collect();
    if !missing.is_empty() {
        out.push(Notice::warning(
            "metadata_missing",
            format!(
                "input.metadata {}: {} of {} documents have no row: {}; they form the {MISSING} group",
                m.path.display(),
                missing.len(),
                docs.len(),
                first(&missing)
            ),
        ));
    }
    let known: std::collections::HashSet<&str> = docs.iter().map(|d| d.id.as_str()).collect();
    let unmatched: Vec<String> = m
        .documents
        .iter()
        .zip(&m.lines)
        .filter(|(id, _)| !known.contains(id.as_str()))
        .map(|(id, line)| format!("{id} (line {line})"))
        .collect();
    if !unmatched.is_empty() {
        out.push(Notice::warning(
            "metadata_unmatched",
            format!(
                "input.metadata {}: {} of its {} rows match no document: {}; a document's id is its path under the input folder without extension, e.g. labour/manifesto-2019",
                m.path.display(),
                unmatched.len(),
                m.documents.len(),
                first(&unmatched)
            ),
        ));
    }
    out
}

/// A note on the groups and bins too small for an interval.
fn small_note(groups: &[ByTable], time: &Option<TimeTable>, bootstrap: usize) -> Option<Notice> {
    if bootstrap == 0 {
        return None;
    }
    let mut small = 0;
    let mut total = 0;
    let all_stats = groups
        .iter()
        .flat_map(|g| g.cells.iter().map(|c| &c.stats))
        .chain(
            time.iter()
                .flat_map(|t| t.series.iter().flat_map(|s| s.points.iter().map(|p| &p.1))),
        );
    for s in all_stats {
        total += 1;
        small += usize::from(s.documents < stats::MIN_DOCUMENTS);
    }
    (small > 0).then(|| {
        Notice::note(
            "compare_small",
            format!(
                "compare: {small} of {total} groups and time bins have fewer than {} documents: \
                 they get no interval (share_low and share_high are empty) and no z in distinctive_topics.csv",
                stats::MIN_DOCUMENTS
            ),
        )
    })
}

/// How many comparisons `distinctive_topics.csv` makes, and the threshold that allows
/// for them (Bonferroni).
pub fn comparisons(groups: &[ByTable], k: usize) -> (usize, f64) {
    let n: usize = groups.iter().map(|g| g.distinctive.len() * k).sum();
    (n, stats::normal_quantile(1.0 - 0.025 / n.max(1) as f64))
}

fn comparisons_note(groups: &[ByTable], k: usize) -> Option<Notice> {
    let (n, threshold) = comparisons(groups, k);
    (n > 0).then(|| {
        Notice::note(
            "compare_comparisons",
            format!(
                "distinctive_topics.csv makes {n} comparisons (each group against the rest, per topic): \
                 about {:.0} would reach |z| >= 1.96 by chance alone; |z| >= {threshold:.2} allows for all {n} (Bonferroni)",
                n as f64 * 0.05
            ),
        )
    })
}

/// What [`run`] hands back for the report.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The tables written (file names).
    pub tables: Vec<&'static str>,
    /// The charts, written into `charts/`.
    pub charts: Vec<CompareChart>,
    /// The report's Compare section.
    pub section: crate::report::CompareSection,
    /// Notes and warnings, to report.
    pub notices: Vec<Notice>,
}

/// Compares, writes the tables into `dir` and the charts into `dir/charts` (which must
/// exist), and returns the report's section.
///
/// # Errors
/// As [`compare`]; a file that cannot be written.
pub fn run(
    prepared: &Prepared,
    docs: &[DocCounts],
    topics: &[TopicInfo],
    dir: &Path,
) -> Result<Outcome> {
    let comparison = compare(prepared, docs, topics)?;
    let tables = write_tables(&comparison, dir)?;
    let charts = crate::plot::compare::charts(&comparison)?;
    for c in &charts {
        let path = dir.join("charts").join(&c.file);
        std::fs::write(&path, &c.svg).map_err(|e| Error::write(&path, e))?;
    }
    let section = tables::report_section(&comparison, &charts);
    Ok(Outcome {
        tables,
        charts,
        section,
        notices: comparison.notices,
    })
}
