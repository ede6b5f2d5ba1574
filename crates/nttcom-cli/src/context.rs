//! [`Context`]: what a command module calls to build its client and to
//! send, walk or wait, and how answers and errors become [`Reply`] and
//! [`Failure`].

use std::fmt::Debug;
use std::future::Future;
use std::io::Write;
use std::sync::Arc;

use nttcom_runtime::pages::Items;
use nttcom_runtime::waiter::WaitError;
use nttcom_runtime::{ClientBuilder, Error, OperationError, ResponseValue, Service};
use serde::Serialize;
use serde_json::Value;

use crate::config::Profile;
use crate::credentials::{self, Settings, Sources};
use crate::dry_run::{self, Recorder};
use crate::exit::{Answer, AnswerBody, Failure};
use crate::output::{self, Output};
use crate::progress::Progress;
use crate::spec::{OperationSpec, ServiceSpec};

/// What an operation produced.
#[derive(Debug)]
pub enum Reply {
    /// An answer to print on stdout (`Value::Null` prints nothing).
    Answer { status: u16, body: Value },
    /// Already written to stdout (streamed items, a `--dry-run` request).
    Written,
}

/// The options every command takes (see `command::globals`).
#[derive(Debug, Default)]
pub struct Globals {
    pub profile: Option<String>,
    pub base_url: Option<String>,
    pub output: Option<output::Format>,
    pub dry_run: bool,
    pub all: bool,
    pub wait: bool,
    pub poll_interval: Option<std::time::Duration>,
    pub max_wait: Option<std::time::Duration>,
    pub verbose: bool,
}

/// Reads an environment variable (tests and the binary differ).
pub type Lookup = Box<dyn Fn(&str) -> Option<String>>;

/// Everything a command module needs from the core for one command.
pub struct Context {
    pub(crate) service: &'static ServiceSpec,
    pub(crate) operation: &'static OperationSpec,
    pub(crate) globals: Globals,
    pub(crate) output: Output,
    pub(crate) lookup: Lookup,
    /// The profile in use, if the configuration file has it.
    pub(crate) profile: Option<(String, Profile)>,
    /// Set with `--dry-run`: records the request and stops it.
    pub(crate) dry_run: Option<Recorder>,
    pub(crate) progress: Arc<Progress>,
}

impl Context {
    /// `--all` was given (only paged operations take it).
    pub fn all(&self) -> bool {
        self.globals.all
    }

    /// `--wait` was given and the write's answer is to be followed.
    pub fn waits(&self) -> bool {
        self.globals.wait && self.dry_run.is_none()
    }

    /// `--poll-interval`, for the waiter's `poll_interval`.
    pub fn poll_interval(&self) -> Option<std::time::Duration> {
        self.globals.poll_interval
    }

    /// For the waiter's `on_poll`: the state each poll saw goes to the
    /// progress line.
    pub fn on_poll(&self) -> impl Fn(&nttcom_runtime::waiter::Polled<'_>) + Send + Sync + 'static {
        let progress = self.progress.clone();
        move |poll| progress.polled(poll.state())
    }

    /// `--max-wait`, for the waiter's `max_wait`.
    pub fn max_wait(&self) -> Option<std::time::Duration> {
        self.globals.max_wait
    }

    /// The service client, configured from flags, environment and profile
    /// (see [`credentials`]); with `--dry-run`, it records its request
    /// instead of sending it.
    pub fn client<C: Service>(&self) -> Result<C, Failure> {
        let info = C::INFO;
        let settings = self.settings(info.name, info.token_exchange)?;
        let profile_url = self
            .profile
            .as_ref()
            .and_then(|(_, p)| p.base_url.get(self.service.slug).cloned());
        let base_url = self.globals.base_url.clone().or(profile_url);
        let mut builder = ClientBuilder::<C>::new();
        if let Some(url) = &base_url {
            builder = builder.base_url(url);
        }
        builder = settings.apply(builder);
        if let Some(recorder) = &self.dry_run {
            builder = builder.intercept(recorder.clone());
        }
        if self.globals.verbose {
            eprintln!(
                "nttcom: {} credentials from {} ({:?}), base URL {}",
                info.name,
                settings.source,
                settings.plan,
                base_url.as_deref().unwrap_or(info.default_base_url)
            );
        }
        builder.build().map_err(build_failure)
    }

    fn settings(
        &self,
        service: &'static str,
        exchange: Option<nttcom_runtime::TokenExchange>,
    ) -> Result<Settings, Failure> {
        let sources = Sources {
            lookup: &*self.lookup,
            profile: self.profile.as_ref().map(|(n, p)| (n.as_str(), p)),
            explicit: self.globals.profile.is_some(),
        };
        credentials::resolve(service, exchange, &sources)
    }

    /// Sends one request (`request` is the builder's `.send()`) and returns
    /// its answer as JSON.
    pub async fn send<T, E, F>(&self, request: F) -> Result<Reply, Failure>
    where
        F: Future<Output = Result<ResponseValue<T>, OperationError<E>>>,
        T: Serialize,
        E: Serialize + Debug,
    {
        match request.await {
            Ok(answer) => Ok(Reply::Answer {
                status: answer.status().as_u16(),
                body: to_json(answer.into_inner()),
            }),
            Err(error) => self.failed(error).await,
        }
    }

    /// Walks every page of a paged list (`items` is the builder's
    /// `.stream()`): one JSON array, or with `-o jsonl` one item per line
    /// as they arrive.
    pub async fn walk<T, E>(
        &self,
        mut items: Items<'_, T, OperationError<E>>,
    ) -> Result<Reply, Failure>
    where
        T: Serialize + Send,
        E: Serialize + Debug + Send,
    {
        if self.dry_run.is_some() {
            // The first page's request is what the walk would send first.
            return match items.next().await {
                Some(Err(error)) => self.failed(error).await,
                _ => Ok(Reply::Written),
            };
        }
        let streams = self.output.streams();
        let mut gathered = Vec::new();
        let mut count = 0u64;
        let stdout = std::io::stdout();
        while let Some(item) = items.next().await {
            let item = match item {
                Ok(item) => to_json(item),
                Err(error) => {
                    self.progress.finish();
                    let mut failure = match self.failed(error).await {
                        Err(failure) => failure,
                        Ok(_) => Failure::other("a page answered with an undocumented status"),
                    };
                    failure.message = format!("{} (after {count} items)", failure.message);
                    return Err(failure);
                }
            };
            count += 1;
            self.progress.item();
            if streams {
                output::line(&item, &mut stdout.lock()).map_err(write_failure)?;
            } else {
                gathered.push(item);
            }
        }
        self.progress.finish();
        if streams {
            return Ok(Reply::Written);
        }
        Ok(Reply::Answer {
            status: 200,
            body: Value::Array(gathered),
        })
    }

    /// Follows a write that answered `accepted` with its waiter (`wait` is
    /// the `wait_until_…().send()` of the client), and returns the settled
    /// resource (or nothing, for a waiter that ends when it is gone).
    pub async fn wait<R, T, E, F>(&self, accepted: &Reply, wait: F) -> Result<Reply, Failure>
    where
        F: Future<Output = Result<R, WaitError<ResponseValue<T>, OperationError<E>>>>,
        R: Settled,
        T: Serialize,
        E: Serialize + Debug,
    {
        let Some(waiter) = &self.operation.waiter else {
            return Err(Failure::other(format!(
                "{} has no waiter",
                self.operation.name
            )));
        };
        let state = match accepted {
            Reply::Answer { body, .. } => body.pointer(waiter.status).map(text),
            Reply::Written => None,
        };
        self.progress.waiting(waiter.name, state);
        let result = wait.await;
        self.progress.finish();
        match result {
            Ok(settled) => Ok(settled.reply()),
            Err(WaitError::Failed { status, last }) => Err(Failure::api(
                format!("{} ended in the failure state {status}", waiter.name),
                Answer {
                    status: Some(last.status().as_u16()),
                    request_id: None,
                    body: AnswerBody::Json(to_json(last.into_inner())),
                },
            )),
            Err(WaitError::TimedOut { waited, last }) => Err(Failure::network(format!(
                "{} had not settled after {} s (last state: {})",
                waiter.name,
                waited.as_secs(),
                serde_json::to_value(last.as_ref())
                    .ok()
                    .and_then(|v| v.pointer(waiter.status).map(text))
                    .unwrap_or_else(|| "unknown".into())
            ))),
            Err(WaitError::Operation(error)) => match self.failed(error).await {
                Err(failure) => Err(failure),
                Ok(reply) => Ok(reply),
            },
            Err(other) => Err(Failure::other(other.to_string())),
        }
    }

    /// A value of the write's answer that the waiter needs (the new
    /// resource's id), parsed into its type.
    pub fn from_answer<V>(&self, accepted: &Reply, pointer: &str) -> Result<V, Failure>
    where
        V: std::str::FromStr,
        V::Err: std::fmt::Display,
    {
        let found = match accepted {
            Reply::Answer { body, .. } => body.pointer(pointer).map(text),
            Reply::Written => None,
        };
        let text = found.ok_or_else(|| {
            Failure::other(format!(
                "cannot wait: the answer has no {pointer} to poll with"
            ))
        })?;
        text.parse().map_err(|e| {
            Failure::other(format!("cannot wait: {pointer} `{text}` is not valid: {e}"))
        })
    }

    /// An operation's error as the command's outcome: a failure with its
    /// exit code, or (an undocumented success status) the answer itself.
    async fn failed<E: Serialize + Debug>(
        &self,
        error: OperationError<E>,
    ) -> Result<Reply, Failure> {
        let request_id = error.request_id().map(str::to_owned);
        if let (OperationError::Interrupted(_), Some(recorder)) = (&error, &self.dry_run)
            && let Some(captured) = recorder.take()
        {
            dry_run::show(&captured, self.service.auth, &mut std::io::stdout().lock())
                .map_err(write_failure)?;
            return Ok(Reply::Written);
        }
        Err(match error {
            OperationError::InvalidRequest(reason) => Failure::usage(self.invalid(&reason)),
            OperationError::Credentials(error) => self.credentials_failure(error),
            OperationError::ErrorResponse(answer) => {
                let status = answer.status();
                Failure::api(
                    format!("the API answered {status}"),
                    Answer {
                        status: Some(status.as_u16()),
                        request_id,
                        body: AnswerBody::Json(to_json(answer.into_inner())),
                    },
                )
            }
            OperationError::UnexpectedResponse(response) => {
                let status = response.status();
                let bytes = response.bytes().await.unwrap_or_default();
                if status.is_success() {
                    eprintln!(
                        "nttcom: warning: {status} is not a documented answer; shown as sent"
                    );
                    let body = match AnswerBody::from_bytes(&bytes) {
                        AnswerBody::Json(value) => value,
                        AnswerBody::Text(text) => Value::String(text),
                        AnswerBody::Empty => Value::Null,
                    };
                    return Ok(Reply::Answer {
                        status: status.as_u16(),
                        body,
                    });
                }
                Failure::api(
                    format!("the API answered {status} (not a documented status)"),
                    Answer {
                        status: Some(status.as_u16()),
                        request_id,
                        body: AnswerBody::from_bytes(&bytes),
                    },
                )
            }
            OperationError::InvalidResponsePayload(answer) => Failure::api(
                format!(
                    "the answer ({}) does not match the spec: {}",
                    answer.status(),
                    answer.error()
                ),
                Answer {
                    status: Some(answer.status().as_u16()),
                    request_id,
                    body: AnswerBody::from_bytes(answer.body()),
                },
            ),
            OperationError::CommunicationError(error) if error.is_builder() => {
                Failure::usage(format!("cannot build the request: {error}"))
            }
            OperationError::CommunicationError(error) => {
                Failure::network(format!("no answer: {}", network_reason(&error)))
            }
            OperationError::ResponseBodyError(error) => Failure::network(format!(
                "the answer was cut short: {}",
                network_reason(&error)
            )),
            other => Failure::other(other.to_string()),
        })
    }

    /// The library names the spec field (`limit: 10001 is out of range…`);
    /// the flag is put beside it. A parameter the client fills (the tenant)
    /// that nothing filled is said in the command line's terms.
    fn invalid(&self, reason: &str) -> String {
        let param = self.operation.parameters.iter().find(|p| {
            reason
                .strip_prefix(p.name)
                .is_some_and(|rest| rest.starts_with([':', ' ']))
        });
        if let Some(param) = param.filter(|p| p.client_default.is_some())
            && reason.starts_with(&format!("{} is not set", param.name))
        {
            return format!(
                "--{} is needed: give it, or credentials with a tenant (NTTCOM_TENANT_ID, \
                 or `tenant-id` in the profile)",
                param.flag
            );
        }
        let flag = param
            .map(|p| format!("--{}", p.flag))
            .or_else(|| self.operation.body.map(|_| "--body".to_owned()));
        match flag {
            Some(flag) => format!("invalid value for {flag}: {reason}"),
            None => format!("invalid request: {reason}"),
        }
    }

    fn credentials_failure(&self, error: Error) -> Failure {
        match error {
            Error::MissingCredentials { service } => {
                let exchange = self.service_exchange();
                Failure::credentials(credentials::missing_hint(service, exchange))
            }
            Error::TokenExchange {
                endpoint,
                status: None,
                reason,
            } => Failure::network(format!(
                "no answer from the token endpoint {endpoint}: {reason}"
            )),
            other => Failure::credentials(other.to_string()),
        }
    }

    fn service_exchange(&self) -> Option<nttcom_runtime::TokenExchange> {
        use nttcom_runtime::TokenExchange;
        match self.service.auth {
            crate::spec::AuthSpec::Keystone => Some(TokenExchange::Keystone { path: "" }),
            crate::spec::AuthSpec::ClientCredentials => {
                Some(TokenExchange::ClientCredentials { path: "" })
            }
            crate::spec::AuthSpec::Header(_) | crate::spec::AuthSpec::Bearer => None,
        }
    }
}

/// What a waiter ends with: the settled resource, or nothing (it is gone).
pub trait Settled {
    fn reply(self) -> Reply;
}

impl<T: Serialize> Settled for ResponseValue<T> {
    fn reply(self) -> Reply {
        Reply::Answer {
            status: self.status().as_u16(),
            body: to_json(self.into_inner()),
        }
    }
}

impl Settled for () {
    fn reply(self) -> Reply {
        Reply::Answer {
            status: 404,
            body: Value::Null,
        }
    }
}

fn to_json<T: Serialize>(value: T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// A JSON value as text: strings without quotes.
fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The chain of causes of a reqwest error, which names the host but
/// carries no header (hence no token).
fn network_reason(error: &reqwest::Error) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

fn build_failure(error: Error) -> Failure {
    match error {
        Error::InvalidBaseUrl { .. } => Failure::usage(error.to_string()),
        Error::HttpClient(_) => Failure::other(error.to_string()),
        other => Failure::credentials(other.to_string()),
    }
}

pub(crate) fn write_failure(error: std::io::Error) -> Failure {
    Failure::other(format!("cannot write the output: {error}"))
}

/// Writes a reply on stdout.
pub(crate) fn print(reply: &Reply, output: &Output, out: &mut dyn Write) -> std::io::Result<()> {
    match reply {
        Reply::Answer {
            body: Value::Null, ..
        }
        | Reply::Written => Ok(()),
        Reply::Answer { body, .. } => output.write(body, out),
    }
}
