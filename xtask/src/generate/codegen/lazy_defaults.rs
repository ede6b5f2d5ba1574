//! Pass: defaults are made when `send()` needs them, not when the builder is.
//!
//! progenitor's `new()` fills each builder field with its starting value,
//! and the passes give two fields one that costs work on every call:
//! - a parameter with `x-client-default` (`tenantId`) starts as the client's
//!   tenant, parsed and checked, or as the message saying that there is none
//!   (a string of some 200 bytes);
//! - a request body starts as its type's builder with every field's "no
//!   value supplied" message (one string per required property).
//!
//! Most calls set both, so the work is thrown away. Here such a field starts
//! *unset*, `Err(String::new())` (a setter's error always names its
//! parameter, so it is never empty, and an empty `String` does not allocate),
//! and `send()` (or `body_map`, which needs a body to change) makes the
//! default then. What a call sends and every message stay the same.

use syn::visit_mut::VisitMut;

use super::attrs::{impl_self_ident, module_mut};
use crate::model::extensions::ClientDefault;
use crate::model::{Operation, Spec};

/// Applies the pass to every operation builder.
pub fn reshape(file: &mut syn::File, spec: &Spec) -> Result<(), String> {
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
        let fields = lazy_fields(op);
        if fields.is_empty() && op.request_body.is_none() {
            continue;
        }
        // `new` comes first: it tells whether the body starts unset.
        let mut lazy_body = false;
        for member in &mut block.items {
            let syn::ImplItem::Fn(function) = member else {
                continue;
            };
            match function.sig.ident.to_string().as_str() {
                "new" => {
                    let mut unset = Unset {
                        fields: &fields,
                        body: false,
                    };
                    unset.visit_block_mut(&mut function.block);
                    lazy_body = unset.body;
                }
                "body_map" if lazy_body => BodyMap.visit_block_mut(&mut function.block),
                "send" => {
                    send(function, &fields, lazy_body).map_err(|e| format!("{}: {e}", op.id))?
                }
                _ => {}
            }
        }
    }
    Ok(())
}

/// The fields whose default is deferred, with the expression making it.
fn lazy_fields(op: &Operation) -> Vec<(String, syn::Expr)> {
    op.parameters
        .iter()
        .filter(|p| p.client_default == Some(ClientDefault::Tenant))
        .map(|parameter| {
            let name = &parameter.name;
            let field = parameter.rust_name();
            let missing = format!(
                "{name} is not set: call `.{field}(…)`, or give the client a tenant \
                 (`.keystone(…)`, `.tenant_id(…)` on the client builder, or NTTCOM_TENANT_ID \
                 with `.from_env()`)"
            );
            let invalid = format!("the client's tenant id `{{tenant}}` is not a valid {name}");
            let default: syn::Expr = syn::parse_quote! {
                match client.inner.tenant_id() {
                    Some(tenant) => tenant.try_into().map_err(|_| format!(#invalid)),
                    None => Err(#missing.to_string()),
                }
            };
            (field, default)
        })
        .collect()
}

/// The starting values of `new()`: deferred fields, and a body builder,
/// start unset.
struct Unset<'a> {
    fields: &'a [(String, syn::Expr)],
    body: bool,
}

impl VisitMut for Unset<'_> {
    fn visit_field_value_mut(&mut self, field: &mut syn::FieldValue) {
        let syn::Member::Named(member) = &field.member else {
            return;
        };
        let deferred = self.fields.iter().any(|(name, _)| member == name);
        let body = member == "body" && is_ok_default(&field.expr);
        if deferred || body {
            self.body |= body;
            field.expr = syn::parse_quote!(Err(String::new()));
        }
    }
}

/// `Ok(::std::default::Default::default())`.
fn is_ok_default(expr: &syn::Expr) -> bool {
    let syn::Expr::Call(call) = expr else {
        return false;
    };
    matches!(&*call.func, syn::Expr::Path(p) if p.path.is_ident("Ok"))
        && call.args.len() == 1
        && matches!(&call.args[0], syn::Expr::Call(inner)
            if matches!(&*inner.func, syn::Expr::Path(p)
                if p.path.segments.last().is_some_and(|s| s.ident == "default")))
}

/// The expression `value`, its unset body made the type's default builder.
fn body_or_default(value: syn::Expr) -> syn::Expr {
    syn::parse_quote! {
        match #value {
            Err(unset) if unset.is_empty() => Ok(::std::default::Default::default()),
            set => set,
        }
    }
}

/// `self.body = self.body.map(f);` starts from the default body when none
/// was set.
struct BodyMap;

impl VisitMut for BodyMap {
    fn visit_expr_method_call_mut(&mut self, call: &mut syn::ExprMethodCall) {
        syn::visit_mut::visit_expr_method_call_mut(self, call);
        let on_body = matches!(&*call.receiver, syn::Expr::Field(f)
            if matches!(&f.member, syn::Member::Named(m) if m == "body"));
        if call.method == "map" && on_body {
            let receiver = (*call.receiver).clone();
            *call.receiver = body_or_default(receiver);
        }
    }
}

/// In `send()`, right after `let Self { … } = self;`: each deferred field's
/// default, and the default body, when still unset.
fn send(
    function: &mut syn::ImplItemFn,
    fields: &[(String, syn::Expr)],
    lazy_body: bool,
) -> Result<(), String> {
    let stmts = &mut function.block.stmts;
    let position = stmts
        .iter()
        .position(|s| matches!(s, syn::Stmt::Local(l) if matches!(l.pat, syn::Pat::Struct(_))))
        .ok_or("no `let Self { … } = self;` in the generated `send()`")?;
    let mut defaults: Vec<syn::Stmt> = Vec::new();
    for (name, default) in fields {
        let field = quote::format_ident!("{name}");
        defaults.push(syn::parse_quote! {
            let #field = match #field {
                Err(unset) if unset.is_empty() => #default,
                set => set,
            };
        });
    }
    if lazy_body {
        let body = body_or_default(syn::parse_quote!(body));
        defaults.push(syn::parse_quote!(let body = #body;));
    }
    stmts.splice(position + 1..position + 1, defaults);
    Ok(())
}
