//! What each poll of a wait saw, for whoever reports progress: the
//! generated waiters' `on_poll(…)`.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use progenitor_client::ResponseValue;
use tokio::time::Instant;

use crate::OperationError;

/// What one poll of a waiter saw.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Polled<'a> {
    number: u32,
    elapsed: Duration,
    state: Option<&'a str>,
    status: Option<u16>,
}

impl<'a> Polled<'a> {
    /// 1 for the first poll, then 2, 3, …
    pub fn number(&self) -> u32 {
        self.number
    }

    /// The time since the wait began (its initial delay included).
    pub fn elapsed(&self) -> Duration {
        self.elapsed
    }

    /// The value of the waiter's status field in the answer, e.g.
    /// `Processing`; `None` when the answer has none, or was an error.
    pub fn state(&self) -> Option<&'a str> {
        self.state
    }

    /// The HTTP status of the answer, when one arrived.
    pub fn status(&self) -> Option<u16> {
        self.status
    }
}

/// A function called after each poll (see [`Polled`]).
#[derive(Clone)]
pub struct OnPoll(Arc<dyn Fn(&Polled<'_>) + Send + Sync>);

impl OnPoll {
    pub fn new(observe: impl Fn(&Polled<'_>) + Send + Sync + 'static) -> Self {
        Self(Arc::new(observe))
    }
}

impl fmt::Debug for OnPoll {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("OnPoll(..)")
    }
}

/// Counts the polls of one wait and reports each to its [`OnPoll`], if any;
/// the generated waiters call [`poll`](Self::poll) from their classifier.
#[derive(Debug)]
pub struct Report {
    on_poll: Option<OnPoll>,
    polls: AtomicU32,
    started: Instant,
}

impl Report {
    /// Starts counting; the wait begins now.
    pub fn new(on_poll: Option<OnPoll>) -> Self {
        Self {
            on_poll,
            polls: AtomicU32::new(0),
            started: Instant::now(),
        }
    }

    /// Reports one poll's `answer`, in which the waiter read `state`.
    pub fn poll<T, E>(
        &self,
        answer: &Result<ResponseValue<T>, OperationError<E>>,
        state: Option<&str>,
    ) {
        let number = self.polls.fetch_add(1, Ordering::Relaxed) + 1;
        let Some(on_poll) = &self.on_poll else {
            return;
        };
        let status = match answer {
            Ok(response) => Some(response.status().as_u16()),
            Err(error) => error.status(),
        };
        (on_poll.0)(&Polled {
            number,
            elapsed: self.started.elapsed(),
            state,
            status,
        });
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use reqwest::StatusCode;
    use reqwest::header::HeaderMap;

    use super::*;

    type Seen = Vec<(u32, Option<String>, Option<u16>)>;

    #[tokio::test(start_paused = true)]
    async fn each_poll_is_reported_with_its_number_state_status_and_time() {
        let seen = Arc::new(Mutex::new(Seen::new()));
        let sink = Arc::clone(&seen);
        let report = Report::new(Some(OnPoll::new(move |poll| {
            let state = poll.state().map(str::to_owned);
            let seconds = 3 * u64::from(poll.number());
            assert_eq!(poll.elapsed(), Duration::from_secs(seconds));
            sink.lock()
                .unwrap()
                .push((poll.number(), state, poll.status()));
        })));
        let answer = |status: u16| {
            ResponseValue::new((), StatusCode::from_u16(status).unwrap(), HeaderMap::new())
        };
        tokio::time::advance(Duration::from_secs(3)).await;
        let ok: Result<_, OperationError<()>> = Ok(answer(200));
        report.poll(&ok, Some("Processing"));
        tokio::time::advance(Duration::from_secs(3)).await;
        let missing: Result<ResponseValue<()>, _> = Err(OperationError::ErrorResponse(answer(404)));
        report.poll(&missing, None);
        assert_eq!(
            *seen.lock().unwrap(),
            [
                (1, Some("Processing".to_owned()), Some(200)),
                (2, None, Some(404))
            ]
        );
    }

    #[test]
    fn a_report_shows_whether_it_has_an_observer() {
        let with = format!("{:?}", Report::new(Some(OnPoll::new(|_| {}))));
        assert!(with.contains("on_poll: Some(OnPoll(..))"), "{with}");
        let without = format!("{:?}", Report::new(None));
        assert!(without.contains("on_poll: None"), "{without}");
    }
}
