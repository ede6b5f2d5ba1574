//! `Client::builder()`: one place to set credentials, base URL and timeouts.

use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use crate::{Credentials, Error, Runtime, Service, StaticToken};

/// Configures a service client; obtained from `Client::builder()`.
#[must_use]
pub struct ClientBuilder<S> {
    base_url: Option<String>,
    credentials: Option<Arc<dyn Credentials>>,
    anonymous: bool,
    timeout: Duration,
    connect_timeout: Duration,
    http: Option<reqwest::Client>,
    service: PhantomData<fn() -> S>,
}

impl<S: Service> Default for ClientBuilder<S> {
    fn default() -> Self {
        Self::new()
    }
}

impl<S: Service> ClientBuilder<S> {
    /// Default timeouts: 10 s to connect, 60 s for a whole request.
    pub fn new() -> Self {
        Self {
            base_url: None,
            credentials: None,
            anonymous: false,
            timeout: Duration::from_secs(60),
            connect_timeout: Duration::from_secs(10),
            http: None,
            service: PhantomData,
        }
    }

    /// Sends requests to `url` instead of the production endpoint
    /// (`S::INFO.default_base_url`), e.g. a test server.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Sends this token, obtained elsewhere, with every request.
    pub fn token(self, token: impl Into<String>) -> Self {
        self.credentials(StaticToken::new(token))
    }

    /// Takes tokens from `credentials` (a static token or an exchange).
    pub fn credentials(mut self, credentials: impl Credentials) -> Self {
        self.credentials = Some(Arc::new(credentials));
        self
    }

    /// Sends requests without credentials (e.g. to a local mock).
    pub fn anonymous(mut self) -> Self {
        self.anonymous = true;
        self
    }

    /// Upper bound for one request, from connecting to the end of the body.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Upper bound for establishing a connection.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Uses this HTTP client as is (its own timeouts, proxy, TLS settings).
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Checks the configuration and builds the client. Fails on a missing
    /// credential or a malformed base URL; nothing is sent.
    pub fn build(self) -> Result<S, Error> {
        let info = S::INFO;
        if self.credentials.is_none() && !self.anonymous {
            return Err(Error::MissingCredentials { service: info.name });
        }
        let base_url = self
            .base_url
            .unwrap_or_else(|| info.default_base_url.to_owned());
        check_base_url(&base_url)?;
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .timeout(self.timeout)
                .connect_timeout(self.connect_timeout)
                .user_agent(concat!("nttcom-rs/", env!("CARGO_PKG_VERSION")))
                .build()
                .map_err(Error::HttpClient)?,
        };
        let runtime = Runtime::new(info, self.credentials, http.clone())?;
        Ok(S::from_parts(base_url.trim_end_matches('/'), http, runtime))
    }
}

fn check_base_url(url: &str) -> Result<(), Error> {
    let invalid = |reason: &str| Error::InvalidBaseUrl {
        url: url.to_owned(),
        reason: reason.to_owned(),
    };
    let parsed = reqwest::Url::parse(url).map_err(|e| invalid(&e.to_string()))?;
    match parsed.scheme() {
        "http" | "https" => {}
        other => return Err(invalid(&format!("scheme `{other}` is not http or https"))),
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(invalid("a base URL takes no query or fragment"));
    }
    Ok(())
}
