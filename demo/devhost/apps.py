"""The dev host: course pages, units and an XBlock runtime over its own tables."""
from django.apps import AppConfig


class DevhostConfig(AppConfig):
    name = "devhost"
    verbose_name = "Dev host"
    default_auto_field = "django.db.models.BigAutoField"
