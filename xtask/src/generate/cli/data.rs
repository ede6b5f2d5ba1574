//! `pub static SERVICE: ServiceSpec`: what a command module tells the CLI's
//! core about its service (see `crates/nttcom-cli/src/spec.rs`), every value
//! taken from the model. Fields a parameter leaves at their default are not
//! written (`..ParamSpec::DEFAULT`), so the module spells out only what the
//! spec says.

use proc_macro2::{Literal, TokenStream};
use quote::quote;
use serde_json::Value;

use crate::model::extensions::{ClientDefault, PageStyle, TokenExchange};
use crate::model::{Auth, Location, Operation, Parameter, Schema, Spec};

use super::{first_sentence, flag, kebab};

/// The `SERVICE` static.
pub fn service(spec: &Spec) -> TokenStream {
    let slug = &spec.slug;
    let title = &spec.title;
    let version = &spec.api_version;
    let description = spec.description.trim();
    let auth = auth(spec);
    let operations = spec.operations.iter().map(|op| operation(spec, op));
    quote! {
        pub static SERVICE: ServiceSpec = ServiceSpec {
            slug: #slug,
            title: #title,
            api_version: #version,
            description: #description,
            auth: #auth,
            operations: &[#(#operations),*],
        };
    }
}

/// Where the token travels and how it is obtained.
fn auth(spec: &Spec) -> TokenStream {
    match (&spec.token_exchange, &spec.auth) {
        (Some(TokenExchange::Keystone { .. }), _) => quote!(AuthSpec::Keystone),
        (Some(TokenExchange::ClientCredentials { .. }), _) => quote!(AuthSpec::ClientCredentials),
        (None, Auth::Header { name, .. }) => quote!(AuthSpec::Header(#name)),
        (None, Auth::Bearer { .. }) => quote!(AuthSpec::Bearer),
    }
}

fn operation(spec: &Spec, op: &Operation) -> TokenStream {
    let name = kebab(&op.id);
    let id = &op.id;
    let title = &op.summary;
    let description = op.description.trim();
    let summary = match first_sentence(description) {
        "" => title.as_str(),
        sentence => sentence,
    };
    let method = op.method.as_str();
    let path = &op.path;
    let provenance = op.provenance.map_or("", |p| p.as_str());
    let authenticated = op.authenticated();
    let parameters = parameters(spec, op);
    let body = match op.body() {
        Some((schema, required)) => {
            let schema = schema.body_name().unwrap_or_else(|| "JSON".to_owned());
            quote!(Some(BodySpec { required: #required, schema: #schema }))
        }
        None => quote!(None),
    };
    let mut errors: Vec<_> = op
        .responses()
        .filter_map(|r| Some((r.code().filter(|c| *c >= 400)?, r)))
        .collect();
    errors.sort_by_key(|(code, _)| *code);
    let errors = errors.into_iter().map(|(code, response)| {
        let status = Literal::u16_unsuffixed(code);
        let description = response.description.as_deref().unwrap_or_default().trim();
        quote!(ErrorSpec { status: #status, description: #description })
    });
    let paged = optional(op.pagination.as_ref().map(|p| {
        let (style, cursor, size) = match &p.style {
            PageStyle::PageNumber { page, page_size } => {
                (quote!(PageStyle::PageNumber), page, page_size)
            }
            PageStyle::Offset { offset, limit } => (quote!(PageStyle::Offset), offset, limit),
        };
        let items = optional(p.items.as_ref().map(|i| quote!(#i)));
        quote!(PagedSpec { style: #style, cursor: #cursor, size: Some(#size), items: #items })
    }));
    let waiter = optional(super::waiter(spec, op).map(|(polled, w)| {
        let name = &w.name;
        let polls = kebab(&polled.id);
        let status = &w.status;
        let (pending, success, failure) = (&w.pending, &w.success, &w.failure);
        let gone = w.not_found_succeeds == Some(true);
        quote! {
            WaiterSpec {
                name: #name,
                polls: #polls,
                status: #status,
                pending: &[#(#pending),*],
                success: &[#(#success),*],
                failure: &[#(#failure),*],
                gone_is_success: #gone,
            }
        }
    }));
    quote! {
        OperationSpec {
            name: #name,
            operation_id: #id,
            title: #title,
            summary: #summary,
            description: #description,
            method: #method,
            path: #path,
            provenance: #provenance,
            authenticated: #authenticated,
            parameters: &[#(#parameters),*],
            body: #body,
            errors: &[#(#errors),*],
            paged: #paged,
            waiter: #waiter,
        }
    }
}

fn optional(value: Option<TokenStream>) -> TokenStream {
    match value {
        Some(value) => quote!(Some(#value)),
        None => quote!(None),
    }
}

fn parameters(spec: &Spec, op: &Operation) -> Vec<TokenStream> {
    op.parameters.iter().map(|p| parameter(spec, p)).collect()
}

/// One `ParamSpec`, with only the fields that differ from its `DEFAULT`.
fn parameter(spec: &Spec, param: &Parameter) -> TokenStream {
    let facts = Facts::of(spec, param);
    let flag = flag(param);
    let name = &param.name;
    let mut fields = vec![quote!(flag: #flag), quote!(name: #name)];
    match param.location {
        Location::Path => fields.push(quote!(location: Location::Path)),
        Location::Header => fields.push(quote!(location: Location::Header)),
        // The lint refuses cookies; a query parameter is the default.
        Location::Query | Location::Cookie => {}
    }
    if param.required {
        fields.push(quote!(required: true));
    }
    if let Some(ClientDefault::Tenant) = param.client_default {
        fields.push(quote!(client_default: Some(ClientDefault::Tenant)));
    }
    if facts.multiple {
        fields.push(quote!(multiple: true));
    }
    if facts.type_name != "string" {
        let type_name = &facts.type_name;
        fields.push(quote!(type_name: #type_name));
    }
    if let Some(format) = facts.format {
        fields.push(quote!(format: Some(#format)));
    }
    if !facts.enum_values.is_empty() {
        let values = &facts.enum_values;
        fields.push(quote!(enum_values: &[#(#values),*]));
    }
    if let Some(pattern) = facts.pattern {
        fields.push(quote!(pattern: Some(#pattern)));
    }
    if let Some(minimum) = facts.minimum {
        let minimum = Literal::f64_unsuffixed(minimum);
        fields.push(quote!(minimum: Some(#minimum)));
    }
    if let Some(maximum) = facts.maximum {
        let maximum = Literal::f64_unsuffixed(maximum);
        fields.push(quote!(maximum: Some(#maximum)));
    }
    if let Some(length) = facts.min_length {
        let length = Literal::u64_unsuffixed(length);
        fields.push(quote!(min_length: Some(#length)));
    }
    if let Some(length) = facts.max_length {
        let length = Literal::u64_unsuffixed(length);
        fields.push(quote!(max_length: Some(#length)));
    }
    if let Some(default) = &facts.default {
        fields.push(quote!(default: Some(#default)));
    }
    if !facts.description.is_empty() {
        let description = &facts.description;
        fields.push(quote!(description: #description));
    }
    quote!(ParamSpec { #(#fields,)* ..ParamSpec::DEFAULT })
}

/// What the spec says about a parameter's values: of each value, for a list.
pub struct Facts<'a> {
    pub multiple: bool,
    /// `string`, `integer`, `number`, `boolean`, or the named schema.
    pub type_name: String,
    pub format: Option<&'a str>,
    pub enum_values: Vec<String>,
    pub pattern: Option<&'a str>,
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub default: Option<String>,
    pub description: String,
}

impl<'a> Facts<'a> {
    pub fn of(spec: &'a Spec, param: &'a Parameter) -> Self {
        let written = param.schema.as_ref();
        let outer = written.map(|s| spec.resolve(s));
        let list = outer.as_ref().filter(|r| r.ty == Some("array"));
        let value: Option<&Schema> = match list {
            Some(list) => list.items,
            None => written,
        };
        let resolved = value.map(|s| spec.resolve(s)).unwrap_or_default();
        let type_name = match (value.and_then(|v| v.reference.as_deref()), resolved.ty) {
            (Some(name), _) => name.to_owned(),
            (None, Some(ty @ ("integer" | "number" | "boolean"))) => ty.to_owned(),
            _ => "string".to_owned(),
        };
        let enum_values = resolved
            .enum_values
            .unwrap_or_default()
            .iter()
            .filter_map(|v| match v {
                Value::Null => None,
                Value::String(text) => Some(text.clone()),
                other => Some(other.to_string()),
            })
            .collect();
        let default = written
            .and_then(|s| s.default.as_ref().or(spec.target(s).default.as_ref()))
            .map(|v| match v {
                Value::String(text) => text.clone(),
                other => other.to_string(),
            });
        let description = match param.description.trim() {
            "" => written
                .and_then(|s| spec.target(s).description.as_deref())
                .unwrap_or_default()
                .trim()
                .to_owned(),
            text => text.to_owned(),
        };
        Facts {
            multiple: list.is_some(),
            type_name,
            format: resolved.format,
            enum_values,
            pattern: resolved.pattern,
            minimum: resolved.minimum,
            maximum: resolved.maximum,
            min_length: resolved.min_length,
            max_length: resolved.max_length,
            default,
            description,
        }
    }
}
