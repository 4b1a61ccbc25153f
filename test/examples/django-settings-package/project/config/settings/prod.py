import os

from .base import *  # noqa: F401,F403

SETTINGS_NAME = "prod"
DEBUG = False
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "change-me-in-the-environment")
ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1").split(",")
