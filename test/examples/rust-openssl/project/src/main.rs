//! Reports which OpenSSL the binary loaded at run time (the system's libssl3, linked by openssl-sys).
use axum::{routing::get, Router};

async fn index() -> String {
    format!("tls-info: {}\n", openssl::version::version())
}

/// Healthy once the library answers: the same text.
async fn health() -> String {
    index().await
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let app = Router::new().route("/", get(index)).route("/health", get(health));
    let port = std::env::var("PORT").unwrap_or_else(|_| "8080".into());
    let listener = tokio::net::TcpListener::bind(format!("0.0.0.0:{port}")).await.unwrap();
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).unwrap();
            term.recv().await;
        })
        .await
        .unwrap();
}
