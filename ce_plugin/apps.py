"""
Django application configuration, registered with the LMS and Studio plugin loader.

The ``plugin_app`` dictionary follows the edx-django-utils plugin contract
(``edx_django_utils.plugins``, v5.10 to v8.x; used by openedx-platform master and
release/ulmo through ``get_plugin_apps``/``add_plugins``/``get_plugin_url_patterns``
in ``lms/envs/common.py``, ``cms/envs/common.py`` and ``lms/urls.py``/``cms/urls.py``).
Project and settings types are written as the literal values the platform's
``openedx.core.djangoapps.plugins.constants.ProjectType``/``SettingsType`` hold,
because those constants live in edx-platform, which this package must not import.
"""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from edx_django_utils.plugins import PluginSettings, PluginSignals, PluginURLs

LMS = "lms.djangoapp"
CMS = "cms.djangoapp"


def _settings_config():
    """Every settings type the platform applies, pointing at ``ce_plugin.settings.<type>``."""
    per_type = {
        kind: {PluginSettings.RELATIVE_PATH: f"settings.{kind}"}
        for kind in ("common", "production", "test", "devstack")
    }
    return {LMS: dict(per_type), CMS: dict(per_type)}


class CEPluginConfig(AppConfig):
    """CE Portal plugin: activities, sessions, claims, statements of credit."""

    name = "ce_plugin"
    label = "ce_plugin"
    verbose_name = _("Continuing education credit")
    default_auto_field = "django.db.models.BigAutoField"

    plugin_app = {
        PluginURLs.CONFIG: {
            LMS: {
                PluginURLs.NAMESPACE: "ce_plugin",
                PluginURLs.REGEX: r"^ce/",
                PluginURLs.RELATIVE_PATH: "urls",
            },
            CMS: {
                PluginURLs.NAMESPACE: "ce_plugin",
                PluginURLs.REGEX: r"^ce/",
                PluginURLs.RELATIVE_PATH: "urls_cms",
            },
        },
        PluginSettings.CONFIG: _settings_config(),
        PluginSignals.CONFIG: {
            CMS: {
                PluginSignals.RELATIVE_PATH: "handlers",
                PluginSignals.RECEIVERS: [{
                    PluginSignals.RECEIVER_FUNC_NAME: "course_published",
                    PluginSignals.SIGNAL_PATH: "xmodule.modulestore.django.COURSE_PUBLISHED",
                    PluginSignals.DISPATCH_UID: "ce_plugin.handlers.course_published",
                }],
            },
            LMS: {
                PluginSignals.RELATIVE_PATH: "handlers",
                PluginSignals.RECEIVERS: [{
                    PluginSignals.RECEIVER_FUNC_NAME: "retire_user_data",
                    PluginSignals.SIGNAL_PATH: "openedx.core.djangoapps.user_api.accounts.signals.USER_RETIRE_LMS_MISC",
                    PluginSignals.DISPATCH_UID: "ce_plugin.handlers.retire_user_data",
                }],
            },
        },
    }

    def ready(self):
        """Connect the openedx-events receivers (the openedx-events package is installed wherever we are)."""
        from openedx_events.learning.signals import CERTIFICATE_REVOKED  # pylint: disable=import-outside-toplevel

        from ce_plugin import checks, handlers  # noqa: F401 pylint: disable=import-outside-toplevel,unused-import
        CERTIFICATE_REVOKED.connect(handlers.certificate_revoked, dispatch_uid="ce_plugin.certificate_revoked")
