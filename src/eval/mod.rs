//! Stage 6 — evaluation: how good are the topics?
//!
//! Measured on every run:
//! - **silhouette** (cosine) of the clustering in the clustered representation, on a
//!   seeded sample of at most `eval.silhouette_sample` units;
//! - **coherence**: mean NPMI of each topic's top terms, from their co-occurrence in the
//!   corpus's own paragraph units;
//! - **diversity**: share of unique terms among all topics' top terms;
//! - with `eval.labels` (`document,label` CSV): **NMI**, **ARI** and **purity** of each
//!   document's dominant topic against its label.
//!
//! ```
//! use paratopic::eval::{adjusted_rand_index, nmi, purity};
//!
//! let truth = ["a", "a", "b", "b"];
//! let found = [1, 1, 0, 0];
//! assert!((nmi(&truth, &found) - 1.0).abs() < 1e-12);
//! assert!((adjusted_rand_index(&truth, &found) - 1.0).abs() < 1e-12);
//! assert_eq!(purity(&truth, &found), 1.0);
//! ```

mod external;
mod internal;

pub use external::{
    adjusted_rand_index, nmi, purity, read_labels, score_documents, unknown_documents,
    unknown_documents_warning, External, MAX_UNKNOWN_LISTED,
};
pub use internal::{diversity, npmi_coherence, silhouette};

use crate::error::ParamError;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// `[eval]`: quality measurement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct EvalConfig {
    /// A `document,label` CSV of known categories; absent = no external scores.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub labels: Option<PathBuf>,
    /// Silhouette is computed on at most this many units (a seeded sample). Range 10–100000.
    pub silhouette_sample: usize,
}

impl Default for EvalConfig {
    fn default() -> Self {
        EvalConfig {
            labels: None,
            silhouette_sample: 2000,
        }
    }
}

impl EvalConfig {
    /// Checks the values; the error names the key.
    pub fn validate(&self) -> Result<(), ParamError> {
        if !(10..=100_000).contains(&self.silhouette_sample) {
            return Err(ParamError::new(
                "eval.silhouette_sample",
                format!(
                    "is {}; it must be between 10 and 100000",
                    self.silhouette_sample
                ),
            ));
        }
        Ok(())
    }
}

/// The quality of one topic model.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quality {
    /// Mean cosine silhouette, −1 to 1 (higher: better separated topics).
    pub silhouette: f64,
    /// Mean NPMI of the topics' top terms, −1 to 1 (higher: words that occur together).
    pub coherence: f64,
    /// NPMI per topic.
    pub topic_coherence: Vec<f64>,
    /// Share of unique terms among all topics' top terms, 0 to 1.
    pub diversity: f64,
    /// Scores against known labels, when `eval.labels` is set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external: Option<External>,
}

impl Quality {
    /// One-line summary for the terminal.
    pub fn summary(&self) -> String {
        let mut s = format!(
            "silhouette {:.3}, coherence (NPMI) {:.3}, diversity {:.3}",
            self.silhouette, self.coherence, self.diversity
        );
        if let Some(e) = &self.external {
            s.push_str(&format!(
                ", NMI {:.3}, ARI {:.3}, purity {:.3} ({} labelled documents)",
                e.nmi, e.ari, e.purity, e.documents
            ));
        }
        s
    }
}
