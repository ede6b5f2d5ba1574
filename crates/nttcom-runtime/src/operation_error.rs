//! The error every generated operation returns.

use std::convert::Infallible;
use std::fmt;

use progenitor_client::ResponseValue;
use reqwest::StatusCode;
use reqwest::header::{HeaderMap, InvalidHeaderValue, LOCATION};

use crate::intercept::Interrupted;
use crate::retry::{retryable_error, retryable_status};
use crate::{Error, Quota, TransportError, UndecodedResponse};

const REQUEST_ID: &str = "x-request-id";

/// Why an operation failed; each service crate re-exports it as its `Error`.
///
/// `E` is the type of the service's documented error body. The variants
/// follow `progenitor_client::Error`, plus [`Credentials`](Self::Credentials)
/// with the runtime's typed error. Whatever the variant, the facts of an
/// answer stay readable: [`status`](Self::status), [`request_id`](Self::request_id),
/// [`quota`](Self::quota), [`is_retryable`](Self::is_retryable), and a few
/// helpers for the statuses users test most.
///
/// ```no_run
/// use nttcom_runtime::{Error, OperationError};
///
/// # fn report<E: std::fmt::Debug>(error: OperationError<E>) {
/// // `error` is what `client.some_operation().send().await` returned.
/// if error.status() == Some(404) {
///     eprintln!("no such resource (request {:?})", error.request_id());
///     return;
/// }
/// match &error {
///     OperationError::Credentials(Error::TokenExchange { endpoint, status, reason }) => {
///         eprintln!("{endpoint} refused the credentials ({status:?}): {reason}")
///     }
///     OperationError::ErrorResponse(answer) => {
///         eprintln!("HTTP {}: {:?}", answer.status(), answer.as_ref());
///         if let Some(quota) = error.quota() {
///             eprintln!("quota resets in {:?}", quota.reset_after(std::time::SystemTime::now()));
///         }
///     }
///     other if other.is_retryable() => eprintln!("worth another try later: {other}"),
///     other => eprintln!("{other}"),
/// }
/// # }
/// ```
#[non_exhaustive]
pub enum OperationError<E = ()> {
    /// A parameter or body broke the spec's constraints (or a path parameter
    /// cannot be a path segment, or a header set on the call cannot be sent);
    /// nothing was sent.
    InvalidRequest(String),
    /// No answer: the request could not be built or sent, or the connection
    /// failed or timed out; says after how many attempts and how long.
    CommunicationError(TransportError),
    /// A documented error status, with its decoded body.
    ErrorResponse(ResponseValue<E>),
    /// An answer whose body broke off or timed out while it was read.
    ResponseBodyError(TransportError),
    /// An answer whose body does not decode (a gateway's text or HTML page,
    /// an empty body, JSON of another shape), with its status and headers.
    InvalidResponsePayload(UndecodedResponse),
    /// A status the spec does not list, success or not, including a
    /// redirect, which the client does not follow (see
    /// [`redirect_location`](Self::redirect_location)).
    UnexpectedResponse(reqwest::Response),
    /// The client could not obtain or attach a token, e.g.
    /// [`Error::TokenExchange`] or [`Error::MissingCredentials`]; nothing
    /// was sent to the operation's endpoint.
    Credentials(Error),
    /// An [interceptor](crate::intercept) of the client stopped the call
    /// before anything was sent (and before any token was fetched).
    Interrupted(Interrupted),
}

impl<E> OperationError<E> {
    /// The status of the operation's answer, if one arrived, as a number
    /// (`error.status() == Some(404)`); never the status of a token exchange
    /// (see [`credentials_error`](Self::credentials_error)).
    pub fn status(&self) -> Option<u16> {
        self.status_code().map(|s| s.as_u16())
    }

    /// [`status`](Self::status) as a [`StatusCode`].
    pub fn status_code(&self) -> Option<StatusCode> {
        match self {
            Self::CommunicationError(e) | Self::ResponseBodyError(e) => e.status(),
            Self::ErrorResponse(answer) => Some(answer.status()),
            Self::InvalidResponsePayload(answer) => Some(answer.status()),
            Self::UnexpectedResponse(response) => Some(response.status()),
            Self::InvalidRequest(_) | Self::Credentials(_) | Self::Interrupted(_) => None,
        }
    }

    /// The operation answered 404 Not Found.
    pub fn is_not_found(&self) -> bool {
        self.status() == Some(404)
    }

    /// The operation answered 409 Conflict.
    pub fn is_conflict(&self) -> bool {
        self.status() == Some(409)
    }

    /// The operation answered 429 Too Many Requests (see [`quota`](Self::quota)).
    pub fn is_throttled(&self) -> bool {
        self.status() == Some(429)
    }

    /// The credentials were refused: the operation answered 401 or 403 (after
    /// the client renewed its token once), or the token endpoint refused
    /// them.
    pub fn is_unauthorized(&self) -> bool {
        match self {
            Self::Credentials(Error::TokenExchange { status, .. }) => {
                matches!(status, Some(401 | 403))
            }
            _ => matches!(self.status(), Some(401 | 403)),
        }
    }

    /// The request, or reading its answer, ran out of time.
    pub fn is_timeout(&self) -> bool {
        match self {
            Self::CommunicationError(e) | Self::ResponseBodyError(e) => e.is_timeout(),
            _ => false,
        }
    }

    /// Whether the same call may succeed later: no answer or an answer cut
    /// short, a 408, 429, 502, 503 or 504 whatever its body, or a token
    /// exchange that got no answer or one of those statuses. These are the
    /// failures the client retries itself, for idempotent operations and
    /// under its [`RetryPolicy`](crate::RetryPolicy), before it returns one.
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::CommunicationError(e) | Self::ResponseBodyError(e) => retryable_error(e),
            Self::ErrorResponse(_)
            | Self::InvalidResponsePayload(_)
            | Self::UnexpectedResponse(_) => self.status_code().is_some_and(retryable_status),
            Self::Credentials(Error::TokenExchange { status, .. }) => match status {
                None => true,
                Some(code) => StatusCode::from_u16(*code).is_ok_and(retryable_status),
            },
            Self::InvalidRequest(_) | Self::Credentials(_) | Self::Interrupted(_) => false,
        }
    }

    /// The headers of the operation's answer, whatever its body.
    pub fn response_headers(&self) -> Option<&HeaderMap> {
        match self {
            Self::ErrorResponse(answer) => Some(answer.headers()),
            Self::InvalidResponsePayload(answer) => Some(answer.headers()),
            Self::UnexpectedResponse(response) => Some(response.headers()),
            _ => None,
        }
    }

    /// The gateway's quota headers on an answer (sent with 429).
    pub fn quota(&self) -> Option<Quota> {
        Quota::from_headers(self.response_headers()?)
    }

    /// The `X-Request-Id` of an answer, for the provider's support.
    pub fn request_id(&self) -> Option<&str> {
        self.response_headers()?.get(REQUEST_ID)?.to_str().ok()
    }

    /// Where a redirect (3xx) points. The client follows no redirect unless
    /// told to ([`ClientBuilder::same_origin_redirects`](crate::ClientBuilder::same_origin_redirects)),
    /// so that credentials and bodies never reach another origin; follow it
    /// yourself if you trust it.
    pub fn redirect_location(&self) -> Option<&str> {
        if !self.status_code()?.is_redirection() {
            return None;
        }
        self.response_headers()?.get(LOCATION)?.to_str().ok()
    }

    /// The runtime's error when credentials failed.
    pub fn credentials_error(&self) -> Option<&Error> {
        match self {
            Self::Credentials(e) => Some(e),
            _ => None,
        }
    }

    /// The same error without its typed body (status and headers kept), to
    /// handle the errors of several services alike.
    pub fn into_untyped(self) -> OperationError<()> {
        match self {
            Self::InvalidRequest(s) => OperationError::InvalidRequest(s),
            Self::CommunicationError(e) => OperationError::CommunicationError(e),
            Self::ErrorResponse(answer) => OperationError::ErrorResponse(ResponseValue::new(
                (),
                answer.status(),
                // `ResponseValue` gives its headers out only by reference.
                answer.headers().clone(),
            )),
            Self::ResponseBodyError(e) => OperationError::ResponseBodyError(e),
            Self::InvalidResponsePayload(answer) => OperationError::InvalidResponsePayload(answer),
            Self::UnexpectedResponse(response) => OperationError::UnexpectedResponse(response),
            Self::Credentials(e) => OperationError::Credentials(e),
            Self::Interrupted(why) => OperationError::Interrupted(why),
        }
    }
}

/// A request that could not be built, or an answer whose body could not be
/// read outside the runtime: a body that broke off is a `ResponseBodyError`,
/// anything else a `CommunicationError`. (What the runtime sent says after
/// how many attempts and how long: see [`Runtime::send`](crate::Runtime::send).)
impl<E> From<reqwest::Error> for OperationError<E> {
    fn from(e: reqwest::Error) -> Self {
        let body = e.is_decode() || e.is_body();
        let e = TransportError::new(e);
        if body {
            Self::ResponseBodyError(e)
        } else {
            Self::CommunicationError(e)
        }
    }
}

/// A header parameter that cannot travel in a header.
impl<E> From<InvalidHeaderValue> for OperationError<E> {
    fn from(e: InvalidHeaderValue) -> Self {
        Self::InvalidRequest(e.to_string())
    }
}

impl<E> From<Infallible> for OperationError<E> {
    fn from(never: Infallible) -> Self {
        match never {}
    }
}

/// One line, without headers or payload bytes.
impl<E: fmt::Debug> fmt::Display for OperationError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidRequest(reason) => write!(f, "invalid request: {reason}"),
            Self::CommunicationError(e) => write!(f, "communication error: {e}"),
            Self::ErrorResponse(answer) => {
                write!(
                    f,
                    "error response {}: {:?}",
                    answer.status(),
                    answer.as_ref()
                )
            }
            Self::ResponseBodyError(e) => write!(f, "cannot read the response body: {e}"),
            Self::InvalidResponsePayload(answer) => {
                write!(f, "invalid response payload: {answer}")
            }
            Self::UnexpectedResponse(response) => {
                write!(
                    f,
                    "unexpected response {} from {}",
                    response.status(),
                    response.url().path()
                )?;
                match self.redirect_location() {
                    Some(location) => write!(f, " (a redirect to {location}, not followed)"),
                    None => Ok(()),
                }
            }
            Self::Credentials(e) => write!(f, "cannot authenticate the request: {e}"),
            Self::Interrupted(why) => write!(f, "stopped by an interceptor: {why}"),
        }
    }
}

/// Shows statuses and headers, but of a payload only its length: the body
/// of a token endpoint's answer holds a token.
impl<E: fmt::Debug> fmt::Debug for OperationError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidRequest(reason) => f.debug_tuple("InvalidRequest").field(reason).finish(),
            Self::CommunicationError(e) => f.debug_tuple("CommunicationError").field(e).finish(),
            Self::ErrorResponse(answer) => f
                .debug_struct("ErrorResponse")
                .field("status", &answer.status())
                .field("headers", answer.headers())
                .field("body", answer.as_ref())
                .finish(),
            Self::ResponseBodyError(e) => f.debug_tuple("ResponseBodyError").field(e).finish(),
            Self::InvalidResponsePayload(answer) => f
                .debug_tuple("InvalidResponsePayload")
                .field(answer)
                .finish(),
            Self::UnexpectedResponse(response) => {
                f.debug_tuple("UnexpectedResponse").field(response).finish()
            }
            Self::Credentials(e) => f.debug_tuple("Credentials").field(e).finish(),
            Self::Interrupted(why) => f.debug_tuple("Interrupted").field(why).finish(),
        }
    }
}

impl<E: fmt::Debug> std::error::Error for OperationError<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::CommunicationError(e) | Self::ResponseBodyError(e) => Some(e),
            Self::InvalidResponsePayload(answer) => Some(answer.error()),
            Self::Credentials(e) => Some(e),
            Self::Interrupted(why) => Some(why),
            Self::InvalidRequest(_) | Self::ErrorResponse(_) | Self::UnexpectedResponse(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use bytes::Bytes;
    use reqwest::header::HeaderValue;

    use super::*;

    #[derive(Debug)]
    struct ApiError {
        #[allow(dead_code)] // read through `Debug`
        code: u32,
    }

    fn answer(status: u16, headers: &[(&'static str, &'static str)]) -> OperationError<ApiError> {
        let headers = headers
            .iter()
            .map(|(k, v)| (k.parse().unwrap(), HeaderValue::from_static(v)))
            .collect();
        OperationError::ErrorResponse(ResponseValue::new(
            ApiError { code: 7 },
            StatusCode::from_u16(status).unwrap(),
            headers,
        ))
    }

    fn exchange(status: Option<u16>) -> OperationError<ApiError> {
        OperationError::Credentials(Error::TokenExchange {
            endpoint: "https://api.ntt.com/keystone/v3/auth/tokens".into(),
            status,
            reason: "The request you have made requires authentication.".into(),
        })
    }

    #[test]
    fn error_responses_show_status_and_body_and_expose_quota_and_request_id() {
        let error = answer(
            429,
            &[
                ("x-quota-allowed", "100"),
                ("x-quota-available", "0"),
                ("x-quota-reset", "30"),
                ("x-request-id", "req-42"),
            ],
        );
        assert_eq!(
            error.to_string(),
            "error response 429 Too Many Requests: ApiError { code: 7 }"
        );
        assert_eq!(error.status(), Some(429));
        assert!(error.is_throttled() && !error.is_not_found());
        assert!(error.is_retryable());
        assert_eq!(error.request_id(), Some("req-42"));
        let quota = error.quota().unwrap();
        assert_eq!((quota.allowed, quota.available), (Some(100), Some(0)));
        assert_eq!(quota.reset.as_deref(), Some("30"));
        assert!(error.credentials_error().is_none());
        assert!(std::error::Error::source(&error).is_none());
        // `?` into the usual boxed error works.
        let _: Box<dyn std::error::Error + Send + Sync> = Box::new(error);

        let error = answer(404, &[]);
        assert!(error.is_not_found() && error.status() == Some(404));
        assert!(!error.is_retryable());
        assert!(error.quota().is_none() && error.request_id().is_none());
        let debug = format!("{error:?}");
        assert!(
            debug.contains("404") && debug.contains("code: 7"),
            "{debug}"
        );
    }

    #[test]
    fn into_untyped_keeps_status_and_headers() {
        let untyped = answer(503, &[("x-request-id", "req-1")]).into_untyped();
        assert_eq!(untyped.status_code(), Some(StatusCode::SERVICE_UNAVAILABLE));
        assert_eq!(untyped.request_id(), Some("req-1"));
        assert_eq!(
            untyped.to_string(),
            "error response 503 Service Unavailable: ()"
        );
        assert!(matches!(
            exchange(Some(401)).into_untyped(),
            OperationError::Credentials(Error::TokenExchange { .. })
        ));
    }

    #[test]
    fn credentials_errors_are_typed_and_say_whether_to_retry() {
        let refused = exchange(Some(401));
        assert!(matches!(
            refused.credentials_error(),
            Some(Error::TokenExchange {
                status: Some(401),
                ..
            })
        ));
        assert_eq!(refused.status(), None, "not the operation's status");
        assert!(!refused.is_retryable());
        assert!(refused.is_unauthorized());
        let message = refused.to_string();
        assert!(
            message.starts_with("cannot authenticate the request: token exchange at ")
                && message.contains("HTTP 401"),
            "{message}"
        );
        let source = std::error::Error::source(&refused).unwrap();
        assert!(source.to_string().contains("HTTP 401"));

        assert!(exchange(None).is_retryable(), "no answer from the endpoint");
        assert!(exchange(Some(503)).is_retryable());
        assert!(!exchange(Some(500)).is_retryable());
        let missing: OperationError<ApiError> =
            OperationError::Credentials(Error::MissingCredentials { service: "ipoe" });
        assert!(!missing.is_retryable());
    }

    #[tokio::test]
    async fn a_reqwest_error_is_a_body_error_when_the_answer_came() {
        let answer = reqwest::Response::from(http::Response::new("not json"));
        let decode = answer.json::<serde_json::Value>().await.unwrap_err();
        assert!(decode.is_decode() && !decode.is_body());
        let error: OperationError<ApiError> = decode.into();
        assert!(
            matches!(error, OperationError::ResponseBodyError(_)),
            "{error:?}"
        );

        let unbuilt = crate::tls::http_client_builder()
            .build()
            .unwrap()
            .get("not a url")
            .build()
            .unwrap_err();
        let error: OperationError<ApiError> = unbuilt.into();
        assert!(
            matches!(error, OperationError::CommunicationError(_)),
            "{error:?}"
        );
    }

    #[test]
    fn an_answer_that_does_not_decode_keeps_its_facts_and_shows_no_bytes() {
        let body = Bytes::from_static(br#"{"accessToken": 12}"#);
        let cause: serde_json::Error = serde::de::Error::custom("accessToken: invalid type");
        let headers = [
            ("x-request-id", "req-9"),
            ("content-type", "application/json"),
        ]
        .iter()
        .map(|(k, v)| (k.parse().unwrap(), HeaderValue::from_static(v)))
        .collect();
        let error: OperationError<ApiError> = OperationError::InvalidResponsePayload(
            UndecodedResponse::new(StatusCode::OK, headers, &body, cause),
        );
        for text in [error.to_string(), format!("{error:?}")] {
            assert!(!text.contains("12}"), "{text}");
            assert!(text.contains("19") && text.contains("accessToken: invalid type"));
        }
        assert_eq!(
            error.to_string(),
            "invalid response payload: 200 OK (application/json, 19 bytes): accessToken: invalid type"
        );
        assert!(std::error::Error::source(&error).is_some());
        assert_eq!(error.status(), Some(200));
        assert_eq!(error.request_id(), Some("req-9"));
        assert!(!error.is_retryable());
        let OperationError::InvalidResponsePayload(answer) = &error else {
            unreachable!()
        };
        assert_eq!(answer.body(), body.as_ref());
        assert_eq!(answer.body_text(), r#"{"accessToken": 12}"#);

        let big = Bytes::from(vec![b'<'; 10_000]);
        let cause: serde_json::Error = serde::de::Error::custom("expected value");
        let answer = UndecodedResponse::new(
            StatusCode::SERVICE_UNAVAILABLE,
            HeaderMap::new(),
            &big,
            cause,
        );
        assert_eq!(answer.body().len(), crate::KEPT_BODY_BYTES);
        assert_eq!(answer.body_len(), 10_000);
        let error: OperationError<ApiError> = OperationError::InvalidResponsePayload(answer);
        assert!(error.is_retryable(), "a 503 whatever its body");

        let invalid: OperationError<ApiError> = OperationError::InvalidRequest("bad".into());
        assert_eq!(invalid.to_string(), "invalid request: bad");
    }

    #[test]
    fn each_status_helper_answers_for_its_own_statuses_only() {
        type Helper = fn(&OperationError<ApiError>) -> bool;
        let helpers: [(&str, Helper, &[u16]); 4] = [
            ("is_not_found", OperationError::is_not_found, &[404]),
            ("is_conflict", OperationError::is_conflict, &[409]),
            ("is_throttled", OperationError::is_throttled, &[429]),
            (
                "is_unauthorized",
                OperationError::is_unauthorized,
                &[401, 403],
            ),
        ];
        for (name, helper, statuses) in helpers {
            for status in [400, 401, 403, 404, 409, 429, 500] {
                let expected = statuses.contains(&status);
                assert_eq!(helper(&answer(status, &[])), expected, "{name} of {status}");
            }
        }
        for status in [401, 404, 408, 504] {
            assert!(!answer(status, &[]).is_timeout(), "{status} is an answer");
        }
        assert!(exchange(Some(401)).is_unauthorized());
        assert!(!exchange(Some(500)).is_unauthorized());
        assert!(!exchange(None).is_unauthorized());
    }
}
