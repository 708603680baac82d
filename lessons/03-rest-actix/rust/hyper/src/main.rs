use std::sync::Arc;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let state = Arc::new(rest_hyper::AppState::default());
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let (addr, server) = rest_hyper::serve(([127, 0, 0, 1], 8080).into(), state, shutdown)?;
    println!("listening on http://{addr}");
    server.await?;
    Ok(())
}
