//! The request quota the API gateways report when they answer 429.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use reqwest::header::{HeaderMap, HeaderValue};

use crate::time::{parse_http_date, parse_rfc3339, until};

const ALLOWED: &str = "x-quota-allowed";
const AVAILABLE: &str = "x-quota-available";
pub(crate) const RESET: &str = "x-quota-reset";

/// Below this a plain number is a delay in seconds: 10⁹ s is over 31 years,
/// and as Unix time it is 2001-09-09, before any answer this crate can get.
const EPOCH_SECONDS_FROM: f64 = 1e9;
/// From here on a plain number is Unix time in milliseconds: 10¹² s is in
/// the year 33658, but 10¹² ms is 2001-09-09.
const EPOCH_MILLIS_FROM: f64 = 1e12;

/// The request quota an API gateway reports with a 429 answer, from its
/// `X-Quota-Allowed`, `X-Quota-Available` and `X-Quota-Reset` headers.
///
/// A field is `None` when its header is missing or not a number; `reset`
/// keeps the header's text as sent. The gateways do not document the format
/// of `X-Quota-Reset`, so [`reset_after`](Self::reset_after) reads it by its
/// shape:
///
/// | `X-Quota-Reset` | Read as |
/// |---|---|
/// | a number below 10⁹ (`30`, `1.5`) | seconds from now |
/// | a number from 10⁹ below 10¹² (`1795374000`) | Unix time in seconds |
/// | a number from 10¹² (`1795374000000`) | Unix time in milliseconds |
/// | an HTTP-date (`Sun, 22 Nov 2026 19:00:00 GMT`) | that instant |
/// | an RFC 3339 date-time (`2026-11-22T19:00:00Z`) | that instant |
///
/// ```
/// use std::time::{Duration, SystemTime};
/// use nttcom_runtime::Quota;
/// use reqwest::header::{HeaderMap, HeaderValue};
///
/// let mut headers = HeaderMap::new();
/// headers.insert("x-quota-allowed", HeaderValue::from_static("1000"));
/// headers.insert("x-quota-available", HeaderValue::from_static("0"));
/// headers.insert("x-quota-reset", HeaderValue::from_static("42"));
/// let quota = Quota::from_headers(&headers).unwrap();
/// assert_eq!((quota.allowed, quota.available), (Some(1000), Some(0)));
/// assert_eq!(quota.reset_after(SystemTime::now()), Some(Duration::from_secs(42)));
/// assert_eq!(Quota::from_headers(&HeaderMap::new()), None);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Quota {
    /// Requests allowed per quota period.
    pub allowed: Option<u64>,
    /// Requests left in the current period.
    pub available: Option<u64>,
    /// When the period ends, as the gateway wrote it.
    pub reset: Option<String>,
}

impl Quota {
    /// The quota in `headers`, or `None` when none of the three headers is
    /// there.
    pub fn from_headers(headers: &HeaderMap) -> Option<Quota> {
        let count = |name| headers.get(name).and_then(text)?.parse().ok();
        let reset = headers
            .get(RESET)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).trim().to_owned());
        let quota = Quota {
            allowed: count(ALLOWED),
            available: count(AVAILABLE),
            reset,
        };
        let present = [ALLOWED, AVAILABLE, RESET]
            .iter()
            .any(|name| headers.contains_key(*name));
        present.then_some(quota)
    }

    /// How long after `now` the quota resets: zero for a past instant,
    /// `None` without a readable `reset` (see the table above).
    pub fn reset_after(&self, now: SystemTime) -> Option<Duration> {
        reset_after(self.reset.as_deref()?, now)
    }
}

/// The `X-Quota-Reset` of `headers` as a wait from `now`.
pub(crate) fn reset_header_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    reset_after(headers.get(RESET).and_then(text)?, now)
}

fn text(value: &HeaderValue) -> Option<&str> {
    value.to_str().ok().map(str::trim)
}

fn reset_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    // Digits with at most one dot: `f64::from_str` alone would also take
    // signs, exponents, `inf` and `NaN`.
    let numeric = !value.is_empty()
        && value.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && value.bytes().filter(|b| *b == b'.').count() <= 1;
    if numeric {
        let number: f64 = value.parse().ok()?;
        let at = if number >= EPOCH_MILLIS_FROM {
            number / 1000.0
        } else if number >= EPOCH_SECONDS_FROM {
            number
        } else {
            return Duration::try_from_secs_f64(number).ok();
        };
        let at = UNIX_EPOCH.checked_add(Duration::try_from_secs_f64(at).ok()?)?;
        return Some(until(at, now));
    }
    let at = parse_http_date(value).or_else(|| parse_rfc3339(value))?;
    Some(until(at, now))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2026-11-22T19:00:00Z.
    const AT: u64 = 1_795_374_000;

    fn now() -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(AT - 90)
    }

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(k, v)| (k.parse().unwrap(), HeaderValue::from_static(v)))
            .collect()
    }

    #[test]
    fn reset_is_read_by_its_shape() {
        let ninety = Some(Duration::from_secs(90));
        for value in [
            "90",
            " 90 ",
            "1795374000",
            "1795374000000",
            "Sun, 22 Nov 2026 19:00:00 GMT",
            "2026-11-22T19:00:00Z",
            "2026-11-23T04:00:00+09:00",
        ] {
            assert_eq!(reset_after(value, now()), ninety, "{value}");
        }
        assert_eq!(reset_after("0", now()), Some(Duration::ZERO));
        assert_eq!(reset_after("1.5", now()), Some(Duration::from_millis(1500)));
        assert_eq!(
            reset_after("1795373910.25", now()),
            Some(Duration::from_millis(250))
        );
        assert_eq!(
            reset_after("999999999", now()),
            Some(Duration::from_secs(999_999_999)),
            "just below 10⁹ is still a delay"
        );
    }

    #[test]
    fn a_past_reset_means_no_wait() {
        for value in ["1000000000", "1000000000000", "2001-09-09T01:46:40Z"] {
            assert_eq!(reset_after(value, now()), Some(Duration::ZERO), "{value}");
        }
    }

    #[test]
    fn unreadable_resets_are_none_and_never_panic() {
        for value in [
            "",
            ".",
            "1.2.3",
            "-5",
            "+5",
            "1e3",
            "inf",
            "NaN",
            "soon",
            "99999999999999999999999999999999999999999",
            "２",
        ] {
            assert_eq!(reset_after(value, now()), None, "{value}");
        }
    }

    #[test]
    fn from_headers_reads_what_is_there() {
        assert_eq!(Quota::from_headers(&HeaderMap::new()), None);
        assert_eq!(
            Quota::from_headers(&headers(&[("x-request-id", "r-1")])),
            None,
            "a request id alone is no quota"
        );
        let quota = Quota::from_headers(&headers(&[
            ("x-quota-allowed", "1000"),
            ("x-quota-available", " 0 "),
            ("x-quota-reset", "2026-11-22T19:00:00Z"),
        ]))
        .unwrap();
        assert_eq!(quota.allowed, Some(1000));
        assert_eq!(quota.available, Some(0));
        assert_eq!(quota.reset.as_deref(), Some("2026-11-22T19:00:00Z"));
        assert_eq!(quota.reset_after(now()), Some(Duration::from_secs(90)));

        let quota = Quota::from_headers(&headers(&[
            ("x-quota-allowed", "lots"),
            ("x-quota-reset", "whenever"),
        ]))
        .unwrap();
        assert_eq!((quota.allowed, quota.available), (None, None));
        assert_eq!(quota.reset.as_deref(), Some("whenever"));
        assert_eq!(quota.reset_after(now()), None);

        let mut opaque = HeaderMap::new();
        opaque.insert(RESET, HeaderValue::from_bytes(b"\xff90").unwrap());
        let quota = Quota::from_headers(&opaque).unwrap();
        assert_eq!(quota.reset.as_deref(), Some("\u{fffd}90"));
        assert_eq!(reset_header_after(&opaque, now()), None);
    }
}
