//! Runs progenitor on a linted spec and turns its tokens into formatted Rust.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, Mutex};

use progenitor_impl::{GenerationSettings, Generator, HooksMode, InterfaceStyle, TagStyle};
use quote::quote;
use syn::visit_mut::VisitMut;

/// The Rust type that every generated `Client` carries as its inner state.
pub const RUNTIME_TYPE: &str = "nttcom_runtime::Runtime";

/// What progenitor produced for one spec.
pub struct Generated {
    /// The formatted client module (types, builders, `Client`).
    pub code: String,
    /// The formatted `httpmock` extension (typed mocks of each operation).
    pub mock: String,
    /// Number of types progenitor generated.
    pub type_count: usize,
}

/// Generates the client and mock modules, turning a progenitor error or panic
/// into a message.
pub fn generate(api: &openapiv3::OpenAPI) -> Result<Generated, String> {
    let settings = settings();
    let mut generator = Generator::new(&settings);
    let tokens = quiet_catch_unwind(|| generator.generate_tokens(api))?
        .map_err(|e| format!("progenitor rejected the spec: {e}"))?;
    let type_count = generator.get_type_space().iter_types().count();
    let mut file = parse(tokens)?;
    OptionalSchemars.visit_file_mut(&mut file);
    BorrowingParse.visit_file_mut(&mut file);

    // The mock module names the client's types through `crate::types`.
    let mut mock_generator = Generator::new(&settings);
    let mock = quiet_catch_unwind(|| mock_generator.httpmock(api, "crate"))?
        .map_err(|e| format!("progenitor rejected the spec (mocks): {e}"))?;
    let mut mock = parse(mock)?;
    ArrayQueryMocks.visit_file_mut(&mut mock);
    EscapedPathMocks.visit_file_mut(&mut mock);

    Ok(Generated {
        code: use_regex_crate(&prettyplease::unparse(&file)),
        mock: prettyplease::unparse(&mock),
        type_count,
    })
}

/// typify checks `pattern`s with `regress` (an ECMAScript engine) and asks
/// where the match is; the `regex` crate answers "is there one" for the same
/// simple patterns about twice as fast, which matters when every row of a
/// large response carries several checked ids. The lint makes sure every
/// pattern means the same to both engines.
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

/// Adds `#[cfg_attr(feature = "schemars", derive(::schemars::JsonSchema))]` to
/// every serde type, so JSON Schema support costs nothing unless asked for.
struct OptionalSchemars;

impl VisitMut for OptionalSchemars {
    fn visit_item_mod_mut(&mut self, module: &mut syn::ItemMod) {
        if module.ident != "types" {
            return syn::visit_mut::visit_item_mod_mut(self, module);
        }
        let Some((_, items)) = &mut module.content else {
            return;
        };
        for item in items {
            let attrs = match item {
                syn::Item::Struct(s) => &mut s.attrs,
                syn::Item::Enum(e) => &mut e.attrs,
                _ => continue,
            };
            let derives_serde = attrs.iter().any(|a| {
                let meta = &a.meta;
                let text = quote!(#meta).to_string();
                a.path().is_ident("derive")
                    && (text.contains("Serialize") || text.contains("Deserialize"))
            });
            if derives_serde {
                let position = attrs
                    .iter()
                    .position(|a| a.path().is_ident("derive"))
                    .map_or(0, |i| i + 1);
                attrs.insert(
                    position,
                    syn::parse_quote!(#[cfg_attr(feature = "schemars", derive(::schemars::JsonSchema))]),
                );
            }
        }
    }
}

/// typify deserializes a constrained string as `String::deserialize(d)?.parse()`:
/// one allocation for the `String`, another in `from_str`. Parse from the
/// borrowed string instead (`nttcom_runtime::de::parse_str`), one allocation.
struct BorrowingParse;

impl VisitMut for BorrowingParse {
    fn visit_impl_item_fn_mut(&mut self, function: &mut syn::ImplItemFn) {
        let block = &function.block;
        let body = quote!(#block).to_string();
        if function.sig.ident == "deserialize"
            && body
                .contains(":: std :: string :: String :: deserialize (deserializer) ? . parse ()")
        {
            function.block = syn::parse_quote!({ nttcom_runtime::de::parse_str(deserializer) });
        }
    }
}

/// progenitor 0.15's mocks match an array query parameter with
/// `query_param(name, vec.to_string())`, which does not compile (`Vec` has no
/// `Display`). Rewrite it to expect each item as its own `name=item` pair, as
/// the client sends exploded form arrays.
struct ArrayQueryMocks;

impl VisitMut for ArrayQueryMocks {
    fn visit_impl_item_fn_mut(&mut self, function: &mut syn::ImplItemFn) {
        let signature = &function.sig;
        if quote!(#signature).to_string().contains("Vec <") {
            syn::visit_mut::visit_block_mut(&mut RewriteQueryParam, &mut function.block);
        }
    }
}

/// progenitor 0.15's mocks put a path parameter into the path regex as is:
/// `(` in a value breaks the regex, `/` or `%` never match the percent-encoded
/// path the client sends. Encode the value as the client does, then escape it.
struct EscapedPathMocks;

impl VisitMut for EscapedPathMocks {
    fn visit_macro_mut(&mut self, mac: &mut syn::Macro) {
        let tokens = mac.tokens.to_string();
        if mac.path.is_ident("format") && tokens.starts_with("\"^/") {
            let escaped = tokens.replace(
                "value . to_string ()",
                "regex :: escape (& progenitor_client :: encode_path (& value . to_string ()))",
            );
            if let Ok(tokens) = escaped.parse() {
                mac.tokens = tokens;
            }
        }
    }
}

struct RewriteQueryParam;

impl VisitMut for RewriteQueryParam {
    fn visit_expr_mut(&mut self, expr: &mut syn::Expr) {
        if let syn::Expr::MethodCall(call) = expr
            && call.method == "query_param"
            && call.args.len() == 2
        {
            let receiver = &call.receiver;
            let name = &call.args[0];
            let value = &call.args[1];
            if quote!(#value).to_string() == "value . to_string ()" {
                *expr = syn::parse_quote! {
                    value.iter().fold(#receiver, |when, item| when.query_param(#name, item.to_string()))
                };
                return;
            }
        }
        syn::visit_mut::visit_expr_mut(self, expr);
    }
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
