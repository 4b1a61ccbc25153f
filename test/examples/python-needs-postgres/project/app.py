"""Inventory service: opens its Postgres connection when the module loads, as many small apps do."""
import os

import psycopg2
from flask import Flask

DATABASE_URL = os.environ.get("DATABASE_URL", "postgresql://inventory@127.0.0.1:5432/inventory")
connection = psycopg2.connect(DATABASE_URL, connect_timeout=3)

app = Flask(__name__)


@app.get("/items")
def items():
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM items ORDER BY name")
        return {"items": [row[0] for row in cursor.fetchall()]}
