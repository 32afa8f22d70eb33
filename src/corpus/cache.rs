//! The text extracted from structured files (PDF, DOCX, ODT, HTML), kept for the run so
//! that no file is parsed twice: [`super::stream`] parses each file once, and
//! [`super::reread`] (which gives the unit texts back for `paragraphs.csv`) reads the
//! kept text instead of parsing again. A pipeline run keeps it in a folder inside its
//! staging folder, so memory stays bounded and it disappears with the run; library
//! callers that give no folder keep it in memory. Plain text and Markdown are not kept:
//! they are decoded again from the file.

use super::formats::{FileText, Format};
use super::TextDecoding;
use crate::error::{Error, Result};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// Where extracted text is kept (see the module docs).
#[derive(Debug, Default)]
pub struct ExtractCache {
    /// The folder the texts are written to; `None`: kept in memory.
    dir: Option<PathBuf>,
    /// Per file: the kept text (in memory, or the file holding it) and its pages.
    kept: Mutex<HashMap<PathBuf, (Kept, Vec<u32>)>>,
    /// Files parsed (structured formats only).
    parses: AtomicUsize,
}

#[derive(Debug)]
enum Kept {
    Memory(String),
    File(PathBuf),
}

impl ExtractCache {
    /// A cache writing into `dir` (created when first needed, removed when the cache is
    /// dropped): give a folder of its own, e.g. inside the run's staging folder.
    pub fn in_folder(dir: PathBuf) -> ExtractCache {
        ExtractCache {
            dir: Some(dir),
            kept: Mutex::default(),
            parses: AtomicUsize::default(),
        }
    }

    /// How many files were parsed (PDF, DOCX, ODT, HTML); a file read again from the
    /// cache does not count.
    pub fn parses(&self) -> usize {
        self.parses.load(Ordering::Relaxed)
    }

    /// The text of the file at `path`: kept text when it was extracted before, else
    /// the file read and [`super::formats::extract`]ed (and kept, if structured and readable).
    /// An unreadable file is a warning, not an error ([`super::read_file`]).
    pub fn read(&self, path: &Path, how: TextDecoding) -> Result<FileText> {
        if let Some(kept) = self.get(path)? {
            return Ok(kept);
        }
        let read = super::read_file(path, how)?;
        if Format::of(path) == Format::Text || Format::of(path) == Format::Markdown {
            return Ok(read);
        }
        self.parses.fetch_add(1, Ordering::Relaxed);
        if let Some(text) = &read.text {
            self.put(path, text, &read.pages)?;
        }
        Ok(read)
    }

    fn get(&self, path: &Path) -> Result<Option<FileText>> {
        let kept = self.lock();
        let Some((kept, pages)) = kept.get(path) else {
            return Ok(None);
        };
        let text = match kept {
            Kept::Memory(t) => t.clone(),
            Kept::File(f) => std::fs::read_to_string(f).map_err(|e| Error::read(f, e))?,
        };
        Ok(Some(FileText {
            text: Some(text),
            pages: pages.clone(),
            warning: None,
        }))
    }

    fn put(&self, path: &Path, text: &str, pages: &[u32]) -> Result<()> {
        let mut kept = self.lock();
        let slot = match &self.dir {
            None => Kept::Memory(text.to_string()),
            Some(dir) => {
                std::fs::create_dir_all(dir).map_err(|e| Error::write(dir, e))?;
                let file = dir.join(format!("{}.txt", kept.len()));
                std::fs::write(&file, text).map_err(|e| Error::write(&file, e))?;
                Kept::File(file)
            }
        };
        kept.insert(path.to_path_buf(), (slot, pages.to_vec()));
        Ok(())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<PathBuf, (Kept, Vec<u32>)>> {
        self.kept
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Drop for ExtractCache {
    fn drop(&mut self) {
        if let Some(dir) = &self.dir {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

/// Reads `path` with `cache`, or without one (every call parses).
pub(super) fn read_with(
    cache: Option<&ExtractCache>,
    path: &Path,
    how: TextDecoding,
) -> Result<FileText> {
    match cache {
        Some(c) => c.read(path, how),
        None => super::read_file(path, how),
    }
}
