//! The clap command tree, built at run time from the services' spec data
//! (clap's builder API), and the matches read back into [`Globals`] and
//! [`Args`].

use std::time::Duration;

use clap::{Arg, ArgAction, ArgMatches, Command};

use crate::args::{Args, BodySource};
use crate::context::Globals;
use crate::help;
use crate::output::Format;
use crate::spec::{OperationSpec, ServiceSpec};

/// Flags the core adds to every operation; a spec parameter may not take
/// one of these names (checked by a test over every service).
pub const RESERVED: &[&str] = &[
    "profile",
    "base-url",
    "output",
    "dry-run",
    "verbose",
    "all",
    "wait",
    "poll-interval",
    "max-wait",
    "body",
    "help",
];

const GLOBAL: &str = "Global options";

/// `nttcom` with every service, `configure` and `completion`.
pub fn root(services: &[&'static ServiceSpec]) -> Command {
    Command::new("nttcom")
        .version(env!("CARGO_PKG_VERSION"))
        .about("Call the NTT Communications group APIs from a shell.")
        .long_about(
            "Call the NTT Communications group APIs from a shell: \
             nttcom <service> <operation> [--<parameter> VALUE]...\n\n\
             Credentials come from --profile, the NTTCOM_* environment variables \
             or the default profile of the config file (`nttcom configure`).",
        )
        .after_help(
            "Exit codes: 0 success, 2 usage or invalid input (nothing sent), 3 credentials, \
             4 the API answered an error, 5 network or timeout.",
        )
        .subcommand_required(true)
        .arg_required_else_help(true)
        .max_term_width(help::WIDTH)
        .args(globals())
        .subcommands(services.iter().map(|s| service(s)))
        .subcommand(
            Command::new("configure")
                .about("Store credentials in a profile of the config file (secrets read without echo)")
                .long_about(
                    "Asks for the credentials of a profile (--profile, else `default`) and \
                     writes them to the config file, readable by you only. Press Enter to keep \
                     a value. Without a terminal, the answers are read from stdin, one per line.",
                ),
        )
        .subcommand(
            Command::new("completion")
                .about("Print a shell completion script")
                .arg(
                    Arg::new("shell")
                        .required(true)
                        .value_parser(clap::builder::EnumValueParser::<clap_complete::Shell>::new()),
                ),
        )
}

fn globals() -> Vec<Arg> {
    vec![
        Arg::new("profile")
            .long("profile")
            .value_name("NAME")
            .global(true)
            .help_heading(GLOBAL)
            .help("Use this profile of the config file (over the environment)"),
        Arg::new("base-url")
            .long("base-url")
            .value_name("URL")
            .global(true)
            .help_heading(GLOBAL)
            .help("Send to this base URL instead of the service's endpoint"),
        Arg::new("output")
            .short('o')
            .long("output")
            .value_name("FORMAT")
            .global(true)
            .value_parser(Format::NAMES)
            .hide_possible_values(true)
            .help_heading(GLOBAL)
            .help("json (pretty on a terminal), yaml, table or jsonl [default: json]"),
        Arg::new("dry-run")
            .long("dry-run")
            .action(ArgAction::SetTrue)
            .global(true)
            .help_heading(GLOBAL)
            .help("Check the request and print it (token redacted) without sending it"),
        Arg::new("verbose")
            .long("verbose")
            .action(ArgAction::SetTrue)
            .global(true)
            .help_heading(GLOBAL)
            .help("Trace each request on stderr"),
    ]
}

fn service(spec: &'static ServiceSpec) -> Command {
    let (names, titles) = (help::name_width(spec), help::title_width(spec));
    Command::new(spec.slug)
        .about(format!("{} (API {})", spec.title, spec.api_version))
        .long_about(format!(
            "{} (API {})\n\n{}",
            spec.title, spec.api_version, spec.description
        ))
        .subcommand_required(true)
        .arg_required_else_help(true)
        .disable_help_subcommand(true)
        .subcommand_help_heading("Operations")
        .subcommands(
            spec.operations
                .iter()
                .map(|op| operation(op, names, titles)),
        )
}

fn operation(op: &'static OperationSpec, name_width: usize, title_width: usize) -> Command {
    let mut command = Command::new(op.name)
        .about(help::operation_about(op, name_width, title_width))
        .long_about(format!(
            "{}: {}\n\n{}",
            op.title,
            op.summary,
            op.description.trim()
        ))
        .after_long_help(help::details(op))
        .next_line_help(true);
    for param in op.parameters {
        let mut arg = Arg::new(param.flag)
            .long(param.flag)
            .value_name(help::value_name(param))
            .help(help::short(param))
            .long_help(help::long(param))
            .required(param.required && param.client_default.is_none());
        if param.multiple {
            arg = arg.action(ArgAction::Append);
        }
        command = command.arg(arg);
    }
    if let Some(body) = op.body {
        command = command.arg(
            Arg::new("body")
                .long("body")
                .value_name("FILE")
                .required(body.required)
                .help(format!(
                    "The {} request body as JSON: a file, or - for stdin",
                    body.schema
                )),
        );
    }
    if op.paged.is_some() {
        command =
            command.arg(Arg::new("all").long("all").action(ArgAction::SetTrue).help(
                "Walk every page and print all the items (one array, or lines with -o jsonl)",
            ));
    }
    if let Some(waiter) = op.waiter {
        command = command.arg(
            Arg::new("wait")
                .long("wait")
                .action(ArgAction::SetTrue)
                .help(format!(
                    "Poll {} until the operation settles, and print the settled resource",
                    waiter.polls
                )),
        );
        command = command.args([
            Arg::new("poll-interval")
                .long("poll-interval")
                .value_name("DURATION")
                .requires("wait")
                .value_parser(duration)
                .help(
                    "First wait between polls, doubling up to 30 s (e.g. 500ms, 2s) [default: 2s]",
                ),
            Arg::new("max-wait")
                .long("max-wait")
                .value_name("DURATION")
                .requires("wait")
                .value_parser(duration)
                .help("Give up after this long, exit code 5 (e.g. 90s, 15m) [default: 10m]"),
        ]);
    }
    command
}

/// The global options as given.
pub fn read_globals(matches: &ArgMatches) -> Globals {
    let flag = |name: &str| {
        matches
            .try_get_one::<bool>(name)
            .ok()
            .flatten()
            .copied()
            .unwrap_or(false)
    };
    let string = |name: &str| matches.get_one::<String>(name).cloned();
    let duration = |name: &str| {
        matches
            .try_get_one::<Duration>(name)
            .ok()
            .flatten()
            .copied()
    };
    Globals {
        profile: string("profile"),
        base_url: string("base-url"),
        output: string("output").as_deref().and_then(Format::parse),
        dry_run: flag("dry-run"),
        all: flag("all"),
        wait: flag("wait"),
        poll_interval: duration("poll-interval"),
        max_wait: duration("max-wait"),
        verbose: flag("verbose"),
    }
}

/// `250ms`, `2s`, `15m`, `1h`, or a number of seconds.
fn duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: f64 = number
        .parse()
        .map_err(|_| format!("`{text}` is not a duration such as 500ms, 2s or 10m"))?;
    let seconds = match unit {
        "ms" => number / 1000.0,
        "" | "s" => number,
        "m" => number * 60.0,
        "h" => number * 3600.0,
        _ => return Err(format!("unknown unit `{unit}`: use ms, s, m or h")),
    };
    Duration::try_from_secs_f64(seconds).map_err(|e| e.to_string())
}

/// The operation's parameters and body as given.
pub fn read_args(op: &'static OperationSpec, matches: &ArgMatches) -> Args {
    let mut args = Args::new(op);
    for param in op.parameters {
        for value in matches.get_many::<String>(param.flag).into_iter().flatten() {
            args.push(param.flag, value.clone());
        }
    }
    if op.body.is_some()
        && let Some(body) = matches.get_one::<String>("body")
    {
        args.set_body(match body.as_str() {
            "-" => BodySource::Stdin,
            path => BodySource::File(path.into()),
        });
    }
    args
}
