//! Page clutter: running headers and footers, page numbers, copyright and imprint lines,
//! found from repetition alone and removed before segmentation.
//!
//! A *line key* is a short line (at most [`MAX_WORDS`] words and [`MAX_LINE_BYTES`]
//! bytes) lower-cased, with every run of digits replaced by `#` and white space
//! collapsed, so "Page 3 of 12" and "page 4 of  12" share the key `page # of #`. Two
//! rules make a key clutter, neither using a list of phrases:
//!
//! - **within a document** ([`repeated_on_pages`]): the key occurs on at least
//!   [`MIN_PAGES`] pages of the document. Pages come from a PDF's page numbers or from
//!   form feeds (`\f`, as pdftotext writes them); in text without pages each occurrence
//!   counts as a page. This finds running headers and footers, however each document
//!   words them and in any language.
//! - **across documents** ([`detect`]): the key is one of the first or last
//!   [`EDGE_LINES`] lines of at least max([`MIN_DOCUMENTS`], [`DOCUMENT_SHARE`] × files)
//!   documents (not counting lines the first rule removes). This finds what each
//!   document carries once: letterheads, salutations, copyright and web-page footers.
//!   Only a document's first and last lines count, because section headings such as
//!   "EDUCATION" or "Housing" recur across many documents *inside* them and carry their
//!   topic: on 100 UK manifestos counting every line would remove 43 keys (887 lines,
//!   "TRANSPORT" in 24 manifestos, "EDUCATION" in 24); counting the edges removes 9,
//!   all furniture ("Back to manifesto index.", "Last Modified: …", "CONTENTS").
//!   A document of at most 2 × [`EDGE_LINES`] lines has no body between its edges and
//!   gives none: in short texts (survey answers, template responses, bill titles) the
//!   repeated lines are the content.
//!
//! Measured with the defaults: 100 UK manifestos lose 1 818 of 66 938 lines (117
//! distinct: page numbers, "Page 1", print dates, party running heads, "We will:"
//! lead-ins), 245 State of the Union addresses 201 of 50 362 (salutations, stage
//! directions on their own line, repeated table rows, one refrain said three times),
//! 745 BBC news articles and 97 Wikipedia articles none.
//!
//! Detection ([`detect`], [`Detector`]) and removal ([`Boilerplate::strip`]) are
//! separate: the detected [`Boilerplate`] is plain data, saved with a model so that
//! applying it removes the same lines. Removal blanks a line (keeping its form feeds), so
//! the line numbers of everything else stay those of the file.

use super::{batches, InputFile};
use crate::error::Result;
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A line with more words than this is never clutter.
pub const MAX_WORDS: usize = 12;
/// A line with more bytes than this (trimmed) is never clutter.
pub const MAX_LINE_BYTES: usize = 200;
/// A key on at least this many pages of one document is clutter there.
pub const MIN_PAGES: usize = 3;
/// How many non-blank lines at each end of a document count for the rule across
/// documents.
pub const EDGE_LINES: usize = 3;
/// A key at the edge of at least this many documents (and [`DOCUMENT_SHARE`] of them)
/// is clutter everywhere.
pub const MIN_DOCUMENTS: usize = 3;
/// The share of the files a key must be at the edge of to be clutter everywhere.
pub const DOCUMENT_SHARE: f64 = 0.05;

/// The page clutter of a corpus: what [`Boilerplate::strip`] removes from each document.
///
/// Serialised with a model (contracts §10), e.g.
/// `{"min_pages": 3, "lines": ["back to manifesto index.", "page # of #"]}`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Boilerplate {
    /// A key on this many pages of a document is removed from it; 0 turns the rule off
    /// (`segment.boilerplate = false`).
    pub min_pages: usize,
    /// Line keys ([`line_key`]) removed from every document, sorted.
    pub lines: Vec<String>,
}

/// What [`Boilerplate::strip`] removed: lines in total, and per line key how many lines
/// and one of them (the smallest text, so the choice does not depend on file order).
/// At most [`MAX_TRACKED`] keys are kept (the smallest ones); `lines` is always exact.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Removed {
    /// Lines removed.
    pub lines: usize,
    /// Per key: lines removed and the smallest of their texts (trimmed).
    pub keys: BTreeMap<String, (usize, String)>,
}

/// Most distinct keys a [`Removed`] keeps.
pub const MAX_TRACKED: usize = 10_000;

/// How many example lines [`Removed::summary`] shows.
pub const EXAMPLES: usize = 5;

/// `run.json`'s `boilerplate`: lines removed, distinct line keys, up to [`EXAMPLES`]
/// of the most removed lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RemovedSummary {
    /// Lines removed.
    pub lines_removed: usize,
    /// Distinct line keys among them (at most [`MAX_TRACKED`]).
    pub distinct: usize,
    /// The most removed lines (most lines first, then by key), as written in a document.
    pub examples: Vec<String>,
}

impl Removed {
    /// Adds `other`'s counts to these.
    pub fn add(&mut self, other: &Removed) {
        self.lines += other.lines;
        for (key, (n, text)) in &other.keys {
            self.note(key, *n, text);
        }
    }

    fn note(&mut self, key: &str, n: usize, text: &str) {
        match self.keys.get_mut(key) {
            Some((m, t)) => {
                *m += n;
                if text < t.as_str() {
                    *t = text.to_string();
                }
            }
            None => {
                self.keys.insert(key.to_string(), (n, text.to_string()));
                if self.keys.len() > MAX_TRACKED {
                    self.keys.pop_last();
                }
            }
        }
    }

    /// The summary for `run.json` and the notes.
    pub fn summary(&self) -> RemovedSummary {
        let mut ranked: Vec<(&String, &(usize, String))> = self.keys.iter().collect();
        ranked.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then_with(|| a.0.cmp(b.0)));
        RemovedSummary {
            lines_removed: self.lines,
            distinct: self.keys.len(),
            examples: ranked
                .into_iter()
                .take(EXAMPLES)
                .map(|(_, (_, t))| t.chars().take(80).collect())
                .collect(),
        }
    }

    /// The report's row (in "Inputs") saying what was removed, `None` when nothing was.
    pub fn report_row(&self) -> Option<(String, String)> {
        let s = self.summary();
        (s.lines_removed > 0).then(|| {
            let shown: Vec<String> = s
                .examples
                .iter()
                .map(|e| format!("\u{201c}{e}\u{201d}"))
                .collect();
            (
                "page clutter removed (segment.boilerplate)".to_string(),
                format!(
                    "{} lines, {} distinct, e.g. {}",
                    s.lines_removed,
                    s.distinct,
                    shown.join(", ")
                ),
            )
        })
    }

    /// The note saying what was removed, `None` when nothing was.
    pub fn notice(&self) -> Option<crate::notice::Notice> {
        let s = self.summary();
        (s.lines_removed > 0).then(|| {
            let shown: Vec<String> = s.examples.iter().map(|e| format!("{e:?}")).collect();
            crate::notice::Notice::note(
                "boilerplate_removed",
                format!(
                    "removed {} line(s) of page clutter repeated across pages or documents \
                     ({} distinct), e.g. {}; segment.boilerplate = false keeps them",
                    s.lines_removed,
                    s.distinct,
                    shown.join(", ")
                ),
            )
        })
    }
}

/// The key of a line: `None` for a blank or long line (more than [`MAX_WORDS`] words
/// or [`MAX_LINE_BYTES`] bytes); otherwise lower-cased, each run of digits replaced by
/// `#`, white space (form feeds and byte-order marks included) collapsed to one space.
///
/// ```
/// use paratopic::corpus::boilerplate::line_key;
/// assert_eq!(line_key(" Page 3 of 12 ").as_deref(), Some("page # of #"));
/// assert_eq!(line_key("\u{c}PAGE  4 of 12"), line_key("Page 3 of 12"));
/// assert_eq!(line_key("   "), None);
/// ```
pub fn line_key(line: &str) -> Option<String> {
    let mut key = String::new();
    write_key(line, &mut key).then_some(key)
}

/// [`line_key`] into `key` (cleared first), without allocating once `key` is large
/// enough: false for a blank or long line.
fn write_key(line: &str, key: &mut String) -> bool {
    key.clear();
    let line = line.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    if line.is_empty()
        || line.len() > MAX_LINE_BYTES
        || line.split_whitespace().nth(MAX_WORDS).is_some()
    {
        return false;
    }
    let mut last = ' ';
    for c in line.chars() {
        let c = if c.is_numeric() {
            '#'
        } else if c.is_whitespace() || c == '\u{feff}' {
            ' '
        } else {
            c
        };
        if (c == '#' || c == ' ') && c == last {
            continue;
        }
        if c == ' ' || c == '#' {
            key.push(c);
        } else {
            key.extend(c.to_lowercase());
        }
        last = c;
    }
    true
}

/// The lines of `text` with their line endings (`\n`, `\r\n` or `\r`, as segmentation
/// counts lines) and their 1-based page: `pages[i]` for line `i + 1` when given (the
/// last page past its end), else one more per form feed, counted from a line's start.
fn paged_lines<'a>(
    text: &'a str,
    pages: &'a [u32],
) -> impl Iterator<Item = (&'a str, &'a str, u32)> + 'a {
    let mut rest = Some(text);
    let mut page = 1u32;
    let mut i = 0usize;
    std::iter::from_fn(move || {
        let s = rest?;
        let (line, end) = match memchr::memchr2(b'\n', b'\r', s.as_bytes()) {
            Some(pos) => {
                let skip = if s[pos..].starts_with("\r\n") { 2 } else { 1 };
                rest = Some(&s[pos + skip..]).filter(|r| !r.is_empty());
                (&s[..pos], &s[pos..pos + skip])
            }
            None => {
                rest = None;
                (s, "")
            }
        };
        let this = if pages.is_empty() {
            let lead = line.len() - line.trim_start_matches('\u{c}').len();
            page += lead as u32;
            let this = page;
            page += line[lead..].matches('\u{c}').count() as u32;
            this
        } else {
            pages.get(i).or(pages.last()).copied().unwrap_or(1)
        };
        i += 1;
        Some((line, end, this))
    })
}

/// The line keys on at least `min_pages` pages of `text` (each occurrence counts as a
/// page when the text has no pages), with `pages` as [`Boilerplate::strip`] takes it.
/// Empty when `min_pages` is 0. Memory: one entry per distinct short line of the text.
pub fn repeated_on_pages(text: &str, pages: &[u32], min_pages: usize) -> FxHashSet<String> {
    if min_pages == 0 {
        return FxHashSet::default();
    }
    let paged = !pages.is_empty() || text.contains('\u{c}');
    // per key: pages seen, and the last one (lines come in page order)
    let mut seen: FxHashMap<String, (usize, u32)> = FxHashMap::default();
    let mut key = String::new();
    for (line, _, page) in paged_lines(text, pages) {
        if !write_key(line, &mut key) {
            continue;
        }
        let e = match seen.get_mut(key.as_str()) {
            Some(e) => e,
            None => seen.entry(key.clone()).or_insert((0, 0)),
        };
        if !paged || e.0 == 0 || e.1 != page {
            *e = (e.0 + 1, page);
        }
    }
    seen.into_iter()
        .filter(|(_, (n, _))| *n >= min_pages)
        .map(|(k, _)| k)
        .collect()
}

/// The keys of the first and last [`EDGE_LINES`] non-blank lines of `text`, leaving out
/// the lines in `local` (what [`repeated_on_pages`] found): sorted, without repeats.
/// Long lines take their place in the count but give no key. A document with no line
/// between its edges (at most 2 × [`EDGE_LINES`] lines) gives none: in short texts —
/// survey answers, template responses, bill titles — the repeated lines are the content.
pub fn edge_keys(text: &str, pages: &[u32], local: &FxHashSet<String>) -> Vec<String> {
    let mut head: Vec<&str> = Vec::new();
    let mut tail: std::collections::VecDeque<&str> = Default::default();
    // lines between head and tail
    let mut n_body = 0usize;
    let mut key = String::new();
    for (line, _, _) in paged_lines(text, pages) {
        let short = write_key(line, &mut key);
        let blank = !short
            && line
                .trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
                .is_empty();
        if blank || (short && local.contains(key.as_str())) {
            continue;
        }
        let key = line;
        if head.len() < EDGE_LINES {
            head.push(key);
        } else {
            tail.push_back(key);
            if tail.len() > EDGE_LINES {
                tail.pop_front();
                n_body += 1;
            }
        }
    }
    if tail.len() < EDGE_LINES || n_body == 0 {
        return Vec::new();
    }
    let mut keys: Vec<String> = head.into_iter().chain(tail).filter_map(line_key).collect();
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// The text [`Boilerplate::strip`] returns, and what it removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stripped {
    /// The text with each removed line blanked (its form feeds kept): as many lines as
    /// before, so line numbers and a PDF's `pages` still hold.
    pub text: String,
    /// What was removed.
    pub removed: Removed,
}

impl Boilerplate {
    /// No removal at all (`segment.boilerplate = false`).
    pub fn off() -> Boilerplate {
        Boilerplate::default()
    }

    /// True when [`Boilerplate::strip`] never removes anything.
    pub fn is_off(&self) -> bool {
        self.min_pages == 0 && self.lines.is_empty()
    }

    /// Removes the clutter from one document: every line whose key is in `lines`, and
    /// every line whose key is on at least `min_pages` of its pages
    /// ([`repeated_on_pages`]). `pages[i]` is the page of line `i + 1` (a PDF's);
    /// empty for text, whose pages are counted from form feeds.
    ///
    /// ```
    /// use paratopic::corpus::boilerplate::Boilerplate;
    /// let b = Boilerplate { min_pages: 3, lines: vec![] };
    /// let text = "Amt für Verkehr\nBusse fahren öfter.\n\u{c}Amt für Verkehr\nZüge auch.\n\u{c}Amt für Verkehr\nEnde.\n";
    /// let s = b.strip(text, &[]);
    /// assert_eq!(s.text, "\nBusse fahren öfter.\n\u{c}\nZüge auch.\n\u{c}\nEnde.\n");
    /// assert_eq!(s.removed.lines, 3);
    /// ```
    pub fn strip(&self, text: &str, pages: &[u32]) -> Stripped {
        let mut removed = Removed::default();
        if self.is_off() {
            return Stripped {
                text: text.to_string(),
                removed,
            };
        }
        let local = repeated_on_pages(text, pages, self.min_pages);
        let mut out = String::with_capacity(text.len());
        let mut key = String::new();
        for (line, end, _) in paged_lines(text, pages) {
            let clutter = write_key(line, &mut key)
                && (local.contains(key.as_str())
                    || (self.lines)
                        .binary_search_by(|k| k.as_str().cmp(key.as_str()))
                        .is_ok());
            if clutter {
                out.extend(line.chars().filter(|&c| c == '\u{c}'));
                removed.lines += 1;
                let shown = line.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
                removed.note(&key, 1, shown);
            } else {
                out.push_str(line);
            }
            out.push_str(end);
        }
        Stripped { text: out, removed }
    }
}

/// Counts, in bounded memory, the documents each edge key ([`edge_keys`]) is found in,
/// and keeps the keys found in at least a threshold of them.
///
/// Memory: a count-min sketch of [`SKETCH_ROWS`] × [`SKETCH_WIDTH`] `u32` counters
/// (1 MiB) plus the key strings whose estimate reached the threshold — at most
/// [`MAX_CANDIDATES`], and in practice far fewer: each document adds at most
/// 2 × [`EDGE_LINES`] keys, so no more than 2 × [`EDGE_LINES`] × documents / threshold
/// (120 at a threshold of 5%) can reach it. Whatever the number of documents or lines.
///
/// Exact in the direction that matters: every key found in at least `threshold`
/// documents is kept, whatever the order the documents come in; a key found in fewer
/// is kept only if it collides with frequent keys in all rows of the sketch.
#[derive(Debug, Clone)]
pub struct Detector {
    sketch: Vec<u32>,
    threshold: u32,
    candidates: BTreeMap<String, ()>,
}

/// Rows of [`Detector`]'s count-min sketch.
pub const SKETCH_ROWS: usize = 4;
/// Counters per row of [`Detector`]'s count-min sketch.
pub const SKETCH_WIDTH: usize = 1 << 16;
/// Most keys [`Detector`] keeps.
pub const MAX_CANDIDATES: usize = 4096;

impl Detector {
    /// A detector keeping keys found in at least max([`MIN_DOCUMENTS`],
    /// ⌈[`DOCUMENT_SHARE`] × `files`⌉) documents.
    pub fn new(files: usize) -> Detector {
        let share = (DOCUMENT_SHARE * files as f64).ceil() as usize;
        Detector {
            sketch: vec![0; SKETCH_ROWS * SKETCH_WIDTH],
            threshold: share.max(MIN_DOCUMENTS).min(u32::MAX as usize) as u32,
            candidates: BTreeMap::new(),
        }
    }

    /// Counts one document's edge keys (each once).
    pub fn add(&mut self, keys: &[String]) {
        for key in keys {
            let h = fnv1a(key.as_bytes());
            let mut estimate = u32::MAX;
            for row in 0..SKETCH_ROWS {
                let c = &mut self.sketch[row * SKETCH_WIDTH + slot(h, row)];
                *c = c.saturating_add(1);
                estimate = estimate.min(*c);
            }
            if estimate >= self.threshold && self.candidates.len() < MAX_CANDIDATES {
                self.candidates.insert(key.clone(), ());
            }
        }
    }

    /// The keys found in at least the threshold of documents, sorted.
    pub fn finish(self) -> Vec<String> {
        self.candidates.into_keys().collect()
    }
}

/// FNV-1a, 64 bits: a hash that never changes between builds.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The counter of hash `h` in `row`: splitmix64 of `h` mixed with the row.
fn slot(h: u64, row: usize) -> usize {
    let mut z = h ^ (row as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49eb_133c_11eb);
    ((z ^ (z >> 31)) as usize) % SKETCH_WIDTH
}

/// The first pass: reads `files` in batches of `batch_bytes` (in parallel within a batch,
/// counted in file order, so the result depends on neither the thread count nor the
/// order the files are listed in) and returns the corpus's [`Boilerplate`]; with
/// `enabled` false, [`Boilerplate::off`] without reading anything.
///
/// `text_of` gives a file's text and pages as the read path has them just before
/// [`Boilerplate::strip`] (`None` for a file left out). Read errors are the read path's.
pub fn detect(
    files: &[InputFile],
    enabled: bool,
    batch_bytes: u64,
    text_of: impl Fn(&std::path::Path) -> Result<Option<(String, Vec<u32>)>> + Sync,
) -> Result<Boilerplate> {
    if !enabled {
        return Ok(Boilerplate::off());
    }
    let mut detector = Detector::new(files.len());
    let sizes = files
        .iter()
        .map(|f| std::fs::metadata(&f.path).map_or(0, |m| m.len()));
    for range in batches(sizes, batch_bytes) {
        let keys: Vec<Vec<String>> =
            files[range]
                .par_iter()
                .map(|f| {
                    Ok(text_of(&f.path)?
                        .map_or_else(Vec::new, |(text, pages)| doc_keys(&text, &pages)))
                })
                .collect::<Result<_>>()?;
        for k in &keys {
            detector.add(k);
        }
    }
    Ok(Boilerplate {
        min_pages: MIN_PAGES,
        lines: detector.finish(),
    })
}

/// [`detect`] over texts already in memory, without pages.
pub fn detect_in(texts: &[Option<String>], enabled: bool) -> Boilerplate {
    let paged: Vec<Option<(String, Vec<u32>)>> = texts
        .iter()
        .map(|t| t.as_ref().map(|t| (t.clone(), Vec::new())))
        .collect();
    detect_paged(&paged, enabled)
}

/// [`detect`] over texts already in memory with their pages (for [`super::load`]).
pub fn detect_paged(texts: &[Option<(String, Vec<u32>)>], enabled: bool) -> Boilerplate {
    if !enabled {
        return Boilerplate::off();
    }
    let mut detector = Detector::new(texts.len());
    let keys: Vec<Vec<String>> = texts
        .par_iter()
        .map(|t| t.as_ref().map_or_else(Vec::new, |(t, p)| doc_keys(t, p)))
        .collect();
    for k in &keys {
        detector.add(k);
    }
    Boilerplate {
        min_pages: MIN_PAGES,
        lines: detector.finish(),
    }
}

/// A document's edge keys for [`Detector::add`].
fn doc_keys(text: &str, pages: &[u32]) -> Vec<String> {
    edge_keys(text, pages, &repeated_on_pages(text, pages, MIN_PAGES))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A document of `pages` pages, each with `header` on top, a paragraph, and a footer.
    fn paged(header: &str, footer: &str, pages: usize) -> String {
        (1..=pages)
            .map(|p| {
                format!(
                    "{header}\n\nParagraph on page {p} with enough words to be a real unit of text.\n\n{}\n",
                    footer.replace("{p}", &p.to_string())
                )
            })
            .collect::<Vec<_>>()
            .join("\u{c}")
    }

    fn on() -> Boilerplate {
        Boilerplate {
            min_pages: MIN_PAGES,
            lines: Vec::new(),
        }
    }

    #[test]
    fn digits_case_and_white_space_are_normalised() {
        assert_eq!(line_key("Page 3 of 12"), line_key("page  4 OF 12"));
        assert_eq!(line_key("Seite 3 von 12").as_deref(), Some("seite # von #"));
        assert_ne!(line_key("Page 3 of 12"), line_key("Page 3 to 12"));
        assert_eq!(
            line_key(&"word ".repeat(MAX_WORDS)).map(|k| k.len()),
            Some(MAX_WORDS * 5 - 1)
        );
        assert_eq!(line_key(&"word ".repeat(MAX_WORDS + 1)), None);
        assert_eq!(line_key(&"x".repeat(MAX_LINE_BYTES + 1)), None);
    }

    #[test]
    fn a_german_running_header_and_numbered_footer_are_found_on_form_feed_pages() {
        let text = paged(
            "Bundesministerium für Verkehr – Jahresbericht",
            "Seite {p} von 4",
            4,
        );
        let s = on().strip(&text, &[]);
        assert_eq!(s.removed.lines, 8);
        assert!(!s.text.contains("Bundesministerium") && !s.text.contains("Seite"));
        assert_eq!(s.text.matches("Paragraph on page").count(), 4);
        // lines and form feeds stay where they were
        assert_eq!(s.text.lines().count(), text.lines().count());
        assert_eq!(s.text.matches('\u{c}').count(), 3);
        let shown = s.removed.summary().examples;
        assert!(shown.contains(&"Seite 1 von 4".to_string()), "{shown:?}");
    }

    #[test]
    fn pages_of_a_pdf_count_once_each() {
        // the header three times on one page and once on another: two pages only
        let text = "H\nH\nH\nbody one\nH\nbody two\n";
        let s = on().strip(text, &[1, 1, 1, 1, 2, 2]);
        assert_eq!(s.removed.lines, 0);
        let s = on().strip(text, &[1, 2, 3, 3, 4, 4]);
        assert_eq!(s.removed.lines, 4);
        assert_eq!(s.text, "\n\n\nbody one\n\nbody two\n");
    }

    #[test]
    fn a_line_seen_twice_is_kept_and_without_pages_three_times_is_removed() {
        let twice = "Our plan\n\nText one.\n\nOur plan\n\nText two.\n";
        assert_eq!(on().strip(twice, &[]).removed.lines, 0);
        assert_eq!(on().strip(twice, &[]).text, twice);
        let thrice = format!("{twice}\nOur plan\n");
        assert_eq!(on().strip(&thrice, &[]).removed.lines, 3);
        // on 2 pages of a paged text: kept
        let two_pages = "Our plan\nOur plan\n\u{c}Our plan\nText.\n";
        assert_eq!(on().strip(two_pages, &[]).removed.lines, 0);
    }

    #[test]
    fn long_lines_are_never_clutter() {
        let long =
            "This sentence repeats on every page and is far too long to be a running header.";
        let text = [long, long, long].join("\n\u{c}");
        assert_eq!(on().strip(&text, &[]).removed.lines, 0);
    }

    #[test]
    fn headers_worded_differently_in_each_document_are_found_in_each() {
        let docs: Vec<String> = [
            "Ministry of Housing",
            "Verkehrsministerium",
            "Agence de l'eau",
        ]
        .iter()
        .map(|h| paged(h, "- {p} -", 3))
        .collect();
        let b = detect_in(&docs.iter().cloned().map(Some).collect::<Vec<_>>(), true);
        for d in &docs {
            let s = b.strip(d, &[]);
            assert_eq!(s.removed.lines, 6, "{}", s.text);
            assert_eq!(s.text.matches("Paragraph").count(), 3);
        }
    }

    #[test]
    fn lines_at_the_edges_of_many_documents_are_removed_everywhere_but_headings_inside_them_are_not(
    ) {
        let doc = |i: usize| {
            let w = [
                "schools",
                "hospitals",
                "railways",
                "farms",
                "prisons",
                "rivers",
                "ports",
                "mines",
            ][i];
            format!(
                "Published by the Party, 2{i} High Street\n\nOur first paragraph is about {w}.\n\n\
                 Another paragraph, long enough not to count as a short line at all, on {w}.\n\n\
                 EDUCATION\n\nA second paragraph about {w} and pupils.\n\n\
                 A third paragraph on {w}, universities and colleges.\n\nBack to manifesto index.\n"
            )
        };
        let texts: Vec<Option<String>> = (0..4).map(|i| Some(doc(i))).collect();
        let b = detect_in(&texts, true);
        assert_eq!(
            b.lines,
            [
                "back to manifesto index.",
                "published by the party, # high street"
            ]
        );
        let s = b.strip(&doc(7), &[]);
        assert_eq!(s.removed.lines, 2);
        assert!(s.text.contains("EDUCATION"));
        // short documents are all edge: their repeated lines are the content
        let answers: Vec<Option<String>> = (0..10)
            .map(|i| {
                Some(format!(
                    "I support the proposal.\nMore cycle lanes, please.\nResponse {i}\n"
                ))
            })
            .collect();
        assert!(detect_in(&answers, true).lines.is_empty());
        // in two documents only: not enough
        assert!(detect_in(&texts[..2], true).lines.is_empty());
        // switched off
        assert_eq!(detect_in(&texts, false), Boilerplate::off());
        assert_eq!(Boilerplate::off().strip(&doc(1), &[]).text, doc(1));
    }

    #[test]
    fn the_threshold_is_five_percent_of_the_files_when_that_is_more_than_three() {
        assert_eq!(Detector::new(4).threshold, 3);
        assert_eq!(Detector::new(60).threshold, 3);
        assert_eq!(Detector::new(100).threshold, 5);
        assert_eq!(Detector::new(1001).threshold, 51);
        let mut d = Detector::new(100);
        for _ in 0..4 {
            d.add(&["four".into()]);
        }
        for _ in 0..5 {
            d.add(&["five".into()]);
        }
        assert_eq!(d.finish(), ["five"]);
    }

    #[test]
    fn memory_stays_bounded_with_many_distinct_lines() {
        // 300 000 documents with distinct edge lines and one shared footer in 5% of them
        let mut d = Detector::new(300_000);
        for i in 0..300_000u32 {
            let mut keys = vec![format!("distinct line {i}x"), format!("other {i}y")];
            if i % 20 == 0 {
                keys.push("shared footer".into());
            }
            d.add(&keys);
        }
        assert_eq!(d.sketch.len(), SKETCH_ROWS * SKETCH_WIDTH);
        assert_eq!(d.finish(), ["shared footer"]);
        // a tally keeps at most MAX_TRACKED keys, the smallest, and counts every line
        let mut r = Removed::default();
        for i in 0..(MAX_TRACKED + 500) {
            r.note(&format!("k{i:06}"), 2, "x");
        }
        assert_eq!(r.keys.len(), MAX_TRACKED);
        assert_eq!(r.lines, 0);
        assert!(
            r.keys.contains_key("k000000") && !r.keys.contains_key(&format!("k{:06}", MAX_TRACKED))
        );
    }

    #[test]
    fn the_summary_shows_the_most_removed_lines_whatever_the_order() {
        let mut a = Removed::default();
        let mut b = Removed::default();
        let parts = [
            ("page # of #", 6, "Page 2 of 3"),
            ("page # of #", 3, "Page 1 of 3"),
            ("dept", 3, "Dept"),
        ];
        for (k, n, t) in parts {
            a.note(k, n, t);
            a.lines += n;
        }
        for (k, n, t) in parts.iter().rev() {
            b.note(k, *n, t);
            b.lines += n;
        }
        assert_eq!(a, b);
        let s = a.summary();
        assert_eq!((s.lines_removed, s.distinct), (12, 2));
        assert_eq!(s.examples, ["Page 1 of 3", "Dept"]);
        assert!(a.notice().unwrap().text.contains("removed 12 line(s)"));
        assert_eq!(Removed::default().notice(), None);
    }

    #[test]
    fn serialises_as_plain_data() {
        let b = Boilerplate {
            min_pages: 3,
            lines: vec!["page # of #".into()],
        };
        let json = serde_json::to_string(&b).unwrap();
        assert_eq!(json, r#"{"min_pages":3,"lines":["page # of #"]}"#);
        assert_eq!(serde_json::from_str::<Boilerplate>(&json).unwrap(), b);
    }
}
