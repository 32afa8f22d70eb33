//! The staging folder: results are written beside `output.dir` and renamed into place
//! only when the whole run succeeded.
//!
//! Every live staging folder is listed in a process-wide registry, so the signal handler
//! can remove it when the run is stopped; a commit holds the registry's lock, so a signal
//! never lands between its two renames.

use crate::error::{Error, Result};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

/// A staging folder in use and the `output.dir` it stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Active {
    /// The staging folder.
    pub staging: PathBuf,
    /// The `output.dir` it would replace.
    pub target: PathBuf,
}

static ACTIVE: Mutex<Vec<Active>> = Mutex::new(Vec::new());

/// Locks the registry of live staging folders (a poisoned lock is still usable: it
/// only holds paths).
pub(crate) fn registry() -> MutexGuard<'static, Vec<Active>> {
    ACTIVE.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Removes every live staging folder and returns the registry still locked, so no
/// commit can start before the process exits.
pub(crate) fn abandon_all() -> (MutexGuard<'static, Vec<Active>>, Vec<Active>) {
    let mut active = registry();
    let abandoned: Vec<Active> = active.drain(..).collect();
    for a in &abandoned {
        remove_dir_retrying(&a.staging);
    }
    (active, abandoned)
}

/// Removes `dir`, retrying a few times in case a writer adds a file meanwhile.
fn remove_dir_retrying(dir: &Path) {
    for _ in 0..50 {
        match std::fs::remove_dir_all(dir) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            _ => return,
        }
    }
}

/// A staging folder that becomes `output.dir` on [`StagedDir::commit`] and is removed
/// if dropped before that (a failed run) or when the process gets SIGTERM or SIGINT.
#[derive(Debug)]
pub struct StagedDir {
    target: PathBuf,
    staging: PathBuf,
    committed: bool,
}

impl StagedDir {
    /// Checks that `target` can be written and creates the staging folder beside it.
    ///
    /// Call it before any work: an `output.dir` that is a file, or that cannot be
    /// written, is an error naming it. Staging folders left by runs that were killed
    /// outright (SIGKILL, power loss) are removed, or restored if the kill came in the
    /// middle of a commit.
    pub fn create(target: &Path) -> Result<StagedDir> {
        let (parent, name) = split_target(target)?;
        check_writable(target, &parent)?;
        remove_stale(&parent, &name, target);
        let staging = parent.join(format!(".{name}.partial-{}", std::process::id()));
        let mut active = registry();
        if staging.exists() {
            std::fs::remove_dir_all(&staging).map_err(|e| unwritable(target, e))?;
        }
        std::fs::create_dir_all(staging.join("charts")).map_err(|e| unwritable(target, e))?;
        active.push(Active {
            staging: staging.clone(),
            target: target.to_path_buf(),
        });
        Ok(StagedDir {
            target: target.to_path_buf(),
            staging,
            committed: false,
        })
    }

    /// Path of `name` inside the staging folder.
    pub fn path(&self, name: &str) -> PathBuf {
        self.staging.join(name)
    }

    /// The folder results end up in.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Replaces `output.dir` with the staged results.
    pub fn commit(mut self) -> Result<PathBuf> {
        let mut active = registry();
        let old = sibling(&self.target, "old");
        let had_old = self.target.exists();
        if had_old {
            std::fs::rename(&self.target, &old).map_err(|e| Error::write(&self.target, e))?;
        }
        if let Err(e) = std::fs::rename(&self.staging, &self.target) {
            if had_old {
                let _ = std::fs::rename(&old, &self.target);
            }
            return Err(Error::write(&self.target, e));
        }
        self.committed = true;
        active.retain(|a| a.staging != self.staging);
        if had_old {
            std::fs::remove_dir_all(&old).map_err(|e| Error::write(&old, e))?;
        }
        Ok(self.target.clone())
    }
}

impl Drop for StagedDir {
    fn drop(&mut self) {
        if !self.committed {
            let mut active = registry();
            let _ = std::fs::remove_dir_all(&self.staging);
            active.retain(|a| a.staging != self.staging);
        }
    }
}

/// The folder `target` is in and its name.
fn split_target(target: &Path) -> Result<(PathBuf, String)> {
    let name = target
        .file_name()
        .ok_or_else(|| {
            Error::Data(format!(
                "output.dir {} has no folder name; set output.dir to a folder such as \"data/out\"",
                target.display()
            ))
        })?
        .to_string_lossy()
        .into_owned();
    let parent = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Ok((parent, name))
}

/// `.NAME.KIND-PID` beside `target`.
fn sibling(target: &Path, kind: &str) -> PathBuf {
    let name = target.file_name().unwrap_or_default().to_string_lossy();
    target.with_file_name(format!(".{name}.{kind}-{}", std::process::id()))
}

fn unwritable(target: &Path, e: std::io::Error) -> Error {
    Error::Data(format!(
        "output.dir {} cannot be written ({e}); choose a folder you can write to, e.g. --set output.dir=out",
        target.display()
    ))
}

/// Fails early if `target` is a file, or if it or its parent folder cannot be written.
fn check_writable(target: &Path, parent: &Path) -> Result<()> {
    if target.exists() && !target.is_dir() {
        return Err(Error::Data(format!(
            "output.dir {} exists and is not a folder; remove it or set output.dir to a folder",
            target.display()
        )));
    }
    if let Some(file) = parent.ancestors().find(|a| a.exists() && !a.is_dir()) {
        return Err(Error::Data(format!(
            "output.dir {} cannot be created: {} is a file, not a folder; set output.dir to a folder",
            target.display(),
            file.display()
        )));
    }
    std::fs::create_dir_all(parent).map_err(|e| unwritable(target, e))?;
    for dir in [parent, target] {
        if dir.is_dir() && !may_write(dir) {
            return Err(unwritable(
                target,
                std::io::Error::new(
                    std::io::ErrorKind::PermissionDenied,
                    format!("{} is read-only", dir.display()),
                ),
            ));
        }
    }
    Ok(())
}

/// True if this process may create and delete entries in `dir`.
#[cfg(unix)]
fn may_write(dir: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let Ok(c) = std::ffi::CString::new(dir.as_os_str().as_bytes()) else {
        return false;
    };
    // SAFETY: `c` is a valid NUL-terminated path that outlives the call.
    unsafe { libc::access(c.as_ptr(), libc::W_OK | libc::X_OK) == 0 }
}

#[cfg(not(unix))]
fn may_write(dir: &Path) -> bool {
    std::fs::metadata(dir).is_ok_and(|m| !m.permissions().readonly())
}

/// Removes the `.NAME.partial-PID` and `.NAME.old-PID` folders of processes that no
/// longer run. An `.old` folder whose run died mid-commit, with `target` missing, is
/// renamed back to `target`.
fn remove_stale(parent: &Path, name: &str, target: &Path) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let prefix = format!(".{name}.");
    for entry in entries.flatten() {
        let file = entry.file_name();
        let Some((kind, pid)) = file
            .to_str()
            .and_then(|f| f.strip_prefix(&prefix))
            .and_then(|rest| rest.split_once('-'))
        else {
            continue;
        };
        let Ok(pid) = pid.parse::<u32>() else {
            continue;
        };
        if !["partial", "old"].contains(&kind) || pid == std::process::id() || is_running(pid) {
            continue;
        }
        let path = entry.path();
        if kind == "old" && !target.exists() {
            let _ = std::fs::rename(&path, target);
        } else {
            let _ = std::fs::remove_dir_all(&path);
        }
    }
}

/// True if a process with this id exists (or might: errors count as running).
#[cfg(unix)]
fn is_running(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return true;
    };
    if pid <= 0 {
        return true;
    }
    // SAFETY: signal 0 only checks that the process exists; nothing is sent.
    let alive = unsafe { libc::kill(pid, 0) } == 0;
    alive || std::io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
}

#[cfg(not(unix))]
fn is_running(_pid: u32) -> bool {
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commit_replaces_and_drop_removes() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        let s = StagedDir::create(&out).unwrap();
        std::fs::write(s.path("a.txt"), "new").unwrap();
        assert!(registry().iter().any(|a| a.target == out));
        s.commit().unwrap();
        assert_eq!(std::fs::read_to_string(out.join("a.txt")).unwrap(), "new");
        assert!(!registry().iter().any(|a| a.target == out));

        let s = StagedDir::create(&out).unwrap();
        std::fs::write(s.path("a.txt"), "newer").unwrap();
        drop(s);
        assert_eq!(std::fs::read_to_string(out.join("a.txt")).unwrap(), "new");
        let names: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }

    #[test]
    fn stale_folders_of_dead_runs_are_cleaned_or_restored() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        // a pid that cannot be running: above the kernel's pid_max (at most 2^22)
        let dead = 1u32 << 30;
        std::fs::create_dir(tmp.path().join(format!(".out.partial-{dead}"))).unwrap();
        std::fs::create_dir(tmp.path().join(format!(".out.old-{dead}"))).unwrap();
        std::fs::write(tmp.path().join(format!(".out.old-{dead}/kept")), "x").unwrap();
        std::fs::create_dir(tmp.path().join(".other.partial-1")).unwrap();
        let s = StagedDir::create(&out).unwrap();
        assert_eq!(std::fs::read_to_string(out.join("kept")).unwrap(), "x");
        assert!(!tmp.path().join(format!(".out.partial-{dead}")).exists());
        assert!(tmp.path().join(".other.partial-1").exists());
        drop(s);
    }

    #[test]
    fn a_file_in_the_way_is_an_error_naming_it() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("f");
        std::fs::write(&file, "x").unwrap();
        let e = StagedDir::create(&file).unwrap_err().to_string();
        assert!(e.contains("exists and is not a folder"), "{e}");
        let e = StagedDir::create(&file.join("sub/out"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("/f is a file, not a folder"), "{e}");
    }
}
