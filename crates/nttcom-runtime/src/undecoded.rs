//! An answer whose body did not decode, with every other fact of it kept.

use std::fmt;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, HeaderMap};

/// How much of a body that did not decode is kept: enough to tell a gateway's
/// page or a JSON shape apart, not the whole page.
pub const KEPT_BODY_BYTES: usize = 4096;

/// An answer whose body is not what the operation documents: a gateway's
/// text/plain or HTML page, an empty body, JSON of another shape. Its status
/// and headers are kept (so `status()`, `request_id()`, `quota()` and
/// `is_retryable()` of the [`OperationError`](crate::OperationError) hold),
/// and so is the start of the body ([`body`](Self::body), at most
/// [`KEPT_BODY_BYTES`]).
///
/// `Display` and `Debug` show the body's type and length, never its bytes:
/// the answer of a token endpoint holds a token.
pub struct UndecodedResponse {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
    body_len: usize,
    error: serde_json::Error,
}

impl UndecodedResponse {
    pub(crate) fn new(
        status: StatusCode,
        headers: HeaderMap,
        body: &Bytes,
        error: serde_json::Error,
    ) -> Self {
        let kept = if body.len() <= KEPT_BODY_BYTES {
            body.clone()
        } else {
            // A copy, so that the rest of a large body is freed.
            Bytes::copy_from_slice(&body[..KEPT_BODY_BYTES])
        };
        Self {
            status,
            headers,
            body: kept,
            body_len: body.len(),
            error,
        }
    }

    pub fn status(&self) -> StatusCode {
        self.status
    }

    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The `Content-Type` the server declared, if any.
    pub fn content_type(&self) -> Option<&str> {
        self.headers.get(CONTENT_TYPE)?.to_str().ok()
    }

    /// The start of the body: all of it up to [`KEPT_BODY_BYTES`].
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The length of the whole body, in bytes.
    pub fn body_len(&self) -> usize {
        self.body_len
    }

    /// The start of the body as text (lossy UTF-8), e.g. for a log line.
    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// Why it did not decode; the message starts with the JSON path of the
    /// fault when there is one (see [`decode`](crate::decode)).
    pub fn error(&self) -> &serde_json::Error {
        &self.error
    }
}

/// "404 Not Found (text/plain, 10 bytes): expected value at line 1 column 1".
impl fmt::Display for UndecodedResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} ({}, {} bytes): {}",
            self.status,
            self.content_type().unwrap_or("no content type"),
            self.body_len,
            self.error
        )
    }
}

impl fmt::Debug for UndecodedResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UndecodedResponse")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("bytes", &self.body_len)
            .field("error", &self.error)
            .finish()
    }
}
