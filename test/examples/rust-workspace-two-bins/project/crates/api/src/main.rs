//! The shop's HTTP API: the catalogue and a health route. Listens on $API_PORT (default 3000).

use axum::{routing::get, Router};
use tokio::signal::unix::{signal, SignalKind};

async fn catalogue() -> String {
    shop_core::catalogue()
        .iter()
        .map(|item| format!("{} {}\n", item.sku, item.stock))
        .collect()
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let port: u16 = std::env::var("API_PORT")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(3000);
    let mut term = signal(SignalKind::terminate()).expect("SIGTERM handler");
    let app = Router::new()
        .route("/", get(|| async { "shop api ok\n" }))
        .route("/healthz", get(|| async { "ok\n" }))
        .route("/catalogue", get(catalogue));
    let listener = tokio::net::TcpListener::bind(("0.0.0.0", port)).await.expect("bind");
    axum::serve(listener, app)
        .with_graceful_shutdown(async move {
            term.recv().await;
        })
        .await
        .expect("server");
}
