//! Stage 1 — corpus: find the input files, read them, and split them into paragraph units.
//!
//! ```
//! use paratopic::corpus::{split_units, SegmentConfig};
//!
//! let text = "Key Pledges\n\nTough on crime\n\nAs Mayor, I will continue to invest in policing and the police.\n";
//! let units = split_units(text, &SegmentConfig::default());
//! assert_eq!(units.len(), 1); // both headings fold into the paragraph that follows
//! assert!(units[0].text.starts_with("Key Pledges\n\nTough on crime\n\nAs Mayor"));
//! assert_eq!(units[0].line, 1);
//! ```

pub mod boilerplate;
mod cache;
mod clean;
mod decode;
mod duplicates;
mod folds;
pub mod formats;
mod ids;
mod markdown;
mod read;
mod segment;

pub use boilerplate::{Boilerplate, Removed};
pub use cache::ExtractCache;
pub use clean::{clean_text, decompose_ligatures, dehyphenate};
pub use decode::{decode, Decoded, TextDecoding};
pub use folds::FoldCount;
pub use markdown::{is_markdown, markdown_text, MARKDOWN_EXTENSIONS};
pub use read::{discover, natural_cmp, read_documents, read_file, InputFile};
pub use segment::{is_heading, split_units, Block, BYTES_PER_WORD};

use crate::error::{Error, ParamError, Result};
use crate::notice::Notice;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::ops::Range;
use std::path::PathBuf;
use std::time::Instant;

/// `[input]`: which files to read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct InputConfig {
    /// Files or folders (read recursively, in sorted order), relative to the working
    /// directory. A single path may be given without a list.
    #[serde(deserialize_with = "crate::config::one_or_many")]
    pub paths: Vec<PathBuf>,
    /// File extensions read from folders (case-insensitive, without the dot); a single
    /// one may be given without a list.
    #[serde(deserialize_with = "crate::config::one_or_many")]
    pub extensions: Vec<String>,
    /// What to do with a file that is not valid UTF-8.
    pub on_invalid_utf8: InvalidUtf8,
    /// The files' encoding: `"auto"` (a byte-order mark decides, then UTF-8, then a
    /// guess with a warning), `"utf-8"`, or any WHATWG label (`"windows-1252"`,
    /// `"iso-8859-2"`, `"utf-16le"`…).
    pub encoding: String,
    /// Read hidden files and folders (names starting with `.`) found in folders; paths
    /// named in `input.paths` are always read.
    pub hidden: bool,
    /// A CSV of document variables (a `document` column with the ids, then party, year…)
    /// for `[compare]`, relative to the working directory (see [`crate::compare::metadata`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<PathBuf>,
    /// Types of metadata columns, overriding the inferred ones
    /// (`[input.metadata_types] year = "integer"`).
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub metadata_types: std::collections::BTreeMap<String, crate::compare::metadata::ColumnType>,
}

impl Default for InputConfig {
    fn default() -> Self {
        InputConfig {
            paths: vec![PathBuf::from("seeds")],
            extensions: ["txt", "md", "pdf", "docx", "odt", "html", "htm"]
                .map(String::from)
                .to_vec(),
            on_invalid_utf8: InvalidUtf8::Replace,
            encoding: "auto".into(),
            hidden: false,
            metadata: None,
            metadata_types: Default::default(),
        }
    }
}

/// `input.on_invalid_utf8`: the policy for files that are not valid UTF-8.
///
/// Every policy names the file and the byte offset of the first bad sequence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum InvalidUtf8 {
    /// Replace each invalid sequence by U+FFFD and warn (the default).
    #[default]
    Replace,
    /// Leave the file out and warn.
    Skip,
    /// Stop the run with an error.
    Error,
}

impl InputConfig {
    /// How file bytes become text under `input.encoding` and `input.on_invalid_utf8`
    /// (an unknown label counts as `"auto"`; [`InputConfig::validate`] refuses it).
    pub fn decoding(&self) -> TextDecoding {
        TextDecoding {
            encoding: match self.encoding.as_str() {
                "auto" => None,
                label => encoding_rs::Encoding::for_label(label.as_bytes()),
            },
            on_invalid_utf8: self.on_invalid_utf8,
        }
    }

    /// Checks the values; the error names the key.
    pub fn validate(&self) -> Result<(), ParamError> {
        if self.paths.is_empty() {
            return Err(ParamError::new(
                "input.paths",
                "is empty; list at least one file or folder, e.g. paths = [\"seeds\"]",
            ));
        }
        if self.encoding != "auto"
            && encoding_rs::Encoding::for_label(self.encoding.as_bytes()).is_none()
        {
            return Err(ParamError::new(
                "input.encoding",
                format!(
                    "is {:?}, which names no encoding; use \"auto\", \"utf-8\" or a WHATWG label such as \"windows-1252\", \"iso-8859-2\" or \"utf-16le\"",
                    self.encoding
                ),
            ));
        }
        if self.extensions.is_empty() {
            return Err(ParamError::new(
                "input.extensions",
                "is empty; list the file extensions to read from folders, e.g. [\"txt\", \"md\"]",
            ));
        }
        Ok(())
    }
}

/// `[segment]`: how files are split into paragraph units.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SegmentConfig {
    /// Blocks with fewer words than this are headings, folded into the following paragraph
    /// (a trailing one into the one before). 0 disables this rule. Range 0–1000.
    pub min_words: usize,
    /// A single-line block of at most this many words that does not end like a sentence
    /// (`.`, `!`, `?`, `:`, `;`, closing quote) is a heading too. 0 disables this rule.
    /// Range 0–1000.
    pub heading_max_words: usize,
    /// A paragraph unit longer than this many words (or `max_words × 32` bytes) is cut
    /// into pieces, preferably after a sentence, so memory stays bounded on huge
    /// single-line files. 0 disables this rule. Range 0 or 10–1 000 000.
    pub max_words: usize,
    /// Remove page clutter before splitting: short lines repeated on 3 or more pages of a
    /// document, or at the start or end of many documents ([`boilerplate`]).
    pub boilerplate: bool,
    /// What a unit is: a paragraph, a line or a whole document.
    pub unit: SegmentUnit,
}

/// `segment.unit`: what one unit of text (the thing clustered) is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SegmentUnit {
    /// A block of non-blank lines, short blocks (headings) folded into the next (the
    /// default).
    #[default]
    Paragraph,
    /// Every non-blank line (one survey answer or bill title per line); no folding.
    Line,
    /// A whole document, never cut by `segment.max_words`.
    Document,
}

impl Default for SegmentConfig {
    fn default() -> Self {
        SegmentConfig {
            min_words: 8,
            heading_max_words: 15,
            max_words: 1000,
            boilerplate: true,
            unit: SegmentUnit::Paragraph,
        }
    }
}

impl SegmentConfig {
    /// Checks the values; the error names the key.
    pub fn validate(&self) -> Result<(), ParamError> {
        for (key, v) in [
            ("segment.min_words", self.min_words),
            ("segment.heading_max_words", self.heading_max_words),
        ] {
            if v > 1000 {
                return Err(ParamError::new(
                    key,
                    format!("is {v}; it must be between 0 and 1000"),
                ));
            }
        }
        if self.max_words != 0 && !(10..=1_000_000).contains(&self.max_words) {
            return Err(ParamError::new(
                "segment.max_words",
                format!(
                    "is {}; it must be 0 (no limit) or between 10 and 1000000",
                    self.max_words
                ),
            ));
        }
        Ok(())
    }
}

/// One input document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Document {
    /// File name without extension; the relative path (with `/`) for files nested in a folder.
    pub id: String,
    /// The file it was read from.
    pub path: PathBuf,
    /// Size of its decoded text in bytes (UTF-8, without a byte-order mark).
    pub bytes: u64,
    /// Its title, when its first block is a one-line heading ([`document_title`]).
    pub title: Option<String>,
    /// Number of paragraph units it was split into.
    pub n_units: usize,
}

/// One paragraph unit: the thing that is clustered.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    /// Index of its document in [`Corpus::documents`].
    pub doc: usize,
    /// 0-based position within its document.
    pub index: usize,
    /// 1-based line of the file where the unit starts (of the extracted text, for
    /// PDF, DOCX, ODT and HTML).
    pub line: usize,
    /// For a PDF: the 1-based page where the unit starts; `None` for other formats.
    pub page: Option<u32>,
    /// The full original text (headings folded in, line endings normalised to `\n`).
    pub text: String,
}

/// The documents and their paragraph units, in a stable order (sorted paths).
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    /// The documents, in sorted path order.
    pub documents: Vec<Document>,
    /// All units, document by document.
    pub units: Vec<Unit>,
    /// Problems that did not stop the run (e.g. invalid UTF-8 replaced, binary file skipped).
    pub warnings: Vec<Notice>,
    /// The page clutter found, removed from every document ([`boilerplate`]).
    pub boilerplate: Boilerplate,
    /// What was removed.
    pub removed: Removed,
}

impl Corpus {
    /// After tokenization: notes the documents that kept no word (only stop words,
    /// numbers or short tokens) and returns the new notes; fails if no unit kept any.
    ///
    /// `unit_tokens[i]` is the number of kept tokens of unit `i`.
    pub fn check_tokens(&mut self, unit_tokens: &[usize]) -> Result<Vec<Notice>> {
        let unit_doc = self.units.iter().map(|u| u.doc);
        token_notes(&self.documents, unit_doc, unit_tokens, &mut self.warnings)
    }
}

/// [`Corpus::check_tokens`] (and [`StreamedCorpus::check_tokens`]) from each unit's
/// document and token count: the new notes, also appended to `warnings`.
fn token_notes(
    documents: &[Document],
    unit_doc: impl Iterator<Item = usize>,
    unit_tokens: &[usize],
    warnings: &mut Vec<Notice>,
) -> Result<Vec<Notice>> {
    if unit_tokens.iter().all(|&n| n == 0) {
        return Err(crate::Error::Data(format!(
            "no words left in {} paragraph unit(s) after preprocessing: every token is a stop word, \
             a number or shorter than preprocess.min_token_len; add documents with text, or change \
             preprocess.stopwords, preprocess.keep_numbers or preprocess.min_token_len",
            unit_tokens.len()
        )));
    }
    let mut per_doc = vec![0usize; documents.len()];
    for (d, &n) in unit_doc.zip(unit_tokens) {
        per_doc[d] += n;
    }
    let notes: Vec<Notice> = documents
        .iter()
        .zip(&per_doc)
        .filter(|(d, &n)| d.n_units > 0 && n == 0)
        .map(|(d, _)| {
            Notice::note(
                "no_words",
                format!(
                    "{} has no words left after preprocessing (only stop words, numbers or \
                     short tokens); its paragraphs are kept with 0 tokens",
                    d.path.display()
                ),
            )
        })
        .collect();
    warnings.extend(notes.iter().cloned());
    Ok(notes)
}

/// Longest title kept, in characters.
const MAX_TITLE_CHARS: usize = 120;

/// A document's title: its first block (the text up to the first blank line), when that
/// is one line that reads as a heading ([`is_heading`]), e.g. "Making London Safer";
/// `None` when the document starts with a paragraph.
///
/// ```
/// use paratopic::corpus::{document_title, SegmentConfig};
/// let c = SegmentConfig::default();
/// let t = document_title("\u{feff}\n Making London Safer \n\nKeeping Londoners safe is my top priority as Mayor.", &c);
/// assert_eq!(t.as_deref(), Some("Making London Safer"));
/// assert_eq!(document_title("Keeping Londoners safe has been my top priority as Mayor, and it will stay so.", &c), None);
/// // the same with CR or CRLF line endings
/// assert_eq!(document_title("Making London Safer\r\rKeeping Londoners safe.", &c).as_deref(), Some("Making London Safer"));
/// assert_eq!(document_title("Making London Safer\r\n\r\nKeeping Londoners safe.", &c).as_deref(), Some("Making London Safer"));
/// assert_eq!(document_title("Making London Safer\nKeeping Londoners safe.", &c), None);
/// ```
pub fn document_title(text: &str, segment: &SegmentConfig) -> Option<String> {
    let text = text.trim_start_matches(|c: char| c == '\u{feff}' || c.is_whitespace());
    let end = text.find(['\n', '\r']).unwrap_or(text.len());
    let first = text[..end].trim();
    // a block of its own: a blank line (or nothing) follows the line break
    let rest = &text[end..];
    let rest = rest
        .strip_prefix("\r\n")
        .or_else(|| rest.strip_prefix(['\n', '\r']))
        .unwrap_or(rest);
    let next = &rest[..rest.find(['\n', '\r']).unwrap_or(rest.len())];
    let alone = next.trim().is_empty();
    let heading = SegmentConfig {
        min_words: 1,
        ..segment.clone()
    };
    (alone && !first.is_empty() && is_heading(first, &heading))
        .then(|| first.chars().take(MAX_TITLE_CHARS).collect())
}

/// The note for a file that split into no unit.
fn no_text_note(path: &std::path::Path) -> Notice {
    Notice::note(
        "no_text",
        format!(
            "{} has no text (empty or white space only); it is listed with no paragraphs",
            path.display()
        ),
    )
}

/// A streamed batch is cut once its files reach this many bytes (file sizes on disk),
/// so batches depend only on the input, never on the thread count.
pub const BATCH_BYTES: u64 = 8 << 20;

/// Consecutive ranges of `sizes` (bytes) of at least `batch_bytes` each (the last may be
/// smaller).
fn batches(sizes: impl Iterator<Item = u64>, batch_bytes: u64) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let (mut start, mut bytes, mut n) = (0, 0u64, 0);
    for size in sizes {
        n += 1;
        bytes += size;
        if bytes >= batch_bytes {
            out.push(start..n);
            (start, bytes) = (n, 0);
        }
    }
    if start < n {
        out.push(start..n);
    }
    out
}

/// Where a paragraph unit is: its document, position and first line, without its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnitPlace {
    /// Index of its document in [`StreamedCorpus::documents`].
    pub doc: usize,
    /// 0-based position within its document.
    pub index: usize,
    /// 1-based line of the file where the unit starts.
    pub line: usize,
    /// For a PDF: the 1-based page where the unit starts; `None` for other formats.
    pub page: Option<u32>,
}

/// A corpus read by [`stream`]: the documents and where each unit is. The unit texts went
/// to the sink batch by batch and are not kept; [`reread`] gives them back.
#[derive(Debug, Clone, Default)]
pub struct StreamedCorpus {
    /// The documents, in sorted path order.
    pub documents: Vec<Document>,
    /// All units, document by document (the same order as [`load`]'s).
    pub units: Vec<UnitPlace>,
    /// Problems that did not stop the run, in [`load`]'s order.
    pub warnings: Vec<Notice>,
    /// Seconds spent reading, decoding and splitting files.
    pub read_seconds: f64,
    /// Seconds spent in the sink.
    pub sink_seconds: f64,
    /// The text extracted from structured files, for [`reread`].
    pub cache: std::sync::Arc<ExtractCache>,
    /// The page clutter found, removed from every document ([`boilerplate`]); [`reread`]
    /// needs it.
    pub boilerplate: Boilerplate,
    /// What was removed.
    pub removed: Removed,
}

impl StreamedCorpus {
    /// [`Corpus::check_tokens`] for a streamed corpus.
    pub fn check_tokens(&mut self, unit_tokens: &[usize]) -> Result<Vec<Notice>> {
        let unit_doc = self.units.iter().map(|u| u.doc);
        token_notes(&self.documents, unit_doc, unit_tokens, &mut self.warnings)
    }
}

/// Reads the input like [`load`], but in batches of files ([`BATCH_BYTES`]): each batch
/// is read, decoded and split in parallel, its unit texts (in order) are handed to
/// `sink`, and then dropped; the next batch is read while the sink works. Memory holds
/// two batches of text at a time. `read_seconds` is the time not spent in the sink.
///
/// Documents, units, warnings and errors are exactly [`load`]'s.
pub fn stream(
    input: &InputConfig,
    segment: &SegmentConfig,
    mut sink: impl FnMut(&[&str]) -> Result<()> + Send,
) -> Result<StreamedCorpus> {
    stream_with(
        input,
        segment,
        BATCH_BYTES,
        (ExtractCache::default(), None),
        |t, _| sink(t),
    )
}

/// [`stream`] keeping the text extracted from structured files in `cache` (e.g.
/// [`ExtractCache::in_folder`], in the run's staging folder), so [`reread`] parses
/// nothing again; `sink` also gets each unit's document number (its index in
/// `documents`): a document's units all come in one batch. With `clutter` (a saved
/// model's), that page clutter is removed instead of detecting it in these files.
pub fn stream_cached(
    input: &InputConfig,
    segment: &SegmentConfig,
    cache: ExtractCache,
    clutter: Option<&Boilerplate>,
    sink: impl FnMut(&[&str], &[usize]) -> Result<()> + Send,
) -> Result<StreamedCorpus> {
    stream_with(input, segment, BATCH_BYTES, (cache, clutter), sink)
}

/// [`stream`] with batches of `batch_bytes` instead of [`BATCH_BYTES`] (tests use tiny
/// batches; the result is the same).
pub fn stream_in_batches(
    input: &InputConfig,
    segment: &SegmentConfig,
    batch_bytes: u64,
    mut sink: impl FnMut(&[&str]) -> Result<()> + Send,
) -> Result<StreamedCorpus> {
    stream_with(
        input,
        segment,
        batch_bytes,
        (ExtractCache::default(), None),
        |t, _| sink(t),
    )
}

/// [`stream_in_batches`], with each unit's document number (its index in
/// `documents`) handed to `sink` beside the texts: a document's units all come in one
/// batch.
pub fn stream_documents(
    input: &InputConfig,
    segment: &SegmentConfig,
    batch_bytes: u64,
    sink: impl FnMut(&[&str], &[usize]) -> Result<()> + Send,
) -> Result<StreamedCorpus> {
    stream_with(
        input,
        segment,
        batch_bytes,
        (ExtractCache::default(), None),
        sink,
    )
}

fn stream_with(
    input: &InputConfig,
    segment: &SegmentConfig,
    batch_bytes: u64,
    (cache, known): (ExtractCache, Option<&Boilerplate>),
    mut sink: impl FnMut(&[&str], &[usize]) -> Result<()> + Send,
) -> Result<StreamedCorpus> {
    input
        .validate()
        .map_err(|e| crate::Error::Config(e.to_string()))?;
    let start = Instant::now();
    let (files, mut warnings) = discover(input)?;
    let cache = std::sync::Arc::new(cache);
    let clutter = match known {
        Some(b) => b.clone(),
        None => boilerplate::detect(&files, clutter_wanted(segment), batch_bytes, |p| {
            clutter_text(p, input.decoding(), Some(&cache))
        })?,
    };
    let sizes = files
        .iter()
        .map(|f| std::fs::metadata(&f.path).map_or(0, |m| m.len()));
    let mut notes = Vec::new();
    let mut folds = FoldCount::default();
    let mut corpus = StreamedCorpus {
        cache,
        ..StreamedCorpus::default()
    };
    let cache = corpus.cache.clone();
    let mut duplicates = duplicates::Duplicates::default();
    let mut sink_seconds = 0.0;
    let ranges = batches(sizes, batch_bytes);
    let read_batch = |r: &Range<usize>| -> Result<Vec<ReadFile>> {
        files[r.clone()]
            .par_iter()
            .map(|f| read_and_split(&f.path, input.decoding(), segment, Some(&cache), &clutter))
            .collect()
    };
    // batch b + 1 is read while batch b is in the sink
    let mut next = ranges.first().map(read_batch).transpose()?;
    for (b, range) in ranges.iter().enumerate() {
        let read = next.take().unwrap_or_default();
        let batch = &files[range.clone()];
        let mut texts: Vec<&str> = Vec::new();
        let first_unit = corpus.units.len();
        for (file, r) in batch.iter().zip(&read) {
            warnings.extend(r.warning.iter().cloned());
            corpus.removed.add(&r.removed);
            let Some((bytes, blocks)) = &r.kept else {
                continue;
            };
            let doc = corpus.documents.len();
            if blocks.is_empty() {
                notes.push(no_text_note(&file.path));
            }
            notes.extend(duplicates.check(r.digest, &file.path));
            corpus.documents.push(Document {
                id: file.id.clone(),
                path: file.path.clone(),
                bytes: *bytes,
                title: r.title.clone(),
                n_units: blocks.len(),
            });
            for (index, (b, &page)) in blocks.iter().zip(&r.pages).enumerate() {
                folds.add(b);
                corpus.units.push(UnitPlace {
                    doc,
                    index,
                    line: b.line,
                    page,
                });
                texts.push(&b.text);
            }
        }
        let docs: Vec<usize> = corpus.units[first_unit..].iter().map(|u| u.doc).collect();
        let (ahead, sunk) = rayon::join(
            || ranges.get(b + 1).map(read_batch).transpose(),
            || {
                let t = Instant::now();
                let r = sink(&texts, &docs);
                (r, t.elapsed().as_secs_f64())
            },
        );
        sunk.0?;
        sink_seconds += sunk.1;
        next = ahead?;
    }
    warnings.extend(notes);
    warnings.extend(folds.warning(segment));
    warnings.extend(corpus.removed.notice());
    corpus.warnings = warnings;
    corpus.boilerplate = clutter;
    corpus.sink_seconds = sink_seconds;
    corpus.read_seconds = start.elapsed().as_secs_f64() - sink_seconds;
    Ok(corpus)
}

/// A file read for [`stream`] or [`reread`]: its warning, and unless it was left out,
/// its decoded size and its units.
struct ReadFile {
    warning: Option<Notice>,
    title: Option<String>,
    kept: Option<(u64, Vec<Block>)>,
    /// Each unit's page (PDF), in the order of the units.
    pages: Vec<Option<u32>>,
    /// A digest of the text's words, for [`duplicates::Duplicates`].
    digest: Option<u64>,
    /// The lines of page clutter it lost.
    removed: Removed,
}

/// Reads one file (from `cache` when it holds its extracted text), splits it; the
/// text is dropped once split.
fn read_and_split(
    path: &std::path::Path,
    how: TextDecoding,
    segment: &SegmentConfig,
    cache: Option<&ExtractCache>,
    clutter: &Boilerplate,
) -> Result<ReadFile> {
    let d = cache::read_with(cache, path, how)?;
    let text = d.text.map(clean_text);
    let title = text.as_deref().and_then(|t| document_title(t, segment));
    let digest = text.as_deref().and_then(duplicates::digest);
    let bytes = text.as_ref().map(|t| t.len() as u64);
    // one copy of the text at a time: the original is dropped once stripped, the
    // stripped one once split
    let mut removed = Removed::default();
    let blocks = text.map(|t| match clutter.is_off() {
        true => split_units(&t, segment),
        false => {
            let s = clutter.strip(&t, &d.pages);
            drop(t);
            removed = s.removed;
            split_units(&s.text, segment)
        }
    });
    let pages = unit_pages(blocks.as_deref().unwrap_or_default(), &d.pages);
    Ok(ReadFile {
        warning: d.warning,
        title,
        digest,
        pages,
        kept: bytes.zip(blocks),
        removed,
    })
}

/// A file's text and pages as [`read_and_split`] has them just before page clutter is
/// removed: what [`boilerplate::detect`] reads.
fn clutter_text(
    path: &std::path::Path,
    how: TextDecoding,
    cache: Option<&ExtractCache>,
) -> Result<Option<(String, Vec<u32>)>> {
    let d = cache::read_with(cache, path, how)?;
    Ok(d.text.map(|t| (clean_text(t), d.pages)))
}

/// The page each unit starts on: the page of its first line (`pages[line - 1]`, see
/// [`formats::Extracted::pages`]); all `None` for a text without pages.
fn unit_pages(units: &[Block], pages: &[u32]) -> Vec<Option<u32>> {
    units
        .iter()
        .map(|b| pages.get(b.line.wrapping_sub(1)).copied())
        .collect()
}

/// Gives back the unit texts of a [`stream`]ed corpus: re-reads its documents (those
/// with units) in batches, in parallel, and calls `f` with each document's index and
/// its units, in document order. The same decoding and splitting rules apply, so the
/// units are [`stream`]'s (the corpus's [`StreamedCorpus::boilerplate`] removed);
/// structured files are not parsed again (their text comes from the corpus's
/// [`ExtractCache`]). A file that changed since (different size or number of units) or
/// can no longer be read is an error naming it.
pub fn reread(
    corpus: &StreamedCorpus,
    how: TextDecoding,
    segment: &SegmentConfig,
    mut f: impl FnMut(usize, Vec<Block>) -> Result<()>,
) -> Result<()> {
    let documents = &corpus.documents;
    let wanted: Vec<usize> = (0..documents.len())
        .filter(|&d| documents[d].n_units > 0)
        .collect();
    for range in batches(wanted.iter().map(|&d| documents[d].bytes), BATCH_BYTES) {
        let batch = &wanted[range];
        let read: Vec<ReadFile> = batch
            .par_iter()
            .map(|&d| {
                read_and_split(
                    &documents[d].path,
                    how,
                    segment,
                    Some(&corpus.cache),
                    &corpus.boilerplate,
                )
            })
            .collect::<Result<_>>()?;
        for (&d, r) in batch.iter().zip(read) {
            let doc = &documents[d];
            match r.kept {
                Some((bytes, blocks)) if bytes == doc.bytes && blocks.len() == doc.n_units => {
                    f(d, blocks)?
                }
                _ => {
                    return Err(Error::Data(format!(
                        "{} changed or became unreadable during the run (it had {} bytes and {} paragraphs when it was first read); leave the input files alone while paratopic runs, then run again",
                        doc.path.display(),
                        doc.bytes,
                        doc.n_units
                    )))
                }
            }
        }
    }
    Ok(())
}

/// Reads every input file and splits it into units: the stage's entry point.
pub fn load(input: &InputConfig, segment: &SegmentConfig) -> Result<Corpus> {
    input
        .validate()
        .map_err(|e| crate::Error::Config(e.to_string()))?;
    let (files, mut warnings) = discover(input)?;
    // structured files are parsed once, into a cache in memory, for clutter detection
    // and splitting
    let cache = ExtractCache::default();
    let texts: Vec<Option<(String, Vec<u32>)>> = files
        .par_iter()
        .map(|f| clutter_text(&f.path, input.decoding(), Some(&cache)))
        .collect::<Result<_>>()?;
    let boilerplate = boilerplate::detect_paged(&texts, clutter_wanted(segment));
    drop(texts);
    let read: Vec<ReadFile> = files
        .par_iter()
        .map(|f| {
            read_and_split(
                &f.path,
                input.decoding(),
                segment,
                Some(&cache),
                &boilerplate,
            )
        })
        .collect::<Result<_>>()?;
    warnings.extend(read.iter().filter_map(|r| r.warning.clone()));
    let mut notes = Vec::new();
    let mut duplicates = duplicates::Duplicates::default();
    let mut corpus = Corpus {
        boilerplate,
        ..Corpus::default()
    };
    let mut folds = FoldCount::default();
    for (file, r) in files.into_iter().zip(read) {
        corpus.removed.add(&r.removed);
        let Some((bytes, units)) = r.kept else {
            continue;
        };
        let doc = corpus.documents.len();
        if units.is_empty() {
            notes.push(no_text_note(&file.path));
        }
        notes.extend(duplicates.check(r.digest, &file.path));
        corpus.documents.push(Document {
            id: file.id,
            path: file.path,
            bytes,
            title: r.title,
            n_units: units.len(),
        });
        units.iter().for_each(|b| folds.add(b));
        corpus
            .units
            .extend(
                units
                    .into_iter()
                    .zip(r.pages)
                    .enumerate()
                    .map(|(index, (b, page))| Unit {
                        doc,
                        index,
                        line: b.line,
                        page,
                        text: b.text,
                    }),
            );
    }
    warnings.extend(notes);
    warnings.extend(folds.warning(segment));
    warnings.extend(corpus.removed.notice());
    corpus.warnings = warnings;
    Ok(corpus)
}

/// Whether page clutter is looked for: `segment.boilerplate`, except with
/// `segment.unit = "line"`, where every line is a text of its own (a survey answer
/// given three times is not a running header).
fn clutter_wanted(segment: &SegmentConfig) -> bool {
    segment.boilerplate && segment.unit != SegmentUnit::Line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_unit_is_on_the_page_of_its_first_line() {
        // lines 1-2 on page 1, lines 3-6 on page 2
        let text = "Para one on page one.

Para two, page two.
still two

Para three.
";
        let units = split_units(
            text,
            &SegmentConfig {
                min_words: 0,
                ..Default::default()
            },
        );
        let pages = [1, 1, 2, 2, 2, 2];
        assert_eq!(unit_pages(&units, &pages), [Some(1), Some(2), Some(2)]);
        assert_eq!(unit_pages(&units, &[]), [None, None, None]);
    }
}
