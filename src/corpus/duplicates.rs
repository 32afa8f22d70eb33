//! Documents read twice: the same text (up to white space) in two files, e.g. one
//! document saved as PDF and as DOCX. Both are kept (their ids differ), with a warning,
//! since their paragraphs would otherwise count twice without anyone knowing.

use crate::notice::Notice;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

/// A digest of `text`'s words (white space ignored); `None` for a text without words.
pub(super) fn digest(text: &str) -> Option<u64> {
    let mut h = std::hash::DefaultHasher::new();
    let mut words = 0usize;
    for w in text.split_whitespace() {
        w.hash(&mut h);
        words += 1;
    }
    (words > 0).then(|| h.finish())
}

/// The documents seen so far, by digest.
#[derive(Debug, Default)]
pub(super) struct Duplicates(HashMap<u64, PathBuf>);

impl Duplicates {
    /// A warning when the document at `path` has the text of one seen before.
    pub(super) fn check(&mut self, digest: Option<u64>, path: &Path) -> Option<Notice> {
        let first = self.0.entry(digest?).or_insert_with(|| path.to_path_buf());
        (first != path).then(|| {
            Notice::warning(
                "duplicate_document",
                format!(
                    "{} has the same text as {} (the same document twice, e.g. in two formats?); \
                     both are read, so its paragraphs count twice: remove one of them from the \
                     input",
                    path.display(),
                    first.display()
                ),
            )
        })
    }
}
