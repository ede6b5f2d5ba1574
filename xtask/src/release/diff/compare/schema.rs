//! Comparing two schemas: types, nullability, enum values, constraints and
//! object fields, down to named references (compared by name only).

use std::collections::BTreeSet;

use super::{Found, Site, code, found, pick, push, push_flip, union};
use crate::release::diff::model::{Bound, Object, Schema, Ty};
use crate::release::diff::rules::Kind;
use crate::release::diff::usage::join;

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

pub(super) fn compare_schema(
    site: &Site<'_>,
    path: &str,
    o: &Schema,
    n: &Schema,
    out: &mut Vec<Found>,
) {
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
