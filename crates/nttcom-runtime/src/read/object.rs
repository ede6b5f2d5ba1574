//! The pieces a generated object type's `Deserialize`, `Lenient` and
//! `Serialize` impls are made of.
//!
//! A generated `from_map` declares one slot per typed property, reads each
//! property into its slot with [`field`] (or into [`Extra`] with
//! [`unknown`] when the name is not one of its own), fills required members
//! with [`required`], and builds the struct. Its `Serialize` writes each
//! field through a [`Writer`], which skips a field whose value as received
//! is kept in [`Extra`] and then writes what [`Extra`] holds.

use std::fmt;
use std::marker::PhantomData;

use serde::Serialize;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::SerializeMap;
use serde_json::Value;

use super::{Lenient, Read, Sink, ToSink, raw_seq};
use crate::Extra;

/// A generated object type, read from the properties of a JSON object.
pub trait FromMap: Sized {
    /// Reads every property of `map`: never fails on a value, only on
    /// malformed input.
    fn from_map<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// The typed properties of a generated object, by wire name. A generated
/// field enum implements it with one `match` (and the spec's aliases).
pub trait Fields: Sized {
    fn field(name: &str) -> Option<Self>;
}

/// A property name: one of the type's own, or an unknown one (owned: it is
/// kept).
pub enum Key<F> {
    Known(F),
    Unknown(String),
}

/// The next property name of `map`, matched without allocating unless it
/// is unknown.
#[inline]
pub fn next_key<'de, F: Fields, A: MapAccess<'de>>(
    map: &mut A,
) -> Result<Option<Key<F>>, A::Error> {
    map.next_key_seed(KeySeed(PhantomData))
}

struct KeySeed<F>(PhantomData<F>);

impl<'de, F: Fields> DeserializeSeed<'de> for KeySeed<F> {
    type Value = Key<F>;

    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key<F>, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de, F: Fields> Visitor<'de> for KeySeed<F> {
    type Value = Key<F>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a property name")
    }

    #[inline]
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<F>, E> {
        Ok(F::field(v).map_or_else(|| Key::Unknown(v.to_owned()), Key::Known))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Key<F>, E> {
        Ok(F::field(&v).map_or(Key::Unknown(v), Key::Known))
    }
}

/// Reads the value of the typed property `name` into `slot`. A value that
/// does not fit leaves the slot empty and is kept in `extra`; a list that
/// fits in part fills the slot and is kept whole in `extra`. (A property
/// sent twice: the slot holds the last value that fit, `extra` the last
/// one that did not, and encoding writes the latter.)
#[inline]
pub fn field<'de, A: MapAccess<'de>, T: Lenient>(
    map: &mut A,
    name: &str,
    slot: &mut Option<T>,
    extra: &mut Extra,
) -> Result<(), A::Error> {
    // The outcome is settled inside the seed, where it is made: handing a
    // `Read<T>` back through `next_value_seed` costs a store-forwarding
    // stall per property (measured: ICMS rows 1.42 → 1.1x of plain serde).
    map.next_value_seed(Into { name, slot, extra })
}

/// Reads one property's value straight into its slot.
struct Into<'a, T> {
    name: &'a str,
    slot: &'a mut Option<T>,
    extra: &'a mut Extra,
}

impl<'de, T: Lenient> DeserializeSeed<'de> for Into<'_, T> {
    type Value = ();

    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        T::read_to(deserializer, self)
    }
}

impl<T> Sink<T> for Into<'_, T> {
    // Always: the outcome is then settled where it is made (see `ToSink`).
    #[inline(always)]
    fn take(self, read: Read<T>) {
        match read {
            // The common cases, kept small.
            Read::Value(value) => *self.slot = Some(value),
            Read::Absent => *self.slot = None,
            read => settle(read, self.name, self.slot, self.extra),
        }
    }
}

/// [`field`] for a value that did not fit (entirely).
#[inline(never)]
fn settle<T>(read: Read<T>, name: &str, slot: &mut Option<T>, extra: &mut Extra) {
    match read {
        Read::Value(value) => *slot = Some(value),
        Read::Absent => *slot = None,
        Read::Raw(raw) => {
            *slot = None;
            extra.insert(name, raw);
        }
        Read::Partial(value, raw) => {
            *slot = Some(value);
            extra.insert(name, *raw);
        }
    }
}

/// Keeps the value of an unknown property in `extra`, as received.
pub fn unknown<'de, A: MapAccess<'de>>(
    map: &mut A,
    name: String,
    extra: &mut Extra,
) -> Result<(), A::Error> {
    let value: Value = map.next_value()?;
    extra.insert(name, value);
    Ok(())
}

/// The value of the required member `name`, or its type's fallback,
/// recorded in `extra` (see [`Extra::defaulted`]).
#[inline]
pub fn required<T: Lenient>(slot: Option<T>, name: &'static str, extra: &mut Extra) -> T {
    match slot {
        Some(value) => value,
        None => {
            extra.record_defaulted(name);
            T::fallback()
        }
    }
}

/// `Deserialize` of a generated object type: a JSON object, read with
/// [`FromMap`]; anything else is an error (the type as a whole was not
/// sent). As a field or list item the type is read with [`object`] instead.
pub fn deserialize<'de, D: Deserializer<'de>, T: FromMap>(deserializer: D) -> Result<T, D::Error> {
    struct Strict<T>(PhantomData<T>);

    impl<'de, T: FromMap> Visitor<'de> for Strict<T> {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a JSON object")
        }

        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
            T::from_map(map)
        }
    }

    deserializer.deserialize_map(Strict(PhantomData))
}

/// `Lenient::read` of a generated object type: an object is read with
/// [`FromMap`]; `null` is absent; anything else (`""` and `[]`, the empty
/// values some servers send for "no object", included) is kept raw, so the
/// field reads as absent and re-encoding writes what was sent.
#[inline]
pub fn object<'de, D: Deserializer<'de>, T: FromMap>(deserializer: D) -> Result<Read<T>, D::Error> {
    deserializer.deserialize_any(AnyShape(PhantomData))
}

/// [`object`] as [`Lenient::read_to`]: the object goes to `sink` from
/// inside the visitor.
#[inline]
pub fn object_to<'de, D: Deserializer<'de>, T: FromMap, S: Sink<T>>(
    deserializer: D,
    sink: S,
) -> Result<(), D::Error> {
    deserializer.deserialize_any(ToSink(AnyShape(PhantomData), sink))
}

struct AnyShape<T>(PhantomData<T>);

impl<'de, T: FromMap> Visitor<'de> for AnyShape<T> {
    type Value = Read<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    #[inline]
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Read<T>, A::Error> {
        T::from_map(map).map(Read::Value)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Read<T>, A::Error> {
        raw_seq(seq).map(Read::Raw)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Read<T>, E> {
        Ok(Read::Raw(Value::String(v.to_owned())))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Read<T>, E> {
        Ok(Read::Raw(v.into()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Read<T>, E> {
        Ok(Read::Raw(v.into()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Read<T>, E> {
        Ok(Read::Raw(v.into()))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Read<T>, E> {
        Ok(Read::Raw(Value::Bool(v)))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Read<T>, E> {
        Ok(Read::Absent)
    }

    fn visit_none<E: de::Error>(self) -> Result<Read<T>, E> {
        Ok(Read::Absent)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Read<T>, D::Error> {
        deserializer.deserialize_any(self)
    }
}

/// Writes a generated object: its typed fields, except those whose value as
/// received is kept in [`Extra`] (or that hold a fallback never received),
/// then what [`Extra`] keeps.
pub struct Writer<'a, M> {
    map: M,
    extra: &'a Extra,
}

impl<'a, M: SerializeMap> Writer<'a, M> {
    pub fn new(map: M, extra: &'a Extra) -> Self {
        Self { map, extra }
    }

    /// Writes `name: value`, unless [`Extra`] stands in for it.
    #[inline]
    pub fn field<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) -> Result<(), M::Error> {
        if self.extra.shadows(name) {
            return Ok(());
        }
        self.map.serialize_entry(name, value)
    }

    /// [`Self::field`] for an optional field: nothing when `None`.
    #[inline]
    pub fn optional<T: Serialize>(
        &mut self,
        name: &str,
        value: &Option<T>,
    ) -> Result<(), M::Error> {
        match value {
            Some(value) => self.field(name, value),
            None => Ok(()),
        }
    }

    /// Writes what [`Extra`] keeps and ends the object.
    pub fn end(mut self) -> Result<M::Ok, M::Error> {
        for (name, value) in self.extra.iter() {
            self.map.serialize_entry(name, value)?;
        }
        self.map.end()
    }
}
