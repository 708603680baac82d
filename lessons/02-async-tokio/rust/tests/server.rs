//! Starts the real server on port 0 (the OS picks a free port) and talks to it over TCP.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

struct TestServer {
    addr: SocketAddr,
    stop: oneshot::Sender<()>,
    task: JoinHandle<std::io::Result<()>>,
}

async fn start() -> TestServer {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(async_tokio::serve(listener, async {
        let _ = stopped.await;
    }));
    TestServer { addr, stop, task }
}

/// Sends raw bytes in the given pieces, then reads until the server closes the connection.
async fn exchange(addr: SocketAddr, pieces: &[&[u8]]) -> (u16, String, String) {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    for piece in pieces {
        stream.write_all(piece).await.unwrap();
        tokio::time::sleep(Duration::from_millis(20)).await; // let each piece arrive on its own
    }
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.unwrap();
    let text = String::from_utf8(raw).unwrap();
    let (head, body) = text.split_once("\r\n\r\n").expect("response has a head and a body");
    let status = head[9..12].parse().unwrap();
    (status, head.to_string(), body.to_string())
}

async fn get(addr: SocketAddr, path: &str) -> (u16, String, String) {
    let request = format!("GET {path} HTTP/1.1\r\nHost: test\r\n\r\n");
    exchange(addr, &[request.as_bytes()]).await
}

#[tokio::test]
async fn answers_with_a_correct_content_length() {
    let server = start().await;
    let (status, head, body) = get(server.addr, "/").await;
    assert_eq!(status, 200);
    assert_eq!(body, "Hello, Rust!");
    assert!(head.contains(&format!("Content-Length: {}\r\n", body.len())), "{head}");
}

#[tokio::test]
async fn serves_slow_requests_concurrently() {
    let server = start().await;
    let started = Instant::now();
    let requests: Vec<_> = (0..10).map(|_| tokio::spawn(get(server.addr, "/slow"))).collect();
    for request in requests {
        assert_eq!(request.await.unwrap().0, 200);
    }
    // Each request waits 200 ms: one after another would take 2 s.
    let elapsed = started.elapsed();
    assert!(
        elapsed < Duration::from_millis(1500),
        "took {elapsed:?}: requests were not concurrent"
    );
}

#[tokio::test]
async fn waits_for_a_request_split_across_packets() {
    let server = start().await;
    let (status, _, body) =
        exchange(server.addr, &[b"GET / HT", b"TP/1.1\r\nHost: t", b"est\r\n\r\n"]).await;
    assert_eq!((status, body.as_str()), (200, "Hello, Rust!"));
}

#[tokio::test]
async fn rejects_bad_requests_with_the_right_status() {
    let server = start().await;
    assert_eq!(get(server.addr, "/nope").await.0, 404);
    assert_eq!(exchange(server.addr, &[b"POST / HTTP/1.1\r\n\r\n"]).await.0, 405);
    assert_eq!(exchange(server.addr, &[b"nonsense\r\n\r\n"]).await.0, 400);
    // Exactly one byte over the limit, so the server has read everything when it answers (closing
    // a socket with unread input makes the kernel reset the connection, which would hide the 431).
    let mut huge = String::from("GET / HTTP/1.1\r\nX-Junk: ");
    huge.push_str(&"a".repeat(async_tokio::MAX_HEAD_BYTES + 1 - huge.len()));
    assert_eq!(exchange(server.addr, &[huge.as_bytes()]).await.0, 431);
}

#[tokio::test]
async fn shutdown_lets_in_flight_requests_finish() {
    let server = start().await;
    let mut in_flight = TcpStream::connect(server.addr).await.unwrap();
    // The server accepts connections in the order they arrived: once a later one has been answered,
    // `in_flight` has certainly been accepted (no sleep-and-hope needed).
    assert_eq!(get(server.addr, "/").await.0, 200);
    in_flight.write_all(b"GET /slow HTTP/1.1\r\nHost: test\r\n\r\n").await.unwrap();
    server.stop.send(()).unwrap();

    let mut response = String::new();
    let _ = in_flight.read_to_string(&mut response).await; // a reset here means it was cut off
    assert!(
        response.starts_with("HTTP/1.1 200 OK"),
        "the in-flight request was cut off: {response:?}"
    );
    server.task.await.unwrap().unwrap();
    assert!(TcpStream::connect(server.addr).await.is_err(), "still accepting after shutdown");
}
