from django.http import HttpResponse

from .models import Entry


def index(request):
    # Reads the database: "no such table" (a 500) until `manage.py migrate` has run.
    return HttpResponse(f"guestbook: {Entry.objects.count()} entries\n", content_type="text/plain")


def sign(request):
    if request.method != "POST":
        return HttpResponse(status=405)
    Entry.objects.create(name=request.body.decode()[:80] or "anonymous")
    return HttpResponse("signed\n", status=201)
