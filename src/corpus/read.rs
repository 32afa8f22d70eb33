//! Finding input files and decoding them.
//!
//! Problems with single files (unreadable, binary, invalid UTF-8) become warnings that
//! name the file, so one bad file never stops a run; a missing `input.paths` entry, or
//! invalid UTF-8 under `input.on_invalid_utf8 = "error"`, is an error.

use super::decode::TextDecoding;
use super::formats::{extract, FileText};
use super::InputConfig;
use crate::error::{Error, Result};
use crate::notice::Notice;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// An input file and the document id it will have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputFile {
    /// Where it is.
    pub path: PathBuf,
    /// File name without extension, or the path relative to the listed folder.
    pub id: String,
}

/// Lists the input files of `input.paths`: files as given, folders recursively, in natural
/// order ([`natural_cmp`]) whatever order the file system lists them in.
///
/// Returns the files and warnings for what was left out (unreadable entries, symlink
/// loops; in one note the files skipped for their extension, counted by extension; in a
/// warning the `.doc` and `.rtf` files, which need converting; in one note the folders
/// holding paratopic's outputs: an `output.dir` or staging folder inside an input folder
/// is never read as input). Ids follow contracts §1 (see `corpus/ids.rs`). A missing path is
/// an error.
pub fn discover(input: &InputConfig) -> Result<(Vec<InputFile>, Vec<Notice>)> {
    let exts: Vec<String> = input
        .extensions
        .iter()
        .map(|e| e.trim_start_matches('.').to_lowercase())
        .collect();
    let mut files = Vec::new();
    let mut warnings = Vec::new();
    let mut outputs = Vec::new();
    let mut skipped_hidden = Vec::new();
    let mut skipped = Skipped::default();
    let mut found: Vec<super::ids::Found> = Vec::new();
    for root in &input.paths {
        let meta = std::fs::metadata(root).map_err(|e| {
            Error::Data(format!(
                "input path {} cannot be read ({e}); check input.paths in the config or --set input.paths",
                root.display()
            ))
        })?;
        if meta.is_dir() {
            let mut walker = Walker {
                exts: &exts,
                hidden: input.hidden,
                found: Vec::new(),
                seen: HashSet::new(),
                warnings: &mut warnings,
                outputs: &mut outputs,
                skipped_hidden: &mut skipped_hidden,
                skipped: &mut skipped,
            };
            walker.walk(root)?;
            found.extend(walker.found.into_iter().map(|path| super::ids::Found {
                root: root.clone(),
                path,
            }));
        } else if is_convertible(root) {
            skipped.convert.push(root.clone());
        } else {
            let parent = root.parent().unwrap_or(Path::new(""));
            found.push(super::ids::Found {
                root: parent.to_path_buf(),
                path: root.clone(),
            });
        }
    }
    let (ids, id_notes) = super::ids::assign(&found);
    warnings.extend(id_notes);
    for (f, id) in found.into_iter().zip(ids) {
        if let Some(id) = id {
            files.push(InputFile {
                id: printable(&id),
                path: f.path,
            });
        }
    }
    check_unique_ids(&files)?;
    warnings.extend(skipped.notices());
    // this run's own staging folder sits beside an output.dir inside an input: not news
    outputs.retain(|p| !is_staging_name(p));
    skipped_hidden.retain(|p| !is_staging_name(p));
    if !skipped_hidden.is_empty() {
        let n = skipped_hidden.len();
        let shown: Vec<String> = skipped_hidden
            .iter()
            .take(5)
            .map(|p| p.display().to_string())
            .collect();
        let more = if n > 5 {
            format!(" and {} more", n - 5)
        } else {
            String::new()
        };
        warnings.push(Notice::note(
            "hidden_skipped",
            format!(
                "{n} hidden file(s) or folder(s) not read (input.hidden = true reads them): {}{more}",
                shown.join(", ")
            ),
        ));
    }
    if !outputs.is_empty() {
        let shown: Vec<String> = outputs.iter().map(|p| p.display().to_string()).collect();
        warnings.push(Notice::note(
            "output_folder_skipped",
            format!(
                "{} folder(s) inside the inputs hold paratopic outputs ({}); not read as input: {}",
                outputs.len(),
                crate::output::MARKER,
                shown.join(", ")
            ),
        ));
    }
    Ok((files, warnings))
}

/// The order of document ids and file names everywhere: natural order, digit runs
/// compared by value (`2.4.0` before `2.10.0`, `doc9` before `doc10`; the
/// alphanumeric-sort crate), ties (`01` and `1`) broken by the bytes so the order is
/// total.
///
/// ```
/// use paratopic::corpus::natural_cmp;
/// let mut ids = vec!["v2.10.0", "v2.4.0", "doc10", "doc9", "Doc1"];
/// ids.sort_by(|a, b| natural_cmp(a, b));
/// assert_eq!(ids, ["Doc1", "doc9", "doc10", "v2.4.0", "v2.10.0"]);
/// ```
pub fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    alphanumeric_sort::compare_str(a, b).then_with(|| a.cmp(b))
}

/// True for a `.NAME.partial-PID` or `.NAME.old-PID` folder: a run's staging folder.
fn is_staging_name(path: &Path) -> bool {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    name.starts_with('.')
        && name.rsplit_once('-').is_some_and(|(head, pid)| {
            pid.bytes().all(|b| b.is_ascii_digit())
                && (head.ends_with(".partial") || head.ends_with(".old"))
        })
}

/// The id with control characters replaced by U+FFFD, so every chart stays valid XML.
fn printable(id: &str) -> String {
    id.chars()
        .map(|c| if c.is_control() { '\u{fffd}' } else { c })
        .collect()
}

/// A last guard: [`super::ids::assign`] leaves no two files with one id.
fn check_unique_ids(files: &[InputFile]) -> Result<()> {
    let mut ids: HashMap<&str, &Path> = HashMap::with_capacity(files.len());
    for f in files {
        if let Some(other) = ids.insert(&f.id, &f.path) {
            return Err(Error::Data(format!(
                "{} and {} both have document id \"{}\"; rename one of them or list their folders in input.paths",
                other.display(),
                f.path.display(),
                f.id
            )));
        }
    }
    Ok(())
}

/// A recursive folder walk that visits every real folder once.
struct Walker<'a> {
    exts: &'a [String],
    /// Read hidden entries (`input.hidden`).
    hidden: bool,
    found: Vec<PathBuf>,
    /// Canonical paths of the folders already walked: a symlink loop ends here.
    seen: HashSet<PathBuf>,
    warnings: &'a mut Vec<Notice>,
    /// Folders skipped because they hold paratopic's outputs (an output marker).
    outputs: &'a mut Vec<PathBuf>,
    /// Hidden files and folders skipped (names starting with `.`).
    skipped_hidden: &'a mut Vec<PathBuf>,
    /// Files skipped for their extension.
    skipped: &'a mut Skipped,
}

impl Walker<'_> {
    fn walk(&mut self, dir: &Path) -> Result<()> {
        let canonical = std::fs::canonicalize(dir).map_err(|e| Error::read(dir, e))?;
        if self.seen.contains(&canonical) {
            self.warnings.push(Notice::note(
"symlink_loop", format!(
                "{} leads back to {}, already read (a symlink loop or a second link); not read again",
                dir.display(),
                canonical.display()
            )));
            return Ok(());
        }
        self.seen.insert(canonical);
        let mut entries = match list_dir(dir) {
            Ok(entries) => entries,
            Err(e) => {
                self.warnings.push(Notice::warning(
                    "unreadable_folder",
                    format!(
                        "folder {} cannot be read ({e}); skipped — check its permissions",
                        dir.display()
                    ),
                ));
                return Ok(());
            }
        };
        entries.sort_by(|a, b| natural_cmp(&a.to_string_lossy(), &b.to_string_lossy()));
        for path in entries {
            let dot = path
                .file_name()
                .is_some_and(|n| n.as_encoded_bytes().starts_with(b"."));
            if dot && !self.hidden {
                self.skipped_hidden.push(path);
                continue;
            }
            let meta = match std::fs::metadata(&path) {
                Ok(m) => m,
                Err(e) => {
                    self.warnings.push(Notice::warning(
                        "unreadable_entry",
                        format!(
                        "{} cannot be read ({e}); skipped — a broken link or a permission problem",
                        path.display()
                    ),
                    ));
                    continue;
                }
            };
            if meta.is_dir() && crate::output::has_marker(&path) {
                self.outputs.push(path);
            } else if meta.is_dir() {
                self.walk(&path)?;
            } else if meta.is_file() && self.wanted(&path) {
                self.found.push(path);
            } else if meta.is_file() && is_convertible(&path) {
                self.skipped.convert.push(path);
            } else if meta.is_file() {
                *self
                    .skipped
                    .by_extension
                    .entry(extension(&path))
                    .or_default() += 1;
            }
        }
        Ok(())
    }

    fn wanted(&self, path: &Path) -> bool {
        self.exts.contains(&extension(path))
    }
}

/// `path`'s extension, lower-cased (empty when it has none).
fn extension(path: &Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default()
}

/// True for the formats paratopic cannot read but LibreOffice converts: Word 97–2003
/// `.doc` and `.rtf`.
fn is_convertible(path: &Path) -> bool {
    matches!(extension(path).as_str(), "doc" | "rtf")
}

/// What the walk left out for its format.
#[derive(Debug, Default)]
struct Skipped {
    /// Files not read for their extension, counted by extension.
    by_extension: std::collections::BTreeMap<String, usize>,
    /// `.doc` and `.rtf` files.
    convert: Vec<PathBuf>,
}

impl Skipped {
    /// One note counting the files by extension (most frequent first), and one warning
    /// naming the files to convert.
    fn notices(&self) -> Vec<Notice> {
        let mut out = Vec::new();
        if !self.by_extension.is_empty() {
            let mut counts: Vec<(&String, &usize)> = self.by_extension.iter().collect();
            counts.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
            let n: usize = counts.iter().map(|c| c.1).sum();
            let list: Vec<String> = counts
                .iter()
                .map(|(e, n)| match e.as_str() {
                    "" => format!("no extension {n}"),
                    e => format!(".{e} {n}"),
                })
                .collect();
            out.push(Notice::note(
                "skipped_extension",
                format!(
                    "skipped {n} file(s) by extension ({}); add an extension to input.extensions to read it",
                    list.join(", ")
                ),
            ));
        }
        if !self.convert.is_empty() {
            let n = self.convert.len();
            let names: Vec<String> = self
                .convert
                .iter()
                .take(10)
                .map(|p| p.display().to_string())
                .collect();
            let more = if n > 10 {
                format!(" and {} more", n - 10)
            } else {
                String::new()
            };
            out.push(Notice::warning(
                "needs_conversion",
                format!(
                    "{n} Word 97–2003 (.doc) or RTF file(s) cannot be read and were skipped: {}{more}; \
                     convert them to DOCX, e.g. soffice --headless --convert-to docx FILE (LibreOffice), \
                     and run again",
                    names.join(", ")
                ),
            ));
        }
        out
    }
}

fn list_dir(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    std::fs::read_dir(dir)?
        .map(|e| e.map(|e| e.path()))
        .collect()
}

/// Reads the files in parallel ([`read_file`]), keeping their order.
///
/// Returns one entry per file: `None` for a file that was left out (unreadable, binary,
/// or invalid UTF-8 under [`super::InvalidUtf8::Skip`]), with a warning naming it.
/// Invalid UTF-8 under [`super::InvalidUtf8::Error`] is an error naming the file and offset.
pub fn read_documents(
    files: &[InputFile],
    how: TextDecoding,
) -> Result<(Vec<Option<String>>, Vec<Notice>)> {
    let read: Vec<FileText> = files
        .par_iter()
        .map(|f| read_file(&f.path, how))
        .collect::<Result<_>>()?;
    let mut warnings = Vec::new();
    let texts = read
        .into_iter()
        .map(|d| {
            warnings.extend(d.warning);
            d.text
        })
        .collect();
    Ok((texts, warnings))
}

/// Reads one file and extracts its text by its format ([`extract`]: text decoded,
/// Markdown reduced to prose, HTML, DOCX, ODT and PDF parsed); a file that cannot be
/// read is left out with a warning naming it.
pub fn read_file(path: &Path, how: impl Into<TextDecoding>) -> Result<FileText> {
    match std::fs::read(path) {
        Ok(bytes) => extract(path, bytes, how.into()),
        Err(e) => Ok(FileText {
            text: None,
            pages: Vec::new(),
            warning: Some(Notice::warning(
                "unreadable_file",
                format!(
                    "{} cannot be read ({e}); skipped — check that it is a readable file",
                    path.display()
                ),
            )),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_leave_ids() {
        assert_eq!(printable("a\u{1}b<&\""), "a\u{fffd}b<&\"");
    }
}
