//! A request that got no complete answer: the transport error, and what the
//! runtime knows about the attempts behind it (how many, how long, under
//! which timeout).
//!
//! Why the attempts travel inside the `reqwest::Error`: generated operations
//! receive [`Runtime::execute`](crate::Runtime::execute)'s result through
//! progenitor's `ClientHooks::exec`, which must return a plain
//! `reqwest::Result`, and turn its error into an [`OperationError`] with `?`.
//! A `reqwest::Error` cannot carry a value of ours, but it carries the URL of
//! the request, and a URL fragment is never sent. `execute` writes the
//! attempts into that fragment ([`attach`]); `From<reqwest::Error>` reads
//! them and takes the fragment away again ([`detach`]), before anyone sees
//! it. (Base URLs take no fragment, so none is overwritten.)
//!
//! [`OperationError`]: crate::OperationError

use std::fmt;
use std::time::Duration;

use reqwest::StatusCode;

/// Marks the fragment as ours.
const MARK: &str = "nttcom-attempts:";

/// What the runtime's retry loop knows about a request that failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Attempts {
    pub count: u32,
    pub elapsed: Duration,
    /// The client's limit for one attempt.
    pub timeout: Duration,
    /// The status of an answer whose body broke off.
    pub status: Option<StatusCode>,
}

/// `error` carrying `attempts` (in its URL's fragment).
pub(crate) fn attach(mut error: reqwest::Error, attempts: &Attempts) -> reqwest::Error {
    if let Some(url) = error.url_mut() {
        url.set_fragment(Some(&format!(
            "{MARK}{},{},{},{}",
            attempts.count,
            attempts.elapsed.as_millis(),
            attempts.timeout.as_millis(),
            attempts.status.map_or(0, |s| s.as_u16()),
        )));
    }
    error
}

/// The attempts [`attach`] put on `error`, taken off it.
pub(crate) fn detach(error: &mut reqwest::Error) -> Option<Attempts> {
    let url = error.url_mut()?;
    let fields = url.fragment()?.strip_prefix(MARK)?.to_owned();
    url.set_fragment(None);
    let mut fields = fields.split(',').map(|f| f.parse::<u64>().ok());
    let mut next = || fields.next().flatten();
    let (count, elapsed, timeout, status) = (next()?, next()?, next()?, next()?);
    Some(Attempts {
        count: u32::try_from(count).ok()?,
        elapsed: Duration::from_millis(elapsed),
        timeout: Duration::from_millis(timeout),
        status: u16::try_from(status)
            .ok()
            .and_then(|s| StatusCode::from_u16(s).ok()),
    })
}

/// A request that got no complete answer: no connection, a timeout, a
/// connection that broke, or a body cut short. It derefs to the
/// `reqwest::Error` (`is_connect()`, `is_timeout()`, `url()`, …).
///
/// Its `Display` says what happened and, for a request the client sent,
/// after how many attempts and how long: "timed out (no complete answer
/// within 30 s, the limit of one attempt) after 3 attempts in 92.4 s: …".
pub struct TransportError {
    error: reqwest::Error,
    attempts: Option<Attempts>,
}

impl TransportError {
    pub(crate) fn new(mut error: reqwest::Error) -> Self {
        let attempts = detach(&mut error);
        Self { error, attempts }
    }

    /// The `reqwest` error itself.
    pub fn error(&self) -> &reqwest::Error {
        &self.error
    }

    pub fn into_inner(self) -> reqwest::Error {
        self.error
    }

    /// How many times the request was sent, when the client sent it.
    pub fn attempts(&self) -> Option<u32> {
        self.attempts.map(|a| a.count)
    }

    /// How long the attempts took in all, when the client sent the request.
    pub fn elapsed(&self) -> Option<Duration> {
        self.attempts.map(|a| a.elapsed)
    }

    /// The limit of one attempt ([`ClientBuilder::timeout`](crate::ClientBuilder::timeout)).
    pub fn timeout(&self) -> Option<Duration> {
        self.attempts.map(|a| a.timeout)
    }

    /// The status of an answer whose body broke off.
    pub fn status(&self) -> Option<StatusCode> {
        self.attempts
            .and_then(|a| a.status)
            .or_else(|| self.error.status())
    }

    /// Whether the request, or reading its answer, ran out of time.
    pub fn is_timeout(&self) -> bool {
        self.error.is_timeout()
    }
}

impl std::ops::Deref for TransportError {
    type Target = reqwest::Error;

    fn deref(&self) -> &reqwest::Error {
        &self.error
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.is_timeout(), self.attempts) {
            (true, Some(a)) => write!(
                f,
                "timed out (no complete answer within {}, the limit of one attempt) after {} in {}",
                seconds(a.timeout),
                count(a.count),
                seconds(a.elapsed)
            )?,
            (true, None) => f.write_str("timed out")?,
            (false, Some(a)) => write!(
                f,
                "failed after {} in {}",
                count(a.count),
                seconds(a.elapsed)
            )?,
            (false, None) => f.write_str("failed")?,
        }
        write!(f, ": {}", chain(&self.error))
    }
}

impl fmt::Debug for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TransportError")
            .field("error", &self.error)
            .field("attempts", &self.attempts())
            .field("elapsed", &self.elapsed())
            .field("timeout", &self.timeout())
            .finish()
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.error)
    }
}

fn count(attempts: u32) -> String {
    match attempts {
        1 => "1 attempt".to_owned(),
        n => format!("{n} attempts"),
    }
}

fn seconds(duration: Duration) -> String {
    format!("{:.1} s", duration.as_secs_f64())
}

/// An error and its causes on one line ("error sending request: connection refused").
pub(crate) fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause = cause.to_string();
        if !text.contains(&cause) {
            text.push_str(": ");
            text.push_str(&cause);
        }
        source = source.and_then(std::error::Error::source);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A real `reqwest::Error` with a URL: a refused connection.
    async fn refused() -> reqwest::Error {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        reqwest::get(format!("http://127.0.0.1:{port}/x"))
            .await
            .unwrap_err()
    }

    #[tokio::test]
    async fn attempts_travel_in_the_error_and_leave_no_trace() {
        let attempts = Attempts {
            count: 3,
            elapsed: Duration::from_millis(92_400),
            timeout: Duration::from_secs(30),
            status: Some(StatusCode::OK),
        };
        let error = TransportError::new(attach(refused().await, &attempts));
        assert_eq!(error.attempts, Some(attempts));
        assert_eq!(error.url().unwrap().fragment(), None, "the mark is gone");
        let text = error.to_string();
        assert!(
            text.starts_with("failed after 3 attempts in 92.4 s: error sending request"),
            "{text}"
        );
        assert!(!text.contains(MARK), "{text}");
        let plain = TransportError::new(refused().await);
        assert_eq!(plain.attempts(), None);
        assert!(plain.to_string().starts_with("failed: "), "{plain}");
    }
}
