//! The fault suite: every service client against a scripted server on
//! loopback that behaves as a hostile or misconfigured one would. Cases are
//! derived from the specs (every operation, every path parameter, every
//! documented error status); `calls` says how to call each operation.
//!
//! Each test collects every failing case before it fails, so that one run
//! lists them all.

mod calls;
mod capture;
mod server;
mod specs;

mod coverage;
mod cut_short;
mod echo;
mod error_bodies;
mod interceptors;
mod path_params;
mod plain_http;
mod redirects;

use std::future::Future;
use std::time::Duration;

use nttcom_runtime::OperationError;

/// Bound for one call: generous, only there so that a hang fails the test
/// instead of stalling it.
pub const CALL_BOUND: Duration = Duration::from_secs(60);

/// `call`, failing the test if it does not finish within [`CALL_BOUND`].
pub async fn bounded<T>(what: &str, call: impl Future<Output = T>) -> T {
    tokio::time::timeout(CALL_BOUND, call)
        .await
        .unwrap_or_else(|_| panic!("{what}: no outcome within {CALL_BOUND:?}"))
}

/// The operation's status, as a number.
pub fn status_of(error: &OperationError) -> Option<u16> {
    error.status()
}

/// Fails with every collected failure, one per line.
pub fn assert_none_failed(what: &str, failures: &[String], cases: usize) {
    assert!(cases > 0, "{what}: no case ran");
    assert!(
        failures.is_empty(),
        "{what}: {} of {cases} cases failed:\n  {}",
        failures.len(),
        failures.join("\n  ")
    );
}
