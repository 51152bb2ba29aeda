"""Course structure and XBlock field storage of the dev host (the LMS keeps these in the modulestore)."""
from django.conf import settings
from django.db import models
from opaque_keys.edx.django.models import UsageKeyField

from ce_plugin.compat.standalone.models import Course


class Unit(models.Model):
    """A unit (vertical) of a dev host course, holding blocks in order."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="units")
    usage_key = UsageKeyField(max_length=255, unique=True)
    title = models.CharField(max_length=255)
    section = models.CharField(max_length=255, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["course", "position", "id"]

    def __str__(self):
        return self.title


class BlockRecord(models.Model):
    """One XBlock in a unit, with its content and settings fields as JSON."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="blocks")
    usage_key = UsageKeyField(max_length=255, unique=True)
    block_type = models.CharField(max_length=64)
    position = models.PositiveIntegerField(default=0)
    fields = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["unit", "position", "id"]

    def __str__(self):
        return str(self.usage_key)


class BlockUserState(models.Model):
    """A learner's user-scoped XBlock fields for one block."""

    usage_key = UsageKeyField(max_length=255)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    fields = models.JSONField(default=dict, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["usage_key", "user"], name="devhost_one_state_per_user")]

    def __str__(self):
        return f"{self.usage_key} / {self.user_id}"
