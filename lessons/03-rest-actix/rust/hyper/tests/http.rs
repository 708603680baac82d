//! End to end: a real server on a free port, a real HTTP client, JSON over the wire.

use std::sync::Arc;

use hyper::{Body, Client, Request, StatusCode};
use rest_hyper::{AppState, User};
use tokio::sync::oneshot;

#[tokio::test]
async fn serves_json_over_http() {
    let (stop, stopped) = oneshot::channel::<()>();
    let shutdown = async {
        let _ = stopped.await;
    };
    let state = Arc::new(AppState::default());
    let (addr, server) = rest_hyper::serve(([127, 0, 0, 1], 0).into(), state, shutdown).unwrap();
    let server = tokio::spawn(server);

    let client = Client::new();
    let create = Request::post(format!("http://{addr}/users"))
        .header("content-type", "application/json")
        .body(Body::from(r#"{"name":"Grace"}"#))
        .unwrap();
    let response = client.request(create).await.unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    assert_eq!(response.headers()["content-type"], "application/json");

    let response = client.get(format!("http://{addr}/users/1").parse().unwrap()).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let bytes = hyper::body::to_bytes(response.into_body()).await.unwrap();
    let user: User = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(user, User { id: 1, name: "Grace".into() });

    stop.send(()).unwrap();
    server.await.unwrap().unwrap(); // graceful shutdown returns Ok once connections are done
}
