//! PDF: the text layer read with `pdf-extract` (over `lopdf`: objects, fonts, encodings,
//! glyph positions), then laid out by our own code behind a small interface: glyphs in,
//! blocks out. `pdf_layout` groups glyphs into words and lines and cuts each page along
//! its whitespace into columns and bands (reading order); `pdf_blocks` groups the lines
//! into paragraphs (vertical gaps, first-line indentation, a line ending early, a change
//! of font size), joins a paragraph broken by a column or page break, and keeps running
//! headers, footers and page numbers as blocks of their own (removing repeated ones is
//! left to the boilerplate pass). `pdf_fixups` works around two misreadings of
//! `pdf-extract` 0.12 before it runs.
//!
//! Failures are [`Unreadable`] with what to do: not a PDF, damaged or truncated,
//! password-protected, no text layer (a scan), too large or slow to interpret. The PDF
//! crates can panic on malformed input; such a panic is caught and reported as damage.

use super::pdf_blocks::{blocks, Block};
use super::pdf_fixups::fix_for_extraction;
use super::pdf_glyphs::{Budget, Collector, MAX_GLYPHS, MAX_TIME};
use super::pdf_layout::{page_lines, PageGlyphs};
use super::{Extracted, Unreadable};
use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

/// The text of a PDF document as blocks separated by blank lines, with the page of each
/// line.
///
/// Paragraph lines are joined with `\n` as laid out (a line-end hyphen is kept; a soft
/// hyphen is shown as `-` at a line end and dropped elsewhere); ligatures are spelled
/// out; headings, running headers, footers and page numbers are blocks of their own.
/// A page drawn rotated is read in its writing direction; text at another angle than
/// the page's main one (a margin label, a stamp) is skipped.
///
/// # Errors
/// An [`Unreadable`] whose message says why and what to do: the bytes are not a PDF, the
/// file is damaged or truncated, it is encrypted with a password, it has no text layer,
/// or its text is too large or too slow to interpret.
pub fn extract_pdf(bytes: &[u8]) -> Result<Extracted, Unreadable> {
    check_header(bytes)?;
    let pages = guarded(|| read_glyphs(bytes))?;
    let glyphs: usize = pages
        .iter()
        .flat_map(|p| &p.glyphs)
        .filter(|g| !g.text.trim().is_empty())
        .count();
    if pages.is_empty() {
        return Err(Unreadable(
            "is a PDF without pages (damaged?); open it in a PDF viewer and save or print it to a new PDF".into(),
        ));
    }
    if glyphs == 0 {
        return Err(Unreadable(
            "has no text layer (a scanned image?); run OCR first, e.g. `ocrmypdf in.pdf out.pdf`"
                .into(),
        ));
    }
    let lines = guarded(|| {
        let mut next_id = 0;
        Ok(pages
            .iter()
            .flat_map(|p| page_lines(p, &mut next_id))
            .collect::<Vec<_>>())
    })?;
    Ok(assemble(&blocks(lines)))
}

/// Rejects bytes that are not a PDF, naming what they look like.
fn check_header(bytes: &[u8]) -> Result<(), Unreadable> {
    let head = &bytes[..bytes.len().min(1024)];
    if head.windows(5).any(|w| w == b"%PDF-") {
        return Ok(());
    }
    let looks = if bytes.starts_with(b"PK\x03\x04") {
        " (it is a zip archive, e.g. a DOCX or ODT file: rename it to its real extension)"
    } else if bytes.is_empty() {
        " (the file is empty)"
    } else if head.trim_ascii_start().starts_with(b"<") {
        " (it looks like HTML or XML: rename it to .html)"
    } else {
        ""
    };
    Err(Unreadable(format!(
        "is not a PDF: it does not start with `%PDF-`{looks}"
    )))
}

thread_local! {
    /// Set while this thread interprets a PDF: its panics are expected and not printed.
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f`, turning a panic into an [`Unreadable`] "damaged" message; the panic is not
/// printed (the default hook still prints panics of other code).
fn guarded<T>(f: impl FnOnce() -> Result<T, Unreadable>) -> Result<T, Unreadable> {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let default = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                default(info);
            }
        }));
    });
    QUIET.with(|q| q.set(true));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    QUIET.with(|q| q.set(false));
    result.unwrap_or_else(|payload| {
        let why = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(damaged(&format!("the PDF reader stopped: {why}")))
    })
}

fn damaged(why: &str) -> Unreadable {
    Unreadable(format!(
        "is damaged or truncated ({why}); open it in a PDF viewer and save or print it to a new PDF, or repair it with `qpdf in.pdf out.pdf`"
    ))
}

fn encrypted() -> Unreadable {
    Unreadable(
        "is password-protected (encrypted); open it with its password and save an unprotected copy, e.g. `qpdf --password=PASSWORD --decrypt in.pdf out.pdf`"
            .into(),
    )
}

/// Loads the document and collects the glyphs of every page.
fn read_glyphs(bytes: &[u8]) -> Result<Vec<PageGlyphs>, Unreadable> {
    use lopdf::Error as E;
    let mut doc = match lopdf::Document::load_mem(bytes) {
        Ok(doc) => doc,
        Err(E::Decryption(_) | E::InvalidPassword | E::AlreadyEncrypted) => return Err(encrypted()),
        Err(e) => return Err(damaged(&e.to_string())),
    };
    // an encryption that the empty password opens (permissions only) is read as usual
    if doc.is_encrypted() && doc.decrypt("").is_err() {
        return Err(encrypted());
    }
    fix_for_extraction(&mut doc);
    let mut collector = Collector::new();
    let result = pdf_extract::output_doc(&doc, &mut collector);
    match (collector.exceeded, result) {
        (Some(Budget::Glyphs), _) => Err(Unreadable(format!(
            "has more than {MAX_GLYPHS} characters of text; split it into smaller PDFs"
        ))),
        (Some(Budget::Time), _) => Err(Unreadable(format!(
            "took more than {} s to read (a pathological or damaged PDF?); print it to a new PDF and try again",
            MAX_TIME.as_secs()
        ))),
        (None, Err(e)) => {
            let page = collector.pages.len().max(1);
            Err(damaged(&format!("page {page}: {e}")))
        }
        (None, Ok(())) => Ok(collector.upright_pages()),
    }
}

/// The blocks as text (one blank line between blocks) and the page of every line.
fn assemble(blocks: &[Block]) -> Extracted {
    let mut text = String::new();
    let mut pages = Vec::new();
    for block in blocks {
        let lines: Vec<(String, u32)> = block
            .lines
            .iter()
            .map(|l| (clean_line(&l.text).trim().to_string(), l.page))
            .filter(|(t, _)| !t.is_empty())
            .collect();
        if lines.is_empty() {
            continue;
        }
        if let Some(&last) = pages.last() {
            text.push('\n');
            pages.push(last);
        }
        for (line, page) in lines {
            text.push_str(&line);
            text.push('\n');
            pages.push(page);
        }
    }
    Extracted { text, pages }
}

/// A line's text with soft hyphens resolved (shown as `-` at the line end, dropped
/// elsewhere) and control characters (other than tabs) removed.
fn clean_line(line: &str) -> String {
    let trimmed = line.trim_end();
    let body = trimmed.strip_suffix('\u{AD}');
    let mut out: String = body
        .unwrap_or(trimmed)
        .chars()
        .filter(|&c| c != '\u{AD}' && (!c.is_control() || c == '\t'))
        .map(|c| if c == '\t' { ' ' } else { c })
        .collect();
    if body.is_some() {
        out.push('-');
    }
    out
}

#[cfg(test)]
#[path = "pdf_tests.rs"]
mod tests;
