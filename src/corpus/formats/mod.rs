//! Document formats: how a file's bytes become the text the corpus stage splits.
//!
//! Plain text and Markdown are decoded ([`super::decode`]); the structured formats (PDF,
//! DOCX, ODT, HTML) are parsed by well-kept crates and written out as blocks — paragraphs,
//! headings and list items — separated by a blank line, so that segmentation treats every
//! format alike. Each format's reader lives in its own file and returns an [`Extracted`].

mod blocks;
mod docx;
mod html;
mod odt;
mod zipped;

pub use docx::extract_docx;
pub use html::{decode_html, html_text};
pub use odt::extract_odt;
pub use pdf::extract_pdf;

use super::decode::{decode, Decoded, TextDecoding};
use super::markdown::markdown_text;
use crate::error::Result;
use crate::notice::Notice;
use std::path::Path;

pub mod pdf;
mod pdf_blocks;
mod pdf_fixups;
mod pdf_glyphs;
mod pdf_layout;

/// The text of a structured document, ready for segmentation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extracted {
    /// Blocks (paragraphs, headings, list items) separated by one blank line; lines inside
    /// a block end with `\n`.
    pub text: String,
    /// For paged formats (PDF): the 1-based page of each line of `text`
    /// (`pages[i]` is the page of line `i + 1`); empty for formats without pages.
    pub pages: Vec<u32>,
}

/// Why a structured file could not be read: shown in a warning after the file's name,
/// e.g. `"has no text layer (a scan?); run OCR first, e.g. ocrmypdf"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable(pub String);

/// The formats paratopic reads, by file extension (case-insensitive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// `.txt` and any extension not listed below: decoded as text.
    Text,
    /// `.md`, `.markdown`: decoded, then reduced to its prose.
    Markdown,
    /// `.pdf`
    Pdf,
    /// `.docx` (Office Open XML)
    Docx,
    /// `.odt` (OpenDocument text)
    Odt,
    /// `.html`, `.htm`, `.xhtml`
    Html,
}

impl Format {
    /// The format of `path`, from its extension.
    pub fn of(path: &Path) -> Format {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        match ext.as_str() {
            "md" | "markdown" => Format::Markdown,
            "pdf" => Format::Pdf,
            "docx" => Format::Docx,
            "odt" => Format::Odt,
            "html" | "htm" | "xhtml" => Format::Html,
            _ => Format::Text,
        }
    }
}

/// A file's text as segmentation wants it, from [`extract`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileText {
    /// The text (blocks separated by blank lines), or `None` if the file is left out.
    pub text: Option<String>,
    /// For PDF: the 1-based page of each line of `text` ([`Extracted::pages`]); else empty.
    pub pages: Vec<u32>,
    /// What was wrong with the file (unreadable, encoding guessed…), naming it.
    pub warning: Option<Notice>,
}

/// The text of the file at `path` (named in warnings) from its `bytes`, by its
/// [`Format`]: plain text decoded ([`decode`]); Markdown decoded and reduced to its prose
/// ([`markdown_text`]); HTML decoded (byte-order mark, then `<meta charset>`, then the
/// rules of `how`) and reduced to its blocks; PDF, DOCX and ODT parsed.
///
/// A structured file that cannot be read (not a zip, encrypted, damaged, no text layer)
/// gives `text: None` and a warning naming it and saying what to do; a parser that
/// panics counts as a damaged file. Errors only for invalid UTF-8 under
/// `input.on_invalid_utf8 = "error"`.
pub fn extract(path: &Path, bytes: Vec<u8>, how: TextDecoding) -> Result<FileText> {
    let structured = match Format::of(path) {
        Format::Text => return Ok(decode(path, bytes, how)?.into()),
        Format::Markdown => {
            let d = decode(path, bytes, how)?;
            let text = d.text.map(|t| markdown_text(&t));
            return Ok(FileText {
                text,
                pages: Vec::new(),
                warning: d.warning,
            });
        }
        Format::Html => {
            let d = html::decode_html(path, bytes, how)?;
            return Ok(
                match d
                    .text
                    .as_deref()
                    .map(|t| guarded(|| Ok(html::html_text(t))))
                {
                    Some(Err(why)) => unreadable(path, why),
                    Some(Ok(e)) => FileText {
                        text: Some(e.text),
                        pages: e.pages,
                        warning: d.warning,
                    },
                    None => d.into(),
                },
            );
        }
        Format::Pdf => guarded(|| pdf::extract_pdf(&bytes)),
        Format::Docx => guarded(|| docx::extract_docx(&bytes)),
        Format::Odt => guarded(|| odt::extract_odt(&bytes)),
    };
    Ok(match structured {
        Ok(e) => FileText {
            text: Some(e.text),
            pages: e.pages,
            warning: None,
        },
        Err(why) => unreadable(path, why),
    })
}

/// Runs a parser, turning a panic inside it (a bug in a crate, on a malformed file) into
/// [`Unreadable`].
fn guarded(parse: impl FnOnce() -> Result<Extracted, Unreadable>) -> Result<Extracted, Unreadable> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(parse)).unwrap_or_else(|_| {
        Err(Unreadable(
            "could not be parsed (the reader failed on it: a damaged file?); open it and save it again".into(),
        ))
    })
}

/// A file left out because it cannot be read: the warning names it and says why.
fn unreadable(path: &Path, why: Unreadable) -> FileText {
    FileText {
        text: None,
        pages: Vec::new(),
        warning: Some(Notice::warning(
            "unreadable_document",
            format!("{} {}; skipped", path.display(), why.0),
        )),
    }
}

impl From<Decoded> for FileText {
    fn from(d: Decoded) -> Self {
        FileText {
            text: d.text,
            pages: Vec::new(),
            warning: d.warning,
        }
    }
}
