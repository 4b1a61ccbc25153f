from flask import Flask

app = Flask(__name__)


@app.route("/")
def index():
    return "shop ok"


if __name__ == "__main__":
    # Local development only; the image serves on 8080 (see the Dockerfile).
    app.run(debug=True, port=5000)
