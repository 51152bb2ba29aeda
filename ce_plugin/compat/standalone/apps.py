"""App config of the dev host's stand-in platform tables."""
from django.apps import AppConfig


class StandalonePlatformConfig(AppConfig):
    """Courses, enrollments, course roles and certificates of the dev host."""

    name = "ce_plugin.compat.standalone"
    label = "ce_standalone"
    verbose_name = "Dev host platform"
    default_auto_field = "django.db.models.BigAutoField"
