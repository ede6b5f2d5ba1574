//! Passes over the request builders (`mod builder`): what an operation
//! checks before sending, and how its failures reach the caller.

use quote::{format_ident, quote};
use syn::visit_mut::VisitMut;

use std::collections::BTreeMap;

use super::attrs::{inner_type, is_plain, module_mut};
use crate::model::{Operation, Schema, Spec};

/// The fields of each request builder struct: builder → (field → the type
/// of its value, `T` of `Result<T, String>`).
type BuilderFields = BTreeMap<String, BTreeMap<String, syn::Type>>;

/// Applies every operation pass.
pub fn reshape(file: &mut syn::File, spec: &Spec) -> Result<(), String> {
    typed_error_export(file)?;
    let builders = module_mut(file, "builder")?;
    let fields = builder_fields(builders);
    for item in builders.iter_mut() {
        let syn::Item::Impl(block) = item else {
            continue;
        };
        let Some(builder) = builder_name(block) else {
            continue;
        };
        let Some(op) = spec.operation_for_builder(&builder) else {
            continue;
        };
        let no_fields = BTreeMap::new();
        let fields = fields.get(&builder).unwrap_or(&no_fields);
        for member in &mut block.items {
            let syn::ImplItem::Fn(function) = member else {
                continue;
            };
            match function.sig.ident.to_string().as_str() {
                "send" => {
                    typed_errors(function)?;
                    request_validation(function, op, spec, fields)?;
                    no_api_version_header(function);
                }
                "new" => unset_messages(function, op),
                name => setter_messages(function, op, name),
            }
        }
    }
    Ok(())
}

/// The value types of every builder's fields.
fn builder_fields(items: &[syn::Item]) -> BuilderFields {
    items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Struct(s) => Some(s),
            _ => None,
        })
        .map(|s| {
            let fields = s
                .fields
                .iter()
                .filter_map(|f| {
                    let value = inner_type(&f.ty, "Result")?.clone();
                    Some((f.ident.as_ref()?.to_string(), value))
                })
                .collect();
            (s.ident.to_string(), fields)
        })
        .collect()
}

/// `ListOrders` for `impl<'a> ListOrders<'a> { … }`.
fn builder_name(block: &syn::ItemImpl) -> Option<String> {
    match (&block.trait_, &*block.self_ty) {
        (None, syn::Type::Path(p)) => p.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}

/// progenitor's `Error<E>` can carry a failed token exchange only as a
/// message (`Error::Custom`). The crate's `Error` is the runtime's
/// `OperationError<E>` instead: the same variants, plus `Credentials` with the
/// typed runtime error (e.g. `TokenExchange { endpoint, status, reason }`).
fn typed_error_export(file: &mut syn::File) -> Result<(), String> {
    let position = file
        .items
        .iter()
        .position(|item| match item {
            syn::Item::Use(u) => {
                let tree = &u.tree;
                quote!(#tree)
                    .to_string()
                    .replace(' ', "")
                    .replace(",}", "}")
                    == "progenitor_client::{ByteStream,ClientInfo,Error,ResponseValue}"
            }
            _ => false,
        })
        .ok_or("progenitor's `pub use progenitor_client::{…, Error, …}` was not found")?;
    file.items[position] = syn::parse_quote!(
        #[allow(unused_imports)]
        pub use progenitor_client::{ByteStream, ClientInfo, ResponseValue};
    );
    file.items.insert(
        position + 1,
        syn::parse_quote!(
            /// What an operation returns on failure: see `nttcom_runtime::OperationError`.
            pub use nttcom_runtime::OperationError as Error;
        ),
    );
    Ok(())
}

/// In `send()`: bodies are decoded by `nttcom_runtime::decode`, whose
/// errors name the JSON path of the fault. (How the request is sent is
/// [`super::direct_send`]'s business.)
fn typed_errors(function: &mut syn::ImplItemFn) -> Result<(), String> {
    let (success, error) = response_types(&function.sig.output)
        .ok_or("`send` does not return `Result<ResponseValue<T>, Error<E>>`")?;
    let mut decode = Decode { success, error };
    decode.visit_block_mut(&mut function.block);
    Ok(())
}

/// Whether `statement` is `let <name> = …;`.
fn binds(statement: &syn::Stmt, name: &str) -> bool {
    matches!(statement, syn::Stmt::Local(local)
        if matches!(&local.pat, syn::Pat::Ident(p) if p.ident == name))
}

/// `T` and `E` of `-> Result<ResponseValue<T>, Error<E>>`.
pub(super) fn response_types(output: &syn::ReturnType) -> Option<(syn::Type, syn::Type)> {
    let syn::ReturnType::Type(_, ty) = output else {
        return None;
    };
    let syn::Type::Path(path) = &**ty else {
        return None;
    };
    let syn::PathArguments::AngleBracketed(args) = &path.path.segments.last()?.arguments else {
        return None;
    };
    let mut types = args.args.iter().filter_map(|a| match a {
        syn::GenericArgument::Type(t) => Some(t),
        _ => None,
    });
    let success = inner_type(types.next()?, "ResponseValue")?.clone();
    let error = inner_type(types.next()?, "Error")?.clone();
    Some((success, error))
}

struct Decode {
    success: syn::Type,
    error: syn::Type,
}

impl VisitMut for Decode {
    fn visit_expr_mut(&mut self, expr: &mut syn::Expr) {
        // `Error::ErrorResponse(ResponseValue::from_response(response).await?)`
        if let syn::Expr::Call(call) = expr
            && path_ends_with(&call.func, &["Error", "ErrorResponse"])
        {
            for arg in &mut call.args {
                replace_from_response(arg, &self.error, &self.error);
            }
            return;
        }
        if replace_from_response(expr, &self.success, &self.error) {
            return;
        }
        syn::visit_mut::visit_expr_mut(self, expr);
    }
}

/// Whether `expr` is a path whose last segments are `segments`.
fn path_ends_with(expr: &syn::Expr, segments: &[&str]) -> bool {
    let syn::Expr::Path(path) = expr else {
        return false;
    };
    let found = &path.path.segments;
    found.len() >= segments.len()
        && found
            .iter()
            .skip(found.len() - segments.len())
            .zip(segments)
            .all(|(s, name)| s.ident == name)
}

/// Rewrites `ResponseValue::from_response(response).await` (possibly with a
/// trailing `?`) into `nttcom_runtime::decode::<T, E>(response).await`.
fn replace_from_response(expr: &mut syn::Expr, success: &syn::Type, error: &syn::Type) -> bool {
    let (awaited, question) = match &*expr {
        syn::Expr::Try(t) => (&*t.expr, true),
        other => (other, false),
    };
    let syn::Expr::Await(awaited) = awaited else {
        return false;
    };
    let syn::Expr::Call(call) = &*awaited.base else {
        return false;
    };
    let from_response = path_ends_with(&call.func, &["ResponseValue", "from_response"])
        && call.args.len() == 1
        && path_ends_with(&call.args[0], &["response"]);
    if !from_response {
        return false;
    }
    *expr = if question {
        syn::parse_quote!(nttcom_runtime::decode::<#success, #error>(response).await?)
    } else {
        syn::parse_quote!(nttcom_runtime::decode::<#success, #error>(response).await)
    };
    true
}

/// Strict on what we send: before the request is built, every parameter
/// and the body are checked against the spec (patterns, lengths, enum
/// values, ranges, formats, required properties); a failure is
/// `Error::InvalidRequest` naming the field, and nothing is sent. A plain
/// value (a string, a number) that the spec gives no rules has nothing to
/// check, and gets no call (a typed value always does: its type checks its
/// pattern, its enum values, its format).
fn request_validation(
    function: &mut syn::ImplItemFn,
    op: &Operation,
    spec: &Spec,
    fields: &BTreeMap<String, syn::Type>,
) -> Result<(), String> {
    let variables = destructured(function);
    let mut checks: Vec<syn::Stmt> = Vec::new();
    for parameter in &op.parameters {
        let variable = parameter.rust_name();
        if !variables.contains(&variable) {
            return Err(format!(
                "{}: no variable `{variable}` for parameter `{}` in the generated `send()`",
                op.id, parameter.name
            ));
        }
        let rules = rules(spec, parameter.schema.as_ref(), false);
        if rules.is_none() && fields.get(&variable).is_some_and(is_plain) {
            continue;
        }
        let rules = rules.unwrap_or_else(no_rules);
        let variable = format_ident!("{variable}");
        let name = &parameter.name;
        checks.push(syn::parse_quote!(
            nttcom_runtime::validate::param(#name, &#variable, &#rules).map_err(Error::InvalidRequest)?;
        ));
    }
    if op.request_body.is_some() && variables.iter().any(|v| v == "body") {
        checks.push(syn::parse_quote!(
            nttcom_runtime::validate::body(&body).map_err(Error::InvalidRequest)?;
        ));
    }
    // After the last `let x = x.map_err(Error::InvalidRequest)?;` (or the
    // body's conversion), before the URL is built.
    let position = function
        .block
        .stmts
        .iter()
        .position(|s| binds(s, "url"))
        .ok_or_else(|| format!("{}: no `let url` in the generated `send()`", op.id))?;
    function.block.stmts.splice(position..position, checks);
    Ok(())
}

/// progenitor sends an `api-version` header (the spec's `info.version`) with
/// every request; these APIs never asked for it, and each request pays for
/// a header map to carry it. Drop it, and the map when nothing else goes in.
fn no_api_version_header(function: &mut syn::ImplItemFn) {
    let stmts = &mut function.block.stmts;
    let before = stmts.len();
    stmts.retain(|s| !appends_api_version(s));
    if stmts.len() == before {
        return;
    }
    let Some(declared) = stmts.iter().position(|s| binds(s, "header_map")) else {
        return;
    };
    // Header parameters: appended directly, or inside `if let Some(…)`.
    let mut appends = HeaderAppends(0);
    for stmt in stmts.iter_mut() {
        appends.visit_stmt_mut(stmt);
    }
    let others = appends.0;
    if others == 0 {
        stmts.remove(declared);
        NoHeaderMap.visit_block_mut(&mut function.block);
        return;
    }
    if let syn::Stmt::Local(local) = &mut stmts[declared]
        && let Some(init) = &mut local.init
    {
        let capacity = syn::LitInt::new(&format!("{others}usize"), proc_macro2::Span::call_site());
        *init.expr = syn::parse_quote!(::reqwest::header::HeaderMap::with_capacity(#capacity));
    }
}

/// `header_map.append(HeaderName::from_static("api-version"), …);`
fn appends_api_version(stmt: &syn::Stmt) -> bool {
    let syn::Stmt::Expr(syn::Expr::MethodCall(call), _) = stmt else {
        return false;
    };
    call.method == "append"
        && path_ends_with(&call.receiver, &["header_map"])
        && call.args.first().is_some_and(|name| {
            quote!(#name)
                .to_string()
                .ends_with("from_static (\"api-version\")")
        })
}

/// Counts `header_map.append(…)` calls.
struct HeaderAppends(usize);

impl VisitMut for HeaderAppends {
    fn visit_expr_method_call_mut(&mut self, call: &mut syn::ExprMethodCall) {
        if call.method == "append" && path_ends_with(&call.receiver, &["header_map"]) {
            self.0 += 1;
        }
        syn::visit_mut::visit_expr_method_call_mut(self, call);
    }
}

/// Removes `.headers(header_map)` from the request builder's chain.
struct NoHeaderMap;

impl VisitMut for NoHeaderMap {
    fn visit_expr_mut(&mut self, expr: &mut syn::Expr) {
        syn::visit_mut::visit_expr_mut(self, expr);
        if let syn::Expr::MethodCall(call) = expr
            && call.method == "headers"
            && call.args.len() == 1
            && path_ends_with(&call.args[0], &["header_map"])
        {
            *expr = (*call.receiver).clone();
        }
    }
}

/// The names bound by `let Self { client, a, b } = self;`.
fn destructured(function: &syn::ImplItemFn) -> Vec<String> {
    function
        .block
        .stmts
        .iter()
        .find_map(|s| match s {
            syn::Stmt::Local(local) => match &local.pat {
                syn::Pat::Struct(p) => Some(
                    p.fields
                        .iter()
                        .map(|f| {
                            let member = &f.member;
                            quote!(#member).to_string()
                        })
                        .collect(),
                ),
                _ => None,
            },
            _ => None,
        })
        .unwrap_or_default()
}

/// The `nttcom_runtime::validate::Rules` a schema states where it is used
/// (a parameter's range, a property's `required`), as a Rust expression;
/// `None` when it states none. Constraints the value's type carries itself
/// (a string newtype's pattern and lengths, an enum's values) are its own
/// `Validate`'s business.
pub fn rules(
    spec: &Spec,
    schema: Option<&Schema>,
    required: bool,
) -> Option<proc_macro2::TokenStream> {
    let resolved = schema.map(|s| spec.resolve(s)).unwrap_or_default();
    let mut fields = Vec::new();
    if required {
        fields.push(quote!(required: true));
    }
    let float = |f: f64| quote!(Some(#f));
    if let Some(minimum) = resolved.minimum {
        fields.push({
            let m = float(minimum);
            quote!(minimum: #m)
        });
    }
    if let Some(maximum) = resolved.maximum {
        let m = float(maximum);
        fields.push(quote!(maximum: #m));
    }
    if resolved.exclusive_minimum {
        fields.push(quote!(exclusive_minimum: true));
    }
    if resolved.exclusive_maximum {
        fields.push(quote!(exclusive_maximum: true));
    }
    let count = |n: Option<u64>| n.map(|n| usize::try_from(n).unwrap_or(usize::MAX));
    if let Some(format) = resolved
        .format
        .filter(|f| matches!(*f, "ipv4" | "ipv6" | "email" | "uuid"))
    {
        fields.push(quote!(format: Some(#format)));
    }
    if let Some(n) = count(resolved.min_items) {
        fields.push(quote!(min_items: Some(#n)));
    }
    if let Some(n) = count(resolved.max_items) {
        fields.push(quote!(max_items: Some(#n)));
    }
    if let Some(item_rules) = resolved
        .items
        .and_then(|items| rules(spec, Some(items), false))
    {
        fields.push(quote!(items: Some(&#item_rules)));
    }
    (!fields.is_empty()).then(|| {
        quote!(nttcom_runtime::validate::Rules { #(#fields,)* ..nttcom_runtime::validate::Rules::NONE })
    })
}

/// `nttcom_runtime::validate::Rules::NONE`: no rule.
pub fn no_rules() -> proc_macro2::TokenStream {
    quote!(nttcom_runtime::validate::Rules::NONE)
}

/// progenitor's setters drop the conversion error and name the Rust field:
/// "conversion to `TenantId` for tenant_id failed". Say why, under the
/// parameter's own name, as the request checks do: "tenantId: doesn't match
/// pattern …". (The setter then needs the error to be `Display`, as every
/// conversion the generated types offer is.)
fn setter_messages(function: &mut syn::ImplItemFn, op: &Operation, setter: &str) {
    let Some(parameter) = op.parameters.iter().find(|p| p.rust_name() == setter) else {
        return;
    };
    let Some(where_clause) = &mut function.sig.generics.where_clause else {
        return;
    };
    let target = where_clause
        .predicates
        .iter()
        .find_map(|predicate| match predicate {
            syn::WherePredicate::Type(t)
                if quote!(#t)
                    .to_string()
                    .starts_with("V : std :: convert :: TryInto <") =>
            {
                t.bounds.first().cloned()
            }
            _ => None,
        });
    let Some(bound) = target else {
        return;
    };
    where_clause
        .predicates
        .push(syn::parse_quote!(<V as #bound>::Error: std::fmt::Display));
    let name = &parameter.name;
    let mut messages = ConversionMessage {
        closure: syn::parse_quote!(|e| format!("{}: {}", #name, e)),
    };
    messages.visit_block_mut(&mut function.block);
}

/// Replaces the closure of `.map_err(|_| …)`.
struct ConversionMessage {
    closure: syn::Expr,
}

impl VisitMut for ConversionMessage {
    fn visit_expr_method_call_mut(&mut self, call: &mut syn::ExprMethodCall) {
        syn::visit_mut::visit_expr_method_call_mut(self, call);
        if call.method == "map_err"
            && let Some(syn::Expr::Closure(closure)) = call.args.first()
            && quote!(#closure).to_string().starts_with("| _ |")
        {
            call.args[0] = self.closure.clone();
        }
    }
}

/// A required parameter not set: "pageSize: required, but not set" (as the
/// request checks say) rather than "page_size was not initialized".
fn unset_messages(function: &mut syn::ImplItemFn, op: &Operation) {
    for parameter in &op.parameters {
        let message = format!("{}: required, but not set", parameter.name);
        let mut unset = UnsetMessage {
            old: format!("{} was not initialized", parameter.rust_name()),
            new: syn::LitStr::new(&message, proc_macro2::Span::call_site()),
        };
        unset.visit_block_mut(&mut function.block);
    }
}

struct UnsetMessage {
    old: String,
    new: syn::LitStr,
}

impl VisitMut for UnsetMessage {
    fn visit_lit_str_mut(&mut self, literal: &mut syn::LitStr) {
        if literal.value() == self.old {
            *literal = self.new.clone();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A `send()` as progenitor writes it, with `headers` appended after
    /// the `api-version` header.
    fn send(headers: &str) -> syn::ImplItemFn {
        syn::parse_str(&format!(
            r#"pub async fn send(self) -> Result<ResponseValue<()>, Error<()>> {{
                let url = format!("{{}}/things", client.baseurl);
                let mut header_map = ::reqwest::header::HeaderMap::with_capacity({}usize);
                header_map.append(
                    ::reqwest::header::HeaderName::from_static("api-version"),
                    ::reqwest::header::HeaderValue::from_static(super::Client::api_version()),
                );
                {headers}
                let mut request = client.client.get(url).headers(header_map).build()?;
                client.exec(request, &info).await
            }}"#,
            1 + headers.matches("append").count()
        ))
        .expect("a function")
    }

    fn text(function: &syn::ImplItemFn) -> String {
        quote!(#function).to_string()
    }

    #[test]
    fn the_api_version_header_goes_with_its_map() {
        let mut function = send("");
        no_api_version_header(&mut function);
        let text = text(&function);
        assert!(!text.contains("api-version"), "{text}");
        assert!(!text.contains("header_map"), "{text}");
        assert!(
            text.contains("client . client . get (url) . build () ?"),
            "{text}"
        );
    }

    #[test]
    fn other_headers_keep_a_smaller_map() {
        let mut function = send(
            r#"if let Some(value) = request_id { header_map.append("X-Request-Id", value.to_string().try_into()?); }"#,
        );
        no_api_version_header(&mut function);
        let text = text(&function);
        assert!(!text.contains("api-version"), "{text}");
        assert!(text.contains("with_capacity (1usize)"), "{text}");
        assert!(text.contains(". headers (header_map)"), "{text}");
    }

    #[test]
    fn plain_values_without_rules_get_no_check() {
        let raw = serde_json::json!({"paths": {"/things": {"get": {
            "operationId": "list_things",
            "parameters": [
                {"name": "note", "in": "query", "schema": {"type": "string"}},
                {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
                {"name": "kind", "in": "query", "schema": {"type": "string"}}
            ]
        }}}});
        let spec = crate::model::from_value("s.yaml", "s", raw).spec;
        let mut function: syn::ImplItemFn = syn::parse_quote! {
            pub async fn send(self) -> Result<ResponseValue<()>, Error<()>> {
                let Self { client, note, page, kind } = self;
                let url = format!("{}/things", client.baseurl);
            }
        };
        let fields: BTreeMap<String, syn::Type> = [
            ("note", syn::parse_quote!(Option<::std::string::String>)),
            ("page", syn::parse_quote!(Option<i64>)),
            // An open enum checks its own values: it keeps its call.
            ("kind", syn::parse_quote!(Option<types::Kind>)),
        ]
        .into_iter()
        .map(|(name, ty)| (name.to_owned(), ty))
        .collect();
        request_validation(&mut function, &spec.operations[0], &spec, &fields).expect("passes");
        let text = text(&function);
        assert!(!text.contains("\"note\""), "{text}");
        assert!(text.contains("param (\"page\" , & page"), "{text}");
        assert!(text.contains("param (\"kind\" , & kind"), "{text}");
    }
}
