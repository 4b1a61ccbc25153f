"""Uses Flask-SQLAlchemy, which requirements.txt forgot."""
from flask import Flask
from flask_sqlalchemy import SQLAlchemy

app = Flask(__name__)
db = SQLAlchemy(app)


@app.get("/")
def home():
    return "ok"
