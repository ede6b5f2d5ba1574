//! `nttcom configure`: asks for a profile's credentials and writes the
//! config file (see [`crate::config`] for where and how).
//!
//! On a terminal, secrets are read without echo and the other values with
//! it; Enter keeps the current value. Without a terminal (a script), the
//! answers are read from stdin, one line each, in the order of the prompts;
//! a missing line keeps the current value.

use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;

use crate::config::{self, Profile};
use crate::exit::Failure;

struct Field {
    prompt: &'static str,
    secret: bool,
    get: fn(&mut Profile) -> &mut Option<String>,
}

const FIELDS: &[Field] = &[
    Field {
        prompt: "API key (Keystone services: sign-common, icms-profiles, fic-premium-support)",
        secret: false,
        get: |p| &mut p.api_key,
    },
    Field {
        prompt: "API secret",
        secret: true,
        get: |p| &mut p.api_secret,
    },
    Field {
        prompt: "Tenant ID",
        secret: false,
        get: |p| &mut p.tenant_id,
    },
    Field {
        prompt: "Client ID (API-gateway services: ipoe, service-order)",
        secret: false,
        get: |p| &mut p.client_id,
    },
    Field {
        prompt: "Client secret",
        secret: true,
        get: |p| &mut p.client_secret,
    },
];

/// Updates profile `name` of the file at `path`.
pub fn run(path: &Path, name: &str) -> Result<(), Failure> {
    // A file others can access is fixed by rewriting it; other faults must
    // be fixed by hand first.
    if path.exists()
        && let Err(failure) = config::check_private(path)
    {
        eprintln!(
            "nttcom: {}; it will be rewritten readable by you only",
            failure.message
        );
    }
    let mut config = config::read(path, false)?.unwrap_or_default();
    let mut profile = config.profiles.remove(name).unwrap_or_default();
    let interactive = std::io::stdin().is_terminal();
    eprintln!(
        "Profile {name} in {} (Enter keeps the current value)",
        path.display()
    );
    let mut lines = std::io::stdin().lock();
    for field in FIELDS {
        let current = (field.get)(&mut profile);
        let shown = match (current.as_deref(), field.secret) {
            (None, _) => "not set".to_owned(),
            (Some(_), true) => "set".to_owned(),
            (Some(value), false) => value.to_owned(),
        };
        let prompt = format!("{} [{shown}]: ", field.prompt);
        let answer = if interactive && field.secret {
            rpassword::prompt_password(&prompt)
                .map_err(|e| Failure::other(format!("cannot read the answer: {e}")))?
        } else {
            eprint!("{prompt}");
            let _ = std::io::stderr().flush();
            let mut line = String::new();
            lines
                .read_line(&mut line)
                .map_err(|e| Failure::other(format!("cannot read the answer: {e}")))?;
            if !interactive {
                eprintln!();
            }
            line
        };
        let answer = answer.trim();
        if !answer.is_empty() {
            *current = Some(answer.to_owned());
        }
    }
    config.profiles.insert(name.to_owned(), profile);
    config::save(path, &config).map_err(|e| {
        Failure::other(format!(
            "cannot write the config file {}: {e}",
            path.display()
        ))
    })?;
    eprintln!("nttcom: saved profile {name} to {}", path.display());
    Ok(())
}
