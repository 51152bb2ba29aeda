"""Test settings: the dev host's settings (plugin loaded through the real edx-django-utils loader), made quick."""
import tempfile

from .settings import *  # noqa: F401,F403 pylint: disable=wildcard-import,unused-wildcard-import

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="ce-test-media-")
CE_RECORDS_ROOT = tempfile.mkdtemp(prefix="ce-test-records-")
DATABASES["default"]["NAME"] = ":memory:"  # noqa: F405
# The dev host opens SQLite transactions IMMEDIATE to serialise its writers; the suite proves row locks on
# MariaDB instead (tests/test_row_locks.py), so the in-process test database keeps SQLite's default.
DATABASES["default"]["OPTIONS"] = {"timeout": 30}  # noqa: F405
DEBUG = False
