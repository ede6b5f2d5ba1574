//! Comparing two schemas: types, nullability, enum values, constraints and
//! object fields, down to named references (compared by name only).
//!
//! A schema is compared as the Rust type it becomes ([`View`]): a nullable
//! reference, however spelled, is the reference made nullable; `allOf` with
//! a single part is that part; formats that pick a Rust type (`date-time`,
//! `int32`…) belong to the type, others (`email`) only constrain it.

use std::collections::{BTreeMap, BTreeSet};

use super::{Found, Site, code, found, pick, push, push_flip, union};
use crate::model::Schema;
use crate::release::diff::rules::Kind;
use crate::release::diff::usage::join;

/// String formats and integer/number formats that pick a different Rust type
/// (`chrono::DateTime`, `uuid::Uuid`, `Ipv4Addr`, `i32`…): changing them
/// retypes a value. Other formats (`email`…) only constrain a `String`.
const TYPED_FORMATS: [&str; 17] = [
    "date",
    "date-time",
    "uuid",
    "ip",
    "ipv4",
    "ipv6",
    "int8",
    "int16",
    "int32",
    "int64",
    "uint8",
    "uint16",
    "uint32",
    "uint64",
    "float",
    "double",
    "binary",
];

/// A schema as the Rust type it becomes.
#[derive(Clone, Copy)]
pub struct View<'a> {
    pub ty: Ty<'a>,
    pub nullable: bool,
    /// The schema whose enum values and constraints apply (none for a
    /// reference, whose constraints are its named schema's).
    pub schema: Option<&'a Schema>,
}

#[derive(Clone, Copy)]
pub enum Ty<'a> {
    /// A named schema.
    Ref(&'a str),
    /// An object: the schema holding its properties.
    Object(&'a Schema),
    /// An array of its items (`None`: of any value).
    Array(Option<&'a Schema>),
    /// `string`, `integer`, `number` or `boolean`, with a format that picks
    /// the Rust type.
    Scalar {
        name: &'a str,
        format: Option<&'a str>,
    },
    /// `oneOf`, `anyOf`, or `allOf` of several schemas.
    Composite {
        keyword: &'static str,
        variants: &'a [Schema],
    },
    Any,
}

impl<'a> View<'a> {
    /// A value of any type: what a parameter or body without a schema takes.
    pub const ANY: View<'static> = View {
        ty: Ty::Any,
        nullable: false,
        schema: None,
    };

    pub fn of(schema: Option<&'a Schema>) -> Self {
        schema.map_or(View::ANY, view)
    }

    /// `enum` values as text (strings as they are, others as JSON), `null` aside.
    fn values(&self) -> Option<Vec<String>> {
        let values = self.schema?.enum_values.as_ref()?;
        Some(
            values
                .iter()
                .filter(|v| !v.is_null())
                .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
                .collect(),
        )
    }

    /// A format that does not change the Rust type (`email`…).
    fn format(&self) -> Option<&'a str> {
        self.schema?
            .format
            .as_deref()
            .filter(|f| !TYPED_FORMATS.contains(f))
    }

    fn pattern(&self) -> Option<&'a str> {
        self.schema?.pattern.as_deref()
    }
}

/// How the diff sees `schema`.
pub fn view(schema: &Schema) -> View<'_> {
    if let Some(name) = &schema.reference {
        return View {
            ty: Ty::Ref(name),
            nullable: false,
            schema: None,
        };
    }
    // A nullable reference, spelled `anyOf: [{$ref}, <only null>]` (3.0.3)
    // or `nullable: true` + `allOf: [{$ref}]`: the reference, nullable.
    // Either way the Rust type is `Option<T>`.
    if let Some(reference) = schema.nullable_reference() {
        return View {
            nullable: true,
            ..view(reference)
        };
    }
    let nullable = schema.is_nullable();
    if let [single] = schema.all_of.as_slice() {
        let inner = view(single);
        return View {
            nullable: inner.nullable || nullable,
            ..inner
        };
    }
    let composite = [
        ("oneOf", &schema.one_of),
        ("anyOf", &schema.any_of),
        ("allOf", &schema.all_of),
    ]
    .into_iter()
    .find(|(_, variants)| !variants.is_empty())
    .map(|(keyword, variants)| Ty::Composite { keyword, variants });
    let format = schema
        .format
        .as_deref()
        .filter(|f| TYPED_FORMATS.contains(f));
    let ty = match (composite, schema.ty.as_deref()) {
        (Some(composite), _) => composite,
        (None, Some("array")) => Ty::Array(schema.items.as_deref()),
        (None, Some("object")) => Ty::Object(schema),
        (None, None) if !schema.properties.is_empty() => Ty::Object(schema),
        (None, Some(name)) => Ty::Scalar { name, format },
        (None, None) if schema.enum_values.is_some() => Ty::Scalar {
            name: "string",
            format: None,
        },
        (None, None) => Ty::Any,
    };
    View {
        ty,
        nullable,
        schema: Some(schema),
    }
}

/// The Rust type a schema becomes, in words; two schemas with different
/// shapes are different Rust types.
pub fn shape(v: View<'_>) -> String {
    match v.ty {
        Ty::Ref(name) => code(name),
        Ty::Object(_) => "object".to_owned(),
        Ty::Array(items) => format!("array of {}", shape(View::of(items))),
        Ty::Scalar { name, format } => {
            let kind = if v.values().is_some() {
                format!("{name} enum")
            } else {
                name.to_owned()
            };
            match format {
                Some(f) => format!("{kind} ({f})"),
                None => kind,
            }
        }
        Ty::Composite { keyword, variants } => {
            let variants: Vec<String> = variants.iter().map(|s| shape(view(s))).collect();
            format!("{keyword} [{}]", variants.join(", "))
        }
        Ty::Any => "any value".to_owned(),
    }
}

pub(super) fn compare_schema(
    site: &Site<'_>,
    path: &str,
    o: View<'_>,
    n: View<'_>,
    out: &mut Vec<Found>,
) {
    if o.nullable != n.nullable {
        let kind = pick(n.nullable, Kind::NowNullable, Kind::NowNonNullable);
        push(out, site, path, kind, String::new());
    }
    compare_value(site, path, o, n, out);
}

/// Everything but nullability, which an object's fields compare themselves.
fn compare_value(site: &Site<'_>, path: &str, o: View<'_>, n: View<'_>, out: &mut Vec<Found>) {
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
    if let (Some(ov), Some(nv)) = (o.values(), n.values()) {
        let (ov, nv): (BTreeSet<String>, BTreeSet<String>) =
            (ov.into_iter().collect(), nv.into_iter().collect());
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
    match (o.ty, n.ty) {
        (Ty::Object(a), Ty::Object(b)) => compare_object(site, path, a, b, out),
        (Ty::Array(a), Ty::Array(b)) => {
            compare_schema(site, &format!("{path}[]"), View::of(a), View::of(b), out);
        }
        (Ty::Composite { variants: a, .. }, Ty::Composite { variants: b, .. }) => {
            for (a, b) in a.iter().zip(b) {
                compare_schema(site, path, view(a), view(b), out);
            }
        }
        _ => {}
    }
}

/// A bound: `minLength`, `minimum`, `minItems` (or their upper kin).
#[derive(Clone, Debug)]
struct Bound {
    value: f64,
    exclusive: bool,
    /// As written in the spec, for messages.
    text: String,
}

/// `10` and `10.0` are the same bound.
impl PartialEq for Bound {
    fn eq(&self, other: &Self) -> bool {
        (self.value, self.exclusive) == (other.value, other.exclusive)
    }
}

/// The lower (`lower`) or upper bounds of a schema, by keyword.
fn bounds(v: View<'_>, lower: bool) -> BTreeMap<&'static str, Bound> {
    let Some(s) = v.schema else {
        return BTreeMap::new();
    };
    let count = |n: Option<u64>| {
        n.map(|n| Bound {
            value: n as f64,
            exclusive: false,
            text: n.to_string(),
        })
    };
    let number = |n: &Option<serde_json::Number>, exclusive: bool| {
        let n = n.as_ref()?;
        Some(Bound {
            value: n.as_f64()?,
            // OpenAPI 3.0: `exclusiveMinimum: true` qualifies `minimum`.
            exclusive,
            text: n.to_string(),
        })
    };
    let found = if lower {
        [
            ("minLength", count(s.min_length)),
            ("minimum", number(&s.minimum, s.exclusive_minimum)),
            ("minItems", count(s.min_items)),
        ]
    } else {
        [
            ("maxLength", count(s.max_length)),
            ("maximum", number(&s.maximum, s.exclusive_maximum)),
            ("maxItems", count(s.max_items)),
        ]
    };
    found
        .into_iter()
        .filter_map(|(keyword, bound)| Some((keyword, bound?)))
        .collect()
}

fn constraints(site: &Site<'_>, path: &str, o: View<'_>, n: View<'_>, out: &mut Vec<Found>) {
    // A different pattern or format may refuse values the old one took:
    // without proving it looser, treat it as tighter.
    let texts = [
        ("pattern", o.pattern(), n.pattern()),
        ("format", o.format(), n.format()),
    ];
    for (keyword, before, after) in texts {
        let change = constraint(keyword, before, after, code, |_, _| true);
        out.extend(change.map(|(kind, detail)| found(site, path, kind, detail)));
    }
    for lower in [true, false] {
        let (old, new) = (bounds(o, lower), bounds(n, lower));
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
fn constraint<T: PartialEq + ?Sized>(
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

/// An object's facts the comparison needs.
struct Object<'a> {
    properties: &'a BTreeMap<String, Schema>,
    required: BTreeSet<&'a str>,
    /// `x-required-by-document: true`: required, non-nullable response
    /// fields are plain `T` rather than `Option<T>`.
    document_required: bool,
}

impl<'a> Object<'a> {
    fn of(schema: &'a Schema) -> Self {
        Self {
            properties: &schema.properties,
            required: schema.required.iter().map(String::as_str).collect(),
            document_required: schema.required_by_document,
        }
    }

    /// Whether a field is a plain `T` in a response type (not `Option<T>`).
    fn plain(&self, name: &str, field: &Schema) -> bool {
        self.document_required && self.required.contains(name) && !view(field).nullable
    }
}

fn compare_object(site: &Site<'_>, path: &str, o: &Schema, n: &Schema, out: &mut Vec<Found>) {
    let (o, n) = (Object::of(o), Object::of(n));
    if o.document_required != n.document_required {
        let (kind, object) = if n.document_required {
            (Kind::DocumentRequiredAdded, &n)
        } else {
            (Kind::DocumentRequiredRemoved, &o)
        };
        let mut fields: Vec<String> = object
            .properties
            .iter()
            .filter(|(name, field)| {
                object.required.contains(name.as_str()) && !view(field).nullable
            })
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
    for (name, (of, nf)) in union(o.properties, n.properties) {
        let here = join(path, name);
        match (of, nf) {
            (None, Some(_)) => {
                let kind = pick(
                    n.required.contains(name.as_str()),
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
                    && o.plain(name, of) != n.plain(name, nf);
                let (was, is) = (
                    o.required.contains(name.as_str()),
                    n.required.contains(name.as_str()),
                );
                if was != is {
                    let kind = pick(is, Kind::PropertyNowRequired, Kind::PropertyNowOptional);
                    push_flip(out, site, &here, kind, String::new(), flips);
                }
                let (of, nf) = (view(of), view(nf));
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
