//! A token obtained elsewhere.

use super::env::{self, Lookup};
use super::{Credentials, Token, TokenFuture};
use crate::Error;

/// A token obtained elsewhere, sent as is for the life of the client. It
/// cannot be renewed: a 401 is returned to the caller.
///
/// ```
/// use nttcom_runtime::StaticToken;
///
/// let token = StaticToken::new("0123456789abcdef0123456789abcdef");
/// assert_eq!(format!("{token:?}"), "StaticToken(Token(<redacted>))");
/// ```
#[derive(Clone, Debug)]
pub struct StaticToken(Token);

impl StaticToken {
    pub fn new(token: impl Into<String>) -> Self {
        Self(Token::new(token))
    }

    /// Reads the token from `NTTCOM_TOKEN`.
    pub fn from_env() -> Result<Self, Error> {
        Self::from_lookup(&env::process)
    }

    pub(crate) fn from_lookup(lookup: Lookup<'_>) -> Result<Self, Error> {
        env::require(lookup, env::TOKEN).map(Self::new)
    }
}

impl Credentials for StaticToken {
    fn token<'a>(&'a self, _http: &'a reqwest::Client) -> TokenFuture<'a> {
        Box::pin(std::future::ready(Ok(self.0.clone())))
    }

    fn ready_token(&self) -> Option<Token> {
        Some(self.0.clone())
    }

    fn renews(&self) -> bool {
        false
    }
}
