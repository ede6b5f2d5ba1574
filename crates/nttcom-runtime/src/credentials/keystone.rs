//! Keystone v3 password exchange: API key and secret for an `X-Auth-Token`.

use std::fmt;
use std::time::{Duration, SystemTime};

use serde::Deserialize;
use serde_json::json;

use super::cache::{Issued, TokenCache};
use super::env::{self, Lookup};
use super::exchange::{Answer, Attempt, Endpoint, Failure, Kind, json_text};
use super::{Credentials, Token, TokenFuture};
use crate::secret::Secret;
use crate::time::parse_rfc3339;
use crate::{Error, ServiceInfo};

/// Header in which Keystone returns the token it issued.
const SUBJECT_TOKEN: &str = "x-subject-token";

/// An API key and secret exchanged at Keystone v3 for tokens scoped to one
/// tenant (sign-common, icms-profiles, fic-premium-support).
///
/// The request is `POST …/v3/auth/tokens` with the password method (user name
/// = API key, password = API secret, user domain `default`, project scope =
/// tenant id); the token comes back in `X-Subject-Token`, its expiry in the
/// body's `token.expires_at`. Tokens are cached and renewed ahead of expiry;
/// a refusal (401, 403) is remembered for a while
/// ([`ClientBuilder::refusal_window`](crate::ClientBuilder::refusal_window)).
/// The tenant is also the client's default one
/// ([`Runtime::tenant_id`](crate::Runtime::tenant_id)).
///
/// ```no_run
/// use nttcom_runtime::Keystone;
///
/// let credentials = Keystone::new("my-api-key", "my-api-secret", "550e8400e29b41d4a716446655440000");
/// // Or from NTTCOM_API_KEY, NTTCOM_API_SECRET and NTTCOM_TENANT_ID:
/// let credentials = Keystone::from_env()?;
/// # Ok::<(), nttcom_runtime::Error>(())
/// ```
pub struct Keystone {
    api_key: String,
    api_secret: Secret,
    tenant_id: String,
    endpoint: Endpoint,
    cache: TokenCache,
}

impl Keystone {
    pub fn new(
        api_key: impl Into<String>,
        api_secret: impl Into<String>,
        tenant_id: impl Into<String>,
    ) -> Self {
        Self {
            api_key: api_key.into(),
            api_secret: Secret::new(api_secret),
            tenant_id: tenant_id.into(),
            endpoint: Endpoint::Unset,
            cache: TokenCache::default(),
        }
    }

    /// Reads `NTTCOM_API_KEY`, `NTTCOM_API_SECRET` and `NTTCOM_TENANT_ID`.
    pub fn from_env() -> Result<Self, Error> {
        Self::from_lookup(&env::process)
    }

    pub(crate) fn from_lookup(lookup: Lookup<'_>) -> Result<Self, Error> {
        Ok(Self::new(
            env::require(lookup, env::API_KEY)?,
            env::require(lookup, env::API_SECRET)?,
            env::require(lookup, env::TENANT_ID)?,
        ))
    }

    /// Exchanges at this URL (the full `…/v3/auth/tokens` address) instead of
    /// the one the service names.
    pub fn endpoint(mut self, url: impl Into<String>) -> Self {
        self.endpoint = Endpoint::Given(url.into());
        self
    }

    async fn exchange(&self, http: &reqwest::Client, url: reqwest::Url) -> Result<Issued, Failure> {
        let attempt = Attempt {
            kind: Kind::Keystone,
            url: &url,
            secrets: &[self.api_secret.expose()],
        };
        let body = json!({
            "auth": {
                "identity": {
                    "methods": ["password"],
                    "password": {
                        "user": {
                            "domain": { "id": "default" },
                            "name": self.api_key,
                            "password": self.api_secret.expose(),
                        }
                    }
                },
                "scope": { "project": { "id": self.tenant_id } }
            }
        });
        let answer = attempt.post(http, &body).await?;
        if !answer.status.is_success() {
            return Err(attempt.refused(&answer));
        }
        let issued = read_answer(&answer, SystemTime::now())
            .map_err(|reason| attempt.fail(Some(answer.status), reason))?;
        attempt.obtained(issued.lifetime);
        Ok(issued)
    }
}

#[derive(Deserialize)]
struct Body {
    token: TokenBody,
}

#[derive(Deserialize)]
struct TokenBody {
    expires_at: String,
    issued_at: Option<String>,
}

/// The token and its lifetime, or why the answer is unusable.
fn read_answer(answer: &Answer, now: SystemTime) -> Result<Issued, String> {
    let token = answer
        .headers
        .get(SUBJECT_TOKEN)
        .and_then(|v| v.to_str().ok())
        .filter(|v| !v.is_empty())
        .ok_or("the answer has no X-Subject-Token header")?;
    let body: Body = serde_json::from_str(json_text(&answer.body))
        .map_err(|e| format!("the answer is not a Keystone token body: {e}"))?;
    let expires = parse_rfc3339(&body.token.expires_at).ok_or_else(|| {
        format!(
            "token.expires_at `{}` is not an ISO 8601 date-time",
            body.token.expires_at
        )
    })?;
    // Measured on the issuer's clock when it says when it issued the token,
    // so that a skewed local clock does not shorten or stretch the lifetime.
    let issued = body
        .token
        .issued_at
        .as_deref()
        .and_then(parse_rfc3339)
        .unwrap_or(now);
    Ok(Issued {
        token: Token::new(token),
        lifetime: expires.duration_since(issued).unwrap_or(Duration::ZERO),
    })
}

impl Credentials for Keystone {
    fn token<'a>(&'a self, http: &'a reqwest::Client) -> TokenFuture<'a> {
        Box::pin(async move {
            let url = self.endpoint.url(Kind::Keystone)?;
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

    fn tenant_id(&self) -> Option<&str> {
        Some(&self.tenant_id)
    }

    fn token_endpoint(&self) -> Option<reqwest::Url> {
        self.endpoint.resolved()
    }

    fn bind(&mut self, service: &ServiceInfo, base_url: &reqwest::Url) -> Result<(), Error> {
        self.endpoint.bind(Kind::Keystone, service, base_url)
    }
}

impl fmt::Debug for Keystone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Keystone")
            .field("api_key", &self.api_key)
            .field("api_secret", &self.api_secret)
            .field("tenant_id", &self.tenant_id)
            .field("endpoint", &self.endpoint)
            .finish_non_exhaustive()
    }
}
