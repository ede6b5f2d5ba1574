//! `cargo xtask`: regenerate, check or lint the service crates.

use std::path::Path;
use std::process::ExitCode;

use crate::{output, spec::SpecFile, workspace_root};

const USAGE: &str = "\
usage:
  cargo xtask generate [--check] [SLUG...]   write crates/<slug>/ from specs/<slug>.yaml (all when no slug);
                                             --check writes nothing and fails if any file differs
  cargo xtask lint [SLUG...]                 check the specs without generating";

/// Entry point of the `cargo xtask` binary (`xtask/runner`).
pub fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (command, rest) = match args.split_first() {
        Some((command, rest)) => (command.as_str(), rest),
        None => {
            eprintln!("{USAGE}");
            return ExitCode::FAILURE;
        }
    };
    let check = rest.iter().any(|a| a == "--check");
    if let Some(flag) = rest.iter().find(|a| a.starts_with('-') && *a != "--check") {
        eprintln!("unknown flag `{flag}`\n{USAGE}");
        return ExitCode::FAILURE;
    }
    let slugs: Vec<&str> = rest
        .iter()
        .filter(|a| !a.starts_with('-'))
        .map(String::as_str)
        .collect();
    let specs = match select_specs(&slugs) {
        Ok(specs) => specs,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::FAILURE;
        }
    };
    let ok = match command {
        "generate" => generate(&workspace_root(), &specs, check),
        "lint" if !check => lint(&specs),
        "help" | "--help" | "-h" => {
            println!("{USAGE}");
            true
        }
        _ => {
            eprintln!("unknown command `{command}`\n{USAGE}");
            false
        }
    };
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn select_specs(slugs: &[&str]) -> Result<Vec<SpecFile>, String> {
    let all =
        crate::spec_files(&workspace_root()).map_err(|e| format!("cannot list specs/: {e}"))?;
    if slugs.is_empty() {
        return Ok(all);
    }
    let known: Vec<String> = all.iter().map(|s| s.slug.clone()).collect();
    if let Some(unknown) = slugs.iter().find(|s| !known.iter().any(|k| k == *s)) {
        return Err(format!(
            "no spec `specs/{unknown}.yaml`; known slugs: {}",
            known.join(", ")
        ));
    }
    Ok(all
        .into_iter()
        .filter(|s| slugs.contains(&s.slug.as_str()))
        .collect())
}

/// Generates each spec independently: a broken one is reported and skipped,
/// its crate left as it was, and the others still generate.
pub fn generate(root: &Path, specs: &[SpecFile], check: bool) -> bool {
    let mut ok = true;
    let mut total_ms = 0;
    for spec in specs {
        let generated = match crate::generate(spec) {
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
        let outcome = if check {
            output::check(&dir, &generated.files).map(|drift| {
                for d in &drift {
                    eprintln!("{d}");
                }
                ok &= drift.is_empty();
                if drift.is_empty() {
                    "up to date".to_owned()
                } else {
                    format!(
                        "{} files differ: run `cargo xtask generate {}`",
                        drift.len(),
                        spec.slug
                    )
                }
            })
        } else {
            output::write(&dir, &generated.files).map(|n| format!("{n} files written"))
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
            generated.operations,
            generated.types,
            generated.lines(),
            ms
        );
    }
    println!("{} specs in {total_ms} ms", specs.len());
    ok
}

fn lint(specs: &[SpecFile]) -> bool {
    let mut ok = true;
    for spec in specs {
        match crate::load(spec) {
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
