//! Pass: each `send()` hands its request to the runtime directly.
//!
//! progenitor sends through its `ClientHooks`: `client.pre(…)`, then
//! `client.exec(request, &info)`, whose signature returns a plain
//! `reqwest::Result`, then `client.post(…)`. Nothing of the runtime's own
//! fits through that: not a failure before sending (credentials, an
//! interceptor's stop, a header the call may not set), not what its retry
//! loop knows about the attempts. So the hooks go, with their trait and
//! `OperationInfo`, and `send()` calls
//! `client.inner.send(request, "<operation id>", overrides)`, whose error is
//! already the operation's `Error` (`nttcom_runtime::OperationError`).
//! ([`super::overrides`] adds the `overrides` the call was given.)
//!
//! The URL, too, comes from the runtime: `format!("{}/orders/{}",
//! client.baseurl, …)` formats the base URL into a string that reqwest then
//! parses whole (scheme, host, port) on every call; `client.inner.url(path)`
//! puts the path under the base URL parsed once, when the client was built.

use quote::quote;

use super::attrs::{impl_self_ident, module_mut};
use crate::model::Spec;

/// Applies the pass to the whole client module.
pub fn reshape(file: &mut syn::File, spec: &Spec) -> Result<(), String> {
    no_hooks(&mut file.items);
    for item in module_mut(file, "builder")?.iter_mut() {
        let syn::Item::Impl(block) = item else {
            continue;
        };
        if block.trait_.is_some() {
            continue;
        }
        let Some(op) = impl_self_ident(block).and_then(|b| spec.operation_for_builder(&b)) else {
            continue;
        };
        for member in &mut block.items {
            if let syn::ImplItem::Fn(function) = member
                && function.sig.ident == "send"
            {
                runtime_send(function, &op.id).map_err(|e| format!("{}: `send()`: {e}", op.id))?;
            }
        }
    }
    imports(file)?;
    Ok(())
}

/// Rewrites the statements of one `send()`.
fn runtime_send(function: &mut syn::ImplItemFn, id: &str) -> Result<(), String> {
    let statements = std::mem::take(&mut function.block.stmts);
    let mut sent = false;
    for mut statement in statements {
        if binds(&statement, "info") || hook_call(&statement).is_some() {
            continue;
        }
        if let syn::Stmt::Local(local) = &mut statement
            && let Some(init) = &mut local.init
            && calls(&init.expr, "exec")
        {
            *init.expr = syn::parse_quote!(client.inner.send(request, #id, overrides).await);
            sent = true;
        }
        if binds(&statement, "url")
            && let syn::Stmt::Local(local) = &mut statement
            && let Some(init) = &mut local.init
        {
            *init.expr = runtime_url(&init.expr)?;
        }
        if binds(&statement, "request")
            && let syn::Stmt::Local(local) = &mut statement
        {
            // `#[allow(unused_mut)] let mut request`: nothing changes it now.
            local.attrs.clear();
            if let syn::Pat::Ident(pattern) = &mut local.pat {
                pattern.mutability = None;
            }
        }
        function.block.stmts.push(statement);
    }
    if !sent {
        return Err("no `client.exec(request, &info)` to replace".to_owned());
    }
    Ok(())
}

/// `format!("{}/a/{}", client.baseurl, x)` → `client.inner.url(&format!("/a/{}", x))`,
/// or `client.inner.url("/a")` for a path without parameters.
fn runtime_url(expr: &syn::Expr) -> Result<syn::Expr, String> {
    let unexpected = || "the URL is not `format!(\"{}…\", client.baseurl, …)`".to_owned();
    let syn::Expr::Macro(mac) = expr else {
        return Err(unexpected());
    };
    let args = mac
        .mac
        .parse_body_with(syn::punctuated::Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated)
        .map_err(|_| unexpected())?;
    let mut args = args.into_iter();
    let (
        Some(syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(template),
            ..
        })),
        Some(base),
    ) = (args.next(), args.next())
    else {
        return Err(unexpected());
    };
    let baseurl = quote!(#base).to_string().replace(' ', "") == "client.baseurl";
    let Some(path) = template.value().strip_prefix("{}").map(str::to_owned) else {
        return Err(unexpected());
    };
    if !mac.mac.path.is_ident("format") || !baseurl {
        return Err(unexpected());
    }
    let rest: Vec<syn::Expr> = args.collect();
    Ok(if rest.is_empty() {
        syn::parse_quote!(client.inner.url(#path))
    } else {
        syn::parse_quote!(client.inner.url(&format!(#path, #(#rest),*)))
    })
}

/// Whether `statement` is `let <name> = …;` (or `let mut <name> = …;`).
fn binds(statement: &syn::Stmt, name: &str) -> bool {
    matches!(statement, syn::Stmt::Local(local)
        if matches!(&local.pat, syn::Pat::Ident(p) if p.ident == name))
}

/// `client.pre(…).await?;` or `client.post(…).await?;`.
fn hook_call(statement: &syn::Stmt) -> Option<&'static str> {
    let syn::Stmt::Expr(expr, Some(_)) = statement else {
        return None;
    };
    ["pre", "post"].into_iter().find(|hook| calls(expr, hook))
}

/// Whether `expr` is `client.<method>(…)`, awaited and tried or not.
fn calls(expr: &syn::Expr, method: &str) -> bool {
    let mut expr = expr;
    loop {
        match expr {
            syn::Expr::Try(e) => expr = &e.expr,
            syn::Expr::Await(e) => expr = &e.base,
            syn::Expr::MethodCall(call) => {
                return call.method == method
                    && matches!(&*call.receiver, syn::Expr::Path(p) if p.path.is_ident("client"));
            }
            _ => return false,
        }
    }
}

/// Drops progenitor's check that `Client` implements `ClientHooks` (it no
/// longer needs to): `const _: () = { fn assert_client_hooks() … };`.
fn no_hooks(items: &mut Vec<syn::Item>) {
    items.retain(|item| match item {
        syn::Item::Const(c) => !quote!(#c).to_string().contains("assert_client_hooks"),
        _ => true,
    });
}

/// `ClientHooks` and `OperationInfo` leave the imports of the client and of
/// `mod builder`.
fn imports(file: &mut syn::File) -> Result<(), String> {
    let mut found = 0;
    let mut edit = |items: &mut Vec<syn::Item>| {
        for item in items.iter_mut() {
            if let syn::Item::Use(u) = item
                && let Some(group) = group_mut(&mut u.tree)
            {
                let before = group.items.len();
                group.items = std::mem::take(&mut group.items)
                    .into_iter()
                    .filter(|tree| {
                        !matches!(tree, syn::UseTree::Name(n)
                            if n.ident == "ClientHooks" || n.ident == "OperationInfo")
                    })
                    .collect();
                found += before - group.items.len();
            }
        }
    };
    edit(&mut file.items);
    edit(module_mut(file, "builder")?);
    if found == 0 {
        return Err(
            "progenitor's imports of `ClientHooks` and `OperationInfo` were not found".into(),
        );
    }
    Ok(())
}

/// The `{…}` of `use a::b::{…};`.
fn group_mut(tree: &mut syn::UseTree) -> Option<&mut syn::UseGroup> {
    match tree {
        syn::UseTree::Path(path) => group_mut(&mut path.tree),
        syn::UseTree::Group(group) => Some(group),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hooks_give_way_to_the_runtime() {
        let mut function: syn::ImplItemFn = syn::parse_quote! {
            pub async fn send(self) -> Result<ResponseValue<()>, Error<()>> {
                let Self { client, overrides } = self;
                let url = format!("{}/things/{}", client.baseurl, encode_path(&id.to_string()),);
                #[allow(unused_mut)]
                let mut request = client.client.get(url).build()?;
                let info = OperationInfo { operation_id: "list_things" };
                client.pre(&mut request, &info).await?;
                let result = client.exec(request, &info).await;
                client.post(&result, &info).await?;
                let response = result?;
                match response.status().as_u16() {
                    _ => Err(Error::UnexpectedResponse(response)),
                }
            }
        };
        runtime_send(&mut function, "list_things").unwrap();
        let text = quote!(#function).to_string();
        for gone in [
            "info",
            "pre",
            "post",
            "exec",
            "allow",
            "mut request",
            "baseurl",
        ] {
            assert!(!text.contains(gone), "{gone}: {text}");
        }
        assert!(
            text.contains(
                "let result = client . inner . send (request , \"list_things\" , overrides) . await ;"
            ),
            "{text}"
        );
        assert!(
            text.contains(
                "let url = client . inner . url (& format ! (\"/things/{}\" , encode_path (& id . to_string ()))) ;"
            ),
            "{text}"
        );
    }

    #[test]
    fn a_path_without_parameters_is_a_literal() {
        let url: syn::Expr = syn::parse_quote!(format!("{}/things", client.baseurl,));
        let url = runtime_url(&url).unwrap();
        assert_eq!(
            quote!(#url).to_string(),
            "client . inner . url (\"/things\")"
        );
    }
}
