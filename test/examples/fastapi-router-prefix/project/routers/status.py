from fastapi import APIRouter

router = APIRouter(prefix="/v1")


@router.get("/status")
def status():
    return {"message": "router prefix ok"}
