from bottle import default_app, get, route, run


@route("/")
def home():
    return "bottle ok"


@get("/health")
def health():
    return {"status": "ok"}


app = default_app()

if __name__ == "__main__":
    run(app, host="127.0.0.1", port=8080)
