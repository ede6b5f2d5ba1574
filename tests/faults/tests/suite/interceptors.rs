//! A client's interceptors see each request before any token is fetched or
//! attached, and may amend it. That is no way around the runtime's rules:
//! they never see a credential, stopping a call costs no token exchange,
//! and a request they move to another origin (host, port, or plain HTTP to
//! a remote host) is refused with `Error::OtherOrigin` before anything is
//! sent, the exchange included.

use std::sync::{Arc, Mutex};

use nttcom_runtime::intercept::{Call, Interceptor, Interrupted};
use nttcom_runtime::{Error, OperationError, reqwest};

use crate::assert_none_failed;
use crate::bounded;
use crate::calls::{Builder, Clients, Credentials, Setup, table};
use crate::map_builder;
use crate::redirects::Origins;
use crate::server::Answer;

/// Moves every request to `origin`, keeping its path and query.
struct MoveTo(reqwest::Url);

impl Interceptor for MoveTo {
    fn before_send(&self, request: &mut reqwest::Request, _: &Call) -> Result<(), Interrupted> {
        let url = request.url_mut();
        let moved = url
            .set_scheme(self.0.scheme())
            .and_then(|()| url.set_host(self.0.host_str()).map_err(drop))
            .and_then(|()| url.set_port(self.0.port()));
        moved.map_err(|()| Interrupted::new("cannot move the request"))
    }
}

/// One request as a stopping interceptor saw it: its header names, and
/// whether the runtime said a token would be attached.
type Sight = (Vec<String>, bool);

/// What a stopping interceptor saw of each request.
#[derive(Clone, Default)]
struct Seen(Arc<Mutex<Vec<Sight>>>);

impl Interceptor for Seen {
    fn before_send(&self, request: &mut reqwest::Request, call: &Call) -> Result<(), Interrupted> {
        let names = request.headers().keys().map(|k| k.to_string()).collect();
        self.0.lock().unwrap().push((names, call.sends_token()));
        Err(Interrupted::new("seen"))
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_interceptor_cannot_send_credentials_to_another_origin() {
    let servers = Origins::start().await;
    let elsewhere = [
        ("another host", servers.other_host.origin()),
        ("another port", servers.other_port.origin()),
        // Plain HTTP to a remote host: refused before any lookup.
        (
            "a remote host over http",
            "http://api.example.invalid".to_owned(),
        ),
    ];
    let (mut failures, mut cases) = (Vec::new(), 0);
    for credentials in [Credentials::Token, Credentials::Exchange] {
        for (where_, target) in &elsewhere {
            let mut setup = Setup::new(servers.origin.origin(), credentials);
            let to: reqwest::Url = target.parse().unwrap();
            setup.extra = Box::new(move |builder: Builder| {
                let to = to.clone();
                map_builder!(builder, |b| b.intercept(MoveTo(to)))
            });
            let clients = Clients::new(&setup);
            for entry in table() {
                cases += 1;
                let case = format!("{credentials:?} to {where_}: {} {}", entry.slug, entry.id);
                servers.reset();
                for server in [&servers.origin, &servers.other_host, &servers.other_port] {
                    server.answer(|_| Answer::new(418));
                }
                let outcome = bounded(&case, (entry.call)(&clients, &entry.params())).await;
                let contacts = servers.origin.contacts()
                    + servers.other_host.contacts()
                    + servers.other_port.contacts();
                match outcome {
                    // Names both origins, and nothing was sent.
                    Err(OperationError::Credentials(Error::OtherOrigin { url, origin: own }))
                        if contacts == 0 && url == *target && own == servers.origin.origin() => {}
                    other => failures.push(format!(
                        "{case}: {contacts} requests reached a server, then {other:?}"
                    )),
                }
            }
        }
    }
    assert_none_failed("credentials moved to another origin", &failures, cases);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_interceptor_sees_no_credential_and_stopping_costs_no_exchange() {
    let servers = Origins::start().await;
    let (mut failures, mut cases) = (Vec::new(), 0);
    for credentials in [Credentials::Token, Credentials::Exchange] {
        let seen = Seen::default();
        let mut setup = Setup::new(servers.origin.origin(), credentials);
        let installed = seen.clone();
        setup.extra = Box::new(move |builder: Builder| {
            let seen = installed.clone();
            map_builder!(builder, |b| b.intercept(seen))
        });
        let clients = Clients::new(&setup);
        for entry in table() {
            cases += 1;
            let case = format!("{credentials:?}: {} {}", entry.slug, entry.id);
            servers.reset();
            servers.origin.answer(|_| Answer::new(418));
            seen.0.lock().unwrap().clear();
            let outcome = bounded(&case, (entry.call)(&clients, &entry.params())).await;
            let contacts = servers.origin.contacts();
            let saw = seen.0.lock().unwrap().clone();
            let credential_header = saw.iter().any(|(names, _)| {
                names
                    .iter()
                    .any(|n| n == "authorization" || n == "x-auth-token")
            });
            // Every operation but ipoe's own token endpoint takes a token.
            let token_expected = entry.id != "create_access_token";
            match outcome {
                Err(OperationError::Interrupted(why))
                    if why.reason() == "seen"
                        && contacts == 0
                        && saw.len() == 1
                        && saw[0].1 == token_expected
                        && !credential_header => {}
                other => failures.push(format!(
                    "{case}: {contacts} requests reached the server, the interceptor saw \
                     {saw:?}, then {other:?}"
                )),
            }
        }
    }
    assert_none_failed("interceptors before the token", &failures, cases);
}
