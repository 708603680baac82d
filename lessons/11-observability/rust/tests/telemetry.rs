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

#[tokio::test(start_paused = true)]
async fn metrics_render_in_the_prometheus_text_format() {
    let metrics = Metrics::new().unwrap();
    for path in ["/orders/1", "/orders/2", "/orders/5000", "/orders/x", "/nope"] {
        handle(&metrics, "t", "GET", path).await;
    }
    let text = metrics.render();

    assert!(text.contains("# TYPE http_requests_total counter"), "{text}");
    // One series per method, route template and status; the raw ids never become labels.
    assert!(
        text.contains(r#"http_requests_total{method="GET",route="/orders/{id}",status="200"} 2"#),
        "{text}"
    );
    assert!(
        text.contains(r#"http_requests_total{method="GET",route="/orders/{id}",status="404"} 1"#)
    );
    assert!(
        text.contains(r#"http_requests_total{method="GET",route="/orders/{id}",status="400"} 1"#)
    );
    assert!(text.contains(r#"http_requests_total{method="GET",route="unmatched",status="404"} 1"#));
    assert!(!text.contains("/orders/5000"));

    // Buckets are cumulative: each counts every observation <= its bound. With the paused clock
    // the three database lookups took exactly 30 ms and the bad id took 0 ms.
    assert!(text.contains("# TYPE http_request_duration_seconds histogram"));
    assert!(
        text.contains(r#"http_request_duration_seconds_bucket{route="/orders/{id}",le="0.025"} 1"#),
        "{text}"
    );
    assert!(
        text.contains(r#"http_request_duration_seconds_bucket{route="/orders/{id}",le="0.05"} 4"#)
    );
    assert!(
        text.contains(r#"http_request_duration_seconds_bucket{route="/orders/{id}",le="+Inf"} 4"#)
    );
    assert!(text.contains(r#"http_request_duration_seconds_count{route="/orders/{id}"} 4"#));
    assert!(text.contains(r#"http_request_duration_seconds_sum{route="/orders/{id}"} 0.09"#));
}
