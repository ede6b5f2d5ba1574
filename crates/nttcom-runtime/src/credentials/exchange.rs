//! What both token exchanges share: finding the endpoint, posting JSON to it,
//! and turning a refusal into an error that names the endpoint but no secret.

use std::fmt;
use std::time::Duration;

use reqwest::header::{CONTENT_TYPE, HeaderMap, LOCATION};
use reqwest::{StatusCode, Url};
use serde_json::Value;

use crate::secret::sanitize;
use crate::transport::chain;
use crate::{Error, ServiceInfo, TokenExchange};

/// Which exchange a credentials type performs.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Kind {
    Keystone,
    ClientCredentials,
}

impl Kind {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Kind::Keystone => "Keystone",
            Kind::ClientCredentials => "client-credentials",
        }
    }

    fn fits(self, exchange: TokenExchange) -> bool {
        matches!(
            (self, exchange),
            (Kind::Keystone, TokenExchange::Keystone { .. })
                | (
                    Kind::ClientCredentials,
                    TokenExchange::ClientCredentials { .. }
                )
        )
    }
}

/// The token endpoint: unknown until the builder binds the credentials to a
/// service, unless the user gave one.
#[derive(Clone)]
pub(crate) enum Endpoint {
    Unset,
    Given(String),
    Resolved(Url),
}

impl fmt::Debug for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Endpoint::Unset => f.write_str("None"),
            Endpoint::Given(url) => match Url::parse(url) {
                Ok(url) => write!(f, "Some({:?})", endpoint_for_display(&url)),
                Err(_) => f.write_str("Some(<unparseable URL>)"),
            },
            Endpoint::Resolved(url) => write!(f, "Some({:?})", endpoint_for_display(url)),
        }
    }
}

impl Endpoint {
    pub(crate) fn bind(
        &mut self,
        kind: Kind,
        service: &ServiceInfo,
        base_url: &Url,
    ) -> Result<(), Error> {
        if let Some(exchange) = service.token_exchange
            && !kind.fits(exchange)
        {
            return Err(Error::UnsupportedCredentials {
                service: service.name,
                credentials: kind.name(),
                expected: exchange.builder_method(),
            });
        }
        let url = match (&*self, service.token_exchange) {
            (Endpoint::Resolved(url), _) => url.clone(),
            (Endpoint::Given(url), _) => parse_http_url(url)?,
            (Endpoint::Unset, Some(exchange)) => exchange.url(base_url)?,
            (Endpoint::Unset, None) => {
                return Err(Error::NoTokenEndpoint {
                    credentials: kind.name(),
                });
            }
        };
        *self = Endpoint::Resolved(url);
        Ok(())
    }

    /// The endpoint once bound (or as given, if it parses).
    pub(crate) fn resolved(&self) -> Option<Url> {
        match self {
            Endpoint::Resolved(url) => Some(url.clone()),
            Endpoint::Given(url) => Url::parse(url).ok(),
            Endpoint::Unset => None,
        }
    }

    pub(crate) fn url(&self, kind: Kind) -> Result<Url, Error> {
        match self {
            Endpoint::Resolved(url) => Ok(url.clone()),
            Endpoint::Given(url) => parse_http_url(url),
            Endpoint::Unset => Err(Error::NoTokenEndpoint {
                credentials: kind.name(),
            }),
        }
    }
}

/// Parses a base URL or endpoint: absolute, `http(s)`, no query or fragment.
pub(crate) fn parse_http_url(url: &str) -> Result<Url, Error> {
    let invalid = |reason: &str| Error::InvalidBaseUrl {
        url: url.to_owned(),
        reason: reason.to_owned(),
    };
    let parsed = Url::parse(url).map_err(|e| invalid(&e.to_string()))?;
    match parsed.scheme() {
        "http" | "https" => {}
        other => return Err(invalid(&format!("scheme `{other}` is not http or https"))),
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(invalid("a base URL takes no query or fragment"));
    }
    Ok(parsed)
}

/// An exchange that failed; cloneable so that callers who waited for the same
/// exchange all get its error.
#[derive(Clone, Debug)]
pub(crate) struct Failure {
    endpoint: String,
    status: Option<u16>,
    reason: String,
}

impl Failure {
    /// Whether the endpoint refused the credentials themselves (401, 403):
    /// sending them again would only be refused again, and may lock the
    /// account.
    pub(crate) fn is_refusal(&self) -> bool {
        matches!(self.status, Some(401 | 403))
    }

    /// This failure told again from memory, `age` after it happened and
    /// `left` before it is forgotten; no request was sent.
    pub(crate) fn remembered(&self, age: Duration, left: Duration) -> Failure {
        Failure {
            reason: format!(
                "{} (remembered from {} s ago, not sent again for {} s; \
                 `Runtime::clear_refusal` forgets it)",
                self.reason,
                age.as_secs(),
                // Rounded up: a refusal still remembered never says 0 s.
                left.as_secs() + u64::from(left.subsec_nanos() > 0),
            ),
            ..self.clone()
        }
    }
}

impl From<Failure> for Error {
    fn from(f: Failure) -> Self {
        Error::TokenExchange {
            endpoint: f.endpoint,
            status: f.status,
            reason: f.reason,
        }
    }
}

/// What the endpoint sent back.
pub(crate) struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

/// One exchange request: where it goes and which secrets it carries, so that
/// no message built from the answer can repeat them.
pub(crate) struct Attempt<'a> {
    pub kind: Kind,
    pub url: &'a Url,
    pub secrets: &'a [&'a str],
}

impl Attempt<'_> {
    /// A failure whose reason is fit to show: whatever part of it came from
    /// the server is cut short and holds no secret (see [`sanitize`]).
    pub(crate) fn fail(&self, status: Option<StatusCode>, reason: impl AsRef<str>) -> Failure {
        let failure = Failure {
            endpoint: endpoint_for_display(self.url),
            status: status.map(|s| s.as_u16()),
            reason: sanitize(reason.as_ref(), self.secrets),
        };
        tracing::warn!(
            kind = self.kind.name(),
            endpoint = %failure.endpoint,
            status = failure.status,
            reason = %failure.reason,
            "token exchange failed"
        );
        failure
    }

    /// Notes a token issued, for whoever follows the exchanges in the logs.
    pub(crate) fn obtained(&self, lifetime: Duration) {
        tracing::debug!(
            kind = self.kind.name(),
            endpoint = %endpoint_for_display(self.url),
            lifetime_s = lifetime.as_secs(),
            "token obtained"
        );
    }

    /// The endpoint answered with a status the exchange does not accept. Its
    /// body is not repeated: only a message it names (Keystone's
    /// `error.message`, the gateway's `developerMessage`, …), and of a
    /// redirect only where it points, since an exchange follows none.
    pub(crate) fn refused(&self, answer: &Answer) -> Failure {
        self.fail(Some(answer.status), why_refused(answer))
    }

    pub(crate) async fn post(
        &self,
        http: &reqwest::Client,
        body: &serde_json::Value,
    ) -> Result<Answer, Failure> {
        // The paused clock of tests counts too.
        let started = tokio::time::Instant::now();
        let sent = async {
            let response = http.post(self.url.clone()).json(body).send().await?;
            let status = response.status();
            let headers = response.headers().clone();
            let body = response.text().await?;
            Ok(Answer {
                status,
                headers,
                body,
            })
        };
        sent.await.map_err(|e: reqwest::Error| {
            let status = e.status();
            // The error names the endpoint already.
            let e = e.without_url();
            let reason = if e.is_timeout() {
                // An exchange is one attempt, bounded by the client's timeout.
                format!(
                    "timed out after {:.1} s (one attempt, bounded by the client's `.timeout(…)`): {}",
                    started.elapsed().as_secs_f64(),
                    chain(&e)
                )
            } else {
                chain(&e)
            };
            self.fail(status, reason)
        })
    }
}

/// A URL as errors and logs show it: no user info, query or fragment.
fn endpoint_for_display(url: &Url) -> String {
    let mut url = url.clone();
    let _ = url.set_username("");
    let _ = url.set_password(None);
    url.set_query(None);
    url.set_fragment(None);
    url.to_string()
}

/// JSON text without the byte-order mark some servers put in front.
pub(crate) fn json_text(body: &str) -> &str {
    body.strip_prefix('\u{feff}').unwrap_or(body)
}

/// Where an error body says why, first found first: Keystone, OAuth, the
/// NTT gateways, Apigee, and plain `message`/`error` strings.
const MESSAGE_POINTERS: &[&str] = &[
    "/error/message",
    "/error_description",
    "/developerMessage",
    "/errorMessage",
    "/errors/0/developerMessage",
    "/errors/0/errorMessage",
    "/errors/0/message",
    "/fault/faultstring",
    "/message",
    "/error",
    "/error/title",
];

/// Why the endpoint refused, in words the answer gives, never the body
/// itself: a body may repeat the request, secret included, in any spelling.
fn why_refused(answer: &Answer) -> String {
    if answer.status.is_redirection() {
        let location = answer
            .headers
            .get(LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("nowhere (no Location header)");
        return format!(
            "redirected to {location}, which a token exchange never follows (the credentials \
             go to no other address): give the final endpoint with `.endpoint(…)`"
        );
    }
    let text = json_text(&answer.body);
    if text.trim().is_empty() {
        return "the answer has an empty body".to_owned();
    }
    match serde_json::from_str::<Value>(text) {
        Ok(json) => MESSAGE_POINTERS
            .iter()
            .find_map(|p| json.pointer(p)?.as_str().filter(|m| !m.trim().is_empty()))
            .map_or_else(
                || "the answer names no reason".to_owned(),
                ToOwned::to_owned,
            ),
        Err(_) => {
            let content_type = answer
                .headers
                .get(CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("no content type");
            format!(
                "the answer is not JSON ({content_type}, {} bytes; not repeated here)",
                answer.body.len()
            )
        }
    }
}
