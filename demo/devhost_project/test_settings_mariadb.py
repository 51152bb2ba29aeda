"""
Test settings on MariaDB (the closest MySQL 8 stand-in Debian has), with mysqlclient as the LMS uses it.

``scripts/mariadb start`` runs the server on a private socket, whose path ``CE_TEST_MARIADB_SOCKET`` gives.
"""
import os

from .test_settings import *  # noqa: F401,F403 pylint: disable=wildcard-import,unused-wildcard-import

DATABASES = {  # noqa: F405
    "default": {
        "ENGINE": "django.db.backends.mysql",
        "NAME": "ce_portal",
        "USER": "root",
        "PASSWORD": "",
        "HOST": os.environ.get("CE_TEST_MARIADB_SOCKET", "/tmp/ce-mariadb/mysqld.sock"),
        "OPTIONS": {"charset": "utf8mb4", "isolation_level": "repeatable read"},
        "TEST": {"NAME": "test_ce_portal", "CHARSET": "utf8mb4", "COLLATION": "utf8mb4_unicode_ci"},
    }
}
