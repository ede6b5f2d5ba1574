//! The request path of every generated operation: the call's overrides and
//! the client's interceptors, credentials on the way out, retries and the 401
//! replay around the send.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::ResponseBuilderExt as _;
use reqwest::header::{AUTHORIZATION, HeaderName, HeaderValue};
use reqwest::{Request, Response, StatusCode, Url};
use tracing::Instrument;
use tracing::field::Empty;

use crate::intercept::{Attempt, Call, Interceptors, Interrupted};
use crate::overrides::{self, Overrides};
use crate::retry::{Failure, RetryPolicy, retryable_status};
use crate::transport::Attempts;
use crate::{AuthScheme, Credentials, Error, OperationError, ServiceInfo, Token, TransportError};

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
    /// the runtime's redirect policy and timeouts.
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
    interceptors: Interceptors,
    /// The last token attached and its header value (see `header_value`).
    attached: std::sync::Mutex<Option<(Token, HeaderValue)>>,
}

/// Why a call ended without an answer to decode; becomes an
/// [`OperationError`] of the operation's error type.
enum Failed {
    Invalid(String),
    Interrupted(Interrupted),
    Credentials(Error),
    /// No complete answer; `true` when the answer's body broke off.
    Transport(TransportError, bool),
}

impl<E> From<Failed> for OperationError<E> {
    fn from(failed: Failed) -> Self {
        match failed {
            Failed::Invalid(reason) => OperationError::InvalidRequest(reason),
            Failed::Interrupted(why) => OperationError::Interrupted(why),
            Failed::Credentials(error) => OperationError::Credentials(error),
            Failed::Transport(error, false) => OperationError::CommunicationError(error),
            Failed::Transport(error, true) => OperationError::ResponseBodyError(error),
        }
    }
}

impl Runtime {
    pub(crate) fn new(
        service: ServiceInfo,
        credentials: Option<Arc<dyn Credentials>>,
        tenant_id: Option<String>,
        http: HttpClients,
        base_url: &Url,
        retry: RetryPolicy,
        interceptors: Interceptors,
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
                interceptors,
                attached: std::sync::Mutex::new(None),
            }),
        })
    }

    /// The service this runtime was built for.
    pub fn service(&self) -> &ServiceInfo {
        &self.inner.service
    }

    /// The retry policy requests are sent under (unless a call sets its own).
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

    /// The URL of an operation: `path` (the operation's path, each path
    /// parameter already one encoded segment, see
    /// [`path_segment`](crate::path_segment)) under the base URL's own path.
    /// Generated operations build their URL with it instead of formatting
    /// the base URL and parsing the whole text again: the base URL was
    /// parsed once, when the client was built, and only the path is read.
    ///
    /// ```
    /// # use nttcom_runtime::{Service, ServiceInfo, AuthScheme, Runtime, ClientBuilder};
    /// # struct Client(Runtime);
    /// # impl Service for Client {
    /// #     const INFO: ServiceInfo = ServiceInfo {
    /// #         name: "demo", default_base_url: "https://api.ntt.com/demo/v1", auth: AuthScheme::Bearer,
    /// #         token_exchange: None,
    /// #     };
    /// #     fn from_parts(_: &str, _: reqwest::Client, runtime: Runtime) -> Self { Client(runtime) }
    /// # }
    /// let Client(runtime) = ClientBuilder::<Client>::new().anonymous().build()?;
    /// let url = runtime.url("/orders/A%2F1");
    /// assert_eq!(url.as_str(), "https://api.ntt.com/demo/v1/orders/A%2F1");
    /// # Ok::<(), nttcom_runtime::Error>(())
    /// ```
    pub fn url(&self, path: &str) -> Url {
        let base = &self.inner.base_url;
        let mut full = String::with_capacity(base.path().len() + path.len());
        full.push_str(base.path().trim_end_matches('/'));
        full.push_str(path);
        let mut url = base.clone();
        url.set_path(&full);
        url
    }

    /// Sends the request of operation `operation` (its spec's operation id)
    /// and returns the answer with its body read; every generated operation's
    /// `send()` calls it, then decodes the answer.
    ///
    /// In order: the call's [`Overrides`] are applied (a header that cannot
    /// be sent, or one the runtime owns, fails as `InvalidRequest`); the
    /// client's [interceptors](crate::intercept) see the request, and may
    /// amend or stop it (`Interrupted`); a client with credentials refuses a
    /// request for another origin than its base URL
    /// ([`Error::OtherOrigin`]); the token is fetched and attached (a failure
    /// is `Credentials`). Then the request is sent under the
    /// [`RetryPolicy`] (the call's or the client's), and after a 401 the
    /// token is renewed and the request replayed once; a request whose body
    /// cannot be cloned (a stream) is sent once. Nothing is sent when any
    /// step before fails.
    ///
    /// The request goes out through the HTTP client the
    /// [`ClientBuilder`](crate::ClientBuilder) built, with its redirect
    /// policy and timeouts. The answer's body is read here, inside the retry
    /// loop, so that a body cut short is retried like a lost connection; no
    /// complete answer is `CommunicationError` (or `ResponseBodyError`, when
    /// the body broke off) with a [`TransportError`] saying how many
    /// attempts were made and how long they took.
    pub async fn send<E>(
        &self,
        request: Request,
        operation: &'static str,
        overrides: Overrides,
    ) -> Result<Response, OperationError<E>> {
        self.call(request, operation, overrides)
            .await
            .map_err(OperationError::from)
    }

    /// [`send`](Self::send) without the operation's error type, so that
    /// its code exists once, not once per service error type.
    async fn call(
        &self,
        mut request: Request,
        operation: &'static str,
        overrides: Overrides,
    ) -> Result<Response, Failed> {
        let inner = &*self.inner;
        let Overrides {
            timeout,
            retry,
            headers,
            invalid,
        } = overrides;
        if let Some(reason) = invalid {
            return Err(Failed::Invalid(reason));
        }
        for (name, value) in headers {
            if name == inner.header || overrides::reserved(&name) {
                return Err(Failed::Invalid(format!(
                    "header `{name}`: set by the client itself, a call cannot set it"
                )));
            }
            request.headers_mut().insert(name, value);
        }
        if timeout.is_some() {
            *request.timeout_mut() = timeout;
        }
        if !inner.interceptors.is_empty() {
            let call = Call::new(inner.service.name, operation, self.sends_token(&request));
            inner
                .interceptors
                .before_send(&mut request, &call)
                .map_err(Failed::Interrupted)?;
        }
        if inner.credentials.is_some() && !same_origin(request.url(), &inner.base_url) {
            return Err(Failed::Credentials(Error::OtherOrigin {
                url: shown(request.url()),
                origin: shown(&inner.base_url),
            }));
        }
        let sends_token = self.sends_token(&request);
        if sends_token {
            let ready = inner.credentials.as_ref().and_then(|c| c.ready_token());
            let token = match ready {
                Some(token) => token,
                None => self.token().await.map_err(Failed::Credentials)?,
            };
            self.attach(&mut request, &token)
                .map_err(Failed::Credentials)?;
        }
        let span = tracing::info_span!(
            "nttcom_request",
            service = inner.service.name,
            operation = operation,
            method = %request.method(),
            path = request.url().path(),
            status = Empty,
            attempt = Empty,
            elapsed_ms = Empty,
        );
        let call = Call::new(inner.service.name, operation, sends_token);
        let limits = Limits {
            retry: retry.as_ref().unwrap_or(&inner.retry),
            timeout: timeout.unwrap_or(inner.timeout),
        };
        self.attempts(request, &call, &limits, &span)
            .instrument(span.clone())
            .await
    }

    async fn attempts(
        &self,
        request: Request,
        call: &Call,
        limits: &Limits<'_>,
        span: &tracing::Span,
    ) -> Result<Response, Failed> {
        let inner = &*self.inner;
        let started = Instant::now();
        let retry_method = limits.retry.allows(request.method());
        // A copy of the request is kept for another attempt only when one can
        // follow: a retry, or the replay after a 401 with a renewed token.
        let may_replay =
            call.sends_token() && inner.credentials.as_ref().is_some_and(|c| c.renews());
        let may_retry = retry_method && limits.retry.attempts() > 1;
        let mut pending = request;
        let mut attempt = 0u32;
        let mut retries = 0u32;
        let mut replayed = false;
        loop {
            attempt += 1;
            let spare = if may_replay || may_retry {
                pending.try_clone()
            } else {
                None
            };
            let mut status = None;
            let outcome = match inner.http.execute(pending).await {
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
            if !inner.interceptors.is_empty() {
                let seen = Attempt::new(
                    attempt,
                    status,
                    outcome.as_ref().ok().map(Response::headers),
                    outcome.as_ref().err(),
                );
                inner.interceptors.after_attempt(&seen, call);
            }
            // Whatever ends here, an error says after how many attempts.
            let done = |outcome: reqwest::Result<Response>| {
                outcome.map_err(|error| {
                    let body = error.is_body() || error.is_decode();
                    let attempts = Attempts {
                        count: attempt,
                        elapsed: started.elapsed(),
                        timeout: limits.timeout,
                        status,
                    };
                    Failed::Transport(TransportError::after(error, attempts), body)
                })
            };
            // The usual end: an answer that calls for no other attempt.
            if let Ok(response) = &outcome
                && response.status() != StatusCode::UNAUTHORIZED
                && !retryable_status(response.status())
            {
                return done(outcome);
            }
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
            let Some(wait) = limits.retry.wait(failure, retries + 1, elapsed) else {
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

    pub(crate) fn attach(&self, request: &mut Request, token: &Token) -> Result<(), Error> {
        let value = self.header_value(token)?;
        request
            .headers_mut()
            .insert(self.inner.header.clone(), value);
        Ok(())
    }

    /// The credential header's value for `token`, marked sensitive. Made once
    /// per token and then shared: a token serves many requests.
    fn header_value(&self, token: &Token) -> Result<HeaderValue, Error> {
        let mut last = self
            .inner
            .attached
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some((sent, value)) = &*last
            && sent == token
        {
            return Ok(value.clone());
        }
        let value = match self.inner.service.auth {
            AuthScheme::Header(_) => HeaderValue::from_str(token.expose()),
            AuthScheme::Bearer => HeaderValue::from_str(&format!("Bearer {}", token.expose())),
        };
        let mut value = value.map_err(|_| Error::InvalidToken)?;
        value.set_sensitive(true);
        *last = Some((token.clone(), value.clone()));
        Ok(value)
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

/// The retry policy and attempt limit of one call.
struct Limits<'a> {
    retry: &'a RetryPolicy,
    timeout: Duration,
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
    if !extensions.is_empty() {
        // The URL goes into the answer's own extensions: one insert, rather
        // than every extension copied into a new map.
        let url = std::mem::replace(rebuilt.extensions_mut(), extensions);
        rebuilt.extensions_mut().extend(url);
    }
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
            .field("interceptors", &self.inner.interceptors)
            .finish()
    }
}
