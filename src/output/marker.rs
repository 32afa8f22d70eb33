//! The output marker (`.paratopic-output`): the list of files paratopic wrote into a
//! folder, so a later run knows which entries it may replace and which are the user's.
//!
//! The marker is JSON, `{"format": 1, "files": ["charts/heatmap.svg", …]}`: a format
//! version and the sorted `/`-separated paths relative to the folder, nothing else (no
//! times, process ids or revisions), so it is the same for the same outputs.

use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::path::Path;

/// File name of the marker.
pub const MARKER: &str = ".paratopic-output";

/// Format version written into new markers.
const FORMAT: u32 = 1;

#[derive(Debug, Serialize, Deserialize)]
struct MarkerJson {
    format: u32,
    files: Vec<String>,
}

/// True if `dir` holds a marker file (whatever its content).
pub fn has_marker(dir: &Path) -> bool {
    std::fs::symlink_metadata(dir.join(MARKER)).is_ok_and(|m| m.is_file())
}

/// The files listed in `dir`'s marker, or `None` if there is no readable marker of a
/// known format (then nothing in `dir` counts as written by paratopic).
pub fn read_marker(dir: &Path) -> Option<BTreeSet<String>> {
    let text = std::fs::read(dir.join(MARKER)).ok()?;
    let m: MarkerJson = serde_json::from_slice(&text).ok()?;
    (m.format == FORMAT).then(|| m.files.into_iter().collect())
}

/// Writes `dir`'s marker listing `files` (relative, `/`-separated).
pub fn write_marker(dir: &Path, files: &BTreeSet<String>) -> std::io::Result<()> {
    let m = MarkerJson {
        format: FORMAT,
        files: files.iter().cloned().collect(),
    };
    let mut text = serde_json::to_string_pretty(&m).map_err(std::io::Error::other)?;
    text.push('\n');
    std::fs::write(dir.join(MARKER), text)
}

/// Every regular file below `dir` (not following links), relative and `/`-separated,
/// and every empty folder (with a trailing `/`), without the marker itself.
pub fn list_files(dir: &Path) -> std::io::Result<BTreeSet<String>> {
    let mut out = BTreeSet::new();
    let mut others = Vec::new();
    collect(dir, "", &mut out, &mut others)?;
    out.extend(others.into_iter().filter(|o| o.ends_with('/')));
    out.remove(MARKER);
    Ok(out)
}

/// Fills `files` with the regular files and `others` with every other entry (links,
/// empty folders, sockets…) below `dir`, relative to the walk's root (`prefix`).
fn collect(
    dir: &Path,
    prefix: &str,
    files: &mut BTreeSet<String>,
    others: &mut Vec<String>,
) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    if entries.is_empty() && !prefix.is_empty() {
        others.push(format!("{prefix}/"));
    }
    for e in entries {
        let name = e.file_name().to_string_lossy().into_owned();
        let rel = if prefix.is_empty() {
            name
        } else {
            format!("{prefix}/{name}")
        };
        let kind = e.file_type()?;
        if kind.is_dir() {
            collect(&e.path(), &rel, files, others)?;
        } else if kind.is_file() {
            files.insert(rel);
        } else {
            others.push(rel);
        }
    }
    Ok(())
}

/// The entries of `dir` that paratopic did not write: everything, when `dir` has no
/// marker (top-level names, folders with a trailing `/`); else every file or empty
/// folder the marker does not list, and every link. Empty for an empty `dir`.
pub fn unknown_entries(dir: &Path) -> std::io::Result<Vec<String>> {
    let Some(listed) = read_marker(dir) else {
        let mut names: Vec<String> = std::fs::read_dir(dir)?
            .map(|e| {
                let e = e?;
                let slash = if e.file_type()?.is_dir() { "/" } else { "" };
                Ok(format!("{}{slash}", e.file_name().to_string_lossy()))
            })
            .collect::<std::io::Result<_>>()?;
        names.sort();
        return Ok(names);
    };
    let mut files = BTreeSet::new();
    let mut unknown = Vec::new();
    collect(dir, "", &mut files, &mut unknown)?;
    files.remove(MARKER);
    unknown.extend(files);
    unknown.retain(|f| !listed.contains(f));
    unknown.sort();
    Ok(unknown)
}

/// Removes the files `dir`'s marker lists, the marker, and then every folder left
/// empty, `dir` included. Anything else stays where it is; returns true if `dir` is
/// gone. A folder without a readable marker is left alone.
pub fn remove_marked(dir: &Path) -> bool {
    let Some(listed) = read_marker(dir) else {
        return false;
    };
    for f in &listed {
        let p = dir.join(f);
        if std::fs::symlink_metadata(&p).is_ok_and(|m| m.is_file()) {
            let _ = std::fs::remove_file(&p);
        }
    }
    let _ = std::fs::remove_file(dir.join(MARKER));
    remove_empty_dirs(dir);
    !dir.exists()
}

/// Removes `dir` and the folders below it that hold nothing (not following links).
fn remove_empty_dirs(dir: &Path) {
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            if e.file_type().is_ok_and(|t| t.is_dir()) {
                remove_empty_dirs(&e.path());
            }
        }
    }
    let _ = std::fs::remove_dir(dir);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(items: &[&str]) -> BTreeSet<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn marker_round_trip_and_unknown_entries() {
        let tmp = tempfile::tempdir().unwrap();
        let d = tmp.path();
        assert!(unknown_entries(d).unwrap().is_empty(), "an empty folder");
        std::fs::create_dir_all(d.join("charts")).unwrap();
        std::fs::write(d.join("topics.csv"), "x").unwrap();
        std::fs::write(d.join("charts/a.svg"), "x").unwrap();
        assert_eq!(unknown_entries(d).unwrap(), ["charts/", "topics.csv"]);
        let files = list_files(d).unwrap();
        assert_eq!(files, set(&["charts/a.svg", "topics.csv"]));
        std::fs::create_dir(d.join("empty_ours")).unwrap();
        let files = list_files(d).unwrap();
        assert_eq!(files, set(&["charts/a.svg", "empty_ours/", "topics.csv"]));
        write_marker(d, &files).unwrap();
        assert_eq!(read_marker(d).unwrap(), files);
        assert!(unknown_entries(d).unwrap().is_empty());
        std::fs::write(d.join("notes.txt"), "mine").unwrap();
        std::fs::write(d.join("charts/mine.svg"), "mine").unwrap();
        std::fs::create_dir(d.join("empty")).unwrap();
        assert_eq!(
            unknown_entries(d).unwrap(),
            ["charts/mine.svg", "empty/", "notes.txt"]
        );
    }

    #[test]
    fn a_foreign_or_corrupt_marker_marks_nothing() {
        let tmp = tempfile::tempdir().unwrap();
        let d = tmp.path();
        std::fs::write(d.join("a.txt"), "x").unwrap();
        std::fs::write(d.join(MARKER), "{\"format\": 99, \"files\": [\"a.txt\"]}").unwrap();
        assert_eq!(unknown_entries(d).unwrap(), [MARKER, "a.txt"]);
        assert!(!remove_marked(d));
        std::fs::write(d.join(MARKER), "not json").unwrap();
        assert!(read_marker(d).is_none());
        assert!(d.join("a.txt").exists());
    }

    #[test]
    fn remove_marked_keeps_what_it_did_not_write() {
        let tmp = tempfile::tempdir().unwrap();
        let d = tmp.path().join("out");
        std::fs::create_dir_all(d.join("charts")).unwrap();
        std::fs::write(d.join("charts/a.svg"), "x").unwrap();
        std::fs::write(d.join("b.csv"), "x").unwrap();
        write_marker(&d, &set(&["charts/a.svg", "b.csv"])).unwrap();
        std::fs::write(d.join("charts/mine.txt"), "mine").unwrap();
        assert!(!remove_marked(&d));
        assert_eq!(
            std::fs::read_to_string(d.join("charts/mine.txt")).unwrap(),
            "mine"
        );
        assert!(!d.join("b.csv").exists() && !d.join(MARKER).exists());
        let e = tmp.path().join("out2");
        std::fs::create_dir_all(e.join("charts")).unwrap();
        std::fs::write(e.join("charts/a.svg"), "x").unwrap();
        write_marker(&e, &set(&["charts/a.svg"])).unwrap();
        assert!(remove_marked(&e));
    }
}
