//! notes-service: reads PORT (default 8000) and serves the notes API on all interfaces.

mod routes;

use actix_web::{App, HttpServer};

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let port: u16 = std::env::var("PORT").ok().and_then(|p| p.parse().ok()).unwrap_or(8000);
    // actix-web stops gracefully on SIGTERM by itself (and on SIGINT).
    HttpServer::new(|| App::new().service(routes::index).service(routes::health))
        .shutdown_timeout(5)
        .bind(("0.0.0.0", port))?
        .run()
        .await
}
