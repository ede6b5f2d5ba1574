//! `pub async fn call(ctx, operation, args)`: one match arm per operation,
//! in the order the crate docs of `nttcom-cli` lay down: parse every value
//! (exit 2 before anything else), build the client through the core, set
//! each given value, then send, walk (`--all`) or send and wait (`--wait`).

use std::collections::BTreeSet;

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use crate::model::{Operation, Parameter, Spec};

use super::shapes::{Builders, Setter};
use super::{flag, kebab};

/// Names the arms use for their own values, which no parameter's local may
/// take (a value named `args` would hide the arguments still to be read).
const TAKEN: &[&str] = &[
    "args", "ctx", "client", "request", "body", "accepted", "wait",
];

/// The local variable for a value set with `setter`.
fn local(setter: &str) -> Ident {
    if TAKEN.contains(&setter) {
        format_ident!("{setter}_value")
    } else {
        format_ident!("{setter}")
    }
}

/// The `call` function of a service.
pub fn function(spec: &Spec, builders: &Builders) -> Result<TokenStream, String> {
    let arms = spec
        .operations
        .iter()
        .map(|op| arm(spec, builders, op))
        .collect::<Result<Vec<_>, String>>()?;
    let slug = &spec.slug;
    let doc = [
        format!(" Runs `nttcom {slug} <operation>`: parses the parameters into the"),
        " client's types (a value that does not parse exits 2 naming the field),".to_owned(),
        " builds the client through the core, and sends (`--all`: walks, `--wait`:".to_owned(),
        " waits).".to_owned(),
    ];
    let unknown = format!("{slug} has no operation {{other}}");
    Ok(quote! {
        #(#[doc = #doc])*
        pub async fn call(ctx: &Context, operation: &str, args: &Args) -> Result<Reply, Failure> {
            match operation {
                #(#arms)*
                other => Err(Failure::usage(format!(#unknown))),
            }
        }
    })
}

/// A parameter as one arm handles it.
struct Given<'a> {
    param: &'a Parameter,
    setter: &'a Setter,
    /// The local holding the parsed value(s).
    local: Ident,
}

fn arm(spec: &Spec, builders: &Builders, op: &Operation) -> Result<TokenStream, String> {
    let name = kebab(&op.id);
    let values = op
        .parameters
        .iter()
        .map(|param| {
            let setter = builders.setter(op, param)?;
            Ok(Given {
                param,
                setter,
                local: local(&setter.name),
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    let waiter = super::waiter(spec, op);
    // The write's own values the waiter is given again: set on the request
    // as clones.
    let reused: BTreeSet<&str> = match &waiter {
        Some((polled, _)) => polled.parameters.iter().map(|p| p.name.as_str()).collect(),
        None => BTreeSet::new(),
    };

    let parse = values.iter().map(|v| {
        let ty: syn::Type = syn::parse_str(&v.setter.ty).expect("read from the client");
        let flag = flag(v.param);
        let local = &v.local;
        if v.setter.multiple {
            quote!(let #local = args.get_all::<#ty>(#flag)?;)
        } else {
            quote!(let #local = args.get::<#ty>(#flag)?;)
        }
    });
    // The lint gives every body a named schema, hence a Rust type.
    let parse_body = match op.body() {
        Some((schema, _)) => {
            let ty = schema
                .rust_type()
                .and_then(|t| syn::parse_str::<syn::Type>(&t).ok())
                .ok_or_else(|| format!("{}: the request body has no named type", op.id))?;
            Some(quote!(let body = args.body::<#ty>()?;))
        }
        None => None,
    };
    let set = values.iter().map(|v| {
        let setter = format_ident!("{}", v.setter.name);
        let local = &v.local;
        let again = reused.contains(v.param.name.as_str());
        match (v.setter.multiple, again) {
            (true, false) => quote! {
                if !#local.is_empty() {
                    request = request.#setter(#local);
                }
            },
            (true, true) => quote! {
                if !#local.is_empty() {
                    request = request.#setter(#local.clone());
                }
            },
            (false, false) => quote! {
                if let Some(value) = #local {
                    request = request.#setter(value);
                }
            },
            (false, true) => quote! {
                if let Some(value) = #local.clone() {
                    request = request.#setter(value);
                }
            },
        }
    });
    let set_body = op.body().map(|_| {
        quote! {
            if let Some(body) = body {
                request = request.body(body);
            }
        }
    });
    let method = format_ident!("{}", op.id);
    let walk = op.pagination.as_ref().map(|_| {
        quote! {
            if ctx.all() {
                return ctx.walk(request.stream()).await;
            }
        }
    });
    let send = match &waiter {
        Some((polled, w)) => wait(builders, op, polled, &w.name, &w.status, &values)?,
        None => quote!(ctx.send(request.send()).await),
    };
    Ok(quote! {
        #name => {
            #(#parse)*
            #parse_body
            let client = ctx.client::<Client>()?;
            let mut request = client.#method();
            #(#set)*
            #set_body
            #walk
            #send
        }
    })
}

/// Sends the write, and with `--wait` follows it with its waiter, whose
/// parameters (those of the operation it polls) come from the write's own
/// parameter of the same name, else from the accepted answer beside the
/// waiter's status field. A parameter the client fills (the tenant) that
/// the write does not have is left to the client.
fn wait(
    builders: &Builders,
    write: &Operation,
    polled: &Operation,
    waiter: &str,
    status: &str,
    values: &[Given<'_>],
) -> Result<TokenStream, String> {
    let start = format_ident!("wait_until_{}", waiter);
    let parent = status.rsplit_once('/').map_or("", |(parent, _)| parent);
    let mut from_answer = Vec::new();
    let mut chained = Vec::new();
    let mut from_write = Vec::new();
    for param in &polled.parameters {
        let setter = builders.setter(polled, param)?;
        let method = format_ident!("{}", setter.name);
        if let Some(own) = values.iter().find(|v| v.param.name == param.name) {
            let local = &own.local;
            from_write.push(if own.setter.multiple {
                quote! {
                    if !#local.is_empty() {
                        wait = wait.#method(#local);
                    }
                }
            } else {
                quote! {
                    if let Some(value) = #local {
                        wait = wait.#method(value);
                    }
                }
            });
            continue;
        }
        if param.client_default.is_some() {
            continue;
        }
        if setter.multiple {
            return Err(format!(
                "{}: the waiter {waiter} needs the list `{}`, which the write does not have",
                write.id, param.name
            ));
        }
        let ty: syn::Type = syn::parse_str(&setter.ty).expect("read from the client");
        let local = local(&setter.name);
        let pointer = format!(
            "{parent}/{}",
            param.name.replace('~', "~0").replace('/', "~1")
        );
        from_answer.push(quote! {
            let #local = ctx.from_answer::<#ty>(&accepted, #pointer)?;
        });
        chained.push(quote!(.#method(#local)));
    }
    Ok(quote! {
        let accepted = ctx.send(request.send()).await?;
        if !ctx.waits() {
            return Ok(accepted);
        }
        #(#from_answer)*
        let mut wait = client.#start()#(#chained)*.on_poll(ctx.on_poll());
        #(#from_write)*
        if let Some(interval) = ctx.poll_interval() {
            wait = wait.poll_interval(interval);
        }
        if let Some(limit) = ctx.max_wait() {
            wait = wait.max_wait(limit);
        }
        ctx.wait(&accepted, wait.send()).await
    })
}
