"""Abstract bases shared by the CE models."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Adds ``created`` and ``modified`` timestamps, both set by the database layer."""

    created = models.DateTimeField(_("created"), auto_now_add=True, editable=False)
    modified = models.DateTimeField(_("modified"), auto_now=True, editable=False)

    class Meta:
        abstract = True


def check_constraint(condition, name):
    """
    A ``CheckConstraint`` on every Django the plugin meets: ``condition=`` from Django 5.1 (the release lines'
    5.2, where ``check=`` is deprecated), ``check=`` before it (older platform trees on Django 4.2).
    """
    import django  # pylint: disable=import-outside-toplevel
    keyword = "condition" if django.VERSION >= (5, 1) else "check"
    return models.CheckConstraint(name=name, **{keyword: condition})
