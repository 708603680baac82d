//! The OpenAPI document, generated from the same route table the server would use, so the
//! documentation cannot list a route that does not exist or miss one that does.

use serde_json::{json, Map, Value};

pub struct Route {
    pub method: &'static str,
    pub path: &'static str,
    pub summary: &'static str,
    pub deprecated: bool,
    /// (status, schema name in `components.schemas`, content type)
    pub responses: &'static [(u16, &'static str, &'static str)],
}

const JSON: &str = "application/json";
const PROBLEM: &str = "application/problem+json";

pub const ROUTES: &[Route] = &[
    Route {
        method: "get",
        path: "/v1/users/{id}",
        summary: "One user (v1, frozen)",
        deprecated: true, // still served; new clients should use /v2
        responses: &[(200, "UserV1", JSON), (404, "ErrorV1", JSON)],
    },
    Route {
        method: "get",
        path: "/v2/users/{id}",
        summary: "One user (v2)",
        deprecated: false,
        responses: &[(200, "UserV2", JSON), (400, "Problem", PROBLEM), (404, "Problem", PROBLEM)],
    },
];

/// JSON Schemas of the wire types, written by hand and kept honest by tests/contract.rs.
pub fn schemas() -> Value {
    let string = || json!({ "type": "string" });
    let integer = || json!({ "type": "integer" });
    let formatted = |format: &str| json!({ "type": "string", "format": format });
    json!({
        "UserV1": object(&[
            ("id", integer()), ("name", string()), ("email", string()), ("created", formatted("date")),
        ]),
        "ErrorV1": object(&[("error", string())]),
        "UserV2": object(&[
            ("id", integer()),
            ("name", object(&[("given", string()), ("family", string())])),
            ("email", string()),
            ("createdAt", formatted("date-time")),
        ]),
        "Problem": object(&[
            ("type", string()), ("title", string()), ("status", integer()), ("detail", string()),
        ]),
    })
}

/// A closed object schema: all listed properties required, no others allowed.
fn object(props: &[(&str, Value)]) -> Value {
    let properties: Map<String, Value> =
        props.iter().map(|(k, v)| (k.to_string(), v.clone())).collect();
    let required: Vec<&str> = props.iter().map(|(k, _)| *k).collect();
    json!({
        "type": "object",
        "required": required,
        "additionalProperties": false,
        "properties": properties,
    })
}

/// `{id}` in a path becomes a required path parameter (all ours are positive integer ids).
fn path_parameters(path: &str) -> Vec<Value> {
    path.split('/')
        .filter_map(|segment| segment.strip_prefix('{')?.strip_suffix('}'))
        .map(|name| {
            json!({ "name": name, "in": "path", "required": true,
                            "schema": { "type": "integer", "minimum": 1 } })
        })
        .collect()
}

pub fn document() -> Value {
    let mut paths = Map::new();
    for route in ROUTES {
        let responses: Map<String, Value> = route
            .responses
            .iter()
            .map(|(status, schema, content_type)| {
                let body =
                    json!({ "schema": { "$ref": format!("#/components/schemas/{schema}") } });
                let description = match status {
                    200 => "OK",
                    400 => "Bad Request",
                    404 => "Not Found",
                    _ => "See the schema",
                };
                let response =
                    json!({ "description": description, "content": { *content_type: body } });
                (status.to_string(), response)
            })
            .collect();
        let operation = json!({
            "summary": route.summary,
            "deprecated": route.deprecated,
            "parameters": path_parameters(route.path),
            "responses": responses,
        });
        let entry = paths.entry(route.path).or_insert_with(|| json!({}));
        entry[route.method] = operation;
    }
    json!({
        "openapi": "3.1.0",
        "info": { "title": "Users API", "version": "2.0.0" },
        "paths": paths,
        "components": { "schemas": schemas() },
    })
}
