//! The per-request hooks every generated client calls: credentials on the
//! way out, retries and the 401 replay around the send.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::ResponseBuilderExt as _;
use reqwest::header::{AUTHORIZATION, HeaderName, HeaderValue};
use reqwest::{Request, Response, StatusCode, Url};
use tracing::Instrument;
use tracing::field::Empty;

use crate::retry::{Failure, RetryPolicy};
use crate::transport::{self, Attempts};
use crate::{AuthScheme, Credentials, Error, ServiceInfo, Token};

/// Header progenitor adds to every request; none of the NTT APIs asks for it.
const PROGENITOR_API_VERSION: &str = "api-version";

/// The HTTP clients the builder made for a runtime, and the limit of one
/// attempt they apply.
pub(crate) struct HttpClients {
    /// Operations: the client's redirect policy.
    pub api: reqwest::Client,
    /// Token exchanges: never a redirect.
    pub exchange: reqwest::Client,
    pub timeout: Duration,
}

/// State shared by all requests of one client (cheap to clone).
#[derive(Clone)]
pub struct Runtime {
    inner: Arc<Inner>,
}

struct Inner {
    service: ServiceInfo,
    credentials: Option<Arc<dyn Credentials>>,
    tenant_id: Option<String>,
    /// The HTTP client every request is sent with, built by the builder with
    /// the runtime's redirect policy and timeouts. Held here, not taken from
    /// the service client, so that no constructor can swap it for one that
    /// follows redirects.
    http: reqwest::Client,
    /// The HTTP client of credential exchanges: the same, or one that follows
    /// no redirect when `http` follows same-origin ones.
    exchange_http: reqwest::Client,
    /// The base URL the client was built for: the only origin (scheme, host,
    /// port) its credentials go to.
    base_url: Url,
    /// The limit of one attempt, for errors that say how long they waited.
    timeout: Duration,
    /// Where the token goes, resolved once from `service.auth`.
    header: HeaderName,
    /// The service's own token endpoint, which takes no token itself (ipoe
    /// lists it as an operation).
    exchange_url: Option<Url>,
    retry: RetryPolicy,
}

impl Runtime {
    pub(crate) fn new(
        service: ServiceInfo,
        credentials: Option<Arc<dyn Credentials>>,
        tenant_id: Option<String>,
        http: HttpClients,
        base_url: &Url,
        retry: RetryPolicy,
    ) -> Result<Self, Error> {
        let header = match service.auth {
            AuthScheme::Header(name) => {
                HeaderName::from_bytes(name.as_bytes()).map_err(|_| Error::InvalidToken)?
            }
            AuthScheme::Bearer => AUTHORIZATION,
        };
        let exchange_url = match service.token_exchange {
            Some(exchange) => Some(exchange.url(base_url)?),
            None => None,
        };
        Ok(Self {
            inner: Arc::new(Inner {
                service,
                credentials,
                tenant_id,
                http: http.api,
                exchange_http: http.exchange,
                base_url: base_url.clone(),
                timeout: http.timeout,
                header,
                exchange_url,
                retry,
            }),
        })
    }

    /// The service this runtime was built for.
    pub fn service(&self) -> &ServiceInfo {
        &self.inner.service
    }

    /// The retry policy requests are sent under.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }

    /// The tenant operations use when the call names none, the first of:
    /// [`ClientBuilder::tenant_id`](crate::ClientBuilder::tenant_id), the
    /// credentials' own tenant (Keystone's project), and `NTTCOM_TENANT_ID`
    /// as read by [`from_env`](crate::ClientBuilder::from_env) (also when it
    /// falls back to `NTTCOM_TOKEN`). Empty values are skipped.
    pub fn tenant_id(&self) -> Option<&str> {
        self.inner.tenant_id.as_deref()
    }

    /// Forgets a refused token exchange that is being remembered (see
    /// [`ClientBuilder::refusal_window`](crate::ClientBuilder::refusal_window)),
    /// so that the next request tries the credentials again: once the refusal
    /// has been dealt with, e.g. the API key unlocked or granted access.
    pub fn clear_refusal(&self) {
        if let Some(credentials) = &self.inner.credentials {
            credentials.clear_refusal();
        }
    }

    /// The token the next request will carry, exchanging credentials if
    /// needed.
    ///
    /// Operations report a failed exchange as
    /// [`OperationError::Credentials`](crate::OperationError::Credentials);
    /// call this first (e.g. at start-up) to check the credentials without
    /// calling an operation.
    ///
    /// ```no_run
    /// # async fn run(runtime: &nttcom_runtime::Runtime) {
    /// // `runtime` is `client.runtime()` of any service client.
    /// match runtime.token().await {
    ///     Ok(_) => println!("credentials accepted"),
    ///     Err(nttcom_runtime::Error::TokenExchange { endpoint, status, reason }) => {
    ///         eprintln!("{endpoint} refused the credentials ({status:?}): {reason}")
    ///     }
    ///     Err(other) => eprintln!("{other}"),
    /// }
    /// # }
    /// ```
    pub async fn token(&self) -> Result<Token, Error> {
        match &self.inner.credentials {
            Some(credentials) => credentials.token(&self.inner.exchange_http).await,
            None => Err(Error::MissingCredentials {
                service: self.inner.service.name,
            }),
        }
    }

    /// Readies a request before it is sent: drops progenitor's `api-version`
    /// header and attaches the current token. Generated operations report a
    /// failure as [`OperationError::Credentials`](crate::OperationError::Credentials).
    ///
    /// A runtime with credentials readies only requests to the origin of the
    /// base URL it was built for: a service client made with progenitor's
    /// `Client::new(base_url, runtime)` for another origin fails with
    /// [`Error::OtherOrigin`] and sends nothing.
    pub async fn prepare(&self, request: &mut Request, _operation_id: &str) -> Result<(), Error> {
        request.headers_mut().remove(PROGENITOR_API_VERSION);
        if self.inner.credentials.is_some() && !same_origin(request.url(), &self.inner.base_url) {
            return Err(Error::OtherOrigin {
                url: shown(request.url()),
                origin: shown(&self.inner.base_url),
            });
        }
        if !self.sends_token(request) {
            return Ok(());
        }
        let token = self.token().await?;
        self.attach(request, &token)
    }

    /// Sends a prepared request: retries it under the [`RetryPolicy`], and
    /// after a 401 renews the token and replays it once. A request whose body
    /// cannot be cloned (a stream) is sent once.
    ///
    /// The request goes out through the HTTP client the
    /// [`ClientBuilder`](crate::ClientBuilder) built, with its redirect
    /// policy and timeouts; `_http`, the service client's own `reqwest`
    /// client, is not used. Whatever client a service client was constructed
    /// with (progenitor's `Client::new` builds one that follows redirects),
    /// no request follows a redirect the runtime does not allow.
    ///
    /// The answer's body is read here, inside the retry loop, so that a body
    /// cut short is retried like a lost connection. An error says, inside it,
    /// how many attempts were made and how long they took, which
    /// [`OperationError`](crate::OperationError) shows (see
    /// [`TransportError`](crate::TransportError)).
    pub async fn execute(
        &self,
        _http: &reqwest::Client,
        request: Request,
        operation_id: &str,
    ) -> reqwest::Result<Response> {
        let span = tracing::info_span!(
            "nttcom_request",
            service = self.inner.service.name,
            operation = operation_id,
            method = %request.method(),
            path = request.url().path(),
            status = Empty,
            attempt = Empty,
            elapsed_ms = Empty,
        );
        self.send(&self.inner.http, request, &span)
            .instrument(span.clone())
            .await
    }

    async fn send(
        &self,
        http: &reqwest::Client,
        request: Request,
        span: &tracing::Span,
    ) -> reqwest::Result<Response> {
        let started = Instant::now();
        let method = request.method().clone();
        let retry_method = self.inner.retry.allows(&method);
        let mut pending = request;
        let mut attempt = 0u32;
        let mut retries = 0u32;
        let mut replayed = false;
        loop {
            attempt += 1;
            let spare = pending.try_clone();
            let mut status = None;
            let outcome = match http.execute(pending).await {
                Ok(response) => {
                    status = Some(response.status());
                    buffered(response).await
                }
                Err(error) => Err(error),
            };
            span.record("attempt", attempt);
            span.record("elapsed_ms", elapsed_ms(started));
            match (&outcome, status) {
                (Ok(response), _) => {
                    span.record("status", response.status().as_u16());
                    tracing::debug!(attempt, status = response.status().as_u16(), "answered");
                }
                (Err(error), Some(status)) => {
                    span.record("status", status.as_u16());
                    tracing::debug!(attempt, status = status.as_u16(), %error, "answer cut short");
                }
                (Err(error), None) => tracing::debug!(attempt, %error, "no answer"),
            }
            // Whatever ends here, an error says after how many attempts.
            let done = |outcome: reqwest::Result<Response>| {
                outcome.map_err(|error| {
                    let attempts = Attempts {
                        count: attempt,
                        elapsed: started.elapsed(),
                        timeout: self.inner.timeout,
                        status,
                    };
                    transport::attach(error, &attempts)
                })
            };
            let Some(mut next) = spare else {
                return done(outcome);
            };
            if let Ok(response) = &outcome
                && response.status() == StatusCode::UNAUTHORIZED
                && !replayed
            {
                replayed = true;
                if !self.renew_token(&mut next).await {
                    return done(outcome);
                }
                tracing::debug!(attempt, "token refused; replaying with a renewed one");
                pending = next;
                continue;
            }
            if !retry_method {
                return done(outcome);
            }
            let failure = match &outcome {
                Ok(response) => Failure::Status(response.status(), response.headers()),
                Err(error) => Failure::Transport(error),
            };
            let elapsed = started.elapsed();
            let Some(wait) = self.inner.retry.wait(failure, retries + 1, elapsed) else {
                return done(outcome);
            };
            retries += 1;
            tracing::debug!(attempt, wait_ms = duration_ms(wait), "retrying");
            drop(outcome);
            tokio::time::sleep(wait).await;
            pending = next;
        }
    }

    /// After a 401: tells the credentials the token was refused and puts a
    /// fresh one on `request`. False when there is nothing better to send.
    async fn renew_token(&self, request: &mut Request) -> bool {
        let Some(credentials) = &self.inner.credentials else {
            return false;
        };
        if !self.sends_token(request) {
            return false;
        }
        let Some(refused) = self.sent_token(request) else {
            return false;
        };
        if !credentials.refused(&refused) {
            return false;
        }
        let renewed = match credentials.token(&self.inner.exchange_http).await {
            Ok(token) => token,
            Err(error) => {
                tracing::warn!(%error, "cannot renew the refused token");
                return false;
            }
        };
        renewed != refused && self.attach(request, &renewed).is_ok()
    }

    /// Whether `request` should carry a token: there are credentials, and it
    /// does not go to the token endpoint itself.
    fn sends_token(&self, request: &Request) -> bool {
        if self.inner.credentials.is_none() {
            return false;
        }
        let url = request.url();
        !self
            .inner
            .exchange_url
            .as_ref()
            .is_some_and(|x| x.path() == url.path() && same_origin(x, url))
    }

    fn attach(&self, request: &mut Request, token: &Token) -> Result<(), Error> {
        let value = match self.inner.service.auth {
            AuthScheme::Header(_) => HeaderValue::from_str(token.expose()),
            AuthScheme::Bearer => HeaderValue::from_str(&format!("Bearer {}", token.expose())),
        };
        let mut value = value.map_err(|_| Error::InvalidToken)?;
        value.set_sensitive(true);
        request
            .headers_mut()
            .insert(self.inner.header.clone(), value);
        Ok(())
    }

    /// The token `request` carries, as `attach` put it there.
    fn sent_token(&self, request: &Request) -> Option<Token> {
        let value = request.headers().get(&self.inner.header)?.to_str().ok()?;
        let token = match self.inner.service.auth {
            AuthScheme::Header(_) => value,
            AuthScheme::Bearer => value.strip_prefix("Bearer ")?,
        };
        Some(Token::new(token))
    }
}

/// Whether `a` and `b` have the same scheme, host and port. Field by field:
/// `Url::origin()` allocates, and this runs per request.
fn same_origin(a: &Url, b: &Url) -> bool {
    a.host_str() == b.host_str()
        && a.port_or_known_default() == b.port_or_known_default()
        && a.scheme() == b.scheme()
}

/// A URL as an error shows it: scheme, host and port only.
fn shown(url: &Url) -> String {
    url.origin().ascii_serialization()
}

/// `response` with its body read: the same status, headers, URL and
/// extensions, the body in memory. Reading it can fail (the connection broke
/// off, the attempt's time ran out); the caller then treats it as an attempt
/// without an answer.
async fn buffered(mut response: Response) -> reqwest::Result<Response> {
    let status = response.status();
    let version = response.version();
    let url = response.url().clone();
    let headers = std::mem::take(response.headers_mut());
    let extensions = std::mem::take(response.extensions_mut());
    let body = response.bytes().await?;
    // `url` sets the extension `reqwest::Response` takes its URL from.
    let mut rebuilt = http::Response::builder()
        .status(status)
        .version(version)
        .url(url)
        .body(body)
        .expect("a status and version from a response build one");
    *rebuilt.headers_mut() = headers;
    rebuilt.extensions_mut().extend(extensions);
    Ok(Response::from(rebuilt))
}

fn elapsed_ms(started: Instant) -> u64 {
    duration_ms(started.elapsed())
}

fn duration_ms(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

impl fmt::Debug for Runtime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Runtime")
            .field("service", &self.inner.service.name)
            .field("auth", &self.inner.service.auth)
            .field("credentials", &self.inner.credentials)
            .field("tenant_id", &self.inner.tenant_id)
            .field("retry", &self.inner.retry)
            .finish()
    }
}
