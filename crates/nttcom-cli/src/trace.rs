//! `--verbose`: the runtime's request tracing on stderr, and the request
//! count behind the progress line.
//!
//! The runtime opens one `nttcom_request` span per request (service,
//! operation, method, path, then status, attempt, elapsed_ms) and logs
//! retries, token renewals and waiter polls as events; none of them carries
//! a secret. This layer prints each event of an `nttcom*` target, and one
//! line per finished request:
//!
//! ```text
//! nttcom: GET /infoIpoE/v2/customerSites -> 200 (ipoe list_customer_sites, attempt 1, 12 ms)
//! ```

use std::fmt::{self, Write as _};
use std::sync::Arc;

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Subscriber};
use tracing_subscriber::layer::{Context, Layer};
use tracing_subscriber::registry::LookupSpan;

use crate::progress::Progress;

const REQUEST_SPAN: &str = "nttcom_request";

/// Prints (when verbose) and counts the runtime's requests.
pub struct Trace {
    pub verbose: bool,
    pub progress: Arc<Progress>,
}

/// Installs [`Trace`] as the process's subscriber.
pub fn install(trace: Trace) {
    use tracing_subscriber::layer::SubscriberExt;
    let subscriber = tracing_subscriber::registry().with(trace);
    // Only fails when a subscriber is already set (never, in the binary).
    let _ = tracing::subscriber::set_global_default(subscriber);
}

/// The fields of one request span, as recorded so far.
#[derive(Default)]
struct Request {
    fields: Vec<(&'static str, String)>,
}

impl Request {
    fn get(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .rev()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }
}

impl Visit for Request {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.fields.push((field.name(), format!("{value:?}")));
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        self.fields.push((field.name(), value.to_owned()));
    }
}

/// An event as `message key=value …`.
#[derive(Default)]
struct Line(String, String);

impl Visit for Line {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        if field.name() == "message" {
            let _ = write!(self.0, "{value:?}");
        } else {
            let _ = write!(self.1, " {}={value:?}", field.name());
        }
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "message" {
            self.0.push_str(value);
        } else {
            let _ = write!(self.1, " {}={value}", field.name());
        }
    }
}

impl<S> Layer<S> for Trace
where
    S: Subscriber + for<'a> LookupSpan<'a>,
{
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        if attrs.metadata().name() != REQUEST_SPAN {
            return;
        }
        let mut request = Request::default();
        attrs.record(&mut request);
        if let Some(span) = ctx.span(id) {
            span.extensions_mut().insert(request);
        }
    }

    fn on_record(&self, id: &Id, values: &Record<'_>, ctx: Context<'_, S>) {
        if let Some(span) = ctx.span(id)
            && let Some(request) = span.extensions_mut().get_mut::<Request>()
        {
            values.record(request);
        }
    }

    fn on_event(&self, event: &Event<'_>, _ctx: Context<'_, S>) {
        if !self.verbose || !event.metadata().target().starts_with("nttcom") {
            return;
        }
        let mut line = Line::default();
        event.record(&mut line);
        eprintln!(
            "nttcom: {} {}{}",
            event.metadata().level().as_str().to_ascii_lowercase(),
            line.0,
            line.1
        );
    }

    fn on_close(&self, id: Id, ctx: Context<'_, S>) {
        let Some(span) = ctx.span(&id) else {
            return;
        };
        let extensions = span.extensions();
        let Some(request) = extensions.get::<Request>() else {
            return;
        };
        let status = request.get("status");
        self.progress
            .request_done(status.and_then(|s| s.parse().ok()));
        if self.verbose {
            let field = |name| request.get(name).unwrap_or("?");
            eprintln!(
                "nttcom: {} {} -> {} ({} {}, attempt {}, {} ms)",
                field("method"),
                field("path"),
                status.unwrap_or("no answer"),
                field("service"),
                field("operation"),
                field("attempt"),
                field("elapsed_ms"),
            );
        }
    }
}
