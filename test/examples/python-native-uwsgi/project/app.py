"""A Flask app deployed under uWSGI elsewhere: uWSGI (source only) is still in its requirements."""
from flask import Flask

app = Flask(__name__)


@app.get("/")
def home():
    return "served\n"
