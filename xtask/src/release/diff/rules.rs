//! What a spec change means for users of the generated Rust API: the one
//! table of rules, also printed in the README ("Changing or adding a spec").
//!
//! The rules follow how the generator emits Rust:
//! - string enums are open (`#[non_exhaustive]` with `Unknown(String)`);
//! - requests are validated before sending, responses decode leniently;
//! - a response field is `Option<T>` even when `required`, unless its object
//!   schema has `x-required-by-document: true` (then a required, non-nullable
//!   field is a plain `T`);
//! - values are built with the `types::builder` builders: adding a field to a
//!   generated struct is compatible, struct literals are not a supported way
//!   to construct them;
//! - the last rows are changes of the generator itself (`release::shape`),
//!   made once to every crate: those that add a field to every struct or a
//!   variant to every union are breaking, whatever the rule for one field.

use serde::Serialize;

/// Whether users must change code (or may see it fail) after a change.
/// Ordered so that `max` is the worst.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Class {
    Compatible,
    Breaking,
}

impl Class {
    pub fn as_str(self) -> &'static str {
        match self {
            Class::Compatible => "compatible",
            Class::Breaking => "breaking",
        }
    }
}

/// Where a changed value travels, which decides how strictly it is checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Side {
    /// Sent by the client: validated before sending.
    Request,
    /// Received: decoded leniently, fields are `Option<T>`.
    Response,
    /// Received, in an `x-required-by-document` schema, where the change turns
    /// a field's Rust type between `T` and `Option<T>`.
    DocumentResponse,
}

impl Side {
    pub const ALL: [Side; 3] = [Side::Request, Side::Response, Side::DocumentResponse];
}

macro_rules! kinds {
    ($($kind:ident => $label:literal,)*) => {
        /// A kind of change the diff reports.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        #[serde(rename_all = "kebab-case")]
        pub enum Kind { $($kind,)* }

        impl Kind {
            pub const ALL: &[Kind] = &[$(Kind::$kind,)*];

            /// What happened, as printed: "enum value removed".
            pub fn label(self) -> &'static str {
                match self { $(Kind::$kind => $label,)* }
            }
        }
    };
}

kinds! {
    ServiceAdded => "service added",
    ServiceRemoved => "service removed",
    ApiVersionChanged => "API version changed",
    DefaultServerChanged => "default server changed",
    ServerAdded => "server added",
    ServerRemoved => "server removed",
    ServerVariableChanged => "server variable values changed",
    AuthChanged => "authentication changed",
    TokenExchangeAdded => "token exchange added",
    TokenExchangeRemoved => "token exchange removed",
    TokenExchangeKindChanged => "token exchange kind changed",
    TokenExchangePathChanged => "token exchange path changed",
    OperationAdded => "operation added",
    OperationRemoved => "operation removed",
    OperationMoved => "method or path changed",
    ResponseStatusAdded => "response status added",
    ResponseStatusRemoved => "response status removed",
    PaginationAdded => "paging declared",
    PaginationRemoved => "paging removed",
    PaginationChanged => "paging changed",
    WaiterAdded => "waiter added",
    WaiterRemoved => "waiter removed",
    WaiterChanged => "waiter changed",
    ParameterAdded => "optional parameter added",
    RequiredParameterAdded => "required parameter added",
    ParameterRemoved => "parameter removed",
    ParameterNowRequired => "parameter now required",
    ParameterNowOptional => "parameter now optional",
    ParameterMoved => "parameter location changed",
    ClientDefaultAdded => "parameter filled by the client",
    ClientDefaultRemoved => "parameter no longer filled by the client",
    RequestBodyAdded => "optional request body added",
    RequiredRequestBodyAdded => "required request body added",
    RequestBodyRemoved => "request body removed",
    RequestBodyNowRequired => "request body now required",
    RequestBodyNowOptional => "request body now optional",
    SchemaAdded => "schema added",
    SchemaRemoved => "schema removed",
    Retyped => "type changed",
    PropertyAdded => "optional field added",
    RequiredPropertyAdded => "required field added",
    PropertyRemoved => "field removed",
    PropertyNowRequired => "field now required",
    PropertyNowOptional => "field now optional",
    NowNullable => "now nullable",
    NowNonNullable => "no longer nullable",
    EnumValueAdded => "enum value added",
    EnumValueRemoved => "enum value removed",
    ConstraintTightened => "constraint tightened",
    ConstraintLoosened => "constraint loosened",
    DocumentRequiredAdded => "x-required-by-document added",
    DocumentRequiredRemoved => "x-required-by-document removed",
    Documentation => "documentation only",
    ObjectsKeepUnknown => "object types keep unknown properties",
    UnionsKeepOther => "unions keep values of no branch",
    ResponsesLoseNothing => "responses decode without losing a value",
    ConstructorsRemoved => "clients are made with `builder()` only",
    PerCallSettings => "per-call settings and interceptors",
    OwnedStreamsAndWaiters => "streams and waiters own their client",
}

/// Where a rule applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Where {
    Anywhere,
    Request,
    /// Any response.
    Response,
    /// A response, where the field's Rust type stays `Option<T>`.
    Lenient,
    /// A response, where the change turns a field between `T` and `Option<T>`.
    Document,
}

impl Where {
    fn matches(self, side: Side) -> bool {
        match self {
            Where::Anywhere => true,
            Where::Request => side == Side::Request,
            Where::Response => side != Side::Request,
            Where::Lenient => side == Side::Response,
            Where::Document => side == Side::DocumentResponse,
        }
    }

    fn label(self) -> &'static str {
        match self {
            Where::Anywhere => "anywhere",
            Where::Request => "request",
            Where::Response => "response",
            Where::Lenient => "response (stays `Option<T>`)",
            Where::Document => "response (`T` ↔ `Option<T>`, `x-required-by-document`)",
        }
    }
}

/// One row of the table: a kind of change, where it happens, its class and
/// the one-line reason shown to users.
pub struct Rule {
    pub kind: Kind,
    pub applies: Where,
    pub class: Class,
    pub reason: &'static str,
}

const fn rule(kind: Kind, applies: Where, class: Class, reason: &'static str) -> Rule {
    Rule {
        kind,
        applies,
        class,
        reason,
    }
}

use Class::{Breaking, Compatible};
use Kind::*;

const ANY: Where = Where::Anywhere;
const REQ: Where = Where::Request;
const RESP: Where = Where::Response;
const LENIENT: Where = Where::Lenient;
const DOC: Where = Where::Document;

/// The rules, in the order the README lists them.
#[rustfmt::skip]
pub const RULES: &[Rule] = &[
    rule(ServiceAdded, ANY, Compatible, "a new crate, first released as 0.1.0"),
    rule(ServiceRemoved, ANY, Breaking, "the crate is no longer generated"),
    rule(ApiVersionChanged, ANY, Compatible, "recorded in the crate docs and `package.metadata.nttcom`; no Rust API change by itself"),
    rule(DefaultServerChanged, ANY, Breaking, "`Client::DEFAULT_BASE_URL` changes: clients built without `.base_url(…)` talk to another host"),
    rule(ServerAdded, ANY, Compatible, "the default base URL is unchanged; a `{variable}` host adds a new enum"),
    rule(ServerRemoved, ANY, Breaking, "a documented host goes away, with the enum of its `{variables}` if any"),
    rule(ServerVariableChanged, ANY, Breaking, "the server variable's enum (e.g. `Region`) is exhaustive: its variants change"),
    rule(AuthChanged, ANY, Breaking, "credentials travel differently: existing tokens or builder calls stop authenticating"),
    rule(TokenExchangeAdded, ANY, Compatible, "the client can now obtain its own tokens; `.token(…)` still works"),
    rule(TokenExchangeRemoved, ANY, Breaking, "`.keystone(…)`/`.client_credentials(…)` stop working for this service"),
    rule(TokenExchangeKindChanged, ANY, Breaking, "another builder call (`.keystone` or `.client_credentials`) is needed"),
    rule(TokenExchangePathChanged, ANY, Compatible, "the client exchanges credentials at the new path; no Rust API change"),
    rule(OperationAdded, ANY, Compatible, "a new `Client` method"),
    rule(OperationRemoved, ANY, Breaking, "the `Client` method disappears"),
    rule(OperationMoved, ANY, Compatible, "same Rust method; requests go to the new method or path"),
    rule(ResponseStatusAdded, ANY, Compatible, "the response and error types are unchanged"),
    rule(ResponseStatusRemoved, ANY, Compatible, "the response and error types are unchanged"),
    rule(PaginationAdded, ANY, Compatible, "a new `stream()` method on the operation's builder (`x-pagination`)"),
    rule(PaginationRemoved, ANY, Breaking, "the builder's `stream()` method disappears"),
    rule(PaginationChanged, ANY, Compatible, "the same `stream()` walks the pages another way"),
    rule(WaiterAdded, ANY, Compatible, "a new `Client::wait_until_<name>()` method (`x-waiters`)"),
    rule(WaiterRemoved, ANY, Breaking, "the `Client::wait_until_<name>()` method disappears"),
    rule(WaiterChanged, ANY, Compatible, "the same waiter settles on other values or polls another field"),
    rule(ParameterAdded, ANY, Compatible, "a new builder setter that calls may leave out"),
    rule(RequiredParameterAdded, ANY, Breaking, "existing calls do not set it and fail before sending"),
    rule(ParameterRemoved, ANY, Breaking, "the builder setter disappears"),
    rule(ParameterNowRequired, ANY, Breaking, "calls that do not set it now fail before sending"),
    rule(ParameterNowOptional, ANY, Compatible, "the setter takes the same values; leaving it out is now allowed"),
    rule(ClientDefaultAdded, ANY, Compatible, "calls may now leave it to the client (e.g. its tenant); setting it still works"),
    rule(ClientDefaultRemoved, ANY, Breaking, "calls that left it to the client now fail before sending"),
    rule(ParameterMoved, ANY, Compatible, "same setter; the value travels in another part of the request"),
    rule(RequestBodyAdded, ANY, Compatible, "new `body` setters that calls may leave out"),
    rule(RequiredRequestBodyAdded, ANY, Breaking, "existing calls send no body and fail before sending"),
    rule(RequestBodyRemoved, ANY, Breaking, "the `body` setters disappear"),
    rule(RequestBodyNowRequired, ANY, Breaking, "calls without a body now fail before sending"),
    rule(RequestBodyNowOptional, ANY, Compatible, "the body setters are unchanged; leaving the body out is now allowed"),
    rule(SchemaAdded, ANY, Compatible, "a new type in `types`"),
    rule(SchemaRemoved, ANY, Breaking, "the type disappears from `types`"),
    rule(Retyped, ANY, Breaking, "the Rust type changes"),
    rule(PropertyAdded, ANY, Compatible, "a new `Option` field; values are built with builders (struct literals are not a supported construction path)"),
    rule(RequiredPropertyAdded, REQ, Breaking, "request values must now set it: builders fail without it"),
    rule(RequiredPropertyAdded, RESP, Compatible, "a new field of a response type (struct literals are not a supported construction path)"),
    rule(PropertyRemoved, ANY, Breaking, "the Rust field disappears"),
    rule(PropertyNowRequired, REQ, Breaking, "request values must now set it: builders fail without it"),
    rule(PropertyNowRequired, LENIENT, Compatible, "still `Option<T>`: response fields are optional in Rust unless the schema is `x-required-by-document`"),
    rule(PropertyNowRequired, DOC, Breaking, "`Option<T>` becomes `T` (`x-required-by-document`)"),
    rule(PropertyNowOptional, REQ, Compatible, "builders take the same values; leaving it out is now allowed"),
    rule(PropertyNowOptional, LENIENT, Compatible, "already `Option<T>`: response fields are optional in Rust"),
    rule(PropertyNowOptional, DOC, Breaking, "`T` becomes `Option<T>` (`x-required-by-document`)"),
    rule(NowNullable, REQ, Compatible, "`null` is now accepted as well"),
    rule(NowNullable, LENIENT, Compatible, "already `Option<T>`: response fields are optional in Rust"),
    rule(NowNullable, DOC, Breaking, "`T` becomes `Option<T>` (`x-required-by-document`)"),
    rule(NowNonNullable, REQ, Breaking, "tightens the request: `null` is no longer a valid value"),
    rule(NowNonNullable, LENIENT, Compatible, "still `Option<T>`: responses decode leniently"),
    rule(NowNonNullable, DOC, Breaking, "`Option<T>` becomes `T` (`x-required-by-document`)"),
    rule(EnumValueAdded, ANY, Compatible, "enums are open (`#[non_exhaustive]`, `Unknown(String)`): a new variant breaks no match"),
    rule(EnumValueRemoved, ANY, Breaking, "its Rust variant disappears"),
    rule(ConstraintTightened, REQ, Breaking, "values accepted before are now refused before sending"),
    rule(ConstraintTightened, RESP, Compatible, "responses are not validated on decode: documentation only"),
    rule(ConstraintLoosened, ANY, Compatible, "accepts more values; nothing that worked fails"),
    rule(DocumentRequiredAdded, REQ, Compatible, "affects response types only"),
    rule(DocumentRequiredAdded, LENIENT, Compatible, "no required, non-nullable field, so no Rust type changes"),
    rule(DocumentRequiredAdded, DOC, Breaking, "its required, non-nullable fields change from `Option<T>` to `T`"),
    rule(DocumentRequiredRemoved, REQ, Compatible, "affects response types only"),
    rule(DocumentRequiredRemoved, LENIENT, Compatible, "no required, non-nullable field, so no Rust type changes"),
    rule(DocumentRequiredRemoved, DOC, Breaking, "its required, non-nullable fields change from `T` to `Option<T>`"),
    rule(Documentation, ANY, Compatible, "no API change found: descriptions, examples or details the diff does not model"),
    rule(ObjectsKeepUnknown, ANY, Breaking, "every object type gains the field `extra` (struct literals must set it) and implements `nttcom_runtime::Object`"),
    rule(UnionsKeepOther, ANY, Breaking, "every `oneOf`/`anyOf` enum gains the variant `Other(serde_json::Value)` and becomes `#[non_exhaustive]` (exhaustive matches must handle it)"),
    rule(ResponsesLoseNothing, ANY, Compatible, "a value that does not fit its field is kept in `extra` instead of failing the response; a required member a response lacks holds a fallback listed in `extra.defaulted()`"),
    rule(ConstructorsRemoved, ANY, Breaking, "`Client::new` and `Client::new_with_client` are gone, and so is the `progenitor_client::ClientHooks` impl: make clients with `Client::builder()` (`.configure_http(…)` tunes the HTTP client)"),
    rule(PerCallSettings, ANY, Compatible, "every operation builder gains `.timeout(…)`, `.header(…)` and `.retry(…)`; `ClientBuilder::intercept(…)` sees each attempt; waiters gain `.on_poll(…)`"),
    rule(OwnedStreamsAndWaiters, ANY, Compatible, "`stream()` and `send()` of a waiter return `'static` values that can be spawned on another task"),
];

/// The rule for a change of `kind` on `side`.
pub fn rule_for(kind: Kind, side: Side) -> &'static Rule {
    RULES
        .iter()
        .find(|r| r.kind == kind && r.applies.matches(side))
        .unwrap_or_else(|| panic!("no rule for {kind:?} on {side:?}: add one to RULES"))
}

/// The worst rule over every side a changed value travels on (a schema used
/// by requests and responses is held to both). No side: not used by any
/// operation, but still a public type, so both.
pub fn classify(kind: Kind, sides: &[Side]) -> &'static Rule {
    let sides = if sides.is_empty() {
        &[Side::Request, Side::Response][..]
    } else {
        sides
    };
    sides
        .iter()
        .map(|side| rule_for(kind, *side))
        .fold(None::<&Rule>, |worst, r| match worst {
            Some(w) if w.class >= r.class => Some(w),
            _ => Some(r),
        })
        .expect("at least one side")
}

/// The README table of the rules (between its generated-section markers).
pub fn markdown_table() -> String {
    let mut out = String::from("| Change | Where | Class | Why |\n|---|---|---|---|\n");
    for r in RULES {
        out.push_str(&format!(
            "| {} | {} | {} | {} |\n",
            r.kind.label(),
            r.applies.label(),
            r.class.as_str(),
            r.reason
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_exactly_one_rule_per_side() {
        for kind in Kind::ALL {
            for side in Side::ALL {
                let matching = RULES
                    .iter()
                    .filter(|r| r.kind == *kind && r.applies.matches(side))
                    .count();
                assert_eq!(matching, 1, "{kind:?} on {side:?}");
            }
        }
    }

    /// Reports name the rule by kind and reason, so these must be unique.
    #[test]
    fn every_rule_has_its_own_reason_within_its_kind() {
        for (i, a) in RULES.iter().enumerate() {
            for b in &RULES[i + 1..] {
                assert!(
                    a.kind != b.kind || a.reason != b.reason,
                    "{:?}: {}",
                    a.kind,
                    a.reason
                );
            }
        }
    }

    #[test]
    fn a_value_on_both_sides_takes_the_worst_rule() {
        let both = [Side::Request, Side::Response];
        assert_eq!(classify(ConstraintTightened, &both).class, Breaking);
        assert_eq!(
            classify(ConstraintTightened, &[Side::Response]).class,
            Compatible
        );
        assert_eq!(classify(ConstraintTightened, &[]).class, Breaking);
        assert_eq!(classify(PropertyNowOptional, &both).class, Compatible);
    }
}
