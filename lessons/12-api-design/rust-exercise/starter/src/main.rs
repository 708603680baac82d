use api_design_exercise::Service;

fn main() {
    let mut service = Service::default();
    let requests = [
        (
            "POST",
            "/v2/users",
            r#"{"givenName":"Ada","familyName":"Lovelace","email":"ada@example.com"}"#,
        ),
        (
            "POST",
            "/v2/users",
            r#"{"givenName":"Eve","familyName":"X","email":"eve@example.com","isAdmin":true}"#,
        ),
        ("GET", "/v2/users/1", ""),
        ("GET", "/v2/users/9", ""),
        ("GET", "/v3/users/1", ""),
    ];
    for (method, path, body) in requests {
        let (status, response) = service.handle(method, path, body);
        println!("{method} {path} -> {status} {response}");
    }
}
