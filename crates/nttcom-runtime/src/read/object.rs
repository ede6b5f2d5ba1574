//! The pieces a generated object type's `Deserialize`, `Lenient` and
//! `Serialize` impls are made of.
//!
//! A generated `from_map` declares one slot per typed property and walks
//! the properties with a [`Reader`]: each of its own names is read into its
//! slot ([`Reader::field`]), any other is kept ([`Reader::unknown`]);
//! required members are filled with [`Reader::required`], and what the
//! object keeps beside its fields is [`Reader::finish`]. Its `Serialize`
//! writes each field through a [`Writer`], which skips a field whose value
//! as received is kept in [`Extra`] and then writes what [`Extra`] holds.
//!
//! ```
//! use nttcom_runtime::Extra;
//! use nttcom_runtime::read::{FromMap, object::Reader};
//!
//! struct Site { code: String, note: Option<String>, tags: Vec<String>, extra: Extra }
//!
//! // What the generator emits for it.
//! impl FromMap for Site {
//!     fn from_map<'de, A: serde::de::MapAccess<'de>>(map: A) -> Result<Self, A::Error> {
//!         let mut object = Reader::new(map);
//!         let (mut code, mut note, mut tags) = (None, None, None);
//!         while object.next_key()? {
//!             match object.key() {
//!                 "code" => object.field(&mut code)?,
//!                 "note" | "remark" => object.field_as("note", &mut note)?, // an alias
//!                 "tags" => object.field(&mut tags)?,
//!                 _ => object.unknown()?,
//!             }
//!         }
//!         Ok(Self {
//!             code: object.required(code, "code"),
//!             note,
//!             tags: tags.unwrap_or_default(),
//!             extra: object.finish()?,
//!         })
//!     }
//! }
//!
//! let mut json = serde_json::Deserializer::from_str(r#"{"remark": 7, "tags": null, "floor": 3}"#);
//! let site: Site = nttcom_runtime::read::object::deserialize(&mut json).unwrap();
//! assert_eq!((site.code.as_str(), site.note.as_deref()), ("", Some("7")));
//! assert!(site.tags.is_empty());
//! assert_eq!(site.extra.get("floor"), Some(&serde_json::json!(3)));
//! assert_eq!(site.extra.defaulted(), ["code"]);
//! ```

use std::borrow::Cow;
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

/// Reads the properties of one JSON object (see the module docs): the name
/// of each in turn, its value into a typed slot or into [`Extra`].
pub struct Reader<'de, A> {
    map: A,
    /// The name of the property being read: borrowed from the input when
    /// it can be (no allocation per property).
    key: Cow<'de, str>,
    extra: Extra,
}

impl<'de, A: MapAccess<'de>> Reader<'de, A> {
    pub fn new(map: A) -> Self {
        Self {
            map,
            key: Cow::Borrowed(""),
            extra: Extra::new(),
        }
    }

    /// Moves to the next property; `false` at the end of the object.
    #[inline]
    pub fn next_key(&mut self) -> Result<bool, A::Error> {
        match self.map.next_key_seed(KeySeed(PhantomData))? {
            Some(key) => {
                self.key = key;
                Ok(true)
            }
            None => Ok(false),
        }
    }

    /// The name of the current property, as received.
    #[inline]
    pub fn key(&self) -> &str {
        &self.key
    }

    /// Reads the current property's value into `slot`. A value that does
    /// not fit leaves the slot empty and is kept in [`Extra`] under the
    /// property's name; a list that fits in part fills the slot and is kept
    /// whole. (A property sent twice: the slot holds the last value that
    /// fit, [`Extra`] the last one that did not, and encoding writes the
    /// latter.)
    #[inline]
    pub fn field<T: Lenient>(&mut self, slot: &mut Option<T>) -> Result<(), A::Error> {
        // The outcome is settled inside the seed, where it is made: handing a
        // `Read<T>` back through `next_value_seed` costs a store-forwarding
        // stall per property (measured: ICMS rows 1.42 → 1.1x of plain serde).
        self.map.next_value_seed(Into {
            name: &self.key,
            slot,
            extra: &mut self.extra,
        })
    }

    /// [`Self::field`] for a property received under another name (an
    /// alias): what does not fit is kept under `name`, the spec's.
    #[inline]
    pub fn field_as<T: Lenient>(
        &mut self,
        name: &'static str,
        slot: &mut Option<T>,
    ) -> Result<(), A::Error> {
        self.map.next_value_seed(Into {
            name,
            slot,
            extra: &mut self.extra,
        })
    }

    /// Keeps the current property, one the type does not know, in
    /// [`Extra`] as received (read [`strictly`](super::strictly): an error).
    pub fn unknown(&mut self) -> Result<(), A::Error> {
        if super::is_strict() {
            // Refused while reading the value, so that the error's path
            // ends with the property's name.
            return self.map.next_value_seed(Refuse(PhantomData));
        }
        let name = std::mem::replace(&mut self.key, Cow::Borrowed("")).into_owned();
        let value: Value = self.map.next_value()?;
        self.extra.insert(name, value);
        Ok(())
    }

    /// The value of the required member `name`, or its type's fallback,
    /// recorded (see [`Extra::defaulted`]).
    #[inline]
    pub fn required<T: Lenient>(&mut self, slot: Option<T>, name: &'static str) -> T {
        match slot {
            Some(value) => value,
            None => {
                self.extra.record_defaulted(name);
                T::fallback()
            }
        }
    }

    /// What the object keeps beside its typed fields. Read
    /// [`strictly`](super::strictly), a value kept because it did not fit
    /// its field, or a required member that was not received, is an error.
    #[inline]
    pub fn finish(self) -> Result<Extra, A::Error> {
        if !self.extra.is_empty() && super::is_strict() {
            if let Some((name, kept)) = self.extra.iter().next() {
                return Err(de::Error::custom(format_args!(
                    "`{name}` holds {kept}, which its type cannot"
                )));
            }
            if let Some(name) = self.extra.defaulted().first() {
                return Err(de::Error::missing_field(name));
            }
        }
        Ok(self.extra)
    }
}

/// The value of a property read strictly that the type does not know.
struct Refuse<'de>(PhantomData<&'de ()>);

impl<'de> DeserializeSeed<'de> for Refuse<'de> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, _: D) -> Result<(), D::Error> {
        Err(de::Error::custom("not a property of this type"))
    }
}

/// Reads a property name, borrowing it from the input when it can.
struct KeySeed<'de>(PhantomData<&'de ()>);

impl<'de> DeserializeSeed<'de> for KeySeed<'de> {
    type Value = Cow<'de, str>;

    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Cow<'de, str>, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for KeySeed<'de> {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a property name")
    }

    #[inline]
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v))
    }
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

/// [`Reader::field`] for a value that did not fit (entirely).
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
