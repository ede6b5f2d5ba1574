//! Two models in, the list of what changed out (not yet classified): the
//! service (servers, auth) and operations here, schemas in [`schema`].
//!
//! Named schemas are compared once each; where an operation refers to one,
//! only the reference is compared there, so a change inside `Order` is one
//! finding under `Order`, not one per operation that returns orders.

mod schema;

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::rules::{Kind, Side};
use crate::model::{Auth, Operation, Parameter, Spec};
use schema::compare_schema;
pub use schema::{Ty, View, shape, view};

/// What a change is about.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(tag = "type", content = "name", rename_all = "lowercase")]
pub enum Subject {
    /// Servers, auth, `info.version`, or the whole service.
    Service,
    Operation(String),
    Schema(String),
    /// The generated code as a whole: a change of the generator, not the
    /// spec (see `release::shape`).
    Generator,
}

impl std::fmt::Display for Subject {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Subject::Service => f.write_str("service"),
            Subject::Operation(id) => write!(f, "operation `{id}`"),
            Subject::Schema(name) => write!(f, "schema `{name}`"),
            Subject::Generator => f.write_str("generated code"),
        }
    }
}

/// One change, before classification.
#[derive(Clone, Debug, PartialEq)]
pub struct Found {
    pub kind: Kind,
    pub subject: Subject,
    /// Part of an operation (`parameter `id``, `request body`, `response 200`),
    /// or empty.
    pub place: String,
    /// Field path inside the place or schema, e.g. `orders[].status`.
    pub path: String,
    /// Before and after, or the values concerned.
    pub detail: String,
    /// Directions the value travels; empty for a named schema (found from
    /// its usages) and for service-level changes.
    pub sides: Vec<Side>,
    /// The change turns a response field between `T` and `Option<T>`
    /// (`x-required-by-document`).
    pub flips: bool,
}

/// Where in the models a comparison is.
struct Site<'a> {
    subject: &'a Subject,
    place: &'a str,
    sides: &'a [Side],
}

impl<'a> Site<'a> {
    fn new(subject: &'a Subject, place: &'a str, sides: &'a [Side]) -> Self {
        Self {
            subject,
            place,
            sides,
        }
    }
}

pub fn compare(old: &Spec, new: &Spec) -> Vec<Found> {
    let mut out = Vec::new();
    service(old, new, &mut out);
    for (id, (o, n)) in union(&operations(old), &operations(new)) {
        let subject = Subject::Operation(id.clone());
        let site = Site::new(&subject, "", &[]);
        match (o, n) {
            (None, Some(n)) => push(&mut out, &site, "", Kind::OperationAdded, request_line(n)),
            (Some(o), None) => push(&mut out, &site, "", Kind::OperationRemoved, request_line(o)),
            (Some(o), Some(n)) => operation(&subject, o, n, &mut out),
            (None, None) => {}
        }
    }
    for (name, (o, n)) in union(&old.schemas, &new.schemas) {
        let subject = Subject::Schema(name.clone());
        let site = Site::new(&subject, "", &[]);
        match (o, n) {
            (None, Some(n)) => push(&mut out, &site, "", Kind::SchemaAdded, shape(view(n))),
            (Some(o), None) => push(&mut out, &site, "", Kind::SchemaRemoved, shape(view(o))),
            (Some(o), Some(n)) => compare_schema(&site, "", view(o), view(n), &mut out),
            (None, None) => {}
        }
    }
    out
}

/// The operations of a spec by operationId.
pub fn operations(spec: &Spec) -> BTreeMap<String, &Operation> {
    spec.operations
        .iter()
        .map(|op| (op.id.clone(), op))
        .collect()
}

/// An operation's parameters by name (an operation's own parameter replaces
/// its path item's of the same name).
pub fn parameters(op: &Operation) -> BTreeMap<String, &Parameter> {
    op.parameters.iter().map(|p| (p.name.clone(), p)).collect()
}

/// Pairs of entries by key, sorted, from two maps.
fn union<'a, T>(
    old: &'a BTreeMap<String, T>,
    new: &'a BTreeMap<String, T>,
) -> BTreeMap<&'a String, (Option<&'a T>, Option<&'a T>)> {
    let mut pairs: BTreeMap<&String, (Option<&T>, Option<&T>)> = BTreeMap::new();
    for (k, v) in old {
        pairs.entry(k).or_default().0 = Some(v);
    }
    for (k, v) in new {
        pairs.entry(k).or_default().1 = Some(v);
    }
    pairs
}

/// `yes` when `condition` holds, else `no`: the kind that a flag decides.
fn pick(condition: bool, yes: Kind, no: Kind) -> Kind {
    if condition { yes } else { no }
}

fn push(out: &mut Vec<Found>, site: &Site<'_>, path: &str, kind: Kind, detail: String) {
    push_flip(out, site, path, kind, detail, false);
}

fn push_flip(
    out: &mut Vec<Found>,
    site: &Site<'_>,
    path: &str,
    kind: Kind,
    detail: String,
    flips: bool,
) {
    out.push(Found {
        flips,
        ..found(site, path, kind, detail)
    });
}

fn found(site: &Site<'_>, path: &str, kind: Kind, detail: String) -> Found {
    Found {
        kind,
        subject: site.subject.clone(),
        place: site.place.to_owned(),
        path: path.to_owned(),
        detail,
        sides: site.sides.to_vec(),
        flips: false,
    }
}

fn code(text: &str) -> String {
    format!("`{text}`")
}

fn arrow(old: &str, new: &str) -> String {
    format!("{} → {}", code(old), code(new))
}

/// How credentials travel, e.g. "`X-Auth-Token` header".
fn auth(spec: &Spec) -> String {
    match &spec.auth {
        Auth::Header { name, .. } => format!("`{name}` header"),
        Auth::Bearer { .. } => "bearer token".to_owned(),
    }
}

/// A server's `{name}` placeholders and their values.
fn variables(server: &crate::model::Server) -> BTreeMap<String, Vec<String>> {
    server
        .variables
        .iter()
        .map(|v| (v.name.clone(), v.values.clone()))
        .collect()
}

fn service(old: &Spec, new: &Spec, out: &mut Vec<Found>) {
    let site = Site::new(&Subject::Service, "", &[]);
    let mut push = |kind, detail| push(out, &site, "", kind, detail);
    if old.api_version != new.api_version {
        push(
            Kind::ApiVersionChanged,
            arrow(&old.api_version, &new.api_version),
        );
    }
    let old_default = old.servers.first().map(|s| s.url.as_str());
    let new_default = new.servers.first().map(|s| s.url.as_str());
    let default_changed = old_default != new_default;
    if default_changed {
        push(
            Kind::DefaultServerChanged,
            arrow(old_default.unwrap_or("none"), new_default.unwrap_or("none")),
        );
    }
    let urls = |m: &Spec| -> BTreeSet<String> { m.servers.iter().map(|s| s.url.clone()).collect() };
    let (old_urls, new_urls) = (urls(old), urls(new));
    for url in new_urls.difference(&old_urls) {
        if !(default_changed && Some(url.as_str()) == new_default) {
            push(Kind::ServerAdded, code(url));
        }
    }
    for url in old_urls.difference(&new_urls) {
        if !(default_changed && Some(url.as_str()) == old_default) {
            push(Kind::ServerRemoved, code(url));
        }
    }
    for o in &old.servers {
        let Some(n) = new.servers.iter().find(|n| n.url == o.url) else {
            continue;
        };
        let (ov, nv) = (variables(o), variables(n));
        let names: BTreeSet<&String> = ov.keys().chain(nv.keys()).collect();
        for name in names {
            let values = |m: &BTreeMap<String, Vec<String>>| -> BTreeSet<String> {
                m.get(name).into_iter().flatten().cloned().collect()
            };
            let (before, after) = (values(&ov), values(&nv));
            if before != after {
                push(
                    Kind::ServerVariableChanged,
                    format!(
                        "`{{{name}}}` in {}: {}",
                        code(&o.url),
                        added_removed(&before, &after)
                    ),
                );
            }
        }
    }
    let (old_auth, new_auth) = (auth(old), auth(new));
    if old_auth != new_auth {
        push(Kind::AuthChanged, format!("{old_auth} → {new_auth}"));
    }
    match (&old.token_exchange, &new.token_exchange) {
        (None, Some(n)) => push(Kind::TokenExchangeAdded, code(n.kind())),
        (Some(o), None) => push(Kind::TokenExchangeRemoved, code(o.kind())),
        (Some(o), Some(n)) => {
            if o.kind() != n.kind() {
                push(Kind::TokenExchangeKindChanged, arrow(o.kind(), n.kind()));
            }
            if o.path() != n.path() {
                push(Kind::TokenExchangePathChanged, arrow(o.path(), n.path()));
            }
        }
        (None, None) => {}
    }
}

/// `added `a`, `b`; removed `c``.
fn added_removed(before: &BTreeSet<String>, after: &BTreeSet<String>) -> String {
    let list = |set: Vec<&String>| set.iter().map(|v| code(v)).collect::<Vec<_>>().join(", ");
    let added: Vec<&String> = after.difference(before).collect();
    let removed: Vec<&String> = before.difference(after).collect();
    let mut parts = Vec::new();
    if !added.is_empty() {
        parts.push(format!("added {}", list(added)));
    }
    if !removed.is_empty() {
        parts.push(format!("removed {}", list(removed)));
    }
    parts.join("; ")
}

fn request_line(op: &Operation) -> String {
    code(&format!("{} {}", op.method, op.path))
}

/// The schema of a response's body (JSON when offered, else the first media
/// type): the first 2xx one with its status, or the first other one.
pub(super) fn response(op: &Operation, success: bool) -> Option<(&str, View<'_>)> {
    op.responses().find_map(|r| {
        if r.is_success() != success {
            return None;
        }
        let content = r.content.as_ref()?;
        let media = content
            .get(crate::model::spec::JSON)
            .or_else(|| content.values().next())?;
        Some((r.status.as_str(), View::of(Some(media.schema.as_ref()?))))
    })
}

/// The request body: whether it is required, and its schema.
pub(super) fn body(op: &Operation) -> Option<(bool, View<'_>)> {
    let body = op.request_body.as_ref()?;
    let schema = body.content.as_ref().and_then(|content| {
        let media = content
            .get(crate::model::spec::JSON)
            .or_else(|| content.values().next())?;
        media.schema.as_ref()
    });
    Some((body.required, View::of(schema)))
}

fn statuses(op: &Operation) -> BTreeSet<&str> {
    op.responses().map(|r| r.status.as_str()).collect()
}

fn operation(subject: &Subject, o: &Operation, n: &Operation, out: &mut Vec<Found>) {
    let site = |place, sides| Site::new(subject, place, sides);
    let top = site("", &[]);
    if (&o.method, &o.path) != (&n.method, &n.path) {
        let detail = format!("{} → {}", request_line(o), request_line(n));
        push(out, &top, "", Kind::OperationMoved, detail);
    }
    for (name, (op, np)) in union(&parameters(o), &parameters(n)) {
        let place = format!("parameter `{name}`");
        let here = Site::new(subject, &place, &[Side::Request]);
        let (old_part, new_part) = (op.map(|p| parameter_part(p)), np.map(|p| parameter_part(p)));
        request_part(&here, &PARAMETER, old_part, new_part, out);
        if let (Some(op), Some(np)) = (op, np) {
            if op.location != np.location {
                let detail = format!("{} → {}", op.location.as_str(), np.location.as_str());
                push(out, &here, "", Kind::ParameterMoved, detail);
            }
            match (op.client_default, np.client_default) {
                (None, Some(by)) => {
                    push(out, &here, "", Kind::ClientDefaultAdded, code(by.as_str()));
                }
                (Some(by), None) => {
                    push(
                        out,
                        &here,
                        "",
                        Kind::ClientDefaultRemoved,
                        code(by.as_str()),
                    );
                }
                _ => {}
            }
        }
    }
    extensions(subject, o, n, out);
    let here = site("request body", &[Side::Request]);
    let (old_body, new_body) = (body(o).map(body_part), body(n).map(body_part));
    request_part(&here, &BODY, old_body, new_body, out);
    let (old_response, new_response) = (response(o, true), response(n, true));
    let status = new_response.or(old_response);
    let place = status.map_or_else(|| "response".to_owned(), |(s, _)| format!("response {s}"));
    let here = Site::new(subject, &place, &[Side::Response]);
    let (old_body, new_body) = (old_response.map(|r| r.1), new_response.map(|r| r.1));
    response_body(&here, old_body, new_body, out);
    let errors = site("error response", &[Side::Response]);
    let (old_error, new_error) = (response(o, false), response(n, false));
    response_body(&errors, old_error.map(|r| r.1), new_error.map(|r| r.1), out);
    let (old_statuses, new_statuses) = (statuses(o), statuses(n));
    for s in new_statuses.difference(&old_statuses) {
        push(out, &top, "", Kind::ResponseStatusAdded, code(s));
    }
    for s in old_statuses.difference(&new_statuses) {
        push(out, &top, "", Kind::ResponseStatusRemoved, code(s));
    }
}

/// What the operation's vendor extensions add to the Rust API: `stream()`
/// (`x-pagination`) and `wait_until_<name>()` (`x-waiters`).
fn extensions(subject: &Subject, o: &Operation, n: &Operation, out: &mut Vec<Found>) {
    let top = Site::new(subject, "", &[]);
    let kind = match (&o.pagination, &n.pagination) {
        (None, Some(_)) => Some(Kind::PaginationAdded),
        (Some(_), None) => Some(Kind::PaginationRemoved),
        (Some(a), Some(b)) if a != b => Some(Kind::PaginationChanged),
        _ => None,
    };
    if let Some(kind) = kind {
        push(out, &top, "", kind, code("stream()"));
    }
    let waiters = |op: &Operation| -> BTreeMap<String, crate::model::extensions::Waiter> {
        op.waiters
            .iter()
            .map(|w| (w.name.clone(), w.clone()))
            .collect()
    };
    for (name, (ow, nw)) in union(&waiters(o), &waiters(n)) {
        let kind = match (ow, nw) {
            (None, Some(_)) => Kind::WaiterAdded,
            (Some(_), None) => Kind::WaiterRemoved,
            (Some(a), Some(b)) if a != b => Kind::WaiterChanged,
            _ => continue,
        };
        push(out, &top, "", kind, code(&format!("wait_until_{name}()")));
    }
}

/// A parameter or the request body, as far as its presence goes.
struct Part<'a> {
    required: bool,
    schema: View<'a>,
    /// Shown when it is added or removed.
    detail: String,
}

fn parameter_part(p: &Parameter) -> Part<'_> {
    Part {
        required: p.required,
        schema: View::of(p.schema.as_ref()),
        detail: format!("in {}", p.location.as_str()),
    }
}

fn body_part((required, schema): (bool, View<'_>)) -> Part<'_> {
    Part {
        required,
        schema,
        detail: shape(schema),
    }
}

/// The kinds of a request part: added (optional, required), removed, now
/// required, now optional.
type PartKinds = [Kind; 5];

const PARAMETER: PartKinds = [
    Kind::ParameterAdded,
    Kind::RequiredParameterAdded,
    Kind::ParameterRemoved,
    Kind::ParameterNowRequired,
    Kind::ParameterNowOptional,
];

const BODY: PartKinds = [
    Kind::RequestBodyAdded,
    Kind::RequiredRequestBodyAdded,
    Kind::RequestBodyRemoved,
    Kind::RequestBodyNowRequired,
    Kind::RequestBodyNowOptional,
];

fn request_part(
    site: &Site<'_>,
    kinds: &PartKinds,
    old: Option<Part<'_>>,
    new: Option<Part<'_>>,
    out: &mut Vec<Found>,
) {
    let [added, required_added, removed, now_required, now_optional] = *kinds;
    match (old, new) {
        (None, Some(p)) => push(
            out,
            site,
            "",
            pick(p.required, required_added, added),
            p.detail,
        ),
        (Some(p), None) => push(out, site, "", removed, p.detail),
        (Some(o), Some(n)) => {
            if o.required != n.required {
                let kind = pick(n.required, now_required, now_optional);
                push(out, site, "", kind, String::new());
            }
            compare_schema(site, "", o.schema, n.schema, out);
        }
        (None, None) => {}
    }
}

/// A response body: gaining or losing one changes `ResponseValue<()>` to
/// `ResponseValue<T>` or back.
fn response_body(
    site: &Site<'_>,
    old: Option<View<'_>>,
    new: Option<View<'_>>,
    out: &mut Vec<Found>,
) {
    match (old, new) {
        (Some(o), Some(n)) => compare_schema(site, "", o, n, out),
        (None, None) => {}
        (o, n) => {
            let describe = |s: Option<View<'_>>| s.map_or_else(|| "no body".to_owned(), shape);
            let detail = format!("{} → {}", describe(o), describe(n));
            push(out, site, "", Kind::Retyped, detail);
        }
    }
}
