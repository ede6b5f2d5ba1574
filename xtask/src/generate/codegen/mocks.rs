//! Passes over progenitor's httpmock helpers (the `mock` feature).

use quote::quote;
use syn::visit_mut::VisitMut;

/// Applies every mock pass.
pub fn reshape(mock: &mut syn::File) {
    super::types::RuntimeDates.visit_file_mut(mock);
    ArrayQueryMocks.visit_file_mut(mock);
    EscapedPathMocks.visit_file_mut(mock);
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
