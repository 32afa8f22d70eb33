//! A string interner: distinct strings stored end to end in one buffer, numbered in
//! first-seen order, found through a hash table of ids (no allocation per string).

use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;
use std::hash::BuildHasher;

/// Distinct strings, each with an id (`0, 1, 2, …` in insertion order).
#[derive(Default)]
pub(crate) struct Interner {
    arena: String,
    /// Per id: start and length in `arena`.
    spans: Vec<(usize, usize)>,
    table: HashTable<u32>,
}

impl Interner {
    /// An empty interner with room for about `n` strings.
    pub(crate) fn with_capacity(n: usize) -> Self {
        Interner {
            arena: String::with_capacity(8 * n),
            spans: Vec::with_capacity(n),
            table: HashTable::with_capacity(n),
        }
    }

    /// Number of distinct strings.
    pub(crate) fn len(&self) -> usize {
        self.spans.len()
    }

    /// The string with id `id`.
    #[inline]
    pub(crate) fn get_str(&self, id: u32) -> &str {
        let (at, len) = self.spans[id as usize];
        &self.arena[at..at + len]
    }

    /// The strings, in id order.
    pub(crate) fn iter(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        self.spans
            .iter()
            .map(|&(at, len)| &self.arena[at..at + len])
    }

    /// The id of `s`, if it was interned.
    #[inline]
    pub(crate) fn get(&self, s: &str) -> Option<u32> {
        self.get_hashed(s, FxBuildHasher.hash_one(s))
    }

    /// The bytes of string `id`: as [`get_str`](Self::get_str), without checking that
    /// the span falls on character boundaries (it does), which would read the arena
    /// once more.
    #[inline]
    fn get_bytes(&self, id: u32) -> &[u8] {
        let (at, len) = self.spans[id as usize];
        &self.arena.as_bytes()[at..at + len]
    }

    /// The hash of `s` the table uses (for [`get_hashed`](Self::get_hashed) and
    /// [`intern_hashed`](Self::intern_hashed)).
    #[inline]
    pub(crate) fn hash(s: &str) -> u64 {
        FxBuildHasher.hash_one(s)
    }

    /// Room for `n` more strings in the table.
    pub(crate) fn reserve(&mut self, n: usize) {
        self.spans.reserve(n);
        let (arena, spans) = (&self.arena, &self.spans);
        self.table.reserve(n, |&id| {
            let (at, len) = spans[id as usize];
            FxBuildHasher.hash_one(&arena[at..at + len])
        });
    }

    /// [`get`](Self::get) with `h` = [`hash`](Self::hash)`(s)`.
    #[inline]
    pub(crate) fn get_hashed(&self, s: &str, h: u64) -> Option<u32> {
        self.table
            .find(h, |&id| same_bytes(self.get_bytes(id), s.as_bytes()))
            .copied()
    }

    /// The id of `s`, interning it if new.
    #[inline]
    pub(crate) fn intern(&mut self, s: &str) -> u32 {
        self.intern_new(s).0
    }

    /// The id of `s` and whether it was new.
    #[inline]
    pub(crate) fn intern_new(&mut self, s: &str) -> (u32, bool) {
        self.intern_new_hashed(s, Self::hash(s))
    }

    /// [`intern`](Self::intern) with `h` = [`hash`](Self::hash)`(s)`.
    #[inline]
    pub(crate) fn intern_hashed(&mut self, s: &str, h: u64) -> u32 {
        self.intern_new_hashed(s, h).0
    }

    #[inline]
    fn intern_new_hashed(&mut self, s: &str, h: u64) -> (u32, bool) {
        if let Some(id) = self.get_hashed(s, h) {
            return (id, false);
        }
        let id = self.spans.len() as u32;
        self.spans.push((self.arena.len(), s.len()));
        self.arena.push_str(s);
        let (arena, spans) = (&self.arena, &self.spans);
        self.table.insert_unique(h, id, |&id| {
            let (at, len) = spans[id as usize];
            FxBuildHasher.hash_one(&arena[at..at + len])
        });
        (id, true)
    }
}

/// `a == b` for the short words of text, inline: two overlapping word-sized loads
/// instead of a call to `memcmp`.
#[inline]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    let u64_at = |s: &[u8], i: usize| u64::from_le_bytes(s[i..i + 8].try_into().expect("8 bytes"));
    let u32_at = |s: &[u8], i: usize| u32::from_le_bytes(s[i..i + 4].try_into().expect("4 bytes"));
    match n {
        0 => true,
        // every byte is one of the first, the middle and the last
        1..=3 => a[0] == b[0] && a[n / 2] == b[n / 2] && a[n - 1] == b[n - 1],
        4..=7 => u32_at(a, 0) == u32_at(b, 0) && u32_at(a, n - 4) == u32_at(b, n - 4),
        8..=16 => u64_at(a, 0) == u64_at(b, 0) && u64_at(a, n - 8) == u64_at(b, n - 8),
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_bytes_is_equality() {
        let words = [
            "",
            "a",
            "ab",
            "abc",
            "abcd",
            "abce",
            "abcdefg",
            "abcdefh",
            "abcdefgh",
            "abcdefgi",
            "policing",
            "policinG",
            "communities",
            "communitiez",
            "0123456789abcdef",
            "0123456789abcdeF",
            "0123456789abcdefg",
            "0123456789abcdefh",
            "xbcdefgh",
            "abcdxfgh",
        ];
        for a in words {
            for b in words {
                assert_eq!(
                    same_bytes(a.as_bytes(), b.as_bytes()),
                    a == b,
                    "{a:?} {b:?}"
                );
            }
        }
    }

    #[test]
    fn ids_follow_first_insertion() {
        let mut words = Interner::with_capacity(2);
        let input = [
            "police", "housing", "police", "", "mayor", "housing", "policing",
        ];
        let ids: Vec<u32> = input.iter().map(|w| words.intern(w)).collect();
        assert_eq!(ids, [0, 1, 0, 2, 3, 1, 4]);
        assert_eq!(words.len(), 5);
        assert_eq!(
            words.iter().collect::<Vec<_>>(),
            ["police", "housing", "", "mayor", "policing"]
        );
        assert_eq!(words.get("mayor"), Some(3));
        assert_eq!(words.get("mayors"), None);
        assert_eq!(words.intern_new("mayor"), (3, false));
        assert_eq!(words.intern_new("mayors"), (5, true));
        assert_eq!(words.get_str(5), "mayors");
    }
}
