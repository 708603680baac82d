//! A small users API on actix-web 4: typed path, query and JSON extractors, JSON in and out.
//!
//! Try it: `cargo run`, then
//!   curl -i -X POST localhost:8080/users -H 'content-type: application/json' -d '{"name":"Ada"}'
//!   curl -i localhost:8080/users/1

use std::collections::BTreeMap;
use std::sync::Mutex;

use actix_web::http::StatusCode;
use actix_web::{delete, get, post, web, App, HttpResponse, HttpServer, Responder};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct User {
    pub id: u32,
    pub name: String,
}

/// What a client sends to create a user. It has no `id`: the server assigns ids.
#[derive(Debug, Serialize, Deserialize)]
pub struct NewUser {
    pub name: String,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct ErrorBody {
    pub error: String,
}

/// `?limit=10`; optional fields make optional query parameters.
#[derive(Deserialize)]
pub struct ListQuery {
    pub limit: Option<usize>,
}

/// Path segments can fill a struct too, matched by name. The struct must hold only what the route
/// has: the article's `User { id, name }` could never be filled from `/user/{id}` (there is no
/// `{name}` segment), so every request would have failed to extract and answered 404.
#[derive(Deserialize)]
pub struct UserPath {
    pub id: u32,
}

#[derive(Default)]
pub struct AppState {
    users: Mutex<Users>,
}

#[derive(Default)]
struct Users {
    last_id: u32, // ids are never reused, even after a delete
    by_id: BTreeMap<u32, User>,
}

fn error(status: StatusCode, message: String) -> HttpResponse {
    HttpResponse::build(status).json(ErrorBody { error: message })
}

#[get("/users")]
async fn list_users(query: web::Query<ListQuery>, state: web::Data<AppState>) -> impl Responder {
    let limit = query.limit.unwrap_or(50).min(100); // never let a client ask for everything
    let users = state.users.lock().unwrap();
    web::Json(users.by_id.values().take(limit).cloned().collect::<Vec<_>>())
}

/// The article wrote `web::Path` without a type, which does not compile. `web::Path<u32>` extracts
/// the one segment and parses it; `/users/abc` never reaches this function (actix answers 404).
#[get("/users/{id}")]
async fn get_user(id: web::Path<u32>, state: web::Data<AppState>) -> HttpResponse {
    let id = id.into_inner();
    match state.users.lock().unwrap().by_id.get(&id) {
        Some(user) => HttpResponse::Ok().json(user),
        None => error(StatusCode::NOT_FOUND, format!("user {id} not found")),
    }
}

/// `web::Json<NewUser>` rejects a body that is not JSON, or lacks `name`, with 400 before we run.
#[post("/users")]
async fn create_user(body: web::Json<NewUser>, state: web::Data<AppState>) -> HttpResponse {
    let name = body.name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        let message = "name must be 1 to 100 characters".to_string();
        return error(StatusCode::BAD_REQUEST, message);
    }
    let mut users = state.users.lock().unwrap();
    users.last_id += 1;
    let user = User { id: users.last_id, name: name.to_string() };
    users.by_id.insert(user.id, user.clone());
    HttpResponse::Created().json(user)
}

#[delete("/users/{id}")]
async fn delete_user(path: web::Path<UserPath>, state: web::Data<AppState>) -> HttpResponse {
    match state.users.lock().unwrap().by_id.remove(&path.id) {
        Some(_) => HttpResponse::NoContent().finish(),
        None => error(StatusCode::NOT_FOUND, format!("user {} not found", path.id)),
    }
}

/// One place lists the routes, used by `main` and by the tests alike.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(list_users).service(get_user).service(create_user).service(delete_user);
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    // Create shared state once, outside the closure: HttpServer calls the closure once per worker
    // thread, so state created inside it would give each worker its own separate set of users.
    let state = web::Data::new(AppState::default());
    println!("listening on http://127.0.0.1:8080");
    HttpServer::new(move || App::new().app_data(state.clone()).configure(routes))
        .bind(("127.0.0.1", 8080))?
        .run()
        .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::http::header::ContentType;
    use actix_web::test;

    #[actix_web::test]
    async fn creates_lists_fetches_and_deletes_a_user() {
        let app = test::init_service(
            App::new().app_data(web::Data::new(AppState::default())).configure(routes),
        )
        .await;

        let req = test::TestRequest::post()
            .uri("/users")
            .set_json(NewUser { name: "  Ada ".into() })
            .to_request();
        let resp = test::call_service(&app, req).await;
        assert_eq!(resp.status(), StatusCode::CREATED);
        let created: User = test::read_body_json(resp).await;
        assert_eq!(created, User { id: 1, name: "Ada".into() });

        let req = test::TestRequest::get().uri("/users/1").to_request();
        let fetched: User = test::call_and_read_body_json(&app, req).await;
        assert_eq!(fetched, created);

        let req = test::TestRequest::get().uri("/users?limit=10").to_request();
        let listed: Vec<User> = test::call_and_read_body_json(&app, req).await;
        assert_eq!(listed, vec![created]);

        let req = test::TestRequest::delete().uri("/users/1").to_request();
        assert_eq!(test::call_service(&app, req).await.status(), StatusCode::NO_CONTENT);
        let req = test::TestRequest::get().uri("/users/1").to_request();
        assert_eq!(test::call_service(&app, req).await.status(), StatusCode::NOT_FOUND);
    }

    #[actix_web::test]
    async fn bad_input_gets_a_client_error() {
        let app = test::init_service(
            App::new().app_data(web::Data::new(AppState::default())).configure(routes),
        )
        .await;

        // Not a u32: the Path extractor fails and actix answers 404 without calling get_user.
        let req = test::TestRequest::get().uri("/users/abc").to_request();
        assert_eq!(test::call_service(&app, req).await.status(), StatusCode::NOT_FOUND);

        let req = test::TestRequest::post()
            .uri("/users")
            .insert_header(ContentType::json())
            .set_payload(r#"{"nom":"Ada"}"#)
            .to_request();
        assert_eq!(test::call_service(&app, req).await.status(), StatusCode::BAD_REQUEST);

        let req = test::TestRequest::post()
            .uri("/users")
            .set_json(NewUser { name: "   ".into() })
            .to_request();
        let resp = test::call_service(&app, req).await;
        assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
        let body: ErrorBody = test::read_body_json(resp).await;
        assert!(body.error.contains("1 to 100"));
    }
}
