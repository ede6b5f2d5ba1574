//! The command modules, one per service, and the list the core reads.
//!
//! In the generated layout `cargo xtask generate` writes this file and one
//! module per spec; the two modules here are hand-written prototypes of that
//! output.

pub mod fic_premium_support;
pub mod ipoe;

use crate::spec::ServiceSpec;
use crate::{Args, Context, Failure, Reply};

/// Every service, by slug.
pub static SERVICES: &[&ServiceSpec] = &[&fic_premium_support::SERVICE, &ipoe::SERVICE];

/// Runs `operation` of the service `slug`.
pub async fn call(
    ctx: &Context,
    slug: &str,
    operation: &str,
    args: &Args,
) -> Result<Reply, Failure> {
    match slug {
        "fic-premium-support" => fic_premium_support::call(ctx, operation, args).await,
        "ipoe" => ipoe::call(ctx, operation, args).await,
        other => Err(Failure::usage(format!("no service {other}"))),
    }
}
