from django.db import models


class Entry(models.Model):
    name = models.CharField(max_length=80)
    written = models.DateTimeField(auto_now_add=True)
