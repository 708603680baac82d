use tokio::net::TcpListener;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let addr = std::env::var("ADDR").unwrap_or_else(|_| "127.0.0.1:8080".to_string());
    let listener = TcpListener::bind(&addr).await?;
    println!("listening on http://{}", listener.local_addr()?);

    let ctrl_c = async {
        match tokio::signal::ctrl_c().await {
            Ok(()) => println!("shutting down: finishing in-flight requests"),
            // Without a signal handler we simply never shut down gracefully; keep serving.
            Err(e) => {
                eprintln!("cannot listen for Ctrl-C: {e}");
                std::future::pending::<()>().await
            }
        }
    };
    async_tokio::serve(listener, ctrl_c).await
}
