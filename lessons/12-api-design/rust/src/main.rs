use api_design::{openapi, sample_users, v1, v2};

fn main() {
    let ada = &sample_users()[0];
    println!("GET /v1/users/1 -> {}", serde_json::to_string(&v1::User::from(ada)).unwrap());
    println!("GET /v2/users/1 -> {}", serde_json::to_string(&v2::User::from(ada)).unwrap());
    let problem = v2::Problem::new(404, "Not Found", "no user with id 9".into());
    println!("GET /v2/users/9 -> {}", serde_json::to_string(&problem).unwrap());
    println!(
        "\nGET /openapi.json\n{}",
        serde_json::to_string_pretty(&openapi::document()).unwrap()
    );
}
