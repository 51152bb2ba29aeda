"""LMS URLs of the CE plugin, mounted under ``^ce/`` in the ``ce_plugin`` namespace by the plugin loader."""
from django.urls import path

from ce_plugin import converters  # noqa: F401  (registers the ``ce_course`` converter)
from ce_plugin.views import learner, studio

app_name = "ce_plugin"

urlpatterns = [
    path("courses/<ce_course:course_key>/", learner.activity_overview, name="activity"),
    path("api/v1/courses/<ce_course:course_key>/sessions/", studio.session_list, name="session-list"),
]
