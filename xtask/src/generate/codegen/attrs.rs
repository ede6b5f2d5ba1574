//! Reading and rewriting attributes and types of progenitor's output.

use quote::quote;
use syn::punctuated::Punctuated;
use syn::{Attribute, Meta, Token};

/// A type as compact text, e.g. `::std::option::Option<::std::string::String>`.
pub fn type_text(ty: &syn::Type) -> String {
    quote!(#ty).to_string().replace(' ', "")
}

/// The items of module `name` (`types`, `builder`) at the top of progenitor's
/// output.
pub fn module<'a>(file: &'a syn::File, name: &str) -> Result<&'a Vec<syn::Item>, String> {
    file.items
        .iter()
        .find_map(|item| match item {
            syn::Item::Mod(m) if m.ident == name => m.content.as_ref().map(|(_, items)| items),
            _ => None,
        })
        .ok_or_else(|| format!("progenitor produced no `{name}` module"))
}

/// [`module`], to change.
pub fn module_mut<'a>(
    file: &'a mut syn::File,
    name: &str,
) -> Result<&'a mut Vec<syn::Item>, String> {
    file.items
        .iter_mut()
        .find_map(|item| match item {
            syn::Item::Mod(m) if m.ident == name => m.content.as_mut().map(|(_, items)| items),
            _ => None,
        })
        .ok_or_else(|| format!("progenitor produced no `{name}` module"))
}

/// Strings, numbers and booleans (as [`type_text`] writes them): what the
/// runtime's lenient scalar readers take.
pub fn is_scalar(ty: &str) -> bool {
    matches!(
        ty,
        "::std::string::String"
            | "bool"
            | "i8"
            | "i16"
            | "i32"
            | "i64"
            | "u8"
            | "u16"
            | "u32"
            | "u64"
            | "f32"
            | "f64"
    )
}

/// Strings, numbers, booleans, JSON values, and options or lists of them:
/// types whose `Validate` checks nothing without rules.
pub fn is_plain(ty: &syn::Type) -> bool {
    let text = type_text(ty);
    let inner = [
        "::std::option::Option<",
        "Option<",
        "::std::vec::Vec<",
        "Vec<",
    ]
    .iter()
    .fold(text.as_str(), |t, w| {
        t.strip_prefix(w)
            .and_then(|t| t.strip_suffix('>'))
            .unwrap_or(t)
    });
    inner == "::serde_json::Value" || is_scalar(inner)
}

/// Whether `ty` is an `Option<…>`.
pub fn is_option(ty: &syn::Type) -> bool {
    inner_type(ty, "Option").is_some()
}

/// The name of a struct field on the wire: its serde `rename`, else its
/// identifier (without `r#`). The `rename` is read from `#[serde(…)]` or,
/// on an object type whose serde impls are generated (see `objects`), from
/// `#[cfg_attr(feature = "schemars", serde(…))]`.
pub fn wire_name(field: &syn::Field) -> String {
    field
        .attrs
        .iter()
        .filter_map(serde_tokens)
        .find_map(renamed)
        .unwrap_or_else(|| {
            field
                .ident
                .as_ref()
                .map(|i| i.to_string().trim_start_matches("r#").to_owned())
                .unwrap_or_default()
        })
}

/// The tokens inside `#[serde(…)]`, or inside the `serde(…)` of
/// `#[cfg_attr(…, serde(…))]`.
fn serde_tokens(attr: &Attribute) -> Option<proc_macro2::TokenStream> {
    let syn::Meta::List(list) = &attr.meta else {
        return None;
    };
    if attr.path().is_ident("serde") {
        return Some(list.tokens.clone());
    }
    if !attr.path().is_ident("cfg_attr") {
        return None;
    }
    let mut tokens = list.tokens.clone().into_iter();
    while let Some(token) = tokens.next() {
        if matches!(&token, proc_macro2::TokenTree::Ident(i) if i == "serde")
            && let Some(proc_macro2::TokenTree::Group(group)) = tokens.next()
        {
            return Some(group.stream());
        }
    }
    None
}

/// The `rename = "…"` among a serde attribute's tokens, read off them
/// (every field has one to read; parsing each attribute would cost more).
fn renamed(tokens: proc_macro2::TokenStream) -> Option<String> {
    let mut tokens = tokens.into_iter();
    while let Some(token) = tokens.next() {
        let proc_macro2::TokenTree::Ident(ident) = &token else {
            continue;
        };
        if ident != "rename" {
            continue;
        }
        let (Some(proc_macro2::TokenTree::Punct(eq)), Some(proc_macro2::TokenTree::Literal(value))) =
            (tokens.next(), tokens.next())
        else {
            return None;
        };
        if eq.as_char() != '=' {
            return None;
        }
        return match syn::Lit::new(value) {
            syn::Lit::Str(text) => Some(text.value()),
            _ => None,
        };
    }
    None
}

/// The metas of every `#[serde(...)]` attribute, in order.
pub fn serde_metas(attrs: &[Attribute]) -> Vec<Meta> {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("serde"))
        .filter_map(|a| {
            a.parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated)
                .ok()
        })
        .flatten()
        .collect()
}

/// The name of a meta (`default`, `rename`, `skip_serializing_if`).
pub fn meta_name(meta: &Meta) -> String {
    meta.path()
        .get_ident()
        .map(ToString::to_string)
        .unwrap_or_default()
}

/// The string value of `name = "…"` among `metas`.
pub fn meta_value(metas: &[Meta], name: &str) -> Option<String> {
    metas.iter().find_map(|meta| match meta {
        Meta::NameValue(nv) if nv.path.is_ident(name) => match &nv.value {
            syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(s),
                ..
            }) => Some(s.value()),
            _ => None,
        },
        _ => None,
    })
}

/// The paths listed in the `#[derive(...)]` attributes, as compact text.
pub fn derives(attrs: &[Attribute]) -> Vec<String> {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("derive"))
        .flat_map(derive_list)
        .collect()
}

/// The paths of one `#[derive(...)]`, as compact text, read off its tokens
/// (paths and `::` between them; every type has derives to read).
fn derive_list(attr: &Attribute) -> Vec<String> {
    let syn::Meta::List(list) = &attr.meta else {
        return Vec::new();
    };
    let mut out = vec![String::new()];
    for token in list.tokens.clone() {
        match token {
            proc_macro2::TokenTree::Punct(p) if p.as_char() == ',' => out.push(String::new()),
            other => {
                let last = out.last_mut().expect("one entry at least");
                last.push_str(&other.to_string());
            }
        }
    }
    out.retain(|d| !d.is_empty());
    out
}

/// Removes the derives whose compact text `drop` accepts.
pub fn remove_derives(attrs: &mut [Attribute], drop: impl Fn(&str) -> bool) {
    for attr in attrs.iter_mut().filter(|a| a.path().is_ident("derive")) {
        if !derive_list(attr).iter().any(|d| drop(d)) {
            continue;
        }
        let Ok(paths) = attr.parse_args_with(Punctuated::<syn::Path, Token![,]>::parse_terminated)
        else {
            continue;
        };
        let kept: Vec<&syn::Path> = paths
            .iter()
            .filter(|p| !drop(&quote!(#p).to_string().replace(' ', "")))
            .collect();
        if kept.len() < paths.len() {
            *attr = syn::parse_quote!(#[derive(#(#kept),*)]);
        }
    }
}

/// The self type of an impl block as an identifier, e.g. `Status` for
/// `impl Display for Status` (`None` for paths with generics or segments).
pub fn impl_self_ident(item: &syn::ItemImpl) -> Option<String> {
    match &*item.self_ty {
        syn::Type::Path(p) if p.qself.is_none() && p.path.segments.len() == 1 => {
            Some(p.path.segments[0].ident.to_string())
        }
        _ => None,
    }
}

/// The last segment of the trait an impl block implements (`Display`, `FromStr`).
pub fn impl_trait_name(item: &syn::ItemImpl) -> Option<String> {
    item.trait_
        .as_ref()
        .and_then(|(path, _)| path.segments.last())
        .map(|s| s.ident.to_string())
}

/// Puts each type's `added` items right after its definition and the impls
/// that follow it, so that everything about one type reads in one place;
/// items for a type not found go at the end.
pub fn insert_beside(
    items: &mut Vec<syn::Item>,
    mut added: std::collections::BTreeMap<String, Vec<syn::Item>>,
) {
    let mut out = Vec::with_capacity(items.len() + added.values().map(Vec::len).sum::<usize>());
    let mut current: Option<String> = None;
    for item in items.drain(..) {
        let (owner, defines) = match &item {
            syn::Item::Struct(s) => (Some(s.ident.to_string()), true),
            syn::Item::Enum(e) => (Some(e.ident.to_string()), true),
            syn::Item::Impl(i) => (impl_self_ident(i), false),
            _ => (None, false),
        };
        // `impl From<X> for String` is about `X` too.
        let about_current = |item: &syn::Item| match (item, &current) {
            (syn::Item::Impl(i), Some(name)) => trait_argument_is(i, name),
            _ => false,
        };
        let continues = !defines && ((owner.is_some() && owner == current) || about_current(&item));
        if !continues && let Some(done) = current.take() {
            out.extend(added.remove(&done).unwrap_or_default());
        }
        if defines {
            current = owner;
        }
        out.push(item);
    }
    if let Some(done) = current {
        out.extend(added.remove(&done).unwrap_or_default());
    }
    out.extend(added.into_values().flatten());
    *items = out;
}

/// Whether the trait an impl block implements takes type `name` as an
/// argument (`From<name>`).
fn trait_argument_is(item: &syn::ItemImpl, name: &str) -> bool {
    let Some((path, _)) = &item.trait_ else {
        return false;
    };
    let Some(syn::PathArguments::AngleBracketed(args)) = path.segments.last().map(|s| &s.arguments)
    else {
        return false;
    };
    args.args.iter().any(|a| {
        matches!(a, syn::GenericArgument::Type(syn::Type::Path(p))
            if p.path.segments.last().is_some_and(|s| s.ident == name))
    })
}

/// `T` of `Option<T>`, `Vec<T>`, `Box<T>` or `Result<T, _>` (by last path
/// segment), or `None` for other types.
pub fn inner_type<'a>(ty: &'a syn::Type, wrapper: &str) -> Option<&'a syn::Type> {
    let syn::Type::Path(path) = ty else {
        return None;
    };
    let last = path.path.segments.last()?;
    if last.ident != wrapper {
        return None;
    }
    match &last.arguments {
        syn::PathArguments::AngleBracketed(args) => args.args.iter().find_map(|a| match a {
            syn::GenericArgument::Type(t) => Some(t),
            _ => None,
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_metas_and_the_wire_name_are_read_from_either_spelling() {
        let field: syn::Field = syn::parse_quote! {
            #[doc = "x"]
            #[serde(rename = "zipCode", default)]
            #[serde(skip_serializing_if = "Option::is_none")]
            pub zip_code: Option<String>
        };
        let metas = serde_metas(&field.attrs);
        assert_eq!(meta_value(&metas, "rename").as_deref(), Some("zipCode"));
        let names: Vec<String> = metas.iter().map(meta_name).collect();
        assert_eq!(names, ["rename", "default", "skip_serializing_if"]);
        assert_eq!(wire_name(&field), "zipCode");
        let schemars_only: syn::Field = syn::parse_quote! {
            #[cfg_attr(feature = "schemars", serde(rename = "zipCode", default))]
            pub zip_code: Option<String>
        };
        assert_eq!(wire_name(&schemars_only), "zipCode");
        let plain: syn::Field = syn::parse_quote!(pub r#type: String);
        assert_eq!(wire_name(&plain), "type");
        let ty: syn::Type = syn::parse_quote!(Option<Vec<i64>>);
        assert!(is_option(&ty));
        assert_eq!(
            inner_type(&ty, "Option").map(type_text).as_deref(),
            Some("Vec<i64>")
        );
    }
}
