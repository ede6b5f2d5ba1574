//! Redirects: an API request follows none (its 3xx comes back with the
//! `Location`), and a token exchange follows none (its 3xx is a typed
//! exchange error): whatever the status, and whether the `Location` names
//! another host, another port, another scheme or the same origin. Nothing,
//! credentials or body, reaches another origin.

use nttcom_runtime::{Error, OperationError};

use crate::calls::{Clients, Credentials, Setup, table};
use crate::server::{Answer, Server};
use crate::{assert_none_failed, bounded, status_of};

const STATUSES: [u16; 5] = [301, 302, 303, 307, 308];

/// The origin, and servers on another host and another port.
struct Origins {
    origin: Server,
    other_host: Server,
    other_port: Server,
}

impl Origins {
    async fn start() -> Self {
        Self {
            origin: Server::start("127.0.0.1").await,
            // All of 127.0.0.0/8 is loopback on Linux.
            other_host: Server::start("127.0.0.2").await,
            other_port: Server::start("127.0.0.1").await,
        }
    }

    /// Where a redirect may point, by name.
    fn targets(&self) -> [(&'static str, String); 4] {
        [
            ("another host", self.other_host.origin()),
            ("another port", self.other_port.origin()),
            (
                "another scheme",
                self.origin.origin().replace("http://", "https://"),
            ),
            ("the same origin", self.origin.origin()),
        ]
    }

    fn reset(&self) {
        for server in [&self.origin, &self.other_host, &self.other_port] {
            server.reset();
        }
    }

    /// What reached a server other than the origin, or the origin other
    /// than as HTTP (a TLS hello after a change of scheme).
    fn strays(&self) -> usize {
        self.other_host.contacts() + self.other_port.contacts() + self.origin.garbage()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_requests_follow_no_redirect_and_return_it_with_its_location() {
    let servers = Origins::start().await;
    let clients = Clients::new(&Setup::new(servers.origin.origin(), Credentials::Token));
    let (mut failures, mut cases) = (Vec::new(), 0);
    for entry in table() {
        let params = entry.params();
        for status in STATUSES {
            for (target_name, target) in servers.targets() {
                cases += 1;
                let case = format!("{} {} {status} to {target_name}", entry.slug, entry.id);
                servers.reset();
                let location = format!("{target}/elsewhere/{status}");
                servers.origin.answer({
                    let location = location.clone();
                    move |_| Answer::new(status).header("location", &location)
                });
                let outcome = bounded(&case, (entry.call)(&clients, &params)).await;
                let reached = servers.origin.take().len();
                if reached != 1 || servers.strays() > 0 {
                    failures.push(format!(
                        "{case}: the origin got {reached} requests, others {}",
                        servers.strays()
                    ));
                    continue;
                }
                match outcome {
                    Err(error) if status_of(&error) == Some(status) => {
                        let seen = error
                            .response_headers()
                            .and_then(|h| h.get("location"))
                            .and_then(|v| v.to_str().ok());
                        if seen != Some(location.as_str()) {
                            failures.push(format!("{case}: Location {seen:?} not kept"));
                        }
                    }
                    other => failures.push(format!("{case}: expected the {status}, got {other:?}")),
                }
            }
        }
    }
    assert_none_failed("API redirects", &failures, cases);
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
                            failures.push(format!("{case}: the reason does not name {location}: {reason}"));
                        }
                    }
                    other => failures.push(format!("{case}: expected an exchange error, got {other:?}")),
                }
            }
        }
    }
    assert_none_failed("exchange redirects", &failures, cases);
}
