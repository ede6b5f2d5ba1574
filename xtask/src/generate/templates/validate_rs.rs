//! `src/validate.rs` of a service crate: `nttcom_runtime::Validate` for every
//! type, so a request is checked against the spec before it is sent.
//!
//! Each impl is written from the generated type (its fields and variants)
//! and the spec (the rules of each property): a struct checks its fields, a
//! string newtype re-runs its `FromStr` (pattern, lengths), an open enum
//! refuses `Unknown`, a union checks the branch it holds.

use quote::{format_ident, quote};

use crate::generate::codegen::{Generated, is_plain, no_rules, operation_rules};
use crate::model::{Schema, Spec};

use super::rust_header;

pub fn render(spec: &Spec, generated: &Generated) -> Result<String, String> {
    let items = crate::generate::codegen::module(&generated.file, "types")?;
    let impls = items.iter().filter_map(|item| match item {
        syn::Item::Struct(s) => Some(struct_impl(spec, s)),
        syn::Item::Enum(e) => Some(enum_impl(spec, e)),
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
        rust_header(spec),
        prettyplease::unparse(&file)
    ))
}

fn struct_impl(spec: &Spec, item: &syn::ItemStruct) -> proc_macro2::TokenStream {
    let ident = &item.ident;
    let body = match &item.fields {
        syn::Fields::Named(fields) => {
            let schema = spec.schemas.get(&ident.to_string());
            let resolved = schema.map(|s| spec.resolve(s));
            let checks = fields.named.iter().filter_map(|f| {
                let member = f.ident.as_ref().expect("named field");
                let wire = crate::generate::codegen::wire_name(f);
                let property = resolved
                    .as_ref()
                    .and_then(|r| r.properties.get(wire.as_str()).copied());
                let rules = property.and_then(|property| {
                    let required = resolved
                        .as_ref()
                        .is_some_and(|r| r.required.contains(wire.as_str()))
                        && !spec.resolve(property).nullable
                        && crate::generate::codegen::is_option(&f.ty);
                    operation_rules(spec, Some(property), required)
                });
                // A plain scalar without rules has nothing to check.
                if rules.is_none() && is_plain(&f.ty) {
                    return None;
                }
                let rules = rules.unwrap_or_else(no_rules);
                Some(quote!(field(#wire, &self.#member, &#rules)?;))
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

fn enum_impl(spec: &Spec, item: &syn::ItemEnum) -> proc_macro2::TokenStream {
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
        let branches: Vec<&Schema> = spec
            .schemas
            .get(&ident.to_string())
            .map(|s| spec.resolve(s).branches)
            .unwrap_or_default();
        let aligned = branches.len() == item.variants.len();
        let arms = item.variants.iter().enumerate().map(|(i, v)| {
            let variant = &v.ident;
            match &v.fields {
                syn::Fields::Unit => quote!(Self::#variant => Ok(())),
                syn::Fields::Unnamed(f) if f.unnamed.len() == 1 => {
                    let rules = aligned
                        .then(|| operation_rules(spec, Some(branches[i]), false))
                        .flatten()
                        .unwrap_or_else(no_rules);
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

fn is_string(ty: &syn::Type) -> bool {
    crate::generate::codegen::type_text(ty) == "::std::string::String"
}
