//! The two timestamp formats the runtime reads: Keystone's `expires_at`
//! (ISO 8601 / RFC 3339) and `Retry-After` dates (RFC 9110 HTTP-date); the
//! gateways' `X-Quota-Reset` may be either.
//!
//! Hand-written so that the runtime needs no date crate; both parsers return
//! `None` on anything they do not understand and never panic.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The wait from `now` until `at`: zero when `at` has passed.
pub(crate) fn until(at: SystemTime, now: SystemTime) -> Duration {
    at.duration_since(now).unwrap_or(Duration::ZERO)
}

/// Parses an RFC 3339 date-time such as `2026-11-22T19:00:00.000000Z` or
/// `2026-11-22T20:00:00+01:00`.
pub(crate) fn parse_rfc3339(text: &str) -> Option<SystemTime> {
    let b = text.trim().as_bytes();
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || b[13] != b':' || b[16] != b':' {
        return None;
    }
    if !matches!(b[10], b'T' | b't' | b' ') {
        return None;
    }
    let date = (number(&b[0..4])?, number(&b[5..7])?, number(&b[8..10])?);
    let clock = (
        number(&b[11..13])?,
        number(&b[14..16])?,
        number(&b[17..19])?,
    );
    let mut rest = &b[19..];
    let mut nanos = 0u32;
    if let Some(fraction) = rest.strip_prefix(b".") {
        let len = fraction.iter().take_while(|c| c.is_ascii_digit()).count();
        if len == 0 {
            return None;
        }
        // Nanosecond precision is plenty; further digits are dropped.
        let kept = &fraction[..len.min(9)];
        nanos = u32::try_from(number(kept)?).ok()? * 10u32.pow(9 - kept.len() as u32);
        rest = &fraction[len..];
    }
    let offset = match rest {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let minutes = number(&[*h1, *h2])? * 60 + number(&[*m1, *m2])?;
            if *sign == b'-' { -minutes } else { minutes }
        }
        _ => return None,
    };
    to_system_time(date, clock, nanos, offset * 60)
}

/// Parses an HTTP-date in any of the three forms RFC 9110 asks recipients to
/// accept: `Sun, 06 Nov 1994 08:49:37 GMT` (the preferred one),
/// `Sunday, 06-Nov-94 08:49:37 GMT` and `Sun Nov  6 08:49:37 1994`.
pub(crate) fn parse_http_date(text: &str) -> Option<SystemTime> {
    let parts: Vec<&str> = text.split_whitespace().collect();
    let (day, month, year, clock) = match parts.as_slice() {
        [_, day, month, year, clock, "GMT"] => (*day, *month, number(year.as_bytes())?, *clock),
        [_, date, clock, "GMT"] => {
            let mut fields = date.split('-');
            let (day, month, year) = (fields.next()?, fields.next()?, fields.next()?);
            let year = number(year.as_bytes())?;
            // Two-digit years (RFC 850): 70–99 are the 1900s, the rest the 2000s.
            let year = match year {
                0..=69 => 2000 + year,
                70..=99 => 1900 + year,
                _ => year,
            };
            (day, month, year, *clock)
        }
        [_, month, day, clock, year] => (*day, *month, number(year.as_bytes())?, *clock),
        _ => return None,
    };
    let month = MONTHS.iter().position(|m| *m == month)? as i64 + 1;
    let clock = clock.as_bytes();
    if clock.len() != 8 || clock[2] != b':' || clock[5] != b':' {
        return None;
    }
    let clock = (
        number(&clock[0..2])?,
        number(&clock[3..5])?,
        number(&clock[6..8])?,
    );
    to_system_time((year, month, number(day.as_bytes())?), clock, 0, 0)
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A run of ASCII digits (at most 9) as a number.
fn number(digits: &[u8]) -> Option<i64> {
    if digits.is_empty() || digits.len() > 9 || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(digits.iter().fold(0, |n, d| n * 10 + i64::from(d - b'0')))
}

fn to_system_time(
    (year, month, day): (i64, i64, i64),
    (hour, minute, second): (i64, i64, i64),
    nanos: u32,
    offset_seconds: i64,
) -> Option<SystemTime> {
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    // 60 admits a leap second; it lands on the next minute's first second.
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let seconds = days_from_civil(year, month, day) * 86_400 + hour * 3_600 + minute * 60 + second
        - offset_seconds;
    let seconds = u64::try_from(seconds).ok()?;
    UNIX_EPOCH.checked_add(Duration::new(seconds, nanos))
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 in the proleptic Gregorian calendar (Howard
/// Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: u64, nanos: u32) -> SystemTime {
        UNIX_EPOCH + Duration::new(seconds, nanos)
    }

    #[test]
    fn keystone_expires_at() {
        // 2026-11-22T19:00:00Z is 1 795 374 000 s after the epoch.
        assert_eq!(
            parse_rfc3339("2026-11-22T19:00:00.000000Z"),
            Some(at(1_795_374_000, 0))
        );
        assert_eq!(
            parse_rfc3339("2026-11-22T19:00:00.123456Z"),
            Some(at(1_795_374_000, 123_456_000))
        );
        assert_eq!(
            parse_rfc3339("2026-11-22T19:00:00.123456789123Z"),
            Some(at(1_795_374_000, 123_456_789))
        );
        assert_eq!(
            parse_rfc3339("2026-11-22T19:00:00Z"),
            Some(at(1_795_374_000, 0))
        );
        assert_eq!(
            parse_rfc3339("2026-11-23T04:00:00+09:00"),
            Some(at(1_795_374_000, 0))
        );
        assert_eq!(
            parse_rfc3339("2026-11-23T04:30:00+09:30"),
            Some(at(1_795_374_000, 0))
        );
        assert_eq!(
            parse_rfc3339("2026-11-22T13:15:00-05:45"),
            Some(at(1_795_374_000, 0))
        );
        // A leap second lands on the next minute's first second.
        assert_eq!(
            parse_rfc3339("2026-11-22T18:59:60Z"),
            Some(at(1_795_374_000, 0))
        );
        assert_eq!(
            parse_rfc3339("2026-11-22T19:59:59Z"),
            Some(at(1_795_374_000 + 59 * 60 + 59, 0))
        );
        assert_eq!(
            parse_rfc3339("2026-11-22T23:59:59Z"),
            Some(at(1_795_374_000 + 4 * 3_600 + 59 * 60 + 59, 0))
        );
        assert_eq!(parse_rfc3339("1970-01-01T00:00:00Z"), Some(at(0, 0)));
        assert_eq!(
            parse_rfc3339("2024-02-29T00:00:00Z"),
            Some(at(1_709_164_800, 0))
        );
    }

    #[test]
    fn rfc3339_rejects_garbage() {
        for bad in [
            "",
            "tomorrow",
            "2026-11-22",
            "2026-11-22T19:00:00",
            "2026-11-22T19:00:00.Z",
            "2026-13-22T19:00:00Z",
            "2025-02-29T19:00:00Z",
            "2026-11-22T24:00:00Z",
            "2026-11-22T25:00:00Z",
            "2026-04-31T19:00:00Z",
            "2026/11-22T19:00:00Z",
            "2026-11/22T19:00:00Z",
            "2026-11-22T19-00:00Z",
            "2026-11-22T19:00-00Z",
            "2026-11-22T19:60:00Z",
            "2026-11-22T19:00:61Z",
            "2026-11-22T19:00:00+0900",
            "2026-11-22T19:00:00Zjunk",
            "1969-12-31T23:59:59Z",
            "２０２６-11-22T19:00:00Z",
        ] {
            assert_eq!(parse_rfc3339(bad), None, "{bad}");
        }
    }

    #[test]
    fn http_dates_in_all_three_forms() {
        let expected = Some(at(784_111_777, 0));
        assert_eq!(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"), expected);
        assert_eq!(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"), expected);
        assert_eq!(parse_http_date("Sun Nov  6 08:49:37 1994"), expected);
        for bad in [
            "",
            "120",
            "Sun, 06 Nov 1994 08-49:37 GMT",
            "Sun, 06 Nov 1994 08:49-37 GMT",
            "Sun, 06 Nov 1994 08:49 GMT",
            "Sun, 06 Foo 1994 08:49:37 GMT",
        ] {
            assert_eq!(parse_http_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn two_digit_years_and_broken_fields() {
        // RFC 850 years: 70–99 are the 1900s, 00–69 the 2000s.
        assert_eq!(
            parse_http_date("Thursday, 06-Nov-08 08:49:37 GMT"),
            parse_http_date("Thu, 06 Nov 2008 08:49:37 GMT")
        );
        assert!(parse_http_date("Thu, 06 Nov 2008 08:49:37 GMT").is_some());
        assert!(parse_rfc3339("2026-04-30T19:00:00Z").is_some());
        assert!(parse_rfc3339("2026-05-31T19:00:00Z").is_some());
        for bad in [
            "Thursday, 06-Nov- 08:49:37 GMT",
            "Thu, 06 Nov 0000002008 08:49:37 GMT",
        ] {
            assert_eq!(parse_http_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn leap_years_follow_the_gregorian_rule() {
        for (date, leap) in [
            ("2024", true),
            ("2000", true),
            ("2100", false),
            ("2026", false),
        ] {
            let text = format!("{date}-02-29T00:00:00Z");
            assert_eq!(parse_rfc3339(&text).is_some(), leap, "{text}");
        }
    }
}
