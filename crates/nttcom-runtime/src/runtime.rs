//! The per-request hooks every generated client calls.

use std::fmt;
use std::sync::Arc;

use reqwest::header::{AUTHORIZATION, HeaderName, HeaderValue};

use crate::{AuthScheme, Credentials, Error, ServiceInfo};

/// Header progenitor adds to every request; none of the NTT APIs asks for it.
const PROGENITOR_API_VERSION: &str = "api-version";

/// State shared by all requests of one client (cheap to clone).
#[derive(Clone)]
pub struct Runtime {
    inner: Arc<Inner>,
}

struct Inner {
    service: ServiceInfo,
    credentials: Option<Arc<dyn Credentials>>,
    /// The client's HTTP client, also used by credential exchanges.
    http: reqwest::Client,
    /// Where the token goes, resolved once from `service.auth`.
    header: HeaderName,
}

impl Runtime {
    pub(crate) fn new(
        service: ServiceInfo,
        credentials: Option<Arc<dyn Credentials>>,
        http: reqwest::Client,
    ) -> Result<Self, Error> {
        let header = match service.auth {
            AuthScheme::Header(name) => {
                HeaderName::from_bytes(name.as_bytes()).map_err(|_| Error::InvalidToken)?
            }
            AuthScheme::Bearer => AUTHORIZATION,
        };
        Ok(Self {
            inner: Arc::new(Inner {
                service,
                credentials,
                http,
                header,
            }),
        })
    }

    /// The service this runtime was built for.
    pub fn service(&self) -> &ServiceInfo {
        &self.inner.service
    }

    /// Readies a request before it is sent: drops progenitor's `api-version`
    /// header and attaches the current token.
    pub async fn prepare(
        &self,
        request: &mut reqwest::Request,
        _operation_id: &str,
    ) -> Result<(), Error> {
        request.headers_mut().remove(PROGENITOR_API_VERSION);
        let Some(credentials) = &self.inner.credentials else {
            return Ok(());
        };
        let token = credentials.token(&self.inner.http).await?;
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

    /// Sends a prepared request.
    pub async fn execute(
        &self,
        http: &reqwest::Client,
        request: reqwest::Request,
        _operation_id: &str,
    ) -> reqwest::Result<reqwest::Response> {
        http.execute(request).await
    }
}

impl fmt::Debug for Runtime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Runtime")
            .field("service", &self.inner.service.name)
            .field("auth", &self.inner.service.auth)
            .field("credentials", &self.inner.credentials)
            .finish()
    }
}
