//! The generated sections of hand-written workspace files, so that a new
//! spec needs no hand edits: the workspace dependency table, the facade's
//! features, dependencies, re-exports and service table, the command-line
//! tool's dependencies, the facade's package README's service table, and the
//! README's service and change-rule tables.

use std::io;
use std::path::Path;

use crate::generate::markers::{self, Style};
use crate::model::extensions::TokenExchange;
use crate::model::{Auth, Spec};
use crate::release::version::Version;

/// A service as the workspace files list it: its spec and its crate's version.
pub struct Listed {
    pub spec: Spec,
    pub version: Version,
}

/// One generated section: the file, its name between the markers, and its lines.
pub struct Section {
    pub file: &'static str,
    pub name: &'static str,
    pub style: Style,
    pub content: String,
}

/// Every section, from all services (sorted by slug).
pub fn sections(services: &[Listed]) -> Vec<Section> {
    let section = |file, name, style, content| Section {
        file,
        name,
        style,
        content,
    };
    vec![
        section(
            "Cargo.toml",
            "service crates",
            Style::Toml,
            dependency_table(services),
        ),
        section(
            "crates/nttcom/Cargo.toml",
            "service features",
            Style::Toml,
            facade_features(services),
        ),
        section(
            "crates/nttcom/Cargo.toml",
            "service dependencies",
            Style::Toml,
            lines(services, |s| {
                format!(
                    "{} = {{ workspace = true, optional = true }}",
                    s.spec.package()
                )
            }),
        ),
        section(
            "crates/nttcom-cli/Cargo.toml",
            "service crates",
            Style::Toml,
            lines(services, |s| {
                format!("{}.workspace = true", s.spec.package())
            }),
        ),
        section(
            "crates/nttcom/src/lib.rs",
            "service table",
            Style::RustDoc,
            facade_table(services),
        ),
        section(
            "crates/nttcom/src/lib.rs",
            "service modules",
            Style::Rust,
            facade_modules(services),
        ),
        section(
            "README.md",
            "service table",
            Style::Markdown,
            readme_table(services),
        ),
        section(
            "crates/nttcom/README.md",
            "service table",
            Style::Markdown,
            readme_table(services),
        ),
        section(
            "README.md",
            "change rules",
            Style::Markdown,
            crate::release::diff::rules::markdown_table(),
        ),
    ]
}

fn lines(services: &[Listed], line: impl Fn(&Listed) -> String) -> String {
    services.iter().map(|s| format!("{}\n", line(s))).collect()
}

fn dependency_table(services: &[Listed]) -> String {
    lines(services, |s| {
        format!(
            "{} = {{ path = \"crates/{}\", version = \"{}\", default-features = false }}",
            s.spec.package(),
            s.spec.slug,
            s.version
        )
    })
}

fn facade_features(services: &[Listed]) -> String {
    format!(
        "# Every service client.\nfull = [\n{}]\n{}\
         # Derive `schemars::JsonSchema` on the types of the enabled services.\nschemars = [\n{}]\n",
        lines(services, |s| format!("    \"{}\",", s.spec.slug)),
        lines(services, |s| format!(
            "{} = [\"dep:{}\"]",
            s.spec.slug,
            s.spec.package()
        )),
        lines(services, |s| format!(
            "    \"{}?/schemars\",",
            s.spec.package()
        )),
    )
}

/// The Rust module name of a service in the facade: the slug in snake case.
fn module(spec: &Spec) -> String {
    spec.slug.replace('-', "_")
}

/// "`X-Auth-Token` (Keystone)" or "Bearer (client credentials)".
fn auth(spec: &Spec) -> String {
    let scheme = match &spec.auth {
        Auth::Header { name, .. } => format!("`{name}`"),
        Auth::Bearer { .. } => "Bearer".to_owned(),
    };
    match &spec.token_exchange {
        Some(TokenExchange::Keystone { .. }) => format!("{scheme} (Keystone)"),
        Some(TokenExchange::ClientCredentials { .. }) => format!("{scheme} (client credentials)"),
        None => scheme,
    }
}

fn facade_table(services: &[Listed]) -> String {
    let mut out = String::from(
        "//! | Feature | Module | Crate | Version | Service | Auth |\n//! |---|---|---|---|---|---|\n",
    );
    out.push_str(&lines(services, |s| {
        format!(
            // The module is not a link: it would not resolve in docs built
            // without that service's feature.
            "//! | `{}` | `{}` | `{}` | {} | {} | {} |",
            s.spec.slug,
            module(&s.spec),
            s.spec.package(),
            s.version,
            s.spec.title,
            auth(&s.spec)
        )
    }));
    out
}

fn facade_modules(services: &[Listed]) -> String {
    // Sorted by crate name, as rustfmt orders `use` items.
    let mut sorted: Vec<&Spec> = services.iter().map(|s| &s.spec).collect();
    sorted.sort_by_key(|s| s.library());
    sorted
        .iter()
        .map(|s| {
            format!(
                "#[cfg(feature = \"{slug}\")]\n#[cfg_attr(docsrs, doc(cfg(feature = \"{slug}\")))]\n\
                 pub use {} as {};\n",
                s.library(),
                module(s),
                slug = s.slug
            )
        })
        .collect()
}

fn readme_table(services: &[Listed]) -> String {
    let mut out = String::from(
        "| Slug / feature | Crate | Version | API version | Base URL | Auth | Operations |\n\
         |---|---|---|---|---|---|---|\n",
    );
    out.push_str(&lines(services, |s| {
        let spec = &s.spec;
        let urls: Vec<String> = spec
            .servers
            .iter()
            .map(|u| format!("`{}`", u.url))
            .collect();
        format!(
            "| `{}` | `{}` | {} | {} | {} | {} | {} |",
            spec.slug,
            spec.package(),
            s.version,
            spec.api_version,
            urls.join(", "),
            auth(spec),
            spec.operations.len()
        )
    }));
    out
}

/// Brings the sections up to date (or, with `check`, lists those that are
/// not, as `differs: <file> (generated section "<name>")`). A file that does
/// not exist is skipped (a fixture workspace); a file without its markers is
/// an error. Every file is updated in memory first, so broken markers in one
/// leave all of them as they were.
pub fn apply(root: &Path, sections: &[Section], check: bool) -> Result<Vec<String>, String> {
    let mut drift = Vec::new();
    let mut updates = Vec::new();
    let mut files: Vec<&str> = sections.iter().map(|s| s.file).collect();
    files.dedup();
    for file in files {
        let path = root.join(file);
        let original = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
            Err(e) => return Err(format!("cannot read {file}: {e}")),
        };
        let mut text = original.clone();
        for section in sections.iter().filter(|s| s.file == file) {
            let updated =
                markers::replace(file, &text, section.style, section.name, &section.content)?;
            if updated != text {
                drift.push(format!(
                    "differs: {file} (generated section \"{}\")",
                    section.name
                ));
            }
            text = updated;
        }
        if text != original {
            updates.push((file, path, text));
        }
    }
    if !check {
        for (file, path, text) in updates {
            crate::files::write_atomically(&path, text.as_bytes())
                .map_err(|e| format!("cannot write {file}: {e}"))?;
        }
    }
    Ok(drift)
}

/// Brings the generated sections up to date from every service, sorted by
/// slug (`check`: reports drift instead); whether they are (or now are).
pub fn update(root: &Path, services: &[Listed], check: bool) -> bool {
    match apply(root, &sections(services), check) {
        Ok(drift) if check => {
            for d in &drift {
                eprintln!("{d}");
            }
            if drift.is_empty() {
                println!("workspace sections     up to date");
            } else {
                println!(
                    "workspace sections     {} differ: run `cargo xtask generate`",
                    drift.len()
                );
            }
            drift.is_empty()
        }
        Ok(drift) => {
            println!("workspace sections     {} written", drift.len());
            true
        }
        Err(message) => {
            eprintln!("error: {message}");
            false
        }
    }
}
