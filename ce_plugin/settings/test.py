"""Settings for the platform's test environment (``lms/envs/test.py``)."""
from ce_plugin.settings.common import plugin_settings as common_settings


def plugin_settings(settings):
    """Tests inside the LMS use the same defaults as production."""
    common_settings(settings)
