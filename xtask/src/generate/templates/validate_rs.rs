//! `src/validate.rs` of a service crate: `nttcom_runtime::Validate` for every
//! type, so a request is checked against the spec before it is sent.
//!
//! Each impl is written from the generated type (its fields and variants)
//! and the spec (the rules of each property): a struct checks its fields, a
//! string newtype re-runs its `FromStr` (pattern, lengths), an open enum
//! refuses `Unknown`, a union checks the branch it holds.

use quote::{format_ident, quote};
use serde_json::Value;

use crate::generate::codegen::{Generated, operation_rules};
use crate::model::resolved::resolve;
use crate::model::spec::Service;

use super::rust_header;

pub fn render(service: &Service, generated: &Generated) -> Result<String, String> {
    let items = crate::generate::codegen::module(&generated.file, "types")?;
    let impls = items.iter().filter_map(|item| match item {
        syn::Item::Struct(s) => Some(struct_impl(service, s)),
        syn::Item::Enum(e) => Some(enum_impl(service, e)),
        _ => None,
    });
    let file = quote! {
        //! `Validate` for every type: what a request is checked against before
        //! it is sent (see `nttcom_runtime::validate`).
        #![allow(clippy::all)]

        // A small spec may leave some of these unused.
        #[allow(unused_imports)]
        use nttcom_runtime::validate::{Invalid, Validate, field};

        #(#impls)*
    };
    let file: syn::File =
        syn::parse2(file).map_err(|e| format!("validate.rs template does not parse: {e}"))?;
    Ok(format!(
        "{}{}",
        rust_header(service),
        prettyplease::unparse(&file)
    ))
}

fn struct_impl(service: &Service, item: &syn::ItemStruct) -> proc_macro2::TokenStream {
    let ident = &item.ident;
    let body = match &item.fields {
        syn::Fields::Named(fields) => {
            let schema = component(service, &ident.to_string());
            let resolved = schema.map(|s| resolve(&service.raw, s));
            let checks = fields.named.iter().filter_map(|f| {
                let member = f.ident.as_ref().expect("named field");
                let wire = crate::generate::codegen::wire_name(f);
                let property = resolved
                    .as_ref()
                    .and_then(|r| r.properties.get(wire.as_str()).copied());
                let rules = match property {
                    Some(property) => {
                        let required = resolved
                            .as_ref()
                            .is_some_and(|r| r.required.contains(wire.as_str()))
                            && !resolve(&service.raw, property).nullable
                            && crate::generate::codegen::is_option(&f.ty);
                        operation_rules(&service.raw, property, required)
                    }
                    None => NO_RULES.parse().expect("a path"),
                };
                // A plain scalar without rules has nothing to check.
                let trivial = rules.to_string() == NO_RULES_TOKENS && is_plain(&f.ty);
                (!trivial).then(|| quote!(field(#wire, &self.#member, &#rules)?;))
            });
            quote! {
                #(#checks)*
                Ok(())
            }
        }
        // typify's newtypes deref to their inner value; a string newtype's
        // `FromStr` holds its pattern and lengths.
        syn::Fields::Unnamed(fields) if is_string(&fields.unnamed[0].ty) => quote! {
            nttcom_runtime::validate::parses::<Self>(self.as_str())
        },
        syn::Fields::Unnamed(_) => quote!((**self).validate()),
        syn::Fields::Unit => quote!(Ok(())),
    };
    quote! {
        impl Validate for crate::types::#ident {
            fn validate(&self) -> Result<(), Invalid> {
                #body
            }
        }
    }
}

fn enum_impl(service: &Service, item: &syn::ItemEnum) -> proc_macro2::TokenStream {
    let ident = &item.ident;
    let open = item.variants.iter().any(|v| v.ident == "Unknown")
        && item
            .variants
            .iter()
            .all(|v| v.ident == "Unknown" || matches!(v.fields, syn::Fields::Unit));
    let body = if open {
        quote! {
            match self {
                Self::Unknown(value) => Err(Invalid::new(format!(
                    "`{value}` is not one of: {}",
                    Self::KNOWN.join(", ")
                ))),
                _ => Ok(()),
            }
        }
    } else {
        // A union (`oneOf`/`anyOf`): typify's variants follow the branches.
        let branches: Vec<&Value> = component(service, &ident.to_string())
            .map(|s| resolve(&service.raw, s).branches)
            .unwrap_or_default();
        let aligned = branches.len() == item.variants.len();
        let arms = item.variants.iter().enumerate().map(|(i, v)| {
            let variant = &v.ident;
            match &v.fields {
                syn::Fields::Unit => quote!(Self::#variant => Ok(())),
                syn::Fields::Unnamed(f) if f.unnamed.len() == 1 => {
                    let rules = if aligned {
                        operation_rules(&service.raw, branches[i], false)
                    } else {
                        NO_RULES.parse().expect("a path")
                    };
                    quote!(Self::#variant(value) => value.validate_with(&#rules))
                }
                syn::Fields::Unnamed(f) => {
                    let values: Vec<_> = (0..f.unnamed.len())
                        .map(|i| format_ident!("v{i}"))
                        .collect();
                    quote!(Self::#variant(#(#values),*) => { #(#values.validate()?;)* Ok(()) })
                }
                syn::Fields::Named(f) => {
                    let names: Vec<_> = f.named.iter().filter_map(|f| f.ident.as_ref()).collect();
                    quote!(Self::#variant { #(#names),* } => { #(#names.validate()?;)* Ok(()) })
                }
            }
        });
        quote! {
            match self {
                #(#arms,)*
            }
        }
    };
    quote! {
        impl Validate for crate::types::#ident {
            fn validate(&self) -> Result<(), Invalid> {
                #body
            }
        }
    }
}

const NO_RULES: &str = "nttcom_runtime::validate::Rules::NONE";
const NO_RULES_TOKENS: &str = "nttcom_runtime :: validate :: Rules :: NONE";

/// Strings, numbers, booleans, JSON values, and options or lists of them:
/// types whose `Validate` checks nothing without rules.
fn is_plain(ty: &syn::Type) -> bool {
    let text = crate::generate::codegen::type_text(ty);
    let inner =
        ["::std::option::Option<", "::std::vec::Vec<"]
            .iter()
            .fold(text.as_str(), |t, w| {
                t.strip_prefix(w)
                    .and_then(|t| t.strip_suffix('>'))
                    .unwrap_or(t)
            });
    inner == "::serde_json::Value" || crate::generate::codegen::is_scalar(inner)
}

fn component<'a>(service: &'a Service, name: &str) -> Option<&'a Value> {
    service.raw.pointer("/components/schemas")?.get(name)
}

fn is_string(ty: &syn::Type) -> bool {
    crate::generate::codegen::type_text(ty) == "::std::string::String"
}
