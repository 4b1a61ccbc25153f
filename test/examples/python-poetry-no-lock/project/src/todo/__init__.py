from quart import Quart, request
from quart_schema import QuartSchema

app = Quart(__name__)
QuartSchema(app, info={"title": "todo without a lock", "version": "0.1.0"})


@app.post("/echo")
async def echo():
    return {"input": await request.get_json()}


def run() -> None:
    app.run()
