//! Credentials: where the token sent with each request comes from.
//!
//! [`StaticToken`] sends a token obtained elsewhere; [`Keystone`] and
//! [`ClientCredentials`] exchange an API key and secret for tokens, cache
//! them and renew them before they expire. All three can be read from the
//! environment (see [`env`]).

mod cache;
mod client_credentials;
pub mod env;
mod exchange;
mod keystone;
mod static_token;

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

pub(crate) use cache::DEFAULT_REFUSAL_WINDOW;
pub use client_credentials::ClientCredentials;
pub(crate) use exchange::parse_http_url;
pub use keystone::Keystone;
pub use static_token::StaticToken;

use crate::secret::Secret;
use crate::{Error, ServiceInfo};

/// A token to send to a service. Its `Debug` never shows the value and it has
/// no `Display`.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(Secret);

impl Token {
    pub fn new(value: impl Into<String>) -> Self {
        Self(Secret::new(value))
    }

    /// The secret value itself; keep it out of logs.
    pub fn expose(&self) -> &str {
        self.0.expose()
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Token({:?})", self.0)
    }
}

/// The future a [`Credentials`] implementation returns.
pub type TokenFuture<'a> = Pin<Box<dyn Future<Output = Result<Token, Error>> + Send + 'a>>;

/// A source of tokens: a fixed one, or an exchange that fetches and renews them.
///
/// Implement it to plug in another source (a vault, a token file); the
/// provided methods make sense for a source that cannot renew.
pub trait Credentials: fmt::Debug + Send + Sync + 'static {
    /// The token to send now. `http` is the client's own HTTP client, for
    /// implementations that fetch tokens from an endpoint.
    fn token<'a>(&'a self, http: &'a reqwest::Client) -> TokenFuture<'a>;

    /// The token to send now when it is at hand without waiting (a fixed
    /// token, a cached one not yet due for renewal), else `None`, and the
    /// runtime calls [`token`](Credentials::token). Saves the boxed future
    /// of `token` on the requests that need none.
    fn ready_token(&self) -> Option<Token> {
        None
    }

    /// Whether a refused token can ever be replaced by another: `true` for
    /// an exchange (and by default), `false` for a fixed token. The runtime
    /// keeps a copy of a request for the replay after a 401 only when it
    /// can.
    fn renews(&self) -> bool {
        true
    }

    /// The service answered 401 to a request that carried `token`. Returns
    /// whether [`token`](Credentials::token) can now produce a different one,
    /// in which case the runtime replays the request once.
    fn refused(&self, token: &Token) -> bool {
        let _ = token;
        false
    }

    /// Called once by the client builder with the service and base URL the
    /// credentials will serve, so that an exchange can find its endpoint and
    /// refuse a service it does not fit.
    fn bind(&mut self, service: &ServiceInfo, base_url: &reqwest::Url) -> Result<(), Error> {
        let _ = (service, base_url);
        Ok(())
    }

    /// Where the credentials send a secret to obtain tokens, if anywhere: the
    /// builder refuses a plain `http://` endpoint on a remote host (see
    /// [`ClientBuilder::allow_insecure_http`](crate::ClientBuilder::allow_insecure_http)).
    /// Implement it for credentials that post a secret somewhere.
    fn token_endpoint(&self) -> Option<reqwest::Url> {
        None
    }

    /// Called once by the client builder with its
    /// [`refusal_window`](crate::ClientBuilder::refusal_window): how long an
    /// exchange refused with 401 or 403 is answered from memory instead of
    /// being sent again.
    fn set_refusal_window(&mut self, window: Duration) {
        let _ = window;
    }

    /// Forgets a remembered refusal ([`Runtime::clear_refusal`](crate::Runtime::clear_refusal)).
    fn clear_refusal(&self) {}

    /// The tenant the tokens are scoped to, if the credentials name one
    /// (Keystone's project); see [`Runtime::tenant_id`](crate::Runtime::tenant_id).
    fn tenant_id(&self) -> Option<&str> {
        None
    }
}
