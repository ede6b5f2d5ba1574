//! Redirects: an API request follows none (its 3xx comes back with the
//! `Location`), and a token exchange follows none (its 3xx is a typed
//! exchange error): whatever the status, and whether the `Location` names
//! another host (absolute or scheme-relative), another port, another scheme
//! or the same origin (absolute or relative). Nothing, credentials or body,
//! reaches another origin; static and exchanged tokens alike.

use nttcom_runtime::{Error, OperationError};

use crate::calls::{
    Builder, Clients, Credentials, ISSUED_TOKEN, Setup, TOKEN, carries, is_token_request, table,
    token_answer,
};
use crate::map_builder;
use crate::server::{Answer, Server};
use crate::{assert_none_failed, bounded, status_of};

pub const STATUSES: [u16; 5] = [301, 302, 303, 307, 308];

/// The origin, and servers on another host and another port.
pub struct Origins {
    pub origin: Server,
    pub other_host: Server,
    pub other_port: Server,
}

impl Origins {
    pub async fn start() -> Self {
        Self {
            origin: Server::start("127.0.0.1").await,
            // All of 127.0.0.0/8 is loopback on Linux.
            other_host: Server::start("127.0.0.2").await,
            other_port: Server::start("127.0.0.1").await,
        }
    }

    /// Where a redirect may point, by name: what the `Location` starts with.
    fn targets(&self) -> [(&'static str, String); 6] {
        let origin = self.origin.origin();
        let other_host = self.other_host.origin();
        [
            ("another host", other_host.clone()),
            (
                "another host, scheme-relative",
                other_host.replace("http:", ""),
            ),
            ("another port", self.other_port.origin()),
            ("another scheme", origin.replace("http://", "https://")),
            ("the same origin", origin),
            ("the same origin, relative", String::new()),
        ]
    }

    pub fn reset(&self) {
        for server in [&self.origin, &self.other_host, &self.other_port] {
            server.reset();
        }
    }

    /// What reached a server other than the origin, or the origin other
    /// than as HTTP (a TLS hello after a change of scheme).
    pub fn strays(&self) -> usize {
        self.other_host.contacts() + self.other_port.contacts() + self.origin.garbage()
    }
}

/// Calls every operation of `clients` (built for `servers.origin`) with the
/// origin answering each redirect status towards each target; collects the
/// cases where a redirect was followed or its answer lost. With `exchange`,
/// token exchanges are answered with a token (and `create_access_token`,
/// which is one, is left out).
pub async fn check_no_redirect_followed(
    label: &str,
    servers: &Origins,
    clients: &Clients,
    exchange: bool,
) -> (Vec<String>, usize) {
    let (mut failures, mut cases) = (Vec::new(), 0);
    for entry in table() {
        if exchange && entry.id == "create_access_token" {
            continue;
        }
        let params = entry.params();
        for status in STATUSES {
            for (target_name, target) in servers.targets() {
                cases += 1;
                let case = format!(
                    "{label}: {} {} {status} to {target_name}",
                    entry.slug, entry.id
                );
                servers.reset();
                let location = format!("{target}/elsewhere/{status}");
                servers.origin.answer({
                    let location = location.clone();
                    move |request| {
                        if exchange && is_token_request(request) {
                            token_answer(request)
                        } else {
                            Answer::new(status).header("location", &location)
                        }
                    }
                });
                let outcome = bounded(&case, (entry.call)(clients, &params)).await;
                let requests: Vec<_> = servers
                    .origin
                    .take()
                    .into_iter()
                    .filter(|r| !(exchange && is_token_request(r)))
                    .collect();
                if requests.len() != 1 || servers.strays() > 0 {
                    failures.push(format!(
                        "{case}: the origin got {} requests, others {}",
                        requests.len(),
                        servers.strays()
                    ));
                    continue;
                }
                if exchange && !carries(&requests[0], ISSUED_TOKEN) {
                    failures.push(format!("{case}: the exchanged token was not sent"));
                }
                match outcome {
                    Err(error) if status_of(&error) == Some(status) => {
                        let seen = error.redirect_location();
                        if seen != Some(location.as_str()) {
                            failures.push(format!("{case}: Location {seen:?} not kept"));
                        }
                    }
                    other => failures.push(format!("{case}: expected the {status}, got {other:?}")),
                }
            }
        }
    }
    (failures, cases)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_requests_follow_no_redirect_and_return_it_with_its_location() {
    let servers = Origins::start().await;
    let clients = Clients::new(&Setup::new(servers.origin.origin(), Credentials::Token));
    let (failures, cases) =
        check_no_redirect_followed("static token", &servers, &clients, false).await;
    assert_none_failed("API redirects", &failures, cases);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_requests_with_exchanged_tokens_follow_no_redirect() {
    let servers = Origins::start().await;
    let clients = Clients::new(&Setup::new(servers.origin.origin(), Credentials::Exchange));
    let (failures, cases) =
        check_no_redirect_followed("exchanged token", &servers, &clients, true).await;
    assert_none_failed("API redirects, exchanged tokens", &failures, cases);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn token_exchanges_follow_no_redirect() {
    let servers = Origins::start().await;
    let clients = Clients::new(&Setup::new(servers.origin.origin(), Credentials::Exchange));
    let (mut failures, mut cases) = (Vec::new(), 0);
    // One operation per service that takes a token.
    let mut seen = std::collections::BTreeSet::new();
    for entry in table() {
        if entry.id == "create_access_token" || !seen.insert(entry.slug) {
            continue;
        }
        let params = entry.params();
        for status in STATUSES {
            for (target_name, target) in servers.targets() {
                cases += 1;
                let case = format!("{} exchange {status} to {target_name}", entry.slug);
                servers.reset();
                let location = format!("{target}/stolen/{status}");
                servers.origin.answer({
                    let location = location.clone();
                    move |_| Answer::new(status).header("location", &location)
                });
                let outcome = bounded(&case, (entry.call)(&clients, &params)).await;
                let requests = servers.origin.take();
                if requests.len() != 1 || requests[0].method != "POST" || servers.strays() > 0 {
                    failures.push(format!(
                        "{case}: the origin got {:?}, others {}",
                        requests
                            .iter()
                            .map(|r| format!("{} {}", r.method, r.target))
                            .collect::<Vec<_>>(),
                        servers.strays()
                    ));
                    continue;
                }
                match outcome {
                    Err(OperationError::Credentials(Error::TokenExchange {
                        status: Some(code),
                        reason,
                        ..
                    })) if code == status => {
                        if !reason.contains(&location) {
                            failures.push(format!(
                                "{case}: the reason does not name {location}: {reason}"
                            ));
                        }
                    }
                    other => {
                        failures.push(format!("{case}: expected an exchange error, got {other:?}"))
                    }
                }
            }
        }
    }
    assert_none_failed("exchange redirects", &failures, cases);
}

/// The opt-in: same-origin redirects are followed (with the token, which
/// stays on its origin, and for 307/308 the body), any other is not.
fn follow_same_origin(builder: Builder) -> Builder {
    map_builder!(builder, |b| b.same_origin_redirects(3))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_opt_in_follows_same_origin_redirects_only() {
    let servers = Origins::start().await;
    let mut setup = Setup::new(servers.origin.origin(), Credentials::Token);
    setup.extra = Box::new(follow_same_origin);
    let clients = Clients::new(&setup);
    let (mut failures, mut cases) = (Vec::new(), 0);
    for entry in table() {
        let params = entry.params();
        let method = &entry.operation().method;
        for status in STATUSES {
            for (target_name, target) in servers.targets() {
                cases += 1;
                let case = format!("{} {} {status} to {target_name}", entry.slug, entry.id);
                servers.reset();
                let moved = format!("/moved/{status}");
                let location = format!("{target}{moved}");
                servers.origin.answer({
                    let moved = moved.clone();
                    move |request| {
                        if request.path() == moved {
                            Answer::new(418)
                        } else {
                            Answer::new(status).header("location", &location)
                        }
                    }
                });
                let outcome = bounded(&case, (entry.call)(&clients, &params)).await;
                let requests = servers.origin.take();
                if servers.strays() > 0 {
                    failures.push(format!("{case}: another origin was contacted"));
                    continue;
                }
                if !target_name.starts_with("the same origin") {
                    if requests.len() != 1
                        || status_of(outcome.as_ref().unwrap_err()) != Some(status)
                    {
                        failures.push(format!("{case}: followed ({} requests)", requests.len()));
                    }
                    continue;
                }
                let [first, followed] = &requests[..] else {
                    failures.push(format!("{case}: {} requests, expected 2", requests.len()));
                    continue;
                };
                // What HTTP clients do: 303 turns into GET, 301 and 302 turn
                // a POST into GET, 307 and 308 keep method and body.
                let keeps_method = match status {
                    303 => method == "GET",
                    301 | 302 => method != "POST",
                    _ => true,
                };
                let expected_method = if keeps_method { method.as_str() } else { "GET" };
                // Every request carries the token, except ipoe's token
                // exchange operation, which takes none.
                let token_kept = if entry.id == "create_access_token" {
                    !carries(first, TOKEN) && !carries(followed, TOKEN)
                } else {
                    carries(first, TOKEN) && carries(followed, TOKEN)
                };
                if followed.path() != moved
                    || followed.method != expected_method
                    || !token_kept
                    || (keeps_method && followed.body != first.body)
                    || outcome.as_ref().err().and_then(status_of) != Some(418)
                {
                    failures.push(format!(
                        "{case}: followed as {} {} (token kept: {token_kept}), then {outcome:?}",
                        followed.method, followed.target
                    ));
                }
            }
        }
    }
    assert_none_failed("same-origin redirects", &failures, cases);
}
