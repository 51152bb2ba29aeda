"""
Defaults for every environment. Applied by ``add_plugins(..., 'common')`` at the end of
the LMS/Studio ``envs/common.py``; values an operator already set are kept.
"""


def set_default(settings, name, value):
    """Set ``settings.<name>`` unless the operator (or an earlier settings module) already did."""
    if not hasattr(settings, name):
        setattr(settings, name, value)


def plugin_settings(settings):
    """Inject the CE plugin defaults into ``settings``."""
    # .. setting_name: CE_PLATFORM_BACKEND
    # .. setting_default: 'openedx'
    # .. setting_description: Which implementation of ``ce_plugin.compat`` talks to the platform:
    #   ``openedx`` (inside the LMS/Studio) or ``standalone`` (the dev host's own tables, for
    #   ``demo/`` and tests). A dotted path to a module with the same functions is accepted too.
    set_default(settings, "CE_PLATFORM_BACKEND", "openedx")
    # .. setting_name: CE_BASE_TEMPLATE
    # .. setting_default: 'main_django.html'
    # .. setting_description: The template learner and staff pages extend. The LMS's
    #   ``main_django.html`` gives them the platform header, footer, theme and language.
    set_default(settings, "CE_BASE_TEMPLATE", "main_django.html")
    # .. setting_name: CE_CLAIM_ATTEMPT_LIMIT
    # .. setting_default: 5
    # .. setting_description: Wrong attendance codes a learner may enter per
    #   ``CE_CLAIM_ATTEMPT_WINDOW`` seconds before further attempts are refused.
    set_default(settings, "CE_CLAIM_ATTEMPT_LIMIT", 5)
    # .. setting_name: CE_CLAIM_ATTEMPT_WINDOW
    # .. setting_default: 900
    # .. setting_description: Length in seconds of the attendance-code throttling window.
    set_default(settings, "CE_CLAIM_ATTEMPT_WINDOW", 900)
