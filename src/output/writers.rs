//! One writer per output file.

use crate::error::{Error, Result};
use crate::topics::Topic;
use crate::vectorize::{Matrix, Term};
use ndarray::Array2;
use rayon::prelude::*;
use serde::Serialize;
use std::io::Write;
use std::path::Path;

fn csv_writer(path: &Path) -> Result<csv::Writer<std::fs::File>> {
    csv::Writer::from_path(path).map_err(|e| Error::write(path, std::io::Error::other(e)))
}

fn csv_err(path: &Path) -> impl Fn(csv::Error) -> Error + '_ {
    move |e| Error::write(path, std::io::Error::other(e))
}

/// `topics.csv`: `topic,label,size,share,terms,weights` (terms and weights `; `-separated),
/// and `name` when a topic has one (`[topics.names]`, guided topics).
pub fn write_topics(path: &Path, topics: &[Topic], shares: &[f64]) -> Result<()> {
    let mut w = csv_writer(path)?;
    let err = csv_err(path);
    let named = topics.iter().any(|t| t.name.is_some());
    let header = [
        "topic", "label", "size", "share", "terms", "weights", "name",
    ];
    w.write_record(&header[..if named { 7 } else { 6 }])
        .map_err(&err)?;
    for (t, share) in topics.iter().zip(shares) {
        let terms: Vec<&str> = t.terms.iter().map(|(w, _)| w.as_str()).collect();
        let weights: Vec<String> = t.terms.iter().map(|(_, x)| format!("{x:.5}")).collect();
        let mut row = vec![
            t.id.to_string(),
            t.label.clone(),
            t.size.to_string(),
            format!("{share:.6}"),
            terms.join("; "),
            weights.join("; "),
        ];
        if named {
            row.push(t.name.clone().unwrap_or_default());
        }
        w.write_record(&row).map_err(&err)?;
    }
    w.flush().map_err(|e| Error::write(path, e))
}

/// `doc_topics.csv`: `document,topic_<id>…` (one column per topic, `ids` in column
/// order); each row sums to 1.
pub fn write_doc_topics(
    path: &Path,
    docs: &[&str],
    ids: &[usize],
    weights: &Array2<f64>,
) -> Result<()> {
    let mut w = csv_writer(path)?;
    let err = csv_err(path);
    let mut header = vec!["document".to_string()];
    header.extend(ids.iter().map(|t| format!("topic_{t}")));
    w.write_record(&header).map_err(&err)?;
    for (d, name) in docs.iter().enumerate() {
        let mut row = vec![name.to_string()];
        row.extend(weights.row(d).iter().map(|x| format!("{x:.6}")));
        w.write_record(&row).map_err(&err)?;
    }
    w.flush().map_err(|e| Error::write(path, e))
}

/// One row of `paragraphs.csv`.
#[derive(Debug, Serialize)]
pub struct ParagraphRow<'a> {
    /// Document id.
    pub document: &'a str,
    /// 1-based paragraph number within the document.
    pub paragraph: usize,
    /// 1-based line where the paragraph starts.
    pub line: usize,
    /// Assigned topic, or -1 for an unassigned unit.
    pub topic: i64,
    /// The topic's label (`(unassigned)` for an unassigned unit).
    pub label: &'a str,
    /// Cosine similarity to the topic centroid (empty for an unassigned unit).
    pub similarity: String,
    /// Kept tokens.
    pub tokens: usize,
    /// Full original text.
    pub text: &'a str,
    /// `assigned`, or why not: `no_words` (no token left after preprocessing) or
    /// `unknown_words` (none in the vocabulary the topics were fitted on).
    pub status: &'a str,
    /// For a PDF: the 1-based page where the paragraph starts (empty for other formats).
    /// The last column, so scripts that index the columns before it keep working.
    pub page: Option<u32>,
    /// The topic's name (`[topics.names]`, guided topics): a last column only when some
    /// topic has a name (empty for the others); `None` leaves the column out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<&'a str>,
}

/// `paragraphs.csv`: one row per unit, in TF-IDF row order, all at once (a
/// [`ParagraphWriter`] fed one batch).
pub fn write_paragraphs(path: &Path, rows: &[ParagraphRow]) -> Result<()> {
    let mut w = ParagraphWriter::create(path)?;
    w.write(rows)?;
    w.finish()
}

/// Rows per parallel formatting chunk of the large writers: fixed, so the bytes never
/// depend on the thread count.
const FORMAT_CHUNK: usize = 4096;

/// Chunks formatted together before they are written, bounding the memory of formatted
/// text (two such groups are alive: one being written, the next being formatted).
const CHUNKS_IN_FLIGHT: usize = 2;

/// Writes the parts `format` makes of each group to `w`, in order, formatting group
/// n + 1 (in parallel) while group n is written. Errors name `path`.
fn write_pipelined<G: Send, W: Write + Send>(
    path: &Path,
    w: &mut W,
    groups: impl IntoIterator<Item = G>,
    format: impl Fn(G) -> Result<Vec<Vec<u8>>> + Sync,
) -> Result<()> {
    let mut ready: Vec<Vec<u8>> = Vec::new();
    for g in groups {
        let (next, written) = rayon::join(
            || format(g),
            || ready.iter().try_for_each(|p| w.write_all(p)),
        );
        written.map_err(|e| Error::write(path, e))?;
        ready = next?;
    }
    ready
        .iter()
        .try_for_each(|p| w.write_all(p))
        .map_err(|e| Error::write(path, e))
}

/// `paragraphs.csv` written in pieces, so the unit texts never need to be in memory
/// together: [`create`](Self::create), [`write`](Self::write) batches of rows in TF-IDF
/// row order, then [`finish`](Self::finish). Rows are formatted in parallel, in fixed
/// chunks, and written in order.
pub struct ParagraphWriter<'p> {
    path: &'p Path,
    w: std::io::BufWriter<std::fs::File>,
    header_written: bool,
}

impl<'p> ParagraphWriter<'p> {
    /// Creates the file (with a 1 MiB buffer); the header comes with the first row.
    pub fn create(path: &'p Path) -> Result<Self> {
        let f = std::fs::File::create(path).map_err(|e| Error::write(path, e))?;
        Ok(ParagraphWriter {
            path,
            w: std::io::BufWriter::with_capacity(1 << 20, f),
            header_written: false,
        })
    }

    /// Writes `rows`, after the rows written before.
    pub fn write(&mut self, rows: &[ParagraphRow]) -> Result<()> {
        let path = self.path;
        let header = !self.header_written;
        self.header_written |= !rows.is_empty();
        let groups = rows.chunks(FORMAT_CHUNK * CHUNKS_IN_FLIGHT).enumerate();
        write_pipelined(path, &mut self.w, groups, |(g, group)| {
            group
                .par_chunks(FORMAT_CHUNK)
                .enumerate()
                .map(|(c, chunk)| {
                    let mut w = csv::WriterBuilder::new()
                        .has_headers(header && g == 0 && c == 0)
                        .from_writer(Vec::new());
                    for r in chunk {
                        w.serialize(r)?;
                    }
                    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
                })
                .collect::<std::result::Result<_, csv::Error>>()
                .map_err(csv_err(path))
        })
    }

    /// Flushes the file.
    pub fn finish(mut self) -> Result<()> {
        self.w.flush().map_err(|e| Error::write(self.path, e))
    }
}

/// Most stored entries of `tfidf.mtx` formatted in one chunk (about 1.5 MB of text), so
/// the formatted text in memory stays bounded however long the rows are.
const FORMAT_ENTRIES: usize = 1 << 16;

/// Row spans `(start, end)` of at most [`FORMAT_CHUNK`] rows and, unless a single row
/// holds more, at most [`FORMAT_ENTRIES`] entries, from the CSR row pointers `indptr`.
fn entry_chunks(indptr: &[usize]) -> Vec<(usize, usize)> {
    let rows = indptr.len().saturating_sub(1);
    let mut spans = Vec::new();
    let mut start = 0;
    while start < rows {
        let mut end = start + 1;
        while end < rows
            && end - start < FORMAT_CHUNK
            && indptr[end + 1] - indptr[start] <= FORMAT_ENTRIES
        {
            end += 1;
        }
        spans.push((start, end));
        start = end;
    }
    spans
}

/// `tfidf.mtx`: Matrix Market coordinate format (1-based), loadable with `scipy.io.mmread`.
pub fn write_matrix_market(path: &Path, m: &Matrix) -> Result<()> {
    let f = std::fs::File::create(path).map_err(|e| Error::write(path, e))?;
    let mut w = std::io::BufWriter::with_capacity(1 << 20, f);
    let io = |e| Error::write(path, e);
    writeln!(w, "%%MatrixMarket matrix coordinate real general").map_err(io)?;
    writeln!(
        w,
        "% paratopic TF-IDF: rows = paragraphs.csv rows, columns = vocab.tsv lines"
    )
    .map_err(io)?;
    writeln!(w, "{} {} {}", m.rows(), m.cols(), m.nnz()).map_err(io)?;
    // rows formatted in parallel chunks (fixed by the matrix alone), written in order
    let spans = entry_chunks(m.indptr().raw_storage());
    write_pipelined(path, &mut w, spans.chunks(CHUNKS_IN_FLIGHT), |group| {
        Ok(group
            .par_iter()
            .map(|&(start, end)| {
                let mut b = Vec::new();
                let mut prefix = Vec::new();
                for i in start..end {
                    let row = m.outer_view(i).expect("row in range");
                    prefix.clear();
                    push_decimal(&mut prefix, i + 1);
                    prefix.push(b' ');
                    for (j, &x) in row.iter() {
                        b.extend_from_slice(&prefix);
                        push_decimal(&mut b, j + 1);
                        b.push(b' ');
                        push_exp(&mut b, x);
                        b.push(b'\n');
                    }
                }
                b
            })
            .collect())
    })?;
    w.flush().map_err(io)
}

/// Appends the decimal digits of `n` (what `{}` prints), without the formatting
/// machinery.
fn push_decimal(out: &mut Vec<u8>, mut n: usize) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[at..]);
}

/// Appends `x` as `{:e}` prints it (shortest round-trip digits, `1.25e-1`, `0e0`),
/// with the digits from `ryu`, several times faster than the formatting machinery.
/// Both print the shortest digit string that reads back as `x`, the one closest to
/// `x`; when two are equally close, `{:e}` rounds the tie up and `ryu` to even, so
/// exact ties are detected and rounded up here. Checked against `{:e}` over every
/// finite `f32` by `push_exp_prints_like_lower_exp_for_every_f32` (`--ignored`).
fn push_exp(out: &mut Vec<u8>, x: f32) {
    if !x.is_finite() {
        out.extend_from_slice(format!("{x:e}").as_bytes());
        return;
    }
    if x.is_sign_negative() {
        out.push(b'-');
    }
    let x = x.abs();
    let mut buf = ryu::Buffer::new();
    let s = buf.format_finite(x).as_bytes();
    // ryu prints `123.45`, `0.0012`, `1.5e-7` or `1e16`: collect the significant digits
    // as an integer `d` with `x ≈ d × 10^e`
    let (mantissa, mut e) = match s.iter().position(|&c| c == b'e') {
        Some(at) => {
            let e: i32 = std::str::from_utf8(&s[at + 1..])
                .ok()
                .and_then(|e| e.parse().ok())
                .unwrap_or(0);
            (&s[..at], e)
        }
        None => (s, 0),
    };
    let mut d: u64 = 0;
    let mut after_point = false;
    for &c in mantissa {
        if c == b'.' {
            after_point = true;
        } else {
            d = d * 10 + u64::from(c - b'0');
            if after_point {
                e -= 1;
            }
        }
    }
    if d == 0 {
        out.extend_from_slice(b"0e0");
        return;
    }
    while d.is_multiple_of(10) {
        d /= 10;
        e += 1;
    }
    if is_exact_tie(x, d, e) {
        d += 1;
        while d.is_multiple_of(10) {
            d /= 10;
            e += 1;
        }
    }
    // the digits go straight into `out`, the point after the first one
    let at = out.len();
    push_decimal(out, d as usize);
    let n_digits = out.len() - at;
    if n_digits > 1 {
        out.insert(at + 1, b'.');
    }
    let exp = e + n_digits as i32 - 1;
    out.push(b'e');
    if exp < 0 {
        out.push(b'-');
    }
    push_decimal(out, exp.unsigned_abs() as usize);
}

/// Whether `x` (finite, non-negative) lies exactly halfway between `d × 10^e` and
/// `(d + 1) × 10^e`, i.e. `2x = (2d + 1) × 10^e`, in exact integer arithmetic (no
/// overflow means no tie: a tie needs few significant digits).
fn is_exact_tie(x: f32, d: u64, e: i32) -> bool {
    let bits = x.to_bits();
    let (m, q) = match (bits >> 23) as i32 {
        0 => (u128::from(bits & 0x7f_ffff), -149),
        b => (u128::from((bits & 0x7f_ffff) | 0x80_0000), b - 150),
    };
    // x = m × 2^q, so 2x = m × 2^(q+1)
    let odd = u128::from(2 * d + 1);
    let pow = |base: u128, n: u32| base.checked_pow(n);
    if e >= 0 {
        // m × 2^(q+1) = odd × 10^e
        pow(10, e as u32)
            .and_then(|p| p.checked_mul(odd))
            .is_some_and(|rhs| times_pow2_is(m, q + 1, rhs))
    } else {
        // m × 5^-e × 2^(q+1-e) = odd
        pow(5, (-e) as u32)
            .and_then(|p| p.checked_mul(m))
            .is_some_and(|n| times_pow2_is(n, q + 1 - e, odd))
    }
}

/// Whether `a × 2^shift = b` exactly (a shift past 128 bits, or an overflow, is never
/// equal).
fn times_pow2_is(a: u128, shift: i32, b: u128) -> bool {
    let (small, big, s) = if shift >= 0 {
        (a, b, shift as u32)
    } else {
        (b, a, shift.unsigned_abs())
    };
    // small × 2^s = big
    s < 128
        && small
            .checked_shl(s)
            .is_some_and(|l| l >> s == small && l == big)
}

/// `vocab.tsv`: one term per line in column order: `stem<TAB>word<TAB>df`, no header.
pub fn write_vocab(path: &Path, terms: &[Term]) -> Result<()> {
    let f = std::fs::File::create(path).map_err(|e| Error::write(path, e))?;
    let mut w = std::io::BufWriter::new(f);
    let io = |e| Error::write(path, e);
    for t in terms {
        writeln!(w, "{}\t{}\t{}", t.stem, t.word, t.df).map_err(io)?;
    }
    w.flush().map_err(io)
}

/// Pretty-printed JSON.
pub fn write_json<T: Serialize>(path: &Path, value: &T) -> Result<()> {
    let mut s = serde_json::to_string_pretty(value)
        .map_err(|e| Error::Runtime(format!("cannot encode {}: {e}", path.display())))?;
    s.push('\n');
    std::fs::write(path, s).map_err(|e| Error::write(path, e))
}

#[cfg(test)]
mod tests {
    #[test]
    fn matrix_chunks_bound_rows_and_entries_and_cover_every_row() {
        // rows of 40 000 entries: one or two to a chunk; empty rows up to FORMAT_CHUNK
        let mut indptr = vec![0usize];
        for r in 0..6 {
            indptr.push(indptr[r] + 40_000);
        }
        assert_eq!(
            super::entry_chunks(&indptr),
            [(0, 1), (1, 2), (2, 3), (3, 4), (4, 5), (5, 6)]
        );
        let small: Vec<usize> = (0..=10_000).collect();
        let spans = super::entry_chunks(&small);
        assert_eq!(spans[0], (0, super::FORMAT_CHUNK));
        assert_eq!(spans.last().unwrap().1, 10_000);
        assert!(spans.windows(2).all(|w| w[0].1 == w[1].0));
        assert!(super::entry_chunks(&[0]).is_empty());
    }

    use super::*;

    fn exp_text(x: f32) -> String {
        let mut b = Vec::new();
        push_exp(&mut b, x);
        String::from_utf8(b).unwrap()
    }

    #[test]
    fn push_exp_prints_like_lower_exp() {
        let mut cases = vec![
            0.0f32,
            -0.0,
            1.0,
            -1.0,
            0.1,
            0.5,
            0.123_456_79,
            1e-5,
            9.999e-6,
            1.5e-7,
            123.45,
            1e16,
            3.4e38,
            f32::MAX,
            f32::MIN_POSITIVE,
            1e-45,
            f32::EPSILON,
            7.0e15,
            100.0,
            3_460_691.2,      // exact tie: 3460691.25
            0.000_244_140_63, // 2^-12, an exact tie
            f32::INFINITY,
            f32::NAN,
        ];
        // every TF-IDF-like magnitude, plus a seeded sweep of bit patterns
        let mut bits = 0x2545_f491_u32;
        for _ in 0..200_000 {
            bits ^= bits << 13;
            bits ^= bits >> 17;
            bits ^= bits << 5;
            cases.push(f32::from_bits(bits));
        }
        for x in cases {
            assert_eq!(exp_text(x), format!("{x:e}"), "bits {:#x}", x.to_bits());
        }
    }

    /// Every finite non-negative `f32` (about 2.1 billion; minutes in release):
    /// `cargo test --release --lib push_exp_prints_like_lower_exp_for_every -- --ignored`.
    #[test]
    #[ignore]
    fn push_exp_prints_like_lower_exp_for_every_f32() {
        use rayon::prelude::*;
        let bad = (0u32..0x7f80_0000)
            .into_par_iter()
            .with_min_len(1 << 16)
            .filter(|&bits| {
                let x = f32::from_bits(bits);
                exp_text(x) != format!("{x:e}")
            })
            .count();
        assert_eq!(bad, 0);
    }

    #[test]
    fn push_decimal_prints_like_display() {
        for n in [0, 1, 9, 10, 99, 100, 65_904, 4_294_967_296, usize::MAX] {
            let mut b = Vec::new();
            push_decimal(&mut b, n);
            assert_eq!(String::from_utf8(b).unwrap(), n.to_string());
        }
    }
}
