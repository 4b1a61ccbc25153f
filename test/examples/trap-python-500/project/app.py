"""Orders service: every request needs DATABASE_URL, which the image does not set."""
import os

from flask import Flask

app = Flask(__name__)


def database_url() -> str:
    url = os.environ.get("DATABASE_URL")
    if not url:
        raise RuntimeError("DATABASE_URL is not set: the orders service needs its Postgres database")
    return url


@app.get("/")
def home():
    return f"orders at {database_url()}"


@app.get("/health")
def health():
    database_url()
    return "ok"
