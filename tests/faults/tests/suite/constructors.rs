//! The constructors progenitor generates, `Client::new(base_url, runtime)`
//! and `Client::new_with_client(base_url, reqwest_client, runtime)`, take
//! the runtime of a client the builder made (`client.runtime().clone()`).
//! They are no way around its rules: whatever `reqwest::Client` they hold
//! (reqwest's default one follows ten redirects), requests follow no
//! redirect, and credentials go to no origin but the one the runtime was
//! built for, plain HTTP included.

use nttcom_runtime::{Error, OperationError, reqwest};

use crate::assert_none_failed;
use crate::bounded;
use crate::calls::{Clients, Credentials, Setup, base_path_of, table};
use crate::redirects::{Origins, check_no_redirect_followed};
use crate::server::Answer;

#[derive(Clone, Copy, Debug)]
enum Constructor {
    /// `Client::new`: progenitor's own reqwest client.
    New,
    /// `Client::new_with_client` with reqwest's default client.
    NewWithClient,
}

/// A client of every service made by `how` at `origin`, sharing the
/// runtime (credentials included) of `built`.
fn rebuilt(built: &Clients, origin: &str, how: Constructor) -> Clients {
    macro_rules! rebuild {
        ($field:ident, $crate_:ident, $slug:literal) => {{
            let base = format!("{origin}{}", base_path_of($slug));
            let runtime = built.$field.runtime().clone();
            match how {
                Constructor::New => $crate_::Client::new(&base, runtime),
                Constructor::NewWithClient => {
                    $crate_::Client::new_with_client(&base, reqwest::Client::new(), runtime)
                }
            }
        }};
    }
    Clients {
        fic_premium_support: rebuild!(
            fic_premium_support,
            nttcom_fic_premium_support,
            "fic-premium-support"
        ),
        icms_profiles: rebuild!(icms_profiles, nttcom_icms_profiles, "icms-profiles"),
        ipoe: rebuild!(ipoe, nttcom_ipoe, "ipoe"),
        service_order: rebuild!(service_order, nttcom_service_order, "service-order"),
        sign_common: rebuild!(sign_common, nttcom_sign_common, "sign-common"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_generated_constructors_follow_no_redirect_either() {
    let servers = Origins::start().await;
    let built = Clients::new(&Setup::new(servers.origin.origin(), Credentials::Token));
    let (mut failures, mut cases) = (Vec::new(), 0);
    for how in [Constructor::New, Constructor::NewWithClient] {
        let clients = rebuilt(&built, &servers.origin.origin(), how);
        let (f, c) =
            check_no_redirect_followed(&format!("{how:?}"), &servers, &clients, false).await;
        failures.extend(f);
        cases += c;
    }
    assert_none_failed("redirects through the constructors", &failures, cases);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_runtime_sends_credentials_to_its_own_origin_only() {
    let servers = Origins::start().await;
    let (mut failures, mut cases) = (Vec::new(), 0);
    for credentials in [Credentials::Token, Credentials::Exchange] {
        let built = Clients::new(&Setup::new(servers.origin.origin(), credentials));
        let elsewhere = [
            ("another host", servers.other_host.origin()),
            ("another port", servers.other_port.origin()),
            // Plain HTTP to a remote host: refused before any lookup.
            (
                "a remote host over http",
                "http://api.example.invalid".to_owned(),
            ),
        ];
        for how in [Constructor::New, Constructor::NewWithClient] {
            for (where_, origin) in &elsewhere {
                let clients = rebuilt(&built, origin, how);
                for entry in table() {
                    cases += 1;
                    let case = format!(
                        "{credentials:?} {how:?} at {where_}: {} {}",
                        entry.slug, entry.id
                    );
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
                        Err(OperationError::Credentials(Error::OtherOrigin {
                            url,
                            origin: own,
                        })) if contacts == 0
                            && url == *origin
                            && own == servers.origin.origin() => {}
                        other => failures.push(format!(
                            "{case}: {contacts} requests reached a server, then {other:?}"
                        )),
                    }
                }
            }
        }
    }
    assert_none_failed("credentials on another origin", &failures, cases);
}
