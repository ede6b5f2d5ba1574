//! Shared runtime of the generated `nttcom-*` service clients.
//!
//! A service crate is progenitor's output plus a thin glue layer: its `Client`
//! implements [`Service`], is configured through [`ClientBuilder`], and sends
//! every request through [`Runtime::prepare`] and [`Runtime::execute`]. This
//! crate knows nothing about any particular service.
//!
//! ```no_run
//! # use nttcom_runtime::{Service, ServiceInfo, AuthScheme, Runtime, ClientBuilder};
//! # struct Client;
//! # impl Service for Client {
//! #     const INFO: ServiceInfo = ServiceInfo {
//! #         name: "demo", default_base_url: "https://api.ntt.com/demo", auth: AuthScheme::Bearer,
//! #     };
//! #     fn from_parts(_: &str, _: reqwest::Client, _: Runtime) -> Self { Client }
//! # }
//! // What `nttcom_<service>::Client::builder()` does:
//! let client: Client = ClientBuilder::new()
//!     .token("0123456789abcdef0123456789abcdef")
//!     .timeout(std::time::Duration::from_secs(30))
//!     .build()?;
//! # Ok::<(), nttcom_runtime::Error>(())
//! ```

mod builder;
mod credentials;
mod error;
mod runtime;
mod service;

pub use builder::ClientBuilder;
pub use credentials::{Credentials, StaticToken, Token, TokenFuture};
pub use error::Error;
pub use runtime::Runtime;
pub use service::{AuthScheme, Service, ServiceInfo};
