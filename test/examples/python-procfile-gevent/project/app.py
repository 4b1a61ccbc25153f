from flask import Flask
from gevent import monkey

app = Flask(__name__)


@app.get("/")
def index():
    # gunicorn's gevent worker patches the socket module: proof the Procfile's -k gevent ran.
    return f"gevent worker: patched={monkey.is_module_patched('socket')}"
