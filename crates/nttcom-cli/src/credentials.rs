//! Which credentials, tenant and base URL a command uses.
//!
//! Precedence, highest first (**flags > environment > profile**):
//!
//! 1. `--profile NAME`: that profile's credentials and `tenant-id`, and
//!    nothing from the environment. A missing profile is an error.
//! 2. The environment, with the variables of the library's `from_env()`: the
//!    service's exchange (`NTTCOM_API_KEY` + `NTTCOM_API_SECRET` +
//!    `NTTCOM_TENANT_ID` for Keystone services, `NTTCOM_CLIENT_ID` +
//!    `NTTCOM_CLIENT_SECRET` for API-gateway ones) when its key or id is
//!    set (a missing partner is an error, not a fall-through), else
//!    `NTTCOM_TOKEN`. `NTTCOM_TENANT_ID` is also the default tenant.
//! 3. The profile named by `NTTCOM_PROFILE`, else `default`, from the
//!    configuration file: the same choice among its fields.
//!
//! The base URL is `--base-url`, else the profile's `base-url.<slug>`, else
//! the service's production endpoint. Secrets are never taken from flags
//! (they would stay in the shell's history and in `ps`).
//!
//! Missing credentials are not an error here: the client gets
//! [`Missing`] credentials that fail only when a request needs a token, so
//! that a request refused by its own checks still exits 2, and a request
//! that needs no token (a token endpoint) still goes out.

use std::fmt;

use nttcom_runtime::{ClientBuilder, Credentials, Error, Service, TokenExchange, TokenFuture, env};

use crate::config::Profile;
use crate::exit::Failure;

/// Where the settings come from; [`resolve`] applies the precedence.
pub struct Sources<'a> {
    pub lookup: &'a dyn Fn(&str) -> Option<String>,
    /// The profile in use and its name; `explicit` when `--profile` named it.
    pub profile: Option<(&'a str, &'a Profile)>,
    pub explicit: bool,
}

/// The credentials of one service client. No `Debug` of the secrets.
pub enum Plan {
    Keystone {
        api_key: String,
        api_secret: String,
        tenant_id: String,
    },
    ClientCredentials {
        client_id: String,
        client_secret: String,
    },
    Token(String),
    /// None found: requests that need a token fail with this explanation.
    Missing(Missing),
}

impl fmt::Debug for Plan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Plan::Keystone { tenant_id, .. } => write!(f, "Keystone(tenant {tenant_id})"),
            Plan::ClientCredentials { .. } => f.write_str("ClientCredentials"),
            Plan::Token(_) => f.write_str("Token"),
            Plan::Missing(missing) => write!(f, "{missing:?}"),
        }
    }
}

/// What a client is configured with.
#[derive(Debug)]
pub struct Settings {
    pub plan: Plan,
    /// The default tenant for parameters the client fills in.
    pub tenant_id: Option<String>,
    /// Where the credentials came from, for `--verbose`: `environment` or
    /// `profile NAME`.
    pub source: String,
}

impl Settings {
    /// The builder with these credentials and tenant.
    pub fn apply<S: Service>(&self, builder: ClientBuilder<S>) -> ClientBuilder<S> {
        let builder = match &self.plan {
            Plan::Keystone {
                api_key,
                api_secret,
                tenant_id,
            } => builder.keystone(api_key, api_secret, tenant_id),
            Plan::ClientCredentials {
                client_id,
                client_secret,
            } => builder.client_credentials(client_id, client_secret),
            Plan::Token(token) => builder.token(token),
            Plan::Missing(missing) => builder.credentials(missing.clone()),
        };
        match &self.tenant_id {
            Some(tenant) => builder.tenant_id(tenant),
            None => builder,
        }
    }
}

/// The credentials for a service whose token exchange is `exchange`.
pub fn resolve(
    service: &'static str,
    exchange: Option<TokenExchange>,
    sources: &Sources<'_>,
) -> Result<Settings, Failure> {
    let profile_tenant = || {
        sources
            .profile
            .and_then(|(_, p)| p.tenant_id.clone())
            .filter(|t| !t.is_empty())
    };
    let var = |name: &str| (sources.lookup)(name).filter(|value| !value.is_empty());
    let tenant_id = if sources.explicit {
        profile_tenant()
    } else {
        var(env::TENANT_ID).or_else(profile_tenant)
    };
    let missing = || Plan::Missing(Missing::none(service, exchange));
    if !sources.explicit
        && let Some(plan) = from_env(exchange, &var)?
    {
        return Ok(Settings {
            plan,
            tenant_id,
            source: "environment".into(),
        });
    }
    let Some((name, profile)) = sources.profile else {
        return Ok(Settings {
            plan: missing(),
            tenant_id,
            source: "nowhere".into(),
        });
    };
    Ok(Settings {
        plan: from_profile(exchange, name, profile)?.unwrap_or_else(missing),
        tenant_id,
        source: format!("profile {name}"),
    })
}

/// The exchange's variables when its key or id is set, else `NTTCOM_TOKEN`.
fn from_env(
    exchange: Option<TokenExchange>,
    var: &dyn Fn(&str) -> Option<String>,
) -> Result<Option<Plan>, Failure> {
    let require = |name: &'static str| {
        var(name).ok_or_else(|| {
            Failure::credentials(format!(
                "environment variable {name} is not set (or is empty), but its partner is"
            ))
        })
    };
    match exchange {
        Some(TokenExchange::Keystone { .. })
            if var(env::API_KEY).is_some() || var(env::API_SECRET).is_some() =>
        {
            return Ok(Some(Plan::Keystone {
                api_key: require(env::API_KEY)?,
                api_secret: require(env::API_SECRET)?,
                tenant_id: require(env::TENANT_ID)?,
            }));
        }
        Some(TokenExchange::ClientCredentials { .. })
            if var(env::CLIENT_ID).is_some() || var(env::CLIENT_SECRET).is_some() =>
        {
            return Ok(Some(Plan::ClientCredentials {
                client_id: require(env::CLIENT_ID)?,
                client_secret: require(env::CLIENT_SECRET)?,
            }));
        }
        _ => {}
    }
    Ok(var(env::TOKEN).map(Plan::Token))
}

/// The same choice among a profile's fields.
fn from_profile(
    exchange: Option<TokenExchange>,
    name: &str,
    profile: &Profile,
) -> Result<Option<Plan>, Failure> {
    let field = |value: &Option<String>| value.clone().filter(|v| !v.is_empty());
    let require = |value: &Option<String>, key: &str| {
        field(value).ok_or_else(|| {
            Failure::credentials(format!(
                "profile {name} has no `{key}`, but its partner is set (run `nttcom configure --profile {name}`)"
            ))
        })
    };
    match exchange {
        Some(TokenExchange::Keystone { .. })
            if field(&profile.api_key).is_some() || field(&profile.api_secret).is_some() =>
        {
            return Ok(Some(Plan::Keystone {
                api_key: require(&profile.api_key, "api-key")?,
                api_secret: require(&profile.api_secret, "api-secret")?,
                tenant_id: require(&profile.tenant_id, "tenant-id")?,
            }));
        }
        Some(TokenExchange::ClientCredentials { .. })
            if field(&profile.client_id).is_some() || field(&profile.client_secret).is_some() =>
        {
            return Ok(Some(Plan::ClientCredentials {
                client_id: require(&profile.client_id, "client-id")?,
                client_secret: require(&profile.client_secret, "client-secret")?,
            }));
        }
        _ => {}
    }
    Ok(field(&profile.token).map(Plan::Token))
}

/// Credentials that were not found: asked for a token, they fail with
/// [`Error::MissingCredentials`], and the command explains what to set.
#[derive(Clone, Debug)]
pub struct Missing {
    service: &'static str,
    exchange: Option<TokenExchange>,
}

impl Missing {
    fn none(service: &'static str, exchange: Option<TokenExchange>) -> Self {
        Self { service, exchange }
    }
}

impl Credentials for Missing {
    fn token<'a>(&'a self, _http: &'a reqwest::Client) -> TokenFuture<'a> {
        let service = self.service;
        Box::pin(async move { Err(Error::MissingCredentials { service }) })
    }
}

/// What to set for a service that found no credentials.
pub fn missing_hint(service: &str, exchange: Option<TokenExchange>) -> String {
    let variables = match exchange {
        Some(TokenExchange::Keystone { .. }) => {
            "NTTCOM_API_KEY, NTTCOM_API_SECRET and NTTCOM_TENANT_ID (or NTTCOM_TOKEN)"
        }
        Some(TokenExchange::ClientCredentials { .. }) => {
            "NTTCOM_CLIENT_ID and NTTCOM_CLIENT_SECRET (or NTTCOM_TOKEN)"
        }
        _ => "NTTCOM_TOKEN",
    };
    format!(
        "no credentials for {service}: set {variables}, or run `nttcom configure` to store them in a profile"
    )
}

impl Missing {
    pub fn hint(&self) -> String {
        missing_hint(self.service, self.exchange)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    const KEYSTONE: Option<TokenExchange> = Some(TokenExchange::Keystone { path: "/k" });
    const GATEWAY: Option<TokenExchange> = Some(TokenExchange::ClientCredentials { path: "/c" });

    fn settings(
        exchange: Option<TokenExchange>,
        vars: &[(&str, &str)],
        profile: Option<&Profile>,
        explicit: bool,
    ) -> Result<Settings, Failure> {
        let map: BTreeMap<String, String> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        let lookup = move |name: &str| map.get(name).cloned();
        resolve(
            "svc",
            exchange,
            &Sources {
                lookup: &lookup,
                profile: profile.map(|p| ("work", p)),
                explicit,
            },
        )
    }

    fn profile() -> Profile {
        Profile {
            api_key: Some("pk".into()),
            api_secret: Some("ps".into()),
            tenant_id: Some("ptenant".into()),
            client_id: Some("pc".into()),
            client_secret: Some("pcs".into()),
            ..Profile::default()
        }
    }

    #[test]
    fn the_environment_wins_over_the_default_profile() {
        let env = [
            ("NTTCOM_API_KEY", "k"),
            ("NTTCOM_API_SECRET", "s"),
            ("NTTCOM_TENANT_ID", "t"),
        ];
        let got = settings(KEYSTONE, &env, Some(&profile()), false).unwrap();
        assert!(matches!(&got.plan, Plan::Keystone { api_key, .. } if api_key == "k"));
        assert_eq!(got.tenant_id.as_deref(), Some("t"));
        assert_eq!(got.source, "environment");
    }

    #[test]
    fn an_explicit_profile_wins_over_the_environment() {
        let env = [("NTTCOM_TOKEN", "tok"), ("NTTCOM_TENANT_ID", "t")];
        let got = settings(GATEWAY, &env, Some(&profile()), true).unwrap();
        assert!(
            matches!(&got.plan, Plan::ClientCredentials { client_id, .. } if client_id == "pc")
        );
        assert_eq!(got.tenant_id.as_deref(), Some("ptenant"));
        assert_eq!(got.source, "profile work");
    }

    #[test]
    fn a_token_in_the_environment_beats_the_profile_s_exchange() {
        let got = settings(GATEWAY, &[("NTTCOM_TOKEN", "tok")], Some(&profile()), false).unwrap();
        assert!(matches!(&got.plan, Plan::Token(t) if t == "tok"));
        assert_eq!(
            got.tenant_id.as_deref(),
            Some("ptenant"),
            "the profile's tenant still applies"
        );
    }

    #[test]
    fn a_half_set_pair_is_an_error_naming_the_missing_half() {
        let error = settings(GATEWAY, &[("NTTCOM_CLIENT_ID", "c")], None, false).unwrap_err();
        assert!(
            error.message.contains("NTTCOM_CLIENT_SECRET"),
            "{}",
            error.message
        );
        let half = Profile {
            api_key: Some("k".into()),
            ..Profile::default()
        };
        let error = settings(KEYSTONE, &[], Some(&half), false).unwrap_err();
        assert!(error.message.contains("`api-secret`"), "{}", error.message);
    }

    #[test]
    fn nothing_found_is_missing_until_a_token_is_needed() {
        let got = settings(KEYSTONE, &[], None, false).unwrap();
        let Plan::Missing(missing) = &got.plan else {
            panic!("{:?}", got.plan)
        };
        assert!(missing.hint().contains("NTTCOM_API_KEY"));
        let got = settings(GATEWAY, &[], Some(&Profile::default()), false).unwrap();
        assert!(matches!(got.plan, Plan::Missing(_)));
    }

    #[test]
    fn debug_shows_no_secret() {
        let got = settings(KEYSTONE, &[], Some(&profile()), true).unwrap();
        let text = format!("{got:?}");
        assert!(!text.contains("pk") && !text.contains("ps"), "{text}");
    }
}
