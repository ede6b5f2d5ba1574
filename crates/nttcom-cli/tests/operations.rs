//! Every operation of every service through the built binary, from the test
//! data `cargo xtask generate` derives from the specs' examples
//! (`tests/operations/<slug>.json`): the arguments in, the request the
//! loopback server sees (method, path, query, headers, body), the answer on
//! stdout and exit code 0; the documented error answer exiting 4 with its
//! status on stderr; a value the spec refuses exiting 2, naming the flag and
//! the spec's field, with nothing sent.

mod common;

use std::fmt::Write as _;
use std::path::Path;

use common::{Cli, Out, Scripted, Seen, Silent, TOKEN};
use nttcom_cli::services::SERVICES;
use nttcom_cli::spec::OperationSpec;
use serde_json::Value;

/// One service's cases, as the xtask writes them.
struct Service {
    slug: String,
    cases: Vec<Value>,
}

fn services() -> Vec<Service> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/operations");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/operations (cargo xtask generate)")
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
        .iter()
        .map(|path| {
            let file: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
            Service {
                slug: file["service"].as_str().unwrap().to_owned(),
                cases: file["operations"].as_array().unwrap().clone(),
            }
        })
        .collect()
}

fn operation(slug: &str, name: &str) -> &'static OperationSpec {
    let service = SERVICES
        .iter()
        .find(|s| s.slug == slug)
        .unwrap_or_else(|| panic!("no service {slug}"));
    service
        .operations
        .iter()
        .find(|op| op.name == name)
        .unwrap_or_else(|| panic!("{slug} has no operation {name}"))
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .into_iter()
        .flatten()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect()
}

/// Runs `nttcom <slug> <operation> <args…> [--body FILE] --base-url <base>`.
fn run(cli: &Cli, slug: &str, case: &Value, args: &Value, body: &Value, base: &str) -> Out {
    let mut line = vec![
        slug.to_owned(),
        case["operation"].as_str().unwrap().to_owned(),
    ];
    line.extend(strings(args));
    if !body.is_null() {
        line.push("--body".into());
        line.push(cli.file("body.json", &body.to_string()));
    }
    line.extend(["--base-url".to_owned(), base.to_owned()]);
    let line: Vec<&str> = line.iter().map(String::as_str).collect();
    cli.run(&line)
}

/// `a` and `b` are the same JSON, `null` members aside (the client leaves
/// out what is unset) and numbers compared by value.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Object(a), Value::Object(b)) => {
            let keys = |o: &serde_json::Map<String, Value>| -> Vec<String> {
                o.iter()
                    .filter(|(_, v)| !v.is_null())
                    .map(|(k, _)| k.clone())
                    .collect()
            };
            keys(a) == keys(b) && keys(a).iter().all(|k| same(&a[k], &b[k]))
        }
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(a, b)| same(a, b))
        }
        (Value::Number(a), Value::Number(b)) => a.as_f64() == b.as_f64(),
        _ => a == b,
    }
}

/// Everything the server sent (`sent`) is in what was printed (`printed`):
/// nothing dropped. The client may add empty lists; `null`s may go.
fn kept(sent: &Value, printed: &Value) -> bool {
    match (sent, printed) {
        (Value::Null, _) => true,
        (Value::Object(sent), Value::Object(printed)) => sent
            .iter()
            .all(|(k, v)| v.is_null() || printed.get(k).is_some_and(|p| kept(v, p))),
        (Value::Array(sent), Value::Array(printed)) => {
            sent.len() == printed.len() && sent.iter().zip(printed).all(|(s, p)| kept(s, p))
        }
        (Value::Number(a), Value::Number(b)) => a.as_f64() == b.as_f64(),
        _ => sent == printed,
    }
}

/// `a=1&b=x%20y` as decoded pairs, sorted.
fn query_pairs(target: &str) -> Vec<(String, String)> {
    let query = target.split_once('?').map_or("", |(_, q)| q);
    let mut pairs: Vec<(String, String)> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(k), decode(v))
        })
        .collect();
    pairs.sort();
    pairs
}

fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let escaped = bytes
            .get(i + 1..i + 3)
            .filter(|_| bytes[i] == b'%')
            .and_then(|hex| u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok());
        match (bytes[i], escaped) {
            (_, Some(byte)) => {
                out.push(byte);
                i += 2;
            }
            (b'+', None) => out.push(b' '),
            (byte, None) => out.push(byte),
        }
        i += 1;
    }
    String::from_utf8(out).unwrap()
}

/// What the server saw differs from the case's `request`: why.
fn request_problems(
    op: &OperationSpec,
    seen: &Seen,
    expected: &Value,
    header: &str,
) -> Vec<String> {
    let mut problems = Vec::new();
    if seen.method != expected["method"] {
        problems.push(format!(
            "method {} instead of {}",
            seen.method,
            expected["method"].as_str().unwrap_or_default()
        ));
    }
    let path = seen.target.split('?').next().unwrap_or_default();
    if path != expected["path"] {
        problems.push(format!(
            "path {path} instead of {}",
            expected["path"].as_str().unwrap_or_default()
        ));
    }
    let mut wanted: Vec<(String, String)> = expected["query"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p[0].as_str().unwrap().to_owned(),
                p[1].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    wanted.sort();
    let got = query_pairs(&seen.target);
    if got != wanted {
        problems.push(format!("query {got:?} instead of {wanted:?}"));
    }
    for pair in expected["headers"].as_array().unwrap() {
        let (name, value) = (pair[0].as_str().unwrap(), pair[1].as_str().unwrap());
        if seen.header(name) != Some(value) {
            problems.push(format!(
                "header {name}: {:?} instead of {value}",
                seen.header(name)
            ));
        }
    }
    let token = seen.header(header);
    let has_token = token.is_some_and(|t| t.ends_with(TOKEN));
    if op.authenticated != has_token {
        problems.push(format!(
            "{header}: {token:?} (authenticated: {})",
            op.authenticated
        ));
    }
    let body = &expected["body"];
    if body.is_null() {
        if !seen.body.is_empty() {
            problems.push(format!("a body was sent: {}", seen.body));
        }
    } else {
        match serde_json::from_str::<Value>(&seen.body) {
            Ok(sent) if same(&sent, body) => {}
            Ok(sent) => problems.push(format!("body {sent} instead of {body}")),
            Err(e) => problems.push(format!("body is not JSON ({e}): {}", seen.body)),
        }
    }
    problems
}

/// The case's operation answers its success example: the request is the
/// one the case describes, the answer is printed whole, exit code 0.
fn succeeds(slug: &str, case: &Value, header: &str) -> Vec<String> {
    let op = operation(slug, case["operation"].as_str().unwrap());
    let answer = &case["answer"];
    let status = answer["status"].as_u64().unwrap() as u16;
    let body = Some(answer["body"].clone()).filter(|b| !b.is_null());
    let server = Scripted::start_with(vec![(status, body.clone())]);
    let out = run(
        &Cli::with_token(),
        slug,
        case,
        &case["args"],
        &case["body"],
        &server.base_url,
    );
    let seen = server.finish();
    let mut problems = Vec::new();
    if out.code != 0 {
        problems.push(format!("exit code {}: {}", out.code, out.stderr));
    }
    match seen.as_slice() {
        [request] => problems.extend(request_problems(op, request, &case["request"], header)),
        other => problems.push(format!("{} requests instead of one", other.len())),
    }
    match &body {
        None if out.stdout.is_empty() => {}
        None => problems.push(format!("printed {} for an empty answer", out.stdout)),
        Some(body) => match serde_json::from_str::<Value>(&out.stdout) {
            Ok(printed) if kept(body, &printed) => {}
            Ok(printed) => problems.push(format!("printed {printed}\n  for {body}")),
            Err(e) => problems.push(format!("stdout is not JSON ({e}): {}", out.stdout)),
        },
    }
    problems
}

/// The documented error answer: exit code 4, its status on stderr, nothing
/// on stdout.
fn fails(slug: &str, case: &Value) -> Vec<String> {
    let error = &case["error"];
    let status = error["status"].as_u64().unwrap() as u16;
    let body = Some(error["body"].clone()).filter(|b| !b.is_null());
    let server = Scripted::start_with(vec![(status, body)]);
    let out = run(
        &Cli::with_token(),
        slug,
        case,
        &case["args"],
        &case["body"],
        &server.base_url,
    );
    server.finish();
    let mut problems = Vec::new();
    if out.code != 4 || !out.stderr.contains(&status.to_string()) || !out.stdout.is_empty() {
        problems.push(format!("answered {status}: {out:?}"));
    }
    problems
}

/// A value the spec refuses: exit code 2 naming the flag and the field,
/// nothing sent although the credentials are there.
fn refuses(slug: &str, case: &Value) -> Vec<String> {
    let invalid = &case["invalid"];
    let server = Silent::start();
    let out = run(
        &Cli::with_token(),
        slug,
        case,
        &invalid["args"],
        &invalid["body"],
        &server.base_url,
    );
    let mut problems = Vec::new();
    if out.code != 2 || !out.stdout.is_empty() {
        problems.push(format!("invalid input: {out:?}"));
    }
    for name in strings(&invalid["names"]) {
        if !out.stderr.contains(&name) {
            problems.push(format!("stderr does not name {name}: {}", out.stderr));
        }
    }
    if !server.untouched() {
        problems.push("invalid input was sent".to_owned());
    }
    problems
}

#[test]
fn every_operation_of_every_service() {
    let services = services();
    let slugs: Vec<&str> = services.iter().map(|s| s.slug.as_str()).collect();
    let known: Vec<&str> = SERVICES.iter().map(|s| s.slug).collect();
    assert_eq!(slugs, known, "one case file per service");
    let mut report = String::new();
    let (mut operations, mut errors, mut refusals) = (0, 0, 0);
    for service in &services {
        let spec = SERVICES.iter().find(|s| s.slug == service.slug).unwrap();
        let names: Vec<&str> = service
            .cases
            .iter()
            .map(|c| c["operation"].as_str().unwrap())
            .collect();
        let all: Vec<&str> = spec.operations.iter().map(|op| op.name).collect();
        assert_eq!(names, all, "{}: a case for every operation", service.slug);
        let mut service_refusals = 0;
        for case in &service.cases {
            let mut problems = succeeds(&service.slug, case, spec.auth.header());
            operations += 1;
            if !case["error"].is_null() {
                problems.extend(fails(&service.slug, case));
                errors += 1;
            }
            if !case["invalid"].is_null() {
                problems.extend(refuses(&service.slug, case));
                service_refusals += 1;
            }
            for problem in problems {
                let _ = writeln!(report, "{} {}: {problem}", service.slug, case["operation"]);
            }
        }
        assert!(
            service_refusals > 0,
            "{}: no case of invalid input",
            service.slug
        );
        refusals += service_refusals;
    }
    assert!(report.is_empty(), "\n{report}");
    let total: usize = SERVICES.iter().map(|s| s.operations.len()).sum();
    assert_eq!(operations, total, "every operation of every service");
    eprintln!("{operations} operations, {errors} error answers, {refusals} refusals");
}

#[test]
fn the_comparisons_can_fail() {
    use serde_json::json;
    assert!(same(&json!({"a": 1, "b": null}), &json!({"a": 1.0})));
    assert!(!same(&json!({"a": 1}), &json!({"a": 1, "b": 2})));
    assert!(!same(&json!([1, 2]), &json!([2, 1])));
    assert!(kept(
        &json!({"a": {"b": "x"}, "c": null}),
        &json!({"a": {"b": "x", "d": []}})
    ));
    assert!(
        !kept(&json!({"a": {"b": "x"}}), &json!({"a": {}})),
        "a member dropped"
    );
    assert!(!kept(&json!([1, 2]), &json!([1])), "an item dropped");
    assert!(!kept(&json!({"a": "x"}), &json!({"a": "y"})));
    assert_eq!(
        query_pairs("/p?b=x%20y&a=%E6%8B%A0&a=1+2"),
        [
            ("a".into(), "1 2".into()),
            ("a".into(), "拠".into()),
            ("b".into(), "x y".into())
        ]
    );
}
