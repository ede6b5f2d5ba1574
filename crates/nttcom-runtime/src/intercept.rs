//! Client-wide interceptors: code of yours that sees every call of a client,
//! as aws-sdk-rust's interceptors do.
//!
//! An [`Interceptor`] added with
//! [`ClientBuilder::intercept`](crate::ClientBuilder::intercept) is called
//! twice per call:
//! - [`before_send`](Interceptor::before_send), once, with the final request
//!   (checked, path encoded, body serialized, the call's own headers and
//!   timeout applied) **before** the runtime fetches or attaches any token: it
//!   never sees a secret, and stopping the call there costs no token exchange.
//!   It may amend the request, or stop the call with [`Interrupted`], which
//!   the operation returns as
//!   [`OperationError::Interrupted`](crate::OperationError::Interrupted).
//! - [`after_attempt`](Interceptor::after_attempt), after each attempt
//!   (retries and the replay after a 401 included), with the answer's status
//!   and headers, or the transport error when no answer arrived.
//!
//! Token exchanges are not intercepted: they are the runtime's own business,
//! and carry secrets.
//!
//! ```
//! use std::sync::atomic::{AtomicU32, Ordering};
//! use nttcom_runtime::intercept::{Attempt, Call, Interceptor, Interrupted};
//! use nttcom_runtime::reqwest;
//!
//! /// Tags every request and counts the 429s.
//! #[derive(Default)]
//! struct Tagging {
//!     throttled: AtomicU32,
//! }
//!
//! impl Interceptor for Tagging {
//!     fn before_send(&self, request: &mut reqwest::Request, call: &Call) -> Result<(), Interrupted> {
//!         if call.operation() == "delete_everything" {
//!             return Err(Interrupted::new("not from this program"));
//!         }
//!         request.headers_mut().insert("x-caller", "billing-job".parse().unwrap());
//!         Ok(())
//!     }
//!
//!     fn after_attempt(&self, attempt: &Attempt<'_>, _call: &Call) {
//!         if attempt.status().is_some_and(|s| s.as_u16() == 429) {
//!             self.throttled.fetch_add(1, Ordering::Relaxed);
//!         }
//!     }
//! }
//! ```

use std::fmt;
use std::sync::Arc;

use reqwest::header::HeaderMap;
use reqwest::{Request, StatusCode};

/// Code that sees every call of a client; see the [module docs](self).
///
/// Interceptors run in the order they were added. Both methods have default
/// bodies that do nothing, so an interceptor implements only what it needs.
pub trait Interceptor: Send + Sync + 'static {
    /// Sees the call's final request before any token is fetched or attached
    /// (and before the first attempt); may amend it, or stop the call.
    ///
    /// The runtime still applies its rules after this: a request amended to
    /// another origin than the client's base URL is refused
    /// ([`Error::OtherOrigin`](crate::Error::OtherOrigin)), and the token, when
    /// one is attached, replaces any credential header set here.
    fn before_send(&self, request: &mut Request, call: &Call) -> Result<(), Interrupted> {
        let _ = (request, call);
        Ok(())
    }

    /// Observes one attempt's outcome: the answer's status and headers, or
    /// the error when none arrived.
    fn after_attempt(&self, attempt: &Attempt<'_>, call: &Call) {
        let _ = (attempt, call);
    }
}

/// What a call is: which service and operation, and whether the runtime
/// would attach a token to its request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Call {
    service: &'static str,
    operation: &'static str,
    sends_token: bool,
}

impl Call {
    pub(crate) fn new(service: &'static str, operation: &'static str, sends_token: bool) -> Self {
        Self {
            service,
            operation,
            sends_token,
        }
    }

    /// The service slug, e.g. `ipoe`.
    pub fn service(&self) -> &'static str {
        self.service
    }

    /// The operation id of the spec, e.g. `get_order`.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// Whether the runtime would attach a token to this request (the client
    /// has credentials, and the request is not for the token endpoint
    /// itself). An interceptor that shows requests can say so without ever
    /// seeing the token.
    pub fn sends_token(&self) -> bool {
        self.sends_token
    }
}

/// One attempt's outcome, as [`Interceptor::after_attempt`] sees it.
#[derive(Debug)]
pub struct Attempt<'a> {
    number: u32,
    status: Option<StatusCode>,
    headers: Option<&'a HeaderMap>,
    error: Option<&'a reqwest::Error>,
}

impl<'a> Attempt<'a> {
    pub(crate) fn new(
        number: u32,
        status: Option<StatusCode>,
        headers: Option<&'a HeaderMap>,
        error: Option<&'a reqwest::Error>,
    ) -> Self {
        Self {
            number,
            status,
            headers,
            error,
        }
    }

    /// 1 for the first attempt of the call, then 2, 3, …
    pub fn number(&self) -> u32 {
        self.number
    }

    /// The status of the answer, when one arrived (also when its body then
    /// broke off).
    pub fn status(&self) -> Option<StatusCode> {
        self.status
    }

    /// The headers of the answer, when it arrived whole.
    pub fn headers(&self) -> Option<&'a HeaderMap> {
        self.headers
    }

    /// Why the attempt got no complete answer.
    pub fn error(&self) -> Option<&'a reqwest::Error> {
        self.error
    }
}

/// An interceptor stopped the call before anything was sent; the operation
/// returns it as [`OperationError::Interrupted`](crate::OperationError::Interrupted).
#[derive(Clone)]
pub struct Interrupted {
    reason: String,
    source: Option<Arc<dyn std::error::Error + Send + Sync>>,
}

impl Interrupted {
    /// Stops the call, saying why.
    pub fn new(reason: impl Into<String>) -> Self {
        Self {
            reason: reason.into(),
            source: None,
        }
    }

    /// Stops the call because of `error`.
    pub fn because(
        reason: impl Into<String>,
        error: impl std::error::Error + Send + Sync + 'static,
    ) -> Self {
        Self {
            reason: reason.into(),
            source: Some(Arc::new(error)),
        }
    }

    pub fn reason(&self) -> &str {
        &self.reason
    }
}

impl fmt::Display for Interrupted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.reason)
    }
}

impl fmt::Debug for Interrupted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Interrupted")
            .field("reason", &self.reason)
            .field("source", &self.source.as_ref().map(ToString::to_string))
            .finish()
    }
}

impl std::error::Error for Interrupted {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

/// The interceptors of a client, in order.
#[derive(Clone, Default)]
pub(crate) struct Interceptors(Arc<[Box<dyn Interceptor>]>);

impl Interceptors {
    pub fn new(list: Vec<Box<dyn Interceptor>>) -> Self {
        Self(list.into())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn before_send(&self, request: &mut Request, call: &Call) -> Result<(), Interrupted> {
        self.0.iter().try_for_each(|i| i.before_send(request, call))
    }

    pub fn after_attempt(&self, attempt: &Attempt<'_>, call: &Call) {
        for interceptor in self.0.iter() {
            interceptor.after_attempt(attempt, call);
        }
    }
}

impl fmt::Debug for Interceptors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} interceptor(s)", self.0.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_call_says_what_it_is_and_an_interruption_why() {
        let call = Call::new("ipoe", "get_order", true);
        assert_eq!(
            (call.service(), call.operation(), call.sends_token()),
            ("ipoe", "get_order", true)
        );
        let stopped = Interrupted::new("not today");
        assert_eq!(stopped.reason(), "not today");
        assert_eq!(stopped.to_string(), "not today");
        assert_eq!(
            format!("{stopped:?}"),
            r#"Interrupted { reason: "not today", source: None }"#
        );
        struct Quiet;
        impl Interceptor for Quiet {}
        let list = Interceptors::new(vec![Box::new(Quiet), Box::new(Quiet)]);
        assert_eq!(format!("{list:?}"), "2 interceptor(s)");
        let cause = std::io::Error::other("disk full");
        let stopped = Interrupted::because("cannot log the call", cause);
        let source = std::error::Error::source(&stopped).map(ToString::to_string);
        assert_eq!(source.as_deref(), Some("disk full"));
    }
}
