//! PDF: placeholder until the PDF reader is merged.

use super::{Extracted, Unreadable};

/// The text of a PDF; this build cannot read PDFs yet.
///
/// # Errors
/// Always [`Unreadable`]: PDF reading is not available in this build.
pub fn extract_pdf(_bytes: &[u8]) -> Result<Extracted, Unreadable> {
    Err(Unreadable(
        "PDF reading is not available in this build".into(),
    ))
}
