"""Notes API: kept in memory, which is enough to show how the image serves it."""
from fastapi import FastAPI

app = FastAPI(title="notes")
NOTES: list[str] = ["buy milk"]


@app.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}


@app.get("/notes")
def notes() -> list[str]:
    return NOTES
