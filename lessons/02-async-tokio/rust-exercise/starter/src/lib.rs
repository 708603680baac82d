//! Running independent jobs at the same time on Tokio instead of one after another.
use std::time::Duration;

#[derive(Debug, Clone)]
pub struct Job {
    pub name: String,
    /// How long the job "waits on the network".
    pub delay_ms: u64,
    /// Whether the job ends with an error.
    pub fails: bool,
}

impl Job {
    pub fn new(name: &str, delay_ms: u64, fails: bool) -> Job {
        Job { name: name.to_string(), delay_ms, fails }
    }
}

/// One job: waits `delay_ms`, then reports. (Given; do not change.)
pub async fn run_job(job: Job) -> Result<String, String> {
    tokio::time::sleep(Duration::from_millis(job.delay_ms)).await;
    if job.fails {
        Err(format!("{} failed", job.name))
    } else {
        Ok(format!("{} done", job.name))
    }
}

/// Runs every job concurrently, each in its own `tokio::spawn`ed task, and returns their results
/// in the order the jobs were given (not the order they finished).
pub async fn run_all(jobs: Vec<Job>) -> Vec<Result<String, String>> {
    // TODO: this awaits one job after another, so the total time is the SUM of the delays.
    // Spawn one task per job (a tokio::task::JoinSet collects them) and put the results back
    // in the jobs' order.
    let mut results = Vec::new();
    for job in jobs {
        results.push(run_job(job).await);
    }
    results
}
