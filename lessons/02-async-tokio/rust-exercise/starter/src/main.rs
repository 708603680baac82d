use async_tokio_exercise::{run_all, Job};

// Paused time: the sleeps complete instantly but Tokio's clock still moves by their length, so the
// printed duration is exact and the same on every machine.
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let jobs = vec![
        Job::new("ingest", 300, false),
        Job::new("resize", 100, false),
        Job::new("notify", 200, true),
    ];
    let started = tokio::time::Instant::now();
    let results = run_all(jobs).await;
    for result in &results {
        match result {
            Ok(message) => println!("ok:    {message}"),
            Err(message) => println!("error: {message}"),
        }
    }
    println!("{} jobs in {} ms", results.len(), started.elapsed().as_millis());
}
