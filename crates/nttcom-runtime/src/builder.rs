//! `Client::builder()`: one place to set credentials, base URL, timeouts and
//! retries.

use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use reqwest::redirect;

use crate::credentials::env::{self, Lookup};
use crate::credentials::{DEFAULT_REFUSAL_WINDOW, parse_http_url};
use crate::intercept::{Interceptor, Interceptors};
use crate::runtime::HttpClients;
use crate::{
    ClientCredentials, Credentials, Error, Keystone, RetryPolicy, Runtime, Service, StaticToken,
    TokenExchange,
};

/// Where a client sends its requests: a URL, or a server choice that a
/// service crate converts into one (service-order's `Region`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BaseUrl(String);

impl BaseUrl {
    pub fn new(url: impl Into<String>) -> Self {
        Self(url.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<String> for BaseUrl {
    fn from(url: String) -> Self {
        Self(url)
    }
}

impl From<&str> for BaseUrl {
    fn from(url: &str) -> Self {
        Self(url.to_owned())
    }
}

impl From<&String> for BaseUrl {
    fn from(url: &String) -> Self {
        Self(url.clone())
    }
}

impl From<reqwest::Url> for BaseUrl {
    fn from(url: reqwest::Url) -> Self {
        Self(url.into())
    }
}

/// Configures a service client; obtained from `Client::builder()`.
///
/// ```no_run
/// # use nttcom_runtime::{Service, ServiceInfo, AuthScheme, Runtime, ClientBuilder, TokenExchange};
/// # struct Client;
/// # impl Service for Client {
/// #     const INFO: ServiceInfo = ServiceInfo {
/// #         name: "demo", default_base_url: "https://api.ntt.com/demo", auth: AuthScheme::Header("X-Auth-Token"),
/// #         token_exchange: Some(TokenExchange::Keystone { path: "/keystone/v3/auth/tokens" }),
/// #     };
/// #     fn from_parts(_: &str, _: reqwest::Client, _: Runtime) -> Self { Client }
/// # }
/// use std::time::Duration;
/// use nttcom_runtime::RetryPolicy;
///
/// // `Client::builder()` of a service crate returns this builder.
/// let client: Client = ClientBuilder::new()
///     .keystone("my-api-key", "my-api-secret", "550e8400e29b41d4a716446655440000")
///     .timeout(Duration::from_secs(30))
///     .retry(RetryPolicy::default().max_attempts(5))
///     .build()?;
/// # Ok::<(), nttcom_runtime::Error>(())
/// ```
#[must_use]
pub struct ClientBuilder<S> {
    base_url: Option<BaseUrl>,
    credentials: Option<Result<Box<dyn Credentials>, Error>>,
    /// Given with `.tenant_id(…)`.
    tenant_id: Option<String>,
    /// `NTTCOM_TENANT_ID`, read by `.from_env()` with the credentials.
    env_tenant_id: Option<String>,
    refusal_window: Duration,
    anonymous: bool,
    timeout: Duration,
    connect_timeout: Duration,
    retry: RetryPolicy,
    configure_http: Option<HttpHook>,
    same_origin_redirects: usize,
    allow_insecure_http: bool,
    interceptors: Vec<Box<dyn Interceptor>>,
    service: PhantomData<fn() -> S>,
}

/// What `.configure_http(…)` was given.
type HttpHook = Box<dyn Fn(reqwest::ClientBuilder) -> reqwest::ClientBuilder + Send + Sync>;

impl<S: Service> Default for ClientBuilder<S> {
    fn default() -> Self {
        Self::new()
    }
}

impl<S: Service> ClientBuilder<S> {
    /// Default timeouts: 10 s to connect, 60 s for a whole request; default
    /// [`RetryPolicy`]; refused exchanges remembered for 30 s.
    pub fn new() -> Self {
        Self {
            base_url: None,
            credentials: None,
            tenant_id: None,
            env_tenant_id: None,
            refusal_window: DEFAULT_REFUSAL_WINDOW,
            anonymous: false,
            timeout: Duration::from_secs(60),
            connect_timeout: Duration::from_secs(10),
            retry: RetryPolicy::default(),
            configure_http: None,
            same_origin_redirects: 0,
            allow_insecure_http: false,
            interceptors: Vec::new(),
            service: PhantomData,
        }
    }

    /// Sends requests to `url` instead of the production endpoint
    /// (`S::INFO.default_base_url`): a regional host, a proxy, a test server.
    /// Token exchanges follow it to the same host.
    pub fn base_url(mut self, url: impl Into<BaseUrl>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Sends this token, obtained elsewhere, with every request.
    pub fn token(self, token: impl Into<String>) -> Self {
        self.credentials(StaticToken::new(token))
    }

    /// Exchanges an API key and secret at Keystone for tokens scoped to
    /// `tenant_id` (services that take `X-Auth-Token`). See [`Keystone`].
    pub fn keystone(
        self,
        api_key: impl Into<String>,
        api_secret: impl Into<String>,
        tenant_id: impl Into<String>,
    ) -> Self {
        self.credentials(Keystone::new(api_key, api_secret, tenant_id))
    }

    /// Exchanges a client id and secret at the API gateway for bearer tokens
    /// (services that take `Authorization: Bearer`). See [`ClientCredentials`].
    pub fn client_credentials(
        self,
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
    ) -> Self {
        self.credentials(ClientCredentials::new(client_id, client_secret))
    }

    /// Takes tokens from `credentials`: any of this crate's, or your own.
    /// Replaces earlier credentials, including those of `.from_env()` and
    /// the `NTTCOM_TENANT_ID` it read.
    pub fn credentials(mut self, credentials: impl Credentials) -> Self {
        self.credentials = Some(Ok(Box::new(credentials)));
        self.env_tenant_id = None;
        self
    }

    /// The tenant that operations taking a `tenantId` use when the call does
    /// not name one; see [`Runtime::tenant_id`] for where it comes from
    /// otherwise.
    pub fn tenant_id(mut self, tenant_id: impl Into<String>) -> Self {
        self.tenant_id = Some(tenant_id.into());
        self
    }

    /// How long a token exchange refused with 401 or 403 is remembered: during
    /// it, requests fail at once with the same [`Error::TokenExchange`] and
    /// the refused credentials are not sent again, so that a wrong secret
    /// cannot lock an account by repetition. 30 s by default;
    /// [`Duration::ZERO`] never remembers. Other failures (5xx, no answer)
    /// are never remembered. [`Runtime::clear_refusal`] forgets a refusal at
    /// once.
    pub fn refusal_window(mut self, window: Duration) -> Self {
        self.refusal_window = window;
        self
    }

    /// Reads credentials from the environment: the exchange the service uses
    /// when all its variables are set (`NTTCOM_API_KEY`, `NTTCOM_API_SECRET`,
    /// `NTTCOM_TENANT_ID` for Keystone; `NTTCOM_CLIENT_ID`,
    /// `NTTCOM_CLIENT_SECRET` for client credentials), otherwise a token from
    /// `NTTCOM_TOKEN`. [`build`](Self::build) fails with
    /// [`Error::MissingEnv`] naming a missing variable. `NTTCOM_TENANT_ID`,
    /// when set, is also the default tenant (see [`Runtime::tenant_id`]),
    /// whichever credentials are read.
    pub fn from_env(self) -> Self {
        self.credentials_from(&env::process)
    }

    pub(crate) fn credentials_from(mut self, lookup: Lookup<'_>) -> Self {
        let exchange: Result<Box<dyn Credentials>, Error> = match S::INFO.token_exchange {
            Some(TokenExchange::Keystone { .. }) => {
                Keystone::from_lookup(lookup).map(|c| Box::new(c) as _)
            }
            Some(TokenExchange::ClientCredentials { .. }) => {
                ClientCredentials::from_lookup(lookup).map(|c| Box::new(c) as _)
            }
            None => Err(Error::MissingEnv { var: env::TOKEN }),
        };
        self.credentials = Some(match exchange {
            Ok(credentials) => Ok(credentials),
            Err(missing) => match StaticToken::from_lookup(lookup) {
                Ok(token) => Ok(Box::new(token)),
                Err(_) => Err(missing),
            },
        });
        self.env_tenant_id = lookup(env::TENANT_ID);
        self
    }

    /// Sends requests without credentials (e.g. to a local mock).
    pub fn anonymous(mut self) -> Self {
        self.anonymous = true;
        self
    }

    /// Upper bound for one attempt, from connecting to the end of the body.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Upper bound for establishing a connection.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// When failed requests are sent again; [`RetryPolicy::none`] to never.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Customises the HTTP client: `f` receives the `reqwest::ClientBuilder`
    /// the client is built from (with the runtime's user agent) and returns
    /// it with your settings: a proxy, root certificates, a client
    /// certificate, a local address, default headers, HTTP/2 options.
    ///
    /// The runtime then applies its own redirect policy and the timeouts of
    /// [`timeout`](Self::timeout) and [`connect_timeout`](Self::connect_timeout)
    /// on top, so that neither can be lost: credentials never follow a
    /// redirect to another origin, and every attempt is bounded. (A
    /// ready-made `reqwest::Client` cannot be checked for either, which is
    /// why the builder takes this hook instead of a client.)
    ///
    /// ```no_run
    /// # use nttcom_runtime::{Service, ServiceInfo, AuthScheme, Runtime, ClientBuilder};
    /// # struct Client;
    /// # impl Service for Client {
    /// #     const INFO: ServiceInfo = ServiceInfo {
    /// #         name: "demo", default_base_url: "https://api.ntt.com/demo", auth: AuthScheme::Bearer,
    /// #         token_exchange: None,
    /// #     };
    /// #     fn from_parts(_: &str, _: reqwest::Client, _: Runtime) -> Self { Client }
    /// # }
    /// use nttcom_runtime::reqwest;
    ///
    /// let client: Client = ClientBuilder::new()
    ///     .token("my-token")
    ///     .configure_http(|http| http.proxy(reqwest::Proxy::https("http://proxy.internal:3128").unwrap()))
    ///     .build()?;
    /// # Ok::<(), nttcom_runtime::Error>(())
    /// ```
    pub fn configure_http(
        mut self,
        f: impl Fn(reqwest::ClientBuilder) -> reqwest::ClientBuilder + Send + Sync + 'static,
    ) -> Self {
        self.configure_http = Some(Box::new(f));
        self
    }

    /// Follows up to `max` redirects that stay on the origin (scheme, host
    /// and port) of the request; none by default. A redirect to another
    /// origin is never followed: it comes back as the operation's answer
    /// ([`OperationError::redirect_location`](crate::OperationError::redirect_location)),
    /// so no token, secret or body reaches another origin. Token exchanges
    /// follow no redirect in any case.
    pub fn same_origin_redirects(mut self, max: usize) -> Self {
        self.same_origin_redirects = max;
        self
    }

    /// Lets credentials travel over plain `http://` to a host that is not
    /// loopback (a trusted network, a test rig). Without it,
    /// [`build`](Self::build) refuses a non-loopback `http://` base URL or
    /// token endpoint whenever a token or a secret would travel over it
    /// ([`Error::PlainHttp`]). Loopback addresses (`127.0.0.0/8`, `::1`,
    /// `localhost`) and anonymous clients need no permission.
    pub fn allow_insecure_http(mut self) -> Self {
        self.allow_insecure_http = true;
        self
    }

    /// Adds an [`Interceptor`]: code of yours that sees every call's final
    /// request before any token is fetched or attached (and may amend or
    /// stop it), and each attempt's answer. Several run in the order they
    /// were added; see [`intercept`](crate::intercept).
    ///
    /// ```no_run
    /// # use nttcom_runtime::{Service, ServiceInfo, AuthScheme, Runtime, ClientBuilder};
    /// # struct Client;
    /// # impl Service for Client {
    /// #     const INFO: ServiceInfo = ServiceInfo {
    /// #         name: "demo", default_base_url: "https://api.ntt.com/demo", auth: AuthScheme::Bearer,
    /// #         token_exchange: None,
    /// #     };
    /// #     fn from_parts(_: &str, _: reqwest::Client, _: Runtime) -> Self { Client }
    /// # }
    /// use nttcom_runtime::intercept::{Call, Interceptor, Interrupted};
    /// use nttcom_runtime::reqwest::Request;
    ///
    /// /// Prints each request instead of sending it.
    /// struct DryRun;
    ///
    /// impl Interceptor for DryRun {
    ///     fn before_send(&self, request: &mut Request, call: &Call) -> Result<(), Interrupted> {
    ///         println!("{} {} ({}, token: {})", request.method(), request.url(), call.operation(), call.sends_token());
    ///         Err(Interrupted::new("dry run"))
    ///     }
    /// }
    ///
    /// let client: Client = ClientBuilder::new().from_env().intercept(DryRun).build()?;
    /// # Ok::<(), nttcom_runtime::Error>(())
    /// ```
    pub fn intercept(mut self, interceptor: impl Interceptor) -> Self {
        self.interceptors.push(Box::new(interceptor));
        self
    }

    /// Checks the configuration and builds the client. Fails on missing or
    /// unfitting credentials, a malformed base URL, or credentials that would
    /// travel over plain HTTP to a remote host; nothing is sent.
    pub fn build(self) -> Result<S, Error> {
        let info = S::INFO;
        let base_url = self
            .base_url
            .map_or_else(|| info.default_base_url.to_owned(), |url| url.0);
        let base_url = base_url.trim_end_matches('/');
        let parsed = parse_http_url(base_url)?;
        let credentials: Option<Arc<dyn Credentials>> = match self.credentials {
            Some(credentials) => {
                let mut credentials = credentials?;
                credentials.bind(&info, &parsed)?;
                credentials.set_refusal_window(self.refusal_window);
                Some(Arc::from(credentials))
            }
            None if self.anonymous => None,
            None => return Err(Error::MissingCredentials { service: info.name }),
        };
        if let Some(credentials) = &credentials
            && !self.allow_insecure_http
        {
            refuse_plain_http(&parsed, "tokens")?;
            if let Some(endpoint) = credentials.token_endpoint() {
                refuse_plain_http(&endpoint, "the credentials' secret")?;
            }
        }
        let tenant_id = [
            self.tenant_id.as_deref(),
            credentials.as_deref().and_then(|c| c.tenant_id()),
            self.env_tenant_id.as_deref(),
        ]
        .into_iter()
        .flatten()
        .find(|id| !id.is_empty())
        .map(str::to_owned);
        let http_client = |policy: redirect::Policy| {
            let builder = crate::tls::http_client_builder()
                .user_agent(concat!("nttcom-rs/", env!("CARGO_PKG_VERSION")));
            let builder = match &self.configure_http {
                Some(configure) => configure(builder),
                None => builder,
            };
            builder
                .redirect(policy)
                .timeout(self.timeout)
                .connect_timeout(self.connect_timeout)
                .build()
                .map_err(Error::HttpClient)
        };
        let (http, exchange_http) = match self.same_origin_redirects {
            0 => {
                let http = http_client(redirect::Policy::none())?;
                (http.clone(), http)
            }
            max => (
                http_client(same_origin_only(max))?,
                http_client(redirect::Policy::none())?,
            ),
        };
        let runtime = Runtime::new(
            info,
            credentials,
            tenant_id,
            HttpClients {
                api: http.clone(),
                exchange: exchange_http,
                timeout: self.timeout,
            },
            &parsed,
            self.retry,
            Interceptors::new(self.interceptors),
        )?;
        Ok(S::from_parts(base_url, http, runtime))
    }
}

/// Follows at most `max` redirects, each to the origin of the first request.
fn same_origin_only(max: usize) -> redirect::Policy {
    redirect::Policy::custom(move |attempt| {
        let previous = attempt.previous();
        let same_origin = previous
            .first()
            .is_some_and(|first| first.origin() == attempt.url().origin());
        // `previous` holds the first request too.
        if same_origin && previous.len() <= max {
            attempt.follow()
        } else {
            attempt.stop()
        }
    })
}

/// Refuses `url` if it is `http://` on a host that is not loopback.
fn refuse_plain_http(url: &reqwest::Url, sends: &'static str) -> Result<(), Error> {
    if url.scheme() != "http" || is_loopback(url) {
        return Ok(());
    }
    let mut shown = url.clone();
    let _ = shown.set_username("");
    let _ = shown.set_password(None);
    Err(Error::PlainHttp {
        url: shown.as_str().trim_end_matches('/').to_owned(),
        sends,
    })
}

/// `127.0.0.0/8`, `::1` (also as `::ffff:127.x.y.z`) or `localhost`.
fn is_loopback(url: &reqwest::Url) -> bool {
    let Some(host) = url.host_str() else {
        return false;
    };
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    match bare.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V4(ip)) => ip.is_loopback(),
        Ok(std::net::IpAddr::V6(ip)) => {
            ip.is_loopback() || ip.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
        }
        // The URL parser has lower-cased the name already.
        Err(_) => host == "localhost",
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::{AuthScheme, ServiceInfo};

    /// A service whose client is just what the builder hands over.
    macro_rules! service {
        ($name:ident, $auth:expr, $exchange:expr) => {
            struct $name {
                runtime: Runtime,
                base_url: String,
            }
            impl Service for $name {
                const INFO: ServiceInfo = ServiceInfo {
                    name: stringify!($name),
                    default_base_url: "https://api.ntt.com/svc/v1",
                    auth: $auth,
                    token_exchange: $exchange,
                };
                fn from_parts(base_url: &str, _: reqwest::Client, runtime: Runtime) -> Self {
                    Self {
                        runtime,
                        base_url: base_url.to_owned(),
                    }
                }
            }
            impl Built for $name {
                fn runtime(&self) -> &Runtime {
                    &self.runtime
                }
                fn base_url(&self) -> &str {
                    &self.base_url
                }
            }
        };
    }

    trait Built {
        fn runtime(&self) -> &Runtime;
        fn base_url(&self) -> &str;
    }

    service!(
        Keyed,
        AuthScheme::Header("X-Auth-Token"),
        Some(TokenExchange::Keystone {
            path: "/keystone/v3/auth/tokens"
        })
    );
    service!(
        Gateway,
        AuthScheme::Bearer,
        Some(TokenExchange::ClientCredentials {
            path: "/v1/oauth/accesstokens"
        })
    );
    service!(Plain, AuthScheme::Bearer, None);

    /// A builder reading its credentials from `vars` instead of the process.
    fn from_vars<S: Service>(vars: &[(&str, &str)]) -> ClientBuilder<S> {
        let vars: BTreeMap<String, String> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        ClientBuilder::new().credentials_from(&move |name: &str| vars.get(name).cloned())
    }

    /// The built runtime's `Debug`, which names credentials and endpoint.
    fn describe<S: Service + Built>(builder: ClientBuilder<S>) -> String {
        let client = builder.build().expect("builds");
        format!("{:?}", client.runtime())
    }

    /// The variable a failed `from_env` build names.
    fn missing_var<S: Service>(vars: &[(&str, &str)]) -> String {
        match from_vars::<S>(vars).build() {
            Err(Error::MissingEnv { var }) => var.to_owned(),
            Err(other) => panic!("expected MissingEnv, got {other:?}"),
            Ok(_) => panic!("expected MissingEnv, got a client"),
        }
    }

    #[test]
    fn from_env_picks_the_services_exchange() {
        let text = describe(from_vars::<Keyed>(&[
            ("NTTCOM_API_KEY", "k"),
            ("NTTCOM_API_SECRET", "s"),
            ("NTTCOM_TENANT_ID", "t"),
            ("NTTCOM_TOKEN", "ignored"),
        ]));
        assert!(text.contains("Keystone"), "{text}");
        assert!(
            text.contains("https://api.ntt.com/keystone/v3/auth/tokens"),
            "{text}"
        );

        let text = describe(from_vars::<Gateway>(&[
            ("NTTCOM_CLIENT_ID", "c"),
            ("NTTCOM_CLIENT_SECRET", "s"),
        ]));
        assert!(text.contains("ClientCredentials"), "{text}");
        assert!(
            text.contains("https://api.ntt.com/v1/oauth/accesstokens"),
            "{text}"
        );
    }

    #[test]
    fn from_env_falls_back_to_a_token() {
        let vars = [("NTTCOM_TOKEN", "abc"), ("NTTCOM_API_KEY", "k")];
        for text in [
            describe(from_vars::<Keyed>(&vars)),
            describe(from_vars::<Gateway>(&vars)),
            describe(from_vars::<Plain>(&vars)),
        ] {
            assert!(text.contains("StaticToken"), "{text}");
        }
    }

    #[test]
    fn from_env_names_the_missing_variable() {
        assert_eq!(missing_var::<Keyed>(&[]), "NTTCOM_API_KEY");
        assert_eq!(
            missing_var::<Keyed>(&[("NTTCOM_API_KEY", "k"), ("NTTCOM_TENANT_ID", "t")]),
            "NTTCOM_API_SECRET"
        );
        assert_eq!(
            missing_var::<Keyed>(&[("NTTCOM_API_KEY", "k"), ("NTTCOM_API_SECRET", "")]),
            "NTTCOM_API_SECRET",
            "an empty variable counts as missing"
        );
        assert_eq!(
            missing_var::<Gateway>(&[("NTTCOM_CLIENT_ID", "c")]),
            "NTTCOM_CLIENT_SECRET"
        );
        assert_eq!(missing_var::<Plain>(&[]), "NTTCOM_TOKEN");
        let message = Error::MissingEnv {
            var: "NTTCOM_API_KEY",
        }
        .to_string();
        assert!(message.contains("NTTCOM_API_KEY"), "{message}");
    }

    fn tenant<S: Service + Built>(builder: ClientBuilder<S>) -> Option<String> {
        let client = builder.build().expect("builds");
        client.runtime().tenant_id().map(str::to_owned)
    }

    #[test]
    fn the_default_tenant_is_explicit_else_keystone_s_else_from_the_environment() {
        let some = |id: &str| Some(id.to_owned());
        let keystone_env = [
            ("NTTCOM_API_KEY", "k"),
            ("NTTCOM_API_SECRET", "s"),
            ("NTTCOM_TENANT_ID", "env-tenant"),
        ];
        let token_env = [("NTTCOM_TOKEN", "t"), ("NTTCOM_TENANT_ID", "env-tenant")];

        let keystone = || ClientBuilder::<Keyed>::new().keystone("k", "s", "ks-tenant");
        assert_eq!(tenant(keystone().tenant_id("mine")), some("mine"));
        assert_eq!(
            tenant(from_vars::<Keyed>(&keystone_env).tenant_id("mine")),
            some("mine")
        );
        assert_eq!(
            tenant(ClientBuilder::<Plain>::new().tenant_id("mine").token("t")),
            some("mine"),
            "with any credentials, set before or after them"
        );
        assert_eq!(
            tenant(ClientBuilder::<Plain>::new().anonymous().tenant_id("mine")),
            some("mine")
        );

        assert_eq!(tenant(keystone()), some("ks-tenant"));
        assert_eq!(
            tenant(keystone().tenant_id("")),
            some("ks-tenant"),
            "empty is unset"
        );
        assert_eq!(
            tenant(from_vars::<Keyed>(&keystone_env)),
            some("env-tenant")
        );

        // From the environment beside a token, for every kind of service.
        assert_eq!(tenant(from_vars::<Keyed>(&token_env)), some("env-tenant"));
        assert_eq!(tenant(from_vars::<Gateway>(&token_env)), some("env-tenant"));
        assert_eq!(tenant(from_vars::<Plain>(&token_env)), some("env-tenant"));
        let gateway_env = [
            ("NTTCOM_CLIENT_ID", "c"),
            ("NTTCOM_CLIENT_SECRET", "s"),
            ("NTTCOM_TENANT_ID", "env-tenant"),
        ];
        assert_eq!(
            tenant(from_vars::<Gateway>(&gateway_env)),
            some("env-tenant")
        );

        // None at all, and credentials given after `from_env` replacing it.
        assert_eq!(tenant(ClientBuilder::<Plain>::new().token("t")), None);
        assert_eq!(tenant(from_vars::<Plain>(&[("NTTCOM_TOKEN", "t")])), None);
        assert_eq!(tenant(from_vars::<Plain>(&token_env).token("other")), None);
        assert_eq!(
            tenant(from_vars::<Plain>(&[
                ("NTTCOM_TOKEN", "t"),
                ("NTTCOM_TENANT_ID", "")
            ])),
            None
        );
    }

    #[test]
    fn credentials_that_do_not_fit_the_service_are_refused() {
        let error = ClientBuilder::<Gateway>::new()
            .keystone("k", "secret", "t")
            .build()
            .err()
            .unwrap();
        assert!(
            matches!(
                error,
                Error::UnsupportedCredentials {
                    credentials: "Keystone",
                    ..
                }
            ),
            "{error:?}"
        );
        assert!(
            error.to_string().contains(".client_credentials("),
            "{error}"
        );
        let error = ClientBuilder::<Keyed>::new()
            .client_credentials("c", "secret")
            .build()
            .err()
            .unwrap();
        assert!(error.to_string().contains(".keystone("), "{error}");
        // A service that names no endpoint needs one given explicitly.
        let error = ClientBuilder::<Plain>::new()
            .client_credentials("c", "secret")
            .build()
            .err()
            .unwrap();
        assert!(matches!(error, Error::NoTokenEndpoint { .. }), "{error:?}");
        let text = describe(ClientBuilder::<Plain>::new().credentials(
            ClientCredentials::new("c", "secret").endpoint("https://auth.example/token"),
        ));
        assert!(text.contains("https://auth.example/token"), "{text}");
    }

    #[test]
    fn a_regional_base_url_moves_the_exchange_with_it() {
        let text = describe(
            ClientBuilder::<Gateway>::new()
                .base_url("https://us.api.ntt.com/")
                .client_credentials("c", "secret"),
        );
        assert!(
            text.contains("https://us.api.ntt.com/v1/oauth/accesstokens"),
            "{text}"
        );
    }

    #[test]
    fn an_attached_token_prints_redacted() {
        let client = ClientBuilder::<Plain>::new()
            .token("t0k3n-s3cr3t")
            .build()
            .unwrap();
        let mut request = reqwest::Request::new(
            reqwest::Method::GET,
            "https://api.ntt.com/svc/v1/x".parse().unwrap(),
        );
        let token = crate::Token::new("t0k3n-s3cr3t");
        client.runtime().attach(&mut request, &token).unwrap();
        assert!(request.headers().contains_key("authorization"));
        for text in [format!("{request:?}"), format!("{request:#?}")] {
            assert!(!text.contains("s3cr3t"), "{text}");
        }
    }

    #[test]
    fn configuration_errors() {
        let error = ClientBuilder::<Plain>::new().build().err().unwrap();
        assert!(matches!(
            error,
            Error::MissingCredentials { service: "Plain" }
        ));
        assert!(ClientBuilder::<Plain>::new().anonymous().build().is_ok());
        for url in ["ftp://api.ntt.com", "not a url", "https://api.ntt.com/?q=1"] {
            let error = ClientBuilder::<Plain>::new()
                .token("t")
                .base_url(url)
                .build()
                .err();
            assert!(matches!(error, Some(Error::InvalidBaseUrl { .. })), "{url}");
        }
        let error = ClientBuilder::<Keyed>::new()
            .credentials(Keystone::new("k", "s", "t").endpoint("nowhere"))
            .build()
            .err();
        assert!(matches!(error, Some(Error::InvalidBaseUrl { .. })));
        let built = ClientBuilder::<Plain>::new()
            .token("t")
            .base_url("http://127.0.0.1:8080/v1/")
            .build()
            .unwrap();
        assert_eq!(built.base_url(), "http://127.0.0.1:8080/v1");
    }
}
