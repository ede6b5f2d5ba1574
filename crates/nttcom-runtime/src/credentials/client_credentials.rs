//! The gateway's client-credentials exchange: client id and secret for a
//! bearer token.

use std::fmt;
use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};

use super::cache::{Issued, TokenCache};
use super::env::{self, Lookup};
use super::exchange::{Answer, Attempt, Endpoint, Failure, Kind, json_text};
use super::{Credentials, Token, TokenFuture};
use crate::secret::Secret;
use crate::{Error, ServiceInfo};

/// A client id and secret exchanged at the API gateway for bearer tokens
/// (ipoe, service-order).
///
/// The request is a JSON body
/// `{"grantType":"client_credentials","clientId":…,"clientSecret":…}`; the
/// gateway answers 200 or 201 with `accessToken` and `expiresIn` (seconds,
/// sent as a string). Tokens are cached and renewed ahead of expiry; a
/// refusal (401, 403) is remembered for a while
/// ([`ClientBuilder::refusal_window`](crate::ClientBuilder::refusal_window)).
///
/// ```no_run
/// use nttcom_runtime::ClientCredentials;
///
/// let credentials = ClientCredentials::new("my-client-id", "my-client-secret");
/// // Or from NTTCOM_CLIENT_ID and NTTCOM_CLIENT_SECRET:
/// let credentials = ClientCredentials::from_env()?;
/// # Ok::<(), nttcom_runtime::Error>(())
/// ```
pub struct ClientCredentials {
    client_id: String,
    client_secret: Secret,
    endpoint: Endpoint,
    cache: TokenCache,
}

impl ClientCredentials {
    pub fn new(client_id: impl Into<String>, client_secret: impl Into<String>) -> Self {
        Self {
            client_id: client_id.into(),
            client_secret: Secret::new(client_secret),
            endpoint: Endpoint::Unset,
            cache: TokenCache::default(),
        }
    }

    /// Reads `NTTCOM_CLIENT_ID` and `NTTCOM_CLIENT_SECRET`.
    pub fn from_env() -> Result<Self, Error> {
        Self::from_lookup(&env::process)
    }

    pub(crate) fn from_lookup(lookup: Lookup<'_>) -> Result<Self, Error> {
        Ok(Self::new(
            env::require(lookup, env::CLIENT_ID)?,
            env::require(lookup, env::CLIENT_SECRET)?,
        ))
    }

    /// Exchanges at this URL instead of the one the service names.
    pub fn endpoint(mut self, url: impl Into<String>) -> Self {
        self.endpoint = Endpoint::Given(url.into());
        self
    }

    async fn exchange(&self, http: &reqwest::Client, url: reqwest::Url) -> Result<Issued, Failure> {
        let attempt = Attempt {
            kind: Kind::ClientCredentials,
            url: &url,
            secrets: &[self.client_secret.expose()],
        };
        let body = json!({
            "grantType": "client_credentials",
            "clientId": self.client_id,
            "clientSecret": self.client_secret.expose(),
        });
        let answer = attempt.post(http, &body).await?;
        // The gateway documents 200 and sends 201.
        if !matches!(answer.status, StatusCode::OK | StatusCode::CREATED) {
            return Err(attempt.refused(&answer));
        }
        let issued =
            read_answer(&answer).map_err(|reason| attempt.fail(Some(answer.status), reason))?;
        attempt.obtained(issued.lifetime);
        Ok(issued)
    }
}

/// The token and its lifetime, or why the answer is unusable.
///
/// `issuedAt` (epoch milliseconds on the gateway's clock) is not needed: the
/// lifetime counts from when the request left, which is never later than the
/// issue, whatever the local clock says.
fn read_answer(answer: &Answer) -> Result<Issued, String> {
    let body: Value = serde_json::from_str(json_text(&answer.body))
        .map_err(|e| format!("the answer is not JSON: {e}"))?;
    let token = body
        .get("accessToken")
        .and_then(Value::as_str)
        .filter(|t| !t.is_empty())
        .ok_or("the answer has no `accessToken`")?;
    // A string per the gateway's format; a number is accepted as well.
    let expires_in = match body.get("expiresIn") {
        Some(Value::String(s)) => s.trim().parse::<u64>().ok(),
        Some(Value::Number(n)) => n.as_u64(),
        _ => None,
    }
    .ok_or("the answer has no `expiresIn` number of seconds")?;
    Ok(Issued {
        token: Token::new(token),
        lifetime: Duration::from_secs(expires_in),
    })
}

impl Credentials for ClientCredentials {
    fn token<'a>(&'a self, http: &'a reqwest::Client) -> TokenFuture<'a> {
        Box::pin(async move {
            let url = self.endpoint.url(Kind::ClientCredentials)?;
            self.cache.get(|| self.exchange(http, url)).await
        })
    }

    fn ready_token(&self) -> Option<Token> {
        self.cache.fresh()
    }

    fn refused(&self, token: &Token) -> bool {
        self.cache.refused(token)
    }

    fn set_refusal_window(&mut self, window: Duration) {
        self.cache.set_refusal_window(window);
    }

    fn clear_refusal(&self) {
        self.cache.clear_refusal();
    }

    fn token_endpoint(&self) -> Option<reqwest::Url> {
        self.endpoint.resolved()
    }

    fn bind(&mut self, service: &ServiceInfo, base_url: &reqwest::Url) -> Result<(), Error> {
        self.endpoint
            .bind(Kind::ClientCredentials, service, base_url)
    }
}

impl fmt::Debug for ClientCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCredentials")
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret)
            .field("endpoint", &self.endpoint)
            .finish_non_exhaustive()
    }
}
