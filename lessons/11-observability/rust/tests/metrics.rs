//! The Prometheus text format, as a scraper reads it from `GET /metrics`.

use observability::{handle, Metrics};

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
