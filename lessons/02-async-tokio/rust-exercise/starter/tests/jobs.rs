use async_tokio_exercise::{run_all, Job};
use tokio::time::Instant;

#[tokio::test(start_paused = true)]
async fn jobs_run_concurrently() {
    let jobs =
        vec![Job::new("a", 300, false), Job::new("b", 100, false), Job::new("c", 200, false)];
    let started = Instant::now();
    let results = run_all(jobs).await;
    let elapsed = started.elapsed().as_millis();
    assert_eq!(results.len(), 3, "one result per job");
    assert!(
        elapsed < 400,
        "jobs of 300, 100 and 200 ms must run at the same time and take about 300 ms, took {elapsed} ms (one after another takes 600)"
    );
}

#[tokio::test(start_paused = true)]
async fn results_come_back_in_the_jobs_order() {
    let jobs = vec![
        Job::new("slow", 300, false),
        Job::new("fast", 100, false),
        Job::new("broken", 200, true),
    ];
    let got = run_all(jobs).await;
    let want = vec![
        Ok("slow done".to_string()),
        Ok("fast done".to_string()),
        Err("broken failed".to_string()),
    ];
    assert_eq!(
        got, want,
        "results must be in the order the jobs were given, not the order they finished"
    );
}

#[tokio::test(start_paused = true)]
async fn no_jobs_no_results() {
    assert_eq!(
        run_all(Vec::new()).await,
        Vec::<Result<String, String>>::new(),
        "no jobs: an empty Vec"
    );
}

#[tokio::test(start_paused = true)]
async fn each_job_gets_its_own_task() {
    // 50 jobs of 1 s each: concurrently about 1 s, one after another 50 s.
    let jobs: Vec<Job> = (0..50).map(|i| Job::new(&format!("job{i}"), 1_000, false)).collect();
    let started = Instant::now();
    let results = run_all(jobs).await;
    let elapsed = started.elapsed().as_millis();
    assert_eq!(
        results[49],
        Ok("job49 done".to_string()),
        "the 50th result belongs to the 50th job"
    );
    assert!(elapsed < 1_500, "50 jobs of 1 s must all run at once, took {elapsed} ms");
}
