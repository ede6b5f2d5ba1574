//! Versions and releases: what a spec change means for users of its crate
//! and which version it calls for. Owns the [`diff`] of two models (with its
//! rules and wording), the bump rule ([`version`]), the release histories
//! ([`changelog`], in `changelogs/<slug>.md`), versions across git history
//! ([`history`], through [`git`]), one service compared between revisions
//! ([`service`]) and `cargo xtask check-version` ([`check`]). Reads specs
//! through `crate::model` and lints the working tree's with `crate::check`;
//! uses nothing of `crate::generate`.

pub mod changelog;
pub mod check;
pub mod diff;
pub mod git;
pub mod history;
pub mod service;
pub mod shape;
pub mod version;
