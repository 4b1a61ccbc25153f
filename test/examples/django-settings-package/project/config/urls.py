from django.conf import settings
from django.http import HttpResponse
from django.urls import path

urlpatterns = [path("", lambda request: HttpResponse(f"settings {settings.SETTINGS_NAME}, debug {settings.DEBUG}"))]
