//! A request that got no complete answer: the transport error, and what the
//! runtime knows about the attempts behind it (how many, how long, under
//! which timeout). [`Runtime::send`](crate::Runtime::send) returns it with
//! the attempts it made.

use std::fmt;
use std::time::Duration;

use reqwest::StatusCode;

/// What the runtime's retry loop knows about a request that failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Attempts {
    pub count: u32,
    pub elapsed: Duration,
    /// The limit of one attempt: the call's, or the client's.
    pub timeout: Duration,
    /// The status of an answer whose body broke off.
    pub status: Option<StatusCode>,
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
    /// A request that could not be built, or an answer read outside the
    /// runtime: nothing is known of attempts.
    pub(crate) fn new(error: reqwest::Error) -> Self {
        Self {
            error,
            attempts: None,
        }
    }

    /// The error that ended the runtime's `attempts`.
    pub(crate) fn after(error: reqwest::Error, attempts: Attempts) -> Self {
        Self {
            error,
            attempts: Some(attempts),
        }
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

    /// The limit of one attempt: the call's own `.timeout(…)`, else the
    /// client's ([`ClientBuilder::timeout`](crate::ClientBuilder::timeout)).
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
        // The runtime's builder: it installs the TLS provider a bare client lacks.
        crate::tls::http_client_builder()
            .build()
            .unwrap()
            .get(format!("http://127.0.0.1:{port}/x"))
            .send()
            .await
            .unwrap_err()
    }

    #[tokio::test]
    async fn the_message_says_how_many_attempts_and_how_long() {
        let attempts = Attempts {
            count: 3,
            elapsed: Duration::from_millis(92_400),
            timeout: Duration::from_secs(30),
            status: Some(StatusCode::BAD_GATEWAY),
        };
        let error = TransportError::after(refused().await, attempts);
        assert_eq!(error.attempts(), Some(3));
        assert_eq!(error.elapsed(), Some(Duration::from_millis(92_400)));
        assert_eq!(error.timeout(), Some(Duration::from_secs(30)));
        let shown = format!("{error:?}");
        assert!(shown.starts_with("TransportError { error: "), "{shown}");
        assert!(shown.contains("attempts: Some(3)"), "{shown}");
        assert_eq!(error.status(), Some(StatusCode::BAD_GATEWAY));
        let text = error.to_string();
        assert!(
            text.starts_with("failed after 3 attempts in 92.4 s: error sending request"),
            "{text}"
        );
        let cause = std::error::Error::source(&error).expect("the reqwest error is the source");
        assert!(
            cause.to_string().starts_with("error sending request"),
            "{cause}"
        );
        let plain = TransportError::new(refused().await);
        assert_eq!((plain.attempts(), plain.elapsed()), (None, None));
        assert_eq!(plain.status(), None);
        assert!(plain.to_string().starts_with("failed: "), "{plain}");
    }

    /// An error with a message and, optionally, a cause.
    #[derive(Debug)]
    struct Failing(&'static str, Option<Box<Failing>>);

    impl fmt::Display for Failing {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.0)
        }
    }

    impl std::error::Error for Failing {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            self.1.as_deref().map(|e| e as _)
        }
    }

    #[test]
    fn a_chain_adds_each_cause_its_error_does_not_already_say() {
        let refused = || Some(Box::new(Failing("connection refused", None)));
        let error = Failing("error sending request", refused());
        assert_eq!(chain(&error), "error sending request: connection refused");
        let error = Failing("error sending request: connection refused", refused());
        assert_eq!(chain(&error), "error sending request: connection refused");
    }
}
