//! Plain HTTP: a client that would send a secret or a token over `http://`
//! to a host that is not loopback does not build; the error says why and
//! how to allow it. Loopback keeps working, and so do anonymous clients.

use nttcom_runtime::{ClientBuilder, ClientCredentials, Keystone, Service, TokenExchange};

use crate::assert_none_failed;
use crate::calls::{API_KEY, API_SECRET, CLIENT_ID, CLIENT_SECRET, TENANT_ID, TOKEN};

const REMOTE: &[&str] = &[
    "http://api.example.invalid",
    "http://api.example.invalid:8080/v1",
    "http://10.0.0.1",
    "http://[2001:db8::1]",
    "http://127.0.0.1.example.invalid",
];

const LOOPBACK: &[&str] = &[
    "http://127.0.0.1:8080",
    "http://127.1.2.3",
    "http://[::1]:8080/v1",
    "http://localhost:8080",
    "http://LOCALHOST",
];

/// Gives a builder its credentials.
type WithCredentials<S> = fn(ClientBuilder<S>) -> ClientBuilder<S>;

/// The kinds of credentials a client of `S` can hold, by name.
fn credentials<S: Service>() -> Vec<(&'static str, WithCredentials<S>)> {
    let mut kinds: Vec<(&'static str, WithCredentials<S>)> = vec![("a token", |b| b.token(TOKEN))];
    match S::INFO.token_exchange {
        Some(TokenExchange::Keystone { .. }) => {
            kinds.push(("Keystone", |b| b.keystone(API_KEY, API_SECRET, TENANT_ID)));
        }
        Some(TokenExchange::ClientCredentials { .. }) => {
            kinds.push(("client credentials", |b| {
                b.client_credentials(CLIENT_ID, CLIENT_SECRET)
            }));
        }
        None => {}
    }
    kinds
}

/// Checks one service; returns its failures and number of cases.
fn check<S: Service>(name: &str) -> (Vec<String>, usize) {
    let (mut failures, mut cases) = (Vec::new(), 0);
    for (kind, with) in credentials::<S>() {
        for url in REMOTE {
            cases += 1;
            match with(ClientBuilder::<S>::new().base_url(*url)).build() {
                Ok(_) => failures.push(format!("{name}: {kind} over {url} builds")),
                Err(error) => {
                    let message = error.to_string();
                    if !message.contains("allow_insecure_http")
                        || !message.contains(url.trim_end_matches('/'))
                    {
                        failures.push(format!("{name}: {kind} over {url}: {message}"));
                    }
                }
            }
        }
        for url in REMOTE {
            cases += 1;
            let allowed = with(ClientBuilder::<S>::new().base_url(*url))
                .allow_insecure_http()
                .build();
            if let Err(error) = allowed {
                failures.push(format!(
                    "{name}: {kind} over {url} with the opt-in: {error}"
                ));
            }
        }
        for url in LOOPBACK {
            cases += 1;
            if let Err(error) = with(ClientBuilder::<S>::new().base_url(*url)).build() {
                failures.push(format!("{name}: {kind} over loopback {url}: {error}"));
            }
        }
    }
    for url in REMOTE {
        cases += 1;
        if let Err(error) = ClientBuilder::<S>::new().base_url(*url).anonymous().build() {
            failures.push(format!("{name}: anonymous over {url}: {error}"));
        }
    }
    // A token endpoint given explicitly is checked as well, whatever the
    // base URL says.
    let endpoint = "http://auth.example.invalid/v3/auth/tokens";
    let builder = ClientBuilder::<S>::new().base_url("https://api.example.invalid");
    let builder =
        match S::INFO.token_exchange {
            Some(TokenExchange::Keystone { .. }) => builder
                .credentials(Keystone::new(API_KEY, API_SECRET, TENANT_ID).endpoint(endpoint)),
            _ => builder
                .credentials(ClientCredentials::new(CLIENT_ID, CLIENT_SECRET).endpoint(endpoint)),
        };
    cases += 1;
    if builder.build().is_ok() {
        failures.push(format!("{name}: an exchange at {endpoint} builds"));
    }
    (failures, cases)
}

#[test]
fn secrets_and_tokens_never_go_over_plain_http_to_a_remote_host() {
    let (mut failures, mut cases) = (Vec::new(), 0);
    for (f, c) in [
        check::<nttcom_fic_premium_support::Client>("fic-premium-support"),
        check::<nttcom_icms_profiles::Client>("icms-profiles"),
        check::<nttcom_ipoe::Client>("ipoe"),
        check::<nttcom_service_order::Client>("service-order"),
        check::<nttcom_sign_common::Client>("sign-common"),
    ] {
        failures.extend(f);
        cases += c;
    }
    assert_none_failed("plain HTTP", &failures, cases);
}
