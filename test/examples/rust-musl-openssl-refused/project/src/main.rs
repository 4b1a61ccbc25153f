use axum::{extract::State, routing::get, Json, Router};
use serde_json::Value;

#[derive(Clone)]
struct App {
    client: reqwest::Client,
    upstream: String,
}

async fn rates(State(app): State<App>) -> Json<Value> {
    let body = match app.client.get(&app.upstream).send().await {
        Ok(response) => response.json::<Value>().await.unwrap_or(Value::Null),
        Err(_) => Value::Null,
    };
    Json(serde_json::json!({ "upstream": app.upstream, "rates": body }))
}

async fn health() -> &'static str {
    "ok"
}

#[tokio::main]
async fn main() {
    let port = std::env::var("PORT").unwrap_or_else(|_| "8080".into());
    let app = App {
        client: reqwest::Client::new(),
        upstream: std::env::var("RATES_URL").unwrap_or_else(|_| "https://example.com/rates.json".into()),
    };
    let router = Router::new()
        .route("/", get(rates))
        .route("/health", get(health))
        .with_state(app);
    let listener = tokio::net::TcpListener::bind(format!("0.0.0.0:{port}")).await.unwrap();
    axum::serve(listener, router)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .unwrap();
}
