//! `cargo xtask`: regenerate, check or lint the service crates; say what a
//! spec change means for users and which version it needs.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use crate::generate::cli as cli_files;
use crate::generate::{output, workspace};
use crate::model::SpecFile;
use crate::release::check::{self as version_check, Verdict};
use crate::release::diff::rules::Class;
use crate::release::{changelog, git, service};
use crate::workspace_root;

const USAGE: &str = "\
usage:
  cargo xtask generate [--check] [--date YYYY-MM-DD] [SLUG...]
      write crates/<slug>/ from specs/<slug>.yaml (all when no slug), its command module
      in crates/nttcom-cli/, and the generated sections that list the services
      (Cargo.toml, crates/nttcom/, crates/nttcom-cli/, README.md);
      --check writes nothing and fails if any file differs. A new crate's release history,
      changelogs/<slug>.md (copied into the crate as CHANGELOG.md), starts at 0.1.0, dated
      --date, else SOURCE_DATE_EPOCH, else today.
  cargo xtask lint [SLUG...]
      check the specs without generating
  cargo xtask diff [--base REV] [--format text|json] [--fail-on breaking]
                   [--changelog [--date YYYY-MM-DD]] [SLUG...]
      what changed in each spec since git revision REV (default HEAD), for users of its
      crate: each change breaking or compatible, and the version each crate should get;
      --changelog writes that version's section into changelogs/<slug>.md
  cargo xtask check-version [SLUG...]
      fail when a spec has breaking changes that its crate's version does not account for";

/// The flags each command takes, and whether each takes a value.
fn flags_of(command: &str) -> &'static [(&'static str, bool)] {
    match command {
        "generate" => &[("--check", false), ("--date", true)],
        "diff" => &[
            ("--base", true),
            ("--format", true),
            ("--fail-on", true),
            ("--changelog", false),
            ("--date", true),
        ],
        _ => &[],
    }
}

struct Args {
    flags: BTreeMap<&'static str, Option<String>>,
    slugs: Vec<String>,
}

impl Args {
    fn parse(command: &str, rest: &[String]) -> Result<Self, String> {
        let known = flags_of(command);
        let mut flags = BTreeMap::new();
        let mut slugs = Vec::new();
        let mut rest = rest.iter();
        while let Some(arg) = rest.next() {
            if !arg.starts_with('-') {
                slugs.push(arg.clone());
                continue;
            }
            let (name, inline) = match arg.split_once('=') {
                Some((name, value)) => (name, Some(value.to_owned())),
                None => (arg.as_str(), None),
            };
            let Some(&(flag, takes_value)) = known.iter().find(|(f, _)| *f == name) else {
                return Err(format!("`{command}` takes no flag `{name}`"));
            };
            let value = match (takes_value, inline) {
                (true, Some(value)) => Some(value),
                (true, None) => Some(
                    rest.next()
                        .cloned()
                        .ok_or_else(|| format!("`{flag}` needs a value"))?,
                ),
                (false, None) => None,
                (false, Some(_)) => return Err(format!("`{flag}` takes no value")),
            };
            flags.insert(flag, value);
        }
        Ok(Self { flags, slugs })
    }

    fn has(&self, flag: &str) -> bool {
        self.flags.contains_key(flag)
    }

    fn value(&self, flag: &str) -> Option<&str> {
        self.flags.get(flag).and_then(|v| v.as_deref())
    }
}

/// Entry point of the `cargo xtask` binary (`xtask/runner`).
pub fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if run(&workspace_root(), &args) {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Runs one command (`args` without the program name) on the workspace at
/// `root`; whether it succeeded.
pub fn run(root: &Path, args: &[String]) -> bool {
    let usage_error = |message: String| {
        eprintln!("error: {message}\n\n{USAGE}");
        false
    };
    let Some((command, rest)) = args.split_first() else {
        return usage_error("no command".to_owned());
    };
    let args = match Args::parse(command, rest) {
        Ok(args) => args,
        Err(message) => return usage_error(message),
    };
    let result = match command.as_str() {
        "generate" => select_specs(root, &args.slugs).and_then(|specs| {
            let date = args.value("--date");
            // A bad date is an error even when no changelog needs one.
            date.map(|d| changelog::date(Some(d))).transpose()?;
            Ok(generate(root, &specs, args.has("--check"), date))
        }),
        "lint" => select_specs(root, &args.slugs).map(|specs| lint(&specs)),
        "diff" => run_diff(root, &args),
        "check-version" => {
            select_specs(root, &args.slugs).and_then(|specs| check_version(root, &specs))
        }
        "help" | "--help" | "-h" => {
            println!("{USAGE}");
            Ok(true)
        }
        _ => return usage_error(format!("unknown command `{command}`")),
    };
    result.unwrap_or_else(|message| {
        eprintln!("error: {message}");
        false
    })
}

fn select_specs(root: &Path, slugs: &[String]) -> Result<Vec<SpecFile>, String> {
    let all = crate::spec_files(root).map_err(|e| format!("cannot list specs/: {e}"))?;
    let known: BTreeSet<String> = all.iter().map(|s| s.slug.clone()).collect();
    check_slugs(slugs, &known)?;
    Ok(all
        .into_iter()
        .filter(|s| slugs.is_empty() || slugs.contains(&s.slug))
        .collect())
}

fn check_slugs(slugs: &[String], known: &BTreeSet<String>) -> Result<(), String> {
    match slugs.iter().find(|s| !known.contains(*s)) {
        Some(unknown) => Err(format!(
            "no spec `specs/{unknown}.yaml`; known slugs: {}",
            known.iter().cloned().collect::<Vec<_>>().join(", ")
        )),
        None => Ok(()),
    }
}

/// Generates each spec independently: a broken one is reported and skipped,
/// its crate left as it was, and the others still generate. Then the
/// workspace sections listing all services, unless a spec is broken.
/// `date` dates the release history of new crates (see [`changelog::date`]).
pub fn generate(root: &Path, specs: &[SpecFile], check: bool, date: Option<&str>) -> bool {
    let mut ok = true;
    let mut total_ms = 0;
    let mut described = BTreeMap::new();
    for spec in specs {
        let start = Instant::now();
        let generated = crate::load(spec).and_then(|read| {
            let (history, started) = match crate::changelog(spec).map_err(|p| vec![p])? {
                Some(history) => (history, false),
                None => {
                    let history = changelog::start(&read.spec, date).map_err(|message| {
                        vec![crate::model::Problem {
                            file: changelog::path(&spec.slug),
                            location: "-".into(),
                            message,
                        }]
                    })?;
                    (history, true)
                }
            };
            let generated = crate::generate_from(read, Some(&history), start)?;
            Ok((generated, history, started))
        });
        let (generated, history, started) = match generated {
            Ok(generated) => generated,
            Err(problems) => {
                for problem in &problems {
                    eprintln!("error: {problem}");
                }
                eprintln!(
                    "{}: not generated, crates/{}/ left as it was",
                    spec.slug, spec.slug
                );
                ok = false;
                continue;
            }
        };
        let dir = root.join("crates").join(&spec.slug);
        let history_path = root.join(changelog::path(&spec.slug));
        // The crate, then the service's files in the command-line tool.
        let outcome = if check {
            output::check(&dir, &generated.files).and_then(|mut drift| {
                if started {
                    drift.push(output::Drift::Missing(history_path.clone()));
                }
                drift.extend(command_line(root, &generated.cli, true)?);
                for d in &drift {
                    eprintln!("{d}");
                }
                ok &= drift.is_empty();
                Ok(if drift.is_empty() {
                    "up to date".to_owned()
                } else {
                    format!(
                        "{} files differ: run `cargo xtask generate {}`",
                        drift.len(),
                        spec.slug
                    )
                })
            })
        } else {
            output::write(&dir, &generated.files).and_then(|n| {
                if started {
                    crate::files::write_atomically(&history_path, history.text.as_bytes())?;
                    // Visible: a release history is kept, not regenerated.
                    eprintln!(
                        "{}: started {} at 0.1.0",
                        spec.slug,
                        changelog::path(&spec.slug)
                    );
                }
                let cli = command_line(root, &generated.cli, false)?.len();
                Ok(format!("{} files written", n + usize::from(started) + cli))
            })
        };
        let outcome = outcome.unwrap_or_else(|e| {
            ok = false;
            format!("I/O error in {}: {e}", dir.display())
        });
        let ms = generated.elapsed.as_millis();
        total_ms += ms;
        println!(
            "{:<22} {:>3} operations {:>4} types {:>6} lines {:>5} ms  {outcome}",
            spec.slug,
            generated.spec.operations.len(),
            generated.types,
            generated.lines(),
            ms
        );
        let listed = workspace::Listed {
            version: generated.version,
            spec: generated.spec,
        };
        described.insert(spec.slug.clone(), listed);
    }
    println!("{} specs in {total_ms} ms", specs.len());
    ok & workspace_sections(root, described, check)
}

/// The generated sections of the workspace files, from every spec:
/// `described` holds the services read in this run, by slug, and the others
/// are read here. Left alone, with a warning, when a spec is broken: that
/// spec's own error already fails a run that selects it.
fn workspace_sections(
    root: &Path,
    mut described: BTreeMap<String, workspace::Listed>,
    check: bool,
) -> bool {
    let all = match crate::spec_files(root) {
        Ok(all) => all,
        Err(e) => {
            eprintln!("error: cannot list specs/: {e}");
            return false;
        }
    };
    for spec in &all {
        if described.contains_key(&spec.slug) {
            continue;
        }
        match crate::describe(spec) {
            Ok(service) => {
                described.insert(spec.slug.clone(), service);
            }
            Err(_) => {
                eprintln!(
                    "workspace sections left as they were: {} is broken (`cargo xtask lint {}`)",
                    spec.display_path, spec.slug
                );
                return true;
            }
        }
    }
    let services: Vec<_> = described.into_values().collect();
    let sections = workspace::update(root, &services, check);
    sections & command_line_services(root, &services, check)
}

/// Writes (or, with `check`, compares) one service's files in the
/// command-line tool, when the workspace has it: how they differed.
fn command_line(
    root: &Path,
    files: &BTreeMap<String, String>,
    check: bool,
) -> std::io::Result<Vec<output::Drift>> {
    if !cli_files::present(root) {
        return Ok(Vec::new());
    }
    cli_files::sync(root, files, check)
}

/// The command-line tool's list of services, from every spec, and no files
/// of a spec that is gone.
fn command_line_services(root: &Path, services: &[workspace::Listed], check: bool) -> bool {
    if !cli_files::present(root) {
        return true;
    }
    let specs: Vec<_> = services.iter().map(|s| &s.spec).collect();
    match cli_files::sync_services(root, &specs, check) {
        Ok(drift) if check => {
            for d in &drift {
                eprintln!("{d}");
            }
            if drift.is_empty() {
                println!("command-line services  up to date");
            } else {
                println!(
                    "command-line services  {} differ: run `cargo xtask generate`",
                    drift.len()
                );
            }
            drift.is_empty()
        }
        Ok(drift) => {
            println!("command-line services  {} written", drift.len());
            true
        }
        Err(message) => {
            eprintln!("error: {message}");
            false
        }
    }
}

fn lint(specs: &[SpecFile]) -> bool {
    let mut ok = true;
    for spec in specs {
        // Also the typed document progenitor would get: a value of the
        // wrong shape is found now, not by `generate`.
        let checked =
            crate::load(spec).and_then(|read| crate::generate::openapi(&read).map_err(|p| vec![p]));
        match checked {
            Ok(_) => println!("{}: ok", spec.display_path),
            Err(problems) => {
                ok = false;
                for problem in problems {
                    eprintln!("error: {problem}");
                }
            }
        }
    }
    ok
}

/// `cargo xtask diff`: compares each selected spec with the base revision.
fn run_diff(root: &Path, args: &Args) -> Result<bool, String> {
    let base = args.value("--base").unwrap_or("HEAD");
    let json = match args.value("--format").unwrap_or("text") {
        "text" => false,
        "json" => true,
        other => return Err(format!("`--format {other}`: write `text` or `json`")),
    };
    let fail_on_breaking = match args.value("--fail-on") {
        None => false,
        Some("breaking") => true,
        Some(other) => return Err(format!("`--fail-on {other}`: the only level is `breaking`")),
    };
    if args.has("--date") && !args.has("--changelog") {
        return Err("`--date` dates the changelog: use it with `--changelog`".to_owned());
    }
    git::commit(root, base)?;
    let mut known: BTreeSet<String> = crate::spec_files(root)
        .map_err(|e| format!("cannot list specs/: {e}"))?
        .into_iter()
        .map(|s| s.slug)
        .collect();
    known.extend(
        git::list(root, base, "specs")?
            .into_iter()
            .filter_map(|f| f.strip_suffix(".yaml").map(str::to_owned)),
    );
    check_slugs(&args.slugs, &known)?;
    let date = if args.has("--changelog") {
        Some(changelog::date(args.value("--date"))?)
    } else {
        None
    };
    let mut ok = true;
    let mut diffs = Vec::new();
    for slug in known
        .iter()
        .filter(|s| args.slugs.is_empty() || args.slugs.contains(s))
    {
        match service::service_diff(root, base, slug) {
            Ok(mut d) => {
                if let Some(date) = &date {
                    service::write_release(root, &mut d, date)?;
                }
                diffs.push(d);
            }
            Err(message) => {
                eprintln!("error: {slug}: {message}");
                ok = false;
            }
        }
    }
    if json {
        print!("{}", service::json(&diffs, base));
    } else {
        print!("{}", service::text(&diffs, base));
    }
    let breaking = diffs.iter().any(|d| d.class == Some(Class::Breaking));
    Ok(ok && !(fail_on_breaking && breaking))
}

/// `cargo xtask check-version`: each crate's version against its spec's history.
fn check_version(root: &Path, specs: &[SpecFile]) -> Result<bool, String> {
    let mut ok = true;
    let width = specs.iter().map(|s| s.slug.len()).max().unwrap_or(0);
    for spec in specs {
        let outcome = version_check::check(root, &spec.slug)?;
        let label = match outcome.verdict {
            Verdict::Ok => "ok",
            Verdict::Warn => "warning",
            Verdict::Fail => "FAILED",
            Verdict::Skip => "skipped",
        };
        ok &= outcome.verdict != Verdict::Fail;
        println!("{:<width$}  {label}: {}", outcome.slug, outcome.message);
    }
    Ok(ok)
}
