//! Document ids (contracts §1): a file's path relative to the input root it was found
//! under, without extension, `/`-separated. Files that would share an id keep their
//! extension (`report.pdf`, `report.docx`); when that is not enough (the same relative
//! path under two roots) the root folder's name is prefixed (`2019/report.pdf`), and
//! then, if needed, the root as given. One note lists the ids that changed. A file
//! reached twice (listed in `input.paths` and inside a listed folder) is read once.

use crate::notice::Notice;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// A file found under `root` (for a file named in `input.paths`: its folder).
#[derive(Debug, Clone)]
pub(super) struct Found {
    pub root: PathBuf,
    pub path: PathBuf,
}

/// The most specific id kind: the root as given, prefixed.
const MAX_LEVEL: u8 = 3;

/// One id per file (`None` for a file already found), and the notes.
pub(super) fn assign(found: &[Found]) -> (Vec<Option<String>>, Vec<Notice>) {
    let mut seen = HashSet::new();
    let mut twice = Vec::new();
    let kept: Vec<bool> = found
        .iter()
        .map(|f| {
            let first = seen.insert(std::fs::canonicalize(&f.path).unwrap_or(f.path.clone()));
            if !first {
                twice.push(f.path.display().to_string());
            }
            first
        })
        .collect();
    let mut level = vec![0u8; found.len()];
    loop {
        let mut by_id: HashMap<String, Vec<usize>> = HashMap::new();
        for i in (0..found.len()).filter(|&i| kept[i]) {
            by_id.entry(id(&found[i], level[i])).or_default().push(i);
        }
        let mut changed = false;
        for group in by_id.values().filter(|g| g.len() > 1) {
            for &i in group {
                if level[i] < MAX_LEVEL {
                    level[i] += 1;
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
    let ids: Vec<Option<String>> = (0..found.len())
        .map(|i| kept[i].then(|| id(&found[i], level[i])))
        .collect();
    let mut notes = Vec::new();
    let changed: Vec<&str> = (0..found.len())
        .filter(|&i| kept[i] && level[i] > 0)
        .filter_map(|i| ids[i].as_deref())
        .collect();
    if !changed.is_empty() {
        notes.push(Notice::note(
            "ids_disambiguated",
            format!(
                "{} file(s) would share a document id, so their ids keep the extension (and, \
                 under two input folders, the folder's name): {}",
                changed.len(),
                list(&changed)
            ),
        ));
    }
    if !twice.is_empty() {
        let twice: Vec<&str> = twice.iter().map(String::as_str).collect();
        notes.push(Notice::note(
            "listed_twice",
            format!(
                "{} file(s) reached twice through input.paths are read once: {}",
                twice.len(),
                list(&twice)
            ),
        ));
    }
    (ids, notes)
}

/// Up to 20 items, then how many more.
fn list(items: &[&str]) -> String {
    let mut s = items
        .iter()
        .take(20)
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    if items.len() > 20 {
        s.push_str(&format!(" and {} more", items.len() - 20));
    }
    s
}

/// `path`'s components joined with `/`.
fn slashed(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The id of `f` at `level`: 0 relative path without extension, 1 with it, 2 prefixed
/// by the root folder's name, 3 by the root as given.
fn id(f: &Found, level: u8) -> String {
    let rel = f.path.strip_prefix(&f.root).unwrap_or(&f.path);
    match level {
        0 => slashed(&rel.with_extension("")),
        1 => slashed(rel),
        2 => {
            let root = if f.root.as_os_str().is_empty() {
                Path::new(".")
            } else {
                &f.root
            };
            let name = std::fs::canonicalize(root)
                .ok()
                .and_then(|c| c.file_name().map(|n| n.to_string_lossy().into_owned()))
                .unwrap_or_else(|| slashed(root));
            format!("{name}/{}", slashed(rel))
        }
        _ => format!("{}/{}", slashed(&f.root), slashed(rel)),
    }
}
