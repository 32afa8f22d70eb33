//! Notes and warnings a run reports while it goes on (contracts §5).
//!
//! Library code never prints: each stage returns its [`Notice`]s and the pipeline hands
//! them, with its progress lines, to the caller's callback as [`Event`]s. A *warning*
//! says that data was skipped or altered (a file skipped, bytes replaced, text cut,
//! units dropped) and is never silenced; a *note* is information (`--quiet` hides it).

use serde::{Serialize, Serializer};
use std::fmt;

/// How serious a [`Notice`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// Information that needs no action.
    Note,
    /// Data was skipped or altered.
    Warning,
}

/// One note or warning: its level, a stable kind (for grouping repeated ones, e.g.
/// `"invalid_utf8"`) and its text, which names the file, key or line and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// Note or warning.
    pub level: Level,
    /// What kind of notice it is: notices of one kind are summarised after a few.
    pub kind: &'static str,
    /// The message, without the `warning: ` / `note: ` prefix.
    pub text: String,
}

impl Notice {
    /// A warning: data was skipped or altered.
    pub fn warning(kind: &'static str, text: impl Into<String>) -> Notice {
        Notice {
            level: Level::Warning,
            kind,
            text: text.into(),
        }
    }

    /// A note: information only.
    pub fn note(kind: &'static str, text: impl Into<String>) -> Notice {
        Notice {
            level: Level::Note,
            kind,
            text: text.into(),
        }
    }

    /// True for a warning.
    pub fn is_warning(&self) -> bool {
        self.level == Level::Warning
    }
}

impl fmt::Display for Notice {
    /// `warning: TEXT` or `note: TEXT`, as printed and stored in `run.json`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.level {
            Level::Note => "note",
            Level::Warning => "warning",
        };
        write!(f, "{level}: {}", self.text)
    }
}

impl Serialize for Notice {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// What a run reports to its caller while it works.
#[derive(Debug, Clone, Copy)]
pub enum Event<'a> {
    /// A stage's one-line summary (progress; `--quiet` hides it).
    Progress(&'a str),
    /// A note or warning.
    Notice(&'a Notice),
}

/// Notices of one kind shown before the rest are summarised.
pub const SHOWN_PER_KIND: usize = 5;

/// Decides which notices to show: the first [`SHOWN_PER_KIND`] of each kind, then one
/// `… and N more` line per kind at the end ([`Summariser::finish`]).
#[derive(Debug, Default)]
pub struct Summariser {
    seen: Vec<(&'static str, Level, usize)>,
}

impl Summariser {
    /// Counts `n`; true if it is to be shown.
    pub fn show(&mut self, n: &Notice) -> bool {
        match self.seen.iter_mut().find(|(k, _, _)| *k == n.kind) {
            Some(entry) => {
                entry.2 += 1;
                entry.2 <= SHOWN_PER_KIND
            }
            None => {
                self.seen.push((n.kind, n.level, 1));
                true
            }
        }
    }

    /// The summary lines for the kinds with more than [`SHOWN_PER_KIND`] notices, with
    /// their level.
    pub fn finish(&self) -> Vec<(Level, String)> {
        self.seen
            .iter()
            .filter(|(_, _, n)| *n > SHOWN_PER_KIND)
            .map(|&(kind, level, n)| {
                let prefix = if level == Level::Warning {
                    "warning"
                } else {
                    "note"
                };
                let more = n - SHOWN_PER_KIND;
                (
                    level,
                    format!("{prefix}: … and {more} more of this kind ({kind}; see run.json)"),
                )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_of_a_kind_then_one_summary_line() {
        let mut s = Summariser::default();
        let shown: Vec<bool> = (0..8)
            .map(|i| s.show(&Notice::warning("binary", format!("f{i} skipped"))))
            .collect();
        assert_eq!(shown, [true, true, true, true, true, false, false, false]);
        assert!(s.show(&Notice::note("no_text", "x")));
        assert_eq!(
            s.finish(),
            [(
                Level::Warning,
                "warning: … and 3 more of this kind (binary; see run.json)".to_string()
            )]
        );
        assert_eq!(
            Notice::warning("k", "a.txt skipped").to_string(),
            "warning: a.txt skipped"
        );
    }
}
