//! `nttcom fic-premium-support …` through the built binary: the four
//! operations, and `--wait` through Processing to Completed (and to 404
//! after a delete) against a scripted loopback server.

mod common;

use common::{Cli, Scripted, TOKEN};
use serde_json::{Value, json};

const ID: &str = "F520123456789";
const PATH: &str = "/v1/premium-professional-support-services";

fn service(status: &str) -> Value {
    json!({"professionalSupportService": {"id": ID, "tenantId": "db8b0e40743f460685040c46167cf19e",
        "operationStatus": status, "currentMenu": "PremiumPlan"}})
}

#[test]
fn list_and_get_send_the_token_as_x_auth_token() {
    let server = Scripted::start(vec![
        (
            200,
            json!({"premiumProfessionalSupportServices": [service("Completed")["professionalSupportService"]]}),
        ),
        (200, service("Completed")),
    ]);
    let cli = Cli::with_token();
    let base = server.base_url.clone();
    let out = cli.run(&[
        "fic-premium-support",
        "list-premium-professional-support-services",
        "--id",
        ID,
        "--base-url",
        &base,
    ]);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(
        out.json()["premiumProfessionalSupportServices"][0]["id"],
        ID
    );
    let out = cli.run(&[
        "fic-premium-support",
        "get-premium-professional-support-service",
        "--id",
        ID,
        "--base-url",
        &base,
    ]);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(
        out.json()["professionalSupportService"]["operationStatus"],
        "Completed"
    );
    let seen = server.finish();
    assert_eq!(seen[0].method, "GET");
    assert_eq!(seen[0].target, format!("{PATH}?id={ID}"));
    assert_eq!(seen[1].target, format!("{PATH}/{ID}"));
    for request in &seen {
        assert_eq!(request.header("x-auth-token"), Some(TOKEN));
    }
}

#[test]
fn create_without_wait_prints_the_accepted_answer() {
    let server = Scripted::start(vec![(202, service("Processing"))]);
    let cli = Cli::with_token();
    let body = cli.file(
        "create.json",
        r#"{"premiumProfessionalSupportService": {"currentMenu": "PremiumPlan"}}"#,
    );
    let out = cli.run(&[
        "fic-premium-support",
        "create-premium-professional-support-service",
        "--body",
        &body,
        "--base-url",
        &server.base_url,
    ]);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(
        out.json()["professionalSupportService"]["operationStatus"],
        "Processing"
    );
    let seen = server.finish();
    assert_eq!(
        (seen[0].method.as_str(), seen[0].target.as_str()),
        ("POST", PATH)
    );
    let sent: Value = serde_json::from_str(&seen[0].body).unwrap();
    assert_eq!(
        sent,
        json!({"premiumProfessionalSupportService": {"currentMenu": "PremiumPlan"}})
    );
}

#[test]
fn create_with_wait_polls_through_processing_to_completed() {
    let server = Scripted::start(vec![
        (202, service("Processing")),
        (200, service("Processing")),
        (200, service("Processing")),
        (200, service("Completed")),
    ]);
    let cli = Cli::with_token();
    let body = cli.file(
        "create.json",
        r#"{"premiumProfessionalSupportService": {}}"#,
    );
    let out = cli.run(&[
        "fic-premium-support",
        "create-premium-professional-support-service",
        "--body",
        &body,
        "--wait",
        "--poll-interval",
        "1ms",
        "--base-url",
        &server.base_url,
    ]);
    assert_eq!(out.code, 0, "{out:?}");
    let settled = &out.json()["professionalSupportService"];
    assert_eq!(
        (&settled["id"], &settled["operationStatus"]),
        (&json!(ID), &json!("Completed"))
    );
    let seen = server.finish();
    let requests: Vec<(&str, &str)> = seen
        .iter()
        .map(|s| (s.method.as_str(), s.target.as_str()))
        .collect();
    let polled = format!("{PATH}/{ID}");
    assert_eq!(
        requests,
        [
            ("POST", PATH),
            ("GET", polled.as_str()),
            ("GET", polled.as_str()),
            ("GET", polled.as_str())
        ]
    );
}

#[test]
fn a_wait_that_ends_in_error_exits_4_with_the_resource() {
    let server = Scripted::start(vec![(202, service("Processing")), (200, service("Error"))]);
    let cli = Cli::with_token();
    let body = cli.file(
        "create.json",
        r#"{"premiumProfessionalSupportService": {}}"#,
    );
    let out = cli.run(&[
        "fic-premium-support",
        "create-premium-professional-support-service",
        "--body",
        &body,
        "--wait",
        "--poll-interval",
        "1ms",
        "--base-url",
        &server.base_url,
    ]);
    assert_eq!(out.code, 4, "{out:?}");
    assert!(out.stderr.contains("failure state Error"), "{}", out.stderr);
    assert!(out.stderr.contains(ID), "{}", out.stderr);
    server.finish();
}

#[test]
fn delete_with_wait_ends_when_the_resource_is_gone() {
    let server = Scripted::start(vec![
        (202, service("Processing")),
        (200, service("Completed")),
        (
            404,
            json!({"error": {"code": "404", "message": "not found"}}),
        ),
    ]);
    let out = Cli::with_token().run(&[
        "fic-premium-support",
        "delete-premium-professional-support-service",
        "--id",
        ID,
        "--wait",
        "--poll-interval",
        "1ms",
        "--base-url",
        &server.base_url,
    ]);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(out.stdout, "", "nothing left to show");
    let seen = server.finish();
    assert_eq!(seen[0].method, "DELETE");
    assert!(
        seen[1..]
            .iter()
            .all(|s| s.method == "GET" && s.target == format!("{PATH}/{ID}"))
    );
    assert_eq!(seen.len(), 3);
}

#[test]
fn wait_is_only_offered_where_a_waiter_follows() {
    let out = Cli::with_token().run(&[
        "fic-premium-support",
        "get-premium-professional-support-service",
        "--id",
        ID,
        "--wait",
    ]);
    assert_eq!(out.code, 2, "{out:?}");
    let out = Cli::with_token().run(&["ipoe", "get-order", "--order-code", "A1", "--all"]);
    assert_eq!(out.code, 2, "{out:?}");
}
