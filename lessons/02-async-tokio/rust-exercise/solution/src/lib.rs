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
    let count = jobs.len();
    let mut set = tokio::task::JoinSet::new();
    for (index, job) in jobs.into_iter().enumerate() {
        // The task owns its job (`move`): a spawned task may outlive this function's borrows.
        set.spawn(async move { (index, run_job(job).await) });
    }
    let mut slots: Vec<Option<Result<String, String>>> = vec![None; count];
    while let Some(joined) = set.join_next().await {
        let (index, result) = joined.expect("a job task panicked");
        slots[index] = Some(result);
    }
    slots.into_iter().map(|slot| slot.expect("every job reports once")).collect()
}
