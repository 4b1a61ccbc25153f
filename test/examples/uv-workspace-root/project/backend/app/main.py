from fastapi import FastAPI

# Imported as the package "app": the backend folder is the import root, as `uv run` in backend/ has it.
from app.routes import router

app = FastAPI()
app.include_router(router)
