import falcon


class Home:
    def on_get(self, req, resp):
        resp.text = "falcon ok"


class Health:
    def on_get(self, req, resp):
        resp.media = {"status": "ok"}


app = falcon.App()
app.add_route("/", Home())
app.add_route("/health", Health())
