"""A small notebook app in the app-factory shape: config and the SQLite database live in instance/."""
import os

from flask import Flask


def create_app(test_config=None):
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(
        SECRET_KEY=os.environ.get("SECRET_KEY", "dev-only"),
        DATABASE=os.path.join(app.instance_path, "notebook.sqlite"),
    )
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
    else:
        app.config.update(test_config)

    # The instance folder is created at start (it is not part of the code).
    os.makedirs(app.instance_path, exist_ok=True)

    from . import db, pages

    db.init_app(app)
    app.register_blueprint(pages.bp)
    return app
