"""App config of the dev host's stand-in platform."""
from importlib import import_module

from django.apps import AppConfig, apps
from edx_django_utils.plugins import PluginSignals

# Platform signals the dev host sends from stand-ins, by the path a plugin's signals config names.
SIGNAL_STAND_INS = {
    "xmodule.modulestore.django.COURSE_PUBLISHED": "devhost_platform.signals.course_published",
}
PROJECTS = ("lms.djangoapp", "cms.djangoapp")


class StandalonePlatformConfig(AppConfig):
    """Courses, enrollments, course roles and certificates of the dev host."""

    name = "devhost_platform"
    label = "ce_standalone"
    verbose_name = "Dev host platform"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        connect_plugin_receivers_to_stand_ins()


def _import(path):
    module, _, name = path.rpartition(".")
    return getattr(import_module(module), name)


def connect_plugin_receivers_to_stand_ins():
    """
    Connect plugin receivers as the platform's plugin loader does, where the dev host stands in for the signal.

    Reads each installed app's ``plugin_app`` signals config (the edx-django-utils contract) for the
    LMS and Studio, and connects every receiver whose ``signal_path`` names a signal in
    :data:`SIGNAL_STAND_INS` to the stand-in, with the receiver's own ``dispatch_uid``.
    """
    for app_config in apps.get_app_configs():
        config = getattr(app_config, "plugin_app", {}).get(PluginSignals.CONFIG, {})
        for project in PROJECTS:
            project_config = config.get(project, {})
            receivers = [r for r in project_config.get(PluginSignals.RECEIVERS, [])
                         if r[PluginSignals.SIGNAL_PATH] in SIGNAL_STAND_INS]
            if not receivers:
                continue
            module = import_module(f"{app_config.name}.{project_config.get(PluginSignals.RELATIVE_PATH, 'signals')}")
            for receiver in receivers:
                _import(SIGNAL_STAND_INS[receiver[PluginSignals.SIGNAL_PATH]]).connect(
                    getattr(module, receiver[PluginSignals.RECEIVER_FUNC_NAME]),
                    dispatch_uid=receiver.get(PluginSignals.DISPATCH_UID))
