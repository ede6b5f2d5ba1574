//! Exit codes, and [`Failure`]: why a command did not succeed.
//!
//! | Code | Meaning |
//! |---|---|
//! | 0 | success (also `--help`, `--dry-run`) |
//! | 1 | anything else: stdout cannot be written, the config file cannot be written |
//! | 2 | usage or invalid input: a flag, a parameter value, a `--body`, a base URL; nothing was sent |
//! | 3 | credentials: none found, incomplete, refused by the token endpoint, or a config file others can read |
//! | 4 | the API answered an error (or an answer that cannot be read): status and body on stderr |
//! | 5 | network: no answer, a timeout, a connection cut short (also at the token endpoint) |

use std::fmt;

use serde_json::Value;

/// The process exit code of a command.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Code {
    Success = 0,
    Other = 1,
    Usage = 2,
    Credentials = 3,
    Api = 4,
    Network = 5,
}

impl Code {
    pub fn as_u8(self) -> u8 {
        self as u8
    }
}

/// Why a command failed: its exit code, one line for stderr, and what the
/// API answered, if it did.
#[derive(Debug)]
pub struct Failure {
    pub code: Code,
    pub message: String,
    /// The answer of an error status: printed on stderr after the message.
    pub answer: Option<Answer>,
}

/// An error answer as the command shows it: nothing the server sent dropped.
#[derive(Debug)]
pub struct Answer {
    pub status: Option<u16>,
    pub request_id: Option<String>,
    pub body: AnswerBody,
}

#[derive(Debug)]
pub enum AnswerBody {
    Json(Value),
    /// Not JSON (or a body the error type does not describe): as received.
    Text(String),
    Empty,
}

impl Failure {
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            answer: None,
        }
    }

    /// Invalid input: a flag, a value, a body. Nothing was sent.
    pub fn usage(message: impl Into<String>) -> Self {
        Self::new(Code::Usage, message)
    }

    pub fn credentials(message: impl Into<String>) -> Self {
        Self::new(Code::Credentials, message)
    }

    pub fn network(message: impl Into<String>) -> Self {
        Self::new(Code::Network, message)
    }

    pub fn other(message: impl Into<String>) -> Self {
        Self::new(Code::Other, message)
    }

    pub fn api(message: impl Into<String>, answer: Answer) -> Self {
        Self {
            code: Code::Api,
            message: message.into(),
            answer: Some(answer),
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl AnswerBody {
    /// JSON when the bytes are JSON, else the text (lossy UTF-8).
    pub fn from_bytes(bytes: &[u8]) -> Self {
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return AnswerBody::Empty;
        }
        match serde_json::from_slice(bytes) {
            Ok(value) => AnswerBody::Json(value),
            Err(_) => AnswerBody::Text(String::from_utf8_lossy(bytes).into_owned()),
        }
    }
}

/// Writes a failure to stderr: `nttcom: <message>`, then the answer.
pub fn report(failure: &Failure, out: &mut dyn std::io::Write) {
    let _ = writeln!(out, "nttcom: {}", failure.message);
    let Some(answer) = &failure.answer else {
        return;
    };
    if let Some(id) = &answer.request_id {
        let _ = writeln!(out, "request id: {id}");
    }
    match &answer.body {
        AnswerBody::Json(value) => {
            let text = serde_json::to_string_pretty(value).unwrap_or_default();
            let _ = writeln!(out, "{text}");
        }
        AnswerBody::Text(text) => {
            let _ = writeln!(out, "{text}");
        }
        AnswerBody::Empty => {}
    }
}
