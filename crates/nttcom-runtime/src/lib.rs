//! Shared runtime of the generated `nttcom-*` service clients.
//!
//! A service crate is progenitor's output plus a thin glue layer: its `Client`
//! implements [`Service`], is configured through [`ClientBuilder`], sends
//! every request through [`Runtime::send`], decodes answers with [`decode`]
//! and fails with [`OperationError`]. This
//! crate knows nothing about any particular service: the service tells it how
//! tokens travel ([`AuthScheme`]) and where they are exchanged
//! ([`TokenExchange`]).
//!
//! What it does for every client:
//! - **Credentials**: a [`StaticToken`], or an exchange ([`Keystone`],
//!   [`ClientCredentials`]) whose tokens are cached, renewed ahead of expiry
//!   by a single exchange however many requests wait, and renewed once more
//!   when the service answers 401 (the request is then replayed once). An
//!   exchange refused with 401/403 is remembered for 30 s
//!   ([`ClientBuilder::refusal_window`]) instead of being sent again.
//! - **A default tenant** ([`Runtime::tenant_id`]) for operations that take a
//!   `tenantId`: from the builder, Keystone's project or `NTTCOM_TENANT_ID`.
//! - **Retries** under a [`RetryPolicy`]: idempotent methods, connection
//!   failures and 408/429/502/503/504, exponential backoff with jitter,
//!   `Retry-After` (or on a 429 the gateway's `X-Quota-Reset`) honoured up to
//!   a cap, bounded in attempts and time.
//! - **Strict on what we send, tolerant of what we receive, and nothing
//!   lost**: the generated types implement [`Validate`], which every
//!   operation runs on its parameters and body before sending
//!   ([`validate`]); they decode responses through [`read`], where no value
//!   fails a response: numbers and numeric strings are interchangeable, an
//!   open enum keeps a value the spec does not list, and whatever does not
//!   fit its field (and every property the spec does not know) is kept in
//!   the object's [`Extra`] and written back on encoding (see [`Object`]).
//!   Dates and timestamps are [`Date`]/[`Timestamp`]: any common spelling,
//!   the text kept, a zone-less value read as JST.
//! - **Typed errors**: [`OperationError`] tells a credentials failure, an
//!   error answer (with its [`Quota`]), a body that does not decode (naming
//!   the JSON path of the fault, the answer's status and headers kept) and a
//!   lost connection (after how many attempts, timed out or not) apart.
//! - **Timeouts** for connecting and for each attempt, over the TLS backend
//!   the features choose (rustls on `ring` by default, the
//!   `native-tls` feature for the platform's TLS).
//! - **Per-call overrides and interceptors**: each operation builder takes
//!   its own `.timeout(…)`, `.header(…)` and `.retry(…)` ([`Overrides`]), and
//!   [`ClientBuilder::intercept`] adds code that sees every call's final
//!   request before any token is attached, may amend or stop it, and
//!   observes each attempt ([`intercept`]).
//! - **Tracing**: one `nttcom_request` span per request with the operation,
//!   method, status, attempt and elapsed milliseconds.
//! - **Strict on where we send it**: no redirect followed unless told to
//!   ([`ClientBuilder::same_origin_redirects`], and never to another origin
//!   or by a token exchange); credentials only to the base URL's origin and
//!   the token endpoint ([`Error::OtherOrigin`]), never over plain HTTP to a
//!   remote host unless allowed ([`Error::PlainHttp`]); each path parameter
//!   exactly one path segment ([`path_segment`]).
//! - **No secret leaks**: API secrets, client secrets and tokens print as
//!   `<redacted>`, and no error or log line carries them, even when a server
//!   echoes them back.
//! - **Paged lists and long operations**: [`pages`] walks every item of a
//!   paged list as one lazy stream (the generated `stream()` methods), and
//!   [`waiter`] polls a resource until it settles (the generated
//!   `wait_until_<name>()` builders).
//!
//! ```no_run
//! # use nttcom_runtime::{Service, ServiceInfo, AuthScheme, Runtime, ClientBuilder, TokenExchange};
//! # struct Client;
//! # impl Service for Client {
//! #     const INFO: ServiceInfo = ServiceInfo {
//! #         name: "demo", default_base_url: "https://api.ntt.com/demo", auth: AuthScheme::Bearer,
//! #         token_exchange: Some(TokenExchange::ClientCredentials { path: "/v1/oauth/accesstokens" }),
//! #     };
//! #     fn from_parts(_: &str, _: reqwest::Client, _: Runtime) -> Self { Client }
//! # }
//! // What `nttcom_<service>::Client::builder()` does:
//! let client: Client = ClientBuilder::new()
//!     .client_credentials("my-client-id", "my-client-secret")
//!     .timeout(std::time::Duration::from_secs(30))
//!     .build()?;
//! # Ok::<(), nttcom_runtime::Error>(())
//! ```
//!
//! And what one of its operations does with the runtime:
//!
//! ```no_run
//! use nttcom_runtime::{OperationError, ResponseValue, Runtime};
//! # #[derive(serde::Deserialize)] struct Sites;
//! # #[derive(serde::Deserialize, Debug)] struct ApiError;
//!
//! async fn list_sites(
//!     http: &reqwest::Client,
//!     runtime: &Runtime,
//!     url: &str,
//!     overrides: nttcom_runtime::Overrides,
//! ) -> Result<ResponseValue<Sites>, OperationError<ApiError>> {
//!     let request = http.get(url).build()?;
//!     let response = runtime.send(request, "list_sites", overrides).await?;
//!     match response.status().as_u16() {
//!         200 => nttcom_runtime::decode(response).await,
//!         400 | 401 | 404 | 429 => Err(OperationError::ErrorResponse(
//!             nttcom_runtime::decode(response).await?,
//!         )),
//!         _ => Err(OperationError::UnexpectedResponse(response)),
//!     }
//! }
//! ```

mod builder;
mod credentials;
mod decode;
mod error;
mod extra;
pub mod intercept;
mod operation_error;
mod overrides;
pub mod pages;
mod path;
pub mod pattern;
mod quota;
pub mod read;
mod retry;
mod runtime;
mod secret;
mod service;
mod time;
mod timestamp;
mod tls;
mod transport;
mod undecoded;
pub mod validate;
pub mod waiter;

pub use builder::{BaseUrl, ClientBuilder};
/// The date and time crate [`Timestamp`] and [`Date`] read into.
pub use chrono;
pub use credentials::{
    ClientCredentials, Credentials, Keystone, StaticToken, Token, TokenFuture, env,
};
pub use decode::{decode, decode_slice};
pub use error::Error;
pub use extra::{Extra, Object};
pub use operation_error::OperationError;
pub use overrides::Overrides;
pub use path::path_segment;
/// The typed answer of an operation: value, status and headers.
pub use progenitor_client::ResponseValue;
pub use quota::Quota;
/// The HTTP client crate whose types the signatures use
/// ([`OperationError::UnexpectedResponse`], [`ClientBuilder::configure_http`]).
pub use reqwest;
/// HTTP status codes and headers, as [`OperationError`] gives them.
pub use reqwest::StatusCode;
pub use reqwest::header::HeaderMap;
pub use retry::RetryPolicy;
pub use runtime::Runtime;
pub use service::{AuthScheme, Service, ServiceInfo, TokenExchange};
pub use timestamp::{Date, Timestamp};
pub use transport::TransportError;
pub use undecoded::{KEPT_BODY_BYTES, UndecodedResponse};
pub use validate::Validate;
