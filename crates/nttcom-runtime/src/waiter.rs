//! Polling a resource until it settles: the `wait_until_<name>()` builders
//! of generated clients.
//!
//! A [`Waiter`] holds the timing (deadline, intervals, initial delay);
//! [`Waiter::wait`] polls with a closure, asks a classifier what each answer
//! means ([`Settle`]), and ends with the settled answer ([`Settled`]) or a
//! [`WaitError`]. A [`Report`] tells an [`OnPoll`] what each poll saw
//! ([`Polled`]: the state read, the HTTP status), for progress reports.
//!
//! # What a generated waiter emits
//!
//! A spec declares a waiter with `x-waiters` on the GET operation it polls;
//! the generated builder wraps that operation's builder and a `Waiter`,
//! forwards the operation's setters, and turns the declared status field and
//! values into the classifier. Its `send()` returns a `'static` future: it
//! owns a copy of the client and of the parameters, and builds the request
//! again for each poll.
//!
//! ```
//! # use std::time::Duration;
//! # use progenitor_client::ResponseValue;
//! use nttcom_runtime::OperationError as Error;
//! use nttcom_runtime::waiter::{OnPoll, Report, Settle, WaitError, Waiter};
//! # mod types {
//! #     #[derive(Debug)] pub struct ApiError;
//! #     #[derive(Debug)] pub enum OperationStatus { Processing, Completed, Error }
//! #     impl std::fmt::Display for OperationStatus {
//! #         fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { std::fmt::Debug::fmt(self, f) }
//! #     }
//! #     #[derive(Debug)] pub struct Service { pub operation_status: Option<OperationStatus> }
//! #     #[derive(Debug)] pub struct ShowService { pub service: Service }
//! # }
//! # #[derive(Clone)] pub struct Client;
//! # #[derive(Clone)] pub struct GetService<'a> { client: &'a Client, id: Result<String, String> }
//! # impl<'a> GetService<'a> {
//! #     pub fn id(self, _: &str) -> Self { self }
//! #     pub async fn send(self) -> Result<ResponseValue<types::ShowService>, Error<types::ApiError>> {
//! #         unimplemented!()
//! #     }
//! # }
//! type Answer = ResponseValue<types::ShowService>;
//!
//! pub struct WaitUntilServiceCompleted<'a> {
//!     request: GetService<'a>,
//!     waiter: Waiter,
//!     on_poll: Option<OnPoll>,
//! }
//!
//! impl<'a> WaitUntilServiceCompleted<'a> {
//!     // …one forwarding setter per setter of the polled operation:
//!     pub fn id(mut self, value: &str) -> Self {
//!         self.request = self.request.id(value);
//!         self
//!     }
//!
//!     pub fn max_wait(mut self, max_wait: Duration) -> Self {
//!         self.waiter = self.waiter.max_wait(max_wait);
//!         self
//!     }
//!
//!     pub fn send(
//!         self,
//!     ) -> impl Future<Output = Result<Answer, WaitError<Answer, Error<types::ApiError>>>> + use<> {
//!         let Self { request, waiter, on_poll } = self;
//!         let GetService { client, id } = request;
//!         let client = client.clone();
//!         async move {
//!             let report = Report::new(on_poll);
//!             let settled = waiter
//!                 .wait(
//!                     || GetService { client: &client, id: id.clone() }.send(),
//!                     |answer| {
//!                         let state = match answer {
//!                             Ok(response) => response.service.operation_status.as_ref().map(ToString::to_string),
//!                             Err(_) => None,
//!                         };
//!                         report.poll(answer, state.as_deref());
//!                         match (answer, state.as_deref()) {
//!                             (Ok(_), Some("Completed")) => Settle::Done,
//!                             (Ok(_), Some(failed @ "Error")) => Settle::Failed(failed.to_owned()),
//!                             (Ok(_), _) => Settle::Pending,
//!                             // Only `Done` accepts an error: anything else ends the wait with it.
//!                             (Err(_), _) => Settle::Pending,
//!                         }
//!                     },
//!                 )
//!                 .await?;
//!             settled.into_result().map_err(WaitError::Operation)
//!         }
//!     }
//! }
//! ```
//!
//! A waiter whose success is the resource's absence (404 means success)
//! accepts that error, `(Err(e), _) if e.status() == Some(404) => Settle::Done`,
//! and returns `Settled` as it is, or `()`: `.await.map(drop)`.

mod observe;
mod outcome;

use std::future::Future;
use std::time::Duration;

use tokio::time::{Instant, sleep_until};

pub use self::observe::{OnPoll, Polled, Report};
pub use self::outcome::{Settle, Settled, WaitError};
use crate::retry::random_fraction;

/// The longest wait the waiter computes with; longer settings mean "no
/// limit" in practice and are cut to this so that clock arithmetic cannot
/// overflow.
const FOREVER: Duration = Duration::from_secs(30 * 365 * 86_400);

/// The shortest interval between polls, whatever is set.
const MIN_INTERVAL: Duration = Duration::from_millis(1);

/// When to poll and for how long: the timing of a wait.
///
/// The first poll comes after [`initial_delay`](Self::initial_delay) (none
/// by default). Waits between polls start at
/// [`poll_interval`](Self::poll_interval) and double up to
/// [`max_interval`](Self::max_interval); each is drawn at random between its
/// half and its whole, and never shorter than `poll_interval`. The last wait
/// is cut to end at [`max_wait`](Self::max_wait), for one last poll then; a
/// poll under way is not interrupted (the client's own timeouts bound it).
///
/// ```
/// use std::time::Duration;
/// use nttcom_runtime::waiter::Waiter;
///
/// let waiter = Waiter::new()
///     .max_wait(Duration::from_secs(30 * 60))
///     .poll_interval(Duration::from_secs(5))
///     .max_interval(Duration::from_secs(60));
/// assert_ne!(waiter, Waiter::default());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Waiter {
    max_wait: Duration,
    initial_delay: Duration,
    poll_interval: Duration,
    max_interval: Duration,
}

impl Default for Waiter {
    /// Up to 10 minutes, polling at once, then every 2 s growing to 30 s.
    fn default() -> Self {
        Self {
            max_wait: Duration::from_secs(10 * 60),
            initial_delay: Duration::ZERO,
            poll_interval: Duration::from_secs(2),
            max_interval: Duration::from_secs(30),
        }
    }
}

impl Waiter {
    /// The default timing: see [`Waiter::default`].
    pub fn new() -> Self {
        Self::default()
    }

    /// How long to wait in all before giving up with
    /// [`WaitError::TimedOut`].
    pub fn max_wait(mut self, max_wait: Duration) -> Self {
        self.max_wait = max_wait;
        self
    }

    /// How long to wait before the first poll, e.g. for an operation known
    /// to take a while.
    pub fn initial_delay(mut self, delay: Duration) -> Self {
        self.initial_delay = delay;
        self
    }

    /// The wait after the first poll, and the shortest wait between polls
    /// (at least 1 ms).
    pub fn poll_interval(mut self, interval: Duration) -> Self {
        self.poll_interval = interval;
        self
    }

    /// The longest wait between polls (never below `poll_interval`).
    pub fn max_interval(mut self, interval: Duration) -> Self {
        self.max_interval = interval;
        self
    }

    /// Polls until the classifier says the resource settled, or the deadline
    /// passes.
    ///
    /// `poll` sends one request; `classify` says what its answer means
    /// ([`Settle`]). The wait ends with [`Settled::Ready`] (an answer in a
    /// success state), [`Settled::Gone`] (an error accepted as success),
    /// [`WaitError::Failed`] (an answer in a failure state),
    /// [`WaitError::Operation`] (any other error) or
    /// [`WaitError::TimedOut`].
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread", start_paused = true)]
    /// # async fn main() {
    /// use std::time::Duration;
    /// use nttcom_runtime::waiter::{Settle, Settled, Waiter};
    ///
    /// let mut polls = 0;
    /// let settled = Waiter::new()
    ///     .poll_interval(Duration::from_secs(1))
    ///     .wait(
    ///         || {
    ///             polls += 1;
    ///             let status = if polls < 3 { "Processing" } else { "Completed" };
    ///             async move { Ok::<_, std::io::Error>(status) }
    ///         },
    ///         |answer| match answer {
    ///             Ok("Completed") => Settle::Done,
    ///             Ok("Error") => Settle::Failed("Error".into()),
    ///             _ => Settle::Pending,
    ///         },
    ///     )
    ///     .await;
    /// assert!(matches!(settled, Ok(Settled::Ready("Completed"))));
    /// # }
    /// ```
    pub async fn wait<T, E, F, Fut, C>(
        self,
        mut poll: F,
        classify: C,
    ) -> Result<Settled<T, E>, WaitError<T, E>>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T, E>>,
        C: Fn(&Result<T, E>) -> Settle,
    {
        let start = Instant::now();
        let deadline = after(start, self.max_wait);
        let mut intervals = Intervals::new(self.poll_interval, self.max_interval);
        if !self.initial_delay.is_zero() {
            sleep_until(after(start, self.initial_delay).min(deadline)).await;
        }
        loop {
            let answer = poll().await;
            let pending = match (classify(&answer), answer) {
                (Settle::Pending, Ok(answer)) => answer,
                (Settle::Done, Ok(answer)) => return Ok(Settled::Ready(answer)),
                (Settle::Done, Err(error)) => return Ok(Settled::Gone(error)),
                (Settle::Failed(status), Ok(answer)) => {
                    return Err(WaitError::Failed {
                        status,
                        last: answer,
                    });
                }
                (_, Err(error)) => return Err(WaitError::Operation(error)),
            };
            let now = Instant::now();
            if now >= deadline {
                return Err(WaitError::TimedOut {
                    waited: now - start,
                    last: pending,
                });
            }
            let wait = intervals.next(random_fraction());
            tracing::debug!(
                elapsed_ms = (now - start).as_millis() as u64,
                next_poll_ms = wait.as_millis() as u64,
                "resource not settled yet"
            );
            sleep_until(after(now, wait).min(deadline)).await;
        }
    }
}

/// `at + wait`, with waits beyond [`FOREVER`] cut to it.
fn after(at: Instant, wait: Duration) -> Instant {
    at.checked_add(wait.min(FOREVER)).unwrap_or(at)
}

/// The waits between polls: doubling from the poll interval up to the
/// maximum, with "equal jitter" as in the retry policy, but never below the
/// poll interval.
#[derive(Debug)]
struct Intervals {
    shortest: Duration,
    longest: Duration,
    next: Duration,
}

impl Intervals {
    fn new(poll_interval: Duration, max_interval: Duration) -> Self {
        let shortest = poll_interval.clamp(MIN_INTERVAL, FOREVER);
        Self {
            shortest,
            longest: max_interval.clamp(shortest, FOREVER),
            next: shortest,
        }
    }

    /// The next wait, given a random `fraction` in `[0, 1)`.
    fn next(&mut self, fraction: f64) -> Duration {
        let nominal = self.next;
        self.next = nominal.saturating_mul(2).min(self.longest);
        let half = nominal / 2;
        (half + half.mul_f64(fraction.clamp(0.0, 1.0))).max(self.shortest)
    }
}

#[cfg(test)]
mod tests;
