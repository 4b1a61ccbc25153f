"""A shop catalogue on Flask-SQLAlchemy with Flask-Migrate migrations (SQLite in instance/)."""
from flask import Flask
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()
migrate = Migrate()

app = Flask(__name__)
# Flask-SQLAlchemy 3 puts a relative SQLite path in the instance folder.
app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///shop.db"
db.init_app(app)
migrate.init_app(app, db)


class Product(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(120), nullable=False)


@app.get("/")
def catalogue():
    return {"products": [p.name for p in Product.query.order_by(Product.name)]}
