//! How a generated service crate describes itself to the runtime.

use crate::Runtime;

/// How a service expects its credentials on each request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuthScheme {
    /// The token in a header of this name, e.g. `X-Auth-Token` (Keystone).
    Header(&'static str),
    /// `Authorization: Bearer <token>`.
    Bearer,
}

/// Static facts about a service, taken from its spec by the code generator.
#[derive(Clone, Copy, Debug)]
pub struct ServiceInfo {
    /// The service slug, e.g. `sign-common`.
    pub name: &'static str,
    /// The production base URL (the spec's first server).
    pub default_base_url: &'static str,
    pub auth: AuthScheme,
}

/// Implemented by each generated `Client` so that [`ClientBuilder`](crate::ClientBuilder)
/// can build it.
pub trait Service: Sized {
    const INFO: ServiceInfo;

    /// Assembles the client from its configured parts.
    fn from_parts(base_url: &str, http: reqwest::Client, runtime: Runtime) -> Self;
}
