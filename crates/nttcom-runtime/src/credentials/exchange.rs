//! What both token exchanges share: finding the endpoint, posting JSON to it,
//! and turning a refusal into an error that names the endpoint but no secret.

use std::fmt;
use std::time::Duration;

use reqwest::header::HeaderMap;
use reqwest::{StatusCode, Url};

use crate::secret::scrub;
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
    pub(crate) fn fail(&self, status: Option<StatusCode>, reason: impl AsRef<str>) -> Failure {
        let failure = Failure {
            endpoint: endpoint_for_display(self.url),
            status: status.map(|s| s.as_u16()),
            reason: scrub(reason.as_ref(), self.secrets),
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

    /// The endpoint answered with a status the exchange does not accept.
    pub(crate) fn refused(&self, answer: &Answer) -> Failure {
        // Scrubbed before it is cut, so that no part of a secret survives.
        let body = scrub(&answer.body, self.secrets);
        self.fail(Some(answer.status), excerpt(&body))
    }

    pub(crate) async fn post(
        &self,
        http: &reqwest::Client,
        body: &serde_json::Value,
    ) -> Result<Answer, Failure> {
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
        sent.await
            .map_err(|e: reqwest::Error| self.fail(e.status(), error_chain(&e)))
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

/// An error and its causes on one line ("error sending request: connection refused").
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause = cause.to_string();
        if !text.contains(&cause) {
            text.push_str(": ");
            text.push_str(&cause);
        }
        source = source.and_then(std::error::Error::source);
    }
    text
}

/// The start of an error body on one line, enough to say why.
fn excerpt(body: &str) -> String {
    const LIMIT: usize = 300;
    let line = body.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.is_empty() {
        return "the answer has an empty body".to_owned();
    }
    match line.char_indices().nth(LIMIT) {
        Some((cut, _)) => format!("{}…", &line[..cut]),
        None => line,
    }
}
