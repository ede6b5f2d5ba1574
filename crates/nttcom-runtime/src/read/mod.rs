//! Reading responses so that one odd value never fails them and nothing the
//! server sent is lost.
//!
//! serde's own readers fail on a value of another shape, and a failure
//! anywhere fails the whole response. Here every value has an outcome
//! instead ([`Read`]), and the generated types decide where it goes:
//!
//! - **`null` is absent**: an optional field reads `None`.
//! - **A value that fits** (after the usual leniency: numbers and numeric
//!   strings interchangeable, `12.0` an integer, a number as the text of a
//!   string) fills its field.
//! - **Any other value is kept as received**: the field reads as absent and
//!   the value goes into the object's [`Extra`] under the property's name,
//!   from where encoding writes it back unchanged. This covers a number
//!   past its Rust type (`2^63` in an `i64`, `12.5` in an integer), text
//!   in a number, `""` or `[]` where an object is documented, a boolean for
//!   a date, an object for a string.
//! - A **list** keeps the items that fit; when one does not, the whole list
//!   is kept too (and is what encoding writes): the odd items as received,
//!   the others as their typed value encodes.
//! - A value of a **`oneOf`/`anyOf`** becomes the branch whose documented
//!   shape it has, else the first branch that reads it leniently, else the
//!   union's `Other` variant, as received ([`union`]).
//! - A **required member** (`x-required-by-document`) without a usable value
//!   holds its type's [`Lenient::fallback`] and is listed in
//!   [`Extra::defaulted`]; encoding leaves it out (or writes what was
//!   received).
//! - **Unknown properties** are kept in [`Extra`] too.
//!
//! Only malformed JSON fails.
//!
//! [`Extra`]: crate::Extra
//! [`Extra::defaulted`]: crate::Extra::defaulted

mod compound;
pub mod object;
mod scalar;
pub mod union;

use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess};
use serde_json::Value;

pub use object::{FromMap, Writer};
pub use scalar::{open_enum, open_enum_to};
pub use union::{Shape, Union};

/// What reading one value gave.
#[derive(Clone, Debug, PartialEq)]
pub enum Read<T> {
    /// The value, in its type.
    Value(T),
    /// `null`.
    Absent,
    /// A value the type cannot hold, as received.
    Raw(Value),
    /// A list of which some items did not fit: the items that did, and
    /// the whole list, its odd items as received and the others as their
    /// typed value encodes (boxed: rare, and it keeps `Read<T>` small).
    Partial(T, Box<Value>),
}

impl<T> Read<T> {
    /// Converts the typed value, keeping the outcome.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Read<U> {
        match self {
            Read::Value(v) => Read::Value(f(v)),
            Read::Absent => Read::Absent,
            Read::Raw(raw) => Read::Raw(raw),
            Read::Partial(v, raw) => Read::Partial(f(v), raw),
        }
    }

    /// Whether the value fitted its type entirely.
    pub fn is_value(&self) -> bool {
        matches!(self, Read::Value(_))
    }
}

/// A type the generated code reads without failing.
///
/// Implemented here for strings, numbers, booleans, [`Value`],
/// [`Timestamp`](crate::Timestamp), [`Date`](crate::Date), `Option`, `Box`
/// and `Vec`; the generated code implements it for every type it emits.
pub trait Lenient: Sized {
    /// Reads a value from whatever the service sent. Fails only when the
    /// input itself is malformed.
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Read<Self>, D::Error>;

    /// The value a required member holds when the response gives none that
    /// fits: `""`, `0`, `false`, empty, `Unknown("")`, `Other(null)`.
    fn fallback() -> Self;

    /// [`Self::read`], handing the outcome to `sink` where it is made
    /// instead of returning it. Object types override it (with
    /// [`object::object_to`]): returning a large value up through the
    /// deserializer's frames costs a copy per frame, which for a struct
    /// past 128 bytes is a `memcpy` call each (measured: ICMS rows
    /// 1.27 → 1.1x of plain serde).
    #[inline]
    fn read_to<'de, D: Deserializer<'de>, S: Sink<Self>>(
        deserializer: D,
        sink: S,
    ) -> Result<(), D::Error> {
        Self::read(deserializer).map(|read| sink.take(read))
    }
}

/// Where a read value goes: a field's slot, or the end of a list.
pub trait Sink<T> {
    fn take(self, read: Read<T>);
}

/// A sink for `U` taking `T`s through `f` (a newtype's `read_to` hands
/// its inner value on this way).
pub fn map_sink<T, U, S: Sink<U>, F: FnOnce(T) -> U>(sink: S, f: F) -> MapSink<S, F> {
    MapSink(sink, f)
}

/// See [`map_sink`].
pub struct MapSink<S, F>(S, F);

impl<T, U, S: Sink<U>, F: FnOnce(T) -> U> Sink<T> for MapSink<S, F> {
    #[inline(always)]
    fn take(self, read: Read<T>) {
        self.0.take(read.map(self.1))
    }
}

/// A lenient visitor (`V`, whose value is a `Read<T>`) that hands its
/// outcome to a sink from inside each visit, so that the outcome is made
/// and settled in one frame: moving a `Read<T>` out through the
/// deserializer costs a store-forwarding stall per value (measured: a few
/// percent of a whole decode).
struct ToSink<V, S>(V, S);

macro_rules! forward_to_sink {
    ($($method:ident($ty:ty)),*) => {$(
        #[inline(always)]
        fn $method<E: serde::de::Error>(self, v: $ty) -> Result<(), E> {
            self.0.$method(v).map(|read| self.1.take(read))
        }
    )*};
}

impl<'de, T, V, S> serde::de::Visitor<'de> for ToSink<V, S>
where
    V: serde::de::Visitor<'de, Value = Read<T>>,
    S: Sink<T>,
{
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.expecting(f)
    }

    forward_to_sink!(
        visit_bool(bool),
        visit_i64(i64),
        visit_u64(u64),
        visit_f64(f64),
        visit_str(&str),
        visit_borrowed_str(&'de str),
        visit_string(String)
    );

    #[inline]
    fn visit_unit<E: serde::de::Error>(self) -> Result<(), E> {
        self.0.visit_unit().map(|read| self.1.take(read))
    }

    #[inline]
    fn visit_none<E: serde::de::Error>(self) -> Result<(), E> {
        self.0.visit_none().map(|read| self.1.take(read))
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }

    #[inline]
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        self.0.visit_map(map).map(|read| self.1.take(read))
    }

    #[inline]
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        self.0.visit_seq(seq).map(|read| self.1.take(read))
    }
}

/// [`Lenient::read`] as a serde seed, for `next_value_seed` and
/// `next_element_seed`.
pub struct Seed<T>(PhantomData<T>);

impl<T> Seed<T> {
    pub const fn new() -> Self {
        Self(PhantomData)
    }
}

impl<T> Default for Seed<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<'de, T: Lenient> DeserializeSeed<'de> for Seed<T> {
    type Value = Read<T>;

    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Read<T>, D::Error> {
        T::read(deserializer)
    }
}

/// `Deserialize` of a generated newtype or open enum: what [`Lenient::read`]
/// gives, where a value of another shape is an error (the value as a whole
/// was not sent; inside an object it would be kept in
/// [`Extra`](crate::Extra) instead). A list keeps the items that read.
pub fn deserialize<'de, D: Deserializer<'de>, T: Lenient>(deserializer: D) -> Result<T, D::Error> {
    match T::read(deserializer)? {
        Read::Value(value) | Read::Partial(value, _) => Ok(value),
        Read::Absent => Err(serde::de::Error::invalid_type(
            serde::de::Unexpected::Unit,
            &"a value",
        )),
        Read::Raw(raw) => Err(serde::de::Error::custom(format_args!(
            "{raw} is not a value of type `{}`",
            short_type_name::<T>()
        ))),
    }
}

/// `Site` for `nttcom_ipoe::types::Site` (a generic type keeps its paths).
fn short_type_name<T>() -> &'static str {
    let name = std::any::type_name::<T>();
    match name.contains('<') {
        true => name,
        false => name.rsplit("::").next().unwrap_or(name),
    }
}

thread_local! {
    /// Whether generated objects are read [`strictly`] on this thread.
    static STRICT: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `decode`, in which every generated object type is read strictly:
/// a property the type does not know, a value that does not fit its field
/// and a missing required member are errors instead of being kept, each
/// named at its JSON path by [`decode_slice`](crate::decode_slice). For
/// input a person wrote, such as a request body in a file, where they are
/// mistakes; responses are never read this way.
///
/// ```
/// use nttcom_runtime::read::strictly;
/// # use nttcom_runtime::{Extra, read::{FromMap, object::{self, Reader}}};
/// # #[derive(Debug)] struct Site { name: Option<String>, extra: Extra }
/// # impl FromMap for Site {
/// #     fn from_map<'de, A: serde::de::MapAccess<'de>>(map: A) -> Result<Self, A::Error> {
/// #         let mut object = Reader::new(map);
/// #         let mut name = None;
/// #         while object.next_key()? {
/// #             match object.key() { "name" => object.field(&mut name)?, _ => object.unknown()? }
/// #         }
/// #         Ok(Self { name, extra: object.finish()? })
/// #     }
/// # }
/// # impl<'de> serde::Deserialize<'de> for Site {
/// #     fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> { object::deserialize(d) }
/// # }
/// let typo = br#"[{"name": "a", "nmae": "b"}]"#;
/// assert!(nttcom_runtime::decode_slice::<Vec<Site>>(typo).is_ok(), "kept, normally");
/// let error = strictly(|| nttcom_runtime::decode_slice::<Vec<Site>>(typo)).unwrap_err();
/// assert!(error.to_string().starts_with("[0].nmae: not a property of this type"), "{error}");
/// ```
pub fn strictly<R>(decode: impl FnOnce() -> R) -> R {
    /// Puts back the mode it found, however `decode` ends.
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            STRICT.with(|strict| strict.set(self.0));
        }
    }
    let _restore = Restore(STRICT.with(|strict| strict.replace(true)));
    decode()
}

/// Whether generated objects are read [`strictly`] here (only asked on the
/// rare paths: an unknown property, an object that kept something).
fn is_strict() -> bool {
    STRICT.with(std::cell::Cell::get)
}

/// Reads `T` from a JSON value already in memory.
#[inline]
pub fn from_value<T: Lenient>(value: &Value) -> Read<T> {
    // A `&Value` is well-formed JSON, so no reader fails on it; should one
    // ever, the value is kept rather than lost.
    T::read(value).unwrap_or_else(|_| Read::Raw(value.clone()))
}

/// The rest of a map the reader did not expect, as a JSON value.
fn raw_map<'de, A: MapAccess<'de>>(map: A) -> Result<Value, A::Error> {
    Value::deserialize(MapAccessDeserializer::new(map))
}

/// The rest of a sequence the reader did not expect, as a JSON value.
fn raw_seq<'de, A: SeqAccess<'de>>(seq: A) -> Result<Value, A::Error> {
    Value::deserialize(SeqAccessDeserializer::new(seq))
}

/// The visits every lenient visitor shares: `null` is absent, an object or
/// array where none is expected is kept raw, an `Option` wrapper (from
/// formats other than JSON) is looked through.
macro_rules! absent_or_raw {
    () => {
        fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok($crate::read::Read::Absent)
        }

        fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok($crate::read::Read::Absent)
        }

        fn visit_some<D: serde::Deserializer<'de>>(
            self,
            deserializer: D,
        ) -> Result<Self::Value, D::Error> {
            deserializer.deserialize_any(self)
        }

        fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
            $crate::read::raw_map(map).map($crate::read::Read::Raw)
        }

        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
            $crate::read::raw_seq(seq).map($crate::read::Read::Raw)
        }
    };
}
use absent_or_raw;

#[cfg(test)]
mod tests;
