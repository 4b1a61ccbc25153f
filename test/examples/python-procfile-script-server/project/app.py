"""A bottle app that starts its own server: module-level routes and run() reading PORT."""

import os

from bottle import route, run


@route("/")
def index():
    return "Hello from a script server!"


@route("/health")
def health():
    return "ok"


run(host="0.0.0.0", port=int(os.environ["PORT"]))
