//! The runtime's error type. No variant carries a secret: exchange failures
//! name the endpoint and the reason, never the credentials sent to it.

use std::fmt;

/// What can go wrong configuring a client or obtaining its tokens.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// No credentials were given; call `.token(…)`, `.keystone(…)`,
    /// `.client_credentials(…)`, `.from_env()` or `.credentials(…)`, or
    /// `.anonymous()` to send requests without any.
    MissingCredentials { service: &'static str },
    /// These credentials do not fit the service, e.g. Keystone for a service
    /// that takes client-credentials tokens.
    UnsupportedCredentials {
        service: &'static str,
        credentials: &'static str,
        expected: &'static str,
    },
    /// The credentials exchange tokens but do not know where: the service
    /// names no token endpoint and none was given with `.endpoint(…)`.
    NoTokenEndpoint { credentials: &'static str },
    /// An environment variable the credentials are read from is unset, empty
    /// or not UTF-8.
    MissingEnv { var: &'static str },
    /// The base URL (or a token endpoint) does not parse or is not `http(s)`.
    InvalidBaseUrl { url: String, reason: String },
    /// Credentials would travel in clear text: the base URL (which tokens
    /// go to) or a token endpoint (which a secret goes to) is `http://` on a
    /// host that is not loopback. Use `https://`, or allow it with
    /// `.allow_insecure_http()` on the builder.
    PlainHttp {
        url: String,
        /// What would travel: "tokens" or "the credentials' secret".
        sends: &'static str,
    },
    /// A request of a client holding credentials was for another origin
    /// (scheme, host, port) than the base URL the client was built for, e.g.
    /// one an [interceptor](crate::intercept) moved elsewhere; nothing was
    /// sent. Build a client for that base URL with `Client::builder().base_url(…)`
    /// instead.
    OtherOrigin {
        /// The origin of the request.
        url: String,
        /// The origin of the client's base URL.
        origin: String,
    },
    /// A token holds characters that cannot travel in an HTTP header.
    InvalidToken,
    /// The HTTP client could not be built (e.g. TLS backend initialisation).
    HttpClient(reqwest::Error),
    /// A token endpoint refused the credentials or answered something the
    /// runtime cannot use. `status` is `None` when no HTTP answer arrived.
    TokenExchange {
        endpoint: String,
        status: Option<u16>,
        reason: String,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::MissingCredentials { service } => write!(
                f,
                "no credentials for {service}: call `.token(…)`, `.keystone(…)`, \
                 `.client_credentials(…)`, `.from_env()` or `.credentials(…)` on the builder \
                 (or `.anonymous()` to send none)"
            ),
            Error::UnsupportedCredentials {
                service,
                credentials,
                expected,
            } => write!(
                f,
                "{service} does not take {credentials} credentials: use {expected} or a token"
            ),
            Error::NoTokenEndpoint { credentials } => write!(
                f,
                "{credentials} credentials have no token endpoint: give one with `.endpoint(…)` \
                 or use them through a client builder of a service that names one"
            ),
            Error::MissingEnv { var } => {
                write!(f, "environment variable `{var}` is not set (or is empty)")
            }
            Error::InvalidBaseUrl { url, reason } => {
                write!(f, "invalid base URL `{url}`: {reason}")
            }
            Error::PlainHttp { url, sends } => write!(
                f,
                "refusing to send {sends} over plain HTTP to `{url}`: anyone on the way could \
                 read them; use https://, or call `.allow_insecure_http()` on the client builder \
                 for a network you trust (loopback addresses need neither)"
            ),
            Error::OtherOrigin { url, origin } => write!(
                f,
                "refusing to send credentials to {url}: this client was built for {origin}, the \
                 only origin its credentials go to; build a client with `.base_url(…)` for {url}"
            ),
            Error::InvalidToken => {
                f.write_str("the token contains characters that are not allowed in an HTTP header")
            }
            Error::HttpClient(e) => write!(f, "cannot build the HTTP client: {e}"),
            Error::TokenExchange {
                endpoint,
                status: Some(status),
                reason,
            } => write!(
                f,
                "token exchange at {endpoint} failed with HTTP {status}: {reason}"
            ),
            Error::TokenExchange {
                endpoint,
                status: None,
                reason,
            } => write!(f, "token exchange at {endpoint} failed: {reason}"),
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

#[cfg(test)]
mod tests {
    use std::error::Error as _;

    use super::*;

    #[test]
    fn the_http_client_error_is_the_source() {
        let cause = crate::tls::http_client_builder()
            .build()
            .unwrap()
            .get("http://127.0.0.1/")
            .header("x-bad", "line\nbreak")
            .build()
            .unwrap_err();
        assert!(Error::HttpClient(cause).source().is_some());
        assert!(
            Error::MissingCredentials { service: "ipoe" }
                .source()
                .is_none()
        );
    }
}
