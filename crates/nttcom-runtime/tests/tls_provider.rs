//! An application that installs its own rustls crypto provider keeps it:
//! the runtime installs `ring` only when none is installed. (A file of its
//! own: the provider is process-wide, and each test file is a process.)
#![cfg(all(feature = "rustls", not(feature = "native-tls")))]

use std::sync::Arc;

use nttcom_runtime::{AuthScheme, ClientBuilder, Runtime, Service, ServiceInfo};
use rustls::crypto::CryptoProvider;

/// The smallest service a client can be built for.
struct Demo;

impl Service for Demo {
    const INFO: ServiceInfo = ServiceInfo {
        name: "demo",
        default_base_url: "https://api.ntt.com/demo",
        auth: AuthScheme::Bearer,
        token_exchange: None,
    };
    fn from_parts(_: &str, _: reqwest::Client, _: Runtime) -> Self {
        Demo
    }
}

#[test]
fn the_applications_provider_is_kept() {
    let mut mine = rustls::crypto::ring::default_provider();
    mine.cipher_suites.truncate(1);
    mine.install_default()
        .expect("first provider of this process");

    ClientBuilder::<Demo>::new()
        .anonymous()
        .build()
        .expect("a client on the application's provider");

    let installed: &Arc<CryptoProvider> = CryptoProvider::get_default().expect("installed");
    assert_eq!(installed.cipher_suites.len(), 1, "the runtime replaced it");
}
