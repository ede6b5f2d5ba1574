//! `src/lib.rs` of a service crate: crate docs, the runtime glue and constructors.

use quote::{format_ident, quote};

use crate::service::{Auth, Service};

use super::{rust_header, usage_snippet};

pub fn render(service: &Service) -> Result<String, String> {
    let docs = super::inner_doc(&crate_docs(service));
    let slug = &service.slug;
    let default_base_url = service.default_base_url();
    let auth = match &service.auth {
        Auth::Header { name, .. } => quote!(nttcom_runtime::AuthScheme::Header(#name)),
        Auth::Bearer { .. } => quote!(nttcom_runtime::AuthScheme::Bearer),
    };
    let server_variables = service
        .servers
        .iter()
        .flat_map(|server| server.variables.iter().map(move |v| (server, v)))
        .map(|(server, variable)| server_variable(&server.url, variable));

    let file = quote! {
        #docs
        #![cfg_attr(docsrs, feature(doc_cfg))]

        mod client;
        /// Typed [httpmock](https://docs.rs/httpmock) helpers: one method per
        /// operation on `httpmock::MockServer`, for testing code that uses this client.
        #[cfg(feature = "mock")]
        #[cfg_attr(docsrs, doc(cfg(feature = "mock")))]
        pub mod mock;

        pub use client::*;
        /// Runtime types a client is configured with (credentials, builder, errors).
        pub use nttcom_runtime as runtime;

        impl nttcom_runtime::Service for Client {
            const INFO: nttcom_runtime::ServiceInfo = nttcom_runtime::ServiceInfo {
                name: #slug,
                default_base_url: #default_base_url,
                auth: #auth,
            };

            fn from_parts(
                base_url: &str,
                http: reqwest::Client,
                runtime: nttcom_runtime::Runtime,
            ) -> Self {
                Self::new_with_client(base_url, http, runtime)
            }
        }

        impl Client {
            /// The production base URL this client talks to unless told otherwise.
            pub const DEFAULT_BASE_URL: &'static str = #default_base_url;

            /// Starts configuring a client: credentials, base URL, timeouts.
            pub fn builder() -> nttcom_runtime::ClientBuilder<Self> {
                nttcom_runtime::ClientBuilder::new()
            }

            /// The runtime (credentials, retries) this client sends requests through.
            pub fn runtime(&self) -> &nttcom_runtime::Runtime {
                &self.inner
            }
        }

        /// Every request passes through `nttcom-runtime`: it attaches credentials,
        /// drops the `api-version` header progenitor adds, and sends the request.
        impl progenitor_client::ClientHooks<nttcom_runtime::Runtime> for Client {
            async fn pre<E>(
                &self,
                request: &mut reqwest::Request,
                info: &progenitor_client::OperationInfo,
            ) -> Result<(), progenitor_client::Error<E>> {
                self.inner
                    .prepare(request, info.operation_id)
                    .await
                    .map_err(|e| progenitor_client::Error::Custom(e.to_string()))
            }

            async fn exec(
                &self,
                request: reqwest::Request,
                info: &progenitor_client::OperationInfo,
            ) -> reqwest::Result<reqwest::Response> {
                self.inner.execute(&self.client, request, info.operation_id).await
            }
        }

        #(#server_variables)*
    };
    let file: syn::File =
        syn::parse2(file).map_err(|e| format!("lib.rs template does not parse: {e}"))?;
    Ok(format!(
        "{}{}",
        rust_header(service),
        prettyplease::unparse(&file)
    ))
}

/// A server URL with a `{variable}` becomes an enum of its values and a
/// `Client::<variable>_base_url` function, e.g. `Region::Jp` for service-order.
fn server_variable(
    url: &str,
    variable: &crate::service::ServerVariable,
) -> proc_macro2::TokenStream {
    let name = &variable.name;
    let enum_ident = format_ident!("{}", heck::AsUpperCamelCase(name).to_string());
    let fn_ident = format_ident!("{}_base_url", heck::AsSnakeCase(name).to_string());
    let variants: Vec<_> = variable
        .values
        .iter()
        .map(|v| format_ident!("{}", heck::AsUpperCamelCase(v).to_string()))
        .collect();
    let values = &variable.values;
    let default_variant = variable
        .values
        .iter()
        .position(|v| *v == variable.default)
        .map(|i| variants[i].clone());
    let default_attr = default_variant.as_ref().map(|_| quote!(Default,));
    let variant_attrs = variants.iter().map(|v| {
        if Some(v) == default_variant.as_ref() {
            quote!(#[default])
        } else {
            quote!()
        }
    });
    let enum_doc = format!("Values of the `{{{name}}}` part of the server URL `{url}`.");
    let fn_doc = format!("The base URL `{url}` with `{{{name}}}` filled in.");
    let placeholder = format!("{{{name}}}");
    quote! {
        #[doc = #enum_doc]
        #[derive(Clone, Copy, Debug, #default_attr PartialEq, Eq, Hash)]
        pub enum #enum_ident {
            #( #variant_attrs #[doc = #values] #variants, )*
        }

        impl #enum_ident {
            /// The value as it appears in the URL.
            pub fn as_str(self) -> &'static str {
                match self {
                    #( Self::#variants => #values, )*
                }
            }
        }

        impl std::fmt::Display for #enum_ident {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Client {
            #[doc = #fn_doc]
            pub fn #fn_ident(value: #enum_ident) -> String {
                #url.replace(#placeholder, value.as_str())
            }
        }
    }
}

fn crate_docs(service: &Service) -> String {
    let auth = match &service.auth {
        Auth::Header { name, description } => {
            format!("a token in the `{name}` header. {description}")
        }
        Auth::Bearer { description } => format!("a bearer token. {description}"),
    };
    let mut operations = String::new();
    for op in &service.operations {
        operations.push_str(&format!(
            "| [`{id}`](Client::{id}) | `{method} {path}` | {summary} |\n",
            id = op.id,
            method = op.method,
            path = op.path,
            summary = op.summary,
        ));
    }
    let description = if service.description.is_empty() {
        String::new()
    } else {
        format!("{}\n\n", service.description)
    };
    format!(
        "Typed async client for **{title}** (API version {version}).\n\n{description}\
         Generated by `cargo xtask generate` from `{spec}`; see the repository to change it.\n\n\
         - Base URL: `{base}`\n- Authentication: {auth}\n\n\
         # Example\n\n```no_run\n{snippet}```\n\n\
         # Operations\n\n| Method | Request | Reference title |\n|---|---|---|\n{operations}",
        title = service.title,
        version = service.api_version,
        spec = service.spec_path,
        base = service.default_base_url(),
        snippet = usage_snippet(service),
    )
}
