"""A shop front that refuses to start without its name in the environment (set per deployment)."""
import os

from flask import Flask

SHOP_NAME = os.environ["SHOP_NAME"]

app = Flask(__name__)


@app.get("/")
def home():
    return f"Welcome to {SHOP_NAME}"
