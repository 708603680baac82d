//! A tiny HTTP/1.1 server on tokio: one task per connection, so a slow client never blocks others.

use std::future::Future;
use std::io;
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinSet;

/// Refuse request heads larger than this instead of buffering whatever a client sends.
pub const MAX_HEAD_BYTES: usize = 8 * 1024;
/// A client that connects and then goes quiet must not hold a task (and a socket) forever.
const READ_TIMEOUT: Duration = Duration::from_secs(5);
/// On shutdown, in-flight requests get this long to finish.
const DRAIN_TIMEOUT: Duration = Duration::from_secs(10);

/// Accepts connections until `shutdown` completes, then waits for in-flight requests to finish.
pub async fn serve(listener: TcpListener, shutdown: impl Future<Output = ()>) -> io::Result<()> {
    tokio::pin!(shutdown);
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _peer)) => { connections.spawn(handle_connection(stream)); }
                // E.g. "too many open files": the article's `?` would stop the whole server here.
                Err(e) => {
                    eprintln!("accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            },
            // Reap finished tasks as we go so the set does not grow with every connection ever made.
            Some(done) = connections.join_next(), if !connections.is_empty() => {
                if let Err(e) = done { eprintln!("connection task failed: {e}"); }
            }
            () = &mut shutdown => break,
        }
    }
    drop(listener); // stop accepting: new clients get "connection refused" instead of a hang
    let drain = async { while connections.join_next().await.is_some() {} };
    if tokio::time::timeout(DRAIN_TIMEOUT, drain).await.is_err() {
        eprintln!("gave up waiting for {} connection(s)", connections.len());
    } // dropping the JoinSet aborts whatever is left
    Ok(())
}

async fn handle_connection(mut stream: TcpStream) {
    let response = match tokio::time::timeout(READ_TIMEOUT, read_head(&mut stream)).await {
        Err(_elapsed) => Response::new(408, "Request Timeout", "request timeout\n"),
        Ok(Err(e)) if e.kind() == io::ErrorKind::InvalidData => {
            Response::new(431, "Request Header Fields Too Large", "request head too large\n")
        }
        Ok(Err(e)) => return eprintln!("read failed: {e}"), // e.g. connection reset: nobody to answer
        Ok(Ok(None)) => return,                             // client hung up before a full request
        Ok(Ok(Some(head))) => match parse_request_line(&head) {
            Some((method, path)) => route(method, path).await,
            None => Response::new(400, "Bad Request", "malformed request line\n"),
        },
    };
    // write_all loops until every byte is written; a single `write` may write only part of them.
    if let Err(e) = stream.write_all(&response.to_bytes()).await {
        eprintln!("write failed: {e}");
    }
    let _ = stream.shutdown().await; // we promised `Connection: close`
}

/// Reads until the blank line that ends the request head. TCP is a byte stream, not a message
/// stream: one `read` may return half a request line, so we keep reading until the head is whole.
/// Returns `Ok(None)` if the peer closes first, and an `InvalidData` error if the head is too big.
pub async fn read_head<R: AsyncRead + Unpin>(reader: &mut R) -> io::Result<Option<String>> {
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 1024];
    loop {
        if let Some(end) = find_subslice(&buf, b"\r\n\r\n").filter(|&end| end <= MAX_HEAD_BYTES) {
            buf.truncate(end);
            // Header bytes are ASCII in practice; anything else is replaced, not trusted.
            return Ok(Some(String::from_utf8_lossy(&buf).into_owned()));
        }
        if buf.len() > MAX_HEAD_BYTES {
            return Err(io::Error::new(io::ErrorKind::InvalidData, "request head too large"));
        }
        let n = reader.read(&mut chunk).await?;
        if n == 0 {
            return Ok(None);
        }
        buf.extend_from_slice(&chunk[..n]);
    }
}

fn find_subslice(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// `"GET /path HTTP/1.1"` -> `("GET", "/path")`.
pub fn parse_request_line(head: &str) -> Option<(&str, &str)> {
    let mut parts = head.lines().next()?.split(' ');
    let (method, path, version) = (parts.next()?, parts.next()?, parts.next()?);
    (version.starts_with("HTTP/1.") && path.starts_with('/') && parts.next().is_none())
        .then_some((method, path))
}

pub async fn route(method: &str, path: &str) -> Response {
    match (method, path) {
        ("GET", "/") => Response::new(200, "OK", "Hello, Rust!"),
        ("GET", "/slow") => {
            // Stands in for a database call. `.await` parks this task and frees the thread for
            // other connections; `std::thread::sleep` here would stall every task on the thread.
            tokio::time::sleep(Duration::from_millis(200)).await;
            Response::new(200, "OK", "done waiting\n")
        }
        (_, "/" | "/slow") => Response::new(405, "Method Not Allowed", "use GET\n"),
        _ => Response::new(404, "Not Found", "no such route\n"),
    }
}

pub struct Response {
    status: u16,
    reason: &'static str,
    body: String,
}

impl Response {
    pub fn new(status: u16, reason: &'static str, body: &str) -> Self {
        Response { status, reason, body: body.to_owned() }
    }

    /// Content-Length is computed, never typed by hand: it counts bytes (not characters), and a
    /// wrong value makes clients hang waiting for more or cut the body short.
    pub fn to_bytes(&self) -> Vec<u8> {
        let head = format!(
            "HTTP/1.1 {} {}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            self.status,
            self.reason,
            self.body.len()
        );
        [head.as_bytes(), self.body.as_bytes()].concat()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_length_counts_bytes_not_chars() {
        let bytes = Response::new(200, "OK", "héllo").to_bytes(); // 5 chars, 6 bytes
        let text = String::from_utf8(bytes).unwrap();
        assert!(text.contains("Content-Length: 6\r\n"), "{text}");
        assert!(text.ends_with("\r\n\r\nhéllo"));
    }

    #[test]
    fn parses_request_lines() {
        assert_eq!(parse_request_line("GET /slow HTTP/1.1\r\nHost: x"), Some(("GET", "/slow")));
        assert_eq!(parse_request_line("GET HTTP/1.1"), None);
        assert_eq!(parse_request_line("GET /a b HTTP/1.1"), None);
    }

    #[tokio::test]
    async fn reads_a_head_that_arrives_in_pieces() {
        let (mut client, mut server) = tokio::io::duplex(64);
        let writer = tokio::spawn(async move {
            for piece in ["GE", "T / HTTP/1.1\r\nHo", "st: a\r\n", "\r\nbody"] {
                client.write_all(piece.as_bytes()).await.unwrap();
                tokio::task::yield_now().await;
            }
        });
        let head = read_head(&mut server).await.unwrap();
        assert_eq!(head.as_deref(), Some("GET / HTTP/1.1\r\nHost: a"));
        writer.await.unwrap();
    }

    #[tokio::test]
    async fn a_peer_that_closes_early_is_not_an_error() {
        let mut half_request: &[u8] = b"GET / HTTP/1.1\r\n";
        assert!(read_head(&mut half_request).await.unwrap().is_none());
    }
}
