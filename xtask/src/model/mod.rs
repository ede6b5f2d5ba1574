//! Reading a spec, once, into one typed model.
//!
//! Owns the spec file ([`source`]), its parsed document ([`document`], kept
//! only to hand progenitor an `openapiv3::OpenAPI`), the reader that walks
//! the document ([`reader`], the only code that reads the raw tree) and the
//! model it produces: [`Spec`] with its operations, [`Schema`]s seen as
//! written or [`resolved`], the vendor [`extensions`] parsed and checked,
//! and the [`usage`] of each named schema. Uses nothing else of the crate:
//! every other stage reads the model, and none of them is read here.

pub mod document;
pub mod extensions;
pub mod problem;
pub mod reader;
pub mod resolved;
pub mod schema;
pub mod source;
pub mod spec;
pub mod usage;

pub use document::{Document, Edit};
pub use problem::Problem;
pub use schema::Schema;
pub use source::SpecFile;
pub use spec::{
    Auth, Example, ExampleSite, Header, Location, MediaType, Method, Operation, Parameter,
    RequestBody, Response, Server, ServerVariable, Spec,
};

/// A spec as read: the model, the document for progenitor, and what the
/// model could not interpret (empty for a spec the lint passes).
#[derive(Debug, Default)]
pub struct Read {
    pub spec: Spec,
    pub document: Document,
    pub problems: Vec<Problem>,
}

/// Reads a spec file; `Err` when it cannot be read or is not YAML.
pub fn read(file: &SpecFile) -> Result<Read, Problem> {
    let raw = file.read()?;
    Ok(from_value(&file.display_path, &file.slug, raw))
}

/// Reads YAML text, shown in messages as `path`.
pub fn parse(path: &str, slug: &str, text: &str) -> Result<Read, Problem> {
    let raw = source::parse_yaml(path, text)?;
    Ok(from_value(path, slug, raw))
}

/// Reads a parsed document.
pub fn from_value(path: &str, slug: &str, raw: serde_json::Value) -> Read {
    let (spec, problems) = reader::read(path, slug, &raw);
    Read {
        spec,
        document: Document::new(path, raw),
        problems,
    }
}
