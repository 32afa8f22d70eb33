//! The staging folder: results are written beside `output.dir` and renamed into place
//! only when the whole run succeeded.
//!
//! Every live staging folder is listed in a process-wide registry, so the signal handler
//! can remove it when the run is stopped; a commit holds the registry's lock, so a signal
//! never lands between its two renames.

use super::marker;
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
    /// Checks `target` and creates the staging folder beside it, holding an empty
    /// output marker (so a stale one is recognised as paratopic's).
    ///
    /// Call it before any work. Exit-2 errors ([`Error::Config`]) name `target` and say
    /// what to do: `target` is a file or cannot be written, or it holds entries that its
    /// output marker does not list (it would be replaced; see [`check_replaceable`]).
    /// Staging folders left by runs that were killed outright (SIGKILL, power loss) are
    /// removed if they hold a marker, or restored if the kill came in the middle of a
    /// commit.
    pub fn create(target: &Path) -> Result<StagedDir> {
        let (parent, name) = check_target(target)?;
        remove_stale(&parent, &name, target);
        let staging = parent.join(format!(".{name}.partial-{}", std::process::id()));
        let mut active = registry();
        if staging.exists() {
            std::fs::remove_dir_all(&staging).map_err(|e| unwritable(target, e))?;
        }
        std::fs::create_dir_all(staging.join("charts")).map_err(|e| unwritable(target, e))?;
        marker::write_marker(&staging, &Default::default()).map_err(|e| unwritable(target, e))?;
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

    /// Replaces `output.dir` with the staged results: the staging folder's marker is
    /// written listing every file in it, `output.dir` is checked again (it must still
    /// hold nothing paratopic did not write), moved aside, the staging folder renamed
    /// into its place, and then only the files the old marker lists are removed. If the
    /// rename fails, the old folder is put back.
    pub fn commit(self) -> Result<PathBuf> {
        self.commit_with(|staging, target| std::fs::rename(staging, target))
    }

    /// [`StagedDir::commit`] with `rename` moving the staging folder into place (tests
    /// make it fail).
    fn commit_with(
        mut self,
        rename: impl Fn(&Path, &Path) -> std::io::Result<()>,
    ) -> Result<PathBuf> {
        let files =
            marker::list_files(&self.staging).map_err(|e| Error::write(&self.staging, e))?;
        marker::write_marker(&self.staging, &files).map_err(|e| Error::write(&self.staging, e))?;
        let mut active = registry();
        let old = sibling(&self.target, "old");
        let had_old = self.target.exists();
        if had_old {
            check_replaceable(&self.target)?;
            std::fs::rename(&self.target, &old).map_err(|e| Error::write(&self.target, e))?;
        }
        if let Err(e) = rename(&self.staging, &self.target) {
            if had_old {
                let _ = std::fs::rename(&old, &self.target);
            }
            return Err(Error::write(&self.target, e));
        }
        self.committed = true;
        active.retain(|a| a.staging != self.staging);
        if had_old && !marker::remove_marked(&old) && marker::read_marker(&old).is_none() {
            // an empty folder without a marker: nothing of anybody's is lost
            let _ = std::fs::remove_dir(&old);
        }
        Ok(self.target.clone())
    }
}

/// The checks of [`StagedDir::create`] without creating anything but `target`'s parent:
/// `target` is a folder (or can be one) that may be written, and it is empty or holds
/// only what paratopic wrote there. Returns its parent folder and name.
pub fn check_target(target: &Path) -> Result<(PathBuf, String)> {
    let (parent, name) = split_target(target)?;
    check_writable(target, &parent)?;
    check_replaceable(target)?;
    Ok((parent, name))
}

/// Fails (exit 2) if `target` exists and holds entries that its output marker does not
/// list: paratopic replaces only an empty folder or one it wrote itself. The message
/// names the folder, up to five unknown entries and a free folder name to use instead.
pub fn check_replaceable(target: &Path) -> Result<()> {
    if !target.is_dir() {
        return Ok(());
    }
    let unknown = marker::unknown_entries(target).map_err(|e| unwritable(target, e))?;
    if unknown.is_empty() {
        return Ok(());
    }
    let shown: Vec<&str> = unknown.iter().take(5).map(String::as_str).collect();
    let more = match unknown.len() {
        n if n > 5 => format!(" and {} more", n - 5),
        _ => String::new(),
    };
    Err(Error::Config(format!(
        "output.dir {} holds files paratopic did not write ({}{more}); paratopic only replaces \
         an empty folder or one it wrote itself (listed in its {}), so nothing was changed; \
         choose a free folder, e.g. --set output.dir={}, or move those files away",
        target.display(),
        shown.join(", "),
        marker::MARKER,
        free_name(target).display()
    )))
}

/// A folder name beside `target` that does not exist yet: `NAME-paratopic`, or
/// `NAME-paratopic-2`, `-3`…
pub fn free_name(target: &Path) -> PathBuf {
    let name = target.file_name().unwrap_or_default().to_string_lossy();
    first_free(&target.with_file_name(format!("{name}-paratopic")))
}

/// `base` if nothing is there, else the first free `base-2`, `base-3`…
pub(crate) fn first_free(base: &Path) -> PathBuf {
    let name = base.file_name().unwrap_or_default().to_string_lossy();
    (1..)
        .map(|i| match i {
            1 => base.to_path_buf(),
            i => base.with_file_name(format!("{name}-{i}")),
        })
        .find(|p| std::fs::symlink_metadata(p).is_err())
        .expect("some name is free")
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
            Error::Config(format!(
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
    Error::Config(format!(
        "output.dir {} cannot be written ({e}); choose a folder you can write to, e.g. --set output.dir=out",
        target.display()
    ))
}

/// Fails early if `target` is a file, or if it or its parent folder cannot be written.
fn check_writable(target: &Path, parent: &Path) -> Result<()> {
    if target.exists() && !target.is_dir() {
        return Err(Error::Config(format!(
            "output.dir {} exists and is not a folder; remove it or set output.dir to a folder",
            target.display()
        )));
    }
    if let Some(file) = parent.ancestors().find(|a| a.exists() && !a.is_dir()) {
        return Err(Error::Config(format!(
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

/// Cleans up after runs that no longer run: a `.NAME.partial-PID` staging folder is
/// removed if it holds an output marker (else it is not paratopic's and stays); an
/// `.NAME.old-PID` folder whose run died mid-commit is renamed back to `target` if
/// `target` is missing and it holds only what its marker lists, else the files its
/// marker lists are removed.
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
        let path = entry.path();
        if pid == std::process::id() || is_running(pid) || !marker::has_marker(&path) {
            continue;
        }
        match kind {
            "partial" => {
                let _ = std::fs::remove_dir_all(&path);
            }
            "old"
                if !target.exists()
                    && marker::unknown_entries(&path).is_ok_and(|u| u.is_empty()) =>
            {
                let _ = std::fs::rename(&path, target);
            }
            "old" => {
                marker::remove_marked(&path);
            }
            _ => {}
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

    /// The names in `dir`, sorted.
    fn entries(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    fn marked(dir: &Path, files: &[(&str, &str)]) {
        std::fs::create_dir_all(dir).unwrap();
        for (f, text) in files {
            std::fs::write(dir.join(f), text).unwrap();
        }
        let listed = files.iter().map(|(f, _)| f.to_string()).collect();
        marker::write_marker(dir, &listed).unwrap();
    }

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
        let listed = marker::read_marker(&out).unwrap();
        assert_eq!(listed.into_iter().collect::<Vec<_>>(), ["a.txt", "charts/"]);

        let s = StagedDir::create(&out).unwrap();
        std::fs::write(s.path("a.txt"), "newer").unwrap();
        drop(s);
        assert!(!registry().iter().any(|a| a.target == out));
        assert_eq!(std::fs::read_to_string(out.join("a.txt")).unwrap(), "new");
        let names: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }

    #[test]
    fn an_empty_output_folder_is_replaced_without_leftovers() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        std::fs::create_dir(&out).unwrap();
        let s = StagedDir::create(&out).unwrap();
        std::fs::write(s.path("a.txt"), "new").unwrap();
        s.commit().unwrap();
        assert_eq!(std::fs::read_to_string(out.join("a.txt")).unwrap(), "new");
        assert_eq!(entries(tmp.path()), ["out"]);
    }

    #[test]
    fn a_failed_rename_puts_the_old_folder_back() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        marked(&out, &[("topics.csv", "old")]);
        // a rename that fails after the old folder was moved aside puts it back
        let s = StagedDir::create(&out).unwrap();
        let err = s.commit_with(|staging, target| {
            std::fs::remove_dir_all(staging)?;
            std::fs::rename(staging, target)
        });
        assert!(err.is_err());
        assert_eq!(
            std::fs::read_to_string(out.join("topics.csv")).unwrap(),
            "old",
            "the old output folder was not put back"
        );
        assert_eq!(entries(tmp.path()), ["out"]);
    }

    #[test]
    fn stale_folders_of_dead_runs_are_cleaned_or_restored() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        // a pid that cannot be running: above the kernel's pid_max (at most 2^22)
        let dead = 1u32 << 30;
        marked(&tmp.path().join(format!(".out.partial-{dead}")), &[]);
        marked(
            &tmp.path().join(format!(".out.old-{dead}")),
            &[("kept", "x")],
        );
        std::fs::create_dir(tmp.path().join(".other.partial-1")).unwrap();
        let s = StagedDir::create(&out).unwrap();
        assert_eq!(std::fs::read_to_string(out.join("kept")).unwrap(), "x");
        assert!(!tmp.path().join(format!(".out.partial-{dead}")).exists());
        assert!(tmp.path().join(".other.partial-1").exists());
        drop(s);
    }

    #[test]
    fn a_stale_old_folder_holding_user_files_is_not_restored() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        let old = tmp.path().join(format!(".out.old-{}", 1u32 << 30));
        marked(&old, &[("topics.csv", "x")]);
        std::fs::write(old.join("mine.txt"), "mine").unwrap();
        let s = StagedDir::create(&out).unwrap();
        // output.dir stays missing; only what the marker listed goes
        assert!(!out.exists());
        assert_eq!(
            std::fs::read_to_string(old.join("mine.txt")).unwrap(),
            "mine"
        );
        assert!(!old.join("topics.csv").exists());
        drop(s);
    }

    #[test]
    fn staging_folders_of_live_runs_or_without_a_marker_stay() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        let dead = 1u32 << 30;
        // pid 1 always runs
        let live = tmp.path().join(".out.partial-1");
        marked(&live, &[("topics.csv", "half")]);
        let unmarked = tmp.path().join(format!(".out.partial-{dead}"));
        std::fs::create_dir(&unmarked).unwrap();
        std::fs::write(unmarked.join("mine.txt"), "mine").unwrap();
        let old_with_extra = tmp.path().join(format!(".out.old-{}", dead + 1));
        marked(&old_with_extra, &[("topics.csv", "x")]);
        std::fs::write(old_with_extra.join("mine.txt"), "mine").unwrap();
        std::fs::create_dir(&out).unwrap();
        let s = StagedDir::create(&out).unwrap();
        assert!(
            live.join("topics.csv").is_file(),
            "a live run's folder was removed"
        );
        assert!(unmarked.join("mine.txt").is_file());
        assert!(old_with_extra.join("mine.txt").is_file());
        assert!(!old_with_extra.join("topics.csv").exists());
        drop(s);
    }

    #[test]
    fn a_folder_with_unknown_entries_is_refused_before_anything_changes() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("mine");
        std::fs::create_dir(&out).unwrap();
        for i in 0..7 {
            std::fs::write(out.join(format!("n{i}.txt")), "mine").unwrap();
        }
        let e = StagedDir::create(&out).unwrap_err();
        assert_eq!(e.exit_code(), 2);
        let e = e.to_string();
        assert!(
            e.contains("holds files paratopic did not write (n0.txt, n1.txt, n2.txt, n3.txt, n4.txt and 2 more)"),
            "{e}"
        );
        assert!(e.contains("--set output.dir="), "{e}");
        assert!(e.contains("mine-paratopic"), "{e}");
        let names: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "a staging folder was created: {names:?}");
        // a marked folder gains a user file between the check and the commit
        let out2 = tmp.path().join("out2");
        marked(&out2, &[("a.csv", "old")]);
        let s = StagedDir::create(&out2).unwrap();
        std::fs::write(out2.join("late.txt"), "mine").unwrap();
        assert_eq!(s.commit().unwrap_err().exit_code(), 2);
        assert_eq!(
            std::fs::read_to_string(out2.join("late.txt")).unwrap(),
            "mine"
        );
        assert_eq!(std::fs::read_to_string(out2.join("a.csv")).unwrap(), "old");
    }

    #[test]
    fn five_unknown_entries_are_all_named() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("mine");
        std::fs::create_dir(&out).unwrap();
        for i in 0..5 {
            std::fs::write(out.join(format!("n{i}.txt")), "mine").unwrap();
        }
        let e = check_replaceable(&out).unwrap_err().to_string();
        assert!(
            e.contains(
                "holds files paratopic did not write (n0.txt, n1.txt, n2.txt, n3.txt, n4.txt); "
            ),
            "{e}"
        );
        // an empty folder, or one holding only what its marker lists, may be replaced
        let empty = tmp.path().join("empty");
        std::fs::create_dir(&empty).unwrap();
        assert!(check_replaceable(&empty).is_ok());
        marked(&tmp.path().join("ours"), &[("topics.csv", "x")]);
        assert!(check_replaceable(&tmp.path().join("ours")).is_ok());
        assert!(check_replaceable(&tmp.path().join("absent")).is_ok());
    }

    #[test]
    fn a_target_is_split_into_its_folder_and_name() {
        let split = |t: &str| split_target(Path::new(t)).unwrap();
        assert_eq!(split("out"), (PathBuf::from("."), "out".to_string()));
        assert_eq!(
            split("data/out"),
            (PathBuf::from("data"), "out".to_string())
        );
        assert_eq!(split("/tmp/x"), (PathBuf::from("/tmp"), "x".to_string()));
        let e = split_target(Path::new("/")).unwrap_err().to_string();
        assert!(e.starts_with("output.dir / has no folder name"), "{e}");
        assert_eq!(
            sibling(Path::new("data/out"), "old"),
            PathBuf::from(format!("data/.out.old-{}", std::process::id()))
        );
    }

    #[cfg(unix)]
    #[test]
    fn is_running_asks_the_kernel() {
        assert!(is_running(std::process::id()));
        // above the kernel's pid_max: no such process (the call leaves ESRCH in errno)
        assert!(!is_running(1 << 30));
        // pid 1 always runs, whatever errno held before
        assert!(is_running(1));
        // not a pid the kernel can check (0 and -1 name groups): counted as running
        assert!(is_running(0));
        assert!(is_running(u32::MAX));
    }

    #[test]
    fn remove_dir_retrying_removes_a_folder_and_ignores_a_missing_one() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("d");
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        std::fs::write(dir.join("sub/f"), "x").unwrap();
        remove_dir_retrying(&dir);
        assert!(!dir.exists());
        remove_dir_retrying(&dir);
    }

    #[test]
    fn free_name_skips_taken_names() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("mine");
        assert_eq!(free_name(&out), tmp.path().join("mine-paratopic"));
        std::fs::create_dir(tmp.path().join("mine-paratopic")).unwrap();
        assert_eq!(free_name(&out), tmp.path().join("mine-paratopic-2"));
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
