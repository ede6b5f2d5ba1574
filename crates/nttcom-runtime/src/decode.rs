//! Response bodies into typed values, with the JSON path of any fault.

use progenitor_client::ResponseValue;
use serde::de::DeserializeOwned;

use crate::{OperationError, UndecodedResponse};

/// The byte-order mark some servers put before a UTF-8 JSON body.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Reads `response`'s body and decodes it as JSON into `T`; generated
/// operations call it for every answer with a body.
///
/// A body that does not decode is decoded a second time, on this error path
/// only, to find where it went wrong: the error of
/// [`OperationError::InvalidResponsePayload`] then starts with the JSON path
/// of the fault, e.g. `customerSite[3].customerCode: invalid type: null,
/// expected a string at line 1 column 512`. A fault in the body as a whole
/// (not JSON, trailing characters) keeps serde_json's own error. Either way
/// the error keeps the answer's status and headers and the start of its body
/// ([`UndecodedResponse`]). A UTF-8 byte-order mark before the JSON is
/// skipped.
///
/// ```no_run
/// # async fn run(response: reqwest::Response) {
/// #[derive(Debug, serde::Deserialize)]
/// struct Site { code: String }
///
/// match nttcom_runtime::decode::<Vec<Site>, ()>(response).await {
///     Ok(sites) => println!("{:?} {:?}", sites.status(), sites.into_inner()),
///     Err(error) => eprintln!("{error}"), // "… [3].code: invalid type: null, …"
/// }
/// # }
/// ```
pub async fn decode<T: DeserializeOwned, E>(
    mut response: reqwest::Response,
) -> Result<ResponseValue<T>, OperationError<E>> {
    let status = response.status();
    // Taken rather than cloned: reading the body does not need them.
    let headers = std::mem::take(response.headers_mut());
    // `Runtime::send` has read the body already; a failure here is one of
    // a response that did not come from it.
    let body = response.bytes().await?;
    match decode_slice(&body) {
        Ok(inner) => Ok(ResponseValue::new(inner, status, headers)),
        Err(error) => Err(OperationError::InvalidResponsePayload(
            UndecodedResponse::new(status, headers, &body, error),
        )),
    }
}

/// What [`decode`] does with a body: JSON into `T`, and on failure an error
/// whose message starts with the JSON path of the fault.
///
/// ```
/// #[derive(Debug, serde::Deserialize)]
/// struct Site { code: String }
///
/// let error = nttcom_runtime::decode_slice::<Vec<Site>>(br#"[{"code": "a"}, {"code": null}]"#).unwrap_err();
/// assert!(error.to_string().starts_with("[1].code: invalid type: null"), "{error}");
/// ```
pub fn decode_slice<T: DeserializeOwned>(body: &[u8]) -> Result<T, serde_json::Error> {
    let body = body.strip_prefix(BOM).unwrap_or(body);
    serde_json::from_slice(body).map_err(|error| with_path::<T>(body, error))
}

/// `error` with the JSON path where decoding `body` into `T` fails put in
/// front of its message.
fn with_path<T: DeserializeOwned>(body: &[u8], error: serde_json::Error) -> serde_json::Error {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
        Err(located) if located.path().iter().next().is_some() => {
            let path = located.path().to_string();
            serde::de::Error::custom(format_args!("{path}: {}", located.into_inner()))
        }
        // The fault is in the body as a whole, or lies past the value
        // (trailing characters, which only `from_slice` checks).
        _ => error,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::Deserialize;

    use super::*;

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "camelCase")]
    #[allow(dead_code)]
    struct Page {
        customer_site: Vec<Site>,
        labels: Option<BTreeMap<String, u32>>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "camelCase")]
    #[allow(dead_code)]
    struct Site {
        customer_code: String,
    }

    fn fault(body: &str) -> String {
        let error = serde_json::from_slice::<Page>(body.as_bytes()).unwrap_err();
        with_path::<Page>(body.as_bytes(), error).to_string()
    }

    #[test]
    fn the_message_names_the_path_of_the_fault() {
        let body = r#"{"customerSite": [{"customerCode": "a"}, {"customerCode": null}]}"#;
        assert_eq!(
            fault(body),
            "customerSite[1].customerCode: invalid type: null, expected a string \
             at line 1 column 62"
        );
        assert_eq!(
            fault(r#"{"customerSite": [], "labels": {"x": -1}}"#),
            "labels.x: invalid value: integer `-1`, expected u32 at line 1 column 39"
        );
        assert_eq!(
            fault(r#"{"customerSite": [{}]}"#),
            "customerSite[0]: missing field `customerCode` at line 1 column 20"
        );
    }

    #[test]
    fn faults_of_the_whole_body_keep_serde_json_s_error() {
        assert_eq!(
            fault(r#"{"labels": null}"#),
            "missing field `customerSite` at line 1 column 16"
        );
        assert_eq!(fault("<html>"), "expected value at line 1 column 1");
        assert_eq!(
            fault(r#"{"customerSite": []} trailing"#),
            "trailing characters at line 1 column 22"
        );
        assert_eq!(fault(""), "EOF while parsing a value at line 1 column 0");
    }

    #[test]
    fn a_byte_order_mark_is_skipped() {
        let body = b"\xEF\xBB\xBF{\"customerSite\": [{\"customerCode\": \"a\"}]}";
        let page: Page = decode_slice(body).unwrap();
        assert_eq!(page.customer_site[0].customer_code, "a");
    }
}
