//! Pass `extra_in_builders`: the builders of object types
//! (`types::builder`) carry `extra` too.
//!
//! A value that goes through its builder (`From<X>`, then setters, then
//! `TryFrom`) keeps what it kept beside its fields, and a request value may
//! get properties the spec does not list on purpose, with `.extra(name,
//! value)`; they are sent as given (a property the spec knows is refused:
//! see `nttcom_runtime::validate::extra`).

use quote::format_ident;
use syn::visit_mut::VisitMut;

use super::attrs::impl_trait_name;
use super::objects::{EXTRA, is_object};

/// Applies the pass to the builder of every type `objects` reshaped.
pub fn extra_in_builders(items: &mut [syn::Item]) -> Result<(), String> {
    let objects: Vec<String> = items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Struct(s) if is_object(s) => Some(s.ident.to_string()),
            _ => None,
        })
        .collect();
    let Some(builders) = items.iter_mut().find_map(|item| match item {
        syn::Item::Mod(m) if m.ident == "builder" => m.content.as_mut().map(|(_, items)| items),
        _ => None,
    }) else {
        return Ok(());
    };
    let extra = format_ident!("{EXTRA}");
    for item in builders.iter_mut() {
        match item {
            syn::Item::Struct(s) if objects.contains(&s.ident.to_string()) => {
                let syn::Fields::Named(fields) = &mut s.fields else {
                    return Err(format!("builder `{}` has no named fields", s.ident));
                };
                fields
                    .named
                    .push(syn::parse_quote!(#extra: ::nttcom_runtime::Extra));
            }
            syn::Item::Impl(block) => {
                let Some(name) = last_segment(&block.self_ty) else {
                    continue;
                };
                if !objects.contains(&name) {
                    continue;
                }
                let value: Option<syn::Expr> = match impl_trait_name(block).as_deref() {
                    Some("Default") => Some(syn::parse_quote!(::std::default::Default::default())),
                    // `TryFrom<builder::X> for X` and `From<X> for builder::X`.
                    Some("TryFrom" | "From") => Some(syn::parse_quote!(value.#extra)),
                    None => {
                        block.items.push(syn::parse_quote! {
                            /// Adds a property the spec does not list; it is sent as given.
                            pub fn #extra<N, V>(mut self, name: N, value: V) -> Self
                            where
                                N: ::std::convert::Into<::std::string::String>,
                                V: ::std::convert::Into<::serde_json::Value>,
                            {
                                self.#extra.insert(name, value.into());
                                self
                            }
                        });
                        None
                    }
                    Some(_) => None,
                };
                if let Some(value) = value {
                    let mut add = AddField {
                        field: syn::parse_quote!(#extra: #value),
                        done: false,
                    };
                    add.visit_item_impl_mut(block);
                    if !add.done {
                        return Err(format!(
                            "the builder impl for `{name}` builds no `Self {{…}}`"
                        ));
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// Adds `field` to the first `Self { … }` literal.
struct AddField {
    field: syn::FieldValue,
    done: bool,
}

impl VisitMut for AddField {
    fn visit_expr_struct_mut(&mut self, literal: &mut syn::ExprStruct) {
        if !self.done && literal.path.is_ident("Self") {
            literal.fields.push(self.field.clone());
            self.done = true;
        }
        syn::visit_mut::visit_expr_struct_mut(self, literal);
    }
}

fn last_segment(ty: &syn::Type) -> Option<String> {
    match ty {
        syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}
