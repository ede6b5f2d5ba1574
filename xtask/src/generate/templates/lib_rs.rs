//! `src/lib.rs` of a service crate: crate docs, the runtime glue and constructors.

use quote::{format_ident, quote};

use crate::model::extensions::TokenExchange;
use crate::model::{Auth, ServerVariable, Spec};

use super::rust_header;

pub fn render(spec: &Spec) -> Result<String, String> {
    let docs = super::inner_doc(&super::docs::crate_docs(spec));
    let slug = &spec.slug;
    let default_base_url = spec.default_base_url();
    let auth = match &spec.auth {
        Auth::Header { name, .. } => quote!(nttcom_runtime::AuthScheme::Header(#name)),
        Auth::Bearer { .. } => quote!(nttcom_runtime::AuthScheme::Bearer),
    };
    let token_exchange = match spec.token_exchange.clone() {
        Some(TokenExchange::Keystone { path }) => {
            quote!(Some(nttcom_runtime::TokenExchange::Keystone { path: #path }))
        }
        Some(TokenExchange::ClientCredentials { path }) => {
            quote!(Some(nttcom_runtime::TokenExchange::ClientCredentials { path: #path }))
        }
        None => quote!(None),
    };
    let server_variables = spec
        .servers
        .iter()
        .flat_map(|server| server.variables.iter().map(move |v| (server, v)))
        .map(|(server, variable)| {
            server_variable(&server.url, variable, server.variables.len() == 1)
        });

    let file = quote! {
        #docs
        #![cfg_attr(docsrs, feature(doc_cfg))]

        mod client;
        mod validate;
        /// Typed [httpmock](https://docs.rs/httpmock) helpers: one method per
        /// operation on `httpmock::MockServer`, for testing code that uses this client.
        #[cfg(feature = "mock")]
        #[cfg_attr(docsrs, doc(cfg(feature = "mock")))]
        #[allow(clippy::all)]
        pub mod mock;

        pub use client::*;
        /// Runtime types a client is configured with (credentials, builder, errors).
        pub use nttcom_runtime as runtime;

        impl nttcom_runtime::Service for Client {
            const INFO: nttcom_runtime::ServiceInfo = nttcom_runtime::ServiceInfo {
                name: #slug,
                default_base_url: #default_base_url,
                auth: #auth,
                token_exchange: #token_exchange,
            };

            fn from_parts(
                base_url: &str,
                http: reqwest::Client,
                runtime: nttcom_runtime::Runtime,
            ) -> Self {
                Self {
                    baseurl: base_url.to_owned(),
                    client: http,
                    inner: runtime,
                }
            }
        }

        #(#server_variables)*
    };
    let file: syn::File =
        syn::parse2(file).map_err(|e| format!("lib.rs template does not parse: {e}"))?;
    Ok(format!(
        "{}{}",
        rust_header(spec),
        prettyplease::unparse(&file)
    ))
}

/// A server URL with a `{variable}` becomes an enum of its values and a
/// `Client::<variable>_base_url` function, e.g. `Region::Jp` for service-order.
/// When the variable is the URL's only one, the enum also converts into a
/// base URL, so that `Client::builder().base_url(Region::Us)` picks a host.
fn server_variable(url: &str, variable: &ServerVariable, only: bool) -> proc_macro2::TokenStream {
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
    let into_base_url = only.then(|| {
        let doc = format!(
            "Selects the server `{url}`: `Client::builder().base_url({enum_ident}::{})`. \
             Token exchanges go to the same host.",
            variants
                .first()
                .map(ToString::to_string)
                .unwrap_or_default()
        );
        quote! {
            #[doc = #doc]
            impl From<#enum_ident> for nttcom_runtime::BaseUrl {
                fn from(value: #enum_ident) -> Self {
                    nttcom_runtime::BaseUrl::new(Client::#fn_ident(value))
                }
            }
        }
    });
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

        #into_base_url
    }
}
