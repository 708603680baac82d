//! Logs only. tracing decides once per call site, for the whole process, whether anyone listens;
//! a test on another thread running the same call sites with no subscriber can race with this
//! test's thread-local one and make it miss lines. So each test file here holds one test (each
//! file is its own process) and metrics live in tests/metrics.rs.

use std::io::Write;
use std::sync::{Arc, Mutex};

use observability::{handle, Metrics};

/// Collects what the subscriber writes, so the test can read the JSON lines back.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn lines(&self) -> Vec<String> {
        String::from_utf8(self.0.lock().unwrap().clone())
            .unwrap()
            .lines()
            .map(String::from)
            .collect()
    }
}

#[tokio::test(start_paused = true)]
async fn log_lines_keep_their_own_request_id_across_await() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt().json().with_writer(move || writer.clone()).finish();
    let _guard = tracing::subscriber::set_default(subscriber); // this thread only: test-local

    let metrics = Metrics::new().unwrap();
    tokio::join!(
        handle(&metrics, "demo-a", "GET", "/orders/1"),
        handle(&metrics, "demo-b", "GET", "/orders/2")
    );

    let db_lines: Vec<String> =
        captured.lines().into_iter().filter(|l| l.contains("db query")).collect();
    assert_eq!(db_lines.len(), 2, "{db_lines:#?}");
    for line in &db_lines {
        // Each line names its own request in the span, and the order it looked up in its fields.
        let own = (line.contains(r#""request_id":"demo-a""#) && line.contains(r#""order_id":1"#))
            || (line.contains(r#""request_id":"demo-b""#) && line.contains(r#""order_id":2"#));
        assert!(own, "a db query line carries another request's id: {line}");
    }
}
