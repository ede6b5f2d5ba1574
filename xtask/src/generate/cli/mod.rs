//! The command-line tool's generated parts (`crates/nttcom-cli`): one
//! command module per service (`src/services/<module>.rs`: its spec data
//! and its `call`, see the crate docs of `nttcom-cli` for the contract), the
//! list of services and their dispatch (`src/services/mod.rs`), and each
//! operation called with the spec's examples as test data
//! (`tests/operations/<slug>.json`). The crate's dependencies on the service
//! crates are a generated section of its `Cargo.toml` ([`super::workspace`]).
//!
//! Everything comes from the model, except the Rust type each builder takes
//! a parameter as, which is read from the reshaped client ([`shapes`]).
//!
//! progenitor's own `Generator::cli` is not used: it needs `anyhow` and
//! `futures`, walks only dropshot's pagination, leaves `todo!()` for raw
//! answers, makes every path parameter required (the tenant too), shows no
//! constraint, has no exit codes and no waiters.

mod call;
mod cases;
mod data;
pub mod shapes;

use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::path::Path;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::files::write_atomically;
use crate::generate::output::Drift;
use crate::generate::templates::{inner_doc, rust_header};
use crate::model::extensions::Waiter;
use crate::model::{Operation, Parameter, Spec};

pub use shapes::Builders;

/// The CLI crate, relative to the workspace root.
pub const CRATE: &str = "crates/nttcom-cli";
/// Its generated folders, relative to [`CRATE`]: every file in them is the
/// xtask's.
const SERVICES: &str = "src/services";
const CASES: &str = "tests/operations";

/// Flags the CLI's core gives every operation (`nttcom_cli::command::RESERVED`,
/// which a test of that crate holds every service to): a parameter may not
/// take one of these names.
const RESERVED: &[&str] = &[
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

/// The Rust module of a service: its slug in snake case.
pub fn module_name(spec: &Spec) -> String {
    spec.slug.replace('-', "_")
}

/// A spec name in kebab case: `list_customer_sites` → `list-customer-sites`,
/// `customerSiteCode` → `customer-site-code`.
pub fn kebab(name: &str) -> String {
    heck::AsKebabCase(name).to_string()
}

/// The flag of a parameter, `--<flag>`.
pub fn flag(param: &Parameter) -> String {
    kebab(&param.name)
}

/// The first sentence of a description (up to `. ` or the end; the dots of
/// "e.g." and "i.e." end no sentence), as the CLI's help cuts them.
pub fn first_sentence(text: &str) -> &str {
    let text = text.trim();
    let end = text
        .match_indices(". ")
        .map(|(at, _)| at)
        .find(|&at| !text[..at].ends_with("e.g") && !text[..at].ends_with("i.e"));
    match end {
        Some(end) => &text[..=end],
        None => text,
    }
}

/// The waiter that follows `op` (`x-waiter`) and the operation it polls.
pub fn waiter<'a>(spec: &'a Spec, op: &Operation) -> Option<(&'a Operation, &'a Waiter)> {
    let name = op.waiter_after.as_deref()?;
    spec.operations.iter().find_map(|polled| {
        let waiter = polled.waiters.iter().find(|w| w.name == name)?;
        Some((polled, waiter))
    })
}

/// The files of one service in the CLI crate, keyed by path relative to
/// [`CRATE`]: its command module and its test data.
pub fn files(spec: &Spec, builders: &Builders) -> Result<BTreeMap<String, String>, String> {
    check_names(spec)?;
    let mut files = BTreeMap::new();
    files.insert(module_path(spec), command_module(spec, builders)?);
    files.insert(cases_path(spec), cases::render(spec));
    Ok(files)
}

fn module_path(spec: &Spec) -> String {
    format!("{SERVICES}/{}.rs", module_name(spec))
}

fn cases_path(spec: &Spec) -> String {
    format!("{CASES}/{}.json", spec.slug)
}

/// Commands and flags must be told apart: no parameter named like a core
/// flag, no two parameters of an operation with one flag.
fn check_names(spec: &Spec) -> Result<(), String> {
    for op in &spec.operations {
        let mut seen = BTreeSet::new();
        for param in &op.parameters {
            let flag = flag(param);
            if RESERVED.contains(&flag.as_str()) {
                return Err(format!(
                    "{}: parameter `{}` would be the flag --{flag}, which every `nttcom` \
                     command already has: rename the parameter",
                    op.id, param.name
                ));
            }
            if !seen.insert(flag.clone()) {
                return Err(format!(
                    "{}: two parameters would be the flag --{flag}: rename one",
                    op.id
                ));
            }
        }
    }
    Ok(())
}

/// `src/services/<module>.rs`.
fn command_module(spec: &Spec, builders: &Builders) -> Result<String, String> {
    let library = format_ident!("{}", spec.library());
    let service = data::service(spec);
    let call = call::function(spec, builders)?;
    let mut docs = format!(
        "`nttcom {slug} …`: the command module of {slug} ({path}),\n\
         written by `cargo xtask generate` from the spec model; see the crate docs\n\
         (\"Command modules\") for the contract.\n\n\
         `SERVICE` is what the spec says, for the commands and their help. `call`\n\
         parses each flag with `FromStr` into the type the client's builder takes,\n\
         and leaves every check of the values to the client.\n",
        slug = spec.slug,
        path = spec.path,
    );
    if spec.operations.iter().any(|op| op.waiter_after.is_some()) {
        docs.push_str(
            "\nA write followed by a waiter (`x-waiter`) waits with `--wait`: each\n\
             parameter of the operation the waiter polls comes from the write's own\n\
             parameter of the same name, else from the accepted answer, beside the\n\
             waiter's status field.\n",
        );
    }
    let docs = inner_doc(&docs);
    // `types` only where a parameter or a body names one.
    let uses_types = spec.operations.iter().any(|op| {
        op.body().is_some_and(|(s, _)| s.rust_type().is_some())
            || op.parameters.iter().any(|p| {
                builders
                    .setter(op, p)
                    .is_ok_and(|s| s.ty.contains("types::"))
            })
    });
    let imports = if uses_types {
        quote!(use #library::{Client, types};)
    } else {
        quote!(use #library::Client;)
    };
    let file = quote! {
        #docs
        #imports

        use crate::spec::*;
        use crate::{Args, Context, Failure, Reply};

        #service

        #call
    };
    format(spec_header(&spec.path), file)
}

/// `src/services/mod.rs`: every service's module, in `SERVICES`, and its arm
/// in `call`.
pub fn services_module(specs: &[&Spec]) -> Result<String, String> {
    let modules: Vec<_> = specs
        .iter()
        .map(|s| format_ident!("{}", module_name(s)))
        .collect();
    let slugs = specs.iter().map(|s| &s.slug);
    let docs = inner_doc(
        "The command modules, one per service, and the list the core reads:\n\
         written by `cargo xtask generate` from `specs/*.yaml`.",
    );
    let file = quote! {
        #docs
        #(pub mod #modules;)*

        use crate::spec::ServiceSpec;
        use crate::{Args, Context, Failure, Reply};

        /// Every service, by slug.
        pub static SERVICES: &[&ServiceSpec] = &[#(&#modules::SERVICE),*];

        /// Runs `operation` of the service `slug`.
        pub async fn call(
            ctx: &Context,
            slug: &str,
            operation: &str,
            args: &Args,
        ) -> Result<Reply, Failure> {
            match slug {
                #(#slugs => #modules::call(ctx, operation, args).await,)*
                other => Err(Failure::usage(format!("no service {other}"))),
            }
        }
    };
    format(spec_header("specs/*.yaml"), file)
}

/// The header of a generated Rust file (see [`rust_header`]).
fn spec_header(path: &str) -> String {
    let spec = Spec {
        path: path.to_owned(),
        ..Spec::default()
    };
    rust_header(&spec)
}

fn format(header: String, file: TokenStream) -> Result<String, String> {
    let file: syn::File = syn::parse2(file).map_err(|e| format!("command module: {e}"))?;
    Ok(format!("{header}{}", prettyplease::unparse(&file)))
}

/// Whether the workspace at `root` has the CLI crate (a fixture workspace
/// may not).
pub fn present(root: &Path) -> bool {
    root.join(CRATE).join("Cargo.toml").is_file()
}

/// Compares `files` (relative to [`CRATE`]) with the disk, or writes them
/// (`check` false): the differences found, before writing.
pub fn sync(root: &Path, files: &BTreeMap<String, String>, check: bool) -> io::Result<Vec<Drift>> {
    let dir = root.join(CRATE);
    let mut drift = Vec::new();
    for (relative, content) in files {
        let path = dir.join(relative);
        match std::fs::read(&path) {
            Ok(on_disk) if on_disk == content.as_bytes() => continue,
            Ok(_) => drift.push(Drift::Changed(path.clone())),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                drift.push(Drift::Missing(path.clone()))
            }
            Err(e) => return Err(e),
        }
        if !check {
            write_atomically(&path, content.as_bytes())?;
        }
    }
    Ok(drift)
}

/// The files of the CLI crate that come from every spec at once: the list
/// of services (`src/services/mod.rs`), and no module or test data of a
/// spec that is gone. Compared with the disk, or written (`check` false).
pub fn sync_services(root: &Path, specs: &[&Spec], check: bool) -> Result<Vec<Drift>, String> {
    let mut expected = BTreeSet::new();
    expected.insert(format!("{SERVICES}/mod.rs"));
    for spec in specs {
        expected.insert(module_path(spec));
        expected.insert(cases_path(spec));
    }
    let mut files = BTreeMap::new();
    files.insert(format!("{SERVICES}/mod.rs"), services_module(specs)?);
    let failed = |e: io::Error| format!("{CRATE}: {e}");
    let mut drift = sync(root, &files, check).map_err(failed)?;
    for folder in [SERVICES, CASES] {
        let entries = match std::fs::read_dir(root.join(CRATE).join(folder)) {
            Ok(entries) => entries,
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
            Err(e) => return Err(failed(e)),
        };
        let mut stale = Vec::new();
        for entry in entries {
            let path = entry.map_err(failed)?.path();
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            if path.is_file() && !expected.contains(&format!("{folder}/{name}")) {
                stale.push(path);
            }
        }
        stale.sort();
        for path in stale {
            if !check {
                std::fs::remove_file(&path).map_err(failed)?;
            }
            drift.push(Drift::Stale(path));
        }
    }
    Ok(drift)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_sentences() {
        assert_eq!(kebab("list_customer_sites"), "list-customer-sites");
        assert_eq!(kebab("customerSiteCode"), "customer-site-code");
        assert_eq!(kebab("data_update_date_to"), "data-update-date-to");
        assert_eq!(kebab("nNo"), "n-no");
        assert_eq!(
            first_sentence("Lists the orders, e.g. new ones. Then more."),
            "Lists the orders, e.g. new ones."
        );
        assert_eq!(first_sentence("One sentence only"), "One sentence only");
    }

    #[test]
    fn a_parameter_may_not_take_a_core_flag_or_another_s_flag() {
        let spec = |names: &[&str]| {
            let parameters: Vec<serde_json::Value> = names
                .iter()
                .map(
                    |n| serde_json::json!({"name": n, "in": "query", "schema": {"type": "string"}}),
                )
                .collect();
            let raw = serde_json::json!({"paths": {"/x": {"get": {
                "operationId": "get_x", "parameters": parameters, "responses": {}
            }}}});
            crate::model::from_value("s.yaml", "s", raw).spec
        };
        assert_eq!(check_names(&spec(&["pageSize", "status"])), Ok(()));
        let reserved = check_names(&spec(&["output"])).unwrap_err();
        assert!(reserved.contains("--output"), "{reserved}");
        let twice = check_names(&spec(&["page_size", "pageSize"])).unwrap_err();
        assert!(
            twice.contains("two parameters would be the flag --page-size"),
            "{twice}"
        );
    }
}
