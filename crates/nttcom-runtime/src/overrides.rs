//! What one call may change of its client's settings: the generated
//! `.timeout(…)`, `.header(…)` and `.retry(…)` of every operation builder.

use std::time::Duration;

use reqwest::header::{HeaderName, HeaderValue};

use crate::RetryPolicy;

/// The settings one call overrides; every generated operation builder holds
/// one and offers its setters as its own `.timeout(…)`, `.header(…)` and
/// `.retry(…)`.
///
/// A header that cannot be sent (a malformed name or value, or one that
/// belongs to the runtime: the service's credential header, `Host`,
/// `Content-Length`, `Transfer-Encoding`) is not an error here but at
/// `send()`: the call then fails with
/// [`OperationError::InvalidRequest`](crate::OperationError::InvalidRequest)
/// and nothing is sent, as for any other value the request checks refuse.
#[derive(Clone, Debug, Default)]
pub struct Overrides {
    pub(crate) timeout: Option<Duration>,
    pub(crate) retry: Option<RetryPolicy>,
    pub(crate) headers: Vec<(HeaderName, HeaderValue)>,
    /// The first header that could not be taken, as the error will say it.
    pub(crate) invalid: Option<String>,
}

impl Overrides {
    /// No override: the client's settings.
    pub fn new() -> Self {
        Self::default()
    }

    /// Bounds each attempt of this call (from connecting to the end of the
    /// body) instead of the client's [`timeout`](crate::ClientBuilder::timeout).
    pub fn timeout(&mut self, timeout: Duration) {
        self.timeout = Some(timeout);
    }

    /// Retries this call under `policy` instead of the client's.
    pub fn retry(&mut self, policy: RetryPolicy) {
        self.retry = Some(policy);
    }

    /// Adds a header to this call's request, replacing one of the same name
    /// the operation would send (such as `Accept`).
    pub fn header<V>(&mut self, name: impl AsRef<str>, value: V)
    where
        V: TryInto<HeaderValue>,
    {
        let name = name.as_ref();
        let parsed = HeaderName::from_bytes(name.as_bytes());
        match (parsed, value.try_into()) {
            (Ok(name), Ok(value)) => self.headers.push((name, value)),
            (Err(_), _) => self.refuse(format!("header `{name}`: not a valid header name")),
            // The value may be a secret of the caller's: not repeated.
            (Ok(name), Err(_)) => self.refuse(format!(
                "header `{name}`: the value holds characters that cannot travel in a header"
            )),
        }
    }

    fn refuse(&mut self, reason: String) {
        self.invalid.get_or_insert(reason);
    }

    /// Whether any setting differs from the client's.
    pub fn is_empty(&self) -> bool {
        self.timeout.is_none()
            && self.retry.is_none()
            && self.headers.is_empty()
            && self.invalid.is_none()
    }
}

/// Headers only the runtime sets: the credential header (checked apart, it
/// depends on the service), the host the request goes to, and the body's
/// framing.
pub(crate) fn reserved(name: &HeaderName) -> bool {
    use reqwest::header::{CONTENT_LENGTH, HOST, TRANSFER_ENCODING};
    *name == HOST || *name == CONTENT_LENGTH || *name == TRANSFER_ENCODING
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_header_is_kept_for_send_and_names_itself_but_not_its_value() {
        let mut overrides = Overrides::new();
        assert!(overrides.is_empty());
        overrides.header("x-trace", "abc");
        overrides.header("bad name", "v");
        overrides.header("x-other", "line\nbreak-s3cr3t");
        assert_eq!(overrides.headers.len(), 1);
        let reason = overrides.invalid.as_deref().unwrap();
        assert_eq!(reason, "header `bad name`: not a valid header name");
        let mut overrides = Overrides::new();
        overrides.header("x-other", "line\nbreak-s3cr3t");
        let reason = overrides.invalid.unwrap();
        assert!(reason.starts_with("header `x-other`"), "{reason}");
        assert!(!reason.contains("s3cr3t"), "{reason}");
    }

    #[test]
    fn only_the_framing_and_the_host_are_reserved() {
        for name in ["host", "content-length", "transfer-encoding"] {
            assert!(reserved(&HeaderName::from_static(name)), "{name}");
        }
        for name in ["accept", "x-trace", "content-type"] {
            assert!(!reserved(&HeaderName::from_static(name)), "{name}");
        }
    }

    #[test]
    fn any_one_setting_makes_overrides_not_empty() {
        let setters: [fn(&mut Overrides); 4] = [
            |o| o.timeout(Duration::from_secs(1)),
            |o| o.retry(RetryPolicy::none()),
            |o| o.header("x-trace", "1"),
            |o| o.header("bad name", "1"),
        ];
        for set in setters {
            let mut overrides = Overrides::new();
            set(&mut overrides);
            assert!(!overrides.is_empty());
        }
    }
}
