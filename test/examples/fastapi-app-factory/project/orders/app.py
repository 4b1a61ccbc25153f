"""Order tracking API, built by an application factory (settings decided at call time, as tests do)."""
import os

from fastapi import FastAPI


def create_app(title: str = "orders") -> FastAPI:
    app = FastAPI(title=title)
    region = os.environ.get("ORDERS_REGION", "eu")

    @app.get("/")
    def index():
        return {"service": f"{title} factory", "region": region}

    @app.get("/health")
    def health():
        return {"ok": True}

    return app
