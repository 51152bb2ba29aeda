"""The JavaScript translation catalog of the CE pages (``djangojs`` domain of this package only)."""
from pathlib import Path

from django.conf import settings
from django.views.i18n import JavaScriptCatalog

from ce_plugin.assets import locale_root


class CEJavaScriptCatalog(JavaScriptCatalog):
    """
    Django's catalog view, reading the plugin's own catalogs wherever the plugin is installed from.

    Where the platform pulled the plugin's translations from openedx-translations (OEP-58: its
    ``pull_plugin_translations`` command writes ``conf/plugins-locale/plugins/ce_plugin`` and adds that folder
    to ``LOCALE_PATHS``), they are read after the bundled catalogs and so take precedence, as they do for the
    strings of the Python code and templates.
    """

    def get_paths(self, packages):
        pulled = [str(path) for path in getattr(settings, "LOCALE_PATHS", ()) if Path(str(path)).name == "ce_plugin"]
        return [str(locale_root()), *pulled]
