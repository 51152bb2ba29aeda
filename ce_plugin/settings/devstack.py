"""Settings for a developer's LMS (devstack / Tutor dev), applied after ``common``."""
from ce_plugin.settings.common import plugin_settings as common_settings


def plugin_settings(settings):
    """A developer's LMS uses the common defaults."""
    common_settings(settings)
