"""An items API: every route takes an id, so /, /health and /healthz answer 404."""
from flask import Flask, jsonify

app = Flask(__name__)


@app.get("/items/<int:item_id>")
def item(item_id: int):
    return jsonify(id=item_id, name=f"item {item_id}")
