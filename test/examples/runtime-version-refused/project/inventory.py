from flask import Flask

app = Flask(__name__)


@app.get("/")
def index():
    # match statements need Python 3.10+, and this project declares 3.11+.
    match 1:
        case 1:
            return "inventory ok"
