//! The error every generated operation returns.

use std::convert::Infallible;
use std::fmt;

use bytes::Bytes;
use progenitor_client::ResponseValue;
use reqwest::StatusCode;
use reqwest::header::{HeaderMap, InvalidHeaderValue};

use crate::retry::retryable_status;
use crate::{Error, Quota};

const REQUEST_ID: &str = "x-request-id";

/// Why an operation failed; each service crate re-exports it as its `Error`.
///
/// `E` is the type of the service's documented error body. The variants
/// other than [`Credentials`](Self::Credentials) are those of
/// `progenitor_client::Error`.
///
/// ```no_run
/// use nttcom_runtime::{Error, OperationError};
///
/// # fn report<E: std::fmt::Debug>(error: OperationError<E>) {
/// // `error` is what `client.some_operation().send().await` returned.
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
    /// A parameter or body broke the spec's constraints; nothing was sent.
    InvalidRequest(String),
    /// No answer: the request could not be built or sent, or the connection
    /// failed, timed out or broke.
    CommunicationError(reqwest::Error),
    /// A documented error status, with its decoded body.
    ErrorResponse(ResponseValue<E>),
    /// The body of an answer could not be read: the connection broke or
    /// timed out meanwhile.
    ResponseBodyError(reqwest::Error),
    /// A documented answer whose body does not decode; the error names the
    /// JSON path of the fault (see [`decode`](crate::decode)).
    InvalidResponsePayload(Bytes, serde_json::Error),
    /// A status the spec does not list, success or not.
    UnexpectedResponse(reqwest::Response),
    /// The client could not obtain or attach a token, e.g.
    /// [`Error::TokenExchange`] or [`Error::MissingCredentials`]; nothing
    /// was sent to the operation's endpoint.
    Credentials(Error),
}

impl<E> OperationError<E> {
    /// The status of the operation's answer, if one arrived (never the
    /// status of a token exchange: see [`credentials_error`](Self::credentials_error)).
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Self::CommunicationError(e) | Self::ResponseBodyError(e) => e.status(),
            Self::ErrorResponse(answer) => Some(answer.status()),
            Self::UnexpectedResponse(response) => Some(response.status()),
            Self::InvalidRequest(_) | Self::InvalidResponsePayload(..) | Self::Credentials(_) => {
                None
            }
        }
    }

    /// Whether the same call may succeed later: no answer or an answer cut
    /// short, a 408, 429, 502, 503 or 504, or a token exchange that got no
    /// answer or one of those statuses. The client has already retried
    /// idempotent operations under its [`RetryPolicy`](crate::RetryPolicy),
    /// except for a body cut short, which it does not read.
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::CommunicationError(_) | Self::ResponseBodyError(_) => true,
            Self::ErrorResponse(_) | Self::UnexpectedResponse(_) => {
                self.status().is_some_and(retryable_status)
            }
            Self::Credentials(Error::TokenExchange { status, .. }) => match status {
                None => true,
                Some(code) => StatusCode::from_u16(*code).is_ok_and(retryable_status),
            },
            Self::InvalidRequest(_) | Self::InvalidResponsePayload(..) | Self::Credentials(_) => {
                false
            }
        }
    }

    /// The headers of the operation's answer, for an error status.
    pub fn response_headers(&self) -> Option<&HeaderMap> {
        match self {
            Self::ErrorResponse(answer) => Some(answer.headers()),
            Self::UnexpectedResponse(response) => Some(response.headers()),
            _ => None,
        }
    }

    /// The gateway's quota headers on an error answer (sent with 429).
    pub fn quota(&self) -> Option<Quota> {
        Quota::from_headers(self.response_headers()?)
    }

    /// The `X-Request-Id` of an error answer, for the provider's support.
    pub fn request_id(&self) -> Option<&str> {
        self.response_headers()?.get(REQUEST_ID)?.to_str().ok()
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
            Self::InvalidResponsePayload(body, e) => {
                OperationError::InvalidResponsePayload(body, e)
            }
            Self::UnexpectedResponse(response) => OperationError::UnexpectedResponse(response),
            Self::Credentials(e) => OperationError::Credentials(e),
        }
    }
}

impl<E> From<reqwest::Error> for OperationError<E> {
    fn from(e: reqwest::Error) -> Self {
        Self::CommunicationError(e)
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
            Self::InvalidResponsePayload(body, e) => {
                write!(f, "invalid response payload ({} bytes): {e}", body.len())
            }
            Self::UnexpectedResponse(response) => write!(
                f,
                "unexpected response {} from {}",
                response.status(),
                response.url().path()
            ),
            Self::Credentials(e) => write!(f, "cannot authenticate the request: {e}"),
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
            Self::InvalidResponsePayload(body, e) => f
                .debug_struct("InvalidResponsePayload")
                .field("bytes", &body.len())
                .field("error", e)
                .finish(),
            Self::UnexpectedResponse(response) => {
                f.debug_tuple("UnexpectedResponse").field(response).finish()
            }
            Self::Credentials(e) => f.debug_tuple("Credentials").field(e).finish(),
        }
    }
}

impl<E: fmt::Debug> std::error::Error for OperationError<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::CommunicationError(e) | Self::ResponseBodyError(e) => Some(e),
            Self::InvalidResponsePayload(_, e) => Some(e),
            Self::Credentials(e) => Some(e),
            Self::InvalidRequest(_) | Self::ErrorResponse(_) | Self::UnexpectedResponse(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
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
        assert_eq!(error.status(), Some(StatusCode::TOO_MANY_REQUESTS));
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
        assert_eq!(untyped.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
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

    #[test]
    fn payload_errors_show_the_length_not_the_bytes() {
        let body = Bytes::from_static(br#"{"accessToken": 12}"#);
        let cause: serde_json::Error = serde::de::Error::custom("accessToken: invalid type");
        let error: OperationError<ApiError> = OperationError::InvalidResponsePayload(body, cause);
        for text in [error.to_string(), format!("{error:?}")] {
            assert!(!text.contains("12}"), "{text}");
            assert!(text.contains("19") && text.contains("accessToken: invalid type"));
        }
        assert!(std::error::Error::source(&error).is_some());
        assert_eq!(error.status(), None);
        assert!(!error.is_retryable());

        let invalid: OperationError<ApiError> = OperationError::InvalidRequest("bad".into());
        assert_eq!(invalid.to_string(), "invalid request: bad");
    }
}
