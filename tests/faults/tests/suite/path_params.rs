//! Path parameters: whatever its value, every path parameter of every
//! operation is exactly one segment of the documented path. A value that
//! cannot be one (empty, `.`, `..`) is refused before anything is sent, by
//! `InvalidRequest` naming the spec's parameter; any other value is either
//! refused the same way (it breaks the parameter's constraints) or arrives
//! as one segment that decodes to the value itself.

use nttcom_runtime::OperationError;

use crate::calls::{Clients, Credentials, Setup, expected_segments, percent_decode, table};
use crate::server::{Answer, Server};
use crate::{assert_none_failed, bounded};

/// Values that try to leave their segment: dot segments, separators (`\` is
/// one for URL parsers), characters that end the path, encoded separators,
/// header injection, nothing.
const HOSTILE: &[&str] = &[
    ".",
    "..",
    "\\",
    "..\\orders",
    "/",
    "../orders",
    "a/..",
    "%2F",
    "%2e%2e",
    ".%2e",
    "?",
    "?limit=1",
    "#",
    "#top",
    "\r\n",
    "a\r\nX-Injected: 1",
    " ",
    "",
];

/// Values no path segment can carry: refused, always.
const ALWAYS_REFUSED: &[&str] = &["", ".", ".."];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_path_parameter_stays_one_segment() {
    let server = Server::start("127.0.0.1").await;
    server.answer(|_| Answer::new(418));
    let clients = Clients::new(&Setup::new(server.origin(), Credentials::Token));
    let (mut failures, mut cases) = (Vec::new(), 0);
    for entry in table() {
        let operation = entry.operation();
        for parameter in operation.path_parameters() {
            for value in HOSTILE {
                cases += 1;
                let case = format!("{} {} {}={value:?}", entry.slug, entry.id, parameter.name);
                server.reset();
                let params = entry.params().with(&parameter.name, value);
                let outcome = bounded(&case, (entry.call)(&clients, &params)).await;
                let requests = server.take();
                if let Err(OperationError::InvalidRequest(reason)) = &outcome {
                    if !requests.is_empty() {
                        failures.push(format!("{case}: refused, yet sent"));
                    } else if !reason.contains(&parameter.name) {
                        failures.push(format!("{case}: the refusal does not name it: {reason}"));
                    }
                    continue;
                }
                if ALWAYS_REFUSED.contains(value) {
                    failures.push(format!(
                        "{case}: not refused ({:?}); sent {:?}",
                        outcome.map_err(|e| e.to_string()),
                        requests.iter().map(|r| &r.target).collect::<Vec<_>>()
                    ));
                    continue;
                }
                let [request] = &requests[..] else {
                    failures.push(format!("{case}: {} requests arrived", requests.len()));
                    continue;
                };
                let expected = expected_segments(entry.slug, operation);
                let sent: Vec<&str> = request.path().split('/').collect();
                let values = params_values(&entry.params(), operation, &parameter.name, value);
                let fits = sent.len() == expected.len()
                    && expected.iter().zip(&sent).all(|(want, got)| {
                        match want.strip_prefix('{').and_then(|w| w.strip_suffix('}')) {
                            Some(name) => values
                                .iter()
                                .any(|(n, v)| n == name && percent_decode(got) == *v),
                            None => want == got,
                        }
                    });
                if request.header("x-injected").is_some() {
                    failures.push(format!("{case}: a header was injected"));
                }
                if !fits {
                    failures.push(format!(
                        "{case}: sent {} for {}",
                        request.target,
                        expected.join("/")
                    ));
                }
            }
        }
    }
    assert_none_failed("path parameters", &failures, cases);
}

/// The value of every path parameter in this call.
fn params_values(
    examples: &crate::calls::Params,
    operation: &crate::specs::Operation,
    replaced: &str,
    value: &str,
) -> Vec<(String, String)> {
    operation
        .path_parameters()
        .map(|p| {
            let v = if p.name == replaced {
                value.to_owned()
            } else {
                examples.get(&p.name).to_owned()
            };
            (p.name.clone(), v)
        })
        .collect()
}
