//! Lower-casing filter.

use super::TokenFilter;

/// Lower-cases every token (Unicode-aware).
#[derive(Debug, Clone, Copy, Default)]
pub struct LowerCaser;

impl TokenFilter for LowerCaser {
    fn apply(&self, token: &mut String) -> bool {
        if token
            .chars()
            .any(|c| !c.is_lowercase() && c.is_alphabetic())
        {
            *token = token.to_lowercase();
        }
        true
    }
}
