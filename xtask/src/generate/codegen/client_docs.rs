//! Pass: the docs lead with what a user calls.
//!
//! - progenitor's `Client::new(baseurl, inner)` and `new_with_client(…)`
//!   come first on the `Client` page, yet a user cannot call them correctly
//!   (the runtime they take is only made by the builder, for its own base
//!   URL). They go; the first block of `impl Client` is `builder()`, the
//!   default base URL and `runtime()`. (`Service::from_parts` in `lib.rs`
//!   assembles the client itself.)
//! - Each operation's doc says what may come back: its documented answers,
//!   success and error, with the spec's descriptions (`get_order` may answer
//!   404), and how an undocumented one arrives.
//! - Each builder setter is documented from its spec parameter (description,
//!   type and constraints, required or optional, default), and the body
//!   setters from the request body.

use super::attrs::{impl_self_ident, module_mut};
use crate::model::extensions::ClientDefault;
use crate::model::{Location, Operation, Parameter, Spec};

/// Applies the pass.
pub fn reshape(file: &mut syn::File, spec: &Spec) -> Result<(), String> {
    client_block(file, spec)?;
    for item in file.items.iter_mut() {
        let syn::Item::Impl(block) = item else {
            continue;
        };
        if block.trait_.is_none() && impl_self_ident(block).as_deref() == Some("Client") {
            operation_docs(block, spec);
        }
    }
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
        setter_docs(block, op, spec);
    }
    Ok(())
}

/// progenitor's constructors give way to `builder()` and its companions, and
/// the `Client` struct's doc says where to start.
fn client_block(file: &mut syn::File, spec: &Spec) -> Result<(), String> {
    let default_base_url = spec.default_base_url();
    let constructors = file
        .items
        .iter()
        .position(|item| {
            match item {
            syn::Item::Impl(block) => {
                block.trait_.is_none()
                    && impl_self_ident(block).as_deref() == Some("Client")
                    && block.items.iter().any(|member| {
                        matches!(member, syn::ImplItem::Fn(f) if f.sig.ident == "new_with_client")
                    })
            }
            _ => false,
        }
        })
        .ok_or("progenitor's `impl Client { new, new_with_client }` was not found")?;
    file.items[constructors] = syn::parse_quote! {
        impl Client {
            /// Starts configuring a client: credentials, base URL, timeouts,
            /// retries, interceptors. The only way to make one.
            pub fn builder() -> nttcom_runtime::ClientBuilder<Self> {
                nttcom_runtime::ClientBuilder::new()
            }

            /// The production base URL this client talks to unless told otherwise.
            pub const DEFAULT_BASE_URL: &'static str = #default_base_url;

            /// The runtime (credentials, retries) this client sends requests through.
            pub fn runtime(&self) -> &nttcom_runtime::Runtime {
                &self.inner
            }
        }
    };
    let client = file
        .items
        .iter_mut()
        .find_map(|item| match item {
            syn::Item::Struct(s) if s.ident == "Client" => Some(s),
            _ => None,
        })
        .ok_or("progenitor's `struct Client` was not found")?;
    let start = "\nMake one with [`Client::builder()`]; it is cheap to clone (the clones \
                 share their connections, tokens and settings).";
    client.attrs.push(syn::parse_quote!(#[doc = #start]));
    Ok(())
}

/// Appends what may come back to each operation method's doc.
fn operation_docs(block: &mut syn::ItemImpl, spec: &Spec) {
    for member in &mut block.items {
        let syn::ImplItem::Fn(function) = member else {
            continue;
        };
        let Some(op) = spec
            .operations
            .iter()
            .find(|op| function.sig.ident == op.id)
        else {
            continue;
        };
        let text = answers(op);
        function.attrs.push(syn::parse_quote!(#[doc = #text]));
    }
}

/// The "Answers" and "Errors" sections of an operation's doc.
fn answers(op: &Operation) -> String {
    let line = |status: &str, description: Option<&str>| {
        let description = description.map_or_else(String::new, |d| {
            format!(": {}", d.split_whitespace().collect::<Vec<_>>().join(" "))
        });
        format!("- `{status}`{description}\n")
    };
    let mut success = String::new();
    let mut errors = String::new();
    for response in op.responses() {
        match response.code() {
            Some(200..=299) => {
                success.push_str(&line(&response.status, response.description.as_deref()))
            }
            Some(400..=599) => {
                errors.push_str(&line(&response.status, response.description.as_deref()))
            }
            _ => {}
        }
    }
    let mut text = String::from("\n# Answers\n\n");
    text.push_str(&success);
    text.push_str("\n# Errors\n\n");
    if errors.is_empty() {
        text.push_str("The spec documents no error status: any error answer is `Error::UnexpectedResponse`.\n");
    } else {
        let body = op
            .error_body()
            .and_then(|schema| schema.body_name())
            .map_or_else(String::new, |name| format!(", its body a `types::{name}`"));
        text.push_str(&format!(
            "A documented error status is `Error::ErrorResponse`{body}:\n\n{errors}"
        ));
        text.push_str("\nAny other status is `Error::UnexpectedResponse`.\n");
    }
    text.push_str(
        "A value the spec refuses is `Error::InvalidRequest`, and nothing is sent; \
         see `Error` for the other failures.",
    );
    text
}

/// Documents each setter of an operation's builder.
fn setter_docs(block: &mut syn::ItemImpl, op: &Operation, spec: &Spec) {
    for member in &mut block.items {
        let syn::ImplItem::Fn(function) = member else {
            continue;
        };
        let name = function.sig.ident.to_string();
        let doc = match name.as_str() {
            "new" => Some(format!(
                "The builder `client.{}()` returns; call that instead.",
                op.id
            )),
            "body" => op.request_body.as_ref().map(|body| {
                format!(
                    "The request body{}.\n\n{}",
                    if body.required { " (required)" } else { "" },
                    plain(&body.description)
                )
            }),
            "body_map" => Some(
                "Changes the request body with `f`, starting from the current one (the \
                 type's defaults when none is set): `.body_map(|body| body.field(value))`."
                    .to_owned(),
            ),
            _ => op
                .parameters
                .iter()
                .find(|p| p.rust_name() == name)
                .map(|p| parameter_doc(spec, p)),
        };
        if let Some(doc) = doc {
            let lines: Vec<syn::Attribute> = doc
                .trim_end()
                .lines()
                .map(|line| {
                    let line = format!(" {line}");
                    syn::parse_quote!(#[doc = #line])
                })
                .collect();
            let attrs = std::mem::take(&mut function.attrs);
            function.attrs = lines;
            function.attrs.extend(attrs);
        }
    }
}

/// A setter's doc: the description, where the parameter goes, whether it is
/// required, and what the spec allows.
fn parameter_doc(spec: &Spec, parameter: &Parameter) -> String {
    let description = match plain(&parameter.description) {
        d if d.is_empty() => parameter
            .schema
            .as_ref()
            .and_then(|s| spec.target(s).description.as_deref())
            .map(plain)
            .unwrap_or_default(),
        d => d,
    };
    let location = match parameter.location {
        Location::Path => "a path parameter",
        Location::Query => "a query parameter",
        Location::Header => "a header",
        Location::Cookie => "a cookie",
    };
    let need = match (parameter.client_default, parameter.required) {
        (Some(ClientDefault::Tenant), _) => {
            "the client's tenant (`Runtime::tenant_id`) unless set".to_owned()
        }
        (None, true) => "required".to_owned(),
        (None, false) => "optional".to_owned(),
    };
    let default = parameter
        .schema
        .as_ref()
        .and_then(|s| s.default.as_ref().or(spec.target(s).default.as_ref()))
        .map_or_else(String::new, |value| {
            format!("; the service's default: `{value}`")
        });
    let allowed = parameter
        .schema
        .as_ref()
        .map(|schema| constraints(spec, schema))
        .unwrap_or_default();
    let mut doc = String::new();
    if !description.is_empty() {
        doc.push_str(&description);
        doc.push_str("\n\n");
    }
    doc.push_str(&format!(
        "`{}`, {location}: {need}{default}.",
        parameter.name
    ));
    if !allowed.is_empty() {
        doc.push_str(&format!(" {allowed}."));
    }
    doc.push_str(&format!(
        " A value the spec does not allow fails the call with `Error::InvalidRequest` \
         naming `{}`, and nothing is sent.",
        parameter.name
    ));
    doc
}

/// What a schema allows, in words: "A string matching `^[0-9]+$`, 1 to 10
/// characters".
fn constraints(spec: &Spec, schema: &crate::model::Schema) -> String {
    let resolved = spec.resolve(schema);
    let mut kind = match (resolved.ty, resolved.format) {
        (Some("string"), Some("date")) => "A date (`YYYY-MM-DD`)".to_owned(),
        (Some("string"), Some("date-time")) => "A timestamp (RFC 3339)".to_owned(),
        (Some("string"), Some(format)) => format!("A string (`{format}`)"),
        (Some("integer"), _) => "An integer".to_owned(),
        (Some("number"), _) => "A number".to_owned(),
        (Some("boolean"), _) => "`true` or `false`".to_owned(),
        (Some("array"), _) => "A list".to_owned(),
        (Some("string"), None) => "A string".to_owned(),
        _ => "A value".to_owned(),
    };
    if let Some(component) = resolved.component {
        kind = format!("{kind} (`types::{component}`)");
    }
    let mut parts = vec![kind];
    if let Some(values) = resolved.enum_values {
        let values: Vec<String> = values
            .iter()
            .map(|v| match v {
                serde_json::Value::String(s) => format!("`{s}`"),
                other => format!("`{other}`"),
            })
            .collect();
        parts.push(format!("one of {}", values.join(", ")));
    }
    if let Some(pattern) = resolved.pattern {
        parts.push(format!("matching `{pattern}`"));
    }
    match (resolved.min_length, resolved.max_length) {
        (Some(min), Some(max)) if min == max => parts.push(format!("{min} characters")),
        (Some(min), Some(max)) => parts.push(format!("{min} to {max} characters")),
        (Some(min), None) => parts.push(format!("at least {min} characters")),
        (None, Some(max)) => parts.push(format!("at most {max} characters")),
        (None, None) => {}
    }
    let bound = |value: f64, exclusive: bool, word: &str, strict: &str| {
        format!("{} {value}", if exclusive { strict } else { word })
    };
    match (resolved.minimum, resolved.maximum) {
        (Some(min), Some(max)) if !resolved.exclusive_minimum && !resolved.exclusive_maximum => {
            parts.push(format!("from {min} to {max}"));
        }
        (min, max) => {
            if let Some(min) = min {
                parts.push(bound(
                    min,
                    resolved.exclusive_minimum,
                    "at least",
                    "more than",
                ));
            }
            if let Some(max) = max {
                parts.push(bound(
                    max,
                    resolved.exclusive_maximum,
                    "at most",
                    "less than",
                ));
            }
        }
    }
    match (resolved.min_items, resolved.max_items) {
        (Some(min), Some(max)) => parts.push(format!("{min} to {max} items")),
        (Some(min), None) => parts.push(format!("at least {min} items")),
        (None, Some(max)) => parts.push(format!("at most {max} items")),
        (None, None) => {}
    }
    parts.join(", ")
}

/// A description on one paragraph per blank line, as rustdoc reads it.
fn plain(text: &str) -> String {
    text.trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> Spec {
        let raw = serde_json::json!({
            "paths": {"/orders/{orderCode}": {"get": {
                "operationId": "get_order",
                "parameters": [
                    {"name": "orderCode", "in": "path", "required": true,
                     "description": "The order's code.",
                     "schema": {"type": "string", "pattern": "^[A-Z][0-9]{12}$"}},
                    {"name": "limit", "in": "query",
                     "schema": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 100}}
                ],
                "responses": {
                    "200": {"description": "The order."},
                    "404": {"description": "No order\nhas this code."},
                    "429": {"description": "Too many requests."}
                }
            }}}
        });
        crate::model::from_value("s.yaml", "s", raw).spec
    }

    #[test]
    fn an_operation_lists_what_may_come_back() {
        let spec = spec();
        let text = answers(&spec.operations[0]);
        assert!(
            text.contains("# Answers\n\n- `200`: The order.\n"),
            "{text}"
        );
        assert!(
            text.contains("- `404`: No order has this code.\n- `429`: Too many requests.\n"),
            "{text}"
        );
        assert!(
            text.contains("Any other status is `Error::UnexpectedResponse`"),
            "{text}"
        );
    }

    #[test]
    fn a_setter_says_what_its_parameter_is_and_allows() {
        let spec = spec();
        let op = &spec.operations[0];
        let code = parameter_doc(&spec, &op.parameters[0]);
        assert!(
            code.starts_with("The order's code.\n\n`orderCode`, a path parameter: required."),
            "{code}"
        );
        assert!(
            code.contains("A string, matching `^[A-Z][0-9]{12}$`."),
            "{code}"
        );
        let limit = parameter_doc(&spec, &op.parameters[1]);
        assert!(
            limit.starts_with("`limit`, a query parameter: optional; the service's default: `100`. An integer, from 1 to 1000."),
            "{limit}"
        );
    }
}
