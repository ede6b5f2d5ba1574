//! The plausible ways a real server's answer differs from the document,
//! applied to a response example one place at a time. Each mutation becomes a
//! case of the generated `tests/leniency.rs`: the mutated body must still
//! decode (tolerant of what we receive), and where the value set is one the
//! type cannot hold it must come back unchanged when the decoded value is
//! encoded again (lose nothing). A member the document's own response
//! definition requires (`x-required-by-document`) that is missing, `null`
//! or unreadable must be recorded as defaulted on the object that lacks it.

use serde_json::{Value, json};

use crate::model::problem::pointer_push;
use crate::model::resolved::Resolved;
use crate::model::{Schema, Spec};

/// What kind of difference a mutation stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Category {
    UnknownEnumValue,
    EmptyString,
    BrokenPattern,
    TimestampSpelling,
    Null,
    Missing,
    NumberString,
    UnknownProperty,
    EmptyList,
    /// A value of a `oneOf`/`anyOf` of a JSON type none of its branches has.
    NoBranch,
    /// `""` or `[]` where an object is documented.
    EmptyForObject,
    /// An integer past `i64` (2^63; the spec sets no maximum).
    BigInteger,
    /// A fractional number where an integer is documented.
    Fraction,
}

impl Category {
    pub const ALL: [Category; 13] = [
        Category::UnknownEnumValue,
        Category::EmptyString,
        Category::BrokenPattern,
        Category::TimestampSpelling,
        Category::Null,
        Category::Missing,
        Category::NumberString,
        Category::UnknownProperty,
        Category::EmptyList,
        Category::NoBranch,
        Category::EmptyForObject,
        Category::BigInteger,
        Category::Fraction,
    ];

    /// The Rust variant name in the generated test.
    pub fn variant(self) -> &'static str {
        match self {
            Category::UnknownEnumValue => "UnknownEnumValue",
            Category::EmptyString => "EmptyString",
            Category::BrokenPattern => "BrokenPattern",
            Category::TimestampSpelling => "TimestampSpelling",
            Category::Null => "Null",
            Category::Missing => "Missing",
            Category::NumberString => "NumberString",
            Category::UnknownProperty => "UnknownProperty",
            Category::EmptyList => "EmptyList",
            Category::NoBranch => "NoBranch",
            Category::EmptyForObject => "EmptyForObject",
            Category::BigInteger => "BigInteger",
            Category::Fraction => "Fraction",
        }
    }
}

/// How the example is changed at `pointer`.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    Set(Value),
    Remove,
}

/// A required member the mutation leaves without a usable value.
#[derive(Clone, Debug, PartialEq)]
pub struct Defaulted {
    /// Its name on the wire.
    pub member: String,
    /// The Rust type (`types::Order`) of the object that must record it,
    /// when the object is a component schema.
    pub parent: Option<String>,
}

/// One changed copy of an example.
#[derive(Clone, Debug, PartialEq)]
pub struct Mutation {
    pub category: Category,
    /// JSON pointer into the example.
    pub pointer: String,
    pub edit: Edit,
    /// `Some`: the object must list the member in `extra.defaulted()`, and
    /// a member that was not received must not be written back.
    pub defaulted: Option<Defaulted>,
    /// Re-encoding the decoded value must give back the value set here.
    pub round_trips: bool,
}

/// The value an unknown enum member becomes in the tests.
pub const NEW_ENUM_VALUE: &str = "VALUE_ADDED_LATER";

/// 2^63: the first integer past `i64`.
pub const BIG_INTEGER: u64 = 1 << 63;

/// Every mutation of `example`, a value of `schema`.
pub fn of_example(spec: &Spec, schema: &Schema, example: &Value) -> Vec<Mutation> {
    let mut out = Vec::new();
    walk(spec, Some(schema), example, "", None, false, &mut out);
    out
}

/// The member a value is, seen from the object holding it.
struct Member {
    name: String,
    /// The document requires it (`x-required-by-document`).
    insists: bool,
    /// `types::X` of the object holding it, when a component schema.
    parent: Option<String>,
}

impl Member {
    /// The record a value this member cannot hold must leave.
    fn defaulted(member: Option<&Member>) -> Option<Defaulted> {
        member.filter(|m| m.insists).map(|m| Defaulted {
            member: m.name.clone(),
            parent: m.parent.clone(),
        })
    }
}

fn walk(
    spec: &Spec,
    schema: Option<&Schema>,
    value: &Value,
    pointer: &str,
    member: Option<&Member>,
    kept: bool,
    out: &mut Vec<Mutation>,
) {
    let written = schema.map(|s| spec.resolve(s)).unwrap_or_default();
    let union = !written.branches.is_empty() && written.ty.is_none();
    let resolved = branch_for(spec, written.clone(), value);
    let mut push = |category, pointer: &str, edit, defaulted: Option<Defaulted>, round_trips| {
        out.push(Mutation {
            category,
            pointer: pointer.to_owned(),
            edit,
            defaulted,
            round_trips,
        });
    };
    // A value of a JSON type no branch has: the union's `Other`, kept.
    if union && let Some(odd) = no_branch_value(spec, &written) {
        push(Category::NoBranch, pointer, Edit::Set(odd), None, true);
    }
    // What a value the type cannot hold leaves: kept as received, and a
    // required member defaulted (a union's `Other` holds anything).
    // (`kept`: there is a place for it, which there is not for an item of
    // a list that is the whole body: its odd items are dropped.)
    let unfit = if union {
        None
    } else {
        Member::defaulted(member)
    };
    let object_documented = resolved.ty == Some("object") || !resolved.properties.is_empty();
    match value {
        Value::Object(members) => {
            if kept && member.is_some() && object_documented {
                for empty in [json!(""), json!([])] {
                    push(
                        Category::EmptyForObject,
                        pointer,
                        Edit::Set(empty),
                        unfit.clone(),
                        true,
                    );
                }
            }
            let parent = resolved.component.map(|name| format!("types::{name}"));
            for (name, member) in members {
                let at = pointer_push(pointer, name);
                let property = resolved.properties.get(name.as_str()).copied();
                let insists = resolved.insists_on(name);
                let nullable = property.is_some_and(|p| spec.resolve(p).nullable);
                let record = insists.then(|| Defaulted {
                    member: name.clone(),
                    parent: parent.clone(),
                });
                push(Category::Missing, &at, Edit::Remove, record.clone(), false);
                if !member.is_null() {
                    let record = record.filter(|_| !nullable);
                    push(Category::Null, &at, Edit::Set(Value::Null), record, false);
                }
            }
            push(
                Category::UnknownProperty,
                &pointer_push(pointer, "addedByTheServerLater"),
                Edit::Set(json!({"nested": [1, "two", null], "flag": true})),
                None,
                true,
            );
            for (name, value) in members {
                let property = resolved.properties.get(name.as_str()).copied();
                let facts = Member {
                    name: name.clone(),
                    insists: resolved.insists_on(name),
                    parent: parent.clone(),
                };
                let at = pointer_push(pointer, name);
                walk(spec, property, value, &at, Some(&facts), true, out);
            }
        }
        Value::Array(items) => {
            if !items.is_empty() {
                push(
                    Category::EmptyList,
                    pointer,
                    Edit::Set(json!([])),
                    None,
                    true,
                );
            }
            // One odd value in the first item stands for one anywhere in a list.
            if let Some(first) = items.first() {
                walk(
                    spec,
                    resolved.items,
                    first,
                    &format!("{pointer}/0"),
                    None,
                    kept,
                    out,
                );
            }
        }
        Value::String(text) => {
            if resolved.enum_values.is_some() {
                push(
                    Category::UnknownEnumValue,
                    pointer,
                    Edit::Set(json!(NEW_ENUM_VALUE)),
                    None,
                    true,
                );
            }
            if resolved.pattern.is_some() {
                if !text.is_empty() {
                    push(
                        Category::EmptyString,
                        pointer,
                        Edit::Set(json!("")),
                        None,
                        true,
                    );
                }
                for broken in broken_spellings(text) {
                    push(
                        Category::BrokenPattern,
                        pointer,
                        Edit::Set(json!(broken)),
                        None,
                        true,
                    );
                }
            }
            for spelling in timestamp_spellings(text) {
                push(
                    Category::TimestampSpelling,
                    pointer,
                    Edit::Set(json!(spelling)),
                    None,
                    true,
                );
            }
            let number = text.parse::<i64>().map_or(json!(12345), |n| json!(n));
            push(
                Category::NumberString,
                pointer,
                Edit::Set(number),
                None,
                false,
            );
        }
        Value::Number(number) => {
            push(
                Category::NumberString,
                pointer,
                Edit::Set(json!(number.to_string())),
                None,
                false,
            );
            // Numbers that do not fit the integer they are documented as:
            // kept as received, never rounded.
            if kept && resolved.ty == Some("integer") {
                for (category, odd) in [
                    (Category::BigInteger, json!(BIG_INTEGER)),
                    (Category::Fraction, json!(12.5)),
                ] {
                    push(category, pointer, Edit::Set(odd), unfit.clone(), true);
                }
            }
        }
        Value::Bool(_) | Value::Null => {}
    }
}

/// A value of a JSON type none of the union's branches has, if there is
/// one: `true`, `"unlimited"`, or an object.
fn no_branch_value(spec: &Spec, union: &Resolved<'_>) -> Option<Value> {
    let kinds: Vec<Option<&str>> = union.branches.iter().map(|b| spec.resolve(b).ty).collect();
    if kinds.contains(&None) {
        return None; // a branch of any type
    }
    [
        ("boolean", json!(true)),
        ("string", json!("unlimited")),
        ("object", json!({"unexpected": true})),
    ]
    .into_iter()
    .find(|(kind, _)| !kinds.contains(&Some(kind)))
    .map(|(_, value)| value)
}

/// For a `oneOf`/`anyOf`, the branch the example value takes (by JSON type).
fn branch_for<'a>(spec: &'a Spec, resolved: Resolved<'a>, value: &Value) -> Resolved<'a> {
    if resolved.branches.is_empty() || resolved.ty.is_some() {
        return resolved;
    }
    let kind = match value {
        Value::String(_) => "string",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
        Value::Bool(_) => "boolean",
        Value::Null => return resolved,
    };
    let first_item = value.as_array().and_then(|a| a.first());
    resolved
        .branches
        .iter()
        .map(|b| spec.resolve(b))
        .find(|b| {
            b.ty == Some(kind)
                && match (first_item, b.items) {
                    (Some(item), Some(items)) => {
                        let items = spec.resolve(items);
                        items.ty.is_none()
                            || branch_for(spec, items, item)
                                .ty
                                .is_some_and(|t| matches_kind(t, item))
                    }
                    _ => true,
                }
        })
        .unwrap_or(resolved)
}

fn matches_kind(ty: &str, value: &Value) -> bool {
    match ty {
        "string" => value.is_string(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        "object" => value.is_object(),
        "array" => value.is_array(),
        "boolean" => value.is_boolean(),
        _ => false,
    }
}

/// Plausible ways an identifier breaks its pattern: the other letter case, a
/// hyphenated UUID for 32 hex digits, a separator inside a run of digits.
fn broken_spellings(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    if text.chars().any(|c| c.is_ascii_lowercase()) {
        out.push(text.to_ascii_uppercase());
    } else if text.chars().any(|c| c.is_ascii_uppercase()) {
        out.push(text.to_ascii_lowercase());
    }
    if text.len() == 32 && text.chars().all(|c| c.is_ascii_hexdigit()) {
        out.push(format!(
            "{}-{}-{}-{}-{}",
            &text[..8],
            &text[8..12],
            &text[12..16],
            &text[16..20],
            &text[20..]
        ));
    } else if text.len() >= 2 && text.chars().all(|c| c.is_ascii_digit()) {
        let middle = text.len() / 2;
        out.push(format!("{}-{}", &text[..middle], &text[middle..]));
    }
    if out.is_empty() && !text.is_empty() {
        out.push(format!("{text}-1"));
    }
    out.retain(|s| s != text);
    out
}

/// Other spellings real servers use for the timestamp (or date) `text`: with
/// `Z` or `+09:00`, fractional seconds, no zone, a space instead of `T`, and a
/// full timestamp where a date was documented. Empty when `text` is neither.
fn timestamp_spellings(text: &str) -> Vec<String> {
    let b = text.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|s| s.iter().all(u8::is_ascii_digit));
    let is_date = b.len() >= 10
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10);
    if !is_date {
        return Vec::new();
    }
    let date = &text[..10];
    let candidates = if b.len() == 10 {
        vec![
            format!("{date}T00:00:00+09:00"),
            format!("{date}T00:00:00Z"),
            format!("{date} 00:00:00"),
        ]
    } else {
        let is_time = b.len() >= 19
            && matches!(b[10], b'T' | b' ')
            && digits(11..13)
            && b[13] == b':'
            && digits(14..16)
            && b[16] == b':'
            && digits(17..19);
        if !is_time {
            return Vec::new();
        }
        let time = &text[11..19];
        vec![
            format!("{date}T{time}Z"),
            format!("{date}T{time}+09:00"),
            format!("{date}T{time}.123Z"),
            format!("{date}T{time}"),
            format!("{date} {time}"),
            date.to_owned(),
        ]
    };
    candidates.into_iter().filter(|c| c != text).collect()
}
