//! Rust clients for NTT Communications group APIs.
//!
//! Each service is a separate crate, generated from an OpenAPI spec, and
//! re-exported here behind a feature of the same name. Enable only what you
//! use, or depend on the service crate directly: it compiles nothing else.
//!
//! | Feature | Module | Crate | Service | Auth |
//! |---|---|---|---|---|
//! | `sign-common` | [`sign_common`] | `nttcom-sign-common` | docomo business SIGN common API | `X-Auth-Token` (Keystone) |
//! | `icms-profiles` | [`icms_profiles`] | `nttcom-icms-profiles` | IoT Connect Mobile Type S, PROFILES | `X-Auth-Token` (Keystone) |
//! | `ipoe` | [`ipoe`] | `nttcom-ipoe` | NTTPC IPoE backend API | Bearer (client credentials) |
//! | `service-order` | [`service_order`] | `nttcom-service-order` | NTT Com service orders | Bearer (client credentials) |
//! | `fic-premium-support` | [`fic_premium_support`] | `nttcom-fic-premium-support` | Flexible InterConnect premium support | `X-Auth-Token` (Keystone) |
//!
//! `full` enables every service; `schemars` derives `schemars::JsonSchema`
//! for the types of the enabled ones.
//!
//! ```toml
//! [dependencies]
//! nttcom = { version = "0.1", features = ["sign-common"] }
//! ```
//!
//! # Credentials
//!
//! Every client gets, caches and renews its own tokens from the credentials
//! you hold; the service decides which exchange applies.
//!
//! Keystone services (`sign-common`, `icms-profiles`, `fic-premium-support`)
//! take an API key, API secret and tenant id:
//!
//! ```no_run
//! # #[cfg(feature = "sign-common")]
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use nttcom::sign_common::Client;
//!
//! let client = Client::builder()
//!     .keystone("my-api-key", "my-api-secret", "550e8400e29b41d4a716446655440000")
//!     .build()?;
//! let addresses = client
//!     .list_shipping_addresses()
//!     .tenant_id("550e8400e29b41d4a716446655440000")
//!     .send()
//!     .await?;
//! println!("{:#?}", addresses.into_inner());
//! # Ok(())
//! # }
//! ```
//!
//! Gateway services (`ipoe`, `service-order`) take a client id and secret;
//! service-order can be pointed at a regional host, and the token exchange
//! goes there too:
//!
//! ```no_run
//! # #[cfg(feature = "service-order")]
//! # fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use nttcom::service_order::{Client, Region};
//!
//! let client = Client::builder()
//!     .client_credentials("my-client-id", "my-client-secret")
//!     .base_url(Region::Us)
//!     .build()?;
//! # Ok(())
//! # }
//! ```
//!
//! `Client::builder().from_env()` reads the same values from the environment
//! (names in [`runtime::env`]: `NTTCOM_API_KEY`, `NTTCOM_API_SECRET`,
//! `NTTCOM_TENANT_ID`, `NTTCOM_CLIENT_ID`, `NTTCOM_CLIENT_SECRET`, or a ready
//! `NTTCOM_TOKEN`), and `.token(…)` sends a token obtained elsewhere.
//!
//! # Failures
//!
//! Requests are retried under a [`RetryPolicy`] (idempotent methods,
//! connection failures and 408/429/502/503/504, `Retry-After` honoured), and a
//! 401 renews the token and replays the request once. A token exchange that
//! fails reaches an operation's caller as its `Error::Custom` message, which
//! names the endpoint and the reason; `client.runtime().token()` returns the
//! typed [`Error`]:
//!
//! ```no_run
//! # #[cfg(feature = "ipoe")]
//! # async fn run() {
//! use nttcom::ipoe::Client;
//!
//! let client = Client::builder().from_env().build().expect("NTTCOM_CLIENT_ID/SECRET");
//! if let Err(nttcom::Error::TokenExchange { endpoint, status, reason }) =
//!     client.runtime().token().await
//! {
//!     eprintln!("{endpoint} refused the credentials ({status:?}): {reason}");
//! }
//! # }
//! ```
#![cfg_attr(docsrs, feature(doc_cfg))]

/// Credentials, the client builder and the runtime's errors, shared by all services.
pub use nttcom_runtime as runtime;
pub use nttcom_runtime::{
    BaseUrl, ClientCredentials, Credentials, Error, Keystone, RetryPolicy, StaticToken, Token,
};

#[cfg(feature = "fic-premium-support")]
#[cfg_attr(docsrs, doc(cfg(feature = "fic-premium-support")))]
pub use nttcom_fic_premium_support as fic_premium_support;
#[cfg(feature = "icms-profiles")]
#[cfg_attr(docsrs, doc(cfg(feature = "icms-profiles")))]
pub use nttcom_icms_profiles as icms_profiles;
#[cfg(feature = "ipoe")]
#[cfg_attr(docsrs, doc(cfg(feature = "ipoe")))]
pub use nttcom_ipoe as ipoe;
#[cfg(feature = "service-order")]
#[cfg_attr(docsrs, doc(cfg(feature = "service-order")))]
pub use nttcom_service_order as service_order;
#[cfg(feature = "sign-common")]
#[cfg_attr(docsrs, doc(cfg(feature = "sign-common")))]
pub use nttcom_sign_common as sign_common;
