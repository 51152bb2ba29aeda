"""Studio URLs of the CE plugin, mounted under ``^ce/`` in the ``ce_plugin`` namespace by the plugin loader."""
from ce_plugin.urls_staff import STAFF_URLS

app_name = "ce_plugin"

urlpatterns = [*STAFF_URLS]
