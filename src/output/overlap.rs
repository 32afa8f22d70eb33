//! `output.dir` never equals or contains a path paratopic reads (inputs, the config
//! file, `eval.labels`): replacing it would move or delete them.
//!
//! Overlap is decided by the file system's identity of folders (device and inode on
//! Unix), not by comparing path strings, so `./corpus`, `corpus/`, an absolute path, a
//! symlink to the folder and `..` detours are all recognised.

use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

/// Identity of a file or folder: (device, inode) on Unix, the canonical path elsewhere.
#[cfg(unix)]
type FileId = (u64, u64);
#[cfg(not(unix))]
type FileId = PathBuf;

/// The identity of what `path` points to (links followed), if it exists.
#[cfg(unix)]
fn file_id(path: &Path) -> Option<FileId> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn file_id(path: &Path) -> Option<FileId> {
    std::fs::canonicalize(path).ok()
}

/// The folders a read path sits in, the path itself first: the ancestors of its real
/// location (links resolved) and of the place its name is in (so a link to elsewhere
/// that sits inside `output.dir` counts as inside it).
fn containers(path: &Path) -> Vec<PathBuf> {
    let mut out = vec![path.to_path_buf()];
    if let Ok(real) = std::fs::canonicalize(path) {
        out.extend(real.ancestors().map(Path::to_path_buf));
    }
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if let Ok(real_parent) = std::fs::canonicalize(parent) {
        out.extend(real_parent.ancestors().map(Path::to_path_buf));
    }
    out
}

/// Fails (exit 2, [`Error::Config`]) if `output` is, or contains, one of `reads`
/// (`(what, path)`: the config key or flag the path came from, and the path). An
/// `output` that does not exist yet contains nothing.
pub fn check_outside_reads(output: &Path, reads: &[(&str, &Path)]) -> Result<()> {
    let Some(out_id) = file_id(output) else {
        return Ok(());
    };
    for (what, path) in reads {
        let inside = containers(path)
            .iter()
            .position(|c| file_id(c).as_ref() == Some(&out_id));
        let Some(i) = inside else { continue };
        let relation = if i == 0 { "is" } else { "contains" };
        return Err(Error::Config(format!(
            "output.dir {} {relation} {what} {}: paratopic never writes, moves or deletes what \
             it reads; set output.dir to a folder outside the inputs, e.g. --set output.dir={}",
            output.display(),
            path.display(),
            super::staging::first_free(Path::new("paratopic-out")).display()
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_containing_and_linked_outputs_are_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let t = tmp.path();
        std::fs::create_dir_all(t.join("proj/docs")).unwrap();
        std::fs::write(t.join("proj/docs/a.txt"), "x").unwrap();
        std::fs::write(t.join("cfg.toml"), "").unwrap();
        let docs = t.join("proj/docs");
        let reads = [("input.paths", docs.as_path())];
        let err = |out: &Path| check_outside_reads(out, &reads).unwrap_err().to_string();
        assert!(err(&docs).contains("is input.paths"), "{}", err(&docs));
        assert!(err(&t.join("proj")).contains("contains input.paths"));
        assert!(err(&t.join("proj/docs/../../proj")).contains("contains"));
        assert!(err(t).contains("contains"));
        // output inside an input, a sibling, or not there yet: fine
        check_outside_reads(&docs.join("out"), &reads).unwrap();
        std::fs::create_dir(docs.join("out")).unwrap();
        check_outside_reads(&docs.join("out"), &reads).unwrap();
        check_outside_reads(&t.join("other"), &reads).unwrap();
        // the config file is a read path too
        let cfg = t.join("cfg.toml");
        let e = check_outside_reads(t, &[("--config", cfg.as_path())]).unwrap_err();
        assert_eq!(e.exit_code(), 2);
        #[cfg(unix)]
        {
            // a link to the input folder, and an input that is a link inside output.dir
            std::os::unix::fs::symlink(&docs, t.join("link")).unwrap();
            assert!(err(&t.join("link")).contains("is input.paths"));
            std::fs::create_dir(t.join("out")).unwrap();
            std::os::unix::fs::symlink(&docs, t.join("out/in")).unwrap();
            let via = t.join("out/in");
            let e = check_outside_reads(&t.join("out"), &[("input.paths", via.as_path())]);
            assert!(e.unwrap_err().to_string().contains("contains input.paths"));
        }
    }
}
