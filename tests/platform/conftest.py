"""
Fixtures of the in-platform suite, run by ``make platform-test`` inside an openedx-platform checkout's test
environment with the platform's own settings (``lms.envs.test``, ``cms.envs.test``), fixtures and factories.

What the platform's root ``conftest.py`` gives its own tests is taken from the platform (``cms/conftest.py``),
not rewritten here. The suite needs MongoDB for the modulestore; where no server answers at the address the
platform's test settings use, the platform's ``pymongo.MongoClient`` is given ``mongomock``'s in-process one.
"""
import os
import socket

MONGO = (os.environ.get("EDXAPP_TEST_MONGO_HOST", "localhost"), int(os.environ.get("EDXAPP_TEST_MONGO_PORT", "27017")))


def _mongo_answers() -> bool:
    try:
        with socket.create_connection(MONGO, timeout=0.5):
            return True
    except OSError:
        return False


def _use_mongomock():
    """Give the platform an in-process MongoDB: ``pymongo.MongoClient`` and GridFS from ``mongomock``."""
    import mongomock
    import mongomock.database
    import mongomock.gridfs
    import pymongo

    pymongo.MongoClient = mongomock.MongoClient
    mongomock.gridfs.enable_gridfs_integration()
    command = mongomock.database.Database.command

    def answer_handshakes(self, name, *args, **kwargs):
        # The modulestore checks its connection with ``ismaster`` (xmodule/modulestore/mongo/base.py).
        key = name if isinstance(name, str) else next(iter(name))
        if key in ("ismaster", "isMaster", "hello"):
            return {"ok": 1.0, "ismaster": True, "isWritablePrimary": True}
        return command(self, name, *args, **kwargs)

    mongomock.database.Database.command = answer_handshakes


MONGO_MODE = "MongoDB at {}:{}".format(*MONGO)
if not _mongo_answers():
    MONGO_MODE = f"mongomock (no MongoDB answers at {MONGO[0]}:{MONGO[1]})"
    _use_mongomock()

# The platform's root conftest.py: its fixtures and hooks (it takes them from cms/conftest.py too).
from cms.conftest import _django_clear_site_cache, no_webpack_loader, pytest_configure  # noqa: E402,F401


def pytest_report_header(config):
    return f"CE plugin in-platform suite; modulestore on {MONGO_MODE}"

