//! The zip packages DOCX and ODT files are: opening them, reading one part, and saying
//! clearly why a file is not such a package (encrypted, an older format renamed, damaged).

use super::Unreadable;
use std::io::{Cursor, Read};

/// Largest part read, uncompressed (a guard against zip bombs).
const MAX_PART_BYTES: u64 = 1 << 30;

/// An opened package.
pub(super) type Package<'a> = zip::ZipArchive<Cursor<&'a [u8]>>;

/// The first bytes of an OLE compound file: Word 97–2003 `.doc`, or an encrypted
/// (password-protected) DOCX or ODT saved by an office suite.
const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Opens `bytes` as a zip package of the format named `what` (`"DOCX"`, `"ODT"`).
pub(super) fn open<'a>(bytes: &'a [u8], what: &str) -> Result<Package<'a>, Unreadable> {
    zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        Unreadable(if bytes.starts_with(&OLE_MAGIC) && is_encrypted_ole(bytes) {
            "is password-protected (encrypted); save a copy without a password and read that".into()
        } else if bytes.starts_with(&OLE_MAGIC) {
            format!(
                "is not a {what} file but an older binary format (Word 97–2003?) with a {what} name; \
                 convert it, e.g. soffice --headless --convert-to docx FILE"
            )
        } else {
            format!(
                "is not a {what} file (not a zip archive: {e}); it is damaged or has the wrong \
                 extension: open it and save it again as {what}"
            )
        })
    })
}

/// True for an OLE compound file holding an `EncryptionInfo` stream: Office's
/// encrypted packages.
fn is_encrypted_ole(bytes: &[u8]) -> bool {
    let name: Vec<u8> = "EncryptionInfo"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    bytes.windows(name.len()).any(|w| w == name.as_slice())
}

/// The text of part `name`, or `None` when the package has no such part.
pub(super) fn part(zip: &mut Package, name: &str) -> Result<Option<String>, Unreadable> {
    let mut file =
        match zip.by_name(name) {
            Ok(f) => f,
            Err(zip::result::ZipError::FileNotFound) => return Ok(None),
            Err(e) if e.to_string().to_lowercase().contains("password") => return Err(Unreadable(
                "is password-protected (encrypted); save a copy without a password and read that"
                    .into(),
            )),
            Err(e) => return Err(damaged(name, e)),
        };
    if file.encrypted() {
        return Err(Unreadable(
            "is password-protected (encrypted); save a copy without a password and read that"
                .into(),
        ));
    }
    let mut bytes = Vec::new();
    (&mut file)
        .take(MAX_PART_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| damaged(name, e))?;
    if bytes.len() as u64 > MAX_PART_BYTES {
        return Err(Unreadable(format!(
            "has a part ({name}) larger than {} MiB uncompressed; split the document",
            MAX_PART_BYTES >> 20
        )));
    }
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|_| damaged(name, "not UTF-8 XML"))
}

fn damaged(name: &str, e: impl std::fmt::Display) -> Unreadable {
    Unreadable(format!(
        "is damaged ({name} cannot be read: {e}); open it and save it again"
    ))
}

/// Deepest element nesting read (the readers walk the tree recursively).
const MAX_DEPTH: usize = 1000;

/// Parses the XML of part `name`; nesting deeper than [`MAX_DEPTH`] is refused.
pub(super) fn xml<'x>(name: &str, text: &'x str) -> Result<roxmltree::Document<'x>, Unreadable> {
    let doc = roxmltree::Document::parse(text).map_err(|e| damaged(name, e))?;
    // parents come before their children in document order
    let mut depth = vec![0usize; doc.descendants().count()];
    let mut max = 0;
    for n in doc.descendants() {
        if let Some(p) = n.parent() {
            let d = depth[p.id().get_usize()] + 1;
            depth[n.id().get_usize()] = d;
            max = max.max(d);
        }
    }
    if max > MAX_DEPTH {
        return Err(damaged(name, format!("elements nested {max} deep")));
    }
    Ok(doc)
}
