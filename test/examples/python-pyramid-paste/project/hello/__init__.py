from pyramid.config import Configurator
from pyramid.response import Response


def home(request):
    return Response(request.registry.settings.get("hello.greeting", "hello"))


def main(global_config, **settings):
    """This function returns a Pyramid WSGI application."""
    with Configurator(settings=settings) as config:
        config.add_route("home", "/")
        config.add_view(home, route_name="home")
    return config.make_wsgi_app()
