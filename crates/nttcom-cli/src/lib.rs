//! The `nttcom` command-line tool: every operation of the nttcom service
//! clients from a shell, `nttcom <service> <operation> [--<parameter> VALUE]…`.
//!
//! The crate is a hand-written **core** (this crate's modules other than
//! `services`) plus one **command module** per service (`services/<module>.rs`),
//! which `cargo xtask generate` writes from the same spec model as the client
//! crates (`xtask/src/generate/cli/`), with `services/mod.rs` and the crate's
//! dependencies on the service crates. A new spec gets its commands from
//! `cargo xtask generate` alone. The CLI sends nothing itself: every request
//! goes through the generated client and `nttcom-runtime` (validation,
//! credentials, retries, pages, waiters).
//!
//! # Command modules: the contract
//!
//! A command module holds data and one function:
//!
//! - `pub static SERVICE: ServiceSpec` ([`spec`]): the slug, the document's
//!   title and API version, how tokens travel, and each operation: its
//!   kebab-case name (the operationId), operationId, the document's title
//!   and an English summary (the description's first sentence), the
//!   description, method, path, provenance, whether it carries a token,
//!   its parameters (flag = spec name in kebab-case, spec name, location,
//!   required, client default, repeatable, type name, format, enum values,
//!   pattern, range, lengths, default, description), its body (required,
//!   schema name), its documented error statuses, its paging (`--all`) and
//!   its waiter (`--wait`). Only what the spec says; nothing computed.
//! - `pub async fn call(ctx: &Context, operation: &str, args: &Args) ->
//!   Result<Reply, Failure>`, one match arm per operation, in this order:
//!   1. each parameter parsed from its string into the client's own type
//!      with `args.get::<T>("flag")?` (`get_all` for a repeatable one), the
//!      body with `args.body::<T>()?`: a value that does not parse fails
//!      here with exit code 2, naming the flag and the spec field;
//!   2. `ctx.client::<Client>()?`: the client, with credentials, tenant,
//!      base URL and the `--dry-run` recorder applied by the core;
//!   3. the builder, each given value set with its setter;
//!   4. `ctx.walk(request.stream())` under `ctx.all()` for a paged list,
//!      else `ctx.send(request.send())`; a write with a waiter then returns
//!      unless `ctx.waits()`, takes the waiter's parameters from its own
//!      parameters or from the answer (`ctx.from_answer`), and ends with
//!      `ctx.wait(&accepted, wait.send())`, where `wait` is the client's
//!      `wait_until_…()` builder with those parameters,
//!      `.on_poll(ctx.on_poll())` (each poll's state on the progress line)
//!      and, when given, `ctx.poll_interval()` and `ctx.max_wait()`.
//!
//!   The request checks (patterns, ranges, enum values, required fields)
//!   run in the client when the request is sent, before credentials are
//!   needed: a refused value exits 2 and nothing is sent.
//! - A line in `services/mod.rs`: the module, its `SERVICE` in `SERVICES`,
//!   and its arm in `services::call`.
//!
//! Beside each module, `tests/operations/<slug>.json` (also generated) holds
//! every operation called with the spec's examples: the arguments, the
//! request the server must see, the answer, an error answer and a value the
//! spec refuses; `tests/operations.rs` runs them all through the binary.
//!
//! A spec parameter may not be named like a core flag ([`command::RESERVED`]);
//! the test `no_parameter_takes_a_core_flag` checks every service.
//!
//! # What the core does
//!
//! - Builds the clap commands from `SERVICES` ([`command`]) with help from
//!   the spec ([`help`]): `nttcom <service> --help` lists the operations with
//!   the document's title beside the English summary; `nttcom <service>
//!   <operation> --help` shows each parameter's type, enum values, pattern or
//!   range, default and whether it is required, and the documented errors.
//! - Global options: `--profile`, `--base-url`, `-o/--output
//!   json|yaml|table|jsonl`, `--dry-run`, `--verbose`; `--all` on paged lists,
//!   `--wait` on writes a waiter follows, `--body` on operations with a body.
//! - Credentials and configuration ([`credentials`], [`config`], [`configure`]):
//!   flags > environment > profile.
//! - Output ([`output`], [`table`]), exit codes ([`exit`]), progress on stderr
//!   ([`progress`]), `--verbose` tracing ([`trace`]), `--dry-run` ([`dry_run`]),
//!   `nttcom completion <shell>`.

pub mod args;
pub mod command;
pub mod config;
pub mod configure;
pub mod context;
pub mod credentials;
pub mod dry_run;
pub mod exit;
pub mod help;
pub mod output;
pub mod progress;
pub mod services;
pub mod spec;
pub mod table;
pub mod trace;

use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::sync::Arc;

pub use args::Args;
pub use context::{Context, Reply};
pub use exit::Failure;

use crate::config::{DEFAULT_PROFILE, PROFILE_VAR};
use crate::exit::Code;
use crate::output::{Format, Output};
use crate::progress::Progress;
use crate::spec::{OperationSpec, ServiceSpec};

/// Runs the command line `args` (program name first) and returns the exit
/// code.
pub fn run(args: impl IntoIterator<Item = OsString>) -> u8 {
    let matches = match command::root(services::SERVICES).try_get_matches_from(args) {
        Ok(matches) => matches,
        Err(error) => {
            let _ = error.print();
            return error.exit_code().try_into().unwrap_or(Code::Usage.as_u8());
        }
    };
    let lookup = |name: &str| std::env::var(name).ok();
    let outcome = match matches.subcommand() {
        Some(("completion", sub)) => completion(sub),
        Some(("configure", sub)) => configure(sub, &lookup),
        Some((slug, sub)) => operation(slug, sub),
        None => Err(Failure::usage("no command given")),
    };
    match outcome {
        Ok(()) => Code::Success.as_u8(),
        Err(failure) => {
            exit::report(&failure, &mut std::io::stderr().lock());
            failure.code.as_u8()
        }
    }
}

fn completion(matches: &clap::ArgMatches) -> Result<(), Failure> {
    let shell = *matches
        .get_one::<clap_complete::Shell>("shell")
        .ok_or_else(|| Failure::usage("which shell?"))?;
    let mut root = command::root(services::SERVICES);
    clap_complete::generate(shell, &mut root, "nttcom", &mut std::io::stdout());
    Ok(())
}

fn configure(
    matches: &clap::ArgMatches,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<(), Failure> {
    let globals = command::read_globals(matches);
    let path = config::path(lookup).ok_or_else(|| {
        Failure::other("cannot tell where the config file goes: set NTTCOM_CONFIG (or HOME)")
    })?;
    let name = profile_name(globals.profile.as_deref(), lookup);
    configure::run(&path, &name)
}

/// `--profile`, else `NTTCOM_PROFILE`, else `default`.
fn profile_name(flag: Option<&str>, lookup: &dyn Fn(&str) -> Option<String>) -> String {
    flag.map(str::to_owned)
        .or_else(|| lookup(PROFILE_VAR).filter(|p| !p.is_empty()))
        .unwrap_or_else(|| DEFAULT_PROFILE.to_owned())
}

fn operation(slug: &str, matches: &clap::ArgMatches) -> Result<(), Failure> {
    let service: &'static ServiceSpec = services::SERVICES
        .iter()
        .copied()
        .find(|s| s.slug == slug)
        .ok_or_else(|| Failure::usage(format!("no service {slug}")))?;
    let (name, matches) = matches
        .subcommand()
        .ok_or_else(|| Failure::usage(format!("which operation of {slug}?")))?;
    let op: &'static OperationSpec = service
        .operations
        .iter()
        .find(|op| op.name == name)
        .ok_or_else(|| Failure::usage(format!("{slug} has no operation {name}")))?;
    let globals = command::read_globals(matches);
    let args = command::read_args(op, matches);
    let output = Output {
        format: globals.output.unwrap_or(Format::Json),
        pretty: std::io::stdout().is_terminal(),
    };

    let lookup = |name: &str| std::env::var(name).ok();
    let profile = load_profile(globals.profile.as_deref(), &lookup)?;
    let progress = Arc::new(Progress::new(
        std::io::stderr().is_terminal()
            && !globals.verbose
            && !globals.dry_run
            && (globals.all || globals.wait),
    ));
    if globals.verbose || progress.enabled() {
        trace::install(trace::Trace {
            verbose: globals.verbose,
            progress: progress.clone(),
        });
    }

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::other(format!("cannot start: {e}")))?;
    let reply = runtime.block_on(async {
        let dry_run = globals.dry_run.then(dry_run::Recorder::default);
        let ctx = Context {
            service,
            operation: op,
            globals,
            output,
            lookup: Box::new(lookup),
            profile,
            dry_run,
            progress,
        };
        services::call(&ctx, slug, name, &args).await
    })?;
    let mut stdout = std::io::stdout().lock();
    let written = context::print(&reply, &output, &mut stdout).and_then(|()| stdout.flush());
    match written {
        // A reader that stopped early (`| head`) is no failure.
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.map_err(context::write_failure),
    }
}

/// The profile in use, if the config file has it. `--profile` naming a
/// profile that does not exist is an error; the default one may be absent.
fn load_profile(
    flag: Option<&str>,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<Option<(String, config::Profile)>, Failure> {
    let name = profile_name(flag, lookup);
    let path = config::path(lookup);
    let mut config = match &path {
        Some(path) => config::load(path)?,
        None => None,
    };
    let profile = config.as_mut().and_then(|c| c.profiles.remove(&name));
    if profile.is_none() && flag.is_some() {
        let place = path.map_or("no config file".to_owned(), |p| p.display().to_string());
        return Err(Failure::credentials(format!(
            "no profile {name} in {place} (run `nttcom configure --profile {name}`)"
        )));
    }
    Ok(profile.map(|p| (name, p)))
}
