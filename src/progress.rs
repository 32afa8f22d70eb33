//! Progress, notes and warnings on stderr ([`Reporter`]), as contracts §5 says: results
//! go to stdout (the commands print them), everything else here.
//!
//! Stage messages on stderr. [`StageLog::line`] prints the pipeline's one-line stage
//! summaries. When stderr is a terminal, a stage still running after a second also gets
//! a live indicatif spinner with its name and elapsed time, cleared when it ends; when
//! stderr is a file or a pipe, only the plain lines are written. Quiet logs print nothing.

use crate::notice::{Event, Level, Summariser};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Stages in the order the pipeline runs them, each with what runs after it is logged.
const NEXT: [(&str, &str); 7] = [
    ("config", "corpus: reading documents"),
    ("corpus", "text: tokenizing and stemming"),
    ("text", "vectorize: TF-IDF"),
    ("vectorize", "cluster: LSA and k-means"),
    ("cluster", "topics: describing topics"),
    ("topics", "charts: drawing"),
    ("charts", "write: CSV, matrix, report"),
];

/// A spinner shown only once its stage has run for this long.
const DELAY: Duration = Duration::from_secs(1);

struct Stage {
    bar: ProgressBar,
    started: Instant,
    shown: bool,
}

/// The running stage, a stop flag and the thread that shows the spinner.
type Live = (Arc<Mutex<Option<Stage>>>, Arc<AtomicBool>, JoinHandle<()>);

/// Where the stage lines go; see the module documentation.
pub struct StageLog {
    quiet: bool,
    live: Option<Live>,
}

impl StageLog {
    /// A log on stderr: nothing if `quiet`; spinners if stderr is a terminal.
    pub fn new(quiet: bool) -> StageLog {
        let live = (!quiet && std::io::stderr().is_terminal()).then(|| {
            let stage: Arc<Mutex<Option<Stage>>> = Arc::new(Mutex::new(None));
            let stop = Arc::new(AtomicBool::new(false));
            let (s, st) = (stage.clone(), stop.clone());
            let handle = std::thread::spawn(move || {
                while !st.load(Ordering::Relaxed) {
                    std::thread::sleep(Duration::from_millis(100));
                    if let Some(cur) = s.lock().unwrap_or_else(|e| e.into_inner()).as_mut() {
                        if !cur.shown && cur.started.elapsed() >= DELAY {
                            cur.bar.set_draw_target(ProgressDrawTarget::stderr());
                            cur.bar.enable_steady_tick(Duration::from_millis(120));
                            cur.shown = true;
                        }
                    }
                }
            });
            (stage, stop, handle)
        });
        StageLog { quiet, live }
    }

    /// Prints one stage line, and starts the spinner of the stage that follows it.
    pub fn line(&mut self, line: &str) {
        if self.quiet {
            return;
        }
        let Some((stage, _, _)) = &self.live else {
            eprintln!("{line}");
            return;
        };
        let mut cur = stage.lock().unwrap_or_else(|e| e.into_inner());
        let running = cur.take();
        let next = line.split_whitespace().next().and_then(|w| {
            NEXT.iter()
                .find(|(done, _)| *done == w)
                .map(|(_, next)| next.to_string())
        });
        let (label, started) = match (next, &running) {
            (Some(n), _) => (n, Instant::now()),
            (None, Some(r)) => (r.bar.prefix(), r.started), // a warning: same stage
            (None, None) => ("working".to_string(), Instant::now()),
        };
        if let Some(r) = running {
            r.bar.finish_and_clear();
        }
        eprintln!("{line}");
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        if let Ok(style) = ProgressStyle::with_template("{spinner} {prefix} … {elapsed}") {
            bar.set_style(style);
        }
        bar.set_prefix(label);
        *cur = Some(Stage {
            bar,
            started,
            shown: false,
        });
    }

    /// Clears any spinner; call before printing the final summary.
    pub fn finish(&mut self) {
        if let Some((stage, stop, handle)) = self.live.take() {
            stop.store(true, Ordering::Relaxed);
            let _ = handle.join();
            if let Some(r) = stage.lock().unwrap_or_else(|e| e.into_inner()).take() {
                r.bar.finish_and_clear();
            }
        }
    }
}

impl Drop for StageLog {
    fn drop(&mut self) {
        self.finish();
    }
}

/// Where a command's [`Event`]s go: progress lines and notes on stderr unless quiet;
/// warnings (data skipped or altered) on stderr always. Of each kind of notice the first
/// five are shown, then one `… and N more` line at [`Reporter::finish`].
pub struct Reporter {
    stages: StageLog,
    quiet: bool,
    summary: Summariser,
}

impl Reporter {
    /// A reporter on stderr; `quiet` hides progress and notes, never warnings.
    pub fn new(quiet: bool) -> Reporter {
        Reporter {
            stages: StageLog::new(quiet),
            quiet,
            summary: Summariser::default(),
        }
    }

    /// Shows one event.
    pub fn event(&mut self, event: Event) {
        match event {
            Event::Progress(line) => self.stages.line(line),
            Event::Notice(n) => {
                if self.summary.show(n) && (n.is_warning() || !self.quiet) {
                    self.message(&n.to_string());
                }
            }
        }
    }

    /// A line shown whatever `quiet` says (spinner-aware).
    fn message(&mut self, line: &str) {
        if self.quiet {
            eprintln!("{line}");
        } else {
            self.stages.line(line);
        }
    }

    /// Clears the spinner and prints the `… and N more` lines.
    pub fn finish(&mut self) {
        self.stages.finish();
        for (level, line) in self.summary.finish() {
            if level == Level::Warning || !self.quiet {
                eprintln!("{line}");
            }
        }
    }
}
