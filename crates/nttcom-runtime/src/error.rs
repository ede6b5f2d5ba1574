//! The runtime's error type.

use std::fmt;

/// What can go wrong configuring a client or preparing its credentials.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// No credentials were given; call `.token(…)` or `.credentials(…)`, or
    /// `.anonymous()` to send requests without any.
    MissingCredentials { service: &'static str },
    /// The base URL does not parse or is not `http(s)`.
    InvalidBaseUrl { url: String, reason: String },
    /// A token holds characters that cannot travel in an HTTP header.
    InvalidToken,
    /// The HTTP client could not be built (e.g. TLS backend initialisation).
    HttpClient(reqwest::Error),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::MissingCredentials { service } => write!(
                f,
                "no credentials for {service}: call `.token(…)` or `.credentials(…)` on the builder \
                 (or `.anonymous()` to send none)"
            ),
            Error::InvalidBaseUrl { url, reason } => {
                write!(f, "invalid base URL `{url}`: {reason}")
            }
            Error::InvalidToken => {
                f.write_str("the token contains characters that are not allowed in an HTTP header")
            }
            Error::HttpClient(e) => write!(f, "cannot build the HTTP client: {e}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::HttpClient(e) => Some(e),
            _ => None,
        }
    }
}
