//! The progress line on stderr for `--all` (pages and items) and `--wait`
//! (polls and the last state seen: the write's answer's, then each poll's). Drawn only when stderr is a terminal,
//! and not with `--verbose` (whose lines it would overwrite); stdout never
//! sees it.

use std::io::Write;
use std::sync::Mutex;
use std::time::Instant;

/// Shared between the command and the tracing layer, which reports each
/// request the runtime finishes.
pub struct Progress {
    enabled: bool,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    requests: u64,
    items: u64,
    last_status: Option<u64>,
    waiting: Option<Waiting>,
    drawn: bool,
}

struct Waiting {
    name: &'static str,
    started: Instant,
    state: Option<String>,
}

impl Progress {
    pub fn new(enabled: bool) -> Self {
        Self {
            enabled,
            state: Mutex::new(State::default()),
        }
    }

    pub fn enabled(&self) -> bool {
        self.enabled
    }

    /// The runtime finished a request (one page, one poll).
    pub fn request_done(&self, status: Option<u64>) {
        self.update(|state| {
            state.requests += 1;
            state.last_status = status;
        });
    }

    /// A walk read one more item.
    pub fn item(&self) {
        self.update(|state| state.items += 1);
    }

    /// A poll of the wait saw `state` (the waiter's `on_poll`).
    pub fn polled(&self, state: Option<&str>) {
        self.update(|s| {
            if let (Some(wait), Some(state)) = (&mut s.waiting, state) {
                wait.state = Some(state.to_owned());
            }
        });
    }

    /// A wait starts, after the write answered in `state`.
    pub fn waiting(&self, name: &'static str, state: Option<String>) {
        self.update(|s| {
            s.requests = 0;
            s.waiting = Some(Waiting {
                name,
                started: Instant::now(),
                state,
            });
        });
    }

    /// Ends the line, leaving the last figures on screen.
    pub fn finish(&self) {
        if !self.enabled {
            return;
        }
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        if state.drawn {
            eprintln!();
            state.drawn = false;
        }
    }

    fn update(&self, change: impl FnOnce(&mut State)) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        change(&mut state);
        if !self.enabled {
            return;
        }
        let line = match &state.waiting {
            Some(wait) => format!(
                "nttcom: waiting for {} (last state {}): {} poll{}, last HTTP {}, {} s",
                wait.name,
                wait.state.as_deref().unwrap_or("state unknown"),
                state.requests,
                if state.requests == 1 { "" } else { "s" },
                state.last_status.map_or("-".to_owned(), |s| s.to_string()),
                wait.started.elapsed().as_secs()
            ),
            None => format!(
                "nttcom: {} page{}, {} item{}",
                state.requests,
                if state.requests == 1 { "" } else { "s" },
                state.items,
                if state.items == 1 { "" } else { "s" }
            ),
        };
        let mut err = std::io::stderr().lock();
        // `\r` and clear-to-end-of-line redraw the same line.
        let _ = write!(err, "\r{line}\x1b[K");
        let _ = err.flush();
        state.drawn = true;
    }
}
