//! An orders handler with structured logs (tracing) and Prometheus metrics (prometheus).
//! The Rust counterpart of Node's AsyncLocalStorage is the tracing *span*: every event logged
//! inside it carries the span's fields, and `.instrument(span)` re-enters the span each time the
//! future resumes, so a request id stays right across `.await`, however requests interleave.

use std::time::Duration;

use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounterVec, Opts, Registry, TextEncoder,
};
use tokio::time::Instant;
use tracing::{field, info, warn, Instrument};

pub struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    latency: HistogramVec,
}

impl Metrics {
    /// Our own `Registry` rather than the global default: tests get a fresh one each, and the
    /// service decides exactly what `/metrics` exposes.
    pub fn new() -> prometheus::Result<Metrics> {
        let registry = Registry::new();
        let requests = IntCounterVec::new(
            Opts::new("http_requests_total", "HTTP requests handled"),
            &["method", "route", "status"],
        )?;
        let latency = HistogramVec::new(
            HistogramOpts::new("http_request_duration_seconds", "Time to answer a request")
                .buckets(vec![0.005, 0.025, 0.05, 0.1, 0.5]),
            &["route"],
        )?;
        registry.register(Box::new(requests.clone()))?;
        registry.register(Box::new(latency.clone()))?;
        Ok(Metrics { registry, requests, latency })
    }

    /// The body of `GET /metrics`, in Prometheus' text exposition format.
    pub fn render(&self) -> String {
        let mut buf = Vec::new();
        TextEncoder::new()
            .encode(&self.registry.gather(), &mut buf)
            .expect("text encoding never fails");
        String::from_utf8(buf).expect("the text format is UTF-8")
    }
}

/// Handles `method path` and returns the status code. The span carries the request's identity;
/// the events inside it only add what is new.
pub async fn handle(metrics: &Metrics, request_id: &str, method: &str, path: &str) -> u16 {
    let span = tracing::info_span!("request", request_id, method, path, status = field::Empty);
    let started = Instant::now(); // tokio's clock, so tests with a paused clock measure exactly
    let (route, status) = route_and_answer(path).instrument(span.clone()).await;
    span.record("status", status);
    span.in_scope(|| info!(elapsed_ms = started.elapsed().as_millis() as u64, "request finished"));

    // Label with the route *template*, never the raw path: `/orders/1`, `/orders/2`, ... would
    // each create a new time series and eventually exhaust the metrics server's memory.
    metrics.requests.with_label_values(&[method, route, &status.to_string()]).inc();
    metrics.latency.with_label_values(&[route]).observe(started.elapsed().as_secs_f64());
    status
}

async fn route_and_answer(path: &str) -> (&'static str, u16) {
    match path.strip_prefix("/orders/") {
        Some(id) => match id.parse::<u32>() {
            Ok(id) => {
                tokio::time::sleep(Duration::from_millis(30)).await; // the "database"
                let found = id < 1000;
                info!(order_id = id, found, "db query"); // still inside this request's span
                ("/orders/{id}", if found { 200 } else { 404 })
            }
            Err(_) => {
                warn!(raw_id = id, "order id is not a number");
                ("/orders/{id}", 400)
            }
        },
        None => ("unmatched", 404),
    }
}
