//! The values one command was given, as a command module reads them: each
//! parameter parsed with `FromStr` into its generated type, the body read
//! from `--body` into the body type. A value that does not parse is a
//! [`Failure`] with exit code 2 naming the flag and the spec's field.

use std::collections::BTreeMap;
use std::fmt::Display;
use std::io::Read;
use std::str::FromStr;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::exit::Failure;
use crate::spec::OperationSpec;

/// Where `--body` is read from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BodySource {
    File(std::path::PathBuf),
    Stdin,
}

/// One command's parameter values, by flag.
#[derive(Debug)]
pub struct Args {
    operation: &'static OperationSpec,
    values: BTreeMap<&'static str, Vec<String>>,
    body: Option<BodySource>,
}

impl Args {
    pub fn new(operation: &'static OperationSpec) -> Self {
        Self {
            operation,
            values: BTreeMap::new(),
            body: None,
        }
    }

    /// Adds a value given for `flag` (a parameter of the operation).
    pub fn push(&mut self, flag: &str, value: impl Into<String>) {
        let spec = self
            .operation
            .parameter(flag)
            .unwrap_or_else(|| panic!("{} has no parameter --{flag}", self.operation.name));
        self.values.entry(spec.flag).or_default().push(value.into());
    }

    pub fn set_body(&mut self, source: BodySource) {
        self.body = Some(source);
    }

    pub fn operation(&self) -> &'static OperationSpec {
        self.operation
    }

    /// The value of `--<flag>`, parsed into `T`; `None` when not given.
    pub fn get<T>(&self, flag: &str) -> Result<Option<T>, Failure>
    where
        T: FromStr,
        T::Err: Display,
    {
        match self.values(flag).last() {
            Some(text) => self.parse(flag, text).map(Some),
            None => Ok(None),
        }
    }

    /// Every value of a repeatable `--<flag>`, parsed into `T`.
    pub fn get_all<T>(&self, flag: &str) -> Result<Vec<T>, Failure>
    where
        T: FromStr,
        T::Err: Display,
    {
        self.values(flag)
            .iter()
            .map(|text| self.parse(flag, text))
            .collect()
    }

    /// The JSON of `--body`, read into `T`; `None` when not given.
    ///
    /// Strict on what we send: the body is read strictly
    /// (`nttcom_runtime::read::strictly`), so a field that `T` does not know
    /// (a typo that lenient decoding would keep and send), a value its field
    /// cannot hold and a missing required field are refused, naming their
    /// JSON path. The constraints of the values are checked when the request
    /// is sent.
    pub fn body<T: DeserializeOwned + Serialize>(&self) -> Result<Option<T>, Failure> {
        let Some(source) = &self.body else {
            return Ok(None);
        };
        let (bytes, from) = match source {
            BodySource::Stdin => {
                let mut bytes = Vec::new();
                std::io::stdin()
                    .read_to_end(&mut bytes)
                    .map_err(|e| Failure::usage(format!("cannot read --body from stdin: {e}")))?;
                (bytes, "stdin".to_owned())
            }
            BodySource::File(path) => {
                let bytes = std::fs::read(path).map_err(|e| {
                    Failure::usage(format!("cannot read --body {}: {e}", path.display()))
                })?;
                (bytes, path.display().to_string())
            }
        };
        let schema = self.operation.body.map_or("body", |b| b.schema);
        serde_json::from_slice::<serde::de::IgnoredAny>(&bytes)
            .map_err(|e| Failure::usage(format!("--body ({from}) is not JSON: {e}")))?;
        let typed: T = nttcom_runtime::read::strictly(|| nttcom_runtime::decode_slice(&bytes))
            .map_err(|e| Failure::usage(format!("--body ({from}) is not a valid {schema}: {e}")))?;
        Ok(Some(typed))
    }

    fn values(&self, flag: &str) -> &[String] {
        self.values.get(flag).map_or(&[], Vec::as_slice)
    }

    fn parse<T>(&self, flag: &str, text: &str) -> Result<T, Failure>
    where
        T: FromStr,
        T::Err: Display,
    {
        text.parse().map_err(|error| {
            let name = self.operation.parameter(flag).map_or(flag, |p| p.name);
            Failure::usage(format!("invalid value for --{flag} ({name}): {error}"))
        })
    }
}
