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
//! ```no_run
//! # #[cfg(feature = "sign-common")]
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use nttcom::sign_common::Client;
//!
//! let client = Client::builder().token(std::env::var("NTTCOM_TOKEN")?).build()?;
//! let addresses = client
//!     .list_shipping_addresses()
//!     .tenant_id("550e8400e29b41d4a716446655440000")
//!     .send()
//!     .await?;
//! println!("{:#?}", addresses.into_inner());
//! # Ok(())
//! # }
//! ```
#![cfg_attr(docsrs, feature(doc_cfg))]

/// Credentials, the client builder and the runtime's errors, shared by all services.
pub use nttcom_runtime as runtime;
pub use nttcom_runtime::{Credentials, StaticToken};

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
