//! Errors of every stage, with the process exit code each maps to.
//!
//! Usage and configuration errors exit with code 2; data and runtime errors
//! (unreadable input, no text, a failed write) exit with code 1.

use std::path::{Path, PathBuf};

/// Result type used throughout paratopic.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in a paratopic run.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The command line is wrong (bad `--set`, unknown subcommand).
    #[error("{0}")]
    Usage(String),
    /// The configuration is wrong: names the key and, for file values, the line and column.
    #[error("{0}")]
    Config(String),
    /// The input data cannot be used (missing path, no text, `k` above the unit count).
    #[error("{0}")]
    Data(String),
    /// A file could not be read or written.
    #[error("{action} {path}: {source}")]
    Io {
        /// What paratopic was doing ("cannot read", "cannot write").
        action: &'static str,
        /// The file or folder concerned.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// A numerical or internal step failed.
    #[error("{0}")]
    Runtime(String),
}

impl Error {
    /// The process exit code: 2 for usage and configuration errors, 1 otherwise.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Usage(_) | Error::Config(_) => 2,
            Error::Data(_) | Error::Io { .. } | Error::Runtime(_) => 1,
        }
    }

    /// An I/O error while reading `path`.
    pub fn read(path: &Path, source: std::io::Error) -> Self {
        Error::Io {
            action: "cannot read",
            path: path.to_path_buf(),
            source,
        }
    }

    /// An I/O error while writing `path`.
    pub fn write(path: &Path, source: std::io::Error) -> Self {
        Error::Io {
            action: "cannot write",
            path: path.to_path_buf(),
            source,
        }
    }
}

/// A parameter that failed validation: the dotted config key and what is wrong with it.
///
/// Stage parameter structs return this from `validate`; the config loader adds the
/// file location (line and column) or the `--set` flag the value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamError {
    /// Dotted config key, e.g. `cluster.k`.
    pub key: String,
    /// What is wrong and what the valid range is.
    pub message: String,
    /// A second key the error is about, when two values contradict each other
    /// (`vectorize.max_df` for a `min_df` above it): its location is shown too.
    pub other_key: Option<String>,
}

impl ParamError {
    /// A new parameter error for `key`.
    pub fn new(key: impl Into<String>, message: impl Into<String>) -> Self {
        ParamError {
            key: key.into(),
            message: message.into(),
            other_key: None,
        }
    }

    /// This error, about `other` too.
    pub fn with_other_key(mut self, other: impl Into<String>) -> Self {
        self.other_key = Some(other.into());
        self
    }
}

impl std::fmt::Display for ParamError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.key, self.message)
    }
}
