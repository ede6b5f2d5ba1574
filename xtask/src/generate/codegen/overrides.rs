//! Pass: per-call overrides on every operation builder.
//!
//! A Rust user expects to set a timeout, add a header or change the retry
//! policy for one call (aws-sdk-rust's `customize()`, reqwest's
//! `RequestBuilder`), without building another client. Each builder gets an
//! `overrides: nttcom_runtime::Overrides` field and three setters,
//! `.timeout(Duration)`, `.header(name, value)` and `.retry(RetryPolicy)`,
//! and its `send()` hands the overrides to the runtime (see
//! [`super::direct_send`]), which applies them, and refuses a header it owns
//! (the credential header, `Host`, the body's framing) as
//! `Error::InvalidRequest` before anything is sent.
//!
//! The lint refuses a spec parameter whose Rust name is one of these
//! setters' ([`SETTERS`]).

use syn::visit_mut::VisitMut;

use super::attrs::{impl_self_ident, module_mut};
use crate::model::Spec;

/// The setters this pass adds to every operation builder.
pub const SETTERS: [&str; 3] = ["timeout", "header", "retry"];

/// Applies the pass to every builder of `mod builder` that sends an
/// operation.
pub fn reshape(file: &mut syn::File, spec: &Spec) -> Result<(), String> {
    let builders = module_mut(file, "builder")?;
    let operations: Vec<String> = builders
        .iter()
        .filter_map(|item| match item {
            syn::Item::Struct(s) if spec.operation_for_builder(&s.ident.to_string()).is_some() => {
                Some(s.ident.to_string())
            }
            _ => None,
        })
        .collect();
    for item in builders.iter_mut() {
        match item {
            syn::Item::Struct(s) if operations.contains(&s.ident.to_string()) => {
                let syn::Fields::Named(fields) = &mut s.fields else {
                    return Err(format!("builder `{}` has no named fields", s.ident));
                };
                fields
                    .named
                    .push(syn::parse_quote!(overrides: nttcom_runtime::Overrides));
            }
            syn::Item::Impl(block)
                if block.trait_.is_none()
                    && impl_self_ident(block).is_some_and(|b| operations.contains(&b)) =>
            {
                builder_impl(block)?;
            }
            _ => {}
        }
    }
    Ok(())
}

fn builder_impl(block: &mut syn::ItemImpl) -> Result<(), String> {
    let mut send = None;
    for (i, member) in block.items.iter_mut().enumerate() {
        let syn::ImplItem::Fn(function) = member else {
            continue;
        };
        match function.sig.ident.to_string().as_str() {
            "new" => AddField.visit_block_mut(&mut function.block),
            "send" => {
                Destructure.visit_block_mut(&mut function.block);
                send = Some(i);
            }
            _ => {}
        }
    }
    let send = send.ok_or("an operation builder without `send()`")?;
    // The lint refuses such parameters; this is the last line of defence.
    if let Some(taken) = block.items.iter().find_map(|member| match member {
        syn::ImplItem::Fn(f) if SETTERS.iter().any(|s| f.sig.ident == s) => Some(&f.sig.ident),
        _ => None,
    }) {
        return Err(format!("the builder already has a method `{taken}`"));
    }
    let setters: [syn::ImplItem; 3] = [
        syn::parse_quote! {
            /// Bounds each attempt of this call, from connecting to the end of the
            /// answer's body, instead of the client's timeout
            /// (`ClientBuilder::timeout`, 60 s unless set). A call that runs out
            /// of time fails with `Error::CommunicationError` (`is_timeout()`),
            /// after the retries its policy allows.
            pub fn timeout(mut self, timeout: std::time::Duration) -> Self {
                self.overrides.timeout(timeout);
                self
            }
        },
        syn::parse_quote! {
            /// Adds a header to this call's request (replacing one of the same
            /// name the operation would send, such as `Accept`).
            ///
            /// The headers the client owns cannot be set: the credential header
            /// (the client attaches its token itself), `Host`, `Content-Length`
            /// and `Transfer-Encoding`. Such a header, or a name or value that
            /// cannot travel in HTTP, fails the call with
            /// `Error::InvalidRequest` when it is sent, and nothing is sent.
            pub fn header<V>(mut self, name: impl AsRef<str>, value: V) -> Self
            where
                V: TryInto<nttcom_runtime::reqwest::header::HeaderValue>,
            {
                self.overrides.header(name, value);
                self
            }
        },
        syn::parse_quote! {
            /// Retries this call under `policy` instead of the client's
            /// (`RetryPolicy::none()` to send it once): e.g. more attempts for a
            /// call that must get through, or `.retry_non_idempotent(true)` for a
            /// write you know to be safe to repeat.
            pub fn retry(mut self, policy: nttcom_runtime::RetryPolicy) -> Self {
                self.overrides.retry(policy);
                self
            }
        },
    ];
    block.items.splice(send..send, setters);
    Ok(())
}

/// `Self { client: client, … }` in `new` gets `overrides: Overrides::new()`.
struct AddField;

impl VisitMut for AddField {
    fn visit_expr_struct_mut(&mut self, init: &mut syn::ExprStruct) {
        if init.path.is_ident("Self") {
            init.fields.push(syn::parse_quote!(
                overrides: nttcom_runtime::Overrides::new()
            ));
        }
    }
}

/// `let Self { client, … } = self;` in `send` binds `overrides` too.
struct Destructure;

impl VisitMut for Destructure {
    fn visit_pat_struct_mut(&mut self, pattern: &mut syn::PatStruct) {
        if pattern.path.is_ident("Self") {
            // `FieldPat` does not parse alone: take it from a whole pattern.
            let syn::Pat::Struct(with) = syn::parse_quote!(Self { overrides }) else {
                unreachable!("a struct pattern");
            };
            pattern.fields.extend(with.fields);
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_lint_keeps_parameters_off_these_setters() {
        for setter in super::SETTERS {
            assert!(
                crate::check::lint::BUILDER_METHODS.contains(&setter),
                "{setter}"
            );
        }
    }
}
