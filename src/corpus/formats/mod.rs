//! Document formats: how a file's bytes become the text the corpus stage splits.
//!
//! Plain text and Markdown are decoded ([`super::decode`]); the structured formats (PDF,
//! DOCX, ODT, HTML) are parsed by well-kept crates and written out as blocks — paragraphs,
//! headings and list items — separated by a blank line, so that segmentation treats every
//! format alike. Each format's reader lives in its own file and returns an [`Extracted`].

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
