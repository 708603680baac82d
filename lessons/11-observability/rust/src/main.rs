use tracing::Level;
use tracing_subscriber::{filter::Targets, layer::SubscriberExt, util::SubscriberInitExt};

#[tokio::main]
async fn main() {
    // JSON lines on stdout; `RUST_LOG=warn` (or `info,observability=debug`) picks the level.
    let filter = std::env::var("RUST_LOG")
        .ok()
        .and_then(|spec| spec.parse::<Targets>().ok())
        .unwrap_or_else(|| Targets::new().with_default(Level::INFO));
    let json_lines = tracing_subscriber::fmt::layer().json().with_span_list(false); // innermost span only
    tracing_subscriber::registry().with(json_lines).with(filter).init();

    let metrics = observability::Metrics::new().expect("metric names are valid");
    // Two overlapping requests: their log lines interleave, yet each carries its own request_id.
    tokio::join!(
        observability::handle(&metrics, "demo-a", "GET", "/orders/42"),
        observability::handle(&metrics, "demo-b", "GET", "/orders/4242"),
    );
    observability::handle(&metrics, "demo-c", "GET", "/orders/abc").await;

    println!("\nGET /metrics\n{}", metrics.render());
}
