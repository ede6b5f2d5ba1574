//! Values of a `oneOf`/`anyOf`: the branch whose documented shape the value
//! has, else the first branch that reads it leniently, else the union's
//! `Other` variant holding the value as received.
//!
//! A union whose branches are all scalars (`integer`, `number`, `string`,
//! `boolean`: four of the five unions of the specs) reads through
//! [`scalar`], without buffering the value; any other through [`Union`].
//!
//! Any other union reads like this (branches in the spec's order; text
//! branches take no part in the lenient pass, so that a number never turns
//! into text):
//!
//! ```
//! use nttcom_runtime::read::{Lenient, Read, Shape, Union, from_value};
//! use serde_json::{Value, json};
//!
//! /// icms `PolicyLimits`: KB values, or (here, simplified) labels.
//! #[derive(Debug, PartialEq)]
//! enum Limits { Plain(Vec<i64>), Labels(Vec<String>), Other(Value) }
//!
//! impl Lenient for Limits {
//!     fn read<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Read<Self>, D::Error> {
//!         Ok(Union::read(d)?
//!             .shaped(&Shape::List(&Shape::Integer), Self::Plain)
//!             .shaped(&Shape::List(&Shape::String), Self::Labels)
//!             .lenient(Self::Plain)
//!             .or_other(Self::Other))
//!     }
//!     fn fallback() -> Self { Self::Other(Value::Null) }
//! }
//!
//! let read = |v: Value| from_value::<Limits>(&v);
//! assert_eq!(read(json!([1, 2])), Read::Value(Limits::Plain(vec![1, 2])));
//! assert_eq!(read(json!(["a"])), Read::Value(Limits::Labels(vec!["a".into()])));
//! assert_eq!(read(json!([1, "2"])), Read::Value(Limits::Plain(vec![1, 2])));
//! assert_eq!(read(json!("unlimited")), Read::Value(Limits::Other(json!("unlimited"))));
//! assert_eq!(read(json!(null)), Read::Absent);
//! ```

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};
use serde_json::Value;

use super::{Lenient, Read, from_value};

/// The JSON shape a union branch documents, checked before the branch
/// reads the value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    Null,
    Boolean,
    /// A JSON number without fraction or exponent.
    Integer,
    Number,
    String,
    Object,
    /// A list whose every item has the shape.
    List(&'static Shape),
    Any,
}

impl Shape {
    /// Whether `value` has this shape.
    #[inline]
    pub fn matches(&self, value: &Value) -> bool {
        match (self, value) {
            (Shape::Any, _)
            | (Shape::Null, Value::Null)
            | (Shape::Boolean, Value::Bool(_))
            | (Shape::Number, Value::Number(_))
            | (Shape::String, Value::String(_))
            | (Shape::Object, Value::Object(_)) => true,
            (Shape::Integer, Value::Number(n)) => n.is_i64() || n.is_u64(),
            (Shape::List(item), Value::Array(items)) => items.iter().all(|i| item.matches(i)),
            _ => false,
        }
    }
}

/// A union value being matched against its branches (see the module docs).
pub struct Union<U> {
    value: Value,
    chosen: Option<U>,
}

impl<U> Union<U> {
    /// Buffers the value: branches are tried one after the other.
    #[inline]
    pub fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Self {
            value: Value::deserialize(deserializer)?,
            chosen: None,
        })
    }

    /// First pass: this branch, if none is chosen yet, the value has the
    /// branch's documented shape, and it fits the branch's type.
    #[inline]
    pub fn shaped<T: Lenient>(mut self, shape: &Shape, branch: impl FnOnce(T) -> U) -> Self {
        if self.chosen.is_none()
            && !self.value.is_null()
            && shape.matches(&self.value)
            && let Read::Value(v) = from_value::<T>(&self.value)
        {
            self.chosen = Some(branch(v));
        }
        self
    }

    /// Second pass: this branch, if none is chosen yet and the value fits
    /// the branch's type once read leniently (`1.0` as an integer, `"42"`
    /// as a number).
    #[inline]
    pub fn lenient<T: Lenient>(mut self, branch: impl FnOnce(T) -> U) -> Self {
        if self.chosen.is_none()
            && !self.value.is_null()
            && let Read::Value(v) = from_value::<T>(&self.value)
        {
            self.chosen = Some(branch(v));
        }
        self
    }

    /// The chosen branch; `null` is absent; otherwise `other` holding the
    /// value as received.
    #[inline]
    pub fn or_other(self, other: impl FnOnce(Value) -> U) -> Read<U> {
        match self.chosen {
            Some(chosen) => Read::Value(chosen),
            None if self.value.is_null() => Read::Absent,
            None => Read::Value(other(self.value)),
        }
    }
}

/// The branches of a union of scalars, by JSON type: how each builds the
/// union (an integer branch may refuse a value out of its range).
pub struct Scalars<U> {
    pub integer: Option<fn(i64) -> Option<U>>,
    pub number: Option<fn(f64) -> U>,
    pub string: Option<fn(String) -> U>,
    pub boolean: Option<fn(bool) -> U>,
    /// The union's `Other` variant.
    pub other: fn(Value) -> U,
}

impl<U> Scalars<U> {
    /// No branch but `other`; set the ones the union has.
    pub const fn new(other: fn(Value) -> U) -> Self {
        Self {
            integer: None,
            number: None,
            string: None,
            boolean: None,
            other,
        }
    }
}

/// Reads a union of scalars: a JSON integer into the integer branch (else
/// the number branch), a number into the number branch (else, when it is
/// integral, the integer branch), text into the string branch (else, when
/// it holds a number, the numeric branches), a boolean into the boolean
/// branch; anything else is `other`, as received. A number never becomes
/// the text branch. `null` is absent.
///
/// ```
/// use nttcom_runtime::read::union::{Scalars, scalar};
/// use nttcom_runtime::read::{Read, from_value};
/// use serde_json::{Value, json};
///
/// #[derive(Debug, PartialEq)]
/// enum IntegerOrString { Integer(i64), String(String), Other(Value) }
///
/// impl nttcom_runtime::read::Lenient for IntegerOrString {
///     fn read<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Read<Self>, D::Error> {
///         scalar(d, &Scalars {
///             integer: Some(|v| Some(Self::Integer(v))),
///             string: Some(Self::String),
///             ..Scalars::new(Self::Other)
///         })
///     }
///     fn fallback() -> Self { Self::Other(Value::Null) }
/// }
///
/// let read = |v: Value| from_value::<IntegerOrString>(&v);
/// assert_eq!(read(json!(7)), Read::Value(IntegerOrString::Integer(7)));
/// assert_eq!(read(json!("7")), Read::Value(IntegerOrString::String("7".into())));
/// assert_eq!(read(json!(1.0)), Read::Value(IntegerOrString::Integer(1)));
/// assert_eq!(read(json!(12.5)), Read::Value(IntegerOrString::Other(json!(12.5))));
/// assert_eq!(read(json!(9_223_372_036_854_775_808_u64)),
///     Read::Value(IntegerOrString::Other(json!(9_223_372_036_854_775_808_u64))));
/// assert_eq!(read(json!(null)), Read::Absent);
/// ```
#[inline]
pub fn scalar<'de, D: Deserializer<'de>, U>(
    deserializer: D,
    branches: &Scalars<U>,
) -> Result<Read<U>, D::Error> {
    deserializer.deserialize_any(ScalarVisitor(branches))
}

struct ScalarVisitor<'a, U>(&'a Scalars<U>);

impl<U> ScalarVisitor<'_, U> {
    fn integral(&self, v: f64) -> Option<U> {
        let integer = self.0.integer?;
        (v.fract() == 0.0 && v.is_finite() && v >= i64::MIN as f64 && v < i64::MAX as f64)
            .then(|| integer(v as i64))
            .flatten()
    }

    fn other(&self, value: Value) -> Read<U> {
        Read::Value((self.0.other)(value))
    }
}

impl<'de, U> Visitor<'de> for ScalarVisitor<'_, U> {
    type Value = Read<U>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Read<U>, E> {
        let chosen = match (self.0.integer, self.0.number) {
            (Some(integer), _) => integer(v),
            // Only a float that holds it exactly: nothing is rounded.
            (None, Some(number)) => super::scalar::exact_f64_from_i64(v).map(number),
            (None, None) => None,
        };
        Ok(chosen.map_or_else(|| self.other(v.into()), Read::Value))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Read<U>, E> {
        let chosen = match (i64::try_from(v), self.0.integer, self.0.number) {
            (Ok(v), Some(integer), _) => integer(v),
            (_, _, Some(number)) => super::scalar::exact_f64_from_u64(v).map(number),
            _ => None,
        };
        Ok(chosen.map_or_else(|| self.other(v.into()), Read::Value))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Read<U>, E> {
        let chosen = match self.0.number {
            Some(number) => Some(number(v)),
            None => self.integral(v),
        };
        Ok(chosen.map_or_else(|| self.other(v.into()), Read::Value))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Read<U>, E> {
        match self.0.string {
            Some(string) => Ok(Read::Value(string(v.to_owned()))),
            None => Ok(self.numeric_text(v).unwrap_or_else(|| self.other(v.into()))),
        }
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Read<U>, E> {
        match self.0.string {
            Some(string) => Ok(Read::Value(string(v))),
            None => Ok(self
                .numeric_text(&v)
                .unwrap_or_else(|| self.other(v.into()))),
        }
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Read<U>, E> {
        Ok(match self.0.boolean {
            Some(boolean) => Read::Value(boolean(v)),
            None => self.other(v.into()),
        })
    }

    fn visit_unit<E: de::Error>(self) -> Result<Read<U>, E> {
        Ok(Read::Absent)
    }

    fn visit_none<E: de::Error>(self) -> Result<Read<U>, E> {
        Ok(Read::Absent)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Read<U>, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Read<U>, A::Error> {
        Ok(self.other(super::raw_map(map)?))
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<Read<U>, A::Error> {
        Ok(self.other(super::raw_seq(seq)?))
    }
}

impl<U> ScalarVisitor<'_, U> {
    /// Text holding a number, for a union without a text branch.
    fn numeric_text(&self, v: &str) -> Option<Read<U>> {
        let trimmed = v.trim();
        if let (Ok(n), Some(integer)) = (trimmed.parse::<i64>(), self.0.integer) {
            return integer(n).map(Read::Value);
        }
        let n = trimmed.parse::<f64>().ok().filter(|n| n.is_finite())?;
        match self.0.number {
            Some(number) => Some(Read::Value(number(n))),
            None => self.integral(n).map(Read::Value),
        }
    }
}

/// `Deserialize` of a generated union: what [`Lenient::read`] gave, with
/// `null` (or anything kept raw) as `other`.
pub fn value_or<U>(read: Read<U>, other: impl FnOnce(Value) -> U) -> U {
    match read {
        Read::Value(value) | Read::Partial(value, _) => value,
        Read::Absent => other(Value::Null),
        Read::Raw(raw) => other(raw),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn shapes() {
        assert!(Shape::Integer.matches(&json!(9_223_372_036_854_775_808_u64)));
        assert!(!Shape::Integer.matches(&json!(1.0)));
        assert!(Shape::Number.matches(&json!(1.5)));
        assert!(Shape::List(&Shape::Integer).matches(&json!([])));
        assert!(!Shape::List(&Shape::Integer).matches(&json!([1, "2"])));
        assert!(Shape::Any.matches(&json!(null)));
        assert!(!Shape::Object.matches(&json!([])));
    }

    /// ipoe `DhcpHowToUse`-like: an integer or a boolean, no text branch.
    #[derive(Debug, PartialEq)]
    enum Code {
        Small(i32),
        Flag(bool),
        Other(Value),
    }

    impl Lenient for Code {
        fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Read<Self>, D::Error> {
            scalar(
                d,
                &Scalars {
                    integer: Some(|v| i32::try_from(v).ok().map(Self::Small)),
                    boolean: Some(Self::Flag),
                    ..Scalars::new(Self::Other)
                },
            )
        }

        fn fallback() -> Self {
            Self::Other(Value::Null)
        }
    }

    #[test]
    fn a_scalar_union_without_text_reads_numeric_text_and_keeps_the_rest() {
        let code = |v: Value| from_value::<Code>(&v);
        assert_eq!(code(json!(3)), Read::Value(Code::Small(3)));
        assert_eq!(code(json!(" 3 ")), Read::Value(Code::Small(3)));
        assert_eq!(code(json!("3.0")), Read::Value(Code::Small(3)));
        assert_eq!(code(json!(true)), Read::Value(Code::Flag(true)));
        assert_eq!(
            code(json!(3_000_000_000_i64)),
            Read::Value(Code::Other(json!(3_000_000_000_i64))),
            "past i32"
        );
        assert_eq!(
            code(json!("three")),
            Read::Value(Code::Other(json!("three")))
        );
        assert_eq!(
            code(json!({"a": 1})),
            Read::Value(Code::Other(json!({"a": 1})))
        );
        assert_eq!(code(json!([3])), Read::Value(Code::Other(json!([3]))));
        assert_eq!(code(json!(null)), Read::Absent);
        assert_eq!(code(json!(3.0)), Read::Value(Code::Small(3)));
        assert_eq!(code(json!(1.5)), Read::Value(Code::Other(json!(1.5))));
    }

    #[test]
    fn deserialize_keeps_what_no_branch_took() {
        assert_eq!(
            value_or(Read::<i64>::Raw(json!("x")), |_| -1),
            -1,
            "raw goes to other"
        );
        assert_eq!(value_or(Read::Value(3), |_| -1), 3);
    }

    /// icms `PolicyLimits`-like: the documented shapes first, then leniency.
    #[derive(Debug, PartialEq)]
    enum Limits {
        Plain(Vec<i64>),
        Labels(Vec<String>),
        Other(Value),
    }

    impl Lenient for Limits {
        fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Read<Self>, D::Error> {
            Ok(Union::read(d)?
                .shaped(&Shape::List(&Shape::Integer), Self::Plain)
                .shaped(&Shape::List(&Shape::String), Self::Labels)
                .lenient(Self::Plain)
                .or_other(Self::Other))
        }

        fn fallback() -> Self {
            Self::Other(Value::Null)
        }
    }

    #[test]
    fn a_documented_shape_wins_over_a_lenient_reading() {
        let read = |v: Value| from_value::<Limits>(&v);
        // Numeric text would read as `Plain` leniently; its shape is `Labels`.
        assert_eq!(
            read(json!(["1", "2"])),
            Read::Value(Limits::Labels(vec!["1".into(), "2".into()]))
        );
        assert_eq!(read(json!([1, 2])), Read::Value(Limits::Plain(vec![1, 2])));
        assert_eq!(
            read(json!([1.0, "2"])),
            Read::Value(Limits::Plain(vec![1, 2]))
        );
        assert_eq!(
            read(json!({"a": 1})),
            Read::Value(Limits::Other(json!({"a": 1})))
        );
        assert_eq!(read(json!(null)), Read::Absent);
    }

    /// A number or text: integers go to the number branch when it holds them
    /// exactly.
    #[derive(Debug, PartialEq)]
    enum Amount {
        Number(f64),
        Text(String),
        Other(Value),
    }

    impl Lenient for Amount {
        fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Read<Self>, D::Error> {
            scalar(
                d,
                &Scalars {
                    number: Some(Self::Number),
                    string: Some(Self::Text),
                    ..Scalars::new(Self::Other)
                },
            )
        }

        fn fallback() -> Self {
            Self::Other(Value::Null)
        }
    }

    #[test]
    fn input_json_cannot_hold_is_refused_naming_what_was_expected() {
        use serde::de::value::{BytesDeserializer, Error};
        let error = Amount::read(BytesDeserializer::<Error>::new(b"12")).unwrap_err();
        assert_eq!(
            error.to_string(),
            "invalid type: byte array, expected any JSON value"
        );
    }

    #[test]
    fn integers_reach_a_number_branch_only_exactly() {
        let read = |v: Value| from_value::<Amount>(&v);
        assert_eq!(read(json!(5)), Read::Value(Amount::Number(5.0)));
        assert_eq!(read(json!(-5)), Read::Value(Amount::Number(-5.0)));
        let two_to_63 = 9_223_372_036_854_775_808_u64;
        assert_eq!(
            read(json!(two_to_63)),
            Read::Value(Amount::Number(9_223_372_036_854_775_808.0))
        );
        // 2^63 + 1 has no f64 of its own: kept as received.
        assert_eq!(
            read(json!(two_to_63 + 1)),
            Read::Value(Amount::Other(json!(two_to_63 + 1)))
        );
        assert_eq!(
            read(json!(9_007_199_254_740_993_i64)),
            Read::Value(Amount::Other(json!(9_007_199_254_740_993_i64)))
        );
        assert_eq!(read(json!("5")), Read::Value(Amount::Text("5".into())));
    }

    #[derive(Debug, PartialEq)]
    enum Wide {
        Int(i64),
        Other(Value),
    }

    impl Lenient for Wide {
        fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Read<Self>, D::Error> {
            scalar(
                d,
                &Scalars {
                    integer: Some(|v| Some(Self::Int(v))),
                    ..Scalars::new(Self::Other)
                },
            )
        }

        fn fallback() -> Self {
            Self::Other(Value::Null)
        }
    }

    #[test]
    fn an_integral_float_past_i64_is_kept_not_clamped() {
        let read = |v: Value| from_value::<Wide>(&v);
        assert_eq!(read(json!(-4e3)), Read::Value(Wide::Int(-4000)));
        // 2^63 as a float: one past i64::MAX.
        let past = 9_223_372_036_854_775_808.0_f64;
        assert_eq!(read(json!(past)), Read::Value(Wide::Other(json!(past))));
    }
}
