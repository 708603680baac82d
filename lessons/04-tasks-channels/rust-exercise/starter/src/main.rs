use std::time::Duration;
use tasks_channels_exercise::{start_producers, sum_all};

#[tokio::main]
async fn main() {
    let mut rx = start_producers(3, 5, 2);
    let mut received = Vec::new();
    while let Some(value) = rx.recv().await {
        received.push(value);
    }
    println!("received {} messages from 3 producers", received.len());

    match tokio::time::timeout(Duration::from_secs(2), sum_all(3, 100, 8)).await {
        Ok(sum) => println!("sum_all finished: {sum}"),
        Err(_) => println!("sum_all did not finish within 2 s: is a Sender still alive?"),
    }
}
