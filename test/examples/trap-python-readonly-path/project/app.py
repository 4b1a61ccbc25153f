"""Writes a start stamp next to its code at import time (the code is root-owned in the image)."""
import time
from pathlib import Path

from flask import Flask

Path(__file__).with_name("started-at.txt").write_text(str(time.time()))

app = Flask(__name__)


@app.get("/")
def home():
    return "stamped"
