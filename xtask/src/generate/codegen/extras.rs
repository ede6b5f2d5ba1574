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
                spec,
                op,
                pagination,
                (&builder, file),
                &signature,
                &structs,
            )?);
        }
        for waiter in &op.waiters {
            let setters = setters(file, &builder.to_string());
            let fields = builder_fields(file, &builder.to_string())?;
            let polled = Polled {
                builder: &builder,
                fields: &fields,
                setters: &setters,
            };
            let (method, items) = wait_until(op, waiter, &polled, &signature, &structs)?;
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
    (builder, file_fields): (&syn::Ident, &syn::File),
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
    let fields = builder_fields(file_fields, &builder.to_string())?;
    let clones = fields.iter().map(|f| quote!(let #f = #f.clone();));
    Ok(syn::parse_quote! {
        impl<'a> #builder<'a> {
            #[doc = #doc]
            pub fn stream(self) -> nttcom_runtime::pages::Items<'static, #item, Error<#error>> {
                // A start that is no cursor is left to the request check.
                let start = nttcom_runtime::pages::start_of(&self.#cursor, #first);
                let invalid = start.is_none();
                let size = nttcom_runtime::pages::size_of(&self.#size);
                // The stream owns what it sends with: a copy of the client
                // (reference counts and the base URL) and of the parameters,
                // so that it outlives this builder and moves across tasks.
                let Self { client, #(#fields),* } = self;
                let client = client.clone();
                nttcom_runtime::pages::#walk(
                    start,
                    size,
                    move |at| {
                        let client = client.clone();
                        #(#clones)*
                        async move {
                            let request = #builder { client: &client, #(#fields),* };
                            if invalid { request.send().await } else { request.#cursor(at).send().await }
                        }
                    },
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

/// The fields of builder struct `builder` but its `client`.
fn builder_fields(file: &syn::File, builder: &str) -> Result<Vec<syn::Ident>, String> {
    module(file, "builder")?
        .iter()
        .find_map(|item| match item {
            syn::Item::Struct(s) if s.ident == builder => Some(
                s.fields
                    .iter()
                    .filter_map(|f| f.ident.clone())
                    .filter(|f| f != "client")
                    .collect(),
            ),
            _ => None,
        })
        .ok_or_else(|| format!("no builder struct `{builder}`"))
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

/// The setters of a builder, to forward: its parameters' and the per-call
/// overrides (`fn x(mut self, …) -> Self`).
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
                        ) && f.sig.inputs.len() >= 2
                            && matches!(f.sig.inputs.first(), Some(syn::FnArg::Receiver(_))) =>
                    {
                        Some(f.clone())
                    }
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The operation a waiter polls: its builder, the builder's fields (but
/// `client`) and setters.
struct Polled<'a> {
    builder: &'a syn::Ident,
    fields: &'a [syn::Ident],
    setters: &'a [syn::ImplItemFn],
}

/// `x-waiters` → `Client::wait_until_<name>()` and its builder.
fn wait_until(
    op: &Operation,
    waiter: &Waiter,
    polled: &Polled<'_>,
    signature: &SendSignature,
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
            quote!((Err(e), _) if e.status() == Some(404) => nttcom_runtime::waiter::Settle::Done,)
        }
        Some(false) => {
            quote!((Err(e), _) if e.status() == Some(404) => nttcom_runtime::waiter::Settle::Failed("404 Not Found".to_owned()),)
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
    let forwarded = polled.setters.iter().map(|setter| {
        let mut forward = setter.clone();
        let name = &setter.sig.ident;
        let args = setter.sig.inputs.iter().filter_map(|input| match input {
            syn::FnArg::Typed(typed) => match &*typed.pat {
                syn::Pat::Ident(p) => Some(p.ident.clone()),
                _ => None,
            },
            syn::FnArg::Receiver(_) => None,
        });
        forward.block = syn::parse_quote!({
            self.request = self.request.#name(#(#args),*);
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
         wait with `WaitError::Operation` (transient failures are retried within each poll). \
         `on_poll` reports the state each poll saw.\n\n\
         The future of `send()` owns what it needs (a copy of the client and of the \
         parameters): it can be spawned on another task.",
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
    let polled_builder = polled.builder;
    let fields = polled.fields;
    let state_doc = format!(
        "Calls `observe` after each poll with what it saw: the value of `{}` in the answer \
         (`None` when the answer has none, or was an error), the answer's HTTP status, the \
         poll's number and the time since the wait began. For progress reports; it cannot \
         change the outcome.",
        waiter.status
    );
    let items: Vec<syn::Item> = vec![
        syn::parse_quote! {
            #[doc = #struct_doc]
            #[derive(Debug, Clone)]
            pub struct #builder<'a> {
                request: #polled_builder<'a>,
                waiter: nttcom_runtime::waiter::Waiter,
                on_poll: Option<nttcom_runtime::waiter::OnPoll>,
            }
        },
        syn::parse_quote! {
            impl<'a> #builder<'a> {
                pub fn new(client: &'a super::Client) -> Self {
                    Self {
                        request: #polled_builder::new(client),
                        waiter: nttcom_runtime::waiter::Waiter::new(),
                        on_poll: None,
                    }
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

                #[doc = #state_doc]
                pub fn on_poll(
                    mut self,
                    observe: impl Fn(&nttcom_runtime::waiter::Polled<'_>) + Send + Sync + 'static,
                ) -> Self {
                    self.on_poll = Some(nttcom_runtime::waiter::OnPoll::new(observe));
                    self
                }

                /// Polls until the resource settles, fails, or the time is up.
                pub fn send(self) -> impl std::future::Future<
                    Output = Result<#output, nttcom_runtime::waiter::WaitError<ResponseValue<#success>, Error<#error>>>,
                > + Send + use<> {
                    let Self { request, waiter, on_poll } = self;
                    let #polled_builder { client, #(#fields),* } = request;
                    let client = client.clone();
                    async move {
                        let report = nttcom_runtime::waiter::Report::new(on_poll);
                        let settled = waiter
                            .wait(
                                || #polled_builder { client: &client, #(#fields: #fields.clone()),* }.send(),
                                |answer: &Result<ResponseValue<#success>, Error<#error>>| {
                                    let state: Option<String> = match answer {
                                        Ok(response) => #status,
                                        Err(_) => None,
                                    };
                                    report.poll(answer, state.as_deref());
                                    match (answer, state.as_deref()) {
                                        #( (Ok(_), Some(#success_values)) => nttcom_runtime::waiter::Settle::Done, )*
                                        #( (Ok(_), Some(#failure_values)) => nttcom_runtime::waiter::Settle::Failed(#failure_values.to_owned()), )*
                                        (Ok(_), _) => nttcom_runtime::waiter::Settle::Pending,
                                        #not_found
                                        (Err(_), _) => nttcom_runtime::waiter::Settle::Pending,
                                    }
                                },
                            )
                            .await;
                        #finish
                    }
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
