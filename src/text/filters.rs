//! Small filters: possessive stripping, minimum length, numbers.

use super::TokenFilter;

/// Strips a trailing possessive `'s` or `'` (`london's` → `london`).
#[derive(Debug, Clone, Copy, Default)]
pub struct PossessiveStripper;

impl TokenFilter for PossessiveStripper {
    fn apply(&self, token: &mut String) -> bool {
        if token.ends_with("'s") {
            token.truncate(token.len() - 2);
        } else if token.ends_with('\'') {
            token.truncate(token.len() - 1);
        }
        !token.is_empty()
    }
}

/// Drops tokens shorter than `min_chars` characters.
#[derive(Debug, Clone, Copy)]
pub struct MinLength {
    /// Minimum number of characters a kept token has.
    pub min_chars: usize,
}

impl TokenFilter for MinLength {
    fn apply(&self, token: &mut String) -> bool {
        token
            .chars()
            .nth(self.min_chars.saturating_sub(1))
            .is_some()
    }
}

/// Drops tokens that contain a digit (`2016`, `3.15bn`, `999`).
#[derive(Debug, Clone, Copy, Default)]
pub struct NumberFilter;

impl TokenFilter for NumberFilter {
    fn apply(&self, token: &mut String) -> bool {
        !token.chars().any(|c| c.is_numeric())
    }
}

/// Drops tokens longer than `max_chars` characters (URL fragments, encoded blobs), so a
/// pathological token costs nothing downstream.
#[derive(Debug, Clone, Copy)]
pub struct MaxLength {
    /// Maximum number of characters a kept token has.
    pub max_chars: usize,
}

impl TokenFilter for MaxLength {
    fn apply(&self, token: &mut String) -> bool {
        token.len() <= self.max_chars || token.chars().nth(self.max_chars).is_none()
    }
}
