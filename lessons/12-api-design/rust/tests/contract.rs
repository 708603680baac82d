//! Contract tests: what clients depend on, pinned down. If one of these fails, the change breaks
//! clients in the field; ship it as a new version instead of editing v1.

use api_design::{openapi, sample_users, v1, v2};
use serde_json::{json, Value};

/// The exact bytes v1 clients have been parsing. Field order, names and formats all count.
const V1_ADA: &str =
    r#"{"id":1,"name":"Ada Lovelace","email":"ada@example.com","created":"2015-12-10"}"#;

#[test]
fn v1_json_is_byte_for_byte_stable() {
    let ada = v1::User::from(&sample_users()[0]);
    assert_eq!(serde_json::to_string(&ada).unwrap(), V1_ADA);
}

#[test]
fn v1_clients_reject_fields_they_do_not_know() {
    assert!(serde_json::from_str::<v1::User>(V1_ADA).is_ok());
    let extended = V1_ADA.replace('}', r#","nickname":"ada"}"#);
    assert!(serde_json::from_str::<v1::User>(&extended).is_err());
}

#[test]
fn downgrading_v2_gives_the_same_v1() {
    for user in sample_users() {
        assert_eq!(v1::User::from(&v2::User::from(&user)), v1::User::from(&user));
    }
}

/// Checks a value against the small subset of JSON Schema that openapi.rs uses.
fn assert_matches(value: &Value, schema: &Value, at: &str) {
    match schema["type"].as_str() {
        Some("object") => {
            let object = value.as_object().unwrap_or_else(|| panic!("{at}: expected an object"));
            let mut keys: Vec<&str> = object.keys().map(String::as_str).collect();
            let mut required: Vec<&str> =
                schema["required"].as_array().unwrap().iter().filter_map(Value::as_str).collect();
            keys.sort_unstable();
            required.sort_unstable();
            assert_eq!(keys, required, "{at}: fields differ from the documented schema");
            for (key, field) in object {
                assert_matches(field, &schema["properties"][key], &format!("{at}.{key}"));
            }
        }
        Some("integer") => assert!(value.is_u64() || value.is_i64(), "{at}: expected an integer"),
        Some("string") => assert!(value.is_string(), "{at}: expected a string"),
        other => panic!("{at}: schema type {other:?} not handled"),
    }
}

#[test]
fn every_wire_type_matches_its_documented_schema() {
    let schemas = openapi::schemas();
    let ada = &sample_users()[0];
    let samples = [
        ("UserV1", serde_json::to_value(v1::User::from(ada)).unwrap()),
        ("ErrorV1", serde_json::to_value(v1::Error { error: "no user with id 9".into() }).unwrap()),
        ("UserV2", serde_json::to_value(v2::User::from(ada)).unwrap()),
        (
            "Problem",
            serde_json::to_value(v2::Problem::new(404, "Not Found", "no user 9".into())).unwrap(),
        ),
    ];
    for (name, value) in &samples {
        assert_matches(value, &schemas[name], name);
    }
}

#[test]
fn the_document_covers_every_route_and_every_reference_resolves() {
    let doc = openapi::document();
    for route in openapi::ROUTES {
        let operation = &doc["paths"][route.path][route.method];
        assert!(operation.is_object(), "{} {} is not documented", route.method, route.path);
        for (status, _, content_type) in route.responses {
            let reference = &operation["responses"][status.to_string()]["content"][content_type]
                ["schema"]["$ref"];
            let name = reference.as_str().unwrap().trim_start_matches("#/components/schemas/");
            assert!(doc["components"]["schemas"][name].is_object(), "dangling $ref to {name}");
        }
    }
    assert_eq!(doc["paths"]["/v1/users/{id}"]["get"]["deprecated"], json!(true));
}
