from pyramid.config import Configurator
from pyramid.response import Response


def home(request):
    return Response("pyramid ok")


def health(request):
    return {"status": "ok"}


with Configurator() as config:
    config.add_route("home", "/")
    config.add_view(home, route_name="home")
    config.add_route("health", "/health")
    config.add_view(health, route_name="health", renderer="json")
    app = config.make_wsgi_app()
