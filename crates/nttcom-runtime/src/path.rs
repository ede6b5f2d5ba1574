//! Path parameters as exactly one segment of the documented path.

use std::borrow::Cow;

/// Encodes `value` as one path segment; generated operations call it for each
/// path parameter, `name` being the spec's name for it.
///
/// Every byte outside RFC 3986's unreserved set (`A-Z a-z 0-9 - . _ ~`) is
/// percent-encoded, so `/`, `\`, `?`, `#`, `%` and control characters cannot
/// end the segment or the path. The values `""`, `.` and `..` are refused:
/// URL parsing reads `.` and `..` as dot segments (and `%2e` as a dot too, so
/// encoding them would not help), and an empty segment names another
/// resource. The error is what `Error::InvalidRequest` carries. A value
/// with nothing to encode (the usual id) is returned as it is, not copied.
///
/// ```
/// use nttcom_runtime::path_segment;
///
/// assert_eq!(path_segment("code", "int-10000001").unwrap(), "int-10000001");
/// assert_eq!(path_segment("code", "a/b?c#d\\e").unwrap(), "a%2Fb%3Fc%23d%5Ce");
/// assert_eq!(path_segment("code", "東京").unwrap(), "%E6%9D%B1%E4%BA%AC");
/// let refused = path_segment("customerSiteCode", "..").unwrap_err();
/// assert!(refused.starts_with("customerSiteCode: "), "{refused}");
/// ```
pub fn path_segment<'a>(name: &str, value: &'a str) -> Result<Cow<'a, str>, String> {
    match value {
        "" => return Err(format!("{name}: empty, which is no path segment")),
        "." | ".." => {
            return Err(format!(
                "{name}: `{value}` cannot be a path segment (it would name another resource)"
            ));
        }
        _ => {}
    }
    // The common case, checked first: nothing to encode, nothing to copy.
    if value.bytes().all(unreserved) {
        return Ok(Cow::Borrowed(value));
    }
    let mut encoded = String::with_capacity(value.len() * 3);
    for byte in value.bytes() {
        if unreserved(byte) {
            encoded.push(char::from(byte));
        } else {
            const HEX: &[u8; 16] = b"0123456789ABCDEF";
            encoded.push('%');
            encoded.push(char::from(HEX[usize::from(byte >> 4)]));
            encoded.push(char::from(HEX[usize::from(byte & 0xF)]));
        }
    }
    Ok(Cow::Owned(encoded))
}

/// RFC 3986 `unreserved`.
fn unreserved(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reserved_or_unsafe_byte_is_encoded() {
        assert_eq!(path_segment("p", "AZaz09-._~").unwrap(), "AZaz09-._~");
        assert_eq!(
            path_segment("p", "%2F..\\\r\n ").unwrap(),
            "%252F..%5C%0D%0A%20"
        );
        assert_eq!(path_segment("p", ".%2e").unwrap(), ".%252e");
        assert_eq!(path_segment("p", "...").unwrap(), "...");
    }

    #[test]
    fn dot_segments_and_empty_values_are_refused_by_name() {
        for value in ["", ".", ".."] {
            let error = path_segment("orderCode", value).unwrap_err();
            assert!(error.starts_with("orderCode: "), "{error}");
        }
    }

    #[test]
    fn an_encoded_segment_parses_back_as_one_segment() {
        for value in ["a/b", "..\\orders", "?x=1", "#frag", "%2e%2e", "a\r\nb"] {
            let segment = path_segment("p", value).unwrap();
            let url = reqwest::Url::parse(&format!("http://h/base/{segment}/tail")).unwrap();
            let segments: Vec<&str> = url.path_segments().unwrap().collect();
            assert_eq!(segments, ["base", &*segment, "tail"], "{value:?}");
        }
    }
}
