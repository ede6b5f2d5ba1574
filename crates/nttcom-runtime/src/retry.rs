//! When a failed request is sent again, and after how long.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::{Method, StatusCode};

use crate::quota;
use crate::time::{parse_http_date, until};

/// How a client retries requests that failed in a way worth another try.
///
/// Retried: connection failures and timeouts, answers whose body broke off,
/// and the statuses 408, 429, 502, 503 and 504 (whatever their body), for idempotent methods (GET, HEAD, PUT, DELETE, OPTIONS,
/// TRACE) only, unless [`retry_non_idempotent`](Self::retry_non_idempotent)
/// says otherwise. Waits grow exponentially with random jitter; a
/// `Retry-After` header (seconds or an HTTP date) replaces the computed wait,
/// as does, on a 429 without `Retry-After`, the time until the gateway's
/// `X-Quota-Reset` (see [`Quota`](crate::Quota)). A wait asked by the server
/// that is longer than [`max_retry_after`](Self::max_retry_after) ends the
/// retries at once, handing the answer to the caller. No retry starts once
/// [`max_elapsed`](Self::max_elapsed) would be exceeded.
///
/// ```
/// use std::time::Duration;
/// use nttcom_runtime::RetryPolicy;
///
/// let policy = RetryPolicy::default()
///     .max_attempts(5)
///     .max_elapsed(Duration::from_secs(20))
///     .retry_non_idempotent(true);
/// assert_eq!(policy.attempts(), 5);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    max_elapsed: Duration,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_retry_after: Duration,
    retry_non_idempotent: bool,
}

impl Default for RetryPolicy {
    /// 3 attempts within 60 s, waits from 250 ms up to 8 s, `Retry-After`
    /// and quota resets honoured up to 30 s, idempotent methods only.
    fn default() -> Self {
        Self {
            max_attempts: 3,
            max_elapsed: Duration::from_secs(60),
            initial_backoff: Duration::from_millis(250),
            max_backoff: Duration::from_secs(8),
            max_retry_after: Duration::from_secs(30),
            retry_non_idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// Sends every request once.
    pub fn none() -> Self {
        Self::default().max_attempts(1)
    }

    /// How many times a request may be sent in all, the first time included
    /// (at least 1). A replay after a token renewal does not count.
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// No retry starts when its wait would end later than this after the
    /// first attempt started.
    pub fn max_elapsed(mut self, elapsed: Duration) -> Self {
        self.max_elapsed = elapsed;
        self
    }

    /// The wait before the first retry, doubled for each further one up to
    /// `max`; each wait is then drawn between its half and its whole.
    pub fn backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.initial_backoff = initial;
        self.max_backoff = max.max(initial);
        self
    }

    /// The longest wait the client accepts from a server (`Retry-After`, or
    /// `X-Quota-Reset` on a 429); a server asking for more gets its answer
    /// handed to the caller instead.
    pub fn max_retry_after(mut self, max: Duration) -> Self {
        self.max_retry_after = max;
        self
    }

    /// Also retries POST and PATCH. Only for operations the caller knows to
    /// be safe to repeat: a retried POST may create a resource twice.
    pub fn retry_non_idempotent(mut self, retry: bool) -> Self {
        self.retry_non_idempotent = retry;
        self
    }

    /// How many times a request may be sent in all.
    pub fn attempts(&self) -> u32 {
        self.max_attempts
    }

    pub(crate) fn allows(&self, method: &Method) -> bool {
        let idempotent = matches!(
            *method,
            Method::GET
                | Method::HEAD
                | Method::PUT
                | Method::DELETE
                | Method::OPTIONS
                | Method::TRACE
        );
        idempotent || self.retry_non_idempotent
    }

    /// The wait before retry number `retry` (1 for the first) after `failure`,
    /// or `None` when the request should not be sent again.
    pub(crate) fn wait(
        &self,
        failure: Failure<'_>,
        retry: u32,
        elapsed: Duration,
    ) -> Option<Duration> {
        self.wait_at(failure, retry, elapsed, SystemTime::now())
    }

    /// [`wait`](Self::wait) with the wall clock reading `now`, against which
    /// dates in headers count.
    fn wait_at(
        &self,
        failure: Failure<'_>,
        retry: u32,
        elapsed: Duration,
        now: SystemTime,
    ) -> Option<Duration> {
        if retry >= self.max_attempts {
            return None;
        }
        let asked = match failure {
            Failure::Status(status, headers) if retryable_status(status) => {
                server_wait(status, headers, now)
            }
            Failure::Transport(error) if retryable_error(error) => None,
            _ => return None,
        };
        let wait = match asked {
            Some(wait) if wait > self.max_retry_after => return None,
            Some(wait) => wait,
            None => self.backoff_for(retry),
        };
        (elapsed + wait <= self.max_elapsed).then_some(wait)
    }

    fn backoff_for(&self, retry: u32) -> Duration {
        let doublings = retry.saturating_sub(1).min(30);
        let full = self
            .initial_backoff
            .saturating_mul(1 << doublings)
            .min(self.max_backoff);
        // "Equal jitter": never less than half, so that waits still grow.
        let half = full / 2;
        half + half.mul_f64(random_fraction())
    }
}

/// What went wrong with one attempt.
pub(crate) enum Failure<'a> {
    Status(StatusCode, &'a HeaderMap),
    Transport(&'a reqwest::Error),
}

pub(crate) fn retryable_status(status: StatusCode) -> bool {
    matches!(
        status,
        StatusCode::REQUEST_TIMEOUT
            | StatusCode::TOO_MANY_REQUESTS
            | StatusCode::BAD_GATEWAY
            | StatusCode::SERVICE_UNAVAILABLE
            | StatusCode::GATEWAY_TIMEOUT
    )
}

/// Failures without a complete answer: no connection, a timeout, a
/// connection that broke while the request was sent, or a body that broke
/// off while it was read (the runtime reads bodies inside its retry loop).
/// `OperationError::is_retryable` says the same of the error it returns.
pub(crate) fn retryable_error(error: &reqwest::Error) -> bool {
    error.is_connect()
        || error.is_timeout()
        || error.is_request()
        || error.is_body()
        || error.is_decode()
}

/// How long the server asks the client to wait: `Retry-After`, or for a 429
/// without one, until the gateway's quota resets (`X-Quota-Reset`).
fn server_wait(status: StatusCode, headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    retry_after(headers, now).or_else(|| {
        if status == StatusCode::TOO_MANY_REQUESTS {
            quota::reset_header_after(headers, now)
        } else {
            None
        }
    })
}

/// `Retry-After` as a wait from `now`: delay-seconds or an HTTP date (a date
/// in the past means no wait).
fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    Some(until(parse_http_date(value)?, now))
}

/// A number in `[0, 1)` that differs between calls and processes, from std
/// alone: a randomly keyed hasher fed a counter and the clock.
pub(crate) fn random_fraction() -> f64 {
    static CALLS: AtomicU64 = AtomicU64::new(0);
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u64(CALLS.fetch_add(1, Ordering::Relaxed));
    if let Ok(now) = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH) {
        hasher.write_u128(now.as_nanos());
    }
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use reqwest::header::HeaderValue;

    use super::*;

    fn headers(retry_after: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, HeaderValue::from_str(retry_after).unwrap());
        headers
    }

    #[test]
    fn retry_after_in_seconds_and_as_a_date() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_777);
        assert_eq!(
            retry_after(&headers("7"), now),
            Some(Duration::from_secs(7))
        );
        assert_eq!(
            retry_after(&headers("Sun, 06 Nov 1994 08:50:07 GMT"), now),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            retry_after(&headers("Sun, 06 Nov 1994 08:00:00 GMT"), now),
            Some(Duration::ZERO)
        );
        assert_eq!(retry_after(&headers("soon"), now), None);
        assert_eq!(retry_after(&HeaderMap::new(), now), None);
    }

    #[test]
    fn a_429_without_retry_after_waits_for_the_quota_reset() {
        let policy = RetryPolicy::default().max_retry_after(Duration::from_secs(60));
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_795_374_000);
        let wait = |code: u16, pairs: &[(&'static str, &'static str)]| {
            let headers: HeaderMap = pairs
                .iter()
                .map(|(k, v)| (k.parse().unwrap(), HeaderValue::from_static(v)))
                .collect();
            let status = StatusCode::from_u16(code).unwrap();
            policy.wait_at(Failure::Status(status, &headers), 1, Duration::ZERO, now)
        };
        let secs = |s| Some(Duration::from_secs(s));
        assert_eq!(wait(429, &[("x-quota-reset", "20")]), secs(20));
        assert_eq!(wait(429, &[("x-quota-reset", "1795374045")]), secs(45));
        assert_eq!(wait(429, &[("x-quota-reset", "1795374045000")]), secs(45));
        assert_eq!(
            wait(429, &[("x-quota-reset", "20"), ("retry-after", "3")]),
            secs(3),
            "Retry-After wins"
        );
        // Beyond the cap: the answer goes back to the caller.
        assert_eq!(wait(429, &[("x-quota-reset", "61")]), None);
        assert_eq!(wait(429, &[("x-quota-reset", "1795378000")]), None);
        // Unreadable, or not a 429: the usual backoff (at most 250 ms at first).
        for (code, pairs) in [
            (429, &[("x-quota-reset", "soon")][..]),
            (429, &[][..]),
            (503, &[("x-quota-reset", "20")][..]),
        ] {
            let waited = wait(code, pairs).unwrap();
            assert!(
                waited <= Duration::from_millis(250),
                "{code} {pairs:?}: {waited:?}"
            );
        }
    }

    #[test]
    fn backoff_doubles_within_jitter_and_stops_at_the_cap() {
        let policy = RetryPolicy::default()
            .max_attempts(10)
            .backoff(Duration::from_millis(100), Duration::from_millis(400));
        for (retry, full) in [(1, 100), (2, 200), (3, 400), (4, 400), (9, 400)] {
            let wait = policy.backoff_for(retry);
            let full = Duration::from_millis(full);
            assert!(wait >= full / 2 && wait <= full, "retry {retry}: {wait:?}");
        }
    }

    #[test]
    fn jitter_varies() {
        let draws: std::collections::BTreeSet<u64> =
            (0..20).map(|_| random_fraction().to_bits()).collect();
        assert!(draws.len() > 1);
        assert!(
            (0..1000)
                .map(|_| random_fraction())
                .all(|x| (0.0..1.0).contains(&x))
        );
    }

    #[test]
    fn which_methods_and_statuses_are_retried() {
        let policy = RetryPolicy::default();
        for method in [Method::GET, Method::HEAD, Method::PUT, Method::DELETE] {
            assert!(policy.allows(&method), "{method}");
        }
        assert!(!policy.allows(&Method::POST));
        assert!(!policy.allows(&Method::PATCH));
        assert!(
            policy
                .clone()
                .retry_non_idempotent(true)
                .allows(&Method::POST)
        );

        let none = HeaderMap::new();
        for code in [408, 429, 502, 503, 504] {
            let status = StatusCode::from_u16(code).unwrap();
            assert!(
                policy
                    .wait(Failure::Status(status, &none), 1, Duration::ZERO)
                    .is_some()
            );
        }
        for code in [400, 401, 403, 404, 409, 500, 501] {
            let status = StatusCode::from_u16(code).unwrap();
            assert!(
                policy
                    .wait(Failure::Status(status, &none), 1, Duration::ZERO)
                    .is_none()
            );
        }
    }

    #[test]
    fn bounds_end_the_retries() {
        let policy = RetryPolicy::default()
            .max_attempts(3)
            .max_elapsed(Duration::from_secs(10))
            .max_retry_after(Duration::from_secs(5));
        let busy = StatusCode::SERVICE_UNAVAILABLE;
        let none = HeaderMap::new();
        assert!(
            policy
                .wait(Failure::Status(busy, &none), 2, Duration::ZERO)
                .is_some()
        );
        assert!(
            policy
                .wait(Failure::Status(busy, &none), 3, Duration::ZERO)
                .is_none()
        );
        assert!(
            policy
                .wait(Failure::Status(busy, &none), 1, Duration::from_secs(10))
                .is_none()
        );
        let wait = |value| policy.wait(Failure::Status(busy, &headers(value)), 1, Duration::ZERO);
        assert_eq!(wait("5"), Some(Duration::from_secs(5)));
        assert_eq!(wait("6"), None);
        assert_eq!(
            RetryPolicy::none().wait(Failure::Status(busy, &none), 1, Duration::ZERO),
            None
        );
    }

    #[tokio::test]
    async fn transport_failures_are_retried_only_without_an_answer() {
        let policy = RetryPolicy::default();
        // The runtime's builder: it installs the TLS provider a bare client lacks.
        let client = crate::tls::http_client_builder().build().unwrap();
        // Nothing listens on a port just released: a connect error.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .unwrap()
            .port();
        let refused = client
            .get(format!("http://127.0.0.1:{port}/"))
            .send()
            .await
            .unwrap_err();
        assert!(retryable_error(&refused), "{refused:?}");
        assert!(
            policy
                .wait(Failure::Transport(&refused), 1, Duration::ZERO)
                .is_some()
        );
        // A request that could not be built is the same on every attempt.
        let unbuildable = client
            .get("http://127.0.0.1/")
            .header("x-bad", "line\nbreak")
            .build()
            .unwrap_err();
        assert!(!retryable_error(&unbuildable), "{unbuildable:?}");
        assert!(
            policy
                .wait(Failure::Transport(&unbuildable), 1, Duration::ZERO)
                .is_none()
        );
    }
}
