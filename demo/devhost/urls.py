"""Dev host pages: home, course, unit, and the XBlock handler endpoint."""
from django.urls import path, re_path

from . import views

app_name = "devhost"

urlpatterns = [
    path("", views.home, name="home"),
    path("ping/", views.ping, name="ping"),
    path("courses/<str:course_key>/", views.course, name="course"),
    path("courses/<str:course_key>/about", views.about_course, name="about_course"),
    path("courses/<str:course_key>/units/<int:unit_id>/", views.unit, name="unit"),
    path("courses/<str:course_key>/units/<int:unit_id>/edit/", views.edit_unit, name="edit-unit"),
    path("courses/<str:course_key>/publish/", views.publish, name="publish"),
    re_path(r"^courses/(?P<course_id>[^/]+)/jump_to/(?P<location>.+)$", views.jump_to, name="jump_to"),
    re_path(r"^certificates/user/(?P<user_id>\d+)/course/(?P<course_id>[^/]+)$", views.certificate,
            name="certificate"),
    re_path(r"^xblock/(?P<usage_key>[^/]+)/handler/(?P<handler>[\w]+)/?(?P<suffix>.*)$",
            views.xblock_handler, name="xblock-handler"),
]
