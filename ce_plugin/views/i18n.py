"""The JavaScript translation catalog of the CE pages (``djangojs`` domain of this package only)."""
from django.views.i18n import JavaScriptCatalog

from ce_plugin.assets import locale_root


class CEJavaScriptCatalog(JavaScriptCatalog):
    """Django's catalog view, reading the plugin's own catalogs wherever the plugin is installed from."""

    def get_paths(self, packages):
        return [str(locale_root())]
