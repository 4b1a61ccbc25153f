"""A Flask app on Postgres through psycopg2 (built from source: needs pg_config and a compiler)."""
from flask import Flask

app = Flask(__name__)


@app.get("/")
def home():
    import psycopg2  # noqa: F401

    return "ok"
