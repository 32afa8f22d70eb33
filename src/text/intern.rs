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
        self.get_hashed(s.as_bytes(), hash(s.as_bytes()))
    }

    /// The bytes of string `id`: as [`get_str`](Self::get_str), without checking that
    /// the span falls on character boundaries (it does), which would read the arena
    /// once more.
    #[inline]
    fn get_bytes(&self, id: u32) -> &[u8] {
        span_bytes(&self.arena, &self.spans, id)
    }

    /// Room for `n` more strings in the table.
    pub(crate) fn reserve(&mut self, n: usize) {
        self.spans.reserve(n);
        let (arena, spans) = (&self.arena, &self.spans);
        self.table
            .reserve(n, |&id| hash(span_bytes(arena, spans, id)));
    }

    /// [`get`](Self::get) for the bytes `s` of a string, with `h` = [`hash`]`(s)`.
    #[inline]
    pub(crate) fn get_hashed(&self, s: &[u8], h: u64) -> Option<u32> {
        self.table
            .find(h, |&id| same_bytes(self.get_bytes(id), s))
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
        self.intern_new_hashed(s, hash(s.as_bytes()))
    }

    /// [`intern`](Self::intern) with `h` = [`hash`]`(s)`.
    #[inline]
    pub(crate) fn intern_hashed(&mut self, s: &str, h: u64) -> u32 {
        self.intern_new_hashed(s, h).0
    }

    #[inline]
    fn intern_new_hashed(&mut self, s: &str, h: u64) -> (u32, bool) {
        if let Some(id) = self.get_hashed(s.as_bytes(), h) {
            return (id, false);
        }
        let id = self.spans.len() as u32;
        self.spans.push((self.arena.len(), s.len()));
        self.arena.push_str(s);
        let (arena, spans) = (&self.arena, &self.spans);
        self.table
            .insert_unique(h, id, |&id| hash(span_bytes(arena, spans, id)));
        (id, true)
    }
}

/// The bytes of string `id` of an [`Interner`]'s `arena` and `spans` (a free function, so
/// the table's rehash closures can use it while the table is borrowed mutably).
#[inline]
fn span_bytes<'a>(arena: &'a str, spans: &[(usize, usize)], id: u32) -> &'a [u8] {
    let (at, len) = spans[id as usize];
    &arena.as_bytes()[at..at + len]
}

/// The hash of a string's bytes that the tables use.
#[inline]
pub(crate) fn hash(s: &[u8]) -> u64 {
    FxBuildHasher.hash_one(s)
}

/// A chunk's raw words: each distinct word once, numbered in first-seen order, with its
/// number of occurrences.
///
/// Built for the tokenizer's hot loop: a word's record holds its length, id, count and
/// bytes side by side in one buffer, and the table holds where the record starts, so a
/// lookup reads the table and then one record (no separate per-id array to read).
pub(crate) struct ChunkWords {
    /// Records end to end, each starting at a multiple of [`ALIGN`]: length (u32), id
    /// (u32), count (u64), then the word's bytes, padded.
    arena: Vec<u8>,
    /// Per word: its record's start / [`ALIGN`].
    table: HashTable<u32>,
    n: u32,
}

/// Record alignment (and the unit of the table's record positions).
const ALIGN: usize = 8;

/// Record header bytes: length, id, count.
const HEADER: usize = 16;

impl ChunkWords {
    /// Room for about `n` distinct words of `bytes` bytes in all.
    pub(crate) fn with_capacity(n: usize, bytes: usize) -> Self {
        ChunkWords {
            arena: Vec::with_capacity(n * HEADER + bytes),
            table: HashTable::with_capacity(n),
            n: 0,
        }
    }

    /// Empties the table, keeping its memory, and makes room for about `n` distinct
    /// words of `bytes` bytes in all (as [`with_capacity`](Self::with_capacity)).
    pub(crate) fn reset(&mut self, n: usize, bytes: usize) {
        self.arena.clear();
        self.arena.reserve(n * HEADER + bytes);
        self.table.clear();
        // the table is empty: the hasher is never called
        self.table.reserve(n, |_| 0);
        self.n = 0;
    }

    /// Number of distinct words.
    pub(crate) fn len(&self) -> usize {
        self.n as usize
    }

    /// The word whose record starts at `at`.
    #[inline]
    fn word(arena: &[u8], at: usize) -> &[u8] {
        let len = u32::from_le_bytes(arena[at..at + 4].try_into().expect("4 bytes")) as usize;
        &arena[at + HEADER..at + HEADER + len]
    }

    /// Counts one occurrence of `s`; returns its id.
    #[inline]
    pub(crate) fn add(&mut self, s: &str) -> u32 {
        let s = s.as_bytes();
        let h = hash(s);
        let arena = &self.arena;
        if let Some(&slot) = self.table.find(h, |&slot| {
            same_bytes(Self::word(arena, slot as usize * ALIGN), s)
        }) {
            let at = slot as usize * ALIGN;
            let count = &mut self.arena[at + 8..at + 16];
            let n = u64::from_le_bytes((&*count).try_into().expect("8 bytes"));
            count.copy_from_slice(&(n + 1).to_le_bytes());
            return u32::from_le_bytes(self.arena[at + 4..at + 8].try_into().expect("4 bytes"));
        }
        let id = self.n;
        self.n += 1;
        let at = self.arena.len();
        let slot = u32::try_from(at / ALIGN).expect("a chunk's distinct words fit in 32 GiB");
        let len = u32::try_from(s.len()).expect("a word is under 4 GiB");
        self.arena.extend_from_slice(&len.to_le_bytes());
        self.arena.extend_from_slice(&id.to_le_bytes());
        self.arena.extend_from_slice(&1u64.to_le_bytes());
        self.arena.extend_from_slice(s);
        self.arena
            .resize(self.arena.len().next_multiple_of(ALIGN), 0);
        let arena = &self.arena;
        self.table.insert_unique(h, slot, |&slot| {
            hash(Self::word(arena, slot as usize * ALIGN))
        });
        id
    }

    /// The words (as bytes of text) and their counts, in id order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&[u8], u64)> + '_ {
        let arena = &self.arena[..];
        let mut at = 0;
        std::iter::from_fn(move || {
            if at == arena.len() {
                return None;
            }
            let word = Self::word(arena, at);
            let count = u64::from_le_bytes(arena[at + 8..at + 16].try_into().expect("8 bytes"));
            at = (at + HEADER + word.len()).next_multiple_of(ALIGN);
            Some((word, count))
        })
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
    fn chunk_words_count_and_number_words() {
        let mut words = ChunkWords::with_capacity(2, 4);
        let long = "x".repeat(300);
        let input = [
            "police", "housing", "police", "", "mayor", "housing", "policing", &long, "police", "",
            "a", "policin", &long,
        ];
        let ids: Vec<u32> = input.iter().map(|w| words.add(w)).collect();
        assert_eq!(ids, [0, 1, 0, 2, 3, 1, 4, 5, 0, 2, 6, 7, 5]);
        assert_eq!(words.len(), 8);
        let got: Vec<(&[u8], u64)> = words.iter().collect();
        let want: Vec<(&[u8], u64)> = [
            ("police", 3),
            ("housing", 2),
            ("", 2),
            ("mayor", 1),
            ("policing", 1),
            (long.as_str(), 2),
            ("a", 1),
            ("policin", 1),
        ]
        .iter()
        .map(|&(w, n)| (w.as_bytes(), n))
        .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn ids_follow_first_insertion() {
        let mut words = Interner::default();
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
