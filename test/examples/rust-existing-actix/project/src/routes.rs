use actix_web::{get, HttpResponse, Responder};

#[get("/")]
pub async fn index() -> impl Responder {
    HttpResponse::Ok().body("notes service\n")
}

#[get("/healthz")]
pub async fn health() -> impl Responder {
    HttpResponse::Ok().json(serde_like_status())
}

fn serde_like_status() -> &'static str {
    "ok"
}
