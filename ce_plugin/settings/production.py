"""
Production overrides. Applied by ``add_plugins(..., 'production')`` at the end of the
LMS/Studio ``envs/production.py``, after the operator's YAML configuration was read, so
a value set there (e.g. through Tutor's ``OPENEDX_LMS_*`` patches) wins over the default.
The filter steps are added again here, because that YAML may replace ``OPEN_EDX_FILTERS_CONFIG``.
"""
from ce_plugin.settings.common import plugin_settings as common_settings


def plugin_settings(settings):
    """Production uses the common defaults; the operator's own values are kept."""
    common_settings(settings)
