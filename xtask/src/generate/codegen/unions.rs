//! Pass `open_unions`: a value of a `oneOf`/`anyOf` that matches no branch
//! is kept, not an error.
//!
//! typify makes each union an untagged enum, one variant per branch in the
//! spec's order, and derives `Deserialize`: a value of a shape no branch has
//! (`"unlimited"` for a list of limits) fails the whole response, pointing
//! at the list rather than the item. Here each union gains
//! `Other(serde_json::Value)`, holding such a value as received (requests
//! refuse it, see `validate.rs`), becomes `#[non_exhaustive]` like the open
//! enums, and reads through `nttcom_runtime::read::union`:
//!
//! - a union whose branches are one each of integer, number, string and
//!   boolean reads without buffering (`union::scalar`);
//! - any other takes the branch whose documented shape (from the spec's
//!   branch schemas) the value has, else the first non-text branch that
//!   reads it leniently, else `Other`.

use std::collections::BTreeMap;

use quote::{format_ident, quote};

use super::attrs::{
    derives, impl_self_ident, impl_trait_name, insert_beside, remove_derives, type_text,
};
use crate::model::{Schema, Spec};

/// The variant every union keeps an unmatched value in.
pub const OTHER: &str = "Other";

/// A union as typify emitted it: its variants, each holding one value.
struct Union {
    ident: syn::Ident,
    /// (variant, the Rust type it holds)
    variants: Vec<(syn::Ident, syn::Type)>,
}

/// Applies the pass to every untagged enum of the `types` module.
pub fn open_unions(items: &mut Vec<syn::Item>, spec: &Spec) {
    let newtypes = string_newtypes(items);
    let open_enums = open_enums(items);
    let mut unions = Vec::new();
    for item in items.iter_mut() {
        if let syn::Item::Enum(e) = item
            && let Some(union) = as_union(e)
        {
            reshape_enum(e);
            unions.push(union);
        }
    }
    let names: Vec<String> = unions.iter().map(|u| u.ident.to_string()).collect();
    for item in items.iter_mut() {
        if let syn::Item::Impl(i) = item
            && impl_trait_name(i).as_deref() == Some("Display")
            && impl_self_ident(i).is_some_and(|s| names.contains(&s))
        {
            display_other(i);
        }
    }
    let mut impls = BTreeMap::new();
    for union in &unions {
        let branches = spec
            .schemas
            .get(&union.ident.to_string())
            .map(|s| spec.resolve(s).branches)
            .unwrap_or_default();
        let read = scalar_read(union, &branches, spec, &newtypes, &open_enums)
            .unwrap_or_else(|| shaped_read(union, &branches, spec));
        impls.insert(union.ident.to_string(), impls_for(&union.ident, &read));
    }
    insert_beside(items, impls);
}

/// An untagged enum whose every variant holds one value.
fn as_union(e: &syn::ItemEnum) -> Option<Union> {
    let untagged = e.attrs.iter().any(|a| {
        a.path().is_ident("serde") && a.parse_args::<syn::Ident>().is_ok_and(|i| i == "untagged")
    });
    if !untagged || !derives(&e.attrs).iter().any(|d| d.ends_with("Deserialize")) {
        return None;
    }
    let variants = e
        .variants
        .iter()
        .map(|v| match &v.fields {
            syn::Fields::Unnamed(f) if f.unnamed.len() == 1 => {
                Some((v.ident.clone(), f.unnamed[0].ty.clone()))
            }
            _ => None,
        })
        .collect::<Option<Vec<_>>>()?;
    Some(Union {
        ident: e.ident.clone(),
        variants,
    })
}

/// No `Deserialize` derive (generated below), `#[non_exhaustive]`, and the
/// `Other` variant, which JSON Schema leaves out (requests never send it).
fn reshape_enum(e: &mut syn::ItemEnum) {
    remove_derives(&mut e.attrs, |d| d.ends_with("Deserialize"));
    let position = e
        .attrs
        .iter()
        .position(|a| a.path().is_ident("serde"))
        .unwrap_or(e.attrs.len());
    e.attrs
        .insert(position, syn::parse_quote!(#[non_exhaustive]));
    let other = format_ident!("{OTHER}");
    e.variants.push(syn::parse_quote! {
        /// A value that matches no branch of the spec, kept as received
        /// (requests refuse it).
        #[cfg_attr(feature = "schemars", schemars(skip))]
        #other(::serde_json::Value)
    });
}

/// typify's `Display` of a scalar union gains an arm for `Other` (its JSON).
fn display_other(item: &mut syn::ItemImpl) {
    struct AddArm;
    impl syn::visit_mut::VisitMut for AddArm {
        fn visit_expr_match_mut(&mut self, m: &mut syn::ExprMatch) {
            m.arms
                .push(syn::parse_quote!(Self::Other(value) => value.fmt(f),));
        }
    }
    syn::visit_mut::VisitMut::visit_item_impl_mut(&mut AddArm, item);
}

/// `Lenient` without buffering, for a union of at most one branch per JSON
/// scalar type whose variants hold types the scalar reader builds. `None`
/// for any other union.
fn scalar_read(
    union: &Union,
    branches: &[&Schema],
    spec: &Spec,
    newtypes: &[String],
    open_enums: &[String],
) -> Option<proc_macro2::TokenStream> {
    if branches.len() != union.variants.len() {
        return None;
    }
    let mut slots: Vec<(&str, proc_macro2::TokenStream)> = Vec::new();
    for ((variant, ty), branch) in union.variants.iter().zip(branches) {
        let kind = spec.resolve(branch).ty?;
        let ty = type_text(ty);
        let build = match (kind, ty.as_str()) {
            ("integer", "i64") => quote!(|v| Some(Self::#variant(v))),
            ("integer", "i8" | "i16" | "i32" | "u8" | "u16" | "u32" | "u64") => {
                let ty: syn::Type = syn::parse_str(&ty).ok()?;
                quote!(|v| #ty::try_from(v).ok().map(Self::#variant))
            }
            ("number", "f64") => quote!(Self::#variant),
            ("string", "::std::string::String") => quote!(Self::#variant),
            ("string", name) if newtypes.iter().any(|n| n == name) => {
                let newtype = format_ident!("{name}");
                quote!(|text| Self::#variant(#newtype(text)))
            }
            ("string", name) if open_enums.iter().any(|n| n == name) => {
                let open = format_ident!("{name}");
                quote!(|text| Self::#variant(#open::from(text)))
            }
            ("boolean", "bool") => quote!(Self::#variant),
            _ => return None,
        };
        if slots.iter().any(|(k, _)| *k == kind) {
            return None; // two branches of one JSON type: read by shape
        }
        slots.push((kind, build));
    }
    let setters = slots.iter().map(|(kind, build)| {
        let slot = format_ident!("{kind}");
        quote!(#slot: Some(#build),)
    });
    Some(quote! {
        use ::nttcom_runtime::read::union::{Scalars, scalar};
        scalar(deserializer, &Scalars {
            #(#setters)*
            ..Scalars::new(Self::Other)
        })
    })
}

/// `Lenient` through a buffered value: by documented shape, then leniently
/// (text branches aside: a number never becomes text), then `Other`.
fn shaped_read(union: &Union, branches: &[&Schema], spec: &Spec) -> proc_macro2::TokenStream {
    let aligned = branches.len() == union.variants.len();
    let shapes: Vec<proc_macro2::TokenStream> = union
        .variants
        .iter()
        .enumerate()
        .map(|(i, _)| {
            if aligned {
                shape(spec, branches[i], 0)
            } else {
                quote!(Shape::Any)
            }
        })
        .collect();
    let shaped = union
        .variants
        .iter()
        .zip(&shapes)
        .map(|((variant, _), shape)| quote!(.shaped(&#shape, Self::#variant)));
    let lenient = union
        .variants
        .iter()
        .zip(&shapes)
        .filter(|(_, shape)| shape.to_string() != quote!(Shape::String).to_string())
        .map(|((variant, _), _)| quote!(.lenient(Self::#variant)));
    quote! {
        use ::nttcom_runtime::read::{Shape, Union};
        Ok(Union::read(deserializer)?
            #(#shaped)*
            #(#lenient)*
            .or_other(Self::Other))
    }
}

/// The JSON shape a branch schema documents, as a `read::Shape`.
fn shape(spec: &Spec, schema: &Schema, depth: usize) -> proc_macro2::TokenStream {
    let resolved = spec.resolve(schema);
    match resolved.ty {
        Some("integer") => quote!(Shape::Integer),
        Some("number") => quote!(Shape::Number),
        Some("string") => quote!(Shape::String),
        Some("boolean") => quote!(Shape::Boolean),
        Some("object") => quote!(Shape::Object),
        Some("array") if depth < 8 => {
            let item = resolved
                .items
                .map_or_else(|| quote!(Shape::Any), |i| shape(spec, i, depth + 1));
            quote!(Shape::List(&#item))
        }
        None if !resolved.properties.is_empty() => quote!(Shape::Object),
        _ => quote!(Shape::Any),
    }
}

fn impls_for(ident: &syn::Ident, read: &proc_macro2::TokenStream) -> Vec<syn::Item> {
    let file: syn::File = syn::parse2(quote! {
        impl ::nttcom_runtime::read::Lenient for #ident {
            fn read<'de, D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<::nttcom_runtime::read::Read<Self>, D::Error> {
                #read
            }
            fn fallback() -> Self {
                Self::Other(::serde_json::Value::Null)
            }
        }
        /// Never fails on a value: one of no branch is `Other`.
        impl<'de> ::serde::Deserialize<'de> for #ident {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let read = <Self as ::nttcom_runtime::read::Lenient>::read(deserializer)?;
                Ok(::nttcom_runtime::read::union::value_or(read, Self::Other))
            }
        }
    })
    .expect("the union impls parse");
    file.items
}

/// `struct X(String)`: the string newtypes a text branch may hold.
fn string_newtypes(items: &[syn::Item]) -> Vec<String> {
    items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Struct(s) => match &s.fields {
                syn::Fields::Unnamed(f)
                    if f.unnamed.len() == 1
                        && type_text(&f.unnamed[0].ty) == "::std::string::String" =>
                {
                    Some(s.ident.to_string())
                }
                _ => None,
            },
            _ => None,
        })
        .collect()
}

/// The open string enums (see `types::open_enums`): their `From<String>`
/// never fails.
fn open_enums(items: &[syn::Item]) -> Vec<String> {
    items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Enum(e) if e.variants.iter().any(|v| v.ident == "Unknown") => {
                Some(e.ident.to_string())
            }
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn reshaped(source: &str, schemas: serde_json::Value) -> String {
        let raw = json!({"components": {"schemas": schemas}});
        let spec = crate::model::from_value("s.yaml", "s", raw).spec;
        let mut file = syn::parse_file(source).unwrap();
        open_unions(&mut file.items, &spec);
        prettyplease::unparse(&file)
    }

    #[test]
    fn a_union_of_scalars_reads_without_buffering_and_keeps_the_rest() {
        let code = reshaped(
            r#"
            #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug)]
            #[serde(untagged)]
            pub enum Code { Integer(i64), String(Text) }
            pub struct Text(::std::string::String);
            impl ::std::fmt::Display for Code {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    match self { Self::Integer(x) => x.fmt(f), Self::String(x) => x.fmt(f) }
                }
            }
            "#,
            json!({"Code": {"oneOf": [{"type": "integer"}, {"type": "string", "pattern": "^x$"}]}}),
        );
        for expected in [
            "#[derive(::serde::Serialize, Clone, Debug)]",
            "#[non_exhaustive]",
            "Other(::serde_json::Value)",
            "Self::Other(value) => value.fmt(f)",
            "integer: Some(|v| Some(Self::Integer(v))),",
            "string: Some(|text| Self::String(Text(text))),",
            "..Scalars::new(Self::Other)",
        ] {
            assert!(code.contains(expected), "{expected}\n---\n{code}");
        }
    }

    #[test]
    fn another_union_reads_by_documented_shape_then_leniently() {
        let code = reshaped(
            r#"
            #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug)]
            #[serde(untagged)]
            pub enum Limits { Variant0(::std::vec::Vec<i64>), Variant1(::std::vec::Vec<Pair>), Variant2(::std::string::String) }
            "#,
            json!({
                "Pair": {"type": "object", "properties": {"up": {"type": "integer"}}},
                "Limits": {"oneOf": [
                    {"type": "array", "items": {"type": "integer"}},
                    {"type": "array", "items": {"$ref": "#/components/schemas/Pair"}},
                    {"type": "string"}
                ]}
            }),
        );
        let expected = "Ok(
            Union::read(deserializer)?
                .shaped(&Shape::List(&Shape::Integer), Self::Variant0)
                .shaped(&Shape::List(&Shape::Object), Self::Variant1)
                .shaped(&Shape::String, Self::Variant2)
                .lenient(Self::Variant0)
                .lenient(Self::Variant1)
                .or_other(Self::Other),
        )";
        assert!(code.contains(expected), "{code}");
    }
}
