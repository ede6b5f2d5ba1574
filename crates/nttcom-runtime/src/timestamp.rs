//! Dates and timestamps as the services send them.
//!
//! A `date-time` field arrives as `2026-03-01T06:48:00Z`, `…+09:00`, with
//! fractional seconds, without a zone, with a space instead of `T`, or as a
//! bare date. [`Timestamp`] (and [`Date`] for `date` fields) accepts every
//! spelling, keeps the text exactly as sent (it is what re-encoding writes),
//! and reads it on demand through chrono.
//!
//! **A timestamp without a zone is read as Japan Standard Time (UTC+09:00)**:
//! the services behind these clients are Japanese and their zone-less
//! timestamps are local time. [`Timestamp::naive`] gives the wall-clock value
//! as written and [`Timestamp::has_offset`] tells whether the zone was sent.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::validate::{Invalid, Validate};

/// The offset assumed for a timestamp sent without one: JST.
pub const ASSUMED_OFFSET_SECONDS: i32 = 9 * 3600;

fn assumed_offset() -> FixedOffset {
    FixedOffset::east_opt(ASSUMED_OFFSET_SECONDS).expect("+09:00 is a valid offset")
}

/// A `date-time` value: the text as the service sent it, read leniently.
///
/// ```
/// use nttcom_runtime::Timestamp;
///
/// let sent: Timestamp = serde_json::from_str(r#""2023-11-02 09:30:00""#).unwrap();
/// assert!(!sent.has_offset());
/// // Read as JST, the zone these services use:
/// assert_eq!(sent.to_utc().unwrap().to_rfc3339(), "2023-11-02T00:30:00+00:00");
/// // Sent back exactly as received:
/// assert_eq!(serde_json::to_string(&sent).unwrap(), r#""2023-11-02 09:30:00""#);
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Timestamp(String);

impl Timestamp {
    /// Keeps `text` as is; it is read when asked (see [`Self::to_utc`]).
    pub fn from_text(text: impl Into<String>) -> Self {
        Self(text.into())
    }

    /// The text as sent (or as built from a chrono value).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The instant, with the offset as sent (JST when none was sent).
    /// `None` when the text is not a date or timestamp in any known spelling.
    pub fn to_fixed_offset(&self) -> Option<DateTime<FixedOffset>> {
        let parsed = parse(&self.0)?;
        match parsed.offset {
            Some(offset) => offset.from_local_datetime(&parsed.local).single(),
            None => assumed_offset().from_local_datetime(&parsed.local).single(),
        }
    }

    /// The instant in UTC (a zone-less text read as JST).
    pub fn to_utc(&self) -> Option<DateTime<Utc>> {
        self.to_fixed_offset().map(|t| t.with_timezone(&Utc))
    }

    /// The wall-clock date and time as written, ignoring any offset.
    pub fn naive(&self) -> Option<NaiveDateTime> {
        parse(&self.0).map(|p| p.local)
    }

    /// The calendar date as written.
    pub fn date(&self) -> Option<NaiveDate> {
        self.naive().map(|t| t.date())
    }

    /// Whether the text carries its own offset (`Z`, `+09:00`).
    pub fn has_offset(&self) -> bool {
        parse(&self.0).is_some_and(|p| p.offset.is_some())
    }

    /// Whether the text is a full RFC 3339 date-time (what a request sends).
    pub fn is_strict(&self) -> bool {
        DateTime::parse_from_rfc3339(&self.0).is_ok()
    }
}

impl<Tz: TimeZone> From<DateTime<Tz>> for Timestamp
where
    Tz::Offset: fmt::Display,
{
    /// RFC 3339, `Z` for UTC, fractional seconds only when there are any.
    fn from(value: DateTime<Tz>) -> Self {
        Self(value.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true))
    }
}

/// Reads any known spelling; fails only when the text is none of them.
impl FromStr for Timestamp {
    type Err = Invalid;

    fn from_str(text: &str) -> Result<Self, Invalid> {
        match parse(text) {
            Some(_) => Ok(Self(text.to_owned())),
            None => Err(Invalid::new(format!("`{text}` is not a date-time"))),
        }
    }
}

/// A `date` value: the text as sent, read leniently (`2026-03-01`, a full
/// timestamp, `20260301`).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Date(String);

impl Date {
    pub fn from_text(text: impl Into<String>) -> Self {
        Self(text.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The calendar date as written; `None` when the text is not one.
    pub fn to_naive(&self) -> Option<NaiveDate> {
        parse(&self.0).map(|p| p.local.date())
    }

    /// Whether the text is exactly `YYYY-MM-DD` (what a request sends).
    pub fn is_strict(&self) -> bool {
        self.0.len() == 10 && NaiveDate::parse_from_str(&self.0, "%Y-%m-%d").is_ok()
    }
}

impl From<NaiveDate> for Date {
    fn from(value: NaiveDate) -> Self {
        Self(value.format("%Y-%m-%d").to_string())
    }
}

impl FromStr for Date {
    type Err = Invalid;

    fn from_str(text: &str) -> Result<Self, Invalid> {
        match parse(text) {
            Some(_) => Ok(Self(text.to_owned())),
            None => Err(Invalid::new(format!("`{text}` is not a date"))),
        }
    }
}

/// A reading of a timestamp text: the wall clock as written and the offset,
/// when one was written.
struct Parsed {
    local: NaiveDateTime,
    offset: Option<FixedOffset>,
}

/// Reads `2026-03-01`, `20260301`, `2026-03-01T06:48`, `…:00`, `….123`,
/// with `T` or a space, followed by nothing, `Z`, `+09:00`, `+0900` or `+09`,
/// and epoch seconds or milliseconds (10 or 13 digits).
fn parse(text: &str) -> Option<Parsed> {
    let text = text.trim();
    if (text.len() == 10 || text.len() == 13)
        && let Some(parsed) = epoch(text)
    {
        return Some(parsed);
    }
    if let Ok(date) = NaiveDate::parse_from_str(text, "%Y%m%d")
        && text.len() == 8
    {
        return Some(Parsed {
            local: date.and_time(NaiveTime::MIN),
            offset: None,
        });
    }
    let (date, rest) = (text.get(..10)?, text.get(10..)?);
    let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
    if rest.is_empty() {
        return Some(Parsed {
            local: date.and_time(NaiveTime::MIN),
            offset: None,
        });
    }
    let rest = rest.strip_prefix(['T', 't', ' '])?;
    let zone_at = rest.find(['Z', 'z', '+', '-']).unwrap_or(rest.len());
    let (clock, zone) = rest.split_at(zone_at);
    let time = ["%H:%M:%S%.f", "%H:%M"]
        .iter()
        .find_map(|f| NaiveTime::parse_from_str(clock.trim_end(), f).ok())?;
    let offset = match zone {
        "" => None,
        "Z" | "z" => Some(FixedOffset::east_opt(0)?),
        _ => Some(offset(zone)?),
    };
    Some(Parsed {
        local: date.and_time(time),
        offset,
    })
}

/// `+09:00`, `+0900`, `+09`, `-05:30`.
fn offset(zone: &str) -> Option<FixedOffset> {
    let sign = match zone.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let digits: String = zone[1..].chars().filter(|c| *c != ':').collect();
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let (hours, minutes) = match digits.len() {
        2 => (digits.parse::<i32>().ok()?, 0),
        4 => (
            digits[..2].parse::<i32>().ok()?,
            digits[2..].parse::<i32>().ok()?,
        ),
        _ => return None,
    };
    FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60))
}

fn epoch(text: &str) -> Option<Parsed> {
    if !text.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let n: i64 = text.parse().ok()?;
    let instant = if text.len() == 13 {
        DateTime::from_timestamp_millis(n)?
    } else {
        DateTime::from_timestamp(n, 0)?
    };
    Some(Parsed {
        local: instant.naive_utc(),
        offset: Some(FixedOffset::east_opt(0)?),
    })
}

macro_rules! text_type {
    ($name:ident, $what:literal, $format:literal) => {
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({:?})", stringify!($name), self.0)
            }
        }

        /// For request builders: `.from("2026-03-01")`; the request checks the strict form.
        impl TryFrom<&str> for $name {
            type Error = Invalid;
            fn try_from(text: &str) -> Result<Self, Invalid> {
                text.parse()
            }
        }

        impl TryFrom<String> for $name {
            type Error = Invalid;
            fn try_from(text: String) -> Result<Self, Invalid> {
                text.parse()
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> String {
                value.0
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }

        /// Any string (or number, as text) decodes; it is kept as sent.
        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                crate::read::deserialize(deserializer)
            }
        }

        /// Requests send the strict form only.
        impl Validate for $name {
            fn validate(&self) -> Result<(), Invalid> {
                crate::validate::format(&self.0, $format)
            }
        }

        #[cfg(feature = "schemars")]
        impl schemars::JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({ "type": "string", "format": $format, "description": $what })
            }
        }
    };
}

text_type!(
    Timestamp,
    "A date-time as the service sent it.",
    "date-time"
);
text_type!(Date, "A date as the service sent it.", "date");

/// Ordered by instant (a zone-less text read as JST), then by text; texts
/// that are no timestamp sort last.
impl Ord for Timestamp {
    fn cmp(&self, other: &Self) -> Ordering {
        let key = |t: &Timestamp| (t.to_utc().is_none(), t.to_utc());
        key(self)
            .cmp(&key(other))
            .then_with(|| self.0.cmp(&other.0))
    }
}

impl PartialOrd for Timestamp {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Date {
    fn cmp(&self, other: &Self) -> Ordering {
        let key = |d: &Date| (d.to_naive().is_none(), d.to_naive());
        key(self)
            .cmp(&key(other))
            .then_with(|| self.0.cmp(&other.0))
    }
}

impl PartialOrd for Date {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(text: &str) -> Option<String> {
        Timestamp::from_text(text).to_utc().map(|t| t.to_rfc3339())
    }

    #[test]
    fn every_spelling_a_service_sends_is_read() {
        let expected = Some("2026-03-01T06:48:00+00:00".to_owned());
        for text in [
            "2026-03-01T06:48:00Z",
            "2026-03-01t06:48:00z",
            "2026-03-01T15:48:00+09:00",
            "2026-03-01T15:48:00+0900",
            "2026-03-01T15:48:00+09",
            "2026-03-01 06:48:00Z",
            "2026-03-01T15:48:00",
            "2026-03-01 15:48:00",
            "2026-03-01T15:48",
            " 2026-03-01T15:48:00 ",
            "1772347680",
            "1772347680000",
        ] {
            assert_eq!(utc(text), expected, "{text}");
        }
        assert_eq!(
            utc("2026-03-01T06:48:00.123Z"),
            Some("2026-03-01T06:48:00.123+00:00".into())
        );
        assert_eq!(
            utc("2026-03-01"),
            Some("2026-02-28T15:00:00+00:00".into()),
            "midnight JST"
        );
        assert_eq!(utc("20260301"), Some("2026-02-28T15:00:00+00:00".into()));
    }

    #[test]
    fn nothing_is_lost() {
        for text in ["2026-03-01 15:48:00", "", "soon", "2026-02-30T00:00:00Z"] {
            let decoded: Timestamp =
                serde_json::from_str(&serde_json::to_string(text).unwrap()).unwrap();
            assert_eq!(decoded.as_str(), text);
            assert_eq!(serde_json::to_value(&decoded).unwrap(), text);
        }
        assert_eq!(utc("soon"), None);
        assert_eq!(utc("2026-02-30T00:00:00Z"), None);
        let number: Timestamp = serde_json::from_str("1772347680").unwrap();
        assert_eq!(number.as_str(), "1772347680");
    }

    #[test]
    fn offsets_wall_clock_and_dates() {
        let t = Timestamp::from_text("2023-11-02T00:00:00");
        assert!(!t.has_offset());
        assert!(Timestamp::from_text("2023-11-02T00:00:00Z").has_offset());
        assert!(Timestamp::from_text("2023-11-02T00:00:00+09:00").has_offset());
        assert_eq!(
            t.to_fixed_offset().unwrap().to_rfc3339(),
            "2023-11-02T00:00:00+09:00"
        );
        assert_eq!(t.naive().unwrap().to_string(), "2023-11-02 00:00:00");
        assert_eq!(
            Timestamp::from_text("2023-11-02T23:30:00-05:00")
                .date()
                .unwrap()
                .to_string(),
            "2023-11-02"
        );
        let d = Date::from_text("2026-03-01T23:00:00+09:00");
        assert_eq!(d.to_naive().unwrap().to_string(), "2026-03-01");
        assert!(!d.is_strict());
        assert!(Date::from_text("2026-03-01").is_strict());
        let (early, late) = (Date::from_text("2026-03-01"), Date::from_text("2026-12-01"));
        assert!(early < late);
        assert_eq!(early.partial_cmp(&late), Some(std::cmp::Ordering::Less));
    }

    #[test]
    fn requests_send_the_strict_form() {
        let built = Timestamp::from(Utc.with_ymd_and_hms(2026, 11, 24, 1, 2, 3).unwrap());
        assert_eq!(built.as_str(), "2026-11-24T01:02:03Z");
        assert!(built.validate().is_ok());
        assert!(
            Timestamp::from_text("2026-11-24 01:02:03")
                .validate()
                .is_err()
        );
        assert_eq!(
            Date::from(NaiveDate::from_ymd_opt(2026, 1, 2).unwrap()).as_str(),
            "2026-01-02"
        );
        assert!("tomorrow".parse::<Timestamp>().is_err());
        assert!("2026-11-24 01:02".parse::<Timestamp>().is_ok());
    }

    #[test]
    fn ordered_by_instant() {
        let mut list = [
            Timestamp::from_text("2026-01-01T10:00:00Z"),
            Timestamp::from_text("garbage"),
            Timestamp::from_text("2026-01-01T18:00:00"),
        ];
        list.sort();
        let texts: Vec<&str> = list.iter().map(Timestamp::as_str).collect();
        assert_eq!(
            texts,
            ["2026-01-01T18:00:00", "2026-01-01T10:00:00Z", "garbage"]
        );
    }

    #[test]
    fn offsets_with_minutes() {
        for (text, seconds) in [
            ("2023-11-02T00:00:00+05:30", 5 * 3600 + 30 * 60),
            ("2023-11-02T00:00:00-0930", -(9 * 3600 + 30 * 60)),
            ("2023-11-02T00:00:00+09", 9 * 3600),
        ] {
            let offset = Timestamp::from_text(text).to_fixed_offset().unwrap();
            assert_eq!(offset.offset().local_minus_utc(), seconds, "{text}");
        }
    }
}
