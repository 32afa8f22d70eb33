//! Stage 7 — output: CSV tables, the TF-IDF matrix, the vocabulary and `run.json`,
//! written into a temporary folder beside `output.dir` and moved into place only when
//! the whole run succeeded.
//!
//! A failed run, or one stopped by SIGTERM or Ctrl-C (see [`install_signal_handlers`]),
//! leaves the previous `output.dir` exactly as it was and no temporary folder behind.

mod marker;
mod overlap;
mod signals;
mod staging;
mod writers;

pub use marker::{has_marker, list_files, read_marker, unknown_entries, write_marker, MARKER};
pub use overlap::check_outside_reads;
pub use signals::install_signal_handlers;
pub use staging::{check_replaceable, check_target, free_name, StagedDir};
pub use writers::{
    write_doc_topics, write_json, write_matrix_market, write_paragraphs, write_topics, write_vocab,
    ParagraphRow, ParagraphWriter,
};

use crate::error::{ParamError, Result};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// `[output]`: where results go.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct OutputConfig {
    /// Folder for the results. A run that succeeds replaces it only if it is empty or
    /// holds nothing but what paratopic wrote there (listed in its [`MARKER`]); it must
    /// not be, or contain, a path paratopic reads.
    pub dir: PathBuf,
    /// Record how the run went (stage timings, the input files' paths) in `run.json` and
    /// the report. `false` gives outputs that depend only on input, config and seed (the
    /// committed sample output).
    pub provenance: bool,
    /// Documents shown in the per-document charts (the largest by tokens). Range 1–1000.
    pub max_documents_per_chart: usize,
}

impl Default for OutputConfig {
    fn default() -> Self {
        OutputConfig {
            dir: PathBuf::from("data/out"),
            provenance: true,
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
