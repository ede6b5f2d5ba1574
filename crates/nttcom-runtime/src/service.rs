//! How a generated service crate describes itself to the runtime.

use crate::{Error, Runtime};

/// How a service expects its credentials on each request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuthScheme {
    /// The token in a header of this name, e.g. `X-Auth-Token` (Keystone).
    Header(&'static str),
    /// `Authorization: Bearer <token>`.
    Bearer,
}

/// Where a service's tokens come from, from the `x-token-exchange` extension
/// of its spec's security scheme.
///
/// Paths are relative to the origin (scheme, host, port) of the client's base
/// URL, so a regional host or a local mock server moves the exchange with it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenExchange {
    /// Keystone v3 password method, e.g. `/keystone/v3/auth/tokens`.
    Keystone { path: &'static str },
    /// The gateway's client-credentials grant, e.g. `/oauth/v1/accesstokens`.
    ClientCredentials { path: &'static str },
}

impl TokenExchange {
    /// The builder method that configures these credentials, for messages.
    pub(crate) fn builder_method(self) -> &'static str {
        match self {
            TokenExchange::Keystone { .. } => "`.keystone(…)`",
            TokenExchange::ClientCredentials { .. } => "`.client_credentials(…)`",
        }
    }

    /// The endpoint for a client whose base URL is `base_url`.
    pub fn url(self, base_url: &reqwest::Url) -> Result<reqwest::Url, Error> {
        let (TokenExchange::Keystone { path } | TokenExchange::ClientCredentials { path }) = self;
        if !path.starts_with('/') {
            return Err(Error::InvalidBaseUrl {
                url: path.to_owned(),
                reason: "a token exchange path must start with `/`".to_owned(),
            });
        }
        let mut url = base_url.clone();
        url.set_path(path);
        url.set_query(None);
        url.set_fragment(None);
        Ok(url)
    }
}

/// Static facts about a service, taken from its spec by the code generator.
#[derive(Clone, Copy, Debug)]
pub struct ServiceInfo {
    /// The service slug, e.g. `sign-common`.
    pub name: &'static str,
    /// The production base URL (the spec's first server).
    pub default_base_url: &'static str,
    pub auth: AuthScheme,
    /// Where tokens are exchanged for credentials; `None` when the spec says
    /// nothing, which leaves static tokens and explicit endpoints.
    pub token_exchange: Option<TokenExchange>,
}

/// Implemented by each generated `Client` so that [`ClientBuilder`](crate::ClientBuilder)
/// can build it.
pub trait Service: Sized {
    const INFO: ServiceInfo;

    /// Assembles the client from its configured parts.
    fn from_parts(base_url: &str, http: reqwest::Client, runtime: Runtime) -> Self;
}
