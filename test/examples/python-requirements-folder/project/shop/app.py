import os

import falcon


class Items:
    def __init__(self, store):
        self._store = store

    def on_get(self, req, resp):
        resp.media = {"items": self._store, "from": "requirements/production.txt"}


def create_app(store):
    app = falcon.App()
    app.add_route("/items", Items(store))
    return app


def get_app():
    return create_app(os.environ.get("SHOP_ITEMS", "tea,cake").split(","))
