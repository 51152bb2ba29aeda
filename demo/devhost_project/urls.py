"""URLs of the dev host; the CE plugin's URLs come from ``get_plugin_url_patterns`` as in ``lms/urls.py``."""
import os

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.staticfiles import views as staticfiles_views
from django.contrib.staticfiles.urls import staticfiles_urlpatterns
from django.urls import include, path, re_path
from edx_django_utils.plugins import get_plugin_url_patterns

urlpatterns = [
    path("admin/", admin.site.urls),
    path("login/", auth_views.LoginView.as_view(template_name="devhost/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),  # set_language, as the LMS mounts it
    path("", include("devhost.urls")),
]
urlpatterns.extend(get_plugin_url_patterns("lms.djangoapp"))
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
if settings.DEBUG or os.environ.get("DEVHOST_SERVE_STATIC"):  # gunicorn under `make stack` serves no static files
    urlpatterns += staticfiles_urlpatterns() if settings.DEBUG else [
        re_path(r"^static/(?P<path>.*)$", staticfiles_views.serve, {"insecure": True})]
