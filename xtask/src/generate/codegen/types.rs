//! Passes over the `types` module: what a data type looks like and how it
//! decodes. Responses decode leniently here; requests are checked by the
//! generated `Validate` impls (see `templates::validate_rs`).

use quote::quote;
use syn::visit_mut::VisitMut;

use super::attrs::{
    derives, impl_self_ident, impl_trait_name, is_scalar, meta_name, meta_value, module_mut,
    remove_derives, serde_metas, set_serde_metas, type_text,
};
use crate::model::Spec;

/// Applies every type pass, in order.
pub fn reshape(file: &mut syn::File, spec: &Spec) -> Result<(), String> {
    RuntimeDates.visit_file_mut(file);
    let items = module_mut(file, "types")?;
    optional_schemars(items);
    no_copy(items);
    open_enums(items);
    lenient_newtypes(items);
    lenient_fields(items, spec);
    lenient_union_lists(items);
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

        impl<'de> ::serde::Deserialize<'de> for #ident {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                nttcom_runtime::de::open_enum(deserializer)
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

/// A string newtype (an id with a pattern, a length-limited name) validates
/// when built (`FromStr`, `TryFrom`: request side) but decodes any string,
/// or number as text, verbatim: a response with an id in another case or a
/// `""` must not fail.
fn lenient_newtypes(items: &mut Vec<syn::Item>) {
    let newtypes: Vec<syn::Ident> = items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Struct(s) if is_string_newtype(s) => Some(s.ident.clone()),
            _ => None,
        })
        .collect();
    let names: Vec<String> = newtypes.iter().map(ToString::to_string).collect();
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
    for ident in newtypes {
        items.push(syn::parse_quote! {
            /// Decodes whatever the service sent, verbatim; `FromStr` and
            /// `TryFrom` check the spec's constraints (and requests do).
            impl<'de> ::serde::Deserialize<'de> for #ident {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                    nttcom_runtime::de::string(deserializer).map(Self)
                }
            }
        });
    }
}

/// `struct X(String)` or `struct X(pub String)`.
fn is_string_newtype(s: &syn::ItemStruct) -> bool {
    match &s.fields {
        syn::Fields::Unnamed(fields) if fields.unnamed.len() == 1 => {
            type_text(&fields.unnamed[0].ty) == "::std::string::String"
        }
        _ => false,
    }
}

/// A union variant holding a list of scalars (`oneOf` of `integer[]` and
/// objects, say) reads its items leniently too; a variant holding a single
/// scalar does not, or it would swallow the values another variant is for
/// (`IntegerOrString`).
fn lenient_union_lists(items: &mut [syn::Item]) {
    for item in items {
        let syn::Item::Enum(e) = item else {
            continue;
        };
        for variant in &mut e.variants {
            let syn::Fields::Unnamed(fields) = &mut variant.fields else {
                continue;
            };
            for field in &mut fields.unnamed {
                let ty = type_text(&field.ty);
                let scalar_list = ty
                    .strip_prefix("::std::vec::Vec<")
                    .and_then(|t| t.strip_suffix('>'))
                    .is_some_and(is_scalar);
                if scalar_list {
                    let mut metas = serde_metas(&field.attrs);
                    metas.push(syn::parse_quote!(
                        deserialize_with = "nttcom_runtime::de::required_list_of"
                    ));
                    set_serde_metas(&mut field.attrs, &metas);
                }
            }
        }
    }
}

/// How a struct field of a given Rust type decodes leniently.
fn lenient_reader(ty: &str) -> Option<(&'static str, bool)> {
    const NUMBERS: [&str; 10] = [
        "i8", "i16", "i32", "i64", "u8", "u16", "u32", "u64", "f32", "f64",
    ];
    let option = ty
        .strip_prefix("::std::option::Option<")
        .and_then(|t| t.strip_suffix('>'));
    // (function, whether the field needs `default` for a missing member)
    match (ty, option) {
        ("::std::string::String", _) => Some(("nttcom_runtime::de::string", false)),
        (_, Some("::std::string::String")) => Some(("nttcom_runtime::de::optional_string", true)),
        ("bool", _) => Some(("nttcom_runtime::de::boolean", false)),
        (_, Some("bool")) => Some(("nttcom_runtime::de::optional_boolean", true)),
        (t, _) if NUMBERS.contains(&t) => Some(("nttcom_runtime::de::number", false)),
        (_, Some(t)) if NUMBERS.contains(&t) => Some(("nttcom_runtime::de::optional_number", true)),
        _ => None,
    }
}

/// Struct fields decode leniently: strings take numbers (as text), numbers
/// and booleans take strings, `""` in an optional number is no number, and
/// an optional list takes `null`. In types only responses carry, an empty
/// list is kept on re-encoding (typify leaves it out). Spec aliases
/// (`x-aliases`) become serde aliases.
fn lenient_fields(items: &mut [syn::Item], spec: &Spec) {
    for item in items {
        let syn::Item::Struct(s) = item else {
            continue;
        };
        let syn::Fields::Named(fields) = &mut s.fields else {
            continue;
        };
        let schema = s.ident.to_string();
        let response_only = spec.usage.response_only(&schema);
        for field in &mut fields.named {
            let mut metas = serde_metas(&field.attrs);
            let ty = type_text(&field.ty);
            let has_default = metas.iter().any(|m| meta_name(m) == "default");
            // typify reads a required but nullable property with
            // `Option::deserialize`: `null` is fine, absence is not.
            let must_be_present = meta_value(&metas, "deserialize_with").is_some();
            if let Some((reader, needs_default)) = lenient_reader(&ty) {
                metas.retain(|m| meta_name(m) != "deserialize_with");
                if needs_default && !has_default && !must_be_present {
                    metas.push(syn::parse_quote!(default));
                }
                metas.push(syn::parse_quote!(deserialize_with = #reader));
            } else if let Some(item) = ty
                .strip_prefix("::std::vec::Vec<")
                .and_then(|t| t.strip_suffix('>'))
            {
                let reader = match (is_scalar(item), has_default) {
                    (true, true) => Some("nttcom_runtime::de::list_of"),
                    (true, false) => Some("nttcom_runtime::de::required_list_of"),
                    (false, true) => Some("nttcom_runtime::de::list"),
                    (false, false) => None,
                };
                if let Some(reader) = reader {
                    metas.push(syn::parse_quote!(deserialize_with = #reader));
                }
                if response_only && has_default {
                    metas.retain(|m| meta_name(m) != "skip_serializing_if");
                }
            }
            let wire = meta_value(&metas, "rename").unwrap_or_else(|| {
                field
                    .ident
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default()
            });
            for alias in spec.aliases(&schema, &wire) {
                metas.push(syn::parse_quote!(alias = #alias));
            }
            set_serde_metas(&mut field.attrs, &metas);
        }
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
            code.contains("nttcom_runtime::de::string(deserializer).map(Self)"),
            "{code}"
        );
        assert!(code.contains("impl ::std::str::FromStr for Id"), "{code}");
        assert!(!code.contains("todo!()"), "{code}");
    }
}
