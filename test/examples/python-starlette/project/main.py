from starlette.applications import Starlette
from starlette.responses import JSONResponse, PlainTextResponse
from starlette.routing import Route


async def home(request):
    return PlainTextResponse("starlette ok")


async def health(request):
    return JSONResponse({"status": "ok"})


app = Starlette(routes=[Route("/", home), Route("/health", health)])
