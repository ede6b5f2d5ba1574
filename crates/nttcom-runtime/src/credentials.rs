//! Credentials: where the token sent with each request comes from.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use crate::Error;

/// A token to send to a service. Its `Debug` never shows the value.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(Arc<str>);

impl Token {
    pub fn new(value: impl Into<String>) -> Self {
        Self(Arc::from(value.into()))
    }

    /// The secret value itself; keep it out of logs.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(<redacted>)")
    }
}

/// The future a [`Credentials`] implementation returns.
pub type TokenFuture<'a> = Pin<Box<dyn Future<Output = Result<Token, Error>> + Send + 'a>>;

/// A source of tokens: a fixed one, or an exchange that fetches and renews them.
pub trait Credentials: fmt::Debug + Send + Sync + 'static {
    /// The token to send now. `http` is the client's own HTTP client, for
    /// implementations that fetch tokens from an endpoint.
    fn token<'a>(&'a self, http: &'a reqwest::Client) -> TokenFuture<'a>;
}

/// A token obtained elsewhere, sent as is until the client is dropped.
#[derive(Clone, Debug)]
pub struct StaticToken(Token);

impl StaticToken {
    pub fn new(token: impl Into<String>) -> Self {
        Self(Token::new(token))
    }
}

impl Credentials for StaticToken {
    fn token<'a>(&'a self, _http: &'a reqwest::Client) -> TokenFuture<'a> {
        Box::pin(std::future::ready(Ok(self.0.clone())))
    }
}
