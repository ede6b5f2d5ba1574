//! Passes over the `types` module: what a data type looks like and how it
//! decodes. Responses decode leniently here (every type implements
//! `nttcom_runtime::read::Lenient`; object types are reshaped by
//! [`objects`], unions by [`unions`]); requests are checked by the generated
//! `Validate` impls (see `templates::validate_rs`).

use quote::quote;
use syn::visit_mut::VisitMut;

use super::attrs::{
    derives, impl_self_ident, impl_trait_name, insert_beside, meta_value, module_mut,
    remove_derives, serde_metas, type_text,
};
use super::{builders, objects, unions};
use crate::model::Spec;

/// Applies every type pass, in order.
pub fn reshape(file: &mut syn::File, spec: &Spec) -> Result<(), String> {
    RuntimeDates.visit_file_mut(file);
    let items = module_mut(file, "types")?;
    optional_schemars(items);
    no_copy(items);
    open_enums(items);
    lenient_newtypes(items);
    objects::lenient_objects(items, spec)?;
    unions::open_unions(items, spec);
    builders::extra_in_builders(items)?;
    Ok(())
}

/// Adds `#[cfg_attr(feature = "schemars", derive(::schemars::JsonSchema))]` to
/// every serde type, so JSON Schema support costs nothing unless asked for.
fn optional_schemars(items: &mut [syn::Item]) {
    for item in items {
        let attrs = match item {
            syn::Item::Struct(s) => &mut s.attrs,
            syn::Item::Enum(e) => &mut e.attrs,
            _ => continue,
        };
        let derived = derives(attrs);
        if derived
            .iter()
            .any(|d| d.ends_with("Serialize") || d.ends_with("Deserialize"))
        {
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

/// typify reads `date-time` into `chrono::DateTime<Utc>` and `date` into
/// `NaiveDate`, which fail on a zone-less or space-separated timestamp. The
/// runtime's `Timestamp`/`Date` accept every spelling, keep the text as sent,
/// and read it through chrono on demand. (Also applied to the mocks.)
pub struct RuntimeDates;

impl VisitMut for RuntimeDates {
    /// progenitor's messages name the type: "conversion to `…` failed".
    fn visit_lit_str_mut(&mut self, literal: &mut syn::LitStr) {
        // Most literals name no type: look before reading them.
        if !literal.token().to_string().contains("chrono") {
            return;
        }
        let text = literal.value();
        let renamed = text
            .replace(
                ":: chrono :: DateTime < :: chrono :: offset :: Utc >",
                "Timestamp",
            )
            .replace(":: chrono :: naive :: NaiveDate", "Date");
        if renamed != text {
            *literal = syn::LitStr::new(&renamed, literal.span());
        }
    }

    fn visit_type_mut(&mut self, ty: &mut syn::Type) {
        // Only a path ending in `DateTime<…>` or `NaiveDate` can be one.
        let candidate = matches!(ty, syn::Type::Path(p)
            if p.path.segments.last().is_some_and(|s| s.ident == "DateTime" || s.ident == "NaiveDate"));
        if !candidate {
            syn::visit_mut::visit_type_mut(self, ty);
            return;
        }
        match type_text(ty).as_str() {
            "::chrono::DateTime<::chrono::offset::Utc>" => {
                *ty = syn::parse_quote!(::nttcom_runtime::Timestamp);
            }
            "::chrono::naive::NaiveDate" => *ty = syn::parse_quote!(::nttcom_runtime::Date),
            _ => syn::visit_mut::visit_type_mut(self, ty),
        }
    }
}

/// Open enums keep a `String`, so no type holding one can be `Copy`; typify
/// derives `Copy` where it could. Dropping it everywhere keeps the types
/// uniform (they are cheap to clone).
fn no_copy(items: &mut [syn::Item]) {
    for item in items {
        match item {
            syn::Item::Struct(s) => remove_derives(&mut s.attrs, |d| d == "Copy"),
            syn::Item::Enum(e) => remove_derives(&mut e.attrs, |d| d == "Copy"),
            _ => {}
        }
    }
}

/// A string enum from the spec, as typify emitted it.
struct StringEnum {
    ident: syn::Ident,
    /// The enum's own attributes without derives and serde ones (its docs).
    docs: Vec<syn::Attribute>,
    /// (variant, wire value, variant docs)
    variants: Vec<(syn::Ident, String, Vec<syn::Attribute>)>,
}

/// typify's enums are closed: a value the document never listed fails the
/// whole response (open enums are a long-standing typify request). Each
/// string enum becomes open: an `Unknown(String)` variant keeps any other
/// value as sent; `#[non_exhaustive]` lets later spec versions add variants
/// without breaking matches. Requests refuse `Unknown` (`Validate`).
fn open_enums(items: &mut Vec<syn::Item>) {
    let names: Vec<String> = items
        .iter()
        .filter_map(string_enum)
        .map(|e| e.ident.to_string())
        .collect();
    let mut reshaped = Vec::with_capacity(items.len());
    for item in items.drain(..) {
        if let Some(e) = string_enum(&item) {
            let file: syn::File =
                syn::parse2(open_enum(&e)).expect("the open enum template parses");
            reshaped.extend(file.items);
            continue;
        }
        // typify's own conversions of these enums are replaced by the template.
        let replaced = matches!(&item, syn::Item::Impl(i)
            if impl_self_ident(i).is_some_and(|s| names.contains(&s))
                && impl_trait_name(i).is_some_and(|t| matches!(t.as_str(), "Display" | "FromStr" | "TryFrom" | "From")));
        if !replaced {
            reshaped.push(item);
        }
    }
    *items = reshaped;
}

fn string_enum(item: &syn::Item) -> Option<StringEnum> {
    let syn::Item::Enum(e) = item else {
        return None;
    };
    let derived = derives(&e.attrs);
    if !derived.iter().any(|d| d.ends_with("Deserialize")) || e.variants.is_empty() {
        return None;
    }
    let mut variants = Vec::new();
    for variant in &e.variants {
        if !matches!(variant.fields, syn::Fields::Unit) {
            return None;
        }
        let metas = serde_metas(&variant.attrs);
        let wire = meta_value(&metas, "rename").unwrap_or_else(|| variant.ident.to_string());
        let docs = variant
            .attrs
            .iter()
            .filter(|a| a.path().is_ident("doc"))
            .cloned()
            .collect();
        variants.push((variant.ident.clone(), wire, docs));
    }
    let docs = e
        .attrs
        .iter()
        .filter(|a| a.path().is_ident("doc"))
        .cloned()
        .collect();
    Some(StringEnum {
        ident: e.ident.clone(),
        docs,
        variants,
    })
}

fn open_enum(e: &StringEnum) -> proc_macro2::TokenStream {
    let StringEnum {
        ident,
        docs,
        variants,
    } = e;
    let name = ident.to_string();
    let variant_idents: Vec<&syn::Ident> = variants.iter().map(|v| &v.0).collect();
    let wires: Vec<&String> = variants.iter().map(|v| &v.1).collect();
    let variant_docs = variants.iter().map(|(_, wire, docs)| {
        if docs.is_empty() {
            let doc = format!("`{wire}`");
            quote!(#[doc = #doc])
        } else {
            quote!(#(#docs)*)
        }
    });
    quote! {
        #(#docs)*
        ///
        /// Open: a value the spec does not list decodes as `Unknown`, kept as
        /// sent (requests refuse it).
        #[derive(Clone, Debug, Eq, Hash, Ord, PartialEq, PartialOrd)]
        #[non_exhaustive]
        pub enum #ident {
            #( #variant_docs #variant_idents, )*
            /// A value this version of the client does not know, kept as sent.
            Unknown(::std::string::String),
        }

        impl #ident {
            /// The values the spec lists.
            pub const KNOWN: &'static [&'static str] = &[#(#wires),*];

            /// The value as it travels on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #( Self::#variant_idents => #wires, )*
                    Self::Unknown(value) => value,
                }
            }

            /// Whether the spec lists this value (it is not `Unknown`).
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::Unknown(_))
            }
        }

        impl ::std::fmt::Display for #ident {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::convert::From<&str> for #ident {
            fn from(value: &str) -> Self {
                match value {
                    #( #wires => Self::#variant_idents, )*
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }

        impl ::std::convert::From<::std::string::String> for #ident {
            fn from(value: ::std::string::String) -> Self {
                match value.as_str() {
                    #( #wires => Self::#variant_idents, )*
                    _ => Self::Unknown(value),
                }
            }
        }

        impl ::std::convert::From<&::std::string::String> for #ident {
            fn from(value: &::std::string::String) -> Self {
                Self::from(value.as_str())
            }
        }

        /// Never fails: a value the spec does not list is `Unknown`.
        impl ::std::str::FromStr for #ident {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        impl ::serde::Serialize for #ident {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        /// Any text: a value the spec does not list is `Unknown`.
        impl<'de> ::serde::Deserialize<'de> for #ident {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                ::nttcom_runtime::read::deserialize(deserializer)
            }
        }

        impl ::nttcom_runtime::read::Lenient for #ident {
            fn read<'de, D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<::nttcom_runtime::read::Read<Self>, D::Error> {
                ::nttcom_runtime::read::open_enum(deserializer)
            }
            fn read_to<'de, D: ::serde::Deserializer<'de>, S: ::nttcom_runtime::read::Sink<Self>>(deserializer: D, sink: S) -> ::std::result::Result<(), D::Error> {
                ::nttcom_runtime::read::open_enum_to(deserializer, sink)
            }
            fn fallback() -> Self {
                Self::Unknown(::std::string::String::new())
            }
        }

        /// The values a request may send.
        #[cfg(feature = "schemars")]
        impl ::schemars::JsonSchema for #ident {
            fn schema_name() -> ::std::borrow::Cow<'static, str> {
                #name.into()
            }

            fn json_schema(_: &mut ::schemars::SchemaGenerator) -> ::schemars::Schema {
                ::schemars::json_schema!({ "type": "string", "enum": [#(#wires),*] })
            }
        }
    }
}

/// A newtype decodes whatever its inner type reads: a string newtype (an
/// id with a pattern, a length-limited name) validates when built
/// (`FromStr`, `TryFrom`: request side) but decodes any string, or number
/// as text, verbatim, so a response with an id in another case or a `""`
/// does not fail; a list newtype (a bare array body) keeps the items that
/// read. Each gets `Lenient` through its inner type and a `Deserialize`
/// over it (typify's checks on decoding go).
fn lenient_newtypes(items: &mut Vec<syn::Item>) {
    let decoded_by_impl: Vec<String> = items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Impl(i) if impl_trait_name(i).as_deref() == Some("Deserialize") => {
                impl_self_ident(i)
            }
            _ => None,
        })
        .collect();
    let newtypes: Vec<(syn::Ident, syn::Type)> = items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Struct(s) => {
                let inner = newtype_inner(s)?;
                let decoded = derives(&s.attrs).iter().any(|d| d.ends_with("Deserialize"))
                    || decoded_by_impl.contains(&s.ident.to_string());
                decoded.then(|| (s.ident.clone(), inner.clone()))
            }
            _ => None,
        })
        .collect();
    let names: Vec<String> = newtypes.iter().map(|(i, _)| i.to_string()).collect();
    items.retain(|item| match item {
        syn::Item::Impl(i) => {
            !(impl_self_ident(i).is_some_and(|s| names.contains(&s))
                && impl_trait_name(i).as_deref() == Some("Deserialize"))
        }
        _ => true,
    });
    for item in items.iter_mut() {
        if let syn::Item::Struct(s) = item
            && names.contains(&s.ident.to_string())
        {
            remove_derives(&mut s.attrs, |d| d.ends_with("Deserialize"));
        }
    }
    let mut impls = std::collections::BTreeMap::new();
    for (ident, inner) in newtypes {
        let file: syn::File = syn::parse_quote! {
            impl ::nttcom_runtime::read::Lenient for #ident {
                fn read<'de, D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<::nttcom_runtime::read::Read<Self>, D::Error> {
                    Ok(<#inner as ::nttcom_runtime::read::Lenient>::read(deserializer)?.map(Self))
                }
                fn read_to<'de, D: ::serde::Deserializer<'de>, S: ::nttcom_runtime::read::Sink<Self>>(deserializer: D, sink: S) -> ::std::result::Result<(), D::Error> {
                    <#inner as ::nttcom_runtime::read::Lenient>::read_to(deserializer, ::nttcom_runtime::read::map_sink(sink, Self))
                }
                fn fallback() -> Self {
                    Self(::nttcom_runtime::read::Lenient::fallback())
                }
            }
            /// Decodes whatever the service sent, verbatim; `FromStr` and
            /// `TryFrom` check the spec's constraints (and requests do).
            impl<'de> ::serde::Deserialize<'de> for #ident {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                    ::nttcom_runtime::read::deserialize(deserializer)
                }
            }
        };
        impls.insert(ident.to_string(), file.items);
    }
    insert_beside(items, impls);
}

/// The type a one-field tuple struct wraps.
fn newtype_inner(s: &syn::ItemStruct) -> Option<&syn::Type> {
    match &s.fields {
        syn::Fields::Unnamed(fields) if fields.unnamed.len() == 1 => Some(&fields.unnamed[0].ty),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open(source: &str) -> String {
        let mut file = syn::parse_file(source).unwrap();
        open_enums(&mut file.items);
        lenient_newtypes(&mut file.items);
        prettyplease::unparse(&file)
    }

    #[test]
    fn a_closed_enum_becomes_open_and_its_conversions_are_replaced() {
        let code = open(
            r#"
            /// Status.
            #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug)]
            pub enum Status { #[serde(rename = "1")] X1, Done }
            impl ::std::fmt::Display for Status { fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result { Ok(()) } }
            impl ::std::convert::TryFrom<&str> for Status { type Error = (); fn try_from(v: &str) -> Result<Self, ()> { Err(()) } }
            impl Default for Status { fn default() -> Self { Status::Done } }
            "#,
        );
        assert!(code.contains("Unknown(::std::string::String)"), "{code}");
        assert!(code.contains("#[non_exhaustive]"), "{code}");
        assert!(code.contains(r#""1" => Self::X1"#), "{code}");
        assert!(
            !code.contains("TryFrom<&str>"),
            "typify's conversions are gone: {code}"
        );
        assert!(
            code.contains("impl Default for Status"),
            "other impls stay: {code}"
        );
    }

    #[test]
    fn a_string_newtype_decodes_anything_but_keeps_its_checks() {
        let code = open(
            r#"
            #[derive(::serde::Serialize, Clone, Debug)]
            #[serde(transparent)]
            pub struct Id(::std::string::String);
            impl ::std::str::FromStr for Id { type Err = &'static str; fn from_str(v: &str) -> Result<Self, Self::Err> { Err("no") } }
            impl<'de> ::serde::Deserialize<'de> for Id { fn deserialize<D>(d: D) -> Result<Self, D::Error> where D: ::serde::Deserializer<'de> { todo!() } }
            "#,
        );
        assert!(
            code.contains("::nttcom_runtime::read::deserialize(deserializer)"),
            "{code}"
        );
        assert!(code.contains("impl ::std::str::FromStr for Id"), "{code}");
        assert!(!code.contains("todo!()"), "{code}");
    }
}
