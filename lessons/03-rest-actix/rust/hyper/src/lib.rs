//! A users API on plain hyper. A framework's extractors (`web::Path<u32>`, `web::Json<T>`) are
//! written out by hand here: match the method and path segments, parse, validate, answer JSON.

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use hyper::body::HttpBody;
use hyper::header::{HeaderValue, CONTENT_TYPE};
use hyper::service::{make_service_fn, service_fn};
use hyper::{Body, Method, Request, Response, Server, StatusCode};
use serde::{de::DeserializeOwned, Deserialize, Serialize};

/// Request bodies larger than this are refused (actix's `web::Json` has a similar default limit).
const MAX_BODY_BYTES: usize = 64 * 1024;

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

#[derive(Default)]
pub struct AppState {
    users: Mutex<Users>,
}

#[derive(Default)]
struct Users {
    last_id: u32, // ids are never reused, even after a delete
    by_id: BTreeMap<u32, User>,
}

/// The whole router. Every request gets an answer; errors become JSON with a fitting status.
pub async fn handle(
    req: Request<Body>,
    state: Arc<AppState>,
) -> Result<Response<Body>, Infallible> {
    let path = req.uri().path().to_owned();
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    let response = match (req.method().clone(), segments.as_slice()) {
        (Method::GET, ["users"]) => {
            let users = state.users.lock().unwrap();
            json(StatusCode::OK, &users.by_id.values().take(50).collect::<Vec<_>>())
        }
        // `id.parse::<u32>()` is what `web::Path<u32>` does for us in actix: not a number -> 404.
        (Method::GET, ["users", id]) => match id.parse::<u32>() {
            Ok(id) => match state.users.lock().unwrap().by_id.get(&id) {
                Some(user) => json(StatusCode::OK, user),
                None => error(StatusCode::NOT_FOUND, format!("user {id} not found")),
            },
            Err(_) => error(StatusCode::NOT_FOUND, format!("no user `{id}`")),
        },
        (Method::POST, ["users"]) => match read_json::<NewUser>(req).await {
            Ok(new_user) => create_user(&state, new_user),
            Err(response) => response,
        },
        _ => error(StatusCode::NOT_FOUND, format!("no route for {path}")),
    };
    Ok(response)
}

fn create_user(state: &AppState, new_user: NewUser) -> Response<Body> {
    let name = new_user.name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return error(StatusCode::BAD_REQUEST, "name must be 1 to 100 characters".into());
    }
    let mut users = state.users.lock().unwrap();
    users.last_id += 1;
    let user = User { id: users.last_id, name: name.to_string() };
    users.by_id.insert(user.id, user.clone());
    json(StatusCode::CREATED, &user)
}

/// Our `web::Json<T>`: check the content type, read at most MAX_BODY_BYTES, then deserialize.
async fn read_json<T: DeserializeOwned>(req: Request<Body>) -> Result<T, Response<Body>> {
    let content_type = req.headers().get(CONTENT_TYPE).and_then(|v| v.to_str().ok());
    if !content_type.is_some_and(|v| v.starts_with("application/json")) {
        return Err(error(StatusCode::UNSUPPORTED_MEDIA_TYPE, "expected application/json".into()));
    }
    let mut body = req.into_body();
    let mut bytes = Vec::new();
    while let Some(chunk) = body.data().await {
        let chunk = chunk.map_err(|e| error(StatusCode::BAD_REQUEST, e.to_string()))?;
        if bytes.len() + chunk.len() > MAX_BODY_BYTES {
            return Err(error(StatusCode::PAYLOAD_TOO_LARGE, "body too large".into()));
        }
        bytes.extend_from_slice(&chunk);
    }
    serde_json::from_slice(&bytes).map_err(|e| error(StatusCode::BAD_REQUEST, e.to_string()))
}

fn json<T: Serialize + ?Sized>(status: StatusCode, value: &T) -> Response<Body> {
    let body = serde_json::to_vec(value).expect("our response types always serialize");
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    response.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}

fn error(status: StatusCode, message: String) -> Response<Body> {
    json(status, &ErrorBody { error: message })
}

/// Binds `addr` (port 0 picks a free port), returns the bound address and the running server.
pub fn serve(
    addr: SocketAddr,
    state: Arc<AppState>,
    shutdown: impl Future<Output = ()>,
) -> hyper::Result<(SocketAddr, impl Future<Output = hyper::Result<()>>)> {
    // hyper asks for a service per connection, and that service is called once per request;
    // each level clones the Arc so every request sees the same state.
    let make_service = make_service_fn(move |_conn| {
        let state = Arc::clone(&state);
        async move { Ok::<_, Infallible>(service_fn(move |req| handle(req, Arc::clone(&state)))) }
    });
    let server = Server::try_bind(&addr)?.serve(make_service);
    Ok((server.local_addr(), server.with_graceful_shutdown(shutdown)))
}

#[cfg(test)]
mod tests {
    use super::*;

    // Like actix's `test::call_service`: call the router directly, no socket needed.
    async fn call(
        state: &Arc<AppState>,
        method: &str,
        uri: &str,
        body: &str,
    ) -> (StatusCode, String) {
        let req = Request::builder()
            .method(method)
            .uri(uri)
            .header(CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))
            .unwrap();
        let response = handle(req, Arc::clone(state)).await.unwrap();
        let status = response.status();
        let bytes = hyper::body::to_bytes(response.into_body()).await.unwrap();
        (status, String::from_utf8(bytes.to_vec()).unwrap())
    }

    #[tokio::test]
    async fn creates_then_fetches_a_user() {
        let state = Arc::new(AppState::default());
        let (status, body) = call(&state, "POST", "/users", r#"{"name":"  Ada "}"#).await;
        assert_eq!(status, StatusCode::CREATED);
        let created: User = serde_json::from_str(&body).unwrap();
        assert_eq!(created, User { id: 1, name: "Ada".into() });

        let (status, body) = call(&state, "GET", "/users/1", "").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(serde_json::from_str::<User>(&body).unwrap(), created);
    }

    #[tokio::test]
    async fn bad_input_gets_a_client_error() {
        let state = Arc::new(AppState::default());
        assert_eq!(call(&state, "GET", "/users/abc", "").await.0, StatusCode::NOT_FOUND);
        assert_eq!(call(&state, "GET", "/users/7", "").await.0, StatusCode::NOT_FOUND);
        assert_eq!(
            call(&state, "POST", "/users", r#"{"nom":"x"}"#).await.0,
            StatusCode::BAD_REQUEST
        );
        let (status, body) = call(&state, "POST", "/users", r#"{"name":"   "}"#).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains("1 to 100"), "{body}");
    }
}
