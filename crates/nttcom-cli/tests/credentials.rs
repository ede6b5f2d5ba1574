//! Where credentials come from (flags > environment > profile), the config
//! file's permissions, `nttcom configure`, and missing or refused
//! credentials: through the built binary against a loopback mock.

mod common;

use common::{Cli, TOKEN};
use httpmock::Method::{GET, POST};
use httpmock::MockServer;
use serde_json::json;

/// The gateway's token endpoint issuing `token` for `client_id`/`secret`.
fn exchange<'a>(
    server: &'a MockServer,
    client_id: &str,
    secret: &str,
    token: &str,
) -> httpmock::Mock<'a> {
    let request =
        json!({"grantType": "client_credentials", "clientId": client_id, "clientSecret": secret});
    let answer = json!({"accessToken": token, "tokenType": "BearerToken", "expiresIn": "3599",
                        "scope": "", "issuedAt": "1559289842141"});
    server.mock(|when, then| {
        when.method(POST)
            .path("/oauth/v1/accesstokens")
            .json_body(request);
        then.status(201).json_body(answer);
    })
}

/// `get-order A1`, answered only when it carries `Bearer <token>`.
fn order_with<'a>(server: &'a MockServer, token: &str) -> httpmock::Mock<'a> {
    let bearer = format!("Bearer {token}");
    server.mock(|when, then| {
        when.method(GET)
            .path("/infoIpoE/v2/orders/A1")
            .header("authorization", bearer);
        then.status(200).json_body(json!({"orderCode": "A1"}));
    })
}

fn get_order(cli: &Cli, server: &MockServer, extra: &[&str]) -> common::Out {
    let base = server.base_url();
    cli.run(
        &[
            &[
                "ipoe",
                "get-order",
                "--order-code",
                "A1",
                "--base-url",
                &base,
            ][..],
            extra,
        ]
        .concat(),
    )
}

const WORK_PROFILE: &str = r#"
[profiles.work]
client-id = "work-id"
client-secret = "work-secret"

[profiles.default]
token = "default-token"
"#;

#[test]
fn client_credentials_from_the_environment_are_exchanged_for_a_token() {
    let server = MockServer::start();
    let exchanged = exchange(&server, "env-id", "env-secret", "issued-1");
    let order = order_with(&server, "issued-1");
    let cli = Cli::new()
        .env("NTTCOM_CLIENT_ID", "env-id")
        .env("NTTCOM_CLIENT_SECRET", "env-secret");
    let out = get_order(&cli, &server, &["--verbose"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!((exchanged.calls(), order.calls()), (1, 1));
    out.hides("env-secret").hides("issued-1");
}

#[test]
fn precedence_flag_then_environment_then_profile() {
    let server = MockServer::start();
    let exchanged = exchange(&server, "work-id", "work-secret", "work-token");
    let by_profile_flag = order_with(&server, "work-token");
    let by_env = order_with(&server, TOKEN);
    let by_default_profile = order_with(&server, "default-token");

    // --profile wins over the environment.
    let cli = Cli::with_token().config(WORK_PROFILE, 0o600);
    let out = get_order(&cli, &server, &["--profile", "work"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!((exchanged.calls(), by_profile_flag.calls()), (1, 1));
    out.hides("work-secret");

    // The environment wins over the default profile.
    let out = get_order(&cli, &server, &[]);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(by_env.calls(), 1);

    // The default profile when the environment has nothing; NTTCOM_PROFILE names another.
    let cli = Cli::new().config(WORK_PROFILE, 0o600);
    let out = get_order(&cli, &server, &[]);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(by_default_profile.calls(), 1);
    let cli = Cli::new()
        .env("NTTCOM_PROFILE", "work")
        .config(WORK_PROFILE, 0o600);
    let out = get_order(&cli, &server, &[]);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(by_profile_flag.calls(), 2);
}

#[test]
fn a_profile_s_base_url_is_used_and_the_flag_wins_over_it() {
    let server = MockServer::start();
    let order = order_with(&server, "p-token");
    let config = format!(
        "[profiles.default]\ntoken = \"p-token\"\n\n[profiles.default.base-url]\nipoe = \"{}\"\n",
        server.base_url()
    );
    let cli = Cli::new().config(&config, 0o600);
    let out = cli.run(&["ipoe", "get-order", "--order-code", "A1"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(order.calls(), 1);
    let out = cli.run(&[
        "ipoe",
        "get-order",
        "--order-code",
        "A1",
        "--base-url",
        "http://127.0.0.1:9",
        "--dry-run",
    ]);
    assert!(out.stdout.starts_with("GET http://127.0.0.1:9/"), "{out:?}");
}

#[cfg(unix)]
#[test]
fn a_config_file_others_can_read_is_refused() {
    let server = MockServer::start();
    let any = server.mock(|when, then| {
        when.any_request();
        then.status(500);
    });
    for mode in [0o644, 0o640, 0o604, 0o620] {
        let cli = Cli::new().config(WORK_PROFILE, mode);
        let out = get_order(&cli, &server, &[]);
        assert_eq!(out.code, 3, "{mode:o}: {out:?}");
        assert!(out.stderr.contains("chmod 600"), "{}", out.stderr);
        assert!(
            out.stderr.contains(&format!("{mode:04o}")),
            "{}",
            out.stderr
        );
        out.hides("work-secret");
    }
    assert_eq!(any.calls(), 0);
}

#[test]
fn missing_or_half_set_credentials_exit_3_and_send_nothing() {
    let server = MockServer::start();
    let any = server.mock(|when, then| {
        when.any_request();
        then.status(500);
    });
    let out = get_order(&Cli::new(), &server, &[]);
    assert_eq!(out.code, 3, "{out:?}");
    assert!(
        out.stderr.contains("NTTCOM_CLIENT_ID") && out.stderr.contains("nttcom configure"),
        "{}",
        out.stderr
    );
    let out = get_order(&Cli::new().env("NTTCOM_CLIENT_ID", "x"), &server, &[]);
    assert_eq!(out.code, 3, "{out:?}");
    assert!(
        out.stderr.contains("NTTCOM_CLIENT_SECRET"),
        "{}",
        out.stderr
    );
    let out = get_order(&Cli::with_token(), &server, &["--profile", "nope"]);
    assert_eq!(out.code, 3, "{out:?}");
    assert!(out.stderr.contains("no profile nope"), "{}", out.stderr);
    assert_eq!(any.calls(), 0);
}

#[test]
fn refused_credentials_exit_3_without_the_secret() {
    let server = MockServer::start();
    server.mock(|when, then| {
        when.method(POST).path("/oauth/v1/accesstokens");
        then.status(401)
            .json_body(json!({"errorCode": "401", "errorMessage": "invalid_client"}));
    });
    let cli = Cli::new()
        .env("NTTCOM_CLIENT_ID", "cid")
        .env("NTTCOM_CLIENT_SECRET", "wrong-secret");
    let out = get_order(&cli, &server, &[]);
    assert_eq!(out.code, 3, "{out:?}");
    assert!(out.stderr.contains("401"), "{}", out.stderr);
    out.hides("wrong-secret");
}

#[test]
fn configure_writes_a_private_profile_that_later_commands_use() {
    let server = MockServer::start();
    let exchanged = exchange(&server, "new-id", "new-secret", "new-token");
    let order = order_with(&server, "new-token");
    // An existing file others can read: rewritten readable by its owner only.
    let cli = Cli::new().config("[profiles.other]\ntoken = \"keep-me\"\n", 0o644);
    // API key, API secret, tenant, client id, client secret: one line each.
    let out = cli.run_with_stdin(
        &["configure", "--profile", "work"],
        "\n\n\nnew-id\nnew-secret\n",
    );
    assert_eq!(out.code, 0, "{out:?}");
    out.hides("new-secret");
    let text = std::fs::read_to_string(cli.config_path()).unwrap();
    assert!(
        text.contains("[profiles.work]") && text.contains("client-id = \"new-id\""),
        "{text}"
    );
    assert!(text.contains("keep-me"), "other profiles are kept: {text}");
    assert!(
        !text.contains("api-key"),
        "unanswered fields stay unset: {text}"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(cli.config_path())
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let out = get_order(&cli, &server, &["--profile", "work"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!((exchanged.calls(), order.calls()), (1, 1));

    // Enter keeps what is there.
    let out = cli.run_with_stdin(&["configure", "--profile", "work"], "\n\n\n\n\n");
    assert_eq!(out.code, 0, "{out:?}");
    assert!(
        out.stderr
            .contains("Client ID (API-gateway services: ipoe, service-order) [new-id]"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("Client secret [set]"), "{}", out.stderr);
    let again = std::fs::read_to_string(cli.config_path()).unwrap();
    assert_eq!(again, text);
}
