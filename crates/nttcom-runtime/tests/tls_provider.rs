//! An application that installs its own rustls crypto provider keeps it:
//! the runtime installs `ring` only when none is installed. (A file of its
//! own: the provider is process-wide, and each test file is a process.)
#![cfg(all(feature = "rustls", not(feature = "native-tls")))]

use std::sync::Arc;

use rustls::crypto::CryptoProvider;

#[test]
fn the_applications_provider_is_kept() {
    let mut mine = rustls::crypto::ring::default_provider();
    mine.cipher_suites.truncate(1);
    mine.install_default()
        .expect("first provider of this process");

    nttcom_runtime::http_client_builder()
        .build()
        .expect("a client on the application's provider");

    let installed: &Arc<CryptoProvider> = CryptoProvider::get_default().expect("installed");
    assert_eq!(installed.cipher_suites.len(), 1, "the runtime replaced it");
}
