"""Orders service on MySQL/MariaDB through mysqlclient (built from source: needs the client headers)."""
import os

from flask import Flask, jsonify

app = Flask(__name__)


@app.get("/")
def home():
    # Imported on every request so a missing runtime library (libmariadb) fails the page, not only a query.
    import MySQLdb

    return jsonify(driver="mysqlclient", client=MySQLdb.get_client_info(), database=os.environ.get("DATABASE_HOST", "unset"))
