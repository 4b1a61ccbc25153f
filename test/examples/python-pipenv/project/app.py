"""Guestbook: a Flask app managed with Pipenv (Pipfile + Pipfile.lock)."""
from flask import Flask

app = Flask(__name__)
ENTRIES = ["first!"]


@app.get("/")
def home():
    return {"entries": ENTRIES}


@app.get("/health")
def health():
    return "ok"
