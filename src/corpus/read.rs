//! Finding input files and decoding them.

use super::InputConfig;
use crate::error::{Error, Result};
use rayon::prelude::*;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// An input file and the document id it will have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputFile {
    /// Where it is.
    pub path: PathBuf,
    /// File name without extension, or the path relative to the listed folder.
    pub id: String,
}

/// Lists the input files of `input.paths`: files as given, folders recursively, in sorted order.
pub fn discover(input: &InputConfig) -> Result<Vec<InputFile>> {
    let exts: Vec<String> = input
        .extensions
        .iter()
        .map(|e| e.trim_start_matches('.').to_lowercase())
        .collect();
    let mut files = Vec::new();
    for root in &input.paths {
        let meta = std::fs::metadata(root).map_err(|e| {
            Error::Data(format!(
                "input path {} cannot be read ({e}); check input.paths in the config or --set input.paths",
                root.display()
            ))
        })?;
        if meta.is_dir() {
            let mut found = Vec::new();
            let mut seen = HashSet::new();
            walk(root, &exts, &mut found, &mut seen)?;
            for path in found {
                let rel = path.strip_prefix(root).unwrap_or(&path).with_extension("");
                let id = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                files.push(InputFile { path, id });
            }
        } else {
            let id = root
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| root.display().to_string());
            files.push(InputFile {
                path: root.clone(),
                id,
            });
        }
    }
    let mut ids: std::collections::HashMap<&str, &Path> = std::collections::HashMap::new();
    for f in &files {
        if let Some(other) = ids.insert(&f.id, &f.path) {
            return Err(Error::Data(format!(
                "{} and {} both have document id \"{}\"; rename one of them or list their folders in input.paths",
                other.display(),
                f.path.display(),
                f.id
            )));
        }
    }
    Ok(files)
}

fn walk(
    dir: &Path,
    exts: &[String],
    out: &mut Vec<PathBuf>,
    seen: &mut HashSet<PathBuf>,
) -> Result<()> {
    let canonical = std::fs::canonicalize(dir).map_err(|e| Error::read(dir, e))?;
    if !seen.insert(canonical) {
        return Ok(()); // a symlink loop or a folder reached twice
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| Error::read(dir, e))?
        .map(|e| e.map(|e| e.path()).map_err(|err| Error::read(dir, err)))
        .collect::<Result<_>>()?;
    entries.sort();
    for path in entries {
        let meta = match std::fs::metadata(&path) {
            Ok(m) => m,
            Err(_) => continue, // a dangling symlink
        };
        if meta.is_dir() {
            walk(&path, exts, out, seen)?;
        } else if meta.is_file() {
            let ext = path
                .extension()
                .map(|e| e.to_string_lossy().to_lowercase())
                .unwrap_or_default();
            if exts.contains(&ext) {
                out.push(path);
            }
        }
    }
    Ok(())
}

/// Reads and decodes the files in parallel, keeping their order.
///
/// Returns one entry per file: `None` for a file that was skipped (binary), with a
/// warning saying why. Invalid UTF-8 is replaced by U+FFFD with a warning naming the
/// file and the byte offset of the first bad sequence.
pub fn read_documents(files: &[InputFile]) -> Result<(Vec<Option<String>>, Vec<String>)> {
    let decoded: Vec<(Option<String>, Option<String>)> = files
        .par_iter()
        .map(|f| {
            let bytes = std::fs::read(&f.path).map_err(|e| Error::read(&f.path, e))?;
            Ok(decode(&f.path, bytes))
        })
        .collect::<Result<_>>()?;
    let mut warnings = Vec::new();
    let texts = decoded
        .into_iter()
        .map(|(text, warning)| {
            warnings.extend(warning);
            text
        })
        .collect();
    Ok((texts, warnings))
}

fn decode(path: &Path, bytes: Vec<u8>) -> (Option<String>, Option<String>) {
    if bytes.contains(&0) {
        return (
            None,
            Some(format!(
                "warning: {} contains NUL bytes and looks binary; skipped",
                path.display()
            )),
        );
    }
    let bytes = match bytes.strip_prefix(b"\xef\xbb\xbf") {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    match String::from_utf8(bytes) {
        Ok(s) => (Some(s), None),
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            (
                Some(text),
                Some(format!(
                    "warning: {} is not valid UTF-8 (first bad byte at offset {offset}); invalid bytes replaced by U+FFFD",
                    path.display()
                )),
            )
        }
    }
}
