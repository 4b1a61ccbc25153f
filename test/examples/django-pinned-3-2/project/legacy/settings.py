from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY = "fixture-only"
DEBUG = False
ALLOWED_HOSTS = ["*"]
INSTALLED_APPS = ["django.contrib.staticfiles"]
MIDDLEWARE = []
ROOT_URLCONF = "legacy.urls"
WSGI_APPLICATION = "legacy.wsgi.application"
DATABASES = {}
STATIC_URL = "/static/"
