//! SIGTERM and Ctrl-C: stop the run, remove the staging folders, keep `output.dir`.

use crate::error::Result;

/// Exit code of a run stopped by signal `sig`: 128 + its number (130 for Ctrl-C,
/// 143 for SIGTERM), as shells report it.
#[cfg(unix)]
fn signal_exit_code(sig: i32) -> i32 {
    128 + sig
}

/// Makes SIGTERM and SIGINT (Ctrl-C) stop the process cleanly: every staging folder is
/// removed, so `output.dir` keeps its previous contents, and the process exits with
/// code 143 (SIGTERM) or 130 (SIGINT). A commit in progress finishes first. A second
/// signal exits at once.
///
/// For the command line only: a library caller keeps its own signal handling.
/// Installing twice is harmless.
#[cfg(unix)]
pub fn install_signal_handlers() -> Result<()> {
    use std::sync::OnceLock;
    static INSTALLED: OnceLock<std::result::Result<(), String>> = OnceLock::new();
    INSTALLED
        .get_or_init(|| install().map_err(|e| e.to_string()))
        .clone()
        .map_err(|e| crate::Error::Runtime(format!("cannot install the signal handlers: {e}")))
}

#[cfg(unix)]
fn install() -> std::io::Result<()> {
    use signal_hook::consts::{SIGINT, SIGTERM};
    use signal_hook::flag;
    use signal_hook::iterator::Signals;
    use std::sync::atomic::AtomicBool;
    use std::sync::Arc;

    let second = Arc::new(AtomicBool::new(false));
    for sig in [SIGINT, SIGTERM] {
        // order matters: the shutdown checks the flag before the first signal sets it
        flag::register_conditional_shutdown(sig, signal_exit_code(sig), Arc::clone(&second))?;
        flag::register(sig, Arc::clone(&second))?;
    }
    let mut signals = Signals::new([SIGINT, SIGTERM])?;
    std::thread::Builder::new()
        .name("paratopic-signals".into())
        .spawn(move || {
            if let Some(sig) = signals.forever().next() {
                stop(sig);
            }
        })?;
    Ok(())
}

/// Removes the staging folders and exits, holding the registry lock so no commit starts.
#[cfg(unix)]
fn stop(sig: i32) -> ! {
    let name = match sig {
        signal_hook::consts::SIGINT => "SIGINT (Ctrl-C)",
        signal_hook::consts::SIGTERM => "SIGTERM",
        _ => "a signal",
    };
    let (_locked, abandoned) = super::staging::abandon_all();
    for a in &abandoned {
        eprintln!(
            "interrupted by {name}: {} left as it was, partial results removed",
            a.target.display()
        );
    }
    if abandoned.is_empty() {
        eprintln!("interrupted by {name}");
    }
    std::process::exit(signal_exit_code(sig))
}

/// Without Unix signals there is nothing to install.
#[cfg(not(unix))]
pub fn install_signal_handlers() -> Result<()> {
    Ok(())
}
