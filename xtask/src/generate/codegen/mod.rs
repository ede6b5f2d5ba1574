//! Runs progenitor on a linted spec, then reshapes its output with small,
//! named passes (each explains the gap it closes), and formats the result.
//! The passes read the model (`crate::model`) for what the spec says; they
//! never read the document.
//!
//! - [`types`]: the data types: open enums, lenient decoding, runtime date
//!   types, optional JSON Schema derives; with [`objects`] (object types
//!   keep what they do not know), [`unions`] (a value of no branch is
//!   kept) and [`builders`] (the type builders carry it along).
//! - [`patterns`]: `pattern` checks as static tables (`regex-lite` only for
//!   the patterns that need one).
//! - [`operations`]: the request builders: typed errors, request validation,
//!   path-aware decoding, no `api-version` header.
//! - [`lazy_defaults`]: a client's tenant and an empty body are made when
//!   `send()` needs them, not for every builder.
//! - [`overrides`]: `.timeout(…)`, `.header(…)` and `.retry(…)` on every
//!   operation builder.
//! - [`direct_send`]: `send()` hands its request to the runtime, not to
//!   progenitor's hooks.
//! - [`extras`]: what vendor extensions declare: `stream()` on paged
//!   operations, `wait_until_<name>()` waiters (both own what they need).
//! - [`mocks`]: the httpmock helpers.
//! - [`path_segments`]: each path parameter one path segment.
//! - [`body_field_names`]: body builders name fields by the spec's name.
//! - [`client_docs`]: the docs lead with `Client::builder()`, and say per
//!   operation what may come back and per setter what it takes.

mod attrs;
mod body_field_names;
mod builders;
mod client_docs;
mod direct_send;
mod extras;
mod lazy_defaults;
mod mocks;
mod objects;
mod operations;
mod overrides;
mod path_segments;
mod patterns;
mod types;
mod unions;

pub use attrs::{is_option, is_plain, is_scalar, module, type_text, wire_name};
pub use objects::EXTRA;
pub use operations::{no_rules, rules as operation_rules};
pub use unions::OTHER;

use std::panic::{AssertUnwindSafe, catch_unwind};

use progenitor_impl::{GenerationSettings, Generator, HooksMode, InterfaceStyle, TagStyle};
use quote::quote;

use crate::model::Spec;

/// The Rust type that every generated `Client` carries as its inner state.
pub const RUNTIME_TYPE: &str = "nttcom_runtime::Runtime";

/// The client module progenitor produced for one spec, reshaped.
pub struct Client {
    pub file: syn::File,
    /// Number of types progenitor generated.
    pub type_count: usize,
}

/// The client module (types, builders, `Client`), reshaped by the passes,
/// turning a progenitor error or panic into a message.
pub fn client(api: &openapiv3::OpenAPI, spec: &Spec) -> Result<Client, String> {
    let mut generator = Generator::new(&settings());
    let tokens = quiet_catch_unwind(|| generator.generate_tokens(api))?
        .map_err(|e| format!("progenitor rejected the spec: {e}"))?;
    let type_count = generator.get_type_space().iter_types().count();
    let mut file = parse(tokens)?;
    types::reshape(&mut file, spec)?;
    patterns::reshape(&mut file)?;
    operations::reshape(&mut file, spec)?;
    lazy_defaults::reshape(&mut file, spec)?;
    overrides::reshape(&mut file, spec)?;
    direct_send::reshape(&mut file, spec)?;
    extras::reshape(&mut file, spec)?;
    path_segments::one_segment(&mut file, spec)?;
    body_field_names::spec_names(&mut file)?;
    client_docs::reshape(&mut file, spec)?;
    Ok(Client { file, type_count })
}

/// The client module as formatted text.
pub fn format(client: &syn::File) -> String {
    prettyplease::unparse(client)
}

/// The `httpmock` module, formatted. It needs nothing of the client (it
/// names the client's types through `crate::types`), so it can be made
/// beside it.
pub fn mock(api: &openapiv3::OpenAPI) -> Result<String, String> {
    let mut generator = Generator::new(&settings());
    let mock = quiet_catch_unwind(|| generator.httpmock(api, "crate"))?
        .map_err(|e| format!("progenitor rejected the spec (mocks): {e}"))?;
    let mut mock = parse(mock)?;
    mocks::reshape(&mut mock);
    path_segments::in_mocks(&mut mock);
    Ok(prettyplease::unparse(&mock))
}

fn parse(tokens: proc_macro2::TokenStream) -> Result<syn::File, String> {
    syn::parse2(tokens).map_err(|e| format!("progenitor produced unparsable code: {e}"))
}

fn settings() -> GenerationSettings {
    let mut settings = GenerationSettings::default();
    settings
        .with_interface(InterfaceStyle::Builder)
        .with_tag(TagStyle::Merged)
        .with_hooks(HooksMode::Expected)
        .with_inner_type(quote!(nttcom_runtime::Runtime))
        .with_map_type("::std::collections::BTreeMap");
    settings
}

thread_local! {
    /// Whether a panic on this thread is caught and reported as a message.
    static QUIET: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Calls `f`, returning a panic's message instead of unwinding, and keeping the
/// default hook from printing a backtrace the spec author cannot act on. The
/// hook is installed once for the process and keeps quiet only on a thread
/// inside this function, so threads generating side by side do not swap
/// hooks under each other.
fn quiet_catch_unwind<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(std::cell::Cell::get) {
                default(info);
            }
        }));
    });
    QUIET.with(|quiet| quiet.set(true));
    let result = catch_unwind(AssertUnwindSafe(f));
    QUIET.with(|quiet| quiet.set(false));
    result.map_err(|payload| {
        let text = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_owned());
        format!(
            "progenitor panicked: {text}; this is a spec shape the lint does not know yet: \
             simplify the operation it names and report the shape"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_a_message_naming_its_cause() {
        let result = quiet_catch_unwind(|| -> u8 { panic!("should only be one body") });
        let message = result.expect_err("the panic is caught");
        assert!(
            message.contains("progenitor panicked: should only be one body"),
            "{message}"
        );
        assert_eq!(quiet_catch_unwind(|| 7), Ok(7));
    }
}
