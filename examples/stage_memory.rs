//! Time and heap per pipeline stage, measured by a counting global allocator.
//!
//! ```sh
//! cargo run --release --example stage_memory -- CORPUS_DIR [K] [LAST_STAGE]
//! cargo run --release --example stage_memory -- benches/compare/work/30M/text 20 lsa
//! ```
//!
//! Stages, in order: `corpus+text` (`corpus::stream` feeding a `text::TextAccumulator`,
//! as `paratopic run` does; LAST_STAGE `corpus` reads without analyzing), `finish`
//! (`TextAccumulator::finish`, LAST_STAGE `text`), `vectorize`,
//! `lsa` (`cluster::embed`), `kmeans` (`cluster::partition`, k = K, default 20),
//! `project` (`cluster::project_2d`). LAST_STAGE stops early. For each stage: wall
//! seconds, the heap's peak during the stage, the heap still live after it, and the
//! process's RSS after it (RSS also counts freed memory the allocator kept).

use paratopic::cluster::{self, ClusterConfig, TopicCount};
use paratopic::corpus::{self, InputConfig, SegmentConfig};
use paratopic::text::{PreprocessConfig, TextAccumulator};
use paratopic::vectorize::{self, VectorizeConfig};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grow(n: usize) {
    let now = LIVE.fetch_add(n, Ordering::Relaxed) + n;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grow(layout.size());
        }
        p
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            grow(layout.size());
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
            grow(new_size);
        }
        p
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn mb(bytes: usize) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

fn rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

struct Stage {
    start: Instant,
}

impl Stage {
    fn begin() -> Stage {
        PEAK.store(LIVE.load(Ordering::Relaxed), Ordering::Relaxed);
        Stage {
            start: Instant::now(),
        }
    }
    fn end(self, name: &str, note: String) {
        println!(
            "{name:<10} {:>9.2} {:>14.0} {:>14.0} {:>10.0}  {note}",
            self.start.elapsed().as_secs_f64(),
            mb(PEAK.load(Ordering::Relaxed)),
            mb(LIVE.load(Ordering::Relaxed)),
            rss_mb()
        );
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dir) = args.first() else {
        eprintln!("usage: stage_memory CORPUS_DIR [K] [LAST_STAGE]");
        std::process::exit(2);
    };
    let k: usize = args.get(1).map_or(Ok(20), |s| s.parse())?;
    let last = args.get(2).map_or("project", String::as_str);
    println!(
        "{:<10} {:>9} {:>14} {:>14} {:>10}  note",
        "stage", "seconds", "heap peak MB", "heap after MB", "RSS MB"
    );

    let s = Stage::begin();
    let input = InputConfig {
        paths: vec![dir.into()],
        ..Default::default()
    };
    // corpus and text fused, as in `paratopic run`: batches of files are read, split
    // and analyzed, then their text is dropped
    let mut acc = TextAccumulator::new(&PreprocessConfig::default()).map_err(|e| e.to_string())?;
    let mut text_bytes = 0;
    let corpus = corpus::stream(&input, &SegmentConfig::default(), |texts| {
        text_bytes += texts.iter().map(|t| t.len()).sum::<usize>();
        if last != "corpus" {
            acc.add(texts);
        }
        Ok(())
    })?;
    s.end(
        "corpus+text",
        format!(
            "{} documents, {} units, {:.0} MB of unit text; {:.2}s reading, {:.2}s analyzing",
            corpus.documents.len(),
            corpus.units.len(),
            mb(text_bytes),
            corpus.read_seconds,
            corpus.sink_seconds
        ),
    );
    if last == "corpus" {
        return Ok(());
    }

    let s = Stage::begin();
    let analyzed = acc.finish();
    paratopic::pipeline::release_freed_memory();
    s.end(
        "finish",
        format!(
            "{} tokens, {} stems",
            analyzed.tokens.len(),
            analyzed.lexicon.stems.len()
        ),
    );
    if last == "text" {
        return Ok(());
    }

    let s = Stage::begin();
    let tfidf = vectorize::vectorize(&analyzed, &VectorizeConfig::default())?;
    drop(analyzed);
    paratopic::pipeline::release_freed_memory();
    s.end(
        "vectorize",
        format!(
            "{} × {}, {} non-zeros",
            tfidf.matrix.rows(),
            tfidf.matrix.cols(),
            tfidf.matrix.nnz()
        ),
    );
    if last == "vectorize" {
        return Ok(());
    }

    let cfg = ClusterConfig {
        k: TopicCount::Fixed(k),
        ..Default::default()
    };
    let s = Stage::begin();
    let embedding = cluster::embed(&tfidf.matrix, &cfg)?;
    s.end(
        "lsa",
        format!(
            "{} dims fitted on {} of {} rows",
            embedding.dims(),
            embedding.rows.len(),
            embedding.n_rows
        ),
    );
    if last == "lsa" {
        return Ok(());
    }

    let s = Stage::begin();
    let clustering = cluster::partition(&embedding, &tfidf.matrix, &tfidf.counts(), k, &cfg)?;
    s.end(
        "kmeans",
        format!(
            "k = {k}, fitted on {} rows, inertia {:.4}",
            clustering.fitted_rows, clustering.inertia
        ),
    );
    if last == "kmeans" {
        return Ok(());
    }

    let s = Stage::begin();
    let points = cluster::project_2d(&embedding.coords)?;
    s.end("project", format!("{} points", points.nrows()));
    Ok(())
}
