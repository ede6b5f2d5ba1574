//! Runs progenitor on a linted spec, then reshapes its output with small,
//! named passes (each explains the gap it closes), and formats the result.
//!
//! - [`types`]: the data types: open enums, lenient decoding, runtime date
//!   types, optional JSON Schema derives.
//! - [`operations`]: the request builders: typed errors, request validation,
//!   client defaults, path-aware decoding.
//! - [`extras`]: what vendor extensions declare: `stream()` on paged
//!   operations, `wait_until_<name>()` waiters.
//! - [`mocks`]: the httpmock helpers.
//! - [`path_segments`]: each path parameter one path segment.
//! - [`body_field_names`]: body builders name fields by the spec's name.

mod attrs;
mod body_field_names;
mod extras;
mod mocks;
mod operations;
mod path_segments;
mod types;

pub use attrs::{is_option, is_scalar, module, type_text, wire_name};
pub use operations::rules as operation_rules;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, Mutex};

use progenitor_impl::{GenerationSettings, Generator, HooksMode, InterfaceStyle, TagStyle};
use quote::quote;

use crate::service::Service;

/// The Rust type that every generated `Client` carries as its inner state.
pub const RUNTIME_TYPE: &str = "nttcom_runtime::Runtime";

/// What progenitor produced for one spec, reshaped.
pub struct Generated {
    /// The formatted client module (types, builders, `Client`).
    pub code: String,
    /// The parsed client module, for templates that generate code about it
    /// (e.g. `Validate` impls).
    pub file: syn::File,
    /// The formatted `httpmock` extension (typed mocks of each operation).
    pub mock: String,
    /// Number of types progenitor generated.
    pub type_count: usize,
}

/// Generates the client and mock modules, turning a progenitor error or panic
/// into a message.
pub fn generate(api: &openapiv3::OpenAPI, service: &Service) -> Result<Generated, String> {
    let settings = settings();
    let mut generator = Generator::new(&settings);
    let tokens = quiet_catch_unwind(|| generator.generate_tokens(api))?
        .map_err(|e| format!("progenitor rejected the spec: {e}"))?;
    let type_count = generator.get_type_space().iter_types().count();
    let mut file = parse(tokens)?;
    types::reshape(&mut file, service)?;
    operations::reshape(&mut file, service)?;
    extras::reshape(&mut file, service)?;
    path_segments::one_segment(&mut file, service)?;
    body_field_names::spec_names(&mut file)?;

    // The mock module names the client's types through `crate::types`.
    let mut mock_generator = Generator::new(&settings);
    let mock = quiet_catch_unwind(|| mock_generator.httpmock(api, "crate"))?
        .map_err(|e| format!("progenitor rejected the spec (mocks): {e}"))?;
    let mut mock = parse(mock)?;
    mocks::reshape(&mut mock);
    path_segments::in_mocks(&mut mock);

    Ok(Generated {
        code: use_regex_crate(&prettyplease::unparse(&file)),
        file,
        mock: prettyplease::unparse(&mock),
        type_count,
    })
}

/// typify checks `pattern`s with `regress` (an ECMAScript engine) and asks
/// where the match is; the `regex` crate answers "is there one" for the same
/// simple patterns about twice as fast. The lint makes sure every pattern
/// means the same to both engines.
fn use_regex_crate(code: &str) -> String {
    code.replace("::regress::Regex", "::regex::Regex")
        .replace("PATTERN.find(value).is_none()", "!PATTERN.is_match(value)")
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

/// Calls `f`, returning a panic's message instead of unwinding, and keeping the
/// default hook from printing a backtrace the spec author cannot act on.
fn quiet_catch_unwind<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    let message = Arc::new(Mutex::new(String::new()));
    let sink = Arc::clone(&message);
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let text = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_owned());
        *sink.lock().unwrap_or_else(|e| e.into_inner()) = text;
    }));
    let result = catch_unwind(AssertUnwindSafe(f));
    std::panic::set_hook(previous);
    result.map_err(|_| {
        let text = message.lock().unwrap_or_else(|e| e.into_inner()).clone();
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
