//! `scripts/build-weight`: what depending on one service crate costs a user.
//!
//! Writes small binary crates outside the workspace (in the system temporary
//! directory), each with its own empty target directory, and builds them cold
//! with `cargo build --timings`, in debug and in release:
//!
//! - `this tree`: the README's first example, on `nttcom-sign-common` by path;
//! - `reqwest + serde_json`: the same two requests written by hand on plain
//!   `reqwest` (default features) and `serde_json`, the baseline of every run;
//! - with `--rev REV`, the README's example on `nttcom-sign-common` as it was
//!   at commit REV (extracted with `git archive`), for before/after figures.
//!
//! It prints, per build: wall time, CPU seconds (user + system time of every
//! process the build ran: compilers, build scripts, linkers), the number of
//! compile units, the release binary size, and the heaviest units. The
//! machine may be shared: CPU seconds hardly move with load, wall time does.
//! Nothing here asserts on time; the figures are for people.

mod measure;
mod programs;
mod timings;

use std::path::PathBuf;
use std::process::ExitCode;

use measure::{Build, Profile};
use programs::Program;

const USAGE: &str = "\
usage: scripts/build-weight [--rev REV] [--profile debug|release|both]
                            [--features F1,F2] [--no-default-features] [--top N]

  --rev REV               also build the example against commit REV (before/after)
  --profile P             which profiles to build (default: both)
  --features, --no-default-features
                          passed on to the service crate of this tree (and of REV)
  --top N                 how many of the heaviest units to list (default: 8)";

struct Options {
    rev: Option<String>,
    profiles: Vec<Profile>,
    features: Vec<String>,
    default_features: bool,
    top: usize,
}

fn parse_args() -> Result<Options, String> {
    let mut options = Options {
        rev: None,
        profiles: vec![Profile::Debug, Profile::Release],
        features: Vec::new(),
        default_features: true,
        top: 8,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--rev" => options.rev = Some(value("--rev")?),
            "--profile" => {
                options.profiles = match value("--profile")?.as_str() {
                    "debug" => vec![Profile::Debug],
                    "release" => vec![Profile::Release],
                    "both" => vec![Profile::Debug, Profile::Release],
                    other => return Err(format!("unknown profile `{other}`")),
                }
            }
            "--features" => {
                let list = value("--features")?;
                options.features = list.split(',').map(str::to_owned).collect();
            }
            "--no-default-features" => options.default_features = false,
            "--top" => options.top = value("--top")?.parse().map_err(|e| format!("--top: {e}"))?,
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok(options)
}

fn main() -> ExitCode {
    let options = match parse_args() {
        Ok(options) => options,
        Err(message) => {
            if !message.is_empty() {
                eprintln!("build-weight: {message}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(&options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("build-weight: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(options: &Options) -> Result<(), String> {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let repo = repo
        .canonicalize()
        .map_err(|e| format!("{}: {e}", repo.display()))?;
    let scratch = std::env::temp_dir().join(format!("nttcom-build-weight-{}", std::process::id()));
    let result = (|| {
        let dependency = programs::ServiceDependency {
            features: options.features.clone(),
            default_features: options.default_features,
        };
        let mut programs = vec![Program::service(
            "this tree",
            &repo,
            &repo.join("Cargo.lock"),
            &scratch,
            &dependency,
        )?];
        if let Some(rev) = &options.rev {
            let tree = programs::extract_rev(&repo, rev, &scratch)?;
            programs.push(Program::service(
                &format!("at {rev}"),
                &tree,
                &tree.join("Cargo.lock"),
                &scratch,
                &dependency,
            )?);
        }
        programs.push(Program::baseline(&repo.join("Cargo.lock"), &scratch)?);
        for program in &programs {
            program.fetch()?;
        }

        measure::print_conditions();
        let mut builds: Vec<(String, Build)> = Vec::new();
        // Profile by profile, so that a change in the machine's load during
        // the run falls on every program alike.
        for profile in &options.profiles {
            for program in &programs {
                eprintln!("building `{}` ({profile}) ...", program.label);
                let build = measure::cold_build(program, *profile)?;
                builds.push((program.label.clone(), build));
            }
        }
        measure::print_report(&builds, options.top);
        Ok(())
    })();
    // The target directories are large: never leave them behind.
    let _ = std::fs::remove_dir_all(&scratch);
    result
}
