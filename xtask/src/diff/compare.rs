//! Two models in, the list of what changed out (not yet classified).
//!
//! Named schemas are compared once each; where an operation refers to one,
//! only the reference is compared there, so a change inside `Order` is one
//! finding under `Order`, not one per operation that returns orders.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::model::{Body, Bound, Model, Object, Operation, Param, Schema, Ty};
use super::rules::{Kind, Side};
use super::usage::join;

/// What a change is about.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(tag = "type", content = "name", rename_all = "lowercase")]
pub enum Subject {
    /// Servers, auth, `info.version`, or the whole service.
    Service,
    Operation(String),
    Schema(String),
}

impl std::fmt::Display for Subject {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Subject::Service => f.write_str("service"),
            Subject::Operation(id) => write!(f, "operation `{id}`"),
            Subject::Schema(name) => write!(f, "schema `{name}`"),
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

pub fn compare(old: &Model, new: &Model) -> Vec<Found> {
    let mut out = Vec::new();
    service(old, new, &mut out);
    for (id, (o, n)) in union(&old.operations, &new.operations) {
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
            (None, Some(n)) => push(&mut out, &site, "", Kind::SchemaAdded, shape(n)),
            (Some(o), None) => push(&mut out, &site, "", Kind::SchemaRemoved, shape(o)),
            (Some(o), Some(n)) => compare_schema(&site, "", o, n, &mut out),
            (None, None) => {}
        }
    }
    out
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

fn service(old: &Model, new: &Model, out: &mut Vec<Found>) {
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
    let urls =
        |m: &Model| -> BTreeSet<String> { m.servers.iter().map(|s| s.url.clone()).collect() };
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
        let names: BTreeSet<&String> = o.variables.keys().chain(n.variables.keys()).collect();
        for name in names {
            let values = |m: &BTreeMap<String, Vec<String>>| -> BTreeSet<String> {
                m.get(name).into_iter().flatten().cloned().collect()
            };
            let (before, after) = (values(&o.variables), values(&n.variables));
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
    if old.auth != new.auth {
        push(Kind::AuthChanged, format!("{} → {}", old.auth, new.auth));
    }
    match (&old.token_exchange, &new.token_exchange) {
        (None, Some((kind, _))) => push(Kind::TokenExchangeAdded, code(kind)),
        (Some((kind, _)), None) => push(Kind::TokenExchangeRemoved, code(kind)),
        (Some((ok, op)), Some((nk, np))) => {
            if ok != nk {
                push(Kind::TokenExchangeKindChanged, arrow(ok, nk));
            }
            if op != np {
                push(Kind::TokenExchangePathChanged, arrow(op, np));
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

fn operation(subject: &Subject, o: &Operation, n: &Operation, out: &mut Vec<Found>) {
    let site = |place, sides| Site::new(subject, place, sides);
    let top = site("", &[]);
    if (&o.method, &o.path) != (&n.method, &n.path) {
        let detail = format!("{} → {}", request_line(o), request_line(n));
        push(out, &top, "", Kind::OperationMoved, detail);
    }
    for (name, (op, np)) in union(&o.params, &n.params) {
        let place = format!("parameter `{name}`");
        let here = Site::new(subject, &place, &[Side::Request]);
        let (old_part, new_part) = (op.map(parameter_part), np.map(parameter_part));
        request_part(&here, &PARAMETER, old_part, new_part, out);
        if let (Some(op), Some(np)) = (op, np)
            && op.location != np.location
        {
            let detail = format!("{} → {}", op.location, np.location);
            push(out, &here, "", Kind::ParameterMoved, detail);
        }
    }
    let here = site("request body", &[Side::Request]);
    let (old_body, new_body) = (
        o.body.as_ref().map(body_part),
        n.body.as_ref().map(body_part),
    );
    request_part(&here, &BODY, old_body, new_body, out);
    let status = n.response.as_ref().or(o.response.as_ref());
    let place = status.map_or_else(|| "response".to_owned(), |(s, _)| format!("response {s}"));
    let old_response = o.response.as_ref().map(|(_, s)| s);
    let new_response = n.response.as_ref().map(|(_, s)| s);
    let here = Site::new(subject, &place, &[Side::Response]);
    body(&here, old_response, new_response, out);
    let errors = site("error response", &[Side::Response]);
    body(&errors, o.error.as_ref(), n.error.as_ref(), out);
    for s in n.statuses.difference(&o.statuses) {
        push(out, &top, "", Kind::ResponseStatusAdded, code(s));
    }
    for s in o.statuses.difference(&n.statuses) {
        push(out, &top, "", Kind::ResponseStatusRemoved, code(s));
    }
}

/// A parameter or the request body, as far as its presence goes.
struct Part<'a> {
    required: bool,
    schema: &'a Schema,
    /// Shown when it is added or removed.
    detail: String,
}

fn parameter_part(p: &Param) -> Part<'_> {
    Part {
        required: p.required,
        schema: &p.schema,
        detail: format!("in {}", p.location),
    }
}

fn body_part(b: &Body) -> Part<'_> {
    Part {
        required: b.required,
        schema: &b.schema,
        detail: shape(&b.schema),
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
fn body(site: &Site<'_>, old: Option<&Schema>, new: Option<&Schema>, out: &mut Vec<Found>) {
    match (old, new) {
        (Some(o), Some(n)) => compare_schema(site, "", o, n, out),
        (None, None) => {}
        (o, n) => {
            let describe = |s: Option<&Schema>| s.map_or_else(|| "no body".to_owned(), shape);
            let detail = format!("{} → {}", describe(o), describe(n));
            push(out, site, "", Kind::Retyped, detail);
        }
    }
}

/// The Rust type a schema becomes, in words; two schemas with different
/// shapes are different Rust types.
pub fn shape(s: &Schema) -> String {
    match &s.ty {
        Ty::Ref(name) => code(name),
        Ty::Object(_) => "object".to_owned(),
        Ty::Array(items) => format!("array of {}", shape(items)),
        Ty::Scalar { name, format } => {
            let kind = if s.values.is_some() {
                format!("{name} enum")
            } else {
                name.clone()
            };
            match format {
                Some(f) => format!("{kind} ({f})"),
                None => kind,
            }
        }
        Ty::Composite { keyword, variants } => {
            let variants: Vec<String> = variants.iter().map(shape).collect();
            format!("{keyword} [{}]", variants.join(", "))
        }
        Ty::Any => "any value".to_owned(),
    }
}

fn compare_schema(site: &Site<'_>, path: &str, o: &Schema, n: &Schema, out: &mut Vec<Found>) {
    if o.nullable != n.nullable {
        let kind = pick(n.nullable, Kind::NowNullable, Kind::NowNonNullable);
        push(out, site, path, kind, String::new());
    }
    compare_value(site, path, o, n, out);
}

/// Everything but nullability, which an object's fields compare themselves.
fn compare_value(site: &Site<'_>, path: &str, o: &Schema, n: &Schema, out: &mut Vec<Found>) {
    let (before, after) = (shape(o), shape(n));
    if before != after {
        push(
            out,
            site,
            path,
            Kind::Retyped,
            format!("{before} → {after}"),
        );
        return;
    }
    if let (Some(ov), Some(nv)) = (&o.values, &n.values) {
        let (ov, nv): (BTreeSet<String>, BTreeSet<String>) =
            (ov.iter().cloned().collect(), nv.iter().cloned().collect());
        let list = |values: Vec<&String>| values.iter().map(|v| code(v)).collect::<Vec<_>>();
        let added = list(nv.difference(&ov).collect());
        let removed = list(ov.difference(&nv).collect());
        if !added.is_empty() {
            push(out, site, path, Kind::EnumValueAdded, added.join(", "));
        }
        if !removed.is_empty() {
            push(out, site, path, Kind::EnumValueRemoved, removed.join(", "));
        }
    }
    constraints(site, path, o, n, out);
    match (&o.ty, &n.ty) {
        (Ty::Object(a), Ty::Object(b)) => compare_object(site, path, a, b, out),
        (Ty::Array(a), Ty::Array(b)) => compare_schema(site, &format!("{path}[]"), a, b, out),
        (Ty::Composite { variants: a, .. }, Ty::Composite { variants: b, .. }) => {
            for (a, b) in a.iter().zip(b) {
                compare_schema(site, path, a, b, out);
            }
        }
        _ => {}
    }
}

fn constraints(site: &Site<'_>, path: &str, o: &Schema, n: &Schema, out: &mut Vec<Found>) {
    let (oc, nc) = (&o.constraints, &n.constraints);
    // A different pattern or format may refuse values the old one took:
    // without proving it looser, treat it as tighter.
    let texts = [
        ("pattern", &oc.pattern, &nc.pattern),
        ("format", &oc.format, &nc.format),
    ];
    for (keyword, before, after) in texts {
        let change = constraint(
            keyword,
            before.as_ref(),
            after.as_ref(),
            |t| code(t),
            |_, _| true,
        );
        out.extend(change.map(|(kind, detail)| found(site, path, kind, detail)));
    }
    for (old, new, lower) in [(&oc.lower, &nc.lower, true), (&oc.upper, &nc.upper, false)] {
        // Exclusive is stricter than inclusive at the same value.
        let tighter = |b: &Bound, a: &Bound| match a.value.partial_cmp(&b.value) {
            Some(std::cmp::Ordering::Equal) => a.exclusive,
            Some(std::cmp::Ordering::Greater) => lower,
            _ => !lower,
        };
        let keywords: BTreeSet<&&str> = old.keys().chain(new.keys()).collect();
        for keyword in keywords {
            let change = constraint(
                keyword,
                old.get(*keyword),
                new.get(*keyword),
                show_bound,
                tighter,
            );
            out.extend(change.map(|(kind, detail)| found(site, path, kind, detail)));
        }
    }
}

fn show_bound(b: &Bound) -> String {
    if b.exclusive {
        format!("{} (exclusive)", b.text)
    } else {
        b.text.clone()
    }
}

/// A constraint added (tighter), removed (looser) or changed (`tighter`
/// decides); `None` when it stayed the same.
fn constraint<T: PartialEq>(
    keyword: &str,
    before: Option<&T>,
    after: Option<&T>,
    show: impl Fn(&T) -> String,
    tighter: impl Fn(&T, &T) -> bool,
) -> Option<(Kind, String)> {
    match (before, after) {
        (None, Some(a)) => Some((
            Kind::ConstraintTightened,
            format!("{keyword} {} added", show(a)),
        )),
        (Some(b), None) => Some((
            Kind::ConstraintLoosened,
            format!("{keyword} {} removed", show(b)),
        )),
        (Some(b), Some(a)) if a != b => {
            let kind = pick(
                tighter(b, a),
                Kind::ConstraintTightened,
                Kind::ConstraintLoosened,
            );
            Some((kind, format!("{keyword} {} → {}", show(b), show(a))))
        }
        _ => None,
    }
}

/// Whether a field is a plain `T` in a response type (not `Option<T>`).
fn plain(object: &Object, name: &str, field: &Schema) -> bool {
    object.document_required && object.required.contains(name) && !field.nullable
}

fn compare_object(site: &Site<'_>, path: &str, o: &Object, n: &Object, out: &mut Vec<Found>) {
    if o.document_required != n.document_required {
        let (kind, object) = if n.document_required {
            (Kind::DocumentRequiredAdded, n)
        } else {
            (Kind::DocumentRequiredRemoved, o)
        };
        let mut fields: Vec<String> = object
            .properties
            .iter()
            .filter(|(name, field)| object.required.contains(*name) && !field.nullable)
            .map(|(name, _)| code(name))
            .collect();
        fields.sort();
        let flips = !fields.is_empty();
        let detail = if flips {
            format!("required fields {}", fields.join(", "))
        } else {
            String::new()
        };
        push_flip(out, site, path, kind, detail, flips);
    }
    for (name, (of, nf)) in union(&o.properties, &n.properties) {
        let here = join(path, name);
        match (of, nf) {
            (None, Some(_)) => {
                let kind = pick(
                    n.required.contains(name),
                    Kind::RequiredPropertyAdded,
                    Kind::PropertyAdded,
                );
                push(out, site, &here, kind, String::new());
            }
            (Some(_), None) => push(out, site, &here, Kind::PropertyRemoved, String::new()),
            (Some(of), Some(nf)) => {
                // Only when the schema is document-required before and after;
                // a change of the flag itself is reported once, above.
                let flips = o.document_required
                    && n.document_required
                    && plain(o, name, of) != plain(n, name, nf);
                let (was, is) = (o.required.contains(name), n.required.contains(name));
                if was != is {
                    let kind = pick(is, Kind::PropertyNowRequired, Kind::PropertyNowOptional);
                    push_flip(out, site, &here, kind, String::new(), flips);
                }
                if of.nullable != nf.nullable {
                    let kind = pick(nf.nullable, Kind::NowNullable, Kind::NowNonNullable);
                    push_flip(out, site, &here, kind, String::new(), flips);
                }
                compare_value(site, &here, of, nf, out);
            }
            (None, None) => {}
        }
    }
}
