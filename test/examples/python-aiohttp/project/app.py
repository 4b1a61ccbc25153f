from aiohttp import web


async def home(request):
    return web.Response(text="aiohttp ok")


async def health(request):
    return web.json_response({"status": "ok"})


app = web.Application()
app.add_routes([web.get("/", home), web.get("/health", health)])

if __name__ == "__main__":
    web.run_app(app, host="127.0.0.1", port=8080)
