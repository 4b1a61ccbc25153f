"""An API with no route at /: everything is under routers included with a prefix."""
from fastapi import FastAPI

from routers import status

app = FastAPI()
app.include_router(status.router, prefix="/api")

if __name__ == "__main__":
    import uvicorn

    uvicorn.run(app, host="127.0.0.1", port=8000)
