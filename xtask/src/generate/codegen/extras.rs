//! Features the spec declares with vendor extensions and progenitor does not
//! know: `stream()` on paged operations (`x-pagination`) and
//! `wait_until_<name>()` waiters (`x-waiters`). The generated code is thin;
//! the machinery is `nttcom_runtime::pages` and `nttcom_runtime::waiter`.

use std::collections::BTreeMap;

use quote::{format_ident, quote};

use super::attrs::{inner_type, is_option, module, module_mut, type_text, wire_name};
use crate::model::extensions::{PageStyle, Pagination, Waiter};
use crate::model::{Operation, Spec};

/// The structs in `types`, by name.
type Structs<'a> = BTreeMap<String, &'a syn::ItemStruct>;

/// Adds `stream()` and the waiters.
pub fn reshape(file: &mut syn::File, spec: &Spec) -> Result<(), String> {
    let structs = structs(file)?;
    let mut builder_items: Vec<syn::Item> = Vec::new();
    let mut client_methods: Vec<proc_macro2::TokenStream> = Vec::new();
    for op in &spec.operations {
        let builder = format_ident!("{}", op.builder_name());
        let signature = send_signature(file, &builder.to_string())?;
        if let Some(pagination) = &op.pagination {
            builder_items.push(stream(
                spec, op, pagination, &builder, &signature, &structs,
            )?);
        }
        for waiter in &op.waiters {
            let setters = setters(file, &builder.to_string());
            let (method, items) = wait_until(op, waiter, &builder, &signature, &setters, &structs)?;
            client_methods.push(method);
            builder_items.extend(items);
        }
    }
    if !client_methods.is_empty() {
        file.items.push(syn::parse_quote! {
            impl Client {
                #(#client_methods)*
            }
        });
    }
    module_mut(file, "builder")?.extend(builder_items);
    Ok(())
}

/// `T` and `E` of an operation's `send() -> Result<ResponseValue<T>, Error<E>>`.
struct SendSignature {
    success: syn::Type,
    error: syn::Type,
}

fn send_signature(file: &syn::File, builder: &str) -> Result<SendSignature, String> {
    let send = builder_impl(file, builder)
        .and_then(|block| {
            block.items.iter().find_map(|item| match item {
                syn::ImplItem::Fn(f) if f.sig.ident == "send" => Some(f),
                _ => None,
            })
        })
        .ok_or_else(|| format!("no `send()` on the generated builder `{builder}`"))?;
    let (success, error) =
        super::operations::response_types(&send.sig.output).ok_or_else(|| {
            format!("`{builder}::send` does not return `Result<ResponseValue<T>, Error<E>>`")
        })?;
    Ok(SendSignature { success, error })
}

fn builder_impl<'a>(file: &'a syn::File, builder: &str) -> Option<&'a syn::ItemImpl> {
    module(file, "builder").ok()?.iter().find_map(|item| match item {
        syn::Item::Impl(block)
            if block.trait_.is_none()
                && matches!(&*block.self_ty, syn::Type::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == builder)) =>
        {
            Some(block)
        }
        _ => None,
    })
}

fn structs(file: &syn::File) -> Result<Structs<'_>, String> {
    Ok(module(file, "types")?
        .iter()
        .filter_map(|item| match item {
            syn::Item::Struct(s) => Some((s.ident.to_string(), s)),
            _ => None,
        })
        .collect())
}

/// The field of a `types::X` struct that carries property `wire` (by its
/// name on the wire).
fn field<'a>(structs: &Structs<'a>, ty: &syn::Type, wire: &str) -> Option<&'a syn::Field> {
    let text = type_text(ty);
    let item = structs.get(text.rsplit("::").next()?)?;
    match &item.fields {
        syn::Fields::Named(fields) => fields.named.iter().find(|f| wire_name(f) == wire),
        _ => None,
    }
}

/// `x-pagination` → `pub fn stream(self) -> Items<'a, Item, Error<E>>`.
fn stream(
    spec: &Spec,
    op: &Operation,
    pagination: &Pagination,
    builder: &syn::Ident,
    signature: &SendSignature,
    structs: &Structs<'_>,
) -> Result<syn::Item, String> {
    let SendSignature { success, error } = signature;
    // The items: the body itself, or one of its list properties.
    let (item, items_expr) = match &pagination.items {
        None => (
            inner_type(success, "Vec")
                .ok_or_else(|| format!("{}: the body is not a list", op.id))?
                .clone(),
            quote!(body),
        ),
        Some(property) => {
            let field = field(structs, success, property)
                .ok_or_else(|| format!("{}: no field for `{property}` in the body type", op.id))?;
            let member = field.ident.as_ref().expect("named");
            let list = inner_type(&field.ty, "Option").unwrap_or(&field.ty);
            let item = qualified(
                inner_type(list, "Vec")
                    .ok_or_else(|| format!("{}: `{property}` is not a list", op.id))?,
            );
            let expr = if is_option(&field.ty) {
                quote!(body.#member.unwrap_or_default())
            } else {
                quote!(body.#member)
            };
            (item, expr)
        }
    };
    let total = match pagination
        .total_pages
        .as_ref()
        .or(pagination.total.as_ref())
    {
        None => quote!(None),
        Some(property) => {
            let field = field(structs, success, property)
                .ok_or_else(|| format!("{}: no field for `{property}` in the body type", op.id))?;
            let member = field.ident.as_ref().expect("named");
            if is_option(&field.ty) {
                quote!(body.#member.and_then(|n| u64::try_from(n).ok()))
            } else {
                quote!(u64::try_from(body.#member).ok())
            }
        }
    };
    let (walk, cursor, size, what) = match &pagination.style {
        PageStyle::PageNumber { page, page_size } => {
            ("by_page_number", page, page_size, "page numbers")
        }
        PageStyle::Offset { offset, limit } => ("by_offset", offset, limit, "offsets"),
    };
    let walk = format_ident!("{walk}");
    let first = pagination.start;
    let cursor = format_ident!("{}", heck::AsSnakeCase(cursor).to_string());
    let size = format_ident!("{}", heck::AsSnakeCase(size).to_string());
    let doc = format!(
        "Every item of every page, as a stream: pages are requested one at a time as the \
         items are read ({what}, starting where this request's `{cursor}` points, with its \
         `{size}`), until the last page. A failed page is the stream's last item.\n\n\
         ```no_run\n# async fn run(client: &{lib}::Client) -> Result<(), Box<dyn std::error::Error>> {{\n\
         let mut items = client.{id}(){args}.stream();\n\
         while let Some(item) = items.next().await {{\n    println!(\"{{:?}}\", item?);\n}}\n# Ok(())\n# }}\n```",
        lib = spec.library(),
        id = op.id,
        args = spec.example_args(op),
    );
    Ok(syn::parse_quote! {
        impl<'a> #builder<'a> {
            #[doc = #doc]
            pub fn stream(self) -> nttcom_runtime::pages::Items<'a, #item, Error<#error>> {
                // A start that is no cursor is left to the request check.
                let start = nttcom_runtime::pages::start_of(&self.#cursor, #first);
                let invalid = start.is_none();
                let size = nttcom_runtime::pages::size_of(&self.#size);
                nttcom_runtime::pages::#walk(
                    start,
                    size,
                    move |at| if invalid { self.clone().send() } else { self.clone().#cursor(at).send() },
                    |response| {
                        let body = response.into_inner();
                        let total = #total;
                        (#items_expr, total)
                    },
                )
            }
        }
    })
}

/// A type as written inside `types` (`OrderSummary`), as the builder module
/// names it (`types::OrderSummary`).
fn qualified(ty: &syn::Type) -> syn::Type {
    struct Qualify;
    impl syn::visit_mut::VisitMut for Qualify {
        fn visit_type_path_mut(&mut self, path: &mut syn::TypePath) {
            syn::visit_mut::visit_type_path_mut(self, path);
            let bare = path.qself.is_none()
                && path.path.leading_colon.is_none()
                && path.path.segments.len() == 1;
            let sibling = path.path.segments[0]
                .ident
                .to_string()
                .starts_with(|c: char| c.is_ascii_uppercase());
            if bare && sibling {
                path.path = syn::parse_quote!(types::#path);
            }
        }
    }
    let mut ty = ty.clone();
    syn::visit_mut::VisitMut::visit_type_mut(&mut Qualify, &mut ty);
    ty
}

/// The parameter setters of a builder (`pub fn x<V>(mut self, value: V) -> Self`).
fn setters(file: &syn::File, builder: &str) -> Vec<syn::ImplItemFn> {
    builder_impl(file, builder)
        .map(|block| {
            block
                .items
                .iter()
                .filter_map(|item| match item {
                    syn::ImplItem::Fn(f)
                        if !matches!(
                            f.sig.ident.to_string().as_str(),
                            "new" | "send" | "stream"
                        ) && f.sig.inputs.len() == 2 =>
                    {
                        Some(f.clone())
                    }
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default()
}

/// `x-waiters` → `Client::wait_until_<name>()` and its builder.
fn wait_until(
    op: &Operation,
    waiter: &Waiter,
    polled: &syn::Ident,
    signature: &SendSignature,
    setters: &[syn::ImplItemFn],
    structs: &Structs<'_>,
) -> Result<(proc_macro2::TokenStream, Vec<syn::Item>), String> {
    let SendSignature { success, error } = signature;
    let method = format_ident!("wait_until_{}", waiter.name);
    let builder = format_ident!(
        "WaitUntil{}",
        heck::AsUpperCamelCase(&waiter.name).to_string()
    );
    let status = status_expression(op, waiter, success, structs)?;
    let success_values = &waiter.success;
    let failure_values = &waiter.failure;
    // `OperationError::status()` is a number, so that users can write the same.
    let not_found = match waiter.not_found_succeeds {
        Some(true) => {
            quote!(Err(e) if e.status() == Some(404) => nttcom_runtime::waiter::Settle::Done,)
        }
        Some(false) => {
            quote!(Err(e) if e.status() == Some(404) => nttcom_runtime::waiter::Settle::Failed("404 Not Found".to_owned()),)
        }
        None => quote!(),
    };
    // A waiter that succeeds only when the resource is gone returns nothing;
    // one that succeeds on a status returns the settled resource.
    let gone_only = waiter.success.is_empty();
    let (output, finish) = if gone_only {
        (quote!(()), quote!(settled.map(drop)))
    } else {
        (
            quote!(ResponseValue<#success>),
            quote!(
                settled?
                    .into_result()
                    .map_err(nttcom_runtime::waiter::WaitError::Operation)
            ),
        )
    };
    let forwarded = setters.iter().map(|setter| {
        let mut forward = setter.clone();
        let name = &setter.sig.ident;
        forward.block = syn::parse_quote!({
            self.request = self.request.#name(value);
            self
        });
        forward
    });
    let description = if waiter.description.is_empty() {
        String::new()
    } else {
        format!("{}\n\n", waiter.description)
    };
    let statuses = |values: &[String]| {
        values
            .iter()
            .map(|v| format!("`{v}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut rules = Vec::new();
    if !waiter.success.is_empty() {
        rules.push(format!(
            "succeeds when `{}` is {}",
            waiter.status,
            statuses(&waiter.success)
        ));
    }
    if waiter.not_found_succeeds == Some(true) {
        rules.push("succeeds when the resource answers 404 (it is gone)".to_owned());
    }
    if !waiter.failure.is_empty() {
        rules.push(format!(
            "fails with `WaitError::Failed` on {}",
            statuses(&waiter.failure)
        ));
    }
    let doc = format!(
        "{description}Polls [`Client::{id}`] until the resource settles: {rules}; any other value \
         is still pending. Polls at once, then every 2 s doubling up to 30 s (with jitter), for \
         at most 10 minutes unless told otherwise (`max_wait`, `poll_interval`, \
         `max_interval`, `initial_delay`); then `WaitError::TimedOut`. A failed poll ends the \
         wait with `WaitError::Operation` (transient failures are retried within each poll).",
        id = op.id,
        rules = rules.join("; "),
    );
    let method_tokens = quote! {
        #[doc = #doc]
        pub fn #method(&self) -> builder::#builder<'_> {
            builder::#builder::new(self)
        }
    };
    let struct_doc = format!("Builder for [`Client::{method}`](super::Client::{method}).");
    let items: Vec<syn::Item> = vec![
        syn::parse_quote! {
            #[doc = #struct_doc]
            #[derive(Debug, Clone)]
            pub struct #builder<'a> {
                request: #polled<'a>,
                waiter: nttcom_runtime::waiter::Waiter,
            }
        },
        syn::parse_quote! {
            impl<'a> #builder<'a> {
                pub fn new(client: &'a super::Client) -> Self {
                    Self { request: #polled::new(client), waiter: nttcom_runtime::waiter::Waiter::new() }
                }

                #(#forwarded)*

                /// Gives up after this long (10 minutes unless set).
                pub fn max_wait(mut self, limit: std::time::Duration) -> Self {
                    self.waiter = self.waiter.max_wait(limit);
                    self
                }

                /// The first wait between polls (2 s unless set); it doubles up to `max_interval`.
                pub fn poll_interval(mut self, interval: std::time::Duration) -> Self {
                    self.waiter = self.waiter.poll_interval(interval);
                    self
                }

                /// The longest wait between polls (30 s unless set).
                pub fn max_interval(mut self, interval: std::time::Duration) -> Self {
                    self.waiter = self.waiter.max_interval(interval);
                    self
                }

                /// Waits this long before the first poll (none unless set).
                pub fn initial_delay(mut self, delay: std::time::Duration) -> Self {
                    self.waiter = self.waiter.initial_delay(delay);
                    self
                }

                /// Polls until the resource settles, fails, or the time is up.
                pub async fn send(self) -> Result<#output, nttcom_runtime::waiter::WaitError<ResponseValue<#success>, Error<#error>>> {
                    let request = self.request;
                    let settled = self
                        .waiter
                        .wait(
                            || request.clone().send(),
                            |answer: &Result<ResponseValue<#success>, Error<#error>>| match answer {
                                Ok(response) => {
                                    let status: Option<String> = #status;
                                    match status.as_deref() {
                                        #( Some(#success_values) => nttcom_runtime::waiter::Settle::Done, )*
                                        #( Some(#failure_values) => nttcom_runtime::waiter::Settle::Failed(#failure_values.to_owned()), )*
                                        _ => nttcom_runtime::waiter::Settle::Pending,
                                    }
                                }
                                #not_found
                                Err(_) => nttcom_runtime::waiter::Settle::Pending,
                            },
                        )
                        .await;
                    #finish
                }
            }
        },
    ];
    Ok((method_tokens, items))
}

/// An expression reading the waiter's status (a JSON pointer into the 2xx
/// body) from `response` as an `Option<String>`.
fn status_expression(
    op: &Operation,
    waiter: &Waiter,
    success: &syn::Type,
    structs: &Structs<'_>,
) -> Result<proc_macro2::TokenStream, String> {
    let mut ty = success.clone();
    let mut path = quote!(response);
    for token in waiter.status.trim_start_matches('/').split('/') {
        let token = token.replace("~1", "/").replace("~0", "~");
        let field = field(structs, &ty, &token).ok_or_else(|| {
            format!(
                "{}: waiter `{}`: no field for `{token}`",
                op.id, waiter.name
            )
        })?;
        let member = field.ident.as_ref().expect("named");
        match inner_type(&field.ty, "Option") {
            Some(inner) => {
                path = quote!(#path.#member.as_ref()?);
                ty = inner.clone();
            }
            None => {
                path = quote!(#path.#member);
                ty = field.ty.clone();
            }
        }
    }
    Ok(quote!((|| Some(#path.to_string()))()))
}
