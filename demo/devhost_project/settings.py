"""
Settings of the dev host: a small Django project that loads ``ce_plugin`` the way the LMS does.

The CE app is not listed by hand: ``get_plugin_apps('lms.djangoapp')`` finds it through the
installed distribution's entry points, ``add_plugins`` applies its settings and
``get_plugin_url_patterns`` mounts its URLs, exactly like ``lms/envs/common.py`` and ``lms/urls.py``.
"""
import os
from pathlib import Path

from edx_django_utils.plugins import add_plugins, get_plugin_apps

LMS = "lms.djangoapp"
DEMO_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = os.environ.get("DEVHOST_SECRET_KEY", "devhost-only-not-a-secret")
DEBUG = os.environ.get("DEVHOST_DEBUG", "1") == "1"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "devhost_platform",
    "devhost",
]
INSTALLED_APPS.extend(get_plugin_apps(LMS))

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
ROOT_URLCONF = "devhost_project.urls"
# Template engines as the LMS and Studio set them up (``lms/envs/common.py``, ``cms/envs/common.py``):
# the Django engine's loaders hand out nameless templates, as edxmako's do, and a second, non-Django
# engine sees templates the Django engine does not, as Studio's Mako "preview" engine alone sees the
# LMS's ``main_django.html``.
TEMPLATES = [
    {
        "NAME": "django",
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": False,
        "OPTIONS": {
            "loaders": [
                "devhost.template_loaders.NamelessFilesystemLoader",
                "devhost.template_loaders.NamelessAppDirectoriesLoader",
            ],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
    {
        "NAME": "preview",
        "BACKEND": "django.template.backends.dummy.TemplateStrings",
        "DIRS": [str(DEMO_DIR / "devhost" / "lms_templates")],
        "APP_DIRS": False,
    },
]
WSGI_APPLICATION = "devhost_project.wsgi.application"

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("DEVHOST_DB", str(DEMO_DIR / "devhost.sqlite3")),
        # IMMEDIATE: a transaction takes SQLite's write lock when it starts, so the claim's
        # select_for_update() serialises writers as MySQL's row locks do in the LMS.
        "OPTIONS": {"timeout": 30, "transaction_mode": "IMMEDIATE"},
    }
}
# `make stack` (scripts/stack): MariaDB on a private socket, as the LMS runs MySQL, with mysqlclient.
if os.environ.get("DEVHOST_MYSQL_SOCKET"):
    DATABASES["default"] = {
        "ENGINE": "django.db.backends.mysql", "NAME": os.environ.get("DEVHOST_MYSQL_DB", "ce_stack"),
        "USER": "root", "PASSWORD": "", "HOST": os.environ["DEVHOST_MYSQL_SOCKET"], "CONN_MAX_AGE": 60,
        "OPTIONS": {"charset": "utf8mb4", "isolation_level": "repeatable read"},
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# One cache for every process: Redis under `make stack` (as the LMS shares memcached or Redis), else in memory.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                      "LOCATION": os.environ["DEVHOST_REDIS_CACHE"]}} if os.environ.get("DEVHOST_REDIS_CACHE") else {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

LANGUAGE_CODE = "en"
# The languages the plugin ships complete, and the test language that marks every translated string.
LANGUAGES = [("en", "English"), ("es", "Español"), ("fr", "Français"), ("eo", "Esperanto (test strings)")]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = str(DEMO_DIR / "staticfiles")
MEDIA_URL = "/media/"
MEDIA_ROOT = os.environ.get("DEVHOST_MEDIA_ROOT", str(DEMO_DIR / "media"))
# Statements and report files: the plugin's private records storage, outside MEDIA_ROOT (served at /media/).
CE_RECORDS_ROOT = os.environ.get("DEVHOST_RECORDS_ROOT", str(DEMO_DIR / "records"))

# The plugin's assets and catalogs are found as the app's own (ce_plugin/static, ce_plugin/locale), as in the LMS.

# Celery: eager by default (no broker to run); DEVHOST_CELERY_BROKER points at a real one: Redis, the LMS's
# broker, under `make stack` ("redis+socket://<socket>"), or "filesystem://" with DEVHOST_CELERY_FOLDER, a broker
# that needs no server (used by the worker tests).
CELERY_BROKER_URL = os.environ.get("DEVHOST_CELERY_BROKER", "memory://")
CELERY_TASK_ALWAYS_EAGER = "DEVHOST_CELERY_BROKER" not in os.environ
if CELERY_BROKER_URL.startswith("filesystem://"):
    _folder = Path(os.environ.get("DEVHOST_CELERY_FOLDER", DEMO_DIR / "celery-broker"))
    for _name in ("queue", "processed"):
        (_folder / _name).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {"data_folder_in": str(_folder / "queue"),
                                       "data_folder_out": str(_folder / "queue"),
                                       "processed_folder": str(_folder / "processed"),
                                       "control_folder": str(_folder / "control")}
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = os.environ.get("DEVHOST_CELERY_RESULTS", "cache+memory://")

LOGIN_URL = "/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# The dev host is its own platform: ce_plugin.compat answers from devhost_platform's tables,
# and CE pages extend the dev host's base template instead of the LMS's main_django.html.
CE_PLATFORM_BACKEND = "devhost_platform.backend"
CE_BASE_TEMPLATE = "devhost/base.html"
CE_VERIFY_BASE_URL = os.environ.get("DEVHOST_BASE_URL", "http://127.0.0.1:8000")

add_plugins(__name__, LMS, "common")
add_plugins(__name__, LMS, "devstack")
