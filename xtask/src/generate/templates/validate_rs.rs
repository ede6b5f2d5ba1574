//! `src/validate.rs` of a service crate: `nttcom_runtime::Validate` for every
//! type, so a request is checked against the spec before it is sent.
//!
//! Each impl is written from the generated type (its fields and variants,
//! read off the client as plain [`Shape`]s, so that the file can be written
//! on another thread while the client is formatted) and the spec (the rules
//! of each property): a struct checks its fields, a string newtype re-runs
//! its `FromStr` (pattern, lengths), an open enum refuses `Unknown`, a union
//! checks the branch it holds and refuses `Other`. An object type first
//! checks what it keeps beside its fields (`nttcom_runtime::validate::extra`):
//! a property the spec does not know may be sent, a value kept because it
//! did not fit its field or a required member that was never received may
//! not.

use quote::{format_ident, quote};

use crate::generate::codegen::{
    EXTRA, OTHER, is_option, is_plain, module, no_rules, operation_rules, type_text, wire_name,
};
use crate::model::{Schema, Spec};

use super::rust_header;

/// A generated type, as far as its `Validate` impl goes.
pub enum Shape {
    /// A struct with named fields.
    Struct {
        ident: String,
        fields: Vec<Field>,
        /// It keeps unknown properties in an `extra` field (every object
        /// type does).
        extra: bool,
    },
    /// `struct X(String)`: its `FromStr` holds the pattern and lengths.
    StringNewtype(String),
    /// Another newtype: it derefs to its inner value.
    Newtype(String),
    Unit(String),
    Enum {
        ident: String,
        /// An open string enum (unit variants and `Unknown(String)`).
        open: bool,
        variants: Vec<Variant>,
    },
}

pub struct Field {
    /// The Rust field, e.g. `zip_code` (or `r#type`).
    pub member: String,
    /// Its name on the wire, e.g. `zipCode`.
    pub wire: String,
    /// An `Option<…>`.
    pub option: bool,
    /// A plain string, number, boolean or JSON value (or an option or list
    /// of one): nothing to check without rules.
    pub plain: bool,
}

pub enum Variant {
    Unit(String),
    /// One unnamed field.
    One(String),
    /// Several unnamed fields.
    Tuple(String, usize),
    Named(String, Vec<String>),
}

/// The types of the client's `types` module.
pub fn shapes(client: &syn::File) -> Result<Vec<Shape>, String> {
    let items = module(client, "types")?;
    Ok(items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Struct(s) => Some(struct_shape(s)),
            syn::Item::Enum(e) => Some(enum_shape(e)),
            _ => None,
        })
        .collect())
}

fn struct_shape(item: &syn::ItemStruct) -> Shape {
    let ident = item.ident.to_string();
    match &item.fields {
        syn::Fields::Named(fields) => Shape::Struct {
            ident,
            extra: fields
                .named
                .iter()
                .any(|f| f.ident.as_ref().is_some_and(|i| i == EXTRA)),
            fields: fields
                .named
                .iter()
                .filter(|f| f.ident.as_ref().is_none_or(|i| i != EXTRA))
                .map(|f| Field {
                    member: f.ident.as_ref().expect("named field").to_string(),
                    wire: wire_name(f),
                    option: is_option(&f.ty),
                    plain: is_plain(&f.ty),
                })
                .collect(),
        },
        syn::Fields::Unnamed(fields)
            if type_text(&fields.unnamed[0].ty) == "::std::string::String" =>
        {
            Shape::StringNewtype(ident)
        }
        syn::Fields::Unnamed(_) => Shape::Newtype(ident),
        syn::Fields::Unit => Shape::Unit(ident),
    }
}

fn enum_shape(item: &syn::ItemEnum) -> Shape {
    let open = item.variants.iter().any(|v| v.ident == "Unknown")
        && item
            .variants
            .iter()
            .all(|v| v.ident == "Unknown" || matches!(v.fields, syn::Fields::Unit));
    let variants = item
        .variants
        .iter()
        .map(|v| {
            let name = v.ident.to_string();
            match &v.fields {
                syn::Fields::Unit => Variant::Unit(name),
                syn::Fields::Unnamed(f) if f.unnamed.len() == 1 => Variant::One(name),
                syn::Fields::Unnamed(f) => Variant::Tuple(name, f.unnamed.len()),
                syn::Fields::Named(f) => Variant::Named(
                    name,
                    f.named
                        .iter()
                        .filter_map(|f| f.ident.as_ref().map(ToString::to_string))
                        .collect(),
                ),
            }
        })
        .collect();
    Shape::Enum {
        ident: item.ident.to_string(),
        open,
        variants,
    }
}

pub fn render(spec: &Spec, shapes: &[Shape]) -> Result<String, String> {
    let impls = shapes.iter().map(|shape| match shape {
        Shape::Enum {
            ident,
            open,
            variants,
        } => enum_impl(spec, ident, *open, variants),
        other => struct_impl(spec, other),
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

fn struct_impl(spec: &Spec, shape: &Shape) -> proc_macro2::TokenStream {
    let (ident, body) = match shape {
        Shape::Struct {
            ident,
            fields,
            extra,
        } => {
            let schema = spec.schemas.get(ident);
            let resolved = schema.map(|s| spec.resolve(s));
            let checks = fields.iter().filter_map(|f| {
                let member = format_ident!("{}", f.member);
                let wire = &f.wire;
                let property = resolved
                    .as_ref()
                    .and_then(|r| r.properties.get(wire.as_str()).copied());
                let rules = property.and_then(|property| {
                    let required = resolved
                        .as_ref()
                        .is_some_and(|r| r.required.contains(wire.as_str()))
                        && !spec.resolve(property).nullable
                        && f.option;
                    operation_rules(spec, Some(property), required)
                });
                // A plain scalar without rules has nothing to check.
                if rules.is_none() && f.plain {
                    return None;
                }
                let rules = rules.unwrap_or_else(no_rules);
                Some(quote!(field(#wire, &self.#member, &#rules)?;))
            });
            let extra = extra.then(|| quote!(nttcom_runtime::validate::extra(self)?;));
            (
                ident,
                quote! {
                    #extra
                    #(#checks)*
                    Ok(())
                },
            )
        }
        // typify's newtypes deref to their inner value; a string newtype's
        // `FromStr` holds its pattern and lengths.
        Shape::StringNewtype(ident) => (
            ident,
            quote! {
                nttcom_runtime::validate::parses::<Self>(self.as_str())
            },
        ),
        Shape::Newtype(ident) => (ident, quote!((**self).validate())),
        Shape::Unit(ident) | Shape::Enum { ident, .. } => (ident, quote!(Ok(()))),
    };
    let ident = format_ident!("{ident}");
    quote! {
        impl Validate for crate::types::#ident {
            fn validate(&self) -> Result<(), Invalid> {
                #body
            }
        }
    }
}

fn enum_impl(
    spec: &Spec,
    ident: &str,
    open: bool,
    variants: &[Variant],
) -> proc_macro2::TokenStream {
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
        // A union (`oneOf`/`anyOf`): typify's variants follow the branches;
        // `Other` holds a value of none of them, kept from a response.
        let branches: Vec<&Schema> = spec
            .schemas
            .get(ident)
            .map(|s| spec.resolve(s).branches)
            .unwrap_or_default();
        let other = variants
            .iter()
            .any(|v| matches!(v, Variant::One(name) if name == OTHER));
        let aligned = branches.len() + usize::from(other) == variants.len();
        let arms = variants.iter().enumerate().map(|(i, v)| match v {
            Variant::One(name) if other && name == OTHER => quote! {
                Self::Other(value) => Err(Invalid::new(format!(
                    "{value} matches none of the forms the spec allows"
                )))
            },
            Variant::Unit(name) => {
                let variant = format_ident!("{name}");
                quote!(Self::#variant => Ok(()))
            }
            Variant::One(name) => {
                let variant = format_ident!("{name}");
                let rules = aligned
                    .then(|| operation_rules(spec, Some(branches[i]), false))
                    .flatten()
                    .unwrap_or_else(no_rules);
                quote!(Self::#variant(value) => value.validate_with(&#rules))
            }
            Variant::Tuple(name, count) => {
                let variant = format_ident!("{name}");
                let values: Vec<_> = (0..*count).map(|i| format_ident!("v{i}")).collect();
                quote!(Self::#variant(#(#values),*) => { #(#values.validate()?;)* Ok(()) })
            }
            Variant::Named(name, fields) => {
                let variant = format_ident!("{name}");
                let names: Vec<_> = fields.iter().map(|f| format_ident!("{f}")).collect();
                quote!(Self::#variant { #(#names),* } => { #(#names.validate()?;)* Ok(()) })
            }
        });
        quote! {
            match self {
                #(#arms,)*
            }
        }
    };
    let ident = format_ident!("{ident}");
    quote! {
        impl Validate for crate::types::#ident {
            fn validate(&self) -> Result<(), Invalid> {
                #body
            }
        }
    }
}
