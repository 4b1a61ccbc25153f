from importlib.metadata import version

from flask import Flask

app = Flask(__name__)


@app.route("/")
def home():
    # Only an installed package has metadata: this fails when the image merely copies the code.
    return f"inventory-svc {version('inventory-svc')}"


def print_version():
    print(version("inventory-svc"))
