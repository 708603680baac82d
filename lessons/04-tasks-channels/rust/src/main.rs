use std::time::{Duration, Instant};

// A tokio program starts tokio's runtime. The article used `#[actix_web::main]`, which starts
// actix's runtime (built on tokio): it happens to work, but it drags in a web framework for nothing.
#[tokio::main]
async fn main() {
    let started = Instant::now();
    let results = tasks_channels::run_jobs(10, Duration::from_millis(500)).await;
    for result in &results {
        println!("{result}");
    }
    // Ten jobs of 500 ms each, run concurrently: about 0.5 s in total, not 5 s.
    println!("{} results in {:.2?}", results.len(), started.elapsed());

    let (received, max_backlog) = tasks_channels::pipeline(50, 4).await;
    println!("pipeline: {} items, backlog never above {max_backlog}", received.len());
}
