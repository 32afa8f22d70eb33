//! Stage 7 — output: CSV tables, the TF-IDF matrix, the vocabulary and `run.json`,
//! written into a temporary folder beside `output.dir` and moved into place only when
//! the whole run succeeded.

mod writers;

pub use writers::{
    write_doc_topics, write_json, write_matrix_market, write_paragraphs, write_topics, write_vocab,
    ParagraphRow,
};

use crate::error::{Error, ParamError, Result};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// `[output]`: where results go.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct OutputConfig {
    /// Folder for the results; replaced as a whole when a run succeeds.
    pub dir: PathBuf,
    /// Documents shown in the per-document charts (the largest by tokens). Range 1–1000.
    pub max_documents_per_chart: usize,
}

impl Default for OutputConfig {
    fn default() -> Self {
        OutputConfig {
            dir: PathBuf::from("data/out"),
            max_documents_per_chart: 40,
        }
    }
}

impl OutputConfig {
    /// Checks the values; the error names the key.
    pub fn validate(&self) -> Result<(), ParamError> {
        if self.dir.as_os_str().is_empty() {
            return Err(ParamError::new(
                "output.dir",
                "is empty; name a folder, e.g. \"data/out\"",
            ));
        }
        let n = self.max_documents_per_chart;
        if !(1..=1000).contains(&n) {
            return Err(ParamError::new(
                "output.max_documents_per_chart",
                format!("is {n}; it must be between 1 and 1000"),
            ));
        }
        Ok(())
    }
}

/// A staging folder that becomes `output.dir` on [`StagedDir::commit`] and is removed
/// if dropped before that.
#[derive(Debug)]
pub struct StagedDir {
    target: PathBuf,
    staging: PathBuf,
    committed: bool,
}

impl StagedDir {
    /// Checks that `target` can be written and creates the staging folder beside it.
    pub fn create(target: &Path) -> Result<StagedDir> {
        if target.exists() && !target.is_dir() {
            return Err(Error::Data(format!(
                "output.dir {} exists and is not a folder; remove it or set output.dir to a folder",
                target.display()
            )));
        }
        let name = target
            .file_name()
            .ok_or_else(|| {
                Error::Data(format!(
                    "output.dir {} has no folder name",
                    target.display()
                ))
            })?
            .to_string_lossy()
            .into_owned();
        let parent = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent).map_err(|e| Error::write(&parent, e))?;
        let staging = parent.join(format!(".{name}.partial-{}", std::process::id()));
        if staging.exists() {
            std::fs::remove_dir_all(&staging).map_err(|e| Error::write(&staging, e))?;
        }
        std::fs::create_dir_all(staging.join("charts")).map_err(|e| Error::write(&staging, e))?;
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
        let old = self.staging.with_file_name(format!(
            ".{}.old-{}",
            self.target
                .file_name()
                .unwrap_or_default()
                .to_string_lossy(),
            std::process::id()
        ));
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
        if had_old {
            std::fs::remove_dir_all(&old).map_err(|e| Error::write(&old, e))?;
        }
        Ok(self.target.clone())
    }
}

impl Drop for StagedDir {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.staging);
        }
    }
}
