"""Abstract bases shared by the CE models."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Adds ``created`` and ``modified`` timestamps, both set by the database layer."""

    created = models.DateTimeField(_("created"), auto_now_add=True, editable=False)
    modified = models.DateTimeField(_("modified"), auto_now=True, editable=False)

    class Meta:
        abstract = True
