//! Which named schemas a client sends and which it receives: a schema only
//! received may be read more leniently than one also sent.

use std::collections::{BTreeMap, BTreeSet};

use super::{Schema, Spec};

/// Which component schemas a client sends and which it receives.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Usage {
    /// Reachable from a parameter or a request body.
    pub requests: BTreeSet<String>,
    /// Reachable from a response body (success or error) or header.
    pub responses: BTreeSet<String>,
}

/// Where a named schema travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Request,
    Response,
    Both,
    /// No operation uses it.
    Unused,
}

impl Usage {
    /// The component schemas each direction reaches, through any depth of `$ref`.
    pub fn of(spec: &Spec) -> Self {
        let (requests, responses) = spec.schemas_by_direction();
        let reach = |roots: Vec<&Schema>| {
            let mut found = BTreeSet::new();
            for root in roots {
                reach(&spec.schemas, root, &mut found);
            }
            found
        };
        Self {
            requests: reach(requests),
            responses: reach(responses),
        }
    }

    /// Where component schema `name` travels.
    pub fn direction(&self, name: &str) -> Direction {
        match (self.requests.contains(name), self.responses.contains(name)) {
            (true, true) => Direction::Both,
            (true, false) => Direction::Request,
            (false, true) => Direction::Response,
            (false, false) => Direction::Unused,
        }
    }

    /// Received, never sent: such types may re-encode what they decoded
    /// exactly (an empty list stays `[]`), with no request to protect.
    pub fn response_only(&self, schema: &str) -> bool {
        self.direction(schema) == Direction::Response
    }
}

/// Adds every component schema `schema` refers to, directly or not.
fn reach(schemas: &BTreeMap<String, Schema>, schema: &Schema, into: &mut BTreeSet<String>) {
    for node in schema.with_nested() {
        if let Some(name) = &node.reference
            && into.insert(name.clone())
            && let Some(target) = schemas.get(name)
        {
            reach(schemas, target, into);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use serde_json::json;

    use super::Direction;

    #[test]
    fn usage_follows_references_in_both_directions() {
        let raw = json!({
            "components": {
                "schemas": {
                    "Id": {"type": "string"},
                    "Item": {"type": "object", "properties": {"id": {"$ref": "#/components/schemas/Id"}}},
                    "Error": {"type": "object"},
                    "Unused": {"type": "object"}
                },
                "parameters": {"P": {"name": "id", "in": "path", "schema": {"$ref": "#/components/schemas/Id"}}}
            },
            "paths": {"/a": {"get": {
                "operationId": "a",
                "responses": {
                    "200": {"content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Item"}}}}},
                    "400": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
                }
            }}}
        });
        let usage = crate::model::from_value("s.yaml", "s", raw).spec.usage;
        assert_eq!(usage.requests, BTreeSet::from(["Id".to_owned()]));
        assert_eq!(
            usage.responses,
            BTreeSet::from(["Error".to_owned(), "Id".to_owned(), "Item".to_owned()])
        );
        assert!(usage.response_only("Item"));
        assert!(!usage.response_only("Id"), "parameters send it");
        assert_eq!(usage.direction("Id"), Direction::Both);
        assert_eq!(usage.direction("Unused"), Direction::Unused);
    }
}
