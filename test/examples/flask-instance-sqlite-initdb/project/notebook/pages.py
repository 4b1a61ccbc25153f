from flask import Blueprint, request

from .db import get_db

bp = Blueprint("pages", __name__)


@bp.get("/")
def index():
    # Fails with "no such table: note" until `flask --app notebook init-db` has run.
    count = get_db().execute("SELECT COUNT(*) FROM note").fetchone()[0]
    return f"notebook: {count} notes\n"


@bp.post("/notes")
def add():
    db = get_db()
    db.execute("INSERT INTO note (body) VALUES (?)", (request.get_data(as_text=True) or "empty",))
    db.commit()
    return "added\n", 201
