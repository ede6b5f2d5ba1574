//! One test per lint rule: a valid spec with one fault gives exactly one
//! problem, at the right JSON pointer, saying what to change.

use serde_json::{Value, json};
use xtask::model::problem::Problem;
use xtask::model::source::parse_yaml;

const VALID: &str = r#"
openapi: 3.0.3
info: {title: Lint, version: '1'}
servers: [{url: 'https://api.example.com'}]
security: [{token: []}]
components:
  securitySchemes:
    token: {type: apiKey, in: header, name: X-Auth-Token}
  schemas:
    Id: {type: string, pattern: '^[0-9]+$'}
    Item: {type: object, properties: {id: {$ref: '#/components/schemas/Id'}}}
    ApiError: {type: object, properties: {message: {type: string}}}
    OtherError: {type: object, properties: {code: {type: integer}}}
paths:
  /items/{id}:
    get:
      operationId: get_item
      summary: Get an item
      description: Reads one item.
      tags: [items]
      x-provenance: confirmed
      parameters:
        - {name: id, in: path, required: true, schema: {$ref: '#/components/schemas/Id'}}
      responses:
        '200':
          description: The item.
          content: {application/json: {schema: {$ref: '#/components/schemas/Item'}}}
        '404':
          description: Not found.
          content: {application/json: {schema: {$ref: '#/components/schemas/ApiError'}}}
    put:
      operationId: put_item
      summary: Put an item
      description: Replaces one item.
      tags: [items]
      x-provenance: reconstructed
      parameters:
        - {name: id, in: path, required: true, schema: {$ref: '#/components/schemas/Id'}}
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: '#/components/schemas/Item'}}}
      responses:
        '200':
          description: Replaced.
          content: {application/json: {schema: {$ref: '#/components/schemas/Item'}}}
"#;

const GET: &str = "/paths/~1items~1{id}/get";

fn valid() -> Value {
    parse_yaml("lint.yaml", VALID).expect("fixture parses")
}

/// Every problem of `spec`: read into the model, then checked.
fn lint(file: &str, spec: &Value) -> Vec<Problem> {
    xtask::check::problems(&xtask::model::from_value(file, "lint", spec.clone()))
}

/// Lints `spec` and returns its only problem, failing if there are more or none.
fn only_problem(spec: &Value) -> Problem {
    let mut problems = lint("lint.yaml", spec);
    assert_eq!(problems.len(), 1, "expected one problem, got {problems:#?}");
    problems.remove(0)
}

fn set(spec: &mut Value, pointer: &str, value: Value) {
    let (parent, key) = pointer.rsplit_once('/').expect("pointer has a parent");
    let key = key.replace("~1", "/").replace("~0", "~");
    spec.pointer_mut(parent)
        .and_then(Value::as_object_mut)
        .unwrap_or_else(|| panic!("no object at {parent}"))
        .insert(key, value);
}

fn remove(spec: &mut Value, pointer: &str) {
    let (parent, key) = pointer.rsplit_once('/').expect("pointer has a parent");
    spec.pointer_mut(parent)
        .and_then(Value::as_object_mut)
        .unwrap_or_else(|| panic!("no object at {parent}"))
        .remove(key);
}

#[track_caller]
fn assert_problem(problem: &Problem, pointer: &str, words: &str) {
    assert_eq!(problem.file, "lint.yaml");
    assert_eq!(problem.location, format!("#{pointer}"), "{problem}");
    assert!(
        problem.message.contains(words),
        "message of `{problem}` does not contain `{words}`"
    );
}

#[test]
fn the_valid_spec_has_no_problem() {
    assert_eq!(lint("lint.yaml", &valid()), vec![]);
}

#[test]
fn openapi_3_1_is_refused_with_the_version_to_write() {
    let mut spec = valid();
    set(&mut spec, "/openapi", json!("3.1.0"));
    let problem = only_problem(&spec);
    assert_problem(&problem, "/openapi", "write `openapi: 3.0.3`");
    assert_eq!(
        problem.to_string(),
        format!("lint.yaml:#/openapi: {}", problem.message),
        "one line: file, pointer, message"
    );
}

#[test]
fn missing_paths() {
    let mut spec = valid();
    remove(&mut spec, "/paths");
    assert_problem(&only_problem(&spec), "/paths", "missing `paths`");
}

#[test]
fn missing_security() {
    let mut spec = valid();
    remove(&mut spec, "/security");
    assert_problem(&only_problem(&spec), "/security", "no top-level `security`");
}

#[test]
fn undeclared_security_scheme() {
    let mut spec = valid();
    set(&mut spec, "/security", json!([{"oauth": []}]));
    assert_problem(
        &only_problem(&spec),
        "/security/0",
        "`oauth` is not declared",
    );
}

#[test]
fn malformed_token_exchange() {
    let pointer = "/components/securitySchemes/token/x-token-exchange";
    let mut spec = valid();
    set(&mut spec, pointer, json!({"kind": "saml", "path": "/auth"}));
    assert_problem(
        &only_problem(&spec),
        &format!("{pointer}/kind"),
        "`saml` is not a token exchange the runtime knows",
    );
    for path in [json!("auth"), json!("/a?b"), json!(null)] {
        set(
            &mut spec,
            pointer,
            json!({"kind": "keystone", "path": path}),
        );
        assert_problem(
            &only_problem(&spec),
            &format!("{pointer}/path"),
            "starting with `/`",
        );
    }
}

#[test]
fn schema_name_not_pascal_case() {
    let mut spec = valid();
    set(
        &mut spec,
        "/components/schemas/api_error",
        json!({"type": "string"}),
    );
    assert_problem(
        &only_problem(&spec),
        "/components/schemas/api_error",
        "rename it (e.g. `ApiError`)",
    );
}

#[test]
fn a_property_named_like_the_generated_extra_field() {
    let mut spec = valid();
    set(
        &mut spec,
        "/components/schemas/Item/properties/Extra",
        json!({"type": "string"}),
    );
    assert_problem(
        &only_problem(&spec),
        "/components/schemas/Item/properties/Extra",
        "would be the Rust field `extra`",
    );
}

#[test]
fn a_union_branch_named_like_the_generated_other_variant() {
    let mut spec = valid();
    set(
        &mut spec,
        "/components/schemas/Other",
        json!({"type": "object", "properties": {"a": {"type": "string"}}}),
    );
    set(
        &mut spec,
        "/components/schemas/Item/properties/either",
        json!({"oneOf": [{"$ref": "#/components/schemas/Id"}, {"$ref": "#/components/schemas/Other"}]}),
    );
    assert_problem(
        &only_problem(&spec),
        "/components/schemas/Item/properties/either/oneOf/1",
        "would be the union's variant `Other`",
    );
}

#[test]
fn the_reserved_names_are_the_generator_s() {
    use xtask::check::lint::{RESERVED_FIELD, RESERVED_VARIANT};
    assert_eq!(RESERVED_FIELD, xtask::generate::codegen::EXTRA);
    assert_eq!(RESERVED_VARIANT, xtask::generate::codegen::OTHER);
}

#[test]
fn sibling_beside_ref_is_ignored_in_3_0() {
    let mut spec = valid();
    set(
        &mut spec,
        "/components/schemas/Item/properties/parent",
        json!({"$ref": "#/components/schemas/Id", "readOnly": true}),
    );
    assert_problem(
        &only_problem(&spec),
        "/components/schemas/Item/properties/parent",
        "wrap the reference as `allOf",
    );
}

#[test]
fn nullable_beside_ref_gets_the_valid_spelling() {
    let mut spec = valid();
    set(
        &mut spec,
        "/components/schemas/Item/properties/parent",
        json!({"$ref": "#/components/schemas/Id", "nullable": true}),
    );
    assert_problem(
        &only_problem(&spec),
        "/components/schemas/Item/properties/parent",
        "write `anyOf: [{$ref: '#/components/schemas/Id'}, {type: <its type>, nullable: true, enum: [null]}]`",
    );
}

/// `nullable` beside `allOf` (the spelling this project once used) is not
/// nullable for other tools; a nullable reference is `anyOf` with a null branch.
#[test]
fn nullable_without_type_is_refused_with_the_fix() {
    let pointer = "/components/schemas/Item/properties/parent";
    let mut spec = valid();
    set(
        &mut spec,
        pointer,
        json!({"nullable": true, "allOf": [{"$ref": "#/components/schemas/Id"}]}),
    );
    let problem = only_problem(&spec);
    assert_problem(
        &problem,
        &format!("{pointer}/nullable"),
        "has no effect in OpenAPI 3.0.3",
    );
    assert!(
        problem
            .message
            .contains("anyOf: [{$ref: '#/components/schemas/Id'}"),
        "{problem}"
    );

    set(
        &mut spec,
        pointer,
        json!({"nullable": true, "description": "no type"}),
    );
    assert_problem(
        &only_problem(&spec),
        &format!("{pointer}/nullable"),
        "add the `type`",
    );

    set(
        &mut spec,
        pointer,
        json!({"anyOf": [{"$ref": "#/components/schemas/Id"}, {"type": "string", "nullable": true, "enum": [null]}]}),
    );
    assert_eq!(lint("lint.yaml", &spec), vec![]);
}

#[test]
fn an_example_that_breaks_its_schema() {
    let media = "/paths/~1items~1{id}/get/responses/200/content/application~1json";
    let mut spec = valid();
    set(&mut spec, &format!("{media}/example"), json!({"id": "12"}));
    assert_eq!(lint("lint.yaml", &spec), vec![]);
    set(
        &mut spec,
        &format!("{media}/example"),
        json!({"id": "twelve"}),
    );
    assert_problem(
        &only_problem(&spec),
        &format!("{media}/example"),
        "example does not satisfy its schema (#/paths/~1items~1{id}/get/responses/200/content/application~1json/schema) at `/id`",
    );
    // Schema-level and parameter examples are checked too.
    let mut spec = valid();
    set(&mut spec, "/components/schemas/Id/example", json!(12));
    assert_problem(
        &only_problem(&spec),
        "/components/schemas/Id/example",
        "is not of type \"string\"",
    );
    let mut spec = valid();
    set(
        &mut spec,
        "/paths/~1items~1{id}/get/parameters/0/example",
        json!("x"),
    );
    assert_problem(
        &only_problem(&spec),
        "/paths/~1items~1{id}/get/parameters/0/example",
        "does not match",
    );
}

#[test]
fn invalid_pattern() {
    let mut spec = valid();
    set(
        &mut spec,
        "/components/schemas/Id/pattern",
        json!("^[0-9+$"),
    );
    assert_problem(
        &only_problem(&spec),
        "/components/schemas/Id/pattern",
        "not a valid ECMAScript regex",
    );
}

#[test]
fn pattern_the_generated_code_cannot_run() {
    let mut spec = valid();
    set(
        &mut spec,
        "/components/schemas/Id/pattern",
        json!("^(?=[0-9])[0-9a-z]+$"),
    );
    assert_problem(
        &only_problem(&spec),
        "/components/schemas/Id/pattern",
        "rewrite it without lookaround or backreferences",
    );
}

#[test]
fn pattern_class_with_another_meaning_in_rust() {
    let mut spec = valid();
    set(&mut spec, "/components/schemas/Id/pattern", json!("^\\d+$"));
    assert_problem(
        &only_problem(&spec),
        "/components/schemas/Id/pattern",
        "spell the class out, e.g. `[0-9]`",
    );
}

#[test]
fn external_reference() {
    let mut spec = valid();
    set(
        &mut spec,
        "/components/schemas/Item/properties/other",
        json!({"$ref": "other.yaml#/components/schemas/Id"}),
    );
    assert_problem(
        &only_problem(&spec),
        "/components/schemas/Item/properties/other",
        "not a local component reference",
    );
}

#[test]
fn dangling_reference() {
    let mut spec = valid();
    set(
        &mut spec,
        "/components/schemas/Item/properties/other",
        json!({"$ref": "#/components/schemas/Missing"}),
    );
    assert_problem(
        &only_problem(&spec),
        "/components/schemas/Item/properties/other",
        "points nowhere",
    );
}

#[test]
fn missing_operation_id() {
    let mut spec = valid();
    remove(&mut spec, &format!("{GET}/operationId"));
    let problem = only_problem(&spec);
    assert_problem(&problem, GET, "GET /items/{id} has no operationId");
}

#[test]
fn operation_id_not_snake_case() {
    let mut spec = valid();
    set(&mut spec, &format!("{GET}/operationId"), json!("getItem"));
    assert_problem(
        &only_problem(&spec),
        &format!("{GET}/operationId"),
        "rename it to `get_item`",
    );
}

#[test]
fn duplicate_operation_id() {
    let mut spec = valid();
    set(
        &mut spec,
        "/paths/~1items~1{id}/put/operationId",
        json!("get_item"),
    );
    assert_problem(
        &only_problem(&spec),
        "/paths/~1items~1{id}/put/operationId",
        &format!("already used at #{GET}"),
    );
}

#[test]
fn missing_summary_and_description() {
    for key in ["summary", "description"] {
        let mut spec = valid();
        remove(&mut spec, &format!("{GET}/{key}"));
        assert_problem(&only_problem(&spec), GET, &format!("has no `{key}`"));
    }
}

#[test]
fn missing_tags() {
    let mut spec = valid();
    set(&mut spec, &format!("{GET}/tags"), json!([]));
    assert_problem(&only_problem(&spec), GET, "has no `tags`");
}

#[test]
fn missing_or_unknown_provenance() {
    let mut spec = valid();
    remove(&mut spec, &format!("{GET}/x-provenance"));
    assert_problem(
        &only_problem(&spec),
        &format!("{GET}/x-provenance"),
        "`x-provenance` is missing",
    );
    set(&mut spec, &format!("{GET}/x-provenance"), json!("guessed"));
    assert_problem(
        &only_problem(&spec),
        &format!("{GET}/x-provenance"),
        "`guessed`: set it to one of confirmed, inferred, reconstructed",
    );
}

#[test]
fn cookie_parameter() {
    let mut spec = valid();
    set(
        &mut spec,
        &format!("{GET}/parameters"),
        json!([
            {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}},
            {"name": "session", "in": "cookie", "schema": {"type": "string"}}
        ]),
    );
    assert_problem(
        &only_problem(&spec),
        &format!("{GET}/parameters/1"),
        "progenitor cannot send cookies",
    );
}

#[test]
fn a_parameter_named_like_a_builder_method() {
    for (name, setter) in [
        ("timeout", "timeout"),
        ("Header", "header"),
        ("retry", "retry"),
    ] {
        let mut spec = valid();
        set(
            &mut spec,
            &format!("{GET}/parameters"),
            json!([
                {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}},
                {"name": name, "in": "query", "schema": {"type": "integer"}}
            ]),
        );
        let problem = only_problem(&spec);
        assert_problem(
            &problem,
            &format!("{GET}/parameters/1/name"),
            &format!(
                "would be set with `.{setter}(…)`, a method every generated operation builder has"
            ),
        );
        assert!(
            problem.message.contains("Remove the parameter"),
            "{problem}"
        );
    }
}

#[test]
fn credential_header_parameter() {
    let mut spec = valid();
    set(
        &mut spec,
        &format!("{GET}/parameters"),
        json!([
            {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}},
            {"name": "X-Auth-Token", "in": "header", "required": true, "schema": {"type": "string"}}
        ]),
    );
    assert_problem(
        &only_problem(&spec),
        &format!("{GET}/parameters/1"),
        "rely on the top-level `security`",
    );
}

#[test]
fn parameter_without_schema() {
    let mut spec = valid();
    set(
        &mut spec,
        &format!("{GET}/parameters"),
        json!([
            {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}},
            {"name": "q", "in": "query", "content": {"application/json": {}}}
        ]),
    );
    assert_problem(
        &only_problem(&spec),
        &format!("{GET}/parameters/1"),
        "has no `schema`",
    );
}

#[test]
fn path_placeholder_without_parameter() {
    let mut spec = valid();
    set(&mut spec, &format!("{GET}/parameters"), json!([]));
    assert_problem(
        &only_problem(&spec),
        GET,
        "placeholder `{id}` has no `in: path` parameter",
    );
}

#[test]
fn path_parameter_not_in_path() {
    let mut spec = valid();
    set(
        &mut spec,
        &format!("{GET}/parameters"),
        json!([
            {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}},
            {"name": "other", "in": "path", "required": true, "schema": {"type": "string"}}
        ]),
    );
    assert_problem(
        &only_problem(&spec),
        GET,
        "`other` does not appear in `/items/{id}`",
    );
}

const PUT: &str = "/paths/~1items~1{id}/put";

#[test]
fn request_body_without_content() {
    let mut spec = valid();
    set(
        &mut spec,
        &format!("{PUT}/requestBody"),
        json!({"required": true}),
    );
    assert_problem(
        &only_problem(&spec),
        &format!("{PUT}/requestBody"),
        "has no `content`",
    );
}

#[test]
fn two_request_media_types() {
    let mut spec = valid();
    set(
        &mut spec,
        &format!("{PUT}/requestBody/content/multipart~1form-data"),
        json!({"schema": {"$ref": "#/components/schemas/Item"}}),
    );
    assert_problem(
        &only_problem(&spec),
        &format!("{PUT}/requestBody/content"),
        "keep only `application/json`",
    );
}

#[test]
fn media_type_encoding() {
    let mut spec = valid();
    set(
        &mut spec,
        &format!("{PUT}/requestBody/content/application~1json/encoding"),
        json!({"id": {"contentType": "text/plain"}}),
    );
    assert_problem(
        &only_problem(&spec),
        &format!("{PUT}/requestBody/content/application~1json/encoding"),
        "`encoding` is not supported",
    );
}

#[test]
fn media_type_without_schema() {
    let mut spec = valid();
    set(
        &mut spec,
        &format!("{PUT}/requestBody/content/application~1json"),
        json!({}),
    );
    assert_problem(
        &only_problem(&spec),
        &format!("{PUT}/requestBody/content/application~1json"),
        "has no `schema`",
    );
}

#[test]
fn inline_body_schema() {
    let mut spec = valid();
    set(
        &mut spec,
        &format!("{PUT}/requestBody/content/application~1json/schema"),
        json!({"type": "object", "properties": {"a": {"type": "string"}}}),
    );
    assert_problem(
        &only_problem(&spec),
        &format!("{PUT}/requestBody/content/application~1json/schema"),
        "move it to `components/schemas`",
    );
}

#[test]
fn missing_responses() {
    let mut spec = valid();
    remove(&mut spec, &format!("{GET}/responses"));
    assert_problem(
        &only_problem(&spec),
        &format!("{GET}/responses"),
        "has no `responses`",
    );
}

#[test]
fn default_response() {
    let mut spec = valid();
    set(
        &mut spec,
        &format!("{GET}/responses/default"),
        json!({"description": "Anything else.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ApiError"}}}}),
    );
    assert_problem(
        &only_problem(&spec),
        &format!("{GET}/responses/default"),
        "list the status codes it stands for instead",
    );
}

#[test]
fn status_code_not_three_digits() {
    let mut spec = valid();
    set(
        &mut spec,
        &format!("{GET}/responses/4XX"),
        json!({"description": "Client errors."}),
    );
    assert_problem(
        &only_problem(&spec),
        &format!("{GET}/responses/4XX"),
        "not a three-digit HTTP status",
    );
}

#[test]
fn response_without_description() {
    let mut spec = valid();
    remove(&mut spec, &format!("{GET}/responses/404/description"));
    assert_problem(
        &only_problem(&spec),
        &format!("{GET}/responses/404"),
        "has no `description`",
    );
}

#[test]
fn no_success_response() {
    let mut spec = valid();
    remove(&mut spec, &format!("{GET}/responses/200"));
    assert_problem(
        &only_problem(&spec),
        &format!("{GET}/responses"),
        "no 2xx response",
    );
}

#[test]
fn success_with_and_without_body() {
    let mut spec = valid();
    set(
        &mut spec,
        &format!("{GET}/responses/204"),
        json!({"description": "Nothing."}),
    );
    assert_problem(
        &only_problem(&spec),
        &format!("{GET}/responses/204"),
        "success (2xx) responses mix a body and no body (200 has one, 204 has none)",
    );
}

#[test]
fn two_success_body_types() {
    let mut spec = valid();
    set(
        &mut spec,
        &format!("{GET}/responses/201"),
        json!({"description": "Other.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Id"}}}}),
    );
    assert_problem(
        &only_problem(&spec),
        &format!("{GET}/responses/201"),
        "different body schemas (200: Item, 201: Id)",
    );
}

#[test]
fn error_with_and_without_body() {
    let mut spec = valid();
    set(
        &mut spec,
        &format!("{GET}/responses/500"),
        json!({"description": "Server error."}),
    );
    assert_problem(
        &only_problem(&spec),
        &format!("{GET}/responses/500"),
        "error (4xx/5xx) responses mix a body and no body (404 has one, 500 has none)",
    );
}

#[test]
fn two_error_body_types() {
    let mut spec = valid();
    set(
        &mut spec,
        &format!("{GET}/responses/400"),
        json!({"description": "Bad.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/OtherError"}}}}),
    );
    // 400 sorts before 404, so the 404 is the one reported as different.
    assert_problem(
        &only_problem(&spec),
        &format!("{GET}/responses/404"),
        "different body schemas (400: OtherError, 404: ApiError)",
    );
}

#[test]
fn two_response_media_types() {
    let mut spec = valid();
    set(
        &mut spec,
        &format!("{GET}/responses/404/content/text~1plain"),
        json!({"schema": {"$ref": "#/components/schemas/ApiError"}}),
    );
    assert_problem(
        &only_problem(&spec),
        &format!("{GET}/responses/404/content"),
        "keep exactly one, `application/json`",
    );
}

#[test]
fn malformed_yaml_gives_line_and_column() {
    let problem = parse_yaml("broken.yaml", "openapi: 3.0.3\npaths:\n  /x: [unclosed\n")
        .expect_err("not YAML");
    assert_eq!(problem.file, "broken.yaml");
    assert!(
        problem.location.starts_with("4:") || problem.location.starts_with("3:"),
        "location is line:column, got {}",
        problem.location
    );
    assert!(problem.message.starts_with("malformed YAML"), "{problem}");
}

#[test]
fn wrong_shape_for_openapiv3_names_the_pointer() {
    let mut spec = valid();
    set(
        &mut spec,
        &format!("{GET}/parameters/0/required"),
        json!("yes"),
    );
    let problem = xtask::model::document::to_openapi("lint.yaml", &spec).expect_err("not a bool");
    assert!(
        problem
            .location
            .starts_with("#/paths/~1items~1{id}/get/parameters/0"),
        "{problem}"
    );
}

#[test]
fn client_default_must_be_known() {
    let mut spec = valid();
    set(
        &mut spec,
        &format!("{GET}/parameters/0/x-client-default"),
        json!("region"),
    );
    assert_problem(
        &only_problem(&spec),
        &format!("{GET}/parameters/0/x-client-default"),
        "must be one of tenant",
    );
    set(
        &mut spec,
        &format!("{GET}/parameters/0/x-client-default"),
        json!("tenant"),
    );
    assert_eq!(lint("lint.yaml", &spec), vec![]);
}

#[test]
fn pagination_must_name_query_parameters_and_an_item_list() {
    let mut spec = valid();
    set(
        &mut spec,
        &format!("{GET}/x-pagination"),
        json!({"style": "offset", "offset": "offset", "limit": "limit"}),
    );
    assert_problem(
        &only_problem(&spec),
        &format!("{GET}/x-pagination/offset"),
        "`offset` is not a query parameter of this operation",
    );
    set(
        &mut spec,
        &format!("{GET}/x-pagination/style"),
        json!("cursor"),
    );
    assert_problem(
        &only_problem(&spec),
        &format!("{GET}/x-pagination/style"),
        "write `page-number` (page/pageSize) or `offset` (offset/limit)",
    );
}

#[test]
fn waiters_must_point_at_a_status_and_be_named_where_used() {
    let mut spec = valid();
    set(
        &mut spec,
        "/components/schemas/Item/properties/state",
        json!({"type": "string"}),
    );
    set(
        &mut spec,
        &format!("{GET}/x-waiters"),
        json!([{"name": "item_ready", "status": "/state", "pending": ["busy"], "success": ["ready"]}]),
    );
    assert_eq!(lint("lint.yaml", &spec), vec![]);
    set(
        &mut spec,
        &format!("{GET}/x-waiters/0/status"),
        json!("/nowhere"),
    );
    assert_problem(
        &only_problem(&spec),
        &format!("{GET}/x-waiters/0/status"),
        "is not a JSON pointer to a string property of the 2xx body",
    );
    set(
        &mut spec,
        &format!("{GET}/x-waiters/0/status"),
        json!("/state"),
    );
    let put = "/paths/~1items~1{id}/put";
    set(&mut spec, &format!("{put}/x-waiter"), json!("item_gone"));
    assert_problem(
        &only_problem(&spec),
        &format!("{put}/x-waiter"),
        "names no waiter: declare it under `x-waiters`",
    );
}

#[test]
fn response_markers_must_apply() {
    let mut spec = valid();
    set(
        &mut spec,
        "/components/schemas/Item/x-required-by-document",
        json!(true),
    );
    assert_problem(
        &only_problem(&spec),
        "/components/schemas/Item/x-required-by-document",
        "has no `required` list",
    );
    set(
        &mut spec,
        "/components/schemas/Item/required",
        json!(["id"]),
    );
    assert_eq!(lint("lint.yaml", &spec), vec![]);
    set(
        &mut spec,
        "/components/schemas/Item/properties/name",
        json!({"type": "string", "x-aliases": ["id"]}),
    );
    assert_problem(
        &only_problem(&spec),
        "/components/schemas/Item/properties/name/x-aliases",
        "must list other names of this property, none of them a property of its own",
    );
}
