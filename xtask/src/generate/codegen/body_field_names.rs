//! Pass: the body builders (`types::builder`) name a field by the spec's
//! name, as every other validation message does.
//!
//! typify's builders say "no value supplied for order_type" and "error
//! converting supplied value for order_type: …", with the Rust field name.
//! The pass rewrites them to "orderType: required, but not set" and
//! "orderType: …", taking each field's wire name from the serde `rename` of
//! the type the builder builds.

use std::collections::BTreeMap;

use proc_macro2::{TokenStream, TokenTree};
use syn::visit_mut::VisitMut;

use super::attrs::{impl_self_ident, module_mut, wire_name};

/// Applies the pass to `types::builder`.
pub fn spec_names(file: &mut syn::File) -> Result<(), String> {
    let types = module_mut(file, "types")?;
    // Struct name → (Rust field name → wire name), for fields that differ.
    let mut renames: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for item in types.iter() {
        let syn::Item::Struct(s) = item else {
            continue;
        };
        let fields: BTreeMap<String, String> = s
            .fields
            .iter()
            .filter_map(|f| {
                let rust = f.ident.as_ref()?.to_string();
                let wire = wire_name(f);
                (rust.trim_start_matches("r#") != wire).then_some((rust, wire))
            })
            .collect();
        renames.insert(s.ident.to_string(), fields);
    }
    let Some(builders) = types.iter_mut().find_map(|item| match item {
        syn::Item::Mod(m) if m.ident == "builder" => m.content.as_mut().map(|(_, items)| items),
        _ => None,
    }) else {
        return Ok(());
    };
    for item in builders.iter_mut() {
        let syn::Item::Impl(block) = item else {
            continue;
        };
        let Some(fields) = impl_self_ident(block).and_then(|name| renames.get(&name)) else {
            continue;
        };
        Messages { fields }.visit_item_impl_mut(block);
    }
    Ok(())
}

struct Messages<'a> {
    fields: &'a BTreeMap<String, String>,
}

impl Messages<'_> {
    /// The message with the spec's name, if `text` is one of typify's.
    fn renamed(&self, text: &str) -> Option<String> {
        if let Some(field) = text.strip_prefix("no value supplied for ") {
            return Some(format!("{}: required, but not set", self.wire(field)));
        }
        let rest = text.strip_prefix("error converting supplied value for ")?;
        let (field, tail) = rest.split_once(": ")?;
        Some(format!("{}: {tail}", self.wire(field)))
    }

    fn wire<'b>(&'b self, field: &'b str) -> &'b str {
        self.fields.get(field).map_or(field, String::as_str)
    }

    /// The same tokens with typify's message literals renamed.
    fn tokens(&self, tokens: TokenStream) -> TokenStream {
        tokens
            .into_iter()
            .map(|token| match token {
                TokenTree::Literal(literal) => {
                    match syn::parse_str::<syn::LitStr>(&literal.to_string()) {
                        Ok(text) => match self.renamed(&text.value()) {
                            Some(new) => TokenTree::Literal(proc_macro2::Literal::string(&new)),
                            None => TokenTree::Literal(literal),
                        },
                        Err(_) => TokenTree::Literal(literal),
                    }
                }
                other => other,
            })
            .collect()
    }
}

impl VisitMut for Messages<'_> {
    /// `Err("no value supplied for x".to_string())`.
    fn visit_lit_str_mut(&mut self, literal: &mut syn::LitStr) {
        if let Some(new) = self.renamed(&literal.value()) {
            *literal = syn::LitStr::new(&new, literal.span());
        }
    }

    /// `format!("error converting supplied value for x: {e}")`.
    fn visit_macro_mut(&mut self, mac: &mut syn::Macro) {
        mac.tokens = self.tokens(std::mem::take(&mut mac.tokens));
    }
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::*;

    #[test]
    fn builder_messages_use_the_wire_names() {
        let mut file: syn::File = syn::parse_quote! {
            pub mod types {
                pub struct Order {
                    #[serde(rename = "orderType")]
                    pub order_type: String,
                    pub note: String,
                }
                pub mod builder {
                    impl Default for Order {
                        fn default() -> Self {
                            Self {
                                order_type: Err("no value supplied for order_type".to_string()),
                                note: Err("no value supplied for note".to_string()),
                            }
                        }
                    }
                    impl Order {
                        pub fn order_type<T>(mut self, value: T) -> Self {
                            self.order_type = value.try_into().map_err(|e| {
                                format!("error converting supplied value for order_type: {e}")
                            });
                            self
                        }
                    }
                }
            }
        };
        spec_names(&mut file).unwrap();
        let text = quote!(#file).to_string();
        assert!(
            text.contains("\"orderType: required, but not set\""),
            "{text}"
        );
        assert!(text.contains("\"note: required, but not set\""), "{text}");
        assert!(text.contains("\"orderType: {e}\""), "{text}");
        assert!(!text.contains("order_type:"), "{text}");
    }
}
