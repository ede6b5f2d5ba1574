//! The TLS backend of the HTTP client, chosen by this crate's features.
//!
//! - `rustls` (the default): rustls with the `ring` crypto provider and the
//!   platform's certificate verifier. reqwest is built with
//!   `rustls-no-provider`, so that its default provider, aws-lc-rs (whose C
//!   build costs about half of a cold debug build), is never compiled.
//! - `native-tls`: the platform's TLS (OpenSSL, Secure Transport, SChannel).
//! - neither: no TLS at all, for plain-HTTP loopback tests; an `https` URL
//!   then fails when the request is sent.
//!
//! When both features are on (features add up across a dependency graph,
//! so one crate's defaults may turn `rustls` on beside someone's
//! `native-tls`), `native-tls` is used: it is the deliberate choice, since
//! `rustls` is the default, and it is also reqwest's own choice between the
//! two. Refusing the combination with `compile_error!` would leave such a
//! user no way to build.

/// A `reqwest::ClientBuilder` that uses the TLS backend this crate was built
/// with: every client's HTTP client starts from it (before the hook of
/// `ClientBuilder::configure_http` and the runtime's own settings).
///
/// With the `rustls` backend, this installs `ring` as rustls's process-wide
/// crypto provider unless the application installed one first (as rustls
/// itself does when a single provider is compiled in): install yours before
/// building any client to use it instead.
pub(crate) fn http_client_builder() -> reqwest::ClientBuilder {
    let builder = reqwest::Client::builder();
    #[cfg(feature = "native-tls")]
    let builder = builder.tls_backend_native();
    #[cfg(all(feature = "rustls", not(feature = "native-tls")))]
    let builder = {
        // Err means a provider is installed already: the application's, kept.
        let _ = rustls::crypto::ring::default_provider().install_default();
        builder.tls_backend_rustls()
    };
    builder
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Without a provider installed, reqwest built with `rustls-no-provider`
    /// panics in `build()`; the builder installs `ring` first.
    #[test]
    fn a_client_builds_with_the_chosen_backend() {
        let client = http_client_builder().build();
        assert!(client.is_ok(), "{client:?}");
        #[cfg(all(feature = "rustls", not(feature = "native-tls")))]
        assert!(rustls::crypto::CryptoProvider::get_default().is_some());
    }
}
