//! Pass `lenient_objects`: every object type reads whatever a server
//! plausibly sends and loses nothing of it.
//!
//! typify derives `Deserialize` and `Serialize`: one value that does not fit
//! its field fails the whole response, and a property the spec does not know
//! is dropped. Here each object type keeps its fields as typify wrote them
//! and gains `extra: nttcom_runtime::Extra`, and its serde impls are
//! generated over `nttcom_runtime::read`:
//!
//! - `FromMap` (the map visitor): each property is read into its field's
//!   slot with `object::field`; a value that does not fit is kept in
//!   `extra` under the property's name (the field reads as absent), an
//!   unknown property is kept there too, and a required member
//!   (`x-required-by-document`) without a usable value gets its type's
//!   fallback and is recorded (`extra.defaulted()`);
//! - `Deserialize` (a JSON object, else an error), `Lenient` (as a field or
//!   list item: anything but an object is kept raw), and `Serialize`, which
//!   writes each field unless `extra` stands in for it, then `extra`;
//! - `nttcom_runtime::Object`: the spec's property names and `extra`.
//!
//! The field attributes serde read stay for the optional `schemars` derive
//! only (`#[cfg_attr(feature = "schemars", serde(…))]`), which reads the
//! same names and defaults.
//!
//! The impls are written out, not left to a `macro_rules!` of the runtime:
//! measured on ipoe (`cargo build -p nttcom-ipoe`, the crate alone, cold),
//! both build in the same time (user CPU 4.2–4.3 s written out, 4.2–4.4 s
//! through a macro, 4.6–4.9 s for typify's serde derives before), since the
//! compiler checks the same code either way. Written out, the code reads as
//! plain Rust (a macro call is one run-on token stream once formatted),
//! go-to-definition and compiler errors land on real lines, and the runtime
//! keeps no macro grammar as public API; it costs about 5,400 more lines
//! in ipoe's checked-in `client.rs` (16,600 against 13,600).

use quote::{format_ident, quote};

use std::collections::BTreeMap;

use super::attrs::{
    derives, insert_beside, meta_name, meta_value, remove_derives, serde_metas, type_text,
};
use crate::model::Spec;

/// How a field reads when the property is absent, and how it is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// `Option<T>`: absent or `null` is `None`; `None` is not written.
    Optional,
    /// `Vec<T>` (or another type) with a serde `default`: absent or `null`
    /// is the default.
    Defaulted,
    /// No default: a required member. Absent, `null` or unreadable is the
    /// type's `Lenient::fallback()`, recorded in `extra`.
    Required,
}

/// One field of an object type.
struct Field {
    ident: syn::Ident,
    /// The property name on the wire, and the other names (`x-aliases`)
    /// responses may use for it.
    wire: String,
    aliases: Vec<String>,
    kind: Kind,
    /// The `skip_serializing_if` typify wrote (dropped for a list of a type
    /// only responses carry: an empty list received is written back).
    skip_if: Option<String>,
}

/// The name every object type keeps its unknown properties under (the lint
/// refuses a spec property of that Rust name).
pub const EXTRA: &str = "extra";

/// Applies the pass to every struct with named fields that typify made
/// (de)serializable.
pub fn lenient_objects(items: &mut Vec<syn::Item>, spec: &Spec) -> Result<(), String> {
    let mut impls = BTreeMap::new();
    for item in items.iter_mut() {
        let syn::Item::Struct(s) = item else {
            continue;
        };
        if !matches!(s.fields, syn::Fields::Named(_))
            || !derives(&s.attrs).iter().any(|d| d.ends_with("Deserialize"))
        {
            continue;
        }
        let fields = classify(s, spec)?;
        reshape_struct(s, &fields);
        let default = derives(&s.attrs).iter().any(|d| d == "Default");
        impls.insert(s.ident.to_string(), impls_for(&s.ident, &fields, default));
    }
    insert_beside(items, impls);
    Ok(())
}

/// The struct names this pass reshapes, for the passes that follow it.
pub fn is_object(item: &syn::ItemStruct) -> bool {
    match &item.fields {
        syn::Fields::Named(fields) => fields
            .named
            .iter()
            .any(|f| f.ident.as_ref().is_some_and(|i| i == EXTRA)),
        _ => false,
    }
}

/// Reads each field's facts off typify's serde attributes.
fn classify(s: &syn::ItemStruct, spec: &Spec) -> Result<Vec<Field>, String> {
    let schema = s.ident.to_string();
    let response_only = spec.usage.response_only(&schema);
    let mut out = Vec::new();
    for field in &s.fields {
        let ident = field.ident.clone().expect("named field");
        if ident == EXTRA {
            return Err(format!(
                "`{schema}` has a property named `{EXTRA}`, which the generated type keeps its \
                 unknown properties under: the lint should have refused it"
            ));
        }
        let metas = serde_metas(&field.attrs);
        let ty = type_text(&field.ty);
        let has_default = metas.iter().any(|m| meta_name(m) == "default");
        // typify reads a required but nullable property with
        // `Option::deserialize`: `null` is a value, absence is not.
        let must_be_present = meta_value(&metas, "deserialize_with").is_some();
        let option = ty.starts_with("::std::option::Option<");
        let kind = match (option && !must_be_present, has_default) {
            (true, _) => Kind::Optional,
            (false, true) => Kind::Defaulted,
            (false, false) => Kind::Required,
        };
        let wire = meta_value(&metas, "rename")
            .unwrap_or_else(|| ident.to_string().trim_start_matches("r#").to_owned());
        let mut skip_if = meta_value(&metas, "skip_serializing_if");
        if response_only && ty.starts_with("::std::vec::Vec<") {
            skip_if = None;
        }
        out.push(Field {
            aliases: spec.aliases(&schema, &wire).to_vec(),
            ident,
            wire,
            kind,
            skip_if,
        });
    }
    Ok(out)
}

/// Drops the serde derives, keeps the field attributes for `schemars` only
/// (with the aliases, minus typify's reader), and adds `extra`.
fn reshape_struct(s: &mut syn::ItemStruct, fields: &[Field]) {
    remove_derives(&mut s.attrs, |d| {
        d.ends_with("Serialize") || d.ends_with("Deserialize")
    });
    for attr in &mut s.attrs {
        if attr.path().is_ident("serde") {
            let inner = &attr.meta;
            *attr = syn::parse_quote!(#[cfg_attr(feature = "schemars", #inner)]);
        }
    }
    let syn::Fields::Named(named) = &mut s.fields else {
        return;
    };
    for (field, facts) in named.named.iter_mut().zip(fields) {
        let mut metas = serde_metas(&field.attrs);
        metas.retain(|m| meta_name(m) != "deserialize_with");
        if facts.skip_if.is_none() {
            metas.retain(|m| meta_name(m) != "skip_serializing_if");
        }
        for alias in &facts.aliases {
            metas.push(syn::parse_quote!(alias = #alias));
        }
        let position = field.attrs.iter().position(|a| a.path().is_ident("serde"));
        field.attrs.retain(|a| !a.path().is_ident("serde"));
        if !metas.is_empty() {
            let attr: syn::Attribute =
                syn::parse_quote!(#[cfg_attr(feature = "schemars", serde(#(#metas),*))]);
            field
                .attrs
                .insert(position.unwrap_or(field.attrs.len()), attr);
        }
    }
    let extra = format_ident!("{EXTRA}");
    named.named.push(syn::parse_quote! {
        /// Properties this version of the client does not know, and values
        /// that did not fit their field, as received; re-encoding writes them
        /// back. See `nttcom_runtime::Object`.
        #[cfg_attr(feature = "schemars", serde(skip))]
        pub #extra: ::nttcom_runtime::Extra
    });
}

/// `FromMap`, `Deserialize`, `Lenient`, `Serialize` and `Object` for one
/// object type.
fn impls_for(ident: &syn::Ident, fields: &[Field], default: bool) -> Vec<syn::Item> {
    let from_map = from_map(fields);
    let serialize = serialize(fields);
    let fallback = fallback(fields, default);
    let properties = fields.iter().map(|f| &f.wire);
    let items: syn::File = syn::parse2(quote! {
        impl ::nttcom_runtime::read::FromMap for #ident {
            #from_map
        }
        /// A JSON object; anything else is an error. A value of another shape
        /// where an object is expected inside a response is kept, not an error
        /// (`Lenient`).
        impl<'de> ::serde::Deserialize<'de> for #ident {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                ::nttcom_runtime::read::object::deserialize(deserializer)
            }
        }
        impl ::nttcom_runtime::read::Lenient for #ident {
            fn read<'de, D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<::nttcom_runtime::read::Read<Self>, D::Error> {
                ::nttcom_runtime::read::object::object(deserializer)
            }
            fn read_to<'de, D: ::serde::Deserializer<'de>, S: ::nttcom_runtime::read::Sink<Self>>(deserializer: D, sink: S) -> ::std::result::Result<(), D::Error> {
                ::nttcom_runtime::read::object::object_to(deserializer, sink)
            }
            fn fallback() -> Self {
                #fallback
            }
        }
        impl ::serde::Serialize for #ident {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                #serialize
            }
        }
        impl ::nttcom_runtime::Object for #ident {
            const PROPERTIES: &'static [&'static str] = &[#(#properties),*];
            fn extra(&self) -> &::nttcom_runtime::Extra {
                &self.extra
            }
            fn extra_mut(&mut self) -> &mut ::nttcom_runtime::Extra {
                &mut self.extra
            }
        }
    })
    .expect("the object impls parse");
    items.items
}

/// The body of `FromMap::from_map`: one slot per field, one arm per name
/// (and one per alias, which keeps what does not fit under the spec's
/// name).
fn from_map(fields: &[Field]) -> proc_macro2::TokenStream {
    // The reader's local name, apart from every field's.
    let mut object = "object".to_owned();
    while fields.iter().any(|f| f.ident == object) {
        object.push('_');
    }
    let object = format_ident!("{object}");
    let slots: Vec<&syn::Ident> = fields.iter().map(|f| &f.ident).collect();
    let arms = fields.iter().map(|f| {
        let (slot, wire, aliases) = (&f.ident, &f.wire, &f.aliases);
        let alias_arm = (!aliases.is_empty())
            .then(|| quote!(#(#aliases)|* => #object.field_as(#wire, &mut #slot)?,));
        quote! {
            #wire => #object.field(&mut #slot)?,
            #alias_arm
        }
    });
    let built = fields.iter().map(|f| {
        let (slot, wire) = (&f.ident, &f.wire);
        match f.kind {
            Kind::Optional => quote!(#slot),
            Kind::Defaulted => quote!(#slot: #slot.unwrap_or_default()),
            Kind::Required => quote!(#slot: #object.required(#slot, #wire)),
        }
    });
    quote! {
        fn from_map<'de, A: ::serde::de::MapAccess<'de>>(map: A) -> ::std::result::Result<Self, A::Error> {
            let mut #object = ::nttcom_runtime::read::object::Reader::new(map);
            #(let mut #slots = None;)*
            while #object.next_key()? {
                match #object.key() {
                    #(#arms)*
                    _ => #object.unknown()?,
                }
            }
            Ok(Self {
                #(#built,)*
                extra: #object.finish()?,
            })
        }
    }
}

/// The body of `Serialize::serialize`: each field through the runtime's
/// `Writer` (which leaves out a field `extra` stands in for), then `extra`.
fn serialize(fields: &[Field]) -> proc_macro2::TokenStream {
    let writes = fields.iter().map(|f| {
        let (member, wire) = (&f.ident, &f.wire);
        match (f.kind, f.skip_if.as_deref()) {
            (Kind::Optional, Some(_)) => quote!(out.optional(#wire, &self.#member)?;),
            (_, None) => quote!(out.field(#wire, &self.#member)?;),
            (_, Some("::std::vec::Vec::is_empty")) => {
                quote!(if !self.#member.is_empty() { out.field(#wire, &self.#member)?; })
            }
            (_, Some(path)) => {
                let path: syn::Path = syn::parse_str(path).expect("a skip_serializing_if path");
                quote!(if !#path(&self.#member) { out.field(#wire, &self.#member)?; })
            }
        }
    });
    quote! {
        let mut out = ::nttcom_runtime::read::Writer::new(serializer.serialize_map(None)?, &self.extra);
        #(#writes)*
        out.end()
    }
}

/// The value a required member of this type holds when a response gives
/// none: `Default` where typify derived it, else each field's own.
fn fallback(fields: &[Field], default: bool) -> proc_macro2::TokenStream {
    if default {
        return quote!(Self::default());
    }
    let values = fields.iter().map(|f| {
        let member = &f.ident;
        match f.kind {
            Kind::Optional => quote!(#member: None),
            Kind::Defaulted => quote!(#member: ::std::default::Default::default()),
            Kind::Required => quote!(#member: ::nttcom_runtime::read::Lenient::fallback()),
        }
    });
    quote! {
        Self {
            #(#values,)*
            extra: ::nttcom_runtime::Extra::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reshaped(source: &str, spec: &Spec) -> String {
        let mut file = syn::parse_file(source).unwrap();
        lenient_objects(&mut file.items, spec).unwrap();
        prettyplease::unparse(&file)
    }

    #[test]
    fn an_object_keeps_its_fields_and_gains_extra_and_lenient_impls() {
        let code = reshaped(
            r#"
            /// A site.
            #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default)]
            pub struct Site {
                /// Its code.
                #[serde(rename = "siteCode")]
                pub site_code: ::std::string::String,
                #[serde(rename = "zipCode", skip_serializing_if = "::std::option::Option::is_none")]
                pub zip_code: ::std::option::Option<::std::string::String>,
                #[serde(default, skip_serializing_if = "::std::vec::Vec::is_empty")]
                pub tags: ::std::vec::Vec<::std::string::String>,
                #[serde(deserialize_with = "::std::option::Option::deserialize")]
                pub comment: ::std::option::Option<::std::string::String>,
                pub r#type: ::std::string::String,
            }
            "#,
            &Spec::default(),
        );
        for expected in [
            "#[derive(Clone, Debug, Default)]",
            r#"#[cfg_attr(feature = "schemars", serde(rename = "siteCode"))]"#,
            "pub extra: ::nttcom_runtime::Extra",
            r#""siteCode" => object.field(&mut site_code)?,"#,
            r#""type" => object.field(&mut r#type)?,"#,
            r#"site_code: object.required(site_code, "siteCode"),"#,
            "zip_code,",
            "tags: tags.unwrap_or_default()",
            r#"comment: object.required(comment, "comment"),"#,
            "extra: object.finish()?,",
            r#"out.optional("zipCode", &self.zip_code)?;"#,
            r#"out.field("siteCode", &self.site_code)?;"#,
            r#"if !self.tags.is_empty() {"#,
            r#"out.field("comment", &self.comment)?;"#,
            r#"const PROPERTIES: &'static [&'static str] = &["siteCode", "zipCode", "tags", "comment", "type""#,
            "Self::default()",
        ] {
            // Compared without whitespace: prettyplease wraps long lines.
            let squeezed = |t: &str| t.split_whitespace().collect::<String>();
            assert!(
                squeezed(&code).contains(&squeezed(expected)),
                "{expected}\n---\n{code}"
            );
        }
        assert!(!code.contains("deserialize_with"), "{code}");
    }

    #[test]
    fn a_local_that_would_shadow_a_field_is_renamed() {
        let code = reshaped(
            r#"
            #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug)]
            pub struct Pair { pub object: ::std::string::String, pub key: ::std::option::Option<i64> }
            "#,
            &Spec::default(),
        );
        assert!(
            code.contains("let mut object_ = ::nttcom_runtime"),
            "{code}"
        );
        assert!(
            code.contains(r#""object" => object_.field(&mut object)?,"#),
            "{code}"
        );
        assert!(
            code.contains("object: ::nttcom_runtime::read::Lenient::fallback()"),
            "no Default: a literal fallback\n{code}"
        );
    }
}
