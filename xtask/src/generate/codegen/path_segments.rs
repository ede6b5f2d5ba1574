//! Pass: every path parameter stays one segment of the documented path.
//!
//! progenitor builds each URL as `format!("{}/x/{}", client.baseurl,
//! encode_path(&value.to_string()))`. Its `encode_path` leaves `.`, `..` and
//! `\` as they are, and URL parsing then resolves them: `..` climbs out of
//! the documented path, `\` is a separator. The pass calls
//! `nttcom_runtime::path_segment("<spec name>", value.as_str())` instead
//! (`&value.to_string()` for a value that is not text), which
//! percent-encodes everything outside RFC 3986's unreserved set and refuses
//! `""`, `.` and `..` as `Error::InvalidRequest` naming the parameter. A
//! `send()` that still calls `encode_path` afterwards is an error: the
//! generator stops rather than emit an unsafe path.
//!
//! The typed mocks (`mock.rs`) match a path parameter by its encoded form,
//! so [`in_mocks`] has them encode it with `path_segment` as well.

use quote::quote;
use syn::punctuated::Punctuated;
use syn::visit_mut::VisitMut;

use super::attrs::{impl_self_ident, module_mut};
use crate::model::Spec;

/// Applies the pass to every `send()` of `mod builder`.
pub fn one_segment(file: &mut syn::File, spec: &Spec) -> Result<(), String> {
    for item in module_mut(file, "builder")?.iter_mut() {
        let syn::Item::Impl(block) = item else {
            continue;
        };
        if block.trait_.is_some() {
            continue;
        }
        let Some(op) = impl_self_ident(block).and_then(|b| spec.operation_for_builder(&b)) else {
            continue;
        };
        for member in &mut block.items {
            let syn::ImplItem::Fn(function) = member else {
                continue;
            };
            if function.sig.ident != "send" {
                continue;
            }
            let mut segments = Segments {
                names: op
                    .parameters
                    .iter()
                    .map(|p| (p.rust_name(), p.name.clone(), is_text(spec, p)))
                    .collect(),
                unknown: Vec::new(),
            };
            segments.visit_block_mut(&mut function.block);
            let left = quote!(#function).to_string();
            if !segments.unknown.is_empty() || left.contains("encode_path") {
                return Err(format!(
                    "{}: a path parameter of the generated `send()` is not a known parameter \
                     ({:?}); it would be sent unchecked",
                    op.id, segments.unknown
                ));
            }
        }
    }
    Ok(())
}

/// In the mocks, `progenitor_client::encode_path(v)` becomes the client's
/// encoding (a value the client refuses matches nothing).
pub fn in_mocks(file: &mut syn::File) {
    struct Mocks;
    impl VisitMut for Mocks {
        fn visit_expr_mut(&mut self, expr: &mut syn::Expr) {
            syn::visit_mut::visit_expr_mut(self, expr);
            if let syn::Expr::Call(call) = expr
                && call.args.len() == 1
                && {
                    let function = &call.func;
                    quote!(#function).to_string().ends_with("encode_path")
                }
            {
                let value = &call.args[0];
                *expr = syn::parse_quote!(
                    nttcom_runtime::path_segment("", #value).unwrap_or_default()
                );
            }
        }

        fn visit_macro_mut(&mut self, mac: &mut syn::Macro) {
            let Ok(mut args) =
                mac.parse_body_with(Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated)
            else {
                return;
            };
            for arg in args.iter_mut() {
                self.visit_expr_mut(arg);
            }
            mac.tokens = quote!(#args);
        }
    }
    Mocks.visit_file_mut(file);
}

/// Whether a parameter's Rust value has `as_str()`: a string without a
/// `format` is a `String`, a string newtype (which derefs to `String`) or a
/// string enum. Such a value is passed to `path_segment` as it is, instead
/// of through a copy made by `to_string()` on every call.
fn is_text(spec: &Spec, parameter: &crate::model::Parameter) -> bool {
    parameter.schema.as_ref().is_some_and(|schema| {
        let resolved = spec.resolve(schema);
        resolved.is_string() && resolved.format.is_none()
    })
}

/// Rewrites `encode_path(&x.to_string())` in the `format!` that builds a URL.
struct Segments {
    /// Rust variable name → the spec's parameter name, and whether its value
    /// has `as_str()` ([`is_text`]).
    names: Vec<(String, String, bool)>,
    unknown: Vec<String>,
}

impl Segments {
    fn rewrite(&mut self, arg: &mut syn::Expr) {
        let syn::Expr::Call(call) = arg else {
            return;
        };
        let function = &call.func;
        if quote!(#function).to_string() != "encode_path" || call.args.len() != 1 {
            return;
        }
        let value = &call.args[0];
        // `& x . to_string ()`
        let text = quote!(#value).to_string();
        let Some(variable) = text
            .strip_prefix("& ")
            .and_then(|t| t.strip_suffix(" . to_string ()"))
        else {
            self.unknown.push(text);
            return;
        };
        let Some((_, name, text)) = self.names.iter().find(|(rust, ..)| rust == variable) else {
            self.unknown.push(variable.to_owned());
            return;
        };
        if *text {
            let variable = quote::format_ident!("{variable}");
            *arg = syn::parse_quote!(
                nttcom_runtime::path_segment(#name, #variable.as_str()).map_err(Error::InvalidRequest)?
            );
        } else {
            *arg = syn::parse_quote!(
                nttcom_runtime::path_segment(#name, #value).map_err(Error::InvalidRequest)?
            );
        }
    }
}

impl VisitMut for Segments {
    fn visit_macro_mut(&mut self, mac: &mut syn::Macro) {
        if !mac.path.is_ident("format") {
            return;
        }
        let Ok(mut args) =
            mac.parse_body_with(Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated)
        else {
            return;
        };
        for arg in args.iter_mut() {
            self.rewrite(arg);
        }
        mac.tokens = quote!(#args);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encode_path_becomes_the_runtime_check_under_the_spec_name() {
        let mut function: syn::ImplItemFn = syn::parse_quote! {
            pub async fn send(self) -> Result<(), Error<()>> {
                let url = format!("{}/sites/{}", client.baseurl, encode_path(&site_code.to_string()),);
                Ok(())
            }
        };
        let mut numbers = function.clone();
        let mut segments = Segments {
            names: vec![("site_code".into(), "siteCode".into(), true)],
            unknown: Vec::new(),
        };
        segments.visit_impl_item_fn_mut(&mut function);
        let text = quote!(#function).to_string();
        assert!(
            text.contains(
                "nttcom_runtime :: path_segment (\"siteCode\" , site_code . as_str ()) \
                 . map_err (Error :: InvalidRequest) ?"
            ),
            "{text}"
        );
        assert!(!text.contains("encode_path"), "{text}");
        assert!(segments.unknown.is_empty());
        // A value without `as_str()` (a number) goes through its text.
        let mut segments = Segments {
            names: vec![("site_code".into(), "siteCode".into(), false)],
            unknown: Vec::new(),
        };
        segments.visit_impl_item_fn_mut(&mut numbers);
        let text = quote!(#numbers).to_string();
        assert!(
            text.contains("path_segment (\"siteCode\" , & site_code . to_string ())"),
            "{text}"
        );
    }
}
