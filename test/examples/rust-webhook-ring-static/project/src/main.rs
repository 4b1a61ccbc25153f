//! Receives webhooks, checks their HMAC-SHA256 signature (X-Signature: hex) with a shared secret.
use axum::{
    body::Bytes,
    extract::State,
    http::{HeaderMap, StatusCode},
    routing::{get, post},
    Router,
};
use ring::hmac;
use std::sync::{
    atomic::{AtomicU64, Ordering},
    Arc,
};

struct Relay {
    key: hmac::Key,
    accepted: AtomicU64,
}

fn hex_decode(text: &str) -> Option<Vec<u8>> {
    if text.len() % 2 != 0 {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).ok())
        .collect()
}

async fn receive(State(relay): State<Arc<Relay>>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let signature = headers
        .get("x-signature")
        .and_then(|value| value.to_str().ok())
        .and_then(hex_decode);
    match signature {
        Some(tag) if hmac::verify(&relay.key, &body, &tag).is_ok() => {
            relay.accepted.fetch_add(1, Ordering::Relaxed);
            StatusCode::ACCEPTED
        }
        _ => StatusCode::UNAUTHORIZED,
    }
}

async fn status(State(relay): State<Arc<Relay>>) -> String {
    format!("webhook relay: {} accepted\n", relay.accepted.load(Ordering::Relaxed))
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let secret = std::env::var("WEBHOOK_SECRET").unwrap_or_else(|_| "development-only".into());
    let relay = Arc::new(Relay {
        key: hmac::Key::new(hmac::HMAC_SHA256, secret.as_bytes()),
        accepted: AtomicU64::new(0),
    });
    let app = Router::new()
        .route("/", get(status))
        .route("/hooks", post(receive))
        .with_state(relay);
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
