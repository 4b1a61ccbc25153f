from flask import Flask, jsonify
from pathtools.path import absolute_path

app = Flask(__name__)


@app.route("/health")
def health():
    return jsonify(status="ok")


@app.route("/")
def index():
    return "uploads at " + absolute_path("uploads")
