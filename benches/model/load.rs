//! Times `TopicModel::load` alone (no corpus reading, no output writing).
//!
//! `cargo run --release --example model_load -- MODEL_DIR [REPEATS]` loads the model
//! folder REPEATS times (default 7) in one process and prints each load's wall time,
//! then min and median, in seconds; and, for the split, the time to parse `model.json`
//! into a `serde_json::Value` alone. See `benches/model/README.md`.

use paratopic::model::TopicModel;
use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next().map(PathBuf::from) else {
        eprintln!("usage: model_load MODEL_DIR [REPEATS]");
        std::process::exit(2);
    };
    let repeats: usize = args
        .next()
        .map_or(7, |n| n.parse().expect("REPEATS: a number"));
    let mut times = Vec::with_capacity(repeats);
    for _ in 0..repeats {
        let start = Instant::now();
        let model = TopicModel::load(&dir).unwrap_or_else(|e| {
            eprintln!("{e}");
            std::process::exit(1)
        });
        times.push(start.elapsed().as_secs_f64());
        std::hint::black_box(model);
    }
    report("load", &mut times);
    let json = if dir.join("model.json").is_file() {
        dir.join("model.json")
    } else {
        dir.join("model").join("model.json")
    };
    let mut parse = Vec::with_capacity(repeats);
    for _ in 0..repeats {
        let start = Instant::now();
        let text = std::fs::read_to_string(&json).expect("model.json readable");
        let value: serde_json::Value = serde_json::from_str(&text).expect("model.json is JSON");
        parse.push(start.elapsed().as_secs_f64());
        std::hint::black_box(value);
    }
    report("model.json read+parse", &mut parse);
}

/// Prints every time, then min and median.
fn report(what: &str, times: &mut [f64]) {
    let list: Vec<String> = times.iter().map(|t| format!("{t:.3}")).collect();
    times.sort_by(f64::total_cmp);
    println!(
        "{what}: min {:.3} s, median {:.3} s (runs: {})",
        times[0],
        times[times.len() / 2],
        list.join(" ")
    );
}
