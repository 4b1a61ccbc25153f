from .base import *  # noqa: F401,F403

SETTINGS_NAME = "dev"
DEBUG = True
SECRET_KEY = "dev-only"
ALLOWED_HOSTS = ["*"]
