//! Names of the environment variables credentials are read from.
//!
//! | Variable | Used by |
//! |---|---|
//! | `NTTCOM_TOKEN` | [`StaticToken::from_env`](crate::StaticToken::from_env) |
//! | `NTTCOM_API_KEY`, `NTTCOM_API_SECRET`, `NTTCOM_TENANT_ID` | [`Keystone::from_env`](crate::Keystone::from_env) |
//! | `NTTCOM_CLIENT_ID`, `NTTCOM_CLIENT_SECRET` | [`ClientCredentials::from_env`](crate::ClientCredentials::from_env) |
//!
//! [`ClientBuilder::from_env`](crate::ClientBuilder::from_env) picks the
//! exchange the service uses, or `NTTCOM_TOKEN` when its variables are unset.

use crate::Error;

/// A token obtained elsewhere.
pub const TOKEN: &str = "NTTCOM_TOKEN";
/// Keystone: the API key (user name of the password method).
pub const API_KEY: &str = "NTTCOM_API_KEY";
/// Keystone: the API secret (password of the password method).
pub const API_SECRET: &str = "NTTCOM_API_SECRET";
/// Keystone: the tenant (project) the token is scoped to.
pub const TENANT_ID: &str = "NTTCOM_TENANT_ID";
/// Client credentials: the client id.
pub const CLIENT_ID: &str = "NTTCOM_CLIENT_ID";
/// Client credentials: the client secret.
pub const CLIENT_SECRET: &str = "NTTCOM_CLIENT_SECRET";

/// Reads a variable; tests pass a map instead of the process environment.
pub(crate) type Lookup<'a> = &'a dyn Fn(&str) -> Option<String>;

pub(crate) fn process(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

/// The variable's value, or an error naming it when it is unset or empty.
pub(crate) fn require(lookup: Lookup<'_>, var: &'static str) -> Result<String, Error> {
    lookup(var)
        .filter(|value| !value.is_empty())
        .ok_or(Error::MissingEnv { var })
}
