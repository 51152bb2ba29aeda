"""Test settings: the dev host's settings (plugin loaded through the real edx-django-utils loader), made quick."""
import tempfile

from .settings import *  # noqa: F401,F403 pylint: disable=wildcard-import,unused-wildcard-import

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="ce-test-media-")
CE_RECORDS_ROOT = tempfile.mkdtemp(prefix="ce-test-records-")
DATABASES["default"]["NAME"] = ":memory:"  # noqa: F405
DEBUG = False
